detect -
