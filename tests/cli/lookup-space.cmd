lookup ' '
