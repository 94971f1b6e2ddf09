/*
 * ref_utf8.h - an obviously correct UTF-8 reference, written straight
 * from Table 3-7 of the Unicode Standard (15.0, ch. 3), for differential
 * tests.  It is slow on purpose: a table walk, no bit tricks.
 */
#ifndef UB_REF_UTF8_H
#define UB_REF_UTF8_H

#include <stddef.h>
#include <stdint.h>

/* One row of Table 3-7: the byte ranges of a well-formed sequence. */
struct ref_row {
	int len;
	uint8_t lo[4], hi[4];
};

static const struct ref_row ref_table[] = {
	{1, {0x00}, {0x7F}},
	{2, {0xC2, 0x80}, {0xDF, 0xBF}},
	{3, {0xE0, 0xA0, 0x80}, {0xE0, 0xBF, 0xBF}},
	{3, {0xE1, 0x80, 0x80}, {0xEC, 0xBF, 0xBF}},
	{3, {0xED, 0x80, 0x80}, {0xED, 0x9F, 0xBF}},
	{3, {0xEE, 0x80, 0x80}, {0xEF, 0xBF, 0xBF}},
	{4, {0xF0, 0x90, 0x80, 0x80}, {0xF0, 0xBF, 0xBF, 0xBF}},
	{4, {0xF1, 0x80, 0x80, 0x80}, {0xF3, 0xBF, 0xBF, 0xBF}},
	{4, {0xF4, 0x80, 0x80, 0x80}, {0xF4, 0x8F, 0xBF, 0xBF}},
};

enum ref_class { REF_VALID, REF_INVALID, REF_TRUNCATED };

/*
 * Classify the sequence at s[0..n) (n >= 1).  *len gets the length of the
 * character, or of the maximal subpart: the longest prefix of s that is
 * a prefix of some row (at least 1 byte).  TRUNCATED when that prefix
 * runs to the end of the input without completing its row.
 */
static inline enum ref_class
ref_utf8_next(const uint8_t *s, size_t n, size_t *len)
{
	size_t r;
	int k;

	for (r = 0; r < sizeof(ref_table) / sizeof(ref_table[0]); r++) {
		const struct ref_row *row = &ref_table[r];

		for (k = 0; k < row->len && (size_t)k < n; k++)
			if (s[k] < row->lo[k] || s[k] > row->hi[k])
				break;
		if (k == 0)
			continue; /* the lead is not in this row */
		*len = (size_t)k;
		if (k == row->len)
			return REF_VALID;
		return (size_t)k == n ? REF_TRUNCATED : REF_INVALID;
	}
	*len = 1;
	return REF_INVALID;
}

/* The code point of a valid sequence (the table guarantees the rest). */
static inline uint32_t
ref_utf8_value(const uint8_t *s, size_t len)
{
	static const uint8_t lead_mask[5] = {0, 0x7F, 0x1F, 0x0F, 0x07};
	uint32_t cp = s[0] & lead_mask[len];
	size_t i;

	for (i = 1; i < len; i++)
		cp = cp * 64 + (s[i] - 0x80u);
	return cp;
}

#endif /* UB_REF_UTF8_H */
