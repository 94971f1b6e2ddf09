convert -f auto -t UTF-8
