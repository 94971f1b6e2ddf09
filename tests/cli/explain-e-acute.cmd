explain é
