show --bogus x
