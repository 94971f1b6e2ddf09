explain "euro sign" "line feed"
