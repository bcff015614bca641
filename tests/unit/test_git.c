/*
 * test_git.c - changed-line maps, the --diff finding filter, the index
 * reader, the hook text and the GitHub workflow-command escaping.
 * (Repository scenarios run as scripts in tests/git/.)
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "git.h"
#include "gitindex.h"
#include "report/report.h"

static void test_lines_changed(void **state)
{
	struct bl_git_range r[] = { { 3, 5 }, { 10, 10 }, { 20, 22 } };
	struct bl_git_file f = { .changed = r, .nchanged = 3 };
	struct bl_git_file none = { 0 };

	(void)state;
	assert_false(bl_git_lines_changed(&f, 1, 2));
	assert_true(bl_git_lines_changed(&f, 1, 3));
	assert_true(bl_git_lines_changed(&f, 5, 5));
	assert_false(bl_git_lines_changed(&f, 6, 9));
	assert_true(bl_git_lines_changed(&f, 6, 30));
	assert_true(bl_git_lines_changed(&f, 10, 10));
	assert_false(bl_git_lines_changed(&f, 11, 19));
	assert_true(bl_git_lines_changed(&f, 22, 40));
	assert_false(bl_git_lines_changed(&f, 23, 40));
	assert_false(bl_git_lines_changed(&none, 1, 100));
}

/* Three entries of two lines each: lines 1-2, 3-4, 5-6. */
static const char three[] = "- id: a\n  x: 1\n- id: b\n  x: 2\n- id: c\n  x: 3\n";

static struct bl_source *three_entries(void)
{
	struct bl_source *src = bl_source_new("refs.yml", three, sizeof(three) - 1);
	struct bl_list *l = bl_arena_alloc(&src->arena, sizeof(*l));
	uint32_t i;

	l->count = 3;
	l->entries = bl_arena_alloc(&src->arena, 3 * sizeof(*l->entries));
	for (i = 0; i < 3; i++) {
		l->entries[i].start = 15 * i;
		l->entries[i].end = 15 * (i + 1);
		l->entries[i].index = i;
	}
	src->list = l;
	return src;
}

static void test_filter_findings(void **state)
{
	struct bl_source *src = three_entries();
	const struct bl_entry *e = src->list->entries;
	struct bl_git_range changed[] = { { 4, 4 } };   /* entry b's second line */
	struct bl_git_file f = { .path = "refs.yml", .changed = changed, .nchanged = 1 };
	struct bl_result res = { .src = src };
	struct bl_finding *x;

	(void)state;
	res.findings = x = calloc(5, sizeof(*x));
	res.count = 5;
	/* 0: on entry a, unchanged: dropped */
	x[0] = (struct bl_finding){ .start = 2, .end = 7, .entry = &e[0], .message = "a" };
	/* 1: on b's first line, b holds the changed line: kept */
	x[1] = (struct bl_finding){ .start = 17, .end = 22, .entry = &e[1], .message = "b" };
	/* 2: on the changed line itself, no entry: kept */
	x[2] = (struct bl_finding){ .start = 25, .end = 29, .message = "line" };
	/* 3: on c, but refers to b (a duplicate or an ordering): kept */
	x[3] = (struct bl_finding){ .start = 32, .end = 37, .entry = &e[2], .message = "c-b",
				    .related_src = src, .related_start = 17,
				    .has_related = true };
	/* 4: on c, refers to a: dropped */
	x[4] = (struct bl_finding){ .start = 32, .end = 37, .entry = &e[2], .message = "c-a",
				    .related_src = src, .related_start = 2, .has_related = true };
	bl_git_filter_findings(&f, &res);
	assert_int_equal(res.count, 3);
	assert_string_equal(res.findings[0].message, "b");
	assert_string_equal(res.findings[1].message, "line");
	assert_string_equal(res.findings[2].message, "c-b");
	free(res.findings);
	bl_source_free(src);
}

