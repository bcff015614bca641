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
		for (i = f->value.start; i < f->value.end && n + 1 < cap; i++) {
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
		    fa->u.names.count != fb->u.names.count)
			return true;
	}
	date_digits(src, a, da, sizeof(da));
	date_digits(src, b, db, sizeof(db));
	if (da[0] && db[0] && strcmp(da, db) != 0)
		return true;

	for (i = 0; i < BL_ARRAY_SIZE(distinguishing); i++) {
		const struct bl_value *x = field_text_named(a, distinguishing[i]);
		const struct bl_value *y = field_text_named(b, distinguishing[i]);

		if (x && y && (x->len != y->len || memcmp(x->text, y->text, x->len) != 0))
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

/* A folded key for text: its letters and digits, case-folded, with
 * diacritics and everything else dropped ("Léon Blum." -> "leonblum").
 * ASCII text takes a fast path that gives the same result as the general
 * one (NFD, marks removed, case folded). Stored in the arena; NULL when
 * nothing is left. */
static const char *fold(struct bl_ctx *ctx, const char *s, size_t n, size_t *keylen)
{
	struct bl_strbuf sb = BL_STRBUF_INIT;
	const char *out = NULL;
	size_t i;
	bool ascii = true;

	for (i = 0; i < n; i++)
		if ((unsigned char)s[i] >= 0x80) {
			ascii = false;
			break;
		}
	if (ascii) {
		char *buf = bl_xmalloc(n + 1);
		size_t k = 0;

		for (i = 0; i < n; i++) {
			char c = s[i];

			if (c >= 'A' && c <= 'Z')
				buf[k++] = (char)(c - 'A' + 'a');
			else if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))
				buf[k++] = c;
		}
		if (k) {
			out = bl_arena_strndup(&ctx->src->arena, buf, k);
			*keylen = k;
		}
		free(buf);
		return out;
	} else {
		UErrorCode st = U_ZERO_ERROR;
		const UNormalizer2 *nfd = unorm2_getNFDInstance(&st);
		UChar stack[256], dstack[512], *u = stack, *d = dstack;
		int32_t ulen = 0, dlen, j;
		size_t cap = BL_ARRAY_SIZE(stack), dcap = BL_ARRAY_SIZE(dstack);

		if (U_FAILURE(st))
			return NULL;
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
		for (j = 0; j < dlen;) {
			UChar32 c;
			char enc[4];

			U16_NEXT(d, j, dlen, c);
			if (u_charType(c) == U_NON_SPACING_MARK)
				continue;
			c = u_foldCase(c, U_FOLD_CASE_DEFAULT);
			if (!u_isalnum(c))
				continue;
			bl_strbuf_add(&sb, enc, (size_t)bl_utf8_encode(c, enc));
		}
		if (sb.len) {
			out = bl_arena_strndup(&ctx->src->arena, sb.buf, sb.len);
			*keylen = sb.len;
		}
cleanup:
		bl_strbuf_release(&sb);
		if (d != dstack)
			free(d);
		if (u != stack)
			free(u);
		return out;
	}
}

static const struct bl_value *family_of(const struct bl_entry *e, enum bl_key key)
{
	const struct bl_field *f = bl_entry_field(e, key);
	const struct bl_name *n;

	if (!f || f->kind != BL_FIELD_NAMES || f->u.names.count == 0)
		return NULL;
	n = &f->u.names.items[0];
	return n->family.text ? &n->family : n->literal.text ? &n->literal : NULL;
}

/* Builds "year|author|title" keys. */
static char *work_key(struct bl_ctx *ctx, const struct bl_entry *e,
		      char role, const struct bl_value *author,
		      const struct bl_value *title, size_t *len)
{
	const char *ak = NULL, *tk;
	size_t al = 0, tl = 0;
	struct bl_strbuf sb = BL_STRBUF_INIT;
	char *key;

	/* a title alone, with neither author nor year, is too little */
	if (!title || title->len == 0 || (!author && bl_entry_year(e) == 0))
		return NULL;
	tk = fold(ctx, title->text, title->len, &tl);
	if (!tk || tl < 4)
		return NULL;
	if (author)
		ak = fold(ctx, author->text, author->len, &al);
	bl_strbuf_addf(&sb, "%d|%c", (int)bl_entry_year(e), role);
	if (ak)
		bl_strbuf_add(&sb, ak, al);
	bl_strbuf_addch(&sb, '|');
	bl_strbuf_add(&sb, tk, tl);
	key = bl_arena_strndup(&ctx->src->arena, sb.buf, sb.len);
	*len = sb.len;
	bl_strbuf_release(&sb);
	return key;
}

