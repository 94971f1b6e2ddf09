convert -f UTF-8 -t UTF-16LE tests/cli/normalize-nfc.in no/such/file tests/cli -
