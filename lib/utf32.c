/*
 * utf32.c - UTF-32 in either byte order (Unicode 15.0 ch. 3 D90): one
 * 32-bit unit per scalar value; surrogates and values above 10FFFF are
 * ill-formed.
 */
#include "internal.h"

UB_API ub_decoded
ub_utf32_decode(const uint8_t *s, size_t n, ub_endian e)
{
	ub_decoded d = {UB_REPLACEMENT_CHAR, 0, 4, UB_E_TRUNCATED};
	uint32_t u;

	if (n < 4) {
		d.len = (uint8_t)n;
		return d;
	}
	u = ubi_get32(s, e);
	d.len = 4;
	if (BETWEEN(u, 0xD800, 0xDFFF))
		d.status = UB_E_SURROGATE;
	else if (u > UB_MAX_CODE_POINT)
		d.status = UB_E_TOO_LARGE;
	else {
		d.cp = u;
		d.status = UB_OK;
	}
	return d;
}

UB_API size_t
ub_utf32_encode(uint32_t cp, uint8_t dst[4], ub_endian e)
{
	if (!ub_is_scalar(cp))
		return 0;
	ubi_put32(dst, cp, e);
	return 4;
}
