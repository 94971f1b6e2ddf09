/*
 * check_icudiff.c - unibits against ICU (ucnv), an implementation
 * written by other people, on UTF-8, UTF-16 and UTF-32:
 *
 *  - every scalar value, converted between UTF-8, UTF-16LE/BE and
 *    UTF-32LE/BE both ways, byte for byte;
 *  - at least 10 million random and adversarial byte strings (made of
 *    the bytes and units where the rules change: every boundary of
 *    Unicode Table 3-7, surrogates, BOMs, line ends), compared on the
 *    validation result, the offset and length of every error, and the
 *    conversion with replacement (U+FFFD per maximal subpart).
 *
 * UB_DIFF_STRINGS sets the number of strings (default 10,000,000; the
 * sanitizer build sets it lower since ICU is slow under ASan).
 *
 * Where ICU and the Unicode Standard differ, unibits follows the
 * standard ("U+FFFD Substitution of Maximal Subparts", Unicode 15.0
 * ch. 3; D91 for UTF-16, D90 for UTF-32), and icu_known_difference()
 * below lists and asserts each difference.  With ICU 72 the list is
 * empty on everything tested here:
 *  - UTF-8: ICU 60 and later replace maximal subparts, as unibits does
 *    (the "standard" vectors below include Table 3-8 of the standard);
 *  - UTF-16: both treat a lone surrogate as one error of one unit, and a
 *    high surrogate cut by the end of input (with or without an odd
 *    byte) as one truncated sequence;
 *  - UTF-32: both treat each bad unit as one error, and 1..3 trailing
 *    bytes as one truncated sequence.
 * Older ICU (before 60) replaced whole "non-shortest forms" (C0 AF as
 * one U+FFFD); the test would then fail here, on purpose.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <check.h>
#include <unicode/ucnv.h>
#include <unicode/ucnv_err.h>

#include <unibits.h>

#include "suites.h"
#include "testutil.h"

#define MAXERR 64

/* What one side saw in one string: errors (offset, length) and the
 * UTF-16LE bytes of the replacing conversion. */
struct seen {
	size_t nerr;
	size_t off[MAXERR], len[MAXERR];
	uint8_t out[256];
	size_t nout;
};

struct icu_ctx {
	const char *base;
	struct seen *seen;
};

/* Record each error ICU meets, then let it write its substitute. */
static void U_CALLCONV
icu_error(const void *ctx, UConverterToUnicodeArgs *a, const char *units,
          int32_t len, UConverterCallbackReason why, UErrorCode *err)
{
	const struct icu_ctx *c = ctx;
	struct seen *s = c->seen;

	if (why > UCNV_IRREGULAR) /* reset, close, clone */
		return;
	if (s->nerr < MAXERR) {
		s->off[s->nerr] = (size_t)(a->source - c->base) - (size_t)len;
		s->len[s->nerr] = (size_t)len;
	}
	s->nerr++;
	UCNV_TO_U_CALLBACK_SUBSTITUTE(NULL, a, units, len, why, err);
}

static UConverter *
icu_open(const char *name, struct icu_ctx *ctx)
{
	UErrorCode err = U_ZERO_ERROR;
	UConverter *cv = ucnv_open(name, &err);

	ck_assert_msg(U_SUCCESS(err), "ICU cannot open %s", name);
	ucnv_setToUCallBack(cv, icu_error, ctx, NULL, NULL, &err);
	ck_assert(U_SUCCESS(err));
	return cv;
}

static void
icu_run(UConverter *cv, struct icu_ctx *ctx, const uint8_t *s, size_t n,
        struct seen *out)
{
	UChar buf[128];
	UChar *t = buf;
	const char *src = (const char *)s;
	UErrorCode err = U_ZERO_ERROR;
	size_t i;

