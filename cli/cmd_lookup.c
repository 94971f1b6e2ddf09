/*
 * cmd_lookup.c - unibits lookup QUERY...: find characters by number
 * (U+00E9, 0xE9, 233), by the character itself, by words of their name,
 * or by encoded bytes in the spellings people paste (C3 A9, \xC3\xA9,
 * %C3%A9, &#233;, \u00E9, 11000011 10101001; cli/parse.c).  Every match
 * is a show row; byte input also gets its decoding explained.
 */
#define _POSIX_C_SOURCE 200809L
#include <getopt.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include <unibits.h>

#include "charrow.h"
#include "cmd.h"
#include "decode.h"
#include "msg.h"
#include "out.h"
#include "parse.h"

#define DEFAULT_MAX 40

/* The matches, in order, with storage for their bytes. */
struct matches {
	struct crow *rows;
	size_t n, cap;
	size_t total; /* matches found, may be more than n */
	size_t limit; /* rows kept; 0 = all */
	bool oom;
	size_t invalid;
};

static struct crow *
add_match(struct matches *m, const uint8_t *bytes, size_t nbytes)
{
	struct crow *r;
	uint8_t *copy;

	m->total++;
	if (m->limit > 0 && m->n >= m->limit)
		return NULL;
	if (m->n == m->cap) {
		size_t cap = m->cap ? 2 * m->cap : 32;

		r = realloc(m->rows, cap * sizeof(*r));
		if (r == NULL) {
			m->oom = true;
			return NULL;
		}
		m->rows = r;
		m->cap = cap;
	}
	copy = malloc(nbytes ? nbytes : 1);
	if (copy == NULL) {
		m->oom = true;
		return NULL;
	}
	memcpy(copy, bytes, nbytes);
	r = &m->rows[m->n++];
	memset(r, 0, sizeof(*r));
	r->bytes = copy;
	r->nbytes = nbytes;
	return r;
}

static void
add_cp(struct matches *m, uint32_t cp)
{
	uint8_t u8[4];
	size_t n = ub_is_scalar(cp) ? ub_utf8_encode(cp, u8) : 0;
	struct crow *r = add_match(m, u8, n);

	if (r != NULL) {
		r->cp = cp;
		r->status = UB_OK;
	}
}

/* ------------------------------------------------------------------ */
/* Byte input                                                          */
/* ------------------------------------------------------------------ */

struct byte_ctx {
	struct matches *m;
	struct dec_item *items; /* for the explanation */
	size_t nitems, cap;
};

static bool
on_item(void *ctx, const struct dec_item *it)
{
	struct byte_ctx *b = ctx;
	struct crow *r;

	if (it->status != UB_OK)
		b->m->invalid++;
	r = add_match(b->m, it->bytes, it->nbytes);
	if (r != NULL) {
		r->has_offset = true;
		r->offset = it->offset;
		r->cp = it->cp;
		r->status = it->status;
	}
	if (b->nitems == b->cap) {
		size_t cap = b->cap ? 2 * b->cap : 16;
		struct dec_item *p = realloc(b->items, cap * sizeof(*p));

		if (p == NULL) {
			b->m->oom = true;
			return false;
		}
		b->items = p;
		b->cap = cap;
	}
	b->items[b->nitems++] = *it;
	return true;
}

/* The bits of a byte split after its leading marker (UTF-8 Table 3-6):
 * 0xxxxxxx, 10xxxxxx, 110xxxxx, 1110xxxx, 11110xxx; F8..FF have none. */
static void
byte_roles(struct out_buf *b, uint8_t v)
{
	char bits[9];
	int ones = 0, marker;

	while (ones < 8 && (v & (0x80 >> ones)))
		ones++;
	ub_bits(v, 8, bits);
	marker = ones == 0 ? 1 : ones + 1;
	if (ones > 4) {
		out_buf_add(b, bits);
		return;
	}
	out_buf_addf(b, "%s%.*s|%s%s%s%s", out_on(OUT_DIM), marker, bits,
	             out_off(), out_on(OUT_PAYLOAD), bits + marker, out_off());
}

/* Why an invalid sequence is invalid, in the terms of the bit
 * patterns (Unicode 15.0, Table 3-7). */
