/*
 * order.c - the order rule family: a reference list meant to be in
 * author-year order, and the fewest entries that break it.
 *
 * Each entry gets a key: the first author's family name (else the first
 * editor's, else a literal name, else the title without a leading English
 * article) as an ICU collation key for the style's locale (secondary
 * strength: letters and accents count, case does not; Cyrillic first when
 * the style says so), then the year (none sorts first, as APA's "n.d."
 * does). Conventions differ after the first author: by first author and
 * year; by the whole author list and then year (APA 7, Chicago: "Smith
 * 2001" before "Smith & Jones 1999"); or in groups of one author, two
 * authors (by the second) and three or more, each by year (AGU, APA 6).
 * The list is judged against the convention it follows most closely.
 *
 * The entries outside one longest non-decreasing subsequence of the keys
 * are the fewest that explain the disorder; each is reported with the
 * place it belongs. Sort keys are computed once per entry; everything is
 * O(n log n).
 */
#include "order.h"
#include "common.h"

#include <stdlib.h>
#include <string.h>

#include <unicode/ucol.h>
#include <unicode/uscript.h>
#include <unicode/ustring.h>

#include "../style.h"

#include "../banned.h"

/* order: auto checks a list of at least BL_ORDER_AUTO_MIN entries whose
 * longest sorted subsequence holds at least BL_ORDER_AUTO_PERCENT of them.
 * A shuffled list of n entries has a longest sorted subsequence of about
 * 2*sqrt(n); of the 40,320 orders of 8 entries only 50 (0.12%) keep 7 in
 * order, and the share falls fast as lists grow. */
#define BL_ORDER_AUTO_MIN 8
#define BL_ORDER_AUTO_PERCENT 80

/* ---- the longest non-decreasing subsequence -------------------------------- */

size_t bl_order_lis(size_t n, bl_order_cmp cmp, void *arg, bool *keep)
{
	size_t *tails, *prev, len = 0, i, k;

	if (n == 0)
		return 0;
	tails = bl_xmalloc(n * sizeof(*tails));
	prev = bl_xmalloc(n * sizeof(*prev));
	for (i = 0; i < n; i++) {
		/* the first tail greater than item i (upper bound: ties extend) */
		size_t lo = 0, hi = len;

		while (lo < hi) {
			size_t mid = lo + (hi - lo) / 2;

			if (cmp(tails[mid], i, arg) <= 0)
				lo = mid + 1;
			else
				hi = mid;
		}
		prev[i] = lo > 0 ? tails[lo - 1] : (size_t)-1;
		tails[lo] = i;
		if (lo == len)
			len++;
	}
	memset(keep, 0, n * sizeof(*keep));
	for (k = tails[len - 1];; k = prev[k]) {
		keep[k] = true;
		if (prev[k] == (size_t)-1)
			break;
	}
	free(tails);
	free(prev);
	return len;
}

/* ---- keys ------------------------------------------------------------------ */

/* The conventions a list may follow after the first author. */
enum conv {
	CONV_FIRST = 0,   /* first author, then year */
	CONV_ALL,         /* every author in turn, then year (APA, Chicago) */
	CONV_GROUPED,     /* first author; one author, two (by the second),
			   * three or more ("et al."); then year (AGU, APA 6) */
	CONV__COUNT
};

struct okey {
	uint32_t off[CONV__COUNT], len[CONV__COUNT]; /* collation key bytes */
	int32_t year;
	uint32_t entry;                  /* index in the list */
	const struct bl_value *at;       /* where to point */
};

struct keyset {
	struct okey *keys;
	size_t n;
	struct bl_strbuf bytes;          /* all collation keys */
	enum conv conv;                  /* the convention compared */
};

