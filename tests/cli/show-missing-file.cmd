show -f tests/cli/no-such-file
