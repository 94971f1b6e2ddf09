/*
 * check_conv.c - the streaming converter.  The rule that keeps streaming
 * honest: whatever the chunk sizes and the output room, the output bytes
 * and the errors (status, offset, line, column, bytes) are exactly those
 * of one call over the whole input, and they agree with ub_transcode.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <unibits.h>

#include "cases.h"
#include "suites.h"
#include "testutil.h"

#define LEN(a) (sizeof(a) / sizeof((a)[0]))
#define MAXERR 64

struct run {
	uint8_t out[4096];
	size_t nout;
	ub_conv_error err[MAXERR];
	size_t nerr;
	ub_status status;
};

static void
collect(void *ctx, const ub_conv_error *e)
{
	struct run *r = ctx;

	if (r->nerr < MAXERR)
		r->err[r->nerr] = *e;
	r->nerr++;
}

/*
 * Convert in[0..n) in chunks of `chunk` bytes (0 = whole) with `cap`
 * bytes of output room per call (0 = plenty), or split once at `split`
 * when split > 0.
 */
static void
convert(struct run *r, const char *to, const char *from, ub_policy p,
        ub_bom bom, const uint8_t *in, size_t n, size_t chunk, size_t split,
        size_t cap)
{
	ub_conv *cv;
	size_t pos = 0, len, room;
	uint8_t *piece;
	ub_result res;
	bool last;

	memset(r, 0, sizeof(*r));
	ck_assert_int_eq(ub_conv_open(&cv, to, from, p, bom), UB_OK);
	ub_conv_on_error(cv, collect, r);
	do {
		len = split > 0   ? (pos == 0 ? split : n - pos)
		      : chunk > 0 ? (n - pos < chunk ? n - pos : chunk)
		                  : n - pos;
		last = pos + len == n;
		piece = tu_exact(in + pos, len); /* ASan sees overreads */
		size_t used = 0;
		do {
			room = cap > 0 ? cap : sizeof(r->out) - r->nout;
			if (room > sizeof(r->out) - r->nout)
				room = sizeof(r->out) - r->nout;
			res = ub_conv_feed(cv, piece + used, len - used,
			                   r->out + r->nout, room, last);
			used += res.in;
			r->nout += res.out;
		} while (res.status == UB_E_OUTPUT_FULL);
		free(piece);
		if (res.status != UB_OK) {
			r->status = res.status;
			break;
		}
		pos += len;
	} while (!last);
	ck_assert_uint_eq(ub_conv_error_count(cv), r->nerr);
	ub_conv_close(cv);
}

static void
assert_same(const struct run *a, const struct run *b, const char *what,
            const char *name)
{
	size_t i;

	ck_assert_msg(a->nout == b->nout &&
	                      memcmp(a->out, b->out, a->nout) == 0,
	              "%s (%s): output differs (%zu vs %zu bytes)", name, what,
	              a->nout, b->nout);
	ck_assert_msg(a->status == b->status, "%s (%s): status %s vs %s", name,
	              what, ub_status_name(a->status),
	              ub_status_name(b->status));
	ck_assert_msg(a->nerr == b->nerr, "%s (%s): %zu errors vs %zu", name,
	              what, a->nerr, b->nerr);
	for (i = 0; i < a->nerr && i < MAXERR; i++)
		ck_assert_msg(a->err[i].status == b->err[i].status &&
		                      a->err[i].offset == b->err[i].offset &&
		                      a->err[i].line == b->err[i].line &&
		                      a->err[i].column == b->err[i].column &&
		                      a->err[i].nbytes == b->err[i].nbytes &&
		                      memcmp(a->err[i].bytes, b->err[i].bytes,
		                             a->err[i].nbytes) == 0,
		              "%s (%s): error %zu differs: offset %llu/%llu "
		              "line %llu/%llu col %llu/%llu",
		              name, what, i,
		              (unsigned long long)a->err[i].offset,
		              (unsigned long long)b->err[i].offset,
		              (unsigned long long)a->err[i].line,
		              (unsigned long long)b->err[i].line,
		              (unsigned long long)a->err[i].column,
		              (unsigned long long)b->err[i].column);
}

