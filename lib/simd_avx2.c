/*
 * simd_avx2.c - the kernels for CPUs with AVX2 (and BMI2, POPCNT).
 *
 * The same algorithms as simd_avx512.c (validation from the error-class
 * tables of simd_tables.h; converters that compute, in each lane, what
 * its byte or unit writes if it starts a character, then pack the lanes
 * that do), on 32-byte vectors.  AVX2 has no compress instruction, so
 * the packing goes 8 lanes at a time through pshufb and the pack8
 * table.  UTF-8 to UTF-16/32 goes in fixed-stride chunks as in
 * simd_avx512.c, with the per-block converters as the careful path;
 * elsewhere each block is checked first, and a block with any problem
 * is left to the scalar code.
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
#define T256 __attribute__((target("avx2,bmi,bmi2,popcnt")))

/* x, which the compiler may no longer take for a constant */
static inline T256 ALWAYS __m256i
hidden(__m256i x)
{
	__asm__("" : "+x"(x));
	return x;
}

static inline T256 ALWAYS __m256i
table(const uint8_t t[16])
{
	return hidden(_mm256_broadcastsi128_si256(
		_mm_loadu_si128((const __m128i *)t)));
}

/* v shifted toward higher positions by k bytes, the k bytes that come
 * in being the last ones of prev. */
#define PREV(cur, prev, k)                                                    \
	_mm256_alignr_epi8(cur, _mm256_permute2x128_si256(prev, cur, 0x21),   \
	                   16 - (k))

/*
 * The vector constants of the loops, made once per call, before the
 * loop, and hidden from the compiler, as in simd_avx512.c (which says
 * why).  Here it made UTF-8 -> UTF-16 16% faster and took 15% of its
 * instructions off.  Named by lane width and value.
 */
struct vconst {
	__m256i prev_high, prev_low, cur_high, open_max, first3;
	__m256i u8_0c, u8_0d, u8_0e, u8_0f, u8_60, u8_70, u8_80, u8_bf, u8_c0;
	__m256i u16_0007, u16_000f, u16_001f, u16_003f, u16_007f, u16_0080,
		u16_00bf, u16_00c0, u16_00df, u16_00ef, u16_00ff, u16_d7c0,
		u16_dc00, u16_f800, u16_ff80;
	__m256i u32_0000_0007, u32_0000_000f, u32_0000_001f, u32_0000_003f,
		u32_0000_00bf, u32_0000_00df, u32_0000_00ef, u32_ffff_ff80,
		u32_ffff_f800;
	__m256i swap16, swap32, cr, lf;
};

static inline T256 ALWAYS void
vconst_init(struct vconst *vc)
{
	vc->prev_high = table(prev_high);
	vc->prev_low = table(prev_low);
	vc->cur_high = table(cur_high);
	/* the last three bytes of open_max's 64 */
	vc->open_max = hidden(
		_mm256_loadu_si256((const __m256i *)(open_max + 32)));
	/* the first three bytes */
	vc->first3 = hidden(_mm256_setr_epi8(-1, -1, -1, 0, 0, 0, 0, 0, 0, 0,
	                                     0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	                                     0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0));
	vc->cr = hidden(_mm256_set1_epi8('\r'));
	vc->lf = hidden(_mm256_set1_epi8('\n'));
	vc->u8_0c = hidden(_mm256_set1_epi8(0xC));
	vc->u8_0d = hidden(_mm256_set1_epi8(0xD));
	vc->u8_0e = hidden(_mm256_set1_epi8(0xE));
	vc->u8_0f = hidden(_mm256_set1_epi8(0x0F));
	vc->u8_60 = hidden(_mm256_set1_epi8(0x60));
	vc->u8_70 = hidden(_mm256_set1_epi8(0x70));
	vc->u8_80 = hidden(_mm256_set1_epi8((char)0x80));
	vc->u8_bf = hidden(_mm256_set1_epi8(-65));
	vc->u8_c0 = hidden(_mm256_set1_epi8(-64));
	vc->u16_0007 = hidden(_mm256_set1_epi16(7));
	vc->u16_000f = hidden(_mm256_set1_epi16(0xF));
	vc->u16_001f = hidden(_mm256_set1_epi16(0x1F));
	vc->u16_003f = hidden(_mm256_set1_epi16(0x3F));
	vc->u16_007f = hidden(_mm256_set1_epi16(0x7F));
	vc->u16_0080 = hidden(_mm256_set1_epi16(0x80));
	vc->u16_00bf = hidden(_mm256_set1_epi16(0xBF));
	vc->u16_00c0 = hidden(_mm256_set1_epi16(0xC0));
	vc->u16_00df = hidden(_mm256_set1_epi16(0xDF));
	vc->u16_00ef = hidden(_mm256_set1_epi16(0xEF));
	vc->u16_00ff = hidden(_mm256_set1_epi16(0x00FF));
	vc->u16_d7c0 = hidden(_mm256_set1_epi16((short)(0xD800 - 0x40)));
	vc->u16_dc00 = hidden(_mm256_set1_epi16((short)0xDC00));
	vc->u16_f800 = hidden(_mm256_set1_epi16((short)0xF800));
	vc->u16_ff80 = hidden(_mm256_set1_epi16((short)0xFF80));
	vc->u32_0000_0007 = hidden(_mm256_set1_epi32(7));
	vc->u32_0000_000f = hidden(_mm256_set1_epi32(0xF));
	vc->u32_0000_001f = hidden(_mm256_set1_epi32(0x1F));
	vc->u32_0000_003f = hidden(_mm256_set1_epi32(0x3F));
	vc->u32_0000_00bf = hidden(_mm256_set1_epi32(0xBF));
	vc->u32_0000_00df = hidden(_mm256_set1_epi32(0xDF));
	vc->u32_0000_00ef = hidden(_mm256_set1_epi32(0xEF));
	vc->u32_ffff_ff80 = hidden(_mm256_set1_epi32((int)0xFFFFFF80u));
	vc->u32_ffff_f800 = hidden(_mm256_set1_epi32((int)0xFFFFF800u));
	vc->swap16 = hidden(_mm256_setr_epi8(1, 0, 3, 2, 5, 4, 7, 6, 9, 8, 11,
	                                     10, 13, 12, 15, 14, 1, 0, 3, 2, 5,
	                                     4, 7, 6, 9, 8, 11, 10, 13, 12, 15,
	                                     14));
	vc->swap32 = hidden(_mm256_setr_epi8(3, 2, 1, 0, 7, 6, 5, 4, 11, 10, 9,
	                                     8, 15, 14, 13, 12, 3, 2, 1, 0, 7,
	                                     6, 5, 4, 11, 10, 9, 8, 15, 14, 13,
	                                     12));
}

