convert -f UTF-8 -t UTF-8 -o /dev/full
