/*
 * ident.c - ISBN and ISSN checks: check digits, length, stray characters,
 * the hyphenated ISSN form, and an ISBN-10 that disagrees with the ISBN-13
 * given for the same book.
 *
 * A field may hold several identifiers ("978-0-19-850673-7; 0-19-850673-2",
 * print and electronic ISSNs) and parenthesised qualifiers ("(pbk.)");
 * each identifier is checked on its own and reported at its own span.
 */
#include "../rule.h"
#include "doi.h"
#include "ident.h"

#include <string.h>

#include "../banned.h"

struct ident {
	size_t off, len;        /* in the value text */
	char digits[24];        /* digits (and X) only */
	size_t ndigits;
	bool overflow;
};

static bool is_id_char(char c)
{
	return (c >= '0' && c <= '9') || c == 'X' || c == 'x' || c == '-' ||
	       c == ' ';
}

/* Splits text into identifier candidates and reports the offset of the
 * first stray character (outside candidates, separators and parentheses)
 * in *stray, or SIZE_MAX. Calls fn for each candidate. */
static size_t scan_idents(const char *s, size_t n,
			  void (*fn)(const struct ident *id, void *arg), void *arg,
			  size_t *stray_len)
{
	size_t i = 0, stray = SIZE_MAX;
	int paren = 0;

	*stray_len = 0;
	while (i < n) {
		char c = s[i];

		if (c == '(') {
			paren++, i++;
			continue;
		}
		if (c == ')' && paren > 0) {
			paren--, i++;
			continue;
		}
		if (paren > 0 || c == ',' || c == ';' || c == ' ' || c == '\t' ||
		    c == '/') {
			i++;
			continue;
		}
		if (c >= '0' && c <= '9') {
			struct ident id = { .off = i };
			size_t j = i, last = i;

			while (j < n && is_id_char(s[j])) {
				if (s[j] != ' ' && s[j] != '-')
					last = j;
				j++;
			}
			id.len = last + 1 - i;
			for (j = i; j < i + id.len; j++) {
				if (s[j] == '-' || s[j] == ' ')
					continue;
				if (id.ndigits + 1 >= sizeof(id.digits)) {
					id.overflow = true;
					continue;
				}
				id.digits[id.ndigits++] = s[j] == 'x' ? 'X' : s[j];
			}
			id.digits[id.ndigits] = '\0';
			fn(&id, arg);
			i += id.len;
			continue;
		}
		if (stray == SIZE_MAX) {
			size_t j = i;

			stray = i;
			while (j < n && !(s[j] >= '0' && s[j] <= '9') && s[j] != ' ' &&
			       s[j] != ',' && s[j] != ';' && s[j] != '(')
				j++;
			*stray_len = j - i;
		}
		i++;
	}
	return stray;
}

/* Splits a space-separated run that is not one identifier ("0123456789
 * 9780123456786") into its pieces. */
static void split_spaces(const struct ident *id, const char *s,
			 void (*fn)(const struct ident *, void *), void *arg)
{
	size_t i = id->off, end = id->off + id->len;

	while (i < end) {
		struct ident part = { .off = i };
		size_t j = i;

		while (j < end && s[j] != ' ')
			j++;
		part.len = j - i;
		for (size_t k = i; k < j; k++) {
			if (s[k] == '-')
				continue;
			if (part.ndigits + 1 >= sizeof(part.digits)) {
				part.overflow = true;
				continue;
			}
			part.digits[part.ndigits++] = s[k] == 'x' ? 'X' : s[k];
		}
		part.digits[part.ndigits] = '\0';
		if (part.len)
			fn(&part, arg);
		while (j < end && s[j] == ' ')
			j++;
		i = j;
	}
}

/* ---- check digits ------------------------------------------------------ */

/* The check character an ISBN-10's first nine digits call for. */
static char isbn10_check(const char *d)
{
	int sum = 0, i;

	for (i = 0; i < 9; i++)
		sum += (d[i] - '0') * (10 - i);
	sum = (11 - sum % 11) % 11;
	return sum == 10 ? 'X' : (char)('0' + sum);
}

static char isbn13_check(const char *d)
{
	int sum = 0, i;

	for (i = 0; i < 12; i++)
		sum += (d[i] - '0') * (i % 2 ? 3 : 1);
	return (char)('0' + (10 - sum % 10) % 10);
}

