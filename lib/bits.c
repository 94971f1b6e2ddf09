/*
 * bits.c - the binary inspection layer: bit strings, the role of every
 * bit of a character's UTF-8 bytes and UTF-16 units, and the ordered
 * steps from a code point to its bytes that `unibits explain` prints.
 * Only libc: the library computes, the CLI formats.
 */
#include <string.h>

#include "internal.h"

UB_API char *
ub_bits(uint32_t v, unsigned width, char *buf)
{
	unsigned i;

	if (buf == NULL)
		return NULL;
	if (width > 32)
		width = 32;
	for (i = 0; i < width; i++)
		buf[i] = (char)('0' + (v >> (width - 1 - i) & 1));
	buf[width] = '\0';
	return buf;
}

UB_API unsigned
ub_bit_length(uint32_t v)
{
	unsigned n = 1;

	while (n < 32 && v >> n != 0)
		n++;
	return n;
}

/*
 * The UTF-8 templates, RFC 3629 section 3:
 *
 *   bits  range              template
 *    7    0000..007F         0xxxxxxx
 *   11    0080..07FF         110xxxxx 10xxxxxx
 *   16    0800..FFFF         1110xxxx 10xxxxxx 10xxxxxx
 *   21    10000..10FFFF      11110xxx 10xxxxxx 10xxxxxx 10xxxxxx
 *
 * The lead byte's marker is len ones and a zero (just a zero for one
 * byte); every continuation byte is 10 plus six payload bits.
 */
static const struct {
	uint32_t max;
	unsigned capacity;
	uint8_t lead_marker; /* the marker bits as a number */
	uint8_t lead_marker_bits;
	const char *template;
} utf8_forms[4] = {
	{0x7F, 7, 0x0, 1, "0xxxxxxx"},
	{0x7FF, 11, 0x6, 3, "110xxxxx 10xxxxxx"},
	{0xFFFF, 16, 0xE, 4, "1110xxxx 10xxxxxx 10xxxxxx"},
	{0x10FFFF, 21, 0x1E, 5, "11110xxx 10xxxxxx 10xxxxxx 10xxxxxx"},
};

UB_API ub_status
ub_anatomy_of(uint32_t cp, ub_anatomy *a)
{
	unsigned len, i, shift;
	uint32_t v;

	if (a == NULL)
		return UB_E_INVALID_ARG;
	memset(a, 0, sizeof(*a));
	if (!ub_is_scalar(cp))
		return UB_E_INVALID_ARG;
	a->cp = cp;
	a->cp_bits = ub_bit_length(cp);
	for (len = 1; cp > utf8_forms[len - 1].max; len++)
		continue;
	a->utf8_len = len;
	a->utf8_capacity = utf8_forms[len - 1].capacity;
	a->utf8_template = utf8_forms[len - 1].template;

	/* The lead byte holds the top bits; each continuation byte the
	 * next six, so unit i's payload starts 6 * (len - 1 - i) up. */
	for (i = 0; i < len; i++) {
		ub_unit *u = &a->utf8[i];

		shift = 6 * (len - 1 - i);
		u->width = 8;
		u->payload_shift = (uint8_t)shift;
		if (i == 0) {
			u->marker_bits = utf8_forms[len - 1].lead_marker_bits;
			u->payload_bits = (uint8_t)(8 - u->marker_bits);
			v = (uint32_t)utf8_forms[len - 1].lead_marker
			    << u->payload_bits;
		} else {
			u->marker_bits = 2;
			u->payload_bits = 6;
			v = 0x80; /* 10xxxxxx */
		}
		v |= cp >> shift & ((1u << u->payload_bits) - 1);
		u->value = v;
	}

	/* UTF-16, RFC 2781 section 2.1: the BMP is one unit holding the
	 * number; above it, cp - 0x10000 fits 20 bits, split 10 + 10 into
	 * 110110xxxxxxxxxx 110111xxxxxxxxxx. */
	if (cp <= 0xFFFF) {
		a->utf16_len = 1;
		a->utf16[0].value = cp;
		a->utf16[0].width = 16;
		a->utf16[0].payload_bits = 16;
	} else {
		a->utf16_len = 2;
		a->utf16_offset = cp - 0x10000;
		a->utf16_high10 = a->utf16_offset >> 10;
		a->utf16_low10 = a->utf16_offset & 0x3FF;
		a->utf16[0].value = 0xD800 + a->utf16_high10;
		a->utf16[0].payload_shift = 10;
		a->utf16[1].value = 0xDC00 + a->utf16_low10;
		for (i = 0; i < 2; i++) {
			a->utf16[i].width = 16;
			a->utf16[i].marker_bits = 6;
			a->utf16[i].payload_bits = 10;
		}
	}
	a->utf32 = cp;
	return UB_OK;
}

