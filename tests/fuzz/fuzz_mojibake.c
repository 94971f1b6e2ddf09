/*
 * fuzz_mojibake.c - the mojibake repairer on any bytes.  Properties:
 *   - ub_mojibake_fix: the size query equals what is written, the
 *     output is never longer than the input, and is the input itself
 *     when nothing was repaired;
 *   - the streaming repairer fed in random chunks into random small
 *     capacities writes the same bytes and reports the same repairs
 *     (offset, line, column, bytes, value, levels), the same errors and
 *     the same counts; a reset repairer does the same again;
 *   - invalid UTF-8 passes through: the errors reported are the
 *     reference decoder's maximal subparts, and valid input gives valid
 *     output.
 */
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

struct rep {
	uint64_t offset, line, column;
	uint8_t bytes[32];
	size_t nbytes;
	uint32_t cp;
	unsigned levels;
};

struct run {
	uint8_t *out;
	size_t nout, capout;
	struct rep *reps;
	size_t nreps, capreps;
	uint64_t *errs; /* error offsets */
	size_t nerrs, caperrs;
	ub_mojibake_stats stats;
};

static void
on_repair(void *ctx, const ub_mojibake_repair *r)
{
	struct run *u = ctx;
	struct rep *p;

	if (u->nreps == u->capreps) {
		u->capreps = u->capreps * 2 + 8;
		u->reps = realloc(u->reps, u->capreps * sizeof(*u->reps));
	}
	p = &u->reps[u->nreps++];
	memset(p, 0, sizeof(*p));
	p->offset = r->offset;
	p->line = r->line;
	p->column = r->column;
	p->nbytes = r->nbytes;
	memcpy(p->bytes, r->bytes, r->nbytes < 32 ? r->nbytes : 32);
	p->cp = r->cp;
	p->levels = r->levels;
}

static void
on_error(void *ctx, const ub_conv_error *e)
{
	struct run *u = ctx;

	if (u->nerrs == u->caperrs) {
		u->caperrs = u->caperrs * 2 + 8;
		u->errs = realloc(u->errs, u->caperrs * sizeof(*u->errs));
	}
	u->errs[u->nerrs++] = e->offset;
}

static uint64_t
next(uint64_t *x)
{
	*x ^= *x >> 12;
	*x ^= *x << 25;
	*x ^= *x >> 27;
	return *x * 2685821657736338717u;
}

static void
run(ub_mojibake *mb, const uint8_t *s, size_t n, uint64_t *rng,
    struct run *u)
{
	size_t at = 0, len, pos, cap;
	ub_result r;
	bool last;
	uint8_t *dst;

	memset(u, 0, sizeof(*u));
	ub_mojibake_on_repair(mb, on_repair, u);
	ub_mojibake_on_error(mb, on_error, u);
	u->out = malloc(n + 1);
	do {
		len = n - at;
		if (rng != NULL && len > 0 && next(rng) % 2)
			len = next(rng) % (len + 1);
		last = at + len == n;
		pos = 0;
		do {
			cap = rng != NULL ? 1 + next(rng) % 40 : n + 1;
			dst = malloc(cap);
			r = ub_mojibake_feed(mb, s + at + pos, len - pos, dst,
			                     cap, last);
			FZ_ASSERT(r.out <= cap && r.in <= len - pos);
			FZ_ASSERT(u->nout + r.out <= n);
			memcpy(u->out + u->nout, dst, r.out);
			u->nout += r.out;
			free(dst);
			pos += r.in;
		} while (r.status == UB_E_OUTPUT_FULL);
		FZ_ASSERT(r.status == UB_OK && pos == len);
		at += len;
	} while (!last);
	u->stats = ub_mojibake_get_stats(mb);
}

static void
same_run(const struct run *a, const struct run *b)
{
	size_t i;

	FZ_ASSERT(a->nout == b->nout);
	FZ_ASSERT(a->nout == 0 || !memcmp(a->out, b->out, a->nout));
	FZ_ASSERT(a->nreps == b->nreps);
	for (i = 0; i < a->nreps; i++)
		FZ_ASSERT(!memcmp(&a->reps[i], &b->reps[i], sizeof(*a->reps)));
	FZ_ASSERT(a->nerrs == b->nerrs);
	for (i = 0; i < a->nerrs; i++)
		FZ_ASSERT(a->errs[i] == b->errs[i]);
	FZ_ASSERT(a->stats.repaired == b->stats.repaired);
	FZ_ASSERT(a->stats.segments == b->stats.segments);
	FZ_ASSERT(a->stats.max_levels == b->stats.max_levels);
	FZ_ASSERT(a->stats.errors == b->stats.errors);
}

static void
free_run(struct run *u)
{
	free(u->out);
	free(u->reps);
	free(u->errs);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fz_oracle o;
	ub_mojibake_stats st;
	ub_mojibake *mb;
	struct run whole, parts, again;
	uint64_t rng = size * 0x9E3779B97F4A7C15u + 7;
	uint8_t *buf;
	ub_result q, w;
	size_t i;

	for (i = 0; i < size && i < 8; i++)
		rng = rng * 31 + data[i];
	q = ub_mojibake_fix(data, size, NULL, 0, NULL);
	FZ_ASSERT(q.status == UB_OK && q.out <= size);
	buf = malloc(q.out + 1);
	w = ub_mojibake_fix(data, size, buf, q.out, &st);
	FZ_ASSERT(w.status == UB_OK && w.out == q.out);
	if (st.repaired == 0)
		FZ_ASSERT(w.out == size && (size == 0 ||
		                            !memcmp(buf, data, size)));

	FZ_ASSERT(ub_mojibake_open(&mb) == UB_OK);
	run(mb, data, size, NULL, &whole);
	FZ_ASSERT(whole.nout == w.out);
	FZ_ASSERT(w.out == 0 || !memcmp(whole.out, buf, w.out));
	FZ_ASSERT(whole.stats.repaired == st.repaired);
	FZ_ASSERT(whole.nreps == st.repaired);
	ub_mojibake_reset(mb);
	run(mb, data, size, &rng, &parts);
	same_run(&whole, &parts);
	ub_mojibake_reset(mb);
	run(mb, data, size, NULL, &again);
	same_run(&whole, &again);
	ub_mojibake_close(mb);

	/* invalid UTF-8 passes through and is reported where it is */
	fz_oracle_run(&o, UB_UTF8, data, size);
	FZ_ASSERT(whole.stats.errors == o.errors);
	FZ_ASSERT(whole.nerrs == o.errors);
	if (o.errors > 0)
		FZ_ASSERT(whole.errs[0] == o.first_bad);
	else
		FZ_ASSERT(ub_utf8_validate(buf, w.out).status == UB_OK);
	fz_oracle_free(&o);
	free(buf);
	free_run(&whole);
	free_run(&parts);
	free_run(&again);
	return 0;
}
