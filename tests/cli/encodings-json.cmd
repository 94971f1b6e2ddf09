encodings --json l2 csKOI8R