/* Appends the collation key of s[0..n) (with its final NUL) to sb. */
static void add_sort_key(struct bl_strbuf *sb, UCollator *coll, const char *s,
			 size_t n)
{
	UChar ubuf[256];
	uint8_t kbuf[1024];
	int32_t ulen = 0, klen;
	UErrorCode status = U_ZERO_ERROR;

	/* a prefix is enough to sort by; cut at a character boundary */
	if (n > 240) {
		n = 240;
		while (n > 0 && ((unsigned char)s[n] & 0xc0) == 0x80)
			n--;
	}
	u_strFromUTF8Lenient(ubuf, (int32_t)BL_ARRAY_SIZE(ubuf), &ulen, s, (int32_t)n,
			     &status);
	if (U_FAILURE(status))
		ulen = 0;
	klen = ucol_getSortKey(coll, ubuf, ulen, kbuf, (int32_t)sizeof(kbuf));
	if (klen <= 0 || klen > (int32_t)sizeof(kbuf)) {
		bl_strbuf_addch(sb, '\0');
		return;
	}
	bl_strbuf_add(sb, kbuf, (size_t)klen);
}

static const struct bl_field *names_field(const struct bl_entry *e)
{
	const struct bl_field *f = bl_entry_field(e, BL_K_AUTHOR);

	if (!f || f->kind != BL_FIELD_NAMES || f->u.names.count == 0)
		f = bl_entry_field(e, BL_K_EDITOR);
	if (!f || f->kind != BL_FIELD_NAMES || f->u.names.count == 0)
		return NULL;
	return f;
}

/* The title without a leading "The ", "A ", "An " (English lists). */
static const char *title_sort_text(const struct bl_value *t, size_t *n,
				   const char *locale)
{
	static const char *const articles[] = { "the ", "a ", "an " };
	size_t k;

	*n = t->len;
	if (locale && strncmp(locale, "en", 2) != 0)
		return t->text;
	for (k = 0; k < BL_ARRAY_SIZE(articles); k++) {
		size_t al = strlen(articles[k]);

		if (t->len > al && bl_memeq_ci(t->text, al, articles[k])) {
			*n = t->len - al;
			return t->text + al;
		}
	}
	return t->text;
}

/* Appends the grouped key of an entry whose name keys are at
 * bytes[first..] (first name: first_len bytes; second: at second, when
 * nnames >= 2): first name, the group, and the second name in group 2. */
static void add_grouped_key(struct bl_strbuf *sb, uint32_t first, uint32_t first_len,
			    uint32_t second, uint32_t second_len, size_t nnames)
{
	char *tmp = bl_xmalloc(first_len + second_len + 1);
	size_t n = 0;

	memcpy(tmp, sb->buf + first, first_len);
	n = first_len;
	tmp[n++] = (char)(nnames >= 3 ? 3 : nnames);
	if (nnames == 2) {
		memcpy(tmp + n, sb->buf + second, second_len);
		n += second_len;
	}
	bl_strbuf_add(sb, tmp, n);
	free(tmp);
}

static bool build_keys(struct keyset *ks, struct bl_ctx *ctx, UCollator *coll)
{
	const char *locale = ctx->style ? ctx->style->locale : NULL;
	size_t i;

	ks->keys = bl_xcalloc(ctx->list->count ? ctx->list->count : 1,
			      sizeof(*ks->keys));
	for (i = 0; i < ctx->list->count; i++) {
		const struct bl_entry *e = &ctx->list->entries[i];
		const struct bl_field *nf = names_field(e);
		const struct bl_value *v = NULL, *title;
		struct okey *k = &ks->keys[ks->n];
		uint32_t start = (uint32_t)ks->bytes.len, second = 0, second_len = 0;
		uint32_t first_len = 0;
		size_t nnames = 0, len;
		const char *text;
		uint32_t j;

		if (nf) {
			for (j = 0; j < nf->u.names.count; j++) {
				const struct bl_value *nv = bl_name_key(&nf->u.names.items[j]);
				uint32_t before = (uint32_t)ks->bytes.len;

				if (!nv)
					continue;
				if (!v)
					v = nv;
				add_sort_key(&ks->bytes, coll, nv->text, nv->len);
				nnames++;
				if (nnames == 1)
					first_len = (uint32_t)ks->bytes.len - before;
				else if (nnames == 2) {
					second = before;
					second_len = (uint32_t)ks->bytes.len - before;
				}
			}
		}
		if (!v) {
			title = bl_entry_text(e, BL_K_TITLE);
			if (!title || !title->len)
				continue;     /* nothing to sort by */
			v = title;
			text = title_sort_text(title, &len, locale);
			add_sort_key(&ks->bytes, coll, text, len);
			first_len = (uint32_t)ks->bytes.len - start;
		}
		k->off[CONV_FIRST] = start;
		k->len[CONV_FIRST] = first_len;
		k->off[CONV_ALL] = start;
		k->len[CONV_ALL] = (uint32_t)ks->bytes.len - start;
		k->off[CONV_GROUPED] = (uint32_t)ks->bytes.len;
		add_grouped_key(&ks->bytes, start, first_len, second, second_len, nnames);
		k->len[CONV_GROUPED] = (uint32_t)ks->bytes.len - k->off[CONV_GROUPED];
		k->year = bl_entry_year(e);
		k->entry = (uint32_t)i;
		k->at = v;
		ks->n++;
	}
	return ks->n > 0;
}

