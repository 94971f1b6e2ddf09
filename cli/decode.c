/*
 * decode.c - input bytes to characters with offsets, in blocks.
 *
 * Built-in encodings go through ub_decode, one character at a time, so
 * every invalid sequence keeps its exact reason.  Other charsets go
 * through a ub_conv to UTF-32BE fed one byte at a time: the public API
 * does not say which input bytes made which character, but feeding
 * byte by byte does (a character's bytes are those fed since the last
 * one came out), and the error callback says where each invalid
 * sequence was.
 */
#include <stdlib.h>
#include <string.h>

#include "decode.h"

#define CONV_ERRS 8

struct dec {
	ub_encoding enc;  /* a built-in encoding, or UB_ENC_NONE */
	bool sniffed;     /* UTF-16/UTF-32: the BOM was looked for */
	uint64_t offset;  /* of the next byte not yet decoded */
	uint8_t carry[8]; /* a sequence cut by the end of a block */
	size_t ncarry;

	ub_conv *cv;                 /* the other charsets */
	uint8_t hist[DEC_MAX_BYTES]; /* bytes fed since the last item */
	size_t nhist;
	uint64_t hist_off;             /* offset of hist[0] */
	ub_conv_error errs[CONV_ERRS]; /* errors met in this feed */
	size_t nerrs;
};

static void
on_conv_error(void *ctx, const ub_conv_error *e)
{
	struct dec *d = ctx;

	if (d->nerrs < CONV_ERRS)
		d->errs[d->nerrs++] = *e;
}

ub_status
dec_open(struct dec **dp, const char *name)
{
	struct dec *d;
	ub_status st;

	*dp = NULL;
	d = calloc(1, sizeof(*d));
	if (d == NULL)
		return UB_E_NOMEM;
	d->enc = ub_encoding_from_name(name);
	if (d->enc == UB_ENC_NONE) {
		st = ub_conv_open(&d->cv, "UTF-32BE", name, UB_REPLACE,
		                  UB_BOM_KEEP);
		if (st != UB_OK) {
			free(d);
			return st;
		}
		ub_conv_on_error(d->cv, on_conv_error, d);
	}
	*dp = d;
	return UB_OK;
}

const char *
dec_name(const struct dec *d)
{
	return d->cv != NULL ? ub_conv_from_name(d->cv)
	                     : ub_encoding_name(d->enc);
}

bool
dec_is_utf8(const struct dec *d)
{
	return d->enc == UB_UTF8;
}

void
dec_close(struct dec *d)
{
	if (d == NULL)
		return;
	ub_conv_close(d->cv);
	free(d);
}

/*
 * UTF-16 and UTF-32 without a byte order read a BOM (Unicode D98,
 * D101) and are big-endian without one.  The BOM itself still shows, as
 * U+FEFF, since its bytes are in the input.
 */
static void
sniff(struct dec *d, const uint8_t *s, size_t n)
{
	d->sniffed = true;
	if (d->enc == UB_UTF16) {
		d->enc = n >= 2 && s[0] == 0xFF && s[1] == 0xFE ? UB_UTF16LE
		                                                : UB_UTF16BE;
	} else if (d->enc == UB_UTF32) {
		d->enc = n >= 4 && s[0] == 0xFF && s[1] == 0xFE && s[2] == 0 &&
		                         s[3] == 0
		                 ? UB_UTF32LE
		                 : UB_UTF32BE;
	}
}

static bool
emit(struct dec *d, const uint8_t *s, ub_decoded r, dec_fn fn, void *ctx)
{
	struct dec_item it;

	it.offset = d->offset;
	it.nbytes = r.len < DEC_MAX_BYTES ? r.len : DEC_MAX_BYTES;
	memcpy(it.bytes, s, it.nbytes);
	it.cp = r.status == UB_OK ? r.cp : UB_REPLACEMENT_CHAR;
	it.status = r.status;
	d->offset += r.len;
	return fn(ctx, &it);
}

/* Decode s[0..n) of a built-in encoding; returns the bytes used, which
 * is less than n only when a sequence is cut by the end of the block
 * (and !last) or fn asked to stop (*stop set). */
static size_t
builtin_run(struct dec *d, const uint8_t *s, size_t n, bool last, dec_fn fn,
            void *ctx, bool *stop)
{
	size_t pos = 0;
	ub_decoded r;

	while (pos < n) {
		r = ub_decode(d->enc, s + pos, n - pos);
		if (r.status == UB_E_TRUNCATED && !last)
			break;
		if (!emit(d, s + pos, r, fn, ctx)) {
			*stop = true;
			return pos + r.len;
		}
		pos += r.len;
	}
	return pos;
}

