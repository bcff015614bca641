/*
 * git.c - the repository through libgit2 1.5: opening it as git would for
 * this process, the staged and the pull-request change lists, blobs, the
 * changed-line filter and the pre-commit hook.
 *
 * Traps of libgit2 1.5.1 handled here (see git.h for the API):
 *   - GIT_REPOSITORY_OPEN_FROM_ENV fails when GIT_WORK_TREE or GIT_COMMON_DIR
 *     is set, so then the repository is opened by hand;
 *   - the index is the one GIT_INDEX_FILE names (`git commit <paths>` and
 *     `commit -a` point it at a temporary index);
 *   - intent-to-add entries look like added empty files;
 *   - a shallow clone's missing merge base is a generic "object not found";
 *   - sparse ('sdir') and split ('link') indexes cannot be read at all.
 */
#include "git.h"

#include <errno.h>
#include <fcntl.h>
#include <git2.h>
#include <git2/sys/repository.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "gitindex.h"

#include "banned.h"

struct bl_git {
	git_repository *repo;
	git_index *index;          /* loaded on first use */
	char *index_path;          /* GIT_INDEX_FILE, or the git dir's index */
};

static const char *last_error(void)
{
	const git_error *e = git_error_last();

	return e && e->message ? e->message : "unknown error";
}

/* ---- opening ---------------------------------------------------------- */

/* Quoted path inside a libgit2 message ("... path '/x' is not owned ..."),
 * copied into buf; returns buf or NULL. */
static const char *quoted_path(const char *msg, char *buf, size_t size)
{
	const char *a = strchr(msg, '\''), *b;

	if (!a || !(b = strchr(a + 1, '\'')) || (size_t)(b - a) >= size)
		return NULL;
	memcpy(buf, a + 1, (size_t)(b - a - 1));
	buf[b - a - 1] = '\0';
	return buf;
}

static int index_error(const char *m, struct bl_error *err);

static int open_failed(int rc, struct bl_error *err)
{
	const char *m = last_error();
	char path[4096], cwd[4096];
	const char *p;
	git_buf found = { 0 };

	if (!getcwd(cwd, sizeof(cwd)))
		snprintf(cwd, sizeof(cwd), ".");
	if (rc == GIT_EOWNER || strstr(m, "safe.directory") || strstr(m, "not owned")) {
		/* git names the working tree, without a final slash */
		if (git_repository_discover(&found, ".", 0, NULL) == 0) {
			snprintf(path, sizeof(path), "%s", found.ptr);
			p = path;
		} else {
			p = quoted_path(m, path, sizeof(path));
			if (p && path[0] != '/')
				p = NULL;   /* 1.5.1 may quote 'safe.directory' */
		}
		git_buf_dispose(&found);
		if (p) {
			size_t n = strlen(path);

			while (n > 1 && path[n - 1] == '/')
				path[--n] = '\0';
			if (n > 5 && strcmp(path + n - 5, "/.git") == 0)
				path[n - 5] = '\0';
		} else {
			p = cwd;
		}
		return bl_error_set(err,
				    "the repository at '%s' is owned by another user, so git "
				    "treats it as unsafe; if you trust it, run: git config "
				    "--global --add safe.directory '%s'", p, p);
	}
	if (strstr(m, "'sdir'") || strstr(m, "'link'"))
		return index_error(m, err);
	if (strstr(m, "unsupported extension"))
		return bl_error_set(err,
				    "cannot open the repository: %s (libgit2 1.5 does not "
				    "support it); lint the files by name instead (biblint PATH...)",
				    m);
	if (rc == GIT_ENOTFOUND)
		return bl_error_set(err,
				    "not a git repository: '%s' (nor any parent directory); run "
				    "this inside a git working tree, or name the files to lint",
				    getenv("GIT_DIR") && *getenv("GIT_DIR") ? getenv("GIT_DIR") : cwd);
	return bl_error_set(err, "cannot open the git repository: %s", m);
}

static bool env_set(const char *name)
{
	const char *v = getenv(name);

	return v && *v;
}

