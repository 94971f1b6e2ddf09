/*
 * utf8.c - UTF-8 (RFC 3629, Unicode 15.0 ch. 3): decode and encode one
 * character, validate and count a buffer.  This scalar code is the
 * reference every faster path is tested against.
 */
#include <string.h>

#include "internal.h"

/*
 * The well-formed sequences, Unicode ch. 3, Table 3-7:
 *
 *   U+0000..U+007F     00..7F
 *   U+0080..U+07FF     C2..DF  80..BF
 *   U+0800..U+0FFF     E0      A0..BF  80..BF
 *   U+1000..U+CFFF     E1..EC  80..BF  80..BF
 *   U+D000..U+D7FF     ED      80..9F  80..BF
 *   U+E000..U+FFFF     EE..EF  80..BF  80..BF
 *   U+10000..U+3FFFF   F0      90..BF  80..BF  80..BF
 *   U+40000..U+FFFFF   F1..F3  80..BF  80..BF  80..BF
 *   U+100000..U+10FFFF F4      80..8F  80..BF  80..BF
 *
 * Only the second byte's range depends on the lead; the rest are always
 * 80..BF.  When the second byte is a continuation byte outside the range,
 * the reason is the one the range excludes.
 */
static ub_status
second_byte(uint8_t lead, uint8_t b)
{
	if (!BETWEEN(b, 0x80, 0xBF))
		return UB_E_EXPECTED_CONT;
	switch (lead) {
	case 0xE0: /* 1110 0000  100x xxxx would fit in 11 bits */
		return b >= 0xA0 ? UB_OK : UB_E_OVERLONG;
	case 0xED: /* 1110 1101  101x xxxx is D800..DFFF */
		return b <= 0x9F ? UB_OK : UB_E_SURROGATE;
	case 0xF0: /* 1111 0000  1000 xxxx would fit in 16 bits */
		return b >= 0x90 ? UB_OK : UB_E_OVERLONG;
	case 0xF4: /* 1111 0100  1001 xxxx and up is above 10FFFF */
		return b <= 0x8F ? UB_OK : UB_E_TOO_LARGE;
	default:
		return UB_OK;
	}
}

UB_API ub_decoded
ub_utf8_decode(const uint8_t *s, size_t n)
{
	ub_decoded d = {UB_REPLACEMENT_CHAR, 0, 0, UB_E_TRUNCATED};
	uint32_t cp;
	uint8_t b, i;

	if (n == 0)
		return d;
	b = s[0];
	d.len = 1;
	if (b < 0x80) { /* 0xxxxxxx */
		d.cp = b;
		d.need = 1;
		d.status = UB_OK;
		return d;
	}
	if (b < 0xC0) { /* 10xxxxxx can only continue a sequence */
		d.status = UB_E_UNEXPECTED_CONT;
		return d;
	}
	if (b < 0xC2) { /* C0, C1: 110xxxxx with at most 7 bits of payload */
		d.need = 2;
		d.status = UB_E_OVERLONG;
		return d;
	}
	if (b < 0xE0) { /* 110xxxxx */
		d.need = 2;
		cp = b & 0x1Fu;
	} else if (b < 0xF0) { /* 1110xxxx */
		d.need = 3;
		cp = b & 0x0Fu;
	} else if (b < 0xF5) { /* 11110xxx, F0..F4 */
		d.need = 4;
		cp = b & 0x07u;
	} else if (b < 0xF8) { /* F5..F7 would start U+140000 and above */
		d.need = 4;
		d.status = UB_E_TOO_LARGE;
		return d;
	} else { /* F8..FF: the 5- and 6-byte forms RFC 3629 removed */
		d.status = UB_E_INVALID_BYTE;
		return d;
	}
	for (i = 1; i < d.need; i++) {
		if (i >= n) { /* the input ends; it could still be fine */
			d.status = UB_E_TRUNCATED;
			return d;
		}
		d.status = i == 1 ? second_byte(b, s[1])
		                  : (BETWEEN(s[i], 0x80, 0xBF)
		                             ? UB_OK
		                             : UB_E_EXPECTED_CONT);
		if (d.status != UB_OK)
			return d; /* the maximal subpart is s[0..i) */
		cp = cp << 6 | (s[i] & 0x3Fu);
		d.len = (uint8_t)(i + 1);
	}
	d.cp = cp;
	d.status = UB_OK;
	return d;
}

