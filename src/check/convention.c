/*
 * convention.c - how a printed reference presents its pages and its DOI:
 * the prefix before a page range or a single page (`pp. 295–346`,
 * `P. 12–17`, `С. 45–91`), the form of a page count (`573 p.`, `418 с.`),
 * and the DOI form (`10.1080/…`, `DOI 10.1080/…`, `https://doi.org/10.1080/…`).
 *
 * These exist only in printed text: entries of a formatted list, and
 * references given as strings in a YAML list (entry->raw_text). Fields of
 * CSL or BibTeX data hold bare pages and DOIs; a label inside them is
 * pages/label or doi/label-prefix.
 *
 * What is expected comes from the style; where the style leaves a choice
 * open, from the list's own majority (check/majority.h), counted
 * separately for Latin-script and Cyrillic entries, since a Russian list
 * writes `С.` for its Russian entries and `P.` for the others.
 */
#include "../style.h"
#include "common.h"
#include "majority.h"

#include <stdlib.h>
#include <string.h>

#include "../banned.h"

enum kind { K_RANGE, K_PAGE, K_TOTAL, K_DOI, K__COUNT };

/* One prefix, page-count word or DOI form found in a reference. */
struct occ {
	const struct bl_entry *e;
	const struct bl_value *v;
	enum kind kind;
	bool latin;
	const char *form;          /* static string: the prefix as written */
	size_t off, len;           /* the form's bytes in v->text */
	const char *sample;        /* what follows, for messages (arena) */
	bool odd;                  /* a garbled form: its fix is not safe */
};

struct scan {
	struct bl_ctx *ctx;
	struct occ *occ;
	size_t n, cap;
};

/* Page prefixes, longest first. `initial` marks one capital letter and a
 * period, which may also be an author's initial ("Smith, P. 2009."): it
 * counts before a range, or before a number that is not a year. */
static const struct {
	const char *text;
	bool initial;
} page_words[] = {
	{ "pp.", false }, { "Pp.", false }, { "PP.", false },
	{ "\xd0\xa1\xd1\x82\xd1\x80.", false },       /* Стр. */
	{ "\xd1\x81\xd1\x82\xd1\x80.", false },       /* стр. */
	{ "p.", false }, { "P.", true }, { "S.", true }, { "s.", false },
	{ "\xd0\xa1.", true },                        /* С. */
	{ "\xd1\x81.", false },                       /* с. */
};

/* Words after a page count. */
static const char *const total_words[] = {
	"pp.", "p.", "S.", "s.", "pages",
	"\xd1\x81\xd1\x82\xd1\x80.",                  /* стр. */
	"\xd1\x81.",                                  /* с. */
};

/* DOI forms, longest first; "" is a bare DOI. */
static const char *const doi_forms[] = {
	"https://dx.doi.org/", "http://dx.doi.org/", "https://doi.org/",
	"http://doi.org/", "dx.doi.org/", "doi.org/", "DOI: ", "doi: ", "DOI:",
	"doi:", "DOI ", "doi ", "",
};

/* Pieces of DOI forms that may be found doubled or split before a DOI
 * ("DOI: https://doi.org/ 10.1520/…"). */
static const char *const doi_pieces[] = {
	"https://dx.doi.org/", "http://dx.doi.org/", "https://doi.org/",
	"http://doi.org/", "dx.doi.org/", "doi.org/", "https://", "http://",
	"DOI:", "doi:", "DOI", "doi",
};

/* ---- reading the text ------------------------------------------------ */

static bool is_letter_cp(int32_t cp)
{
	return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') ||
	       (cp >= 0xC0 && cp <= 0x24F && cp != 0xD7 && cp != 0xF7) ||
	       (cp >= 0x400 && cp <= 0x52F);
}

