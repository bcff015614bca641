/*
 * yamltree.c - reads a small YAML file (a style, a .biblint.yml) into a
 * tree of nodes with positions, for the loaders in style.c and config.c.
 */
#include "yamltree.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <yaml.h>

#include "yamlalloc.h"
#include "banned.h"

#define MAX_DEPTH 64
#define MAX_FILE (4u << 20)

struct builder {
	struct bl_ydoc *doc;
	struct bl_ynode *stack[MAX_DEPTH];
	/* children collected for each open node, on the heap */
	struct bl_ynode **kids[MAX_DEPTH];
	size_t nkids[MAX_DEPTH], capkids[MAX_DEPTH];
	int depth;
};

int bl_ydoc_error(struct bl_error *err, const struct bl_ydoc *doc,
		  const struct bl_ynode *at, const char *fmt, ...)
{
	char msg[400];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (at)
		return bl_error_set(err, "%s:%u:%u: %s", doc->path, at->line, at->col, msg);
	return bl_error_set(err, "%s: %s", doc->path, msg);
}

static struct bl_ynode *node_new(struct bl_ydoc *doc, enum bl_ynode_type type,
				 const yaml_mark_t *mark)
{
	struct bl_ynode *n = bl_arena_alloc(&doc->arena, sizeof(*n));

	n->type = type;
	n->line = (unsigned)mark->line + 1;
	n->col = (unsigned)mark->column + 1;
	return n;
}

static void add_child(struct builder *b, struct bl_ynode *n)
{
	int d = b->depth - 1;

	BL_GROW(b->kids[d], b->nkids[d] + 1, b->capkids[d]);
	b->kids[d][b->nkids[d]++] = n;
}

/* Attaches n to the open collection, or makes it the root. */
static void attach(struct builder *b, struct bl_ynode *n)
{
	if (b->depth == 0)
		b->doc->root = n;
	else
		add_child(b, n);
}

static void close_node(struct builder *b)
{
	int d = b->depth - 1;
	struct bl_ynode *n = b->stack[d];
	size_t i, k = b->nkids[d];

	if (n->type == BL_YMAP) {
		n->count = k / 2;
		n->keys = bl_arena_alloc(&b->doc->arena, (n->count + 1) * sizeof(*n->keys));
		n->items = bl_arena_alloc(&b->doc->arena, (n->count + 1) * sizeof(*n->items));
		for (i = 0; i < n->count; i++) {
			n->keys[i] = b->kids[d][2 * i];
			n->items[i] = b->kids[d][2 * i + 1];
		}
	} else {
		n->count = k;
		/* one slot more than the children, as for maps; only k are set */
		n->items = bl_arena_alloc(&b->doc->arena, (k + 1) * sizeof(*n->items));
		if (k)
			memcpy(n->items, b->kids[d], k * sizeof(*n->items));
	}
	free(b->kids[d]);
	b->kids[d] = NULL;
	b->nkids[d] = b->capkids[d] = 0;
	b->depth--;
}

static int open_node(struct builder *b, struct bl_ynode *n, struct bl_error *err)
{
	if (b->depth >= MAX_DEPTH)
		return bl_ydoc_error(err, b->doc, n, "nesting deeper than %d levels",
				     MAX_DEPTH);
	attach(b, n);
	b->stack[b->depth++] = n;
	return BL_OK;
}

static bool scalar_is_null(const yaml_event_t *ev)
{
	const char *v = (const char *)ev->data.scalar.value;

	if (ev->data.scalar.style != YAML_PLAIN_SCALAR_STYLE)
		return false;
	return !*v || strcmp(v, "~") == 0 || strcmp(v, "null") == 0 ||
	       strcmp(v, "Null") == 0 || strcmp(v, "NULL") == 0;
}

