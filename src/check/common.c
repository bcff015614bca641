/*
 * common.c - helpers shared by the pages, doi, order and year rule
 * families (see common.h).
 */
#include "common.h"

#include <string.h>

#include "../style.h"

#include "../banned.h"

static const struct {
	const char *text;
	const char *describe;
} dashes[BL_DASH__COUNT] = {
	[BL_DASH_NONE] = { "", "no dash" },
	[BL_DASH_HYPHEN] = { "-", "a hyphen (-)" },
	[BL_DASH_DOUBLE] = { "--", "two hyphens (--)" },
	[BL_DASH_TRIPLE] = { "---", "three hyphens (---)" },
	[BL_DASH_EN] = { "\xe2\x80\x93", "an en dash (\xe2\x80\x93)" },
	[BL_DASH_EM] = { "\xe2\x80\x94", "an em dash (\xe2\x80\x94)" },
	[BL_DASH_FIGURE] = { "\xe2\x80\x92", "a figure dash (U+2012)" },
	[BL_DASH_MINUS] = { "\xe2\x88\x92", "a minus sign (U+2212)" },
	[BL_DASH_UHYPHEN] = { "\xe2\x80\x90", "a Unicode hyphen (U+2010)" },
	[BL_DASH_NBHYPHEN] = { "\xe2\x80\x91", "a non-breaking hyphen (U+2011)" },
	[BL_DASH_BAR] = { "\xe2\x80\x95", "a horizontal bar (U+2015)" },
};

enum bl_dash bl_dash_at(const char *s, size_t n, size_t *len)
{
	*len = 0;
	if (n == 0)
		return BL_DASH_NONE;
	if (s[0] == '-') {
		size_t k = 1;

		while (k < n && s[k] == '-')
			k++;
		if (k > 3)
			return BL_DASH_NONE;
		*len = k;
		return k == 1 ? BL_DASH_HYPHEN : k == 2 ? BL_DASH_DOUBLE : BL_DASH_TRIPLE;
	}
	if (n >= 3 && (unsigned char)s[0] == 0xe2) {
		unsigned char b1 = (unsigned char)s[1], b2 = (unsigned char)s[2];
		enum bl_dash d = BL_DASH_NONE;

		if (b1 == 0x80) {
			switch (b2) {
			case 0x90: d = BL_DASH_UHYPHEN; break;
			case 0x91: d = BL_DASH_NBHYPHEN; break;
			case 0x92: d = BL_DASH_FIGURE; break;
			case 0x93: d = BL_DASH_EN; break;
			case 0x94: d = BL_DASH_EM; break;
			case 0x95: d = BL_DASH_BAR; break;
			}
		} else if (b1 == 0x88 && b2 == 0x92) {
			d = BL_DASH_MINUS;
		}
		if (d != BL_DASH_NONE)
			*len = 3;
		return d;
	}
	return BL_DASH_NONE;
}

enum bl_dash bl_dash_of(const char *s)
{
	size_t n, len;
	enum bl_dash d;

	if (!s)
		return BL_DASH_NONE;
	n = strlen(s);
	d = bl_dash_at(s, n, &len);
	return len == n ? d : BL_DASH_NONE;
}

const char *bl_dash_text(enum bl_dash d)
{
	return (unsigned)d < BL_DASH__COUNT ? dashes[d].text : "";
}

const char *bl_dash_describe(enum bl_dash d)
{
	return (unsigned)d < BL_DASH__COUNT ? dashes[d].describe : "a dash";
}

const char *bl_wanted_range_dash(const struct bl_ctx *ctx)
{
	if (ctx->src && ctx->src->format == BL_FMT_BIBTEX)
		return "--";
	if (!ctx->style || !ctx->style->range_dash || !ctx->style->range_dash[0])
		return NULL;
	return ctx->style->range_dash;
}

const struct bl_value *bl_name_key(const struct bl_name *n)
{
	if (!n)
		return NULL;
	if (n->family.text && bl_value_len(&n->family))
		return &n->family;
	if (bl_name_literal(n)->text && bl_value_len(bl_name_literal(n)))
		return bl_name_literal(n);
	return NULL;
}

/* Up to max code points of s[0..n), cut at a word boundary when one is near. */
static size_t clip_utf8(const char *s, size_t n, size_t max)
{
	size_t i = 0, cps = 0, last_space = 0;

	while (i < n && cps < max) {
		int32_t cp;
		int k = bl_utf8_decode(s + i, n - i, &cp);

		if (s[i] == ' ')
			last_space = i;
		i += (size_t)k;
		cps++;
	}
	if (i < n && last_space > i / 2)
		return last_space;
	return i;
}

