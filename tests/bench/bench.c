/*
 * bench.c - unibits against ICU, glibc iconv, utf8proc and memcpy on the
 * texts of data/bench/, in one run (`make bench`).
 *
 * Each text is repeated in memory to BENCH_MB MiB (default 24).  Every
 * implementation's output is checked against the scalar unibits result
 * before anything is timed; then each (operation, input,
 * implementation) runs BENCH_REPS times (default 5) and the median is
 * printed in GB/s of input, with unibits/ICU and unibits/memcpy ratios
 * per input and their geometric mean.  unibits runs at every dispatch
 * level the CPU has (ub_simd_select).
 *
 *   bench [DIR]                    the tables (DIR: data/bench)
 *   bench --once OP IMPL [DIR]     one run of one operation on 4 MiB of
 *                                  the mixed text, for callgrind
 */
#define _POSIX_C_SOURCE 200809L
#include <dirent.h>
#include <iconv.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <unicode/ucnv.h>
#include <unicode/ustring.h>
#include <unicode/utf8.h>
#include <utf8proc.h>

#include <unibits.h>

enum op { VALIDATE, U8_U16, U16_U8, U8_U32, U32_U8, COUNT, NOPS };

static const char *const op_title[NOPS] = {
    "validate UTF-8",    "UTF-8 -> UTF-16LE", "UTF-16LE -> UTF-8",
    "UTF-8 -> UTF-32LE", "UTF-32LE -> UTF-8", "count code points"};
static const char *const op_name[NOPS] = {
    "validate", "utf8-utf16", "utf16-utf8", "utf8-utf32", "utf32-utf8",
    "count"};

struct input {
	char name[64];
	uint8_t *u8, *u16, *u32;
	size_t n8, n16, n32;
};

/* An implementation: runs op on in into out; returns the output size
 * (bytes, or the count / 1 for valid), or (size_t)-1 if it cannot. */
typedef size_t (*impl_fn)(enum op op, const struct input *in, uint8_t *out,
                          size_t cap);

/* ---- unibits ---- */

static size_t
unibits(enum op op, const struct input *in, uint8_t *out, size_t cap)
{
	ub_result r;

	switch (op) {
	case VALIDATE:
		r = ub_utf8_validate(in->u8, in->n8);
		return r.status == UB_OK ? r.out : 0;
	case U8_U16:
		r = ub_transcode(UB_UTF16LE, UB_UTF8, in->u8, in->n8, out, cap,
		                 UB_STRICT);
		return r.status == UB_OK ? r.out : 0;
	case U16_U8:
		r = ub_transcode(UB_UTF8, UB_UTF16LE, in->u16, in->n16, out,
		                 cap, UB_STRICT);
		return r.status == UB_OK ? r.out : 0;
	case U8_U32:
		r = ub_transcode(UB_UTF32LE, UB_UTF8, in->u8, in->n8, out, cap,
		                 UB_STRICT);
		return r.status == UB_OK ? r.out : 0;
	case U32_U8:
		r = ub_transcode(UB_UTF8, UB_UTF32LE, in->u32, in->n32, out,
		                 cap, UB_STRICT);
		return r.status == UB_OK ? r.out : 0;
	case COUNT:
		return ub_utf8_count(in->u8, in->n8);
	default:
		return (size_t)-1;
	}
}

/* ---- ICU: the UTF-8 macros and the string functions ---- */

