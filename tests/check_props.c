/*
 * check_props.c - lib/props.c: general categories of every code point
 * against UnicodeData.txt, grapheme boundaries against the Unicode
 * GraphemeBreakTest.txt, normalization against NormalizationTest.txt
 * (all from Debian's unicode-data 15.0, not from utf8proc), and the
 * width and grapheme cases the commands rely on.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <check.h>

#include "internal.h"
#include "suites.h"
#include "testutil.h"

#define UCD_DIR "/usr/share/unicode/"

START_TEST(category_every_code_point)
{
	const struct tu_ucd *u = tu_ucd();
	const char *want, *got;
	uint32_t cp;
	unsigned bad = 0;

	ck_assert_msg(u != NULL, "cannot read " TU_UCD_PATH);
	for (cp = 0; cp <= UB_MAX_CODE_POINT; cp++) {
		want = u[cp].name != NULL ? u[cp].gc : "Cn";
		got = ub_char_category(cp);
		if (strcmp(want, got) != 0 && bad++ < 10)
			fprintf(stderr, "U+%04X: category %s, want %s\n", cp,
			        got, want);
		if (ub_char_is_combining(cp) != (want[0] == 'M') && bad++ < 10)
			fprintf(stderr, "U+%04X: combining wrong\n", cp);
	}
	ck_assert_uint_eq(bad, 0);
	ck_assert_str_eq(ub_char_category(0x110000), "Cn");
	ck_assert_str_eq(ub_char_category('A'), "Lu");
	ck_assert_str_eq(ub_char_category(0x0301), "Mn");
}
END_TEST

static const struct {
	uint32_t cp;
	int width;
} widths[] = {
	{'A', 1},    {0x00E9, 1}, {0x0301, 0},  {0x200B, 0},
	{0x4E00, 2}, {0xFF21, 2}, {0x1F44D, 2}, {0x1F600, 2},
	{0xAC00, 2}, {0x3042, 2}, {0x0000, 0},  {0x110000, 0},
};

START_TEST(width_cases)
{
	ck_assert_int_eq(ub_char_width(widths[_i].cp), widths[_i].width);
}
END_TEST

/* Count the graphemes of cp[0..n) with ub_grapheme_break. */
static size_t
graphemes(const uint32_t *cp, size_t n)
{
	int32_t state = 0;
	size_t i, g = n > 0;

	for (i = 1; i < n; i++)
		g += ub_grapheme_break(cp[i - 1], cp[i], &state);
	return g;
}

START_TEST(grapheme_cases)
{
	static const uint32_t thumb[] = {0x1F44D, 0x1F3FD}; /* 👍🏽 */
	static const uint32_t e_acute[] = {'e', 0x0301};
	static const uint32_t crlf[] = {'\r', '\n'};
	static const uint32_t flags[] = {0x1F1EB, 0x1F1F7, 0x1F1E9,
	                                 0x1F1EA}; /* FR DE */
	static const uint32_t family[] = {0x1F468, 0x200D, 0x1F469, 0x200D,
	                                  0x1F467};
	static const uint32_t ab[] = {'a', 'b', 0x00E9};

	ck_assert_uint_eq(graphemes(thumb, 2), 1);
	ck_assert_uint_eq(graphemes(e_acute, 2), 1);
	ck_assert_uint_eq(graphemes(crlf, 2), 1);
	ck_assert_uint_eq(graphemes(flags, 4), 2);
	ck_assert_uint_eq(graphemes(family, 5), 1);
	ck_assert_uint_eq(graphemes(ab, 3), 3);
}
END_TEST

/* Every line of GraphemeBreakTest.txt: "÷ 0020 × 0308 ÷ ...". */
START_TEST(grapheme_conformance)
{
	FILE *f = fopen(UCD_DIR "auxiliary/GraphemeBreakTest.txt", "r");
	char line[4096], *p, *end;
	uint32_t cp[64];
	bool brk[64];
	size_t n, i, lines = 0;
	unsigned bad = 0;
	int32_t state;

	ck_assert_msg(f != NULL, "cannot read GraphemeBreakTest.txt");
	while (fgets(line, sizeof(line), f) != NULL) {
		if ((p = strchr(line, '#')) != NULL)
			*p = '\0';
		n = 0;
		for (p = line; *p != '\0' && n < 64;) {
			if (strncmp(p, "\xC3\xB7", 2) == 0) { /* ÷ */
				brk[n] = true;
				p += 2;
			} else if (strncmp(p, "\xC3\x97", 2) == 0) { /* × */
				brk[n] = false;
				p += 2;
			} else if (*p == ' ' || *p == '\t' || *p == '\n') {
				p++;
			} else {
				cp[n++] = (uint32_t)strtoul(p, &end, 16);
				p = end;
			}
		}
		if (n == 0)
			continue;
		lines++;
		state = 0;
		/* brk[i] is the mark before cp[i]. */
		for (i = 1; i < n; i++) {
			if (ub_grapheme_break(cp[i - 1], cp[i], &state) !=
			            brk[i] &&
			    bad++ < 10)
				fprintf(stderr, "grapheme: %s", line);
		}
	}
	fclose(f);
	ck_assert_uint_gt(lines, 500);
	ck_assert_uint_eq(bad, 0);
}
END_TEST

/* Parse "0044 0307" as UTF-8 into buf; returns its length. */
static size_t
hex_to_utf8(const char *s, uint8_t *buf, size_t cap)
{
	size_t n = 0;
	char *end;
	uint32_t cp;

	for (;;) {
		while (*s == ' ')
			s++;
		if (*s == '\0')
			return n;
		cp = (uint32_t)strtoul(s, &end, 16);
		if (end == s || n + 4 > cap)
			return n;
		n += ub_utf8_encode(cp, buf + n);
		s = end;
	}
}