/* Whether the code point before s[i] is a letter or a digit. */
static bool word_before(const char *s, size_t i)
{
	size_t j = i;
	int32_t cp;

	if (i == 0)
		return false;
	if ((unsigned char)s[i - 1] < 0x80)
		return bl_is_alpha(s[i - 1]) || bl_is_digit(s[i - 1]);
	while (j > 0 && ((unsigned char)s[j - 1] & 0xC0) == 0x80)
		j--;
	if (j > 0)
		j--;
	if (bl_utf8_decode(s + j, i - j, &cp) < 0)
		return false;
	return is_letter_cp(cp);
}

/* Whether a letter starts at s[i]. */
static bool letter_at(const char *s, size_t n, size_t i)
{
	int32_t cp;

	if (i >= n || bl_utf8_decode(s + i, n - i, &cp) < 1)
		return false;
	return is_letter_cp(cp);
}

/* Spaces between a prefix and a number: ASCII space, no-break space,
 * thin and narrow no-break spaces. Returns the bytes skipped. */
static size_t skip_space(const char *s, size_t n, size_t i)
{
	size_t j = i;

	for (;;) {
		if (j < n && s[j] == ' ')
			j++;
		else if (j + 1 < n && (unsigned char)s[j] == 0xC2 && (unsigned char)s[j + 1] == 0xA0)
			j += 2;
		else if (j + 2 < n && (unsigned char)s[j] == 0xE2 && (unsigned char)s[j + 1] == 0x80 &&
			 ((unsigned char)s[j + 2] == 0x89 || (unsigned char)s[j + 2] == 0xAF))
			j += 3;
		else
			return j - i;
	}
}

static size_t digits(const char *s, size_t n, size_t i)
{
	size_t j = i;

	while (j < n && bl_is_digit(s[j]))
		j++;
	return j - i;
}

static bool latin_script(const char *s, size_t n)
{
	size_t i = 0, latin = 0, cyr = 0;
	int32_t cp;
	int k;

	while (i < n) {
		k = bl_utf8_decode(s + i, n - i, &cp);
		if (k < 1) {
			i++;
			continue;
		}
		if (cp >= 0x400 && cp <= 0x52F)
			cyr++;
		else if (is_letter_cp(cp))
			latin++;
		i += (size_t)k;
	}
	return latin >= cyr;
}

static void add(struct scan *sc, const struct bl_entry *e, const struct bl_value *v,
		enum kind kind, bool latin, const char *form, size_t off, size_t len,
		const char *sample, size_t sample_len)
{
	struct occ *o;

	BL_GROW(sc->occ, sc->n + 1, sc->cap);
	o = &sc->occ[sc->n++];
	o->e = e;
	o->v = v;
	o->kind = kind;
	o->latin = latin;
	o->form = form;
	o->off = off;
	o->len = len;
	o->sample = bl_arena_strndup(&sc->ctx->src->arena, sample, sample_len);
	o->odd = false;
}

