/*
 * sbcs.c - the two single-byte charsets unibits converts itself.
 * US-ASCII is 00..7F; ISO-8859-1 maps every byte to the code point of the
 * same value (its C1 range 80..9F included, as ICU and glibc do).
 */
#include "internal.h"

UB_API ub_decoded
ub_ascii_decode(const uint8_t *s, size_t n)
{
	ub_decoded d = {UB_REPLACEMENT_CHAR, 0, 1, UB_E_TRUNCATED};

	if (n == 0)
		return d;
	d.len = 1;
	if (s[0] < 0x80) {
		d.cp = s[0];
		d.status = UB_OK;
	} else {
		d.status = UB_E_INVALID_BYTE;
	}
	return d;
}

UB_API ub_decoded
ub_latin1_decode(const uint8_t *s, size_t n)
{
	ub_decoded d = {UB_REPLACEMENT_CHAR, 0, 1, UB_E_TRUNCATED};

	if (n == 0)
		return d;
	d.cp = s[0];
	d.len = 1;
	d.status = UB_OK;
	return d;
}
