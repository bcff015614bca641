/*
 * fix.c - choosing, applying, composing and showing fixes (see fix.h).
 *
 * The atomic replacement of files lives in fix_write.c.
 */
#include "fix.h"

#include <stdlib.h>
#include <string.h>

#include "banned.h"

#define DIFF_CONTEXT 3
#define DEFAULT_PASSES 10

void bl_edits_release(struct bl_edits *e)
{
	size_t i;

	for (i = 0; i < e->n; i++)
		free(e->v[i].text);
	free(e->v);
	memset(e, 0, sizeof(*e));
}

void bl_edits_add(struct bl_edits *e, uint32_t start, uint32_t end,
		  const char *text, size_t len)
{
	struct bl_edit *ed;

	if (start > end)
		BL_BUG("edit span %u..%u is reversed", start, end);
	BL_GROW(e->v, e->n + 1, e->cap);
	ed = &e->v[e->n++];
	ed->start = start;
	ed->end = end;
	ed->text = bl_xstrndup(text, len);
	ed->len = len;
}

/* ---- choosing fixes --------------------------------------------------- */

static int cmp_candidate(const void *a, const void *b)
{
	const struct bl_finding *x = *(const struct bl_finding *const *)a;
	const struct bl_finding *y = *(const struct bl_finding *const *)b;

	if (x->fix->start != y->fix->start)
		return x->fix->start < y->fix->start ? -1 : 1;
	if (x->fix->end != y->fix->end)
		return x->fix->end < y->fix->end ? -1 : 1;
	if (x->rule != y->rule)
		return x->rule < y->rule ? -1 : 1;
	return strcmp(x->fix->replacement, y->fix->replacement);
}

static bool char_boundary(const char *data, size_t len, size_t off)
{
	return off >= len || ((unsigned char)data[off] & 0xC0) != 0x80;
}

void bl_fix_plan(struct bl_fix_plan *plan, const struct bl_finding *findings,
		 size_t n, const char *data, size_t len, bool unsafe)
{
	const struct bl_finding **cand = NULL;
	size_t ncand = 0, cap = 0, i;
	const struct bl_edit *last = NULL;

	memset(plan, 0, sizeof(*plan));
	for (i = 0; i < n; i++) {
		const struct bl_fix *fx = findings[i].fix;
		size_t rlen;

		if (!fx)
			continue;
		if (!fx->safe && !unsafe) {
			plan->unsafe++;
			continue;
		}
		rlen = strlen(fx->replacement);
		if (fx->end > len || !char_boundary(data, len, fx->start) ||
		    !char_boundary(data, len, fx->end) ||
		    bl_utf8_validate(fx->replacement, rlen) != rlen ||
		    (rlen == fx->end - fx->start &&
		     memcmp(data + fx->start, fx->replacement, rlen) == 0)) {
			/* it would split a character, or change nothing */
			plan->rejected++;
			continue;
		}
		BL_GROW(cand, ncand + 1, cap);
		cand[ncand++] = &findings[i];
	}
	if (ncand > 1)
		qsort(cand, ncand, sizeof(*cand), cmp_candidate);
	for (i = 0; i < ncand; i++) {
		const struct bl_fix *fx = cand[i]->fix;
		size_t rlen = strlen(fx->replacement);

		if (last && fx->start == last->start && fx->end == last->end &&
		    rlen == last->len && memcmp(fx->replacement, last->text, rlen) == 0) {
			/* two findings offering the same edit: one edit fixes both */
			plan->applied++;
			continue;
		}
		if (last && (fx->start < last->end ||
			     (fx->start == last->start && last->start == last->end))) {
			/* overlaps the chosen edit (or inserts at the same point):
			 * left for the next pass, which sees the edited text */
			plan->deferred++;
			continue;
		}
		bl_edits_add(&plan->edits, fx->start, fx->end, fx->replacement, rlen);
		last = &plan->edits.v[plan->edits.n - 1];
		plan->applied++;
	}
	free(cand);
}

void bl_fix_plan_release(struct bl_fix_plan *plan)
{
	bl_edits_release(&plan->edits);
	memset(plan, 0, sizeof(*plan));
}

/* ---- applying and composing ------------------------------------------ */