static void scan_pages(struct scan *sc, const struct bl_entry *e,
		       const struct bl_value *v, bool latin)
{
	const char *s = v->text;
	size_t n = bl_value_len(v), i, w, sp, d1, dl, d2;

	for (i = 0; i < n; i++) {
		if (word_before(s, i))
			continue;
		/* a prefix, then a page or a range */
		for (w = 0; w < BL_ARRAY_SIZE(page_words); w++) {
			size_t wl = strlen(page_words[w].text);
			bool range = false;

			if (i + wl > n || memcmp(s + i, page_words[w].text, wl) != 0)
				continue;
			/* "pp.63" is read too, but not "P.63", which may be an initial */
			sp = skip_space(s, n, i + wl);
			d1 = sp || !page_words[w].initial ? digits(s, n, i + wl + sp) : 0;
			if (!d1)
				break;
			d2 = 0;
			dl = 0;
			if (i + wl + sp + d1 < n) {
				/* the dash, maybe with spaces around it: "139 – 149" */
				size_t at = i + wl + sp + d1, pre = skip_space(s, n, at), post = 0;

				bl_dash_at(s + at + pre, n - (at + pre), &dl);
				if (dl) {
					post = skip_space(s, n, at + pre + dl);
					d2 = digits(s, n, at + pre + dl + post);
					dl += pre + post;
				} else if (pre) {
					/* "pp. 790 791": a range whose dash was lost */
					d2 = digits(s, n, at + pre);
					dl = pre;
				}
				range = d2 > 0;
			}
			if (page_words[w].initial && !range && d1 == 4)
				break;      /* "Smith, P. 2009." */
			{
				size_t after = i + wl + sp + d1 + (range ? dl + d2 : 0);

				if (letter_at(s, n, after))
					break;      /* "Zevyakin A.S. 241Am": not a page */
			}
			if (!range && (page_words[w].text[1] == 'p' || page_words[w].text[1] == 'P'))
				break;      /* "pp. 211250": a range that lost its dash */
			add(sc, e, v, range ? K_RANGE : K_PAGE, latin, page_words[w].text, i, wl,
			    s + i + wl + sp, d1 + (range ? dl + d2 : 0));
			i += wl - 1;
			break;
		}
		/* a page count: digits, a space, a word; not the end of a range */
		if (bl_is_digit(s[i]) && !(i > 0 && (bl_is_digit(s[i - 1]) || s[i - 1] == '.' ||
						     s[i - 1] == '-')) &&
		    !(i >= 3 && memcmp(s + i - 3, "\xe2\x80\x93", 3) == 0)) {
			size_t dn = digits(s, n, i);
			size_t gap = skip_space(s, n, i + dn);

			if (gap == 0) {
				i += dn - 1;
				continue;
			}
			for (w = 0; w < BL_ARRAY_SIZE(total_words); w++) {
				size_t wl = strlen(total_words[w]), at = i + dn + gap;

				if (at + wl > n || memcmp(s + at, total_words[w], wl) != 0)
					continue;
				/* "pages" must end there; "p." ends with its period */
				if (total_words[w][wl - 1] != '.' && letter_at(s, n, at + wl))
					continue;
				/* "16222 pp. 2166": the word is the next page's prefix */
				if (bl_is_digit(s[at + wl + skip_space(s, n, at + wl)]))
					continue;
				add(sc, e, v, K_TOTAL, latin, total_words[w], at, wl, s + i, dn);
				break;
			}
			i += dn - 1;
		}
	}
}

/* Adds a DOI whose form starts at st: widened over any further pieces of
 * DOI forms before it, which make it a garbled form of its own. */
static void add_doi(struct scan *sc, const struct bl_entry *e, const struct bl_value *v,
		    bool latin, const char *form, size_t st, size_t doi, size_t end)
{
	const char *s = v->text;
	size_t first = st, p, k;
	int rounds;

	for (rounds = 0; rounds < 4; rounds++) {
		bool found = false;

		p = first;
		while (p > 0 && s[p - 1] == ' ')
			p--;
		for (k = 0; k < BL_ARRAY_SIZE(doi_pieces) && !found; k++) {
			size_t pl = strlen(doi_pieces[k]);

			if (pl <= p && memcmp(s + p - pl, doi_pieces[k], pl) == 0 &&
			    !word_before(s, p - pl)) {
				first = p - pl;
				found = true;
			}
		}
		if (!found)
			break;
	}
	if (first == st) {
		add(sc, e, v, K_DOI, latin, form, st, doi - st, s + doi, end + 1 - doi);
		return;
	}
	add(sc, e, v, K_DOI, latin,
	    bl_arena_strndup(&sc->ctx->src->arena, s + first, doi - first), first,
	    doi - first, s + doi, end + 1 - doi);
	sc->occ[sc->n - 1].odd = true;
}

