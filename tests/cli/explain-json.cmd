explain --json é 😀 4 42 U+20AC 'euro sign' U+10FFFF