static const char *const targets[] = {"UTF-8",    "UTF-16LE", "UTF-16",
                                      "UTF-32BE", "US-ASCII", "ISO-8859-1"};
/* For sources ICU decodes: targets of both kinds.  (Not the adaptive
 * SCSU or UTF-7 encoders, whose bytes may follow the chunks.) */
static const char *const icu_targets[] = {"UTF-8",      "UTF-16",
                                          "ISO-8859-1", "GB18030",
                                          "Shift_JIS",  "windows-1252"};

/* The chunking property for one input, every target, every policy. */
static void
chunking_to(const char *label, const char *from, const uint8_t *in, size_t n,
            const char *const *to, size_t nto)
{
	static struct run whole, other;
	size_t t, split, cap;
	char what[128];
	int p;

	for (t = 0; t < nto; t++)
		for (p = UB_STRICT; p <= UB_ESCAPE; p++) {
			snprintf(what, sizeof(what), "%s, %s -> %s, policy %d",
			         label, from, to[t], p);
			convert(&whole, to[t], from, (ub_policy)p, UB_BOM_KEEP,
			        in, n, 0, 0, 0);
			convert(&other, to[t], from, (ub_policy)p, UB_BOM_KEEP,
			        in, n, 1, 0, 0);
			assert_same(&whole, &other, "1-byte chunks", what);
			for (split = 1; split < n; split++) {
				convert(&other, to[t], from, (ub_policy)p,
				        UB_BOM_KEEP, in, n, 0, split, 0);
				assert_same(&whole, &other, "one split", what);
			}
			for (cap = 1; cap <= 5; cap += 2) {
				convert(&other, to[t], from, (ub_policy)p,
				        UB_BOM_KEEP, in, n, 3, 0, cap);
				assert_same(&whole, &other, "small output",
				            what);
			}
		}
}

static void
chunking_property(const char *label, const char *from, const uint8_t *in,
                  size_t n)
{
	chunking_to(label, from, in, n, targets, LEN(targets));
}

START_TEST(chunking_utf8_cases)
{
	const struct subpart_case *c = &subpart_cases[_i];

	chunking_property(c->name, "UTF-8", (const uint8_t *)c->in, c->n);
}
END_TEST

/* UTF-16 / UTF-32 sources, with their own malformations. */
static const struct {
	const char *name, *from;
	const char *in;
	size_t n;
} wide[] = {
	{"utf16le pair", "UTF-16LE",
         "A\0=\xD8\x00\xDE"
         "B\0",
         8},
	{"utf16le lone low", "UTF-16LE",
         "A\0\x00\xDC"
         "B\0",
         6},
	{"utf16le lone high", "UTF-16LE",
         "\x3D\xD8"
         "B\0",
         4},
	{"utf16le high at end", "UTF-16LE", "A\0\x3D\xD8", 4},
	{"utf16le high + odd byte", "UTF-16LE", "A\0\x3D\xD8\x00", 5},
	{"utf16le odd byte", "UTF-16LE", "A\0B", 3},
	{"utf16be newline then bad", "UTF-16BE", "\0a\0\n\xDC\x00", 6},
	{"utf16 bom le", "UTF-16",
         "\xFF\xFE"
         "A\0\xE9\0",
         6},
	{"utf16 bom be", "UTF-16", "\xFE\xFF\0A\0\xE9", 6},
	{"utf16 no bom", "UTF-16", "\0A\0\xE9", 4},
	{"utf16 lone bom", "UTF-16", "\xFF\xFE", 2},
	{"utf16 one byte", "UTF-16", "\xFF", 1},
	{"utf32le", "UTF-32LE", "A\0\0\0\x00\xF6\x01\0", 8},
	{"utf32le surrogate", "UTF-32LE",
         "\x00\xD8\0\0"
         "A\0\0\0",
         8},
	{"utf32be too large", "UTF-32BE", "\0\x11\0\0\0\0\0A", 8},
	{"utf32 bom", "UTF-32",
         "\xFF\xFE\0\0"
         "A\0\0\0",
         8},
	{"utf32 truncated", "UTF-32", "\0\0\0A\0\0", 6},
	{"latin1", "ISO-8859-1", "caf\xE9\r\n\xFF", 7},
	{"ascii", "US-ASCII",
         "ab\x80"
         "c",
         4},
};

