detect tests/cli/detect-json.in tests/cli/validate-expected-cont.in
