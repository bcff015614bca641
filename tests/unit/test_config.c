/*
 * test_config.c - .biblint.yml: globs, discovery up to the repository
 * root, severities by id and family, per-path overrides, which files are
 * reference files, and positioned errors with suggestions.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "config.h"

static char root[64];

static void put(const char *rel, const char *text)
{
	char path[256], dir[256], *slash;
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", root, rel);
	snprintf(dir, sizeof(dir), "%s", path);
	for (slash = strchr(dir + strlen(root) + 1, '/'); slash; slash = strchr(slash + 1, '/')) {
		*slash = '\0';
		mkdir(dir, 0755);
		*slash = '/';
	}
	f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

static char *at(const char *rel)
{
	static char buf[4][256];
	static int k;

	k = (k + 1) % 4;
	snprintf(buf[k], sizeof(buf[k]), "%s/%s", root, rel);
	return buf[k];
}

static void test_globs(void **state)
{
	(void)state;
	assert_true(bl_glob_match("*.bib", "refs.bib"));
	assert_true(bl_glob_match("*.bib", "a/b/refs.bib"));
	assert_false(bl_glob_match("*.bib", "refs.bibx"));
	assert_true(bl_glob_match("refs/*.yml", "refs/a.yml"));
	assert_false(bl_glob_match("refs/*.yml", "refs/x/a.yml"));
	assert_false(bl_glob_match("refs/*.yml", "other/refs/a.yml"));
	assert_true(bl_glob_match("refs/**/*.yml", "refs/a.yml"));
	assert_true(bl_glob_match("refs/**/*.yml", "refs/x/y/a.yml"));
	assert_true(bl_glob_match("**/refs.yml", "refs.yml"));
	assert_true(bl_glob_match("**/refs.yml", "deep/er/refs.yml"));
	assert_true(bl_glob_match("legacy/", "legacy/2019/a.yml"));
	assert_true(bl_glob_match("legacy", "legacy/2019/a.yml"));
	assert_true(bl_glob_match("articles/legacy", "articles/legacy/a.yml"));
	assert_false(bl_glob_match("articles/legacy", "articles/legacy2/a.yml"));
	assert_true(bl_glob_match("a?c.[jy]ml", "abc.yml"));
	assert_false(bl_glob_match("a?c.[!y]ml", "abc.yml"));
	assert_true(bl_glob_match("/top.yml", "top.yml"));
	assert_false(bl_glob_match("/top.yml", "sub/top.yml"));
}

