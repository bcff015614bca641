/*
 * test_source.c - line tables, positions and reading files.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "biblint.h"

static void locate(const struct bl_source *src, size_t off, unsigned *l, unsigned *c)
{
	bl_source_locate(src, off, l, c);
}

static void test_lines_lf_crlf_cr(void **state)
{
	const char text[] = "ab\ncd\r\nef\rgh";
	struct bl_source *src = bl_source_new("x.yml", text, sizeof(text) - 1);
	unsigned l, c;

	(void)state;
	assert_int_equal(src->nlines, 4);
	locate(src, 0, &l, &c);
	assert_int_equal(l, 1), assert_int_equal(c, 1);
	locate(src, 4, &l, &c);
	assert_int_equal(l, 2), assert_int_equal(c, 2);
	locate(src, 7, &l, &c);
	assert_int_equal(l, 3), assert_int_equal(c, 1);
	locate(src, 10, &l, &c);
	assert_int_equal(l, 4), assert_int_equal(c, 1);
	bl_source_free(src);
}

/* Every offset of a file of many lines (more than the line table keeps)
 * with mixed line breaks and a few lines longer than 4 KiB, against a
 * count from the start. */
static void test_lines_past_the_table(void **state)
{
	static const char *const breaks[] = { "\n", "\r\n", "\r" };
	struct bl_strbuf sb = BL_STRBUF_INIT;
	struct bl_source *src;
	size_t i, off, len, line = 1, start = 0;
	unsigned l, c;
	const char *text, *d;

	(void)state;
	for (i = 0; i < 300; i++) {
		size_t k, n = i % 41 == 7 ? 5000 + i : (i * 7) % 13;

		for (k = 0; k < n; k++)
			bl_strbuf_addstr(&sb, k % 3 ? "x" : "\xd0\xbf");
		bl_strbuf_addstr(&sb, breaks[(i / 5) % 3]);
	}
	bl_strbuf_addstr(&sb, "end");
	src = bl_source_new("many.yml", sb.buf, sb.len);
	d = sb.buf;
	/* a lone CR before an empty line's LF makes one CRLF */
	for (i = 0, len = 1; i < sb.len; i++)
		len += d[i] == '\n' || (d[i] == '\r' && d[i + 1] != '\n');
	assert_int_equal(src->nlines, len);
	assert_true(len > 250);
	for (off = 0; off <= sb.len; off++) {
		locate(src, off, &l, &c);
		assert_int_equal(l, line);
		assert_int_equal(c, bl_utf8_count(d + start, off - start) + 1);
		if (off == start)
			assert_int_equal(bl_source_line_start(src, line - 1), start);
		text = bl_source_line(src, off, &len);
		assert_ptr_equal(text, src->data + start);
		assert_true(start + len == sb.len || d[start + len] == '\n' ||
			    d[start + len] == '\r');
		assert_true(memchr(text, '\n', len) == NULL);
		if (off < sb.len &&
		    (d[off] == '\n' || (d[off] == '\r' && d[off + 1] != '\n'))) {
			line++;
			start = off + 1;
		}
	}
	assert_int_equal(bl_source_line_start(src, src->nlines), sb.len);
	bl_source_free(src);
	bl_strbuf_release(&sb);
}

/* A long line ending in a line break (a minified JSON file): its line and
 * its text come from the table, whatever the offset. */
static void test_long_line_then_break(void **state)
{
	struct bl_strbuf sb = BL_STRBUF_INIT;
	struct bl_source *src;
	size_t i, len;
	unsigned l, c;
	const char *text;

	(void)state;
	for (i = 0; i < 100000; i++)
		bl_strbuf_addstr(&sb, "[1,2]");
	bl_strbuf_addstr(&sb, "\n");
	src = bl_source_new("min.json", sb.buf, sb.len);
	assert_int_equal(src->nlines, 2);
	for (i = 0; i < 20000; i++) {
		size_t off = (i * 7919) % (sb.len - 1);

		locate(src, off, &l, &c);
		assert_int_equal(l, 1);
		assert_int_equal(c, off + 1);
		text = bl_source_line(src, off, &len);
		assert_ptr_equal(text, src->data);
		assert_int_equal(len, sb.len - 1);
	}
	locate(src, sb.len, &l, &c);
	assert_int_equal(l, 2);
	assert_int_equal(c, 1);
	bl_source_free(src);
	bl_strbuf_release(&sb);
}

static void test_columns_count_code_points(void **state)
{
	/* "пп. 1-2": Cyrillic letters are two bytes each */
	const char text[] = "x: \xd0\xbf\xd0\xbf. 1-2\n";
	struct bl_source *src = bl_source_new("x.yml", text, sizeof(text) - 1);
	unsigned l, c;
	const char *dash = strchr(text, '-');

	(void)state;
	locate(src, (size_t)(dash - text), &l, &c);
	assert_int_equal(l, 1);
	assert_int_equal(c, 9);
	bl_source_free(src);
}

static void test_bom_is_not_a_column(void **state)
{
	const char text[] = "\xef\xbb\xbf- id: a\n";
	struct bl_source *src = bl_source_new("x.yml", text, sizeof(text) - 1);
	unsigned l, c;

	(void)state;
	assert_int_equal(src->bom, 3);
	locate(src, 3, &l, &c);
	assert_int_equal(l, 1), assert_int_equal(c, 1);
	bl_source_free(src);
}

static void test_read_missing_file(void **state)
{
	struct bl_source *src;
	struct bl_error err;

	(void)state;
	assert_int_equal(bl_source_read_file(&src, "/nonexistent/refs.yml", 0, &err), BL_ERR);
	assert_null(src);
	assert_non_null(strstr(err.msg, "'/nonexistent/refs.yml'"));
}

static void test_read_directory(void **state)
{
	struct bl_source *src;
	struct bl_error err;

	(void)state;
	assert_int_equal(bl_source_read_file(&src, "/", 0, &err), BL_ERR);
	assert_non_null(strstr(err.msg, "directory"));
}

static void test_utf8(void **state)
{
	int32_t cp;

	(void)state;
	assert_int_equal(bl_utf8_decode("\xe2\x80\x93", 3, &cp), 3);
	assert_int_equal(cp, 0x2013);
	assert_int_equal(bl_utf8_decode("\xc0\xaf", 2, &cp), -1);      /* overlong */
	assert_int_equal(bl_utf8_decode("\xed\xa0\x80", 3, &cp), -1);  /* surrogate */
	assert_int_equal(bl_utf8_validate("ok\xff", 3), 2);
	assert_int_equal(bl_utf8_count("\xd0\xbf\xd0\xbf", 4), 2);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_lines_lf_crlf_cr),
		cmocka_unit_test(test_lines_past_the_table),
		cmocka_unit_test(test_long_line_then_break),
		cmocka_unit_test(test_columns_count_code_points),
		cmocka_unit_test(test_bom_is_not_a_column),
		cmocka_unit_test(test_read_missing_file),
		cmocka_unit_test(test_read_directory),
		cmocka_unit_test(test_utf8),
	};

	return cmocka_run_group_tests_name("source", tests, NULL, NULL);
}
