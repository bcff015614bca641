/*
 * test_pages.c - parsing page fields (ranges, roman numerals, article ids,
 * labels, spaces, junk), comparing and expanding ranges as digit strings,
 * and the pages checks on whole lists: exact spans, fixes, the dash each
 * format and style wants, and the list majority.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "check/pages.h"
#include "engine.h"
#include "style.h"

#define EN "\xe2\x80\x93"
#define EM "\xe2\x80\x94"
#define MINUS "\xe2\x88\x92"

static void parse(struct bl_pages *p, const char *s)
{
	bl_pages_parse(p, s, strlen(s));
}

static void test_single_and_list(void **state)
{
	struct bl_pages p;

	(void)state;
	parse(&p, "12");
	assert_int_equal(p.nranges, 1);
	assert_int_equal(p.nissues, 0);
	assert_int_equal(p.ranges[0].first.kind, BL_PTOK_ARABIC);
	assert_int_equal(p.ranges[0].last.kind, BL_PTOK_NONE);

	parse(&p, "12" EN "17, 19");
	assert_int_equal(p.nranges, 2);
	assert_int_equal(p.nissues, 0);
	assert_int_equal(p.ranges[0].dash, BL_DASH_EN);
	assert_int_equal(p.ranges[0].dash_off, 2);
	assert_int_equal(p.ranges[0].dash_len, 3);
	assert_int_equal(p.ranges[0].last.off, 5);
	assert_int_equal(p.ranges[1].first.off, 9);
	assert_int_equal(p.ranges[1].last.kind, BL_PTOK_NONE);

	parse(&p, "3; 5 & 7");
	assert_int_equal(p.nranges, 3);
	assert_int_equal(p.nissues, 0);
}

static void test_dashes(void **state)
{
	static const struct {
		const char *text;
		enum bl_dash dash;
		unsigned len;
	} cases[] = {
		{ "1-2", BL_DASH_HYPHEN, 1 },
		{ "1--2", BL_DASH_DOUBLE, 2 },
		{ "1---2", BL_DASH_TRIPLE, 3 },
		{ "1" EN "2", BL_DASH_EN, 3 },
		{ "1" EM "2", BL_DASH_EM, 3 },
		{ "1\xe2\x80\x92" "2", BL_DASH_FIGURE, 3 },
		{ "1" MINUS "2", BL_DASH_MINUS, 3 },
		{ "1\xe2\x80\x90" "2", BL_DASH_UHYPHEN, 3 },
	};
	struct bl_pages p;
	size_t i;

	(void)state;
	for (i = 0; i < BL_ARRAY_SIZE(cases); i++) {
		parse(&p, cases[i].text);
		assert_int_equal(p.nranges, 1);
		assert_int_equal(p.nissues, 0);
		assert_int_equal(p.ranges[0].dash, cases[i].dash);
		assert_int_equal(p.ranges[0].dash_off, 1);
		assert_int_equal(p.ranges[0].dash_len, cases[i].len);
	}
	/* four hyphens are no dash */
	parse(&p, "1----2");
	assert_int_equal(p.nissues, 1);
	assert_int_equal(p.issues[0].kind, BL_PI_JUNK);
}

