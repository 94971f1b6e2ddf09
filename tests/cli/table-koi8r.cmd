table koi8-r
