/*
 * cmd_encodings.c - unibits encodings: every charset name unibits
 * accepts, the built-in ones marked, each with its aliases; or, given
 * names, the charsets they stand for.
 */
#define _POSIX_C_SOURCE 200809L
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <unibits.h>

#include "cmd.h"
#include "msg.h"

/* A JSON string: names are ASCII, but quote what JSON requires. */
static void
json_str(const char *s)
{
	putchar('"');
	for (; *s != '\0'; s++) {
		if (*s == '"' || *s == '\\')
			printf("\\%c", *s);
		else if ((unsigned char)*s < 0x20)
			printf("\\u%04x", (unsigned char)*s);
		else
			putchar(*s);
	}
	putchar('"');
}

static void
print_one(size_t i, bool json)
{
	ub_charset_info info;
	size_t k;

	if (!ub_charset_info_at(i, &info))
		return;
	if (json) {
		printf("{\"name\": ");
		json_str(info.name);
		printf(", \"builtin\": %s, \"icu\": ",
		       info.builtin != UB_ENC_NONE ? "true" : "false");
		if (info.backend_name != NULL)
			json_str(info.backend_name);
		else
			printf("null");
		printf(", \"aliases\": [");
		for (k = 0; k < info.naliases; k++) {
			printf("%s", k > 0 ? ", " : "");
			json_str(ub_charset_alias(i, k));
		}
		printf("]}\n");
		return;
	}
	printf("%-24s %-8s", info.name,
	       info.builtin != UB_ENC_NONE ? "built-in" : "ICU");
	for (k = 0; k < info.naliases; k++)
		printf("%s%s", k > 0 ? ", " : " ", ub_charset_alias(i, k));
	putchar('\n');
}

struct entry {
	size_t index;
	ub_charset_info info;
};

/* Order for the list: the built-in encodings first, as numbered, then
 * ICU's by name, ignoring case. */
static int
cmp_entry(const void *a, const void *b)
{
	const struct entry *x = a, *y = b;
	bool bx = x->info.builtin != UB_ENC_NONE;
	bool by = y->info.builtin != UB_ENC_NONE;
	int c;

	if (bx != by)
		return bx ? -1 : 1;
	if (bx)
		return x->index < y->index ? -1 : 1;
	c = strcasecmp(x->info.name, y->info.name);
	return c != 0 ? c : strcmp(x->info.name, y->info.name);
}

/* The index of the charset called name, or (size_t)-1. */
static size_t
find(const char *name)
{
	const char *canon = ub_charset_canonical(name);
	ub_charset_info info;
	size_t i, n = ub_charset_count();

	if (canon == NULL)
		return (size_t)-1;
	for (i = 0; i < n; i++)
		if (ub_charset_info_at(i, &info) &&
		    strcmp(info.name, canon) == 0)
			return i;
	return (size_t)-1;
}

int
cmd_encodings(int argc, char **argv)
{
	static const struct option longopts[] = {
		{"json", no_argument, NULL, 'j'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	bool json = false;
	struct entry *list;
	size_t n, i, idx;
	int c, a, rc = EXIT_OK;

	optind = 1;
	while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		switch (c) {
		case 'j':
			json = true;
			break;
		case 'h':
			printf("usage: %s\n", cmd_find("encodings")->usage);
			return EXIT_OK;
		default:
			return cmd_usage_error("encodings");
		}
	}
	if (optind < argc) {
		for (a = optind; a < argc; a++) {
			idx = find(argv[a]);
			if (idx == (size_t)-1) {
				msg_err("encodings: unknown encoding '%s'",
				        argv[a]);
				rc = EXIT_USAGE;
				continue;
			}
			print_one(idx, json);
		}
		return rc;
	}
	n = ub_charset_count();
	list = malloc(n * sizeof(*list));
	if (list == NULL) {
		msg_err("encodings: out of memory");
		return EXIT_IO;
	}
	for (i = 0; i < n; i++) {
		list[i].index = i;
		ub_charset_info_at(i, &list[i].info);
	}
	qsort(list, n, sizeof(*list), cmp_entry);
	for (i = 0; i < n; i++)
		print_one(list[i].index, json);
	free(list);
	return EXIT_OK;
}