START_TEST(chunking_wide_sources)
{
	chunking_property(wide[_i].name, wide[_i].from,
	                  (const uint8_t *)wide[_i].in, wide[_i].n);
}
END_TEST

/*
 * Text the targets cannot hold much of: runs of characters Latin-1 and
 * ASCII lack (Cyrillic, CJK, the euro sign, emoji) between runs of
 * mapped ones of every length around the 16 after which the converter
 * goes back to its fast path, over several lines (LF, CR LF, CR), with
 * an invalid byte in one of the texts.  The whole-input conversion
 * takes that path after each stop; 1-byte chunks never do, so the
 * chunking property compares it with the pivot's.
 */
START_TEST(chunking_unmappable_text)
{
	static const char *const unmapped[] = {"\xD0\xB4\xD0\xBE\xD0\xBC",
	                                       "\xE4\xB8\xAD\xE6\x96\x87",
	                                       "\xE2\x82\xAC",
	                                       "\xF0\x9F\x98\x80", "\xD0\x96"};
	static const char *const mapped[] = {"a",    " ",  "\xC3\xA9", "\n",
	                                     "\r\n", "\r", "\xC3\xBF"};
	uint8_t text[800]; /* a step adds at most 56 bytes */
	uint64_t st = 31 + (uint64_t)_i;
	size_t n = 0, k, runs;
	const char *c;

	while (n < 700) {
		c = unmapped[tu_rand(&st) % LEN(unmapped)];
		for (runs = 1 + tu_rand(&st) % 3; runs > 0; runs--) {
			memcpy(text + n, c, strlen(c));
			n += strlen(c);
		}
		for (k = tu_rand(&st) % 20; k > 0; k--) {
			c = mapped[tu_rand(&st) % LEN(mapped)];
			memcpy(text + n, c, strlen(c));
			n += strlen(c);
		}
	}
	if (_i == 1)
		text[n / 2] = 0xFF;
	chunking_property("unmappable text", "UTF-8", text, n);
}
END_TEST

/*
 * Sources ICU decodes (lib/charset_icu.c), valid and damaged, with lone
 * surrogates where the charset can carry them: CESU-8, SCSU, BOCU-1 and
 * UTF-7 are decoded a byte per ICU call, GB18030, Shift_JIS and
 * ISO-2022-JP a chunk per call.  Whatever the pieces, the same output
 * and the same errors at the same offsets with the same bytes.
 */
