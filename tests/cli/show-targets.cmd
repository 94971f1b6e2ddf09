show -t utf-8,utf-16,utf-16le,latin1,ascii 'Aé€😀'
