/*
 * conv.c - the streaming converter.
 *
 * Bytes go through two stages.  The decode stage turns input into code
 * points in a small pivot buffer (with where each one came from), applying
 * the error policy to invalid input; the drain stage encodes the pivot
 * into a staging buffer (applying the policy to unmappable characters)
 * and copies that out.  Between two built-in encodings, valid stretches
 * skip both and go straight through ubi_transcode_strict, so the pivot
 * only ever sees the neighbourhood of an error, a chunk boundary or the
 * first character.
 *
 * A source or target unibits does not convert itself is a struct
 * ubi_charset (internal.h), opened through ubi_charset_open.  Between
 * one and a built-in encoding, valid stretches take a fast lane too
 * (lane_encode, lane_decode): UTF-16 in bulk, straight into dst.
 */
#include <stdlib.h>
#include <string.h>

#include "internal.h"

#define PIVOT 1024 /* code points decoded ahead of the encoder */
#define STAGE 4096 /* encoded bytes waiting for room in dst */
#define MAX_SUB 64 /* the longest substitute: \u{10FFFF} in UTF-32 */
#define MAX_BAD 32 /* the longest bad sequence a backend reports */
#define ERRS 64    /* invalid sequences the pivot may hold at once */
#define U16 32768  /* UTF-16 units per step of a fast lane */

/*
 * An invalid sequence sits in the pivot as PIVOT_ERROR + an index into
 * the converter's errs[]; it is reported, and the policy applied, when
 * the encoder reaches it, so errors come out in input order and a strict
 * conversion stops at whichever comes first, bad input or a character
 * the target cannot hold.
 */
#define PIVOT_ERROR 0x110000u

struct bad_input {
	ub_status status;
	uint8_t bytes[MAX_BAD];
	size_t nbytes;
};

struct ub_conv {
	ub_policy policy;
	ub_bom bom;
	ub_encoding from, to;      /* built-in, or UB_ENC_NONE */
	ub_encoding from_fixed;    /* from after reading its BOM */
	ub_encoding to_fixed;      /* to with its byte order */
	struct ubi_charset *xfrom; /* backend source, or NULL */
	struct ubi_charset *xto;   /* backend target, or NULL */

	/* input side */
	bool sniffed;    /* the source's BOM was looked for */
	bool first_seen; /* the first character was decoded */
	bool input_done; /* the decoder was flushed at the end */
	bool finished;   /* ... and the encoder too */
	uint8_t pend[8]; /* a sequence split across chunks */
	size_t npend;
	uint64_t offset; /* input bytes consumed */
	struct ubi_pos pos;

	/* pivot: decoded, not yet encoded */
	uint32_t cp[PIVOT];
	uint64_t off[PIVOT], line[PIVOT], col[PIVOT];
	size_t np, pp;
	struct bad_input errs[ERRS];
	size_t nerrs;
	bool decode_stopped; /* strict: nothing past an error */
	ub_status xfrom_st;  /* what the backend's decode last said */

	/* staging: encoded, not yet in dst */
	uint8_t stage[STAGE];
	size_t nstage, spos;
	bool bom_due;   /* a BOM goes before the first output */
	bool xto_more;  /* the target backend holds output */
	uint8_t sub[4]; /* a built-in target's substitute, encoded */
	size_t nsub;

	/* the fast lanes between a built-in encoding and a backend */
	uint16_t u16[U16];

	/* errors */
	ub_status failed; /* UB_STRICT stopped here */
	uint64_t fail_offset;
	uint64_t nerrors;
	ub_conv_error first, last;
	ub_conv_error_fn on_error;
	void *ctx;
};

static bool
unicode_form(ub_encoding enc)
{
	return enc >= UB_UTF8;
}

UB_API ub_status
ub_conv_open(ub_conv **cvp, const char *to, const char *from, ub_policy policy,
             ub_bom bom)
{
	ub_conv *cv;
	ub_status st = UB_OK;

	if (cvp == NULL || to == NULL || from == NULL ||
	    (unsigned)policy > UB_ESCAPE || (unsigned)bom > UB_BOM_ADD)
		return UB_E_INVALID_ARG;
	*cvp = NULL;
	cv = calloc(1, sizeof(*cv));
	if (cv == NULL)
		return UB_E_NOMEM;
	cv->policy = policy;
	cv->bom = bom;
	cv->from = ubi_charset_builtin(from);
	cv->to = ubi_charset_builtin(to);
	if (cv->from == UB_ENC_NONE)
		cv->xfrom = ubi_charset_open(from, true, &st);
	if (st == UB_OK && cv->to == UB_ENC_NONE)
		cv->xto = ubi_charset_open(to, false, &st);
	if (st != UB_OK) {
		ub_conv_close(cv);
		return st;
	}
	ub_conv_reset(cv);
	*cvp = cv;
	return UB_OK;
}

