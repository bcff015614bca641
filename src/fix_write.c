/*
 * fix_write.c - replacing a file atomically with its fixed bytes.
 *
 * The new bytes go to a temporary file in the target's own directory (a
 * rename only replaces atomically within one file system), which is
 * written, given the original's mode (and owner), synced, and renamed over
 * the original; then the directory is synced so that the rename survives a
 * crash. Until the rename the original is untouched; the temporary file is
 * removed on any failure. Right before the rename the target is checked
 * once more: its size, mtime and inode against the stamp taken when it was
 * read, and its bytes against the bytes that were linted.
 *
 * A symlink is followed: the file it points to is replaced and the link
 * stays a link. A file its user may not write is refused, as an editor
 * would, although the rename could replace it. A file with several hard links is refused, because a rename
 * would give it a new inode and split it from its other names.
 */
#include "fix.h"

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "banned.h"

int (*bl_fix_write_fault)(const char *step);

/* The errno a test wants this step to fail with, or 0. */
static int fault(const char *step)
{
	return bl_fix_write_fault ? bl_fix_write_fault(step) : 0;
}

static void stamp_from_stat(struct bl_file_stamp *st, const struct stat *sb)
{
	st->dev = sb->st_dev;
	st->ino = sb->st_ino;
	st->size = sb->st_size;
	st->mtime_sec = (int64_t)sb->st_mtim.tv_sec;
	st->mtime_nsec = sb->st_mtim.tv_nsec;
	st->valid = true;
}

int bl_file_stamp_get(struct bl_file_stamp *st, const char *path,
		      struct bl_error *err)
{
	struct stat sb;

	memset(st, 0, sizeof(*st));
	if (stat(path, &sb) < 0)
		return bl_error_set(err, "cannot stat '%s': %s", path, strerror(errno));
	stamp_from_stat(st, &sb);
	return BL_OK;
}

static bool stamp_same(const struct bl_file_stamp *a, const struct bl_file_stamp *b)
{
	return a->dev == b->dev && a->ino == b->ino && a->size == b->size &&
	       a->mtime_sec == b->mtime_sec && a->mtime_nsec == b->mtime_nsec;
}

/* True when the open file fd holds exactly data[0..len). */
static int same_bytes(int fd, const char *data, size_t len, bool *same)
{
	char buf[65536];
	size_t off = 0;

	*same = false;
	if (lseek(fd, 0, SEEK_SET) < 0)
		return -1;
	for (;;) {
		ssize_t n = read(fd, buf, sizeof(buf));

		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		if (n == 0)
			break;
		if ((size_t)n > len - off || memcmp(buf, data + off, (size_t)n) != 0)
			return 0;
		off += (size_t)n;
	}
	*same = off == len;
	return 0;
}

/*
 * Checks that target still is what was read. Returns BL_OK, BL_ECHANGED or
 * BL_ERR (err set, naming path as the user gave it). On BL_OK, *sb holds
 * the target's status.
 */
static int check_unchanged(const char *path, const char *target,
			   const struct bl_file_stamp *stamp, const char *old,
			   size_t oldlen, struct stat *sb, struct bl_error *err)
{
	struct bl_file_stamp now;
	bool same;
	int fd, rc = BL_OK;

	fd = open(target, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK);
	if (fd < 0) {
		if (errno == ENOENT)
			return BL_ECHANGED;
		return bl_error_set(err, "cannot fix '%s': cannot reopen it: %s; it was "
				    "left unchanged", path, strerror(errno));
	}
	if (fstat(fd, sb) < 0) {
		rc = bl_error_set(err, "cannot fix '%s': %s; it was left unchanged", path,
				  strerror(errno));
		goto cleanup;
	}
	if (!S_ISREG(sb->st_mode)) {
		rc = bl_error_set(err, "cannot fix '%s': not a regular file; it was left "
				  "unchanged", path);
		goto cleanup;
	}
	stamp_from_stat(&now, sb);
	if (stamp && stamp->valid && !stamp_same(stamp, &now)) {
		rc = BL_ECHANGED;
		goto cleanup;
	}
	if (same_bytes(fd, old, oldlen, &same) < 0) {
		rc = bl_error_set(err, "cannot fix '%s': cannot read it again: %s; it was "
				  "left unchanged", path, strerror(errno));
		goto cleanup;
	}
	if (!same)
		rc = BL_ECHANGED;
cleanup:
	close(fd);
	return rc;
}

