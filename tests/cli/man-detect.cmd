detect data/detect/fr.windows-1252.txt data/detect/ja.utf-16be.txt