char *bl_edits_apply(const struct bl_edits *e, const char *data, size_t len,
		     size_t *outlen)
{
	struct bl_strbuf sb = BL_STRBUF_INIT;
	size_t pos = 0, i;

	for (i = 0; i < e->n; i++) {
		const struct bl_edit *ed = &e->v[i];

		if (ed->start < pos || ed->end > len)
			BL_BUG("edit %zu (%u..%u) out of order or outside %zu bytes", i,
			       ed->start, ed->end, len);
		bl_strbuf_add(&sb, data + pos, ed->start - pos);
		bl_strbuf_add(&sb, ed->text, ed->len);
		pos = ed->end;
	}
	bl_strbuf_add(&sb, data + pos, len - pos);
	return bl_strbuf_detach(&sb, outlen);
}

static int64_t edit_delta(const struct bl_edit *ed)
{
	return (int64_t)ed->len - (int64_t)(ed->end - ed->start);
}

void bl_edits_compose(struct bl_edits *base, const struct bl_edits *next,
		      const char *cur, size_t curlen)
{
	struct bl_edits out = { 0 };
	size_t *cs, *ce;
	size_t i = 0, j = 0, k;
	int64_t delta = 0, before = 0;

	if (next->n == 0)
		return;
	/* where each base edit's text lies in the current text */
	cs = bl_xcalloc(base->n + 1, sizeof(*cs));
	ce = bl_xcalloc(base->n + 1, sizeof(*ce));
	for (k = 0; k < base->n; k++) {
		cs[k] = (size_t)((int64_t)base->v[k].start + delta);
		ce[k] = cs[k] + base->v[k].len;
		delta += edit_delta(&base->v[k]);
	}
	while (j < next->n) {
		size_t x = next->v[j].start, y = next->v[j].end;
		size_t jfirst = j++;
		int64_t inside = 0;
		struct bl_strbuf sb = BL_STRBUF_INIT;
		uint32_t ox, oy;
		bool grew;

		/* base edits wholly before the cluster stay as they are */
		while (i < base->n && ce[i] < x) {
			before += edit_delta(&base->v[i]);
			bl_edits_add(&out, base->v[i].start, base->v[i].end,
				     base->v[i].text, base->v[i].len);
			i++;
		}
		/* grow the cluster over every base edit it touches and every
		 * next edit that touches it */
		do {
			grew = false;
			while (i < base->n && cs[i] <= y) {
				if (cs[i] < x)
					x = cs[i];
				if (ce[i] > y)
					y = ce[i];
				inside += edit_delta(&base->v[i]);
				i++;
				grew = true;
			}
			while (j < next->n && next->v[j].start <= y) {
				if (next->v[j].end > y)
					y = next->v[j].end;
				j++;
				grew = true;
			}
		} while (grew);
		if (y > curlen)
			BL_BUG("edit beyond the text (%zu > %zu)", y, curlen);
		/* the cluster's new text: cur[x, y) with next's edits applied */
		{
			size_t pos = x;

			for (k = jfirst; k < j; k++) {
				bl_strbuf_add(&sb, cur + pos, next->v[k].start - pos);
				bl_strbuf_add(&sb, next->v[k].text, next->v[k].len);
				pos = next->v[k].end;
			}
			bl_strbuf_add(&sb, cur + pos, y - pos);
		}
		ox = (uint32_t)((int64_t)x - before);
		oy = (uint32_t)((int64_t)ox + (int64_t)(y - x) - inside);
		bl_edits_add(&out, ox, oy, sb.buf ? sb.buf : "", sb.len);
		bl_strbuf_release(&sb);
		before += inside;
	}
	for (; i < base->n; i++)
		bl_edits_add(&out, base->v[i].start, base->v[i].end, base->v[i].text,
			     base->v[i].len);
	free(cs);
	free(ce);
	bl_edits_release(base);
	*base = out;
}

/* ---- the unified diff ------------------------------------------------- */

struct line {
	const char *p;
	size_t n;               /* with its '\n', if any */
};

/* A changed group of lines: old lines [ol, ol+od) became the new lines
 * [nl, nl+nd) (0-based). */
struct group {
	size_t ol, od, nl, nd;
	struct line *old_lines; /* points into old */
	struct line *new_lines; /* points into text */
	char *text;             /* the new region's bytes (heap) */
};

static size_t split_lines(const char *p, size_t n, struct line **out)
{
	struct line *v = NULL;
	size_t count = 0, cap = 0, i = 0;

	while (i < n) {
		const char *nl = memchr(p + i, '\n', n - i);
		size_t e = nl ? (size_t)(nl - p) + 1 : n;

		BL_GROW(v, count + 1, cap);
		v[count].p = p + i;
		v[count].n = e - i;
		count++;
		i = e;
	}
	*out = v;
	return count;
}

static bool line_eq(const struct line *a, const struct line *b)
{
	return a->n == b->n && memcmp(a->p, b->p, a->n) == 0;
}

