/* check_sbcs.c - US-ASCII and ISO-8859-1. */
#include <unibits.h>

#include "suites.h"
#include "testutil.h"

START_TEST(every_byte)
{
	uint8_t b[4];
	unsigned v;
	ub_decoded d;

	for (v = 0; v < 256; v++) {
		b[0] = (uint8_t)v;
		d = ub_ascii_decode(b, 1);
		if (v < 0x80)
			ck_assert(d.status == UB_OK && d.cp == v &&
			          d.len == 1);
		else
			ck_assert(d.status == UB_E_INVALID_BYTE && d.len == 1);
		d = ub_latin1_decode(b, 1);
		/* Latin-1 maps each byte to the code point of its value */
		ck_assert(d.status == UB_OK && d.cp == v && d.len == 1);
		ck_assert_uint_eq(ub_encode(UB_LATIN1, v, b), 1);
		ck_assert_uint_eq(b[0], v);
		ck_assert_uint_eq(ub_encode(UB_ASCII, v, b), v < 0x80);
	}
	ck_assert_uint_eq(ub_encode(UB_LATIN1, 0x100, b), 0);
	ck_assert_uint_eq(ub_encode(UB_LATIN1, 0x20AC, b), 0);
	ck_assert_int_eq(ub_ascii_decode(b, 0).status, UB_E_TRUNCATED);
}
END_TEST

Suite *
sbcs_suite(void)
{
	Suite *s = suite_create("sbcs");
	TCase *tc = tcase_create("codec");

	tcase_add_test(tc, every_byte);
	suite_add_tcase(s, tc);
	return s;
}
