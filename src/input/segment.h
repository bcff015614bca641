/*
 * segment.h - splits one printed reference into fields with the style's
 * entry patterns (ICU regular expressions with named groups, kept in the
 * style file under `patterns:`).
 *
 * A pattern's named groups become fields with exact byte spans: authors
 * and editors (split into names "Surname, I. I."), year (with a suffix
 * a/b and ranges), title, translation (the bracketed English title),
 * container, volume, issue, pages, total, city, publisher, doi, url, vols,
 * archive and record (an archival shelf mark), edition, collection,
 * number. Other group names are allowed and ignored.
 *
 * Each pattern is compiled once per process and kept (like the styles).
 * When no pattern matches, the pattern that got furthest is named with
 * the place where it broke off: a pattern is cut after each top-level
 * group, and the longest cut that still matches (lookingAt) says how far
 * the text follows it.
 */
#ifndef BL_INPUT_SEGMENT_H
#define BL_INPUT_SEGMENT_H

#include "../rule.h"
#include "../style.h"

#define BL_SEG_MAX_GROUPS 24

struct bl_seg_group {
	const char *name;       /* the group's name in the pattern (static) */
	uint32_t off, len;      /* bytes of the text */
};

struct bl_seg_result {
	int pattern;            /* index in style->patterns; -1: none matched */
	size_t ngroups;         /* named groups that took part in the match */
	struct bl_seg_group groups[BL_SEG_MAX_GROUPS];
	/* when none matched */
	int nearest;            /* the pattern that got furthest; -1: none */
	uint32_t broke_at;      /* byte offset where it stopped matching */
	const char *expected;   /* the group it expected there, or NULL */
};

/* Matches text[0..len) (UTF-8) against the style's patterns in order.
 * Returns BL_OK, or BL_ERR when ICU fails (the pattern was checked when
 * the style was loaded, so this means ICU ran out of memory). */
int bl_segment_text(struct bl_seg_result *out, const struct bl_style *st,
		    const char *text, size_t len);

/* Segments every entry of ctx->list that holds a printed reference
 * (raw_text) and no parsed fields yet: adds the fields its pattern names,
 * or reports format/unrecognised and adds what can be found without a
 * pattern (a page range after a page prefix, a DOI). The reference's own
 * field stays, so rules that read the printed text still see it. */
void bl_segment_list(struct bl_ctx *ctx);

/* Pairs a printed romanised list (ctx->list, already segmented) with the
 * printed list in the original language at path, entry by entry: each
 * romanised entry gets its original's title, authors and container as
 * original-* fields (their text copied, their span the romanised part's),
 * which the translit rules compare. BL_ERR when the file cannot be read
 * or the two lists differ in length. */
int bl_segment_pair_file(struct bl_ctx *ctx, const char *path, struct bl_error *err);

/* Splits an author list ("Carley, M. J., & Smith, A." or "Иванов И. И.,
 * Петров П. П.") at [start, end) of src into names, in the arena. */
struct bl_names *bl_segment_names(struct bl_source *src, uint32_t start,
				  uint32_t end);

/* The form a style's pattern fixes for the label before a group ("Vol."
 * before (?<volume>...)): the first alternative of a (?:A|B) group or a
 * plain literal right before it; NULL when the pattern leaves it open.
 * In a static cache kept for the process. */
const char *bl_segment_label_wanted(const struct bl_style_pattern *p,
				    const char *group);

#endif
