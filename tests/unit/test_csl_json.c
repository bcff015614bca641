/*
 * test_csl_json.c - the JSON tokenizer (tokens, decoding, positions, every
 * kind of syntax error at its exact line:col) and the CSL-JSON reader built
 * on it (shapes of a CSL-JSON file, fields and their spans, errors).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "biblint.h"
#include "engine.h"
#include "input/json.h"
#include "value_assert.h"

/* ---- tokenizer helpers ------------------------------------------------ */

/* Renders the token stream of text compactly: { } [ ] K:key S:str N:num
 * true false null, then "END" or "ERR@line:col message". */
static void render(const char *text, size_t len, char *out, size_t outlen)
{
	struct bl_source *src = bl_source_new("t.json", text, len);
	struct bl_json j;
	struct bl_json_token t;
	size_t n = 0;
	unsigned line, col;

	out[0] = '\0';
	bl_json_init(&j, src->data, src->len, src->bom, 0);
	for (;;) {
		enum bl_json_type type = bl_json_next(&j, &t);
		const char *w = NULL;

		switch (type) {
		case BL_JSON_OBJECT_START: w = "{"; break;
		case BL_JSON_OBJECT_END: w = "}"; break;
		case BL_JSON_ARRAY_START: w = "["; break;
		case BL_JSON_ARRAY_END: w = "]"; break;
		case BL_JSON_TRUE: case BL_JSON_FALSE: case BL_JSON_NULL:
			n += (size_t)snprintf(out + n, outlen - n, "%.*s ", (int)t.len, t.text);
			break;
		case BL_JSON_KEY:
		case BL_JSON_STRING:
		case BL_JSON_NUMBER:
			n += (size_t)snprintf(out + n, outlen - n, "%c:%.*s ",
					      type == BL_JSON_KEY ? 'K' :
					      type == BL_JSON_STRING ? 'S' : 'N',
					      (int)t.len, t.text);
			break;
		case BL_JSON_END:
			snprintf(out + n, outlen - n, "END");
			goto out;
		case BL_JSON_ERROR:
			bl_source_locate(src, j.err_start, &line, &col);
			snprintf(out + n, outlen - n, "ERR@%u:%u %s", line, col, j.err_msg);
			goto out;
		}
		if (w)
			n += (size_t)snprintf(out + n, outlen - n, "%s ", w);
		assert_true(n < outlen);
	}
out:
	bl_json_release(&j);
	bl_source_free(src);
}

#define RENDER(text, buf) render(text, sizeof(text) - 1, buf, sizeof(buf))

/* Asserts that text fails at line:col with a message starting with msg. */
static void check_error(const char *text, size_t len, unsigned line,
			unsigned col, const char *msg)
{
	struct bl_source *src = bl_source_new("t.json", text, len);
	struct bl_json j;
	struct bl_json_token t;
	unsigned l, c;

	bl_json_init(&j, src->data, src->len, src->bom, 0);
	while (bl_json_next(&j, &t) > BL_JSON_ERROR)
		;
	if (t.type != BL_JSON_ERROR)
		fail_msg("no error in \"%s\"", text);
	bl_source_locate(src, j.err_start, &l, &c);
	if (l != line || c != col || strncmp(j.err_msg, msg, strlen(msg)) != 0)
		fail_msg("\"%s\": got %u:%u \"%s\", want %u:%u \"%s...\"", text, l, c,
			 j.err_msg, line, col, msg);
	/* the error is sticky */
	assert_int_equal(bl_json_next(&j, &t), BL_JSON_ERROR);
	bl_json_release(&j);
	bl_source_free(src);
}

#define ERR(text, line, col, msg) check_error(text, sizeof(text) - 1, line, col, msg)

/* ---- tokenizer ------------------------------------------------------- */

