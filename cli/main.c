/*
 * main.c - unibits: global options, the table of subcommands, and the
 * exit status.  Each subcommand lives in its own cli/cmd_*.c.
 */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <unibits.h>

#include "cmd.h"
#include "json.h"
#include "msg.h"
#include "out.h"

static int cmd_help(int argc, char **argv);

/* Alphabetical, one row per subcommand. */
static const struct cmd cmds[] = {
	{"convert", cmd_convert,
         "unibits convert -f FROM -t TO [--on-error=strict|replace|skip|"
         "escape]\n"
         "                [--bom=keep|strip|add] [-c] [-n|--dry-run] "
         "[-o OUT]\n"
         "                [FILE...|-]",
         "convert text from one charset to another"},
	{"detect", cmd_detect, "unibits detect [--json] FILE...|-",
         "guess the encoding of files, with the evidence"},
	{"dump", cmd_dump, "unibits dump [-e ENC] [--color=WHEN] FILE|-",
         "annotated hexdump: each character's bytes, bits, code point"},
	{"encodings", cmd_encodings, "unibits encodings [--json] [NAME...]",
         "list every charset name and alias unibits accepts"},
	{"explain", cmd_explain,
         "unibits explain [--json] [--color=auto|always|never] "
         "CHAR|U+XXXX|0xHH|NUMBER|NAME...",
         "walk a character from its number to its UTF-8/16/32 bits"},
	{"fix", cmd_fix,
         "unibits fix [-n|--dry-run] [--json] [-v|--verbose] [-o OUT]\n"
         "            [FILE...|-]",
         "undo mojibake: UTF-8 that was read as windows-1252 or Latin-1"},
	{"help", cmd_help, "unibits help [COMMAND]",
         "show the commands, or how to use one"},
	{"lookup", cmd_lookup,
         "unibits lookup [-e ENC] [-n MAX] [--json] [--color=WHEN] QUERY...",
         "find characters by number, name words, or pasted bytes"},
	{"normalize", cmd_normalize,
         "unibits normalize --form=NFC|NFD|NFKC|NFKD [--casefold] [-o OUT]\n"
         "                  [FILE...|-]",
         "normalize UTF-8 text to NFC, NFD, NFKC or NFKD, streaming"},
	{"show", cmd_show,
         "unibits show [-e ENC] [-t ENC,...] [--forms] [--format T] "
         "[--json]\n"
         "             [--color=WHEN] [TEXT... | -f FILE|-]",
         "one row per character: number, bits, bytes, name (the "
         "default)"},
	{"table", cmd_table,
         "unibits table [--range A-B] [--json] ascii|latin1|ENC",
         "a single-byte character set with numbers, bits and names"},
	{"validate", cmd_validate,
         "unibits validate [-e ENC] [--all] [--max-errors=N] [--json] "
         "FILE...|-",
         "check that files are well formed, and say where they are not"},
};

const struct cmd *
cmd_find(const char *name)
{
	size_t i;

	for (i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++)
		if (strcmp(cmds[i].name, name) == 0)
			return &cmds[i];
	return NULL;
}

int
cmd_usage_error(const char *name)
{
	const struct cmd *c = cmd_find(name);

	if (c != NULL)
		fprintf(stderr, "usage: %s\n", c->usage);
	return EXIT_USAGE;
}

static void
print_overview(FILE *f)
{
	size_t i;

	fputs("usage: unibits [--version] [--help] [--color=WHEN] [--json] "
	      "COMMAND [ARGS]\n"
	      "       unibits TEXT...   (the same as: unibits show TEXT...)\n"
	      "\ncommands:\n",
	      f);
	for (i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++)
		fprintf(f, "  %-10s %s\n", cmds[i].name, cmds[i].summary);
	fputs("\nexit status: 0 ok, 1 invalid or unmappable data, 2 usage "
	      "error, 3 I/O error\n"
	      "See unibits(1) for more.\n",
	      f);
}

