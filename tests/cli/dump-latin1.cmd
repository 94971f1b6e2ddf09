dump -e latin1 -
