/*
 * fuzz_conv.c - the streaming converter between random pairs of
 * charsets, under every policy and BOM mode, fed in random chunks into
 * random output capacities.  Properties:
 *   - chunked and whole-input conversion write the same bytes (for the
 *     adaptive SCSU and UTF-7 targets: bytes that decode to the same
 *     text) and report the same errors (status, offset, line, column,
 *     bytes, value) through ub_conv_on_error, and the same final status;
 *   - ub_conv_reset makes a used converter behave as a new one;
 *   - between built-in encodings with --bom=keep, the output equals
 *     ub_transcode's, and the reported errors are the reference decoder's
 *     maximal subparts at the offsets, lines and columns it computes.
 * Names that are not built in (windows-1252, Shift_JIS, ...) are used
 * when the library has a charset backend; without one they fail to open
 * and the input is skipped.
 *
 * Input layout: from, to, mode (policy in bits 0-1, BOM mode in bits
 * 2-3), four bytes seeding the chunk sizes, then the text.
 */
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *const names[] = {
	"US-ASCII", "ISO-8859-1", "UTF-8",     "UTF-16LE", "UTF-16BE",
	"UTF-16",   "UTF-32LE",   "UTF-32BE",  "UTF-32",   "utf8",
	"windows-1252", "Shift_JIS", "GB18030", "KOI8-R", "IBM037",
	"ISO-2022-JP",  "UTF-7",     "EUC-JP",  "Big5",   "ISO-8859-15",
	"windows-1251", "EUC-KR", "ibm-930", /* EBCDIC with shift codes */
	/* ICU's Unicode-family converters: they carry lone surrogates,
	 * and ICU reports split characters oddly (the backend decodes
	 * them a byte per ICU call; see charset_icu.c). */
	"CESU-8", "SCSU", "BOCU-1", "HZ", "IMAP-mailbox-name",
};
#define NNAMES (sizeof(names) / sizeof(names[0]))

struct err_list {
	ub_conv_error *e;
	size_t n, cap;
};

struct run {
	uint8_t *out;
	size_t nout, capout;
	struct err_list errs;
	ub_status status;
};

static void
on_err(void *ctx, const ub_conv_error *e)
{
	struct err_list *l = ctx;

	if (l->n == l->cap) {
		l->cap = l->cap * 2 + 8;
		l->e = realloc(l->e, l->cap * sizeof(*l->e));
	}
	l->e[l->n++] = *e;
}

static void
append(struct run *r, const uint8_t *p, size_t k)
{
	if (r->nout + k > r->capout) {
		r->capout = (r->nout + k) * 2 + 64;
		r->out = realloc(r->out, r->capout);
	}
	if (k > 0)
		memcpy(r->out + r->nout, p, k);
	r->nout += k;
}

static uint64_t
next(uint64_t *x)
{
	*x ^= *x >> 12;
	*x ^= *x << 25;
	*x ^= *x >> 27;
	return *x * 2685821657736338717u;
}

/*
 * Feed s[0..n) to cv.  With rng == NULL in one piece into a roomy
 * buffer; otherwise in random pieces (empty ones too) into random small
 * capacities.  Stops at a strict error.
 */
static void
convert(ub_conv *cv, const uint8_t *s, size_t n, uint64_t *rng,
        struct run *r)
{
	uint8_t *dst;
	size_t at = 0, len, cap, pos;
	ub_result res;
	bool last;

	memset(r, 0, sizeof(*r));
	ub_conv_on_error(cv, on_err, &r->errs);
	for (;;) {
		len = n - at;
		if (rng != NULL && len > 0) {
			size_t k = next(rng) % 19;

			len = k < len ? k : len;
		}
		/* the last piece says so itself, or an empty call does */
		last = at + len == n &&
		       (rng == NULL || next(rng) % 2 || len == 0);
		pos = 0;
		do {
			cap = rng != NULL ? 1 + next(rng) % 37 : 4096;
			dst = malloc(cap); /* exact size: ASan sees overruns */
			res = ub_conv_feed(cv, len > 0 ? s + at + pos : NULL,
			                   len - pos, dst, cap, last);
			FZ_ASSERT(res.out <= cap);
			FZ_ASSERT(res.in <= len - pos);
			append(r, dst, res.out);
			free(dst);
			pos += res.in;
		} while (res.status == UB_E_OUTPUT_FULL);
		r->status = res.status;
		if (res.status != UB_OK)
			return;
		FZ_ASSERT(pos == len);
		at += len;
		if (last)
			return;
	}
}

