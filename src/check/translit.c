/*
 * translit.c - romanised text checked against its Cyrillic original
 * (translit/mismatch), against the fingerprints of the list's scheme
 * (translit/scheme), against the list's own majority spelling of each
 * letter (translit/inconsistent), and for Cyrillic left in it
 * (translit/cyrillic).
 *
 * The scheme is the style's (translit: scheme:), else the one that
 * reproduces most words of the list's originals. Transliterators are
 * compiled only when an entry has a Cyrillic original or the style names a
 * scheme and an entry is romanised (src/translit.c caches per word).
 */
#include "../rule.h"
#include "../style.h"
#include "../translit.h"
#include "common.h"

#include <stdlib.h>
#include <limits.h>
#include <string.h>

#include <unicode/uchar.h>

#include "../banned.h"

/* ---- words of a value -------------------------------------------------- */

struct word {
	uint32_t off, len;
	bool same;     /* romanised words: equal to the expected word */
};

struct words {
	struct word *w;
	size_t n, cap;
};

static void words_split(struct words *ws, const char *s, size_t n)
{
	size_t pos = 0, off, len;

	ws->n = 0;
	while (bl_word_next(s, n, &pos, &off, &len)) {
		BL_GROW(ws->w, ws->n + 1, ws->cap);
		ws->w[ws->n].off = (uint32_t)off;
		ws->w[ws->n].len = (uint32_t)len;
		ws->w[ws->n].same = false;
		ws->n++;
	}
}

/* The word's case pattern applied to latin (lower-case or cased). */
static void add_in_case_of(struct bl_strbuf *out, const char *model, size_t mn,
			   const char *latin, size_t ln)
{
	size_t i = 0, upper = 0, letters = 0;
	bool first_upper = false, first = true;

	while (i < mn) {
		int32_t cp;
		int k = bl_utf8_decode(model + i, mn - i, &cp);

		if (k <= 0)
			break;
		if (u_isalpha(cp)) {
			if (u_isupper(cp)) {
				upper++;
				if (letters == 0)
					first_upper = true;
			}
			letters++;
		}
		i += (size_t)k;
	}
	for (i = 0; i < ln;) {
		int32_t cp;
		int k = bl_utf8_decode(latin + i, ln - i, &cp);
		char enc[4];

		if (k <= 0) {
			bl_strbuf_add(out, latin + i, 1);
			i++;
			continue;
		}
		if (u_isalpha(cp)) {
			if (upper == letters && letters > 1)
				cp = u_toupper(cp);
			else if (first && first_upper)
				cp = u_totitle(cp);
			else if (!first || !first_upper)
				cp = u_tolower(cp);
			first = false;
		}
		bl_strbuf_add(out, enc, (size_t)bl_utf8_encode(cp, enc));
		i += (size_t)k;
	}
}

/* ---- the list's scheme -------------------------------------------------- */

#define MAX_LANGS 4
#define INFER_SAMPLE 400
/* every this many pairs, a scheme that misses more than twice the words
 * the best one misses, plus a margin, is no longer scored: schemes differ
 * in a few letters, so the wrong ones fall behind within a few titles */
#define INFER_PRUNE 20
#define INFER_MARGIN 8

struct choice {
	const char *lang;
	const struct bl_scheme *scheme;
	bool inferred;
	unsigned agree, total;    /* words of the sample (inferred only) */
	/* the schemes that agree with the sample as well as scheme does (it
	 * included); a spelling any of them writes is accepted */
	const struct bl_scheme *tied[16];
	size_t ntied;
};

/* What a word of romanised text tells the scheme and consistency checks,
 * worked out once per distinct word (lists repeat their vocabulary). */
#define MAX_KLASSES 12

struct word_info {
	bool counted;             /* no acronym or number, and reads as
				   * romanised Slavic */
	bool detected;            /* var[] is filled in */
	int8_t var[MAX_KLASSES];  /* translit/inconsistent: the spelling of
				   * each letter, or -1 */
	/* translit/scheme: why the scheme of choice `forbid_for` cannot
	 * write the word (NULL: it or a tied one can), at [fo, fo + fn) */
	const void *forbid_for;
	const char *why_not;
	size_t fo, fn;
};

struct word_memo {
	struct bl_map map;        /* word -> index in info; keys point into
				   * the source's values */
	struct word_info *info;
	size_t n, cap;
};

/* The schemes chosen for a source, per language: the translit checks
 * share them through ctx->translit (inferring a scheme is the costly part
 * of a small list). */
struct bl_translit_choices {
	struct choice choices[MAX_LANGS];
	size_t n;
};

/* bl_translit_fold of the words compared, once per distinct word: a
 * word's folding is folded.buf[off[i], off[i] + len[i]) */
struct fold_memo {
	struct bl_map map;        /* word -> i; keys are copies in arena */
	struct bl_arena arena;
	struct bl_strbuf folded;
	uint32_t *off, *len;
	size_t n, cap;
};

struct state {
	struct bl_ctx *ctx;
	struct words wr, we, wo;
	struct bl_strbuf exp, tmp;
	struct word_memo memo;
	struct fold_memo folds;
};

/* The index of the folding of w[0..n) in st->folds. */
static size_t fold_of(struct state *st, const char *w, size_t n)
{
	struct fold_memo *m = &st->folds;
	uint32_t idx;
	size_t before;

	if (bl_map_get(&m->map, w, n, &idx))
		return idx;
	if (!m->n && !m->cap)
		bl_arena_init(&m->arena);
	if (m->n == m->cap) {
		m->cap = m->cap ? m->cap * 2 : 64;
		m->off = bl_xrealloc(m->off, m->cap * sizeof(*m->off));
		m->len = bl_xrealloc(m->len, m->cap * sizeof(*m->len));
	}
	before = m->folded.len;
	bl_translit_fold(w, n, &m->folded);
	m->off[m->n] = (uint32_t)before;
	m->len[m->n] = (uint32_t)(m->folded.len - before);
	bl_map_put(&m->map, bl_arena_memdup(&m->arena, w, n), n, (uint32_t)m->n, &idx);
	return m->n++;
}

/* True when the two words fold to the same skeleton. */
static bool fold_eq(struct state *st, const char *a, size_t an, const char *b, size_t bn)
{
	size_t i = fold_of(st, a, an), j = fold_of(st, b, bn);
	const struct fold_memo *m = &st->folds;

	return m->len[i] == m->len[j] &&
	       (m->len[i] == 0 ||
		memcmp(m->folded.buf + m->off[i], m->folded.buf + m->off[j], m->len[i]) == 0);
}

