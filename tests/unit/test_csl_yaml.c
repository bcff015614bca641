/*
 * test_csl_yaml.c - the CSL-YAML and Markdown readers and the CSL event
 * consumer behind them: byte spans of scalars (quoted, Cyrillic, after a
 * BOM, with CRLF), names, dates, the shapes that are and are not
 * bibliographies, Markdown metadata blocks, limits and syntax errors.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "engine.h"
#include "input/input.h"
#include "value_assert.h"
#include "yamlalloc.h"
#include "yamlinput.h"

struct run {
	struct bl_source *src;
	struct bl_ctx ctx;
	struct bl_lint_opts opts;
	int rc;
};

static void run_opts(struct run *r, const char *path, const char *text,
		     size_t len, const struct bl_read_opts *ropts)
{
	memset(r, 0, sizeof(*r));
	bl_lint_opts_init(&r->opts);
	r->src = bl_source_new(path, text, len);
	r->ctx.src = r->src;
	r->ctx.sev = r->opts.sev;
	r->ctx.current_rule = -1;
	if (bl_has_suffix_ci(path, ".md"))
		r->rc = bl_read_markdown(&r->ctx, ropts);
	else
		r->rc = bl_read_csl_yaml(&r->ctx, ropts);
	r->ctx.list = r->src->list;
}

static void run(struct run *r, const char *path, const char *text)
{
	struct bl_read_opts ropts = { 0 };

	run_opts(r, path, text, strlen(text), &ropts);
}

static void done(struct run *r)
{
	free(r->ctx.findings);
	bl_source_free(r->src);
}

static const struct bl_entry *entry(const struct run *r, size_t i)
{
	assert_non_null(r->src->list);
	assert_true(i < r->src->list->count);
	return &r->src->list->entries[i];
}

static const struct bl_field *field(const struct bl_entry *e, const char *name)
{
	const struct bl_field *f = bl_entry_field_named(e, name);

	assert_non_null(f);
	return f;
}

/* The value's span holds exactly want. */
static void assert_span(const struct run *r, const struct bl_value *v,
			const char *want)
{
	size_t n = strlen(want);

	assert_int_equal(bl_value_end(v) - v->start, n);
	assert_memory_equal(r->src->data + v->start, want, n);
}

static size_t offset_of(const char *text, const char *needle)
{
	const char *p = strstr(text, needle);

	assert_non_null(p);
	return (size_t)(p - text);
}

static void test_scalar_spans(void **state)
{
	const char text[] =
		"- id: a\n"
		"  title: \"\xd0\x9f\xd1\x80\xd0\xb8 \\\"x\\\"\"\n"
		"  container-title: '\xd0\x96\xd1\x83\xd1\x80\xd0\xbd\xd0\xb0\xd0\xbb'\n"
		"  note: \xd0\xb0\xd0\xb1 plain text\n"
		"  page: 12\n"
		"  volume: ~\n"
		"  issue: !!str 7\n";
	struct run r;
	const struct bl_entry *e;
	const struct bl_field *f;

	(void)state;
	run(&r, "a.yml", text);
	assert_int_equal(r.rc, BL_OK);
	assert_int_equal(r.src->list->count, 1);
	e = entry(&r, 0);
	assert_value_equal(&e->id, "a");
	assert_span(&r, &e->id, "a");

	/* double-quoted with escapes: the inside of the quotes, decoded */
	f = field(e, "title");
	assert_int_equal(f->key, BL_K_TITLE);
	assert_value_equal(&f->value, "\xd0\x9f\xd1\x80\xd0\xb8 \"x\"");
	assert_span(&r, &f->value, "\xd0\x9f\xd1\x80\xd0\xb8 \\\"x\\\"");
	assert_true(f->value.flags & BL_VAL_QUOTED);
	assert_false(f->value.flags & BL_VAL_EXACT);
	assert_int_equal(f->name_start, offset_of(text, "title"));

	/* single-quoted Cyrillic: exact */
	f = field(e, "container-title");
	assert_true(f->value.flags & BL_VAL_EXACT);
	assert_true(f->value.flags & BL_VAL_QUOTED);
	assert_span(&r, &f->value, "\xd0\x96\xd1\x83\xd1\x80\xd0\xbd\xd0\xb0\xd0\xbb");

	/* after Cyrillic characters, marks are still converted to bytes */
	f = field(e, "note");
	assert_span(&r, &f->value, "\xd0\xb0\xd0\xb1 plain text");
	assert_true(f->value.flags & BL_VAL_EXACT);

	f = field(e, "page");
	assert_true(f->value.flags & BL_VAL_NUMBER);
	assert_span(&r, &f->value, "12");
	assert_int_equal(f->value.start, offset_of(text, "12"));

	f = field(e, "volume");
	assert_true(f->value.flags & BL_VAL_NULL);

	/* a tag is not part of the value's span, and makes it a string */
	f = field(e, "issue");
	assert_span(&r, &f->value, "7");
	assert_false(f->value.flags & BL_VAL_NUMBER);
	done(&r);
}