/*
 * Error bits of the 32 bytes cur, given p1, p2, p3, the bytes 1, 2 and
 * 3 places before each; *cont gets the continuation bytes (TWO_CONTS of
 * the cur_high table).  Bit 7 of (p2 - 0x60) is p2 >= E0, of (p3 -
 * 0x70) p3 >= F0: the places where two continuations in a row are
 * required.
 */
static inline T256 ALWAYS __m256i
errors_of(const struct vconst *vc, __m256i cur, __m256i p1, __m256i p2,
          __m256i p3, uint32_t *cont)
{
	const __m256i nib = vc->u8_0f;
	__m256i a, b, c, must;

	a = _mm256_shuffle_epi8(vc->prev_high,
	                        _mm256_and_si256(_mm256_srli_epi16(p1, 4),
	                                         nib));
	b = _mm256_shuffle_epi8(vc->prev_low, _mm256_and_si256(p1, nib));
	c = _mm256_shuffle_epi8(vc->cur_high,
	                        _mm256_and_si256(_mm256_srli_epi16(cur, 4),
	                                         nib));
	*cont = (uint32_t)_mm256_movemask_epi8(c);
	must = _mm256_or_si256(_mm256_subs_epu8(p2, vc->u8_60),
	                       _mm256_subs_epu8(p3, vc->u8_70));
	must = _mm256_and_si256(must, vc->u8_80);
	return _mm256_xor_si256(_mm256_and_si256(_mm256_and_si256(a, b), c),
	                        must);
}

/* Error bits of block cur, given the block before it. */
static inline T256 ALWAYS __m256i
check(const struct vconst *vc, __m256i prev, __m256i cur)
{
	uint32_t cont; /* unused: the compiler drops its movemask */

	return errors_of(vc, cur, PREV(cur, prev, 1), PREV(cur, prev, 2),
	                 PREV(cur, prev, 3), &cont);
}

/* Bit j: byte j does not continue a character (it starts one). */
static inline T256 ALWAYS uint32_t
starts(const struct vconst *vc, __m256i v)
{
	return (uint32_t)_mm256_movemask_epi8(_mm256_cmpgt_epi8(v, vc->u8_bf));
}

static inline T256 ALWAYS bool
any(__m256i v)
{
	return !_mm256_testz_si256(v, v);
}

/* The sum of -x over the bytes of acc (each -1..-240: 0..240). */
static inline T256 ALWAYS size_t
sum_neg(__m256i acc)
{
	__m256i t = _mm256_sad_epu8(_mm256_sub_epi8(_mm256_setzero_si256(),
	                                            acc),
	                            _mm256_setzero_si256());

	return (size_t)(_mm256_extract_epi64(t, 0) +
	                _mm256_extract_epi64(t, 1) +
	                _mm256_extract_epi64(t, 2) +
	                _mm256_extract_epi64(t, 3));
}

static T256 size_t
utf8_prefix(const uint8_t *s, size_t n, size_t *chars)
{
	__m256i prev = _mm256_setzero_si256(), open = prev, c0, c1, c2, c3;
	__m256i err, acc = prev;
	uint8_t pad[64];
	size_t i = 0, nc = 0, k;
	unsigned rounds = 0;
	struct vconst vc[1];

	vconst_init(vc);

	/*
	 * 128 bytes at a time, one test for ASCII and one for errors (a
	 * failure is placed at the first block); continuation bytes are
	 * counted in byte lanes (a compare gives -1 for each), summed
	 * before any lane can overflow.
	 */
	for (; n - i >= 128; i += 128) {
		c0 = _mm256_loadu_si256((const __m256i *)(s + i));
		c1 = _mm256_loadu_si256((const __m256i *)(s + i + 32));
		c2 = _mm256_loadu_si256((const __m256i *)(s + i + 64));
		c3 = _mm256_loadu_si256((const __m256i *)(s + i + 96));
		err = _mm256_or_si256(_mm256_or_si256(c0, c1),
		                      _mm256_or_si256(c2, c3));
		if (_mm256_movemask_epi8(err) == 0) {
			if (any(open))
				goto fail;
			nc += 128;
			prev = c3;
			continue;
		}
		err = _mm256_or_si256(_mm256_or_si256(check(vc, prev, c0),
		                                      check(vc, c0, c1)),
		                      _mm256_or_si256(check(vc, c1, c2),
		                                      check(vc, c2, c3)));
		if (any(err))
			goto fail;
		open = _mm256_subs_epu8(c3, vc->open_max);
		prev = c3;
		nc += 128;
		acc = _mm256_add_epi8(
			acc,
			_mm256_add_epi8(
				_mm256_add_epi8(
					_mm256_cmpgt_epi8(vc->u8_c0, c0),
					_mm256_cmpgt_epi8(vc->u8_c0, c1)),
				_mm256_add_epi8(
					_mm256_cmpgt_epi8(vc->u8_c0, c2),
					_mm256_cmpgt_epi8(vc->u8_c0, c3))));
		if (++rounds == 60) {
			nc -= sum_neg(acc);
			acc = _mm256_setzero_si256();
			rounds = 0;
		}
	}
	nc -= sum_neg(acc);
	acc = _mm256_setzero_si256();
	for (; n - i >= 64; i += 64) {
		c0 = _mm256_loadu_si256((const __m256i *)(s + i));
		c1 = _mm256_loadu_si256((const __m256i *)(s + i + 32));
		if (_mm256_movemask_epi8(_mm256_or_si256(c0, c1)) == 0) {
			if (any(open))
				goto fail;
			nc += 64;
			prev = c1;
			continue;
		}
		err = _mm256_or_si256(check(vc, prev, c0), check(vc, c0, c1));
		if (any(err))
			goto fail;
		open = _mm256_subs_epu8(c1, vc->open_max);
		prev = c1;
		nc += (size_t)_mm_popcnt_u32(starts(vc, c0)) +
		      (size_t)_mm_popcnt_u32(starts(vc, c1));
	}
	/* The tail, padded with zeros: a sequence left open meets a zero
	 * and shows as too short. */
	k = n - i;
	memset(pad, 0, sizeof pad);
	memcpy(pad, s + i, k);
	c0 = _mm256_loadu_si256((const __m256i *)pad);
	c1 = _mm256_loadu_si256((const __m256i *)(pad + 32));
	err = _mm256_or_si256(check(vc, prev, c0), check(vc, c0, c1));
	err = _mm256_or_si256(err, _mm256_subs_epu8(c1, vc->open_max));
	if (any(err))
		goto fail;
	nc += (size_t)_mm_popcnt_u64(
		((uint64_t)starts(vc, c1) << 32 | starts(vc, c0)) &
		(k == 0 ? 0 : ~(uint64_t)0 >> (64 - k)));
	*chars = nc;
	return n;
fail:
	*chars = nc - sum_neg(acc);
	return safe_point(s, i, chars);
}

