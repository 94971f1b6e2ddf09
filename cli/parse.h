/*
 * parse.h - the spellings of characters and bytes people paste into
 * `unibits lookup`: U+00E9, 0xE9, 233, 0b11101001, é, C3 A9, C3A9,
 * \xC3\xA9, \303\251, %C3%A9, &#233;, &#xE9;, \u00E9, \U0001F600,
 * \u{1F600}, 11000011 10101001.
 */
#ifndef UB_PARSE_H
#define UB_PARSE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum pq_kind {
	PQ_WORD = 0, /* none of the spellings: a word of a name */
	PQ_CPS,      /* code points (numbers, references, characters) */
	PQ_BYTES,    /* encoded bytes */
	PQ_HEXPAIR   /* exactly two hex digits: one byte, or with digits
	              * only also a decimal number (the caller decides) */
};

/*
 * One token of a query.  A token of n bytes never yields more than n
 * code points or n bytes, so cps and bytes need room for strlen(s).
 *   PQ_CPS:     cps[0..*ncps) (values may be above U+10FFFF or
 *               surrogates: the caller says what is wrong with them)
 *   PQ_BYTES:   bytes[0..*nbytes)
 *   PQ_HEXPAIR: bytes[0] the byte; when the token has digits only,
 *               also cps[0] its decimal value and *ncps = 1
 * Rules, in order:
 *   U+HEX, 0xHEX, 0bBITS          one code point
 *   one character, a digit too ("4" is U+0034, as explain reads it)
 *   digits only: 8, 16, 24 or 32 binary digits are bytes (no code point
 *   is that long in decimal: 10000000 > 1114111); 2 digits are a
 *   HEXPAIR; otherwise a decimal code point
 *   \xHH and \NNN (octal), %HH    bytes, repeated, nothing else
 *   &#N; &#xH;                    code points, repeated
 *   \uXXXX \UXXXXXXXX \u{X..}     code points, repeated; a surrogate
 *                                 pair \uD83D\uDE00 is one code point
 *   two hex digits                HEXPAIR
 *   4+ hex digits, even, with both digits and letters: bytes (C3A9);
 *   letters only are a word (FACE, CAFE)
 *   one character, or any non-ASCII text: those characters; bytes that
 *   are not UTF-8: those bytes
 *   anything else                 PQ_WORD
 */
enum pq_kind pq_token(const char *s, uint32_t *cps, size_t *ncps,
                      uint8_t *bytes, size_t *nbytes);

#endif /* UB_PARSE_H */
