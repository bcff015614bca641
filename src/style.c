/*
 * style.c - styles: the built-in default, loading rules/styles/NAME.yml
 * (with `extends:`), the data directory, and page-range abbreviation.
 *
 * A style file is a YAML mapping; every key is optional:
 *
 *   description: one line
 *   extends: NAME            a style whose settings this one starts from
 *   locale: ru               collation locale
 *   order: sorted            sorted | auto | none
 *   cyrillic-first: true     Cyrillic entries before Latin ones
 *   translit: {scheme: ID, fields: [title, author, ...]}
 *   pages: {range-dash: "–", range-format: expanded, prefix: "p.",
 *           range-prefix: "pp.", total: "p.",
 *           latin: {prefix: "P.", range-prefix: "P.", total: "p."}}
 *   doi: {form: bare | label | url, label: "DOI "}
 *   quotes: ["“", "”"]
 *   initials: spaced | tight
 *   required: {article-journal: [author|editor, title, issued], ...}
 *   patterns: {NAME: ICU-REGEX, ...}
 *
 * Loaded styles are cached for the life of the process.
 */
#include "style.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <unicode/uregex.h>
#include <unicode/utext.h>

#include "yamltree.h"

#include "banned.h"

#ifndef BL_DATADIR
#define BL_DATADIR "/usr/local/share/biblint"
#endif

#define MAX_EXTENDS 16

static struct bl_style default_style = {
	.name = "default",
	.locale = "en",
	.order = BL_ORDER_AUTO,
	.range_dash = "\xe2\x80\x93",
	.description = "no house style: infer the list's own majority conventions",
};

/* A loaded style and the memory it owns. */
struct loaded {
	struct bl_style style;     /* first, so &loaded->style casts back */
	char *key;                 /* resolved path */
	struct bl_arena arena;
	struct loaded *next;
};

static struct loaded *cache;

const struct bl_style *bl_style_default(void)
{
	return &default_style;
}

/* ---- the data directory ---------------------------------------------- */

static bool has_styles(const char *dir)
{
	struct stat st;
	char *p = bl_xasprintf("%s/styles", dir);
	bool ok = stat(p, &st) == 0 && S_ISDIR(st.st_mode);

	free(p);
	return ok;
}

const char *bl_style_datadir(void)
{
	static char found[PATH_MAX + 32];
	char exe[PATH_MAX];
	const char *env = getenv("BIBLINT_DATADIR");
	ssize_t n;

	if (env && *env) {
		snprintf(found, sizeof(found), "%s", env);
		return found;
	}
	n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	if (n > 0) {
		char *slash;

		exe[n] = '\0';
		slash = strrchr(exe, '/');
		if (slash) {
			*slash = '\0';
			snprintf(found, sizeof(found), "%s/../rules", exe);
			if (has_styles(found))
				return found;
			/* test binaries live one level deeper (build/tests/) */
			snprintf(found, sizeof(found), "%s/../../rules", exe);
			if (has_styles(found))
				return found;
		}
	}
	if (has_styles(BL_DATADIR)) {
		snprintf(found, sizeof(found), "%s", BL_DATADIR);
		return found;
	}
	return NULL;
}

static bool is_path(const char *s)
{
	return strchr(s, '/') != NULL || bl_has_suffix_ci(s, ".yml") ||
	       bl_has_suffix_ci(s, ".yaml");
}

static bool valid_name(const char *s)
{
	if (!*s || *s == '.')
		return false;
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
		      (*s >= '0' && *s <= '9') || *s == '-' || *s == '_' || *s == '.'))
			return false;
	return true;
}

static int cmp_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int bl_style_list(char ***names, size_t *n, struct bl_error *err)
{
	const char *dd = bl_style_datadir();
	char *dir;
	DIR *d;
	struct dirent *de;
	size_t cap = 0;

	*names = NULL;
	*n = 0;
	if (!dd)
		return bl_error_set(err, "no style directory found; set BIBLINT_DATADIR to "
				    "the folder that holds styles/");
	dir = bl_xasprintf("%s/styles", dd);
	d = opendir(dir);
	if (!d) {
		int rc = bl_error_set(err, "cannot read '%s': %s", dir, strerror(errno));

		free(dir);
		return rc;
	}
	while ((de = readdir(d)) != NULL) {
		size_t len = strlen(de->d_name);

		if (de->d_name[0] == '.' || len < 5 || !bl_has_suffix_ci(de->d_name, ".yml"))
			continue;
		BL_GROW(*names, *n + 1, cap);
		(*names)[(*n)++] = bl_xstrndup(de->d_name, len - 4);
	}
	closedir(d);
	free(dir);
	if (*n > 1)
		qsort(*names, *n, sizeof(char *), cmp_name);
	return BL_OK;
}

