/*
 * test_fix.c - choosing, applying and composing fixes, the unified diff,
 * and the atomic replacement of files with its failure modes (a directory
 * that refuses new files, a file size limit, a file changed between read
 * and write, a failing rename, symlinks and hard links).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "fix.h"

/* ---- helpers ---------------------------------------------------------- */

struct fset {
	struct bl_finding f[16];
	struct bl_fix x[16];
	size_t n;
};

static void add(struct fset *s, int rule, uint32_t start, uint32_t end,
		const char *repl, bool safe)
{
	struct bl_finding *f = &s->f[s->n];
	struct bl_fix *x = &s->x[s->n];

	memset(f, 0, sizeof(*f));
	x->start = start;
	x->end = end;
	x->replacement = repl;
	x->safe = safe;
	f->rule = rule;
	f->start = start;
	f->end = end;
	f->message = "m";
	f->fix = x;
	s->n++;
}

static char *plan_apply(const struct fset *s, const char *text, bool unsafe,
			struct bl_fix_plan *plan)
{
	size_t n;

	bl_fix_plan(plan, s->f, s->n, text, strlen(text), unsafe);
	return bl_edits_apply(&plan->edits, text, strlen(text), &n);
}

static char *diff_of(const char *old, const struct bl_edits *e)
{
	struct bl_strbuf sb = BL_STRBUF_INIT;

	bl_fix_diff(&sb, "refs.yml", old, strlen(old), e);
	return bl_strbuf_detach(&sb, NULL);
}

static uint64_t rng_state = 88172645463325252ull;
static uint32_t rnd(uint32_t n)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return n ? (uint32_t)(rng_state % n) : 0;
}

/* Random sorted, non-overlapping edits over a text of len bytes; texts
 * drawn from a small alphabet with line breaks. */
static void random_edits(struct bl_edits *e, size_t len)
{
	static const char alpha[] = "ab\n-\xe2\x80\x93";
	uint32_t pos = 0;

	memset(e, 0, sizeof(*e));
	while (pos <= len && e->n < 6) {
		uint32_t start = pos + rnd((uint32_t)(len - pos) + 1);
		uint32_t end = start + rnd((uint32_t)(len - start) < 4 ? (uint32_t)(len - start) + 1 : 4);
		char text[8];
		size_t tl = rnd(4), i;

		if (rnd(3) == 0)
			break;
		for (i = 0; i < tl; i++)
			text[i] = alpha[rnd(sizeof(alpha) - 1)];
		bl_edits_add(e, start, end, text, tl);
		pos = end + 1;
	}
}

/* Applies a unified diff to old, independently of fix.c: returns the new
 * text, or NULL when a context or removed line does not match. */
static char *apply_unified(const char *old, const char *diff)
{
	struct bl_strbuf out = BL_STRBUF_INIT;
	const char *p = diff, *o = old;
	size_t oline = 1;

	/* skip the two header lines */
	if (strncmp(p, "--- ", 4) == 0) {
		p = strchr(p, '\n') + 1;
		p = strchr(p, '\n') + 1;
	}
	while (*p) {
		size_t ostart;
		const char *nl = strchr(p, '\n');
		size_t n = (size_t)(nl - p);

		if (strncmp(p, "@@ -", 4) != 0)
			goto bad;
		ostart = strtoul(p + 4, NULL, 10);
		/* copy unchanged lines up to the hunk (an empty old range
		 * names the line before it) */
		{
			const char *c = strchr(p + 4, ',');
			size_t count = (c && c < strchr(p + 4, ' ')) ? strtoul(c + 1, NULL, 10) : 1;

			if (count == 0)
				ostart++;
		}
		while (oline < ostart) {
			const char *e = strchr(o, '\n');
			size_t ln = e ? (size_t)(e - o) + 1 : strlen(o);

			bl_strbuf_add(&out, o, ln);
			o += ln;
			oline++;
		}
		p += n + 1;
		while (*p && strncmp(p, "@@", 2) != 0) {
			const char *e = strchr(p, '\n');
			size_t ln = (size_t)(e - p);
			bool nonl = strncmp(e + 1, "\\ No newline", 12) == 0;
			size_t full = ln - 1;   /* without the mark */

			if (*p == ' ' || *p == '-') {
				/* must match old: the line's bytes plus '\n' unless marked */
				if (strncmp(o, p + 1, full) != 0)
					goto bad;
				if (!nonl && o[full] != '\n')
					goto bad;
				if (*p == ' ')
					bl_strbuf_add(&out, o, full + !nonl);
				o += full + !nonl;
				oline++;
			} else if (*p == '+') {
				bl_strbuf_add(&out, p + 1, full);
				if (!nonl)
					bl_strbuf_addch(&out, '\n');
			} else {
				goto bad;
			}
			p = e + 1;
			if (nonl)
				p = strchr(p, '\n') + 1;
		}
	}
	bl_strbuf_addstr(&out, o);
	return bl_strbuf_detach(&out, NULL);
bad:
	bl_strbuf_release(&out);
	return NULL;
}

