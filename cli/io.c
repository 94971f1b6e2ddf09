/* io.c - block I/O with read(2)/write(2) and windows mapped by mmap(2),
 * and safe replacement of files. */
#define _XOPEN_SOURCE 700
#define _DEFAULT_SOURCE /* MAP_ANONYMOUS, MAP_POPULATE */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cmd.h"
#include "io.h"
#include "msg.h"

/* An input read ahead and given back (io_unread). */
static struct {
	const char *path;
	int fd;
	char *buf;
	size_t n, pos;
} ahead = {NULL, -1, NULL, 0, 0};

void
io_unread(const char *path, int fd, void *buf, size_t n)
{
	free(ahead.buf);
	ahead.path = path;
	ahead.fd = fd;
	ahead.buf = buf;
	ahead.n = n;
	ahead.pos = 0;
}

int
io_open_in(const char *path)
{
	int fd;

	if (ahead.path != NULL && strcmp(path, ahead.path) == 0) {
		ahead.path = NULL; /* only the next open gets it */
		return ahead.fd;
	}
	if (strcmp(path, "-") == 0)
		return STDIN_FILENO;
	do
		fd = open(path, O_RDONLY);
	while (fd < 0 && errno == EINTR);
	return fd;
}

void
io_close_in(int fd)
{
	io_unmap();
	if (fd == ahead.fd) {
		free(ahead.buf);
		ahead.buf = NULL;
		ahead.path = NULL;
		ahead.fd = -1;
	}
	if (fd != STDIN_FILENO)
		close(fd);
}

ssize_t
io_read(int fd, void *buf, size_t n)
{
	ssize_t k;

	if (fd == ahead.fd && ahead.pos < ahead.n) {
		k = (ssize_t)(ahead.n - ahead.pos < n ? ahead.n - ahead.pos
		                                      : n);
		memcpy(buf, ahead.buf + ahead.pos, (size_t)k);
		ahead.pos += (size_t)k;
		return k;
	}
	do
		k = read(fd, buf, n);
	while (k < 0 && errno == EINTR);
	return k;
}

/*
 * The window of a regular file mapped by io_map_next.  A file cut
 * shorter while mapped would raise SIGBUS on the pages past its new end:
 * on_sigbus puts zeros there instead and marks the window lost, so the
 * reader stops with an error (io_map_lost) rather than crash.
 */
static void *volatile win_base;
static volatile size_t win_len;
static volatile sig_atomic_t win_lost;
static size_t page_size;

static void
on_sigbus(int sig, siginfo_t *si, void *uctx)
{
	uintptr_t at = (uintptr_t)si->si_addr, base = (uintptr_t)win_base;
	uintptr_t from = at & ~(uintptr_t)(page_size - 1);

	(void)uctx;
	if (base != 0 && at >= base && at < base + win_len &&
	    mmap((void *)from, base + win_len - from, PROT_READ,
	         MAP_PRIVATE | MAP_FIXED | MAP_ANONYMOUS, -1,
	         0) != MAP_FAILED) {
		win_lost = 1;
		return; /* the load is retried, and reads zeros */
	}
	/* Not the window's: the default action, when the access faults
	 * again on return. */
	signal(sig, SIG_DFL);
}

void
io_unmap(void)
{
	if (win_base != NULL)
		munmap(win_base, win_len);
	win_base = NULL;
	win_len = 0;
}

bool
io_map_lost(void)
{
	return win_lost != 0;
}

size_t
io_map_next(int fd, size_t want, const uint8_t **p)
{
	static bool handler;
	struct sigaction sa;
	struct stat st;
	off_t at, start;
	size_t len;
	void *m;

	io_unmap();
	win_lost = 0;
	if (page_size == 0)
		page_size = (size_t)sysconf(_SC_PAGESIZE);
	if ((fd == ahead.fd && ahead.pos < ahead.n) || fstat(fd, &st) != 0 ||
	    !S_ISREG(st.st_mode) || want < 2 * page_size)
		return 0;
	at = lseek(fd, 0, SEEK_CUR);
	if (at < 0 || at >= st.st_size)
		return 0;
	/* Windows start on a page: the first one maybe before the offset,
	 * the next ones where the last ended. */
	start = at & ~(off_t)(page_size - 1);
	len = (size_t)(st.st_size - start) < want
	              ? (size_t)(st.st_size - start)
	              : want;
	if (!handler) {
		memset(&sa, 0, sizeof(sa));
		sa.sa_sigaction = on_sigbus;
		sa.sa_flags = SA_SIGINFO;
		sigemptyset(&sa.sa_mask);
		if (sigaction(SIGBUS, &sa, NULL) != 0)
			return 0;
		handler = true;
	}
#ifdef MAP_POPULATE
	m = mmap(NULL, len, PROT_READ, MAP_PRIVATE | MAP_POPULATE, fd, start);
#else
	m = mmap(NULL, len, PROT_READ, MAP_PRIVATE, fd, start);
#endif
	if (m == MAP_FAILED)
		return 0;
	/* The offset moves past the window, as read(2) would move it. */
	if (lseek(fd, start + (off_t)len, SEEK_SET) < 0) {
		munmap(m, len);
		return 0;
	}
	win_len = len;
	win_base = m;
	*p = (const uint8_t *)m + (at - start);
	return len - (size_t)(at - start);
}