int bl_git_open(struct bl_git **out, struct bl_error *err)
{
	static const char *exts[] = { "worktreeconfig" };
	git_repository *repo = NULL;
	struct bl_git *g;
	int rc;

	*out = NULL;
	git_libgit2_init();
	/* written by `git sparse-checkout`; the per-worktree config it enables
	 * holds nothing biblint reads */
	git_libgit2_opts(GIT_OPT_SET_EXTENSIONS, exts, BL_ARRAY_SIZE(exts));
	/* git itself does not re-hash the objects it reads; libgit2 does by
	 * default (SHA-1 with collision detection, about 1 ms for a 200 KB
	 * blob), which for a read-only linter buys nothing zlib's own
	 * checksum does not */
	git_libgit2_opts(GIT_OPT_ENABLE_STRICT_HASH_VERIFICATION, 0);

	/* By hand unless object-store variables need libgit2's own handling:
	 * its from-environment open refuses GIT_WORK_TREE/GIT_COMMON_DIR, and
	 * loads the GIT_INDEX_FILE index at once, which a hook run reads
	 * faster itself (gitindex.c). */
	if (env_set("GIT_WORK_TREE") || env_set("GIT_COMMON_DIR") ||
	    !(env_set("GIT_OBJECT_DIRECTORY") || env_set("GIT_ALTERNATE_OBJECT_DIRECTORIES") ||
	      env_set("GIT_NAMESPACE"))) {
		if (env_set("GIT_DIR"))
			rc = git_repository_open_ext(&repo, getenv("GIT_DIR"),
						     GIT_REPOSITORY_OPEN_NO_SEARCH |
						     GIT_REPOSITORY_OPEN_NO_DOTGIT, NULL);
		else
			rc = git_repository_open_ext(&repo, ".",
						     env_set("GIT_DISCOVERY_ACROSS_FILESYSTEM")
						     ? GIT_REPOSITORY_OPEN_CROSS_FS : 0,
						     getenv("GIT_CEILING_DIRECTORIES"));
		if (rc < 0)
			goto fail;
		if (env_set("GIT_WORK_TREE") &&
		    (rc = git_repository_set_workdir(repo, getenv("GIT_WORK_TREE"), 0)) < 0)
			goto fail;
	} else {
		rc = git_repository_open_ext(&repo, NULL, GIT_REPOSITORY_OPEN_FROM_ENV, NULL);
		if (rc < 0)
			goto fail;
	}
	g = bl_xcalloc(1, sizeof(*g));
	g->repo = repo;
	if (env_set("GIT_INDEX_FILE"))
		g->index_path = bl_xstrdup(getenv("GIT_INDEX_FILE"));
	else
		g->index_path = bl_xasprintf("%sindex", git_repository_path(repo));
	*out = g;
	return BL_OK;
fail:
	open_failed(rc, err);
	git_repository_free(repo);
	git_libgit2_shutdown();
	return BL_ERR;
}

void bl_git_free(struct bl_git *g)
{
	if (!g)
		return;
	git_index_free(g->index);
	git_repository_free(g->repo);
	free(g->index_path);
	free(g);
	git_libgit2_shutdown();
}

const char *bl_git_workdir(const struct bl_git *g)
{
	return git_repository_workdir(g->repo);
}

/* An index libgit2 1.5 cannot read, named with what to do; else a plain
 * message. */
static int index_error(const char *m, struct bl_error *err)
{
	if (strstr(m, "'sdir'"))
		return bl_gitindex_ext_error("sdir", err);
	if (strstr(m, "'link'"))
		return bl_gitindex_ext_error("link", err);
	return bl_error_set(err, "cannot read the index: %s", m);
}

static int get_index(struct bl_git *g, git_index **out, struct bl_error *err)
{
	if (!g->index) {
		if (git_index_open(&g->index, g->index_path) < 0)
			return index_error(last_error(), err);
		git_repository_set_index(g->repo, g->index);
	}
	*out = g->index;
	return BL_OK;
}

/* ---- change lists ------------------------------------------------------ */

void bl_git_changes_release(struct bl_git_changes *c)
{
	size_t i;

	for (i = 0; i < c->count; i++) {
		free(c->files[i].path);
		free(c->files[i].old_path);
		free(c->files[i].changed);
	}
	free(c->files);
	free(c->base);
	memset(c, 0, sizeof(*c));
}

static struct bl_git_file *add_file(struct bl_git_changes *c, size_t *cap,
				    const git_diff_delta *d)
{
	struct bl_git_file *f;

	BL_GROW(c->files, c->count + 1, *cap);
	f = &c->files[c->count++];
	memset(f, 0, sizeof(*f));
	f->path = bl_xstrdup(d->new_file.path);
	if ((d->status == GIT_DELTA_RENAMED || d->status == GIT_DELTA_COPIED) &&
	    d->old_file.path)
		f->old_path = bl_xstrdup(d->old_file.path);
	f->status = git_diff_status_char(d->status);
	memcpy(f->id, d->new_file.id.id, sizeof(f->id));
	return f;
}

/* A delta worth linting: content added or changed, a regular file. */
static bool lintable(const git_diff_delta *d)
{
	switch (d->status) {
	case GIT_DELTA_ADDED:
	case GIT_DELTA_MODIFIED:
	case GIT_DELTA_RENAMED:
	case GIT_DELTA_COPIED:
		break;
	default:
		return false;
	}
	return d->new_file.mode == GIT_FILEMODE_BLOB ||
	       d->new_file.mode == GIT_FILEMODE_BLOB_EXECUTABLE;
}

/* HEAD's tree, or NULL before the first commit. */
static int head_tree(struct bl_git *g, git_tree **out, struct bl_error *err)
{
	git_object *obj = NULL;

	*out = NULL;
	if (git_repository_head_unborn(g->repo) == 1)
		return BL_OK;
	if (git_revparse_single(&obj, g->repo, "HEAD^{tree}") < 0)
		return bl_error_set(err, "cannot read HEAD: %s", last_error());
	*out = (git_tree *)obj;
	return BL_OK;
}

struct merge_heads {
	git_repository *repo;
	git_tree *trees[16];
	size_t n;
};

