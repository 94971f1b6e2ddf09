/*
 * check_charset_icu.c - conversions through the ICU backend, checked
 * against an independent reference: glibc's iconv(3) and its charmap
 * files (/usr/share/i18n/charmaps, Debian's locales package), never
 * ICU against itself.
 *
 *   samples   the texts in data/conv/ (one per charset, in the
 *             languages it serves) both ways, byte for byte, whole, byte
 *             by byte and in random pieces
 *   charmap   every mapping of glibc's charmap both ways; where ICU and
 *             glibc disagree the difference is listed below by name, and
 *             what ICU reads that glibc does not is counted by range
 *   policy    unmappable and invalid input under each policy, with the
 *             exact output and the error positions
 *   chunks    the same errors at the same places however input is split
 *             and however small the output buffer
 *   names     the list behind `unibits encodings`
 */
#define _POSIX_C_SOURCE 200809L
#include <iconv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <check.h>

#include "internal.h"
#include "suites.h"
#include "testutil.h"

/* ------------------------------------------------------------------ */
/* Running a conversion                                                */
/* ------------------------------------------------------------------ */

#define MAX_ERRS 256

struct run {
	uint8_t *out;
	size_t nout, capout;
	ub_conv_error errs[MAX_ERRS];
	size_t nerr;
	ub_status status; /* UB_OK, or the strict failure */
};

static void
collect(void *ctx, const ub_conv_error *e)
{
	struct run *r = ctx;

	if (r->nerr < MAX_ERRS)
		r->errs[r->nerr++] = *e;
}

static void
append(struct run *r, const uint8_t *p, size_t n)
{
	if (r->nout + n > r->capout) {
		r->capout = (r->nout + n) * 2 + 64;
		r->out = realloc(r->out, r->capout);
		ck_assert_ptr_nonnull(r->out);
	}
	if (n > 0)
		memcpy(r->out + r->nout, p, n);
	r->nout += n;
}

/* Feed one piece (all of it, through a dst of outcap bytes). */
static bool
feed(ub_conv *cv, struct run *r, const uint8_t *s, size_t n, bool last,
     size_t outcap)
{
	uint8_t buf[4096];
	const uint8_t *p = tu_exact(s, n);
	size_t pos = 0;
	ub_result res;

	ck_assert(outcap <= sizeof(buf));
	do {
		res = ub_conv_feed(cv, p + pos, n - pos, buf, outcap, last);
		append(r, buf, res.out);
		pos += res.in;
	} while (res.status == UB_E_OUTPUT_FULL);
	free((void *)p);
	if (res.status != UB_OK) {
		r->status = res.status;
		return false;
	}
	ck_assert_uint_eq(pos, n);
	return true;
}

enum split { WHOLE, BYTES, RANDOM };

/*
 * Convert src[0..n) whole, byte by byte, or in random pieces (seeded);
 * outcap 0 means a roomy dst, anything else a dst that small.
 */
static void
convert(struct run *r, const char *to, const char *from, ub_policy pol,
        const uint8_t *src, size_t n, enum split how, uint64_t seed,
        size_t outcap)
{
	ub_conv *cv;
	size_t i = 0, k;
	bool ok = true;

	memset(r, 0, sizeof(*r));
	ck_assert_int_eq(ub_conv_open(&cv, to, from, pol, UB_BOM_KEEP), UB_OK);
	ub_conv_on_error(cv, collect, r);
	if (outcap == 0)
		outcap = 4096;
	while (ok && i < n) {
		k = how == WHOLE   ? n - i
		    : how == BYTES ? 1
		                   : 1 + (size_t)(tu_rand(&seed) % 17);
		if (k > n - i)
			k = n - i;
		ok = feed(cv, r, src + i, k, false, outcap);
		i += k;
	}
	if (ok)
		feed(cv, r, src + n, 0, true, outcap);
	ub_conv_close(cv);
}

static void
run_free(struct run *r)
{
	free(r->out);
	r->out = NULL;
}

static void
same_errors(const struct run *a, const struct run *b, const char *what)
{
	size_t i;

	ck_assert_msg(a->nerr == b->nerr, "%s: %zu errors vs %zu", what,
	              a->nerr, b->nerr);
	for (i = 0; i < a->nerr; i++) {
		const ub_conv_error *x = &a->errs[i], *y = &b->errs[i];

		ck_assert_msg(
			x->status == y->status && x->offset == y->offset &&
				x->line == y->line && x->column == y->column &&
				x->nbytes == y->nbytes &&
				memcmp(x->bytes, y->bytes, x->nbytes) == 0 &&
				x->cp == y->cp,
			"%s: error %zu differs: %s at %llu (%llu:%llu) vs "
			"%s at %llu (%llu:%llu)",
			what, i, ub_status_name(x->status),
			(unsigned long long)x->offset,
			(unsigned long long)x->line,
			(unsigned long long)x->column,
			ub_status_name(y->status),
			(unsigned long long)y->offset,
			(unsigned long long)y->line,
			(unsigned long long)y->column);
	}
}

static void
same_run(const struct run *a, const struct run *b, const char *what)
{
	ck_assert_msg(a->status == b->status, "%s: status %s vs %s", what,
	              ub_status_name(a->status), ub_status_name(b->status));
	ck_assert_msg(a->nout == b->nout &&
	                      memcmp(a->out, b->out, a->nout) == 0,
	              "%s: output differs (%zu vs %zu bytes)", what, a->nout,
	              b->nout);
	same_errors(a, b, what);
}

/* ------------------------------------------------------------------ */
/* The reference: glibc                                                */
/* ------------------------------------------------------------------ */

/* glibc iconv(3), strict.  Returns a malloc'd buffer, NULL on error. */
static uint8_t *
glibc_iconv(const char *to, const char *from, const uint8_t *src, size_t n,
            size_t *nout)
{
	iconv_t cd = iconv_open(to, from);
	size_t cap = n * 4 + 16, left = cap, inleft = n;
	uint8_t *out = malloc(cap);
	char *ip = (char *)src, *op = (char *)out;

	ck_assert_msg(cd != (iconv_t)-1, "glibc iconv lacks %s or %s", to,
	              from);
	if (iconv(cd, &ip, &inleft, &op, &left) == (size_t)-1 ||
	    iconv(cd, NULL, NULL, &op, &left) == (size_t)-1) {
		free(out);
		out = NULL;
	}
	iconv_close(cd);
	*nout = cap - left;
	return out;
}

static uint8_t *
slurp(const char *rel, size_t *n)
{
	char base[4096];
	uint8_t *p;

	snprintf(base, sizeof(base), "%s/%s", tu_top(), rel);
	p = (uint8_t *)tu_slurp_suffix(base, "", n);
	ck_assert_msg(p != NULL, "cannot read %s", base);
	return p;
}

/* ------------------------------------------------------------------ */
/* samples                                                             */
/* ------------------------------------------------------------------ */

