normalize --form=NFKC --casefold
