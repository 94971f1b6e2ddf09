/*
 * charset_icu.c - the ICU backend: every charset ICU's ucnv knows, as a
 * struct ubi_charset (internal.h) for the streaming converter, and the
 * list of names and aliases behind ub_charset_count().
 *
 * ICU converts between bytes and UTF-16 code units; the converter wants
 * code points with absolute byte offsets, the same however the input is
 * cut.  ICU's offsets arrays are per call, and a character begun in an
 * earlier call gets -1 or, from some converters, a wrong offset; so:
 * - chunk mode (table-driven charsets, stateless between characters):
 *   whatever ICU holds after a call is taken back and read again at
 *   the start of the next (take_back), so every call starts at a
 *   character boundary and every offset is ICU's own, exact;
 * - byte mode (the others: Unicode-family, ISO-2022, shift states):
 *   one byte per ICU call, so ICU meets the same calls whatever the
 *   chunks, positions as spans, lone surrogates as UB_E_UNPAIRED
 *   (decode_bytes); the stateful charsets of tables (ISO-2022, HZ,
 *   EBCDIC with shifts) leap over whole lines in the fast lane when
 *   that gives what byte mode would (leap).
 * ICU stops at every bad sequence (the STOP callbacks) and hands over
 * its bytes (ucnv_getInvalidChars) or code units; conv.c applies the
 * policy.  decode16/encode16 are the converter's bulk lanes.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <unicode/uchar.h>
#include <unicode/uclean.h>
#include <unicode/ucnv.h>
#include <unicode/ucnv_err.h>
#include <unicode/utf16.h>
#include <unicode/uversion.h>

#include "internal.h"

#define UBUF 512        /* UTF-16 units per ICU call */
#define QCAP (UBUF + 8) /* decoded items waiting (byte mode) */
#define HIST 256  /* input bytes remembered for error reports (byte mode) */
#define MAXBAD 32 /* bytes of one bad sequence handed over */
#define REFEED_MAX 32   /* bytes held back to be read again (chunk mode) */
#define LEAP_UNITS 8192 /* UTF-16 units of one leap (byte mode) */

/* A copy of a converter with its state (ucnv_clone is ICU 71's name
 * for what ucnv_safeClone did). */
#if U_ICU_VERSION_MAJOR_NUM >= 71
#define copy_converter(cnv, err) ucnv_clone(cnv, err)
#else
#define copy_converter(cnv, err) ucnv_safeClone(cnv, NULL, NULL, err)
#endif

/* A character or an error, decoded and waiting (byte mode). */
struct item {
	uint32_t cp;
	uint64_t off;
	ub_status st; /* UB_OK for a character */
	uint8_t nb;
	uint8_t b[MAXBAD];
};

struct icu_charset {
	struct ubi_charset cs; /* first, so the seam's pointer is ours */
	UConverter *cnv;
	char name[80]; /* the canonical name shown in messages */

	/* decoding */
	bool have_hi; /* a lead surrogate waits for its trail */
	UChar hi;
	uint64_t hi_off;
	bool overflowed; /* ICU holds units the last call had no room for */
	uint64_t refeed_from; /* chunk mode: bytes to read again, */
	size_t nrefeed;       /* taken back from ICU (see take_back) */
	uint64_t last_off;    /* offset of the character last written */
	uint8_t probe_done;   /* 1: probe opened, 2: it cannot be */
	UConverter *probe;    /* a second decoder to classify errors */

	/* decoding byte by byte (see bytewise()) */
	bool bytewise;
	uint8_t leap_nl;     /* 0, or the line feed byte leaps end after */
	uint64_t leap_from;  /* not before this offset (an error after) */
	int32_t *leap_off;   /* ICU's offsets for a leap, LEAP_UNITS */
	bool want_leap;      /* one was refused: byte mode may stop early */
	int32_t held;        /* bytes ICU held after the last byte call */
	bool flushed;        /* the final flush ran */
	uint64_t pos;        /* bytes given to ICU */
	uint64_t span;       /* where the next character's bytes begin */
	uint64_t hi_end;     /* where the waiting lead's bytes end */
	struct item q[QCAP]; /* decoded, not yet handed over */
	size_t qh, qn;
	uint8_t hist[HIST]; /* input byte at offset k is hist[k % HIST] */

	/* encoding */
	bool have_trail; /* ICU took a lead surrogate but not its trail */
	UChar trail;
	bool flushing; /* a final flush ran out of room */

	UChar u[UBUF];
	int32_t uoff[UBUF];
};

static void
icu_close(struct ubi_charset *cs)
{
	struct icu_charset *ic = (struct icu_charset *)cs;

	ucnv_close(ic->cnv);
	if (ic->probe != NULL)
		ucnv_close(ic->probe);
	free(ic->leap_off);
	free(ic);
}

static void
icu_reset(struct ubi_charset *cs)
{
	struct icu_charset *ic = (struct icu_charset *)cs;

	ucnv_reset(ic->cnv);
	ic->have_hi = ic->overflowed = false;
	ic->last_off = 0;
	ic->have_trail = ic->flushing = false;
	ic->flushed = false;
	ic->pos = ic->span = ic->hi_end = 0;
	ic->leap_from = 0;
	ic->want_leap = false;
	ic->held = 0;
	ic->qh = ic->qn = 0;
	ic->nrefeed = 0;
	ic->refeed_from = 0;
}

/*
 * ICU says only "illegal" for a malformed sequence.  A single bad byte
 * is either a lead byte cut short by a byte that cannot follow it
 * (which ICU gives back to be read again) or a byte that starts
 * nothing; a fresh decoder told the byte is all there is says which:
 * it calls the first truncated.
 */
