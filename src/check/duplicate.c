/*
 * duplicate.c - the same work entered twice.
 *
 * Two entries are one work when they share a valid ISBN, or when their
 * first authors, years and titles are equal after folding case,
 * punctuation and diacritics (letters and digits only, case-folded, marks
 * removed after canonical decomposition). An entry with a Cyrillic original also
 * matches an entry whose title is that original. Entries that differ in
 * volume, issue, number, edition, part or pages are distinct works (the
 * volumes of a set, the numbered reports of a series), and chapters that
 * share their book's ISBN are not duplicates.
 *
 * Everything is hashed: linear in the number of entries.
 */
#include "../rule.h"
#include "ident.h"

#include <stdlib.h>
#include <string.h>

#include <unicode/uchar.h>
#include <unicode/unorm2.h>
#include <unicode/ustring.h>

#include "../banned.h"

/* Fields whose differing values make two entries distinct works. */
static const char *const distinguishing[] = {
	"volume", "issue", "number", "edition", "part", "page", "pages",
	"collection-number", "chapter-number", "number-of-volumes", "version",
	"section", "eprint", "report-number",
};

static const struct bl_value *field_text_named(const struct bl_entry *e,
					       const char *name)
{
	const struct bl_field *f = bl_entry_field_named(e, name);

	return f && f->kind == BL_FIELD_TEXT && f->value.text ? &f->value : NULL;
}

/* The digits of an entry's issued date as written ("20061026" for
 * [[2006, 10, 26]], "2002b" for a printed 2002b), at most cap - 1. */
static void date_digits(const struct bl_source *src, const struct bl_entry *e,
			char *out, size_t cap)
{
	const struct bl_field *f = bl_entry_field(e, BL_K_ISSUED);
	size_t n = 0;
	uint32_t i;

	if (f)
		for (i = f->value.start; i < bl_value_end(&f->value) && n + 1 < cap; i++) {
			char c = src->data[i];

			/* digits, and a letter right after one: the a/b/c that
			 * tell one author's works of a year apart (2002b) */
			if ((c >= '0' && c <= '9') ||
			    (c >= 'a' && c <= 'z' && i > f->value.start &&
			     src->data[i - 1] >= '0' && src->data[i - 1] <= '9'))
				out[n++] = c;
		}
	out[n] = '\0';
}

/* True when a and b have a distinguishing field with different values,
 * or full dates that differ (two issues of a newspaper or web page). */
static bool distinct_parts(const struct bl_source *src, const struct bl_entry *a,
			   const struct bl_entry *b)
{
	char da[32], db[32];
	size_t i;

	/* "Doe" and "Doe and Poe" are different works */
	{
		const struct bl_field *fa = bl_entry_field(a, BL_K_AUTHOR);
		const struct bl_field *fb = bl_entry_field(b, BL_K_AUTHOR);

		if (fa && fb && fa->kind == BL_FIELD_NAMES && fb->kind == BL_FIELD_NAMES &&
		    bl_field_names(a, fa)->count != bl_field_names(b, fb)->count)
			return true;
	}
	date_digits(src, a, da, sizeof(da));
	date_digits(src, b, db, sizeof(db));
	if (da[0] && db[0] && strcmp(da, db) != 0)
		return true;

	for (i = 0; i < BL_ARRAY_SIZE(distinguishing); i++) {
		const struct bl_value *x = field_text_named(a, distinguishing[i]);
		const struct bl_value *y = field_text_named(b, distinguishing[i]);

		if (x && y && (bl_value_len(x) != bl_value_len(y) ||
			       memcmp(x->text, y->text, bl_value_len(x)) != 0))
			return true;
	}
	return false;
}

static bool is_part_of_book(const struct bl_entry *e)
{
	static const char *const types[] = {
		"chapter", "paper-conference", "entry", "entry-dictionary",
		"entry-encyclopedia", "incollection", "inproceedings", "inbook",
		"inreference", "article",
	};
	size_t i;

	if (!e->type.text)
		return false;
	for (i = 0; i < BL_ARRAY_SIZE(types); i++)
		if (bl_streq_ci(e->type.text, types[i]))
			return true;
	return false;
}

/* The ASCII fold of each byte: the letter or digit kept (lower case), 0
 * for a byte dropped, 1 for a byte of a multibyte character. */
#define FOLD_BYTE(c)                                                           \
	((c) >= 0x80 ? 1                                                       \
	 : (c) >= 'A' && (c) <= 'Z' ? (c) | 0x20                               \
	 : ((c) >= 'a' && (c) <= 'z') || ((c) >= '0' && (c) <= '9') ? (c) : 0)
