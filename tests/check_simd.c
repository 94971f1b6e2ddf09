/*
 * check_simd.c - every vector kernel against the scalar reference.
 *
 * Each operation that a kernel speeds up (validate, count, the bulk
 * transcoder under each policy and with a short output buffer, and the
 * streaming converter with its error positions) runs once with the
 * scalar code forced and once at each vector level this CPU has; the
 * outputs, statuses, counts and error offsets must be identical.  The
 * inputs: the sample texts in data/ and tests/cli/, every bad sequence
 * at every offset of and around a 64-byte block, and random valid and
 * corrupted text of every length up to a few hundred bytes (so every
 * tail length of every block size is hit) and longer ones beyond.
 */
#define _POSIX_C_SOURCE 200809L
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <check.h>

#include "cases.h"
#include "internal.h"
#include "suites.h"
#include "testutil.h"

/* What one run of an operation produced. */
struct outcome {
	ub_result r;
	size_t count;
	uint8_t *out;
	size_t len;
	uint64_t err[64][4]; /* streaming: status, offset, line, column */
	size_t nerr;
};

enum op_kind { OP_VALIDATE, OP_COUNT, OP_TRANSCODE, OP_CONV };

struct op {
	enum op_kind kind;
	ub_encoding from, to;
	ub_policy policy;
	int cap; /* 0: room enough; 1: half the room needed; 2: 7 bytes */
	const char *from_name, *to_name; /* for OP_CONV */
};

static void
on_err(void *ctx, const ub_conv_error *e)
{
	struct outcome *o = ctx;

	if (o->nerr < 64) {
		o->err[o->nerr][0] = (uint64_t)e->status;
		o->err[o->nerr][1] = e->offset;
		o->err[o->nerr][2] = e->line;
		o->err[o->nerr][3] = e->column;
		o->nerr++;
	}
}

static void
run_conv(const struct op *op, const uint8_t *s, size_t n, struct outcome *o,
         size_t room)
{
	ub_conv *cv;
	ub_result r;
	size_t i = 0, step = n / 3 + 1;

	ck_assert_int_eq(ub_conv_open(&cv, op->to_name, op->from_name,
	                              op->policy, UB_BOM_KEEP),
	                 UB_OK);
	ub_conv_on_error(cv, on_err, o);
	/* Three chunks, so chunk boundaries fall inside the text too. */
	for (;;) {
		size_t k = n - i < step ? n - i : step;

		r = ub_conv_feed(cv, s + i, k, o->out + o->len, room - o->len,
		                 i + k == n);
		o->len += r.out;
		i += r.in;
		if (r.status != UB_OK)
			break;
		if (i == n) {
			r = ub_conv_feed(cv, s + i, 0, o->out + o->len,
			                 room - o->len, true);
			o->len += r.out;
			break;
		}
	}
	o->r = r;
	o->r.in = i;
	o->count = (size_t)ub_conv_error_count(cv);
	ub_conv_close(cv);
}

static void
run(const struct op *op, const uint8_t *s, size_t n, struct outcome *o)
{
	size_t room = 64 * n + 64, cap;

	memset(o, 0, offsetof(struct outcome, out));
	o->len = 0;
	o->nerr = 0;
	switch (op->kind) {
	case OP_VALIDATE:
		o->r = ub_utf8_validate(s, n);
		break;
	case OP_COUNT:
		o->count = ub_utf8_count(s, n);
		break;
	case OP_TRANSCODE:
		cap = room;
		if (op->cap != 0) {
			ub_result q = ub_transcode_length(op->to, op->from, s,
			                                  n, op->policy);

			cap = op->cap == 1 ? q.out / 2
			                   : (q.out < 7 ? q.out : 7);
		}
		o->r = ub_transcode(op->to, op->from, s, n, o->out, cap,
		                    op->policy);
		o->len = o->r.out;
		break;
	case OP_CONV:
		run_conv(op, s, n, o, room);
		break;
	}
}