static const char *
why(const struct dec_item *it)
{
	uint8_t b = it->bytes[0];

	switch (it->status) {
	case UB_E_UNEXPECTED_CONT:
		return "a continuation byte (10xxxxxx) where a character "
		       "should start";
	case UB_E_INVALID_BYTE:
		return "F8..FF never appear in UTF-8 (no template starts "
		       "with five 1 bits)";
	case UB_E_OVERLONG:
		if (b == 0xC0 || b == 0xC1)
			return "C0 and C1 could only start an overlong form "
			       "of U+0000..U+007F, which fits in one byte";
		if (b == 0xE0)
			return "E0 then 80..9F would spell a value below "
			       "U+0800 in 3 bytes, which fits in 2";
		return "F0 then 80..8F would spell a value below U+10000 "
		       "in 4 bytes, which fits in 3";
	case UB_E_SURROGATE:
		return "ED then A0..BF would spell a surrogate "
		       "(U+D800..U+DFFF), which UTF-8 must not encode";
	case UB_E_TOO_LARGE:
		return "the value would be above U+10FFFF, the last code "
		       "point";
	case UB_E_EXPECTED_CONT:
		return "the sequence is cut short: the next byte is not a "
		       "continuation byte (10xxxxxx)";
	case UB_E_TRUNCATED:
		return "the input ends inside the sequence";
	default:
		return ub_strerror(it->status);
	}
}

static const char *
lead_what(uint8_t b)
{
	if (b < 0x80)
		return "one byte, 0xxxxxxx: ASCII, the payload is the number";
	if (b >= 0xC0 && b < 0xE0)
		return "lead byte 110xxxxx: 2 bytes in all";
	if (b >= 0xE0 && b < 0xF0)
		return "lead byte 1110xxxx: 3 bytes in all";
	if (b >= 0xF0 && b < 0xF8)
		return "lead byte 11110xxx: 4 bytes in all";
	if (b >= 0x80 && b < 0xC0)
		return "continuation byte 10xxxxxx";
	return "no UTF-8 byte looks like this";
}

static void
explain_bytes(const struct byte_ctx *b, const uint8_t *s, size_t n,
              const char *enc)
{
	struct out_buf o = {0};
	char vis[16], code[12], bits[33];
	size_t i, k;

	cr_hex(&o, s, n);
	printf("\n%s read as %s:\n", out_buf_str(&o), enc);
	for (i = 0; i < b->nitems; i++) {
		const struct dec_item *it = &b->items[i];
		ub_anatomy a;

		if (it->status == UB_OK &&
		    ub_anatomy_of(it->cp, &a) == UB_OK) {
			for (k = 0; k < a.utf8_len; k++) {
				out_buf_clear(&o);
				byte_roles(&o, it->bytes[k]);
				printf("  %02X  %s  %s\n", it->bytes[k],
				       out_buf_str(&o),
				       k == 0 ? lead_what(it->bytes[0])
				              : "continuation byte 10xxxxxx");
			}
			cr_visible(it->cp, vis);
			cr_code(it->cp, code);
			printf("      payload bits ");
			for (k = 0; k < a.utf8_len; k++) {
				ub_bits(a.utf8[k].value, 8, bits);
				printf("%s%s", k ? " " : "",
				       bits + a.utf8[k].marker_bits);
			}
			printf(" = %s = %" PRIu32 " = %s%s%s %s\n",
			       ub_bits(it->cp, ub_bit_length(it->cp), bits),
			       it->cp, out_on(OUT_CODE), code, out_off(), vis);
			continue;
		}
		for (k = 0; k < it->nbytes; k++) {
			out_buf_clear(&o);
			byte_roles(&o, it->bytes[k]);
			printf("  %02X  %s  %s\n", it->bytes[k],
			       out_buf_str(&o),
			       k == 0 ? lead_what(it->bytes[0])
			              : "continuation byte 10xxxxxx");
		}
		printf("      %sinvalid%s (%s): %s\n", out_on(OUT_BAD),
		       out_off(), ub_status_name(it->status), why(it));
	}
	out_buf_free(&o);
}

/* Other encodings have no bit roles to show: which bytes made which
 * character, or which were invalid. */
