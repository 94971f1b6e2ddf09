/*
 * cmd_validate.c - unibits validate: is each file well formed in its
 * encoding, and if not, where and why.  Files stream through ub_conv
 * (to UTF-8, under the skip policy, output thrown away) in blocks of
 * IO_BIG_CHUNK, so memory stays the same whatever the input size; its
 * error callback gives every bad sequence with its offset, line and
 * column, and this file says in words what the bytes should have been.
 */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
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

static const char usage[] =
	"usage: unibits validate [-e ENC] [--all] [--max-errors=N] [--json] "
	"FILE...|-";

/* One file being validated. */
struct vfile {
	const char *path;
	const char *enc; /* the canonical name, for messages */
	bool utf8;       /* the encoding is UTF-8: say more */
	bool json;
	uint64_t limit; /* errors to report before stopping */
	uint64_t reported;
	const uint8_t *blk; /* the block being fed, for the byte after an
	                     * error */
	size_t nblk;
	uint64_t base; /* offset of blk[0] in the file */
};

/* The byte after the error's bytes, or -1 when it is not at hand. */
static int
next_byte(const struct vfile *vf, const ub_conv_error *e)
{
	uint64_t at = e->offset + e->nbytes;

	if (at < vf->base || at - vf->base >= vf->nblk)
		return -1;
	return vf->blk[at - vf->base];
}

/* Bytes a UTF-8 lead byte announces (Unicode ch. 3, Table 3-7). */
static int
utf8_need(uint8_t lead)
{
	return lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
}

/* Does the byte after the maximal subpart decide this error?  (Then
 * it is shown with the sequence: "(C3 28)", "(ED A0)".) */
static bool
shows_next(const ub_conv_error *e)
{
	uint8_t lead = e->bytes[0];

	switch (e->status) {
	case UB_E_EXPECTED_CONT:
	case UB_E_SURROGATE:
		return true;
	case UB_E_OVERLONG:
		return lead == 0xE0 || lead == 0xF0;
	case UB_E_TOO_LARGE:
		return lead == 0xF4;
	default:
		return false;
	}
}

static void
hex_bytes(FILE *f, const uint8_t *p, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		fprintf(f, "%s%02X", i > 0 ? " " : "", p[i]);
}

/* What a UTF-8 error is, and what was expected instead.  Every rule is
 * Unicode ch. 3, Table 3-7 (and RFC 3629 section 3). */
static void
explain_utf8(FILE *f, const ub_conv_error *e, int next)
{
	uint8_t lead = e->bytes[0];
	char found[16] = "";

	if (next >= 0)
		snprintf(found, sizeof(found), ", found %02X", next);
	switch (e->status) {
	case UB_E_UNEXPECTED_CONT:
		fprintf(f, "unexpected continuation byte: 80..BF only "
		           "continue a character that a lead byte C2..F4 "
		           "started");
		break;
	case UB_E_INVALID_BYTE:
		fprintf(f, "invalid byte: %02X never appears in UTF-8", lead);
		break;
	case UB_E_EXPECTED_CONT:
		fputs("expected a continuation byte (80..BF) after ", f);
		hex_bytes(f, e->bytes, e->nbytes);
		fprintf(f, "%s (%02X starts a %d-byte character)", found, lead,
		        utf8_need(lead));
		break;
	case UB_E_OVERLONG:
		if (lead == 0xE0)
			fprintf(f,
			        "overlong form: after E0 expected A0..BF%s "
			        "(E0 80..9F would spell U+0000..U+07FF, "
			        "which take 1 or 2 bytes)",
			        found);
		else if (lead == 0xF0)
			fprintf(f,
			        "overlong form: after F0 expected 90..BF%s "
			        "(F0 80..8F would spell U+0000..U+FFFF, "
			        "which take 1 to 3 bytes)",
			        found);
		else
			fprintf(f,
			        "overlong form: %02X could only start a "
			        "2-byte form of U+0000..U+007F, which "
			        "take 1 byte",
			        lead);
		break;
	case UB_E_SURROGATE:
		fprintf(f,
		        "encoded surrogate: after ED expected 80..9F%s "
		        "(ED A0..BF spell U+D800..U+DFFF, which are not "
		        "characters)",
		        found);
		break;
	case UB_E_TOO_LARGE:
		if (lead == 0xF4)
			fprintf(f,
			        "value above U+10FFFF: after F4 expected "
			        "80..8F%s",
			        found);
		else
			fprintf(f,
			        "value above U+10FFFF: %02X would start "
			        "U+140000 or more",
			        lead);
		break;
	case UB_E_TRUNCATED:
		fprintf(f,
		        "the input ends after %zu of the %d bytes %02X "
		        "starts",
		        e->nbytes, utf8_need(lead), lead);
		break;
	default:
		fputs(ub_strerror(e->status), f);
		break;
	}
}

/* What a UTF-16, UTF-32 or ASCII error is, when the byte order is
 * known from the name (Unicode ch. 3, D91 and D90).  False if there is
 * nothing to add to the reason. */
