/*
 * fuzz.h - what the libFuzzer targets in tests/fuzz/ share: a failing
 * property aborts (libFuzzer then saves the input), a slow reference
 * decoder per encoding form written from the standard's tables, and the
 * checks every decoder target runs on its input.
 *
 * The references are deliberately naive and independent of lib/: one
 * comparison per rule, so a disagreement points at the library.
 */
#ifndef UB_FUZZ_H
#define UB_FUZZ_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <unibits.h>

static inline void
fz_fail(const char *file, int line, const char *what)
{
	fprintf(stderr, "%s:%d: property failed: %s\n", file, line, what);
	abort();
}

#define FZ_ASSERT(c) ((c) ? (void)0 : fz_fail(__FILE__, __LINE__, #c))

/* One step of a reference decoder: ok, bytes taken, and whether the
 * input ran out inside the sequence. */
struct fz_step {
	int ok, truncated;
	size_t len;
	uint32_t cp;
};

/*
 * UTF-8 by Unicode 15.0 Table 3-7, invalid input consumed as maximal
 * subparts (Unicode 15.0 ch. 3, "U+FFFD Substitution of Maximal
 * Subparts"): the longest prefix of a well-formed sequence, at least 1.
 */
static inline struct fz_step
fz_ref_utf8(const uint8_t *s, size_t n)
{
	struct fz_step r = {0, 0, 1, 0xFFFD};
	unsigned need, lo = 0x80, hi = 0xBF, i;
	uint8_t b = s[0];
	uint32_t cp;

	if (b <= 0x7F) {
		r.ok = 1;
		r.cp = b;
		return r;
	}
	if (b >= 0xC2 && b <= 0xDF)
		need = 2, cp = b & 0x1F;
	else if (b >= 0xE0 && b <= 0xEF)
		need = 3, cp = b & 0x0F;
	else if (b >= 0xF0 && b <= 0xF4)
		need = 4, cp = b & 0x07;
	else
		return r;
	if (b == 0xE0)
		lo = 0xA0;
	else if (b == 0xED)
		hi = 0x9F;
	else if (b == 0xF0)
		lo = 0x90;
	else if (b == 0xF4)
		hi = 0x8F;
	for (i = 1; i < need; i++) {
		if (i >= n) {
			r.truncated = 1;
			r.len = i;
			return r;
		}
		if (s[i] < (i == 1 ? lo : 0x80) ||
		    s[i] > (i == 1 ? hi : 0xBF)) {
			r.len = i;
			return r;
		}
		cp = cp << 6 | (s[i] & 0x3F);
	}
	r.ok = 1;
	r.len = need;
	r.cp = cp;
	return r;
}

static inline uint32_t
fz_get(const uint8_t *s, unsigned size, int be)
{
	uint32_t v = 0;
	unsigned i;

	for (i = 0; i < size; i++)
		v |= (uint32_t)s[i] << (8 * (be ? size - 1 - i : i));
	return v;
}

/* UTF-16 (Unicode D91): a lone surrogate is one error of one unit; an
 * odd final byte, or a high surrogate cut by the end, is truncated. */
static inline struct fz_step
fz_ref_utf16(const uint8_t *s, size_t n, int be)
{
	struct fz_step r = {0, 0, n, 0xFFFD};
	uint32_t u, v;

	if (n < 2) {
		r.truncated = 1;
		return r;
	}
	u = fz_get(s, 2, be);
	r.len = 2;
	if (u < 0xD800 || u > 0xDFFF) {
		r.ok = 1;
		r.cp = u;
		return r;
	}
	if (u >= 0xDC00)
		return r;
	if (n < 4) {
		r.truncated = 1;
		r.len = n;
		return r;
	}
	v = fz_get(s + 2, 2, be);
	if (v < 0xDC00 || v > 0xDFFF)
		return r;
	r.ok = 1;
	r.len = 4;
	r.cp = 0x10000 + ((u - 0xD800) << 10) + (v - 0xDC00);
	return r;
}

