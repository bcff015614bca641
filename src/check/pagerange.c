/*
 * pagerange.c - reading page fields: page numbers, roman numerals and
 * article ids, ranges and their dashes, labels, stray spaces and junk;
 * comparing and expanding the ends of a range as digit strings (see
 * pages.h). The pages rule family (pages.c) reports what this finds.
 */
#include "pages.h"

#include <string.h>

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
	/* 12f, 12ff ("and following") cite a passage, not pages */
	if (digits && letters && s[j - 1] == 'f') {
		size_t q = j - 1, d;

		if (q > i && s[q - 1] == 'f')
			q--;
		for (d = i; d < q && bl_is_digit(s[d]); d++)
			;
		if (d == q && q > i)
			return false;
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
static const struct {
	const char *word;
	bool need_dot;
} labels[] = {
	{ "pages", false }, { "page", false }, { "pgs", false },
	{ "pg", false }, { "pp", false }, { "p", false },
	{ "S", true }, { "\xd1\x81\xd1\x82\xd1\x80", false }, /* стр */
	{ "\xd1\x81", true }, { "\xd0\xa1", true },            /* с, С */
};

/* Whether a label can start at s[i..n): every one starts with p, P, S or
 * the first byte of a Cyrillic letter. */
static bool may_start_label(const char *s, size_t n, size_t i)
{
	unsigned char c;

	if (i >= n)
		return false;
	c = (unsigned char)s[i];
	return (c | 0x20) == 'p' || c == 'S' || c == 0xd0 || c == 0xd1;
}

/* A label word (and its period) at s[i..n) that ends the value: "573 p.",
 * "12–17 pp". */
static bool trailing_label(const char *s, size_t n, size_t i)
{
	size_t k;

	if (!may_start_label(s, n, i))
		return false;
	for (k = 0; k < BL_ARRAY_SIZE(labels); k++) {
		const char *w = labels[k].word;
		size_t wl = strlen(w), j = i;

		if (j + wl > n)
			continue;
		if (w[0] == 'S' ? memcmp(s + j, w, wl) != 0
				: !bl_memeq_ci(s + j, wl, w))
			continue;
		j += wl;
		if (j < n && s[j] == '.')
			j++;
		else if (labels[k].need_dot)
			continue;
		if (j + space_run(s, n, j) == n)
			return true;
	}
	return false;
}

static size_t label_at(const char *s, size_t n, size_t i)
{
	size_t k;

	if (!may_start_label(s, n, i))
		return 0;
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

	/* only the counts: every reader stops at them (clearing the arrays
	 * cost more than the parse) */
	p->nranges = 0;
	p->nissues = 0;
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
		if (j > i && trailing_label(s, n, j)) {
			add_issue(p, BL_PI_LABEL, i, n - i, "", "trailing page label");
			break;
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