static void report_dup(struct bl_ctx *ctx, int rule, const struct bl_entry *e,
		       const struct bl_entry *first, const char *why)
{
	const struct bl_value *t = bl_entry_text(e, BL_K_TITLE);
	struct bl_finding *f;
	unsigned line, col;

	bl_source_locate(ctx->src, first->start, &line, &col);
	if (first->id.text)
		f = bl_report(ctx, rule, e, t ? t->start : e->start, t ? t->end : e->start,
			      "the same work as '%s' (line %u): %s", first->id.text, line,
			      why);
	else
		f = bl_report(ctx, rule, e, t ? t->start : e->start, t ? t->end : e->start,
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

static void check_work(struct bl_ctx *ctx)
{
	struct bl_map map = BL_MAP_INIT;
	size_t i;

	for (i = 0; i < ctx->list->count; i++) {
		const struct bl_entry *e = &ctx->list->entries[i];
		const struct bl_value *title = bl_entry_text(e, BL_K_TITLE);
		const struct bl_value *orig = bl_entry_text(e, BL_K_ORIGINAL_TITLE);
		const struct bl_value *author = family_of(e, BL_K_AUTHOR);
		const struct bl_value *oauthor = family_of(e, BL_K_ORIGINAL_AUTHOR);
		char *key;
		size_t len;
		uint32_t prev;
		bool reported = false;

		char role = 'a';

		if (!author) {
			author = family_of(e, BL_K_EDITOR);
			role = author ? 'e' : '-';
		}
		key = work_key(ctx, e, role, author, title, &len);
		if (key && !bl_map_put(&map, key, len, (uint32_t)i, &prev)) {
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
		if (orig && !reported) {
			key = work_key(ctx, e, role, oauthor ? oauthor : author, orig, &len);
			if (key && !bl_map_put(&map, key, len, (uint32_t)i | FROM_ORIGINAL, &prev) &&
			    (prev & ~FROM_ORIGINAL) != i) {
				const struct bl_entry *p = &ctx->list->entries[prev & ~FROM_ORIGINAL];

				if (!distinct_parts(ctx->src, p, e))
					report_dup(ctx, BL_R_duplicate_work, e, p,
						   "its original title, author and year are "
						   "that entry's");
			}
		}
	}
	bl_map_release(&map);
}

static void check_isbn_dup(struct bl_ctx *ctx)
{
	struct bl_map map = BL_MAP_INIT;
	size_t i, k;

	for (i = 0; i < ctx->list->count; i++) {
		const struct bl_entry *e = &ctx->list->entries[i];
		const struct bl_value *v = bl_entry_text(e, BL_K_ISBN);
		char isbns[8][14];
		size_t n;

		if (!v || is_part_of_book(e))
			continue;
		n = bl_isbn_list(v->text, v->len, isbns, BL_ARRAY_SIZE(isbns));
		for (k = 0; k < n; k++) {
			char *key = bl_arena_strndup(&ctx->src->arena, isbns[k], 13);
			uint32_t prev;

			if (bl_map_put(&map, key, 13, (uint32_t)i, &prev) || prev == i)
				continue;
			if (!distinct_parts(ctx->src, &ctx->list->entries[prev], e)) {
				char why[160];

				snprintf(why, sizeof(why), "both have ISBN %s", isbns[k]);
				report_dup(ctx, BL_R_duplicate_isbn, e, &ctx->list->entries[prev],
					   why);
			}
			break;
		}
	}
	bl_map_release(&map);
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
	.check = check_isbn_dup,
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
	.check = check_work,
};
