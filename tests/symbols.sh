#!/bin/sh
# symbols.sh LIB.so - the shared library exports the public API and
# nothing else: every dynamic symbol it defines starts with ub_, and
# every function lib/ defines as ub_* (return type on its own line, so
# the name starts a line) is exported (a missing UB_API hides it).
set -eu
lib=$1
exported=$(nm -D --defined-only "$lib" | awk '{ print $3 }' | sort)
bad=$(printf '%s\n' "$exported" | grep -v '^ub_' || true)
if [ -n "$bad" ]; then
	echo "symbols: $lib exports names outside ub_*:" >&2
	printf '  %s\n' $bad >&2
	exit 1
fi
defined=$(sed -n 's/^\(ub_[a-z0-9_]*\)(.*/\1/p' lib/*.c | sort -u)
missing=$(printf '%s\n' "$defined" | while read -r f; do
	printf '%s\n' "$exported" | grep -qx "$f" || echo "$f"
done)
if [ -n "$missing" ]; then
	echo "symbols: defined in lib/ but not exported (UB_API?):" >&2
	printf '  %s\n' $missing >&2
	exit 1
fi
echo "symbols: $(printf '%s\n' "$exported" | wc -l) exported, all ub_*"
