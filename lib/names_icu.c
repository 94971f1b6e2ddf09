/*
 * names_icu.c - character names, lookup by name, name search, script
 * and block.  Names come from ICU (u_charName, u_charFromName,
 * u_enumCharNames); the characters without a Name property (controls,
 * private use, surrogates, noncharacters, unassigned) get the readable
 * labels of Unicode ch. 4.8 ("<control-000A>"), and the controls their
 * ISO 6429 names as aliases, from a table generated from the UCD
 * because ICU has no such alias.  Block names come from a table
 * generated from Blocks.txt, since ICU only knows them in their
 * property-value spelling ("Latin_1_Supplement", not "Latin-1
 * Supplement").
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <unicode/uchar.h>
#include <unicode/uscript.h>

#include "internal.h"

static const struct {
	uint32_t first, last;
	const char *name;
} blocks[] = {
#include "tables/blocks.h"
};

static const struct {
	uint32_t cp;
	const char *name;
} controls[] = {
#include "tables/controls.h"
};

/* Copy s into buf[0..cap), cut to fit, NUL-terminated; returns the
 * full length of s. */
static size_t
copy_out(const char *s, char *buf, size_t cap)
{
	size_t n = strlen(s);

	if (buf != NULL && cap > 0) {
		size_t k = n < cap - 1 ? n : cap - 1;

		memcpy(buf, s, k);
		buf[k] = '\0';
	}
	return n;
}

/* Unicode ch. 23.7: FDD0..FDEF and the last two of every plane. */
static bool
is_noncharacter(uint32_t cp)
{
	return BETWEEN(cp, 0xFDD0, 0xFDEF) ||
	       (cp <= UB_MAX_CODE_POINT && (cp & 0xFFFE) == 0xFFFE);
}

static const char *
control_name(uint32_t cp)
{
	size_t i;

	for (i = 0; i < LEN(controls); i++)
		if (controls[i].cp == cp)
			return controls[i].name;
	return NULL;
}

/* The label of a code point with no name, after Unicode ch. 4.8,
 * "Code Point Labels". */
static const char *
label_kind(uint32_t cp)
{
	if (cp > UB_MAX_CODE_POINT)
		return "invalid";
	if (is_noncharacter(cp))
		return "noncharacter";
	switch (u_charType((UChar32)cp)) {
	case U_CONTROL_CHAR:
		return "control";
	case U_PRIVATE_USE_CHAR:
		return "private-use";
	case U_SURROGATE:
		return "surrogate";
	case U_UNASSIGNED:
		return "unassigned";
	default:
		return "reserved";
	}
}

UB_API size_t
ub_char_name(uint32_t cp, char *buf, size_t cap)
{
	char tmp[128];
	UErrorCode err = U_ZERO_ERROR;
	int32_t n = 0;

	if (cp <= UB_MAX_CODE_POINT)
		n = u_charName((UChar32)cp, U_UNICODE_CHAR_NAME, tmp,
		               (int32_t)sizeof(tmp), &err);
	if (U_FAILURE(err) || n <= 0 || n >= (int32_t)sizeof(tmp))
		snprintf(tmp, sizeof(tmp), "<%s-%04lX>", label_kind(cp),
		         (unsigned long)cp);
	return copy_out(tmp, buf, cap);
}

UB_API size_t
ub_char_alias(uint32_t cp, char *buf, size_t cap)
{
	char tmp[128];
	UErrorCode err = U_ZERO_ERROR;
	int32_t n = 0;
	const char *c;

	if (cp > UB_MAX_CODE_POINT) {
		copy_out("", buf, cap);
		return 0;
	}
	/* ICU's alias is the formal correction (NameAliases.txt). */
	n = u_charName((UChar32)cp, U_CHAR_NAME_ALIAS, tmp,
	               (int32_t)sizeof(tmp), &err);
	if (U_SUCCESS(err) && n > 0 && n < (int32_t)sizeof(tmp))
		return copy_out(tmp, buf, cap);
	c = control_name(cp);
	if (c != NULL)
		return copy_out(c, buf, cap);
	copy_out("", buf, cap);
	return 0;
}

/* ASCII upper case of s into buf[0..cap); false if it does not fit. */
static bool
upper(const char *s, char *buf, size_t cap)
{
	size_t i;

	for (i = 0; s[i] != '\0'; i++) {
		if (i + 1 >= cap)
			return false;
		buf[i] = (s[i] >= 'a' && s[i] <= 'z') ? (char)(s[i] - 32)
		                                      : s[i];
	}
	buf[i] = '\0';
	return true;
}

/* Our own labels, "<surrogate-D800>" and the like (any case), read
 * back, but only the label the code point really has. */
static bool
from_label(const char *name, uint32_t *cp)
{
	const char *dash, *end = name + strlen(name);
	char tmp[64], *stop;
	unsigned long v;

	if (name[0] != '<' || end - name < 4 || end[-1] != '>')
		return false;
	dash = strrchr(name, '-');
	if (dash == NULL || end - dash < 3 || end - dash > 8)
		return false;
	v = strtoul(dash + 1, &stop, 16);
	if (stop != end - 1 || v > UB_MAX_CODE_POINT)
		return false;
	snprintf(tmp, sizeof(tmp), "<%s-%04lX>", label_kind((uint32_t)v), v);
	if (strlen(tmp) != (size_t)(end - name))
		return false;
	for (size_t i = 0; tmp[i] != '\0'; i++) {
		char a = tmp[i], b = name[i];

		if (a >= 'A' && a <= 'Z')
			a = (char)(a + 32);
		if (b >= 'A' && b <= 'Z')
			b = (char)(b + 32);
		if (a != b)
			return false;
	}
	*cp = (uint32_t)v;
	return true;
}