static void state_release(struct state *st)
{
	bl_map_release(&st->memo.map);
	free(st->memo.info);
	free(st->wr.w);
	free(st->we.w);
	free(st->wo.w);
	bl_strbuf_release(&st->exp);
	bl_map_release(&st->folds.map);
	if (st->folds.cap)
		bl_arena_release(&st->folds.arena);
	bl_strbuf_release(&st->folds.folded);
	free(st->folds.off);
	free(st->folds.len);
	bl_strbuf_release(&st->tmp);
}

/* A romanised text and its original, or a romanised name part. */
struct pair {
	const struct bl_value *rom;
	const char *orig;
	size_t orig_len;
};

static size_t entry_pairs(const struct bl_entry *e, struct pair *out, size_t cap)
{
	static const struct { uint16_t rom, orig; } text_pairs[] = {
		{ BL_K_TITLE, BL_K_ORIGINAL_TITLE },
		{ BL_K_CONTAINER_TITLE, BL_K_ORIGINAL_CONTAINER_TITLE },
		{ BL_K_PUBLISHER, BL_K_ORIGINAL_PUBLISHER },
		{ BL_K_PUBLISHER_PLACE, BL_K_ORIGINAL_PUBLISHER_PLACE },
	};
	const struct bl_field *ra, *oa;
	size_t n = 0, i;
	uint32_t k;

	for (i = 0; i < BL_ARRAY_SIZE(text_pairs) && n < cap; i++) {
		const struct bl_value *r = bl_entry_text(e, text_pairs[i].rom);
		const struct bl_value *o = bl_entry_text(e, text_pairs[i].orig);

		if (r && o && r->text && o->text && bl_has_cyrillic(o->text, bl_value_len(o))) {
			out[n].rom = r;
			out[n].orig = o->text;
			out[n].orig_len = bl_value_len(o);
			n++;
		}
	}
	ra = bl_entry_field(e, BL_K_AUTHOR);
	oa = bl_entry_field(e, BL_K_ORIGINAL_AUTHOR);
	if (ra && oa && ra->kind == BL_FIELD_NAMES && oa->kind == BL_FIELD_NAMES) {
		const struct bl_names *rn = bl_field_names(e, ra), *on = bl_field_names(e, oa);

		for (k = 0; k < rn->count && k < on->count; k++) {
			const struct bl_name *r = &rn->items[k];
			const struct bl_name *o = &on->items[k];
			const struct bl_value *rv[3] = { &r->family, &r->given, bl_name_literal(r) };
			const struct bl_value *ov[3] = { &o->family, &o->given, bl_name_literal(o) };
			int j;

			for (j = 0; j < 3 && n < cap; j++) {
				if (rv[j]->text && ov[j]->text &&
				    bl_has_cyrillic(ov[j]->text, bl_value_len(ov[j]))) {
					out[n].rom = rv[j];
					out[n].orig = ov[j]->text;
					out[n].orig_len = bl_value_len(ov[j]);
					n++;
				}
			}
		}
	}
	return n;
}

/* Transliterates the original of p into st->exp and splits both sides into
 * words; false when the romanised side is not a romanisation of the
 * original at all (a translation) or the scheme fails. */
static bool prepare(struct state *st, const struct bl_scheme *s, const struct pair *p,
		    size_t *rlen)
{
	struct bl_error err;
	size_t i, agree = 0, most;

	*rlen = bl_value_len(p->rom);
	if (!memchr(p->orig, '[', p->orig_len))
		*rlen = bl_strip_translation(p->rom->text, bl_value_len(p->rom));
	if (bl_has_cyrillic(p->rom->text, *rlen))
		return false;   /* translit/cyrillic's business */
	bl_strbuf_reset(&st->exp);
	if (bl_scheme_translit(s, p->orig, p->orig_len, &st->exp, &err) < 0)
		return false;
	words_split(&st->wr, p->rom->text, *rlen);
	words_split(&st->we, st->exp.buf ? st->exp.buf : "", st->exp.len);
	most = st->wr.n > st->we.n ? st->wr.n : st->we.n;
	if (most == 0)
		return false;
	for (i = 0; i < st->wr.n && i < st->we.n; i++) {
		const char *a = p->rom->text + st->wr.w[i].off, *b = st->exp.buf + st->we.w[i].off;
		size_t an = st->wr.w[i].len, bn = st->we.w[i].len;

		bool eq = bl_translit_word_eq(s, a, an, b, bn);

		st->wr.w[i].same = eq;
		if (eq || fold_eq(st, a, an, b, bn))
			agree++;
		else if ((i + 1 - agree) * 2 > most)
			return false;   /* a translation: half the words differ */
	}
	return agree * 2 >= most;
}

/* Words of p that scheme s writes as p does: adds to *agree and *total.
 * False when p is no romanisation of its original under s (a
 * translation, or Cyrillic left in it). */
static bool score(struct state *st, const struct bl_scheme *s, const struct pair *p,
		  unsigned *agree, unsigned *total)
{
	size_t rlen, i;

	if (!prepare(st, s, p, &rlen))
		return false;
	for (i = 0; i < st->wr.n; i++) {
		(*total)++;
		if (i < st->we.n &&
		    bl_translit_word_eq(s, p->rom->text + st->wr.w[i].off, st->wr.w[i].len,
					st->exp.buf + st->we.w[i].off, st->we.w[i].len))
			(*agree)++;
	}
	return true;
}

/* The scheme for entries in language lang: the style's, else inferred from
 * the list's originals. NULL when there is none. */
