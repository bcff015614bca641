/*
 * text.c - Unicode hygiene of every text value: normalisation form C,
 * stray whitespace, and invisible characters.
 *
 * Text fields and the parts of names are checked. Values that are not
 * byte-exact copies of the source (escaped or folded scalars, decoded
 * BibTeX) are reported as a whole and get no fix.
 */
#include "../rule.h"
#include "../style.h"
#include "../translit.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include <unicode/uchar.h>
#include <unicode/unorm2.h>
#include <unicode/ustring.h>

#include "../banned.h"

/* ---- text/nfc ----------------------------------------------------------- */

/* Per lead byte of a two-byte UTF-8 sequence: 0 not looked up yet; 1 when
 * all 64 code points it leads are NFC starters (Cyrillic: 0xD0, 0xD1); 2
 * otherwise. */
static uint8_t nfc_lead2[0x20];

static bool lead2_all_starters(unsigned char c)
{
	uint8_t *m = &nfc_lead2[c & 0x1F];
	uint8_t v = __atomic_load_n(m, __ATOMIC_RELAXED);
	int32_t cp;

	if (!v) {
		/* written once, whole (the table is shared by all threads) */
		v = 1;
		for (cp = (c & 0x1F) << 6; cp < ((c & 0x1F) + 1) << 6; cp++)
			if (!bl_is_nfc_starter(cp))
				v = 2;
		__atomic_store_n(m, v, __ATOMIC_RELAXED);
	}
	return v == 1;
}

/* Code points below U+0300 are all NFC_Quick_Check=Yes, so a value whose
 * bytes are all below 0xCC needs no normaliser; nor does one whose
 * characters all have quick check Yes and combining class 0 (Cyrillic
 * text, typographic punctuation). */
static bool may_need_nfc(const struct bl_value *v)
{
	uint32_t i = 0, n = bl_value_len(v);

	while (i < n && (unsigned char)v->text[i] < 0xCC)
		i++;
	while (i < n) {
		unsigned char c = (unsigned char)v->text[i];
		int32_t cp;
		int k;

		if (c < 0x80) {
			i++;
			continue;
		}
		/* a two-byte character of a block of starters (Cyrillic) */
		if (c >= 0xC2 && c <= 0xDF && i + 1 < n &&
		    ((unsigned char)v->text[i + 1] & 0xC0) == 0x80 &&
		    lead2_all_starters(c)) {
			i += 2;
			continue;
		}
		k = bl_utf8_next(v->text + i, n - i, &cp);
		if (k <= 0 || !bl_is_nfc_starter(cp))
			return true;
		i += (uint32_t)k;
	}
	return false;
}

