fix --json -
