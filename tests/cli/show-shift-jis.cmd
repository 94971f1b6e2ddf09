show -e shift_jis
