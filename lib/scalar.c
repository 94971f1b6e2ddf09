/*
 * scalar.c - the fast scalar loops: check, count and convert runs of
 * well-formed text between the built-in encodings with no call, switch
 * or copy per character.  This is the code every machine without a
 * vector kernel runs, and the code around every error on the others.
 *
 * A loop here never decides an error.  It takes whole characters that
 * it can prove well-formed (and, converting, representable and fitting
 * in the output), and stops before anything else: an ill-formed or
 * truncated sequence, an unpaired surrogate, an unmappable character,
 * a full output, the last few bytes of the input.  The generic code
 * (ub_decode / ub_encode, one character at a time, in utf8.c and
 * transcode.c) then takes that character and decides what it is, so
 * statuses, offsets and maximal subparts are always the generic code's.
 * tests/check_scalar.c holds every loop to an independent reference.
 *
 * Words of 8 bytes are read and written through the little-endian
 * helpers below, built from bytes: portable (any host byte order, any
 * alignment), and gcc and clang compile each to one load or store.
 */
#include <string.h>

#include "internal.h"

#if defined(__GNUC__) || defined(__clang__)
/* The endian argument of the shared bodies is a constant in each
 * wrapper; inlining folds every test of it away. */
#define BODY static inline __attribute__((always_inline))
#define CTZ64(m) ((unsigned)__builtin_ctzll(m))
#else
#define BODY static inline
#endif

#define HIGH_BITS 0x8080808080808080u /* bit 7 of each byte */

/*
 * Unaligned little-endian words and units of either byte order.  On a
 * little-endian host with gcc or clang they are plain (memcpy) loads
 * and stores and a byte swap; elsewhere they are built from bytes.
 */
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__ && \
        (defined(__GNUC__) || defined(__clang__))
static inline uint64_t
load64(const uint8_t *p)
{
	uint64_t x;

	memcpy(&x, p, 8);
	return x;
}

static inline void
store64(uint8_t *p, uint64_t x)
{
	memcpy(p, &x, 8);
}

static inline void
store32(uint8_t *p, uint32_t x)
{
	memcpy(p, &x, 4);
}

static inline uint32_t
get16(const uint8_t *p, ub_endian e)
{
	uint16_t u;

	memcpy(&u, p, 2);
	return e == UB_LE ? u : __builtin_bswap16(u);
}

static inline void
put16(uint8_t *p, uint32_t u, ub_endian e)
{
	uint16_t v = e == UB_LE ? (uint16_t)u : __builtin_bswap16((uint16_t)u);

	memcpy(p, &v, 2);
}

static inline uint32_t
get32(const uint8_t *p, ub_endian e)
{
	uint32_t u;

	memcpy(&u, p, 4);
	return e == UB_LE ? u : __builtin_bswap32(u);
}

static inline void
put32(uint8_t *p, uint32_t u, ub_endian e)
{
	store32(p, e == UB_LE ? u : __builtin_bswap32(u));
}
#else
static inline uint64_t
load64(const uint8_t *p)
{
	return (uint64_t)p[0] | (uint64_t)p[1] << 8 | (uint64_t)p[2] << 16 |
	       (uint64_t)p[3] << 24 | (uint64_t)p[4] << 32 |
	       (uint64_t)p[5] << 40 | (uint64_t)p[6] << 48 |
	       (uint64_t)p[7] << 56;
}

static inline void
store64(uint8_t *p, uint64_t x)
{
	int i;

	for (i = 0; i < 8; i++)
		p[i] = (uint8_t)(x >> 8 * i);
}

static inline void
store32(uint8_t *p, uint32_t x)
{
	int i;

	for (i = 0; i < 4; i++)
		p[i] = (uint8_t)(x >> 8 * i);
}

#define get16 ubi_get16
#define put16 ubi_put16
#define get32 ubi_get32
#define put32 ubi_put32
#endif

