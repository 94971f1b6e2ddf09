validate tests/cli/validate-all.in data/detect/fr.utf-8.txt no/such/file tests/cli -