static void
explain_other(const struct byte_ctx *b, const uint8_t *s, size_t n,
              const char *enc)
{
	struct out_buf o = {0};
	char vis[16], code[12];
	size_t i;

	cr_hex(&o, s, n);
	printf("\n%s read as %s:\n", out_buf_str(&o), enc);
	for (i = 0; i < b->nitems; i++) {
		const struct dec_item *it = &b->items[i];

		out_buf_clear(&o);
		cr_hex(&o, it->bytes, it->nbytes);
		if (it->status != UB_OK) {
			printf("  %s  %sinvalid%s (%s): %s\n", out_buf_str(&o),
			       out_on(OUT_BAD), out_off(),
			       ub_status_name(it->status),
			       ub_strerror(it->status));
			continue;
		}
		cr_visible(it->cp, vis);
		cr_code(it->cp, code);
		printf("  %s  is %s%s%s %s\n", out_buf_str(&o),
		       out_on(OUT_CODE), code, out_off(), vis);
	}
	out_buf_free(&o);
}

/* Decode the byte group and add its characters; explain them when the
 * encoding is UTF-8 (its bytes have roles). */
static int
lookup_bytes(struct matches *m, const uint8_t *s, size_t n, const char *enc,
             bool explain)
{
	struct byte_ctx b = {m, NULL, 0, 0};
	struct dec *d;
	ub_status st;

	st = dec_open(&d, enc);
	if (st != UB_OK) {
		msg_err("lookup: %s", ub_strerror(st));
		return st == UB_E_UNKNOWN_ENCODING ? EXIT_USAGE : EXIT_IO;
	}
	dec_feed(d, s, n, true, on_item, &b);
	if (explain && !m->oom) {
		if (dec_is_utf8(d))
			explain_bytes(&b, s, n, dec_name(d));
		else
			explain_other(&b, s, n, dec_name(d));
	}
	dec_close(d);
	free(b.items);
	return EXIT_OK;
}

/* ------------------------------------------------------------------ */
/* Words of a name                                                     */
/* ------------------------------------------------------------------ */

/* Shorter names first: "greek small alpha" should find GREEK SMALL
 * LETTER ALPHA before ... ALPHA WITH PSILI AND VARIA; then by code. */
struct ranked {
	uint32_t cp;
	size_t len;
};

static int
by_rank(const void *a, const void *b)
{
	const struct ranked *x = a, *y = b;

	if (x->len != y->len)
		return x->len < y->len ? -1 : 1;
	return x->cp < y->cp ? -1 : x->cp > y->cp;
}

static int
lookup_words(struct matches *m, char **words, size_t nwords)
{
	struct out_buf name = {0};
	uint32_t exact = 0, *found;
	struct ranked *rank;
	char buf[256];
	bool have_exact;
	size_t i, total, cap;

	for (i = 0; i < nwords; i++)
		out_buf_addf(&name, "%s%s", i ? " " : "", words[i]);
	have_exact = ub_char_from_name(out_buf_str(&name), &exact);
	out_buf_free(&name);
	if (have_exact)
		add_cp(m, exact);
	/* One pass over all names, with room for every code point, so
	 * the exact match is never counted twice. */
	cap = UB_MAX_CODE_POINT + 1;
	found = malloc(cap * sizeof(*found));
	if (found == NULL)
		return EXIT_IO;
	total = ub_char_search((const char *const *)words, nwords, found, cap);
	if (total > cap)
		total = cap;
	rank = malloc((total ? total : 1) * sizeof(*rank));
	if (rank == NULL) {
		free(found);
		return EXIT_IO;
	}
	for (i = 0; i < total; i++) {
		rank[i].cp = found[i];
		rank[i].len = ub_char_name(found[i], buf, sizeof(buf));
	}
	qsort(rank, total, sizeof(*rank), by_rank);
	for (i = 0; i < total; i++)
		if (!have_exact || rank[i].cp != exact)
			add_cp(m, rank[i].cp);
	free(rank);
	free(found);
	return EXIT_OK;
}

/* ------------------------------------------------------------------ */
/* The command                                                         */
/* ------------------------------------------------------------------ */

struct token {
	char *s;
	enum pq_kind kind;
	uint32_t *cps;
	size_t ncps;
	uint8_t *bytes;
	size_t nbytes;
};

/* Split the arguments at blanks (an argument of blanks only is those
 * characters) and classify every token. */
