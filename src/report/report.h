/*
 * report.h - output formats. Each writes the findings of a run to out.
 *
 * A run is an array of per-file results (struct bl_result). Paths are
 * printed as the sources hold them.
 */
#ifndef BL_REPORT_H
#define BL_REPORT_H

#include "../engine.h"

struct bl_report_opts {
	bool color;             /* ANSI colours (text only) */
	bool show_source;       /* the source line and a caret (text only) */
	bool summary;           /* a closing summary line (text only) */
	const char *footer;     /* a line printed after findings (text), or NULL */
};

void bl_report_text(FILE *out, const struct bl_result *res, size_t n,
		    const struct bl_report_opts *opts);
void bl_report_json(FILE *out, const struct bl_result *res, size_t n,
		    const struct bl_report_opts *opts);
/* SARIF 2.1.0 for GitHub code scanning (src/report/sarif.c). */
void bl_report_sarif(FILE *out, const struct bl_result *res, size_t n,
		     const struct bl_report_opts *opts);
/* GitHub Actions workflow commands, ::error file=...::message
 * (src/report/github.c). */
void bl_report_github(FILE *out, const struct bl_result *res, size_t n,
		      const struct bl_report_opts *opts);

/* Shared helpers. */
struct bl_position {
	unsigned line, col, end_line, end_col;
};
void bl_finding_position(const struct bl_source *src, const struct bl_finding *f,
			 struct bl_position *pos);
/* The entry id for a finding (not NUL-terminated: bl_value_len()), or
 * NULL. */
const struct bl_value *bl_finding_entry_id(const struct bl_finding *f);

#endif
