/*
 * text.c - the compiler-style text output:
 *
 *   refs.yml:12:9: error: page range uses a hyphen ... [pages/range-dash]
 *      12 |   page: 295-346
 *         |         ^~~~~~~
 */
#include "report.h"

#include <string.h>

#include "../banned.h"

#define C_BOLD "\033[1m"
#define C_RED "\033[1;31m"
#define C_YELLOW "\033[1;33m"
#define C_CYAN "\033[1;36m"
#define C_GREEN "\033[1;32m"
#define C_DIM "\033[2m"
#define C_RESET "\033[0m"

static const char *sev_color(enum bl_severity sev)
{
	switch (sev) {
	case BL_SEV_ERROR: return C_RED;
	case BL_SEV_WARNING: return C_YELLOW;
	default: return C_CYAN;
	}
}

/* Prints one display line, replacing control characters so that a hostile
 * file cannot drive the terminal. */
static void put_line(FILE *out, const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		/* C1 controls (U+0080-U+009F, C2 80-C2 9F in UTF-8) too: some
		 * terminals take U+009B as the start of an escape sequence */
		if (c == 0xC2 && i + 1 < n && (unsigned char)s[i + 1] >= 0x80 &&
		    (unsigned char)s[i + 1] <= 0x9F) {
			fputc('?', out);
			i++;
		} else if (c == '\t' || (c >= 0x20 && c != 0x7F)) {
			fputc(c, out);
		} else {
			fputc('?', out);
		}
	}
}

/* Source lines longer than this many bytes are shown as a window around
 * the finding, so that a minified JSON file or a huge scalar on one line
 * does not print megabytes for every finding in it. */
#define LINE_MAX_SHOWN 1000
#define WINDOW_BEFORE 60
#define WINDOW_AFTER 100

/* Moves a byte offset back to the start of its UTF-8 sequence. */
static size_t char_start(const char *line, size_t off)
{
	while (off > 0 && ((unsigned char)line[off] & 0xC0) == 0x80)
		off--;
	return off;
}

static void put_caret(FILE *out, const struct bl_source *src,
		      const struct bl_finding *f, const struct bl_report_opts *o,
		      const char *gutter)
{
	size_t len, i, start_off, from = 0, to;
	const char *line = bl_source_line(src, f->start, &len);
	size_t col_off = (size_t)(src->data + f->start - line);
	size_t span;
	bool cut_before = false, cut_after = false;

	if (col_off > len)
		col_off = len;
	start_off = col_off;
	span = f->end > f->start ? f->end - f->start : 1;
	if (start_off + span > len)
		span = len > start_off ? len - start_off : 1;
	to = len;
	if (len > LINE_MAX_SHOWN) {
		if (start_off > WINDOW_BEFORE) {
			from = char_start(line, start_off - WINDOW_BEFORE);
			cut_before = from > 0;
		}
		if (span > WINDOW_AFTER)
			span = WINDOW_AFTER;
		if (start_off + span + WINDOW_AFTER < len) {
			to = char_start(line, start_off + span + WINDOW_AFTER);
			cut_after = true;
		}
	}

	fprintf(out, "%s | ", gutter);
	if (cut_before)
		fputs("...", out);
	put_line(out, line + from, to - from);
	if (cut_after)
		fputs("...", out);
	fputc('\n', out);
	fprintf(out, "%*s | %s", (int)strlen(gutter), "", cut_before ? "   " : "");
	for (i = from; i < start_off; i++) {
		unsigned char c = (unsigned char)line[i];

		if ((c & 0xC0) == 0x80)
			continue;
		fputc(c == '\t' ? '\t' : ' ', out);
	}
	if (o->color)
		fputs(C_GREEN, out);
	fputc('^', out);
	for (i = 1; i < bl_utf8_count(line + start_off, span); i++)
		fputc('~', out);
	if (o->color)
		fputs(C_RESET, out);
	fputc('\n', out);
}

void bl_report_text(FILE *out, const struct bl_result *res, size_t n,
		    const struct bl_report_opts *o)
{
	size_t i, j, errors = 0, warnings = 0, infos = 0, fixable = 0, entries = 0;

	for (i = 0; i < n; i++) {
		const struct bl_source *src = res[i].src;

		entries += res[i].entries;
		for (j = 0; j < res[i].count; j++) {
			const struct bl_finding *f = &res[i].findings[j];
			const struct bl_rule *rule = bl_rules[f->rule];
			struct bl_position pos;
			char gutter[32];

			bl_finding_position(src, f, &pos);
			switch (f->severity) {
			case BL_SEV_ERROR: errors++; break;
			case BL_SEV_WARNING: warnings++; break;
			default: infos++; break;
			}
			if (f->fix && f->fix->safe)
				fixable++;
			/* a file name, too, may hold control characters */
			if (o->color)
				fputs(C_BOLD, out);
			put_line(out, src->path, strlen(src->path));
			if (o->color)
				fprintf(out, ":%u:%u:" C_RESET " %s%s:" C_RESET " ",
					pos.line, pos.col, sev_color(f->severity),
					bl_severity_name(f->severity));
			else
				fprintf(out, ":%u:%u: %s: ", pos.line, pos.col,
					bl_severity_name(f->severity));
			put_line(out, f->message, strlen(f->message));
			if (o->color)
				fprintf(out, " " C_DIM "[%s]" C_RESET, rule->id);
			else
				fprintf(out, " [%s]", rule->id);
			if (f->fix && f->fix->safe)
				fputs(" (fixable)", out);
			fputc('\n', out);
			if (o->show_source && src->len > 0) {
				snprintf(gutter, sizeof(gutter), "%5u", pos.line);
				put_caret(out, src, f, o, gutter);
			}
		}
	}
	if (o->summary && errors + warnings + infos > 0) {
		fprintf(out, "%zu problem%s (%zu error%s, %zu warning%s", errors + warnings + infos,
			errors + warnings + infos == 1 ? "" : "s", errors,
			errors == 1 ? "" : "s", warnings, warnings == 1 ? "" : "s");
		if (infos)
			fprintf(out, ", %zu info", infos);
		fprintf(out, ") in %zu file%s, %zu entr%s checked", n, n == 1 ? "" : "s",
			entries, entries == 1 ? "y" : "ies");
		if (fixable)
			fprintf(out, "; %zu fixable with --fix", fixable);
		fputc('\n', out);
	}
	if (o->footer && errors + warnings + infos > 0)
		fprintf(out, "%s\n", o->footer);
}
