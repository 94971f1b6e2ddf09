/*
 * cmd_dump.c - unibits dump [-e ENC] FILE|-: an annotated hexdump, one
 * line per character: its offset, its bytes in hex and in bits (UTF-8
 * marker bits apart from payload bits), the character and U+XXXX.
 * Invalid sequences are flagged where they are.  It streams: blocks of
 * IO_BIG_CHUNK (256 KiB) in, a sequence cut by a block boundary carried
 * to the next (cli/decode.c), and pages of as much out, so any size of
 * file runs in the same memory.
 */
#define _POSIX_C_SOURCE 200809L
#include <getopt.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <unibits.h>

#include "charrow.h"
#include "cmd.h"
#include "decode.h"
#include "files.h"
#include "io.h"
#include "msg.h"
#include "out.h"

/* Column widths: 4 bytes of hex, and 4 UTF-8 bytes of bits with their
 * markers ("11110|000 10|011111 10|011000 10|000000"). */
#define HEX_W 11
#define BITS_W 39

struct dump {
	bool utf8;
	bool tty;   /* stdout is a terminal: a line at a time */
	bool nomem; /* the page could not grow (reported) */
	uint64_t invalid;
	struct out_buf page; /* lines not written yet, up to IO_BIG_CHUNK */
};

/* Write the page out.  False when stdout failed (or a reader went away:
 * see main.c) or the page could not grow. */
static bool
flush_page(struct dump *d)
{
	if (d->page.oom) {
		if (!d->nomem)
			msg_err("dump: out of memory");
		d->nomem = true;
		return false;
	}
	if (d->page.len > 0)
		fwrite(d->page.s, 1, d->page.len, stdout);
	out_buf_clear(&d->page);
	return !ferror(stdout);
}

/* A column of at least w, from byte start of the page to its end: a
 * longer cell (an ISO-2022 escape sequence and its character) pushes
 * the rest along rather than running in. */
static void
column(struct out_buf *page, size_t start, size_t w)
{
	size_t n = out_width(page->oom ? "" : page->s + start);

	out_buf_spaces(page, (n > w ? n : w) + 2 - n);
}

/* "%08" PRIX64, without printf: it is on every line. */
static void
add_offset(struct out_buf *page, uint64_t off)
{
	static const char hex[] = "0123456789ABCDEF";
	char s[17];
	int i = 16, min = 8;

	s[16] = '\0';
	while (off > 0 || min > 0) {
		s[--i] = hex[off & 15];
		off >>= 4;
		min--;
	}
	out_buf_add(page, s + i);
}

/*
 * One line per item, gathered into a page of IO_BIG_CHUNK bytes that
 * is written at once: printing each cell through stdio cost more than
 * everything else dump does.
 */
static bool
dump_item(void *ctx, const struct dec_item *it)
{
	struct dump *d = ctx;
	struct out_buf *page = &d->page;
	char vis[16], code[12];
	size_t start;

	out_buf_add(page, out_on(OUT_DIM));
	add_offset(page, it->offset);
	out_buf_add(page, out_off());
	out_buf_add(page, "  ");
	start = page->len;
	cr_hex(page, it->bytes, it->nbytes);
	column(page, start, HEX_W);
	start = page->len;
	if (d->utf8 && it->status == UB_OK)
		cr_utf8_seq_bits(page, it->bytes, it->nbytes);
	else
		cr_bits(page, it->bytes, it->nbytes);
	column(page, start, BITS_W);
	if (it->status != UB_OK) {
		d->invalid++;
		out_buf_addf(page, "%s%s: %s%s\n", out_on(OUT_BAD),
		             it->status == UB_E_TRUNCATED ? "truncated"
		                                          : "invalid",
		             it->status == UB_E_TRUNCATED
		                     ? "the input ends inside a character"
		                     : ub_strerror(it->status),
		             out_off());
	} else {
		cr_visible(it->cp, vis);
		cr_code(it->cp, code);
		start = page->len;
		out_buf_add(page, vis);
		column(page, start, 4);
		out_buf_add(page, out_on(OUT_CODE));
		out_buf_add(page, code);
		out_buf_add(page, out_off());
		out_buf_add(page, "\n");
	}
	/* A reader that went away: stop reading too (see main.c). */
	if (d->tty || page->len >= IO_BIG_CHUNK || page->oom)
		return flush_page(d);
	return true;
}

static const char usage[] =
	"usage: unibits dump [-e ENC] [--color=WHEN] FILE|-";

int
cmd_dump(int argc, char **argv)
{
	static const struct option longopts[] = {
		{"encoding", required_argument, NULL, 'e'},
		{"color", required_argument, NULL, 'C'},
		{"colour", required_argument, NULL, 'C'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	struct dump d = {0};
	struct dec *dec = NULL;
	const char *enc = "UTF-8", *path;
	enum out_color_mode cm;
	uint8_t *buf = NULL;
	struct infile f;
	ub_status st;
	ssize_t k;
	int c, rc = EXIT_OK;
	bool last = false;

	optind = 1;
	while ((c = getopt_long(argc, argv, "e:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'e':
			enc = optarg;
			break;
		case 'C':
			if (!out_parse_color(optarg, &cm)) {
				msg_err("dump: --color wants auto, always or "
				        "never, not '%s'",
				        optarg);
				return EXIT_USAGE;
			}
			out_color_init(cm);
			break;
		case 'h':
			printf("%s\n", usage);
			return EXIT_OK;
		default:
			fprintf(stderr, "%s\n", usage);
			return EXIT_USAGE;
		}
	}
	if (argc - optind > 1) {
		fprintf(stderr, "%s\n", usage);
		return EXIT_USAGE;
	}
	path = optind < argc ? argv[optind] : "-";
	st = dec_open(&dec, enc);
	if (st != UB_OK) {
		if (st == UB_E_UNKNOWN_ENCODING)
			msg_err("dump: unknown encoding '%s' (see 'unibits "
			        "encodings')",
			        enc);
		else
			msg_err("dump: %s", ub_strerror(st));
		return st == UB_E_UNKNOWN_ENCODING ? EXIT_USAGE : EXIT_IO;
	}
	d.utf8 = dec_is_utf8(dec);
	if (infile_open(&f, path) != EXIT_OK) {
		dec_close(dec);
		return EXIT_IO;
	}
	buf = malloc(IO_BIG_CHUNK);
	if (buf == NULL) {
		msg_err("dump: out of memory");
		rc = EXIT_IO;
		goto done;
	}
	d.tty = isatty(STDOUT_FILENO);
	printf("%s%-8s  %-*s  %-*s  %-4s  %s%s\n", out_on(OUT_BOLD), "offset",
	       HEX_W, "bytes", BITS_W,
	       d.utf8 ? "bits (marker|payload)" : "bits", "char", "code",
	       out_off());
	while (!last) {
		k = infile_read(&f, buf, IO_BIG_CHUNK);
		if (k < 0) {
			rc = EXIT_IO;
			break;
		}
		last = k == 0;
		if (!dec_feed(dec, buf, (size_t)k, last, dump_item, &d))
			break; /* stdout is gone */
	}
	flush_page(&d);
	if (d.nomem)
		rc = EXIT_IO;
	if (rc == EXIT_OK && d.invalid > 0)
		rc = EXIT_DATA;
done:
	infile_close(&f);
	dec_close(dec);
	out_buf_free(&d.page);
	free(buf);
	return rc;
}