static T256 size_t
ascii_prefix(const uint8_t *s, size_t n)
{
	size_t i = 0;
	uint32_t m;

	for (; n - i >= 32; i += 32) {
		m = (uint32_t)_mm256_movemask_epi8(
			_mm256_loadu_si256((const __m256i *)(s + i)));
		if (m != 0)
			return i + (size_t)__builtin_ctz(m);
	}
	while (i < n && s[i] < 0x80)
		i++;
	return i;
}

static inline T256 ALWAYS __m256i
swap16(const struct vconst *vc, __m256i v)
{
	return _mm256_shuffle_epi8(v, vc->swap16);
}

static inline T256 ALWAYS __m256i
swap32(const struct vconst *vc, __m256i v)
{
	return _mm256_shuffle_epi8(v, vc->swap32);
}

/* The bytes of v moved down by k (1 or 2), zeros coming in at the top. */
static inline T256 ALWAYS __m256i
next1(__m256i v)
{
	return _mm256_alignr_epi8(_mm256_permute2x128_si256(v, v, 0x81), v, 1);
}

static inline T256 ALWAYS __m256i
next2(__m256i v)
{
	return _mm256_alignr_epi8(_mm256_permute2x128_si256(v, v, 0x81), v, 2);
}

/* Pack the 16-bit lanes of x whose bit is set in m (8 bits) to the
 * front, and store them at d; returns the bytes stored. */
static inline T256 ALWAYS size_t
pack16(uint8_t *d, __m128i x, unsigned m)
{
	__m128i idx = _mm_cvtsi64_si128((long long)pack8[m]);

	/* lane k -> bytes 2k, 2k + 1 (an unused lane's 0x80 becomes junk,
	 * which lands past the bytes counted) */
	idx = _mm_add_epi8(idx, idx);
	idx = _mm_unpacklo_epi8(idx, _mm_sub_epi8(idx, _mm_set1_epi8(-1)));
	_mm_storeu_si128((__m128i *)d, _mm_shuffle_epi8(x, idx));
	return 2 * (size_t)_mm_popcnt_u32(m);
}

/* The same for the bytes of the low 8 bytes of x. */
static inline T256 ALWAYS size_t
pack8b(uint8_t *d, __m128i x, unsigned m)
{
	__m128i idx = _mm_cvtsi64_si128((long long)pack8[m]);

	_mm_storel_epi64((__m128i *)d, _mm_shuffle_epi8(x, idx));
	return (size_t)_mm_popcnt_u32(m);
}

/*
 * The leads of a checked 32-byte block, as masks, and where its last
 * whole character ends (a sequence running past the block is left for
 * the next one).
 */
struct leads {
	uint32_t start, l4;
	__m256i m2, m3, m4, lo; /* bytes: 0xFF where lead of 2, 3, 4, or
	                         * the byte after a lead of 4 */
	unsigned end;
};

static inline T256 ALWAYS void
find_leads(const struct vconst *vc, __m256i v, struct leads *l)
{
	__m256i hi3 = _mm256_and_si256(_mm256_srli_epi16(v, 4), vc->u8_0f);
	uint32_t ge_c0, ge_e0, open;

	/* By the high nibble: C, D lead 2; E leads 3; F leads 4. */
	l->m2 = _mm256_or_si256(_mm256_cmpeq_epi8(hi3, vc->u8_0c),
	                        _mm256_cmpeq_epi8(hi3, vc->u8_0d));
	l->m3 = _mm256_cmpeq_epi8(hi3, vc->u8_0e);
	l->m4 = _mm256_cmpeq_epi8(hi3, vc->u8_0f);
	l->lo = _mm256_alignr_epi8(
		l->m4, _mm256_permute2x128_si256(l->m4, l->m4, 0x08), 15);
	l->start = starts(vc, v);
	l->l4 = (uint32_t)_mm256_movemask_epi8(l->m4);
	ge_e0 = (uint32_t)_mm256_movemask_epi8(l->m3) | l->l4;
	ge_c0 = (uint32_t)_mm256_movemask_epi8(l->m2) | ge_e0;
	open = (l->l4 >> 29 & 1) | (ge_e0 >> 30 & 1) << 1 | (ge_c0 >> 31) << 2;
	l->end = open != 0 ? 29 + (unsigned)__builtin_ctz(open) : 32;
}