UB_API bool
ub_charset_known(const char *name)
{
	struct ubi_charset *cs;
	ub_status st;

	if (name == NULL)
		return false;
	if (ubi_charset_builtin(name) != UB_ENC_NONE)
		return true;
	cs = ubi_charset_open(name, true, &st);
	if (cs == NULL)
		return false;
	cs->close(cs);
	return true;
}

UB_API void
ub_conv_close(ub_conv *cv)
{
	if (cv == NULL)
		return;
	if (cv->xfrom != NULL)
		cv->xfrom->close(cv->xfrom);
	if (cv->xto != NULL)
		cv->xto->close(cv->xto);
	free(cv);
}

UB_API void
ub_conv_reset(ub_conv *cv)
{
	if (cv == NULL)
		return;
	cv->from_fixed = cv->from;
	cv->to_fixed = ubi_with_endian(cv->to, UB_BE);
	cv->sniffed = cv->from != UB_UTF16 && cv->from != UB_UTF32;
	cv->first_seen = cv->input_done = cv->finished = false;
	cv->npend = 0;
	cv->offset = 0;
	ubi_pos_init(&cv->pos);
	cv->np = cv->pp = cv->nerrs = 0;
	cv->decode_stopped = false;
	cv->nstage = cv->spos = 0;
	if (cv->xto == NULL)
		cv->nsub = ub_encode(cv->to_fixed,
		                     ubi_substitute(cv->to_fixed), cv->sub);
	cv->bom_due = cv->bom != UB_BOM_STRIP &&
	              (cv->to_fixed != cv->to ||
	               (cv->bom == UB_BOM_ADD && unicode_form(cv->to)));
	cv->xto_more = false;
	cv->failed = UB_OK;
	cv->fail_offset = 0;
	cv->nerrors = 0;
	if (cv->xfrom != NULL)
		cv->xfrom->reset(cv->xfrom);
	if (cv->xto != NULL)
		cv->xto->reset(cv->xto);
}

UB_API void
ub_conv_on_error(ub_conv *cv, ub_conv_error_fn fn, void *ctx)
{
	if (cv == NULL)
		return;
	cv->on_error = fn;
	cv->ctx = ctx;
}

UB_API uint64_t
ub_conv_offset(const ub_conv *cv)
{
	return cv != NULL ? cv->offset : 0;
}

UB_API uint64_t
ub_conv_error_count(const ub_conv *cv)
{
	return cv != NULL ? cv->nerrors : 0;
}

UB_API const ub_conv_error *
ub_conv_first_error(const ub_conv *cv)
{
	return cv != NULL && cv->nerrors > 0 ? &cv->first : NULL;
}

UB_API const ub_conv_error *
ub_conv_last_error(const ub_conv *cv)
{
	return cv != NULL && cv->nerrors > 0 ? &cv->last : NULL;
}

UB_API const char *
ub_conv_from_name(const ub_conv *cv)
{
	if (cv == NULL)
		return NULL;
	return cv->xfrom != NULL ? cv->xfrom->canonical
	                         : ub_encoding_name(cv->from);
}

UB_API const char *
ub_conv_to_name(const ub_conv *cv)
{
	if (cv == NULL)
		return NULL;
	return cv->xto != NULL ? cv->xto->canonical : ub_encoding_name(cv->to);
}

/* Record one error and tell the caller's callback. */
static void
report(ub_conv *cv, ub_status st, uint64_t offset, uint64_t line,
       uint64_t column, const uint8_t *bytes, size_t nbytes, uint32_t cp)
{
	ub_conv_error *e = &cv->last;

	e->status = st;
	e->offset = offset;
	e->line = line;
	e->column = column;
	e->nbytes = nbytes < sizeof(e->bytes) ? nbytes : sizeof(e->bytes);
	if (e->nbytes > 0)
		memcpy(e->bytes, bytes, e->nbytes);
	e->cp = cp;
	if (cv->nerrors++ == 0)
		cv->first = *e;
	if (cv->on_error != NULL)
		cv->on_error(cv->ctx, e);
	if (cv->policy == UB_STRICT) {
		cv->failed = st;
		cv->fail_offset = offset;
	}
}

