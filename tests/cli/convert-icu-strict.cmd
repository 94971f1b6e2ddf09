convert -f UTF-8 -t KOI8-R