/* ---- reading a style file -------------------------------------------- */

struct loader {
	struct loaded *l;
	struct bl_ydoc *doc;
	struct bl_error *err;
	/* a style shipped in the data directory: its patterns are compiled by
	 * the test suite, not on every run (compiling them costs more than
	 * linting a small file) */
	bool shipped;
};

static const char *sdup(struct loader *ld, const char *s)
{
	return bl_arena_strdup(&ld->l->arena, s);
}

static int get_string(struct loader *ld, const struct bl_ynode *n, const char **out)
{
	const char *s;

	if (bl_ynode_string(ld->doc, n, &s, ld->err) < 0)
		return BL_ERR;
	*out = sdup(ld, s);
	return BL_OK;
}

static int key_of(struct loader *ld, const struct bl_ynode *n, enum bl_key *out)
{
	const char *names[BL_K__COUNT];
	const char *s;
	int k;

	if (bl_ynode_string(ld->doc, n, &s, ld->err) < 0)
		return BL_ERR;
	k = bl_key_from_csl(s, strlen(s));
	if (k != BL_K_OTHER) {
		*out = (enum bl_key)k;
		return BL_OK;
	}
	for (k = 1; k < BL_K__COUNT; k++)
		names[k - 1] = bl_key_name((enum bl_key)k);
	s = bl_suggest(n->text, names, BL_K__COUNT - 1);
	if (s)
		return bl_ydoc_error(ld->err, ld->doc, n,
				     "unknown field '%s'; did you mean '%s'?", n->text, s);
	return bl_ydoc_error(ld->err, ld->doc, n, "unknown field '%s'; use a CSL "
			     "variable name such as title or container-title", n->text);
}

static int need_map(struct loader *ld, const struct bl_ynode *n, const char *what)
{
	if (n->type != BL_YMAP)
		return bl_ydoc_error(ld->err, ld->doc, n, "'%s' must be a mapping", what);
	return BL_OK;
}

static int need_seq(struct loader *ld, const struct bl_ynode *n, const char *what)
{
	if (n->type != BL_YSEQ)
		return bl_ydoc_error(ld->err, ld->doc, n, "'%s' must be a list", what);
	return BL_OK;
}

static int read_translit(struct loader *ld, const struct bl_ynode *m)
{
	static const char *const keys[] = { "scheme", "fields", NULL };
	struct bl_style *s = &ld->l->style;
	const struct bl_ynode *v;
	const char *str;
	size_t i;

	if (need_map(ld, m, "translit") < 0 ||
	    bl_ydoc_check_keys(ld->doc, m, keys, "translit", ld->err) < 0)
		return BL_ERR;
	if ((v = bl_ynode_get(m, "scheme")) != NULL) {
		if (get_string(ld, v, &str) < 0)
			return BL_ERR;
		s->translit_scheme = *str ? (char *)str : NULL;
	}
	if ((v = bl_ynode_get(m, "fields")) != NULL) {
		if (need_seq(ld, v, "translit.fields") < 0)
			return BL_ERR;
		memset(s->romanised, 0, sizeof(s->romanised));
		for (i = 0; i < v->count; i++) {
			enum bl_key k = BL_K_OTHER;

			if (key_of(ld, v->items[i], &k) < 0)
				return BL_ERR;
			s->romanised[k] = true;
		}
	}
	return BL_OK;
}

