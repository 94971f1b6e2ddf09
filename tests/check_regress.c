/*
 * check_regress.c - inputs the fuzz targets (tests/fuzz/) once failed
 * on, kept so the bugs stay fixed.  Each test names the target and the
 * property that failed.
 */
#include <stdlib.h>
#include <string.h>

#include <check.h>

#include <unibits.h>

#include "suites.h"
#include "testutil.h"

/* Run a whole conversion; collect output and errors. */
struct conv_run {
	uint8_t out[256];
	size_t nout;
	ub_conv_error errs[8];
	size_t nerrs;
	ub_status status;
};

static void
collect(void *ctx, const ub_conv_error *e)
{
	struct conv_run *r = ctx;

	if (r->nerrs < 8)
		r->errs[r->nerrs] = *e;
	r->nerrs++;
}

/* Feed src in pieces of the given sizes (the last piece is the rest),
 * with a roomy dst, then an empty last call. */
static void
conv_run(struct conv_run *r, const char *to, const char *from,
         ub_policy policy, ub_bom bom, const void *src, size_t n,
         const size_t *pieces, size_t npieces)
{
	uint8_t *s = tu_exact(src, n);
	ub_conv *cv;
	ub_result res = {UB_OK, 0, 0, 0};
	size_t at = 0, k, i;

	memset(r, 0, sizeof(*r));
	ck_assert_int_eq(ub_conv_open(&cv, to, from, policy, bom), UB_OK);
	ub_conv_on_error(cv, collect, r);
	for (i = 0; i <= npieces; i++) {
		k = i < npieces ? pieces[i] : n - at;
		res = ub_conv_feed(cv, s + at, k, r->out + r->nout,
		                   sizeof(r->out) - r->nout, false);
		ck_assert_uint_le(res.in, k);
		r->nout += res.out;
		at += res.in;
		if (res.status != UB_OK)
			break;
	}
	if (res.status == UB_OK) {
		res = ub_conv_feed(cv, NULL, 0, r->out + r->nout,
		                   sizeof(r->out) - r->nout, true);
		r->nout += res.out;
	}
	r->status = res.status;
	ub_conv_close(cv);
	free(s);
}

/* fuzz_conv, "whole == ub_transcode": strict UTF-8 -> UTF-16 wrote
 * nothing before an invalid byte (the characters waiting in the pivot
 * were dropped), though everything before the error must be written. */
START_TEST(strict_writes_before_error)
{
	static const uint8_t want[] = {0xFE, 0xFF, 0, 'h', 0, 'i'};
	struct conv_run r;

	conv_run(&r, "UTF-16", "UTF-8", UB_STRICT, UB_BOM_KEEP, "hi\xC0", 3,
	         NULL, 0);
	ck_assert_int_eq(r.status, UB_E_OVERLONG);
	ck_assert_uint_eq(r.nout, sizeof(want));
	ck_assert_mem_eq(r.out, want, sizeof(want));
	ck_assert_uint_eq(r.nerrs, 1);
	ck_assert_uint_eq(r.errs[0].offset, 2);
}
END_TEST

/* fuzz_conv, "one error under strict": UTF-16 -> ASCII, U+5000 (not
 * ASCII) then a lone low surrogate.  The decoder ran ahead and reported
 * the surrogate first; errors must come in input order. */
START_TEST(errors_in_input_order)
{
	struct conv_run r;

	conv_run(&r, "US-ASCII", "UTF-16", UB_STRICT, UB_BOM_KEEP,
	         "\x50\x00\xDC\x00", 4, NULL, 0);
	ck_assert_int_eq(r.status, UB_E_UNMAPPABLE);
	ck_assert_uint_eq(r.nerrs, 1);
	ck_assert_uint_eq(r.errs[0].offset, 0);
	ck_assert_uint_eq(r.errs[0].cp, 0x5000);

	conv_run(&r, "US-ASCII", "UTF-16", UB_REPLACE, UB_BOM_KEEP,
	         "\x50\x00\xDC\x00", 4, NULL, 0);
	ck_assert_int_eq(r.status, UB_OK);
	ck_assert_uint_eq(r.nerrs, 2);
	ck_assert_int_eq(r.errs[0].status, UB_E_UNMAPPABLE);
	ck_assert_uint_eq(r.errs[0].offset, 0);
	ck_assert_int_eq(r.errs[1].status, UB_E_UNPAIRED);
	ck_assert_uint_eq(r.errs[1].offset, 2);
	ck_assert_uint_eq(r.nout, 2);
	ck_assert_mem_eq(r.out, "??", 2);
}
END_TEST

/* fuzz_conv, "res.in <= n": bytes of a BOM-sniffing source held from an
 * earlier chunk were not counted in the base offset, so a strict stop
 * reported in past the end of the chunk. */
