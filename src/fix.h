/*
 * fix.h - applying the fixes that findings offer: choose them, order them,
 * apply them as byte edits, show them as a unified diff, and replace the
 * file atomically.
 *
 * A fix replaces the bytes [start, end) of a source with new text and
 * leaves every other byte as it was. Fixes are chosen per pass: the safe
 * ones (and the unsafe ones when asked), sorted by position; a fix that
 * overlaps one chosen before it is left for the next pass, so two fixes are
 * never half-applied over each other. bl_fix_run() repeats lint and fix
 * passes until nothing more applies, and returns the edits from the
 * original bytes to the final ones.
 *
 * bl_fix_write() replaces a file on disk: a temporary file in the same
 * directory, fsync, the original's mode and owner, rename over the
 * original, fsync of the directory. It refuses when the file changed since
 * it was read, and leaves the original untouched on any failure.
 */
#ifndef BL_FIX_H
#define BL_FIX_H

#include <sys/types.h>

#include "engine.h"

/* Returned by bl_fix_write() when the file on disk is not the file that was
 * read (its bytes or its size, time or inode differ). */
#define BL_ECHANGED (-20)

/* One byte edit: replace [start, end) of a text with text[0..len). */
struct bl_edit {
	uint32_t start, end;
	char *text;                /* heap, owned by the list */
	size_t len;
};

/* A list of edits sorted by start, never overlapping. */
struct bl_edits {
	struct bl_edit *v;
	size_t n, cap;
};
void bl_edits_release(struct bl_edits *e);
/* Appends an edit (copies text); the caller keeps the list sorted. */
void bl_edits_add(struct bl_edits *e, uint32_t start, uint32_t end,
		  const char *text, size_t len);

/* What one pass chose from a set of findings. */
struct bl_fix_plan {
	struct bl_edits edits;
	size_t applied;            /* findings whose fix is in edits */
	size_t deferred;           /* fixes overlapping a chosen one: next pass */
	size_t unsafe;             /* unsafe fixes not chosen (no --unsafe-fixes) */
	size_t rejected;           /* fixes that would split a UTF-8 character,
				    * are not UTF-8, or change nothing */
};

/*
 * Chooses the fixes of findings[0..n) over the text data[0..len): safe ones,
 * and unsafe ones too when unsafe is true. Fixes are taken in order of
 * (start, end, rule, replacement); one that overlaps an already chosen fix
 * is deferred (an insertion at the same point as another counts as
 * overlapping; touching spans do not). A fix identical to a chosen one is
 * merged into it. Release with bl_fix_plan_release().
 */
void bl_fix_plan(struct bl_fix_plan *plan, const struct bl_finding *findings,
		 size_t n, const char *data, size_t len, bool unsafe);
void bl_fix_plan_release(struct bl_fix_plan *plan);

/* Applies sorted, non-overlapping edits to data[0..len); returns the new
 * bytes (heap, NUL-terminated, the caller frees) and their length. */
char *bl_edits_apply(const struct bl_edits *e, const char *data, size_t len,
		     size_t *outlen);

/*
 * Composes two edit lists: base takes a text O to C (offsets in O), next
 * takes C to T (offsets in C; cur is C). On return base takes O to T.
 * Edits of next that touch an edit of base are merged with it.
 */
void bl_edits_compose(struct bl_edits *base, const struct bl_edits *next,
		      const char *cur, size_t curlen);

/*
 * A unified diff (3 lines of context) from old[0..oldlen) to the text the
 * edits (offsets in old) produce, labelled with path on both sides. Built
 * from the edit spans, so its cost is linear in the file. Appends nothing
 * when there are no edits.
 */
void bl_fix_diff(struct bl_strbuf *out, const char *path, const char *old,
		 size_t oldlen, const struct bl_edits *e);

struct bl_fix_opts {
	bool unsafe;               /* also apply fixes not marked safe */
	unsigned max_passes;       /* 0: 10 */
};

/* The outcome of fixing one source. */
struct bl_fixed {
	struct bl_source *src;     /* the fixed bytes, same path; owned; NULL
				    * when nothing was fixed */
	struct bl_result res;      /* the findings left in src (when src) */
	struct bl_edits edits;     /* original -> fixed, in original offsets */
	size_t fixed;              /* findings whose fix was applied */
	size_t deferred;           /* fixes still pending after the last pass */
	unsigned passes;           /* passes that changed something */
	bool syntax_error;         /* fixes were offered, but the source does not
				    * read cleanly (input/syntax): none applied */
};

/*
 * Fixes src: plans fixes from first (the findings of src), applies them,
 * lints the new bytes with lopts, and repeats until a pass changes nothing
 * or max_passes. src is not modified. A source with a syntax error is not
 * fixed (its spans may not be what the author meant): out->syntax_error
 * says so when there were fixes. Release out with bl_fixed_release().
 */
int bl_fix_run(struct bl_fixed *out, const struct bl_source *src,
	       const struct bl_result *first, const struct bl_lint_opts *lopts,
	       const struct bl_fix_opts *fopts, struct bl_error *err);
void bl_fixed_release(struct bl_fixed *f);

/* Identity of a file when it was read: a later change is noticed. */
struct bl_file_stamp {
	dev_t dev;
	ino_t ino;
	off_t size;
	int64_t mtime_sec;
	long mtime_nsec;
	bool valid;
};
/* Stats path (following symlinks). BL_ERR with err set when it cannot. */
int bl_file_stamp_get(struct bl_file_stamp *st, const char *path,
		      struct bl_error *err);

/*
 * Replaces the file at path (a symlink is followed: its target is replaced
 * and the link kept) with new[0..newlen), atomically, when it still holds
 * old[0..oldlen) and, if stamp is valid, has the same size, mtime and inode.
 * Returns BL_OK; BL_ECHANGED when the file changed (nothing written); or
 * BL_ERR. On any failure the original is untouched and err says so.
 */
int bl_fix_write(const char *path, const struct bl_file_stamp *stamp,
		 const char *old, size_t oldlen, const char *new, size_t newlen,
		 struct bl_error *err);

/*
 * For --staged: writes the fixed bytes to the working-tree file worktree_path
 * only when it holds exactly the staged bytes (no unstaged changes); the
 * index is never touched. Returns BL_ECHANGED with a message that explains
 * the refusal when the working tree differs. Messages call the file name
 * (its repository path), or worktree_path when name is NULL.
 */
int bl_fix_write_staged(const char *worktree_path, const char *name,
			const char *staged, size_t stagedlen, const char *new,
			size_t newlen, struct bl_error *err);

/* For tests: when set, called at each step of bl_fix_write() ("create",
 * "write", "sync", "rename"); a nonzero return makes that step fail with
 * that errno value. NULL in normal runs. */
extern int (*bl_fix_write_fault)(const char *step);

#endif