static void test_tokens(void **state)
{
	char out[512];

	(void)state;
	RENDER("[{\"id\": \"a\", \"n\": 12, \"x\": [true, false, null], \"o\": {}}, []]", out);
	assert_string_equal(out, "[ { K:id S:a K:n N:12 K:x [ true false null ] K:o { } } [ ] ] END");
	RENDER("  \t\r\n\"top\"\n", out);
	assert_string_equal(out, "S:top END");
	RENDER("-0.5e+10", out);
	assert_string_equal(out, "N:-0.5e+10 END");
	RENDER("[0, -1, 1.25, 1E5, 2e-3]", out);
	assert_string_equal(out, "[ N:0 N:-1 N:1.25 N:1E5 N:2e-3 ] END");
}

static void test_long_numbers_are_text(void **state)
{
	/* thirty digits: kept as text, never converted */
	const char text[] = "{\"page\": 123456789012345678901234567890, "
			    "\"x\": -99999999999999999999999999999.5e99999999999999}";
	char out[512];

	(void)state;
	RENDER(text, out);
	assert_string_equal(out, "{ K:page N:123456789012345678901234567890 "
			    "K:x N:-99999999999999999999999999999.5e99999999999999 } END");
}

static void test_escapes(void **state)
{
	char out[256];

	(void)state;
	RENDER("[\"a\\\"b\\\\c\\/d\\be\\ff\\ng\\rh\\ti\"]", out);
	assert_string_equal(out, "[ S:a\"b\\c/d\be\ff\ng\rh\ti ] END");
	/* \u escapes: ASCII, two-byte, three-byte, and a surrogate pair */
	RENDER("[\"\\u0041\\u00e9\\u0416\\u20AC\\ud83d\\ude00\"]", out);
	assert_string_equal(out, "[ S:A\xc3\xa9\xd0\x96\xe2\x82\xac\xf0\x9f\x98\x80 ] END");
	/* escapes in keys, and text around them */
	RENDER("{\"x\\u002Dy\": \"p \\u2013 q\"}", out);
	assert_string_equal(out, "{ K:x-y S:p \xe2\x80\x93 q } END");
}

static void test_string_spans(void **state)
{
	/* spans are the inside of the quotes; escaped tokens say so */
	const char text[] = "{\"title\": \"\xd0\x9c\xd0\xb8\xd1\x80\", \"t\": \"a\\nb\"}";
	struct bl_json j;
	struct bl_json_token t;

	(void)state;
	bl_json_init(&j, text, sizeof(text) - 1, 0, 0);
	assert_int_equal(bl_json_next(&j, &t), BL_JSON_OBJECT_START);
	assert_int_equal(t.start, 0);
	assert_int_equal(t.depth, 1);
	assert_int_equal(bl_json_next(&j, &t), BL_JSON_KEY);
	assert_int_equal(t.start, 2), assert_int_equal(t.end, 7);
	assert_int_equal(bl_json_next(&j, &t), BL_JSON_STRING);
	assert_int_equal(t.start, 11), assert_int_equal(t.end, 17);
	assert_false(t.escaped);
	assert_ptr_equal(t.text, text + 11);   /* no copy without escapes */
	assert_int_equal(bl_json_next(&j, &t), BL_JSON_KEY);
	assert_int_equal(bl_json_next(&j, &t), BL_JSON_STRING);
	assert_true(t.escaped);
	assert_int_equal(t.len, 3);
	assert_memory_equal(t.text, "a\nb", 3);
	assert_int_equal(t.end - t.start, 4);
	assert_int_equal(bl_json_next(&j, &t), BL_JSON_OBJECT_END);
	assert_int_equal(t.start, sizeof(text) - 2);
	assert_int_equal(t.depth, 0);
	assert_int_equal(bl_json_next(&j, &t), BL_JSON_END);
	assert_int_equal(bl_json_next(&j, &t), BL_JSON_END);
	bl_json_release(&j);
}

static void test_nul_escape_and_bom(void **state)
{
	const char text[] = "\xef\xbb\xbf[\"a\\u0000b\"]";
	struct bl_source *src = bl_source_new("t.json", text, sizeof(text) - 1);
	struct bl_json j;
	struct bl_json_token t;

	(void)state;
	bl_json_init(&j, src->data, src->len, src->bom, 0);
	assert_int_equal(bl_json_next(&j, &t), BL_JSON_ARRAY_START);
	assert_int_equal(t.start, 3);
	assert_int_equal(bl_json_next(&j, &t), BL_JSON_STRING);
	assert_int_equal(t.len, 3);
	assert_memory_equal(t.text, "a\0b", 3);
	assert_int_equal(bl_json_next(&j, &t), BL_JSON_ARRAY_END);
	assert_int_equal(bl_json_next(&j, &t), BL_JSON_END);
	bl_json_release(&j);
	bl_source_free(src);
}

