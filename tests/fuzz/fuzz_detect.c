/*
 * fuzz_detect.c - encoding detection on any bytes.  Properties:
 *   - ub_detect always succeeds with at least one guess, confidences in
 *     0..100 and not increasing, every name a charset ub_conv_open
 *     accepts (when the charset backend is there for the legacy ones);
 *   - the streaming detector fed in random blocks gives exactly what
 *     ub_detect gives for the whole input ("the result is the same
 *     however the input is cut");
 *   - the counts agree with the reference decoder of fuzz.h read in the
 *     detection's unit: invalid sequences (maximal subparts) and the
 *     first one's offset, NULs, controls, LF / CR LF / CR line ends,
 *     and for a Unicode best guess in that unit the characters.
 * An input whose first byte is E0..FF is tiled to 40 000 bytes, past
 * UB_DETECT_HEAD, so the sampling of later blocks is fuzzed too.
 */
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static uint64_t
next(uint64_t *x)
{
	*x ^= *x >> 12;
	*x ^= *x << 25;
	*x ^= *x >> 27;
	return *x * 2685821657736338717u;
}

static void
same_detection(const ub_detection *a, const ub_detection *b)
{
	size_t i;

	FZ_ASSERT(a->nguess == b->nguess);
	for (i = 0; i < a->nguess; i++) {
		FZ_ASSERT(!strcmp(a->guess[i].name, b->guess[i].name));
		FZ_ASSERT(a->guess[i].confidence == b->guess[i].confidence);
		FZ_ASSERT(a->guess[i].why == b->guess[i].why);
		FZ_ASSERT(!strcmp(a->guess[i].language, b->guess[i].language));
		FZ_ASSERT(!strcmp(a->guess[i].reason, b->guess[i].reason));
	}
	FZ_ASSERT(a->bom == b->bom && a->bom_len == b->bom_len);
	FZ_ASSERT(a->unit == b->unit && a->bytes == b->bytes);
	FZ_ASSERT(a->chars == b->chars && a->chars_known == b->chars_known);
	FZ_ASSERT(!memcmp(a->seq, b->seq, sizeof(a->seq)));
	FZ_ASSERT(a->invalid == b->invalid);
	FZ_ASSERT(a->first_invalid == b->first_invalid);
	FZ_ASSERT(a->first_status == b->first_status);
	FZ_ASSERT(a->nul == b->nul && a->controls == b->controls);
	FZ_ASSERT(a->lf == b->lf && a->crlf == b->crlf && a->cr == b->cr);
	FZ_ASSERT(a->eol == b->eol && a->binary == b->binary);
}

static bool
is_control(uint32_t c)
{
	if (c == 0 || c == '\t' || c == '\n' || c == 0x0B || c == 0x0C ||
	    c == '\r' || c == 0x1B)
		return false;
	return c < 0x20 || c == 0x7F || (c >= 0x80 && c <= 0x9F);
}

/* The counts, against the reference decoder in d->unit. */
static void
check_counts(const ub_detection *d, const uint8_t *s, size_t n)
{
	struct fz_oracle o;
	uint64_t nul = 0, controls = 0, lf = 0, crlf = 0, cr = 0;
	size_t i, b = d->bom_len;
	ub_encoding unit = d->unit;

	FZ_ASSERT(unit == UB_UTF8 || unit == UB_UTF16LE ||
	          unit == UB_UTF16BE || unit == UB_UTF32LE ||
	          unit == UB_UTF32BE);
	FZ_ASSERT(b <= n);
	fz_oracle_run(&o, unit, s + b, n - b);
	FZ_ASSERT(d->invalid == o.errors);
	if (o.errors > 0)
		FZ_ASSERT(d->first_invalid == b + o.first_bad);
	else
		FZ_ASSERT(d->first_status == UB_OK);
	for (i = 0; i < o.steps; i++) {
		uint32_t c = o.bad[i] ? 0xFFFD : o.cp[i];

		nul += c == 0;
		controls += is_control(c);
		if (c == '\r' && i + 1 < o.steps && !o.bad[i + 1] &&
		    o.cp[i + 1] == '\n') {
			crlf++;
			i++;
		} else {
			cr += c == '\r';
			lf += c == '\n';
		}
	}
	FZ_ASSERT(d->nul == nul);
	FZ_ASSERT(d->controls == controls);
	FZ_ASSERT(d->lf == lf && d->crlf == crlf && d->cr == cr);
	FZ_ASSERT((d->eol == UB_EOL_NONE) == (lf + crlf + cr == 0));
	if (d->chars_known && ub_encoding_from_name(d->guess[0].name) == unit)
		FZ_ASSERT(d->chars == o.steps);
	fz_oracle_free(&o);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	ub_detection whole, parts;
	ub_detector *det;
	uint8_t *text = NULL;
	const uint8_t *s = data;
	uint64_t rng = size * 0x9E3779B97F4A7C15u + 1;
	size_t n = size, at, k, i;
	bool backend = ub_charset_known("windows-1252");

	if (size > 0 && data[0] >= 0xE0) {
		n = 40000;
		text = malloc(n);
		for (i = 0; i < n; i++)
			text[i] = data[i % size];
		s = text;
	}
	for (i = 0; i < size && i < 8; i++)
		rng = rng * 31 + data[i];

	FZ_ASSERT(ub_detect(s, n, &whole) == UB_OK);
	FZ_ASSERT(whole.nguess >= 1 && whole.nguess <= UB_DETECT_MAX_GUESSES);
	FZ_ASSERT(whole.bytes == n);
	for (i = 0; i < whole.nguess; i++) {
		FZ_ASSERT(whole.guess[i].confidence <= 100);
		FZ_ASSERT(i == 0 || whole.guess[i].confidence <=
		                            whole.guess[i - 1].confidence);
		FZ_ASSERT(memchr(whole.guess[i].name, 0, 32) != NULL);
		FZ_ASSERT(memchr(whole.guess[i].reason, 0, 128) != NULL);
		FZ_ASSERT(!backend || ub_charset_known(whole.guess[i].name));
	}
	check_counts(&whole, s, n);

	FZ_ASSERT(ub_detect_open(&det) == UB_OK);
	for (at = 0; at < n; at += k) {
		k = next(&rng) % (n < 64 ? 8 : 4096);
		if (k > n - at)
			k = n - at;
		FZ_ASSERT(ub_detect_feed(det, k > 0 ? s + at : NULL, k) ==
		          UB_OK);
	}
	FZ_ASSERT(ub_detect_finish(det, &parts) == UB_OK);
	same_detection(&whole, &parts);
	/* a reset detector is a new one */
	ub_detect_reset(det);
	FZ_ASSERT(ub_detect_feed(det, s, n) == UB_OK);
	FZ_ASSERT(ub_detect_finish(det, &parts) == UB_OK);
	same_detection(&whole, &parts);
	ub_detect_close(det);
	free(text);
	return 0;
}
