/*
 * suppress.c - finds `biblint:` comments in a source, decides what each one
 * covers (the file, or one entry), and filters the findings through them.
 */
#include "suppress.h"

#include <stdlib.h>
#include <string.h>

#include "banned.h"

struct sup_id {
	uint32_t start, end;       /* the id's bytes in the comment */
	bool rules[BL_R__COUNT];   /* the rules it names */
	bool used;
};

struct sup {
	uint32_t start, end;       /* the comment */
	const struct bl_entry *entry;  /* NULL: the whole file */
	struct sup_id *ids;
	size_t nids;
};

struct sups {
	struct sup *items;
	size_t n, cap;
};

static void set_rule(int rule, void *arg)
{
	((bool *)arg)[rule] = true;
}

/* The end of an entry's own text: its last field, so that comments between
 * two entries (which a YAML mapping's span may include) are not inside. */
static uint32_t content_end(const struct bl_entry *e)
{
	uint32_t end = e->start;
	uint32_t i;

	for (i = 0; i < e->nfields; i++) {
		if (bl_value_end(&e->fields[i].value) > end)
			end = bl_value_end(&e->fields[i].value);
		if (e->fields[i].name_start > end)
			end = e->fields[i].name_start;
	}
	return end > e->start && end <= e->end ? end : e->end;
}

/* What a comment at offset `at` covers: NULL for the whole file. Sets
 * *none when it covers nothing (after the last entry). */
static const struct bl_entry *scope_of(const struct bl_list *list, uint32_t at,
				       bool *none)
{
	size_t i;

	*none = false;
	if (!list || list->count == 0 || at < list->entries[0].start)
		return NULL;
	for (i = 0; i < list->count; i++) {
		const struct bl_entry *e = &list->entries[i];

		if (at >= e->start && at < content_end(e))
			return e;
		if (e->start > at)
			return e;
	}
	*none = true;
	return NULL;
}

static void suggest(struct bl_ctx *ctx, uint32_t start, uint32_t end, const char *id)
{
	const char *ids[BL_R__COUNT];
	const char *s;
	int i;

	for (i = 0; i < BL_R__COUNT; i++)
		ids[i] = bl_rules[i]->id;
	s = bl_suggest(id, ids, BL_R__COUNT);
	if (s)
		bl_report(ctx, BL_R_meta_unknown_rule, NULL, start, end,
			  "unknown rule '%s' in a biblint comment; did you mean '%s'?", id, s);
	else
		bl_report(ctx, BL_R_meta_unknown_rule, NULL, start, end,
			  "unknown rule '%s' in a biblint comment; see --list-rules", id);
}

/* Parses the directive after "biblint:" at p (line ends at end). */
static void parse_directive(struct bl_ctx *ctx, struct sups *out, const char *line,
			    const char *p, const char *end)
{
	const char *data = ctx->src->data;
	struct sup s = { 0 };
	bool none = false;
	const char *word = p;
	size_t cap = 0;

	while (p < end && *p != '=' && *p != ' ' && *p != '\t')
		p++;
	if ((size_t)(p - word) != 7 || memcmp(word, "disable", 7) != 0 || p == end ||
	    *p != '=') {
		bl_report(ctx, BL_R_meta_bad_suppression, NULL, (uint32_t)(word - data),
			  (uint32_t)(p - data),
			  "'%.*s' is not a biblint directive; write 'biblint: "
			  "disable=RULE[,RULE] -- reason'", (int)(p - word), word);
		return;
	}
	p++;
	s.start = (uint32_t)(line - data);
	s.end = (uint32_t)(end - data);
	while (p < end) {
		const char *id, *idend;
		char *name;

		while (p < end && (*p == ' ' || *p == '\t' || *p == ','))
			p++;
		if (p + 1 < end && p[0] == '-' && p[1] == '-')
			break;      /* the reason */
		id = p;
		while (p < end && *p != ',' && *p != ' ' && *p != '\t')
			p++;
		idend = p;
		if (idend == id)
			break;
		name = bl_xstrndup(id, (size_t)(idend - id));
		BL_GROW(s.ids, s.nids + 1, cap);
		memset(&s.ids[s.nids], 0, sizeof(s.ids[s.nids]));
		if (bl_rule_match(name, set_rule, s.ids[s.nids].rules) == 0) {
			suggest(ctx, (uint32_t)(id - data), (uint32_t)(idend - data), name);
		} else {
			s.ids[s.nids].start = (uint32_t)(id - data);
			s.ids[s.nids].end = (uint32_t)(idend - data);
			s.nids++;
		}
		free(name);
	}
	if (s.nids == 0) {
		if (cap == 0)
			bl_report(ctx, BL_R_meta_bad_suppression, NULL, s.start, s.end,
				  "a biblint comment that names no rule; write 'biblint: "
				  "disable=RULE[,RULE] -- reason'");
		free(s.ids);
		return;
	}
	s.entry = scope_of(ctx->list, s.start, &none);
	if (none) {
		bl_report(ctx, BL_R_meta_unused_suppression, NULL, s.start, s.end,
			  "this biblint comment follows the last entry and silences "
			  "nothing; move it before the entry it is meant for");
		free(s.ids);
		return;
	}
	BL_GROW(out->items, out->n + 1, out->cap);
	out->items[out->n++] = s;
}

/* The region comments are looked for in: all of a YAML or BibTeX file; a
 * Markdown file up to the end of the metadata block holding the entries. */
