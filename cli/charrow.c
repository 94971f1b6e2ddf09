/*
 * charrow.c - one character as a table row, a JSON object or a --format
 * line, for show and lookup.  The numbers and bit roles come from the
 * library (ub_anatomy_of); this file only lays them out.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "charrow.h"

void
cr_visible(uint32_t cp, char buf[16])
{
	size_t n;

	/* Controls would move the cursor and a space is invisible: the
	 * Control Pictures block has a stand-in for each of C0, space and
	 * DEL (U+2400..U+2421).  C1 controls have none. */
	if (cp <= 0x20) {
		n = ub_utf8_encode(0x2400 + cp, (uint8_t *)buf);
	} else if (cp == 0x7F) {
		n = ub_utf8_encode(0x2421, (uint8_t *)buf);
	} else if (cp >= 0x80 && cp <= 0x9F) {
		n = (size_t)snprintf(buf, 16, "<%02" PRIX32 ">", cp);
	} else if (!ub_is_scalar(cp)) {
		n = (size_t)snprintf(buf, 16, "-");
	} else if (ub_char_width(cp) <= 0 || ub_char_is_combining(cp)) {
		/* A mark or a format character: on a dotted circle, as the
		 * code charts show them (Unicode ch. 24.1). */
		n = ub_utf8_encode(0x25CC, (uint8_t *)buf);
		n += ub_utf8_encode(cp, (uint8_t *)buf + n);
	} else {
		n = ub_utf8_encode(cp, (uint8_t *)buf);
	}
	buf[n] = '\0';
}

void
cr_code(uint32_t cp, char buf[12])
{
	snprintf(buf, 12, "U+%04" PRIX32, cp);
}

void
cr_name(uint32_t cp, char *buf, size_t cap)
{
	char alias[128];
	size_t n;

	n = ub_char_name(cp, buf, cap);
	if (n >= cap || buf[0] != '<')
		return;
	if (ub_char_alias(cp, alias, sizeof(alias)) > 0)
		snprintf(buf + n, cap - n, " %s", alias);
}

/* These two run once per character in dump: no printf. */
void
cr_hex(struct out_buf *b, const uint8_t *s, size_t n)
{
	static const char digits[] = "0123456789ABCDEF";
	char hex[4] = {' ', 0, 0, 0};
	size_t i;

	for (i = 0; i < n; i++) {
		hex[1] = digits[s[i] >> 4];
		hex[2] = digits[s[i] & 15];
		out_buf_add(b, i ? hex : hex + 1);
	}
}

void
cr_bits(struct out_buf *b, const uint8_t *s, size_t n)
{
	char bits[10];
	size_t i;

	bits[0] = ' ';
	for (i = 0; i < n; i++) {
		ub_bits(s[i], 8, bits + 1);
		out_buf_add(b, i ? bits : bits + 1);
	}
}

static void
unit_bits(struct out_buf *b, const ub_unit *u)
{
	char bits[33];

	char marker[34];

	ub_bits(u->value, u->width, bits);
	if (u->marker_bits > 0) {
		memcpy(marker, bits, u->marker_bits);
		marker[u->marker_bits] = '|';
		marker[u->marker_bits + 1] = '\0';
		out_buf_add(b, out_on(OUT_DIM));
		out_buf_add(b, marker);
		out_buf_add(b, out_off());
	}
	out_buf_add(b, out_on(OUT_PAYLOAD));
	out_buf_add(b, bits + u->marker_bits);
	out_buf_add(b, out_off());
}

void
cr_utf8_bits(struct out_buf *b, const ub_anatomy *a)
{
	unsigned i;

	for (i = 0; i < a->utf8_len; i++) {
		if (i > 0)
			out_buf_add(b, " ");
		unit_bits(b, &a->utf8[i]);
	}
}

void
cr_utf8_seq_bits(struct out_buf *b, const uint8_t *s, size_t n)
{
	ub_decoded d = ub_utf8_decode(s, n);
	ub_anatomy a;

	if (d.status == UB_OK && d.len == n &&
	    ub_anatomy_of(d.cp, &a) == UB_OK)
		cr_utf8_bits(b, &a);
	else
		cr_bits(b, s, n);
}

