/*
 * mojibake.c - undo UTF-8 that was read as windows-1252 or Latin-1 and
 * written again as UTF-8, once or several times.  libc only: the
 * windows-1252 table is written here from the standard mapping
 * (Microsoft's cp1252, as in unicode.org's MAPPINGS/VENDORS/MICSFT/
 * WINDOWS/CP1252.TXT), and the tests check it against glibc's charmap.
 *
 * The rule (the contract is in unibits.h, section "Mojibake"):
 * per segment (a line, or a bounded piece of a long line), each run of
 * non-ASCII characters is mapped back to bytes; well-formed multi-byte
 * UTF-8 sequences among them are candidates; strong candidates are
 * always taken, weak ones only with corroboration; repeat for deeper
 * levels.  Only whole, well-formed UTF-8 sequences are ever replaced,
 * so the output is valid wherever the input was.
 */
#include <stdlib.h>
#include <string.h>

#include "internal.h"

/* windows-1252 bytes 80..9F; 0 marks the five undefined bytes. */
static const uint16_t cp1252_high[32] = {
	0x20AC, 0,      0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, /* 8x
                                                                         */
	0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0,      0x017D, 0,      0,
	0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, /* 9x */
	0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0,      0x017E, 0x0178,
};

UB_API bool
ub_cp1252_decode(uint8_t b, uint32_t *cp)
{
	uint32_t c = b;

	/* 00..7F and A0..FF are the same as ISO-8859-1. */
	if (BETWEEN(b, 0x80, 0x9F)) {
		c = cp1252_high[b - 0x80];
		if (c == 0)
			return false;
	}
	if (cp != NULL)
		*cp = c;
	return true;
}

UB_API bool
ub_cp1252_encode(uint32_t cp, uint8_t *b)
{
	size_t i;

	if (cp < 0x80 || BETWEEN(cp, 0xA0, 0xFF)) {
		if (b != NULL)
			*b = (uint8_t)cp;
		return true;
	}
	for (i = 0; i < LEN(cp1252_high); i++)
		if (cp1252_high[i] != 0 && cp1252_high[i] == cp) {
			if (b != NULL)
				*b = (uint8_t)(0x80 + i);
			return true;
		}
	return false;
}

/*
 * The byte a non-ASCII character of mojibake came from, or -1.  Beyond
 * windows-1252, U+0080..U+009F stand for the bytes 80..9F: Latin-1
 * decoding produces them for every such byte, and windows-1252 decoders
 * that follow WHATWG (browsers, ICU, Python's "latin-1" fallbacks) for
 * the five undefined ones.  ASCII is never part of mojibake: UTF-8
 * multi-byte sequences contain no byte below 80.
 */
static int
mojibake_byte(uint32_t cp)
{
	uint8_t b;

	if (cp < 0x80)
		return -1;
	if (cp <= 0xFF)
		return (int)cp;
	return ub_cp1252_encode(cp, &b) ? b : -1;
}

enum { K_ASCII, K_CHAR, K_INVALID };

/* One character of a segment, or what several became. */
struct item {
	uint32_t cp;     /* the character (U+FFFD for invalid) */
	uint32_t off;    /* its first byte in the segment */
	uint32_t len;    /* its bytes in the segment */
	uint32_t nchars; /* input characters it spans (for columns) */
	uint8_t kind;
	uint8_t level; /* 0 = as found; n = repaired after n levels */
	ub_status st;  /* K_INVALID: why */
	/* A candidate starting here (set per pass). */
	uint8_t cand; /* items it spans, 0 if none */
	bool strong;
	uint32_t ccp; /* what it decodes to */
};

struct ub_mojibake {
	uint8_t seg[UB_MOJIBAKE_SEGMENT]; /* the segment being gathered */
	size_t seglen;
	uint8_t out[UB_MOJIBAKE_SEGMENT]; /* repaired, not yet handed out */
	size_t outlen, outpos;
	struct item items[UB_MOJIBAKE_SEGMENT];
	uint64_t base;      /* stream offset of seg[0] */
	struct ubi_pos pos; /* line/column at seg[0] */
	ub_mojibake_stats st;
	ub_mojibake_repair_fn on_repair;
	void *repair_ctx;
	ub_conv_error_fn on_error;
	void *error_ctx;
};

UB_API ub_status
ub_mojibake_open(ub_mojibake **mb)
{
	if (mb == NULL)
		return UB_E_INVALID_ARG;
	*mb = calloc(1, sizeof(**mb));
	if (*mb == NULL)
		return UB_E_NOMEM;
	ub_mojibake_reset(*mb);
	return UB_OK;
}

