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
 * array under "items" or "references", or a "type" naming a CSL item type
 * beside another CSL variable, makes it a bibliography; anything else (a
 * package.json with "type": "module" and an "author") is handed to the
 * consumer as it is, which finds no bibliography in it.
 *
 * A syntax error is one input/syntax finding at its byte; reading stops
 * there and the items completed before it are kept (the item it cuts short
 * is dropped). When nothing before the error looked like a bibliography,
 * the file is also reported as none, as a valid JSON file would be.
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

/* The item types of CSL 1.0.2. */
static const char *const csl_types[] = {
	"article", "article-journal", "article-magazine", "article-newspaper",
	"bill", "book", "broadcast", "chapter", "classic", "collection", "dataset",
	"document", "entry", "entry-dictionary", "entry-encyclopedia", "event",
	"figure", "graphic", "hearing", "interview", "legal_case", "legislation",
	"manuscript", "map", "motion_picture", "musical_score", "pamphlet",
	"paper-conference", "patent", "performance", "periodical",
	"personal_communication", "post", "post-weblog", "regulation", "report",
	"review", "review-book", "software", "song", "speech", "standard",
	"thesis", "treaty", "webpage",
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
	size_t i;

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
			for (i = 0; i < BL_ARRAY_SIZE(csl_types) && !has_type; i++)
				has_type = key_is(&t, csl_types[i]);
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

int bl_read_csl_json(struct bl_ctx *ctx, const struct bl_read_opts *opts)
{
	struct bl_source *src = ctx->src;
	struct bl_csl_reader *r;
	struct bl_json j;
	struct bl_json_token t;
	enum shape shape;
	size_t max_depth = opts ? opts->max_depth : 0;
	uint32_t end = (uint32_t)src->len;
	bool wrapped = false;
	size_t blank = src->bom;
	int rc = BL_OK;

	r = bl_csl_reader_new(ctx, opts);
	/* an empty or blank file holds no bibliography, as in CSL-YAML */
	while (blank < src->len && memchr(" \t\r\n", src->data[blank], 4))
		blank++;
	if (blank == src->len)
		goto finish;
	shape = top_shape(src, max_depth);
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
		/* the item being read is dropped: it holds only the fields
		 * before the error, and rules would report what is unread */
		end = j.err_start;
		bl_report(ctx, j.err_encoding ? BL_R_input_encoding : BL_R_input_syntax,
			  NULL, j.err_start, j.err_end, "%s", j.err_msg);
		bl_csl_reader_abort(r);
	}
	bl_json_release(&j);
finish:
	/*
	 * A file cut short before anything in it looked like a bibliography
	 * stays "not a bibliography" (BL_ENOTBIB), its syntax finding kept: a
	 * named file reports both, and a walked or staged tsconfig.json with
	 * comments is passed over instead of blocking a commit.
	 */
	rc = bl_csl_reader_finish(r, end);
	bl_csl_reader_free(r);
	return rc;
}
