/*
 * cli.c - options, the run over the named paths, and exit codes.
 *
 * This is the only code that prints usage or decides the exit status:
 * 0 no findings at or above --fail-on, 1 findings, 2 usage or I/O errors.
 */
#include "cli.h"

#include <dirent.h>
#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "config.h"
#include "engine.h"
#include "fix.h"
#include "git.h"
#include "report/report.h"
#include "translit.h"

#include "banned.h"

enum out_format { OUT_TEXT, OUT_JSON, OUT_SARIF, OUT_GITHUB };

struct options {
	enum out_format out;
	enum bl_format input_format;
	int color;                 /* -1 auto, 0 never, 1 always */
	enum bl_severity fail_on;
	const char *style;
	const char *config;
	const char *select;
	const char *ignore;
	bool fix, dry_run, unsafe_fixes;
	bool staged;
	const char *diff_rev;
	bool diff_scope_file;      /* --diff-scope=file: whole changed files */
	bool quiet;
	bool no_source;
	size_t max_file_size;
	size_t max_entries;
	/* given on the command line: .biblint.yml's limits do not apply */
	bool max_file_size_set, max_entries_set;
};

static void usage(FILE *out)
{
	fputs("usage: biblint [OPTIONS] [PATH...]\n"
	      "       biblint --staged            lint the staged content (pre-commit)\n"
	      "       biblint --diff=REV          lint what changed since merge-base(REV, HEAD)\n"
	      "       biblint install-hook [--force|--chain]\n"
	      "       biblint uninstall-hook\n"
	      "       biblint transliterate --scheme=ID [TEXT...] | --list\n"
	      "\n"
	      "Checks reference lists (CSL-YAML, CSL-JSON, Pandoc Markdown, BibTeX, or a\n"
	      "formatted list) for format consistency. PATH '-' reads standard input; a\n"
	      "directory is walked for reference files.\n"
	      "\n"
	      "Options:\n"
	      "  --format=FMT        text (default), json, sarif, github\n"
	      "  --diff-scope=SCOPE  with --diff: report on changed lines and entries\n"
	      "                      (lines, the default) or whole changed files (file)\n"
	      "  --input-format=FMT  csl-yaml, csl-json, markdown, bibtex, text\n"
	      "  --style=NAME        the house style (name or path of a style file)\n"
	      "  --config=FILE       use FILE instead of the nearest .biblint.yml\n"
	      "  --select=RULES      only these rules (ids or families, comma-separated)\n"
	      "  --ignore=RULES      turn these rules off\n"
	      "  --fail-on=LEVEL     error, warning (default) or info\n"
	      "  --fix               apply safe fixes in place\n"
	      "  --dry-run           with --fix: print the diff, change nothing\n"
	      "  --diff-fix          the same as --fix --dry-run\n"
	      "  --unsafe-fixes      with --fix: also apply fixes that may change meaning\n"
	      "  --color[=WHEN]      auto (default), always, never; honours NO_COLOR\n"
	      "  --no-source         do not print the source line and caret\n"
	      "  -q, --quiet         no summary line\n"
	      "  --max-file-size=N   refuse files over N bytes (default 256 MiB)\n"
	      "  --max-entries=N     stop reading a file after N entries (default 10 million)\n"
	      "  -j, --jobs=N        threads for a long file (default: one per processor,\n"
	      "                      up to 16; 1 runs everything on one thread)\n"
	      "  --original=FILE     the printed list in the original language that a printed\n"
	      "                      romanised list renders entry by entry\n"
	      "  --list-rules        list every rule with its default severity\n"
	      "  --list-styles       list the styles --style and .biblint.yml can name\n"
	      "  --explain=RULE      show a rule's documentation and examples\n"
	      "  --version           print the version\n"
	      "  -h, --help          print this help\n"
	      "\n"
	      "Exit status: 0 nothing at or above --fail-on, 1 findings, 2 usage or I/O error.\n",
	      out);
}

static void error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void error(const char *fmt, ...)
{
	va_list ap;
	char *msg;
	const unsigned char *p;

	va_start(ap, fmt);
	msg = bl_xvasprintf(fmt, ap);
	va_end(ap);
	/* messages quote file names and values from the input: control
	 * characters in them must not reach the terminal */
	fputs("biblint: ", stderr);
	for (p = (const unsigned char *)msg; *p; p++) {
		if (*p == 0xC2 && p[1] >= 0x80 && p[1] <= 0x9F)
			fprintf(stderr, "\\u%04x", p[1]), p++;
		else if (*p < 0x20 && *p != '\n' && *p != '\t')
			fprintf(stderr, "\\x%02x", *p);
		else if (*p == 0x7F)
			fputs("\\x7f", stderr);
		else
			fputc(*p, stderr);
	}
	fputc('\n', stderr);
	free(msg);
}

/* ---- rule selection -------------------------------------------------- */

static void set_off(int rule, void *arg)
{
	((enum bl_severity *)arg)[rule] = BL_SEV_OFF;
}

struct keep {
	bool *keep;
};
static void set_keep(int rule, void *arg)
{
	((bool *)arg)[rule] = true;
}

