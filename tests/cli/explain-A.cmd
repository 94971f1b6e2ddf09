explain A