static void test_bom_and_crlf(void **state)
{
	const char text[] = "\xef\xbb\xbf- id: x\r\n"
			    "  title: \xd0\x81\xd0\xb6 \xd0\xb8 \xd0\xba\xd0\xbe\r\n"
			    "  page: \"1\xe2\x80\x93" "2\"\r\n";
	struct run r;
	const struct bl_entry *e;
	const struct bl_field *f;

	(void)state;
	run(&r, "b.yml", text);
	assert_int_equal(r.rc, BL_OK);
	e = entry(&r, 0);
	assert_int_equal(e->start, offset_of(text, "id: x"));
	assert_int_equal(e->id.start, offset_of(text, "x\r"));
	f = field(e, "title");
	assert_span(&r, &f->value, "\xd0\x81\xd0\xb6 \xd0\xb8 \xd0\xba\xd0\xbe");
	assert_true(f->value.flags & BL_VAL_EXACT);
	f = field(e, "page");
	assert_span(&r, &f->value, "1\xe2\x80\x93" "2");
	done(&r);
}

static void test_multiline_and_block_scalars(void **state)
{
	const char text[] = "- id: m\n"
			    "  title: first line\n"
			    "    second line\n"
			    "  abstract: |\n"
			    "    kept\n"
			    "    as is\n"
			    "\n"
			    "  note: after\n";
	struct run r;
	const struct bl_field *f;

	(void)state;
	run(&r, "m.yml", text);
	f = field(entry(&r, 0), "title");
	assert_value_equal(&f->value, "first line second line");
	assert_false(f->value.flags & BL_VAL_EXACT);
	assert_int_equal(f->value.start, offset_of(text, "first"));
	f = field(entry(&r, 0), "abstract");
	assert_value_equal(&f->value, "kept\nas is\n");
	assert_int_equal(f->value.start, offset_of(text, "    kept"));
	assert_int_equal(bl_value_end(&f->value), offset_of(text, "\n\n  note"));
	f = field(entry(&r, 0), "note");
	assert_span(&r, &f->value, "after");
	done(&r);
}

static void test_names(void **state)
{
	const char text[] = "- id: n\n"
			    "  author:\n"
			    "    - family: Beethoven\n"
			    "      given: Ludwig\n"
			    "      non-dropping-particle: van\n"
			    "      suffix: Jr.\n"
			    "    - literal: ACME Corporation\n"
			    "    - Plain String\n"
			    "    - family: Gogh\n"
			    "      dropping-particle: van\n"
			    "  editor: {family: Doe, given: Jane}\n"
			    "  translator: Someone Else\n";
	struct run r;
	const struct bl_entry *e;
	const struct bl_field *f;
	const struct bl_name *nm;

	(void)state;
	run(&r, "n.yml", text);
	e = entry(&r, 0);
	f = field(e, "author");
	assert_int_equal(f->kind, BL_FIELD_NAMES);
	assert_int_equal(f->key, BL_K_AUTHOR);
	assert_int_equal(bl_field_names(e, f)->count, 4);
	nm = &bl_field_names(e, f)->items[0];
	assert_value_equal(&nm->family, "Beethoven");
	assert_value_equal(&nm->given, "Ludwig");
	assert_value_equal(bl_name_particle(nm), "van");
	assert_value_equal(bl_name_suffix(nm), "Jr.");
	assert_int_equal(nm->start, offset_of(text, "family: Beet"));
	assert_span(&r, &nm->family, "Beethoven");
	assert_value_equal(bl_name_literal(&bl_field_names(e, f)->items[1]), "ACME Corporation");
	assert_value_equal(bl_name_literal(&bl_field_names(e, f)->items[2]), "Plain String");
	assert_null(bl_field_names(e, f)->items[2].family.text);
	assert_value_equal(bl_name_particle(&bl_field_names(e, f)->items[3]), "van");
	assert_int_equal(f->value.start, offset_of(text, "- family: Beet"));

	f = field(e, "editor");
	assert_int_equal(f->kind, BL_FIELD_NAMES);
	assert_int_equal(bl_field_names(e, f)->count, 1);
	assert_value_equal(&bl_field_names(e, f)->items[0].family, "Doe");
	f = field(e, "translator");
	assert_int_equal(f->kind, BL_FIELD_NAMES);
	assert_int_equal(bl_field_names(e, f)->count, 1);
	assert_value_equal(bl_name_literal(&bl_field_names(e, f)->items[0]), "Someone Else");
	assert_non_null(bl_entry_first_name(entry(&r, 0)));
	done(&r);
}

static const struct bl_date *date_of(const struct run *r, size_t i, const char *name)
{
	const struct bl_entry *e = entry(r, i);
	const struct bl_field *f = field(e, name);

	assert_int_equal(f->kind, BL_FIELD_DATE);
	assert_non_null(bl_field_date(e, f));
	return bl_field_date(e, f);
}