/* ---- choosing and applying ------------------------------------------- */

static void test_safe_only_unless_asked(void **state)
{
	const char *text = "page: 1-2\nDOI: doi:10.1/x\n";
	struct fset s = { .n = 0 };
	struct bl_fix_plan plan;
	char *out;

	(void)state;
	add(&s, 1, 7, 8, "\xe2\x80\x93", true);
	add(&s, 2, 15, 19, "", false);
	out = plan_apply(&s, text, false, &plan);
	assert_string_equal(out, "page: 1\xe2\x80\x93" "2\nDOI: doi:10.1/x\n");
	assert_int_equal(plan.applied, 1);
	assert_int_equal(plan.unsafe, 1);
	free(out);
	bl_fix_plan_release(&plan);

	out = plan_apply(&s, text, true, &plan);
	assert_string_equal(out, "page: 1\xe2\x80\x93" "2\nDOI: 10.1/x\n");
	assert_int_equal(plan.applied, 2);
	assert_int_equal(plan.unsafe, 0);
	free(out);
	bl_fix_plan_release(&plan);
}

static void test_overlap_defers_the_later(void **state)
{
	const char *text = "abcdefghij";
	struct fset s = { .n = 0 };
	struct bl_fix_plan plan;
	char *out;

	(void)state;
	/* given in reverse: the order of findings does not matter */
	add(&s, 5, 4, 8, "X", true);    /* overlaps the next: deferred */
	add(&s, 6, 2, 5, "Y", true);
	add(&s, 7, 8, 9, "Z", true);    /* touches the first chosen: fine */
	out = plan_apply(&s, text, false, &plan);
	assert_string_equal(out, "abYfghZj");
	assert_int_equal(plan.applied, 2);
	assert_int_equal(plan.deferred, 1);
	free(out);
	bl_fix_plan_release(&plan);
}

static void test_same_point_insertions_conflict(void **state)
{
	const char *text = "abc";
	struct fset s = { .n = 0 };
	struct bl_fix_plan plan;
	char *out;

	(void)state;
	add(&s, 3, 1, 1, "Q", true);
	add(&s, 2, 1, 1, "P", true);
	add(&s, 4, 1, 2, "R", true);     /* starts where the insertion is */
	out = plan_apply(&s, text, false, &plan);
	/* the lower rule id wins; the rest waits for the next pass */
	assert_string_equal(out, "aPbc");
	assert_int_equal(plan.deferred, 2);
	free(out);
	bl_fix_plan_release(&plan);
}

static void test_identical_fixes_merge(void **state)
{
	const char *text = "1-2";
	struct fset s = { .n = 0 };
	struct bl_fix_plan plan;
	char *out;

	(void)state;
	add(&s, 1, 1, 2, "\xe2\x80\x93", true);
	add(&s, 9, 1, 2, "\xe2\x80\x93", true);
	out = plan_apply(&s, text, false, &plan);
	assert_string_equal(out, "1\xe2\x80\x93" "2");
	assert_int_equal(plan.applied, 2);
	assert_int_equal(plan.deferred, 0);
	assert_int_equal(plan.edits.n, 1);
	free(out);
	bl_fix_plan_release(&plan);
}

