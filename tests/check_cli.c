/*
 * check_cli.c - the unibits tool end to end.  Each case in tests/cli/ is
 *   NAME.cmd   the arguments, one line, as a shell would split them
 *   NAME.in    standard input (optional; empty without it)
 *   NAME.out   the exact expected standard output
 *   NAME.err   the exact expected standard error (optional: unchecked
 *              without it)
 *   NAME.rc    the expected exit status (optional: 0 without it)
 * The tool runs from the top of the tree with LC_ALL=C and NO_COLOR=1.
 * Cases named man-* are the EXAMPLES of man/unibits.1.
 */
#define _POSIX_C_SOURCE 200809L
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include <check.h>

#include "suites.h"
#include "testutil.h"

static char **cases;
static size_t ncases;

static int
cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void
load_cases(void)
{
	DIR *d;
	struct dirent *e;
	size_t len;
	char path[4096];

	snprintf(path, sizeof(path), "%s/tests/cli", tu_top());
	d = opendir(path);
	if (d == NULL)
		return;
	while ((e = readdir(d)) != NULL) {
		len = strlen(e->d_name);
		if (len < 5 || strcmp(e->d_name + len - 4, ".cmd") != 0)
			continue;
		cases = realloc(cases, (ncases + 1) * sizeof(*cases));
		cases[ncases++] = strndup(e->d_name, len - 4);
	}
	closedir(d);
	qsort(cases, ncases, sizeof(*cases), cmp_names);
}

START_TEST(cli_case)
{
	const char *name = cases[_i];
	char base[4096], cmd[16384], *args, *want, *got;
	size_t nwant, ngot, nargs;
	int rc, want_rc = 0;
	char *rctext;

	snprintf(base, sizeof(base), "%s/tests/cli/%s", tu_top(), name);
	args = tu_slurp_suffix(base, ".cmd", &nargs);
	ck_assert_msg(args != NULL, "%s.cmd unreadable", name);
	while (nargs > 0 &&
	       (args[nargs - 1] == '\n' || args[nargs - 1] == '\r'))
		args[--nargs] = '\0';
	rctext = tu_slurp_suffix(base, ".rc", NULL);
	if (rctext != NULL)
		want_rc = atoi(rctext);
	free(rctext);

	snprintf(cmd, sizeof(cmd),
	         "cd '%s' && in='%s.in'; [ -f \"$in\" ] || in=/dev/null; "
	         "LC_ALL=C NO_COLOR=1 '%s' %s <\"$in\" >'%s.got' "
	         "2>'%s.goterr'",
	         tu_top(), base, tu_unibits(), args, tu_tmpbase(name),
	         tu_tmpbase(name));
	rc = system(cmd);
	rc = WIFEXITED(rc) ? WEXITSTATUS(rc) : 128 + WTERMSIG(rc);

	want = tu_slurp_suffix(base, ".out", &nwant);
	got = tu_slurp_suffix(tu_tmpbase(name), ".got", &ngot);
	ck_assert_msg(want != NULL, "%s.out missing", name);
	ck_assert_msg(got != NULL, "no output captured for %s", name);
	ck_assert_msg(ngot == nwant && memcmp(want, got, ngot) == 0,
	              "%s: stdout differs (diff %s.out %s.got)", name, base,
	              tu_tmpbase(name));
	free(want);
	free(got);

	want = tu_slurp_suffix(base, ".err", &nwant);
	if (want != NULL) {
		got = tu_slurp_suffix(tu_tmpbase(name), ".goterr", &ngot);
		ck_assert_msg(got != NULL && ngot == nwant &&
		                      memcmp(want, got, ngot) == 0,
		              "%s: stderr differs (diff %s.err %s.goterr)",
		              name, base, tu_tmpbase(name));
		free(got);
		free(want);
	}
	ck_assert_msg(rc == want_rc, "%s: exit status %d, expected %d", name,
	              rc, want_rc);
	free(args);
}
END_TEST

Suite *
cli_suite(void)
{
	Suite *s = suite_create("cli");
	TCase *tc = tcase_create("cases");

	load_cases();
	tcase_set_timeout(tc, 60);
	tcase_add_loop_test(tc, cli_case, 0, (int)ncases);
	suite_add_tcase(s, tc);
	return s;
}
