#!/bin/sh
# demo.sh BIN - what `make demo` shows: unibits on the samples in data/.
set -u
bin=$1
run() {
	printf '\n$ unibits %s\n' "$*"
	"$bin" "$@"
}
printf '\n$ unibits convert -f UTF-8 -t UTF-16LE data/sample-utf8.txt | od -An -tx1 | head -3\n'
"$bin" convert -f UTF-8 -t UTF-16LE data/sample-utf8.txt | od -An -tx1 | head -3
run convert -f UTF-8 -t US-ASCII --on-error=escape data/sample-utf8.txt
run explain €
run explain 😀
run explain 4
run table ascii --range 0x30-0x41
printf '\n$ unibits convert -f cp1252 -t utf-8 data/conv/fr.windows-1252 | head -3\n'
"$bin" convert -f cp1252 -t utf-8 data/conv/fr.windows-1252 | head -3
printf '\n$ unibits convert -f cp1252 -t utf-8 data/conv/fr.windows-1252 | unibits convert -f utf-8 -t cp1252 | cmp - data/conv/fr.windows-1252 && echo same bytes\n'
"$bin" convert -f cp1252 -t utf-8 data/conv/fr.windows-1252 |
	"$bin" convert -f utf-8 -t cp1252 | cmp - data/conv/fr.windows-1252 &&
	echo same bytes
run convert --dry-run -f utf-8 -t shift_jis data/sample-utf8.txt
run encodings sjis
exit 0
