/*
 * test_fix_cases.c - the fix property over every golden input and every
 * rule's bad example: lint, fix (safe fixes, then also unsafe ones) pass by
 * pass, and check that
 *   - every edit is a fix some finding offered, and every byte outside the
 *     edited spans is unchanged,
 *   - bl_fix_run() reaches the same bytes,
 *   - no fixable finding is left afterwards,
 *   - fixing the result again changes nothing,
 *   - the unified diff of the fixes, applied by patch(1), gives the same bytes.
 * Each input is fixed under every built-in style, since styles decide
 * which fixes are offered. Also checks that every fixable rule has a golden case showing a file
 * before and after --fix (tests/cases/fix-<family>-<name>.case).
 *
 * Run from the top of the source tree (make unit does), or with
 * BIBLINT_CASES naming the cases directory.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fix.h"
#include "style.h"

static const char *cases_dir(void)
{
	const char *d = getenv("BIBLINT_CASES");

	return d && *d ? d : "tests/cases";
}

static char *read_all(const char *path, size_t *len)
{
	struct bl_source *src;
	struct bl_error err;
	char *s;

	if (bl_source_read_file(&src, path, 0, &err) < 0)
		fail_msg("%s", err.msg);
	s = bl_xstrndup(src->data, src->len);
	*len = src->len;
	bl_source_free(src);
	return s;
}

static size_t inputs_checked, files_fixed, edits_checked;

/* Every edit of plan is a fix a finding offered, and next is cur with
 * exactly those edits: the bytes between them are cur's. */
static void check_pass(const char *what, const struct bl_result *res,
		       const struct bl_fix_plan *plan, const char *cur, size_t curlen,
		       const char *next, size_t nextlen, bool unsafe)
{
	size_t i, j, pos = 0, np = 0;

	for (i = 0; i < plan->edits.n; i++) {
		const struct bl_edit *e = &plan->edits.v[i];
		bool offered = false;

		for (j = 0; j < res->count && !offered; j++) {
			const struct bl_fix *fx = res->findings[j].fix;

			offered = fx && fx->start == e->start && fx->end == e->end &&
				  strlen(fx->replacement) == e->len &&
				  memcmp(fx->replacement, e->text, e->len) == 0 &&
				  (fx->safe || unsafe);
		}
		if (!offered)
			fail_msg("%s: edit %u..%u was not offered by any finding", what,
				 e->start, e->end);
		if (e->start < pos)
			fail_msg("%s: edits overlap at %u", what, e->start);
		if (np + (e->start - pos) > nextlen ||
		    memcmp(cur + pos, next + np, e->start - pos) != 0)
			fail_msg("%s: bytes %zu..%u outside the fixes changed", what, pos,
				 e->start);
		np += e->start - pos;
		if (np + e->len > nextlen || memcmp(next + np, e->text, e->len) != 0)
			fail_msg("%s: the fix at %u was not applied as offered", what, e->start);
		np += e->len;
		pos = e->end;
		edits_checked++;
	}
	if (nextlen - np != curlen - pos || memcmp(cur + pos, next + np, curlen - pos) != 0)
		fail_msg("%s: bytes after offset %zu changed", what, pos);
}

static void write_file(const char *path, const char *data, size_t len)
{
	FILE *f = fopen(path, "wb");

	assert_non_null(f);
	assert_int_equal(fwrite(data, 1, len, f), len);
	assert_int_equal(fclose(f), 0);
}

/* The --diff-fix text of the edits, applied to the original by patch(1),
 * gives the fixed bytes. Skipped when patch is not installed. */
static void check_diff_applies(const char *label, const struct bl_source *orig,
			       const struct bl_fixed *fixed)
{
	static int have_patch = -1;
	struct bl_strbuf d = BL_STRBUF_INIT;
	char dir[] = "/tmp/biblint-fixdiff-XXXXXX";
	char *o, *p, *r, *cmd, *got;
	size_t glen;

	if (have_patch < 0)
		have_patch = system("patch --version > /dev/null 2>&1") == 0;
	if (!have_patch)
		return;
	assert_non_null(mkdtemp(dir));
	o = bl_xasprintf("%s/old", dir);
	p = bl_xasprintf("%s/diff", dir);
	r = bl_xasprintf("%s/new", dir);
	bl_fix_diff(&d, "old", orig->data, orig->len, &fixed->edits);
	write_file(o, orig->data, orig->len);
	write_file(p, d.buf ? d.buf : "", d.len);
	cmd = bl_xasprintf("patch -s -o '%s' '%s' < '%s' > /dev/null 2>&1", r, o, p);
	if (system(cmd) != 0)
		fail_msg("%s: patch(1) rejects the diff:\n%s", label, d.buf);
	got = read_all(r, &glen);
	if (glen != fixed->src->len || memcmp(got, fixed->src->data, glen) != 0)
		fail_msg("%s: the diff does not give the fixed text:\n%s", label, d.buf);
	free(got);
	free(cmd);
	unlink(o);
	unlink(p);
	unlink(r);
	rmdir(dir);
	free(o);
	free(p);
	free(r);
	bl_strbuf_release(&d);
}