static inline T256 ALWAYS size_t
careful_to_utf16(const struct vconst *vc, const uint8_t *s, size_t n,
                 uint8_t *d, size_t cap, ub_endian e, size_t *written)
{
	const __m256i zero = _mm256_setzero_si256();
	const __m256i c3f = vc->u16_003f;
	size_t i = 0, o = 0;
	struct leads l;
	uint32_t keep;
	__m256i v, v1, v2, b0, t1, t2, w, x, u;
	unsigned h;

	while (n - i >= 32 && cap - o >= 64) {
		v = _mm256_loadu_si256((const __m256i *)(s + i));
		if (_mm256_movemask_epi8(v) == 0) {
			b0 = _mm256_cvtepu8_epi16(_mm256_castsi256_si128(v));
			t1 = _mm256_cvtepu8_epi16(
				_mm256_extracti128_si256(v, 1));
			if (e == UB_BE) {
				b0 = _mm256_slli_epi16(b0, 8);
				t1 = _mm256_slli_epi16(t1, 8);
			}
			_mm256_storeu_si256((__m256i *)(d + o), b0);
			_mm256_storeu_si256((__m256i *)(d + o + 32), t1);
			i += 32;
			o += 64;
			continue;
		}
		u = check(vc, zero, v);
		if (any(u))
			break;
		find_leads(vc, v, &l);
		keep = (l.start | l.l4 << 1) &
		       (l.end == 32 ? 0xFFFFFFFFu : (1u << l.end) - 1);
		v1 = next1(v);
		v2 = next2(v);
		for (h = 0; h < 2; h++) {
			__m256i m2, m3, m4, mlo;

#define HALF(x)                                                               \
	(h == 0 ? _mm256_castsi256_si128(x) : _mm256_extracti128_si256(x, 1))
			b0 = _mm256_cvtepu8_epi16(HALF(v));
			t1 = _mm256_and_si256(_mm256_cvtepu8_epi16(HALF(v1)),
			                      c3f);
			t2 = _mm256_and_si256(_mm256_cvtepu8_epi16(HALF(v2)),
			                      c3f);
			m2 = _mm256_cvtepi8_epi16(HALF(l.m2));
			m3 = _mm256_cvtepi8_epi16(HALF(l.m3));
			m4 = _mm256_cvtepi8_epi16(HALF(l.m4));
			mlo = _mm256_cvtepi8_epi16(HALF(l.lo));
#undef HALF
			w = b0;
			/* 110aaaaa 10bbbbbb -> aaaaabbbbbb */
			x = _mm256_or_si256(
				_mm256_slli_epi16(
					_mm256_and_si256(b0, vc->u16_001f), 6),
				t1);
			w = _mm256_blendv_epi8(w, x, m2);
			/* 1110aaaa 10bbbbbb 10cccccc -> aaaabbbbbbcccccc */
			x = _mm256_or_si256(
				_mm256_or_si256(_mm256_slli_epi16(b0, 12),
			                        _mm256_slli_epi16(t1, 6)),
				t2);
			w = _mm256_blendv_epi8(w, x, m3);
			/* 11110aaa 10bbbbbb 10ccdddd: the high surrogate is
			 * D800 + (aaabbbbbbcc - 0x40) */
			x = _mm256_or_si256(
				_mm256_or_si256(
					_mm256_slli_epi16(
						_mm256_and_si256(b0,
			                                         vc->u16_0007),
						8),
					_mm256_slli_epi16(t1, 2)),
				_mm256_srli_epi16(t2, 4));
			x = _mm256_add_epi16(x, vc->u16_d7c0);
			w = _mm256_blendv_epi8(w, x, m4);
			/* ... 10ccdddd 10eeeeee: low surrogate DC00 +
			 * ddddeeeeee, in the lane after the lead; there
			 * t1 is the third byte's and t2 the fourth's */
			x = _mm256_or_si256(
				_mm256_or_si256(
					_mm256_slli_epi16(
						_mm256_and_si256(t1,
			                                         vc->u16_000f),
						6),
					t2),
				vc->u16_dc00);
			w = _mm256_blendv_epi8(w, x, mlo);
			if (e == UB_BE)
				w = swap16(vc, w);
			o += pack16(d + o, _mm256_castsi256_si128(w),
			            keep >> 16 * h & 0xFF);
			o += pack16(d + o, _mm256_extracti128_si256(w, 1),
			            keep >> (16 * h + 8) & 0xFF);
		}
		i += l.end;
	}
	*written = o;
	return i;
}

static inline T256 ALWAYS size_t
careful_to_utf32(const struct vconst *vc, const uint8_t *s, size_t n,
                 uint8_t *d, size_t cap, ub_endian e, size_t *written)
{
	const __m256i zero = _mm256_setzero_si256();
	const __m256i c3f = vc->u32_0000_003f;
	size_t i = 0, o = 0;
	struct leads l;
	uint32_t keep;
	__m256i v, v1, v2, v3, b0, t1, t2, t3, w, x, u, idx;
	__m128i g;
	unsigned q, m;

	while (n - i >= 32 && cap - o >= 128) {
		v = _mm256_loadu_si256((const __m256i *)(s + i));
		if (_mm256_movemask_epi8(v) == 0) {
			for (q = 0; q < 4; q++) {
				w = _mm256_cvtepu8_epi32(_mm_loadl_epi64(
					(const __m128i *)(s + i + 8 * q)));
				if (e == UB_BE)
					w = _mm256_slli_epi32(w, 24);
				_mm256_storeu_si256((__m256i *)(d + o), w);
				o += 32;
			}
			i += 32;
			continue;
		}
		u = check(vc, zero, v);
		if (any(u))
			break;
		find_leads(vc, v, &l);
		keep = l.start &
		       (l.end == 32 ? 0xFFFFFFFFu : (1u << l.end) - 1);
		v1 = next1(v);
		v2 = next2(v);
		v3 = next1(v2);
		for (q = 0; q < 4; q++) {
			__m256i m2, m3, m4;

			/* the 8 bytes of group q, in the low 64 bits */
#define GROUP(x)                                                              \
	(q == 0   ? _mm256_castsi256_si128(x)                                 \
	 : q == 1 ? _mm_srli_si128(_mm256_castsi256_si128(x), 8)              \
	 : q == 2 ? _mm256_extracti128_si256(x, 1)                            \
	          : _mm_srli_si128(_mm256_extracti128_si256(x, 1), 8))
#define LANES(x) _mm256_cvtepu8_epi32(GROUP(x))
#define MASK(x) _mm256_cvtepi8_epi32(GROUP(x))
			b0 = LANES(v);
			t1 = _mm256_and_si256(LANES(v1), c3f);
			t2 = _mm256_and_si256(LANES(v2), c3f);
			t3 = _mm256_and_si256(LANES(v3), c3f);
			m2 = MASK(l.m2);
			m3 = MASK(l.m3);
			m4 = MASK(l.m4);
#undef GROUP
#undef LANES
#undef MASK
			w = b0;
			x = _mm256_or_si256(
				_mm256_slli_epi32(
					_mm256_and_si256(b0,
			                                 vc->u32_0000_001f),
					6),
				t1);
			w = _mm256_blendv_epi8(w, x, m2);
			x = _mm256_or_si256(
				_mm256_or_si256(
					_mm256_slli_epi32(
						_mm256_and_si256(
							b0, vc->u32_0000_000f),
						12),
					_mm256_slli_epi32(t1, 6)),
				t2);
			w = _mm256_blendv_epi8(w, x, m3);
			x = _mm256_or_si256(
				_mm256_or_si256(
					_mm256_slli_epi32(
						_mm256_and_si256(
							b0, vc->u32_0000_0007),
						18),
					_mm256_slli_epi32(t1, 12)),
				_mm256_or_si256(_mm256_slli_epi32(t2, 6), t3));
			w = _mm256_blendv_epi8(w, x, m4);
			m = keep >> 8 * q & 0xFF;
			g = _mm_cvtsi64_si128((long long)pack8[m]);
			idx = _mm256_cvtepu8_epi32(g);
			w = _mm256_permutevar8x32_epi32(w, idx);
			if (e == UB_BE)
				w = swap32(vc, w);
			_mm256_storeu_si256((__m256i *)(d + o), w);
			o += 4 * (size_t)_mm_popcnt_u32(m);
		}
		i += l.end;
	}
	*written = o;
	return i;
}

