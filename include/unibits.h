/*
 * unibits.h - the whole public API of libunibits.
 *
 * libunibits turns text into numbers and numbers into bytes: it decodes,
 * validates, counts and converts UTF-8, UTF-16, UTF-32, ASCII and
 * ISO-8859-1 itself, and every other charset through ICU.
 *
 * Conventions (the same for every function below):
 * - Bytes are const uint8_t *. Every length is in units of the pointer's
 *   type: bytes for uint8_t *, code points for uint32_t *.
 * - UTF-16 and UTF-32 in memory are bytes plus a byte order, never
 *   uint16_t / uint32_t arrays, so files can be used as they are.
 * - The caller provides every output buffer.  Passing dst == NULL with
 *   cap == 0 asks for the exact output size, which comes back in out.
 * - Nothing here prints, exits, sets errno or allocates on a hot path;
 *   only ub_conv_open allocates, and ub_conv_close frees.
 * - Invalid input is consumed as maximal subparts (Unicode 15.0, ch. 3,
 *   "U+FFFD Substitution of Maximal Subparts").
 */
#ifndef UNIBITS_H
#define UNIBITS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(UB_BUILDING) && defined(__GNUC__)
#define UB_API __attribute__((visibility("default")))
#else
#define UB_API
#endif

/* The API version (the shared library's soname has its own ABI number). */
#define UB_VERSION_MAJOR 0
#define UB_VERSION_MINOR 1
#define UB_VERSION_PATCH 0
#define UB_VERSION_STRING "0.1.0"

/* The library's version, e.g. "0.1.0". */
UB_API const char *ub_version(void);

/* ------------------------------------------------------------------ */
/* Status                                                              */
/* ------------------------------------------------------------------ */

/*
 * One status for every outcome.  0 is success; the values are stable.
 * The invalid-sequence reasons say what is wrong with the bytes:
 *   UB_E_UNEXPECTED_CONT  a continuation byte 80..BF where a character
 *                         should start
 *   UB_E_INVALID_BYTE     a byte that never appears in the encoding
 *                         (UTF-8 F8..FF; ASCII 80..FF)
 *   UB_E_EXPECTED_CONT    a lead byte not followed by enough
 *                         continuation bytes (the sequence is cut short
 *                         by another byte, not by the end of input)
 *   UB_E_OVERLONG         an overlong form (C0, C1, E0 80..9F, F0 80..8F)
 *   UB_E_SURROGATE        an encoded surrogate D800..DFFF (UTF-8 ED A0..BF,
 *                         or a UTF-32 unit)
 *   UB_E_TOO_LARGE        a value above U+10FFFF (F4 90..BF, F5..F7, or a
 *                         UTF-32 unit)
 *   UB_E_UNPAIRED         a UTF-16 surrogate without its partner
 */
typedef enum ub_status {
	UB_OK = 0,
	UB_E_TRUNCATED,   /* input ends inside a sequence */
	UB_E_OUTPUT_FULL, /* dst too small: nothing lost, call again */
	UB_E_UNEXPECTED_CONT,
	UB_E_INVALID_BYTE,
	UB_E_EXPECTED_CONT,
	UB_E_OVERLONG,
	UB_E_SURROGATE,
	UB_E_TOO_LARGE,
	UB_E_UNPAIRED,
	UB_E_UNMAPPABLE, /* valid character the target cannot hold */
	UB_E_UNKNOWN_ENCODING,
	UB_E_NOMEM,
	UB_E_INVALID_ARG
} ub_status;

/* A short English description, e.g. "overlong form".  Never NULL. */
UB_API const char *ub_strerror(ub_status s);

/* The status as an identifier, e.g. "OVERLONG".  Never NULL. */
UB_API const char *ub_status_name(ub_status s);

/* True for the statuses that mean "these input bytes are malformed":
 * every reason above from UB_E_UNEXPECTED_CONT to UB_E_UNPAIRED. */
UB_API bool ub_status_is_invalid(ub_status s);

/*
 * The outcome of a bulk operation.
 *   status  UB_OK, or why it stopped
 *   in      input units consumed; on an error, the offset of the first
 *           unit of the bad sequence
 *   out     output units written; for a size query (dst == NULL,
 *           cap == 0), the exact size the whole output needs
 *   errors  invalid sequences met (replaced or skipped under a
 *           non-strict policy); 0 under UB_STRICT unless it stopped
 */
typedef struct ub_result {
	ub_status status;
	size_t in;
	size_t out;
	size_t errors;
} ub_result;

/* ------------------------------------------------------------------ */
/* Encodings                                                           */
/* ------------------------------------------------------------------ */

/*
 * The built-in encodings.  UB_UTF16 and UB_UTF32 carry no byte order in
 * the name: reading them honours a BOM and defaults to big-endian without
 * one (Unicode D98, D101); writing them puts FE FF / 00 00 FE FF first.
 * UB_ENC_NONE is "not built in" (ICU may still know the name).
 */
typedef enum ub_encoding {
	UB_ENC_NONE = 0,
	UB_ASCII,
	UB_LATIN1,
	UB_UTF8,
	UB_UTF16LE,
	UB_UTF16BE,
	UB_UTF16,
	UB_UTF32LE,
	UB_UTF32BE,
	UB_UTF32
} ub_encoding;

#define UB_ENCODING_COUNT 10 /* one past the last ub_encoding */

/*
 * The built-in encoding a name stands for, or UB_ENC_NONE.  Names compare
 * the way ICU compares them: case-insensitive, and '-', '_', ' ', '.' and
 * ':' are ignored ("UTF-8" = "utf8" = "Utf_8").  The names and aliases:
 *   US-ASCII:   ascii, us-ascii, ansi_x3.4-1968, iso646-us, cp367, ibm367,
 *               us, csascii, iso-ir-6
 *   ISO-8859-1: latin1, l1, iso-8859-1, iso_8859-1, iso88591, cp819,
 *               ibm819, iso-ir-100, csisolatin1, 8859-1
 *   UTF-8:      utf8, utf-8, cp65001
 *   UTF-16LE:   utf16le, utf-16le, ucs-2le
 *   UTF-16BE:   utf16be, utf-16be, ucs-2be, unicodefffe
 *   UTF-16:     utf16, utf-16, ucs-2, unicode, iso-10646-ucs-2, csunicode
 *   UTF-32LE:   utf32le, utf-32le, ucs-4le
 *   UTF-32BE:   utf32be, utf-32be, ucs-4be
 *   UTF-32:     utf32, utf-32, ucs-4, iso-10646-ucs-4, csucs4
 * NULL gives UB_ENC_NONE.
 */
