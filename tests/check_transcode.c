/*
 * check_transcode.c - ub_transcode between every pair of built-in
 * encodings: maximal-subpart replacement, the other policies, the exact
 * size query, output-full resumption, BOMs, and a round trip of every
 * scalar value.
 */
#include <stdlib.h>
#include <string.h>

#include <unibits.h>

#include "cases.h"
#include "suites.h"
#include "testutil.h"

#define LEN(a) (sizeof(a) / sizeof((a)[0]))

START_TEST(replace_maximal_subparts)
{
	const struct subpart_case *c = &subpart_cases[_i];
	uint8_t *in = tu_exact(c->in, c->n), out[256];
	size_t want = subpart_out_len(c);
	ub_result r;

	r = ub_transcode(UB_UTF8, UB_UTF8, in, c->n, out, sizeof(out),
	                 UB_REPLACE);
	ck_assert_int_eq(r.status, UB_OK);
	ck_assert_uint_eq(r.in, c->n);
	ck_assert_msg(r.out == want && memcmp(out, c->out, want) == 0,
	              "%s: wrong replacement output", c->name);
	ck_assert_uint_eq(r.errors, c->errors);

	/* strict stops at the first error, all before it written */
	r = ub_transcode(UB_UTF8, UB_UTF8, in, c->n, out, sizeof(out),
	                 UB_STRICT);
	ck_assert_uint_eq(r.in, c->first_err);
	ck_assert_uint_eq(r.out, c->first_err);
	ck_assert(c->errors == 0 ? r.status == UB_OK : r.status != UB_OK);
	ck_assert(memcmp(out, c->in, r.out) == 0);
	free(in);
}
END_TEST

/* Skip drops exactly the U+FFFDs replace writes; escape writes \xHH. */
START_TEST(skip_and_escape)
{
	const uint8_t in[] = "a\xE2\x82"
			     "b\xFF";
	uint8_t out[64];
	ub_result r;

	r = ub_transcode(UB_UTF8, UB_UTF8, in, sizeof(in) - 1, out,
	                 sizeof(out), UB_SKIP);
	ck_assert(r.status == UB_OK && r.out == 2 && r.errors == 2);
	ck_assert(memcmp(out, "ab", 2) == 0);
	r = ub_transcode(UB_UTF8, UB_UTF8, in, sizeof(in) - 1, out,
	                 sizeof(out), UB_ESCAPE);
	ck_assert(r.status == UB_OK && r.errors == 2);
	ck_assert(r.out == 14 && memcmp(out, "a\\xE2\\x82b\\xFF", 14) == 0);
	/* unmappable: \u{XXXX} in the target */
	r = ub_transcode(UB_ASCII, UB_UTF8,
	                 (const uint8_t *)"\xC3\xA9\xF0\x9F\x98\x80", 6, out,
	                 sizeof(out), UB_ESCAPE);
	ck_assert(r.status == UB_OK && r.errors == 2);
	ck_assert_uint_eq(r.out, 17);
	ck_assert(memcmp(out, "\\u{00E9}\\u{1F600}", 17) == 0);
	r = ub_transcode(UB_LATIN1, UB_UTF8,
	                 (const uint8_t *)"\xC3\xA9\xE2\x82\xAC", 5, out,
	                 sizeof(out), UB_REPLACE);
	ck_assert(r.status == UB_OK && r.out == 2 && out[0] == 0xE9 &&
	          out[1] == '?');
	r = ub_transcode(UB_LATIN1, UB_UTF8,
	                 (const uint8_t *)"\xC3\xA9\xE2\x82\xAC", 5, out,
	                 sizeof(out), UB_STRICT);
	ck_assert(r.status == UB_E_UNMAPPABLE && r.in == 2 && r.out == 1);
}
END_TEST

static const ub_encoding all[] = {UB_ASCII,   UB_LATIN1,  UB_UTF8,
                                  UB_UTF16LE, UB_UTF16BE, UB_UTF16,
                                  UB_UTF32LE, UB_UTF32BE, UB_UTF32};

/*
 * For every case, every source and target, every policy: the size query
 * equals what is written, and converting through a tiny buffer, call
 * after call, gives the same bytes as one call.
 */
