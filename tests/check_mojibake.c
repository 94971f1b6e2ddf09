/*
 * check_mojibake.c - lib/mojibake.c: the windows-1252 table against
 * glibc's charmap, repairs of mojibake made by glibc's iconv (the
 * independent oracle for "UTF-8 read as windows-1252"), legitimate text
 * left alone, and the streaming property (any split, any output size).
 */
#define _POSIX_C_SOURCE 200809L
#include <iconv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <check.h>

#include "internal.h"
#include "suites.h"
#include "testutil.h"

/* ---- windows-1252 against /usr/share/i18n/charmaps/CP1252.gz ---- */

START_TEST(cp1252_charmap)
{
	FILE *p;
	char line[512];
	unsigned cp, byte;
	long want[256];
	uint32_t got;
	uint8_t b;
	int i, entries = 0;

	for (i = 0; i < 256; i++)
		want[i] = -1;
	p = popen("gzip -dc /usr/share/i18n/charmaps/CP1252.gz", "r");
	ck_assert_msg(p != NULL, "cannot read the CP1252 charmap");
	while (fgets(line, sizeof(line), p) != NULL)
		if (sscanf(line, "<U%x> /x%x", &cp, &byte) == 2) {
			ck_assert_uint_lt(byte, 256);
			want[byte] = (long)cp;
			entries++;
			/* Every character the charmap lists encodes back. */
			ck_assert_msg(ub_cp1252_encode(cp, &b) && b == byte,
			              "U+%04X should encode as %02X", cp,
			              byte);
		}
	ck_assert_int_eq(pclose(p), 0);
	ck_assert_int_eq(entries, 251); /* 256 minus the 5 undefined */
	for (i = 0; i < 256; i++) {
		if (want[i] < 0) {
			ck_assert_msg(!ub_cp1252_decode((uint8_t)i, &got),
			              "byte %02X is undefined in CP1252", i);
			continue;
		}
		ck_assert_msg(ub_cp1252_decode((uint8_t)i, &got) &&
		                      got == (uint32_t)want[i],
		              "byte %02X: U+%04lX expected", i, want[i]);
	}
	/* Nothing else encodes: the inverse is exactly the charmap. */
	for (cp = 0; cp <= 0x10FFFF; cp++) {
		if (!ub_cp1252_encode(cp, &b))
			continue;
		ck_assert_msg(want[b] == (long)cp, "U+%04X encodes as %02X",
		              cp, b);
	}
}
END_TEST

/* ---- helpers ---- */

/* Repair s whole; returns a NUL-terminated heap string. */
static char *
fix_str(const char *s, size_t n, ub_mojibake_stats *st)
{
	uint8_t *src = tu_exact(s, n);
	ub_result q, r;
	char *out;

	q = ub_mojibake_fix(src, n, NULL, 0, NULL);
	ck_assert_int_eq(q.status, UB_OK);
	ck_assert_uint_le(q.out, n);
	out = malloc(q.out + 1);
	r = ub_mojibake_fix(src, n, (uint8_t *)out, q.out, st);
	ck_assert_int_eq(r.status, UB_OK);
	ck_assert_uint_eq(r.out, q.out);
	ck_assert_uint_eq(r.in, n);
	out[r.out] = '\0';
	free(src);
	return out;
}

/* UTF-8 s read as `as` by glibc's iconv and written as UTF-8: mojibake
 * made by an independent implementation.  NULL when iconv refuses (the
 * bytes windows-1252 leaves undefined). */
static char *
misread(const char *s, const char *as)
{
	iconv_t cd = iconv_open("UTF-8", as);
	size_t n = strlen(s), cap = 3 * n + 1, left = cap;
	char *out = malloc(cap), *ip = (char *)s, *op = out;

	ck_assert(cd != (iconv_t)-1);
	if (iconv(cd, &ip, &n, &op, &left) == (size_t)-1) {
		iconv_close(cd);
		free(out);
		return NULL;
	}
	*op = '\0';
	iconv_close(cd);
	return out;
}

/* ---- repairs of iconv-made mojibake ---- */

