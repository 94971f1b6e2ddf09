/*
 * simd_avx512.c - the kernels for CPUs with AVX-512 F/BW/VL/VBMI/VBMI2.
 *
 * Validation follows the idea of Keiser and Lemire, "Validating UTF-8 In
 * Less Than One Instruction Per Byte" (2021): every error of UTF-8 shows
 * in a byte and the one before it (plus whether the second or third byte
 * before it starts a 3- or 4-byte sequence), so three 16-entry tables,
 * indexed by the previous byte's high and low nibble and this byte's
 * high nibble, AND-ed together, flag every error class in one pass.
 *
 * The converters follow the spirit of Lemire and Mula, "Transcoding
 * Billions of Unicode Characters per Second with SIMD Instructions"
 * (2022), simplified: VBMI2's compress instructions pack either the
 * bytes of the characters (so the arithmetic runs once per character)
 * or lanes that computed what their byte or unit writes if it starts a
 * character; from UTF-8, byte permutes gather each character from the
 * packed positions of the leads into a 16-bit lane (up to 3 bytes) or
 * a 32-bit one (UTF-32).  They step through the input in fixed 64-byte
 * blocks, each converting the characters whose first byte (unit) it
 * holds and loading past its end for the rest of the last ones, so no
 * step waits for the one before to say where it stopped; the checks of
 * a chunk of blocks are OR-ed and tested once, and a chunk with an
 * error is done again by careful blocks that stop at the first bad
 * one, which the scalar code then reports.  Output may be scribbled
 * past what is reported written, within cap.
 *
 * On this port-5-bound code, what runs on the shuffle port is counted:
 * masks come from movepi8 and pext where a compare would do, and the
 * nibble tables are read with vpermb (no masking of the index).
 *
 * Each function carries its own target attribute, so the library still
 * runs on any x86-64; lib/simd.c calls these only when CPUID says so.
 */
#include <string.h>

#include "internal.h"
#include "simd_stream.h"
#include "simd_tables.h"

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#include <immintrin.h>

#define ALWAYS __attribute__((always_inline))
#define T512                                                                  \
	__attribute__((target("avx512f,avx512bw,avx512vl,avx512vbmi,"         \
	                      "avx512vbmi2,bmi,bmi2,popcnt")))

/*
 * By the high nibble of a lead: how far to shift its lane left, then
 * right, to keep the code point (see gathered_cp).
 */
static const uint8_t cp_left[16] = {7, 7, 7, 7, 7, 7, 7,  7,
                                    0, 0, 0, 0, 9, 9, 10, 11};
static const uint8_t cp_right[16] = {25, 25, 25, 25, 25, 25, 25, 25,
                                     0,  0,  0,  0,  21, 21, 16, 11};

/*
 * The vector constants of the loops, made once per call, before the
 * loop, and hidden from the compiler.  Knowing a constant's value, GCC
 * 12 builds it again inside a loop whenever registers run short: an
 * immediate moved to a general register, then broadcast on the shuffle
 * port this code is bound by (12-17% of the converters' time, and more
 * on the 128-bit tables).  An opaque value is kept in a register or
 * reloaded from the stack, by a load port; those a kernel does not use
 * go away.  Named by lane width and value: u16_07c0 is 07C0 in every
 * 16-bit lane.
 */
struct vconst {
	/* validation: the nibble tables, and what errors_of() subtracts */
	__m512i prev_high, prev_low, cur_high, u8_60, u8_70, u8_80;
	__m512i open_max, u8_bf, u8_c0, u8_e0, u8_f0;
	/* UTF-8 -> UTF-16/32 */
	__m512i u16_0001, u16_0102, u16_00fc, u16_0700, u16_07c0, u16_07ff,
		u16_03c0, u16_0fc0, u16_f000, u16_d7c0, u16_dc00;
	__m512i u32_0001_0203, u32_7f3f_3f3f, u16_4001, u32_1000_0001, cp_left,
		cp_right, u32_0000_003f, u32_0000_00c0, u32_0000_00e0,
		u32_0000_00f0, u32_0000_001f, u32_0000_000f, u32_0000_0007,
		u32_0001_0000, u32_0000_d7c0, u32_0000_03ff, u32_0000_dc00;
	/* UTF-32 -> UTF-8 */
	__m512i u32_0000_0080, u32_0000_0800, u32_0000_d800, u32_ffff_f800,
		u32_0010_ffff;
	/* UTF-16 -> UTF-8, Latin-1 -> UTF-8 */
	__m512i u16_003f, u16_0080, u16_00c0, u16_00e0, u16_0800, u16_fc00,
		u16_d800;
	__m512i u32_pair, u32_0000_80c0, u32_0080_80e0, u32_8080_80f0, ctl1,
		ctl2, ctl3, ctl4, bytes16[2];
	/* byte order, line ends */
	__m512i swap16, swap32, cr, lf;
};

/* x, which the compiler may no longer take for a constant */
static inline T512 ALWAYS __m512i
hidden(__m512i x)
{
	__asm__("" : "+v"(x));
	return x;
}

static inline T512 ALWAYS __m512i
table(const uint8_t t[16])
{
	return hidden(
		_mm512_broadcast_i32x4(_mm_loadu_si128((const __m128i *)t)));
}

/* The index to a masked permute that puts byte j of a vector in
 * 16-bit lane j - from (see bytes16()). */
static inline T512 ALWAYS __m512i
bytes16_index(int from)
{
	return hidden(_mm512_add_epi16(
		_mm512_set_epi16(31, 30, 29, 28, 27, 26, 25, 24, 23, 22, 21,
	                         20, 19, 18, 17, 16, 15, 14, 13, 12, 11, 10, 9,
	                         8, 7, 6, 5, 4, 3, 2, 1, 0),
		_mm512_set1_epi16((short)from)));
}

static inline T512 ALWAYS void
vconst_init(struct vconst *vc)
{
	vc->prev_high = table(prev_high);
	vc->prev_low = table(prev_low);
	vc->cur_high = table(cur_high);
	vc->u8_60 = hidden(_mm512_set1_epi8(0x60));
	vc->u8_70 = hidden(_mm512_set1_epi8(0x70));
	vc->u8_80 = hidden(_mm512_set1_epi8((char)0x80));
	vc->open_max = hidden(_mm512_loadu_si512(open_max));
	vc->u8_bf = hidden(_mm512_set1_epi8((char)0xBF));
	vc->u8_c0 = hidden(_mm512_set1_epi8((char)0xC0));
	vc->u8_e0 = hidden(_mm512_set1_epi8((char)0xE0));
	vc->u8_f0 = hidden(_mm512_set1_epi8((char)0xF0));
	vc->u16_0001 = hidden(_mm512_set1_epi16(0x0001));
	vc->u16_0102 = hidden(_mm512_set1_epi16(0x0102));
	vc->u16_00fc = hidden(_mm512_set1_epi16(0x00FC));
	vc->u16_0700 = hidden(_mm512_set1_epi16(0x0700));
	vc->u16_07c0 = hidden(_mm512_set1_epi16(0x07C0));
	vc->u16_07ff = hidden(_mm512_set1_epi16(0x07FF));
	vc->u16_03c0 = hidden(_mm512_set1_epi16(0x03C0));
	vc->u16_0fc0 = hidden(_mm512_set1_epi16(0x0FC0));
	vc->u16_f000 = hidden(_mm512_set1_epi16((short)0xF000));
	vc->u16_d7c0 = hidden(_mm512_set1_epi16((short)0xD7C0));
	vc->u16_dc00 = hidden(_mm512_set1_epi16((short)0xDC00));
	vc->u32_0001_0203 = hidden(_mm512_set1_epi32(0x00010203));
	vc->u32_7f3f_3f3f = hidden(_mm512_set1_epi32(0x7F3F3F3F));
	vc->u16_4001 = hidden(_mm512_set1_epi16(0x4001));
	vc->u32_1000_0001 = hidden(_mm512_set1_epi32(0x10000001));
	vc->cp_left = table(cp_left);
	vc->cp_right = table(cp_right);
	vc->u32_0000_003f = hidden(_mm512_set1_epi32(0x3F));
	vc->u32_0000_00c0 = hidden(_mm512_set1_epi32(0xC0));
	vc->u32_0000_00e0 = hidden(_mm512_set1_epi32(0xE0));
	vc->u32_0000_00f0 = hidden(_mm512_set1_epi32(0xF0));
	vc->u32_0000_001f = hidden(_mm512_set1_epi32(0x1F));
	vc->u32_0000_000f = hidden(_mm512_set1_epi32(0xF));
	vc->u32_0000_0007 = hidden(_mm512_set1_epi32(7));
	vc->u32_0001_0000 = hidden(_mm512_set1_epi32(0x10000));
	vc->u32_0000_d7c0 = hidden(_mm512_set1_epi32(0xD7C0));
	vc->u32_0000_03ff = hidden(_mm512_set1_epi32(0x3FF));
	vc->u32_0000_dc00 = hidden(_mm512_set1_epi32(0xDC00));
	vc->u32_0000_0080 = hidden(_mm512_set1_epi32(0x80));
	vc->u32_0000_0800 = hidden(_mm512_set1_epi32(0x800));
	vc->u32_0000_d800 = hidden(_mm512_set1_epi32(0xD800));
	vc->u32_ffff_f800 = hidden(_mm512_set1_epi32((int)0xFFFFF800u));
	vc->u32_0010_ffff = hidden(_mm512_set1_epi32(0x10FFFF));
	vc->u16_003f = hidden(_mm512_set1_epi16(0x3F));
	vc->u16_0080 = hidden(_mm512_set1_epi16(0x80));
	vc->u16_00c0 = hidden(_mm512_set1_epi16(0xC0));
	vc->u16_00e0 = hidden(_mm512_set1_epi16(0xE0));
	vc->u16_0800 = hidden(_mm512_set1_epi16(0x800));
	vc->u16_fc00 = hidden(_mm512_set1_epi16((short)0xFC00));
	vc->u16_d800 = hidden(_mm512_set1_epi16((short)0xD800));
	/* a pair: (hi - D800) << 10 + (lo - DC00) + 10000 */
	vc->u32_pair = hidden(
		_mm512_set1_epi32(0x10000 - (0xD800 << 10) - 0xDC00));
	vc->u32_0000_80c0 = hidden(_mm512_set1_epi32(0x80C0));
	vc->u32_0080_80e0 = hidden(_mm512_set1_epi32(0x8080E0));
	vc->u32_8080_80f0 = hidden(_mm512_set1_epi32((int)0x808080F0u));
	vc->ctl1 = hidden(_mm512_set1_epi64(0x2020202000000000));
	vc->ctl2 = hidden(_mm512_set1_epi64(0x2020202600000006));
	vc->ctl3 = hidden(_mm512_set1_epi64(0x2020262C0000060C));
	vc->ctl4 = hidden(_mm512_set1_epi64(0x20262C3200060C12));
	vc->bytes16[0] = bytes16_index(0);
	vc->bytes16[1] = bytes16_index(32);
	vc->swap16 = hidden(_mm512_broadcast_i32x4(
		_mm_setr_epi8(1, 0, 3, 2, 5, 4, 7, 6, 9, 8, 11, 10, 13, 12, 15,
	                      14)));
	vc->swap32 = hidden(_mm512_broadcast_i32x4(
		_mm_setr_epi8(3, 2, 1, 0, 7, 6, 5, 4, 11, 10, 9, 8, 15, 14, 13,
	                      12)));
	vc->cr = hidden(_mm512_set1_epi8('\r'));
	vc->lf = hidden(_mm512_set1_epi8('\n'));
}