static void put_diff_line(struct bl_strbuf *out, char mark, const struct line *l)
{
	bl_strbuf_addch(out, mark);
	bl_strbuf_add(out, l->p, l->n);
	if (l->n == 0 || l->p[l->n - 1] != '\n')
		bl_strbuf_addstr(out, "\n\\ No newline at end of file\n");
}

static void put_range(struct bl_strbuf *out, char mark, size_t start, size_t count)
{
	/* 1-based; an empty range names the line before it */
	if (count == 1)
		bl_strbuf_addf(out, "%c%zu", mark, start + 1);
	else
		bl_strbuf_addf(out, "%c%zu,%zu", mark, count ? start + 1 : start, count);
}

static void emit_hunks(struct bl_strbuf *out, const struct line *lines,
		       size_t nlines, const struct group *g, size_t m)
{
	size_t h = 0;

	while (h < m) {
		size_t first = h, last = h, k, q, o0, o1, on = 0, nn = 0;

		while (last + 1 < m &&
		       g[last + 1].ol - (g[last].ol + g[last].od) <= 2 * DIFF_CONTEXT)
			last++;
		o0 = g[first].ol > DIFF_CONTEXT ? g[first].ol - DIFF_CONTEXT : 0;
		o1 = g[last].ol + g[last].od + DIFF_CONTEXT;
		if (o1 > nlines)
			o1 = nlines;
		for (k = first; k <= last; k++) {
			on += g[k].od;
			nn += g[k].nd;
		}
		bl_strbuf_addstr(out, "@@ ");
		put_range(out, '-', o0, o1 - o0);
		bl_strbuf_addch(out, ' ');
		put_range(out, '+', o0 + g[first].nl - g[first].ol, o1 - o0 - on + nn);
		bl_strbuf_addstr(out, " @@\n");
		q = o0;
		for (k = first; k <= last; k++) {
			size_t x;

			for (; q < g[k].ol; q++)
				put_diff_line(out, ' ', &lines[q]);
			for (x = 0; x < g[k].od; x++)
				put_diff_line(out, '-', &g[k].old_lines[x]);
			for (x = 0; x < g[k].nd; x++)
				put_diff_line(out, '+', &g[k].new_lines[x]);
			q = g[k].ol + g[k].od;
		}
		for (; q < o1; q++)
			put_diff_line(out, ' ', &lines[q]);
		h = last + 1;
	}
}

