/*
 * fuzz_utf16.c - the UTF-16 decoders (LE, BE, and BOM-reading UTF-16)
 * against the reference in fuzz.h: step by step, validate, count, and
 * ub_transcode to every built-in encoding under every policy.
 * And the vector kernels against the scalar code (fz_check_simd).
 */
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const ub_encoding encs[] = {UB_UTF16LE, UB_UTF16BE, UB_UTF16};
	unsigned seed = 0;
	size_t i;

	if (size > 0) /* picks the small capacities */
		seed = data[size - 1] | (unsigned)data[0] << 8;
	for (i = 0; i < 3; i++) {
		fz_check_decoder(encs[i], data, size);
		fz_check_simd(encs[i], data, size);
		fz_check_transcode(encs[i], data, size, seed);
	}
	return 0;
}