static void test_split_character_rejected(void **state)
{
	const char *text = "a\xd0\xbf" "b";   /* a, Cyrillic п, b */
	struct fset s = { .n = 0 };
	struct bl_fix_plan plan;
	char *out;

	(void)state;
	add(&s, 1, 2, 3, "x", true);            /* inside п */
	add(&s, 2, 3, 4, "\xff", true);         /* invalid replacement */
	add(&s, 3, 0, 1, "A", true);
	add(&s, 4, 3, 4, "b", true);            /* changes nothing */
	out = plan_apply(&s, text, false, &plan);
	assert_string_equal(out, "A\xd0\xbf" "b");
	assert_int_equal(plan.rejected, 3);
	free(out);
	bl_fix_plan_release(&plan);
}

static void test_compose_matches_two_passes(void **state)
{
	int iter;

	(void)state;
	for (iter = 0; iter < 4000; iter++) {
		char text[40];
		size_t len = rnd(sizeof(text) - 1), i, l1, l2, lc;
		struct bl_edits e1, e2;
		char *c, *t, *direct;

		for (i = 0; i < len; i++)
			text[i] = "xyz\n"[rnd(4)];
		text[len] = '\0';
		random_edits(&e1, len);
		c = bl_edits_apply(&e1, text, len, &l1);
		random_edits(&e2, l1);
		t = bl_edits_apply(&e2, c, l1, &l2);
		bl_edits_compose(&e1, &e2, c, l1);
		for (i = 1; i < e1.n; i++)
			assert_true(e1.v[i].start >= e1.v[i - 1].end);
		direct = bl_edits_apply(&e1, text, len, &lc);
		assert_int_equal(lc, l2);
		assert_memory_equal(direct, t, l2);
		free(c);
		free(t);
		free(direct);
		bl_edits_release(&e1);
		bl_edits_release(&e2);
	}
}

/* ---- the diff --------------------------------------------------------- */

static void test_diff_one_change_with_context(void **state)
{
	const char *old = "l1\nl2\nl3\nl4\npage: 1-2\nl6\nl7\nl8\nl9\n";
	struct bl_edits e = { 0 };
	char *d;

	(void)state;
	bl_edits_add(&e, (uint32_t)(strchr(old, '-') - old),
		     (uint32_t)(strchr(old, '-') - old) + 1, "\xe2\x80\x93", 3);
	d = diff_of(old, &e);
	assert_string_equal(d, "--- refs.yml\n+++ refs.yml\n"
			    "@@ -2,7 +2,7 @@\n l2\n l3\n l4\n-page: 1-2\n+page: 1\xe2\x80\x93" "2\n"
			    " l6\n l7\n l8\n");
	free(d);
	bl_edits_release(&e);
}

static void test_diff_separate_and_joined_hunks(void **state)
{
	const char *old = "a\nb\nc\nd\ne\nf\ng\nh\ni\nj\nk\nl\nm\nn\no\np\nq\n";
	struct bl_edits e = { 0 };
	char *d;

	(void)state;
	bl_edits_add(&e, 0, 1, "A", 1);            /* line 1 */
	bl_edits_add(&e, 6, 7, "D", 1);            /* line 4: same hunk */
	bl_edits_add(&e, 32, 33, "Q", 1);          /* line 17: its own hunk */
	d = diff_of(old, &e);
	assert_string_equal(d, "--- refs.yml\n+++ refs.yml\n"
			    "@@ -1,7 +1,7 @@\n-a\n+A\n b\n c\n-d\n+D\n e\n f\n g\n"
			    "@@ -14,4 +14,4 @@\n n\n o\n p\n-q\n+Q\n");
	free(d);
	bl_edits_release(&e);
}