static void test_roman_and_ids(void **state)
{
	struct bl_pages p;

	(void)state;
	parse(&p, "xi" EN "xv");
	assert_int_equal(p.nissues, 0);
	assert_int_equal(p.ranges[0].first.kind, BL_PTOK_ROMAN);
	assert_int_equal(p.ranges[0].first.roman, 11);
	assert_int_equal(p.ranges[0].last.roman, 15);
	parse(&p, "XIV");
	assert_int_equal(p.nissues, 0);
	assert_int_equal(p.ranges[0].first.roman, 14);
	parse(&p, "cvi-cix");
	assert_int_equal(p.nissues, 0);
	/* not canonical numerals, mixed case, plain words */
	parse(&p, "iiii");
	assert_int_equal(p.nissues, 1);
	assert_int_equal(p.issues[0].kind, BL_PI_JUNK);
	parse(&p, "Xi");
	assert_int_equal(p.issues[0].kind, BL_PI_JUNK);
	parse(&p, "XXXX-YYYY");
	assert_int_equal(p.nissues, 1);
	assert_int_equal(p.issues[0].off, 0);
	assert_int_equal(p.issues[0].len, 9);

	parse(&p, "e1234");
	assert_int_equal(p.nissues, 0);
	assert_int_equal(p.ranges[0].first.kind, BL_PTOK_ID);
	assert_int_equal(p.ranges[0].first.num_off, 1);
	assert_int_equal(p.ranges[0].first.num_len, 4);
	parse(&p, "S12" EN "S17");
	assert_int_equal(p.nissues, 0);
	assert_int_equal(bl_page_range_order(&p.ranges[0], "S12" EN "S17"), BL_RANGE_OK);
	parse(&p, "e2020GL089123");
	assert_int_equal(p.nissues, 0);
	parse(&p, "12a-12b");
	assert_int_equal(p.nissues, 0);
	parse(&p, "3.14");
	assert_int_equal(p.nissues, 0);
	parse(&p, "FTu4B.3");
	assert_int_equal(p.nissues, 0);
	assert_int_equal(p.nranges, 1);
	/* hyphenated article numbers: no range is guessed, nothing reported */
	parse(&p, "C2-229-C2-232");
	assert_int_equal(p.nissues, 0);
	assert_int_equal(p.nranges, 0);
	parse(&p, "M-1--M-4");
	assert_int_equal(p.nissues, 0);
	assert_int_equal(p.nranges, 1);
	assert_int_equal(p.ranges[0].dash, BL_DASH_DOUBLE);
	assert_int_equal(bl_page_range_order(&p.ranges[0], "M-1--M-4"), BL_RANGE_OK);
	parse(&p, "241409(R)");
	assert_int_equal(p.nissues, 0);
	parse(&p, "08JG03-1-08JG03-3, 12");
	assert_int_equal(p.nissues, 0);
	assert_int_equal(p.nranges, 1);
}

static void test_labels(void **state)
{
	struct bl_pages p;

	(void)state;
	parse(&p, "pp. 12" EN "17");
	assert_int_equal(p.nissues, 1);
	assert_int_equal(p.issues[0].kind, BL_PI_LABEL);
	assert_int_equal(p.issues[0].off, 0);
	assert_int_equal(p.issues[0].len, 4);
	assert_int_equal(p.nranges, 1);
	parse(&p, "p.5");
	assert_int_equal(p.issues[0].kind, BL_PI_LABEL);
	assert_int_equal(p.issues[0].len, 2);
	parse(&p, "S. 12");
	assert_int_equal(p.issues[0].kind, BL_PI_LABEL);
	parse(&p, "\xd0\xa1. 45" EN "91");        /* С. 45–91 */
	assert_int_equal(p.issues[0].kind, BL_PI_LABEL);
	assert_int_equal(p.issues[0].len, 4);
	/* article ids are no labels */
	parse(&p, "S12");
	assert_int_equal(p.nissues, 0);
	parse(&p, "p12");
	assert_int_equal(p.nissues, 0);
	/* after the pages */
	parse(&p, "12" EN "17 pp.");
	assert_int_equal(p.nissues, 1);
	assert_int_equal(p.issues[0].kind, BL_PI_LABEL);
	assert_int_equal(p.issues[0].off, 7);
	assert_int_equal(p.issues[0].len, 4);
	parse(&p, "573 p.");
	assert_int_equal(p.issues[0].kind, BL_PI_LABEL);
	assert_int_equal(p.issues[0].off, 3);
	/* "and following" is a passage, not pages */
	parse(&p, "12ff");
	assert_int_equal(p.issues[0].kind, BL_PI_JUNK);
	/* a label alone is junk */
	parse(&p, "pages");
	assert_int_equal(p.nissues, 1);
	assert_int_equal(p.issues[0].kind, BL_PI_JUNK);
}