static char issn_check(const char *d)
{
	int sum = 0, i;

	for (i = 0; i < 7; i++)
		sum += (d[i] - '0') * (8 - i);
	sum = (11 - sum % 11) % 11;
	return sum == 10 ? 'X' : (char)('0' + sum);
}

static bool only_digits(const char *d, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (d[i] < '0' || d[i] > '9')
			return false;
	return true;
}

/* ---- ISBN -------------------------------------------------------------- */

struct isbn_state {
	struct bl_ctx *ctx;
	const struct bl_entry *e;
	const struct bl_value *v;
	char isbn10[11];            /* first valid ISBN-10 in the field */
	size_t off10, len10;
	char isbn13[14];            /* first valid ISBN-13 */
	size_t off13, len13;
	bool many10, many13;
	bool dry;                   /* count bad lengths, report nothing */
	size_t nbad;                /* candidates of a wrong length */
	size_t nissn;               /* ... of which valid ISSNs */
	size_t issn_first;          /* length of a valid ISSN the field
				     * starts with, or 0 */
};

static char issn_check(const char *d);
static bool only_digits(const char *d, size_t n);

static void isbn_one(const struct ident *id, void *arg)
{
	struct isbn_state *st = arg;
	const char *text = st->v->text;
	uint32_t start, end;
	size_t x;

	if (id->overflow || (id->ndigits != 10 && id->ndigits != 13)) {
		if (memchr(text + id->off, ' ', id->len)) {
			split_spaces(id, text, isbn_one, arg);
			return;
		}
		bool issn = id->ndigits == 8 && only_digits(id->digits, 7) &&
			    issn_check(id->digits) == id->digits[7];

		st->nbad++;
		st->nissn += issn;
		if (issn && id->off == 0)
			st->issn_first = id->len;
		if (st->dry)
			return;
		bl_value_subspan(st->v, id->off, id->len, &start, &end);
		if (issn)
			bl_report(st->ctx, BL_R_isbn_length, st->e, start, end,
				  "'%.*s' is an ISSN, not an ISBN; it belongs in the ISSN "
				  "field",
				  (int)id->len, text + id->off);
		else
			bl_report(st->ctx, BL_R_isbn_length, st->e, start, end,
				  "'%.*s' has %zu digits; an ISBN has 10 or 13", (int)id->len,
				  text + id->off, id->ndigits);
		return;
	}
	if (st->dry)
		return;
	bl_value_subspan(st->v, id->off, id->len, &start, &end);
	x = strcspn(id->digits, "X");
	if (id->ndigits == 10) {
		char want;

		if (x < 9) {
			bl_report(st->ctx, BL_R_isbn_characters, st->e, start, end,
				  "'X' may only be the last character of an ISBN-10");
			return;
		}
		want = isbn10_check(id->digits);
		if (want != id->digits[9]) {
			bl_report(st->ctx, BL_R_isbn_checksum, st->e, start, end,
				  "ISBN-10 '%.*s' has check digit %c; its digits call for %c "
				  "(a mistyped digit?)",
				  (int)id->len, text + id->off, id->digits[9], want);
			return;
		}
		if (st->isbn10[0])
			st->many10 = true;
		else {
			memcpy(st->isbn10, id->digits, 11);
			st->off10 = id->off, st->len10 = id->len;
		}
	} else {
		char want;

		if (x < 13 || !only_digits(id->digits, 13)) {
			bl_report(st->ctx, BL_R_isbn_characters, st->e, start, end,
				  "an ISBN-13 has only digits; 'X' belongs to ISBN-10");
			return;
		}
		if (memcmp(id->digits, "978", 3) != 0 && memcmp(id->digits, "979", 3) != 0) {
			bl_report(st->ctx, BL_R_isbn_checksum, st->e, start, end,
				  "ISBN-13 '%.*s' starts with %.3s; every ISBN-13 starts with "
				  "978 or 979",
				  (int)id->len, text + id->off, id->digits);
			return;
		}
		want = isbn13_check(id->digits);
		if (want != id->digits[12]) {
			bl_report(st->ctx, BL_R_isbn_checksum, st->e, start, end,
				  "ISBN-13 '%.*s' has check digit %c; its digits call for %c "
				  "(a mistyped digit?)",
				  (int)id->len, text + id->off, id->digits[12], want);
			return;
		}
		if (st->isbn13[0])
			st->many13 = true;
		else {
			memcpy(st->isbn13, id->digits, 14);
			st->off13 = id->off, st->len13 = id->len;
		}
	}
}

