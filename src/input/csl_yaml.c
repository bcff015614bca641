/*
 * csl_yaml.c - the CSL-YAML reader and the Pandoc Markdown reader.
 *
 * Both pull libyaml's events (yaml_parser_parse) one at a time and hand
 * them to the CSL event consumer (csl.c), which builds the entries. Nothing
 * is kept of the YAML document beyond the current event.
 *
 * Positions: libyaml 0.2.5 counts its marks in characters (code points)
 * from the first character after a byte-order mark, not in bytes. A
 * cursor that only moves a little backwards converts them to byte offsets,
 * so the conversion costs O(n) over the whole file. The input was checked
 * to be valid UTF-8 before the reader runs.
 *
 * Scalars: a plain scalar's span is its bytes (after any tag or anchor);
 * a quoted scalar's span is the inside of its quotes; a block scalar's span
 * runs from the line after its indicator to the end of its last line of
 * text. Plain scalars that look like
 * numbers are flagged BL_VAL_NUMBER, and `~`, `null` and empty ones
 * BL_VAL_NULL. Aliases are never expanded.
 *
 * A YAML stream of several documents is read whole: every document that is
 * a bibliography adds its items.
 *
 * Markdown: the metadata blocks of Pandoc (a `---` line at the start of the
 * file or after a blank line, followed by a non-blank line, up to a `---`
 * or `...` line) that hold a top-level `references:` key are read, with
 * positions in the whole file. Blocks inside fenced code are ignored.
 */
#include "csl.h"
#include "markdown.h"

#include <string.h>
#include <yaml.h>

#include "../banned.h"

/* Converts libyaml's character marks into byte offsets of a buffer. */
struct cursor {
	const unsigned char *base;
	size_t len;
	size_t chars;   /* character index of ... */
	size_t bytes;   /* ... this byte offset of base */
	size_t high;    /* the first byte >= 0x80 at or after bytes, or len:
			 * up to there a character is a byte */
};

/* The first byte >= 0x80 of s[b, len), or len. */
static size_t next_high(const unsigned char *s, size_t b, size_t len)
{
	return b + bl_ascii_span((const char *)s + b, len - b);
}

static void cursor_init(struct cursor *c, const unsigned char *base, size_t len)
{
	c->base = base;
	c->len = len;
	c->chars = 0;
	c->bytes = 0;
	c->high = next_high(base, 0, len);
}

static size_t to_byte(struct cursor *c, size_t index)
{
	const unsigned char *s = c->base;
	size_t b = c->bytes, ch = c->chars;

	while (ch < index && b < c->len) {
		unsigned char x;

		if (b < c->high) {
			/* ASCII up to c->high: one byte per character */
			size_t n = index - ch, run = c->high - b;

			if (n > run)
				n = run;
			b += n;
			ch += n;
			continue;
		}
		x = s[b];
		b += x >= 0xf0 ? 4 : x >= 0xe0 ? 3 : 2;
		if (b > c->len)
			b = c->len;
		ch++;
		c->high = next_high(s, b, c->len);
	}
	while (ch > index && b > 0) {
		b--;
		while (b > 0 && (s[b] & 0xc0) == 0x80)
			b--;
		if (s[b] >= 0x80)
			c->high = b;
		ch--;
	}
	c->bytes = b;
	c->chars = ch;
	return b;
}

struct yreader {
	struct bl_ctx *ctx;
	struct bl_source *src;
	struct bl_csl_reader *csl;
	struct cursor cur;
	uint32_t base;          /* offset of cur.base in the source */
	uint32_t last_end;      /* end of the previous node's content */
};

static uint32_t mark_offset(struct yreader *y, const yaml_mark_t *m)
{
	return y->base + (uint32_t)to_byte(&y->cur, m->index);
}

static bool is_num(const char *s, size_t n)
{
	size_t i = 0, digits = 0;

	if (i < n && (s[i] == '-' || s[i] == '+'))
		i++;
	if (n - i > 2 && s[i] == '0' && (s[i + 1] == 'x' || s[i + 1] == 'o')) {
		for (i += 2; i < n; i++) {
			char c = s[i];

			if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') ||
			      (c >= 'A' && c <= 'F')))
				return false;
		}
		return true;
	}
	for (; i < n && s[i] >= '0' && s[i] <= '9'; i++)
		digits++;
	if (i < n && s[i] == '.')
		for (i++; i < n && s[i] >= '0' && s[i] <= '9'; i++)
			digits++;
	if (digits == 0)
		return false;
	if (i < n && (s[i] == 'e' || s[i] == 'E')) {
		size_t d0;

		i++;
		if (i < n && (s[i] == '-' || s[i] == '+'))
			i++;
		d0 = i;
		while (i < n && s[i] >= '0' && s[i] <= '9')
			i++;
		if (i == d0)
			return false;
	}
	return i == n;
}