/* The index of the first byte with bit 7 set in a word loaded by
 * load64, given m, its nonzero HIGH_BITS part. */
static inline unsigned
first_high(uint64_t m)
{
#ifdef CTZ64
	return CTZ64(m) / 8;
#else
	unsigned k = 0;

	while ((m & 0x80) == 0) {
		m >>= 8;
		k++;
	}
	return k;
#endif
}

/*
 * Where a stretch of steps from i can run with no other test: every
 * step starts before stop and 8 bytes before the end of the input (so
 * a step may read a word), and, if each input byte makes at most ratio
 * output bytes, there are still slack bytes of room in the output
 * (steps that store a whole word need it).  Returns i when there is no
 * such stretch.
 */
static inline size_t
safe_end(size_t i, size_t n, size_t stop, size_t o, size_t cap,
         size_t ratio, size_t slack)
{
	size_t end, room;

	if (n < 8 || cap - o < slack)
		return i;
	end = stop < n - 7 ? stop : n - 7;
	if (end <= i)
		return i;
	room = (cap - o - slack) / ratio; /* steps after the first */
	return end - i > room ? i + room + 1 : end;
}

/*
 * The well-formed UTF-8 character at s, Unicode 15.0 Table 3-7, with 4
 * bytes readable: its length (1..4) and its value in *cp, or 0 when s
 * does not start one.  Trailing bytes must be 80..BF (t = b ^ 0x80 is
 * then 00..3F); the narrower second-byte ranges after E0, ED, F0 and F4
 * are checked on the value instead: E0 80..9F gives less than 800
 * (overlong), ED A0..BF gives D800..DFFF (surrogates), F0 80..8F gives
 * less than 10000 (overlong), F4 90..BF gives more than 10FFFF.
 */
static inline unsigned
utf8_next(const uint8_t *s, uint32_t *cp)
{
	uint32_t b0 = s[0], t1 = s[1] ^ 0x80u, t2, t3, c;

	if (b0 < 0x80) {
		*cp = b0;
		return 1;
	}
	if (b0 < 0xE0) { /* C2..DF 80..BF; 80..C1 never start one here */
		if (b0 < 0xC2 || t1 > 0x3F)
			return 0;
		*cp = (b0 & 0x1Fu) << 6 | t1;
		return 2;
	}
	t2 = s[2] ^ 0x80u;
	if (b0 < 0xF0) { /* E0..EF 80..BF 80..BF */
		c = (b0 & 0x0Fu) << 12 | t1 << 6 | t2;
		if ((t1 | t2) > 0x3F || c < 0x800 || (c & 0xF800) == 0xD800)
			return 0;
		*cp = c;
		return 3;
	}
	t3 = s[3] ^ 0x80u;
	c = (b0 & 0x07u) << 18 | t1 << 12 | t2 << 6 | t3;
	/* F0..F4 80..BF 80..BF 80..BF; F5..FF never start one */
	if (b0 > 0xF4 || (t1 | t2 | t3) > 0x3F || c < 0x10000 ||
	    c > UB_MAX_CODE_POINT)
		return 0;
	*cp = c;
	return 4;
}

/* ---- checking and counting ---- */

size_t
ubi_utf8_run(const uint8_t *s, size_t n, size_t *chars)
{
	size_t i = 0, end, cont = 0, k;
	uint64_t m;
	uint32_t cp;

	while ((end = safe_end(i, n, n, 0, SIZE_MAX, 1, 0)) > i) {
		while (i < end) {
			if (s[i] < 0x80) {
				/* ASCII, 8 bytes at a time, up to the first
				 * byte that is not */
				do {
					m = load64(s + i) & HIGH_BITS;
					if (m != 0) {
						i += first_high(m);
						break;
					}
					i += 8;
				} while (i < end);
				continue;
			}
			k = utf8_next(s + i, &cp);
			if (k == 0)
				goto out;
			i += k;
			cont += k - 1;
		}
	}
out:
	*chars = i - cont; /* each character has one byte not 80..BF */
	return i;
}

