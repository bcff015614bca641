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
 * the value is byte for byte the source.
 */
#include "pages.h"

#include <string.h>

#include "../style.h"

#include "../banned.h"

/* ---- parsing ----------------------------------------------------------- */

/* Length of the white space character at s[0..n), or 0. */
static size_t space_at(const char *s, size_t n)
{
	const unsigned char *u = (const unsigned char *)s;

	if (n == 0)
		return 0;
	if (u[0] == ' ' || u[0] == '\t' || u[0] == '\n' || u[0] == '\r')
		return 1;
	if (n >= 2 && u[0] == 0xc2 && u[1] == 0xa0)            /* no-break */
		return 2;
	if (n >= 3 && u[0] == 0xe2 && u[1] == 0x80 &&
	    ((u[2] >= 0x82 && u[2] <= 0x8a) || u[2] == 0xaf))   /* thin, narrow... */
		return 3;
	return 0;
}

static size_t space_run(const char *s, size_t n, size_t i)
{
	size_t start = i, k;

	while (i < n && (k = space_at(s + i, n - i)) > 0)
		i += k;
	return i - start;
}

static int roman_digit(int c)
{
	switch (c | 0x20) {
	case 'i': return 1;
	case 'v': return 5;
	case 'x': return 10;
	case 'l': return 50;
	case 'c': return 100;
	case 'd': return 500;
	case 'm': return 1000;
	}
	return 0;
}

/* The value of a canonical roman numeral in one case, or 0. */
static unsigned roman_value(const char *s, size_t n)
{
	static const char *const ones[] = { "", "i", "ii", "iii", "iv", "v", "vi",
					    "vii", "viii", "ix" };
	static const char *const tens[] = { "", "x", "xx", "xxx", "xl", "l", "lx",
					    "lxx", "lxxx", "xc" };
	static const char *const hundreds[] = { "", "c", "cc", "ccc", "cd", "d",
						"dc", "dcc", "dccc", "cm" };
	static const char *const thousands[] = { "", "m", "mm", "mmm" };
	unsigned v = 0;
	size_t i;
	bool upper = n && s[0] >= 'A' && s[0] <= 'Z';
	char canon[32];
	int len;

	if (n == 0 || n > 15)
		return 0;
	for (i = 0; i < n; i++) {
		int d = roman_digit(s[i]);
		int next = i + 1 < n ? roman_digit(s[i + 1]) : 0;

		if (!d || (s[i] >= 'A' && s[i] <= 'Z') != upper)
			return 0;
		if (d < next)
			v -= (unsigned)d;
		else
			v += (unsigned)d;
	}
	if (v == 0 || v > 3999)
		return 0;
	len = snprintf(canon, sizeof(canon), "%s%s%s%s", thousands[v / 1000],
		       hundreds[v / 100 % 10], tens[v / 10 % 10], ones[v % 10]);
	if (len != (int)n)
		return 0;
	for (i = 0; i < n; i++)
		if ((s[i] | 0x20) != canon[i])
			return 0;
	return v;
}

/* Reads a page token at s[i..n). Returns false when there is none. With
 * hyphens, a single hyphen between letters or digits belongs to the token
 * (BibTeX's M-1--M-4, where "--" separates the pages). */