static void test_syntax_errors(void **state)
{
	(void)state;
	ERR("", 1, 1, "the file is empty or blank");
	ERR(" \n ", 1, 1, "the file is empty or blank");
	ERR("[1, 2", 1, 6, "unexpected end of file; expected ',' or ']' after an array element");
	ERR("{\"a\": 1 \"b\": 2}", 1, 9, "unexpected '\"'; expected ',' or '}' after an object member");
	ERR("{\"a\" 1}", 1, 6, "unexpected '1'; expected ':' after an object key");
	ERR("[1,]", 1, 3, "trailing comma before ']'");
	ERR("{\"a\": 1,\n}", 1, 8, "trailing comma before '}'");
	ERR("{,}", 1, 2, "unexpected ','; expected a key in double quotes or '}'");
	ERR("{\"a\": 1, 2}", 1, 10, "unexpected '2'; expected a key in double quotes after ','");
	ERR("{a: 1}", 1, 2, "unquoted key");
	ERR("{'a': 1}", 1, 2, "single-quoted key");
	ERR("['a']", 1, 2, "single-quoted string");
	ERR("[1] // c", 1, 5, "comments are not allowed in JSON");
	ERR("{/* c */}", 1, 2, "comments are not allowed in JSON");
	ERR("[// c\n1]", 1, 2, "comments are not allowed");
	ERR("[1] [2]", 1, 5, "unexpected '['; expected the end of the file after the top-level value");
	ERR("[True]", 1, 2, "unexpected word 'True'");
	ERR("[nul]", 1, 2, "unexpected word 'nul'");
	ERR("[truex]", 1, 2, "unexpected word 'truex'");
	ERR("[01]", 1, 2, "number with a leading zero");
	ERR("[-]", 1, 3, "unexpected ']'; expected a digit after '-'");
	ERR("[1.]", 1, 4, "unexpected ']'; expected a digit after the decimal point");
	ERR("[1e]", 1, 4, "unexpected ']'; expected a digit in the exponent");
	ERR("[.5]", 1, 2, "unexpected '.'; expected a value");
	ERR("[1 2]", 1, 4, "unexpected '2'; expected ',' or ']'");
	ERR("{\"a\":}", 1, 6, "unexpected '}'; expected a value");
	ERR("[\xc2\xa0]", 1, 2, "unexpected U+00A0; expected a value");
}

static void test_string_errors(void **state)
{
	(void)state;
	ERR("[\"abc", 1, 2, "unterminated string: no closing '\"' before the end of the file");
	ERR("[\"abc\\", 1, 2, "unterminated string: no closing '\"' before the end of the file");
	ERR("{\"t\": \"abc,\n \"p\": 1}", 1, 7, "unterminated string: no closing '\"' before the end of the line");
	ERR("[\"a\tb\"]", 1, 4, "control character U+0009 in string; write it as an escape (\\u0009)");
	ERR("[\"a\x01\"]", 1, 4, "control character U+0001");
	ERR("[\"a\\x\"]", 1, 4, "invalid escape: backslash followed by 'x'");
	ERR("[\"a\\u12\"]", 1, 4, "invalid \\u escape in string");
	ERR("[\"a\\u12G4\"]", 1, 4, "invalid \\u escape in string");
	/* lone surrogates, high and low, at the backslash */
	ERR("[\"ab\\ud800\"]", 1, 5, "lone surrogate \\uD800 in string (a high surrogate");
	ERR("[\"ab\\ud800x\"]", 1, 5, "lone surrogate \\uD800");
	ERR("[\"ab\\ud800\\u0041\"]", 1, 5, "lone surrogate \\uD800");
	ERR("[\"ab\\ud800\\ud800\"]", 1, 5, "lone surrogate \\uD800");
	ERR("[\"ab\\udc00\"]", 1, 5, "lone surrogate \\uDC00 in string (a low surrogate");
	/* a valid pair followed by a lone low one */
	ERR("[\"\\ud83d\\ude00\\ude00\"]", 1, 15, "lone surrogate \\uDE00");
}