static void nfc_value(const struct bl_entry *e, const struct bl_field *f,
		      const struct bl_name *name, const struct bl_value *v, void *arg)
{
	struct bl_ctx *ctx = arg;
	UErrorCode st = U_ZERO_ERROR;
	const UNormalizer2 *nfc;
	UChar stack[512], *u = stack, *out = NULL;
	int32_t ulen, span, olen, i;
	size_t off, cap = BL_ARRAY_SIZE(stack);
	char *utf8 = NULL;
	struct bl_finding *fd;
	uint32_t start, end;

	(void)f, (void)name;
	if (!may_need_nfc(v))
		return;
	nfc = unorm2_getNFCInstance(&st);
	if (U_FAILURE(st))
		return;
	if ((size_t)bl_value_len(v) + 1 > cap) {
		cap = (size_t)bl_value_len(v) + 1;
		u = bl_xmalloc(cap * sizeof(*u));
	}
	u_strFromUTF8(u, (int32_t)cap, &ulen, v->text, (int32_t)bl_value_len(v), &st);
	if (U_FAILURE(st))
		goto cleanup;
	if (unorm2_isNormalized(nfc, u, ulen, &st) || U_FAILURE(st))
		goto cleanup;
	span = unorm2_spanQuickCheckYes(nfc, u, ulen, &st);
	if (U_FAILURE(st))
		goto cleanup;
	/* the normalised prefix ends before the base the first mark combines
	 * with, so u[span] starts the offending sequence */
	i = span;
	/* byte offset of u[i] and of the end of the combining run */
	off = 0;
	{
		int32_t k = 0, endk;
		size_t boff = 0, bend;

		while (k < i) {
			UChar32 c;

			U16_NEXT(u, k, ulen, c);
			boff += (size_t)U8_LENGTH(c);
		}
		off = boff;
		endk = i;
		bend = boff;
		{
			UChar32 c;

			U16_NEXT(u, endk, ulen, c);
			bend += (size_t)U8_LENGTH(c);
			while (endk < ulen) {
				int32_t save = endk;

				U16_NEXT(u, endk, ulen, c);
				if (unorm2_getCombiningClass(nfc, c) == 0) {
					endk = save;
					break;
				}
				bend += (size_t)U8_LENGTH(c);
			}
		}
		bl_value_subspan(v, off, bend - off, &start, &end);
	}
	fd = bl_report(ctx, BL_R_text_nfc, e, start, end,
		       "text is not in Unicode normalisation form C (a letter and a "
		       "separate combining mark); it sorts and searches differently "
		       "from the composed letter");
	if (!fd || !(v->flags & BL_VAL_EXACT))
		goto cleanup;
	olen = unorm2_normalize(nfc, u, ulen, NULL, 0, &st);
	if (st != U_BUFFER_OVERFLOW_ERROR)
		goto cleanup;
	st = U_ZERO_ERROR;
	out = bl_xmalloc(((size_t)olen + 1) * sizeof(*out));
	unorm2_normalize(nfc, u, ulen, out, olen + 1, &st);
	if (U_SUCCESS(st)) {
		int32_t blen;

		utf8 = bl_xmalloc((size_t)olen * 3 + 1);
		u_strToUTF8(utf8, olen * 3 + 1, &blen, out, olen, &st);
		if (U_SUCCESS(st))
			bl_finding_fix_value(ctx, fd, v, 0, bl_value_len(v), utf8, (size_t)blen, true);
	}
cleanup:
	free(utf8);
	free(out);
	if (u != stack)
		free(u);
}

static void check_nfc(struct bl_ctx *ctx)
{
	bl_list_each_value(ctx->list, nfc_value, ctx);
}

/* ---- text/whitespace ------------------------------------------------------ */

/* Characters that are invisible in print and editors and never wanted in
 * a reference: zero-width spaces and joiners, soft hyphen, directional
 * marks and embeddings, a BOM inside text. */
static const char *invisible_name(int32_t cp)
{
	switch (cp) {
	case 0x00AD: return "SOFT HYPHEN";
	case 0x200B: return "ZERO WIDTH SPACE";
	case 0x200C: return "ZERO WIDTH NON-JOINER";
	case 0x200D: return "ZERO WIDTH JOINER";
	case 0x200E: return "LEFT-TO-RIGHT MARK";
	case 0x200F: return "RIGHT-TO-LEFT MARK";
	case 0x202A: return "LEFT-TO-RIGHT EMBEDDING";
	case 0x202B: return "RIGHT-TO-LEFT EMBEDDING";
	case 0x202C: return "POP DIRECTIONAL FORMATTING";
	case 0x202D: return "LEFT-TO-RIGHT OVERRIDE";
	case 0x202E: return "RIGHT-TO-LEFT OVERRIDE";
	case 0x2060: return "WORD JOINER";
	case 0x2066: return "LEFT-TO-RIGHT ISOLATE";
	case 0x2067: return "RIGHT-TO-LEFT ISOLATE";
	case 0x2068: return "FIRST STRONG ISOLATE";
	case 0x2069: return "POP DIRECTIONAL ISOLATE";
	case 0xFEFF: return "ZERO WIDTH NO-BREAK SPACE";
	}
	return NULL;
}

static void ws_report(struct bl_ctx *ctx, const struct bl_entry *e,
		      const struct bl_value *v, size_t off, size_t n,
		      const char *repl, const char *msg)
{
	struct bl_finding *f;
	uint32_t start, end;

	bl_value_subspan(v, off, n, &start, &end);
	f = bl_report(ctx, BL_R_text_whitespace, e, start, end, "%s", msg);
	bl_finding_fix_value(ctx, f, v, off, n, repl, strlen(repl), true);
}