static void suggest_rule(const char *word)
{
	const char *ids[BL_R__COUNT];
	const char *s;
	int i;

	for (i = 0; i < BL_R__COUNT; i++)
		ids[i] = bl_rules[i]->id;
	s = bl_suggest(word, ids, BL_R__COUNT);
	if (s)
		error("unknown rule '%s'; did you mean '%s'? (see --list-rules)", word, s);
	else
		error("unknown rule '%s'; see --list-rules", word);
}

static int apply_rule_list(const char *list, void (*fn)(int, void *), void *arg)
{
	char *copy = bl_xstrdup(list), *p = copy, *comma;
	int rc = 0;

	for (;;) {
		comma = strchr(p, ',');
		if (comma)
			*comma = '\0';
		while (*p == ' ')
			p++;
		if (*p && bl_rule_match(p, fn, arg) == 0) {
			suggest_rule(p);
			rc = -1;
		}
		if (!comma)
			break;
		p = comma + 1;
	}
	free(copy);
	return rc;
}

/* ---- commands -------------------------------------------------------- */

/* Each style of the data directory with its description. */
static int list_styles(void)
{
	struct bl_error err = { { 0 } };
	char **names;
	size_t n, i;
	int rc = BL_EXIT_OK;

	if (bl_style_list(&names, &n, &err) < 0) {
		error("%s", err.msg);
		return BL_EXIT_ERROR;
	}
	for (i = 0; i < n; i++) {
		const struct bl_style *s;

		if (bl_style_load(&s, names[i], NULL, &err) < 0) {
			error("%s", err.msg);
			rc = BL_EXIT_ERROR;
		} else {
			printf("%-24s %s\n", names[i], s->description ? s->description : "");
		}
		free(names[i]);
	}
	free(names);
	return rc;
}

static void list_rules(void)
{
	int i;

	for (i = 0; i < BL_R__COUNT; i++) {
		const struct bl_rule *r = bl_rules[i];

		printf("%-28s %-8s %s%s\n", r->id, bl_severity_name(r->severity),
		       r->summary, r->fixable ? " (fixable)" : "");
	}
}

static void print_example(const char *label, const char *text)
{
	const char *p = text;

	printf("%s:\n", label);
	while (*p) {
		const char *nl = strchr(p, '\n');
		size_t n = nl ? (size_t)(nl - p) : strlen(p);

		printf("    %.*s\n", (int)n, p);
		p += n + (nl ? 1 : 0);
	}
}

static int explain(const char *id)
{
	int i = bl_rule_find(id);
	const struct bl_rule *r;

	if (i < 0) {
		suggest_rule(id);
		return BL_EXIT_ERROR;
	}
	r = bl_rules[i];
	printf("%s (%s%s)\n\n%s.\n\n%s\n\n", r->id, bl_severity_name(r->severity),
	       r->fixable ? ", fixable" : "", r->summary, r->doc);
	if (r->example_style)
		printf("Examples use the style '%s'.\n\n", r->example_style);
	print_example("Bad", r->bad);
	print_example("Good", r->good);
	return BL_EXIT_OK;
}

/* ---- collecting paths ------------------------------------------------ */

struct pathlist {
	char **items;
	bool *explicit;
	size_t n, cap, cap2;
	struct bl_config_set *cs;  /* decides which walked files to lint */
	bool config_error;
};

static void pathlist_add(struct pathlist *pl, const char *path, bool explicit)
{
	BL_GROW(pl->items, pl->n + 1, pl->cap);
	BL_GROW(pl->explicit, pl->n + 1, pl->cap2);
	pl->items[pl->n] = bl_xstrdup(path);
	pl->explicit[pl->n] = explicit;
	pl->n++;
}

static bool is_reference_name(const char *name)
{
	static const char *const exts[] = { ".bib", ".yml", ".yaml", ".json", ".md",
					    ".markdown", ".bibtex" };
	size_t i;

	for (i = 0; i < BL_ARRAY_SIZE(exts); i++)
		if (bl_has_suffix_ci(name, exts[i]))
			return true;
	return false;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* A walked file is linted when the configuration's globs (or, without
 * them, its extension) say it is a reference file. */
static bool walk_wants(struct pathlist *pl, const char *path)
{
	struct bl_error err = { { 0 } };
	bool yes;

	if (pl->config_error)
		return false;
	if (bl_config_wants(&yes, pl->cs, path, &err) < 0) {
		error("%s", err.msg);
		pl->config_error = true;
		return false;
	}
	return yes;
}

