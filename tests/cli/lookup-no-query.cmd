lookup