static void test_dates(void **state)
{
	const char text[] =
		"- id: d0\n"
		"  issued:\n"
		"    date-parts:\n"
		"      - [2006, 3, 1]\n"
		"      - [2007]\n"
		"- id: d1\n"
		"  issued: {raw: 'Spring 1999'}\n"
		"- id: d2\n"
		"  issued: {literal: forthcoming}\n"
		"- id: d3\n"
		"  issued: 2006\n"
		"- id: d4\n"
		"  issued: 2006-03-01\n"
		"- id: d5\n"
		"  issued: 2006/2007\n"
		"- id: d6\n"
		"  issued: [{year: 1923, month: 5}]\n"
		"- id: d7\n"
		"  issued: {year: '1924'}\n"
		"- id: d8\n"
		"  issued: {date-parts: [[1850]], circa: true}\n"
		"- id: d9\n"
		"  issued: {date-parts: [[123456789012345678901234567890]]}\n"
		"- id: d10\n"
		"  accessed: {date-parts: [['2020', '1']]}\n"
		"  original-date: 1899~\n"
		"  issued: -0044\n"
		"- id: d11\n"
		"  issued: 12 March 2006\n"
		"  accessed: 2006\xe2\x80\x93" "2007\n"
		"  original-date: {raw: ca. 1900}\n"
		"  event-date: 2006-03-01/..\n"
		"  submitted: [[2019, 5], [2020]]\n";
	struct run r;
	const struct bl_date *d;

	(void)state;
	run(&r, "d.yml", text);
	assert_int_equal(r.rc, BL_OK);
	assert_int_equal(r.src->list->count, 12);

	d = date_of(&r, 0, "issued");
	assert_int_equal(d->year, 2006);
	assert_int_equal(d->year_end, 2007);
	assert_int_equal(d->year_value.start, offset_of(text, "2006, 3"));
	assert_span(&r, &d->year_value, "2006");
	assert_true(d->year_value.flags & BL_VAL_NUMBER);
	assert_int_equal(bl_entry_year(entry(&r, 0)), 2006);

	d = date_of(&r, 1, "issued");
	assert_int_equal(d->year, 1999);
	assert_value_equal(&d->raw, "Spring 1999");
	assert_span(&r, &d->year_value, "1999");

	d = date_of(&r, 2, "issued");
	assert_int_equal(d->year, 0);
	assert_value_equal(&d->raw, "forthcoming");

	assert_int_equal(date_of(&r, 3, "issued")->year, 2006);
	d = date_of(&r, 4, "issued");
	assert_int_equal(d->year, 2006);
	assert_int_equal(d->year_end, 0);
	assert_span(&r, &d->year_value, "2006");
	d = date_of(&r, 5, "issued");
	assert_int_equal(d->year, 2006);
	assert_int_equal(d->year_end, 2007);
	assert_int_equal(date_of(&r, 6, "issued")->year, 1923);
	assert_int_equal(date_of(&r, 7, "issued")->year, 1924);
	d = date_of(&r, 8, "issued");
	assert_int_equal(d->year, 1850);
	assert_true(d->circa);

	/* 30 digits: clamped, never overflowing */
	d = date_of(&r, 9, "issued");
	assert_int_equal(d->year, INT32_MAX);
	assert_int_equal(bl_value_len(&d->year_value), 30);

	assert_int_equal(date_of(&r, 10, "accessed")->year, 2020);
	d = date_of(&r, 10, "original-date");
	assert_int_equal(d->year, 1899);
	assert_true(d->circa);
	/* an EDTF string counts a year 0: -0044 is 45 BCE */
	assert_int_equal(date_of(&r, 10, "issued")->year, -45);

	/* free text: the four-digit year, not the day before it */
	d = date_of(&r, 11, "issued");
	assert_int_equal(d->year, 2006);
	assert_span(&r, &d->year_value, "2006");
	assert_value_equal(&d->raw, "12 March 2006");
	d = date_of(&r, 11, "accessed");
	assert_int_equal(d->year, 2006);
	assert_int_equal(d->year_end, 2007);
	d = date_of(&r, 11, "original-date");
	assert_int_equal(d->year, 1900);
	assert_true(d->circa);
	d = date_of(&r, 11, "event-date");
	assert_int_equal(d->year, 2006);
	assert_int_equal(d->year_end, 0);
	d = date_of(&r, 11, "submitted");
	assert_int_equal(d->year, 2019);
	assert_int_equal(d->year_end, 2020);
	done(&r);
}

static void test_references_mapping(void **state)
{
	const char text[] = "title: My article\n"
			    "nocite: '@*'\n"
			    "references:\n"
			    "- id: one\n"
			    "  title: One\n"
			    "- id: two\n"
			    "  title: Two\n"
			    "lang: ru\n";
	struct run r;

	(void)state;
	run(&r, "refs.yaml", text);
	assert_int_equal(r.rc, BL_OK);
	assert_int_equal(r.src->list->count, 2);
	assert_value_equal(&entry(&r, 1)->id, "two");
	assert_int_equal(entry(&r, 1)->index, 1);
	assert_int_equal(entry(&r, 0)->start, offset_of(text, "id: one"));
	assert_int_equal(entry(&r, 0)->end, offset_of(text, "e\n- id: two") + 1);
	assert_int_equal(r.ctx.nfindings, 0);
	done(&r);
}

