fix -o /dev/full