static void test_spaces_trailing_junk(void **state)
{
	struct bl_pages p;

	(void)state;
	parse(&p, "12 " EN " 17");
	assert_int_equal(p.nranges, 1);
	assert_int_equal(p.nissues, 2);
	assert_int_equal(p.issues[0].kind, BL_PI_SPACE);
	assert_int_equal(p.issues[0].off, 2);
	assert_int_equal(p.issues[0].len, 1);
	assert_int_equal(p.issues[1].off, 6);
	assert_int_equal(p.issues[1].len, 1);
	/* a no-break space before the dash */
	parse(&p, "12\xc2\xa0-17");
	assert_int_equal(p.nissues, 1);
	assert_int_equal(p.issues[0].len, 2);
	parse(&p, "12 , 19");
	assert_int_equal(p.nissues, 1);
	assert_int_equal(p.issues[0].off, 2);

	parse(&p, "12" EN "17.");
	assert_int_equal(p.nissues, 1);
	assert_int_equal(p.issues[0].kind, BL_PI_TRAILING);
	assert_int_equal(p.issues[0].off, 7);
	assert_int_equal(p.issues[0].len, 1);
	parse(&p, "12,");
	assert_int_equal(p.issues[0].kind, BL_PI_TRAILING);

	parse(&p, "12 (suppl.)");
	assert_int_equal(p.nissues, 1);
	assert_int_equal(p.issues[0].kind, BL_PI_JUNK);
	assert_int_equal(p.issues[0].off, 3);
	assert_int_equal(p.issues[0].len, 8);
	parse(&p, "12-");
	assert_int_equal(p.issues[0].kind, BL_PI_JUNK);
	assert_int_equal(p.issues[0].off, 2);
	parse(&p, "3\\-B");
	assert_int_equal(p.issues[0].kind, BL_PI_JUNK);
	assert_int_equal(p.issues[0].off, 1);
	/* junk stops at a separator; what follows is read */
	parse(&p, "passim, 12");
	assert_int_equal(p.nissues, 1);
	assert_int_equal(p.issues[0].len, 6);
	assert_int_equal(p.nranges, 1);
}

static enum bl_range_order order_of(const char *s)
{
	struct bl_pages p;

	bl_pages_parse(&p, s, strlen(s));
	assert_int_equal(p.nranges, 1);
	return bl_page_range_order(&p.ranges[0], s);
}

static void test_order(void **state)
{
	(void)state;
	assert_int_equal(order_of("295" EN "346"), BL_RANGE_OK);
	assert_int_equal(order_of("17" EN "17"), BL_RANGE_OK);
	assert_int_equal(order_of("346" EN "295"), BL_RANGE_REVERSED);
	assert_int_equal(order_of("295" EN "46"), BL_RANGE_ABBREVIATED);
	assert_int_equal(order_of("1234" EN "56"), BL_RANGE_ABBREVIATED);
	assert_int_equal(order_of("xv" EN "xi"), BL_RANGE_REVERSED);
	assert_int_equal(order_of("S17" EN "S12"), BL_RANGE_REVERSED);
	assert_int_equal(order_of("R583-6"), BL_RANGE_ABBREVIATED);
	assert_int_equal(order_of("xi" EN "12"), BL_RANGE_UNCOMPARABLE);
	assert_int_equal(order_of("S3" EN "A4"), BL_RANGE_UNCOMPARABLE);
	/* 20 and 30 digits: no overflow, compared as digit strings */
	assert_int_equal(order_of("12345678901234567890" EN "12345678901234567891"),
			 BL_RANGE_OK);
	assert_int_equal(order_of("12345678901234567891" EN "12345678901234567890"),
			 BL_RANGE_REVERSED);
	assert_int_equal(order_of("999999999999999999999999999999" EN
				  "100000000000000000000000000000"), BL_RANGE_REVERSED);
	assert_int_equal(order_of("99999999999999999999" EN
				  "100000000000000000000000000000"), BL_RANGE_OK);
	assert_int_equal(order_of("007" EN "10"), BL_RANGE_OK);
}

static void expect_expand(const char *s, const char *want)
{
	struct bl_pages p;
	char buf[64];
	size_t n;

	bl_pages_parse(&p, s, strlen(s));
	assert_int_equal(p.nranges, 1);
	n = bl_page_range_expand(&p.ranges[0], s, buf, sizeof(buf));
	assert_int_equal(n, strlen(want));
	assert_string_equal(buf, want);
}

