validate data/detect/fr.utf-8-damaged.txt
