/*
 * check_out.c - the renderers of cli/out.c: JSON string escaping (RFC
 * 8259) and display width.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <check.h>

#include "../cli/out.h"
#include "suites.h"
#include "testutil.h"

struct esc {
	const char *in;
	size_t n;
	const char *out;
};

static const struct esc escs[] = {
	{"abc", 3, "\"abc\""},
	{"a\"b\\c", 5, "\"a\\\"b\\\\c\""},
	{"\n\r\t\b\f", 5, "\"\\n\\r\\t\\b\\f\""},
	{"\x01\x1f", 2, "\"\\u0001\\u001f\""},
	{"\0", 1, "\"\\u0000\""}, /* NUL inside */
	{"\x7f", 1, "\"\x7f\""},  /* DEL may stay */
	{"/", 1, "\"/\""},
	{"\xC3\xA9\xF0\x9F\x98\x80", 6, "\"\xC3\xA9\xF0\x9F\x98\x80\""},
	{"a\xFF"
         "b",
         3, "\"a\\ufffdb\""},                             /* invalid byte */
	{"\xE2\x82", 2, "\"\\ufffd\""},                   /* truncated */
	{"\xED\xA0\x80", 3, "\"\\ufffd\\ufffd\\ufffd\""}, /* surrogate */
	{"", 0, "\"\""},
};

START_TEST(json_escape)
{
	const struct esc *e = &escs[_i];
	char *buf = NULL, *in = (char *)tu_exact(e->in, e->n);
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	ck_assert_ptr_nonnull(f);
	jw_write_string(f, in, e->n);
	fclose(f);
	ck_assert_str_eq(buf, e->out);
	free(buf);
	free(in);
}
END_TEST

START_TEST(json_object)
{
	static const uint8_t b[] = {195, 169};
	static const uint32_t u[] = {233};
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	struct jw j;

	jw_begin(&j, f);
	jw_int(&j, "offset", 0);
	jw_bytes(&j, "bytes", b, 2);
	jw_null(&j, "cp");
	jw_u32s(&j, "utf16", u, 1);
	jw_bytes(&j, "none", b, 0);
	jw_bool(&j, "ok", false);
	jw_str(&j, "name", "A \"B\"");
	jw_end(&j);
	fclose(f);
	ck_assert_str_eq(buf, "{\"offset\": 0, \"bytes\": [195, 169], "
	                      "\"cp\": null, \"utf16\": [233], \"none\": [], "
	                      "\"ok\": false, \"name\": \"A \\\"B\\\"\"}\n");
	free(buf);
}
END_TEST

struct wid {
	const char *s;
	size_t w;
};

static const struct wid wids[] = {
	{"", 0},
	{"abc", 3},
	{"\xC3\xA9", 1},                 /* é */
	{"e\xCC\x81", 1},                /* e + combining acute */
	{"\xE4\xB8\xAD\xE6\x96\x87", 4}, /* 中文: wide */
	{"\xF0\x9F\x98\x80", 2},         /* 😀 */
	{"\033[1;31mred\033[0m", 3},     /* SGR takes no room */
	{"\xE2\x80\x8B", 0},             /* zero width space */
	{"\xFF", 1},                     /* shown as one U+FFFD */
};

START_TEST(width)
{
	ck_assert_uint_eq(out_width(wids[_i].s), wids[_i].w);
}
END_TEST

START_TEST(table_align)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	struct out_table *t = out_table_new(3, 2);

	out_table_row(t);
	out_table_cell(t, "\xE4\xB8\xAD"); /* 中, 2 columns */
	out_table_cell(t, "x");
	out_table_cell(t, "end");
	out_table_row(t);
	out_table_cell(t, "abc");
	out_table_cell(t, "");
	out_table_cell(t, "");
	out_table_note(t, "a note");
	out_table_print(t, f, 0);
	out_table_free(t);
	fclose(f);
	/* 中 is padded as 2 columns to the 3 of "abc"; trailing empty
	 * cells leave no spaces behind. */
	ck_assert_str_eq(buf, "\xE4\xB8\xAD   x  end\nabc\na note\n");
	free(buf);
}
END_TEST

static void
fill(struct out_table *t)
{
	out_table_row(t);
	out_table_cell(t, "a");
	out_table_cell(t, "\xF0\x9F\x98\x80"); /* 😀: 2 columns */
	out_table_cell(t, "end");
	out_table_note(t, "note");
	out_table_row(t);
	out_table_cell(t, "abcd");
	out_table_cell(t, "x");
	out_table_cell(t, "z");
}

START_TEST(table_stream)
{
	/* Measured then streamed prints the same as kept then printed. */
	char *kept = NULL, *streamed = NULL;
	size_t n1 = 0, n2 = 0;
	FILE *f = open_memstream(&kept, &n1);
	struct out_table *t = out_table_new(3, 1);

	fill(t);
	out_table_print(t, f, 2);
	out_table_free(t);
	fclose(f);
	f = open_memstream(&streamed, &n2);
	t = out_table_new(3, 1);
	out_table_measure(t);
	fill(t);
	out_table_stream(t, f, 2);
	fill(t);
	out_table_print(t, f, 2);
	out_table_free(t);
	fclose(f);
	ck_assert_str_eq(kept, "  a    \xF0\x9F\x98\x80 end\n  note\n"
	                       "  abcd x  z\n");
	ck_assert_str_eq(streamed, kept);
	free(kept);
	free(streamed);
}
END_TEST

Suite *
out_suite(void)
{
	Suite *s = suite_create("out");
	TCase *tc = tcase_create("json");

	tcase_add_loop_test(tc, json_escape, 0,
	                    (int)(sizeof(escs) / sizeof(escs[0])));
	tcase_add_test(tc, json_object);
	suite_add_tcase(s, tc);
	tc = tcase_create("width");
	tcase_add_loop_test(tc, width, 0,
	                    (int)(sizeof(wids) / sizeof(wids[0])));
	tcase_add_test(tc, table_align);
	tcase_add_test(tc, table_stream);
	suite_add_tcase(s, tc);
	return s;
}
