dump --color=always -
