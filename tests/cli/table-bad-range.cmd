table ascii --range 0-128