static void test_expand(void **state)
{
	(void)state;
	expect_expand("295" EN "46", "346");
	expect_expand("2787-816", "2816");
	expect_expand("1536-538", "1538");
	expect_expand("1234" EN "56", "1256");
	expect_expand("110-5", "115");
	expect_expand("999-10", "1010");
	expect_expand("99-1", "101");
	expect_expand("12345678901234567890-99", "12345678901234567899");
	expect_expand("12345678901234567890-1", "12345678901234567891");
	expect_expand("R583-6", "586");
}

/* ---- checks on lists -------------------------------------------------- */

struct run {
	struct bl_source *src;
	struct bl_result res;
};

/* Lints CSL-YAML text with only the pages rules on. */
static void lint(struct run *r, const char *text, const struct bl_style *style)
{
	struct bl_lint_opts opts;
	struct bl_error err;
	int i;

	r->src = bl_source_new("t.yml", text, strlen(text));
	bl_lint_opts_init(&opts);
	for (i = 0; i < BL_R__COUNT; i++)
		if (strncmp(bl_rules[i]->id, "pages/", 6) != 0)
			opts.sev[i] = BL_SEV_OFF;
	opts.style = style;
	assert_int_equal(bl_lint(&r->res, r->src, &opts, &err), BL_OK);
}

static void release(struct run *r)
{
	bl_result_release(&r->res);
	bl_source_free(r->src);
}

static const struct bl_finding *nth(const struct run *r, int rule, size_t k)
{
	size_t i;

	for (i = 0; i < r->res.count; i++)
		if (r->res.findings[i].rule == rule && k-- == 0)
			return &r->res.findings[i];
	return NULL;
}

static size_t count(const struct run *r, int rule)
{
	size_t i, n = 0;

	for (i = 0; i < r->res.count; i++)
		n += r->res.findings[i].rule == rule;
	return n;
}

static void test_check_spans_and_fixes(void **state)
{
	const char *text = "- id: a\n  page: \"pp. 295-46.\"\n";
	const char *pp = strstr(text, "pp."), *dash = strchr(text, '-') ;
	const struct bl_finding *f;
	struct run r;

	(void)state;
	dash = strstr(text, "295-") + 3;
	lint(&r, text, NULL);
	assert_int_equal(r.res.count, 4);
	f = nth(&r, BL_R_pages_label, 0);
	assert_non_null(f);
	assert_int_equal(f->start, pp - text);
	assert_int_equal(f->end, pp - text + 4);
	assert_non_null(f->fix);
	assert_true(f->fix->safe);
	assert_string_equal(f->fix->replacement, "");
	f = nth(&r, BL_R_pages_range_dash, 0);
	assert_non_null(f);
	assert_int_equal(f->start, dash - text);
	assert_int_equal(f->end, dash - text + 1);
	assert_string_equal(f->fix->replacement, EN);
	assert_true(f->fix->safe);
	f = nth(&r, BL_R_pages_abbreviated_range, 0);
	assert_non_null(f);
	assert_int_equal(f->start, dash - text + 1);
	assert_string_equal(f->fix->replacement, "346");
	assert_false(f->fix->safe);
	f = nth(&r, BL_R_pages_trailing_punctuation, 0);
	assert_non_null(f);
	assert_int_equal(f->start, dash - text + 3);
	release(&r);
}

static void test_check_good_values(void **state)
{
	struct run r;

	(void)state;
	lint(&r, "- id: a\n  page: 12\n"
		 "- id: b\n  page: xi" EN "xv\n"
		 "- id: c\n  page: e1234\n"
		 "- id: d\n  page: S12" EN "S17\n"
		 "- id: e\n  page: 12" EN "17, 19\n"
		 "- id: f\n  page: 12345678901234567890\n"
		 "- id: g\n  page: 123456789012345678901234567890" EN
		 "123456789012345678901234567899\n", NULL);
	assert_int_equal(r.res.count, 0);
	release(&r);
}