static int collect_merge_head(const git_oid *id, void *payload)
{
	struct merge_heads *mh = payload;
	git_commit *c = NULL;

	if (mh->n >= BL_ARRAY_SIZE(mh->trees))
		return 0;
	if (git_commit_lookup(&c, mh->repo, id) == 0) {
		if (git_commit_tree(&mh->trees[mh->n], c) == 0)
			mh->n++;
		git_commit_free(c);
	}
	return 0;
}

/* True when path has the blob id in one of the merged branches. */
static bool same_in_merge_head(const struct merge_heads *mh, const char *path,
			       const git_oid *id)
{
	git_tree_entry *te;
	size_t i;
	bool same = false;

	for (i = 0; i < mh->n && !same; i++) {
		if (git_tree_entry_bypath(&te, mh->trees[i], path) != 0)
			continue;
		same = git_oid_equal(git_tree_entry_id(te), id);
		git_tree_entry_free(te);
	}
	return same;
}

static int conflicts_error(git_index *index, struct bl_error *err)
{
	git_index_conflict_iterator *it = NULL;
	const git_index_entry *a, *o, *t;
	const char *path = NULL;

	if (git_index_conflict_iterator_new(&it, index) == 0 &&
	    git_index_conflict_next(&a, &o, &t, it) == 0)
		path = o ? o->path : t ? t->path : a ? a->path : NULL;
	bl_error_set(err, "'%s' has unresolved merge conflicts; resolve them and "
		     "'git add' the file, then commit", path ? path : "?");
	git_index_conflict_iterator_free(it);
	return BL_ERR;
}

/* The fast path of bl_git_staged(): the index file read by gitindex.c,
 * compared with HEAD's trees folder by folder, skipping the folders whose
 * cache-tree id equals HEAD's (what git itself does). Deleted paths are not
 * looked for: they are never linted. */
struct walk {
	struct bl_git *g;
	const struct bl_gitindex *ix;
	const struct merge_heads *mh;
	struct bl_git_changes *out;
	size_t cap;
};

static void walk_file(struct walk *w, git_tree *tree, const struct bl_gitindex_entry *e,
		      const char *name)
{
	const git_tree_entry *te;
	const unsigned char *id = bl_gitindex_id(w->ix, e);
	uint32_t mode = bl_gitindex_mode(w->ix, e);
	git_diff_delta d;

	if (bl_gitindex_intent_to_add(w->ix, e) || (mode & 0170000) != 0100000)
		return;   /* intent-to-add, symlink, gitlink */
	te = tree ? git_tree_entry_byname(tree, name) : NULL;
	if (te && git_tree_entry_type(te) == GIT_OBJECT_BLOB &&
	    (uint32_t)git_tree_entry_filemode(te) == mode &&
	    memcmp(git_tree_entry_id(te)->id, id, 20) == 0)
		return;   /* unchanged */
	memset(&d, 0, sizeof(d));
	d.status = te && git_tree_entry_type(te) == GIT_OBJECT_BLOB ? GIT_DELTA_MODIFIED
								    : GIT_DELTA_ADDED;
	d.new_file.path = e->path;
	memcpy(d.new_file.id.id, id, 20);
	if (w->mh->n && same_in_merge_head(w->mh, e->path, &d.new_file.id))
		return;
	add_file(w->out, &w->cap, &d);
}

static const struct bl_gitindex_tree *cache_child(const struct bl_gitindex_tree *node,
						   const char *name, size_t len)
{
	uint32_t i;

	for (i = 0; node && i < node->nsub; i++)
		if (node->sub[i].namelen == len && memcmp(node->sub[i].name, name, len) == 0)
			return &node->sub[i];
	return NULL;
}

/* Entries [lo, hi) all lie under the folder whose path is the first plen
 * bytes of their paths; tree is HEAD's tree of it (NULL when HEAD has
 * none) and node its cache-tree node (NULL when unknown). */
static int walk_dir(struct walk *w, git_tree *tree, const struct bl_gitindex_tree *node,
		    size_t plen, size_t lo, size_t hi, struct bl_error *err)
{
	const struct bl_gitindex_entry *ents = w->ix->entries;
	size_t i = lo, j, nlen;
	char *name;
	int rc = BL_OK;

	while (i < hi && rc == BL_OK) {
		const char *rest = ents[i].path + plen, *slash = strchr(rest, '/');
		const struct bl_gitindex_tree *child;
		const git_tree_entry *te;
		git_tree *sub = NULL;

		if (!slash) {
			walk_file(w, tree, &ents[i], rest);
			i++;
			continue;
		}
		nlen = (size_t)(slash - rest);
		child = cache_child(node, rest, nlen);
		/* the run of entries under "rest/" */
		if (child && child->entry_count > 0 && i + (size_t)child->entry_count <= hi &&
		    strncmp(ents[i + child->entry_count - 1].path + plen, rest, nlen + 1) == 0 &&
		    (i + (size_t)child->entry_count == hi ||
		     strncmp(ents[i + child->entry_count].path + plen, rest, nlen + 1) != 0)) {
			j = i + (size_t)child->entry_count;
		} else {
			child = child && child->entry_count < 0 ? child : NULL;
			for (j = i + 1; j < hi && strncmp(ents[j].path + plen, rest, nlen + 1) == 0; j++)
				;
		}
		name = bl_xstrndup(rest, nlen);
		te = tree ? git_tree_entry_byname(tree, name) : NULL;
		free(name);
		if (te && git_tree_entry_type(te) != GIT_OBJECT_TREE)
			te = NULL;
		if (te && child && child->entry_count >= 0 &&
		    memcmp(git_tree_entry_id(te)->id, child->id, 20) == 0) {
			i = j;    /* the folder is as in HEAD */
			continue;
		}
		if (te && git_tree_lookup(&sub, w->g->repo, git_tree_entry_id(te)) < 0) {
			bl_error_set(err, "cannot read a tree of HEAD: %s", last_error());
			return BL_ERR;
		}
		rc = walk_dir(w, sub, child, plen + nlen + 1, i, j, err);
		git_tree_free(sub);
		i = j;
	}
	return rc;
}

