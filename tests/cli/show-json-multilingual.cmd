show --json -f data/sample-multilingual.txt