/*
 * The converters' fast path, as in simd_avx512.c: fixed 32-byte steps
 * over chunks of CONV_CHUNK bytes, each block converting the characters
 * whose leads it holds (the later bytes from loads past its end), the
 * checks OR-ed and tested once per chunk.
 */
#define CONV_CHUNK 512
_Static_assert(4 * (CONV_CHUNK + 32) + 64 <= STREAM_CHUNK_MAX,
               "a chunk's output fits the stage of a stream");

/*
 * The error bits of the 32 bytes at w, given the three bytes before
 * them at w[-3..0), the bytes before each byte from unaligned loads;
 * *cont gets the continuation bytes (TWO_CONTS of the cur_high table).
 */
static inline T256 ALWAYS __m256i
errors_at(const struct vconst *vc, const uint8_t *w, uint32_t *cont)
{
	return errors_of(vc, _mm256_loadu_si256((const __m256i *)w),
	                 _mm256_loadu_si256((const __m256i *)(w - 1)),
	                 _mm256_loadu_si256((const __m256i *)(w - 2)),
	                 _mm256_loadu_si256((const __m256i *)(w - 3)), cont);
}

/* The 32 ASCII bytes v as UTF-16 or UTF-32: bytes written at d. */
static inline T256 ALWAYS size_t
ascii_units(__m256i v, uint8_t *d, bool utf16, ub_endian e)
{
	__m256i w;
	unsigned q;

	if (utf16) {
		for (q = 0; q < 2; q++) {
			w = _mm256_cvtepu8_epi16(
				q == 0 ? _mm256_castsi256_si128(v)
				       : _mm256_extracti128_si256(v, 1));
			if (e == UB_BE)
				w = _mm256_slli_epi16(w, 8);
			_mm256_storeu_si256((__m256i *)(d + 32 * q), w);
		}
		return 64;
	}
	for (q = 0; q < 4; q++) {
		w = _mm256_cvtepu8_epi32(_mm_loadl_epi64(
			(const __m128i *)((const uint8_t *)&v + 8 * q)));
		if (e == UB_BE)
			w = _mm256_slli_epi32(w, 24);
		_mm256_storeu_si256((__m256i *)(d + 32 * q), w);
	}
	return 128;
}

/* Bytes w[k .. k + 16) zero-extended to 16-bit lanes. */
static inline T256 ALWAYS __m256i
wide16(const uint8_t *w, int k)
{
	return _mm256_cvtepu8_epi16(_mm_loadu_si128((const __m128i *)(w + k)));
}

/*
 * UTF-16 of the characters whose leads (lead) are in the 32 bytes at
 * w: in 16-bit lane j, what byte j writes if a character starts there
 * (the high surrogate for a 4-byte lead) or the low surrogate if byte
 * j follows a 4-byte lead; then the lanes that write are packed.  The
 * low surrogate of a lead at 31 is made apart.  ge_e0, ge_f0: bytes
 * that lead 3 or 4 bytes (or 4); the work of longer characters is
 * skipped when a block has none.  Bytes written at d.
 */
static inline T256 ALWAYS size_t
units16(const struct vconst *vc, const uint8_t *w, uint32_t lead,
        uint32_t ge_e0, uint32_t ge_f0, uint8_t *d, ub_endian e)
{
	const __m256i c3f = vc->u16_003f;
	uint32_t keep = lead | ge_f0 << 1;
	__m256i b0, t1, t2 = _mm256_setzero_si256(), u, x;
	size_t o = 0;
	unsigned h;

	for (h = 0; h < 2; h++) {
		b0 = wide16(w, 16 * (int)h);
		t1 = _mm256_and_si256(wide16(w, 16 * (int)h + 1), c3f);
		/* 110aaaaa 10bbbbbb -> aaaaabbbbbb */
		x = _mm256_or_si256(
			_mm256_slli_epi16(_mm256_and_si256(b0, vc->u16_001f),
		                          6),
			t1);
		u = _mm256_blendv_epi8(b0, x,
		                       _mm256_cmpgt_epi16(b0, vc->u16_00bf));
		if (ge_e0 != 0) {
			t2 = _mm256_and_si256(wide16(w, 16 * (int)h + 2), c3f);
			/* 1110aaaa 10bbbbbb 10cccccc -> aaaabbbbbbcccccc */
			x = _mm256_or_si256(
				_mm256_or_si256(_mm256_slli_epi16(b0, 12),
			                        _mm256_slli_epi16(t1, 6)),
				t2);
			u = _mm256_blendv_epi8(
				u, x, _mm256_cmpgt_epi16(b0, vc->u16_00df));
		}
		if (ge_f0 != 0) {
			/* 11110aaa 10bbbbbb 10ccdddd: the high surrogate is
			 * D800 + (aaabbbbbbcc - 0x40) */
			x = _mm256_or_si256(
				_mm256_or_si256(
					_mm256_slli_epi16(
						_mm256_and_si256(b0,
			                                         vc->u16_0007),
						8),
					_mm256_slli_epi16(t1, 2)),
				_mm256_srli_epi16(t2, 4));
			x = _mm256_add_epi16(x, vc->u16_d7c0);
			u = _mm256_blendv_epi8(
				u, x, _mm256_cmpgt_epi16(b0, vc->u16_00ef));
			/* the lane after the lead: there t1 is the third
			 * byte and t2 the fourth; DC00 + ddddeeeeee */
			x = _mm256_or_si256(
				_mm256_or_si256(
					_mm256_slli_epi16(
						_mm256_and_si256(t1,
			                                         vc->u16_000f),
						6),
					t2),
				vc->u16_dc00);
			u = _mm256_blendv_epi8(
				u, x,
				_mm256_cmpgt_epi16(wide16(w, 16 * (int)h - 1),
			                           vc->u16_00ef));
		}
		if (e == UB_BE)
			u = swap16(vc, u);
		o += pack16(d + o, _mm256_castsi256_si128(u),
		            keep >> 16 * h & 0xFF);
		o += pack16(d + o, _mm256_extracti128_si256(u, 1),
		            keep >> (16 * h + 8) & 0xFF);
	}
	/* always written, counted only if there is such a lead */
	put_low_surrogate(d + o, w + 33, e);
	return o + 2 * (size_t)(ge_f0 >> 31);
}