static void
pivot_push(ub_conv *cv, uint32_t cp, uint64_t off)
{
	cv->cp[cv->np] = cp;
	cv->off[cv->np] = off;
	cv->line[cv->np] = cv->pos.line;
	cv->col[cv->np] = cv->pos.column + 1;
	cv->np++;
}

static const char hexdigits[] = "0123456789ABCDEF";

/* The pivot has room for a character or an error. */
static bool
pivot_room(const ub_conv *cv)
{
	return cv->np < PIVOT && cv->nerrs < ERRS;
}

/* An invalid sequence bytes[0..n) at stream offset off. */
static void
invalid(ub_conv *cv, ub_status st, const uint8_t *bytes, size_t n,
        uint64_t off)
{
	struct bad_input *b = &cv->errs[cv->nerrs];

	cv->first_seen = true; /* a U+FEFF after it is not at the start */
	b->status = st;
	b->nbytes = n < MAX_BAD ? n : MAX_BAD;
	memcpy(b->bytes, bytes, b->nbytes);
	pivot_push(cv, PIVOT_ERROR + (uint32_t)cv->nerrs++, off);
	ubi_pos_char(&cv->pos, UB_REPLACEMENT_CHAR);
	if (cv->policy == UB_STRICT)
		cv->decode_stopped = true;
}

/* A decoded character: drop a leading U+FEFF when asked, else pivot it. */
static void
decoded(ub_conv *cv, uint32_t cp, uint64_t off)
{
	bool first = !cv->first_seen;

	cv->first_seen = true;
	if (first && cp == 0xFEFF && cv->bom != UB_BOM_KEEP)
		return;
	pivot_push(cv, cp, off);
	ubi_pos_char(&cv->pos, cp);
}

/*
 * Look for the BOM of a UTF-16 / UTF-32 source.  Returns the bytes of src
 * it used; until enough bytes have come, they wait in pend.
 */
static size_t
sniff(ub_conv *cv, const uint8_t *src, size_t n, bool last)
{
	size_t want = cv->from == UB_UTF16 ? 2 : 4, take, bom;
	uint8_t tmp[8];
	ub_endian e;

	take = want - cv->npend < n ? want - cv->npend : n;
	memcpy(tmp, cv->pend, cv->npend);
	if (take > 0)
		memcpy(tmp + cv->npend, src, take);
	if (cv->npend + take < want && !last) {
		memcpy(cv->pend, tmp, cv->npend + take);
		cv->npend += take;
		return take;
	}
	cv->sniffed = true;
	bom = ubi_sniff_bom(cv->from, tmp, cv->npend + take, &e);
	cv->from_fixed = ubi_with_endian(cv->from, e);
	if (bom == 0)
		return 0;      /* pend keeps what it had: they are data */
	cv->first_seen = true; /* the BOM was the first character */
	cv->offset += bom;
	take = bom - cv->npend;
	cv->npend = 0;
	return take;
}

/*
 * Decode built-in input from src[0..n) into the pivot until it is full
 * or the input is used up.  Returns the bytes of src consumed.
 */
static size_t
decode_builtin(ub_conv *cv, const uint8_t *src, size_t n, bool last)
{
	size_t j = 0, take, from_pend;
	uint8_t tmp[16];
	const uint8_t *s;
	size_t avail;
	ub_decoded d;

	if (!cv->sniffed) {
		j = sniff(cv, src, n, last);
		if (!cv->sniffed)
			return j;
	}
	while (j < n || (last && cv->npend > 0)) {
		if (!pivot_room(cv) || cv->decode_stopped)
			break;
		if (cv->npend > 0) { /* finish the split sequence first */
			take = n - j < 8 ? n - j : 8;
			memcpy(tmp, cv->pend, cv->npend);
			if (take > 0)
				memcpy(tmp + cv->npend, src + j, take);
			s = tmp;
			avail = cv->npend + take;
			from_pend = cv->npend;
		} else {
			s = src + j;
			avail = n - j;
			from_pend = 0;
		}
		d = ub_decode(cv->from_fixed, s, avail);
		if (d.status == UB_E_TRUNCATED && !last) {
			/* all that is left is the start of a sequence */
			memcpy(cv->pend, s, avail);
			cv->npend = avail;
			j = n;
			break;
		}
		if (d.status == UB_OK)
			decoded(cv, d.cp, cv->offset);
		else
			invalid(cv, d.status, s, d.len, cv->offset);
		cv->offset += d.len;
		if (d.len >= from_pend) {
			j += d.len - from_pend;
			cv->npend = 0;
		} else { /* the error ended inside what was pending */
			cv->npend -= d.len;
			memmove(cv->pend, cv->pend + d.len, cv->npend);
		}
	}
	return j;
}

