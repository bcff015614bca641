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

#include "../yamlalloc.h"
#include "../yamlinput.h"
#include "../banned.h"

_Static_assert(BL_SOURCE_PAD >= BL_YAML_INPUT_PAD, "a source is not padded for libyaml");

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

/* How one part of a list read on several threads must look (see
 * read_parts()): part 0 opens the list (the root sequence, or with refs the
 * sequence under the root mapping's `references` key), each later part is
 * a root block sequence of its items, and no part but the last holds
 * anything after the list's end. */
struct part_shape {
	int part;               /* -1: reading the whole source */
	bool last;              /* the last part: anything may follow */
	bool refs;              /* part 0 of a list under `references:` */
	int depth;              /* collections open */
	uint32_t nodes;         /* refs: nodes seen in the root mapping */
	bool refs_key;          /* refs: the last of them was the key */
	bool open;              /* refs: the list has started */
	bool closed;            /* the list has ended */
	bool bad;               /* the part is not what its place needs */
};

struct yreader {
	struct bl_ctx *ctx;
	struct bl_source *src;
	struct bl_csl_reader *csl;
	struct cursor cur;
	uint32_t base;          /* offset of cur.base in the source */
	uint32_t last_end;      /* end of the previous node's content */
	struct part_shape shape;
};