	memset(out, 0, sizeof(*out));
	ctx->base = src;
	ctx->seen = out;
	ucnv_resetToUnicode(cv);
	ucnv_toUnicode(cv, &t, buf + 128, &src, src + n, NULL, true, &err);
	if (U_FAILURE(err)) /* cannot happen: buf holds any result */
		ck_abort_msg("ICU: %s", u_errorName(err));
	for (i = 0; buf + i < t; i++) {
		out->out[out->nout++] = (uint8_t)buf[i];
		out->out[out->nout++] = (uint8_t)(buf[i] >> 8);
	}
}

/* The same through unibits: the decoder's steps for the errors, and
 * ub_transcode with UB_REPLACE for the output. */
static bool
ub_run(ub_encoding enc, const uint8_t *s, size_t n, struct seen *out)
{
	ub_decoded d;
	ub_result r;
	size_t i;

	memset(out, 0, sizeof(*out));
	for (i = 0; i < n; i += d.len) {
		d = ub_decode(enc, s + i, n - i);
		if (d.status == UB_OK)
			continue;
		if (out->nerr < MAXERR) {
			out->off[out->nerr] = i;
			out->len[out->nerr] = d.len;
		}
		out->nerr++;
	}
	r = ub_transcode(UB_UTF16LE, enc, s, n, out->out, sizeof(out->out),
	                 UB_REPLACE);
	out->nout = r.out;
	return r.status == UB_OK && r.errors == out->nerr;
}

static void
hexdump(char *buf, size_t cap, const uint8_t *s, size_t n)
{
	size_t i, k = 0;

	buf[0] = '\0';
	for (i = 0; i < n && k + 4 < cap; i++)
		k += (size_t)snprintf(buf + k, cap - k, "%02X ", s[i]);
}

/*
 * Where ICU departs from the standard, on one input: returns true when
 * ICU's result u / icu is a known difference, after asserting that
 * unibits is the side following the standard.  ICU 72 has none on the
 * inputs here (see the top of the file), so this is the place to list
 * one if another ICU version shows it.
 */
static bool
icu_known_difference(ub_encoding enc, const uint8_t *s, size_t n,
                     const struct seen *u, const struct seen *icu)
{
	(void)enc;
	(void)s;
	(void)n;
	(void)u;
	(void)icu;
	return false;
}

/*
 * One string, both sides.  Returns NULL when they agree, else what
 * differs.  (Check's assertions are slow in a loop of millions, so they
 * come only on a failure.)
 */
static const char *
compare(ub_encoding enc, UConverter *cv, struct icu_ctx *ctx, const uint8_t *s,
        size_t n)
{
	struct seen u, icu;
	ub_result v;
	size_t i, lim;

	if (!ub_run(enc, s, n, &u))
		return "ub_transcode with UB_REPLACE did not finish";
	icu_run(cv, ctx, s, n, &icu);
	if (icu_known_difference(enc, s, n, &u, &icu))
		return NULL;
	if (u.nerr != icu.nerr)
		return "the number of errors";
	lim = u.nerr < MAXERR ? u.nerr : MAXERR;
	for (i = 0; i < lim; i++)
		if (u.off[i] != icu.off[i] || u.len[i] != icu.len[i])
			return "the offset or length of an error";
	if (u.nout != icu.nout || memcmp(u.out, icu.out, u.nout) != 0)
		return "the replaced output";
	v = ub_validate(enc, s, n);
	if ((v.status == UB_OK) != (icu.nerr == 0))
		return "the validation result";
	if (icu.nerr > 0 && v.in != icu.off[0])
		return "the offset of the first error";
	return NULL;
}

/* Fail with the input and both sides' errors. */
static void
report_difference(ub_encoding enc, UConverter *cv, struct icu_ctx *ctx,
                  const uint8_t *s, size_t n, const char *what)
{
	struct seen u, icu;
	char hex[200], eu[200], ei[200];
	size_t i, k = 0, l = 0;

	ub_run(enc, s, n, &u);
	icu_run(cv, ctx, s, n, &icu);
	hexdump(hex, sizeof(hex), s, n);
	eu[0] = ei[0] = '\0';
	for (i = 0; i < u.nerr && i < 8; i++)
		k += (size_t)snprintf(eu + k, sizeof(eu) - k, "%zu+%zu ",
		                      u.off[i], u.len[i]);
	for (i = 0; i < icu.nerr && i < 8; i++)
		l += (size_t)snprintf(ei + l, sizeof(ei) - l, "%zu+%zu ",
		                      icu.off[i], icu.len[i]);
	ck_abort_msg("%s [%s]: %s differs; unibits errors: %s; ICU: %s",
	             ub_encoding_name(enc), hex, what, eu, ei);
}

