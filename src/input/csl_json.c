/*
 * csl_json.c - the CSL-JSON reader: JSON tokens (json.h) become the CSL
 * events of csl.h, which build the entries.
 *
 * Shapes of a CSL-JSON file, all read as a list of items:
 *   [ {item}, ... ]                 the CSL schema's form (Zotero, citeproc)
 *   {"items": [ {item}, ... ]}      the Zotero web API's csljson export
 *   {"references": [ ... ]}         the CSL-YAML layout written as JSON
 *   {item}                          one item (DOI content negotiation)
 * A top-level object is told apart by a first look at its own keys: an
 * array under "items" or "references", or a string "type" beside another
 * CSL variable, makes it a bibliography; anything else is handed to the
 * consumer as it is, which finds no bibliography in it.
 *
 * A syntax error is one input/syntax finding at its byte; reading stops
 * there and the items completed before it are kept (the item it cuts short
 * is dropped).
 */
#include "csl.h"

#include <string.h>

#include "json.h"

#include "../banned.h"

enum shape {
	SHAPE_PLAIN,     /* pass the document through unchanged */
	SHAPE_ITEMS,     /* {"items": [...]}: read "items" as "references" */
	SHAPE_ITEM,      /* {item}: wrap it in a one-element list */
};

static bool key_is(const struct bl_json_token *t, const char *name)
{
	size_t n = strlen(name);

	return t->len == n && memcmp(t->text, name, n) == 0;
}

/* Looks at the keys of a top-level object, stopping as soon as they tell. */
static enum shape top_shape(const struct bl_source *src, size_t max_depth)
{
	struct bl_json j;
	struct bl_json_token t;
	enum shape shape = SHAPE_PLAIN;
	bool has_type = false, has_var = false;
	enum { OTHER, ITEMS, TYPE, VAR } member = OTHER;

	bl_json_init(&j, src->data, src->len, src->bom, max_depth);
	if (bl_json_next(&j, &t) != BL_JSON_OBJECT_START)
		goto done;
	while (bl_json_next(&j, &t) > BL_JSON_ERROR && t.depth > 0) {
		/* only the members of the top-level object count */
		if (t.type == BL_JSON_OBJECT_END || t.type == BL_JSON_ARRAY_END)
			continue;
		if (t.depth - (t.type == BL_JSON_OBJECT_START ||
			       t.type == BL_JSON_ARRAY_START) != 1)
			continue;
		if (t.type == BL_JSON_KEY) {
			if (key_is(&t, "items"))
				member = ITEMS;
			else if (key_is(&t, "type"))
				member = TYPE;
			else if (bl_key_from_csl(t.text, t.len) != BL_K_OTHER)
				member = VAR;
			else
				member = OTHER;
			continue;
		}
		/* a value at depth 1 or the start of one */
		if (member == ITEMS && t.type == BL_JSON_ARRAY_START) {
			shape = SHAPE_ITEMS;
			break;
		}
		if (member == TYPE && t.type == BL_JSON_STRING)
			has_type = true;
		if (member == VAR)
			has_var = true;
		if (has_type && has_var) {
			shape = SHAPE_ITEM;
			break;
		}
	}
done:
	bl_json_release(&j);
	return shape;
}

static int emit(struct bl_csl_reader *r, enum bl_csl_event_type type,
		uint32_t start, uint32_t end, const char *text, size_t len,
		uint32_t flags)
{
	struct bl_csl_event ev = {
		.type = type, .start = start, .end = end,
		.text = text, .len = len, .flags = flags,
	};

	return bl_csl_reader_event(r, &ev);
}

