/*
 * pages.c - the pages rule family: the range dash, reversed and
 * abbreviated ranges, labels, stray spaces, trailing punctuation and junk
 * in page fields, and mixed dash styles across a list.
 *
 * A page value is a list of items separated by commas, semicolons or "&";
 * an item is one page or a range of two pages joined by a dash. A page is
 * a number (any number of digits: compared as digit strings), a valid
 * roman numeral (xi, XIV) or an article id holding digits (e1234, S12,
 * R551, 12a). Everything else is reported, at its exact characters when
 * the value is byte for byte the source. Reading the values is
 * pagerange.c's (pages.h).
 */
#include "bibtex.h"
#include "pages.h"

#include <string.h>

#include "../style.h"

#include "../banned.h"

/* ---- the checks ------------------------------------------------------------ */

static bool want_rule(int rule, int r, const struct bl_ctx *ctx)
{
	return (rule < 0 || rule == r) && bl_rule_on(ctx, r);
}

static void report_issue(struct bl_ctx *ctx, int rule, const struct bl_entry *e,
			 const struct bl_value *v, const struct bl_page_issue *is,
			 const char *field)
{
	struct bl_finding *f;
	uint32_t start, end;
	size_t n;
	int r;

	switch (is->kind) {
	case BL_PI_LABEL: r = BL_R_pages_label; break;
	case BL_PI_SPACE: r = BL_R_pages_stray_space; break;
	case BL_PI_TRAILING: r = BL_R_pages_trailing_punctuation; break;
	default: r = BL_R_pages_junk; break;
	}
	if (!want_rule(rule, r, ctx))
		return;
	/* a printed list prefixes its pages as its style says: pages/prefix */
	if (is->kind == BL_PI_LABEL && ctx->src->format == BL_FMT_FORMATTED)
		return;
	bl_value_subspan(v, is->off, is->len, &start, &end);
	switch (is->kind) {
	case BL_PI_LABEL:
		if (strcmp(is->what, "trailing page label") == 0) {
			const char *w = v->text + is->off;

			n = is->len;
			while (n > 0 && bl_is_space(*w))
				w++, n--;
			f = bl_report(ctx, r, e, start, end,
				      "%s ends with the label '%.*s'; the style adds it, "
				      "the field holds only the %s", field, (int)n, w,
				      strcmp(field, "page field") == 0 ? "pages" : "number");
			break;
		}
		n = is->len;
		while (n > 0 && bl_is_space(v->text[is->off + n - 1]))
			n--;
		f = bl_report(ctx, r, e, start, end,
			      "%s starts with the label '%.*s'; the style adds "
			      "it, the field holds only the pages", field,
			      (int)n, v->text + is->off);
		break;
	case BL_PI_SPACE:
		f = bl_report(ctx, r, e, start, end, "%s in the page field", is->what);
		break;
	case BL_PI_TRAILING:
		f = bl_report(ctx, r, e, start, end,
			      "page field ends with '%.*s'; the pages end with the "
			      "last page", (int)is->len, v->text + is->off);
		break;
	default:
		/* biblatex commands (\psqq, \bibstring{...}) are BibTeX's own */
		if (ctx->src->format == BL_FMT_BIBTEX && v->text[is->off] == '\\')
			return;
		if (strcmp(is->what, "unexpected text") != 0) {
			bl_report(ctx, r, e, start, end,
				  "%s in the page field; a range is 12%s17",
				  is->what, "\xe2\x80\x93");
			return;
		}
		f = bl_report(ctx, r, e, start, end,
			      "'%.*s' is not a page, a page range or an article number; "
			      "expected pages such as 12%s17, xi%sxv or e1234",
			      (int)is->len, v->text + is->off, "\xe2\x80\x93",
			      "\xe2\x80\x93");
		return;
	}
	bl_finding_fix_value(ctx, f, v, is->off, is->len, is->repl,
			     strlen(is->repl), true);
}

/* biber parses range fields itself: in a BibLaTeX file a hyphen or an en
 * dash between pages is as good as "--". */
