/*
 * fuzz_text.c - the mojibake repairer and the streaming normalizer, fed
 * whole and in random chunks into random output capacities.
 * Properties:
 *   - chunked and whole runs write the same bytes and report the same
 *     repairs and errors (the streaming contract);
 *   - fix never writes more than it reads, leaves ASCII-only input as it
 *     is, keeps valid UTF-8 valid, and each repair's bytes are where it
 *     says they are in the input;
 *   - normalize writes valid UTF-8; on valid input without U+034F
 *     insertions it equals ub_normalize of the whole.
 * Input layout: mode (bit 0: fix or normalize; bits 1-2: the form;
 * bit 3: case folding), four bytes seeding the chunk sizes, the text.
 */
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

struct run {
	uint8_t *out;
	size_t nout, cap;
	uint64_t sum; /* a digest of the reports, in order */
	size_t nreports;
	const uint8_t *in;
	size_t nin;
};

static void
append(struct run *r, const uint8_t *p, size_t k)
{
	if (r->nout + k > r->cap) {
		r->cap = (r->nout + k) * 2 + 64;
		r->out = realloc(r->out, r->cap);
	}
	if (k > 0)
		memcpy(r->out + r->nout, p, k);
	r->nout += k;
}

static void
mix(struct run *r, uint64_t v)
{
	r->sum = (r->sum ^ v) * 0x100000001B3u;
}

static void
on_repair(void *ctx, const ub_mojibake_repair *rp)
{
	struct run *r = ctx;

	FZ_ASSERT(rp->offset + rp->nbytes <= r->nin);
	FZ_ASSERT(memcmp(r->in + rp->offset, rp->bytes, rp->nbytes) == 0);
	FZ_ASSERT(rp->levels >= 1 && rp->levels <= UB_MOJIBAKE_MAX_LEVELS);
	FZ_ASSERT(ub_is_scalar(rp->cp) && rp->cp >= 0x80);
	mix(r, rp->offset);
	mix(r, rp->line);
	mix(r, rp->column);
	mix(r, rp->nbytes);
	mix(r, rp->cp);
	mix(r, rp->levels);
	r->nreports++;
}

static void
on_error(void *ctx, const ub_conv_error *e)
{
	struct run *r = ctx;

	FZ_ASSERT(e->offset < r->nin);
	FZ_ASSERT(ub_status_is_invalid(e->status) ||
	          e->status == UB_E_TRUNCATED);
	mix(r, 0xE0 + e->offset);
	mix(r, e->line);
	mix(r, e->column);
	mix(r, e->nbytes);
	r->nreports++;
}

static uint64_t
next(uint64_t *x)
{
	*x ^= *x >> 12;
	*x ^= *x << 25;
	*x ^= *x >> 27;
	return *x * 2685821657736338717u;
}

/* Feed s[0..n) whole (rng == NULL) or in random pieces and capacities. */
static void
feed(bool fix, ub_mojibake *mb, ub_norm *nm, const uint8_t *s, size_t n,
     uint64_t *rng, struct run *r)
{
	uint8_t dst[300];
	size_t pos = 0, k, cap;
	ub_result res;
	bool last;

	do {
		k = rng == NULL ? n - pos : next(rng) % 70;
		if (k > n - pos)
			k = n - pos;
		last = pos + k == n;
		do {
			cap = rng == NULL ? sizeof(dst)
			                  : 1 + next(rng) % sizeof(dst);
			res = fix ? ub_mojibake_feed(mb, s + pos, k, dst, cap,
			                             last)
			          : ub_norm_feed(nm, s + pos, k, dst, cap,
			                         last);
			FZ_ASSERT(res.status == UB_OK ||
			          res.status == UB_E_OUTPUT_FULL);
			FZ_ASSERT(res.in <= k && res.out <= cap);
			append(r, dst, res.out);
			pos += res.in;
			k -= res.in;
		} while (res.status == UB_E_OUTPUT_FULL);
		FZ_ASSERT(k == 0);
	} while (!last);
}

static void
run_once(bool fix, ub_norm_form form, bool casefold, const uint8_t *s,
         size_t n, uint64_t *rng, struct run *r)
{
	ub_mojibake *mb = NULL;
	ub_norm *nm = NULL;

	memset(r, 0, sizeof(*r));
	r->in = s;
	r->nin = n;
	if (fix) {
		FZ_ASSERT(ub_mojibake_open(&mb) == UB_OK);
		ub_mojibake_on_repair(mb, on_repair, r);
		ub_mojibake_on_error(mb, on_error, r);
	} else {
		FZ_ASSERT(ub_norm_open(&nm, form, casefold) == UB_OK);
		ub_norm_on_error(nm, on_error, r);
	}
	feed(fix, mb, nm, s, n, rng, r);
	if (!fix)
		mix(r, ub_norm_inserted(nm));
	ub_mojibake_close(mb);
	ub_norm_close(nm);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct run whole, part;
	uint64_t rng;
	bool fix, casefold, ascii = true, valid;
	ub_norm_form form;
	const uint8_t *s;
	size_t n, i;
	ub_result q;
	uint8_t *one;

	if (size < 5)
		return 0;
	fix = data[0] & 1;
	form = (ub_norm_form)(data[0] >> 1 & 3);
	casefold = data[0] >> 3 & 1;
	rng = 0x9E3779B97F4A7C15u ^ ((uint64_t)data[1] << 24 |
	                             (uint64_t)data[2] << 16 |
	                             (uint64_t)data[3] << 8 | data[4]);
	s = data + 5;
	n = size - 5;
	for (i = 0; i < n; i++)
		ascii = ascii && s[i] < 0x80;
	valid = ub_utf8_validate(s, n).status == UB_OK;

	run_once(fix, form, casefold, s, n, NULL, &whole);
	run_once(fix, form, casefold, s, n, &rng, &part);
	FZ_ASSERT(whole.nout == part.nout);
	FZ_ASSERT(whole.nout == 0 ||
	          memcmp(whole.out, part.out, whole.nout) == 0);
	FZ_ASSERT(whole.sum == part.sum && whole.nreports == part.nreports);

	if (valid)
		FZ_ASSERT(ub_utf8_validate(whole.out, whole.nout).status ==
		          UB_OK);
	if (fix) {
		FZ_ASSERT(whole.nout <= n);
		if (ascii)
			FZ_ASSERT(whole.nout == n &&
			          (n == 0 || memcmp(whole.out, s, n) == 0));
	} else {
		FZ_ASSERT(ub_utf8_validate(whole.out, whole.nout).status ==
		          UB_OK);
		/* Without insertions (whole.sum holds their count, but a
		 * valid text of fewer than 31 characters cannot have any)
		 * the stream is the one-shot normalization. */
		if (valid && ub_utf8_count(s, n) <= UB_NORM_MAX_RUN) {
			q = ub_normalize(form, casefold, s, n, NULL, 0);
			FZ_ASSERT(q.status == UB_OK);
			one = malloc(q.out + 1);
			FZ_ASSERT(ub_normalize(form, casefold, s, n, one, q.out)
			                  .out == q.out);
			FZ_ASSERT(q.out == whole.nout &&
			          (q.out == 0 ||
			           memcmp(one, whole.out, q.out) == 0));
			free(one);
		}
	}
	free(whole.out);
	free(part.out);
	return 0;
}