UB_API ub_encoding ub_encoding_from_name(const char *name);

/* The canonical name ("UTF-8", "ISO-8859-1", ...), or NULL for
 * UB_ENC_NONE and out-of-range values. */
UB_API const char *ub_encoding_name(ub_encoding enc);

/* The aliases of a built-in encoding as a NULL-terminated array of
 * static strings (the canonical name is not repeated), or NULL. */
UB_API const char *const *ub_encoding_aliases(ub_encoding enc);

/* Compare two charset names the way ub_encoding_from_name does:
 * 0 when they name the same thing, otherwise <0 or >0. */
UB_API int ub_encoding_name_cmp(const char *a, const char *b);

/* Bytes in one code unit: 1 for ASCII/Latin-1/UTF-8, 2 for UTF-16,
 * 4 for UTF-32; 0 for UB_ENC_NONE. */
UB_API size_t ub_encoding_unit_size(ub_encoding enc);

/* The most bytes one character takes in enc (4 for UTF-8), 0 if none. */
UB_API size_t ub_encoding_max_char_size(ub_encoding enc);

/* ------------------------------------------------------------------ */
/* Code points                                                         */
/* ------------------------------------------------------------------ */

#define UB_REPLACEMENT_CHAR 0xFFFDu
#define UB_MAX_CODE_POINT 0x10FFFFu

/* True for Unicode scalar values: 0..D7FF and E000..10FFFF. */
UB_API bool ub_is_scalar(uint32_t cp);

/* ------------------------------------------------------------------ */
/* Decoding and encoding one character                                 */
/* ------------------------------------------------------------------ */

/*
 * One character as found in the input.
 *   cp      the scalar value; U+FFFD when status != UB_OK
 *   len     bytes consumed: the character, or on an error its maximal
 *           subpart (>= 1 unless the input was empty)
 *   need    bytes the first unit announced (UTF-8: 1..4 from the lead
 *           byte; UTF-16: 2 or 4; UTF-32: 4), 0 if none
 *   status  UB_OK, an invalid-sequence reason, or UB_E_TRUNCATED when the
 *           input ends inside a sequence that could still be valid
 */
typedef struct ub_decoded {
	uint32_t cp;
	uint8_t len;
	uint8_t need;
	ub_status status;
} ub_decoded;

/* Byte order for the UTF-16 / UTF-32 functions that take one. */
typedef enum ub_endian { UB_LE = 0, UB_BE = 1 } ub_endian;

/*
 * Decode the character at s[0..n).  Reads at most 4 bytes and never past
 * n.  n == 0 gives len 0 and UB_E_TRUNCATED.  s may be NULL when n == 0.
 */
UB_API ub_decoded ub_utf8_decode(const uint8_t *s, size_t n);
UB_API ub_decoded ub_utf16_decode(const uint8_t *s, size_t n, ub_endian e);
UB_API ub_decoded ub_utf32_decode(const uint8_t *s, size_t n, ub_endian e);
UB_API ub_decoded ub_ascii_decode(const uint8_t *s, size_t n);
UB_API ub_decoded ub_latin1_decode(const uint8_t *s, size_t n);

/* The same, for any built-in encoding.  UB_UTF16/UB_UTF32 decode as
 * big-endian here (a BOM is just U+FEFF to a one-character decoder);
 * UB_ENC_NONE gives UB_E_INVALID_ARG with len 0. */
UB_API ub_decoded ub_decode(ub_encoding enc, const uint8_t *s, size_t n);

/*
 * Encode cp into dst, which has room for ub_encoding_max_char_size(enc)
 * bytes (4 is always enough).  Returns the bytes written, 1..4, or 0 when
 * cp is not a scalar value or the encoding cannot hold it (above 7F for
 * ASCII, above FF for Latin-1).  UB_UTF16/UB_UTF32 write big-endian,
 * without a BOM.
 */
UB_API size_t ub_utf8_encode(uint32_t cp, uint8_t dst[4]);
UB_API size_t ub_utf16_encode(uint32_t cp, uint8_t dst[4], ub_endian e);
UB_API size_t ub_utf32_encode(uint32_t cp, uint8_t dst[4], ub_endian e);
UB_API size_t ub_encode(ub_encoding enc, uint32_t cp, uint8_t dst[4]);

/* ------------------------------------------------------------------ */
/* Whole buffers                                                       */
/* ------------------------------------------------------------------ */

/*
 * Validate s[0..n) (n in bytes).  On success: status UB_OK, in == n and
 * out the number of code points.  On the first bad sequence: its reason
 * (or UB_E_TRUNCATED if the input ends inside a sequence), in = its byte
 * offset, out = the code points before it.  UB_UTF16 and UB_UTF32 honour
 * a BOM (which is then not counted).
 */
UB_API ub_result ub_validate(ub_encoding enc, const uint8_t *s, size_t n);
UB_API ub_result ub_utf8_validate(const uint8_t *s, size_t n);

/*
 * Count the characters in s[0..n): code points, plus one for each
 * invalid maximal subpart (what a replacing conversion would produce).
 * A BOM of UB_UTF16/UB_UTF32 is not counted.
 */
UB_API size_t ub_count(ub_encoding enc, const uint8_t *s, size_t n);
UB_API size_t ub_utf8_count(const uint8_t *s, size_t n);

/* What to do with invalid input and unmappable characters. */
typedef enum ub_policy {
	UB_STRICT = 0, /* stop at the first error, all before it written */
	UB_REPLACE,    /* U+FFFD per maximal subpart (or the target's
	                * substitute, '?' for ASCII and Latin-1) */
	UB_SKIP,       /* drop the bad sequence */
	UB_ESCAPE      /* \xHH per bad byte, \u{XXXX} per unmappable
	                * character, written in the target encoding */
} ub_policy;

/*
 * Convert src[0..n) from one built-in encoding to another into
 * dst[0..cap), whole characters only.  Lengths are in bytes.
 *
 * Returns status UB_OK with in == n when all was converted.  Under
 * UB_STRICT it stops at the first invalid or unmappable sequence (status
 * says why, in = its offset, everything before it written).  When dst is
 * too small: UB_E_OUTPUT_FULL, in/out say how far it got (call again
 * with src + in).  dst == NULL with cap == 0 returns in out the exact
 * size of the output (up to the first error under UB_STRICT).  A source
 * that ends inside a sequence is UB_E_TRUNCATED under UB_STRICT and one
 * error otherwise.  Reading UB_UTF16/UB_UTF32 consumes their BOM;
 * writing them starts with one, unless nothing at all is written (as
 * with ub_conv).  A BOM of any other encoding is kept as
 * U+FEFF.  UB_ENC_NONE gives UB_E_UNKNOWN_ENCODING.  The bytes of dst
 * past out may be overwritten (the vector kernels store whole vectors);
 * they mean nothing.
 */