static const struct choice *choose(struct state *st, const char *lang)
{
	const struct bl_style *style = st->ctx->style;
	struct bl_translit_choices *ch = st->ctx->translit;
	struct choice *c;
	const struct bl_scheme *cand[64];
	unsigned agree[64] = { 0 }, total[64] = { 0 };
	bool dropped[64] = { false };
	size_t ncand = 0, i, k, sampled = 0;
	bool aliases = false;
	struct bl_error err;

	if (!ch)
		ch = st->ctx->translit = bl_arena_alloc(&st->ctx->src->arena, sizeof(*ch));
	for (i = 0; i < ch->n; i++)
		if (strcmp(ch->choices[i].lang, lang) == 0)
			return ch->choices[i].scheme ? &ch->choices[i] : NULL;
	if (ch->n == MAX_LANGS)
		return NULL;
	c = &ch->choices[ch->n++];
	memset(c, 0, sizeof(*c));
	c->lang = lang;
	if (bl_schemes_load(&err) < 0)
		return NULL;
	if (style && style->translit_scheme) {
		const struct bl_scheme *s = bl_scheme_find(style->translit_scheme);

		if (s && strcmp(s->language, lang) == 0) {
			c->scheme = s;
			return c;
		}
	}
	/* candidates: the rule files for the language; ICU's built-ins only
	 * when there is no rule file (they are slow to compile) */
again:
	for (i = 0; i < bl_scheme_count() && ncand < BL_ARRAY_SIZE(cand); i++) {
		const struct bl_scheme *s = bl_scheme_at(i);

		if (strcmp(s->language, lang) == 0 && (s->icu_id != NULL) == aliases)
			cand[ncand++] = s;
	}
	if (ncand == 0 && !aliases) {
		aliases = true;
		goto again;
	}
	for (i = 0; i < st->ctx->list->count && sampled < INFER_SAMPLE; i++) {
		const struct bl_entry *e = &st->ctx->list->entries[i];
		struct pair pairs[16];
		size_t np, j, next_prune = INFER_PRUNE;

		if (strcmp(bl_entry_cyr_language(e), lang) != 0)
			continue;
		np = entry_pairs(e, pairs, BL_ARRAY_SIZE(pairs));
		for (j = 0; j < np; j++, sampled++) {
			bool first = true;

			for (k = 0; k < ncand; k++) {
				if (dropped[k])
					continue;
				/* every scheme reads a translation as one: the
				 * first that does settles it for the rest */
				if (!score(st, cand[k], &pairs[j], &agree[k], &total[k]) && first)
					break;
				first = false;
			}
		}
		/* schemes far behind the leader cannot win: stop scoring them */
		if (sampled >= next_prune) {
			unsigned best = UINT_MAX;

			next_prune = sampled + INFER_PRUNE;
			for (k = 0; k < ncand; k++)
				if (!dropped[k] && total[k] - agree[k] < best)
					best = total[k] - agree[k];
			for (k = 0; k < ncand; k++)
				if (!dropped[k] && total[k] - agree[k] > 2 * best + INFER_MARGIN)
					dropped[k] = true;
		}
	}
	for (k = 0; k < ncand; k++) {
		if (total[k] == 0)
			continue;
		if (!c->scheme || agree[k] > c->agree) {
			c->scheme = cand[k];
			c->agree = agree[k];
			c->total = total[k];
		}
	}
	for (k = 0; k < ncand && c->scheme; k++)
		if (total[k] && agree[k] == c->agree && c->ntied < BL_ARRAY_SIZE(c->tied))
			c->tied[c->ntied++] = cand[k];
	c->inferred = true;
	return c->scheme ? c : NULL;
}

/* True when one of the schemes tied with c's writes the pair as it is. */
static bool tied_scheme_agrees(struct state *st, const struct choice *c,
			       const struct pair *p)
{
	size_t k, i, rlen;

	for (k = 0; k < c->ntied; k++) {
		if (c->tied[k] == c->scheme || !prepare(st, c->tied[k], p, &rlen))
			continue;
		if (st->wr.n != st->we.n)
			continue;
		for (i = 0; i < st->wr.n && st->wr.w[i].same; i++)
			;
		if (i == st->wr.n)
			return true;
	}
	return false;
}

static const char *scheme_note(struct state *st, const struct choice *c)
{
	if (!c->inferred)
		return "";
	if (c->ntied > 1)
		return bl_arena_printf(&st->ctx->src->arena,
				       " (the list's scheme, inferred from its originals: %u of "
				       "%u words agree, as they do with %zu other scheme%s)",
				       c->agree, c->total, c->ntied - 1, c->ntied > 2 ? "s" : "");
	return bl_arena_printf(&st->ctx->src->arena,
			       " (the list's scheme, inferred from its originals: %u of %u "
			       "words agree)", c->agree, c->total);
}

/* ---- translit/mismatch ------------------------------------------------ */

static void compare_pair(struct state *st, const struct bl_entry *e,
			 const struct choice *c, const struct pair *p)
{
	struct bl_ctx *ctx = st->ctx;
	const struct bl_scheme *s = c->scheme;
	const char *rom = p->rom->text;
	size_t rlen, i, first = SIZE_MAX, last = 0;
	uint32_t a, b;
	struct bl_finding *f;

	if (!prepare(st, s, p, &rlen))
		return;
	for (i = 0; i < st->wr.n && i < st->we.n; i++) {
		if (!st->wr.w[i].same) {
			if (first == SIZE_MAX)
				first = i;
			last = i;
		}
	}
	if (first == SIZE_MAX && st->wr.n == st->we.n)
		return;
	if (c->ntied > 1) {
		if (tied_scheme_agrees(st, c, p))
			return;
		/* back to the list's first scheme for the report */
		if (!prepare(st, s, p, &rlen))
			return;
	}
	if (first == SIZE_MAX) {
		/* the words agree as far as they go */
		if (st->wr.n > st->we.n) {
			const struct word *w = &st->wr.w[st->we.n];

			bl_value_subspan(p->rom, w->off, w->len, &a, &b);
			bl_report(ctx, BL_R_translit_mismatch, e, a, b,
				  "'%.*s' has no counterpart in the original '%.*s'",
				  (int)w->len, rom + w->off, (int)p->orig_len, p->orig);
		} else {
			const struct word *w = &st->we.w[st->wr.n];

			bl_value_subspan(p->rom, 0, rlen, &a, &b);
			bl_report(ctx, BL_R_translit_mismatch, e, a, b,
				  "the romanisation ends before the original does: %s gives "
				  "'%s' for '%.*s'%s", s->id, st->exp.buf + w->off,
				  (int)p->orig_len, p->orig, scheme_note(st, c));
		}
		return;
	}
	{
		const struct word *w = &st->wr.w[first], *x = &st->we.w[first];
		char orig_word[256] = "";

		words_split(&st->wo, p->orig, p->orig_len);
		if (st->wo.n == st->we.n)
			snprintf(orig_word, sizeof(orig_word), " '%.*s'",
				 (int)st->wo.w[first].len, p->orig + st->wo.w[first].off);
		bl_value_subspan(p->rom, w->off, w->len, &a, &b);
		f = bl_report(ctx, BL_R_translit_mismatch, e, a, b,
			      "'%.*s' does not match the original%s: %s writes '%.*s'%s",
			      (int)w->len, rom + w->off, orig_word, s->id, (int)x->len,
			      st->exp.buf + x->off, scheme_note(st, c));
	}
	if (!f || st->wr.n != st->we.n)
		return;
	/* the fix: every differing word from the first to the last */
	bl_strbuf_reset(&st->tmp);
	for (i = first; i <= last; i++) {
		const struct word *w = &st->wr.w[i], *x = &st->we.w[i];

		if (i > first) {
			const struct word *pw = &st->wr.w[i - 1];

			bl_strbuf_add(&st->tmp, rom + pw->off + pw->len,
				      w->off - (pw->off + pw->len));
		}
		if (w->same)
			bl_strbuf_add(&st->tmp, rom + w->off, w->len);
		else
			add_in_case_of(&st->tmp, rom + w->off, w->len, st->exp.buf + x->off,
				       x->len);
	}
	{
		size_t from = st->wr.w[first].off;
		size_t to = st->wr.w[last].off + st->wr.w[last].len;

		bl_finding_fix_value(ctx, f, p->rom, from, to - from, st->tmp.buf,
				     st->tmp.len, true);
	}
}