static int write_all(int fd, const char *p, size_t n)
{
	while (n > 0) {
		ssize_t w = write(fd, p, n);

		if (w < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

static void sync_dir(const char *dir)
{
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

	if (fd < 0)
		return;
	/* the rename is done; a directory that cannot be synced (some file
	 * systems refuse) only weakens durability after a crash */
	(void)fsync(fd);
	close(fd);
}

int bl_fix_write(const char *path, const struct bl_file_stamp *stamp,
		 const char *old, size_t oldlen, const char *new, size_t newlen,
		 struct bl_error *err)
{
	char *target = NULL, *dircopy = NULL, *basecopy = NULL, *tmp = NULL;
	char *showcopy = NULL;
	const char *dir, *base, *shown;
	struct stat sb;
	int fd = -1, rc, e;

	target = realpath(path, NULL);
	if (!target) {
		if (errno == ENOENT) {
			rc = bl_error_set(err, "'%s' was removed since biblint read it; "
					  "fixes were not written", path);
			rc = BL_ECHANGED;
			goto cleanup;
		}
		rc = bl_error_set(err, "cannot fix '%s': %s; it was left unchanged", path,
				  strerror(errno));
		goto cleanup;
	}
	rc = check_unchanged(path, target, stamp, old, oldlen, &sb, err);
	if (rc == BL_ECHANGED)
		goto changed;
	if (rc < 0)
		goto cleanup;
	if (access(target, W_OK) < 0) {
		/* a read-only file says "do not change me", even though a
		 * rename in a writable directory could replace it */
		rc = bl_error_set(err, "cannot fix '%s': it is read-only (%s); it was "
				  "left unchanged", path, strerror(errno));
		goto cleanup;
	}
	if (sb.st_nlink > 1) {
		rc = bl_error_set(err,
				  "cannot fix '%s': it has %lu hard links, and replacing "
				  "it would split them; it was left unchanged (fix it by "
				  "hand, or break the links)", path, (unsigned long)sb.st_nlink);
		goto cleanup;
	}

	dircopy = bl_xstrdup(target);
	basecopy = bl_xstrdup(target);
	dir = dirname(dircopy);
	base = basename(basecopy);
	/* name the directory as the user wrote it, unless a link led elsewhere */
	{
		struct stat lsb;

		if (lstat(path, &lsb) == 0 && !S_ISLNK(lsb.st_mode)) {
			showcopy = bl_xstrdup(path);
			shown = dirname(showcopy);
		} else {
			shown = dir;
		}
	}
	/* the temporary file is named after the target (easy to recognise if
	 * a crash leaves it), unless that would pass NAME_MAX */
	if (strlen(base) > 200)
		base = "";
	tmp = bl_xasprintf("%s/.%s.biblint-XXXXXX", dir, base);
	e = fault("create");
	if (e) {
		errno = e;
		fd = -1;
	} else {
		fd = mkostemp(tmp, O_CLOEXEC);
	}
	if (fd < 0) {
		rc = bl_error_set(err, "cannot fix '%s': cannot create a temporary file in "
				  "'%s': %s; it was left unchanged", path, shown,
				  strerror(errno));
		free(tmp);
		tmp = NULL;
		goto cleanup;
	}
	e = fault("write");
	if (e || write_all(fd, new, newlen) < 0) {
		if (e)
			errno = e;
		rc = bl_error_set(err, "cannot fix '%s': cannot write the fixed text to "
				  "'%s': %s; it was left unchanged", path, tmp,
				  strerror(errno));
		goto cleanup;
	}
	if (fchmod(fd, sb.st_mode & 07777) < 0) {
		rc = bl_error_set(err, "cannot fix '%s': cannot give the new file its "
				  "mode: %s; it was left unchanged", path, strerror(errno));
		goto cleanup;
	}
	if (fchown(fd, sb.st_uid, sb.st_gid) < 0) {
		struct stat tsb;

		/* not allowed to give the file away: fine if it is ours already */
		if (fstat(fd, &tsb) < 0 || tsb.st_uid != sb.st_uid ||
		    tsb.st_gid != sb.st_gid) {
			rc = bl_error_set(err, "cannot fix '%s': cannot keep its owner "
					  "(%lu:%lu): %s; it was left unchanged", path,
					  (unsigned long)sb.st_uid,
					  (unsigned long)sb.st_gid, strerror(errno));
			goto cleanup;
		}
	}
	e = fault("sync");
	if (e || fsync(fd) < 0) {
		if (e)
			errno = e;
		rc = bl_error_set(err, "cannot fix '%s': cannot sync the fixed text to "
				  "disk: %s; it was left unchanged", path, strerror(errno));
		goto cleanup;
	}
	if (close(fd) < 0) {
		fd = -1;
		rc = bl_error_set(err, "cannot fix '%s': cannot write the fixed text: %s; "
				  "it was left unchanged", path, strerror(errno));
		goto cleanup;
	}
	fd = -1;
	/* last look before the rename: nobody wrote the file meanwhile */
	rc = check_unchanged(path, target, stamp, old, oldlen, &sb, err);
	if (rc == BL_ECHANGED)
		goto changed;
	if (rc < 0)
		goto cleanup;
	e = fault("rename");
	if (e || rename(tmp, target) < 0) {
		if (e)
			errno = e;
		rc = bl_error_set(err, "cannot fix '%s': cannot replace it: %s; it was "
				  "left unchanged", path, strerror(errno));
		goto cleanup;
	}
	free(tmp);
	tmp = NULL;   /* it is the target now: never unlink it */
	sync_dir(dir);
	rc = BL_OK;
	goto cleanup;

changed:
	bl_error_set(err, "'%s' changed on disk since biblint read it; fixes were not "
		     "written (run biblint --fix again)", path);
	rc = BL_ECHANGED;
cleanup:
	if (fd >= 0)
		close(fd);
	if (tmp) {
		unlink(tmp);
		free(tmp);
	}
	free(dircopy);
	free(basecopy);
	free(showcopy);
	free(target);
	return rc;
}

int bl_fix_write_staged(const char *worktree_path, const char *name,
			const char *staged, size_t stagedlen, const char *new,
			size_t newlen, struct bl_error *err)
{
	int rc = bl_fix_write(worktree_path, NULL, staged, stagedlen, new, newlen, err);

	if (!name)
		name = worktree_path;
	if (rc == BL_ECHANGED)
		bl_error_set(err, "'%s' has unstaged changes, so the fixes were not "
			     "written to it (stage or stash those changes and run "
			     "again, or fix the staged text by hand); the index is "
			     "never changed", name);
	return rc;
}