static void test_not_bibliographies(void **state)
{
	static const char *const texts[] = {
		("name: CI\non: [push]\njobs:\n  build:\n    runs-on: ubuntu-latest\n"
		 "    steps:\n      - uses: actions/checkout@v4\n"),
		"title: only a title\n",
		"just a scalar\n",
		"- hosts: all\n  tasks:\n    - name: ping\n      ping:\n",
	};
	struct run r;
	size_t i;

	(void)state;
	for (i = 0; i < BL_ARRAY_SIZE(texts); i++) {
		run(&r, "x.yml", texts[i]);
		assert_int_equal(r.rc, BL_ENOTBIB);
		assert_int_equal(r.ctx.nfindings, 0);
		done(&r);
	}
	/* an empty file holds no bibliography; an empty list is an empty one */
	run(&r, "x.yml", "");
	assert_int_equal(r.rc, BL_ENOTBIB);
	done(&r);
	run(&r, "x.yml", "# only a comment\n");
	assert_int_equal(r.rc, BL_ENOTBIB);
	done(&r);
	run(&r, "x.yml", "# only a comment\n[]\n");
	assert_int_equal(r.rc, BL_OK);
	assert_int_equal(r.src->list->count, 0);
	done(&r);
	run(&r, "x.yml", "references: []\n");
	assert_int_equal(r.rc, BL_OK);
	done(&r);
	/* a scalar where the list of items belongs: a finding */
	run(&r, "x.yml", "references: see refs.bib\n");
	assert_int_equal(r.rc, BL_OK);
	assert_int_equal(r.ctx.nfindings, 1);
	assert_int_equal(r.ctx.findings[0].rule, BL_R_input_syntax);
	assert_int_equal(r.ctx.findings[0].start, 12);
	done(&r);
}

static void test_string_items(void **state)
{
	const char text[] = "- Smith, J. (2006). A title. Journal, 1, 1-2.\n"
			    "- 'Doe, J. 2007. Another.'\n";
	struct run r;
	const struct bl_entry *e;

	(void)state;
	run(&r, "f.yml", text);
	assert_int_equal(r.rc, BL_OK);
	assert_int_equal(r.src->list->count, 2);
	e = entry(&r, 0);
	assert_string_equal(e->raw_text, "Smith, J. (2006). A title. Journal, 1, 1-2.");
	assert_int_equal(e->nfields, 1);
	assert_string_equal(bl_field_name(&e->fields[0]), "reference");
	assert_int_equal(e->fields[0].key, BL_K_OTHER);
	assert_span(&r, &e->fields[0].value, e->raw_text);
	assert_string_equal(entry(&r, 1)->raw_text, "Doe, J. 2007. Another.");
	done(&r);
}

static void test_markdown_offsets(void **state)
{
	const char text[] = "---\n"
			    "title: \xd0\xa1\xd1\x82\xd0\xb0\xd1\x82\xd1\x8c\xd1\x8f\n"
			    "...\n"
			    "\n"
			    "Some text with --- dashes.\n"
			    "\n"
			    "```\n"
			    "---\n"
			    "references: [not, metadata]\n"
			    "---\n"
			    "```\n"
			    "\n"
			    "---\n"
			    "references:\n"
			    "- id: k1\n"
			    "  title: \xd0\x9a\xd0\xbd\xd0\xb8\xd0\xb3\xd0\xb0\n"
			    "  page: 1-2\n"
			    "---\n"
			    "\n"
			    "---\n"
			    "references:\n"
			    "- id: k2\n"
			    "---\n";
	struct run r;
	const struct bl_field *f;

	(void)state;
	run(&r, "paper.md", text);
	assert_int_equal(r.rc, BL_OK);
	assert_int_equal(r.src->list->count, 2);
	f = field(entry(&r, 0), "page");
	assert_int_equal(f->value.start, offset_of(text, "1-2"));
	assert_span(&r, &f->value, "1-2");
	f = field(entry(&r, 0), "title");
	assert_span(&r, &f->value, "\xd0\x9a\xd0\xbd\xd0\xb8\xd0\xb3\xd0\xb0");
	assert_value_equal(&entry(&r, 1)->id, "k2");
	assert_int_equal(entry(&r, 1)->index, 1);
	done(&r);

	run(&r, "paper.md", "# Title\n\nText, no metadata.\n\n---\n\nMore.\n");
	assert_int_equal(r.rc, BL_ENOTBIB);
	done(&r);
	run(&r, "paper.md", "---\ntitle: x\nauthor: y\n---\n\nText.\n");
	assert_int_equal(r.rc, BL_ENOTBIB);
	done(&r);
	/* an article whose references are in another file: an empty list, so
	 * that its citations are checked */
	run(&r, "paper.md", "---\ntitle: x\nbibliography: refs.bib\n---\n\nText.\n");
	assert_int_equal(r.rc, BL_OK);
	assert_int_equal(r.src->list->count, 0);
	done(&r);
}

static void test_markdown_syntax_error(void **state)
{
	const char text[] = "Intro.\n"
			    "\n"
			    "---\n"
			    "references:\n"
			    "- id: a\n"
			    "  title: \"open\n"
			    "---\n";
	struct run r;

	(void)state;
	run(&r, "paper.md", text);
	assert_int_equal(r.rc, BL_OK);
	assert_int_equal(r.ctx.nfindings, 1);
	assert_int_equal(r.ctx.findings[0].rule, BL_R_input_syntax);
	/* the error is inside the block, in the whole file's offsets */
	assert_true(r.ctx.findings[0].start >= offset_of(text, "\"open"));
	done(&r);
}

