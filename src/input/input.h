/*
 * input.h - the readers. Each turns ctx->src into ctx->src->list (possibly
 * empty) and reports syntax problems as findings (input/syntax), never as
 * errors. A reader returns BL_OK, or BL_ENOTBIB when the source is well
 * formed but holds no bibliography (a YAML mapping without `references:`).
 */
#ifndef BL_INPUT_H
#define BL_INPUT_H

#include "../rule.h"

struct bl_read_opts {
	size_t max_entries;     /* 0: unlimited */
	size_t max_depth;       /* nesting limit for YAML/JSON; 0: default */
	unsigned threads;       /* threads a reader may use; 0 or 1: one */
	size_t part_min;        /* the fewest bytes worth a thread; 0: the
				 * reader's default (tests set 1) */
};

int bl_read_csl_yaml(struct bl_ctx *ctx, const struct bl_read_opts *opts);
/* Pandoc Markdown: the YAML metadata block(s) holding `references:`. */
int bl_read_markdown(struct bl_ctx *ctx, const struct bl_read_opts *opts);
int bl_read_csl_json(struct bl_ctx *ctx, const struct bl_read_opts *opts);
int bl_read_bibtex(struct bl_ctx *ctx, const struct bl_read_opts *opts);
int bl_read_formatted(struct bl_ctx *ctx, const struct bl_read_opts *opts);

/* The format of a source: by its path's extension, then by its content. */
enum bl_format bl_detect_format(const struct bl_source *src);

#endif
