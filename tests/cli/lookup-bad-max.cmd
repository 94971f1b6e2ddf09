lookup -n -1 a
