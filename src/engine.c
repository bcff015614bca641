/*
 * engine.c - runs the readers and the rules over one source.
 */
#include "engine.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "input/input.h"
#include "input/segment.h"
#include "suppress.h"

#include "banned.h"

void bl_lint_opts_init(struct bl_lint_opts *opts)
{
	int i;

	memset(opts, 0, sizeof(*opts));
	for (i = 0; i < BL_R__COUNT; i++)
		opts->sev[i] = bl_rules[i]->severity;
}

int bl_finding_cmp(const void *a, const void *b)
{
	const struct bl_finding *x = a, *y = b;

	if (x->start != y->start)
		return x->start < y->start ? -1 : 1;
	if (x->end != y->end)
		return x->end < y->end ? -1 : 1;
	if (x->rule != y->rule)
		return x->rule < y->rule ? -1 : 1;
	return strcmp(x->message, y->message);
}

/* With BIBLINT_TIMING=1 (bl_timing_on()), bl_lint() prints where the time
 * of each source went to stderr: reading, then each check function by the
 * first rule that runs it, and when each thread starts and ends. */

/* The threads a reader may use: jobs, else one per processor (at most 16). */
static unsigned reader_threads(unsigned jobs)
{
	long n;

	if (jobs)
		return jobs;
	n = sysconf(_SC_NPROCESSORS_ONLN);
	return n < 1 ? 1 : n > 16 ? 16 : (unsigned)n;
}

static int read_source(struct bl_ctx *ctx, enum bl_format fmt,
		       const struct bl_read_opts *ropts)
{
	switch (fmt) {
	case BL_FMT_CSL_YAML:
		return bl_read_csl_yaml(ctx, ropts);
	case BL_FMT_MARKDOWN: {
		/* no CSL metadata: a printed References section, if any */
		int rc = bl_read_markdown(ctx, ropts);

		return rc == BL_ENOTBIB ? bl_read_formatted(ctx, ropts) : rc;
	}
	case BL_FMT_CSL_JSON:
		return bl_read_csl_json(ctx, ropts);
	case BL_FMT_BIBTEX:
		return bl_read_bibtex(ctx, ropts);
	case BL_FMT_FORMATTED:
		return bl_read_formatted(ctx, ropts);
	case BL_FMT_AUTO:
		break;
	}
	BL_BUG("no reader for format %d", (int)fmt);
}

/* ---- running the checks ------------------------------------------------
 *
 * On a long list the checks run on up to eight threads (one per
 * processor, or --jobs), which take the check functions from one queue in
 * rule order. The transliteration checks share process-wide state (the
 * compiled schemes and their word caches), so they are one item of the
 * queue, the first (the longest), run in order on one thread; every other
 * check function keeps its state in the context, or shares only tables
 * that are filled thread-safely (the NFC starters, the look-alike
 * letters). The calling thread works with
 * the context itself, each worker with a copy (bl_ctx_fork()) whose
 * findings start as the reader's (the bibtex rules look at them), joined
 * when all are done. Findings are sorted afterwards, so the result
 * does not depend on which thread found what. */

#define CHECKS_THREAD_MIN 256   /* entries worth a thread */
#define CHECKS_WORKERS_MAX 7    /* threads beside the calling one */

static bool runs_apart(int rule)
{
	const char *id = bl_rules[rule]->id;

	return strncmp(id, "translit/", 9) == 0;
}

/* True when rule i runs a check function no earlier enabled rule runs
 * (rules that share one, a family scanned once, run it once). */
static bool first_of_its_check(const enum bl_severity *sev, int i)
{
	int j;

	if (!bl_rules[i]->check || sev[i] == BL_SEV_OFF)
		return false;
	for (j = 0; j < i; j++)
		if (bl_rules[j]->check == bl_rules[i]->check && sev[j] != BL_SEV_OFF)
			return false;
	return true;
}

