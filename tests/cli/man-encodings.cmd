encodings latin2
