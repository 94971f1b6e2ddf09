/*
 * check_io.c - the mapped windows of cli/io.c: the bytes and the file
 * offset are those read(2) would give, from any starting offset; what
 * cannot be mapped says so (0); a file cut shorter under its window
 * reads as zeros and is reported lost, with no SIGBUS.
 */
#define _POSIX_C_SOURCE 200809L
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <check.h>

#include "../cli/io.h"
#include "suites.h"
#include "testutil.h"

#define FILE_SIZE (700 * 1000 + 123) /* not a whole number of pages */
#define WINDOW (64 * 1024)

/* A scratch file of FILE_SIZE bytes, each its offset mod 251; returns
 * its path (static). */
static const char *
make_file(void)
{
	const char *path = tu_tmpbase("io");
	uint8_t *b = malloc(FILE_SIZE);
	FILE *f = fopen(path, "wb");
	size_t i;

	ck_assert_ptr_nonnull(b);
	ck_assert_ptr_nonnull(f);
	for (i = 0; i < FILE_SIZE; i++)
		b[i] = (uint8_t)(i % 251);
	ck_assert_uint_eq(fwrite(b, 1, FILE_SIZE, f), FILE_SIZE);
	ck_assert_int_eq(fclose(f), 0);
	free(b);
	return path;
}

/* From offset start (one per loop index), the windows cover the rest
 * of the file exactly, in order, and the offset follows them. */
START_TEST(windows_cover_the_file)
{
	static const long starts[] = {0,    1,          4095,         4096,
	                              5000, WINDOW + 7, FILE_SIZE - 1};
	const char *path = make_file();
	int fd = open(path, O_RDONLY);
	const uint8_t *p;
	uint64_t at = (uint64_t)starts[_i];
	size_t n, i;

	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(lseek(fd, starts[_i], SEEK_SET), starts[_i]);
	while ((n = io_map_next(fd, WINDOW, &p)) > 0) {
		ck_assert_uint_le(n, WINDOW);
		for (i = 0; i < n; i++)
			if (p[i] != (uint8_t)((at + i) % 251))
				ck_abort_msg("byte %zu of the window at %llu",
				             i, (unsigned long long)at);
		at += n;
		ck_assert_int_eq(lseek(fd, 0, SEEK_CUR), (off_t)at);
		ck_assert(!io_map_lost());
	}
	ck_assert_uint_eq(at, FILE_SIZE);
	io_unmap();
	close(fd);
	unlink(path);
}
END_TEST

/* What must be read rather than mapped: a pipe, bytes given back by
 * io_unread, and a window smaller than two pages. */
START_TEST(read_instead)
{
	const char *path = make_file();
	const uint8_t *p;
	char buf[16];
	int fd, pfd[2];

	ck_assert_int_eq(pipe(pfd), 0);
	ck_assert_int_eq(write(pfd[1], "abc", 3), 3);
	ck_assert_uint_eq(io_map_next(pfd[0], WINDOW, &p), 0);
	close(pfd[0]);
	close(pfd[1]);

	fd = io_open_in(path);
	ck_assert_int_ge(fd, 0);
	ck_assert_uint_eq(io_map_next(fd, 4096, &p), 0);
	ck_assert_int_eq(io_read(fd, buf, 10), 10);
	io_unread(path, fd, strdup("0123456789"), 10);
	ck_assert_int_eq(io_open_in(path), fd);
	ck_assert_uint_eq(io_map_next(fd, WINDOW, &p), 0);
	ck_assert_int_eq(io_read(fd, buf, 16), 10); /* given back */
	/* then the file, from offset 10 */
	ck_assert_uint_eq(io_map_next(fd, WINDOW, &p), WINDOW - 10);
	ck_assert_uint_eq(p[0], 10);
	/* at the end there is nothing to map */
	ck_assert_int_eq(lseek(fd, 0, SEEK_END), FILE_SIZE);
	ck_assert_uint_eq(io_map_next(fd, WINDOW, &p), 0);
	io_close_in(fd);
	unlink(path);
}
END_TEST

/* The file is cut to 1000 bytes while its second window is mapped:
 * the window's bytes read as zeros, without a signal, and it is
 * reported lost; the next window starts clean. */
START_TEST(file_cut_under_the_window)
{
	const char *path = make_file();
	int fd = open(path, O_RDONLY);
	const uint8_t *p;
	unsigned sum = 0;
	size_t n, i;

	ck_assert_int_ge(fd, 0);
	ck_assert_uint_eq(io_map_next(fd, WINDOW, &p), WINDOW);
	n = io_map_next(fd, WINDOW, &p);
	ck_assert_uint_eq(n, WINDOW);
	ck_assert_uint_eq(p[0], WINDOW % 251);
	ck_assert_int_eq(truncate(path, 1000), 0);
	for (i = 0; i < n; i++)
		sum += p[i];
	ck_assert_uint_eq(sum, 0);
	ck_assert(io_map_lost());
	ck_assert_uint_eq(io_map_next(fd, WINDOW, &p), 0); /* past the end */
	ck_assert(!io_map_lost());
	close(fd);
	unlink(path);
}
END_TEST

Suite *
io_suite(void)
{
	Suite *s = suite_create("io");
	TCase *tc = tcase_create("windows");

	tcase_add_loop_test(tc, windows_cover_the_file, 0, 7);
	tcase_add_test(tc, read_instead);
	tcase_add_test(tc, file_cut_under_the_window);
	suite_add_tcase(s, tc);
	return s;
}
