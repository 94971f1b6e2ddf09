/*
 * check_scalar.c - the fast scalar loops (lib/scalar.c) against a slow
 * reference, with the scalar level forced (ub_simd_select).
 *
 * The reference converts one character at a time through the public
 * one-character functions, ub_decode and ub_encode, the way the library
 * did before it had fast loops; for UTF-8 every character it decodes
 * is also checked against tests/ref/ref_utf8.h, written straight from
 * Table 3-7.  ub_transcode (strict, with room, too little room by 1..4
 * bytes and as a size query; and with U+FFFD replacement), ub_validate
 * and ub_count must give the same bytes, status, and counts.  Inputs:
 * the vectors of cases.h; every 1- and 2-byte sequence and a sweep of
 * 3-byte ones (sampled 4-byte ones) between ASCII and non-ASCII
 * context at several alignments of the 8-byte words the loops read;
 * UTF-16 and UTF-32 units of every edge; random valid and corrupted
 * text of every length 0..300; a bad sequence at every offset.  Output
 * buffers are exact-size heap blocks, so ASan sees any store past cap.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <check.h>

#include "cases.h"
#include "internal.h"
#include "ref/ref_utf8.h"
#include "suites.h"
#include "testutil.h"

/* The fixed-order built-in encodings. */
static const ub_encoding encs[] = {UB_ASCII,   UB_LATIN1,  UB_UTF8,
                                   UB_UTF16LE, UB_UTF16BE, UB_UTF32LE,
                                   UB_UTF32BE};

/* The targets from UTF-8 (all), and each other source's. */
static const ub_encoding from_utf16[] = {UB_UTF8, UB_UTF32LE, UB_UTF32BE,
                                         UB_UTF16LE, UB_UTF16BE};
static const ub_encoding from_utf32[] = {UB_UTF8, UB_UTF16LE, UB_UTF16BE};
static const ub_encoding from_latin1[] = {UB_UTF8,    UB_UTF16LE, UB_UTF16BE,
                                          UB_UTF32LE, UB_UTF32BE, UB_ASCII};

/* ck_assert marks its place through a pipe on every call, too slow for
 * millions of checks; this only calls into Check when c fails. */