static bool
explain_other(FILE *f, const struct vfile *vf, const ub_conv_error *e)
{
	ub_encoding enc = ub_encoding_from_name(vf->enc);
	bool le = enc == UB_UTF16LE || enc == UB_UTF32LE;
	uint32_t v;

	if (e->status == UB_E_UNPAIRED && e->nbytes == 2 &&
	    (enc == UB_UTF16LE || enc == UB_UTF16BE)) {
		v = le ? (uint32_t)e->bytes[1] << 8 | e->bytes[0]
		       : (uint32_t)e->bytes[0] << 8 | e->bytes[1];
		if (v < 0xDC00)
			fprintf(f,
			        "unpaired surrogate: the high surrogate "
			        "%04X is not followed by a low one "
			        "(DC00..DFFF)",
			        (unsigned)v);
		else
			fprintf(f,
			        "unpaired surrogate: the low surrogate "
			        "%04X does not follow a high one "
			        "(D800..DBFF)",
			        (unsigned)v);
		return true;
	}
	if ((e->status == UB_E_SURROGATE || e->status == UB_E_TOO_LARGE) &&
	    e->nbytes == 4 && (enc == UB_UTF32LE || enc == UB_UTF32BE)) {
		v = le ? (uint32_t)e->bytes[3] << 24 |
		                    (uint32_t)e->bytes[2] << 16 |
		                    (uint32_t)e->bytes[1] << 8 | e->bytes[0]
		       : (uint32_t)e->bytes[0] << 24 |
		                    (uint32_t)e->bytes[1] << 16 |
		                    (uint32_t)e->bytes[2] << 8 | e->bytes[3];
		fprintf(f, "%s: the value %X is %s", ub_strerror(e->status),
		        (unsigned)v,
		        e->status == UB_E_SURROGATE
		                ? "a surrogate (D800..DFFF), not a character"
		                : "above 10FFFF, the last code point");
		return true;
	}
	if (e->status == UB_E_INVALID_BYTE && enc == UB_ASCII &&
	    e->nbytes == 1) {
		fprintf(f, "invalid byte: ASCII is 00..7F, and %02X is not",
		        e->bytes[0]);
		return true;
	}
	return false;
}

/* The message text of e, without the "FILE:LINE:COL: " prefix. */
static void
describe(FILE *f, const struct vfile *vf, const ub_conv_error *e)
{
	int next = next_byte(vf, e);

	fprintf(f, "%s %s sequence (",
	        e->status == UB_E_TRUNCATED ? "truncated" : "invalid",
	        vf->enc);
	hex_bytes(f, e->bytes, e->nbytes);
	if (vf->utf8 && next >= 0 && shows_next(e))
		fprintf(f, " %02X", next);
	fputs("): ", f);
	if (vf->utf8 && e->nbytes > 0)
		explain_utf8(f, e, next);
	else if (explain_other(f, vf, e))
		;
	else if (e->status == UB_E_TRUNCATED)
		fputs("the input ends inside a character", f);
	else
		fputs(ub_strerror(e->status), f);
}

static void
on_error(void *ctx, const ub_conv_error *e)
{
	struct vfile *vf = ctx;

	if (vf->reported >= vf->limit)
		return;
	vf->reported++;
	if (!vf->json) {
		fprintf(stderr,
		        "unibits: %s:%" PRIu64 ":%" PRIu64 ": byte %" PRIu64
		        ": ",
		        msg_file(vf->path), e->line, e->column, e->offset);
		describe(stderr, vf, e);
		fputc('\n', stderr);
		return;
	}
	fputs("{\"file\": ", stdout);
	json_string(stdout, msg_file(vf->path));
	printf(", \"offset\": %" PRIu64 ", \"line\": %" PRIu64
	       ", \"column\": %" PRIu64 ", \"bytes\": ",
	       e->offset, e->line, e->column);
	json_bytes(stdout, e->bytes, e->nbytes);
	printf(", \"error\": \"%s\", \"reason\": \"%s\", \"message\": ",
	       e->status == UB_E_TRUNCATED ? "truncated" : "invalid",
	       ub_status_name(e->status));
	{
		/* the message, as text mode prints it */
		char *text = NULL;
		size_t len = 0;
		FILE *m = open_memstream(&text, &len);

		if (m != NULL) {
			describe(m, vf, e);
			fclose(m);
			json_string(stdout, text);
		} else {
			fputs("null", stdout);
		}
		free(text);
	}
	fputs("}\n", stdout);
}

/* What validate reads with, for files_each. */
struct run {
	ub_conv *cv;
	struct vfile vf;
	uint8_t *in, *out; /* the input block, and what it converts to */
};

