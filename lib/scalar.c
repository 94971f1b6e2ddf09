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

/*
 * Unaligned little-endian words and units of either byte order.  On a
 * little-endian host with gcc or clang they are plain (memcpy) loads
 * and stores and a byte swap; elsewhere they are built from bytes.
 */
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__ &&   \
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
 * load64, given m, its nonzero UBI_HIGH part. */
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
safe_end(size_t i, size_t n, size_t stop, size_t o, size_t cap, size_t ratio,
         size_t slack)
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

/*
 * UTF-8 checking as a shift DFA (Table 3-7): each state is a bit offset
 * (a multiple of 6), and dfa[b] holds, at the offset of each state, the
 * offset of the state after byte b.  A step is a load and a shift, with
 * no branch, so text whose character lengths vary (an ASCII space in
 * Cyrillic, Hangul among Latin) costs no mispredictions.  ERR is 0 and
 * goes to itself on every byte.
 */
enum {
	S_ERR = 0,
	S_ACC = 6, /* between characters */
	S_T1 = 12, /* 1 trailing byte 80..BF to go */
	S_T2 = 18, /* 2 to go */
	S_T3 = 24, /* 3 to go */
	S_E0 = 30, /* after E0: A0..BF, then 1 */
	S_ED = 36, /* after ED: 80..9F, then 1 */
	S_F0 = 42, /* after F0: 90..BF, then 2 */
	S_F4 = 48  /* after F4: 80..8F, then 2 */
};

#define TR(s, t) ((uint64_t)(t) << (s))
#define ROW_ASCII TR(S_ACC, S_ACC)
#define ROW_TRAIL (TR(S_T1, S_ACC) | TR(S_T2, S_T1) | TR(S_T3, S_T2))
#define ROW_80 (ROW_TRAIL | TR(S_ED, S_T1) | TR(S_F4, S_T2))
#define ROW_90 (ROW_TRAIL | TR(S_ED, S_T1) | TR(S_F0, S_T2))
#define ROW_A0 (ROW_TRAIL | TR(S_E0, S_T1) | TR(S_F0, S_T2))
#define X2(r) r, r
#define X4(r) X2(r), X2(r)
#define X8(r) X4(r), X4(r)
#define X16(r) X8(r), X8(r)
#define X32(r) X16(r), X16(r)
#define X64(r) X32(r), X32(r)

static const uint64_t dfa[256] = {
	X64(ROW_ASCII),
	X64(ROW_ASCII), /* 00..7F */
	X16(ROW_80),
	X16(ROW_90),
	X32(ROW_A0), /* 80..BF */
	X2(0),       /* C0 C1 */
	X16(TR(S_ACC, S_T1)),
	X8(TR(S_ACC, S_T1)),
	X4(TR(S_ACC, S_T1)),
	X2(TR(S_ACC, S_T1)), /* C2..DF */
	TR(S_ACC, S_E0),     /* E0 */
	X8(TR(S_ACC, S_T2)),
	X4(TR(S_ACC, S_T2)), /* E1..EC */
	TR(S_ACC, S_ED),     /* ED */
	X2(TR(S_ACC, S_T2)), /* EE EF */
	TR(S_ACC, S_F0),     /* F0 */
	X2(TR(S_ACC, S_T3)),
	TR(S_ACC, S_T3), /* F1..F3 */
	TR(S_ACC, S_F4), /* F4 */
	X8(0),
	X2(0),
	0, /* F5..FF */
};

/* The number of trailing bytes (10xxxxxx) in a word. */
static inline size_t
trailing_bytes(uint64_t x)
{
	return ubi_high_bytes(x & ~(x << 1)); /* bit 7 set, bit 6 clear */
}

/* The per-character loop: from a character boundary, up to the first
 * byte that does not start a well-formed character or the last 7. */
static size_t
utf8_run_chars(const uint8_t *s, size_t n, size_t *chars)
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
					m = load64(s + i) & UBI_HIGH;
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

#define STEP(k) st = dfa[s[i + (k)]] >> (st & 63)

/*
 * 16 bytes at a time through the DFA (or skipped when they are ASCII
 * between characters), the state carried from block to block.  At the
 * first block that reaches ERR, back to the start of the character
 * pending before it, and the per-character loop finds where the
 * well-formed text ends.
 */
