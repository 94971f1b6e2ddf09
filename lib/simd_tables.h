/*
 * simd_tables.h - what the vector kernels share (lib/simd_avx2.c,
 * lib/simd_avx512.c): the UTF-8 error-class tables, a pack table, and
 * the few scalar helpers both need.
 *
 * Validation follows the idea of Keiser and Lemire, "Validating UTF-8
 * In Less Than One Instruction Per Byte" (2021): every error of UTF-8
 * shows in a byte and the one before it, plus whether the second or
 * third byte before starts a 3- or 4-byte sequence.  So three 16-entry
 * tables, indexed by the previous byte's high nibble, its low nibble and
 * this byte's high nibble, give each an 8-bit set of error classes it is
 * compatible with; the AND of the three is the set of errors the pair
 * really is.  Each class below is a product of a set of each nibble.
 */
#ifndef UB_SIMD_TABLES_H
#define UB_SIMD_TABLES_H

#include <stdint.h>
#include <string.h>

#include "internal.h"

/* Error classes of a (previous byte, this byte) pair; utf8.c has the
 * table of well-formed sequences they come from. */
#define TOO_SHORT 0x01  /* a lead, then no continuation */
#define TOO_LONG 0x02   /* ASCII, then a continuation */
#define OVERLONG_3 0x04 /* E0 80..9F */
#define TOO_LARGE 0x08  /* F4 90..BF, F5..FF 90..BF */
#define SURROGATE 0x10  /* ED A0..BF */
#define OVERLONG_2 0x20 /* C0, C1 then a continuation */
#define BIT6 0x40       /* F0 80..8F (overlong), F5..FF 80..8F */
#define TWO_CONTS 0x80  /* two continuations: fine only inside 3/4 */

static const uint8_t prev_high[16] = {TOO_LONG,
                                      TOO_LONG,
                                      TOO_LONG,
                                      TOO_LONG,
                                      TOO_LONG,
                                      TOO_LONG,
                                      TOO_LONG,
                                      TOO_LONG,
                                      TWO_CONTS,
                                      TWO_CONTS,
                                      TWO_CONTS,
                                      TWO_CONTS,
                                      TOO_SHORT | OVERLONG_2,
                                      TOO_SHORT,
                                      TOO_SHORT | OVERLONG_3 | SURROGATE,
                                      TOO_SHORT | TOO_LARGE | BIT6};

#define ANY (TOO_SHORT | TOO_LONG | TWO_CONTS)
static const uint8_t prev_low[16] = {ANY | OVERLONG_2 | OVERLONG_3 | BIT6,
                                     ANY | OVERLONG_2,
                                     ANY,
                                     ANY,
                                     ANY | TOO_LARGE,
                                     ANY | TOO_LARGE | BIT6,
                                     ANY | TOO_LARGE | BIT6,
                                     ANY | TOO_LARGE | BIT6,
                                     ANY | TOO_LARGE | BIT6,
                                     ANY | TOO_LARGE | BIT6,
                                     ANY | TOO_LARGE | BIT6,
                                     ANY | TOO_LARGE | BIT6,
                                     ANY | TOO_LARGE | BIT6,
                                     ANY | TOO_LARGE | BIT6 | SURROGATE,
                                     ANY | TOO_LARGE | BIT6,
                                     ANY | TOO_LARGE | BIT6};

#define CONT (TOO_LONG | TWO_CONTS | OVERLONG_2)
static const uint8_t cur_high[16] = {TOO_SHORT,
                                     TOO_SHORT,
                                     TOO_SHORT,
                                     TOO_SHORT,
                                     TOO_SHORT,
                                     TOO_SHORT,
                                     TOO_SHORT,
                                     TOO_SHORT,
                                     CONT | OVERLONG_3 | BIT6,
                                     CONT | OVERLONG_3 | TOO_LARGE,
                                     CONT | SURROGATE | TOO_LARGE,
                                     CONT | SURROGATE | TOO_LARGE,
                                     TOO_SHORT,
                                     TOO_SHORT,
                                     TOO_SHORT,
                                     TOO_SHORT};

/*
 * A kernel's block failed at i, after s[0..i) passed: back up to the
 * start of the character open at i (at most 3 bytes), which is the end
 * of the last whole one.  *chars counted the starts in s[0..i).
 */
static inline size_t
safe_point(const uint8_t *s, size_t i, size_t *chars)
{
	size_t t = i;

	while (t > 0 && i - t < 3 && (s[t - 1] & 0xC0) == 0x80)
		t--;
	if (t > 0 && s[t - 1] >= 0xC0)
		t--;
	if (t < i)
		(*chars)--;
	return t;
}

