/*
 * normalize.c - streaming normalization on top of ub_normalize (props.c,
 * the only file that sees utf8proc).  The contract is in unibits.h,
 * section "Streaming normalization".
 *
 * Each chunk is appended to the text held back from the previous one
 * (which starts at a boundary), scanned character by character for the
 * last boundary, the forced ones (the UB_NORM_MAX_RUN bound) and invalid
 * sequences; the stretches between them are normalized whole by
 * ub_normalize, and what follows the last boundary is held back again.
 * Boundaries are decided per character, never per chunk, so the output
 * does not depend on how the input is split.
 */
#include <stdlib.h>
#include <string.h>

#include "internal.h"

/* Input taken per step, so the work and output buffers stay bounded. */
#define PIECE (64 * 1024)
/* What can be held back: UB_NORM_MAX_RUN + 1 characters of 4 bytes and
 * the first 3 bytes of an unfinished one. */
#define HOLD ((UB_NORM_MAX_RUN + 1) * 4 + 3)

struct ub_norm {
	ub_norm_form form;
	bool casefold;
	uint8_t work[HOLD + PIECE]; /* held back text, then the new piece */
	size_t held;                /* bytes of work that are held back */
	size_t scanned;             /* of those, whole characters scanned */
	unsigned run;               /* characters since the last boundary */
	uint8_t *out;               /* normalized, not yet handed out */
	size_t outcap, outlen, outpos;
	uint64_t base;      /* stream offset of work[0] */
	struct ubi_pos pos; /* line/column at work[scanned] */
	uint64_t errors, inserted;
	ub_conv_error_fn on_error;
	void *error_ctx;
};

UB_API ub_status
ub_norm_open(ub_norm **nm, ub_norm_form form, bool casefold)
{
	if (nm == NULL || (unsigned)form > UB_NFKD)
		return UB_E_INVALID_ARG;
	*nm = calloc(1, sizeof(**nm));
	if (*nm == NULL)
		return UB_E_NOMEM;
	(*nm)->form = form;
	(*nm)->casefold = casefold;
	/* Normalized text can be longer than its source: NFKD of U+FDFA
	 * writes 33 bytes for 3.  Start at 4 pieces; it grows on demand. */
	(*nm)->outcap = 4 * PIECE;
	(*nm)->out = malloc((*nm)->outcap);
	if ((*nm)->out == NULL) {
		free(*nm);
		*nm = NULL;
		return UB_E_NOMEM;
	}
	ub_norm_reset(*nm);
	return UB_OK;
}

UB_API void
ub_norm_close(ub_norm *nm)
{
	if (nm == NULL)
		return;
	free(nm->out);
	free(nm);
}

UB_API void
ub_norm_reset(ub_norm *nm)
{
	if (nm == NULL)
		return;
	nm->held = nm->scanned = 0;
	nm->run = 0;
	nm->outlen = nm->outpos = 0;
	nm->base = 0;
	ubi_pos_init(&nm->pos);
	nm->errors = nm->inserted = 0;
}

UB_API void
ub_norm_on_error(ub_norm *nm, ub_conv_error_fn fn, void *ctx)
{
	if (nm == NULL)
		return;
	nm->on_error = fn;
	nm->error_ctx = ctx;
}

UB_API uint64_t
ub_norm_error_count(const ub_norm *nm)
{
	return nm != NULL ? nm->errors : 0;
}

UB_API uint64_t
ub_norm_inserted(const ub_norm *nm)
{
	return nm != NULL ? nm->inserted : 0;
}

/* Append s[0..n) to the pending output. */
static ub_status
put(ub_norm *nm, const uint8_t *s, size_t n)
{
	uint8_t *p;
	size_t cap = nm->outcap;

	while (nm->outlen + n > cap)
		cap *= 2;
	if (cap != nm->outcap) {
		p = realloc(nm->out, cap);
		if (p == NULL)
			return UB_E_NOMEM;
		nm->out = p;
		nm->outcap = cap;
	}
	memcpy(nm->out + nm->outlen, s, n);
	nm->outlen += n;
	return UB_OK;
}

/* Normalize work[from..to) (valid UTF-8) onto the pending output. */
static ub_status
normalize(ub_norm *nm, size_t from, size_t to)
{
	ub_result r;
	size_t room;
	bool ascii = true;
	size_t i;

	if (from == to)
		return UB_OK;
	/* ASCII is its own normal form in every form; only case folding
	 * changes it. */
	for (i = from; i < to && ascii; i++)
		ascii = nm->work[i] < 0x80;
	if (ascii && !nm->casefold)
		return put(nm, nm->work + from, to - from);
	room = nm->outcap - nm->outlen;
	r = ub_normalize(nm->form, nm->casefold, nm->work + from, to - from,
	                 nm->out + nm->outlen, room);
	if (r.status == UB_E_OUTPUT_FULL) {
		r = ub_normalize(nm->form, nm->casefold, nm->work + from,
		                 to - from, NULL, 0);
		if (r.status != UB_OK)
			return r.status;
		while (nm->outcap - nm->outlen < r.out) {
			uint8_t *p = realloc(nm->out, nm->outcap * 2);
			if (p == NULL)
				return UB_E_NOMEM;
			nm->out = p;
			nm->outcap *= 2;
		}
		r = ub_normalize(nm->form, nm->casefold, nm->work + from,
		                 to - from, nm->out + nm->outlen,
		                 nm->outcap - nm->outlen);
	}
	if (r.status != UB_OK)
		return r.status; /* the stretch was validated: NOMEM only */
	nm->outlen += r.out;
	return UB_OK;
}