static ub_status
classify(struct icu_charset *ic, UErrorCode icu_err, const uint8_t *bad,
         size_t nbad)
{
	UErrorCode err = U_ZERO_ERROR;
	const char *s = (const char *)bad;
	UChar tmp[8], *t = tmp;

	if (icu_err == U_TRUNCATED_CHAR_FOUND)
		return UB_E_TRUNCATED;
	if (icu_err != U_ILLEGAL_CHAR_FOUND)
		return UB_E_INVALID_BYTE; /* unassigned: never in the text */
	if (nbad != 1)
		return UB_E_EXPECTED_CONT;
	if (ic->probe_done == 0) {
		ic->probe = ucnv_open(ucnv_getName(ic->cnv, &err), &err);
		if (U_SUCCESS(err))
			ucnv_setToUCallBack(ic->probe, UCNV_TO_U_CALLBACK_STOP,
			                    NULL, NULL, NULL, &err);
		ic->probe_done = U_SUCCESS(err) ? 1 : 2;
		err = U_ZERO_ERROR;
	}
	if (ic->probe_done != 1)
		return UB_E_INVALID_BYTE;
	ucnv_resetToUnicode(ic->probe);
	ucnv_toUnicode(ic->probe, &t, tmp + LEN(tmp), &s, s + 1, NULL, true,
	               &err);
	return err == U_TRUNCATED_CHAR_FOUND ? UB_E_EXPECTED_CONT
	                                     : UB_E_INVALID_BYTE;
}

static void
put_cp(uint32_t *cp, uint64_t *off, size_t *m, uint32_t c, uint64_t o)
{
	cp[*m] = c;
	off[*m] = o;
	(*m)++;
}

/*
 * The bad sequence ICU stopped at (cause) after consuming consumed
 * bytes of a call whose first byte was at base: its bytes, status, and
 * (in bad_offset) where it began.
 */
static ub_status
chunk_error(struct icu_charset *ic, UErrorCode cause, uint64_t base,
            size_t consumed, uint8_t *bad, size_t *nbad)
{
	UErrorCode err = U_ZERO_ERROR;
	char badc[32];
	int8_t nb = (int8_t)sizeof(badc);
	int32_t pending;
	uint64_t o;

	ucnv_getInvalidChars(ic->cnv, badc, &nb, &err);
	if (U_FAILURE(err) || nb < 0)
		nb = 0;
	*nbad = (size_t)nb;
	memcpy(bad, badc, *nbad);
	/* They end where ICU has read up to: past what it consumed, less
	 * the bytes it gave back to be read again. */
	err = U_ZERO_ERROR;
	pending = ucnv_toUCountPending(ic->cnv, &err);
	if (U_FAILURE(err) || pending < 0)
		pending = 0;
	o = base + consumed;
	o = o >= (uint64_t)pending + *nbad ? o - (uint64_t)pending - *nbad : 0;
	ic->cs.bad_offset = o;
	return classify(ic, cause, bad, *nbad);
}

/* The input bytes at stream offsets [from, from + n), n <= HIST. */
static void
hist_get(const struct icu_charset *ic, uint64_t from, size_t n, uint8_t *b)
{
	size_t k;

	for (k = 0; k < n; k++)
		b[k] = ic->hist[(from + k) % HIST];
}

/* Remember src[0..n), which ends at stream offset end. */
static void
hist_put(struct icu_charset *ic, const uint8_t *src, size_t n, uint64_t end)
{
	size_t k = n > HIST ? n - HIST : 0;

	for (; k < n; k++)
		ic->hist[(end - n + k) % HIST] = src[k];
}

/*
 * After a call in chunk mode: whatever ICU still holds (the start of a
 * character cut by the end of the input, or bytes it gives back after
 * an error) is taken out of it and read again at the start of the next
 * call.  Every call then starts at a character boundary with a fresh
 * converter, and ICU's offsets are exact: none is -1 for "began in an
 * earlier call", which ICU cannot place.  ICU has read up to read; the
 * bytes to read again end at end.  Only for converters without state
 * between characters (SBCS, DBCS, MBCS), which a reset does not harm.
 */
static void
take_back(struct icu_charset *ic, uint64_t read, uint64_t end)
{
	UErrorCode err = U_ZERO_ERROR;
	int32_t pending = ucnv_toUCountPending(ic->cnv, &err);
	uint64_t from;

	if (U_FAILURE(err) || pending < 0)
		pending = 0;
	from = read - (uint64_t)pending;
	if (end <= from)
		return;
	if (end - from > REFEED_MAX) /* cannot happen: chars are short */
		from = end - REFEED_MAX;
	ucnv_resetToUnicode(ic->cnv);
	ic->refeed_from = from;
	ic->nrefeed = (size_t)(end - from);
}

