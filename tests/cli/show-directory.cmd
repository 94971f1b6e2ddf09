show -f tests/cli