/*
 * The low surrogate of a 4-byte UTF-8 character whose third and fourth
 * bytes are at p, stored at d in byte order e (DC00 + ddddeeeeee from
 * 10ccdddd 10eeeeee).  The converters write it for a lead in a block's
 * last lane, which has no lane after it for that unit.
 */
static inline void
put_low_surrogate(uint8_t *d, const uint8_t *p, ub_endian e)
{
	uint16_t u = (uint16_t)(0xDC00 | (p[0] & 0xF) << 6 | (p[1] & 0x3F));

	if (e == UB_BE)
		u = (uint16_t)(u >> 8 | u << 8);
	memcpy(d, &u, 2);
}

/*
 * Ask for the cache line ahead bytes past p.  On 24 MiB inputs the
 * hardware prefetcher alone left the validation loop waiting on memory
 * (measured 1.6x faster with this, same run).  A prefetch never faults,
 * so the line may lie past the buffer; the address is made from an
 * integer so that no out-of-bounds pointer is ever formed.
 */
static inline void
prefetch_ahead(const uint8_t *p, size_t ahead)
{
	__builtin_prefetch((const void *)((uintptr_t)p + ahead));
}

/* The last three bytes of a block that leave a sequence open: 63 is a
 * lead, 62 starts 3 or 4 bytes, 61 starts 4. */
static const uint8_t open_max[64] = {
	0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
	0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
	0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
	0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
	0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
	0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xEF, 0xDF, 0xBF};

/* pack8[m]: the positions of the set bits of m, lowest first, as the
 * bytes of a little-endian word; the unused bytes are 0x80, which
 * pshufb turns into zeros.  (Written out by a three-line script.) */
