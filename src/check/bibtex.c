/*
 * bibtex.c - rules that only BibTeX and BibLaTeX files have: citation keys
 * used twice, crossref/xdata targets that do not exist, a field given twice
 * in one entry, the required fields of the BibTeX and BibLaTeX data models,
 * and two problems the reader reports itself (unbalanced braces, undefined
 * @string macros).
 *
 * The checks run on BibTeX sources only. An entry that a syntax error cut
 * short is not checked for missing fields: the error is reported already.
 */
#include "bibtex.h"

#include "../rule.h"
#include "common.h"

#include <stdlib.h>
#include <string.h>

#include "../banned.h"

/* ---- an index of citation keys (case-insensitive, as BibTeX) ------------ */

struct keyidx {
	const struct bl_entry **slots;
	size_t cap;
};

/* The slot of key s[0..n): an entry whose key equals it ignoring case, or
 * the empty slot where it would go. */
static const struct bl_entry **key_slot(const struct keyidx *x, const char *s, size_t n)
{
	size_t i = bl_hash_ci(s, n) & (x->cap - 1);

	while (x->slots[i]) {
		const struct bl_value *id = &x->slots[i]->id;

		if (bl_value_len(id) == n && bl_memeq_ci(s, n, id->text))
			break;
		i = (i + 1) & (x->cap - 1);
	}
	return &x->slots[i];
}

/* Indexes every keyed entry; *dup (when not NULL) is called for an entry
 * whose key came before. */
static void keyidx_build(struct keyidx *x, const struct bl_list *list,
			 void (*dup)(void *arg, const struct bl_entry *e,
				     const struct bl_entry *first),
			 void *arg)
{
	size_t i;

	x->cap = 16;
	while (x->cap < list->count * 2 + 2)
		x->cap *= 2;
	x->slots = bl_xcalloc(x->cap, sizeof(*x->slots));
	for (i = 0; i < list->count; i++) {
		const struct bl_entry *e = &list->entries[i];
		const struct bl_entry **slot;

		if (!e->id.text || !bl_value_len(&e->id))
			continue;
		slot = key_slot(x, e->id.text, bl_value_len(&e->id));
		if (*slot) {
			if (dup)
				dup(arg, e, *slot);
			continue;
		}
		*slot = e;
	}
}

static const struct bl_entry *keyidx_get(const struct keyidx *x, const char *s, size_t n)
{
	return *key_slot(x, s, n);
}

static unsigned line_of(const struct bl_ctx *ctx, uint32_t off)
{
	unsigned line, col;

	bl_source_locate(ctx->src, off, &line, &col);
	return line;
}

static const char *key_of(struct bl_ctx *ctx, const struct bl_entry *e)
{
	return bl_entry_id_str(ctx, e);
}

/* ---- bibtex/duplicate-key --------------------------------------------- */

static void report_dup_key(void *arg, const struct bl_entry *e,
			   const struct bl_entry *first)
{
	struct bl_ctx *ctx = arg;
	struct bl_finding *f;

	if (bl_value_len(&e->id) == bl_value_len(&first->id) &&
	    memcmp(e->id.text, first->id.text, bl_value_len(&e->id)) == 0)
		f = bl_report(ctx, BL_R_bibtex_duplicate_key, e, e->id.start, bl_value_end(&e->id),
			      "the key '%.*s' is used again (first on line %u); keys "
			      "must be unique: rename one or merge the entries",
			      BL_VALUE_FMT(&e->id), line_of(ctx, first->id.start));
	else
		f = bl_report(ctx, BL_R_bibtex_duplicate_key, e, e->id.start, bl_value_end(&e->id),
			      "the key '%.*s' differs only in case from '%.*s' (line %u); "
			      "BibTeX takes them for the same key: rename one",
			      BL_VALUE_FMT(&e->id), BL_VALUE_FMT(&first->id),
			      line_of(ctx, first->id.start));
	if (f) {
		f->related_src = ctx->src;
		f->related_start = first->id.start;
		f->has_related = true;
	}
}

static void check_bibtex(struct bl_ctx *ctx);

