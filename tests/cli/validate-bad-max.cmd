validate --max-errors=0 tests/cli/validate-all.in
