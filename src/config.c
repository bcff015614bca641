/*
 * config.c - reads .biblint.yml (see config.h for the format), finds the
 * configuration of each file, and turns it into lint options.
 */
#include "config.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "yamltree.h"

#include "banned.h"

struct sev_rule {
	char *pattern;             /* rule id, family/ *, or family */
	enum bl_severity sev;
};

struct ruleset {
	struct sev_rule *items;
	size_t n;
};

struct globs {
	char **items;
	size_t n;
};

struct override {
	struct globs files;
	const struct bl_style *style;   /* NULL: the file's style */
	struct ruleset rules;
};

struct bl_config {
	char *path;
	char *dir;                 /* absolute folder of the file */
	const struct bl_style *style;
	bool has_files;
	struct globs files, exclude;
	struct ruleset rules;
	struct override *overrides;
	size_t noverrides;
	/* max-file-size:, max-entries: (0: no limit); has_*: given */
	size_t max_file_size, max_entries;
	bool has_max_file_size, has_max_entries;
};

struct dir_entry {
	char *dir;
	struct bl_config *cfg;     /* NULL: none applies */
};

struct bl_config_set {
	const char *explicit_path;
	const char *style_name;
	const struct bl_style *style;   /* --style, once loaded */
	struct bl_config *explicit_cfg;
	struct bl_config **loaded;      /* every file read, owned */
	size_t nloaded, caploaded;
	struct dir_entry *dirs;         /* folder -> configuration cache */
	size_t ndirs, capdirs;
};

/* ---- paths and globs ------------------------------------------------- */

/* An absolute, lexically normalised copy of path (no symlinks resolved, so
 * that it works for files that do not exist, such as staged paths). */
static char *abs_path(const char *path)
{
	struct bl_strbuf sb = BL_STRBUF_INIT;
	char cwd[PATH_MAX];
	char *in, *p, *seg;
	size_t keep;

	if (path[0] == '/') {
		in = bl_xstrdup(path);
	} else {
		if (!getcwd(cwd, sizeof(cwd)))
			snprintf(cwd, sizeof(cwd), ".");
		in = bl_xasprintf("%s/%s", cwd, path);
	}
	bl_strbuf_addch(&sb, '/');
	for (p = in; *p;) {
		while (*p == '/')
			p++;
		seg = p;
		while (*p && *p != '/')
			p++;
		if (p == seg || (p - seg == 1 && seg[0] == '.'))
			continue;
		if (p - seg == 2 && seg[0] == '.' && seg[1] == '.') {
			keep = sb.len;
			while (keep > 1 && sb.buf[keep - 1] == '/')
				keep--;
			while (keep > 1 && sb.buf[keep - 1] != '/')
				keep--;
			sb.len = keep;
			sb.buf[sb.len] = '\0';
			continue;
		}
		if (sb.len > 1 && sb.buf[sb.len - 1] != '/')
			bl_strbuf_addch(&sb, '/');
		bl_strbuf_add(&sb, seg, (size_t)(p - seg));
	}
	free(in);
	if (sb.len > 1 && sb.buf[sb.len - 1] == '/')
		sb.buf[--sb.len] = '\0';
	return bl_strbuf_detach(&sb, NULL);
}

static char *parent_dir(const char *abs)
{
	const char *slash = strrchr(abs, '/');

	if (!slash || slash == abs)
		return bl_xstrdup("/");
	return bl_xstrndup(abs, (size_t)(slash - abs));
}

static bool class_match(const char **pp, char c)
{
	const char *p = *pp + 1;
	bool neg = false, hit = false;

	if (*p == '!' || *p == '^') {
		neg = true;
		p++;
	}
	if (*p == ']') {
		hit = c == ']';
		p++;
	}
	while (*p && *p != ']') {
		if (p[1] == '-' && p[2] && p[2] != ']') {
			hit |= c >= p[0] && c <= p[2];
			p += 3;
		} else {
			hit |= c == *p;
			p++;
		}
	}
	if (*p != ']')      /* unterminated: a literal '[' */
		return c == '[' && (*pp += 1, true);
	*pp = p + 1;
	return hit != neg;
}

