/*
 * csl.h - builds CSL items from a stream of structural events.
 *
 * The CSL-YAML/Markdown reader (libyaml events) and the CSL-JSON reader
 * (its own tokenizer) both describe their document as mapping/sequence
 * starts and ends and scalars with byte spans; this consumer turns that
 * stream into entries: the top-level list of items, or the list under a
 * top-level `references:` key; names (family/given/literal...), dates
 * (date-parts, raw, literal, EDTF strings), and generic fields.
 *
 * Usage: bl_csl_reader_new(), one bl_csl_reader_event() per event in
 * document order (mapping keys are scalars in key position), then
 * bl_csl_reader_finish(), then bl_csl_reader_free().
 */
#ifndef BL_INPUT_CSL_H
#define BL_INPUT_CSL_H

#include "input.h"

enum bl_csl_event_type {
	BL_CSL_MAP_START,
	BL_CSL_MAP_END,
	BL_CSL_SEQ_START,
	BL_CSL_SEQ_END,
	BL_CSL_SCALAR,
};

struct bl_csl_event {
	enum bl_csl_event_type type;
	uint32_t start, end;   /* byte span in ctx->src (for scalars: the text
				* that was decoded, inside any quotes) */
	const char *text;      /* scalars: decoded text (not NUL-terminated) */
	size_t len;
	uint32_t flags;        /* BL_VAL_* (QUOTED, NUMBER, NULL), BL_CSL_ALIAS,
				* BL_CSL_EXACT */
};

/* A scalar event that stands for a YAML alias (`*name`): never expanded;
 * as a field value it is kept as BL_FIELD_OTHER, elsewhere it is skipped. */
#define BL_CSL_ALIAS (1u << 16)
/* The scalar's text is known to be its span's bytes (a plain scalar on one
 * line): the reader need not compare them. */
#define BL_CSL_EXACT (1u << 17)

struct bl_csl_reader;

/* The nesting limit when the options set none. */
#define BL_CSL_MAX_DEPTH 64

/* The reader reports into ctx and builds ctx->src->list. */
struct bl_csl_reader *bl_csl_reader_new(struct bl_ctx *ctx,
					const struct bl_read_opts *opts);
/* Feeds one event. Returns BL_OK, or BL_ERR when a limit was hit (the
 * finding has been reported; stop feeding). */
int bl_csl_reader_event(struct bl_csl_reader *r, const struct bl_csl_event *ev);
/* Tells the reader that the document was cut short (a syntax error): the
 * item being read when it stopped is dropped at bl_csl_reader_finish(),
 * so that rules do not see half an item. */
void bl_csl_reader_abort(struct bl_csl_reader *r);
/* Ends the document at byte offset end. Sets ctx->src->list (possibly
 * empty). Returns BL_OK, or BL_ENOTBIB when the document was not a list
 * of items nor a mapping with `references:`. */
int bl_csl_reader_finish(struct bl_csl_reader *r, uint32_t end);
/* True when a list of mappings that use no CSL variable was left out (as
 * not a bibliography). */
bool bl_csl_reader_dropped(const struct bl_csl_reader *r);
void bl_csl_reader_free(struct bl_csl_reader *r);

#endif
