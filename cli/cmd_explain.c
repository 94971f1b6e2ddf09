/*
 * cmd_explain.c - unibits explain: walk one character from its number
 * to its bytes, one step per line, as ub_explain_steps lays it out:
 * character -> number -> binary -> the UTF-8 template and why -> the
 * bits poured in -> bytes -> UTF-16 (surrogate arithmetic above
 * U+FFFF) -> UTF-32.
 *
 * Marker bits are set apart from payload bits by a space, so the
 * output reads the same without colour; colour (out.c) only adds
 * emphasis.
 */
#define _POSIX_C_SOURCE 200809L
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <unibits.h>

#include "charrow.h"
#include "cmd.h"
#include "msg.h"
#include "out.h"

static const char usage[] =
	"usage: unibits explain [--json] [--color=auto|always|never] "
	"CHAR|U+XXXX|0xHH|NUMBER|NAME...";

/* The styles of the parts of a line (out.c decides whether colour is
 * on at all). */
#define SGR_MARKER OUT_DIM      /* the bits that only say "what kind" */
#define SGR_PAYLOAD OUT_PAYLOAD /* the bits that carry the number */
#define SGR_LABEL OUT_BOLD      /* the step's name */
#define SGR_RESULT OUT_CODE     /* what the step produces */

static void
paint(enum out_style style, const char *s)
{
	fputs(out_on(style), stdout);
	fputs(s, stdout);
	fputs(out_off(), stdout);
}

static void
label(const char *name)
{
	char buf[32];

	snprintf(buf, sizeof(buf), "%-11s", name);
	paint(SGR_LABEL, buf);
}

/* v in width bits. */
static void
bits(enum out_style sgr, uint32_t v, unsigned width)
{
	char buf[40];

	paint(sgr, ub_bits(v, width, buf));
}

/* A unit with its marker bits apart from its payload bits. */
static void
unit_bits(const ub_unit *u)
{
	if (u->marker_bits > 0) {
		bits(SGR_MARKER, u->value >> u->payload_bits, u->marker_bits);
		putchar(' ');
	}
	bits(SGR_PAYLOAD, u->value, u->payload_bits);
}

static void
line_character(uint32_t cp)
{
	char name[128], alias[128], vis[16];

	label("character");
	cr_visible(cp, vis);
	fputs(vis, stdout);
	ub_char_name(cp, name, sizeof(name));
	printf("  U+%04X  %s", cp, name);
	if (ub_char_alias(cp, alias, sizeof(alias)) > 0)
		printf(" (%s)", alias);
	putchar('\n');
}

/* "7 bits: at most 7, so 1 byte", then the template. */
static void
line_fit(const ub_step *s)
{
	char buf[160];

	label("UTF-8");
	if (s->operand2 == 0)
		printf("%u bit%s: at most %u, so 1 byte\n", s->from,
		       s->from == 1 ? "" : "s", s->operand);
	else
		printf("%u bits: more than %u, at most %u, so %u bytes\n",
		       s->from, s->operand2, s->operand, s->value);
	label("template");
	snprintf(buf, sizeof(buf), "%s", s->text);
	paint(SGR_MARKER, buf);
	putchar('\n');
}

/* The bits padded to fill the template, each byte's share right under
 * the template's x's, so the eye sees them poured in. */
static void
line_pad(const ub_step *s, const ub_step *steps, size_t n)
{
	size_t i;
	unsigned k;
	bool first = true;

	label("pour in");
	for (i = 0; i < n; i++) {
		if (steps[i].kind != UB_STEP_UTF8_UNIT)
			continue;
		if (!first)
			putchar(' ');
		first = false;
		for (k = 0; k < steps[i].u.marker_bits; k++)
			putchar(' ');
		bits(SGR_PAYLOAD, steps[i].from, steps[i].from_width);
	}
	if (s->width > s->from_width)
		printf("  (%u bits, %u zero%s in front)", s->width,
		       s->width - s->from_width,
		       s->width - s->from_width == 1 ? "" : "s");
	putchar('\n');
}

static void
line_unit8(const ub_step *s, unsigned len)
{
	char name[16], hex[8];

	snprintf(name, sizeof(name), "byte %u", s->unit + 1);
	label(name);
	unit_bits(&s->u);
	snprintf(hex, sizeof(hex), "%02X", s->value);
	fputs(" = ", stdout);
	paint(SGR_RESULT, hex);
	fputs("  (", stdout);
	bits(SGR_MARKER, s->operand, s->u.marker_bits);
	if (s->unit > 0)
		fputs(" marks a continuation byte", stdout);
	else if (len == 1)
		fputs(" marks a 1-byte character", stdout);
	else
		printf(" marks the lead of %u bytes", len);
	printf(", then %u bits)\n", s->from_width);
}

