/*
 * cmd_convert.c - unibits convert: stream files from one charset to
 * another through ub_conv, in blocks of IO_BIG_CHUNK (256 KiB), so
 * memory does not grow with the input.  --dry-run converts into nothing and
 * lists every sequence the conversion would stop at, replace or drop.
 */
#define _POSIX_C_SOURCE 200809L
#include <getopt.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <unibits.h>

#include "autodetect.h"
#include "cmd.h"
#include "files.h"
#include "io.h"
#include "msg.h"

struct convert_opts {
	const char *from, *to, *out;
	ub_policy policy;
	ub_bom bom;
	bool dry;
};

/* Per-file error reporting: under strict the one error is printed where
 * it happens; otherwise a summary follows the file.  A dry run lists
 * every error on stdout, the way a compiler lists warnings. */
struct report {
	const char *path, *from, *to;
	ub_policy policy;
	bool dry;
};

static void
on_error(void *ctx, const ub_conv_error *e)
{
	const struct report *rp = ctx;

	if (rp->dry) {
		printf("%s:%" PRIu64 ":%" PRIu64 ": byte %" PRIu64 ": ",
		       msg_file(rp->path), e->line, e->column, e->offset);
		msg_describe_error(stdout, e, rp->from, rp->to);
		putchar('\n');
	} else if (rp->policy == UB_STRICT) {
		msg_conv_error(rp->path, e, rp->from, rp->to);
	}
}

static const char *
policy_verb(ub_policy p)
{
	switch (p) {
	case UB_REPLACE:
		return "replaced";
	case UB_SKIP:
		return "skipped";
	case UB_ESCAPE:
		return "escaped";
	default:
		return "found";
	}
}

static bool
parse_policy(const char *s, ub_policy *p)
{
	static const char *const names[] = {"strict", "replace", "skip",
	                                    "escape"};
	size_t i;

	for (i = 0; i < 4; i++)
		if (strcmp(s, names[i]) == 0) {
			*p = (ub_policy)i;
			return true;
		}
	return false;
}

static bool
parse_bom(const char *s, ub_bom *b)
{
	if (strcmp(s, "keep") == 0)
		*b = UB_BOM_KEEP;
	else if (strcmp(s, "strip") == 0)
		*b = UB_BOM_STRIP;
	else if (strcmp(s, "add") == 0)
		*b = UB_BOM_ADD;
	else
		return false;
	return true;
}

/*
 * iconv's spellings: "ASCII//TRANSLIT" and "//IGNORE" suffixes on the
 * target.  //IGNORE means skip; //TRANSLIT is taken as replace (unibits
 * does not transliterate; the substitute is written and reported).
 */
static char *
strip_iconv_suffix(const char *name, ub_policy *policy)
{
	char *s = strdup(name), *p;

	if (s == NULL)
		return NULL;
	while ((p = strrchr(s, '/')) != NULL && p > s && p[-1] == '/') {
		if (strcasecmp(p + 1, "IGNORE") == 0)
			*policy = UB_SKIP;
		else if (strcasecmp(p + 1, "TRANSLIT") == 0)
			*policy = UB_REPLACE;
		p[-1] = '\0';
	}
	return s;
}

/* Convert one input through p (its converter in p->obj).  Returns an
 * exit status. */
