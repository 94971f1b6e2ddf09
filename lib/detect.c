/*
 * detect.c - which encoding is this input in?
 *
 * The evidence, from the strongest: a byte order mark; bytes 00..7F
 * only; well-formed UTF-8 (a legacy 8-bit text is almost never valid
 * UTF-8 once it has a few multi-byte sequences, since a lead byte must
 * be followed by exactly the right number of 80..BF bytes); the zero
 * bytes UTF-16 and UTF-32 leave in the high half of every ASCII
 * character; and for the legacy charsets, ICU's ucsdet, which scores
 * byte and n-gram frequencies per charset and language.
 *
 * The detector is fed blocks.  The first UB_DETECT_HEAD bytes are held
 * until the unit (bytes, UTF-16 or UTF-32 units) is chosen; from then
 * on every block is decoded and counted as it comes, and only the
 * lines around non-ASCII bytes are kept, so that ucsdet sees the bytes
 * that tell charsets apart even when they first appear late in a large
 * file.  ucsdet is the only ICU API used here.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <unicode/ucsdet.h>

#include "internal.h"

#define WINDOW 256 /* bytes kept either side of a late non-ASCII byte */

struct ub_detector {
	ub_detection r; /* the counts accumulate here */
	bool decided;   /* r.unit is chosen and the head was scanned */
	bool finished;
	uint8_t pend[8]; /* a character split between blocks */
	size_t npend;
	uint64_t off;    /* offset of the next byte to decode */
	bool cr_pending; /* the last character was CR */

	/* The evidence for the unit, kept for the reasons. */
	ub_detect_why unit_why;
	unsigned unit_conf;
	uint64_t unit_zeros, unit_units; /* zero high bytes, units seen */
	unsigned unit_plausible;         /* per cent of likely units */

	uint8_t sample[UB_DETECT_SAMPLE];
	size_t nsample;
	uint8_t tail[WINDOW]; /* a ring: the bytes since the last LF */
	size_t ntail;         /* bytes put in it (may exceed WINDOW) */
	size_t fwd;           /* bytes still to keep after a late 8-bit one */
};

UB_API const char *
ub_eol_name(ub_eol e)
{
	static const char *const names[] = {"none", "LF", "CRLF", "CR",
	                                    "mixed"};

	return (size_t)e < LEN(names) ? names[e] : "none";
}

UB_API const char *
ub_detect_why_name(ub_detect_why w)
{
	static const char *const names[] = {"EMPTY",      "BOM",
	                                    "ASCII",      "SUPERSET",
	                                    "UTF8",       "UTF8_DAMAGED",
	                                    "ZEROS",      "UNITS",
	                                    "STATISTICS", "FALLBACK"};

	return (size_t)w < LEN(names) ? names[w] : "UNKNOWN";
}

UB_API ub_status
ub_detect_open(ub_detector **dp)
{
	ub_detector *d;

	if (dp == NULL)
		return UB_E_INVALID_ARG;
	d = malloc(sizeof(*d));
	*dp = d;
	if (d == NULL)
		return UB_E_NOMEM;
	ub_detect_reset(d);
	return UB_OK;
}

UB_API void
ub_detect_close(ub_detector *d)
{
	free(d);
}

UB_API void
ub_detect_reset(ub_detector *d)
{
	if (d == NULL)
		return;
	memset(&d->r, 0, sizeof(d->r));
	d->r.unit = UB_UTF8;
	d->decided = d->finished = d->cr_pending = false;
	d->npend = 0;
	d->off = 0;
	d->unit_why = UB_WHY_ASCII;
	d->unit_conf = 0;
	d->unit_zeros = d->unit_units = 0;
	d->unit_plausible = 0;
	d->nsample = 0;
	d->ntail = d->fwd = 0;
}

/* ------------------------------------------------------------------ */
/* Counting characters                                                 */
/* ------------------------------------------------------------------ */

/* C0 and C1 controls and DEL, except the ones text uses: TAB, LF, VT,
 * FF, CR, and ESC (ISO 2022 escape sequences, terminal colours). */
static bool
is_control(uint32_t cp)
{
	if (cp < 0x20)
		return !BETWEEN(cp, 0x09, 0x0D) && cp != 0x1B;
	return cp == 0x7F || BETWEEN(cp, 0x80, 0x9F);
}

static unsigned
utf8_len(uint32_t cp)
{
	return cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
}

/* One decoded character (or one invalid sequence) at offset d->off. */
static void
count(ub_detector *d, const ub_decoded *dc)
{
	ub_detection *r = &d->r;
	uint32_t cp = dc->cp;

	r->chars++;
	if (dc->status != UB_OK) {
		if (r->invalid++ == 0) {
			r->first_invalid = d->off;
			r->first_status = dc->status;
		}
		cp = UB_REPLACEMENT_CHAR;
	} else {
		r->seq[utf8_len(cp) - 1]++;
	}
	/* LF, CR LF and a lone CR end lines, as in ubi_pos_char. */
	if (cp == '\n') {
		if (d->cr_pending)
			r->crlf++;
		else
			r->lf++;
		d->cr_pending = false;
		return;
	}
	if (d->cr_pending) {
		r->cr++;
		d->cr_pending = false;
	}
	if (cp == '\r')
		d->cr_pending = true;
	else if (cp == 0)
		r->nul++;
	else if (is_control(cp))
		r->controls++;
}

/* Bit 7 of the bytes of x below lim (at most 0x80) and maybe of some
 * above one: a borrow runs upward only, so the lowest is exact. */
static inline uint64_t
bytes_below(uint64_t x, unsigned lim)
{
	return (x - UBI_ONES * lim) & ~x & UBI_HIGH;
}