UB_API void
ub_mojibake_close(ub_mojibake *mb)
{
	free(mb);
}

UB_API void
ub_mojibake_reset(ub_mojibake *mb)
{
	if (mb == NULL)
		return;
	mb->seglen = 0;
	mb->outlen = mb->outpos = 0;
	mb->base = 0;
	ubi_pos_init(&mb->pos);
	memset(&mb->st, 0, sizeof(mb->st));
}

UB_API void
ub_mojibake_on_repair(ub_mojibake *mb, ub_mojibake_repair_fn fn, void *ctx)
{
	if (mb == NULL)
		return;
	mb->on_repair = fn;
	mb->repair_ctx = ctx;
}

UB_API void
ub_mojibake_on_error(ub_mojibake *mb, ub_conv_error_fn fn, void *ctx)
{
	if (mb == NULL)
		return;
	mb->on_error = fn;
	mb->error_ctx = ctx;
}

UB_API ub_mojibake_stats
ub_mojibake_get_stats(const ub_mojibake *mb)
{
	ub_mojibake_stats none = {0, 0, 0, 0};

	return mb != NULL ? mb->st : none;
}

/* Split s[0..n) into items; a sequence cut by the end of s is one
 * truncated (invalid) item: callers only pass whole segments. */
static size_t
split_items(struct item *it, const uint8_t *s, size_t n)
{
	size_t i = 0, k = 0;
	ub_decoded d;

	while (i < n) {
		memset(&it[k], 0, sizeof(it[k]));
		it[k].off = (uint32_t)i;
		it[k].nchars = 1;
		if (s[i] < 0x80) {
			it[k].cp = s[i];
			it[k].len = 1;
			it[k].kind = K_ASCII;
		} else {
			d = ub_utf8_decode(s + i, n - i);
			it[k].cp = d.cp;
			it[k].len = d.len;
			it[k].kind = d.status == UB_OK ? K_CHAR : K_INVALID;
			it[k].st = d.status;
		}
		i += it[k].len;
		k++;
	}
	return k;
}

/*
 * Look for a candidate at it[i]: the bytes of it[i..] form one
 * well-formed multi-byte UTF-8 sequence.  Fills it[i].cand/strong/ccp.
 */
static void
find_candidate(struct item *it, size_t i, size_t n)
{
	uint8_t b[4];
	size_t need, j;
	int v;
	ub_decoded d;
	bool strong;

	it[i].cand = 0;
	if (it[i].kind != K_CHAR)
		return;
	v = mojibake_byte(it[i].cp);
	/* Table 3-7: C2..F4 lead a well-formed sequence. */
	if (v < 0xC2 || v > 0xF4)
		return;
	need = v < 0xE0 ? 2 : v < 0xF0 ? 3 : 4;
	if (i + need > n)
		return;
	b[0] = (uint8_t)v;
	/*
	 * Strong evidence, which correct text does not produce: the leads
	 * C2, C3 (U+00C2, U+00C3 before a symbol or punctuation sign:
	 * Latin-1 letters misread, the commonest case), E2 (U+00E2 before
	 * two: the punctuation of U+2000..U+2FFF, "it's" with U+2019), any
	 * 4-byte sequence (emoji), and a C1 control anywhere.  A letter
	 * that ends words (e acute, E acute, i diaeresis) before one or two
	 * punctuation signs ("JOSE'S" with U+2019, "cafe..." with U+2026 and
	 * U+201D) spells a 2- or 3-byte sequence too, so those are weak.
	 */
	strong = v == 0xC2 || v == 0xC3 || v == 0xE2 || need == 4 ||
	         it[i].cp < 0xA0;
	for (j = 1; j < need; j++) {
		if (it[i + j].kind != K_CHAR)
			return;
		v = mojibake_byte(it[i + j].cp);
		if (v < 0x80 || v > 0xBF)
			return;
		if (it[i + j].cp < 0xA0)
			strong = true; /* a C1 control */
		b[j] = (uint8_t)v;
	}
	d = ub_utf8_decode(b, need);
	if (d.status != UB_OK || d.len != need)
		return;
	/* A byte order mark misread is as telling as it gets; a private
	 * use character or a noncharacter is never the text meant. */
	if (d.cp == 0xFEFF)
		strong = true;
	if (BETWEEN(d.cp, 0xE000, 0xF8FF) || BETWEEN(d.cp, 0xFDD0, 0xFDEF) ||
	    (d.cp & 0xFFFE) == 0xFFFE || d.cp >= 0xF0000)
		return;
	it[i].cand = (uint8_t)need;
	it[i].strong = strong;
	it[i].ccp = d.cp;
}

