validate -e ascii