static void
line_bytes(const ub_step *s)
{
	char buf[16];
	unsigned i, n = s->operand;

	label("bytes");
	for (i = 0; i < n; i++) {
		snprintf(buf, sizeof(buf), "%s%02X", i > 0 ? " " : "",
		         s->value >> (8 * (n - 1 - i)) & 0xFF);
		paint(SGR_RESULT, buf);
	}
	printf("  (UTF-8, %u byte%s)\n", n, n == 1 ? "" : "s");
}

static void
line_utf16(const ub_step *s, uint32_t cp)
{
	char hex[16];

	switch (s->kind) {
	case UB_STEP_UTF16_BMP:
		label("UTF-16");
		printf("U+%04X is at most U+FFFF: one 16-bit unit holds the "
		       "number itself\n",
		       cp);
		label("unit");
		bits(SGR_PAYLOAD, s->value, 16);
		snprintf(hex, sizeof(hex), "%04X", s->value);
		fputs(" = ", stdout);
		paint(SGR_RESULT, hex);
		putchar('\n');
		break;
	case UB_STEP_UTF16_SUB:
		label("UTF-16");
		printf("U+%04X is above U+FFFF: a surrogate pair\n", cp);
		label("subtract");
		printf("0x%X - 0x10000 = 0x%05X, in 20 bits: ", s->from,
		       s->value);
		bits(SGR_PAYLOAD, s->value >> 10, 10);
		putchar(' ');
		bits(SGR_PAYLOAD, s->value, 10);
		putchar('\n');
		break;
	case UB_STEP_UTF16_HIGH:
	case UB_STEP_UTF16_LOW:
		label(s->kind == UB_STEP_UTF16_HIGH ? "high" : "low");
		bits(SGR_PAYLOAD, s->from, 10);
		printf(" + 0x%04X = ", s->operand);
		unit_bits(&s->u);
		snprintf(hex, sizeof(hex), "%04X", s->value);
		fputs(" = ", stdout);
		paint(SGR_RESULT, hex);
		putchar('\n');
		break;
	case UB_STEP_UTF16_UNITS:
		if (s->operand < 2)
			break;
		label("units");
		snprintf(hex, sizeof(hex), "%04X %04X", s->value >> 16,
		         s->value & 0xFFFF);
		paint(SGR_RESULT, hex);
		fputs("  (UTF-16, 4 bytes)\n", stdout);
		break;
	default:
		break;
	}
}

static void
line_utf32(const ub_step *s)
{
	char hex[16];
	int i;

	label("UTF-32");
	for (i = 3; i >= 0; i--) {
		bits(SGR_PAYLOAD, s->value >> (8 * i), 8);
		if (i > 0)
			putchar(' ');
	}
	snprintf(hex, sizeof(hex), "%08X", s->value);
	fputs(" = ", stdout);
	paint(SGR_RESULT, hex);
	putchar('\n');
}

/* How the argument was read, for the note on digits and numbers. */
enum form { AS_CHAR, AS_HEX, AS_NUMBER, AS_NAME };

/* Say why arg, not a number, is not one character either. */
static bool
not_one_char(const char *arg)
{
	const uint8_t *s = (const uint8_t *)arg;
	size_t n = strlen(arg);

	if (n == 0)
		msg_err("explain: an empty argument");
	else if (ub_utf8_validate(s, n).status != UB_OK)
		msg_err("explain: the argument is not valid UTF-8");
	else
		msg_err("explain: '%s' is %zu code points and no "
		        "character's name; explain takes one character "
		        "(for text, try: unibits show)",
		        arg, ub_utf8_count(s, n));
	return false;
}

/*
 * Read CHAR, U+XXXX, 0xHH, NUMBER or a character's NAME.  A single
 * character is always itself, so "4" is the digit four; two or more
 * decimal digits are a number.  Returns false (and says why) when arg
 * is none of these.
 */
