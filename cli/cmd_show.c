/*
 * cmd_show.c - unibits show (and plain `unibits TEXT...`): one row per
 * character with its number, its bits and its bytes, or the same text
 * side by side in several encodings (-t), or its normalization forms
 * (--forms).  show reads its whole input first (it is for text people
 * look at; dump streams files of any size).
 */
#define _POSIX_C_SOURCE 200809L
#include <getopt.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include <unibits.h>

#include "charrow.h"
#include "cmd.h"
#include "decode.h"
#include "files.h"
#include "io.h"
#include "msg.h"
#include "out.h"

struct show_opts {
	const char *enc;     /* -e, NULL for UTF-8 */
	const char *file;    /* -f */
	const char *targets; /* -t */
	const char *format;  /* --format */
	bool forms, json;
};

/* The input, decoded: every character or invalid sequence. */
struct text {
	uint8_t *buf;
	size_t len;
	struct crow *rows;
	size_t nrows, cap;
	bool oom;
	size_t chars, graphemes, invalid, invalid_bytes;
	size_t u8, u16, u32; /* sizes of the valid characters */
	bool clusters;       /* some cluster has several code points */
};

static bool
collect(void *ctx, const struct dec_item *it)
{
	struct text *t = ctx;
	struct crow *r;

	if (t->nrows == t->cap) {
		size_t cap = t->cap ? 2 * t->cap : 64;

		r = realloc(t->rows, cap * sizeof(*r));
		if (r == NULL) {
			t->oom = true;
			return false;
		}
		t->rows = r;
		t->cap = cap;
	}
	r = &t->rows[t->nrows++];
	memset(r, 0, sizeof(*r));
	r->has_offset = true;
	r->has_grapheme = true;
	r->offset = it->offset;
	/* The whole input is in memory: point into it rather than copy. */
	r->bytes = t->buf + it->offset;
	r->nbytes = it->nbytes;
	r->cp = it->cp;
	r->status = it->status;
	return true;
}

/* Grapheme clusters (UAX #29) over the valid characters; an invalid
 * sequence ends a cluster and stands alone. */
static void
mark_clusters(struct text *t)
{
	int32_t state = 0;
	size_t i, g = 0;
	bool prev_ok = false, joins;
	uint32_t prev = 0;
	uint8_t u8[4];

	for (i = 0; i < t->nrows; i++) {
		struct crow *r = &t->rows[i];

		joins = r->status == UB_OK && prev_ok &&
		        !ub_grapheme_break(prev, r->cp, &state);
		if (!joins && i > 0)
			g++;
		r->grapheme = g;
		r->cluster = joins ? CR_MID : CR_ALONE;
		if (joins) {
			if (t->rows[i - 1].cluster == CR_ALONE)
				t->rows[i - 1].cluster = CR_FIRST;
			t->clusters = true;
		}
		if (r->status != UB_OK) {
			t->invalid++;
			t->invalid_bytes += r->nbytes;
			prev_ok = false;
			state = 0;
			continue;
		}
		t->chars++;
		t->graphemes += !joins;
		t->u8 += ub_utf8_encode(r->cp, u8);
		t->u16 += r->cp >= 0x10000 ? 4 : 2;
		t->u32 += 4;
		prev_ok = true;
		prev = r->cp;
	}
}

/* Read all of path ("-" is stdin) into t->buf. */
static int
read_all(const char *path, struct text *t)
{
	struct infile f;
	size_t cap = 0;
	ssize_t k;
	uint8_t *p;

	if (infile_open(&f, path) != EXIT_OK)
		return EXIT_IO;
	for (;;) {
		if (cap - t->len < IO_CHUNK) {
			cap = cap ? 2 * cap : IO_CHUNK;
			p = realloc(t->buf, cap);
			if (p == NULL) {
				msg_err("show: out of memory");
				infile_close(&f);
				return EXIT_IO;
			}
			t->buf = p;
		}
		k = infile_read(&f, t->buf + t->len, IO_CHUNK);
		if (k < 0) {
			infile_close(&f);
			return EXIT_IO;
		}
		if (k == 0)
			break;
		t->len += (size_t)k;
	}
	infile_close(&f);
	return EXIT_OK;
}

/* The arguments, joined by single spaces, as the input bytes. */
static int
join_args(char **argv, int argc, struct text *t)
{
	size_t n = 0, i;
	int a;

	for (a = 0; a < argc; a++)
		n += strlen(argv[a]) + 1;
	t->buf = malloc(n + 1);
	if (t->buf == NULL) {
		msg_err("show: out of memory");
		return EXIT_IO;
	}
	for (a = 0; a < argc; a++) {
		i = strlen(argv[a]);
		if (a > 0)
			t->buf[t->len++] = ' ';
		memcpy(t->buf + t->len, argv[a], i);
		t->len += i;
	}
	return EXIT_OK;
}

