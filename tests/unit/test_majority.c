/*
 * test_majority.c - the list-majority tally used where a style leaves a
 * convention open: a form held by more than half of the entries wins; a
 * tie or a spread without such a form yields none.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "check/majority.h"

static void add_n(struct bl_majority *m, const char *form, int n)
{
	while (n-- > 0)
		bl_majority_add(m, form);
}

static void test_clear_majority(void **state)
{
	struct bl_majority m;
	struct bl_source *src = bl_source_new("x.yml", "", 0);
	struct bl_ctx ctx = { .src = src };
	int w;

	(void)state;
	bl_majority_init(&m);
	add_n(&m, "https://doi.org/", 14);
	add_n(&m, "DOI ", 2);
	w = bl_majority_winner(&m);
	assert_int_equal(w, 0);
	assert_string_equal(bl_majority_describe(&ctx, &m, w, "write DOIs as",
						 "`https://doi.org/…`"),
			    "14 of 16 entries write DOIs as `https://doi.org/…`");
	bl_source_free(src);
}

static void test_no_majority(void **state)
{
	struct bl_majority m;

	(void)state;
	bl_majority_init(&m);
	add_n(&m, "pp.", 2);
	add_n(&m, "P.", 2);
	assert_int_equal(bl_majority_winner(&m), -1);      /* a tie */
	bl_majority_init(&m);
	add_n(&m, "a", 2);
	add_n(&m, "b", 1);
	add_n(&m, "c", 1);
	assert_int_equal(bl_majority_winner(&m), -1);      /* not more than half */
	bl_majority_init(&m);
	add_n(&m, "a", 1);
	assert_int_equal(bl_majority_winner(&m), -1);      /* one entry is no list */
	bl_majority_init(&m);
	add_n(&m, "a", 2);
	add_n(&m, "b", 1);
	assert_int_equal(bl_majority_winner(&m), 0);
}

static void test_many_forms(void **state)
{
	struct bl_majority m;
	char names[BL_MAJORITY_MAX + 4][4];
	int i;

	(void)state;
	bl_majority_init(&m);
	for (i = 0; i < BL_MAJORITY_MAX + 4; i++) {
		names[i][0] = (char)('a' + i);
		names[i][1] = '\0';
		bl_majority_add(&m, names[i]);
	}
	/* forms past the limit still count against a majority */
	assert_int_equal(m.nforms, BL_MAJORITY_MAX);
	assert_int_equal(m.total, BL_MAJORITY_MAX + 4);
	add_n(&m, "a", BL_MAJORITY_MAX + 2);
	assert_int_equal(bl_majority_winner(&m), -1);
	add_n(&m, "a", 2);
	assert_int_equal(bl_majority_winner(&m), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_clear_majority),
		cmocka_unit_test(test_no_majority),
		cmocka_unit_test(test_many_forms),
	};

	return cmocka_run_group_tests_name("majority", tests, NULL, NULL);
}
