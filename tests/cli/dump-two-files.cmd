dump a b
