/*
 * gitindex.h - a read-only parser of git's index file (versions 2 to 4)
 * with its cache tree, for src/git.c.
 *
 * libgit2 1.5 takes about 4 ms to load a 10,000-entry index (it verifies
 * the checksum and builds hash maps) and has no use for the cache tree, so
 * its staged diff reads every tree of HEAD. A pre-commit hook only needs
 * the paths, modes, ids and flags, and the cache tree tells which folders
 * are unchanged since HEAD, as git itself uses it.
 */
#ifndef BL_GITINDEX_H
#define BL_GITINDEX_H

#include "biblint.h"

struct bl_gitindex_entry {
	const char *path;          /* NUL-terminated; in the index's memory */
	uint32_t pathlen;
	uint32_t mode;
	unsigned char id[20];
	uint8_t stage;             /* 0, or 1-3 for a conflict */
	bool intent_to_add;
};

/* A node of the cache tree: a folder whose tree id is known when
 * entry_count >= 0 (then it covers that many index entries). */
struct bl_gitindex_tree {
	const char *name;          /* the folder's own name; "" for the root */
	uint32_t namelen;
	int32_t entry_count;
	unsigned char id[20];
	struct bl_gitindex_tree *sub;
	uint32_t nsub;
};

struct bl_gitindex {
	char *data;                /* the file (read-only when mapped) */
	size_t len;
	bool mapped;               /* data is mapped, not on the heap */
	struct bl_gitindex_entry *entries;
	size_t count;
	struct bl_gitindex_tree *tree;   /* NULL when the index has none */
	struct bl_arena arena;     /* v4 paths and cache-tree nodes */
};

enum {
	BL_GITINDEX_UNSUPPORTED = 1,   /* a form this parser leaves to libgit2 */
};

/* Reads the index at path. Returns BL_OK, BL_GITINDEX_UNSUPPORTED, or BL_ERR
 * with a message (an unreadable or damaged file, a sparse or split index). */
int bl_gitindex_read(struct bl_gitindex *ix, const char *path, struct bl_error *err);
void bl_gitindex_release(struct bl_gitindex *ix);

/* The message for an index extension libgit2 1.5 cannot read either: "sdir"
 * (sparse index) or "link" (split index), saying how to turn it off.
 * Returns BL_ERR. */
int bl_gitindex_ext_error(const char *ext, struct bl_error *err);

#endif