/* Non-continuation bytes: each starts a character. */
static inline T512 ALWAYS __mmask64
starts(const struct vconst *vc, __m512i v)
{
	return _mm512_cmpgt_epi8_mask(v, vc->u8_bf);
}

/*
 * The error bits of the 64 bytes at w, given the three bytes before
 * them at w[-3..0) (simd_tables.h explains the tables).  The bytes
 * before each byte come from unaligned loads (load ports) rather than
 * shuffles (which all compete for one port), and vpermb reads the
 * tables with no masking of the index: it looks at 6 bits, and the
 * table is the same 16 entries four times, so the 2 bits above a
 * nibble do not matter.  Then 10 vector operations check 64 bytes.
 * Bit 7 of (p2 - 0x60) is p2 >= E0, of (p3 - 0x70) p3 >= F0: where two
 * continuations in a row are required.  *cont gets the continuation
 * bytes, whose complement starts the characters.
 */
static inline T512 ALWAYS __m512i
errors_of(const struct vconst *vc, __m512i cur, __m512i p1, __m512i p2,
          __m512i p3, uint64_t *cont)
{
	__m512i a, b, c, must;

	a = _mm512_permutexvar_epi8(_mm512_srli_epi16(p1, 4), vc->prev_high);
	b = _mm512_permutexvar_epi8(p1, vc->prev_low);
	c = _mm512_permutexvar_epi8(_mm512_srli_epi16(cur, 4), vc->cur_high);
	/* TWO_CONTS is set in c for exactly the continuation bytes */
	*cont = _mm512_movepi8_mask(c);
	/* (p2 >= E0 or p3 >= F0) in bit 7: (x | y) & 0x80 */
	must = _mm512_ternarylogic_epi32(_mm512_subs_epu8(p2, vc->u8_60),
	                                 _mm512_subs_epu8(p3, vc->u8_70),
	                                 vc->u8_80, 0xA8);
	/* (a & b & c) ^ must */
	return _mm512_xor_si512(_mm512_ternarylogic_epi32(a, b, c, 0x80),
	                        must);
}

static inline T512 ALWAYS __m512i
errors_at(const struct vconst *vc, const uint8_t *w, uint64_t *cont)
{
	return errors_of(vc, _mm512_loadu_si512(w), _mm512_loadu_si512(w - 1),
	                 _mm512_loadu_si512(w - 2), _mm512_loadu_si512(w - 3),
	                 cont);
}

/*
 * The same, for validation, which has the block before at hand: the
 * vector port is less busy there than in the converters, and taking
 * two of the three earlier views from it by shifts, rather than split
 * loads, measured faster.
 */
static inline T512 ALWAYS __m512i
errors_after(const struct vconst *vc, const uint8_t *w, __m512i prev,
             __m512i cur, uint64_t *cont)
{
	__m512i x = _mm512_alignr_epi64(cur, prev, 6);

	return errors_of(vc, cur, _mm512_loadu_si512(w - 1),
	                 _mm512_alignr_epi8(cur, x, 14),
	                 _mm512_alignr_epi8(cur, x, 13), cont);
}

/*
 * s[i-3 .. i+64) into w[0..67), with zeros for what lies outside
 * s[0..n): the first block has no bytes before it, and the last is
 * short.  A sequence left open at the end then meets a zero and shows
 * as too short (the tail is at most 63 bytes, so the zeros reach the
 * place of every missing byte).
 */
static void
window(const uint8_t *s, size_t i, size_t n, uint8_t w[67])
{
	size_t from = i < 3 ? 0 : i - 3, to = n - i < 64 ? n : i + 64;

	memset(w, 0, 67);
	memcpy(w + 3 - (i - from), s + from, to - from);
}

/* 1 KiB: the blocks of a chunk are checked with their errors OR-ed
 * and tested once; a failed chunk is checked again block by block. */
#define CHUNK 1024

static T512 size_t
utf8_prefix(const uint8_t *s, size_t n, size_t *chars)
{
	uint8_t w[67];
	size_t i = 0, nc = 0, exact_to = 0, j, k, c;
	uint64_t cont, m;
	__m512i acc, err, prev, cur;
	bool ascii = true; /* the last chunk was: try this one first */
	struct vconst vc[1];

	vconst_init(vc);

	while (i < n) {
		if (i >= exact_to && i >= 64 && n - i >= CHUNK) {
			/* All ASCII, after a whole character: nothing to
			 * check.  Tried only after an ASCII chunk, so
			 * other text does not read each chunk twice. */
			acc = _mm512_setzero_si512();
			for (j = i; ascii && j < i + CHUNK; j += 64) {
				prefetch_ahead(s + j, 4 * CHUNK);
				acc = _mm512_or_si512(acc, _mm512_loadu_si512(
								   s + j));
			}
			if (ascii && _mm512_movepi8_mask(acc) == 0 &&
			    s[i - 1] < 0xC0 && s[i - 2] < 0xE0 &&
			    s[i - 3] < 0xF0) {
				nc += CHUNK;
				i += CHUNK;
				continue;
			}
			acc = _mm512_setzero_si512();
			prev = _mm512_loadu_si512(s + i - 64);
			c = 0;
			for (j = i; j < i + CHUNK; j += 64) {
				if (!ascii)
					prefetch_ahead(s + j, 4 * CHUNK);
				cur = _mm512_loadu_si512(s + j);
				acc = _mm512_or_si512(acc,
				                      errors_after(vc, s + j,
				                                   prev, cur,
				                                   &cont));
				prev = cur;
				c += 64 - (size_t)_mm_popcnt_u64(cont);
			}
			if (_mm512_test_epi8_mask(acc, acc) == 0) {
				/* valid, and no continuation byte: ASCII,
				 * but for a lead at its very end */
				ascii = c == CHUNK;
				nc += c;
				i += CHUNK;
				continue;
			}
			exact_to = i + CHUNK; /* the bad block is in there */
		}
		/* One block: from s when it has the bytes before it and
		 * after it, else from a copy. */
		k = n - i < 64 ? n - i : 64;
		if (i >= 3 && k == 64) {
			err = errors_at(vc, s + i, &cont);
		} else {
			window(s, i, n, w);
			err = errors_at(vc, w + 3, &cont);
		}
		if (_mm512_test_epi8_mask(err, err) != 0)
			break;
		m = k == 64 ? ~(uint64_t)0 : ((uint64_t)1 << k) - 1;
		nc += k - (size_t)_mm_popcnt_u64(cont & m);
		i += k;
	}
	/* A whole last block still has to show it closes its sequences. */
	if (i == n && n % 64 == 0 && n > 0) {
		window(s, n, n, w);
		err = errors_at(vc, w + 3, &cont);
		if (_mm512_test_epi8_mask(err, err) == 0) {
			*chars = nc;
			return n;
		}
	} else if (i >= n) {
		*chars = nc;
		return n;
	}
	*chars = nc;
	return safe_point(s, i, chars);
}

static T512 size_t
ascii_prefix(const uint8_t *s, size_t n)
{
	size_t i = 0;
	uint64_t m;

	for (; n - i >= 64; i += 64) {
		m = _mm512_movepi8_mask(_mm512_loadu_si512(s + i));
		if (m != 0)
			return i + (size_t)_tzcnt_u64(m);
	}
	m = n - i == 0 ? 0 : ~(uint64_t)0 >> (64 - (n - i));
	m &= _mm512_movepi8_mask(_mm512_maskz_loadu_epi8(m, s + i));
	return m != 0 ? i + (size_t)_tzcnt_u64(m) : n;
}

/* Swap the bytes of each 16-bit or 32-bit lane (for big-endian). */
static inline T512 ALWAYS __m512i
swap16(const struct vconst *vc, __m512i v)
{
	return _mm512_shuffle_epi8(v, vc->swap16);
}