static int read_pages_latin(struct loader *ld, const struct bl_ynode *m)
{
	static const char *const keys[] = { "prefix", "range-prefix", "total", NULL };
	struct bl_style *s = &ld->l->style;
	const struct bl_ynode *v;

	if (need_map(ld, m, "pages.latin") < 0 ||
	    bl_ydoc_check_keys(ld->doc, m, keys, "pages.latin", ld->err) < 0)
		return BL_ERR;
	if ((v = bl_ynode_get(m, "prefix")) != NULL &&
	    get_string(ld, v, &s->page_prefix_latin) < 0)
		return BL_ERR;
	if ((v = bl_ynode_get(m, "range-prefix")) != NULL &&
	    get_string(ld, v, &s->range_prefix_latin) < 0)
		return BL_ERR;
	if ((v = bl_ynode_get(m, "total")) != NULL &&
	    get_string(ld, v, &s->total_pages_latin) < 0)
		return BL_ERR;
	return BL_OK;
}

static int read_pages(struct loader *ld, const struct bl_ynode *m)
{
	static const char *const keys[] = { "range-dash", "range-format", "prefix",
					    "range-prefix", "total", "latin", NULL };
	static const char *const formats[] = { "any", "expanded", "minimal",
					       "minimal-two", "chicago", "full", NULL };
	struct bl_style *s = &ld->l->style;
	const struct bl_ynode *v;
	const char *str;
	int choice;

	if (need_map(ld, m, "pages") < 0 ||
	    bl_ydoc_check_keys(ld->doc, m, keys, "pages", ld->err) < 0)
		return BL_ERR;
	if ((v = bl_ynode_get(m, "range-dash")) != NULL) {
		if (get_string(ld, v, &str) < 0)
			return BL_ERR;
		if (strcmp(str, "\xe2\x80\x93") != 0 && strcmp(str, "-") != 0 &&
		    strcmp(str, "\xe2\x80\x94") != 0 && *str)
			return bl_ydoc_error(ld->err, ld->doc, v, "range-dash '%s' is not "
					     "an en dash (–), a hyphen (-) or an em dash (—)",
					     str);
		s->range_dash = *str ? (char *)str : NULL;
	}
	if ((v = bl_ynode_get(m, "range-format")) != NULL) {
		if (bl_ynode_choice(ld->doc, v, formats, &choice, ld->err) < 0)
			return BL_ERR;
		s->range_format = choice == 5 ? BL_RANGE_EXPANDED : (enum bl_range_format)choice;
	}
	if ((v = bl_ynode_get(m, "prefix")) != NULL && get_string(ld, v, &s->page_prefix) < 0)
		return BL_ERR;
	if ((v = bl_ynode_get(m, "range-prefix")) != NULL &&
	    get_string(ld, v, &s->range_prefix) < 0)
		return BL_ERR;
	if ((v = bl_ynode_get(m, "total")) != NULL && get_string(ld, v, &s->total_pages) < 0)
		return BL_ERR;
	if ((v = bl_ynode_get(m, "latin")) != NULL && read_pages_latin(ld, v) < 0)
		return BL_ERR;
	return BL_OK;
}

static int read_doi(struct loader *ld, const struct bl_ynode *m)
{
	static const char *const keys[] = { "form", "label", NULL };
	static const char *const forms[] = { "any", "bare", "label", "url", NULL };
	struct bl_style *s = &ld->l->style;
	const struct bl_ynode *v;
	int choice;

	if (need_map(ld, m, "doi") < 0 ||
	    bl_ydoc_check_keys(ld->doc, m, keys, "doi", ld->err) < 0)
		return BL_ERR;
	if ((v = bl_ynode_get(m, "form")) != NULL) {
		if (bl_ynode_choice(ld->doc, v, forms, &choice, ld->err) < 0)
			return BL_ERR;
		s->doi_form = (enum bl_doi_form)choice;
	}
	if ((v = bl_ynode_get(m, "label")) != NULL) {
		if (get_string(ld, v, &s->doi_label) < 0)
			return BL_ERR;
		if (!*s->doi_label)
			return bl_ydoc_error(ld->err, ld->doc, v, "doi.label is empty; use "
					     "form: bare for DOIs without a label");
	}
	return BL_OK;
}

static int read_quotes(struct loader *ld, const struct bl_ynode *v)
{
	struct bl_style *s = &ld->l->style;

	if (v->type != BL_YSEQ || v->count != 2 || v->items[0]->type != BL_YSCALAR ||
	    v->items[1]->type != BL_YSCALAR || !v->items[0]->len || !v->items[1]->len)
		return bl_ydoc_error(ld->err, ld->doc, v, "quotes must be a list of the "
				     "opening and the closing mark, e.g. [\"“\", \"”\"]");
	s->quote_open = sdup(ld, v->items[0]->text);
	s->quote_close = sdup(ld, v->items[1]->text);
	return BL_OK;
}

