validate data/detect/fr.utf-8.txt data/detect/en.us-ascii.txt