#define FOLD_4(c) FOLD_BYTE(c), FOLD_BYTE(c + 1), FOLD_BYTE(c + 2), FOLD_BYTE(c + 3)
#define FOLD_16(c) FOLD_4(c), FOLD_4(c + 4), FOLD_4(c + 8), FOLD_4(c + 12)
#define FOLD_64(c) FOLD_16(c), FOLD_16(c + 16), FOLD_16(c + 32), FOLD_16(c + 48)
static const unsigned char fold_ascii[256] = {
	FOLD_64(0), FOLD_64(64), FOLD_64(128), FOLD_64(192),
};

/* The general fold: NFD, marks removed, case folded, letters and digits
 * kept. */
static size_t fold_icu(const char *s, size_t n, struct bl_strbuf *out)
{
	size_t before = out->len;
	UErrorCode st = U_ZERO_ERROR;
	const UNormalizer2 *nfd = unorm2_getNFDInstance(&st);
	UChar stack[256], dstack[512], *u = stack, *d = dstack;
	int32_t ulen = 0, dlen, j;
	size_t cap = BL_ARRAY_SIZE(stack), dcap = BL_ARRAY_SIZE(dstack);

	if (U_FAILURE(st))
		return 0;
	if (n + 1 > cap) {
		cap = n + 1;
		u = bl_xmalloc(cap * sizeof(*u));
	}
	u_strFromUTF8Lenient(u, (int32_t)cap, &ulen, s, (int32_t)n, &st);
	if (U_FAILURE(st))
		goto cleanup;
	if ((size_t)ulen * 4 + 1 > dcap) {
		dcap = (size_t)ulen * 4 + 1;
		d = bl_xmalloc(dcap * sizeof(*d));
	}
	dlen = unorm2_normalize(nfd, u, ulen, d, (int32_t)dcap, &st);
	if (U_FAILURE(st))
		goto cleanup;
	/* a code point takes at most 4 bytes and at least one unit */
	BL_GROW(out->buf, out->len + 4 * (size_t)dlen + 1, out->cap);
	for (j = 0; j < dlen;) {
		UChar32 c;

		if (d[j] < 0x80) {
			/* ASCII: no mark, folds and counts as the table says */
			unsigned char a = fold_ascii[d[j++]];

			if (a)
				out->buf[out->len++] = (char)a;
			continue;
		}
		U16_NEXT(d, j, dlen, c);
		if (u_charType(c) == U_NON_SPACING_MARK)
			continue;
		c = u_foldCase(c, U_FOLD_CASE_DEFAULT);
		if (!u_isalnum(c))
			continue;
		out->len += (size_t)bl_utf8_encode(c, out->buf + out->len);
	}
	out->buf[out->len] = '\0';
cleanup:
	if (d != dstack)
		free(d);
	if (u != stack)
		free(u);
	return out->len - before;
}

/*
 * The folds of single characters below FOLD_CACHED (Latin-1, Latin
 * Extended-A and B, IPA, Greek, Cyrillic), made once each with fold_icu().
 * For text of these characters the fold is the folds of its characters
 * put together: their canonical decompositions are a base of combining
 * class 0 and combining marks, which are all dropped, so the reordering
 * of marks never moves what is kept. Other text goes to fold_icu() whole.
 */
#define FOLD_CACHED 0x460
struct fold_cache {
	int8_t len[FOLD_CACHED];         /* -1: not made yet */
	char bytes[FOLD_CACHED][8];
	struct bl_strbuf tmp;
};

static void fold_cache_init(struct fold_cache *fc)
{
	memset(fc->len, -1, sizeof(fc->len));
	fc->tmp = (struct bl_strbuf)BL_STRBUF_INIT;
}

/* The fold of code point cp, written at s[0..l), or NULL when it is not
 * cached (then *len is not set). */
static const char *fold_char(struct fold_cache *fc, int32_t cp, const char *s, int l,
			     size_t *len)
{
	if (cp < 0x80 || cp >= FOLD_CACHED)
		return NULL;
	if (fc->len[cp] < 0) {
		bl_strbuf_reset(&fc->tmp);
		fold_icu(s, (size_t)l, &fc->tmp);
		if (fc->tmp.len > sizeof(fc->bytes[cp]))
			return NULL;
		memcpy(fc->bytes[cp], fc->tmp.buf, fc->tmp.len);
		fc->len[cp] = (int8_t)fc->tmp.len;
	}
	*len = (size_t)fc->len[cp];
	return fc->bytes[cp];
}

