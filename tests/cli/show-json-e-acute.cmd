show --json 'é'
