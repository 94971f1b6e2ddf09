explain U+1F600 0x7F
