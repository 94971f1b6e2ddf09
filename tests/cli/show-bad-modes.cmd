show --json --forms x