static int
convert_file(struct pump *p, const struct convert_opts *o, const char *path)
{
	ub_conv *cv = p->obj;
	struct report rp = {path, ub_conv_from_name(cv), ub_conv_to_name(cv),
	                    o->policy, o->dry};
	const ub_conv_error *first;
	int rc;

	ub_conv_on_error(cv, on_error, &rp);
	rc = pump_file(p, path);
	/* EXIT_DATA: stopped by strict, and reported by on_error. */
	if (rc != EXIT_OK)
		return rc;
	first = ub_conv_first_error(cv);
	if (first == NULL)
		return EXIT_OK;
	if (o->dry) {
		msg_err("%s: %" PRIu64
		        " error%s in a conversion from %s to %s "
		        "(dry run: nothing written)",
		        msg_file(path), ub_conv_error_count(cv),
		        ub_conv_error_count(cv) == 1 ? "" : "s", rp.from,
		        rp.to);
		return EXIT_DATA;
	}
	fprintf(stderr,
	        "unibits: %s: %" PRIu64 " error%s %s, %s %" PRIu64 ":%" PRIu64
	        ": byte %" PRIu64 ": ",
	        msg_file(path), ub_conv_error_count(cv),
	        ub_conv_error_count(cv) == 1 ? "" : "s",
	        policy_verb(o->policy),
	        ub_conv_error_count(cv) == 1 ? "at" : "the first at",
	        first->line, first->column, first->offset);
	msg_describe_error(stderr, first, rp.from, rp.to);
	fputc('\n', stderr);
	return EXIT_DATA;
}

static const char usage[] =
	"usage: unibits convert -f FROM -t TO [--on-error=POLICY] "
	"[--bom=keep|strip|add] [-c] [-n|--dry-run] [-o OUT] [FILE...|-]";

/*
 * Several inputs are one stream, as with iconv: only the first may start
 * the output with a byte order mark.  Later files use the fixed byte
 * order the first one wrote.
 */
static const char *
later_target(const char *to)
{
	const char *canon = ub_charset_canonical(to);

	switch (ub_encoding_from_name(canon != NULL ? canon : to)) {
	case UB_UTF16:
		return "UTF-16BE";
	case UB_UTF32:
		return "UTF-32BE";
	default:
		return to;
	}
}

/* One run over the inputs, for files_each. */
struct run {
	const struct convert_opts *o;
	const char *to, *from;
	ub_policy conv_policy;
	struct pump p; /* p.obj is the converter */
	struct io_out out, *outp;
};

/*
 * Convert the i-th input.  With -f auto each input gets a converter for
 * what was detected in it; else the first input's converter may write a
 * byte order mark, and the second one's is opened once for the rest.
 */
static int
convert_next(void *ctx, const char *path, int i, bool *stop)
{
	struct run *run = ctx;
	const struct convert_opts *o = run->o;
	bool strict = o->policy == UB_STRICT && !o->dry;
	ub_conv *cv = run->p.obj;
	ub_status st;
	ub_bom bom;
	int rc;

	if (auto_wanted(run->from)) {
		bom = i == 0 || o->bom != UB_BOM_ADD ? o->bom : UB_BOM_STRIP;
		rc = auto_reopen(&cv, path,
		                 i == 0 ? run->to : later_target(run->to),
		                 run->conv_policy, bom);
		run->p.obj = cv;
		if (rc != EXIT_OK) {
			*stop = cv == NULL || strict;
			return rc;
		}
	} else if (i == 1) {
		ub_conv_close(cv);
		cv = NULL;
		bom = o->bom == UB_BOM_ADD ? UB_BOM_STRIP : o->bom;
		st = ub_conv_open(&cv, later_target(run->to), run->from,
		                  run->conv_policy, bom);
		run->p.obj = cv;
		if (st != UB_OK) {
			msg_err("convert: %s", ub_strerror(st));
			*stop = true;
			return EXIT_IO;
		}
	} else if (i > 1) {
		ub_conv_reset(cv);
	}
	rc = convert_file(&run->p, o, path);
	if (run->outp != NULL && run->out.err != 0) {
		msg_err("%s: %s", o->out != NULL ? o->out : "stdout",
		        strerror(run->out.err));
		*stop = true;
		return EXIT_IO;
	}
	*stop = rc == EXIT_DATA && strict;
	return rc;
}