static bool is_null(const char *s, size_t n)
{
	return n == 0 || (n == 1 && s[0] == '~') ||
	       (n == 4 && (memcmp(s, "null", 4) == 0 || memcmp(s, "Null", 4) == 0 ||
			   memcmp(s, "NULL", 4) == 0));
}

static void scalar_event(struct yreader *y, const yaml_event_t *e,
			 struct bl_csl_event *ev)
{
	const char *data = y->src->data;
	const char *text = (const char *)e->data.scalar.value;
	size_t len = e->data.scalar.length;
	uint32_t s = mark_offset(y, &e->start_mark);
	uint32_t t = mark_offset(y, &e->end_mark);
	bool decorated = e->data.scalar.anchor || e->data.scalar.tag;

	ev->type = BL_CSL_SCALAR;
	ev->text = text;
	ev->len = len;
	ev->flags = 0;
	switch (e->data.scalar.style) {
	case YAML_SINGLE_QUOTED_SCALAR_STYLE:
	case YAML_DOUBLE_QUOTED_SCALAR_STYLE: {
		char q = e->data.scalar.style == YAML_SINGLE_QUOTED_SCALAR_STYLE ? '\'' : '"';

		if (decorated)
			while (s < t && data[s] != q)
				s++;
		if (s < t)
			s++;
		if (t > s)
			t--;
		ev->flags = BL_VAL_QUOTED;
		break;
	}
	case YAML_LITERAL_SCALAR_STYLE:
	case YAML_FOLDED_SCALAR_STYLE: {
		const char *nl = memchr(data + s, '\n', t - s);

		if (nl && (uint32_t)(nl - data) + 1 <= t)
			s = (uint32_t)(nl - data) + 1;
		/* the scanner ends it after the blank lines that follow */
		while (t > s && (data[t - 1] == '\n' || data[t - 1] == '\r' ||
				 data[t - 1] == ' ' || data[t - 1] == '\t'))
			t--;
		break;
	}
	default:
		if (decorated && t - s >= len && memcmp(data + t - len, text, len) == 0)
			s = t - (uint32_t)len;
		else if (!decorated && e->start_mark.line == e->end_mark.line &&
			 t - s == len)
			/* a plain scalar on one line is its bytes: no escapes,
			 * no folding, no trailing blanks in its span */
			ev->flags = BL_CSL_EXACT;
		if (!e->data.scalar.tag) {
			if (is_null(text, len))
				ev->flags |= BL_VAL_NULL;
			else if (is_num(text, len))
				ev->flags |= BL_VAL_NUMBER;
		}
		break;
	}
	ev->start = s;
	ev->end = t;
}

/* The end of a block collection is where the next token starts: pull it
 * back over the white space after the collection's content. */
static uint32_t collection_end(struct yreader *y, uint32_t end)
{
	const char *data = y->src->data;

	while (end > y->last_end && (data[end - 1] == ' ' || data[end - 1] == '\t' ||
				     data[end - 1] == '\n' || data[end - 1] == '\r'))
		end--;
	return end;
}

static void report_yaml_error(struct yreader *y, const yaml_parser_t *p)
{
	uint32_t at;
	const char *problem = p->problem ? p->problem : "cannot parse the YAML";

	if (p->error == YAML_READER_ERROR) {
		at = y->base + (uint32_t)p->problem_offset;
		if (at > y->src->len)
			at = (uint32_t)y->src->len;
		bl_report(y->ctx, BL_R_input_syntax, NULL, at, at, "%s", problem);
		return;
	}
	if (p->error == YAML_MEMORY_ERROR) {
		bl_report(y->ctx, BL_R_input_syntax, NULL, y->base, y->base,
			  "the YAML parser ran out of memory");
		return;
	}
	at = mark_offset(y, &p->problem_mark);
	if (p->context) {
		uint32_t cat = mark_offset(y, &p->context_mark);
		unsigned line, col;

		bl_source_locate(y->src, cat, &line, &col);
		bl_report(y->ctx, BL_R_input_syntax, NULL, at, at,
			  "%s (%s at line %u, column %u)", problem, p->context,
			  line, col);
	} else {
		bl_report(y->ctx, BL_R_input_syntax, NULL, at, at, "%s", problem);
	}
}

/* Feeds the YAML text base[0..len) (at byte offset off of the source) to
 * the CSL reader. Returns BL_OK, or BL_ERR when reading stopped (a syntax
 * error or a limit; the finding has been reported). */
