/*
 * cases.h - malformed and boundary UTF-8 inputs with the output that
 * Unicode 15.0 section 3.9 ("U+FFFD Substitution of Maximal Subparts")
 * prescribes, worked out by hand: each maximal subpart, i.e. the
 * longest prefix of a well-formed sequence (Table 3-7), or else a single
 * byte, becomes one U+FFFD.  Shared by the transcoder and converter
 * suites.
 */
#ifndef UB_TEST_CASES_H
#define UB_TEST_CASES_H

#include <stddef.h>

#define R "\xEF\xBF\xBD" /* U+FFFD in UTF-8 */

struct subpart_case {
	const char *name;
	const char *in;
	size_t n;         /* bytes of in (it may hold NUL) */
	const char *out;  /* the replaced output, UTF-8 */
	size_t first_err; /* offset of the first error, or n if none */
	size_t errors;    /* number of U+FFFD written */
	size_t nout;      /* bytes of out, when it holds NUL (else 0) */
};

/* The length of the expected output. */
static inline size_t
subpart_out_len(const struct subpart_case *c)
{
	size_t n = 0;

	if (c->nout > 0)
		return c->nout;
	while (c->out[n] != '\0')
		n++;
	return n;
}

#define S(s) s, sizeof(s) - 1

static const struct subpart_case subpart_cases[] = {
	{"valid mix", S("A\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80"),
         "A\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80", 10, 0, 0},
	{"empty", S(""), "", 0, 0, 0},
	{"NUL kept", S("a\0b"), "a\0b", 3, 0, 3},
	/* The example of the Unicode Standard, section 3.9 */
	{"standard example",
         S("\x61\xF1\x80\x80\xE1\x80\xC2\x62\x80\x63\x80\xBF\x64"),
         "a" R R R "b" R "c" R R "d", 1, 6, 0},
	/* overlongs: C0/C1 and E0 80, F0 80 stop at the first byte */
	{"C0 AF", S("\xC0\xAF"), R R, 0, 2, 0},
	{"C1 BF x", S("\xC1\xBFx"), R R "x", 0, 2, 0},
	{"E0 80 AF", S("\xE0\x80\xAF"), R R R, 0, 3, 0},
	{"E0 9F BF", S("\xE0\x9F\xBF"), R R R, 0, 3, 0},
	{"F0 80 80 AF", S("\xF0\x80\x80\xAF"), R R R R, 0, 4, 0},
	{"F0 8F BF BF", S("\xF0\x8F\xBF\xBF"), R R R R, 0, 4, 0},
	/* surrogates */
	{"ED A0 80", S("\xED\xA0\x80"), R R R, 0, 3, 0},
	{"ED BF BF", S("\xED\xBF\xBF"), R R R, 0, 3, 0},
	{"surrogate pair in UTF-8", S("\xED\xA0\xBD\xED\xB8\x80"), R R R R R R,
         0, 6, 0},
	{"ED 9F BF ok", S("\xED\x9F\xBF"), "\xED\x9F\xBF", 3, 0, 0},
	/* above U+10FFFF */
	{"F4 90 80 80", S("\xF4\x90\x80\x80"), R R R R, 0, 4, 0},
	{"F5 80 80 80", S("\xF5\x80\x80\x80"), R R R R, 0, 4, 0},
	{"F7 BF BF BF", S("\xF7\xBF\xBF\xBF"), R R R R, 0, 4, 0},
	{"F8 88 80 80 80", S("\xF8\x88\x80\x80\x80"), R R R R R, 0, 5, 0},
	{"FC 84 80 80 80 80", S("\xFC\x84\x80\x80\x80\x80"), R R R R R R, 0, 6,
         0},
	{"FE FF", S("\xFE\xFF"), R R, 0, 2, 0},
	/* lone continuation bytes */
	{"80", S("\x80"), R, 0, 1, 0},
	{"BF BF x", S("\xBF\xBFx"), R R "x", 0, 2, 0},
	{"a 80 b",
         S("a\x80"
           "b"),
         "a" R "b", 1, 1, 0},
	/* truncation in the middle: the valid prefix is one subpart */
	{"C3 28", S("\xC3\x28"), R "(", 0, 1, 0},
	{"E2 82 28", S("\xE2\x82\x28"), R "(", 0, 1, 0},
	{"F0 9F 98 20", S("\xF0\x9F\x98\x20"), R " ", 0, 1, 0},
	{"F1 80 80 C3 A9", S("\xF1\x80\x80\xC3\xA9"), R "\xC3\xA9", 0, 1, 0},
	{"E1 80 E1 80", S("\xE1\x80\xE1\x80"), R R, 0, 2, 0},
	/* truncation at the end */
	{"x C3", S("x\xC3"), "x" R, 1, 1, 0},
	{"x E2 82", S("x\xE2\x82"), "x" R, 1, 1, 0},
	{"x F0 9F 98", S("x\xF0\x9F\x98"), "x" R, 1, 1, 0},
	{"x F4 8F", S("x\xF4\x8F"), "x" R, 1, 1, 0},
	{"x E0 (overlong start) at end", S("x\xE0\x9F"), "x" R R, 1, 2, 0},
	/* each lead byte C0..FF followed by three continuation bytes */
	{"C0 80 80 80", S("\xC0\x80\x80\x80"), R R R R, 0, 4, 0},
	{"C2 80 80 80", S("\xC2\x80\x80\x80"), "\xC2\x80" R R, 2, 2, 0},
	{"DF BF 80 80", S("\xDF\xBF\x80\x80"), "\xDF\xBF" R R, 2, 2, 0},
	{"E0 A0 80 80", S("\xE0\xA0\x80\x80"), "\xE0\xA0\x80" R, 3, 1, 0},
	{"EC 80 80 80", S("\xEC\x80\x80\x80"), "\xEC\x80\x80" R, 3, 1, 0},
	{"EF BF BF BF", S("\xEF\xBF\xBF\xBF"), "\xEF\xBF\xBF" R, 3, 1, 0},
	{"F0 90 80 80", S("\xF0\x90\x80\x80"), "\xF0\x90\x80\x80", 4, 0, 0},
	{"F3 BF BF BF", S("\xF3\xBF\xBF\xBF"), "\xF3\xBF\xBF\xBF", 4, 0, 0},
	{"F4 8F BF BF 80", S("\xF4\x8F\xBF\xBF\x80"), "\xF4\x8F\xBF\xBF" R, 4,
         1, 0},
	{"FF 80", S("\xFF\x80"), R R, 0, 2, 0},
	/* lines and columns: an error after line breaks */
	{"CRLF then bad", S("ab\r\ncd\xFF"), "ab\r\ncd" R, 6, 1, 0},
	{"CR then bad", S("a\rb\nc\xC3"), "a\rb\nc" R, 5, 1, 0},
};

#undef S

#endif /* UB_TEST_CASES_H */
