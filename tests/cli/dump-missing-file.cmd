dump tests/cli/no-such-file
