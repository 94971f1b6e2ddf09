/*
 * check_names.c - lib/names_icu.c against Debian's unicode-data 15.0
 * (UnicodeData.txt for names, Scripts.txt for scripts), not against
 * ICU itself: the name of every code point, lookup by name, name
 * search, aliases of controls, scripts and blocks.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <check.h>
#include <unicode/uchar.h>

#include "internal.h"
#include "suites.h"
#include "testutil.h"

/* Unicode ch. 3.12, Hangul syllable names from the jamo short names. */
static void
hangul_name(uint32_t cp, char *buf, size_t cap)
{
	static const char *const l[] = {"G", "GG", "N", "D",  "DD", "R", "M",
	                                "B", "BB", "S", "SS", "",   "J", "JJ",
	                                "C", "K",  "T", "P",  "H"};
	static const char *const v[] = {"A",   "AE", "YA",  "YAE", "EO",  "E",
	                                "YEO", "YE", "O",   "WA",  "WAE", "OE",
	                                "YO",  "U",  "WEO", "WE",  "WI",  "YU",
	                                "EU",  "YI", "I"};
	static const char *const t[] = {"",   "G",  "GG", "GS", "N",  "NJ",
	                                "NH", "D",  "L",  "LG", "LM", "LB",
	                                "LS", "LT", "LP", "LH", "M",  "B",
	                                "BS", "S",  "SS", "NG", "J",  "C",
	                                "K",  "T",  "P",  "H"};
	uint32_t s = cp - 0xAC00;

	snprintf(buf, cap, "HANGUL SYLLABLE %s%s%s", l[s / (21 * 28)],
	         v[s % (21 * 28) / 28], t[s % 28]);
}

/* The name UnicodeData.txt gives cp, in ub_char_name's spelling. */
static bool
expected_name(const struct tu_ucd *u, uint32_t cp, char *buf, size_t cap)
{
	const char *n = u[cp].name;

	if (n == NULL) {
		bool nonchar = (cp >= 0xFDD0 && cp <= 0xFDEF) ||
		               (cp & 0xFFFE) == 0xFFFE;

		snprintf(buf, cap, "<%s-%04X>",
		         nonchar ? "noncharacter" : "unassigned", cp);
	} else if (!u[cp].range) {
		if (strcmp(n, "<control>") == 0)
			snprintf(buf, cap, "<control-%04X>", cp);
		else
			snprintf(buf, cap, "%s", n);
	} else if (strncmp(n, "CJK Ideograph", 13) == 0) {
		snprintf(buf, cap, "CJK UNIFIED IDEOGRAPH-%04X", cp);
	} else if (strncmp(n, "Tangut Ideograph", 16) == 0) {
		snprintf(buf, cap, "TANGUT IDEOGRAPH-%04X", cp);
	} else if (strcmp(n, "Hangul Syllable") == 0) {
		hangul_name(cp, buf, cap);
	} else if (strstr(n, "Surrogate") != NULL) {
		snprintf(buf, cap, "<surrogate-%04X>", cp);
	} else if (strstr(n, "Private Use") != NULL) {
		snprintf(buf, cap, "<private-use-%04X>", cp);
	} else {
		return false; /* a range this test does not know */
	}
	return true;
}

START_TEST(name_every_code_point)
{
	const struct tu_ucd *u = tu_ucd();
	char want[128], got[128];
	uint32_t cp, back;
	unsigned bad = 0;
	size_t n;

	ck_assert_msg(u != NULL, "cannot read " TU_UCD_PATH);
	for (cp = 0; cp <= UB_MAX_CODE_POINT; cp++) {
		if (!expected_name(u, cp, want, sizeof(want))) {
			ck_abort_msg("U+%04X: unknown range %s", cp,
			             u[cp].name);
		}
		n = ub_char_name(cp, got, sizeof(got));
		if ((strcmp(want, got) != 0 || n != strlen(want)) &&
		    bad++ < 10)
			fprintf(stderr, "U+%04X: name %s, want %s\n", cp, got,
			        want);
		/* Names and labels lead back to their code point (a
		 * sample: a lookup by name is a search in ICU). */
		if (cp % (want[0] != '<' ? 7 : 61) == 0 &&
		    (!ub_char_from_name(want, &back) || back != cp) &&
		    bad++ < 10)
			fprintf(stderr, "U+%04X: from_name(%s) fails\n", cp,
			        want);
	}
	ck_assert_uint_eq(bad, 0);
}
END_TEST