/* A unit is a surrogate when its top 5 bits are 11011 (D800..DFFF). */
#define SURR_MASK(e) ((e) == UB_LE ? 0xF800F800F800F800u : 0x00F800F800F800F8u)
#define SURR_BITS(e) ((e) == UB_LE ? 0xD800D800D800D800u : 0x00D800D800D800D8u)
#define LANE_ONES 0x0001000100010001u
#define LANE_HIGH 0x8000800080008000u

/* Whether one of the four 16-bit lanes of x is zero (exact as a
 * whole; the flag of a lane above a zero one may be spurious). */
static inline bool
zero_lane16(uint64_t x)
{
	return ((x - LANE_ONES) & ~x & LANE_HIGH) != 0;
}

/* D91: one unit outside D800..DFFF, or D800..DBFF then DC00..DFFF. */
BODY size_t
utf16_run(const uint8_t *s, size_t n, ub_endian e, size_t *chars)
{
	size_t i = 0, end, pairs = 0;
	uint32_t u, v;

	while ((end = safe_end(i, n, n, 0, SIZE_MAX, 1, 0)) > i) {
		while (i < end) {
			if (!zero_lane16((load64(s + i) & SURR_MASK(e)) ^
			                 SURR_BITS(e))) {
				i += 8; /* four units, none a surrogate */
				continue;
			}
			u = get16(s + i, e);
			if (u < 0xD800 || u > 0xDFFF) {
				i += 2;
				continue;
			}
			v = get16(s + i + 2, e);
			if (u > 0xDBFF || v < 0xDC00 || v > 0xDFFF)
				goto out;
			i += 4;
			pairs++;
		}
	}
out:
	*chars = i / 2 - pairs;
	return i;
}

/* D90: a scalar value, not D800..DFFF, not above 10FFFF. */
BODY size_t
utf32_run(const uint8_t *s, size_t n, ub_endian e)
{
	size_t i = 0;
	uint32_t u;

	for (; n - i >= 4; i += 4) {
		u = get32(s + i, e);
		if (u - 0xD800 < 0x800 || u > UB_MAX_CODE_POINT)
			break;
	}
	return i;
}

static size_t
ascii_run(const uint8_t *s, size_t n)
{
	size_t i = 0;
	uint64_t m;

	for (; n - i >= 8; i += 8) {
		m = load64(s + i) & HIGH_BITS;
		if (m != 0)
			return i + first_high(m);
	}
	while (i < n && s[i] < 0x80)
		i++;
	return i;
}

size_t
ubi_scalar_run(ub_encoding enc, const uint8_t *s, size_t n, size_t *chars)
{
	size_t k;

	switch (enc) {
	case UB_UTF8:
		return ubi_utf8_run(s, n, chars);
	case UB_UTF16LE:
		return utf16_run(s, n, UB_LE, chars);
	case UB_UTF16BE:
		return utf16_run(s, n, UB_BE, chars);
	case UB_UTF32LE:
		k = utf32_run(s, n, UB_LE);
		*chars = k / 4;
		return k;
	case UB_UTF32BE:
		k = utf32_run(s, n, UB_BE);
		*chars = k / 4;
		return k;
	case UB_ASCII:
		return *chars = ascii_run(s, n);
	case UB_LATIN1:
		return *chars = n; /* every byte is a character */
	default:
		*chars = 0;
		return 0;
	}
}

/* ---- converting ----
 *
 * Each converter reads s[0..n) and writes d[0..cap): whole characters,
 * none starting at or after stop, and returns the bytes read, with the
 * bytes written in *w.  Where 8 input bytes go at once, the whole
 * converted word is stored while only its first characters may count
 * as written: the rest lies within cap and is overwritten by what
 * follows (the vector kernels do the same).
 */

