show --color=sometimes x