static bool
builtin_feed(struct dec *d, const uint8_t *s, size_t n, bool last, dec_fn fn,
             void *ctx)
{
	uint8_t tmp[sizeof(d->carry) + 4];
	size_t k, used;
	bool stop = false;

	if (!d->sniffed) {
		/* Hold the first bytes back until a BOM can be seen. */
		size_t need = d->enc == UB_UTF16   ? 2
		              : d->enc == UB_UTF32 ? 4
		                                   : 0;

		while (d->ncarry < need && n > 0) {
			d->carry[d->ncarry++] = *s++;
			n--;
		}
		if (d->ncarry < need && !last)
			return true;
		sniff(d, d->carry, d->ncarry);
	}
	/*
	 * A sequence cut by the last block boundary: join it with the first
	 * few bytes of this block (no character is longer than 4 bytes),
	 * decode until the carried bytes are used up, then go on in s.
	 */
	while (d->ncarry > 0) {
		k = n < 4 ? n : 4;
		memcpy(tmp, d->carry, d->ncarry);
		if (k > 0) /* s may be NULL at the end */
			memcpy(tmp + d->ncarry, s, k);
		used = builtin_run(d, tmp, d->ncarry + k, last && k == n, fn,
		                   ctx, &stop);
		if (stop)
			return false;
		if (used < d->ncarry) {
			/* Still cut short: only possible when s is tiny. */
			memmove(d->carry, tmp + used, d->ncarry + k - used);
			d->ncarry = d->ncarry + k - used;
			return true;
		}
		if (used > d->ncarry) {
			s += used - d->ncarry;
			n -= used - d->ncarry;
		}
		d->ncarry = 0;
	}
	used = builtin_run(d, s, n, last, fn, ctx, &stop);
	if (stop)
		return false;
	if (used < n) {
		memcpy(d->carry, s + used, n - used);
		d->ncarry = n - used;
	}
	return true;
}

/* Hand out the characters and errors one conv feed produced.  out holds
 * ncp UTF-32BE code points; d->errs the errors, in order. */
static bool
conv_items(struct dec *d, const uint8_t *out, size_t ncp, dec_fn fn, void *ctx)
{
	struct dec_item it;
	size_t i, ei = 0, take;
	uint64_t end;
	uint32_t cp;

	for (i = 0; i < ncp; i++) {
		cp = (uint32_t)out[4 * i] << 24 |
		     (uint32_t)out[4 * i + 1] << 16 |
		     (uint32_t)out[4 * i + 2] << 8 | out[4 * i + 3];
		if (cp == UB_REPLACEMENT_CHAR && ei < d->nerrs) {
			const ub_conv_error *e = &d->errs[ei++];

			it.offset = e->offset;
			it.nbytes = e->nbytes;
			memcpy(it.bytes, e->bytes, e->nbytes);
			it.cp = cp;
			it.status = e->status;
			end = e->offset + e->nbytes;
		} else {
			/* Its bytes: from the last item up to the next
			 * error, or all that was fed. */
			end = d->hist_off + d->nhist;
			if (ei < d->nerrs && d->errs[ei].offset > d->hist_off)
				end = d->errs[ei].offset;
			it.offset = d->hist_off;
			it.nbytes = (size_t)(end - d->hist_off);
			if (it.nbytes > d->nhist)
				it.nbytes = d->nhist;
			memcpy(it.bytes, d->hist, it.nbytes);
			it.cp = cp;
			it.status = UB_OK;
		}
		/* Drop the bytes this item took from the history. */
		if (end > d->hist_off) {
			take = (size_t)(end - d->hist_off);
			if (take > d->nhist)
				take = d->nhist;
			memmove(d->hist, d->hist + take, d->nhist - take);
			d->nhist -= take;
			d->hist_off = end;
		}
		if (!fn(ctx, &it))
			return false;
	}
	return true;
}

static bool
conv_feed(struct dec *d, const uint8_t *s, size_t n, bool last, dec_fn fn,
          void *ctx)
{
	uint8_t out[4 * 64];
	ub_result r;
	size_t i = 0;

	for (;;) {
		bool fin = last && i == n;

		if (i == n && !fin)
			return true;
		if (i < n) {
			if (d->nhist == sizeof(d->hist)) {
				/* A run of bytes that makes no character
				 * (escape sequences): keep the newest. */
				memmove(d->hist, d->hist + 1, d->nhist - 1);
				d->nhist--;
				d->hist_off++;
			}
			d->hist[d->nhist++] = s[i];
		}
		d->nerrs = 0;
		r = ub_conv_feed(d->cv, i < n ? s + i : NULL, i < n ? 1 : 0,
		                 out, sizeof(out), fin);
		if (i < n)
			i++;
		if (!conv_items(d, out, r.out / 4, fn, ctx))
			return false;
		if (fin)
			return true;
	}
}

bool
dec_feed(struct dec *d, const uint8_t *s, size_t n, bool last, dec_fn fn,
         void *ctx)
{
	if (d->cv != NULL)
		return conv_feed(d, s, n, last, fn, ctx);
	return builtin_feed(d, s, n, last, fn, ctx);
}