/* Append a step if there is room (else build it in the caller's
 * scratch *sink); count it either way. */
static ub_step *
push(ub_step *steps, size_t cap, size_t *n, ub_step *sink, ub_step_kind kind,
     const char *label)
{
	ub_step *s = *n < cap ? &steps[*n] : sink;

	(*n)++;
	memset(s, 0, sizeof(*s));
	s->kind = kind;
	s->label = label;
	return s;
}

UB_API size_t
ub_explain_steps(uint32_t cp, ub_step *steps, size_t cap)
{
	ub_anatomy a;
	ub_step *s, sink;
	size_t n = 0;
	unsigned i;
	uint32_t packed = 0;

	if (steps == NULL)
		cap = 0;
	if (ub_anatomy_of(cp, &a) != UB_OK)
		return 0;

	s = push(steps, cap, &n, &sink, UB_STEP_NUMBER, "code point");
	s->value = cp;

	s = push(steps, cap, &n, &sink, UB_STEP_BINARY, "binary");
	s->value = cp;
	s->width = (uint8_t)a.cp_bits;

	/* The smallest template whose payload holds every significant
	 * bit: RFC 3629 forbids the longer (overlong) ones. */
	s = push(steps, cap, &n, &sink, UB_STEP_UTF8_FIT, "UTF-8 template");
	s->value = a.utf8_len;
	s->from = a.cp_bits;
	s->operand = a.utf8_capacity;
	s->operand2 = a.utf8_len > 1 ? utf8_forms[a.utf8_len - 2].capacity : 0;
	s->text = a.utf8_template;

	s = push(steps, cap, &n, &sink, UB_STEP_UTF8_PAD,
	         "padded to the template");
	s->value = cp;
	s->width = (uint8_t)a.utf8_capacity;
	s->from = cp;
	s->from_width = (uint8_t)a.cp_bits;

	for (i = 0; i < a.utf8_len; i++) {
		const ub_unit *u = &a.utf8[i];

		s = push(steps, cap, &n, &sink, UB_STEP_UTF8_UNIT,
		         i == 0 ? "lead byte" : "continuation byte");
		s->unit = (uint8_t)i;
		s->u = *u;
		s->value = u->value;
		s->width = 8;
		s->from = cp >> u->payload_shift &
		          ((1u << u->payload_bits) - 1);
		s->from_width = u->payload_bits;
		s->operand = u->value >> u->payload_bits;
		packed = packed << 8 | u->value;
	}

	s = push(steps, cap, &n, &sink, UB_STEP_UTF8_BYTES, "UTF-8");
	s->value = packed;
	s->operand = a.utf8_len;

	if (a.utf16_len == 1) {
		s = push(steps, cap, &n, &sink, UB_STEP_UTF16_BMP,
		         "UTF-16: one unit, the number itself");
		s->value = cp;
		s->width = 16;
		s->u = a.utf16[0];
	} else {
		/* RFC 2781 2.1: 20 bits remain after taking 0x10000 off;
		 * the high ten ride on D800, the low ten on DC00. */
		s = push(steps, cap, &n, &sink, UB_STEP_UTF16_SUB,
		         "UTF-16: subtract 0x10000");
		s->value = a.utf16_offset;
		s->width = 20;
		s->from = cp;
		s->operand = 0x10000;

		s = push(steps, cap, &n, &sink, UB_STEP_UTF16_HIGH,
		         "high surrogate: top 10 bits + 0xD800");
		s->from = a.utf16_high10;
		s->from_width = 10;
		s->operand = 0xD800;
		s->value = a.utf16[0].value;
		s->width = 16;
		s->u = a.utf16[0];

		s = push(steps, cap, &n, &sink, UB_STEP_UTF16_LOW,
		         "low surrogate: low 10 bits + 0xDC00");
		s->from = a.utf16_low10;
		s->from_width = 10;
		s->operand = 0xDC00;
		s->value = a.utf16[1].value;
		s->width = 16;
		s->unit = 1;
		s->u = a.utf16[1];
	}

	s = push(steps, cap, &n, &sink, UB_STEP_UTF16_UNITS, "UTF-16");
	s->value = a.utf16_len == 1
	                   ? a.utf16[0].value
	                   : a.utf16[0].value << 16 | a.utf16[1].value;
	s->operand = a.utf16_len;

	s = push(steps, cap, &n, &sink, UB_STEP_UTF32, "UTF-32");
	s->value = cp;
	s->width = 32;
	return n;
}
