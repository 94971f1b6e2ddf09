convert -f UTF-16 -t UTF-8