static void test_discovery_and_overrides(void **state)
{
	struct bl_config_set *cs = bl_config_set_new(NULL, NULL);
	struct bl_lint_opts base, out;
	struct bl_error err;
	const struct bl_config *cfg;
	int dash = bl_rule_find("pages/range-dash");
	int syntax = bl_rule_find("input/syntax");
	int unused = bl_rule_find("meta/unused-suppression");
	int bad = bl_rule_find("meta/bad-suppression");

	(void)state;
	assert_true(dash >= 0 && syntax >= 0 && unused >= 0 && bad >= 0);
	put(".biblint.yml", "style: gost-r-7.0.100-2018\n"
			    "rules:\n"
			    "  meta/*: info\n"
			    "  meta/bad-suppression: error\n"
			    "overrides:\n"
			    "  - files: [legacy/]\n"
			    "    style: apa-7\n"
			    "    rules: {pages/range-dash: off}\n");
	put("sub/nested/.biblint.yml", "rules: {meta: off}\n");
	mkdir(at(".git"), 0755);
	put("refs.yml", "- id: a\n");
	put("legacy/old.yml", "- id: a\n");

	bl_lint_opts_init(&base);
	base.sev[syntax] = BL_SEV_OFF;        /* as --ignore would */
	assert_int_equal(bl_config_for_path(&out, cs, at("refs.yml"), &base, &err), BL_OK);
	assert_string_equal(out.style->name, "gost-r-7.0.100-2018");
	assert_int_equal(out.sev[unused], BL_SEV_INFO);
	assert_int_equal(out.sev[bad], BL_SEV_ERROR);      /* later entries win */
	assert_int_equal(out.sev[dash], bl_rules[dash]->severity);
	assert_int_equal(out.sev[syntax], BL_SEV_OFF);     /* the command line wins */

	assert_int_equal(bl_config_for_path(&out, cs, at("legacy/old.yml"), &base, &err), BL_OK);
	assert_string_equal(out.style->name, "apa-7");
	assert_int_equal(out.sev[dash], BL_SEV_OFF);
	assert_int_equal(out.sev[unused], BL_SEV_INFO);

	/* the nearest file wins; it does not inherit from the one above */
	assert_int_equal(bl_config_for_path(&out, cs, at("sub/nested/deeper/x.yml"), &base,
					    &err), BL_OK);
	assert_int_equal(out.sev[unused], BL_SEV_OFF);
	assert_string_equal(out.style->name, "default");
	assert_int_equal(bl_config_find(&cfg, cs, at("sub/other.yml"), &err), BL_OK);
	assert_non_null(cfg);
	assert_string_equal(bl_config_path(cfg), at(".biblint.yml"));
	/* a configuration above a repository's root is not used */
	put("u/.git/HEAD", "");
	assert_int_equal(bl_config_find(&cfg, cs, at("u/refs/a.yml"), &err), BL_OK);
	assert_null(cfg);
	bl_config_set_free(cs);

	/* --style wins over the configuration */
	cs = bl_config_set_new(NULL, "chicago-author-date");
	assert_int_equal(bl_config_for_path(&out, cs, at("legacy/old.yml"), &base, &err), BL_OK);
	assert_string_equal(out.style->name, "chicago-author-date");
	assert_int_equal(out.sev[dash], BL_SEV_OFF);
	bl_config_set_free(cs);

	/* --config replaces discovery */
	put("elsewhere/custom.yml", "rules: {pages/range-dash: info}\n");
	cs = bl_config_set_new(at("elsewhere/custom.yml"), NULL);
	assert_int_equal(bl_config_for_path(&out, cs, at("legacy/old.yml"), &base, &err), BL_OK);
	assert_int_equal(out.sev[dash], BL_SEV_INFO);
	assert_string_equal(out.style->name, "default");
	bl_config_set_free(cs);
}

static void test_wants(void **state)
{
	struct bl_config_set *cs;
	struct bl_error err;
	bool yes;

	(void)state;
	put("w/.git/HEAD", "");
	put("w/.biblint.yml", "files: [\"refs/**/*.yml\", \"*.bib\"]\nexclude: [refs/vendor/]\n");
	cs = bl_config_set_new(NULL, NULL);
	assert_int_equal(bl_config_wants(&yes, cs, at("w/refs/a/b.yml"), &err), BL_OK);
	assert_true(yes);
	assert_int_equal(bl_config_wants(&yes, cs, at("w/refs/vendor/b.yml"), &err), BL_OK);
	assert_false(yes);
	assert_int_equal(bl_config_wants(&yes, cs, at("w/notes/b.yml"), &err), BL_OK);
	assert_false(yes);
	assert_int_equal(bl_config_wants(&yes, cs, at("w/x/y/z.bib"), &err), BL_OK);
	assert_true(yes);
	bl_config_set_free(cs);

	/* a glob that would take the configuration itself does not */
	put("t/.git/HEAD", "");
	put("t/.biblint.yml", "files: [\"*.yml\"]\n");
	cs = bl_config_set_new(NULL, NULL);
	assert_int_equal(bl_config_wants(&yes, cs, at("t/.biblint.yml"), &err), BL_OK);
	assert_false(yes);
	assert_int_equal(bl_config_wants(&yes, cs, at("t/refs.yml"), &err), BL_OK);
	assert_true(yes);
	bl_config_set_free(cs);

	/* without files:, by extension */
	put("v/.git/HEAD", "");
	put("v/.biblint.yml", "exclude: [drafts]\n");
	cs = bl_config_set_new(NULL, NULL);
	assert_int_equal(bl_config_wants(&yes, cs, at("v/a.json"), &err), BL_OK);
	assert_true(yes);
	assert_int_equal(bl_config_wants(&yes, cs, at("v/a.txt"), &err), BL_OK);
	assert_false(yes);
	assert_int_equal(bl_config_wants(&yes, cs, at("v/.hidden.yml"), &err), BL_OK);
	assert_false(yes);
	assert_int_equal(bl_config_wants(&yes, cs, at("v/drafts/a.yml"), &err), BL_OK);
	assert_false(yes);
	bl_config_set_free(cs);
}

