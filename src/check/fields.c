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

static bool has_field(const struct bl_entry *e, const char *name, size_t n)
{
	uint32_t i;

	for (i = 0; i < e->nfields; i++) {
		const struct bl_field *f = &e->fields[i];
		const char *kn = f->key != BL_K_OTHER ? bl_key_name(f->key) : f->name;

		if (!bl_memeq_ci(name, n, kn))
			continue;
		if (f->value.flags & BL_VAL_NULL)
			continue;
		if (f->kind == BL_FIELD_TEXT && (!f->value.text || f->value.len == 0))
			continue;
		if (f->kind == BL_FIELD_NAMES && f->u.names.count == 0)
			continue;
		return true;
	}
	return false;
}

/* True when one of the '|'-separated alternatives is present. */
static bool met(const struct bl_entry *e, const char *alts)
{
	const char *p = alts;

	for (;;) {
		const char *bar = strchr(p, '|');
		size_t n = bar ? (size_t)(bar - p) : strlen(p);

		if (has_field(e, p, n))
			return true;
		if (!bar)
			return false;
		p = bar + 1;
	}
}

static void check_required(struct bl_ctx *ctx)
{
	size_t i, r, k;

	if (ctx->src->format == BL_FMT_BIBTEX)
		return;
	for (i = 0; i < ctx->list->count; i++) {
		const struct bl_entry *e = &ctx->list->entries[i];
		const struct requirement *req = NULL;
		struct bl_strbuf missing = BL_STRBUF_INIT;
		size_t nmissing = 0;

		const struct bl_style_required *sreq;
		const char *const *need;
		size_t nneed;

		if (!e->type.text || e->raw_text)
			continue;
		for (r = 0; r < BL_ARRAY_SIZE(csl_defaults); r++)
			if (strcmp(e->type.text, csl_defaults[r].type) == 0)
				req = &csl_defaults[r];
		if (!req)
			continue;
		/* the style's list for this type replaces the default one */
		sreq = bl_style_required_for(ctx->style, e->type.text);
		if (sreq) {
			need = sreq->fields;
			nneed = sreq->nfields;
		} else {
			need = req->need;
			for (nneed = 0; nneed < BL_ARRAY_SIZE(req->need) && req->need[nneed];)
				nneed++;
		}
		for (k = 0; k < nneed; k++) {
			const char *alts = need[k];

			if (met(e, alts))
				continue;
			if (nmissing++)
				bl_strbuf_addstr(&missing, ", ");
			bl_add_alternatives(&missing, alts);
		}
		if (nmissing)
			bl_report(ctx, BL_R_fields_required, e, e->type.start, e->type.end,
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
