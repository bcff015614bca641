/*
 * names.c - names/variant: one person spelled two ways in a list
 * (Bezymenskii / Bezymensky, Fitzpatrick / Fitspatrik).
 *
 * Every name's family name is folded to a romanisation skeleton
 * (bl_translit_fold: kh/h/x, ts/tz/c, y/i/j, ya/ia, doubled letters...)
 * and keyed with the first letter of its folded given name, in one hash
 * table: O(n). Keys spelled two ways, where at least one occurrence is in
 * a romanised entry, are reported at the minority spelling.
 */
#include "../rule.h"
#include "../translit.h"

#include <stdlib.h>
#include <string.h>

#include <unicode/uchar.h>

#include "../banned.h"

struct occurrence {
	const struct bl_entry *e;
	const struct bl_value *family;
	uint32_t group;
	uint32_t spelling;     /* index of its spelling within the group */
};

struct spelling {
	const char *text;      /* the family name as written */
	uint32_t len;
	uint32_t count;
	uint32_t first;        /* its first occurrence (UINT32_MAX: none yet) */
};

struct group {
	char *key;
	struct spelling *sp;
	uint32_t nsp, capsp;
	bool romanised;
};

struct table {
	struct group *groups;
	size_t ngroups, capgroups;
	struct bl_map index;   /* key -> group */
};

static uint32_t table_group(struct table *t, const char *key, size_t n)
{
	uint32_t gi;
	struct group *g;

	if (bl_map_get(&t->index, key, n, &gi))
		return gi;
	BL_GROW(t->groups, t->ngroups + 1, t->capgroups);
	g = &t->groups[t->ngroups];
	memset(g, 0, sizeof(*g));
	g->key = bl_xstrndup(key, n);
	bl_map_put(&t->index, g->key, n, (uint32_t)t->ngroups, NULL);
	return (uint32_t)t->ngroups++;
}

/* Same spelling: equal ignoring case. */
static bool same_spelling(const char *a, size_t an, const char *b, size_t bn)
{
	return bl_translit_word_eq(NULL, a, an, b, bn);
}

/* Family and given names recur (one author's many works): each distinct
 * text is folded once. A family's record: its folded key in keys (offset
 * and length), or cyrillic; a given name's: the first byte of its fold + 1,
 * or 0 when the fold is empty. */
struct fold_memo {
	struct bl_map family, given;
	struct family_fold {
		uint32_t off, len;
		bool cyrillic;
		bool grouped;      /* group is the group of key given_c */
		uint32_t given_c;  /* as fold_given() gives it */
		uint32_t group;
	} *fam;
	size_t nfam, capfam;
	struct bl_strbuf keys;
	struct bl_strbuf tmp;
};

static struct family_fold *fold_family(struct fold_memo *m,
					     const struct bl_value *v)
{
	uint32_t idx = (uint32_t)m->nfam;
	struct family_fold *ff;

	if (bl_map_get(&m->family, v->text, bl_value_len(v), &idx))
		return &m->fam[idx];
	BL_GROW(m->fam, m->nfam + 1, m->capfam);
	ff = &m->fam[m->nfam++];
	ff->cyrillic = bl_has_cyrillic(v->text, bl_value_len(v));
	ff->grouped = false;
	ff->off = (uint32_t)m->keys.len;
	if (!ff->cyrillic)
		bl_translit_fold(v->text, bl_value_len(v), &m->keys);
	ff->len = (uint32_t)m->keys.len - ff->off;
	bl_map_put(&m->family, v->text, bl_value_len(v), idx, NULL);
	return ff;
}

static uint32_t fold_given(struct fold_memo *m, const struct bl_value *v)
{
	uint32_t c;

	if (bl_map_get(&m->given, v->text, bl_value_len(v), &c))
		return c;
	bl_strbuf_reset(&m->tmp);
	bl_translit_fold(v->text, bl_value_len(v), &m->tmp);
	c = m->tmp.len ? (uint32_t)(unsigned char)m->tmp.buf[0] + 1 : 0;
	bl_map_put(&m->given, v->text, bl_value_len(v), c, NULL);
	return c;
}

