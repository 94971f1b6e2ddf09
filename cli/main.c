/*
 * main.c - unibits: global options, the table of subcommands, and the
 * exit status.  Each subcommand lives in its own cli/cmd_*.c.
 */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <unibits.h>

#include "cmd.h"
#include "msg.h"

static int cmd_help(int argc, char **argv);

/* Alphabetical, one row per subcommand. */
static const struct cmd cmds[] = {
	{"convert", cmd_convert,
	 "unibits convert -f FROM -t TO [--on-error=strict|replace|skip|"
	 "escape]\n"
	 "                [--bom=keep|strip|add] [-c] [-o OUT] [FILE...|-]",
	 "convert text from one charset to another"},
	{"explain", cmd_explain,
	 "unibits explain [--color=auto|always|never] "
	 "CHAR|U+XXXX|0xHH|NUMBER...",
	 "walk a character from its number to its UTF-8/16/32 bits"},
	{"help", cmd_help, "unibits help [COMMAND]",
	 "show the commands, or how to use one"},
	{"table", cmd_table, "unibits table [--range A-B] ascii|latin1|ENC",
	 "a single-byte character set with numbers, bits and names"},
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

	fputs("usage: unibits [--version] [--help] COMMAND [ARGS]\n\n"
	      "commands:\n",
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

/* Flush stdout and report a failed write (a full disk, a closed file). */
static int
finish_stdout(int rc)
{
	if (fflush(stdout) != 0 || ferror(stdout)) {
		msg_err("stdout: %s", strerror(errno));
		return EXIT_IO;
	}
	return rc;
}

int
main(int argc, char **argv)
{
	const struct cmd *c;

	if (argc < 2) {
		print_overview(stderr);
		return EXIT_USAGE;
	}
	if (strcmp(argv[1], "--version") == 0) {
		printf("unibits %s (libunibits %s)\n", UB_VERSION_STRING,
		       ub_version());
		return finish_stdout(EXIT_OK);
	}
	if (strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0) {
		print_overview(stdout);
		return finish_stdout(EXIT_OK);
	}
	c = cmd_find(argv[1]);
	if (c == NULL) {
		msg_err("unknown command '%s' (see 'unibits help')", argv[1]);
		return EXIT_USAGE;
	}
	return finish_stdout(c->run(argc - 1, argv + 1));
}
