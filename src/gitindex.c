/*
 * gitindex.c - git's index file, read-only (see gitindex.h).
 *
 * Layout (git's Documentation/gitformat-index.txt): a 12-byte header
 * "DIRC", version, entry count; the entries, sorted by path; extensions
 * (4-byte signature, 4-byte size, data); a 20-byte checksum, not verified
 * here (bounds are). An entry is 40 bytes of stat data and mode, a 20-byte
 * object id, 2 bytes of flags, 2 more in v3+ when the extended bit is set,
 * then the path: NUL-padded to a multiple of 8 bytes in v2/v3, or in v4 a
 * varint count of bytes to drop from the previous path and a NUL-terminated
 * suffix. Extensions whose signature starts with a lowercase letter are
 * required to understand the index.
 */
#include "gitindex.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "banned.h"

#define HASH 20
#define FLAG_EXTENDED 0x4000
#define FLAG_NAME_MASK 0x0fff


static uint16_t be16(const unsigned char *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

int bl_gitindex_ext_error(const char *ext, struct bl_error *err)
{
	if (strcmp(ext, "sdir") == 0)
		return bl_error_set(err,
				    "cannot read the index: it is a sparse index ('sdir' "
				    "extension), which libgit2 1.5 cannot read; turn it off "
				    "with: git sparse-checkout reapply --no-sparse-index");
	return bl_error_set(err,
			    "cannot read the index: it is a split index ('link' "
			    "extension), which libgit2 1.5 cannot read; turn it off "
			    "with: git update-index --no-split-index");
}

/* Maps the index (read-only, private: git replaces the file by renaming a
 * new one over it, never rewrites it in place), else reads it. A hook on a
 * large repository would otherwise fault in the whole copy page by page;
 * mapped, the kernel maps the file's cached pages a block at a time. */
static int read_all(struct bl_gitindex *ix, const char *path, struct bl_error *err)
{
	struct stat st;
	size_t got = 0;
	ssize_t n;
	void *map;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return bl_error_set(err, "cannot read the index '%s': %s", path, strerror(errno));
	if (fstat(fd, &st) < 0 || st.st_size < 0) {
		close(fd);
		return bl_error_set(err, "cannot read the index '%s': %s", path, strerror(errno));
	}
	ix->len = (size_t)st.st_size;
	if (ix->len > 0) {
		map = mmap(NULL, ix->len, PROT_READ, MAP_PRIVATE, fd, 0);
		if (map != MAP_FAILED) {
			close(fd);
			ix->data = map;
			ix->mapped = true;
			return BL_OK;
		}
	}
	ix->data = bl_xmalloc(ix->len + 1);
	while (got < ix->len && (n = read(fd, ix->data + got, ix->len - got)) > 0)
		got += (size_t)n;
	close(fd);
	if (got != ix->len) {
		free(ix->data);
		ix->data = NULL;
		return bl_error_set(err, "cannot read the index '%s': short read", path);
	}
	return BL_OK;
}

/* The cache tree ('TREE'): nodes in pre-order, each "name\0count nsub\n"
 * and, when count >= 0, the tree id. Returns false when malformed. */
static bool parse_tree(struct bl_gitindex *ix, const unsigned char **p,
		       const unsigned char *end, struct bl_gitindex_tree *node, int depth)
{
	const unsigned char *q = *p, *nul;
	char *num_end;
	long count, nsub;
	uint32_t i;

	if (depth > 4096 || !(nul = memchr(q, '\0', (size_t)(end - q))))
		return false;
	node->name = (const char *)q;
	node->namelen = (uint32_t)(nul - q);
	q = nul + 1;
	if (!memchr(q, '\n', (size_t)(end - q)))
		return false;
	count = strtol((const char *)q, &num_end, 10);
	if (*num_end != ' ')
		return false;
	nsub = strtol(num_end + 1, &num_end, 10);
	if (*num_end != '\n' || nsub < 0 || nsub > 1000000 || count < -1)
		return false;
	q = (const unsigned char *)num_end + 1;
	node->entry_count = (int32_t)count;
	if (count >= 0) {
		if (end - q < HASH)
			return false;
		memcpy(node->id, q, HASH);
		q += HASH;
	}
	node->nsub = (uint32_t)nsub;
	node->sub = nsub ? bl_arena_alloc(&ix->arena, (size_t)nsub * sizeof(*node->sub)) : NULL;
	for (i = 0; i < node->nsub; i++)
		if (!parse_tree(ix, &q, end, &node->sub[i], depth + 1))
			return false;
	*p = q;
	return true;
}

int bl_gitindex_read(struct bl_gitindex *ix, const char *path, struct bl_error *err)
{
	const unsigned char *p, *end;
	uint32_t version, n, i;
	const char *prev = "";
	size_t prevlen = 0;

	memset(ix, 0, sizeof(*ix));
	bl_arena_init(&ix->arena);
	/* no index yet (a new repository): nothing is staged */
	if (access(path, F_OK) < 0 && errno == ENOENT)
		return BL_OK;
	if (read_all(ix, path, err) < 0)
		return BL_ERR;
	if (ix->len < 12 + HASH || memcmp(ix->data, "DIRC", 4) != 0)
		return BL_GITINDEX_UNSUPPORTED;
	p = (const unsigned char *)ix->data;
	end = p + ix->len - HASH;
	version = bl_gitindex_be32(p + 4);
	n = bl_gitindex_be32(p + 8);
	if (version < 2 || version > 4 || n > ix->len / 8 || ix->len > UINT32_MAX)
		return BL_GITINDEX_UNSUPPORTED;
	ix->entries = bl_xcalloc(n ? n : 1, sizeof(*ix->entries));
	p += 12;
	for (i = 0; i < n; i++) {
		struct bl_gitindex_entry *e = &ix->entries[i];
		const unsigned char *start = p, *nul;
		uint16_t flags;
		size_t fixed;

		if (end - p < 62)
			return BL_GITINDEX_UNSUPPORTED;
		e->off = (uint32_t)(p - (const unsigned char *)ix->data);
		flags = be16(p + 60);
		fixed = 62;
		if (flags & FLAG_EXTENDED) {
			if (version < 3 || end - p < 64)
				return BL_GITINDEX_UNSUPPORTED;
			fixed = 64;
		}
		p += fixed;
		if (version == 4) {
			uint64_t drop = 0;
			unsigned shift = 0;
			unsigned char c;
			char *full;

			/* git's offset varint: 7 bits a byte, +1 per continuation */
			do {
				if (p >= end || shift > 28)
					return BL_GITINDEX_UNSUPPORTED;
				c = *p++;
				drop = (drop << 7) | (c & 0x7f);
				if (c & 0x80)
					drop++;
				shift += 7;
			} while (c & 0x80);
			if (drop > prevlen || !(nul = memchr(p, '\0', (size_t)(end - p))))
				return BL_GITINDEX_UNSUPPORTED;
			e->pathlen = (uint32_t)(prevlen - drop + (size_t)(nul - p));
			full = bl_arena_alloc(&ix->arena, e->pathlen + 1);
			memcpy(full, prev, prevlen - drop);
			memcpy(full + prevlen - drop, p, (size_t)(nul - p));
			full[e->pathlen] = '\0';
			e->path = full;
			p = nul + 1;
		} else {
			if (!(nul = memchr(p, '\0', (size_t)(end - p))))
				return BL_GITINDEX_UNSUPPORTED;
			e->path = (const char *)p;
			e->pathlen = (uint32_t)(nul - p);
			/* padded with 1-8 NULs to a multiple of 8 */
			p = start + ((fixed + e->pathlen + 8) & ~(size_t)7);
			if (p > end)
				return BL_GITINDEX_UNSUPPORTED;
		}
		if ((flags & FLAG_NAME_MASK) != FLAG_NAME_MASK &&
		    (flags & FLAG_NAME_MASK) != e->pathlen)
			return BL_GITINDEX_UNSUPPORTED;
		prev = e->path;
		prevlen = e->pathlen;
	}
	ix->count = n;
	while (end - p >= 8) {
		char sig[5];
		uint32_t size = bl_gitindex_be32(p + 4);

		memcpy(sig, p, 4);
		sig[4] = '\0';
		p += 8;
		if (size > (size_t)(end - p))
			return BL_GITINDEX_UNSUPPORTED;
		if (strcmp(sig, "sdir") == 0 || strcmp(sig, "link") == 0)
			return bl_gitindex_ext_error(sig, err);
		if (sig[0] >= 'a' && sig[0] <= 'z')
			return BL_GITINDEX_UNSUPPORTED;
		if (strcmp(sig, "TREE") == 0 && size > 0) {
			const unsigned char *q = p;

			ix->tree = bl_arena_alloc(&ix->arena, sizeof(*ix->tree));
			if (!parse_tree(ix, &q, p + size, ix->tree, 0))
				ix->tree = NULL;
		}
		p += size;
	}
	return BL_OK;
}

void bl_gitindex_release(struct bl_gitindex *ix)
{
	free(ix->entries);
	if (ix->mapped)
		munmap(ix->data, ix->len);
	else
		free(ix->data);
	bl_arena_release(&ix->arena);
	memset(ix, 0, sizeof(*ix));
}
