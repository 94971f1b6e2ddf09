convert -f auto -t UTF-8 data/detect/ru.utf-16le.txt
