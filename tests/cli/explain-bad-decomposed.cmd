explain 'é'
