convert --dry-run -f UTF-8 -t ISO-8859-2 -o tests/cli/never-written