static void test_syntax_error_keeps_entries(void **state)
{
	const char text[] = "- id: good\n"
			    "  title: Fine\n"
			    "- id: bad\n"
			    "  title: a: b\n";
	struct run r;
	const struct bl_finding *f;

	(void)state;
	run(&r, "s.yml", text);
	assert_int_equal(r.rc, BL_OK);
	assert_int_equal(r.ctx.nfindings, 1);
	f = &r.ctx.findings[0];
	assert_int_equal(f->rule, BL_R_input_syntax);
	assert_int_equal(f->start, offset_of(text, "a: b") + 1);
	assert_string_equal(f->message, "mapping values are not allowed in this context");
	/* the item the error cut short is dropped, the one before it kept */
	assert_int_equal(r.src->list->count, 1);
	assert_value_equal(&entry(&r, 0)->id, "good");
	done(&r);
}

static void test_depth_limit(void **state)
{
	struct bl_strbuf sb = BL_STRBUF_INIT;
	struct bl_read_opts ropts = { 0 };
	struct run r;
	int i;

	(void)state;
	bl_strbuf_addstr(&sb, "- id: a\n- id: b\n  note: ");
	for (i = 0; i < 10000; i++)
		bl_strbuf_addch(&sb, '[');
	run_opts(&r, "deep.yml", sb.buf, sb.len, &ropts);
	assert_int_equal(r.ctx.nfindings, 1);
	assert_non_null(strstr(r.ctx.findings[0].message, "nesting deeper than 64 levels"));
	assert_int_equal(r.ctx.findings[0].start, strchr(sb.buf, '[') - sb.buf + 62);
	/* the item the limit cut short is dropped, the one before it kept */
	assert_int_equal(r.src->list->count, 1);
	assert_value_equal(&entry(&r, 0)->id, "a");
	done(&r);

	ropts.max_depth = 4;
	run_opts(&r, "deep.yml", "- id: a\n  x: [[[1]]]\n", 21, &ropts);
	assert_int_equal(r.ctx.nfindings, 1);
	assert_non_null(strstr(r.ctx.findings[0].message, "deeper than 4 levels"));
	done(&r);
	bl_strbuf_release(&sb);
}

static void test_max_entries(void **state)
{
	const char text[] = "- id: a\n- id: b\n- id: c\n";
	struct bl_read_opts ropts = { .max_entries = 2 };
	struct run r;

	(void)state;
	run_opts(&r, "many.yml", text, strlen(text), &ropts);
	assert_int_equal(r.src->list->count, 2);
	assert_int_equal(r.ctx.nfindings, 1);
	assert_non_null(strstr(r.ctx.findings[0].message, "--max-entries"));
	assert_int_equal(r.ctx.findings[0].start, offset_of(text, "id: c"));
	done(&r);
}

static void test_aliases_duplicates_documents(void **state)
{
	const char text[] = "- &e {id: a, title: &t Shared, note: x, note: y}\n"
			    "- *e\n"
			    "- id: b\n"
			    "  title: *t\n"
			    "  ? [complex, key]\n"
			    "  : value\n"
			    "  page: 3\n"
			    "---\n"
			    "- id: c\n";
	struct run r;
	const struct bl_field *f;

	(void)state;
	run(&r, "al.yml", text);
	assert_int_equal(r.rc, BL_OK);
	/* the alias to a whole item is not expanded into a second entry */
	assert_int_equal(r.src->list->count, 3);
	assert_value_equal(&entry(&r, 1)->id, "b");
	assert_int_equal(entry(&r, 0)->nfields, 4);
	assert_int_equal(entry(&r, 0)->fields[3].dup, 1);
	f = field(entry(&r, 1), "title");
	assert_int_equal(f->kind, BL_FIELD_OTHER);
	assert_span(&r, &f->value, "*t");
	assert_int_equal(entry(&r, 1)->nfields, 3);
	assert_span(&r, &field(entry(&r, 1), "page")->value, "3");
	/* every document of the stream is read */
	assert_value_equal(&entry(&r, 2)->id, "c");
	done(&r);
}

static void test_other_fields(void **state)
{
	const char text[] = "- id: o\n"
			    "  custom: {a: 1, b: [2, 3]}\n"
			    "  keyword: [x, y]\n"
			    "  doi: 10.1/x\n";
	struct run r;
	const struct bl_field *f;

	(void)state;
	run(&r, "o.yml", text);
	f = field(entry(&r, 0), "custom");
	assert_int_equal(f->kind, BL_FIELD_OTHER);
	assert_int_equal(f->key, BL_K_OTHER);
	assert_span(&r, &f->value, "{a: 1, b: [2, 3]}");
	f = field(entry(&r, 0), "keyword");
	assert_span(&r, &f->value, "[x, y]");
	f = field(entry(&r, 0), "doi");
	assert_int_equal(f->key, BL_K_DOI);
	assert_int_equal(entry(&r, 0)->end, sizeof(text) - 2);
	done(&r);
}

/* An item with many keys: duplicates are still found (case-insensitively),
 * and quickly. */
