/*
 * check_detect.c - encoding detection (lib/detect.c).
 *
 * The corpus in data/detect/ was written by glibc iconv from the UTF-8
 * texts in data/detect/src/ (data/detect/generate.sh), so the expected
 * answer comes from the file name, not from ICU.  Legacy charsets are
 * checked by family: ucsdet may fairly say ISO-8859-1 for a Latin-1
 * text that windows-1252 also reads.
 */
#define _POSIX_C_SOURCE 200809L
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <unibits.h>

#include "suites.h"
#include "testutil.h"

/* ------------------------------------------------------------------ */
/* The corpus                                                          */
/* ------------------------------------------------------------------ */

/* The names a file-name encoding may be detected as. */
static const struct {
	const char *file_enc; /* as in the file name, without -bom */
	const char *names[4];
} families[] = {
	{"us-ascii", {"US-ASCII"}},
	{"utf-8", {"UTF-8"}},
	{"utf-8-damaged", {"UTF-8"}},
	{"utf-16le", {"UTF-16LE"}},
	{"utf-16be", {"UTF-16BE"}},
	{"utf-32le", {"UTF-32LE"}},
	{"utf-32be", {"UTF-32BE"}},
	{"windows-1252", {"windows-1252", "ISO-8859-1"}},
	{"iso-8859-1", {"windows-1252", "ISO-8859-1"}},
	{"iso-8859-2", {"ISO-8859-2", "windows-1250"}},
	{"windows-1250", {"ISO-8859-2", "windows-1250"}},
	{"koi8-r", {"KOI8-R"}},
	{"windows-1251", {"windows-1251", "ISO-8859-5"}},
	{"iso-8859-7", {"ISO-8859-7", "windows-1253"}},
	{"shift_jis", {"Shift_JIS"}},
	{"euc-jp", {"EUC-JP"}},
	{"iso-2022-jp", {"ISO-2022-JP"}},
	{"gb18030", {"GB18030"}},
	{"big5", {"Big5"}},
	{"euc-kr", {"EUC-KR"}},
};

static char **files;
static size_t nfiles;

static int
cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void
load_files(void)
{
	char path[4096];
	struct dirent *e;
	size_t len;
	DIR *dir;

	snprintf(path, sizeof(path), "%s/data/detect", tu_top());
	dir = opendir(path);
	if (dir == NULL)
		return;
	while ((e = readdir(dir)) != NULL) {
		len = strlen(e->d_name);
		if (len < 5 || strcmp(e->d_name + len - 4, ".txt") != 0)
			continue;
		files = realloc(files, (nfiles + 1) * sizeof(*files));
		files[nfiles++] = strdup(e->d_name);
	}
	closedir(dir);
	qsort(files, nfiles, sizeof(*files), cmp_names);
}

static uint8_t *
slurp(const char *name, size_t *n)
{
	char base[4096];
	uint8_t *s;
	char *t;

	snprintf(base, sizeof(base), "%s/data/detect/%s", tu_top(), name);
	t = tu_slurp_suffix(base, "", n);
	ck_assert_msg(t != NULL, "cannot read %s", base);
	s = tu_exact(t, *n);
	free(t);
	return s;
}

/* Feed s[0..n) in blocks of the sizes the seed picks (1..max). */
static ub_detection
detect_in_blocks(const uint8_t *s, size_t n, uint64_t seed, size_t max)
{
	ub_detection r;
	ub_detector *d;
	size_t i = 0, k;
	uint8_t *piece;

	ck_assert_int_eq(ub_detect_open(&d), UB_OK);
	while (i < n) {
		k = max <= 1 ? 1 : 1 + (size_t)(tu_rand(&seed) % max);
		if (k > n - i)
			k = n - i;
		piece = tu_exact(s + i, k); /* ASan sees any overread */
		ck_assert_int_eq(ub_detect_feed(d, piece, k), UB_OK);
		free(piece);
		i += k;
	}
	ck_assert_int_eq(ub_detect_finish(d, &r), UB_OK);
	ck_assert_int_eq(ub_detect_feed(d, s, 0), UB_E_INVALID_ARG);
	ub_detect_close(d);
	return r;
}