static const struct sample {
	const char *stem;    /* data/conv/STEM.utf8 and data/conv/STEM */
	const char *name;    /* as given to unibits */
	const char *glibc;   /* as given to glibc */
	const char *charmap; /* /usr/share/i18n/charmaps/CHARMAP.gz */
} samples[] = {
	{"fr.windows-1252", "windows-1252", "CP1252", "CP1252"},
	{"cs.iso-8859-2", "ISO-8859-2", "ISO-8859-2", "ISO-8859-2"},
	{"ru.koi8-r", "KOI8-R", "KOI8-R", "KOI8-R"},
	{"ja.shift_jis", "Shift_JIS", "SHIFT_JIS", "SHIFT_JIS"},
	{"ja.euc-jp", "EUC-JP", "EUC-JP", "EUC-JP"},
	{"zh.gb18030", "GB18030", "GB18030", "GB18030"},
	{"zh.big5", "Big5", "BIG5", "BIG5"},
	{"en.ibm037", "IBM037", "IBM037", "IBM037"},
};

START_TEST(sample_case)
{
	const struct sample *s = &samples[_i];
	char path[256];
	uint8_t *utf8, *enc, *ref;
	size_t nutf8, nenc, nref;
	struct run whole, other;
	enum split how;

	snprintf(path, sizeof(path), "data/conv/%s.utf8", s->stem);
	utf8 = slurp(path, &nutf8);
	snprintf(path, sizeof(path), "data/conv/%s", s->stem);
	enc = slurp(path, &nenc);
	ck_assert_uint_gt(nutf8, 1000);

	/* The committed file is what glibc writes... */
	ref = glibc_iconv(s->glibc, "UTF-8", utf8, nutf8, &nref);
	ck_assert_msg(ref != NULL && nref == nenc &&
	                      memcmp(ref, enc, nenc) == 0,
	              "%s: data file differs from glibc's output", s->stem);
	free(ref);
	ref = glibc_iconv("UTF-8", s->glibc, enc, nenc, &nref);
	ck_assert_msg(ref != NULL && nref == nutf8 &&
	                      memcmp(ref, utf8, nutf8) == 0,
	              "%s: glibc does not read it back", s->stem);
	free(ref);

	/* ... and unibits writes and reads the same bytes, however fed. */
	for (how = WHOLE; how <= RANDOM; how++) {
		convert(&whole, s->name, "UTF-8", UB_STRICT, utf8, nutf8, how,
		        _i + 1, how == RANDOM ? 7 : 0);
		ck_assert_msg(whole.status == UB_OK && whole.nerr == 0,
		              "%s: %u errors writing", s->stem,
		              (unsigned)whole.nerr);
		ck_assert_msg(
			whole.nout == nenc &&
				memcmp(whole.out, enc, nenc) == 0,
			"%s: written bytes differ from glibc's (split %d)",
			s->stem, (int)how);
		run_free(&whole);
		convert(&other, "UTF-8", s->name, UB_STRICT, enc, nenc, how,
		        _i + 1, how == RANDOM ? 5 : 0);
		ck_assert_msg(other.status == UB_OK && other.nerr == 0,
		              "%s: %u errors reading", s->stem,
		              (unsigned)other.nerr);
		ck_assert_msg(other.nout == nutf8 &&
		                      memcmp(other.out, utf8, nutf8) == 0,
		              "%s: read text differs from glibc's (split %d)",
		              s->stem, (int)how);
		run_free(&other);
	}
	/* Built-in targets too: UTF-16LE straight from the legacy bytes. */
	ref = glibc_iconv("UTF-16LE", s->glibc, enc, nenc, &nref);
	convert(&whole, "UTF-16LE", s->name, UB_STRICT, enc, nenc, BYTES, 0,
	        3);
	ck_assert(ref != NULL && whole.nout == nref &&
	          memcmp(whole.out, ref, nref) == 0);
	free(ref);
	run_free(&whole);
	free(utf8);
	free(enc);
}
END_TEST

/* ------------------------------------------------------------------ */
/* charmap                                                             */
/* ------------------------------------------------------------------ */

/*
 * Every place where ICU and glibc's charmap disagree on a mapping.
 * 'd': glibc reads BYTES as CP, ICU as the code point ICU (hex).
 * 'e': glibc writes CP as BYTES, ICU as the bytes ICU ("" = ICU cannot
 * write CP at all).  windows-1252, ISO-8859-2, KOI8-R and IBM037 agree
 * on every mapping the charmap has.
 */
