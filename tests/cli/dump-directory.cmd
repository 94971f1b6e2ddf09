dump tests/cli
