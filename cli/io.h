/* io.h - reading inputs and writing outputs in large blocks. */
#ifndef UB_IO_H
#define UB_IO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#define IO_CHUNK (64 * 1024)

/* convert, validate, detect and dump read this much at a time (convert
 * and validate stage 4x that of output, dump a page of as much): large
 * enough that system calls and block edges cost little next to the
 * vector kernels, small enough that peak RSS stays a few MiB whatever
 * the size of the input. */
#define IO_BIG_CHUNK (256 * 1024)

/* Open a file for reading ("-" is stdin).  Returns the fd, or -1 with
 * errno set. */
int io_open_in(const char *path);

/* Close an input opened by io_open_in (stdin is left open). */
void io_close_in(int fd);

/* read(2), retried on EINTR.  Returns bytes read, 0 at end, -1 on error. */
ssize_t io_read(int fd, void *buf, size_t n);

/*
 * The next bytes of a regular file, mapped (mmap(2)) rather than copied:
 * up to want bytes from fd's offset, which moves past them as with
 * read(2).  The window stays mapped until the next call, io_unmap or
 * io_close_in.  Returns 0, mapping nothing, where read(2) must be used
 * instead: not a regular file, at or past its size, bytes given back by
 * io_unread still to come, or mmap refused.  Mapping saves the copy
 * that read makes: convert takes a fifth less time on files in the page
 * cache.
 */
size_t io_map_next(int fd, size_t want, const uint8_t **p);

/* True when the file was cut shorter than the window last mapped while
 * it was mapped: its bytes past the new end read as zeros, and what was
 * made of them must be thrown away. */
bool io_map_lost(void);

/* Unmap the window, if any. */
void io_unmap(void);

/*
 * Give back the first bytes of an input that was opened and read ahead
 * (to detect its encoding): the next io_open_in(path) returns fd again,
 * and io_read gives buf[0..n) before reading on.  Takes ownership of
 * buf (malloc'ed).  One input at a time; pipes work, since nothing is
 * read twice.
 */
void io_unread(const char *path, int fd, void *buf, size_t n);

/*
 * An output: stdout, or a named file written through a temporary file
 * beside it that replaces it only on io_out_commit, so a failed run never
 * leaves a half-written or clobbered file.  A name that is not a regular
 * file (a device such as /dev/null, a FIFO) is written in place.
 */
struct io_out {
	int fd;
	const char *path; /* NULL for stdout */
	char *tmp;        /* the temporary file, or NULL */
	char *real;       /* path with symbolic links resolved, or NULL */
	int err;          /* the first write error (errno), or 0 */
};

/* Returns 0, or an errno value. */
int io_out_open(struct io_out *o, const char *path);

/* Write all of p[0..n).  False on error (the errno is kept in o->err). */
bool io_out_write(struct io_out *o, const void *p, size_t n);

/* Finish: rename the temporary file over path.  Returns 0 or errno. */
int io_out_commit(struct io_out *o);

/* Give up: remove the temporary file. */
void io_out_abort(struct io_out *o);

/*
 * End a command's output: commit it when keep (reporting a failure as
 * "unibits: NAME: reason", NAME being the output file or "stdout"),
 * else abort it.  Returns rc, or the I/O exit status if the commit
 * failed.
 */
int io_out_finish(struct io_out *o, bool keep, int rc);

#endif /* UB_IO_H */