static void scan_dois(struct scan *sc, const struct bl_entry *e, const struct bl_value *v,
		      bool latin)
{
	const char *s = v->text;
	size_t n = bl_value_len(v), i, f;

	for (i = 0; i + 3 < n; i++) {
		size_t reg, end;

		if (memcmp(s + i, "10.", 3) != 0 || word_before(s, i))
			continue;
		reg = digits(s, n, i + 3);
		end = i + 3 + reg;
		if (reg < 4 || reg > 9)
			continue;
		while (end + 1 < n && s[end] == '.' && bl_is_digit(s[end + 1]))
			end += 1 + digits(s, n, end + 1);
		if (end >= n || s[end] != '/')
			continue;
		for (f = 0; f < BL_ARRAY_SIZE(doi_forms); f++) {
			size_t fl = strlen(doi_forms[f]);

			if (fl > i || memcmp(s + i - fl, doi_forms[f], fl) != 0)
				continue;
			if (fl && word_before(s, i - fl))
				continue;       /* "xdoi:", "http://publisher/doi.org/" */
			if (!fl && i > 0 && s[i - 1] == '/')
				break;          /* part of some other URL */
			add_doi(sc, e, v, latin, doi_forms[f], i - fl, i, end);
			break;
		}
		i = end;
	}
}

/* The printed text of an entry: the field that holds raw_text, when the
 * reader kept one (then positions inside it are exact), else the text over
 * the entry's whole span. */
static const struct bl_value *printed(struct bl_ctx *ctx, const struct bl_entry *e)
{
	struct bl_value *v;
	uint32_t i;

	if (!e->raw_text)
		return NULL;
	for (i = 0; i < e->nfields; i++)
		if (e->fields[i].value.text == e->raw_text)
			return &e->fields[i].value;
	v = bl_arena_alloc(&ctx->src->arena, sizeof(*v));
	*v = bl_value_with_map(ctx->src, e->raw_text, strlen(e->raw_text), e->start,
			       e->end, NULL);
	return v;
}

/* ---- what is wanted -------------------------------------------------- */

static const char *style_wants(const struct bl_style *st, enum kind k, bool latin)
{
	switch (k) {
	case K_RANGE:
		return latin && st->range_prefix_latin ? st->range_prefix_latin : st->range_prefix;
	case K_PAGE:
		return latin && st->page_prefix_latin ? st->page_prefix_latin : st->page_prefix;
	case K_TOTAL:
		return latin && st->total_pages_latin ? st->total_pages_latin : st->total_pages;
	case K_DOI:
		switch (st->doi_form) {
		case BL_DOI_BARE: return "";
		case BL_DOI_URL: return "https://doi.org/";
		case BL_DOI_LABEL: return st->doi_label ? st->doi_label : "DOI ";
		case BL_DOI_ANY: return NULL;
		}
		return NULL;
	case K__COUNT:
		break;
	}
	return NULL;
}

static const char *show(struct bl_ctx *ctx, enum kind k, const char *form,
			const char *sample)
{
	struct bl_arena *a = &ctx->src->arena;

	switch (k) {
	case K_RANGE:
	case K_PAGE:
		return *form ? bl_arena_printf(a, "`%s %s`", form, sample)
			     : bl_arena_printf(a, "`%s` with no prefix", sample);
	case K_TOTAL:
		return bl_arena_printf(a, "`%s %s`", sample, form);
	case K_DOI:
		return *form ? bl_arena_printf(a, "`%s10…`", form) : "a bare `10…`";
	case K__COUNT:
		break;
	}
	return "";
}

static const char *const what[K__COUNT] = {
	"page range", "page", "page count", "DOI",
};

static void report(struct bl_ctx *ctx, const struct occ *o, const char *want,
		   const char *because)
{
	struct bl_finding *f;
	int rule = o->kind == K_DOI ? BL_R_doi_presentation
		 : o->kind == K_TOTAL ? BL_R_pages_total_form : BL_R_pages_prefix;
	uint32_t start, end;
	size_t off = o->off, len = o->len;
	char repl[64];

	if (o->kind == K_TOTAL) {
		/* "418 с." -> "418 p.": the word and the space before it */
		snprintf(repl, sizeof(repl), "%s", want);
	} else if (!*want && o->kind != K_DOI) {
		/* no prefix wanted: drop it and the space after it */
		len += skip_space(o->v->text, bl_value_len(o->v), off + len);
		repl[0] = '\0';
	} else {
		snprintf(repl, sizeof(repl), "%s", want);
	}
	bl_value_subspan(o->v, o->off, o->len ? o->len : strlen(o->sample), &start, &end);
	f = bl_report(ctx, rule, o->e, start, end, "%s written %s; %s", what[o->kind],
		      show(ctx, o->kind, o->form, o->sample), because);
	bl_finding_fix_value(ctx, f, o->v, off, len, repl, strlen(repl), !o->odd);
}

