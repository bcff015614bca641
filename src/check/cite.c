/*
 * cite.c - citations in a Pandoc Markdown article against its references.
 *
 * The references are the entries of the file's own metadata (references:)
 * and of the files its `bibliography:` names (read relative to the
 * article). Citations are Pandoc's: [@key], [see @key, p. 3; @other],
 * [-@key], and @key in running text; a key starts with a letter, digit or
 * underscore and may hold internal punctuation (:.#$%&-+?<>~/), or is
 * written @{...}. Code spans, fenced code and the metadata itself are not
 * searched, and an @ inside a word (an e-mail address) is not a citation.
 *
 * cite/undefined: a citation with no reference. cite/uncited: a reference
 * in the file's own metadata that the text never cites and `nocite:` does
 * not list (nocite "@*" lists everything). A Markdown file without any
 * citation is a bibliography, not an article: nothing is uncited there.
 */
#include "../rule.h"
#include "../engine.h"
#include "../input/markdown.h"
#include "../yamltree.h"

#include <stdlib.h>
#include <string.h>

#include "../banned.h"

struct citation {
	uint32_t start, end;   /* the key, without @ */
};

struct scan {
	struct bl_ctx *ctx;
	struct citation *cites;
	size_t ncites, cap;
	uint32_t meta[16][2];  /* metadata block bodies */
	size_t nmeta;
};

static bool key_start(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || c == '_' || c >= 0x80;
}

static bool key_inner(unsigned char c)
{
	return strchr(":.#$%&-+?<>~/", c) != NULL && c != '\0';
}

/* The end of a key starting at s[i] (after @), or i when there is none. */
static size_t key_end(const char *s, size_t i, size_t n)
{
	size_t j = i;

	if (i < n && s[i] == '{') {
		const char *close = memchr(s + i, '}', n - i);

		return close ? (size_t)(close - s) + 1 : i;
	}
	if (i >= n || !key_start((unsigned char)s[i]))
		return i;
	j = i + 1;
	while (j < n) {
		unsigned char c = (unsigned char)s[j];

		if (key_start(c))
			j++;
		else if (key_inner(c) && j + 1 < n && key_start((unsigned char)s[j + 1]))
			j += 2;
		else
			break;
	}
	return j;
}

static void add_cite(struct scan *sc, uint32_t start, uint32_t end)
{
	BL_GROW(sc->cites, sc->ncites + 1, sc->cap);
	sc->cites[sc->ncites].start = start;
	sc->cites[sc->ncites].end = end;
	sc->ncites++;
}

static void prose_line(struct scan *sc, uint32_t start, uint32_t end)
{
	const char *s = sc->ctx->src->data;
	size_t i = start;
	int ticks = 0;

	while (i < end) {
		char c = s[i];

		if (c == '`') {
			size_t run = 0;

			while (i < end && s[i] == '`')
				i++, run++;
			ticks = ticks == (int)run ? 0 : ticks ? ticks : (int)run;
			continue;
		}
		if (ticks || c != '@') {
			i++;
			continue;
		}
		/* an @ inside a word or a URL is not a citation */
		if (i > start) {
			char p = s[i - 1];

			if (!(p == ' ' || p == '\t' || p == '[' || p == ';' || p == '-' ||
			      p == '(' || p == '"' || p == '\''))
				goto next;
		}
		{
			size_t k = key_end(s, i + 1, end);
			uint32_t ks = (uint32_t)i + 1, ke = (uint32_t)k;

			if (k == i + 1)
				goto next;
			/* Pandoc's numbered examples: (@label) */
			if (i > start && s[i - 1] == '(' && k < end && s[k] == ')' &&
			    (i - 1 == start || s[i - 2] == ' '))
				goto next;
			if (s[ks] == '{')
				ks++, ke--;
			add_cite(sc, ks, ke);
			i = k;
			continue;
		}
next:
		i++;
	}
}

static void region(enum bl_md_region kind, uint32_t start, uint32_t end, void *arg)
{
	struct scan *sc = arg;

	if (kind == BL_MD_PROSE)
		prose_line(sc, start, end);
	else if (kind == BL_MD_METADATA && sc->nmeta < BL_ARRAY_SIZE(sc->meta)) {
		sc->meta[sc->nmeta][0] = start;
		sc->meta[sc->nmeta][1] = end;
		sc->nmeta++;
	}
}

/* ---- the set of known keys ------------------------------------------------ */

struct keys {
	struct bl_map map;
	struct bl_arena arena;  /* keys read from other files */
	bool all_nocite;
	struct bl_map nocite;
};

static void add_key(struct keys *k, const char *s, size_t n, uint32_t v)
{
	bl_map_put(&k->map, s, n, v, NULL);
}

