/*
 * style.h - a style: the house rules every check is parameterised by.
 *
 * Styles are data files (rules/styles/NAME.yml) loaded by style.c; a style
 * may extend another one and override parts of it. A NULL string, an empty
 * list or an *_ANY value means "not set by the style": a check then infers
 * the list's own majority convention (see check/majority.h), or does not
 * check that aspect at all.
 *
 * Ownership: every style returned here is loaded once and kept for the life
 * of the process (bl_style_cache_clear() releases them all); callers never
 * free a style.
 */
#ifndef BL_STYLE_H
#define BL_STYLE_H

#include "biblint.h"

enum bl_order_mode {
	BL_ORDER_AUTO = 0,   /* check only a list that is already mostly sorted */
	BL_ORDER_SORTED,     /* the list must be in author-year order */
	BL_ORDER_NONE,       /* a database: order does not matter */
};

/* How the second number of a page range is written (CSL's
 * page-range-format; "full" is the same as "expanded"). */
enum bl_range_format {
	BL_RANGE_ANY = 0,    /* not set: abbreviations are not checked */
	BL_RANGE_EXPANDED,   /* 321–328 */
	BL_RANGE_MINIMAL,    /* 321–8 */
	BL_RANGE_MINIMAL_TWO,/* 321–28 */
	BL_RANGE_CHICAGO,    /* Chicago Manual of Style, 16th ed.: 321–28, 101–8 */
};

/* How a DOI is presented in a printed reference. */
enum bl_doi_form {
	BL_DOI_ANY = 0,      /* not set: the list's majority */
	BL_DOI_BARE,         /* 10.1080/0959 */
	BL_DOI_LABEL,        /* DOI 10.1080/0959 (doi_label says which label) */
	BL_DOI_URL,          /* https://doi.org/10.1080/0959 */
};

enum bl_initials {
	BL_INITIALS_ANY = 0, /* not set: the list's majority */
	BL_INITIALS_SPACED,  /* M. S. */
	BL_INITIALS_TIGHT,   /* M.S. */
};

/* Fields an entry of one type must have. Each field is a CSL variable
 * name, or alternatives joined by '|' ("author|editor"). */
struct bl_style_required {
	const char *type;          /* CSL type, e.g. "article-journal" */
	const char *const *fields;
	size_t nfields;
};

/* A named ICU regular expression (with named groups) that formatted lists
 * are segmented with; tried in the order given. */
struct bl_style_pattern {
	const char *name;
	const char *regex;
	unsigned line, col;        /* where the style file gives it */
};

struct bl_style {
	char *name;
	char *path;              /* file it was loaded from; NULL for built-ins */
	char *locale;            /* collation locale, e.g. "en", "ru" */
	enum bl_order_mode order;
	bool cyrillic_first;     /* Cyrillic entries sort before Latin ones */
	char *range_dash;        /* in text fields: "–" (default) or "-" */
	char *translit_scheme;   /* scheme id; NULL: infer */

	const char *description; /* one line, for --list-styles */
	const char *parent;      /* the style it extends; NULL when none */
	/* Fields whose text must be romanised (Latin script), by enum bl_key;
	 * all false: the list may be in any script. */
	bool romanised[BL_K__COUNT];
	enum bl_range_format range_format;
	const char *page_prefix;   /* before one page: "p.", "С."; "" none */
	const char *range_prefix;  /* before a page range: "pp.", "С.", "P." */
	const char *total_pages;   /* after a page count: "p." (573 p.), "с." */
	/* The same three for entries in Latin script, when they differ (a
	 * GOST list writes "С. 45–91" but "P. 12–17"); NULL: as above. */
	const char *page_prefix_latin;
	const char *range_prefix_latin;
	const char *total_pages_latin;
	enum bl_doi_form doi_form;
	const char *doi_label;     /* BL_DOI_LABEL: "DOI " (default), "doi:" */
	const char *quote_open;    /* “ or «; NULL: the list's majority */
	const char *quote_close;
	enum bl_initials initials;
	const struct bl_style_required *required;
	size_t nrequired;
	const struct bl_style_pattern *patterns;
	size_t npatterns;
};

/* The built-in default style (infers conventions). Never freed. */
const struct bl_style *bl_style_default(void);

/* Loads a style by name (searched in the data directory's styles/) or by
 * path (anything with a '/' or ending in .yml/.yaml; a relative path is
 * taken from base_dir when not NULL). "default" without a file is the
 * built-in. A malformed file is BL_ERR with "path:line:col: problem". */
int bl_style_load(const struct bl_style **out, const char *name_or_path,
		  const char *base_dir, struct bl_error *err);

/* A style by name from the data directory, loaded once and kept for the
 * process; NULL when there is none. For tests and examples. */
const struct bl_style *bl_style_find_for_tests(const char *name);

/* The data directory holding styles/ and translit/: $BIBLINT_DATADIR, else
 * <binary dir>/../rules, else the build's BL_DATADIR. NULL when none of
 * them exists. The string is static. */
const char *bl_style_datadir(void);

/* The names of the styles in the data directory, sorted; the caller frees
 * each name and the array. */
int bl_style_list(char ***names, size_t *n, struct bl_error *err);

/* The required fields for an entry type, or NULL when the style names none. */
const struct bl_style_required *bl_style_required_for(const struct bl_style *s,
						      const char *type);
/* Compiles every entry pattern of s once; BL_ERR with "path:line:col:" in
 * err for the first that is not a valid ICU regular expression. Patterns
 * of user style files are checked when they load; shipped ones here. */
int bl_style_check_patterns(const struct bl_style *s, struct bl_error *err);
/* A named entry pattern, or NULL. */
const struct bl_style_pattern *bl_style_pattern(const struct bl_style *s,
						const char *name);

/* The end of a page range as the range format writes it: for first=321,
 * last=328, MINIMAL gives "8", MINIMAL_TWO and CHICAGO "28", EXPANDED
 * "328". Numbers are given as decimal digit strings. Returns false when the
 * range is not two plain numbers with first < last, or fmt is ANY. */
bool bl_page_range_end(enum bl_range_format fmt, const char *first,
		       const char *last, char *out, size_t outlen);

/* Releases every loaded style (for leak checks at exit). */
void bl_style_cache_clear(void);

#endif
