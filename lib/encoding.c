/* encoding.c - the built-in encodings: names, aliases, unit sizes. */
#include <ctype.h>

#include "internal.h"

/* Each row: the canonical name, then its aliases (NULL-terminated). */
static const struct {
	const char *name;
	const char *aliases[11];
	uint8_t unit, max;
} encodings[UB_ENCODING_COUNT] = {
	[UB_ASCII] = {"US-ASCII",
                      {"ascii", "us-ascii", "ANSI_X3.4-1968", "iso646-us",
                       "cp367", "ibm367", "us", "csascii", "iso-ir-6", NULL},
                      1,
                      1},
	[UB_LATIN1] = {"ISO-8859-1",
                       {"latin1", "l1", "iso_8859-1", "iso88591", "cp819",
                        "ibm819", "iso-ir-100", "csisolatin1", "8859-1", NULL},
                       1,
                       1},
	[UB_UTF8] = {"UTF-8", {"utf8", "cp65001", NULL}, 1, 4},
	[UB_UTF16LE] = {"UTF-16LE", {"utf16le", "ucs-2le", NULL}, 2, 4},
	[UB_UTF16BE] = {"UTF-16BE",
                        {"utf16be", "ucs-2be", "unicodefffe", NULL},
                        2,
                        4},
	[UB_UTF16] = {"UTF-16",
                      {"utf16", "ucs-2", "unicode", "iso-10646-ucs-2",
                       "csunicode", NULL},
                      2,
                      4},
	[UB_UTF32LE] = {"UTF-32LE", {"utf32le", "ucs-4le", NULL}, 4, 4},
	[UB_UTF32BE] = {"UTF-32BE", {"utf32be", "ucs-4be", NULL}, 4, 4},
	[UB_UTF32] = {"UTF-32",
                      {"utf32", "ucs-4", "iso-10646-ucs-4", "csucs4", NULL},
                      4,
                      4},
};

/* ICU's ucnv_compareNames ignores case and these separators. */
static bool
ignored(int c)
{
	return c == '-' || c == '_' || c == ' ' || c == '.' || c == ':';
}

UB_API int
ub_encoding_name_cmp(const char *a, const char *b)
{
	int ca, cb;

	for (;;) {
		while (ignored((unsigned char)*a))
			a++;
		while (ignored((unsigned char)*b))
			b++;
		ca = tolower((unsigned char)*a);
		cb = tolower((unsigned char)*b);
		if (ca != cb || ca == '\0')
			return ca - cb;
		a++;
		b++;
	}
}

UB_API ub_encoding
ub_encoding_from_name(const char *name)
{
	size_t e, i;

	if (name == NULL)
		return UB_ENC_NONE;
	for (e = 1; e < LEN(encodings); e++) {
		if (ub_encoding_name_cmp(name, encodings[e].name) == 0)
			return (ub_encoding)e;
		for (i = 0; encodings[e].aliases[i] != NULL; i++)
			if (ub_encoding_name_cmp(name,
			                         encodings[e].aliases[i]) == 0)
				return (ub_encoding)e;
	}
	return UB_ENC_NONE;
}

static bool
known(ub_encoding enc)
{
	return enc > UB_ENC_NONE && (size_t)enc < LEN(encodings);
}

UB_API const char *
ub_encoding_name(ub_encoding enc)
{
	return known(enc) ? encodings[enc].name : NULL;
}

UB_API const char *const *
ub_encoding_aliases(ub_encoding enc)
{
	return known(enc) ? encodings[enc].aliases : NULL;
}

UB_API size_t
ub_encoding_unit_size(ub_encoding enc)
{
	return known(enc) ? encodings[enc].unit : 0;
}

UB_API size_t
ub_encoding_max_char_size(ub_encoding enc)
{
	return known(enc) ? encodings[enc].max : 0;
}

size_t
ubi_sniff_bom(ub_encoding enc, const uint8_t *s, size_t n, ub_endian *e)
{
	*e = UB_BE;
	if (enc == UB_UTF16 && n >= 2) {
		if (s[0] == 0xFE && s[1] == 0xFF)
			return 2;
		if (s[0] == 0xFF && s[1] == 0xFE) {
			*e = UB_LE;
			return 2;
		}
	} else if (enc == UB_UTF32 && n >= 4) {
		if (s[0] == 0 && s[1] == 0 && s[2] == 0xFE && s[3] == 0xFF)
			return 4;
		if (s[0] == 0xFF && s[1] == 0xFE && s[2] == 0 && s[3] == 0) {
			*e = UB_LE;
			return 4;
		}
	}
	return 0;
}

ub_encoding
ubi_with_endian(ub_encoding enc, ub_endian e)
{
	if (enc == UB_UTF16)
		return e == UB_LE ? UB_UTF16LE : UB_UTF16BE;
	if (enc == UB_UTF32)
		return e == UB_LE ? UB_UTF32LE : UB_UTF32BE;
	return enc;
}

uint32_t
ubi_substitute(ub_encoding to)
{
	return (to == UB_ASCII || to == UB_LATIN1) ? '?' : UB_REPLACEMENT_CHAR;
}