/* Appends a folded key for text to out: its letters and digits,
 * case-folded, with diacritics and everything else dropped ("Léon Blum."
 * -> "leonblum"). ASCII text, and text of the characters fold_cache
 * holds, take fast paths that give the same result as the general one.
 * Returns the number of bytes appended (0 when nothing is left). */
static size_t fold(const char *s, size_t n, struct bl_strbuf *out, struct fold_cache *fc)
{
	size_t i, k = 0, before = out->len;
	char *buf;

	/* a character of 2 bytes or more folds to at most 8 */
	BL_GROW(out->buf, out->len + 4 * n + 1, out->cap);
	buf = out->buf + out->len;
	for (i = 0; i < n;) {
		unsigned char c = fold_ascii[(unsigned char)s[i]];
		const unsigned char *u = (const unsigned char *)s + i;
		const char *f;
		int32_t cp;
		size_t fl;

		if (c != 1) {
			buf[k] = (char)c;
			k += c != 0;
			i++;
			continue;
		}
		/* the cached characters take two bytes */
		if (u[0] < 0xc2 || u[0] > 0xdf || i + 1 >= n || (u[1] & 0xc0) != 0x80 ||
		    !(f = fold_char(fc, cp = (u[0] & 0x1f) << 6 | (u[1] & 0x3f), s + i, 2,
				    &fl))) {
			/* not a character the cache holds: all of it the
			 * general way */
			out->buf[before] = '\0';
			return fold_icu(s, n, out);
		}
		memcpy(buf + k, f, fl);
		k += fl;
		i += 2;
	}
	buf[k] = '\0';
	out->len += k;
	return k;
}

static const struct bl_value *family_of(const struct bl_entry *e, enum bl_key key)
{
	const struct bl_field *f = bl_entry_field(e, key);
	const struct bl_name *n;

	if (!f || f->kind != BL_FIELD_NAMES || bl_field_names(e, f)->count == 0)
		return NULL;
	n = &bl_field_names(e, f)->items[0];
	return n->family.text ? &n->family
	       : bl_name_literal(n)->text ? bl_name_literal(n) : NULL;
}

/* Builds the "year|author|title" key of an entry whose year is year in
 * sb (reset first); false when the entry has too little for one. */
static bool work_key(int32_t year, char role, const struct bl_value *author,
		     const struct bl_value *title, struct bl_strbuf *sb,
		     struct fold_cache *fc)
{
	char num[16];
	size_t k = sizeof(num);
	uint32_t y = year < 0 ? 0u - (uint32_t)year : (uint32_t)year;

	/* a title alone, with neither author nor year, is too little */
	if (!title || bl_value_len(title) == 0 || (!author && year == 0))
		return false;
	bl_strbuf_reset(sb);
	do {
		num[--k] = (char)('0' + y % 10);
		y /= 10;
	} while (y);
	if (year < 0)
		num[--k] = '-';
	bl_strbuf_add(sb, num + k, sizeof(num) - k);
	bl_strbuf_addch(sb, '|');
	bl_strbuf_addch(sb, role);
	if (author)
		fold(author->text, bl_value_len(author), sb, fc);
	bl_strbuf_addch(sb, '|');
	return fold(title->text, bl_value_len(title), sb, fc) >= 4;
}

static void report_dup(struct bl_ctx *ctx, int rule, const struct bl_entry *e,
		       const struct bl_entry *first, const char *why)
{
	const struct bl_value *t = bl_entry_text(e, BL_K_TITLE);
	struct bl_finding *f;
	unsigned line, col;

	bl_source_locate(ctx->src, first->start, &line, &col);
	if (first->id.text)
		f = bl_report(ctx, rule, e, t ? t->start : e->start, t ? bl_value_end(t) : e->start,
			      "the same work as '%.*s' (line %u): %s", BL_VALUE_FMT(&first->id), line,
			      why);
	else
		f = bl_report(ctx, rule, e, t ? t->start : e->start, t ? bl_value_end(t) : e->start,
			      "the same work as the entry on line %u: %s", line, why);
	if (f) {
		f->related_src = ctx->src;
		f->related_start = first->start;
		f->has_related = true;
	}
}

/* Map values: the entry index, with this bit when the key was built from
 * the entry's original-title. */
#define FROM_ORIGINAL 0x80000000u