#define REQUIRE(c)                                                            \
	do {                                                                  \
		if (!(c))                                                     \
			ck_abort_msg("failed: %s", #c);                       \
	} while (0)

static ub_simd saved;

static void
setup(void)
{
	saved = ub_simd_level();
	ck_assert_int_eq(ub_simd_select(UB_SIMD_SCALAR), UB_OK);
}

static void
teardown(void)
{
	ub_simd_select(saved);
}

/* Under the sanitizers (make sanitize) the sweeps take every k-th
 * case: the same shapes in a fraction of the time. */
static size_t
stride(size_t k)
{
	const char *env = getenv("UB_SANITIZED");

	return env != NULL && *env != '\0' ? k : 1;
}

/* ub_decode, and for UTF-8 the same answer from ref_utf8.h. */
static ub_decoded
ref_decode(ub_encoding from, const uint8_t *s, size_t n)
{
	ub_decoded d = ub_decode(from, s, n);
	enum ref_class c;
	size_t len;

	if (from == UB_UTF8) {
		c = ref_utf8_next(s, n, &len);
		/* ub_utf8_decode agrees with Table 3-7 */
		REQUIRE(len == d.len &&
		        (c == REF_VALID) == (d.status == UB_OK) &&
		        (c == REF_TRUNCATED) == (d.status == UB_E_TRUNCATED));
		REQUIRE(c != REF_VALID || d.cp == ref_utf8_value(s, len));
	}
	return d;
}

/*
 * The reference conversion: one character at a time; dst == NULL
 * counts.  replace: each bad sequence (maximal subpart) and each
 * unmappable character becomes the target's substitute.
 */
static ub_result
ref_transcode(ub_encoding to, ub_encoding from, const uint8_t *s, size_t n,
              uint8_t *dst, size_t cap, bool replace)
{
	ub_result r = {UB_OK, 0, 0, 0};
	uint8_t buf[4];
	ub_decoded d;
	size_t k;

	while (r.in < n) {
		d = ref_decode(from, s + r.in, n - r.in);
		k = d.status == UB_OK ? ub_encode(to, d.cp, buf) : 0;
		if (k == 0) {
			if (!replace) {
				r.status = d.status != UB_OK ? d.status
				                             : UB_E_UNMAPPABLE;
				break;
			}
			k = ub_encode(to, ubi_substitute(to), buf);
			r.errors++;
		}
		if (dst != NULL) {
			if (cap - r.out < k) {
				r.status = UB_E_OUTPUT_FULL;
				break;
			}
			memcpy(dst + r.out, buf, k);
		}
		r.out += k;
		r.in += d.len;
	}
	return r;
}

static void
show(const char *what, ub_encoding to, ub_encoding from, const uint8_t *s,
     size_t n, size_t cap, ub_result want, ub_result got)
{
	size_t i;

	fprintf(stderr, "scalar: %s %s -> %s, n %zu, cap %zu:", what,
	        ub_encoding_name(from), ub_encoding_name(to), n, cap);
	for (i = 0; i < n && i < 80; i++)
		fprintf(stderr, " %02X", s[i]);
	fprintf(stderr,
	        "\n  want status %d in %zu out %zu errors %zu\n"
	        "  got  status %d in %zu out %zu errors %zu\n",
	        (int)want.status, want.in, want.out, want.errors,
	        (int)got.status, got.in, got.out, got.errors);
}

static bool
same(ub_result a, ub_result b)
{
	return a.status == b.status && a.in == b.in && a.out == b.out &&
	       a.errors == b.errors;
}

/* One conversion into an exact-size buffer of cap bytes (or a size
 * query when cap is SIZE_MAX), against the reference; want is the
 * reference with room enough, when known. */
static void
check_cap(ub_encoding to, ub_encoding from, const uint8_t *s, size_t n,
          size_t cap, bool replace, const ub_result *known)
{
	ub_policy policy = replace ? UB_REPLACE : UB_STRICT;
	bool query = cap == SIZE_MAX;
	static uint8_t want_buf[16384];
	uint8_t *got_buf = NULL;
	ub_result want, got;

	REQUIRE(query || cap < sizeof want_buf);
	if (!query) {
		/* exactly cap bytes (ASan sees a store past them); cap 0
		 * still needs a pointer, as NULL asks for the size */
		got_buf = malloc(cap > 0 ? cap : 1);
		REQUIRE(got_buf != NULL);
	}
	if (known != NULL)
		want = *known;
	else
		want = ref_transcode(to, from, s, n, want_buf,
		                     query ? sizeof want_buf : cap, replace);
	if (query)
		got = ub_transcode(to, from, s, n, NULL, 0, policy);
	else
		got = ub_transcode(to, from, s, n, got_buf, cap, policy);
	if (!replace)
		want.errors = want.status != UB_OK &&
		              want.status != UB_E_OUTPUT_FULL;
	if (!same(want, got) ||
	    (!query && memcmp(want_buf, got_buf, want.out) != 0)) {
		show(query ? "size query" : "transcode", to, from, s, n, cap,
		     want, got);
		ck_abort_msg("scalar transcode differs from the reference");
	}
	free(got_buf);
}

/* Every way of converting s[0..n) from -> to that the loops affect:
 * with room, as a size query, with 1..4 bytes too few (caps), and
 * replacing (replace). */
static void
check_pair(ub_encoding to, ub_encoding from, const uint8_t *s, size_t n,
           bool caps, bool replace)
{
	static uint8_t buf[16384];
	ub_result full = ref_transcode(to, from, s, n, buf, sizeof buf, false);
	size_t j;

	check_cap(to, from, s, n, SIZE_MAX, false, &full);
	check_cap(to, from, s, n, full.out, false, NULL);
	if (caps)
		for (j = 1; j <= 4 && j <= full.out; j++)
			check_cap(to, from, s, n, full.out - j, false, NULL);
	if (replace && to != UB_ASCII && to != UB_LATIN1)
		check_cap(to, from, s, n,
		          ref_transcode(to, from, s, n, buf, sizeof buf, true)
		                  .out,
		          true, NULL);
}

/* ub_validate and ub_count of s[0..n) against the reference. */
static void
check_validate(ub_encoding enc, const uint8_t *s, size_t n)
{
	ub_result want = {UB_OK, 0, 0, 0}, got;
	size_t i, count = 0;
	ub_decoded d;

	while (want.in < n) {
		d = ref_decode(enc, s + want.in, n - want.in);
		if (d.status != UB_OK) {
			want.status = d.status;
			want.errors = 1;
			break;
		}
		want.in += d.len;
		want.out++;
	}
	for (i = 0; i < n; count++)
		i += ref_decode(enc, s + i, n - i).len;
	got = ub_validate(enc, s, n);
	if (!same(want, got)) {
		show("validate", enc, enc, s, n, 0, want, got);
		ck_abort_msg("scalar validate differs from the reference");
	}
	REQUIRE(ub_count(enc, s, n) == count);
	if (enc == UB_UTF8) {
		REQUIRE(same(ub_utf8_validate(s, n), want));
		REQUIRE(ub_utf8_count(s, n) == count);
	}
}

static const ub_encoding *
targets(ub_encoding from, size_t *k)
{
	switch (from) {
	case UB_UTF8:
		*k = LEN(encs);
		return encs;
	case UB_UTF16LE:
	case UB_UTF16BE:
		*k = LEN(from_utf16);
		return from_utf16;
	case UB_UTF32LE:
	case UB_UTF32BE:
		*k = LEN(from_utf32);
		return from_utf32;
	default:
		*k = LEN(from_latin1);
		return from_latin1;
	}
}

/* Everything about s[0..n) as from, in an exact-size heap copy. */
static void
check_all(ub_encoding from, const uint8_t *text, size_t n, bool caps)
{
	uint8_t *s = tu_exact(text, n);
	const ub_encoding *to;
	size_t k, j;

	check_validate(from, s, n);
	to = targets(from, &k);
	for (j = 0; j < k; j++)
		check_pair(to[j], from, s, n, caps, true);
	free(s);
}

/* For the sweeps over many sequences: validation and three of the
 * targets from UTF-8, chosen by h. */
static void
check_some(const uint8_t *text, size_t n, size_t h)
{
	static const ub_encoding other[] = {UB_LATIN1, UB_UTF8, UB_ASCII};
	uint8_t *s = tu_exact(text, n);

	check_validate(UB_UTF8, s, n);
	check_pair(h % 2 == 0 ? UB_UTF16LE : UB_UTF16BE, UB_UTF8, s, n, false,
	           h % 4 == 0);
	check_pair(h / 2 % 2 == 0 ? UB_UTF32LE : UB_UTF32BE, UB_UTF8, s, n,
	           false, h % 4 == 1);
	check_pair(other[h % 3], UB_UTF8, s, n, false, false);
	free(s);
}

/* Context around a sequence under test: nothing, ASCII (7 bytes, so
 * the sequence straddles a word), and non-ASCII of every length. */
static const char *const before[] = {
	"",
	"abcdefg",
	"\xC3\xA9",
	"x\xE4\xB8\xAD",
	"\xF0\x9F\x98\x80yz",
	"abcdefghijk\xD0\x96",
};
static const char *const after[] = {
	"",
	"\xC3\xA9\xE4\xB8\xAD\xF0\x9F\x98\x80",
	"xyz01234567",
	"q\xCE\xA9rstuvwxyz",
};

/* seq[0..k) as UTF-8 between before[b] and after[a]; all of it, or
 * some of it chosen by h (h != SIZE_MAX). */
static void
check_between(const uint8_t *seq, size_t k, size_t b, size_t a, bool caps,
              size_t h)
{
	uint8_t text[64];
	size_t lb = strlen(before[b]), la = strlen(after[a]);

	memcpy(text, before[b], lb);
	memcpy(text + lb, seq, k);
	memcpy(text + lb + k, after[a], la);
	if (h == SIZE_MAX)
		check_all(UB_UTF8, text, lb + k + la, caps);
	else
		check_some(text, lb + k + la, h);
}

/* seq[0..k) in every context. */
static void
check_in_context(const uint8_t *seq, size_t k, bool caps)
{
	size_t b, a;

	for (b = 0; b < LEN(before); b++)
		for (a = 0; a < LEN(after); a++)
			check_between(seq, k, b, a, caps, SIZE_MAX);
}

/* seq[0..k) after ASCII that makes it straddle a word or after
 * non-ASCII (by h), and in the context number h of all. */
static void
check_in_some(const uint8_t *seq, size_t k, size_t h)
{
	check_between(seq, k, h % 2 == 0 ? 1 : 3, h % 2 == 0 ? 2 : 1, false,
	              h);
	h %= LEN(before) * LEN(after);
	check_between(seq, k, h / LEN(after), h % LEN(after), false, h + 1);
}

START_TEST(test_cases)
{
	const struct subpart_case *c = &subpart_cases[_i];
	uint8_t text[300];
	size_t p;

	check_all(UB_UTF8, (const uint8_t *)c->in, c->n, true);
	check_in_context((const uint8_t *)c->in, c->n, true);
	/* shifted through two words */
	for (p = 0; p <= 17; p++) {
		memset(text, 'x', p);
		memcpy(text + p, c->in, c->n);
		memset(text + p + c->n, 'y', 9);
		check_all(UB_UTF8, text, p + c->n + 9, false);
	}
}
END_TEST

/* Every sequence of 1 byte and of 2 bytes (_i is the first byte). */
START_TEST(test_two_bytes)
{
	uint8_t seq[2];
	unsigned b;

	seq[0] = (uint8_t)_i;
	check_in_context(seq, 1, true);
	for (b = 0; b < 256; b += (unsigned)stride(3)) {
		seq[1] = (uint8_t)b;
		check_in_some(seq, 2, b);
		check_in_some(seq, 2, b + 1);
	}
}
END_TEST

/* Trailing-byte values that matter: each edge of each Table 3-7 range
 * and bytes that are no trailing byte at all. */
static const uint8_t edges[] = {0x00, 0x41, 0x7F, 0x80, 0x8F, 0x90, 0x9F,
                                0xA0, 0xBF, 0xC0, 0xC2, 0xE0, 0xF0, 0xFF};

/* 3 bytes: every lead C0..FF (_i) and second byte, the third from the
 * edges; then every third byte after the edge second bytes. */
START_TEST(test_three_bytes)
{
	uint8_t seq[3] = {(uint8_t)(0xC0 + _i), 0, 0};
	unsigned b, c;

	for (b = 0; b < 256; b += (unsigned)stride(4)) {
		seq[1] = (uint8_t)b;
		for (c = 0; c < LEN(edges); c++) {
			seq[2] = edges[c];
			check_in_some(seq, 3, b + c);
		}
	}
	for (b = 0; b < LEN(edges); b++) {
		seq[1] = edges[b];
		for (c = 0; c < 256; c += (unsigned)stride(4)) {
			seq[2] = (uint8_t)c;
			check_in_some(seq, 3, b + c);
		}
	}
}
END_TEST

/* 4 bytes: leads F0..F4 and neighbours, edge and random others. */
START_TEST(test_four_bytes)
{
	uint64_t st = 4 + (uint64_t)_i;
	uint8_t seq[4];
	int t, j;

	for (t = 0; t < 3000 / (int)stride(5); t++) {
		seq[0] = (uint8_t)(0xEE + tu_rand(&st) % 10);
		for (j = 1; j < 4; j++)
			seq[j] = tu_rand(&st) % 4 == 0
			                 ? (uint8_t)tu_rand(&st)
			                 : edges[tu_rand(&st) % LEN(edges)];
		if (t % 50 == 0)
			check_in_context(seq, 4, true);
		else
			check_in_some(seq, 4, (size_t)t);
	}
}
END_TEST

/* Valid characters of every length and edge, and ASCII. */
static const char *const pool[] = {
	"a",
	"Z",
	" ",
	"0",
	"\n",
	"~",
	"\x7F",
	"\xC2\x80",
	"\xC3\xA9",
	"\xDF\xBF",
	"\xD0\x96",
	"\xE0\xA0\x80",
	"\xE4\xB8\xAD",
	"\xED\x9F\xBF",
	"\xEE\x80\x80",
	"\xEF\xBF\xBD",
	"\xEF\xBF\xBF",
	"\xF0\x90\x80\x80",
	"\xF0\x9F\x98\x80",
	"\xF4\x8F\xBF\xBF",
};

/* Random text from pool (its first 6 strings are ASCII). */
static size_t
random_text(uint64_t *st, uint8_t *buf, size_t len, unsigned ascii_pct,
            size_t pool_size)
{
	return tu_random_text(st, buf, len, pool, 6, pool_size, ascii_pct);
}

/* s as from (UTF-16/32 of the UTF-8 text, Latin-1 of its low bytes). */
static size_t
recode(ub_encoding from, const uint8_t *s, size_t n, uint8_t *out)
{
	ub_result r;

	if (from == UB_LATIN1) {
		memcpy(out, s, n);
		return n;
	}
	r = ub_transcode(from, UB_UTF8, s, n, out, 8 * n + 8, UB_REPLACE);
	REQUIRE(r.status == UB_OK);
	return r.out;
}

static const ub_encoding sources[] = {UB_UTF8,    UB_UTF16LE, UB_UTF16BE,
                                      UB_UTF32LE, UB_UTF32BE, UB_LATIN1,
                                      UB_ASCII};

/* Random valid text of length _i, then with 1..3 bytes corrupted. */
START_TEST(test_random)
{
	static uint8_t text[400], enc[3300];
	uint64_t st = 300 + (uint64_t)_i;
	size_t len = (size_t)_i, n, m, j, f, flips, pick;

	for (pick = 0; pick < 2; pick++) {
		n = random_text(&st, text, len, _i % 3 == 0 ? 80 : 25,
		                pick == 0 ? LEN(pool) : 11);
		/* UTF-8, and one other source in turn */
		for (j = 0; j < LEN(sources);
		     j = j == 0 ? 1 + (size_t)(_i + pick) % 6 : LEN(sources)) {
			m = recode(sources[j], text, n, enc);
			check_all(sources[j], enc, m, _i % 8 == 0);
			if (m == 0)
				continue;
			flips = 1 + tu_rand(&st) % 3;
			for (f = 0; f < flips; f++)
				enc[tu_rand(&st) % m] = (uint8_t)tu_rand(&st);
			check_all(sources[j], enc, m, _i % 8 == 4);
			check_all(sources[j], enc, m - 1, false);
		}
	}
}
END_TEST

/* Each bad sequence at every offset of random text. */
static const char *const bad8[] = {
	"\x80",         "\xC1\xBF",         "\xC2",
	"\xC2\x41",     "\xE0\x9F\xBF",     "\xE1\x80",
	"\xED\xA0\x80", "\xEF\xBF",         "\xF0\x8F\xBF\xBF",
	"\xF0\x9F\x98", "\xF4\x90\x80\x80", "\xF5\x80\x80\x80",
	"\xFF",
};

START_TEST(test_every_offset)
{
	static uint8_t base[80], text[100];
	const char *b = bad8[_i];
	size_t k = strlen(b), p;
	uint64_t st = 17 + (uint64_t)_i;
	int pass;

	for (pass = 0; pass < 2; pass++) {
		if (pass == 0)
			memset(base, 'x', sizeof base);
		else
			random_text(&st, base, sizeof base, 30, LEN(pool));
		for (p = 0; p <= sizeof base; p += stride(3)) {
			memcpy(text, base, p);
			memcpy(text + p, b, k);
			memcpy(text + p + k, base + p, sizeof base - p);
			check_all(UB_UTF8, text, sizeof base + k, p % 7 == 0);
			check_all(UB_UTF8, text, p + k, false);
		}
	}
}
END_TEST

/* UTF-16 and UTF-32: pairs of units of every edge, between ASCII and
 * non-ASCII units, at every alignment of a word. */
static const uint32_t units16[] = {0x0000, 0x0041, 0x007F, 0x0080, 0x07FF,
                                   0x0800, 0xD7FF, 0xD800, 0xDBFF, 0xDC00,
                                   0xDFFF, 0xE000, 0xFFFD, 0xFFFF};
static const uint32_t units32[] = {0x0,      0x41,     0x7F,      0x80,
                                   0x7FF,    0x800,    0xD7FF,    0xD800,
                                   0xDFFF,   0xE000,   0xFFFF,    0x10000,
                                   0x10FFFF, 0x110000, 0x1000000, 0xFFFFFFFF};

START_TEST(test_units)
{
	static const uint32_t ctx[] = {0x41, 0x416, 0x4E2D};
	ub_endian e = _i % 2 == 0 ? UB_LE : UB_BE;
	bool wide = _i >= 2;
	ub_encoding from = wide ? (e == UB_LE ? UB_UTF32LE : UB_UTF32BE)
	                        : (e == UB_LE ? UB_UTF16LE : UB_UTF16BE);
	size_t nu = wide ? LEN(units32) : LEN(units16), w = wide ? 4 : 2;
	uint8_t text[64];
	size_t a, b, c, pre, n, j;

	for (a = 0; a < nu; a++)
		for (b = 0; b < nu; b++)
			for (c = 0; c < LEN(ctx); c++)
				for (pre = 0; pre < 5; pre++) {
					n = 0;
					for (j = 0; j < pre; j++, n += w)
						wide ? ubi_put32(text + n,
						                 ctx[c], e)
						     : ubi_put16(text + n,
						                 ctx[c], e);
					if (wide) {
						ubi_put32(text + n, units32[a],
						          e);
						ubi_put32(text + n + 4,
						          units32[b], e);
					} else {
						ubi_put16(text + n, units16[a],
						          e);
						ubi_put16(text + n + 2,
						          units16[b], e);
					}
					n += 2 * w;
					for (j = 0; j < 4; j++, n += w)
						wide ? ubi_put32(text + n,
						                 ctx[c], e)
						     : ubi_put16(text + n,
						                 ctx[c], e);
					check_all(from, text, n, pre == 1);
					/* ending after the pair, and odd */
					check_all(from, text, n - 4 * w,
					          false);
					check_all(from, text, n - 4 * w - 1,
					          false);
				}
}
END_TEST

/*
 * Runs of 2- or 3-byte characters (the loops take several at once)
 * with one edge or bad sequence in place of each of the first six, after
 * 0..3 ASCII bytes: every lane of the word the loops read.
 */
static const char *const run_base[] = {"\xD0\x96", "\xDF\xBF", "\xE4\xB8\xAD",
                                       "\xED\x9F\xBF"};
static const char *const run_odd[] = {
	"\xC0\x80",     "\xC1\xBF",         "\xC2\x7F",     "\xC2\xC0",
	"\xC2\x80",     "\xDF\xBF",         "\xE0\x9F\xBF", "\xE0\xA0\x80",
	"\xED\xA0\x80", "\xED\x9F\xBF",     "\xEF\xBF\xBF", "\xE1\x7F\x80",
	"\xE1\x80\xC0", "\xF0\x90\x80\x80", "\xEE\x80",     "a",
};

START_TEST(test_runs)
{
	const char *base = run_base[_i / LEN(run_odd)];
	const char *odd = run_odd[_i % LEN(run_odd)];
	size_t lb = strlen(base), lo = strlen(odd), pre, j, k, n;
	uint8_t text[64];

	for (pre = 0; pre < 4; pre++)
		for (j = 0; j < 6; j++) {
			n = 0;
			memset(text, 'a', pre);
			n += pre;
			for (k = 0; k < 8; k++) {
				memcpy(text + n, k == j ? odd : base,
				       k == j ? lo : lb);
				n += k == j ? lo : lb;
			}
			check_all(UB_UTF8, text, n, j == 1);
		}
}
END_TEST

/*
 * The loops themselves, on a long valid text with every stop and small
 * caps: they start no character at or after stop (an ASCII word may
 * run up to 7 bytes past it), store nothing past cap, and what they
 * count as written is the reference's conversion of what they read.
 */
START_TEST(test_loops_direct)
{
	static uint8_t text[3000], enc[13000], out[13000], want[13000];
	uint64_t st = 1;
	size_t n, m, i, k, j, r, w, stop, cap;
	ubi_run_fn fn;
	ub_result ref;

	n = random_text(&st, text, sizeof text, 40, LEN(pool));
	for (i = 0; i < LEN(sources); i++)
		for (k = 0; k < LEN(encs); k++) {
			fn = ubi_scalar_converter(encs[k], sources[i]);
			if (fn == NULL)
				continue;
			m = recode(sources[i], text, n, enc);
			for (stop = 0; stop < 300; stop += 7)
				for (cap = 0; cap < 300; cap += 13) {
					memset(out, 0xAA, sizeof out);
					r = fn(enc, m, stop, out, cap, &w);
					REQUIRE(w <= cap);
					REQUIRE(r == 0 || r < stop + 8);
					for (j = cap; j < cap + 40; j++)
						REQUIRE(out[j] == 0xAA);
					ref = ref_transcode(encs[k],
					                    sources[i], enc, r,
					                    want, sizeof want,
					                    false);
					REQUIRE(ref.status == UB_OK &&
					        ref.out == w);
					REQUIRE(memcmp(out, want, w) == 0);
				}
		}
}
END_TEST

Suite *
scalar_suite(void)
{
	Suite *s = suite_create("scalar");
	TCase *tc = tcase_create("loops");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 600);
	tcase_add_loop_test(tc, test_cases, 0, (int)LEN(subpart_cases));
	tcase_add_loop_test(tc, test_two_bytes, 0, 256);
	tcase_add_loop_test(tc, test_three_bytes, 0, 64);
	tcase_add_loop_test(tc, test_four_bytes, 0, 4);
	tcase_add_loop_test(tc, test_random, 0, 301);
	tcase_add_loop_test(tc, test_every_offset, 0, (int)LEN(bad8));
	tcase_add_loop_test(tc, test_units, 0, 4);
	tcase_add_loop_test(tc, test_runs, 0,
	                    (int)(LEN(run_base) * LEN(run_odd)));
	tcase_add_test(tc, test_loops_direct);
	suite_add_tcase(s, tc);
	return s;
}
