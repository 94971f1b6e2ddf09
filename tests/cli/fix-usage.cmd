fix --bogus