static const struct {
	const char *name, *from;
	const char *in;
	size_t n;
} icu_sources[] = {
#define S(x) x, sizeof(x) - 1
	/* a é 中 😀 (as two 3-byte surrogates) b */
	{"cesu-8 valid", "CESU-8",
         S("a\xC3\xA9\xE4\xB8\xAD\xED\xA0\xBD\xED\xB8\x80"
           "b\n")},
	{"cesu-8 lone high", "CESU-8",
         S("a\xED\xA0\x80"
           "b")},
	{"cesu-8 lone low", "CESU-8",
         S("a\xED\xB0\x80"
           "b")},
	{"cesu-8 two highs", "CESU-8",
         S("\xF0\xED\xAA\x9C\xED\xAA\x9C"
           "k")},
	{"cesu-8 high at end", "CESU-8", S("ab\xED\xA0\x80")},
	{"cesu-8 high, bad byte", "CESU-8", S("\xED\xA0\x80\xFF\xED\xB0\x80")},
	{"cesu-8 utf-8 emoji, cut", "CESU-8",
         S("x\xF0\x9F\x98\x80\xC3(\n\xE4\xB8")},
	/* a é 中 😀 x の LF क, as ICU writes SCSU */
	{"scsu valid", "SCSU",
         S("a\xE9\x0F\x4E\x2D\x65\x87\xD8\x34\xDD\x1E\xE0\x78\x15\xAE\x0A"
           "\x14\x95")},
	{"scsu lone high", "SCSU",
         S("a\x0E\xD8\x00"
           "b")},
	{"scsu lone low", "SCSU",
         S("a\x0E\xDC\x00"
           "b")},
	{"scsu high, then unicode mode", "SCSU",
         S("\x0E\xD8\x3D\x0F\xDE\x00\xD8\x00"
           "a")},
	{"scsu cut quote", "SCSU", S("a\x0E\xD8")},
	{"scsu reserved", "SCSU",
         S("a\x0C"
           "b\x0F\xF2"
           "c")},
	/* a é 中 文 😀 x の LF क, as ICU writes BOCU-1 */
	{"bocu-1 valid", "BOCU-1",
         S("\xB1\xD0\x76\xFB\x33\x57\x3D\xCC\xFC\x5B\x56\x23\x34\xA3\xFB"
           "\x11\x85\x0A\xD9\x14")},
	{"bocu-1 lone high", "BOCU-1", S("\x61\xFB\xC5\x11\n")},
	{"bocu-1 bad", "BOCU-1", S("\xB1\xFB\x01\xFF\xD0\x76\xFB")},
	/* a é 中 文 😀 x の LF */
	{"utf-7 valid", "UTF-7", S("a+AOlOLWWH2DTdHg-x+MG4-\n")},
	{"utf-7 lone high", "UTF-7", S("a+2AA-b")},
	{"utf-7 lone low", "UTF-7", S("a+3AA-b")},
	{"utf-7 high, then a character", "UTF-7", S("+2D0AYQ-")},
	{"utf-7 bad", "UTF-7",
         S("a+\x80"
           "b+2D3e")},
	{"imap lone high", "IMAP-mailbox-name", S("a&2AA-b")},
	/* a é 中 文 😀 x の LF */
	{"gb18030 valid", "GB18030",
         S("a\xA8\xA6\xD6\xD0\xCE\xC4\x94\x32\xBE\x34x\xA4\xCE\n")},
	{"gb18030 damaged", "GB18030",
         S("\x81\x30\x81\x30\x81\x30\xFF\x30"
           "A\x81")},
	/* a 中 文 ｱ x の LF */
	{"shift_jis valid", "Shift_JIS",
         S("a\x92\x86\x95\xB6\xB1x\x82\xCC\n")},
	{"shift_jis damaged", "Shift_JIS",
         S("\x82\xA0\x81 x\n\xA0\x85\x40\x82")},
	{"iso-2022-jp valid", "ISO-2022-JP",
         S("a\x1B$BCfJ8\x1B(Bx\x1B$B$N\x1B(B\n")},
	{"iso-2022-jp damaged", "ISO-2022-JP",
         S("a\x1B$BCf\xFF"
           "J8\x1B(B\x80x\x1B$B$")},
	{"hz lone", "HZ", S("a~{Cf~}b~{")},
#undef S
};

START_TEST(chunking_icu_sources)
{
	chunking_to(icu_sources[_i].name, icu_sources[_i].from,
	            (const uint8_t *)icu_sources[_i].in, icu_sources[_i].n,
	            icu_targets, LEN(icu_targets));
}
END_TEST

/*
 * Inputs on which fuzz_conv once found chunked and whole conversion
 * apart with ICU as the decoder (tests/fuzz/regress/fuzz_conv/icu-*):
 * one or two lone surrogates lost, offsets and bytes that followed the
 * chunks.  The first 7 bytes are fuzz_conv's header (charsets, mode,
 * chunk seed); the charsets are named here.
 */
