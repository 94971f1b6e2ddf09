fix --verbose
