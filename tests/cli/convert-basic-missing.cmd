convert -f UTF-8 -t UTF-8 tests/cli/no-such-file
