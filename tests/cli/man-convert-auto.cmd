convert -f auto -t utf-8 data/detect/ru.utf-16le.txt
