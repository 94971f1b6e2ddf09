explain U+1F600