static size_t
tokenize(int argc, char **argv, struct token **out)
{
	struct token *t = NULL, *p;
	size_t n = 0, len;
	char *copy, *tok, *save;
	int a;

	for (a = 0; a < argc; a++) {
		bool blank = argv[a][strspn(argv[a], " \t")] == '\0';

		if (argv[a][0] == '\0')
			continue;
		copy = strdup(argv[a]);
		if (copy == NULL)
			break;
		save = NULL;
		tok = blank ? copy : strtok_r(copy, " \t", &save);
		while (tok != NULL) {
			p = realloc(t, (n + 1) * sizeof(*t));
			if (p == NULL)
				break;
			t = p;
			len = strlen(tok) + 1;
			t[n].s = strdup(tok);
			t[n].cps = malloc(len * sizeof(uint32_t));
			t[n].bytes = malloc(len);
			if (t[n].s == NULL || t[n].cps == NULL ||
			    t[n].bytes == NULL) {
				free(t[n].s);
				free(t[n].cps);
				free(t[n].bytes);
				break;
			}
			if (blank) {
				/* ' ' asks for the space itself. */
				for (len = 0; tok[len] != '\0'; len++)
					t[n].cps[len] = (unsigned char)
						tok[len];
				t[n].ncps = len;
				t[n].nbytes = 0;
				t[n].kind = PQ_CPS;
			} else {
				t[n].kind = pq_token(tok, t[n].cps, &t[n].ncps,
				                     t[n].bytes, &t[n].nbytes);
			}
			n++;
			tok = blank ? NULL : strtok_r(NULL, " \t", &save);
		}
		free(copy);
	}
	*out = t;
	return n;
}

static void
free_tokens(struct token *t, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		free(t[i].s);
		free(t[i].cps);
		free(t[i].bytes);
	}
	free(t);
}

static bool
is_byte_token(const struct token *t, bool hexpairs_are_bytes)
{
	return t->kind == PQ_BYTES ||
	       (t->kind == PQ_HEXPAIR && (hexpairs_are_bytes || t->ncps == 0));
}

/* Join the byte tokens from *i on into buf; returns their length. */
static size_t
group_bytes(const struct token *tok, size_t ntok, size_t *i,
            bool hexpairs_are_bytes, uint8_t *buf)
{
	size_t n = 0;

	while (*i < ntok && is_byte_token(&tok[*i], hexpairs_are_bytes)) {
		memcpy(buf + n, tok[*i].bytes, tok[*i].nbytes);
		n += tok[*i].nbytes;
		(*i)++;
	}
	return n;
}

static const char usage[] =
	"usage: unibits lookup [-e ENC] [-n MAX] [--json] [--color=WHEN] "
	"QUERY...";