static bool is_name_key(unsigned key)
{
	return key == BL_K_AUTHOR || key == BL_K_EDITOR || key == BL_K_TRANSLATOR ||
	       key == BL_K_CONTAINER_AUTHOR;
}

/* The group and spelling of family name n, made on first sight; false
 * when the name is not compared (short, or Cyrillic). Its spelling's count
 * is not touched. */
static bool place_name(struct table *t, struct fold_memo *memo, struct bl_strbuf *key,
		       const struct bl_name *n, uint32_t *gi, uint32_t *spelling)
{
	struct family_fold *ff;
	struct group *g;
	uint32_t c, s;

	if (!n->family.text || bl_value_len(&n->family) < 3)
		return false;
	ff = fold_family(memo, &n->family);
	if (ff->cyrillic)
		return false;
	c = n->given.text ? fold_given(memo, &n->given) : 0;
	/* one family name mostly comes with one initial */
	if (ff->grouped && ff->given_c == c) {
		*gi = ff->group;
	} else {
		bl_strbuf_reset(key);
		bl_strbuf_add(key, memo->keys.buf + ff->off, ff->len);
		bl_strbuf_addch(key, '|');
		if (c)
			bl_strbuf_addch(key, (int)(c - 1));
		*gi = table_group(t, key->buf, key->len);
		ff->grouped = true;
		ff->given_c = c;
		ff->group = *gi;
	}
	g = &t->groups[*gi];
	for (s = 0; s < g->nsp; s++)
		if (same_spelling(g->sp[s].text, g->sp[s].len, n->family.text,
				  bl_value_len(&n->family)))
			break;
	if (s == g->nsp) {
		BL_GROW(g->sp, g->nsp + 1, g->capsp);
		g->sp[s].text = n->family.text;
		g->sp[s].len = bl_value_len(&n->family);
		g->sp[s].count = 0;
		g->sp[s].first = UINT32_MAX;
		g->nsp++;
	}
	*spelling = s;
	return true;
}

static void check_variant(struct bl_ctx *ctx)
{
	struct table t = { NULL, 0, 0, BL_MAP_INIT };
	struct occurrence *occ = NULL;
	size_t nocc = 0, capocc = 0, i;
	struct bl_strbuf key = BL_STRBUF_INIT;
	struct fold_memo memo = { BL_MAP_INIT, BL_MAP_INIT, NULL, 0, 0, BL_STRBUF_INIT,
				  BL_STRBUF_INIT };
	int8_t *rom = NULL;     /* per entry: -1 not yet known, else romanised */
	uint32_t j, k, s, gi;
	bool two_ways = false;     /* some group has two spellings */
	int pass;

	/* first every name's group and spelling, then the occurrences of the
	 * groups spelled two ways only (few, where a list holds many names;
	 * none to collect in most lists) */
	for (pass = 0; pass < 2 && (pass == 0 || two_ways); pass++) {
		for (i = 0; i < ctx->list->count; i++) {
			const struct bl_entry *e = &ctx->list->entries[i];

			for (j = 0; j < e->nfields; j++) {
				const struct bl_field *f = &e->fields[j];
				const struct bl_names *names;

				if (!is_name_key(f->key) || f->kind != BL_FIELD_NAMES)
					continue;
				names = bl_field_names(e, f);
				for (k = 0; k < names->count; k++) {
					const struct bl_name *n = &names->items[k];
					struct spelling *sp;

					if (!place_name(&t, &memo, &key, n, &gi, &s))
						continue;
					sp = &t.groups[gi].sp[s];
					if (pass == 0) {
						sp->count++;
						two_ways = two_ways || t.groups[gi].nsp > 1;
						continue;
					}
					if (t.groups[gi].nsp < 2)
						continue;
					if (sp->first == UINT32_MAX)
						sp->first = (uint32_t)nocc;
					BL_GROW(occ, nocc + 1, capocc);
					occ[nocc].e = e;
					occ[nocc].family = &n->family;
					occ[nocc].group = gi;
					occ[nocc].spelling = s;
					nocc++;
				}
			}
		}
	}
	/* only a name spelled two ways needs to know whether any of its
	 * entries is romanised */
	if (nocc) {
		rom = bl_xmalloc(ctx->list->count);
		memset(rom, -1, ctx->list->count);
	}
	for (i = 0; i < nocc; i++) {
		struct group *g = &t.groups[occ[i].group];
		size_t ei = (size_t)(occ[i].e - ctx->list->entries);

		if (g->nsp < 2 || g->romanised)
			continue;
		if (rom[ei] < 0)
			rom[ei] = bl_entry_romanised(occ[i].e) != BL_ROM_NO;
		g->romanised = rom[ei];
	}
	for (i = 0; i < nocc; i++) {
		const struct group *g = &t.groups[occ[i].group];
		const struct spelling *major = &g->sp[0], *sp;
		const struct occurrence *mo;
		struct bl_finding *f;
		unsigned line, col;

		if (g->nsp < 2 || !g->romanised)
			continue;
		for (s = 1; s < g->nsp; s++)
			if (g->sp[s].count > major->count)
				major = &g->sp[s];
		sp = &g->sp[occ[i].spelling];
		if (sp == major)
			continue;
		mo = &occ[major->first];
		bl_source_locate(ctx->src, mo->family->start, &line, &col);
		f = bl_report(ctx, BL_R_names_variant, occ[i].e, occ[i].family->start,
			      bl_value_end(occ[i].family),
			      "'%.*s' looks like '%.*s' (line %u) spelled another way; write "
			      "one person's name one way throughout the list",
			      (int)sp->len, sp->text, (int)major->len, major->text, line);
		if (f) {
			f->related_src = ctx->src;
			f->related_start = mo->family->start;
			f->has_related = true;
		}
	}
	for (i = 0; i < t.ngroups; i++) {
		free(t.groups[i].key);
		free(t.groups[i].sp);
	}
	free(t.groups);
	bl_map_release(&t.index);
	free(occ);
	free(rom);
	bl_strbuf_release(&key);
	bl_map_release(&memo.family);
	bl_map_release(&memo.given);
	free(memo.fam);
	bl_strbuf_release(&memo.keys);
	bl_strbuf_release(&memo.tmp);
}

