show --json 'Aé Ωж 中 😀👍🏽 é'
