show -f -