static const char *const samples[] = {
	"caf\xc3\xa9",                    /* café */
	"\xe2\x80\x9cquoted\xe2\x80\x9d", /* “quoted” */
	"it\xe2\x80\x99s na\xc3\xafve",   /* it’s naïve */
	"Stra\xc3\x9f"
	"e, M\xc3\xbcnchen, \xc3\x84pfel", /* German */
	"S\xc3\xa3o Paulo, \xc3\x81gua, a\xc3\xa7\xc3\xa3o",
	"\xd0\x9f\xd1\x80\xd0\xb8\xd0\xb2\xd0\xb5\xd1\x82 "
	"\xd0\xbc\xd0\xb8\xd1\x80",                /* Привет мир */
	"\xce\xb1\xce\xb2\xce\xb3 = \xce\xb4",     /* αβγ = δ */
	"\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e",    /* 日本語 */
	"emoji \xf0\x9f\x98\x80 \xf0\x9f\x91\x8d", /* 😀 👍 */
	"5 \xe2\x82\xac, 10 \xc2\xb0"
	"C, \xc2\xa9 2024", /* € ° © */
	"Za\xc5\xbc\xc3\xb3\xc5\x82\xc4\x87 g\xc4\x99\xc5\x9bl\xc4\x85",
	"\xc4\x8d\xc5\x99\xc3\xad\xc5\xa1\xc5\xbe", /* čříšž */
	"\xef\xbb\xbf"
	"BOM first",
	"a\xc2\xa0"
	"b",                                /* NBSP */
	"\xd7\xa9\xd7\x9c\xd7\x95\xd7\x9d", /* שלום */
};

START_TEST(repairs_cp1252)
{
	char *m1, *m2, *f;
	ub_mojibake_stats st;

	m1 = misread(samples[_i], "CP1252");
	if (m1 == NULL) /* uses a byte CP1252 leaves undefined */
		return;
	f = fix_str(m1, strlen(m1), &st);
	ck_assert_msg(strcmp(f, samples[_i]) == 0, "[%s] -> [%s]", m1, f);
	ck_assert_uint_eq(st.max_levels, 1);
	ck_assert_uint_eq(st.errors, 0);
	free(f);
	m2 = misread(m1, "CP1252");
	if (m2 != NULL) {
		f = fix_str(m2, strlen(m2), &st);
		ck_assert_msg(strcmp(f, samples[_i]) == 0, "[%s] -> [%s]", m2,
		              f);
		ck_assert_uint_eq(st.max_levels, 2);
		free(f);
	}
	free(m1);
	free(m2);
}
END_TEST

START_TEST(repairs_latin1)
{
	char *m1, *m2, *m3, *f;
	ub_mojibake_stats st;

	m1 = misread(samples[_i], "ISO-8859-1");
	m2 = misread(m1, "ISO-8859-1");
	m3 = misread(m2, "ISO-8859-1");
	f = fix_str(m1, strlen(m1), &st);
	ck_assert_msg(strcmp(f, samples[_i]) == 0, "[%s] -> [%s]", m1, f);
	free(f);
	f = fix_str(m3, strlen(m3), &st);
	ck_assert_msg(strcmp(f, samples[_i]) == 0, "[%s] -> [%s]", m3, f);
	ck_assert_uint_eq(st.max_levels, 3);
	free(f);
	free(m1);
	free(m2);
	free(m3);
}
END_TEST

/* Correct text goes through unchanged. */
START_TEST(correct_untouched)
{
	ub_mojibake_stats st;
	char *f = fix_str(samples[_i], strlen(samples[_i]), &st);

	ck_assert_str_eq(f, samples[_i]);
	ck_assert_uint_eq(st.repaired, 0);
	free(f);
}
END_TEST

static bool
never_meant(uint32_t cp)
{
	return BETWEEN(cp, 0xE000, 0xF8FF) || BETWEEN(cp, 0xFDD0, 0xFDEF) ||
	       (cp & 0xFFFE) == 0xFFFE || cp >= 0xF0000;
}

/*
 * Every character above U+007F, misread once through windows-1252 or
 * Latin-1 (by the table of the standard, checked above), comes back.
 * Each line holds the character twice, so a weak candidate has its
 * corroboration.
 */
