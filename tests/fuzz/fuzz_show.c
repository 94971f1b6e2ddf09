/*
 * fuzz_show.c - the formatting path of `unibits show` and `unibits
 * dump` (cli/), on any bytes: the tool's own code, linked in without its
 * main(), run on a file holding the input with stdout going to
 * /dev/null.  The properties are the sanitizers' (no overflow, no
 * undefined behaviour, no leak) and the documented exit statuses: 0, or
 * 1 when the input has invalid sequences, never 2 or 3 here.
 *
 * The first byte picks the command, the encoding it reads (-e) and the
 * output form (plain, --json, -t targets, --forms, --color=always); the
 * rest is the text.
 *
 * The commands' own messages (stderr) go to /dev/null during each run,
 * and so would a sanitizer's report: libFuzzer still stops and saves
 * the input; run the target on it with UB_FUZZ_VERBOSE=1 to see why.
 */
#define _POSIX_C_SOURCE 200809L
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../../cli/cmd.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

/* What cli/main.c would provide. */
const struct cmd *
cmd_find(const char *name)
{
	(void)name;
	return NULL;
}

int
cmd_usage_error(const char *name)
{
	(void)name;
	return EXIT_USAGE;
}

static char path[64];
static int devnull = -1, saved_err = -1;

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	int fd;

	(void)argc;
	(void)argv;
	snprintf(path, sizeof(path), "/tmp/unibits-fuzz-show.XXXXXX");
	fd = mkstemp(path);
	FZ_ASSERT(fd >= 0);
	close(fd);
	FZ_ASSERT(freopen("/dev/null", "w", stdout) != NULL);
	if (getenv("UB_FUZZ_VERBOSE") == NULL) {
		devnull = open("/dev/null", O_WRONLY);
		saved_err = dup(2);
		FZ_ASSERT(devnull >= 0 && saved_err >= 0);
	}
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const encs[] = {
		"UTF-8",    "UTF-16LE", "UTF-16BE",     "UTF-16",
		"UTF-32LE", "UTF-32BE", "ISO-8859-1",   "US-ASCII",
		"windows-1252", "Shift_JIS", "ISO-2022-JP", "GB18030",
	};
	static const char *const forms[] = {
		NULL, "--json", "-tUTF-16LE,UTF-32BE,windows-1252", "--forms",
		"--color=always",
	};
	char *argv[8];
	int argc = 0, rc;
	unsigned pick;
	FILE *f;

	if (size < 1)
		return 0;
	pick = data[0];
	f = fopen(path, "wb");
	FZ_ASSERT(f != NULL);
	FZ_ASSERT(size == 1 || fwrite(data + 1, 1, size - 1, f) == size - 1);
	FZ_ASSERT(fclose(f) == 0);

	argv[argc++] = (pick & 1) ? "dump" : "show";
	argv[argc++] = "-e";
	argv[argc++] = (char *)encs[(pick >> 1) % 12];
	if ((pick & 1) == 0 && forms[(pick >> 4) % 5] != NULL)
		argv[argc++] = (char *)forms[(pick >> 4) % 5];
	if ((pick & 1) == 0)
		argv[argc++] = "-f";
	argv[argc++] = path;
	argv[argc] = NULL;
	optind = 0; /* a full reset of getopt between runs */
	fflush(stderr);
	if (devnull >= 0)
		dup2(devnull, 2);
	rc = (pick & 1) ? cmd_dump(argc, argv) : cmd_show(argc, argv);
	fflush(stdout);
	fflush(stderr);
	if (devnull >= 0)
		dup2(saved_err, 2);
	FZ_ASSERT(rc == 0 || rc == 1 ||
	          (rc == 2 && !ub_charset_known(argv[2])));
	return 0;
}