static bool parse_token(const char *s, size_t n, size_t i, struct bl_page_tok *t,
			bool hyphens)
{
	size_t j = i, last_digits = 0, last_digits_len = 0;
	bool digits = false, letters = false, dots = false;

	memset(t, 0, sizeof(*t));
	while (j < n) {
		char c = s[j];

		if (bl_is_digit(c)) {
			size_t k = j;

			while (j < n && bl_is_digit(s[j]))
				j++;
			last_digits = k;
			last_digits_len = j - k;
			digits = true;
			continue;
		}
		if (bl_is_alpha(c)) {
			letters = true;
			last_digits_len = 0;
			j++;
			continue;
		}
		/* 3.14, FTu4B.3, acs.nanolett.7b04122 */
		if (c == '.' && j > i && (bl_is_digit(s[j - 1]) || bl_is_alpha(s[j - 1])) &&
		    j + 1 < n && (bl_is_digit(s[j + 1]) || bl_is_alpha(s[j + 1]))) {
			dots = true;
			j++;
			continue;
		}
		if (hyphens && c == '-' && j > i && j + 1 < n &&
		    (bl_is_digit(s[j + 1]) || bl_is_alpha(s[j + 1])) &&
		    (bl_is_digit(s[j - 1]) || bl_is_alpha(s[j - 1]))) {
			dots = true;
			last_digits_len = 0;
			j++;
			continue;
		}
		break;
	}
	if (j == i)
		return false;
	/* APS article numbers: 241409(R) */
	if (digits && j + 2 < n && s[j] == '(' && s[j + 1] >= 'A' && s[j + 1] <= 'Z' &&
	    s[j + 2] == ')') {
		j += 3;
		letters = true;
		last_digits_len = 0;
	}
	/* a token glued to more letters than ASCII (Cyrillic, accents) is no page */
	if (j < n && ((unsigned char)s[j] >= 0x80) && space_at(s + j, n - j) == 0) {
		size_t dl;

		if (bl_dash_at(s + j, n - j, &dl) == BL_DASH_NONE)
			return false;
	}
	t->off = (uint32_t)i;
	t->len = (uint32_t)(j - i);
	if (digits && !letters && !dots) {
		t->kind = BL_PTOK_ARABIC;
		t->num_off = t->off;
		t->num_len = t->len;
		return true;
	}
	if (digits) {
		t->kind = BL_PTOK_ID;
		if (last_digits_len && last_digits + last_digits_len == j &&
		    !(last_digits > i && s[last_digits - 1] == '.')) {
			t->num_off = (uint32_t)last_digits;
			t->num_len = (uint32_t)last_digits_len;
		}
		return true;
	}
	t->roman = roman_value(s + i, j - i);
	if (!t->roman)
		return false;
	t->kind = BL_PTOK_ROMAN;
	return true;
}

/* A page label ("pp. ", "p.", "pages ", "с. ") at s[i..n) followed by a
 * page: returns its length including the spaces after it, else 0. */
static size_t label_at(const char *s, size_t n, size_t i)
{
	static const struct {
		const char *word;
		bool need_dot;
	} labels[] = {
		{ "pages", false }, { "page", false }, { "pgs", false },
		{ "pg", false }, { "pp", false }, { "p", false },
		{ "S", true }, { "\xd1\x81\xd1\x82\xd1\x80", false }, /* стр */
		{ "\xd1\x81", true }, { "\xd0\xa1", true },            /* с, С */
	};
	size_t k;

	for (k = 0; k < BL_ARRAY_SIZE(labels); k++) {
		const char *w = labels[k].word;
		size_t wl = strlen(w), j = i;
		bool dot = false;
		struct bl_page_tok t;

		if (j + wl > n)
			continue;
		if (w[0] == 'S' ? memcmp(s + j, w, wl) != 0
				: !bl_memeq_ci(s + j, wl, w))
			continue;
		j += wl;
		if (j < n && s[j] == '.') {
			dot = true;
			j++;
		}
		if (labels[k].need_dot && !dot)
			continue;
		if (!dot && space_at(s + j, n - j) == 0)
			continue;
		j += space_run(s, n, j);
		if (parse_token(s, n, j, &t, false))
			return j - i;
	}
	return 0;
}

static void add_issue(struct bl_pages *p, int kind, size_t off, size_t len,
		      const char *repl, const char *what)
{
	struct bl_page_issue *is;

	if (p->nissues >= BL_PAGES_MAX || len == 0)
		return;
	is = &p->issues[p->nissues++];
	is->kind = (uint8_t)kind;
	is->off = (uint32_t)off;
	is->len = (uint32_t)len;
	is->repl = repl;
	is->what = what;
}

static bool is_sep(char c)
{
	return c == ',' || c == ';' || c == '&';
}

/* Junk from i to the next separator (white space before it excluded);
 * returns the offset of that separator or n. */