static void test_wide_item(void **state)
{
	struct bl_strbuf sb = BL_STRBUF_INIT;
	struct bl_read_opts ropts = { 0 };
	const struct bl_entry *e;
	struct run r;
	int i;

	(void)state;
	bl_strbuf_addstr(&sb, "- id: wide\n  DOI: 10.1000/a\n");
	for (i = 0; i < 20000; i++)
		bl_strbuf_addf(&sb, "  k%d: v\n", i);
	bl_strbuf_addstr(&sb, "  doi: 10.1000/b\n  k7: again\n  K19999: upper\n");
	run_opts(&r, "wide.yml", sb.buf, sb.len, &ropts);
	e = entry(&r, 0);
	assert_int_equal(e->nfields, 20005);
	for (i = 0; i < 20002; i++)
		assert_int_equal(e->fields[i].dup, 0);
	assert_string_equal(bl_field_name(&e->fields[20002]), "doi");
	assert_int_equal(e->fields[20002].dup, 1);
	assert_int_equal(e->fields[20003].dup, 1);
	assert_int_equal(e->fields[20004].dup, 1);
	done(&r);
	bl_strbuf_release(&sb);
}

/* Reads text on one thread and in parts of part_min bytes or more on
 * threads threads; the two readings must agree entry by entry and finding
 * by finding. Returns the parts the second reading used (0: it read the
 * whole on one thread). */
static unsigned read_both_min(const char *text, unsigned threads, size_t part_min)
{
	struct bl_read_opts one = { 0 };
	struct bl_read_opts many = { .threads = threads, .part_min = part_min };
	struct run a, b;
	unsigned used;
	size_t i, k;

	run_opts(&a, "parts.yml", text, strlen(text), &one);
	run_opts(&b, "parts.yml", text, strlen(text), &many);
	assert_int_equal(a.rc, b.rc);
	assert_int_equal(a.ctx.read_parts, 0);
	assert_int_equal(!a.src->list, !b.src->list);
	if (a.src->list) {
		assert_int_equal(a.src->list->count, b.src->list->count);
		for (i = 0; i < a.src->list->count; i++) {
			const struct bl_entry *x = entry(&a, i), *y = entry(&b, i);

			assert_int_equal(x->start, y->start);
			assert_int_equal(x->end, y->end);
			assert_int_equal(y->index, i);
			assert_int_equal(x->nfields, y->nfields);
			for (k = 0; k < x->nfields; k++) {
				assert_string_equal(bl_field_name(&x->fields[k]), bl_field_name(&y->fields[k]));
				assert_int_equal(x->fields[k].value.start,
						 y->fields[k].value.start);
				assert_int_equal(bl_value_end(&x->fields[k].value),
						 bl_value_end(&y->fields[k].value));
				assert_int_equal(bl_value_len(&x->fields[k].value),
						 bl_value_len(&y->fields[k].value));
			}
		}
	}
	assert_int_equal(a.ctx.nfindings, b.ctx.nfindings);
	for (i = 0; i < a.ctx.nfindings; i++) {
		assert_int_equal(a.ctx.findings[i].start, b.ctx.findings[i].start);
		assert_string_equal(a.ctx.findings[i].message, b.ctx.findings[i].message);
	}
	used = b.ctx.read_parts;
	done(&a);
	done(&b);
	return used;
}

/* read_both_min() with parts down to one byte. */
static unsigned read_both(const char *text, unsigned threads)
{
	return read_both_min(text, threads, 1);
}

/* A long list is read in parts on several threads, with the result of one
 * reading; a cut that lands inside a scalar, or a list that other keys
 * follow, is read on one thread instead. */
