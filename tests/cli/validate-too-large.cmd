validate --all
