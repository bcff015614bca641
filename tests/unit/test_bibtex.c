/*
 * test_bibtex.c - the BibTeX/BibLaTeX reader: entries, macros, names,
 * dates, field keys, value spans and maps, and recovery from malformed
 * input.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine.h"
#include "check/bibtex.h"
#include "value_assert.h"

struct run {
	struct bl_source *src;
	struct bl_result res;
};

static void lint(struct run *r, const char *text)
{
	struct bl_lint_opts opts;
	struct bl_error err;

	bl_lint_opts_init(&opts);
	opts.format = BL_FMT_BIBTEX;
	r->src = bl_source_new("t.bib", text, strlen(text));
	assert_non_null(r->src);
	assert_int_equal(bl_lint(&r->res, r->src, &opts, &err), BL_OK);
	assert_non_null(r->src->list);
}

static void done(struct run *r)
{
	bl_result_release(&r->res);
	bl_source_free(r->src);
}

static size_t count_rule(const struct run *r, int rule)
{
	size_t i, n = 0;

	for (i = 0; i < r->res.count; i++)
		n += r->res.findings[i].rule == rule;
	return n;
}

static const struct bl_finding *first_of(const struct run *r, int rule)
{
	size_t i;

	for (i = 0; i < r->res.count; i++)
		if (r->res.findings[i].rule == rule)
			return &r->res.findings[i];
	return NULL;
}

static const struct bl_entry *entry(const struct run *r, size_t i)
{
	assert_true(i < r->src->list->count);
	return &r->src->list->entries[i];
}

/* The text of a field as a C string (a copy that lasts until the fourth
 * call after), or NULL. */
static const char *field_text(const struct bl_entry *e, const char *name)
{
	static char bufs[4][512];
	static unsigned next;
	const struct bl_field *f = bl_entry_field_named(e, name);
	char *buf = bufs[next++ % 4];

	if (!f || !f->value.text)
		return NULL;
	assert_true(bl_value_len(&f->value) < sizeof(bufs[0]));
	memcpy(buf, f->value.text, bl_value_len(&f->value));
	buf[bl_value_len(&f->value)] = '\0';
	return buf;
}

/* The source bytes a value's span covers. */
static void assert_span(const struct run *r, const struct bl_value *v, const char *want)
{
	assert_int_equal(bl_value_end(v) - v->start, strlen(want));
	assert_memory_equal(r->src->data + v->start, want, strlen(want));
}

static void test_entries_and_delimiters(void **state)
{
	struct run r;
	const struct bl_entry *e;

	(void)state;
	lint(&r, "Some text before.\n"
		 "@Article{a1,\n  title = {One},\n  year = 2001\n}\n"
		 "@book(b2, title = \"Two\", year = {2002})\n"
		 "@misc{c3}\n"
		 "@book_section{d4, title = {Four}}\n");
	assert_int_equal(r.src->list->count, 4);
	e = entry(&r, 0);
	assert_value_equal(&e->id, "a1");
	assert_value_equal(&e->type, "article");
	assert_span(&r, &e->type, "Article");
	assert_string_equal(field_text(e, "title"), "One");
	assert_span(&r, &bl_entry_field_named(e, "title")->value, "One");
	assert_true(bl_entry_field_named(e, "title")->value.flags & BL_VAL_EXACT);
	assert_int_equal(bl_entry_year(e), 2001);
	assert_true(bl_entry_field_named(e, "year")->value.flags & BL_VAL_NUMBER);
	e = entry(&r, 1);
	assert_value_equal(&e->id, "b2");
	assert_string_equal(field_text(e, "title"), "Two");
	assert_true(bl_entry_field_named(e, "title")->value.flags & BL_VAL_QUOTED);
	assert_int_equal(bl_entry_year(e), 2002);
	assert_int_equal(entry(&r, 2)->nfields, 0);
	assert_value_equal(&entry(&r, 3)->type, "book_section");
	assert_int_equal(r.res.count, count_rule(&r, BL_R_bibtex_required_fields));
	done(&r);
}