/*
 * Targets whose encoders compress adaptively (SCSU, UTF-7): how they
 * encode a character depends on what they have seen of the text, so
 * other chunks may give other, equally valid bytes.  For them the
 * outputs must decode to the same text instead.
 */
static bool
adaptive(const char *to)
{
	return !strcmp(to, "SCSU") || !strcmp(to, "UTF-7");
}

static void
decode_all(const char *from, const struct run *r, struct run *text)
{
	ub_conv *cv;
	ub_result res;
	size_t at = 0;

	memset(text, 0, sizeof(*text));
	FZ_ASSERT(ub_conv_open(&cv, "UTF-32BE", from, UB_REPLACE,
	                       UB_BOM_KEEP) == UB_OK);
	do {
		uint8_t buf[4096];

		res = ub_conv_feed(cv, r->out + at, r->nout - at, buf,
		                   sizeof(buf), true);
		append(text, buf, res.out);
		at += res.in;
	} while (res.status == UB_E_OUTPUT_FULL);
	FZ_ASSERT(res.status == UB_OK);
	ub_conv_close(cv);
}

static void
same_text(const char *enc, const struct run *a, const struct run *b)
{
	struct run ta, tb;

	if (a->nout == 0 || b->nout == 0) {
		FZ_ASSERT(a->nout == b->nout);
		return;
	}
	decode_all(enc, a, &ta);
	decode_all(enc, b, &tb);
	FZ_ASSERT(ta.nout == tb.nout);
	FZ_ASSERT(ta.nout == 0 || memcmp(ta.out, tb.out, ta.nout) == 0);
	free(ta.out);
	free(tb.out);
}

/* The same error: status, position, bytes and value. */
static bool
same_error(const ub_conv_error *a, const ub_conv_error *b)
{
	return a->status == b->status && a->line == b->line &&
	       a->column == b->column && a->cp == b->cp &&
	       a->offset == b->offset && a->nbytes == b->nbytes &&
	       memcmp(a->bytes, b->bytes, a->nbytes) == 0;
}

/*
 * The errors a built-in source should report into a Unicode target, by
 * the reference decoder, with positions counted the way DESIGN.md says:
 * LF, CR LF and a lone CR end a line; columns count characters and
 * maximal subparts from 1.
 */
