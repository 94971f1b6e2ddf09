/* files.c - the input files of a command, and the loop that streams
 * one through a converter into an output. */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd.h"
#include "files.h"
#include "msg.h"

int
files_each(int argc, char **argv, files_fn fn, void *ctx)
{
	static char *stdin_only[] = {"-", NULL};
	bool stop = false;
	int i, rc = EXIT_OK, frc;

	if (argc == 0) {
		argv = stdin_only;
		argc = 1;
	}
	for (i = 0; i < argc && !stop; i++) {
		frc = fn(ctx, argv[i], i, &stop);
		if (frc > rc)
			rc = frc;
		fflush(stdout);
	}
	return rc;
}

static int
report(const struct infile *f)
{
	msg_err("%s: %s", msg_file(f->path), strerror(errno));
	return EXIT_IO;
}

int
infile_open(struct infile *f, const char *path)
{
	f->path = path;
	f->off = 0;
	f->fd = io_open_in(path);
	return f->fd < 0 ? report(f) : EXIT_OK;
}

ssize_t
infile_read(struct infile *f, void *buf, size_t n)
{
	ssize_t k = io_read(f->fd, buf, n);

	if (k < 0) {
		report(f);
		return -1;
	}
	f->off += (uint64_t)k;
	return k;
}

ssize_t
infile_next(struct infile *f, uint8_t *buf, size_t n, const uint8_t **blk)
{
	size_t k = io_map_next(f->fd, n, blk);

	if (k > 0) {
		f->off += k;
		return (ssize_t)k;
	}
	*blk = buf;
	return infile_read(f, buf, n);
}

bool
infile_intact(const struct infile *f)
{
	if (!io_map_lost())
		return true;
	msg_err("%s: the file got shorter while it was read",
	        msg_file(f->path));
	return false;
}

bool
infile_rewind(struct infile *f)
{
	io_unmap();
	if (lseek(f->fd, 0, SEEK_SET) != 0)
		return false;
	f->off = 0;
	return true;
}

void
infile_close(struct infile *f)
{
	io_close_in(f->fd);
	f->fd = -1;
}

bool
pump_init(struct pump *p, pump_feed_fn feed, void *obj, size_t incap,
          size_t outcap)
{
	p->feed = feed;
	p->obj = obj;
	p->sink = NULL;
	p->sink_ctx = NULL;
	p->incap = incap;
	p->outcap = outcap;
	p->status = UB_OK;
	p->in = malloc(incap);
	p->out = malloc(outcap);
	if (p->in == NULL || p->out == NULL) {
		pump_free(p);
		return false;
	}
	return true;
}

ub_result
pump_conv_feed(void *cv, const uint8_t *src, size_t n, uint8_t *dst,
               size_t cap, bool last)
{
	return ub_conv_feed(cv, src, n, dst, cap, last);
}

static bool
write_out(void *ctx, const uint8_t *p, size_t n)
{
	return io_out_write(ctx, p, n);
}

void
pump_to_out(struct pump *p, struct io_out *o)
{
	p->sink = write_out;
	p->sink_ctx = o;
}

int
pump_run(struct pump *p, struct infile *f)
{
	const uint8_t *blk;
	ub_result r;
	ssize_t k;
	size_t pos;
	bool last = false;

	while (!last) {
		k = infile_next(f, p->in, p->incap, &blk);
		if (k < 0)
			return EXIT_IO;
		last = k == 0;
		pos = 0;
		do {
			r = p->feed(p->obj, blk + pos, (size_t)k - pos, p->out,
			            p->outcap, last);
			pos += r.in;
			if (!infile_intact(f))
				return EXIT_IO;
			if (p->sink != NULL && r.out > 0 &&
			    !p->sink(p->sink_ctx, p->out, r.out))
				return EXIT_IO;
		} while (r.status == UB_E_OUTPUT_FULL);
		if (r.status != UB_OK) {
			p->status = r.status;
			return EXIT_DATA;
		}
	}
	return EXIT_OK;
}

int
pump_file(struct pump *p, const char *path)
{
	struct infile f;
	int rc;

	rc = infile_open(&f, path);
	if (rc != EXIT_OK)
		return rc;
	rc = pump_run(p, &f);
	infile_close(&f);
	return rc;
}

void
pump_free(struct pump *p)
{
	free(p->in);
	free(p->out);
	p->in = p->out = NULL;
}
