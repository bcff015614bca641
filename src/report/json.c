/*
 * json.c - the JSON document of DESIGN.md: tool, version, findings, summary.
 */
#include "report.h"

#include <string.h>

#include "../banned.h"

static void add_string_len(struct bl_strbuf *sb, const char *s, size_t n)
{
	bl_strbuf_addch(sb, '"');
	bl_json_escape(sb, s, n);
	bl_strbuf_addch(sb, '"');
}

static void add_string(struct bl_strbuf *sb, const char *s)
{
	add_string_len(sb, s, strlen(s));
}

void bl_report_json(FILE *out, const struct bl_result *res, size_t n,
		    const struct bl_report_opts *o)
{
	struct bl_strbuf sb = BL_STRBUF_INIT;
	size_t i, j, errors = 0, warnings = 0, infos = 0, entries = 0;
	bool first = true;

	(void)o;
	bl_strbuf_addstr(&sb, "{\"tool\": \"biblint\", \"version\": \"" BL_VERSION "\",\n \"findings\": [");
	for (i = 0; i < n; i++) {
		const struct bl_source *src = res[i].src;

		entries += res[i].entries;
		for (j = 0; j < res[i].count; j++) {
			const struct bl_finding *f = &res[i].findings[j];
			const struct bl_value *id = bl_finding_entry_id(f);
			struct bl_position pos;

			bl_finding_position(src, f, &pos);
			switch (f->severity) {
			case BL_SEV_ERROR: errors++; break;
			case BL_SEV_WARNING: warnings++; break;
			default: infos++; break;
			}
			bl_strbuf_addstr(&sb, first ? "\n  " : ",\n  ");
			first = false;
			bl_strbuf_addstr(&sb, "{\"path\": ");
			add_string(&sb, src->path);
			bl_strbuf_addf(&sb, ", \"line\": %u, \"column\": %u, \"end_line\": %u, "
				       "\"end_column\": %u, \"rule\": ",
				       pos.line, pos.col, pos.end_line, pos.end_col);
			add_string(&sb, bl_rules[f->rule]->id);
			bl_strbuf_addstr(&sb, ", \"severity\": ");
			add_string(&sb, bl_severity_name(f->severity));
			bl_strbuf_addstr(&sb, ", \"message\": ");
			add_string(&sb, f->message);
			bl_strbuf_addstr(&sb, ", \"entry\": ");
			if (id)
				add_string_len(&sb, id->text, bl_value_len(id));
			else
				bl_strbuf_addstr(&sb, "null");
			bl_strbuf_addstr(&sb, ", \"fix\": ");
			if (f->fix) {
				struct bl_position fp;
				unsigned l, c, el, ec;

				bl_source_locate(src, f->fix->start, &l, &c);
				bl_source_locate(src, f->fix->end, &el, &ec);
				fp.line = l, fp.col = c, fp.end_line = el, fp.end_col = ec;
				bl_strbuf_addstr(&sb, "{\"replacement\": ");
				add_string(&sb, f->fix->replacement);
				bl_strbuf_addf(&sb, ", \"line\": %u, \"column\": %u, \"end_line\": %u, "
					       "\"end_column\": %u, \"safe\": %s}",
					       fp.line, fp.col, fp.end_line, fp.end_col,
					       f->fix->safe ? "true" : "false");
			} else {
				bl_strbuf_addstr(&sb, "null");
			}
			bl_strbuf_addch(&sb, '}');
		}
	}
	bl_strbuf_addf(&sb, "%s],\n \"summary\": {\"files\": %zu, \"entries\": %zu, "
		       "\"errors\": %zu, \"warnings\": %zu, \"infos\": %zu}}\n",
		       first ? "" : "\n ", n, entries, errors, warnings, infos);
	fwrite(sb.buf, 1, sb.len, out);
	bl_strbuf_release(&sb);
}
