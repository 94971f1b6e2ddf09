show -e utf-16 -f tests/cli/show-utf16-bom.in
