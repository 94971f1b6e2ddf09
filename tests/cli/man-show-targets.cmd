show -t utf-8,utf-16le,latin1 'naïve €5'
