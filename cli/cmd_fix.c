/*
 * cmd_fix.c - unibits fix: undo mojibake (UTF-8 read as windows-1252
 * or Latin-1) through ub_mojibake, streaming in 64 KiB blocks.
 *
 * Exit status: 0 when the input was valid UTF-8, whether or not
 * anything was repaired (a summary on stderr says what was); 1 when it
 * held invalid UTF-8 (copied through unchanged, reported), and with
 * --dry-run also when there was something to repair; 2 usage; 3 I/O.
 */
#define _POSIX_C_SOURCE 200809L
#include <getopt.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include <unibits.h>

#include "cmd.h"
#include "files.h"
#include "io.h"
#include "json.h"
#include "msg.h"

/* Repairs are listed grouped: neighbours of the same depth on one line
 * make one entry (a whole misread Cyrillic word, say), up to GROUP_MAX
 * characters. */
#define GROUP_MAX 16

struct listing {
	FILE *f;   /* where the listing goes, NULL for none */
	bool json; /* one JSON object per repaired character */
	const char *path;
	const char *prefix;
	size_t n; /* characters in the group */
	uint64_t offset, line, column, end;
	unsigned levels;
	uint8_t bytes[GROUP_MAX * 3 * 27]; /* the mojibake, as found */
	size_t nbytes;
	uint32_t cp[GROUP_MAX];
	bool truncated; /* bytes did not all fit */
	const ub_conv_error *first_error;
	ub_conv_error first_err_copy;
	uint64_t errors;
};

/* Controls, and the format characters that would hide in a listing
 * (zero-width space, bidi controls, BOM, word joiner, ...). */
static bool
invisible(uint32_t cp)
{
	return cp < 0x20 || (cp >= 0x7F && cp < 0xA0) || cp == 0xAD ||
	       (cp >= 0x200B && cp <= 0x200F) ||
	       (cp >= 0x2028 && cp <= 0x202E) ||
	       (cp >= 0x2060 && cp <= 0x2069) || cp == 0xFEFF;
}

/* Write s[0..n) (UTF-8) with invisible characters as \u{XXXX}, so a
 * listing never sends control codes to a terminal. */
static void
put_visible(FILE *f, const uint8_t *s, size_t n)
{
	ub_decoded d;
	size_t i;

	for (i = 0; i < n; i += d.len) {
		d = ub_utf8_decode(s + i, n - i);
		if (d.status != UB_OK) {
			fprintf(f, "\\x%02X", s[i]);
			d.len = 1;
		} else if (invisible(d.cp) || d.cp == '"' || d.cp == '\\') {
			if (d.cp == '"' || d.cp == '\\')
				fprintf(f, "\\%c", (int)d.cp);
			else
				fprintf(f, "\\u{%04" PRIX32 "}", d.cp);
		} else {
			fwrite(s + i, 1, d.len, f);
		}
	}
}

static void
flush_group(struct listing *l)
{
	uint8_t u8[4];
	size_t i;

	if (l->n == 0 || l->f == NULL) {
		l->n = 0;
		return;
	}
	fprintf(l->f, "%s%s:%" PRIu64 ":%" PRIu64 ": byte %" PRIu64 ": \"",
	        l->prefix, msg_file(l->path), l->line, l->column, l->offset);
	put_visible(l->f, l->bytes, l->nbytes);
	fputs(l->truncated ? "...\" -> \"" : "\" -> \"", l->f);
	for (i = 0; i < l->n; i++)
		put_visible(l->f, u8, ub_utf8_encode(l->cp[i], u8));
	fputs("\" (", l->f);
	for (i = 0; i < l->n; i++)
		fprintf(l->f, "%sU+%04" PRIX32, i > 0 ? " " : "", l->cp[i]);
	fprintf(l->f, "), %u level%s\n", l->levels, l->levels == 1 ? "" : "s");
	l->n = 0;
}

/*
 * --json: {"file": ..., "offset": N, "line": L, "column": C,
 * "bytes": [the mojibake's bytes], "mojibake": "...", "cp": N,
 * "char": "...", "levels": N}
 */
static void
put_json(const struct listing *l, const ub_mojibake_repair *r)
{
	char text[5] = {0}, *moj;

	moj = malloc(r->nbytes + 1);
	if (moj == NULL)
		return;
	memcpy(moj, r->bytes, r->nbytes);
	moj[r->nbytes] = '\0';
	ub_utf8_encode(r->cp, (uint8_t *)text);
	fputs("{\"file\": ", l->f);
	json_string(l->f, msg_file(l->path));
	fprintf(l->f,
	        ", \"offset\": %" PRIu64 ", \"line\": %" PRIu64
	        ", \"column\": %" PRIu64 ", \"bytes\": ",
	        r->offset, r->line, r->column);
	json_bytes(l->f, r->bytes, r->nbytes);
	fputs(", \"mojibake\": ", l->f);
	json_string(l->f, moj);
	fprintf(l->f, ", \"cp\": %" PRIu32 ", \"char\": ", r->cp);
	json_string(l->f, text);
	fprintf(l->f, ", \"levels\": %u}\n", r->levels);
	free(moj);
}

static void
on_repair(void *ctx, const ub_mojibake_repair *r)
{
	struct listing *l = ctx;

	if (l->json) {
		put_json(l, r);
		return;
	}

	if (l->n > 0 && (r->offset != l->end || r->levels != l->levels ||
	                 r->line != l->line || l->n == GROUP_MAX))
		flush_group(l);
	if (l->n == 0) {
		l->offset = r->offset;
		l->line = r->line;
		l->column = r->column;
		l->levels = r->levels;
		l->nbytes = 0;
		l->truncated = false;
	}
	if (l->nbytes + r->nbytes <= sizeof(l->bytes)) {
		memcpy(l->bytes + l->nbytes, r->bytes, r->nbytes);
		l->nbytes += r->nbytes;
	} else {
		l->truncated = true;
	}
	l->cp[l->n++] = r->cp;
	l->end = r->offset + r->nbytes;
}

