detect no/such/file tests/cli data/detect/en.us-ascii.txt
