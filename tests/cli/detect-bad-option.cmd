detect --bogus