static void expect_error(const char *text, const char *want)
{
	struct bl_config *cfg;
	struct bl_error err;

	put("bad/.biblint.yml", text);
	assert_int_equal(bl_config_load(&cfg, at("bad/.biblint.yml"), &err), BL_ERR);
	assert_null(cfg);
	if (!strstr(err.msg, want)) {
		fprintf(stderr, "error '%s' lacks '%s'\n", err.msg, want);
		fail();
	}
}

static void test_errors(void **state)
{
	char want[160];

	(void)state;
	snprintf(want, sizeof(want), "%s/bad/.biblint.yml:2:1: unknown configuration key "
		 "'rule'; did you mean 'rules'?", root);
	expect_error("style: apa-7\nrule:\n  pages/range-dash: off\n", want);
	expect_error("rules:\n  pages/rang-dash: off\n",
		     ".biblint.yml:2:3: unknown rule 'pages/rang-dash'; did you mean "
		     "'pages/range-dash'?");
	expect_error("rules:\n  pages/range-dash: loud\n",
		     ".biblint.yml:2:21: severity of 'pages/range-dash' must be error, "
		     "warning, info or off");
	expect_error("style: apa7\n", ".biblint.yml:1:8: unknown style 'apa7'; did you "
		     "mean 'apa-7'?");
	expect_error("overrides:\n  - style: apa-7\n", ".biblint.yml:2:5: an override "
		     "needs 'files:'");
	expect_error("overrides:\n  - files: [a/]\n    rules: {doi/shap: off}\n",
		     "3:13: unknown rule 'doi/shap'; did you mean 'doi/shape'?");
	expect_error("files: [a, [b]]\n", "1:12: each entry of 'files' must be a glob");
	expect_error("style: [apa-7\n", ".biblint.yml:2:1: invalid YAML");
	expect_error("- style\n", "a configuration must be a mapping");
}

static void test_empty_file(void **state)
{
	struct bl_config *cfg;
	struct bl_error err;

	(void)state;
	put("empty/.biblint.yml", "# nothing yet\n");
	assert_int_equal(bl_config_load(&cfg, at("empty/.biblint.yml"), &err), BL_OK);
	bl_config_free(cfg);
}

static int setup(void **state)
{
	(void)state;
	snprintf(root, sizeof(root), "/tmp/bl-config-XXXXXX");
	if (!mkdtemp(root))
		return -1;
	/* the repository lives one level down, so that a file beside it is
	 * "above the repository root" */
	strncat(root, "/repo", sizeof(root) - strlen(root) - 1);
	return mkdir(root, 0755);
}

static int teardown(void **state)
{
	char cmd[160];

	(void)state;
	bl_style_cache_clear();
	*strrchr(root, '/') = '\0';
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", root);
	return system(cmd) == 0 ? 0 : -1;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_globs),
		cmocka_unit_test(test_discovery_and_overrides),
		cmocka_unit_test(test_wants),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_empty_file),
	};

	return cmocka_run_group_tests_name("config", tests, setup, teardown);
}