/*
 * The counts of count() for s[0..n), whole valid UTF-8 characters,
 * without decoding them: 8 bytes at a time, the length of each
 * character shows in the high bits of its first byte, and only a word
 * with a control, DEL or C2 (a C1 control is C2 80..9F) in it goes
 * byte by byte.  A CR at the very end waits for the next block.
 */
static void
count_valid_utf8(ub_detector *d, const uint8_t *s, size_t n)
{
	uint64_t x, m, ge[4] = {0, 0, 0, 0}; /* bytes >= 80, C0, E0, F0 */
	uint64_t lf = 0, cr = 0, crlf = 0, nul = 0, ctl = 0;
	ub_detection *r = &d->r;
	size_t j = 0, stop;
	uint8_t b;

	while (j < n) {
		stop = j + 1;
		if (n - j >= 8) {
			memcpy(&x, s + j, 8);
			/* bytes below 20, equal to 7F, equal to C2 */
			m = bytes_below(x, 0x20) |
			    bytes_below(x ^ UBI_ONES * 0x7F, 1) |
			    bytes_below(x ^ UBI_ONES * 0xC2, 1);
			if (m == 0) {
				/* bytes with the top 1, 2, 3, 4 bits set */
				ge[0] += ubi_high_bytes(x);
				x &= x << 1;
				ge[1] += ubi_high_bytes(x);
				x &= x << 1;
				ge[2] += ubi_high_bytes(x);
				x &= x << 1;
				ge[3] += ubi_high_bytes(x);
				j += 8;
				continue;
			}
			/* byte by byte up to the first flagged one */
			stop = j + (size_t)__builtin_ctzll(m) / 8 + 1;
		}
		for (; j < stop; j++) {
			b = s[j];
			ge[0] += b >= 0x80;
			ge[1] += b >= 0xC0;
			ge[2] += b >= 0xE0;
			ge[3] += b >= 0xF0;
			if (b == '\n') {
				lf++;
			} else if (b == '\r') {
				if (j + 1 == n)
					d->cr_pending = true;
				else if (s[j + 1] == '\n')
					crlf++, j++;
				else
					cr++;
			} else if (b == 0) {
				nul++;
			} else if (b < 0x20 || b == 0x7F) {
				ctl += is_control(b);
			} else if (b == 0xC2 && s[j + 1] < 0xA0) {
				ctl++; /* valid, so s[j + 1] is there */
			}
		}
	}
	r->chars += n - (ge[0] - ge[1]); /* all but continuation bytes */
	r->seq[0] += n - ge[0];
	r->seq[1] += ge[1] - ge[2];
	r->seq[2] += ge[2] - ge[3];
	r->seq[3] += ge[3];
	r->lf += lf;
	r->cr += cr;
	r->crlf += crlf;
	r->nul += nul;
	r->controls += ctl;
	d->off += n;
}

/*
 * Decode s[0..n) in the chosen unit and count it.  A character split
 * at the end waits in pend for the next block, as in conv.c; last says
 * there is none, and then a partial character is a truncated sequence.
 */
static void
scan(ub_detector *d, const uint8_t *s, size_t n, bool last)
{
	size_t i = 0, j, take, avail, from_pend, bulk_from = 0;
	const uint8_t *p;
	uint8_t tmp[16];
	ub_decoded dc;

	while (i < n || (last && d->npend > 0)) {
		if (d->npend > 0) {
			take = n - i < 8 ? n - i : 8;
			memcpy(tmp, d->pend, d->npend);
			if (take > 0)
				memcpy(tmp + d->npend, s + i, take);
			p = tmp;
			avail = d->npend + take;
			from_pend = d->npend;
		} else {
			if (d->r.unit == UB_UTF8 && !d->cr_pending &&
			    i >= bulk_from && n - i >= 64) {
				/* the valid stretch at i in bulk */
				take = ub_utf8_validate(s + i, n - i).in;
				count_valid_utf8(d, s + i, take);
				i += take;
				if (i == n)
					break;
				/* an error: what follows goes a character
				 * at a time for a while, so that text full of
				 * errors is not validated again at each */
				bulk_from = i + 64;
			}
			if (d->r.unit == UB_UTF8) {
				/* printable ASCII, the bulk of most text */
				j = i;
				while (j < n && BETWEEN(s[j], 0x20, 0x7E) &&
				       !d->cr_pending)
					j++;
				d->r.chars += j - i;
				d->r.seq[0] += j - i;
				d->off += j - i;
				i = j;
				if (i == n)
					break;
			}
			p = s + i;
			avail = n - i;
			from_pend = 0;
		}
		if (d->r.unit == UB_UTF8 && p[0] < 0x80) {
			dc.cp = p[0]; /* the common case, without a call */
			dc.len = 1;
			dc.status = UB_OK;
		} else {
			dc = ub_decode(d->r.unit, p, avail);
		}
		if (dc.status == UB_E_TRUNCATED && !last) {
			memcpy(d->pend, p, avail); /* avail < 4 here */
			d->npend = avail;
			return;
		}
		count(d, &dc);
		d->off += dc.len;
		if (dc.len >= from_pend) {
			i += dc.len - from_pend;
			d->npend = 0;
		} else { /* the error ended inside what was pending */
			d->npend -= dc.len;
			memmove(d->pend, d->pend + dc.len, d->npend);
		}
	}
}

/* Append s[0..n) to the sample, as much as fits. */
static void
sample_add(ub_detector *d, const uint8_t *s, size_t n)
{
	if (n > UB_DETECT_SAMPLE - d->nsample)
		n = UB_DETECT_SAMPLE - d->nsample;
	memcpy(d->sample + d->nsample, s, n);
	d->nsample += n;
}

