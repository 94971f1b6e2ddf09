table --range=0x7E-0x81 --json US-ASCII
