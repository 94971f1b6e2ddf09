/*
 * check_bits.c - lib/bits.c: bit strings, bit lengths, and the anatomy
 * of boundary code points of every UTF-8 length, against bytes written
 * out by hand from RFC 3629 / RFC 2781.
 */
#include <string.h>

#include <check.h>

#include "internal.h"
#include "suites.h"
#include "testutil.h"

START_TEST(bits_strings)
{
	char buf[40];

	ck_assert_str_eq(ub_bits(52, 8, buf), "00110100"); /* '4' */
	ck_assert_str_eq(ub_bits(4, 3, buf), "100");
	ck_assert_str_eq(ub_bits(0, 1, buf), "0");
	ck_assert_str_eq(ub_bits(0xFF, 4, buf), "1111"); /* high bits cut */
	ck_assert_str_eq(ub_bits(0x80000001u, 32, buf),
	                 "10000000000000000000000000000001");
	ck_assert_str_eq(ub_bits(0x1F600, 17, buf), "11111011000000000");
	ck_assert_uint_eq(ub_bit_length(0), 1);
	ck_assert_uint_eq(ub_bit_length(1), 1);
	ck_assert_uint_eq(ub_bit_length(4), 3);
	ck_assert_uint_eq(ub_bit_length(0x7F), 7);
	ck_assert_uint_eq(ub_bit_length(0x80), 8);
	ck_assert_uint_eq(ub_bit_length(0x10FFFF), 21);
	ck_assert_uint_eq(ub_bit_length(0xFFFFFFFFu), 32);
}
END_TEST

/* Boundary code points, with their encodings worked out by hand. */
static const struct {
	uint32_t cp;
	unsigned bits, cap, n8;
	uint8_t u8[4];
	const char *tmpl;
	unsigned n16;
	uint16_t u16[2];
} vec[] = {
	{0x0000, 1, 7, 1, {0x00}, "0xxxxxxx", 1, {0x0000}},
	{0x0041, 7, 7, 1, {0x41}, "0xxxxxxx", 1, {0x0041}},
	{0x007F, 7, 7, 1, {0x7F}, "0xxxxxxx", 1, {0x007F}},
	/* [110 00010] [10 000000] */
	{0x0080, 8, 11, 2, {0xC2, 0x80}, "110xxxxx 10xxxxxx", 1, {0x0080}},
	{0x00E9, 8, 11, 2, {0xC3, 0xA9}, "110xxxxx 10xxxxxx", 1, {0x00E9}},
	/* [110 11111] [10 111111] */
	{0x07FF, 11, 11, 2, {0xDF, 0xBF}, "110xxxxx 10xxxxxx", 1, {0x07FF}},
	/* [1110 0000] [10 100000] [10 000000] */
	{0x0800, 12, 16, 3, {0xE0, 0xA0, 0x80}, "1110xxxx 10xxxxxx 10xxxxxx",
	 1, {0x0800}},
	{0x20AC, 14, 16, 3, {0xE2, 0x82, 0xAC}, "1110xxxx 10xxxxxx 10xxxxxx",
	 1, {0x20AC}},
	{0xFFFF, 16, 16, 3, {0xEF, 0xBF, 0xBF}, "1110xxxx 10xxxxxx 10xxxxxx",
	 1, {0xFFFF}},
	/* [11110 000] [10 010000] [10 000000] [10 000000]; 0 -> D800 DC00 */
	{0x10000, 17, 21, 4, {0xF0, 0x90, 0x80, 0x80},
	 "11110xxx 10xxxxxx 10xxxxxx 10xxxxxx", 2, {0xD800, 0xDC00}},
	/* F600 = 0000111101 1000000000 -> D800+3D, DC00+200 */
	{0x1F600, 17, 21, 4, {0xF0, 0x9F, 0x98, 0x80},
	 "11110xxx 10xxxxxx 10xxxxxx 10xxxxxx", 2, {0xD83D, 0xDE00}},
	{0x10FFFF, 21, 21, 4, {0xF4, 0x8F, 0xBF, 0xBF},
	 "11110xxx 10xxxxxx 10xxxxxx 10xxxxxx", 2, {0xDBFF, 0xDFFF}},
};

/* The marker of a unit as the template spells it. */
static uint32_t
marker_of(const ub_unit *u)
{
	return u->value >> (u->width - u->marker_bits);
}