static void check_mismatch(struct bl_ctx *ctx)
{
	struct state st = { .ctx = ctx };
	size_t i, j, np;

	for (i = 0; i < ctx->list->count; i++) {
		const struct bl_entry *e = &ctx->list->entries[i];
		struct pair pairs[16];
		const struct choice *c;

		np = entry_pairs(e, pairs, BL_ARRAY_SIZE(pairs));
		if (np == 0)
			continue;
		c = choose(&st, bl_entry_cyr_language(e));
		if (!c)
			continue;
		for (j = 0; j < np; j++)
			compare_pair(&st, e, c, &pairs[j]);
	}
	state_release(&st);
}

const struct bl_rule bl_rule_translit_mismatch = {
	.id = "translit/mismatch",
	.severity = BL_SEV_ERROR,
	.summary = "a romanised field differs from the transliteration of its Cyrillic original",
	.doc = "Where an entry gives the Cyrillic original of a romanised field "
	       "(CSL original-title, original-author, original-container-title, "
	       "original-publisher, original-publisher-place), the romanised field must "
	       "be the original transliterated with the list's scheme. The scheme is the "
	       "style's (translit: scheme:), else the one of rules/translit/ that "
	       "reproduces most words of the list's originals (the message says so). "
	       "Words are compared in order and without regard to case (and after NFC); "
	       "characters the scheme declares equivalent compare equal (’ and ' under "
	       "quaestio-rossica), other apostrophes do not (ʹ is not ’). When several "
	       "schemes fit the originals equally, a spelling any of them writes is "
	       "accepted. A bracketed "
	       "translation after a title (\"Title [Translation]\") is ignored, and so is "
	       "a field that is a translation rather than a romanisation (fewer than half "
	       "of its words resemble the original's). The first differing word is "
	       "reported with the scheme's spelling, and the fix rewrites the differing "
	       "words; it is safe, since the original decides. Names of foreign authors "
	       "who keep their own spelling (Fitzpatrick) should have no original-author.",
	.bad = "- id: a\n  title: Frantsiya i evropeiskaya bezopasnost’\n"
	       "  original-title: Франция и европейская безопасность\n"
	       "- id: b\n  title: Zhurnal rossiiskoi istorii\n"
	       "  original-title: Журнал российской истории\n"
	       "- id: c\n  title: Komediya ironiyei\n"
	       "  original-title: Комедия иронией\n",
	.good = "- id: a\n  title: Frantsiya i evropeiskaya bezopasnost’\n"
		"  original-title: Франция и европейская безопасность\n"
		"- id: b\n  title: Zhurnal rossiiskoi istorii\n"
		"  original-title: Журнал российской истории\n"
		"- id: c\n  title: Komediya ironiei\n"
		"  original-title: Комедия иронией\n",
	.fixable = true,
	.check = check_mismatch,
};

/* ---- translit/scheme ---------------------------------------------------- */

static bool all_caps_or_digits(const char *w, size_t n)
{
	size_t i = 0, letters = 0, upper = 0;

	while (i < n) {
		int32_t cp;
		int k = bl_utf8_next(w + i, n - i, &cp);

		if (k <= 0)
			return false;
		if (cp < 0x80) {
			if (cp >= '0' && cp <= '9')
				return true;
			if ((cp | 32) >= 'a' && (cp | 32) <= 'z') {
				letters++;
				upper += cp <= 'Z';
			}
		} else if (u_isdigit(cp)) {
			return true;
		} else if (u_isalpha(cp)) {
			letters++;
			upper += u_isupper(cp) ? 1 : 0;
		}
		i += (size_t)k;
	}
	return letters < 2 || upper == letters;
}

/* The memo entry of the word w[0..n), made on first sight. */
static struct word_info *word_info(struct word_memo *m, const char *w, size_t n)
{
	struct word_info *wi;
	uint32_t idx;

	if (!bl_map_put(&m->map, w, n, (uint32_t)m->n, &idx))
		return &m->info[idx];
	BL_GROW(m->info, m->n + 1, m->cap);
	wi = &m->info[m->n++];
	memset(wi, 0, sizeof(*wi));
	wi->counted = !all_caps_or_digits(w, n) && bl_word_looks_slavic(w, n);
	return wi;
}

/* True when a scheme tied with the list's writes the word. */
static bool tied_scheme_allows(const struct choice *c, const char *w, size_t n)
{
	size_t k, fo, fn;

	for (k = 0; k < c->ntied; k++)
		if (c->tied[k] != c->scheme && !bl_scheme_forbidden(c->tied[k], w, n, &fo, &fn))
			return true;
	return false;
}

static const uint16_t romanised_text_keys[] = {
	BL_K_TITLE, BL_K_CONTAINER_TITLE, BL_K_COLLECTION_TITLE, BL_K_PUBLISHER,
};

static void check_scheme(struct bl_ctx *ctx)
{
	struct state st = { .ctx = ctx };
	size_t i, k;
	bool any = false;

	/* only lists with romanised entries, and only when a scheme is known */
	for (i = 0; i < ctx->list->count && !any; i++)
		any = bl_entry_romanised(&ctx->list->entries[i]) != BL_ROM_NO;
	if (!any)
		goto out;
	for (i = 0; i < ctx->list->count; i++) {
		const struct bl_entry *e = &ctx->list->entries[i];
		enum bl_romanised why = bl_entry_romanised(e);
		const struct choice *c;

		if (why == BL_ROM_NO || why == BL_ROM_ORIGINAL)
			continue;
		c = choose(&st, bl_entry_cyr_language(e));
		if (!c)
			continue;
		for (k = 0; k < BL_ARRAY_SIZE(romanised_text_keys); k++) {
			const struct bl_value *v = bl_entry_text(e, romanised_text_keys[k]);
			size_t n, pos = 0, off, len, fo = 0, fn = 0;

			if (!v || !v->text || bl_has_cyrillic(v->text, bl_value_len(v)))
				continue;
			n = bl_strip_translation(v->text, bl_value_len(v));
			/* a title needs its own evidence unless the entry's language
			 * says it is romanised */
			if (k > 0 && why == BL_ROM_TRANSLATION && !bl_looks_romanised(v->text, n))
				continue;
			while (bl_word_next(v->text, n, &pos, &off, &len)) {
				struct word_info *wi = word_info(&st.memo, v->text + off, len);
				uint32_t a, b;

				if (!wi->counted)
					continue;
				if (wi->forbid_for != c) {
					wi->forbid_for = c;
					wi->why_not = bl_scheme_forbidden(c->scheme, v->text + off,
									  len, &fo, &fn);
					if (wi->why_not &&
					    tied_scheme_allows(c, v->text + off, len))
						wi->why_not = NULL;
					wi->fo = fo;
					wi->fn = fn;
				}
				if (!wi->why_not)
					continue;
				bl_value_subspan(v, off, len, &a, &b);
				bl_report(ctx, BL_R_translit_scheme, e, a, b,
					  "'%.*s' cannot be written by the scheme %s ('%.*s': %s)%s",
					  (int)len, v->text + off, c->scheme->id, (int)wi->fn,
					  v->text + off + wi->fo, wi->why_not, scheme_note(&st, c));
			}
		}
	}
out:
	state_release(&st);
}

