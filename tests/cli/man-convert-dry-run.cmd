convert --dry-run -f utf-8 -t cp1252 data/sample-utf8.txt
