encodings koi8-r no-such-charset