/* UTF-32 (Unicode D90): surrogates and values above 10FFFF are errors. */
static inline struct fz_step
fz_ref_utf32(const uint8_t *s, size_t n, int be)
{
	struct fz_step r = {0, 0, n, 0xFFFD};
	uint32_t u;

	if (n < 4) {
		r.truncated = 1;
		return r;
	}
	u = fz_get(s, 4, be);
	r.len = 4;
	if ((u >= 0xD800 && u <= 0xDFFF) || u > 0x10FFFF)
		return r;
	r.ok = 1;
	r.cp = u;
	return r;
}

static inline struct fz_step
fz_ref(ub_encoding enc, const uint8_t *s, size_t n)
{
	struct fz_step r = {0, 0, 1, 0xFFFD};

	switch (enc) {
	case UB_UTF8:
		return fz_ref_utf8(s, n);
	case UB_UTF16LE:
	case UB_UTF16BE:
		return fz_ref_utf16(s, n, enc == UB_UTF16BE);
	case UB_UTF32LE:
	case UB_UTF32BE:
		return fz_ref_utf32(s, n, enc == UB_UTF32BE);
	case UB_ASCII:
		r.ok = s[0] < 0x80;
		r.cp = r.ok ? s[0] : 0xFFFD;
		return r;
	case UB_LATIN1:
		r.ok = 1;
		r.cp = s[0];
		return r;
	default:
		abort();
	}
}

/* The BOM a UTF-16 / UTF-32 source starts with: its size, and the fixed
 * encoding the rest is in (big-endian without one, D98/D101). */
static inline size_t
fz_bom(ub_encoding enc, const uint8_t *s, size_t n, ub_encoding *fixed)
{
	*fixed = enc;
	if (enc == UB_UTF16) {
		*fixed = UB_UTF16BE;
		if (n >= 2 && s[0] == 0xFF && s[1] == 0xFE) {
			*fixed = UB_UTF16LE;
			return 2;
		}
		return n >= 2 && s[0] == 0xFE && s[1] == 0xFF ? 2 : 0;
	}
	if (enc == UB_UTF32) {
		*fixed = UB_UTF32BE;
		if (n >= 4 && !memcmp(s, "\xFF\xFE\0\0", 4)) {
			*fixed = UB_UTF32LE;
			return 4;
		}
		return n >= 4 && !memcmp(s, "\0\0\xFE\xFF", 4) ? 4 : 0;
	}
	return 0;
}

static const ub_encoding fz_all[] = {
	UB_ASCII,  UB_LATIN1,  UB_UTF8,    UB_UTF16LE, UB_UTF16BE,
	UB_UTF16,  UB_UTF32LE, UB_UTF32BE, UB_UTF32,
};
#define FZ_NENC (sizeof(fz_all) / sizeof(fz_all[0]))

/* What the reference says about s[0..n) in enc. */
struct fz_oracle {
	size_t bom;            /* BOM bytes skipped */
	size_t steps;          /* characters + maximal subparts */
	size_t errors;         /* maximal subparts */
	size_t first_bad;      /* offset of the first, or n */
	int first_truncated;   /* ... and whether it was cut by the end */
	size_t good_before;    /* characters before it */
	uint32_t *cp;          /* each step's value, U+FFFD for an error */
	uint8_t *bad;          /* each step: 1 if it was an error */
};