/*
 * Keep the lines around the non-ASCII bytes after the head for ucsdet
 * (up to WINDOW bytes either side), until the sample is full, so that a
 * large file that is ASCII for its first megabytes still shows the
 * bytes that name its charset.  Byte by byte, with the bytes since the
 * last LF in a ring, so block boundaries change nothing.
 */
static void
collect(ub_detector *d, const uint8_t *s, size_t n)
{
	size_t i, k;
	uint8_t b;

	for (i = 0; i < n && d->nsample < UB_DETECT_SAMPLE; i++) {
		b = s[i];
		if (d->fwd > 0) { /* the rest of a line being kept */
			sample_add(d, &b, 1);
			if (b == '\n')
				d->fwd = 0;
			else
				d->fwd = b >= 0x80 ? WINDOW : d->fwd - 1;
			continue;
		}
		if (b >= 0x80) {
			k = d->ntail < WINDOW ? 0 : d->ntail % WINDOW;
			for (; k < WINDOW && k < d->ntail; k++)
				sample_add(d, &d->tail[k], 1);
			for (k = 0; d->ntail > WINDOW && k < d->ntail % WINDOW;
			     k++)
				sample_add(d, &d->tail[k], 1);
			sample_add(d, &b, 1);
			d->ntail = 0;
			d->fwd = WINDOW;
		} else if (b == '\n') {
			d->ntail = 0;
		} else {
			d->tail[d->ntail % WINDOW] = b;
			d->ntail++;
		}
	}
}

/* ------------------------------------------------------------------ */
/* Choosing the unit: bytes, UTF-16 or UTF-32                          */
/* ------------------------------------------------------------------ */

/*
 * Code points that real text is made of.  A random pair of bytes lands
 * here about half of the time (mostly in the CJK and Hangul blocks), a
 * UTF-16 text nearly always; reading a text with the wrong byte order
 * or a legacy double-byte text two bytes at a time gives many private
 * use, unassigned and rare characters and unpaired surrogates.
 */
static bool
plausible(uint32_t cp)
{
	static const struct {
		uint32_t lo, hi;
	} ranges[] = {
		{0x0009, 0x000A},    {0x000D, 0x000D}, {0x0020, 0x007E},
		{0x00A0, 0x024F}, /* Latin-1, Latin Extended-A and B */
		{0x0370, 0x052F}, /* Greek, Cyrillic */
		{0x0590, 0x06FF}, /* Hebrew, Arabic */
		{0x0900, 0x0DFF}, /* the Indic scripts */
		{0x0E00, 0x0EFF}, /* Thai, Lao */
		{0x1E00, 0x1FFF}, /* Latin Extended Additional, Greek */
		{0x2000, 0x206F}, /* General Punctuation */
		{0x20A0, 0x20C0}, /* currency */
		{0x2100, 0x22FF}, /* letterlike, numbers, arrows, maths */
		{0x2500, 0x27BF}, /* box drawing, shapes, symbols */
		{0x3000, 0x30FF}, /* CJK punctuation, kana */
		{0x3130, 0x318F}, /* Hangul compatibility jamo */
		{0x4E00, 0x9FFF}, /* CJK unified ideographs */
		{0xAC00, 0xD7A3}, /* Hangul syllables */
		{0xFEFF, 0xFEFF},    {0xFF00, 0xFFEF}, /* halfwidth, fullwidth
	                                                */
		{0x10000, 0x10FFFF}, /* a well-formed surrogate pair */
	};
	size_t i;

	for (i = 0; i < LEN(ranges); i++)
		if (BETWEEN(cp, ranges[i].lo, ranges[i].hi))
			return true;
	return false;
}

/* What s[0..n) looks like read in a UTF-16 or UTF-32 unit. */
struct units {
	uint64_t chars, plausible, invalid;
	uint64_t low;   /* characters U+0000..U+00FF: a zero high byte */
	uint64_t ascii; /* space and LF bytes, which an 8-bit text has many
	                 * of and UTF-16 without zero bytes hardly any */
};

static struct units
read_units(ub_encoding enc, const uint8_t *s, size_t n)
{
	struct units u = {0, 0, 0, 0, 0};
	size_t i = 0, k;
	ub_decoded dc;

	while (i < n) {
		dc = ub_decode(enc, s + i, n - i);
		if (dc.status == UB_E_TRUNCATED)
			break; /* the head may end inside a character */
		u.chars++;
		if (dc.status != UB_OK)
			u.invalid++;
		else if (plausible(dc.cp))
			u.plausible++;
		if (dc.status == UB_OK && dc.cp < 0x100)
			u.low++;
		for (k = 0; k < dc.len; k++)
			u.ascii += s[i + k] == ' ' || s[i + k] == '\n';
		i += dc.len;
	}
	return u;
}

static unsigned
percent(uint64_t part, uint64_t whole)
{
	return whole == 0 ? 0 : (unsigned)(part * 100 / whole);
}

/* The best legacy confidence ucsdet gives s[0..n), 0 if none. */
static unsigned ucsdet_best(const uint8_t *s, size_t n);

/*
 * Pick the unit from the head, sample[0..nsample), when there is no
 * BOM.  UTF-32 and UTF-16 need every unit well formed and nearly every
 * character likely.  Zero bytes decide the byte order (ASCII in UTF-16
 * is 00 xx or xx 00; a byte-oriented text has no zero bytes).  Without
 * any, UTF-16 still wins when the bytes are not UTF-8 and ucsdet finds
 * no legacy charset in them: CJK text in UTF-16 can be free of zeros.
 */
