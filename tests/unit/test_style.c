/*
 * test_style.c - style files: the shipped styles load with the settings
 * they document, `extends` merges, malformed files are positioned errors,
 * and page-range abbreviation follows each range format.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "style.h"

static char tmpdir[64];

static void write_file(const char *name, const char *text)
{
	char path[256];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", tmpdir, name);
	f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

static int load_tmp(const struct bl_style **s, const char *name, struct bl_error *err)
{
	char path[256];

	snprintf(path, sizeof(path), "%s/%s", tmpdir, name);
	return bl_style_load(s, path, NULL, err);
}

static void test_shipped_styles(void **state)
{
	const struct bl_style *s;

	(void)state;
	s = bl_style_find_for_tests("gost-r-7.0.100-2018");
	assert_non_null(s);
	assert_string_equal(s->name, "gost-r-7.0.100-2018");
	assert_string_equal(s->locale, "ru");
	assert_true(s->cyrillic_first);
	assert_int_equal(s->order, BL_ORDER_SORTED);
	assert_string_equal(s->range_prefix, "\xd0\xa1.");   /* С. */
	assert_string_equal(s->total_pages, "\xd1\x81.");    /* с. */
	assert_string_equal(s->range_prefix_latin, "P.");
	assert_int_equal(s->doi_form, BL_DOI_ANY);

	s = bl_style_find_for_tests("apa-7");
	assert_non_null(s);
	assert_int_equal(s->doi_form, BL_DOI_URL);
	assert_string_equal(s->range_dash, "\xe2\x80\x93");
	assert_non_null(bl_style_required_for(s, "book"));
	assert_null(bl_style_required_for(s, "no-such-type"));

	s = bl_style_find_for_tests("quaestio-rossica");
	assert_non_null(s);
	assert_int_equal(s->doi_form, BL_DOI_LABEL);
	assert_string_equal(s->doi_label, "DOI ");
	assert_string_equal(s->translit_scheme, "quaestio-rossica");
	assert_true(s->romanised[BL_K_TITLE]);
	assert_false(s->romanised[BL_K_URL]);
	assert_non_null(bl_style_pattern(s, "article"));

	s = bl_style_find_for_tests("chicago-author-date");
	assert_non_null(s);
	assert_int_equal(s->range_format, BL_RANGE_CHICAGO);
	assert_string_equal(s->range_prefix, "");

	s = bl_style_find_for_tests("default");
	assert_non_null(s);
	assert_int_equal(s->doi_form, BL_DOI_ANY);
	assert_null(s->translit_scheme);
	assert_null(bl_style_find_for_tests("no-such-style"));
}

static void test_list(void **state)
{
	char **names;
	size_t n, i;
	struct bl_error err;
	bool gost = false, def = false;

	(void)state;
	assert_int_equal(bl_style_list(&names, &n, &err), BL_OK);
	assert_true(n >= 5);
	for (i = 0; i < n; i++) {
		gost |= strcmp(names[i], "gost-r-7.0.100-2018") == 0;
		def |= strcmp(names[i], "default") == 0;
		if (i)
			assert_true(strcmp(names[i - 1], names[i]) < 0);
	}
	for (i = 0; i < n; i++)
		free(names[i]);
	free(names);
	assert_true(gost && def);
}

static void test_extends(void **state)
{
	const struct bl_style *s;
	struct bl_error err;

	(void)state;
	write_file("house.yml", "extends: gost-r-7.0.100-2018\n"
				"description: our journal\n"
				"doi:\n  form: url\n"
				"pages:\n  total: \"стр.\"\n"
				"required:\n  book: [title, issued]\n");
	assert_int_equal(load_tmp(&s, "house.yml", &err), BL_OK);
	assert_string_equal(s->name, "house");
	assert_string_equal(s->parent, "gost-r-7.0.100-2018");
	assert_string_equal(s->description, "our journal");
	/* inherited */
	assert_string_equal(s->locale, "ru");
	assert_true(s->cyrillic_first);
	assert_string_equal(s->range_prefix, "\xd0\xa1.");
	/* overridden */
	assert_int_equal(s->doi_form, BL_DOI_URL);
	assert_string_equal(s->total_pages, "стр.");
	assert_int_equal(bl_style_required_for(s, "book")->nfields, 2);
	/* the parent's other types stay */
	assert_non_null(bl_style_required_for(s, "chapter"));

	/* a parent next to the file wins over the data directory */
	write_file("base.yml", "locale: de\n");
	write_file("child.yml", "extends: base\norder: none\n");
	assert_int_equal(load_tmp(&s, "child.yml", &err), BL_OK);
	assert_string_equal(s->locale, "de");
	assert_int_equal(s->order, BL_ORDER_NONE);
	assert_null(s->description);
	/* a style without extends: starts from the built-in default */
	assert_int_equal(load_tmp(&s, "base.yml", &err), BL_OK);
	assert_null(s->description);
	assert_string_equal(s->range_dash, "\xe2\x80\x93");
	assert_null(s->parent);
}

static void expect_error(const char *name, const char *text, const char *want)
{
	const struct bl_style *s;
	struct bl_error err;

	write_file(name, text);
	assert_int_equal(load_tmp(&s, name, &err), BL_ERR);
	if (!strstr(err.msg, want)) {
		fprintf(stderr, "error '%s' lacks '%s'\n", err.msg, want);
		fail();
	}
}