static void run_check(struct bl_ctx *ctx, int rule, bool timing)
{
	double t0 = timing ? bl_timing_ms() : 0;

	ctx->current_rule = rule;
	bl_rules[rule]->check(ctx);
	if (timing)
		bl_timing_mark("%s: %s: %.1f ms", ctx->src->path, bl_rules[rule]->id,
			       bl_timing_ms() - t0);
}

#define TASK_APART (-1)   /* the checks that run apart, in order */

struct check_queue {
	const enum bl_severity *sev;
	int task[BL_R__COUNT + 1];  /* a rule, or TASK_APART */
	int ntasks;
	int next;                   /* taken atomically */
	bool timing;
};

static void run_task(struct bl_ctx *ctx, const struct check_queue *q, int task)
{
	int i;

	if (task != TASK_APART) {
		run_check(ctx, task, q->timing);
		return;
	}
	for (i = 0; i < BL_R__COUNT; i++)
		if (runs_apart(i) && first_of_its_check(q->sev, i))
			run_check(ctx, i, q->timing);
}

static void run_queue(struct bl_ctx *ctx, struct check_queue *q)
{
	int k;

	while ((k = __atomic_fetch_add(&q->next, 1, __ATOMIC_RELAXED)) < q->ntasks)
		run_task(ctx, q, q->task[k]);
}

struct worker {
	struct bl_source src;      /* the source, with an arena of its own */
	struct bl_ctx ctx;
};

struct check_run {
	struct bl_ctx *ctx;        /* the calling thread's */
	struct check_queue *queue;
	struct worker *w;          /* thread k > 0 uses w[k - 1] */
	bool apart_first;          /* thread 0 runs the checks apart first */
};

static void run_thread(void *arg, unsigned k)
{
	struct check_run *r = arg;

	bl_timing_mark("checks thread %u starts", k);
	if (k > 0) {
		run_queue(&r->w[k - 1].ctx, r->queue);
		bl_timing_mark("checks thread %u ends", k);
		return;
	}
	if (r->apart_first)
		run_task(r->ctx, r->queue, TASK_APART);
	run_queue(r->ctx, r->queue);
	bl_timing_mark("checks thread 0 ends");
}

static void run_all_checks(struct bl_ctx *ctx, const struct bl_lint_opts *opts,
			   unsigned threads, bool timing)
{
	struct check_queue q = { .sev = opts->sev, .timing = timing };
	struct worker w[CHECKS_WORKERS_MAX];
	struct check_run r = { .ctx = ctx, .queue = &q, .w = w };
	size_t read = ctx->nfindings, nw = 0, started, j;
	int i;
	bool apart = false;

	for (i = 0; i < BL_R__COUNT; i++) {
		if (!first_of_its_check(opts->sev, i))
			continue;
		if (!runs_apart(i))
			q.task[q.ntasks++] = i;
		else if (!apart)
			apart = true;
	}
	if (apart) {
		memmove(q.task + 1, q.task, q.ntasks * sizeof(*q.task));
		q.task[0] = TASK_APART;
		q.ntasks++;
	}
	if (ctx->list->count >= (opts->checks_thread_min ? opts->checks_thread_min
							 : CHECKS_THREAD_MIN)) {
		nw = threads > 1 ? threads - 1 : 0;
		if (nw > CHECKS_WORKERS_MAX)
			nw = CHECKS_WORKERS_MAX;
		if (nw > (size_t)q.ntasks - 1)
			nw = q.ntasks > 1 ? (size_t)q.ntasks - 1 : 0;
	}
	/* the checks that run apart are the longest task: the thread that
	 * is already running takes it at once, while the workers start */
	r.apart_first = nw && apart;
	if (r.apart_first)
		q.next = 1;
	for (j = 0; j < nw; j++)
		bl_ctx_fork(&w[j].ctx, &w[j].src, ctx, read);
	started = bl_run_threads((unsigned)nw, run_thread, &r);
	for (j = 0; j < nw; j++) {
		if (j < started)
			bl_ctx_join(ctx, &w[j].ctx, read);
		else
			bl_ctx_discard(&w[j].ctx);
	}
}

