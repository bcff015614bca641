/*
 * fuzz_yaml_input.c - libyaml given its input in one piece
 * (bl_yaml_input_string(), src/yamlinput.c), copied or where it lies,
 * against libyaml reading it itself: the events, their marks, and any
 * error with its marks must be identical, no text that the reader refuses
 * may be given whole, and a text read where it lies must not change.
 */
#include "harness.h"
#include "util.h"
#include "yamlinput.h"

#include <string.h>
#include <yaml.h>

#include "banned.h"

static void add_mark(struct bl_strbuf *sb, const char *what, const yaml_mark_t *m)
{
	bl_strbuf_addf(sb, " %s=%zu:%zu:%zu", what, m->index, m->line, m->column);
}

static void add_bytes(struct bl_strbuf *sb, const char *what, const yaml_char_t *s, size_t n)
{
	bl_strbuf_addf(sb, " %s=", what);
	if (!s) {
		bl_strbuf_addstr(sb, "(none)");
		return;
	}
	bl_strbuf_addf(sb, "%zu:", n);
	bl_strbuf_add(sb, s, n);
}

static void add_str(struct bl_strbuf *sb, const char *what, const yaml_char_t *s)
{
	add_bytes(sb, what, s, s ? strlen((const char *)s) : 0);
}

/* A sequence's or a mapping's start. */
static void add_start(struct bl_strbuf *sb, const yaml_char_t *anchor, const yaml_char_t *tag,
		      int implicit, int style)
{
	add_str(sb, "anchor", anchor);
	add_str(sb, "tag", tag);
	bl_strbuf_addf(sb, " implicit=%d style=%d", implicit, style);
}

static void add_event(struct bl_strbuf *sb, const yaml_event_t *e)
{
	const yaml_tag_directive_t *t;

	bl_strbuf_addf(sb, "event %d", (int)e->type);
	add_mark(sb, "start", &e->start_mark);
	add_mark(sb, "end", &e->end_mark);
	switch (e->type) {
	case YAML_STREAM_START_EVENT:
		bl_strbuf_addf(sb, " encoding=%d", (int)e->data.stream_start.encoding);
		break;
	case YAML_DOCUMENT_START_EVENT:
		bl_strbuf_addf(sb, " implicit=%d", e->data.document_start.implicit);
		if (e->data.document_start.version_directive)
			bl_strbuf_addf(sb, " version=%d.%d",
				       e->data.document_start.version_directive->major,
				       e->data.document_start.version_directive->minor);
		for (t = e->data.document_start.tag_directives.start;
		     t && t != e->data.document_start.tag_directives.end; t++) {
			add_str(sb, "handle", t->handle);
			add_str(sb, "prefix", t->prefix);
		}
		break;
	case YAML_DOCUMENT_END_EVENT:
		bl_strbuf_addf(sb, " implicit=%d", e->data.document_end.implicit);
		break;
	case YAML_ALIAS_EVENT:
		add_str(sb, "anchor", e->data.alias.anchor);
		break;
	case YAML_SCALAR_EVENT:
		add_str(sb, "anchor", e->data.scalar.anchor);
		add_str(sb, "tag", e->data.scalar.tag);
		add_bytes(sb, "value", e->data.scalar.value, e->data.scalar.length);
		bl_strbuf_addf(sb, " implicit=%d,%d style=%d", e->data.scalar.plain_implicit,
			       e->data.scalar.quoted_implicit, (int)e->data.scalar.style);
		break;
	case YAML_SEQUENCE_START_EVENT:
		add_start(sb, e->data.sequence_start.anchor, e->data.sequence_start.tag,
			  e->data.sequence_start.implicit, (int)e->data.sequence_start.style);
		break;
	case YAML_MAPPING_START_EVENT:
		add_start(sb, e->data.mapping_start.anchor, e->data.mapping_start.tag,
			  e->data.mapping_start.implicit, (int)e->data.mapping_start.style);
		break;
	default:
		break;
	}
	bl_strbuf_addch(sb, '\n');
}

