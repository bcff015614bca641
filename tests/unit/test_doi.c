/*
 * test_doi.c - DOI shapes (published DOIs of many forms, and malformed
 * ones), splitting a DOI field into prefix, DOI and punctuation, finding
 * DOIs in free text, and the doi checks on lists: exact spans, fixes and
 * duplicates through the hash table.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check/doi.h"
#include "engine.h"
#include "value_assert.h"

static enum bl_doi_shape shape(const char *s, size_t *at, size_t *len)
{
	return bl_doi_shape(s, strlen(s), at, len);
}

static void test_valid_shapes(void **state)
{
	static const char *const valid[] = {
		"10.1000/182",
		"10.1080/09592290600695292",
		"10.1002/(SICI)1097-4636(199706)35:4<411::AID-JBM2>3.0.CO;2-M",
		"10.1130/0091-7613(1995)023<0579:EOCSPA>2.3.CO;2",
		"10.1007/978-3-540-30230-8_2",
		"10.1016/S0140-6736(20)30183-5",
		"10.1371/journal.pone.0012345",
		"10.1111/j.1468-0297.2009.02300.x",
		"10.1021/ja00051a040",
		"10.48550/arXiv.2101.00001",
		"10.3389/fpsyg.2020.00001",
		"10.1000.10/123",           /* a subdivided registrant */
		"10.1234.5678/abc",
		"10.123456789/x",           /* nine digits */
		"10.1000/ABC#def",
		"10.1000/a;b:c",
		"10.1093/ajae/aaq063",
		"10.5555/\xd0\xb4\xd0\xbe\xd0\xba",   /* Unicode suffixes are allowed */
	};
	size_t i, at, len;

	(void)state;
	for (i = 0; i < BL_ARRAY_SIZE(valid); i++) {
		if (shape(valid[i], &at, &len) != BL_DOI_OK)
			fail_msg("'%s' should be a valid DOI", valid[i]);
	}
}

static void test_invalid_shapes(void **state)
{
	static const struct {
		const char *doi;
		enum bl_doi_shape shape;
		size_t at, len;
	} bad[] = {
		{ "11.1000/182", BL_DOI_NOT_10, 0, 7 },
		{ "10/bbbbb", BL_DOI_NOT_10, 0, 2 },
		{ "doi:10.1000/182", BL_DOI_NOT_10, 0, 11 },
		{ "10.123/abc", BL_DOI_REGISTRANT, 3, 3 },
		{ "10.1234567890/x", BL_DOI_REGISTRANT, 3, 10 },
		{ "10.1OO2/x", BL_DOI_REGISTRANT, 4, 1 },
		{ "10.x/nope", BL_DOI_REGISTRANT, 3, 1 },
		{ "10.1000./x", BL_DOI_REGISTRANT, 7, 2 },
		{ "10.1000", BL_DOI_NO_SLASH, 7, 0 },
		{ "10.1000/", BL_DOI_EMPTY_SUFFIX, 7, 1 },
		{ "10.1000/a\"b", BL_DOI_BAD_CHAR, 9, 1 },
		{ "10.1000/a\\_b", BL_DOI_BAD_CHAR, 9, 1 },
		{ "10.1000/a{b}", BL_DOI_BAD_CHAR, 9, 1 },
		{ "10.1000/a\xe2\x80\x93" "b", BL_DOI_BAD_CHAR, 9, 3 },  /* en dash */
		{ "10.1000/a\xe2\x80\x8b" "b", BL_DOI_BAD_CHAR, 9, 3 },  /* zero width */
		{ "10.1000/a\x01", BL_DOI_BAD_CHAR, 9, 1 },
	};
	size_t i, at, len;

	(void)state;
	for (i = 0; i < BL_ARRAY_SIZE(bad); i++) {
		enum bl_doi_shape got = shape(bad[i].doi, &at, &len);

		if (got != bad[i].shape || at != bad[i].at || len != bad[i].len)
			fail_msg("'%s': shape %d at %zu+%zu, expected %d at %zu+%zu",
				 bad[i].doi, got, at, len, bad[i].shape, bad[i].at,
				 bad[i].len);
	}
	/* white space is the doi/whitespace rule's, not a shape problem */
	assert_int_equal(shape("10.1080/0959229 0600695292", &at, &len), BL_DOI_OK);
}

