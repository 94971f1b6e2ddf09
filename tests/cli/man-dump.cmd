dump tests/cli/man-dump.in