static int staged_from_index(struct bl_git *g, git_tree *head,
			     const struct merge_heads *mh, struct bl_git_changes *out,
			     struct bl_error *err)
{
	struct bl_gitindex ix;
	struct walk w = { g, &ix, mh, out, 0 };
	size_t i;
	int rc = bl_gitindex_read(&ix, g->index_path, err);

	if (rc != BL_OK)
		goto done;
	for (i = 0; i < ix.count; i++) {
		if (bl_gitindex_stage(&ix, &ix.entries[i])) {
			rc = bl_error_set(err, "'%s' has unresolved merge conflicts; resolve "
					  "them and 'git add' the file, then commit",
					  ix.entries[i].path);
			goto done;
		}
	}
	/* a root cache tree equal to HEAD's tree: nothing is staged */
	if (head && ix.tree && ix.tree->entry_count >= 0 &&
	    memcmp(ix.tree->id, git_tree_id(head)->id, 20) == 0)
		goto done;
	rc = walk_dir(&w, head, ix.tree, 0, 0, ix.count, err);
done:
	bl_gitindex_release(&ix);
	return rc;
}

int bl_git_staged(struct bl_git *g, struct bl_git_changes *out,
		  struct bl_error *err)
{
	git_diff_options opts;
	git_tree *head = NULL;
	git_diff *diff = NULL;
	git_index *index = NULL;
	struct merge_heads mh = { .repo = g->repo };
	size_t i, n, cap = 0;
	int rc = BL_ERR;

	memset(out, 0, sizeof(*out));
	git_diff_options_init(&opts, GIT_DIFF_OPTIONS_VERSION);
	if (git_repository_is_bare(g->repo))
		return bl_error_set(err,
				    "'%s' is a bare repository: it has no staged files to "
				    "check; run this in a working tree, or lint with --diff=REV",
				    git_repository_path(g->repo));
	if (head_tree(g, &head, err) < 0)
		return BL_ERR;
	if (git_repository_state(g->repo) == GIT_REPOSITORY_STATE_MERGE) {
		git_repository_mergehead_foreach(g->repo, collect_merge_head, &mh);
		out->merging = mh.n > 0;
	}
	rc = staged_from_index(g, head, &mh, out, err);
	if (rc != BL_GITINDEX_UNSUPPORTED)
		goto cleanup;

	/* an index form gitindex.c leaves to libgit2 */
	rc = BL_ERR;
	if (get_index(g, &index, err) < 0)
		goto cleanup;
	if (git_index_has_conflicts(index)) {
		conflicts_error(index, err);
		goto cleanup;
	}
	/* names and ids only: no content is read for the listing */
	opts.flags = GIT_DIFF_SKIP_BINARY_CHECK;
	if (git_diff_tree_to_index(&diff, g->repo, head, index, &opts) < 0) {
		bl_error_set(err, "cannot compare the index with HEAD: %s", last_error());
		goto cleanup;
	}
	n = git_diff_num_deltas(diff);
	for (i = 0; i < n; i++) {
		const git_diff_delta *d = git_diff_get_delta(diff, i);
		const git_index_entry *e;

		if (!lintable(d))
			continue;
		e = git_index_get_bypath(index, d->new_file.path, 0);
		if (e && (e->flags_extended & GIT_INDEX_ENTRY_INTENT_TO_ADD))
			continue;
		if (out->merging && same_in_merge_head(&mh, d->new_file.path, &d->new_file.id))
			continue;
		add_file(out, &cap, d);
	}
	rc = BL_OK;
cleanup:
	for (i = 0; i < mh.n; i++)
		git_tree_free(mh.trees[i]);
	git_diff_free(diff);
	git_tree_free(head);
	if (rc < 0)
		bl_git_changes_release(out);
	return rc;
}

static int peel_commit(git_repository *repo, const char *spec, git_commit **out)
{
	git_object *obj = NULL, *peeled = NULL;
	int rc;

	if ((rc = git_revparse_single(&obj, repo, spec)) < 0)
		return rc;
	rc = git_object_peel(&peeled, obj, GIT_OBJECT_COMMIT);
	git_object_free(obj);
	*out = (git_commit *)peeled;
	return rc;
}

