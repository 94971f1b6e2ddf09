fix tests/cli/fix-cafe.in no/such/file tests/cli -
