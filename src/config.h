/*
 * config.h - .biblint.yml: which files are reference lists, the house
 * style, per-rule severities, and per-path overrides; and finding the
 * configuration that applies to each linted file.
 *
 *   style: gost-r-7.0.100-2018        a style name, or a path from here
 *   files: [refs/, "*.bib"]           reference files (globs)
 *   exclude: [vendor/]                never linted when a folder is walked
 *   rules:                            severity by rule id or family
 *     pages: error                    (a family: "pages" or "pages" + "/" + "*")
 *     order/sorted: off
 *   overrides:                        later entries win
 *     - files: [legacy/]
 *       style: apa-7
 *       rules: {doi: warning}
 *   max-file-size: 536870912          limits (0: none); the command line's
 *   max-entries: 20000000             --max-file-size, --max-entries win
 *
 * Globs are relative to the configuration file's folder. A glob without a
 * '/' matches a file name at any depth; `**` matches any number of folders;
 * a glob that matches a folder matches everything under it.
 *
 * The configuration of a file is the nearest .biblint.yml in its folder or
 * above, up to the repository root (a folder holding .git) or the
 * filesystem root, unless one was named with --config.
 */
#ifndef BL_CONFIG_H
#define BL_CONFIG_H

#include "engine.h"

#define BL_CONFIG_NAME ".biblint.yml"

struct bl_config;          /* one parsed file */
struct bl_config_set;      /* a run's configurations, cached by folder */

/* Parses one configuration file. Errors (YAML syntax, unknown keys or
 * rule ids with a suggestion, a style that cannot be loaded) are BL_ERR
 * with "path:line:col: problem" in err. */
int bl_config_load(struct bl_config **out, const char *path, struct bl_error *err);
void bl_config_free(struct bl_config *cfg);
const char *bl_config_path(const struct bl_config *cfg);

/* explicit_path: --config (NULL: discover per file); style: --style (NULL:
 * the configuration's). Both strings must outlive the set. */
struct bl_config_set *bl_config_set_new(const char *explicit_path, const char *style);
void bl_config_set_free(struct bl_config_set *cs);

/* The configuration that applies to path (a file, which need not exist;
 * "-" is standard input, looked up from the current folder); *out is NULL
 * when there is none. The set owns it. */
int bl_config_find(const struct bl_config **out, struct bl_config_set *cs,
		   const char *path, struct bl_error *err);

/* The lint options for path: a copy of base (format, limits, and the
 * severities the command line chose; a rule off in base stays off) with
 * the style and severities of the applying configuration and of its
 * overrides that match path. --style, when given to the set, wins.
 * out->style is never NULL. */
int bl_config_for_path(struct bl_lint_opts *out, struct bl_config_set *cs,
		       const char *path, const struct bl_lint_opts *base,
		       struct bl_error *err);

/* The limits (max-file-size:, max-entries:; 0 is none) of the
 * configuration that applies to path. Each out-parameter that is not NULL
 * is set when the configuration gives that limit, and left alone when it
 * does not. */
int bl_config_limits(size_t *max_file_size, size_t *max_entries,
		     struct bl_config_set *cs, const char *path, struct bl_error *err);

/* Whether path is a reference file: by the applying configuration's
 * `files:` and `exclude:` globs, else by its extension (.yml, .yaml, .json,
 * .md, .markdown, .bib, .bibtex; not a dot file). */
int bl_config_wants(bool *yes, struct bl_config_set *cs, const char *path,
		    struct bl_error *err);

/* Glob matching as described above; path is relative, '/'-separated. */
bool bl_glob_match(const char *pattern, const char *path);

#endif