static void
print_summary(const struct text *t, const char *enc)
{
	printf("%zu character%s, %zu grapheme%s; UTF-8: %zu bytes, "
	       "UTF-16: %zu bytes, UTF-32: %zu bytes",
	       t->chars, t->chars == 1 ? "" : "s", t->graphemes,
	       t->graphemes == 1 ? "" : "s", t->u8, t->u16, t->u32);
	if (enc != NULL)
		printf("; %s (input): %zu bytes", enc, t->len);
	if (t->invalid > 0)
		printf("; %s%zu invalid sequence%s (%zu byte%s)%s",
		       out_on(OUT_BAD), t->invalid, t->invalid == 1 ? "" : "s",
		       t->invalid_bytes, t->invalid_bytes == 1 ? "" : "s",
		       out_off());
	putchar('\n');
}

static void
add_rows(struct out_table *tab, const struct cr_opts *o, const struct text *t,
         uint32_t *cps)
{
	size_t i, start = 0;

	for (i = 0; i < t->nrows; i++) {
		const struct crow *r = &t->rows[i];

		cr_table_add(tab, o, r);
		if (r->cluster != CR_MID)
			start = i;
		cps[i] = r->cp;
		/* After the last code point of a cluster of several. */
		if (r->cluster == CR_MID &&
		    (i + 1 == t->nrows || t->rows[i + 1].cluster != CR_MID))
			cr_table_cluster_note(tab, cps + start, i + 1 - start);
	}
}

/*
 * Two passes over the rows, so no row is kept: the first only measures
 * the columns, the second prints each row as it is made.
 */
static int
show_table(const struct text *t, const char *enc)
{
	struct cr_opts o = {enc, t->clusters};
	struct out_table *tab = cr_table_new(&o);
	uint32_t *cps;
	int rc = EXIT_OK;

	cps = malloc((t->nrows + 1) * sizeof(*cps));
	if (tab == NULL || cps == NULL) {
		out_table_free(tab);
		free(cps);
		msg_err("show: out of memory");
		return EXIT_IO;
	}
	out_table_measure(tab);
	add_rows(tab, &o, t, cps);
	out_table_stream(tab, stdout, 0);
	add_rows(tab, &o, t, cps);
	out_table_print(tab, stdout, 0);
	if (!out_table_ok(tab)) {
		msg_err("show: out of memory");
		rc = EXIT_IO;
	} else {
		print_summary(t, enc);
	}
	out_table_free(tab);
	free(cps);
	return rc;
}

/* ------------------------------------------------------------------ */
/* -t: side by side                                                    */
/* ------------------------------------------------------------------ */

struct target {
	char *name; /* as given */
	char *to;   /* what the converter was opened with */
	ub_conv *cv;
	size_t bom;      /* bytes of the BOM the encoding would write */
	size_t total;    /* bytes of the representable characters */
	size_t missing;  /* characters it cannot hold */
	bool unmappable; /* set by the callback during one feed */
};

static void
on_unmappable(void *ctx, const ub_conv_error *e)
{
	struct target *tg = ctx;

	if (e->status == UB_E_UNMAPPABLE)
		tg->unmappable = true;
}

/*
 * Open the converters.  An encoding that writes a BOM (UTF-16 and
 * UTF-32 without a byte order) is converted in the byte order it would
 * pick, and the BOM counted once in the total, so each character shows
 * only its own bytes.
 */
static int
open_targets(const char *list, struct target **out, size_t *n)
{
	struct target *tg = NULL;
	char *copy = strdup(list), *tok, *save = NULL;
	const char *to;
	size_t k = 0, i;
	ub_status st;

	if (copy == NULL)
		return EXIT_IO;
	for (tok = strtok_r(copy, ",", &save); tok != NULL;
	     tok = strtok_r(NULL, ",", &save)) {
		struct target *p = realloc(tg, (k + 1) * sizeof(*tg));

		if (p == NULL)
			break;
		tg = p;
		memset(&tg[k], 0, sizeof(tg[k]));
		tg[k].name = strdup(tok);
		to = tok;
		switch (ub_encoding_from_name(tok)) {
		case UB_UTF16:
			to = "UTF-16BE";
			tg[k].bom = 2;
			break;
		case UB_UTF32:
			to = "UTF-32BE";
			tg[k].bom = 4;
			break;
		default:
			break;
		}
		tg[k].to = strdup(to);
		st = ub_conv_open(&tg[k].cv, to, "UTF-8", UB_REPLACE,
		                  UB_BOM_KEEP);
		k++;
		if (st != UB_OK) {
			msg_err("show: unknown encoding '%s' (see 'unibits "
			        "encodings')",
			        tok);
			*out = tg;
			*n = k;
			free(copy);
			return EXIT_USAGE;
		}
	}
	free(copy);
	/* Only now: realloc may have moved the array. */
	for (i = 0; i < k; i++)
		ub_conv_on_error(tg[i].cv, on_unmappable, &tg[i]);
	*out = tg;
	*n = k;
	if (k == 0) {
		msg_err("show: -t wants a list of encodings");
		return EXIT_USAGE;
	}
	return EXIT_OK;
}

