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

size_t
tu_random_text(uint64_t *st, uint8_t *buf, size_t len, const char *const *pool,
               size_t nascii, size_t npool, unsigned ascii_pct)
{
	size_t n = 0, k;
	const char *c;

	while (n < len) {
		if (tu_rand(st) % 100 < ascii_pct)
			c = pool[tu_rand(st) % nascii];
		else
			c = pool[tu_rand(st) % npool];
		k = strlen(c);
		if (n + k > len)
			c = "x", k = 1;
		memcpy(buf + n, c, k);
		n += k;
	}
	return n;
}

/* Split the line at s on ';' in place into at most n fields. */
static size_t
split_fields(char *s, char **f, size_t n)
{
	size_t k = 0;

	while (k < n) {
		f[k++] = s;
		s = strchr(s, ';');
		if (s == NULL)
			break;
		*s++ = '\0';
	}
	return k;
}

const struct tu_ucd *
tu_ucd(void)
{
	static struct tu_ucd *u;
	static char *text;
	char *line, *next, *f[15], *comma;
	unsigned long cp, first = 0;
	bool in_range = false;

	if (u != NULL)
		return u;
	text = tu_slurp_suffix(TU_UCD_PATH, "", NULL);
	if (text == NULL)
		return NULL;
	u = calloc(0x110000, sizeof(*u));
	if (u == NULL)
		return NULL;
	for (line = text; *line != '\0'; line = next) {
		next = strchr(line, '\n');
		if (next == NULL)
			next = line + strlen(line);
		else
			*next++ = '\0';
		if (split_fields(line, f, 15) < 15)
			continue;
		cp = strtoul(f[0], NULL, 16);
		if (cp > 0x10FFFF)
			continue;
		/* "<CJK Ideograph, First>" .. "<CJK Ideograph, Last>" */
		comma = strstr(f[1], ", Last>");
		if (comma != NULL && in_range) {
			*comma = '\0';
			for (; first <= cp; first++) {
				u[first].name = f[1] + 1;
				u[first].old = "";
				memcpy(u[first].gc, f[2], 2);
				u[first].range = true;
			}
			in_range = false;
			continue;
		}
		if (strstr(f[1], ", First>") != NULL) {
			first = cp;
			in_range = true;
			continue;
		}
		u[cp].name = f[1];
		u[cp].old = f[10];
		memcpy(u[cp].gc, f[2], 2);
	}
	return u;
}