static const struct diff {
	const char *charmap;
	char dir;
	uint32_t cp;
	const char *bytes;
	const char *icu;
} diffs[] = {
	/* Shift_JIS.  ICU's Shift_JIS is IBM-943 (Microsoft's cp932 with
         * IBM's control codes): 1A, 1C and 7F are rotated, 5C and 7E are
         * ASCII (glibc: JIS X 0201 yen sign and overline), and six JIS X 0208
         * symbols take Microsoft's fullwidth forms (the "wave dash"
         * problem); ICU cannot write glibc's code points for them at all. */
	{"SHIFT_JIS", 'd', 0x001A, "1A", "001C"},
	{"SHIFT_JIS", 'e', 0x001A, "1A", "7F"},
	{"SHIFT_JIS", 'd', 0x001C, "1C", "007F"},
	{"SHIFT_JIS", 'e', 0x001C, "1C", "1A"},
	{"SHIFT_JIS", 'd', 0x00A5, "5C", "005C"},
	{"SHIFT_JIS", 'e', 0x00A5, "5C", ""},
	{"SHIFT_JIS", 'd', 0x203E, "7E", "007E"},
	{"SHIFT_JIS", 'e', 0x203E, "7E", ""},
	{"SHIFT_JIS", 'd', 0x007F, "7F", "001A"},
	{"SHIFT_JIS", 'e', 0x007F, "7F", "1C"},
	{"SHIFT_JIS", 'd', 0x301C, "8160", "FF5E"},
	{"SHIFT_JIS", 'e', 0x301C, "8160", ""},
	{"SHIFT_JIS", 'd', 0x2016, "8161", "2225"},
	{"SHIFT_JIS", 'e', 0x2016, "8161", ""},
	{"SHIFT_JIS", 'd', 0x2212, "817C", "FF0D"},
	{"SHIFT_JIS", 'e', 0x2212, "817C", ""},
	{"SHIFT_JIS", 'd', 0x00A2, "8191", "FFE0"},
	{"SHIFT_JIS", 'e', 0x00A2, "8191", ""},
	{"SHIFT_JIS", 'd', 0x00A3, "8192", "FFE1"},
	{"SHIFT_JIS", 'e', 0x00A3, "8192", ""},
	{"SHIFT_JIS", 'd', 0x00AC, "81CA", "FFE2"},
	{"SHIFT_JIS", 'e', 0x00AC, "81CA", ""},
	/* EUC-JP.  ICU's EUC-JP is IBM-33722: the same six Microsoft-style
         * symbols as Shift_JIS; FF5E and 2116 written in JIS X 0208 rather
         * than JIS X 0212; no mapping for U+00A6.  (Besides these, ICU writes
         * 279 JIS X 0212 kanji as IBM extension codes F9A1..FCFE; they are
         * checked apart, in charmap_case.) */
	{"EUC-JP", 'd', 0x301C, "A1C1", "FF5E"},
	{"EUC-JP", 'e', 0x301C, "A1C1", ""},
	{"EUC-JP", 'd', 0x2016, "A1C2", "2225"},
	{"EUC-JP", 'e', 0x2016, "A1C2", ""},
	{"EUC-JP", 'd', 0x2212, "A1DD", "FF0D"},
	{"EUC-JP", 'e', 0x2212, "A1DD", ""},
	{"EUC-JP", 'd', 0x00A2, "A1F1", "FFE0"},
	{"EUC-JP", 'e', 0x00A2, "A1F1", ""},
	{"EUC-JP", 'd', 0x00A3, "A1F2", "FFE1"},
	{"EUC-JP", 'e', 0x00A3, "A1F2", ""},
	{"EUC-JP", 'd', 0x00AC, "A2CC", "FFE2"},
	{"EUC-JP", 'e', 0x00AC, "A2CC", ""},
	{"EUC-JP", 'e', 0xFF5E, "8FA2B7", "A1C1"},
	{"EUC-JP", 'e', 0x00A6, "8FA2C3", ""},
	{"EUC-JP", 'e', 0x2116, "8FA2F1", "ADE2"},
	/* GB18030.  glibc 2.36 follows GB 18030-2022, ICU 72 GB 18030-2005:
         * the 2022 edition moved 24 characters (CJK Ext A/B ideographs and
         * vertical forms) out of the private use area they had in 2005. */
	{"GB18030", 'd', 0x9FB4, "FE59", "E81E"},
	{"GB18030", 'e', 0x9FB4, "FE59", "82359037"},
	{"GB18030", 'd', 0x9FB5, "FE61", "E826"},
	{"GB18030", 'e', 0x9FB5, "FE61", "82359038"},
	{"GB18030", 'd', 0x9FB6, "FE66", "E82B"},
	{"GB18030", 'e', 0x9FB6, "FE66", "82359039"},
	{"GB18030", 'd', 0x9FB7, "FE67", "E82C"},
	{"GB18030", 'e', 0x9FB7, "FE67", "82359130"},
	{"GB18030", 'd', 0x9FB8, "FE6D", "E832"},
	{"GB18030", 'e', 0x9FB8, "FE6D", "82359131"},
	{"GB18030", 'd', 0x9FB9, "FE7E", "E843"},
	{"GB18030", 'e', 0x9FB9, "FE7E", "82359132"},
	{"GB18030", 'd', 0x9FBA, "FE90", "E854"},
	{"GB18030", 'e', 0x9FBA, "FE90", "82359133"},
	{"GB18030", 'd', 0x9FBB, "FEA0", "E864"},
	{"GB18030", 'e', 0x9FBB, "FEA0", "82359134"},
	{"GB18030", 'd', 0xFE10, "A6D9", "E78D"},
	{"GB18030", 'e', 0xFE10, "A6D9", "84318236"},
	{"GB18030", 'd', 0xFE11, "A6DB", "E78F"},
	{"GB18030", 'e', 0xFE11, "A6DB", "84318237"},
	{"GB18030", 'd', 0xFE12, "A6DA", "E78E"},
	{"GB18030", 'e', 0xFE12, "A6DA", "84318238"},
	{"GB18030", 'd', 0xFE13, "A6DC", "E790"},
	{"GB18030", 'e', 0xFE13, "A6DC", "84318239"},
	{"GB18030", 'd', 0xFE14, "A6DD", "E791"},
	{"GB18030", 'e', 0xFE14, "A6DD", "84318330"},
	{"GB18030", 'd', 0xFE15, "A6DE", "E792"},
	{"GB18030", 'e', 0xFE15, "A6DE", "84318331"},
	{"GB18030", 'd', 0xFE16, "A6DF", "E793"},
	{"GB18030", 'e', 0xFE16, "A6DF", "84318332"},
	{"GB18030", 'd', 0xFE17, "A6EC", "E794"},
	{"GB18030", 'e', 0xFE17, "A6EC", "84318333"},
	{"GB18030", 'd', 0xFE18, "A6ED", "E795"},
	{"GB18030", 'e', 0xFE18, "A6ED", "84318334"},
	{"GB18030", 'd', 0xFE19, "A6F3", "E796"},
	{"GB18030", 'e', 0xFE19, "A6F3", "84318335"},
	{"GB18030", 'd', 0x20087, "FE51", "E816"},
	{"GB18030", 'e', 0x20087, "FE51", "95329031"},
	{"GB18030", 'd', 0x20089, "FE52", "E817"},
	{"GB18030", 'e', 0x20089, "FE52", "95329033"},
	{"GB18030", 'd', 0x200CC, "FE53", "E818"},
	{"GB18030", 'e', 0x200CC, "FE53", "95329730"},
	{"GB18030", 'd', 0x215D7, "FE6C", "E831"},
	{"GB18030", 'e', 0x215D7, "FE6C", "9536B937"},
	{"GB18030", 'd', 0x2298F, "FE76", "E83B"},
	{"GB18030", 'e', 0x2298F, "FE76", "9630BA35"},
	{"GB18030", 'd', 0x241FE, "FE91", "E855"},
	{"GB18030", 'e', 0x241FE, "FE91", "9635B630"},
	/* Big5.  ICU's Big5 is Microsoft's cp950, which writes four box
         * drawing characters with the ETEN codes F9F9, F9E9..F9EB rather
         * than A2A4..A2A7 (it reads both). */
	{"BIG5", 'e', 0x2550, "A2A4", "F9F9"},
	{"BIG5", 'e', 0x255E, "A2A5", "F9E9"},
	{"BIG5", 'e', 0x256A, "A2A6", "F9EA"},
	{"BIG5", 'e', 0x2561, "A2A7", "F9EB"},
};

/*
 * Byte sequences of one or two bytes that ICU reads and glibc's charmap
 * does not have, by lead byte range, with their exact count.  (EUC-JP's
 * three-byte JIS X 0212 sequences are not enumerated.)
 */
static const struct extra {
	const char *charmap;
	uint8_t lo, hi; /* lead bytes; single-byte sequences when single */
	bool single;
	unsigned count;
	const char *what;
} extras[] = {
	{"CP1252", 0x81, 0x9D, true, 5,
         "81 8D 8F 90 9D: unassigned in windows-1252; ICU reads them as "
         "the C1 controls U+0081 ..."},
	{"SHIFT_JIS", 0x87, 0x87, false, 83,
         "NEC row 13 (circled digits, "
         "roman numerals, units)"},
	{"SHIFT_JIS", 0xED, 0xEE, false, 374, "NEC-selected IBM extensions"},
	{"SHIFT_JIS", 0xF0, 0xF9, false, 1880,
         "user-defined area (read as "
         "private use U+E000..U+E757)"},
	{"SHIFT_JIS", 0xFA, 0xFC, false, 388, "IBM extensions"},
	{"EUC-JP", 0x8E, 0x8E, false, 3,
         "8EE0..8EE2: IBM's cent, pound "
         "and not signs"},
	{"EUC-JP", 0xAD, 0xAD, false, 83, "NEC row 13"},
	{"EUC-JP", 0xF9, 0xFC, false, 374, "IBM extensions"},
	{"BIG5", 0xFF, 0xFF, true, 1, "FF, read as private use U+F8F8"},
	{"BIG5", 0x81, 0xA0, false, 5024, "user-defined area (private use)"},
	{"BIG5", 0xA2, 0xA2, false, 2,
         "A2CC, A2CE: duplicates of A451 "
         "and A4CA (U+5341, U+5345)"},
	{"BIG5", 0xF9, 0xF9, false, 8,
         "ETEN box drawing F9E9..F9EB, "
         "F9F9..F9FD"},
	{"BIG5", 0xFA, 0xFE, false, 785, "user-defined area (private use)"},
};

static int
hexval(int c)
{
	return c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10;
}

