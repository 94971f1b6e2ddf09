/*
 * check_convert_cli.c - `unibits convert` on real files, where a golden
 * case cannot reach: -o over an existing file, -o naming the input, a
 * full disk, devices and links as outputs, a large input streamed
 * through ICU compared with glibc's iconv.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <check.h>

#include "suites.h"
#include "testutil.h"

/* Run a shell command line from the top of the tree, with the tool as
 * $U and a scratch directory as $T.  Returns the exit status. */
static int
sh(const char *dir, const char *fmt, const char *arg)
{
	char cmd[8192], line[4096];
	int rc;

	snprintf(line, sizeof(line), fmt, arg);
	snprintf(cmd, sizeof(cmd),
	         "cd '%s' && U='%s' T='%s' LC_ALL=C; export U T LC_ALL; %s",
	         tu_top(), tu_unibits(), dir, line);
	rc = system(cmd);
	return WIFEXITED(rc) ? WEXITSTATUS(rc) : 128 + WTERMSIG(rc);
}

static char *
scratch(const char *name)
{
	char *d = strdup(tu_tmpbase(name));

	ck_assert_int_eq(sh(d, "rm -rf \"$T\" && mkdir -p \"$T\"%s", ""), 0);
	return d;
}

static void
done(char *d)
{
	sh(d, "rm -rf \"$T\"%s", "");
	free(d);
}

/* The file's bytes as a string (NUL-free files only). */
static char *
content(const char *dir, const char *name)
{
	char base[4096];

	snprintf(base, sizeof(base), "%s/%s", dir, name);
	return tu_slurp_suffix(base, "", NULL);
}

START_TEST(out_kept_on_strict_failure)
{
	char *d = scratch("keep"), *c;

	sh(d, "printf 'old contents\\n' >\"$T/out\"%s", "");
	/* the euro sign has no KOI8-R byte: strict stops there */
	ck_assert_int_eq(sh(d,
	                    "printf 'ok \\342\\202\\254\\n' | \"$U\" convert "
	                    "-f UTF-8 -t KOI8-R -o \"$T/out\" 2>\"$T/err\"%s",
	                    ""),
	                 1);
	c = content(d, "out");
	ck_assert_str_eq(c, "old contents\n");
	free(c);
	c = content(d, "err");
	ck_assert_str_eq(c, "unibits: <stdin>:1:4: byte 3: cannot encode "
	                    "U+20AC '\342\202\254' in KOI8-R\n");
	free(c);
	/* and no temporary file is left beside it */
	ck_assert_int_eq(sh(d, "test \"$(ls \"$T\" | wc -l)\" = 2%s", ""), 0);
	/* a replacing run does write it, and says so */
	ck_assert_int_eq(sh(d,
	                    "printf 'ok \\342\\202\\254\\n' | \"$U\" convert "
	                    "-f UTF-8 -t KOI8-R --on-error=replace "
	                    "-o \"$T/out\" 2>/dev/null%s",
	                    ""),
	                 1);
	c = content(d, "out");
	ck_assert_str_eq(c, "ok \032\n");
	free(c);
	done(d);
}
END_TEST

START_TEST(out_names_input)
{
	char *d = scratch("inplace"), *c;

	sh(d, "cp data/conv/ru.koi8-r \"$T/text\" && chmod 640 \"$T/text\"%s",
	   "");
	ck_assert_int_eq(sh(d,
	                    "\"$U\" convert -f KOI8-R -t UTF-8 -o "
	                    "\"$T/text\" \"$T/text\"%s",
	                    ""),
	                 0);
	ck_assert_int_eq(sh(d, "cmp -s \"$T/text\" data/conv/ru.koi8-r.utf8%s",
	                    ""),
	                 0);
	/* the mode of the file it replaced is kept */
	ck_assert_int_eq(sh(d, "test \"$(stat -c %%a \"$T/text\")\" = 640%s",
	                    ""),
	                 0);
	/* several inputs, the output among them */
	sh(d, "printf 'A\\n' >\"$T/a\"; printf 'B\\n' >\"$T/b\"%s", "");
	ck_assert_int_eq(sh(d,
	                    "\"$U\" convert -f UTF-8 -t IBM037 -o \"$T/b\" "
	                    "\"$T/a\" \"$T/b\"%s",
	                    ""),
	                 0);
	c = content(d, "b");
	ck_assert_str_eq(c, "\301\045\302\045"); /* A LF B LF in EBCDIC */
	free(c);
	done(d);
}
END_TEST

START_TEST(full_disk)
{
	char *d = scratch("full"), *c;

	ck_assert_int_eq(sh(d,
	                    "\"$U\" convert -f Shift_JIS -t UTF-8 "
	                    "data/conv/ja.shift_jis >/dev/full "
	                    "2>\"$T/err\"%s",
	                    ""),
	                 3);
	c = content(d, "err");
	ck_assert_str_eq(c, "unibits: stdout: No space left on device\n");
	free(c);
	ck_assert_int_eq(sh(d,
	                    "\"$U\" convert -f Shift_JIS -t UTF-8 -o "
	                    "/dev/full data/conv/ja.shift_jis 2>\"$T/err\"%s",
	                    ""),
	                 3);
	c = content(d, "err");
	ck_assert_str_eq(c, "unibits: /dev/full: No space left on device\n");
	free(c);
	/* still the device, not a file renamed over it */
	ck_assert_int_eq(sh(d, "test -c /dev/full%s", ""), 0);
	done(d);
}
END_TEST

