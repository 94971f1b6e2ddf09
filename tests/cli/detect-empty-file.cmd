detect tests/cli/detect-empty-file.in
