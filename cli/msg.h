/* msg.h - every diagnostic unibits prints, in one format. */
#ifndef UB_MSG_H
#define UB_MSG_H

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>

#include <unibits.h>

/* "unibits: " + the message + newline, on stderr. */
void msg_err(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* The name a path is shown as ("<stdin>" for "-"). */
const char *msg_file(const char *path);

/*
 * One conversion error as DESIGN.md has it:
 *   FILE:LINE:COL: byte OFFSET: invalid UTF-8 sequence (C3 28): expected
 *   a continuation byte
 * from is the source charset's name, to the target's (for unmappable).
 */
void msg_conv_error(const char *path, const ub_conv_error *e, const char *from,
                    const char *to);

/* Write the message text of e (without the "FILE:...: " prefix) to f. */
void msg_describe_error(FILE *f, const ub_conv_error *e, const char *from,
                        const char *to);

#endif /* UB_MSG_H */
