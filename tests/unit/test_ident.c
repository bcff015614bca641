/*
 * test_ident.c - ISBN and ISSN check digits against published examples,
 * and the duplicate checks' normalisation of ISBN-10 to ISBN-13.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "check/ident.h"
#include "engine.h"

/* Lints text with one rule on and returns how many findings it made. */
static size_t count(const char *rule, const char *text)
{
	struct bl_source *src = bl_source_new("t.yml", text, strlen(text));
	struct bl_lint_opts opts;
	struct bl_result res;
	struct bl_error err;
	size_t n, i;
	int r = bl_rule_find(rule);

	assert_true(r >= 0);
	bl_lint_opts_init(&opts);
	for (i = 0; i < BL_R__COUNT; i++)
		if ((int)i != r)
			opts.sev[i] = BL_SEV_OFF;
	assert_int_equal(bl_lint(&res, src, &opts, &err), BL_OK);
	n = res.count;
	bl_result_release(&res);
	bl_source_free(src);
	return n;
}

static size_t isbn(const char *rule, const char *value)
{
	char text[256];

	snprintf(text, sizeof(text), "- id: a\n  ISBN: \"%s\"\n", value);
	return count(rule, text);
}

static size_t issn(const char *rule, const char *value)
{
	char text[256];

	snprintf(text, sizeof(text), "- id: a\n  ISSN: \"%s\"\n", value);
	return count(rule, text);
}

static void test_isbn_published(void **state)
{
	(void)state;
	/* valid: the standard's worked example in both forms, an ISBN-10
	 * whose check character is X, a 979 ISBN-13 */
	assert_int_equal(isbn("isbn/checksum", "978-0-306-40615-7"), 0);
	assert_int_equal(isbn("isbn/checksum", "0-306-40615-2"), 0);
	assert_int_equal(isbn("isbn/checksum", "0-8044-2957-X"), 0);
	assert_int_equal(isbn("isbn/checksum", "979-10-90636-07-1"), 0);
	assert_int_equal(isbn("isbn/checksum", "9780306406157"), 0);
	/* one digit changed, two digits swapped */
	assert_int_equal(isbn("isbn/checksum", "978-0-306-40615-8"), 1);
	assert_int_equal(isbn("isbn/checksum", "0-306-40651-2"), 1);
	assert_int_equal(isbn("isbn/checksum", "0-8044-2957-1"), 1);
	/* an ISBN-13 always starts 978 or 979 */
	assert_int_equal(isbn("isbn/checksum", "977-0-306-40615-1"), 1);
}

static void test_isbn_shapes(void **state)
{
	(void)state;
	assert_int_equal(isbn("isbn/length", "978-0-306-4061-7"), 1);
	assert_int_equal(isbn("isbn/length", "0317-8471"), 1);    /* an ISSN */
	assert_int_equal(isbn("isbn/length", "10.1080/09592290600695292"), 1);
	assert_int_equal(isbn("isbn/characters", "ISBN 978-0-306-40615-7"), 1);
	assert_int_equal(isbn("isbn/characters", "978-0-306-40615-7 (pbk.)"), 0);
	assert_int_equal(isbn("isbn/characters", "978030640615X"), 1);
	assert_int_equal(isbn("isbn/mismatch", "0-306-40615-2 978-0-306-40615-7"), 0);
	assert_int_equal(isbn("isbn/mismatch", "0-306-40615-2 978-0-19-850673-7"), 1);
}

static void test_issn_published(void **state)
{
	(void)state;
	assert_int_equal(issn("issn/checksum", "0317-8471"), 0);
	assert_int_equal(issn("issn/checksum", "2049-3630"), 0);
	assert_int_equal(issn("issn/checksum", "0378-5955"), 0);
	assert_int_equal(issn("issn/checksum", "2434-561X"), 0);
	assert_int_equal(issn("issn/checksum", "0317-8472"), 1);
	assert_int_equal(issn("issn/checksum", "2434-5611"), 1);
	assert_int_equal(issn("issn/form", "03178471"), 1);
	assert_int_equal(issn("issn/form", "0317-8471"), 0);
	assert_int_equal(issn("issn/form", "0317-84"), 1);
}

static void test_isbn_list_normalises(void **state)
{
	char out[4][14];
	size_t n;

	(void)state;
	n = bl_isbn_list("0-306-40615-2; 978-0-306-40615-7, bad 123", 41, out, 4);
	assert_int_equal(n, 2);
	assert_string_equal(out[0], "9780306406157");
	assert_string_equal(out[1], "9780306406157");
	n = bl_isbn_list("0-8044-2957-X", 13, out, 4);
	assert_int_equal(n, 1);
	assert_string_equal(out[0], "9780804429573");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_isbn_published),
		cmocka_unit_test(test_isbn_shapes),
		cmocka_unit_test(test_issn_published),
		cmocka_unit_test(test_isbn_list_normalises),
	};

	return cmocka_run_group_tests_name("ident", tests, NULL, NULL);
}