static void
on_error(void *ctx, const ub_conv_error *e)
{
	struct listing *l = ctx;

	if (l->errors++ == 0) {
		l->first_err_copy = *e;
		l->first_error = &l->first_err_copy;
	}
}

struct fix_opts {
	bool dry_run, verbose, json;
	const char *out;
};

static ub_result
feed(void *mb, const uint8_t *src, size_t n, uint8_t *dst, size_t cap,
     bool last)
{
	return ub_mojibake_feed(mb, src, n, dst, cap, last);
}

/* One run over the inputs, for files_each. */
struct run {
	const struct fix_opts *o;
	struct pump p; /* p.obj is the ub_mojibake */
	struct io_out out;
};

/* Repair one input.  Returns an exit status. */
static int
fix_file(void *ctx, const char *path, int i, bool *stop)
{
	struct run *run = ctx;
	const struct fix_opts *o = run->o;
	ub_mojibake *mb = run->p.obj;
	struct listing l;
	ub_mojibake_stats st;
	int rc;

	(void)i;
	memset(&l, 0, sizeof(l));
	l.path = path;
	l.f = o->dry_run ? stdout : o->verbose ? stderr : NULL;
	l.prefix = o->dry_run ? "" : "unibits: ";
	l.json = o->json;
	ub_mojibake_reset(mb);
	ub_mojibake_on_repair(mb, on_repair, &l);
	ub_mojibake_on_error(mb, on_error, &l);
	rc = pump_file(&run->p, path);
	if (!o->dry_run && run->out.err != 0) {
		msg_err("%s: %s", o->out != NULL ? o->out : "stdout",
		        strerror(run->out.err));
		*stop = true;
		return EXIT_IO;
	}
	if (rc == EXIT_DATA) { /* ub_mojibake_feed has no such status */
		msg_err("%s: %s", msg_file(path), ub_strerror(run->p.status));
		return EXIT_IO;
	}
	if (rc != EXIT_OK)
		return rc;
	flush_group(&l);
	st = ub_mojibake_get_stats(mb);
	if (st.repaired > 0) {
		if (!o->dry_run)
			fprintf(stderr,
			        "unibits: %s: repaired %" PRIu64
			        " character%s of mojibake on %" PRIu64
			        " line%s, up to %u level%s deep\n",
			        msg_file(path), st.repaired,
			        st.repaired == 1 ? "" : "s", st.segments,
			        st.segments == 1 ? "" : "s", st.max_levels,
			        st.max_levels == 1 ? "" : "s");
		else
			rc = EXIT_DATA;
	}
	if (l.first_error != NULL) {
		fprintf(stderr,
		        "unibits: %s: %" PRIu64 " invalid sequence%s left "
		        "as %s; the first at %" PRIu64 ":%" PRIu64
		        ": byte %" PRIu64 ": ",
		        msg_file(path), l.errors, l.errors == 1 ? "" : "s",
		        l.errors == 1 ? "it was" : "they were",
		        l.first_error->line, l.first_error->column,
		        l.first_error->offset);
		msg_describe_error(stderr, l.first_error, "UTF-8", "UTF-8");
		fputc('\n', stderr);
		rc = EXIT_DATA;
	}
	return rc;
}

static const char usage[] =
	"usage: unibits fix [-n|--dry-run] [--json] [-v|--verbose] "
	"[-o OUT] [FILE...|-]";

int
cmd_fix(int argc, char **argv)
{
	static const struct option longopts[] = {
		{"dry-run", no_argument, NULL, 'n'},
		{"verbose", no_argument, NULL, 'v'},
		{"json", no_argument, NULL, 'J'},
		{"output", required_argument, NULL, 'o'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	struct fix_opts o = {false, false, false, NULL};
	struct run run = {&o, {0}, {0}};
	ub_mojibake *mb = NULL;
	int c, rc = EXIT_OK, e;

	optind = 1;
	while ((c = getopt_long(argc, argv, "nvo:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'n':
			o.dry_run = true;
			break;
		case 'v':
			o.verbose = true;
			break;
		case 'J': /* the listing of --dry-run, as JSON Lines */
			o.json = o.dry_run = true;
			break;
		case 'o':
			o.out = optarg;
			break;
		case 'h':
			printf("%s\n", usage);
			return EXIT_OK;
		default:
			fprintf(stderr, "%s\n", usage);
			return EXIT_USAGE;
		}
	}
	if (o.dry_run && o.out != NULL) {
		msg_err("fix: --dry-run and --json write no text; drop -o");
		return EXIT_USAGE;
	}
	if (!pump_init(&run.p, feed, NULL, IO_CHUNK, IO_CHUNK) ||
	    ub_mojibake_open(&mb) != UB_OK) {
		msg_err("fix: out of memory");
		rc = EXIT_IO;
		goto done;
	}
	run.p.obj = mb;
	e = o.dry_run ? 0 : io_out_open(&run.out, o.out);
	if (e != 0) {
		msg_err("%s: %s", o.out, strerror(e));
		rc = EXIT_IO;
		goto done;
	}
	if (!o.dry_run)
		pump_to_out(&run.p, &run.out);
	rc = files_each(argc - optind, argv + optind, fix_file, &run);
	if (o.dry_run)
		goto done;
	/* Invalid input was copied as it was: the output is still the
	 * best text there is, so it replaces OUT unless I/O failed. */
	rc = io_out_finish(&run.out, rc != EXIT_IO, rc);
done:
	ub_mojibake_close(mb);
	pump_free(&run.p);
	return rc;
}