static void lint(struct bl_result *res, struct bl_source *src,
		 const struct bl_lint_opts *opts)
{
	struct bl_error err;

	if (bl_lint(res, src, opts, &err) < 0)
		fail_msg("%s: %s", src->path, err.msg);
}

/* The built-in styles (NULL: the default). */
static const char *const styles[] = {
	NULL, "apa-7", "chicago-author-date", "gost-r-7.0.100-2018", "quaestio-rossica",
};

static void check_input_style(const char *what, const char *name, const char *data,
			      size_t len, bool unsafe, const char *style)
{
	struct bl_lint_opts opts;
	struct bl_source *orig = bl_source_new(name, data, len), *cur;
	struct bl_result res0, res;
	struct bl_fixed fixed, again;
	struct bl_fix_opts fopts = { .unsafe = unsafe };
	struct bl_error err;
	struct bl_fix_plan plan;
	char label[512];
	unsigned pass;

	if (!orig)
		return;
	bl_lint_opts_init(&opts);
	opts.named = true;
	opts.style = bl_style_find_for_tests(style);
	if (!opts.style)
		fail_msg("style '%s' not found; set BIBLINT_DATADIR", style);
	lint(&res0, orig, &opts);
	opts.format = orig->format;
	for (pass = 0; pass < res0.count; pass++) {
		if (res0.findings[pass].rule == BL_R_input_syntax) {
			/* a source that does not read cleanly is never fixed */
			assert_int_equal(bl_fix_run(&fixed, orig, &res0, &opts, &fopts,
						    &err), BL_OK);
			assert_null(fixed.src);
			bl_fixed_release(&fixed);
			bl_result_release(&res0);
			bl_source_free(orig);
			inputs_checked++;
			return;
		}
	}

	/* pass by pass, checking each */
	cur = orig;
	res = res0;
	for (pass = 0;; pass++) {
		struct bl_source *next;
		char *bytes;
		size_t nlen;

		snprintf(label, sizeof(label), "%s: %s (style %s, %s fixes, pass %u)", what,
			 name, style ? style : "default", unsafe ? "all" : "safe", pass + 1);
		bl_fix_plan(&plan, res.findings, res.count, cur->data, cur->len, unsafe);
		if (plan.rejected)
			fail_msg("%s: %zu fixes split a character or are not UTF-8", label,
				 plan.rejected);
		if (plan.edits.n == 0) {
			bl_fix_plan_release(&plan);
			break;
		}
		if (pass == 10)
			fail_msg("%s: still fixing after 10 passes", label);
		bytes = bl_edits_apply(&plan.edits, cur->data, cur->len, &nlen);
		check_pass(label, &res, &plan, cur->data, cur->len, bytes, nlen, unsafe);
		next = bl_source_new(name, bytes, nlen);
		free(bytes);
		bl_fix_plan_release(&plan);
		if (cur != orig) {
			bl_result_release(&res);
			bl_source_free(cur);
		}
		cur = next;
		lint(&res, cur, &opts);
	}

	/* the library's own loop reaches the same bytes */
	assert_int_equal(bl_fix_run(&fixed, orig, &res0, &opts, &fopts, &err), BL_OK);
	if (cur == orig) {
		assert_null(fixed.src);
	} else {
		files_fixed++;
		if (!fixed.src || fixed.src->len != cur->len ||
		    memcmp(fixed.src->data, cur->data, cur->len) != 0)
			fail_msg("%s: bl_fix_run() disagrees with the passes", label);
		if (!style && !unsafe)   /* patch(1) is slow to start: once per input */
			check_diff_applies(label, orig, &fixed);
		/* fixing the fixed text changes nothing */
		assert_int_equal(bl_fix_run(&again, fixed.src, &fixed.res, &opts, &fopts,
					    &err), BL_OK);
		if (again.src)
			fail_msg("%s: a second --fix changed the file again", label);
		bl_fixed_release(&again);
		bl_result_release(&res);
		bl_source_free(cur);
	}
	bl_fixed_release(&fixed);
	bl_result_release(&res0);
	bl_source_free(orig);
	inputs_checked++;
}

static void check_input(const char *what, const char *name, const char *data,
			size_t len, bool unsafe)
{
	size_t i;

	for (i = 0; i < BL_ARRAY_SIZE(styles); i++)
		check_input_style(what, name, data, len, unsafe, styles[i]);
}

/* Runs printf(1) over a section body, as tests/run-cases.sh does. */
static char *printf_body(const char *body, size_t *len)
{
	char in[] = "/tmp/biblint-fixcase-XXXXXX";
	char *out, *cmd, *s;
	int fd = mkstemp(in);

	assert_true(fd >= 0);
	assert_int_equal(write(fd, body, strlen(body)), (ssize_t)strlen(body));
	close(fd);
	out = bl_xasprintf("%s.out", in);
	cmd = bl_xasprintf("printf -- \"$(cat '%s')\" > '%s'", in, out);
	assert_int_equal(system(cmd), 0);
	s = read_all(out, len);
	unlink(in);
	unlink(out);
	free(out);
	free(cmd);
	return s;
}