/* Bytes w[k .. k + 8) zero-extended to 32-bit lanes. */
static inline T256 ALWAYS __m256i
wide32(const uint8_t *w, int k)
{
	return _mm256_cvtepu8_epi32(_mm_loadl_epi64((const __m128i *)(w + k)));
}

/* UTF-32 of the characters whose leads are in the 32 bytes at w, 8
 * lanes at a time, packed through pack8; as units16. */
static inline T256 ALWAYS size_t
units32(const struct vconst *vc, const uint8_t *w, uint32_t lead,
        uint32_t ge_e0, uint32_t ge_f0, uint8_t *d, ub_endian e)
{
	const __m256i c3f = vc->u32_0000_003f;
	__m256i b0, t1, t2, t3, u, x, idx;
	size_t o = 0;
	unsigned g, m;

	for (g = 0; g < 4; g++) {
		b0 = wide32(w, 8 * (int)g);
		t1 = _mm256_and_si256(wide32(w, 8 * (int)g + 1), c3f);
		/* 110aaaaa 10bbbbbb */
		x = _mm256_or_si256(
			_mm256_slli_epi32(_mm256_and_si256(b0,
		                                           vc->u32_0000_001f),
		                          6),
			t1);
		u = _mm256_blendv_epi8(b0, x,
		                       _mm256_cmpgt_epi32(b0,
		                                          vc->u32_0000_00bf));
		if ((ge_e0 >> 8 * g & 0xFF) != 0) {
			t2 = _mm256_and_si256(wide32(w, 8 * (int)g + 2), c3f);
			/* 1110aaaa 10bbbbbb 10cccccc */
			x = _mm256_or_si256(
				_mm256_or_si256(
					_mm256_slli_epi32(
						_mm256_and_si256(
							b0, vc->u32_0000_000f),
						12),
					_mm256_slli_epi32(t1, 6)),
				t2);
			u = _mm256_blendv_epi8(
				u, x,
				_mm256_cmpgt_epi32(b0, vc->u32_0000_00df));
			if ((ge_f0 >> 8 * g & 0xFF) != 0) {
				t3 = _mm256_and_si256(wide32(w,
				                             8 * (int)g + 3),
				                      c3f);
				/* 11110aaa 10bbbbbb 10cccccc 10dddddd */
				x = _mm256_or_si256(
					_mm256_or_si256(
						_mm256_slli_epi32(
							_mm256_and_si256(
								b0,
								vc->u32_0000_0007),
							18),
						_mm256_slli_epi32(t1, 12)),
					_mm256_or_si256(_mm256_slli_epi32(t2,
				                                          6),
				                        t3));
				u = _mm256_blendv_epi8(
					u, x,
					_mm256_cmpgt_epi32(b0,
				                           vc->u32_0000_00ef));
			}
		}
		if (e == UB_BE)
			u = swap32(vc, u);
		m = lead >> 8 * g & 0xFF;
		idx = _mm256_cvtepu8_epi32(
			_mm_cvtsi64_si128((long long)pack8[m]));
		_mm256_storeu_si256((__m256i *)(d + o),
		                    _mm256_permutevar8x32_epi32(u, idx));
		o += 4 * (size_t)_mm_popcnt_u32(m);
	}
	return o;
}

/* CONV_CHUNK bytes at s, which starts a character; s[-3 ..
 * CONV_CHUNK + 35) is readable.  False: an error somewhere. */
static inline T256 ALWAYS bool
fast_chunk(const struct vconst *vc, const uint8_t *s, bool utf16, uint8_t *d,
           ub_endian e, size_t *wrote)
{
	__m256i acc = _mm256_setzero_si256(), open = acc, v;
	uint32_t cont, lead, ge_e0, ge_f0;
	size_t j, o = 0;

	for (j = 0; j < CONV_CHUNK; j += 32) {
		v = _mm256_loadu_si256((const __m256i *)(s + j));
		if (_mm256_movemask_epi8(v) == 0) {
			/* no check needed, but the block before must not
			 * have left a sequence open */
			acc = _mm256_or_si256(acc, open);
			open = _mm256_setzero_si256();
			o += ascii_units(v, d + o, utf16, e);
			continue;
		}
		acc = _mm256_or_si256(acc, errors_at(vc, s + j, &cont));
		open = _mm256_subs_epu8(v, vc->open_max);
		lead = ~cont;
		/* bit 7 of x - 0x60 is x >= E0, of x - 0x70 x >= F0 */
		ge_e0 = (uint32_t)_mm256_movemask_epi8(
			_mm256_subs_epu8(v, vc->u8_60));
		ge_f0 = (uint32_t)_mm256_movemask_epi8(
			_mm256_subs_epu8(v, vc->u8_70));
		o += utf16 ? units16(vc, s + j, lead, ge_e0, ge_f0, d + o, e)
		           : units32(vc, s + j, lead, ge_e0, ge_f0, d + o, e);
	}
	/* The last characters end in the first 3 bytes after the chunk. */
	acc = _mm256_or_si256(acc,
	                      _mm256_and_si256(errors_at(vc, s + CONV_CHUNK,
	                                                 &cont),
	                                       vc->first3));
	*wrote = o;
	return !any(acc);
}