static void test_strings_and_concatenation(void **state)
{
	struct run r;
	const struct bl_entry *e;
	const struct bl_field *f;

	(void)state;
	lint(&r, "@string{jgr = {J. Geophys. Res.}}\n"
		 "@STRING(pre = \"Proc. \" # jgr)\n"
		 "@preamble{\"\\newcommand{\\noop}[1]{}\"}\n"
		 "@comment{this {is} ignored @article{x, title={no}}}\n"
		 "@article{a, journal = pre # { (A)}, month = jan, year = 1999}\n");
	assert_int_equal(r.src->list->count, 1);
	e = entry(&r, 0);
	f = bl_entry_field(e, BL_K_CONTAINER_TITLE);
	assert_non_null(f);
	assert_value_equal(&f->value, "Proc. J. Geophys. Res. (A)");
	/* the span runs from the first part to the last */
	assert_span(&r, &f->value, "pre # { (A)}");
	assert_false(f->value.flags & BL_VAL_EXACT);
	assert_string_equal(field_text(e, "month"), "January");
	assert_int_equal(count_rule(&r, BL_R_bibtex_undefined_string), 0);
	done(&r);
}

static void test_undefined_string(void **state)
{
	struct run r;
	const struct bl_finding *f;

	(void)state;
	lint(&r, "@article{a, author = {A, B}, title = {T}, journal = nosuch,\n"
		 "  year = 2000}\n@string{later = {L}}\n");
	assert_int_equal(count_rule(&r, BL_R_bibtex_undefined_string), 1);
	f = first_of(&r, BL_R_bibtex_undefined_string);
	assert_int_equal(f->end - f->start, 6);
	assert_memory_equal(r.src->data + f->start, "nosuch", 6);
	/* a field present but empty through an undefined macro is not also
	 * reported as missing */
	assert_int_equal(count_rule(&r, BL_R_bibtex_required_fields), 0);
	done(&r);
}

static const struct bl_name *name_at(const struct bl_entry *e, uint32_t i)
{
	const struct bl_field *f = bl_entry_field(e, BL_K_AUTHOR);

	assert_non_null(f);
	assert_int_equal(f->kind, BL_FIELD_NAMES);
	assert_true(i < bl_field_names(e, f)->count);
	return &bl_field_names(e, f)->items[i];
}

static void test_names(void **state)
{
	struct run r;
	const struct bl_entry *e;
	const struct bl_field *f;
	const struct bl_name *n;

	(void)state;
	lint(&r, "@misc{a, author = {Donald E. Knuth and de la Fontaine, Jean and "
		 "Ford, Jr., Henry and Ludwig van Beethoven and {\\\"U}lker, Mehmet and "
		 "{World Health Organization} and Jean-Paul~Sartre AND others}}\n");
	e = entry(&r, 0);
	f = bl_entry_field(e, BL_K_AUTHOR);
	/* "AND" in capitals still separates names; "others" is not a name */
	assert_int_equal(bl_field_names(e, f)->count, 7);
	n = name_at(e, 0);
	assert_value_equal(&n->given, "Donald E.");
	assert_value_equal(&n->family, "Knuth");
	assert_span(&r, &n->family, "Knuth");
	n = name_at(e, 1);
	assert_value_equal(bl_name_particle(n), "de la");
	assert_value_equal(&n->family, "Fontaine");
	assert_value_equal(&n->given, "Jean");
	n = name_at(e, 2);
	assert_value_equal(&n->family, "Ford");
	assert_value_equal(bl_name_suffix(n), "Jr.");
	assert_value_equal(&n->given, "Henry");
	n = name_at(e, 3);
	assert_value_equal(&n->given, "Ludwig");
	assert_value_equal(bl_name_particle(n), "van");
	assert_value_equal(&n->family, "Beethoven");
	n = name_at(e, 4);
	assert_value_equal(&n->family, "\xc3\x9clker");
	assert_span(&r, &n->family, "{\\\"U}lker");
	assert_null(bl_name_particle(n)->text);
	n = name_at(e, 5);
	assert_value_equal(bl_name_literal(n), "World Health Organization");
	assert_null(n->family.text);
	n = name_at(e, 6);
	assert_value_equal(&n->given, "Jean-Paul");
	assert_value_equal(&n->family, "Sartre");
	done(&r);
}

