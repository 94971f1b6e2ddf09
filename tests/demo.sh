#!/bin/sh
# demo.sh BIN - what `make demo` shows: unibits on the samples in data/.
# Each command is printed as a user would type it, then run.
set -u
bin=$1
run() {
	printf '\n$ %s\n' "$1"
	unibits() { "$bin" "$@"; }
	eval "$1"
}
# Characters as numbers and bits, from the multilingual sample: its
# emoji line (graphemes of several code points) and its combining marks.
run "unibits show \"\$(sed -n 's/^Emoji: //p' data/sample-multilingual.txt)\""
# The grinning face, bytes 96..99 of the sample.
run "unibits explain \"\$(tail -c +96 data/sample-multilingual.txt | head -c 4)\""
run "unibits show --forms \"\$(sed -n 's/^Combining: //p' data/sample-multilingual.txt)\""
run "unibits show -t utf-8,utf-16le,latin1 \"\$(sed -n 's/^Greek: //p' data/sample-multilingual.txt)\""
run "unibits lookup 'C3 A9 FF'"
run "unibits dump data/sample-multilingual.txt | sed -n '1p;74,82p'"
run "unibits convert -f UTF-8 -t UTF-16LE data/sample-utf8.txt | od -An -tx1 | head -3"
run "unibits convert -f UTF-8 -t US-ASCII --on-error=escape data/sample-utf8.txt"
run "unibits explain 4"
run "unibits table ascii --range 0x30-0x41"
run "unibits detect data/detect/ru.koi8-r.txt data/detect/fr.utf-16le.txt data/detect/fr.utf-8-damaged.txt"
run "printf 'caf\\303\\203\\302\\251\\n' | unibits fix"
run "unibits convert -f cp1252 -t utf-8 data/conv/fr.windows-1252 | head -3"
run "unibits convert -f cp1252 -t utf-8 data/conv/fr.windows-1252 | unibits convert -f utf-8 -t cp1252 | cmp - data/conv/fr.windows-1252 && echo same bytes"
run "unibits convert --dry-run -f utf-8 -t shift_jis data/sample-utf8.txt"
run "unibits encodings sjis"
exit 0
