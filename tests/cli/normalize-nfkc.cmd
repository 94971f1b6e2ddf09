normalize --form=nfkc -