static bool glob_at(const char *p, const char *s, int depth)
{
	if (depth > 32)
		return false;
	while (*p) {
		if (p[0] == '*' && p[1] == '*') {
			p += 2;
			while (*p == '*')
				p++;
			if (*p == '/')
				p++;
			if (!*p)
				return true;
			for (;;) {
				if (glob_at(p, s, depth + 1))
					return true;
				s = strchr(s, '/');
				if (!s)
					return false;
				s++;
			}
		}
		if (*p == '*') {
			p++;
			for (;;) {
				if (glob_at(p, s, depth + 1))
					return true;
				if (!*s || *s == '/')
					return false;
				s++;
			}
		}
		if (!*s)
			return false;
		if (*p == '?') {
			if (*s == '/')
				return false;
			p++;
			s++;
			continue;
		}
		if (*p == '[') {
			if (*s == '/' || !class_match(&p, *s))
				return false;
			s++;
			continue;
		}
		if (*p == '\\' && p[1])
			p++;
		if (*p != *s)
			return false;
		p++;
		s++;
	}
	return *s == '\0';
}

bool bl_glob_match(const char *pattern, const char *path)
{
	const char *base;
	size_t n = strlen(pattern);

	if (n && pattern[n - 1] == '/') {
		/* "legacy/": the folder and everything under it */
		char *all = bl_xasprintf("%s**", pattern);
		bool hit = glob_at(all, path, 0);

		free(all);
		return hit;
	}
	if (pattern[0] == '/')
		pattern++;
	else if (!strchr(pattern, '/')) {
		/* no '/': a name at any depth, of the file or of a folder */
		for (base = path;; base++) {
			const char *slash = strchr(base, '/');
			char *seg;
			bool hit;

			if (!slash)
				return glob_at(pattern, base, 0);
			seg = bl_xstrndup(base, (size_t)(slash - base));
			hit = glob_at(pattern, seg, 0);
			free(seg);
			if (hit)
				return true;
			base = slash;
		}
	}
	if (glob_at(pattern, path, 0))
		return true;
	/* a pattern that names a folder matches what it holds */
	for (base = strchr(path, '/'); base; base = strchr(base + 1, '/')) {
		char *head = bl_xstrndup(path, (size_t)(base - path));
		bool hit = glob_at(pattern, head, 0);

		free(head);
		if (hit)
			return true;
	}
	return false;
}

static bool globs_match(const struct globs *g, const char *rel)
{
	size_t i;

	for (i = 0; i < g->n; i++)
		if (bl_glob_match(g->items[i], rel))
			return true;
	return false;
}

/* path relative to the configuration's folder, or as given when the file
 * lies outside it. The caller frees. */
static char *relative_to(const struct bl_config *cfg, const char *path)
{
	char *abs = abs_path(strcmp(path, "-") == 0 ? "." : path);
	size_t n = strlen(cfg->dir);
	char *rel;

	if (strcmp(cfg->dir, "/") == 0)
		rel = bl_xstrdup(abs + 1);
	else if (strncmp(abs, cfg->dir, n) == 0 && abs[n] == '/')
		rel = bl_xstrdup(abs + n + 1);
	else
		rel = bl_xstrdup(path);
	free(abs);
	return rel;
}

/* ---- reading a file -------------------------------------------------- */

struct reader {
	struct bl_config *cfg;
	struct bl_ydoc *doc;
	struct bl_error *err;
};

static void free_globs(struct globs *g)
{
	size_t i;

	for (i = 0; i < g->n; i++)
		free(g->items[i]);
	free(g->items);
}

static void free_ruleset(struct ruleset *r)
{
	size_t i;

	for (i = 0; i < r->n; i++)
		free(r->items[i].pattern);
	free(r->items);
}

void bl_config_free(struct bl_config *cfg)
{
	size_t i;

	if (!cfg)
		return;
	free_globs(&cfg->files);
	free_globs(&cfg->exclude);
	free_ruleset(&cfg->rules);
	for (i = 0; i < cfg->noverrides; i++) {
		free_globs(&cfg->overrides[i].files);
		free_ruleset(&cfg->overrides[i].rules);
	}
	free(cfg->overrides);
	free(cfg->path);
	free(cfg->dir);
	free(cfg);
}

const char *bl_config_path(const struct bl_config *cfg)
{
	return cfg->path;
}

