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
		len = split > 0 ? (pos == 0 ? split : n - pos)
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
	ck_assert_msg(a->status == b->status, "%s (%s): status %s vs %s",
	              name, what, ub_status_name(a->status),
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

/* The chunking property for one input, every target, every policy. */
static void
chunking_property(const char *label, const char *from, const uint8_t *in,
                  size_t n)
{
	static struct run whole, other;
	size_t t, split, cap;
	char what[128];
	int p;

	for (t = 0; t < LEN(targets); t++)
		for (p = UB_STRICT; p <= UB_ESCAPE; p++) {
			snprintf(what, sizeof(what), "%s, %s -> %s, policy %d",
			         label, from, targets[t], p);
			convert(&whole, targets[t], from, (ub_policy)p,
			        UB_BOM_KEEP, in, n, 0, 0, 0);
			convert(&other, targets[t], from, (ub_policy)p,
			        UB_BOM_KEEP, in, n, 1, 0, 0);
			assert_same(&whole, &other, "1-byte chunks", what);
			for (split = 1; split < n; split++) {
				convert(&other, targets[t], from, (ub_policy)p,
				        UB_BOM_KEEP, in, n, 0, split, 0);
				assert_same(&whole, &other, "one split", what);
			}
			for (cap = 1; cap <= 5; cap += 2) {
				convert(&other, targets[t], from, (ub_policy)p,
				        UB_BOM_KEEP, in, n, 3, 0, cap);
				assert_same(&whole, &other, "small output", what);
			}
		}
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
	{"utf16le pair", "UTF-16LE", "A\0=\xD8\x00\xDE" "B\0", 8},
	{"utf16le lone low", "UTF-16LE", "A\0\x00\xDC" "B\0", 6},
	{"utf16le lone high", "UTF-16LE", "\x3D\xD8" "B\0", 4},
	{"utf16le high at end", "UTF-16LE", "A\0\x3D\xD8", 4},
	{"utf16le high + odd byte", "UTF-16LE", "A\0\x3D\xD8\x00", 5},
	{"utf16le odd byte", "UTF-16LE", "A\0B", 3},
	{"utf16be newline then bad", "UTF-16BE", "\0a\0\n\xDC\x00", 6},
	{"utf16 bom le", "UTF-16", "\xFF\xFE" "A\0\xE9\0", 6},
	{"utf16 bom be", "UTF-16", "\xFE\xFF\0A\0\xE9", 6},
	{"utf16 no bom", "UTF-16", "\0A\0\xE9", 4},
	{"utf16 lone bom", "UTF-16", "\xFF\xFE", 2},
	{"utf16 one byte", "UTF-16", "\xFF", 1},
	{"utf32le", "UTF-32LE", "A\0\0\0\x00\xF6\x01\0", 8},
	{"utf32le surrogate", "UTF-32LE", "\x00\xD8\0\0" "A\0\0\0", 8},
	{"utf32be too large", "UTF-32BE", "\0\x11\0\0\0\0\0A", 8},
	{"utf32 bom", "UTF-32", "\xFF\xFE\0\0" "A\0\0\0", 8},
	{"utf32 truncated", "UTF-32", "\0\0\0A\0\0", 6},
	{"latin1", "ISO-8859-1", "caf\xE9\r\n\xFF", 7},
	{"ascii", "US-ASCII", "ab\x80" "c", 4},
};

START_TEST(chunking_wide_sources)
{
	chunking_property(wide[_i].name, wide[_i].from,
	                  (const uint8_t *)wide[_i].in, wide[_i].n);
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
			        UB_BOM_KEEP, (const uint8_t *)c->in, c->n, 0, 0,
			        0);
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
	          r.err[0].column == 3 && r.err[0].status == UB_E_INVALID_BYTE);
	/* a lone CR ends a line too; columns count characters, not bytes */
	convert(&r, "UTF-8", "UTF-8", UB_SKIP, UB_BOM_KEEP,
	        (const uint8_t *)"a\rb\n\xC3\xA9\xE2\x82\xAC\x80", 10, 0, 0, 0);
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
	tcase_add_loop_test(tc, agrees_with_transcode, 0,
	                    (int)LEN(subpart_cases));
	tcase_add_test(tc, positions);
	tcase_add_test(tc, strict_stops_with_offset_in_chunk);
	tcase_add_test(tc, byte_order_marks);
	tcase_add_test(tc, open_errors);
	suite_add_tcase(s, tc);
	return s;
}
