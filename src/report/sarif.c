/*
 * sarif.c - SARIF 2.1.0 as GitHub code scanning reads it.
 *
 * One run; tool.driver.rules lists every rule of the table in table order,
 * so a result's ruleIndex is its rule number. Regions count columns in
 * Unicode code points (columnKind "unicodeCodePoints"), end column
 * exclusive. partialFingerprints.primaryLocationLineHash hashes the rule id
 * with the finding's line text (whitespace ignored), so an alert survives
 * lines moving above it; ":N" numbers repeats within one file.
 */
#include "report.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

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

static const char *level(enum bl_severity sev)
{
	switch (sev) {
	case BL_SEV_ERROR: return "error";
	case BL_SEV_WARNING: return "warning";
	default: return "note";
	}
}

/* "pages/range-dash" -> "PagesRangeDash" */
static void add_rule_name(struct bl_strbuf *sb, const char *id)
{
	bool up = true;

	bl_strbuf_addch(sb, '"');
	for (; *id; id++) {
		if (*id == '/' || *id == '-' || *id == '_') {
			up = true;
			continue;
		}
		bl_strbuf_addch(sb, up && *id >= 'a' && *id <= 'z' ? *id - 'a' + 'A' : *id);
		up = false;
	}
	bl_strbuf_addch(sb, '"');
}

static void add_rule(struct bl_strbuf *sb, const struct bl_rule *r)
{
	struct bl_strbuf text = BL_STRBUF_INIT, md = BL_STRBUF_INIT;

	bl_strbuf_addstr(sb, "{\"id\": ");
	add_string(sb, r->id);
	bl_strbuf_addstr(sb, ", \"name\": ");
	add_rule_name(sb, r->id);
	bl_strbuf_addstr(sb, ", \"shortDescription\": {\"text\": ");
	add_string(sb, r->summary);
	bl_strbuf_addstr(sb, "}, \"fullDescription\": {\"text\": ");
	add_string(sb, r->doc && *r->doc ? r->doc : r->summary);
	bl_strbuf_addf(&text, "%s\n\nBad:\n%s\n\nGood:\n%s\n", r->doc ? r->doc : r->summary,
		       r->bad ? r->bad : "", r->good ? r->good : "");
	bl_strbuf_addf(&md, "%s\n\nBad:\n\n```\n%s\n```\n\nGood:\n\n```\n%s\n```\n",
		       r->doc ? r->doc : r->summary, r->bad ? r->bad : "",
		       r->good ? r->good : "");
	bl_strbuf_addstr(sb, "}, \"help\": {\"text\": ");
	add_string(sb, text.buf);
	bl_strbuf_addstr(sb, ", \"markdown\": ");
	add_string(sb, md.buf);
	bl_strbuf_addf(sb, "}, \"defaultConfiguration\": {\"level\": \"%s\"}, "
		       "\"properties\": {\"tags\": [\"bibliography\"]}}",
		       level(r->severity));
	bl_strbuf_release(&text);
	bl_strbuf_release(&md);
}

/* A relative URI reference for a path: "./" dropped, reserved bytes
 * percent-encoded; an absolute path under cwd is made relative to it (code
 * scanning wants paths from the repository root), another becomes a file:
 * URI. */
static void add_uri(struct bl_strbuf *sb, const char *path, const char *cwd)
{
	static const char hex[] = "0123456789ABCDEF";
	const unsigned char *p = (const unsigned char *)path;
	size_t n = cwd ? strlen(cwd) : 0;

	if (n > 1 && strncmp(path, cwd, n) == 0 && path[n] == '/')
		p += n + 1;
	while (p[0] == '.' && p[1] == '/')
		p += 2;
	bl_strbuf_addch(sb, '"');
	if (*p == '/')
		bl_strbuf_addstr(sb, "file://");
	for (; *p; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9') || strchr("-._~/!$&'()*+,;=@", *p)) {
			bl_strbuf_addch(sb, *p);
		} else {
			bl_strbuf_addch(sb, '%');
			bl_strbuf_addch(sb, hex[*p >> 4]);
			bl_strbuf_addch(sb, hex[*p & 15]);
		}
	}
	bl_strbuf_addch(sb, '"');
}

/* A span ending at the start of a line ends at the end of the line before. */
static void region(const struct bl_source *src, const struct bl_finding *f,
		   struct bl_position *pos)
{
	bl_finding_position(src, f, pos);
	if (pos->end_line > pos->line && pos->end_col == 1 && f->end > f->start) {
		size_t len;
		const char *line = bl_source_line(src, f->end - 1, &len);

		pos->end_line--;
		pos->end_col = (unsigned)bl_utf8_count(line, len) + 1;
	}
}

static uint64_t fnv1a(uint64_t h, const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		h ^= (unsigned char)s[i];
		h *= 0x100000001b3ull;
	}
	return h;
}

static uint64_t line_hash(const struct bl_source *src, const struct bl_finding *f)
{
	const char *id = bl_rules[f->rule]->id;
	uint64_t h = fnv1a(0xcbf29ce484222325ull, id, strlen(id) + 1);
	size_t len, i, from = 0;
	const char *line = src->len ? bl_source_line(src, f->start, &len) : "";

	if (!src->len)
		len = 0;
	if (len > 1000) {
		/* a long line (minified JSON): only the part around the
		 * finding, or every finding on it would hash the whole line */
		size_t at = f->start - (size_t)(line - src->data);

		from = at > 100 ? at - 100 : 0;
		if (len > at + 100)
			len = at + 100;
	}
	for (i = from; i < len; i++)
		if (line[i] != ' ' && line[i] != '\t' && line[i] != '\r')
			h = fnv1a(h, line + i, 1);
	return h;
}