static int collect_hunks(struct bl_git_file *f, git_patch *patch)
{
	size_t h, nh = git_patch_num_hunks(patch), lines, cap = 0;
	const git_diff_hunk *hunk;

	for (h = 0; h < nh; h++) {
		struct bl_git_range r;

		if (git_patch_get_hunk(&hunk, &lines, patch, h) < 0)
			return -1;
		if (hunk->new_lines > 0) {
			r.first = (uint32_t)hunk->new_start;
			r.last = (uint32_t)(hunk->new_start + hunk->new_lines - 1);
		} else {
			/* a pure deletion: the line it follows counts as changed */
			r.first = r.last = hunk->new_start > 0 ? (uint32_t)hunk->new_start : 1;
		}
		BL_GROW(f->changed, f->nchanged + 1, cap);
		f->changed[f->nchanged++] = r;
	}
	return 0;
}

static int no_merge_base(struct bl_git *g, const char *rev, struct bl_error *err)
{
	if (git_repository_is_shallow(g->repo))
		return bl_error_set(err,
				    "the clone is shallow and does not reach the merge base of "
				    "'%s' and HEAD; fetch more history (git fetch --unshallow, or "
				    "fetch-depth: 0 in actions/checkout) and run again", rev);
	return bl_error_set(err,
			    "'%s' and HEAD have no common ancestor (unrelated histories, or "
			    "history missing from the clone); fetch more history (git fetch "
			    "--unshallow, or fetch-depth: 0 in actions/checkout) or compare "
			    "with another revision", rev);
}

int bl_git_changed_since(struct bl_git *g, const char *rev,
			 struct bl_git_changes *out, struct bl_error *err)
{
	git_diff_options opts;
	git_diff_find_options fopts;
	git_commit *other = NULL, *head = NULL, *basec = NULL;
	git_tree *base_tree = NULL, *head_tree_ = NULL;
	git_diff *diff = NULL;
	git_oid base;
	char hex[GIT_OID_HEXSZ + 1];
	size_t i, n, cap = 0;
	int rc = BL_ERR;

	memset(out, 0, sizeof(*out));
	git_diff_options_init(&opts, GIT_DIFF_OPTIONS_VERSION);
	git_diff_find_options_init(&fopts, GIT_DIFF_FIND_OPTIONS_VERSION);
	if (peel_commit(g->repo, rev, &other) < 0) {
		bl_error_set(err, "unknown revision '%s': %s; check the name, or fetch it "
			     "first (for example: git fetch origin main)", rev, last_error());
		goto cleanup;
	}
	if (peel_commit(g->repo, "HEAD", &head) < 0) {
		bl_error_set(err, "cannot read HEAD: %s", last_error());
		goto cleanup;
	}
	if (git_merge_base(&base, g->repo, git_commit_id(other), git_commit_id(head)) < 0) {
		no_merge_base(g, rev, err);
		goto cleanup;
	}
	git_oid_tostr(hex, sizeof(hex), &base);
	out->base = bl_xstrdup(hex);
	if (git_commit_lookup(&basec, g->repo, &base) < 0 ||
	    git_commit_tree(&base_tree, basec) < 0 ||
	    git_commit_tree(&head_tree_, head) < 0) {
		bl_error_set(err, "cannot read the trees of %s and HEAD: %s", hex, last_error());
		goto cleanup;
	}
	opts.context_lines = 0;
	opts.interhunk_lines = 0;
	opts.flags = GIT_DIFF_FORCE_TEXT;
	fopts.flags = GIT_DIFF_FIND_RENAMES;
	if (git_diff_tree_to_tree(&diff, g->repo, base_tree, head_tree_, &opts) < 0 ||
	    git_diff_find_similar(diff, &fopts) < 0) {
		bl_error_set(err, "cannot compare %s with HEAD: %s", hex, last_error());
		goto cleanup;
	}
	n = git_diff_num_deltas(diff);
	for (i = 0; i < n; i++) {
		const git_diff_delta *d = git_diff_get_delta(diff, i);
		git_patch *patch = NULL;
		struct bl_git_file *f;

		if (!lintable(d))
			continue;
		f = add_file(out, &cap, d);
		if (git_patch_from_diff(&patch, diff, i) < 0 || collect_hunks(f, patch) < 0) {
			git_patch_free(patch);
			bl_error_set(err, "cannot compare '%s': %s", f->path, last_error());
			goto cleanup;
		}
		git_patch_free(patch);
	}
	rc = BL_OK;
cleanup:
	git_diff_free(diff);
	git_tree_free(base_tree);
	git_tree_free(head_tree_);
	git_commit_free(basec);
	git_commit_free(head);
	git_commit_free(other);
	if (rc < 0)
		bl_git_changes_release(out);
	return rc;
}

/* BL_OK when a blob of size bytes may be read for f, else BL_ERR with the
 * reason: over --max-file-size, or 4 GiB or more (a source's limit). */
