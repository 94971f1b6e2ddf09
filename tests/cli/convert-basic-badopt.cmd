convert --on-error=maybe
