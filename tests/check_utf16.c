/*
 * check_utf16.c - UTF-16LE/BE: units as bytes, surrogate pairs, unpaired
 * surrogates (one error each), an odd final byte (truncated unit).
 */
#include <stdlib.h>

#include <unibits.h>

#include "suites.h"
#include "testutil.h"

#define LEN(a) (sizeof(a) / sizeof((a)[0]))

/* Big-endian bytes; the LE test swaps each pair. */
static const struct {
	const char *name;
	uint8_t b[6];
	size_t n;
	ub_status st;
	uint8_t len;
	uint32_t cp;
} dec[] = {
	{"A", {0x00, 0x41}, 2, UB_OK, 2, 0x41},
	{"U+D7FF", {0xD7, 0xFF}, 2, UB_OK, 2, 0xD7FF},
	{"U+E000", {0xE0, 0x00}, 2, UB_OK, 2, 0xE000},
	{"U+FFFF", {0xFF, 0xFF}, 2, UB_OK, 2, 0xFFFF},
	/* 110110 0000000000 110111 0000000000 -> 0x10000 */
	{"U+10000", {0xD8, 0x00, 0xDC, 0x00}, 4, UB_OK, 4, 0x10000},
	/* D83D DE00: 0x3D << 10 | 0x200, + 0x10000 = 0x1F600 */
	{"U+1F600", {0xD8, 0x3D, 0xDE, 0x00}, 4, UB_OK, 4, 0x1F600},
	{"U+10FFFF", {0xDB, 0xFF, 0xDF, 0xFF}, 4, UB_OK, 4, 0x10FFFF},
	{"lone low", {0xDC, 0x00, 0x00, 0x41}, 4, UB_E_UNPAIRED, 2, 0xFFFD},
	{"high + A", {0xD8, 0x00, 0x00, 0x41}, 4, UB_E_UNPAIRED, 2, 0xFFFD},
	{"high high", {0xD8, 0x00, 0xD8, 0x00}, 4, UB_E_UNPAIRED, 2, 0xFFFD},
	{"high |", {0xD8, 0x00}, 2, UB_E_TRUNCATED, 2, 0xFFFD},
	{"high + 1 byte |", {0xD8, 0x00, 0xDC}, 3, UB_E_TRUNCATED, 3, 0xFFFD},
	{"odd byte |", {0x00}, 1, UB_E_TRUNCATED, 1, 0xFFFD},
	{"empty", {0}, 0, UB_E_TRUNCATED, 0, 0xFFFD},
};

START_TEST(decode_vectors)
{
	uint8_t le[6], *s;
	size_t i, n = dec[_i].n;
	ub_decoded d;
	int e;

	for (i = 0; i < n; i++) /* swap each pair; an odd byte stays */
		le[i] = i % 2 == 0 && i + 1 < n ? dec[_i].b[i + 1]
		        : i % 2 == 1            ? dec[_i].b[i - 1]
		                                : dec[_i].b[i];
	for (e = 0; e < 2; e++) {
		s = tu_exact(e == 0 ? le : dec[_i].b, n);
		d = ub_utf16_decode(s, n, e == 0 ? UB_LE : UB_BE);
		ck_assert_msg(d.status == dec[_i].st && d.len == dec[_i].len &&
		                      d.cp == dec[_i].cp,
		              "%s (%s): %s len %u cp %X", dec[_i].name,
		              e == 0 ? "LE" : "BE", ub_status_name(d.status),
		              d.len, d.cp);
		free(s);
	}
}
END_TEST

START_TEST(round_trip_all_scalars)
{
	uint8_t buf[4];
	uint32_t cp;
	size_t k;
	ub_decoded d;
	int e;

	for (e = 0; e < 2; e++)
		for (cp = 0; cp <= 0x10FFFF; cp++) {
			k = ub_utf16_encode(cp, buf, (ub_endian)e);
			if (!ub_is_scalar(cp)) {
				ck_assert_msg(k == 0, "U+%04X encoded", cp);
				continue;
			}
			ck_assert(k == (cp < 0x10000 ? 2u : 4u));
			d = ub_utf16_decode(buf, k, (ub_endian)e);
			ck_assert_msg(d.status == UB_OK && d.cp == cp &&
			                      d.len == k,
			              "U+%04X does not round-trip", cp);
		}
}
END_TEST

START_TEST(byte_order)
{
	uint8_t buf[4];

	ck_assert_uint_eq(ub_utf16_encode(0x20AC, buf, UB_LE), 2);
	ck_assert(buf[0] == 0xAC && buf[1] == 0x20);
	ck_assert_uint_eq(ub_utf16_encode(0x1F600, buf, UB_BE), 4);
	ck_assert(buf[0] == 0xD8 && buf[1] == 0x3D && buf[2] == 0xDE &&
	          buf[3] == 0x00);
}
END_TEST

Suite *
utf16_suite(void)
{
	Suite *s = suite_create("utf16");
	TCase *tc = tcase_create("codec");

	tcase_add_loop_test(tc, decode_vectors, 0, (int)LEN(dec));
	tcase_add_test(tc, round_trip_all_scalars);
	tcase_add_test(tc, byte_order);
	suite_add_tcase(s, tc);
	return s;
}