UB_API ub_result ub_transcode(ub_encoding to, ub_encoding from,
                              const uint8_t *src, size_t n, uint8_t *dst,
                              size_t cap, ub_policy policy);

/* The exact size ub_transcode would write for the whole input, the same
 * as calling it with dst == NULL and cap == 0. */
UB_API ub_result ub_transcode_length(ub_encoding to, ub_encoding from,
                                     const uint8_t *src, size_t n,
                                     ub_policy policy);

/* ------------------------------------------------------------------ */
/* The streaming converter                                             */
/* ------------------------------------------------------------------ */

typedef struct ub_conv ub_conv;

/* What happens to a byte order mark. */
typedef enum ub_bom {
	UB_BOM_KEEP = 0, /* as the encodings say: UTF-16/UTF-32 read and
	                  * write one, anything else passes U+FEFF through */
	UB_BOM_STRIP,    /* also drop a U+FEFF at the very start of input,
	                  * and never write one */
	UB_BOM_ADD       /* start the output with a BOM (only targets that
	                  * are a Unicode encoding form) */
} ub_bom;

/*
 * Where and what one conversion error was.
 *   status   the reason (an invalid-sequence reason, UB_E_TRUNCATED or
 *            UB_E_UNMAPPABLE)
 *   offset   byte offset of the sequence in the whole input, from 0
 *   line     line of that byte, from 1 (LF, CR LF and lone CR end lines)
 *   column   characters from the start of the line, from 1
 *   bytes    the bad input bytes (the maximal subpart), nbytes of them
 *            (at most 32 are kept); for an unmappable character, its
 *            bytes in the source encoding
 *   cp       the unmappable character, or U+FFFD for invalid input
 */
typedef struct ub_conv_error {
	ub_status status;
	uint64_t offset;
	uint64_t line;
	uint64_t column;
	uint8_t bytes[32];
	size_t nbytes;
	uint32_t cp;
} ub_conv_error;

/* Called once for every error the converter meets, in input order, under
 * every policy.  The pointer is valid during the call only. */
typedef void (*ub_conv_error_fn)(void *ctx, const ub_conv_error *err);

/*
 * Open a converter from the charset named from to the one named to.
 * Built-in encodings are converted by unibits itself; any other name is
 * handed to the charset backend (ICU) when one is compiled in.  Returns
 * UB_OK and sets *cv, or UB_E_UNKNOWN_ENCODING (nothing allocated),
 * UB_E_NOMEM or UB_E_INVALID_ARG.  Close it with ub_conv_close.
 */
UB_API ub_status ub_conv_open(ub_conv **cv, const char *to, const char *from,
                              ub_policy policy, ub_bom bom);

/* True if name is a charset ub_conv_open accepts (built in, or known to
 * the charset backend). */
UB_API bool ub_charset_known(const char *name);

/* Free the converter; NULL is fine. */
UB_API void ub_conv_close(ub_conv *cv);

/* Forget all state and counters, as if just opened. */
UB_API void ub_conv_reset(ub_conv *cv);

/* Report every error to fn(ctx, error); NULL turns it off. */
UB_API void ub_conv_on_error(ub_conv *cv, ub_conv_error_fn fn, void *ctx);

/*
 * Convert the next chunk src[0..n) into dst[0..cap) (bytes; those past
 * out may be overwritten, as with ub_transcode).  A sequence split
 * across chunks is kept inside cv and counted as consumed, so no byte is
 * ever presented twice.  last = true says no more input follows:
 * a sequence still open then is an error (UB_E_TRUNCATED), and stateful
 * targets are closed.  Call with last = true (n may be 0) once at the end.
 *
 * Returns:
 *   UB_OK              in == n, all of it converted (or held inside cv)
 *   UB_E_OUTPUT_FULL   dst is full; call again with src + in, n - in
 *                      (and the same last) after emptying dst
 *   an error status    under UB_STRICT only: stopped at that error,
 *                      everything before it written; in is the error's
 *                      offset in this chunk (0 if it began in an earlier
 *                      one); ub_conv_last_error tells where in the
 *                      stream.  The converter must then be reset.
 * out is the number of bytes written, errors the errors met in this call.
 */
UB_API ub_result ub_conv_feed(ub_conv *cv, const uint8_t *src, size_t n,
                              uint8_t *dst, size_t cap, bool last);

/* Total input bytes consumed so far. */
UB_API uint64_t ub_conv_offset(const ub_conv *cv);

/* Errors met so far (invalid, truncated and unmappable). */
UB_API uint64_t ub_conv_error_count(const ub_conv *cv);

/* The first and the latest error, or NULL if there was none. */
UB_API const ub_conv_error *ub_conv_first_error(const ub_conv *cv);
UB_API const ub_conv_error *ub_conv_last_error(const ub_conv *cv);

/* The canonical names the converter was opened with, e.g. "UTF-8". */
UB_API const char *ub_conv_from_name(const ub_conv *cv);
UB_API const char *ub_conv_to_name(const ub_conv *cv);

/* ------------------------------------------------------------------ */
/* Binary inspection                                                  */
/* lib/bits.c: bit strings, the role of every bit, the steps of explain */
/* ------------------------------------------------------------------ */

/*
 * The binary digits of v, most significant first: width digits (1..32;
 * the high bits above width are ignored) and a NUL, into buf, which
 * has room for width + 1 bytes.  Returns buf.
 */
UB_API char *ub_bits(uint32_t v, unsigned width, char *buf);

/* The number of significant bits of v (at least 1, so 0 has 1). */
UB_API unsigned ub_bit_length(uint32_t v);

/*
 * One code unit of an encoded character, with the role of every bit.
 * The top marker_bits bits are markers (the UTF-8 length prefix 0, 110,
 * 1110, 11110, the continuation marker 10, or the UTF-16 surrogate
 * prefix 110110 / 110111); the payload_bits bits below them carry the
 * number.  payload_shift is where the lowest payload bit lands: in the
 * code point for UTF-8, in cp - 0x10000 for a surrogate.
 */