/* How libyaml gets the text: it reads it itself, or it is given it whole
 * as a copy or where it lies. */
enum way { READER, COPIED, IN_PLACE };

/* Every event of data as text, and the error that ended them, if any:
 * returns its type (YAML_NO_ERROR when there was none). */
static yaml_error_type_t events(struct bl_strbuf *sb, const uint8_t *data, size_t size,
				enum way way, bool *given)
{
	yaml_parser_t p;
	yaml_event_t e;
	struct bl_yaml_input in;
	yaml_error_type_t error = YAML_NO_ERROR;
	bool done = false;

	if (!yaml_parser_initialize(&p))
		bl_fuzz_fail("cannot initialise libyaml");
	if (way != READER) {
		*given = bl_yaml_input_string(&in, &p, data, size, way == IN_PLACE);
	} else {
		memset(&in, 0, sizeof(in));
		yaml_parser_set_input_string(&p, data, size);
		yaml_parser_set_encoding(&p, YAML_UTF8_ENCODING);
	}
	while (!done) {
		if (!yaml_parser_parse(&p, &e)) {
			bl_strbuf_addf(sb, "error %d", (int)p.error);
			bl_strbuf_addf(sb, " problem=%s", p.problem ? p.problem : "(none)");
			bl_strbuf_addf(sb, " offset=%zu value=%d", p.problem_offset,
				       p.problem_value);
			add_mark(sb, "at", &p.problem_mark);
			bl_strbuf_addf(sb, " context=%s", p.context ? p.context : "(none)");
			add_mark(sb, "context-at", &p.context_mark);
			bl_strbuf_addch(sb, '\n');
			error = p.error;
			break;
		}
		add_event(sb, &e);
		done = e.type == YAML_STREAM_END_EVENT;
		yaml_event_delete(&e);
	}
	bl_yaml_input_release(&in);
	yaml_parser_delete(&p);
	return error;
}

static void same(const struct bl_strbuf *a, const struct bl_strbuf *b, const char *how)
{
	size_t i;

	if (a->len == b->len && (a->len == 0 || memcmp(a->buf, b->buf, a->len) == 0))
		return;
	for (i = 0; i < a->len && i < b->len && a->buf[i] == b->buf[i]; i++)
		;
	bl_fuzz_fail("libyaml read the text itself and given it whole (%s) differently "
		     "from byte %zu of the events:\n%.300s\n---\n%.300s", how, i,
		     a->buf + (i > 100 ? i - 100 : 0), b->buf + (i > 100 ? i - 100 : 0));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct bl_strbuf a = { 0 }, b = { 0 }, c = { 0 };
	yaml_error_type_t error;
	uint8_t *padded = bl_xmalloc(size + BL_YAML_INPUT_PAD);
	bool copied = false, in_place = false;
	size_t i;

	if (size)
		memcpy(padded, data, size);
	memset(padded + size, 0, BL_YAML_INPUT_PAD);
	error = events(&a, data, size, READER, &copied);
	events(&b, data, size, COPIED, &copied);
	events(&c, padded, size, IN_PLACE, &in_place);
	same(&a, &b, "copied");
	same(&a, &c, "where it lies");
	if (copied != in_place && size <= BL_YAML_INPUT_COPY_MAX)
		bl_fuzz_fail("a text was given whole copied but not where it lies, or the reverse");
	/* a text libyaml's reader refuses is never given whole */
	if ((copied || in_place) && error == YAML_READER_ERROR)
		bl_fuzz_fail("a text libyaml's reader refuses was given whole");
	if (size && memcmp(padded, data, size) != 0)
		bl_fuzz_fail("libyaml changed a text it read where it lies");
	for (i = 0; i < BL_YAML_INPUT_PAD; i++)
		if (padded[size + i] != 0)
			bl_fuzz_fail("libyaml changed the zeros after a text it read where it lies");
	free(padded);
	bl_strbuf_release(&a);
	bl_strbuf_release(&b);
	bl_strbuf_release(&c);
	return 0;
}
