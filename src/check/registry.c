/*
 * registry.c - the rule table built from rules.def, and the functions
 * checks report through.
 */
#include "../rule.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "../banned.h"

const struct bl_rule *const bl_rules[BL_R__COUNT] = {
#define BL_RULE(sym) [BL_R_##sym] = &bl_rule_##sym,
#include "rules.def"
#undef BL_RULE
};

int bl_rule_find(const char *id)
{
	int i;

	for (i = 0; i < BL_R__COUNT; i++)
		if (strcmp(bl_rules[i]->id, id) == 0)
			return i;
	return -1;
}

int bl_rule_match(const char *pattern, void (*fn)(int rule, void *arg), void *arg)
{
	size_t n = strlen(pattern);
	int i, count = 0;

	if (n >= 2 && pattern[n - 1] == '*' && pattern[n - 2] == '/') {
		for (i = 0; i < BL_R__COUNT; i++) {
			if (strncmp(bl_rules[i]->id, pattern, n - 1) == 0) {
				fn(i, arg);
				count++;
			}
		}
		return count;
	}
	if (strchr(pattern, '/') == NULL) {
		/* a bare family name */
		for (i = 0; i < BL_R__COUNT; i++) {
			const char *id = bl_rules[i]->id;

			if (strncmp(id, pattern, n) == 0 && id[n] == '/') {
				fn(i, arg);
				count++;
			}
		}
		return count;
	}
	i = bl_rule_find(pattern);
	if (i >= 0) {
		fn(i, arg);
		count++;
	}
	return count;
}

struct bl_finding *bl_report(struct bl_ctx *ctx, int rule,
			     const struct bl_entry *entry, uint32_t start,
			     uint32_t end, const char *fmt, ...)
{
	struct bl_finding *f;
	va_list ap;

	if (rule < 0 || rule >= BL_R__COUNT)
		BL_BUG("report of unknown rule %d", rule);
	if (ctx->sev[rule] == BL_SEV_OFF)
		return NULL;
	if (end < start)
		end = start;
	if (end > ctx->src->len)
		end = (uint32_t)ctx->src->len;
	if (start > end)
		start = end;
	BL_GROW(ctx->findings, ctx->nfindings + 1, ctx->findings_cap);
	f = &ctx->findings[ctx->nfindings++];
	memset(f, 0, sizeof(*f));
	f->rule = rule;
	f->severity = ctx->sev[rule];
	f->start = start;
	f->end = end;
	f->entry = entry;
	va_start(ap, fmt);
	f->message = bl_arena_vprintf(&ctx->src->arena, fmt, ap);
	va_end(ap);
	return f;
}

void bl_ctx_fork(struct bl_ctx *copy, struct bl_source *src_copy,
		 const struct bl_ctx *ctx, size_t keep)
{
	*src_copy = *ctx->src;
	bl_arena_init(&src_copy->arena);
	*copy = *ctx;
	copy->src = src_copy;
	copy->findings = keep ? bl_xmalloc(keep * sizeof(*ctx->findings)) : NULL;
	if (keep)
		memcpy(copy->findings, ctx->findings, keep * sizeof(*ctx->findings));
	copy->nfindings = copy->findings_cap = keep;
}

void bl_ctx_join(struct bl_ctx *ctx, struct bl_ctx *copy, size_t keep)
{
	size_t k;

	bl_arena_adopt(&ctx->src->arena, &copy->src->arena);
	for (k = keep; k < copy->nfindings; k++) {
		struct bl_finding *f = &copy->findings[k];

		if (f->related_src == copy->src)
			f->related_src = ctx->src;
		BL_GROW(ctx->findings, ctx->nfindings + 1, ctx->findings_cap);
		ctx->findings[ctx->nfindings++] = *f;
	}
	free(copy->findings);
	copy->findings = NULL;
	copy->nfindings = copy->findings_cap = 0;
}

void bl_ctx_discard(struct bl_ctx *copy)
{
	bl_arena_release(&copy->src->arena);
	free(copy->findings);
	copy->findings = NULL;
	copy->nfindings = copy->findings_cap = 0;
}

void bl_finding_fix(struct bl_ctx *ctx, struct bl_finding *f, uint32_t start,
		    uint32_t end, const char *replacement, size_t len, bool safe)
{
	struct bl_fix *fix;

	if (!f)
		return;
	if (start > end || end > ctx->src->len)
		BL_BUG("fix span %u..%u outside the source", start, end);
	/* a replacement that changes nothing is no fix */
	if (end - start == len && memcmp(ctx->src->data + start, replacement, len) == 0)
		return;
	fix = bl_arena_alloc(&ctx->src->arena, sizeof(*fix));
	fix->start = start;
	fix->end = end;
	fix->replacement = bl_arena_strndup(&ctx->src->arena, replacement, len);
	fix->safe = safe;
	f->fix = fix;
}

/* True when replacing text[off..off+n) of v with r[0..rlen) leaves the
 * source's syntax as it was: the value stays one value of the same kind.
 * A plain YAML scalar must not come to start with an indicator, gain a
 * ": " or " #", lose all its text or gain edge spaces; a quoted YAML or
 * JSON string must not gain its quote or a backslash; a BibTeX value must
 * not gain a brace or a quote. Fixes that fail this are not offered; the
 * finding stays. */
