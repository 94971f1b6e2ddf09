/*
 * check_cli_version.c - `unibits --version` and `--version --json`.
 * The versions differ from machine to machine, so a golden file cannot
 * hold them: each line is matched against its shape, and every value
 * against what the library linked into this test says (the tool links
 * the same static library), under the same UB_SIMD.  A bad argument
 * after --version is the golden case tests/cli/version-bad.
 */
#define _POSIX_C_SOURCE 200809L
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include <check.h>
#include <unibits.h>
#include <unicode/uvernum.h>
#include <utf8proc.h>

#include "suites.h"
#include "testutil.h"

/* Run the tool with args (after the environment settings env); its
 * stdout into a malloc'ed string, its exit status into *rc. */
static char *
run(const char *env, const char *args, int *rc)
{
	char cmd[4096];
	char *out = NULL;
	size_t len = 0, n;
	char buf[4096];
	FILE *p;

	snprintf(cmd, sizeof(cmd),
	         "LC_ALL=C NO_COLOR=1 %s '%s' %s 2>/dev/null", env,
	         tu_unibits(), args);
	p = popen(cmd, "r");
	ck_assert_ptr_nonnull(p);
	while ((n = fread(buf, 1, sizeof(buf), p)) > 0) {
		out = realloc(out, len + n + 1);
		ck_assert_ptr_nonnull(out);
		memcpy(out + len, buf, n);
		len += n;
	}
	*rc = pclose(p);
	*rc = WIFEXITED(*rc) ? WEXITSTATUS(*rc) : -1;
	if (out == NULL)
		out = calloc(1, 1);
	else
		out[len] = '\0';
	return out;
}

/* Does s match the extended regular expression re as a whole? */
static bool
matches(const char *s, const char *re)
{
	regex_t r;
	bool ok;

	ck_assert_int_eq(regcomp(&r, re, REG_EXTENDED | REG_NOSUB), 0);
	ok = regexec(&r, s, 0, NULL, 0) == 0;
	regfree(&r);
	return ok;
}

static const char *const levels[] = {"scalar", "avx2", "avx512"};

/* The SIMD levels this CPU runs, from the library, as the tool lists
 * them: " scalar avx2" in text, "\"scalar\", \"avx2\"" in JSON. */
static void
supported(char *buf, size_t cap, bool json)
{
	size_t i, n = 0;

	buf[0] = '\0';
	for (i = 0; i < 3; i++) {
		if (!ub_simd_supported((ub_simd)i))
			continue;
		if (json)
			snprintf(buf + strlen(buf), cap - strlen(buf),
			         "%s\"%s\"", n++ > 0 ? ", " : "", levels[i]);
		else
			snprintf(buf + strlen(buf), cap - strlen(buf), " %s",
			         levels[i]);
	}
}

START_TEST(version_text)
{
	char want[1024], simd[128];
	char *out;
	int rc;

	out = run("", "--version", &rc);
	ck_assert_int_eq(rc, 0);
	/* The shape: six lines, NAME VERSION first. */
	ck_assert_msg(matches(out,
	                      "^unibits [0-9]+\\.[0-9]+\\.[0-9]+\n"
	                      "libunibits [0-9]+\\.[0-9]+\\.[0-9]+\n"
	                      "Unicode [0-9]+\\.[0-9]+\\.[0-9]+ \\([^)]*\\)\n"
	                      "utf8proc [0-9]+\\.[0-9]+\\.[0-9]+ \\([^)]*\\)\n"
	                      "ICU [0-9]+\\.[0-9.]+ with Unicode [0-9.]+ "
	                      "\\([^)]*\\)\n"
	                      "SIMD (scalar|avx2|avx512) \\(this CPU:"
	                      "( (scalar|avx2|avx512))+; [^)]*\\)\n$"),
	              "--version printed:\n%s", out);
	/* The values: what the library says. */
	supported(simd, sizeof(simd), false);
	snprintf(want, sizeof(want),
	         "unibits %s\nlibunibits %s\nUnicode %s (character data of "
	         "utf8proc)\nutf8proc %s (categories, widths, graphemes, "
	         "normalization)\nICU %s with Unicode %s (names, scripts, "
	         "legacy charsets, detection)\nSIMD %s (this CPU:%s; "
	         "UB_SIMD chooses)\n",
	         UB_VERSION_STRING, ub_version(), ub_unicode_version(),
	         ub_utf8proc_version(), ub_icu_version(),
	         ub_icu_unicode_version(), ub_simd_name(ub_simd_level()),
	         simd);
	ck_assert_str_eq(out, want);
	free(out);
}
END_TEST

START_TEST(version_json)
{
	static const char *const spellings[] = {"--version --json",
	                                        "--json --version"};
	char want[1024], simd[128];
	char *out;
	size_t i;
	int rc;

	supported(simd, sizeof(simd), true);
	snprintf(want, sizeof(want),
	         "{\"unibits\": \"%s\", \"libunibits\": \"%s\", \"unicode\": "
	         "\"%s\", \"utf8proc\": \"%s\", \"icu\": \"%s\", "
	         "\"icu_unicode\": \"%s\", \"simd\": \"%s\", "
	         "\"simd_supported\": [%s]}\n",
	         UB_VERSION_STRING, ub_version(), ub_unicode_version(),
	         ub_utf8proc_version(), ub_icu_version(),
	         ub_icu_unicode_version(), ub_simd_name(ub_simd_level()),
	         simd);
	for (i = 0; i < 2; i++) {
		out = run("", spellings[i], &rc);
		ck_assert_int_eq(rc, 0);
		ck_assert_msg(matches(out, "^\\{(\"[a-z0-9_]+\": (\"[^\"]*\"|"
		                           "\\[(\"[a-z0-9]+\"(, )?)+\\])"
		                           "(, )?)+\\}\n$"),
		              "%s printed:\n%s", spellings[i], out);
		ck_assert_str_eq(out, want);
		free(out);
	}
}
END_TEST

/* The library's answers against the headers it was built with: ICU's
 * U_ICU_VERSION and utf8proc's version macros (the runtime library
 * could differ only if the wrong one were picked up). */
START_TEST(versions_match_headers)
{
	char want[64];

	ck_assert_str_eq(ub_icu_version(), U_ICU_VERSION);
	snprintf(want, sizeof(want), "%d.%d.%d", UTF8PROC_VERSION_MAJOR,
	         UTF8PROC_VERSION_MINOR, UTF8PROC_VERSION_PATCH);
	ck_assert_str_eq(ub_utf8proc_version(), want);
	ck_assert(matches(ub_icu_unicode_version(), "^[0-9]+\\.[0-9]+"));
}
END_TEST

/* UB_SIMD=scalar: the tool reports the level it was made to use. */
START_TEST(version_simd_forced)
{
	char *out;
	int rc;

	out = run("UB_SIMD=scalar", "--version", &rc);
	ck_assert_int_eq(rc, 0);
	ck_assert_msg(strstr(out, "\nSIMD scalar (") != NULL, "got:\n%s", out);
	free(out);
}
END_TEST

Suite *
cli_version_suite(void)
{
	Suite *s = suite_create("cli_version");
	TCase *tc = tcase_create("version");

	tcase_add_test(tc, version_text);
	tcase_add_test(tc, version_json);
	tcase_add_test(tc, version_simd_forced);
	tcase_add_test(tc, versions_match_headers);
	suite_add_tcase(s, tc);
	return s;
}
