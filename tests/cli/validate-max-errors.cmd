validate --max-errors=2 tests/cli/validate-all.in
