convert -f no-such-charset -t UTF-8
