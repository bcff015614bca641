/*
 * year.c - the year rule family: years in the future, years before
 * printing, year ranges joined by a hyphen, and year fields that are not
 * years (20O6 with a letter O).
 *
 * Dates are read from the date fields of the model (issued,
 * original-date, accessed, and the other CSL date variables; BibTeX's
 * year/date as its reader maps them): the parsed year, the text it was
 * read from, and the raw or literal text when one was given. Free text
 * such as "n.d.", "in press" or "forthcoming" is not a year and not a
 * finding.
 */
#include "common.h"

#include <string.h>
#include <time.h>

#include "../style.h"

#include "../banned.h"

/* Printing with movable type reached Europe around 1450: an earlier year
 * for a printed publication is a typing error or the date of an original
 * work. Types whose items may well be older are left alone. */
#define BL_FIRST_PRINTED_YEAR 1450

static const char *const unprinted_types[] = {
	"manuscript", "classic", "legal_case", "legislation", "treaty", "bill",
	"regulation", "hearing", "artwork", "map", "personal_communication",
	"document", "misc", "unpublished", "graphic", "standard",
};

static int current_year(void)
{
	time_t now = time(NULL);
	struct tm tm;

	if (now == (time_t)-1 || !gmtime_r(&now, &tm))
		return 0;
	return tm.tm_year + 1900;
}

static bool is_date_field(const struct bl_entry *e, const struct bl_field *f)
{
	return bl_field_date(e, f) != NULL;
}

/* The letters that stand in for digits when a year is typed by hand. */
static int digit_for(char c)
{
	switch (c) {
	case 'O': case 'o': return '0';
	case 'l': case 'I': return '1';
	}
	return 0;
}

/* The word of the source holding the year: from the year's first byte on
 * over letters and digits. Returns its length (>= the year's). */
static size_t year_word(const struct bl_source *src, const struct bl_value *yv)
{
	size_t i = bl_value_end(yv);

	if (!(yv->flags & BL_VAL_EXACT) || bl_value_end(yv) > src->len)
		return bl_value_len(yv);
	while (i < src->len && (bl_is_digit(src->data[i]) || bl_is_alpha(src->data[i])))
		i++;
	return i - yv->start;
}

/* Reports the word w[0..n) at [start, start+n) of the source (exact says
 * whether those are its bytes) as no year; digits says how many leading
 * bytes were read as the year. */
static void report_word(struct bl_ctx *ctx, const struct bl_entry *e, const char *w,
			size_t n, uint32_t start, uint32_t end, bool exact, size_t digits)
{
	size_t i, letters = 0;
	char fixed[32];
	struct bl_finding *f;
	bool fixable = exact && n >= 3 && n <= 5;

	for (i = 0; i < n; i++) {
		if (bl_is_digit(w[i]))
			continue;
		letters++;
		if (!digit_for(w[i]))
			fixable = false;
	}
	if (fixable) {
		for (i = 0; i < n; i++)
			fixed[i] = bl_is_digit(w[i]) ? w[i] : (char)digit_for(w[i]);
		fixed[n] = '\0';
		f = bl_report(ctx, BL_R_year_not_a_year, e, start, end,
			      "'%.*s' is not a year: it holds %s; did you mean %s?",
			      (int)n, w, letters > 1 ? "letters among the digits"
						     : "a letter among the digits", fixed);
		bl_finding_fix(ctx, f, start, end, fixed, n, false);
	} else if (bl_is_alpha(w[n - 1]) && letters == 1 && n == digits + 1) {
		bl_report(ctx, BL_R_year_not_a_year, e, start, end,
			  "'%.*s' is not a year: a letter suffix (2006a) is added by "
			  "the style when it tells works of one year apart, not "
			  "written in the data", (int)n, w);
	} else {
		bl_report(ctx, BL_R_year_not_a_year, e, start, end,
			  "'%.*s' is not a year", (int)n, w);
	}
}

/* A word that was meant as a year: 3 to 6 letters and digits, at least
 * two of them digits and some letters, which are not a decade (1990s). */
