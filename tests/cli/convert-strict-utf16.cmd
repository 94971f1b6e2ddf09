convert -f UTF-8 -t UTF-16
