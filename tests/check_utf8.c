/*
 * check_utf8.c - UTF-8: decode/encode one character, validate, count.
 * The validator is compared with tests/ref/ref_utf8.h (Table 3-7) on
 * every 1-, 2- and 3-byte input and a seeded sample of 4-byte inputs.
 */
#include <stdlib.h>
#include <string.h>

#include <unibits.h>

#include "ref/ref_utf8.h"
#include "suites.h"
#include "testutil.h"

#define LEN(a) (sizeof(a) / sizeof((a)[0]))

/* Hand-made vectors: { bytes, n, status, len, cp }. */
static const struct {
	const char *name;
	uint8_t b[4];
	size_t n;
	ub_status st;
	uint8_t len;
	uint32_t cp;
} dec[] = {
	{"NUL", {0x00}, 1, UB_OK, 1, 0x0},
	/* [01111111] */
	{"DEL", {0x7F}, 1, UB_OK, 1, 0x7F},
	/* [11000010 10000000] */
	{"U+0080", {0xC2, 0x80}, 2, UB_OK, 2, 0x80},
	{"U+07FF", {0xDF, 0xBF}, 2, UB_OK, 2, 0x7FF},
	{"U+0800", {0xE0, 0xA0, 0x80}, 3, UB_OK, 3, 0x800},
	{"U+D7FF", {0xED, 0x9F, 0xBF}, 3, UB_OK, 3, 0xD7FF},
	{"U+E000", {0xEE, 0x80, 0x80}, 3, UB_OK, 3, 0xE000},
	{"U+FFFF", {0xEF, 0xBF, 0xBF}, 3, UB_OK, 3, 0xFFFF},
	{"U+10000", {0xF0, 0x90, 0x80, 0x80}, 4, UB_OK, 4, 0x10000},
	{"U+10FFFF", {0xF4, 0x8F, 0xBF, 0xBF}, 4, UB_OK, 4, 0x10FFFF},
	/* [10000000] a continuation byte cannot start a character */
	{"lone 80", {0x80}, 1, UB_E_UNEXPECTED_CONT, 1, 0xFFFD},
	{"lone BF", {0xBF}, 1, UB_E_UNEXPECTED_CONT, 1, 0xFFFD},
	/* [11000000 10000000] overlong U+0000 (Modified UTF-8's NUL) */
	{"C0 80", {0xC0, 0x80}, 2, UB_E_OVERLONG, 1, 0xFFFD},
	/* [11000001 10111111] overlong U+007F */
	{"C1 BF", {0xC1, 0xBF}, 2, UB_E_OVERLONG, 1, 0xFFFD},
	/* [11100000 10011111 10111111] overlong U+07FF */
	{"E0 9F BF", {0xE0, 0x9F, 0xBF}, 3, UB_E_OVERLONG, 1, 0xFFFD},
	/* [11110000 10001111 ...] overlong U+FFFF */
	{"F0 8F BF BF", {0xF0, 0x8F, 0xBF, 0xBF}, 4, UB_E_OVERLONG, 1, 0xFFFD},
	/* [11101101 10100000 10000000] encoded surrogate U+D800 */
	{"ED A0 80", {0xED, 0xA0, 0x80}, 3, UB_E_SURROGATE, 1, 0xFFFD},
	{"ED BF BF", {0xED, 0xBF, 0xBF}, 3, UB_E_SURROGATE, 1, 0xFFFD},
	/* [11110100 10010000 ...] U+110000 */
	{"F4 90 80 80",
         {0xF4, 0x90, 0x80, 0x80},
         4,
         UB_E_TOO_LARGE,
         1,
         0xFFFD},
	/* [11110101] would start U+140000 */
	{"F5", {0xF5, 0x80, 0x80, 0x80}, 4, UB_E_TOO_LARGE, 1, 0xFFFD},
	{"F7", {0xF7, 0xBF}, 2, UB_E_TOO_LARGE, 1, 0xFFFD},
	/* [11111000] the old 5-byte form; [11111111] never UTF-8 */
	{"F8", {0xF8, 0x88, 0x80, 0x80}, 4, UB_E_INVALID_BYTE, 1, 0xFFFD},
	{"FE", {0xFE}, 1, UB_E_INVALID_BYTE, 1, 0xFFFD},
	{"FF", {0xFF}, 1, UB_E_INVALID_BYTE, 1, 0xFFFD},
	/* [11000011 00101000] the lead wants a continuation byte */
	{"C3 28", {0xC3, 0x28}, 2, UB_E_EXPECTED_CONT, 1, 0xFFFD},
	{"E2 82 28", {0xE2, 0x82, 0x28}, 3, UB_E_EXPECTED_CONT, 2, 0xFFFD},
	{"F0 9F 98 41",
         {0xF0, 0x9F, 0x98, 0x41},
         4,
         UB_E_EXPECTED_CONT,
         3,
         0xFFFD},
	/* the input ends inside a sequence that could still be valid */
	{"C3 |", {0xC3}, 1, UB_E_TRUNCATED, 1, 0xFFFD},
	{"E2 82 |", {0xE2, 0x82}, 2, UB_E_TRUNCATED, 2, 0xFFFD},
	{"F0 9F 98 |", {0xF0, 0x9F, 0x98}, 3, UB_E_TRUNCATED, 3, 0xFFFD},
	{"empty", {0}, 0, UB_E_TRUNCATED, 0, 0xFFFD},
};