/* Vectors whose errors the standard fixes; both sides must match them.
 * errs lists offset,length pairs. */
static const struct {
	ub_encoding enc;
	const char *icu;
	const char *s;
	size_t n;
	size_t nerr;
	size_t errs[12];
} standard[] = {
	/* Unicode 15.0 Table 3-8: U+FFFD for maximal subparts */
	{UB_UTF8,
         "UTF-8",
         "a\xF1\x80\x80\xE1\x80\xC2"
         "b\x80"
         "c\x80\xBF"
         "d",
         13,
         6,
         {1, 3, 4, 2, 6, 1, 8, 1, 10, 1, 11, 1}},
	/* C0 AF: C0 is never a lead, AF never starts: two */
	{UB_UTF8, "UTF-8", "\xC0\xAF", 2, 2, {0, 1, 1, 1}},
	/* E0 80 AF: 80 is outside E0's A0..BF: three */
	{UB_UTF8, "UTF-8", "\xE0\x80\xAF", 3, 3, {0, 1, 1, 1, 2, 1}},
	/* ED A0 80: a surrogate; A0 is outside ED's 80..9F */
	{UB_UTF8, "UTF-8", "\xED\xA0\x80", 3, 3, {0, 1, 1, 1, 2, 1}},
	/* F4 90 80 80: above 10FFFF */
	{UB_UTF8, "UTF-8", "\xF4\x90\x80\x80", 4, 4, {0, 1, 1, 1, 2, 1, 3, 1}},
	/* F0 9F 98 at the end: one truncated sequence */
	{UB_UTF8, "UTF-8", "\xF0\x9F\x98", 3, 1, {0, 3}},
	/* E1 80 then 'A': the subpart E1 80 is one */
	{UB_UTF8,
         "UTF-8",
         "\xE1\x80"
         "A",
         3,
         1,
         {0, 2}},
	/* the 5-byte form RFC 3629 removed: five */
	{UB_UTF8,
         "UTF-8",
         "\xF8\x88\x80\x80\x80",
         5,
         5,
         {0, 1, 1, 1, 2, 1, 3, 1, 4, 1}},
	/* UTF-16LE: lone high, lone low, high cut by the end, odd byte */
	{UB_UTF16LE, "UTF-16LE", "\x00\xD8\x41\x00", 4, 1, {0, 2}},
	{UB_UTF16LE, "UTF-16LE", "\x00\xDC", 2, 1, {0, 2}},
	{UB_UTF16LE, "UTF-16LE", "\x00\xD8", 2, 1, {0, 2}},
	{UB_UTF16LE, "UTF-16LE", "\x00\xD8\x00", 3, 1, {0, 3}},
	{UB_UTF16LE, "UTF-16LE", "\x41", 1, 1, {0, 1}},
	{UB_UTF16BE, "UTF-16BE", "\xD8\x00\xD8\x00\xDC\x00", 6, 1, {0, 2}},
	/* UTF-32LE: a surrogate, above 10FFFF, three bytes left over */
	{UB_UTF32LE, "UTF-32LE", "\x00\xD8\x00\x00", 4, 1, {0, 4}},
	{UB_UTF32LE, "UTF-32LE", "\x00\x00\x11\x00", 4, 1, {0, 4}},
	{UB_UTF32LE, "UTF-32LE", "\x41\x00\x00", 3, 1, {0, 3}},
};