static void
choose_unit(ub_detector *d, bool final)
{
	static const ub_encoding u32[2] = {UB_UTF32LE, UB_UTF32BE};
	static const ub_encoding u16[2] = {UB_UTF16LE, UB_UTF16BE};
	const uint8_t *s = d->sample;
	size_t n = d->nsample, i, e;
	uint64_t zeros[2] = {0, 0}; /* at even, at odd offsets */
	struct units u, u16u[2];
	bool ok[2];
	uint64_t zh;
	ub_result v;

	for (i = 0; i < n; i++)
		if (s[i] == 0)
			zeros[i & 1]++;
	for (e = 0; e < 2 && n >= 4; e++) {
		if (final && n % 4 != 0)
			break;
		u = read_units(u32[e], s, n);
		if (u.invalid == 0 && u.chars > 0 &&
		    percent(u.plausible, u.chars) >= 90) {
			d->r.unit = u32[e];
			d->unit_why = UB_WHY_ZEROS;
			d->unit_conf = percent(u.plausible, u.chars) >= 98
			                       ? 98
			                       : 85;
			d->unit_zeros = u.chars;
			d->unit_units = u.chars;
			d->unit_plausible = percent(u.plausible, u.chars);
			return;
		}
	}
	if (n < 2 || (final && n % 2 != 0))
		return;
	/* Read both ways; a real UTF-16 text is well formed and made of
	 * likely characters at least one way. */
	for (e = 0; e < 2; e++) {
		u16u[e] = read_units(u16[e], s, n);
		ok[e] = u16u[e].invalid == 0 && u16u[e].chars >= 2 &&
		        percent(u16u[e].plausible, u16u[e].chars) >= 90;
	}
	if (ok[0] && ok[1]) /* the likelier reading, then the ASCII one */
		e = u16u[1].plausible > u16u[0].plausible ||
		    (u16u[1].plausible == u16u[0].plausible &&
		     u16u[1].low > u16u[0].low);
	else if (ok[0] || ok[1])
		e = ok[1];
	else
		return;
	u = u16u[e];
	/* the high byte is the odd one in LE, the even one in BE */
	zh = zeros[e == 0 ? 1 : 0];
	if (zh > 0 && zh * 100 >= u.chars) {
		/* Zero bytes never occur in a byte-oriented text, and here
		 * at least 1% of the units have a zero high byte: ASCII
		 * and Latin-1 characters (a stray NUL is not enough). */
		d->unit_why = UB_WHY_ZEROS;
		d->unit_conf = 85;
		if (percent(u.plausible, u.chars) >= 98 &&
		    (!ok[1 - e] || u.low > 2 * u16u[1 - e].low))
			d->unit_conf = 98;
	} else {
		/* Few or no zeros: CJK in UTF-16 can be so.  Only if the
		 * bytes are not UTF-8, are not an 8-bit text with its
		 * spaces and newlines (Latin letters read in pairs look like
		 * CJK), and ucsdet sees no legacy charset in them. */
		if (percent(u.plausible, u.chars) < 98 || u.chars < 4 ||
		    percent(u.ascii, n) >= 2)
			return;
		v = ub_utf8_validate(s, n);
		if (v.status == UB_OK ||
		    (v.status == UB_E_TRUNCATED && n - v.in < 4))
			return;
		if (ucsdet_best(s, n) >= 50)
			return;
		d->unit_why = UB_WHY_UNITS;
		d->unit_conf = u.chars >= 64 ? 70 : 50;
	}
	d->r.unit = u16[e];
	d->unit_zeros = zh;
	d->unit_units = u.chars;
	d->unit_plausible = percent(u.plausible, u.chars);
}

/* The byte order mark at the start of the head, if any. */
static void
sniff_bom(ub_detector *d, bool final)
{
	const uint8_t *s = d->sample;
	size_t n = d->nsample;
	struct units u;

	if (n >= 3 && s[0] == 0xEF && s[1] == 0xBB && s[2] == 0xBF) {
		d->r.bom = UB_UTF8;
		d->r.bom_len = 3;
	} else if (n >= 4 && s[0] == 0 && s[1] == 0 && s[2] == 0xFE &&
	           s[3] == 0xFF) {
		d->r.bom = UB_UTF32BE;
		d->r.bom_len = 4;
	} else if (n >= 2 && s[0] == 0xFF && s[1] == 0xFE) {
		/* FF FE 00 00 is the UTF-32LE BOM, or the UTF-16LE one
		 * followed by U+0000: UTF-32LE if the rest reads as such. */
		d->r.bom = UB_UTF16LE;
		d->r.bom_len = 2;
		if (n >= 4 && s[2] == 0 && s[3] == 0 &&
		    !(final && n % 4 != 0)) {
			u = read_units(UB_UTF32LE, s + 4, n - 4);
			if (u.invalid == 0) {
				d->r.bom = UB_UTF32LE;
				d->r.bom_len = 4;
			}
		}
	} else if (n >= 2 && s[0] == 0xFE && s[1] == 0xFF) {
		d->r.bom = UB_UTF16BE;
		d->r.bom_len = 2;
	}
	if (d->r.bom != UB_ENC_NONE) {
		d->r.unit = d->r.bom;
		d->unit_why = UB_WHY_BOM;
		d->unit_conf = 100;
	}
}

/* Choose the unit from the head, then count the head in it.  final:
 * the head is the whole input. */
