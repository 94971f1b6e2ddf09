/*
 * cmd_table.c - unibits table: a whole single-byte character set, one
 * row per byte: decimal, hex, binary, the code point it stands for, the
 * character (controls as their Control Pictures) and its name (controls
 * by their ISO 6429 names).  ASCII is the classic 128 rows; Latin-1 and
 * any other single-byte charset the converter knows (cp1252, koi8-r,
 * ...) are 256, from ub_charset_byte_map.
 */
#define _POSIX_C_SOURCE 200809L
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <unibits.h>

#include "cmd.h"
#include "msg.h"

static const char usage[] =
	"usage: unibits table [--range A-B] ascii|latin1|ENC";

/* One bound of --range: decimal, or hex with 0x. */
static bool
parse_bound(const char *s, const char *end, unsigned *v)
{
	unsigned long x = 0;
	int base = 10;
	const char *p = s;

	if (end - s > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		base = 16;
		p += 2;
	}
	if (p == end)
		return false;
	for (; p < end; p++) {
		int d;

		if (*p >= '0' && *p <= '9')
			d = *p - '0';
		else if (base == 16 && (*p | 32) >= 'a' && (*p | 32) <= 'f')
			d = (*p | 32) - 'a' + 10;
		else
			return false;
		x = x * (unsigned long)base + (unsigned long)d;
		if (x > 0xFFFF)
			return false;
	}
	*v = (unsigned)x;
	return true;
}

/* "A-B" or a single "A". */
static bool
parse_range(const char *s, unsigned *lo, unsigned *hi)
{
	const char *dash = strchr(s, '-');
	const char *end = s + strlen(s);

	if (dash == NULL)
		return parse_bound(s, end, lo) && (*hi = *lo, true);
	return parse_bound(s, dash, lo) && parse_bound(dash + 1, end, hi) &&
	       *lo <= *hi;
}

/* The character column: visible, 2 columns wide whatever it is. */
static void
print_char(uint32_t cp)
{
	uint8_t b[4];
	size_t n;
	int w;

	if (cp == UB_NO_CHAR) {
		fputs("    ", stdout);
		return;
	}
	if (cp <= 0x20)
		cp += 0x2400; /* NUL..SP: U+2400..U+2420 */
	else if (cp == 0x7F)
		cp = 0x2421; /* DEL */
	if (ub_char_category(cp)[0] == 'C') {
		fputs("    ", stdout); /* C1 controls, format characters */
		return;
	}
	w = ub_char_width(cp);
	if (ub_char_is_combining(cp)) {
		fputs("\u25CC", stdout); /* dotted circle to sit on */
		w = 1;
	}
	n = ub_utf8_encode(cp, b);
	fwrite(b, 1, n, stdout);
	for (; w < 4; w++)
		putchar(' ');
}

static void
print_row(unsigned byte, uint32_t cp)
{
	char bits[16], code[16], name[128], alias[128];

	printf("%4u  %02X   %s  ", byte, byte, ub_bits(byte, 8, bits));
	if (cp == UB_NO_CHAR) {
		fputs("-       ", stdout);
		print_char(cp);
		fputs("  (no character)\n", stdout);
		return;
	}
	snprintf(code, sizeof(code), "U+%04X", cp);
	printf("%-6s  ", code);
	print_char(cp);
	if (ub_char_alias(cp, alias, sizeof(alias)) > 0 &&
	    ub_char_category(cp)[0] == 'C')
		printf("  %s\n", alias);
	else {
		ub_char_name(cp, name, sizeof(name));
		printf("  %s\n", name);
	}
}

int
cmd_table(int argc, char **argv)
{
	static const struct option longopts[] = {
		{"range", required_argument, NULL, 'r'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	uint32_t map[256];
	const char *range = NULL, *name;
	unsigned lo = 0, hi, size = 256, i;
	ub_status st;
	int c;

	optind = 1;
	while ((c = getopt_long(argc, argv, "r:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'r':
			range = optarg;
			break;
		case 'h':
			printf("%s\n", usage);
			return EXIT_OK;
		default:
			fprintf(stderr, "%s\n", usage);
			return EXIT_USAGE;
		}
	}
	if (argc - optind != 1) {
		fprintf(stderr, "%s\n", usage);
		return EXIT_USAGE;
	}
	name = argv[optind];
	st = ub_charset_byte_map(name, map);
	if (st == UB_E_UNKNOWN_ENCODING) {
		msg_err("table: unknown charset '%s' (see 'unibits "
		        "encodings')",
		        name);
		return EXIT_USAGE;
	}
	if (st == UB_E_INVALID_ARG) {
		msg_err("table: %s is not a single-byte charset (a byte "
		        "alone is not always a character)",
		        name);
		return EXIT_USAGE;
	}
	if (st != UB_OK) {
		msg_err("table: %s: %s", name, ub_strerror(st));
		return EXIT_IO;
	}
	/* ASCII is a 7-bit code: its table is the classic 128 rows. */
	if (ub_encoding_from_name(name) == UB_ASCII)
		size = 128;
	hi = size - 1;
	if (range != NULL && (!parse_range(range, &lo, &hi) || hi >= size)) {
		msg_err("table: --range must be A-B with 0 <= A <= B <= %u "
		        "(decimal, or hex as 0x7F), not '%s'",
		        size - 1, range);
		return EXIT_USAGE;
	}
	printf("%4s  %-3s  %-8s  %-6s  %-4s  %s\n", "dec", "hex", "binary",
	       "code", "char", "name");
	for (i = lo; i <= hi; i++)
		print_row(i, map[i]);
	return EXIT_OK;
}