static void test_diff_no_final_newline_and_line_removal(void **state)
{
	const char *old = "a\nb\nc";
	struct bl_edits e = { 0 };
	char *d;

	(void)state;
	bl_edits_add(&e, 2, 4, "", 0);             /* drop the line "b" */
	bl_edits_add(&e, 4, 5, "C", 1);
	d = diff_of(old, &e);
	assert_string_equal(d, "--- refs.yml\n+++ refs.yml\n"
			    "@@ -1,3 +1,2 @@\n a\n-b\n-c\n\\ No newline at end of file\n"
			    "+C\n\\ No newline at end of file\n");
	free(d);
	bl_edits_release(&e);
}

static void test_diff_applies_back(void **state)
{
	int iter;

	(void)state;
	for (iter = 0; iter < 3000; iter++) {
		char text[80];
		size_t len = rnd(sizeof(text) - 1), i, nl;
		struct bl_edits e;
		char *want, *d, *got;

		for (i = 0; i < len; i++)
			text[i] = "xy\n\n"[rnd(4)];
		text[len] = '\0';
		random_edits(&e, len);
		want = bl_edits_apply(&e, text, len, &nl);
		d = diff_of(text, &e);
		if (strcmp(want, text) == 0) {
			assert_string_equal(d, "");
		} else {
			got = apply_unified(text, d);
			if (!got || strcmp(got, want) != 0)
				fail_msg("diff does not apply:\n%s\nold: [%s]\nwant: [%s]\ngot: [%s]",
					 d, text, want, got ? got : "(null)");
			free(got);
		}
		free(want);
		free(d);
		bl_edits_release(&e);
	}
}

static void test_diff_is_linear(void **state)
{
	/* 200,000 lines, one edit near each end: the diff is two small hunks
	 * and takes no time worth measuring */
	size_t lines = 200000, i, len;
	struct bl_strbuf sb = BL_STRBUF_INIT;
	struct bl_edits e = { 0 };
	char *d;
	clock_t t0;

	(void)state;
	for (i = 0; i < lines; i++)
		bl_strbuf_addstr(&sb, "  page: 1-2\n");
	len = sb.len;
	bl_edits_add(&e, 9, 10, "\xe2\x80\x93", 3);
	bl_edits_add(&e, (uint32_t)(len - 3), (uint32_t)(len - 2), "\xe2\x80\x93", 3);
	t0 = clock();
	d = diff_of(sb.buf, &e);
	assert_true((double)(clock() - t0) / CLOCKS_PER_SEC < 0.5);
	assert_non_null(strstr(d, "@@ -1,4 +1,4 @@\n"));
	assert_non_null(strstr(d, "@@ -199997,4 +199997,4 @@\n"));
	free(d);
	bl_strbuf_release(&sb);
	bl_edits_release(&e);
}

/* ---- writing files ---------------------------------------------------- */

struct dir {
	char path[64];
};

static void mkdir_tmp(struct dir *d)
{
	snprintf(d->path, sizeof(d->path), "/tmp/biblint-fix-XXXXXX");
	assert_non_null(mkdtemp(d->path));
}

static char *join(const struct dir *d, const char *name)
{
	return bl_xasprintf("%s/%s", d->path, name);
}

static void put(const char *path, const char *text, mode_t mode)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, mode);

	assert_true(fd >= 0);
	assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
	close(fd);
	chmod(path, mode);
}

static char *slurp(const char *path)
{
	struct bl_source *src;
	struct bl_error err;
	char *s;

	assert_int_equal(bl_source_read_file(&src, path, 0, &err), BL_OK);
	s = bl_xstrdup(src->data);
	bl_source_free(src);
	return s;
}

/* Number of entries in the directory besides . and .. */
static int count_entries(const struct dir *d)
{
	DIR *dh = opendir(d->path);
	struct dirent *de;
	int n = 0;

	assert_non_null(dh);
	while ((de = readdir(dh)) != NULL)
		if (strcmp(de->d_name, ".") && strcmp(de->d_name, ".."))
			n++;
	closedir(dh);
	return n;
}