/* duplicate/isbn for entry i: its ISBNs go in map. */
static void isbn_entry(struct bl_ctx *ctx, struct bl_map *map, size_t i)
{
	const struct bl_entry *e = &ctx->list->entries[i];
	const struct bl_value *v = bl_entry_text(e, BL_K_ISBN);
	char isbns[8][14];
	size_t n, k;

	if (!v || is_part_of_book(e))
		return;
	n = bl_isbn_list(v->text, bl_value_len(v), isbns, BL_ARRAY_SIZE(isbns));
	for (k = 0; k < n; k++) {
		char *key = bl_arena_strndup(&ctx->src->arena, isbns[k], 13);
		uint32_t prev;

		if (bl_map_put(map, key, 13, (uint32_t)i, &prev) || prev == i)
			continue;
		if (!distinct_parts(ctx->src, &ctx->list->entries[prev], e)) {
			char why[160];

			snprintf(why, sizeof(why), "both have ISBN %s", isbns[k]);
			report_dup(ctx, BL_R_duplicate_isbn, e, &ctx->list->entries[prev], why);
		}
		break;
	}
}

/* The work key of e in sb: its own, or its original's (original title,
 * original author if any) when original. False when it has too little
 * for one. */
static bool entry_key(const struct bl_entry *e, bool original, struct bl_strbuf *sb,
		      struct fold_cache *fc)
{
	const struct bl_value *title, *author = family_of(e, BL_K_AUTHOR), *oauthor;
	char role = 'a';

	if (!author) {
		author = family_of(e, BL_K_EDITOR);
		role = author ? 'e' : '-';
	}
	if (original) {
		title = bl_entry_text(e, BL_K_ORIGINAL_TITLE);
		oauthor = family_of(e, BL_K_ORIGINAL_AUTHOR);
		if (!title)
			return false;
		if (oauthor)
			author = oauthor;
	} else {
		title = bl_entry_text(e, BL_K_TITLE);
	}
	return work_key(bl_entry_year(e), role, author, title, sb, fc);
}

/* The work keys seen, by a 32-bit hash and the value put with each (an
 * entry's index, with FROM_ORIGINAL): a match is confirmed by making the
 * earlier entry's key again, which spares holding every key. */
struct work_slot {
	uint32_t hash;
	uint32_t val;            /* EMPTY_SLOT when free */
};
#define EMPTY_SLOT UINT32_MAX

struct work_table {
	struct work_slot *slots;
	size_t cap, count;
	const struct bl_list *list;
	struct bl_strbuf again;  /* an earlier entry's key, made again */
	struct fold_cache *fc;
};

static void work_grow(struct work_table *t, size_t want)
{
	struct work_slot *old = t->slots;
	size_t oldcap = t->cap, i, cap = 64;

	while (cap < want * 2)
		cap *= 2;
	t->slots = bl_xmalloc(cap * sizeof(*t->slots));
	memset(t->slots, 0xff, cap * sizeof(*t->slots));
	t->cap = cap;
	for (i = 0; i < oldcap; i++) {
		size_t j;

		if (old[i].val == EMPTY_SLOT)
			continue;
		for (j = old[i].hash & (cap - 1); t->slots[j].val != EMPTY_SLOT;
		     j = (j + 1) & (cap - 1))
			;
		t->slots[j] = old[i];
	}
	free(old);
}

/* Puts key (the key of val's entry) unless an equal key is there: then sets
 * *prev to that key's value and returns false. */
static bool work_put(struct work_table *t, const struct bl_strbuf *key, uint32_t val,
		     uint32_t *prev)
{
	uint32_t h = (uint32_t)bl_hash_fast(key->buf, key->len);
	size_t j;

	if ((t->count + 1) * 2 > t->cap)
		work_grow(t, t->count + 1);
	for (j = h & (t->cap - 1); t->slots[j].val != EMPTY_SLOT; j = (j + 1) & (t->cap - 1)) {
		const struct work_slot *s = &t->slots[j];

		if (s->hash == h &&
		    entry_key(&t->list->entries[s->val & ~FROM_ORIGINAL],
			      (s->val & FROM_ORIGINAL) != 0, &t->again, t->fc) &&
		    t->again.len == key->len && memcmp(t->again.buf, key->buf, key->len) == 0) {
			*prev = s->val;
			return false;
		}
	}
	t->slots[j].hash = h;
	t->slots[j].val = val;
	t->count++;
	return true;
}

