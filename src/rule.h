/*
 * rule.h - rule descriptors, the rule table and the context checks run in.
 *
 * Every rule is one `const struct bl_rule` defined in its family's file under
 * src/check/ and listed once in src/check/rules.def. That list expands into
 * enum bl_rule_id (BL_R_pages_range_dash, ...) and the table bl_rules[], which
 * drive --list-rules, --explain, the generated docs and the examples test.
 *
 * A check function receives the whole list of one source and reports what
 * it finds with bl_report(). It must not keep pointers into the context
 * after it returns.
 */
#ifndef BL_RULE_H
#define BL_RULE_H

#include "biblint.h"

struct bl_ctx;

struct bl_rule {
	const char *id;            /* "family/name" */
	enum bl_severity severity; /* default */
	const char *summary;       /* one line, no final full stop */
	const char *doc;           /* what triggers it, why it matters */
	const char *bad;           /* an input that reports this rule */
	const char *good;          /* the same input, corrected: nothing reported */
	enum bl_format example_format;  /* BL_FMT_AUTO means CSL-YAML */
	const char *example_style;      /* style the examples run with; NULL: default */
	bool fixable;              /* it offers fixes */
	/* NULL: reported by a reader or the engine. Several rules may share one
	 * function: it then runs once per source and reports any of them
	 * (bl_report drops the findings of rules that are off). */
	void (*check)(struct bl_ctx *ctx);
};

#define BL_RULE(sym) extern const struct bl_rule bl_rule_##sym;
#include "check/rules.def"
#undef BL_RULE

enum bl_rule_id {
#define BL_RULE(sym) BL_R_##sym,
#include "check/rules.def"
#undef BL_RULE
	BL_R__COUNT
};

extern const struct bl_rule *const bl_rules[BL_R__COUNT];

/* The rule with this id ("pages/range-dash"), or -1. */
int bl_rule_find(const char *id);
/* Rules whose id starts with "family/" for a pattern "family/ *" (no space),
 * or the one rule; calls fn for each and returns how many matched. */
int bl_rule_match(const char *pattern, void (*fn)(int rule, void *arg), void *arg);

struct bl_style;

/* What a check sees. */
struct bl_ctx {
	struct bl_source *src;
	const struct bl_list *list;
	const struct bl_style *style;
	const enum bl_severity *sev;   /* effective severity per rule */
	struct bl_finding *findings;   /* heap vector, owned by the engine */
	size_t nfindings, findings_cap;
	/* Set by the engine for the duration of one check. */
	int current_rule;
	/* BibTeX sources: 0 not yet known, 1 BibTeX, 2 BibLaTeX (whose biber
	 * reads -, -- and an en dash alike in range fields) */
	int bibtex_dialect;
	/* BibTeX sources: each entry's fields of the BibTeX and BibLaTeX data
	 * models as bits (src/check/bibtex.c), made with bibtex_dialect by
	 * the first check that needs either; in the source's arena. NULL
	 * until then. */
	const uint32_t *bibtex_masks;
	/* The transliteration schemes the translit checks chose for this
	 * source, made by the first that needs them (src/check/translit.c);
	 * in the source's arena. NULL until then. */
	struct bl_translit_choices *translit;
	/* Set by a reader that read the source in parts (on several
	 * threads): how many; 0 otherwise. */
	unsigned read_parts;
};

/* True when the rule is on (checks may skip expensive work otherwise). */
static inline bool bl_rule_on(const struct bl_ctx *ctx, int rule)
{
	return ctx->sev[rule] != BL_SEV_OFF;
}

/* Reports a finding of rule at [start, end) of ctx->src. The message is
 * printf-formatted into the source's arena. Returns the finding, valid only
 * until the next report (use it to attach a fix), or NULL when the rule is
 * off. */
struct bl_finding *bl_report(struct bl_ctx *ctx, int rule,
			     const struct bl_entry *entry, uint32_t start,
			     uint32_t end, const char *fmt, ...)
	__attribute__((format(printf, 6, 7)));

/* Attaches a fix replacing [start, end) of the source with replacement. */
void bl_finding_fix(struct bl_ctx *ctx, struct bl_finding *f, uint32_t start,
		    uint32_t end, const char *replacement, size_t len, bool safe);
/* Attaches a fix that replaces the bytes [off, off+n) of value v's text,
 * when v is exact (byte for byte the source) and the replacement keeps the
 * source's syntax (a plain YAML scalar stays one, a quoted string gains no
 * quote...); otherwise does nothing and returns false. */
bool bl_finding_fix_value(struct bl_ctx *ctx, struct bl_finding *f,
			  const struct bl_value *v, size_t off, size_t n,
			  const char *replacement, size_t len, bool safe);
/* Points at [off, off+n) of v's text when v is exact, else at all of v. */
void bl_value_subspan(const struct bl_value *v, size_t off, size_t n,
		      uint32_t *start, uint32_t *end);

/* Work on ctx's source on another thread (a part of a reading, a share of
 * the checks) reports into a context of its own: bl_ctx_fork() makes copy
 * a copy of ctx whose source is *src_copy, a shallow copy of ctx->src with
 * an arena of its own, and whose findings start as a copy of ctx's first
 * keep ones. bl_ctx_join() then moves what copy holds into ctx: its arena,
 * and its findings after the first keep (their related positions in
 * src_copy pointing into ctx->src again); bl_ctx_discard() drops it. */
void bl_ctx_fork(struct bl_ctx *copy, struct bl_source *src_copy,
		 const struct bl_ctx *ctx, size_t keep);
void bl_ctx_join(struct bl_ctx *ctx, struct bl_ctx *copy, size_t keep);
void bl_ctx_discard(struct bl_ctx *copy);

#endif
