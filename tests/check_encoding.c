/* check_encoding.c - names, aliases and sizes of the built-in encodings. */
#include <string.h>

#include <unibits.h>

#include "suites.h"
#include "testutil.h"

#define LEN(a) (sizeof(a) / sizeof((a)[0]))

static const struct {
	const char *name;
	ub_encoding enc;
} names[] = {
	{"UTF-8", UB_UTF8},        {"utf8", UB_UTF8},
	{"Utf_8", UB_UTF8},        {"u t f 8", UB_UTF8},
	{"latin1", UB_LATIN1},     {"ISO_8859-1", UB_LATIN1},
	{"iso-8859-1", UB_LATIN1}, {"ISO8859-1", UB_LATIN1},
	{"l1", UB_LATIN1},         {"us-ascii", UB_ASCII},
	{"ASCII", UB_ASCII},       {"ANSI_X3.4-1968", UB_ASCII},
	{"UTF-16LE", UB_UTF16LE},  {"utf16le", UB_UTF16LE},
	{"UTF-16BE", UB_UTF16BE},  {"UTF-16", UB_UTF16},
	{"UCS-2", UB_UTF16},       {"UTF-32LE", UB_UTF32LE},
	{"utf-32be", UB_UTF32BE},  {"UTF-32", UB_UTF32},
	{"cp1252", UB_ENC_NONE},   {"UTF-7", UB_ENC_NONE},
	{"", UB_ENC_NONE},         {"utf-", UB_ENC_NONE},
	{"utf-88", UB_ENC_NONE},   {"latin", UB_ENC_NONE},
};

START_TEST(lookup)
{
	ck_assert_msg(ub_encoding_from_name(names[_i].name) == names[_i].enc,
	              "%s", names[_i].name);
}
END_TEST

START_TEST(canonical_names)
{
	int e;
	const char *const *a;

	ck_assert_int_eq(ub_encoding_from_name(NULL), UB_ENC_NONE);
	ck_assert_ptr_null(ub_encoding_name(UB_ENC_NONE));
	ck_assert_ptr_null(ub_encoding_name((ub_encoding)99));
	for (e = 1; e < UB_ENCODING_COUNT; e++) {
		ck_assert_int_eq(ub_encoding_from_name(
					 ub_encoding_name((ub_encoding)e)),
		                 e);
		for (a = ub_encoding_aliases((ub_encoding)e); *a != NULL; a++)
			ck_assert_msg((int)ub_encoding_from_name(*a) == e,
			              "%s", *a);
	}
	ck_assert_str_eq(ub_encoding_name(UB_UTF16LE), "UTF-16LE");
	ck_assert_uint_eq(ub_encoding_unit_size(UB_UTF16), 2);
	ck_assert_uint_eq(ub_encoding_unit_size(UB_UTF32BE), 4);
	ck_assert_uint_eq(ub_encoding_max_char_size(UB_UTF8), 4);
	ck_assert_int_eq(ub_encoding_name_cmp("UTF-8", "utf8"), 0);
	ck_assert_int_ne(ub_encoding_name_cmp("UTF-8", "utf16"), 0);
	ck_assert_str_eq(ub_strerror(UB_E_OVERLONG), "overlong form");
	ck_assert_str_eq(ub_status_name(UB_E_SURROGATE), "SURROGATE");
	ck_assert(ub_status_is_invalid(UB_E_UNPAIRED));
	ck_assert(!ub_status_is_invalid(UB_E_TRUNCATED));
	ck_assert(!ub_status_is_invalid(UB_E_UNMAPPABLE));
}
END_TEST

Suite *
encoding_suite(void)
{
	Suite *s = suite_create("encoding");
	TCase *tc = tcase_create("names");

	tcase_add_loop_test(tc, lookup, 0, (int)LEN(names));
	tcase_add_test(tc, canonical_names);
	suite_add_tcase(s, tc);
	return s;
}