static ub_status
decode_chunk(struct icu_charset *ic, const uint8_t *src, size_t n, bool last,
             uint64_t base, uint32_t *cp, uint64_t *off, size_t cap,
             size_t *consumed, size_t *ncp, uint8_t *bad, size_t *nbad)
{
	UErrorCode err = U_ZERO_ERROR;
	uint8_t tmp[REFEED_MAX + 32];
	const uint8_t *in = src;
	const char *s;
	UChar *t = ic->u, u;
	size_t lim, m = 0, k, nu, re = 0, take = n, used;
	uint64_t inbase = base, o;
	bool flush = last;
	ub_status st = UB_OK;

	*consumed = *ncp = *nbad = 0;
	lim = cap - (ic->have_hi ? 1 : 0);
	if (lim > UBUF)
		lim = UBUF;
	if (lim <= 40)
		return UB_E_OUTPUT_FULL;
	if (ic->nrefeed > 0) { /* held bytes first, then a little of src */
		re = ic->nrefeed;
		ic->nrefeed = 0;
		hist_get(ic, ic->refeed_from, re, tmp);
		take = n < sizeof(tmp) - re ? n : sizeof(tmp) - re;
		memcpy(tmp + re, src, take);
		in = tmp;
		inbase = ic->refeed_from;
		flush = last && take == n;
	}
	s = (const char *)in;
	/* The last 32 units are kept for what one mapping gives beyond the
	 * rest (19 at most), so that ICU keeps none for the next call. */
	ucnv_toUnicode(ic->cnv, &t, ic->u + lim - 32, &s,
	               (const char *)in + re + take, ic->uoff, flush, &err);
	if (err == U_BUFFER_OVERFLOW_ERROR) {
		err = U_ZERO_ERROR;
		ucnv_toUnicode(ic->cnv, &t, ic->u + lim, &s, s,
		               ic->uoff + (t - ic->u), flush, &err);
	}
	used = (size_t)(s - (const char *)in);
	*consumed = used > re ? used - re : 0;
	hist_put(ic, src, *consumed, base + *consumed);
	nu = (size_t)(t - ic->u);
	for (k = 0; k < nu; k++) {
		u = ic->u[k];
		/* -1: the rest of the character before (ICU ran out of
		 * room for it) */
		o = ic->uoff[k] >= 0 ? inbase + (uint64_t)ic->uoff[k]
		                     : ic->last_off;
		ic->last_off = o;
		if (ic->have_hi) {
			ic->have_hi = false;
			if (U16_IS_TRAIL(u)) {
				put_cp(cp, off, &m,
				       U16_GET_SUPPLEMENTARY(ic->hi, u),
				       ic->hi_off);
				continue;
			}
			put_cp(cp, off, &m, ic->hi, ic->hi_off);
		}
		if (U16_IS_LEAD(u)) {
			ic->have_hi = true;
			ic->hi = u;
			ic->hi_off = o;
			continue;
		}
		put_cp(cp, off, &m, u, o);
	}
	if (err == U_BUFFER_OVERFLOW_ERROR) { /* cannot happen: see above */
		ic->overflowed = true;
		*ncp = m;
		return UB_E_OUTPUT_FULL;
	}
	ic->overflowed = false;
	/* A lead with no trail to come is passed on as it is (the
	 * table-driven converters give none). */
	if ((U_FAILURE(err) || flush) && ic->have_hi) {
		ic->have_hi = false;
		put_cp(cp, off, &m, ic->hi, ic->hi_off);
	}
	*ncp = m;
	if (U_FAILURE(err))
		st = chunk_error(ic, err, inbase, used, bad, nbad);
	/* What ICU holds, and bytes of in it did not read (an error among
	 * the held ones), are read again next time; after a flush, only
	 * what an error gave back. */
	if (!flush || (U_FAILURE(err) && err != U_TRUNCATED_CHAR_FOUND))
		take_back(ic, inbase + used, inbase + (used > re ? used : re));
	if (st == UB_OK && re > 0 && take < n)
		return UB_E_OUTPUT_FULL; /* more of src: call again */
	return st;
}

/*
 * Byte mode, for ICU's Unicode-family and other exotic converters
 * (CESU-8, SCSU, BOCU-1, UTF-7, IMAP-mailbox, HZ, LMBCS, ISCII, ...;
 * see bytewise()).  Given a character split between two calls, these
 * report its offset as that of the second call's first byte (CESU-8,
 * SCSU, HZ, LMBCS, ISCII) or forget the bytes of a bad sequence begun
 * in the earlier call (BOCU-1); and they can give lone surrogates.  Fed
 * one byte per call, ICU meets the same calls whatever the chunks, so
 * what comes out below depends on the byte stream alone.  Positions are
 * spans: a character's bytes begin where the previous character's or
 * error's end, so bytes that only switch a mode (SCSU tags, HZ's ~{,
 * UTF-7's +) count with the character after them.  A lone surrogate is
 * invalid input (UB_E_UNPAIRED) with the bytes of its span.
 */
static void
hist_copy(const struct icu_charset *ic, uint64_t from, uint64_t to, uint8_t *b,
          uint8_t *nb)
{
	uint64_t k;

	if (ic->pos > HIST && from < ic->pos - HIST)
		from = ic->pos - HIST; /* forgotten: keep the latest */
	if (to > from + MAXBAD)
		to = from + MAXBAD;
	*nb = 0;
	for (k = from; k < to; k++)
		b[(*nb)++] = ic->hist[k % HIST];
}

static struct item *
q_push(struct icu_charset *ic, uint32_t cp, uint64_t off, ub_status st)
{
	struct item *it = &ic->q[(ic->qh + ic->qn++) % QCAP];

	it->cp = cp;
	it->off = off;
	it->st = st;
	it->nb = 0;
	return it;
}

static void
q_error(struct icu_charset *ic, ub_status st, uint64_t from, uint64_t to)
{
	struct item *it = q_push(ic, UB_REPLACEMENT_CHAR, from, st);

	hist_copy(ic, from, to, it->b, &it->nb);
}

/* A waiting lead surrogate that no trail follows. */
static void
q_lone_hi(struct icu_charset *ic)
{
	if (ic->have_hi) {
		ic->have_hi = false;
		q_error(ic, UB_E_UNPAIRED, ic->hi_off, ic->hi_end);
	}
}

