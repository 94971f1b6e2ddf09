validate tests/cli/validate-empty.in -