static int read_required(struct loader *ld, const struct bl_ynode *m)
{
	struct bl_style *s = &ld->l->style;
	struct bl_style_required *req;
	size_t i, j, n = s->nrequired;

	if (need_map(ld, m, "required") < 0)
		return BL_ERR;
	req = bl_arena_alloc(&ld->l->arena, (s->nrequired + m->count + 1) * sizeof(*req));
	if (s->nrequired)
		memcpy(req, s->required, s->nrequired * sizeof(*req));
	for (i = 0; i < m->count; i++) {
		const struct bl_ynode *k = m->keys[i], *v = m->items[i];
		const char **fields;
		struct bl_style_required *slot = NULL;

		if (k->type != BL_YSCALAR || !k->len)
			return bl_ydoc_error(ld->err, ld->doc, k, "an entry type must be a word");
		if (need_seq(ld, v, k->text) < 0)
			return BL_ERR;
		fields = bl_arena_alloc(&ld->l->arena, (v->count + 1) * sizeof(*fields));
		for (j = 0; j < v->count; j++) {
			const char *f, *p;

			if (bl_ynode_string(ld->doc, v->items[j], &f, ld->err) < 0)
				return BL_ERR;
			/* each alternative must be a known field */
			for (p = f; *p;) {
				const char *bar = strchr(p, '|');
				size_t len = bar ? (size_t)(bar - p) : strlen(p);

				if (bl_key_from_csl(p, len) == BL_K_OTHER)
					return bl_ydoc_error(ld->err, ld->doc, v->items[j],
							     "unknown field '%.*s' in required "
							     "fields of '%s'", (int)len, p,
							     k->text);
				p += len + (bar ? 1 : 0);
			}
			fields[j] = sdup(ld, f);
		}
		for (j = 0; j < n && !slot; j++)
			if (strcmp(req[j].type, k->text) == 0)
				slot = &req[j];
		if (!slot)
			slot = &req[n++];
		slot->type = sdup(ld, k->text);
		slot->fields = fields;
		slot->nfields = v->count;
	}
	s->required = req;
	s->nrequired = n;
	return BL_OK;
}

static int check_regex(struct loader *ld, const struct bl_ynode *v, const char *name)
{
	UParseError pe;
	UErrorCode status = U_ZERO_ERROR;
	URegularExpression *re;
	UText *ut;

	memset(&pe, 0, sizeof(pe));
	ut = utext_openUTF8(NULL, v->text, (int64_t)v->len, &status);
	re = uregex_openUText(ut, 0, &pe, &status);
	utext_close(ut);
	if (re)
		uregex_close(re);
	if (U_FAILURE(status))
		return bl_ydoc_error(ld->err, ld->doc, v, "pattern '%s' is not a valid ICU "
				     "regular expression (%s near offset %d); fix the pattern",
				     name, u_errorName(status), (int)pe.offset);
	return BL_OK;
}

static int read_patterns(struct loader *ld, const struct bl_ynode *m)
{
	struct bl_style *s = &ld->l->style;
	struct bl_style_pattern *pat;
	size_t i, j, n = s->npatterns;

	if (need_map(ld, m, "patterns") < 0)
		return BL_ERR;
	pat = bl_arena_alloc(&ld->l->arena, (s->npatterns + m->count + 1) * sizeof(*pat));
	if (s->npatterns)
		memcpy(pat, s->patterns, s->npatterns * sizeof(*pat));
	for (i = 0; i < m->count; i++) {
		const struct bl_ynode *k = m->keys[i], *v = m->items[i];
		struct bl_style_pattern *slot = NULL;
		const char *re;

		if (k->type != BL_YSCALAR || !k->len)
			return bl_ydoc_error(ld->err, ld->doc, k, "a pattern name must be a word");
		if (bl_ynode_string(ld->doc, v, &re, ld->err) < 0 ||
		    (!ld->shipped && check_regex(ld, v, k->text) < 0))
			return BL_ERR;
		for (j = 0; j < n && !slot; j++)
			if (strcmp(pat[j].name, k->text) == 0)
				slot = &pat[j];
		if (!slot)
			slot = &pat[n++];
		slot->name = sdup(ld, k->text);
		slot->regex = sdup(ld, re);
		slot->line = v->line;
		slot->col = v->col;
	}
	s->patterns = pat;
	s->npatterns = n;
	return BL_OK;
}