/* Index of the line starting at offset off (a line start), or nlines. */
static size_t line_at(const struct line *lines, size_t nlines, const char *base,
		      size_t off)
{
	size_t lo = 0, hi = nlines;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		size_t s = (size_t)(lines[mid].p - base);

		if (s < off)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

void bl_fix_diff(struct bl_strbuf *out, const char *path, const char *old,
		 size_t oldlen, const struct bl_edits *e)
{
	struct line *lines = NULL;
	struct group *g = NULL;
	size_t nlines, m = 0, cap = 0, i = 0, k;
	int64_t line_delta = 0;

	if (e->n == 0)
		return;
	nlines = split_lines(old, oldlen, &lines);
	while (i < e->n) {
		size_t a = e->v[i].start, b, i0 = i, la, lb, nnew, pre = 0, suf = 0;
		struct bl_strbuf sb = BL_STRBUF_INIT;
		struct line *nl_lines;
		char *text;
		size_t nlen;

		/* a region of whole lines: from the start of the first edit's line
		 * to past the line holding the last edit's end, so that the text
		 * after it starts a line in both versions */
		while (a > 0 && old[a - 1] != '\n')
			a--;
		for (;;) {
			size_t end = e->v[i].end;
			const char *nlc = end < oldlen ? memchr(old + end, '\n', oldlen - end) : NULL;

			b = nlc ? (size_t)(nlc - old) + 1 : oldlen;
			i++;
			if (i >= e->n || (e->v[i].start > b &&
					  memchr(old + b, '\n', e->v[i].start - b)))
				break;
			/* the next edit starts on a line of this region, or on
			 * the line right after it: one region */
		}
		{
			size_t pos = a;

			for (k = i0; k < i; k++) {
				bl_strbuf_add(&sb, old + pos, e->v[k].start - pos);
				bl_strbuf_add(&sb, e->v[k].text, e->v[k].len);
				pos = e->v[k].end;
			}
			bl_strbuf_add(&sb, old + pos, b - pos);
		}
		la = line_at(lines, nlines, old, a);
		lb = line_at(lines, nlines, old, b);
		nlen = sb.len;
		text = bl_strbuf_detach(&sb, NULL);
		nnew = split_lines(text, nlen, &nl_lines);
		while (pre < lb - la && pre < nnew && line_eq(&lines[la + pre], &nl_lines[pre]))
			pre++;
		while (suf < lb - la - pre && suf < nnew - pre &&
		       line_eq(&lines[lb - 1 - suf], &nl_lines[nnew - 1 - suf]))
			suf++;
		if (lb - la - pre - suf == 0 && nnew - pre - suf == 0) {
			/* the edits left these lines as they were */
			free(nl_lines);
			free(text);
			continue;
		}
		BL_GROW(g, m + 1, cap);
		g[m].ol = la + pre;
		g[m].od = lb - la - pre - suf;
		g[m].nl = (size_t)((int64_t)g[m].ol + line_delta);
		g[m].nd = nnew - pre - suf;
		g[m].old_lines = &lines[g[m].ol];
		g[m].text = text;       /* the new line records point into it */
		g[m].new_lines = nl_lines;
		if (pre)
			memmove(nl_lines, nl_lines + pre, g[m].nd * sizeof(*nl_lines));
		line_delta += (int64_t)g[m].nd - (int64_t)g[m].od;
		m++;
	}
	if (m) {
		bl_strbuf_addf(out, "--- %s\n+++ %s\n", path, path);
		emit_hunks(out, lines, nlines, g, m);
	}
	for (k = 0; k < m; k++) {
		free(g[k].new_lines);
		free(g[k].text);
	}
	free(g);
	free(lines);
}

/* ---- lint and fix until nothing more applies ------------------------- */

void bl_fixed_release(struct bl_fixed *f)
{
	if (f->src) {
		bl_result_release(&f->res);
		bl_source_free(f->src);
	}
	bl_edits_release(&f->edits);
	memset(f, 0, sizeof(*f));
}

int bl_fix_run(struct bl_fixed *out, const struct bl_source *src,
	       const struct bl_result *first, const struct bl_lint_opts *lopts,
	       const struct bl_fix_opts *fopts, struct bl_error *err)
{
	struct bl_lint_opts opts = *lopts;
	unsigned max = fopts->max_passes ? fopts->max_passes : DEFAULT_PASSES;
	const struct bl_result *res = first;
	const char *data = src->data;
	size_t len = src->len;
	struct bl_fix_plan plan;
	int rc = BL_OK;
	size_t i;

	memset(out, 0, sizeof(*out));
	/* the fixed text is read as the original was, whatever it now looks like */
	opts.format = src->format;
	for (i = 0; i < first->count; i++) {
		if (first->findings[i].rule == BL_R_input_syntax) {
			bl_fix_plan(&plan, first->findings, first->count, data, len,
				    fopts->unsafe);
			out->syntax_error = plan.edits.n > 0;
			out->deferred = plan.applied;
			bl_fix_plan_release(&plan);
			return BL_OK;
		}
	}
	for (;;) {
		struct bl_source *next;
		struct bl_result nres;
		char *bytes;
		size_t nlen;

		bl_fix_plan(&plan, res->findings, res->count, data, len, fopts->unsafe);
		if (plan.edits.n == 0 || out->passes >= max) {
			out->deferred = plan.applied;
			bl_fix_plan_release(&plan);
			break;
		}
		bytes = bl_edits_apply(&plan.edits, data, len, &nlen);
		next = bl_source_new(src->path, bytes, nlen);
		free(bytes);
		if (!next) {
			rc = bl_error_set(err, "fixing '%s' would make it larger than 4 GiB; "
					  "it was left unchanged", src->path);
			bl_fix_plan_release(&plan);
			break;
		}
		if (bl_lint(&nres, next, &opts, err) < 0) {
			bl_source_free(next);
			bl_fix_plan_release(&plan);
			rc = BL_ERR;
			break;
		}
		bl_edits_compose(&out->edits, &plan.edits, data, len);
		out->fixed += plan.applied;
		out->passes++;
		bl_fix_plan_release(&plan);
		if (out->src) {
			bl_result_release(&out->res);
			bl_source_free(out->src);
		}
		out->src = next;
		out->res = nres;
		res = &out->res;
		data = next->data;
		len = next->len;
	}
	if (rc < 0 || (out->src && out->src->len == src->len &&
		       memcmp(out->src->data, src->data, src->len) == 0)) {
		/* failed, or the passes undid each other: nothing to write */
		size_t deferred = out->deferred;

		bl_fixed_release(out);
		out->deferred = rc < 0 ? 0 : deferred;
	}
	return rc;
}