static void test_cyrillic_columns(void **state)
{
	/* columns count code points: the error after "Мир" on line 2 */
	const char text[] = "[\n {\"title\": \"\xd0\x9c\xd0\xb8\xd1\x80\" \"x\"}]";

	(void)state;
	check_error(text, sizeof(text) - 1, 2, 18, "unexpected '\"'; expected ',' or '}'");
	ERR("[\"\xd0\x96\xd0\x96\\q\"]", 1, 5, "invalid escape");
}

static void test_encoding_errors(void **state)
{
	const char bad_in_string[] = "[\"caf\xe9\"]";
	const char overlong[] = "[\"\xc0\xaf\"]";
	const char outside[] = "[\xff]";
	const char encoded_surrogate[] = "[\"\xed\xa0\x80\"]";
	const char *cases[] = { bad_in_string, overlong, outside, encoded_surrogate };
	const size_t at[] = { 5, 2, 1, 2 };
	size_t i;

	(void)state;
	for (i = 0; i < BL_ARRAY_SIZE(cases); i++) {
		struct bl_json j;
		struct bl_json_token t;

		bl_json_init(&j, cases[i], strlen(cases[i]), 0, 0);
		while (bl_json_next(&j, &t) > BL_JSON_ERROR)
			;
		assert_int_equal(t.type, BL_JSON_ERROR);
		assert_true(j.err_encoding);
		assert_int_equal(j.err_start, at[i]);
		assert_non_null(strstr(j.err_msg, "invalid UTF-8 byte"));
		bl_json_release(&j);
	}
}

static void test_depth_limit(void **state)
{
	char deep[200];
	struct bl_json j;
	struct bl_json_token t;
	size_t i, n = 0;

	(void)state;
	for (i = 0; i < 65; i++)
		deep[i] = '[';
	deep[65] = '\0';
	bl_json_init(&j, deep, 65, 0, 0);
	while (bl_json_next(&j, &t) > BL_JSON_ERROR)
		n++;
	assert_int_equal(n, 64);
	assert_int_equal(t.type, BL_JSON_ERROR);
	assert_int_equal(j.err_start, 64);
	assert_non_null(strstr(j.err_msg, "nesting deeper than 64 levels"));
	bl_json_release(&j);

	/* 64 levels are fine; a custom limit is honoured */
	for (i = 0; i < 64; i++)
		deep[64 + i] = ']';
	bl_json_init(&j, deep, 128, 0, 0);
	while (bl_json_next(&j, &t) > BL_JSON_ERROR)
		;
	assert_int_equal(t.type, BL_JSON_END);
	bl_json_release(&j);
	bl_json_init(&j, deep, 128, 0, 3);
	while (bl_json_next(&j, &t) > BL_JSON_ERROR)
		;
	assert_int_equal(t.type, BL_JSON_ERROR);
	assert_int_equal(j.err_start, 3);
	bl_json_release(&j);
}

static void test_not_nul_terminated(void **state)
{
	/* the tokenizer never reads past len */
	const char text[] = "{\"a\"XXXX";
	char out[128];

	(void)state;
	render(text, 4, out, sizeof(out));
	assert_string_equal(out, "{ K:a ERR@1:5 unexpected end of file; expected ':' after an object key");
	render("[tru", 4, out, sizeof(out));
	assert_string_equal(out, "[ ERR@1:2 unexpected word 'tru'; a JSON value is a string in "
			    "double quotes, a number, an object, an array, true, false or null");
}