START_TEST(anatomy_boundaries)
{
	ub_anatomy a;
	unsigned i;
	uint32_t sum;

	ck_assert_int_eq(ub_anatomy_of(vec[_i].cp, &a), UB_OK);
	ck_assert_uint_eq(a.cp, vec[_i].cp);
	ck_assert_uint_eq(a.cp_bits, vec[_i].bits);
	ck_assert_uint_eq(a.utf8_capacity, vec[_i].cap);
	ck_assert_str_eq(a.utf8_template, vec[_i].tmpl);
	ck_assert_uint_eq(a.utf8_len, vec[_i].n8);
	ck_assert_uint_eq(a.utf32, vec[_i].cp);
	sum = 0;
	for (i = 0; i < a.utf8_len; i++) {
		const ub_unit *u = &a.utf8[i];

		ck_assert_uint_eq(u->value, vec[_i].u8[i]);
		ck_assert_uint_eq(u->width, 8);
		ck_assert_uint_eq(u->marker_bits + u->payload_bits, 8);
		if (i > 0) {
			ck_assert_uint_eq(u->marker_bits, 2);
			ck_assert_uint_eq(marker_of(u), 2); /* 10 */
		} else if (a.utf8_len == 1) {
			ck_assert_uint_eq(u->marker_bits, 1);
			ck_assert_uint_eq(marker_of(u), 0);
		} else {
			/* len ones then a zero */
			ck_assert_uint_eq(u->marker_bits, a.utf8_len + 1);
			ck_assert_uint_eq(marker_of(u),
			                  (0xFu >> (4 - a.utf8_len)) << 1);
		}
		ck_assert_uint_eq(u->payload_shift, 6 * (a.utf8_len - 1 - i));
		sum |= (u->value & ((1u << u->payload_bits) - 1))
		       << u->payload_shift;
	}
	ck_assert_uint_eq(sum, vec[_i].cp);

	ck_assert_uint_eq(a.utf16_len, vec[_i].n16);
	for (i = 0; i < a.utf16_len; i++) {
		ck_assert_uint_eq(a.utf16[i].value, vec[_i].u16[i]);
		ck_assert_uint_eq(a.utf16[i].width, 16);
	}
	if (a.utf16_len == 2) {
		ck_assert_uint_eq(a.utf16_offset, vec[_i].cp - 0x10000);
		ck_assert_uint_eq(a.utf16_high10, vec[_i].u16[0] - 0xD800);
		ck_assert_uint_eq(a.utf16_low10, vec[_i].u16[1] - 0xDC00);
		ck_assert_uint_eq(a.utf16[0].marker_bits, 6);
		ck_assert_uint_eq(marker_of(&a.utf16[0]), 0x36); /* 110110 */
		ck_assert_uint_eq(marker_of(&a.utf16[1]), 0x37); /* 110111 */
		ck_assert_uint_eq(a.utf16[0].payload_shift, 10);
		ck_assert_uint_eq(a.utf16[1].payload_shift, 0);
	} else {
		ck_assert_uint_eq(a.utf16[0].marker_bits, 0);
		ck_assert_uint_eq(a.utf16[0].payload_bits, 16);
		ck_assert_uint_eq(a.utf16_offset, 0);
	}
}
END_TEST

START_TEST(anatomy_rejects)
{
	static const uint32_t bad[] = {0xD800, 0xDBFF, 0xDC00, 0xDFFF,
	                               0x110000, 0xFFFFFFFFu};
	ub_anatomy a;
	size_t i;

	for (i = 0; i < LEN(bad); i++)
		ck_assert_int_eq(ub_anatomy_of(bad[i], &a), UB_E_INVALID_ARG);
	ck_assert_int_eq(ub_anatomy_of(0x41, NULL), UB_E_INVALID_ARG);
}
END_TEST

/* Every scalar: the anatomy's bytes and units are the ones the codecs
 * write, and the payload bits put back together give the code point. */
START_TEST(anatomy_all)
{
	ub_anatomy a;
	uint8_t b[4];
	uint32_t cp, sum;
	unsigned i;

	for (cp = 0; cp <= UB_MAX_CODE_POINT; cp++) {
		if (!ub_is_scalar(cp))
			continue;
		ck_assert_int_eq(ub_anatomy_of(cp, &a), UB_OK);
		if (ub_utf8_encode(cp, b) != a.utf8_len)
			ck_abort_msg("U+%04X: utf8 length", cp);
		sum = 0;
		for (i = 0; i < a.utf8_len; i++) {
			if (b[i] != a.utf8[i].value)
				ck_abort_msg("U+%04X: byte %u", cp, i);
			sum |= (a.utf8[i].value &
			        ((1u << a.utf8[i].payload_bits) - 1))
			       << a.utf8[i].payload_shift;
		}
		if (sum != cp)
			ck_abort_msg("U+%04X: payload gives %X", cp, sum);
		if (ub_utf16_encode(cp, b, UB_BE) != 2 * a.utf16_len)
			ck_abort_msg("U+%04X: utf16 length", cp);
		for (i = 0; i < a.utf16_len; i++)
			if ((uint32_t)(b[2 * i] << 8 | b[2 * i + 1]) !=
			    a.utf16[i].value)
				ck_abort_msg("U+%04X: unit %u", cp, i);
	}
}
END_TEST

Suite *
bits_suite(void)
{
	Suite *s = suite_create("bits");
	TCase *tc = tcase_create("bits");

	tcase_add_test(tc, bits_strings);
	tcase_add_loop_test(tc, anatomy_boundaries, 0, LEN(vec));
	tcase_add_test(tc, anatomy_rejects);
	tcase_add_test(tc, anatomy_all);
	suite_add_tcase(s, tc);
	return s;
}