static bool
parse_arg(const char *arg, uint32_t *cp, enum form *form)
{
	const uint8_t *s = (const uint8_t *)arg;
	size_t n = strlen(arg), i;
	ub_decoded d;
	unsigned long v;
	char *end;

	d = ub_utf8_decode(s, n);
	if (n > 0 && d.status == UB_OK && d.len == n) {
		*cp = d.cp;
		*form = AS_CHAR;
		return true;
	}
	if (n > 2 && (((arg[0] | 32) == 'u' && arg[1] == '+') ||
	              (arg[0] == '0' && (arg[1] | 32) == 'x'))) {
		*form = AS_HEX;
	} else {
		for (i = 0; i < n && arg[i] >= '0' && arg[i] <= '9'; i++)
			continue;
		if (n == 0 || i < n) {
			/* A character's name: "euro sign", "line feed". */
			if (n == 0 || !ub_char_from_name(arg, cp))
				return not_one_char(arg);
			*form = AS_NAME;
			v = *cp;
			goto check;
		}
		*form = AS_NUMBER;
		/* More digits than 10FFFF has are too large anyway. */
		v = n > 8 ? ULONG_MAX : strtoul(arg, NULL, 10);
		goto check;
	}
	for (i = 2; i < n; i++)
		if (!((arg[i] >= '0' && arg[i] <= '9') ||
		      ((arg[i] | 32) >= 'a' && (arg[i] | 32) <= 'f')))
			break;
	if (i < n || n > 10) {
		msg_err("explain: '%s' is not a hexadecimal code point", arg);
		return false;
	}
	v = strtoul(arg + 2, &end, 16);
check:
	if (v > UB_MAX_CODE_POINT) {
		msg_err("explain: %s is above U+10FFFF, the last code point: "
		        "no encoding form can hold it",
		        arg);
		return false;
	}
	if (!ub_is_scalar((uint32_t)v)) {
		msg_err("explain: U+%04lX is a surrogate code point, kept "
		        "for UTF-16 pairs: it is not a character and has no "
		        "UTF-8 or UTF-32 form",
		        v);
		return false;
	}
	*cp = (uint32_t)v;
	return true;
}

/* Say plainly that a digit and a number are different things. */
static void
note(const char *arg, uint32_t cp, enum form form)
{
	char b[40];
	size_t i, n = strlen(arg);

	if (form == AS_CHAR && cp >= '0' && cp <= '9') {
		label("note");
		printf("the character '%c' is code point %u, binary %s;\n",
		       (char)cp, cp, ub_bits(cp, 8, b));
		label("");
		printf("the number %u is binary %s (to explain code point %u,"
		       " ask for U+%04X)\n",
		       cp - '0', ub_bits(cp - '0', ub_bit_length(cp - '0'), b),
		       cp - '0', cp - '0');
	} else if (form == AS_NUMBER) {
		label("note");
		printf("%s was read as a number: code point %u, binary %s;\n",
		       arg, cp, ub_bits(cp, ub_bit_length(cp), b));
		label("");
		printf("the text \"%s\" is %zu characters:", arg, n);
		for (i = 0; i < n; i++)
			printf(" '%c'", arg[i]);
		fputs(" =", stdout);
		for (i = 0; i < n; i++)
			printf(" %d", arg[i]);
		putchar('\n');
	}
}

static void
explain(const char *arg, uint32_t cp, enum form form)
{
	ub_step st[UB_EXPLAIN_MAX_STEPS];
	size_t n, i;
	unsigned len = 0;
	char buf[40];

	n = ub_explain_steps(cp, st, UB_EXPLAIN_MAX_STEPS);
	for (i = 0; i < n; i++)
		if (st[i].kind == UB_STEP_UTF8_UNIT)
			len++;
	line_character(cp);
	for (i = 0; i < n; i++) {
		const ub_step *s = &st[i];

		switch (s->kind) {
		case UB_STEP_NUMBER:
			label("number");
			snprintf(buf, sizeof(buf), "%u", s->value);
			paint(SGR_RESULT, buf);
			printf(" decimal = 0x%X hex\n", s->value);
			break;
		case UB_STEP_BINARY:
			label("binary");
			bits(SGR_PAYLOAD, s->value, s->width);
			printf("  (%u significant bit%s)\n", s->width,
			       s->width == 1 ? "" : "s");
			break;
		case UB_STEP_UTF8_FIT:
			line_fit(s);
			break;
		case UB_STEP_UTF8_PAD:
			line_pad(s, st, n);
			break;
		case UB_STEP_UTF8_UNIT:
			line_unit8(s, len);
			break;
		case UB_STEP_UTF8_BYTES:
			line_bytes(s);
			break;
		case UB_STEP_UTF32:
			line_utf32(s);
			break;
		default:
			line_utf16(s, cp);
			break;
		}
	}
	note(arg, cp, form);
}