static bool year_attempt(const char *w, size_t n, size_t *lead_digits)
{
	size_t i, digits = 0;

	*lead_digits = 0;
	if (n < 3 || n > 6)
		return false;
	for (i = 0; i < n; i++) {
		if (bl_is_digit(w[i]))
			digits++;
		else if (!bl_is_alpha(w[i]))
			return false;
	}
	while (*lead_digits < n && bl_is_digit(w[*lead_digits]))
		(*lead_digits)++;
	if (digits < 2 || digits == n)
		return false;
	return !(n == 5 && w[4] == 's' && w[3] == '0');
}

/* year/not-a-year: a year glued to letters or more digits, or a date whose
 * whole text is such a word. Returns true when it reported (the year is
 * then not trusted for the other checks). */
static bool check_not_a_year(struct bl_ctx *ctx, const struct bl_entry *e,
			     const struct bl_date *d)
{
	const struct bl_value *yv = &d->year_value, *raw = &d->raw;
	const char *w;
	size_t n, lead, a, b;
	uint32_t start, end;

	if (yv->text && (yv->flags & BL_VAL_EXACT)) {
		n = year_word(ctx->src, yv);
		if (n == bl_value_len(yv))
			return false;
		w = ctx->src->data + yv->start;
		if (!year_attempt(w, n, &lead) && !(n > bl_value_len(yv) && n <= 12))
			return false;
		if (n == 5 && w[4] == 's' && w[3] == '0')
			return false;
		report_word(ctx, e, w, n, yv->start, yv->start + (uint32_t)n, true, bl_value_len(yv));
		return true;
	}
	if (yv->text || !raw->text)
		return false;
	/* no year was read: the raw text, trimmed, as one word */
	a = 0;
	b = bl_value_len(raw);
	while (a < b && bl_is_space(raw->text[a]))
		a++;
	while (b > a && bl_is_space(raw->text[b - 1]))
		b--;
	if (!year_attempt(raw->text + a, b - a, &lead))
		return false;
	bl_value_subspan(raw, a, b - a, &start, &end);
	report_word(ctx, e, raw->text + a, b - a, start, end,
		    (raw->flags & BL_VAL_EXACT) != 0, lead);
	return true;
}

static bool unprinted_type(const struct bl_entry *e)
{
	size_t k;

	if (!e->type.text)
		return false;
	for (k = 0; k < BL_ARRAY_SIZE(unprinted_types); k++)
		if (bl_streq_ci(e->type.text, unprinted_types[k]))
			return true;
	return false;
}

static void check_plausible(struct bl_ctx *ctx, const struct bl_entry *e,
			    const struct bl_field *f, const struct bl_date *d, int now)
{
	const struct bl_value *yv = &d->year_value;
	uint32_t start = yv->text ? yv->start : f->value.start;
	uint32_t end = yv->text ? bl_value_end(yv) : bl_value_end(&f->value);
	int32_t latest = d->year_end > d->year ? d->year_end : d->year;

	if (d->year == 0 && d->year_end == 0)
		return;
	if (now && latest > now + 1) {
		if (latest != d->year) {
			/* the end of a range: point at the whole date */
			const struct bl_value *w = d->raw.text ? &d->raw : &f->value;

			start = w->start;
			end = bl_value_end(w);
		}
		if (latest == d->year && yv->text)
			/* quote the year as written: a 30-digit year is kept
			 * saturated in the model */
			bl_report(ctx, BL_R_year_future, e, start, end,
				  "year %.*s lies more than a year in the future",
				  BL_VALUE_FMT(yv));
		else
			bl_report(ctx, BL_R_year_future, e, start, end,
				  "year %d lies more than a year in the future", (int)latest);
		return;
	}
	if (f->key == BL_K_ISSUED && d->year != 0 && d->year < BL_FIRST_PRINTED_YEAR &&
	    !unprinted_type(e)) {
		if (d->year < 0)
			bl_report(ctx, BL_R_year_before_printing, e, start, end,
				  "issued in %d BCE, before printing; give the "
				  "original's date as original-date and the edition's "
				  "year as issued", (int)-d->year);
		else
			bl_report(ctx, BL_R_year_before_printing, e, start, end,
				  "year %d is before printing began (about %d); a typing "
				  "error, or the original's date (give it as "
				  "original-date and the edition's year as issued)",
				  (int)d->year, BL_FIRST_PRINTED_YEAR);
	}
}