/* Bytes 0..3 of x spread to the low byte of four 16-bit lanes. */
static inline uint64_t
spread16(uint64_t x)
{
	x &= 0xFFFFFFFFu;
	x = (x | x << 16) & 0x0000FFFF0000FFFFu;
	return (x | x << 8) & 0x00FF00FF00FF00FFu;
}

/* Bytes 0..1 of x spread to the low byte of two 32-bit lanes. */
static inline uint64_t
spread32(uint64_t x)
{
	return (x & 0xFFu) | (x & 0xFF00u) << 24;
}

/* UTF-8 to UTF-16: one unit below 10000, else a surrogate pair (D91).
 * At most 2 output bytes per input byte; 16 for 8 ASCII bytes. */
BODY size_t
utf8_to_utf16(const uint8_t *s, size_t n, size_t stop, uint8_t *d,
              size_t cap, ub_endian e, size_t *w)
{
	unsigned sh = e == UB_LE ? 0 : 8; /* where the low byte goes */
	size_t i = 0, o = 0, end, k;
	uint64_t x, m;
	uint32_t cp;

	while ((end = safe_end(i, n, stop, o, cap, 2, 16)) > i) {
		while (i < end) {
			if (s[i] < 0x80) {
				x = load64(s + i);
				m = x & HIGH_BITS;
				store64(d + o, spread16(x) << sh);
				store64(d + o + 8, spread16(x >> 32) << sh);
				k = m == 0 ? 8 : first_high(m);
				i += k;
				o += 2 * k;
				continue;
			}
			k = utf8_next(s + i, &cp);
			if (k == 0)
				goto out;
			i += k;
			if (cp < 0x10000) {
				put16(d + o, cp, e);
				o += 2;
			} else {
				cp -= 0x10000;
				put16(d + o, 0xD800 | cp >> 10, e);
				put16(d + o + 2, 0xDC00 | (cp & 0x3FF), e);
				o += 4;
			}
		}
	}
out:
	*w = o;
	return i;
}

/* UTF-8 to UTF-32: the value, in 4 bytes (D90).  At most 4 output
 * bytes per input byte; 32 for 8 ASCII bytes. */
BODY size_t
utf8_to_utf32(const uint8_t *s, size_t n, size_t stop, uint8_t *d,
              size_t cap, ub_endian e, size_t *w)
{
	unsigned sh = e == UB_LE ? 0 : 24; /* where the low byte goes */
	size_t i = 0, o = 0, end, k;
	uint64_t x, m;
	uint32_t cp;

	while ((end = safe_end(i, n, stop, o, cap, 4, 32)) > i) {
		while (i < end) {
			if (s[i] < 0x80) {
				x = load64(s + i);
				m = x & HIGH_BITS;
				store64(d + o, spread32(x) << sh);
				store64(d + o + 8, spread32(x >> 16) << sh);
				store64(d + o + 16, spread32(x >> 32) << sh);
				store64(d + o + 24, spread32(x >> 48) << sh);
				k = m == 0 ? 8 : first_high(m);
				i += k;
				o += 4 * k;
				continue;
			}
			k = utf8_next(s + i, &cp);
			if (k == 0)
				goto out;
			i += k;
			put32(d + o, cp, e);
			o += 4;
		}
	}
out:
	*w = o;
	return i;
}

/* Write cp (a scalar value of 80 or more) as UTF-8 (Table 3-6);
 * returns its length. */
static inline size_t
put_utf8(uint8_t *d, uint32_t cp)
{
	if (cp < 0x800) { /* 110xxxxx 10xxxxxx */
		d[0] = (uint8_t)(0xC0 | cp >> 6);
		d[1] = (uint8_t)(0x80 | (cp & 0x3F));
		return 2;
	}
	if (cp < 0x10000) { /* 1110xxxx 10xxxxxx 10xxxxxx */
		d[0] = (uint8_t)(0xE0 | cp >> 12);
		d[1] = (uint8_t)(0x80 | (cp >> 6 & 0x3F));
		d[2] = (uint8_t)(0x80 | (cp & 0x3F));
		return 3;
	}
	/* 11110xxx 10xxxxxx 10xxxxxx 10xxxxxx */
	d[0] = (uint8_t)(0xF0 | cp >> 18);
	d[1] = (uint8_t)(0x80 | (cp >> 12 & 0x3F));
	d[2] = (uint8_t)(0x80 | (cp >> 6 & 0x3F));
	d[3] = (uint8_t)(0x80 | (cp & 0x3F));
	return 4;
}