UB_API size_t
ub_utf8_encode(uint32_t cp, uint8_t dst[4])
{
	if (cp < 0x80) { /* 0xxxxxxx */
		dst[0] = (uint8_t)cp;
		return 1;
	}
	if (cp < 0x800) { /* 110xxxxx 10xxxxxx */
		dst[0] = (uint8_t)(0xC0 | cp >> 6);
		dst[1] = (uint8_t)(0x80 | (cp & 0x3F));
		return 2;
	}
	if (cp < 0x10000) { /* 1110xxxx 10xxxxxx 10xxxxxx */
		if (BETWEEN(cp, 0xD800, 0xDFFF))
			return 0;
		dst[0] = (uint8_t)(0xE0 | cp >> 12);
		dst[1] = (uint8_t)(0x80 | (cp >> 6 & 0x3F));
		dst[2] = (uint8_t)(0x80 | (cp & 0x3F));
		return 3;
	}
	if (cp <= UB_MAX_CODE_POINT) { /* 11110xxx 10xxxxxx x 3 */
		dst[0] = (uint8_t)(0xF0 | cp >> 18);
		dst[1] = (uint8_t)(0x80 | (cp >> 12 & 0x3F));
		dst[2] = (uint8_t)(0x80 | (cp >> 6 & 0x3F));
		dst[3] = (uint8_t)(0x80 | (cp & 0x3F));
		return 4;
	}
	return 0;
}

/*
 * The fast loop (scalar.c) takes the valid runs; ub_utf8_decode decides
 * each character it stops at, and only the decoder says what is wrong.
 */
ub_result
ubi_utf8_validate_scalar(const uint8_t *s, size_t n)
{
	ub_result r = {UB_OK, 0, 0, 0};
	size_t i = 0, chars;
	ub_decoded d;

	while (i < n) {
		i += ubi_utf8_run(s + i, n - i, &chars);
		r.out += chars;
		if (i == n)
			break;
		d = ub_utf8_decode(s + i, n - i);
		if (d.status != UB_OK) {
			r.status = d.status;
			r.errors = 1;
			break;
		}
		i += d.len;
		r.out++;
	}
	r.in = i;
	return r;
}

/*
 * The vector kernel vouches for a prefix of whole valid characters; the
 * scalar code above decides everything from there on.
 */
UB_API ub_result
ub_utf8_validate(const uint8_t *s, size_t n)
{
	const struct ubi_kernels *k = ubi_kernels();
	size_t chars = 0, ok = 0;
	ub_result r;

	if (k->utf8_prefix != NULL && n > 0)
		ok = k->utf8_prefix(s, n, &chars);
	if (ok == n) {
		r.status = UB_OK;
		r.in = n;
		r.out = chars;
		r.errors = 0;
		return r;
	}
	r = ubi_utf8_validate_scalar(s + ok, n - ok);
	r.in += ok;
	r.out += chars;
	return r;
}

/* Each invalid sequence counts as one character (its maximal subpart),
 * as the decoder steps over it. */
UB_API size_t
ub_utf8_count(const uint8_t *s, size_t n)
{
	const struct ubi_kernels *k = ubi_kernels();
	size_t i = 0, count = 0, chars;

	while (i < n) {
		/* The kernel if there is one, then the scalar loop (which
		 * takes over where the kernel refused a block), then the
		 * decoder for the one character the loop stopped at. */
		if (k->utf8_prefix != NULL) {
			i += k->utf8_prefix(s + i, n - i, &chars);
			count += chars;
			if (i == n)
				break;
		}
		i += ubi_utf8_run(s + i, n - i, &chars);
		count += chars;
		if (i == n)
			break;
		i += ub_utf8_decode(s + i, n - i).len;
		count++;
	}
	return count;
}