/* Decode through the backend.  Returns the bytes of src consumed. */
static size_t
decode_backend(ub_conv *cv, const uint8_t *src, size_t n, bool last)
{
	size_t consumed = 0, ncp = 0, k, start = cv->np;
	uint8_t bad[MAX_BAD];
	size_t nbad = 0;
	ub_status st;

	if (!pivot_room(cv) || cv->decode_stopped)
		return 0;
	st = cv->xfrom->decode(cv->xfrom, src, n, last, cv->offset,
	                       cv->cp + cv->np, cv->off + cv->np,
	                       PIVOT - cv->np - 1, &consumed, &ncp, bad,
	                       &nbad);
	/* Give the new characters their lines and columns. */
	for (k = start; k < start + ncp; k++) {
		if (!cv->first_seen) {
			cv->first_seen = true;
			if (cv->cp[k] == 0xFEFF && cv->bom != UB_BOM_KEEP) {
				memmove(cv->cp + k, cv->cp + k + 1,
				        (start + ncp - k - 1) *
				                sizeof(cv->cp[0]));
				memmove(cv->off + k, cv->off + k + 1,
				        (start + ncp - k - 1) *
				                sizeof(cv->off[0]));
				ncp--;
				k--;
				continue;
			}
		}
		cv->line[k] = cv->pos.line;
		cv->col[k] = cv->pos.column + 1;
		ubi_pos_char(&cv->pos, cv->cp[k]);
	}
	cv->np = start + ncp;
	cv->offset += consumed;
	cv->xfrom_st = st;
	if (ub_status_is_invalid(st) || st == UB_E_TRUNCATED) {
		cv->first_seen = true;
		invalid(cv, st, bad, nbad, cv->xfrom->bad_offset);
	}
	return consumed;
}

/* Move staged bytes to dst.  False if some are still waiting. */
static bool
flush_stage(ub_conv *cv, uint8_t *dst, size_t cap, size_t *o)
{
	size_t k = cv->nstage - cv->spos;

	if (k > cap - *o)
		k = cap - *o;
	if (k > 0) {
		memcpy(dst + *o, cv->stage + cv->spos, k);
		*o += k;
		cv->spos += k;
	}
	if (cv->spos < cv->nstage)
		return false;
	cv->spos = cv->nstage = 0;
	return true;
}

/*
 * Encode cp[0..n) onto the stage.  Sets *done to the code points encoded;
 * on UB_E_UNMAPPABLE cp[*done] is the one the target cannot hold.
 */
static ub_status
encode_run(ub_conv *cv, const uint32_t *cp, size_t n, bool last, size_t *done)
{
	static const uint32_t bom = 0xFEFF;
	size_t k, m, consumed = 0, written = 0;
	ub_status st;

	if (cv->bom_due && n > 0) { /* the BOM goes before the first output */
		cv->bom_due = false;
		encode_run(cv, &bom, 1, false, &k);
	}
	if (cv->xto == NULL) {
		for (k = 0; k < n; k++) {
			if (STAGE - cv->nstage < 4) {
				*done = k;
				return UB_E_OUTPUT_FULL;
			}
			m = ub_encode(cv->to_fixed, cp[k],
			              cv->stage + cv->nstage);
			if (m == 0) {
				*done = k;
				return UB_E_UNMAPPABLE;
			}
			cv->nstage += m;
		}
		*done = n;
		return UB_OK;
	}
	st = cv->xto->encode(cv->xto, cp, n, last, cv->stage + cv->nstage,
	                     STAGE - cv->nstage, &consumed, &written);
	cv->nstage += written;
	cv->xto_more = st == UB_E_OUTPUT_FULL;
	*done = consumed;
	if (st == UB_E_UNMAPPABLE && consumed > 0)
		*done = consumed - 1;
	return st;
}