static void
decide(ub_detector *d, bool final)
{
	d->decided = true;
	sniff_bom(d, final);
	if (d->r.bom == UB_ENC_NONE)
		choose_unit(d, final);
	d->off = d->r.bom_len;
	scan(d, d->sample + d->r.bom_len, d->nsample - d->r.bom_len, false);
}

UB_API ub_status
ub_detect_feed(ub_detector *d, const uint8_t *s, size_t n)
{
	size_t k;

	if (d == NULL || (s == NULL && n > 0) || d->finished)
		return UB_E_INVALID_ARG;
	if (n == 0)
		return UB_OK;
	d->r.bytes += n;
	if (!d->decided) {
		k = UB_DETECT_HEAD - d->nsample;
		if (k > n)
			k = n;
		memcpy(d->sample + d->nsample, s, k);
		d->nsample += k;
		s += k;
		n -= k;
		if (d->nsample < UB_DETECT_HEAD)
			return UB_OK;
		decide(d, false);
	}
	if (n == 0)
		return UB_OK;
	if (d->r.unit == UB_UTF8 && d->nsample < UB_DETECT_SAMPLE)
		collect(d, s, n);
	scan(d, s, n, false);
	return UB_OK;
}

/* ------------------------------------------------------------------ */
/* Ranking                                                             */
/* ------------------------------------------------------------------ */

/* A guess with its tier: a lower tier always ranks first, whatever the
 * confidence (valid UTF-8 beats any statistics). */
struct cand {
	ub_guess g;
	int tier;
	size_t order; /* ties keep the order of the evidence */
};

struct cands {
	struct cand c[UB_DETECT_MAX_GUESSES];
	size_t n;
};

static void add(struct cands *cs, int tier, const char *name, unsigned conf,
                ub_detect_why why, const char *lang, const char *fmt, ...)
	__attribute__((format(printf, 7, 8)));

static void
add(struct cands *cs, int tier, const char *name, unsigned conf,
    ub_detect_why why, const char *lang, const char *fmt, ...)
{
	struct cand *c;
	va_list ap;
	size_t i;

	for (i = 0; i < cs->n; i++)
		if (ub_encoding_name_cmp(cs->c[i].g.name, name) == 0)
			return; /* the first (strongest) one stands */
	if (cs->n == LEN(cs->c))
		return;
	c = &cs->c[cs->n++];
	memset(c, 0, sizeof(*c));
	c->tier = tier;
	c->order = cs->n;
	snprintf(c->g.name, sizeof(c->g.name), "%s", name);
	c->g.confidence = conf > 100 ? 100 : conf;
	c->g.why = why;
	snprintf(c->g.language, sizeof(c->g.language), "%s",
	         lang != NULL ? lang : "");
	va_start(ap, fmt);
	vsnprintf(c->g.reason, sizeof(c->g.reason), fmt, ap);
	va_end(ap);
}

static int
cmp_cand(const void *a, const void *b)
{
	const struct cand *x = a, *y = b;

	if (x->tier != y->tier)
		return x->tier - y->tier;
	if (x->g.confidence != y->g.confidence)
		return x->g.confidence > y->g.confidence ? -1 : 1;
	return x->order < y->order ? -1 : x->order > y->order;
}

/* ucsdet names a few charsets by a variant no converter has. */
static void
converter_name(const char *in, char *out, size_t cap)
{
	char *p;

	snprintf(out, cap, "%s", in);
	p = strchr(out, '_');
	if (strncmp(out, "IBM42", 5) == 0 && p != NULL)
		*p = '\0'; /* IBM424_rtl, IBM420_ltr: the text direction */
}

static bool
unicode_name(const char *name)
{
	return strncmp(name, "UTF-", 4) == 0;
}

/* Run ucsdet on s[0..n); call fn for each legacy match. */
static void
run_ucsdet(const uint8_t *s, size_t n,
           void (*fn)(void *ctx, const char *name, unsigned conf,
                      const char *lang),
           void *ctx)
{
	UErrorCode err = U_ZERO_ERROR;
	UCharsetDetector *csd;
	const UCharsetMatch **m;
	const char *name, *lang;
	char conv[32];
	int32_t nm = 0, k;

	if (n == 0)
		return;
	csd = ucsdet_open(&err);
	if (U_FAILURE(err))
		return;
	ucsdet_setText(csd, (const char *)s,
	               n > INT32_MAX ? INT32_MAX : (int32_t)n, &err);
	m = ucsdet_detectAll(csd, &nm, &err);
	for (k = 0; U_SUCCESS(err) && k < nm; k++) {
		name = ucsdet_getName(m[k], &err);
		lang = ucsdet_getLanguage(m[k], &err);
		if (U_FAILURE(err) || name == NULL || unicode_name(name))
			continue;
		converter_name(name, conv, sizeof(conv));
		fn(ctx, conv, (unsigned)ucsdet_getConfidence(m[k], &err),
		   lang);
	}
	ucsdet_close(csd);
}

static void
best_fn(void *ctx, const char *name, unsigned conf, const char *lang)
{
	unsigned *best = ctx;

	(void)name;
	(void)lang;
	if (conf > *best)
		*best = conf;
}

static unsigned
ucsdet_best(const uint8_t *s, size_t n)
{
	unsigned best = 0;

	run_ucsdet(s, n, best_fn, &best);
	return best;
}

struct legacy_ctx {
	struct cands *cs;
	int tier;
	bool iso2022_only;
	unsigned cap;
};