const struct bl_rule bl_rule_bibtex_duplicate_key = {
	.id = "bibtex/duplicate-key",
	.severity = BL_SEV_ERROR,
	.summary = "two entries share a citation key",
	.doc = "Each entry of a .bib file needs its own citation key. BibTeX keeps "
	       "the first entry and ignores the second, biber warns and drops it, "
	       "so a citation silently points at whichever entry wins. Keys that "
	       "differ only in case (Smith2000, smith2000) are reported too: "
	       "BibTeX compares keys without case. The finding is at the second "
	       "key and names the line of the first.",
	.bad = "@book{knuth84, author = {Knuth, Donald E.}, title = {The {\\TeX}book},\n"
	       "  publisher = {Addison-Wesley}, year = 1984}\n"
	       "@book{knuth84, author = {Knuth, Donald E.}, title = {The {METAFONT}book},\n"
	       "  publisher = {Addison-Wesley}, year = 1986}\n",
	.good = "@book{knuth84, author = {Knuth, Donald E.}, title = {The {\\TeX}book},\n"
		"  publisher = {Addison-Wesley}, year = 1984}\n"
		"@book{knuth86, author = {Knuth, Donald E.}, title = {The {METAFONT}book},\n"
		"  publisher = {Addison-Wesley}, year = 1986}\n",
	.example_format = BL_FMT_BIBTEX,
	.check = check_bibtex,
};

/* ---- bibtex/crossref-missing ------------------------------------------ */

static void check_refs(struct bl_ctx *ctx, const struct keyidx *x,
		       const struct bl_entry *e, const struct bl_field *f)
{
	const struct bl_value *v = &f->value;
	size_t i = 0;

	if (!v->text)
		return;
	/* xdata may name several entries, separated by commas */
	while (i < bl_value_len(v)) {
		size_t a, b;
		uint32_t s0, s1;

		while (i < bl_value_len(v) && (v->text[i] == ' ' || v->text[i] == ','))
			i++;
		a = i;
		while (i < bl_value_len(v) && v->text[i] != ',')
			i++;
		b = i;
		while (b > a && v->text[b - 1] == ' ')
			b--;
		if (b == a || keyidx_get(x, v->text + a, b - a))
			continue;
		bl_value_subspan(v, a, b - a, &s0, &s1);
		bl_report(ctx, BL_R_bibtex_crossref_missing, e, s0, s1,
			  "%s '%.*s' names no entry in this file; add the entry '%.*s' "
			  "or correct the key", bl_field_name(f), (int)(b - a), v->text + a,
			  (int)(b - a), v->text + a);
	}
}

static void duplicate_field(struct bl_ctx *ctx, const struct bl_entry *e, uint32_t k);

/* bibtex/crossref-missing and bibtex/duplicate-field, in one pass over the
 * fields. */
static void check_fields(struct bl_ctx *ctx, const struct keyidx *x)
{
	bool refs = bl_rule_on(ctx, BL_R_bibtex_crossref_missing);
	bool dups = bl_rule_on(ctx, BL_R_bibtex_duplicate_field);
	size_t i;
	uint32_t k;

	if (!refs && !dups)
		return;
	for (i = 0; i < ctx->list->count; i++) {
		const struct bl_entry *e = &ctx->list->entries[i];

		for (k = 0; k < e->nfields; k++) {
			const struct bl_field *f = &e->fields[k];

			const char *name = bl_field_name(f);

			if (refs && (f->key == BL_K_CROSSREF ||
				     ((name[0] | 0x20) == 'x' && bl_streq_ci(name, "xdata"))))
				check_refs(ctx, x, e, f);
			if (dups && f->dup)
				duplicate_field(ctx, e, k);
		}
	}
}

const struct bl_rule bl_rule_bibtex_crossref_missing = {
	.id = "bibtex/crossref-missing",
	.severity = BL_SEV_WARNING,
	.summary = "a crossref or xdata field names a key that is not in the file",
	.doc = "`crossref` (and BibLaTeX's `xdata`) make an entry inherit fields "
	       "from another entry, which must exist. When the target is missing, "
	       "BibTeX and biber print the entry without the inherited fields "
	       "(often without its book title, publisher or year). Keys are "
	       "compared without case, as BibTeX does. A target kept in another "
	       ".bib file of the same document is reported too: lint the files "
	       "together or disable the rule for such a file.",
	.bad = "@inproceedings{lee2001, author = {Lee, Ann}, title = {Parsing},\n"
	       "  crossref = {conf2001}, pages = {1--10}}\n",
	.good = "@inproceedings{lee2001, author = {Lee, Ann}, title = {Parsing},\n"
		"  crossref = {conf2001}, pages = {1--10}}\n"
		"@proceedings{conf2001, title = {Proceedings of the Conference},\n"
		"  year = 2001}\n",
	.example_format = BL_FMT_BIBTEX,
	.check = check_bibtex,
};

