validate -e UTF-16LE --all
