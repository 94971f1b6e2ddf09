lookup 'C3 A9'