static void check_isbn(struct bl_ctx *ctx, const struct bl_entry *e)
{
	const struct bl_value *v = bl_entry_text(e, BL_K_ISBN);
	struct isbn_state st = { .ctx = ctx, .e = e, .v = v };
	size_t stray, stray_len, doi_off, doi_len;
	uint32_t start, end;
	bool slash;

	if (!v || bl_value_len(v) == 0)
		return;
	/* a field holding something else entirely is one finding, not
	 * one per fragment */
	st.dry = true;
	scan_idents(v->text, bl_value_len(v), isbn_one, &st, &stray_len);
	slash = memchr(v->text, '/', bl_value_len(v)) != NULL;
	if (st.nbad >= 2 || (bl_memfind(v->text, bl_value_len(v), "10.") && slash)) {
		if (st.nbad && st.nissn == st.nbad)
			bl_report(ctx, BL_R_isbn_length, e, v->start, bl_value_end(v),
				  "the ISBN field holds ISSNs ('%.*s'); they belong in "
				  "the ISSN field", BL_VALUE_FMT(v));
		else if (bl_doi_find(v->text, bl_value_len(v), true, &doi_off, &doi_len))
			bl_report(ctx, BL_R_isbn_length, e, v->start, bl_value_end(v),
				  "the ISBN field holds '%.*s', which is not an ISBN (a DOI "
				  "belongs in the DOI field)", BL_VALUE_FMT(v));
		else if (st.issn_first)
			bl_report(ctx, BL_R_isbn_length, e, v->start, bl_value_end(v),
				  "the ISBN field holds '%.*s', which is not an ISBN (it "
				  "starts with the ISSN '%.*s', which belongs in the ISSN "
				  "field)", BL_VALUE_FMT(v), (int)st.issn_first, v->text);
		else
			bl_report(ctx, BL_R_isbn_length, e, v->start, bl_value_end(v),
				  "the ISBN field holds '%.*s', which is not an ISBN",
				  BL_VALUE_FMT(v));
		return;
	}
	memset(&st, 0, sizeof(st));
	st.ctx = ctx, st.e = e, st.v = v;
	stray = scan_idents(v->text, bl_value_len(v), isbn_one, &st, &stray_len);
	if (stray != SIZE_MAX) {
		bl_value_subspan(v, stray, stray_len, &start, &end);
		bl_report(ctx, BL_R_isbn_characters, e, start, end,
			  "'%.*s' in an ISBN field; an ISBN has only digits, "
			  "hyphens and spaces (and a final X in ISBN-10)",
			  (int)stray_len, v->text + stray);
	}
	/* an ISBN-10 and an ISBN-13 of one book share their nine middle digits */
	if (st.isbn10[0] && st.isbn13[0] && !st.many10 && !st.many13 &&
	    memcmp(st.isbn13, "978", 3) == 0 &&
	    memcmp(st.isbn13 + 3, st.isbn10, 9) != 0) {
		bl_value_subspan(v, st.off10, st.len10, &start, &end);
		bl_report(ctx, BL_R_isbn_mismatch, e, start, end,
			  "ISBN-10 '%.*s' and ISBN-13 '%.*s' are different books; "
			  "their digits 1-9 and 4-12 should agree",
			  (int)st.len10, v->text + st.off10, (int)st.len13,
			  v->text + st.off13);
	}
}

/* ---- ISSN -------------------------------------------------------------- */

struct issn_state {
	struct bl_ctx *ctx;
	const struct bl_entry *e;
	const struct bl_value *v;
};