/* Units below 80, four at a time: bit 7 and the high byte clear. */
#define ASCII16(e) ((e) == UB_LE ? 0xFF80FF80FF80FF80u : 0x80FF80FF80FF80FFu)

/* UTF-16 to UTF-8: a unit or a surrogate pair (D91) to 1..4 bytes.
 * At most 3 output bytes per 2 input bytes. */
BODY size_t
utf16_to_utf8(const uint8_t *s, size_t n, size_t stop, uint8_t *d,
              size_t cap, ub_endian e, size_t *w)
{
	unsigned sh = e == UB_LE ? 0 : 8; /* where the low byte is */
	size_t i = 0, o = 0, end;
	uint64_t x;
	uint32_t u, v;

	while ((end = safe_end(i, n, stop, o, cap, 2, 4)) > i) {
		while (i < end) {
			u = get16(s + i, e);
			if (u < 0x80) {
				x = load64(s + i);
				if ((x & ASCII16(e)) == 0) { /* four of them */
					x = x >> sh & 0x00FF00FF00FF00FFu;
					x = (x | x >> 8) & 0x0000FFFF0000FFFFu;
					store32(d + o, (uint32_t)(x | x >> 16));
					i += 8;
					o += 4;
				} else {
					d[o++] = (uint8_t)u;
					i += 2;
				}
			} else if (u < 0xD800 || u > 0xDFFF) {
				o += put_utf8(d + o, u);
				i += 2;
			} else {
				v = get16(s + i + 2, e);
				if (u > 0xDBFF || v < 0xDC00 || v > 0xDFFF)
					goto out; /* unpaired */
				o += put_utf8(d + o,
				              0x10000 + ((u - 0xD800) << 10 |
				                         (v - 0xDC00)));
				i += 4;
			}
		}
	}
out:
	*w = o;
	return i;
}

/* UTF-32 to UTF-8: each unit that is a scalar value (D90).  At most 1
 * output byte per input byte. */
BODY size_t
utf32_to_utf8(const uint8_t *s, size_t n, size_t stop, uint8_t *d,
              size_t cap, ub_endian e, size_t *w)
{
	size_t i = 0, o = 0, end;
	uint32_t u;

	while ((end = safe_end(i, n, stop, o, cap, 1, 4)) > i) {
		for (; i < end; i += 4) {
			u = get32(s + i, e);
			if (u < 0x80)
				d[o++] = (uint8_t)u;
			else if (u - 0xD800 < 0x800 || u > UB_MAX_CODE_POINT)
				goto out;
			else
				o += put_utf8(d + o, u);
		}
	}
out:
	*w = o;
	return i;
}

/* Latin-1 to UTF-8: 00..7F as they are, 80..FF as C2/C3 and a
 * trailing byte.  At most 2 output bytes per input byte. */
static size_t
latin1_to_utf8(const uint8_t *s, size_t n, size_t stop, uint8_t *d,
               size_t cap, size_t *w)
{
	size_t i = 0, o = 0, end, k;
	uint64_t x, m;

	while ((end = safe_end(i, n, stop, o, cap, 2, 8)) > i) {
		while (i < end) {
			if (s[i] < 0x80) {
				x = load64(s + i);
				m = x & HIGH_BITS;
				store64(d + o, x);
				k = m == 0 ? 8 : first_high(m);
				i += k;
				o += k;
				continue;
			}
			d[o] = (uint8_t)(0xC0 | s[i] >> 6);
			d[o + 1] = (uint8_t)(0x80 | (s[i] & 0x3F));
			o += 2;
			i++;
		}
	}
	*w = o;
	return i;
}

