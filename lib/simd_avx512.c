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
 * (2022), simplified: each input byte (or unit) computes, in its own
 * lane, what it would write if it starts a character, and VBMI2's
 * compress instructions pack the lanes that do.  Each block is checked
 * first; a block with any problem is left to the scalar code.
 *
 * Each function carries its own target attribute, so the library still
 * runs on any x86-64; lib/simd.c calls these only when CPUID says so.
 */
#include <string.h>

#include "internal.h"
#include "simd_tables.h"

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#include <immintrin.h>

#define ALWAYS __attribute__((always_inline))
#define T512                                                                  \
	__attribute__((target("avx512f,avx512bw,avx512vl,avx512vbmi,"         \
	                      "avx512vbmi2,bmi,bmi2,popcnt")))

static inline T512 ALWAYS __m512i
table(const uint8_t t[16])
{
	return _mm512_broadcast_i32x4(_mm_loadu_si128((const __m128i *)t));
}

/* Error bits of block cur, given the block before it. */
static inline T512 ALWAYS __m512i
check(__m512i prev, __m512i cur)
{
	const __m512i nib = _mm512_set1_epi8(0x0F);
	__m512i x = _mm512_alignr_epi64(cur, prev, 6);
	__m512i p1 = _mm512_alignr_epi8(cur, x, 15);
	__m512i p2 = _mm512_alignr_epi8(cur, x, 14);
	__m512i p3 = _mm512_alignr_epi8(cur, x, 13);
	__m512i a, b, c, must;

	a = _mm512_shuffle_epi8(
	    table(prev_high), _mm512_and_si512(_mm512_srli_epi16(p1, 4), nib));
	b = _mm512_shuffle_epi8(table(prev_low), _mm512_and_si512(p1, nib));
	c = _mm512_shuffle_epi8(
	    table(cur_high), _mm512_and_si512(_mm512_srli_epi16(cur, 4), nib));
	/* Bit 7 of (p2 - 0x60) is p2 >= E0; of (p3 - 0x70), p3 >= F0: the
	 * places where two continuations in a row are required. */
	must = _mm512_or_si512(_mm512_subs_epu8(p2, _mm512_set1_epi8(0x60)),
	                       _mm512_subs_epu8(p3, _mm512_set1_epi8(0x70)));
	must = _mm512_and_si512(must, _mm512_set1_epi8((char)0x80));
	return _mm512_xor_si512(_mm512_ternarylogic_epi32(a, b, c, 0x80),
	                        must);
}

/* Non-continuation bytes: each starts a character. */
static inline T512 ALWAYS __mmask64
starts(__m512i v)
{
	return _mm512_cmpgt_epi8_mask(v, _mm512_set1_epi8(-65));
}

/*
 * A block failed at i, after s[0..i) passed: back up to the start of
 * the character open at i (at most 3 bytes), which is the end of the
 * last whole one.  *chars counted the starts in s[0..i).
 */
static size_t
safe_point(const uint8_t *s, size_t i, size_t *chars)
{
	size_t t = i;

	while (t > 0 && i - t < 3 && (s[t - 1] & 0xC0) == 0x80)
		t--;
	if (t > 0 && s[t - 1] >= 0xC0)
		t--;
	if (t < i)
		(*chars)--;
	return t;
}

