lookup xyzzy plugh
