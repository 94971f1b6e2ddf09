/*
 * check_robust.c - the unibits tool against bad input, faults and huge
 * input, end to end.  Every case checks the documented exit status (0
 * ok, 1 bad data, 2 usage, 3 I/O), that stderr holds at most one line,
 * that the tool was not killed by a signal it did not ask for, and for
 * the big inputs that memory stays bounded (the peak resident size of
 * the child, from wait4).
 *
 * Notes on what cannot be tested as written in the issue:
 *  - The tests run as root, so chmod 000 does not stop a read.  An
 *    unreadable file is made differently: /proc/self/mem opens but its
 *    first read fails (EIO, page 0 is never mapped).  As a non-root user
 *    the chmod 000 case runs as well.
 *  - SIGKILL cannot be caught, so a killed run leaves its temporary file
 *    (NAME.unibitsXXXXXX beside NAME); the old file is still intact.
 *    SIGINT, SIGTERM and SIGHUP remove it (tested below).
 *  - The 2 GB sparse file is converted only where the tool streams at
 *    more than 500 MB/s (measured first on 256 MB), so a slow machine or
 *    a sanitizer build skips it rather than taking minutes.
 *
 * valgrind --leak-check=full runs a few cases, except when
 * UB_SANITIZED is set (by make sanitize: ASan and valgrind do not mix,
 * and ASan's shadow memory raises the memory bounds 4 times).
 */
#define _DEFAULT_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdbool.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <check.h>

#include "suites.h"
#include "testutil.h"

struct outcome {
	int status;     /* exit status, or -1 if killed */
	int sig;        /* the signal that killed it, or 0 */
	char err[4096]; /* stderr (the start of it) */
	size_t err_lines;
	long maxrss_kb; /* peak resident size */
	double secs;    /* wall time */
};

