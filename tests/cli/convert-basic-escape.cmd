convert -f UTF-8 -t ISO-8859-1 --on-error=escape