static int read_globs(struct reader *rd, const struct bl_ynode *n, const char *what,
		      struct globs *out)
{
	size_t i;

	if (n->type == BL_YSCALAR) {
		if (!n->len)
			return bl_ydoc_error(rd->err, rd->doc, n, "'%s' is empty; give a glob "
					     "or a list of globs", what);
		out->items = bl_xcalloc(1, sizeof(*out->items));
		out->items[0] = bl_xstrdup(n->text);
		out->n = 1;
		return BL_OK;
	}
	if (n->type != BL_YSEQ)
		return bl_ydoc_error(rd->err, rd->doc, n, "'%s' must be a list of globs", what);
	out->items = bl_xcalloc(n->count + 1, sizeof(*out->items));
	for (i = 0; i < n->count; i++) {
		const struct bl_ynode *g = n->items[i];

		if (g->type != BL_YSCALAR || !g->len)
			return bl_ydoc_error(rd->err, rd->doc, g, "each entry of '%s' must be "
					     "a glob such as \"refs/*.yml\"", what);
		out->items[out->n++] = bl_xstrdup(g->text);
	}
	return BL_OK;
}

static void count_rule(int rule, void *arg)
{
	(void)rule;
	(*(int *)arg)++;
}

static int unknown_rule(struct reader *rd, const struct bl_ynode *k)
{
	const char *ids[BL_R__COUNT];
	const char *s;
	int i;

	for (i = 0; i < BL_R__COUNT; i++)
		ids[i] = bl_rules[i]->id;
	s = bl_suggest(k->text, ids, BL_R__COUNT);
	if (s)
		return bl_ydoc_error(rd->err, rd->doc, k, "unknown rule '%s'; did you mean "
				     "'%s'? (see --list-rules)", k->text, s);
	return bl_ydoc_error(rd->err, rd->doc, k, "unknown rule '%s'; see --list-rules",
			     k->text);
}

static int read_rules(struct reader *rd, const struct bl_ynode *m, struct ruleset *out)
{
	size_t i;

	if (m->type != BL_YMAP)
		return bl_ydoc_error(rd->err, rd->doc, m, "'rules' must be a mapping of rule "
				     "ids to error, warning, info or off");
	out->items = bl_xcalloc(m->count + 1, sizeof(*out->items));
	for (i = 0; i < m->count; i++) {
		const struct bl_ynode *k = m->keys[i], *v = m->items[i];
		int n = 0, sev;

		if (k->type != BL_YSCALAR || !k->len)
			return bl_ydoc_error(rd->err, rd->doc, k, "a rule must be an id such as "
					     "pages/range-dash or a family such as pages/*");
		if (bl_rule_match(k->text, count_rule, &n) == 0)
			return unknown_rule(rd, k);
		sev = v->type == BL_YSCALAR ? bl_severity_parse(v->text) : -1;
		if (sev < 0)
			return bl_ydoc_error(rd->err, rd->doc, v, "severity of '%s' must be "
					     "error, warning, info or off", k->text);
		out->items[out->n].pattern = bl_xstrdup(k->text);
		out->items[out->n].sev = (enum bl_severity)sev;
		out->n++;
	}
	return BL_OK;
}

static int read_style(struct reader *rd, const struct bl_ynode *n,
		      const struct bl_style **out)
{
	const char *name;
	struct bl_error inner;

	if (bl_ynode_string(rd->doc, n, &name, rd->err) < 0)
		return BL_ERR;
	if (!*name)
		return bl_ydoc_error(rd->err, rd->doc, n, "'style' is empty; name a style "
				     "(see --list-styles)");
	if (bl_style_load(out, name, rd->cfg->dir, &inner) < 0)
		return bl_ydoc_error(rd->err, rd->doc, n, "%s", inner.msg);
	return BL_OK;
}

/* A limit: a whole number of bytes or entries, 0 for none. */
static int read_limit(struct reader *rd, const struct bl_ynode *n, const char *key,
		      size_t *out, bool *has)
{
	const char *text;
	char *end;
	unsigned long long v;

	if (bl_ynode_string(rd->doc, n, &text, rd->err) < 0)
		return BL_ERR;
	errno = 0;
	v = strtoull(text, &end, 10);
	if (errno || end == text || *end || text[0] == '-' || text[0] == '+' ||
	    (unsigned long long)(size_t)v != v)
		return bl_ydoc_error(rd->err, rd->doc, n, "'%s' must be a whole number "
				     "(0 for no limit), not '%s'", key, text);
	*out = (size_t)v;
	*has = true;
	return BL_OK;
}