static void test_inner_close_depth(void **state)
{
	const char text[] = "[{\"a\": [1]}]";
	struct bl_json j;
	struct bl_json_token t;
	unsigned depths[16], n = 0;

	(void)state;
	bl_json_init(&j, text, sizeof(text) - 1, 0, 0);
	while (bl_json_next(&j, &t) > BL_JSON_ERROR && n < 16)
		depths[n++] = t.depth;
	bl_json_release(&j);
	/* [ { K [ N ] } ] */
	assert_int_equal(n, 8);
	assert_int_equal(depths[0], 1), assert_int_equal(depths[1], 2);
	assert_int_equal(depths[2], 2), assert_int_equal(depths[3], 3);
	assert_int_equal(depths[4], 3), assert_int_equal(depths[5], 2);
	assert_int_equal(depths[6], 1), assert_int_equal(depths[7], 0);
}

/* ---- the CSL-JSON reader ---------------------------------------------- */

struct run {
	struct bl_source *src;
	struct bl_result res;
};

/* Lints text as a .json file with only the readers' rules on. */
static void lint(struct run *r, const char *text, size_t len)
{
	struct bl_lint_opts opts;
	struct bl_error err;
	size_t i;

	r->src = bl_source_new("refs.json", text, len);
	bl_lint_opts_init(&opts);
	for (i = 0; i < BL_R__COUNT; i++)
		if (i != BL_R_input_syntax && i != BL_R_input_encoding &&
		    i != BL_R_input_not_bibliography)
			opts.sev[i] = BL_SEV_OFF;
	opts.named = true;
	assert_int_equal(bl_lint(&r->res, r->src, &opts, &err), BL_OK);
}

#define LINT(r, text) lint(r, text, sizeof(text) - 1)

static void done(struct run *r)
{
	bl_result_release(&r->res);
	bl_source_free(r->src);
}

static size_t nentries(const struct run *r)
{
	return r->src->list ? r->src->list->count : 0;
}

/* Asserts exactly one finding, of rule, at line:col, starting with msg. */
static void one_finding(const struct run *r, int rule, unsigned line,
			unsigned col, const char *msg)
{
	unsigned l, c;

	assert_int_equal(r->res.count, 1);
	assert_int_equal(r->res.findings[0].rule, rule);
	bl_source_locate(r->src, r->res.findings[0].start, &l, &c);
	assert_int_equal(l, line);
	assert_int_equal(c, col);
	if (strncmp(r->res.findings[0].message, msg, strlen(msg)) != 0)
		fail_msg("message \"%s\", want \"%s...\"", r->res.findings[0].message, msg);
}

static void test_read_items(void **state)
{
	const char text[] =
		"[\n"
		"  {\"id\": \"a\", \"type\": \"book\", \"title\": \"\xd0\x9c\xd0\xb8\xd1\x80\",\n"
		"   \"author\": [{\"family\": \"Tolstoy\", \"given\": \"Leo\"}],\n"
		"   \"issued\": {\"date-parts\": [[1869]]}, \"page\": 12, \"note\": null},\n"
		"  {\"id\": \"b\", \"title\": \"p \\u2013 q\", \"volume\": \"3\"}\n"
		"]\n";
	struct run r;
	const struct bl_entry *e;
	const struct bl_field *f;
	const struct bl_name *n;
	const char *title = strstr(text, "\xd0\x9c");

	(void)state;
	LINT(&r, text);
	assert_int_equal(r.res.count, 0);
	assert_int_equal(nentries(&r), 2);
	e = &r.src->list->entries[0];
	assert_value_equal(&e->id, "a");
	assert_value_equal(&e->type, "book");
	f = bl_entry_field(e, BL_K_TITLE);
	assert_non_null(f);
	assert_value_equal(&f->value, "\xd0\x9c\xd0\xb8\xd1\x80");
	assert_int_equal(f->value.start, title - text);
	assert_int_equal(bl_value_end(&f->value), title - text + 6);
	assert_true(f->value.flags & BL_VAL_EXACT);
	assert_true(f->value.flags & BL_VAL_QUOTED);
	assert_int_equal(bl_entry_year(e), 1869);
	n = bl_entry_first_name(e);
	assert_non_null(n);
	assert_value_equal(&n->family, "Tolstoy");
	f = bl_entry_field(e, BL_K_PAGE);
	assert_non_null(f);
	assert_value_equal(&f->value, "12");
	assert_true(f->value.flags & BL_VAL_NUMBER);
	f = bl_entry_field(e, BL_K_NOTE);
	assert_true(f == NULL || (f->value.flags & BL_VAL_NULL));
	/* an escaped string: decoded text, span of the inside of its quotes */
	e = &r.src->list->entries[1];
	f = bl_entry_field(e, BL_K_TITLE);
	assert_value_equal(&f->value, "p \xe2\x80\x93 q");
	assert_false(f->value.flags & BL_VAL_EXACT);
	assert_int_equal(bl_value_end(&f->value) - f->value.start, strlen("p \\u2013 q"));
	assert_memory_equal(text + f->value.start, "p \\u2013 q", bl_value_end(&f->value) - f->value.start);
	done(&r);
}

