lookup 4 42