typedef struct ub_unit {
	uint32_t value; /* the byte, or the 16-bit unit */
	uint8_t width;  /* 8 or 16 */
	uint8_t marker_bits;
	uint8_t payload_bits;
	uint8_t payload_shift;
} ub_unit;

/*
 * The anatomy of one scalar value: its number and how each encoding
 * form spells it.
 */
typedef struct ub_anatomy {
	uint32_t cp;
	unsigned cp_bits;          /* ub_bit_length(cp) */
	unsigned utf8_len;         /* 1..4 */
	unsigned utf8_capacity;    /* payload bits of the template:
	                            * 7, 11, 16 or 21 */
	const char *utf8_template; /* "110xxxxx 10xxxxxx", ... */
	ub_unit utf8[4];
	unsigned utf16_len; /* 1 unit, or 2 for a surrogate pair */
	ub_unit utf16[2];
	uint32_t utf16_offset; /* cp - 0x10000 for a pair, else 0 */
	uint32_t utf16_high10; /* its top 10 bits (pair only) */
	uint32_t utf16_low10;  /* its low 10 bits (pair only) */
	uint32_t utf32;        /* the UTF-32 unit: cp itself */
} ub_anatomy;

/* Fill *a for cp.  Returns UB_OK, or UB_E_INVALID_ARG when cp is not a
 * scalar value (surrogates and values above 10FFFF have no encoding). */
UB_API ub_status ub_anatomy_of(uint32_t cp, ub_anatomy *a);

/*
 * The derivation `unibits explain` prints, as data: the ordered steps
 * that take a scalar value to its UTF-8, UTF-16 and UTF-32 forms.
 * Every step has a kind and numbers; the library builds no text beyond
 * the static label and template of a step, so the caller words and
 * colours it.  The steps come in this order:
 *
 *   UB_STEP_NUMBER       value = cp (show in decimal and hex)
 *   UB_STEP_BINARY       value = cp, width = its significant bits
 *   UB_STEP_UTF8_FIT     why the template: from = the bit count,
 *                        operand = the template's payload bits (7, 11,
 *                        16, 21), operand2 = the next smaller
 *                        template's (0 for 7), value = bytes (1..4),
 *                        text = the template "110xxxxx 10xxxxxx"
 *   UB_STEP_UTF8_PAD     value = cp, width = operand of FIT: the bits
 *                        left-padded with zeros to fill the template
 *   UB_STEP_UTF8_UNIT    one per byte, unit = its index: from = the
 *                        slice of cp it carries (from_width bits, taken
 *                        at bit u.payload_shift), operand = the marker
 *                        (u.marker_bits bits), value = the byte; u
 *                        says which bits are which
 *   UB_STEP_UTF8_BYTES   value = the bytes, big-endian, in one number
 *                        (F09F9880), operand = how many
 *   then, at most U+FFFF:
 *   UB_STEP_UTF16_BMP    value = the one unit (= cp), width 16, u
 *   above U+FFFF (RFC 2781 2.1):
 *   UB_STEP_UTF16_SUB    value = cp - 0x10000 (width 20), from = cp,
 *                        operand = 0x10000
 *   UB_STEP_UTF16_HIGH   from = the top 10 bits of value of SUB,
 *                        operand = 0xD800, value = from + operand, u
 *   UB_STEP_UTF16_LOW    from = the low 10 bits, operand = 0xDC00,
 *                        value = from + operand, u
 *   and always:
 *   UB_STEP_UTF16_UNITS  value = the units (high << 16 | low for a
 *                        pair), operand = how many (1 or 2)
 *   UB_STEP_UTF32        value = cp, width 32
 */
typedef enum ub_step_kind {
	UB_STEP_NUMBER,
	UB_STEP_BINARY,
	UB_STEP_UTF8_FIT,
	UB_STEP_UTF8_PAD,
	UB_STEP_UTF8_UNIT,
	UB_STEP_UTF8_BYTES,
	UB_STEP_UTF16_BMP,
	UB_STEP_UTF16_SUB,
	UB_STEP_UTF16_HIGH,
	UB_STEP_UTF16_LOW,
	UB_STEP_UTF16_UNITS,
	UB_STEP_UTF32
} ub_step_kind;

typedef struct ub_step {
	ub_step_kind kind;
	const char *label; /* static, e.g. "UTF-8 template" */
	const char *text;  /* static template, or NULL */
	uint32_t value;    /* what the step produces */
	uint32_t from;     /* what it works on */
	uint32_t operand;  /* the constant it uses or compares with */
	uint32_t operand2;
	uint8_t width;      /* bits to show value in (0: not bits) */
	uint8_t from_width; /* bits to show from in (0: not bits) */
	uint8_t unit;       /* the unit index, for per-unit steps */
	ub_unit u;          /* the unit, for per-unit steps */
} ub_step;

/* The most steps ub_explain_steps ever gives (14 for 4 UTF-8 bytes and
 * a surrogate pair; the rest is room to grow). */
#define UB_EXPLAIN_MAX_STEPS 16

/*
 * The steps for cp into steps[0..cap), in order.  Returns how many
 * there are in all (at most UB_EXPLAIN_MAX_STEPS; only the first cap
 * are written), or 0 when cp is not a scalar value.  steps may be
 * NULL when cap is 0.
 */
UB_API size_t ub_explain_steps(uint32_t cp, ub_step *steps, size_t cap);

/* ------------------------------------------------------------------ */
/* Character names, scripts and blocks                                */
/* lib/names_icu.c                                                    */
/* ------------------------------------------------------------------ */

/*
 * The name of cp into buf[0..cap) (NUL-terminated, cut to fit; 128
 * bytes are always enough).  Characters without a name get a readable
 * label: "<control-000A>", "<private-use-E000>", "<unassigned-0378>",
 * "<surrogate-D800>", "<noncharacter-FFFE>" (and "<invalid-110000>"
 * above U+10FFFF).  Returns the full length.
 */
UB_API size_t ub_char_name(uint32_t cp, char *buf, size_t cap);

/* The common name of a control or other aliased character, e.g. "LINE
 * FEED (LF)" for U+000A, into buf as above; returns 0 when none. */
UB_API size_t ub_char_alias(uint32_t cp, char *buf, size_t cap);

/* The code point named name (a name or an alias, any case; a control
 * also by its ISO 6429 name with or without the abbreviation, e.g.
 * "line feed"; the labels above are read back too).  Returns false
 * when no character has that name. */