static void
check_positions(ub_encoding from, ub_bom bom, ub_policy policy,
                const uint8_t *s, size_t n, const struct run *r)
{
	struct fz_oracle o;
	ub_encoding fixed;
	struct fz_step st;
	uint64_t line = 1, col = 0;
	size_t i, k = 0, e = 0;
	bool prev_cr = false;

	fz_oracle_run(&o, from, s, n);
	fz_bom(from, s, n, &fixed);
	for (i = o.bom; i < n; k++) {
		st = fz_ref(fixed, s + i, n - i);
		if (k == 0 && o.bom == 0 && st.ok && st.cp == 0xFEFF &&
		    bom != UB_BOM_KEEP) {
			i += st.len; /* stripped: not a character */
			continue;
		}
		if (!st.ok) {
			FZ_ASSERT(e < r->errs.n);
			FZ_ASSERT(r->errs.e[e].offset == i);
			FZ_ASSERT(r->errs.e[e].nbytes == st.len);
			FZ_ASSERT(!memcmp(r->errs.e[e].bytes, s + i, st.len));
			FZ_ASSERT(r->errs.e[e].line == line);
			FZ_ASSERT(r->errs.e[e].column == col + 1);
			FZ_ASSERT((r->errs.e[e].status == UB_E_TRUNCATED) ==
			          st.truncated);
			e++;
			if (policy == UB_STRICT)
				break;
		}
		if (st.ok && st.cp == '\n') {
			if (!prev_cr)
				line++;
			col = 0;
		} else if (st.ok && st.cp == '\r') {
			line++;
			col = 0;
		} else {
			col++;
		}
		prev_cr = st.ok && st.cp == '\r';
		i += st.len;
	}
	FZ_ASSERT(e == r->errs.n);
	fz_oracle_free(&o);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *from, *to;
	ub_policy policy;
	ub_bom bom;
	uint64_t rng;
	struct run whole, chunked;
	const uint8_t *s;
	ub_conv *cv;
	size_t n, i;
	ub_encoding bf, bt;

	if (size < 7)
		return 0;
	from = names[data[0] % NNAMES];
	to = names[data[1] % NNAMES];
	policy = (ub_policy)(data[2] & 3);
	bom = (ub_bom)((data[2] >> 2) % 3);
	rng = (uint64_t)data[3] << 24 | (uint64_t)data[4] << 16 |
	      (uint64_t)data[5] << 8 | data[6];
	rng = rng * 0x9E3779B97F4A7C15u + 1;
	s = data + 7;
	n = size - 7;
	if (ub_conv_open(&cv, to, from, policy, bom) != UB_OK)
		return 0;

	convert(cv, s, n, NULL, &whole);
	ub_conv_reset(cv);
	convert(cv, s, n, &rng, &chunked);

	FZ_ASSERT(whole.status == chunked.status);
	FZ_ASSERT(whole.status == UB_OK || policy == UB_STRICT);
	if (adaptive(to)) {
		same_text(to, &whole, &chunked);
	} else {
		FZ_ASSERT(whole.nout == chunked.nout);
		FZ_ASSERT(whole.nout == 0 ||
		          memcmp(whole.out, chunked.out, whole.nout) == 0);
	}
	FZ_ASSERT(whole.errs.n == chunked.errs.n);
	for (i = 0; i < whole.errs.n; i++)
		FZ_ASSERT(same_error(&whole.errs.e[i], &chunked.errs.e[i]));
	FZ_ASSERT(ub_conv_error_count(cv) == chunked.errs.n);
	if (chunked.errs.n > 0) {
		FZ_ASSERT(same_error(ub_conv_first_error(cv),
		                     &chunked.errs.e[0]));
		FZ_ASSERT(same_error(ub_conv_last_error(cv),
		                     &chunked.errs.e[chunked.errs.n - 1]));
	} else {
		FZ_ASSERT(ub_conv_first_error(cv) == NULL);
	}
	if (policy == UB_STRICT)
		FZ_ASSERT((whole.status != UB_OK) == (whole.errs.n == 1));
	else
		FZ_ASSERT(ub_conv_offset(cv) == n);

	bf = ub_encoding_from_name(from);
	bt = ub_encoding_from_name(to);
	if (bf != UB_ENC_NONE && bt != UB_ENC_NONE && bom == UB_BOM_KEEP) {
		/* the same conversion, in one call and without state */
		ub_result t = ub_transcode_length(bt, bf, s, n, policy);
		uint8_t *buf = malloc(t.out + 1);

		t = ub_transcode(bt, bf, s, n, buf, t.out, policy);
		FZ_ASSERT(t.status == whole.status);
		FZ_ASSERT(t.errors == whole.errs.n);
		FZ_ASSERT(t.out == whole.nout);
		FZ_ASSERT(t.out == 0 || memcmp(buf, whole.out, t.out) == 0);
		if (t.status != UB_OK)
			FZ_ASSERT(whole.errs.e[0].offset == t.in);
		free(buf);
	}
	if (bf != UB_ENC_NONE && bt >= UB_UTF8)
		check_positions(bf, bom, policy, s, n, &whole);

	ub_conv_close(cv);
	free(whole.out);
	free(chunked.out);
	free(whole.errs.e);
	free(chunked.errs.e);
	return 0;
}