const struct bl_rule bl_rule_translit_scheme = {
	.id = "translit/scheme",
	.severity = BL_SEV_WARNING,
	.summary = "a romanised word that the list's transliteration scheme cannot produce",
	.doc = "For romanised entries without a Cyrillic original, each word of the "
	       "title, container title, collection title and publisher is matched "
	       "against the fingerprints of the list's scheme: the patterns its rule "
	       "file declares it can never write (`ja` or `ĭ` under quaestio-rossica, "
	       "`ya` after a consonant under ALA-LC, a `·` outside BGN's dotted form...). "
	       "The scheme is the style's (translit: scheme:), else the one inferred from "
	       "the entries that do give originals; with neither, nothing is checked. An "
	       "entry counts as romanised when its language is Russian, Ukrainian, "
	       "Belarusian or Bulgarian (or *-Latn) with a Latin title, or when it has a "
	       "translated-title or a bracketed translation and a title that reads as "
	       "romanised Slavic. Acronyms in capitals and words with digits are skipped.",
	.bad = "- id: a\n  title: Istoriya Rossii\n  original-title: История России\n"
	       "- id: b\n  title: Ocherki istorii\n  original-title: Очерки истории\n"
	       "- id: c\n  title: Sotsial’naja istoriya\n  language: ru\n",
	.good = "- id: a\n  title: Istoriya Rossii\n  original-title: История России\n"
		"- id: b\n  title: Ocherki istorii\n  original-title: Очерки истории\n"
		"- id: c\n  title: Sotsial’naya istoriya\n  language: ru\n",
	.check = check_scheme,
};

/* ---- translit/inconsistent ---------------------------------------------- */

enum klass {
	KL_SOFT, KL_YA, KL_YU, KL_E_VOWEL, KL_ENDING, KL_SHORT_I, KL_KH, KL_TS,
	KL_SHCH, KL_ZH, KL_CH, KL_SH, KL__COUNT
};

#define MAX_VARIANTS 6
_Static_assert(KL__COUNT <= MAX_KLASSES, "word_info.var holds every klass");

static const struct {
	const char *label;
	int feature;            /* enum bl_tfeat, or -1 */
	const char *variants[MAX_VARIANTS];
} klasses[KL__COUNT] = {
	[KL_SOFT] = { "the soft sign ь", BL_TF_SOFT,
		      { "’", "'", "ʹ", "`" } },
	[KL_YA] = { "я", BL_TF_YA, { "ya", "ia", "ja", "â", "i͡a" } },
	[KL_YU] = { "ю", BL_TF_YU, { "yu", "iu", "ju", "û", "i͡u" } },
	[KL_E_VOWEL] = { "е after a vowel", BL_TF_E_VOWEL, { "ye", "e" } },
	[KL_ENDING] = { "the ending -ий/-ый", BL_TF_II, { "-iy/-yy", "-ii/-yi", "-ij/-yj", "-iĭ/-yĭ" } },
	[KL_SHORT_I] = { "й", BL_TF_SHORT_I, { "y", "i", "j", "ĭ" } },
	[KL_KH] = { "х", BL_TF_KH, { "kh", "h", "x" } },
	[KL_TS] = { "ц", BL_TF_TS, { "ts", "tc", "c", "cz", "t͡s" } },
	[KL_SHCH] = { "щ", BL_TF_SHCH, { "shch", "šč", "ŝ", "shh" } },
	[KL_ZH] = { "ж", BL_TF_ZH, { "zh", "ž" } },
	[KL_CH] = { "ч", -1, { "ch", "č" } },
	[KL_SH] = { "ш", -1, { "sh", "š" } },
};

static bool is_c(char c)
{
	return c && strchr("bvgdzklmnprstf", c) != NULL;
}

static bool is_v(char c)
{
	return c && strchr("aeiou", c) != NULL;
}

static bool ends(const char *w, size_t n, const char *suf)
{
	size_t k = strlen(suf);

	return n >= k && memcmp(w + n - k, suf, k) == 0;
}

static bool at(const char *w, size_t n, size_t i, const char *s)
{
	size_t k = strlen(s);

	return i + k <= n && memcmp(w + i, s, k) == 0;
}

