show --json
