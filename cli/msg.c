/* msg.c - diagnostics: "unibits: FILE:LINE:COL: byte OFFSET: what". */
#include <inttypes.h>
#include <string.h>

#include "msg.h"

void
msg_err(const char *fmt, ...)
{
	va_list ap;

	fputs("unibits: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

const char *
msg_file(const char *path)
{
	return strcmp(path, "-") == 0 ? "<stdin>" : path;
}

void
msg_describe_error(FILE *f, const ub_conv_error *e, const char *from,
                   const char *to)
{
	uint8_t u8[5] = {0};
	size_t i;

	if (e->status == UB_E_UNMAPPABLE) {
		fprintf(f, "cannot encode U+%04" PRIX32, e->cp);
		if (e->cp >= 0x20 && e->cp != 0x7F &&
		    !(e->cp >= 0x80 && e->cp < 0xA0) &&
		    ub_utf8_encode(e->cp, u8) > 0)
			fprintf(f, " '%s'", (const char *)u8);
		fprintf(f, " in %s", to);
		return;
	}
	fprintf(f, "%s %s sequence (",
	        e->status == UB_E_TRUNCATED ? "truncated" : "invalid", from);
	for (i = 0; i < e->nbytes; i++)
		fprintf(f, "%s%02X", i > 0 ? " " : "", e->bytes[i]);
	fputc(')', f);
	if (e->status != UB_E_TRUNCATED)
		fprintf(f, ": %s", ub_strerror(e->status));
	else
		fputs(": the input ends inside a character", f);
}

void
msg_conv_error(const char *path, const ub_conv_error *e, const char *from,
               const char *to)
{
	fprintf(stderr,
	        "unibits: %s:%" PRIu64 ":%" PRIu64 ": byte %" PRIu64 ": ",
	        msg_file(path), e->line, e->column, e->offset);
	msg_describe_error(stderr, e, from, to);
	fputc('\n', stderr);
}