START_TEST(decode_vectors)
{
	uint8_t *s = tu_exact(dec[_i].b, dec[_i].n);
	ub_decoded d = ub_utf8_decode(s, dec[_i].n);

	ck_assert_msg(d.status == dec[_i].st, "%s: status %s, want %s",
	              dec[_i].name, ub_status_name(d.status),
	              ub_status_name(dec[_i].st));
	ck_assert_msg(d.len == dec[_i].len, "%s: len %u, want %u",
	              dec[_i].name, d.len, dec[_i].len);
	ck_assert_msg(d.cp == dec[_i].cp, "%s: cp %X", dec[_i].name, d.cp);
	free(s);
}
END_TEST

/* Every scalar value: encode, decode, and the length rule of Table 3-6. */
START_TEST(round_trip_all_scalars)
{
	uint8_t buf[4], *s;
	uint32_t cp;
	size_t k, want;
	ub_decoded d;

	for (cp = 0; cp <= 0x10FFFF; cp++) {
		k = ub_utf8_encode(cp, buf);
		if (!ub_is_scalar(cp)) {
			ck_assert_msg(k == 0, "U+%04X encoded", cp);
			continue;
		}
		want = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
		ck_assert_msg(k == want, "U+%04X: %zu bytes", cp, k);
		d = ub_utf8_decode(buf, k);
		ck_assert_msg(d.status == UB_OK && d.cp == cp && d.len == k,
		              "U+%04X does not round-trip", cp);
		if (cp % 4099 == 0) { /* and with no byte to spare */
			s = tu_exact(buf, k);
			d = ub_utf8_decode(s, k);
			ck_assert(d.cp == cp);
			free(s);
		}
	}
	ck_assert_uint_eq(ub_utf8_encode(0x110000, buf), 0);
	ck_assert_uint_eq(ub_utf8_encode(0xFFFFFFFF, buf), 0);
}
END_TEST

/*
 * Compare validate, count and decode with the reference on s[0..n):
 * the class and place of the first error, the characters before it, and
 * the length of every maximal subpart.
 */
static void
compare_with_reference(const uint8_t *s, size_t n)
{
	size_t i = 0, len, count = 0, total = 0;
	enum ref_class c = REF_VALID, first = REF_VALID;
	size_t err_at = n, before = 0;
	ub_result r = ub_utf8_validate(s, n);
	ub_decoded d;

	while (i < n) {
		c = ref_utf8_next(s + i, n - i, &len);
		d = ub_utf8_decode(s + i, n - i);
		if (d.len != len || (c == REF_VALID) != (d.status == UB_OK) ||
		    (c == REF_TRUNCATED) != (d.status == UB_E_TRUNCATED) ||
		    (c == REF_VALID && d.cp != ref_utf8_value(s + i, len)))
			ck_abort_msg("decode differs at %zu of %02X %02X %02X "
			             "%02X (n=%zu)",
			             i, s[0], n > 1 ? s[1] : 0,
			             n > 2 ? s[2] : 0, n > 3 ? s[3] : 0, n);
		if (c != REF_VALID && first == REF_VALID) {
			first = c;
			err_at = i;
			before = count;
		}
		count++;
		total++;
		i += len;
	}
	if (first == REF_VALID) {
		if (r.status != UB_OK || r.in != n || r.out != count)
			ck_abort_msg("validate rejects valid %02X %02X %02X",
			             s[0], n > 1 ? s[1] : 0, n > 2 ? s[2] : 0);
	} else if (r.in != err_at || r.out != before ||
	           (first == REF_TRUNCATED) != (r.status == UB_E_TRUNCATED) ||
	           r.status == UB_OK) {
		ck_abort_msg("validate differs on %02X %02X %02X %02X: "
		             "%s at %zu, reference at %zu",
		             s[0], n > 1 ? s[1] : 0, n > 2 ? s[2] : 0,
		             n > 3 ? s[3] : 0, ub_status_name(r.status), r.in,
		             err_at);
	}
	if (ub_utf8_count(s, n) != total)
		ck_abort_msg("count differs on %02X %02X %02X", s[0],
		             n > 1 ? s[1] : 0, n > 2 ? s[2] : 0);
}