static void issn_one(const struct ident *id, void *arg)
{
	struct issn_state *st = arg;
	const char *text = st->v->text;
	uint32_t start, end;
	char want;

	if (id->overflow || id->ndigits != 8) {
		if (memchr(text + id->off, ' ', id->len)) {
			split_spaces(id, text, issn_one, arg);
			return;
		}
		bl_value_subspan(st->v, id->off, id->len, &start, &end);
		bl_report(st->ctx, BL_R_issn_form, st->e, start, end,
			  "'%.*s' has %zu digits; an ISSN has 8 (NNNN-NNNC)", (int)id->len,
			  text + id->off, id->ndigits);
		return;
	}
	bl_value_subspan(st->v, id->off, id->len, &start, &end);
	if (!only_digits(id->digits, 7)) {
		bl_report(st->ctx, BL_R_issn_form, st->e, start, end,
			  "'X' may only be the check character of an ISSN");
		return;
	}
	want = issn_check(id->digits);
	if (want != id->digits[7]) {
		bl_report(st->ctx, BL_R_issn_checksum, st->e, start, end,
			  "ISSN '%.*s' has check character %c; its digits call for %c",
			  (int)id->len, text + id->off, id->digits[7], want);
		return;
	}
	if (id->len != 9 || text[id->off + 4] != '-') {
		struct bl_finding *f;
		char fixed[10];

		memcpy(fixed, id->digits, 4);
		fixed[4] = '-';
		memcpy(fixed + 5, id->digits + 4, 4);
		fixed[9] = '\0';
		f = bl_report(st->ctx, BL_R_issn_form, st->e, start, end,
			      "ISSN '%.*s' is written as '%s' (NNNN-NNNC)", (int)id->len,
			      text + id->off, fixed);
		bl_finding_fix_value(st->ctx, f, st->v, id->off, id->len, fixed, 9, true);
	}
}

static void check_issn(struct bl_ctx *ctx, const struct bl_entry *e)
{
	const struct bl_value *v = bl_entry_text(e, BL_K_ISSN);
	struct issn_state st = { .ctx = ctx, .e = e, .v = v };
	size_t stray, stray_len;

	if (!v || bl_value_len(v) == 0)
		return;
	stray = scan_idents(v->text, bl_value_len(v), issn_one, &st, &stray_len);
	if (stray != SIZE_MAX) {
		uint32_t start, end;

		bl_value_subspan(v, stray, stray_len, &start, &end);
		bl_report(ctx, BL_R_issn_form, e, start, end,
			  "'%.*s' in an ISSN field; an ISSN is written NNNN-NNNC",
			  (int)stray_len, v->text + stray);
	}
}

/* The isbn and issn rules share one pass over the list. */
static void check_ident(struct bl_ctx *ctx)
{
	bool isbn = bl_rule_on(ctx, BL_R_isbn_characters) || bl_rule_on(ctx, BL_R_isbn_checksum) ||
		    bl_rule_on(ctx, BL_R_isbn_length) || bl_rule_on(ctx, BL_R_isbn_mismatch);
	bool issn = bl_rule_on(ctx, BL_R_issn_checksum) || bl_rule_on(ctx, BL_R_issn_form);
	size_t i;

	for (i = 0; i < ctx->list->count; i++) {
		if (isbn)
			check_isbn(ctx, &ctx->list->entries[i]);
		if (issn)
			check_issn(ctx, &ctx->list->entries[i]);
	}
}

const struct bl_rule bl_rule_isbn_characters = {
	.id = "isbn/characters",
	.severity = BL_SEV_WARNING,
	.summary = "an ISBN field holds characters other than digits, hyphens and spaces",
	.doc = "An ISBN is written with digits, hyphens or spaces between its groups, "
	       "and for ISBN-10 a final X. A label (\"ISBN:\"), letters or other "
	       "punctuation in the field are reported; separators between several "
	       "ISBNs (comma, semicolon) and parenthesised qualifiers such as "
	       "\"(pbk.)\" are accepted. Hyphenation groups are left as written.",
	.bad = "- id: a\n  type: book\n  ISBN: \"ISBN: 978-0-306-40615-7\"\n",
	.good = "- id: a\n  type: book\n  ISBN: 978-0-306-40615-7\n",
	.check = check_ident,
};

const struct bl_rule bl_rule_isbn_checksum = {
	.id = "isbn/checksum",
	.severity = BL_SEV_ERROR,
	.summary = "an ISBN's check digit does not match its other digits",
	.doc = "The last digit of an ISBN is computed from the others (modulo 11 "
	       "with weights 10..2 for ISBN-10, X standing for 10; modulo 10 with "
	       "weights 1 and 3 for ISBN-13, which also starts with 978 or 979). A "
	       "mismatch almost always means a mistyped or transposed digit; look "
	       "the book up and copy its ISBN again.",
	.bad = "- id: a\n  type: book\n  ISBN: 978-0-306-40615-6\n",
	.good = "- id: a\n  type: book\n  ISBN: 978-0-306-40615-7\n",
	.check = check_ident,
};

