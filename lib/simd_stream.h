/*
 * simd_stream.h - big outputs written around the cache.
 *
 * An ordinary store first reads the line it writes into the cache (to
 * own it), so a converter whose output does not fit the cache moves
 * every output line over the memory bus twice.  Non-temporal stores
 * write whole lines without reading them, as memcpy does for big
 * copies.  Measured here on 24 MiB of ASCII to UTF-32 (96 MiB out):
 * 1.9 GB/s with ordinary stores, 5.4 GB/s with non-temporal ones; the
 * same at 8 MiB in, where the output still fits.
 *
 * The converters go around the cache only while the conversion is big
 * (STREAM_MIN) and the text (nearly) all ASCII: see stream_wanted().
 *
 * The kernels write each chunk into a staging area that mirrors the
 * alignment of its place in the output; the whole lines go out with
 * non-temporal stores and a partial last line waits for the next chunk.
 * The first line of a run, shared with what was written before it, and
 * the last are written with ordinary stores, and nothing is written
 * past the end of the output.
 *
 * SSE2 only (every x86-64 has it), so both kernel files share it.
 */
#ifndef UB_SIMD_STREAM_H
#define UB_SIMD_STREAM_H

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#include <emmintrin.h>

/* Conversions that read and may write at least this much go around
 * the cache: below 8 MiB in, ordinary stores were as fast here. */
#define STREAM_MIN ((size_t)16 << 20)

/* The most a kernel writes into the stage at once, and the stage: a
 * partial line before it, and a line of slack for the copy below. */
#define STREAM_CHUNK_MAX 2560
#define STREAM_STAGE (64 + STREAM_CHUNK_MAX + 64)

/*
 * Whether a converter's next chunk goes around the cache, from what the
 * last one wrote: w bytes, where all-ASCII text writes most.  All ASCII,
 * or with nearly (for UTF-32 targets) at least 7/8 of most: 3.5 bytes
 * out per byte in, mostly-ASCII Latin text.  That is where the output
 * grows most and fastest.  Measured on 24 MiB inputs: ASCII to UTF-32
 * 1.6x faster, Latin 1.04-1.2x; on text that needs real work per
 * character the stores keep up with the cache, and going around it was
 * a few percent slower (Latin to UTF-16 included).
 */
static inline bool
stream_wanted(size_t w, size_t most, bool nearly)
{
	return w == most || (nearly && w >= most / 8 * 7);
}

struct out_stream {
	uint8_t *line; /* where stage[0] goes, 64-byte aligned */
	size_t lo, hi; /* stage[lo..hi) is output not yet written */
	bool on;       /* in a run: the chunks go to the stage */
	bool used;     /* some run was: fence before returning */
	_Alignas(64) uint8_t stage[STREAM_STAGE];
};

static inline void
stream_init(struct out_stream *st)
{
	st->on = st->used = false;
}

/* End a run: its partial last line goes out as an ordinary store. */
static inline void
stream_close(struct out_stream *st)
{
	if (st->on) {
		memcpy(st->line + st->lo, st->stage + st->lo, st->hi - st->lo);
		st->on = false;
	}
}

/*
 * Where the next chunk of output, due at d, is written: the stage if
 * around (starting a run if none is on), else d itself (ending one).
 */
static inline uint8_t *
stream_at(struct out_stream *st, uint8_t *d, bool around)
{
	size_t off = (uintptr_t)d & 63;

	if (!around) {
		stream_close(st);
		return d;
	}
	if (!st->on) {
		st->line = d - off;
		st->lo = st->hi = off;
		st->on = st->used = true;
	}
	return st->stage + st->hi;
}

/* The chunk wrote w bytes where stream_at() said: write the whole
 * lines of the run (nothing to do outside a run). */
static inline void
stream_wrote(struct out_stream *st, size_t w)
{
	size_t k = 0;

	if (!st->on)
		return;
	st->hi += w;
	if (st->lo != 0) {
		/* the first line is shared with earlier output */
		if (st->hi < 64)
			return;
		memcpy(st->line + st->lo, st->stage + st->lo, 64 - st->lo);
		st->lo = 0;
		k = 64;
	}
	for (; k + 64 <= st->hi; k += 64) {
		const __m128i *from = (const __m128i *)(st->stage + k);
		__m128i *to = (__m128i *)(st->line + k);

		_mm_stream_si128(to, _mm_load_si128(from));
		_mm_stream_si128(to + 1, _mm_load_si128(from + 1));
		_mm_stream_si128(to + 2, _mm_load_si128(from + 2));
		_mm_stream_si128(to + 3, _mm_load_si128(from + 3));
	}
	/* the partial last line moves to the front (k >= 64: no overlap) */
	if (k != 0) {
		memcpy(st->stage, st->stage + k, 64);
		st->line += k;
		st->hi -= k;
	}
}

/* Before the converter returns: the last run ended, and its stores
 * ordered before whatever the caller stores next. */
static inline void
stream_end(struct out_stream *st)
{
	stream_close(st);
	if (st->used)
		_mm_sfence();
}

#endif
#endif /* UB_SIMD_STREAM_H */