static bool biber_reads(struct bl_ctx *ctx, enum bl_dash d)
{
	if (ctx->src->format != BL_FMT_BIBTEX || !ctx->list ||
	    (d != BL_DASH_HYPHEN && d != BL_DASH_EN))
		return false;
	return bl_bibtex_ctx_biblatex(ctx);
}

static void report_range(struct bl_ctx *ctx, int rule, const struct bl_entry *e,
			 const struct bl_value *v, const struct bl_page_range *r,
			 const char *want, enum bl_dash want_dash)
{
	const char *s = v->text;
	struct bl_finding *f;
	uint32_t start, end;
	char full[64];
	size_t n;

	if (r->last.kind == BL_PTOK_NONE)
		return;
	if (want && want_rule(rule, BL_R_pages_range_dash, ctx) &&
	    !(r->dash_len == strlen(want) && memcmp(s + r->dash_off, want, r->dash_len) == 0) &&
	    !biber_reads(ctx, r->dash)) {
		bl_value_subspan(v, r->dash_off, r->dash_len, &start, &end);
		f = bl_report(ctx, BL_R_pages_range_dash, e, start, end,
			      "page range uses %s; %s wants %s",
			      bl_dash_describe(r->dash),
			      ctx->src->format == BL_FMT_BIBTEX ? "BibTeX" : "the style",
			      want_dash != BL_DASH_NONE ? bl_dash_describe(want_dash) : want);
		bl_finding_fix_value(ctx, f, v, r->dash_off, r->dash_len, want,
				     strlen(want), true);
	}
	switch (bl_page_range_order(r, s)) {
	case BL_RANGE_REVERSED:
		if (!want_rule(rule, BL_R_pages_reversed_range, ctx))
			break;
		bl_value_subspan(v, r->first.off, r->last.off + r->last.len - r->first.off,
				 &start, &end);
		bl_report(ctx, BL_R_pages_reversed_range, e, start, end,
			  "page range %.*s ends before it starts; the last page must "
			  "not be lower than the first",
			  (int)(r->last.off + r->last.len - r->first.off), s + r->first.off);
		break;
	case BL_RANGE_ABBREVIATED:
		if (!want_rule(rule, BL_R_pages_abbreviated_range, ctx))
			break;
		/* a printed list abbreviates as its style says (or may) */
		if (ctx->src->format == BL_FMT_FORMATTED &&
		    (!ctx->style || ctx->style->range_format != BL_RANGE_EXPANDED))
			break;
		n = bl_page_range_expand(r, s, full, sizeof(full));
		bl_value_subspan(v, r->last.num_off, r->last.num_len, &start, &end);
		if (!n) {
			bl_report(ctx, BL_R_pages_abbreviated_range, e, start, end,
				  "abbreviated page range; write the last page in full");
			break;
		}
		f = bl_report(ctx, BL_R_pages_abbreviated_range, e, start, end,
			      "abbreviated page range: the last page '%.*s' stands for "
			      "%s; write it in full (the style abbreviates when it "
			      "wants to)", (int)r->last.num_len, s + r->last.num_off, full);
		bl_finding_fix_value(ctx, f, v, r->last.num_off, r->last.num_len, full,
				     n, false);
		break;
	default:
		break;
	}
}

void bl_pages_check_value(struct bl_ctx *ctx, int rule, const struct bl_entry *e,
			  const struct bl_value *v, const char *want)
{
	struct bl_pages p;
	enum bl_dash want_dash = bl_dash_of(want);
	size_t i;

	if (!v->text || !bl_value_len(v))
		return;
	bl_pages_parse(&p, v->text, bl_value_len(v));
	for (i = 0; i < p.nissues; i++)
		report_issue(ctx, rule, e, v, &p.issues[i], "page field");
	for (i = 0; i < p.nranges; i++)
		report_range(ctx, rule, e, v, &p.ranges[i], want, want_dash);
}