UB_API bool ub_char_from_name(const char *name, uint32_t *cp);

/*
 * Every code point whose name or alias contains each of the words (any
 * case, in any order, as substrings), ascending, into out[0..cap).
 * Returns how many there are in all, which may be more than cap; 0 for
 * no words, more than 16 words, or a word longer than 63 bytes.
 */
UB_API size_t ub_char_search(const char *const *words, size_t nwords,
                             uint32_t *out, size_t cap);

/* The script ("Latin", "Greek", "Common") and the block ("Latin-1
 * Supplement") of cp: static strings, never NULL ("Unknown", "No
 * block"). */
UB_API const char *ub_char_script(uint32_t cp);
UB_API const char *ub_char_block(uint32_t cp);

/* ------------------------------------------------------------------ */
/* Character properties                                               */
/* lib/props.c: category, width, normalization, case folding, graphemes */
/* ------------------------------------------------------------------ */

/* The general category as its two-letter alias, e.g. "Lu"; "Cn" for
 * unassigned code points. */
UB_API const char *ub_char_category(uint32_t cp);

/* Columns cp takes on a terminal: 0 (combining marks, controls,
 * zero-width), 1, or 2 (wide and fullwidth, most emoji). */
UB_API int ub_char_width(uint32_t cp);

/* True for combining marks (categories Mn, Mc, Me). */
UB_API bool ub_char_is_combining(uint32_t cp);

/*
 * Grapheme clusters (UAX #29, extended).  Start with *state = 0 at the
 * beginning of a text; ub_grapheme_break(prev, next, &state) is true
 * when a cluster boundary lies between the two code points.
 */
UB_API bool ub_grapheme_break(uint32_t prev, uint32_t next, int32_t *state);

/* Normalization forms (UAX #15). */
typedef enum ub_norm_form { UB_NFC, UB_NFD, UB_NFKC, UB_NFKD } ub_norm_form;

/*
 * Normalize the UTF-8 text src[0..n) to form (and fold case when
 * casefold) into dst[0..cap) as UTF-8.  dst == NULL with cap == 0 asks
 * for the size.  Returns UB_OK, UB_E_OUTPUT_FULL, an invalid-sequence
 * status with in at the bad byte, or UB_E_NOMEM (this one allocates a
 * working buffer of code points).  On UB_E_OUTPUT_FULL, out is the
 * bytes of whole characters written and in is 0: normalized text does
 * not map back to input offsets, so ask for the size first.
 */
UB_API ub_result ub_normalize(ub_norm_form form, bool casefold,
                              const uint8_t *src, size_t n, uint8_t *dst,
                              size_t cap);

/* The Unicode version of the property data, e.g. "15.0.0". */
UB_API const char *ub_unicode_version(void);

/* The version of the utf8proc library in use, e.g. "2.6.0". */
UB_API const char *ub_utf8proc_version(void);

/*
 * True when a normalization boundary lies before cp in form (with case
 * folding when casefold): cp's decomposition starts with a starter
 * (canonical combining class 0) that, for NFC and NFKC, no character
 * before it can compose with.  Text split before such a character
 * normalizes piece by piece exactly as it does whole.  The composing
 * test is conservative: every mark of class 0 and every Hangul vowel or
 * trailing jamo counts as composing (UAX #15, section 9).
 */
UB_API bool ub_norm_boundary(ub_norm_form form, bool casefold, uint32_t cp);

/* ------------------------------------------------------------------ */
/* Single-byte charset tables                                         */
/* lib/charset_table.c: what every byte of a one-byte charset means  */
/* ------------------------------------------------------------------ */

/* A byte that stands for no character in a byte map. */
#define UB_NO_CHAR 0xFFFFFFFFu

/*
 * The code point each byte 00..FF stands for in the single-byte
 * charset name (a built-in one, or any the charset backend knows, e.g.
 * "cp1252", "koi8-r"), into map[256]; UB_NO_CHAR for bytes that are
 * unassigned or invalid in it (80..FF in ASCII).  Returns UB_OK,
 * UB_E_UNKNOWN_ENCODING, UB_E_NOMEM, or UB_E_INVALID_ARG when name is
 * not a single-byte charset (some byte only begins a longer sequence,
 * shifts state, or stands for more than one code point), map then
 * undefined.  This goes through ub_conv, so it knows exactly the
 * charsets the converter knows.
 */
UB_API ub_status ub_charset_byte_map(const char *name, uint32_t map[256]);

/* ------------------------------------------------------------------ */
/* Charsets beyond the built-in ones                                  */
/* lib/charset_icu.c: listing ICU's names and aliases                 */
/* ------------------------------------------------------------------ */

/*
 * Every charset ub_conv_open accepts, numbered from 0 to
 * ub_charset_count() - 1: the built-in encodings first, in ub_encoding
 * order (index = encoding - 1), then every other converter ICU has, in
 * ICU's order.  A name ICU gives to a built-in encoding ("ibm-1208" is
 * UTF-8) opens the built-in one: unibits converts it itself.
 */
UB_API size_t ub_charset_count(void);

/*
 * One charset of that list.
 *   name          its canonical name: the built-in name, else the
 *                 preferred MIME name, else the IANA name, else ICU's
 *   backend_name  ICU's name for the converter, or NULL if ICU has none
 *                 ("ibm-5348_P100-1997" for windows-1252)
 *   builtin       the built-in encoding, or UB_ENC_NONE
 *   naliases      how many other names open it (see ub_charset_alias)
 * The strings are static.
 */
typedef struct ub_charset_info {
	const char *name;
	const char *backend_name;
	ub_encoding builtin;
	size_t naliases;
} ub_charset_info;

/* Fill *info for charset i.  Returns false when i is out of range (or
 * info is NULL), leaving *info alone. */
UB_API bool ub_charset_info_at(size_t i, ub_charset_info *info);

/* Alias k (0 .. naliases - 1) of charset i: a static string that opens
 * the same charset, never repeating the name or another alias up to
 * case and punctuation.  NULL when out of range. */
UB_API const char *ub_charset_alias(size_t i, size_t k);

/* The canonical name (as in ub_charset_info) of the charset name opens,
 * e.g. "windows-1252" for "cp1252", "UTF-8" for "ibm-1208"; NULL when
 * no charset has that name.  Static. */
UB_API const char *ub_charset_canonical(const char *name);

/*
 * Free what ICU keeps cached for the whole process (converter tables,
 * the alias table, character names), so a leak checker sees nothing
 * left at exit.  Call it at most once, at the very end: only when no
 * ub_conv is open and nothing else in the process still uses ICU.
 */
