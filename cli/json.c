/* json.c - strings and byte arrays for JSON Lines output. */
#include <string.h>

#include <unibits.h>

#include "json.h"

void
json_string(FILE *f, const char *s)
{
	const uint8_t *p = (const uint8_t *)s;
	size_t n = strlen(s), i = 0;
	ub_decoded d;

	fputc('"', f);
	while (i < n) {
		d = ub_utf8_decode(p + i, n - i);
		if (d.status != UB_OK) {
			fputs("\\ufffd", f); /* RFC 8259 §8.1: UTF-8 only */
		} else if (d.cp == '"' || d.cp == '\\') {
			fprintf(f, "\\%c", (int)d.cp);
		} else if (d.cp == '\n') {
			fputs("\\n", f);
		} else if (d.cp == '\t') {
			fputs("\\t", f);
		} else if (d.cp < 0x20 || d.cp == 0x7F) {
			fprintf(f, "\\u%04x", (unsigned)d.cp);
		} else {
			fwrite(p + i, 1, d.len, f);
		}
		i += d.len;
	}
	fputc('"', f);
}

void
json_bytes(FILE *f, const uint8_t *p, size_t n)
{
	size_t i;

	fputc('[', f);
	for (i = 0; i < n; i++)
		fprintf(f, "%s%u", i > 0 ? "," : "", (unsigned)p[i]);
	fputc(']', f);
}
