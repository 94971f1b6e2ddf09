show -f data/sample-utf8.txt x
