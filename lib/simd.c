/*
 * simd.c - the one place that chooses the vector kernels.
 *
 * The choice is made once, on first use, from CPUID (through the
 * compiler's __builtin_cpu_supports, which also checks that the OS saves
 * the vector registers), unless UB_SIMD names a level.  It is kept in
 * an atomic pointer so ub_simd_select and the first use may race
 * harmlessly: every candidate gives the same results.
 */
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

static const struct ubi_kernels scalar = {"scalar", NULL, NULL, NULL, NULL,
                                          NULL,     NULL, NULL, NULL};

static _Atomic(const struct ubi_kernels *) active;

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#define UB_HAVE_X86 1
#endif

UB_API bool
ub_simd_supported(ub_simd level)
{
	switch (level) {
	case UB_SIMD_SCALAR:
		return true;
#ifdef UB_HAVE_X86
	case UB_SIMD_AVX2:
		__builtin_cpu_init();
		return __builtin_cpu_supports("avx2") &&
		       __builtin_cpu_supports("bmi2") &&
		       __builtin_cpu_supports("popcnt");
	case UB_SIMD_AVX512:
		__builtin_cpu_init();
		return ub_simd_supported(UB_SIMD_AVX2) &&
		       __builtin_cpu_supports("avx512f") &&
		       __builtin_cpu_supports("avx512bw") &&
		       __builtin_cpu_supports("avx512vl") &&
		       __builtin_cpu_supports("avx512vbmi") &&
		       __builtin_cpu_supports("avx512vbmi2");
#endif
	default:
		return false;
	}
}

static const struct ubi_kernels *
kernels_of(ub_simd level)
{
	switch (level) {
#ifdef UB_HAVE_X86
	case UB_SIMD_AVX2:
		return &ubi_kernels_avx2;
	case UB_SIMD_AVX512:
		return &ubi_kernels_avx512;
#endif
	default:
		return &scalar;
	}
}

static const struct ubi_kernels *
choose(void)
{
	const char *env = getenv("UB_SIMD");
	ub_simd level = UB_SIMD_AVX512;

	if (env != NULL && strcmp(env, "scalar") == 0)
		level = UB_SIMD_SCALAR;
	else if (env != NULL && strcmp(env, "avx2") == 0)
		level = UB_SIMD_AVX2;
	while (level > UB_SIMD_SCALAR && !ub_simd_supported(level))
		level = (ub_simd)(level - 1);
	return kernels_of(level);
}

const struct ubi_kernels *
ubi_kernels(void)
{
	const struct ubi_kernels *k =
		atomic_load_explicit(&active, memory_order_relaxed);

	if (k == NULL) {
		k = choose();
		atomic_store_explicit(&active, k, memory_order_relaxed);
	}
	return k;
}

UB_API ub_simd
ub_simd_level(void)
{
	const struct ubi_kernels *k = ubi_kernels();

	if (k == kernels_of(UB_SIMD_AVX512) && k != &scalar)
		return UB_SIMD_AVX512;
	if (k == kernels_of(UB_SIMD_AVX2) && k != &scalar)
		return UB_SIMD_AVX2;
	return UB_SIMD_SCALAR;
}

UB_API const char *
ub_simd_name(ub_simd level)
{
	static const char *const names[] = {"scalar", "avx2", "avx512"};

	return (unsigned)level < LEN(names) ? names[level] : NULL;
}

UB_API ub_status
ub_simd_select(ub_simd level)
{
	if (!ub_simd_supported(level))
		return UB_E_INVALID_ARG;
	atomic_store_explicit(&active, kernels_of(level),
	                      memory_order_relaxed);
	return UB_OK;
}