static int key_cmp(const struct keyset *ks, const struct okey *a, const struct okey *b)
{
	const unsigned char *base = (const unsigned char *)ks->bytes.buf;
	uint32_t al = a->len[ks->conv], bl = b->len[ks->conv];
	int c = memcmp(base + a->off[ks->conv], base + b->off[ks->conv],
		       al < bl ? al : bl);

	if (c)
		return c;
	if (al != bl)
		return al < bl ? -1 : 1;
	if (a->year != b->year)
		return a->year < b->year ? -1 : 1;
	return 0;
}

static int lis_cmp(size_t a, size_t b, void *arg)
{
	const struct keyset *ks = arg;

	return key_cmp(ks, &ks->keys[a], &ks->keys[b]);
}

static UCollator *open_collator(const struct bl_style *style)
{
	const char *locale = style && style->locale && style->locale[0] ? style->locale
									 : "en";
	UErrorCode status = U_ZERO_ERROR;
	UCollator *coll = ucol_open(locale, &status);

	if (U_FAILURE(status)) {
		status = U_ZERO_ERROR;
		coll = ucol_open("", &status);
		if (U_FAILURE(status))
			return NULL;
	}
	ucol_setStrength(coll, UCOL_SECONDARY);
	/* "Paper 2" before "Paper 10" */
	ucol_setAttribute(coll, UCOL_NUMERIC_COLLATION, UCOL_ON, &status);
	status = U_ZERO_ERROR;
	if (style && style->cyrillic_first) {
		const int32_t codes[] = { USCRIPT_CYRILLIC };

		status = U_ZERO_ERROR;
		ucol_setReorderCodes(coll, codes, 1, &status);
	}
	return coll;
}

/* The index (into keys) of the first kept entry whose key is greater than
 * the key of item x, or n when there is none. kept[] lists the kept items
 * in order. */
