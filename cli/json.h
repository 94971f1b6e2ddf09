/* json.h - the pieces of JSON Lines output (DESIGN.md, "--json"). */
#ifndef UB_JSON_H
#define UB_JSON_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* s as a JSON string, quotes included.  Bytes that are not UTF-8 (a
 * file name may hold any) become U+FFFD, so the line stays valid. */
void json_string(FILE *f, const char *s);

/* p[0..n) as a JSON array of numbers: [195,40]. */
void json_bytes(FILE *f, const uint8_t *p, size_t n);

#endif /* UB_JSON_H */
