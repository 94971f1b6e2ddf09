lookup -e cp1252 '80 E9' U+00E9
