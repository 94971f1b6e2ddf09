lookup %F0%9F%98%80