int bl_ydoc_parse(struct bl_ydoc **out, const char *path, const char *text,
		  size_t len, struct bl_error *err)
{
	struct bl_ydoc *doc = bl_xcalloc(1, sizeof(*doc));
	struct builder b;
	yaml_parser_t parser;
	yaml_event_t ev;
	int rc = BL_OK, docs = 0;
	bool done = false;

	memset(&b, 0, sizeof(b));
	doc->path = bl_xstrdup(path);
	bl_arena_init(&doc->arena);
	b.doc = doc;
	*out = NULL;
	if (!yaml_parser_initialize(&parser))
		BL_BUG("yaml_parser_initialize failed");
	yaml_parser_set_input_string(&parser, (const unsigned char *)text, len);
	while (!done) {
		struct bl_ynode *n;

		if (!yaml_parser_parse(&parser, &ev)) {
			struct bl_ynode at = { .line = (unsigned)parser.problem_mark.line + 1,
					       .col = (unsigned)parser.problem_mark.column + 1 };

			rc = bl_ydoc_error(err, doc, &at, "invalid YAML: %s%s%s; fix the syntax",
					   parser.problem ? parser.problem : "syntax error",
					   parser.context ? " " : "",
					   parser.context ? parser.context : "");
			break;
		}
		switch (ev.type) {
		case YAML_STREAM_END_EVENT:
			done = true;
			break;
		case YAML_DOCUMENT_START_EVENT:
			if (++docs > 1) {
				struct bl_ynode at = { .line = (unsigned)ev.start_mark.line + 1,
						       .col = (unsigned)ev.start_mark.column + 1 };

				rc = bl_ydoc_error(err, doc, &at,
						   "a second YAML document; keep one document per file");
				done = true;
			}
			break;
		case YAML_ALIAS_EVENT: {
			struct bl_ynode at = { .line = (unsigned)ev.start_mark.line + 1,
					       .col = (unsigned)ev.start_mark.column + 1 };

			rc = bl_ydoc_error(err, doc, &at,
					   "YAML aliases are not supported here; write the value out");
			done = true;
			break;
		}
		case YAML_SCALAR_EVENT:
			n = node_new(doc, BL_YSCALAR, &ev.start_mark);
			n->len = ev.data.scalar.length;
			n->text = bl_arena_strndup(&doc->arena,
						   (const char *)ev.data.scalar.value, n->len);
			n->quoted = ev.data.scalar.style != YAML_PLAIN_SCALAR_STYLE;
			if (scalar_is_null(&ev)) {
				n->text = "";
				n->len = 0;
			}
			attach(&b, n);
			break;
		case YAML_SEQUENCE_START_EVENT:
			n = node_new(doc, BL_YSEQ, &ev.start_mark);
			rc = open_node(&b, n, err);
			done = rc < 0;
			break;
		case YAML_MAPPING_START_EVENT:
			n = node_new(doc, BL_YMAP, &ev.start_mark);
			rc = open_node(&b, n, err);
			done = rc < 0;
			break;
		case YAML_SEQUENCE_END_EVENT:
		case YAML_MAPPING_END_EVENT:
			close_node(&b);
			break;
		default:
			break;
		}
		bl_yaml_event_delete(&ev);
	}
	yaml_parser_delete(&parser);
	bl_yaml_scratch_release();
	while (b.depth > 0) {
		b.depth--;
		free(b.kids[b.depth]);
	}
	if (rc < 0) {
		bl_ydoc_free(doc);
		return BL_ERR;
	}
	*out = doc;
	return BL_OK;
}

int bl_ydoc_load(struct bl_ydoc **out, const char *path, struct bl_error *err)
{
	FILE *f;
	struct bl_strbuf sb = BL_STRBUF_INIT;
	char buf[8192];
	struct stat st;
	size_t n;
	int fd, rc;

	*out = NULL;
	/* non-blocking, so that a FIFO named .biblint.yml cannot hang a hook */
	fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0)
		return bl_error_set(err, "cannot open '%s': %s; check the path", path,
				    errno == ENOENT ? "no such file" : strerror(errno));
	if (fstat(fd, &st) < 0)
		rc = bl_error_set(err, "cannot read '%s': %s", path, strerror(errno));
	else if (!S_ISREG(st.st_mode))
		rc = bl_error_set(err, "cannot read '%s': %s; name a regular file", path,
				  S_ISDIR(st.st_mode) ? "it is a directory"
				  : "not a regular file (a FIFO, socket or device)");
	else
		rc = BL_OK;
	if (rc < 0) {
		close(fd);
		return rc;
	}
	fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK);
	f = fdopen(fd, "rb");
	if (!f) {
		close(fd);
		return bl_error_set(err, "cannot read '%s': %s", path, strerror(errno));
	}
	while ((n = fread(buf, 1, sizeof(buf), f)) > 0) {
		bl_strbuf_add(&sb, buf, n);
		if (sb.len > MAX_FILE)
			break;
	}
	if (ferror(f) || sb.len > MAX_FILE) {
		rc = bl_error_set(err, "cannot read '%s': %s", path,
				  sb.len > MAX_FILE ? "file too large for a configuration file"
						    : strerror(errno));
		fclose(f);
		bl_strbuf_release(&sb);
		return rc;
	}
	fclose(f);
	rc = bl_ydoc_parse(out, path, sb.buf ? sb.buf : "", sb.len, err);
	bl_strbuf_release(&sb);
	return rc;
}