size_t
ubi_utf8_run(const uint8_t *s, size_t n, size_t *chars)
{
	size_t i = 0, cont = 0, b, tail;
	uint64_t st = S_ACC, st0, x0, x1;

	while (n - i >= 16) {
		x0 = load64(s + i);
		x1 = load64(s + i + 8);
		if ((st & 63) == S_ACC && ((x0 | x1) & UBI_HIGH) == 0) {
			i += 16;
			continue;
		}
		st0 = st;
		STEP(0), STEP(1), STEP(2), STEP(3);
		STEP(4), STEP(5), STEP(6), STEP(7);
		STEP(8), STEP(9), STEP(10), STEP(11);
		STEP(12), STEP(13), STEP(14), STEP(15);
		if ((st & 63) == S_ERR) {
			st = st0;
			break;
		}
		cont += trailing_bytes(x0) + trailing_bytes(x1);
		i += 16;
	}
	if ((st & 63) != S_ACC) {
		/* s[0..i) is well-formed but for a character begun by
		 * the last byte that is no trailing byte */
		b = i - 1;
		while ((s[b] & 0xC0) == 0x80)
			b--;
		cont -= i - b - 1;
		i = b;
	}
	*chars = i - cont; /* each character has one byte not 80..BF */
	i += utf8_run_chars(s + i, n - i, &tail);
	*chars += tail;
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
		m = load64(s + i) & UBI_HIGH;
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

/*
 * The word x as four 2-byte characters (C2..DF 80..BF each), their
 * values in the four 16-bit lanes; 0 when x is not that (no value of
 * a 2-byte character is 0).  Letters of Cyrillic, Greek, Hebrew or
 * Arabic words then go four at a time with no branch each.
 */
static inline uint64_t
four_two_byte(uint64_t x)
{
	if ((x & 0xC0E0C0E0C0E0C0E0u) != 0x80C080C080C080C0u ||
	    zero_lane16(x & 0x001E001E001E001Eu)) /* C0, C1: overlong */
		return 0;
	return (x & 0x001F001F001F001Fu) << 6 | (x >> 8 & 0x003F003F003F003Fu);
}

/* The four 16-bit lanes of c as four UTF-16 (put_lanes16) or UTF-32
 * (put_lanes32) units. */
static inline void
put_lanes16(uint8_t *d, uint64_t c, ub_endian e)
{
	if (e == UB_LE) {
		store64(d, c);
		return;
	}
	put16(d, c & 0xFFFF, e);
	put16(d + 2, c >> 16 & 0xFFFF, e);
	put16(d + 4, c >> 32 & 0xFFFF, e);
	put16(d + 6, c >> 48, e);
}

static inline void
put_lanes32(uint8_t *d, uint64_t c, ub_endian e)
{
	put32(d, c & 0xFFFF, e);
	put32(d + 4, c >> 16 & 0xFFFF, e);
	put32(d + 8, c >> 32 & 0xFFFF, e);
	put32(d + 12, c >> 48, e);
}

/*
 * The low 6 bytes of x as two 3-byte characters (E0..EF 80..BF 80..BF,
 * at least 800, no surrogate), their values in the low two 16-bit
 * lanes; 0 when they are not that.  CJK and Hangul, two at a time.
 */
static inline uint64_t
two_three_byte(uint64_t x)
{
	uint64_t c0, c1;

	if ((x & 0xC0C0F0C0C0F0u) != 0x8080E08080E0u)
		return 0;
	c0 = (x & 0x0Fu) << 12 | (x >> 2 & 0xFC0u) | (x >> 16 & 0x3Fu);
	c1 = (x >> 12 & 0xF000u) | (x >> 26 & 0xFC0u) | (x >> 40 & 0x3Fu);
	if ((c0 < 0x800) | (c1 < 0x800) | ((c0 & 0xF800) == 0xD800) |
	    ((c1 & 0xF800) == 0xD800))
		return 0;
	return c0 | c1 << 16;
}

/* UTF-8 to UTF-16: one unit below 10000, else a surrogate pair (D91).
 * At most 2 output bytes per input byte; 16 for 8 ASCII bytes. */
BODY size_t
utf8_to_utf16(const uint8_t *s, size_t n, size_t stop, uint8_t *d, size_t cap,
              ub_endian e, size_t *w)
{
	unsigned sh = e == UB_LE ? 0 : 8; /* where the low byte goes */
	size_t i = 0, o = 0, end, k;
	uint64_t x, m, c;
	uint32_t cp;

	while ((end = safe_end(i, n, stop, o, cap, 2, 16)) > i) {
		while (i < end) {
			if (s[i] < 0x80) {
				if (s[i + 1] >= 0x80) {
					/* one ASCII byte among others (a space
					 * between words): no word to widen */
					put16(d + o, s[i], e);
					o += 2;
					i++;
					continue;
				}
				x = load64(s + i);
				m = x & UBI_HIGH;
				store64(d + o, spread16(x) << sh);
				store64(d + o + 8, spread16(x >> 32) << sh);
				k = m == 0 ? 8 : first_high(m);
				i += k;
				o += 2 * k;
				continue;
			}
			x = load64(s + i);
			if (s[i] < 0xE0) {
				if ((c = four_two_byte(x)) != 0) {
					put_lanes16(d + o, c, e);
					i += 8;
					o += 8;
					continue;
				}
			} else if ((c = two_three_byte(x)) != 0) {
				put16(d + o, c & 0xFFFF, e);
				put16(d + o + 2, c >> 16, e);
				i += 6;
				o += 4;
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
utf8_to_utf32(const uint8_t *s, size_t n, size_t stop, uint8_t *d, size_t cap,
              ub_endian e, size_t *w)
{
	unsigned sh = e == UB_LE ? 0 : 24; /* where the low byte goes */
	size_t i = 0, o = 0, end, k;
	uint64_t x, m, c;
	uint32_t cp;

	while ((end = safe_end(i, n, stop, o, cap, 4, 32)) > i) {
		while (i < end) {
			if (s[i] < 0x80) {
				if (s[i + 1] >= 0x80) {
					/* one ASCII byte among others (a space
					 * between words): no word to widen */
					put32(d + o, s[i], e);
					o += 4;
					i++;
					continue;
				}
				x = load64(s + i);
				m = x & UBI_HIGH;
				store64(d + o, spread32(x) << sh);
				store64(d + o + 8, spread32(x >> 16) << sh);
				store64(d + o + 16, spread32(x >> 32) << sh);
				store64(d + o + 24, spread32(x >> 48) << sh);
				k = m == 0 ? 8 : first_high(m);
				i += k;
				o += 4 * k;
				continue;
			}
			x = load64(s + i);
			if (s[i] < 0xE0) {
				if ((c = four_two_byte(x)) != 0) {
					put_lanes32(d + o, c, e);
					i += 8;
					o += 16;
					continue;
				}
			} else if ((c = two_three_byte(x)) != 0) {
				put32(d + o, c & 0xFFFF, e);
				put32(d + o + 4, c >> 16, e);
				i += 6;
				o += 8;
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

/* A unit below 800 as UTF-8, 1 or 2 bytes, with no branch: 2 bytes are
 * stored either way and the length returned. */
static inline size_t
put_short(uint8_t *d, uint32_t u)
{
	uint32_t two = (u + 0x780) >> 11; /* 1 when u is 80..7FF */
	uint32_t b2 = (0xC0 | u >> 6) | (0x80 | (u & 0x3F)) << 8;

	put16(d, two ? b2 : u, UB_LE);
	return 1 + two;
}

/* UTF-16 to UTF-8: a unit or a surrogate pair (D91) to 1..4 bytes.
 * At most 3 output bytes per 2 input bytes.  Four ASCII units go at
 * once; four units below 800 (Cyrillic, Greek, Latin, with spaces)
 * with no branch each; a unit of 3 bytes as one 4-byte store. */
BODY size_t
utf16_to_utf8(const uint8_t *s, size_t n, size_t stop, uint8_t *d, size_t cap,
              ub_endian e, size_t *w)
{
	unsigned sh = e == UB_LE ? 0 : 8; /* where the low byte is */
	size_t i = 0, o = 0, end;
	uint64_t x;
	uint32_t u, v;

	while ((end = safe_end(i, n, stop, o, cap, 2, 8)) > i) {
		while (i < end) {
			x = load64(s + i);
			if ((x & ASCII16(e)) == 0) { /* four ASCII units */
				x = x >> sh & 0x00FF00FF00FF00FFu;
				x = (x | x >> 8) & 0x0000FFFF0000FFFFu;
				store32(d + o, (uint32_t)(x | x >> 16));
				i += 8;
				o += 4;
				continue;
			}
			if ((x & SURR_MASK(e)) == 0) { /* four below 800 */
				o += put_short(d + o, get16(s + i, e));
				o += put_short(d + o, get16(s + i + 2, e));
				o += put_short(d + o, get16(s + i + 4, e));
				o += put_short(d + o, get16(s + i + 6, e));
				i += 8;
				continue;
			}
			u = get16(s + i, e);
			if (u < 0x800) {
				o += put_short(d + o, u);
				i += 2;
			} else if (u < 0xD800 || u > 0xDFFF) {
				/* 1110xxxx 10xxxxxx 10xxxxxx, and a byte
				 * that what follows overwrites */
				v = (0xE0 | u >> 12) |
				    (0x80 | (u >> 6 & 0x3F)) << 8 |
				    (0x80 | (u & 0x3F)) << 16;
				store32(d + o, v);
				o += 3;
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
utf32_to_utf8(const uint8_t *s, size_t n, size_t stop, uint8_t *d, size_t cap,
              ub_endian e, size_t *w)
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
latin1_to_utf8(const uint8_t *s, size_t n, size_t stop, uint8_t *d, size_t cap,
               size_t *w)
{
	size_t i = 0, o = 0, end, k;
	uint64_t x, m;

	while ((end = safe_end(i, n, stop, o, cap, 2, 8)) > i) {
		while (i < end) {
			if (s[i] < 0x80) {
				x = load64(s + i);
				m = x & UBI_HIGH;
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
utf8_to_latin1(const uint8_t *s, size_t n, size_t stop, uint8_t *d, size_t cap,
               size_t *w)
{
	size_t i = 0, o = 0, end, k;
	uint64_t x, m;
	uint32_t t;

	while ((end = safe_end(i, n, stop, o, cap, 1, 8)) > i) {
		while (i < end) {
			if (s[i] < 0x80) {
				x = load64(s + i);
				m = x & UBI_HIGH;
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
utf8_to_utf8(const uint8_t *s, size_t n, size_t stop, uint8_t *d, size_t cap,
             size_t *w)
{
	size_t m = n < cap ? n : cap, chars;

	/* A character that crosses the end of the window is left to the
	 * generic code. */
	m = ubi_utf8_run(s, m < stop ? m : stop, &chars);
	memcpy(d, s, m);
	*w = m;
	return m;
}

/* Units D800..DFFF among four units at s (see utf16_run). */
#define ANY_SURR(x, e) zero_lane16(((x)&SURR_MASK(e)) ^ SURR_BITS(e))

/* UTF-16 (ei) to UTF-32 (eo): a unit, or a surrogate pair, to its
 * value (D91, D90).  At most 2 output bytes per input byte; 16 for four
 * units at once. */
BODY size_t
utf16_to_utf32(const uint8_t *s, size_t n, size_t stop, uint8_t *d, size_t cap,
               ub_endian ei, ub_endian eo, size_t *w)
{
	size_t i = 0, o = 0, end;
	uint32_t u, v;

	while ((end = safe_end(i, n, stop, o, cap, 2, 16)) > i) {
		while (i < end) {
			if (!ANY_SURR(load64(s + i), ei)) {
				put32(d + o, get16(s + i, ei), eo);
				put32(d + o + 4, get16(s + i + 2, ei), eo);
				put32(d + o + 8, get16(s + i + 4, ei), eo);
				put32(d + o + 12, get16(s + i + 6, ei), eo);
				i += 8;
				o += 16;
				continue;
			}
			u = get16(s + i, ei);
			if (u < 0xD800 || u > 0xDFFF) {
				put32(d + o, u, eo);
				i += 2;
				o += 4;
				continue;
			}
			v = get16(s + i + 2, ei);
			if (u > 0xDBFF || v < 0xDC00 || v > 0xDFFF)
				goto out; /* unpaired */
			u = 0x10000 + ((u - 0xD800) << 10 | (v - 0xDC00));
			put32(d + o, u, eo);
			i += 4;
			o += 4;
		}
	}
out:
	*w = o;
	return i;
}

/* UTF-16 (ei) to UTF-16 (eo): each unit as it is, a surrogate only in
 * a whole pair (D91).  One output byte per input byte; four units at
 * once where none is a surrogate. */
BODY size_t
utf16_to_utf16(const uint8_t *s, size_t n, size_t stop, uint8_t *d, size_t cap,
               ub_endian ei, ub_endian eo, size_t *w)
{
	size_t i = 0, end;
	uint32_t u, v;
	uint64_t x;

	while ((end = safe_end(i, n, stop, i, cap, 1, 8)) > i) {
		while (i < end) {
			x = load64(s + i);
			if (!ANY_SURR(x, ei)) {
				/* the other order: the bytes of each unit
				 * swapped */
				if (ei != eo)
					x = (x >> 8 & 0x00FF00FF00FF00FFu) |
					    (x & 0x00FF00FF00FF00FFu) << 8;
				store64(d + i, x);
				i += 8;
				continue;
			}
			u = get16(s + i, ei);
			if (u < 0xD800 || u > 0xDFFF) {
				put16(d + i, u, eo);
				i += 2;
				continue;
			}
			v = get16(s + i + 2, ei);
			if (u > 0xDBFF || v < 0xDC00 || v > 0xDFFF)
				goto out; /* unpaired */
			put16(d + i, u, eo);
			put16(d + i + 2, v, eo);
			i += 4;
		}
	}
out:
	*w = i;
	return i;
}

/* UTF-32 (ei) to UTF-16 (eo): a scalar value (D90) to one unit or a
 * surrogate pair (D91).  At most 1 output byte per input byte. */
BODY size_t
utf32_to_utf16(const uint8_t *s, size_t n, size_t stop, uint8_t *d, size_t cap,
               ub_endian ei, ub_endian eo, size_t *w)
{
	size_t i = 0, o = 0, end;
	uint32_t u;

	while ((end = safe_end(i, n, stop, o, cap, 1, 4)) > i) {
		for (; i < end; i += 4) {
			u = get32(s + i, ei);
			if (u < 0xD800 || (u > 0xDFFF && u < 0x10000)) {
				put16(d + o, u, eo);
				o += 2;
			} else if (u > 0xDFFF && u <= UB_MAX_CODE_POINT) {
				u -= 0x10000;
				put16(d + o, 0xD800 | u >> 10, eo);
				put16(d + o + 2, 0xDC00 | (u & 0x3FF), eo);
				o += 4;
			} else {
				goto out;
			}
		}
	}
out:
	*w = o;
	return i;
}

/* Latin-1 (every byte, ascii false) or ASCII (up to the first byte
 * that is not, ascii true) to UTF-16 (unit 2) or UTF-32 (unit 4): each
 * byte is the value.  unit output bytes per input byte, 8 at a time. */
BODY size_t
bytes_to_wide(const uint8_t *s, size_t n, size_t stop, uint8_t *d, size_t cap,
              ub_endian e, unsigned unit, bool ascii, size_t *w)
{
	unsigned sh = e == UB_LE ? 0 : 8 * (unit - 1); /* the low byte */
	size_t i = 0, o = 0, end, k;
	uint64_t x, m;

	while ((end = safe_end(i, n, stop, o, cap, unit, 8 * unit)) > i) {
		while (i < end) {
			x = load64(s + i);
			if (unit == 2) {
				store64(d + o, spread16(x) << sh);
				store64(d + o + 8, spread16(x >> 32) << sh);
			} else {
				store64(d + o, spread32(x) << sh);
				store64(d + o + 8, spread32(x >> 16) << sh);
				store64(d + o + 16, spread32(x >> 32) << sh);
				store64(d + o + 24, spread32(x >> 48) << sh);
			}
			k = 8;
			if (ascii && (m = x & UBI_HIGH) != 0) {
				k = first_high(m);
				if (k == 0)
					goto out;
			}
			i += k;
			o += unit * k;
		}
	}
out:
	*w = o;
	return i;
}

#define PAIR(name, body, e)                                                   \
	static size_t name(const uint8_t *s, size_t n, size_t stop,           \
	                   uint8_t *d, size_t cap, size_t *w)                 \
	{                                                                     \
		return body(s, n, stop, d, cap, e, w);                        \
	}

PAIR(utf8_to_utf16le, utf8_to_utf16, UB_LE)
PAIR(utf8_to_utf16be, utf8_to_utf16, UB_BE)
PAIR(utf8_to_utf32le, utf8_to_utf32, UB_LE)
PAIR(utf8_to_utf32be, utf8_to_utf32, UB_BE)
PAIR(utf16le_to_utf8, utf16_to_utf8, UB_LE)
PAIR(utf16be_to_utf8, utf16_to_utf8, UB_BE)
PAIR(utf32le_to_utf8, utf32_to_utf8, UB_LE)
PAIR(utf32be_to_utf8, utf32_to_utf8, UB_BE)

#define PAIR2(name, body, ei, eo)                                             \
	static size_t name(const uint8_t *s, size_t n, size_t stop,           \
	                   uint8_t *d, size_t cap, size_t *w)                 \
	{                                                                     \
		return body(s, n, stop, d, cap, ei, eo, w);                   \
	}

PAIR2(utf16le_to_utf32le, utf16_to_utf32, UB_LE, UB_LE)
PAIR2(utf16le_to_utf32be, utf16_to_utf32, UB_LE, UB_BE)
PAIR2(utf16be_to_utf32le, utf16_to_utf32, UB_BE, UB_LE)
PAIR2(utf16be_to_utf32be, utf16_to_utf32, UB_BE, UB_BE)
PAIR2(utf16le_to_utf16le, utf16_to_utf16, UB_LE, UB_LE)
PAIR2(utf16le_to_utf16be, utf16_to_utf16, UB_LE, UB_BE)
PAIR2(utf16be_to_utf16le, utf16_to_utf16, UB_BE, UB_LE)
PAIR2(utf16be_to_utf16be, utf16_to_utf16, UB_BE, UB_BE)
PAIR2(utf32le_to_utf16le, utf32_to_utf16, UB_LE, UB_LE)
PAIR2(utf32le_to_utf16be, utf32_to_utf16, UB_LE, UB_BE)
PAIR2(utf32be_to_utf16le, utf32_to_utf16, UB_BE, UB_LE)
PAIR2(utf32be_to_utf16be, utf32_to_utf16, UB_BE, UB_BE)

#define BYTES(name, e, unit, ascii)                                           \
	static size_t name(const uint8_t *s, size_t n, size_t stop,           \
	                   uint8_t *d, size_t cap, size_t *w)                 \
	{                                                                     \
		return bytes_to_wide(s, n, stop, d, cap, e, unit, ascii, w);  \
	}

BYTES(latin1_to_utf16le, UB_LE, 2, false)
BYTES(latin1_to_utf16be, UB_BE, 2, false)
BYTES(latin1_to_utf32le, UB_LE, 4, false)
BYTES(latin1_to_utf32be, UB_BE, 4, false)
BYTES(ascii_to_utf16le, UB_LE, 2, true)
BYTES(ascii_to_utf16be, UB_BE, 2, true)
BYTES(ascii_to_utf32le, UB_LE, 4, true)
BYTES(ascii_to_utf32be, UB_BE, 4, true)

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
		{UB_UTF32LE, UB_UTF16LE, utf16le_to_utf32le},
		{UB_UTF32BE, UB_UTF16LE, utf16le_to_utf32be},
		{UB_UTF32LE, UB_UTF16BE, utf16be_to_utf32le},
		{UB_UTF32BE, UB_UTF16BE, utf16be_to_utf32be},
		{UB_UTF16LE, UB_UTF16LE, utf16le_to_utf16le},
		{UB_UTF16BE, UB_UTF16LE, utf16le_to_utf16be},
		{UB_UTF16LE, UB_UTF16BE, utf16be_to_utf16le},
		{UB_UTF16BE, UB_UTF16BE, utf16be_to_utf16be},
		{UB_UTF16LE, UB_UTF32LE, utf32le_to_utf16le},
		{UB_UTF16BE, UB_UTF32LE, utf32le_to_utf16be},
		{UB_UTF16LE, UB_UTF32BE, utf32be_to_utf16le},
		{UB_UTF16BE, UB_UTF32BE, utf32be_to_utf16be},
		{UB_UTF16LE, UB_LATIN1, latin1_to_utf16le},
		{UB_UTF16BE, UB_LATIN1, latin1_to_utf16be},
		{UB_UTF32LE, UB_LATIN1, latin1_to_utf32le},
		{UB_UTF32BE, UB_LATIN1, latin1_to_utf32be},
		{UB_UTF16LE, UB_ASCII, ascii_to_utf16le},
		{UB_UTF16BE, UB_ASCII, ascii_to_utf16be},
		{UB_UTF32LE, UB_ASCII, ascii_to_utf32le},
		{UB_UTF32BE, UB_ASCII, ascii_to_utf32be},
	};
	size_t i;

	for (i = 0; i < LEN(pairs); i++)
		if (pairs[i].to == to && pairs[i].from == from)
			return pairs[i].fn;
	return NULL;
}