/* True when deleting s[i..i+n) from an unquoted YAML scalar cannot change
 * how the line parses: in a plain scalar, an invisible character may be
 * all that keeps "[" or "{" from opening a collection, ": " from making a
 * key, or " #" from starting a comment. Only a character between two
 * letters or digits is removed there; quoted values and other formats are
 * always safe. */
static bool removal_keeps_syntax(const struct bl_ctx *ctx, const struct bl_value *v,
				 size_t i, size_t n)
{
	unsigned char before, after;

	if (v->flags & BL_VAL_QUOTED)
		return true;
	if (ctx->src->format != BL_FMT_CSL_YAML && ctx->src->format != BL_FMT_MARKDOWN)
		return true;
	if (i == 0 || i + n >= bl_value_len(v))
		return false;
	before = (unsigned char)v->text[i - 1];
	after = (unsigned char)v->text[i + n];
	return (before >= 0x80 || isalnum(before)) && (after >= 0x80 || isalnum(after));
}

/* Bytes that may start a space, a control or an invisible character:
 * ASCII up to the space, and the lead bytes of U+0080..U+00BF (0xC2),
 * U+2000..U+2FFF (0xE2) and U+F000..U+FFFF (0xEF). Other bytes start
 * or continue nothing that text/whitespace looks for. */
static const bool ws_start[256] = {
	[0x00] = 1, [0x01] = 1, [0x02] = 1, [0x03] = 1, [0x04] = 1, [0x05] = 1,
	[0x06] = 1, [0x07] = 1, [0x08] = 1, [0x09] = 1, [0x0A] = 1, [0x0B] = 1,
	[0x0C] = 1, [0x0D] = 1, [0x0E] = 1, [0x0F] = 1, [0x10] = 1, [0x11] = 1,
	[0x12] = 1, [0x13] = 1, [0x14] = 1, [0x15] = 1, [0x16] = 1, [0x17] = 1,
	[0x18] = 1, [0x19] = 1, [0x1A] = 1, [0x1B] = 1, [0x1C] = 1, [0x1D] = 1,
	[0x1E] = 1, [0x1F] = 1, [0x20] = 1, [0xC2] = 1, [0xE2] = 1, [0xEF] = 1,
};

static void ws_value(const struct bl_entry *e, const struct bl_field *f,
		     const struct bl_name *name, const struct bl_value *v, void *arg)
{
	struct bl_ctx *ctx = arg;
	const char *s = v->text;
	size_t n = bl_value_len(v), i, j;
	/* BibTeX and folded scalars: runs of spaces are insignificant */
	bool layout = ctx->src->format != BL_FMT_BIBTEX && (v->flags & BL_VAL_EXACT);

	(void)f, (void)name;
	if (n == 0)
		return;
	if (layout && (s[0] == ' ' || s[0] == '\t')) {
		for (j = 0; j < n && (s[j] == ' ' || s[j] == '\t'); j++)
			;
		ws_report(ctx, e, v, 0, j, "", "leading whitespace in the value");
	}
	for (i = 0; i < n;) {
		unsigned char c = (unsigned char)s[i];
		int32_t cp;
		int len;
		const char *what;

		/* most bytes are letters: step over them without decoding */
		if (!ws_start[c]) {
			for (i++; i < n && !ws_start[(unsigned char)s[i]]; i++)
				;
			continue;
		}
		len = bl_utf8_next(s + i, n - i, &cp);
		if (len < 0) {
			i++;
			continue;
		}
		if (layout && cp == '\t' && i > 0 && i + 1 < n) {
			ws_report(ctx, e, v, i, 1, " ", "a tab inside the value; use a space");
		} else if (layout && cp == ' ' && i + 1 < n && s[i + 1] == ' ' && i > 0) {
			for (j = i; j < n && s[j] == ' '; j++)
				;
			if (j < n) {
				ws_report(ctx, e, v, i, j - i, " ", "doubled space inside the value");
				i = j;
				continue;
			}
		} else if ((what = invisible_name(cp)) != NULL && !(i == 0 && cp == 0xFEFF && v->start == 0)) {
			char msg[128];

			snprintf(msg, sizeof(msg),
				 "invisible character U+%04X %s in the value; remove it",
				 (unsigned)cp, what);
			if (removal_keeps_syntax(ctx, v, i, (size_t)len))
				ws_report(ctx, e, v, i, (size_t)len, "", msg);
			else
				bl_report(ctx, BL_R_text_whitespace, e, v->start + (uint32_t)i,
					  v->start + (uint32_t)(i + (size_t)len), "%s", msg);
		}
		i += (size_t)len;
	}
	if (layout && n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t')) {
		for (j = n; j > 0 && (s[j - 1] == ' ' || s[j - 1] == '\t'); j--)
			;
		if (j > 0)
			ws_report(ctx, e, v, j, n - j, "", "trailing whitespace in the value");
	}
}