int bl_lint(struct bl_result *res, struct bl_source *src,
	    const struct bl_lint_opts *opts, struct bl_error *err)
{
	struct bl_ctx ctx;
	struct bl_read_opts ropts = { .max_entries = opts->max_entries,
				      .threads = reader_threads(opts->jobs),
				      .part_min = opts->part_min };
	size_t bad;
	int rc;
	bool timing = bl_timing_on();
	double t0 = timing ? bl_timing_ms() : 0;

	(void)err;
	memset(res, 0, sizeof(*res));
	memset(&ctx, 0, sizeof(ctx));
	ctx.src = src;
	ctx.style = opts->style ? opts->style : bl_style_default();
	ctx.sev = opts->sev;
	ctx.current_rule = -1;
	res->src = src;

	src->format = opts->format != BL_FMT_AUTO ? opts->format : bl_detect_format(src);

	bad = bl_utf8_validate(src->data, src->len);
	if (bad < src->len) {
		bl_report(&ctx, BL_R_input_encoding, NULL, (uint32_t)bad,
			  (uint32_t)bad + 1,
			  "invalid UTF-8 byte 0x%02X; the file must be UTF-8 (re-save it "
			  "as UTF-8)",
			  (unsigned char)src->data[bad]);
		goto done;
	}

	rc = read_source(&ctx, src->format, &ropts);
	if (rc == BL_ENOTBIB) {
		res->not_bibliography = true;
		if (opts->named)
			bl_report(&ctx, BL_R_input_not_bibliography, NULL, (uint32_t)src->bom,
				  (uint32_t)src->bom,
				  "'%s' holds no bibliography (read as %s); name a reference "
				  "file, or choose the format with --input-format",
				  src->path, bl_format_name(src->format));
		goto done;
	}
	if (!src->list)
		goto suppress;
	/* printed references (a text list, YAML strings) split into fields */
	bl_segment_list(&ctx);
	if (opts->original && bl_segment_pair_file(&ctx, opts->original, err) < 0) {
		free(ctx.findings);
		memset(res, 0, sizeof(*res));
		return BL_ERR;
	}
	ctx.list = src->list;
	res->entries = src->list->count;
	if (timing)
		bl_timing_mark("%s: read %zu entries in %u part%s: %.1f ms",
			src->path, src->list->count,
			ctx.read_parts ? ctx.read_parts : 1,
			ctx.read_parts > 1 ? "s" : "", bl_timing_ms() - t0);
	run_all_checks(&ctx, opts, ropts.threads, timing);
	if (timing)
		bl_timing_mark("%s: checked: %.1f ms", src->path, bl_timing_ms() - t0);
suppress:
	ctx.current_rule = -1;
	bl_suppress_apply(&ctx);
done:
	if (ctx.nfindings > 1)
		qsort(ctx.findings, ctx.nfindings, sizeof(*ctx.findings), bl_finding_cmp);
	res->findings = ctx.findings;
	res->count = ctx.nfindings;
	return BL_OK;
}

void bl_result_release(struct bl_result *res)
{
	free(res->findings);
	memset(res, 0, sizeof(*res));
}

void bl_result_count(const struct bl_result *res, size_t *errors,
		     size_t *warnings, size_t *infos)
{
	size_t i;

	*errors = *warnings = *infos = 0;
	for (i = 0; i < res->count; i++) {
		switch (res->findings[i].severity) {
		case BL_SEV_ERROR: (*errors)++; break;
		case BL_SEV_WARNING: (*warnings)++; break;
		case BL_SEV_INFO: (*infos)++; break;
		case BL_SEV_OFF: break;
		}
	}
}
