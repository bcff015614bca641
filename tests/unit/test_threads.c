/*
 * test_threads.c - a long list linted with threads (the list read in parts,
 * the transliteration checks apart from the others) gives exactly the
 * findings, fixes and related positions of a run on one thread; and the
 * threads start with the creator's processors.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine.h"

/* An entry that trips rules of both groups: romanised Russian with slips
 * (ja for ya, a Cyrillic letter left over, a Latin word with a Cyrillic
 * look-alike), a name spelled two ways, a hyphen in a page range, a DOI
 * with its URL prefix and one used twice, stray spaces. */
static void add_entry(struct bl_strbuf *sb, unsigned i)
{
	static const char *const fam[] = { "Bezymenskii", "Bezymensky", "Ivanov",
					   "Sokolov", "Petrova" };
	static const char *const title[] = {
		"Istoriya i pamyat'", "Istorija i pamyat'", "Voprosy istorii",
		"Sovetskaя kul'tura", "Rossiiskaya imperiya",
	};

	bl_strbuf_addf(sb,
		       "- id: e%u\n"
		       "  type: article-journal\n"
		       "  language: ru\n"
		       "  author:\n"
		       "    - family: %s\n"
		       "      given: Lev\n"
		       "  title: %s [History %u]\n"
		       "  original-title: %s\n"
		       "  container-title: \"J\xd0\xb0urnal  of history\"\n"
		       "  issued:\n"
		       "    date-parts:\n"
		       "      - [%u]\n"
		       "  page: %u-%u\n"
		       "  DOI: %s10.1234/x.%u\n",
		       i, fam[i % 5], title[i % 5], i,
		       i % 2 ? "История и память" : "Вопросы истории",
		       1950 + i % 70, 10 + i, 20 + i,
		       i % 7 == 0 ? "https://doi.org/" : "", i % 50);
}

struct run {
	struct bl_source *src;
	struct bl_result res;
};

static void lint(struct run *r, const char *path, const struct bl_strbuf *text,
		 unsigned jobs)
{
	struct bl_lint_opts opts;
	struct bl_error err;

	bl_lint_opts_init(&opts);
	opts.jobs = jobs;
	r->src = bl_source_new(path, text->buf, text->len);
	assert_non_null(r->src);
	assert_int_equal(bl_lint(&r->res, r->src, &opts, &err), BL_OK);
}

static void release(struct run *r)
{
	bl_result_release(&r->res);
	bl_source_free(r->src);
}

/* The findings of one and two runs are the same, finding by finding;
 * counts the rules' groups they come from. */
static void compare(const struct run *one, const struct run *two, bool *translit,
		    bool *other, bool *related)
{
	size_t i;

	assert_int_equal(one->res.entries, two->res.entries);
	assert_int_equal(one->res.count, two->res.count);
	for (i = 0; i < one->res.count; i++) {
		const struct bl_finding *a = &one->res.findings[i];
		const struct bl_finding *b = &two->res.findings[i];

		assert_int_equal(a->rule, b->rule);
		assert_int_equal(a->severity, b->severity);
		assert_int_equal(a->start, b->start);
		assert_int_equal(a->end, b->end);
		assert_string_equal(a->message, b->message);
		assert_int_equal(!a->entry, !b->entry);
		if (a->entry)
			assert_int_equal(a->entry->index, b->entry->index);
		assert_int_equal(!a->fix, !b->fix);
		if (a->fix) {
			assert_int_equal(a->fix->start, b->fix->start);
			assert_int_equal(a->fix->end, b->fix->end);
			assert_string_equal(a->fix->replacement, b->fix->replacement);
			assert_int_equal(a->fix->safe, b->fix->safe);
		}
		assert_int_equal(a->has_related, b->has_related);
		if (a->has_related) {
			assert_int_equal(a->related_start, b->related_start);
			/* the source itself, not the worker's copy of it */
			assert_ptr_equal(a->related_src, one->src);
			assert_ptr_equal(b->related_src, two->src);
			*related = true;
		}
		if (strncmp(bl_rules[a->rule]->id, "translit/", 9) == 0 ||
		    strncmp(bl_rules[a->rule]->id, "script/", 7) == 0)
			*translit = true;
		else
			*other = true;
	}
}