START_TEST(standard_vectors)
{
	struct icu_ctx ctx;
	UConverter *cv = icu_open(standard[_i].icu, &ctx);
	uint8_t *s = tu_exact(standard[_i].s, standard[_i].n);
	struct seen u, icu;
	size_t k;

	ck_assert(ub_run(standard[_i].enc, s, standard[_i].n, &u));
	icu_run(cv, &ctx, s, standard[_i].n, &icu);
	ck_assert_uint_eq(u.nerr, standard[_i].nerr);
	ck_assert_uint_eq(icu.nerr, standard[_i].nerr);
	for (k = 0; k < standard[_i].nerr; k++) {
		ck_assert_uint_eq(u.off[k], standard[_i].errs[2 * k]);
		ck_assert_uint_eq(u.len[k], standard[_i].errs[2 * k + 1]);
		ck_assert_uint_eq(icu.off[k], standard[_i].errs[2 * k]);
		ck_assert_uint_eq(icu.len[k], standard[_i].errs[2 * k + 1]);
	}
	ck_assert_uint_eq(u.nout, icu.nout);
	ck_assert_mem_eq(u.out, icu.out, u.nout);
	ck_assert(!icu_known_difference(standard[_i].enc, s, standard[_i].n,
	                                &u, &icu));
	free(s);
	ucnv_close(cv);
}
END_TEST

/* Bytes where UTF-8's rules change (Table 3-7), and a few ordinary. */
static const uint8_t utf8_bytes[] = {
	0x00, 0x0A, 0x0D, 0x41, 0x7F, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF,
	0xC0, 0xC1, 0xC2, 0xDF, 0xE0, 0xE1, 0xEC, 0xED, 0xEE, 0xEF, 0xF0,
	0xF1, 0xF3, 0xF4, 0xF5, 0xF7, 0xF8, 0xFB, 0xFC, 0xFE, 0xFF,
};

/* UTF-16 units where the rules change. */
static const uint16_t utf16_units[] = {
	0x0000, 0x000A, 0x0041, 0x00FF, 0xD7FF, 0xD800, 0xDB7F,
	0xDBFF, 0xDC00, 0xDFFF, 0xE000, 0xFEFF, 0xFFFE, 0xFFFF,
};

/* UTF-32 units where the rules change. */
static const uint32_t utf32_units[] = {
	0x0,      0xA,      0x41,       0xD7FF,     0xD800,     0xDFFF,
	0xE000,   0xFEFF,   0xFFFE,     0xFFFF,     0x10000,    0x10FFFF,
	0x110000, 0x1FFFFF, 0xFFFEFFFF, 0x80000000, 0xFFFFFFFF,
};

#define N8 sizeof(utf8_bytes)
#define N16 (sizeof(utf16_units) / sizeof(utf16_units[0]))
#define N32 (sizeof(utf32_units) / sizeof(utf32_units[0]))

static size_t
nstrings(void)
{
	const char *e = getenv("UB_DIFF_STRINGS");

	return e != NULL && *e != '\0' ? (size_t)strtoull(e, NULL, 10)
	                               : 10000000;
}

/* The strings are split into this many loop iterations, by encoding:
 * 60% UTF-8, 20% UTF-16 (LE and BE), 20% UTF-32 (LE and BE). */
#define SLICES 100