static size_t
icu(enum op op, const struct input *in, uint8_t *out, size_t cap)
{
	const uint8_t *s = in->u8;
	int32_t i = 0, n = (int32_t)in->n8, len = 0;
	UErrorCode err = U_ZERO_ERROR;
	size_t count = 0;
	UChar32 c;

	switch (op) {
	case VALIDATE:
		while (i < n) {
			U8_NEXT(s, i, n, c);
			if (c < 0)
				return 0;
			count++;
		}
		return count;
	case U8_U32: {
		UChar32 *d = (UChar32 *)(void *)out;

		while (i < n) {
			U8_NEXT(s, i, n, c);
			if (c < 0)
				return 0;
			d[count++] = c;
		}
		return 4 * count;
	}
	case U32_U8: {
		/* U8_APPEND refuses surrogates and values past 10FFFF */
		const uint32_t *u = (const uint32_t *)(const void *)in->u32;
		size_t k, m = in->n32 / 4;
		UBool bad = false;

		for (k = 0; k < m; k++) {
			U8_APPEND(out, len, (int32_t)cap, (UChar32)u[k], bad);
			if (bad)
				return 0;
		}
		return (size_t)len;
	}
	case U8_U16:
		u_strFromUTF8((UChar *)(void *)out, (int32_t)(cap / 2), &len,
		              (const char *)s, n, &err);
		return U_SUCCESS(err) ? 2 * (size_t)len : 0;
	case U16_U8:
		u_strToUTF8((char *)out, (int32_t)cap, &len,
		            (const UChar *)(const void *)in->u16,
		            (int32_t)(in->n16 / 2), &err);
		return U_SUCCESS(err) ? (size_t)len : 0;
	default:
		return (size_t)-1;
	}
}

/* ---- ICU: the converter API (ucnv_convertEx), as uconv uses it ---- */

static UConverter *cnv8, *cnv16, *cnv32;

static size_t
icu_ucnv(enum op op, const struct input *in, uint8_t *out, size_t cap)
{
	UErrorCode err = U_ZERO_ERROR;
	const char *src;
	char *dst = (char *)out;

	if (cnv8 == NULL) {
		cnv8 = ucnv_open("UTF-8", &err);
		cnv16 = ucnv_open("UTF-16LE", &err);
		cnv32 = ucnv_open("UTF-32LE", &err);
		ucnv_setToUCallBack(cnv8, UCNV_TO_U_CALLBACK_STOP, NULL, NULL,
		                    NULL, &err);
		ucnv_setToUCallBack(cnv16, UCNV_TO_U_CALLBACK_STOP, NULL, NULL,
		                    NULL, &err);
		ucnv_setToUCallBack(cnv32, UCNV_TO_U_CALLBACK_STOP, NULL, NULL,
		                    NULL, &err);
	}
	switch (op) {
	case U8_U16:
		src = (const char *)in->u8;
		ucnv_convertEx(cnv16, cnv8, &dst, (char *)out + cap, &src,
		               src + in->n8, NULL, NULL, NULL, NULL, true,
		               true, &err);
		break;
	case U16_U8:
		src = (const char *)in->u16;
		ucnv_convertEx(cnv8, cnv16, &dst, (char *)out + cap, &src,
		               src + in->n16, NULL, NULL, NULL, NULL, true,
		               true, &err);
		break;
	case U32_U8:
		src = (const char *)in->u32;
		ucnv_convertEx(cnv8, cnv32, &dst, (char *)out + cap, &src,
		               src + in->n32, NULL, NULL, NULL, NULL, true,
		               true, &err);
		break;
	default:
		return (size_t)-1;
	}
	return U_SUCCESS(err) ? (size_t)(dst - (char *)out) : 0;
}

/* ---- glibc iconv ---- */

static iconv_t cd[NOPS];

static size_t
glibc_iconv(enum op op, const struct input *in, uint8_t *out, size_t cap)
{
	static const char *const to[NOPS] = {"UTF-8", "UTF-16LE", "UTF-8",
	                                     "UTF-32LE", "UTF-8", NULL};
	char *src, *dst = (char *)out;
	size_t left, room = cap;

	if (to[op] == NULL)
		return (size_t)-1;
	if (cd[op] == NULL)
		cd[op] = iconv_open(to[op], op == U16_U8   ? "UTF-16LE"
		                            : op == U32_U8 ? "UTF-32LE"
		                                           : "UTF-8");
	if (op == U16_U8) {
		src = (char *)in->u16;
		left = in->n16;
	} else if (op == U32_U8) {
		src = (char *)in->u32;
		left = in->n32;
	} else {
		src = (char *)in->u8;
		left = in->n8;
	}
	iconv(cd[op], NULL, NULL, NULL, NULL);
	if (iconv(cd[op], &src, &left, &dst, &room) == (size_t)-1)
		return 0;
	return op == VALIDATE ? 1 : cap - room;
}