static void
utf16_hex(struct out_buf *b, const ub_anatomy *a)
{
	unsigned i;

	for (i = 0; i < a->utf16_len; i++)
		out_buf_addf(b, "%s%04" PRIX32, i ? " " : "",
		             a->utf16[i].value);
}

static void
header_cell(struct out_table *t, const char *s)
{
	out_table_cellf(t, "%s%s%s", out_on(OUT_BOLD), s, out_off());
}

struct out_table *
cr_table_new(const struct cr_opts *o)
{
	struct out_table *t = out_table_new(10, 2);

	if (t == NULL)
		return NULL;
	out_table_row(t);
	if (o->gutter)
		out_table_cell(t, "");
	header_cell(t, "char");
	if (o->enc != NULL)
		header_cell(t, o->enc);
	header_cell(t, "code");
	header_cell(t, "dec");
	header_cell(t, "binary");
	header_cell(t, "UTF-8");
	header_cell(t, "UTF-8 bits");
	header_cell(t, "UTF-16");
	header_cell(t, "name");
	return t;
}

static const char *
gutter_mark(enum cr_cluster c)
{
	switch (c) {
	case CR_FIRST:
		return "\xE2\x94\x8C"; /* U+250C ┌ */
	case CR_MID:
		return "\xE2\x94\x82"; /* U+2502 │ */
	default:
		return "";
	}
}

/* What a truncated or invalid sequence is called in the name column. */
static const char *
bad_what(ub_status st)
{
	return st == UB_E_TRUNCATED ? "the input ends inside a character"
	                            : ub_strerror(st);
}

static void
add_invalid(struct out_table *t, const struct cr_opts *o, const struct crow *r)
{
	struct out_buf b = {0};

	out_table_cell(t, "");
	cr_hex(&b, r->bytes, r->nbytes);
	if (o->enc != NULL)
		out_table_cell(t, out_buf_str(&b));
	out_table_cellf(t, "%s%s%s", out_on(OUT_BAD),
	                r->status == UB_E_TRUNCATED ? "truncated" : "invalid",
	                out_off());
	out_table_cell(t, "");
	if (o->enc != NULL) {
		/* Not UTF-8: the bits go where the number's would. */
		out_buf_clear(&b);
		cr_bits(&b, r->bytes, r->nbytes);
		out_table_cell(t, out_buf_str(&b));
		out_table_cell(t, "");
		out_table_cell(t, "");
	} else {
		out_table_cell(t, "");
		out_table_cell(t, out_buf_str(&b));
		out_buf_clear(&b);
		cr_bits(&b, r->bytes, r->nbytes);
		out_table_cell(t, out_buf_str(&b));
	}
	out_table_cell(t, "");
	out_table_cellf(t, "%s<%s%s: %s>%s", out_on(OUT_BAD),
	                r->status == UB_E_TRUNCATED ? "truncated "
	                                            : "invalid ",
	                o->enc != NULL ? o->enc : "UTF-8", bad_what(r->status),
	                out_off());
	out_buf_free(&b);
}

void
cr_table_add(struct out_table *t, const struct cr_opts *o,
             const struct crow *r)
{
	struct out_buf b = {0};
	char vis[16], code[12], bits[33], name[256];
	ub_anatomy a;

	out_table_row(t);
	if (o->gutter)
		out_table_cell(t, gutter_mark(r->cluster));
	if (r->status != UB_OK) {
		add_invalid(t, o, r);
		return;
	}
	cr_visible(r->cp, vis);
	out_table_cell(t, vis);
	if (o->enc != NULL) {
		/* Only bytes that came in: lookup by number has none. */
		if (r->has_offset)
			cr_hex(&b, r->bytes, r->nbytes);
		out_table_cell(t, out_buf_str(&b));
		out_buf_clear(&b);
	}
	cr_code(r->cp, code);
	out_table_cellf(t, "%s%s%s", out_on(OUT_CODE), code, out_off());
	out_table_cellf(t, "%" PRIu32, r->cp);
	out_table_cell(t, ub_bits(r->cp, ub_bit_length(r->cp), bits));
	if (ub_anatomy_of(r->cp, &a) == UB_OK) {
		uint8_t u8[4];
		size_t n = ub_utf8_encode(r->cp, u8);

		cr_hex(&b, u8, n);
		out_table_cell(t, out_buf_str(&b));
		out_buf_clear(&b);
		cr_utf8_bits(&b, &a);
		out_table_cell(t, out_buf_str(&b));
		out_buf_clear(&b);
		utf16_hex(&b, &a);
		out_table_cell(t, out_buf_str(&b));
	} else {
		/* A surrogate or a value above U+10FFFF (lookup only): no
		 * encoding form can hold it. */
		out_table_cell(t, "-");
		out_table_cell(t, "(no encoding: not a scalar value)");
		out_table_cell(t, "-");
	}
	cr_name(r->cp, name, sizeof(name));
	out_table_cell(t, name);
	out_buf_free(&b);
}