START_TEST(strict_in_within_chunk)
{
	static const size_t pieces[] = {2};
	struct conv_run r;

	conv_run(&r, "UTF-8", "UTF-32", UB_STRICT, UB_BOM_ADD,
	         "\0\0\0A\0\0\0B\0\0\xD8\0", 12, pieces, 1);
	ck_assert_int_eq(r.status, UB_E_SURROGATE);
	ck_assert_uint_eq(r.nerrs, 1);
	ck_assert_uint_eq(r.errs[0].offset, 8);
	ck_assert_uint_eq(r.nout, 5);
	ck_assert_mem_eq(r.out,
	                 "\xEF\xBB\xBF"
	                 "AB",
	                 5);
}
END_TEST

/* fuzz_conv, "column": under --bom=strip a U+FEFF after an invalid
 * sequence was dropped as if it began the input. */
START_TEST(feff_after_error_kept)
{
	struct conv_run r;

	conv_run(&r, "UTF-8", "UTF-8", UB_REPLACE, UB_BOM_STRIP,
	         "\xC0\xEF\xBB\xBF!", 5, NULL, 0);
	ck_assert_int_eq(r.status, UB_OK);
	ck_assert_uint_eq(r.nout, 7);
	ck_assert_mem_eq(r.out, "\xEF\xBF\xBD\xEF\xBB\xBF!", 7);
}
END_TEST

/* fuzz_conv, "ub_transcode == ub_conv": ub_transcode wrote a UTF-16 BOM
 * even when nothing followed it (everything skipped, or a strict stop at
 * once), and then its size query (0) disagreed with a cap-0 call. */
START_TEST(transcode_bom_only_with_output)
{
	uint8_t *src = tu_exact("\xC0", 1), dst[8];
	ub_result r;

	r = ub_transcode(UB_UTF16, UB_UTF8, src, 1, dst, sizeof(dst),
	                 UB_STRICT);
	ck_assert_int_eq(r.status, UB_E_OVERLONG);
	ck_assert_uint_eq(r.out, 0);
	r = ub_transcode_length(UB_UTF16, UB_UTF8, src, 1, UB_SKIP);
	ck_assert_int_eq(r.status, UB_OK);
	ck_assert_uint_eq(r.out, 0);
	r = ub_transcode(UB_UTF16, UB_UTF8, src, 1, dst, 0, UB_SKIP);
	ck_assert_int_eq(r.status, UB_OK);
	ck_assert_uint_eq(r.out, 0);
	ck_assert_uint_eq(r.in, 1);
	r = ub_transcode(UB_UTF32, UB_UTF8, src, 1, dst, sizeof(dst),
	                 UB_REPLACE); /* a BOM, then U+FFFD */
	ck_assert_int_eq(r.status, UB_OK);
	ck_assert_uint_eq(r.out, 8);
	ck_assert_mem_eq(dst, "\0\0\xFE\xFF\0\0\xFF\xFD", 8);
	free(src);
}
END_TEST

/* fuzz_conv, "res.in <= n" again, after the converter was rewritten:
 * three bytes held from the second chunk, then the last chunk (with
 * last = true) ends in a truncated sequence; in was 4 for 2 bytes. */
START_TEST(strict_in_within_last_chunk)
{
	static const uint8_t src[] = {0, 0, 0, 0, 0, 0, 0, 0, 0xC9};
	uint8_t out[16];
	ub_conv *cv;
	ub_result r;

	ck_assert_int_eq(ub_conv_open(&cv, "US-ASCII", "UTF-32LE", UB_STRICT,
	                              UB_BOM_KEEP),
	                 UB_OK);
	r = ub_conv_feed(cv, src, 4, out, sizeof(out), false);
	ck_assert_int_eq(r.status, UB_OK);
	r = ub_conv_feed(cv, src + 4, 3, out, sizeof(out), false);
	ck_assert_int_eq(r.status, UB_OK);
	r = ub_conv_feed(cv, src + 7, 2, out, sizeof(out), true);
	ck_assert_int_eq(r.status, UB_E_TRUNCATED);
	ck_assert_uint_eq(r.in, 1); /* C9 is at offset 8, src + 7 + 1 */
	ck_assert_uint_eq(ub_conv_first_error(cv)->offset, 8);
	ub_conv_close(cv);
}
END_TEST

Suite *
regress_suite(void)
{
	Suite *s = suite_create("regress");
	TCase *tc = tcase_create("fuzz");

	tcase_add_test(tc, strict_writes_before_error);
	tcase_add_test(tc, errors_in_input_order);
	tcase_add_test(tc, strict_in_within_chunk);
	tcase_add_test(tc, strict_in_within_last_chunk);
	tcase_add_test(tc, feff_after_error_kept);
	tcase_add_test(tc, transcode_bom_only_with_output);
	suite_add_tcase(s, tc);
	return s;
}