static void rm_tree(const struct dir *d)
{
	char *cmd = bl_xasprintf("chattr -i '%s' 2>/dev/null; rm -rf '%s'", d->path, d->path);

	assert_int_equal(system(cmd), 0);
	free(cmd);
}

static const char OLD[] = "- id: a\n  page: 1-2\n";
static const char NEW[] = "- id: a\n  page: 1\xe2\x80\x93" "2\n";

static int write_fixed(const char *path, const struct bl_file_stamp *st,
		       struct bl_error *err)
{
	return bl_fix_write(path, st, OLD, strlen(OLD), NEW, strlen(NEW), err);
}

static void test_write_replaces_and_keeps_mode(void **state)
{
	struct dir d;
	char *p, *s;
	struct bl_file_stamp st;
	struct bl_error err;
	struct stat sb;

	(void)state;
	mkdir_tmp(&d);
	p = join(&d, "refs.yml");
	put(p, OLD, 0640);
	assert_int_equal(bl_file_stamp_get(&st, p, &err), BL_OK);
	assert_int_equal(write_fixed(p, &st, &err), BL_OK);
	s = slurp(p);
	assert_string_equal(s, NEW);
	assert_int_equal(stat(p, &sb), 0);
	assert_int_equal(sb.st_mode & 07777, 0640);
	assert_int_equal(count_entries(&d), 1);   /* no temporary file left */
	free(s);
	free(p);
	rm_tree(&d);
}

static void test_write_follows_symlink(void **state)
{
	struct dir d;
	char *real, *link, *s;
	struct bl_file_stamp st;
	struct bl_error err;
	struct stat sb;

	(void)state;
	mkdir_tmp(&d);
	real = join(&d, "real.yml");
	link = join(&d, "link.yml");
	put(real, OLD, 0644);
	assert_int_equal(symlink("real.yml", link), 0);
	assert_int_equal(bl_file_stamp_get(&st, link, &err), BL_OK);
	assert_int_equal(write_fixed(link, &st, &err), BL_OK);
	assert_int_equal(lstat(link, &sb), 0);
	assert_true(S_ISLNK(sb.st_mode));
	s = slurp(real);
	assert_string_equal(s, NEW);
	free(s);
	free(real);
	free(link);
	rm_tree(&d);
}

static void test_write_refuses_changed_bytes(void **state)
{
	struct dir d;
	char *p, *s;
	struct bl_error err;

	(void)state;
	mkdir_tmp(&d);
	p = join(&d, "refs.yml");
	put(p, "- id: b\n  page: 1-2\n", 0644);   /* not what was read */
	assert_int_equal(write_fixed(p, NULL, &err), BL_ECHANGED);
	assert_non_null(strstr(err.msg, "changed on disk"));
	assert_non_null(strstr(err.msg, "not written"));
	s = slurp(p);
	assert_string_equal(s, "- id: b\n  page: 1-2\n");
	assert_int_equal(count_entries(&d), 1);
	free(s);
	free(p);
	rm_tree(&d);
}

static void test_write_refuses_changed_stamp(void **state)
{
	struct dir d;
	char *p, *s;
	struct bl_file_stamp st;
	struct bl_error err;
	struct timespec ts[2] = { { 1000000000, 0 }, { 1000000000, 0 } };

	(void)state;
	mkdir_tmp(&d);
	p = join(&d, "refs.yml");
	put(p, OLD, 0644);
	assert_int_equal(bl_file_stamp_get(&st, p, &err), BL_OK);
	/* rewritten with the same bytes after it was read */
	assert_int_equal(utimensat(AT_FDCWD, p, ts, 0), 0);
	assert_int_equal(write_fixed(p, &st, &err), BL_ECHANGED);
	s = slurp(p);
	assert_string_equal(s, OLD);
	free(s);
	free(p);
	rm_tree(&d);
}