/* ---- utf8proc ---- */

static size_t
utf8proc(enum op op, const struct input *in, uint8_t *out, size_t cap)
{
	const uint8_t *s = in->u8;
	size_t i = 0, n = in->n8, count = 0;
	utf8proc_int32_t c, *d = (utf8proc_int32_t *)(void *)out;
	utf8proc_ssize_t k;

	(void)cap;
	if (op != VALIDATE && op != U8_U32 && op != COUNT)
		return (size_t)-1;
	while (i < n) {
		k = utf8proc_iterate(s + i, (utf8proc_ssize_t)(n - i), &c);
		if (k < 0)
			return 0;
		if (op == U8_U32)
			d[count] = c;
		count++;
		i += (size_t)k;
	}
	return op == U8_U32 ? 4 * count : count;
}

/* ---- memcpy of the operation's input ---- */

static size_t
copy(enum op op, const struct input *in, uint8_t *out, size_t cap)
{
	(void)cap;
	if (op == U16_U8) {
		memcpy(out, in->u16, in->n16);
		return in->n16;
	}
	if (op == U32_U8) {
		memcpy(out, in->u32, in->n32);
		return in->n32;
	}
	memcpy(out, in->u8, in->n8);
	return in->n8;
}

/* ---- the table of contenders ---- */

struct impl {
	const char *name;
	impl_fn fn;
	int level;    /* unibits: the ub_simd level; else -1 */
	unsigned ops; /* bit op: it does op */
};

#define ALL ((1u << NOPS) - 1)
#define B(op) (1u << (op))
static struct impl impls[] = {
    {"scalar", unibits, UB_SIMD_SCALAR, ALL},
    {"avx2", unibits, UB_SIMD_AVX2, ALL},
    {"avx512", unibits, UB_SIMD_AVX512, ALL},
    {"ICU", icu, -1, ALL & ~B(COUNT)},
    {"ICUucnv", icu_ucnv, -1, B(U8_U16) | B(U16_U8) | B(U32_U8)},
    {"iconv", glibc_iconv, -1, ALL & ~B(COUNT)},
    {"utf8proc", utf8proc, -1, B(VALIDATE) | B(U8_U32) | B(COUNT)},
    {"memcpy", copy, -1, ALL},
};
#define NIMPL (sizeof impls / sizeof impls[0])

/* Whether name is in the comma-separated list of the environment
 * variable var (unset or empty: everything is). */
static bool
listed(const char *var, const char *name)
{
	const char *env = getenv(var), *p;
	size_t k = strlen(name);

	if (env == NULL || *env == '\0')
		return true;
	for (p = strstr(env, name); p != NULL; p = strstr(p + 1, name))
		if ((p == env || p[-1] == ',') &&
		    (p[k] == '\0' || p[k] == ','))
			return true;
	return false;
}

static bool
usable(const struct impl *im, enum op op)
{
	return (im->ops & B(op)) != 0 &&
	       (im->level < 0 || ub_simd_supported((ub_simd)im->level)) &&
	       listed("BENCH_IMPLS", im->name);
}

static size_t
run(const struct impl *im, enum op op, const struct input *in, uint8_t *out,
    size_t cap)
{
	if (im->level >= 0)
		ub_simd_select((ub_simd)im->level);
	return im->fn(op, in, out, cap);
}