static void test_malformed(void **state)
{
	char want[128];

	(void)state;
	snprintf(want, sizeof(want), "%s/bad1.yml:3:1: unknown style key 'page'; did "
		 "you mean 'pages'?", tmpdir);
	expect_error("bad1.yml", "locale: en\norder: sorted\npage:\n  prefix: p.\n", want);
	snprintf(want, sizeof(want), "%s/bad2.yml:2:", tmpdir);
	expect_error("bad2.yml", "locale: en\n  order: [\n", want);
	expect_error("bad3.yml", "doi:\n  form: doi-url\n",
		     "bad3.yml:2:9: 'doi-url' is not one of any, bare, label or url");
	expect_error("bad4.yml", "patterns:\n  book: '(?<a>x'\n",
		     "bad4.yml:2:9: pattern 'book' is not a valid ICU regular expression");
	expect_error("bad5.yml", "extends: bad5\n", "extends itself");
	expect_error("bad6.yml", "extends: no-such-style-here\n",
		     "bad6.yml:1:10: cannot extend 'no-such-style-here': unknown style");
	expect_error("bad7.yml", "translit:\n  fields: [title, containertitle]\n",
		     "unknown field 'containertitle'; did you mean 'container-title'?");
	expect_error("bad8.yml", "- a\n- b\n", "a style file must be a mapping");
	expect_error("bad9.yml", "cyrillic-first: maybe\n", "bad9.yml:1:17: expected true or false");
}

static void check_end(enum bl_range_format fmt, const char *a, const char *b,
		      const char *want)
{
	char out[16];

	assert_true(bl_page_range_end(fmt, a, b, out, sizeof(out)));
	if (strcmp(out, want) != 0) {
		fprintf(stderr, "%s-%s (format %d): got %s, want %s\n", a, b, fmt, out, want);
		fail();
	}
}

static void test_page_range_end(void **state)
{
	char out[16];

	(void)state;
	check_end(BL_RANGE_EXPANDED, "321", "328", "328");
	check_end(BL_RANGE_MINIMAL, "321", "328", "8");
	check_end(BL_RANGE_MINIMAL, "42", "45", "5");
	check_end(BL_RANGE_MINIMAL_TWO, "321", "328", "28");
	check_end(BL_RANGE_MINIMAL_TWO, "7", "9", "9");
	check_end(BL_RANGE_MINIMAL, "98", "102", "102");
	/* Chicago, 16th edition, the manual's own examples */
	check_end(BL_RANGE_CHICAGO, "3", "10", "10");
	check_end(BL_RANGE_CHICAGO, "71", "72", "72");
	check_end(BL_RANGE_CHICAGO, "96", "117", "117");
	check_end(BL_RANGE_CHICAGO, "100", "104", "104");
	check_end(BL_RANGE_CHICAGO, "1100", "1113", "1113");
	check_end(BL_RANGE_CHICAGO, "101", "108", "8");
	check_end(BL_RANGE_CHICAGO, "808", "833", "33");
	check_end(BL_RANGE_CHICAGO, "1103", "1104", "4");
	check_end(BL_RANGE_CHICAGO, "321", "328", "28");
	check_end(BL_RANGE_CHICAGO, "498", "532", "532");
	check_end(BL_RANGE_CHICAGO, "1087", "1089", "89");
	check_end(BL_RANGE_CHICAGO, "1496", "1500", "500");
	check_end(BL_RANGE_CHICAGO, "11564", "11615", "615");
	check_end(BL_RANGE_CHICAGO, "12991", "13001", "3001");
	assert_false(bl_page_range_end(BL_RANGE_ANY, "1", "2", out, sizeof(out)));
	assert_false(bl_page_range_end(BL_RANGE_MINIMAL, "12", "3", out, sizeof(out)));
	assert_false(bl_page_range_end(BL_RANGE_MINIMAL, "xii", "xiv", out, sizeof(out)));
}

static int setup(void **state)
{
	(void)state;
	snprintf(tmpdir, sizeof(tmpdir), "/tmp/bl-style-XXXXXX");
	return mkdtemp(tmpdir) ? 0 : -1;
}

static int teardown(void **state)
{
	char cmd[128];

	(void)state;
	bl_style_cache_clear();
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpdir);
	return system(cmd) == 0 ? 0 : -1;
}

/* Shipped styles are not compiled on load (for speed), so every one of
 * their entry patterns is compiled here. */
static void test_shipped_patterns_compile(void **state)
{
	char **names;
	size_t n, i;
	struct bl_error err;

	(void)state;
	assert_int_equal(bl_style_list(&names, &n, &err), BL_OK);
	for (i = 0; i < n; i++) {
		const struct bl_style *s;

		assert_int_equal(bl_style_load(&s, names[i], NULL, &err), BL_OK);
		if (bl_style_check_patterns(s, &err) != BL_OK)
			fail_msg("%s", err.msg);
		free(names[i]);
	}
	free(names);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_shipped_styles),
		cmocka_unit_test(test_list),
		cmocka_unit_test(test_shipped_patterns_compile),
		cmocka_unit_test(test_extends),
		cmocka_unit_test(test_malformed),
		cmocka_unit_test(test_page_range_end),
	};

	return cmocka_run_group_tests_name("style", tests, setup, teardown);
}