static int
cmd_help(int argc, char **argv)
{
	const struct cmd *c;

	if (argc < 2) {
		print_overview(stdout);
		return EXIT_OK;
	}
	c = cmd_find(argv[1]);
	if (c == NULL) {
		msg_err("help: unknown command '%s'", argv[1]);
		return EXIT_USAGE;
	}
	printf("usage: %s\n\n%s\n", c->usage, c->summary);
	return EXIT_OK;
}

/*
 * Flush stdout and report a failed write (a full disk, a closed file).
 * A reader that went away (`unibits dump big | head`) is not an error
 * worth a word: with SIGPIPE ignored the write fails with EPIPE, and
 * unibits stops as quietly as the signal would have stopped it.
 */
static int
finish_stdout(int rc)
{
	if (fflush(stdout) != 0 || ferror(stdout)) {
		if (errno == EPIPE)
			return rc;
		msg_err("stdout: %s", strerror(errno));
		return EXIT_IO;
	}
	return rc;
}

/*
 * --version: the tool, then what it was built with and runs on, one
 * "NAME VERSION" per line (--json: one object).  libunibits is linked
 * in statically, so built-with and running are the same library; the
 * Unicode version is that of the property data (utf8proc's), and the
 * SIMD level the one the kernels use here (UB_SIMD can lower it).
 * The library does not report the versions of ICU and utf8proc
 * themselves, so neither does this.
 */
static int
print_version(bool json)
{
	static const ub_simd levels[] = {UB_SIMD_SCALAR, UB_SIMD_AVX2,
	                                 UB_SIMD_AVX512};
	const char *simd = ub_simd_name(ub_simd_level());
	size_t i, n = 0;

	if (json) {
		fputs("{\"unibits\": ", stdout);
		json_string(stdout, UB_VERSION_STRING);
		fputs(", \"libunibits\": ", stdout);
		json_string(stdout, ub_version());
		fputs(", \"unicode\": ", stdout);
		json_string(stdout, ub_unicode_version());
		fputs(", \"utf8proc\": ", stdout);
		json_string(stdout, ub_utf8proc_version());
		fputs(", \"icu\": ", stdout);
		json_string(stdout, ub_icu_version());
		fputs(", \"icu_unicode\": ", stdout);
		json_string(stdout, ub_icu_unicode_version());
		fputs(", \"simd\": ", stdout);
		json_string(stdout, simd);
		fputs(", \"simd_supported\": [", stdout);
		for (i = 0; i < sizeof(levels) / sizeof(levels[0]); i++)
			if (ub_simd_supported(levels[i])) {
				fputs(n++ > 0 ? ", " : "", stdout);
				json_string(stdout, ub_simd_name(levels[i]));
			}
		fputs("]}\n", stdout);
		return EXIT_OK;
	}
	printf("unibits %s\n", UB_VERSION_STRING);
	printf("libunibits %s\n", ub_version());
	printf("Unicode %s (character data of utf8proc)\n",
	       ub_unicode_version());
	printf("utf8proc %s (categories, widths, graphemes, "
	       "normalization)\n",
	       ub_utf8proc_version());
	printf("ICU %s with Unicode %s (names, scripts, legacy charsets, "
	       "detection)\n",
	       ub_icu_version(), ub_icu_unicode_version());
	printf("SIMD %s (this CPU:", simd);
	for (i = 0; i < sizeof(levels) / sizeof(levels[0]); i++)
		if (ub_simd_supported(levels[i]))
			printf(" %s", ub_simd_name(levels[i]));
	fputs("; UB_SIMD chooses)\n", stdout);
	return EXIT_OK;
}

/*
 * A global --json before the command goes to the command, as if given
 * after its name (the commands without JSON output refuse it).
 * Returns the new argv, or NULL when out of memory.
 */
static char **
pass_json(int argc, char **argv)
{
	char **v = malloc(((size_t)argc + 2) * sizeof(*v));

	if (v == NULL)
		return NULL;
	v[0] = argv[0];
	v[1] = "--json";
	memcpy(v + 2, argv + 1, (size_t)argc * sizeof(*v));
	return v;
}