static const struct op utf8_ops[] = {
	{OP_VALIDATE, 0, 0, 0, 0, NULL, NULL},
	{OP_COUNT, 0, 0, 0, 0, NULL, NULL},
	{OP_TRANSCODE, UB_UTF8, UB_UTF16LE, UB_STRICT, 0, NULL, NULL},
	{OP_TRANSCODE, UB_UTF8, UB_UTF16LE, UB_REPLACE, 0, NULL, NULL},
	{OP_TRANSCODE, UB_UTF8, UB_UTF16LE, UB_STRICT, 1, NULL, NULL},
	{OP_TRANSCODE, UB_UTF8, UB_UTF16BE, UB_ESCAPE, 0, NULL, NULL},
	{OP_TRANSCODE, UB_UTF8, UB_UTF16, UB_SKIP, 0, NULL, NULL},
	{OP_TRANSCODE, UB_UTF8, UB_UTF32LE, UB_STRICT, 0, NULL, NULL},
	{OP_TRANSCODE, UB_UTF8, UB_UTF32BE, UB_REPLACE, 0, NULL, NULL},
	{OP_TRANSCODE, UB_UTF8, UB_UTF32LE, UB_REPLACE, 1, NULL, NULL},
	{OP_TRANSCODE, UB_UTF8, UB_UTF8, UB_STRICT, 0, NULL, NULL},
	{OP_TRANSCODE, UB_UTF8, UB_UTF8, UB_REPLACE, 1, NULL, NULL},
	{OP_TRANSCODE, UB_UTF8, UB_LATIN1, UB_REPLACE, 0, NULL, NULL},
	{OP_TRANSCODE, UB_UTF8, UB_ASCII, UB_STRICT, 0, NULL, NULL},
	{OP_TRANSCODE, UB_LATIN1, UB_UTF8, UB_STRICT, 0, NULL, NULL},
	{OP_TRANSCODE, UB_LATIN1, UB_UTF8, UB_STRICT, 1, NULL, NULL},
	{OP_TRANSCODE, UB_ASCII, UB_UTF8, UB_REPLACE, 0, NULL, NULL},
	{OP_TRANSCODE, UB_ASCII, UB_UTF16LE, UB_STRICT, 2, NULL, NULL},
	{OP_CONV, 0, 0, UB_REPLACE, 0, "UTF-8", "UTF-16LE"},
	{OP_CONV, 0, 0, UB_STRICT, 0, "UTF-8", "UTF-32BE"},
	{OP_CONV, 0, 0, UB_ESCAPE, 0, "UTF-8", "UTF-8"},
	{OP_CONV, 0, 0, UB_SKIP, 0, "ISO-8859-1", "UTF-8"},
	/* single-byte sources have their own line counting */
	{OP_CONV, 0, 0, UB_REPLACE, 0, "UTF-8", "US-ASCII"},
	{OP_CONV, 0, 0, UB_ESCAPE, 0, "US-ASCII", "ISO-8859-1"},
};

/* The ops each placed error goes through (fewer, as there are many). */
static const struct op short_ops[] = {
	{OP_VALIDATE, 0, 0, 0, 0, NULL, NULL},
	{OP_COUNT, 0, 0, 0, 0, NULL, NULL},
	{OP_TRANSCODE, UB_UTF8, UB_UTF16LE, UB_REPLACE, 0, NULL, NULL},
	{OP_TRANSCODE, UB_UTF8, UB_UTF32BE, UB_STRICT, 0, NULL, NULL},
	{OP_TRANSCODE, UB_UTF8, UB_UTF8, UB_STRICT, 0, NULL, NULL},
	{OP_CONV, 0, 0, UB_ESCAPE, 0, "UTF-8", "UTF-16BE"},
};

static const struct op utf16_ops[2][9] = {
	{
		{OP_TRANSCODE, UB_UTF16LE, UB_UTF8, UB_STRICT, 0, NULL, NULL},
		{OP_TRANSCODE, UB_UTF16LE, UB_UTF8, UB_REPLACE, 0, NULL, NULL},
		{OP_TRANSCODE, UB_UTF16LE, UB_UTF8, UB_STRICT, 1, NULL, NULL},
		{OP_TRANSCODE, UB_UTF16LE, UB_UTF8, UB_ESCAPE, 0, NULL, NULL},
		{OP_TRANSCODE, UB_UTF16LE, UB_UTF32BE, UB_SKIP, 0, NULL, NULL},
		{OP_CONV, 0, 0, UB_REPLACE, 0, "UTF-16LE", "UTF-8"},
		{OP_CONV, 0, 0, UB_STRICT, 0, "UTF-16LE", "UTF-8"},
		/* the unit-by-unit copy between UTF-16s */
		{OP_TRANSCODE, UB_UTF16LE, UB_UTF16BE, UB_STRICT, 0, NULL,
                 NULL},
		{OP_TRANSCODE, UB_UTF16LE, UB_UTF16LE, UB_REPLACE, 1, NULL,
                 NULL},
	},
	{
		{OP_TRANSCODE, UB_UTF16BE, UB_UTF8, UB_STRICT, 0, NULL, NULL},
		{OP_TRANSCODE, UB_UTF16BE, UB_UTF8, UB_REPLACE, 0, NULL, NULL},
		{OP_TRANSCODE, UB_UTF16BE, UB_UTF8, UB_SKIP, 1, NULL, NULL},
		{OP_TRANSCODE, UB_UTF16, UB_UTF8, UB_REPLACE, 0, NULL, NULL},
		{OP_TRANSCODE, UB_UTF16BE, UB_UTF8, UB_STRICT, 2, NULL, NULL},
		{OP_CONV, 0, 0, UB_ESCAPE, 0, "UTF-16BE", "UTF-8"},
		{OP_CONV, 0, 0, UB_STRICT, 0, "UTF-16BE", "UTF-8"},
		{OP_TRANSCODE, UB_UTF16BE, UB_UTF16LE, UB_SKIP, 0, NULL, NULL},
		{OP_TRANSCODE, UB_UTF16BE, UB_UTF16BE, UB_STRICT, 2, NULL,
                 NULL},
	},
};

