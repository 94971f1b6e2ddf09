/* charset_icu.c - placeholder replaced by the ICU backend (issue 4). */
#include "internal.h"

struct ubi_charset *
ubi_charset_open(const char *name, bool to_unicode, ub_status *st)
{
	(void)name;
	(void)to_unicode;
	*st = UB_E_UNKNOWN_ENCODING;
	return NULL;
}
