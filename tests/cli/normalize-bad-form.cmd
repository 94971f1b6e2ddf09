normalize --form=NFX