START_TEST(every_character)
{
	size_t cap = 48 * 1024 * 1024, n = 0, wn = 0, i, k;
	uint8_t *in = malloc(cap), *want = malloc(cap / 2), *out;
	uint8_t u8[4], b;
	uint32_t cp, c;
	bool latin1 = _i == 1;
	ub_mojibake_stats st;
	ub_result r;

	for (cp = 0x80; cp <= 0x10FFFF; cp++) {
		if (!ub_is_scalar(cp))
			continue;
		k = ub_utf8_encode(cp, u8);
		in[n++] = 'a';
		want[wn++] = 'a';
		for (int rep = 0; rep < 2; rep++) {
			size_t from = n;

			for (i = 0; i < k; i++) {
				b = u8[i];
				if (latin1 || !ub_cp1252_decode(b, &c))
					c = b;
				n += ub_utf8_encode(c, in + n);
			}
			/* Private use characters and noncharacters are
			 * never taken for what was meant. */
			if (never_meant(cp)) {
				memcpy(want + wn, in + from, n - from);
				wn += n - from;
			} else {
				memcpy(want + wn, u8, k);
				wn += k;
			}
		}
		in[n++] = '\n';
		want[wn++] = '\n';
	}
	out = malloc(n);
	r = ub_mojibake_fix(in, n, out, n, &st);
	ck_assert_int_eq(r.status, UB_OK);
	ck_assert_uint_eq(r.out, wn);
	for (i = 0; i < wn; i++)
		if (out[i] != want[i])
			ck_abort_msg("differs at byte %zu", i);
	ck_assert_uint_eq(st.max_levels, 1);
	free(in);
	free(want);
	free(out);
}
END_TEST

/* ---- legitimate text that looks like mojibake ---- */

static const char *const legit[] = {
	"S\xc3\xa3o Paulo",                  /* São: ã then ASCII */
	"\xc3\x83gua",                       /* Ãgua */
	"N\xc3\x83O, IRM\xc3\x83",           /* NÃO, IRMÃ */
	"\xc3\xa2ge, \xc3\x82ge",            /* âge, Âge */
	"\xc2\xbb\x46u\xc3\x9f\xc2\xab",     /* »Fuß«: ß« is C3 9F C2 AB
                                              * = DF AB, weak and alone */
	"CAF\xc3\x89\xc2\xbb",               /* CAFÉ» */
	"\xc3\x89\xc2\xa0\xc2\xbb",          /* É NBSP »: C9 A0 BB */
	"\xce\x91\xc2\xb2",                  /* Α²: Greek capital, ² */
	"x\xc3\x97y",                        /* x×y */
	"\xc3\x9c\xc2\xb2 \xc3\x9c\xc2\xb2", /* Ü² Ü²: weak, one per run */
	"JOS\xc3\x89\xe2\x80\x99S",          /* JOSÉ’S: C9 92 = U+0252 */
	"caf\xc3\xa9\xe2\x80\xa6\xe2\x80\x9d", /* café…”: E9 85 94 */
	"\xc3\x89T\xc3\x89\xe2\x80\xa6",       /* ÉTÉ…: C9 85 = U+0245 */
	"ou\xc3\xaf\xe2\x80\xa6\xe2\x80\x9d",  /* ouï…”: EF 85 94, PUA */
	"\xc3\xa9\xc2\xbb\xc2\xbb",            /* é»»: E9 BB BB */
};

START_TEST(legit_untouched)
{
	ub_mojibake_stats st;
	char *f;

	f = fix_str(legit[_i], strlen(legit[_i]), &st);
	ck_assert_str_eq(f, legit[_i]);
	ck_assert_uint_eq(st.repaired, 0);
	free(f);
}
END_TEST

/*
 * The rule's documented limit: a weak pair is repaired on a line that
 * holds real mojibake, so a legitimate "ß«" there becomes U+07EB.  Pin
 * it, so a change of the rule is a conscious one.
 */
START_TEST(known_false_positive)
{
	static const char b[] = "Fu\xc3\x9f\xc2\xab caf\xc3\x83\xc2\xa9";
	char *f;

	f = fix_str(b, strlen(b), NULL);
	ck_assert_str_eq(f, "Fu\xdf\xab caf\xc3\xa9");
	free(f);
}
END_TEST

/* ---- positions, levels, invalid input ---- */

/* A log of the reports; what does not fit is counted, not kept. */
struct rec {
	char log[4096];
	size_t len;
};