START_TEST(name_edges)
{
	char buf[128];
	uint32_t cp;

	/* Cut to fit, NUL-terminated, full length returned. */
	ck_assert_uint_eq(ub_char_name(0xE9, buf, 6), 31);
	ck_assert_str_eq(buf, "LATIN");
	ck_assert_uint_eq(ub_char_name(0xE9, NULL, 0), 31);
	ck_assert_uint_eq(ub_char_name(0x110000, buf, sizeof(buf)), 16);
	ck_assert_str_eq(buf, "<invalid-110000>");
	ck_assert_uint_eq(ub_char_name(0x10FFFF, buf, sizeof(buf)), 21);
	ck_assert_str_eq(buf, "<noncharacter-10FFFF>");

	ck_assert(ub_char_from_name("latin small letter e with acute", &cp));
	ck_assert_uint_eq(cp, 0xE9);
	ck_assert(ub_char_from_name("Line Feed", &cp));
	ck_assert_uint_eq(cp, 0x0A);
	ck_assert(ub_char_from_name("LINE FEED (LF)", &cp));
	ck_assert_uint_eq(cp, 0x0A);
	ck_assert(ub_char_from_name("<control-000a>", &cp));
	ck_assert_uint_eq(cp, 0x0A);
	ck_assert(ub_char_from_name("latin capital letter gha", &cp));
	ck_assert_uint_eq(cp, 0x1A2);
	ck_assert(ub_char_from_name("hangul syllable gag", &cp));
	ck_assert_uint_eq(cp, 0xAC01);
	ck_assert(!ub_char_from_name("no such character", &cp));
	ck_assert(!ub_char_from_name("<control-0041>", &cp));
	ck_assert(!ub_char_from_name("<unassigned-0041>", &cp));
	ck_assert(!ub_char_from_name("", &cp));
	ck_assert(!ub_char_from_name(NULL, &cp));
}
END_TEST

/* The controls' aliases are their Unicode 1.0 names where they have
 * one; ICU's correction aliases win elsewhere. */
START_TEST(alias_controls)
{
	const struct tu_ucd *u = tu_ucd();
	char buf[128];
	uint32_t cp;

	ck_assert(u != NULL);
	for (cp = 0; cp <= 0x9F; cp++) {
		if (strcmp(u[cp].gc, "Cc") != 0)
			continue;
		ck_assert_uint_gt(ub_char_alias(cp, buf, sizeof(buf)), 0);
		if (u[cp].old[0] != '\0')
			ck_assert_str_eq(buf, u[cp].old);
	}
	ub_char_alias(0x0A, buf, sizeof(buf));
	ck_assert_str_eq(buf, "LINE FEED (LF)");
	ub_char_alias(0x80, buf, sizeof(buf));
	ck_assert_str_eq(buf, "PADDING CHARACTER");
	ub_char_alias(0x1A2, buf, sizeof(buf));
	ck_assert_str_eq(buf, "LATIN CAPITAL LETTER GHA");
	ck_assert_uint_eq(ub_char_alias('A', buf, sizeof(buf)), 0);
	ck_assert_str_eq(buf, "");
}
END_TEST

/* Does hay contain needle, ignoring ASCII case? */
static bool
ci_contains(const char *hay, const char *needle)
{
	size_t i, n = strlen(needle);

	for (; *hay != '\0'; hay++) {
		for (i = 0; i < n; i++)
			if ((hay[i] | 32) != (needle[i] | 32) ||
			    hay[i] == '\0')
				break;
		if (i == n)
			return true;
	}
	return n == 0;
}

/* Search agrees with a brute-force scan of UnicodeData.txt (words
 * chosen so that no alias or algorithmic name matches). */
static const struct {
	const char *words[3];
	size_t nwords;
	uint32_t must; /* one code point that has to be there */
} searches[] = {
	{{"greek", "alpha", "small"}, 3, 0x03B1},
	{{"ALPHA", "greek", "Small"}, 3, 0x03B1},
	{{"latin", "acute", "e"}, 3, 0x00E9},
	{{"euro", "sign"}, 2, 0x20AC},
	{{"grinning", "face"}, 2, 0x1F600},
	{{"cyrillic", "zhe"}, 2, 0x0416},
};

START_TEST(search_words)
{
	const struct tu_ucd *u = tu_ucd();
	uint32_t got[4096], cp, first;
	size_t n, want = 0, w, k;
	bool seen = false;

	ck_assert(u != NULL);
	n = ub_char_search(searches[_i].words, searches[_i].nwords, got,
	                   LEN(got));
	ck_assert_uint_le(n, LEN(got));
	for (cp = 0; cp <= UB_MAX_CODE_POINT; cp++) {
		if (u[cp].name == NULL || u[cp].range || u[cp].name[0] == '<')
			continue;
		for (w = 0; w < searches[_i].nwords; w++)
			if (!ci_contains(u[cp].name, searches[_i].words[w]))
				break;
		if (w < searches[_i].nwords)
			continue;
		ck_assert_msg(want < n && got[want] == cp,
		              "search: U+%04X missing or out of order", cp);
		want++;
	}
	ck_assert_uint_eq(n, want);
	for (k = 0; k < n; k++)
		seen |= got[k] == searches[_i].must;
	ck_assert(seen);
	/* A smaller buffer gets the first ones and the full count. */
	first = got[0];
	ck_assert_uint_eq(ub_char_search(searches[_i].words,
	                                 searches[_i].nwords, got, 1),
	                  n);
	ck_assert_uint_eq(got[0], first);
	ck_assert_uint_eq(ub_char_search(searches[_i].words,
	                                 searches[_i].nwords, NULL, 0),
	                  n);
}
END_TEST