/* Calls fn for every page value of the list. */
static void each_page(struct bl_ctx *ctx,
		      void (*fn)(struct bl_ctx *, const struct bl_entry *,
				 const struct bl_value *, void *),
		      void *arg)
{
	size_t i;
	uint32_t k;

	for (i = 0; i < ctx->list->count; i++) {
		const struct bl_entry *e = &ctx->list->entries[i];

		for (k = 0; k < e->nfields; k++) {
			const struct bl_field *f = &e->fields[k];

			if (f->key == BL_K_PAGE && f->kind == BL_FIELD_TEXT &&
			    f->value.text)
				fn(ctx, e, &f->value, arg);
		}
	}
}

static void check_values(struct bl_ctx *ctx)
{
	const char *want = bl_wanted_range_dash(ctx);
	/* number-of-pages holds a count: "573 p." carries a label too */
	bool totals = bl_rule_on(ctx, BL_R_pages_label) &&
		      ctx->src->format != BL_FMT_FORMATTED;
	size_t i, k;
	uint32_t j;

	/* one pass over the fields for both */
	for (i = 0; i < ctx->list->count; i++) {
		const struct bl_entry *e = &ctx->list->entries[i];

		for (j = 0; j < e->nfields; j++) {
			const struct bl_field *f = &e->fields[j];
			struct bl_pages p;

			if (f->kind != BL_FIELD_TEXT || !f->value.text)
				continue;
			if (f->key == BL_K_PAGE) {
				bl_pages_check_value(ctx, -1, e, &f->value, want);
				continue;
			}
			if (f->key != BL_K_NUMBER_OF_PAGES || !totals)
				continue;
			bl_pages_parse(&p, f->value.text, bl_value_len(&f->value));
			for (k = 0; k < p.nissues; k++)
				if (p.issues[k].kind == BL_PI_LABEL)
					report_issue(ctx, BL_R_pages_label, e, &f->value,
						     &p.issues[k], "number-of-pages");
		}
	}
}

/* ---- mixed dashes across the list ----------------------------------------- */

struct dash_census {
	size_t count[BL_DASH__COUNT];   /* entries whose first range uses it */
	size_t total;
	const struct bl_entry *last;
	enum bl_dash majority;
};

static void count_dash(struct bl_ctx *ctx, const struct bl_entry *e,
		       const struct bl_value *v, void *arg)
{
	struct dash_census *c = arg;
	struct bl_pages p;
	size_t i;

	(void)ctx;
	if (c->last == e)
		return;
	bl_pages_parse(&p, v->text, bl_value_len(v));
	for (i = 0; i < p.nranges; i++) {
		if (p.ranges[i].dash != BL_DASH_NONE) {
			c->count[p.ranges[i].dash]++;
			c->total++;
			c->last = e;
			return;
		}
	}
}

static void report_mixed(struct bl_ctx *ctx, const struct bl_entry *e,
			 const struct bl_value *v, void *arg)
{
	struct dash_census *c = arg;
	const char *want = bl_dash_text(c->majority);
	struct bl_pages p;
	size_t i;

	bl_pages_parse(&p, v->text, bl_value_len(v));
	for (i = 0; i < p.nranges; i++) {
		const struct bl_page_range *r = &p.ranges[i];
		struct bl_finding *f;
		uint32_t start, end;

		if (r->dash == BL_DASH_NONE || r->dash == c->majority)
			continue;
		bl_value_subspan(v, r->dash_off, r->dash_len, &start, &end);
		f = bl_report(ctx, BL_R_pages_mixed_dash, e, start, end,
			      "page range uses %s while %zu of %zu entries use %s",
			      bl_dash_describe(r->dash), c->count[c->majority], c->total,
			      bl_dash_describe(c->majority));
		bl_finding_fix_value(ctx, f, v, r->dash_off, r->dash_len, want,
				     strlen(want), true);
	}
}

