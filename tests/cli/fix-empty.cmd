fix tests/cli/fix-empty.in -