static int read_overrides(struct reader *rd, const struct bl_ynode *seq)
{
	static const char *const keys[] = { "files", "style", "rules", NULL };
	struct bl_config *cfg = rd->cfg;
	size_t i;

	if (seq->type != BL_YSEQ)
		return bl_ydoc_error(rd->err, rd->doc, seq, "'overrides' must be a list of "
				     "mappings with files: and style: or rules:");
	cfg->overrides = bl_xcalloc(seq->count + 1, sizeof(*cfg->overrides));
	for (i = 0; i < seq->count; i++) {
		const struct bl_ynode *m = seq->items[i], *v;
		struct override *o = &cfg->overrides[cfg->noverrides++];

		if (m->type != BL_YMAP)
			return bl_ydoc_error(rd->err, rd->doc, m, "an override must be a mapping "
					     "with files: and style: or rules:");
		if (bl_ydoc_check_keys(rd->doc, m, keys, "override", rd->err) < 0)
			return BL_ERR;
		v = bl_ynode_get(m, "files");
		if (!v)
			return bl_ydoc_error(rd->err, rd->doc, m, "an override needs 'files:', "
					     "the globs it applies to");
		if (read_globs(rd, v, "files", &o->files) < 0)
			return BL_ERR;
		if ((v = bl_ynode_get(m, "style")) != NULL && read_style(rd, v, &o->style) < 0)
			return BL_ERR;
		if ((v = bl_ynode_get(m, "rules")) != NULL && read_rules(rd, v, &o->rules) < 0)
			return BL_ERR;
	}
	return BL_OK;
}

int bl_config_load(struct bl_config **out, const char *path, struct bl_error *err)
{
	static const char *const keys[] = { "style", "files", "exclude", "rules",
					    "overrides", "max-file-size", "max-entries",
					    NULL };
	struct reader rd = { 0 };
	const struct bl_ynode *root, *v;
	char *abs;
	int rc = BL_ERR;

	*out = NULL;
	rd.err = err;
	if (bl_ydoc_load(&rd.doc, path, err) < 0)
		return BL_ERR;
	rd.cfg = bl_xcalloc(1, sizeof(*rd.cfg));
	rd.cfg->path = bl_xstrdup(path);
	abs = abs_path(path);
	rd.cfg->dir = parent_dir(abs);
	free(abs);
	root = rd.doc->root;
	if (!root || bl_ynode_is_null(root)) {
		rc = BL_OK;       /* an empty file: all defaults */
		goto out;
	}
	if (root->type != BL_YMAP) {
		bl_ydoc_error(err, rd.doc, root, "a configuration must be a mapping "
			      "(style:, files:, rules:, ...)");
		goto out;
	}
	if (bl_ydoc_check_keys(rd.doc, root, keys, "configuration", err) < 0)
		goto out;
	if ((v = bl_ynode_get(root, "style")) != NULL && read_style(&rd, v, &rd.cfg->style) < 0)
		goto out;
	if ((v = bl_ynode_get(root, "files")) != NULL) {
		rd.cfg->has_files = true;
		if (read_globs(&rd, v, "files", &rd.cfg->files) < 0)
			goto out;
	}
	if ((v = bl_ynode_get(root, "exclude")) != NULL &&
	    read_globs(&rd, v, "exclude", &rd.cfg->exclude) < 0)
		goto out;
	if ((v = bl_ynode_get(root, "rules")) != NULL && read_rules(&rd, v, &rd.cfg->rules) < 0)
		goto out;
	if ((v = bl_ynode_get(root, "overrides")) != NULL && read_overrides(&rd, v) < 0)
		goto out;
	if ((v = bl_ynode_get(root, "max-file-size")) != NULL &&
	    read_limit(&rd, v, "max-file-size", &rd.cfg->max_file_size,
		       &rd.cfg->has_max_file_size) < 0)
		goto out;
	if ((v = bl_ynode_get(root, "max-entries")) != NULL &&
	    read_limit(&rd, v, "max-entries", &rd.cfg->max_entries,
		       &rd.cfg->has_max_entries) < 0)
		goto out;
	rc = BL_OK;
out:
	bl_ydoc_free(rd.doc);
	if (rc < 0) {
		bl_config_free(rd.cfg);
		return rc;
	}
	*out = rd.cfg;
	return BL_OK;
}