static void
legacy_fn(void *ctx, const char *name, unsigned conf, const char *lang)
{
	struct legacy_ctx *lc = ctx;

	if (conf == 0)
		return;
	if (lc->iso2022_only != (strncmp(name, "ISO-2022", 8) == 0))
		return;
	if (conf > lc->cap)
		conf = lc->cap;
	if (lang != NULL && *lang != '\0')
		add(lc->cs, lc->tier, name, conf, UB_WHY_STATISTICS, lang,
		    "byte statistics of %s text in language '%s' (ICU "
		    "ucsdet)",
		    name, lang);
	else
		add(lc->cs, lc->tier, name, conf, UB_WHY_STATISTICS, lang,
		    "byte statistics of %s text (ICU ucsdet)", name);
}

/* Legacy charsets whose characters may take more than one byte, which
 * this file cannot count. */
static bool
multibyte_legacy(const char *name)
{
	static const char *const names[] = {"Shift_JIS",   "EUC-JP",
	                                    "EUC-KR",      "GB18030",
	                                    "Big5",        "ISO-2022-JP",
	                                    "ISO-2022-KR", "ISO-2022-CN"};
	size_t i;

	if (unicode_name(name))
		return false;
	for (i = 0; i < LEN(names); i++)
		if (ub_encoding_name_cmp(name, names[i]) == 0)
			return true;
	return false;
}

/* "2-byte 10, 3-byte 4" for the reasons. */
static void
seq_text(const ub_detection *r, char *buf, size_t cap)
{
	size_t k, len = 0;
	int w;

	buf[0] = '\0';
	for (k = 1; k < 4; k++) {
		if (r->seq[k] == 0)
			continue;
		w = snprintf(buf + len, cap - len, "%s%zu-byte %llu",
		             len > 0 ? ", " : "", k + 1,
		             (unsigned long long)r->seq[k]);
		if (w < 0 || (size_t)w >= cap - len)
			return;
		len += (size_t)w;
	}
}

/* The bytes 80..FF of s[0..n), and the longest run of them. */
static void
high_bytes(const uint8_t *s, size_t n, size_t *nhigh, size_t *maxrun)
{
	size_t i, run = 0;

	*nhigh = *maxrun = 0;
	for (i = 0; i < n; i++) {
		if (s[i] < 0x80) {
			run = 0;
			continue;
		}
		++*nhigh;
		if (++run > *maxrun)
			*maxrun = run;
	}
}

/*
 * The 8-bit bytes of s[0..n) all pair up as Shift_JIS double-byte
 * characters (JIS X 0208: lead 81..9F or E0..EF, trail 40..7E or
 * 80..FC) or are half-width katakana (A1..DF), and some lead is 81..9F,
 * which no Latin text has as letters.
 */
static bool
sjis_pairs(const uint8_t *s, size_t n)
{
	size_t i;
	bool low_lead = false;

	for (i = 0; i < n; i++) {
		if (s[i] < 0x80 || BETWEEN(s[i], 0xA1, 0xDF))
			continue;
		if (!BETWEEN(s[i], 0x81, 0x9F) && !BETWEEN(s[i], 0xE0, 0xEF))
			return false;
		if (i + 1 == n || s[i + 1] < 0x40 || s[i + 1] == 0x7F ||
		    s[i + 1] > 0xFC)
			return false;
		low_lead |= s[i] <= 0x9F;
		i++;
	}
	return low_lead;
}

/*
 * The 8-bit bytes of s[0..n) come in runs of whole EUC double-byte
 * characters (both bytes A1..FE), some run of two characters or more,
 * as CJK text in EUC-JP, EUC-KR or GB2312/GB18030 has and Latin text
 * never does.  Returns the most likely of the three, or NULL: kana
 * (leads A4, A5) is Japanese; leads all in B0..C8 (the Hangul
 * syllables) is Korean; else Chinese.
 */
static const char *
euc_family(const uint8_t *s, size_t n)
{
	size_t i = 0, run, pairs = 0, kana = 0, longest = 0;
	bool hangul = true;

	while (i < n) {
		if (s[i] < 0x80) {
			i++;
			continue;
		}
		for (run = 0; i + run < n && s[i + run] >= 0x80; run++)
			if (!BETWEEN(s[i + run], 0xA1, 0xFE))
				return NULL;
		if (run % 2 != 0)
			return NULL;
		if (run > longest)
			longest = run;
		for (; run > 0; run -= 2, i += 2) {
			pairs++;
			kana += s[i] == 0xA4 || s[i] == 0xA5;
			if (s[i] > 0xC8)
				hangul = false;
		}
	}
	/* "réécrire" has a run of two Latin-1 letters; not of four */
	if (longest < 4)
		return NULL;
	if (kana * 3 >= pairs)
		return "EUC-JP";
	return hangul ? "EUC-KR" : "GB18030";
}

/* The 8-bit bytes of s[0..n) are what Western European text has in
 * windows-1252: accented letters C0..FF, symbols A0..BF, and the euro
 * sign, ellipsis, quotes and dashes of 80..9F (not the rare or
 * undefined others, such as the 81..9F leads of Shift_JIS). */
static bool
western(const uint8_t *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (BETWEEN(s[i], 0x80, 0x9F) && s[i] != 0x80 &&
		    s[i] != 0x85 && !BETWEEN(s[i], 0x91, 0x94) &&
		    s[i] != 0x96 && s[i] != 0x97)
			return false;
	return true;
}