static double
now(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* A scratch path for this test: the per-process base plus a name (in
 * a ring of 8 buffers, so a test keeps at most 8 names at once). */
static const char *
tmp(const char *name)
{
	static char path[8][1024];
	static int k;

	k = (k + 1) % 8;
	snprintf(path[k], sizeof(path[k]), "%s", tu_tmpbase(name));
	return path[k];
}

static void
write_file(const char *path, const void *p, size_t n)
{
	FILE *f = fopen(path, "wb");

	ck_assert_msg(f != NULL, "cannot write %s", path);
	ck_assert(n == 0 || fwrite(p, 1, n, f) == n);
	ck_assert(fclose(f) == 0);
}

/*
 * Write head, count copies of unit[0..len), then tail into path, a
 * block at a time.  The big inputs are made this way because the peak
 * size a child reports (wait4) counts what it had before exec, a copy
 * of this process: a test holding a big buffer would measure itself.
 */
static void
write_repeated(const char *path, const char *head, const char *unit,
               size_t len, size_t count, const char *tail)
{
	char block[65536];
	size_t per = sizeof(block) / len, k, i;
	FILE *f = fopen(path, "wb");

	ck_assert_msg(f != NULL, "cannot write %s", path);
	ck_assert(fputs(head, f) >= 0);
	for (i = 0; i < per; i++)
		memcpy(block + i * len, unit, len);
	for (; count > 0; count -= k) {
		k = count < per ? count : per;
		ck_assert(fwrite(block, len, k, f) == k);
	}
	ck_assert(fputs(tail, f) >= 0);
	ck_assert(fclose(f) == 0);
}

static off_t
file_size(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 ? st.st_size : -1;
}

/*
 * Run `sh -c "exec unibits ARGS"` with stdin from in (or /dev/null) and
 * stdout to out (or /dev/null); ARGS may use shell quoting.
 */
static void
run_tool(struct outcome *o, const char *args, const char *in, const char *out)
{
	char cmd[8192], errpath[1024];
	struct rusage ru;
	double t0 = now();
	int st, fd;
	pid_t pid;
	size_t k, i;

	snprintf(errpath, sizeof(errpath), "%s", tu_tmpbase("stderr"));
	snprintf(cmd, sizeof(cmd), "exec '%s' %s <'%s' >'%s' 2>'%s'",
	         tu_unibits(), args, in != NULL ? in : "/dev/null",
	         out != NULL ? out : "/dev/null", errpath);
	pid = fork();
	ck_assert(pid >= 0);
	if (pid == 0) {
		setenv("LC_ALL", "C", 1);
		execl("/bin/sh", "sh", "-c", cmd, (char *)NULL);
		_exit(127);
	}
	ck_assert(wait4(pid, &st, 0, &ru) == pid);
	o->secs = now() - t0;
	o->maxrss_kb = ru.ru_maxrss;
	o->status = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
	o->sig = WIFSIGNALED(st) ? WTERMSIG(st) : 0;
	memset(o->err, 0, sizeof(o->err));
	fd = open(errpath, O_RDONLY);
	k = 0;
	if (fd >= 0) {
		ssize_t r = read(fd, o->err, sizeof(o->err) - 1);

		k = r > 0 ? (size_t)r : 0;
		close(fd);
	}
	o->err_lines = 0;
	for (i = 0; i < k; i++)
		o->err_lines += o->err[i] == '\n';
	unlink(errpath);
}

/*
 * The memory a streaming run may take: a few buffers and the program,
 * 16 MiB.  Under the sanitizers there is no bound to check: the peak a
 * child reports includes what it inherited before exec, and a test
 * runner built with ASan is itself hundreds of MiB, so the number says
 * nothing about unibits there (the plain `make check` holds the line).
 */
static long
bound_kb(void)
{
	const char *env = getenv("UB_SANITIZED");

	return env != NULL && *env != '\0' ? LONG_MAX : 16 * 1024;
}

/* The common checks: the status, one line (or none), no crash. */
static void
expect(const struct outcome *o, const char *what, int status, int lines)
{
	ck_assert_msg(o->sig == 0, "%s: killed by signal %d", what, o->sig);
	ck_assert_msg(o->status == status, "%s: exit %d, expected %d (%s)",
	              what, o->status, status, o->err);
	ck_assert_msg((int)o->err_lines == lines,
	              "%s: %zu lines on stderr, expected %d: %s", what,
	              o->err_lines, lines, o->err);
}

START_TEST(binary_junk)
{
	const char *in = tmp("junk");
	uint64_t rng = 42;
	size_t n = 256 * 1024, i;
	uint8_t *buf = malloc(n);
	struct outcome o;

	for (i = 0; i < n; i++)
		buf[i] = (uint8_t)tu_rand(&rng);
	write_file(in, buf, n);
	run_tool(&o, "convert -f UTF-8 -t UTF-16LE", in, NULL);
	expect(&o, "junk, strict", 1, 1);
	ck_assert(strstr(o.err, "invalid UTF-8 sequence") != NULL);
	run_tool(&o, "convert -f UTF-8 -t UTF-16 --on-error=replace", in,
	         NULL);
	expect(&o, "junk, replace", 1, 1);
	ck_assert(strstr(o.err, "errors replaced") != NULL);
	run_tool(&o, "convert -f UTF-16 -t US-ASCII --on-error=escape", in,
	         NULL);
	expect(&o, "junk as UTF-16, escape", 1, 1);
	run_tool(&o, "convert -f UTF-32LE -t ISO-8859-1 --on-error=skip", in,
	         NULL);
	expect(&o, "junk as UTF-32, skip", 1, 1);
	unlink(in);
	free(buf);
}
END_TEST

START_TEST(nul_bytes)
{
	const char *in = tmp("nul"), *out = tmp("nul.out");
	size_t n = 1024 * 1024;
	uint8_t *buf = calloc(1, n);
	struct outcome o;

	write_file(in, buf, n);
	run_tool(&o, "convert -f UTF-8 -t UTF-16LE", in, out);
	expect(&o, "NUL bytes", 0, 0);
	ck_assert_int_eq(file_size(out), 2 * (off_t)n);
	unlink(in);
	unlink(out);
	free(buf);
}
END_TEST

START_TEST(lone_bom)
{
	const char *in = tmp("bom"), *out = tmp("bom.out");
	struct outcome o;
	char *got;
	size_t n;

	write_file(in, "\xEF\xBB\xBF", 3);
	run_tool(&o, "convert -f UTF-8 -t UTF-16LE", in, out);
	expect(&o, "lone UTF-8 BOM, kept", 0, 0);
	got = tu_slurp_suffix(out, "", &n);
	ck_assert(n == 2 && memcmp(got, "\xFF\xFE", 2) == 0);
	free(got);
	run_tool(&o, "convert -f UTF-8 -t UTF-8 --bom=strip", in, out);
	expect(&o, "lone UTF-8 BOM, stripped", 0, 0);
	ck_assert_int_eq(file_size(out), 0);
	write_file(in, "\xFF\xFE", 2);
	run_tool(&o, "convert -f UTF-16 -t UTF-8", in, out);
	expect(&o, "lone UTF-16 BOM", 0, 0);
	ck_assert_int_eq(file_size(out), 0);
	unlink(in);
	unlink(out);
}
END_TEST

START_TEST(one_byte)
{
	const char *in = tmp("one"), *out = tmp("one.out");
	struct outcome o;

	write_file(in, "A", 1);
	run_tool(&o, "convert -f UTF-8 -t UTF-32BE", in, out);
	expect(&o, "one byte", 0, 0);
	ck_assert_int_eq(file_size(out), 4);
	write_file(in, "\xC3", 1);
	run_tool(&o, "convert -f UTF-8 -t UTF-8", in, out);
	expect(&o, "one lead byte", 1, 1);
	ck_assert(strstr(o.err, "truncated") != NULL);
	run_tool(&o, "convert -f UTF-16LE -t UTF-8", in, out);
	expect(&o, "one byte of UTF-16", 1, 1);
	unlink(in);
	unlink(out);
}
END_TEST

START_TEST(truncated)
{
	const char *in = tmp("trunc");
	struct outcome o;

	write_file(in, "abc\xE2\x82", 5);
	run_tool(&o, "convert -f UTF-8 -t UTF-16LE", in, NULL);
	expect(&o, "cut after two of three bytes", 1, 1);
	ck_assert_msg(strstr(o.err, "1:4: byte 3: truncated") != NULL, "%s",
	              o.err);
	write_file(in, "a\0\x3D\xD8\x00", 5); /* 'a', a high surrogate, 1 */
	run_tool(&o, "convert -f UTF-16LE -t UTF-8 --on-error=replace", in,
	         NULL);
	expect(&o, "UTF-16 cut inside a pair", 1, 1);
	unlink(in);
}
END_TEST

/* A 16 MiB line with an error at its end: the column is exact and the
 * memory does not grow with the line.  (100 MB: see the report.) */
START_TEST(long_line)
{
	const char *in = tmp("line"), *out = tmp("line.out");
	size_t n = 16 * 1024 * 1024;
	char want[64];
	struct outcome o;

	write_repeated(in, "", "x", 1, n, "\xFF");
	run_tool(&o, "convert -f UTF-8 -t UTF-16LE --on-error=replace", in,
	         out);
	expect(&o, "16 MiB line", 1, 1);
	snprintf(want, sizeof(want), "1:%zu: byte %zu:", n + 1, n);
	ck_assert_msg(strstr(o.err, want) != NULL, "%s", o.err);
	ck_assert_int_eq(file_size(out), 2 * (off_t)n + 2);
	ck_assert_msg(o.maxrss_kb < bound_kb(), "peak %ld KiB", o.maxrss_kb);
	unlink(in);
	unlink(out);
}
END_TEST

/* One base character and a million combining acute accents. */
START_TEST(combining_marks)
{
	const char *in = tmp("marks"), *out = tmp("marks.out");
	size_t k = 1000 * 1000;
	struct outcome o;

	write_repeated(in, "a", "\xCC\x81", 2, k, "");
	run_tool(&o, "convert -f UTF-8 -t UTF-32LE", in, out);
	expect(&o, "a million combining marks", 0, 0);
	ck_assert_int_eq(file_size(out), 4 * (off_t)(k + 1));
	ck_assert_msg(o.maxrss_kb < bound_kb(), "peak %ld KiB", o.maxrss_kb);
	unlink(in);
	unlink(out);
}
END_TEST

static void
make_sparse(const char *path, off_t size)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);

	ck_assert(fd >= 0);
	ck_assert(ftruncate(fd, size) == 0);
	close(fd);
}

