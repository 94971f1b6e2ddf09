/*
 * parse.c - the spellings of characters and bytes for lookup (see
 * parse.h for the rules).  Pure functions, unit-tested in
 * tests/check_parse.c.
 */
#include <string.h>

#include <unibits.h>

#include "parse.h"

static int
hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/*
 * A number in base 2, 10 or 16 from s[0..n), all of it, at most
 * 0xFFFFFFFF (more is refused rather than wrapped).
 */
static bool
number(const char *s, size_t n, unsigned base, uint32_t *v)
{
	uint64_t x = 0;
	size_t i;
	int d;

	if (n == 0)
		return false;
	for (i = 0; i < n; i++) {
		d = hexval((unsigned char)s[i]);
		if (d < 0 || (unsigned)d >= base)
			return false;
		x = x * base + (unsigned)d;
		if (x > 0xFFFFFFFFu)
			return false;
	}
	*v = (uint32_t)x;
	return true;
}

static bool
all_in(const char *s, const char *set)
{
	return *s != '\0' && s[strspn(s, set)] == '\0';
}

static bool
has_any(const char *s, const char *set)
{
	return strpbrk(s, set) != NULL;
}

/* \xHH, \NNN (octal, as printf and C write bytes) and %HH, repeated. */
static bool
byte_escapes(const char *s, uint8_t *bytes, size_t *nbytes)
{
	uint32_t v;
	size_t n = 0;

	if (*s != '\\' && *s != '%')
		return false;
	while (*s != '\0') {
		if (s[0] == '\\' && (s[1] == 'x' || s[1] == 'X') &&
		    number(s + 2, 2, 16, &v)) {
			s += 4;
		} else if (s[0] == '\\' && number(s + 1, 3, 8, &v) &&
		           v <= 0xFF) {
			s += 4;
		} else if (s[0] == '%' && number(s + 1, 2, 16, &v)) {
			s += 3;
		} else {
			return false;
		}
		bytes[n++] = (uint8_t)v;
	}
	*nbytes = n;
	return true;
}

/* &#N; and &#xH; (HTML and XML character references), repeated. */
static bool
char_refs(const char *s, uint32_t *cps, size_t *ncps)
{
	const char *e;
	size_t n = 0;
	bool hex;

	if (strncmp(s, "&#", 2) != 0)
		return false;
	while (*s != '\0') {
		if (strncmp(s, "&#", 2) != 0)
			return false;
		s += 2;
		hex = *s == 'x' || *s == 'X';
		s += hex;
		e = strchr(s, ';');
		if (e == NULL ||
		    !number(s, (size_t)(e - s), hex ? 16 : 10, &cps[n]))
			return false;
		n++;
		s = e + 1;
	}
	*ncps = n;
	return true;
}

/*
 * \uXXXX, \UXXXXXXXX and \u{X...} (C, Python, JSON, JavaScript, Rust),
 * repeated.  JSON and JavaScript spell a character above U+FFFF as a
 * surrogate pair, \uD83D\uDE00: the pair is one code point.
 */
static bool
u_escapes(const char *s, uint32_t *cps, size_t *ncps)
{
	const char *e;
	size_t n = 0;
	uint32_t v;

	if (s[0] != '\\' || (s[1] != 'u' && s[1] != 'U'))
		return false;
	while (*s != '\0') {
		if (s[0] != '\\')
			return false;
		if (s[1] == 'u' && s[2] == '{') {
			e = strchr(s + 3, '}');
			if (e == NULL || e - (s + 3) > 8 ||
			    !number(s + 3, (size_t)(e - (s + 3)), 16, &v))
				return false;
			s = e + 1;
		} else if (s[1] == 'u' && number(s + 2, 4, 16, &v)) {
			s += 6;
		} else if (s[1] == 'U' && number(s + 2, 8, 16, &v)) {
			s += 10;
		} else {
			return false;
		}
		if (n > 0 && v >= 0xDC00 && v <= 0xDFFF &&
		    cps[n - 1] >= 0xD800 && cps[n - 1] <= 0xDBFF) {
			/* Unicode 3.9, D91: the pair's two 10-bit halves. */
			cps[n - 1] = 0x10000 + ((cps[n - 1] - 0xD800) << 10) +
			             (v - 0xDC00);
			continue;
		}
		cps[n++] = v;
	}
	*ncps = n;
	return true;
}