static size_t
unhex(const char *h, uint8_t *b)
{
	size_t n = 0;

	for (; h[0] != '\0' && h[1] != '\0'; h += 2)
		b[n++] = (uint8_t)(hexval(h[0]) << 4 | hexval(h[1]));
	return n;
}

/* One character through a converter opened once: reset, feed, finish. */
static bool
one(ub_conv *cv, const uint8_t *s, size_t n, uint8_t *out, size_t *nout)
{
	ub_result r;

	ub_conv_reset(cv);
	r = ub_conv_feed(cv, s, n, out, 16, true);
	*nout = r.out;
	return r.status == UB_OK && ub_conv_error_count(cv) == 0;
}

static bool
read_cp(ub_conv *dec, const uint8_t *b, size_t nb, uint32_t *cp)
{
	uint8_t out[16];
	size_t n;

	if (!one(dec, b, nb, out, &n) || n != 4)
		return false;
	*cp = ubi_get32(out, UB_BE);
	return true;
}

static const struct diff *
find_diff(const char *charmap, char dir, uint32_t cp)
{
	size_t i;

	for (i = 0; i < LEN(diffs); i++)
		if (diffs[i].dir == dir && diffs[i].cp == cp &&
		    strcmp(diffs[i].charmap, charmap) == 0)
			return &diffs[i];
	return NULL;
}

static void
hexstr(const uint8_t *b, size_t n, char *out)
{
	size_t i;

	out[0] = '\0';
	for (i = 0; i < n; i++)
		sprintf(out + 2 * i, "%02X", b[i]);
}

START_TEST(charmap_case)
{
	const struct sample *s = &samples[_i];
	char cmd[256], line[512], want[40], got[40], *p;
	static uint8_t known[65536];
	unsigned counts[LEN(extras)] = {0}, ndiff = 0, nlisted = 0, n0212 = 0;
	ub_conv *dec, *enc;
	uint8_t b[8], out[16], cp4[4];
	size_t nb, nout, i, k;
	uint32_t cp, icu;
	bool in = false, ok;
	FILE *f;

	memset(known, 0, sizeof(known));
	snprintf(cmd, sizeof(cmd), "gzip -dc /usr/share/i18n/charmaps/%s.gz",
	         s->charmap);
	f = popen(cmd, "r");
	ck_assert_ptr_nonnull(f);
	ck_assert_int_eq(ub_conv_open(&dec, "UTF-32BE", s->name, UB_STRICT,
	                              UB_BOM_KEEP),
	                 UB_OK);
	ck_assert_int_eq(ub_conv_open(&enc, s->name, "UTF-32BE", UB_STRICT,
	                              UB_BOM_KEEP),
	                 UB_OK);
	while (fgets(line, sizeof(line), f) != NULL) {
		if (strncmp(line, "CHARMAP", 7) == 0)
			in = true;
		if (strncmp(line, "END CHARMAP", 11) == 0)
			break;
		/* Ranges (GB18030's four-byte blocks, user-defined areas)
		 * are left out: single mappings are the ones that differ. */
		if (!in || strncmp(line, "<U", 2) != 0 ||
		    strstr(line, ">..<") != NULL)
			continue;
		cp = (uint32_t)strtoul(line + 2, &p, 16);
		p = strchr(p, '/');
		for (nb = 0;
		     p != NULL && p[0] == '/' && p[1] == 'x' && nb < 8;)
			b[nb++] = (uint8_t)strtoul(p + 2, &p, 16);
		ck_assert_uint_gt(nb, 0);
		if (nb == 1)
			known[b[0]] = 1;
		else if (nb == 2)
			known[b[0] << 8 | b[1]] = 1;
		hexstr(b, nb, want);

		/* bytes -> code point */
		ok = read_cp(dec, b, nb, &icu) && icu == cp;
		if (!ok) {
			const struct diff *d = find_diff(s->charmap, 'd', cp);
			char icuhex[16] = "";

			if (read_cp(dec, b, nb, &icu))
				sprintf(icuhex, "%04X", (unsigned)icu);
			ck_assert_msg(
				d != NULL && strcmp(d->bytes, want) == 0 &&
					strcmp(d->icu, icuhex) == 0,
				"%s: unlisted difference reading %s: glibc "
				"U+%04X, ICU %s",
				s->charmap, want, (unsigned)cp,
				icuhex[0] ? icuhex : "error");
			ndiff++;
		}

		/* code point -> bytes */
		ubi_put32(cp4, cp, UB_BE);
		ok = one(enc, cp4, 4, out, &nout);
		hexstr(out, ok ? nout : 0, got);
		if (strcmp(got, want) != 0) {
			const struct diff *d = find_diff(s->charmap, 'e', cp);

			if (d == NULL && strcmp(s->charmap, "EUC-JP") == 0 &&
			    nb == 3 && b[0] == 0x8F && nout == 2 &&
			    out[0] >= 0xF9 && out[0] <= 0xFC &&
			    read_cp(dec, out, nout, &icu) && icu == cp) {
				n0212++; /* JIS X 0212 kanji as IBM codes */
				continue;
			}
			ck_assert_msg(
				d != NULL && strcmp(d->bytes, want) == 0 &&
					strcmp(d->icu, got) == 0,
				"%s: unlisted difference writing U+%04X: "
				"glibc %s, ICU %s",
				s->charmap, (unsigned)cp, want,
				got[0] ? got : "unmappable");
			ndiff++;
		}
	}
	pclose(f);
	ck_assert_msg(in, "%s: no CHARMAP section", s->charmap);
	/* Every listed difference was met: the list is not stale. */
	for (i = 0; i < LEN(diffs); i++)
		if (strcmp(diffs[i].charmap, s->charmap) == 0)
			nlisted++;
	ck_assert_uint_eq(ndiff, nlisted);
	ck_assert_uint_eq(n0212, strcmp(s->charmap, "EUC-JP") == 0 ? 279 : 0);

	/* What ICU reads beyond the charmap (one and two bytes). */
	for (k = 0; k < 65536; k++) {
		bool single = k < 256;
		size_t e;

		if (known[k] || (!single && known[k >> 8]) ||
		    (!single && (k >> 8) < 0x80))
			continue;
		b[0] = (uint8_t)(single ? k : k >> 8);
		b[1] = (uint8_t)k;
		if (!read_cp(dec, b, single ? 1 : 2, &icu))
			continue;
		for (e = 0; e < LEN(extras); e++)
			if (strcmp(extras[e].charmap, s->charmap) == 0 &&
			    extras[e].single == single &&
			    b[0] >= extras[e].lo && b[0] <= extras[e].hi)
				break;
		ck_assert_msg(e < LEN(extras),
		              "%s: ICU reads %0*zX as U+%04X; glibc has no "
		              "such sequence and the list does not say so",
		              s->charmap, single ? 2 : 4, k, (unsigned)icu);
		counts[e]++;
	}
	for (i = 0; i < LEN(extras); i++)
		if (strcmp(extras[i].charmap, s->charmap) == 0)
			ck_assert_msg(counts[i] == extras[i].count,
			              "%s: %u sequences in %s, expected %u",
			              s->charmap, counts[i], extras[i].what,
			              extras[i].count);
	ub_conv_close(dec);
	ub_conv_close(enc);
}
END_TEST

/* ------------------------------------------------------------------ */
/* policy                                                              */
/* ------------------------------------------------------------------ */

#define S(x) x, sizeof(x) - 1

struct perr {
	ub_status st;
	uint64_t off, line, col;
	const char *bytes; /* hex */
	uint32_t cp;
};