UB_API bool
ub_char_from_name(const char *name, uint32_t *cp)
{
	static const UCharNameChoice choice[] = {U_UNICODE_CHAR_NAME,
	                                         U_CHAR_NAME_ALIAS};
	char up[128];
	UErrorCode err;
	UChar32 c;
	size_t i, k;

	if (name == NULL || cp == NULL || !upper(name, up, sizeof(up)))
		return false;
	for (i = 0; i < LEN(choice); i++) {
		err = U_ZERO_ERROR;
		c = u_charFromName(choice[i], up, &err);
		if (U_SUCCESS(err) && c >= 0) {
			*cp = (uint32_t)c;
			return true;
		}
	}
	/* A control by its ISO 6429 name, with or without the
	 * abbreviation: "LINE FEED (LF)", "LINE FEED". */
	for (i = 0; i < LEN(controls); i++) {
		const char *n = controls[i].name;

		k = strlen(up);
		if (strcmp(n, up) == 0 ||
		    (strncmp(n, up, k) == 0 && strncmp(n + k, " (", 2) == 0)) {
			*cp = controls[i].cp;
			return true;
		}
	}
	return from_label(name, cp);
}

/* Name search: every upper-cased word must be in the name. */
struct search {
	char words[16][64];
	size_t nwords;
	uint32_t *out;
	size_t cap;
	size_t count;
	uint32_t extra[512]; /* matching aliases, ascending */
	size_t nextra, next;
};

static bool
matches(const struct search *s, const char *name)
{
	size_t i;

	for (i = 0; i < s->nwords; i++)
		if (strstr(name, s->words[i]) == NULL)
			return false;
	return true;
}

static void
add(struct search *s, uint32_t cp)
{
	if (s->count < s->cap)
		s->out[s->count] = cp;
	s->count++;
}

/* Emit the alias matches below cp (and skip one equal to it). */
static void
flush_extra(struct search *s, uint32_t cp)
{
	while (s->next < s->nextra && s->extra[s->next] <= cp) {
		if (s->extra[s->next] < cp)
			add(s, s->extra[s->next]);
		s->next++;
	}
}

static UBool U_CALLCONV
on_name(void *ctx, UChar32 c, UCharNameChoice choice, const char *name,
        int32_t len)
{
	struct search *s = ctx;

	(void)choice;
	(void)len;
	if (!matches(s, name))
		return true;
	flush_extra(s, (uint32_t)c);
	add(s, (uint32_t)c);
	return true;
}

static UBool U_CALLCONV
on_alias(void *ctx, UChar32 c, UCharNameChoice choice, const char *name,
         int32_t len)
{
	struct search *s = ctx;

	(void)choice;
	(void)len;
	if (matches(s, name) && s->nextra < LEN(s->extra))
		s->extra[s->nextra++] = (uint32_t)c;
	return true;
}

UB_API size_t
ub_char_search(const char *const *words, size_t nwords, uint32_t *out,
               size_t cap)
{
	struct search s;
	UErrorCode err = U_ZERO_ERROR;
	size_t i, j;

	if (words == NULL || nwords == 0 || nwords > LEN(s.words))
		return 0;
	memset(&s, 0, sizeof(s));
	for (i = 0; i < nwords; i++)
		if (words[i] == NULL ||
		    !upper(words[i], s.words[i], sizeof(s.words[i])))
			return 0;
	s.nwords = nwords;
	s.out = out;
	s.cap = out != NULL ? cap : 0;

	/* Aliases first (controls and corrections: a few hundred), kept
	 * sorted, then merged into the ascending walk over the names. */
	for (i = 0; i < LEN(controls); i++)
		if (matches(&s, controls[i].name) && s.nextra < LEN(s.extra))
			s.extra[s.nextra++] = controls[i].cp;
	u_enumCharNames(0, UB_MAX_CODE_POINT + 1, on_alias, &s,
	                U_CHAR_NAME_ALIAS, &err);
	for (i = 1; i < s.nextra; i++) /* insertion sort: tiny */
		for (j = i; j > 0 && s.extra[j - 1] > s.extra[j]; j--) {
			uint32_t t = s.extra[j];

			s.extra[j] = s.extra[j - 1];
			s.extra[j - 1] = t;
		}
	err = U_ZERO_ERROR;
	u_enumCharNames(0, UB_MAX_CODE_POINT + 1, on_name, &s,
	                U_UNICODE_CHAR_NAME, &err);
	flush_extra(&s, UB_MAX_CODE_POINT + 1);
	return s.count;
}

UB_API const char *
ub_char_script(uint32_t cp)
{
	UErrorCode err = U_ZERO_ERROR;
	UScriptCode sc;
	const char *name;

	if (cp > UB_MAX_CODE_POINT)
		return "Unknown";
	sc = uscript_getScript((UChar32)cp, &err);
	if (U_FAILURE(err))
		return "Unknown";
	name = u_getPropertyValueName(UCHAR_SCRIPT, sc, U_LONG_PROPERTY_NAME);
	return name != NULL ? name : "Unknown";
}

UB_API const char *
ub_char_block(uint32_t cp)
{
	size_t lo = 0, hi = LEN(blocks), mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (cp < blocks[mid].first)
			hi = mid;
		else if (cp > blocks[mid].last)
			lo = mid + 1;
		else
			return blocks[mid].name;
	}
	return "No block";
}