/* The token's own characters (or, if it is not UTF-8, its bytes). */
static enum pq_kind
literal(const char *s, uint32_t *cps, size_t *ncps, uint8_t *bytes,
        size_t *nbytes)
{
	const uint8_t *p = (const uint8_t *)s;
	size_t n = strlen(s), k = 0;
	ub_decoded d;

	if (ub_utf8_validate(p, n).status != UB_OK) {
		memcpy(bytes, p, n);
		*nbytes = n;
		return PQ_BYTES;
	}
	while (n > 0) {
		d = ub_utf8_decode(p, n);
		cps[k++] = d.cp;
		p += d.len;
		n -= d.len;
	}
	*ncps = k;
	return PQ_CPS;
}

enum pq_kind
pq_token(const char *s, uint32_t *cps, size_t *ncps, uint8_t *bytes,
         size_t *nbytes)
{
	static const char hexdig[] = "0123456789abcdefABCDEF";
	size_t n = strlen(s), i;
	uint32_t v = 0;

	*ncps = 0;
	*nbytes = 0;
	if (n == 0)
		return PQ_WORD;
	if (n > 2 && (s[0] == 'U' || s[0] == 'u') && s[1] == '+' &&
	    n - 2 <= 8 && number(s + 2, n - 2, 16, &cps[0])) {
		*ncps = 1;
		return PQ_CPS;
	}
	if (n > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X') &&
	    number(s + 2, n - 2, 16, &cps[0])) {
		*ncps = 1;
		return PQ_CPS;
	}
	if (n > 2 && s[0] == '0' && (s[1] == 'b' || s[1] == 'B') &&
	    number(s + 2, n - 2, 2, &cps[0])) {
		*ncps = 1;
		return PQ_CPS;
	}
	/* A single digit is that digit, as in explain: 4 is U+0034. */
	if (n == 1)
		return literal(s, cps, ncps, bytes, nbytes);
	if (all_in(s, "0123456789")) {
		if (n % 8 == 0 && n <= 32 && all_in(s, "01")) {
			for (i = 0; i < n / 8; i++) {
				number(s + 8 * i, 8, 2, &v);
				bytes[i] = (uint8_t)v;
			}
			*nbytes = n / 8;
			return PQ_BYTES;
		}
		if (n == 2) {
			number(s, 2, 16, &v);
			bytes[0] = (uint8_t)v;
			*nbytes = 1;
			number(s, 2, 10, &cps[0]);
			*ncps = 1;
			return PQ_HEXPAIR;
		}
		if (number(s, n, 10, &cps[0])) {
			*ncps = 1;
			return PQ_CPS;
		}
		return PQ_WORD;
	}
	if (byte_escapes(s, bytes, nbytes))
		return PQ_BYTES;
	if (char_refs(s, cps, ncps) || u_escapes(s, cps, ncps))
		return PQ_CPS;
	if (n == 2 && all_in(s, hexdig)) {
		number(s, 2, 16, &v);
		bytes[0] = (uint8_t)v;
		*nbytes = 1;
		return PQ_HEXPAIR;
	}
	if (n >= 4 && n % 2 == 0 && all_in(s, hexdig) &&
	    has_any(s, "0123456789") && has_any(s, "abcdefABCDEF")) {
		for (i = 0; i < n / 2; i++) {
			number(s + 2 * i, 2, 16, &v);
			bytes[i] = (uint8_t)v;
		}
		*nbytes = n / 2;
		return PQ_BYTES;
	}
	if (ub_utf8_count((const uint8_t *)s, n) == 1 ||
	    !all_in(s, " !\"#$%&'()*+,-./0123456789:;<=>?@"
	               "ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`"
	               "abcdefghijklmnopqrstuvwxyz{|}~"))
		return literal(s, cps, ncps, bytes, nbytes);
	return PQ_WORD;
}