static inline T512 ALWAYS __m512i
swap32(const struct vconst *vc, __m512i v)
{
	return _mm512_shuffle_epi8(v, vc->swap32);
}

/* Bytes 32h .. 32h + 31 of v, zero-extended, in 16-bit lanes. */
static inline T512 ALWAYS __m512i
bytes16(const struct vconst *vc, __m512i v, unsigned h)
{
	return _mm512_maskz_permutexvar_epi8(0x5555555555555555u,
	                                     vc->bytes16[h], v);
}

/*
 * The leads of a checked 64-byte block (cont: its continuation bytes),
 * and where its last whole character ends (a sequence running past the
 * block is left for the next one).
 */
struct leads {
	uint64_t start, l4;
	unsigned end;
};

static inline T512 ALWAYS void
find_leads(const struct vconst *vc, __m512i v, uint64_t cont, struct leads *l)
{
	uint64_t ge_c0 = _mm512_cmpge_epu8_mask(v, vc->u8_c0);
	uint64_t ge_e0 = _mm512_cmpge_epu8_mask(v, vc->u8_e0);
	uint64_t open;

	l->l4 = _mm512_cmpge_epu8_mask(v, vc->u8_f0);
	l->start = ~cont;
	/* bit k: the byte at 61 + k starts a sequence that runs past 63 */
	open = (l->l4 >> 61 & 1) | (ge_e0 >> 62 & 1) << 1 | (ge_c0 >> 63) << 2;
	l->end = open != 0 ? 61 + (unsigned)_tzcnt_u64(open) : 64;
}

/*
 * The characters of a block are converted dense, not byte by byte:
 * byte k (0..3) of every character whose lead is in the mask is packed
 * into one register by a compress, so the arithmetic below runs once
 * per character.  Two ways to get byte k: from the block itself by the
 * leads shifted by k (the characters end inside it), or by the leads
 * from a load k bytes further on (they may run past its end).
 */
static inline T512 ALWAYS __m512i
kth_in_block(__m512i v, uint64_t lead, unsigned k)
{
	return _mm512_maskz_compress_epi8(lead << k, v);
}

static inline T512 ALWAYS __m512i
kth_from(const uint8_t *w, uint64_t lead, unsigned k)
{
	return _mm512_maskz_compress_epi8(lead, _mm512_loadu_si512(w + k));
}

/* The bits of x where m is set, of y elsewhere: one ternary-logic
 * operation where a mask, a shift and an OR would take three. */
static inline T512 ALWAYS __m512i
bits_from(__m512i x, __m512i y, __m512i m)
{
	return _mm512_ternarylogic_epi32(m, x, y, 0xCA);
}

/*
 * UTF-16 of nch packed characters of at most maxlen (2 or 3) bytes
 * (first bytes in a, second in b, third in c; bit k of two and three
 * says character k takes 2 or 3 bytes): 2 * nch bytes at d.
 * maxlen is a constant where this is inlined, and the code for longer
 * characters goes away when it is 2.
 */
static inline T512 ALWAYS size_t
bmp_units(const struct vconst *vc, __m512i a, __m512i b, __m512i c,
          uint64_t two, uint64_t three, size_t nch, uint8_t *d, ub_endian e,
          unsigned maxlen)
{
	__m512i a16, b16, c16, w, x;
	__mmask32 k2, k3;
	unsigned h;

	for (h = 0; h < 2 && 32 * h < nch; h++) {
		if (h == 0) {
			a16 = _mm512_cvtepu8_epi16(_mm512_castsi512_si256(a));
			b16 = _mm512_cvtepu8_epi16(_mm512_castsi512_si256(b));
		} else {
			a16 = _mm512_cvtepu8_epi16(
				_mm512_extracti64x4_epi64(a, 1));
			b16 = _mm512_cvtepu8_epi16(
				_mm512_extracti64x4_epi64(b, 1));
		}
		k3 = maxlen < 3 ? 0 : (__mmask32)(three >> 32 * h);
		k2 = (__mmask32)(two >> 32 * h);
		/* 110aaaaa 10bbbbbb -> aaaaabbbbbb: the bits 6..10 of
		 * a << 6, the rest of b (whose 10 falls in 6..7) */
		x = bits_from(_mm512_slli_epi16(a16, 6), b16, vc->u16_07c0);
		w = _mm512_mask_mov_epi16(a16, k2, x);
		if (maxlen >= 3) {
			c16 = _mm512_cvtepu8_epi16(
				h == 0 ? _mm512_castsi512_si256(c)
				       : _mm512_extracti64x4_epi64(c, 1));
			/* 1110aaaa 10bbbbbb 10cccccc -> aaaabbbbbbcccccc:
			 * a << 12 above bit 12, b << 6 in 6..11, c below */
			x = bits_from(_mm512_slli_epi16(a16, 12),
			              bits_from(_mm512_slli_epi16(b16, 6), c16,
			                        vc->u16_0fc0),
			              vc->u16_f000);
			w = _mm512_mask_mov_epi16(w, k3, x);
		}
		if (e == UB_BE)
			w = swap16(vc, w);
		_mm512_storeu_si512(d + 64 * h, w);
	}
	return 2 * nch;
}

/* thirds[s]: in 16-bit lane k, the byte indexes s + 3k + 1 (low) and
 * s + 3k (high), for reading the characters of a block of 3-byte
 * characters only whose first lead is at s (thirds[s + 1] reads
 * each character's second and third bytes). */
static const uint8_t thirds[4][64] = {
	{1,  0,  4,  3,  7,  6,  10, 9,  13, 12, 16, 15, 19, 18, 22, 21,
         25, 24, 28, 27, 31, 30, 34, 33, 37, 36, 40, 39, 43, 42, 46, 45,
         49, 48, 52, 51, 55, 54, 58, 57, 61, 60, 64, 63, 67, 66, 70, 69,
         73, 72, 76, 75, 79, 78, 82, 81, 85, 84, 88, 87, 91, 90, 94, 93},
	{2,  1,  5,  4,  8,  7,  11, 10, 14, 13, 17, 16, 20, 19, 23, 22,
         26, 25, 29, 28, 32, 31, 35, 34, 38, 37, 41, 40, 44, 43, 47, 46,
         50, 49, 53, 52, 56, 55, 59, 58, 62, 61, 65, 64, 68, 67, 71, 70,
         74, 73, 77, 76, 80, 79, 83, 82, 86, 85, 89, 88, 92, 91, 95, 94},
	{3,  2,  6,  5,  9,  8,  12, 11, 15, 14, 18, 17, 21, 20, 24, 23,
         27, 26, 30, 29, 33, 32, 36, 35, 39, 38, 42, 41, 45, 44, 48, 47,
         51, 50, 54, 53, 57, 56, 60, 59, 63, 62, 66, 65, 69, 68, 72, 71,
         75, 74, 78, 77, 81, 80, 84, 83, 87, 86, 90, 89, 93, 92, 96, 95},
	{4,  3,  7,  6,  10, 9,  13, 12, 16, 15, 19, 18, 22, 21, 25, 24,
         28, 27, 31, 30, 34, 33, 37, 36, 40, 39, 43, 42, 46, 45, 49, 48,
         52, 51, 55, 54, 58, 57, 61, 60, 64, 63, 67, 66, 70, 69, 73, 72,
         76, 75, 79, 78, 82, 81, 85, 84, 88, 87, 91, 90, 94, 93, 97, 96}};

/* twice16[h]: byte 32h + k in both bytes of 16-bit lane k. */
static const uint8_t twice16[2][64] = {
	{0,  0,  1,  1,  2,  2,  3,  3,  4,  4,  5,  5,  6,  6,  7,  7,
         8,  8,  9,  9,  10, 10, 11, 11, 12, 12, 13, 13, 14, 14, 15, 15,
         16, 16, 17, 17, 18, 18, 19, 19, 20, 20, 21, 21, 22, 22, 23, 23,
         24, 24, 25, 25, 26, 26, 27, 27, 28, 28, 29, 29, 30, 30, 31, 31},
	{32, 32, 33, 33, 34, 34, 35, 35, 36, 36, 37, 37, 38, 38, 39, 39,
         40, 40, 41, 41, 42, 42, 43, 43, 44, 44, 45, 45, 46, 46, 47, 47,
         48, 48, 49, 49, 50, 50, 51, 51, 52, 52, 53, 53, 54, 54, 55, 55,
         56, 56, 57, 57, 58, 58, 59, 59, 60, 60, 61, 61, 62, 62, 63, 63}};

/* iota64: byte k is k. */
static const uint8_t iota64[64] = {0,  1,  2,  3,  4,  5,  6,  7,  8,  9,  10,
                                   11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21,
                                   22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32,
                                   33, 34, 35, 36, 37, 38, 39, 40, 41, 42, 43,
                                   44, 45, 46, 47, 48, 49, 50, 51, 52, 53, 54,
                                   55, 56, 57, 58, 59, 60, 61, 62, 63};

/* Every third bit, from bit 0: the leads of 3-byte characters. */
#define EVERY_THIRD 0x9249249249249249u

/*
 * The characters of 1 to 3 bytes of a block (v; next: the 64 bytes
 * after it) are gathered, not packed byte by byte: in 16-bit lane k,
 * two permutes put character k's lead and second byte (ab), and its
 * second and third (bc), and the arithmetic on them gives its code
 * point, which is its UTF-16 unit.  Three shuffles for 32 characters,
 * where packing their first, second and third bytes took nine.
 */
