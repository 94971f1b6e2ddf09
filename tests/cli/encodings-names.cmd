encodings cp1252 sjis latin1 ibm-1208 ebcdic-cp-us
