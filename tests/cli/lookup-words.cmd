lookup -n 5 greek small alpha