static const struct {
	const char *file, *to, *from;
} regress_icu[] = {
	{"icu-bocu1-escape", "UTF-16", "BOCU-1"},
	{"icu-bocu1-split-error", "BOCU-1", "BOCU-1"},
	{"icu-cesu8-lost-surrogate", "EUC-JP", "CESU-8"},
	{"icu-cesu8-offsets", "US-ASCII", "CESU-8"},
	{"icu-scsu-offsets", "ISO-8859-1", "SCSU"},
	/* found as SCSU -> SCSU; SCSU's encoder adapts to the chunks */
	{"icu-scsu-surrogates", "UTF-16BE", "SCSU"},
};

START_TEST(regress_icu_inputs)
{
	static struct run whole, other;
	char path[4096];
	uint8_t *data;
	size_t n, split;
	ub_policy p;
	ub_bom bom;

	snprintf(path, sizeof(path), "%s/tests/fuzz/regress/fuzz_conv/%s",
	         tu_top(), regress_icu[_i].file);
	data = (uint8_t *)tu_slurp_suffix(path, "", &n);
	ck_assert_msg(data != NULL && n >= 7, "cannot read %s", path);
	p = (ub_policy)(data[2] & 3);
	bom = (ub_bom)((data[2] >> 2) % 3);
	convert(&whole, regress_icu[_i].to, regress_icu[_i].from, p, bom,
	        data + 7, n - 7, 0, 0, 0);
	convert(&other, regress_icu[_i].to, regress_icu[_i].from, p, bom,
	        data + 7, n - 7, 1, 0, 0);
	assert_same(&whole, &other, "1-byte chunks", path);
	for (split = 1; split < n - 7; split++) {
		convert(&other, regress_icu[_i].to, regress_icu[_i].from, p,
		        bom, data + 7, n - 7, 0, split, 0);
		assert_same(&whole, &other, "one split", path);
	}
	free(data);
}
END_TEST

/* The converter and the bulk transcoder agree on whole inputs. */
START_TEST(agrees_with_transcode)
{
	const struct subpart_case *c = &subpart_cases[_i];
	static struct run r;
	uint8_t out[4096];
	ub_result b;
	size_t t;
	int p;

	for (t = 0; t < LEN(targets); t++)
		for (p = UB_STRICT; p <= UB_ESCAPE; p++) {
			convert(&r, targets[t], "UTF-8", (ub_policy)p,
			        UB_BOM_KEEP, (const uint8_t *)c->in, c->n, 0,
			        0, 0);
			b = ub_transcode(ub_encoding_from_name(targets[t]),
			                 UB_UTF8, (const uint8_t *)c->in, c->n,
			                 out, sizeof(out), (ub_policy)p);
			ck_assert_msg(b.out == r.nout &&
			                      memcmp(out, r.out, r.nout) == 0,
			              "%s -> %s policy %d: conv and transcode "
			              "differ",
			              c->name, targets[t], p);
			ck_assert_uint_eq(b.errors, r.nerr);
		}
}
END_TEST

