/*
 * autodetect.c - `unibits convert -f auto`: the encoding of each input
 * is detected from its first AUTO_HEAD bytes, which are then handed
 * back to the reader, so a pipe converts as well as a file and nothing
 * is held beyond that one block.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "autodetect.h"
#include "cmd.h"
#include "files.h"
#include "io.h"
#include "msg.h"

#define AUTO_HEAD (64 * 1024)

bool
auto_wanted(const char *from)
{
	return from != NULL && strcasecmp(from, "auto") == 0;
}

/* A full head may end inside a UTF-8 character; leave that out, or the
 * detector would count it as a truncated sequence. */
static size_t
whole_chars(const uint8_t *s, size_t n)
{
	size_t k = n, need;

	while (k > 0 && n - k < 3 && (s[k - 1] & 0xC0) == 0x80)
		k--;
	if (k == 0 || s[k - 1] < 0xC0)
		return n;
	need = s[k - 1] >= 0xF0 ? 4 : s[k - 1] >= 0xE0 ? 3 : 2;
	return n - (k - 1) < need ? k - 1 : n;
}

/* The name to convert from, given what was detected. */
static const char *
source_name(const ub_detection *r)
{
	const char *name = r->guess[0].name;

	/* A BOM of UTF-16/32 is read (and dropped) the way iconv
	 * -f UTF-16 does; a UTF-8 one follows --bom, as with -f UTF-8. */
	if (r->bom == UB_UTF16LE || r->bom == UB_UTF16BE)
		return "UTF-16";
	if (r->bom == UB_UTF32LE || r->bom == UB_UTF32BE)
		return "UTF-32";
	/* ASCII so far: UTF-8 also reads whatever comes after the head. */
	if (strcmp(name, "US-ASCII") == 0)
		return "UTF-8";
	return name;
}

int
auto_reopen(ub_conv **cv, const char *path, const char *to, ub_policy policy,
            ub_bom bom)
{
	ub_detection r;
	struct infile f;
	const char *from;
	uint8_t *buf;
	size_t n = 0;
	ssize_t k;
	ub_status st;
	int fd;

	if (infile_open(&f, path) != EXIT_OK)
		return EXIT_IO;
	fd = f.fd;
	buf = malloc(AUTO_HEAD);
	if (buf == NULL) {
		msg_err("convert: out of memory");
		infile_close(&f);
		return EXIT_IO;
	}
	while (n < AUTO_HEAD &&
	       (k = infile_read(&f, buf + n, AUTO_HEAD - n)) > 0)
		n += (size_t)k;
	if (n < AUTO_HEAD && k < 0) {
		free(buf);
		infile_close(&f);
		return EXIT_IO;
	}
	ub_detect(buf, n == AUTO_HEAD ? whole_chars(buf, n) : n, &r);
	io_unread(path, fd, buf, n);
	if (r.nguess == 0 || r.binary) {
		msg_err("%s: cannot tell the encoding (it looks like binary "
		        "data); name it with -f",
		        msg_file(path));
		io_close_in(fd);
		return EXIT_DATA;
	}
	from = source_name(&r);
	if (r.guess[0].confidence < 50)
		msg_err("%s: guessed %s with confidence %u only (%s); "
		        "name it with -f if that is wrong",
		        msg_file(path), r.guess[0].name, r.guess[0].confidence,
		        r.guess[0].reason);
	ub_conv_close(*cv);
	*cv = NULL;
	st = ub_conv_open(cv, to, from, policy, bom);
	if (st != UB_OK) {
		msg_err("%s: detected %s, which this build cannot convert "
		        "(%s)",
		        msg_file(path), from, ub_strerror(st));
		io_close_in(fd);
		return st == UB_E_UNKNOWN_ENCODING ? EXIT_USAGE : EXIT_IO;
	}
	return EXIT_OK;
}
