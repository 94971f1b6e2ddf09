/*
 * decode.h - split input bytes in any supported encoding into characters
 * and invalid sequences, each with its byte offset and its bytes, for
 * show and dump.  Input comes in blocks of any size; a sequence split
 * between two blocks is carried over, so memory stays constant.
 */
#ifndef UB_DECODE_H
#define UB_DECODE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <unibits.h>

#define DEC_MAX_BYTES 32

/* One character, or one invalid sequence (its maximal subpart). */
struct dec_item {
	uint64_t offset;              /* of its first byte, from 0 */
	uint8_t bytes[DEC_MAX_BYTES]; /* its bytes in the input encoding */
	size_t nbytes;                /* how many (cut at DEC_MAX_BYTES) */
	uint32_t cp;                  /* the character; U+FFFD if invalid */
	ub_status status;             /* UB_OK, a reason, UB_E_TRUNCATED */
};

/* Called for every item, in input order.  Return false to stop. */
typedef bool (*dec_fn)(void *ctx, const struct dec_item *it);

struct dec;

/*
 * A decoder for the charset name (built-in encodings are decoded by
 * ub_decode, with the exact reason for every invalid sequence; any
 * other charset goes through ub_conv).  Returns UB_OK, or
 * UB_E_UNKNOWN_ENCODING / UB_E_NOMEM.
 */
ub_status dec_open(struct dec **d, const char *name);

/* The canonical name of the charset, e.g. "UTF-8". */
const char *dec_name(const struct dec *d);

/* True when the charset is UTF-8 (its bytes have marker bits). */
bool dec_is_utf8(const struct dec *d);

/*
 * Decode the next block s[0..n); last = true says it is the end (n may
 * be 0).  Calls fn for every complete item.  Returns false when fn
 * asked to stop.
 */
bool dec_feed(struct dec *d, const uint8_t *s, size_t n, bool last, dec_fn fn,
              void *ctx);

void dec_close(struct dec *d);

#endif /* UB_DECODE_H */
