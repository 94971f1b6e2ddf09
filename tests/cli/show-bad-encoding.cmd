show -e no-such-charset x