int
cmd_lookup(int argc, char **argv)
{
	static const struct option longopts[] = {
		{"encoding", required_argument, NULL, 'e'},
		{"max", required_argument, NULL, 'n'},
		{"json", no_argument, NULL, 'j'},
		{"color", required_argument, NULL, 'C'},
		{"colour", required_argument, NULL, 'C'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	struct matches m = {0};
	struct token *tok = NULL;
	const char *enc = "UTF-8";
	enum out_color_mode cm;
	bool json = false, words = false, bytes_only = false;
	size_t ntok, i, k, hexpairs = 0, nbuf;
	uint8_t *buf = NULL;
	char *end, **wordv = NULL;
	int c, rc = EXIT_OK;
	long v;

	m.limit = DEFAULT_MAX;
	optind = 1;
	while ((c = getopt_long(argc, argv, "e:n:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'e':
			enc = optarg;
			break;
		case 'n':
			v = strtol(optarg, &end, 10);
			if (*optarg == '\0' || *end != '\0' || v < 0) {
				msg_err("lookup: -n wants a number >= 0 (0: "
				        "no limit), not '%s'",
				        optarg);
				return EXIT_USAGE;
			}
			m.limit = (size_t)v;
			break;
		case 'j':
			json = true;
			break;
		case 'C':
			if (!out_parse_color(optarg, &cm)) {
				msg_err("lookup: --color wants auto, always "
				        "or never, not '%s'",
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
	if (optind >= argc) {
		fprintf(stderr, "%s\n", usage);
		return EXIT_USAGE;
	}
	if (!ub_charset_known(enc)) {
		msg_err("lookup: unknown encoding '%s' (see 'unibits "
		        "encodings')",
		        enc);
		return EXIT_USAGE;
	}
	ntok = tokenize(argc - optind, argv + optind, &tok);
	if (ntok == 0) {
		fprintf(stderr, "%s\n", usage);
		free_tokens(tok, ntok);
		return EXIT_USAGE;
	}
	for (i = 0; i < ntok; i++) {
		words |= tok[i].kind == PQ_WORD;
		hexpairs += tok[i].kind == PQ_HEXPAIR;
	}
	if (words) {
		/* Any word makes the whole query words of a name:
		 * "latin a" searches for both words. */
		wordv = malloc(ntok * sizeof(*wordv));
		if (wordv == NULL) {
			rc = EXIT_IO;
			goto done;
		}
		for (i = 0; i < ntok; i++)
			wordv[i] = tok[i].s;
		rc = lookup_words(&m, wordv, ntok);
		free(wordv);
		if (rc == EXIT_OK && m.total == 0) {
			msg_err("lookup: no character name has all of "
			        "these words");
			rc = EXIT_DATA;
		}
	} else {
		/*
		 * Numbers and characters in order; neighbouring byte tokens
		 * are one sequence ("C3 A9").  Two-digit tokens are bytes
		 * when there are several of them or they have hex letters,
		 * otherwise decimal numbers ("65" is U+0041).
		 */
		bytes_only = hexpairs >= 2;
		for (i = 0, nbuf = 0; i < ntok; i++)
			nbuf += tok[i].nbytes;
		buf = malloc(nbuf + 1);
		if (buf == NULL) {
			rc = EXIT_IO;
			goto done;
		}
		for (i = 0; i < ntok;) {
			struct token *t = &tok[i];

			if (is_byte_token(t, bytes_only)) {
				nbuf = group_bytes(tok, ntok, &i, bytes_only,
				                   buf);
				rc = lookup_bytes(&m, buf, nbuf, enc, false);
				if (rc != EXIT_OK)
					goto done;
				continue;
			}
			for (k = 0; k < t->ncps; k++) {
				if (t->cps[k] > UB_MAX_CODE_POINT) {
					msg_err("lookup: %s: %" PRIX32 " is "
					        "above U+10FFFF, the last "
					        "code point",
					        t->s, t->cps[k]);
					rc = EXIT_DATA;
					continue;
				}
				add_cp(&m, t->cps[k]);
			}
			i++;
		}
	}
	if (m.oom) {
		msg_err("lookup: out of memory");
		rc = EXIT_IO;
		goto done;
	}
	if (json) {
		for (i = 0; i < m.n; i++)
			cr_json(stdout, &m.rows[i]);
	} else if (m.n > 0) {
		struct cr_opts o = {NULL, false};
		struct out_table *t;

		if (ub_encoding_from_name(enc) != UB_UTF8)
			o.enc = enc;
		t = cr_table_new(&o);
		if (t == NULL) {
			rc = EXIT_IO;
			goto done;
		}
		for (i = 0; i < m.n; i++)
			cr_table_add(t, &o, &m.rows[i]);
		out_table_print(t, stdout, 0);
		out_table_free(t);
	}
	if (m.total > m.n)
		printf("... and %zu more (see them with -n %zu, or -n 0 for "
		       "all)\n",
		       m.total - m.n, m.total);
	/* Byte input: how each byte was read, after the table. */
	for (i = 0; !json && !words && i < ntok;) {
		struct matches scratch = {0};

		if (!is_byte_token(&tok[i], bytes_only)) {
			i++;
			continue;
		}
		nbuf = group_bytes(tok, ntok, &i, bytes_only, buf);
		scratch.limit = 1;
		lookup_bytes(&scratch, buf, nbuf, enc, true);
		for (k = 0; k < scratch.n; k++)
			free((void *)scratch.rows[k].bytes);
		free(scratch.rows);
	}
	if (rc == EXIT_OK && m.invalid > 0)
		rc = EXIT_DATA;
done:
	for (i = 0; i < m.n; i++)
		free((void *)m.rows[i].bytes);
	free(m.rows);
	free(buf);
	free_tokens(tok, ntok);
	return rc;
}