/*
 * One level of repair over it[0..n).  *proven says the segment holds
 * strong evidence (kept across levels).  Returns the new item count;
 * n if nothing changed.
 */
static size_t
repair_level(struct item *it, size_t n, bool *proven)
{
	size_t i, j, w, run_start, ncand, accepted = 0;
	struct item m;
	bool clean;

	for (i = 0; i < n; i++)
		it[i].cand = 0;
	for (i = 0; i < n;) {
		find_candidate(it, i, n);
		i += it[i].cand > 0 ? it[i].cand : 1;
	}
	/*
	 * Per run of non-ASCII characters: a run holding a character that
	 * is neither windows-1252 nor a C1 control cannot be mojibake
	 * throughout, so it is correct text (Czech "ř" beside "íšž", whose
	 * bytes ED 9A 9E would otherwise spell U+D69E): no candidate in it
	 * counts.  A run with two candidates or more proves the segment, as
	 * a strong candidate does; weak candidates need that proof.
	 */
	for (i = 0; i < n;) {
		if (it[i].kind != K_CHAR || it[i].cp < 0x80) {
			i++;
			continue;
		}
		run_start = i;
		ncand = 0;
		clean = true;
		while (i < n && it[i].kind == K_CHAR && it[i].cp >= 0x80) {
			if (it[i].cand > 0)
				ncand++;
			if (mojibake_byte(it[i].cp) < 0)
				clean = false;
			i++;
		}
		for (j = run_start; j < i; j++) {
			if (!clean)
				it[j].cand = 0;
			else if (it[j].cand > 0 && (it[j].strong || ncand > 1))
				*proven = true;
		}
	}
	for (i = 0; i < n; i++)
		if (it[i].cand > 0 && !it[i].strong && !*proven)
			it[i].cand = 0;
	for (i = w = 0; i < n;) {
		if (it[i].cand == 0) {
			it[w++] = it[i++];
			continue;
		}
		m = it[i];
		m.cp = it[i].ccp;
		m.level = 0;
		m.len = m.nchars = 0;
		for (j = i; j < i + it[i].cand; j++) {
			if (it[j].level > m.level)
				m.level = it[j].level;
			m.len += it[j].len;
			m.nchars += it[j].nchars;
		}
		m.level++;
		m.cand = 0;
		i = j;
		it[w++] = m;
		accepted++;
	}
	return accepted > 0 ? w : n;
}

/* Append s[0..n) to the pending output (never overflows: repairs only
 * shrink the text). */
static void
put(ub_mojibake *mb, const void *s, size_t n)
{
	memcpy(mb->out + mb->outlen, s, n);
	mb->outlen += n;
}

static void
report_error(ub_mojibake *mb, const struct item *t)
{
	ub_conv_error e;

	mb->st.errors++;
	if (mb->on_error == NULL)
		return;
	memset(&e, 0, sizeof(e));
	e.status = t->st;
	e.offset = mb->base + t->off;
	e.line = mb->pos.line;
	e.column = mb->pos.column + 1;
	e.nbytes = t->len < sizeof(e.bytes) ? t->len : sizeof(e.bytes);
	memcpy(e.bytes, mb->seg + t->off, e.nbytes);
	e.cp = UB_REPLACEMENT_CHAR;
	mb->on_error(mb->error_ctx, &e);
}

/* Repair seg[0..len) into the pending output, report, and drop it from
 * seg.  Returns the invalid sequences met. */
static size_t
process(ub_mojibake *mb, size_t len)
{
	struct item *it = mb->items;
	size_t n, m, i, level, errors = 0, fixed = 0;
	bool proven = false, ascii = true;
	ub_mojibake_repair r;
	uint8_t u8[4];

	for (i = 0; i < len && ascii; i++)
		ascii = mb->seg[i] < 0x80;
	if (ascii) {
		/* The common case: nothing to look at. */
		put(mb, mb->seg, len);
		ubi_pos_advance(&mb->pos, UB_UTF8, mb->seg, len);
	} else {
		n = split_items(it, mb->seg, len);
		for (level = 0; level < UB_MOJIBAKE_MAX_LEVELS; level++) {
			m = repair_level(it, n, &proven);
			if (m == n)
				break;
			n = m;
		}
		for (i = 0; i < n; i++) {
			if (it[i].kind == K_INVALID) {
				report_error(mb, &it[i]);
				errors++;
			}
			if (it[i].level == 0) {
				put(mb, mb->seg + it[i].off, it[i].len);
				if (it[i].kind != K_INVALID)
					ubi_pos_char(&mb->pos, it[i].cp);
				else
					ubi_pos_char(&mb->pos,
					             UB_REPLACEMENT_CHAR);
				continue;
			}
			put(mb, u8, ub_utf8_encode(it[i].cp, u8));
			fixed++;
			mb->st.repaired++;
			if (it[i].level > mb->st.max_levels)
				mb->st.max_levels = it[i].level;
			if (mb->on_repair != NULL) {
				r.offset = mb->base + it[i].off;
				r.line = mb->pos.line;
				r.column = mb->pos.column + 1;
				r.bytes = mb->seg + it[i].off;
				r.nbytes = it[i].len;
				r.cp = it[i].cp;
				r.levels = it[i].level;
				mb->on_repair(mb->repair_ctx, &r);
			}
			/* Mojibake holds no line break: columns only. */
			mb->pos.column += it[i].nchars;
			mb->pos.prev_cr = false;
		}
		if (fixed > 0)
			mb->st.segments++;
	}
	mb->base += len;
	memmove(mb->seg, mb->seg + len, mb->seglen - len);
	mb->seglen -= len;
	return errors;
}