static void
assert_same(const ub_detection *a, const ub_detection *b, const char *what)
{
	size_t i;

	ck_assert_msg(a->nguess == b->nguess, "%s: nguess", what);
	for (i = 0; i < a->nguess; i++) {
		const ub_guess *x = &a->guess[i], *y = &b->guess[i];

		ck_assert_msg(strcmp(x->name, y->name) == 0 &&
		                      x->confidence == y->confidence &&
		                      strcmp(x->reason, y->reason) == 0,
		              "%s: guess %zu: %s %u vs %s %u", what, i,
		              a->guess[i].name, a->guess[i].confidence,
		              b->guess[i].name, b->guess[i].confidence);
	}
	ck_assert_msg(a->bom == b->bom && a->unit == b->unit &&
	                      a->bytes == b->bytes && a->chars == b->chars &&
	                      a->invalid == b->invalid &&
	                      a->first_invalid == b->first_invalid &&
	                      a->nul == b->nul && a->controls == b->controls &&
	                      a->lf == b->lf && a->crlf == b->crlf &&
	                      a->cr == b->cr && a->eol == b->eol &&
	                      a->binary == b->binary &&
	                      memcmp(a->seq, b->seq, sizeof(a->seq)) == 0,
	              "%s: counts differ", what);
}

START_TEST(corpus_file)
{
	const char *name = files[_i];
	char enc[64], *dot, *end;
	bool bom, found = false;
	ub_detection r, r1;
	size_t n, f, k;
	uint8_t *s;

	dot = strchr(name, '.');
	ck_assert(dot != NULL);
	snprintf(enc, sizeof(enc), "%s", dot + 1);
	end = strstr(enc, ".txt");
	ck_assert(end != NULL);
	*end = '\0';
	bom = end - enc > 4 && strcmp(end - 4, "-bom") == 0;
	if (bom)
		end[-4] = '\0';

	s = slurp(name, &n);
	ck_assert_msg(n >= 1000, "%s: a sample should be real text", name);
	ck_assert_int_eq(ub_detect(s, n, &r), UB_OK);
	ck_assert_msg(r.nguess > 0 && !r.binary, "%s: no guess", name);
	for (f = 0; f < sizeof(families) / sizeof(families[0]); f++) {
		if (strcmp(families[f].file_enc, enc) != 0)
			continue;
		for (k = 0; k < 4 && families[f].names[k] != NULL; k++)
			found |= !ub_encoding_name_cmp(r.guess[0].name,
			                               families[f].names[k]);
		break;
	}
	ck_assert_msg(f < sizeof(families) / sizeof(families[0]),
	              "%s: no family for '%s' in the test", name, enc);
	ck_assert_msg(found, "%s: detected %s (%u: %s)", name, r.guess[0].name,
	              r.guess[0].confidence, r.guess[0].reason);
	ck_assert_msg((r.bom != UB_ENC_NONE) == bom, "%s: BOM", name);
	ck_assert_msg(r.guess[0].why == (bom ? UB_WHY_BOM
	                                 : strstr(enc, "damaged")
	                                         ? UB_WHY_UTF8_DAMAGED
	                                         : r.guess[0].why),
	              "%s: evidence %s", name,
	              ub_detect_why_name(r.guess[0].why));
	ck_assert_msg(r.eol == UB_EOL_LF, "%s: line ends %s", name,
	              ub_eol_name(r.eol));
	ck_assert_msg(r.guess[0].confidence >= 30, "%s: confidence %u", name,
	              r.guess[0].confidence);
	for (k = 1; k < r.nguess; k++)
		ck_assert(r.guess[k].confidence <= r.guess[k - 1].confidence);

	/* The same whatever the blocks. */
	r1 = detect_in_blocks(s, n, 1, 1);
	assert_same(&r, &r1, name);
	r1 = detect_in_blocks(s, n, 42 + (uint64_t)_i, 700);
	assert_same(&r, &r1, name);
	free(s);
}
END_TEST

/* A Unicode form's characters, counted without the detector: the UTF-8
 * files against ub_utf8_count, the others against their UTF-8 twin. */