static inline T512 ALWAYS __m512i
bmp_from(const struct vconst *vc, __m512i ab, __m512i bc, bool two, bool three)
{
	__m512i w = ab, x = ab;

	if (three) /* 1110aaaa 10bbbbbb 10cccccc -> aaaabbbbbbcccccc */
		x = bits_from(_mm512_slli_epi16(ab, 4),
		              bits_from(_mm512_slli_epi16(ab, 6), bc,
		                        vc->u16_0fc0),
		              vc->u16_f000);
	if (two) /* 110aaaaa 10bbbbbb -> aaaaabbbbbb */
		w = _mm512_and_si512(bits_from(_mm512_srli_epi16(ab, 2), ab,
		                               vc->u16_07c0),
		                     vc->u16_07ff);
	/* both: 3 bytes where the lead has bit 5 (E0..EF) */
	if (two && three)
		x = _mm512_mask_mov_epi16(
			w, _mm512_movepi16_mask(_mm512_slli_epi16(ab, 2)), x);
	else if (two)
		x = w;
	/* the lead alone where it is ASCII */
	return _mm512_mask_mov_epi16(_mm512_srli_epi16(ab, 8),
	                             _mm512_movepi16_mask(ab), x);
}

/* Characters 32h .. 32h + 31 of the block, whose leads are at the
 * positions pos (packed bytes), as 16-bit code points. */
static inline T512 ALWAYS __m512i
gathered(const struct vconst *vc, __m512i v, __m512i next, __m512i pos,
         unsigned h, bool two, bool three)
{
	__m512i at = _mm512_permutexvar_epi8(_mm512_loadu_si512(twice16[h]),
	                                     pos);
	__m512i ab = _mm512_permutex2var_epi8(
		v, _mm512_add_epi16(at, vc->u16_0001), next);
	__m512i bc = three ? _mm512_permutex2var_epi8(
				     v, _mm512_add_epi16(at, vc->u16_0102),
				     next)
	                   : ab;

	return bmp_from(vc, ab, bc, two, three);
}

/* The same for a block of 3-byte characters alone (Chinese, Japanese)
 * whose leads are every third byte from s (0..2): 22 or 21 of them,
 * and no compress, the permutes are fixed. */
static inline T512 ALWAYS __m512i
gathered_thirds(const struct vconst *vc, __m512i v, __m512i next, unsigned s)
{
	return bmp_from(
		vc,
		_mm512_permutex2var_epi8(v, _mm512_loadu_si512(thirds[s]),
	                                 next),
		_mm512_permutex2var_epi8(v, _mm512_loadu_si512(thirds[s + 1]),
	                                 next),
		false, true);
}

/* n (at most 32) 16-bit code points w as UTF-16 or UTF-32 at d: bytes
 * written (64 or 128 are stored). */
static inline T512 ALWAYS size_t
put_bmp(const struct vconst *vc, __m512i w, size_t n, uint8_t *d, bool utf16,
        ub_endian e)
{
	__m512i x;

	if (utf16) {
		if (e == UB_BE)
			w = swap16(vc, w);
		_mm512_storeu_si512(d, w);
		return 2 * n;
	}
	x = _mm512_cvtepu16_epi32(_mm512_castsi512_si256(w));
	_mm512_storeu_si512(d, e == UB_BE ? swap32(vc, x) : x);
	if (n > 16) {
		x = _mm512_cvtepu16_epi32(_mm512_extracti64x4_epi64(w, 1));
		_mm512_storeu_si512(d + 64, e == UB_BE ? swap32(vc, x) : x);
	}
	return 4 * n;
}

/* All the nch characters of the block, of 1 to 3 bytes. */
static inline T512 ALWAYS size_t
gathered_units(const struct vconst *vc, __m512i v, __m512i next, uint64_t lead,
               size_t nch, uint8_t *d, bool utf16, ub_endian e, bool two,
               bool three)
{
	__m512i pos = _mm512_maskz_compress_epi8(lead,
	                                         _mm512_loadu_si512(iota64));
	size_t o = put_bmp(vc, gathered(vc, v, next, pos, 0, two, three),
	                   nch < 32 ? nch : 32, d, utf16, e);

	if (nch > 32)
		o += put_bmp(vc, gathered(vc, v, next, pos, 1, two, three),
		             nch - 32, d + o, utf16, e);
	return o;
}

/* four32[q]: byte 16q + k in all four bytes of 32-bit lane k. */
static const uint8_t four32[4][64] = {
	{0,  0,  0,  0,  1,  1,  1,  1,  2,  2,  2,  2,  3,  3,  3,  3,
         4,  4,  4,  4,  5,  5,  5,  5,  6,  6,  6,  6,  7,  7,  7,  7,
         8,  8,  8,  8,  9,  9,  9,  9,  10, 10, 10, 10, 11, 11, 11, 11,
         12, 12, 12, 12, 13, 13, 13, 13, 14, 14, 14, 14, 15, 15, 15, 15},
	{16, 16, 16, 16, 17, 17, 17, 17, 18, 18, 18, 18, 19, 19, 19, 19,
         20, 20, 20, 20, 21, 21, 21, 21, 22, 22, 22, 22, 23, 23, 23, 23,
         24, 24, 24, 24, 25, 25, 25, 25, 26, 26, 26, 26, 27, 27, 27, 27,
         28, 28, 28, 28, 29, 29, 29, 29, 30, 30, 30, 30, 31, 31, 31, 31},
	{32, 32, 32, 32, 33, 33, 33, 33, 34, 34, 34, 34, 35, 35, 35, 35,
         36, 36, 36, 36, 37, 37, 37, 37, 38, 38, 38, 38, 39, 39, 39, 39,
         40, 40, 40, 40, 41, 41, 41, 41, 42, 42, 42, 42, 43, 43, 43, 43,
         44, 44, 44, 44, 45, 45, 45, 45, 46, 46, 46, 46, 47, 47, 47, 47},
	{48, 48, 48, 48, 49, 49, 49, 49, 50, 50, 50, 50, 51, 51, 51, 51,
         52, 52, 52, 52, 53, 53, 53, 53, 54, 54, 54, 54, 55, 55, 55, 55,
         56, 56, 56, 56, 57, 57, 57, 57, 58, 58, 58, 58, 59, 59, 59, 59,
         60, 60, 60, 60, 61, 61, 61, 61, 62, 62, 62, 62, 63, 63, 63, 63}};

/*
 * The code points of characters 16q .. 16q + 15 of any length whose
 * leads are at the positions pos, gathered as in gathered(): a permute
 * puts character k's four bytes (from its lead) in 32-bit lane k, lead
 * on top.  Two multiply-adds join the lead's 7 low bits and the other
 * bytes' 6 as if every character took 4 bytes (aaaaaaa bbbbbb cccccc
 * dddddd); a shift left and one right by the lead drop the bytes after
 * the character and the lead's marker bits (1 byte: 7 and 25; 2: 9
 * and 21; 3: 10 and 16; 4: 11 and 11).
 */
static inline T512 ALWAYS __m512i
gathered_cp(const struct vconst *vc, __m512i v, __m512i next, __m512i pos,
            unsigned q)
{
	__m512i at = _mm512_permutexvar_epi8(_mm512_loadu_si512(four32[q]),
	                                     pos);
	__m512i x = _mm512_permutex2var_epi8(
		v, _mm512_add_epi32(at, vc->u32_0001_0203), next);
	const __mmask64 lanes32 = 0x1111111111111111u;
	__m512i nib = _mm512_srli_epi32(x, 28), t;

	/* d + 64c and b + 64a in 16 bits, then (b + 64a) << 12 + ... */
	t = _mm512_maddubs_epi16(_mm512_and_si512(x, vc->u32_7f3f_3f3f),
	                         vc->u16_4001);
	t = _mm512_madd_epi16(t, vc->u32_1000_0001);
	/* the counts in the low byte of each lane, zeros above */
	t = _mm512_sllv_epi32(t, _mm512_maskz_shuffle_epi8(lanes32,
	                                                   vc->cp_left, nib));
	return _mm512_srlv_epi32(t,
	                         _mm512_maskz_shuffle_epi8(lanes32,
	                                                   vc->cp_right, nib));
}

/* UTF-32 of all the nch characters of the block, of any length. */
static inline T512 ALWAYS size_t
gathered_utf32(const struct vconst *vc, __m512i v, __m512i next, uint64_t lead,
               size_t nch, uint8_t *d, ub_endian e)
{
	__m512i pos = _mm512_maskz_compress_epi8(lead,
	                                         _mm512_loadu_si512(iota64));
	__m512i w;
	unsigned q;

	for (q = 0; q < 4 && 16 * q < nch; q++) {
		w = gathered_cp(vc, v, next, pos, q);
		if (e == UB_BE)
			w = swap32(vc, w);
		_mm512_storeu_si512(d + 64 * q, w);
	}
	return 4 * nch;
}

/* The code points of the packed characters 16q .. 16q + 15 (first to
 * fourth bytes in a, b, c, f), in 32-bit lanes, for the careful path
 * (the fast one gathers). */