static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static uint8_t *
slurp(const char *path, size_t *n)
{
	FILE *f = fopen(path, "rb");
	uint8_t *buf = NULL;
	size_t cap = 0, len = 0, k;

	if (f == NULL)
		return NULL;
	do {
		if (len == cap) {
			cap = cap * 2 + 4096;
			buf = realloc(buf, cap);
			if (buf == NULL)
				exit(1);
		}
		k = fread(buf + len, 1, cap - len, f);
		len += k;
	} while (k > 0);
	fclose(f);
	*n = len;
	return buf;
}

/* Text repeated to size bytes (whole copies, then whole characters). */
static void
make_input(struct input *in, const char *name, const uint8_t *text, size_t n,
           size_t size)
{
	ub_result r;
	size_t len = 0, k;

	snprintf(in->name, sizeof in->name, "%s", name);
	in->u8 = malloc(size + 4);
	while (len < size) {
		k = size - len < n ? size - len : n;
		memcpy(in->u8 + len, text, k);
		len += k;
	}
	/* Do not end inside a character. */
	while (len > 0 && (in->u8[len - 1] & 0xC0) == 0x80)
		len--;
	if (len > 0 && in->u8[len - 1] >= 0xC0)
		len--;
	in->n8 = len;
	ub_simd_select(UB_SIMD_SCALAR);
	r = ub_transcode_length(UB_UTF16LE, UB_UTF8, in->u8, len, UB_STRICT);
	if (r.status != UB_OK) {
		fprintf(stderr, "bench: %s is not valid UTF-8\n", name);
		exit(1);
	}
	in->n16 = r.out;
	in->u16 = malloc(in->n16);
	ub_transcode(UB_UTF16LE, UB_UTF8, in->u8, len, in->u16, in->n16,
	             UB_STRICT);
	in->n32 = ub_transcode_length(UB_UTF32LE, UB_UTF8, in->u8, len,
	                              UB_STRICT)
	                  .out;
	in->u32 = malloc(in->n32);
	ub_transcode(UB_UTF32LE, UB_UTF8, in->u8, len, in->u32, in->n32,
	             UB_STRICT);
}

static size_t
load_inputs(const char *dir, struct input *ins, size_t max, size_t size)
{
	char path[4096], *names[64];
	struct dirent *de;
	size_t n = 0, len, i, j;
	uint8_t *text;
	DIR *d = opendir(dir);

	if (d == NULL) {
		fprintf(stderr, "bench: cannot open %s\n", dir);
		exit(1);
	}
	while ((de = readdir(d)) != NULL && n < 64) {
		len = strlen(de->d_name);
		if (len > 4 && strcmp(de->d_name + len - 4, ".txt") == 0)
			names[n++] = strdup(de->d_name);
	}
	closedir(d);
	for (i = 1; i < n; i++) /* sort by name */
		for (j = i; j > 0 && strcmp(names[j - 1], names[j]) > 0; j--) {
			char *t = names[j];

			names[j] = names[j - 1];
			names[j - 1] = t;
		}
	for (i = 0; i < n && i < max; i++) {
		snprintf(path, sizeof path, "%s/%s", dir, names[i]);
		text = slurp(path, &len);
		names[i][strlen(names[i]) - 4] = '\0';
		make_input(&ins[i], names[i], text, len, size);
		free(text);
		free(names[i]);
	}
	return i < max ? i : max;
}

/* The input bytes an operation reads. */
static size_t
in_bytes(enum op op, const struct input *in)
{
	return op == U16_U8 ? in->n16 : op == U32_U8 ? in->n32 : in->n8;
}