static void test_split(void **state)
{
	struct bl_doi_parts d;
	const char *s;

	(void)state;
	s = "https://doi.org/10.1000/182";
	bl_doi_split(&d, s, strlen(s));
	assert_int_equal(d.prefix, BL_DOIP_URL);
	assert_int_equal(d.prefix_off, 0);
	assert_int_equal(d.prefix_len, 16);
	assert_int_equal(d.core_off, 16);
	assert_int_equal(d.core_len, 11);
	assert_int_equal(d.punct_len, 0);

	s = "HTTP://DX.DOI.ORG/10.1000/182";
	bl_doi_split(&d, s, strlen(s));
	assert_int_equal(d.prefix, BL_DOIP_URL);
	assert_int_equal(d.prefix_len, 18);

	s = "doi: 10.1000/182.";
	bl_doi_split(&d, s, strlen(s));
	assert_int_equal(d.prefix, BL_DOIP_LABEL);
	assert_int_equal(d.prefix_len, 5);
	assert_int_equal(d.core_off, 5);
	assert_int_equal(d.core_len, 11);
	assert_int_equal(d.punct_off, 16);
	assert_int_equal(d.punct_len, 1);

	s = " 10.1000/182 ";
	bl_doi_split(&d, s, strlen(s));
	assert_int_equal(d.lead, 1);
	assert_int_equal(d.prefix_len, 0);
	assert_int_equal(d.core_off, 1);
	assert_int_equal(d.core_len, 11);
	assert_int_equal(d.punct_len, 0);
	assert_int_equal(d.trail_off, 12);
	assert_int_equal(d.trail_len, 1);

	s = "DOI 10.1000/182;  ";
	bl_doi_split(&d, s, strlen(s));
	assert_int_equal(d.prefix, BL_DOIP_LABEL);
	assert_int_equal(d.prefix_len, 4);
	assert_int_equal(d.core_len, 11);
	assert_int_equal(d.punct_off, 15);
	assert_int_equal(d.punct_len, 1);
	assert_int_equal(d.trail_len, 2);

	/* a URL and a label: both are prefix */
	s = "doi: https://doi.org/10.1000/182";
	bl_doi_split(&d, s, strlen(s));
	assert_int_equal(d.prefix, BL_DOIP_LABEL);
	assert_int_equal(d.prefix_len, 21);
}

static void expect_find(const char *s, bool bare, const char *want)
{
	size_t off, len;

	if (!want) {
		if (bl_doi_find(s, strlen(s), bare, &off, &len))
			fail_msg("found '%.*s' in '%s'", (int)len, s + off, s);
		return;
	}
	if (!bl_doi_find(s, strlen(s), bare, &off, &len))
		fail_msg("no DOI found in '%s'", s);
	if (len != strlen(want) || memcmp(s + off, want, len) != 0)
		fail_msg("found '%.*s' in '%s', expected '%s'", (int)len, s + off, s, want);
}

static void test_find(void **state)
{
	(void)state;
	expect_find("https://doi.org/10.1000/182", false, "10.1000/182");
	expect_find("see doi:10.1000/182.", false, "10.1000/182");
	expect_find("DOI 10.1080/09592290600695292, retrieved", false,
		    "10.1080/09592290600695292");
	expect_find("(10.1000/182)", true, "10.1000/182");
	expect_find("(10.1000/182)", false, NULL);
	expect_find("doi:10.1002/(SICI)1097-4636(199706)35:4<411::AID-JBM2>3.0.CO;2-M.",
		    false, "10.1002/(SICI)1097-4636(199706)35:4<411::AID-JBM2>3.0.CO;2-M");
	expect_find("<https://doi.org/10.1000/182>", false, "10.1000/182");
	expect_find("version 10.1 of the software", true, NULL);
	expect_find("pseudoi 10.1000/1", false, NULL);
	expect_find("https://example.org/10.1000/182", false, NULL);
}

/* ---- checks on lists -------------------------------------------------- */

static void lint(struct bl_result *res, struct bl_source **src, const char *text)
{
	struct bl_lint_opts opts;
	struct bl_error err;
	int i;

	*src = bl_source_new("t.yml", text, strlen(text));
	bl_lint_opts_init(&opts);
	for (i = 0; i < BL_R__COUNT; i++)
		if (strncmp(bl_rules[i]->id, "doi/", 4) != 0)
			opts.sev[i] = BL_SEV_OFF;
	assert_int_equal(bl_lint(res, *src, &opts, &err), BL_OK);
}

static const struct bl_finding *find_rule(const struct bl_result *res, int rule)
{
	size_t i;

	for (i = 0; i < res->count; i++)
		if (res->findings[i].rule == rule)
			return &res->findings[i];
	return NULL;
}

static void test_check_prefix_and_punctuation(void **state)
{
	const char *text = "- id: a\n  DOI: https://doi.org/10.1000/182.\n";
	const char *url = strstr(text, "https"), *dot = strstr(text, "182.") + 3;
	const struct bl_finding *f;
	struct bl_source *src;
	struct bl_result res;

	(void)state;
	lint(&res, &src, text);
	assert_int_equal(res.count, 2);
	f = find_rule(&res, BL_R_doi_url_prefix);
	assert_non_null(f);
	assert_int_equal(f->start, url - text);
	assert_int_equal(f->end, url - text + 16);
	assert_true(f->fix && f->fix->safe);
	assert_string_equal(f->fix->replacement, "");
	f = find_rule(&res, BL_R_doi_trailing_punctuation);
	assert_non_null(f);
	assert_int_equal(f->start, dot - text);
	assert_int_equal(f->end, dot - text + 1);
	assert_true(f->fix && f->fix->safe);
	bl_result_release(&res);
	bl_source_free(src);

	/* a percent-encoded URL: the fix decodes, and is not safe */
	text = "- id: a\n  DOI: https://doi.org/10.1002/%28SICI%291097\n";
	lint(&res, &src, text);
	f = find_rule(&res, BL_R_doi_url_prefix);
	assert_non_null(f);
	assert_non_null(f->fix);
	assert_false(f->fix->safe);
	assert_string_equal(f->fix->replacement, "10.1002/(SICI)1097");
	bl_result_release(&res);
	bl_source_free(src);
}

