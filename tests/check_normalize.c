/*
 * check_normalize.c - lib/normalize.c (streaming normalization) and
 * ub_norm_boundary.  Oracles: the Unicode Character Database as Debian's
 * unicode-data ships it: NormalizationTest.txt (bzip2), UnicodeData.txt
 * and DerivedNormalizationProps.txt.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <check.h>

#include "internal.h"
#include "suites.h"
#include "testutil.h"

#define UCD "/usr/share/unicode/"

static const ub_norm_form forms[4] = {UB_NFC, UB_NFD, UB_NFKC, UB_NFKD};
static const char *const form_names[4] = {"NFC", "NFD", "NFKC", "NFKD"};

/* A growing byte buffer. */
struct buf {
	uint8_t *p;
	size_t n, cap;
};

static void
buf_add(struct buf *b, const void *s, size_t n)
{
	if (n == 0)
		return;
	if (b->n + n > b->cap) {
		b->cap = (b->n + n) * 2 + 1024;
		b->p = realloc(b->p, b->cap);
		ck_assert(b->p != NULL);
	}
	memcpy(b->p + b->n, s, n);
	b->n += n;
}

/* Stream s[0..n) through a normalizer in chunks of piece bytes (cycling
 * through the sizes in pieces[]), with output room cap. */
static void
stream(ub_norm *nm, const uint8_t *s, size_t n, const size_t *pieces,
       size_t npieces, size_t cap, struct buf *out)
{
	uint8_t *dst = malloc(cap);
	size_t pos = 0, k, j, pi = 0;
	ub_result r;
	bool last;

	ub_norm_reset(nm);
	out->n = 0;
	do {
		k = pieces[pi++ % npieces];
		if (k > n - pos)
			k = n - pos;
		last = pos + k == n;
		j = 0;
		do {
			r = ub_norm_feed(nm, s + pos + j, k - j, dst, cap,
			                 last);
			ck_assert_msg(r.status == UB_OK ||
			                      r.status == UB_E_OUTPUT_FULL,
			              "status %s", ub_status_name(r.status));
			buf_add(out, dst, r.out);
			j += r.in;
		} while (r.status == UB_E_OUTPUT_FULL);
		ck_assert_uint_eq(j, k);
		pos += k;
	} while (!last);
	free(dst);
}

/* ---- NormalizationTest.txt ---- */

/* Parse "0044 0307" into UTF-8. */
static void
parse_cps(const char *s, struct buf *b)
{
	char *end;
	unsigned long cp;
	uint8_t u8[4];

	for (;;) {
		while (*s == ' ')
			s++;
		cp = strtoul(s, &end, 16);
		if (end == s)
			break;
		buf_add(b, u8, ub_utf8_encode((uint32_t)cp, u8));
		s = end;
	}
}

/*
 * All of part 1 as one text per form: every source column, each
 * followed by a space (a boundary), and the expected text likewise.
 */
static struct buf src_text[4], want_text[4];
static size_t nlines;
/* Their lengths after the first CUT_LINES lines. */
#define CUT_LINES 2000
static size_t src_cut[4], want_cut[4];

static void
load_tests(void)
{
	FILE *p;
	char line[2048], *col[5], *s;
	struct buf c[5];
	int i, f, k;
	/* UAX #15 conformance: which column each form gives for each. */
	static const int want[4][5] = {
		{2, 2, 2, 4, 4}, /* NFC */
		{3, 3, 3, 5, 5}, /* NFD */
		{4, 4, 4, 4, 4}, /* NFKC */
		{5, 5, 5, 5, 5}, /* NFKD */
	};

	if (nlines > 0)
		return;
	memset(c, 0, sizeof(c));
	p = popen("bzip2 -dc " UCD "NormalizationTest.txt.bz2", "r");
	ck_assert_msg(p != NULL, "cannot read NormalizationTest.txt.bz2");
	while (fgets(line, sizeof(line), p) != NULL) {
		if (line[0] == '#' || line[0] == '@' || line[0] == '\n')
			continue;
		s = line;
		for (i = 0; i < 5 && s != NULL; i++) {
			col[i] = s;
			s = strchr(s, ';');
			if (s != NULL)
				*s++ = '\0';
		}
		ck_assert_msg(i == 5 && s != NULL, "bad line %s", line);
		for (i = 0; i < 5; i++) {
			c[i].n = 0;
			parse_cps(col[i], &c[i]);
		}
		for (f = 0; f < 4; f++)
			for (i = 0; i < 5; i++) {
				k = want[f][i] - 1;
				buf_add(&src_text[f], c[i].p, c[i].n);
				buf_add(&src_text[f], " ", 1);
				buf_add(&want_text[f], c[k].p, c[k].n);
				buf_add(&want_text[f], " ", 1);
			}
		if (++nlines == CUT_LINES)
			for (f = 0; f < 4; f++) {
				src_cut[f] = src_text[f].n;
				want_cut[f] = want_text[f].n;
			}
	}
	ck_assert_int_eq(pclose(p), 0);
	ck_assert_uint_gt(nlines, 15000);
	for (i = 0; i < 5; i++)
		free(c[i].p);
}