static int size_error(const struct bl_git_file *f, git_object_size_t size, size_t max_size,
		      struct bl_error *err)
{
	if (max_size && size > max_size)
		return bl_error_set(err, "'%s' is larger than %zu bytes; raise "
				    "--max-file-size to check it", f->path, max_size);
	if (size >= UINT32_MAX)
		return bl_error_set(err, "'%s' is too large to check", f->path);
	return BL_OK;
}

/* A loose blob (what 'git add' has just written) inflated straight into
 * the source's own buffer: 1 when read, 0 when it is not loose (or not a
 * blob: the caller's lookup says what is wrong), BL_ERR with a message
 * (size_error()). */
static int read_loose(struct bl_git *g, const struct bl_git_file *f, const git_oid *id,
		      size_t max_size, struct bl_source **out, struct bl_error *err)
{
	git_odb *odb = NULL;
	git_odb_stream *st = NULL;
	git_object_size_t size;
	git_object_t type;
	char *buf;
	size_t got = 0;
	int n, rc = 0;

	if (git_repository_odb(&odb, g->repo) < 0)
		return 0;
	if (git_odb_open_rstream(&st, &size, &type, odb, id) < 0 || type != GIT_OBJECT_BLOB) {
		git_error_clear();
		goto done;
	}
	if ((rc = size_error(f, size, max_size, err)) < 0)
		goto done;
	buf = bl_xmalloc_whole((size_t)size + BL_SOURCE_PAD);
	while (got < size && (n = git_odb_stream_read(st, buf + got, (size_t)size - got)) > 0)
		got += (size_t)n;
	if (got != size) {
		free(buf);
		git_error_clear();
		goto done;   /* the lookup reads it again, and reports */
	}
	*out = bl_source_adopt(f->path, buf, (size_t)size);
	rc = 1;
done:
	if (st)
		git_odb_stream_free(st);
	git_odb_free(odb);
	return rc;
}

int bl_git_read(struct bl_git *g, const struct bl_git_file *f, size_t max_size,
		struct bl_source **out, struct bl_error *err)
{
	git_blob *blob = NULL;
	git_oid id;
	git_object_size_t size;
	int rc;

	*out = NULL;
	memcpy(id.id, f->id, sizeof(f->id));
	if ((rc = read_loose(g, f, &id, max_size, out, err)) != 0)
		return rc < 0 ? rc : BL_OK;
	if (git_blob_lookup(&blob, g->repo, &id) < 0)
		return bl_error_set(err, "cannot read '%s' from the repository: %s",
				    f->path, last_error());
	size = git_blob_rawsize(blob);
	if (size_error(f, size, max_size, err) < 0) {
		git_blob_free(blob);
		return BL_ERR;
	}
	*out = bl_source_new(f->path, git_blob_rawcontent(blob), (size_t)size);
	git_blob_free(blob);
	return BL_OK;
}

/* ---- changed lines ----------------------------------------------------- */

bool bl_git_lines_changed(const struct bl_git_file *f, unsigned first,
			  unsigned last)
{
	size_t lo = 0, hi = f->nchanged;

	/* ranges are in ascending order: find the first one ending at or
	 * after first, then see whether it starts by last */
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (f->changed[mid].last < first)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < f->nchanged && f->changed[lo].first <= last;
}

/* The lines [first, last] spanned by the bytes [start, end). */
static void span_lines(const struct bl_source *src, uint32_t start, uint32_t end,
		       unsigned *first, unsigned *last)
{
	unsigned col;

	bl_source_locate(src, start, first, &col);
	if (end <= start) {
		*last = *first;
		return;
	}
	bl_source_locate(src, end - 1, last, &col);
}

static bool entry_changed(const struct bl_git_file *f, const struct bl_source *src,
			  const struct bl_entry *e)
{
	unsigned a, b;

	span_lines(src, e->start, e->end, &a, &b);
	return bl_git_lines_changed(f, a, b);
}

/* The entry of src's list holding byte offset off, or NULL. */
static const struct bl_entry *entry_at(const struct bl_source *src, uint32_t off)
{
	const struct bl_list *l = src->list;
	size_t lo = 0, hi;

	if (!l || !l->count)
		return NULL;
	hi = l->count;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (l->entries[mid].end <= off)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo < l->count && l->entries[lo].start <= off && off < l->entries[lo].end)
		return &l->entries[lo];
	return NULL;
}

