dump -e shift_jis -
