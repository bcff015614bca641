/*
 * test_order.c - the longest non-decreasing subsequence (against a
 * quadratic reference on random inputs), and the order check on lists:
 * sorted lists, one misplaced entry, shuffled databases, the three author
 * conventions, ICU collation and Cyrillic-first styles.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check/order.h"
#include "engine.h"
#include "style.h"
#include "value_assert.h"

static int int_cmp(size_t a, size_t b, void *arg)
{
	const int *v = arg;

	return (v[a] > v[b]) - (v[a] < v[b]);
}

/* The length by the O(n^2) dynamic programme. */
static size_t lis_reference(const int *v, size_t n)
{
	size_t *best = calloc(n ? n : 1, sizeof(*best)), i, j, max = 0;

	for (i = 0; i < n; i++) {
		best[i] = 1;
		for (j = 0; j < i; j++)
			if (v[j] <= v[i] && best[j] + 1 > best[i])
				best[i] = best[j] + 1;
		if (best[i] > max)
			max = best[i];
	}
	free(best);
	return max;
}

static void check_keep(const int *v, size_t n, const bool *keep, size_t len)
{
	size_t i, kept = 0;
	int last = 0;
	bool any = false;

	for (i = 0; i < n; i++) {
		if (!keep[i])
			continue;
		if (any)
			assert_true(last <= v[i]);
		last = v[i];
		any = true;
		kept++;
	}
	assert_int_equal(kept, len);
}

static void test_lis_small(void **state)
{
	int a[] = { 1, 3, 2, 4 }, b[] = { 5, 4, 3, 2, 1 }, c[] = { 1, 1, 1 };
	int d[] = { 1, 2, 9, 3, 4, 5 };
	bool keep[8];

	(void)state;
	assert_int_equal(bl_order_lis(0, int_cmp, a, keep), 0);
	assert_int_equal(bl_order_lis(4, int_cmp, a, keep), 3);
	check_keep(a, 4, keep, 3);
	assert_int_equal(bl_order_lis(5, int_cmp, b, keep), 1);
	assert_int_equal(bl_order_lis(3, int_cmp, c, keep), 3);
	/* the one misplaced item is the one left out */
	assert_int_equal(bl_order_lis(6, int_cmp, d, keep), 5);
	assert_false(keep[2]);
}

static void test_lis_random(void **state)
{
	int v[300] = { 0 };
	bool keep[300];
	unsigned seed = 12345;
	size_t round, n, i;

	(void)state;
	for (round = 0; round < 200; round++) {
		n = round % 300;
		for (i = 0; i < n; i++) {
			seed = seed * 1103515245u + 12345u;
			/* few distinct values, so ties are common */
			v[i] = (int)((seed >> 16) % (round % 7 == 0 ? 5 : 1000));
		}
		assert_int_equal(bl_order_lis(n, int_cmp, v, keep), lis_reference(v, n));
		if (n)
			check_keep(v, n, keep, lis_reference(v, n));
	}
}

/* ---- the check ---------------------------------------------------------- */

struct run {
	struct bl_source *src;
	struct bl_result res;
};

static void lint(struct run *r, const char *text, const struct bl_style *style)
{
	struct bl_lint_opts opts;
	struct bl_error err;
	int i;

	r->src = bl_source_new("t.yml", text, strlen(text));
	bl_lint_opts_init(&opts);
	for (i = 0; i < BL_R__COUNT; i++)
		if (i != BL_R_order_author_year)
			opts.sev[i] = BL_SEV_OFF;
	opts.style = style;
	assert_int_equal(bl_lint(&r->res, r->src, &opts, &err), BL_OK);
}

static void release(struct run *r)
{
	bl_result_release(&r->res);
	bl_source_free(r->src);
}

/* A list of entries "Family Year" (family names separated by '&'). */
static char *list_of(const char *const *items, size_t n)
{
	struct bl_strbuf sb = BL_STRBUF_INIT;
	size_t i;

	for (i = 0; i < n; i++) {
		char fam[128];
		const char *sp = strrchr(items[i], ' '), *p, *amp;

		bl_strbuf_addf(&sb, "- id: e%zu\n  author:\n", i);
		for (p = items[i]; p < sp; p = amp + 1) {
			amp = memchr(p, '&', (size_t)(sp - p));
			if (!amp)
				amp = sp;
			snprintf(fam, sizeof(fam), "%.*s", (int)(amp - p), p);
			bl_strbuf_addf(&sb, "  - family: %s\n", fam);
		}
		bl_strbuf_addf(&sb, "  issued: %s\n", sp + 1);
	}
	return bl_strbuf_detach(&sb, NULL);
}

