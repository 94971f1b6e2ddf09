convert -f auto -t UTF-8 data/detect/fr.utf-16be.txt data/detect/fr.utf-32le-bom.txt -