static void test_read_shapes(void **state)
{
	struct run r;

	(void)state;
	/* the Zotero web API's export */
	LINT(&r, "{\"items\": [{\"id\": \"z\", \"title\": \"T\"}, {\"id\": \"y\"}]}");
	assert_int_equal(r.res.count, 0);
	assert_int_equal(nentries(&r), 2);
	assert_value_equal(&r.src->list->entries[0].id, "z");
	done(&r);
	/* the CSL-YAML layout in JSON */
	LINT(&r, "{\"references\": [{\"id\": \"r\", \"title\": \"T\"}]}");
	assert_int_equal(r.res.count, 0);
	assert_int_equal(nentries(&r), 1);
	done(&r);
	/* one item, as DOI content negotiation returns it; "type" comes late */
	LINT(&r, "{\"indexed\": {\"date-parts\": [[2024, 1, 2]]}, \"DOI\": \"10.1000/x\",\n"
		 " \"type\": \"article-journal\", \"title\": \"One\"}");
	assert_int_equal(r.res.count, 0);
	assert_int_equal(nentries(&r), 1);
	assert_value_equal(bl_entry_text(&r.src->list->entries[0], BL_K_TITLE), "One");
	assert_int_equal(r.src->list->entries[0].start, 0);
	done(&r);
	/* an empty list is an empty bibliography */
	LINT(&r, " [ ] ");
	assert_int_equal(r.res.count, 0);
	assert_int_equal(nentries(&r), 0);
	done(&r);
	/* a BOM is accepted */
	LINT(&r, "\xef\xbb\xbf[{\"id\": \"a\", \"title\": \"T\"}]");
	assert_int_equal(r.res.count, 0);
	assert_int_equal(nentries(&r), 1);
	done(&r);
}

static void test_read_not_bibliography(void **state)
{
	struct run r;

	(void)state;
	LINT(&r, "{\"name\": \"pkg\", \"version\": \"1.0\", \"items\": 3,\n"
		 " \"dependencies\": {\"type\": \"x\"}}");
	one_finding(&r, BL_R_input_not_bibliography, 1, 1, "'refs.json' holds no bibliography");
	assert_true(r.res.not_bibliography);
	done(&r);
	/* a "type" alone does not make an item */
	LINT(&r, "{\"type\": \"book\", \"main\": \"index.js\"}");
	one_finding(&r, BL_R_input_not_bibliography, 1, 1, "'refs.json' holds no bibliography");
	done(&r);
	/* nor does a "type" that is no CSL type, beside CSL variable names */
	LINT(&r, "{\"name\": \"pkg\", \"type\": \"module\", \"author\": \"A <a@b.c>\",\n"
		 " \"version\": \"1.0.0\", \"title\": \"x\", \"URL\": \"https://x\"}");
	one_finding(&r, BL_R_input_not_bibliography, 1, 1, "'refs.json' holds no bibliography");
	done(&r);
}

