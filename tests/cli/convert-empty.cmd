convert -f UTF-8 -t UTF-16 tests/cli/convert-empty.in -