static void test_name_von_case(void **state)
{
	struct run r;
	const struct bl_name *n;

	(void)state;
	/* {\"u}ber is lowercase by its letter; {Van} is caseless */
	lint(&r, "@misc{a, author = {Karl {\\\"u}ber Berg and Jan {Van} Dyke and "
		 "\xd0\x9f\xd1\x91\xd1\x82\xd1\x80 \xd1\x84\xd0\xbe\xd0\xbd "
		 "\xd0\x94\xd0\xb5\xd1\x80}}\n");
	n = name_at(entry(&r, 0), 0);
	assert_value_equal(bl_name_particle(n), "\xc3\xbc" "ber");
	assert_value_equal(&n->family, "Berg");
	n = name_at(entry(&r, 0), 1);
	assert_null(bl_name_particle(n)->text);
	assert_value_equal(&n->given, "Jan Van");
	assert_value_equal(&n->family, "Dyke");
	n = name_at(entry(&r, 0), 2);   /* Пётр фон Дер */
	assert_value_equal(bl_name_particle(n), "\xd1\x84\xd0\xbe\xd0\xbd");
	done(&r);
}

static void test_dates(void **state)
{
	struct run r;
	const struct bl_field *f;
	const struct bl_date *d;

	(void)state;
	lint(&r, "@misc{a, year = {1990--1995}}\n"
		 "@misc{b, date = {2004-05-01/2006}}\n"
		 "@misc{c, year = 123456789012345678901234567890}\n"
		 "@misc{d, year = {forthcoming}}\n"
		 "@misc{e, date = {-0050}}\n"
		 "@misc{f, year = 1999, date = {2001-02}}\n"
		 "@misc{g, date = {1920~}}\n");
	f = bl_entry_field(entry(&r, 0), BL_K_ISSUED);
	assert_int_equal(f->kind, BL_FIELD_DATE);
	d = bl_field_date(entry(&r, 0), f);
	assert_int_equal(d->year, 1990);
	assert_int_equal(d->year_end, 1995);
	assert_value_equal(&f->value, "1990--1995");
	assert_span(&r, &d->year_value, "1990");
	d = bl_field_date(entry(&r, 1), bl_entry_field(entry(&r, 1), BL_K_ISSUED));
	assert_int_equal(d->year, 2004);
	assert_int_equal(d->year_end, 2006);
	/* a 30-digit year saturates instead of overflowing */
	assert_int_equal(bl_entry_year(entry(&r, 2)), 999999999);
	assert_int_equal(bl_entry_year(entry(&r, 3)), 0);
	/* ISO 8601 counts a year 0: -0050 is 51 BCE */
	assert_int_equal(bl_entry_year(entry(&r, 4)), -51);
	/* date wins over year, as in BibLaTeX */
	assert_int_equal(bl_entry_year(entry(&r, 5)), 2001);
	d = bl_field_date(entry(&r, 6), bl_entry_field(entry(&r, 6), BL_K_ISSUED));
	assert_true(d->circa);
	done(&r);
}