static bool fix_keeps_syntax(const struct bl_ctx *ctx, const struct bl_value *v,
			     size_t off, size_t n, const char *r, size_t rlen)
{
	const struct bl_source *src = ctx->src;
	char quote = v->start > 0 ? src->data[v->start - 1] : '\0';
	struct bl_strbuf sb = BL_STRBUF_INIT;
	bool ok = true;
	size_t i;

	switch (src->format) {
	case BL_FMT_CSL_JSON:
		for (i = 0; i < rlen; i++)
			if (r[i] == '"' || r[i] == '\\' || (unsigned char)r[i] < 0x20)
				return false;
		return true;
	case BL_FMT_BIBTEX:
		for (i = 0; i < rlen; i++)
			if (r[i] == '{' || r[i] == '}' || r[i] == '"' || r[i] == '\\')
				return false;
		return true;
	case BL_FMT_CSL_YAML:
	case BL_FMT_MARKDOWN:
		break;
	default:
		return true;
	}
	if (v->flags & BL_VAL_QUOTED) {
		for (i = 0; i < rlen; i++)
			if (r[i] == quote || r[i] == '\\' || r[i] == '\n' || r[i] == '\r')
				return false;
		return true;
	}
	/* a plain scalar: look at the value as it would read after the fix */
	bl_strbuf_add(&sb, v->text, off);
	bl_strbuf_add(&sb, r, rlen);
	bl_strbuf_add(&sb, v->text + off + n, bl_value_len(v) - off - n);
	if (sb.len == 0 || strchr("-?:,[]{}#&*!|>'\"%@` \t", sb.buf[0]) ||
	    sb.buf[sb.len - 1] == ' ' || sb.buf[sb.len - 1] == '\t' ||
	    sb.buf[sb.len - 1] == ':' || strstr(sb.buf, ": ") || strstr(sb.buf, " #") ||
	    strchr(sb.buf, '\n') || strchr(sb.buf, '\r'))
		ok = false;
	/* flow indicators the value did not hold before */
	for (i = 0; ok && i < rlen; i++)
		if (strchr(",[]{}", r[i]) && !memchr(v->text, r[i], bl_value_len(v)))
			ok = false;
	bl_strbuf_release(&sb);
	return ok;
}

bool bl_finding_fix_value(struct bl_ctx *ctx, struct bl_finding *f,
			  const struct bl_value *v, size_t off, size_t n,
			  const char *replacement, size_t len, bool safe)
{
	uint32_t start, end;

	if (!f || off + n > bl_value_len(v))
		return false;
	if (!fix_keeps_syntax(ctx, v, off, n, replacement, len))
		return false;
	if (v->flags & BL_VAL_EXACT) {
		start = v->start + (uint32_t)off;
		end = v->start + (uint32_t)(off + n);
	} else {
		/* a decoded value: only where its text is the source as written */
		if (!bl_value_map(v) || !n)
			return false;
		bl_value_subspan(v, off, n, &start, &end);
		if (end - start != n || end > ctx->src->len ||
		    memcmp(ctx->src->data + start, v->text + off, n) != 0)
			return false;
	}
	bl_finding_fix(ctx, f, start, end, replacement, len, safe);
	return true;
}

/* The run of a value's map (see biblint.h) that holds text byte i. */
static size_t map_run(const uint32_t *map, size_t i)
{
	size_t lo = 0, hi = map[0];

	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;

		if ((map[1 + 2 * mid] & ~BL_MAP_VERBATIM) <= i)
			lo = mid;
		else
			hi = mid;
	}
	return lo;
}

static uint32_t map_offset(const uint32_t *map, size_t i)
{
	size_t j = map_run(map, i);

	return map[2 + 2 * j] + (uint32_t)(i - (map[1 + 2 * j] & ~BL_MAP_VERBATIM));
}

/* Where the source of text bytes [.., i) ends: after byte i-1 when it was
 * copied as written, else where the markup after it starts. */
static uint32_t map_end(const struct bl_value *v, size_t i)
{
	const uint32_t *map = bl_value_map(v);
	size_t j = map_run(map, i - 1);

	if (map[1 + 2 * j] & BL_MAP_VERBATIM)
		return map_offset(map, i - 1) + 1;
	return j + 1 < map[0] ? map[2 + 2 * (j + 1)] : bl_value_end(v);
}

void bl_value_subspan(const struct bl_value *v, size_t off, size_t n,
		      uint32_t *start, uint32_t *end)
{
	if ((v->flags & BL_VAL_EXACT) && off + n <= bl_value_len(v)) {
		*start = v->start + (uint32_t)off;
		*end = v->start + (uint32_t)(off + n);
	} else if (bl_value_map(v) && bl_value_map(v)[0] && n && off + n <= bl_value_len(v)) {
		*start = map_offset(bl_value_map(v), off);
		*end = map_end(v, off + n);
		if (*end <= *start)
			*end = bl_value_end(v) > *start ? bl_value_end(v) : *start + 1;
	} else {
		*start = v->start;
		*end = bl_value_end(v);
	}
}
