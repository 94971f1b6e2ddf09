/* io.c - block I/O with read(2)/write(2), and safe replacement of files. */
#define _XOPEN_SOURCE 700
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
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
