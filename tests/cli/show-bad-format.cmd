show --format '%c %nope' x