/*
 * Encode what a policy writes in place of a bad sequence: the target's
 * substitute, or one ASCII character of an escape.  What the target
 * cannot hold of it is dropped (it is not input): a substitute falls
 * back to '?'.
 */
static void
encode_inserted(ub_conv *cv, uint32_t cp, bool substitute)
{
	size_t done;

	/* a built-in target's substitute is encoded once: text full of
	 * characters the target lacks writes little else */
	if (substitute && cv->xto == NULL && !cv->bom_due) {
		memcpy(cv->stage + cv->nstage, cv->sub, cv->nsub);
		cv->nstage += cv->nsub;
		return;
	}
	if (encode_run(cv, &cp, 1, false, &done) == UB_E_UNMAPPABLE &&
	    substitute && cp != '?') {
		cp = '?';
		encode_run(cv, &cp, 1, false, &done);
	}
}

static void
encode_text(ub_conv *cv, const char *s)
{
	for (; *s != '\0'; s++)
		encode_inserted(cv, (unsigned char)*s, false);
}

static uint32_t
substitute_of(const ub_conv *cv)
{
	return cv->xto != NULL ? cv->xto->substitute
	                       : ubi_substitute(cv->to_fixed);
}

/* An invalid sequence reached by the encoder at pivot index i. */
static void
bad_input(ub_conv *cv, size_t i)
{
	const struct bad_input *b = &cv->errs[cv->cp[i] - PIVOT_ERROR];
	char esc[5] = "\\x";
	size_t k;

	report(cv, b->status, cv->off[i], cv->line[i], cv->col[i], b->bytes,
	       b->nbytes, UB_REPLACEMENT_CHAR);
	if (cv->policy == UB_STRICT) {
		cv->np = i + 1; /* nothing after it is written */
	} else if (cv->policy == UB_REPLACE) {
		encode_inserted(cv, substitute_of(cv), true);
	} else if (cv->policy == UB_ESCAPE) {
		for (k = 0; k < b->nbytes; k++) {
			esc[2] = hexdigits[b->bytes[k] >> 4];
			esc[3] = hexdigits[b->bytes[k] & 0xF];
			encode_text(cv, esc);
		}
	}
}

/* A character cp the target cannot hold, from the source bytes
 * bytes[0..nbytes) at offset off, line and column: report it, apply
 * the policy (strict: the caller stops). */
static void
unmappable_char(ub_conv *cv, uint32_t cp, const uint8_t *bytes, size_t nbytes,
                uint64_t off, uint64_t line, uint64_t column)
{
	size_t k;
	char esc[16] = "\\u{";
	int shift;

	report(cv, UB_E_UNMAPPABLE, off, line, column, bytes, nbytes, cp);
	if (cv->policy == UB_REPLACE) {
		encode_inserted(cv, substitute_of(cv), true);
	} else if (cv->policy == UB_ESCAPE) {
		k = 3;
		for (shift = cp > 0xFFFF ? (cp > 0xFFFFF ? 20 : 16) : 12;
		     shift >= 0; shift -= 4)
			esc[k++] = hexdigits[cp >> shift & 0xF];
		esc[k++] = '}';
		encode_text(cv, esc);
	}
}

/* An unmappable character at pivot index i (its bytes are known again
 * if the source is built in). */
static void
unmappable(ub_conv *cv, size_t i)
{
	uint8_t bytes[4];
	size_t nbytes = 0;

	if (cv->xfrom == NULL)
		nbytes = ub_encode(cv->from_fixed, cv->cp[i], bytes);
	unmappable_char(cv, cv->cp[i], bytes, nbytes, cv->off[i], cv->line[i],
	                cv->col[i]);
	if (cv->policy == UB_STRICT)
		cv->np = i + 1; /* nothing after it is written */
}

/*
 * Drain the pivot into dst through the stage.  Returns UB_OK when both
 * are empty, UB_E_OUTPUT_FULL when dst is full.  A strict failure stops
 * the encoder where it happened (cv->failed says so).
 */
