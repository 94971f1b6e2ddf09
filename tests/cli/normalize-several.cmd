normalize --form=NFD tests/cli/normalize-nfc.in no/such/file tests/cli -
