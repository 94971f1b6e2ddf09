normalize --form=NFC
