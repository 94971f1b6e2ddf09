dump -e utf-16 tests/cli/dump-utf16.in