static const struct op utf32_ops[2][6] = {
	{
		{OP_TRANSCODE, UB_UTF32LE, UB_UTF8, UB_STRICT, 0, NULL, NULL},
		{OP_TRANSCODE, UB_UTF32LE, UB_UTF8, UB_REPLACE, 0, NULL, NULL},
		{OP_TRANSCODE, UB_UTF32LE, UB_UTF8, UB_STRICT, 1, NULL, NULL},
		{OP_TRANSCODE, UB_UTF32LE, UB_UTF8, UB_ESCAPE, 0, NULL, NULL},
		{OP_CONV, 0, 0, UB_REPLACE, 0, "UTF-32LE", "UTF-8"},
		{OP_CONV, 0, 0, UB_STRICT, 0, "UTF-32LE", "UTF-8"},
	},
	{
		{OP_TRANSCODE, UB_UTF32BE, UB_UTF8, UB_STRICT, 0, NULL, NULL},
		{OP_TRANSCODE, UB_UTF32BE, UB_UTF8, UB_SKIP, 1, NULL, NULL},
		{OP_TRANSCODE, UB_UTF32, UB_UTF8, UB_REPLACE, 0, NULL, NULL},
		{OP_TRANSCODE, UB_UTF32BE, UB_UTF8, UB_STRICT, 2, NULL, NULL},
		{OP_CONV, 0, 0, UB_ESCAPE, 0, "UTF-32BE", "UTF-8"},
		{OP_CONV, 0, 0, UB_STRICT, 0, "UTF-32BE", "UTF-8"},
	},
};

static ub_simd levels[3];
static size_t nlevels;
static struct outcome ref, got;

static void
setup(void)
{
	ub_simd l;

	nlevels = 0;
	for (l = UB_SIMD_AVX2; l <= UB_SIMD_AVX512; l++)
		if (ub_simd_supported(l))
			levels[nlevels++] = l;
}

static void
teardown(void)
{
	free(ref.out);
	free(got.out);
	ref.out = got.out = NULL;
	ub_simd_select(UB_SIMD_SCALAR);
}

static void
describe(const struct op *op, const uint8_t *s, size_t n, ub_simd l,
         const char *what)
{
	size_t i;

	fprintf(stderr,
	        "simd %s: op kind %d %s->%s policy %d cap %d, n %zu: "
	        "%s differs\n  input:",
	        ub_simd_name(l), (int)op->kind,
	        op->from_name != NULL ? op->from_name
	                              : ub_encoding_name(op->from),
	        op->to_name != NULL ? op->to_name : ub_encoding_name(op->to),
	        (int)op->policy, op->cap, n, what);
	for (i = 0; i < n && i < 400; i++)
		fprintf(stderr, " %02X", s[i]);
	fprintf(stderr, "\n");
}

static void
describe_errors(const char *level, const struct outcome *o)
{
	size_t i;

	fprintf(stderr,
	        "  %s: status %d, read %zu, wrote %zu, %zu errors:", level,
	        (int)o->r.status, o->r.in, o->r.out, o->nerr);
	for (i = 0; i < o->nerr && i < 8; i++)
		fprintf(stderr, " [%d at %llu, %llu:%llu]", (int)o->err[i][0],
		        (unsigned long long)o->err[i][1],
		        (unsigned long long)o->err[i][2],
		        (unsigned long long)o->err[i][3]);
	fprintf(stderr, "\n");
}