static void check_whitespace(struct bl_ctx *ctx)
{
	bl_list_each_value(ctx->list, ws_value, ctx);
}

/* ---- text/quotes ------------------------------------------------------------ */

enum quote_kind {
	Q_NONE = 0,
	Q_ENGLISH,      /* “ ” */
	Q_GUILLEMETS,   /* « » */
	Q_STRAIGHT,     /* " " */
	Q_GERMAN,       /* „ “ */
	Q__COUNT
};

static const char *const quote_example[] = {
	[Q_ENGLISH] = "\u201c\u201d", [Q_GUILLEMETS] = "\u00ab\u00bb",
	[Q_STRAIGHT] = "\"\"", [Q_GERMAN] = "\u201e\u201c",
};

/* The first opening quotation mark in a value: its kind and offset. Nested
 * quotes inside other quotes do not vote. */
static enum quote_kind first_quote(const struct bl_value *v, size_t *off, size_t *len)
{
	const char *s = v->text;
	size_t i, n = bl_value_len(v);

	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c == '"') {
			*off = i, *len = 1;
			return Q_STRAIGHT;
		}
		if (c == 0xC2 && i + 1 < n && (unsigned char)s[i + 1] == 0xAB) {
			*off = i, *len = 2;
			return Q_GUILLEMETS;
		}
		if (c == 0xE2 && i + 2 < n && (unsigned char)s[i + 1] == 0x80) {
			unsigned char d = (unsigned char)s[i + 2];

			*off = i, *len = 3;
			if (d == 0x9C)
				return Q_ENGLISH;
			if (d == 0x9E)
				return Q_GERMAN;
		}
	}
	return Q_NONE;
}

static bool quoted_field(const struct bl_field *f)
{
	return f->kind == BL_FIELD_TEXT && f->value.text &&
	       (f->key == BL_K_TITLE || f->key == BL_K_CONTAINER_TITLE ||
		f->key == BL_K_COLLECTION_TITLE || f->key == BL_K_TRANSLATED_TITLE);
}

static void check_quotes(struct bl_ctx *ctx)
{
	size_t count[Q__COUNT] = { 0 }, i, voters = 0;
	uint32_t j;
	int k, majority = Q_NONE;
	bool by_style = false;

	for (i = 0; i < ctx->list->count; i++) {
		const struct bl_entry *e = &ctx->list->entries[i];

		for (j = 0; j < e->nfields; j++) {
			size_t off, len;

			if (quoted_field(&e->fields[j]))
				count[first_quote(&e->fields[j].value, &off, &len)]++;
		}
	}
	for (k = Q_ENGLISH; k < Q__COUNT; k++)
		voters += count[k];
	for (k = Q_ENGLISH; k < Q__COUNT; k++)
		if (count[k] * 2 > voters)
			majority = k;
	/* a style that names its quotation marks decides instead */
	if (ctx->style->quote_open) {
		static const char *const open[Q__COUNT] = {
			[Q_ENGLISH] = "\u201c", [Q_GUILLEMETS] = "\u00ab",
			[Q_STRAIGHT] = "\"", [Q_GERMAN] = "\u201e",
		};

		for (k = Q_ENGLISH; k < Q__COUNT; k++)
			if (strcmp(ctx->style->quote_open, open[k]) == 0)
				majority = k, by_style = true;
	}
	if (majority == Q_NONE || count[majority] == voters)
		return;
	for (i = 0; i < ctx->list->count; i++) {
		const struct bl_entry *e = &ctx->list->entries[i];

		for (j = 0; j < e->nfields; j++) {
			const struct bl_value *v = &e->fields[j].value;
			enum quote_kind q;
			size_t off, len;
			uint32_t start, end;

			if (!quoted_field(&e->fields[j]))
				continue;
			q = first_quote(v, &off, &len);
			if (q == Q_NONE || (int)q == majority)
				continue;
			bl_value_subspan(v, off, len, &start, &end);
			if (by_style)
				bl_report(ctx, BL_R_text_quotes, e, start, end,
					  "quotation marks %s; the style '%s' uses %s",
					  quote_example[q], ctx->style->name,
					  quote_example[majority]);
			else
				bl_report(ctx, BL_R_text_quotes, e, start, end,
					  "quotation marks %s; %zu of %zu quoted titles in "
					  "this list use %s",
					  quote_example[q], count[majority], voters,
					  quote_example[majority]);
		}
	}
}

