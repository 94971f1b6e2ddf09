/*
 * out.c - colour, display width, aligned tables and JSON Lines for the
 * unibits tool.  The library computes; this only lays text out.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <unibits.h>

#include "out.h"

/* ------------------------------------------------------------------ */
/* Colour                                                              */
/* ------------------------------------------------------------------ */

static bool use_color;

bool
out_parse_color(const char *s, enum out_color_mode *m)
{
	if (strcmp(s, "auto") == 0)
		*m = OUT_COLOR_AUTO;
	else if (strcmp(s, "always") == 0)
		*m = OUT_COLOR_ALWAYS;
	else if (strcmp(s, "never") == 0)
		*m = OUT_COLOR_NEVER;
	else
		return false;
	return true;
}

void
out_color_init(enum out_color_mode m)
{
	const char *nc = getenv("NO_COLOR");

	switch (m) {
	case OUT_COLOR_ALWAYS:
		use_color = true;
		break;
	case OUT_COLOR_NEVER:
		use_color = false;
		break;
	default:
		use_color = isatty(STDOUT_FILENO) &&
		            (nc == NULL || *nc == '\0');
		break;
	}
}

bool
out_color(void)
{
	return use_color;
}

const char *
out_on(enum out_style s)
{
	/* Few, widely supported SGR attributes: bold, faint, and the
	 * eight basic colours, so any terminal theme keeps them legible. */
	static const char *const sgr[] = {
		"",           /* OUT_PLAIN */
		"\033[1m",    /* OUT_BOLD */
		"\033[2m",    /* OUT_DIM */
		"\033[36m",   /* OUT_CODE: cyan */
		"\033[1;31m", /* OUT_BAD: bold red */
		"\033[1m",    /* OUT_PAYLOAD: bold, against dim markers */
	};

	if (!use_color || (size_t)s >= sizeof(sgr) / sizeof(sgr[0]))
		return "";
	return sgr[s];
}

const char *
out_off(void)
{
	return use_color ? "\033[0m" : "";
}

/* ------------------------------------------------------------------ */
/* Display width                                                       */
/* ------------------------------------------------------------------ */

size_t
out_width(const char *s)
{
	const uint8_t *p = (const uint8_t *)s;
	size_t n = strlen(s), w = 0;
	ub_decoded d;
	int cw;

	while (n > 0) {
		if (p[0] >= 0x20 && p[0] < 0x7F) { /* ASCII: no lookup */
			w++;
			p++;
			n--;
			continue;
		}
		if (p[0] == 0x1B && n > 1 && p[1] == '[') {
			/* CSI ... final byte 40..7E: no room on screen. */
			size_t i = 2;
			while (i < n && !(p[i] >= 0x40 && p[i] <= 0x7E))
				i++;
			if (i < n)
				i++;
			p += i;
			n -= i;
			continue;
		}
		d = ub_utf8_decode(p, n);
		if (d.status != UB_OK) {
			w++;
		} else {
			cw = ub_char_width(d.cp);
			if (cw > 0)
				w += (size_t)cw;
		}
		p += d.len;
		n -= d.len;
	}
	return w;
}

void
out_pad(FILE *f, const char *s, size_t width)
{
	size_t w = out_width(s);

	fputs(s, f);
	while (w++ < width)
		fputc(' ', f);
}

/* ------------------------------------------------------------------ */
/* Growing strings                                                     */
/* ------------------------------------------------------------------ */

static bool
buf_reserve(struct out_buf *b, size_t more)
{
	size_t cap;
	char *s;

	if (b->oom)
		return false;
	if (b->len + more + 1 <= b->cap)
		return true;
	cap = b->cap ? b->cap : 64;
	while (cap < b->len + more + 1)
		cap *= 2;
	s = realloc(b->s, cap);
	if (s == NULL) {
		b->oom = true;
		return false;
	}
	b->s = s;
	b->cap = cap;
	return true;
}

void
out_buf_add(struct out_buf *b, const char *s)
{
	size_t n = strlen(s);

	if (!buf_reserve(b, n))
		return;
	memcpy(b->s + b->len, s, n + 1);
	b->len += n;
}

static void
buf_vaddf(struct out_buf *b, const char *fmt, va_list ap)
{
	va_list ap2;
	int n;

	va_copy(ap2, ap);
	n = vsnprintf(NULL, 0, fmt, ap2);
	va_end(ap2);
	if (n < 0 || !buf_reserve(b, (size_t)n))
		return;
	vsnprintf(b->s + b->len, (size_t)n + 1, fmt, ap);
	b->len += (size_t)n;
}

void
out_buf_addf(struct out_buf *b, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	buf_vaddf(b, fmt, ap);
	va_end(ap);
}

void
out_buf_spaces(struct out_buf *b, size_t n)
{
	if (!buf_reserve(b, n))
		return;
	memset(b->s + b->len, ' ', n);
	b->len += n;
	b->s[b->len] = '\0';
}

