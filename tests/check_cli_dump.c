/*
 * check_cli_dump.c - `unibits dump` on an input whose listing is many
 * times its output page (IO_BIG_CHUNK), read from a file and from a
 * pipe: every character must come out once, in order, at its offset,
 * with its code point, across the page and block edges.  The golden
 * cases in tests/cli/ are all shorter than one page.
 */
#define _POSIX_C_SOURCE 200809L
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include <check.h>

#include "suites.h"
#include "testutil.h"

/* Characters of 1 to 4 UTF-8 bytes, so lines differ in length. */
static const uint32_t sample[] = {0x41,   0xE9, 0x20AC,   0x1F600, 0x0A,
                                  0x3042, 0x7A, 0x10FFFF, 0x80,    0x7FF};
#define NCHARS 40000

static size_t
put_utf8(uint32_t cp, unsigned char *p)
{
	if (cp < 0x80) {
		p[0] = (unsigned char)cp;
		return 1;
	}
	if (cp < 0x800) {
		p[0] = (unsigned char)(0xC0 | cp >> 6);
		p[1] = (unsigned char)(0x80 | (cp & 0x3F));
		return 2;
	}
	if (cp < 0x10000) {
		p[0] = (unsigned char)(0xE0 | cp >> 12);
		p[1] = (unsigned char)(0x80 | (cp >> 6 & 0x3F));
		p[2] = (unsigned char)(0x80 | (cp & 0x3F));
		return 3;
	}
	p[0] = (unsigned char)(0xF0 | cp >> 18);
	p[1] = (unsigned char)(0x80 | (cp >> 12 & 0x3F));
	p[2] = (unsigned char)(0x80 | (cp >> 6 & 0x3F));
	p[3] = (unsigned char)(0x80 | (cp & 0x3F));
	return 4;
}

START_TEST(dump_long)
{
	char path[4096], cmd[8192], line[512];
	uint64_t state = 42, off = 0, got_off;
	unsigned char u8[4];
	uint32_t cps[NCHARS], got_cp;
	size_t i;
	FILE *f, *p;
	int rc;

	snprintf(path, sizeof(path), "%s.in", tu_tmpbase("dump-long"));
	f = fopen(path, "wb");
	ck_assert_ptr_nonnull(f);
	for (i = 0; i < NCHARS; i++) {
		cps[i] = sample[tu_rand(&state) % 10];
		fwrite(u8, 1, put_utf8(cps[i], u8), f);
	}
	ck_assert_int_eq(fclose(f), 0);

	if (_i == 0)
		snprintf(cmd, sizeof(cmd),
		         "LC_ALL=C NO_COLOR=1 '%s' dump '%s'", tu_unibits(),
		         path);
	else
		snprintf(cmd, sizeof(cmd),
		         "cat '%s' | LC_ALL=C NO_COLOR=1 '%s' dump -", path,
		         tu_unibits());
	p = popen(cmd, "r");
	ck_assert_ptr_nonnull(p);
	ck_assert_ptr_nonnull(fgets(line, sizeof(line), p));
	ck_assert_msg(strncmp(line, "offset", 6) == 0, "header: %s", line);
	for (i = 0; fgets(line, sizeof(line), p) != NULL; i++) {
		ck_assert_msg(i < NCHARS, "more lines than characters");
		ck_assert_msg(strchr(line, '\n') != NULL, "line %zu cut", i);
		/* The offset first, the code point last. */
		ck_assert_int_eq(sscanf(line, "%" SCNx64, &got_off), 1);
		ck_assert_msg(got_off == off,
		              "line %zu: offset %" PRIx64 ", want %" PRIx64, i,
		              got_off, off);
		ck_assert_msg(strstr(line, "U+") != NULL, "line %zu: %s", i,
		              line);
		ck_assert_int_eq(sscanf(strrchr(line, '+') + 1, "%" SCNx32,
		                        &got_cp),
		                 1);
		ck_assert_msg(got_cp == cps[i],
		              "line %zu: U+%04" PRIX32 ", want U+%04" PRIX32,
		              i, got_cp, cps[i]);
		off += put_utf8(cps[i], u8);
	}
	rc = pclose(p);
	ck_assert_int_eq(i, NCHARS);
	ck_assert_msg(WIFEXITED(rc) && WEXITSTATUS(rc) == 0, "status %d", rc);
	remove(path);
}
END_TEST

Suite *
cli_dump_suite(void)
{
	Suite *s = suite_create("cli_dump");
	TCase *tc = tcase_create("long");

	tcase_add_loop_test(tc, dump_long, 0, 2);
	suite_add_tcase(s, tc);
	return s;
}