static int walk_dir(struct pathlist *pl, const char *dir, int depth)
{
	DIR *d;
	struct dirent *de;
	char **names = NULL;
	size_t n = 0, cap = 0, i;
	int rc = 0;

	if (depth > 64)
		return 0;
	d = opendir(dir);
	if (!d) {
		error("cannot read directory '%s': %s", dir, strerror(errno));
		return -1;
	}
	while ((de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.' || strcmp(de->d_name, "node_modules") == 0)
			continue;
		BL_GROW(names, n + 1, cap);
		names[n++] = bl_xstrdup(de->d_name);
	}
	closedir(d);
	if (n > 1)
		qsort(names, n, sizeof(*names), cmp_str);
	for (i = 0; i < n; i++) {
		size_t dl = strlen(dir);
		char *path = bl_xasprintf("%s%s%s", dir,
					  dl && dir[dl - 1] == '/' ? "" : "/", names[i]);
		struct stat st;

		if (lstat(path, &st) == 0) {
			if (S_ISDIR(st.st_mode)) {
				if (walk_dir(pl, path, depth + 1) < 0)
					rc = -1;
			} else if (S_ISREG(st.st_mode) && walk_wants(pl, path)) {
				pathlist_add(pl, path, false);
			}
		}
		free(path);
		free(names[i]);
	}
	free(names);
	return rc;
}

/* ---- the run ---------------------------------------------------------- */

static bool use_color(int setting)
{
	const char *nc;

	if (setting >= 0)
		return setting == 1;
	nc = getenv("NO_COLOR");
	if (nc && *nc)
		return false;
	if (!isatty(STDOUT_FILENO))
		return false;
	nc = getenv("TERM");
	return !(nc && strcmp(nc, "dumb") == 0);
}

/* ---- --fix (src/fix.c) ------------------------------------------------ */

struct fix_run {
	struct bl_strbuf diffs;    /* --dry-run: the diffs, for stdout */
	struct bl_strbuf notes;    /* "fixed 3 problems in refs.yml" lines */
	size_t fixed;              /* problems fixed, or that would be */
	bool failed;               /* a file could not be written */
};

/*
 * Applies the fixes of res to its file, or (--dry-run) adds their diff to
 * fr. On a write, res is replaced by the result of the fixed text, so that
 * only what is left is reported. stamp identifies the file as it was read;
 * worktree (--staged) is the working-tree file to write when it still
 * holds the staged bytes.
 */
static void fix_one(const struct options *o, const struct bl_lint_opts *lopts,
		    struct bl_result *res, const struct bl_file_stamp *stamp,
		    const char *worktree, struct fix_run *fr)
{
	struct bl_fix_opts fopts = { .unsafe = o->unsafe_fixes };
	struct bl_fixed fixed;
	struct bl_error err = { { 0 } };
	const struct bl_source *src = res->src;
	const char *where = worktree ? " in the working tree (not staged: review the "
				       "change and 'git add' it)" : "";
	int rc;

	if (res->not_bibliography)
		return;
	if (bl_fix_run(&fixed, src, res, lopts, &fopts, &err) < 0) {
		error("%s", err.msg);
		fr->failed = true;
		return;
	}
	if (fixed.syntax_error) {
		bl_strbuf_addf(&fr->notes, "%s was not fixed: it has a syntax error "
			       "(input/syntax); correct that first\n", src->path);
		goto cleanup;
	}
	if (!fixed.src)
		goto cleanup;
	if (o->dry_run) {
		bl_fix_diff(&fr->diffs, src->path, src->data, src->len, &fixed.edits);
		bl_strbuf_addf(&fr->notes, "would fix %zu problem%s in %s\n", fixed.fixed,
			       fixed.fixed == 1 ? "" : "s", src->path);
		fr->fixed += fixed.fixed;
		goto cleanup;
	}
	if (!worktree && strcmp(src->path, "<stdin>") == 0) {
		error("cannot fix standard input in place; name the file, or use "
		      "--diff-fix to see the changes");
		fr->failed = true;
		goto cleanup;
	}
	if (worktree)
		rc = bl_fix_write_staged(worktree, src->path, src->data, src->len,
					 fixed.src->data, fixed.src->len, &err);
	else
		rc = bl_fix_write(src->path, stamp, src->data, src->len, fixed.src->data,
				  fixed.src->len, &err);
	if (rc < 0) {
		error("%s", err.msg);
		/* --staged: a file with unstaged changes is left to the user,
		 * and its findings stop the commit */
		if (!(worktree && rc == BL_ECHANGED))
			fr->failed = true;
		goto cleanup;
	}
	bl_strbuf_addf(&fr->notes, "fixed %zu problem%s in %s%s\n", fixed.fixed,
		       fixed.fixed == 1 ? "" : "s", src->path, where);
	fr->fixed += fixed.fixed;
	bl_source_free(res->src);
	bl_result_release(res);
	*res = fixed.res;
	fixed.src = NULL;
cleanup:
	bl_fixed_release(&fixed);
}

/* With --dry-run in text output the diff replaces the report (so that it
 * can be fed to patch); returns true then. */
static bool fix_print_diffs(const struct options *o, const struct fix_run *fr)
{
	if (!o->fix || !o->dry_run || o->out != OUT_TEXT)
		return false;
	fwrite(fr->diffs.buf ? fr->diffs.buf : "", 1, fr->diffs.len, stdout);
	return true;
}

/* Says what was fixed: after the text report, or on stderr when stdout
 * holds a diff or a machine-readable report. Releases fr. */
static void fix_finish(const struct options *o, struct fix_run *fr)
{
	FILE *out = o->out == OUT_TEXT && !o->dry_run ? stdout : stderr;

	if (fr->notes.len)
		fputs(fr->notes.buf, out);
	else if (o->fix && o->dry_run)
		fputs("nothing to fix\n", out);
	fflush(out);
	bl_strbuf_release(&fr->diffs);
	bl_strbuf_release(&fr->notes);
}

static int lint_paths(const struct options *o, struct bl_lint_opts *lopts,
		      char **paths, int npaths)
{
	struct fix_run fr = { BL_STRBUF_INIT, BL_STRBUF_INIT, 0, false };
	struct pathlist pl = { 0 };
	struct bl_result *results = NULL;
	size_t nres = 0, i, j;
	bool io_error = false, fail = false;
	struct bl_report_opts ropts = { 0 };
	struct bl_lint_opts fopts;
	const struct bl_config *cfg;
	struct bl_error cerr = { { 0 } };
	int k;

	pl.cs = bl_config_set_new(o->config, o->style);
	if (o->config && bl_config_find(&cfg, pl.cs, "-", &cerr) < 0) {
		error("%s", cerr.msg);
		bl_config_set_free(pl.cs);
		return BL_EXIT_ERROR;
	}
	for (k = 0; k < npaths && !pl.config_error; k++) {
		struct stat st;

		if (strcmp(paths[k], "-") != 0 && stat(paths[k], &st) == 0 &&
		    S_ISDIR(st.st_mode)) {
			if (walk_dir(&pl, paths[k], 0) < 0)
				io_error = true;
		} else {
			pathlist_add(&pl, paths[k], true);
		}
	}
	results = bl_xcalloc(pl.n ? pl.n : 1, sizeof(*results));
	for (i = 0; i < pl.n && !pl.config_error; i++) {
		struct bl_source *src;
		struct bl_error err = { { 0 } };
		struct bl_result *res = &results[nres];
		struct bl_file_stamp stamp = { 0 };
		size_t max_size = o->max_file_size;

		if (bl_config_for_path(&fopts, pl.cs, pl.items[i], lopts, &err) < 0 ||
		    bl_config_limits(o->max_file_size_set ? NULL : &max_size,
				     o->max_entries_set ? NULL : &fopts.max_entries,
				     pl.cs, pl.items[i], &err) < 0) {
			/* a broken configuration stops the run: exit 2 */
			error("%s", err.msg);
			pl.config_error = true;
			break;
		}
		/* taken before the read: a change after it is noticed */
		if (o->fix && !o->dry_run && strcmp(pl.items[i], "-") != 0)
			(void)bl_file_stamp_get(&stamp, pl.items[i], NULL);
		if (bl_source_read_file(&src, pl.items[i], max_size, &err) < 0) {
			error("%s", err.msg);
			io_error = true;
			continue;
		}
		fopts.named = pl.explicit[i];
		if (bl_lint(res, src, &fopts, &err) < 0) {
			error("%s", err.msg);
			io_error = true;
			bl_source_free(src);
			continue;
		}
		if (res->not_bibliography && !pl.explicit[i]) {
			/* walked into: silently not a reference file */
			bl_result_release(res);
			bl_source_free(src);
			continue;
		}
		if (o->fix)
			fix_one(o, &fopts, res, &stamp, NULL, &fr);
		nres++;
	}

	ropts.color = use_color(o->color);
	ropts.show_source = !o->no_source;
	ropts.summary = !o->quiet;
	/* -1: nothing to report, or the dry run's diff took the report's place */
	switch (pl.config_error || fix_print_diffs(o, &fr) ? -1 : (int)o->out) {
	case OUT_TEXT:
		bl_report_text(stdout, results, nres, &ropts);
		break;
	case OUT_JSON:
		bl_report_json(stdout, results, nres, &ropts);
		break;
	case OUT_SARIF:
		bl_report_sarif(stdout, results, nres, &ropts);
		break;
	case OUT_GITHUB:
		bl_report_github(stdout, results, nres, &ropts);
		break;
	}
	fflush(stdout);
	if (fr.failed)
		io_error = true;
	fix_finish(o, &fr);

	for (i = 0; i < nres; i++) {
		for (j = 0; j < results[i].count; j++)
			if (results[i].findings[j].severity >= o->fail_on)
				fail = true;
		bl_source_free(results[i].src);
		bl_result_release(&results[i]);
	}
	free(results);
	for (i = 0; i < pl.n; i++)
		free(pl.items[i]);
	free(pl.items);
	free(pl.explicit);
	bl_config_set_free(pl.cs);
	if (io_error || pl.config_error)
		return BL_EXIT_ERROR;
	return fail ? BL_EXIT_FINDINGS : BL_EXIT_OK;
}

/* ---- git: --staged, --diff, install-hook (src/git.c) ------------------ */

static void emit(const struct options *o, const struct bl_result *res, size_t n,
		 const char *footer)
{
	struct bl_report_opts ropts = { 0 };

	ropts.color = use_color(o->color);
	ropts.show_source = !o->no_source;
	ropts.summary = !o->quiet;
	ropts.footer = footer;
	switch (o->out) {
	case OUT_TEXT: bl_report_text(stdout, res, n, &ropts); break;
	case OUT_JSON: bl_report_json(stdout, res, n, &ropts); break;
	case OUT_SARIF: bl_report_sarif(stdout, res, n, &ropts); break;
	case OUT_GITHUB: bl_report_github(stdout, res, n, &ropts); break;
	}
	fflush(stdout);
	if (footer && o->out != OUT_TEXT)
		fprintf(stderr, "%s\n", footer);
}

/* Lints the staged files (--staged) or those changed since merge-base(REV,
 * HEAD) (--diff=REV), reading content from git, never the working tree. */
static int lint_git(const struct options *o, struct bl_lint_opts *lopts)
{
	struct bl_git *g = NULL;
	struct bl_git_changes ch;
	struct bl_error err = { { 0 } };
	struct bl_result *results;
	size_t nres = 0, i, j;
	bool fail = false, io_error = false;
	struct fix_run fr = { BL_STRBUF_INIT, BL_STRBUF_INIT, 0, false };
	struct bl_config_set *cs = NULL;
	struct bl_lint_opts fopts;
	int rc;

	if (bl_git_open(&g, &err) < 0) {
		error("%s", err.msg);
		return BL_EXIT_ERROR;
	}
	bl_timing_mark("repository open");
	rc = o->staged ? bl_git_staged(g, &ch, &err)
		       : bl_git_changed_since(g, o->diff_rev, &ch, &err);
	bl_timing_mark("%zu changed file%s listed", ch.count, ch.count == 1 ? "" : "s");
	if (rc < 0) {
		error("%s", err.msg);
		bl_git_free(g);
		return BL_EXIT_ERROR;
	}
	if (ch.merging)
		error("note: a merge is in progress; checking only the files whose "
		      "staged content differs from every merged branch");
	results = bl_xcalloc(ch.count ? ch.count : 1, sizeof(*results));
	lopts->named = false;
	/* .biblint.yml files are read from the working tree, found from
	 * where each file sits in it */
	if (bl_git_workdir(g))
		cs = bl_config_set_new(o->config, o->style);
	for (i = 0; i < ch.count; i++) {
		struct bl_source *src;
		struct bl_result *res = &results[nres];
		char *full = cs ? bl_xasprintf("%s%s", bl_git_workdir(g), ch.files[i].path)
				: NULL;
		bool wanted = cs ? false : is_reference_name(ch.files[i].path);
		size_t max_size = o->max_file_size;

		fopts = *lopts;
		if (cs && (bl_config_wants(&wanted, cs, full, &err) < 0 ||
			   (wanted && (bl_config_for_path(&fopts, cs, full, lopts, &err) < 0 ||
				       bl_config_limits(o->max_file_size_set ? NULL : &max_size,
							o->max_entries_set ? NULL :
							&fopts.max_entries,
							cs, full, &err) < 0)))) {
			error("%s", err.msg);
			io_error = true;
			free(full);
			break;
		}
		free(full);
		if (!wanted)
			continue;
		fopts.named = false;
		if (bl_git_read(g, &ch.files[i], max_size, &src, &err) < 0) {
			error("%s", err.msg);
			io_error = true;
			continue;
		}
		bl_timing_mark("%s: read from git", ch.files[i].path);
		if (bl_lint(res, src, &fopts, &err) < 0) {
			error("%s", err.msg);
			io_error = true;
			bl_source_free(src);
			continue;
		}
		if (res->not_bibliography) {
			bl_result_release(res);
			bl_source_free(src);
			continue;
		}
		if (o->diff_rev && !o->diff_scope_file)
			bl_git_filter_findings(&ch.files[i], res);
		if (o->fix && o->staged) {
			char *wt = bl_xasprintf("%s%s", bl_git_workdir(g), ch.files[i].path);

			fix_one(o, &fopts, res, NULL, wt, &fr);
			free(wt);
		}
		nres++;
	}
	for (i = 0; i < nres; i++)
		for (j = 0; j < results[i].count; j++)
			if (results[i].findings[j].severity >= o->fail_on)
				fail = true;
	/* fixes written to the working tree are not staged: the commit stops
	 * so that they are reviewed and added */
	if (fr.fixed && !o->dry_run)
		fail = true;
	if (fr.failed)
		io_error = true;
	if (fix_print_diffs(o, &fr)) {
		fix_finish(o, &fr);
		goto done;
	}
	emit(o, results, nres,
	     o->staged && fail ? "biblint: commit stopped; fix the problems above and "
				 "'git add' them, or commit anyway with 'git commit --no-verify'"
			       : NULL);
	fix_finish(o, &fr);
	bl_timing_mark("reported");
done:
	for (i = 0; i < nres; i++) {
		bl_source_free(results[i].src);
		bl_result_release(&results[i]);
	}
	free(results);
	bl_config_set_free(cs);
	bl_git_changes_release(&ch);
	bl_git_free(g);
	if (io_error)
		return BL_EXIT_ERROR;
	return fail ? BL_EXIT_FINDINGS : BL_EXIT_OK;
}

/* ---- biblint transliterate (src/translit.c) ------------------------- */

static int translit_print(const struct bl_scheme *s, const char *text, size_t len)
{
	struct bl_strbuf sb = BL_STRBUF_INIT;
	struct bl_error err;
	int rc = bl_scheme_translit(s, text, len, &sb, &err);

	if (rc == BL_OK)
		printf("%.*s\n", (int)sb.len, sb.buf ? sb.buf : "");
	else
		error("%s", err.msg);
	bl_strbuf_release(&sb);
	return rc;
}

/* biblint transliterate --scheme=ID [TEXT...] | --list */
static int translit_command(int argc, char **argv)
{
	const char *id = NULL;
	const struct bl_scheme *s;
	struct bl_error err;
	bool list = false;
	int i, first = argc;
	size_t k;

	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--") == 0) {
			first = i + 1;
			break;
		} else if (strncmp(argv[i], "--scheme=", 9) == 0) {
			id = argv[i] + 9;
		} else if (strcmp(argv[i], "--scheme") == 0 && i + 1 < argc) {
			id = argv[++i];
		} else if (strcmp(argv[i], "--list") == 0) {
			list = true;
		} else if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0) {
			puts("usage: biblint transliterate --scheme=ID [TEXT...]\n"
			     "       biblint transliterate --list\n\n"
			     "Prints the romanisation of each TEXT, or of each line of standard\n"
			     "input, under the scheme ID (see --list).");
			return BL_EXIT_OK;
		} else if (argv[i][0] == '-' && argv[i][1] != '\0') {
			error("transliterate: unknown option '%s'; usage: biblint transliterate "
			      "--scheme=ID [TEXT...] or --list", argv[i]);
			return BL_EXIT_ERROR;
		} else {
			first = i;
			break;
		}
	}
	if (bl_schemes_load(&err) < 0) {
		error("%s", err.msg);
		return BL_EXIT_ERROR;
	}
	if (list) {
		for (k = 0; k < bl_scheme_count(); k++) {
			s = bl_scheme_at(k);
			printf("%-18s %-3s %s\n", s->id, s->language, s->name);
		}
		return BL_EXIT_OK;
	}
	if (!id) {
		error("transliterate: name a scheme with --scheme=ID (see biblint "
		      "transliterate --list)");
		return BL_EXIT_ERROR;
	}
	s = bl_scheme_find(id);
	if (!s) {
		const char *ids[256], *near;
		size_t n = 0;

		for (k = 0; k < bl_scheme_count() && n < BL_ARRAY_SIZE(ids); k++)
			ids[n++] = bl_scheme_at(k)->id;
		near = bl_suggest(id, ids, n);
		if (near)
			error("unknown scheme '%s'; did you mean '%s'? (see biblint "
			      "transliterate --list)", id, near);
		else
			error("unknown scheme '%s'; see biblint transliterate --list", id);
		return BL_EXIT_ERROR;
	}
	if (first < argc) {
		for (i = first; i < argc; i++)
			if (translit_print(s, argv[i], strlen(argv[i])) < 0)
				return BL_EXIT_ERROR;
	} else {
		char *line = NULL;
		size_t cap = 0;
		ssize_t n;

		while ((n = getline(&line, &cap, stdin)) >= 0) {
			while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
				n--;
			if (translit_print(s, line, (size_t)n) < 0) {
				free(line);
				return BL_EXIT_ERROR;
			}
		}
		free(line);
	}
	return fflush(stdout) == 0 ? BL_EXIT_OK : BL_EXIT_ERROR;
}

