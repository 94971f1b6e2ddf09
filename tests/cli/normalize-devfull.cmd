normalize --form=NFD -o /dev/full
