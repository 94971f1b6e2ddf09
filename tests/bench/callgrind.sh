#!/bin/sh
# callgrind.sh - instructions per input byte (`make bench-callgrind`).
# Each operation runs once on 4 MiB of data/bench/mixed.txt under
# valgrind --tool=callgrind, counting only the call itself (the
# bench_once function of tests/bench/bench.c).  Unlike wall time on a
# shared machine, the count is the same from run to run.  Valgrind does
# not run AVX-512, so the vector numbers are the AVX2 kernels'.
#
# usage: sh tests/bench/callgrind.sh path/to/bench
set -eu

bench=${1:?usage: callgrind.sh BENCH}
dir=${TMPDIR:-/tmp}/unibits-callgrind.$$
trap 'rm -rf "$dir"' EXIT INT TERM
mkdir -p "$dir"

if ! command -v valgrind >/dev/null 2>&1; then
	echo "callgrind.sh: valgrind is missing (apt-get install valgrind)" >&2
	exit 1
fi

# count OP IMPL: instructions per byte of one run.
count() {
	out="$dir/cg.$1.$2"
	if ! bytes=$(valgrind --tool=callgrind --callgrind-out-file="$out" \
		--collect-atstart=no --toggle-collect=bench_once \
		"$bench" --once "$1" "$2" data/bench 2>/dev/null); then
		printf ' %8s' -
		return
	fi
	ir=$(sed -n 's/^totals: *\([0-9]*\).*/\1/p' "$out")
	[ -n "$ir" ] || ir=$(sed -n 's/^summary: *\([0-9]*\).*/\1/p' "$out")
	awk -v ir="$ir" -v b="$bytes" 'BEGIN { printf " %8.2f", ir / b }'
}

echo "instructions per input byte, 4 MiB of data/bench/mixed.txt, callgrind"
printf '%-12s %8s %8s %8s %8s %8s\n' operation avx2 scalar ICU iconv \
	utf8proc
for op in validate utf8-utf16 utf16-utf8 utf8-utf32 utf32-utf8 count; do
	printf '%-12s' "$op"
	for impl in avx2 scalar ICU iconv utf8proc; do
		count "$op" "$impl"
	done
	echo
done