START_TEST(corpus_counts)
{
	uint8_t *a, *b;
	ub_detection ra, rb;
	size_t na, nb;

	a = slurp("fr.utf-8.txt", &na);
	b = slurp("fr.utf-16be.txt", &nb);
	ck_assert_int_eq(ub_detect(a, na, &ra), UB_OK);
	ck_assert_int_eq(ub_detect(b, nb, &rb), UB_OK);
	ck_assert_uint_eq(ra.chars, ub_utf8_count(a, na));
	ck_assert_uint_eq(rb.chars, ra.chars);
	ck_assert(memcmp(ra.seq, rb.seq, sizeof(ra.seq)) == 0);
	ck_assert_uint_eq(rb.lf, ra.lf);
	free(b);
	b = slurp("fr.utf-32le-bom.txt", &nb);
	ck_assert_int_eq(ub_detect(b, nb, &rb), UB_OK);
	ck_assert_uint_eq(rb.chars, ra.chars); /* the BOM is not one */
	ck_assert_uint_eq(rb.bom_len, 4);
	free(b);
	b = slurp("fr.windows-1252.txt", &nb);
	ck_assert_int_eq(ub_detect(b, nb, &rb), UB_OK);
	ck_assert_uint_eq(rb.chars, ra.chars); /* one byte each */
	ck_assert(rb.chars_known);
	free(b);
	b = slurp("fr.utf-8-damaged.txt", &nb);
	ck_assert_int_eq(ub_detect(b, nb, &rb), UB_OK);
	ck_assert_uint_eq(rb.invalid, 2);
	/* the first bad byte is the E9 of "caf\xE9": find it by hand */
	ck_assert_ptr_nonnull(memchr(b, 0xE9, nb));
	ck_assert_uint_eq(rb.first_invalid,
	                  (size_t)((uint8_t *)memchr(b, 0xE9, nb) - b));
	ck_assert_int_eq(rb.first_status, UB_E_EXPECTED_CONT);
	free(b);
	free(a);
}
END_TEST

/* ------------------------------------------------------------------ */
/* Short and tricky inputs                                             */
/* ------------------------------------------------------------------ */