/* Units u[0..n) as JSON arrays of their marker bits and payload bits,
 * strings of 0 and 1 ("" for a unit without a marker). */
static void
json_unit_bits(struct jw *j, const char *markers, const char *payloads,
               const ub_unit *u, unsigned n)
{
	char mk[4][40], pl[4][40];
	const char *m[4], *p[4];
	unsigned i;

	for (i = 0; i < n; i++) {
		mk[i][0] = '\0';
		if (u[i].marker_bits > 0)
			ub_bits(u[i].value >> u[i].payload_bits,
			        u[i].marker_bits, mk[i]);
		ub_bits(u[i].value, u[i].payload_bits, pl[i]);
		m[i] = mk[i];
		p[i] = pl[i];
	}
	jw_strs(j, markers, m, n);
	jw_strs(j, payloads, p, n);
}

/*
 * explain --json: the same steps as data, one object per argument
 * (unibits(1) lists the keys), from the character's anatomy.  Bits are
 * strings of 0 and 1, at the widths the text shows them in.
 */
static void
explain_json(const char *arg, uint32_t cp, enum form form)
{
	static const char *const read_as[] = {"character", "hex", "number",
	                                      "name"};
	char name[256], bits[40];
	uint8_t u8[4];
	uint32_t u16[2];
	ub_anatomy a;
	unsigned i;
	struct jw j;

	ub_anatomy_of(cp, &a); /* cp is a scalar value: parse_arg said */
	for (i = 0; i < a.utf8_len; i++)
		u8[i] = (uint8_t)a.utf8[i].value;
	for (i = 0; i < a.utf16_len; i++)
		u16[i] = a.utf16[i].value;
	jw_begin(&j, stdout);
	jw_str(&j, "input", arg);
	jw_str(&j, "read_as", read_as[form]);
	jw_int(&j, "cp", cp);
	ub_char_name(cp, name, sizeof(name));
	jw_str(&j, "name", name);
	jw_str(&j, "binary", ub_bits(cp, a.cp_bits, bits));
	jw_bytes(&j, "utf8", u8, a.utf8_len);
	jw_str(&j, "utf8_template", a.utf8_template);
	jw_str(&j, "utf8_bits", ub_bits(cp, a.utf8_capacity, bits));
	json_unit_bits(&j, "utf8_markers", "utf8_payloads", a.utf8,
	               a.utf8_len);
	jw_u32s(&j, "utf16", u16, a.utf16_len);
	if (a.utf16_len == 2)
		jw_int(&j, "utf16_offset", a.utf16_offset);
	else
		jw_null(&j, "utf16_offset");
	json_unit_bits(&j, "utf16_markers", "utf16_payloads", a.utf16,
	               a.utf16_len);
	jw_int(&j, "utf32", a.utf32);
	jw_end(&j);
}

int
cmd_explain(int argc, char **argv)
{
	static const struct option longopts[] = {
		{"color", required_argument, NULL, 'C'},
		{"colour", required_argument, NULL, 'C'},
		{"help", no_argument, NULL, 'h'},
		{"json", no_argument, NULL, 'j'},
		{NULL, 0, NULL, 0},
	};
	enum out_color_mode cm;
	uint32_t cp;
	enum form form;
	int c, i, rc = EXIT_OK, shown = 0;
	bool json = false;

	optind = 1;
	while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		switch (c) {
		case 'C':
			if (!out_parse_color(optarg, &cm)) {
				msg_err("explain: --color must be auto, "
				        "always or never, not '%s'",
				        optarg);
				return EXIT_USAGE;
			}
			out_color_init(cm);
			break;
		case 'h':
			printf("%s\n", usage);
			return EXIT_OK;
		case 'j':
			json = true;
			break;
		default:
			fprintf(stderr, "%s\n", usage);
			return EXIT_USAGE;
		}
	}
	if (optind >= argc) {
		fprintf(stderr, "%s\n", usage);
		return EXIT_USAGE;
	}
	for (i = optind; i < argc; i++) {
		if (!parse_arg(argv[i], &cp, &form)) {
			rc = EXIT_USAGE;
			continue;
		}
		if (json) {
			explain_json(argv[i], cp, form);
			continue;
		}
		if (shown++ > 0)
			putchar('\n');
		explain(argv[i], cp, form);
	}
	return rc;
}
