/*
 * format.c - rules that exist only in printed reference lists: a reference
 * no entry pattern of the style recognises (format/unrecognised, reported
 * by the segmenter), the same element written the same way in every entry
 * (format/label: `Vol.`/`vol.`/`V.`, `No.`/`no.`/`№`, `In` before a
 * journal title; format/separator: the punctuation between city and
 * publisher), and year suffixes 2006a/2006b for one author's works of a
 * year, in list order (format/year-suffix).
 *
 * The labels are read from the printed text just before the fields the
 * segmenter found, so they apply to any pattern. The wanted form is the
 * style's when its patterns fix one (a literal `Vol\.`, or the first
 * alternative of `(?:Vol\.|vol\.)`); otherwise the list's majority,
 * counted separately for Latin-script and Cyrillic entries (a Russian
 * list writes `Т. 97` for its Russian entries and `Vol. 17` for the
 * others).
 */
#include "../input/segment.h"
#include "../style.h"
#include "../translit.h"
#include "common.h"
#include "majority.h"

#include <stdlib.h>
#include <string.h>

#include "../banned.h"

/* ---- format/unrecognised ----------------------------------------------- */

const struct bl_rule bl_rule_format_unrecognised = {
	.id = "format/unrecognised",
	.severity = BL_SEV_WARNING,
	.summary = "a printed reference that no entry pattern of the style matches",
	.doc = "A reference of a printed list (a text file, a Markdown References "
	       "section, or a YAML list of strings) is split into its parts by the "
	       "style's entry patterns (`patterns:` in the style file). When none "
	       "matches, the reference is reported at the place where the nearest "
	       "pattern stopped matching, with that pattern's name and the part it "
	       "expected there. Such a reference still gets the checks that need no "
	       "parts: page ranges after a page prefix, DOIs, scripts. A style "
	       "without patterns reports nothing. Often the cause is a typing slip "
	       "(a missing period, a year without parentheses), sometimes a kind of "
	       "reference the style file has no pattern for yet.",
	.bad = "Carley, M. J. 2006. A Soviet Eye on France. In Diplomacy & "
	       "Statecraft. Vol. 17. No. 2, pp. 295–346.\n",
	.good = "Carley, M. J. (2006). A Soviet Eye on France. In Diplomacy & "
		"Statecraft. Vol. 17. No. 2, pp. 295–346.\n",
	.example_format = BL_FMT_FORMATTED,
	.example_style = "quaestio-rossica",
};

/* ---- format/label, format/separator ------------------------------------ */

enum part { P_VOLUME, P_ISSUE, P_IN, P_CITY, P__COUNT };

static const struct {
	enum bl_key key;
	const char *group;        /* the pattern group the label stands before */
	const char *what;         /* for messages */
} parts[P__COUNT] = {
	[P_VOLUME] = { BL_K_VOLUME, "volume", "volume label" },
	[P_ISSUE] = { BL_K_ISSUE, "issue", "issue label" },
	[P_IN] = { BL_K_CONTAINER_TITLE, "container", "word before the journal or book title" },
	[P_CITY] = { BL_K_PUBLISHER, "publisher", "punctuation between city and publisher" },
};

struct occ {
	const struct bl_entry *e;
	uint32_t start, end;      /* the label in the source (empty: none) */
	const char *form;         /* in the arena */
	bool cyr;
};

/* A form in Cyrillic, or the numero sign of Russian typography. */
static bool has_cyr(const char *s, size_t n)
{
	return bl_has_cyrillic(s, n) || (n >= 3 && memcmp(s, "\xe2\x84\x96", 3) == 0);
}

/* A Cyrillic-script entry: its title (else the whole reference) has
 * Cyrillic letters. Its labels are counted apart from Latin entries'. */
static bool entry_cyr(const struct bl_entry *e)
{
	const struct bl_value *t = bl_entry_text(e, BL_K_TITLE);

	if (t && t->text)
		return bl_has_cyrillic(t->text, bl_value_len(t));
	return e->raw_text && bl_has_cyrillic(e->raw_text, strlen(e->raw_text));
}