/* The variant of klass k that the lower-case word w spells, or -1. */
static int detect(enum klass k, const char *w, size_t n)
{
	size_t i;

	switch (k) {
	case KL_SOFT:
		for (i = 1; i < n; i++) {
			if (!bl_is_alpha(w[i - 1]))
				continue;
			if (at(w, n, i, "\xe2\x80\x99"))
				return 0;
			if (w[i] == '\'')
				return 1;
			if (at(w, n, i, "\xca\xb9"))
				return 2;
			if (w[i] == '`' && w[i - 1] != 'y' && w[i - 1] != 'e')
				return 3;
		}
		return -1;
	case KL_YA:
	case KL_YU: {
		char v = k == KL_YA ? 'a' : 'u';
		char iy[4] = { 'i', 'y', v, 0 }, ii[4] = { 'i', 'i', v, 0 },
		     ij[4] = { 'i', 'j', v, 0 };

		/* at the start of a word: ya, ja (ia may be и + а) */
		if (n > 2 && w[0] == 'y' && w[1] == v)
			return 0;
		if (n > 2 && w[0] == 'j' && w[1] == v)
			return 2;
		if (ends(w, n, iy))
			return 0;
		if (ends(w, n, ii))
			return 1;
		if (ends(w, n, ij))
			return 2;
		for (i = 1; i + 1 < n; i++) {
			if (w[i + 1] == v && is_c(w[i - 1]) && w[i] == 'y')
				return 0;
			if (w[i + 1] == v && is_c(w[i - 1]) && w[i] == 'j')
				return 2;
		}
		if (strstr(w, k == KL_YA ? "\xc3\xa2" : "\xc3\xbb"))
			return 3;
		if (strstr(w, k == KL_YA ? "i\xcd\xa1" "a" : "i\xcd\xa1" "u"))
			return 4;
		return -1;
	}
	case KL_E_VOWEL:
		for (i = 1; i < n; i++) {
			if (w[i] == 'y' && i + 1 < n && w[i + 1] == 'e' && is_v(w[i - 1]))
				return 0;
			if (w[i] == 'e' && strchr("aiou", w[i - 1]) && w[i - 1])
				return 1;
		}
		return -1;
	case KL_ENDING:
		if (n < 4)
			return -1;
		if (ends(w, n, "iy") || ends(w, n, "yy"))
			return 0;
		if (ends(w, n, "yi") || ends(w, n, "kii"))
			return 1;
		if (ends(w, n, "ij") || ends(w, n, "yj"))
			return 2;
		if (ends(w, n, "i\xc4\xad") || ends(w, n, "y\xc4\xad"))
			return 3;
		return -1;
	case KL_SHORT_I:
		for (i = 0; i + 2 < n; i++) {
			if (strchr("aeou", w[i]) && w[i] && w[i + 1] == 'y' && is_c(w[i + 2]))
				return 0;
			if (at(w, n, i, "eisk") || at(w, n, i, "iisk"))
				return 1;
			if (strchr("aeou", w[i]) && w[i] && w[i + 1] == 'j' && is_c(w[i + 2]))
				return 2;
		}
		if (strstr(w, "\xc4\xad") && !ends(w, n, "\xc4\xad"))
			return 3;
		return -1;
	case KL_KH:
		for (i = 0; i < n; i++) {
			if (at(w, n, i, "kh"))
				return 0;
			if (w[i] == 'h' && (i == 0 || !strchr("kzcsg", w[i - 1])))
				return 1;
			if (w[i] == 'x')
				return 2;
		}
		return -1;
	case KL_TS:
		for (i = 0; i + 1 < n; i++) {
			bool vowel_next = i + 2 < n && strchr("aeiouy", w[i + 2]) && w[i + 2];

			if (at(w, n, i, "ts") && vowel_next)
				return 0;
			if (at(w, n, i, "tc") && vowel_next)
				return 1;
			if (at(w, n, i, "cz"))
				return 3;
			if (w[i] == 'c' && strchr("aeiouy", w[i + 1]) && w[i + 1] &&
			    (i == 0 || w[i - 1] != 't'))
				return 2;
			if (at(w, n, i, "t\xcd\xa1s"))
				return 4;
		}
		return -1;
	case KL_SHCH:
		if (strstr(w, "shch"))
			return 0;
		if (strstr(w, "\xc5\xa1\xc4\x8d"))
			return 1;
		if (strstr(w, "\xc5\x9d"))
			return 2;
		if (strstr(w, "shh"))
			return 3;
		return -1;
	case KL_ZH:
		if (strstr(w, "zh"))
			return 0;
		if (strstr(w, "\xc5\xbe"))
			return 1;
		return -1;
	case KL_CH:
		for (i = 0; i + 1 < n; i++) {
			if (at(w, n, i, "ch") && !(i >= 1 && w[i - 1] == 's') &&
			    !(i >= 2 && at(w, n, i - 2, "sh")))
				return 0;
			if (at(w, n, i, "\xc4\x8d") && !(i >= 2 && at(w, n, i - 2, "\xc5\xa1")))
				return 1;
		}
		return -1;
	case KL_SH:
		for (i = 0; i + 1 < n; i++) {
			if (at(w, n, i, "sh") && !at(w, n, i + 2, "ch") && !at(w, n, i + 2, "h"))
				return 0;
			if (at(w, n, i, "\xc5\xa1") && !at(w, n, i + 2, "\xc4\x8d"))
				return 1;
		}
		return -1;
	case KL__COUNT:
		break;
	}
	return -1;
}

struct occ {
	const struct bl_entry *e;
	const struct bl_value *v;
	uint32_t off, len;
	uint8_t klass, variant;
};

/* Lower-cases an ASCII-or-not word into buf (NUL-terminated). */
static size_t lower_word(const char *s, size_t n, char *buf, size_t cap)
{
	size_t i = 0, o = 0;

	while (i < n && o + 5 < cap) {
		int32_t cp;
		int k = bl_utf8_next(s + i, n - i, &cp);

		if (k <= 0) {
			i++;
			continue;
		}
		if (cp < 0x80)
			buf[o++] = (char)(cp >= 'A' && cp <= 'Z' ? cp + 32 : cp);
		else
			o += (size_t)bl_utf8_encode(u_tolower(cp), buf + o);
		i += (size_t)k;
	}
	buf[o] = '\0';
	return o;
}

static const char *majority_schemes(struct bl_ctx *ctx, enum klass k, int variant)
{
	struct bl_strbuf sb = BL_STRBUF_INIT;
	struct bl_error err;
	const char *v = klasses[k].variants[variant], *res;
	int f = klasses[k].feature;
	size_t i, n = 0;

	if (f < 0 || bl_schemes_load(&err) < 0)
		return "";
	for (i = 0; i < bl_scheme_count(); i++) {
		const struct bl_scheme *s = bl_scheme_at(i);
		const char *r = s->render[f];
		bool same;

		if (!r || strcmp(s->language, "ru") != 0)
			continue;
		if (k == KL_ENDING)
			same = strncmp(v + 1, r, strlen(r)) == 0 && v[1 + strlen(r)] == '/';
		else
			same = strcmp(r, v) == 0;
		if (!same)
			continue;
		bl_strbuf_addstr(&sb, n ? ", " : "; schemes that write it so: ");
		bl_strbuf_addstr(&sb, s->id);
		n++;
	}
	res = bl_arena_strdup(&ctx->src->arena, sb.buf ? sb.buf : "");
	bl_strbuf_release(&sb);
	return res;
}

struct collector {
	struct word_memo memo;
	struct occ *occ;
	size_t n, cap;
	size_t counts[KL__COUNT][MAX_VARIANTS];
	size_t example[KL__COUNT][MAX_VARIANTS];
};

/* True when an initial ("V." or "Yu.") starts at s[i]. */
static bool initial_at(const char *s, size_t n, size_t i)
{
	if (i >= n || s[i] < 'A' || s[i] > 'Z')
		return false;
	i++;
	if (i < n && s[i] >= 'a' && s[i] <= 'z')
		i++;
	return i < n && s[i] == '.';
}

/* In a printed reference, the word at [off, off+len) is a name: initials
 * follow it ("Yarygin V.I.") or come before it and a comma or point after
 * it ("V.I. Yarygin,"). */
static bool is_name_word(const char *s, size_t n, size_t off, size_t len)
{
	size_t a = off + len, b = off;

	while (a < n && s[a] == ' ')
		a++;
	if (initial_at(s, n, a))
		return true;
	while (b > 0 && s[b - 1] == ' ')
		b--;
	/* "V.I. Yarygin," but not "Petrov A.A. Istoriya sovetskoi..." */
	return b >= 2 && s[b - 1] == '.' && s[b - 2] >= 'A' && s[b - 2] <= 'Z' &&
	       off + len < n && strchr(",.;", s[off + len]);
}

