explain --color=sometimes A
