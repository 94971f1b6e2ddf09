/*
 * fuzz_normalize.c - the streaming normalizer on any bytes.  The first
 * byte picks the form and case folding; the rest is the text.
 * Properties:
 *   - random chunks into random small capacities give the same bytes,
 *     the same error count and the same inserted U+034F as one chunk,
 *     and so does a reset normalizer;
 *   - the output is valid UTF-8, and normalizing it again (without case
 *     folding) changes nothing;
 *   - for valid input where nothing was inserted, the output is
 *     ub_normalize's;
 *   - invalid input is counted as the reference decoder's maximal
 *     subparts.
 */
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

struct run {
	uint8_t *out;
	size_t nout, capout;
	uint64_t errors, inserted;
};

static uint64_t
next(uint64_t *x)
{
	*x ^= *x >> 12;
	*x ^= *x << 25;
	*x ^= *x >> 27;
	return *x * 2685821657736338717u;
}

static void
append(struct run *u, const uint8_t *p, size_t k)
{
	if (u->nout + k > u->capout) {
		u->capout = (u->nout + k) * 2 + 64;
		u->out = realloc(u->out, u->capout);
	}
	if (k > 0)
		memcpy(u->out + u->nout, p, k);
	u->nout += k;
}

static void
run(ub_norm *nm, const uint8_t *s, size_t n, uint64_t *rng, struct run *u)
{
	size_t at = 0, len, pos, cap;
	uint8_t *dst;
	ub_result r;
	bool last;

	memset(u, 0, sizeof(*u));
	do {
		len = n - at;
		if (rng != NULL && len > 0 && next(rng) % 2)
			len = next(rng) % (len + 1);
		last = at + len == n;
		pos = 0;
		do {
			cap = rng != NULL ? 1 + next(rng) % 40 : 4 * n + 64;
			dst = malloc(cap);
			r = ub_norm_feed(nm, len > pos ? s + at + pos : NULL,
			                 len - pos, dst, cap, last);
			FZ_ASSERT(r.out <= cap && r.in <= len - pos);
			append(u, dst, r.out);
			free(dst);
			pos += r.in;
		} while (r.status == UB_E_OUTPUT_FULL);
		FZ_ASSERT(r.status == UB_OK && pos == len);
		at += len;
	} while (!last);
	u->errors = ub_norm_error_count(nm);
	u->inserted = ub_norm_inserted(nm);
}

static void
same_run(const struct run *a, const struct run *b)
{
	FZ_ASSERT(a->nout == b->nout);
	FZ_ASSERT(a->nout == 0 || !memcmp(a->out, b->out, a->nout));
	FZ_ASSERT(a->errors == b->errors && a->inserted == b->inserted);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	ub_norm_form form;
	bool fold;
	ub_norm *nm;
	struct run whole, parts, again;
	struct fz_oracle o;
	uint64_t rng = size * 0x9E3779B97F4A7C15u + 3;
	const uint8_t *s;
	size_t n, i;
	ub_result q;

	if (size < 1)
		return 0;
	form = (ub_norm_form)(data[0] & 3);
	fold = (data[0] & 4) != 0;
	s = data + 1;
	n = size - 1;
	for (i = 0; i < size && i < 8; i++)
		rng = rng * 31 + data[i];

	FZ_ASSERT(ub_norm_open(&nm, form, fold) == UB_OK);
	run(nm, s, n, NULL, &whole);
	ub_norm_reset(nm);
	run(nm, s, n, &rng, &parts);
	same_run(&whole, &parts);
	ub_norm_reset(nm);
	run(nm, s, n, NULL, &again);
	same_run(&whole, &again);
	ub_norm_close(nm);
	FZ_ASSERT(ub_utf8_validate(whole.out, whole.nout).status == UB_OK);

	fz_oracle_run(&o, UB_UTF8, s, n);
	FZ_ASSERT(whole.errors == o.errors);
	fz_oracle_free(&o);

	if (whole.errors == 0 && whole.inserted == 0) {
		uint8_t *ref;

		q = ub_normalize(form, fold, s, n, NULL, 0);
		FZ_ASSERT(q.status == UB_OK);
		ref = malloc(q.out + 1);
		q = ub_normalize(form, fold, s, n, ref, q.out);
		FZ_ASSERT(q.status == UB_OK && q.out == whole.nout);
		FZ_ASSERT(q.out == 0 || !memcmp(ref, whole.out, q.out));
		free(ref);
	}
	/* normalized text stays as it is */
	free(again.out);
	FZ_ASSERT(ub_norm_open(&nm, form, false) == UB_OK);
	run(nm, whole.out, whole.nout, NULL, &again);
	ub_norm_close(nm);
	if (!fold && again.inserted == 0)
		FZ_ASSERT(again.nout == whole.nout &&
		          (whole.nout == 0 ||
		           !memcmp(again.out, whole.out, whole.nout)));
	free(whole.out);
	free(parts.out);
	free(again.out);
	return 0;
}