static void
report(ub_norm *nm, size_t at, const ub_decoded *d)
{
	ub_conv_error e;

	nm->errors++;
	if (nm->on_error == NULL)
		return;
	memset(&e, 0, sizeof(e));
	e.status = d->status;
	e.offset = nm->base + at;
	e.line = nm->pos.line;
	e.column = nm->pos.column + 1;
	e.nbytes = d->len;
	memcpy(e.bytes, nm->work + at, d->len);
	e.cp = UB_REPLACEMENT_CHAR;
	nm->on_error(nm->error_ctx, &e);
}

/*
 * Scan work[scanned..len) and normalize all that is decided; hold back
 * the rest (from the last boundary).  Returns the invalid sequences met
 * through *errors, and UB_OK or UB_E_NOMEM.
 */
static ub_status
step(ub_norm *nm, size_t len, bool last, size_t *errors)
{
	static const uint8_t fffd[3] = {0xEF, 0xBF, 0xBD};
	static const uint8_t cgj[2] = {0xCD, 0x8F}; /* U+034F */
	size_t i = nm->scanned, start = 0, lastb = 0;
	ub_decoded d;
	ub_status st;

	while (i < len) {
		if (nm->work[i] < 0x80) {
			/* ASCII: always a boundary (nothing composes with
			 * or reorders around it). */
			lastb = i;
			nm->run = 0;
			ubi_pos_char(&nm->pos, nm->work[i]);
			i++;
			continue;
		}
		d = ub_utf8_decode(nm->work + i, len - i);
		if (d.status == UB_E_TRUNCATED && !last)
			break; /* the rest of it comes with the next chunk */
		if (d.status != UB_OK) {
			st = normalize(nm, start, i);
			if (st == UB_OK)
				st = put(nm, fffd, sizeof(fffd));
			if (st != UB_OK)
				return st;
			report(nm, i, &d);
			(*errors)++;
			ubi_pos_char(&nm->pos, UB_REPLACEMENT_CHAR);
			i += d.len;
			start = lastb = i;
			nm->run = 0;
			continue;
		}
		if (ub_norm_boundary(nm->form, nm->casefold, d.cp)) {
			lastb = i;
			nm->run = 0;
		} else if (++nm->run > UB_NORM_MAX_RUN) {
			/* The bound: U+034F makes a boundary here. */
			st = normalize(nm, start, i);
			if (st == UB_OK)
				st = put(nm, cgj, sizeof(cgj));
			if (st != UB_OK)
				return st;
			nm->inserted++;
			start = lastb = i;
			nm->run = 1;
		}
		ubi_pos_char(&nm->pos, d.cp);
		i += d.len;
	}
	if (last)
		lastb = len;
	st = normalize(nm, start, lastb);
	if (st != UB_OK)
		return st;
	/* Hold back work[lastb..len): the text since the last boundary,
	 * already scanned up to i, and an unfinished character. */
	memmove(nm->work, nm->work + lastb, len - lastb);
	nm->base += lastb;
	nm->held = len - lastb;
	nm->scanned = i - lastb;
	return UB_OK;
}

UB_API ub_result
ub_norm_feed(ub_norm *nm, const uint8_t *src, size_t n, uint8_t *dst,
             size_t cap, bool last)
{
	ub_result r = {UB_OK, 0, 0, 0};
	bool count_only = dst == NULL && cap == 0;
	size_t k, errors = 0;
	bool final;

	if (nm == NULL || (src == NULL && n > 0) || (dst == NULL && cap > 0)) {
		r.status = UB_E_INVALID_ARG;
		return r;
	}
	for (;;) {
		/* Hand out what is pending first. */
		k = nm->outlen - nm->outpos;
		if (!count_only && k > cap - r.out)
			k = cap - r.out;
		if (!count_only)
			memcpy(dst + r.out, nm->out + nm->outpos, k);
		r.out += k;
		nm->outpos += k;
		if (nm->outpos < nm->outlen) {
			r.status = UB_E_OUTPUT_FULL;
			break;
		}
		nm->outpos = nm->outlen = 0;
		if (r.in == n && (!last || nm->held == 0))
			break;
		k = n - r.in < PIECE ? n - r.in : PIECE;
		if (k > 0)
			memcpy(nm->work + nm->held, src + r.in, k);
		r.in += k;
		final = last && r.in == n;
		r.status = step(nm, nm->held + k, final, &errors);
		if (r.status != UB_OK)
			break;
	}
	r.errors = errors;
	return r;
}