/* The first difference, for a readable failure. */
static void
assert_same(const struct buf *got, const struct buf *want, const char *what)
{
	size_t i, n = got->n < want->n ? got->n : want->n;

	for (i = 0; i < n && got->p[i] == want->p[i]; i++)
		;
	ck_assert_msg(i == n && got->n == want->n,
	              "%s: differs at byte %zu (got %zu bytes, want %zu)",
	              what, i, got->n, want->n);
}

START_TEST(conformance)
{
	static const size_t whole[] = {SIZE_MAX};
	ub_norm *nm;
	struct buf out = {NULL, 0, 0};

	load_tests();
	ck_assert_int_eq(ub_norm_open(&nm, forms[_i], false), UB_OK);
	stream(nm, src_text[_i].p, src_text[_i].n, whole, 1, 1 << 20, &out);
	assert_same(&out, &want_text[_i], form_names[_i]);
	ck_assert_uint_eq(ub_norm_inserted(nm), 0);
	ck_assert_uint_eq(ub_norm_error_count(nm), 0);
	ub_norm_close(nm);
	free(out.p);
}
END_TEST

/* The same text split at every byte (the first CUT_LINES lines, to keep the
 * time down) and in odd sizes, with small and odd output buffers. */
START_TEST(conformance_chunked)
{
	static const size_t ones[] = {1};
	static const size_t odd[] = {7, 3, 64, 1, 5000, 2, 13};
	ub_norm *nm;
	struct buf out = {NULL, 0, 0}, want;
	char what[64];

	load_tests();
	ck_assert_int_eq(ub_norm_open(&nm, forms[_i], false), UB_OK);
	want = want_text[_i];
	want.n = want_cut[_i];
	stream(nm, src_text[_i].p, src_cut[_i], ones, 1, 4096, &out);
	snprintf(what, sizeof(what), "%s, 1-byte chunks", form_names[_i]);
	assert_same(&out, &want, what);
	stream(nm, src_text[_i].p, src_text[_i].n, odd, LEN(odd), 3, &out);
	snprintf(what, sizeof(what), "%s, odd chunks", form_names[_i]);
	assert_same(&out, &want_text[_i], what);
	ub_norm_close(nm);
	free(out.p);
}
END_TEST

/* ---- every split point of a hard sample, against one-shot ---- */

static const char hard[] =
	"A\xcc\x8a"
	"ffi \xef\xac\x83 \xe1\xba\x9b\xcc\xa3 " /* Å ﬃ ẛ̣ */
	"\xea\xb0\x80\xe1\x86\xa8 \xe1\x84\x80\xe1\x85\xa1\xe1\x86\xa8 "
	"q\xcc\x87\xcc\xa3 \xe0\xbd\xb3\xe0\xbd\xb3 \xc7\x84 " /* Hangul, q̣̇ */
	"\xe0\xae\x95\xe0\xaf\x8a \xe0\xae\x95\xe0\xaf\x86\xe0\xae\xbe "
	"\xef\xbe\x9e\xef\xbe\x9e \xef\xb7\xba \xc3\x9f\xe1\xba\x9e "
	"\xc4\xb0stanbul \xcf\x82\xce\xa3 \xe2\x84\xab\xe2\x84\xa6";

START_TEST(every_split)
{
	size_t n = sizeof(hard) - 1, split, sizes[2];
	uint8_t *s = tu_exact(hard, n), *one;
	ub_norm *nm;
	struct buf out = {NULL, 0, 0};
	bool casefold = _i >= 4;
	ub_norm_form form = forms[_i % 4];
	ub_result r;

	r = ub_normalize(form, casefold, s, n, NULL, 0);
	ck_assert_int_eq(r.status, UB_OK);
	one = malloc(r.out);
	ck_assert_uint_eq(ub_normalize(form, casefold, s, n, one, r.out).out,
	                  r.out);
	ck_assert_int_eq(ub_norm_open(&nm, form, casefold), UB_OK);
	for (split = 0; split <= n; split++) {
		sizes[0] = split;
		sizes[1] = n;
		stream(nm, s, n, sizes, 2, 1 + split % 7, &out);
		ck_assert_msg(out.n == r.out && memcmp(out.p, one, r.out) == 0,
		              "%s%s: split at %zu differs", form_names[_i % 4],
		              casefold ? "+casefold" : "", split);
	}
	ub_norm_close(nm);
	free(one);
	free(out.p);
	free(s);
}
END_TEST