/* Validate one input.  Returns an exit status. */
static int
validate_file(void *ctx, const char *path, int i, bool *stop)
{
	struct run *run = ctx;
	struct vfile *vf = &run->vf;
	ub_conv *cv = run->cv;
	uint8_t *in = run->in, *out = run->out;
	const uint8_t *blk;
	uint64_t chars = 0, errors;
	bool last = false, stopped = false;
	struct infile f;
	ub_result r;
	ssize_t k;
	size_t pos;
	int rc;

	(void)i;
	(void)stop;
	vf->path = path;
	rc = infile_open(&f, path);
	if (rc != EXIT_OK)
		return rc;
	ub_conv_reset(cv);
	ub_conv_on_error(cv, on_error, vf);
	vf->reported = 0;
	vf->base = 0;
	while (!last) {
		k = infile_next(&f, in, IO_BIG_CHUNK, &blk);
		if (k < 0) {
			infile_close(&f);
			return EXIT_IO;
		}
		last = k == 0;
		vf->blk = blk;
		vf->nblk = (size_t)k;
		pos = 0;
		do {
			r = ub_conv_feed(cv, blk + pos, (size_t)k - pos, out,
			                 IO_BIG_CHUNK * 4, last);
			pos += r.in;
			chars += ub_utf8_count(out, r.out); /* valid UTF-8 */
		} while (r.status == UB_E_OUTPUT_FULL);
		if (!infile_intact(&f)) {
			infile_close(&f);
			return EXIT_IO;
		}
		vf->base += (uint64_t)k;
		if (vf->reported >= vf->limit) {
			stopped = !last; /* the rest need not be read */
			break;
		}
	}
	infile_close(&f);
	errors = ub_conv_error_count(cv);
	if (vf->json)
		return errors > 0 ? EXIT_DATA : EXIT_OK;
	if (errors == 0)
		printf("%s: valid %s, %" PRIu64 " bytes, %" PRIu64
		       " characters\n",
		       msg_file(vf->path), vf->enc, vf->base, chars);
	else if (stopped && vf->limit == 1)
		printf("%s: invalid %s (stopped at the first error; --all "
		       "shows every one)\n",
		       msg_file(vf->path), vf->enc);
	else if (stopped)
		printf("%s: invalid %s: at least %" PRIu64 " errors "
		       "(stopped at --max-errors=%" PRIu64 ")\n",
		       msg_file(vf->path), vf->enc, errors, vf->limit);
	else
		printf("%s: invalid %s: %" PRIu64 " error%s in %" PRIu64
		       " bytes\n",
		       msg_file(vf->path), vf->enc, errors,
		       errors == 1 ? "" : "s", vf->base);
	return errors > 0 ? EXIT_DATA : EXIT_OK;
}

int
cmd_validate(int argc, char **argv)
{
	static const struct option longopts[] = {
		{"encoding", required_argument, NULL, 'e'},
		{"all", no_argument, NULL, 'a'},
		{"max-errors", required_argument, NULL, 'm'},
		{"json", no_argument, NULL, 'j'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	struct run run = {NULL, {0}, NULL, NULL};
	struct vfile *vf = &run.vf;
	const char *enc = "UTF-8";
	char *end;
	unsigned long long max;
	int c, rc = EXIT_OK;
	ub_status st;

	vf->limit = 1;
	optind = 1;
	while ((c = getopt_long(argc, argv, "e:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'e':
			enc = optarg;
			break;
		case 'a':
			vf->limit = UINT64_MAX;
			break;
		case 'm':
			errno = 0;
			max = strtoull(optarg, &end, 10);
			if (errno != 0 || *end != '\0' || max == 0 ||
			    optarg[0] == '-') {
				msg_err("validate: --max-errors wants a "
				        "number from 1 up, not '%s'",
				        optarg);
				return EXIT_USAGE;
			}
			vf->limit = max;
			break;
		case 'j':
			vf->json = true;
			break;
		case 'h':
			printf("%s\n", usage);
			return EXIT_OK;
		default:
			fprintf(stderr, "%s\n", usage);
			return EXIT_USAGE;
		}
	}
	st = ub_conv_open(&run.cv, "UTF-8", enc, UB_SKIP, UB_BOM_KEEP);
	if (st == UB_E_UNKNOWN_ENCODING) {
		msg_err("validate: unknown encoding '%s' (see 'unibits "
		        "encodings')",
		        enc);
		return EXIT_USAGE;
	}
	run.in = malloc(IO_BIG_CHUNK);
	run.out = malloc(IO_BIG_CHUNK * 4);
	if (st != UB_OK || run.in == NULL || run.out == NULL) {
		msg_err("validate: %s",
		        ub_strerror(st != UB_OK ? st : UB_E_NOMEM));
		rc = EXIT_IO;
		goto done;
	}
	vf->enc = ub_conv_from_name(run.cv);
	vf->utf8 = ub_encoding_from_name(vf->enc) == UB_UTF8;
	rc = files_each(argc - optind, argv + optind, validate_file, &run);
done:
	ub_conv_close(run.cv);
	free(run.in);
	free(run.out);
	return rc;
}