/* Run every op on s[0..n) (an exact-size heap copy) at every level. */
static void
check_ops(const struct op *ops, size_t nops, const uint8_t *text, size_t n)
{
	uint8_t *s = tu_exact(text, n);
	size_t room = 64 * n + 64, i, j;
	const char *bad;

	ref.out = realloc(ref.out, room);
	got.out = realloc(got.out, room);
	ck_assert(ref.out != NULL && got.out != NULL);
	for (i = 0; i < nops; i++) {
		ub_simd_select(UB_SIMD_SCALAR);
		run(&ops[i], s, n, &ref);
		for (j = 0; j < nlevels; j++) {
			ck_assert_int_eq(ub_simd_select(levels[j]), UB_OK);
			run(&ops[i], s, n, &got);
			bad = NULL;
			if (got.r.status != ref.r.status)
				bad = "status";
			else if (got.r.in != ref.r.in)
				bad = "bytes read";
			else if (got.r.out != ref.r.out)
				bad = "bytes written / characters";
			else if (got.r.errors != ref.r.errors)
				bad = "error count";
			else if (got.count != ref.count)
				bad = "count";
			else if (got.len != ref.len ||
			         memcmp(got.out, ref.out, ref.len) != 0)
				bad = "output";
			else if (got.nerr != ref.nerr ||
			         memcmp(got.err, ref.err,
			                ref.nerr * sizeof ref.err[0]) != 0)
				bad = "error positions";
			if (bad != NULL) {
				describe(&ops[i], s, n, levels[j], bad);
				describe_errors("scalar", &ref);
				describe_errors(ub_simd_name(levels[j]), &got);
			}
			ck_assert_msg(bad == NULL, "%s differs at %s", bad,
			              ub_simd_name(levels[j]));
		}
	}
	free(s);
}

static void
check_utf8(const uint8_t *s, size_t n)
{
	check_ops(utf8_ops, LEN(utf8_ops), s, n);
}

/* s as UTF-16 (or UTF-32 if wide) in byte order e (invalid UTF-8 as
 * U+FFFD), in *len. */
static uint8_t *
to_wide(const uint8_t *s, size_t n, ub_endian e, bool wide, size_t *len)
{
	ub_encoding to = wide ? (e == UB_LE ? UB_UTF32LE : UB_UTF32BE)
	                      : (e == UB_LE ? UB_UTF16LE : UB_UTF16BE);
	ub_result r = ub_transcode_length(to, UB_UTF8, s, n, UB_REPLACE);
	uint8_t *d = malloc(r.out + 8);

	ck_assert(d != NULL);
	r = ub_transcode(to, UB_UTF8, s, n, d, r.out, UB_REPLACE);
	*len = r.out;
	return d;
}

static uint8_t *
to_utf16(const uint8_t *s, size_t n, ub_endian e, size_t *len)
{
	return to_wide(s, n, e, false, len);
}

static void
check_utf16(const uint8_t *s, size_t n, ub_endian e)
{
	check_ops(utf16_ops[e == UB_LE ? 0 : 1], LEN(utf16_ops[0]), s, n);
}

static void
check_utf32(const uint8_t *s, size_t n, ub_endian e)
{
	check_ops(utf32_ops[e == UB_LE ? 0 : 1], LEN(utf32_ops[0]), s, n);
}

/* Valid text drawn from characters of every length and edge. */
static const char *const pool[] = {
	"a",
	"Z",
	" ",
	"0",
	"\n",
	"\r",
	"\r\n",
	"\t",
	"~",
	"\x7F",
	"\xC2\x80",
	"\xC3\xA9",
	"\xDF\xBF",
	"\xD0\x96",
	"\xCE\xA9",
	"\xE0\xA0\x80",
	"\xE4\xB8\xAD",
	"\xED\x9F\xBF",
	"\xEE\x80\x80",
	"\xEF\xBF\xBD",
	"\xEF\xBF\xBF",
	"\xED\x95\x9C",
	"\xF0\x90\x80\x80",
	"\xF0\x9F\x98\x80",
	"\xF3\xA0\x80\x81",
	"\xF4\x8F\xBF\xBF",
};

/* Which part of pool random_text draws from: all of it, only up to
 * 3-byte or 2-byte characters, or only 3-byte ones (so that whole
 * blocks take each of the kernels' special paths). */
static size_t pool_from, pool_size = LEN(pool);

static void
pick_pool(int i)
{
	static const size_t from[] = {0, 0, 0, 0, 15};
	static const size_t sizes[] = {LEN(pool), 22, 15, LEN(pool), 7};

	pool_from = from[i % 5];
	pool_size = sizes[i % 5];
}

/* Random text from pool (its first 9 strings are ASCII). */
static size_t
random_text(uint64_t *st, uint8_t *buf, size_t len, unsigned ascii_pct)
{
	if (pool_from != 0)
		return tu_random_text(st, buf, len, pool + pool_from,
		                      pool_size, pool_size, ascii_pct);
	return tu_random_text(st, buf, len, pool, 9, pool_size, ascii_pct);
}