/* ---- ub_norm_boundary against the UCD ---- */

/* ccc from UnicodeData.txt, and the code points whose NFC_QC / NFKC_QC
 * is Maybe or NFD_QC / NFKD_QC is No (DerivedNormalizationProps.txt). */
static uint8_t ccc[0x110000];
static uint8_t qc[0x110000]; /* bits: 1 NFC M, 2 NFKC M, 4 NFC N,
                              * 8 NFKC N, 16 NFD N, 32 NFKD N */
static bool ucd_loaded;

static void
load_ucd(void)
{
	FILE *f;
	char line[1024], prop[32], val[8];
	unsigned lo, hi, c, cl, cp;
	int bit;

	if (ucd_loaded)
		return;
	f = fopen(UCD "UnicodeData.txt", "r");
	ck_assert(f != NULL);
	while (fgets(line, sizeof(line), f) != NULL)
		if (sscanf(line, "%x;%*[^;];%*[^;];%u;", &cp, &cl) == 2)
			ccc[cp] = (uint8_t)cl;
	fclose(f);
	f = fopen(UCD "DerivedNormalizationProps.txt", "r");
	ck_assert(f != NULL);
	while (fgets(line, sizeof(line), f) != NULL) {
		if (line[0] == '#' || line[0] == '\n')
			continue;
		if (sscanf(line, "%x..%x ; %31[A-Za-z_] ; %7[A-Z]", &lo, &hi,
		           prop, val) != 4) {
			if (sscanf(line, "%x ; %31[A-Za-z_] ; %7[A-Z]", &lo,
			           prop, val) != 3)
				continue;
			hi = lo;
		}
		bit = 0;
		if (strcmp(prop, "NFC_QC") == 0)
			bit = val[0] == 'M' ? 1 : 4;
		else if (strcmp(prop, "NFKC_QC") == 0)
			bit = val[0] == 'M' ? 2 : 8;
		else if (strcmp(prop, "NFD_QC") == 0)
			bit = 16;
		else if (strcmp(prop, "NFKD_QC") == 0)
			bit = 32;
		for (c = lo; bit != 0 && c <= hi; c++)
			qc[c] |= (uint8_t)bit;
	}
	fclose(f);
	ucd_loaded = true;
}

START_TEST(boundary_ucd)
{
	ub_norm_form form = forms[_i];
	bool comp = form == UB_NFC || form == UB_NFKC;
	bool compat = form == UB_NFKC || form == UB_NFKD;
	int maybe = compat ? 2 : 1, no = compat ? 8 | 32 : 4 | 16;
	uint32_t cp;
	size_t yes = 0;

	load_ucd();
	/* Planes 0-3 and the tags and variation selectors of plane 14
	 * hold every assigned character: the rest is not worth the time
	 * under the sanitizers. */
	for (cp = 0; cp <= 0xE01EF; cp = cp == 0x31FFF ? 0xE0000 : cp + 1) {
		if (!ub_is_scalar(cp))
			continue;
		/* Never a boundary before a non-starter, or (composing
		 * forms) before a starter that composes backwards. */
		if (ccc[cp] != 0 || (comp && (qc[cp] & maybe)))
			ck_assert_msg(!ub_norm_boundary(form, false, cp),
			              "%s: U+%04X is no boundary",
			              form_names[_i], cp);
		/* A starter that is its own normal form and is not a mark
		 * is one (the rule is conservative only for marks). */
		else if (!(qc[cp] & no) && !ub_char_is_combining(cp)) {
			ck_assert_msg(ub_norm_boundary(form, false, cp),
			              "%s: U+%04X is a boundary",
			              form_names[_i], cp);
			yes++;
		}
	}
	ck_assert_uint_gt(yes, 150000);
}
END_TEST

/* ---- the bound, invalid input, arguments ---- */

