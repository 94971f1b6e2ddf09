/*
 * charrow.h - one character as show and lookup print it: a table row,
 * a JSON object, or a --format line.
 */
#ifndef UB_CHARROW_H
#define UB_CHARROW_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <unibits.h>

#include "out.h"

/* Where a code point sits in its grapheme cluster. */
enum cr_cluster {
	CR_ALONE = 0, /* a cluster of one code point */
	CR_FIRST,     /* the first of several */
	CR_MID,       /* one after the first */
};

/* One character, or one invalid sequence, of the input. */
struct crow {
	bool has_offset;      /* false for lookup by number or name */
	uint64_t offset;      /* byte offset in the input */
	const uint8_t *bytes; /* its bytes in the input encoding */
	size_t nbytes;
	uint32_t cp;      /* U+FFFD when invalid */
	ub_status status; /* UB_OK, an invalid reason, UB_E_TRUNCATED */
	enum cr_cluster cluster;
	bool has_grapheme; /* grapheme is set (show) */
	size_t grapheme;   /* index of its grapheme cluster, from 0 */
};

/* How a table of rows looks. */
struct cr_opts {
	const char *enc; /* input encoding's name when not UTF-8, which
	                  * adds a column of input bytes; else NULL */
	bool gutter;     /* a column marking grapheme clusters */
};

/*
 * The character as it is shown in a table: itself, or for what would
 * be invisible or move the cursor a stand-in: a control picture for C0
 * controls, space and DEL (U+2400 ...), <XX> for C1 controls, a dotted
 * circle before combining and other zero-width characters.  Into buf,
 * which has room for 16 bytes.
 */
void cr_visible(uint32_t cp, char buf[16]);

/* "U+00E9": 4 to 6 hex digits. */
void cr_code(uint32_t cp, char buf[12]);

/* The name, with the common name of a control after its label:
 * "<control-000A> LINE FEED (LF)".  buf has room for 256 bytes. */
void cr_name(uint32_t cp, char *buf, size_t cap);

/* Bytes as hex, "C3 A9". */
void cr_hex(struct out_buf *b, const uint8_t *s, size_t n);

/* Bytes as bits, "11000011 10101001". */
void cr_bits(struct out_buf *b, const uint8_t *s, size_t n);

/* The UTF-8 bytes of a as bits with the marker bits apart from the
 * payload: "110|00011 10|101001" (with colour: markers dim). */
void cr_utf8_bits(struct out_buf *b, const ub_anatomy *a);

/* Valid UTF-8 bytes s[0..n) the same way (for dump). */
void cr_utf8_seq_bits(struct out_buf *b, const uint8_t *s, size_t n);

/* A table with a header row for these options. */
struct out_table *cr_table_new(const struct cr_opts *o);

/* Add r as a row; a last cluster member adds a note after it. */
void cr_table_add(struct out_table *t, const struct cr_opts *o,
                  const struct crow *r);

/* A note after the last code point of a multi-code-point cluster:
 * cps[0..n) and their UTF-8 size. */
void cr_table_cluster_note(struct out_table *t, const uint32_t *cps, size_t n);

/* r as one JSON object line (DESIGN.md, "show --json"). */
void cr_json(FILE *f, const struct crow *r);

/*
 * --format: check tmpl, or print r through it followed by a newline.
 * Fields are %c %raw %U %x %d %b %utf8 %utf8bits %utf16 %utf32 %bytes
 * %offset %name %cat %width %script %block %%, also written %{name};
 * \t, \n and \\ are a tab, a newline and a backslash.  cr_format_check
 * returns NULL when tmpl is fine, else the bad field (static).
 */
const char *cr_format_check(const char *tmpl);
void cr_format(FILE *f, const char *tmpl, const struct crow *r);

#endif /* UB_CHARROW_H */