static size_t place_of(const struct keyset *ks, const size_t *kept, size_t nkept,
		       size_t x)
{
	size_t lo = 0, hi = nkept;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (key_cmp(ks, &ks->keys[kept[mid]], &ks->keys[x]) <= 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* Whether items a and b have the same first author (or title). */
static bool same_first(const struct keyset *ks, size_t a, size_t b)
{
	const struct okey *x = &ks->keys[a], *y = &ks->keys[b];

	return x->len[CONV_FIRST] == y->len[CONV_FIRST] &&
	       memcmp(ks->bytes.buf + x->off[CONV_FIRST], ks->bytes.buf + y->off[CONV_FIRST],
		      x->len[CONV_FIRST]) == 0;
}

static void check_order(struct bl_ctx *ctx)
{
	enum bl_order_mode mode = ctx->style ? ctx->style->order : BL_ORDER_AUTO;
	struct keyset ks;
	UCollator *coll;
	bool *keep, *keep2;
	size_t lis, lis2, i, *kept, nkept = 0;
	enum conv conv;

	if (mode == BL_ORDER_NONE || ctx->list->count < 2)
		return;
	coll = open_collator(ctx->style);
	if (!coll)
		return;
	memset(&ks, 0, sizeof(ks));
	if (!build_keys(&ks, ctx, coll) || ks.n < 2)
		goto out;
	keep = bl_xmalloc(ks.n * sizeof(*keep));
	keep2 = bl_xmalloc(ks.n * sizeof(*keep2));
	/* judge the list by the convention it follows most closely */
	ks.conv = CONV_FIRST;
	lis = bl_order_lis(ks.n, lis_cmp, &ks, keep);
	for (conv = CONV_ALL; conv < CONV__COUNT; conv++) {
		enum conv best = ks.conv;

		ks.conv = conv;
		lis2 = bl_order_lis(ks.n, lis_cmp, &ks, keep2);
		if (lis2 > lis) {
			bool *t = keep;

			keep = keep2;
			keep2 = t;
			lis = lis2;
		} else {
			ks.conv = best;
		}
	}
	/* AUTO: only a list that is already mostly sorted is meant to be */
	if (lis == ks.n ||
	    (mode == BL_ORDER_AUTO && (ks.n < BL_ORDER_AUTO_MIN ||
				       lis * 100 < ks.n * BL_ORDER_AUTO_PERCENT)))
		goto done;
	kept = bl_xmalloc(lis * sizeof(*kept));
	for (i = 0; i < ks.n; i++)
		if (keep[i])
			kept[nkept++] = i;
	for (i = 0; i < ks.n; i++) {
		const struct okey *k = &ks.keys[i];
		const struct bl_entry *e = &ctx->list->entries[k->entry];
		size_t p;

		if (keep[i])
			continue;
		p = place_of(&ks, kept, nkept, i);
		/* name the neighbour that says most: the same author's work
		 * before it, else the entry it should precede */
		if (p > 0 && (p == nkept || same_first(&ks, kept[p - 1], i)))
			bl_report(ctx, BL_R_order_author_year, e, k->at->start, k->at->end,
				  "entry out of author%syear order: '%s' should come "
				  "after '%s'", "\xe2\x80\x93", bl_entry_label(ctx, e),
				  bl_entry_label(ctx, &ctx->list->entries[ks.keys[kept[p - 1]].entry]));
		else
			bl_report(ctx, BL_R_order_author_year, e, k->at->start, k->at->end,
				  "entry out of author%syear order: '%s' should come "
				  "before '%s'", "\xe2\x80\x93", bl_entry_label(ctx, e),
				  bl_entry_label(ctx, &ctx->list->entries[ks.keys[kept[p]].entry]));
	}
	free(kept);
done:
	free(keep);
	free(keep2);
out:
	free(ks.keys);
	bl_strbuf_release(&ks.bytes);
	ucol_close(coll);
}

const struct bl_rule bl_rule_order_author_year = {
	.id = "order/author-year",
	.severity = BL_SEV_WARNING,
	.summary = "an entry out of place in a list sorted by author and year",
	.doc = "A reference list in author-year order is sorted by the first "
	       "author's family name (else the first editor's, else the title "
	       "without a leading The/A/An), compared with ICU collation for the "
	       "style's locale (`en` by default; accents count, case does not; "
	       "Cyrillic before Latin when the style says so), then by year, a "
	       "missing year first; numbers in names and titles sort by value "
	       "(Paper 2 before Paper 10). Lists sorted by the whole author list "
	       "before the year (APA 7, Chicago), or in groups of one author, two "
	       "authors and three or more (AGU, APA 6), are judged by the "
	       "convention they follow most closely. The fewest entries that explain the "
	       "disorder (those outside a longest sorted subsequence) are "
	       "reported, each with the entry it should come before or after. "
	       "A style with `order: sorted` always checks; `order: none` never "
	       "does; with `order: auto` (the default) only a list that is already "
	       "mostly sorted is checked: at least 8 entries, of which at least 80% "
	       "form a sorted subsequence. A shuffled list almost never passes that "
	       "test (of the 40,320 orders of 8 entries, 50 do), so an unsorted "
	       "database, such as a typical BibTeX or CSL library, gets no "
	       "findings. No fix.",
	.bad = "- id: b\n  author: [{family: Belousova}]\n  issued: 1976\n"
	       "- id: c\n  author: [{family: Carley}]\n  issued: 2006\n"
	       "- id: a\n  author: [{family: Abramov}]\n  issued: 1999\n",
	.good = "- id: a\n  author: [{family: Abramov}]\n  issued: 1999\n"
		"- id: b\n  author: [{family: Belousova}]\n  issued: 1976\n"
		"- id: c\n  author: [{family: Carley}]\n  issued: 2006\n",
	.example_style = "apa-7",
	.check = check_order,
};