static void check_mixed(struct bl_ctx *ctx)
{
	struct dash_census c;
	size_t d, second = 0;

	if (bl_wanted_range_dash(ctx))
		return;     /* the style or format decides: pages/range-dash */
	memset(&c, 0, sizeof(c));
	each_page(ctx, count_dash, &c);
	for (d = 1; d < BL_DASH__COUNT; d++) {
		if (c.count[d] > c.count[c.majority]) {
			second = c.count[c.majority];
			c.majority = (enum bl_dash)d;
		} else if (c.count[d] > second) {
			second = c.count[d];
		}
	}
	/* no convention to hold the others to when the top is tied */
	if (c.majority == BL_DASH_NONE || c.count[c.majority] == c.total ||
	    c.count[c.majority] == second)
		return;
	each_page(ctx, report_mixed, &c);
}

/* ---- the rules ----------------------------------------------------------- */

const struct bl_rule bl_rule_pages_abbreviated_range = {
	.id = "pages/abbreviated-range",
	.severity = BL_SEV_WARNING,
	.summary = "a page range whose last page is abbreviated (295–46, 1234–56)",
	.doc = "The last page of a range has fewer digits than the first, as in "
	       "`1234–56` or `295–46`. Reference data should hold both pages in full; "
	       "a style that prints abbreviated ranges abbreviates them itself, and "
	       "readers and databases cannot tell `295–46` from a typing error. The "
	       "fix writes the last page in full (`1234–1256`, `295–346`, carrying "
	       "over when the kept digits would make the range run backwards) and is "
	       "not applied by --fix, because the abbreviation may hide a mistake. "
	       "Article numbers with a shared prefix (`R583–6`) are read the same way; "
	       "roman numerals are never abbreviated. In a printed list, only a "
	       "style that prints ranges in full (`range-format: expanded`) has "
	       "abbreviations reported.",
	.bad = "- id: a\n  page: 1234\xe2\x80\x93" "56\n",
	.good = "- id: a\n  page: 1234\xe2\x80\x93" "1256\n",
	.fixable = true,
	.check = check_values,
};

const struct bl_rule bl_rule_pages_junk = {
	.id = "pages/junk",
	.severity = BL_SEV_WARNING,
	.summary = "text in a page field that is not a page, a range or an article number",
	.doc = "A page field holds pages (`12`), ranges (`12–17`), lists of them "
	       "separated by commas (`12–17, 19`), roman numerals (`xi–xv`) and article "
	       "numbers or ids with digits (`e1234`, `S12–S17`). Other text (`passim`, "
	       "`XXXX–YYYY`, `12 (suppl.)`, a dash with no second page) is reported "
	       "where it starts. No automatic fix: only the author knows what was meant.",
	.bad = "- id: a\n  page: 12 (suppl.)\n",
	.good = "- id: a\n  page: S12\n",
	.check = check_values,
};

const struct bl_rule bl_rule_pages_label = {
	.id = "pages/label",
	.severity = BL_SEV_WARNING,
	.summary = "a page field that starts with a label such as \"pp.\"",
	.doc = "The page field holds only the pages; the style prints `p.`, `pp.`, "
	       "`S.` or `с.` where it wants them, so a label in the data is printed "
	       "twice or in the wrong language. Reported for `p`, `pp`, `pg`, `pgs`, "
	       "`page`, `pages` (with a period or a space), `S.`, `с.`, `С.`, `стр` "
	       "before a page, and for such a label after the last page (`12–17 pp.`) "
	       "and after a count in number-of-pages (`573 p.`). The safe fix "
	       "removes the label and the space beside it.",
	.bad = "- id: a\n  page: pp. 12\xe2\x80\x93" "17\n",
	.good = "- id: a\n  page: 12\xe2\x80\x93" "17\n",
	.fixable = true,
	.check = check_values,
};