void bl_ydoc_free(struct bl_ydoc *doc)
{
	if (!doc)
		return;
	bl_arena_release(&doc->arena);
	free(doc->path);
	free(doc);
}

const struct bl_ynode *bl_ynode_get(const struct bl_ynode *map, const char *key)
{
	size_t i;

	if (!map || map->type != BL_YMAP)
		return NULL;
	for (i = 0; i < map->count; i++)
		if (map->keys[i]->type == BL_YSCALAR && strcmp(map->keys[i]->text, key) == 0)
			return map->items[i];
	return NULL;
}

bool bl_ynode_is_null(const struct bl_ynode *n)
{
	return n && n->type == BL_YSCALAR && !n->quoted && n->len == 0;
}

int bl_ydoc_check_keys(const struct bl_ydoc *doc, const struct bl_ynode *map,
		       const char *const *known, const char *what,
		       struct bl_error *err)
{
	size_t i, j, nknown = 0;

	while (known[nknown])
		nknown++;
	for (i = 0; i < map->count; i++) {
		const struct bl_ynode *k = map->keys[i];
		const char *s;
		bool ok = false;

		if (k->type != BL_YSCALAR)
			return bl_ydoc_error(err, doc, k, "a %s key must be a plain word", what);
		for (j = 0; j < nknown && !ok; j++)
			ok = strcmp(k->text, known[j]) == 0;
		for (j = 0; j < i && ok; j++)
			if (strcmp(map->keys[j]->text, k->text) == 0)
				return bl_ydoc_error(err, doc, k, "key '%s' is given twice; keep one",
						     k->text);
		if (ok)
			continue;
		s = bl_suggest(k->text, known, nknown);
		if (s)
			return bl_ydoc_error(err, doc, k, "unknown %s key '%s'; did you mean '%s'?",
					     what, k->text, s);
		return bl_ydoc_error(err, doc, k, "unknown %s key '%s'", what, k->text);
	}
	return BL_OK;
}

int bl_ynode_string(const struct bl_ydoc *doc, const struct bl_ynode *n,
		    const char **out, struct bl_error *err)
{
	if (n->type != BL_YSCALAR)
		return bl_ydoc_error(err, doc, n, "expected a single value, not a %s",
				     n->type == BL_YMAP ? "mapping" : "list");
	*out = n->text;
	return BL_OK;
}

int bl_ynode_bool(const struct bl_ydoc *doc, const struct bl_ynode *n,
		  bool *out, struct bl_error *err)
{
	static const char *const yes[] = { "true", "yes", "on", "True", "Yes", "TRUE" };
	static const char *const no[] = { "false", "no", "off", "False", "No", "FALSE" };
	size_t i;

	if (n->type == BL_YSCALAR && !n->quoted) {
		for (i = 0; i < BL_ARRAY_SIZE(yes); i++) {
			if (strcmp(n->text, yes[i]) == 0) {
				*out = true;
				return BL_OK;
			}
			if (strcmp(n->text, no[i]) == 0) {
				*out = false;
				return BL_OK;
			}
		}
	}
	return bl_ydoc_error(err, doc, n, "expected true or false");
}

int bl_ynode_choice(const struct bl_ydoc *doc, const struct bl_ynode *n,
		    const char *const *choices, int *out, struct bl_error *err)
{
	struct bl_strbuf sb = BL_STRBUF_INIT;
	const char *s = NULL;
	int i, rc;

	if (bl_ynode_string(doc, n, &s, err) < 0)
		return BL_ERR;
	for (i = 0; choices[i]; i++) {
		if (strcmp(s, choices[i]) == 0) {
			*out = i;
			return BL_OK;
		}
	}
	for (i = 0; choices[i]; i++)
		bl_strbuf_addf(&sb, "%s%s", i ? (choices[i + 1] ? ", " : " or ") : "",
			       choices[i]);
	rc = bl_ydoc_error(err, doc, n, "'%s' is not one of %s", s, sb.buf);
	bl_strbuf_release(&sb);
	return rc;
}