static const struct short_case {
	const char *what;
	const char *bytes;
	size_t n;
	const char *names[3]; /* guess[0] must be one of these */
	ub_detect_why why;
	ub_encoding bom;
} short_cases[] = {
	/* A single non-ASCII character: UTF-8 must win when it is UTF-8 */
	{"UTF-8 café", "caf\xC3\xA9\n", 6, {"UTF-8"}, UB_WHY_UTF8, 0},
	{"UTF-8 one euro sign",
         "Price: 5 \xE2\x82\xAC",
         12,
         {"UTF-8"},
         UB_WHY_UTF8,
         0},
	/* ... and a Western 8-bit charset when it is Latin-1 */
	{"Latin-1 café",
         "caf\xE9\n",
         5,
         {"windows-1252", "ISO-8859-1"},
         UB_WHY_FALLBACK,
         0},
	{"Latin-1 naïve café",
         "na\xEFve caf\xE9",
         10,
         {"windows-1252", "ISO-8859-1"},
         UB_WHY_FALLBACK,
         0},
	{"cp1252 quotes",
         "\x93quoted\x94 text",
         13,
         {"windows-1252", "ISO-8859-1"},
         UB_WHY_FALLBACK,
         0},
	/* ... and not when the bytes pair up as short Shift_JIS */
	{"Shift_JIS katakana",
         "\x83\x65\x83\x58\x83\x67\n",
         7,
         {"Shift_JIS"},
         UB_WHY_FALLBACK,
         0},
	{"Shift_JIS sentence",
         "\x82\xb1\x82\xea\x82\xcd\x83\x79\x83\x93\x82\xc5\x82\xb7\n",
         15,
         {"Shift_JIS"},
         UB_WHY_FALLBACK,
         0},
	/* short CJK in EUC: runs of double-byte characters */
	{"EUC-KR hello",
         "\xbe\xc8\xb3\xe7\xc7\xcf\xbc\xbc\xbf\xe4\n",
         11,
         {"EUC-KR"},
         UB_WHY_FALLBACK,
         0},
	{"GB18030 hello",
         "\xc4\xe3\xba\xc3\xa3\xac\xca\xc0\xbd\xe7\n",
         11,
         {"GB18030"},
         UB_WHY_FALLBACK,
         0},
	{"EUC-JP hello",
         "\xa4\xb3\xa4\xf3\xa4\xcb\xa4\xc1\xa4\xcf\n",
         11,
         {"EUC-JP"},
         UB_WHY_FALLBACK,
         0},
	{"Latin-1 reecrire",
         "r\xe9\xe9"
         "crire, d\xe9j\xe0 \xe9t\xe9",
         18,
         {"windows-1252", "ISO-8859-1"},
         UB_WHY_FALLBACK,
         0},
	/* UTF-16 without a BOM: CJK with no zero byte at all */
	{"UTF-16LE CJK, no zeros",
         "\x2D\x4E\x87\x65\x57\x5B\x26\x7B\x4B\x6D\xD5\x8B",
         12,
         {"UTF-16LE"},
         UB_WHY_UNITS,
         0},
	{"UTF-16BE kana, no zeros",
         "\x65\xE5\x67\x2C\x8A\x9E\x30\x6E\x30\xC6\x30\xAD\x30\xB9\x30\xC8",
         16,
         {"UTF-16BE"},
         UB_WHY_UNITS,
         0},
	/* UTF-16 without a BOM: ASCII text, zeros in the high bytes */
	{"UTF-16LE ASCII",
         "h\0i\0 \0t\0h\0e\0r\0e\0\n\0",
         18,
         {"UTF-16LE"},
         UB_WHY_ZEROS,
         0},
	{"UTF-16BE ASCII",
         "\0h\0i\0 \0t\0h\0e\0r\0e\0\n",
         18,
         {"UTF-16BE"},
         UB_WHY_ZEROS,
         0},
	{"UTF-32BE",
         "\0\0\0h\0\0\0i\0\0\0\n",
         12,
         {"UTF-32BE"},
         UB_WHY_ZEROS,
         0},
	/* BOMs */
	{"UTF-8 BOM", "\xEF\xBB\xBFhi", 5, {"UTF-8"}, UB_WHY_BOM, UB_UTF8},
	{"UTF-16LE BOM",
         "\xFF\xFEh\0i\0",
         6,
         {"UTF-16LE"},
         UB_WHY_BOM,
         UB_UTF16LE},
	{"UTF-16BE BOM",
         "\xFE\xFF\0h\0i",
         6,
         {"UTF-16BE"},
         UB_WHY_BOM,
         UB_UTF16BE},
	{"UTF-32LE BOM",
         "\xFF\xFE\0\0h\0\0\0",
         8,
         {"UTF-32LE"},
         UB_WHY_BOM,
         UB_UTF32LE},
	{"UTF-32BE BOM",
         "\0\0\xFE\xFF\0\0\0h",
         8,
         {"UTF-32BE"},
         UB_WHY_BOM,
         UB_UTF32BE},
	/* FF FE 00 00 then an odd unit: UTF-16LE with U+0000, not UTF-32 */
	{"UTF-16LE BOM + NUL",
         "\xFF\xFE\0\0h\0",
         6,
         {"UTF-16LE"},
         UB_WHY_BOM,
         UB_UTF16LE},
	/* ASCII and nothing */
	{"ASCII", "plain text\r\n", 12, {"US-ASCII"}, UB_WHY_ASCII, 0},
	{"empty", "", 0, {"US-ASCII"}, UB_WHY_EMPTY, 0},
	/* 7-bit, but escape sequences switch to JIS X 0208 */
	{"ISO-2022-JP",
         "\x1B$BF|K\\8l$N%F%-%9%H$G$9!#\x1B(B\n\x1B$B$3$l$O\x1B(B test.\n",
         48,
         {"ISO-2022-JP"},
         UB_WHY_STATISTICS,
         0},
	/* Damaged UTF-8 is UTF-8, never silently windows-1252 */
	{"damaged UTF-8",
         "h\xC3\xA9llo w\xC3\xB6rld \xFF!",
         16,
         {"UTF-8"},
         UB_WHY_UTF8_DAMAGED,
         0},
	{"UTF-8 cut short",
         "\xE2\x82\xAC 5 and \xE2\x82\xAC 6 and \xE2\x82",
         22,
         {"UTF-8"},
         UB_WHY_UTF8_DAMAGED,
         0},
};