static uint32_t mark_offset(struct yreader *y, const yaml_mark_t *m)
{
	struct cursor *c = &y->cur;

	/* the usual case, what to_byte() would do: a mark at or after the
	 * cursor within its run of ASCII */
	if (m->index >= c->chars && m->index - c->chars <= c->high - c->bytes) {
		c->bytes += m->index - c->chars;
		c->chars = m->index;
		return y->base + (uint32_t)c->bytes;
	}
	return y->base + (uint32_t)to_byte(c, m->index);
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

static void check_shape(struct part_shape *sh, const yaml_event_t *e)
{
	bool after = sh->closed && !sh->last;
	bool start = e->type == YAML_SEQUENCE_START_EVENT ||
		     e->type == YAML_MAPPING_START_EVENT;
	bool node = start || e->type == YAML_SCALAR_EVENT ||
		    e->type == YAML_ALIAS_EVENT;

	/* after the list, a part that is not the last may only close what is
	 * open; an explicit `...` would put the next part's items in another
	 * document, which a reading of the whole may not even accept */
	if (after && e->type != YAML_SEQUENCE_END_EVENT &&
	    e->type != YAML_MAPPING_END_EVENT && e->type != YAML_STREAM_END_EVENT &&
	    (e->type != YAML_DOCUMENT_END_EVENT || !e->data.document_end.implicit))
		sh->bad = true;
	if (node && sh->depth == 0 && !sh->closed && !sh->open &&
	    e->type != (sh->refs ? YAML_MAPPING_START_EVENT : YAML_SEQUENCE_START_EVENT))
		sh->bad = true;   /* the root is not what holds the list */
	if (node && sh->refs && sh->depth == 1) {
		bool key = sh->nodes % 2 == 0;

		if (!key && sh->refs_key && !sh->open && !sh->closed) {
			if (e->type == YAML_SEQUENCE_START_EVENT)
				sh->open = true;
			else
				sh->bad = true;
		}
		sh->refs_key = key && e->type == YAML_SCALAR_EVENT &&
			       e->data.scalar.style == YAML_PLAIN_SCALAR_STYLE &&
			       e->data.scalar.length == 10 &&
			       memcmp(e->data.scalar.value, "references", 10) == 0;
		sh->nodes++;
	}
	if (start) {
		sh->depth++;
	} else if (e->type == YAML_SEQUENCE_END_EVENT ||
		   e->type == YAML_MAPPING_END_EVENT) {
		sh->depth--;
		if (e->type == YAML_SEQUENCE_END_EVENT && !sh->closed &&
		    sh->depth == (sh->refs ? 1 : 0) && (!sh->refs || sh->open))
			sh->closed = true;
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
	struct bl_yaml_input in;
	int rc = BL_OK;
	bool done = false;

	y->base = off;
	cursor_init(&y->cur, (const unsigned char *)y->src->data + off, len);
	y->last_end = off;
	if (!yaml_parser_initialize(&p))
		BL_BUG("cannot initialise libyaml");
	/* a source's text is followed by zero bytes: the whole text, or the
	 * last part of it, is read where it lies */
	bl_yaml_input_string(&in, &p, y->cur.base, len, (size_t)off + len == y->src->len);
	while (!done) {
		if (!yaml_parser_parse(&p, &e)) {
			report_yaml_error(y, &p);
			bl_csl_reader_abort(y->csl);
			rc = BL_ERR;
			break;
		}
		if (y->shape.part >= 0)
			check_shape(&y->shape, &e);
		memset(&ev, 0, sizeof(ev));
		switch (e.type) {
		case YAML_STREAM_END_EVENT:
			done = true;
			/* fall through */
		case YAML_NO_EVENT:
		case YAML_STREAM_START_EVENT:
		case YAML_DOCUMENT_START_EVENT:
		case YAML_DOCUMENT_END_EVENT:
			bl_yaml_event_delete(&e);
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
		bl_yaml_event_delete(&e);
		if (rc < 0)
			break;
	}
	bl_yaml_input_release(&in);
	yaml_parser_delete(&p);
	bl_yaml_scratch_release();
	return rc;
}

/* ---- a long list on several threads ------------------------------------
 *
 * libyaml reads one character at a time, so a long list is cut at item
 * boundaries (a line that starts with the list's `- ` at its indentation)
 * into a few parts per thread, and the threads read the parts, each with
 * its own parser, CSL reader and arena; the entries are then joined in
 * order. A cut is only a guess
 * (such a line could sit inside a quoted scalar), so every part is checked
 * to have parsed cleanly into the shape its place needs, and the whole
 * source is read again on one thread whenever one did not: the result is
 * always that of a single reading, findings included. */

#define PART_MIN ((size_t)32 << 10)   /* bytes worth a part of their own */
#define PARTS_PER_THREAD 4
#define PARTS_MAX 512

struct part {
	struct bl_source src;       /* the source's bytes, its own arena */
	struct bl_ctx ctx;          /* bl_ctx_fork() of the reading's */
	struct bl_read_opts opts;
	struct yreader y;
	uint32_t start, end;
	int rc;
};

/* The length of the line at s[i, len) without its line break. */
static size_t line_len(const char *s, size_t i, size_t len)
{
	const char *nl = memchr(s + i, '\n', len - i);
	size_t n = nl ? (size_t)(nl - s) - i : len - i;

	if (n && s[i + n - 1] == '\r')
		n--;
	return n;
}

/* The start of the line after the one holding s[i] (i may be its end), or
 * len. */
static size_t next_line_start(const char *s, size_t i, size_t len)
{
	const char *nl = memchr(s + i, '\n', len - i);

	return nl ? (size_t)(nl - s) + 1 : len;
}

static bool is_item_line(const char *s, size_t n, size_t indent)
{
	size_t k;

	for (k = 0; k < indent; k++)
		if (k >= n || s[k] != ' ')
			return false;
	return n > indent && s[indent] == '-' &&
	       (n == indent + 1 || s[indent + 1] == ' ');
}

static bool is_blank_line(const char *s, size_t n)
{
	size_t k = 0;

	while (k < n && s[k] == ' ')
		k++;
	return k == n || s[k] == '#';
}

/* Finds the list of a plain CSL-YAML file: its first item's line starts at
 * *first, its items are indented by *indent, and *refs tells whether it is
 * the value of a `references:` key of the root mapping. False for any
 * other layout. */
static bool find_list(const char *s, size_t i, size_t len, size_t *first,
		      size_t *indent, bool *refs)
{
	enum { START, KEYS, REFS } st = START;

	while (i < len) {
		size_t n = line_len(s, i, len), next = next_line_start(s, i + n, len), k = 0;

		if (is_blank_line(s + i, n) ||
		    (st == START && n == 3 && memcmp(s + i, "---", 3) == 0)) {
			i = next;
			continue;
		}
		if (st == REFS) {
			while (k < n && s[i + k] == ' ')
				k++;
			if (!is_item_line(s + i, n, k))
				return false;
			*first = i;
			*indent = k;
			*refs = true;
			return true;
		}
		if (st == START && is_item_line(s + i, n, 0)) {
			*first = i;
			*indent = 0;
			*refs = false;
			return true;
		}
		if (s[i] == '%' || (n >= 3 && (memcmp(s + i, "---", 3) == 0 ||
					       memcmp(s + i, "...", 3) == 0)))
			return false;   /* directives, a second document */
		st = KEYS;
		if (n >= 11 && memcmp(s + i, "references:", 11) == 0) {
			for (k = 11; k < n && s[i + k] == ' '; k++)
				;
			if (k == n)
				st = REFS;
		}
		i = next;
	}
	return false;
}

/* The start of the first item line of the list at or after from, or len. */
static size_t next_item(const char *s, size_t from, size_t len, size_t indent)
{
	while ((from = next_line_start(s, from, len)) < len)
		if (is_item_line(s + from, line_len(s, from, len), indent))
			return from;
	return len;
}

/* Whether a line from from on is outside a list whose items are indented
 * by indent (a key after a `references:` list). */
static bool list_ends_after(const char *s, size_t from, size_t len, size_t indent)
{
	while (from < len) {
		size_t n = line_len(s, from, len), k = 0;

		if (n >= 3 && (memcmp(s + from, "---", 3) == 0 ||
			       memcmp(s + from, "...", 3) == 0) &&
		    (n == 3 || s[from + 3] == ' '))
			return false;   /* the next document: read as usual */
		while (k < n && s[from + k] == ' ')
			k++;
		if (k < n && s[from + k] != '#' &&
		    (k < indent || (k == indent && !is_item_line(s + from, n, k))))
			return true;
		from = next_line_start(s, from + n, len);
	}
	return false;
}

static void read_part(struct part *p)
{
	int rc;

	p->y.ctx = &p->ctx;
	p->y.src = &p->src;
	p->y.csl = bl_csl_reader_new(&p->ctx, &p->opts);
	p->rc = feed_yaml(&p->y, p->start, p->end - p->start);
	rc = bl_csl_reader_finish(p->y.csl, p->end);
	if (rc != BL_OK || bl_csl_reader_dropped(p->y.csl) || !p->src.list ||
	    p->src.list->count == 0 || p->y.shape.bad || !p->y.shape.closed)
		p->rc = BL_ERR;
	bl_csl_reader_free(p->y.csl);
}

/* Moves the parts' entries, arenas and findings into ctx. */
static void join_parts(struct bl_ctx *ctx, struct part *parts, size_t n)
{
	struct bl_source *src = ctx->src;
	struct bl_list *list;
	struct bl_entry *e = parts[0].src.list->entries;
	size_t total = 0, at, k, j;

	for (k = 0; k < n; k++)
		total += parts[k].src.list->count;
	if (!bl_arena_unkeep(&parts[0].src.arena, e))
		BL_BUG("the entries of a part are not its own");
	e = bl_xrealloc(e, total * sizeof(*e));
	at = parts[0].src.list->count;
	for (k = 1; k < n; k++) {
		const struct bl_list *l = parts[k].src.list;
		struct bl_entry *pe = l->entries;

		memcpy(e + at, pe, l->count * sizeof(*e));
		for (j = 0; j < l->count; j++)
			e[at + j].index = (uint32_t)(at + j);
		at += l->count;
		if (!bl_arena_unkeep(&parts[k].src.arena, pe))
			BL_BUG("the entries of a part are not its own");
		free(pe);
	}
	for (k = 0; k < n; k++)
		bl_ctx_join(ctx, &parts[k].ctx, 0);
	list = bl_arena_alloc(&src->arena, sizeof(*list));
	list->entries = e;
	list->count = total;
	bl_arena_keep(&src->arena, e);
	src->list = list;
}

/* The parts wait in a queue that each thread takes from until none is
 * left, so that a thread on a busy or slower processor reads fewer of them
 * and the others do not wait for it. */
struct part_queue {
	struct part *parts;
	size_t n;
	size_t next;                /* taken atomically */
};

static void read_queue(void *arg, unsigned thread)
{
	struct part_queue *q = arg;
	size_t k;

	bl_timing_mark("reader thread %u starts", thread);
	while ((k = __atomic_fetch_add(&q->next, 1, __ATOMIC_RELAXED)) < q->n) {
		read_part(&q->parts[k]);
		bl_timing_mark("reader thread %u: part %zu (%u bytes) read", thread, k,
			       q->parts[k].end - q->parts[k].start);
	}
}

/* Reads a plain list in parts on up to opts->threads threads. Returns false
 * (and leaves ctx as it was) when the source is not worth it or does not
 * read the same in parts. */
static bool read_parts(struct bl_ctx *ctx, const struct bl_read_opts *opts)
{
	struct bl_source *src = ctx->src;
	struct part *parts;
	struct part_queue q;
	size_t first, indent, n = opts->threads, k, total = 0, whole;
	size_t part_min = opts->part_min ? opts->part_min : PART_MIN;
	bool refs, ok = true;
	uint32_t cut[PARTS_MAX + 1];

	if (n < 2)
		return false;
	n = n > PARTS_MAX / PARTS_PER_THREAD ? PARTS_MAX : n * PARTS_PER_THREAD;
	/* parts short enough to be given to libyaml whole (yamlinput.h;
	 * an eighth to spare for the rest of the item at each cut), when
	 * that takes no more than PARTS_MAX of them */
	whole = src->len / (BL_YAML_INPUT_COPY_MAX / 8 * 7) + 1;
	if (whole > n && whole <= PARTS_MAX)
		n = whole;
	if (n > src->len / part_min)
		n = src->len / part_min;
	if (n < 2 || !find_list(src->data, src->bom, src->len, &first, &indent, &refs))
		return false;
	cut[0] = (uint32_t)src->bom;
	for (k = 1; k < n; k++) {
		size_t target = first + (src->len - first) / n * k;
		size_t at = next_item(src->data, target > cut[k - 1] ? target : cut[k - 1],
				      src->len, indent);

		if (at >= src->len)
			break;
		cut[k] = (uint32_t)at;
	}
	n = k;
	/* a list followed by more keys cannot be read in parts (the last
	 * part would hold them without their mapping) */
	if (n < 2 || (refs && list_ends_after(src->data, cut[n - 1], src->len, indent)))
		return false;
	cut[n] = (uint32_t)src->len;
	parts = bl_xcalloc(n, sizeof(*parts));
	for (k = 0; k < n; k++) {
		struct part *p = &parts[k];

		bl_ctx_fork(&p->ctx, &p->src, ctx, 0);
		p->src.list = NULL;
		p->opts = *opts;
		p->opts.threads = 1;
		if (k > 0 && refs) {
			/* a later part's items sit one level higher */
			size_t depth = opts->max_depth ? opts->max_depth : BL_CSL_MAX_DEPTH;

			p->opts.max_depth = depth - 1;
		}
		p->start = cut[k];
		p->end = cut[k + 1];
		p->y.shape.part = (int)k;
		p->y.shape.last = k + 1 == n;
		p->y.shape.refs = k == 0 && refs;
	}
	q.parts = parts;
	q.n = n;
	q.next = 0;
	bl_run_threads((unsigned)(opts->threads < n ? opts->threads : n) - 1, read_queue, &q);
	for (k = 0; k < n; k++) {
		if (parts[k].rc != BL_OK)
			ok = false;
		else
			total += parts[k].src.list->count;
	}
	if (ok && opts->max_entries && total > opts->max_entries)
		ok = false;
	if (ok) {
		join_parts(ctx, parts, n);
		ctx->read_parts = (unsigned)n;
	} else {
		for (k = 0; k < n; k++)
			bl_ctx_discard(&parts[k].ctx);
	}
	free(parts);
	return ok;
}

int bl_read_csl_yaml(struct bl_ctx *ctx, const struct bl_read_opts *opts)
{
	struct yreader y;
	struct bl_source *src = ctx->src;
	bool stopped;
	int rc;

	if (opts && opts->threads > 1 && read_parts(ctx, opts))
		return BL_OK;
	memset(&y, 0, sizeof(y));
	y.shape.part = -1;
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
	y.shape.part = -1;
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