const char *bl_entry_label(struct bl_ctx *ctx, const struct bl_entry *e)
{
	const struct bl_name *first = bl_entry_first_name(e);
	const struct bl_value *name = bl_name_key(first);
	const struct bl_value *title = bl_entry_text(e, BL_K_TITLE);
	int32_t year = bl_entry_year(e);
	struct bl_arena *a = &ctx->src->arena;
	char ybuf[16];
	const char *who;
	size_t len;

	if (year)
		snprintf(ybuf, sizeof(ybuf), " %d", (int)year);
	else
		snprintf(ybuf, sizeof(ybuf), " n.d.");
	if (name) {
		const struct bl_field *nf = bl_entry_field(e, BL_K_AUTHOR);
		const struct bl_value *second = NULL;
		uint32_t count = 0;

		if (!nf || nf->kind != BL_FIELD_NAMES || !bl_field_names(e, nf)->count)
			nf = bl_entry_field(e, BL_K_EDITOR);
		if (nf && nf->kind == BL_FIELD_NAMES) {
			count = bl_field_names(e, nf)->count;
			if (count == 2)
				second = bl_name_key(&bl_field_names(e, nf)->items[1]);
		}
		who = name->text;
		len = clip_utf8(name->text, bl_value_len(name), 40);
		if (name == &first->family && bl_name_particle(first)->text &&
		    bl_value_len(bl_name_particle(first))) {
			/* "ben Yaakov", "van Gogh" */
			const char *full = bl_arena_printf(a, "%.*s %.*s",
							   (int)bl_value_len(bl_name_particle(first)),
							   bl_name_particle(first)->text, (int)len, who);

			who = full;
			len = strlen(full);
		}
		if (second)
			return bl_arena_printf(a, "%.*s & %.*s%s", (int)len, who,
					       (int)clip_utf8(second->text, bl_value_len(second), 40),
					       second->text, ybuf);
		if (count > 2)
			return bl_arena_printf(a, "%.*s et al.%s", (int)len, who, ybuf);
	} else if (title && bl_value_len(title)) {
		who = title->text;
		len = clip_utf8(title->text, bl_value_len(title), 30);
		if (len < bl_value_len(title))
			return bl_arena_printf(a, "%.*s...%s", (int)len, who, ybuf);
	} else if (e->id.text) {
		who = e->id.text;
		len = bl_value_len(&e->id);
	} else {
		return bl_arena_printf(a, "entry %u%s", e->index + 1, ybuf);
	}
	return bl_arena_printf(a, "%.*s%s", (int)len, who, ybuf);
}

const char *bl_entry_id_str(struct bl_ctx *ctx, const struct bl_entry *e)
{
	if (!e->id.text)
		return "";
	return bl_arena_strndup(&ctx->src->arena, e->id.text, bl_value_len(&e->id));
}

int bl_digits_cmp(const char *a, size_t an, const char *b, size_t bn)
{
	while (an > 1 && *a == '0')
		a++, an--;
	while (bn > 1 && *b == '0')
		b++, bn--;
	if (an != bn)
		return an < bn ? -1 : 1;
	for (; an; a++, b++, an--)
		if (*a != *b)
			return *a < *b ? -1 : 1;
	return 0;
}

bool bl_entry_numbered(const struct bl_source *src, const struct bl_entry *e)
{
	size_t len;
	const char *line = bl_source_line(src, e->start, &len);
	const char *p = line, *end = src->data + e->start;

	if (!e->raw_text || p == end)
		return false;
	if (*p == '[')
		p++;
	if (p == end || !bl_is_digit((unsigned char)*p))
		return false;
	while (p < end && bl_is_digit((unsigned char)*p))
		p++;
	return p < end && (*p == '.' || *p == ')' || *p == ']');
}

bool bl_list_numbered(const struct bl_source *src, const struct bl_list *list)
{
	size_t i, printed = 0, numbered = 0;

	for (i = 0; i < list->count; i++) {
		if (!list->entries[i].raw_text)
			continue;
		printed++;
		numbered += bl_entry_numbered(src, &list->entries[i]);
	}
	return printed > 0 && numbered * 2 > printed;
}

void bl_add_alternatives(struct bl_strbuf *sb, const char *alts)
{
	for (; *alts; alts++) {
		if (*alts == '|')
			bl_strbuf_addstr(sb, " or ");
		else
			bl_strbuf_addch(sb, *alts);
	}
}