static T512 size_t
utf8_prefix(const uint8_t *s, size_t n, size_t *chars)
{
	const __m512i openmax = _mm512_loadu_si512(open_max);
	__m512i prev = _mm512_setzero_si512(), open = prev, cur, nxt, err;
	size_t i = 0, nc = 0;
	__mmask64 m;

	/* Two blocks at a time: one test for ASCII, one for errors (a
	 * failure is then placed at the first of the two). */
	for (; n - i >= 128; i += 128) {
		cur = _mm512_loadu_si512(s + i);
		nxt = _mm512_loadu_si512(s + i + 64);
		if (_mm512_movepi8_mask(_mm512_or_si512(cur, nxt)) == 0) {
			if (_mm512_test_epi8_mask(open, open) != 0)
				goto fail;
			nc += 128;
			prev = nxt;
			continue;
		}
		err = _mm512_or_si512(check(prev, cur), check(cur, nxt));
		if (_mm512_test_epi8_mask(err, err) != 0)
			goto fail;
		open = _mm512_subs_epu8(nxt, openmax);
		prev = nxt;
		nc += (size_t)_mm_popcnt_u64(starts(cur)) +
		      (size_t)_mm_popcnt_u64(starts(nxt));
	}
	for (; n - i >= 64; i += 64) {
		cur = _mm512_loadu_si512(s + i);
		if (_mm512_movepi8_mask(cur) == 0) {
			if (_mm512_test_epi8_mask(open, open) != 0)
				goto fail;
			nc += 64;
			prev = cur;
			continue;
		}
		err = check(prev, cur);
		if (_mm512_test_epi8_mask(err, err) != 0)
			goto fail;
		open = _mm512_subs_epu8(cur, openmax);
		prev = cur;
		nc += (size_t)_mm_popcnt_u64(starts(cur));
	}
	/* The tail, padded with zeros: a sequence left open meets a zero
	 * and shows as too short. */
	m = n - i == 0 ? 0 : ~(__mmask64)0 >> (64 - (n - i));
	cur = _mm512_maskz_loadu_epi8(m, s + i);
	err =
	    _mm512_or_si512(check(prev, cur), _mm512_subs_epu8(cur, openmax));
	if (_mm512_test_epi8_mask(err, err) != 0)
		goto fail;
	nc += (size_t)_mm_popcnt_u64(starts(cur) & m);
	*chars = nc;
	return n;
fail:
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
swap16(__m512i v)
{
	return _mm512_shuffle_epi8(
	    v, _mm512_broadcast_i32x4(_mm_setr_epi8(
	           1, 0, 3, 2, 5, 4, 7, 6, 9, 8, 11, 10, 13, 12, 15, 14)));
}

static inline T512 ALWAYS __m512i
swap32(__m512i v)
{
	return _mm512_shuffle_epi8(
	    v, _mm512_broadcast_i32x4(_mm_setr_epi8(
	           3, 2, 1, 0, 7, 6, 5, 4, 11, 10, 9, 8, 15, 14, 13, 12)));
}

/* Byte j of v, zero-extended, in lane j of 16-bit (or 32-bit) lanes,
 * for j = from, from+1, ...; lanes past byte 63 get junk. */
static inline T512 ALWAYS __m512i
bytes16(__m512i v, int from)
{
	const __m512i idx = _mm512_add_epi16(
	    _mm512_set_epi16(31, 30, 29, 28, 27, 26, 25, 24, 23, 22, 21, 20,
	                     19, 18, 17, 16, 15, 14, 13, 12, 11, 10, 9, 8, 7,
	                     6, 5, 4, 3, 2, 1, 0),
	    _mm512_set1_epi16((short)from));

	return _mm512_maskz_permutexvar_epi8(0x5555555555555555u, idx, v);
}

/*
 * The leads of a checked 64-byte block, and where its last whole
 * character ends (a sequence running past the block is left for the
 * next one).
 */
struct leads {
	uint64_t l2, l3, l4, start;
	unsigned end;
};

static inline T512 ALWAYS void
find_leads(__m512i v, struct leads *l)
{
	uint64_t ge_c0 = _mm512_cmpge_epu8_mask(v, _mm512_set1_epi8(-64));
	uint64_t ge_e0 = _mm512_cmpge_epu8_mask(v, _mm512_set1_epi8(-32));
	uint64_t open;

	l->l4 = _mm512_cmpge_epu8_mask(v, _mm512_set1_epi8(-16));
	l->l3 = ge_e0 & ~l->l4;
	l->l2 = ge_c0 & ~ge_e0;
	l->start = starts(v);
	/* bit k: the byte at 61 + k starts a sequence that runs past 63 */
	open = (l->l4 >> 61 & 1) | (ge_e0 >> 62 & 1) << 1 | (ge_c0 >> 63) << 2;
	l->end = open != 0 ? 61 + (unsigned)_tzcnt_u64(open) : 64;
}

/*
 * Blocks without 4-byte characters, the common case: pack the first,
 * second and third byte of each character first (compress by the
 * positions of the leads, of the leads + 1, of the leads + 2), so the
 * arithmetic runs on dense characters, not on every byte.  A lead at
 * 62 or 63 loses the later bytes it does not have, at the very end, so
 * the three stay in step.  Writes nch = popcount(keep) UTF-16 units.
 */
static inline T512 ALWAYS size_t
bmp_to_utf16(__m512i v, uint64_t keep, uint8_t *d, ub_endian e)
{
	const __m512i c3f = _mm512_set1_epi16(0x3F);
	__m512i a = _mm512_maskz_compress_epi8(keep, v);
	__m512i b = _mm512_maskz_compress_epi8(keep << 1, v);
	__m512i c = _mm512_maskz_compress_epi8(keep << 2, v);
	size_t nch = (size_t)_mm_popcnt_u64(keep);
	__m512i a16, b16, c16, w, x;
	__mmask32 k2, k3;
	unsigned h;

	for (h = 0; h < 2 && 32 * h < nch; h++) {
		if (h == 0) {
			a16 = _mm512_cvtepu8_epi16(_mm512_castsi512_si256(a));
			b16 = _mm512_cvtepu8_epi16(_mm512_castsi512_si256(b));
			c16 = _mm512_cvtepu8_epi16(_mm512_castsi512_si256(c));
		} else {
			a16 = _mm512_cvtepu8_epi16(
			    _mm512_extracti64x4_epi64(a, 1));
			b16 = _mm512_cvtepu8_epi16(
			    _mm512_extracti64x4_epi64(b, 1));
			c16 = _mm512_cvtepu8_epi16(
			    _mm512_extracti64x4_epi64(c, 1));
		}
		k3 = _mm512_cmpge_epu16_mask(a16, _mm512_set1_epi16(0xE0));
		k2 = _mm512_cmpge_epu16_mask(a16, _mm512_set1_epi16(0xC0)) &
		     ~k3;
		b16 = _mm512_and_si512(b16, c3f);
		/* 110aaaaa 10bbbbbb -> aaaaabbbbbb */
		x = _mm512_or_si512(
		    _mm512_slli_epi16(
		        _mm512_and_si512(a16, _mm512_set1_epi16(0x1F)), 6),
		    b16);
		w = _mm512_mask_mov_epi16(a16, k2, x);
		/* 1110aaaa 10bbbbbb 10cccccc -> aaaabbbbbbcccccc */
		x = _mm512_or_si512(_mm512_or_si512(_mm512_slli_epi16(a16, 12),
		                                    _mm512_slli_epi16(b16, 6)),
		                    _mm512_and_si512(c16, c3f));
		w = _mm512_mask_mov_epi16(w, k3, x);
		if (e == UB_BE)
			w = swap16(w);
		_mm512_storeu_si512(d + 64 * h, w);
	}
	return 2 * nch;
}

static T512 size_t
utf8_to_utf16(const uint8_t *s, size_t n, uint8_t *d, size_t cap, ub_endian e,
              size_t *written)
{
	const __m512i zero = _mm512_setzero_si512();
	const __m512i c3f = _mm512_set1_epi16(0x3F);
	size_t i = 0, o = 0;
	struct leads l;
	uint64_t keep, within;
	__m512i v, b0, b1, b2, u, w;
	unsigned h;

	while (n - i >= 64 && cap - o >= 128) {
		v = _mm512_loadu_si512(s + i);
		if (_mm512_movepi8_mask(v) == 0) {
			b0 = _mm512_cvtepu8_epi16(_mm512_castsi512_si256(v));
			b1 = _mm512_cvtepu8_epi16(
			    _mm512_extracti64x4_epi64(v, 1));
			if (e == UB_BE) {
				b0 = _mm512_slli_epi16(b0, 8);
				b1 = _mm512_slli_epi16(b1, 8);
			}
			_mm512_storeu_si512(d + o, b0);
			_mm512_storeu_si512(d + o + 64, b1);
			i += 64;
			o += 128;
			continue;
		}
		u = check(zero, v);
		if (_mm512_test_epi8_mask(u, u) != 0)
			break;
		find_leads(v, &l);
		within =
		    l.end == 64 ? ~(uint64_t)0 : ((uint64_t)1 << l.end) - 1;
		/* A 4-byte character is a surrogate pair: the lead's lane
		 * writes the high half, the next lane the low half. */
		if ((l.l4 & within) == 0) {
			o += bmp_to_utf16(v, l.start & within, d + o, e);
			i += l.end;
			continue;
		}
		keep = (l.start | l.l4 << 1) & within;
		for (h = 0; h < 2; h++) {
			__mmask32 k2 = (__mmask32)(l.l2 >> 32 * h);
			__mmask32 k3 = (__mmask32)(l.l3 >> 32 * h);
			__mmask32 k4 = (__mmask32)(l.l4 >> 32 * h);
			__mmask32 klo = (__mmask32)((l.l4 << 1) >> 32 * h);
			__mmask32 kk = (__mmask32)(keep >> 32 * h);
			__m512i t1, t2, x;

			b0 = bytes16(v, 32 * (int)h);
			b1 = bytes16(v, 32 * (int)h + 1);
			b2 = bytes16(v, 32 * (int)h + 2);
			t1 = _mm512_and_si512(b1, c3f);
			t2 = _mm512_and_si512(b2, c3f);
			w = b0;
			/* 110aaaaa 10bbbbbb -> aaaaabbbbbb */
			x = _mm512_or_si512(
			    _mm512_slli_epi16(
			        _mm512_and_si512(b0, _mm512_set1_epi16(0x1F)),
			        6),
			    t1);
			w = _mm512_mask_mov_epi16(w, k2, x);
			/* 1110aaaa 10bbbbbb 10cccccc -> aaaabbbbbbcccccc */
			x = _mm512_or_si512(
			    _mm512_or_si512(_mm512_slli_epi16(b0, 12),
			                    _mm512_slli_epi16(t1, 6)),
			    t2);
			w = _mm512_mask_mov_epi16(w, k3, x);
			/* 11110aaa 10bbbbbb 10ccdddd: the high surrogate is
			 * D800 + (aaabbbbbbcc - 0x40) */
			x = _mm512_or_si512(
			    _mm512_or_si512(
			        _mm512_slli_epi16(
			            _mm512_and_si512(b0, _mm512_set1_epi16(7)),
			            8),
			        _mm512_slli_epi16(t1, 2)),
			    _mm512_srli_epi16(t2, 4));
			x = _mm512_add_epi16(
			    x, _mm512_set1_epi16((short)(0xD800 - 0x40)));
			w = _mm512_mask_mov_epi16(w, k4, x);
			/* ... 10ccdddd 10eeeeee: low surrogate DC00 +
			 * ddddeeeeee, from the lane after the lead */
			x = _mm512_or_si512(
			    _mm512_or_si512(
			        _mm512_slli_epi16(
			            _mm512_and_si512(b1,
			                             _mm512_set1_epi16(0xF)),
			            6),
			        t2),
			    _mm512_set1_epi16((short)0xDC00));
			w = _mm512_mask_mov_epi16(w, klo, x);
			w = _mm512_maskz_compress_epi16(kk, w);
			if (e == UB_BE)
				w = swap16(w);
			_mm512_storeu_si512(d + o, w);
			o += 2 * (size_t)_mm_popcnt_u32(kk);
		}
		i += l.end;
	}
	*written = o;
	return i;
}

/* As bmp_to_utf16, with the fourth bytes too: UTF-32 of every
 * character whose lead is in keep. */
static inline T512 ALWAYS size_t
to_utf32(__m512i v, uint64_t keep, uint8_t *d, ub_endian e)
{
	const __m512i c3f = _mm512_set1_epi32(0x3F);
	__m512i a = _mm512_maskz_compress_epi8(keep, v);
	__m512i b = _mm512_maskz_compress_epi8(keep << 1, v);
	__m512i c = _mm512_maskz_compress_epi8(keep << 2, v);
	__m512i f = _mm512_maskz_compress_epi8(keep << 3, v);
	size_t nch = (size_t)_mm_popcnt_u64(keep);
	__m512i a32, b32, c32, f32, w, x;
	__mmask16 k2, k3, k4;
	unsigned q;

	for (q = 0; q < 4 && 16 * q < nch; q++) {
		/* the next 16 characters to the bottom */
		__m512i sh = _mm512_add_epi8(
		    _mm512_set_epi32(
		        0x3F3E3D3C, 0x3B3A3938, 0x37363534, 0x33323130,
		        0x2F2E2D2C, 0x2B2A2928, 0x27262524, 0x23222120,
		        0x1F1E1D1C, 0x1B1A1918, 0x17161514, 0x13121110,
		        0x0F0E0D0C, 0x0B0A0908, 0x07060504, 0x03020100),
		    _mm512_set1_epi8((char)(16 * q)));

		a32 = _mm512_cvtepu8_epi32(
		    _mm512_castsi512_si128(_mm512_permutexvar_epi8(sh, a)));
		b32 = _mm512_cvtepu8_epi32(
		    _mm512_castsi512_si128(_mm512_permutexvar_epi8(sh, b)));
		c32 = _mm512_cvtepu8_epi32(
		    _mm512_castsi512_si128(_mm512_permutexvar_epi8(sh, c)));
		f32 = _mm512_cvtepu8_epi32(
		    _mm512_castsi512_si128(_mm512_permutexvar_epi8(sh, f)));
		k4 = _mm512_cmpge_epu32_mask(a32, _mm512_set1_epi32(0xF0));
		k3 = _mm512_cmpge_epu32_mask(a32, _mm512_set1_epi32(0xE0)) &
		     ~k4;
		k2 = _mm512_cmpge_epu32_mask(a32, _mm512_set1_epi32(0xC0)) &
		     ~(k3 | k4);
		b32 = _mm512_and_si512(b32, c3f);
		c32 = _mm512_and_si512(c32, c3f);
		f32 = _mm512_and_si512(f32, c3f);
		x = _mm512_or_si512(
		    _mm512_slli_epi32(
		        _mm512_and_si512(a32, _mm512_set1_epi32(0x1F)), 6),
		    b32);
		w = _mm512_mask_mov_epi32(a32, k2, x);
		x = _mm512_or_si512(
		    _mm512_or_si512(
		        _mm512_slli_epi32(
		            _mm512_and_si512(a32, _mm512_set1_epi32(0xF)), 12),
		        _mm512_slli_epi32(b32, 6)),
		    c32);
		w = _mm512_mask_mov_epi32(w, k3, x);
		x = _mm512_or_si512(
		    _mm512_or_si512(
		        _mm512_slli_epi32(
		            _mm512_and_si512(a32, _mm512_set1_epi32(7)), 18),
		        _mm512_slli_epi32(b32, 12)),
		    _mm512_or_si512(_mm512_slli_epi32(c32, 6), f32));
		w = _mm512_mask_mov_epi32(w, k4, x);
		if (e == UB_BE)
			w = swap32(w);
		_mm512_storeu_si512(d + 64 * q, w);
	}
	return 4 * nch;
}

/* 16 ASCII bytes as UTF-32. */
static inline T512 ALWAYS void
ascii32(uint8_t *d, __m128i b, ub_endian e)
{
	__m512i w = _mm512_cvtepu8_epi32(b);

	if (e == UB_BE)
		w = _mm512_slli_epi32(w, 24);
	_mm512_storeu_si512(d, w);
}

static T512 size_t
utf8_to_utf32(const uint8_t *s, size_t n, uint8_t *d, size_t cap, ub_endian e,
              size_t *written)
{
	const __m512i zero = _mm512_setzero_si512();
	size_t i = 0, o = 0;
	struct leads l;
	uint64_t keep, within;
	__m512i v, u;

	while (n - i >= 64 && cap - o >= 256) {
		v = _mm512_loadu_si512(s + i);
		if (_mm512_movepi8_mask(v) == 0) {
			ascii32(d + o, _mm512_extracti32x4_epi32(v, 0), e);
			ascii32(d + o + 64, _mm512_extracti32x4_epi32(v, 1),
			        e);
			ascii32(d + o + 128, _mm512_extracti32x4_epi32(v, 2),
			        e);
			ascii32(d + o + 192, _mm512_extracti32x4_epi32(v, 3),
			        e);
			i += 64;
			o += 256;
			continue;
		}
		u = check(zero, v);
		if (_mm512_test_epi8_mask(u, u) != 0)
			break;
		find_leads(v, &l);
		within =
		    l.end == 64 ? ~(uint64_t)0 : ((uint64_t)1 << l.end) - 1;
		keep = l.start & within;
		o += to_utf32(v, keep, d + o, e);
		i += l.end;
	}
	*written = o;
	return i;
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
        32,  33,  96,  34,  35,  98,  36,  37,  100, 38,  39,  102, 40,
        41,  104, 42,  43,  106, 44,  45,  108, 46,  47,  110, 48,  49,
        112, 50,  51,  114, 52,  53,  116, 54,  55,  118, 56,  57,  120,
        58,  59,  122, 60,  61,  124, 62,  63,  126, 0,   0,   0,   0,
        0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,
    },
};

