fix no-such-file
