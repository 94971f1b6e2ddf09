/*
 * props.c - character properties from utf8proc: general category,
 * display width, grapheme cluster boundaries (UAX #29) and the
 * normalization forms (UAX #15).  This is the only file that includes
 * <utf8proc.h>, so another property backend would replace just it.
 */
#include <stdlib.h>

#include <utf8proc.h>

#include "internal.h"

UB_API const char *
ub_char_category(uint32_t cp)
{
	/* utf8proc answers "Cn" for anything outside 0..10FFFF too. */
	if (cp > UB_MAX_CODE_POINT)
		return "Cn";
	return utf8proc_category_string((utf8proc_int32_t)cp);
}

UB_API int
ub_char_width(uint32_t cp)
{
	if (cp > UB_MAX_CODE_POINT)
		return 0;
	return utf8proc_charwidth((utf8proc_int32_t)cp);
}

UB_API bool
ub_char_is_combining(uint32_t cp)
{
	utf8proc_category_t c;

	if (cp > UB_MAX_CODE_POINT)
		return false;
	c = utf8proc_category((utf8proc_int32_t)cp);
	return c == UTF8PROC_CATEGORY_MN || c == UTF8PROC_CATEGORY_MC ||
	       c == UTF8PROC_CATEGORY_ME;
}

UB_API bool
ub_grapheme_break(uint32_t prev, uint32_t next, int32_t *state)
{
	utf8proc_int32_t st = state != NULL ? *state : 0;
	bool brk;

	/* Out-of-range values are treated as U+FFFD (an ordinary
	 * character), which is what a decoder turns them into. */
	if (prev > UB_MAX_CODE_POINT)
		prev = UB_REPLACEMENT_CHAR;
	if (next > UB_MAX_CODE_POINT)
		next = UB_REPLACEMENT_CHAR;
	brk = utf8proc_grapheme_break_stateful((utf8proc_int32_t)prev,
	                                       (utf8proc_int32_t)next, &st);
	if (state != NULL)
		*state = st;
	return brk;
}

/* Write cp[0..n) as UTF-8 into dst[0..cap), whole characters only;
 * with dst == NULL just count.  Sets *need to the bytes the whole text
 * needs and returns the bytes actually written. */
static size_t
write_utf8(const utf8proc_int32_t *cp, size_t n, uint8_t *dst, size_t cap,
           size_t *need)
{
	uint8_t tmp[4];
	size_t i, k, done = 0, total = 0;
	bool full = false;

	for (i = 0; i < n; i++) {
		k = ub_utf8_encode((uint32_t)cp[i], tmp);
		if (dst != NULL && !full && done + k <= cap) {
			for (size_t j = 0; j < k; j++)
				dst[done + j] = tmp[j];
			done += k;
		} else {
			full = true;
		}
		total += k;
	}
	*need = total;
	return done;
}

/*
 * utf8proc_map would do this in one call, but it cannot say where
 * invalid input is, and it allocates the UTF-8 result itself.  So:
 * validate with our own decoder (for the offset), decompose into a
 * code point buffer of the exact size utf8proc asks for, compose in
 * place, and encode into the caller's buffer.
 */
