/*
 * utf16.c - UTF-16 in either byte order (RFC 2781, Unicode 15.0 ch. 3
 * D91): one or two 16-bit units, read from bytes.
 */
#include "internal.h"

UB_API ub_decoded
ub_utf16_decode(const uint8_t *s, size_t n, ub_endian e)
{
	ub_decoded d = {UB_REPLACEMENT_CHAR, 0, 2, UB_E_TRUNCATED};
	uint32_t hi, lo;

	if (n < 2) { /* an odd final byte is a truncated unit */
		d.len = (uint8_t)n;
		return d;
	}
	hi = ubi_get16(s, e);
	d.len = 2;
	if (hi < 0xD800 || hi > 0xDFFF) {
		d.cp = hi;
		d.status = UB_OK;
		return d;
	}
	if (hi >= 0xDC00) { /* a low surrogate with no high one before it */
		d.status = UB_E_UNPAIRED;
		return d;
	}
	d.need = 4;
	if (n < 4) { /* the input ends before the low surrogate does */
		d.len = (uint8_t)n;
		return d;
	}
	lo = ubi_get16(s + 2, e);
	if (lo < 0xDC00 || lo > 0xDFFF) { /* the high one stands alone */
		d.status = UB_E_UNPAIRED;
		return d;
	}
	/* 110110yyyyyyyyyy 110111xxxxxxxxxx -> yyyyyyyyyyxxxxxxxxxx + 10000 */
	d.cp = 0x10000 + ((hi - 0xD800) << 10 | (lo - 0xDC00));
	d.len = 4;
	d.status = UB_OK;
	return d;
}

UB_API size_t
ub_utf16_encode(uint32_t cp, uint8_t dst[4], ub_endian e)
{
	if (!ub_is_scalar(cp))
		return 0;
	if (cp < 0x10000) {
		ubi_put16(dst, cp, e);
		return 2;
	}
	cp -= 0x10000; /* 20 bits: the high 10 and the low 10 */
	ubi_put16(dst, 0xD800 + (cp >> 10), e);
	ubi_put16(dst + 2, 0xDC00 + (cp & 0x3FF), e);
	return 4;
}
