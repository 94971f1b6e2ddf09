/* autodetect.h - `convert -f auto`: detect, then convert. */
#ifndef UB_AUTODETECT_H
#define UB_AUTODETECT_H

#include <stdbool.h>

#include <unibits.h>

/* True if a -f argument asks for detection ("auto", any case). */
bool auto_wanted(const char *from);

/*
 * Read the start of path, detect its encoding, give the bytes back to
 * io (so that convert reads them again, even from a pipe) and reopen
 * *cv to convert from what was found into to, with policy and bom.
 * Prints what went wrong and returns an exit status (EXIT_OK when *cv
 * is ready).
 */
int auto_reopen(ub_conv **cv, const char *path, const char *to,
                ub_policy policy, ub_bom bom);

#endif /* UB_AUTODETECT_H */
