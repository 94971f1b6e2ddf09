/*
 * check_iconvdiff.c - `unibits convert` against glibc iconv(1) on valid
 * text, for every pair of built-in encodings, byte for byte.
 *
 * The texts: all 128 ASCII characters when either side is US-ASCII, all
 * 256 Latin-1 characters when either side is ISO-8859-1, and otherwise
 * every scalar value U+0000..U+10FFFF (surrogates excepted).  Each text
 * is written by hand as UTF-32LE and turned into the source encoding by
 * iconv itself, so unibits never makes its own input.
 *
 * One known, deliberate difference: writing the byte-order-less "UTF-16"
 * and "UTF-32", glibc puts a BOM and then the machine's byte order
 * (little-endian on x86); unibits always writes big-endian after the BOM
 * (FE FF, 00 00 FE FF), the order Unicode D98/D101 give the unmarked
 * forms.  For those targets the expected output is the BOM followed by
 * iconv's UTF-16BE / UTF-32BE.
 *
 * And one more: reading "UTF-16" / "UTF-32" without a BOM, glibc assumes
 * the machine's byte order too (so big-endian text fails or turns into
 * other characters); unibits assumes big-endian, as D98/D101 say.  For
 * those sources (made as UTF-16BE / UTF-32BE) iconv reads them as
 * UTF-16BE / UTF-32BE.  With a BOM, both honour it.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include <check.h>

#include "suites.h"
#include "testutil.h"

static const struct {
	const char *name; /* the encoding, for both tools */
	const char *make; /* iconv's name for making the source file, and
	                   * for reading it back */
	int repertoire;   /* 0 ASCII, 1 Latin-1, 2 all of Unicode */
} encs[] = {
	{"US-ASCII", "US-ASCII", 0}, {"ISO-8859-1", "ISO-8859-1", 1},
	{"UTF-8", "UTF-8", 2},       {"UTF-16LE", "UTF-16LE", 2},
	{"UTF-16BE", "UTF-16BE", 2}, {"UTF-16", "UTF-16", 2},
	{"UTF-16", "UTF-16BE", 2},   {"UTF-32LE", "UTF-32LE", 2},
	{"UTF-32BE", "UTF-32BE", 2}, {"UTF-32", "UTF-32", 2},
	{"UTF-32", "UTF-32BE", 2}, /* without a BOM (see above) */
};
#define NENCS (sizeof(encs) / sizeof(encs[0]))

static int
run(const char *cmd)
{
	int rc = system(cmd);

	return WIFEXITED(rc) ? WEXITSTATUS(rc) : 128 + WTERMSIG(rc);
}

/* The text of a repertoire as UTF-32LE into path. */
static void
write_text(const char *path, int repertoire)
{
	uint32_t last = repertoire == 0   ? 0x7F
	                : repertoire == 1 ? 0xFF
	                                  : 0x10FFFF;
	FILE *f = fopen(path, "wb");
	uint32_t cp;

	ck_assert_msg(f != NULL, "cannot write %s", path);
	for (cp = 0; cp <= last; cp++) {
		if (cp >= 0xD800 && cp <= 0xDFFF)
			continue;
		putc((int)(cp & 0xFF), f);
		putc((int)(cp >> 8 & 0xFF), f);
		putc((int)(cp >> 16 & 0xFF), f);
		putc(0, f);
	}
	ck_assert(fclose(f) == 0);
}

START_TEST(pair)
{
	size_t f = (size_t)_i / NENCS, t = (size_t)_i % NENCS;
	int rep = encs[f].repertoire < encs[t].repertoire ? encs[f].repertoire
	                                                  : encs[t].repertoire;
	const char *to = encs[t].name, *bom = "";
	char base[1024], cmd[8192], *want, *got;
	size_t nwant, ngot;

	if (t == 6 || t == 10) /* the same target as 5 and 9 */
		return;
	snprintf(base, sizeof(base), "%s", tu_tmpbase("iconvdiff"));
	write_text(base, rep);
	/* glibc's unmarked UTF-16/32 output is little-endian here; unibits
	 * writes big-endian after the BOM (see the top of the file). */
	if (strcmp(to, "UTF-16") == 0) {
		to = "UTF-16BE";
		bom = "\\376\\377";
	} else if (strcmp(to, "UTF-32") == 0) {
		to = "UTF-32BE";
		bom = "\\000\\000\\376\\377";
	}
	snprintf(
		cmd, sizeof(cmd),
		"set -e; cd '%s'; b='%s'; "
		"iconv -f UTF-32LE -t %s \"$b\" >\"$b.src\"; "
		"{ printf '%s'; iconv -f %s -t %s \"$b.src\"; } >\"$b.want\"; "
		"LC_ALL=C '%s' convert -f %s -t %s \"$b.src\" >\"$b.got\"",
		tu_top(), base, encs[f].make, bom, encs[f].make, to,
		tu_unibits(), encs[f].name, encs[t].name);
	ck_assert_msg(run(cmd) == 0, "%s -> %s: a tool failed", encs[f].name,
	              encs[t].name);
	want = tu_slurp_suffix(base, ".want", &nwant);
	got = tu_slurp_suffix(base, ".got", &ngot);
	ck_assert(want != NULL && got != NULL);
	ck_assert_msg(nwant == ngot && memcmp(want, got, ngot) == 0,
	              "%s (made as %s) -> %s: unibits and iconv differ "
	              "(%zu and %zu bytes)",
	              encs[f].name, encs[f].make, encs[t].name, ngot, nwant);
	free(want);
	free(got);
	snprintf(cmd, sizeof(cmd), "rm -f '%s' '%s.src' '%s.want' '%s.got'",
	         base, base, base, base);
	run(cmd);
}
END_TEST

Suite *
iconvdiff_suite(void)
{
	Suite *s = suite_create("iconvdiff");
	TCase *tc = tcase_create("pairs");

	tcase_set_timeout(tc, 60);
	tcase_add_loop_test(tc, pair, 0, (int)(NENCS * NENCS));
	suite_add_tcase(s, tc);
	return s;
}
