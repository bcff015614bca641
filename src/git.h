/*
 * git.h - biblint's view of a git repository, through libgit2.
 *
 *   - bl_git_open() opens the repository the way git's own commands do for
 *     the current process: GIT_DIR, GIT_WORK_TREE, GIT_COMMON_DIR and
 *     GIT_INDEX_FILE are honoured (libgit2 1.5 refuses the first two in its
 *     from-environment open, so they are applied here by hand).
 *   - bl_git_staged() lists the files a commit would add or change, and
 *     bl_git_changed_since() those a branch changed since its merge base
 *     with a revision, with the lines it changed.
 *   - bl_git_read() reads the content to lint: the staged blob, or the
 *     blob of HEAD's tree. The working tree is never read.
 *   - bl_git_filter_findings() keeps the findings that touch changed lines.
 *   - bl_git_hook_install()/uninstall() manage the pre-commit hook.
 *
 * Every function returns BL_OK or BL_ERR with a message in err that says
 * what went wrong and what to do.
 */
#ifndef BL_GIT_H
#define BL_GIT_H

#include "engine.h"

struct bl_git;

/* Opens the repository of the current directory or of GIT_DIR. */
int bl_git_open(struct bl_git **out, struct bl_error *err);
void bl_git_free(struct bl_git *g);
/* The working tree root ("/abs/path/", with a final slash), or NULL when
 * the repository is bare. Owned by g. */
const char *bl_git_workdir(const struct bl_git *g);

/* Lines [first, last] (1-based, inclusive) of the new content changed. */
struct bl_git_range {
	uint32_t first, last;
};

struct bl_git_file {
	char *path;                 /* repository-relative, the new name */
	char *old_path;             /* a rename's or copy's old name, or NULL */
	char status;                /* 'A', 'M', 'R', 'C' */
	unsigned char id[20];       /* the blob to lint */
	struct bl_git_range *changed;   /* bl_git_changed_since() only */
	size_t nchanged;
};

struct bl_git_changes {
	struct bl_git_file *files;
	size_t count;
	bool merging;               /* staged: a merge is in progress, so only
				     * files whose staged content differs from
				     * every parent are listed */
	char *base;                 /* changed_since: the merge base, hex */
};
void bl_git_changes_release(struct bl_git_changes *c);

/* Files added, modified, renamed or copied in the index (GIT_INDEX_FILE)
 * against HEAD, or against the empty tree before the first commit.
 * Deletions, intent-to-add entries, symlinks and gitlinks are left out.
 * Fails on a bare repository and on unresolved conflicts. */
int bl_git_staged(struct bl_git *g, struct bl_git_changes *out,
		  struct bl_error *err);

/* Files changed between merge-base(rev, HEAD) and HEAD, renames followed,
 * each with its changed lines. Fails when there is no merge base (a
 * shallow clone, unrelated histories) with a message saying to fetch more
 * history. */
int bl_git_changed_since(struct bl_git *g, const char *rev,
			 struct bl_git_changes *out, struct bl_error *err);

/* A source holding the blob of f, with f->path as its path. */
int bl_git_read(struct bl_git *g, const struct bl_git_file *f, size_t max_size,
		struct bl_source **out, struct bl_error *err);

/* True when a line in [first, last] is one of f's changed lines. */
bool bl_git_lines_changed(const struct bl_git_file *f, unsigned first,
			  unsigned last);

/* Keeps in res only the findings on a changed line of f, inside an entry
 * that holds a changed line, or that refer to such an entry (the other
 * party of a duplicate or an ordering finding, from related_start; an
 * ordering finding that names no other entry counts the entries beside
 * it). */
void bl_git_filter_findings(const struct bl_git_file *f, struct bl_result *res);

enum bl_hook_mode {
	BL_HOOK_REFUSE = 0,         /* refuse to replace a foreign hook */
	BL_HOOK_FORCE,              /* set it aside, restored by uninstall */
	BL_HOOK_CHAIN,              /* keep it and run it first */
};

/* The text of the hook, running binary (an absolute path, or NULL to rely
 * on PATH). The caller frees it. hooks/pre-commit is this text for NULL. */
char *bl_git_hook_script(const char *binary);

/* Installs the pre-commit hook where git will run it (core.hooksPath, else
 * the common git directory's hooks/). On success *done is a heap message
 * saying what was done (the caller frees it). */
int bl_git_hook_install(struct bl_git *g, const char *binary,
			enum bl_hook_mode mode, char **done, struct bl_error *err);
/* Removes biblint's hook and puts back the hook it replaced, if any. */
int bl_git_hook_uninstall(struct bl_git *g, char **done, struct bl_error *err);

#endif