/* The guesses when the input was read as bytes. */
static void
rank_bytes(ub_detector *d, struct cands *cs)
{
	ub_detection *r = &d->r;
	uint64_t m = r->seq[1] + r->seq[2] + r->seq[3], e = r->invalid;
	struct legacy_ctx lc = {cs, 1, false, 100};
	size_t nhigh, maxrun;
	const char *euc;
	unsigned conf;
	int tier;
	char seqs[80];

	seq_text(r, seqs, sizeof(seqs));
	if (r->bom == UB_UTF8) {
		if (e == 0)
			add(cs, 0, "UTF-8", 100, UB_WHY_BOM, NULL,
			    "byte order mark EF BB BF, and the rest is "
			    "valid UTF-8");
		else
			add(cs, 0, "UTF-8", 80, UB_WHY_BOM, NULL,
			    "byte order mark EF BB BF, but %llu bad "
			    "sequence%s, the first at byte %llu: %s",
			    (unsigned long long)e, e == 1 ? "" : "s",
			    (unsigned long long)r->first_invalid,
			    ub_strerror(r->first_status));
		return;
	}
	if (r->bytes == 0) {
		add(cs, 0, "US-ASCII", 100, UB_WHY_EMPTY, NULL,
		    "empty input: valid in every encoding");
		add(cs, 0, "UTF-8", 100, UB_WHY_EMPTY, NULL,
		    "empty input: valid in every encoding");
		return;
	}
	if (m == 0 && e == 0) {
		/* 7-bit ISO 2022 text is ASCII bytes with escapes. */
		lc.iso2022_only = true;
		lc.tier = 0;
		if (memchr(d->sample, 0x1B, d->nsample) != NULL)
			run_ucsdet(d->sample, d->nsample, legacy_fn, &lc);
		/* ucsdet finds ISO 2022 only by its escape sequences:
		 * then it ranks first. */
		tier = cs->n > 0 && cs->c[0].g.confidence >= 50;
		add(cs, tier, "US-ASCII", 100, UB_WHY_ASCII, NULL,
		    "only bytes 00..7F");
		add(cs, tier, "UTF-8", 99, UB_WHY_SUPERSET, NULL,
		    "only bytes 00..7F, which UTF-8 reads the same");
		return;
	}
	if (e == 0) {
		conf = m >= 4 ? 100 : 85 + 5 * (unsigned)(m - 1);
		add(cs, 0, "UTF-8", conf, UB_WHY_UTF8, NULL,
		    "valid UTF-8 with %llu multi-byte sequence%s (%s)",
		    (unsigned long long)m, m == 1 ? "" : "s", seqs);
		lc.cap = 100 - conf > 60 ? 100 - conf : 60;
		run_ucsdet(d->sample, d->nsample, legacy_fn, &lc);
		return;
	}
	if (m >= e) {
		/* A few bad bytes in UTF-8 text: the file was damaged (cut,
		 * or edited with another charset), and reading it all as a
		 * legacy charset would garble every good character. */
		conf = 50 + (unsigned)(40 * m / (m + e));
		add(cs, 0, "UTF-8", conf, UB_WHY_UTF8_DAMAGED, NULL,
		    "damaged UTF-8: %llu valid multi-byte sequence%s but "
		    "%llu bad, the first at byte %llu: %s",
		    (unsigned long long)m, m == 1 ? "" : "s",
		    (unsigned long long)e,
		    (unsigned long long)r->first_invalid,
		    ub_strerror(r->first_status));
		lc.cap = conf - 1;
		run_ucsdet(d->sample, d->nsample, legacy_fn, &lc);
		return;
	}
	lc.tier = 0;
	high_bytes(d->sample, d->nsample, &nhigh, &maxrun);
	euc = nhigh < 32 ? euc_family(d->sample, d->nsample) : NULL;
	if (euc != NULL) {
		/* ucsdet mistakes short CJK text for Cyrillic or Greek;
		 * the other two EUC charsets stay close behind. */
		add(cs, 0, euc, 45, UB_WHY_FALLBACK, NULL,
		    "only %zu 8-bit bytes, in runs of EUC double-byte "
		    "characters (%s by their lead bytes)",
		    nhigh, euc);
		add(cs, 0, "EUC-KR", 30, UB_WHY_FALLBACK, NULL,
		    "8-bit bytes in runs of EUC double-byte characters");
		add(cs, 0, "GB18030", 30, UB_WHY_FALLBACK, NULL,
		    "8-bit bytes in runs of EUC double-byte characters");
		add(cs, 0, "EUC-JP", 30, UB_WHY_FALLBACK, NULL,
		    "8-bit bytes in runs of EUC double-byte characters");
		lc.cap = 29;
	} else if (nhigh < 32 && sjis_pairs(d->sample, d->nsample)) {
		/* Too few bytes for statistics (ucsdet then says
		 * windows-1252 for short Japanese), but they pair up as
		 * Shift_JIS, with leads that are no Latin letter. */
		add(cs, 0, "Shift_JIS", 50, UB_WHY_FALLBACK, NULL,
		    "only %zu 8-bit bytes, and they pair up as Shift_JIS "
		    "double-byte characters",
		    nhigh);
		lc.cap = 49;
	} else if (nhigh < 32 && maxrun <= 2 &&
	           western(d->sample, d->nsample)) {
		/* Too few 8-bit bytes for statistics (ucsdet then names
		 * charsets almost at random), each alone among ASCII
		 * letters: the accented letters of Western European text,
		 * the most common case by far.  Cyrillic, Greek or CJK
		 * text has runs of 8-bit bytes instead. */
		add(cs, 0, "windows-1252", 50, UB_WHY_FALLBACK, NULL,
		    "only %zu 8-bit byte%s, each alone among ASCII, as "
		    "accented letters are in Western European text",
		    nhigh, nhigh == 1 ? "" : "s");
		lc.cap = 49;
	}
	run_ucsdet(d->sample, d->nsample, legacy_fn, &lc);
	add(cs, 1, "windows-1252", 10, UB_WHY_FALLBACK, NULL,
	    "8-bit bytes that are not UTF-8 (the first at byte %llu); "
	    "windows-1252 maps almost every byte",
	    (unsigned long long)r->first_invalid);
	if (m > 0)
		add(cs, 2, "UTF-8", (unsigned)(40 * m / (m + e)),
		    UB_WHY_UTF8_DAMAGED, NULL,
		    "%llu valid multi-byte UTF-8 sequence%s, but %llu bad, "
		    "the first at byte %llu: %s",
		    (unsigned long long)m, m == 1 ? "" : "s",
		    (unsigned long long)e,
		    (unsigned long long)r->first_invalid,
		    ub_strerror(r->first_status));
}

