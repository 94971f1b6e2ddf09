/* check_utf32.c - UTF-32LE/BE: one unit per scalar value. */
#include <stdlib.h>

#include <unibits.h>

#include "suites.h"
#include "testutil.h"

START_TEST(round_trip_and_errors)
{
	uint8_t buf[4], *s;
	uint32_t cp;
	ub_decoded d;
	int e;

	for (e = 0; e < 2; e++)
		for (cp = 0; cp <= 0x10FFFF; cp++) {
			if (!ub_is_scalar(cp)) {
				ck_assert_uint_eq(
					ub_utf32_encode(cp, buf, (ub_endian)e),
					0);
				/* the unit itself is ill-formed input */
				buf[e == UB_BE ? 0 : 3] = 0;
				buf[e == UB_BE ? 1 : 2] = 0;
				buf[e == UB_BE ? 2 : 1] = (uint8_t)(cp >> 8);
				buf[e == UB_BE ? 3 : 0] = (uint8_t)cp;
				d = ub_utf32_decode(buf, 4, (ub_endian)e);
				ck_assert(d.status == UB_E_SURROGATE &&
				          d.len == 4);
				continue;
			}
			ck_assert_uint_eq(ub_utf32_encode(cp, buf,
			                                  (ub_endian)e),
			                  4);
			d = ub_utf32_decode(buf, 4, (ub_endian)e);
			ck_assert_msg(d.status == UB_OK && d.cp == cp,
			              "U+%04X", cp);
		}
	s = tu_exact((const uint8_t[]){0x00, 0x11, 0x00, 0x00}, 4);
	d = ub_utf32_decode(s, 4, UB_BE);
	ck_assert(d.status == UB_E_TOO_LARGE && d.len == 4);
	free(s);
	s = tu_exact((const uint8_t[]){0xFF, 0xFF, 0xFF, 0xFF}, 4);
	ck_assert_int_eq(ub_utf32_decode(s, 4, UB_LE).status, UB_E_TOO_LARGE);
	d = ub_utf32_decode(s, 3, UB_LE);
	ck_assert(d.status == UB_E_TRUNCATED && d.len == 3);
	free(s);
}
END_TEST

Suite *
utf32_suite(void)
{
	Suite *s = suite_create("utf32");
	TCase *tc = tcase_create("codec");

	tcase_add_test(tc, round_trip_and_errors);
	suite_add_tcase(s, tc);
	return s;
}