START_TEST(size_query_and_resume)
{
	const struct subpart_case *c = &subpart_cases[_i];
	uint8_t src[512], one[2048], pieces[2048];
	size_t si, ti, n, k, o, cap;
	ub_result q, r;
	int p;

	for (si = 0; si < LEN(all); si++) {
		/* the case's text in the source encoding (replaced first,
		 * so that it is meaningful in every encoding) */
		r = ub_transcode(all[si], UB_UTF8, (const uint8_t *)c->in,
		                 c->n, src, sizeof(src), UB_REPLACE);
		ck_assert_int_eq(r.status, UB_OK);
		n = r.out;
		if (all[si] == UB_UTF8) {
			memcpy(src, c->in, c->n); /* keep the bad bytes */
			n = c->n;
		}
		for (ti = 0; ti < LEN(all); ti++)
			for (p = UB_STRICT; p <= UB_ESCAPE; p++) {
				q = ub_transcode_length(all[ti], all[si], src,
				                        n, (ub_policy)p);
				r = ub_transcode(all[ti], all[si], src, n, one,
				                 sizeof(one), (ub_policy)p);
				ck_assert_msg(
					q.out == r.out &&
						q.status == r.status &&
						q.in == r.in,
					"%s: %s -> %s policy %d: size %zu, "
					"wrote %zu",
					c->name, ub_encoding_name(all[si]),
					ub_encoding_name(all[ti]), p, q.out,
					r.out);
				if (all[ti] == UB_UTF16 ||
				    all[ti] == UB_UTF32 ||
				    all[si] == UB_UTF16 || all[si] == UB_UTF32)
					continue; /* a BOM belongs to the start
					           */
				for (cap = p == UB_ESCAPE ? 64 : 4;
				     cap < (p == UB_ESCAPE ? 72u : 12u);
				     cap += 3) {
					o = 0;
					k = 0;
					do {
						q = ub_transcode(all[ti],
						                 all[si],
						                 src + k,
						                 n - k,
						                 pieces + o,
						                 cap,
						                 (ub_policy)p);
						k += q.in;
						o += q.out;
					} while (q.status == UB_E_OUTPUT_FULL);
					ck_assert_msg(
						o == r.out &&
							memcmp(pieces, one,
					                       o) == 0 &&
							q.status == r.status,
						"%s: %s -> %s policy %d cap %zu: "
						"resumed output differs",
						c->name,
						ub_encoding_name(all[si]),
						ub_encoding_name(all[ti]), p,
						cap);
				}
			}
	}
}
END_TEST

START_TEST(round_trip_every_scalar)
{
	size_t n = 0x110000 - 0x800, i, e;
	uint8_t *u32 = malloc(n * 4), *mid = malloc(n * 4 + 8),
		*back = malloc(n * 4);
	uint32_t cp;
	ub_result r;
	static const ub_encoding forms[] = {UB_UTF8,  UB_UTF16LE, UB_UTF16BE,
	                                    UB_UTF16, UB_UTF32BE, UB_UTF32};

	for (cp = 0, i = 0; cp < 0x110000; cp++)
		if (ub_is_scalar(cp))
			i += ub_utf32_encode(cp, u32 + i, UB_LE);
	ck_assert_uint_eq(i, n * 4);
	for (e = 0; e < LEN(forms); e++) {
		r = ub_transcode(forms[e], UB_UTF32LE, u32, n * 4, mid,
		                 n * 4 + 8, UB_STRICT);
		ck_assert_int_eq(r.status, UB_OK);
		ck_assert_uint_eq(r.in, n * 4);
		r = ub_transcode(UB_UTF32LE, forms[e], mid, r.out, back, n * 4,
		                 UB_STRICT);
		ck_assert_msg(r.status == UB_OK && r.out == n * 4 &&
		                      memcmp(back, u32, n * 4) == 0,
		              "%s does not round-trip",
		              ub_encoding_name(forms[e]));
		ck_assert_uint_eq(ub_count(forms[e], mid, r.in), n);
		ck_assert_uint_eq(ub_validate(forms[e], mid, r.in).out, n);
	}
	free(u32);
	free(mid);
	free(back);
}
END_TEST