UB_API void ub_cleanup(void);

/* The version of the ICU library in use, e.g. "72.1", and of the
 * Unicode data it carries (names, scripts, legacy charsets), e.g.
 * "15.0".  Static strings. */
UB_API const char *ub_icu_version(void);
UB_API const char *ub_icu_unicode_version(void);

/* ------------------------------------------------------------------ */
/* Encoding detection                                                 */
/* lib/detect.c                                                       */
/* ------------------------------------------------------------------ */

/*
 * A detector reads a stream in blocks and ranks every encoding it could
 * be in.  It never holds the whole input: counts accumulate block by
 * block, and only a sample (the first UB_DETECT_HEAD bytes, then the
 * lines around later non-ASCII bytes, up to UB_DETECT_SAMPLE in all)
 * is kept for the statistical detector of legacy charsets (ICU ucsdet).
 *
 * The evidence, strongest first: a byte order mark; only bytes 00..7F;
 * valid UTF-8 with multi-byte sequences; the pattern of zero bytes (and
 * of likely characters) that UTF-16 and UTF-32 leave; then ucsdet.
 * Text that is valid UTF-8 except for a few bad sequences is reported
 * as damaged UTF-8 with the offset of the first bad one, not as a
 * legacy charset.
 *
 * Typical use: ub_detect_open, ub_detect_feed for each block,
 * ub_detect_finish, ub_detect_close.  ub_detect does it for one buffer.
 */
#define UB_DETECT_HEAD (32 * 1024)
#define UB_DETECT_SAMPLE (64 * 1024)
#define UB_DETECT_MAX_GUESSES 12

typedef struct ub_detector ub_detector;

/* Line endings seen in the text. */
typedef enum ub_eol {
	UB_EOL_NONE = 0, /* no line ending at all */
	UB_EOL_LF,       /* only LF (Unix) */
	UB_EOL_CRLF,     /* only CR LF (DOS, Windows, the Internet) */
	UB_EOL_CR,       /* only a lone CR (classic Mac OS) */
	UB_EOL_MIXED     /* more than one kind */
} ub_eol;

/* Why a guess was made (the kind of evidence). */
typedef enum ub_detect_why {
	UB_WHY_EMPTY = 0,    /* no input: every encoding fits */
	UB_WHY_BOM,          /* a byte order mark */
	UB_WHY_ASCII,        /* only bytes 00..7F */
	UB_WHY_SUPERSET,     /* ASCII text is also valid in this one */
	UB_WHY_UTF8,         /* valid UTF-8 with multi-byte sequences */
	UB_WHY_UTF8_DAMAGED, /* multi-byte UTF-8 with a few bad bytes */
	UB_WHY_ZEROS,        /* zero bytes where UTF-16/32 puts them */
	UB_WHY_UNITS,        /* every UTF-16 unit is a likely character */
	UB_WHY_STATISTICS,   /* ICU ucsdet's byte statistics */
	UB_WHY_FALLBACK      /* too few 8-bit bytes for statistics, or
	                      * none that ucsdet recognised: the bytes'
	                      * structure and the common case decide */
} ub_detect_why;

/*
 * One candidate.
 *   name        a charset name ub_conv_open accepts ("UTF-8",
 *               "UTF-16LE", "Shift_JIS", "windows-1252", ...)
 *   confidence  0..100; the guesses of a result are in decreasing order
 *   why         the kind of evidence
 *   language    an ISO 639 code when ucsdet gave one ("ru"), else ""
 *   reason      the evidence in one English sentence, for people
 */
typedef struct ub_guess {
	char name[32];
	unsigned confidence;
	ub_detect_why why;
	char language[8];
	char reason[128];
} ub_guess;

/*
 * What a detector found.  The counts are over the whole input, read in
 * the unit the best guess uses: UTF-16 or UTF-32 code units when it is
 * one of those, else bytes read as UTF-8 (an ASCII-compatible legacy
 * charset has the same line ends and controls).
 *   guess[0..nguess)  every candidate, best first; there is always at
 *                     least one (for binary data too, with a
 *                     confidence of 20 at most)
 *   bom               the encoding a byte order mark names (UB_UTF8,
 *                     UB_UTF16LE/BE, UB_UTF32LE/BE), else UB_ENC_NONE;
 *                     bom_len its bytes
 *   unit              UB_UTF8 (bytes), UB_UTF16LE/BE or UB_UTF32LE/BE
 *   bytes             input bytes
 *   chars             characters when decoded as guess[0] (a BOM not
 *                     counted; each invalid sequence counts one, as
 *                     U+FFFD would); exact for Unicode forms, ASCII and
 *                     one-byte charsets.  chars_known is false (and
 *                     chars 0) for a multi-byte legacy charset, which
 *                     only a decoder for it can count.
 *   seq[k]            well-formed characters of k + 1 bytes in UTF-8
 *                     (for UTF-16/32 input, the bytes they would take)
 *   invalid           ill-formed sequences (maximal subparts, unpaired
 *                     surrogates, a truncated end)
 *   first_invalid     byte offset of the first, and its reason in
 *                     first_status (UB_OK when invalid == 0)
 *   nul, controls     U+0000, and the other C0 and C1 controls except
 *                     TAB, LF, VT, FF, CR and ESC, and DEL
 *   lf, crlf, cr      line ends of each kind; eol sums them up
 *   binary            looks like binary data, not text (NUL, many
 *                     controls, or nothing decodes)
 */
typedef struct ub_detection {
	ub_guess guess[UB_DETECT_MAX_GUESSES];
	size_t nguess;
	ub_encoding bom;
	size_t bom_len;
	ub_encoding unit;
	uint64_t bytes;
	uint64_t chars;
	bool chars_known;
	uint64_t seq[4];
	uint64_t invalid;
	uint64_t first_invalid;
	ub_status first_status;
	uint64_t nul;
	uint64_t controls;
	uint64_t lf, crlf, cr;
	ub_eol eol;
	bool binary;
} ub_detection;

/* Open a detector (about 100 KiB).  Returns UB_OK and sets *d, or
 * UB_E_NOMEM / UB_E_INVALID_ARG.  Close it with ub_detect_close. */
UB_API ub_status ub_detect_open(ub_detector **d);

/* Free the detector; NULL is fine. */
UB_API void ub_detect_close(ub_detector *d);

/* Forget everything, as if just opened (to read another input). */
UB_API void ub_detect_reset(ub_detector *d);

