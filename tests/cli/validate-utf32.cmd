validate -e UTF-32BE --all