static const struct pcase {
	const char *to, *from;
	ub_policy pol;
	const char *in;
	size_t nin;
	const char *out;
	size_t nout;
	struct perr errs[4];
	size_t nerr;
} pcases[] = {
/* c a f é SP 😀 ! LF €: the emoji has no windows-1252 byte. */
#define IN_A S("caf\xC3\xA9 \xF0\x9F\x98\x80!\n\xE2\x82\xAC")
#define ERR_A {{UB_E_UNMAPPABLE, 6, 1, 6, "F09F9880", 0x1F600}}, 1
	{"windows-1252", "UTF-8", UB_STRICT, IN_A, S("caf\xE9 "), ERR_A},
	/* SUB (1A) is windows-1252's own substitute: it has no U+FFFD. */
	{"windows-1252", "UTF-8", UB_REPLACE, IN_A, S("caf\xE9 \x1A!\n\x80"),
         ERR_A},
	{"windows-1252", "UTF-8", UB_SKIP, IN_A, S("caf\xE9 !\n\x80"), ERR_A},
	{"windows-1252", "UTF-8", UB_ESCAPE, IN_A,
         S("caf\xE9 \\u{1F600}!\n\x80"), ERR_A},

/* あ, 81 cut short by a space (which is read again), x, LF, A0
 * (starts nothing), 85 40 (well formed, unassigned), 82 at the
 * end. */
#define IN_B S("\x82\xA0\x81 x\n\xA0\x85\x40\x82")
#define ERR_B                                                                 \
	{{UB_E_EXPECTED_CONT, 2, 1, 2, "81", 0xFFFD},                         \
	 {UB_E_INVALID_BYTE, 6, 2, 1, "A0", 0xFFFD},                          \
	 {UB_E_INVALID_BYTE, 7, 2, 2, "8540", 0xFFFD},                        \
	 {UB_E_TRUNCATED, 9, 2, 3, "82", 0xFFFD}},                            \
		4
	{"UTF-8",
         "Shift_JIS",
         UB_STRICT,
         IN_B,
         S("\xE3\x81\x82"),
         {{UB_E_EXPECTED_CONT, 2, 1, 2, "81", 0xFFFD}},
         1},
	{"UTF-8", "Shift_JIS", UB_REPLACE, IN_B,
         S("\xE3\x81\x82\xEF\xBF\xBD x\n\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD"),
         ERR_B},
	{"UTF-8", "Shift_JIS", UB_SKIP, IN_B, S("\xE3\x81\x82 x\n"), ERR_B},
	{"UTF-8", "Shift_JIS", UB_ESCAPE, IN_B,
         S("\xE3\x81\x82\\x81 x\n\\xA0\\x85\\x40\\x82"), ERR_B},

/* A € B: IBM037 has no euro sign; its substitute is 3F (SUB). The
 * escape is written in EBCDIC: \ u { 2 0 A C }. */
#define IN_C                                                                  \
	S("A\xE2\x82\xAC"                                                     \
	  "B")
#define ERR_C {{UB_E_UNMAPPABLE, 1, 1, 2, "E282AC", 0x20AC}}, 1
	{"IBM037", "UTF-8", UB_STRICT, IN_C, S("\xC1"), ERR_C},
	{"IBM037", "UTF-8", UB_REPLACE, IN_C, S("\xC1\x3F\xC2"), ERR_C},
	{"IBM037", "UTF-8", UB_SKIP, IN_C, S("\xC1\xC2"), ERR_C},
	{"IBM037", "UTF-8", UB_ESCAPE, IN_C,
         S("\xC1\xE0\xA4\xC0\xF2\xF0\xC1\xC3\xD0\xC2"), ERR_C},

/* U+0080 (81 30 81 30), 81 30 cut short by FF (30 is read again),
 * 0, A, and 81 at the end. */
#define IN_D                                                                  \
	S("\x81\x30\x81\x30\x81\x30\xFF\x30"                                  \
	  "A\x81")
#define ERR_D                                                                 \
	{{UB_E_EXPECTED_CONT, 4, 1, 2, "81", 0xFFFD},                         \
	 {UB_E_INVALID_BYTE, 6, 1, 4, "FF", 0xFFFD},                          \
	 {UB_E_TRUNCATED, 9, 1, 7, "81", 0xFFFD}},                            \
		3
	{"UTF-8",
         "GB18030",
         UB_STRICT,
         IN_D,
         S("\xC2\x80"),
         {{UB_E_EXPECTED_CONT, 4, 1, 2, "81", 0xFFFD}},
         1},
	{"UTF-8", "GB18030", UB_REPLACE, IN_D,
         S("\xC2\x80\xEF\xBF\xBD"
           "0\xEF\xBF\xBD"
           "0A\xEF\xBF\xBD"),
         ERR_D},
	{"UTF-8", "GB18030", UB_SKIP, IN_D,
         S("\xC2\x80"
           "00A"),
         ERR_D},

	/* Ж € LF from built-in UTF-16LE into KOI8-R (no euro sign). */
	{"KOI8-R",
         "UTF-16LE",
         UB_REPLACE,
         S("\x16\x04\xAC\x20\n\0"),
         S("\xF6\x1A\n"),
         {{UB_E_UNMAPPABLE, 2, 1, 2, "AC20", 0x20AC}},
         1},
	/* ICU to ICU: あ has no windows-1252 byte.  (The source bytes of
         * an unmappable character are known only for built-in sources.) */
	{"windows-1252",
         "Shift_JIS",
         UB_REPLACE,
         S("a\x82\xA0"
           "b"),
         S("a\x1A"
           "b"),
         {{UB_E_UNMAPPABLE, 1, 1, 2, "", 0x3042}},
         1},
/* Lone surrogates from ICU's Unicode-family decoders are invalid
 * input (UB_E_UNPAIRED) with the bytes that carried them: a CESU-8
 * high surrogate ED A0 80 between a and b. */
#define IN_E                                                                  \
	S("a\xED\xA0\x80"                                                     \
	  "b\n")
#define ERR_E {{UB_E_UNPAIRED, 1, 1, 2, "EDA080", 0xFFFD}}, 1
	{"UTF-8", "CESU-8", UB_STRICT, IN_E, S("a"), ERR_E},
	{"UTF-8", "CESU-8", UB_REPLACE, IN_E,
         S("a\xEF\xBF\xBD"
           "b\n"),
         ERR_E},
	{"UTF-8", "CESU-8", UB_SKIP, IN_E, S("ab\n"), ERR_E},
	{"UTF-8", "CESU-8", UB_ESCAPE, IN_E, S("a\\xED\\xA0\\x80b\n"), ERR_E},
	/* SCSU quotes a lone low surrogate: SQU DC 00. */
	{"UTF-16BE",
         "SCSU",
         UB_REPLACE,
         S("a\x0E\xDC\x00"
           "b"),
         S("\0a\xFF\xFD\0b"),
         {{UB_E_UNPAIRED, 1, 1, 2, "0EDC00", 0xFFFD}},
         1},
	/* UTF-7 +2AA- is D800 alone.  Its bytes are those read up to the
         * unit: the last A also carries bits of the next one, and - only
         * ends base64, so they count with what follows. */
	{"UTF-8",
         "UTF-7",
         UB_ESCAPE,
         S("a+2AA-b"),
         S("a\\x2B\\x32\\x41b"),
         {{UB_E_UNPAIRED, 1, 1, 2, "2B3241", 0xFFFD}},
         1},
	/* BOCU-1: 61 is U+0011 after the initial state; FB C5 11 is D800. */
	{"UTF-8",
         "BOCU-1",
         UB_SKIP,
         S("\x61\xFB\xC5\x11\n"),
         S("\x11\n"),
         {{UB_E_UNPAIRED, 1, 1, 2, "FBC511", 0xFFFD}},
         1},
	/* Two lone CESU-8 high surrogates, then a pair: two errors, then
         * U+10000. */
	{"UTF-16BE",
         "CESU-8",
         UB_SKIP,
         S("\xED\xAA\x9C\xED\xAA\x9C\xED\xA0\x80\xED\xB0\x80"),
         S("\xD8\x00\xDC\x00"),
         {{UB_E_UNPAIRED, 0, 1, 1, "EDAA9C", 0xFFFD},
          {UB_E_UNPAIRED, 3, 1, 2, "EDAA9C", 0xFFFD}},
         2},
	/* EUC-JP: SS3 8F needs two more bytes; A2 alone is cut short too. */
	{"UTF-16BE",
         "EUC-JP",
         UB_REPLACE,
         S("\xA4\xA2\x8F\xA2\n"),
         S("\x30\x42\xFF\xFD\xFF\xFD\0\n"),
         {{UB_E_EXPECTED_CONT, 2, 1, 2, "8F", 0xFFFD},
          {UB_E_EXPECTED_CONT, 3, 1, 3, "A2", 0xFFFD}},
         2},
};

