fix -n data/sample-utf8.txt
