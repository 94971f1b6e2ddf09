#!/bin/sh
# install.sh MAKE BUILD CC CFLAGS LDFLAGS - the packaging round trip:
# make install into a scratch DESTDIR; build tests/install-prog.c against
# the installed library with only `pkg-config --cflags --libs unibits`
# (shared, and static with --static), run both, run the installed tool;
# then make uninstall and check that no file or link is left.
set -eu
make=$1 build=$2 cc=$3 cflags=$4 ldflags=$5
dest=$(mktemp -d "${TMPDIR:-/tmp}/unibits-install.XXXXXX")
trap 'rm -rf "$dest"' EXIT INT TERM
prefix=/usr/local
root=$dest$prefix
fail() { echo "install: $*" >&2; exit 1; }

$make -s install DESTDIR="$dest" PREFIX=$prefix BUILD="$build" >/dev/null
for f in bin/unibits lib/libunibits.a lib/libunibits.so.1.0.0 \
	lib/libunibits.so.1 lib/libunibits.so include/unibits.h \
	lib/pkgconfig/unibits.pc share/man/man3/unibits.3; do
	[ -e "$root/$f" ] || fail "$f was not installed"
done
[ -L "$root/lib/libunibits.so.1" ] && [ -L "$root/lib/libunibits.so" ] ||
	fail "the soname links are not links"
grep -q '^Requires.private:.*icu-uc.*libutf8proc' \
	"$root/lib/pkgconfig/unibits.pc" ||
	fail "unibits.pc lacks ICU and utf8proc in Requires.private"

# pkg-config sees the installed tree as if it were at $prefix.
export PKG_CONFIG_PATH="$root/lib/pkgconfig" PKG_CONFIG_SYSROOT_DIR="$dest"
want='006800E9006C006C006F0020D83DDE00FFFD 1'
# shellcheck disable=SC2046,SC2086
$cc $cflags -std=c11 -o "$dest/prog" tests/install-prog.c \
	$(pkg-config --cflags --libs unibits) $ldflags ||
	fail "cannot build against the installed library"
got=$(LD_LIBRARY_PATH="$root/lib" "$dest/prog") || fail "prog failed"
[ "$got" = "$want" ] || fail "prog printed '$got', not '$want'"
LD_LIBRARY_PATH="$root/lib" ldd "$dest/prog" | grep -q "$root/lib/libunibits" ||
	fail "prog does not use the installed libunibits.so"
# shellcheck disable=SC2046,SC2086
$cc $cflags -std=c11 -o "$dest/prog-static" tests/install-prog.c \
	$(pkg-config --cflags unibits) \
	$(pkg-config --static --libs unibits |
	  sed 's/-lunibits/-Wl,-Bstatic -lunibits -Wl,-Bdynamic/') $ldflags ||
	fail "cannot build statically against the installed library"
got=$("$dest/prog-static") || fail "prog-static failed"
[ "$got" = "$want" ] || fail "prog-static printed '$got', not '$want'"
"$root/bin/unibits" --version >/dev/null || fail "the installed tool fails"

# The streaming example of unibits(3), as the page prints it.
sed -n '/^\.Sh EXAMPLES/,$p' man/unibits.3 |
	sed -n '/^\.Bd -literal/,/^\.Ed/{/^\.Bd/d;/^\.Ed/q;p;}' |
	sed 's/\\e/\\/g; s/^\\&//' >"$dest/example.c"
# shellcheck disable=SC2046,SC2086
$cc $cflags -std=c11 -o "$dest/example" "$dest/example.c" \
	$(pkg-config --cflags --libs unibits) $ldflags ||
	fail "the example of unibits(3) does not build"
printf 'h\303\251\377\nx' >"$dest/example.in"
rc=0
LD_LIBRARY_PATH="$root/lib" "$dest/example" UTF-8 UTF-16BE \
	<"$dest/example.in" >"$dest/example.out" 2>"$dest/example.err" ||
	rc=$?
[ $rc = 1 ] || fail "the example of unibits(3) exited $rc, not 1"
got=$(od -An -tx1 "$dest/example.out" | tr -d ' \n')
[ "$got" = 006800e9fffd000a0078 ] ||
	fail "the example of unibits(3) wrote $got"
[ "$(cat "$dest/example.err")" = "1:3: byte 3: invalid byte" ] ||
	fail "the example of unibits(3) said: $(cat "$dest/example.err")"

$make -s uninstall DESTDIR="$dest" PREFIX=$prefix BUILD="$build" >/dev/null
left=$(find "$root" ! -type d)
[ -z "$left" ] || fail "left after uninstall: $left"
echo "install: install, pkg-config build (shared and static), uninstall ok"