static int read_style(struct loader *ld, const struct bl_ynode *root)
{
	static const char *const orders[] = { "auto", "sorted", "none", NULL };
	static const char *const initials[] = { "any", "spaced", "tight", NULL };
	struct bl_style *s = &ld->l->style;
	const struct bl_ynode *v;
	const char *str;
	int choice;

	if ((v = bl_ynode_get(root, "description")) != NULL && get_string(ld, v, &s->description) < 0)
		return BL_ERR;
	if ((v = bl_ynode_get(root, "locale")) != NULL) {
		if (get_string(ld, v, &str) < 0)
			return BL_ERR;
		if (!*str)
			return bl_ydoc_error(ld->err, ld->doc, v, "locale is empty; use a "
					     "locale such as en or ru");
		s->locale = (char *)str;
	}
	if ((v = bl_ynode_get(root, "order")) != NULL) {
		if (bl_ynode_choice(ld->doc, v, orders, &choice, ld->err) < 0)
			return BL_ERR;
		s->order = (enum bl_order_mode)choice;
	}
	if ((v = bl_ynode_get(root, "cyrillic-first")) != NULL &&
	    bl_ynode_bool(ld->doc, v, &s->cyrillic_first, ld->err) < 0)
		return BL_ERR;
	if ((v = bl_ynode_get(root, "translit")) != NULL && read_translit(ld, v) < 0)
		return BL_ERR;
	if ((v = bl_ynode_get(root, "pages")) != NULL && read_pages(ld, v) < 0)
		return BL_ERR;
	if ((v = bl_ynode_get(root, "doi")) != NULL && read_doi(ld, v) < 0)
		return BL_ERR;
	if ((v = bl_ynode_get(root, "quotes")) != NULL && read_quotes(ld, v) < 0)
		return BL_ERR;
	if ((v = bl_ynode_get(root, "initials")) != NULL) {
		if (bl_ynode_choice(ld->doc, v, initials, &choice, ld->err) < 0)
			return BL_ERR;
		s->initials = (enum bl_initials)choice;
	}
	if ((v = bl_ynode_get(root, "required")) != NULL && read_required(ld, v) < 0)
		return BL_ERR;
	if ((v = bl_ynode_get(root, "patterns")) != NULL && read_patterns(ld, v) < 0)
		return BL_ERR;
	return BL_OK;
}

/* ---- resolving and caching ------------------------------------------- */

static int load_depth(const struct bl_style **out, const char *name_or_path,
		      const char *base_dir, int depth, struct bl_error *err);

static char *dir_of(const char *path)
{
	const char *slash = strrchr(path, '/');

	if (!slash)
		return bl_xstrdup(".");
	if (slash == path)
		return bl_xstrdup("/");
	return bl_xstrndup(path, (size_t)(slash - path));
}

static char *style_name_of(const char *path)
{
	const char *base = strrchr(path, '/');
	size_t len;

	base = base ? base + 1 : path;
	len = strlen(base);
	if (bl_has_suffix_ci(base, ".yaml"))
		len -= 5;
	else if (bl_has_suffix_ci(base, ".yml"))
		len -= 4;
	return bl_xstrndup(base, len);
}

static int load_file(const struct bl_style **out, const char *path, int depth,
		     struct bl_error *err)
{
	static const char *const keys[] = { "description", "extends", "locale", "order",
					    "cyrillic-first", "translit", "pages", "doi",
					    "quotes", "initials", "required", "patterns",
					    NULL };
	struct loaded *l;
	struct loader ld;
	const struct bl_style *parent = &default_style;
	const struct bl_ynode *root, *ext;
	char *name, *dir;
	int rc = BL_ERR;