static void
random_string(ub_encoding enc, uint64_t *rng, uint8_t *s, size_t *n)
{
	uint64_t r = tu_rand(rng);
	size_t len, i, k = 0;
	uint32_t u;

	if (enc == UB_UTF8) {
		len = r % 13; /* 0..12 bytes */
		for (i = 0; i < len; i++) {
			r = tu_rand(rng);
			s[k++] = r % 4 != 0 ? utf8_bytes[(r >> 8) % N8]
			                    : (uint8_t)(r >> 16);
		}
	} else if (enc == UB_UTF16LE || enc == UB_UTF16BE) {
		len = r % 7; /* 0..6 units, then maybe an odd byte */
		for (i = 0; i < len; i++) {
			r = tu_rand(rng);
			u = r % 4 != 0 ? utf16_units[(r >> 8) % N16]
			               : (uint16_t)(r >> 16);
			s[k++] = (uint8_t)(enc == UB_UTF16BE ? u >> 8 : u);
			s[k++] = (uint8_t)(enc == UB_UTF16BE ? u : u >> 8);
		}
		if (tu_rand(rng) % 8 == 0)
			s[k++] = (uint8_t)r;
	} else {
		len = r % 5; /* 0..4 units, then maybe 1..3 bytes */
		for (i = 0; i < len; i++) {
			r = tu_rand(rng);
			u = r % 4 != 0 ? utf32_units[(r >> 8) % N32]
			               : (uint32_t)(r >> 16) % 0x120000;
			if (enc == UB_UTF32BE) {
				s[k++] = (uint8_t)(u >> 24);
				s[k++] = (uint8_t)(u >> 16);
				s[k++] = (uint8_t)(u >> 8);
				s[k++] = (uint8_t)u;
			} else {
				s[k++] = (uint8_t)u;
				s[k++] = (uint8_t)(u >> 8);
				s[k++] = (uint8_t)(u >> 16);
				s[k++] = (uint8_t)(u >> 24);
			}
		}
		r = tu_rand(rng);
		if (r % 8 == 0)
			for (i = 0; i < 1 + (r >> 8) % 3; i++)
				s[k++] = (uint8_t)(r >> (16 + 8 * i));
	}
	*n = k;
}

START_TEST(random_strings)
{
	static const struct {
		ub_encoding enc;
		const char *icu;
	} slice[] = {
		{UB_UTF8, "UTF-8"},       {UB_UTF8, "UTF-8"},
		{UB_UTF8, "UTF-8"},       {UB_UTF16LE, "UTF-16LE"},
		{UB_UTF32LE, "UTF-32LE"}, {UB_UTF8, "UTF-8"},
		{UB_UTF8, "UTF-8"},       {UB_UTF8, "UTF-8"},
		{UB_UTF16BE, "UTF-16BE"}, {UB_UTF32BE, "UTF-32BE"},
	};
	ub_encoding enc = slice[_i % 10].enc;
	size_t count = nstrings() / SLICES + (_i < (int)(nstrings() % SLICES));
	uint64_t rng = 0x9E3779B97F4A7C15u * (uint64_t)(_i + 1);
	struct icu_ctx ctx;
	UConverter *cv = icu_open(slice[_i % 10].icu, &ctx);
	uint8_t buf[64], *s;
	const char *what;
	size_t i, n;

	for (i = 0; i < count; i++) {
		random_string(enc, &rng, buf, &n);
		s = tu_exact(buf, n);
		what = compare(enc, cv, &ctx, s, n);
		if (what != NULL)
			report_difference(enc, cv, &ctx, s, n, what);
		free(s);
	}
	ucnv_close(cv);
}
END_TEST

/* Every scalar value, in order, as UTF-32LE bytes (built by hand). */
static uint8_t *
all_scalars(size_t *n)
{
	uint8_t *buf = malloc(4 * 0x110000), *p = buf;
	uint32_t cp;

	for (cp = 0; cp <= 0x10FFFF; cp++) {
		if (cp >= 0xD800 && cp <= 0xDFFF)
			continue;
		*p++ = (uint8_t)cp;
		*p++ = (uint8_t)(cp >> 8);
		*p++ = (uint8_t)(cp >> 16);
		*p++ = 0;
	}
	*n = (size_t)(p - buf);
	return buf;
}

/* ICU's conversion of src[0..n) from one charset to another (malloc'd). */
static uint8_t *
icu_convert(const char *to, const char *from, const uint8_t *src, size_t n,
            size_t *len)
{
	UErrorCode err = U_ZERO_ERROR;
	int32_t k;
	char *out;

	k = ucnv_convert(to, from, NULL, 0, (const char *)src, (int32_t)n,
	                 &err);
	ck_assert(err == U_BUFFER_OVERFLOW_ERROR || U_SUCCESS(err));
	out = malloc((size_t)k + 1);
	err = U_ZERO_ERROR;
	k = ucnv_convert(to, from, out, k + 1, (const char *)src, (int32_t)n,
	                 &err);
	ck_assert_msg(U_SUCCESS(err), "ICU %s -> %s: %s", from, to,
	              u_errorName(err));
	*len = (size_t)k;
	return (uint8_t *)out;
}

