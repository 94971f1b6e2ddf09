/*
 * check_parse.c - the spellings lookup accepts (cli/parse.c): every row
 * is a token and what it must become.
 */
#include <stdlib.h>
#include <string.h>

#include <check.h>

#include "../cli/parse.h"
#include "suites.h"
#include "testutil.h"

struct vec {
	const char *tok;
	enum pq_kind kind;
	size_t n;      /* code points or bytes */
	uint32_t v[4]; /* the code points, or the bytes */
	uint32_t dec;  /* PQ_HEXPAIR of digits: the decimal value */
};

static const struct vec vecs[] = {
	{"U+00E9", PQ_CPS, 1, {0xE9}, 0},
	{"u+e9", PQ_CPS, 1, {0xE9}, 0},
	{"U+1F600", PQ_CPS, 1, {0x1F600}, 0},
	{"U+110000", PQ_CPS, 1, {0x110000}, 0}, /* caller refuses it */
	{"0xE9", PQ_CPS, 1, {0xE9}, 0},
	{"0X1f600", PQ_CPS, 1, {0x1F600}, 0},
	{"0b11101001", PQ_CPS, 1, {0xE9}, 0},
	{"233", PQ_CPS, 1, {233}, 0},
	{"1114111", PQ_CPS, 1, {0x10FFFF}, 0},
	{"7", PQ_CPS, 1, {'7'}, 0},          /* the digit, as explain */
	{"99999999999", PQ_WORD, 0, {0}, 0}, /* no wrap-around */
	/* 8·k binary digits are bytes: 11000011 10101001 = C3 A9 */
	{"11000011", PQ_BYTES, 1, {0xC3}, 0},
	{"1100001110101001", PQ_BYTES, 2, {0xC3, 0xA9}, 0},
	{"\\xC3\\xA9", PQ_BYTES, 2, {0xC3, 0xA9}, 0},
	{"\\xc3\\xa9", PQ_BYTES, 2, {0xC3, 0xA9}, 0},
	{"\\303\\251", PQ_BYTES, 2, {0xC3, 0xA9}, 0}, /* octal */
	{"%C3%A9", PQ_BYTES, 2, {0xC3, 0xA9}, 0},
	{"%e2%82%ac", PQ_BYTES, 3, {0xE2, 0x82, 0xAC}, 0},
	{"\\xC3\\xZZ", PQ_WORD, 0, {0}, 0},
	{"%C3%A", PQ_WORD, 0, {0}, 0},
	{"&#233;", PQ_CPS, 1, {233}, 0},
	{"&#xE9;", PQ_CPS, 1, {0xE9}, 0},
	{"&#X1F600;", PQ_CPS, 1, {0x1F600}, 0},
	{"&#65;&#x42;", PQ_CPS, 2, {0x41, 0x42}, 0},
	{"&#233", PQ_WORD, 0, {0}, 0}, /* no ';' */
	{"\\u00E9", PQ_CPS, 1, {0xE9}, 0},
	{"\\U0001F600", PQ_CPS, 1, {0x1F600}, 0},
	{"\\u{1F600}", PQ_CPS, 1, {0x1F600}, 0},
	{"\\u{e9}\\u00e8", PQ_CPS, 2, {0xE9, 0xE8}, 0},
	/* JSON's surrogate pair for U+1F600 is one code point */
	{"\\uD83D\\uDE00", PQ_CPS, 1, {0x1F600}, 0},
	{"\\uD83D", PQ_CPS, 1, {0xD83D}, 0}, /* lone: caller says so */
	{"\\u00G9", PQ_WORD, 0, {0}, 0},
	{"C3", PQ_HEXPAIR, 1, {0xC3}, 0},
	{"a9", PQ_HEXPAIR, 1, {0xA9}, 0},
	{"41", PQ_HEXPAIR, 1, {0x41}, 41}, /* byte or decimal */
	{"C3A9", PQ_BYTES, 2, {0xC3, 0xA9}, 0},
	{"f09f9880", PQ_BYTES, 4, {0xF0, 0x9F, 0x98, 0x80}, 0},
	{"FACE", PQ_WORD, 0, {0}, 0}, /* a word, not FA CE */
	{"cafe", PQ_WORD, 0, {0}, 0},
	{"C3A", PQ_WORD, 0, {0}, 0},
	{"\xC3\xA9", PQ_CPS, 1, {0xE9}, 0}, /* the character é */
	{"x", PQ_CPS, 1, {'x'}, 0},
	{"+", PQ_CPS, 1, {'+'}, 0},
	{"\xF0\x9F\x91\x8D\xF0\x9F\x8F\xBD", PQ_CPS, 2, {0x1F44D, 0x1F3FD}, 0},
	{"caf\xC3\xA9", PQ_CPS, 4, {'c', 'a', 'f', 0xE9}, 0},
	{"\xFF", PQ_BYTES, 1, {0xFF}, 0}, /* raw bytes, not UTF-8 */
	{"greek", PQ_WORD, 0, {0}, 0},
	{"alpha", PQ_WORD, 0, {0}, 0},
	{"U+", PQ_WORD, 0, {0}, 0},
	{"0x", PQ_WORD, 0, {0}, 0},
};

START_TEST(token)
{
	const struct vec *v = &vecs[_i];
	size_t len = strlen(v->tok), ncps = 99, nbytes = 99, i;
	/* Exact-size copies: ASan sees any read or write past them. */
	char *tok = (char *)tu_exact(v->tok, len + 1);
	uint32_t *cps = malloc(len * sizeof(*cps) + 1);
	uint8_t *bytes = malloc(len + 1);
	enum pq_kind k;

	k = pq_token(tok, cps, &ncps, bytes, &nbytes);
	ck_assert_msg(k == v->kind, "%s: kind %d, want %d", v->tok, k,
	              v->kind);
	switch (k) {
	case PQ_CPS:
		ck_assert_uint_eq(ncps, v->n);
		for (i = 0; i < v->n; i++)
			ck_assert_uint_eq(cps[i], v->v[i]);
		break;
	case PQ_BYTES:
		ck_assert_uint_eq(nbytes, v->n);
		for (i = 0; i < v->n; i++)
			ck_assert_uint_eq(bytes[i], v->v[i]);
		break;
	case PQ_HEXPAIR:
		ck_assert_uint_eq(nbytes, 1);
		ck_assert_uint_eq(bytes[0], v->v[0]);
		ck_assert_uint_eq(ncps, v->dec != 0);
		if (v->dec != 0)
			ck_assert_uint_eq(cps[0], v->dec);
		break;
	default:
		break;
	}
	ck_assert(ncps <= len && nbytes <= len);
	free(cps);
	free(bytes);
	free(tok);
}
END_TEST

Suite *
parse_suite(void)
{
	Suite *s = suite_create("parse");
	TCase *tc = tcase_create("token");

	tcase_add_loop_test(tc, token, 0,
	                    (int)(sizeof(vecs) / sizeof(vecs[0])));
	suite_add_tcase(s, tc);
	return s;
}