/* Edit distance of a and b (Damerau: insert, delete, change, swap),
 * both at most 15 bytes (longer is far). */
static size_t
distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b), i, j, d[16][16];

	if (la > 15 || lb > 15)
		return 99;
	for (i = 0; i <= la; i++)
		d[i][0] = i;
	for (j = 0; j <= lb; j++)
		d[0][j] = j;
	for (i = 1; i <= la; i++)
		for (j = 1; j <= lb; j++) {
			size_t sub = d[i - 1][j - 1] + (a[i - 1] != b[j - 1]);
			size_t del = d[i - 1][j] + 1, ins = d[i][j - 1] + 1;

			d[i][j] = sub < del ? (sub < ins ? sub : ins)
			                    : (del < ins ? del : ins);
			/* Two letters swapped count as one edit. */
			if (i > 1 && j > 1 && a[i - 1] == b[j - 2] &&
			    a[i - 2] == b[j - 1] &&
			    d[i - 2][j - 2] + 1 < d[i][j])
				d[i][j] = d[i - 2][j - 2] + 1;
		}
	return d[la][lb];
}

/*
 * Any word that is not a command is text to show, so a mistyped
 * command is shown rather than refused; a word of lowercase letters
 * one edit away from a command name gets a hint on stderr (the output
 * is the same either way).
 */
static void
hint_typo(const char *word)
{
	size_t i, n = strlen(word);

	if (n < 3 || strspn(word, "abcdefghijklmnopqrstuvwxyz") != n)
		return;
	for (i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++)
		if (distance(word, cmds[i].name) == 1) {
			msg_err("'%s' is not a command, so it is shown as "
			        "text (did you mean '%s'?)",
			        word, cmds[i].name);
			return;
		}
}

int
main(int argc, char **argv)
{
	const struct cmd *c;
	enum out_color_mode cm = OUT_COLOR_AUTO;
	bool json = false;
	char **v = NULL;
	int rc;

	/* Global --color=WHEN and --json before the command; the commands
	 * that print colour or JSON also take them after their name. */
	while (argc >= 2 && (strncmp(argv[1], "--color=", 8) == 0 ||
	                     strcmp(argv[1], "--json") == 0)) {
		if (strcmp(argv[1], "--json") == 0) {
			json = true;
		} else if (!out_parse_color(argv[1] + 8, &cm)) {
			msg_err("--color wants auto, always or never, not "
			        "'%s'",
			        argv[1] + 8);
			return EXIT_USAGE;
		}
		argv[1] = argv[0];
		argv++;
		argc--;
	}
	out_color_init(cm);
	if (argc < 2) {
		print_overview(stderr);
		return EXIT_USAGE;
	}
	if (strcmp(argv[1], "--version") == 0) {
		if (argc > 2 && strcmp(argv[2], "--json") == 0)
			json = true;
		else if (argc > 2) {
			fputs("usage: unibits --version [--json]\n", stderr);
			return EXIT_USAGE;
		}
		return finish_stdout(print_version(json));
	}
	if (strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0) {
		print_overview(stdout);
		return finish_stdout(EXIT_OK);
	}
	c = cmd_find(argv[1]);
	if (c != NULL) {
		argc--;
		argv++;
	} else {
		/* `unibits TEXT...` is `unibits show TEXT...`: argv[0]
		 * stands in for the command name. */
		hint_typo(argv[1]);
		argv[0] = "show";
		c = cmd_find("show");
	}
	if (json) {
		v = pass_json(argc, argv);
		if (v == NULL) {
			msg_err("out of memory");
			return EXIT_IO;
		}
		argc++;
		argv = v;
	}
	rc = finish_stdout(c->run(argc, argv));
	free(v);
	/* The command is done with ICU: let a leak checker see its caches
	 * freed rather than still reachable. */
	ub_cleanup();
	return rc;
}