static int feed_yaml(struct yreader *y, uint32_t off, size_t len)
{
	yaml_parser_t p;
	yaml_event_t e;
	struct bl_csl_event ev;
	int rc = BL_OK;
	bool done = false;

	y->base = off;
	cursor_init(&y->cur, (const unsigned char *)y->src->data + off, len);
	y->last_end = off;
	if (!yaml_parser_initialize(&p))
		BL_BUG("cannot initialise libyaml");
	yaml_parser_set_input_string(&p, y->cur.base, len);
	yaml_parser_set_encoding(&p, YAML_UTF8_ENCODING);
	while (!done) {
		if (!yaml_parser_parse(&p, &e)) {
			report_yaml_error(y, &p);
			bl_csl_reader_abort(y->csl);
			rc = BL_ERR;
			break;
		}
		memset(&ev, 0, sizeof(ev));
		switch (e.type) {
		case YAML_STREAM_END_EVENT:
			done = true;
			/* fall through */
		case YAML_NO_EVENT:
		case YAML_STREAM_START_EVENT:
		case YAML_DOCUMENT_START_EVENT:
		case YAML_DOCUMENT_END_EVENT:
			yaml_event_delete(&e);
			continue;
		case YAML_ALIAS_EVENT:
			ev.type = BL_CSL_SCALAR;
			ev.start = mark_offset(y, &e.start_mark);
			ev.end = mark_offset(y, &e.end_mark);
			ev.text = "";
			ev.flags = BL_CSL_ALIAS;
			break;
		case YAML_SCALAR_EVENT:
			scalar_event(y, &e, &ev);
			break;
		case YAML_SEQUENCE_START_EVENT:
		case YAML_MAPPING_START_EVENT:
			ev.type = e.type == YAML_SEQUENCE_START_EVENT ? BL_CSL_SEQ_START
								      : BL_CSL_MAP_START;
			ev.start = ev.end = mark_offset(y, &e.start_mark);
			break;
		case YAML_SEQUENCE_END_EVENT:
		case YAML_MAPPING_END_EVENT:
			ev.type = e.type == YAML_SEQUENCE_END_EVENT ? BL_CSL_SEQ_END
								    : BL_CSL_MAP_END;
			ev.end = collection_end(y, mark_offset(y, &e.end_mark));
			ev.start = ev.end;
			break;
		}
		if (ev.end > y->last_end)
			y->last_end = ev.end;
		rc = bl_csl_reader_event(y->csl, &ev);
		yaml_event_delete(&e);
		if (rc < 0)
			break;
	}
	yaml_parser_delete(&p);
	return rc;
}

int bl_read_csl_yaml(struct bl_ctx *ctx, const struct bl_read_opts *opts)
{
	struct yreader y;
	struct bl_source *src = ctx->src;
	bool stopped;
	int rc;

	memset(&y, 0, sizeof(y));
	y.ctx = ctx;
	y.src = src;
	y.csl = bl_csl_reader_new(ctx, opts);
	stopped = feed_yaml(&y, (uint32_t)src->bom, src->len - src->bom) < 0;
	rc = bl_csl_reader_finish(y.csl, (uint32_t)src->len);
	/* a file cut short by a syntax error is not "no bibliography" */
	if (stopped && rc == BL_ENOTBIB)
		rc = BL_OK;
	bl_csl_reader_free(y.csl);
	return rc;
}

/* ---- Markdown --------------------------------------------------------- */

struct md_state {
	struct bl_ctx *ctx;
	const struct bl_read_opts *opts;
	struct yreader *y;
	bool stopped;
	bool article;     /* a block names a bibliography: an article */
};

static void md_region(enum bl_md_region kind, uint32_t start, uint32_t end, void *arg)
{
	struct md_state *st = arg;
	const char *data = st->ctx->src->data;

	if (kind != BL_MD_METADATA || st->stopped)
		return;
	if (bl_markdown_has_key(data + start, data + end, "references")) {
		if (!st->y->csl)
			st->y->csl = bl_csl_reader_new(st->ctx, st->opts);
		if (feed_yaml(st->y, start, end - start) < 0)
			st->stopped = true;
	} else if (bl_markdown_has_key(data + start, data + end, "bibliography")) {
		st->article = true;
	}
}

int bl_read_markdown(struct bl_ctx *ctx, const struct bl_read_opts *opts)
{
	struct yreader y;
	struct md_state st = { .ctx = ctx, .opts = opts, .y = &y };
	int rc = BL_ENOTBIB;

	memset(&y, 0, sizeof(y));
	y.ctx = ctx;
	y.src = ctx->src;
	bl_markdown_regions(ctx->src, md_region, &st);
	if (y.csl) {
		rc = bl_csl_reader_finish(y.csl, (uint32_t)ctx->src->len);
		bl_csl_reader_free(y.csl);
		if (st.stopped && rc == BL_ENOTBIB)
			rc = BL_OK;
	}
	/* an article whose references live in another file: an empty list of
	 * its own, so that its citations are still checked */
	if (rc == BL_ENOTBIB && st.article) {
		struct bl_builder b;

		bl_builder_init(&b, ctx->src);
		bl_builder_finish(&b);
		rc = BL_OK;
	}
	return rc;
}