const char *
out_buf_str(const struct out_buf *b)
{
	return b->s != NULL ? b->s : "";
}

void
out_buf_clear(struct out_buf *b)
{
	b->len = 0;
	if (b->s != NULL)
		b->s[0] = '\0';
}

void
out_buf_free(struct out_buf *b)
{
	free(b->s);
	b->s = NULL;
	b->len = b->cap = 0;
	b->oom = false;
}

/* ------------------------------------------------------------------ */
/* Tables                                                              */
/* ------------------------------------------------------------------ */

/* Rows are kept as arrays of cell strings; a note row has ncells == 0
 * and its text in note. */
struct row {
	char **cells;
	size_t ncells;
	char *note;
};

struct out_table {
	size_t ncols, sep;
	struct row *rows;
	size_t nrows, cap;
	size_t *w;     /* the widest cell of each column so far */
	bool measure;  /* cells only widen w, nothing is kept */
	size_t mcells; /* cells of the current row while measuring */
	FILE *stream;  /* when streaming: rows are printed as they end */
	size_t indent;
	bool oom;
};

struct out_table *
out_table_new(size_t ncols, size_t sep)
{
	struct out_table *t = calloc(1, sizeof(*t));

	if (t == NULL)
		return NULL;
	t->w = calloc(ncols ? ncols : 1, sizeof(*t->w));
	if (t->w == NULL) {
		free(t);
		return NULL;
	}
	t->ncols = ncols;
	t->sep = sep;
	return t;
}

static void
print_row(const struct out_table *t, const struct row *r, FILE *f)
{
	size_t c, last;

	if (r->note != NULL) {
		fprintf(f, "%*s%s\n", (int)t->indent, "", r->note);
		return;
	}
	/* Trailing empty cells print nothing, not spaces. */
	last = r->ncells;
	while (last > 0 && r->cells[last - 1][0] == '\0')
		last--;
	fprintf(f, "%*s", (int)t->indent, "");
	for (c = 0; c < last; c++) {
		if (c + 1 == last) {
			fputs(r->cells[c], f);
			break;
		}
		out_pad(f, r->cells[c], t->w[c] + t->sep);
	}
	fputc('\n', f);
}

static void
free_rows(struct out_table *t)
{
	size_t i, c;

	for (i = 0; i < t->nrows; i++) {
		for (c = 0; c < t->rows[i].ncells; c++)
			free(t->rows[i].cells[c]);
		free(t->rows[i].cells);
		free(t->rows[i].note);
	}
	t->nrows = 0;
}

/* Widen the columns to the stored rows. */
static void
measure_rows(struct out_table *t)
{
	size_t i, c, cw;

	for (i = 0; i < t->nrows; i++)
		for (c = 0; c < t->rows[i].ncells; c++) {
			cw = out_width(t->rows[i].cells[c]);
			if (cw > t->w[c])
				t->w[c] = cw;
		}
}

/* Streaming: print the finished rows and forget them. */
static void
flush_rows(struct out_table *t)
{
	size_t i;

	if (t->stream == NULL)
		return;
	for (i = 0; i < t->nrows; i++)
		print_row(t, &t->rows[i], t->stream);
	free_rows(t);
}

static struct row *
add_row(struct out_table *t)
{
	struct row *r;

	flush_rows(t);
	if (t->nrows == t->cap) {
		size_t cap = t->cap ? 2 * t->cap : 32;
		r = realloc(t->rows, cap * sizeof(*r));
		if (r == NULL) {
			t->oom = true;
			return NULL;
		}
		t->rows = r;
		t->cap = cap;
	}
	r = &t->rows[t->nrows++];
	r->cells = NULL;
	r->ncells = 0;
	r->note = NULL;
	return r;
}

void
out_table_row(struct out_table *t)
{
	struct row *r;

	if (t->measure) {
		t->mcells = 0;
		return;
	}
	r = add_row(t);
	if (r == NULL)
		return;
	r->cells = calloc(t->ncols, sizeof(*r->cells));
	if (r->cells == NULL)
		t->oom = true;
}

void
out_table_cell(struct out_table *t, const char *s)
{
	struct row *r;
	size_t cw;

	if (s == NULL)
		s = "";
	if (t->measure) {
		if (t->mcells < t->ncols) {
			cw = out_width(s);
			if (cw > t->w[t->mcells])
				t->w[t->mcells] = cw;
			t->mcells++;
		}
		return;
	}
	if (t->nrows == 0 || t->oom)
		return;
	r = &t->rows[t->nrows - 1];
	if (r->cells == NULL || r->ncells >= t->ncols)
		return;
	r->cells[r->ncells] = strdup(s);
	if (r->cells[r->ncells] == NULL)
		t->oom = true;
	else
		r->ncells++;
}

