convert -f windows-1252 -t UTF-16 data/conv/fr.windows-1252 - data/conv/fr.windows-1252
