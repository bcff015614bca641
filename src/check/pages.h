/*
 * pages.h - parsing page fields ("12–17, 19", "xi–xv", "e1234", "S12–S17";
 * pagerange.c) and checking one page value (pages.c), for the pages rule
 * family and for readers or families that hold page ranges in fields of
 * their own.
 *
 * bl_pages_parse() splits a value into ranges and issues (a label such as
 * "pp.", stray spaces, trailing punctuation, junk). Offsets are byte
 * offsets into the value's text. Nothing allocates.
 */
#ifndef BL_CHECK_PAGES_H
#define BL_CHECK_PAGES_H

#include "common.h"

enum bl_page_tok_kind {
	BL_PTOK_NONE = 0,
	BL_PTOK_ARABIC,        /* 123 */
	BL_PTOK_ROMAN,         /* xi, XIV (valid numerals only) */
	BL_PTOK_ID,            /* e1234, S12, R551, 12a, 3.14 */
};

struct bl_page_tok {
	uint32_t off, len;      /* the token */
	uint32_t num_off, num_len; /* the digits compared (ARABIC: all; ID: its
				    * final digit run, 0 when the token ends
				    * in letters) */
	uint32_t roman;         /* ROMAN: its value */
	uint8_t kind;           /* enum bl_page_tok_kind */
};

struct bl_page_range {
	struct bl_page_tok first;
	struct bl_page_tok last;   /* last.kind == BL_PTOK_NONE: a single page */
	uint32_t dash_off, dash_len;
	uint8_t dash;              /* enum bl_dash */
};

enum bl_page_issue_kind {
	BL_PI_LABEL = 1,        /* "pp. " before the pages */
	BL_PI_SPACE,            /* stray white space */
	BL_PI_TRAILING,         /* a final period, comma, ... */
	BL_PI_JUNK,             /* text that is no page */
};

struct bl_page_issue {
	uint8_t kind;           /* enum bl_page_issue_kind */
	uint32_t off, len;      /* the bytes concerned */
	const char *repl;       /* what the bytes should become ("" or " ") */
	const char *what;       /* for messages: "space before the range dash" */
};

#define BL_PAGES_MAX 32

struct bl_pages {
	struct bl_page_range ranges[BL_PAGES_MAX];
	size_t nranges;          /* ranges beyond BL_PAGES_MAX are dropped */
	struct bl_page_issue issues[BL_PAGES_MAX];
	size_t nissues;
};

void bl_pages_parse(struct bl_pages *out, const char *s, size_t n);

enum bl_range_order {
	BL_RANGE_OK = 0,         /* ascending, equal, or a single page */
	BL_RANGE_REVERSED,       /* the last page is lower than the first */
	BL_RANGE_ABBREVIATED,    /* the last page has fewer digits (295–46) */
	BL_RANGE_UNCOMPARABLE,   /* different kinds (xi–12, S3–A4) */
};
/* Compares the ends of a range of the value text s, as digit strings (no
 * overflow on 30-digit pages). */
enum bl_range_order bl_page_range_order(const struct bl_page_range *r,
					const char *s);
/* For an abbreviated range, writes the full last page's digits (2787–816:
 * "2816"; 295–46: "346") NUL-terminated into buf and returns their length;
 * 0 when it does not fit. */
size_t bl_page_range_expand(const struct bl_page_range *r, const char *s,
			    char *buf, size_t cap);

/* The checks of one page value v of entry e, each reporting as its rule
 * when that rule is on: range dash against want (a dash such as "–" or
 * "--"; NULL skips that check), reversed and abbreviated ranges, label,
 * stray spaces, trailing punctuation, junk. rule is the one rule to
 * report, or -1 for all of the family's per-value rules. */
void bl_pages_check_value(struct bl_ctx *ctx, int rule, const struct bl_entry *e,
			  const struct bl_value *v, const char *want);

#endif
