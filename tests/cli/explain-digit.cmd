explain 4
