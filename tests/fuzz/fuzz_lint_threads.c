/*
 * fuzz_lint_threads.c - the whole lint (read, every rule) on several
 * threads must report exactly what it reports on one: the same findings,
 * messages, fixes and related positions. Threads are used for any input
 * here (the engine's thresholds are set to their minimum), so that short
 * inputs exercise the parallel reading and the check queue. The first
 * byte chooses the format, as in fuzz_lint.c.
 */
#include "harness.h"

#include <stdlib.h>
#include <string.h>

#include "banned.h"

struct run {
	struct bl_source *src;
	struct bl_result res;
};

static void lint(struct run *r, size_t which, const uint8_t *data, size_t size,
		 unsigned jobs)
{
	struct bl_lint_opts opts;
	struct bl_error err;
	const char *path;

	bl_fuzz_lint_opts(&opts, which, &path);
	opts.jobs = jobs;
	opts.part_min = 1;
	opts.checks_thread_min = 1;
	r->src = bl_source_new(path, (const char *)data, size);
	if (bl_lint(&r->res, r->src, &opts, &err) != BL_OK)
		bl_fuzz_fail("lint failed: %s", err.msg);
}

static const char *id(int rule)
{
	return rule >= 0 && rule < BL_R__COUNT ? bl_rules[rule]->id : "?";
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct run one, many;
	size_t which, i;

	if (size < 1 || size > (1u << 20))
		return 0;
	which = data[0];
	lint(&one, which, data + 1, size - 1, 1);
	lint(&many, which, data + 1, size - 1, 3);
	if (one.res.entries != many.res.entries)
		bl_fuzz_fail("%zu entries on one thread, %zu on several",
			     one.res.entries, many.res.entries);
	if (one.res.count != many.res.count)
		bl_fuzz_fail("%zu findings on one thread, %zu on several",
			     one.res.count, many.res.count);
	bl_fuzz_check_findings(many.src, many.res.findings, many.res.count, false);
	for (i = 0; i < one.res.count; i++) {
		const struct bl_finding *a = &one.res.findings[i];
		const struct bl_finding *b = &many.res.findings[i];

		if (a->rule != b->rule || a->severity != b->severity ||
		    a->start != b->start || a->end != b->end ||
		    strcmp(a->message, b->message) != 0)
			bl_fuzz_fail("finding %zu: %s '%s' at %u..%u on one thread, "
				     "%s '%s' at %u..%u on several", i, id(a->rule),
				     a->message, a->start, a->end, id(b->rule),
				     b->message, b->start, b->end);
		if (!a->entry != !b->entry ||
		    (a->entry && a->entry->index != b->entry->index))
			bl_fuzz_fail("finding %zu (%s): another entry on several threads",
				     i, id(a->rule));
		if (!a->fix != !b->fix ||
		    (a->fix && (a->fix->start != b->fix->start ||
				a->fix->end != b->fix->end || a->fix->safe != b->fix->safe ||
				strcmp(a->fix->replacement, b->fix->replacement) != 0)))
			bl_fuzz_fail("finding %zu (%s): another fix on several threads",
				     i, id(a->rule));
		if (a->has_related != b->has_related ||
		    (a->has_related && (a->related_start != b->related_start ||
					(a->related_src == one.src) !=
					(b->related_src == many.src))))
			bl_fuzz_fail("finding %zu (%s): another related position on "
				     "several threads", i, id(a->rule));
	}
	bl_result_release(&one.res);
	bl_result_release(&many.res);
	bl_source_free(one.src);
	bl_source_free(many.src);
	return 0;
}