static void collect(struct collector *c, const struct bl_entry *e,
		    const struct bl_value *v, size_t n, bool printed)
{
	size_t pos = 0, off, len;

	while (bl_word_next(v->text, n, &pos, &off, &len)) {
		struct word_info *wi = word_info(&c->memo, v->text + off, len);
		int kl;

		if (!wi->counted || (printed && is_name_word(v->text, n, off, len)))
			continue;
		if (!wi->detected) {
			char w[128];
			size_t wn = lower_word(v->text + off, len, w, sizeof(w));

			for (kl = 0; kl < KL__COUNT; kl++)
				wi->var[kl] = (int8_t)detect((enum klass)kl, w, wn);
			wi->detected = true;
		}
		for (kl = 0; kl < KL__COUNT; kl++) {
			int var = wi->var[kl];

			if (var < 0)
				continue;
			BL_GROW(c->occ, c->n + 1, c->cap);
			c->occ[c->n].e = e;
			c->occ[c->n].v = v;
			c->occ[c->n].off = (uint32_t)off;
			c->occ[c->n].len = (uint32_t)len;
			c->occ[c->n].klass = (uint8_t)kl;
			c->occ[c->n].variant = (uint8_t)var;
			if (c->counts[kl][var]++ == 0)
				c->example[kl][var] = c->n;
			c->n++;
		}
	}
}

/* A printed reference not split into fields: the text before its bracketed
 * translation ("Authors Title [Translation]. ..."), names left out. */
static void collect_printed(struct collector *c, const struct bl_entry *e)
{
	const char *br;
	uint32_t j;

	if (!e->raw_text || bl_entry_text(e, BL_K_TITLE))
		return;
	for (j = 0; j < e->nfields; j++) {
		const struct bl_value *v = &e->fields[j].value;

		if (e->fields[j].kind != BL_FIELD_TEXT || v->text != e->raw_text)
			continue;
		br = memmem(v->text, bl_value_len(v), " [", 2);
		if (br && !bl_has_cyrillic(v->text, (size_t)(br - v->text)))
			collect(c, e, v, (size_t)(br - v->text), true);
		return;
	}
}

static void check_inconsistent(struct bl_ctx *ctx)
{
	struct collector col;
	struct occ *occ;
	size_t nocc, i, k;
	size_t (*counts)[MAX_VARIANTS], (*example)[MAX_VARIANTS];
	int major[KL__COUNT];
	const struct bl_entry *last_e = NULL;
	uint32_t last_off = UINT32_MAX;

	memset(&col, 0, sizeof(col));
	for (i = 0; i < ctx->list->count; i++) {
		const struct bl_entry *e = &ctx->list->entries[i];
		enum bl_romanised why = bl_entry_romanised(e);

		if (why == BL_ROM_NO)
			continue;
		collect_printed(&col, e);
		for (k = 0; k < BL_ARRAY_SIZE(romanised_text_keys); k++) {
			const struct bl_value *v = bl_entry_text(e, romanised_text_keys[k]);
			size_t n;

			if (!v || !v->text || bl_has_cyrillic(v->text, bl_value_len(v)))
				continue;
			n = bl_strip_translation(v->text, bl_value_len(v));
			if (k > 0 && why == BL_ROM_TRANSLATION && !bl_looks_romanised(v->text, n))
				continue;
			collect(&col, e, v, n, false);
		}
	}
	occ = col.occ;
	nocc = col.n;
	counts = col.counts;
	example = col.example;
	/* the majority of each klass: a unique maximum of at least two words */
	for (k = 0; k < KL__COUNT; k++) {
		size_t best = 0, v;
		bool tie = false;

		major[k] = -1;
		for (v = 0; v < MAX_VARIANTS; v++) {
			if (counts[k][v] > best) {
				best = counts[k][v];
				major[k] = (int)v;
				tie = false;
			} else if (counts[k][v] == best && best) {
				tie = true;
			}
		}
		if (tie || best < 2)
			major[k] = -1;
	}
	for (i = 0; i < nocc; i++) {
		const struct occ *o = &occ[i];
		int m = major[o->klass];
		const struct occ *ex;
		uint32_t a, b;

		if (m < 0 || o->variant == m)
			continue;
		if (o->e == last_e && o->off == last_off)
			continue;   /* one finding per word */
		last_e = o->e;
		last_off = o->off;
		ex = &occ[example[o->klass][m]];
		bl_value_subspan(o->v, o->off, o->len, &a, &b);
		bl_report(ctx, BL_R_translit_inconsistent, o->e, a, b,
			  "'%.*s' writes %s as '%s', but the list writes it '%s' (%zu words, "
			  "e.g. '%.*s'%s)",
			  (int)o->len, o->v->text + o->off, klasses[o->klass].label,
			  klasses[o->klass].variants[o->variant], klasses[o->klass].variants[m],
			  counts[o->klass][m], (int)ex->len, ex->v->text + ex->off,
			  majority_schemes(ctx, (enum klass)o->klass, m));
	}
	free(occ);
	bl_map_release(&col.memo.map);
	free(col.memo.info);
}

const struct bl_rule bl_rule_translit_inconsistent = {
	.id = "translit/inconsistent",
	.severity = BL_SEV_WARNING,
	.summary = "a Cyrillic letter romanised differently from the rest of the list",
	.doc = "In the romanised entries of a list (see translit/scheme for what counts "
	       "as romanised), each word's spelling of the letters that schemes disagree "
	       "on is noted: ь as ’, ', ʹ or `; я and ю after a consonant as ya/ia/ja; е "
	       "after a vowel as ye or e; the endings -ий/-ый as -iy, -ii/-yi or -ij; й "
	       "before a consonant; х as kh, h or x; ц as ts, tc, c or cz; щ, ж, ч, ш. "
	       "A spelling used by a unique majority of at least two words is the "
	       "list's; words that spell the same letter otherwise are reported. "
	       "Ambiguous spellings are not counted (a final -ii may be -ии, as in tekhnologii; ia may be "
	       "и + а), nor are acronyms in capitals, words with digits or a bracketed "
	       "translation. Only words that read as romanised Slavic are counted, not "
	       "English ones (th, w, -tion...). A printed reference that the style's "
	       "patterns could not split into fields is read up to its bracketed "
	       "translation, leaving out names next to initials. It runs with or without "
	       "a configured scheme.",
	.bad = "- id: a\n  title: Sovetskie popytki\n  language: ru\n"
	       "- id: b\n  title: Vostochnoevropeiskie issledovaniya\n  language: ru\n"
	       "- id: c\n  title: Komediya ironiyei\n  language: ru\n",
	.good = "- id: a\n  title: Sovetskie popytki\n  language: ru\n"
		"- id: b\n  title: Vostochnoevropeiskie issledovaniya\n  language: ru\n"
		"- id: c\n  title: Komediya ironiei\n  language: ru\n",
	.check = check_inconsistent,
};