static void
rec_add(struct rec *rc, const char *s)
{
	size_t k = strlen(s);

	if (rc->len + k < sizeof(rc->log)) {
		memcpy(rc->log + rc->len, s, k + 1);
		rc->len += k;
	}
}

static void
rec_repair(void *ctx, const ub_mojibake_repair *r)
{
	char s[128];

	snprintf(s, sizeof(s), "R%llu:%llu:%llu:%zu:%04X:%u;",
	         (unsigned long long)r->offset, (unsigned long long)r->line,
	         (unsigned long long)r->column, r->nbytes, (unsigned)r->cp,
	         r->levels);
	rec_add(ctx, s);
}

static void
rec_error(void *ctx, const ub_conv_error *e)
{
	char s[128];

	snprintf(s, sizeof(s), "E%llu:%llu:%llu:%zu:%s;",
	         (unsigned long long)e->offset, (unsigned long long)e->line,
	         (unsigned long long)e->column, e->nbytes,
	         ub_status_name(e->status));
	rec_add(ctx, s);
}

START_TEST(positions)
{
	/* line 1: "cafÃ©", line 2: "x" + double-encoded é + FF + C3 at
	 * the very end (truncated). */
	static const char in[] = "caf\xc3\x83\xc2\xa9\r\n"
				 "x\xc3\x83\xc6\x92\xc3\x82\xc2\xa9\xff\xc3";
	ub_mojibake *mb;
	struct rec rc = {"", 0};
	uint8_t out[64];
	ub_result r;

	ck_assert_int_eq(ub_mojibake_open(&mb), UB_OK);
	ub_mojibake_on_repair(mb, rec_repair, &rc);
	ub_mojibake_on_error(mb, rec_error, &rc);
	r = ub_mojibake_feed(mb, (const uint8_t *)in, sizeof(in) - 1, out,
	                     sizeof(out), true);
	ck_assert_int_eq(r.status, UB_OK);
	ck_assert_uint_eq(r.errors, 2);
	ck_assert_str_eq(rc.log, "R3:1:4:4:00E9:1;"
	                         "R10:2:2:8:00E9:2;"
	                         "E18:2:6:1:INVALID_BYTE;"
	                         "E19:2:7:1:TRUNCATED;");
	ck_assert_uint_eq(r.out, 12);
	ck_assert(memcmp(out, "caf\xc3\xa9\r\nx\xc3\xa9\xff\xc3", 12) == 0);
	ck_assert_uint_eq(ub_mojibake_get_stats(mb).segments, 2);
	ub_mojibake_close(mb);
}
END_TEST

/* ---- streaming ---- */

static const char stream_text[] =
	"caf\xc3\x83\xc2\xa9 \xc3\xa2\xe2\x82\xac\xc5\x93quoted"
	"\xc3\xa2\xe2\x82\xac\xc2\x9d\n"
	"S\xc3\xa3o \xc3\x83\xc6\x92\xc3\x82\xc2\xa9 \xf0\x9f\x98\x80\xff\n"
	"\xc3\x90\xc5\xb8\xc3\x91\xe2\x82\xac\xc3\x90\xc2\xb8 ok\r"
	"\xc3\x83\xc2\xa9";

/* Feed in pieces of the given sizes (cycled) with output room cap. */
static void
feed_pieces(const uint8_t *s, size_t n, size_t piece, size_t cap, uint8_t *out,
            size_t *nout, struct rec *rc)
{
	ub_mojibake *mb;
	uint8_t *dst = malloc(cap);
	size_t pos = 0, k, j;
	ub_result r;
	bool last;

	ck_assert_int_eq(ub_mojibake_open(&mb), UB_OK);
	ub_mojibake_on_repair(mb, rec_repair, rc);
	ub_mojibake_on_error(mb, rec_error, rc);
	*nout = 0;
	do {
		k = n - pos < piece ? n - pos : piece;
		last = pos + k == n;
		j = 0;
		do {
			r = ub_mojibake_feed(mb, s + pos + j, k - j, dst, cap,
			                     last);
			ck_assert(r.status == UB_OK ||
			          r.status == UB_E_OUTPUT_FULL);
			ck_assert_uint_le(r.out, cap);
			memcpy(out + *nout, dst, r.out);
			*nout += r.out;
			j += r.in;
		} while (r.status == UB_E_OUTPUT_FULL);
		ck_assert_uint_eq(j, k);
		pos += k;
	} while (!last);
	ub_mojibake_close(mb);
	free(dst);
}