/* Every way UTF-8 goes wrong, each as the scalar code sees it. */
static const char *const bad8[] = {
	"\x80",
	"\xBF",
	"\xC0\x80",
	"\xC1\xBF",
	"\xC2",
	"\xC2\x41",
	"\xE0\x80\x80",
	"\xE0\x9F\xBF",
	"\xE0\xA0",
	"\xE1\x80",
	"\xE1\x41",
	"\xED\xA0\x80",
	"\xED\xBF\xBF",
	"\xEF\xBF",
	"\xF0\x80\x80\x80",
	"\xF0\x8F\xBF\xBF",
	"\xF0\x9F\x98",
	"\xF0\x9F",
	"\xF4\x90\x80\x80",
	"\xF4\x8F\xBF",
	"\xF5\x80\x80\x80",
	"\xF7\xBF",
	"\xF8\x88\x80\x80",
	"\xFC",
	"\xFE",
	"\xFF",
	"\xC3\xA9\xA9",
	"\xE4\xB8\xAD\x80",
	"\xF0\x9F\x98\x80\x80",
};

/*
 * Under the sanitizers (make sanitize sets UB_SANITIZED) every kernel
 * runs some twenty times slower and every forked test ends with a leak
 * scan, so the sweeps take every 5th offset and every 5th random text
 * (registered as a fifth as many tests): the same shapes, a fifth of the
 * time.  The plain make check runs them all.
 */
static size_t
stride(void)
{
	const char *env = getenv("UB_SANITIZED");

	return env != NULL && *env != '\0' ? 5 : 1;
}

START_TEST(test_error_every_offset)
{
	static uint8_t base[200], text[220];
	const char *b = bad8[_i];
	size_t k = strlen(b), p, n;
	uint64_t st = 7 + (uint64_t)_i;

	/* ASCII around the error, then multilingual text, inserting the
	 * bad bytes at every offset through two block boundaries; with
	 * the multilingual base some land inside a character, which is
	 * another error still. */
	for (int pass = 0; pass < 2; pass++) {
		if (pass == 0)
			memset(base, 'x', sizeof base);
		else
			pick_pool(0), random_text(&st, base, sizeof base, 30);
		for (p = 0; p <= 140; p += stride()) {
			memcpy(text, base, p);
			memcpy(text + p, b, k);
			memcpy(text + p + k, base + p, sizeof base - p);
			n = sizeof base + k;
			check_ops(short_ops, LEN(short_ops), text, n);
			/* the error at the very end */
			check_ops(short_ops, LEN(short_ops), text, p + k);
		}
	}
}
END_TEST

/*
 * The converters' fast path takes 512-byte chunks in fixed 64-byte
 * steps and skips the check of all-ASCII blocks, and validation skips
 * all-ASCII 1 KiB chunks: a sequence cut short just before such a
 * block or chunk, or just before the end of a chunk, must still be
 * seen.  Text of alternating ASCII and multilingual runs, then all
 * ASCII, with a cut sequence at every offset across chunk boundaries.
 */
static const char *const cut8[] = {"\xC3", "\xE4\xB8", "\xF0\x9F\x98",
                                   "\xF0", "\x80",     "\xED\xA0\x80"};

START_TEST(test_error_every_offset_chunks)
{
	static uint8_t base[3072], text[3084];
	const char *b = cut8[_i];
	size_t k = strlen(b), p, r;
	uint64_t st = 99 + (uint64_t)_i;

	pick_pool(0);
	for (int pass = 0; pass < 2; pass++) {
		memset(base, 'a', sizeof base);
		for (r = 0; pass == 0 && r < sizeof base; r += 256)
			random_text(&st, base + r + 128, 128, 0);
		for (p = 400; p < 1400; p += stride()) {
			memcpy(text, base, p);
			memcpy(text + p, b, k);
			memcpy(text + p + k, base + p, sizeof base - p);
			check_ops(short_ops, LEN(short_ops), text,
			          sizeof base + k);
		}
	}
}
END_TEST

/* The hand-worked vectors of cases.h, alone and shifted through a
 * block boundary with text on both sides (the converters' kernels only
 * take whole blocks). */
START_TEST(test_subpart_cases)
{
	const struct subpart_case *c = &subpart_cases[_i];
	static uint8_t text[300];
	size_t p;

	check_utf8((const uint8_t *)c->in, c->n);
	for (p = 0; p <= 70; p += stride()) {
		memset(text, 'x', p);
		memcpy(text + p, c->in, c->n);
		memset(text + p + c->n, 'y', 100);
		check_ops(short_ops, LEN(short_ops), text, p + c->n + 100);
	}
}
END_TEST