/* The unibits answer every other must match. */
static bool
verify(enum op op, const struct input *in, uint8_t *ref, uint8_t *out,
       size_t cap)
{
	size_t i, want, got;
	bool ok = true;

	want = run(&impls[0], op, in, ref, cap);
	if (want == 0 && in->n8 > 0) {
		fprintf(stderr, "bench: %s %s: the scalar code fails\n",
		        op_name[op], in->name);
		return false;
	}
	for (i = 1; i < NIMPL; i++) {
		if (!usable(&impls[i], op) || impls[i].fn == copy)
			continue;
		got = run(&impls[i], op, in, out, cap);
		if (op == VALIDATE && impls[i].level < 0 && got != 0)
			continue; /* others only say valid */
		if (got != want || (op != VALIDATE && op != COUNT &&
		                    memcmp(out, ref, want) != 0)) {
			fprintf(stderr,
			        "bench: %s on %s: %s differs from the scalar "
			        "reference (%zu vs %zu)\n",
			        op_name[op], in->name, impls[i].name, got,
			        want);
			ok = false;
		}
	}
	return ok;
}

static double
measure(const struct impl *im, enum op op, const struct input *in,
        uint8_t *out, size_t cap, int reps)
{
	double t[64], t0;
	int r;

	run(im, op, in, out, cap); /* warm up */
	for (r = 0; r < reps; r++) {
		t0 = now();
		run(im, op, in, out, cap);
		t[r] = now() - t0;
	}
	qsort(t, (size_t)reps, sizeof t[0], cmp_double);
	return (double)in_bytes(op, in) / t[reps / 2] / 1e9;
}

/* The ICU column a ratio is taken against, for each operation. */
static const char *const icu_ref[NOPS] = {"ICU", "ICU", "ICU",
                                          "ICU", "ICU", NULL};

/* BENCH_OPS=validate,count,... limits the run to those operations. */
static bool
wanted(enum op op)
{
	return listed("BENCH_OPS", op_name[op]);
}

static int
tables(const char *dir)
{
	static struct input ins[16];
	const char *env = getenv("BENCH_MB");
	size_t mb = env != NULL ? strtoul(env, NULL, 10) : 24;
	int reps =
	    getenv("BENCH_REPS") != NULL ? atoi(getenv("BENCH_REPS")) : 5;
	size_t nin, cap, i, j, best;
	double gbs[16][NIMPL], lg[NIMPL], lr_icu, lr_mem;
	uint8_t *ref, *out;
	int icu_col, mem_col, nratio;
	enum op op;

	if (reps < 1 || reps > 63)
		reps = 5;
	nin = load_inputs(dir, ins, 16, mb << 20);
	cap = 4 * (mb << 20) + 64;
	ref = malloc(cap);
	out = malloc(cap);
	if (ref == NULL || out == NULL)
		return 1;
	for (op = 0; op < NOPS; op++)
		for (i = 0; i < nin && wanted(op); i++)
			if (!verify(op, &ins[i], ref, out, cap))
				return 1;
	/* the ratios are of the best level here that is measured */
	best = ub_simd_supported(UB_SIMD_AVX512) ? 2
	       : ub_simd_supported(UB_SIMD_AVX2) ? 1
	                                         : 0;
	while (best > 0 && !listed("BENCH_IMPLS", impls[best].name))
		best--;
	printf("unibits %s; best level here: %s; %zu MiB per input, median "
	       "of %d runs, GB/s of input\n",
	       UB_VERSION_STRING, ub_simd_name((ub_simd)best), mb, reps);
	printf("every output was checked against the scalar unibits "
	       "result first\n");
	for (op = 0; op < NOPS; op++) {
		if (!wanted(op))
			continue;
		printf("\n%s\n%-9s", op_title[op], "input");
		icu_col = mem_col = -1;
		for (j = 0; j < NIMPL; j++) {
			lg[j] = 0;
			if (!usable(&impls[j], op))
				continue;
			printf(" %8s", impls[j].name);
			if (icu_ref[op] != NULL &&
			    strcmp(impls[j].name, icu_ref[op]) == 0)
				icu_col = (int)j;
			if (impls[j].fn == copy)
				mem_col = (int)j;
		}
		printf(" | %s/ICU %s/memcpy\n", impls[best].name,
		       impls[best].name);
		lr_icu = lr_mem = 0;
		nratio = 0;
		for (i = 0; i < nin; i++) {
			printf("%-9s", ins[i].name);
			for (j = 0; j < NIMPL; j++) {
				gbs[i][j] = 0;
				if (!usable(&impls[j], op))
					continue;
				gbs[i][j] = measure(&impls[j], op, &ins[i],
				                    out, cap, reps);
				lg[j] += log(gbs[i][j]);
				printf(" %8.2f", gbs[i][j]);
				fflush(stdout);
			}
			printf(" |");
			if (icu_col >= 0)
				printf(" %9.1fx",
				       gbs[i][best] / gbs[i][icu_col]);
			else
				printf(" %10s", "-");
			if (mem_col >= 0)
				printf(" %12.2fx\n",
				       gbs[i][best] / gbs[i][mem_col]);
			else
				printf(" %13s\n", "-");
			if (icu_col >= 0)
				lr_icu += log(gbs[i][best] / gbs[i][icu_col]);
			if (mem_col >= 0)
				lr_mem += log(gbs[i][best] / gbs[i][mem_col]);
			nratio++;
		}
		printf("%-9s", "geomean");
		for (j = 0; j < NIMPL; j++)
			if (usable(&impls[j], op))
				printf(" %8.2f", exp(lg[j] / (double)nin));
		printf(" |");
		if (icu_col >= 0)
			printf(" %9.1fx", exp(lr_icu / nratio));
		else
			printf(" %10s", "-");
		if (mem_col >= 0)
			printf(" %12.2fx\n", exp(lr_mem / nratio));
		else
			printf(" %13s\n", "-");
	}
	return 0;
}