static void test_parts(void **state)
{
	(void)state;
	/* a top-level list in a few parts per thread, and one part per item
	 * at most */
	assert_int_equal(read_both("- id: a\n  title: t\n- id: b\n  page: 1-2\n"
				   "- id: c\n  author:\n  - family: X\n- id: d\n"
				   "- id: e\n  issued: {date-parts: [[2001]]}\n"
				   "- id: f\n  page: 12\n", 3), 6);
	assert_int_equal(read_both("- id: a\n- id: b\n", 16), 2);
	/* under references:, after other keys; a document after the list */
	assert_int_equal(read_both("---\ncsl: x.csl\nreferences:\n- id: a\n"
				   "  title: t\n- id: b\n  title: u\n- id: c\n"
				   "  title: v\n---\n", 2), 3);
	assert_int_equal(read_both("references:\n  - id: a\n  - id: b\n"
				   "  - id: c\n", 2), 3);
	/* a key after the list: one thread */
	assert_int_equal(read_both("references:\n- id: a\n- id: b\n"
				   "nocite: '@*'\n", 2), 0);
	/* item-like lines inside quoted scalars and flow collections */
	assert_int_equal(read_both("- id: a\n  title: \"x\n- id: b\n- id: c\n"
				   "- id: d\n- id: e\n  y\"\n", 2), 0);
	assert_int_equal(read_both("- id: a\n  title: 'x\n- id: b\n- id: c\n"
				   "- id: d\n- id: e\n  y'\n", 2), 0);
	assert_int_equal(read_both("- id: a\n  title: [t,\n- id: b\n- id: c\n"
				   "- id: d\n- id: e]\n", 2), 0);
	/* ... but a cut after such a scalar is one (two parts of 20 bytes or
	 * more: the cut is looked for from the middle on) */
	assert_int_equal(read_both_min("- id: a\n  title: \"x\n- id: b\n  y\"\n"
				       "- id: c\n", 2, 20), 2);
	/* a document that ends (or a new one that starts) before the cut: a
	 * reading of the whole finds no document start for the next items */
	assert_int_equal(read_both("---\n- id: a\n  page: 1-2\n...\n-\n  page: 3-4\n", 2), 0);
	assert_int_equal(read_both("- id: a\n  title: t\n---\n- id: b\n  title: u\n", 2), 0);
	/* a tag handle declared before the cut */
	assert_int_equal(read_both("%TAG !e! tag:example.com,2000:\n---\n- id: a\n"
				   "  title: !e!x t\n- id: b\n  title: !e!x u\n", 2), 0);
	/* items that use no CSL variable, a syntax error in the last part,
	 * and more entries than allowed are all as on one thread */
	assert_int_equal(read_both("- foo: a\n- bar: b\n- baz: c\n", 3), 0);
	assert_int_equal(read_both("- foo: a\n- id: b\n", 2), 0);
	assert_int_equal(read_both("- id: a\n- id: b\n  title: \"open\n", 2), 0);
	/* one thread asked for: no parts */
	assert_int_equal(read_both("- id: a\n- id: b\n", 1), 0);
}

/* Which texts are given to libyaml whole, and as how many characters: what
 * libyaml's reader accepts (UTF-8 in its shortest form, of characters YAML
 * allows), and nothing it refuses. */
static void test_input_whole(void **state)
{
	static const struct {
		const char *text;
		size_t chars;    /* SIZE_MAX: refused */
	} cases[] = {
		{ "", 0 },
		{ "abc", 3 },
		{ "a\tb\r\nc\n", 7 },
		{ "\xd0\x9f\xd1\x80\xd0\xb8", 3 },                 /* Cyrillic */
		{ "\xe2\x80\x94\xf0\x9f\x98\x80", 2 },             /* dash, emoji */
		{ "\xc2\x85\xc2\xa0\xef\xbf\xbd\xef\xbb\xbf", 4 }, /* NEL, NBSP, U+FFFD, BOM */
		{ "\xf4\x8f\xbf\xbf", 1 },                         /* U+10FFFF */
		{ "0123456789abcdef\n0123456789abcdef\xd1\x8f", 34 },
		{ "a\x01", SIZE_MAX },                              /* control */
		{ "a\x7f", SIZE_MAX },                              /* DEL */
		{ "\xc2\x80", SIZE_MAX },                           /* C1 control */
		{ "\xc2\x9f", SIZE_MAX },
		{ "\xc0\xaf", SIZE_MAX },                           /* overlong */
		{ "\xe0\x80\xaf", SIZE_MAX },
		{ "\xf0\x80\x80\xaf", SIZE_MAX },
		{ "\xed\xa0\x80", SIZE_MAX },                       /* surrogate */
		{ "\xef\xbf\xbe", SIZE_MAX },                       /* U+FFFE */
		{ "\xf4\x90\x80\x80", SIZE_MAX },                   /* past U+10FFFF */
		{ "\xf8\x88\x80\x80\x80", SIZE_MAX },
		{ "\x80", SIZE_MAX },                               /* stray continuation */
		{ "\xd0", SIZE_MAX },                               /* cut short */
		{ "\xe2\x80", SIZE_MAX },
		{ "\xd0x", SIZE_MAX },
		{ "0123456789abcdef0123\x1b" "456789abcdef", SIZE_MAX }, /* inside a run */
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const unsigned char *t = (const unsigned char *)cases[i].text;

		if (bl_yaml_input_chars(t, strlen(cases[i].text)) != cases[i].chars)
			fail_msg("case %zu: %zu characters, expected %zu", i,
				 bl_yaml_input_chars(t, strlen(cases[i].text)), cases[i].chars);
	}
	/* a NUL in the text is refused as the reader refuses it */
	assert_int_equal(bl_yaml_input_chars((const unsigned char *)"a\0b", 3), SIZE_MAX);

	/* given whole, the parser reads the same events to the end; refused,
	 * libyaml's reader reports the character as it always does */
	{
		static const char good[] = "- id: a\n  title: \xd0\x9f\xd1\x80\n";
		static const char bad[] = "- id: a\n  title: x\x01\n";
		yaml_parser_t p;
		yaml_event_t ev;
		struct bl_yaml_input in;
		yaml_event_type_t type;
		int scalars = 0;

		assert_true(yaml_parser_initialize(&p));
		/* copied: a string has its NUL but no padding after it */
		assert_true(bl_yaml_input_string(&in, &p, (const unsigned char *)good,
						 sizeof(good) - 1, false));
		do {
			assert_true(yaml_parser_parse(&p, &ev));
			if (ev.type == YAML_SCALAR_EVENT && scalars++ == 3) {
				assert_int_equal(ev.data.scalar.length, 4);
				assert_memory_equal(ev.data.scalar.value, "\xd0\x9f\xd1\x80", 4);
				assert_int_equal(ev.start_mark.column, 9);
				assert_int_equal(ev.end_mark.column, 11);   /* characters */
			}
			type = ev.type;
			yaml_event_delete(&ev);
		} while (type != YAML_STREAM_END_EVENT);
		assert_int_equal(scalars, 4);
		bl_yaml_input_release(&in);
		yaml_parser_delete(&p);

		assert_true(yaml_parser_initialize(&p));
		assert_false(bl_yaml_input_string(&in, &p, (const unsigned char *)bad,
						  sizeof(bad) - 1, false));
		while (yaml_parser_parse(&p, &ev)) {
			type = ev.type;
			yaml_event_delete(&ev);
			assert_int_not_equal(type, YAML_STREAM_END_EVENT);
		}
		assert_int_equal(p.error, YAML_READER_ERROR);
		assert_string_equal(p.problem, "control characters are not allowed");
		bl_yaml_input_release(&in);
		yaml_parser_delete(&p);
	}
}