/* A unit whose bytes are input[off..end). */
static void
q_unit(struct icu_charset *ic, UChar u, uint64_t off, uint64_t end)
{
	if (ic->have_hi && U16_IS_TRAIL(u)) {
		ic->have_hi = false;
		q_push(ic, U16_GET_SUPPLEMENTARY(ic->hi, u), ic->hi_off,
		       UB_OK);
		return;
	}
	q_lone_hi(ic);
	if (U16_IS_LEAD(u)) {
		ic->have_hi = true;
		ic->hi = u;
		ic->hi_off = off;
		ic->hi_end = end;
	} else if (U16_IS_TRAIL(u)) {
		q_error(ic, UB_E_UNPAIRED, off, end);
	} else {
		q_push(ic, u, off, UB_OK);
	}
}

/* One ICU call on src[0..n), n at most 1; what it gives is queued.
 * Returns the bytes ICU took (none when it stopped before the byte). */
static size_t
byte_call(struct icu_charset *ic, const uint8_t *src, size_t n, bool flush)
{
	UErrorCode err, e2;
	const char *s = (const char *)src;
	uint64_t start = ic->pos, o[UBUF], end, lower, err_end, err_start;
	size_t k, nu;
	int32_t pending;
	char badc[32];
	int8_t nb;
	UChar *t;
	uint8_t b[MAXBAD], nbyt;
	struct item *it;

	if (n > 0)
		ic->hist[ic->pos % HIST] = src[0];
	do { /* more than once only if ICU ran out of room */
		err = U_ZERO_ERROR;
		t = ic->u;
		ucnv_toUnicode(ic->cnv, &t, ic->u + UBUF, &s,
		               (const char *)src + n, ic->uoff, flush, &err);
		nu = (size_t)(t - ic->u);
		ic->pos += (size_t)(s - (const char *)src);
		e2 = U_ZERO_ERROR;
		pending = ucnv_toUCountPending(ic->cnv, &e2);
		if (U_FAILURE(e2) || pending < 0 ||
		    (uint64_t)pending > ic->pos)
			pending = 0;
		ic->held = pending;
		end = ic->pos - (uint64_t)pending;
		/* ICU's offsets order units inside this call; the first
		 * begins where the last character ended. */
		for (k = 0; k < nu; k++) {
			if (k == 0)
				o[k] = ic->span;
			else if (ic->uoff[k] >= 0 &&
			         start + (uint64_t)ic->uoff[k] > o[k - 1])
				o[k] = start + (uint64_t)ic->uoff[k];
			else
				o[k] = o[k - 1];
		}
		lower = nu > 0 ? o[nu - 1] : ic->span;
		if (end < lower)
			end = lower;
		err_start = err_end = end;
		if (U_FAILURE(err) && err != U_BUFFER_OVERFLOW_ERROR) {
			/* The bad bytes end where ICU has read up to, less
			 * what it gives back to be read again. */
			nb = (int8_t)sizeof(badc);
			e2 = U_ZERO_ERROR;
			ucnv_getInvalidChars(ic->cnv, badc, &nb, &e2);
			if (U_FAILURE(e2) || nb < 0)
				nb = 0;
			err_start = nb > 0 && (uint64_t)nb <= err_end - lower
			                    ? err_end - (uint64_t)nb
			                    : lower;
		}
		for (k = 0; k < nu; k++)
			q_unit(ic, ic->u[k], o[k],
			       k + 1 < nu ? o[k + 1] : err_start);
		if (U_FAILURE(err) && err != U_BUFFER_OVERFLOW_ERROR) {
			q_lone_hi(ic);
			hist_copy(ic, err_start, err_end, b, &nbyt);
			it = q_push(ic, UB_REPLACEMENT_CHAR, err_start,
			            classify(ic, err, b, nbyt));
			memcpy(it->b, b, nbyt);
			it->nb = nbyt;
			ic->span = err_end;
		} else if (nu > 0) {
			ic->span = end;
		}
		src = (const uint8_t *)s;
		n = 0;
	} while (err == U_BUFFER_OVERFLOW_ERROR);
	if (flush)
		q_lone_hi(ic);
	return (size_t)(ic->pos - start);
}

/* Byte mode between characters: nothing queued, no lead surrogate
 * waiting, nothing held inside ICU (held: as the last call left it; a
 * leap leaves it as it found it, at 0). */
static bool
at_rest(const struct icu_charset *ic)
{
	return ic->qn == 0 && !ic->have_hi && ic->held == 0;
}

static ub_status
decode_bytes(struct icu_charset *ic, const uint8_t *src, size_t n, bool last,
             uint32_t *cp, uint64_t *off, size_t cap, size_t *consumed,
             size_t *ncp, uint8_t *bad, size_t *nbad)
{
	static const uint8_t none[1];
	struct item *it;
	size_t m = 0, i = 0;
	ub_status st = UB_OK;

	*nbad = 0;
	for (;;) {
		if (ic->qn > 0) {
			it = &ic->q[ic->qh];
			if (it->st == UB_OK && m == cap) {
				st = UB_E_OUTPUT_FULL;
				break;
			}
			ic->qh = (ic->qh + 1) % QCAP;
			ic->qn--;
			if (it->st == UB_OK) {
				cp[m] = it->cp;
				off[m++] = it->off;
				continue;
			}
			memcpy(bad, it->b, it->nb);
			*nbad = it->nb;
			ic->cs.bad_offset = it->off;
			st = it->st;
			break;
		}
		if (ic->want_leap && i > 0 && at_rest(ic) &&
		    ic->pos >= ic->leap_from) {
			/* a clean place: the fast lane may leap from here */
			ic->want_leap = false;
			break;
		}
		if (i < n) {
			i += byte_call(ic, src + i, 1, false);
		} else if (last && !ic->flushed) {
			ic->flushed = true;
			byte_call(ic, none, 0, true);
		} else {
			break;
		}
	}
	*consumed = i;
	*ncp = m;
	return st;
}