/*
 * Look at the next block s[0..n) (bytes) of the input.  Blocks may be
 * of any size and split anywhere, even inside a character: the result
 * is the same however the input is cut.  Returns
 * UB_OK, or UB_E_INVALID_ARG (d NULL, s NULL with n > 0, or after
 * ub_detect_finish without a reset).
 */
UB_API ub_status ub_detect_feed(ub_detector *d, const uint8_t *s, size_t n);

/*
 * The input is complete: rank the guesses into *out.  Returns UB_OK,
 * or UB_E_INVALID_ARG (d or out NULL, or finished already).  If ucsdet
 * cannot run, the legacy guesses are missing.  Feeding again needs
 * ub_detect_reset.
 */
UB_API ub_status ub_detect_finish(ub_detector *d, ub_detection *out);

/* Detect the encoding of s[0..n) in one call (allocates a detector). */
UB_API ub_status ub_detect(const uint8_t *s, size_t n, ub_detection *out);

/* "none", "LF", "CRLF", "CR" or "mixed"; never NULL. */
UB_API const char *ub_eol_name(ub_eol e);

/* The kind of evidence as an identifier, e.g. "BOM", "UTF8_DAMAGED";
 * never NULL. */
UB_API const char *ub_detect_why_name(ub_detect_why w);

/* ------------------------------------------------------------------ */
/* Mojibake                                                           */
/* lib/mojibake.c: UTF-8 read as windows-1252 or Latin-1, undone      */
/* ------------------------------------------------------------------ */

/*
 * windows-1252, written from the standard mapping (libc only, no ICU).
 * ub_cp1252_decode: the character byte b stands for.  False for the
 * five bytes the standard leaves undefined (81 8D 8F 90 9D; Latin-1
 * and ICU turn them into the C1 controls U+0081..., which is how they
 * appear in mojibake).  ub_cp1252_encode: the byte of cp, false when
 * windows-1252 has none.
 */
UB_API bool ub_cp1252_decode(uint8_t b, uint32_t *cp);
UB_API bool ub_cp1252_encode(uint32_t cp, uint8_t *b);

/*
 * Mojibake is UTF-8 that was decoded as windows-1252 or Latin-1 and
 * encoded again as UTF-8: "cafe" with an e acute (C3 A9) comes out as
 * "caf" U+00C3 U+00A9, and "it's" with U+2019 (E2 80 99) as "it"
 * U+00E2 U+20AC U+2122 "s"; possibly more than once.  The repairer
 * reads UTF-8 and writes UTF-8.  A run of non-ASCII characters is
 * turned back into the bytes they came from (windows-1252, with
 * U+0080..U+009F standing for the bytes 80..9F as Latin-1 has them);
 * each well-formed multi-byte UTF-8 sequence among those bytes is a
 * candidate, replaced by the character it encodes.  A run holding a
 * character outside windows-1252 and the C1 controls cannot be mojibake
 * throughout: it is taken as correct text and left alone (so the Czech
 * "r caron, i acute, s caron, z caron" is not read as ED 9A 9E).
 * A candidate is *strong* evidence when its lead byte is C2 or C3 (a
 * Latin-1 letter misread: U+00C3 U+00A9 for e acute) or E2 (U+2000..
 * U+2FFF: U+00E2 U+20AC U+2122 for U+2019), when it is 4 bytes long
 * (emoji), when it contains a C1 control, or when it is a misread BOM.
 * The others are weak, because correct text spells them too: a letter
 * that ends words followed by punctuation, as in "JOSE'S" written with
 * E acute and U+2019 (C9 92, U+0252), or U+00DF U+00AB ending a German
 * "Fuss" in guillemets.  Weak candidates are repaired only in a proven
 * segment: one with a strong candidate, or with a run of two candidates
 * or more (a misread Cyrillic, Greek, Hebrew or CJK word).  Candidates
 * that decode to a private use character or a noncharacter are never
 * taken.  The known limit: in a proven segment a legitimate weak pair is
 * repaired too.  The reversal is repeated, up to UB_MOJIBAKE_MAX_LEVELS
 * times, for text encoded twice or more.
 *
 * Decisions are taken per segment: a line (up to and including LF), or,
 * for a line longer than UB_MOJIBAKE_SEGMENT bytes, a piece of it cut
 * after its last ASCII byte (mojibake never contains ASCII, so the cut
 * splits no sequence; without ASCII, before a character that cannot be
 * a continuation, which splits no sequence of one level but may split
 * one misread twice or more, then repaired only in part).  So memory
 * is constant whatever the input.
 *
 * Invalid UTF-8 in the input is copied through unchanged and reported;
 * it also separates runs.
 */
#define UB_MOJIBAKE_MAX_LEVELS 4
#define UB_MOJIBAKE_SEGMENT 16384

/*
 * One repaired character, reported in input order.
 *   offset, line, column  where the mojibake starts in the whole input
 *                         (offset in bytes from 0; line and column, in
 *                         characters, from 1)
 *   bytes, nbytes         the mojibake as found (UTF-8); valid during
 *                         the call only
 *   cp                    the character it stood for
 *   levels                how many times it had been misread: 1 for
 *                         U+00C3 U+00A9 (an e acute), 2 for the same
 *                         misread once more (U+00C3 U+0192 U+00C2
 *                         U+00A9)
 */
typedef struct ub_mojibake_repair {
	uint64_t offset;
	uint64_t line;
	uint64_t column;
	const uint8_t *bytes;
	size_t nbytes;
	uint32_t cp;
	unsigned levels;
} ub_mojibake_repair;

typedef void (*ub_mojibake_repair_fn)(void *ctx, const ub_mojibake_repair *r);

/* What a repairer did so far. */
typedef struct ub_mojibake_stats {
	uint64_t repaired;   /* characters repaired */
	uint64_t segments;   /* segments (lines) with a repair */
	unsigned max_levels; /* the most levels any repair took */
	uint64_t errors;     /* invalid UTF-8 sequences passed through */
} ub_mojibake_stats;

typedef struct ub_mojibake ub_mojibake;

/* Open a repairer (it allocates about 40 * UB_MOJIBAKE_SEGMENT bytes).
 * Returns UB_OK and sets *mb, UB_E_NOMEM or UB_E_INVALID_ARG. */
UB_API ub_status ub_mojibake_open(ub_mojibake **mb);

/* Free it; NULL is fine. */
UB_API void ub_mojibake_close(ub_mojibake *mb);