/* Byte offset of a 1-based line:col of a metadata block that starts at
 * byte `base`. */
static uint32_t block_offset(const struct bl_source *src, uint32_t base,
			     unsigned line, unsigned col)
{
	const char *p = src->data + base, *end = src->data + src->len;
	unsigned l = 1, c = 1;

	while (p < end && l < line) {
		if (*p++ == '\n')
			l++;
	}
	while (p < end && c < col && *p != '\n') {
		p++;
		while (p < end && ((unsigned char)*p & 0xC0) == 0x80)
			p++;
		c++;
	}
	return (uint32_t)(p - src->data);
}

static char *dir_of(const char *path)
{
	const char *slash = strrchr(path, '/');

	return slash ? bl_xstrndup(path, (size_t)(slash - path) + 1) : bl_xstrdup("");
}

/* Reads the ids of a bibliography file into k; reports a file that cannot
 * be read at the place it is named. */
static void read_bibliography(struct bl_ctx *ctx, struct keys *k, const char *name,
			      uint32_t at)
{
	struct bl_source *bib = NULL;
	struct bl_error err = { { 0 } };
	struct bl_lint_opts opts;
	struct bl_result res;
	char *dir = dir_of(ctx->src->path);
	char *path = name[0] == '/' ? bl_xstrdup(name) : bl_xasprintf("%s%s", dir, name);
	size_t i;
	int r;

	if (bl_source_read_file(&bib, path, 0, &err) < 0) {
		bl_report(ctx, BL_R_cite_undefined, NULL, at, at + (uint32_t)strlen(name),
			  "the bibliography '%s' cannot be read (%s); its citations "
			  "cannot be checked", name, err.msg);
		goto cleanup;
	}
	bl_lint_opts_init(&opts);
	for (r = 0; r < BL_R__COUNT; r++)
		opts.sev[r] = BL_SEV_OFF;
	if (bl_lint(&res, bib, &opts, &err) == BL_OK) {
		if (bib->list)
			for (i = 0; i < bib->list->count; i++) {
				const struct bl_value *id = &bib->list->entries[i].id;

				if (id->text)
					add_key(k, bl_arena_strndup(&k->arena, id->text,
								    bl_value_len(id)),
						bl_value_len(id), UINT32_MAX);
			}
		bl_result_release(&res);
	}
cleanup:
	bl_source_free(bib);
	free(path);
	free(dir);
}

static void read_nocite(struct keys *k, const char *s)
{
	const char *p = s;

	while ((p = strchr(p, '@')) != NULL) {
		size_t e = key_end(p, 1, strlen(p));

		if (p[1] == '*')
			k->all_nocite = true;
		else if (e > 1) {
			const char *ks = p + 1;
			size_t kn = e - 1;

			if (*ks == '{')
				ks++, kn -= 2;
			bl_map_put(&k->nocite, bl_arena_strndup(&k->arena, ks, kn), kn, 0, NULL);
		}
		p++;
	}
}

static void read_metadata(struct bl_ctx *ctx, struct scan *sc, struct keys *k)
{
	size_t b;

	for (b = 0; b < sc->nmeta; b++) {
		const char *body = ctx->src->data + sc->meta[b][0];
		const char *end = ctx->src->data + sc->meta[b][1];
		const struct bl_ynode *bib, *nocite;
		struct bl_ydoc *doc = NULL;
		struct bl_error err;
		size_t i;

		if (!bl_markdown_has_key(body, end, "bibliography") &&
		    !bl_markdown_has_key(body, end, "nocite"))
			continue;
		if (bl_ydoc_parse(&doc, ctx->src->path, body, (size_t)(end - body), &err) < 0 ||
		    !doc->root || doc->root->type != BL_YMAP) {
			bl_ydoc_free(doc);
			continue;
		}
		bib = bl_ynode_get(doc->root, "bibliography");
		if (bib && bib->type == BL_YSCALAR && !bl_ynode_is_null(bib))
			read_bibliography(ctx, k, bib->text,
					  block_offset(ctx->src, sc->meta[b][0], bib->line,
						       bib->col + (bib->quoted ? 1 : 0)));
		else if (bib && bib->type == BL_YSEQ)
			for (i = 0; i < bib->count; i++)
				if (bib->items[i]->type == BL_YSCALAR)
					read_bibliography(
						ctx, k, bib->items[i]->text,
						block_offset(ctx->src, sc->meta[b][0],
							     bib->items[i]->line,
							     bib->items[i]->col +
								     (bib->items[i]->quoted ? 1 : 0)));
		nocite = bl_ynode_get(doc->root, "nocite");
		if (nocite && nocite->type == BL_YSCALAR)
			read_nocite(k, nocite->text);
		else if (nocite && nocite->type == BL_YSEQ)
			for (i = 0; i < nocite->count; i++)
				if (nocite->items[i]->type == BL_YSCALAR)
					read_nocite(k, nocite->items[i]->text);
		bl_ydoc_free(doc);
	}
}

