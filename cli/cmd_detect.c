/*
 * cmd_detect.c - unibits detect: which encoding each file is in, with
 * the confidence, the BOM, the line endings, the characters and the
 * evidence.  Files stream through the detector in blocks.
 */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <unibits.h>

#include "cmd.h"
#include "io.h"
#include "json.h"
#include "msg.h"

static const char usage[] = "usage: unibits detect [--json] FILE...|-";

/*
 * The characters of a multi-byte legacy charset: only a decoder for it
 * can count them, so read the file again through one.  Returns false
 * when that cannot be done (a pipe, or no converter for the charset).
 */
static bool
count_again(int fd, const char *charset, uint8_t *buf, uint64_t *chars)
{
	static uint8_t out[IO_CHUNK];
	ub_conv *cv;
	ub_result r;
	ssize_t k;
	size_t pos, i;
	bool last = false;

	if (lseek(fd, 0, SEEK_SET) != 0)
		return false;
	if (ub_conv_open(&cv, "UTF-8", charset, UB_REPLACE, UB_BOM_STRIP) !=
	    UB_OK)
		return false;
	*chars = 0;
	while (!last) {
		k = io_read(fd, buf, IO_CHUNK);
		if (k < 0) {
			ub_conv_close(cv);
			return false;
		}
		last = k == 0;
		pos = 0;
		do {
			r = ub_conv_feed(cv, buf + pos, (size_t)k - pos, out,
			                 sizeof(out), last);
			pos += r.in;
			for (i = 0; i < r.out; i++)
				*chars += (out[i] & 0xC0) != 0x80;
		} while (r.status == UB_E_OUTPUT_FULL);
	}
	ub_conv_close(cv);
	return true;
}

static void
print_text(const char *path, const ub_detection *r, bool chars_known)
{
	const ub_guess *g = r->nguess > 0 ? &r->guess[0] : NULL;

	printf("%s: ", msg_file(path));
	if (r->binary)
		printf("binary data (%" PRIu64 " NUL, %" PRIu64
		       " control characters in %" PRIu64 " bytes)",
		       r->nul, r->controls, r->bytes);
	else if (g == NULL)
		fputs("unknown encoding", stdout);
	else
		printf("%s, confidence %u", g->name, g->confidence);
	if (r->binary) {
		if (g != NULL)
			printf("; as text it would be %s, confidence %u",
			       g->name, g->confidence);
		putchar('\n');
		return;
	}
	printf(", %s, ", r->bom != UB_ENC_NONE ? "BOM" : "no BOM");
	if (r->eol == UB_EOL_NONE)
		fputs("no line ends, ", stdout);
	else
		printf("%s line ends, ", ub_eol_name(r->eol));
	if (chars_known)
		printf("%" PRIu64 " characters", r->chars);
	else
		printf("%" PRIu64 " bytes", r->bytes);
	if (g != NULL)
		printf(": %s", g->reason);
	putchar('\n');
}