static ub_status
drain(ub_conv *cv, uint8_t *dst, size_t cap, size_t *o)
{
	/* q: where the run of characters from pp on ends (at an input
	 * error or np), found once per run, not once per unmappable
	 * character in it (which made text full of them quadratic) */
	size_t q = 0, done;
	ub_status st;

	for (;;) {
		if (!flush_stage(cv, dst, cap, o))
			return UB_E_OUTPUT_FULL;
		if (cv->pp == cv->np) {
			cv->pp = cv->np = cv->nerrs = 0;
			q = 0;
			if (!cv->xto_more)
				return UB_OK;
		}
		while ((cv->pp < cv->np || cv->xto_more) &&
		       STAGE - cv->nstage >= MAX_SUB) {
			if (cv->pp < cv->np && cv->cp[cv->pp] >= PIVOT_ERROR) {
				bad_input(cv, cv->pp++);
				continue;
			}
			if (q <= cv->pp || q > cv->np)
				for (q = cv->pp;
				     q < cv->np && cv->cp[q] < PIVOT_ERROR;
				     q++)
					;
			st = encode_run(cv, cv->cp + cv->pp, q - cv->pp, false,
			                &done);
			cv->pp += done;
			if (st == UB_E_UNMAPPABLE)
				unmappable(cv, cv->pp++);
			else if (st == UB_E_OUTPUT_FULL)
				break;
		}
	}
}

/*
 * Text the target cannot hold much of (Cyrillic or CJK to Latin-1):
 * once the fast path stops at an unmappable character, characters go
 * one by one from src to the stage, each unmappable one reported and
 * replaced, skipped or escaped on the spot, without the pivot and its
 * per-character bookkeeping.  It ends after a run of characters that
 * map (the fast path takes over), or at anything else (an input error,
 * a cut sequence, no room), which the pivot takes.  Not for strict
 * conversions, which stop at the first such character.  Returns the
 * bytes of src taken.
 */
#define MAPPED_RUN 16

static size_t
unmappable_run(ub_conv *cv, const uint8_t *src, size_t n, uint8_t *dst,
               size_t cap, size_t *o)
{
	size_t i = 0, mapped = 0, m;
	ub_decoded d;

	while (i < n && mapped < MAPPED_RUN) {
		if (STAGE - cv->nstage < MAX_SUB &&
		    !flush_stage(cv, dst, cap, o))
			break;
		d = ub_decode(cv->from_fixed, src + i, n - i);
		if (d.status != UB_OK)
			break;
		m = ub_encode(cv->to_fixed, d.cp, cv->stage + cv->nstage);
		if (m > 0) {
			cv->nstage += m;
			mapped++;
		} else {
			unmappable_char(cv, d.cp, src + i, d.len, cv->offset,
			                cv->pos.line, cv->pos.column + 1);
			mapped = 0;
		}
		ubi_pos_char(&cv->pos, d.cp);
		cv->offset += d.len;
		i += d.len;
	}
	flush_stage(cv, dst, cap, o);
	return i;
}

/*
 * At the end of input, first close the decoder (a sequence still open is
 * an error); once that is drained, let a stateful target close too.
 */
static void
finish(ub_conv *cv)
{
	static const uint8_t none[1];
	size_t done;

	if (!cv->input_done) {
		cv->input_done = true;
		if (cv->xfrom == NULL) {
			decode_builtin(cv, none, 0, true);
			return;
		}
		/* The backend may hold more than the pivot takes, or
		 * several errors: it is done when it says so. */
		cv->xfrom_st = UB_OK;
		decode_backend(cv, none, 0, true);
		if (cv->xfrom_st != UB_OK && !cv->decode_stopped)
			cv->input_done = false;
		return;
	}
	if (cv->xto != NULL)
		encode_run(cv, NULL, 0, true, &done);
	cv->finished = true;
}

static bool
fast_path(const ub_conv *cv)
{
	return cv->xfrom == NULL && cv->xto == NULL && cv->sniffed &&
	       cv->npend == 0 && cv->np == 0 && cv->nstage == 0 &&
	       !cv->bom_due && (cv->first_seen || cv->bom == UB_BOM_KEEP);
}

/* UTF-16 in the host's byte order: what ICU's UChar holds. */
static ub_encoding
utf16_host(void)
{
	const uint16_t one = 1;
	uint8_t b;

	memcpy(&b, &one, 1);
	return b == 1 ? UB_UTF16LE : UB_UTF16BE;
}