static const struct {
	ub_encoding enc;
	const char *icu;
} forms[] = {
	{UB_UTF8, "UTF-8"},       {UB_UTF16LE, "UTF-16LE"},
	{UB_UTF16BE, "UTF-16BE"}, {UB_UTF32LE, "UTF-32LE"},
	{UB_UTF32BE, "UTF-32BE"},
};
#define NFORMS (sizeof(forms) / sizeof(forms[0]))

/*
 * All 1,112,064 scalar values from each encoding form to each (loop
 * index = from * NFORMS + to), unibits against ICU byte for byte; then
 * the one-character encoder and decoder on each of them.
 */
START_TEST(every_scalar)
{
	size_t f = (size_t)_i / NFORMS, t = (size_t)_i % NFORMS;
	uint8_t *u32, *src, *want, *got, one[4];
	size_t n32, nsrc, nwant, i, k, at = 0;
	ub_result r;
	ub_decoded d;
	uint32_t cp;

	u32 = all_scalars(&n32);
	src = icu_convert(forms[f].icu, "UTF-32LE", u32, n32, &nsrc);
	want = icu_convert(forms[t].icu, forms[f].icu, src, nsrc, &nwant);
	r = ub_transcode_length(forms[t].enc, forms[f].enc, src, nsrc,
	                        UB_STRICT);
	ck_assert_int_eq(r.status, UB_OK);
	ck_assert_uint_eq(r.out, nwant);
	got = malloc(nwant);
	r = ub_transcode(forms[t].enc, forms[f].enc, src, nsrc, got, nwant,
	                 UB_STRICT);
	ck_assert_int_eq(r.status, UB_OK);
	ck_assert_uint_eq(r.in, nsrc);
	ck_assert_uint_eq(r.out, nwant);
	ck_assert(memcmp(got, want, nwant) == 0);
	/* One at a time: encoding each scalar gives ICU's bytes, and
	 * decoding them gives the scalar back. */
	for (i = 0; t == 0 && i < n32; i += 4) {
		cp = (uint32_t)u32[i] | (uint32_t)u32[i + 1] << 8 |
		     (uint32_t)u32[i + 2] << 16;
		k = ub_encode(forms[f].enc, cp, one);
		if (k == 0 || at + k > nsrc || memcmp(one, src + at, k) != 0)
			ck_abort_msg("%s: U+%04X encodes differently",
			             forms[f].icu, (unsigned)cp);
		d = ub_decode(forms[f].enc, src + at, nsrc - at);
		if (d.status != UB_OK || d.cp != cp || d.len != k)
			ck_abort_msg("%s: U+%04X decodes differently",
			             forms[f].icu, (unsigned)cp);
		at += k;
	}
	free(u32);
	free(src);
	free(want);
	free(got);
}
END_TEST

Suite *
icudiff_suite(void)
{
	Suite *s = suite_create("icudiff");
	TCase *tc = tcase_create("random");

	tcase_set_timeout(tc, 120);
	tcase_add_loop_test(tc, random_strings, 0, SLICES);
	suite_add_tcase(s, tc);
	tc = tcase_create("standard");
	tcase_add_loop_test(tc, standard_vectors, 0,
	                    (int)(sizeof(standard) / sizeof(standard[0])));
	suite_add_tcase(s, tc);
	tc = tcase_create("scalars");
	tcase_set_timeout(tc, 120);
	tcase_add_loop_test(tc, every_scalar, 0, (int)(NFORMS * NFORMS));
	suite_add_tcase(s, tc);
	return s;
}
