lookup --json U+00E9 'C3 A9 FF'