static void test_read_errors_keep_items(void **state)
{
	struct run r;

	(void)state;
	/* the first item is kept; the error is at the missing comma */
	LINT(&r, "[\n  {\"id\": \"a\", \"title\": \"T\"},\n  {\"id\": \"b\" \"title\": \"U\"}\n]");
	one_finding(&r, BL_R_input_syntax, 3, 14,
		    "unexpected '\"'; expected ',' or '}' after an object member");
	assert_int_equal(nentries(&r), 1);   /* the item cut short is dropped */
	assert_value_equal(&r.src->list->entries[0].id, "a");
	done(&r);
	/* a lone surrogate: a syntax finding at its backslash */
	LINT(&r, "[{\"id\": \"a\", \"title\": \"x\\udc00y\"}]");
	one_finding(&r, BL_R_input_syntax, 1, 25, "lone surrogate \\uDC00");
	done(&r);
	/* an error before anything looked like a bibliography: both are said,
	 * and a walk passes over the file (a tsconfig.json with comments) */
	LINT(&r, "{\n  // comment\n  \"compilerOptions\": {}\n}\n");
	assert_true(r.res.not_bibliography);
	assert_int_equal(r.res.count, 2);
	assert_int_equal(r.res.findings[0].rule, BL_R_input_not_bibliography);
	assert_int_equal(r.res.findings[1].rule, BL_R_input_syntax);
	assert_string_equal(r.res.findings[1].message, "comments are not allowed in JSON");
	done(&r);
	/* an error inside the first item of a list still counts as a list */
	LINT(&r, "[{\"id\": \"a\", \"title\": ");
	one_finding(&r, BL_R_input_syntax, 1, 23, "unexpected end of file; expected a value");
	assert_false(r.res.not_bibliography);
	done(&r);
	/* an empty or blank file holds no bibliography, as in CSL-YAML */
	LINT(&r, "");
	one_finding(&r, BL_R_input_not_bibliography, 1, 1, "'refs.json' holds no bibliography");
	assert_true(r.res.not_bibliography);
	done(&r);
	LINT(&r, "\xef\xbb\xbf \r\n\t\n");
	one_finding(&r, BL_R_input_not_bibliography, 1, 1, "'refs.json' holds no bibliography");
	done(&r);
	/* trailing garbage after the list */
	LINT(&r, "[{\"id\": \"a\", \"title\": \"T\"}]\n]");
	one_finding(&r, BL_R_input_syntax, 2, 1, "unexpected ']'; expected the end of the file");
	assert_int_equal(nentries(&r), 1);
	done(&r);
}

static void test_read_encoding_and_depth(void **state)
{
	char deep[400];
	struct run r;
	size_t i, n = 0;

	(void)state;
	LINT(&r, "[{\"id\": \"a\", \"title\": \"caf\xe9\"}]");
	one_finding(&r, BL_R_input_encoding, 1, 27, "invalid UTF-8 byte 0xE9");
	done(&r);
	/* 150 nested arrays inside an item: one finding, no crash */
	n += (size_t)snprintf(deep, sizeof(deep), "[{\"id\": \"a\", \"x\": ");
	for (i = 0; i < 150; i++)
		deep[n++] = '[';
	for (i = 0; i < 150; i++)
		deep[n++] = ']';
	n += (size_t)snprintf(deep + n, sizeof(deep) - n, "}]");
	lint(&r, deep, n);
	assert_int_equal(r.res.count, 1);
	assert_int_equal(r.res.findings[0].rule, BL_R_input_syntax);
	assert_non_null(strstr(r.res.findings[0].message, "nesting deeper than"));
	done(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_tokens),
		cmocka_unit_test(test_long_numbers_are_text),
		cmocka_unit_test(test_escapes),
		cmocka_unit_test(test_string_spans),
		cmocka_unit_test(test_nul_escape_and_bom),
		cmocka_unit_test(test_syntax_errors),
		cmocka_unit_test(test_string_errors),
		cmocka_unit_test(test_cyrillic_columns),
		cmocka_unit_test(test_encoding_errors),
		cmocka_unit_test(test_depth_limit),
		cmocka_unit_test(test_not_nul_terminated),
		cmocka_unit_test(test_inner_close_depth),
		cmocka_unit_test(test_read_items),
		cmocka_unit_test(test_read_shapes),
		cmocka_unit_test(test_read_not_bibliography),
		cmocka_unit_test(test_read_errors_keep_items),
		cmocka_unit_test(test_read_encoding_and_depth),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