static void check_citations(struct bl_ctx *ctx)
{
	struct scan sc = { .ctx = ctx };
	struct keys k = { BL_MAP_INIT, { 0 }, false, BL_MAP_INIT };
	struct bl_map cited = BL_MAP_INIT;
	const struct bl_list *list = ctx->list;
	size_t i;

	if (ctx->src->format != BL_FMT_MARKDOWN)
		return;
	bl_arena_init(&k.arena);
	bl_markdown_regions(ctx->src, region, &sc);
	for (i = 0; i < list->count; i++)
		if (list->entries[i].id.text)
			add_key(&k, list->entries[i].id.text, bl_value_len(&list->entries[i].id),
				(uint32_t)i);
	read_metadata(ctx, &sc, &k);
	if (k.map.count == 0)
		goto cleanup;       /* no references anywhere: nothing to compare */
	for (i = 0; i < sc.ncites; i++) {
		const char *key = ctx->src->data + sc.cites[i].start;
		size_t n = sc.cites[i].end - sc.cites[i].start;
		uint32_t v;

		bl_map_put(&cited, key, n, 0, NULL);
		if (!bl_map_get(&k.map, key, n, &v))
			bl_report(ctx, BL_R_cite_undefined, NULL, sc.cites[i].start,
				  sc.cites[i].end,
				  "citation '@%.*s' has no reference; add it to the references "
				  "or correct the key", (int)n, key);
	}
	if (sc.ncites == 0 || k.all_nocite)
		goto cleanup;
	for (i = 0; i < list->count; i++) {
		const struct bl_entry *e = &list->entries[i];
		uint32_t v;

		if (!e->id.text || bl_map_get(&cited, e->id.text, bl_value_len(&e->id), &v) ||
		    bl_map_get(&k.nocite, e->id.text, bl_value_len(&e->id), &v))
			continue;
		bl_report(ctx, BL_R_cite_uncited, e, e->id.start, bl_value_end(&e->id),
			  "reference '%.*s' is never cited; cite it, list it under nocite:, "
			  "or remove it", BL_VALUE_FMT(&e->id));
	}
cleanup:
	bl_map_release(&cited);
	bl_map_release(&k.map);
	bl_map_release(&k.nocite);
	bl_arena_release(&k.arena);
	free(sc.cites);
}

const struct bl_rule bl_rule_cite_undefined = {
	.id = "cite/undefined",
	.severity = BL_SEV_ERROR,
	.summary = "a citation in the text has no reference",
	.doc = "In a Pandoc Markdown article, every citation ([@key], @key, "
	       "[-@key]) must name an entry of the references in the file's "
	       "metadata or in the files its `bibliography:` names; otherwise "
	       "Pandoc prints the bare key and warns. The finding points at the "
	       "key in the text. A bibliography file that cannot be read is "
	       "reported at its name. Code spans, fenced code and e-mail addresses "
	       "are not citations.",
	.bad = "---\nreferences:\n- id: carley2006\n  title: A Soviet Eye on France\n---\n\n"
	       "As shown by @carley2005, the talks failed.\n",
	.good = "---\nreferences:\n- id: carley2006\n  title: A Soviet Eye on France\n---\n\n"
		"As shown by @carley2006, the talks failed.\n",
	.example_format = BL_FMT_MARKDOWN,
	.check = check_citations,
};

const struct bl_rule bl_rule_cite_uncited = {
	.id = "cite/uncited",
	.severity = BL_SEV_WARNING,
	.summary = "a reference of the article is never cited",
	.doc = "A reference in a Markdown article's own metadata that no citation "
	       "in the text names and `nocite:` does not list is dropped from the "
	       "printed bibliography by Pandoc, so it is either a forgotten "
	       "citation or dead weight. nocite: \"@*\" lists every entry. A "
	       "Markdown file with no citations at all is taken for a "
	       "bibliography, not an article, and is not checked.",
	.bad = "---\nreferences:\n- id: carley2006\n  title: A Soviet Eye on France\n"
	       "- id: dullin2009\n  title: Stalin i ego diplomaty\n---\n\n"
	       "As shown by @carley2006, the talks failed.\n",
	.good = "---\nreferences:\n- id: carley2006\n  title: A Soviet Eye on France\n"
		"- id: dullin2009\n  title: Stalin i ego diplomaty\n---\n\n"
		"As shown by @carley2006 [see also @dullin2009, p. 12], the talks failed.\n",
	.example_format = BL_FMT_MARKDOWN,
	.check = check_citations,
};