static void test_check_hidden(void **state)
{
	const char *text = "- id: a\n  URL: https://doi.org/10.1000/182\n"
			   "- id: b\n  DOI: 10.1000/183\n  URL: https://doi.org/10.1000/183\n"
			   "- id: c\n  URL: https://example.org/10.1000/184\n"
			   "- id: d\n  note: \"Reprinted; doi:10.1000/185.\"\n";
	const struct bl_finding *f;
	struct bl_source *src;
	struct bl_result res;
	size_t i, n = 0;

	(void)state;
	lint(&res, &src, text);
	for (i = 0; i < res.count; i++) {
		f = &res.findings[i];
		assert_int_equal(f->rule, BL_R_doi_in_other_field);
		assert_null(f->fix);
		n++;
	}
	assert_int_equal(n, 2);
	assert_int_equal(res.findings[0].start, strstr(text, "10.1000/182") - text);
	assert_int_equal(res.findings[1].start, strstr(text, "10.1000/185") - text);
	assert_int_equal(res.findings[1].end, strstr(text, "10.1000/185") - text + 11);
	bl_result_release(&res);
	bl_source_free(src);
}

static void test_check_duplicates(void **state)
{
	struct bl_strbuf sb = BL_STRBUF_INIT;
	const struct bl_finding *f;
	struct bl_source *src;
	struct bl_result res;
	const char *first, *second;
	size_t i;

	(void)state;
	/* many distinct DOIs and one repeated in another case and form */
	for (i = 0; i < 5000; i++)
		bl_strbuf_addf(&sb, "- id: e%zu\n  DOI: 10.5555/%zu\n", i, i * 7919);
	bl_strbuf_addstr(&sb, "- id: first\n  DOI: 10.1080/ABC.def\n");
	for (i = 0; i < 100; i++)
		bl_strbuf_addf(&sb, "- id: f%zu\n  DOI: 10.6666/%zu\n", i, i);
	bl_strbuf_addstr(&sb, "- id: second\n  DOI: https://doi.org/10.1080/abc.DEF\n");
	lint(&res, &src, sb.buf);
	first = strstr(sb.buf, "10.1080/ABC");
	second = strstr(sb.buf, "10.1080/abc");
	assert_int_equal(res.count, 2);     /* the duplicate and the URL prefix */
	f = find_rule(&res, BL_R_doi_duplicate);
	assert_non_null(f);
	assert_value_equal(&f->entry->id, "second");
	assert_int_equal(f->start, second - sb.buf);
	assert_true(f->has_related);
	assert_int_equal(f->related_start, first - sb.buf);
	assert_non_null(strstr(f->message, "'first'"));
	bl_result_release(&res);
	bl_source_free(src);
	bl_strbuf_release(&sb);
}

static void test_check_whitespace_and_shape(void **state)
{
	const char *text = "- id: a\n  DOI: 10.1080/0959229 0600695292\n"
			   "- id: b\n  DOI: 10.1OO2/anie\n";
	const struct bl_finding *f;
	struct bl_source *src;
	struct bl_result res;

	(void)state;
	lint(&res, &src, text);
	assert_int_equal(res.count, 2);
	f = find_rule(&res, BL_R_doi_whitespace);
	assert_non_null(f);
	assert_int_equal(f->start, strstr(text, "9 06") - text + 1);
	assert_int_equal(f->end - f->start, 1);
	assert_non_null(f->fix);
	assert_false(f->fix->safe);
	f = find_rule(&res, BL_R_doi_shape);
	assert_non_null(f);
	assert_int_equal(f->start, strstr(text, "OO2") - text);
	assert_int_equal(f->end - f->start, 1);
	assert_null(f->fix);
	bl_result_release(&res);
	bl_source_free(src);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_valid_shapes),
		cmocka_unit_test(test_invalid_shapes),
		cmocka_unit_test(test_split),
		cmocka_unit_test(test_find),
		cmocka_unit_test(test_check_prefix_and_punctuation),
		cmocka_unit_test(test_check_hidden),
		cmocka_unit_test(test_check_duplicates),
		cmocka_unit_test(test_check_whitespace_and_shape),
	};

	return cmocka_run_group_tests_name("doi", tests, NULL, NULL);
}
