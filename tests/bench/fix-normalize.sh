#!/bin/sh
# fix-normalize.sh [UNIBITS] - peak memory and time of `unibits
# normalize` (next to ICU's uconv -x Any-NFx on the same file, outputs
# compared by checksum) and of `unibits fix`, on a generated file of
# SIZE bytes (default 256 MB).  Run by `make bench-text` (not part of
# `make check`).
#
# The input is the UTF-8 samples of data/detect/ and data/mojibake.txt
# (correct text in many scripts, and mojibake), doubled until it holds
# SIZE bytes, written to $BENCH_DIR (default $TMPDIR or /tmp) and
# removed at the end.  Fails (exit 1) if unibits' peak RSS reaches
# LIMIT_KIB (16 MiB) or an output differs from uconv's.
set -eu
top=$(cd "$(dirname "$0")/../.." && pwd)
unibits=${1:-$top/build/unibits}
dir=${BENCH_DIR:-${TMPDIR:-/tmp}}/unibits-bench-text.$$
LIMIT_KIB=${LIMIT_KIB:-16384}
SIZE=${SIZE:-256000000}

[ -x /usr/bin/time ] || {
	echo "fix-normalize: needs GNU time: apt-get install time" >&2
	exit 2
}
mkdir -p "$dir"
trap 'rm -rf "$dir"' EXIT INT TERM

cat "$top"/data/detect/*.utf-8.txt "$top"/data/mojibake.txt >"$dir/in"
while [ "$(stat -c %s "$dir/in")" -lt "$SIZE" ]; do
	cat "$dir/in" "$dir/in" >"$dir/in2"
	mv "$dir/in2" "$dir/in"
done
bytes=$(stat -c %s "$dir/in")

# run NAME COMMAND...: time COMMAND (its stdout checksummed).
run() {
	name=$1
	shift
	sum=$( { /usr/bin/time -f '%M %e %U' -o "$dir/time" "$@" \
		<"$dir/in" 2>/dev/null; } | cksum)
	set -- $(tail -n 1 "$dir/time")
	printf '%-18s %10s KiB %8s s %8s s   %s\n' "$name" "$1" "$2" "$3" \
		"$sum"
	echo "$1" >"$dir/rss.$name"
	echo "$sum" >"$dir/sum.$name"
}

printf 'input: %s bytes of UTF-8 (%s)\n' "$bytes" "$(uname -m)"
printf '%-18s %14s %10s %10s   %s\n' tool "peak RSS" wall "user CPU" \
	"output cksum"
rc=0
for f in NFC NFD NFKC NFKD; do
	run "unibits-$f" "$unibits" normalize --form=$f
	run "uconv-$f" uconv -f utf-8 -t utf-8 -x "Any-$f"
	if ! cmp -s "$dir/sum.unibits-$f" "$dir/sum.uconv-$f"; then
		echo "fix-normalize: $f differs from uconv" >&2
		rc=1
	fi
done
run unibits-fix "$unibits" fix

for t in "$dir"/rss.unibits-*; do
	if [ "$(cat "$t")" -ge "$LIMIT_KIB" ]; then
		echo "fix-normalize: ${t##*/rss.} peaked at $(cat "$t") KiB," \
		     "over $LIMIT_KIB" >&2
		rc=1
	fi
done
exit $rc
