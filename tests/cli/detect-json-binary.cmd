detect --json tests/cli/detect-binary.in tests/cli/detect-empty.cmd