static ub_status
icu_decode(struct ubi_charset *cs, const uint8_t *src, size_t n, bool last,
           uint64_t base, uint32_t *cp, uint64_t *off, size_t cap,
           size_t *consumed, size_t *ncp, uint8_t *bad, size_t *nbad)
{
	struct icu_charset *ic = (struct icu_charset *)cs;

	if (ic->bytewise)
		return decode_bytes(ic, src, n, last, cp, off, cap, consumed,
		                    ncp, bad, nbad);
	return decode_chunk(ic, src, n, last, base, cp, off, cap, consumed,
	                    ncp, bad, nbad);
}

static ub_status
icu_encode(struct ubi_charset *cs, const uint32_t *cp, size_t n, bool last,
           uint8_t *dst, size_t cap, size_t *consumed, size_t *written)
{
	struct icu_charset *ic = (struct icu_charset *)cs;
	UErrorCode err = U_ZERO_ERROR;
	char *t = (char *)dst;
	const UChar *s = ic->u;
	size_t nu = 0, ncp, used, k = 0, c, units;
	bool flush;

	*consumed = *written = 0;
	if (ic->have_trail)
		ic->u[nu++] = ic->trail;
	for (ncp = 0; ncp < n && nu + 2 <= UBUF; ncp++) {
		if (cp[ncp] > 0xFFFF) {
			ic->u[nu++] = U16_LEAD(cp[ncp]);
			ic->u[nu++] = U16_TRAIL(cp[ncp]);
		} else {
			ic->u[nu++] = (UChar)cp[ncp];
		}
	}
	flush = (last && ncp == n) || (ic->flushing && n == 0);
	ucnv_fromUnicode(ic->cnv, &t, (char *)dst + cap, &s, ic->u + nu, NULL,
	                 flush, &err);
	*written = (size_t)(t - (char *)dst);
	used = (size_t)(s - ic->u);
	if (ic->have_trail && used > 0) {
		ic->have_trail = false;
		k = 1;
	}
	/* Code points ICU took; one it took half of is taken, and the rest
	 * of it is handed over first next time. */
	for (c = 0; c < ncp && k < used; c++) {
		units = cp[c] > 0xFFFF ? 2 : 1;
		if (k + units > used) {
			ic->have_trail = true;
			ic->trail = ic->u[k + 1];
			c++;
			break;
		}
		k += units;
	}
	*consumed = c;
	ic->flushing = flush && err == U_BUFFER_OVERFLOW_ERROR;
	if (err == U_BUFFER_OVERFLOW_ERROR)
		return UB_E_OUTPUT_FULL;
	if (U_SUCCESS(err))
		return UB_OK;
	/* U_INVALID_CHAR_FOUND (no mapping), U_ILLEGAL_CHAR_FOUND (a lone
	 * surrogate): either way the target cannot hold it. */
	return UB_E_UNMAPPABLE;
}

/*
 * Byte mode's fast lane, for the stateful charsets that never give a
 * lone surrogate (ISO-2022, HZ, EBCDIC with shifts, ...): a leap.  A
 * byte per ICU call is exact but slow (about 25 MB/s for ISO-2022-JP,
 * five times slower than uconv), so a stretch up to its last line feed
 * is given to ICU whole, from a copy of the converter taken first.  It
 * is kept if ICU read all of it without an error, holds nothing back,
 * and gave the line feed last, from the stretch's last byte: then the
 * next character's span begins right after it, as it would in byte
 * mode.  Otherwise the copy takes the converter's place, and byte mode
 * reads the stretch up to where ICU stopped.  Whatever comes out of
 * either is the same, so what the converter reports does not depend on
 * the chunks.  0 units with UB_E_INVALID_ARG: no leap here.
 */
static ub_status
leap(struct icu_charset *ic, const uint8_t *src, size_t n, uint64_t base,
     uint16_t *u, size_t ucap, size_t *consumed, size_t *nu)
{
	UErrorCode err = U_ZERO_ERROR, e2 = U_ZERO_ERROR;
	const char *s = (const char *)src;
	UChar *t = (UChar *)u;
	UConverter *copy;
	size_t end, m, k;
	bool ok;

	if (ic->leap_nl == 0 || ic->flushed || base != ic->pos ||
	    base < ic->leap_from)
		return UB_E_INVALID_ARG;
	if (!at_rest(ic)) {
		/* in the middle of something: byte mode, until it is done */
		ic->want_leap = true;
		return UB_E_INVALID_ARG;
	}
	/* room and offsets for LEAP_UNITS units (ICU stops there), from
	 * half as many bytes (a unit per byte is the most they give) */
	if (ucap > LEAP_UNITS)
		ucap = LEAP_UNITS;
	if (n > ucap / 2)
		n = ucap / 2;
	for (end = n; end > 0 && src[end - 1] != ic->leap_nl; end--)
		;
	if (end < 2)
		return UB_E_INVALID_ARG;
	if (ic->leap_off == NULL &&
	    (ic->leap_off = malloc(LEAP_UNITS * sizeof(int32_t))) == NULL)
		return UB_E_INVALID_ARG;
	copy = copy_converter(ic->cnv, &err);
	if (U_FAILURE(err))
		return UB_E_INVALID_ARG;
	ucnv_toUnicode(ic->cnv, &t, (UChar *)u + ucap, &s,
	               (const char *)src + end, ic->leap_off, false, &err);
	m = (size_t)(t - (UChar *)u);
	e2 = U_ZERO_ERROR;
	ok = U_SUCCESS(err) && (size_t)(s - (const char *)src) == end &&
	     ucnv_toUCountPending(ic->cnv, &e2) == 0 && U_SUCCESS(e2) &&
	     m > 0 && u[m - 1] == '\n' &&
	     ic->leap_off[m - 1] == (int32_t)(end - 1);
	for (k = 0; ok && k < m; k++)
		ok = !U16_IS_SURROGATE(u[k]) ||
		     (U16_IS_LEAD(u[k]) && k + 1 < m && U16_IS_TRAIL(u[++k]));
	if (!ok) {
		/* byte mode up to where ICU stopped, an error's bytes and a
		 * few after them included */
		ucnv_close(ic->cnv);
		ic->cnv = copy;
		ic->leap_from = base + (size_t)(s - (const char *)src) + 8;
		ic->want_leap = true;
		return UB_E_INVALID_ARG;
	}
	ucnv_close(copy);
	hist_put(ic, src, end, base + end);
	ic->pos = ic->span = base + end;
	*consumed = end;
	*nu = m;
	return UB_OK;
}

