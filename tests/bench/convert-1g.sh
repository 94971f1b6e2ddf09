#!/bin/sh
# convert-1g.sh [UNIBITS] - peak memory and time of converting a
# generated 1 GB file, next to glibc iconv and ICU uconv on the same
# file.  Run by `make bench-memory` (not part of `make check`).
#
# The input is the UTF-8 samples of data/conv/ doubled until it holds
# at least SIZE bytes (1 GB; whole samples only, so about 1.04 GB),
# written to $BENCH_DIR (default $TMPDIR or /tmp) and removed at the
# end; it is never committed.  The conversion is UTF-8 -> GB18030, which
# goes through ICU in unibits; a built-in conversion (UTF-8 -> UTF-16LE)
# is measured too.  Peak RSS comes from GNU time (%M, KiB), installed
# with apt-get when missing and we are root.  Outputs are compared by
# checksum, so the three tools must agree byte for byte.  Wall time
# depends on what else runs; user CPU time much less.
#
# Fails (exit 1) if unibits' peak RSS reaches LIMIT_KIB (16 MiB).
set -eu
top=$(cd "$(dirname "$0")/../.." && pwd)
unibits=${1:-$top/build/unibits}
dir=${BENCH_DIR:-${TMPDIR:-/tmp}}/unibits-bench.$$
LIMIT_KIB=${LIMIT_KIB:-16384}
SIZE=${SIZE:-1000000000}

if [ ! -x /usr/bin/time ]; then
	if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
		echo "convert-1g: installing GNU time" >&2
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq time \
			>/dev/null 2>&1 ||
			{ apt-get update -qq >/dev/null 2>&1 &&
			  apt-get install -y -qq time >/dev/null 2>&1; }
	fi
	[ -x /usr/bin/time ] || {
		echo "convert-1g: needs GNU time: apt-get install time" >&2
		exit 2
	}
fi

mkdir -p "$dir"
trap 'rm -rf "$dir"' EXIT INT TERM

# Whole samples, doubled until the file reaches SIZE, so no character
# is ever cut.
cat "$top"/data/conv/*.utf8 >"$dir/seed"
cp "$dir/seed" "$dir/in"
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
		<"$dir/in"; } | cksum)
	set -- $(cat "$dir/time")
	printf '%-18s %10s KiB %8s s %8s s   %s\n' "$name" "$1" "$2" "$3" \
		"$sum"
	echo "$1" >"$dir/rss.$name"
}

printf 'input: %s bytes of UTF-8 (%s)\n' "$bytes" "$(uname -m)"
printf '%-18s %14s %10s %10s   %s\n' tool "peak RSS" wall "user CPU" \
	"output cksum"
run unibits-gb18030 "$unibits" convert -f UTF-8 -t GB18030
run uconv-gb18030 uconv -f UTF-8 -t GB18030
run iconv-gb18030 iconv -f UTF-8 -t GB18030
run unibits-utf16le "$unibits" convert -f UTF-8 -t UTF-16LE
run iconv-utf16le iconv -f UTF-8 -t UTF-16LE

rc=0
for t in unibits-gb18030 unibits-utf16le; do
	if [ "$(cat "$dir/rss.$t")" -ge "$LIMIT_KIB" ]; then
		echo "convert-1g: $t peaked at $(cat "$dir/rss.$t") KiB," \
		     "over $LIMIT_KIB" >&2
		rc=1
	fi
done
exit $rc
