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
	{0x0800,
         12,
         16,
         3,
         {0xE0, 0xA0, 0x80},
         "1110xxxx 10xxxxxx 10xxxxxx",
         1,
         {0x0800}},
	{0x20AC,
         14,
         16,
         3,
         {0xE2, 0x82, 0xAC},
         "1110xxxx 10xxxxxx 10xxxxxx",
         1,
         {0x20AC}},
	{0xFFFF,
         16,
         16,
         3,
         {0xEF, 0xBF, 0xBF},
         "1110xxxx 10xxxxxx 10xxxxxx",
         1,
         {0xFFFF}},
	/* [11110 000] [10 010000] [10 000000] [10 000000]; 0 -> D800 DC00 */
	{0x10000,
         17,
         21,
         4,
         {0xF0, 0x90, 0x80, 0x80},
         "11110xxx 10xxxxxx 10xxxxxx 10xxxxxx",
         2,
         {0xD800, 0xDC00}},
	/* F600 = 0000111101 1000000000 -> D800+3D, DC00+200 */
	{0x1F600,
         17,
         21,
         4,
         {0xF0, 0x9F, 0x98, 0x80},
         "11110xxx 10xxxxxx 10xxxxxx 10xxxxxx",
         2,
         {0xD83D, 0xDE00}},
	{0x10FFFF,
         21,
         21,
         4,
         {0xF4, 0x8F, 0xBF, 0xBF},
         "11110xxx 10xxxxxx 10xxxxxx 10xxxxxx",
         2,
         {0xDBFF, 0xDFFF}},
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
	static const uint32_t bad[] = {0xD800, 0xDBFF,   0xDC00,
	                               0xDFFF, 0x110000, 0xFFFFFFFFu};
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
		if (ub_anatomy_of(cp, &a) != UB_OK)
			ck_abort_msg("U+%04X: anatomy fails", cp);
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

/* The kinds of the steps for one code point, in order, but the last
 * (always UTF-32). */
static const struct {
	uint32_t cp;
	size_t n;
	ub_step_kind kinds[UB_EXPLAIN_MAX_STEPS];
} kinds[] = {
	{'A',
         8,
         {UB_STEP_NUMBER, UB_STEP_BINARY, UB_STEP_UTF8_FIT, UB_STEP_UTF8_PAD,
          UB_STEP_UTF8_UNIT, UB_STEP_UTF8_BYTES, UB_STEP_UTF16_BMP,
          UB_STEP_UTF16_UNITS}},
	{0x20AC,
         10,
         {UB_STEP_NUMBER, UB_STEP_BINARY, UB_STEP_UTF8_FIT, UB_STEP_UTF8_PAD,
          UB_STEP_UTF8_UNIT, UB_STEP_UTF8_UNIT, UB_STEP_UTF8_UNIT,
          UB_STEP_UTF8_BYTES, UB_STEP_UTF16_BMP, UB_STEP_UTF16_UNITS}},
	{0x1F600,
         13,
         {UB_STEP_NUMBER, UB_STEP_BINARY, UB_STEP_UTF8_FIT, UB_STEP_UTF8_PAD,
          UB_STEP_UTF8_UNIT, UB_STEP_UTF8_UNIT, UB_STEP_UTF8_UNIT,
          UB_STEP_UTF8_UNIT, UB_STEP_UTF8_BYTES, UB_STEP_UTF16_SUB,
          UB_STEP_UTF16_HIGH, UB_STEP_UTF16_LOW, UB_STEP_UTF16_UNITS}},
};

START_TEST(explain_kinds)
{
	ub_step st[UB_EXPLAIN_MAX_STEPS];
	size_t n, i, want = kinds[_i].n;

	want++; /* the last step, UTF-32, is not in the table */
	n = ub_explain_steps(kinds[_i].cp, st, LEN(st));
	ck_assert_uint_eq(n, want);
	for (i = 0; i + 1 < n; i++)
		ck_assert_int_eq(st[i].kind, kinds[_i].kinds[i]);
	ck_assert_int_eq(st[n - 1].kind, UB_STEP_UTF32);
	for (i = 0; i < n; i++)
		ck_assert_ptr_nonnull(st[i].label);
}
END_TEST

