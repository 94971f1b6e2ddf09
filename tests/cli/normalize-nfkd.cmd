normalize --form=nfkd -
