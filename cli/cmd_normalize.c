/*
 * cmd_normalize.c - unibits normalize: NFC, NFD, NFKC or NFKD (and case
 * folding) of UTF-8 text, streaming in 64 KiB blocks through ub_norm.
 *
 * Each file is normalized on its own, one after the other, into one
 * output.  Invalid UTF-8 becomes U+FFFD and makes the exit status 1.
 */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <unibits.h>

#include "cmd.h"
#include "io.h"
#include "msg.h"

struct first_error {
	bool seen;
	ub_conv_error e;
};

static void
on_error(void *ctx, const ub_conv_error *e)
{
	struct first_error *f = ctx;

	if (!f->seen) {
		f->seen = true;
		f->e = *e;
	}
}

/* Normalize one input into out.  Returns an exit status. */
static int
normalize_file(ub_norm *nm, const char *path, struct io_out *out,
               uint8_t *in, uint8_t *buf, size_t bufcap)
{
	struct first_error first = {false, {0}};
	ub_result r;
	ssize_t k;
	size_t pos;
	bool last = false;
	int fd;
	uint64_t n;

	fd = io_open_in(path);
	if (fd < 0) {
		msg_err("%s: %s", msg_file(path), strerror(errno));
		return EXIT_IO;
	}
	ub_norm_reset(nm);
	ub_norm_on_error(nm, on_error, &first);
	while (!last) {
		k = io_read(fd, in, IO_CHUNK);
		if (k < 0) {
			msg_err("%s: %s", msg_file(path), strerror(errno));
			io_close_in(fd);
			return EXIT_IO;
		}
		last = k == 0;
		pos = 0;
		do {
			r = ub_norm_feed(nm, in + pos, (size_t)k - pos, buf,
			                 bufcap, last);
			pos += r.in;
			if (!io_out_write(out, buf, r.out)) {
				io_close_in(fd);
				return EXIT_IO;
			}
		} while (r.status == UB_E_OUTPUT_FULL);
		if (r.status != UB_OK) {
			msg_err("%s: %s", msg_file(path),
			        ub_strerror(r.status));
			io_close_in(fd);
			return EXIT_IO;
		}
	}
	io_close_in(fd);
	n = ub_norm_inserted(nm);
	if (n > 0)
		msg_err("%s: inserted U+034F COMBINING GRAPHEME JOINER %" PRIu64
		        " time%s, after runs of %d characters without a "
		        "normalization boundary (UAX #15 stream-safe text)",
		        msg_file(path), n, n == 1 ? "" : "s", UB_NORM_MAX_RUN);
	if (!first.seen)
		return EXIT_OK;
	n = ub_norm_error_count(nm);
	fprintf(stderr,
	        "unibits: %s: %" PRIu64 " error%s replaced; the first at "
	        "%" PRIu64 ":%" PRIu64 ": byte %" PRIu64 ": ",
	        msg_file(path), n, n == 1 ? "" : "s", first.e.line,
	        first.e.column, first.e.offset);
	msg_describe_error(stderr, &first.e, "UTF-8", "UTF-8");
	fputc('\n', stderr);
	return EXIT_DATA;
}

static const char usage[] =
	"usage: unibits normalize --form=NFC|NFD|NFKC|NFKD [--casefold] "
	"[-o OUT] [FILE...|-]";

static bool
parse_form(const char *s, ub_norm_form *f)
{
	static const char *const names[] = {"NFC", "NFD", "NFKC", "NFKD"};
	static const ub_norm_form values[] = {UB_NFC, UB_NFD, UB_NFKC,
	                                      UB_NFKD};
	size_t i;

	for (i = 0; i < 4; i++)
		if (strcasecmp(s, names[i]) == 0) {
			*f = values[i];
			return true;
		}
	return false;
}

int
cmd_normalize(int argc, char **argv)
{
	static const struct option longopts[] = {
		{"form", required_argument, NULL, 'F'},
		{"casefold", no_argument, NULL, 'C'},
		{"output", required_argument, NULL, 'o'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	static const char *const stdin_only[] = {"-"};
	const char *const *files;
	const char *outpath = NULL;
	uint8_t *in = NULL, *buf = NULL;
	struct io_out out;
	ub_norm *nm = NULL;
	ub_norm_form form = UB_NFC;
	bool have_form = false, casefold = false;
	int c, nfiles, i, rc = EXIT_OK, frc, e;
	ub_status st;

	optind = 1;
	while ((c = getopt_long(argc, argv, "o:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'F':
			if (!parse_form(optarg, &form)) {
				msg_err("normalize: unknown form '%s' (NFC, "
				        "NFD, NFKC, NFKD)",
				        optarg);
				return EXIT_USAGE;
			}
			have_form = true;
			break;
		case 'C':
			casefold = true;
			break;
		case 'o':
			outpath = optarg;
			break;
		case 'h':
			printf("%s\n", usage);
			return EXIT_OK;
		default:
			fprintf(stderr, "%s\n", usage);
			return EXIT_USAGE;
		}
	}
	if (!have_form) {
		msg_err("normalize: which form? --form=NFC, NFD, NFKC or NFKD");
		fprintf(stderr, "%s\n", usage);
		return EXIT_USAGE;
	}
	files = (const char *const *)argv + optind;
	nfiles = argc - optind;
	if (nfiles == 0) {
		files = stdin_only;
		nfiles = 1;
	}
	in = malloc(IO_CHUNK);
	buf = malloc(IO_CHUNK);
	st = in != NULL && buf != NULL ? ub_norm_open(&nm, form, casefold)
	                               : UB_E_NOMEM;
	if (st != UB_OK) {
		msg_err("normalize: %s", ub_strerror(st));
		rc = EXIT_IO;
		goto done;
	}
	e = io_out_open(&out, outpath);
	if (e != 0) {
		msg_err("%s: %s", outpath, strerror(e));
		rc = EXIT_IO;
		goto done;
	}
	for (i = 0; i < nfiles; i++) {
		frc = normalize_file(nm, files[i], &out, in, buf, IO_CHUNK);
		if (out.err != 0) {
			msg_err("%s: %s", outpath != NULL ? outpath : "stdout",
			        strerror(out.err));
			rc = EXIT_IO;
			break;
		}
		if (frc > rc)
			rc = frc;
	}
	/* Replaced invalid input is reported, and the output is still the
	 * text normalized: it replaces OUT unless I/O failed. */
	rc = io_out_finish(&out, rc != EXIT_IO, rc);
done:
	ub_norm_close(nm);
	free(in);
	free(buf);
	return rc;
}
