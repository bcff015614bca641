/*
 * yamltree.h - a small YAML document tree for biblint's own files: style
 * files (rules/styles/NAME.yml) and .biblint.yml.
 *
 * The whole document is read with libyaml into nodes that remember their
 * 1-based line and column, so that a configuration error can name the exact
 * place. Reference lists are never read this way (they are streamed).
 *
 * Ownership: bl_ydoc_load() returns a document the caller frees with
 * bl_ydoc_free(); every node and string lives in the document's arena.
 */
#ifndef BL_YAMLTREE_H
#define BL_YAMLTREE_H

#include "biblint.h"

enum bl_ynode_type { BL_YSCALAR, BL_YMAP, BL_YSEQ };

struct bl_ynode {
	enum bl_ynode_type type;
	unsigned line, col;        /* 1-based, columns in code points */
	const char *text;          /* scalars: NUL-terminated */
	size_t len;
	bool quoted;               /* scalars written in quotes */
	/* maps: keys[i] -> items[i]; sequences: items[i] */
	struct bl_ynode **keys;
	struct bl_ynode **items;
	size_t count;
};

struct bl_ydoc {
	char *path;                /* for messages; owned */
	struct bl_ynode *root;     /* NULL for an empty document */
	struct bl_arena arena;
};

/* Reads the file at path. A missing file, a YAML syntax error, an alias or
 * a second document is BL_ERR with "path:line:col: problem" in err. */
int bl_ydoc_load(struct bl_ydoc **out, const char *path, struct bl_error *err);
/* The same for text already in memory; path is used in messages. */
int bl_ydoc_parse(struct bl_ydoc **out, const char *path, const char *text,
		  size_t len, struct bl_error *err);
void bl_ydoc_free(struct bl_ydoc *doc);

/* The value of key in a map, or NULL. */
const struct bl_ynode *bl_ynode_get(const struct bl_ynode *map, const char *key);
/* True for a scalar that reads as null (~, null, empty, unquoted). */
bool bl_ynode_is_null(const struct bl_ynode *n);

/* Sets err to "path:line:col: <message>" and returns BL_ERR. */
int bl_ydoc_error(struct bl_error *err, const struct bl_ydoc *doc,
		  const struct bl_ynode *at, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

/* Checks that every key of map is one of known[] (NULL-terminated); the
 * first unknown key is an error with a "did you mean" suggestion. what
 * names the map in the message ("style", "configuration"). */
int bl_ydoc_check_keys(const struct bl_ydoc *doc, const struct bl_ynode *map,
		       const char *const *known, const char *what,
		       struct bl_error *err);

/* Typed getters: they fail with a positioned error when the node has the
 * wrong shape. */
int bl_ynode_string(const struct bl_ydoc *doc, const struct bl_ynode *n,
		    const char **out, struct bl_error *err);
int bl_ynode_bool(const struct bl_ydoc *doc, const struct bl_ynode *n,
		  bool *out, struct bl_error *err);
/* One of choices[] (NULL-terminated); stores its index. */
int bl_ynode_choice(const struct bl_ydoc *doc, const struct bl_ynode *n,
		    const char *const *choices, int *out, struct bl_error *err);

#endif
