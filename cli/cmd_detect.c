/*
 * cmd_detect.c - unibits detect: which encoding each file is in, with
 * the confidence, the BOM, the line endings, the characters and the
 * evidence.  Files stream through the detector in blocks.
 */
#define _POSIX_C_SOURCE 200809L
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <unibits.h>

#include "cmd.h"
#include "files.h"
#include "io.h"
#include "json.h"
#include "msg.h"

static const char usage[] = "usage: unibits detect [--json] FILE...|-";

/* The state of detect over its inputs, for files_each. */
struct run {
	ub_detector *d;
	uint8_t *buf; /* the input block */
	uint8_t *out; /* the output block of count_again */
	bool json;
};

static bool
count_chars(void *ctx, const uint8_t *p, size_t n)
{
	uint64_t *chars = ctx;
	size_t i;

	for (i = 0; i < n; i++)
		*chars += (p[i] & 0xC0) != 0x80;
	return true;
}

/*
 * The characters of a multi-byte legacy charset: only a decoder for it
 * can count them, so read the file again through one.  Returns EXIT_OK
 * with *known set when that could be done (not from a pipe, nor
 * without a converter for the charset), or EXIT_IO when reading failed.
 */
static int
count_again(const struct run *run, struct infile *f, const char *charset,
            uint64_t *chars, bool *known)
{
	struct pump p = {pump_conv_feed, NULL,         count_chars,
	                 chars,          run->buf,     IO_BIG_CHUNK,
	                 run->out,       IO_BIG_CHUNK, UB_OK};
	ub_conv *cv;
	int rc;

	*known = false;
	if (!infile_rewind(f))
		return EXIT_OK;
	if (ub_conv_open(&cv, "UTF-8", charset, UB_REPLACE, UB_BOM_STRIP) !=
	    UB_OK)
		return EXIT_OK;
	p.obj = cv;
	*chars = 0;
	rc = pump_run(&p, f);
	ub_conv_close(cv);
	*known = rc == EXIT_OK;
	return rc == EXIT_IO ? EXIT_IO : EXIT_OK;
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
detect_file(void *ctx, const char *path, int i, bool *stop)
{
	const struct run *run = ctx;
	struct infile f;
	ub_detection r;
	const uint8_t *blk;
	bool chars_known;
	ssize_t k;
	int rc;

	(void)i;
	(void)stop;
	rc = infile_open(&f, path);
	if (rc != EXIT_OK)
		return rc;
	ub_detect_reset(run->d);
	while ((k = infile_next(&f, run->buf, IO_BIG_CHUNK, &blk)) > 0) {
		ub_detect_feed(run->d, blk, (size_t)k);
		if (!infile_intact(&f)) {
			k = -1;
			break;
		}
	}
	if (k < 0) {
		infile_close(&f);
		return EXIT_IO;
	}
	ub_detect_finish(run->d, &r);
	chars_known = r.chars_known;
	if (!chars_known && r.nguess > 0)
		rc = count_again(run, &f, r.guess[0].name, &r.chars,
		                 &chars_known);
	infile_close(&f);
	if (rc != EXIT_OK)
		return rc;
	if (run->json)
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
	struct run run = {NULL, NULL, NULL, false};
	int c, rc;

	optind = 1;
	while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		switch (c) {
		case 'j':
			run.json = true;
			break;
		case 'h':
			printf("%s\n", usage);
			return EXIT_OK;
		default:
			fprintf(stderr, "%s\n", usage);
			return EXIT_USAGE;
		}
	}
	run.buf = malloc(IO_BIG_CHUNK);
	run.out = malloc(IO_BIG_CHUNK);
	if (run.buf == NULL || run.out == NULL ||
	    ub_detect_open(&run.d) != UB_OK) {
		msg_err("detect: out of memory");
		rc = EXIT_IO;
	} else {
		/* A file's line comes out before the next file's errors. */
		rc = files_each(argc - optind, argv + optind, detect_file,
		                &run);
	}
	ub_detect_close(run.d);
	free(run.buf);
	free(run.out);
	return rc;
}
