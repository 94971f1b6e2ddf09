convert -f UTF-8 -t UTF-16LE tests/cli/no-such-file