START_TEST(short_input)
{
	const struct short_case *c = &short_cases[_i];
	uint8_t *s = tu_exact(c->bytes, c->n);
	ub_detection r, r1;
	bool found = false;
	size_t k;

	ck_assert_int_eq(ub_detect(s, c->n, &r), UB_OK);
	ck_assert_msg(r.nguess > 0, "%s: no guess", c->what);
	for (k = 0; k < 3 && c->names[k] != NULL; k++)
		found |= strcmp(r.guess[0].name, c->names[k]) == 0;
	ck_assert_msg(found, "%s: detected %s (%u: %s)", c->what,
	              r.guess[0].name, r.guess[0].confidence,
	              r.guess[0].reason);
	if (strcmp(r.guess[0].name, c->names[0]) == 0)
		ck_assert_msg(r.guess[0].why == c->why, "%s: evidence %s",
		              c->what, ub_detect_why_name(r.guess[0].why));
	ck_assert_int_eq(r.bom, c->bom);
	/* a U+0000 is not text, whatever the encoding */
	ck_assert(r.binary == (strstr(c->what, "NUL") != NULL));
	r1 = detect_in_blocks(s, c->n, 7, 1);
	assert_same(&r, &r1, c->what);
	free(s);
}
END_TEST

START_TEST(damaged_offset)
{
	/* 3 valid 2-byte sequences, then C3 28: expected a continuation */
	static const char text[] = "\xC3\xA9t\xC3\xA9 \xC3\xA0 (\xC3(x)";
	ub_detection r;
	size_t i;

	ck_assert_int_eq(ub_detect((const uint8_t *)text, sizeof(text) - 1,
	                           &r),
	                 UB_OK);
	ck_assert_str_eq(r.guess[0].name, "UTF-8");
	ck_assert_int_eq(r.guess[0].why, UB_WHY_UTF8_DAMAGED);
	ck_assert_uint_eq(r.invalid, 1);
	ck_assert_uint_eq(r.first_invalid, 10);
	ck_assert_int_eq(r.first_status, UB_E_EXPECTED_CONT);
	ck_assert_ptr_nonnull(strstr(r.guess[0].reason, "byte 10"));
	/* windows-1252 may be listed, but below */
	for (i = 1; i < r.nguess; i++)
		ck_assert(r.guess[i].confidence <= r.guess[0].confidence);
}
END_TEST

START_TEST(counts)
{
	/* a, é, €, 😀, NUL, BEL, DEL, U+0085, then every line end */
	static const char text[] =
		"a\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80\0\a\x7F\xC2\x85"
		"\n\r\n\r\r\n\tx";
	ub_detection r;

	ck_assert_int_eq(ub_detect((const uint8_t *)text, sizeof(text) - 1,
	                           &r),
	                 UB_OK);
	ck_assert_uint_eq(r.seq[0], 12);
	ck_assert_uint_eq(r.seq[1], 2);
	ck_assert_uint_eq(r.seq[2], 1);
	ck_assert_uint_eq(r.seq[3], 1);
	ck_assert_uint_eq(r.chars, 16);
	ck_assert_uint_eq(r.nul, 1);
	ck_assert_uint_eq(r.controls, 3); /* BEL, DEL, U+0085; not TAB */
	ck_assert_uint_eq(r.lf, 1);
	ck_assert_uint_eq(r.crlf, 2);
	ck_assert_uint_eq(r.cr, 1);
	ck_assert_int_eq(r.eol, UB_EOL_MIXED);
	ck_assert(r.binary); /* a NUL */
	ck_assert_uint_eq(r.bytes, sizeof(text) - 1);
}
END_TEST

static const struct eol_case {
	const char *text;
	ub_eol eol;
} eol_cases[] = {
	{"one\ntwo\n", UB_EOL_LF}, {"one\r\ntwo\r\n", UB_EOL_CRLF},
	{"one\rtwo\r", UB_EOL_CR}, {"one\r\ntwo\n", UB_EOL_MIXED},
	{"one two", UB_EOL_NONE},  {"\r", UB_EOL_CR},
	{"\r\n", UB_EOL_CRLF},
};

