lookup U+110000
