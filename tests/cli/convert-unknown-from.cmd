convert -f x-nonsense -t UTF-8
