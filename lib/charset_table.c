/*
 * charset_table.c - the byte -> code point map of a single-byte
 * charset, for `unibits table`.  It asks the streaming converter about
 * each byte on its own rather than ICU directly, so it needs no ICU
 * header (only charset_icu.c talks to ucnv) and covers the built-in
 * charsets and every backend charset alike.
 */
#include "internal.h"

UB_API ub_status
ub_charset_byte_map(const char *name, uint32_t map[256])
{
	ub_conv *cv;
	ub_status st;
	ub_result r;
	uint8_t b, out[16];
	unsigned i;

	if (name == NULL || map == NULL)
		return UB_E_INVALID_ARG;
	st = ub_conv_open(&cv, "UTF-32BE", name, UB_STRICT, UB_BOM_KEEP);
	if (st != UB_OK)
		return st;
	for (i = 0; i < 256; i++) {
		b = (uint8_t)i;
		ub_conv_reset(cv);
		r = ub_conv_feed(cv, &b, 1, out, sizeof(out), true);
		if (r.status == UB_OK && r.out == 4) {
			map[i] = ubi_get32(out, UB_BE);
		} else if (ub_status_is_invalid(r.status) ||
		           r.status == UB_E_UNMAPPABLE) {
			map[i] = UB_NO_CHAR;
		} else {
			/* A lone byte that is cut short (a lead byte), that
			 * makes no character (a shift), or that makes two:
			 * not a single-byte charset. */
			st = r.status == UB_E_NOMEM ? UB_E_NOMEM
			                            : UB_E_INVALID_ARG;
			break;
		}
	}
	ub_conv_close(cv);
	return st;
}
