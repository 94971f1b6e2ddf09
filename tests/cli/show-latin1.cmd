show -e latin1