/* The label word right before the field at [start, ...): "Vol." in "Vol.
 * 17", "№" in "№ 9"; NULL when the word before is not a short label. For
 * P_IN, the word before the container, or "" when a period or nothing
 * stands there. */
static bool label_before(const struct bl_source *src, const struct bl_entry *e,
			 uint32_t start, enum part p, uint32_t *ls, uint32_t *le)
{
	const char *d = src->data;
	uint32_t a = start, b;

	while (a > e->start && bl_is_space((unsigned char)d[a - 1]))
		a--;
	b = a;
	while (a > e->start && !bl_is_space((unsigned char)d[a - 1]))
		a--;
	*ls = a;
	*le = b;
	if (b == a) {
		*ls = *le = start;
		return p == P_IN;
	}
	if (p == P_IN) {
		/* "In", "In:", "//", "В:"; anything ending in "." or "," is the
		 * end of the title: no word */
		if (d[b - 1] == '.' || d[b - 1] == ',' || d[b - 1] == ')' || d[b - 1] == ']' ||
		    d[b - 1] == '?' || d[b - 1] == '!' || d[b - 1] == '\xbb' /* » */) {
			*ls = *le = start;
			return true;
		}
		return b - a <= 4;
	}
	/* a label: at most 5 bytes past a letter or №, ending in "." or № */
	if (b - a > 6 || bl_is_digit((unsigned char)d[a]))
		return false;
	if (b - a == 3 && memcmp(d + a, "\xe2\x84\x96", 3) == 0)      /* № */
		return true;
	if (d[b - 1] != '.')
		return false;
	return bl_is_alpha((unsigned char)d[a]) || (unsigned char)d[a] >= 0xc0;
}

/* What the style's patterns fix for the label of part p (all patterns that
 * name the group must agree); NULL when open. */
static const char *style_label(const struct bl_style *st, enum part p)
{
	const char *want = NULL;
	size_t i;
	char key[32];

	/* the default style's patterns guess at shapes: they fix nothing */
	if (st->name && strcmp(st->name, "default") == 0)
		return NULL;
	snprintf(key, sizeof(key), "(?<%s>", parts[p].group);
	for (i = 0; i < st->npatterns; i++) {
		const char *l;

		if (!strstr(st->patterns[i].regex, key))
			continue;
		/* a part that opens the reference has nothing before it */
		if (st->patterns[i].regex[0] == '^' &&
		    strncmp(st->patterns[i].regex + 1, key, strlen(key)) == 0)
			continue;
		if (p == P_CITY && !strstr(st->patterns[i].regex, "(?<city>"))
			continue;
		l = bl_segment_label_wanted(&st->patterns[i], parts[p].group);
		if (!l)
			return NULL;
		if (want && strcmp(want, l) != 0)
			return NULL;
		want = l;
	}
	return want;
}

static void report_label(struct bl_ctx *ctx, enum part p, const struct occ *o,
			 const char *tail)
{
	int rule = p == P_CITY ? BL_R_format_separator : BL_R_format_label;
	const char *shown = *o->form ? bl_arena_printf(&ctx->src->arena, "`%s`", o->form)
				     : "nothing";

	bl_report(ctx, rule, o->e, o->start, o->end > o->start ? o->end : o->start + 1,
		  "the %s is %s; %s", parts[p].what, shown, tail);
}

static const char *quoted(struct bl_ctx *ctx, const char *form)
{
	return *form ? bl_arena_printf(&ctx->src->arena, "`%s`", form) : "nothing";
}