START_TEST(policy_case)
{
	const struct pcase *c = &pcases[_i];
	struct run r;
	enum split how;
	uint8_t b[32];
	size_t i, nb;

	for (how = WHOLE; how <= RANDOM; how++) {
		convert(&r, c->to, c->from, c->pol, (const uint8_t *)c->in,
		        c->nin, how, 99, how == WHOLE ? 0 : 2);
		ck_assert_msg(r.nout == c->nout &&
		                      memcmp(r.out, c->out, c->nout) == 0,
		              "case %d (split %d): output differs (%zu bytes, "
		              "expected %zu)",
		              _i, (int)how, r.nout, c->nout);
		ck_assert_uint_eq(r.nerr, c->nerr);
		ck_assert_int_eq(r.status,
		                 c->pol == UB_STRICT ? c->errs[0].st : UB_OK);
		for (i = 0; i < c->nerr; i++) {
			const ub_conv_error *e = &r.errs[i];

			nb = unhex(c->errs[i].bytes, b);
			ck_assert_msg(e->status == c->errs[i].st,
			              "case %d error %zu: %s", _i, i,
			              ub_status_name(e->status));
			ck_assert_uint_eq(e->offset, c->errs[i].off);
			ck_assert_uint_eq(e->line, c->errs[i].line);
			ck_assert_uint_eq(e->column, c->errs[i].col);
			ck_assert_uint_eq(e->nbytes, nb);
			ck_assert(memcmp(e->bytes, b, nb) == 0);
			ck_assert_uint_eq(e->cp, c->errs[i].cp);
		}
		run_free(&r);
	}
}
END_TEST

/*
 * A strict failure says where in this chunk the error is, even when the
 * chunk begins by finishing a sequence held from the one before.
 */
START_TEST(strict_in_offset)
{
	static const struct {
		const char *to, *from, *a, *b;
		size_t in;
	} v[] = {
		/* a C3 | A9 FF: the FF is byte 1 of the second chunk */
		{"UTF-16LE", "UTF-8", "a\xC3", "\xA9\xFF", 1},
		{"UTF-16LE", "Shift_JIS", "a\x82", "\xA0\xFF", 1},
		{"UTF-8", "GB18030", "\x81\x30", "\x81\x30x\x81\n", 3},
	};
	uint8_t out[64];
	ub_result r;
	ub_conv *cv;
	size_t i;

	for (i = 0; i < LEN(v); i++) {
		ck_assert_int_eq(ub_conv_open(&cv, v[i].to, v[i].from,
		                              UB_STRICT, UB_BOM_KEEP),
		                 UB_OK);
		r = ub_conv_feed(cv, (const uint8_t *)v[i].a, strlen(v[i].a),
		                 out, sizeof(out), false);
		ck_assert_int_eq(r.status, UB_OK);
		r = ub_conv_feed(cv, (const uint8_t *)v[i].b, strlen(v[i].b),
		                 out, sizeof(out), true);
		ck_assert_msg(ub_status_is_invalid(r.status), "%zu: %s", i,
		              ub_status_name(r.status));
		ck_assert_msg(r.in == v[i].in, "%zu: in %zu, expected %zu", i,
		              r.in, v[i].in);
		ck_assert_uint_eq(ub_conv_last_error(cv)->offset,
		                  strlen(v[i].a) + v[i].in);
		ub_conv_close(cv);
	}
}
END_TEST

/* ------------------------------------------------------------------ */
/* chunks                                                              */
/* ------------------------------------------------------------------ */

/*
 * Damage a sample: at seeded places, insert a byte sequence the charset
 * cannot read (a lead byte cut short, a byte that starts nothing), and
 * end on a lone lead byte.
 */
static const struct damage {
	const char *name;
	const char *stem;
	const char *bad[3];
} damages[] = {
	{"Shift_JIS", "ja.shift_jis", {"\x81\n", "\xA0", "\x85\x40"}},
	{"EUC-JP", "ja.euc-jp", {"\x8F\xA2\n", "\xFF", "\xA4"}},
	{"GB18030", "zh.gb18030", {"\x81\x30\x81\n", "\xFF", "\x81\x30"}},
	{"Big5", "zh.big5", {"\xA4\n", "\x81", "\xF9"}},
	/* stateful, decoded a byte per ICU call, or a line at a time
         * where they can (leap() in lib/charset_icu.c; not UTF-7): samples
         * made from the UTF-8 texts, what the charset cannot hold dropped */
	{"ISO-2022-JP", "ja.shift_jis.utf8", {"\x1B$\n", "\x80", "\x1B"}},
	{"UTF-7", "fr.windows-1252.utf8", {"+\x80", "\xFF", "+"}},
	{"HZ", "zh.gb18030.utf8", {"~x", "\x80", "~"}},
	{"ibm-930", "ja.shift_jis.utf8", {"\x0E\x41\x25", "\x0E\x0E", "\x0E"}},
};

static uint8_t *
damaged(const struct damage *d, uint64_t seed, size_t *n)
{
	char path[256];
	uint8_t *s, *out;
	size_t ns, i, o = 0, k;
	const char *b;
	uint8_t nl = strncmp(d->name, "ibm-", 4) == 0 ? 0x25 : '\n';

	snprintf(path, sizeof(path), "data/conv/%s", d->stem);
	s = slurp(path, &ns);
	if (strstr(d->stem, ".utf8") != NULL) {
		struct run enc;
		uint8_t *t = malloc(3 * ns);

		/* three copies, the first one line: more characters without
		 * a line end than the converter decodes ahead, so that its
		 * byte mode stops with some of them waiting */
		for (k = 0; k < 3 * ns; k++)
			t[k] = k < ns && s[k] == '\n' ? ' ' : s[k % ns];
		free(s);
		s = t;
		ns *= 3;
		convert(&enc, d->name, "UTF-8", UB_SKIP, s, ns, WHOLE, 0, 0);
		free(s);
		s = enc.out;
		ns = enc.nout;
		ck_assert_uint_gt(ns, 1000);
	}
	out = malloc(ns * 2 + 64);
	for (i = 0; i < ns; i++) {
		/* between characters: after a newline (25 in EBCDIC) */
		if (s[i - (i > 0)] == nl && tu_rand(&seed) % 3 == 0) {
			b = d->bad[tu_rand(&seed) % 3];
			k = strlen(b);
			memcpy(out + o, b, k);
			o += k;
		}
		out[o++] = s[i];
	}
	out[o++] = (uint8_t)d->bad[2][0]; /* a lone lead byte at the end */
	free(s);
	*n = o;
	return out;
}

