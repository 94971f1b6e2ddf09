convert -f UTF-8 -t no-such-charset
