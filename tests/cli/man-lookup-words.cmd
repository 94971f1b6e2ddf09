lookup greek small alpha
