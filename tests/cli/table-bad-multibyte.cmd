table utf-8