/* ---- bibtex/duplicate-field ------------------------------------------- */

/* Field k of e, which the reader marked as a name seen before. */
static void duplicate_field(struct bl_ctx *ctx, const struct bl_entry *e, uint32_t k)
{
	const struct bl_field *f = &e->fields[k];
	struct bl_finding *fd;
	uint32_t j;

	for (j = 0; j < k; j++)
		if (bl_streq_ci(bl_field_name(&e->fields[j]), bl_field_name(f)))
			break;
	if (j == k)
		return;
	fd = bl_report(ctx, BL_R_bibtex_duplicate_field, e, f->name_start,
		       f->name_start + (uint32_t)strlen(bl_field_name(f)),
		       "'%s' is given a second time in entry '%s' (first "
		       "on line %u); BibTeX keeps the first and ignores "
		       "this one: remove one of them", bl_field_name(f), key_of(ctx, e),
		       line_of(ctx, e->fields[j].name_start));
	if (fd) {
		fd->related_src = ctx->src;
		fd->related_start = e->fields[j].name_start;
		fd->has_related = true;
	}
}

const struct bl_rule bl_rule_bibtex_duplicate_field = {
	.id = "bibtex/duplicate-field",
	.severity = BL_SEV_ERROR,
	.summary = "an entry gives the same field twice",
	.doc = "A field name may appear once per entry. BibTeX keeps the first "
	       "value and warns, biber warns too, and other tools keep the last, "
	       "so which value is printed depends on the program. Field names "
	       "are compared without case. The finding is at the second name.",
	.bad = "@article{ivanov2010, author = {Ivanov, I.}, title = {Na beregu},\n"
	       "  journal = {Neva}, year = 2010, year = 2011}\n",
	.good = "@article{ivanov2010, author = {Ivanov, I.}, title = {Na beregu},\n"
		"  journal = {Neva}, year = 2010}\n",
	.example_format = BL_FMT_BIBTEX,
	.check = check_bibtex,
};

/* ---- bibtex/required-fields ------------------------------------------- */

struct model_req {
	const char *types;           /* '|'-separated entry types */
	const char *const need[6];   /* alternatives joined by '|' */
};

/* BibTeX's standard styles (btxdoc) */
static const struct model_req bibtex_model[] = {
	{ "article", { "author", "title", "journal", "year" } },
	{ "book", { "author|editor", "title", "publisher", "year" } },
	{ "booklet", { "title" } },
	{ "inbook", { "author|editor", "title", "chapter|pages", "publisher", "year" } },
	{ "incollection", { "author", "title", "booktitle", "publisher", "year" } },
	{ "inproceedings|conference", { "author", "title", "booktitle", "year" } },
	{ "manual", { "title" } },
	{ "mastersthesis|phdthesis", { "author", "title", "school", "year" } },
	{ "proceedings", { "title", "year" } },
	{ "techreport", { "author", "title", "institution", "year" } },
	{ "unpublished", { "author", "title", "note" } },
};

/* The BibLaTeX manual, section 2.1.1 (aliases accepted: journal,
 * school, year) */
static const struct model_req biblatex_model[] = {
	{ "article", { "author", "title", "journaltitle|journal", "date|year" } },
	{ "book|mvbook", { "author|editor", "title", "date|year" } },
	{ "inbook|bookinbook|suppbook", { "author", "title", "booktitle", "date|year" } },
	{ "booklet", { "author|editor", "title", "date|year" } },
	{ "collection|mvcollection|reference|mvreference", { "editor", "title", "date|year" } },
	{ "incollection|suppcollection|inreference", { "author", "title", "booktitle", "date|year" } },
	{ "dataset|manual|misc|software", { "author|editor", "title", "date|year" } },
	{ "online|electronic|www", { "author|editor", "title", "date|year", "doi|eprint|url" } },
	{ "patent", { "author", "title", "number", "date|year" } },
	{ "periodical", { "editor", "title", "date|year" } },
	{ "proceedings|mvproceedings", { "title", "date|year" } },
	{ "inproceedings|conference", { "author", "title", "booktitle", "date|year" } },
	{ "report|thesis", { "author", "title", "type", "institution|school", "date|year" } },
	{ "techreport|mastersthesis|phdthesis", { "author", "title", "institution|school", "date|year" } },
	{ "unpublished", { "author", "title", "date|year" } },
};