static size_t junk_to_sep(struct bl_pages *p, const char *s, size_t n, size_t i)
{
	size_t j = i, end;

	while (j < n && !is_sep(s[j]))
		j++;
	end = j;
	while (end > i && bl_is_space(s[end - 1]))
		end--;
	add_issue(p, BL_PI_JUNK, i, end > i ? end - i : 1, NULL, "unexpected text");
	return j;
}

/* Whether a range that ends at s[i] continues with "-" and more hyphenated
 * letters and digits up to the next separator. */
static bool compound_id(const char *s, size_t n, size_t i)
{
	size_t j;

	if (i + 1 >= n || s[i] != '-' || !(bl_is_digit(s[i + 1]) || bl_is_alpha(s[i + 1])))
		return false;
	for (j = i; j < n && !is_sep(s[j]); j++)
		if (!bl_is_digit(s[j]) && !bl_is_alpha(s[j]) && s[j] != '-' && s[j] != '.')
			return false;
	return true;
}

void bl_pages_parse(struct bl_pages *p, const char *s, size_t n)
{
	size_t i = 0, k;
	bool hyphens = false;
	const char *dd = s;

	/* a "--" (not "---") separates the pages: hyphens join ids */
	while ((dd = memchr(dd, '-', (size_t)(s + n - dd))) != NULL) {
		size_t run = 0;

		while (dd + run < s + n && dd[run] == '-')
			run++;
		if (run == 2)
			hyphens = true;
		dd += run;
	}

	memset(p, 0, sizeof(*p));
	/* leading and trailing spaces, doubled spaces: text/whitespace */
	i = space_run(s, n, 0);
	k = label_at(s, n, i);
	add_issue(p, BL_PI_LABEL, i, k, "", "page label");
	i += k;
	while (i < n) {
		struct bl_page_range r;
		size_t j, dl;

		memset(&r, 0, sizeof(r));
		if (!parse_token(s, n, i, &r.first, hyphens)) {
			i = junk_to_sep(p, s, n, i);
			goto separator;
		}
		i = r.first.off + r.first.len;
		j = i + space_run(s, n, i);
		r.dash = (uint8_t)bl_dash_at(s + j, n - j, &dl);
		if (r.dash != BL_DASH_NONE) {
			size_t after = j + dl, sa = space_run(s, n, after);

			if (!parse_token(s, n, after + sa, &r.last, hyphens)) {
				size_t before = p->nissues;

				i = junk_to_sep(p, s, n, j);
				if (after + sa == i && p->nissues > before)
					p->issues[before].what = "a range dash with no last page";
				goto separator;
			}
			r.dash_off = (uint32_t)j;
			r.dash_len = (uint32_t)dl;
			add_issue(p, BL_PI_SPACE, i, j - i, "", "space before the range dash");
			add_issue(p, BL_PI_SPACE, after, sa, "", "space after the range dash");
			i = r.last.off + r.last.len;
			if (compound_id(s, n, i)) {
				/* C2-229-C2-232, 08JG03-1-08JG03-3: hyphenated
				 * article numbers; no telling where the range is */
				while (i < n && !is_sep(s[i]))
					i++;
				goto separator;
			}
		}
		if (p->nranges < BL_PAGES_MAX)
			p->ranges[p->nranges++] = r;
separator:
		if (i >= n)
			break;
		j = i + space_run(s, n, i);
		if (j == n)
			break;
		if (is_sep(s[j]) || s[j] == '.' || s[j] == ':') {
			size_t after = j + 1, sa = space_run(s, n, after);

			if (after + sa == n) {
				add_issue(p, BL_PI_SPACE, i, j - i, "",
					  "space before the final punctuation");
				add_issue(p, BL_PI_TRAILING, j, 1, "",
					  "trailing punctuation");
				break;
			}
			if (!is_sep(s[j])) {
				i = junk_to_sep(p, s, n, j);
				goto separator;
			}
			if (s[j] != '&')
				add_issue(p, BL_PI_SPACE, i, j - i, "",
					  "space before the separator");
			i = after + sa;
			continue;
		}
		i = junk_to_sep(p, s, n, j);
		goto separator;
	}
}