/*
 * UTF-16 without surrogates, 32 units: each unit's first two bytes in
 * its 16-bit lane of X, its third in Y; units below 800 need no third
 * byte, and then one compress packs X.  Otherwise each 16 units are
 * first spread to 3-byte slots (one two-source permute), then packed.
 */
static inline T512 ALWAYS size_t
bmp16_to_utf8(__m512i u, uint8_t *d)
{
	const __m512i c3f = _mm512_set1_epi16(0x3F);
	const __m512i c80 = _mm512_set1_epi16(0x80);
	uint32_t k1 = _mm512_cmplt_epu16_mask(u, c80);
	uint32_t k12 = _mm512_cmplt_epu16_mask(u, _mm512_set1_epi16(0x800));
	__m512i x, y, t;
	uint64_t m;
	size_t o = 0;
	unsigned h;

	/* 110aaaaa 10bbbbbb */
	t = _mm512_or_si512(
	    _mm512_or_si512(_mm512_srli_epi16(u, 6), _mm512_set1_epi16(0xC0)),
	    _mm512_slli_epi16(_mm512_or_si512(_mm512_and_si512(u, c3f), c80),
	                      8));
	x = _mm512_mask_mov_epi16(u, k12 & ~k1, t);
	if (k12 == 0xFFFFFFFFu) {
		m = 0x5555555555555555u | _pdep_u64(~k1, 0xAAAAAAAAAAAAAAAAu);
		_mm512_storeu_si512(d, _mm512_maskz_compress_epi8(m, x));
		return (size_t)_mm_popcnt_u64(m);
	}
	/* 1110aaaa 10bbbbbb, then 10cccccc in y */
	t = _mm512_or_si512(
	    _mm512_or_si512(_mm512_srli_epi16(u, 12), _mm512_set1_epi16(0xE0)),
	    _mm512_slli_epi16(
	        _mm512_or_si512(_mm512_and_si512(_mm512_srli_epi16(u, 6), c3f),
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

static T512 size_t
utf16_to_utf8(const uint8_t *s, size_t n, uint8_t *d, size_t cap, ub_endian e,
              size_t *written)
{
	const __m512i next = _mm512_set_epi16(
	    0, 31, 30, 29, 28, 27, 26, 25, 24, 23, 22, 21, 20, 19, 18, 17, 16,
	    15, 14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1);
	const __m512i c3f = _mm512_set1_epi32(0x3F);
	const __m512i c80 = _mm512_set1_epi32(0x80);
	size_t i = 0, o = 0;
	uint32_t hi, lo, within, k1, k2, k3;
	unsigned end, h;
	__m512i v, v1, u0, u1, w, x, cp, len;

	while (n - i >= 64 && cap - o >= 128) {
		v = _mm512_loadu_si512(s + i);
		if (e == UB_BE)
			v = swap16(v);
		k1 = _mm512_cmplt_epu16_mask(v, _mm512_set1_epi16(0x80));
		if (k1 == 0xFFFFFFFFu) {
			_mm256_storeu_si256((__m256i *)(d + o),
			                    _mm512_cvtepi16_epi8(v));
			i += 64;
			o += 32;
			continue;
		}
		x = _mm512_and_si512(v, _mm512_set1_epi16((short)0xFC00));
		hi = _mm512_cmpeq_epi16_mask(x,
		                             _mm512_set1_epi16((short)0xD800));
		lo = _mm512_cmpeq_epi16_mask(x,
		                             _mm512_set1_epi16((short)0xDC00));
		if ((hi | lo) == 0) {
			o += bmp16_to_utf8(v, d + o);
			i += 64;
			continue;
		}
		end = hi >> 31 ? 31 : 32;
		within = end == 32 ? 0xFFFFFFFFu : 0x7FFFFFFFu;
		/* Every high surrogate before end has a low one right
		 * after it, and every low one up to end a high one before. */
		if ((lo & (within | within << 1)) != (hi & within) << 1)
			break; /* unpaired surrogates: the scalar code says */
		k2 =
		    _mm512_cmplt_epu16_mask(v, _mm512_set1_epi16(0x800)) & ~k1;
		k3 = ~(k1 | k2 | hi | lo);
		v1 = _mm512_permutexvar_epi16(next, v);
		for (h = 0; h < 2; h++) {
			__mmask16 m1 = (__mmask16)(k1 >> 16 * h);
			__mmask16 m2 = (__mmask16)(k2 >> 16 * h);
			__mmask16 m3 = (__mmask16)(k3 >> 16 * h);
			__mmask16 m4 = (__mmask16)((hi & within) >> 16 * h);
			__mmask16 mw = (__mmask16)(within >> 16 * h);

			if (h == 0) {
				u0 = _mm512_cvtepu16_epi32(
				    _mm512_castsi512_si256(v));
				u1 = _mm512_cvtepu16_epi32(
				    _mm512_castsi512_si256(v1));
			} else {
				u0 = _mm512_cvtepu16_epi32(
				    _mm512_extracti64x4_epi64(v, 1));
				u1 = _mm512_cvtepu16_epi32(
				    _mm512_extracti64x4_epi64(v1, 1));
			}
			/* Bytes go little-end first: byte 0 of the lane is
			 * the first byte written. */
			w = u0;
			len = _mm512_maskz_mov_epi32(m1, _mm512_set1_epi32(1));
			/* 110aaaaa 10bbbbbb */
			x = _mm512_or_si512(
			    _mm512_or_si512(_mm512_srli_epi32(u0, 6),
			                    _mm512_set1_epi32(0xC0)),
			    _mm512_slli_epi32(
			        _mm512_or_si512(_mm512_and_si512(u0, c3f),
			                        c80),
			        8));
			w = _mm512_mask_mov_epi32(w, m2, x);
			len = _mm512_mask_mov_epi32(len, m2,
			                            _mm512_set1_epi32(2));
			/* 1110aaaa 10bbbbbb 10cccccc */
			x = _mm512_or_si512(
			    _mm512_or_si512(_mm512_srli_epi32(u0, 12),
			                    _mm512_set1_epi32(0x8080E0)),
			    _mm512_or_si512(
			        _mm512_slli_epi32(
			            _mm512_and_si512(_mm512_srli_epi32(u0, 6),
			                             c3f),
			            8),
			        _mm512_slli_epi32(_mm512_and_si512(u0, c3f),
			                          16)));
			w = _mm512_mask_mov_epi32(w, m3, x);
			len = _mm512_mask_mov_epi32(len, m3,
			                            _mm512_set1_epi32(3));
			/* a pair: 11110aaa 10bbbbbb 10cccccc 10dddddd */
			cp = _mm512_add_epi32(
			    _mm512_or_si512(
			        _mm512_slli_epi32(
			            _mm512_and_si512(u0,
			                             _mm512_set1_epi32(0x3FF)),
			            10),
			        _mm512_and_si512(u1,
			                         _mm512_set1_epi32(0x3FF))),
			    _mm512_set1_epi32(0x10000));
			x = _mm512_or_si512(
			    _mm512_or_si512(
			        _mm512_srli_epi32(cp, 18),
			        _mm512_slli_epi32(
			            _mm512_and_si512(_mm512_srli_epi32(cp, 12),
			                             c3f),
			            8)),
			    _mm512_or_si512(
			        _mm512_slli_epi32(
			            _mm512_and_si512(_mm512_srli_epi32(cp, 6),
			                             c3f),
			            16),
			        _mm512_slli_epi32(_mm512_and_si512(cp, c3f),
			                          24)));
			x = _mm512_or_si512(
			    x, _mm512_set1_epi32((int)0x808080F0u));
			w = _mm512_mask_mov_epi32(w, m4, x);
			len = _mm512_mask_mov_epi32(len, m4,
			                            _mm512_set1_epi32(4));
			len = _mm512_maskz_mov_epi32(mw, len);
			/* Keep the first len bytes of each lane. */
			x = _mm512_srlv_epi32(
			    _mm512_set1_epi32(-1),
			    _mm512_sub_epi32(_mm512_set1_epi32(32),
			                     _mm512_slli_epi32(len, 3)));
			{
				__mmask64 kb = _mm512_test_epi8_mask(x, x);

				w = _mm512_maskz_compress_epi8(kb, w);
				_mm512_storeu_si512(d + o, w);
				o += (size_t)_mm_popcnt_u64(kb);
			}
		}
		i += 2 * (size_t)end;
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

			b = bytes16(v, 32 * (int)h);
			x = _mm512_or_si512(
			    _mm512_or_si512(_mm512_srli_epi16(b, 6),
			                    _mm512_set1_epi16(0xC0)),
			    _mm512_slli_epi16(
			        _mm512_or_si512(
			            _mm512_and_si512(b,
			                             _mm512_set1_epi16(0x3F)),
			            _mm512_set1_epi16(0x80)),
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
count_starts(const uint8_t *s, size_t n)
{
	uint64_t c = 0, m;
	size_t i;

	for (i = 0; i < n; i += 64) {
		m = n - i >= 64 ? ~(uint64_t)0
		                : ~(uint64_t)0 >> (64 - (n - i));
		c += (uint64_t)_mm_popcnt_u64(
		    starts(_mm512_maskz_loadu_epi8(m, s + i)) & m);
	}
	return c;
}

/*
 * Blocks without CR or LF, nearly all of them, cost two compares; the
 * column is counted once at the end, from the last line end on.
 */
static T512 void
lines(const uint8_t *s, size_t n, bool utf8, struct ubi_lines *l)
{
	size_t i, last = 0;
	uint64_t m, cr, lf, carry = 0;
	bool eol = false;
	__m512i v;

	for (i = 0; i < n; i += 64) {
		m = n - i >= 64 ? ~(uint64_t)0
		                : ~(uint64_t)0 >> (64 - (n - i));
		v = _mm512_maskz_loadu_epi8(m, s + i);
		cr = _mm512_cmpeq_epi8_mask(v, _mm512_set1_epi8('\r')) & m;
		lf = _mm512_cmpeq_epi8_mask(v, _mm512_set1_epi8('\n')) & m;
		if ((cr | lf) == 0) {
			carry = 0;
			continue;
		}
		l->cr += (uint64_t)_mm_popcnt_u64(cr);
		l->lf += (uint64_t)_mm_popcnt_u64(lf);
		l->crlf += (uint64_t)_mm_popcnt_u64((cr << 1 | carry) & lf);
		carry = cr >> 63;
		last = i + 64 - (size_t)__builtin_clzll(cr | lf);
		eol = true;
	}
	if (eol) {
		l->eol = true;
		l->chars = utf8 ? count_starts(s + last, n - last) : n - last;
	} else {
		l->chars += utf8 ? count_starts(s, n) : n;
	}
}

const struct ubi_kernels ubi_kernels_avx512 = {
    "avx512",      utf8_prefix,   ascii_prefix,   utf8_to_utf16,
    utf8_to_utf32, utf16_to_utf8, latin1_to_utf8, lines};

#else /* not x86-64: lib/simd.c never selects it */

const struct ubi_kernels ubi_kernels_avx512 = {"avx512", NULL, NULL, NULL,
                                               NULL,     NULL, NULL, NULL};

#endif