/* Calls fn for each input file of a case (its file and printf sections). */
static void case_inputs(const char *path, bool unsafe)
{
	size_t len, i = 0;
	char *text = read_all(path, &len);
	struct bl_strbuf body = BL_STRBUF_INIT;
	char kind[32] = "", name[256] = "";

	for (;;) {
		const char *line = text + i;
		const char *nl = memchr(line, '\n', len - i);
		size_t n = nl ? (size_t)(nl - line) : len - i;
		bool end = i >= len;

		if (end || (n >= 4 && memcmp(line, "=== ", 4) == 0)) {
			if (strcmp(kind, "file") == 0 || strcmp(kind, "printf") == 0) {
				size_t blen;
				char *bytes;

				if (strcmp(kind, "printf") == 0) {
					bytes = printf_body(body.buf ? body.buf : "", &blen);
				} else {
					blen = body.len;
					bytes = bl_xstrndup(body.buf ? body.buf : "", blen);
				}
				check_input(path, name, bytes, blen, unsafe);
				free(bytes);
			}
			bl_strbuf_reset(&body);
			kind[0] = name[0] = '\0';
			if (end)
				break;
			if (sscanf(line, "=== %31s %255s", kind, name) < 1)
				kind[0] = '\0';
		} else if (kind[0]) {
			bl_strbuf_add(&body, line, n);
			bl_strbuf_addch(&body, '\n');
		}
		i += n + (nl ? 1 : 0);
		if (!nl)
			i = len;
	}
	bl_strbuf_release(&body);
	free(text);
}

static int is_case(const struct dirent *de)
{
	return bl_has_suffix_ci(de->d_name, ".case");
}

static void for_each_case(bool unsafe)
{
	struct dirent **list;
	int n, k;

	n = scandir(cases_dir(), &list, is_case, alphasort);
	if (n < 0)
		fail_msg("cannot read '%s'; run from the top of the tree or set "
			 "BIBLINT_CASES", cases_dir());
	for (k = 0; k < n; k++) {
		char *p = bl_xasprintf("%s/%s", cases_dir(), list[k]->d_name);

		case_inputs(p, unsafe);
		free(p);
		free(list[k]);
	}
	free(list);
}

static const char *example_name(const struct bl_rule *r)
{
	switch (r->example_format) {
	case BL_FMT_CSL_JSON: return "example.json";
	case BL_FMT_BIBTEX: return "example.bib";
	case BL_FMT_MARKDOWN: return "example.md";
	case BL_FMT_FORMATTED: return "example.txt";
	default: return "example.yml";
	}
}

static void test_golden_inputs_safe(void **state)
{
	(void)state;
	inputs_checked = files_fixed = edits_checked = 0;
	for_each_case(false);
	print_message("golden inputs: %zu checked, %zu fixed, %zu edits\n",
		      inputs_checked, files_fixed, edits_checked);
	assert_true(inputs_checked > 0);
}

static void test_golden_inputs_unsafe(void **state)
{
	(void)state;
	for_each_case(true);
}

static void test_rule_examples(void **state)
{
	int i;

	(void)state;
	for (i = 0; i < BL_R__COUNT; i++) {
		const struct bl_rule *r = bl_rules[i];

		check_input(r->id, example_name(r), r->bad, strlen(r->bad), false);
		check_input(r->id, example_name(r), r->bad, strlen(r->bad), true);
		check_input(r->id, example_name(r), r->good, strlen(r->good), true);
	}
}

static void test_every_fixable_rule_has_a_case(void **state)
{
	struct bl_strbuf missing = BL_STRBUF_INIT;
	int i;

	(void)state;
	for (i = 0; i < BL_R__COUNT; i++) {
		const struct bl_rule *r = bl_rules[i];
		char *p, *q, *text;
		size_t len;

		if (!r->fixable)
			continue;
		p = bl_xasprintf("%s/fix-%s.case", cases_dir(), r->id);
		for (q = p + strlen(cases_dir()) + 1; *q; q++)
			if (*q == '/')
				*q = '-';
		if (access(p, R_OK) != 0) {
			bl_strbuf_addf(&missing, " %s", p);
		} else {
			text = read_all(p, &len);
			if (!strstr(text, "\n=== expect-file ") && !strstr(text, "\n=== expect-printf "))
				bl_strbuf_addf(&missing, " %s(no expect-file)", p);
			free(text);
		}
		free(p);
	}
	if (missing.len) {
		char msg[4096];

		snprintf(msg, sizeof(msg), "%s", missing.buf);
		bl_strbuf_release(&missing);
		fail_msg("fixable rules need a golden case with the file before and "
			 "after --fix:%s", msg);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_golden_inputs_safe),
		cmocka_unit_test(test_golden_inputs_unsafe),
		cmocka_unit_test(test_rule_examples),
		cmocka_unit_test(test_every_fixable_rule_has_a_case),
	};

	return cmocka_run_group_tests_name("fix-cases", tests, NULL, NULL);
}
