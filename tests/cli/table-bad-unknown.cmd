table no-such-charset