static void
close_targets(struct target *tg, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		ub_conv_close(tg[i].cv);
		free(tg[i].name);
		free(tg[i].to);
	}
	free(tg);
}

/*
 * The bytes the representable characters take converted together, as
 * a file would hold them: a stateful encoding (ISO-2022-JP) writes its
 * mode switches between characters and its closing sequence at the
 * end, which the cells of single characters cannot show.
 */
static size_t
whole_size(const char *to, const struct text *t)
{
	uint8_t u8[4], out[256];
	size_t i, n, pos, total = 0;
	ub_conv *cv;
	ub_result r;

	if (to == NULL ||
	    ub_conv_open(&cv, to, "UTF-8", UB_SKIP, UB_BOM_KEEP) != UB_OK)
		return 0;
	for (i = 0; i <= t->nrows; i++) {
		bool last = i == t->nrows;

		n = 0;
		if (!last && t->rows[i].status != UB_OK)
			continue;
		if (!last)
			n = ub_utf8_encode(t->rows[i].cp, u8);
		pos = 0;
		do {
			r = ub_conv_feed(cv, u8 + pos, n - pos, out,
			                 sizeof(out), last);
			total += r.out;
			pos += r.in;
		} while (r.status == UB_E_OUTPUT_FULL);
	}
	ub_conv_close(cv);
	return total;
}

static int
show_targets(const struct text *t, const char *list)
{
	struct target *tg = NULL;
	struct out_table *tab;
	struct out_buf b = {0};
	uint8_t u8[4], out[64];
	char vis[16], code[12], name[256];
	size_t ntg = 0, i, k, n;
	ub_result r;
	int rc;

	rc = open_targets(list, &tg, &ntg);
	if (rc != EXIT_OK) {
		close_targets(tg, ntg);
		return rc;
	}
	tab = out_table_new(3 + ntg, 2);
	if (tab == NULL) {
		close_targets(tg, ntg);
		return EXIT_IO;
	}
	out_table_row(tab);
	out_table_cellf(tab, "%schar%s", out_on(OUT_BOLD), out_off());
	out_table_cellf(tab, "%scode%s", out_on(OUT_BOLD), out_off());
	for (k = 0; k < ntg; k++)
		out_table_cellf(tab, "%s%s%s", out_on(OUT_BOLD),
		                tg[k].bom > 0 ? ub_encoding_name(
							ub_encoding_from_name(
								tg[k].name))
		                              : ub_conv_to_name(tg[k].cv),
		                out_off());
	out_table_cellf(tab, "%sname%s", out_on(OUT_BOLD), out_off());
	for (i = 0; i < t->nrows; i++) {
		const struct crow *row = &t->rows[i];

		out_table_row(tab);
		if (row->status != UB_OK) {
			out_table_cell(tab, "");
			out_table_cellf(tab, "%sinvalid%s", out_on(OUT_BAD),
			                out_off());
			for (k = 0; k < ntg; k++)
				out_table_cell(tab, "-");
			out_buf_clear(&b);
			cr_hex(&b, row->bytes, row->nbytes);
			out_table_cellf(tab, "<input bytes %s>",
			                out_buf_str(&b));
			continue;
		}
		cr_visible(row->cp, vis);
		out_table_cell(tab, vis);
		cr_code(row->cp, code);
		out_table_cellf(tab, "%s%s%s", out_on(OUT_CODE), code,
		                out_off());
		n = ub_utf8_encode(row->cp, u8);
		for (k = 0; k < ntg; k++) {
			tg[k].unmappable = false;
			r = ub_conv_feed(tg[k].cv, u8, n, out, sizeof(out),
			                 false);
			if (tg[k].unmappable) {
				tg[k].missing++;
				out_table_cellf(tab, "%snot representable%s",
				                out_on(OUT_BAD), out_off());
				continue;
			}
			out_buf_clear(&b);
			cr_hex(&b, out, r.out);
			out_table_cell(tab, out_buf_str(&b));
		}
		cr_name(row->cp, name, sizeof(name));
		out_table_cell(tab, name);
	}
	out_table_row(tab);
	out_table_cell(tab, "");
	out_table_cellf(tab, "%stotal%s", out_on(OUT_BOLD), out_off());
	for (k = 0; k < ntg; k++) {
		tg[k].total = whole_size(tg[k].to, t) + tg[k].bom;
		out_buf_clear(&b);
		out_buf_addf(&b, "%zu byte%s", tg[k].total,
		             tg[k].total == 1 ? "" : "s");
		if (tg[k].bom > 0)
			out_buf_addf(&b, " (BOM %zu)", tg[k].bom);
		if (tg[k].missing > 0)
			out_buf_addf(&b, ", %s%zu missing%s", out_on(OUT_BAD),
			             tg[k].missing, out_off());
		out_table_cell(tab, out_buf_str(&b));
	}
	if (!out_table_ok(tab) || b.oom) {
		msg_err("show: out of memory");
		rc = EXIT_IO;
	} else {
		out_table_print(tab, stdout, 0);
		print_summary(t, NULL);
	}
	for (k = 0; k < ntg && rc == EXIT_OK; k++)
		if (tg[k].missing > 0)
			rc = EXIT_DATA;
	out_table_free(tab);
	out_buf_free(&b);
	close_targets(tg, ntg);
	return rc;
}

