#!/bin/sh
# read-256m.sh [UNIBITS [OTHER]] - peak memory and time of validate,
# detect and dump on a generated 256 MiB UTF-8 file (of OTHER too, an
# older build say, when given, for a before/after).  Run by `make
# bench-read` (not part of `make check`).
#
# The input is the texts of data/bench/ doubled until they pass SIZE
# bytes, then cut at the last line end before SIZE, so no character is
# cut; it is written to $BENCH_DIR (default $TMPDIR or /tmp) and removed
# at the end.  dump writes about 50 bytes a byte (some 13 GB here) to
# /dev/null; DUMP=0 leaves it out.  Peak RSS comes from GNU time (%M,
# KiB).  Wall time depends on what else runs; user CPU time much less.
#
# Fails (exit 1) if a peak RSS of UNIBITS reaches LIMIT_KIB (16 MiB):
# these commands read in blocks and must not grow with the input.
set -eu
top=$(cd "$(dirname "$0")/../.." && pwd)
unibits=${1:-$top/build/unibits}
other=${2:-}
dir=${BENCH_DIR:-${TMPDIR:-/tmp}}/unibits-read.$$
LIMIT_KIB=${LIMIT_KIB:-16384}
SIZE=${SIZE:-268435456}
DUMP=${DUMP:-1}

[ -x /usr/bin/time ] || {
	echo "read-256m: needs GNU time: apt-get install time" >&2
	exit 2
}
mkdir -p "$dir"
trap 'rm -rf "$dir"' EXIT INT TERM

cat "$top"/data/bench/*.txt >"$dir/in"
while [ "$(stat -c %s "$dir/in")" -lt "$SIZE" ]; do
	cat "$dir/in" "$dir/in" >"$dir/in2"
	mv "$dir/in2" "$dir/in"
done
head -c "$SIZE" "$dir/in" >"$dir/in2"
# Up to the last line end: whole characters only.
last=$(tail -n 1 "$dir/in2" | wc -c)
head -c $(($(stat -c %s "$dir/in2") - last)) "$dir/in2" >"$dir/in"
rm -f "$dir/in2"
printf 'input: %s bytes of data/bench/*.txt\n' "$(stat -c %s "$dir/in")"
printf '%-40s %10s %8s %8s\n' command "peak RSS" wall user

fail=0
# run BINARY ARGS...: time it, output thrown away.
run() {
	bin=$1
	shift
	what="$bin $*"
	/usr/bin/time -f '%M %e %U' -o "$dir/time" "$bin" "$@" "$dir/in" \
		>/dev/null || true
	# (GNU time puts "Command exited with ..." first on a failure.)
	set -- $(tail -n 1 "$dir/time")
	printf '%-40s %6s KiB %6s s %6s s\n' "$what" "$1" "$2" "$3"
	if [ "$bin" = "$unibits" ] && [ "$1" -ge "$LIMIT_KIB" ]; then
		echo "read-256m: $what peaked at $1 KiB (limit $LIMIT_KIB)" >&2
		fail=1
	fi
}

for bin in $unibits $other; do
	run "$bin" validate
	run "$bin" validate -e latin1
	run "$bin" detect
	[ "$DUMP" = 0 ] || run "$bin" dump
done
exit $fail
