table shift_jis