static size_t run_list(const char *const *items, size_t n, const struct bl_style *style,
		       struct run *r)
{
	char *text = list_of(items, n);

	lint(r, text, style);
	free(text);
	return r->res.count;
}

static void test_sorted_and_one_misplaced(void **state)
{
	static const char *const sorted[] = {
		"Abramov 1999", "Belousova 1976", "Belousova 1980", "Carley 2006",
		"Dmitriev 2001", "Egorov 1990", "Fomin 1985", "Gusev 2010",
		"Ivanov 1995", "Kozlov 2000",
	};
	static const char *const one_off[] = {
		"Abramov 1999", "Belousova 1976", "Belousova 1980", "Dmitriev 2001",
		"Egorov 1990", "Carley 2006", "Fomin 1985", "Gusev 2010",
		"Ivanov 1995", "Kozlov 2000",
	};
	static const char *const year_off[] = {
		"Abramov 1999", "Belousova 1980", "Belousova 1976", "Carley 2006",
		"Dmitriev 2001", "Egorov 1990", "Fomin 1985", "Gusev 2010",
		"Ivanov 1995", "Kozlov 2000",
	};
	struct run r;

	(void)state;
	assert_int_equal(run_list(sorted, BL_ARRAY_SIZE(sorted), NULL, &r), 0);
	release(&r);
	assert_int_equal(run_list(one_off, BL_ARRAY_SIZE(one_off), NULL, &r), 1);
	assert_value_equal(&r.res.findings[0].entry->id, "e5");
	assert_string_equal(r.res.findings[0].message,
			    "entry out of author\xe2\x80\x93year order: 'Carley 2006' "
			    "should come before 'Dmitriev 2001'");
	/* it points at the family name */
	assert_memory_equal(r.src->data + r.res.findings[0].start, "Carley", 6);
	release(&r);
	assert_int_equal(run_list(year_off, BL_ARRAY_SIZE(year_off), NULL, &r), 1);
	assert_non_null(strstr(r.res.findings[0].message, "Belousova 1976"));
	release(&r);
}

static void test_auto_leaves_databases_alone(void **state)
{
	static const char *const shuffled[] = {
		"Kozlov 2000", "Abramov 1999", "Gusev 2010", "Egorov 1990",
		"Belousova 1976", "Ivanov 1995", "Carley 2006", "Fomin 1985",
		"Dmitriev 2001", "Lebedev 1970", "Morozov 1977", "Novikov 2003",
	};
	static const char *const short_list[] = {
		"Belousova 1976", "Abramov 1999", "Carley 2006",
	};
	const struct bl_style *apa = bl_style_find_for_tests("apa-7");
	struct run r;

	(void)state;
	assert_int_equal(run_list(shuffled, BL_ARRAY_SIZE(shuffled), NULL, &r), 0);
	release(&r);
	/* a short list is too short to tell in auto mode */
	assert_int_equal(run_list(short_list, BL_ARRAY_SIZE(short_list), NULL, &r), 0);
	release(&r);
	/* a style that wants a sorted list checks any list */
	assert_non_null(apa);
	assert_true(run_list(shuffled, BL_ARRAY_SIZE(shuffled), apa, &r) > 0);
	release(&r);
	assert_int_equal(run_list(short_list, BL_ARRAY_SIZE(short_list), apa, &r), 1);
	release(&r);
}