/* biblint install-hook [--force|--chain] / uninstall-hook */
static int hook_command(int argc, char **argv)
{
	bool uninstall = strcmp(argv[0], "uninstall-hook") == 0;
	enum bl_hook_mode mode = BL_HOOK_REFUSE;
	struct bl_error err = { { 0 } };
	struct bl_git *g = NULL;
	char exe[4096], *done = NULL;
	const char *binary = NULL;
	int i, rc;

	for (i = 1; i < argc; i++) {
		if (!uninstall && strcmp(argv[i], "--force") == 0)
			mode = BL_HOOK_FORCE;
		else if (!uninstall && strcmp(argv[i], "--chain") == 0)
			mode = BL_HOOK_CHAIN;
		else {
			error("%s: unexpected argument '%s'; usage: biblint install-hook "
			      "[--force|--chain], biblint uninstall-hook", argv[0], argv[i]);
			return BL_EXIT_ERROR;
		}
	}
	if (!uninstall && realpath("/proc/self/exe", exe))
		binary = exe;
	if (bl_git_open(&g, &err) < 0) {
		error("%s", err.msg);
		return BL_EXIT_ERROR;
	}
	rc = uninstall ? bl_git_hook_uninstall(g, &done, &err)
		       : bl_git_hook_install(g, binary, mode, &done, &err);
	bl_git_free(g);
	if (rc < 0) {
		error("%s", err.msg);
		return BL_EXIT_ERROR;
	}
	printf("biblint: %s\n", done);
	free(done);
	return BL_EXIT_OK;
}

