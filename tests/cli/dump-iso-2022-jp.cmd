dump -e iso-2022-jp -