START_TEST(line_endings)
{
	const struct eol_case *c = &eol_cases[_i];
	size_t n = strlen(c->text), split;
	ub_detection r;
	ub_detector *d;

	/* every split point, so CR | LF across blocks is one CRLF */
	for (split = 0; split <= n; split++) {
		ck_assert_int_eq(ub_detect_open(&d), UB_OK);
		ub_detect_feed(d, (const uint8_t *)c->text, split);
		ub_detect_feed(d, (const uint8_t *)c->text + split, n - split);
		ub_detect_finish(d, &r);
		ub_detect_close(d);
		ck_assert_msg(r.eol == c->eol, "case %d split %zu: %s", _i,
		              split, ub_eol_name(r.eol));
	}
	/* the same text in UTF-16LE counts the same line ends */
	{
		uint8_t u16[64];
		size_t i;

		for (i = 0; i < n; i++) {
			u16[2 * i] = (uint8_t)c->text[i];
			u16[2 * i + 1] = 0;
		}
		ck_assert_int_eq(ub_detect(u16, 2 * n, &r), UB_OK);
		if (n >= 4)
			ck_assert_int_eq(r.unit, UB_UTF16LE);
		if (r.unit == UB_UTF16LE)
			ck_assert_int_eq(r.eol, c->eol);
	}
}
END_TEST

START_TEST(binary_data)
{
	uint8_t *s = malloc(5000);
	uint64_t seed = 99;
	ub_detection r;
	size_t i, n;

	for (i = 0; i < 5000; i++)
		s[i] = (uint8_t)tu_rand(&seed);
	ck_assert_int_eq(ub_detect(s, 5000, &r), UB_OK);
	ck_assert(r.binary);
	for (i = 0; i < r.nguess; i++)
		ck_assert_uint_le(r.guess[i].confidence, 20);
	free(s);

	/* Text with a stray NUL is binary, not UTF-16: pairs of ASCII
	 * letters read as UTF-16 units look like CJK. */
	s = (uint8_t *)tu_slurp_suffix(tu_top(), "/data/detect/fr.utf-8.txt",
	                               &n);
	ck_assert_ptr_nonnull(s);
	s[n / 2] = 0;
	ck_assert_int_eq(ub_detect(s, n, &r), UB_OK);
	ck_assert(r.binary);
	ck_assert_int_eq(r.unit, UB_UTF8);
	ck_assert_uint_eq(r.nul, 1);
	free(s);
}
END_TEST

START_TEST(utf16_damaged)
{
	/* BOM, "ab", a lone high surrogate, "c" */
	static const uint8_t s[] = {0xFF, 0xFE, 'a',  0,   'b',
	                            0,    0x00, 0xD8, 'c', 0};
	ub_detection r;

	ck_assert_int_eq(ub_detect(s, sizeof(s), &r), UB_OK);
	ck_assert_str_eq(r.guess[0].name, "UTF-16LE");
	ck_assert_uint_eq(r.invalid, 1);
	ck_assert_uint_eq(r.first_invalid, 6);
	ck_assert_int_eq(r.first_status, UB_E_UNPAIRED);
	ck_assert_uint_lt(r.guess[0].confidence, 100);
}
END_TEST

/* ------------------------------------------------------------------ */
/* Large inputs: counts over every block, evidence found late          */
/* ------------------------------------------------------------------ */

static uint8_t *
repeat(const char *unit, size_t times, const char *tail, size_t *n)
{
	size_t u = strlen(unit), t = strlen(tail), i;
	uint8_t *s = malloc(u * times + t);

	for (i = 0; i < times; i++)
		memcpy(s + i * u, unit, u);
	memcpy(s + u * times, tail, t);
	*n = u * times + t;
	return s;
}

START_TEST(late_evidence)
{
	ub_detection r, r1;
	uint8_t *s;
	size_t n;

	/* 300 KB of ASCII, then Latin-1 French: not ASCII, not UTF-8 */
	s = repeat("All work and no play makes Jack a dull boy.\n", 7000,
	           "\nD\xE9j\xE0 vu \xE0 l'h\xF4tel, tr\xE8s "
	           "r\xE9ussi, m\xEAme \xE9t\xE9 \xE0 No\xEBl.\n",
	           &n);
	ck_assert_int_eq(ub_detect(s, n, &r), UB_OK);
	ck_assert_msg(strcmp(r.guess[0].name, "windows-1252") == 0 ||
	                      strcmp(r.guess[0].name, "ISO-8859-1") == 0,
	              "%s", r.guess[0].name);
	ck_assert_uint_eq(r.lf, 7002);
	ck_assert_uint_eq(r.chars, n);
	r1 = detect_in_blocks(s, n, 5, 70000);
	assert_same(&r, &r1, "late Latin-1");
	free(s);

	/* 300 KB of UTF-8, then one stray byte: damaged, exact offset */
	s = repeat("na\xC3\xAFve caf\xC3\xA9 \xE2\x80\x94 \xF0\x9F\x98\x80\n",
	           12000, "ok \x80\n", &n);
	ck_assert_int_eq(ub_detect(s, n, &r), UB_OK);
	ck_assert_str_eq(r.guess[0].name, "UTF-8");
	ck_assert_int_eq(r.guess[0].why, UB_WHY_UTF8_DAMAGED);
	ck_assert_uint_eq(r.invalid, 1);
	ck_assert_uint_eq(r.first_invalid, n - 2);
	ck_assert_int_eq(r.first_status, UB_E_UNEXPECTED_CONT);
	ck_assert_uint_eq(r.seq[3], 12000);
	r1 = detect_in_blocks(s, n, 6, 5000);
	assert_same(&r, &r1, "late damage");
	free(s);
}
END_TEST