/*
 * UTF-8 to UTF-16 (utf16) or UTF-32: the first block, and everything
 * from the first chunk with an error on, by the careful converters
 * (which stop at the first bad block); fast chunks between.
 */
static inline T256 ALWAYS size_t
utf8_to_wide(const uint8_t *s, size_t n, uint8_t *d, size_t cap, bool utf16,
             ub_endian e, size_t *written)
{
	const size_t room = (utf16 ? 2 : 4) * (CONV_CHUNK + 32) + 64;
	const size_t most = (utf16 ? 2 : 4) * CONV_CHUNK;
	const bool big = n >= STREAM_MIN && cap >= STREAM_MIN;
	size_t i, o, w;
	struct vconst vc[1];
	struct out_stream st;

	vconst_init(vc);
	i = utf16 ? careful_to_utf16(vc, s, n < 32 ? n : 32, d, cap, e, &o)
	          : careful_to_utf32(vc, s, n < 32 ? n : 32, d, cap, e, &o);
	/* around the cache while big and (nearly) all ASCII: see
	 * stream_wanted() */
	stream_init(&st);
	w = 0;
	while (i >= 3 && n - i >= CONV_CHUNK + 64 && cap - o >= room &&
	       fast_chunk(vc, s + i, utf16,
	                  stream_at(&st, d + o,
	                            big && stream_wanted(w, most, !utf16)),
	                  e, &w)) {
		stream_wrote(&st, w);
		i += CONV_CHUNK;
		o += w;
		/* the rest of a character converted already */
		while ((s[i] & 0xC0) == 0x80)
			i++;
	}
	stream_end(&st);
	i += utf16 ? careful_to_utf16(vc, s + i, n - i, d + o, cap - o, e, &w)
	           : careful_to_utf32(vc, s + i, n - i, d + o, cap - o, e, &w);
	*written = o + w;
	return i;
}

static T256 size_t
utf8_to_utf16(const uint8_t *s, size_t n, uint8_t *d, size_t cap, ub_endian e,
              size_t *written)
{
	return utf8_to_wide(s, n, d, cap, true, e, written);
}

static T256 size_t
utf8_to_utf32(const uint8_t *s, size_t n, uint8_t *d, size_t cap, ub_endian e,
              size_t *written)
{
	return utf8_to_wide(s, n, d, cap, false, e, written);
}

/*
 * 16 UTF-16 units all below 800 (and so no surrogates): each 16-bit
 * lane becomes its one or two UTF-8 bytes, low byte first, and the
 * bytes kept are packed 8 at a time.  Bytes written at d.
 */
static inline T256 ALWAYS size_t
two_bytes16_to_utf8(const struct vconst *vc, __m256i u, uint8_t *d)
{
	__m256i big = _mm256_cmpgt_epi16(u, vc->u16_007f);
	/* 110aaaaa 10bbbbbb */
	__m256i two = _mm256_or_si256(
		_mm256_or_si256(_mm256_srli_epi16(u, 6), vc->u16_00c0),
		_mm256_slli_epi16(
			_mm256_or_si256(_mm256_and_si256(u, vc->u16_003f),
	                                vc->u16_0080),
			8));
	__m256i w = _mm256_blendv_epi8(u, two, big);
	uint32_t kb = (uint32_t)_mm256_movemask_epi8(
		_mm256_or_si256(big, vc->u16_00ff));
	__m128i lo = _mm256_castsi256_si128(w),
		hi = _mm256_extracti128_si256(w, 1);
	size_t o = 0;

	o += pack8b(d + o, lo, kb & 0xFF);
	o += pack8b(d + o, _mm_srli_si128(lo, 8), kb >> 8 & 0xFF);
	o += pack8b(d + o, hi, kb >> 16 & 0xFF);
	o += pack8b(d + o, _mm_srli_si128(hi, 8), kb >> 24);
	return o;
}

/*
 * UTF-16 blocks of 16 units that are all ASCII, or all below U+0800.
 * A block with a 3-byte unit or a surrogate ends the run: the scalar
 * loop takes the next KiB (lib/transcode.c), as it measured faster on
 * such text than the 8-lanes-at-a-time vector code it replaced (CJK
 * 1.45 against 1.29 GB/s, emoji 1.98 against 0.98).
 */
static T256 size_t
utf16_to_utf8(const uint8_t *s, size_t n, uint8_t *d, size_t cap, ub_endian e,
              size_t *written)
{
	size_t i = 0, o = 0;
	__m256i v;
	struct vconst vc[1];

	vconst_init(vc);
	while (n - i >= 32 && cap - o >= 64) {
		v = _mm256_loadu_si256((const __m256i *)(s + i));
		if (e == UB_BE)
			v = swap16(vc, v);
		if (_mm256_testz_si256(v, vc->u16_ff80)) {
			__m128i p = _mm_packus_epi16(
				_mm256_castsi256_si128(v),
				_mm256_extracti128_si256(v, 1));

			_mm_storeu_si128((__m128i *)(d + o), p);
			i += 32;
			o += 16;
			continue;
		}
		if (!_mm256_testz_si256(v, vc->u16_f800))
			break;
		o += two_bytes16_to_utf8(vc, v, d + o);
		i += 32;
	}
	*written = o;
	return i;
}

/*
 * UTF-32 blocks of 16 code points, as utf16_to_utf8() takes UTF-16:
 * all ASCII, or all below U+0800 (narrowed to 16 bits first).  Any
 * other block ends the run: the scalar code goes on from there.
 */
