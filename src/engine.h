/*
 * engine.h - lint one source: detect its format, read it, run the enabled
 * rules, and collect the findings sorted by position.
 */
#ifndef BL_ENGINE_H
#define BL_ENGINE_H

#include "rule.h"
#include "style.h"

struct bl_lint_opts {
	enum bl_format format;             /* BL_FMT_AUTO: detect */
	const struct bl_style *style;      /* NULL: the default style */
	enum bl_severity sev[BL_R__COUNT]; /* effective severities */
	size_t max_entries;                /* 0: unlimited */
	unsigned jobs;                     /* threads for reading (up to 16)
					    * and checking (up to 8) a long
					    * list; 0: one per processor */
	size_t part_min;                   /* the fewest bytes worth a reading
					    * thread; 0: the reader's default */
	size_t checks_thread_min;          /* the fewest entries worth a second
					    * thread for the checks; 0: 256
					    * (tests set 1) */
	bool named;                        /* the user named this file: a file
					    * with no bibliography is a finding */
	const char *original;              /* a printed list in the original
					    * language, paired entry by entry
					    * with a printed romanised one */
};

/* Default severities, auto format, default style. */
void bl_lint_opts_init(struct bl_lint_opts *opts);

struct bl_result {
	struct bl_source *src;             /* not owned */
	struct bl_finding *findings;       /* heap; sorted by position */
	size_t count;
	size_t entries;                    /* entries read */
	bool not_bibliography;             /* the reader found no bibliography */
};

/* Lints src. Findings point into src's arena, so src must outlive res.
 * Returns BL_OK (even with findings) or BL_ERR with err set. */
int bl_lint(struct bl_result *res, struct bl_source *src,
	    const struct bl_lint_opts *opts, struct bl_error *err);
void bl_result_release(struct bl_result *res);

/* The order of findings in a result (qsort comparator): by position, then
 * rule, then message. */
int bl_finding_cmp(const void *a, const void *b);

/* Counts of findings by severity. */
void bl_result_count(const struct bl_result *res, size_t *errors,
		     size_t *warnings, size_t *infos);

#endif