/*
 * The converter's fast lanes (conv.c): whole stretches as UTF-16,
 * without offsets, when nothing is held from an earlier call that
 * would need them.
 */
static ub_status
icu_decode16(struct ubi_charset *cs, const uint8_t *src, size_t n,
             uint64_t base, uint16_t *u, size_t ucap, size_t *consumed,
             size_t *nu, uint8_t *bad, size_t *nbad)
{
	struct icu_charset *ic = (struct icu_charset *)cs;
	UErrorCode err = U_ZERO_ERROR;
	const char *s = (const char *)src;
	UChar *t = (UChar *)u;
	ub_status st;

	*consumed = *nu = *nbad = 0;
	if (ic->bytewise)
		return leap(ic, src, n, base, u, ucap, consumed, nu);
	if (ic->have_hi || ic->overflowed || ic->nrefeed > 0 || ucap <= 32)
		return UB_E_INVALID_ARG;
	/* The last 32 units are kept for what one mapping gives beyond
	 * the rest (19 at most), so that nothing stays inside ICU. */
	ucnv_toUnicode(ic->cnv, &t, (UChar *)u + ucap - 32, &s, s + n, NULL,
	               false, &err);
	*consumed = (size_t)(s - (const char *)src);
	if (err == U_BUFFER_OVERFLOW_ERROR) {
		err = U_ZERO_ERROR;
		ucnv_toUnicode(ic->cnv, &t, (UChar *)u + ucap, &s, s, NULL,
		               false, &err);
		if (err == U_BUFFER_OVERFLOW_ERROR) { /* cannot happen */
			ic->overflowed = true;
			ic->last_off = base + *consumed;
			err = U_ZERO_ERROR;
		}
	}
	*nu = (size_t)(t - (UChar *)u);
	hist_put(ic, src, *consumed, base + *consumed);
	if (U_SUCCESS(err)) {
		take_back(ic, base + *consumed, base + *consumed);
		return UB_OK;
	}
	st = chunk_error(ic, err, base, *consumed, bad, nbad);
	take_back(ic, base + *consumed, base + *consumed);
	return st;
}

static ub_status
icu_encode16(struct ubi_charset *cs, const uint16_t *u, size_t n, uint8_t *dst,
             size_t cap, size_t *used, size_t *written)
{
	struct icu_charset *ic = (struct icu_charset *)cs;
	UErrorCode err = U_ZERO_ERROR;
	const UChar *s = (const UChar *)u;
	char *t = (char *)dst;

	*used = *written = 0;
	if (ic->have_trail || ic->flushing)
		return UB_E_INVALID_ARG;
	ucnv_fromUnicode(ic->cnv, &t, (char *)dst + cap, &s,
	                 (const UChar *)u + n, NULL, false, &err);
	*used = (size_t)(s - (const UChar *)u);
	*written = (size_t)(t - (char *)dst);
	if (U_SUCCESS(err))
		return UB_OK;
	return err == U_BUFFER_OVERFLOW_ERROR ? UB_E_OUTPUT_FULL
	                                      : UB_E_UNMAPPABLE;
}

/*
 * The name unibits shows for an ICU converter: its preferred MIME name
 * (then its IANA name) when that name opens this very converter, else
 * ICU's own ("windows-1252" rather than "ibm-5348_P100-1997";
 * "ISO-8859-2" rather than IANA's first, "ISO_8859-2:1987").
 */
static const char *
display_name(const char *icu)
{
	static const char *const standards[] = {"MIME", "IANA"};
	UErrorCode err;
	const char *std, *owner;
	size_t i;

	for (i = 0; i < LEN(standards); i++) {
		err = U_ZERO_ERROR;
		std = ucnv_getStandardName(icu, standards[i], &err);
		if (U_FAILURE(err) || std == NULL)
			continue;
		err = U_ZERO_ERROR;
		owner = ucnv_getAlias(std, 0, &err);
		if (U_SUCCESS(err) && owner != NULL && strcmp(owner, icu) == 0)
			return std;
	}
	return icu;
}

/*
 * What UB_REPLACE writes for a character the target cannot hold:
 * U+FFFD where the target can encode it (GB18030, UTF-7, ...), else
 * the character the charset itself keeps for the purpose (SUB, 0x1A,
 * in most IBM and Windows code pages; '?' in others), read back as a
 * code point.
 */