static size_t scan_limit(const struct bl_ctx *ctx)
{
	const struct bl_source *src = ctx->src;
	const char *p, *end = src->data + src->len;
	size_t last = 0;

	if (src->format != BL_FMT_MARKDOWN)
		return src->len;
	if (ctx->list && ctx->list->count)
		last = ctx->list->entries[ctx->list->count - 1].end;
	for (p = src->data + last; p < end;) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));

		if (nl && (strncmp(nl + 1, "---", 3) == 0 || strncmp(nl + 1, "...", 3) == 0))
			return (size_t)(nl + 1 - src->data);
		if (!nl)
			break;
		p = nl + 1;
	}
	return src->len;
}

/* Whether offset at lies inside a value (a '#' line in a block scalar is
 * text, not a comment). */
static bool inside_value(const struct bl_list *list, uint32_t at)
{
	size_t i;
	uint32_t j;

	if (!list)
		return false;
	for (i = 0; i < list->count; i++) {
		const struct bl_entry *e = &list->entries[i];

		if (at < e->start || at >= e->end)
			continue;
		for (j = 0; j < e->nfields; j++)
			if (at >= e->fields[j].value.start && at < bl_value_end(&e->fields[j].value))
				return true;
	}
	return false;
}

static void scan(struct bl_ctx *ctx, char mark, struct sups *out)
{
	const char *data = ctx->src->data;
	const char *p = data + ctx->src->bom, *limit = data + scan_limit(ctx);

	while (p < limit) {
		const char *nl = memchr(p, '\n', (size_t)(limit - p));
		const char *eol = nl ? nl : limit, *q = p, *hash;

		while (q < eol && (*q == ' ' || *q == '\t'))
			q++;
		hash = q;
		if (q < eol && *q == mark) {
			while (q < eol && *q == mark)
				q++;
			while (q < eol && (*q == ' ' || *q == '\t'))
				q++;
			if ((size_t)(eol - q) >= 8 && memcmp(q, "biblint:", 8) == 0 &&
			    !inside_value(ctx->list, (uint32_t)(hash - data))) {
				const char *end = eol;

				q += 8;
				while (q < eol && (*q == ' ' || *q == '\t'))
					q++;
				while (end > q && (end[-1] == '\r' || end[-1] == ' ' ||
						   end[-1] == '\t'))
					end--;
				parse_directive(ctx, out, hash, q, end);
			}
		}
		p = nl ? nl + 1 : limit;
	}
}

static bool covers(const struct sup *s, const struct bl_finding *f)
{
	const struct bl_entry *e = s->entry;

	if (!e)
		return true;
	if (f->entry)
		return f->entry == e;
	return f->start >= e->start && f->start < e->end;
}

/* Drops the findings in [first, last) that the suppressions silence. */
static void filter(struct bl_ctx *ctx, struct sups *sups, size_t first, size_t last)
{
	size_t i, j, k, kept = first;

	for (i = first; i < last; i++) {
		struct bl_finding *f = &ctx->findings[i];
		bool silenced = false;

		for (j = 0; j < sups->n; j++) {
			struct sup *s = &sups->items[j];

			if (!covers(s, f))
				continue;
			for (k = 0; k < s->nids; k++) {
				if (s->ids[k].rules[f->rule]) {
					s->ids[k].used = true;
					silenced = true;
				}
			}
		}
		if (!silenced)
			ctx->findings[kept++] = *f;
	}
	if (kept < last) {
		memmove(&ctx->findings[kept], &ctx->findings[last],
			(ctx->nfindings - last) * sizeof(*ctx->findings));
		ctx->nfindings -= last - kept;
	}
}

static bool any_on(const struct bl_ctx *ctx, const struct sup_id *id)
{
	int r;

	for (r = 0; r < BL_R__COUNT; r++)
		if (id->rules[r] && ctx->sev[r] != BL_SEV_OFF)
			return true;
	return false;
}

void bl_suppress_apply(struct bl_ctx *ctx)
{
	struct sups sups = { 0 };
	size_t i, j, before;
	char mark;

	switch (ctx->src->format) {
	case BL_FMT_CSL_YAML:
	case BL_FMT_MARKDOWN:
		mark = '#';
		break;
	case BL_FMT_BIBTEX:
		mark = '%';
		break;
	default:
		return;
	}
	before = ctx->nfindings;
	scan(ctx, mark, &sups);
	/* the findings about the comments themselves are not filtered */
	filter(ctx, &sups, 0, before);
	before = ctx->nfindings;
	for (i = 0; i < sups.n; i++) {
		struct sup *s = &sups.items[i];

		for (j = 0; j < s->nids; j++) {
			struct sup_id *id = &s->ids[j];

			/* a rule that is off cannot show whether it is needed */
			if (id->used || !any_on(ctx, id) || id->rules[BL_R_meta_unused_suppression])
				continue;
			if (s->entry && s->entry->id.text)
				bl_report(ctx, BL_R_meta_unused_suppression, s->entry, id->start,
					  id->end, "'%.*s' is disabled for entry '%.*s' but reports "
					  "nothing there; remove it from the comment",
					  (int)(id->end - id->start), ctx->src->data + id->start,
					  BL_VALUE_FMT(&s->entry->id));
			else
				bl_report(ctx, BL_R_meta_unused_suppression, NULL, id->start,
					  id->end, "'%.*s' is disabled %s but reports nothing "
					  "there; remove it from the comment",
					  (int)(id->end - id->start), ctx->src->data + id->start,
					  s->entry ? "for the next entry" : "for the whole file");
		}
	}
	/* "disable=meta/unused-suppression" silences these too */
	filter(ctx, &sups, before, ctx->nfindings);
	for (i = 0; i < sups.n; i++)
		free(sups.items[i].ids);
	free(sups.items);
}