const struct bl_rule bl_rule_names_variant = {
	.id = "names/variant",
	.severity = BL_SEV_WARNING,
	.summary = "the same person's name spelled two ways in one list",
	.doc = "Family names are compared after folding the spellings that "
	       "romanisation schemes disagree on (kh/h/x, ts/tz/tc/c, zh/z, sh/s, "
	       "shch/shh/sch, y/i/j, ya/ia/ja and yu/iu/ju, ye/ie, doubled letters, "
	       "apostrophes and diacritics), together with the first letter of the "
	       "given name: Bezymenskii, L. A. and Bezymensky, L. are one person, and so "
	       "are Fitzpatrick, Sh. and Fitspatrik, S. Only lists where at least one of "
	       "the spellings is in a romanised entry are checked (see translit/scheme), "
	       "so that English lists (Smith and Smyth) are left alone. The spellings "
	       "used less often are reported, pointing at the most frequent one; there "
	       "is no automatic fix, since either spelling may be the one wanted.",
	.bad = "- id: a\n  author:\n  - family: Bezymenskii\n    given: L. A.\n"
	       "  title: Gitler i Stalin pered skhvatkoi\n  language: ru\n"
	       "- id: b\n  author:\n  - family: Bezymenskii\n    given: L. A.\n"
	       "  title: Osobaya papka\n  language: ru\n"
	       "- id: c\n  author:\n  - family: Bezymensky\n    given: L.\n"
	       "  title: Stalin and Hitler\n",
	.good = "- id: a\n  author:\n  - family: Bezymenskii\n    given: L. A.\n"
		"  title: Gitler i Stalin pered skhvatkoi\n  language: ru\n"
		"- id: b\n  author:\n  - family: Bezymenskii\n    given: L. A.\n"
		"  title: Osobaya papka\n  language: ru\n"
		"- id: c\n  author:\n  - family: Bezymenskii\n    given: L.\n"
		"  title: Stalin and Hitler\n",
	.check = check_variant,
};
