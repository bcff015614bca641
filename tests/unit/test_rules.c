/*
 * test_rules.c - every rule's documented examples: with only that rule (and
 * the readers' syntax and encoding rules) enabled, the bad example reports
 * the rule and nothing else, the good example reports nothing. Also
 * checks the rule table itself (ids, docs, order).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "engine.h"
#include "style.h"

static const char *example_path(const struct bl_rule *r)
{
	switch (r->example_format) {
	case BL_FMT_CSL_JSON: return "example.json";
	case BL_FMT_BIBTEX: return "example.bib";
	case BL_FMT_MARKDOWN: return "example.md";
	case BL_FMT_FORMATTED: return "example.txt";
	default: return "example.yml";
	}
}

static void run_example(int rule, const char *text, size_t *same, size_t *other,
			char *others, size_t others_len)
{
	const struct bl_rule *r = bl_rules[rule];
	struct bl_source *src = bl_source_new(example_path(r), text, strlen(text));
	struct bl_lint_opts opts;
	struct bl_result res;
	struct bl_error err;
	size_t i;

	bl_lint_opts_init(&opts);
	/* examples run with only their rule and the readers' own rules on, so
	 * that an example need not satisfy every other rule */
	for (i = 0; i < BL_R__COUNT; i++)
		if ((int)i != rule && i != BL_R_input_syntax && i != BL_R_input_encoding)
			opts.sev[i] = BL_SEV_OFF;
	if (opts.sev[rule] == BL_SEV_OFF)
		opts.sev[rule] = BL_SEV_INFO;
	opts.named = true;
	if (r->example_style) {
		opts.style = bl_style_find_for_tests(r->example_style);
		assert_non_null(opts.style);
	}
	assert_int_equal(bl_lint(&res, src, &opts, &err), BL_OK);
	*same = *other = 0;
	others[0] = '\0';
	for (i = 0; i < res.count; i++) {
		if (res.findings[i].rule == rule) {
			(*same)++;
		} else {
			size_t n = strlen(others);

			(*other)++;
			snprintf(others + n, others_len - n, " %s(%s)",
				 bl_rules[res.findings[i].rule]->id, res.findings[i].message);
		}
	}
	bl_result_release(&res);
	bl_source_free(src);
}

static void test_examples(void **state)
{
	int i, failures = 0;
	char others[4096];

	(void)state;
	for (i = 0; i < BL_R__COUNT; i++) {
		const struct bl_rule *r = bl_rules[i];
		size_t same, other;

		run_example(i, r->bad, &same, &other, others, sizeof(others));
		if (same == 0 || other != 0) {
			fprintf(stderr, "%s: bad example reports %zu of its own and %zu others:%s\n",
				r->id, same, other, others);
			failures++;
		}
		run_example(i, r->good, &same, &other, others, sizeof(others));
		if (same != 0 || other != 0) {
			fprintf(stderr, "%s: good example reports %zu of its own and %zu others:%s\n",
				r->id, same, other, others);
			failures++;
		}
	}
	assert_int_equal(failures, 0);
}

static void test_table(void **state)
{
	int i, j;

	(void)state;
	for (i = 0; i < BL_R__COUNT; i++) {
		const struct bl_rule *r = bl_rules[i];
		const char *slash = strchr(r->id, '/');

		assert_non_null(slash);
		assert_true(slash > r->id && slash[1] != '\0');
		assert_non_null(r->summary);
		assert_true(r->summary[strlen(r->summary) - 1] != '.');
		assert_non_null(r->doc);
		assert_true(strlen(r->doc) > 40);
		assert_non_null(r->bad);
		assert_non_null(r->good);
		assert_true(r->severity != BL_SEV_OFF);
		for (j = 0; j < i; j++)
			assert_string_not_equal(r->id, bl_rules[j]->id);
		assert_int_equal(bl_rule_find(r->id), i);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_table),
		cmocka_unit_test(test_examples),
	};

	return cmocka_run_group_tests_name("rules", tests, NULL, NULL);
}