/* duplicate/work and duplicate/isbn, in one pass over the list. */
static void check_duplicates(struct bl_ctx *ctx)
{
	bool work = bl_rule_on(ctx, BL_R_duplicate_work);
	bool isbn = bl_rule_on(ctx, BL_R_duplicate_isbn);
	struct bl_map isbn_map = BL_MAP_INIT;
	struct work_table table = { .list = ctx->list, .again = BL_STRBUF_INIT };
	struct bl_strbuf sb = BL_STRBUF_INIT;
	struct fold_cache *fc = bl_xmalloc(sizeof(*fc));
	size_t i;

	fold_cache_init(fc);
	table.fc = fc;
	if (work)
		work_grow(&table, ctx->list->count);

	for (i = 0; i < ctx->list->count; i++) {
		const struct bl_entry *e = &ctx->list->entries[i];
		uint32_t prev;
		bool reported = false;

		if (isbn)
			isbn_entry(ctx, &isbn_map, i);
		if (!work)
			continue;
		if (entry_key(e, false, &sb, fc) && !work_put(&table, &sb, (uint32_t)i, &prev)) {
			const struct bl_entry *p = &ctx->list->entries[prev & ~FROM_ORIGINAL];

			if (!distinct_parts(ctx->src, p, e)) {
				report_dup(ctx, BL_R_duplicate_work, e, p,
					   prev & FROM_ORIGINAL
						   ? "its author, year and title are that "
						     "entry's original"
						   : "same first author, year and title");
				reported = true;
			}
		}
		/* a romanised entry with its original matches the original's entry */
		if (!reported && entry_key(e, true, &sb, fc) &&
		    !work_put(&table, &sb, (uint32_t)i | FROM_ORIGINAL, &prev) &&
		    (prev & ~FROM_ORIGINAL) != i) {
			const struct bl_entry *p = &ctx->list->entries[prev & ~FROM_ORIGINAL];

			if (!distinct_parts(ctx->src, p, e))
				report_dup(ctx, BL_R_duplicate_work, e, p,
					   "its original title, author and year are "
					   "that entry's");
		}
	}
	free(table.slots);
	bl_strbuf_release(&table.again);
	bl_map_release(&isbn_map);
	bl_strbuf_release(&sb);
	bl_strbuf_release(&fc->tmp);
	free(fc);
}

const struct bl_rule bl_rule_duplicate_isbn = {
	.id = "duplicate/isbn",
	.severity = BL_SEV_WARNING,
	.summary = "two entries give the same ISBN",
	.doc = "Two entries (not chapters or articles, which share their book's or "
	       "proceedings' ISBN) carry the same valid ISBN, an ISBN-10 and its "
	       "ISBN-13 counting as the same. Unless they are different volumes, "
	       "editions or parts (those fields differ), the book was entered twice. "
	       "The second entry is reported and the first one named.",
	.bad = "- id: a\n  type: book\n  title: Le triangle impossible\n  ISBN: 978-0-306-40615-7\n"
	       "- id: b\n  type: book\n  title: Triangle impossible\n  ISBN: 0-306-40615-2\n",
	.good = "- id: a\n  type: book\n  title: Le triangle impossible\n  ISBN: 978-0-306-40615-7\n"
		"- id: b\n  type: book\n  title: Une mission militaire\n  ISBN: 978-0-19-850673-7\n",
	.check = check_duplicates,
};

const struct bl_rule bl_rule_duplicate_work = {
	.id = "duplicate/work",
	.severity = BL_SEV_WARNING,
	.summary = "two entries describe the same work",
	.doc = "Two entries have the same first author (or editor), year and "
	       "title, and as many authors, once case, "
	       "punctuation, spacing and diacritics are ignored (\"Leon Blum\" and "
	       "\"Léon Blum.\"), or one entry's original (original-title, "
	       "original-author) is the other's title and author. Entries that "
	       "differ in volume, issue, number, edition, part or pages are "
	       "distinct works and are not reported, and so are entries with "
	       "different full dates (issues of a newspaper or a web page). Titles "
	       "shorter than four letters, and entries with neither author nor "
	       "year, are not compared.",
	.bad = "- id: a\n  author: [{family: Berstein, given: S.}]\n  issued: {date-parts: [[2006]]}\n"
	       "  title: Léon Blum\n"
	       "- id: b\n  author: [{family: Berstein, given: Serge}]\n  issued: {date-parts: [[2006]]}\n"
	       "  title: Leon Blum.\n",
	.good = "- id: a\n  author: [{family: Berstein, given: S.}]\n  issued: {date-parts: [[2006]]}\n"
		"  title: Léon Blum\n  volume: 1\n"
		"- id: b\n  author: [{family: Berstein, given: Serge}]\n  issued: {date-parts: [[2006]]}\n"
		"  title: Leon Blum.\n  volume: 2\n",
	.check = check_duplicates,
};