static int parse_size(const char *arg, const char *opt, size_t *out)
{
	char *end;
	unsigned long long v;

	errno = 0;
	v = strtoull(arg, &end, 10);
	if (errno || end == arg || *end || arg[0] == '-') {
		error("%s needs a positive number, not '%s'", opt, arg);
		return -1;
	}
	*out = (size_t)v;
	return 0;
}

enum {
	OPT_FORMAT = 256, OPT_DIFF_FIX, OPT_INPUT_FORMAT, OPT_STYLE, OPT_CONFIG,
	OPT_SELECT,
	OPT_IGNORE, OPT_FAIL_ON, OPT_FIX, OPT_DRY_RUN, OPT_UNSAFE_FIXES, OPT_COLOR,
	OPT_LIST_RULES, OPT_EXPLAIN, OPT_VERSION, OPT_STAGED, OPT_DIFF,
	OPT_NO_SOURCE, OPT_MAX_FILE_SIZE, OPT_MAX_ENTRIES, OPT_DIFF_SCOPE,
	OPT_LIST_STYLES, OPT_ORIGINAL,
};

static const struct option long_options[] = {
	{ "format", required_argument, NULL, OPT_FORMAT },
	{ "input-format", required_argument, NULL, OPT_INPUT_FORMAT },
	{ "style", required_argument, NULL, OPT_STYLE },
	{ "config", required_argument, NULL, OPT_CONFIG },
	{ "select", required_argument, NULL, OPT_SELECT },
	{ "ignore", required_argument, NULL, OPT_IGNORE },
	{ "fail-on", required_argument, NULL, OPT_FAIL_ON },
	{ "fix", no_argument, NULL, OPT_FIX },
	{ "dry-run", no_argument, NULL, OPT_DRY_RUN },
	{ "diff-fix", no_argument, NULL, OPT_DIFF_FIX },
	{ "unsafe-fixes", no_argument, NULL, OPT_UNSAFE_FIXES },
	{ "color", optional_argument, NULL, OPT_COLOR },
	{ "colour", optional_argument, NULL, OPT_COLOR },
	{ "list-rules", no_argument, NULL, OPT_LIST_RULES },
	{ "list-styles", no_argument, NULL, OPT_LIST_STYLES },
	{ "explain", required_argument, NULL, OPT_EXPLAIN },
	{ "version", no_argument, NULL, OPT_VERSION },
	{ "help", no_argument, NULL, 'h' },
	{ "quiet", no_argument, NULL, 'q' },
	{ "staged", no_argument, NULL, OPT_STAGED },
	{ "diff", required_argument, NULL, OPT_DIFF },
	{ "diff-scope", required_argument, NULL, OPT_DIFF_SCOPE },
	{ "no-source", no_argument, NULL, OPT_NO_SOURCE },
	{ "max-file-size", required_argument, NULL, OPT_MAX_FILE_SIZE },
	{ "max-entries", required_argument, NULL, OPT_MAX_ENTRIES },
	{ "jobs", required_argument, NULL, 'j' },
	{ "original", required_argument, NULL, OPT_ORIGINAL },
	{ NULL, 0, NULL, 0 },
};

