lookup euro sign