_Static_assert(BL_ARRAY_SIZE(bibtex_model) <= BL_ARRAY_SIZE(biblatex_model),
	       "check_required() sizes its masks by the larger model");

/* The field names the models mention, as bits; aliases (journal and
 * journaltitle, year and date, school and institution, address and
 * location) share a bit. Bit -1: a field that only tells BibLaTeX. */
static const struct {
	const char *name;
	uint8_t len;
	int8_t bit;
	bool biblatex;        /* only BibLaTeX has it */
} model_fields[] = {
	{ "author", 6, 0, false }, { "editor", 6, 1, false }, { "title", 5, 2, false },
	{ "journal", 7, 3, false }, { "journaltitle", 12, 3, true },
	{ "year", 4, 4, false }, { "date", 4, 4, true },
	{ "publisher", 9, 5, false }, { "booktitle", 9, 6, false },
	{ "chapter", 7, 7, false }, { "pages", 5, 8, false },
	{ "school", 6, 9, false }, { "institution", 11, 9, false },
	{ "note", 4, 10, false }, { "type", 4, 11, false }, { "number", 6, 12, false },
	{ "doi", 3, 13, false }, { "eprint", 6, 14, false }, { "url", 3, 15, false },
	{ "address", 7, 16, false }, { "location", 8, 16, false },
	{ "crossref", 8, 17, false }, { "xdata", 5, 18, true },
	{ "langid", 6, -1, true }, { "urldate", 7, -1, true },
	{ "eprinttype", 10, -1, true }, { "pagetotal", 9, -1, true },
	{ "origtitle", 9, -1, true }, { "maintitle", 9, -1, true },
	{ "titleaddon", 10, -1, true }, { "addendum", 8, -1, true },
	{ "origdate", 8, -1, true }, { "eventdate", 9, -1, true },
	{ "ids", 3, -1, true }, { "shorthand", 9, -1, true },
	{ "sortname", 8, -1, true }, { "bookauthor", 10, -1, true },
	{ "editora", 7, -1, true }, { "eprintclass", 11, -1, true },
	{ "langidopts", 10, -1, true }, { "related", 7, -1, true },
};
#define BIT_TITLE (1u << 2)
#define BIT_BOOKTITLE (1u << 6)
#define BIT_CROSSREF (1u << 17)
#define BIT_XDATA (1u << 18)
#define BIT_BIBLATEX (1u << 31)   /* in masks: the entry uses BibLaTeX */

static int model_bit(const char *name, size_t n)
{
	size_t i;

	for (i = 0; i < BL_ARRAY_SIZE(model_fields); i++)
		if (model_fields[i].len == n && bl_memeq_ci(name, n, model_fields[i].name))
			return model_fields[i].bit;
	return -1;
}

/* The bits of the '|'-separated alternatives. */
static uint32_t alts_mask(const char *alts)
{
	uint32_t mask = 0;
	const char *p = alts;

	for (;;) {
		const char *bar = strchr(p, '|');
		size_t len = bar ? (size_t)(bar - p) : strlen(p);
		int bit = model_bit(p, len);

		if (bit < 0)
			BL_BUG("unknown field '%.*s' in the data model table", (int)len, p);
		mask |= 1u << bit;
		if (!bar)
			return mask;
		p = bar + 1;
	}
}

/* model_fields by first letter: the few a field name is compared with. */
struct model_index {
	uint8_t n[26];
	uint8_t at[26][8];
};

static void model_index_build(struct model_index *mi)
{
	size_t k;

	memset(mi->n, 0, sizeof(mi->n));
	for (k = 0; k < BL_ARRAY_SIZE(model_fields); k++) {
		int c = model_fields[k].name[0] - 'a';

		if (c < 0 || c >= 26 || mi->n[c] >= BL_ARRAY_SIZE(mi->at[c]))
			BL_BUG("model field '%s' does not fit the index", model_fields[k].name);
		mi->at[c][mi->n[c]++] = (uint8_t)k;
	}
}