static void test_filter_order_neighbours(void **state)
{
	struct bl_source *src = three_entries();
	const struct bl_entry *e = src->list->entries;
	struct bl_git_range changed[] = { { 5, 5 } };   /* entry c */
	struct bl_git_file f = { .path = "refs.yml", .changed = changed, .nchanged = 1 };
	struct bl_result res = { .src = src };
	struct bl_finding *x;
	int order = -1, i;

	(void)state;
	for (i = 0; i < BL_R__COUNT && order < 0; i++)
		if (strncmp(bl_rules[i]->id, "order/", 6) == 0)
			order = i;
	if (order < 0) {
		bl_source_free(src);
		skip();
	}
	res.findings = x = calloc(2, sizeof(*x));
	res.count = 2;
	/* out of order, naming no other entry: b is beside the changed c */
	x[0] = (struct bl_finding){ .rule = order, .start = 17, .end = 22, .entry = &e[1],
				    .message = "b" };
	/* a is beside b only, which did not change */
	x[1] = (struct bl_finding){ .rule = order, .start = 2, .end = 7, .entry = &e[0],
				    .message = "a" };
	bl_git_filter_findings(&f, &res);
	assert_int_equal(res.count, 1);
	assert_string_equal(res.findings[0].message, "b");
	free(res.findings);
	bl_source_free(src);
}

static void test_github_escaping(void **state)
{
	static const char text[] = "- id: a\n  title: x\n";
	struct bl_source *src = bl_source_new("a,b:c%.yml", text, sizeof(text) - 1);
	struct bl_finding f = { .rule = 0, .severity = BL_SEV_ERROR, .start = 17, .end = 18,
				.message = "50% done\r\nnext: a,b" };
	struct bl_result res = { .src = src, .findings = &f, .count = 1 };
	struct bl_report_opts o = { 0 };
	char *buf = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&buf, &len);
	char want[256];

	(void)state;
	bl_report_github(out, &res, 1, &o);
	/* a span ending at a line start ends on the line before */
	f.start = 10, f.end = 19, f.severity = BL_SEV_INFO;
	bl_report_github(out, &res, 1, &o);
	fclose(out);
	snprintf(want, sizeof(want),
		 "::error file=a%%2Cb%%3Ac%%25.yml,line=2,col=10,endLine=2,endColumn=10,"
		 "title=%s::50%%25 done%%0D%%0Anext: a,b\n"
		 "::notice file=a%%2Cb%%3Ac%%25.yml,line=2,col=3,endLine=2,endColumn=10,"
		 "title=%s::50%%25 done%%0D%%0Anext: a,b\n",
		 bl_rules[0]->id, bl_rules[0]->id);
	assert_string_equal(buf, want);
	free(buf);
	bl_source_free(src);
}

static void test_hook_script(void **state)
{
	char *text = bl_git_hook_script(NULL), *quoted;
	char file[4096];
	size_t n;
	FILE *fp = fopen("hooks/pre-commit", "r");

	(void)state;
	assert_non_null(fp);
	n = fread(file, 1, sizeof(file) - 1, fp);
	fclose(fp);
	file[n] = '\0';
	/* hooks/pre-commit is what install-hook writes, for no recorded path */
	assert_string_equal(text, file);
	assert_non_null(strstr(text, "\nbiblint=''\n"));
	assert_non_null(strstr(text, "--no-verify"));
	free(text);
	quoted = bl_git_hook_script("/opt/it's here/biblint");
	assert_non_null(strstr(quoted, "\nbiblint='/opt/it'\\''s here/biblint'\n"));
	free(quoted);
}

static void put32(unsigned char *p, uint32_t v)
{
	p[0] = (unsigned char)(v >> 24), p[1] = (unsigned char)(v >> 16);
	p[2] = (unsigned char)(v >> 8), p[3] = (unsigned char)v;
}

/* A version 2 index of "a/x.yml" (100644) and "b" (120000), with a cache
 * tree whose folder "a" is valid. */