/* ---- finding the configuration of a file ----------------------------- */

struct bl_config_set *bl_config_set_new(const char *explicit_path, const char *style)
{
	struct bl_config_set *cs = bl_xcalloc(1, sizeof(*cs));

	cs->explicit_path = explicit_path;
	cs->style_name = style;
	return cs;
}

void bl_config_set_free(struct bl_config_set *cs)
{
	size_t i;

	if (!cs)
		return;
	for (i = 0; i < cs->nloaded; i++)
		bl_config_free(cs->loaded[i]);
	free(cs->loaded);
	for (i = 0; i < cs->ndirs; i++)
		free(cs->dirs[i].dir);
	free(cs->dirs);
	free(cs);
}

static int load_into_set(struct bl_config **out, struct bl_config_set *cs,
			 const char *path, struct bl_error *err)
{
	size_t i;

	for (i = 0; i < cs->nloaded; i++) {
		if (strcmp(cs->loaded[i]->path, path) == 0) {
			*out = cs->loaded[i];
			return BL_OK;
		}
	}
	if (bl_config_load(out, path, err) < 0)
		return BL_ERR;
	BL_GROW(cs->loaded, cs->nloaded + 1, cs->caploaded);
	cs->loaded[cs->nloaded++] = *out;
	return BL_OK;
}

static bool exists(const char *path, bool want_dir)
{
	struct stat st;

	if (stat(path, &st) != 0)
		return false;
	return want_dir ? S_ISDIR(st.st_mode) : true;
}

/* An absolute path as messages show it: relative to the current folder
 * when it lies below it. The caller frees. */
static char *display_path(const char *abs)
{
	char *cwd = abs_path(".");
	size_t n = strlen(cwd);
	char *shown;

	if (strcmp(cwd, "/") != 0 && strncmp(abs, cwd, n) == 0 && abs[n] == '/')
		shown = bl_xstrdup(abs + n + 1);
	else
		shown = bl_xstrdup(abs);
	free(cwd);
	return shown;
}

/* The configuration for a folder (absolute): its own .biblint.yml, else its
 * parent's, stopping at a repository root or /. Cached per folder. */
static int find_for_dir(struct bl_config **out, struct bl_config_set *cs,
			const char *dir, int depth, struct bl_error *err)
{
	char *file, *git, *up;
	size_t i;
	int rc = BL_OK;

	*out = NULL;
	for (i = 0; i < cs->ndirs; i++) {
		if (strcmp(cs->dirs[i].dir, dir) == 0) {
			*out = cs->dirs[i].cfg;
			return BL_OK;
		}
	}
	file = bl_xasprintf("%s%s%s", dir, strcmp(dir, "/") ? "/" : "", BL_CONFIG_NAME);
	git = bl_xasprintf("%s%s.git", dir, strcmp(dir, "/") ? "/" : "");
	if (exists(file, false)) {
		char *shown = display_path(file);

		rc = load_into_set(out, cs, shown, err);
		free(shown);
	}
	else if (!exists(git, false) && strcmp(dir, "/") != 0 && depth < 256) {
		up = parent_dir(dir);
		rc = find_for_dir(out, cs, up, depth + 1, err);
		free(up);
	}
	free(file);
	free(git);
	if (rc < 0)
		return rc;
	BL_GROW(cs->dirs, cs->ndirs + 1, cs->capdirs);
	cs->dirs[cs->ndirs].dir = bl_xstrdup(dir);
	cs->dirs[cs->ndirs].cfg = *out;
	cs->ndirs++;
	return BL_OK;
}