START_TEST(test_random_valid)
{
	static uint8_t text[5000];
	int i = _i * (int)stride();
	uint64_t st = 1234 + (uint64_t)i;
	size_t len, n;

	/* Every length 0..320, then longer steps to about 4 KB. */
	len = i <= 320 ? (size_t)i : 320 + ((size_t)i - 320) * 97;
	pick_pool(i / 2);
	n = random_text(&st, text, len, i % 4 == 0 ? 95 : 40);
	check_utf8(text, n);
}
END_TEST

START_TEST(test_random_corrupt)
{
	static uint8_t text[5000];
	int i = _i * (int)stride();
	uint64_t st = 99 + (uint64_t)i;
	size_t len, n, j, flips;

	len = i <= 320 ? (size_t)i : 320 + ((size_t)i - 320) * 97;
	pick_pool(i / 2);
	n = random_text(&st, text, len, i % 3 == 0 ? 90 : 30);
	flips = n == 0 ? 0 : 1 + tu_rand(&st) % 3;
	for (j = 0; j < flips; j++)
		text[tu_rand(&st) % n] = (uint8_t)tu_rand(&st);
	check_utf8(text, n);
}
END_TEST

START_TEST(test_utf16)
{
	static uint8_t text[4000];
	static const uint16_t bad16[][2] = {
		{0xD800, 0},      {0xDBFF, 0},      {0xDC00, 0},
		{0xDFFF, 0},      {0xDC00, 0xD800}, {0xD800, 0xD800},
		{0xD83D, 0x0041},
	};
	int i = _i * (int)stride();
	uint64_t st = 5 + (uint64_t)i;
	ub_endian e = i % 2 == 0 ? UB_LE : UB_BE;
	size_t n, len, p, k, j;
	uint8_t *u, *w;

	pick_pool(i / 2);
	n = random_text(&st, text, (size_t)i * 13, i % 3 == 0 ? 90 : 30);
	u = to_utf16(text, n, e, &len);
	check_utf16(u, len, e);
	if (len > 0)
		check_utf16(u, len - 1, e); /* an odd final byte */
	/* Each unpaired surrogate at every unit offset of a block and
	 * across its boundaries. */
	if (i >= 40 && i < 44 && len >= 160) {
		w = malloc(len + 4);
		for (k = 0; k < LEN(bad16); k++)
			for (p = 0; p <= 140; p += 2) {
				memcpy(w, u, len);
				for (j = 0; j < 2 && bad16[k][j] != 0; j++)
					if (p + 2 * j + 2 <= len)
						ubi_put16(w + p + 2 * j,
						          bad16[k][j], e);
				check_ops(utf16_ops[e == UB_LE ? 0 : 1], 2, w,
				          len);
				/* and the last two, UTF-16 to UTF-16 */
				check_ops(utf16_ops[e == UB_LE ? 0 : 1] +
				                  LEN(utf16_ops[0]) - 2,
				          2, w, len);
				check_ops(utf16_ops[e == UB_LE ? 0 : 1], 2, w,
				          p + 2);
			}
		free(w);
	}
	free(u);
}
END_TEST

/*
 * UTF-32 to UTF-8: random text of every class of block, cut to every
 * length modulo 4, and each value UTF-32 may not hold (surrogates, past
 * 10FFFF, the top bit set) at every unit offset of a block and across
 * its boundaries, beside the largest values it may.
 */
START_TEST(test_utf32)
{
	static uint8_t text[4000];
	static const uint32_t bad32[] = {0xD800,     0xDBFF,     0xDC00,
	                                 0xDFFF,     0x110000,   0x1FFFFF,
	                                 0x7FFFFFFF, 0x80000000, 0xFFFFFFFF};
	int i = _i * (int)stride();
	uint64_t st = 55 + (uint64_t)i;
	ub_endian e = i % 2 == 0 ? UB_LE : UB_BE;
	size_t n, len, p, k, cut;
	uint8_t *u, *w;

	pick_pool(i / 2);
	n = random_text(&st, text, (size_t)i * 13, i % 3 == 0 ? 90 : 30);
	u = to_wide(text, n, e, true, &len);
	check_utf32(u, len, e);
	for (cut = 1; cut <= 3 && cut <= len; cut++)
		check_utf32(u, len - cut, e); /* a cut last unit */
	if (i >= 40 && i < 44 && len >= 320) {
		w = malloc(len);
		ck_assert(w != NULL);
		for (k = 0; k < LEN(bad32); k++)
			for (p = 0; p <= 280; p += 4) {
				memcpy(w, u, len);
				ubi_put32(w + p, bad32[k], e);
				check_ops(utf32_ops[e == UB_LE ? 0 : 1], 2, w,
				          len);
				check_ops(utf32_ops[e == UB_LE ? 0 : 1], 2, w,
				          p + 4);
			}
		free(w);
	}
	free(u);
}
END_TEST