static inline T512 ALWAYS __m512i
code_points(const struct vconst *vc, __m512i a, __m512i b, __m512i c,
            __m512i f, unsigned q)
{
	const __m512i c3f = vc->u32_0000_003f;
	/* the next 16 characters to the bottom */
	__m512i sh = _mm512_add_epi8(_mm512_set_epi32(0x3F3E3D3C, 0x3B3A3938,
	                                              0x37363534, 0x33323130,
	                                              0x2F2E2D2C, 0x2B2A2928,
	                                              0x27262524, 0x23222120,
	                                              0x1F1E1D1C, 0x1B1A1918,
	                                              0x17161514, 0x13121110,
	                                              0x0F0E0D0C, 0x0B0A0908,
	                                              0x07060504, 0x03020100),
	                             _mm512_set1_epi8((char)(16 * q)));
	__m512i a32, b32, c32, f32, w, x;
	__mmask16 k2, k3, k4;

	a32 = _mm512_cvtepu8_epi32(
		_mm512_castsi512_si128(_mm512_permutexvar_epi8(sh, a)));
	b32 = _mm512_cvtepu8_epi32(
		_mm512_castsi512_si128(_mm512_permutexvar_epi8(sh, b)));
	b32 = _mm512_and_si512(b32, c3f);
	k4 = _mm512_cmpge_epu32_mask(a32, vc->u32_0000_00f0);
	k3 = _mm512_cmpge_epu32_mask(a32, vc->u32_0000_00e0) & ~k4;
	k2 = _mm512_cmpge_epu32_mask(a32, vc->u32_0000_00c0) & ~(k3 | k4);
	/* 110aaaaa 10bbbbbb */
	x = _mm512_or_si512(
		_mm512_slli_epi32(_mm512_and_si512(a32, vc->u32_0000_001f), 6),
		b32);
	w = _mm512_mask_mov_epi32(a32, k2, x);
	c32 = _mm512_cvtepu8_epi32(
		_mm512_castsi512_si128(_mm512_permutexvar_epi8(sh, c)));
	c32 = _mm512_and_si512(c32, c3f);
	/* 1110aaaa 10bbbbbb 10cccccc */
	x = _mm512_or_si512(
		_mm512_or_si512(
			_mm512_slli_epi32(
				_mm512_and_si512(a32, vc->u32_0000_000f), 12),
			_mm512_slli_epi32(b32, 6)),
		c32);
	w = _mm512_mask_mov_epi32(w, k3, x);
	f32 = _mm512_cvtepu8_epi32(
		_mm512_castsi512_si128(_mm512_permutexvar_epi8(sh, f)));
	f32 = _mm512_and_si512(f32, c3f);
	/* 11110aaa 10bbbbbb 10cccccc 10dddddd */
	x = _mm512_or_si512(
		_mm512_or_si512(
			_mm512_slli_epi32(
				_mm512_and_si512(a32, vc->u32_0000_0007), 18),
			_mm512_slli_epi32(b32, 12)),
		_mm512_or_si512(_mm512_slli_epi32(c32, 6), f32));
	return _mm512_mask_mov_epi32(w, k4, x);
}

/* UTF-32 of nch packed characters: 4 * nch bytes at d. */
static inline T512 ALWAYS size_t
utf32_units(const struct vconst *vc, __m512i a, __m512i b, __m512i c,
            __m512i f, size_t nch, uint8_t *d, ub_endian e)
{
	__m512i w;
	unsigned q;

	for (q = 0; q < 4 && 16 * q < nch; q++) {
		w = code_points(vc, a, b, c, f, q);
		if (e == UB_BE)
			w = swap32(vc, w);
		_mm512_storeu_si512(d + 64 * q, w);
	}
	return 4 * nch;
}

/*
 * UTF-16 of nch packed characters of any length: a code point above
 * FFFF becomes a surrogate pair in its 32-bit lane (high half first),
 * the others one unit, and a compress of the 16-bit halves that are
 * used packs them.  Returns the bytes written at d.
 */
static inline T512 ALWAYS size_t
any_units(const struct vconst *vc, __m512i a, __m512i b, __m512i c, __m512i f,
          size_t nch, uint8_t *d, ub_endian e)
{
	__m512i cp, pair;
	__mmask16 big, in;
	__mmask32 used;
	size_t o = 0;
	unsigned q;

	for (q = 0; q < 4 && 16 * q < nch; q++) {
		cp = code_points(vc, a, b, c, f, q);
		big = _mm512_cmpge_epu32_mask(cp, vc->u32_0001_0000);
		/* D800 + (cp - 10000) >> 10 = D7C0 + cp >> 10, and
		 * DC00 + the low 10 bits, above it */
		pair = _mm512_or_si512(
			_mm512_add_epi32(_mm512_srli_epi32(cp, 10),
		                         vc->u32_0000_d7c0),
			_mm512_slli_epi32(
				_mm512_or_si512(_mm512_and_si512(
							cp, vc->u32_0000_03ff),
		                                vc->u32_0000_dc00),
				16));
		cp = _mm512_mask_mov_epi32(cp, big, pair);
		in = nch - 16 * q >= 16
		             ? 0xFFFF
		             : (__mmask16)((1u << (nch - 16 * q)) - 1);
		used = (__mmask32)_pdep_u32(in, 0x55555555u) |
		       (__mmask32)_pdep_u32(big & in, 0xAAAAAAAAu);
		cp = _mm512_maskz_compress_epi16(used, cp);
		if (e == UB_BE)
			cp = swap16(vc, cp);
		_mm512_storeu_si512(d + o, cp);
		o += 2 * (size_t)_mm_popcnt_u32(used);
	}
	return o;
}

/*
 * The 32 bytes at p zero-extended to 16-bit lanes.  Clang (14) merges
 * such loads from p, p + 1 and p + 2 into one, then builds each vector
 * again from general registers a byte at a time (emoji to UTF-16 ran
 * 4x slower than with GCC): a pointer it cannot follow keeps them apart.
 */
static inline T512 ALWAYS __m512i
widened(const uint8_t *p)
{
#ifdef __clang__
	__asm__("" : "+r"(p));
#endif
	return _mm512_cvtepu8_epi16(_mm256_loadu_si256((const __m256i *)p));
}

/*
 * UTF-16 of the characters whose leads are in the 64 bytes at w, when
 * some take 4 bytes, computed in place: 16-bit lane j (byte j) holds
 * what byte j writes if a character starts there (a 4-byte lead writes
 * the high surrogate) and the low surrogate if byte j follows a 4-byte
 * lead; a compress then packs the lanes that write.  Byte j's lane
 * reads bytes j, j+1, j+2 (loads, so a character may run past the
 * block); the low surrogate of a lead at 63 would be lane 64, and is
 * made apart.  Bytes written at d.
 */
static inline T512 ALWAYS size_t
pairs_units(const struct vconst *vc, const uint8_t *w, uint64_t lead,
            uint64_t high, uint64_t ge_e0, uint64_t ge_f0, uint8_t *d,
            ub_endian e, bool two)
{
	/* the leads of 2, 3 and 4 bytes, from the masks of the bytes >=
	 * 80, E0 and F0 */
	uint64_t l2 = high & lead & ~ge_e0, l3 = ge_e0 & ~ge_f0, l4 = ge_f0;
	uint64_t low = l4 << 1, keep = lead | low;
	__m512i b0, b1, b2, b1_6, x, u;
	__mmask32 k;
	size_t o = 0;
	unsigned h;

	/* Each field is a bits_from() of shifted bytes: b1 and b2 are
	 * zero above their byte, so nothing else needs masking. */
	for (h = 0; h < 2; h++) {
		b0 = widened(w + 32 * h);
		b1 = widened(w + 32 * h + 1);
		b2 = widened(w + 32 * h + 2);
		b1_6 = _mm512_slli_epi16(b1, 6);
		/* 110aaaaa 10bbbbbb -> aaaaabbbbbb (two: the block holds
		 * such characters, a constant where this is inlined) */
		u = b0;
		if (two)
			u = _mm512_mask_mov_epi16(
				u, (__mmask32)(l2 >> 32 * h),
				bits_from(_mm512_slli_epi16(b0, 6), b1,
			                  vc->u16_07c0));
		/* 1110aaaa 10bbbbbb 10cccccc -> aaaabbbbbbcccccc */
		x = bits_from(_mm512_slli_epi16(b0, 12),
		              bits_from(b1_6, b2, vc->u16_0fc0), vc->u16_f000);
		u = _mm512_mask_mov_epi16(u, (__mmask32)(l3 >> 32 * h), x);
		/* 11110aaa 10bbbbbb 10ccdddd: the high surrogate is
		 * D800 + (aaabbbbbbcc - 0x40) */
		x = bits_from(_mm512_slli_epi16(b0, 8),
		              bits_from(_mm512_slli_epi16(b1, 2),
		                        _mm512_srli_epi16(b2, 4),
		                        vc->u16_00fc),
		              vc->u16_0700);
		x = _mm512_add_epi16(x, vc->u16_d7c0);
		u = _mm512_mask_mov_epi16(u, (__mmask32)(l4 >> 32 * h), x);
		/* ... 10ccdddd 10eeeeee, from the byte after the lead:
		 * DC00 + ddddeeeeee */
		x = _mm512_or_si512(bits_from(b1_6, b2, vc->u16_03c0),
		                    vc->u16_dc00);
		u = _mm512_mask_mov_epi16(u, (__mmask32)(low >> 32 * h), x);
		k = (__mmask32)(keep >> 32 * h);
		u = _mm512_maskz_compress_epi16(k, u);
		if (e == UB_BE)
			u = swap16(vc, u);
		_mm512_storeu_si512(d + o, u);
		o += 2 * (size_t)_mm_popcnt_u32(k);
	}
	/* always written, counted only if there is such a lead */
	put_low_surrogate(d + o, w + 65, e);
	return o + 2 * (size_t)(l4 >> 63);
}

/* The largest input run the chunked converters take at once; the
 * checks of its blocks are OR-ed and tested at its end. */
#define CONV_CHUNK 512
_Static_assert(4 * (CONV_CHUNK + 64) + 64 <= STREAM_CHUNK_MAX,
               "a chunk's output fits the stage of a stream");

/*
 * One block at s + i, which starts a character, for the converters'
 * careful path: false if it has an error (nothing written then).  Else
 * the characters that end inside it are converted, *adv says how many
 * bytes they take and *wrote how many bytes went out.
 */
