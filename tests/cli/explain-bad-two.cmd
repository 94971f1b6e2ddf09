explain ab