static size_t make_index(unsigned char *buf)
{
	static const char *paths[] = { "a/x.yml", "b" };
	static const uint32_t modes[] = { 0100644, 0120000 };
	unsigned char *p = buf;
	size_t i, len, ent;

	memcpy(p, "DIRC", 4);
	put32(p + 4, 2);
	put32(p + 8, 2);
	p += 12;
	for (i = 0; i < 2; i++) {
		len = strlen(paths[i]);
		ent = (62 + len + 8) & ~(size_t)7;
		memset(p, 0, ent);
		put32(p + 24, modes[i]);
		memset(p + 40, (int)(0x11 * (i + 1)), 20);
		p[60] = 0, p[61] = (unsigned char)len;
		memcpy(p + 62, paths[i], len);
		p += ent;
	}
	memcpy(p, "TREE", 4);
	len = 0;
	memcpy(p + 8 + len, "\0" "2 1\n", 5), len += 5;
	memset(p + 8 + len, 0xaa, 20), len += 20;
	memcpy(p + 8 + len, "a\0" "1 0\n", 6), len += 6;
	memset(p + 8 + len, 0xbb, 20), len += 20;
	put32(p + 4, (uint32_t)len);
	p += 8 + len;
	memset(p, 0, 20);
	return (size_t)(p + 20 - buf);
}

static void test_index_reader(void **state)
{
	unsigned char buf[512];
	char path[] = "/tmp/biblint-index-XXXXXX";
	struct bl_gitindex ix;
	struct bl_error err = { { 0 } };
	size_t n = make_index(buf);
	int fd = mkstemp(path);

	(void)state;
	assert_true(fd >= 0);
	assert_int_equal(write(fd, buf, n), (ssize_t)n);
	close(fd);
	assert_int_equal(bl_gitindex_read(&ix, path, &err), BL_OK);
	assert_int_equal(ix.count, 2);
	assert_string_equal(ix.entries[0].path, "a/x.yml");
	assert_int_equal(bl_gitindex_mode(&ix, &ix.entries[0]), 0100644);
	assert_int_equal(bl_gitindex_id(&ix, &ix.entries[0])[0], 0x11);
	assert_int_equal(bl_gitindex_stage(&ix, &ix.entries[0]), 0);
	assert_false(bl_gitindex_intent_to_add(&ix, &ix.entries[0]));
	assert_string_equal(ix.entries[1].path, "b");
	assert_int_equal(bl_gitindex_mode(&ix, &ix.entries[1]), 0120000);
	assert_non_null(ix.tree);
	assert_int_equal(ix.tree->entry_count, 2);
	assert_int_equal(ix.tree->nsub, 1);
	assert_int_equal(ix.tree->sub[0].namelen, 1);
	assert_int_equal(ix.tree->sub[0].entry_count, 1);
	assert_int_equal(ix.tree->sub[0].id[19], 0xbb);
	bl_gitindex_release(&ix);

	/* a split index is named, with what to do */
	memcpy(buf + n - 20 - 8 - 51, "link", 4);
	fd = open(path, O_WRONLY | O_TRUNC);
	assert_int_equal(write(fd, buf, n), (ssize_t)n);
	close(fd);
	assert_int_equal(bl_gitindex_read(&ix, path, &err), BL_ERR);
	assert_non_null(strstr(err.msg, "--no-split-index"));
	bl_gitindex_release(&ix);

	/* truncated: left to libgit2, which reports it */
	fd = open(path, O_WRONLY | O_TRUNC);
	assert_int_equal(write(fd, buf, 40), 40);
	close(fd);
	assert_int_equal(bl_gitindex_read(&ix, path, &err), BL_GITINDEX_UNSUPPORTED);
	bl_gitindex_release(&ix);
	unlink(path);

	/* no index at all: nothing staged */
	assert_int_equal(bl_gitindex_read(&ix, path, &err), BL_OK);
	assert_int_equal(ix.count, 0);
	bl_gitindex_release(&ix);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_lines_changed),
		cmocka_unit_test(test_filter_findings),
		cmocka_unit_test(test_filter_order_neighbours),
		cmocka_unit_test(test_github_escaping),
		cmocka_unit_test(test_hook_script),
		cmocka_unit_test(test_index_reader),
	};

	return cmocka_run_group_tests_name("git", tests, NULL, NULL);
}