static void test_same_findings(void **state)
{
	struct bl_strbuf sb = BL_STRBUF_INIT;
	struct run one, two;
	bool translit = false, other = false, related = false;
	size_t i;

	(void)state;
	/* enough entries for both the reader's parts and the checks' thread */
	for (i = 0; i < 1200; i++)
		add_entry(&sb, (unsigned)i);
	assert_true(sb.len > 64 * 1024);
	lint(&one, "threads.yml", &sb, 1);
	lint(&two, "threads.yml", &sb, 2);
	assert_int_equal(one.res.entries, 1200);
	compare(&one, &two, &translit, &other, &related);
	release(&two);
	/* more threads than processors: the same again */
	lint(&two, "threads.yml", &sb, 5);
	compare(&one, &two, &translit, &other, &related);
	/* both groups of checks found something */
	assert_true(translit);
	assert_true(other);
	assert_true(related);
	release(&one);
	release(&two);
	bl_strbuf_release(&sb);
}

/* BibTeX: the required-field check skips entries with a syntax error,
 * which it learns from the reader's findings, on whichever thread. */
static void test_bibtex_reader_findings(void **state)
{
	struct bl_strbuf sb = BL_STRBUF_INIT;
	struct run one, two;
	bool translit = false, other = false, related = false;
	size_t i;

	(void)state;
	for (i = 0; i < 600; i++) {
		if (i % 10 == 3)
			bl_strbuf_addf(&sb, "@article{k%zu,\n  title = {Broken {brace},\n"
				       "  year = 2001,\n}\n\n", i);
		else
			bl_strbuf_addf(&sb, "@article{k%zu,\n  title = {T%zu},\n"
				       "  author = {Ivanov, I.},\n  pages = {%zu-%zu},\n"
				       "  year = %zu,\n}\n\n", i, i, i, i + 9,
				       1900 + i % 120);
	}
	lint(&one, "threads.bib", &sb, 1);
	lint(&two, "threads.bib", &sb, 2);
	compare(&one, &two, &translit, &other, &related);
	assert_true(other);
	release(&one);
	release(&two);
	bl_strbuf_release(&sb);
}

/* A helper thread runs its function with its argument, and after its
 * start on another processor has the creator's whole set of processors. */
struct probe {
	cpu_set_t cpus;
	int got;
	int arg;
};

static void *probe_main(void *p)
{
	struct probe *pr = p;

	if (sched_getaffinity(0, sizeof(pr->cpus), &pr->cpus) != 0)
		CPU_ZERO(&pr->cpus);
	pr->got = pr->arg;
	return pr;
}

static void test_thread_create(void **state)
{
	cpu_set_t mine, one;
	struct probe pr = { .arg = 42 };
	pthread_t t;
	void *ret = NULL;
	int cpu;

	(void)state;
	assert_int_equal(sched_getaffinity(0, sizeof(mine), &mine), 0);
	assert_int_equal(bl_thread_create(&t, probe_main, &pr), 0);
	assert_int_equal(pthread_join(t, &ret), 0);
	assert_ptr_equal(ret, &pr);
	assert_int_equal(pr.got, 42);
	assert_true(CPU_EQUAL(&pr.cpus, &mine));

	/* a creator bound to one processor: the helper shares it */
	cpu = sched_getcpu();
	assert_true(cpu >= 0);
	CPU_ZERO(&one);
	CPU_SET(cpu, &one);
	assert_int_equal(sched_setaffinity(0, sizeof(one), &one), 0);
	pr.got = 0;
	assert_int_equal(bl_thread_create(&t, probe_main, &pr), 0);
	assert_int_equal(pthread_join(t, NULL), 0);
	assert_int_equal(sched_setaffinity(0, sizeof(mine), &mine), 0);
	assert_int_equal(pr.got, 42);
	assert_true(CPU_EQUAL(&pr.cpus, &one));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_same_findings),
		cmocka_unit_test(test_bibtex_reader_findings),
		cmocka_unit_test(test_thread_create),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
