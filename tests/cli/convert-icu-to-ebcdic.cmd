convert -f UTF-8 -t IBM037 --on-error=replace