START_TEST(long_run_bounded)
{
	/* "a" and 40 acute accents: U+034F before the 31st mark. */
	struct buf in = {NULL, 0, 0}, out = {NULL, 0, 0}, want = {NULL, 0, 0};
	static const size_t ones[] = {1}, big[] = {4093};
	ub_norm *nm;
	int i;

	buf_add(&in, "a", 1);
	for (i = 0; i < 40; i++)
		buf_add(&in, "\xcc\x81", 2);
	buf_add(&want, "\xc3\xa1", 2);
	for (i = 1; i < 30; i++)
		buf_add(&want, "\xcc\x81", 2);
	buf_add(&want, "\xcd\x8f", 2);
	for (i = 30; i < 40; i++)
		buf_add(&want, "\xcc\x81", 2);
	ck_assert_int_eq(ub_norm_open(&nm, UB_NFC, false), UB_OK);
	stream(nm, in.p, in.n, ones, 1, 5, &out);
	assert_same(&out, &want, "a + 40 marks");
	ck_assert_uint_eq(ub_norm_inserted(nm), 1);
	/* A megabyte of marks goes through without growing the state:
	 * one U+034F per 30 marks. */
	in.n = 0;
	for (i = 0; i < 500000; i++)
		buf_add(&in, "\xcc\x81", 2);
	stream(nm, in.p, in.n, big, 1, 1 << 16, &out);
	ck_assert_uint_eq(ub_norm_inserted(nm), 500000 / 30);
	ub_norm_close(nm);
	free(in.p);
	free(out.p);
	free(want.p);
}
END_TEST

struct errlog {
	char s[256];
};

static void
log_error(void *ctx, const ub_conv_error *e)
{
	struct errlog *l = ctx;
	size_t k = strlen(l->s);

	snprintf(l->s + k, sizeof(l->s) - k, "%llu:%llu:%llu:%s;",
	         (unsigned long long)e->offset, (unsigned long long)e->line,
	         (unsigned long long)e->column, ub_status_name(e->status));
}

START_TEST(invalid_input)
{
	static const char in[] = "e\xcc\x81\xff\xcc\x81\nx\xe2\x82";
	static const size_t sizes[] = {1, 2, 100};
	struct errlog log;
	struct buf out = {NULL, 0, 0};
	ub_norm *nm;

	ck_assert_int_eq(ub_norm_open(&nm, UB_NFC, false), UB_OK);
	memset(&log, 0, sizeof(log));
	ub_norm_on_error(nm, log_error, &log);
	stream(nm, (const uint8_t *)in, sizeof(in) - 1, sizes + _i, 1, 64,
	       &out);
	ck_assert_uint_eq(out.n, 12);
	ck_assert(memcmp(out.p, "\xc3\xa9\xef\xbf\xbd\xcc\x81\nx\xef\xbf\xbd",
	                 12) == 0);
	ck_assert_str_eq(log.s, "3:1:3:INVALID_BYTE;8:2:2:TRUNCATED;");
	ck_assert_uint_eq(ub_norm_error_count(nm), 2);
	ub_norm_close(nm);
	free(out.p);
}
END_TEST

START_TEST(bad_args)
{
	ub_norm *nm;
	ub_result r;

	ck_assert_int_eq(ub_norm_open(NULL, UB_NFC, false), UB_E_INVALID_ARG);
	ck_assert_int_eq(ub_norm_open(&nm, (ub_norm_form)9, false),
	                 UB_E_INVALID_ARG);
	r = ub_norm_feed(NULL, NULL, 0, NULL, 0, true);
	ck_assert_int_eq(r.status, UB_E_INVALID_ARG);
	ck_assert_int_eq(ub_norm_open(&nm, UB_NFD, true), UB_OK);
	r = ub_norm_feed(nm, (const uint8_t *)"\xc3\x89", 2, NULL, 0, true);
	ck_assert_int_eq(r.status, UB_OK);
	ck_assert_uint_eq(r.out, 3); /* e + U+0301 */
	ub_norm_close(nm);
	ub_norm_close(NULL);
}
END_TEST

Suite *
normalize_suite(void)
{
	Suite *s = suite_create("normalize");
	TCase *tc;

	/* The data are read once, in the parent, before the tests fork. */
	tc = tcase_create("conformance");
	tcase_set_timeout(tc, 120);
	tcase_add_unchecked_fixture(tc, load_tests, NULL);
	tcase_add_loop_test(tc, conformance, 0, 4);
	tcase_add_loop_test(tc, conformance_chunked, 0, 4);
	tcase_add_loop_test(tc, every_split, 0, 8);
	suite_add_tcase(s, tc);

	tc = tcase_create("boundary");
	tcase_set_timeout(tc, 120);
	tcase_add_unchecked_fixture(tc, load_ucd, NULL);
	tcase_add_loop_test(tc, boundary_ucd, 0, 4);
	suite_add_tcase(s, tc);

	tc = tcase_create("stream");
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, long_run_bounded);
	tcase_add_loop_test(tc, invalid_input, 0, 3);
	tcase_add_test(tc, bad_args);
	suite_add_tcase(s, tc);
	return s;
}