static void check_part(struct bl_ctx *ctx, enum part p)
{
	const struct bl_list *l = ctx->list;
	struct occ *occ = bl_xcalloc(l->count ? l->count : 1, sizeof(*occ));
	struct bl_majority maj[2];
	size_t n = 0, i;
	const char *want = style_label(ctx->style, p);
	int c;

	bl_majority_init(&maj[0]);
	bl_majority_init(&maj[1]);
	for (i = 0; i < l->count; i++) {
		const struct bl_entry *e = &l->entries[i];
		const struct bl_field *f;
		struct occ *o = &occ[n];
		uint32_t ls, le;

		if (!e->raw_text || !(f = bl_entry_field(e, parts[p].key)) ||
		    !(f->value.flags & BL_VAL_EXACT))
			continue;
		if (p == P_CITY) {
			const struct bl_field *city = bl_entry_field(e, BL_K_PUBLISHER_PLACE);
			uint32_t a, b;

			if (!city || bl_value_end(&city->value) > f->value.start)
				continue;
			a = bl_value_end(&city->value);
			b = f->value.start;
			while (b > a && bl_is_space((unsigned char)ctx->src->data[b - 1]))
				b--;
			if (b - a > 4)
				continue;
			ls = a;
			le = b;
		} else if (f->value.start <= e->start ||
			   !label_before(ctx->src, e, f->value.start, p, &ls, &le)) {
			continue;
		}
		o->e = e;
		o->start = ls;
		o->end = le;
		o->form = bl_arena_strndup(&ctx->src->arena, ctx->src->data + ls, le - ls);
		o->cyr = entry_cyr(e);
		bl_majority_add(&maj[o->cyr], o->form);
		n++;
	}
	for (i = 0; i < n; i++) {
		const struct occ *o = &occ[i];
		int w;

		if (want && has_cyr(want, strlen(want)) == o->cyr) {
			if (strcmp(o->form, want) != 0)
				report_label(ctx, p, o, bl_arena_printf(&ctx->src->arena,
					     "the style writes %s", quoted(ctx, want)));
			continue;
		}
		c = o->cyr;
		w = bl_majority_winner(&maj[c]);
		if (w < 0 || strcmp(maj[c].forms[w], o->form) == 0)
			continue;
		report_label(ctx, p, o, bl_majority_describe(ctx, &maj[c], w, "write",
							     quoted(ctx, maj[c].forms[w])));
	}
	free(occ);
}

static void check_labels(struct bl_ctx *ctx)
{
	int p;

	for (p = 0; p < P__COUNT; p++)
		if (bl_rule_on(ctx, p == P_CITY ? BL_R_format_separator : BL_R_format_label))
			check_part(ctx, (enum part)p);
}

const struct bl_rule bl_rule_format_label = {
	.id = "format/label",
	.severity = BL_SEV_WARNING,
	.summary = "a volume or issue label, or the word before a journal title, "
		   "written differently from the rest of the list",
	.doc = "In a printed list every entry should write the same element the same "
	       "way: `Vol. 17` (not `vol. 17` or `V. 17`), `No. 2` (not `no. 2` or "
	       "`№ 2`), `In` before the title of the journal or book that holds the "
	       "work (not `In:` in one entry and nothing in another). The wanted form "
	       "is the one the style's entry patterns fix (a literal `Vol\\.` before "
	       "the volume, or the first of the alternatives `(?:Vol\\.|vol\\.)`); "
	       "when they leave it open, the form more than half of the list uses. "
	       "Entries with Cyrillic titles (`Т. 97`, `№ 2`) are counted apart from "
	       "Latin-script ones, and a label the style fixes applies to entries of "
	       "its script.",
	.bad = "Carley, M. J. (2006). A Soviet Eye. In Diplomacy & Statecraft. Vol. 17. "
	       "No. 2, pp. 295–346.\n"
	       "Isserson, G. S. (1988). Sud’ba polkovodtsa. In Druzhba narodov. Vol. 5. "
	       "No. 5, pp. 179–192.\n"
	       "Loizeau, L. (1955). Une mission. In Revue des deux mondes. vol. 8. "
	       "No. 8, pp. 252–276.\n",
	.good = "Carley, M. J. (2006). A Soviet Eye. In Diplomacy & Statecraft. Vol. 17. "
		"No. 2, pp. 295–346.\n"
		"Isserson, G. S. (1988). Sud’ba polkovodtsa. In Druzhba narodov. Vol. 5. "
		"No. 5, pp. 179–192.\n"
		"Loizeau, L. (1955). Une mission. In Revue des deux mondes. Vol. 8. "
		"No. 8, pp. 252–276.\n",
	.example_format = BL_FMT_FORMATTED,
	.check = check_labels,
};

