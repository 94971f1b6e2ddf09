validate -e latin1 data/detect/fr.windows-1252.txt
