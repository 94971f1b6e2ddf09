dump -e nonesuch -