static void test_write_refuses_same_stamp_other_bytes(void **state)
{
	struct dir d;
	char *p, *s;
	struct bl_file_stamp st;
	struct bl_error err;
	struct stat sb;
	struct timespec ts[2];
	const char *other = "- id: a\n  page: 1-3\n";   /* same length */

	(void)state;
	mkdir_tmp(&d);
	p = join(&d, "refs.yml");
	put(p, OLD, 0644);
	assert_int_equal(stat(p, &sb), 0);
	assert_int_equal(bl_file_stamp_get(&st, p, &err), BL_OK);
	/* rewritten in place, same size, its mtime set back: only the bytes
	 * tell the change */
	put(p, other, 0644);
	ts[0] = sb.st_atim;
	ts[1] = sb.st_mtim;
	assert_int_equal(utimensat(AT_FDCWD, p, ts, 0), 0);
	assert_int_equal(write_fixed(p, &st, &err), BL_ECHANGED);
	s = slurp(p);
	assert_string_equal(s, other);
	free(s);
	free(p);
	rm_tree(&d);
}

static void test_write_refuses_removed_file(void **state)
{
	struct dir d;
	char *p;
	struct bl_error err;

	(void)state;
	mkdir_tmp(&d);
	p = join(&d, "refs.yml");
	assert_int_equal(write_fixed(p, NULL, &err), BL_ECHANGED);
	assert_non_null(strstr(err.msg, "removed"));
	assert_int_equal(count_entries(&d), 0);
	free(p);
	rm_tree(&d);
}

static void test_write_immutable_directory(void **state)
{
	struct dir d;
	char *p, *s, *cmd;
	struct bl_file_stamp st;
	struct bl_error err;

	(void)state;
	mkdir_tmp(&d);
	p = join(&d, "refs.yml");
	put(p, OLD, 0644);
	assert_int_equal(bl_file_stamp_get(&st, p, &err), BL_OK);
	/* a directory nobody may add files to, not even root */
	cmd = bl_xasprintf("chattr +i '%s' 2>/dev/null", d.path);
	if (system(cmd) != 0) {
		free(cmd);
		free(p);
		rm_tree(&d);
		skip();
	}
	free(cmd);
	assert_int_equal(write_fixed(p, &st, &err), BL_ERR);
	assert_non_null(strstr(err.msg, "cannot create a temporary file"));
	assert_non_null(strstr(err.msg, "left unchanged"));
	s = slurp(p);
	assert_string_equal(s, OLD);
	free(s);
	free(p);
	rm_tree(&d);
}

static void test_write_file_size_limit(void **state)
{
	struct dir d;
	char *p, *s;
	struct bl_file_stamp st;
	struct bl_error err;
	struct rlimit old_lim, lim;
	void (*old_sig)(int);
	int rc;

	(void)state;
	mkdir_tmp(&d);
	p = join(&d, "refs.yml");
	put(p, OLD, 0644);
	assert_int_equal(bl_file_stamp_get(&st, p, &err), BL_OK);
	/* like a full disk: writes past 8 bytes fail with EFBIG */
	assert_int_equal(getrlimit(RLIMIT_FSIZE, &old_lim), 0);
	lim = old_lim;
	lim.rlim_cur = 8;
	old_sig = signal(SIGXFSZ, SIG_IGN);
	assert_int_equal(setrlimit(RLIMIT_FSIZE, &lim), 0);
	rc = write_fixed(p, &st, &err);
	setrlimit(RLIMIT_FSIZE, &old_lim);
	signal(SIGXFSZ, old_sig);
	assert_int_equal(rc, BL_ERR);
	assert_non_null(strstr(err.msg, "cannot write the fixed text"));
	assert_non_null(strstr(err.msg, "left unchanged"));
	s = slurp(p);
	assert_string_equal(s, OLD);
	assert_int_equal(count_entries(&d), 1);
	free(s);
	free(p);
	rm_tree(&d);
}