/*
 * Where to cut a full segment that holds no line end: after its last
 * ASCII byte, since no mojibake sequence contains one.  Without ASCII,
 * before the last character that cannot continue a sequence (one whose
 * byte is not 80..BF); failing that, before the last whole character.
 */
static size_t
cut_point(const uint8_t *s, size_t n)
{
	size_t i, weak = 0, any = 0;
	ub_decoded d;
	int v;

	for (i = n; i > 0; i--)
		if (s[i - 1] < 0x80)
			return i;
	for (i = 0; i < n; i += d.len) {
		d = ub_utf8_decode(s + i, n - i);
		if (d.status == UB_E_TRUNCATED)
			break;
		if (i > 0) {
			any = i;
			v = d.status == UB_OK ? mojibake_byte(d.cp) : -1;
			if (v < 0x80 || v > 0xBF)
				weak = i;
		}
	}
	if (weak > 0)
		return weak;
	return any > 0 ? any : n;
}

UB_API ub_result
ub_mojibake_feed(ub_mojibake *mb, const uint8_t *src, size_t n, uint8_t *dst,
                 size_t cap, bool last)
{
	ub_result r = {UB_OK, 0, 0, 0};
	size_t k, room;
	const uint8_t *nl;
	bool count_only = dst == NULL && cap == 0;

	if (mb == NULL || (src == NULL && n > 0) || (dst == NULL && cap > 0)) {
		r.status = UB_E_INVALID_ARG;
		return r;
	}
	for (;;) {
		/* Hand out what is pending first. */
		k = mb->outlen - mb->outpos;
		if (!count_only && k > cap - r.out)
			k = cap - r.out;
		if (!count_only)
			memcpy(dst + r.out, mb->out + mb->outpos, k);
		r.out += k;
		mb->outpos += k;
		if (mb->outpos < mb->outlen) {
			r.status = UB_E_OUTPUT_FULL;
			return r;
		}
		mb->outpos = mb->outlen = 0;
		if (r.in == n) {
			if (!last || mb->seglen == 0)
				return r;
			r.errors += process(mb, mb->seglen);
			continue;
		}
		/* Gather up to the end of a line, or until seg is full. */
		room = UB_MOJIBAKE_SEGMENT - mb->seglen;
		k = n - r.in < room ? n - r.in : room;
		nl = memchr(src + r.in, '\n', k);
		if (nl != NULL)
			k = (size_t)(nl - (src + r.in)) + 1;
		memcpy(mb->seg + mb->seglen, src + r.in, k);
		mb->seglen += k;
		r.in += k;
		if (nl != NULL)
			r.errors += process(mb, mb->seglen);
		else if (mb->seglen == UB_MOJIBAKE_SEGMENT)
			r.errors += process(mb,
			                    cut_point(mb->seg, mb->seglen));
	}
}

UB_API ub_result
ub_mojibake_fix(const uint8_t *src, size_t n, uint8_t *dst, size_t cap,
                ub_mojibake_stats *stats)
{
	ub_result r = {UB_OK, 0, 0, 0}, f;
	ub_mojibake *mb;

	if ((src == NULL && n > 0) || (dst == NULL && cap > 0)) {
		r.status = UB_E_INVALID_ARG;
		return r;
	}
	r.status = ub_mojibake_open(&mb);
	if (r.status != UB_OK)
		return r;
	/* One chunk, last: a size query counts everything, a real run
	 * stops when dst is full. */
	f = ub_mojibake_feed(mb, n > 0 ? src : NULL, n, dst, cap, true);
	r = f;
	if (stats != NULL)
		*stats = ub_mojibake_get_stats(mb);
	ub_mojibake_close(mb);
	return r;
}