START_TEST(exhaustive_1_2_3_bytes)
{
	uint8_t s[3];
	uint32_t v;

	for (v = 0; v < 0x100; v++) {
		s[0] = (uint8_t)v;
		compare_with_reference(s, 1);
	}
	for (v = 0; v < 0x10000; v++) {
		s[0] = (uint8_t)(v >> 8);
		s[1] = (uint8_t)v;
		compare_with_reference(s, 2);
	}
	for (v = 0; v < 0x1000000; v++) {
		s[0] = (uint8_t)(v >> 16);
		s[1] = (uint8_t)(v >> 8);
		s[2] = (uint8_t)v;
		compare_with_reference(s, 3);
	}
}
END_TEST

/*
 * 4-byte inputs: all 2^32 would take minutes, so a seeded sample, biased
 * to where the rules are (leads E0..FF, bytes near the range edges).
 */
START_TEST(sampled_4_bytes)
{
	static const uint8_t edges[] = {0x00, 0x41, 0x7F, 0x80, 0x8F,
	                                0x90, 0x9F, 0xA0, 0xBF, 0xC0,
	                                0xC1, 0xC2, 0xDF, 0xE0, 0xED,
	                                0xEF, 0xF0, 0xF4, 0xF5, 0xFF};
	uint64_t seed = 0x5EED0004u, x;
	uint8_t s[4];
	int i, k;
	long n = getenv("UB_QUICK") != NULL ? 1000000 : 8000000;

	for (i = 0; i < n; i++) {
		x = tu_rand(&seed);
		for (k = 0; k < 4; k++) {
			uint8_t b = (uint8_t)(x >> (8 * k));
			uint8_t mode = (uint8_t)(x >> (32 + 4 * k)) & 7;

			if (mode < 3) /* an edge of some range */
				b = edges[b % LEN(edges)];
			else if (mode < 6) /* a continuation byte */
				b = (uint8_t)(0x80 | (b & 0x3F));
			if (k == 0 && (x >> 60) < 12)
				b = (uint8_t)(0xE0 | (b & 0x1F));
			s[k] = b;
		}
		compare_with_reference(s, 4);
	}
}
END_TEST

START_TEST(validate_long_buffers)
{
	/* ASCII runs longer than the 8-byte fast path, errors after them */
	uint8_t s[64];
	size_t at;
	ub_result r;

	for (at = 0; at < sizeof(s); at++) {
		memset(s, 'a', sizeof(s));
		s[at] = 0xFF;
		r = ub_utf8_validate(s, sizeof(s));
		ck_assert_int_eq(r.status, UB_E_INVALID_BYTE);
		ck_assert_uint_eq(r.in, at);
		ck_assert_uint_eq(r.out, at);
		ck_assert_uint_eq(ub_utf8_count(s, sizeof(s)), sizeof(s));
	}
	ck_assert_int_eq(ub_utf8_validate(NULL, 0).status, UB_OK);
	ck_assert_uint_eq(ub_utf8_count(NULL, 0), 0);
}
END_TEST

Suite *
utf8_suite(void)
{
	Suite *s = suite_create("utf8");
	TCase *tc;

	tc = tcase_create("decode");
	tcase_add_loop_test(tc, decode_vectors, 0, (int)LEN(dec));
	tcase_add_test(tc, round_trip_all_scalars);
	suite_add_tcase(s, tc);

	tc = tcase_create("validate");
	tcase_set_timeout(tc, 600);
	tcase_add_test(tc, exhaustive_1_2_3_bytes);
	tcase_add_test(tc, sampled_4_bytes);
	tcase_add_test(tc, validate_long_buffers);
	suite_add_tcase(s, tc);
	return s;
}
