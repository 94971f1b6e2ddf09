/*
 * internal.h - what the files of libunibits share and nobody else sees.
 * Cross-file symbols are ubi_*; the public API is in unibits.h.
 */
#ifndef UB_INTERNAL_H
#define UB_INTERNAL_H

#include "unibits.h"

#define LEN(a) (sizeof(a) / sizeof((a)[0]))
#define BETWEEN(c, lo, hi) ((c) >= (lo) && (c) <= (hi))

/* UTF-16 / UTF-32 units are read and written as bytes with a byte order,
 * never through a cast, so alignment and aliasing never matter. */
static inline uint32_t
ubi_get16(const uint8_t *p, ub_endian e)
{
	return e == UB_BE ? (uint32_t)p[0] << 8 | p[1]
	                  : (uint32_t)p[1] << 8 | p[0];
}

static inline void
ubi_put16(uint8_t *p, uint32_t u, ub_endian e)
{
	p[e == UB_BE ? 0 : 1] = (uint8_t)(u >> 8);
	p[e == UB_BE ? 1 : 0] = (uint8_t)u;
}

static inline uint32_t
ubi_get32(const uint8_t *p, ub_endian e)
{
	return e == UB_BE ? (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	                            (uint32_t)p[2] << 8 | p[3]
	                  : (uint32_t)p[3] << 24 | (uint32_t)p[2] << 16 |
	                            (uint32_t)p[1] << 8 | p[0];
}

static inline void
ubi_put32(uint8_t *p, uint32_t u, ub_endian e)
{
	int i;

	for (i = 0; i < 4; i++)
		p[e == UB_BE ? 3 - i : i] = (uint8_t)(u >> (8 * i));
}

/* The byte order of a fixed-order UTF-16/UTF-32 encoding. */
static inline ub_endian
ubi_endian_of(ub_encoding enc)
{
	return (enc == UB_UTF16LE || enc == UB_UTF32LE) ? UB_LE : UB_BE;
}

/* Words of 8 bytes, handled a byte per lane (SWAR). */
#define UBI_ONES 0x0101010101010101u /* 1 in each byte */
#define UBI_HIGH 0x8080808080808080u /* bit 7 of each byte */

/* How many bytes of x have bit 7 set: a multiply sums them, as not
 * every x86-64 has popcnt. */
static inline unsigned
ubi_high_bytes(uint64_t x)
{
	return (unsigned)(((x & UBI_HIGH) >> 7) * UBI_ONES >> 56);
}

/*
 * Sniff a UTF-16 / UTF-32 byte order mark at s[0..n).  Returns the bytes
 * it takes (0 if none) and sets *e; without one *e is big-endian, as
 * Unicode D98/D101 say for the unmarked forms.
 */
size_t ubi_sniff_bom(ub_encoding enc, const uint8_t *s, size_t n,
                     ub_endian *e);

/* The fixed-order encoding a BOM-reading one resolves to. */
ub_encoding ubi_with_endian(ub_encoding enc, ub_endian e);

/* The substitute a target writes for what it cannot hold: U+FFFD where
 * it can, else '?'. */
uint32_t ubi_substitute(ub_encoding to);

/*
 * Convert src[0..n) between two fixed-order built-in encodings (no BOM
 * handling), strictly, stopping at the first error, a truncated tail, or
 * a full dst.  dst == NULL counts the output instead of writing it.
 * This is the fast path the converter runs on valid stretches.
 */
ub_result ubi_transcode_strict(ub_encoding to, ub_encoding from,
                               const uint8_t *src, size_t n, uint8_t *dst,
                               size_t cap);

/* Position tracking for error messages: LF, CR LF and a lone CR end a
 * line; columns count characters. */
struct ubi_pos {
	uint64_t line;   /* from 1 */
	uint64_t column; /* characters before this point on the line */
	bool prev_cr;    /* the last character was CR */
};

void ubi_pos_init(struct ubi_pos *p);

/* Advance over one character (or one invalid sequence, as cp U+FFFD). */
static inline void
ubi_pos_char(struct ubi_pos *p, uint32_t cp)
{
	if (cp == '\n') {
		if (!p->prev_cr)
			p->line++;
		p->column = 0;
		p->prev_cr = false;
	} else if (cp == '\r') {
		p->line++;
		p->column = 0;
		p->prev_cr = true;
	} else {
		p->column++;
		p->prev_cr = false;
	}
}

/* Advance over s[0..n), whole valid characters of a fixed-order built-in
 * encoding. */
void ubi_pos_advance(struct ubi_pos *p, ub_encoding enc, const uint8_t *s,
                     size_t n);

/*
 * The seam for charsets unibits does not convert itself.  A backend
 * turns bytes into code points and code points into bytes; the converter
 * does the rest (policies, positions, BOMs, buffering).  charset_icu.c
 * provides one over ICU.
 *
 * decode: convert src[0..n) into cp[0..cap), with the absolute byte
 *   offset of each character in off[] (base is the stream offset of
 *   src[0]).  Sets *consumed and *ncp.  Returns UB_OK when src is used
 *   up, UB_E_OUTPUT_FULL when cp is full, or an invalid-sequence status
 *   (or UB_E_TRUNCATED, only when last) with the bad bytes in bad[0..
 *   *nbad) and consumed past them; partial sequences at the end of src
 *   stay inside the backend while !last.  With an invalid status it
 *   sets bad_offset to the stream offset of bad[0] (the bytes may have
 *   come in earlier calls, and the backend may still hold bytes that
 *   came after them, to be read again).
 * encode: convert cp[0..n) into dst[0..cap).  Sets *consumed (code
 *   points) and *written.  Returns UB_OK, UB_E_OUTPUT_FULL, or
 *   UB_E_UNMAPPABLE with *consumed just past the character it could not
 *   map.  n == 0 with last flushes a stateful target.
 * decode16, encode16: the converter's fast lanes, for long stretches
 *   with nothing held (conv.c).  decode16 reads src[0..n) into host-
 *   order UTF-16 units u[0..ucap) (the caller leaves room for 20 units
 *   a byte), never flushing, with no offsets: it returns UB_OK, or an
 *   invalid status as decode does (units before the error given), or
 *   UB_E_INVALID_ARG when the backend cannot take this lane now.
 *   encode16 writes u[0..n) (whole characters) into dst[0..cap) (the
 *   caller leaves max_bytes a unit, plus 10 units' worth); it returns
 *   UB_OK, UB_E_UNMAPPABLE with *used just past the character it could
 *   not map, or UB_E_INVALID_ARG.
 */
struct ubi_charset {
	const char *canonical; /* name for messages, owned by the backend */
	uint32_t substitute;   /* what UB_REPLACE writes for unmappable */
	uint64_t bad_offset;   /* set by decode with an invalid status */
	void (*close)(struct ubi_charset *cs);
	void (*reset)(struct ubi_charset *cs);
	ub_status (*decode)(struct ubi_charset *cs, const uint8_t *src,
	                    size_t n, bool last, uint64_t base, uint32_t *cp,
	                    uint64_t *off, size_t cap, size_t *consumed,
	                    size_t *ncp, uint8_t *bad, size_t *nbad);
	ub_status (*encode)(struct ubi_charset *cs, const uint32_t *cp,
	                    size_t n, bool last, uint8_t *dst, size_t cap,
	                    size_t *consumed, size_t *written);
	ub_status (*decode16)(struct ubi_charset *cs, const uint8_t *src,
	                      size_t n, uint64_t base, uint16_t *u,
	                      size_t ucap, size_t *consumed, size_t *nu,
	                      uint8_t *bad, size_t *nbad);
	ub_status (*encode16)(struct ubi_charset *cs, const uint16_t *u,
	                      size_t n, uint8_t *dst, size_t cap, size_t *used,
	                      size_t *written);
	size_t max_bytes; /* the most bytes encode16 writes for a unit */
};

/* Open a backend charset for name as a source (to_unicode) or a
 * target.  Returns NULL with *st set when the name is unknown or the
 * library was built without a backend. */
struct ubi_charset *ubi_charset_open(const char *name, bool to_unicode,
                                     ub_status *st);

/* The built-in encoding name stands for, by unibits' own names or by
 * the backend's aliases of them ("ibm-1208" is UTF-8), or UB_ENC_NONE.
 * The converter asks this first, so that conversions between built-in
 * encodings never go through the backend. */
ub_encoding ubi_charset_builtin(const char *name);

/*
 * Vector kernels (lib/simd.c picks one set; lib/simd_avx2.c and
 * lib/simd_avx512.c provide them).  A kernel never decides an error:
 * it converts or checks a prefix it can prove valid, stopping at a
 * character boundary before the block that holds the first problem
 * (or a short tail, or a full dst), and says how far it got.  The
 * scalar code then takes over from there, so statuses, offsets and the
 * maximal-subpart rules are always the scalar code's.  A NULL member
 * means "no kernel": the caller runs the scalar code.
 */
struct ubi_lines {
	uint64_t ends;  /* line ends: each CR, each LF not right after a CR */
	uint64_t chars; /* characters after the last CR or LF */
	bool eol;       /* a CR or LF was seen */
};

struct ubi_kernels {
	const char *name;
	/* The longest prefix s[0..k) of whole, valid UTF-8 characters it
	 * can vouch for; *chars gets their number.  k == n: all valid. */
	size_t (*utf8_prefix)(const uint8_t *s, size_t n, size_t *chars);
	/* Leading bytes of s[0..n) below 0x80. */
	size_t (*ascii_prefix)(const uint8_t *s, size_t n);
	/* Converters: read s[0..n), write d[0..cap); return bytes read
	 * and set *written.  They read and write whole characters, and
	 * may store junk in d past *written (whole-vector stores). */
	size_t (*utf8_to_utf16)(const uint8_t *s, size_t n, uint8_t *d,
	                        size_t cap, ub_endian e, size_t *written);
	size_t (*utf8_to_utf32)(const uint8_t *s, size_t n, uint8_t *d,
	                        size_t cap, ub_endian e, size_t *written);
	size_t (*utf16_to_utf8)(const uint8_t *s, size_t n, uint8_t *d,
	                        size_t cap, ub_endian e, size_t *written);
	size_t (*utf32_to_utf8)(const uint8_t *s, size_t n, uint8_t *d,
	                        size_t cap, ub_endian e, size_t *written);
	size_t (*latin1_to_utf8)(const uint8_t *s, size_t n, uint8_t *d,
	                         size_t cap, size_t *written);
	/* Add the line ends and characters of s[0..n) (valid UTF-8 when
	 * utf8, else one character per byte) to *l. */
	void (*lines)(const uint8_t *s, size_t n, bool utf8,
	              struct ubi_lines *l);
};

/* The kernel set in use (chosen on first use; never NULL). */
const struct ubi_kernels *ubi_kernels(void);

extern const struct ubi_kernels ubi_kernels_avx2, ubi_kernels_avx512;

/* The scalar reference of ub_utf8_validate, for the kernels' callers. */
ub_result ubi_utf8_validate_scalar(const uint8_t *s, size_t n);

/*
 * The fast scalar loops (lib/scalar.c).  Like the kernels they never
 * decide an error: they take whole characters they can prove valid and
 * stop before anything else (and before the last few bytes of the
 * input), and the generic code takes over there.
 *
 * ubi_scalar_run: the longest prefix s[0..k) of valid characters of a
 * fixed-order built-in encoding that the loop vouches for; *chars gets
 * their number.
 */
size_t ubi_scalar_run(ub_encoding enc, const uint8_t *s, size_t n,
                      size_t *chars);
size_t ubi_utf8_run(const uint8_t *s, size_t n, size_t *chars);

/* A converter between two fixed-order built-in encodings: reads
 * s[0..n), whole characters starting before stop, writes d[0..cap)
 * (bytes after *w up to cap may be written too); returns bytes read
 * and sets *w to the bytes written. */
typedef size_t (*ubi_run_fn)(const uint8_t *s, size_t n, size_t stop,
                             uint8_t *d, size_t cap, size_t *w);

/* The converter for to <- from, or NULL if there is none. */
ubi_run_fn ubi_scalar_converter(ub_encoding to, ub_encoding from);

#endif /* UB_INTERNAL_H */
