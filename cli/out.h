/*
 * out.h - the shared renderers of the unibits tool: colour, display
 * width, aligned tables and a JSON Lines writer.  Everything writes to
 * stdout through stdio; main.c checks the stream once at exit.
 */
#ifndef UB_OUT_H
#define UB_OUT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* ------------------------------------------------------------------ */
/* Colour                                                              */
/* ------------------------------------------------------------------ */

enum out_color_mode { OUT_COLOR_AUTO, OUT_COLOR_ALWAYS, OUT_COLOR_NEVER };

/* "auto", "always" or "never" into *m; false for anything else. */
bool out_parse_color(const char *s, enum out_color_mode *m);

/*
 * Decide once whether stdout gets colour: always; never; or auto, which
 * is "stdout is a terminal and NO_COLOR is unset or empty"
 * (https://no-color.org: an explicit --color=always still wins).
 */
void out_color_init(enum out_color_mode m);

/* True when out_color_init decided for colour. */
bool out_color(void);

/* The styles the renderers use; each is an SGR sequence or "". */
enum out_style {
	OUT_PLAIN = 0,
	OUT_BOLD,   /* headers */
	OUT_DIM,    /* marker bits, separators, notes */
	OUT_CODE,   /* U+XXXX */
	OUT_BAD,    /* invalid input */
	OUT_PAYLOAD /* payload bits */
};

/* The escape sequence that starts style s ("" without colour). */
const char *out_on(enum out_style s);

/* The escape sequence that ends any style ("" without colour). */
const char *out_off(void);

/* ------------------------------------------------------------------ */
/* Display width                                                       */
/* ------------------------------------------------------------------ */

/*
 * The columns s takes on a terminal: the sum of ub_char_width over its
 * UTF-8 characters, skipping SGR escape sequences ("\033[...m").  An
 * invalid byte counts as one column (it is shown as one replacement).
 */
size_t out_width(const char *s);

/* Write s and then spaces up to width columns. */
void out_pad(FILE *f, const char *s, size_t width);

/* ------------------------------------------------------------------ */
/* Tables                                                              */
/* ------------------------------------------------------------------ */

/*
 * A table is filled row by row, then printed with every column as wide
 * as its widest cell (in display columns).  The last column is never
 * padded.  Cells may hold SGR sequences; they take no room.  A "note"
 * row is one free line printed as it is, between the rows.
 *
 * A long table need not be kept: fill it once after out_table_measure
 * (cells only widen the columns), call out_table_stream, and fill it
 * again; each row is then printed as soon as the next one starts.
 */
struct out_table;

/* A table of ncols columns, separated by sep spaces.  NULL when out of
 * memory. */
struct out_table *out_table_new(size_t ncols, size_t sep);

/* Start a new row. */
void out_table_row(struct out_table *t);

/* Append a cell to the current row: a copy of s (NULL is ""). */
void out_table_cell(struct out_table *t, const char *s);

/* The same, printf-style. */
void out_table_cellf(struct out_table *t, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Add a note row: a line printed as it is (a copy of s). */
void out_table_note(struct out_table *t, const char *s);

/* From now on rows only measure: nothing is kept or printed. */
void out_table_measure(struct out_table *t);

/* Print the rows kept so far to f, indent spaces before each, and from
 * now on print every row once it is complete, with the widths measured
 * up to here. */
void out_table_stream(struct out_table *t, FILE *f, size_t indent);

/* False if a cell could not be stored (out of memory). */
bool out_table_ok(const struct out_table *t);

/* Print the rows not printed yet to f (a table that is not streaming:
 * all of them, as wide as they need). */
void out_table_print(struct out_table *t, FILE *f, size_t indent);

void out_table_free(struct out_table *t);

/* ------------------------------------------------------------------ */
/* A growing string, for building cells                                */
/* ------------------------------------------------------------------ */

struct out_buf {
	char *s; /* NUL-terminated, or NULL before the first append */
	size_t len;
	size_t cap;
	bool oom; /* an append failed */
};

void out_buf_add(struct out_buf *b, const char *s);
void out_buf_addf(struct out_buf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Append n spaces. */
void out_buf_spaces(struct out_buf *b, size_t n);
/* The string ("" when empty); stays owned by b. */
const char *out_buf_str(const struct out_buf *b);
void out_buf_clear(struct out_buf *b);
void out_buf_free(struct out_buf *b);

/* ------------------------------------------------------------------ */
/* JSON Lines                                                          */
/* ------------------------------------------------------------------ */

/*
 * A JSON Lines writer for objects: jw_begin, then members, then jw_end
 * writes "}\n".  Members are separated by ", " and keys by ": ", as
 * DESIGN.md shows them ("utf8": [195, 169]).
 */
struct jw {
	FILE *f;
	size_t n; /* members written in this object */
};

void jw_begin(struct jw *j, FILE *f);
void jw_end(struct jw *j);
void jw_int(struct jw *j, const char *key, long long v);
void jw_null(struct jw *j, const char *key);
void jw_bool(struct jw *j, const char *key, bool v);
/* A string: s[0..n) taken as UTF-8 and escaped as RFC 8259 says; an
 * invalid byte becomes \ufffd so the output stays valid JSON. */
void jw_strn(struct jw *j, const char *key, const char *s, size_t n);
void jw_str(struct jw *j, const char *key, const char *s);
/* An array of numbers. */
void jw_bytes(struct jw *j, const char *key, const uint8_t *v, size_t n);
void jw_u32s(struct jw *j, const char *key, const uint32_t *v, size_t n);
/* An array of strings. */
void jw_strs(struct jw *j, const char *key, const char *const *v, size_t n);

/* Write s[0..n) as a JSON string literal, quotes included. */
void jw_write_string(FILE *f, const char *s, size_t n);

#endif /* UB_OUT_H */