static bool
normalizes(ub_norm_form form, const uint8_t *src, size_t n,
           const uint8_t *want, size_t nwant)
{
	uint8_t out[256];
	ub_result r = ub_normalize(form, false, src, n, out, sizeof(out));

	return r.status == UB_OK && r.out == nwant &&
	       memcmp(out, want, nwant) == 0;
}

/*
 * NormalizationTest.txt: c1;c2;c3;c4;c5 with NFC(c1..c3) = c2,
 * NFD(c1..c3) = c3, NFC(c4,c5) = c4, NFD(c4,c5) = c5, NFKC(all) = c4,
 * NFKD(all) = c5.  Checked for c1 (the source) and c2 (already NFC).
 */
START_TEST(normalization_conformance)
{
	FILE *f = popen("bzcat " UCD_DIR "NormalizationTest.txt.bz2", "r");
	char line[2048], *col[6];
	uint8_t c[5][256];
	size_t len[5], i, lines = 0;
	unsigned bad = 0;

	ck_assert_msg(f != NULL, "cannot run bzcat");
	while (fgets(line, sizeof(line), f) != NULL) {
		if (line[0] == '#' || line[0] == '@')
			continue;
		col[0] = line;
		for (i = 1; i < 6; i++) {
			col[i] = strchr(col[i - 1], ';');
			if (col[i] == NULL)
				break;
			*col[i]++ = '\0';
		}
		if (i < 6)
			continue;
		for (i = 0; i < 5; i++)
			len[i] = hex_to_utf8(col[i], c[i], sizeof(c[i]));
		lines++;
		for (i = 0; i < 2; i++) {
			if (!normalizes(UB_NFC, c[i], len[i], c[1], len[1]) ||
			    !normalizes(UB_NFD, c[i], len[i], c[2], len[2]) ||
			    !normalizes(UB_NFKC, c[i], len[i], c[3], len[3]) ||
			    !normalizes(UB_NFKD, c[i], len[i], c[4], len[4])) {
				if (bad++ < 10)
					fprintf(stderr, "normalize: %s\n",
					        col[0]);
			}
		}
	}
	pclose(f);
	ck_assert_uint_gt(lines, 10000);
	ck_assert_uint_eq(bad, 0);
}
END_TEST

START_TEST(normalize_api)
{
	static const uint8_t e_acute[] = {0xC3, 0xA9};
	static const uint8_t e_comb[] = {'e', 0xCC, 0x81};
	static const uint8_t strasse[] = "Stra\xC3\x9F"
					 "e";
	static const uint8_t fi[] = {0xEF, 0xAC, 0x81}; /* U+FB01 */
	static const uint8_t bad[] = {'a', 'b', 0xC3, 'x'};
	uint8_t out[32], *src;
	ub_result r;

	src = tu_exact(e_comb, sizeof(e_comb));
	r = ub_normalize(UB_NFC, false, src, sizeof(e_comb), NULL, 0);
	ck_assert_int_eq(r.status, UB_OK);
	ck_assert_uint_eq(r.out, 2);
	r = ub_normalize(UB_NFC, false, src, sizeof(e_comb), out, 2);
	ck_assert_int_eq(r.status, UB_OK);
	ck_assert_uint_eq(r.in, 3);
	ck_assert_mem_eq(out, e_acute, 2);
	free(src);

	r = ub_normalize(UB_NFD, false, e_acute, 2, out, sizeof(out));
	ck_assert_uint_eq(r.out, 3);
	ck_assert_mem_eq(out, e_comb, 3);
	r = ub_normalize(UB_NFD, false, e_acute, 2, out, 2);
	ck_assert_int_eq(r.status, UB_E_OUTPUT_FULL);
	ck_assert_uint_eq(r.out, 1); /* 'e' fits, U+0301 does not */

	r = ub_normalize(UB_NFKC, false, fi, 3, out, sizeof(out));
	ck_assert_uint_eq(r.out, 2);
	ck_assert_mem_eq(out, "fi", 2);
	r = ub_normalize(UB_NFC, false, fi, 3, out, sizeof(out));
	ck_assert_mem_eq(out, fi, 3);

	r = ub_normalize(UB_NFC, true, strasse, sizeof(strasse) - 1, out,
	                 sizeof(out));
	ck_assert_int_eq(r.status, UB_OK);
	ck_assert_uint_eq(r.out, 7);
	ck_assert_mem_eq(out, "strasse", 7);

	r = ub_normalize(UB_NFC, false, bad, sizeof(bad), out, sizeof(out));
	ck_assert_int_eq(r.status, UB_E_EXPECTED_CONT);
	ck_assert_uint_eq(r.in, 2);

	r = ub_normalize(UB_NFC, false, NULL, 0, NULL, 0);
	ck_assert_int_eq(r.status, UB_OK);
	ck_assert_uint_eq(r.out, 0);
	r = ub_normalize(UB_NFC, false, NULL, 3, out, sizeof(out));
	ck_assert_int_eq(r.status, UB_E_INVALID_ARG);
	ck_assert_str_eq(ub_unicode_version(), "15.0.0");
}
END_TEST

Suite *
props_suite(void)
{
	Suite *s = suite_create("props");
	TCase *tc = tcase_create("props");

	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, category_every_code_point);
	tcase_add_loop_test(tc, width_cases, 0, LEN(widths));
	tcase_add_test(tc, grapheme_cases);
	tcase_add_test(tc, grapheme_conformance);
	tcase_add_test(tc, normalization_conformance);
	tcase_add_test(tc, normalize_api);
	suite_add_tcase(s, tc);
	return s;
}
