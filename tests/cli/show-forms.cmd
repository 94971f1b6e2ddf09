show --forms 'é é ﬁ ①'
