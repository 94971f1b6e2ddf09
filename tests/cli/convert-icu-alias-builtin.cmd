convert -f ibm-1208 -t ucs-2le
