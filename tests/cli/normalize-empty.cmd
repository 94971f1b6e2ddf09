normalize --form=NFC tests/cli/normalize-empty.in -
