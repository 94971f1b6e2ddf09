validate --json --all tests/cli/validate-all.in tests/cli/validate-truncated.in data/detect/fr.utf-8.txt