/* ---- translit/cyrillic -------------------------------------------------- */

static bool style_romanises(const struct bl_style *s, bool *fields_set)
{
	size_t k;

	*fields_set = false;
	if (!s)
		return false;
	for (k = 0; k < BL_K__COUNT; k++)
		if (s->romanised[k])
			*fields_set = true;
	return *fields_set;
}

static bool lang_wants_latin(const struct bl_entry *e)
{
	const struct bl_value *lang = bl_entry_text(e, BL_K_LANGUAGE);

	if (!lang || !lang->text)
		return false;
	if (bl_value_len(lang) >= 2 && bl_memeq_ci(lang->text, 2, "en") &&
	    (bl_value_len(lang) == 2 || lang->text[2] == '-' || lang->text[2] == '_'))
		return true;
	return bl_memfind(lang->text, bl_value_len(lang), "-Latn") ||
	       bl_memfind(lang->text, bl_value_len(lang), "-latn");
}

/* Reports the runs of Cyrillic words in v, a value of the field named field. */
static void report_cyrillic(struct bl_ctx *ctx, struct state *st, const struct bl_entry *e,
			    const struct bl_value *v, const char *field)
{
	size_t pos = 0, off, len, run_start = 0, run_end = 0;
	bool in_run = false;
	const char *text = v->text;

	if (!text || !bl_has_cyrillic(text, bl_value_len(v)))
		return;
	for (;;) {
		bool more = bl_word_next(text, bl_value_len(v), &pos, &off, &len);
		bool cyr = false;

		if (more) {
			/* a word wholly in Cyrillic (mixed words: script/mixed) */
			size_t i = 0;

			cyr = true;
			while (i < len) {
				int32_t cp;
				int k = bl_utf8_next(text + off + i, len - i, &cp);

				if (k <= 0)
					break;
				if (u_isalpha(cp) && !bl_is_cyrillic(cp))
					cyr = false;
				i += (size_t)k;
			}
			cyr = cyr && bl_has_cyrillic(text + off, len);
		}
		if (cyr) {
			if (!in_run)
				run_start = off;
			run_end = off + len;
			in_run = true;
			continue;
		}
		if (!more && !in_run)
			break;
		if (in_run) {
			uint32_t a, b;
			struct bl_finding *f;
			const struct choice *c = choose(st, bl_entry_cyr_language(e));
			bool same;

			bl_value_subspan(v, run_start, run_end - run_start, &a, &b);
			if (c) {
				struct bl_error err;

				bl_strbuf_reset(&st->exp);
				if (bl_scheme_translit(c->scheme, text + run_start,
						       run_end - run_start, &st->exp, &err) < 0)
					c = NULL;
			}
			/* a letter the scheme has no rule for comes out as it went in */
			same = c && st->exp.len == run_end - run_start &&
			       memcmp(st->exp.buf, text + run_start, st->exp.len) == 0;
			f = bl_report(ctx, BL_R_translit_cyrillic, e, a, b,
				      "'%.*s' is in Cyrillic in '%s', which should be romanised%s%s%s",
				      (int)(run_end - run_start), text + run_start, field,
				      c ? ": " : "", c ? c->scheme->id : "",
				      !c ? "" : same ? " has no romanisation for it"
				      : bl_arena_printf(&ctx->src->arena, " writes '%s'",
							st->exp.buf));
			if (c && !same)
				bl_finding_fix_value(ctx, f, v, run_start, run_end - run_start,
						     st->exp.buf, st->exp.len, false);
			in_run = false;
		}
		if (!more)
			break;
	}
}

static void check_cyrillic(struct bl_ctx *ctx)
{
	static const uint16_t keys[] = {
		BL_K_TITLE, BL_K_CONTAINER_TITLE, BL_K_COLLECTION_TITLE, BL_K_PUBLISHER,
		BL_K_PUBLISHER_PLACE, BL_K_AUTHOR, BL_K_EDITOR, BL_K_TRANSLATOR,
		BL_K_CONTAINER_AUTHOR,
	};
	struct state st = { .ctx = ctx };
	bool fields_set;
	bool by_style = style_romanises(ctx->style, &fields_set);
	size_t i, k;
	uint32_t j;

	for (i = 0; i < ctx->list->count; i++) {
		const struct bl_entry *e = &ctx->list->entries[i];
		bool entry_rom = bl_entry_romanised(e) == BL_ROM_ORIGINAL || lang_wants_latin(e);

		if (!by_style && !entry_rom)
			continue;
		for (k = 0; k < BL_ARRAY_SIZE(keys); k++) {
			const struct bl_field *f = bl_entry_field(e, keys[k]);
			const char *what;

			if (!f || (by_style && !entry_rom && !ctx->style->romanised[keys[k]]))
				continue;
			what = bl_field_name(f);
			if (f->kind == BL_FIELD_NAMES) {
				const struct bl_names *names = bl_field_names(e, f);

				for (j = 0; j < names->count; j++) {
					const struct bl_name *n = &names->items[j];

					report_cyrillic(ctx, &st, e, &n->family, what);
					report_cyrillic(ctx, &st, e, &n->given, what);
					report_cyrillic(ctx, &st, e, bl_name_literal(n), what);
				}
			} else if (f->kind == BL_FIELD_TEXT) {
				report_cyrillic(ctx, &st, e, &f->value, what);
			}
		}
	}
	state_release(&st);
}

const struct bl_rule bl_rule_translit_cyrillic = {
	.id = "translit/cyrillic",
	.severity = BL_SEV_ERROR,
	.summary = "Cyrillic left in a field that should be romanised",
	.doc = "A field meant to be in Latin script holds words in Cyrillic. A field "
	       "is meant to be romanised when the style lists it (translit: fields:), "
	       "or when its entry gives a Cyrillic original (original-title...) or has "
	       "the language en or *-Latn; then its title, container title, collection "
	       "title, publisher, place and names are checked. Entries of a "
	       "Russian-language list (language ru with Cyrillic titles and no "
	       "originals) are never reported. Words that mix scripts are left to "
	       "script/mixed. When the list's scheme is known, the message gives the "
	       "romanisation and offers it as a fix that is not applied by default "
	       "(it may need the journal's conventional forms, such as Moscow). A "
	       "letter the scheme has no rule for (a historic or extended Cyrillic "
	       "letter) is reported as such, without a fix.",
	.bad = "- id: a\n  title: Istoriya Rossii\n  original-title: История России\n"
	       "  container-title: Вопросы истории\n",
	.good = "- id: a\n  title: Istoriya Rossii\n  original-title: История России\n"
		"  container-title: Voprosy istorii\n",
	.fixable = true,
	.check = check_cyrillic,
};
