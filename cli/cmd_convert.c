/*
 * cmd_convert.c - unibits convert: stream files from one charset to
 * another through ub_conv, in blocks of IO_BIG_CHUNK (256 KiB), so
 * memory does not grow with the input.  --dry-run converts into nothing and
 * lists every sequence the conversion would stop at, replace or drop.
 */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <unibits.h>

#include "autodetect.h"
#include "cmd.h"
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

/* Convert one input into out (nowhere when NULL).  Returns an exit
 * status. */
static int
convert_file(ub_conv *cv, const struct convert_opts *o, const char *path,
             struct io_out *out, uint8_t *in, uint8_t *buf, size_t bufcap)
{
	struct report rp = {path, ub_conv_from_name(cv), ub_conv_to_name(cv),
	                    o->policy, o->dry};
	const ub_conv_error *first;
	ub_result r;
	ssize_t k;
	size_t pos;
	bool last = false;
	int fd;

	fd = io_open_in(path);
	if (fd < 0) {
		msg_err("%s: %s", msg_file(path), strerror(errno));
		return EXIT_IO;
	}
	ub_conv_on_error(cv, on_error, &rp);
	while (!last) {
		k = io_read(fd, in, IO_BIG_CHUNK);
		if (k < 0) {
			msg_err("%s: %s", msg_file(path), strerror(errno));
			io_close_in(fd);
			return EXIT_IO;
		}
		last = k == 0;
		pos = 0;
		do {
			r = ub_conv_feed(cv, in + pos, (size_t)k - pos, buf,
			                 bufcap, last);
			pos += r.in;
			if (out != NULL && !io_out_write(out, buf, r.out)) {
				io_close_in(fd);
				return EXIT_IO;
			}
		} while (r.status == UB_E_OUTPUT_FULL);
		if (r.status != UB_OK) { /* strict: reported by on_error */
			io_close_in(fd);
			return EXIT_DATA;
		}
	}
	io_close_in(fd);
	first = ub_conv_first_error(cv);
	if (first == NULL)
		return EXIT_OK;
	if (o->dry) {
		msg_err("%s: %" PRIu64 " error%s in a conversion from %s to %s "
		        "(dry run: nothing written)",
		        msg_file(path), ub_conv_error_count(cv),
		        ub_conv_error_count(cv) == 1 ? "" : "s", rp.from, rp.to);
		return EXIT_DATA;
	}
	fprintf(stderr,
	        "unibits: %s: %" PRIu64 " error%s %s, %s %" PRIu64
	        ":%" PRIu64 ": byte %" PRIu64 ": ",
	        msg_file(path), ub_conv_error_count(cv),
	        ub_conv_error_count(cv) == 1 ? "" : "s", policy_verb(o->policy),
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
	struct convert_opts o = {"UTF-8", "UTF-8", NULL, UB_STRICT,
	                         UB_BOM_KEEP, false};
	static const char *const stdin_only[] = {"-"};
	const char *const *files;
	char *to = NULL, *from = NULL;
	uint8_t *in = NULL, *buf = NULL;
	struct io_out out, *outp = NULL;
	ub_policy conv_policy;
	ub_conv *cv = NULL;
	ub_status st;
	int c, nfiles, i, rc = EXIT_OK, frc, e;

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
	files = (const char *const *)argv + optind;
	nfiles = argc - optind;
	if (nfiles == 0) {
		files = stdin_only;
		nfiles = 1;
	}
	to = strip_iconv_suffix(o.to, &o.policy);
	from = strip_iconv_suffix(o.from, &o.policy);
	in = malloc(IO_BIG_CHUNK);
	buf = malloc(IO_BIG_CHUNK * 4);
	if (to == NULL || from == NULL || in == NULL || buf == NULL) {
		msg_err("convert: out of memory");
		rc = EXIT_IO;
		goto done;
	}
	/* A dry run goes on past every error to list them all. */
	conv_policy = o.dry ? UB_REPLACE : o.policy;
	/* -f auto: a converter per input, opened once it is detected;
	 * this one only checks the target name. */
	st = ub_conv_open(&cv, to, auto_wanted(from) ? "UTF-8" : from,
	                  conv_policy, o.bom);
	if (st != UB_OK) {
		if (st == UB_E_UNKNOWN_ENCODING)
			msg_err("convert: unknown encoding '%s' (see "
			        "'unibits encodings')",
			        ub_charset_known(from) ? to : from);
		else
			msg_err("convert: %s", ub_strerror(st));
		ub_conv_close(cv);
		cv = NULL;
		rc = st == UB_E_UNKNOWN_ENCODING ? EXIT_USAGE : EXIT_IO;
		goto done;
	}
	if (!o.dry) {
		e = io_out_open(&out, o.out);
		if (e != 0) {
			msg_err("%s: %s", o.out, strerror(e));
			rc = EXIT_IO;
			goto done;
		}
		outp = &out;
	}
	for (i = 0; i < nfiles; i++) {
		if (auto_wanted(from)) {
			frc = auto_reopen(&cv, files[i],
			                  i == 0 ? to : later_target(to),
			                  conv_policy,
			                  i == 0 || o.bom != UB_BOM_ADD
			                          ? o.bom
			                          : UB_BOM_STRIP);
			if (frc != EXIT_OK) {
				if (frc > rc)
					rc = frc;
				if (cv == NULL ||
				    (o.policy == UB_STRICT && !o.dry))
					break;
				continue;
			}
		} else if (i == 1) {
			ub_conv_close(cv);
			cv = NULL;
			st = ub_conv_open(&cv, later_target(to), from,
			                  conv_policy,
			                  o.bom == UB_BOM_ADD ? UB_BOM_STRIP
			                                      : o.bom);
			if (st != UB_OK) {
				msg_err("convert: %s", ub_strerror(st));
				rc = EXIT_IO;
				break;
			}
		} else if (i > 1) {
			ub_conv_reset(cv);
		}
		frc = convert_file(cv, &o, files[i], outp, in, buf,
		                   IO_BIG_CHUNK * 4);
		if (outp != NULL && out.err != 0) {
			msg_err("%s: %s", o.out != NULL ? o.out : "stdout",
			        strerror(out.err));
			rc = EXIT_IO;
			break;
		}
		if (frc > rc)
			rc = frc;
		if (frc == EXIT_DATA && o.policy == UB_STRICT && !o.dry)
			break;
	}
	/* A named output replaces the old file only if all went well. */
	if (outp == NULL) {
		/* dry run: nothing to keep or remove */
	} else {
		rc = io_out_finish(&out,
		                   rc == EXIT_OK || (rc == EXIT_DATA &&
		                                     o.policy != UB_STRICT),
		                   rc);
	}
done:
	ub_conv_close(cv);
	free(in);
	free(buf);
	free(to);
	free(from);
	return rc;
}