static void judge(struct bl_ctx *ctx, struct scan *sc, enum kind k, bool latin)
{
	const struct bl_style *st = ctx->style;
	const char *want = style_wants(st, k, latin), *because;
	struct bl_majority m;
	const struct bl_entry *last = NULL;
	size_t i;
	int win;

	if (want) {
		bool split = k != K_DOI && (st->range_prefix_latin || st->page_prefix_latin ||
					    st->total_pages_latin);
		const char *where = !split ? "" : latin ? " in Latin-script entries"
						       : " in Cyrillic entries";

		for (i = 0; i < sc->n; i++) {
			const struct occ *o = &sc->occ[i];

			if (o->kind != k || o->latin != latin || strcmp(o->form, want) == 0)
				continue;
			because = bl_arena_printf(&ctx->src->arena, "the style '%s' wants %s%s",
						  st->name, show(ctx, k, want, o->sample), where);
			report(ctx, o, want, because);
		}
		return;
	}
	bl_majority_init(&m);
	for (i = 0; i < sc->n; i++) {
		const struct occ *o = &sc->occ[i];

		if (o->kind != k || o->latin != latin || o->e == last)
			continue;
		last = o->e;     /* each entry counts once, by its first form */
		bl_majority_add(&m, o->form);
	}
	win = bl_majority_winner(&m);
	if (win < 0 || m.count[win] == m.total)
		return;
	for (i = 0; i < sc->n; i++) {
		const struct occ *o = &sc->occ[i];
		const char *label;

		if (o->kind != k || o->latin != latin || strcmp(o->form, m.forms[win]) == 0)
			continue;
		label = k == K_DOI ? (*m.forms[win] ? bl_arena_printf(&ctx->src->arena,
								     "`%s…`", m.forms[win])
						    : "bare (`10.…`)")
		      : k == K_TOTAL ? bl_arena_printf(&ctx->src->arena, "`N %s`", m.forms[win])
		      : *m.forms[win] ? bl_arena_printf(&ctx->src->arena, "`%s`", m.forms[win])
				      : "no prefix";
		because = bl_majority_describe(ctx, &m, win,
					       k == K_DOI ? "write DOIs as"
					       : k == K_TOTAL ? "write page counts as"
					       : k == K_RANGE ? "write page ranges with"
							      : "write single pages with",
					       label);
		report(ctx, o, m.forms[win], because);
	}
}

static void check_printed(struct bl_ctx *ctx)
{
	struct scan sc = { .ctx = ctx };
	size_t i;
	int k;

	for (i = 0; i < ctx->list->count; i++) {
		const struct bl_entry *e = &ctx->list->entries[i];
		const struct bl_value *v = printed(ctx, e);
		bool latin;

		if (!v || !v->text)
			continue;
		latin = latin_script(v->text, bl_value_len(v));
		if (bl_rule_on(ctx, BL_R_pages_prefix) || bl_rule_on(ctx, BL_R_pages_total_form))
			scan_pages(&sc, e, v, latin);
		if (bl_rule_on(ctx, BL_R_doi_presentation))
			scan_dois(&sc, e, v, latin);
	}
	for (k = 0; k < K__COUNT; k++) {
		judge(ctx, &sc, (enum kind)k, true);
		judge(ctx, &sc, (enum kind)k, false);
	}
	free(sc.occ);
}

/* ---- the rules ------------------------------------------------------- */