START_TEST(search_aliases)
{
	static const char *const lf[] = {"line", "feed"};
	static const char *const none[] = {"qqqzzz"};
	uint32_t got[64];
	size_t n;

	n = ub_char_search(lf, 2, got, LEN(got));
	ck_assert_uint_ge(n, 3);
	ck_assert_uint_eq(got[0], 0x0A);   /* LINE FEED (LF), an alias */
	ck_assert_uint_eq(got[1], 0x8D);   /* REVERSE LINE FEED, an alias */
	ck_assert_uint_eq(got[2], 0x240A); /* SYMBOL FOR LINE FEED */
	ck_assert_uint_eq(ub_char_search(none, 1, got, LEN(got)), 0);
	ck_assert_uint_eq(ub_char_search(NULL, 0, got, LEN(got)), 0);
}
END_TEST

/* Scripts.txt: "0041..005A    ; Latin # ..."; unlisted is Unknown. */
START_TEST(script_every_code_point)
{
	static const char *want[0x110000];
	FILE *f = fopen("/usr/share/unicode/Scripts.txt", "r");
	char line[512], name[64];
	static char names[256][64];
	size_t nnames = 0, i;
	unsigned long lo, hi, cp;
	unsigned bad = 0;

	ck_assert_msg(f != NULL, "cannot read Scripts.txt");
	for (cp = 0; cp < 0x110000; cp++)
		want[cp] = "Unknown";
	while (fgets(line, sizeof(line), f) != NULL) {
		if (sscanf(line, "%lx..%lx ; %63s", &lo, &hi, name) != 3) {
			if (sscanf(line, "%lx ; %63s", &lo, name) != 2)
				continue;
			hi = lo;
		}
		for (i = 0; i < nnames && strcmp(names[i], name) != 0; i++)
			continue;
		if (i == nnames) {
			ck_assert_uint_lt(nnames, LEN(names));
			strcpy(names[nnames++], name);
		}
		for (cp = lo; cp <= hi && cp < 0x110000; cp++)
			want[cp] = names[i];
	}
	fclose(f);
	for (cp = 0; cp < 0x110000; cp++)
		if (strcmp(ub_char_script((uint32_t)cp), want[cp]) != 0 &&
		    bad++ < 10)
			fprintf(stderr, "U+%04lX: script %s, want %s\n", cp,
			        ub_char_script((uint32_t)cp), want[cp]);
	ck_assert_uint_eq(bad, 0);
	ck_assert_str_eq(ub_char_script('A'), "Latin");
	ck_assert_str_eq(ub_char_script(0x3B1), "Greek");
	ck_assert_str_eq(ub_char_script(' '), "Common");
	ck_assert_str_eq(ub_char_script(0x301), "Inherited");
	ck_assert_str_eq(ub_char_script(0x4E00), "Han");
	ck_assert_str_eq(ub_char_script(0x110000), "Unknown");
}
END_TEST

/* UAX #44 LM3: ignore case, spaces, '-' and '_'. */
static bool
loose_eq(const char *a, const char *b)
{
	for (;;) {
		while (*a == ' ' || *a == '-' || *a == '_')
			a++;
		while (*b == ' ' || *b == '-' || *b == '_')
			b++;
		if (*a == '\0' || *b == '\0')
			return *a == *b;
		if ((*a | 32) != (*b | 32))
			return false;
		a++;
		b++;
	}
}

/* Our block table comes from Blocks.txt; ICU's data is the other
 * witness, compared loosely since ICU spells values its own way. */
START_TEST(block_every_code_point)
{
	uint32_t cp;
	unsigned bad = 0;
	const char *ours, *icu;

	for (cp = 0; cp <= UB_MAX_CODE_POINT; cp++) {
		ours = ub_char_block(cp);
		icu = u_getPropertyValueName(
			UCHAR_BLOCK,
			u_getIntPropertyValue((UChar32)cp, UCHAR_BLOCK),
			U_LONG_PROPERTY_NAME);
		if (!loose_eq(ours, icu) && bad++ < 10)
			fprintf(stderr, "U+%04X: block %s, ICU %s\n", cp, ours,
			        icu);
	}
	ck_assert_uint_eq(bad, 0);
	ck_assert_str_eq(ub_char_block(0xE9), "Latin-1 Supplement");
	ck_assert_str_eq(ub_char_block('A'), "Basic Latin");
	ck_assert_str_eq(ub_char_block(0x1F600), "Emoticons");
	ck_assert_str_eq(ub_char_block(0x110000), "No block");
	ck_assert_str_eq(ub_char_block(0x2FE0), "No block");
}
END_TEST

Suite *
names_suite(void)
{
	Suite *s = suite_create("names");
	TCase *tc = tcase_create("names");

	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, name_every_code_point);
	tcase_add_test(tc, name_edges);
	tcase_add_test(tc, alias_controls);
	tcase_add_loop_test(tc, search_words, 0, LEN(searches));
	tcase_add_test(tc, search_aliases);
	tcase_add_test(tc, script_every_code_point);
	tcase_add_test(tc, block_every_code_point);
	suite_add_tcase(s, tc);
	return s;
}
