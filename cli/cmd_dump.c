/*
 * cmd_dump.c - unibits dump [-e ENC] FILE|-: an annotated hexdump, one
 * line per character: its offset, its bytes in hex and in bits (UTF-8
 * marker bits apart from payload bits), the character and U+XXXX.
 * Invalid sequences are flagged where they are.  It streams: 64 KiB
 * blocks, a sequence cut by a block boundary carried to the next
 * (cli/decode.c), so any size of file runs in the same memory.
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
	uint64_t invalid;
	struct out_buf b;
};

/* A column of at least w: a longer cell (an ISO-2022 escape sequence
 * and its character) pushes the rest along rather than running in. */
static void
column(const char *s, size_t w)
{
	size_t n = out_width(s);

	out_pad(stdout, s, (n > w ? n : w) + 2);
}

static bool
dump_item(void *ctx, const struct dec_item *it)
{
	struct dump *d = ctx;
	char vis[16], code[12];

	printf("%s%08" PRIX64 "%s  ", out_on(OUT_DIM), it->offset,
	       out_off());
	out_buf_clear(&d->b);
	cr_hex(&d->b, it->bytes, it->nbytes);
	column(out_buf_str(&d->b), HEX_W);
	out_buf_clear(&d->b);
	if (d->utf8 && it->status == UB_OK)
		cr_utf8_seq_bits(&d->b, it->bytes, it->nbytes);
	else
		cr_bits(&d->b, it->bytes, it->nbytes);
	column(out_buf_str(&d->b), BITS_W);
	if (it->status != UB_OK) {
		d->invalid++;
		printf("%s%s: %s%s\n", out_on(OUT_BAD),
		       it->status == UB_E_TRUNCATED ? "truncated" : "invalid",
		       it->status == UB_E_TRUNCATED
		               ? "the input ends inside a character"
		               : ub_strerror(it->status),
		       out_off());
	} else {
		cr_visible(it->cp, vis);
		cr_code(it->cp, code);
		column(vis, 4);
		printf("%s%s%s\n", out_on(OUT_CODE), code, out_off());
	}
	/* A reader that went away: stop reading too (see main.c). */
	return !ferror(stdout);
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
	buf = malloc(IO_CHUNK);
	if (buf == NULL) {
		msg_err("dump: out of memory");
		rc = EXIT_IO;
		goto done;
	}
	/* One line per input character: write in large blocks. */
	if (!isatty(STDOUT_FILENO))
		setvbuf(stdout, NULL, _IOFBF, IO_CHUNK);
	printf("%s%-8s  %-*s  %-*s  %-4s  %s%s\n", out_on(OUT_BOLD), "offset",
	       HEX_W, "bytes", BITS_W, d.utf8 ? "bits (marker|payload)" : "bits",
	       "char", "code", out_off());
	while (!last) {
		k = infile_read(&f, buf, IO_CHUNK);
		if (k < 0) {
			rc = EXIT_IO;
			break;
		}
		last = k == 0;
		if (!dec_feed(dec, buf, (size_t)k, last, dump_item, &d))
			break; /* stdout is gone */
	}
	if (rc == EXIT_OK && d.invalid > 0)
		rc = EXIT_DATA;
done:
	infile_close(&f);
	dec_close(dec);
	out_buf_free(&d.b);
	free(buf);
	return rc;
}