START_TEST(positions)
{
	static struct run r;

	/* "ab" CRLF "cd" FF: line 2, third character, byte 6 */
	convert(&r, "UTF-16LE", "UTF-8", UB_REPLACE, UB_BOM_KEEP,
	        (const uint8_t *)"ab\r\ncd\xFF", 7, 0, 0, 0);
	ck_assert_uint_eq(r.nerr, 1);
	ck_assert(r.err[0].offset == 6 && r.err[0].line == 2 &&
	          r.err[0].column == 3 &&
	          r.err[0].status == UB_E_INVALID_BYTE);
	/* a lone CR ends a line too; columns count characters, not bytes */
	convert(&r, "UTF-8", "UTF-8", UB_SKIP, UB_BOM_KEEP,
	        (const uint8_t *)"a\rb\n\xC3\xA9\xE2\x82\xAC\x80", 10, 0, 0,
	        0);
	ck_assert(r.nerr == 1 && r.err[0].offset == 9 && r.err[0].line == 3 &&
	          r.err[0].column == 3 && r.err[0].nbytes == 1 &&
	          r.err[0].bytes[0] == 0x80);
	/* unmappable: reported with its code point, in source bytes */
	convert(&r, "ISO-8859-1", "UTF-8", UB_STRICT, UB_BOM_KEEP,
	        (const uint8_t *)"x\n\xC3\xA9\xE2\x82\xAC", 7, 1, 0, 0);
	ck_assert_int_eq(r.status, UB_E_UNMAPPABLE);
	ck_assert(r.nerr == 1 && r.err[0].cp == 0x20AC &&
	          r.err[0].offset == 4 && r.err[0].line == 2 &&
	          r.err[0].column == 2 && r.err[0].nbytes == 3);
	ck_assert(r.nout == 3 && memcmp(r.out, "x\n\xE9", 3) == 0);
	/* truncated at the very end, fed byte by byte */
	convert(&r, "UTF-8", "UTF-8", UB_STRICT, UB_BOM_KEEP,
	        (const uint8_t *)"ok\xF0\x9F\x98", 5, 1, 0, 0);
	ck_assert_int_eq(r.status, UB_E_TRUNCATED);
	ck_assert(r.nerr == 1 && r.err[0].offset == 2 && r.err[0].nbytes == 3);
	ck_assert(r.nout == 2);
}
END_TEST

START_TEST(strict_stops_with_offset_in_chunk)
{
	ub_conv *cv;
	uint8_t out[64];
	ub_result r;

	ck_assert_int_eq(ub_conv_open(&cv, "UTF-16LE", "UTF-8", UB_STRICT,
	                              UB_BOM_KEEP),
	                 UB_OK);
	r = ub_conv_feed(cv, (const uint8_t *)"caf\xC3\xA9 \xFF!", 8, out,
	                 sizeof(out), true);
	ck_assert_int_eq(r.status, UB_E_INVALID_BYTE);
	ck_assert_uint_eq(r.in, 6);
	ck_assert_uint_eq(r.out, 10); /* "café " in UTF-16LE */
	ck_assert_uint_eq(ub_conv_last_error(cv)->offset, 6);
	/* it stays stopped until reset */
	r = ub_conv_feed(cv, (const uint8_t *)"a", 1, out, sizeof(out), true);
	ck_assert_int_eq(r.status, UB_E_INVALID_BYTE);
	ub_conv_reset(cv);
	ck_assert_ptr_null(ub_conv_first_error(cv));
	r = ub_conv_feed(cv, (const uint8_t *)"a", 1, out, sizeof(out), true);
	ck_assert(r.status == UB_OK && r.out == 2);
	ub_conv_close(cv);
}
END_TEST