START_TEST(out_through_link)
{
	char *d = scratch("link"), *c;

	sh(d, "printf 'old\\n' >\"$T/target\" && ln -s target \"$T/link\"%s",
	   "");
	ck_assert_int_eq(sh(d,
	                    "printf 'caf\\351\\n' | \"$U\" convert -f "
	                    "windows-1252 -t UTF-8 -o \"$T/link\"%s",
	                    ""),
	                 0);
	ck_assert_int_eq(sh(d, "test -L \"$T/link\"%s", ""), 0);
	c = content(d, "target");
	ck_assert_str_eq(c, "caf\303\251\n");
	free(c);
	/* a dry run writes nothing, not even an empty file */
	ck_assert_int_eq(sh(d,
	                    "printf '\\342\\202\\254' | \"$U\" convert -n "
	                    "-f UTF-8 -t KOI8-R -o \"$T/new\" >/dev/null "
	                    "2>&1%s",
	                    ""),
	                 1);
	ck_assert_int_eq(sh(d, "test ! -e \"$T/new\"%s", ""), 0);
	done(d);
}
END_TEST

/* 2 MB through ICU in 64 KiB blocks, against glibc, both ways. */
START_TEST(large_against_iconv)
{
	static const char *const pairs[][3] = {
		{"zh.gb18030", "GB18030", "GB18030"},
		{"ja.euc-jp", "EUC-JP", "EUC-JP"},
	};
	const char *const *p = pairs[_i];
	char *d = scratch(p[0]);
	char line[1024];

	snprintf(line, sizeof(line),
	         "for i in $(seq 1200); do cat data/conv/%s.utf8; done "
	         ">\"$T/in\" && iconv -f UTF-8 -t %s \"$T/in\" >\"$T/ref\" && "
	         "\"$U\" convert -f UTF-8 -t %s \"$T/in\" | cmp -s - "
	         "\"$T/ref\" && \"$U\" convert -f %s -t UTF-8 \"$T/ref\" | "
	         "cmp -s - \"$T/in\"%%s",
	         p[0], p[2], p[1], p[1]);
	ck_assert_int_eq(sh(d, line, ""), 0);
	done(d);
}
END_TEST

/*
 * A regular file is read through mapped windows of 256 KiB, a pipe by
 * read(2): the two give the same output, messages and status, for a
 * character cut by a window's edge and an error on a later line, from
 * the start of the file or from an offset that is not a page's; and
 * when all of it is read, the offset is left at the end.  _i: convert
 * with replacement, convert -f auto, validate (both stop at the error).
 */
START_TEST(mapped_as_piped)
{
	static const char *const cmds[] = {
		"convert -f UTF-8 -t UTF-16LE --on-error=replace",
		"convert -f auto -t UTF-16BE",
		"validate",
	};
	char *d = scratch("mapped");
	char line[2048];

	/* 262143 x "a", then "\xC3\xA9" across 262144, lines, a stray
	 * byte at about 600000 */
	ck_assert_int_eq(
		sh(d,
	           "{ head -c 262143 /dev/zero | tr '\\0' a; "
	           "for i in $(seq 20000); do printf '\\303\\251 l%%s\\n' "
	           "\"$i\"; done; printf 'x\\377y\\n'; "
	           "seq 100000; } >\"$T/in\"%s",
	           ""),
		0);
	snprintf(line, sizeof(line),
	         "{ \"$U\" %s <\"$T/in\" >\"$T/o.map\" 2>\"$T/e.map\"; "
	         "echo $? >>\"$T/o.map\"; cat \"$T/in\" | \"$U\" %s "
	         ">\"$T/o.pipe\" 2>\"$T/e.pipe\"; echo $? >>\"$T/o.pipe\"; "
	         "{ dd bs=5000 count=1 of=/dev/null 2>/dev/null; \"$U\" %s "
	         ">\"$T/o.off\" 2>\"$T/e.off\"; echo $? >>\"$T/o.off\"; "
	         "cat >\"$T/rest\"; } <\"$T/in\"; "
	         "tail -c +5001 \"$T/in\" | \"$U\" %s >\"$T/o.tail\" "
	         "2>\"$T/e.tail\"; echo $? >>\"$T/o.tail\"; } && "
	         "cd \"$T\" && cmp o.map o.pipe && cmp e.map e.pipe && "
	         "cmp o.off o.tail && cmp e.off e.tail && "
	         "grep -q '20001:2' e.map && grep -q '^1$' o.map && "
	         "{ test %d = 0 || test ! -s rest; }%%s",
	         cmds[_i], cmds[_i], cmds[_i], cmds[_i], _i == 0);
	ck_assert_int_eq(sh(d, line, ""), 0);
	done(d);
}
END_TEST

Suite *
convert_cli_suite(void)
{
	Suite *s = suite_create("convert_cli");
	TCase *tc = tcase_create("files");

	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, out_kept_on_strict_failure);
	tcase_add_test(tc, out_names_input);
	tcase_add_test(tc, full_disk);
	tcase_add_test(tc, out_through_link);
	tcase_add_loop_test(tc, large_against_iconv, 0, 2);
	tcase_add_loop_test(tc, mapped_as_piped, 0, 3);
	suite_add_tcase(s, tc);
	return s;
}
