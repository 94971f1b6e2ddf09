show -f tests/cli/show-empty.in
