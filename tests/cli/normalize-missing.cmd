normalize --form=NFC no-such-file
