show -t utf-8,utf-16,cp1252,shift_jis,gb18030,iso-2022-jp 'Aé€日本😀z'
