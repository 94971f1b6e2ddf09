table latin1