START_TEST(chunk_decode_case)
{
	const struct damage *d = &damages[_i % LEN(damages)];
	ub_policy pol = (ub_policy)(_i / LEN(damages)); /* 4 policies */
	struct run whole, other;
	uint8_t *in;
	size_t n, outcap;
	uint64_t seed;
	int t;

	in = damaged(d, 1234 + (uint64_t)_i, &n);
	convert(&whole, "UTF-8", d->name, pol, in, n, WHOLE, 0, 0);
	ck_assert_uint_gt(whole.nerr, 0);
	convert(&other, "UTF-8", d->name, pol, in, n, BYTES, 0, 0);
	same_run(&whole, &other, "byte by byte");
	run_free(&other);
	for (t = 0; t < 4; t++) {
		seed = 77 + (uint64_t)t;
		outcap = 1 + (size_t)(tu_rand(&seed) % 9);
		convert(&other, "UTF-8", d->name, pol, in, n, RANDOM,
		        (uint64_t)t, outcap);
		same_run(&whole, &other, "random pieces");
		run_free(&other);
	}
	/* The same through a built-in UTF-16 target and small outputs. */
	run_free(&whole);
	convert(&whole, "UTF-16LE", d->name, pol, in, n, WHOLE, 0, 0);
	convert(&other, "UTF-16LE", d->name, pol, in, n, BYTES, 0, 1);
	same_run(&whole, &other, "UTF-16LE byte by byte");
	run_free(&other);
	run_free(&whole);
	free(in);
}
END_TEST

/*
 * Writing: a UTF-8 sample with characters the target cannot hold and
 * invalid UTF-8 mixed in, into every sample charset.
 */
START_TEST(chunk_encode_case)
{
	const struct sample *s = &samples[_i % LEN(samples)];
	ub_policy pol = (ub_policy)(_i / LEN(samples));
	static const char *const bad[] = {"\xF0\x9F\x98\x80", "\xE2\x98\x83",
	                                  "\xC3", "\xED\xA0\x80", "\xF0\x9F"};
	struct run whole, other;
	char path[256];
	uint8_t *text, *in;
	size_t n, ntext, i, o = 0, k;
	uint64_t seed = 5 + (uint64_t)_i;
	int t;

	snprintf(path, sizeof(path), "data/conv/%s.utf8", s->stem);
	text = slurp(path, &ntext);
	in = malloc(ntext * 2 + 64);
	for (i = 0; i < ntext; i++) {
		if (text[i] == '\n' && tu_rand(&seed) % 2 == 0) {
			const char *b = bad[tu_rand(&seed) % LEN(bad)];

			k = strlen(b);
			memcpy(in + o, b, k);
			o += k;
		}
		in[o++] = text[i];
	}
	n = o;
	convert(&whole, s->name, "UTF-8", pol, in, n, WHOLE, 0, 0);
	ck_assert_uint_gt(whole.nerr, 0);
	convert(&other, s->name, "UTF-8", pol, in, n, BYTES, 0, 0);
	same_run(&whole, &other, "byte by byte");
	run_free(&other);
	for (t = 0; t < 3; t++) {
		convert(&other, s->name, "UTF-8", pol, in, n, RANDOM,
		        (uint64_t)t, 1 + (size_t)t * 3);
		same_run(&whole, &other, "random pieces");
		run_free(&other);
	}
	run_free(&whole);
	free(text);
	free(in);
}
END_TEST

/*
 * Stateful charsets: ISO-2022-JP switches with escape sequences, and
 * must switch back to ASCII at the end (the final flush); UTF-7 keeps
 * base64 state across bytes.  Checked against glibc for ISO-2022-JP,
 * and for both: the same bytes however the input is cut and however
 * small the output buffer, and the way back.
 */
START_TEST(stateful_case)
{
	static const char *const names[][2] = {
		{"ISO-2022-JP", "ISO-2022-JP"},
		{"UTF-7", NULL}, /* glibc's UTF-7 encoder chooses otherwise */
	};
	const char *name = names[_i][0], *gname = names[_i][1];
	struct run whole, other, back;
	uint8_t *text, *ref, *cut;
	size_t n, nref;
	enum split how;

	/* the Japanese sample up to its half-width and symbol lines, which
	 * ISO-2022-JP cannot hold */
	text = slurp("data/conv/ja.shift_jis.utf8", &n);
	cut = (uint8_t *)strstr((char *)text, "\n\xE3\x82\xAB\xE3\x82\xBF");
	ck_assert_ptr_nonnull(cut);
	n = (size_t)(cut - text) + 1;
	convert(&whole, name, "UTF-8", UB_STRICT, text, n, WHOLE, 0, 0);
	ck_assert_int_eq(whole.status, UB_OK);
	if (gname != NULL) {
		ref = glibc_iconv(gname, "UTF-8", text, n, &nref);
		ck_assert(ref != NULL && nref == whole.nout &&
		          memcmp(ref, whole.out, nref) == 0);
		free(ref);
	}
	/* glibc's bytes (for UTF-7 too) read back to the text, whole, byte
	 * by byte and in random pieces. */
	ref = glibc_iconv(name, "UTF-8", text, n, &nref);
	ck_assert_ptr_nonnull(ref);
	for (how = WHOLE; how <= RANDOM; how++) {
		convert(&back, "UTF-8", name, UB_STRICT, ref, nref, how, 5, 3);
		ck_assert_int_eq(back.status, UB_OK);
		ck_assert_msg(back.nout == n && memcmp(back.out, text, n) == 0,
		              "%s: glibc's bytes read back otherwise", name);
		run_free(&back);
	}
	free(ref);
	for (how = BYTES; how <= RANDOM; how++) {
		convert(&other, name, "UTF-8", UB_STRICT, text, n, how, 3, 1);
		same_run(&whole, &other, name);
		run_free(&other);
		convert(&back, "UTF-8", name, UB_STRICT, whole.out, whole.nout,
		        how, 4, 2);
		ck_assert_int_eq(back.status, UB_OK);
		ck_assert(back.nout == n && memcmp(back.out, text, n) == 0);
		run_free(&back);
	}
	run_free(&whole);
	free(text);
}
END_TEST

/*
 * Short valid inputs read whole, byte by byte and in random pieces
 * give what glibc's iconv gives (the chunk-mode and byte-mode readers
 * of charset_icu.c, and the fast lanes for the longer one).
 */