/* --fix, --dry-run/--diff-fix, --unsafe-fixes: which combinations work. */
static int check_fix_options(const struct options *o)
{
	if ((o->dry_run || o->unsafe_fixes) && !o->fix) {
		error("%s works with --fix; add --fix (or use --diff-fix to see the "
		      "changes)", o->dry_run ? "--dry-run" : "--unsafe-fixes");
		return -1;
	}
	if (o->fix && o->diff_rev) {
		error("--fix cannot be used with --diff; fixes apply to files, run "
		      "biblint --fix on them");
		return -1;
	}
	if (o->fix && !o->dry_run) {
		/* past a file size limit, let write() fail with EFBIG (reported,
		 * the original kept) instead of being killed mid-write */
		signal(SIGXFSZ, SIG_IGN);
	}
	return 0;
}

int bl_cli_main(int argc, char **argv)
{
	struct options o = { 0 };
	struct bl_lint_opts lopts;
	int c, v;
	char *stdin_path[] = { "-" };

	o.color = -1;
	o.fail_on = BL_SEV_WARNING;
	o.max_file_size = 256u << 20;
	o.max_entries = 10000000;
	bl_lint_opts_init(&lopts);

	/* subcommands have options of their own */
	if (argc > 1 && (strcmp(argv[1], "install-hook") == 0 ||
			 strcmp(argv[1], "uninstall-hook") == 0))
		return hook_command(argc - 1, argv + 1);
	if (argc > 1 && strcmp(argv[1], "transliterate") == 0)
		return translit_command(argc - 1, argv + 1);

	opterr = 0;
	while ((c = getopt_long(argc, argv, "hqj:", long_options, NULL)) != -1) {
		switch (c) {
		case OPT_FORMAT:
			if (strcmp(optarg, "text") == 0)
				o.out = OUT_TEXT;
			else if (strcmp(optarg, "json") == 0)
				o.out = OUT_JSON;
			else if (strcmp(optarg, "sarif") == 0)
				o.out = OUT_SARIF;
			else if (strcmp(optarg, "github") == 0)
				o.out = OUT_GITHUB;
			else {
				error("unknown output format '%s'; use text, json, sarif or github",
				      optarg);
				return BL_EXIT_ERROR;
			}
			break;
		case OPT_INPUT_FORMAT:
			v = bl_format_parse(optarg);
			if (v <= 0) {
				error("unknown input format '%s'; use csl-yaml, csl-json, "
				      "markdown, bibtex or text", optarg);
				return BL_EXIT_ERROR;
			}
			o.input_format = (enum bl_format)v;
			break;
		case OPT_STYLE: o.style = optarg; break;
		case OPT_CONFIG: o.config = optarg; break;
		case OPT_SELECT: o.select = optarg; break;
		case OPT_IGNORE: o.ignore = optarg; break;
		case OPT_FAIL_ON:
			v = bl_severity_parse(optarg);
			if (v <= BL_SEV_OFF) {
				error("--fail-on takes error, warning or info, not '%s'", optarg);
				return BL_EXIT_ERROR;
			}
			o.fail_on = (enum bl_severity)v;
			break;
		case OPT_FIX: o.fix = true; break;
		case OPT_DRY_RUN: o.dry_run = true; break;
		case OPT_DIFF_FIX: o.fix = o.dry_run = true; break;
		case OPT_UNSAFE_FIXES: o.unsafe_fixes = true; break;
		case OPT_COLOR:
			if (!optarg || strcmp(optarg, "auto") == 0)
				o.color = -1;
			else if (strcmp(optarg, "always") == 0)
				o.color = 1;
			else if (strcmp(optarg, "never") == 0)
				o.color = 0;
			else {
				error("--color takes auto, always or never, not '%s'", optarg);
				return BL_EXIT_ERROR;
			}
			break;
		case OPT_LIST_RULES:
			list_rules();
			return BL_EXIT_OK;
		case OPT_LIST_STYLES:
			return list_styles();
		case OPT_EXPLAIN:
			return explain(optarg);
		case OPT_VERSION:
			printf("biblint %s\n", BL_VERSION);
			return BL_EXIT_OK;
		case 'h':
			usage(stdout);
			return BL_EXIT_OK;
		case 'q': o.quiet = true; break;
		case OPT_STAGED: o.staged = true; break;
		case OPT_DIFF: o.diff_rev = optarg; break;
		case OPT_DIFF_SCOPE:
			if (strcmp(optarg, "file") == 0)
				o.diff_scope_file = true;
			else if (strcmp(optarg, "lines") != 0) {
				error("--diff-scope takes lines (the default) or file, not '%s'",
				      optarg);
				return BL_EXIT_ERROR;
			}
			break;
		case OPT_NO_SOURCE: o.no_source = true; break;
		case OPT_MAX_FILE_SIZE:
			if (parse_size(optarg, "--max-file-size", &o.max_file_size) < 0)
				return BL_EXIT_ERROR;
			o.max_file_size_set = true;
			break;
		case OPT_MAX_ENTRIES:
			if (parse_size(optarg, "--max-entries", &o.max_entries) < 0)
				return BL_EXIT_ERROR;
			o.max_entries_set = true;
			break;
		case OPT_ORIGINAL:
			lopts.original = optarg;
			break;
		case 'j': {
			size_t jobs;

			if (parse_size(optarg, "--jobs", &jobs) < 0)
				return BL_EXIT_ERROR;
			if (jobs == 0 || jobs > 1024) {
				error("--jobs wants a number of threads from 1 to 1024, "
				      "not '%s'", optarg);
				return BL_EXIT_ERROR;
			}
			lopts.jobs = (unsigned)jobs;
			break;
		}
		case '?':
		default:
			if (optopt && optopt < 256)
				error("unknown option '-%c'; see --help", optopt);
			else
				error("unknown or incomplete option '%s'; see --help",
				      argv[optind - 1]);
			return BL_EXIT_ERROR;
		}
	}

	if (o.select) {
		bool keep[BL_R__COUNT] = { false };
		int i;

		if (apply_rule_list(o.select, set_keep, keep) < 0)
			return BL_EXIT_ERROR;
		for (i = 0; i < BL_R__COUNT; i++)
			if (!keep[i])
				lopts.sev[i] = BL_SEV_OFF;
	}
	if (o.ignore && apply_rule_list(o.ignore, set_off, lopts.sev) < 0)
		return BL_EXIT_ERROR;
	lopts.format = o.input_format;
	lopts.max_entries = o.max_entries;

	if (o.style) {
		/* an unknown style is a usage error even before any file is read */
		const struct bl_style *s;
		struct bl_error err = { { 0 } };

		if (bl_style_load(&s, o.style, NULL, &err) < 0) {
			error("%s", err.msg);
			return BL_EXIT_ERROR;
		}
	}
	if (check_fix_options(&o) < 0)
		return BL_EXIT_ERROR;
	if (o.staged || o.diff_rev) {
		if (o.staged && o.diff_rev) {
			error("--staged and --diff cannot be used together");
			return BL_EXIT_ERROR;
		}
		if (optind < argc) {
			error("%s takes no paths; it lints what git lists",
			      o.staged ? "--staged" : "--diff");
			return BL_EXIT_ERROR;
		}
		return lint_git(&o, &lopts);
	}
	if (optind < argc && (strcmp(argv[optind], "install-hook") == 0 ||
			      strcmp(argv[optind], "uninstall-hook") == 0))
		return hook_command(argc - optind, argv + optind);

	if (optind >= argc) {
		if (isatty(STDIN_FILENO)) {
			error("no input; name reference files or directories, or '-' for "
			      "standard input (see --help)");
			return BL_EXIT_ERROR;
		}
		return lint_paths(&o, &lopts, stdin_path, 1);
	}
	return lint_paths(&o, &lopts, argv + optind, argc - optind);
}