void
cr_table_cluster_note(struct out_table *t, const uint32_t *cps, size_t n)
{
	struct out_buf b = {0};
	uint8_t u8[5];
	size_t i, bytes = 0, len;

	out_buf_add(&b, "\xE2\x94\x94 "); /* U+2514 └ */
	for (i = 0; i < n; i++) {
		len = ub_utf8_encode(cps[i], u8);
		bytes += len;
		u8[len] = '\0';
		out_buf_add(&b, (const char *)u8);
	}
	out_buf_addf(&b,
	             " is one grapheme: %zu code points, %zu UTF-8 "
	             "bytes",
	             n, bytes);
	out_table_note(t, out_buf_str(&b));
	out_buf_free(&b);
}

void
cr_json(FILE *f, const struct crow *r)
{
	struct jw j;
	uint8_t u8[4];
	uint32_t u16[2];
	char name[256];
	ub_anatomy a;
	size_t n = 0;
	unsigned i;

	jw_begin(&j, f);
	if (r->has_offset)
		jw_int(&j, "offset", (long long)r->offset);
	else
		jw_null(&j, "offset");
	jw_bytes(&j, "bytes", r->bytes, r->nbytes);
	if (r->status != UB_OK) {
		jw_null(&j, "cp");
		jw_str(&j, "error",
		       r->status == UB_E_TRUNCATED ? "truncated" : "invalid");
		jw_str(&j, "reason", ub_status_name(r->status));
		if (r->has_grapheme)
			jw_int(&j, "grapheme", (long long)r->grapheme);
		jw_end(&j);
		return;
	}
	jw_int(&j, "cp", (long long)r->cp);
	if (ub_anatomy_of(r->cp, &a) == UB_OK) {
		n = ub_utf8_encode(r->cp, u8);
		for (i = 0; i < a.utf16_len; i++)
			u16[i] = a.utf16[i].value;
	} else {
		a.utf16_len = 0;
	}
	jw_bytes(&j, "utf8", u8, n);
	jw_u32s(&j, "utf16", u16, a.utf16_len);
	ub_char_name(r->cp, name, sizeof(name));
	jw_str(&j, "name", name);
	jw_str(&j, "category", ub_char_category(r->cp));
	if (r->has_grapheme)
		jw_int(&j, "grapheme", (long long)r->grapheme);
	jw_end(&j);
}

/* ------------------------------------------------------------------ */
/* --format                                                            */
/* ------------------------------------------------------------------ */

static const char *const fields[] = {
	"c",    "raw",      "U",     "x",      "d",     "b",
	"utf8", "utf8bits", "utf16", "utf32",  "bytes", "offset",
	"name", "cat",      "width", "script", "block",
};

/* The longest field name at s, or -1. */
static int
field_at(const char *s, size_t *len)
{
	size_t i, best = 0, n;
	int which = -1;

	for (i = 0; i < sizeof(fields) / sizeof(fields[0]); i++) {
		n = strlen(fields[i]);
		if (n > best && strncmp(s, fields[i], n) == 0) {
			best = n;
			which = (int)i;
		}
	}
	*len = best;
	return which;
}

/* Parse the field after a '%' at *p; returns its index, -1 for a bad
 * field, -2 for "%%", and moves *p past it. */
