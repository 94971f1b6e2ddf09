show -f tests/cli/show-controls.in
