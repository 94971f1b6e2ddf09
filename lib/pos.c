/*
 * pos.c - line and column of a position in the input, for error
 * messages.  LF, CR LF and a lone CR each end a line; a column counts
 * characters (code points, or invalid sequences) from the line's start.
 */
#include "internal.h"

void
ubi_pos_init(struct ubi_pos *p)
{
	p->line = 1;
	p->column = 0;
	p->prev_cr = false;
}

void
ubi_pos_advance(struct ubi_pos *p, ub_encoding enc, const uint8_t *s, size_t n)
{
	size_t i, unit = ub_encoding_unit_size(enc);
	ub_endian e = ubi_endian_of(enc);
	uint32_t u;

	const struct ubi_kernels *k = ubi_kernels();
	struct ubi_lines l = {0, 0, false};

	if (unit == 1 && k->lines != NULL && n > 0) {
		/* The same walk in bulk (an LF at s[0] after a CR at the
		 * end of the last call is not a line end). */
		k->lines(s, n, enc == UB_UTF8, &l);
		p->line += l.ends - (p->prev_cr && s[0] == '\n' ? 1 : 0);
		p->column = l.eol ? l.chars : p->column + l.chars;
		p->prev_cr = s[n - 1] == '\r';
	} else if (unit == 1) {
		for (i = 0; i < n; i++) {
			u = s[i];
			if (u == '\n' || u == '\r')
				ubi_pos_char(p, u);
			else if (enc != UB_UTF8 || (u & 0xC0) != 0x80) {
				p->column++;
				p->prev_cr = false;
			}
		}
	} else if (unit == 2) {
		for (i = 0; i + 2 <= n; i += 2) {
			u = ubi_get16(s + i, e);
			if (!BETWEEN(u, 0xDC00,
			             0xDFFF)) /* count a pair once */
				ubi_pos_char(p, u);
		}
	} else {
		for (i = 0; i + 4 <= n; i += 4)
			ubi_pos_char(p, ubi_get32(s + i, e));
	}
}