/* The temporary file of the output being written, for the signal
 * handler: an interrupted run removes it and leaves the old file. */
static volatile sig_atomic_t have_tmp;
static char tmp_path[4096];

static void
on_signal(int sig)
{
	if (have_tmp)
		unlink(tmp_path);
	signal(sig, SIG_DFL);
	raise(sig);
}

int
io_out_open(struct io_out *o, const char *path)
{
	struct stat st;
	mode_t mask;
	char *real;
	size_t len;

	o->path = path;
	o->tmp = o->real = NULL;
	o->err = 0;
	if (path == NULL || strcmp(path, "-") == 0) {
		o->path = NULL;
		o->fd = STDOUT_FILENO;
		return 0;
	}
	/* A device, a FIFO or a socket is written in place: only a regular
	 * file can be replaced by renaming. */
	if (stat(path, &st) == 0 && !S_ISREG(st.st_mode)) {
		do
			o->fd = open(path, O_WRONLY);
		while (o->fd < 0 && errno == EINTR);
		return o->fd < 0 ? errno : 0;
	}
	/* Through a symbolic link, replace the file it points to. */
	real = realpath(path, NULL);
	if (real != NULL)
		path = o->path = real;
	len = strlen(path);
	if (len + 16 > sizeof(tmp_path)) {
		free(real);
		return ENAMETOOLONG;
	}
	o->real = real;
	o->tmp = malloc(len + 16);
	if (o->tmp == NULL)
		return ENOMEM;
	snprintf(o->tmp, len + 16, "%s.unibitsXXXXXX", path);
	o->fd = mkstemp(o->tmp);
	if (o->fd < 0) {
		int e = errno;
		free(o->tmp);
		o->tmp = NULL;
		return e;
	}
	/* The new file keeps the mode of the one it replaces. */
	if (stat(path, &st) == 0)
		fchmod(o->fd, st.st_mode & 07777);
	else {
		mask = umask(0);
		umask(mask);
		fchmod(o->fd, 0666 & ~mask);
	}
	memcpy(tmp_path, o->tmp, len + 16);
	have_tmp = 1;
	signal(SIGINT, on_signal);
	signal(SIGTERM, on_signal);
	signal(SIGHUP, on_signal);
	return 0;
}

bool
io_out_write(struct io_out *o, const void *p, size_t n)
{
	const char *s = p;
	ssize_t k;

	while (n > 0 && o->err == 0) {
		k = write(o->fd, s, n);
		if (k < 0) {
			if (errno != EINTR)
				o->err = errno;
			continue;
		}
		s += k;
		n -= (size_t)k;
	}
	return o->err == 0;
}

static void
forget_tmp(struct io_out *o)
{
	have_tmp = 0;
	free(o->tmp);
	free(o->real);
	o->tmp = o->real = NULL;
}

int
io_out_commit(struct io_out *o)
{
	int e = o->err;

	if (o->tmp == NULL) {
		if (o->path != NULL && close(o->fd) != 0 && e == 0)
			e = errno;
		return e;
	}
	if (e == 0 && fsync(o->fd) != 0 && errno != EINVAL)
		e = errno;
	if (close(o->fd) != 0 && e == 0)
		e = errno;
	if (e == 0 && rename(o->tmp, o->path) != 0)
		e = errno;
	if (e != 0)
		unlink(o->tmp);
	forget_tmp(o);
	return e;
}

void
io_out_abort(struct io_out *o)
{
	if (o->tmp == NULL) {
		if (o->path != NULL)
			close(o->fd);
		return;
	}
	close(o->fd);
	unlink(o->tmp);
	forget_tmp(o);
}

int
io_out_finish(struct io_out *o, bool keep, int rc)
{
	const char *name = o->path != NULL ? o->path : "stdout";
	int e;

	if (!keep) {
		io_out_abort(o);
		return rc;
	}
	e = io_out_commit(o);
	if (e == 0)
		return rc;
	msg_err("%s: %s", name, strerror(e));
	return EXIT_IO;
}
