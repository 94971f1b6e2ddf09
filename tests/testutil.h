/* testutil.h - helpers the Check suites share (tests/testutil.c). */
#ifndef UB_TESTUTIL_H
#define UB_TESTUTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The top of the source tree ($UB_TOP, else "."). */
const char *tu_top(void);

/* The built tool ($UNIBITS, else build/unibits under the top). */
const char *tu_unibits(void);

/* A scratch path prefix for a test's files, under $TMPDIR. */
const char *tu_tmpbase(const char *name);

/* Read the file base+suffix whole, NUL-terminated; *n gets its length
 * (n may be NULL).  NULL if it cannot be read.  free() the result. */
char *tu_slurp_suffix(const char *base, const char *suffix, size_t *n);

/* A heap copy of s[0..n) of exactly n bytes, so ASan sees any overread. */
uint8_t *tu_exact(const void *s, size_t n);

/* A small, seeded, reproducible random generator (xorshift64*). */
uint64_t tu_rand(uint64_t *state);

/*
 * len bytes of random text into buf from the strings of pool: with
 * probability ascii_pct/100 one of the first nascii, else one of the
 * first npool; a string that would not fit ends the text with "x".
 * Returns len.
 */
size_t tu_random_text(uint64_t *st, uint8_t *buf, size_t len,
                      const char *const *pool, size_t nascii, size_t npool,
                      unsigned ascii_pct);

/*
 * UnicodeData.txt (Debian's unicode-data, the independent oracle for
 * names and categories), one entry per code point 0..10FFFF.  name is
 * the Name field ("<control>" for controls); inside a <..., First> /
 * <..., Last> range it is the range's label ("CJK Ideograph") and
 * range is true; NULL for unlisted code points (gc "Cn").  old is the
 * Unicode 1.0 name field ("" if empty).  Loaded once, kept until exit;
 * NULL if the file cannot be read.
 */
struct tu_ucd {
	const char *name;
	const char *old;
	char gc[3];
	bool range;
};
#define TU_UCD_PATH "/usr/share/unicode/UnicodeData.txt"
const struct tu_ucd *tu_ucd(void);

#endif /* UB_TESTUTIL_H */