static int
next_field(const char **p)
{
	const char *s = *p;
	size_t len, i;
	int f;

	if (*s == '%') {
		*p = s + 1;
		return -2;
	}
	if (*s == '{') {
		const char *e = strchr(s, '}');

		if (e == NULL)
			return -1;
		for (i = 0; i < sizeof(fields) / sizeof(fields[0]); i++)
			if (strlen(fields[i]) == (size_t)(e - s - 1) &&
			    strncmp(s + 1, fields[i], (size_t)(e - s - 1)) ==
			            0) {
				*p = e + 1;
				return (int)i;
			}
		return -1;
	}
	f = field_at(s, &len);
	*p = s + len;
	return f;
}

const char *
cr_format_check(const char *tmpl)
{
	static char bad[32];
	const char *p = tmpl;

	while ((p = strchr(p, '%')) != NULL) {
		const char *at = p;

		p++;
		if (next_field(&p) == -1) {
			snprintf(bad, sizeof(bad), "%.20s", at);
			return bad;
		}
	}
	return NULL;
}

static void
put_field(FILE *f, int which, const struct crow *r)
{
	struct out_buf b = {0};
	char buf[256];
	uint8_t u8[4];
	ub_anatomy a;
	bool ok = r->status == UB_OK;
	bool enc = ok && ub_anatomy_of(r->cp, &a) == UB_OK;

	switch (which) {
	case 0: /* c */
		if (ok) {
			cr_visible(r->cp, buf);
			fputs(buf, f);
		}
		break;
	case 1: /* raw */
		fwrite(r->bytes, 1, r->nbytes, f);
		break;
	case 2: /* U */
		if (ok) {
			cr_code(r->cp, buf);
			fputs(buf, f);
		} else {
			fputs("invalid", f);
		}
		break;
	case 3: /* x */
		if (ok)
			fprintf(f, "%04" PRIX32, r->cp);
		break;
	case 4: /* d */
		if (ok)
			fprintf(f, "%" PRIu32, r->cp);
		break;
	case 5: /* b */
		if (ok)
			fputs(ub_bits(r->cp, ub_bit_length(r->cp), buf), f);
		break;
	case 6: /* utf8 */
		if (enc)
			cr_hex(&b, u8, ub_utf8_encode(r->cp, u8));
		else if (!ok)
			cr_hex(&b, r->bytes, r->nbytes);
		break;
	case 7: /* utf8bits */
		if (enc)
			cr_utf8_bits(&b, &a);
		else if (!ok)
			cr_bits(&b, r->bytes, r->nbytes);
		break;
	case 8: /* utf16 */
		if (enc)
			utf16_hex(&b, &a);
		break;
	case 9: /* utf32 */
		if (enc)
			fprintf(f, "%08" PRIX32, a.utf32);
		break;
	case 10: /* bytes */
		cr_hex(&b, r->bytes, r->nbytes);
		break;
	case 11: /* offset */
		if (r->has_offset)
			fprintf(f, "%" PRIu64, r->offset);
		break;
	case 12: /* name */
		if (ok) {
			ub_char_name(r->cp, buf, sizeof(buf));
			fputs(buf, f);
		} else {
			fprintf(f, "<%s>", bad_what(r->status));
		}
		break;
	case 13: /* cat */
		if (ok)
			fputs(ub_char_category(r->cp), f);
		break;
	case 14: /* width */
		if (ok)
			fprintf(f, "%d", ub_char_width(r->cp));
		break;
	case 15: /* script */
		if (ok)
			fputs(ub_char_script(r->cp), f);
		break;
	case 16: /* block */
		if (ok)
			fputs(ub_char_block(r->cp), f);
		break;
	default:
		break;
	}
	fputs(out_buf_str(&b), f);
	out_buf_free(&b);
}

void
cr_format(FILE *f, const char *tmpl, const struct crow *r)
{
	const char *p = tmpl;
	int which;

	while (*p != '\0') {
		if (*p == '\\' && p[1] != '\0') {
			switch (p[1]) {
			case 't':
				fputc('\t', f);
				break;
			case 'n':
				fputc('\n', f);
				break;
			case '\\':
				fputc('\\', f);
				break;
			default:
				fputc('\\', f);
				fputc(p[1], f);
				break;
			}
			p += 2;
			continue;
		}
		if (*p != '%') {
			fputc(*p++, f);
			continue;
		}
		p++;
		which = next_field(&p);
		if (which == -2)
			fputc('%', f);
		else if (which >= 0)
			put_field(f, which, r);
	}
	fputc('\n', f);
}
