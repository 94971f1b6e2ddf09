fix -