const struct bl_rule bl_rule_text_nfc = {
	.id = "text/nfc",
	.severity = BL_SEV_WARNING,
	.summary = "text is not in Unicode normalisation form C",
	.doc = "A letter with a diacritic can be stored composed (é, U+00E9) or as "
	       "the base letter followed by a combining mark (e + U+0301). They look "
	       "the same but sort, search and compare differently, so a list that "
	       "mixes them has \"duplicate\" authors and wrong order. Text copied "
	       "from PDFs and macOS file names is often decomposed. The safe fix "
	       "normalises the value to NFC.",
	.bad = "- id: a\n  title: Le\xcc\x81on Blum\n",
	.good = "- id: a\n  title: L\xc3\xa9on Blum\n",
	.fixable = true,
	.check = check_nfc,
};

const struct bl_rule bl_rule_text_whitespace = {
	.id = "text/whitespace",
	.severity = BL_SEV_WARNING,
	.summary = "stray whitespace or invisible characters in a value",
	.doc = "Reports leading and trailing spaces, doubled spaces and tabs inside "
	       "a value (except in BibTeX, where runs of spaces are insignificant), "
	       "and invisible characters anywhere: zero-width spaces and joiners, "
	       "soft hyphens, directional marks and embeddings. They come from "
	       "copying out of PDFs and web pages, break searching and duplicate "
	       "detection, and are invisible in review. Each has a safe fix.",
	.bad = "- id: a\n  title: \"The  Republic in Danger\"\n",
	.good = "- id: a\n  title: \"The Republic in Danger\"\n",
	.fixable = true,
	.check = check_whitespace,
};

const struct bl_rule bl_rule_text_quotes = {
	.id = "text/quotes",
	.severity = BL_SEV_WARNING,
	.summary = "titles quote with different kinds of quotation marks",
	.doc = "The first quotation mark of each title (and container or "
	       "collection title) votes for a kind: English \u201c\u201d, "
	       "guillemets \u00ab\u00bb, straight \"\", or German \u201e\u201c. "
	       "When one kind is used by more than half of the quoted titles, "
	       "titles using another are reported. Quotation marks nested inside "
	       "others do not vote, so Russian \u00ab\u2026\u201e\u2026\u201c\u2026\u00bb "
	       "counts as guillemets. A tie reports nothing. A style that sets "
	       "`quotes:` decides instead of the majority.",
	.bad = "- id: a\n  title: \"\u201cKomediya\u201d: franko-sovetskie popytki\"\n"
	       "- id: b\n  title: \"\u201cSud\u2019ba\u201d polkovodtsa\"\n"
	       "- id: c\n  title: \"\u00abV poiskakh\u00bb soyuznikov\"\n",
	.good = "- id: a\n  title: \"\u201cKomediya\u201d: franko-sovetskie popytki\"\n"
		"- id: b\n  title: \"\u201cSud\u2019ba\u201d polkovodtsa\"\n"
		"- id: c\n  title: \"\u201cV poiskakh\u201d soyuznikov\"\n",
	.check = check_quotes,
};
