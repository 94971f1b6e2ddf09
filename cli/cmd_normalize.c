/*
 * cmd_normalize.c - unibits normalize: NFC, NFD, NFKC or NFKD (and case
 * folding) of UTF-8 text, streaming in 64 KiB blocks through ub_norm.
 *
 * Each file is normalized on its own, one after the other, into one
 * output.  Invalid UTF-8 becomes U+FFFD and makes the exit status 1.
 */
#define _POSIX_C_SOURCE 200809L
#include <getopt.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <unibits.h>

#include "cmd.h"
#include "files.h"
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

static ub_result
feed(void *nm, const uint8_t *src, size_t n, uint8_t *dst, size_t cap,
     bool last)
{
	return ub_norm_feed(nm, src, n, dst, cap, last);
}

/* One run over the inputs, for files_each. */
struct run {
	const char *outpath;
	struct pump p; /* p.obj is the ub_norm */
	struct io_out out;
};

/* Normalize one input.  Returns an exit status. */
static int
normalize_file(void *ctx, const char *path, int i, bool *stop)
{
	struct run *run = ctx;
	ub_norm *nm = run->p.obj;
	struct first_error first = {false, {0}};
	uint64_t n;
	int rc;

	(void)i;
	ub_norm_reset(nm);
	ub_norm_on_error(nm, on_error, &first);
	rc = pump_file(&run->p, path);
	if (run->out.err != 0) {
		msg_err("%s: %s",
		        run->outpath != NULL ? run->outpath : "stdout",
		        strerror(run->out.err));
		*stop = true;
		return EXIT_IO;
	}
	if (rc == EXIT_DATA) { /* UB_E_NOMEM */
		msg_err("%s: %s", msg_file(path), ub_strerror(run->p.status));
		return EXIT_IO;
	}
	if (rc != EXIT_OK)
		return rc;
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
	struct run run = {NULL, {0}, {0}};
	ub_norm *nm = NULL;
	ub_norm_form form = UB_NFC;
	bool have_form = false, casefold = false;
	int c, rc = EXIT_OK, e;
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
			run.outpath = optarg;
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
	st = pump_init(&run.p, feed, NULL, IO_CHUNK, IO_CHUNK)
	             ? ub_norm_open(&nm, form, casefold)
	             : UB_E_NOMEM;
	if (st != UB_OK) {
		msg_err("normalize: %s", ub_strerror(st));
		rc = EXIT_IO;
		goto done;
	}
	run.p.obj = nm;
	e = io_out_open(&run.out, run.outpath);
	if (e != 0) {
		msg_err("%s: %s", run.outpath, strerror(e));
		rc = EXIT_IO;
		goto done;
	}
	pump_to_out(&run.p, &run.out);
	rc = files_each(argc - optind, argv + optind, normalize_file, &run);
	/* Replaced invalid input is reported, and the output is still the
	 * text normalized: it replaces OUT unless I/O failed. */
	rc = io_out_finish(&run.out, rc != EXIT_IO, rc);
done:
	ub_norm_close(nm);
	pump_free(&run.p);
	return rc;
}
