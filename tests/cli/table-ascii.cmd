table ascii