const struct bl_rule bl_rule_isbn_length = {
	.id = "isbn/length",
	.severity = BL_SEV_ERROR,
	.summary = "an ISBN has neither 10 nor 13 digits",
	.doc = "An ISBN has 10 digits (before 2007) or 13. Any other count means a "
	       "digit was lost or added, or the field holds another number: an "
	       "ISSN (recognised by its check character and named as such; "
	       "reference managers often export a journal's ISSN into the ISBN "
	       "field), a DOI, a catalogue number. A field with nothing like an "
	       "ISBN in it is reported once as a whole.",
	.bad = "- id: a\n  type: book\n  ISBN: 978-0-306-4061-7\n",
	.good = "- id: a\n  type: book\n  ISBN: 978-0-306-40615-7\n",
	.check = check_ident,
};

const struct bl_rule bl_rule_isbn_mismatch = {
	.id = "isbn/mismatch",
	.severity = BL_SEV_WARNING,
	.summary = "an ISBN-10 and an ISBN-13 of one entry name different books",
	.doc = "When an entry gives both forms, the ISBN-13 is 978 followed by the "
	       "first nine digits of the ISBN-10 and a new check digit. Both are "
	       "valid here but do not correspond, so one belongs to another book "
	       "or edition.",
	.bad = "- id: a\n  type: book\n  ISBN: 0-306-40615-2; 978-0-19-850673-7\n",
	.good = "- id: a\n  type: book\n  ISBN: 0-306-40615-2; 978-0-306-40615-7\n",
	.check = check_ident,
};

const struct bl_rule bl_rule_issn_checksum = {
	.id = "issn/checksum",
	.severity = BL_SEV_ERROR,
	.summary = "an ISSN's check character does not match its digits",
	.doc = "The eighth character of an ISSN is computed from the first seven "
	       "(modulo 11 with weights 8..2, X standing for 10). A mismatch means a "
	       "mistyped digit; copy the ISSN from the journal again.",
	.bad = "- id: a\n  type: article-journal\n  ISSN: 0317-8472\n",
	.good = "- id: a\n  type: article-journal\n  ISSN: 0317-8471\n",
	.check = check_ident,
};

const struct bl_rule bl_rule_issn_form = {
	.id = "issn/form",
	.severity = BL_SEV_WARNING,
	.summary = "an ISSN is not written NNNN-NNNC",
	.doc = "An ISSN is eight characters written as two groups of four joined by "
	       "a hyphen (2049-3630). Eight digits without the hyphen get a safe "
	       "fix; other lengths or stray characters are reported without one.",
	.bad = "- id: a\n  type: article-journal\n  ISSN: \"03178471\"\n",
	.good = "- id: a\n  type: article-journal\n  ISSN: 0317-8471\n",
	.fixable = true,
	.check = check_ident,
};

/* ---- shared with the duplicate checks ------------------------------------- */

struct isbn_collect {
	char (*out)[14];
	size_t max, n;
	const char *text;
};

static void collect_one(const struct ident *id, void *arg)
{
	struct isbn_collect *c = arg;
	char d[14];

	if (id->overflow || c->n >= c->max)
		return;
	if (id->ndigits == 10 && only_digits(id->digits, 9) &&
	    isbn10_check(id->digits) == id->digits[9]) {
		memcpy(d, "978", 3);
		memcpy(d + 3, id->digits, 9);
		d[12] = isbn13_check(d);
		d[13] = '\0';
	} else if (id->ndigits == 13 && only_digits(id->digits, 13) &&
		   isbn13_check(id->digits) == id->digits[12]) {
		memcpy(d, id->digits, 14);
	} else {
		if (memchr(c->text + id->off, ' ', id->len) && id->ndigits > 13)
			split_spaces(id, c->text, collect_one, arg);
		return;
	}
	memcpy(c->out[c->n++], d, 14);
}

size_t bl_isbn_list(const char *text, size_t n, char (*out)[14], size_t max)
{
	struct isbn_collect c = { .out = out, .max = max, .text = text };
	size_t stray_len;

	scan_idents(text, n, collect_one, &c, &stray_len);
	return c.n;
}