/* How many times h was seen in this file, counting this one. */
struct seen {
	uint64_t *hash;
	unsigned *count;
	size_t cap;
};

static unsigned seen_add(struct seen *s, uint64_t h)
{
	size_t i = (size_t)(h & (s->cap - 1));

	while (s->count[i] && s->hash[i] != h)
		i = (i + 1) & (s->cap - 1);
	s->hash[i] = h;
	return ++s->count[i];
}

static void add_result(struct bl_strbuf *sb, const struct bl_source *src,
		       const struct bl_finding *f, unsigned occurrence, uint64_t hash,
		       const char *cwd)
{
	struct bl_position pos;

	region(src, f, &pos);
	bl_strbuf_addf(sb, "{\"ruleId\": \"%s\", \"ruleIndex\": %d, \"level\": \"%s\", "
		       "\"message\": {\"text\": ",
		       bl_rules[f->rule]->id, f->rule, level(f->severity));
	add_string(sb, f->message);
	bl_strbuf_addstr(sb, "}, \"locations\": [{\"physicalLocation\": "
			 "{\"artifactLocation\": {\"uri\": ");
	add_uri(sb, src->path, cwd);
	bl_strbuf_addf(sb, "}, \"region\": {\"startLine\": %u, \"startColumn\": %u, "
		       "\"endLine\": %u, \"endColumn\": %u}}",
		       pos.line, pos.col, pos.end_line, pos.end_col);
	if (bl_finding_entry_id(f)) {
		const struct bl_value *id = bl_finding_entry_id(f);

		bl_strbuf_addstr(sb, ", \"logicalLocations\": [{\"name\": ");
		add_string_len(sb, id->text, bl_value_len(id));
		bl_strbuf_addstr(sb, ", \"kind\": \"object\"}]");
	}
	bl_strbuf_addch(sb, '}');
	if (f->has_related && f->related_src) {
		/* the other place the finding names (the first duplicate, the
		 * entry it belongs beside...) */
		unsigned line, col;

		bl_source_locate(f->related_src, f->related_start, &line, &col);
		bl_strbuf_addstr(sb, "], \"relatedLocations\": [{\"id\": 1, "
				 "\"physicalLocation\": {\"artifactLocation\": {\"uri\": ");
		add_uri(sb, f->related_src->path, cwd);
		bl_strbuf_addf(sb, "}, \"region\": {\"startLine\": %u, \"startColumn\": %u}}, "
			       "\"message\": {\"text\": \"the place this finding refers to\"}}",
			       line, col);
	}
	bl_strbuf_addf(sb, "], \"partialFingerprints\": {\"primaryLocationLineHash\": "
		       "\"%016llx:%u\"}",
		       (unsigned long long)hash, occurrence);
	if (f->fix && f->fix->safe)
		bl_strbuf_addstr(sb, ", \"properties\": {\"fixable\": true}");
	bl_strbuf_addch(sb, '}');
}

void bl_report_sarif(FILE *out, const struct bl_result *res, size_t n,
		     const struct bl_report_opts *o)
{
	struct bl_strbuf sb = BL_STRBUF_INIT;
	size_t i, j;
	int r;
	bool first = true;
	char cwd_buf[4096];
	const char *cwd = getcwd(cwd_buf, sizeof(cwd_buf));

	(void)o;
	bl_strbuf_addstr(&sb, "{\n\"$schema\": \"https://json.schemastore.org/sarif-2.1.0.json\",\n"
			 "\"version\": \"2.1.0\",\n\"runs\": [{\n"
			 "\"tool\": {\"driver\": {\"name\": \"biblint\", \"version\": \""
			 BL_VERSION "\", \"semanticVersion\": \"" BL_VERSION "\",\n"
			 "\"rules\": [");
	for (r = 0; r < BL_R__COUNT; r++) {
		bl_strbuf_addstr(&sb, r ? ",\n  " : "\n  ");
		add_rule(&sb, bl_rules[r]);
	}
	bl_strbuf_addstr(&sb, "]}},\n\"columnKind\": \"unicodeCodePoints\",\n\"results\": [");
	for (i = 0; i < n; i++) {
		const struct bl_source *src = res[i].src;
		struct seen seen = { 0 };

		seen.cap = 16;
		while (seen.cap < res[i].count * 2)
			seen.cap *= 2;
		seen.hash = bl_xcalloc(seen.cap, sizeof(*seen.hash));
		seen.count = bl_xcalloc(seen.cap, sizeof(*seen.count));
		for (j = 0; j < res[i].count; j++) {
			const struct bl_finding *f = &res[i].findings[j];
			uint64_t h = line_hash(src, f);

			bl_strbuf_addstr(&sb, first ? "\n  " : ",\n  ");
			first = false;
			add_result(&sb, src, f, seen_add(&seen, h), h, cwd);
		}
		free(seen.hash);
		free(seen.count);
	}
	bl_strbuf_addstr(&sb, first ? "]\n}]\n}\n" : "\n]\n}]\n}\n");
	fwrite(sb.buf, 1, sb.len, out);
	bl_strbuf_release(&sb);
}
