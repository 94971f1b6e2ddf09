#!/bin/sh
# gen-corpus.sh [DIR] - write the small seed corpus of the fuzz targets
# into DIR (default tests/fuzz/corpus), one directory per target.  The
# seeds are the interesting shapes, not volume: each boundary of Unicode
# Table 3-7, the examples of "U+FFFD Substitution of Maximal Subparts",
# surrogates, BOMs, line ends, and a short multilingual text in each
# encoding form (made with glibc iconv).
set -eu
dir=${1:-tests/fuzz/corpus}
text='Hello, café! Ωmega — 中文 😀
line two	tab
crlf line
'
rm -rf "$dir"
mkdir -p "$dir/fuzz_utf8" "$dir/fuzz_utf16" "$dir/fuzz_utf32" \
	"$dir/fuzz_conv" "$dir/fuzz_detect" "$dir/fuzz_text" \
	"$dir/fuzz_mojibake"

seed() { # seed TARGET NAME PRINTF-FORMAT
	printf "$3" >"$dir/$1/$2"
}

# UTF-8: text, every first/last of each row of Table 3-7, the bad leads,
# truncations, and the maximal-subpart examples of Unicode 15.0 ch. 3.
printf '%s' "$text" >"$dir/fuzz_utf8/text"
seed fuzz_utf8 bounds '\000\177\302\200\337\277\340\240\200\340\277\277\341\200\200\354\277\277\355\200\200\355\237\277\356\200\200\357\277\277\360\220\200\200\360\277\277\277\361\200\200\200\363\277\277\277\364\200\200\200\364\217\277\277'
seed fuzz_utf8 badleads '\200\277\300\257\301\277\365\200\200\200\370\210\200\200\200\374\204\200\200\200\200\376\377'
seed fuzz_utf8 overlong '\340\200\257\340\237\277\360\200\200\257\360\217\277\277'
seed fuzz_utf8 surrogates '\355\240\200\355\277\277\355\240\275\355\270\200'
seed fuzz_utf8 toolarge '\364\220\200\200\367\277\277\277'
seed fuzz_utf8 table3-8 'a\361\200\200\341\200\302b\200c\200\277d'
seed fuzz_utf8 truncated 'ab\360\237\230'
seed fuzz_utf8 lines 'a\r\nb\rc\nd\r\r\n\n\342\202'

# UTF-16: the text both ways, with and without a BOM; surrogate cases.
printf '%s' "$text" | iconv -f UTF-8 -t UTF-16LE >"$dir/fuzz_utf16/text-le"
printf '%s' "$text" | iconv -f UTF-8 -t UTF-16BE >"$dir/fuzz_utf16/text-be"
printf '%s' "$text" | iconv -f UTF-8 -t UTF-16 >"$dir/fuzz_utf16/text-bom"
seed fuzz_utf16 bom-be '\376\377\000A\330\075\336\000'
seed fuzz_utf16 lone-high '\330\000\000A\333\377'
seed fuzz_utf16 lone-low '\334\000\337\377\000A'
seed fuzz_utf16 high-high '\330\000\330\000\334\000'
seed fuzz_utf16 odd 'A\000B'
seed fuzz_utf16 cut-pair '\000\330\000\334\000'

# UTF-32: the text, BOMs, surrogates, values above 10FFFF, odd tails.
printf '%s' "$text" | iconv -f UTF-8 -t UTF-32LE >"$dir/fuzz_utf32/text-le"
printf '%s' "$text" | iconv -f UTF-8 -t UTF-32BE >"$dir/fuzz_utf32/text-be"
printf '%s' "$text" | iconv -f UTF-8 -t UTF-32 >"$dir/fuzz_utf32/text-bom"
seed fuzz_utf32 bom-be '\000\000\376\377\000\020\377\377'
seed fuzz_utf32 bad '\000\000\330\000\000\021\000\000\377\377\377\377\000\000\000A'
seed fuzz_utf32 tail '\000\000\000A\000\000'

# The converter: three bytes choosing from, to and the mode (see
# fuzz_conv.c), four seeding the chunk sizes, then the text.
conv() { # conv NAME FROM TO MODE FILE
	{ printf "\\$(printf %03o "$2")\\$(printf %03o "$3")\\$(printf %03o "$4")\\001\\002\\003\\004"
	  cat "$5"; } >"$dir/fuzz_conv/$1"
}
conv u8-u16 2 5 0 "$dir/fuzz_utf8/text"
conv u8-u16le-replace 2 3 1 "$dir/fuzz_utf8/table3-8"
conv u8-ascii-escape 2 0 3 "$dir/fuzz_utf8/text"
conv u8-latin1-skip 2 1 2 "$dir/fuzz_utf8/text"
conv u16-u8-strip 5 2 4 "$dir/fuzz_utf16/text-bom"
conv u16-u32-add 5 8 8 "$dir/fuzz_utf16/lone-high"
conv u32-u8-replace 8 2 1 "$dir/fuzz_utf32/bad"
conv u8-cp1252 2 10 1 "$dir/fuzz_utf8/text"
conv sjis-u8 11 2 1 "$dir/fuzz_utf8/text"
conv u8-iso2022jp 2 15 3 "$dir/fuzz_utf8/text"
conv utf7-u16 16 3 1 "$dir/fuzz_utf8/lines"

