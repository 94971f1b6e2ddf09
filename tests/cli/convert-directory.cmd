convert -f Shift_JIS -t UTF-8 data
