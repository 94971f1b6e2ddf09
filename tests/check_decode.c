/*
 * check_decode.c - cli/decode.c, the splitter show and dump use: fed in
 * pieces of any size (every split point, and one byte at a time) it
 * must give exactly the items it gives for the whole input at once,
 * offsets and reasons included.  This is what lets dump stream.
 */
#include <stdlib.h>
#include <string.h>

#include <check.h>

#include "../cli/decode.h"
#include "suites.h"
#include "testutil.h"

#define MAX_ITEMS 64

struct got {
	struct dec_item it[MAX_ITEMS];
	size_t n;
};

static bool
take(void *ctx, const struct dec_item *it)
{
	struct got *g = ctx;

	ck_assert_uint_lt(g->n, MAX_ITEMS);
	g->it[g->n++] = *it;
	return true;
}

struct vec {
	const char *enc;
	const char *s;
	size_t n;
	size_t items; /* what the whole input gives */
};

static const struct vec vecs[] = {
	/* A é € 😀: 1, 2, 3 and 4 bytes */
	{"UTF-8", "A\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80", 10, 4},
	/* [11000011 00101000] C3 then '(': cut short, then '(' */
	{"UTF-8", "\xC3(\xFF\x80\xE0\x80\xED\xA0\x80\xF4\x90\x80\x80", 13, 13},
	/* a sequence cut by the end of input is one truncated item */
	{"UTF-8", "ab\xF0\x9F\x98", 5, 3},
	/* UTF-16 with a BOM (little-endian), a pair, a lone surrogate */
	{"UTF-16",
         "\xFF\xFE"
         "A\x00\x3D\xD8\x00\xDE\x00\xDC",
         10, 4},
	{"UTF-16BE",
         "\x00"
         "A\xD8\x3D\xDE\x00\x00",
         7, 3},
	{"UTF-32LE", "A\x00\x00\x00\x00\xD8\x00\x00\x00\xF6\x01\x00", 12, 3},
	{"ISO-8859-1", "caf\xE9", 4, 4},
	{"US-ASCII", "a\x80z", 3, 3},
};

static void
run(const struct vec *v, const size_t *cuts, size_t ncuts, struct got *g)
{
	struct dec *d;
	size_t i, from = 0;
	uint8_t *s = tu_exact(v->s, v->n);

	ck_assert_int_eq(dec_open(&d, v->enc), UB_OK);
	g->n = 0;
	for (i = 0; i <= ncuts; i++) {
		size_t to = i < ncuts ? cuts[i] : v->n;
		uint8_t *piece = tu_exact(s + from, to - from);

		dec_feed(d, piece, to - from, false, take, g);
		free(piece);
		from = to;
	}
	dec_feed(d, NULL, 0, true, take, g);
	dec_close(d);
	free(s);
}

static void
same(const struct got *a, const struct got *b, const char *what)
{
	size_t i;

	ck_assert_msg(a->n == b->n, "%s: %zu items, want %zu", what, b->n,
	              a->n);
	for (i = 0; i < a->n; i++) {
		ck_assert_uint_eq(a->it[i].offset, b->it[i].offset);
		ck_assert_uint_eq(a->it[i].nbytes, b->it[i].nbytes);
		ck_assert(memcmp(a->it[i].bytes, b->it[i].bytes,
		                 a->it[i].nbytes) == 0);
		ck_assert_uint_eq(a->it[i].cp, b->it[i].cp);
		ck_assert_int_eq(a->it[i].status, b->it[i].status);
	}
}

START_TEST(chunks)
{
	const struct vec *v = &vecs[_i];
	struct got whole, part;
	size_t cut[2], i, j, ones[64];

	run(v, NULL, 0, &whole);
	ck_assert_uint_eq(whole.n, v->items);
	/* Offsets run without gaps over the whole input. */
	for (i = 0, j = 0; i < whole.n; i++) {
		ck_assert_uint_eq(whole.it[i].offset, j);
		j += whole.it[i].nbytes;
	}
	ck_assert_uint_eq(j, v->n);
	for (i = 0; i <= v->n; i++) {
		for (j = i; j <= v->n; j++) {
			cut[0] = i;
			cut[1] = j;
			run(v, cut, 2, &part);
			same(&whole, &part, "two cuts");
		}
	}
	for (i = 0; i < v->n; i++)
		ones[i] = i + 1;
	run(v, ones, v->n - 1, &part);
	same(&whole, &part, "one byte at a time");
}
END_TEST

START_TEST(reasons)
{
	/* The reasons come from ub_decode: check the mixed vector. */
	struct got g;
	static const ub_status want[] = {
		UB_E_EXPECTED_CONT,   UB_OK,
		UB_E_INVALID_BYTE,    UB_E_UNEXPECTED_CONT,
		UB_E_OVERLONG,        UB_E_UNEXPECTED_CONT,
		UB_E_SURROGATE,       UB_E_UNEXPECTED_CONT,
		UB_E_UNEXPECTED_CONT, UB_E_TOO_LARGE,
		UB_E_UNEXPECTED_CONT, UB_E_UNEXPECTED_CONT,
		UB_E_UNEXPECTED_CONT,
	};
	size_t i;

	run(&vecs[1], NULL, 0, &g);
	ck_assert_uint_eq(g.n, sizeof(want) / sizeof(want[0]));
	for (i = 0; i < g.n; i++)
		ck_assert_int_eq(g.it[i].status, want[i]);
	ck_assert_uint_eq(g.it[1].cp, '(');
}
END_TEST

static bool
take_one(void *ctx, const struct dec_item *it)
{
	size_t *n = ctx;

	(void)it;
	return ++*n < 1;
}

START_TEST(stop)
{
	/* A callback that says stop (dump's reader went away) stops the
	 * feed at once. */
	struct dec *d;
	size_t n = 0;

	ck_assert_int_eq(dec_open(&d, "UTF-8"), UB_OK);
	ck_assert(!dec_feed(d, (const uint8_t *)"abc", 3, true, take_one, &n));
	ck_assert_uint_eq(n, 1);
	dec_close(d);
}
END_TEST

Suite *
decode_suite(void)
{
	Suite *s = suite_create("decode");
	TCase *tc = tcase_create("chunks");

	tcase_add_loop_test(tc, chunks, 0,
	                    (int)(sizeof(vecs) / sizeof(vecs[0])));
	tcase_add_test(tc, reasons);
	tcase_add_test(tc, stop);
	suite_add_tcase(s, tc);
	return s;
}