static const uint64_t pack8[256] = {
	0x8080808080808080u, 0x8080808080808000u, 0x8080808080808001u,
	0x8080808080800100u, 0x8080808080808002u, 0x8080808080800200u,
	0x8080808080800201u, 0x8080808080020100u, 0x8080808080808003u,
	0x8080808080800300u, 0x8080808080800301u, 0x8080808080030100u,
	0x8080808080800302u, 0x8080808080030200u, 0x8080808080030201u,
	0x8080808003020100u, 0x8080808080808004u, 0x8080808080800400u,
	0x8080808080800401u, 0x8080808080040100u, 0x8080808080800402u,
	0x8080808080040200u, 0x8080808080040201u, 0x8080808004020100u,
	0x8080808080800403u, 0x8080808080040300u, 0x8080808080040301u,
	0x8080808004030100u, 0x8080808080040302u, 0x8080808004030200u,
	0x8080808004030201u, 0x8080800403020100u, 0x8080808080808005u,
	0x8080808080800500u, 0x8080808080800501u, 0x8080808080050100u,
	0x8080808080800502u, 0x8080808080050200u, 0x8080808080050201u,
	0x8080808005020100u, 0x8080808080800503u, 0x8080808080050300u,
	0x8080808080050301u, 0x8080808005030100u, 0x8080808080050302u,
	0x8080808005030200u, 0x8080808005030201u, 0x8080800503020100u,
	0x8080808080800504u, 0x8080808080050400u, 0x8080808080050401u,
	0x8080808005040100u, 0x8080808080050402u, 0x8080808005040200u,
	0x8080808005040201u, 0x8080800504020100u, 0x8080808080050403u,
	0x8080808005040300u, 0x8080808005040301u, 0x8080800504030100u,
	0x8080808005040302u, 0x8080800504030200u, 0x8080800504030201u,
	0x8080050403020100u, 0x8080808080808006u, 0x8080808080800600u,
	0x8080808080800601u, 0x8080808080060100u, 0x8080808080800602u,
	0x8080808080060200u, 0x8080808080060201u, 0x8080808006020100u,
	0x8080808080800603u, 0x8080808080060300u, 0x8080808080060301u,
	0x8080808006030100u, 0x8080808080060302u, 0x8080808006030200u,
	0x8080808006030201u, 0x8080800603020100u, 0x8080808080800604u,
	0x8080808080060400u, 0x8080808080060401u, 0x8080808006040100u,
	0x8080808080060402u, 0x8080808006040200u, 0x8080808006040201u,
	0x8080800604020100u, 0x8080808080060403u, 0x8080808006040300u,
	0x8080808006040301u, 0x8080800604030100u, 0x8080808006040302u,
	0x8080800604030200u, 0x8080800604030201u, 0x8080060403020100u,
	0x8080808080800605u, 0x8080808080060500u, 0x8080808080060501u,
	0x8080808006050100u, 0x8080808080060502u, 0x8080808006050200u,
	0x8080808006050201u, 0x8080800605020100u, 0x8080808080060503u,
	0x8080808006050300u, 0x8080808006050301u, 0x8080800605030100u,
	0x8080808006050302u, 0x8080800605030200u, 0x8080800605030201u,
	0x8080060503020100u, 0x8080808080060504u, 0x8080808006050400u,
	0x8080808006050401u, 0x8080800605040100u, 0x8080808006050402u,
	0x8080800605040200u, 0x8080800605040201u, 0x8080060504020100u,
	0x8080808006050403u, 0x8080800605040300u, 0x8080800605040301u,
	0x8080060504030100u, 0x8080800605040302u, 0x8080060504030200u,
	0x8080060504030201u, 0x8006050403020100u, 0x8080808080808007u,
	0x8080808080800700u, 0x8080808080800701u, 0x8080808080070100u,
	0x8080808080800702u, 0x8080808080070200u, 0x8080808080070201u,
	0x8080808007020100u, 0x8080808080800703u, 0x8080808080070300u,
	0x8080808080070301u, 0x8080808007030100u, 0x8080808080070302u,
	0x8080808007030200u, 0x8080808007030201u, 0x8080800703020100u,
	0x8080808080800704u, 0x8080808080070400u, 0x8080808080070401u,
	0x8080808007040100u, 0x8080808080070402u, 0x8080808007040200u,
	0x8080808007040201u, 0x8080800704020100u, 0x8080808080070403u,
	0x8080808007040300u, 0x8080808007040301u, 0x8080800704030100u,
	0x8080808007040302u, 0x8080800704030200u, 0x8080800704030201u,
	0x8080070403020100u, 0x8080808080800705u, 0x8080808080070500u,
	0x8080808080070501u, 0x8080808007050100u, 0x8080808080070502u,
	0x8080808007050200u, 0x8080808007050201u, 0x8080800705020100u,
	0x8080808080070503u, 0x8080808007050300u, 0x8080808007050301u,
	0x8080800705030100u, 0x8080808007050302u, 0x8080800705030200u,
	0x8080800705030201u, 0x8080070503020100u, 0x8080808080070504u,
	0x8080808007050400u, 0x8080808007050401u, 0x8080800705040100u,
	0x8080808007050402u, 0x8080800705040200u, 0x8080800705040201u,
	0x8080070504020100u, 0x8080808007050403u, 0x8080800705040300u,
	0x8080800705040301u, 0x8080070504030100u, 0x8080800705040302u,
	0x8080070504030200u, 0x8080070504030201u, 0x8007050403020100u,
	0x8080808080800706u, 0x8080808080070600u, 0x8080808080070601u,
	0x8080808007060100u, 0x8080808080070602u, 0x8080808007060200u,
	0x8080808007060201u, 0x8080800706020100u, 0x8080808080070603u,
	0x8080808007060300u, 0x8080808007060301u, 0x8080800706030100u,
	0x8080808007060302u, 0x8080800706030200u, 0x8080800706030201u,
	0x8080070603020100u, 0x8080808080070604u, 0x8080808007060400u,
	0x8080808007060401u, 0x8080800706040100u, 0x8080808007060402u,
	0x8080800706040200u, 0x8080800706040201u, 0x8080070604020100u,
	0x8080808007060403u, 0x8080800706040300u, 0x8080800706040301u,
	0x8080070604030100u, 0x8080800706040302u, 0x8080070604030200u,
	0x8080070604030201u, 0x8007060403020100u, 0x8080808080070605u,
	0x8080808007060500u, 0x8080808007060501u, 0x8080800706050100u,
	0x8080808007060502u, 0x8080800706050200u, 0x8080800706050201u,
	0x8080070605020100u, 0x8080808007060503u, 0x8080800706050300u,
	0x8080800706050301u, 0x8080070605030100u, 0x8080800706050302u,
	0x8080070605030200u, 0x8080070605030201u, 0x8007060503020100u,
	0x8080808007060504u, 0x8080800706050400u, 0x8080800706050401u,
	0x8080070605040100u, 0x8080800706050402u, 0x8080070605040200u,
	0x8080070605040201u, 0x8007060504020100u, 0x8080800706050403u,
	0x8080070605040300u, 0x8080070605040301u, 0x8007060504030100u,
	0x8080070605040302u, 0x8007060504030200u, 0x8007060504030201u,
	0x0706050403020100u,
};

#endif /* UB_SIMD_TABLES_H */
