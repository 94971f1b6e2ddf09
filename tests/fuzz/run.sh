#!/bin/sh
# run.sh BUILD SECONDS TARGET... - run each libFuzzer target for SECONDS
# on its seed corpus (tests/fuzz/corpus/T) and the inputs that once made
# it fail (tests/fuzz/regress/T); stop at the first that finds a problem.
set -eu
build=$1 secs=$2
shift 2
for t in "$@"; do
	mkdir -p "$build/corpus/$t"
	seeds=tests/fuzz/corpus/$t
	[ -d "$seeds" ] || seeds=
	# inputs that once failed (each also has a Check regression test)
	[ -d "tests/fuzz/regress/$t" ] && seeds="$seeds tests/fuzz/regress/$t"
	echo "fuzz: $t for ${secs}s"
	"$build/fuzz/$t" -max_total_time="$secs" -timeout=20 \
		-rss_limit_mb=2048 -max_len=1024 -print_final_stats=1 \
		-artifact_prefix="$build/$t-" \
		"$build/corpus/$t" $seeds 2>"$build/$t.log" || {
		tail -n 60 "$build/$t.log" >&2
		echo "fuzz: $t failed; log in $build/$t.log" >&2
		exit 1
	}
	grep -E '^stat::number_of_executed_units' "$build/$t.log" |
		sed "s/^/fuzz: $t: /"
done