static inline void
fz_oracle_run(struct fz_oracle *o, ub_encoding enc, const uint8_t *s,
              size_t n)
{
	ub_encoding fixed;
	struct fz_step st;
	size_t i;

	memset(o, 0, sizeof(*o));
	o->cp = malloc((n + 1) * sizeof(*o->cp));
	o->bad = malloc(n + 1);
	o->first_bad = n;
	i = o->bom = fz_bom(enc, s, n, &fixed);
	while (i < n) {
		st = fz_ref(fixed, s + i, n - i);
		FZ_ASSERT(st.len >= 1 && st.len <= n - i);
		o->cp[o->steps] = st.cp;
		o->bad[o->steps] = (uint8_t)!st.ok;
		if (!st.ok && o->errors++ == 0) {
			o->first_bad = i;
			o->first_truncated = st.truncated;
			o->good_before = o->steps;
		}
		o->steps++;
		i += st.len;
	}
	if (o->errors == 0)
		o->good_before = o->steps;
}

static inline void
fz_oracle_free(struct fz_oracle *o)
{
	free(o->cp);
	free(o->bad);
}

/*
 * The library's decoder against the reference, step by step, on the
 * fixed-order encoding enc; then validate and count.
 */
static inline void
fz_check_decoder(ub_encoding enc, const uint8_t *s, size_t n)
{
	struct fz_oracle o;
	ub_encoding fixed;
	struct fz_step st;
	uint8_t buf[4];
	size_t i, k;
	ub_decoded d;
	ub_result v;

	fz_oracle_run(&o, enc, s, n);
	fz_bom(enc, s, n, &fixed);
	for (i = o.bom, k = 0; i < n; k++) {
		d = ub_decode(fixed, s + i, n - i);
		st = fz_ref(fixed, s + i, n - i);
		FZ_ASSERT(d.len == st.len);
		FZ_ASSERT((d.status == UB_OK) == st.ok);
		FZ_ASSERT((d.status == UB_E_TRUNCATED) == st.truncated);
		FZ_ASSERT(d.status == UB_OK ||
		          ub_status_is_invalid(d.status) ||
		          d.status == UB_E_TRUNCATED);
		FZ_ASSERT(d.cp == st.cp);
		if (d.status == UB_OK) {
			FZ_ASSERT(ub_is_scalar(d.cp));
			/* decode then encode is the identity */
			FZ_ASSERT(ub_encode(fixed, d.cp, buf) == d.len);
			FZ_ASSERT(memcmp(buf, s + i, d.len) == 0);
		}
		i += d.len;
	}
	FZ_ASSERT(k == o.steps);

	v = ub_validate(enc, s, n);
	FZ_ASSERT((v.status == UB_OK) == (o.errors == 0));
	FZ_ASSERT(v.in == o.first_bad);
	FZ_ASSERT(v.out == o.good_before);
	FZ_ASSERT(v.errors == (o.errors > 0));
	if (o.errors > 0)
		FZ_ASSERT((v.status == UB_E_TRUNCATED) == o.first_truncated);
	if (enc == UB_UTF8) {
		ub_result w = ub_utf8_validate(s, n);
		FZ_ASSERT(w.status == v.status && w.in == v.in &&
		          w.out == v.out);
		FZ_ASSERT(ub_utf8_count(s, n) == o.steps);
	}
	FZ_ASSERT(ub_count(enc, s, n) == o.steps);
	fz_oracle_free(&o);
}

static inline bool
fz_unicode(ub_encoding e)
{
	return e >= UB_UTF8;
}

static inline bool
fz_fixed(ub_encoding e)
{
	return e != UB_UTF16 && e != UB_UTF32;
}

/* Replacing into UTF-32BE writes the reference's values. */
static inline void
fz_check_replaced(const struct fz_oracle *o, const uint8_t *out,
                  size_t nout)
{
	size_t i;

	FZ_ASSERT(nout == 4 * o->steps);
	for (i = 0; i < o->steps; i++) {
		FZ_ASSERT(out[4 * i] == (uint8_t)(o->cp[i] >> 24));
		FZ_ASSERT(out[4 * i + 1] == (uint8_t)(o->cp[i] >> 16));
		FZ_ASSERT(out[4 * i + 2] == (uint8_t)(o->cp[i] >> 8));
		FZ_ASSERT(out[4 * i + 3] == (uint8_t)o->cp[i]);
	}
}

