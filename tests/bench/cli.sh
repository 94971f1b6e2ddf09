#!/bin/sh
# cli.sh - whole-process comparison (part of `make bench`):
#   unibits convert -f utf-8 -t utf-16le  vs  iconv, uconv and cat,
# on a generated file of BENCH_CLI_MB MiB (default 256) of the
# data/bench texts, output to /dev/null; then 32 MiB of it to
# ISO-8859-1, where most characters are errors to replace, against
# iconv -c and uconv --callback substitute.  Prints, for each, the median
# over BENCH_RUNS runs (default 5) of the wall time (from date, to the
# millisecond), of the CPU time (user + system from /usr/bin/time, in
# 10 ms steps) and the largest peak RSS.
#
# usage: sh tests/bench/cli.sh path/to/unibits
set -eu

bin=${1:?usage: cli.sh UNIBITS}
mb=${BENCH_CLI_MB:-256}
runs=${BENCH_RUNS:-5}
dir=${TMPDIR:-/tmp}/unibits-bench.$$
trap 'rm -rf "$dir"' EXIT INT TERM
mkdir -p "$dir"

if [ ! -x /usr/bin/time ]; then
	echo "cli.sh: /usr/bin/time is missing (apt-get install time)" >&2
	exit 1
fi

# The texts one after another, repeated to the size; cut at a line end
# so the file stays valid UTF-8.
cat data/bench/*.txt >"$dir/one"
: >"$dir/in"
while [ "$(wc -c <"$dir/in")" -lt $((mb * 1048576)) ]; do
	cat "$dir/one" "$dir/one" "$dir/one" "$dir/one" >>"$dir/in"
	cat "$dir/in" "$dir/in" >"$dir/in2" && mv "$dir/in2" "$dir/in"
done
head -c $((mb * 1048576)) "$dir/in" | sed '$d' >"$dir/input"
rm -f "$dir/in" "$dir/one"
size=$(wc -c <"$dir/input")
from=input
# the new file's pages go to disk now, not during the first runs, and
# it is read once so that every command finds it in the page cache
sync
cat "$dir/input" >/dev/null

# run NAME CMD...: time CMD runs times; print the medians and max RSS.
run() {
	name=$1
	shift
	: >"$dir/times"
	i=0
	while [ $i -lt "$runs" ]; do
		# (status 1 is normal where characters were replaced);
		# the wall time from date, to the nanosecond, as time(1)
		# rounds to 10 ms: a third of cat's time here
		t0=$(date +%s%N)
		/usr/bin/time -f '%U %S %M' -o "$dir/t" "$@" \
			<"$dir/$from" >/dev/null 2>"$dir/err" || true
		t1=$(date +%s%N)
		printf '%s ' $((t1 - t0)) >>"$dir/times"
		grep -v '^Command' "$dir/t" >>"$dir/times"
		i=$((i + 1))
	done
	awk -v name="$name" -v size="$size" '
		{ wall[NR] = $1 / 1e9; cpu[NR] = $2 + $3; if ($4 > rss) rss = $4 }
		function median(a, n,   i, j, t) {
			for (i = 2; i <= n; i++)
				for (j = i; j > 1 && a[j-1] > a[j]; j--) {
					t = a[j]; a[j] = a[j-1]; a[j-1] = t
				}
			return n % 2 ? a[(n+1)/2] : (a[n/2] + a[n/2+1]) / 2
		}
		END {
			w = median(wall, NR); c = median(cpu, NR)
			printf "%-34s %8.3f %8.2f %9.2f %9.1f\n", name, w, c,
			       (c > 0 ? size / c / 1e9 : 0), rss / 1024
		}' "$dir/times"
}

printf '\nwhole process: %s MiB of mixed UTF-8 -> UTF-16LE, to /dev/null, ' \
	"$((size / 1048576))"
printf 'median of %s runs\n' "$runs"
printf '%-34s %8s %8s %9s %9s\n' "command" "wall s" "cpu s" "GB/s cpu" \
	"RSS MiB"
run "unibits convert" "$bin" convert -f utf-8 -t utf-16le
for level in avx2 scalar; do
	run "unibits convert (UB_SIMD=$level)" env UB_SIMD=$level \
		"$bin" convert -f utf-8 -t utf-16le
done
run "unibits convert --on-error=replace" "$bin" convert -f utf-8 \
	-t utf-16le --on-error=replace
run "iconv -f utf-8 -t utf-16le" iconv -f utf-8 -t utf-16le
if command -v uconv >/dev/null 2>&1; then
	run "uconv -f utf-8 -t utf-16le" uconv -f utf-8 -t utf-16le
fi
run "cat" cat

# Text full of characters the target lacks: every CJK, Greek, Cyrillic
# ... character of the first 32 MiB becomes "?" in ISO-8859-1 (iconv -c
# drops them instead).  Each one is an error the converter reports.
head -c 33554432 "$dir/input" | sed '$d' >"$dir/input32"
from=input32
size=$(wc -c <"$dir/input32")
printf '\nunencodable: %s MiB of it -> ISO-8859-1, each missing ' \
	"$((size / 1048576))"
printf 'character replaced\n'
printf '%-34s %8s %8s %9s %9s\n' "command" "wall s" "cpu s" "GB/s cpu" \
	"RSS MiB"
run "unibits convert --on-error=replace" "$bin" convert -f utf-8 \
	-t iso-8859-1 --on-error=replace
run "iconv -c -f utf-8 -t iso-8859-1" iconv -c -f utf-8 -t iso-8859-1
if command -v uconv >/dev/null 2>&1; then
	run "uconv --callback substitute" uconv -f utf-8 -t iso-8859-1 \
		--callback substitute
fi
