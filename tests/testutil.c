/* testutil.c - helpers the Check suites share. */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "testutil.h"

const char *
tu_top(void)
{
	const char *t = getenv("UB_TOP");

	return t != NULL && *t != '\0' ? t : ".";
}

const char *
tu_unibits(void)
{
	static char path[4096];
	const char *u = getenv("UNIBITS");

	if (u != NULL && *u != '\0') {
		if (u[0] == '/')
			return u;
		snprintf(path, sizeof(path), "%s/%s", tu_top(), u);
		return path;
	}
	snprintf(path, sizeof(path), "%s/build/unibits", tu_top());
	return path;
}

const char *
tu_tmpbase(const char *name)
{
	static char path[4096];
	const char *t = getenv("TMPDIR");

	snprintf(path, sizeof(path), "%s/unibits-test-%ld-%s",
	         t != NULL && *t != '\0' ? t : "/tmp", (long)getpid(), name);
	return path;
}

char *
tu_slurp_suffix(const char *base, const char *suffix, size_t *n)
{
	char path[4096];
	char *buf = NULL;
	size_t len = 0, cap = 0, k;
	FILE *f;

	snprintf(path, sizeof(path), "%s%s", base, suffix);
	f = fopen(path, "rb");
	if (f == NULL)
		return NULL;
	for (;;) {
		if (cap - len < 4096) {
			cap = cap * 2 + 8192;
			buf = realloc(buf, cap);
			if (buf == NULL) {
				fclose(f);
				return NULL;
			}
		}
		k = fread(buf + len, 1, cap - len - 1, f);
		len += k;
		if (k == 0)
			break;
	}
	fclose(f);
	buf[len] = '\0';
	if (n != NULL)
		*n = len;
	return buf;
}

uint8_t *
tu_exact(const void *s, size_t n)
{
	uint8_t *p = malloc(n > 0 ? n : 1);

	if (p != NULL && n > 0)
		memcpy(p, s, n);
	return p;
}

uint64_t
tu_rand(uint64_t *state)
{
	uint64_t x = *state;

	x ^= x >> 12;
	x ^= x << 25;
	x ^= x >> 27;
	*state = x;
	return x * 0x2545F4914F6CDD1Du;
}