/* One run for callgrind: the toggle-collect target. */
__attribute__((noinline)) size_t bench_once(const struct impl *im, enum op op,
                                            const struct input *in,
                                            uint8_t *out, size_t cap);

__attribute__((noinline)) size_t
bench_once(const struct impl *im, enum op op, const struct input *in,
           uint8_t *out, size_t cap)
{
	return im->fn(op, in, out, cap);
}

static int
once(const char *opname, const char *implname, const char *dir)
{
	static struct input in;
	char path[4096];
	size_t n, cap, r;
	uint8_t *text, *out;
	int op, j;

	for (op = 0; op < NOPS && strcmp(op_name[op], opname) != 0; op++)
		;
	for (j = 0; j < (int)NIMPL && strcmp(impls[j].name, implname) != 0;
	     j++)
		;
	if (op == NOPS || j == (int)NIMPL) {
		fprintf(stderr,
		        "bench: unknown operation or implementation\n");
		return 2;
	}
	snprintf(path, sizeof path, "%s/mixed.txt", dir);
	text = slurp(path, &n);
	if (text == NULL)
		return 1;
	make_input(&in, "mixed", text, n, 4u << 20);
	cap = 4 * in.n8 + 64;
	out = malloc(cap);
	if (impls[j].level >= 0 &&
	    ub_simd_select((ub_simd)impls[j].level) != UB_OK) {
		fprintf(stderr, "bench: level %s not available\n", implname);
		return 1;
	}
	if (!usable(&impls[j], (enum op)op))
		return 1;
	run(&impls[j], (enum op)op, &in, out, cap); /* set-up costs out */
	r = bench_once(&impls[j], (enum op)op, &in, out, cap);
	(void)r;
	printf("%zu\n", in_bytes((enum op)op, &in));
	return 0;
}

int
main(int argc, char **argv)
{
	if (argc >= 4 && strcmp(argv[1], "--once") == 0)
		return once(argv[2], argv[3],
		            argc > 4 ? argv[4] : "data/bench");
	return tables(argc > 1 ? argv[1] : "data/bench");
}
