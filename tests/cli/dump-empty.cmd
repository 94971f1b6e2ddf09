dump tests/cli/dump-empty.in