/* libyaml's scratch strings: freed blocks serve the next small requests of
 * the same thread, at most 16 are kept, a large one is not, and a reading
 * gives back what it kept. */
static void test_scratch_cache(void **state)
{
	void *b[20], *big;
	struct run r;
	size_t i;

	(void)state;
	bl_yaml_scratch_release();
	for (i = 0; i < 20; i++)
		b[i] = bl_yaml_malloc(16);
	for (i = 0; i < 20; i++)
		bl_yaml_free(b[i]);
	assert_int_equal(bl_yaml_scratch_kept(), 16);
	/* last kept, first served; a request over 16 bytes is not served */
	big = bl_yaml_malloc(17);
	assert_int_equal(bl_yaml_scratch_kept(), 16);
	for (i = 16; i-- > 0;) {
		void *p = bl_yaml_malloc(i % 2 ? 16 : 1);

		assert_ptr_equal(p, b[i]);
		memset(p, 'x', 16);
		bl_yaml_free(p);
		assert_ptr_equal(bl_yaml_malloc(0), b[i]);
	}
	assert_int_equal(bl_yaml_scratch_kept(), 0);
	for (i = 0; i < 16; i++)
		free(b[i]);
	bl_yaml_free(big);
	assert_int_equal(bl_yaml_scratch_kept(), 1);
	bl_yaml_scratch_release();
	big = bl_yaml_malloc(4096);
	bl_yaml_free(big);
	assert_int_equal(bl_yaml_scratch_kept(), 0);
	bl_yaml_free(NULL);
	assert_int_equal(bl_yaml_scratch_kept(), 0);

	/* a scalar event's strings go to the cache, other events' as before */
	{
		yaml_parser_t p;
		yaml_event_t ev;
		unsigned scalars = 0;

		/* an anchor and a tag of 16 bytes or more: kept by any malloc */
		static const char text[] = "&an_anchor_of_24_letters !a_tag_of_20_letters a: [b]\n";

		assert_true(yaml_parser_initialize(&p));
		yaml_parser_set_input_string(&p, (const unsigned char *)text, sizeof(text) - 1);
		do {
			assert_true(yaml_parser_parse(&p, &ev));
			if (ev.type == YAML_SCALAR_EVENT) {
				unsigned before = bl_yaml_scratch_kept();

				scalars++;
				bl_yaml_event_delete(&ev);
				assert_int_equal(ev.type, YAML_NO_EVENT);
				assert_null(ev.data.scalar.value);
				/* value, and anchor and tag on the first */
				assert_int_equal(bl_yaml_scratch_kept(),
						 before + (scalars == 1 ? 3 : 1));
			} else {
				bool end = ev.type == YAML_STREAM_END_EVENT;

				bl_yaml_event_delete(&ev);
				if (end)
					break;
			}
		} while (1);
		yaml_parser_delete(&p);
		assert_int_equal(scalars, 2);
		bl_yaml_scratch_release();
	}

	run(&r, "refs.yml", "- id: a\n  title: Some title\n  note: |\n    two\n\n    lines\n");
	assert_int_equal(r.rc, BL_OK);
	assert_int_equal(bl_yaml_scratch_kept(), 0);
	done(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_scratch_cache),
		cmocka_unit_test(test_input_whole),
		cmocka_unit_test(test_scalar_spans),
		cmocka_unit_test(test_bom_and_crlf),
		cmocka_unit_test(test_multiline_and_block_scalars),
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_dates),
		cmocka_unit_test(test_references_mapping),
		cmocka_unit_test(test_not_bibliographies),
		cmocka_unit_test(test_string_items),
		cmocka_unit_test(test_markdown_offsets),
		cmocka_unit_test(test_markdown_syntax_error),
		cmocka_unit_test(test_syntax_error_keeps_entries),
		cmocka_unit_test(test_depth_limit),
		cmocka_unit_test(test_max_entries),
		cmocka_unit_test(test_aliases_duplicates_documents),
		cmocka_unit_test(test_other_fields),
		cmocka_unit_test(test_wide_item),
		cmocka_unit_test(test_parts),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