START_TEST(sparse_2g)
{
	const char *in = tmp("sparse");
	const off_t probe = 256 << 20, big = (off_t)2 << 30;
	struct outcome o;
	double rate;

	make_sparse(in, probe);
	run_tool(&o, "convert -f UTF-8 -t UTF-8", in, NULL);
	expect(&o, "256 MB of NULs", 0, 0);
	rate = (double)probe / o.secs / 1e6;
	if (rate < 500) {
		fprintf(stderr, "robust: %.0f MB/s, skipping the 2 GB file\n",
		        rate);
		unlink(in);
		return;
	}
	make_sparse(in, big);
	run_tool(&o, "convert -f UTF-8 -t UTF-8", in, NULL);
	expect(&o, "2 GB sparse file", 0, 0);
	ck_assert_msg(o.maxrss_kb < bound_kb(), "peak %ld KiB", o.maxrss_kb);
	run_tool(&o, "validate", in, NULL);
	expect(&o, "validate a 2 GB sparse file", 0, 0);
	ck_assert_msg(o.maxrss_kb < bound_kb(), "peak %ld KiB", o.maxrss_kb);
	unlink(in);
}
END_TEST

START_TEST(unreadable)
{
	const char *in = tmp("noread");
	struct outcome o;

	/* Opens, then the first read fails (EIO): even root cannot read
	 * page 0 of its own memory. */
	run_tool(&o, "convert -f UTF-8 -t UTF-8 /proc/self/mem", NULL, NULL);
	expect(&o, "unreadable /proc/self/mem", 3, 1);
	if (geteuid() != 0) { /* root reads it anyway */
		char args[2048];

		write_file(in, "x", 1);
		chmod(in, 0);
		snprintf(args, sizeof(args), "convert '%s'", in);
		run_tool(&o, args, NULL, NULL);
		expect(&o, "chmod 000", 3, 1);
		unlink(in);
	}
}
END_TEST