/* Forget all input, positions and counts, as if just opened (the
 * callbacks stay). */
UB_API void ub_mojibake_reset(ub_mojibake *mb);

/* Call fn(ctx, r) for each repaired character; NULL turns it off. */
UB_API void ub_mojibake_on_repair(ub_mojibake *mb, ub_mojibake_repair_fn fn,
                                  void *ctx);

/* Call fn(ctx, e) for each invalid UTF-8 sequence (copied unchanged);
 * NULL turns it off. */
UB_API void ub_mojibake_on_error(ub_mojibake *mb, ub_conv_error_fn fn,
                                 void *ctx);

/*
 * Repair the next chunk src[0..n) (UTF-8, split anywhere) into
 * dst[0..cap) (bytes).  Input is held inside mb until its segment is
 * complete, and counted as consumed.  last = true says no more input
 * follows (n may be 0): call it once at the end.  Returns UB_OK with
 * in == n, or UB_E_OUTPUT_FULL (call again with src + in, n - in, after
 * emptying dst).  dst == NULL with cap == 0 discards the output and
 * counts it in out.  errors counts the invalid sequences met.  The
 * output is never longer than the input.
 */
UB_API ub_result ub_mojibake_feed(ub_mojibake *mb, const uint8_t *src,
                                  size_t n, uint8_t *dst, size_t cap,
                                  bool last);

/* The counts so far. */
UB_API ub_mojibake_stats ub_mojibake_get_stats(const ub_mojibake *mb);

/*
 * Repair the whole text src[0..n) into dst[0..cap), as feeding it in one
 * chunk with last = true would.  cap >= n is always enough; dst == NULL
 * with cap == 0 gives the size in out.  Returns UB_OK, UB_E_OUTPUT_FULL
 * (nothing useful written), UB_E_NOMEM; errors counts invalid
 * sequences.  *stats (may be NULL) gets the counts.
 */
UB_API ub_result ub_mojibake_fix(const uint8_t *src, size_t n, uint8_t *dst,
                                 size_t cap, ub_mojibake_stats *stats);

/* ------------------------------------------------------------------ */
/* Streaming normalization                                            */
/* lib/normalize.c                                                    */
/* ------------------------------------------------------------------ */

/*
 * A streaming normalizer: UTF-8 in, split anywhere, normalized UTF-8
 * out (ub_normalize's forms and case folding), in constant memory.
 *
 * Text is held back only from the last normalization boundary (before
 * a character for which ub_norm_boundary is true) to the end of what
 * was fed, and normalized once the next boundary arrives, so every
 * split gives the output of one whole pass.  To bound what is held
 * back, at most UB_NORM_MAX_RUN characters in a row may go without a
 * boundary: before the next one, U+034F COMBINING GRAPHEME JOINER is
 * inserted, which is one (the idea of UAX #15's Stream-Safe Text
 * Format, section 13, which inserts it after 30 non-starters).  Only
 * text no language writes (a letter with more than 30 marks, "Zalgo"
 * text, or 32 Hangul vowel jamo in a row) ever meets it; such output
 * differs from ub_normalize's by the inserted U+034F, the same however
 * the input is split.
 *
 * Invalid UTF-8 becomes U+FFFD per maximal subpart (a boundary), is
 * reported through the error callback, and counted.
 */
#define UB_NORM_MAX_RUN 30

typedef struct ub_norm ub_norm;

/* Open a streaming normalizer for form (case folding too when
 * casefold).  Returns UB_OK and sets *nm, UB_E_NOMEM or
 * UB_E_INVALID_ARG. */
UB_API ub_status ub_norm_open(ub_norm **nm, ub_norm_form form, bool casefold);

/* Free it; NULL is fine. */
UB_API void ub_norm_close(ub_norm *nm);

/* Forget all input, positions and counts (the callback stays). */
UB_API void ub_norm_reset(ub_norm *nm);

/* Call fn(ctx, e) for each invalid UTF-8 sequence; NULL turns it off. */
UB_API void ub_norm_on_error(ub_norm *nm, ub_conv_error_fn fn, void *ctx);

/*
 * Normalize the next chunk src[0..n) into dst[0..cap) (bytes).  Input
 * held back is counted as consumed; last = true (n may be 0) says no
 * more input follows: call it once at the end.  Returns UB_OK with
 * in == n, UB_E_OUTPUT_FULL (call again with src + in, n - in, after
 * emptying dst), or UB_E_NOMEM (the state is then undefined: reset).
 * dst == NULL with cap == 0 discards the output and counts it in out.
 * errors counts the invalid sequences met in this call.
 */
UB_API ub_result ub_norm_feed(ub_norm *nm, const uint8_t *src, size_t n,
                              uint8_t *dst, size_t cap, bool last);

/* Invalid sequences replaced so far, and U+034F inserted so far. */
UB_API uint64_t ub_norm_error_count(const ub_norm *nm);
UB_API uint64_t ub_norm_inserted(const ub_norm *nm);

/* ------------------------------------------------------------------ */
/* Vector kernels                                                     */
/* lib/simd_*.c: which kernel set runs                                */
/* ------------------------------------------------------------------ */

/*
 * The bulk UTF-8/16/32 functions, ub_transcode and ub_conv run
 * vectorised kernels where the CPU has them, chosen once, on first use,
 * from CPUID: AVX-512 (F, BW, VL, VBMI, VBMI2) if present, else AVX2,
 * else the scalar code.  The environment variable UB_SIMD=scalar|avx2|
 * avx512 forces a level (one the CPU lacks falls back to the best it
 * has).  Every level gives exactly the same results: the kernels only
 * handle stretches they prove valid, the scalar code everything else.
 */
typedef enum ub_simd {
	UB_SIMD_SCALAR = 0,
	UB_SIMD_AVX2 = 1,
	UB_SIMD_AVX512 = 2
} ub_simd;

/* The level in use. */
UB_API ub_simd ub_simd_level(void);

/* "scalar", "avx2", "avx512"; NULL for other values. */
UB_API const char *ub_simd_name(ub_simd level);

/* Whether this CPU (and build) can run level. */
UB_API bool ub_simd_supported(ub_simd level);

/*
 * Use level from now on.  Returns UB_OK, or UB_E_INVALID_ARG (and
 * changes nothing) if the CPU or build cannot run it.  Meant for tests
 * and benchmarks; call it while no other thread is converting.
 */
UB_API ub_status ub_simd_select(ub_simd level);

#ifdef __cplusplus
}
#endif

#endif /* UNIBITS_H */