void bl_git_filter_findings(const struct bl_git_file *f, struct bl_result *res)
{
	const struct bl_source *src = res->src;
	size_t i, kept = 0;

	for (i = 0; i < res->count; i++) {
		const struct bl_finding *x = &res->findings[i];
		const struct bl_entry *other;
		unsigned a, b;
		bool keep;

		span_lines(src, x->start, x->end, &a, &b);
		keep = bl_git_lines_changed(f, a, b);
		if (!keep && x->entry)
			keep = entry_changed(f, src, x->entry);
		if (!keep && x->has_related && x->related_src == src) {
			other = entry_at(src, x->related_start);
			keep = other ? entry_changed(f, src, other)
				     : (span_lines(src, x->related_start, x->related_start,
						   &a, &b),
					bl_git_lines_changed(f, a, b));
		}
		if (!keep && x->entry && src->list &&
		    strncmp(bl_rules[x->rule]->id, "order/", 6) == 0) {
			/* an ordering finding: the entries beside the one out
			 * of place take part in it too (as does the one it
			 * names, above) */
			const struct bl_list *l = src->list;
			uintptr_t at = (uintptr_t)x->entry, base = (uintptr_t)l->entries;
			size_t k = (at - base) / sizeof(*l->entries);

			if (at >= base && k < l->count)
				keep = (k > 0 && entry_changed(f, src, &l->entries[k - 1])) ||
				       (k + 1 < l->count &&
					entry_changed(f, src, &l->entries[k + 1]));
		}
		if (keep)
			res->findings[kept++] = *x;
	}
	res->count = kept;
}

/* ---- the pre-commit hook ----------------------------------------------- */

#define HOOK_MARKER "# biblint pre-commit hook"
#define CHAINED_SUFFIX ".biblint-chained"
#define SAVED_SUFFIX ".biblint-saved"

static const char hook_head[] =
	"#!/bin/sh\n"
	HOOK_MARKER ": checks the staged reference lists.\n"
	"# Written by 'biblint install-hook'; 'biblint uninstall-hook' removes it.\n"
	"# Skip it for one commit with 'git commit --no-verify'.\n"
	"chained=\"${0%/*}/pre-commit" CHAINED_SUFFIX "\"\n"
	"if [ -x \"$chained\" ]; then\n"
	"\t\"$chained\" \"$@\" || exit $?\n"
	"fi\n"
	"biblint=";
static const char hook_tail[] =
	"\n"
	"if [ -z \"$biblint\" ] || [ ! -x \"$biblint\" ]; then\n"
	"\tbiblint=biblint\n"
	"\tif ! command -v biblint >/dev/null 2>&1; then\n"
	"\t\techo \"pre-commit: biblint is not installed or not on PATH;\" \\\n"
	"\t\t     \"reinstall it, or skip the check with 'git commit --no-verify'\" >&2\n"
	"\t\texit 1\n"
	"\tfi\n"
	"fi\n"
	"exec \"$biblint\" --staged\n";

char *bl_git_hook_script(const char *binary)
{
	struct bl_strbuf sb = BL_STRBUF_INIT;
	const char *p;

	bl_strbuf_addstr(&sb, hook_head);
	bl_strbuf_addch(&sb, '\'');
	for (p = binary ? binary : ""; *p; p++) {
		if (*p == '\'')
			bl_strbuf_addstr(&sb, "'\\''");
		else
			bl_strbuf_addch(&sb, *p);
	}
	bl_strbuf_addch(&sb, '\'');
	bl_strbuf_addstr(&sb, hook_tail);
	return bl_strbuf_detach(&sb, NULL);
}

/* The directory git runs hooks from, with a final slash (heap). */
static int hooks_dir(struct bl_git *g, char **out, struct bl_error *err)
{
	git_config *cfg = NULL;
	git_buf buf = { 0 };
	const char *base;
	int rc;

	*out = NULL;
	if (git_repository_config_snapshot(&cfg, g->repo) < 0)
		return bl_error_set(err, "cannot read the git configuration: %s", last_error());
	rc = git_config_get_path(&buf, cfg, "core.hooksPath");
	if (rc == 0 && buf.ptr && *buf.ptr) {
		/* relative to where hooks run: the top of the working tree,
		 * or the git directory of a bare repository */
		base = git_repository_workdir(g->repo);
		if (!base)
			base = git_repository_path(g->repo);
		if (buf.ptr[0] == '/')
			*out = bl_xasprintf("%s%s", buf.ptr,
					    bl_has_suffix_ci(buf.ptr, "/") ? "" : "/");
		else
			*out = bl_xasprintf("%s%s%s", base, buf.ptr,
					    bl_has_suffix_ci(buf.ptr, "/") ? "" : "/");
	} else {
		*out = bl_xasprintf("%shooks/", git_repository_commondir(g->repo));
	}
	git_buf_dispose(&buf);
	git_config_free(cfg);
	return BL_OK;
}

static int mkdirs(char *path)
{
	char *p;

	for (p = path + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(path, 0777) < 0 && errno != EEXIST) {
			*p = '/';
			return -1;
		}
		*p = '/';
	}
	return 0;
}

static bool exists(const char *path)
{
	struct stat st;

	return lstat(path, &st) == 0;
}

/* 1 when path is a hook biblint wrote, 0 when it is another, -1 when it
 * cannot be read. */
static int is_ours(const char *path)
{
	char buf[512];
	ssize_t n;
	int fd = open(path, O_RDONLY);

	if (fd < 0)
		return -1;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n < 0)
		return -1;
	buf[n] = '\0';
	return strstr(buf, HOOK_MARKER) != NULL;
}