static inline T512 ALWAYS bool
careful_block(const struct vconst *vc, const uint8_t *s, size_t i, size_t n,
              bool utf16, uint8_t *d, ub_endian e, size_t *adv, size_t *wrote)
{
	uint8_t win[67];
	__m512i v = _mm512_loadu_si512(s + i), err, a, b, c, f;
	uint64_t cont, lead, ge_e0;
	struct leads l;
	size_t nch;

	if (i >= 3) {
		err = errors_at(vc, s + i, &cont);
	} else {
		window(s, i, n, win);
		err = errors_at(vc, win + 3, &cont);
	}
	if (_mm512_test_epi8_mask(err, err) != 0)
		return false;
	/* the characters that end in the block */
	find_leads(vc, v, cont, &l);
	lead = l.start &
	       (l.end == 64 ? ~(uint64_t)0 : ((uint64_t)1 << l.end) - 1);
	nch = (size_t)_mm_popcnt_u64(lead);
	a = kth_in_block(v, lead, 0);
	b = kth_in_block(v, lead, 1);
	c = kth_in_block(v, lead, 2);
	if ((l.l4 & lead) == 0 && utf16) {
		ge_e0 = _mm512_cmpge_epu8_mask(v, vc->u8_e0);
		*wrote = bmp_units(vc, a, b, c,
		                   _pext_u64(_mm512_movepi8_mask(v) & ~ge_e0,
		                             lead),
		                   _pext_u64(ge_e0, lead), nch, d, e, 3);
	} else {
		f = kth_in_block(v, lead, 3);
		*wrote = utf16 ? any_units(vc, a, b, c, f, nch, d, e)
		               : utf32_units(vc, a, b, c, f, nch, d, e);
	}
	*adv = l.end;
	return true;
}

/* The 64 ASCII bytes v as UTF-16 or UTF-32: bytes written at d. */
static inline T512 ALWAYS size_t
ascii_units(__m512i v, uint8_t *d, bool utf16, ub_endian e)
{
	__m512i w;
	unsigned q;

	if (utf16) {
		for (q = 0; q < 2; q++) {
			w = _mm512_cvtepu8_epi16(
				q == 0 ? _mm512_castsi512_si256(v)
				       : _mm512_extracti64x4_epi64(v, 1));
			if (e == UB_BE)
				w = _mm512_slli_epi16(w, 8);
			_mm512_storeu_si512(d + 64 * q, w);
		}
		return 128;
	}
	for (q = 0; q < 4; q++) {
		w = _mm512_cvtepu8_epi32(
			q == 0   ? _mm512_castsi512_si128(v)
			: q == 1 ? _mm512_extracti32x4_epi32(v, 1)
			: q == 2 ? _mm512_extracti32x4_epi32(v, 2)
				 : _mm512_extracti32x4_epi32(v, 3));
		if (e == UB_BE)
			w = _mm512_slli_epi32(w, 24);
		_mm512_storeu_si512(d + 64 * q, w);
	}
	return 256;
}

/*
 * The fast path of the converters: CONV_CHUNK bytes at s, which starts
 * a character, in fixed 64-byte steps whatever the characters: each
 * block converts the characters whose leads it holds, reading past its
 * end for the rest of the last ones, so no step waits for the one
 * before it to say where it ended.  The checks of the blocks are OR-ed
 * and tested once: false means an error somewhere, and the caller
 * throws away what was written.  s[-3 .. CONV_CHUNK + 67) is readable;
 * *wrote gets the bytes written at d, which is the stage of a stream
 * (no point fetching its lines) if staged.
 */
static inline T512 ALWAYS bool
fast_chunk(const struct vconst *vc, const uint8_t *s, bool utf16, uint8_t *d,
           ub_endian e, bool staged, size_t *wrote)
{
	__m512i acc = _mm512_setzero_si512(), open = acc, v, next, a, b, c;
	uint64_t cont, lead, high, ge_e0, ge_f0;
	size_t j, o = 0, nch;
	unsigned k;
	bool two;

	for (j = 0; j < CONV_CHUNK; j += 64) {
		/* the input, and the output lines the stores will need
		 * (UTF-16/32 write 2 to 4 times what they read) */
		prefetch_ahead(s + j, 4 * CONV_CHUNK);
		if (!staged) {
			prefetch_ahead(d + o, 4096);
			prefetch_ahead(d + o, 4096 + 64);
		}
		v = _mm512_loadu_si512(s + j);
		high = _mm512_movepi8_mask(v);
		if (high == 0) {
			/* no check needed, but the block before must not
			 * have left a sequence open */
			acc = _mm512_or_si512(acc, open);
			open = _mm512_setzero_si512();
			o += ascii_units(v, d + o, utf16, e);
			continue;
		}
		acc = _mm512_or_si512(acc, errors_at(vc, s + j, &cont));
		open = _mm512_subs_epu8(v, vc->open_max);
		lead = ~cont;
		ge_e0 = _mm512_cmpge_epu8_mask(v, vc->u8_e0);
		ge_f0 = _mm512_cmpge_epu8_mask(v, vc->u8_f0);
		nch = (size_t)_mm_popcnt_u64(lead);
		two = (high & ~ge_e0 & lead) != 0;
		/* pairs are made in place, the rest gathered or packed */
		if (utf16 && ge_f0 != 0) {
			/* emoji come with ASCII and 3-byte joiners and
			 * selectors, rarely with 2-byte characters */
			if (two)
				o += pairs_units(vc, s + j, lead, high, ge_e0,
				                 ge_f0, d + o, e, true);
			else
				o += pairs_units(vc, s + j, lead, high, ge_e0,
				                 ge_f0, d + o, e, false);
			continue;
		}
		/* To UTF-32 every block is gathered; to UTF-16 those with
		 * 3-byte characters and none of 2 bytes (packing measured
		 * faster with them) */
		if (!utf16 || (ge_e0 != 0 && !two)) {
			next = _mm512_loadu_si512(s + j + 64);
			if (ge_f0 != 0)
				o += gathered_utf32(vc, v, next, lead, nch,
				                    d + o, e);
			else if (ge_e0 == lead &&
			         (k = (unsigned)_tzcnt_u64(lead)) < 3 &&
			         lead == EVERY_THIRD << k)
				o += put_bmp(vc,
				             gathered_thirds(vc, v, next, k),
				             nch, d + o, utf16, e);
			else if (!two)
				o += gathered_units(vc, v, next, lead, nch,
				                    d + o, utf16, e, false,
				                    true);
			else if (ge_e0 == 0)
				o += gathered_units(vc, v, next, lead, nch,
				                    d + o, utf16, e, true,
				                    false);
			else
				o += gathered_units(vc, v, next, lead, nch,
				                    d + o, utf16, e, true,
				                    true);
			continue;
		}
		a = _mm512_maskz_compress_epi8(lead, v);
		b = kth_from(s + j, lead, 1);
		/* Latin, Greek, Cyrillic to UTF-16: the lengths of the
		 * packed characters come from the masks of the bytes by
		 * pext (no vector compare) */
		if (ge_e0 == 0) {
			o += bmp_units(vc, a, b, b, _pext_u64(high, lead), 0,
			               nch, d + o, e, 2);
			continue;
		}
		c = kth_from(s + j, lead, 2);
		o += bmp_units(vc, a, b, c, _pext_u64(high & ~ge_e0, lead),
		               _pext_u64(ge_e0, lead), nch, d + o, e, 3);
	}
	/* The last characters end in the first 3 bytes after the chunk. */
	acc = _mm512_or_si512(
		acc, _mm512_maskz_mov_epi8(7, errors_at(vc, s + CONV_CHUNK,
	                                                &cont)));
	*wrote = o;
	return _mm512_test_epi8_mask(acc, acc) == 0;
}

/*
 * UTF-8 to UTF-16 (utf16) or UTF-32: fast chunks while there is room,
 * else, and around an error, careful blocks that stop at the first
 * bad one.
 */
static inline T512 ALWAYS size_t
utf8_to_wide(const uint8_t *s, size_t n, uint8_t *d, size_t cap, bool utf16,
             ub_endian e, size_t *written)
{
	const size_t room = (utf16 ? 2 : 4) * (CONV_CHUNK + 64) + 64;
	const size_t most = (utf16 ? 2 : 4) * CONV_CHUNK;
	const bool big = n >= STREAM_MIN && cap >= STREAM_MIN;
	size_t i = 0, o = 0, careful_to = 0, adv, w = 0;
	struct vconst vc[1];
	struct out_stream st;
	uint8_t *to;

	if (n < 64 || cap < 256) { /* no block: spare the constants */
		*written = 0;
		return 0;
	}
	vconst_init(vc);
	stream_init(&st);
	/* a careful block writes at most 4 stores of 64 bytes */
	while (n - i >= 64 && cap - o >= 256) {
		if (i >= 3 && i >= careful_to && n - i >= CONV_CHUNK + 128 &&
		    cap - o >= room) {
			/* around the cache while big and (nearly) all
			 * ASCII: see stream_wanted() */
			to = stream_at(&st, d + o,
			               big && stream_wanted(w, most, !utf16));
			if (fast_chunk(vc, s + i, utf16, to, e, st.on, &w)) {
				stream_wrote(&st, w);
				i += CONV_CHUNK;
				o += w;
				/* the rest of a character converted already */
				while ((s[i] & 0xC0) == 0x80)
					i++;
				continue;
			}
			careful_to = i + CONV_CHUNK + 64;
		}
		stream_close(&st);
		if (!careful_block(vc, s, i, n, utf16, d + o, e, &adv, &w))
			break;
		i += adv;
		o += w;
	}
	stream_end(&st);
	*written = o;
	return i;
}