/* Random mixtures of text, 8-bit bytes, UTF-16 and noise, larger than
 * the head: the result must not depend on where the blocks end. */
START_TEST(random_blocks)
{
	static const char *const pieces[] = {
		"plain ASCII words ",
		"\r\n",
		"\n",
		"caf\xC3\xA9 ",
		"\xE2\x82\xAC",
		"\xF0\x9F\x98\x80",
		"na\xEFve ",
		"\x93q\x94",
		"h\0i\0",
		"\xE2\x82",
		"\xFF",
		"\r",
		"\x1B$B",
		"\xA4\xB3\xA4\xF3",
	};
	static const size_t lens[] = {18, 2, 1, 6, 3, 4, 6,
	                              3,  4, 2, 1, 1, 3, 4};
	uint64_t seed = 1234 + (uint64_t)_i;
	ub_detection r, r1;
	size_t n = 0, cap = 40000 + (size_t)(tu_rand(&seed) % 60000), k;
	uint8_t *s = malloc(cap + 32); /* a piece may pass cap */
	char what[32];

	/* mostly one kind of piece, some of the others */
	k = (size_t)(tu_rand(&seed) % 14);
	while (n < cap) {
		size_t p = tu_rand(&seed) % 4 == 0
		                   ? (size_t)(tu_rand(&seed) % 14)
		                   : k;
		memcpy(s + n, pieces[p], lens[p]);
		n += lens[p];
	}
	ck_assert_int_eq(ub_detect(s, n, &r), UB_OK);
	snprintf(what, sizeof(what), "mixture %d", _i);
	r1 = detect_in_blocks(s, n, seed, 3000);
	assert_same(&r, &r1, what);
	ck_assert_uint_eq(r.bytes, n);
	free(s);
}
END_TEST

/*
 * Valid UTF-8 is counted in bulk, 8 bytes at a time (lib/detect.c,
 * count_valid_utf8), other bytes and short blocks a character at a
 * time.  The same text whole and in blocks of 1 to 40 bytes (after the
 * head, the character path) must give the same counts, and they must
 * match a count made here by decoding: controls (C0, DEL, C1 as C2
 * 80..9F, not C2 A0), NUL, TAB, ESC, LF, CR LF and lone CR at every
 * offset of a word, every sequence length.
 */