/* Whether the value is the text of a `literal:` key (YAML or JSON): the
 * source before it reads `literal:` (with quotes and spaces around). */
static bool written_as_literal(const struct bl_source *src, const struct bl_value *v)
{
	static const char key[] = "literal";
	size_t i = v->start, kl = sizeof(key) - 1;

	if (!(v->flags & BL_VAL_EXACT) || i > src->len)
		return false;
	while (i > 0 && (src->data[i - 1] == ' ' || src->data[i - 1] == '"' ||
			 src->data[i - 1] == '\''))
		i--;
	if (i == 0 || src->data[i - 1] != ':')
		return false;
	i--;
	while (i > 0 && (src->data[i - 1] == ' ' || src->data[i - 1] == '"'))
		i--;
	return i >= kl && memcmp(src->data + i - kl, key, kl) == 0 &&
	       (i == kl || !bl_is_alpha(src->data[i - kl - 1]));
}

/* year/range-dash: "1957-2000" in the text of a date. */
static void check_range_dash(struct bl_ctx *ctx, const struct bl_entry *e,
			     const struct bl_value *v)
{
	const char *s = v->text, *want = bl_wanted_range_dash(ctx);
	size_t n = bl_value_len(v), i;
	enum bl_dash wd;

	if (!want)
		want = "\xe2\x80\x93";
	wd = bl_dash_of(want);
	for (i = 0; i + 4 <= n; i++) {
		size_t j = i + 4, k, dl, e2;
		enum bl_dash d;
		struct bl_finding *f;
		uint32_t start, end;

		if ((i > 0 && (bl_is_digit(s[i - 1]) || s[i - 1] == '-')) ||
		    !bl_is_digit(s[i]) || !bl_is_digit(s[i + 1]) ||
		    !bl_is_digit(s[i + 2]) || !bl_is_digit(s[i + 3]))
			continue;
		k = j;
		while (k < n && s[k] == ' ')
			k++;
		d = bl_dash_at(s + k, n - k, &dl);
		if (d == BL_DASH_NONE)
			continue;
		e2 = k + dl;
		while (e2 < n && s[e2] == ' ')
			e2++;
		/* a second four-digit year, later than the first, and no more
		 * (2006-05 is a month; 2001-2005-03 is not a plain range) */
		if (e2 + 4 > n || !bl_is_digit(s[e2]) || !bl_is_digit(s[e2 + 1]) ||
		    !bl_is_digit(s[e2 + 2]) || !bl_is_digit(s[e2 + 3]) ||
		    (e2 + 4 < n && (bl_is_digit(s[e2 + 4]) || s[e2 + 4] == '-')) ||
		    memcmp(s + e2, s + i, 4) <= 0) {
			i = j;
			continue;
		}
		if (d == wd || (dl == strlen(want) && memcmp(s + k, want, dl) == 0)) {
			i = e2 + 3;
			continue;
		}
		bl_value_subspan(v, k, dl, &start, &end);
		f = bl_report(ctx, BL_R_year_range_dash, e, start, end,
			      "year range %.*s uses %s; %s wants %s", (int)(e2 + 4 - i),
			      s + i, bl_dash_describe(d),
			      ctx->src->format == BL_FMT_BIBTEX ? "BibTeX" : "the style",
			      wd != BL_DASH_NONE ? bl_dash_describe(wd) : want);
		/* a literal date is printed as written; a raw date (and a
		 * BibTeX year, which biblatex parses) is read by the
		 * processor: let a person decide */
		bl_finding_fix_value(ctx, f, v, k, dl, want, strlen(want),
				     ctx->src->format != BL_FMT_BIBTEX &&
				     written_as_literal(ctx->src, v));
		i = e2 + 3;
	}
}

static void check_years(struct bl_ctx *ctx)
{
	int now = current_year();
	size_t i;
	uint32_t k;

	for (i = 0; i < ctx->list->count; i++) {
		const struct bl_entry *e = &ctx->list->entries[i];

		for (k = 0; k < e->nfields; k++) {
			const struct bl_field *f = &e->fields[k];
			const struct bl_date *d;

			if (!is_date_field(e, f))
				continue;
			d = bl_field_date(e, f);
			if (d->raw.text && bl_value_len(&d->raw))
				check_range_dash(ctx, e, &d->raw);
			else if (f->value.text && bl_value_len(&f->value))
				check_range_dash(ctx, e, &f->value);
			if (check_not_a_year(ctx, e, d))
				continue;
			if (f->key == BL_K_ISSUED || f->key == BL_K_ORIGINAL_DATE ||
			    f->key == BL_K_ACCESSED)
				check_plausible(ctx, e, f, d, now);
		}
	}
}

