/*
 * check_charset_table.c - lib/charset_table.c: byte maps of single-byte
 * charsets against glibc's charmaps (/usr/share/i18n/charmaps), and the
 * refusal of charsets that are not single-byte.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <string.h>

#include <check.h>

#include "internal.h"
#include "suites.h"
#include "testutil.h"

START_TEST(map_builtin)
{
	uint32_t map[256];
	unsigned i;

	ck_assert_int_eq(ub_charset_byte_map("latin1", map), UB_OK);
	for (i = 0; i < 256; i++)
		ck_assert_uint_eq(map[i], i);
	ck_assert_int_eq(ub_charset_byte_map("US-ASCII", map), UB_OK);
	for (i = 0; i < 256; i++)
		ck_assert_uint_eq(map[i], i < 0x80 ? i : UB_NO_CHAR);
}
END_TEST

START_TEST(map_refuses)
{
	static const char *const multi[] = {"UTF-8", "UTF-16", "utf-16le",
	                                    "UTF-32BE"};
	uint32_t map[256];
	size_t i;

	for (i = 0; i < LEN(multi); i++)
		ck_assert_int_eq(ub_charset_byte_map(multi[i], map),
		                 UB_E_INVALID_ARG);
	ck_assert_int_eq(ub_charset_byte_map("no-such-charset", map),
	                 UB_E_UNKNOWN_ENCODING);
	ck_assert_int_eq(ub_charset_byte_map(NULL, map), UB_E_INVALID_ARG);
	ck_assert_int_eq(ub_charset_byte_map("latin1", NULL),
	                 UB_E_INVALID_ARG);
}
END_TEST

/*
 * A glibc charmap: "<U20AC>     /x80         EURO SIGN".  Bytes the
 * charmap leaves out must be unmapped, or (as Windows and ICU do for
 * cp1252's 81, 8D, 8F, 90, 9D) the C1 control of the same number.
 */
static const struct {
	const char *charset, *charmap;
} charmaps[] = {
	{"cp1252", "CP1252.gz"}, {"windows-1252", "CP1252.gz"},
	{"koi8-r", "KOI8-R.gz"}, {"iso-8859-15", "ISO-8859-15.gz"},
	{"cp437", "IBM437.gz"},
};

/*
 * Where ICU's table differs from glibc's charmap, by name.  ICU's IBM PC
 * code pages (cp437 is ibm-437) rotate three control codes, as IBM's
 * own tables do: 1A is U+001C, 1C is U+007F, 7F is U+001A; glibc maps
 * each to itself.  And cp437's E6 is U+03BC GREEK SMALL LETTER MU in
 * ICU, U+00B5 MICRO SIGN in glibc.
 */
static const struct {
	const char *charset;
	uint8_t byte;
	uint32_t icu;
} known_diffs[] = {
	{"cp437", 0x1A, 0x1C},
	{"cp437", 0x1C, 0x7F},
	{"cp437", 0x7F, 0x1A},
	{"cp437", 0xE6, 0x3BC},
};

static bool
known_diff(const char *charset, unsigned byte, uint32_t got)
{
	size_t i;

	for (i = 0; i < LEN(known_diffs); i++)
		if (strcmp(known_diffs[i].charset, charset) == 0 &&
		    known_diffs[i].byte == byte && known_diffs[i].icu == got)
			return true;
	return false;
}

START_TEST(map_vs_charmap)
{
	uint32_t map[256], want[256];
	char cmd[512], line[512];
	unsigned cp, byte, i, n = 0;
	FILE *f;

	if (!ub_charset_known(charmaps[_i].charset)) {
		/* Only the built-in charsets without the ICU backend. */
		fprintf(stderr, "charset_table: %s unknown here; skipped\n",
		        charmaps[_i].charset);
		return;
	}
	for (i = 0; i < 256; i++)
		want[i] = UB_NO_CHAR;
	snprintf(cmd, sizeof(cmd), "gzip -dc /usr/share/i18n/charmaps/%s",
	         charmaps[_i].charmap);
	f = popen(cmd, "r");
	ck_assert_ptr_nonnull(f);
	while (fgets(line, sizeof(line), f) != NULL)
		if (sscanf(line, "<U%x> /x%x", &cp, &byte) == 2 &&
		    byte < 256) {
			want[byte] = cp;
			n++;
		}
	pclose(f);
	ck_assert_uint_gt(n, 200);
	ck_assert_int_eq(ub_charset_byte_map(charmaps[_i].charset, map),
	                 UB_OK);
	for (i = 0; i < 256; i++) {
		if (want[i] == UB_NO_CHAR &&
		    (map[i] == UB_NO_CHAR || (i >= 0x80 && map[i] == i)))
			continue;
		if (known_diff(charmaps[_i].charset, i, map[i]))
			continue;
		ck_assert_msg(map[i] == want[i],
		              "%s byte %02X: U+%04X, charmap U+%04X",
		              charmaps[_i].charset, i, map[i], want[i]);
	}
}
END_TEST

Suite *
charset_table_suite(void)
{
	Suite *s = suite_create("charset_table");
	TCase *tc = tcase_create("charset_table");

	tcase_add_test(tc, map_builtin);
	tcase_add_test(tc, map_refuses);
	tcase_add_loop_test(tc, map_vs_charmap, 0, LEN(charmaps));
	suite_add_tcase(s, tc);
	return s;
}