static void test_field_keys(void **state)
{
	struct run r;
	const struct bl_entry *e;

	(void)state;
	lint(&r, "@article{a, journaltitle = {J}, number = 3, pages = {10--20},\n"
		 "  location = {Moscow}, langid = {russian}, origtitle = {O},\n"
		 "  doi = {10.1000/x\\_y}, url = {http://e.org/~a}, pagetotal = 5,\n"
		 "  editor = {E, F}, crossref = {b}}\n"
		 "@report{b, number = 7}\n");
	e = entry(&r, 0);
	assert_value_equal(bl_entry_text(e, BL_K_CONTAINER_TITLE), "J");
	assert_value_equal(bl_entry_text(e, BL_K_ISSUE), "3");
	assert_null(bl_entry_field(e, BL_K_NUMBER));
	/* pages keep their dashes as written and stay exact */
	assert_value_equal(bl_entry_text(e, BL_K_PAGE), "10--20");
	assert_true(bl_entry_text(e, BL_K_PAGE)->flags & BL_VAL_EXACT);
	assert_value_equal(bl_entry_text(e, BL_K_PUBLISHER_PLACE), "Moscow");
	assert_value_equal(bl_entry_text(e, BL_K_LANGUAGE), "russian");
	assert_value_equal(bl_entry_text(e, BL_K_ORIGINAL_TITLE), "O");
	/* DOIs and URLs are verbatim */
	assert_value_equal(bl_entry_text(e, BL_K_DOI), "10.1000/x\\_y");
	assert_value_equal(bl_entry_text(e, BL_K_URL), "http://e.org/~a");
	assert_value_equal(bl_entry_text(e, BL_K_NUMBER_OF_PAGES), "5");
	assert_int_equal(bl_entry_field(e, BL_K_EDITOR)->kind, BL_FIELD_NAMES);
	assert_value_equal(bl_entry_text(e, BL_K_CROSSREF), "b");
	assert_value_equal(bl_entry_text(entry(&r, 1), BL_K_NUMBER), "7");
	done(&r);
}

static void test_decoded_map(void **state)
{
	struct run r;
	const struct bl_value *v;
	uint32_t s, e;
	const char *p;

	(void)state;
	lint(&r, "@misc{a, title = {{\\\"U}ber   die {DNA}--Frage}}\n");
	v = bl_entry_text(entry(&r, 0), BL_K_TITLE);
	assert_value_equal(v, "\xc3\x9c" "ber die DNA\xe2\x80\x93" "Frage");
	assert_false(v->flags & BL_VAL_EXACT);
	assert_non_null(bl_value_map(v));
	/* "Frage" in the decoded text points at "Frage" in the source */
	p = strstr(v->text, "Frage");
	bl_value_subspan(v, (size_t)(p - v->text), 5, &s, &e);
	assert_int_equal(e - s, 5);
	assert_memory_equal(r.src->data + s, "Frage", 5);
	/* the en dash points at "--" */
	p = strstr(v->text, "\xe2\x80\x93");
	bl_value_subspan(v, (size_t)(p - v->text), 3, &s, &e);
	assert_int_equal(e - s, 2);
	assert_memory_equal(r.src->data + s, "--", 2);
	done(&r);
}

static void test_missing_comma_keeps_reading(void **state)
{
	struct run r;
	const struct bl_finding *f;

	(void)state;
	lint(&r, "@article{a,\n  title = {T}\n  year = 2000,\n}\n@misc{b}\n");
	assert_int_equal(count_rule(&r, BL_R_input_syntax), 1);
	f = first_of(&r, BL_R_input_syntax);
	assert_memory_equal(r.src->data + f->start, "year", 4);
	assert_int_equal(r.src->list->count, 2);
	assert_int_equal(bl_entry_year(entry(&r, 0)), 2000);
	done(&r);
}

