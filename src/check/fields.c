/*
 * fields.c - fields a reference needs, per CSL entry type.
 *
 * A requirement is a list of alternatives: "author|editor" is met by
 * either. A style's `required:` list for a type replaces the default. BibTeX and BibLaTeX entries have their own data model and are
 * checked by the bibtex family; entries without a type (printed lists)
 * are not checked here.
 */
#include "../rule.h"
#include "common.h"
#include "../style.h"

#include <string.h>

#include "../banned.h"

struct requirement {
	const char *type;
	const char *label;          /* "a journal article" */
	const char *const need[6];  /* alternatives joined by '|' */
};

static const struct requirement csl_defaults[] = {
	{ "article-journal", "a journal article",
	  { "author|editor", "title", "container-title", "issued", "page|number" } },
	{ "article-magazine", "a magazine article",
	  { "title", "container-title", "issued" } },
	/* a whole issue of a newspaper is cited without a title */
	{ "article-newspaper", "a newspaper article",
	  { "container-title", "issued" } },
	/* editions of documents and reports of commissions are cited by
	 * title: a book needs no author (a style may demand one) */
	{ "book", "a book", { "title", "issued", "publisher" } },
	{ "chapter", "a chapter",
	  { "author|editor", "title", "container-title", "issued", "page" } },
	{ "paper-conference", "a conference paper",
	  { "author", "title", "container-title|event-title|event", "issued" } },
	{ "thesis", "a thesis", { "author", "title", "issued", "publisher" } },
	{ "report", "a report", { "author|editor|publisher", "title", "issued" } },
	{ "webpage", "a web page", { "title", "URL" } },
	{ "post-weblog", "a blog post", { "author", "title", "issued", "URL" } },
	{ "dataset", "a dataset", { "author|publisher", "title", "issued" } },
	{ "entry-encyclopedia", "an encyclopedia entry", { "title", "container-title" } },
	{ "entry-dictionary", "a dictionary entry", { "title", "container-title" } },
};

_Static_assert(BL_K__COUNT <= 64, "an entry's keys fit a 64-bit mask");

static bool present(const struct bl_entry *e, const struct bl_field *f)
{
	if (f->value.flags & BL_VAL_NULL)
		return false;
	if (f->kind == BL_FIELD_TEXT && (!f->value.text || bl_value_len(&f->value) == 0))
		return false;
	if (f->kind == BL_FIELD_NAMES && bl_field_names(e, f)->count == 0)
		return false;
	return true;
}

/* What an entry gives, gathered in one pass over its fields: the keys of
 * its present fields, and whether it has fields of no known key (those
 * are matched by name). */
struct have {
	uint64_t keys;
	bool others;
};

static void gather(const struct bl_entry *e, struct have *h)
{
	uint32_t i;

	h->keys = 0;
	h->others = false;
	for (i = 0; i < e->nfields; i++) {
		const struct bl_field *f = &e->fields[i];

		if (f->key == BL_K_OTHER)
			h->others = true;
		else if (present(e, f))
			h->keys |= (uint64_t)1 << f->key;
	}
}

/* The key whose name is name[0..n) ignoring case, or BL_K_OTHER. */
static unsigned key_named(const char *name, size_t n, const uint8_t *keylen)
{
	unsigned k;

	for (k = 1; k < BL_K__COUNT; k++)
		if (keylen[k] == n && bl_memeq_ci(name, n, bl_key_name(k)))
			return k;
	return BL_K_OTHER;
}

/* A field named name[0..n) (its key's name, or its own when it has no
 * known key; ignoring case) is present. */
static bool has_field(const struct bl_entry *e, const struct have *h,
		      const uint8_t *keylen, const char *name, size_t n)
{
	unsigned k = key_named(name, n, keylen);
	uint32_t i;

	if (k != BL_K_OTHER && (h->keys >> k & 1))
		return true;
	if (!h->others)
		return false;
	for (i = 0; i < e->nfields; i++) {
		const struct bl_field *f = &e->fields[i];

		if (f->key == BL_K_OTHER && bl_memeq_ci(name, n, bl_field_name(f)) &&
		    present(e, f))
			return true;
	}
	return false;
}

/* The keys named by the '|'-separated alternatives. */
static uint64_t alts_keys(const uint8_t *keylen, const char *alts)
{
	uint64_t mask = 0;
	const char *p = alts;

	for (;;) {
		const char *bar = strchr(p, '|');
		size_t n = bar ? (size_t)(bar - p) : strlen(p);
		unsigned k = key_named(p, n, keylen);

		if (k != BL_K_OTHER)
			mask |= (uint64_t)1 << k;
		if (!bar)
			return mask;
		p = bar + 1;
	}
}

