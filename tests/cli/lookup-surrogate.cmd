lookup U+D800