START_TEST(not_a_file)
{
	struct outcome o;

	run_tool(&o, "convert -f UTF-8 -t UTF-8 /", NULL, NULL);
	expect(&o, "a directory", 3, 1);
	ck_assert(strstr(o.err, "Is a directory") != NULL);
	run_tool(&o, "convert -f UTF-8 -t UTF-8 /nonexistent/x", NULL, NULL);
	expect(&o, "a missing file", 3, 1);
	run_tool(&o, "convert -f UTF-8 -t UTF-8 -o / ", NULL, NULL);
	expect(&o, "a directory as -o", 3, 1);
}
END_TEST

/* validate and detect on the same kinds of bad input. */
START_TEST(validate_detect)
{
	const char *in = tmp("vd");
	uint64_t rng = 7;
	size_t n = 64 * 1024, i;
	uint8_t *buf = malloc(n);
	char args[2048];
	struct outcome o;

	for (i = 0; i < n; i++)
		buf[i] = (uint8_t)tu_rand(&rng);
	write_file(in, buf, n);
	free(buf);
	snprintf(args, sizeof(args), "validate '%s'", in);
	run_tool(&o, args, NULL, NULL);
	expect(&o, "validate junk", 1, 1);
	snprintf(args, sizeof(args), "validate -e UTF-16 '%s'", in);
	run_tool(&o, args, NULL, NULL);
	expect(&o, "validate junk as UTF-16", 1, 1);
	snprintf(args, sizeof(args), "detect '%s'", in);
	run_tool(&o, args, NULL, NULL);
	ck_assert_msg(o.sig == 0 && (o.status == 0 || o.status == 1) &&
	                      o.err_lines == 0,
	              "detect junk: exit %d, %s", o.status, o.err);
	write_file(in, "\xEF\xBB\xBF", 3);
	run_tool(&o, "validate", in, NULL);
	expect(&o, "validate a lone BOM", 0, 0);
	run_tool(&o, "detect", in, NULL);
	expect(&o, "detect a lone BOM", 0, 0);
	write_file(in, "\xC3", 1);
	run_tool(&o, "validate", in, NULL);
	expect(&o, "validate one lead byte", 1, 1);
	run_tool(&o, "validate /", NULL, NULL);
	expect(&o, "validate a directory", 3, 1);
	run_tool(&o, "detect /", NULL, NULL);
	expect(&o, "detect a directory", 3, 1);
	run_tool(&o, "validate /proc/self/mem", NULL, NULL);
	expect(&o, "validate an unreadable file", 3, 1);
	write_file(in, "abc\n", 4);
	run_tool(&o, "validate", in, "/dev/full");
	expect(&o, "validate to /dev/full", 3, 1);
	run_tool(&o, "detect", in, "/dev/full");
	expect(&o, "detect to /dev/full", 3, 1);
	unlink(in);
}
END_TEST