UB_API ub_result
ub_normalize(ub_norm_form form, bool casefold, const uint8_t *src, size_t n,
             uint8_t *dst, size_t cap)
{
	ub_result r = {UB_OK, 0, 0, 0};
	utf8proc_option_t opt = UTF8PROC_STABLE;
	utf8proc_ssize_t len, got;
	utf8proc_int32_t *buf;
	size_t need;

	if ((src == NULL && n > 0) || (dst == NULL && cap > 0) ||
	    (unsigned)form > UB_NFKD) {
		r.status = UB_E_INVALID_ARG;
		return r;
	}
	if (n == 0)
		return r;
	r = ub_utf8_validate(src, n);
	if (r.status != UB_OK) {
		r.out = 0;
		r.errors = 1;
		return r;
	}
	r.out = 0;
	switch (form) {
	case UB_NFC:
		opt |= UTF8PROC_COMPOSE;
		break;
	case UB_NFD:
		opt |= UTF8PROC_DECOMPOSE;
		break;
	case UB_NFKC:
		opt |= UTF8PROC_COMPOSE | UTF8PROC_COMPAT;
		break;
	case UB_NFKD:
		opt |= UTF8PROC_DECOMPOSE | UTF8PROC_COMPAT;
		break;
	}
	if (casefold)
		opt |= UTF8PROC_CASEFOLD;
	len = utf8proc_decompose(src, (utf8proc_ssize_t)n, NULL, 0, opt);
	if (len < 0) {
		r.status = len == UTF8PROC_ERROR_NOMEM ? UB_E_NOMEM
		                                       : UB_E_INVALID_ARG;
		return r;
	}
	buf = malloc(((size_t)len + 1) * sizeof(*buf));
	if (buf == NULL) {
		r.status = UB_E_NOMEM;
		return r;
	}
	got = utf8proc_decompose(src, (utf8proc_ssize_t)n, buf, len, opt);
	if (got >= 0 && got <= len)
		got = utf8proc_normalize_utf32(buf, got, opt);
	if (got < 0 || got > len) {
		free(buf);
		r.status = UB_E_NOMEM;
		return r;
	}
	r.out = write_utf8(buf, (size_t)got, dst, cap, &need);
	free(buf);
	r.in = n;
	if (dst == NULL && cap == 0) {
		r.out = need;
	} else if (r.out < need) {
		/* Normalized text does not map back to input offsets, so
		 * a partial result says only how much was written. */
		r.status = UB_E_OUTPUT_FULL;
		r.in = 0;
	}
	return r;
}

UB_API const char *
ub_unicode_version(void)
{
	return utf8proc_unicode_version();
}

UB_API const char *
ub_utf8proc_version(void)
{
	return utf8proc_version();
}

/* ------------------------------------------------------------------ */
/* Normalization boundaries, for lib/normalize.c (streaming)          */
/* ------------------------------------------------------------------ */

UB_API bool
ub_norm_boundary(ub_norm_form form, bool casefold, uint32_t cp)
{
	utf8proc_option_t opt = UTF8PROC_DECOMPOSE;
	utf8proc_int32_t d[8], first;
	const utf8proc_property_t *p;
	int bc = UTF8PROC_BOUNDCLASS_START;

	if (!ub_is_scalar(cp))
		return true; /* it will be U+FFFD, a starter */
	if (form == UB_NFKC || form == UB_NFKD)
		opt |= UTF8PROC_COMPAT;
	if (casefold)
		opt |= UTF8PROC_CASEFOLD;
	/* The first character of the decomposition is all that matters;
	 * utf8proc writes it whatever the length of the rest. */
	if (utf8proc_decompose_char((utf8proc_int32_t)cp, d, LEN(d), opt,
	                            &bc) < 1)
		return true;
	first = d[0];
	p = utf8proc_get_property(first);
	if (p->combining_class != 0)
		return false; /* it reorders with the marks before it */
	if (form == UB_NFD || form == UB_NFKD)
		return true;
	/* Composition: the starters that compose with a preceding
	 * character (NFC_Quick_Check=Maybe with class 0) are the Hangul
	 * vowel and trailing jamo and a few spacing or nonspacing marks.
	 * Every mark of class 0 is counted among them: that can only hold
	 * back a little more text, never make the output wrong. */
	if (BETWEEN(first, 0x1161, 0x1175) || BETWEEN(first, 0x11A8, 0x11C2))
		return false;
	return p->category != UTF8PROC_CATEGORY_MN &&
	       p->category != UTF8PROC_CATEGORY_MC &&
	       p->category != UTF8PROC_CATEGORY_ME;
}