static T256 size_t
utf32_to_utf8(const uint8_t *s, size_t n, uint8_t *d, size_t cap, ub_endian e,
              size_t *written)
{
	size_t i = 0, o = 0;
	__m256i a, b, all, u;
	struct vconst vc[1];

	vconst_init(vc);
	while (n - i >= 64 && cap - o >= 64) {
		a = _mm256_loadu_si256((const __m256i *)(s + i));
		b = _mm256_loadu_si256((const __m256i *)(s + i + 32));
		if (e == UB_BE) {
			a = swap32(vc, a);
			b = swap32(vc, b);
		}
		all = _mm256_or_si256(a, b);
		if (!_mm256_testz_si256(all, vc->u32_ffff_f800))
			break;
		/* the 16 code points as 16-bit units, in order */
		u = _mm256_permute4x64_epi64(_mm256_packus_epi32(a, b), 0xD8);
		if (_mm256_testz_si256(all, vc->u32_ffff_ff80)) {
			_mm_storeu_si128(
				(__m128i *)(d + o),
				_mm_packus_epi16(_mm256_castsi256_si128(u),
			                         _mm256_extracti128_si256(u,
			                                                  1)));
			i += 64;
			o += 16;
			continue;
		}
		o += two_bytes16_to_utf8(vc, u, d + o);
		i += 64;
	}
	*written = o;
	return i;
}

static T256 size_t
latin1_to_utf8(const uint8_t *s, size_t n, uint8_t *d, size_t cap,
               size_t *written)
{
	size_t i = 0, o = 0;
	uint32_t hi;
	unsigned h, g;
	__m256i v, b, x;
	struct vconst vc[1];

	vconst_init(vc);
	while (n - i >= 32 && cap - o >= 72) {
		v = _mm256_loadu_si256((const __m256i *)(s + i));
		hi = (uint32_t)_mm256_movemask_epi8(v);
		if (hi == 0) {
			_mm256_storeu_si256((__m256i *)(d + o), v);
			i += 32;
			o += 32;
			continue;
		}
		for (h = 0; h < 2; h++) {
			/* 1 byte below 80, else 110000aa 10bbbbbb */
			uint32_t kb;

			b = _mm256_cvtepu8_epi16(
				h == 0 ? _mm256_castsi256_si128(v)
				       : _mm256_extracti128_si256(v, 1));
			x = _mm256_or_si256(
				_mm256_or_si256(_mm256_srli_epi16(b, 6),
			                        vc->u16_00c0),
				_mm256_slli_epi16(
					_mm256_or_si256(
						_mm256_and_si256(b,
			                                         vc->u16_003f),
						vc->u16_0080),
					8));
			b = _mm256_blendv_epi8(
				b, x, _mm256_cmpgt_epi16(b, vc->u16_007f));
			kb = 0x55555555u |
			     _pdep_u32(hi >> 16 * h, 0xAAAAAAAAu);
			for (g = 0; g < 4; g++) {
				__m128i lane =
					g < 2 ? _mm256_castsi256_si128(b)
					      : _mm256_extracti128_si256(b, 1);

				if (g % 2 == 1)
					lane = _mm_srli_si128(lane, 8);
				o += pack8b(d + o, lane, kb >> 8 * g & 0xFF);
			}
		}
		i += 32;
	}
	*written = o;
	return i;
}

/* Characters (bytes that start one) of s[0..n). */
static T256 uint64_t
count_starts(const uint8_t *s, size_t n)
{
	uint64_t c = 0;
	size_t i = 0;
	struct vconst vc[1];

	vconst_init(vc);
	for (; n - i >= 32; i += 32)
		c += (uint64_t)_mm_popcnt_u32(
			starts(vc,
		               _mm256_loadu_si256((const __m256i *)(s + i))));
	for (; i < n; i++)
		c += (s[i] & 0xC0) != 0x80;
	return c;
}

/* The CR and LF masks of the 64 bytes at p. */
static inline T256 ALWAYS void
line_masks(const struct vconst *vc, const uint8_t *p, uint64_t *cr,
           uint64_t *lf)
{
	__m256i a = _mm256_loadu_si256((const __m256i *)p),
		b = _mm256_loadu_si256((const __m256i *)(p + 32));
	__m256i r = vc->cr, f = vc->lf;

	*cr = (uint64_t)(uint32_t)_mm256_movemask_epi8(_mm256_cmpeq_epi8(b, r))
	              << 32 |
	      (uint32_t)_mm256_movemask_epi8(_mm256_cmpeq_epi8(a, r));
	*lf = (uint64_t)(uint32_t)_mm256_movemask_epi8(_mm256_cmpeq_epi8(b, f))
	              << 32 |
	      (uint32_t)_mm256_movemask_epi8(_mm256_cmpeq_epi8(a, f));
}

/*
 * Every block costs the same, without a branch on what it holds (text
 * has a line end in most blocks, at no set place); the column is
 * counted once, from the last line end on, found from the end.  The
 * last short block is copied out (zeros are neither CR nor LF).
 */
static T256 void
lines(const uint8_t *s, size_t n, bool utf8, struct ubi_lines *l)
{
	uint8_t pad[64] = {0};
	uint64_t cr, lf, carry = 0, ends = 0;
	size_t i, at, full = n & ~(size_t)63;
	struct vconst vc[1];

	vconst_init(vc);
	for (i = 0; i < full; i += 64) {
		line_masks(vc, s + i, &cr, &lf);
		ends += (uint64_t)_mm_popcnt_u64(cr |
		                                 (lf & ~(cr << 1 | carry)));
		carry = cr >> 63;
	}
	if (full < n) {
		memcpy(pad, s + full, n - full);
		line_masks(vc, pad, &cr, &lf);
		ends += (uint64_t)_mm_popcnt_u64(cr |
		                                 (lf & ~(cr << 1 | carry)));
	}
	l->ends += ends;
	/* the last line end, from the end back: the short block first */
	for (i = n; i > 0; i = at) {
		at = i == n && full < n ? full : i - 64;
		line_masks(vc, at == full && full < n ? pad : s + at, &cr,
		           &lf);
		if ((cr | lf) != 0) {
			at += 64 - (size_t)__builtin_clzll(cr | lf);
			l->eol = true;
			l->chars = utf8 ? count_starts(s + at, n - at)
			                : n - at;
			return;
		}
	}
	l->chars += utf8 ? count_starts(s, n) : n;
}

const struct ubi_kernels ubi_kernels_avx2 = {"avx2",        utf8_prefix,
                                             ascii_prefix,  utf8_to_utf16,
                                             utf8_to_utf32, utf16_to_utf8,
                                             utf32_to_utf8, latin1_to_utf8,
                                             lines};

#else /* not x86-64: lib/simd.c never selects it */

const struct ubi_kernels ubi_kernels_avx2 = {"avx2", NULL, NULL, NULL, NULL,
                                             NULL,   NULL, NULL, NULL};

#endif