/*
 * A small dst, resumed at src + in, gives the whole output w / full.
 * (A BOM-writing or BOM-reading form is not resumable this way, since
 * the call keeps no state, so only fixed forms come here.)
 */
static inline void
fz_check_resumed(ub_encoding to, ub_encoding from, const uint8_t *s,
                 size_t n, ub_policy p, ub_result w, const uint8_t *full,
                 size_t cap)
{
	uint8_t *part = malloc(w.out + 64);
	size_t at = 0, got = 0, room;
	ub_result r;

	for (;;) {
		room = cap < w.out + 64 - got ? cap : w.out + 64 - got;
		r = ub_transcode(to, from, s + at, n - at, part + got, room,
		                 p);
		FZ_ASSERT(r.out <= room);
		got += r.out;
		at += r.in;
		if (r.status != UB_E_OUTPUT_FULL)
			break;
		if (r.in == 0 && r.out == 0) /* less than one character */
			cap += 8;
		FZ_ASSERT(cap < 1000);
	}
	FZ_ASSERT(r.status == w.status);
	FZ_ASSERT(at == w.in);
	FZ_ASSERT(got == w.out);
	FZ_ASSERT(got == 0 || memcmp(part, full, got) == 0);
	free(part);
}

/* Valid input in a fixed form round-trips through UTF-32LE (u32). */
static inline void
fz_check_roundtrip(ub_encoding enc, const uint8_t *s, size_t n,
                   const uint8_t *u32, size_t n32)
{
	size_t m = ub_transcode_length(enc, UB_UTF32LE, u32, n32, UB_STRICT)
	                   .out;
	uint8_t *back = malloc(m + 1);
	ub_result r;

	r = ub_transcode(enc, UB_UTF32LE, u32, n32, back, m, UB_STRICT);
	FZ_ASSERT(r.status == UB_OK && r.out == n);
	FZ_ASSERT(n == 0 || memcmp(back, s, n) == 0);
	free(back);
}

/*
 * ub_transcode from one encoding to another under one policy: the size
 * query equals what is written; the strict result agrees with the
 * validator v; a non-strict one counts the reference's errors o.
 */
static inline void
fz_check_pair(ub_encoding to, ub_encoding from, const uint8_t *s,
              size_t n, ub_policy p, const struct fz_oracle *o,
              ub_result v, unsigned cap_seed)
{
	ub_result q, w, r;
	uint8_t *full;

	q = ub_transcode(to, from, s, n, NULL, 0, p);
	r = ub_transcode_length(to, from, s, n, p);
	FZ_ASSERT(q.status == r.status && q.in == r.in && q.out == r.out &&
	          q.errors == r.errors);
	full = malloc(q.out + 1);
	w = ub_transcode(to, from, s, n, full, q.out, p);
	FZ_ASSERT(w.status == q.status && w.in == q.in && w.out == q.out &&
	          w.errors == q.errors);
	FZ_ASSERT(w.status != UB_E_OUTPUT_FULL);
	if (p != UB_STRICT) {
		FZ_ASSERT(w.status == UB_OK && w.in == n);
		if (fz_unicode(to))
			FZ_ASSERT(w.errors == o->errors);
		else /* plus the unmappable characters */
			FZ_ASSERT(w.errors >= o->errors);
	} else if (fz_unicode(to)) {
		/* strict into Unicode stops where the validator does */
		FZ_ASSERT(w.status == v.status);
		FZ_ASSERT(w.in == v.in);
		FZ_ASSERT(w.errors == (o->errors > 0));
	}
	if (p == UB_REPLACE && to == UB_UTF32BE)
		fz_check_replaced(o, full, w.out);
	/* the slow one, for one policy per input */
	if (fz_fixed(from) && fz_fixed(to) && cap_seed % 4 == (unsigned)p)
		fz_check_resumed(to, from, s, n, p, w, full,
		                 1 + cap_seed / 4 % 13);
	if (p == UB_STRICT && o->errors == 0 && fz_fixed(from) &&
	    to == UB_UTF32LE)
		fz_check_roundtrip(from, s, n, full, w.out);
	free(full);
}

