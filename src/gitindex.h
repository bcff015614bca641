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

/* An entry is its path and where its fixed part lies in the index; its
 * mode, id and flags are read from there (bl_gitindex_mode() and the
 * others below), so that the entries of a large index take 16 bytes each. */
struct bl_gitindex_entry {
	const char *path;          /* NUL-terminated; in the index's memory */
	uint32_t pathlen;
	uint32_t off;              /* of the entry in the index's data */
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

static inline uint32_t bl_gitindex_be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static inline uint32_t bl_gitindex_mode(const struct bl_gitindex *ix,
					const struct bl_gitindex_entry *e)
{
	return bl_gitindex_be32((const unsigned char *)ix->data + e->off + 24);
}

/* The object id (20 bytes). */
static inline const unsigned char *bl_gitindex_id(const struct bl_gitindex *ix,
						  const struct bl_gitindex_entry *e)
{
	return (const unsigned char *)ix->data + e->off + 40;
}

/* 0, or 1-3 for a side of a conflict. */
static inline unsigned bl_gitindex_stage(const struct bl_gitindex *ix,
					 const struct bl_gitindex_entry *e)
{
	return ((const unsigned char *)ix->data)[e->off + 60] >> 4 & 3;
}

/* Added with 'git add --intent-to-add' (an extended flag, v3 and later). */
static inline bool bl_gitindex_intent_to_add(const struct bl_gitindex *ix,
					     const struct bl_gitindex_entry *e)
{
	const unsigned char *p = (const unsigned char *)ix->data + e->off;

	return (p[60] & 0x40) && (p[62] & 0x20);
}

/* Reads the index at path. Returns BL_OK, BL_GITINDEX_UNSUPPORTED, or BL_ERR
 * with a message (an unreadable or damaged file, a sparse or split index). */
int bl_gitindex_read(struct bl_gitindex *ix, const char *path, struct bl_error *err);
void bl_gitindex_release(struct bl_gitindex *ix);

/* The message for an index extension libgit2 1.5 cannot read either: "sdir"
 * (sparse index) or "link" (split index), saying how to turn it off.
 * Returns BL_ERR. */
int bl_gitindex_ext_error(const char *ext, struct bl_error *err);

#endif
