/*
 * fuzz_lint.c - fuzzes the whole pipeline: detect or choose the format,
 * read, run every rule, then apply the fixes and lint the fixed text.
 *
 * The first byte of the input chooses the format (and whether unsafe fixes
 * are applied too); the rest is the file. Beyond the model's invariants it
 * asserts that fixing a file that parsed leaves a file that still parses:
 * a fix must never introduce a syntax or encoding error.
 */
#include "harness.h"

#include <stdlib.h>
#include <string.h>

#include "fix.h"

#include "banned.h"

static bool unparsable(const struct bl_finding *f, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (f[i].rule == BL_R_input_syntax || f[i].rule == BL_R_input_encoding)
			return true;
	return false;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct bl_lint_opts opts;
	struct bl_fix_opts fopts = { .unsafe = false, .max_passes = 0 };
	struct bl_source *src;
	struct bl_result res;
	struct bl_fixed fixed;
	struct bl_error err;
	const char *path;
	size_t which, i;
	bool utf8_ok;

	if (size < 1)
		return 0;
	which = data[0] % BL_FUZZ_NFORMATS;
	fopts.unsafe = (data[0] / BL_FUZZ_NFORMATS) & 1;
	bl_fuzz_lint_opts(&opts, which, &path);
	src = bl_source_new(path, (const char *)data + 1, size - 1);
	if (!src)
		return 0;
	if (bl_lint(&res, src, &opts, &err) != BL_OK)
		bl_fuzz_fail("lint failed: %s", err.msg);
	utf8_ok = bl_utf8_validate(src->data, src->len) == src->len;
	bl_fuzz_check_model(src, utf8_ok);
	bl_fuzz_check_findings(src, res.findings, res.count, utf8_ok);

	memset(&fixed, 0, sizeof(fixed));
	if (bl_fix_run(&fixed, src, &res, &opts, &fopts, &err) != BL_OK)
		bl_fuzz_fail("fix failed: %s", err.msg);
	if (fixed.src) {
		utf8_ok = bl_utf8_validate(fixed.src->data, fixed.src->len) ==
			  fixed.src->len;
		bl_fuzz_check_model(fixed.src, utf8_ok);
		bl_fuzz_check_findings(fixed.src, fixed.res.findings,
				       fixed.res.count, utf8_ok);
		if (!unparsable(res.findings, res.count) &&
		    unparsable(fixed.res.findings, fixed.res.count)) {
			for (i = 0; i < res.count; i++)
				if (res.findings[i].fix)
					fprintf(stderr, "fixed: %s at %u..%u -> \"%s\"\n",
						bl_rules[res.findings[i].rule]->id,
						res.findings[i].fix->start,
						res.findings[i].fix->end,
						res.findings[i].fix->replacement);
			for (i = 0; i < fixed.res.count; i++)
				fprintf(stderr, "after the fix: %s: %s\n",
					bl_rules[fixed.res.findings[i].rule]->id,
					fixed.res.findings[i].message);
			bl_fuzz_fail("the fixes made a file that parsed unparsable:\n%.*s",
				     (int)fixed.src->len, fixed.src->data);
		}
	}
	bl_fixed_release(&fixed);
	bl_result_release(&res);
	bl_source_free(src);
	return 0;
}
