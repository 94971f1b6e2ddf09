convert -f GB18030 -t UTF-8 --on-error=replace -
