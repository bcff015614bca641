/*
 * pending.c - readers for formats not yet implemented report that plainly.
 * Each function here is removed when its reader lands in its own file.
 */
#include "input.h"

#include "../banned.h"

static int unsupported(struct bl_ctx *ctx, const char *what)
{
	bl_report(ctx, BL_R_input_syntax, NULL, 0, 0,
		  "%s input is not supported by this version of biblint", what);
	return BL_OK;
}

int bl_read_formatted(struct bl_ctx *ctx, const struct bl_read_opts *opts)
{
	(void)opts;
	return unsupported(ctx, "formatted-list");
}