/* Nothing is held on either side: the pivot, the stage, the BOMs. */
static bool
quiet(const ub_conv *cv)
{
	return cv->sniffed && cv->npend == 0 && cv->np == 0 &&
	       cv->nstage == 0 && !cv->bom_due && !cv->xto_more &&
	       (cv->first_seen || cv->bom == UB_BOM_KEEP);
}

/*
 * The fast lane from a built-in source to a backend target: a stretch
 * of valid input to UTF-16 in bulk (the vector kernels), then to the
 * backend in one call, straight into dst.  Returns the bytes of src
 * taken; 0 leaves the next bytes to the pivot (an error, a sequence
 * cut by the chunk's end, a character the target cannot hold, or too
 * little room in dst).
 */
static size_t
lane_encode(ub_conv *cv, const uint8_t *src, size_t n, uint8_t *dst,
            size_t cap, size_t *o, bool *handoff)
{
	size_t room = cap - *o, units, lim, used, written, k, take;
	ub_encoding host = utf16_host();
	ub_result run;
	ub_status st;
	ub_decoded d;

	*handoff = true;
	units = room / cv->xto->max_bytes;
	if (units < 64 + 10)
		return 0;
	units -= 10;
	if (units > U16)
		units = U16;
	/* every built-in encoding takes at least a byte per unit */
	lim = n < units ? n : units;
	run = ubi_transcode_strict(host, cv->from_fixed, src, lim,
	                           (uint8_t *)cv->u16, units * 2);
	if (run.in == 0)
		return 0;
	st = cv->xto->encode16(cv->xto, cv->u16, run.out / 2, dst + *o, room,
	                       &used, &written);
	if (st == UB_E_INVALID_ARG)
		return 0;
	*o += written;
	take = run.in;
	/* an error or a cut sequence next, or more of the same */
	*handoff = run.status != UB_OK && run.status != UB_E_OUTPUT_FULL;
	if (st != UB_OK) {
		/* What came before the character ICU could not map was
		 * written; the pivot takes that character again and
		 * reports it. */
		*handoff = true;
		used -= used >= 2 && (cv->u16[used - 1] & 0xFC00) == 0xDC00
		                ? 2
		                : 1;
		for (take = 0, k = 0; k < used; take += d.len) {
			d = ub_decode(cv->from_fixed, src + take,
			              run.in - take);
			k += d.cp > 0xFFFF ? 2 : 1;
		}
	}
	ubi_pos_advance(&cv->pos, cv->from_fixed, src, take);
	cv->first_seen = cv->first_seen || take > 0;
	cv->offset += take;
	return take;
}

/*
 * The fast lane from a backend source to a Unicode target: the backend
 * decodes a stretch to UTF-16, the vector kernels write it straight
 * into dst.  Returns the bytes of src taken; an invalid sequence the
 * backend stopped at goes to the pivot, reported from there.
 */
static size_t
lane_decode(ub_conv *cv, const uint8_t *src, size_t n, uint8_t *dst,
            size_t cap, size_t *o)
{
	size_t room = cap - *o, ucap, consumed, nu, nbad = 0;
	ub_encoding host = utf16_host();
	uint8_t bad[MAX_BAD];
	ub_result run;
	ub_status st;

	/* a unit is at most 4 bytes out (UTF-32) */
	ucap = room / 4 < U16 ? room / 4 : U16;
	if (ucap < 256)
		return 0;
	st = cv->xfrom->decode16(cv->xfrom, src, n, cv->offset, cv->u16, ucap,
	                         &consumed, &nu, bad, &nbad);
	if (st == UB_E_INVALID_ARG)
		return 0;
	run = ubi_transcode_strict(cv->to_fixed, host, (uint8_t *)cv->u16,
	                           nu * 2, dst + *o, room);
	if (run.status == UB_OK) {
		if (cv->to_fixed == UB_UTF8)
			ubi_pos_advance(&cv->pos, UB_UTF8, dst + *o, run.out);
		else
			ubi_pos_advance(&cv->pos, host, (uint8_t *)cv->u16,
			                nu * 2);
		*o += run.out;
	} else {
		/* Only a lone surrogate stops it, and the table-driven
		 * converters this lane serves give none; should one come,
		 * it is reported where the stretch began. */
		*o += run.out;
		ubi_pos_advance(&cv->pos, host, (uint8_t *)cv->u16, run.in);
		invalid(cv, UB_E_UNPAIRED, bad, 0, cv->offset);
	}
	cv->first_seen = cv->first_seen || nu > 0;
	cv->offset += consumed;
	if (ub_status_is_invalid(st) || st == UB_E_TRUNCATED)
		invalid(cv, st, bad, nbad, cv->xfrom->bad_offset);
	return consumed;
}