/* The guesses when the input was read in UTF-16 or UTF-32 units. */
static void
rank_units(ub_detector *d, struct cands *cs)
{
	ub_detection *r = &d->r;
	const char *name = ub_encoding_name(r->unit);
	unsigned conf = d->unit_conf, bad;
	char why[96];

	if (r->bom != UB_ENC_NONE)
		snprintf(why, sizeof(why), "byte order mark %s",
		         r->bom == UB_UTF16LE   ? "FF FE"
		         : r->bom == UB_UTF16BE ? "FE FF"
		         : r->bom == UB_UTF32LE ? "FF FE 00 00"
		                                : "00 00 FE FF");
	else if (d->unit_why == UB_WHY_ZEROS)
		snprintf(why, sizeof(why),
		         "no BOM; %llu of %llu units have a zero high byte, "
		         "%u%% are likely characters",
		         (unsigned long long)d->unit_zeros,
		         (unsigned long long)d->unit_units, d->unit_plausible);
	else
		snprintf(why, sizeof(why),
		         "no BOM and (almost) no zero bytes, but %u%% of %llu "
		         "units are likely characters",
		         d->unit_plausible, (unsigned long long)d->unit_units);
	if (r->invalid == 0) {
		add(cs, 0, name, conf, d->unit_why, NULL, "%s", why);
		if (d->unit_why == UB_WHY_UNITS) {
			/* weak evidence: show what else the bytes could be */
			struct legacy_ctx lc = {cs, 1, false, conf - 1};

			run_ucsdet(d->sample, d->nsample, legacy_fn, &lc);
		}
		return;
	}
	bad = percent(r->invalid, r->chars);
	conf = conf > 40 + bad ? conf - 40 - bad : 1;
	add(cs, 0, name, conf, d->unit_why, NULL,
	    "%s; %llu bad units, the first at byte %llu: %s", why,
	    (unsigned long long)r->invalid,
	    (unsigned long long)r->first_invalid,
	    ub_strerror(r->first_status));
}

static ub_eol
eol_of(const ub_detection *r)
{
	int kinds = (r->lf > 0) + (r->crlf > 0) + (r->cr > 0);

	if (kinds == 0)
		return UB_EOL_NONE;
	if (kinds > 1)
		return UB_EOL_MIXED;
	return r->lf > 0 ? UB_EOL_LF : r->crlf > 0 ? UB_EOL_CRLF : UB_EOL_CR;
}

UB_API ub_status
ub_detect_finish(ub_detector *d, ub_detection *out)
{
	ub_detection *r;
	struct cands cs;
	size_t i;

	if (d == NULL || out == NULL || d->finished)
		return UB_E_INVALID_ARG;
	r = &d->r;
	if (!d->decided)
		decide(d, true);
	scan(d, NULL, 0, true);
	if (d->cr_pending) {
		r->cr++;
		d->cr_pending = false;
	}
	d->finished = true;
	r->eol = eol_of(r);

	cs.n = 0;
	if (r->unit == UB_UTF8)
		rank_bytes(d, &cs);
	else
		rank_units(d, &cs);
	qsort(cs.c, cs.n, sizeof(cs.c[0]), cmp_cand);

	/* NUL is not text in any byte charset, and a text has few
	 * controls; in UTF-16/32, many bad units mean it is not that. */
	r->binary = r->bytes > 0 &&
	            (r->nul > 0 || r->controls * 10 > r->chars ||
	             (r->unit != UB_UTF8 && r->invalid * 10 > r->chars));
	r->nguess = cs.n;
	for (i = 0; i < cs.n; i++) {
		r->guess[i] = cs.c[i].g;
		if (r->binary && r->guess[i].confidence > 20)
			r->guess[i].confidence = 20;
		/* keep the ranking monotonic across tiers */
		if (i > 0 &&
		    r->guess[i].confidence > r->guess[i - 1].confidence)
			r->guess[i].confidence = r->guess[i - 1].confidence;
	}
	r->chars_known = true;
	if (r->nguess > 0 && r->unit == UB_UTF8 &&
	    strcmp(r->guess[0].name, "UTF-8") != 0 &&
	    strcmp(r->guess[0].name, "US-ASCII") != 0) {
		/* A one-byte charset has a character per byte. */
		r->chars = r->bytes;
		if (multibyte_legacy(r->guess[0].name)) {
			r->chars = 0;
			r->chars_known = false;
		}
	}
	*out = *r;
	return UB_OK;
}

UB_API ub_status
ub_detect(const uint8_t *s, size_t n, ub_detection *out)
{
	ub_detector *d;
	ub_status st;

	if ((s == NULL && n > 0) || out == NULL)
		return UB_E_INVALID_ARG;
	st = ub_detect_open(&d);
	if (st != UB_OK)
		return st;
	st = ub_detect_feed(d, s, n);
	if (st == UB_OK)
		st = ub_detect_finish(d, out);
	ub_detect_close(d);
	return st;
}