	for (l = cache; l; l = l->next) {
		if (strcmp(l->key, path) == 0) {
			*out = &l->style;
			return BL_OK;
		}
	}
	memset(&ld, 0, sizeof(ld));
	ld.err = err;
	{
		const char *dd = bl_style_datadir();
		size_t dn = dd ? strlen(dd) : 0;

		ld.shipped = dd && strncmp(path, dd, dn) == 0 &&
			     strncmp(path + dn, "/styles/", 8) == 0;
	}
	if (bl_ydoc_load(&ld.doc, path, err) < 0)
		return BL_ERR;
	root = ld.doc->root;
	if (root && bl_ynode_is_null(root))
		root = NULL;
	if (root && root->type != BL_YMAP) {
		rc = bl_ydoc_error(err, ld.doc, root, "a style file must be a mapping of "
				   "settings (locale:, pages:, doi:, ...)");
		goto out;
	}
	if (root && bl_ydoc_check_keys(ld.doc, root, keys, "style", err) < 0)
		goto out;
	ext = root ? bl_ynode_get(root, "extends") : NULL;
	name = style_name_of(path);
	if (ext) {
		const char *pname;

		if (bl_ynode_string(ld.doc, ext, &pname, err) < 0) {
			free(name);
			goto out;
		}
		if (depth >= MAX_EXTENDS || strcmp(pname, name) == 0) {
			rc = bl_ydoc_error(err, ld.doc, ext, "style '%s' extends itself "
					   "(directly or through others); break the cycle",
					   name);
			free(name);
			goto out;
		}
		dir = dir_of(path);
		if (load_depth(&parent, pname, dir, depth + 1, err) < 0) {
			char inner[sizeof(err->msg)];

			snprintf(inner, sizeof(inner), "%s", err->msg);
			rc = bl_ydoc_error(err, ld.doc, ext, "cannot extend '%s': %s", pname,
					   inner);
			free(dir);
			free(name);
			goto out;
		}
		free(dir);
	}
	l = bl_xcalloc(1, sizeof(*l));
	bl_arena_init(&l->arena);
	l->style = *parent;
	l->style.name = bl_arena_strdup(&l->arena, name);
	l->style.path = bl_arena_strdup(&l->arena, path);
	l->style.parent = ext ? parent->name : NULL;
	l->style.description = NULL;   /* a description is never inherited */
	free(name);
	ld.l = l;
	if (root && read_style(&ld, root) < 0) {
		bl_arena_release(&l->arena);
		free(l);
		goto out;
	}
	l->key = bl_xstrdup(path);
	l->next = cache;
	cache = l;
	*out = &l->style;
	rc = BL_OK;
out:
	bl_ydoc_free(ld.doc);
	return rc;
}

static int load_depth(const struct bl_style **out, const char *name_or_path,
		      const char *base_dir, int depth, struct bl_error *err)
{
	const char *dd;
	char *path;
	int rc;
	struct stat st;

	if (is_path(name_or_path)) {
		if (name_or_path[0] != '/' && base_dir)
			path = bl_xasprintf("%s/%s", base_dir, name_or_path);
		else
			path = bl_xstrdup(name_or_path);
		if (stat(path, &st) != 0) {
			rc = bl_error_set(err, "cannot open style file '%s': %s; check the path",
					  path, errno == ENOENT ? "no such file" : strerror(errno));
			free(path);
			return rc;
		}
		rc = load_file(out, path, depth, err);
		free(path);
		return rc;
	}
	if (!valid_name(name_or_path))
		return bl_error_set(err, "'%s' is not a style name; give a name from "
				    "--list-styles or a path to a .yml file", name_or_path);
	/* a parent next to the extending file wins over the data directory */
	if (base_dir && depth > 0) {
		path = bl_xasprintf("%s/%s.yml", base_dir, name_or_path);
		if (stat(path, &st) == 0) {
			rc = load_file(out, path, depth, err);
			free(path);
			return rc;
		}
		free(path);
	}
	dd = bl_style_datadir();
	if (dd) {
		path = bl_xasprintf("%s/styles/%s.yml", dd, name_or_path);
		if (stat(path, &st) == 0) {
			rc = load_file(out, path, depth, err);
			free(path);
			return rc;
		}
		free(path);
	}
	if (strcmp(name_or_path, "default") == 0) {
		*out = &default_style;
		return BL_OK;
	}
	{
		char **names = NULL;
		size_t n = 0, i;
		struct bl_error ignored;
		const char *s = NULL;

		if (bl_style_list(&names, &n, &ignored) == BL_OK)
			s = bl_suggest(name_or_path, (const char *const *)names, n);
		if (s)
			rc = bl_error_set(err, "unknown style '%s'; did you mean '%s'? (see "
					  "--list-styles)", name_or_path, s);
		else
			rc = bl_error_set(err, "unknown style '%s'; see --list-styles",
					  name_or_path);
		for (i = 0; i < n; i++)
			free(names[i]);
		free(names);
	}
	return rc;
}