const struct bl_rule bl_rule_format_separator = {
	.id = "format/separator",
	.severity = BL_SEV_WARNING,
	.summary = "the punctuation between city and publisher differs from the rest "
		   "of the list",
	.doc = "A printed list writes the place and the publisher of a book the same "
	       "way in every entry: `Moscow, Nauka` or `Moscow: Nauka`, not both. The "
	       "wanted form is the one the style's entry patterns fix between "
	       "(?<city>...) and (?<publisher>...), else the form more than half of "
	       "the list uses.",
	.bad = "Belousova, Z. S. (1976). Frantsiya. Moscow, Nauka. 418 p.\n"
	       "Berstein, S. (2006). Léon Blum. Paris, Fayard. 835 p.\n"
	       "Ken, O. N. (2008). Mobilizatsionnoe planirovanie. Moscow: OGI. 510 p.\n",
	.good = "Belousova, Z. S. (1976). Frantsiya. Moscow, Nauka. 418 p.\n"
		"Berstein, S. (2006). Léon Blum. Paris, Fayard. 835 p.\n"
		"Ken, O. N. (2008). Mobilizatsionnoe planirovanie. Moscow, OGI. 510 p.\n",
	.example_format = BL_FMT_FORMATTED,
	.check = check_labels,
};

/* ---- format/year-suffix ------------------------------------------------- */

struct yitem {
	const struct bl_entry *e;
	const char *key;           /* all authors' names and the year, no suffix */
	const char *who;           /* "Carley 2006", for messages */
	char suffix;               /* 'a'..'z' or 0 */
	uint32_t at;               /* where the suffix is, or goes */
};

/* The names of an author (else editor) field and the year text without its
 * suffix; NULL when the entry has no year or no names. */
static bool year_item(struct bl_ctx *ctx, const struct bl_entry *e, struct yitem *y)
{
	const struct bl_field *f = bl_entry_field(e, BL_K_ISSUED);
	const struct bl_field *nf = bl_entry_field(e, BL_K_AUTHOR);
	struct bl_strbuf sb = BL_STRBUF_INIT;
	const struct bl_value *fam0 = NULL;
	const struct bl_names *names;
	const char *t;
	uint32_t n, k;

	if (!nf || nf->kind != BL_FIELD_NAMES || !bl_field_names(e, nf)->count)
		nf = bl_entry_field(e, BL_K_EDITOR);
	if (!f || f->kind != BL_FIELD_DATE || !f->value.text || !nf ||
	    nf->kind != BL_FIELD_NAMES || !bl_field_names(e, nf)->count)
		return false;
	names = bl_field_names(e, nf);
	t = f->value.text;
	for (n = 0; n < bl_value_len(&f->value) && t[n] != ',' && t[n] != ' '; n++)
		;
	y->suffix = 0;
	y->at = f->value.start + n;
	if (n >= 2 && t[n - 1] >= 'a' && t[n - 1] <= 'z' && bl_is_digit((unsigned char)t[n - 2])) {
		y->suffix = t[n - 1];
		n--;
		y->at--;
	}
	if (!n || !bl_is_digit((unsigned char)t[0]))
		return false;
	for (k = 0; k < names->count; k++) {
		const struct bl_name *nm = &names->items[k];
		const struct bl_value *fam = bl_name_key(nm);

		if (!fam || !fam->text)
			continue;
		if (!fam0)
			fam0 = fam;
		bl_strbuf_add(&sb, fam->text, bl_value_len(fam));
		bl_strbuf_addch(&sb, '|');
		if (nm->given.text)
			bl_strbuf_add(&sb, nm->given.text, bl_value_len(&nm->given));
		bl_strbuf_addch(&sb, ';');
	}
	if (!fam0) {
		bl_strbuf_release(&sb);
		return false;
	}
	bl_strbuf_add(&sb, t, n);
	y->key = bl_arena_strndup(&ctx->src->arena, sb.buf, sb.len);
	bl_strbuf_release(&sb);
	y->who = bl_arena_printf(&ctx->src->arena, "%.*s%s %.*s", (int)bl_value_len(fam0), fam0->text,
				 names->count > 1 ? " et al." : "", (int)n, t);
	y->e = e;
	return true;
}

