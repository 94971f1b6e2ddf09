explain --color=always A
