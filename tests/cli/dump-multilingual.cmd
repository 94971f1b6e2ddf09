dump data/sample-multilingual.txt