static void test_check_not_exact(void **state)
{
	/* an escaped scalar is not byte for byte the source: whole value, no fix */
	const char *text = "- id: a\n  page: \"12\\x2D17\"\n";
	const char *q = strchr(text, '"');
	const struct bl_finding *f;
	struct run r;

	(void)state;
	lint(&r, text, NULL);
	f = nth(&r, BL_R_pages_range_dash, 0);
	assert_non_null(f);
	assert_int_equal(f->start, q + 1 - text);
	assert_int_equal(f->end, strrchr(text, '"') - text);
	assert_null(f->fix);
	release(&r);
}

static void test_check_bibtex_wants_two_hyphens(void **state)
{
	const char *text = "@article{a, pages = {12-17}}\n@article{b, pages = {12--17}}\n"
			   "@article{c, pages = {12" EN "17}}\n";
	struct bl_source *src = bl_source_new("t.bib", text, strlen(text));
	struct bl_lint_opts opts;
	struct bl_result res;
	struct bl_error err;
	size_t i, n = 0;
	int k;

	(void)state;
	bl_lint_opts_init(&opts);
	for (k = 0; k < BL_R__COUNT; k++)
		if (k != BL_R_pages_range_dash)
			opts.sev[k] = BL_SEV_OFF;
	assert_int_equal(bl_lint(&res, src, &opts, &err), BL_OK);
	for (i = 0; i < res.count; i++) {
		const struct bl_finding *f = &res.findings[i];

		if (f->rule != BL_R_pages_range_dash)
			continue;
		n++;
		assert_non_null(strstr(f->message, "BibTeX wants two hyphens"));
		assert_non_null(f->fix);
		assert_string_equal(f->fix->replacement, "--");
		/* the hyphen of a and the en dash of c, never b's "--" */
		assert_true(f->start < (uint32_t)(strstr(text, "@article{b") - text) ||
			    f->start > (uint32_t)(strstr(text, "@article{c") - text));
	}
	assert_int_equal(n, 2);
	bl_result_release(&res);
	bl_source_free(src);
}

static void test_check_mixed_majority(void **state)
{
	const struct bl_style *open = bl_style_find_for_tests("tests/styles/open-dash.yml");
	const char *text = "- id: a\n  page: 1" EN "2\n- id: b\n  page: 3" EN "4\n"
			   "- id: c\n  page: 5" EN "6\n- id: d\n  page: 7-8\n";
	const struct bl_finding *f;
	struct run r;

	(void)state;
	assert_non_null(open);
	lint(&r, text, open);
	assert_int_equal(count(&r, BL_R_pages_range_dash), 0);
	assert_int_equal(count(&r, BL_R_pages_mixed_dash), 1);
	f = nth(&r, BL_R_pages_mixed_dash, 0);
	assert_non_null(strstr(f->message, "3 of 4 entries use an en dash"));
	assert_int_equal(f->start, strstr(text, "7-8") - text + 1);
	assert_string_equal(f->fix->replacement, EN);
	release(&r);

	/* a tie sets no convention */
	lint(&r, "- id: a\n  page: 1" EN "2\n- id: b\n  page: 3-4\n", open);
	assert_int_equal(r.res.count, 0);
	release(&r);

	/* the default style wants an en dash: range-dash, not mixed-dash */
	lint(&r, text, NULL);
	assert_int_equal(count(&r, BL_R_pages_mixed_dash), 0);
	assert_int_equal(count(&r, BL_R_pages_range_dash), 1);
	release(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_single_and_list),
		cmocka_unit_test(test_dashes),
		cmocka_unit_test(test_roman_and_ids),
		cmocka_unit_test(test_labels),
		cmocka_unit_test(test_spaces_trailing_junk),
		cmocka_unit_test(test_order),
		cmocka_unit_test(test_expand),
		cmocka_unit_test(test_check_spans_and_fixes),
		cmocka_unit_test(test_check_good_values),
		cmocka_unit_test(test_check_not_exact),
		cmocka_unit_test(test_check_bibtex_wants_two_hyphens),
		cmocka_unit_test(test_check_mixed_majority),
	};

	return cmocka_run_group_tests_name("pages", tests, NULL, NULL);
}