START_TEST(stream_splits)
{
	size_t n = sizeof(stream_text) - 1, n1, n2, split;
	uint8_t *s = tu_exact(stream_text, n), one[256], two[256];
	struct rec r1 = {"", 0}, r2;

	feed_pieces(s, n, n, 256, one, &n1, &r1);
	for (split = 1; split <= n; split++) {
		memset(&r2, 0, sizeof(r2));
		feed_pieces(s, n, split, 256, two, &n2, &r2);
		ck_assert_uint_eq(n1, n2);
		ck_assert(memcmp(one, two, n1) == 0);
		ck_assert_str_eq(r1.log, r2.log);
		/* and with a tiny output buffer */
		memset(&r2, 0, sizeof(r2));
		feed_pieces(s, n, split, 1 + split % 5, two, &n2, &r2);
		ck_assert_uint_eq(n1, n2);
		ck_assert(memcmp(one, two, n1) == 0);
		ck_assert_str_eq(r1.log, r2.log);
	}
	free(s);
}
END_TEST

/* Lines longer than a segment: cut after ASCII, or (no ASCII at all)
 * before a character that cannot continue a sequence. */
START_TEST(long_lines)
{
	size_t reps = 3 * UB_MOJIBAKE_SEGMENT / 5, i, n = 0, nout;
	const char *unit = _i == 0 ? "\xc3\x83\xc2\xa9 " : "\xc3\x83\xc2\xa9";
	size_t ulen = strlen(unit);
	uint8_t *in = malloc(reps * ulen), *out = malloc(reps * ulen);
	struct rec rc = {"", 0};

	for (i = 0; i < reps; i++, n += ulen)
		memcpy(in + n, unit, ulen);
	feed_pieces(in, n, 4093, 999, out, &nout, &rc);
	ck_assert_uint_eq(nout, reps * (ulen - 2));
	for (i = 0; i < reps; i++)
		ck_assert(memcmp(out + i * (ulen - 2), "\xc3\xa9", 2) == 0);
	free(in);
	free(out);
}
END_TEST

START_TEST(bad_args)
{
	ub_result r;
	uint8_t b;

	ck_assert_int_eq(ub_mojibake_open(NULL), UB_E_INVALID_ARG);
	r = ub_mojibake_feed(NULL, NULL, 0, NULL, 0, true);
	ck_assert_int_eq(r.status, UB_E_INVALID_ARG);
	r = ub_mojibake_fix(NULL, 0, NULL, 0, NULL);
	ck_assert_int_eq(r.status, UB_OK);
	ck_assert_uint_eq(r.out, 0);
	r = ub_mojibake_fix((const uint8_t *)"\xc3\x83\xc2\xa9", 4, &b, 1,
	                    NULL);
	ck_assert_int_eq(r.status, UB_E_OUTPUT_FULL);
	ub_mojibake_close(NULL);
}
END_TEST

Suite *
mojibake_suite(void)
{
	Suite *s = suite_create("mojibake");
	TCase *tc;

	tc = tcase_create("cp1252");
	tcase_add_test(tc, cp1252_charmap);
	suite_add_tcase(s, tc);

	tc = tcase_create("repair");
	tcase_set_timeout(tc, 60);
	tcase_add_loop_test(tc, repairs_cp1252, 0, (int)LEN(samples));
	tcase_add_loop_test(tc, repairs_latin1, 0, (int)LEN(samples));
	tcase_add_loop_test(tc, correct_untouched, 0, (int)LEN(samples));
	tcase_add_loop_test(tc, every_character, 0, 2);
	tcase_add_loop_test(tc, legit_untouched, 0, (int)LEN(legit));
	tcase_add_test(tc, known_false_positive);
	tcase_add_test(tc, positions);
	tcase_add_test(tc, bad_args);
	suite_add_tcase(s, tc);

	tc = tcase_create("stream");
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, stream_splits);
	tcase_add_loop_test(tc, long_lines, 0, 2);
	suite_add_tcase(s, tc);
	return s;
}