/* True when one of the '|'-separated alternatives is present; keys, when
 * not 0, are alts_keys(alts) */
static bool met(const struct bl_entry *e, const struct have *h,
		const uint8_t *keylen, const char *alts, uint64_t keys)
{
	const char *p = alts;

	if (keys) {
		/* a field of a known key is found by its key; others by name */
		if (h->keys & keys)
			return true;
		if (!h->others)
			return false;
	}
	for (;;) {
		const char *bar = strchr(p, '|');
		size_t n = bar ? (size_t)(bar - p) : strlen(p);

		if (has_field(e, h, keylen, p, n))
			return true;
		if (!bar)
			return false;
		p = bar + 1;
	}
}

static void check_required(struct bl_ctx *ctx)
{
	size_t i, r, k;
	uint8_t keylen[BL_K__COUNT];
	uint64_t keys[BL_ARRAY_SIZE(csl_defaults)][BL_ARRAY_SIZE(csl_defaults[0].need)];

	if (ctx->src->format == BL_FMT_BIBTEX)
		return;
	for (k = 0; k < BL_K__COUNT; k++) {
		size_t n = strlen(bl_key_name((enum bl_key)k));

		keylen[k] = n < 255 ? (uint8_t)n : 255;
	}
	for (r = 0; r < BL_ARRAY_SIZE(csl_defaults); r++)
		for (k = 0; k < BL_ARRAY_SIZE(csl_defaults[r].need); k++)
			keys[r][k] = csl_defaults[r].need[k]
					     ? alts_keys(keylen, csl_defaults[r].need[k]) : 0;
	for (i = 0; i < ctx->list->count; i++) {
		const struct bl_entry *e = &ctx->list->entries[i];
		const struct requirement *req = NULL;
		struct bl_strbuf missing = BL_STRBUF_INIT;
		size_t nmissing = 0;

		const struct bl_style_required *sreq;
		const char *const *need;
		const uint64_t *need_keys = NULL;
		size_t nneed;
		struct have h;

		if (!e->type.text || e->raw_text)
			continue;
		for (r = 0; r < BL_ARRAY_SIZE(csl_defaults); r++)
			if (strcmp(e->type.text, csl_defaults[r].type) == 0) {
				req = &csl_defaults[r];
				need_keys = keys[r];
				break;
			}
		if (!req)
			continue;
		/* the style's list for this type replaces the default one */
		sreq = bl_style_required_for(ctx->style, e->type.text);
		if (sreq) {
			need = sreq->fields;
			nneed = sreq->nfields;
			need_keys = NULL;
		} else {
			need = req->need;
			for (nneed = 0; nneed < BL_ARRAY_SIZE(req->need) && req->need[nneed];)
				nneed++;
		}
		gather(e, &h);
		for (k = 0; k < nneed; k++) {
			const char *alts = need[k];

			if (met(e, &h, keylen, alts, need_keys ? need_keys[k] : 0))
				continue;
			if (nmissing++)
				bl_strbuf_addstr(&missing, ", ");
			bl_add_alternatives(&missing, alts);
		}
		if (nmissing)
			bl_report(ctx, BL_R_fields_required, e, e->type.start, bl_value_end(&e->type),
				  "%s needs %s; %s missing", req->label, missing.buf,
				  nmissing == 1 ? "it is" : "they are");
		bl_strbuf_release(&missing);
	}
}

const struct bl_rule bl_rule_fields_required = {
	.id = "fields/required",
	.severity = BL_SEV_WARNING,
	.summary = "an entry lacks a field its type needs",
	.doc = "Each CSL type needs some fields for a usable reference: a journal "
	       "article its author (or editor), title, journal (container-title), "
	       "year (issued) and pages or article number; a book its title, year "
	       "and publisher (editions of documents and reports of commissions "
	       "are cited by title, so a book is not required to name an author or "
	       "editor unless the style says so); a chapter its book "
	       "(container-title) and pages; a web page its URL. The finding is at "
	       "the entry's type and lists every missing field. BibTeX entries are "
	       "checked against the BibTeX and BibLaTeX data models by the bibtex "
	       "rules instead.",
	.bad = "- id: a\n  type: article-journal\n  author: [{family: Isserson, given: G. S.}]\n"
	       "  title: Sud'ba polkovodtsa\n  issued: {date-parts: [[1988]]}\n",
	.good = "- id: a\n  type: article-journal\n  author: [{family: Isserson, given: G. S.}]\n"
		"  title: Sud'ba polkovodtsa\n  issued: {date-parts: [[1988]]}\n"
		"  container-title: Druzhba narodov\n  page: 179\xe2\x80\x93" "192\n",
	.check = check_required,
};