static T512 size_t
utf8_to_utf16(const uint8_t *s, size_t n, uint8_t *d, size_t cap, ub_endian e,
              size_t *written)
{
	return utf8_to_wide(s, n, d, cap, true, e, written);
}

static T512 size_t
utf8_to_utf32(const uint8_t *s, size_t n, uint8_t *d, size_t cap, ub_endian e,
              size_t *written)
{
	return utf8_to_wide(s, n, d, cap, false, e, written);
}

/* Where slot byte 3j + r of the units 16h + j comes from in the pair
 * (X, Y) of per-unit bytes: r = 0, 1 from X, r = 2 from Y. */
static const uint8_t slot3[2][64] = {
	{
		0,  1,  64, 2,  3,  66, 4,  5,  68, 6,  7,  70, 8,  9,  72, 10,
		11, 74, 12, 13, 76, 14, 15, 78, 16, 17, 80, 18, 19, 82, 20, 21,
		84, 22, 23, 86, 24, 25, 88, 26, 27, 90, 28, 29, 92, 30, 31, 94,
		0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,
	},
	{
		32,  33,  96,  34,  35,  98,  36,  37,  100, 38,  39,
		102, 40,  41,  104, 42,  43,  106, 44,  45,  108, 46,
		47,  110, 48,  49,  112, 50,  51,  114, 52,  53,  116,
		54,  55,  118, 56,  57,  120, 58,  59,  122, 60,  61,
		124, 62,  63,  126, 0,   0,   0,   0,   0,   0,   0,
		0,   0,   0,   0,   0,   0,   0,   0,   0,
	},
};

/*
 * UTF-16 without surrogates, 32 units: each unit's first two bytes in
 * its 16-bit lane of X, its third in Y; units below 800 need no third
 * byte, and then one compress packs X.  Otherwise each 16 units are
 * first spread to 3-byte slots (one two-source permute), then packed.
 */
static inline T512 ALWAYS size_t
bmp16_to_utf8(const struct vconst *vc, __m512i u, uint8_t *d)
{
	const __m512i c3f = vc->u16_003f;
	const __m512i c80 = vc->u16_0080;
	uint32_t k1 = _mm512_cmplt_epu16_mask(u, c80);
	uint32_t k12 = _mm512_cmplt_epu16_mask(u, vc->u16_0800);
	__m512i x, y, t;
	uint64_t m;
	size_t o = 0;
	unsigned h;

	/* 110aaaaa 10bbbbbb */
	t = _mm512_or_si512(
		_mm512_or_si512(_mm512_srli_epi16(u, 6), vc->u16_00c0),
		_mm512_slli_epi16(_mm512_or_si512(_mm512_and_si512(u, c3f),
	                                          c80),
	                          8));
	x = _mm512_mask_mov_epi16(u, k12 & ~k1, t);
	if (k12 == 0xFFFFFFFFu) {
		m = 0x5555555555555555u | _pdep_u64(~k1, 0xAAAAAAAAAAAAAAAAu);
		_mm512_storeu_si512(d, _mm512_maskz_compress_epi8(m, x));
		return (size_t)_mm_popcnt_u64(m);
	}
	/* 1110aaaa 10bbbbbb, then 10cccccc in y */
	t = _mm512_or_si512(
		_mm512_or_si512(_mm512_srli_epi16(u, 12), vc->u16_00e0),
		_mm512_slli_epi16(
			_mm512_or_si512(
				_mm512_and_si512(_mm512_srli_epi16(u, 6), c3f),
				c80),
			8));
	x = _mm512_mask_mov_epi16(x, ~k12, t);
	y = _mm512_or_si512(_mm512_and_si512(u, c3f), c80);
	for (h = 0; h < 2; h++) {
		uint32_t a = ~k1 >> 16 * h & 0xFFFF,
			 b = ~k12 >> 16 * h & 0xFFFF;

		t = _mm512_permutex2var_epi8(x, _mm512_loadu_si512(slot3[h]),
		                             y);
		m = _pdep_u64(0xFFFF, 0x249249249249u) |
		    _pdep_u64(a, 0x492492492492u) |
		    _pdep_u64(b, 0x924924924924u);
		_mm512_storeu_si512(d + o, _mm512_maskz_compress_epi8(m, t));
		o += (size_t)_mm_popcnt_u64(m);
	}
	return o;
}

/*
 * The UTF-8 of 16 code points cp in 32-bit lanes, each written in its
 * own lane and packed: m1 .. m4 say which lanes take 1 .. 4 bytes (a
 * lane in none writes nothing).  two: m2 is not empty (a constant where
 * this is inlined).  Bytes written at d (64 are stored).
 *
 * One vpmultishiftqb cuts every lane's bytes out of its code point: the
 * control says, per byte, where its bits start (18, 12, 6, 0 for four
 * bytes; the upper lane of each 64-bit word 32 more), and a ternlog
 * then keeps the payload bits under the marker bits M and puts M in:
 * (x & ~M & ~(M >> 1)) | M, since each marker is ones then a zero.
 */
static inline T512 ALWAYS size_t
lanes_to_utf8(const struct vconst *vc, __m512i cp, uint64_t m1, uint64_t m2,
              uint64_t m3, uint64_t m4, uint8_t *d, bool two)
{
	__m512i ctl = vc->ctl1, mark;
	uint64_t kb;

	if (two)
		ctl = _mm512_mask_mov_epi32(ctl, (__mmask16)m2, vc->ctl2);
	ctl = _mm512_mask_mov_epi32(ctl, (__mmask16)m3, vc->ctl3);
	ctl = _mm512_mask_mov_epi32(ctl, (__mmask16)m4, vc->ctl4);
	mark = two ? _mm512_maskz_mov_epi32((__mmask16)m2, vc->u32_0000_80c0)
	           : _mm512_setzero_si512();
	mark = _mm512_mask_mov_epi32(mark, (__mmask16)m3, vc->u32_0080_80e0);
	mark = _mm512_mask_mov_epi32(mark, (__mmask16)m4, vc->u32_8080_80f0);
	/* markers have bit 0 clear, so the 16-bit shift moves no bit
	 * across bytes */
	cp = _mm512_ternarylogic_epi32(_mm512_multishift_epi64_epi8(ctl, cp),
	                               mark, _mm512_srli_epi16(mark, 1), 0xDC);
	/* the first 1, 2, 3 or 4 bytes of each lane: the bytes with a
	 * marker, and ASCII's one (one test and one pdep, where a pdep per
	 * length took 10-15% longer on emoji) */
	kb = _mm512_test_epi8_mask(mark, mark) |
	     _pdep_u64(m1, 0x1111111111111111u);
	_mm512_storeu_si512(d, _mm512_maskz_compress_epi8(kb, cp));
	return (size_t)_mm_popcnt_u64(kb);
}

/*
 * 32 UTF-16 units v with surrogate pairs: each unit that starts a
 * character writes its UTF-8 bytes in its own 32-bit lane, a high
 * surrogate all 4 of the pair (its low half from nx, the unit after
 * each one, loaded, so a pair may straddle the block); a low surrogate
 * writes nothing.  k1, k2: units below 80, below 800 (not below 80);
 * hi, lo: the surrogates.  two: k2 is not empty (a constant where this
 * is inlined; emoji text has ASCII and 3-byte joiners and selectors
 * between its pairs, hardly ever 2-byte units).  Bytes written at d.
 */
static inline T512 ALWAYS size_t
pairs16_to_utf8(const struct vconst *vc, __m512i v, __m512i nx, uint32_t k1,
                uint32_t k2, uint32_t hi, uint32_t lo, uint8_t *d, bool two)
{
	uint32_t k3 = ~(k1 | k2 | hi | lo);
	__m512i u0, u1, cp;
	size_t o = 0;
	unsigned h;

	for (h = 0; h < 2; h++) {
		u0 = _mm512_cvtepu16_epi32(
			h == 0 ? _mm512_castsi512_si256(v)
			       : _mm512_extracti64x4_epi64(v, 1));
		u1 = _mm512_cvtepu16_epi32(
			h == 0 ? _mm512_castsi512_si256(nx)
			       : _mm512_extracti64x4_epi64(nx, 1));
		/* a pair: (hi - D800) << 10 + (lo - DC00) + 10000 */
		cp = _mm512_add_epi32(
			_mm512_add_epi32(_mm512_slli_epi32(u0, 10), u1),
			vc->u32_pair);
		cp = _mm512_mask_mov_epi32(u0, (__mmask16)(hi >> 16 * h), cp);
		o += lanes_to_utf8(vc, cp, k1 >> 16 * h & 0xFFFF,
		                   k2 >> 16 * h & 0xFFFF,
		                   k3 >> 16 * h & 0xFFFF,
		                   hi >> 16 * h & 0xFFFF, d + o, two);
	}
	return o;
}

/* Blocks of 32 units per chunk of UTF-16 -> UTF-8 (at most 3 bytes
 * a unit, and a vector of slack: within the stage of a stream). */
#define UTF16_CHUNK 16
_Static_assert(UTF16_CHUNK * 96 + 64 <= STREAM_CHUNK_MAX,
               "a chunk's output fits the stage of a stream");

/* The UTF-16 unit at p in byte order e. */
static inline uint16_t
unit_at(const uint8_t *p, ub_endian e)
{
	return (uint16_t)(e == UB_BE ? p[0] << 8 | p[1] : p[1] << 8 | p[0]);
}

/*
 * Fixed 32-unit steps: a pair that straddles two blocks is written by
 * the first (the second skips its low half).  A block is checked from
 * its masks and the units on either side of it: every high surrogate
 * has a low one after it, every low one a high one before it.  At the
 * first that does not, stop before the block (after the low half of a
 * pair written already) and let the scalar code say what is wrong.
 */
