/*
 * common.h - small helpers shared by the pages, doi, order and year rule
 * families: dash characters, the range dash a source wants, and short
 * labels that name an entry in a message.
 *
 * Nothing here allocates except bl_entry_label() and bl_entry_id_str(),
 * which write into the source's arena.
 */
#ifndef BL_CHECK_COMMON_H
#define BL_CHECK_COMMON_H

#include "../rule.h"

/* Dash-like characters found between the two ends of a range. */
enum bl_dash {
	BL_DASH_NONE = 0,
	BL_DASH_HYPHEN,        /* - */
	BL_DASH_DOUBLE,        /* -- (the BibTeX en dash) */
	BL_DASH_TRIPLE,        /* --- (the BibTeX em dash) */
	BL_DASH_EN,            /* U+2013 */
	BL_DASH_EM,            /* U+2014 */
	BL_DASH_FIGURE,        /* U+2012 */
	BL_DASH_MINUS,         /* U+2212 */
	BL_DASH_UHYPHEN,       /* U+2010 */
	BL_DASH_NBHYPHEN,      /* U+2011 */
	BL_DASH_BAR,           /* U+2015 */
	BL_DASH__COUNT
};

/* The dash starting at s[0..n), or BL_DASH_NONE; *len gets its length in
 * bytes. Runs of hyphens are read greedily ("---" is one dash). */
enum bl_dash bl_dash_at(const char *s, size_t n, size_t *len);
/* The dash a whole string spells ("–", "--"), or BL_DASH_NONE. */
enum bl_dash bl_dash_of(const char *s);
/* The characters of a dash ("–"). */
const char *bl_dash_text(enum bl_dash d);
/* A description for messages: "a hyphen", "an en dash (–)". */
const char *bl_dash_describe(enum bl_dash d);

/* The range dash the source's format and style want: "--" in BibTeX, the
 * style's range_dash elsewhere; NULL when the style leaves it open (then
 * the list's own majority decides). */
const char *bl_wanted_range_dash(const struct bl_ctx *ctx);

/* A short label for an entry in messages: "Carley 2006", "Smith & Jones
 * 1999", "Smith et al. 1993" (authors' or editors' family names, else the
 * start of the title, else the id; then the year or "n.d."). In the
 * source's arena. */
const char *bl_entry_label(struct bl_ctx *ctx, const struct bl_entry *e);
/* An entry's id as a C string for a message ("" when it has none): the
 * model's id is not NUL-terminated when it is the source's bytes. In the
 * source's arena. */
const char *bl_entry_id_str(struct bl_ctx *ctx, const struct bl_entry *e);

/* Appends field alternatives written "author|editor" to sb as
 * "author or editor" (the lists of missing required fields). */
void bl_add_alternatives(struct bl_strbuf *sb, const char *alts);

/* True when a printed reference is numbered ("12. Smith", "[3] Smith"). */
bool bl_entry_numbered(const struct bl_source *src, const struct bl_entry *e);
/* True when most printed references of the list are numbered: a list in
 * citation order, not author-year order. */
bool bl_list_numbered(const struct bl_source *src, const struct bl_list *list);

/* The text of a name for sorting and labels: family, else literal. */
const struct bl_value *bl_name_key(const struct bl_name *n);

static inline bool bl_is_space(int c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' ||
	       c == '\v';
}

static inline bool bl_is_digit(int c)
{
	return c >= '0' && c <= '9';
}

static inline bool bl_is_alpha(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* Compares two decimal digit strings by value (leading zeros ignored), of
 * any length: -1, 0 or 1. */
int bl_digits_cmp(const char *a, size_t an, const char *b, size_t bn);

#endif