int
cmd_convert(int argc, char **argv)
{
	static const struct option longopts[] = {
		{"from-code", required_argument, NULL, 'f'},
		{"to-code", required_argument, NULL, 't'},
		{"output", required_argument, NULL, 'o'},
		{"on-error", required_argument, NULL, 'E'},
		{"bom", required_argument, NULL, 'B'},
		{"dry-run", no_argument, NULL, 'n'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	struct convert_opts o = {"UTF-8",   "UTF-8",     NULL,
	                         UB_STRICT, UB_BOM_KEEP, false};
	struct run run = {&o, NULL, NULL, UB_STRICT, {0}, {0}, NULL};
	char *to = NULL, *from = NULL;
	ub_conv *cv = NULL;
	ub_status st;
	bool bufs;
	int c, rc = EXIT_OK, e;

	optind = 1;
	while ((c = getopt_long(argc, argv, "f:t:o:cnh", longopts, NULL)) !=
	       -1) {
		switch (c) {
		case 'f':
			o.from = optarg;
			break;
		case 't':
			o.to = optarg;
			break;
		case 'o':
			o.out = optarg;
			break;
		case 'c':
			o.policy = UB_SKIP;
			break;
		case 'n':
			o.dry = true;
			break;
		case 'E':
			if (!parse_policy(optarg, &o.policy)) {
				msg_err("convert: unknown --on-error policy "
				        "'%s' (strict, replace, skip, escape)",
				        optarg);
				return EXIT_USAGE;
			}
			break;
		case 'B':
			if (!parse_bom(optarg, &o.bom)) {
				msg_err("convert: unknown --bom mode '%s' "
				        "(keep, strip, add)",
				        optarg);
				return EXIT_USAGE;
			}
			break;
		case 'h':
			printf("%s\n", usage);
			return EXIT_OK;
		default:
			fprintf(stderr, "%s\n", usage);
			return EXIT_USAGE;
		}
	}
	to = strip_iconv_suffix(o.to, &o.policy);
	from = strip_iconv_suffix(o.from, &o.policy);
	bufs = pump_init(&run.p, pump_conv_feed, NULL, IO_BIG_CHUNK,
	                 IO_BIG_CHUNK * 4);
	if (to == NULL || from == NULL || !bufs) {
		msg_err("convert: out of memory");
		rc = EXIT_IO;
		goto done;
	}
	run.to = to;
	run.from = from;
	/* A dry run goes on past every error to list them all. */
	run.conv_policy = o.dry ? UB_REPLACE : o.policy;
	/* -f auto: a converter per input, opened once it is detected;
	 * this one only checks the target name. */
	st = ub_conv_open(&cv, to, auto_wanted(from) ? "UTF-8" : from,
	                  run.conv_policy, o.bom);
	if (st != UB_OK) {
		if (st == UB_E_UNKNOWN_ENCODING)
			msg_err("convert: unknown encoding '%s' (see "
			        "'unibits encodings')",
			        ub_charset_known(from) ? to : from);
		else
			msg_err("convert: %s", ub_strerror(st));
		rc = st == UB_E_UNKNOWN_ENCODING ? EXIT_USAGE : EXIT_IO;
		goto done;
	}
	run.p.obj = cv;
	cv = NULL;
	if (!o.dry) {
		e = io_out_open(&run.out, o.out);
		if (e != 0) {
			msg_err("%s: %s", o.out, strerror(e));
			rc = EXIT_IO;
			goto done;
		}
		run.outp = &run.out;
		pump_to_out(&run.p, &run.out);
	}
	rc = files_each(argc - optind, argv + optind, convert_next, &run);
	/* A named output replaces the old file only if all went well; a
	 * dry run has nothing to keep or remove. */
	if (run.outp != NULL)
		rc = io_out_finish(&run.out,
		                   rc == EXIT_OK || (rc == EXIT_DATA &&
		                                     o.policy != UB_STRICT),
		                   rc);
done:
	ub_conv_close(cv);
	ub_conv_close(run.p.obj);
	pump_free(&run.p);
	free(to);
	free(from);
	return rc;
}
