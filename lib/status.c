/* status.c - names and descriptions of ub_status values. */
#include "internal.h"

static const struct {
	const char *name;
	const char *text;
} statuses[] = {
	[UB_OK] = {"OK", "success"},
	[UB_E_TRUNCATED] = {"TRUNCATED", "truncated sequence"},
	[UB_E_OUTPUT_FULL] = {"OUTPUT_FULL", "output buffer full"},
	[UB_E_UNEXPECTED_CONT] = {"UNEXPECTED_CONT",
                                  "unexpected continuation byte"},
	[UB_E_INVALID_BYTE] = {"INVALID_BYTE", "invalid byte"},
	[UB_E_EXPECTED_CONT] = {"EXPECTED_CONT",
                                "expected a continuation byte"},
	[UB_E_OVERLONG] = {"OVERLONG", "overlong form"},
	[UB_E_SURROGATE] = {"SURROGATE", "encoded surrogate"},
	[UB_E_TOO_LARGE] = {"TOO_LARGE", "value above U+10FFFF"},
	[UB_E_UNPAIRED] = {"UNPAIRED", "unpaired surrogate"},
	[UB_E_UNMAPPABLE] = {"UNMAPPABLE", "unmappable character"},
	[UB_E_UNKNOWN_ENCODING] = {"UNKNOWN_ENCODING", "unknown encoding"},
	[UB_E_NOMEM] = {"NOMEM", "out of memory"},
	[UB_E_INVALID_ARG] = {"INVALID_ARG", "invalid argument"},
};

UB_API const char *
ub_strerror(ub_status s)
{
	return (size_t)s < LEN(statuses) ? statuses[s].text : "unknown status";
}

UB_API const char *
ub_status_name(ub_status s)
{
	return (size_t)s < LEN(statuses) ? statuses[s].name : "UNKNOWN";
}

UB_API bool
ub_status_is_invalid(ub_status s)
{
	return s >= UB_E_UNEXPECTED_CONT && s <= UB_E_UNPAIRED;
}

UB_API const char *
ub_version(void)
{
	return UB_VERSION_STRING;
}

UB_API bool
ub_is_scalar(uint32_t cp)
{
	return cp < 0xD800 || BETWEEN(cp, 0xE000, UB_MAX_CODE_POINT);
}
