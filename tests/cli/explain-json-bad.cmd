explain --json A U+D800