/* ------------------------------------------------------------------ */
/* --forms                                                             */
/* ------------------------------------------------------------------ */

static void
form_row(struct out_table *tab, const char *label, const uint8_t *s, size_t n,
         bool same)
{
	struct out_buf txt = {0}, cps = {0}, hex = {0};
	char vis[16], code[12];
	ub_decoded d;
	size_t i = 0;
	uint8_t u8[5];

	while (i < n) {
		d = ub_utf8_decode(s + i, n - i);
		/* Combining marks stay with their base here: the point is to
		 * see that NFD renders the same as NFC. */
		if (d.cp < 0x20 || d.cp == 0x7F) {
			cr_visible(d.cp, vis);
			out_buf_add(&txt, vis);
		} else {
			memcpy(u8, s + i, d.len);
			u8[d.len] = '\0';
			out_buf_add(&txt, (const char *)u8);
		}
		cr_code(d.cp, code);
		out_buf_addf(&cps, "%s%s", i ? " " : "", code);
		i += d.len;
	}
	cr_hex(&hex, s, n);
	out_table_row(tab);
	out_table_cellf(tab, "%s%s%s", out_on(OUT_BOLD), label, out_off());
	out_table_cell(tab, out_buf_str(&txt));
	out_table_cellf(tab, "%zu byte%s", n, n == 1 ? "" : "s");
	out_table_cell(tab, same ? "=" : "");
	out_table_cell(tab, out_buf_str(&cps));
	out_table_cell(tab, out_buf_str(&hex));
	out_buf_free(&txt);
	out_buf_free(&cps);
	out_buf_free(&hex);
}

static int
show_forms(const struct text *t)
{
	static const char *const labels[] = {"NFC", "NFD", "NFKC", "NFKD"};
	struct out_table *tab;
	uint8_t *u8, *nf;
	size_t n = 0, i;
	ub_result r;
	int f, rc = EXIT_OK;

	if (t->invalid > 0) {
		msg_err("show: --forms needs valid input (%zu invalid "
		        "sequence%s)",
		        t->invalid, t->invalid == 1 ? "" : "s");
		return EXIT_DATA;
	}
	/* The text as UTF-8, whatever it was read as. */
	u8 = malloc(t->u8 + 1);
	tab = out_table_new(6, 2);
	if (u8 == NULL || tab == NULL) {
		free(u8);
		out_table_free(tab);
		return EXIT_IO;
	}
	for (i = 0; i < t->nrows; i++)
		n += ub_utf8_encode(t->rows[i].cp, u8 + n);
	form_row(tab, "input", u8, n, false);
	for (f = 0; f < 4 && rc == EXIT_OK; f++) {
		r = ub_normalize((ub_norm_form)f, false, u8, n, NULL, 0);
		nf = r.status == UB_OK ? malloc(r.out + 1) : NULL;
		if (nf == NULL) {
			msg_err("show: %s: %s", labels[f],
			        ub_strerror(r.status == UB_OK ? UB_E_NOMEM
			                                      : r.status));
			rc = EXIT_IO;
			break;
		}
		r = ub_normalize((ub_norm_form)f, false, u8, n, nf, r.out);
		if (r.status == UB_OK)
			form_row(tab, labels[f], nf, r.out,
			         r.out == n && memcmp(nf, u8, n) == 0);
		free(nf);
	}
	if (rc == EXIT_OK) {
		out_table_print(tab, stdout, 0);
		printf("(= marks a form identical to the input)\n");
	}
	out_table_free(tab);
	free(u8);
	return rc;
}