static bool
unicode_target(ub_encoding enc)
{
	return enc == UB_UTF8 || enc == UB_UTF16LE || enc == UB_UTF16BE ||
	       enc == UB_UTF32LE || enc == UB_UTF32BE;
}

UB_API ub_result
ub_conv_feed(ub_conv *cv, const uint8_t *src, size_t n, uint8_t *dst,
             size_t cap, bool last)
{
	static uint8_t nowhere[1];
	ub_result r = {UB_OK, 0, 0, 0}, run;
	uint64_t base, errors;
	size_t i = 0, o = 0, lim;
	bool handoff;

	if (cv == NULL || (src == NULL && n > 0) || (dst == NULL && cap > 0)) {
		r.status = UB_E_INVALID_ARG;
		return r;
	}
	if (dst == NULL) /* no room at all, rather than "count only" */
		dst = nowhere;
	/* the stream offset of src[0]: bytes held from earlier chunks were
	 * consumed already but are not counted in offset yet */
	base = cv->offset + cv->npend;
	errors = cv->nerrors;
	while (cv->failed == UB_OK || cv->np > 0 || cv->nstage > 0) {
		/* After a strict failure this still writes what came
		 * before the error, then stops. */
		if (drain(cv, dst, cap, &o) == UB_E_OUTPUT_FULL) {
			r.status = UB_E_OUTPUT_FULL;
			break;
		}
		if (cv->failed != UB_OK)
			break;
		if (i == n) {
			if (!last || cv->finished)
				break;
			finish(cv);
			continue;
		}
		if (fast_path(cv)) {
			run = ubi_transcode_strict(cv->to_fixed,
			                           cv->from_fixed, src + i,
			                           n - i, dst + o, cap - o);
			ubi_pos_advance(&cv->pos, cv->from_fixed, src + i,
			                run.in);
			cv->first_seen = cv->first_seen || run.in > 0;
			i += run.in;
			cv->offset += run.in;
			o += run.out;
			if (run.status == UB_OK)
				continue;
			if (run.status == UB_E_OUTPUT_FULL && run.in > 0) {
				r.status = UB_E_OUTPUT_FULL;
				break;
			}
			if (run.status == UB_E_UNMAPPABLE &&
			    cv->policy != UB_STRICT) {
				lim = unmappable_run(cv, src + i, n - i, dst,
				                     cap, &o);
				i += lim;
				if (lim > 0)
					continue;
			}
			/* Let the slow path take the next few bytes: an error,
			 * a sequence cut by the chunk's end, or a character
			 * too big for what is left of dst, which the stage can
			 * hand out piece by piece. */
			lim = n - i < 8 ? n - i : 8;
			i += decode_builtin(cv, src + i, lim,
			                    last && lim == n - i);
		} else if (cv->xfrom != NULL) {
			if (cv->xto == NULL && unicode_target(cv->to_fixed) &&
			    quiet(cv) && n - i >= 64) {
				run.in = lane_decode(cv, src + i, n - i, dst,
				                     cap, &o);
				i += run.in;
				if (run.in > 0 || cv->np > 0)
					continue;
			}
			i += decode_backend(cv, src + i, n - i, last);
		} else if (cv->xto != NULL && quiet(cv) && n - i >= 64) {
			i += lane_encode(cv, src + i, n - i, dst, cap, &o,
			                 &handoff);
			if (handoff) { /* the pivot takes the next few bytes */
				lim = n - i < 8 ? n - i : 8;
				i += decode_builtin(cv, src + i, lim,
				                    last && lim == n - i);
			}
		} else {
			i += decode_builtin(cv, src + i, n - i, last);
		}
	}
	if (cv->failed != UB_OK && r.status != UB_E_OUTPUT_FULL) {
		r.status = cv->failed;
		i = cv->fail_offset > base ? (size_t)(cv->fail_offset - base)
		                           : 0;
	}
	r.in = i;
	r.out = o;
	r.errors = (size_t)(cv->nerrors - errors);
	return r;
}
