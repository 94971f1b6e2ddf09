validate --all --frobnicate
