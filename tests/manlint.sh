#!/bin/sh
# manlint.sh PAGE... - each man page renders without a warning
# (groff -mandoc -ww).  mandoc -Tlint is `make lint`'s: make check must
# not pass or fail by whether mandoc happens to be installed.
set -eu
for m in "$@"; do
	out=$(groff -mandoc -Tutf8 -ww "$m" 2>&1 >/dev/null)
	if [ -n "$out" ]; then
		echo "manlint: $m:" >&2
		echo "$out" >&2
		exit 1
	fi
done
# Every function unibits.h declares should be in unibits(3).  Only a
# warning: the header grows in other branches before the page does.
for m in "$@"; do
	case $m in */unibits.3) ;; *) continue ;; esac
	missing=$(sed -n 's/.*[ *]\(ub_[a-z0-9_]*\)(.*/\1/p' include/unibits.h |
		sort -u | while read -r f; do
			grep -q "^\.F[no] $f\( \|$\)" "$m" || echo "$f"
		done)
	[ -z "$missing" ] ||
		echo "manlint: warning: not in $m yet:" $missing >&2
done
echo "manlint: $# pages render cleanly"
