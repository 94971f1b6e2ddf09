normalize --form=nfd