/* s equals the lower-case word w, ignoring ASCII case. */
static bool eq_word_ci(const char *s, const char *w)
{
	for (; *w; s++, w++) {
		char c = *s;

		if (c >= 'A' && c <= 'Z')
			c = (char)(c + 32);
		if (c != *w)
			return false;
	}
	return *s == '\0';
}

/* The model fields an entry gives, not empty, and BIT_BIBLATEX when one of
 * its fields exists only in BibLaTeX. */
static uint32_t entry_mask(const struct model_index *mi, const struct bl_entry *e)
{
	uint32_t mask = 0, i;
	size_t j, k;

	for (i = 0; i < e->nfields; i++) {
		const struct bl_field *f = &e->fields[i];
		int c = (bl_field_name(f)[0] | 0x20) - 'a';

		if (c < 0 || c >= 26)
			continue;
		for (j = 0; j < mi->n[c]; j++) {
			k = mi->at[c][j];
			if (!eq_word_ci(bl_field_name(f), model_fields[k].name))
				continue;
			if (model_fields[k].biblatex)
				mask |= BIT_BIBLATEX;
			if (model_fields[k].bit < 0 || (f->value.flags & BL_VAL_NULL) ||
			    (f->kind == BL_FIELD_NAMES && bl_field_names(e, f)->count == 0))
				break;
			mask |= 1u << model_fields[k].bit;
			break;
		}
	}
	return mask;
}

/* Only BibLaTeX has these entry types and fields. */
static const char *const biblatex_types[] = {
	"online", "report", "thesis", "mvbook", "mvcollection", "mvproceedings",
	"mvreference", "bookinbook", "suppbook", "suppcollection", "collection",
	"reference", "inreference", "periodical", "suppperiodical", "patent",
	"dataset", "software", "set", "xdata", "artwork", "audio", "image", "movie",
	"music", "performance", "video", "legislation", "legal", "letter", "review",
	"standard", "jurisdiction",
};
static bool in_list(const char *s, const char *const *list, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if ((s[0] | 0x20) == list[i][0] && bl_streq_ci(s, list[i]))
			return true;
	return false;
}

bool bl_bibtex_uses_biblatex(const struct bl_list *list)
{
	struct model_index mi;
	size_t i;

	model_index_build(&mi);
	for (i = 0; i < list->count; i++) {
		const struct bl_entry *e = &list->entries[i];

		if ((entry_mask(&mi, e) & BIT_BIBLATEX) ||
		    (e->type.text && in_list(e->type.text, biblatex_types,
					     BL_ARRAY_SIZE(biblatex_types))))
			return true;
	}
	return false;
}

bool bl_bibtex_ctx_biblatex(struct bl_ctx *ctx)
{
	const struct bl_list *list = ctx->list;
	struct model_index mi;
	uint32_t *masks;
	bool biblatex = false;
	size_t i;

	if (ctx->bibtex_masks)
		return ctx->bibtex_dialect == 2;
	/* one pass over the fields: each entry's model fields, and whether
	 * the file uses BibLaTeX's types or fields */
	model_index_build(&mi);
	masks = bl_arena_alloc(&ctx->src->arena, (list->count + 1) * sizeof(*masks));
	for (i = 0; i < list->count; i++) {
		const struct bl_entry *e = &list->entries[i];

		masks[i] = entry_mask(&mi, e);
		if (!biblatex && ((masks[i] & BIT_BIBLATEX) ||
				  (e->type.text && in_list(e->type.text, biblatex_types,
							   BL_ARRAY_SIZE(biblatex_types)))))
			biblatex = true;
	}
	ctx->bibtex_masks = masks;
	ctx->bibtex_dialect = biblatex ? 2 : 1;
	return biblatex;
}

/* True when name[0..n) is one of the '|'-separated words. */
static bool word_in(const char *name, size_t n, const char *words)
{
	const char *p = words;

	for (;;) {
		const char *bar = strchr(p, '|');
		size_t len = bar ? (size_t)(bar - p) : strlen(p);

		if (len == n && bl_memeq_ci(p, n, name))
			return true;
		if (!bar)
			return false;
		p = bar + 1;
	}
}