static int fail_rename(const char *step)
{
	return strcmp(step, "rename") == 0 ? EXDEV : 0;
}

static void test_write_failed_rename(void **state)
{
	struct dir d;
	char *p, *s;
	struct bl_error err;
	int rc;

	(void)state;
	mkdir_tmp(&d);
	p = join(&d, "refs.yml");
	put(p, OLD, 0644);
	bl_fix_write_fault = fail_rename;
	rc = write_fixed(p, NULL, &err);
	bl_fix_write_fault = NULL;
	assert_int_equal(rc, BL_ERR);
	assert_non_null(strstr(err.msg, "cannot replace it"));
	assert_non_null(strstr(err.msg, "left unchanged"));
	s = slurp(p);
	assert_string_equal(s, OLD);
	assert_int_equal(count_entries(&d), 1);   /* the temporary file is gone */
	free(s);
	free(p);
	rm_tree(&d);
}

/* Another program saves the file while biblint writes its temporary copy. */
static const char *concurrent_path;
static int concurrent_writer(const char *step)
{
	if (strcmp(step, "sync") == 0)
		put(concurrent_path, "- id: a\n  page: 1-2\n  note: saved meanwhile\n", 0644);
	return 0;
}

static void test_write_concurrent_change(void **state)
{
	struct dir d;
	char *p, *s;
	struct bl_file_stamp st;
	struct bl_error err;
	int rc;

	(void)state;
	mkdir_tmp(&d);
	p = join(&d, "refs.yml");
	put(p, OLD, 0644);
	assert_int_equal(bl_file_stamp_get(&st, p, &err), BL_OK);
	concurrent_path = p;
	bl_fix_write_fault = concurrent_writer;
	rc = write_fixed(p, &st, &err);
	bl_fix_write_fault = NULL;
	assert_int_equal(rc, BL_ECHANGED);
	assert_non_null(strstr(err.msg, "changed on disk"));
	s = slurp(p);
	assert_string_equal(s, "- id: a\n  page: 1-2\n  note: saved meanwhile\n");
	assert_int_equal(count_entries(&d), 1);   /* the temporary file is gone */
	free(s);
	free(p);
	rm_tree(&d);
}

static void test_write_refuses_hard_links(void **state)
{
	struct dir d;
	char *p, *q, *s;
	struct bl_error err;

	(void)state;
	mkdir_tmp(&d);
	p = join(&d, "refs.yml");
	q = join(&d, "other.yml");
	put(p, OLD, 0644);
	assert_int_equal(link(p, q), 0);
	assert_int_equal(write_fixed(p, NULL, &err), BL_ERR);
	assert_non_null(strstr(err.msg, "hard links"));
	s = slurp(q);
	assert_string_equal(s, OLD);
	free(s);
	free(p);
	free(q);
	rm_tree(&d);
}

/*
 * Runs fn(path) in a child process as the unprivileged user 65534 (root
 * may write anywhere, so permissions are tested without it) and returns
 * its exit status, or -1 when privileges cannot be dropped (not root).
 */
static int as_nobody(int (*fn)(const char *), const char *path)
{
	pid_t pid;
	int status;

	if (geteuid() != 0)
		return -1;
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		if (setgid(65534) < 0 || setuid(65534) < 0)
			_exit(100);
		_exit(fn(path));
	}
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status));
	return WEXITSTATUS(status);
}

/* Exit 0 when the write failed with the expected message and the file
 * still holds OLD. */
static int try_write_expect_failure(const char *path)
{
	struct bl_error err;
	char *s;
	int ok;

	if (write_fixed(path, NULL, &err) != BL_ERR)
		return 1;
	if (!strstr(err.msg, "left unchanged"))
		return 2;
	s = slurp(path);
	ok = strcmp(s, OLD) == 0;
	free(s);
	fprintf(stderr, "(as nobody) %s\n", err.msg);
	return ok ? 0 : 3;
}