/* Long runs, so that the kernels' counters wrap and flush, with an
 * error near the start, in the middle and at the end. */
START_TEST(test_long)
{
	static uint8_t text[40000];
	static const size_t at[] = {0, 100, 23456, 39990};
	uint64_t st = 77 + (uint64_t)_i;
	size_t n, j;

	pick_pool(_i);
	n = random_text(&st, text, sizeof text, 20);
	if (_i == 3) /* only 4-byte characters: some byte lanes see
	              * nothing but continuation bytes */
		for (n = 0; n + 4 <= sizeof text; n += 4)
			memcpy(text + n, "\xF0\x9F\x98\x80", 4);
	check_ops(short_ops, LEN(short_ops), text, n);
	for (j = 0; j < LEN(at) && at[j] < n; j++) {
		uint8_t keep = text[at[j]];

		text[at[j]] = 0xFF;
		check_ops(short_ops, LEN(short_ops), text, n);
		text[at[j]] = keep;
	}
}
END_TEST

/*
 * Conversions past 16 MiB write their all-ASCII stretches around the
 * cache (lib/simd_stream.h): 17 MiB of ASCII runs of every length up to
 * a few chunks, between other characters, so runs start and stop often,
 * into outputs at several alignments, with and without an error in the
 * middle of a run.  Exact-size output buffers, so ASan sees a store
 * past the end.
 */
START_TEST(test_big_output)
{
	static const char *const other[] = {"\xC3\xA9", "\xE2\x82\xAC",
	                                    "\xF0\x9F\x98\x80", "\xD0\x96"};
	static const struct {
		ub_encoding from, to;
		ub_policy policy;
		size_t off; /* where in the output buffer it starts */
		size_t bad; /* where the error goes, in 1/8ths of n (0: none)
		             */
	} runs[] = {
		{UB_UTF8, UB_UTF16LE, UB_STRICT, 0, 0},
		{UB_UTF8, UB_UTF32LE, UB_REPLACE, 5, 5},
		{UB_UTF8, UB_UTF16BE, UB_REPLACE, 62, 2},
		{UB_UTF8, UB_UTF32BE, UB_STRICT, 33, 6},
		{UB_UTF16LE, UB_UTF8, UB_STRICT, 0, 0},
		{UB_UTF16BE, UB_UTF8, UB_REPLACE, 17, 3},
		{UB_UTF16LE, UB_UTF8, UB_STRICT, 63, 7},
	};
	const size_t off = runs[_i].off;
	size_t n = (size_t)17 << 20, i = 0, k, cap, j;
	uint8_t *s = malloc(n), *want, *out, *u;
	uint64_t st = 4242 + (uint64_t)_i;
	const char *c;
	ub_result q, r;

	ck_assert(s != NULL);
	while (i < n) {
		/* an ASCII run: mostly short, sometimes dozens of chunks */
		k = (size_t)(tu_rand(&st) % 2000);
		if (tu_rand(&st) % 8 == 0)
			k = 20000;
		for (; k > 0 && i < n; k--, i++)
			s[i] = (uint8_t)('a' + i % 26);
		c = other[tu_rand(&st) % LEN(other)];
		k = strlen(c);
		if (n - i < k)
			break;
		memcpy(s + i, c, k);
		i += k;
	}
	memset(s + i, 'z', n - i);
	ub_simd_select(UB_SIMD_SCALAR);
	if (runs[_i].from != UB_UTF8) {
		/* the same text in UTF-16, with a lone high surrogate */
		q = ub_transcode_length(runs[_i].from, UB_UTF8, s, n,
		                        UB_STRICT);
		u = malloc(q.out);
		ck_assert(u != NULL);
		q = ub_transcode(runs[_i].from, UB_UTF8, s, n, u, q.out,
		                 UB_STRICT);
		ck_assert_int_eq(q.status, UB_OK);
		free(s);
		s = u;
		n = q.out;
		if (runs[_i].bad != 0)
			memcpy(s + n / 16 * 2 * runs[_i].bad,
			       runs[_i].from == UB_UTF16LE ? "\x00\xD8"
			                                   : "\xD8\x00",
			       2);
	} else if (runs[_i].bad != 0) {
		s[n / 8 * runs[_i].bad] = 0xFF;
	}
	/* room for all of it, even when a strict run stops early */
	q = ub_transcode_length(runs[_i].to, runs[_i].from, s, n, UB_REPLACE);
	cap = q.out;
	ck_assert_uint_ge(cap, (size_t)16 << 20);
	want = malloc(off + cap);
	ck_assert(want != NULL);
	q = ub_transcode(runs[_i].to, runs[_i].from, s, n, want + off, cap,
	                 runs[_i].policy);
	for (j = 0; j < nlevels; j++) {
		out = malloc(off + cap);
		ck_assert(out != NULL);
		memset(out, 0xA5, off);
		ck_assert_int_eq(ub_simd_select(levels[j]), UB_OK);
		r = ub_transcode(runs[_i].to, runs[_i].from, s, n, out + off,
		                 cap, runs[_i].policy);
		ck_assert_msg(
			r.status == q.status && r.in == q.in &&
				r.out == q.out && r.errors == q.errors,
			"%s: status %d in %zu out %zu, scalar %d %zu %zu",
			ub_simd_name(levels[j]), (int)r.status, r.in, r.out,
			(int)q.status, q.in, q.out);
		for (k = 0; k < off; k++)
			ck_assert_uint_eq(out[k], 0xA5);
		for (k = 0; k < q.out && out[off + k] == want[off + k]; k++)
			;
		ck_assert_msg(k == q.out, "%s: output differs at byte %zu",
		              ub_simd_name(levels[j]), k);
		free(out);
	}
	free(want);
	free(s);
}
END_TEST