START_TEST(dev_full)
{
	const char *in = tmp("full");
	struct outcome o;
	struct stat st;
	char args[2048];

	write_file(in, "hello\n", 6);
	run_tool(&o, "convert -f UTF-8 -t UTF-16", in, "/dev/full");
	expect(&o, "stdout is /dev/full", 3, 1);
	ck_assert(strstr(o.err, "No space left") != NULL);
	snprintf(args, sizeof(args), "convert -o /dev/full '%s'", in);
	run_tool(&o, args, NULL, NULL);
	expect(&o, "-o /dev/full", 3, 1);
	/* written in place: a device is never replaced by a file */
	ck_assert(stat("/dev/full", &st) == 0 && S_ISCHR(st.st_mode));
	unlink(in);
}
END_TEST

/* -o to a FIFO writes into it (a reader gets the text) and leaves the
 * FIFO a FIFO; it used to be replaced by a regular file. */
START_TEST(output_fifo)
{
	const char *fifo = tmp("fifo"), *in = tmp("fifo.in");
	char args[2048], buf[64];
	struct outcome o;
	struct stat st;
	pid_t pid;
	int fd, status;
	ssize_t k;

	unlink(fifo);
	ck_assert(mkfifo(fifo, 0600) == 0);
	write_file(in, "hi\n", 3);
	pid = fork();
	ck_assert(pid >= 0);
	if (pid == 0) { /* the reader */
		fd = open(fifo, O_RDONLY);
		k = fd >= 0 ? read(fd, buf, sizeof(buf)) : -1;
		_exit(k == 3 && memcmp(buf, "hi\n", 3) == 0 ? 0 : 1);
	}
	snprintf(args, sizeof(args), "convert -o '%s' '%s'", fifo, in);
	run_tool(&o, args, NULL, NULL);
	expect(&o, "-o FIFO", 0, 0);
	ck_assert(waitpid(pid, &status, 0) == pid);
	ck_assert(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	ck_assert(lstat(fifo, &st) == 0 && S_ISFIFO(st.st_mode));
	unlink(fifo);
	unlink(in);
}
END_TEST

/*
 * unibits convert BIG | head -c1: with SIGPIPE at its default the tool
 * dies of it quietly (as cat does); with SIGPIPE ignored it gets EPIPE
 * and says so in one line, exit 3.
 */
static void
closed_pipe(bool ignore)
{
	const char *in = tmp("pipe");
	size_t n = 8 * 1024 * 1024;
	char *buf = malloc(n), errpath[1024], c;
	int p[2], st, fd;
	pid_t pid;
	ssize_t k;
	char err[1024] = "";

	memset(buf, 'y', n);
	write_file(in, buf, n);
	snprintf(errpath, sizeof(errpath), "%s", tmp("pipe.err"));
	ck_assert(pipe(p) == 0);
	pid = fork();
	ck_assert(pid >= 0);
	if (pid == 0) {
		signal(SIGPIPE, ignore ? SIG_IGN : SIG_DFL);
		dup2(p[1], 1);
		close(p[0]);
		close(p[1]);
		fd = open(errpath, O_WRONLY | O_CREAT | O_TRUNC, 0644);
		dup2(fd, 2);
		execl(tu_unibits(), "unibits", "convert", "-f", "UTF-8", "-t",
		      "UTF-16LE", in, (char *)NULL);
		_exit(127);
	}
	close(p[1]);
	ck_assert(read(p[0], &c, 1) == 1);
	close(p[0]);
	ck_assert(waitpid(pid, &st, 0) == pid);
	fd = open(errpath, O_RDONLY);
	k = fd >= 0 ? read(fd, err, sizeof(err) - 1) : 0;
	if (fd >= 0)
		close(fd);
	if (!ignore) {
		ck_assert_msg(WIFSIGNALED(st) && WTERMSIG(st) == SIGPIPE,
		              "not ended by SIGPIPE");
		ck_assert_msg(k == 0, "stderr: %s", err);
	} else {
		ck_assert_msg(WIFEXITED(st) && WEXITSTATUS(st) == 3,
		              "SIGPIPE ignored: not exit 3");
		ck_assert_msg(k > 0 && strchr(err, '\n') == err + k - 1,
		              "not one line: %s", err);
	}
	unlink(in);
	unlink(errpath);
	free(buf);
}

START_TEST(closed_pipe_default)
{
	closed_pipe(false);
}
END_TEST

START_TEST(closed_pipe_ignored)
{
	closed_pipe(true);
}
END_TEST

/* Files in the directory of path whose names start with its base name
 * and ".unibits" (the temporary files of -o). */
static int
count_temps(const char *path)
{
	char dir[1024], prefix[1024];
	const char *slash = strrchr(path, '/');
	struct dirent *e;
	DIR *d;
	int k = 0;

	snprintf(dir, sizeof(dir), "%.*s", (int)(slash - path), path);
	snprintf(prefix, sizeof(prefix), "%s.unibits", slash + 1);
	d = opendir(dir);
	ck_assert(d != NULL);
	while ((e = readdir(d)) != NULL)
		k += strncmp(e->d_name, prefix, strlen(prefix)) == 0;
	closedir(d);
	return k;
}

/* A signal in the middle of -o: the old file stays, the temporary
 * file goes.  stdin is a pipe held open, so the tool is mid-run. */
static void
signal_during_output(int sig)
{
	const char *target = tmp("target");
	static const char old[] = "the old contents\n";
	char *buf = malloc(65536), *got;
	int p[2], st, i;
	pid_t pid;
	size_t n;

	memset(buf, 'z', 65536);
	write_file(target, old, sizeof(old) - 1);
	ck_assert(pipe(p) == 0);
	pid = fork();
	ck_assert(pid >= 0);
	if (pid == 0) {
		dup2(p[0], 0);
		close(p[0]);
		close(p[1]);
		execl(tu_unibits(), "unibits", "convert", "-f", "UTF-8", "-t",
		      "UTF-16LE", "-o", target, (char *)NULL);
		_exit(127);
	}
	close(p[0]);
	ck_assert(write(p[1], buf, 65536) == 65536);
	for (i = 0; i < 500 && count_temps(target) == 0; i++)
		usleep(10000);
	ck_assert_msg(count_temps(target) == 1, "no temporary file seen");
	usleep(50000); /* let it write some of the output */
	kill(pid, sig);
	ck_assert(waitpid(pid, &st, 0) == pid);
	close(p[1]);
	ck_assert_msg(WIFSIGNALED(st) && WTERMSIG(st) == sig,
	              "not ended by signal %d", sig);
	got = tu_slurp_suffix(target, "", &n);
	ck_assert(got != NULL && n == sizeof(old) - 1 &&
	          memcmp(got, old, n) == 0);
	ck_assert_int_eq(count_temps(target), 0);
	free(got);
	free(buf);
	unlink(target);
}

START_TEST(signal_term)
{
	signal_during_output(SIGTERM);
}
END_TEST

START_TEST(signal_int)
{
	signal_during_output(SIGINT);
}
END_TEST

START_TEST(signal_hup)
{
	signal_during_output(SIGHUP);
}
END_TEST

/* valgrind over a few runs that take different paths: errors under
 * each policy, several files, -o, a usage error, a missing file. */
static const struct {
	const char *args;
	const char *input;
	int status;
} grind[] = {
	{"convert -f UTF-8 -t UTF-16", "ok \xC3\xA9\n", 0},
	{"convert -f UTF-8 -t US-ASCII", "a\xC3\xA9\xFF", 1},
	{"convert -f UTF-8 -t US-ASCII --on-error=escape - -", "\xE2\x82", 1},
	{"convert -f UTF-16 -t UTF-8 -o @OUT@", "\xFF\xFE\x41\xD8", 1},
	{"convert -f NOPE -t UTF-8", "", 2},
	{"convert -f UTF-8 -t Shift_JIS --on-error=escape", "caf\xC3\xA9\n",
         1},
	{"convert -f GB18030 -t UTF-8", "\x81\x30\x81\x30\x81", 1},
	{"encodings --json sjis", "", 0},
	{"convert /nonexistent", "", 3},
};

/* Whether valgrind can run the tool at all: this valgrind cannot read
 * the DWARF 5 of clang 14, for one.  Found once, before the cases. */
static bool valgrind_works;

static void
valgrind_probe(void)
{
	char cmd[4096];

	snprintf(cmd, sizeof(cmd),
	         "valgrind -q --error-exitcode=99 '%s' --version "
	         ">/dev/null 2>&1",
	         tu_unibits());
	valgrind_works = system(cmd) == 0;
	if (!valgrind_works)
		fprintf(stderr,
		        "robust: valgrind cannot run %s; its cases "
		        "are skipped\n",
		        tu_unibits());
}

START_TEST(valgrind)
{
	const char *in = tmp("vg.in"), *out = tmp("vg.out");
	const char *env = getenv("UB_SANITIZED");
	char args[4096], cmd[8192], *at;
	int st;

	if ((env != NULL && *env != '\0') || !valgrind_works)
		return; /* see the top of the file and valgrind_probe */
	write_file(in, grind[_i].input, strlen(grind[_i].input));
	at = strstr(grind[_i].args, "@OUT@");
	if (at != NULL)
		snprintf(args, sizeof(args), "%.*s'%s'",
		         (int)(at - grind[_i].args), grind[_i].args, out);
	else
		snprintf(args, sizeof(args), "%s", grind[_i].args);
	snprintf(cmd, sizeof(cmd),
	         "valgrind -q --leak-check=full --errors-for-leak-kinds=all "
	         "--error-exitcode=99 '%s' %s <'%s' >/dev/null 2>'%s.vg'",
	         tu_unibits(), args, in, out);
	st = system(cmd);
	st = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
	ck_assert_msg(st == grind[_i].status,
	              "valgrind %s: exit %d, expected %d (99: valgrind "
	              "found errors; see %s.vg)",
	              grind[_i].args, st, grind[_i].status, out);
	unlink(in);
	unlink(out);
	snprintf(cmd, sizeof(cmd), "%s.vg", out);
	unlink(cmd);
}
END_TEST

Suite *
robust_suite(void)
{
	Suite *s = suite_create("robust");
	TCase *tc = tcase_create("input");

	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, binary_junk);
	tcase_add_test(tc, nul_bytes);
	tcase_add_test(tc, lone_bom);
	tcase_add_test(tc, one_byte);
	tcase_add_test(tc, truncated);
	tcase_add_test(tc, long_line);
	tcase_add_test(tc, combining_marks);
	tcase_add_test(tc, sparse_2g);
	tcase_add_test(tc, unreadable);
	tcase_add_test(tc, not_a_file);
	suite_add_tcase(s, tc);
	tc = tcase_create("output");
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, validate_detect);
	tcase_add_test(tc, dev_full);
	tcase_add_test(tc, output_fifo);
	tcase_add_test(tc, closed_pipe_default);
	tcase_add_test(tc, closed_pipe_ignored);
	tcase_add_test(tc, signal_term);
	tcase_add_test(tc, signal_int);
	tcase_add_test(tc, signal_hup);
	suite_add_tcase(s, tc);
	tc = tcase_create("valgrind");
	tcase_set_timeout(tc, 120);
	if (getenv("UB_SANITIZED") == NULL || *getenv("UB_SANITIZED") == '\0')
		tcase_add_unchecked_fixture(tc, valgrind_probe, NULL);
	tcase_add_loop_test(tc, valgrind, 0,
	                    (int)(sizeof(grind) / sizeof(grind[0])));
	suite_add_tcase(s, tc);
	return s;
}