static void test_write_read_only_directory(void **state)
{
	struct dir d;
	char *p;
	int rc;

	(void)state;
	mkdir_tmp(&d);
	p = join(&d, "refs.yml");
	put(p, OLD, 0666);
	assert_int_equal(chown(p, 65534, 65534), 0);
	/* the file is the user's, the directory is not writable by it */
	assert_int_equal(chmod(d.path, 0555), 0);
	rc = as_nobody(try_write_expect_failure, p);
	if (rc == -1) {
		free(p);
		rm_tree(&d);
		skip();
	}
	assert_int_equal(rc, 0);
	assert_int_equal(count_entries(&d), 1);
	free(p);
	rm_tree(&d);
}

static void test_write_read_only_file(void **state)
{
	struct dir d;
	char *p;
	int rc;

	(void)state;
	mkdir_tmp(&d);
	p = join(&d, "refs.yml");
	put(p, OLD, 0444);
	assert_int_equal(chown(p, 65534, 65534), 0);
	assert_int_equal(chmod(d.path, 0777), 0);
	rc = as_nobody(try_write_expect_failure, p);
	if (rc == -1) {
		free(p);
		rm_tree(&d);
		skip();
	}
	assert_int_equal(rc, 0);
	assert_int_equal(count_entries(&d), 1);
	free(p);
	rm_tree(&d);
}

static void test_write_staged(void **state)
{
	struct dir d;
	char *p, *s;
	struct bl_error err;

	(void)state;
	mkdir_tmp(&d);
	p = join(&d, "refs.yml");
	/* the working tree has an unstaged change: refused */
	put(p, "- id: a\n  page: 1-2\n  note: wip\n", 0644);
	assert_int_equal(bl_fix_write_staged(p, "refs.yml", OLD, strlen(OLD), NEW,
					     strlen(NEW), &err), BL_ECHANGED);
	assert_non_null(strstr(err.msg, "'refs.yml' has unstaged changes"));
	s = slurp(p);
	assert_string_equal(s, "- id: a\n  page: 1-2\n  note: wip\n");
	free(s);
	/* working tree equal to the staged bytes: fixed */
	put(p, OLD, 0644);
	assert_int_equal(bl_fix_write_staged(p, NULL, OLD, strlen(OLD), NEW, strlen(NEW),
					     &err), BL_OK);
	s = slurp(p);
	assert_string_equal(s, NEW);
	free(s);
	free(p);
	rm_tree(&d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_safe_only_unless_asked),
		cmocka_unit_test(test_overlap_defers_the_later),
		cmocka_unit_test(test_same_point_insertions_conflict),
		cmocka_unit_test(test_identical_fixes_merge),
		cmocka_unit_test(test_split_character_rejected),
		cmocka_unit_test(test_compose_matches_two_passes),
		cmocka_unit_test(test_diff_one_change_with_context),
		cmocka_unit_test(test_diff_separate_and_joined_hunks),
		cmocka_unit_test(test_diff_no_final_newline_and_line_removal),
		cmocka_unit_test(test_diff_applies_back),
		cmocka_unit_test(test_diff_is_linear),
		cmocka_unit_test(test_write_replaces_and_keeps_mode),
		cmocka_unit_test(test_write_follows_symlink),
		cmocka_unit_test(test_write_refuses_changed_bytes),
		cmocka_unit_test(test_write_refuses_changed_stamp),
		cmocka_unit_test(test_write_refuses_same_stamp_other_bytes),
		cmocka_unit_test(test_write_refuses_removed_file),
		cmocka_unit_test(test_write_immutable_directory),
		cmocka_unit_test(test_write_file_size_limit),
		cmocka_unit_test(test_write_failed_rename),
		cmocka_unit_test(test_write_concurrent_change),
		cmocka_unit_test(test_write_refuses_hard_links),
		cmocka_unit_test(test_write_read_only_directory),
		cmocka_unit_test(test_write_read_only_file),
		cmocka_unit_test(test_write_staged),
	};

	return cmocka_run_group_tests_name("fix", tests, NULL, NULL);
}
