table --json ascii --range 8-13