/* UTF-8 to Latin-1: ASCII, and C2/C3 with a trailing byte (U+0080..
 * U+00FF); anything else is unmappable or ill-formed.  At most 1
 * output byte per input byte. */
static size_t
utf8_to_latin1(const uint8_t *s, size_t n, size_t stop, uint8_t *d,
               size_t cap, size_t *w)
{
	size_t i = 0, o = 0, end, k;
	uint64_t x, m;
	uint32_t t;

	while ((end = safe_end(i, n, stop, o, cap, 1, 8)) > i) {
		while (i < end) {
			if (s[i] < 0x80) {
				x = load64(s + i);
				m = x & HIGH_BITS;
				store64(d + o, x);
				k = m == 0 ? 8 : first_high(m);
				i += k;
				o += k;
				continue;
			}
			t = s[i + 1] ^ 0x80u;
			if ((s[i] != 0xC2 && s[i] != 0xC3) || t > 0x3F)
				goto out;
			d[o++] = (uint8_t)((s[i] & 0x03u) << 6 | t);
			i += 2;
		}
	}
out:
	*w = o;
	return i;
}

/* UTF-8 to itself: check, then copy. */
static size_t
utf8_to_utf8(const uint8_t *s, size_t n, size_t stop, uint8_t *d,
             size_t cap, size_t *w)
{
	size_t m = n < cap ? n : cap, chars;

	/* A character that crosses the end of the window is left to the
	 * generic code. */
	m = ubi_utf8_run(s, m < stop ? m : stop, &chars);
	memcpy(d, s, m);
	*w = m;
	return m;
}

#define PAIR(name, body, e)                                                  \
	static size_t name(const uint8_t *s, size_t n, size_t stop,          \
	                   uint8_t *d, size_t cap, size_t *w)                \
	{                                                                    \
		return body(s, n, stop, d, cap, e, w);                       \
	}

PAIR(utf8_to_utf16le, utf8_to_utf16, UB_LE)
PAIR(utf8_to_utf16be, utf8_to_utf16, UB_BE)
PAIR(utf8_to_utf32le, utf8_to_utf32, UB_LE)
PAIR(utf8_to_utf32be, utf8_to_utf32, UB_BE)
PAIR(utf16le_to_utf8, utf16_to_utf8, UB_LE)
PAIR(utf16be_to_utf8, utf16_to_utf8, UB_BE)
PAIR(utf32le_to_utf8, utf32_to_utf8, UB_LE)
PAIR(utf32be_to_utf8, utf32_to_utf8, UB_BE)

ubi_run_fn
ubi_scalar_converter(ub_encoding to, ub_encoding from)
{
	static const struct {
		ub_encoding to, from;
		ubi_run_fn fn;
	} pairs[] = {
		{UB_UTF16LE, UB_UTF8, utf8_to_utf16le},
		{UB_UTF16BE, UB_UTF8, utf8_to_utf16be},
		{UB_UTF32LE, UB_UTF8, utf8_to_utf32le},
		{UB_UTF32BE, UB_UTF8, utf8_to_utf32be},
		{UB_LATIN1, UB_UTF8, utf8_to_latin1},
		{UB_UTF8, UB_UTF8, utf8_to_utf8},
		{UB_UTF8, UB_UTF16LE, utf16le_to_utf8},
		{UB_UTF8, UB_UTF16BE, utf16be_to_utf8},
		{UB_UTF8, UB_UTF32LE, utf32le_to_utf8},
		{UB_UTF8, UB_UTF32BE, utf32be_to_utf8},
		{UB_UTF8, UB_LATIN1, latin1_to_utf8},
	};
	size_t i;

	for (i = 0; i < LEN(pairs); i++)
		if (pairs[i].to == to && pairs[i].from == from)
			return pairs[i].fn;
	return NULL;
}