static uint32_t
pick_substitute(UConverter *cnv)
{
	UErrorCode err = U_ZERO_ERROR;
	UConverter *tmp;
	const UChar fffd = 0xFFFD, *us = &fffd;
	char bytes[32], *t = bytes;
	const char *bs = bytes;
	int8_t nb = (int8_t)sizeof(bytes);
	UChar back[4], *bt = back;
	uint32_t sub = '?';

	tmp = ucnv_open(ucnv_getName(cnv, &err), &err);
	if (U_FAILURE(err))
		return sub;
	ucnv_setFromUCallBack(tmp, UCNV_FROM_U_CALLBACK_STOP, NULL, NULL, NULL,
	                      &err);
	ucnv_setToUCallBack(tmp, UCNV_TO_U_CALLBACK_STOP, NULL, NULL, NULL,
	                    &err);
	ucnv_fromUnicode(tmp, &t, bytes + sizeof(bytes), &us, &fffd + 1, NULL,
	                 true, &err);
	if (U_SUCCESS(err)) {
		ucnv_close(tmp);
		return UB_REPLACEMENT_CHAR;
	}
	err = U_ZERO_ERROR;
	ucnv_reset(tmp);
	ucnv_getSubstChars(tmp, bytes, &nb, &err);
	if (U_SUCCESS(err) && nb > 0) {
		ucnv_toUnicode(tmp, &bt, back + LEN(back), &bs, bytes + nb,
		               NULL, true, &err);
		if (U_SUCCESS(err) && bt - back == 1 &&
		    !U16_IS_SURROGATE(back[0]))
			sub = back[0];
	}
	ucnv_close(tmp);
	return sub;
}

/*
 * Whether a source is decoded a byte per ICU call (see decode_bytes):
 * all but the table-driven converters, whose offsets hold across calls
 * and which never give lone surrogates.
 */
static bool
bytewise(const UConverter *cnv)
{
	switch (ucnv_getType(cnv)) {
	case UCNV_SBCS:
	case UCNV_DBCS:
	case UCNV_MBCS:
	case UCNV_LATIN_1:
	case UCNV_US_ASCII:
		return false;
	default:
		return true;
	}
}

/* The byte of U+000A that a byte-mode source may leap to (see leap), or
 * 0: only the stateful charsets of tables leap, not ICU's Unicode
 * encodings, which can give lone surrogates that byte mode places by
 * spans.  EBCDIC's line feed is 25. */
static uint8_t
leap_line_feed(const UConverter *cnv)
{
	switch (ucnv_getType(cnv)) {
	case UCNV_ISO_2022:
	case UCNV_HZ:
	case UCNV_ISCII:
	case UCNV_COMPOUND_TEXT:
		return 0x0A;
	case UCNV_EBCDIC_STATEFUL:
		return 0x25;
	default:
		return 0;
	}
}

/* ICU's own name for a charset name, or NULL if ICU does not know it.
 * ICU matches names as unibits does, ignoring case and punctuation. */
static const char *
icu_name(const char *name)
{
	UErrorCode err = U_ZERO_ERROR;
	const char *icu;

	if (name == NULL || *name == '\0')
		return NULL;
	icu = ucnv_getAlias(name, 0, &err);
	return U_SUCCESS(err) ? icu : NULL;
}

ub_encoding
ubi_charset_builtin(const char *name)
{
	ub_encoding enc = ub_encoding_from_name(name);

	if (enc == UB_ENC_NONE)
		enc = ub_encoding_from_name(icu_name(name));
	return enc;
}

struct ubi_charset *
ubi_charset_open(const char *name, bool to_unicode, ub_status *st)
{
	UErrorCode err = U_ZERO_ERROR;
	struct icu_charset *ic;
	const char *icu;
	UConverter *cnv;

	if (name == NULL || *name == '\0') {
		*st = UB_E_UNKNOWN_ENCODING;
		return NULL;
	}
	cnv = ucnv_open(name, &err);
	if (U_FAILURE(err)) {
		*st = err == U_MEMORY_ALLOCATION_ERROR ? UB_E_NOMEM
		                                       : UB_E_UNKNOWN_ENCODING;
		return NULL;
	}
	ic = calloc(1, sizeof(*ic));
	if (ic == NULL) {
		ucnv_close(cnv);
		*st = UB_E_NOMEM;
		return NULL;
	}
	ic->cnv = cnv;
	ucnv_setToUCallBack(cnv, UCNV_TO_U_CALLBACK_STOP, NULL, NULL, NULL,
	                    &err);
	ucnv_setFromUCallBack(cnv, UCNV_FROM_U_CALLBACK_STOP, NULL, NULL, NULL,
	                      &err);
	icu = ucnv_getName(cnv, &err);
	if (U_FAILURE(err)) {
		icu_close(&ic->cs);
		*st = UB_E_UNKNOWN_ENCODING;
		return NULL;
	}
	snprintf(ic->name, sizeof(ic->name), "%s", display_name(icu));
	ic->bytewise = to_unicode && bytewise(cnv);
	ic->leap_nl = ic->bytewise ? leap_line_feed(cnv) : 0;
	ic->cs.canonical = ic->name;
	ic->cs.substitute = to_unicode ? UB_REPLACEMENT_CHAR
	                               : pick_substitute(cnv);
	ic->cs.close = icu_close;
	ic->cs.reset = icu_reset;
	ic->cs.decode = icu_decode;
	ic->cs.encode = icu_encode;
	ic->cs.decode16 = icu_decode16;
	ic->cs.encode16 = icu_encode16;
	ic->cs.max_bytes = (size_t)ucnv_getMaxCharSize(cnv);
	*st = UB_OK;
	return &ic->cs;
}