static void test_author_conventions(void **state)
{
	/* APA 7: by the whole author list, then year */
	static const char *const apa[] = {
		"Smith 2001", "Smith&Jones 1999", "Smith&Jones 2003", "Smith&Young 1990",
		"Taylor 1980",
	};
	/* first author, then year */
	static const char *const first[] = {
		"Smith&Jones 1999", "Smith 2001", "Smith&Young 2002", "Smith 2004",
		"Taylor 1980",
	};
	/* AGU: one author, two (by the second), three or more by year */
	static const char *const grouped[] = {
		"Smith 1989", "Smith 1991", "Smith&Allen 2000", "Smith&Frank 1995",
		"Smith&Roberts&Jones 1993", "Smith&Jones&Roberts 1997", "Taylor 1980",
	};
	const struct bl_style *sorted = bl_style_find_for_tests("apa-7");
	struct run r;

	(void)state;
	assert_int_equal(run_list(apa, BL_ARRAY_SIZE(apa), sorted, &r), 0);
	release(&r);
	assert_int_equal(run_list(first, BL_ARRAY_SIZE(first), sorted, &r), 0);
	release(&r);
	assert_int_equal(run_list(grouped, BL_ARRAY_SIZE(grouped), sorted, &r), 0);
	release(&r);
}

static void test_collation(void **state)
{
	/* accents and case do not break the order; numbers sort by value */
	static const char *const en[] = {
		"de Gaulle 1960", "Dupont 1950", "\xc3\x89lie 1970", "Ellis 1980",
		"zur Linde 1990",
	};
	/* GOST: Cyrillic first, then Latin */
	static const char *const ru[] = {
		"\xd0\x90\xd0\xb1\xd1\x80\xd0\xb0\xd0\xbc\xd0\xbe\xd0\xb2 2001",  /* Абрамов */
		"\xd0\x91\xd0\xb5\xd0\xbb\xd0\xbe\xd0\xb2 1999",                  /* Белов */
		"Adams 2005", "Brown 2000",
	};
	static const char *const latin_first[] = {
		"Adams 2005", "Brown 2000",
		"\xd0\x90\xd0\xb1\xd1\x80\xd0\xb0\xd0\xbc\xd0\xbe\xd0\xb2 2001",
		"\xd0\x91\xd0\xb5\xd0\xbb\xd0\xbe\xd0\xb2 1999",
	};
	const struct bl_style *apa = bl_style_find_for_tests("apa-7");
	const struct bl_style *gost = bl_style_find_for_tests("gost-r-7.0.100-2018");
	struct run r;

	(void)state;
	assert_non_null(gost);
	assert_int_equal(run_list(en, BL_ARRAY_SIZE(en), apa, &r), 0);
	release(&r);
	assert_int_equal(run_list(ru, BL_ARRAY_SIZE(ru), gost, &r), 0);
	release(&r);
	assert_int_equal(run_list(latin_first, BL_ARRAY_SIZE(latin_first), gost, &r), 2);
	release(&r);
	assert_int_equal(run_list(latin_first, BL_ARRAY_SIZE(latin_first), apa, &r), 0);
	release(&r);
	assert_int_equal(run_list(ru, BL_ARRAY_SIZE(ru), apa, &r), 2);
	release(&r);

	lint(&r, "- id: a\n  title: Paper 2\n- id: b\n  title: Paper 10\n"
		 "- id: c\n  title: The Quiet Don\n- id: d\n  title: Rivers\n", apa);
	assert_int_equal(r.res.count, 0);
	release(&r);
}

static void test_large_list(void **state)
{
	struct bl_strbuf sb = BL_STRBUF_INIT;
	struct run r;
	size_t i;

	(void)state;
	/* 20,000 sorted entries with two moved: exactly two findings */
	for (i = 0; i < 20000; i++) {
		size_t k = i == 100 ? 15000 : i == 15000 ? 100 : i;

		bl_strbuf_addf(&sb, "- id: e%zu\n  author: [{family: N%06zu}]\n  issued: 2000\n",
			       k, k);
	}
	lint(&r, sb.buf, NULL);
	assert_int_equal(r.res.count, 2);
	release(&r);
	bl_strbuf_release(&sb);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_lis_small),
		cmocka_unit_test(test_lis_random),
		cmocka_unit_test(test_sorted_and_one_misplaced),
		cmocka_unit_test(test_auto_leaves_databases_alone),
		cmocka_unit_test(test_author_conventions),
		cmocka_unit_test(test_collation),
		cmocka_unit_test(test_large_list),
	};

	return cmocka_run_group_tests_name("order", tests, NULL, NULL);
}