/* The numbers of every step against the hand-made vectors above. */
START_TEST(explain_values)
{
	ub_step st[UB_EXPLAIN_MAX_STEPS];
	size_t n, i, k = 0, unit = 0;
	uint32_t cp = vec[_i].cp, packed = 0;
	static const unsigned smaller[] = {0, 7, 11, 16};

	n = ub_explain_steps(cp, st, LEN(st));
	ck_assert_uint_le(n, UB_EXPLAIN_MAX_STEPS);
	for (i = 0; i < vec[_i].n8; i++)
		packed = packed << 8 | vec[_i].u8[i];
	for (i = 0; i < n; i++) {
		const ub_step *s = &st[i];

		switch (s->kind) {
		case UB_STEP_NUMBER:
			ck_assert_uint_eq(s->value, cp);
			break;
		case UB_STEP_BINARY:
			ck_assert_uint_eq(s->value, cp);
			ck_assert_uint_eq(s->width, vec[_i].bits);
			break;
		case UB_STEP_UTF8_FIT:
			ck_assert_uint_eq(s->value, vec[_i].n8);
			ck_assert_uint_eq(s->from, vec[_i].bits);
			ck_assert_uint_eq(s->operand, vec[_i].cap);
			ck_assert_uint_eq(s->operand2,
			                  smaller[vec[_i].n8 - 1]);
			/* the why: it fits here and not in the smaller one */
			ck_assert_uint_le(s->from, s->operand);
			ck_assert_uint_gt(s->from, s->operand2);
			ck_assert_str_eq(s->text, vec[_i].tmpl);
			break;
		case UB_STEP_UTF8_PAD:
			ck_assert_uint_eq(s->width, vec[_i].cap);
			break;
		case UB_STEP_UTF8_UNIT:
			ck_assert_uint_eq(s->unit, unit);
			ck_assert_uint_eq(s->value, vec[_i].u8[unit]);
			/* marker, then the slice of cp: the byte */
			ck_assert_uint_eq(s->operand << s->from_width |
			                          s->from,
			                  s->value);
			ck_assert_uint_eq(s->from_width + s->u.marker_bits, 8);
			unit++;
			break;
		case UB_STEP_UTF8_BYTES:
			ck_assert_uint_eq(unit, vec[_i].n8);
			ck_assert_uint_eq(s->value, packed);
			ck_assert_uint_eq(s->operand, vec[_i].n8);
			break;
		case UB_STEP_UTF16_BMP:
			ck_assert_uint_eq(vec[_i].n16, 1);
			ck_assert_uint_eq(s->value, vec[_i].u16[0]);
			break;
		case UB_STEP_UTF16_SUB:
			ck_assert_uint_eq(s->value, cp - 0x10000);
			ck_assert_uint_eq(s->width, 20);
			break;
		case UB_STEP_UTF16_HIGH:
			ck_assert_uint_eq(s->value, vec[_i].u16[0]);
			ck_assert_uint_eq(s->from + s->operand, s->value);
			ck_assert_uint_eq(s->operand, 0xD800);
			break;
		case UB_STEP_UTF16_LOW:
			ck_assert_uint_eq(s->value, vec[_i].u16[1]);
			ck_assert_uint_eq(s->from + s->operand, s->value);
			ck_assert_uint_eq(s->operand, 0xDC00);
			break;
		case UB_STEP_UTF16_UNITS:
			ck_assert_uint_eq(s->operand, vec[_i].n16);
			packed = vec[_i].u16[0];
			if (vec[_i].n16 == 2)
				packed = packed << 16 | vec[_i].u16[1];
			ck_assert_uint_eq(s->value, packed);
			break;
		case UB_STEP_UTF32:
			ck_assert_uint_eq(s->value, cp);
			ck_assert_uint_eq(s->width, 32);
			k++;
			break;
		}
	}
	ck_assert_uint_eq(k, 1);
}
END_TEST

START_TEST(explain_limits)
{
	ub_step st[UB_EXPLAIN_MAX_STEPS];
	size_t n;

	ck_assert_uint_eq(ub_explain_steps(0xD800, st, LEN(st)), 0);
	ck_assert_uint_eq(ub_explain_steps(0x110000, st, LEN(st)), 0);
	n = ub_explain_steps(0x10FFFF, NULL, 0);
	ck_assert_uint_eq(n, 14);
	memset(st, 0xAB, sizeof(st));
	ck_assert_uint_eq(ub_explain_steps(0x10FFFF, st, 2), 14);
	ck_assert_int_eq(st[1].kind, UB_STEP_BINARY);
	ck_assert_uint_eq(st[2].value, 0xABABABABu); /* untouched */
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
	tcase_add_loop_test(tc, explain_kinds, 0, LEN(kinds));
	tcase_add_loop_test(tc, explain_values, 0, LEN(vec));
	tcase_add_test(tc, explain_limits);
	suite_add_tcase(s, tc);
	return s;
}