/* Every sample text of the tree: data/ and the CLI cases' inputs. */
START_TEST(test_samples)
{
	static const char *const dirs[] = {"data", "data/bench", "tests/cli"};
	char path[4096];
	struct dirent *de;
	size_t n, len;
	char *text;
	uint8_t *u;
	DIR *d;

	snprintf(path, sizeof path, "%s/%s", tu_top(), dirs[_i]);
	d = opendir(path);
	ck_assert_msg(d != NULL, "cannot open %s", path);
	while ((de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.')
			continue;
		if (_i == 2 && strstr(de->d_name, ".in") == NULL)
			continue;
		snprintf(path, sizeof path, "%s/%s/%s", tu_top(), dirs[_i],
		         de->d_name);
		text = tu_slurp_suffix(path, "", &n);
		if (text == NULL)
			continue; /* a directory */
		if (n > 300000)
			n = 300000;
		check_utf8((const uint8_t *)text, n);
		u = to_utf16((const uint8_t *)text, n, UB_LE, &len);
		check_utf16(u, len, UB_LE);
		free(u);
		u = to_wide((const uint8_t *)text, n, UB_BE, true, &len);
		check_utf32(u, len, UB_BE);
		free(u);
		free(text);
	}
	closedir(d);
}
END_TEST

START_TEST(test_levels)
{
	const char *env = getenv("UB_SIMD");

	/* The API: the scalar level always exists and can be chosen. */
	ck_assert(ub_simd_supported(UB_SIMD_SCALAR));
	ck_assert_int_eq(ub_simd_select(UB_SIMD_SCALAR), UB_OK);
	ck_assert_int_eq(ub_simd_level(), UB_SIMD_SCALAR);
	ck_assert_str_eq(ub_simd_name(UB_SIMD_AVX512), "avx512");
	ck_assert_ptr_null(ub_simd_name((ub_simd)7));
	ck_assert_int_eq(ub_simd_select((ub_simd)7), UB_E_INVALID_ARG);
	for (size_t j = 0; j < nlevels; j++) {
		ck_assert_int_eq(ub_simd_select(levels[j]), UB_OK);
		ck_assert_int_eq(ub_simd_level(), levels[j]);
	}
	if (nlevels == 0)
		fprintf(stderr,
		        "simd: this CPU has no vector level; only the "
		        "scalar code was tested%s%s\n",
		        env != NULL ? ", UB_SIMD=" : "",
		        env != NULL ? env : "");
}
END_TEST

Suite *
simd_suite(void)
{
	Suite *s = suite_create("simd");
	TCase *tc = tcase_create("kernels");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 600);
	tcase_add_test(tc, test_levels);
	tcase_add_loop_test(tc, test_error_every_offset, 0, (int)LEN(bad8));
	tcase_add_loop_test(tc, test_error_every_offset_chunks, 0,
	                    (int)LEN(cut8));
	tcase_add_loop_test(tc, test_subpart_cases, 0,
	                    (int)LEN(subpart_cases));
	tcase_add_loop_test(tc, test_random_valid, 0, 360 / (int)stride());
	tcase_add_loop_test(tc, test_random_corrupt, 0, 360 / (int)stride());
	tcase_add_loop_test(tc, test_utf16, 0, 200 / (int)stride());
	tcase_add_loop_test(tc, test_utf32, 0, 200 / (int)stride());
	tcase_add_loop_test(tc, test_samples, 0, 3);
	tcase_add_loop_test(tc, test_long, 0, 5);
	tcase_add_loop_test(tc, test_big_output, 0, 7);
	suite_add_tcase(s, tc);
	return s;
}