const struct bl_rule bl_rule_pages_mixed_dash = {
	.id = "pages/mixed-dash",
	.severity = BL_SEV_WARNING,
	.summary = "page ranges of one list use different dashes",
	.doc = "When neither the style nor the format says which dash joins a page "
	       "range, the list's own majority decides: the entries whose ranges use "
	       "another dash are reported, naming the majority (\"3 of 4 entries use "
	       "an en dash\"). Each entry counts once, by the dash of its first range. "
	       "A tie reports nothing. With a style that sets the dash (the default "
	       "style wants an en dash) or in BibTeX (which wants `--`), "
	       "pages/range-dash reports instead. The safe fix puts the majority's dash.",
	.bad = "- id: a\n  page: 1\xe2\x80\x93" "2\n- id: b\n  page: 3\xe2\x80\x93" "4\n"
	       "- id: c\n  page: 5-6\n",
	.good = "- id: a\n  page: 1\xe2\x80\x93" "2\n- id: b\n  page: 3\xe2\x80\x93" "4\n"
		"- id: c\n  page: 5\xe2\x80\x93" "6\n",
	.example_style = "tests/styles/open-dash.yml",
	.fixable = true,
	.check = check_mixed,
};

const struct bl_rule bl_rule_pages_range_dash = {
	.id = "pages/range-dash",
	.severity = BL_SEV_ERROR,
	.summary = "a page range joined by another dash than the one wanted",
	.doc = "In CSL data and printed lists the two pages of a range are joined by "
	       "the style's range dash, an en dash (–) unless the style says "
	       "otherwise; in BibTeX the separator is `--`, which TeX prints as an en "
	       "dash. A hyphen, `--` outside BibTeX, an em dash, a figure dash, a minus "
	       "sign or a Unicode hyphen is reported at the dash, and the safe fix "
	       "replaces just that dash. Spaces around the dash are pages/stray-space. "
	       "When the style leaves the dash open, pages/mixed-dash holds the list to "
	       "its own majority instead. In a BibLaTeX file (one that uses "
	       "BibLaTeX-only types or fields) a hyphen or an en dash is accepted "
	       "too, because biber reads range fields itself.",
	.bad = "- id: a\n  page: 295-346\n",
	.good = "- id: a\n  page: 295\xe2\x80\x93" "346\n",
	.fixable = true,
	.check = check_values,
};

const struct bl_rule bl_rule_pages_reversed_range = {
	.id = "pages/reversed-range",
	.severity = BL_SEV_ERROR,
	.summary = "a page range whose last page is lower than its first",
	.doc = "The last page of a range is lower than the first (`346–295`, "
	       "`xv–xi`, `S17–S12`), with the last page written in full: a range with "
	       "a shorter last page is pages/abbreviated-range. Pages are compared as "
	       "digit strings, so page numbers of any length work. Ranges whose ends "
	       "are of different kinds (`xi–12`) are not compared. No fix: the pages "
	       "may be swapped or one of them mistyped.",
	.bad = "- id: a\n  page: 346\xe2\x80\x93" "295\n",
	.good = "- id: a\n  page: 295\xe2\x80\x93" "346\n",
	.check = check_values,
};

const struct bl_rule bl_rule_pages_stray_space = {
	.id = "pages/stray-space",
	.severity = BL_SEV_WARNING,
	.summary = "white space around a range dash or before a comma in a page field",
	.doc = "Spaces around the dash of a range (`12 – 17`) and before a comma or "
	       "a final period are reported one by one; a space after a comma is "
	       "normal. A style that wants spaced dashes adds them when printing. "
	       "Spaces at the start or end of the value and doubled spaces are "
	       "text/whitespace. The safe fix removes the space.",
	.bad = "- id: a\n  page: 12 \xe2\x80\x93" "17\n",
	.good = "- id: a\n  page: 12\xe2\x80\x93" "17\n",
	.fixable = true,
	.check = check_values,
};

const struct bl_rule bl_rule_pages_trailing_punctuation = {
	.id = "pages/trailing-punctuation",
	.severity = BL_SEV_WARNING,
	.summary = "a page field that ends with a period, comma or other punctuation",
	.doc = "A final `.`, `,`, `;` or `:` after the last page is punctuation of a "
	       "printed reference copied into the data; the style adds its own. The "
	       "safe fix removes it.",
	.bad = "- id: a\n  page: 12\xe2\x80\x93" "17.\n",
	.good = "- id: a\n  page: 12\xe2\x80\x93" "17\n",
	.fixable = true,
	.check = check_values,
};
