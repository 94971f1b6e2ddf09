explain 233