static void test_unbalanced_braces(void **state)
{
	struct run r;
	const struct bl_finding *f;

	(void)state;
	/* an unclosed brace stops at the next entry, which is read */
	lint(&r, "@misc{a, title = {Open {brace},\n  year = 2000}\n"
		 "@misc{b, title = {Fine}}\n");
	assert_int_equal(count_rule(&r, BL_R_bibtex_unbalanced_braces), 1);
	f = first_of(&r, BL_R_bibtex_unbalanced_braces);
	assert_int_equal(f->start, 17);
	assert_int_equal(r.src->list->count, 2);
	assert_value_equal(&entry(&r, 1)->id, "b");
	assert_string_equal(field_text(entry(&r, 1), "title"), "Fine");
	done(&r);
	/* an extra closing brace ends the entry early */
	lint(&r, "@misc{a, title = {Closed}},\n  year = 2000\n}\n");
	assert_int_equal(count_rule(&r, BL_R_bibtex_unbalanced_braces), 1);
	f = first_of(&r, BL_R_bibtex_unbalanced_braces);
	assert_int_equal(f->start, 25);
	done(&r);
	/* a brace closed only by the entry's own brace swallows fields */
	lint(&r, "@misc{a, title = {Half,\n  year = 2000\n}\n@misc{b}\n");
	assert_int_equal(count_rule(&r, BL_R_bibtex_unbalanced_braces), 1);
	assert_int_equal(count_rule(&r, BL_R_input_syntax), 0);
	assert_int_equal(first_of(&r, BL_R_bibtex_unbalanced_braces)->start, 17);
	done(&r);
}

static void test_comment_lines_inside_entries(void **state)
{
	struct run r;

	(void)state;
	/* whole % lines between fields are skipped, as biber does */
	lint(&r, "@misc{a,\n  % title = {old},\n  title = {new}\n  % the end\n}\n");
	assert_int_equal(count_rule(&r, BL_R_input_syntax), 0);
	assert_string_equal(field_text(entry(&r, 0), "title"), "new");
	done(&r);
}

static void test_eof_and_garbage(void **state)
{
	struct run r;
	const struct bl_finding *f;

	(void)state;
	lint(&r, "@misc{a, title = {T},\n");
	f = first_of(&r, BL_R_input_syntax);
	assert_non_null(f);
	assert_int_equal(f->start, 5);   /* the '{' that is never closed */
	assert_int_equal(r.src->list->count, 1);
	done(&r);
	lint(&r, "@misc{a, = {T}}\n@misc{b, title {T}}\n@misc{title = {x}}\n"
		 "@\n@misc\n@misc{c, title = {ok}}\n");
	assert_int_equal(count_rule(&r, BL_R_input_syntax), 5);
	assert_value_equal(&entry(&r, r.src->list->count - 1)->id, "c");
	done(&r);
	/* an e-mail address in free text is not an entry */
	lint(&r, "Written by me@example.org.\n% also me@example.org\n@misc{a}\n");
	assert_int_equal(count_rule(&r, BL_R_input_syntax), 0);
	assert_int_equal(r.src->list->count, 1);
	done(&r);
}

static void test_line_breaks(void **state)
{
	struct run r;

	(void)state;
	/* CR-only and CRLF line breaks: comment lines end at either, and
	 * recovery finds the next entry after either */
	lint(&r, "% a comment\r@misc{a, title = {A}}\r% another @misc{x}\r"
		 "@misc{b, title {broken}\r@misc{c, title = {C}}\r\n"
		 "% third\r\n@misc{d, title = {D}}\r\n");
	assert_int_equal(count_rule(&r, BL_R_input_syntax), 1);
	assert_int_equal(r.src->list->count, 4);
	assert_value_equal(&entry(&r, 2)->id, "c");
	assert_string_equal(field_text(entry(&r, 3), "title"), "D");
	done(&r);
}

static void test_hostile(void **state)
{
	struct run r;
	struct bl_strbuf sb = BL_STRBUF_INIT;
	size_t i;

	(void)state;
	/* deep braces: no recursion to exhaust */
	bl_strbuf_addstr(&sb, "@misc{a, title = ");
	for (i = 0; i < 200000; i++)
		bl_strbuf_addch(&sb, '{');
	bl_strbuf_addstr(&sb, "x");
	for (i = 0; i < 200000; i++)
		bl_strbuf_addch(&sb, '}');
	bl_strbuf_addstr(&sb, "}\n");
	/* many unclosed values, each stopped by the next line's entry */
	for (i = 0; i < 20000; i++)
		bl_strbuf_addstr(&sb, "@misc{k, title = {open\n");
	lint(&r, sb.buf);
	assert_string_equal(field_text(entry(&r, 0), "title"), "x");
	assert_int_equal(r.src->list->count, 20001);
	assert_int_equal(count_rule(&r, BL_R_bibtex_unbalanced_braces), 20000);
	done(&r);
	bl_strbuf_release(&sb);
}