static const char usage[] =
	"usage: unibits show [-e ENC] [-t ENC,...] [--forms] [--format T] "
	"[--json]\n"
	"                    [--color=WHEN] [TEXT... | -f FILE|-]";

int
cmd_show(int argc, char **argv)
{
	static const struct option longopts[] = {
		{"encoding", required_argument, NULL, 'e'},
		{"file", required_argument, NULL, 'f'},
		{"to", required_argument, NULL, 't'},
		{"forms", no_argument, NULL, 'F'},
		{"format", required_argument, NULL, 'T'},
		{"json", no_argument, NULL, 'j'},
		{"color", required_argument, NULL, 'C'},
		{"colour", required_argument, NULL, 'C'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	struct show_opts o = {0};
	struct text t = {0};
	struct dec *d = NULL;
	enum out_color_mode cm;
	const char *bad;
	ub_status st;
	size_t i;
	int c, rc, modes;

	optind = 1;
	while ((c = getopt_long(argc, argv, "e:f:t:h", longopts, NULL)) !=
	       -1) {
		switch (c) {
		case 'e':
			o.enc = optarg;
			break;
		case 'f':
			o.file = optarg;
			break;
		case 't':
			o.targets = optarg;
			break;
		case 'F':
			o.forms = true;
			break;
		case 'T':
			o.format = optarg;
			break;
		case 'j':
			o.json = true;
			break;
		case 'C':
			if (!out_parse_color(optarg, &cm)) {
				msg_err("show: --color wants auto, always or "
				        "never, not '%s'",
				        optarg);
				return EXIT_USAGE;
			}
			out_color_init(cm);
			break;
		case 'h':
			printf("%s\n", usage);
			return EXIT_OK;
		default:
			fprintf(stderr, "%s\n", usage);
			return EXIT_USAGE;
		}
	}
	modes = (o.json) + (o.format != NULL) + (o.targets != NULL) +
	        (o.forms);
	if (modes > 1) {
		msg_err("show: choose one of --json, --format, -t, --forms");
		return EXIT_USAGE;
	}
	if (o.file != NULL && optind < argc) {
		msg_err("show: give TEXT or -f FILE, not both");
		return EXIT_USAGE;
	}
	if (o.format != NULL && (bad = cr_format_check(o.format)) != NULL) {
		msg_err("show: unknown --format field '%s' (see unibits(1))",
		        bad);
		return EXIT_USAGE;
	}
	st = dec_open(&d, o.enc != NULL ? o.enc : "UTF-8");
	if (st != UB_OK) {
		if (st == UB_E_UNKNOWN_ENCODING)
			msg_err("show: unknown encoding '%s' (see 'unibits "
			        "encodings')",
			        o.enc);
		else
			msg_err("show: %s", ub_strerror(st));
		return st == UB_E_UNKNOWN_ENCODING ? EXIT_USAGE : EXIT_IO;
	}
	if (optind < argc)
		rc = join_args(argv + optind, argc - optind, &t);
	else
		rc = read_all(o.file != NULL ? o.file : "-", &t);
	if (rc != EXIT_OK)
		goto done;
	dec_feed(d, t.buf, t.len, true, collect, &t);
	if (t.oom) {
		msg_err("show: out of memory");
		rc = EXIT_IO;
		goto done;
	}
	mark_clusters(&t);
	if (o.json) {
		for (i = 0; i < t.nrows; i++)
			cr_json(stdout, &t.rows[i]);
	} else if (o.format != NULL) {
		for (i = 0; i < t.nrows; i++)
			cr_format(stdout, o.format, &t.rows[i]);
	} else if (o.targets != NULL) {
		rc = show_targets(&t, o.targets);
	} else if (o.forms) {
		rc = show_forms(&t);
	} else {
		rc = show_table(&t, dec_is_utf8(d) ? NULL : dec_name(d));
	}
	if (rc == EXIT_OK && t.invalid > 0)
		rc = EXIT_DATA;
done:
	dec_close(d);
	free(t.rows);
	free(t.buf);
	return rc;
}
