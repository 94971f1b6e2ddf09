/*
 * transcode.c - whole-buffer operations over any built-in encoding:
 * decode/encode by encoding id, validate, count, and the bulk transcoder
 * with its error policies.  The per-encoding rules live in utf8.c,
 * utf16.c, utf32.c and sbcs.c; this file only dispatches and loops.
 */
#include <string.h>

#include "internal.h"

UB_API ub_decoded
ub_decode(ub_encoding enc, const uint8_t *s, size_t n)
{
	ub_decoded bad = {UB_REPLACEMENT_CHAR, 0, 0, UB_E_INVALID_ARG};

	switch (enc) {
	case UB_ASCII:
		return ub_ascii_decode(s, n);
	case UB_LATIN1:
		return ub_latin1_decode(s, n);
	case UB_UTF8:
		return ub_utf8_decode(s, n);
	case UB_UTF16LE:
	case UB_UTF16BE:
	case UB_UTF16:
		return ub_utf16_decode(s, n, ubi_endian_of(enc));
	case UB_UTF32LE:
	case UB_UTF32BE:
	case UB_UTF32:
		return ub_utf32_decode(s, n, ubi_endian_of(enc));
	default:
		return bad;
	}
}

UB_API size_t
ub_encode(ub_encoding enc, uint32_t cp, uint8_t dst[4])
{
	switch (enc) {
	case UB_ASCII:
		if (cp >= 0x80)
			return 0;
		dst[0] = (uint8_t)cp;
		return 1;
	case UB_LATIN1:
		if (cp >= 0x100)
			return 0;
		dst[0] = (uint8_t)cp;
		return 1;
	case UB_UTF8:
		return ub_utf8_encode(cp, dst);
	case UB_UTF16LE:
	case UB_UTF16BE:
	case UB_UTF16:
		return ub_utf16_encode(cp, dst, ubi_endian_of(enc));
	case UB_UTF32LE:
	case UB_UTF32BE:
	case UB_UTF32:
		return ub_utf32_encode(cp, dst, ubi_endian_of(enc));
	default:
		return 0;
	}
}

/* Skip the BOM of a BOM-reading source; *fixed is what the rest is. */
static size_t
source_bom(ub_encoding enc, const uint8_t *s, size_t n, ub_encoding *fixed)
{
	ub_endian e = UB_BE;
	size_t bom = 0;

	if (enc == UB_UTF16 || enc == UB_UTF32)
		bom = ubi_sniff_bom(enc, s, n, &e);
	*fixed = ubi_with_endian(enc, e);
	return bom;
}