static void check_suffix(struct bl_ctx *ctx)
{
	const struct bl_list *l = ctx->list;
	struct yitem *it = bl_xcalloc(l->count ? l->count : 1, sizeof(*it));
	bool *done = bl_xcalloc(l->count ? l->count : 1, sizeof(*done));
	size_t n = 0, i, j, unread = 0;

	for (i = 0; i < l->count; i++)
		if (l->entries[i].raw_text && bl_entry_numbered(ctx->src, &l->entries[i]))
			unread++;
	if (unread * 2 > l->count)
		goto out;       /* a numbered list */
	unread = 0;
	for (i = 0; i < l->count; i++) {
		const struct bl_entry *e = &l->entries[i];

		if (!e->raw_text)
			continue;
		if (year_item(ctx, e, &it[n]))
			n++;
		else if (!bl_entry_field(e, BL_K_ISSUED))
			unread++;
	}
	for (i = 0; i < n; i++) {
		size_t cnt = 0, pos = 0;
		char expect[3];

		if (done[i])
			continue;
		for (j = i; j < n; j++)
			if (!done[j] && strcmp(it[i].key, it[j].key) == 0)
				cnt++;
		for (j = i; j < n; j++) {
			struct yitem *y = &it[j];

			if (done[j] || strcmp(it[i].key, y->key) != 0)
				continue;
			done[j] = true;
			/* a..z, then aa, ab... as citation processors write them */
			if (pos < 26) {
				expect[0] = (char)('a' + pos);
				expect[1] = '\0';
			} else {
				expect[0] = (char)('a' + (pos / 26 - 1) % 26);
				expect[1] = (char)('a' + pos % 26);
				expect[2] = '\0';
			}
			pos++;
			if (cnt == 1) {
				/* another work may hide in a reference not read */
				if (y->suffix && !unread)
					bl_report(ctx, BL_R_format_year_suffix, y->e, y->at, y->at + 1,
						  "year suffix '%c' on the only work of %s in the "
						  "list; write the year alone", y->suffix, y->who);
			} else if (!y->suffix) {
				bl_report(ctx, BL_R_format_year_suffix, y->e, y->at, y->at,
					  "%zu works of %s without year suffixes; write '%s' here "
					  "(a, b... in list order)", cnt, y->who, expect);
			} else if (expect[1] == '\0' && y->suffix != expect[0]) {
				bl_report(ctx, BL_R_format_year_suffix, y->e, y->at, y->at + 1,
					  "year suffix '%c' out of order among the %zu works of %s; "
					  "expected '%s' (a, b... in list order)", y->suffix, cnt,
					  y->who, expect);
			}
		}
	}
out:
	free(it);
	free(done);
}

const struct bl_rule bl_rule_format_year_suffix = {
	.id = "format/year-suffix",
	.severity = BL_SEV_WARNING,
	.summary = "one author's works of one year without year suffixes a, b, or "
		   "with suffixes out of list order",
	.doc = "In an author-year printed list, two works by the same first author "
	       "in the same year are told apart by suffixes: 2006a, 2006b, given in "
	       "the order the works appear in the list. Reported: such works without "
	       "a suffix, suffixes out of order (2006b before 2006a), and a suffix "
	       "on an author's only work of that year. Only printed lists are "
	       "checked, and not numbered ones (\"12. Smith...\"), which cite by "
	       "number; CSL and BibTeX data leave suffixes to the citation processor.",
	.bad = "Carley, M. J. (2006). A Soviet Eye on France. In Diplomacy & Statecraft. "
	       "Vol. 17. No. 2, pp. 295–346.\n"
	       "Carley, M. J. (2006). Another Study. In Diplomacy & Statecraft. "
	       "Vol. 17. No. 3, pp. 400–420.\n",
	.good = "Carley, M. J. (2006a). A Soviet Eye on France. In Diplomacy & Statecraft. "
		"Vol. 17. No. 2, pp. 295–346.\n"
		"Carley, M. J. (2006b). Another Study. In Diplomacy & Statecraft. "
		"Vol. 17. No. 3, pp. 400–420.\n",
	.example_format = BL_FMT_FORMATTED,
	.example_style = "quaestio-rossica",
	.check = check_suffix,
};
