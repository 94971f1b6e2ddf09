detect --json data/detect/fr.utf-8-damaged.txt data/detect/pl.utf-16be.txt -