START_TEST(byte_order_marks)
{
	uint8_t out[16];
	ub_result r;

	/* writing "UTF-16" puts FE FF first, then big-endian */
	r = ub_transcode(UB_UTF16, UB_UTF8, (const uint8_t *)"A", 1, out,
	                 sizeof(out), UB_STRICT);
	ck_assert(r.out == 4 && memcmp(out, "\xFE\xFF\x00\x41", 4) == 0);
	r = ub_transcode(UB_UTF32, UB_UTF8, (const uint8_t *)"A", 1, out,
	                 sizeof(out), UB_STRICT);
	ck_assert(r.out == 8 &&
	          memcmp(out, "\x00\x00\xFE\xFF\x00\x00\x00\x41", 8) == 0);
	/* reading "UTF-16" honours a BOM, else big-endian (D98) */
	r = ub_transcode(UB_UTF8, UB_UTF16,
	                 (const uint8_t *)"\xFF\xFE\x41\x00", 4, out,
	                 sizeof(out), UB_STRICT);
	ck_assert(r.status == UB_OK && r.out == 1 && out[0] == 'A');
	r = ub_transcode(UB_UTF8, UB_UTF16, (const uint8_t *)"\x00\x41", 2,
	                 out, sizeof(out), UB_STRICT);
	ck_assert(r.status == UB_OK && r.out == 1 && out[0] == 'A');
	/* UTF-16LE keeps a leading U+FEFF as a character */
	r = ub_transcode(UB_UTF8, UB_UTF16LE,
	                 (const uint8_t *)"\xFF\xFE\x41\x00", 4, out,
	                 sizeof(out), UB_STRICT);
	ck_assert(r.out == 4 && memcmp(out,
	                               "\xEF\xBB\xBF"
	                               "A",
	                               4) == 0);
	ck_assert_uint_eq(ub_count(UB_UTF16,
	                           (const uint8_t *)"\xFF\xFE\x41\x00", 4),
	                  1);
	/* an odd final byte is one truncated unit */
	r = ub_transcode(UB_UTF8, UB_UTF16LE, (const uint8_t *)"\x41\x00\x42",
	                 3, out, sizeof(out), UB_REPLACE);
	ck_assert(r.status == UB_OK && r.errors == 1 && r.out == 4 &&
	          memcmp(out, "A" R, 4) == 0);
	r = ub_transcode(UB_UTF8, UB_UTF16LE, (const uint8_t *)"\x41\x00\x42",
	                 3, out, sizeof(out), UB_STRICT);
	ck_assert(r.status == UB_E_TRUNCATED && r.in == 2);
}
END_TEST

START_TEST(bad_arguments)
{
	uint8_t out[4] = {0};

	ck_assert_int_eq(ub_transcode(UB_ENC_NONE, UB_UTF8, out, 0, out, 4,
	                              UB_STRICT)
	                         .status,
	                 UB_E_UNKNOWN_ENCODING);
	ck_assert_int_eq(ub_transcode(UB_UTF8, UB_UTF8, NULL, 3, out, 4,
	                              UB_STRICT)
	                         .status,
	                 UB_E_INVALID_ARG);
	ck_assert_int_eq(ub_transcode(UB_UTF8, UB_UTF8, out, 0, NULL, 4,
	                              UB_STRICT)
	                         .status,
	                 UB_E_INVALID_ARG);
	ck_assert_int_eq(ub_validate(UB_ENC_NONE, out, 1).status,
	                 UB_E_UNKNOWN_ENCODING);
}
END_TEST

Suite *
transcode_suite(void)
{
	Suite *s = suite_create("transcode");
	TCase *tc = tcase_create("bulk");

	tcase_set_timeout(tc, 120);
	tcase_add_loop_test(tc, replace_maximal_subparts, 0,
	                    (int)LEN(subpart_cases));
	tcase_add_test(tc, skip_and_escape);
	tcase_add_loop_test(tc, size_query_and_resume, 0,
	                    (int)LEN(subpart_cases));
	tcase_add_test(tc, round_trip_every_scalar);
	tcase_add_test(tc, byte_order_marks);
	tcase_add_test(tc, bad_arguments);
	suite_add_tcase(s, tc);
	return s;
}