/* Turns one token into its event. Returns the consumer's answer. */
static int feed(struct bl_csl_reader *r, const struct bl_json_token *t,
		enum shape shape)
{
	switch (t->type) {
	case BL_JSON_OBJECT_START:
		return emit(r, BL_CSL_MAP_START, t->start, t->end, NULL, 0, 0);
	case BL_JSON_OBJECT_END:
		return emit(r, BL_CSL_MAP_END, t->start, t->end, NULL, 0, 0);
	case BL_JSON_ARRAY_START:
		return emit(r, BL_CSL_SEQ_START, t->start, t->end, NULL, 0, 0);
	case BL_JSON_ARRAY_END:
		return emit(r, BL_CSL_SEQ_END, t->start, t->end, NULL, 0, 0);
	case BL_JSON_KEY:
		/* the depth after a key is that of its object */
		if (shape == SHAPE_ITEMS && t->depth == 1 && key_is(t, "items"))
			return emit(r, BL_CSL_SCALAR, t->start, t->end, "references",
				    strlen("references"), BL_VAL_QUOTED);
		return emit(r, BL_CSL_SCALAR, t->start, t->end, t->text, t->len,
			    BL_VAL_QUOTED);
	case BL_JSON_STRING:
		return emit(r, BL_CSL_SCALAR, t->start, t->end, t->text, t->len,
			    BL_VAL_QUOTED);
	case BL_JSON_NUMBER:
		return emit(r, BL_CSL_SCALAR, t->start, t->end, t->text, t->len,
			    BL_VAL_NUMBER);
	case BL_JSON_TRUE:
	case BL_JSON_FALSE:
		return emit(r, BL_CSL_SCALAR, t->start, t->end, t->text, t->len, 0);
	case BL_JSON_NULL:
		return emit(r, BL_CSL_SCALAR, t->start, t->end, t->text, t->len,
			    BL_VAL_NULL);
	case BL_JSON_END:
	case BL_JSON_ERROR:
		break;
	}
	return BL_OK;
}

/*
 * After a syntax error inside an item, the consumer has closed that item at
 * the error: it holds only the fields before it, and checking it would
 * report what is merely unread (a missing title after the error). Drop it.
 */
static void drop_unfinished(struct bl_source *src, const struct bl_json *j,
			    enum shape shape)
{
	struct bl_list *list = src->list;
	size_t level;

	if (!list || list->count == 0 || j->depth == 0)
		return;
	/* the depth of an item's object: [{ / {"items": [{ / { */
	if (shape == SHAPE_ITEM)
		level = 1;
	else if (j->stack[0] == '[')
		level = 2;
	else
		level = 3;
	if (j->depth >= level && list->entries[list->count - 1].end == j->err_start)
		list->count--;
}

int bl_read_csl_json(struct bl_ctx *ctx, const struct bl_read_opts *opts)
{
	struct bl_source *src = ctx->src;
	struct bl_csl_reader *r;
	struct bl_json j;
	struct bl_json_token t;
	enum shape shape;
	size_t max_depth = opts ? opts->max_depth : 0;
	uint32_t end = (uint32_t)src->len;
	bool error = false, wrapped = false;
	int rc = BL_OK;

	shape = top_shape(src, max_depth);
	r = bl_csl_reader_new(ctx, opts);
	bl_json_init(&j, src->data, src->len, src->bom, max_depth);
	while (bl_json_next(&j, &t) > BL_JSON_ERROR) {
		if (shape == SHAPE_ITEM && !wrapped) {
			rc = emit(r, BL_CSL_SEQ_START, t.start, t.start, NULL, 0, 0);
			wrapped = true;
			if (rc != BL_OK)
				break;
		}
		rc = feed(r, &t, shape);
		if (rc != BL_OK)
			break;
		if (wrapped && t.depth == 0) {
			rc = emit(r, BL_CSL_SEQ_END, t.end, t.end, NULL, 0, 0);
			if (rc != BL_OK)
				break;
		}
	}
	if (rc == BL_OK && t.type == BL_JSON_ERROR) {
		error = true;
		end = j.err_start;
		bl_report(ctx, j.err_encoding ? BL_R_input_encoding : BL_R_input_syntax,
			  NULL, j.err_start, j.err_end, "%s", j.err_msg);
	}
	rc = bl_csl_reader_finish(r, end);
	if (error)
		drop_unfinished(src, &j, shape);
	bl_csl_reader_free(r);
	bl_json_release(&j);
	/* a file cut short by an error is reported as such, not also as a
	 * file without a bibliography */
	if (rc == BL_ENOTBIB && error)
		rc = BL_OK;
	return rc;
}