START_TEST(bulk_counts)
{
	/* "x" first: two pieces in three are it */
	static const char *const pieces[] = {
		"x",        "words ",       "\r\n",
		"\n",       "\r",           "\t",
		"\x01",     "\x7F",         "\x1B",
		"\xC2\x85", "\xC2\x9F",     "\xC2\xA0",
		"\xC3\xA9", "\xE2\x82\xAC", "\xF0\x9F\x98\x80",
		"\x0C",
	};
	uint64_t seed = 99 + (uint64_t)_i;
	size_t n = UB_DETECT_SAMPLE + 100000, i;
	uint8_t *s = malloc(n);
	uint64_t chars = 0, seq[4] = {0}, lf = 0, cr = 0, crlf = 0, nul = 0,
		 ctl = 0;
	ub_detection r, r1;
	ub_decoded dc;

	ck_assert(s != NULL);
	tu_random_text(&seed, s, n, pieces, 1, sizeof pieces / sizeof *pieces,
	               67);
	if (_i == 1) /* a NUL now and then for an "x", after the head */
		for (i = UB_DETECT_SAMPLE; i < n; i++)
			if (s[i] == 'x' && tu_rand(&seed) % 100 == 0)
				s[i] = 0;
	for (i = 0; i < n; i += dc.len) {
		dc = ub_utf8_decode(s + i, n - i);
		ck_assert_int_eq(dc.status, UB_OK);
		chars++;
		seq[dc.len - 1]++;
		if (dc.cp == '\r' && i + 1 < n && s[i + 1] == '\n') {
			crlf++;
			chars++;
			seq[0]++;
			dc.len = 2;
		} else if (dc.cp == '\r') {
			cr++;
		} else if (dc.cp == '\n') {
			lf++;
		} else if (dc.cp == 0) {
			nul++;
		} else if ((dc.cp < 0x20 &&
		            !(dc.cp >= 0x09 && dc.cp <= 0x0D) &&
		            dc.cp != 0x1B) ||
		           (dc.cp >= 0x7F && dc.cp <= 0x9F)) {
			ctl++;
		}
	}
	ck_assert_int_eq(ub_detect(s, n, &r), UB_OK);
	r1 = detect_in_blocks(s, n, seed, 40);
	assert_same(&r, &r1, "bulk and by character");
	ck_assert_int_eq(r.unit, UB_UTF8);
	ck_assert_uint_eq(r.chars, chars);
	ck_assert(memcmp(r.seq, seq, sizeof seq) == 0);
	ck_assert_uint_eq(r.lf, lf);
	ck_assert_uint_eq(r.cr, cr);
	ck_assert_uint_eq(r.crlf, crlf);
	ck_assert_uint_eq(r.nul, nul);
	ck_assert_uint_eq(r.controls, ctl);
	free(s);
}
END_TEST

START_TEST(api_misuse)
{
	ub_detection r;
	ub_detector *d;

	ck_assert_int_eq(ub_detect_open(NULL), UB_E_INVALID_ARG);
	ck_assert_int_eq(ub_detect(NULL, 1, &r), UB_E_INVALID_ARG);
	ck_assert_int_eq(ub_detect(NULL, 0, &r), UB_OK);
	ck_assert_int_eq(ub_detect_open(&d), UB_OK);
	ck_assert_int_eq(ub_detect_feed(d, NULL, 3), UB_E_INVALID_ARG);
	ck_assert_int_eq(ub_detect_finish(d, NULL), UB_E_INVALID_ARG);
	ck_assert_int_eq(ub_detect_finish(d, &r), UB_OK);
	ck_assert_int_eq(ub_detect_finish(d, &r), UB_E_INVALID_ARG);
	ub_detect_reset(d);
	ck_assert_int_eq(ub_detect_feed(d, (const uint8_t *)"x", 1), UB_OK);
	ck_assert_int_eq(ub_detect_finish(d, &r), UB_OK);
	ck_assert_uint_eq(r.bytes, 1);
	ub_detect_close(d);
	ub_detect_close(NULL);
	ck_assert_str_eq(ub_eol_name(UB_EOL_CRLF), "CRLF");
	ck_assert_str_eq(ub_eol_name((ub_eol)99), "none");
	ck_assert_str_eq(ub_detect_why_name(UB_WHY_UTF8_DAMAGED),
	                 "UTF8_DAMAGED");
}
END_TEST

Suite *
detect_suite(void)
{
	Suite *s = suite_create("detect");
	TCase *tc;

	load_files();
	tc = tcase_create("corpus");
	tcase_set_timeout(tc, 60);
	tcase_add_loop_test(tc, corpus_file, 0, (int)nfiles);
	tcase_add_test(tc, corpus_counts);
	suite_add_tcase(s, tc);

	tc = tcase_create("short");
	tcase_add_loop_test(tc, short_input, 0,
	                    (int)(sizeof(short_cases) /
	                          sizeof(short_cases[0])));
	tcase_add_test(tc, damaged_offset);
	tcase_add_test(tc, counts);
	tcase_add_loop_test(tc, line_endings, 0,
	                    (int)(sizeof(eol_cases) / sizeof(eol_cases[0])));
	tcase_add_test(tc, binary_data);
	tcase_add_test(tc, utf16_damaged);
	tcase_add_test(tc, api_misuse);
	suite_add_tcase(s, tc);

	tc = tcase_create("stream");
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, late_evidence);
	tcase_add_loop_test(tc, random_blocks, 0, 24);
	tcase_add_loop_test(tc, bulk_counts, 0, 2);
	suite_add_tcase(s, tc);
	return s;
}