int bl_style_load(const struct bl_style **out, const char *name_or_path,
		  const char *base_dir, struct bl_error *err)
{
	*out = NULL;
	return load_depth(out, name_or_path, base_dir, 0, err);
}

const struct bl_style *bl_style_find_for_tests(const char *name)
{
	const struct bl_style *s;
	struct bl_error err;

	if (name == NULL)
		return &default_style;
	if (bl_style_load(&s, name, NULL, &err) < 0)
		return NULL;
	return s;
}

void bl_style_cache_clear(void)
{
	while (cache) {
		struct loaded *next = cache->next;

		bl_arena_release(&cache->arena);
		free(cache->key);
		free(cache);
		cache = next;
	}
}

const struct bl_style_required *bl_style_required_for(const struct bl_style *s,
						      const char *type)
{
	size_t i;

	for (i = 0; i < s->nrequired; i++)
		if (strcmp(s->required[i].type, type) == 0)
			return &s->required[i];
	return NULL;
}

const struct bl_style_pattern *bl_style_pattern(const struct bl_style *s,
						const char *name)
{
	size_t i;

	for (i = 0; i < s->npatterns; i++)
		if (strcmp(s->patterns[i].name, name) == 0)
			return &s->patterns[i];
	return NULL;
}

/* ---- page ranges ----------------------------------------------------- */

static bool all_digits(const char *s)
{
	if (!*s)
		return false;
	for (; *s; s++)
		if (*s < '0' || *s > '9')
			return false;
	return true;
}

bool bl_page_range_end(enum bl_range_format fmt, const char *first,
		       const char *last, char *out, size_t outlen)
{
	size_t fl = strlen(first), ll = strlen(last), keep, common = 0;
	unsigned long f;

	if (fmt == BL_RANGE_ANY || !all_digits(first) || !all_digits(last) ||
	    fl > 9 || ll > 9 || first[0] == '0' || last[0] == '0')
		return false;
	f = strtoul(first, NULL, 10);
	if (f >= strtoul(last, NULL, 10))
		return false;
	/* digits shared at the front when both have the same length */
	if (fl == ll)
		while (common < ll && first[common] == last[common])
			common++;
	keep = ll - common;     /* minimal: only the digits that change */
	switch (fmt) {
	case BL_RANGE_EXPANDED:
		keep = ll;
		break;
	case BL_RANGE_MINIMAL:
		break;
	case BL_RANGE_MINIMAL_TWO:
		if (keep < 2)
			keep = ll < 2 ? ll : 2;
		break;
	case BL_RANGE_CHICAGO:
		/* under 100, and multiples of 100: in full; 101-109 in a
		 * hundred: only the changed part; otherwise at least two
		 * digits, more when needed */
		if (f < 100 || f % 100 == 0)
			keep = ll;
		else if (f % 100 < 10)
			break;
		else if (keep < 2)
			keep = 2;
		break;
	case BL_RANGE_ANY:
		return false;
	}
	if (fl != ll)
		keep = ll;
	snprintf(out, outlen, "%s", last + (ll - keep));
	return true;
}

int bl_style_check_patterns(const struct bl_style *s, struct bl_error *err)
{
	size_t i;

	for (i = 0; i < s->npatterns; i++) {
		UParseError pe;
		UErrorCode status = U_ZERO_ERROR;
		URegularExpression *re;
		UText *ut;

		memset(&pe, 0, sizeof(pe));
		ut = utext_openUTF8(NULL, s->patterns[i].regex, -1, &status);
		re = uregex_openUText(ut, 0, &pe, &status);
		utext_close(ut);
		if (re)
			uregex_close(re);
		if (U_FAILURE(status))
			return bl_error_set(err, "%s:%u:%u: pattern '%s' is not a valid ICU "
					    "regular expression (%s near offset %d); fix the "
					    "pattern",
					    s->path ? s->path : s->name, s->patterns[i].line,
					    s->patterns[i].col, s->patterns[i].name,
					    u_errorName(status), (int)pe.offset);
	}
	return BL_OK;
}
