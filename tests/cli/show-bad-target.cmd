show -t utf-8,nonesuch x