/*
 * ub_transcode from enc under every policy to UTF-32BE and UTF-32LE
 * (where the reference and round-trip checks are) and to one more
 * built-in encoding the input picks, so each run stays fast and the
 * runs together cover every pair; cap_seed picks the small capacities.
 */
static inline void
fz_check_transcode(ub_encoding from, const uint8_t *s, size_t n,
                   unsigned cap_seed)
{
	ub_encoding to[3] = {UB_UTF32BE, UB_UTF32LE, UB_ENC_NONE};
	struct fz_oracle o;
	ub_result v;
	size_t t;
	int p;

	to[2] = fz_all[(cap_seed >> 8) % FZ_NENC];
	fz_oracle_run(&o, from, s, n);
	v = ub_validate(from, s, n);
	for (t = 0; t < 3; t++)
		for (p = UB_STRICT; p <= UB_ESCAPE; p++)
			fz_check_pair(to[t], from, s, n, (ub_policy)p, &o, v,
			              cap_seed);
	fz_oracle_free(&o);
}

/*
 * The vector kernels against the scalar code: every level this CPU runs
 * gives the same validation, count and conversions (under each policy,
 * into UTF-8, UTF-16LE and UTF-32BE) as UB_SIMD_SCALAR.
 */
static inline void
fz_check_simd(ub_encoding enc, const uint8_t *s, size_t n)
{
	static const ub_encoding to[] = {UB_UTF8, UB_UTF16LE, UB_UTF32BE};
	ub_simd start = ub_simd_level();
	ub_result v0, v, t0, t;
	uint8_t *o0, *o;
	size_t c0, k, cap = 4 * n + 64;
	int level, p;

	o0 = malloc(cap);
	o = malloc(cap);
	for (level = UB_SIMD_AVX2; level <= UB_SIMD_AVX512; level++) {
		if (!ub_simd_supported((ub_simd)level))
			continue;
		FZ_ASSERT(ub_simd_select(UB_SIMD_SCALAR) == UB_OK);
		v0 = ub_validate(enc, s, n);
		c0 = ub_count(enc, s, n);
		FZ_ASSERT(ub_simd_select((ub_simd)level) == UB_OK);
		v = ub_validate(enc, s, n);
		FZ_ASSERT(v.status == v0.status && v.in == v0.in &&
		          v.out == v0.out && v.errors == v0.errors);
		FZ_ASSERT(ub_count(enc, s, n) == c0);
		if (enc == UB_UTF8) {
			FZ_ASSERT(ub_utf8_count(s, n) == c0);
			v = ub_utf8_validate(s, n);
			FZ_ASSERT(v.status == v0.status && v.in == v0.in &&
			          v.out == v0.out);
		}
		for (k = 0; k < 3; k++)
			for (p = UB_STRICT; p <= UB_ESCAPE; p++) {
				FZ_ASSERT(ub_simd_select(UB_SIMD_SCALAR) ==
				          UB_OK);
				t0 = ub_transcode(to[k], enc, s, n, o0, cap,
				                  (ub_policy)p);
				FZ_ASSERT(ub_simd_select((ub_simd)level) ==
				          UB_OK);
				t = ub_transcode(to[k], enc, s, n, o, cap,
				                 (ub_policy)p);
				FZ_ASSERT(t.status == t0.status &&
				          t.in == t0.in && t.out == t0.out &&
				          t.errors == t0.errors);
				FZ_ASSERT(t.out == 0 || !memcmp(o, o0, t.out));
			}
	}
	FZ_ASSERT(ub_simd_select(start) == UB_OK);
	free(o0);
	free(o);
}

#endif /* UB_FUZZ_H */
