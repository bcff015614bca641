/*
 * github.c - GitHub Actions workflow commands, one per finding:
 *
 *   ::error file=refs.yml,line=12,col=9,endLine=12,endColumn=15,title=pages/range-dash::page range ...
 *
 * Escaped as the Actions toolkit does (packages/core/src/command.ts): in the
 * message % CR LF become %25 %0D %0A; property values also escape : and ,
 * as %3A and %2C. col and endColumn are given only when the finding starts
 * and ends on one line (the toolkit drops them otherwise); both count code
 * points and endColumn is the last column of the span (inclusive).
 */
#include "report.h"

#include <string.h>
#include <unistd.h>

#include "../banned.h"

static void put_escaped(FILE *out, const char *s, bool property)
{
	for (; *s; s++) {
		switch (*s) {
		case '%': fputs("%25", out); break;
		case '\r': fputs("%0D", out); break;
		case '\n': fputs("%0A", out); break;
		case ':':
			if (property) {
				fputs("%3A", out);
				break;
			}
			fputc(*s, out);
			break;
		case ',':
			if (property) {
				fputs("%2C", out);
				break;
			}
			fputc(*s, out);
			break;
		default:
			fputc(*s, out);
		}
	}
}

static const char *command(enum bl_severity sev)
{
	switch (sev) {
	case BL_SEV_ERROR: return "error";
	case BL_SEV_WARNING: return "warning";
	default: return "notice";
	}
}

void bl_report_github(FILE *out, const struct bl_result *res, size_t n,
		      const struct bl_report_opts *o)
{
	size_t i, j, cwdlen;
	char cwd_buf[4096];
	const char *cwd = getcwd(cwd_buf, sizeof(cwd_buf));

	(void)o;
	cwdlen = cwd ? strlen(cwd) : 0;
	for (i = 0; i < n; i++) {
		const struct bl_source *src = res[i].src;
		const char *path = src->path;

		/* annotations want paths from the repository root */
		if (cwdlen > 1 && strncmp(path, cwd, cwdlen) == 0 && path[cwdlen] == '/')
			path += cwdlen + 1;
		while (path[0] == '.' && path[1] == '/')
			path += 2;
		for (j = 0; j < res[i].count; j++) {
			const struct bl_finding *f = &res[i].findings[j];
			struct bl_position pos;
			unsigned line, col, end_line, end_col;

			bl_finding_position(src, f, &pos);
			if (pos.end_line > pos.line && pos.end_col == 1) {
				/* ends at a line start: the last column is on
				 * the line before */
				size_t len;
				const char *l = bl_source_line(src, f->end - 1, &len);

				pos.end_line--;
				pos.end_col = (unsigned)bl_utf8_count(l, len) + 1;
			}
			line = pos.line, col = pos.col, end_line = pos.end_line;
			end_col = pos.end_col > 1 ? pos.end_col - 1 : 1;
			if (end_line == line && end_col < col)
				end_col = col;
			fprintf(out, "::%s file=", command(f->severity));
			put_escaped(out, path, true);
			fprintf(out, ",line=%u", line);
			if (end_line == line)
				fprintf(out, ",col=%u", col);
			fprintf(out, ",endLine=%u", end_line);
			if (end_line == line)
				fprintf(out, ",endColumn=%u", end_col);
			fputs(",title=", out);
			put_escaped(out, bl_rules[f->rule]->id, true);
			fputs("::", out);
			put_escaped(out, f->message, false);
			fputc('\n', out);
		}
	}
}
