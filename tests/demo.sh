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
exit 0
