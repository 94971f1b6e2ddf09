/*
 * files.h - the input files of a command: every operand (or stdin when
 * there is none) opened in turn, read in blocks into buffers the command
 * reuses, and each failure reported the one way DESIGN.md gives,
 * "unibits: FILE: reason" (FILE is "<stdin>" for "-"), with exit
 * status 3, the command going on with the next file.
 */
#ifndef UB_FILES_H
#define UB_FILES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include <unibits.h>

#include "io.h"

/*
 * Call fn(ctx, path, i, &stop) for each operand argv[0..argc) in order
 * (i counts from 0), or once for "-" when argc is 0.  fn returns an
 * exit status; setting stop ends the loop after it.  stdout is flushed
 * after each file, so that a file's report comes out before the next
 * file's diagnostics.  Returns the highest status fn returned (the
 * statuses are ordered: ok < data < usage < I/O).
 */
typedef int (*files_fn)(void *ctx, const char *path, int i, bool *stop);
int files_each(int argc, char **argv, files_fn fn, void *ctx);

/* One input being read. */
struct infile {
	const char *path; /* as given; "-" is stdin */
	int fd;
	uint64_t off; /* bytes read so far */
};

/* Open path ("-" is stdin).  Returns EXIT_OK, or EXIT_IO after saying
 * why on stderr. */
int infile_open(struct infile *f, const char *path);

/* Read up to n bytes into buf.  Returns the count (0 at the end), or
 * -1 after saying why on stderr (a directory fails here, not in
 * infile_open). */
ssize_t infile_read(struct infile *f, void *buf, size_t n);

/*
 * The next block: up to n bytes of a regular file mapped in place (see
 * io_map_next), else read into buf.  *blk points to the bytes, which
 * stay until the next call.  Returns the count (0 at the end), or -1
 * after saying why on stderr.
 */
ssize_t infile_next(struct infile *f, uint8_t *buf, size_t n,
                    const uint8_t **blk);

/* After using a block from infile_next: false, said on stderr, when the
 * file got shorter under it (what was made of the block is wrong). */
bool infile_intact(const struct infile *f);

/* Read it again from the start.  False when it cannot be (a pipe). */
bool infile_rewind(struct infile *f);

/* Close it (stdin stays open). */
void infile_close(struct infile *f);

/*
 * A streaming transformation fed block by block: ub_conv_feed,
 * ub_mojibake_feed and ub_norm_feed behind a wrapper of this type.  It
 * consumes src[0..n) into dst[0..cap) and returns UB_E_OUTPUT_FULL
 * while dst is too small for the rest (it is called again with the
 * rest once dst has been emptied).
 */
typedef ub_result (*pump_feed_fn)(void *obj, const uint8_t *src, size_t n,
                                  uint8_t *dst, size_t cap, bool last);

/* ub_conv_feed as a pump_feed_fn. */
ub_result pump_conv_feed(void *cv, const uint8_t *src, size_t n, uint8_t *dst,
                         size_t cap, bool last);

/* Where the output of a pump goes: false stops it (a write failed). */
typedef bool (*pump_sink_fn)(void *ctx, const uint8_t *p, size_t n);

/* The read / feed / write loop of convert, fix and normalize. */
struct pump {
	pump_feed_fn feed;
	void *obj;         /* the first argument of feed */
	pump_sink_fn sink; /* NULL: the output is dropped */
	void *sink_ctx;
	uint8_t *in; /* the input block, incap bytes, reused */
	size_t incap;
	uint8_t *out; /* the output block, outcap bytes, reused */
	size_t outcap;
	ub_status status; /* after EXIT_DATA: what feed returned */
};

/* Set up p with buffers of incap and outcap bytes, the output going
 * nowhere.  False when out of memory (nothing to free then). */
bool pump_init(struct pump *p, pump_feed_fn feed, void *obj, size_t incap,
               size_t outcap);

/* Send the output to o (io_out_write): a write failure stops the pump
 * with EXIT_IO, and the errno is kept in o->err for the caller to
 * report once, naming the output. */
void pump_to_out(struct pump *p, struct io_out *o);

/*
 * Stream the input f (opened, positioned where feeding starts) through
 * p->feed to p->sink, in blocks of p->incap (infile_next: mapped from a
 * regular file, else read into p->in), ending with last = true.
 * Returns EXIT_OK once all of it went through; EXIT_IO when reading
 * failed (said on stderr) or the sink refused; EXIT_DATA when feed
 * returned a status other than UB_OK and UB_E_OUTPUT_FULL (kept in
 * p->status; what to say about it is the caller's business).
 */
int pump_run(struct pump *p, struct infile *f);

/* infile_open, pump_run, infile_close. */
int pump_file(struct pump *p, const char *path);

/* Free the buffers. */
void pump_free(struct pump *p);

#endif /* UB_FILES_H */
