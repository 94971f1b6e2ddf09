#!/bin/sh
# generate.sh - write the detection corpus in data/detect/ from the UTF-8
# texts in src/ with glibc iconv (an oracle independent of ICU, which
# the detector uses).  The outputs are committed; run this again only
# when a text changes:  sh data/detect/generate.sh
#
# A file is named LANG.ENCODING[-bom].txt; tests/check_detect.c reads
# the encoding family it must detect from the name.
set -eu
cd "$(dirname "$0")"

# conv LANG ICONV-NAME FILE-ENCODING [BOM-BYTES]
conv() {
	out=$1.$3.txt
	{
		if [ $# -ge 4 ]; then printf "$4"; fi
		iconv -f UTF-8 -t "$2" "src/$1.txt"
	} >"$out.tmp"
	mv "$out.tmp" "$out"
}

conv en US-ASCII us-ascii
conv en UTF-16LE utf-16le
conv fr UTF-8 utf-8
conv fr UTF-8 utf-8-bom '\357\273\277'
conv fr CP1252 windows-1252
conv fr UTF-16LE utf-16le-bom '\377\376'
conv fr UTF-16BE utf-16be-bom '\376\377'
conv fr UTF-16LE utf-16le
conv fr UTF-16BE utf-16be
conv fr UTF-32LE utf-32le-bom '\377\376\000\000'
conv fr UTF-32BE utf-32be
conv de ISO-8859-1 iso-8859-1
conv de UTF-8 utf-8
conv cs ISO-8859-2 iso-8859-2
conv pl CP1250 windows-1250
conv pl UTF-16BE utf-16be
conv ru KOI8-R koi8-r
conv ru CP1251 windows-1251
conv ru UTF-8 utf-8
conv ru UTF-16LE utf-16le
conv el ISO-8859-7 iso-8859-7
conv el UTF-8 utf-8-bom '\357\273\277'
conv ja SHIFT_JIS shift_jis
conv ja EUC-JP euc-jp
conv ja ISO-2022-JP iso-2022-jp
conv ja UTF-8 utf-8
conv ja UTF-16BE utf-16be
conv ja UTF-16LE utf-16le-bom '\377\376'
conv zh GB18030 gb18030
conv zh UTF-8 utf-8
conv zh UTF-16LE utf-16le
conv zh UTF-32LE utf-32le
conv zh-tw BIG5 big5
conv zh-tw UTF-16BE utf-16be-bom '\376\377'
conv ko EUC-KR euc-kr
conv ko UTF-8 utf-8-bom '\357\273\277'
conv ko UTF-16LE utf-16le

# UTF-8 damaged by an editor that wrote two characters in Latin-1: the
# text is still UTF-8, with two bad bytes (E9 at the end of "café", F4
# in "hôtel").
{
	sed -n '1,20p' src/fr.txt
	printf 'Nous avons bu un caf\351 au bar de l\047h\364tel.\n'
	sed -n '21,$p' src/fr.txt
} >fr.utf-8-damaged.txt