int bl_config_find(const struct bl_config **out, struct bl_config_set *cs,
		   const char *path, struct bl_error *err)
{
	struct bl_config *cfg = NULL;
	char *abs, *dir;
	int rc;

	*out = NULL;
	if (cs->explicit_path) {
		if (!cs->explicit_cfg &&
		    load_into_set(&cs->explicit_cfg, cs, cs->explicit_path, err) < 0)
			return BL_ERR;
		*out = cs->explicit_cfg;
		return BL_OK;
	}
	if (strcmp(path, "-") == 0) {
		dir = abs_path(".");
	} else {
		abs = abs_path(path);
		dir = exists(abs, true) ? bl_xstrdup(abs) : parent_dir(abs);
		free(abs);
	}
	rc = find_for_dir(&cfg, cs, dir, 0, err);
	free(dir);
	*out = cfg;
	return rc;
}

/* ---- options for a file ---------------------------------------------- */

struct apply {
	enum bl_severity *sev;
	const enum bl_severity *base;
	enum bl_severity to;
};

static void apply_one(int rule, void *arg)
{
	struct apply *a = arg;

	/* a rule the command line turned off stays off */
	if (a->base[rule] != BL_SEV_OFF)
		a->sev[rule] = a->to;
}

static void apply_rules(struct bl_lint_opts *out, const struct bl_lint_opts *base,
			const struct ruleset *rs)
{
	struct apply a = { out->sev, base->sev, BL_SEV_OFF };
	size_t i;

	for (i = 0; i < rs->n; i++) {
		a.to = rs->items[i].sev;
		bl_rule_match(rs->items[i].pattern, apply_one, &a);
	}
}

int bl_config_for_path(struct bl_lint_opts *out, struct bl_config_set *cs,
		       const char *path, const struct bl_lint_opts *base,
		       struct bl_error *err)
{
	const struct bl_config *cfg;
	char *rel;
	size_t i;

	*out = *base;
	if (bl_config_find(&cfg, cs, path, err) < 0)
		return BL_ERR;
	if (cfg) {
		if (cfg->style)
			out->style = cfg->style;
		apply_rules(out, base, &cfg->rules);
		rel = relative_to(cfg, path);
		for (i = 0; i < cfg->noverrides; i++) {
			const struct override *o = &cfg->overrides[i];

			if (!globs_match(&o->files, rel))
				continue;
			if (o->style)
				out->style = o->style;
			apply_rules(out, base, &o->rules);
		}
		free(rel);
	}
	if (cs->style_name) {
		if (!cs->style && bl_style_load(&cs->style, cs->style_name, NULL, err) < 0)
			return BL_ERR;
		out->style = cs->style;
	}
	if (!out->style)
		out->style = bl_style_default();
	return BL_OK;
}

int bl_config_limits(size_t *max_file_size, size_t *max_entries,
		     struct bl_config_set *cs, const char *path, struct bl_error *err)
{
	const struct bl_config *cfg;

	if (bl_config_find(&cfg, cs, path, err) < 0)
		return BL_ERR;
	if (!cfg)
		return BL_OK;
	if (max_file_size && cfg->has_max_file_size)
		*max_file_size = cfg->max_file_size;
	if (max_entries && cfg->has_max_entries)
		*max_entries = cfg->max_entries;
	return BL_OK;
}

static bool wanted_by_extension(const char *path)
{
	static const char *const exts[] = { ".bib", ".bibtex", ".yml", ".yaml", ".json",
					    ".md", ".markdown" };
	const char *base = strrchr(path, '/');
	size_t i;

	base = base ? base + 1 : path;
	if (base[0] == '.')
		return false;
	for (i = 0; i < BL_ARRAY_SIZE(exts); i++)
		if (bl_has_suffix_ci(base, exts[i]))
			return true;
	return false;
}

int bl_config_wants(bool *yes, struct bl_config_set *cs, const char *path,
		    struct bl_error *err)
{
	const struct bl_config *cfg;
	const char *base;
	char *rel;

	*yes = false;
	base = strrchr(path, '/');
	if (strcmp(base ? base + 1 : path, BL_CONFIG_NAME) == 0)
		return BL_OK;           /* the configuration is never a reference file */
	if (bl_config_find(&cfg, cs, path, err) < 0)
		return BL_ERR;
	if (!cfg) {
		*yes = wanted_by_extension(path);
		return BL_OK;
	}
	rel = relative_to(cfg, path);
	if (cfg->has_files)
		*yes = globs_match(&cfg->files, rel);
	else
		*yes = wanted_by_extension(rel);
	if (*yes && globs_match(&cfg->exclude, rel))
		*yes = false;
	free(rel);
	return BL_OK;
}
