show --color=always 'é'