static T512 size_t
utf16_to_utf8(const uint8_t *s, size_t n, uint8_t *d, size_t cap, ub_endian e,
              size_t *written)
{
	const bool big = n >= STREAM_MIN && cap >= STREAM_MIN;
	size_t i = 0, o = 0, w = 0, from, b;
	uint32_t hi, lo, k1, k2, before, after;
	bool bad = false, plain = false;
	__m512i v, nx, x;
	struct vconst vc[1];
	struct out_stream st;
	uint8_t *to;

	if (n < 66 || cap < 128) { /* no block: spare the constants */
		*written = 0;
		return 0;
	}
	vconst_init(vc);
	stream_init(&st);
	while (!bad && n - i >= 66 && cap - o >= 128) {
		/* around the cache while big and all ASCII (the last chunk
		 * wrote a byte per unit): see stream_wanted() */
		to = stream_at(&st, d + o, big && plain);
		from = i;
		w = 0;
		for (b = 0;
		     b < UTF16_CHUNK && n - i >= 66 && cap - o - w >= 128;
		     b++) {
			prefetch_ahead(s + i, 2048);
			if (!st.on)
				prefetch_ahead(to + w, 2048);
			v = _mm512_loadu_si512(s + i);
			if (e == UB_BE)
				v = swap16(vc, v);
			k1 = _mm512_cmplt_epu16_mask(v, vc->u16_0080);
			if (k1 == 0xFFFFFFFFu) {
				_mm256_storeu_si256((__m256i *)(to + w),
				                    _mm512_cvtepi16_epi8(v));
				i += 64;
				w += 32;
				continue;
			}
			x = _mm512_and_si512(v, vc->u16_fc00);
			hi = _mm512_cmpeq_epi16_mask(x, vc->u16_d800);
			lo = _mm512_cmpeq_epi16_mask(x, vc->u16_dc00);
			if ((hi | lo) == 0) {
				w += bmp16_to_utf8(vc, v, to + w);
				i += 64;
				continue;
			}
			before = i >= 2 &&
			         (unit_at(s + i - 2, e) & 0xFC00) == 0xD800;
			after = (unit_at(s + i + 64, e) & 0xFC00) == 0xDC00;
			if ((hi & ~(lo >> 1 | after << 31)) != 0 ||
			    (lo & ~(hi << 1 | before)) != 0) {
				bad = true;
				break;
			}
			nx = _mm512_loadu_si512(s + i + 2);
			if (e == UB_BE)
				nx = swap16(vc, nx);
			k2 = _mm512_cmplt_epu16_mask(v, vc->u16_0800) & ~k1;
			if (k2 != 0)
				w += pairs16_to_utf8(vc, v, nx, k1, k2, hi, lo,
				                     to + w, true);
			else
				w += pairs16_to_utf8(vc, v, nx, k1, k2, hi, lo,
				                     to + w, false);
			i += 64;
		}
		stream_wrote(&st, w);
		o += w;
		plain = stream_wanted(w, (i - from) / 2, false);
	}
	stream_end(&st);
	/* The low half of a pair the last block wrote is read already. */
	if (i >= 2 && i + 2 <= n && (unit_at(s + i - 2, e) & 0xFC00) == 0xD800)
		i += 2;
	*written = o;
	return i;
}

/*
 * 16 code points a block: a block of ASCII is narrowed, any other goes
 * through lanes_to_utf8().  A block with a surrogate or a value past
 * 10FFFF stops the kernel before it, for the scalar code to report.
 */
static T512 size_t
utf32_to_utf8(const uint8_t *s, size_t n, uint8_t *d, size_t cap, ub_endian e,
              size_t *written)
{
	size_t i = 0, o = 0;
	uint32_t k1, k2, k3;
	struct vconst vc[1];
	__m512i v;

	if (n < 64 || cap < 64) { /* no block: spare the constants */
		*written = 0;
		return 0;
	}
	vconst_init(vc);
	while (n - i >= 64 && cap - o >= 64) {
		prefetch_ahead(s + i, 2048);
		v = _mm512_loadu_si512(s + i);
		if (e == UB_BE)
			v = swap32(vc, v);
		k1 = _mm512_cmplt_epu32_mask(v, vc->u32_0000_0080);
		if (k1 == 0xFFFF) {
			_mm_storeu_si128((__m128i *)(d + o),
			                 _mm512_cvtepi32_epi8(v));
			i += 64;
			o += 16;
			continue;
		}
		if (_mm512_cmpgt_epu32_mask(v, vc->u32_0010_ffff) != 0 ||
		    _mm512_cmpeq_epi32_mask(
			    _mm512_and_si512(v, vc->u32_ffff_f800),
			    vc->u32_0000_d800) != 0)
			break;
		k2 = _mm512_cmplt_epu32_mask(v, vc->u32_0000_0800) & ~k1;
		k3 = _mm512_cmplt_epu32_mask(v, vc->u32_0001_0000) &
		     ~(k1 | k2);
		o += lanes_to_utf8(vc, v, k1, k2, k3, ~(k1 | k2 | k3) & 0xFFFF,
		                   d + o, true);
		i += 64;
	}
	*written = o;
	return i;
}

static T512 size_t
latin1_to_utf8(const uint8_t *s, size_t n, uint8_t *d, size_t cap,
               size_t *written)
{
	size_t i = 0, o = 0;
	uint64_t hi;
	unsigned h;
	__m512i v, b, x;
	struct vconst vc[1];

	if (n < 64 || cap < 128) { /* no block: spare the constants */
		*written = 0;
		return 0;
	}
	vconst_init(vc);
	while (n - i >= 64 && cap - o >= 128) {
		v = _mm512_loadu_si512(s + i);
		hi = _mm512_movepi8_mask(v);
		if (hi == 0) {
			_mm512_storeu_si512(d + o, v);
			i += 64;
			o += 64;
			continue;
		}
		for (h = 0; h < 2; h++) {
			/* 1 byte below 80, else 110000aa 10bbbbbb */
			__mmask32 k = (__mmask32)(hi >> 32 * h);
			__mmask64 kb;

			b = bytes16(vc, v, h);
			x = _mm512_or_si512(
				_mm512_or_si512(_mm512_srli_epi16(b, 6),
			                        vc->u16_00c0),
				_mm512_slli_epi16(
					_mm512_or_si512(
						_mm512_and_si512(b,
			                                         vc->u16_003f),
						vc->u16_0080),
					8));
			b = _mm512_mask_mov_epi16(b, k, x);
			kb = 0x5555555555555555u |
			     _pdep_u64(k, 0xAAAAAAAAAAAAAAAAu);
			b = _mm512_maskz_compress_epi8(kb, b);
			_mm512_storeu_si512(d + o, b);
			o += 32 + (size_t)_mm_popcnt_u32(k);
		}
		i += 64;
	}
	*written = o;
	return i;
}

/* Characters (bytes that start one) of s[0..n). */
static T512 uint64_t
count_starts(const struct vconst *vc, const uint8_t *s, size_t n)
{
	uint64_t c = 0, m;
	size_t i;

	for (i = 0; i < n; i += 64) {
		m = n - i >= 64 ? ~(uint64_t)0
		                : ~(uint64_t)0 >> (64 - (n - i));
		c += (uint64_t)_mm_popcnt_u64(
			starts(vc, _mm512_maskz_loadu_epi8(m, s + i)) & m);
	}
	return c;
}

/*
 * Every block costs the same, without a branch on what it holds (text
 * has a line end in most blocks, at no set place): two compares, and
 * the line ends counted from the masks.  The column is counted once,
 * from the last line end on, found from the end.
 */
static T512 void
lines(const uint8_t *s, size_t n, bool utf8, struct ubi_lines *l)
{
	uint64_t m, cr, lf, carry = 0, ends = 0;
	size_t i, at;
	__m512i v;
	struct vconst vc[1];

	vconst_init(vc);
	for (i = 0; i < n; i += 64) {
		if (n - i >= 64)
			v = _mm512_loadu_si512(s + i);
		else
			v = _mm512_maskz_loadu_epi8(~(uint64_t)0 >>
			                                    (64 - (n - i)),
			                            s + i);
		cr = _mm512_cmpeq_epi8_mask(v, vc->cr);
		lf = _mm512_cmpeq_epi8_mask(v, vc->lf);
		ends += (uint64_t)_mm_popcnt_u64(cr |
		                                 (lf & ~(cr << 1 | carry)));
		carry = cr >> 63;
	}
	l->ends += ends;
	/* the last line end, from the end back */
	for (i = n; i > 0; i = at) {
		at = i >= 64 ? i - 64 : 0;
		v = _mm512_maskz_loadu_epi8(~(uint64_t)0 >> (64 - (i - at)),
		                            s + at);
		m = _mm512_cmpeq_epi8_mask(v, vc->cr) |
		    _mm512_cmpeq_epi8_mask(v, vc->lf);
		if (m != 0) {
			at += 64 - (size_t)__builtin_clzll(m);
			l->eol = true;
			l->chars = utf8 ? count_starts(vc, s + at, n - at)
			                : n - at;
			return;
		}
	}
	l->chars += utf8 ? count_starts(vc, s, n) : n;
}

const struct ubi_kernels ubi_kernels_avx512 = {"avx512",      utf8_prefix,
                                               ascii_prefix,  utf8_to_utf16,
                                               utf8_to_utf32, utf16_to_utf8,
                                               utf32_to_utf8, latin1_to_utf8,
                                               lines};

#else /* not x86-64: lib/simd.c never selects it */

const struct ubi_kernels ubi_kernels_avx512 = {"avx512", NULL, NULL,
                                               NULL,     NULL, NULL,
                                               NULL,     NULL, NULL};

#endif