static void test_biblatex_dialect(void **state)
{
	struct run r;

	(void)state;
	lint(&r, "@article{a, author = {A, B}, title = {T}, journal = {J}, year = 2000}\n");
	assert_false(bl_bibtex_uses_biblatex(r.src->list));
	done(&r);
	lint(&r, "@article{a, title = {T}, Date = 2000}\n");
	assert_true(bl_bibtex_uses_biblatex(r.src->list));
	done(&r);
	lint(&r, "@Online{a, title = {T}}\n");
	assert_true(bl_bibtex_uses_biblatex(r.src->list));
	done(&r);
}

static void test_macro_bomb(void **state)
{
	struct run r;
	struct bl_strbuf sb = BL_STRBUF_INIT;
	int i;

	(void)state;
	/* each macro doubles the last: 2^40 bytes if expanded in full */
	bl_strbuf_addstr(&sb, "@string{m0 = {abcdefgh}}\n");
	for (i = 1; i <= 40; i++)
		bl_strbuf_addf(&sb, "@string{m%d = m%d # m%d}\n", i, i - 1, i - 1);
	bl_strbuf_addstr(&sb, "@misc{a, title = m40}\n");
	lint(&r, sb.buf);
	assert_int_equal(count_rule(&r, BL_R_input_syntax), 1);
	assert_non_null(strstr(first_of(&r, BL_R_input_syntax)->message, "stops expanding"));
	assert_int_equal(r.src->list->count, 1);
	done(&r);
	bl_strbuf_release(&sb);
}

static void test_rules_on_bibtex(void **state)
{
	struct run r;

	(void)state;
	lint(&r, "@book{k, author = {A, B}, title = {T}, publisher = {P}, year = 2000}\n"
		 "@book{K, editor = {C, D}, title = {U}, publisher = {P}, year = 2001,\n"
		 "  title = {V}}\n"
		 "@incollection{c, author = {E, F}, title = {W}, crossref = {k}}\n"
		 "@inproceedings{d, author = {G, H}, title = {X}, crossref = {nope}}\n");
	assert_int_equal(count_rule(&r, BL_R_bibtex_duplicate_key), 1);
	assert_int_equal(count_rule(&r, BL_R_bibtex_duplicate_field), 1);
	assert_int_equal(count_rule(&r, BL_R_bibtex_crossref_missing), 1);
	/* c inherits publisher and year and takes k's title as its booktitle;
	 * d lacks booktitle and year */
	assert_int_equal(count_rule(&r, BL_R_bibtex_required_fields), 1);
	assert_non_null(strstr(first_of(&r, BL_R_bibtex_required_fields)->message,
			       "booktitle, year"));
	done(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_entries_and_delimiters),
		cmocka_unit_test(test_strings_and_concatenation),
		cmocka_unit_test(test_undefined_string),
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_name_von_case),
		cmocka_unit_test(test_dates),
		cmocka_unit_test(test_field_keys),
		cmocka_unit_test(test_decoded_map),
		cmocka_unit_test(test_missing_comma_keeps_reading),
		cmocka_unit_test(test_unbalanced_braces),
		cmocka_unit_test(test_comment_lines_inside_entries),
		cmocka_unit_test(test_eof_and_garbage),
		cmocka_unit_test(test_line_breaks),
		cmocka_unit_test(test_hostile),
		cmocka_unit_test(test_biblatex_dialect),
		cmocka_unit_test(test_macro_bomb),
		cmocka_unit_test(test_rules_on_bibtex),
	};

	return cmocka_run_group_tests_name("bibtex", tests, NULL, NULL);
}