UB_API ub_result
ub_validate(ub_encoding enc, const uint8_t *s, size_t n)
{
	ub_result r = {UB_OK, 0, 0, 0};
	ub_encoding fixed;
	ub_decoded d;
	size_t i, k;

	if (ub_encoding_name(enc) == NULL || (s == NULL && n > 0)) {
		r.status = ub_encoding_name(enc) == NULL
		                   ? UB_E_UNKNOWN_ENCODING
		                   : UB_E_INVALID_ARG;
		return r;
	}
	if (enc == UB_UTF8)
		return ub_utf8_validate(s, n);
	i = source_bom(enc, s, n, &fixed);
	while (i < n) {
		/* the fast loop, then the decoder for where it stops */
		i += ubi_scalar_run(fixed, s + i, n - i, &k);
		r.out += k;
		if (i == n)
			break;
		d = ub_decode(fixed, s + i, n - i);
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

UB_API size_t
ub_count(ub_encoding enc, const uint8_t *s, size_t n)
{
	ub_encoding fixed;
	size_t i, k, count = 0;

	if (ub_encoding_name(enc) == NULL || s == NULL)
		return 0;
	if (enc == UB_UTF8)
		return ub_utf8_count(s, n);
	i = source_bom(enc, s, n, &fixed);
	while (i < n) {
		i += ubi_scalar_run(fixed, s + i, n - i, &k);
		count += k;
		if (i == n)
			break;
		/* a character the loop left, or one invalid sequence */
		i += ub_decode(fixed, s + i, n - i).len;
		count++;
	}
	return count;
}

static bool
ascii_compatible(ub_encoding enc)
{
	return enc == UB_ASCII || enc == UB_LATIN1 || enc == UB_UTF8;
}

/* Copy (or count) the ASCII bytes at src[0..n) up to cap, 8 at a time. */
static size_t
copy_ascii(const uint8_t *src, size_t n, uint8_t *dst, size_t cap)
{
	size_t i = 0, lim = dst != NULL && cap < n ? cap : n;
	uint64_t w;

	while (i + 8 <= lim) {
		memcpy(&w, src + i, 8);
		if (w & UBI_HIGH)
			break;
		if (dst != NULL)
			memcpy(dst + i, &w, 8);
		i += 8;
	}
	while (i < lim && src[i] < 0x80) {
		if (dst != NULL)
			dst[i] = src[i];
		i++;
	}
	return i;
}

/*
 * The scalar reference of ubi_transcode_strict; it returns UB_OK once
 * it has read stop bytes or more (whole characters).  The fast loop of
 * the pair (scalar.c) converts the valid runs; the generic code below
 * (ub_decode, ub_encode) takes each character the loop stops at and is
 * the one that decides errors.  Counting (dst == NULL), the loop writes
 * into a scratch buffer, over and over.
 */
static ub_result
strict_scalar(ub_encoding to, ub_encoding from, const uint8_t *src, size_t n,
              uint8_t *dst, size_t cap, size_t stop)
{
	ub_result r = {UB_OK, 0, 0, 0};
	bool ascii_fast = ascii_compatible(from) && ascii_compatible(to);
	ubi_run_fn fast = ubi_scalar_converter(to, from);
	size_t i = 0, o = 0, k, w;
	uint8_t buf[4], scratch[512];
	ub_decoded d;

	while (i < n && i < stop) {
		/* the fast loops read 8 bytes ahead: the last 7 are left to
		 * the code below, without asking them each time */
		if (fast != NULL && n - i >= 8) {
			k = fast(src + i, n - i, stop - i,
			         dst != NULL ? dst + o : scratch,
			         dst != NULL ? cap - o : sizeof scratch, &w);
			i += k;
			o += w;
			if (k > 0)
				continue;
		}
		if (ascii_fast && src[i] < 0x80) {
			k = copy_ascii(src + i, n - i,
			               dst != NULL ? dst + o : NULL,
			               dst != NULL ? cap - o : 0);
			i += k;
			o += k;
			if (k == 0) {
				r.status = UB_E_OUTPUT_FULL;
				break;
			}
			continue;
		}
		d = ub_decode(from, src + i, n - i);
		if (d.status != UB_OK) {
			r.status = d.status;
			break;
		}
		k = ub_encode(to, d.cp, buf);
		if (k == 0) {
			r.status = UB_E_UNMAPPABLE;
			break;
		}
		if (dst != NULL) {
			if (cap - o < k) {
				r.status = UB_E_OUTPUT_FULL;
				break;
			}
			memcpy(dst + o, buf, k);
		}
		o += k;
		i += d.len;
	}
	r.in = i;
	r.out = o;
	return r;
}

/* Copy the longest prefix of src[0..n) that fits in cap and that pred
 * says is whole, valid characters of both encodings. */
static size_t
copy_prefix(const struct ubi_kernels *k, bool utf8, const uint8_t *src,
            size_t n, uint8_t *dst, size_t cap)
{
	size_t m = n < cap ? n : cap, chars;

	if (utf8)
		m = k->utf8_prefix != NULL ? k->utf8_prefix(src, m, &chars)
		                           : 0;
	else
		m = k->ascii_prefix != NULL ? k->ascii_prefix(src, m) : 0;
	memcpy(dst, src, m);
	return m;
}

/*
 * The vector kernel for a pair of fixed-order encodings, if there is
 * one: it converts a valid prefix and returns how much it read.
 */
static size_t
kernel(const struct ubi_kernels *k, ub_encoding to, ub_encoding from,
       const uint8_t *src, size_t n, uint8_t *dst, size_t cap, size_t *w)
{
	ub_endian e = ubi_endian_of(to);

	*w = 0;
	switch (from) {
	case UB_UTF8:
		if ((to == UB_UTF16LE || to == UB_UTF16BE) &&
		    k->utf8_to_utf16 != NULL)
			return k->utf8_to_utf16(src, n, dst, cap, e, w);
		if ((to == UB_UTF32LE || to == UB_UTF32BE) &&
		    k->utf8_to_utf32 != NULL)
			return k->utf8_to_utf32(src, n, dst, cap, e, w);
		if (to == UB_UTF8 || to == UB_ASCII || to == UB_LATIN1)
			return *w = copy_prefix(k, to == UB_UTF8, src, n, dst,
			                        cap);
		return 0;
	case UB_UTF16LE:
	case UB_UTF16BE:
		if (to == UB_UTF8 && k->utf16_to_utf8 != NULL)
			return k->utf16_to_utf8(src, n, dst, cap,
			                        ubi_endian_of(from), w);
		return 0;
	case UB_UTF32LE:
	case UB_UTF32BE:
		if (to == UB_UTF8 && k->utf32_to_utf8 != NULL)
			return k->utf32_to_utf8(src, n, dst, cap,
			                        ubi_endian_of(from), w);
		return 0;
	case UB_LATIN1:
		if (to == UB_UTF8 && k->latin1_to_utf8 != NULL)
			return k->latin1_to_utf8(src, n, dst, cap, w);
		if (to == UB_ASCII || to == UB_LATIN1)
			return *w = copy_prefix(k, false, src, n, dst, cap);
		return 0;
	case UB_ASCII:
		if (ascii_compatible(to))
			return *w = copy_prefix(k, false, src, n, dst, cap);
		return 0;
	default:
		return 0;
	}
}

/*
 * Kernel and scalar code take turns: the kernel runs until it meets a
 * block it cannot vouch for, the scalar code converts the next 64 bytes
 * or so (a KiB when the kernel took nothing), or stops at the error,
 * and the kernel tries again.
 */
ub_result
ubi_transcode_strict(ub_encoding to, ub_encoding from, const uint8_t *src,
                     size_t n, uint8_t *dst, size_t cap)
{
	const struct ubi_kernels *k = ubi_kernels();
	ub_result r = {UB_OK, 0, 0, 0}, run;
	size_t w, took;

	if (dst == NULL || k->utf8_prefix == NULL)
		return strict_scalar(to, from, src, n, dst, cap, n);
	while (r.in < n) {
		took = kernel(k, to, from, src + r.in, n - r.in, dst + r.out,
		              cap - r.out, &w);
		r.in += took;
		r.out += w;
		if (r.in == n)
			break;
		/* a kernel that took nothing does not take such text at
		 * all (AVX2 UTF-16 of CJK, say): the scalar code goes on
		 * longer before it is asked again */
		run = strict_scalar(to, from, src + r.in, n - r.in,
		                    dst + r.out, cap - r.out,
		                    took == 0 ? 1024 : 64);
		r.in += run.in;
		r.out += run.out;
		if (run.status != UB_OK) {
			r.status = run.status;
			break;
		}
	}
	return r;
}

/* Append s[0..k) to dst (or only count it); false if it does not fit. */
static bool
put(uint8_t *dst, size_t cap, size_t *o, const uint8_t *s, size_t k)
{
	if (dst != NULL) {
		if (cap - *o < k)
			return false;
		memcpy(dst + *o, s, k);
	}
	*o += k;
	return true;
}

/* Encode an ASCII string in the target encoding (for escapes). */
static size_t
encode_ascii(ub_encoding to, const char *s, uint8_t *out)
{
	size_t k = 0;

	for (; *s != '\0'; s++)
		k += ub_encode(to, (unsigned char)*s, out + k);
	return k;
}

static const char hexdigits[] = "0123456789ABCDEF";

/*
 * What a non-strict policy writes for the bad sequence s[0..len) (or for
 * the unmappable character cp) into out, which has room for 64 bytes.
 */
static size_t
substitute(ub_encoding to, ub_policy policy, const uint8_t *s, size_t len,
           bool unmappable, uint32_t cp, uint8_t *out)
{
	char text[16];
	size_t i, k = 0;
	int shift;

	switch (policy) {
	case UB_REPLACE:
		return ub_encode(to, ubi_substitute(to), out);
	case UB_ESCAPE:
		if (unmappable) {
			memcpy(text, "\\u{", 3);
			i = 3;
			for (shift = cp > 0xFFFF ? (cp > 0xFFFFF ? 20 : 16)
			                         : 12;
			     shift >= 0; shift -= 4)
				text[i++] = hexdigits[cp >> shift & 0xF];
			text[i++] = '}';
			text[i] = '\0';
			return encode_ascii(to, text, out);
		}
		for (i = 0; i < len && i < 4; i++) {
			text[0] = '\\';
			text[1] = 'x';
			text[2] = hexdigits[s[i] >> 4];
			text[3] = hexdigits[s[i] & 0xF];
			text[4] = '\0';
			k += encode_ascii(to, text, out + k);
		}
		return k;
	default:
		return 0;
	}
}

UB_API ub_result
ub_transcode(ub_encoding to, ub_encoding from, const uint8_t *src, size_t n,
             uint8_t *dst, size_t cap, ub_policy policy)
{
	ub_result r = {UB_OK, 0, 0, 0}, run;
	ub_encoding ffrom, fto;
	uint8_t sub[64];
	size_t i, k, bom;
	ub_decoded d;
	bool unmappable;

	if (ub_encoding_name(to) == NULL || ub_encoding_name(from) == NULL) {
		r.status = UB_E_UNKNOWN_ENCODING;
		return r;
	}
	if ((src == NULL && n > 0) || (dst == NULL && cap > 0) ||
	    (unsigned)policy > UB_ESCAPE) {
		r.status = UB_E_INVALID_ARG;
		return r;
	}
	i = source_bom(from, src, n, &ffrom);
	fto = ubi_with_endian(to, UB_BE);
	bom = 0;
	if (fto != to && i < n) { /* UTF-16 / UTF-32 start with a BOM */
		bom = ub_encode(fto, 0xFEFF, sub);
		if (!put(dst, cap, &r.out, sub, bom)) {
			/* No room even for the BOM: that is only fine if
			 * nothing at all would be written (the size query
			 * says 0, and then its result is the real one). */
			r = ub_transcode(to, from, src, n, NULL, 0, policy);
			if (r.out == 0)
				return r;
			r.status = UB_E_OUTPUT_FULL;
			r.in = r.out = r.errors = 0;
			return r;
		}
	}
	while (i < n) {
		run = ubi_transcode_strict(fto, ffrom, src + i, n - i,
		                           dst != NULL ? dst + r.out : NULL,
		                           dst != NULL ? cap - r.out : 0);
		i += run.in;
		r.out += run.out;
		if (run.status == UB_OK || run.status == UB_E_OUTPUT_FULL) {
			r.status = run.status;
			break;
		}
		r.errors++;
		if (policy == UB_STRICT) {
			r.status = run.status;
			break;
		}
		d = ub_decode(ffrom, src + i, n - i);
		unmappable = run.status == UB_E_UNMAPPABLE;
		k = substitute(fto, policy, src + i, d.len, unmappable, d.cp,
		               sub);
		if (!put(dst, cap, &r.out, sub, k)) {
			r.errors--; /* it will be met again on the next call */
			r.status = UB_E_OUTPUT_FULL;
			break;
		}
		i += d.len;
	}
	if (bom > 0 && r.out == bom && r.status != UB_E_OUTPUT_FULL)
		r.out = 0; /* a BOM alone is no output, as in ub_conv */
	r.in = i;
	return r;
}

UB_API ub_result
ub_transcode_length(ub_encoding to, ub_encoding from, const uint8_t *src,
                    size_t n, ub_policy policy)
{
	return ub_transcode(to, from, src, n, NULL, 0, policy);
}
