dump -