/* ---- comparing the ends of a range -------------------------------------- */

/* The digits of s[0..n) without leading zeros (at least one). */
static size_t significant(const char *s, size_t n)
{
	while (n > 1 && *s == '0')
		s++, n--;
	return n;
}

enum bl_range_order bl_page_range_order(const struct bl_page_range *r,
					const char *s)
{
	const struct bl_page_tok *a = &r->first, *b = &r->last;

	if (b->kind == BL_PTOK_NONE)
		return BL_RANGE_OK;
	if (a->kind == BL_PTOK_ROMAN || b->kind == BL_PTOK_ROMAN) {
		if (a->kind != b->kind)
			return BL_RANGE_UNCOMPARABLE;
		return b->roman < a->roman ? BL_RANGE_REVERSED : BL_RANGE_OK;
	}
	if (!a->num_len || !b->num_len)
		return BL_RANGE_UNCOMPARABLE;
	/* S12–S17, e5–e9: same prefix; R583–6: an abbreviated last page */
	if (b->kind == BL_PTOK_ID) {
		uint32_t ap = a->num_off - a->off, bp = b->num_off - b->off;

		if (ap != bp || memcmp(s + a->off, s + b->off, ap) != 0)
			return BL_RANGE_UNCOMPARABLE;
	}
	if (b->num_len < significant(s + a->num_off, a->num_len))
		return BL_RANGE_ABBREVIATED;
	if (bl_digits_cmp(s + a->num_off, a->num_len, s + b->num_off, b->num_len) > 0)
		return BL_RANGE_REVERSED;
	return BL_RANGE_OK;
}

size_t bl_page_range_expand(const struct bl_page_range *r, const char *s,
			    char *buf, size_t cap)
{
	const char *a = s + r->first.num_off, *b = s + r->last.num_off;
	size_t an = significant(a, r->first.num_len), bn = r->last.num_len, k, i;

	a += r->first.num_len - an;
	if (bn >= an || an + 2 > cap)
		return 0;
	k = an - bn;
	memcpy(buf, a, k);
	memcpy(buf + k, b, bn);
	buf[an] = '\0';
	if (bl_digits_cmp(buf, an, a, an) >= 0)
		return an;
	/* 295–46 is 295–346: carry into the kept digits */
	for (i = k; i-- > 0;) {
		if (buf[i] != '9') {
			buf[i]++;
			return an;
		}
		buf[i] = '0';
	}
	memmove(buf + 1, buf, an + 1);
	buf[0] = '1';
	return an + 1;
}

/* ---- the checks ------------------------------------------------------------ */

static bool want_rule(int rule, int r, const struct bl_ctx *ctx)
{
	return (rule < 0 || rule == r) && bl_rule_on(ctx, r);
}

static void report_issue(struct bl_ctx *ctx, int rule, const struct bl_entry *e,
			 const struct bl_value *v, const struct bl_page_issue *is)
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
		n = is->len;
		while (n > 0 && bl_is_space(v->text[is->off + n - 1]))
			n--;
		f = bl_report(ctx, r, e, start, end,
			      "page field starts with the label '%.*s'; the style adds "
			      "it, the field holds only the pages",
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
	    !(r->dash_len == strlen(want) && memcmp(s + r->dash_off, want, r->dash_len) == 0)) {
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

	if (!v->text || !v->len)
		return;
	bl_pages_parse(&p, v->text, v->len);
	for (i = 0; i < p.nissues; i++)
		report_issue(ctx, rule, e, v, &p.issues[i]);
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

static void check_one(struct bl_ctx *ctx, const struct bl_entry *e,
		      const struct bl_value *v, void *arg)
{
	(void)arg;
	bl_pages_check_value(ctx, -1, e, v, bl_wanted_range_dash(ctx));
}

static void check_values(struct bl_ctx *ctx)
{
	each_page(ctx, check_one, NULL);
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
	bl_pages_parse(&p, v->text, v->len);
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

	bl_pages_parse(&p, v->text, v->len);
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
	       "before a page. The safe fix removes the label and the space after it.",
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
	       "its own majority instead.",
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