const struct bl_rule bl_rule_doi_presentation = {
	.id = "doi/presentation",
	.severity = BL_SEV_WARNING,
	.summary = "a printed reference presents its DOI in another form than the list's",
	.doc = "In a printed reference a DOI is written bare (`10.1080/…`), after a "
	       "label (`DOI 10.1080/…`), or as a URL (`https://doi.org/10.1080/…`). "
	       "The style says which (APA and Chicago want the URL; Quaestio Rossica "
	       "prints `DOI 10…`); a style that leaves it open holds the list to its "
	       "own majority, and a tie reports nothing. Each DOI in another form is "
	       "reported at its prefix, and the safe fix writes the wanted one. Only "
	       "printed references are checked (formatted lists, and references "
	       "given as strings); a DOI field of CSL or BibTeX data holds the bare "
	       "DOI (see doi/url-prefix and doi/label-prefix).",
	.bad = "- \"Carley, M. J. (2006). A Soviet Eye on France. In Diplomacy & "
	       "Statecraft. Vol. 17. No. 2, pp. 295\xe2\x80\x93" "346. "
	       "doi:10.1080/09592290600695292\"\n",
	.good = "- \"Carley, M. J. (2006). A Soviet Eye on France. In Diplomacy & "
		"Statecraft. Vol. 17. No. 2, pp. 295\xe2\x80\x93" "346. "
		"DOI 10.1080/09592290600695292\"\n",
	.example_style = "quaestio-rossica",
	.fixable = true,
	.check = check_printed,
};

const struct bl_rule bl_rule_pages_prefix = {
	.id = "pages/prefix",
	.severity = BL_SEV_WARNING,
	.summary = "a printed page or page range has another prefix than the list's",
	.doc = "Printed references put a prefix before pages: `pp. 295–346` and "
	       "`p. 12` in many English lists, a single letter in GOST lists "
	       "(`С. 45–91` in Russian entries, `P. 12–17` in others), none at all in "
	       "Chicago's reference list. The style says which, separately for "
	       "ranges and single pages (and, for GOST, for Latin-script entries); "
	       "where it leaves them open, the list's majority decides, counted "
	       "apart for Cyrillic and Latin entries, and a tie reports nothing. A "
	       "range or page printed without any prefix is not reported (APA, for "
	       "one, prints `pp.` only for chapters). One capital letter and a period "
	       "before a four-digit number is taken for an author's initial and a "
	       "year, not a prefix. The safe fix writes the wanted prefix. Page "
	       "fields of CSL or BibTeX data hold no prefix at all (pages/label).",
	.bad = "- \"Isserson, G. S. (1988). Sud\xe2\x80\x99" "ba polkovodtsa. In Druzhba "
	       "narodov. No. 5, P. 179\xe2\x80\x93" "192.\"\n",
	.good = "- \"Isserson, G. S. (1988). Sud\xe2\x80\x99" "ba polkovodtsa. In Druzhba "
		"narodov. No. 5, pp. 179\xe2\x80\x93" "192.\"\n",
	.example_style = "quaestio-rossica",
	.fixable = true,
	.check = check_printed,
};

const struct bl_rule bl_rule_pages_total_form = {
	.id = "pages/total-form",
	.severity = BL_SEV_WARNING,
	.summary = "a printed page count has another form than the list's",
	.doc = "A book's extent is printed as a number and a word: `573 p.` in "
	       "English lists, `418 с.` in Russian ones (GOST: lowercase), `240 S.` "
	       "in German ones. A romanised References list must not keep the "
	       "Cyrillic `с.`. The style says which word it wants (for GOST, "
	       "separately for Latin-script entries); where it leaves it open, the "
	       "list's majority decides, and a tie reports nothing. The safe fix "
	       "writes the wanted word.",
	.bad = "- \"Belousova, Z. S. (1976). Frantsiya i evropeiskaya bezopasnost\xe2\x80\x99. "
	       "Moscow, Nauka. 418 \xd1\x81.\"\n",
	.good = "- \"Belousova, Z. S. (1976). Frantsiya i evropeiskaya bezopasnost\xe2\x80\x99. "
		"Moscow, Nauka. 418 p.\"\n",
	.example_style = "quaestio-rossica",
	.fixable = true,
	.check = check_printed,
};
