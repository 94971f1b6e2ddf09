fix -n data/mojibake.txt