const struct bl_rule bl_rule_year_before_printing = {
	.id = "year/before-printing",
	.severity = BL_SEV_WARNING,
	.summary = "a printed work issued before printing began (about 1450)",
	.doc = "The issued year of a printed publication (an article, a book, a "
	       "chapter, a report, a thesis, a web page... and an entry without a "
	       "type) is earlier than 1450, when printing with movable type "
	       "began in Europe, or lies before the Common Era. That is a typing "
	       "error (`206` for `2006`), or the date of the original work given "
	       "as the date of the edition: styles want the edition's year in "
	       "`issued` and the original's in `original-date`. Types whose items "
	       "may be older (manuscript, classic, legal_case, legislation, treaty, "
	       "bill, regulation, hearing, artwork, map, personal_communication, "
	       "document, graphic, standard, and BibTeX's misc and unpublished) "
	       "are not checked, nor is `original-date`. Years before the Common "
	       "Era are read as each format writes them: a CSL date-part or a "
	       "BibTeX `year` with a minus sign is that year BCE (`-380`), while "
	       "BibLaTeX dates and EDTF date strings count as ISO 8601 does, "
	       "with a year 0 (`-0379` is 380 BCE, `0000` is 1 BCE). No fix.",
	.bad = "- id: a\n  type: article-journal\n  issued: 206\n",
	.good = "- id: a\n  type: article-journal\n  issued: 2006\n",
	.check = check_years,
};

const struct bl_rule bl_rule_year_future = {
	.id = "year/future",
	.severity = BL_SEV_ERROR,
	.summary = "a year more than a year in the future",
	.doc = "An issued, original or accessed date lies after next year (the "
	       "current date is read from the clock). Forthcoming works are often "
	       "dated next year, which is accepted; anything later is a typing "
	       "error. The end of a date range counts. No fix.",
	.bad = "- id: a\n  issued: 2999\n",
	.good = "- id: a\n  issued: 1999\n",
	.check = check_years,
};

const struct bl_rule bl_rule_year_not_a_year = {
	.id = "year/not-a-year",
	.severity = BL_SEV_ERROR,
	.summary = "a year typed with letters, such as 20O6 with a letter O",
	.doc = "The year of a date is glued to letters or more characters: "
	       "`20O6` (a letter O for a zero), `l998` (a letter l for a one), or "
	       "`2006a` (a suffix that the style adds itself when it tells one "
	       "author's works of a year apart). Processors read such a year "
	       "wrongly or not at all. For letters that stand in for digits the "
	       "fix puts the digits; it is not applied by --fix. Words that are "
	       "not years at all (`n.d.`, `in press`, `forthcoming`) and decades "
	       "(`1990s`) are not reported.",
	.bad = "- id: a\n  issued: 20O6\n",
	.good = "- id: a\n  issued: 2006\n",
	.fixable = true,
	.check = check_years,
};

const struct bl_rule bl_rule_year_range_dash = {
	.id = "year/range-dash",
	.severity = BL_SEV_WARNING,
	.summary = "a range of years joined by a hyphen instead of the range dash",
	.doc = "A date written as text (a raw or literal date, a BibTeX year) "
	       "holds a range of two four-digit years joined by a hyphen or another "
	       "dash than the style's range dash (an en dash unless the style says "
	       "otherwise; `--` in BibTeX): `1957-2000` should be `1957–2000`. "
	       "`2006-05` (a month) and EDTF ranges (`1957/2000`) are not ranges "
	       "of this kind. The fix replaces the dash; it is safe for a literal "
	       "date, which is printed as written, but not for a raw date or a "
	       "BibTeX year, which processors and biblatex parse themselves.",
	.bad = "- id: a\n  issued:\n    literal: 1957-2000\n",
	.good = "- id: a\n  issued:\n    literal: 1957\xe2\x80\x93" "2000\n",
	.fixable = true,
	.check = check_years,
};
