table latin1 --range=160-165
