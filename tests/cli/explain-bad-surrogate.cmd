explain U+D800