/* The entry a crossref or xdata names, if in the file. */
static const struct bl_entry *parent_of(const struct keyidx *x, const struct bl_entry *e,
					const char *field)
{
	const struct bl_field *f = bl_entry_field_named(e, field);
	const char *t, *comma;
	size_t n;

	if (!f || !f->value.text)
		return NULL;
	t = f->value.text;
	n = bl_value_len(&f->value);
	comma = memchr(t, ',', n);
	if (comma)
		n = (size_t)(comma - t);
	while (n && t[n - 1] == ' ')
		n--;
	return n ? keyidx_get(x, t, n) : NULL;
}

/* The fields an entry gives or inherits through crossref and xdata (a
 * parent's title serves as the child's booktitle); masks[] holds each
 * entry's own fields. */
static uint32_t inherited_mask(const struct keyidx *x, const struct bl_list *list,
			       const uint32_t *masks, const struct bl_entry *e)
{
	uint32_t mask = masks[e - list->entries], own = mask;
	const struct bl_entry *cur = e;
	int depth;

	if (own & BIT_XDATA) {
		const struct bl_entry *xd = parent_of(x, e, "xdata");

		if (xd && xd != e)
			mask |= masks[xd - list->entries];
	}
	for (depth = 0; (own & BIT_CROSSREF) && depth < 8; depth++) {
		uint32_t pm;

		cur = parent_of(x, cur, "crossref");
		if (!cur || cur == e)
			break;
		pm = masks[cur - list->entries];
		mask |= pm;
		if (pm & BIT_TITLE)
			mask |= BIT_BOOKTITLE;
		own = pm;
	}
	return mask;
}

static int cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return x < y ? -1 : x > y;
}

/* True when a syntax finding lies inside [start, end]. */
static bool broken(const uint32_t *errs, size_t n, uint32_t start, uint32_t end)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (errs[mid] < start)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < n && errs[lo] <= end;
}

static void check_required(struct bl_ctx *ctx, const struct keyidx *x)
{
	const struct model_req *model;
	size_t nmodel, nerr = 0, i, t, k;
	uint32_t *errs, masks[BL_ARRAY_SIZE(biblatex_model)][6];
	const uint32_t *emasks;
	bool biblatex = bl_bibtex_ctx_biblatex(ctx);

	emasks = ctx->bibtex_masks;
	model = biblatex ? biblatex_model : bibtex_model;
	nmodel = biblatex ? BL_ARRAY_SIZE(biblatex_model) : BL_ARRAY_SIZE(bibtex_model);
	for (t = 0; t < nmodel; t++)
		for (k = 0; k < 6; k++)
			masks[t][k] = model[t].need[k] ? alts_mask(model[t].need[k]) : 0;
	errs = bl_xmalloc((ctx->nfindings + 1) * sizeof(*errs));
	for (i = 0; i < ctx->nfindings; i++)
		if (ctx->findings[i].rule == BL_R_input_syntax ||
		    ctx->findings[i].rule == BL_R_bibtex_unbalanced_braces)
			errs[nerr++] = ctx->findings[i].start;
	qsort(errs, nerr, sizeof(*errs), cmp_u32);
	for (i = 0; i < ctx->list->count; i++) {
		const struct bl_entry *e = &ctx->list->entries[i];
		const struct model_req *req = NULL;
		struct bl_strbuf missing = BL_STRBUF_INIT;
		size_t nmissing = 0;
		uint32_t have;
		const uint32_t *need = NULL;

		if (!e->type.text || broken(errs, nerr, e->start, e->end))
			continue;
		for (t = 0; t < nmodel && !req; t++) {
			if (word_in(e->type.text, bl_value_len(&e->type), model[t].types)) {
				req = &model[t];
				need = masks[t];
			}
		}
		if (!req)
			continue;
		have = inherited_mask(x, ctx->list, emasks, e);
		for (k = 0; k < BL_ARRAY_SIZE(req->need) && req->need[k]; k++) {
			const char *alts = req->need[k];

			if (have & need[k])
				continue;
			if (nmissing++)
				bl_strbuf_addstr(&missing, ", ");
			bl_add_alternatives(&missing, alts);
		}
		if (nmissing)
			bl_report(ctx, BL_R_bibtex_required_fields, e, e->type.start,
				  bl_value_end(&e->type), "@%s '%s' lacks %s, required by the %s "
				  "data model", e->type.text, key_of(ctx, e), missing.buf,
				  biblatex ? "BibLaTeX" : "BibTeX");
		bl_strbuf_release(&missing);
	}
	free(errs);
}