static int write_hook(const char *path, const char *text, struct bl_error *err)
{
	char *tmp = bl_xasprintf("%s.biblint-tmp", path);
	size_t len = strlen(text);
	int fd, rc = BL_ERR;

	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC, 0755);
	if (fd < 0) {
		bl_error_set(err, "cannot write '%s': %s", tmp, strerror(errno));
		goto cleanup;
	}
	if (write(fd, text, len) != (ssize_t)len || fchmod(fd, 0755) < 0 || fsync(fd) < 0) {
		bl_error_set(err, "cannot write '%s': %s", tmp, strerror(errno));
		close(fd);
		unlink(tmp);
		goto cleanup;
	}
	close(fd);
	if (rename(tmp, path) < 0) {
		bl_error_set(err, "cannot create '%s': %s", path, strerror(errno));
		unlink(tmp);
		goto cleanup;
	}
	rc = BL_OK;
cleanup:
	free(tmp);
	return rc;
}

int bl_git_hook_install(struct bl_git *g, const char *binary,
			enum bl_hook_mode mode, char **done, struct bl_error *err)
{
	char *dir = NULL, *hook = NULL, *chained = NULL, *saved = NULL, *text = NULL;
	const char *kept = NULL;
	int rc = BL_ERR, ours;

	*done = NULL;
	if (hooks_dir(g, &dir, err) < 0)
		return BL_ERR;
	hook = bl_xasprintf("%spre-commit", dir);
	chained = bl_xasprintf("%s%s", hook, CHAINED_SUFFIX);
	saved = bl_xasprintf("%s%s", hook, SAVED_SUFFIX);
	if (mkdirs(dir) < 0) {
		bl_error_set(err, "cannot create the hooks directory '%s': %s", dir,
			     strerror(errno));
		goto cleanup;
	}
	ours = exists(hook) ? is_ours(hook) : 1;
	if (ours < 0) {
		bl_error_set(err, "cannot read '%s': %s", hook, strerror(errno));
		goto cleanup;
	}
	if (!ours) {
		const char *aside = mode == BL_HOOK_CHAIN ? chained : saved;

		if (mode == BL_HOOK_REFUSE) {
			bl_error_set(err, "'%s' already exists and was not written by biblint; "
				     "run 'biblint install-hook --chain' to keep it and run it "
				     "first, or '--force' to set it aside (uninstall-hook puts "
				     "it back)", hook);
			goto cleanup;
		}
		if (exists(chained) || exists(saved)) {
			bl_error_set(err, "'%s' exists from an earlier install; move it away "
				     "first", exists(chained) ? chained : saved);
			goto cleanup;
		}
		if (rename(hook, aside) < 0) {
			bl_error_set(err, "cannot move '%s' to '%s': %s", hook, aside,
				     strerror(errno));
			goto cleanup;
		}
		kept = aside;
	}
	text = bl_git_hook_script(binary);
	if (write_hook(hook, text, err) < 0) {
		if (kept)
			rename(kept, hook);
		goto cleanup;
	}
	if (kept && mode == BL_HOOK_CHAIN)
		*done = bl_xasprintf("installed the pre-commit hook '%s'; the previous "
				     "hook, now '%s', runs first", hook, kept);
	else if (kept)
		*done = bl_xasprintf("installed the pre-commit hook '%s'; the previous "
				     "hook was set aside as '%s'", hook, kept);
	else
		*done = bl_xasprintf("installed the pre-commit hook '%s'", hook);
	rc = BL_OK;
cleanup:
	free(text);
	free(saved);
	free(chained);
	free(hook);
	free(dir);
	return rc;
}

int bl_git_hook_uninstall(struct bl_git *g, char **done, struct bl_error *err)
{
	char *dir = NULL, *hook = NULL, *chained = NULL, *saved = NULL;
	const char *back = NULL;
	int rc = BL_ERR, ours;

	*done = NULL;
	if (hooks_dir(g, &dir, err) < 0)
		return BL_ERR;
	hook = bl_xasprintf("%spre-commit", dir);
	chained = bl_xasprintf("%s%s", hook, CHAINED_SUFFIX);
	saved = bl_xasprintf("%s%s", hook, SAVED_SUFFIX);
	if (!exists(hook)) {
		*done = bl_xasprintf("no pre-commit hook in '%s'; nothing to remove", dir);
		rc = BL_OK;
		goto cleanup;
	}
	ours = is_ours(hook);
	if (ours <= 0) {
		bl_error_set(err, "'%s' was not written by biblint; leaving it alone", hook);
		goto cleanup;
	}
	if (unlink(hook) < 0) {
		bl_error_set(err, "cannot remove '%s': %s", hook, strerror(errno));
		goto cleanup;
	}
	if (exists(chained))
		back = chained;
	else if (exists(saved))
		back = saved;
	if (back && rename(back, hook) < 0) {
		bl_error_set(err, "removed '%s' but cannot put '%s' back: %s", hook, back,
			     strerror(errno));
		goto cleanup;
	}
	if (back)
		*done = bl_xasprintf("removed the biblint pre-commit hook; '%s' is back "
				     "in place", hook);
	else
		*done = bl_xasprintf("removed the pre-commit hook '%s'", hook);
	rc = BL_OK;
cleanup:
	free(saved);
	free(chained);
	free(hook);
	free(dir);
	return rc;
}