static const struct {
	const char *name, *glibc;
	const char *in;
	size_t n;
} oracle_in[] = {
	/* a é 中 文 😀 x の LF */
	{"UTF-7", "UTF-7", S("a+AOlOLWWH2DTdHg-x+MG4-\n")},
	{"GB18030", "GB18030",
         S("a\xA8\xA6\xD6\xD0\xCE\xC4\x94\x32\xBE\x34x\xA4\xCE\n")},
	/* a 中 文 ｱ x の LF */
	{"Shift_JIS", "SHIFT_JIS", S("a\x92\x86\x95\xB6\xB1x\x82\xCC\n")},
	{"ISO-2022-JP", "ISO-2022-JP",
         S("a\x1B$BCfJ8\x1B(Bx\x1B$B$N\x1B(B\n")},
};

START_TEST(oracle_case)
{
	const char *name = oracle_in[_i % LEN(oracle_in)].name;
	const char *gname = oracle_in[_i % LEN(oracle_in)].glibc;
	const uint8_t *in = (const uint8_t *)oracle_in[_i % LEN(oracle_in)].in;
	size_t n = oracle_in[_i % LEN(oracle_in)].n, nref, k, big;
	bool repeat = _i >= (int)LEN(oracle_in);
	uint8_t *src = (uint8_t *)in, *ref;
	struct run r;
	enum split how;

	if (repeat) { /* long enough for the fast lanes */
		big = n * 300;
		src = malloc(big);
		for (k = 0; k < 300; k++)
			memcpy(src + k * n, in, n);
		n = big;
	}
	ref = glibc_iconv("UTF-8", gname, src, n, &nref);
	ck_assert_ptr_nonnull(ref);
	for (how = WHOLE; how <= RANDOM; how++) {
		convert(&r, "UTF-8", name, UB_STRICT, src, n, how, 11,
		        how == WHOLE ? 0 : 7);
		ck_assert_int_eq(r.status, UB_OK);
		ck_assert_msg(r.nout == nref && memcmp(r.out, ref, nref) == 0,
		              "%s (split %d): not glibc's output", name,
		              (int)how);
		run_free(&r);
	}
	free(ref);
	if (repeat)
		free(src);
}
END_TEST

/* ------------------------------------------------------------------ */
/* names                                                               */
/* ------------------------------------------------------------------ */

START_TEST(names_builtin)
{
	ub_charset_info info;
	ub_conv *cv;
	size_t i, k;
	bool found = false;

	ck_assert(ub_charset_info_at(UB_UTF8 - 1, &info));
	ck_assert_str_eq(info.name, "UTF-8");
	ck_assert_int_eq(info.builtin, UB_UTF8);
	/* ICU's names for UTF-8 are UTF-8's aliases, and open the built-in
	 * converter, not ICU's. */
	for (k = 0; k < info.naliases; k++)
		found = found ||
		        ub_encoding_name_cmp(ub_charset_alias(UB_UTF8 - 1, k),
		                             "ibm-1208") == 0;
	ck_assert(found);
	ck_assert_int_eq(ub_conv_open(&cv, "ibm-1208", "cp1252", UB_STRICT,
	                              UB_BOM_KEEP),
	                 UB_OK);
	ck_assert_str_eq(ub_conv_to_name(cv), "UTF-8");
	ck_assert_str_eq(ub_conv_from_name(cv), "windows-1252");
	ub_conv_close(cv);
	/* Only unibits' own decoder names an encoded surrogate as such:
	 * ICU's UTF-8 would call it illegal. */
	{
		struct run r;

		convert(&r, "UTF-16LE", "ibm-1208", UB_REPLACE,
		        (const uint8_t *)"a\xED\xA0\x80", 4, WHOLE, 0, 0);
		ck_assert_uint_gt(r.nerr, 0);
		ck_assert_int_eq(r.errs[0].status, UB_E_SURROGATE);
		run_free(&r);
	}
	for (i = 0; i < UB_ENCODING_COUNT - 1; i++) {
		ck_assert(ub_charset_info_at(i, &info));
		ck_assert_int_eq(info.builtin, (ub_encoding)(i + 1));
	}
	ck_assert_str_eq(ub_charset_canonical("cp1252"), "windows-1252");
	ck_assert_str_eq(ub_charset_canonical("sjis"), "Shift_JIS");
	ck_assert_str_eq(ub_charset_canonical("latin2"), "ISO-8859-2");
	ck_assert_str_eq(ub_charset_canonical("UTF8"), "UTF-8");
	ck_assert_ptr_null(ub_charset_canonical("no-such-charset"));
	ck_assert_ptr_null(ub_charset_canonical(""));
	ck_assert_ptr_null(ub_charset_canonical(NULL));
	ck_assert(!ub_charset_info_at(ub_charset_count(), &info));
	ck_assert_ptr_null(ub_charset_alias(ub_charset_count(), 0));
	ck_assert(!ub_charset_known("no-such-charset"));
	ck_assert(ub_charset_known("koi8r"));
}
END_TEST

/* Every listed name and alias opens the charset it is listed under, and
 * no name appears twice in the whole list. */
START_TEST(names_consistent)
{
	size_t count = ub_charset_count(), i, k, total = 0, j;
	ub_charset_info info;
	const char *a, **all;

	ck_assert_uint_gt(count, 150);
	all = malloc(sizeof(*all) * 20000);
	for (i = 0; i < count; i++) {
		ck_assert(ub_charset_info_at(i, &info));
		ck_assert_msg(ub_charset_known(info.name), "%s", info.name);
		ck_assert_str_eq(ub_charset_canonical(info.name), info.name);
		all[total++] = info.name;
		for (k = 0; k < info.naliases; k++) {
			a = ub_charset_alias(i, k);
			ck_assert_ptr_nonnull(a);
			ck_assert_msg(strcmp(ub_charset_canonical(a),
			                     info.name) == 0,
			              "%s is listed under %s but opens %s", a,
			              info.name, ub_charset_canonical(a));
			ck_assert(total < 20000);
			all[total++] = a;
		}
		ck_assert_ptr_null(ub_charset_alias(i, info.naliases));
	}
	for (i = 0; i < total; i++)
		for (j = i + 1; j < total; j++)
			ck_assert_msg(ub_encoding_name_cmp(all[i], all[j]) !=
			                      0,
			              "%s listed twice", all[i]);
	free(all);
}
END_TEST

Suite *
charset_icu_suite(void)
{
	Suite *s = suite_create("charset_icu");
	TCase *tc;

	tc = tcase_create("samples");
	tcase_add_loop_test(tc, sample_case, 0, (int)LEN(samples));
	suite_add_tcase(s, tc);
	tc = tcase_create("charmap");
	tcase_set_timeout(tc, 120);
	tcase_add_loop_test(tc, charmap_case, 0, (int)LEN(samples));
	suite_add_tcase(s, tc);
	tc = tcase_create("policy");
	tcase_add_loop_test(tc, policy_case, 0, (int)LEN(pcases));
	tcase_add_test(tc, strict_in_offset);
	suite_add_tcase(s, tc);
	tc = tcase_create("chunks");
	tcase_set_timeout(tc, 60);
	tcase_add_loop_test(tc, chunk_decode_case, 0, (int)LEN(damages) * 4);
	tcase_add_loop_test(tc, chunk_encode_case, 0, (int)LEN(samples) * 4);
	tcase_add_loop_test(tc, stateful_case, 0, 2);
	tcase_add_loop_test(tc, oracle_case, 0, 2 * (int)LEN(oracle_in));
	suite_add_tcase(s, tc);
	tc = tcase_create("names");
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, names_builtin);
	tcase_add_test(tc, names_consistent);
	suite_add_tcase(s, tc);
	return s;
}
