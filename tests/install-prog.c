/*
 * install-prog.c - a program built against an installed libunibits by
 * tests/install.sh, with nothing but pkg-config's flags.
 */
#include <stdio.h>
#include <string.h>

#include <unibits.h>

int
main(void)
{
	static const uint8_t in[] = "h\xC3\xA9llo \xF0\x9F\x98\x80\xFF";
	uint8_t out[64];
	ub_conv *cv;
	ub_result r;
	size_t i;

	if (strcmp(ub_version(), UB_VERSION_STRING) != 0)
		return 1;
	if (ub_conv_open(&cv, "UTF-16BE", "UTF-8", UB_REPLACE, UB_BOM_KEEP) !=
	    UB_OK)
		return 2;
	r = ub_conv_feed(cv, in, sizeof(in) - 1, out, sizeof(out), true);
	if (r.status != UB_OK)
		return 3;
	for (i = 0; i < r.out; i++)
		printf("%02X", out[i]);
	printf(" %lu\n", (unsigned long)ub_conv_error_count(cv));
	ub_conv_close(cv);
	return 0;
}
