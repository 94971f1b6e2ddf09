/*
 * fuzz_utf8.c - the UTF-8 decoder (and the two single-byte charsets,
 * which share its byte-at-a-time shape) against the reference in
 * fuzz.h: step by step, validate, count, and ub_transcode to every
 * built-in encoding under every policy.
 * And the vector kernels against the scalar code (fz_check_simd).
 */
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	unsigned seed = 0;

	if (size > 0) /* picks the small capacities */
		seed = data[size - 1] | (unsigned)data[0] << 8;
	fz_check_decoder(UB_UTF8, data, size);
	fz_check_simd(UB_UTF8, data, size);
	fz_check_transcode(UB_UTF8, data, size, seed);
	fz_check_decoder(UB_ASCII, data, size);
	fz_check_decoder(UB_LATIN1, data, size);
	if (size < 256) { /* they are simple; keep the run fast */
		fz_check_transcode(UB_ASCII, data, size, seed);
		fz_check_transcode(UB_LATIN1, data, size, seed);
	}
	return 0;
}
