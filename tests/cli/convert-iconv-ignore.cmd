convert -f UTF-8 -t windows-1252//IGNORE