void
out_table_cellf(struct out_table *t, const char *fmt, ...)
{
	struct out_buf b = {0};
	va_list ap;

	va_start(ap, fmt);
	buf_vaddf(&b, fmt, ap);
	va_end(ap);
	if (b.oom)
		t->oom = true;
	else
		out_table_cell(t, out_buf_str(&b));
	out_buf_free(&b);
}

void
out_table_note(struct out_table *t, const char *s)
{
	struct row *r;

	if (t->measure)
		return;
	r = add_row(t);
	if (r == NULL)
		return;
	r->note = strdup(s);
	if (r->note == NULL)
		t->oom = true;
}

void
out_table_measure(struct out_table *t)
{
	t->measure = true;
	t->mcells = 0;
}

void
out_table_stream(struct out_table *t, FILE *f, size_t indent)
{
	t->measure = false;
	measure_rows(t);
	t->stream = f;
	t->indent = indent;
	flush_rows(t);
}

bool
out_table_ok(const struct out_table *t)
{
	return !t->oom;
}

void
out_table_print(struct out_table *t, FILE *f, size_t indent)
{
	if (t->stream == NULL) {
		measure_rows(t);
		t->stream = f;
		t->indent = indent;
	}
	flush_rows(t);
}

void
out_table_free(struct out_table *t)
{
	if (t == NULL)
		return;
	free_rows(t);
	free(t->rows);
	free(t->w);
	free(t);
}

/* ------------------------------------------------------------------ */
/* JSON Lines                                                          */
/* ------------------------------------------------------------------ */

void
jw_write_string(FILE *f, const char *s, size_t n)
{
	const uint8_t *p = (const uint8_t *)s;
	ub_decoded d;

	fputc('"', f);
	while (n > 0) {
		d = ub_utf8_decode(p, n);
		if (d.status != UB_OK) {
			/* RFC 8259 §8.1: JSON text is UTF-8; never pass an
			 * invalid byte through. */
			fputs("\\ufffd", f);
		} else if (d.cp == '"' || d.cp == '\\') {
			fputc('\\', f);
			fputc((int)d.cp, f);
		} else if (d.cp < 0x20) {
			/* RFC 8259 §7: control characters must be escaped. */
			switch (d.cp) {
			case '\b':
				fputs("\\b", f);
				break;
			case '\f':
				fputs("\\f", f);
				break;
			case '\n':
				fputs("\\n", f);
				break;
			case '\r':
				fputs("\\r", f);
				break;
			case '\t':
				fputs("\\t", f);
				break;
			default:
				fprintf(f, "\\u%04x", (unsigned)d.cp);
				break;
			}
		} else {
			fwrite(p, 1, d.len, f);
		}
		p += d.len;
		n -= d.len;
	}
	fputc('"', f);
}

static void
key(struct jw *j, const char *k)
{
	if (j->n++ > 0)
		fputs(", ", j->f);
	jw_write_string(j->f, k, strlen(k));
	fputs(": ", j->f);
}

void
jw_begin(struct jw *j, FILE *f)
{
	j->f = f;
	j->n = 0;
	fputc('{', f);
}

void
jw_end(struct jw *j)
{
	fputs("}\n", j->f);
}

void
jw_int(struct jw *j, const char *k, long long v)
{
	key(j, k);
	fprintf(j->f, "%lld", v);
}

void
jw_null(struct jw *j, const char *k)
{
	key(j, k);
	fputs("null", j->f);
}

void
jw_bool(struct jw *j, const char *k, bool v)
{
	key(j, k);
	fputs(v ? "true" : "false", j->f);
}

void
jw_strn(struct jw *j, const char *k, const char *s, size_t n)
{
	key(j, k);
	jw_write_string(j->f, s, n);
}

void
jw_str(struct jw *j, const char *k, const char *s)
{
	jw_strn(j, k, s, strlen(s));
}

void
jw_bytes(struct jw *j, const char *k, const uint8_t *v, size_t n)
{
	size_t i;

	key(j, k);
	fputc('[', j->f);
	for (i = 0; i < n; i++)
		fprintf(j->f, "%s%u", i ? ", " : "", (unsigned)v[i]);
	fputc(']', j->f);
}

void
jw_u32s(struct jw *j, const char *k, const uint32_t *v, size_t n)
{
	size_t i;

	key(j, k);
	fputc('[', j->f);
	for (i = 0; i < n; i++)
		fprintf(j->f, "%s%lu", i ? ", " : "", (unsigned long)v[i]);
	fputc(']', j->f);
}

void
jw_strs(struct jw *j, const char *k, const char *const *v, size_t n)
{
	size_t i;

	key(j, k);
	fputc('[', j->f);
	for (i = 0; i < n; i++) {
		if (i > 0)
			fputs(", ", j->f);
		jw_write_string(j->f, v[i], strlen(v[i]));
	}
	fputc(']', j->f);
}
