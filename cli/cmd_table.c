/*
 * cmd_table.c - unibits table: a whole single-byte character set, one
 * row per byte: decimal, hex, binary, the code point it stands for, the
 * character (made visible as show does it) and its name (controls by
 * their ISO 6429 names).  ASCII is the classic 128 rows; Latin-1 and
 * any other single-byte charset the converter knows (cp1252, koi8-r,
 * ...) are 256, from ub_charset_byte_map.
 */
#define _POSIX_C_SOURCE 200809L
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <unibits.h>

#include "charrow.h"
#include "cmd.h"
#include "json.h"
#include "msg.h"
#include "out.h"

static const char usage[] =
	"usage: unibits table [--range A-B] [--json] ascii|latin1|ENC";

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

/* The character column, made visible as show makes it (cr_visible:
 * Control Pictures, <80> for C1 controls, marks on a dotted circle),
 * padded to 4 display columns. */
static void
print_char(uint32_t cp)
{
	char vis[16];

	if (cp == UB_NO_CHAR)
		vis[0] = '\0';
	else
		cr_visible(cp, vis);
	out_pad(stdout, vis, 4);
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

/* One JSON Lines object per byte: {"byte": 65, "cp": 65, "name": ...,
 * "category": "Lu"}, with "alias" for controls and "cp": null for a
 * byte that stands for no character. */
static void
print_json(unsigned byte, uint32_t cp)
{
	char name[128], alias[128];

	printf("{\"byte\": %u, ", byte);
	if (cp == UB_NO_CHAR) {
		fputs("\"cp\": null}\n", stdout);
		return;
	}
	ub_char_name(cp, name, sizeof(name));
	printf("\"cp\": %u, \"name\": ", cp);
	json_string(stdout, name);
	if (ub_char_alias(cp, alias, sizeof(alias)) > 0) {
		fputs(", \"alias\": ", stdout);
		json_string(stdout, alias);
	}
	printf(", \"category\": \"%s\"}\n", ub_char_category(cp));
}

int
cmd_table(int argc, char **argv)
{
	static const struct option longopts[] = {
		{"range", required_argument, NULL, 'r'},
		{"json", no_argument, NULL, 'j'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	uint32_t map[256];
	const char *range = NULL, *name;
	unsigned lo = 0, hi, size = 256, i;
	bool json = false;
	ub_status st;
	int c;

	optind = 1;
	while ((c = getopt_long(argc, argv, "r:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'r':
			range = optarg;
			break;
		case 'j':
			json = true;
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
	if (json) {
		for (i = lo; i <= hi; i++)
			print_json(i, map[i]);
		return EXIT_OK;
	}
	printf("%4s  %-3s  %-8s  %-6s  %-4s  %s\n", "dec", "hex", "binary",
	       "code", "char", "name");
	for (i = lo; i <= hi; i++)
		print_row(i, map[i]);
	return EXIT_OK;
}
