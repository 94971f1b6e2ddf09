validate -e NO-SUCH-ENCODING data/detect/fr.utf-8.txt