static void
print_json(const char *path, const ub_detection *r, bool chars_known)
{
	const ub_guess *g = r->nguess > 0 ? &r->guess[0] : NULL;
	size_t i;

	fputs("{\"file\": ", stdout);
	json_string(stdout, msg_file(path));
	fputs(", \"encoding\": ", stdout);
	if (g != NULL && !r->binary)
		json_string(stdout, g->name);
	else
		fputs("null", stdout);
	printf(", \"confidence\": %u, \"bom\": %s, \"line_endings\": \"%s\"",
	       g != NULL && !r->binary ? g->confidence : 0,
	       r->bom != UB_ENC_NONE ? "true" : "false", ub_eol_name(r->eol));
	fputs(", \"characters\": ", stdout);
	if (chars_known)
		printf("%" PRIu64, r->chars);
	else
		fputs("null", stdout);
	printf(", \"bytes\": %" PRIu64 ", \"binary\": %s", r->bytes,
	       r->binary ? "true" : "false");
	printf(", \"lf\": %" PRIu64 ", \"crlf\": %" PRIu64 ", \"cr\": %" PRIu64
	       ", \"nul\": %" PRIu64 ", \"controls\": %" PRIu64,
	       r->lf, r->crlf, r->cr, r->nul, r->controls);
	printf(", \"utf8_sequences\": [%" PRIu64 ", %" PRIu64 ", %" PRIu64
	       ", %" PRIu64 "], \"invalid\": %" PRIu64,
	       r->seq[0], r->seq[1], r->seq[2], r->seq[3], r->invalid);
	if (r->invalid > 0)
		printf(", \"first_invalid\": %" PRIu64, r->first_invalid);
	fputs(", \"guesses\": [", stdout);
	for (i = 0; i < r->nguess; i++) {
		fputs(i > 0 ? ", {\"encoding\": " : "{\"encoding\": ", stdout);
		json_string(stdout, r->guess[i].name);
		printf(", \"confidence\": %u, \"why\": \"%s\"",
		       r->guess[i].confidence,
		       ub_detect_why_name(r->guess[i].why));
		if (r->guess[i].language[0] != '\0') {
			fputs(", \"language\": ", stdout);
			json_string(stdout, r->guess[i].language);
		}
		fputs(", \"reason\": ", stdout);
		json_string(stdout, r->guess[i].reason);
		putchar('}');
	}
	fputs("]}\n", stdout);
}

/* Detect one input.  Returns an exit status. */
static int
detect_file(ub_detector *d, const char *path, uint8_t *buf, bool json)
{
	ub_detection r;
	bool chars_known;
	ssize_t k;
	int fd;

	fd = io_open_in(path);
	if (fd < 0) {
		msg_err("%s: %s", msg_file(path), strerror(errno));
		return EXIT_IO;
	}
	ub_detect_reset(d);
	while ((k = io_read(fd, buf, IO_CHUNK)) > 0)
		ub_detect_feed(d, buf, (size_t)k);
	if (k < 0) {
		msg_err("%s: %s", msg_file(path), strerror(errno));
		io_close_in(fd);
		return EXIT_IO;
	}
	ub_detect_finish(d, &r);
	chars_known = r.chars_known;
	if (!chars_known && r.nguess > 0)
		chars_known = count_again(fd, r.guess[0].name, buf, &r.chars);
	io_close_in(fd);
	if (json)
		print_json(path, &r, chars_known);
	else
		print_text(path, &r, chars_known);
	return r.binary || r.nguess == 0 ? EXIT_DATA : EXIT_OK;
}

int
cmd_detect(int argc, char **argv)
{
	static const struct option longopts[] = {
		{"json", no_argument, NULL, 'j'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	static char *stdin_only[] = {"-", NULL};
	char **files;
	uint8_t *buf;
	ub_detector *d = NULL;
	bool json = false;
	int c, i, nfiles, rc = EXIT_OK, frc;

	optind = 1;
	while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		switch (c) {
		case 'j':
			json = true;
			break;
		case 'h':
			printf("%s\n", usage);
			return EXIT_OK;
		default:
			fprintf(stderr, "%s\n", usage);
			return EXIT_USAGE;
		}
	}
	files = argv + optind;
	nfiles = argc - optind;
	if (nfiles == 0) {
		files = stdin_only;
		nfiles = 1;
	}
	buf = malloc(IO_CHUNK);
	if (buf == NULL || ub_detect_open(&d) != UB_OK) {
		msg_err("detect: out of memory");
		free(buf);
		return EXIT_IO;
	}
	for (i = 0; i < nfiles; i++) {
		frc = detect_file(d, files[i], buf, json);
		if (frc > rc)
			rc = frc;
		/* A file's line comes out before the next file's errors. */
		fflush(stdout);
	}
	ub_detect_close(d);
	free(buf);
	return rc;
}