START_TEST(byte_order_marks)
{
	static struct run r;

	/* UTF-16 target: one BOM, then big-endian */
	convert(&r, "UTF-16", "UTF-8", UB_STRICT, UB_BOM_KEEP,
	        (const uint8_t *)"Ab", 2, 1, 0, 0);
	ck_assert(r.nout == 6 && memcmp(r.out, "\xFE\xFF\0A\0b", 6) == 0);
	/* strip: a leading U+FEFF goes, and none is written */
	convert(&r, "UTF-16", "UTF-8", UB_STRICT, UB_BOM_STRIP,
	        (const uint8_t *)"\xEF\xBB\xBFz", 4, 1, 0, 0);
	ck_assert(r.nout == 2 && memcmp(r.out, "\0z", 2) == 0);
	/* keep: in UTF-8 it is an ordinary character */
	convert(&r, "UTF-8", "UTF-8", UB_STRICT, UB_BOM_KEEP,
	        (const uint8_t *)"\xEF\xBB\xBFz", 4, 0, 0, 0);
	ck_assert_uint_eq(r.nout, 4);
	/* add: written once, and an existing one is not doubled */
	convert(&r, "UTF-8", "UTF-8", UB_STRICT, UB_BOM_ADD,
	        (const uint8_t *)"\xEF\xBB\xBFz", 4, 2, 0, 0);
	ck_assert(r.nout == 4 && memcmp(r.out, "\xEF\xBB\xBFz", 4) == 0);
	convert(&r, "UTF-16LE", "UTF-8", UB_STRICT, UB_BOM_ADD,
	        (const uint8_t *)"z", 1, 0, 0, 0);
	ck_assert(r.nout == 4 && memcmp(r.out, "\xFF\xFEz\0", 4) == 0);
	/* UTF-16 source: the BOM picks the order and is not output */
	convert(&r, "UTF-8", "UTF-16", UB_STRICT, UB_BOM_KEEP,
	        (const uint8_t *)"\xFF\xFEz\0", 4, 1, 0, 0);
	ck_assert(r.nout == 1 && r.out[0] == 'z');
	/* an empty input stays empty, BOM or not */
	convert(&r, "UTF-16", "UTF-8", UB_STRICT, UB_BOM_ADD,
	        (const uint8_t *)"", 0, 0, 0, 0);
	ck_assert_uint_eq(r.nout, 0);
}
END_TEST

START_TEST(open_errors)
{
	ub_conv *cv = (ub_conv *)1;

	ck_assert_int_eq(ub_conv_open(&cv, "UTF-8", "no-such-charset",
	                              UB_STRICT, UB_BOM_KEEP),
	                 UB_E_UNKNOWN_ENCODING);
	ck_assert_ptr_null(cv);
	ck_assert_int_eq(ub_conv_open(&cv, NULL, "UTF-8", UB_STRICT,
	                              UB_BOM_KEEP),
	                 UB_E_INVALID_ARG);
	ck_assert_int_eq(ub_conv_open(&cv, "UTF-8", "UTF-8", (ub_policy)9,
	                              UB_BOM_KEEP),
	                 UB_E_INVALID_ARG);
	ck_assert(ub_charset_known("utf8"));
	ck_assert(!ub_charset_known("no-such-charset"));
	ub_conv_close(NULL);
	ck_assert_int_eq(ub_conv_open(&cv, "latin1", "UTF-16LE", UB_STRICT,
	                              UB_BOM_KEEP),
	                 UB_OK);
	ck_assert_str_eq(ub_conv_from_name(cv), "UTF-16LE");
	ck_assert_str_eq(ub_conv_to_name(cv), "ISO-8859-1");
	ck_assert_int_eq(ub_conv_feed(cv, NULL, 1, NULL, 0, true).status,
	                 UB_E_INVALID_ARG);
	ub_conv_close(cv);
}
END_TEST

Suite *
conv_suite(void)
{
	Suite *s = suite_create("conv");
	TCase *tc = tcase_create("stream");

	tcase_set_timeout(tc, 300);
	tcase_add_loop_test(tc, chunking_utf8_cases, 0,
	                    (int)LEN(subpart_cases));
	tcase_add_loop_test(tc, chunking_wide_sources, 0, (int)LEN(wide));
	tcase_add_loop_test(tc, chunking_unmappable_text, 0, 2);
	tcase_add_loop_test(tc, chunking_icu_sources, 0,
	                    (int)LEN(icu_sources));
	tcase_add_loop_test(tc, regress_icu_inputs, 0, (int)LEN(regress_icu));
	tcase_add_loop_test(tc, agrees_with_transcode, 0,
	                    (int)LEN(subpart_cases));
	tcase_add_test(tc, positions);
	tcase_add_test(tc, strict_stops_with_offset_in_chunk);
	tcase_add_test(tc, byte_order_marks);
	tcase_add_test(tc, open_errors);
	suite_add_tcase(s, tc);
	return s;
}