/* The bibtex rules that read the whole file share one function, so that
 * the index of citation keys is built once: duplicate keys are found while
 * it is built. */
static void check_bibtex(struct bl_ctx *ctx)
{
	struct keyidx x;

	if (ctx->src->format != BL_FMT_BIBTEX)
		return;
	keyidx_build(&x, ctx->list,
		     bl_rule_on(ctx, BL_R_bibtex_duplicate_key) ? report_dup_key : NULL, ctx);
	check_fields(ctx, &x);
	if (bl_rule_on(ctx, BL_R_bibtex_required_fields))
		check_required(ctx, &x);
	free(x.slots);
}

const struct bl_rule bl_rule_bibtex_required_fields = {
	.id = "bibtex/required-fields",
	.severity = BL_SEV_WARNING,
	.summary = "an entry lacks a field its BibTeX or BibLaTeX type requires",
	.doc = "Each entry type of the BibTeX data model (the standard styles: "
	       "@article needs author, title, journal and year) and of the "
	       "BibLaTeX data model (its manual, section 2.1: @online needs a "
	       "date and a url, doi or eprint) has required fields; without them "
	       "the styles print an incomplete reference and BibTeX warns. A file "
	       "is read with the BibLaTeX model when it uses a type or field only "
	       "BibLaTeX has (date, journaltitle, @online...), else with BibTeX's. "
	       "The aliases journal/journaltitle, year/date, school/institution "
	       "and address/location count for each other, fields inherited "
	       "through crossref or xdata count (a parent's title as the "
	       "booktitle), and an empty field counts as missing. Entries cut "
	       "short by a syntax error are not checked.",
	.bad = "@article{smith2004, author = {Smith, John}, title = {On Parsing},\n"
	       "  year = 2004}\n",
	.good = "@article{smith2004, author = {Smith, John}, title = {On Parsing},\n"
		"  journal = {Journal of Parsing}, year = 2004}\n",
	.example_format = BL_FMT_BIBTEX,
	.check = check_bibtex,
};

/* ---- reported by the reader ------------------------------------------- */

const struct bl_rule bl_rule_bibtex_unbalanced_braces = {
	.id = "bibtex/unbalanced-braces",
	.severity = BL_SEV_ERROR,
	.summary = "braces in an entry do not balance",
	.doc = "Braces in a BibTeX value must balance. An opening brace that is "
	       "never closed makes BibTeX read the following entries as part of "
	       "the value; an extra closing brace ends the entry early, and "
	       "BibTeX silently ignores the fields after it. The reader stops a "
	       "runaway value at the next line that starts an entry, reports the "
	       "brace that opened it, and goes on from there.",
	.bad = "@book{orwell49, author = {Orwell, George}, title = {Nineteen {Eighty-Four},\n"
	       "  publisher = {Secker and Warburg}, year = 1949}\n",
	.good = "@book{orwell49, author = {Orwell, George}, title = {Nineteen {Eighty-Four}},\n"
		"  publisher = {Secker and Warburg}, year = 1949}\n",
	.example_format = BL_FMT_BIBTEX,
};

const struct bl_rule bl_rule_bibtex_undefined_string = {
	.id = "bibtex/undefined-string",
	.severity = BL_SEV_ERROR,
	.summary = "a value uses an @string macro that is not defined",
	.doc = "A bare word in a value (`journal = jgr`) names an @string macro. "
	       "When no @string defines it before its use, BibTeX warns and uses "
	       "an empty string, so the field disappears from the reference. The "
	       "month abbreviations jan to dec are predefined. Define the macro "
	       "above its first use, or write the value in braces. Macros kept in "
	       "another .bib file of the same document are reported too (biblint "
	       "reads one file at a time): disable the rule for such a file.",
	.bad = "@article{a1, author = {Lee, Ann}, title = {Tides}, journal = jgr,\n"
	       "  year = 1999}\n",
	.good = "@string{jgr = {Journal of Geophysical Research}}\n"
		"@article{a1, author = {Lee, Ann}, title = {Tides}, journal = jgr,\n"
		"  year = 1999}\n",
	.example_format = BL_FMT_BIBTEX,
};