/* ------------------------------------------------------------------ */
/* The list of names                                                   */
/* ------------------------------------------------------------------ */

#define NBUILTIN (UB_ENCODING_COUNT - 1)

/* ICU's j-th converter that is not a built-in encoding, or NULL. */
static const char *
nth_icu(size_t j)
{
	int32_t i, count = ucnv_countAvailable();
	const char *name;

	for (i = 0; i < count; i++) {
		name = ucnv_getAvailableName(i);
		if (name == NULL || ub_encoding_from_name(name) != UB_ENC_NONE)
			continue;
		if (j-- == 0)
			return name;
	}
	return NULL;
}

UB_API size_t
ub_charset_count(void)
{
	int32_t i, count = ucnv_countAvailable();
	size_t n = NBUILTIN;

	for (i = 0; i < count; i++)
		if (ub_encoding_from_name(ucnv_getAvailableName(i)) ==
		    UB_ENC_NONE)
			n++;
	return n;
}

/*
 * The j-th name that might be an alias of charset i, before the checks:
 * for a built-in encoding its own aliases, then ICU's for the same
 * encoding; for an ICU converter, ICU's.  NULL past the end.
 */
static const char *
raw_alias(size_t i, const char *icu, size_t j)
{
	const char *const *own = NULL;
	UErrorCode err = U_ZERO_ERROR;
	uint16_t count;
	const char *a;
	size_t nown = 0;

	if (i < NBUILTIN) {
		own = ub_encoding_aliases((ub_encoding)(i + 1));
		while (own != NULL && own[nown] != NULL)
			nown++;
		if (j < nown)
			return own[j];
		j -= nown;
	}
	if (icu == NULL)
		return NULL;
	count = ucnv_countAliases(icu, &err);
	if (U_FAILURE(err) || j >= count)
		return NULL;
	a = ucnv_getAlias(icu, (uint16_t)j, &err);
	return U_SUCCESS(err) ? a : NULL;
}

/* Whether name opens charset i (and so may be listed as its alias). */
static bool
opens(size_t i, const char *icu, const char *name)
{
	ub_encoding enc = ubi_charset_builtin(name);
	const char *owner;

	if (i < NBUILTIN)
		return enc == (ub_encoding)(i + 1);
	if (enc != UB_ENC_NONE)
		return false;
	owner = icu_name(name);
	return owner != NULL && strcmp(owner, icu) == 0;
}

/* Charset i's canonical name and ICU name; false if out of range. */
static bool
lookup(size_t i, const char **name, const char **icu)
{
	if (i < NBUILTIN) {
		*name = ub_encoding_name((ub_encoding)(i + 1));
		*icu = icu_name(*name);
		return true;
	}
	*icu = nth_icu(i - NBUILTIN);
	if (*icu == NULL)
		return false;
	*name = display_name(*icu);
	return true;
}

/*
 * Walk the aliases of charset i: the raw candidates that open it, are
 * not its name, and did not come earlier.  Returns alias k, or NULL
 * with *total set to how many there are.
 */
static const char *
walk_aliases(size_t i, size_t k, size_t *total)
{
	const char *name, *icu, *a, *b;
	size_t j, m, seen = 0;
	bool dup;

	*total = 0;
	if (!lookup(i, &name, &icu))
		return NULL;
	for (j = 0; (a = raw_alias(i, icu, j)) != NULL; j++) {
		if (ub_encoding_name_cmp(a, name) == 0 || !opens(i, icu, a))
			continue;
		dup = false;
		for (m = 0; m < j && !dup; m++) {
			b = raw_alias(i, icu, m);
			dup = b != NULL && ub_encoding_name_cmp(a, b) == 0;
		}
		if (dup)
			continue;
		if (seen++ == k)
			return a;
	}
	*total = seen;
	return NULL;
}

UB_API bool
ub_charset_info_at(size_t i, ub_charset_info *info)
{
	const char *name, *icu;

	if (info == NULL || !lookup(i, &name, &icu))
		return false;
	info->name = name;
	info->backend_name = icu;
	info->builtin = i < NBUILTIN ? (ub_encoding)(i + 1) : UB_ENC_NONE;
	walk_aliases(i, SIZE_MAX, &info->naliases);
	return true;
}

UB_API const char *
ub_charset_alias(size_t i, size_t k)
{
	size_t total;

	return walk_aliases(i, k, &total);
}

UB_API const char *
ub_charset_canonical(const char *name)
{
	ub_encoding enc = ubi_charset_builtin(name);
	const char *icu;

	if (enc != UB_ENC_NONE)
		return ub_encoding_name(enc);
	icu = icu_name(name);
	return icu != NULL ? display_name(icu) : NULL;
}

UB_API void
ub_cleanup(void)
{
	u_cleanup();
}

/* u_versionToString writes at most U_MAX_VERSION_STRING_LENGTH bytes;
 * the strings are made once (the race of two first calls writes the
 * same bytes). */
UB_API const char *
ub_icu_version(void)
{
	static char text[U_MAX_VERSION_STRING_LENGTH];
	UVersionInfo v;

	if (text[0] == '\0') {
		u_getVersion(v);
		u_versionToString(v, text);
	}
	return text;
}

UB_API const char *
ub_icu_unicode_version(void)
{
	static char text[U_MAX_VERSION_STRING_LENGTH];
	UVersionInfo v;

	if (text[0] == '\0') {
		u_getUnicodeVersion(v);
		u_versionToString(v, text);
	}
	return text;
}