# Detection: the texts above, and legacy charsets made by iconv.
cp "$dir/fuzz_utf8/text" "$dir/fuzz_utf8/table3-8" "$dir/fuzz_utf8/lines" \
	"$dir/fuzz_detect/"
cp "$dir/fuzz_utf16/text-le" "$dir/fuzz_utf16/text-bom" "$dir/fuzz_detect/"
cp "$dir/fuzz_utf32/text-be" "$dir/fuzz_detect/"
printf 'Grüße, café, naïve — “quoted”\r\n' |
	iconv -f UTF-8 -t WINDOWS-1252 >"$dir/fuzz_detect/cp1252"
printf 'Привет, мир! Как дела?\n' |
	iconv -f UTF-8 -t KOI8-R >"$dir/fuzz_detect/koi8r"
printf 'こんにちは、世界。日本語のテキストです。\n' |
	iconv -f UTF-8 -t SHIFT_JIS >"$dir/fuzz_detect/sjis"
printf 'text\000with\000nuls\001\002\033[0m\r' >"$dir/fuzz_detect/binary"

# Mojibake and normalization: a mode byte (bit 0 fix; bits 1-2 form;
# bit 3 case folding), four chunk-seed bytes, then data/mojibake.txt or
# a text with marks to reorder, Hangul jamo, compatibility characters.
for m in 1 0 2 4 6 9; do
	{ printf "\\$(printf %03o $m)\\001\\002\\003\\004"
	  cat data/mojibake.txt; } >"$dir/fuzz_text/mojibake-$m"
done
seed fuzz_text norm '\000\001\002\003\004a\314\201\314\243 \341\204\200\341\205\241\341\206\250 \357\254\201 \303\205\342\204\253 q\314\207\314\243\377'

# Mojibake: UTF-8 read as Latin-1 or windows-1252 and written again as
# UTF-8, once and twice, between correct text; and the correct text.
moji='café naïve — “quoted” it’s Ελληνικά Кириллица
Fuß «Grüße» r̆ řízek
'
printf '%s' "$moji" >"$dir/fuzz_mojibake/correct"
printf '%s' "$moji" | iconv -f ISO-8859-1 -t UTF-8 >"$dir/fuzz_mojibake/latin1"
printf '%s' "$moji" | iconv -f ISO-8859-1 -t UTF-8 |
	iconv -f ISO-8859-1 -t UTF-8 >"$dir/fuzz_mojibake/twice"
printf 'it’s “x“ €5 — ok\n' | iconv -f WINDOWS-1252 -t UTF-8 \
	>"$dir/fuzz_mojibake/cp1252"
{ printf 'ok: %s' "$moji"; printf 'bad \377\300 '; cat "$dir/fuzz_mojibake/cp1252"; } \
	>"$dir/fuzz_mojibake/mixed"

# show and dump: a first byte choosing command, encoding and form (see
# fuzz_show.c), then a text.
show() { # show NAME BYTE FILE
	{ printf "\\$(printf %03o "$2")"; cat "$3"; } >"$dir/fuzz_show/$1"
}
mkdir -p "$dir/fuzz_show"
show show-utf8 0 "$dir/fuzz_utf8/text"
show dump-utf8 1 "$dir/fuzz_utf8/table3-8"
show json-utf8 16 "$dir/fuzz_utf8/lines"
show targets-utf8 32 "$dir/fuzz_mojibake/correct"
show forms-utf8 48 "$dir/fuzz_utf8/text"
show color-utf8 64 "$dir/fuzz_utf8/badleads"
show dump-utf16le 3 "$dir/fuzz_utf16/text-le"
show show-utf16 6 "$dir/fuzz_utf16/lone-high"
show dump-sjis 19 "$dir/fuzz_detect/sjis"

# Normalization: a first byte choosing the form (bits 0-1: NFC, NFD,
# NFKC, NFKD) and case folding (bit 2), then text with marks to reorder,
# compatibility characters, Hangul, and a long run of marks.
norm() { # norm NAME BYTE TEXT
	{ printf "\\$(printf %03o "$2")"; printf "$3"; } \
		>"$dir/fuzz_normalize/$1"
}
mkdir -p "$dir/fuzz_normalize"
norm nfc 0 'e\314\201 a\314\243\314\202 \357\254\201 \352\260\200 Å'
norm nfd 1 'é ệ ﬁ 가 Å ǅ'
norm nfkc-fold 6 'ＡＢＣ ﬁ ß İ Σσς ① ㎏'
norm nfkd 3 "$(printf 'a'; i=0; while [ $i -lt 40 ]; do printf '\314\201'; i=$((i + 1)); done)"
