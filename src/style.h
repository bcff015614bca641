/*
 * style.h - a style: the house rules every check is parameterised by.
 *
 * Styles are data files (rules/styles/NAME.yml) loaded by style.c. A
 * NULL or empty setting means "infer the list's own majority convention".
 */
#ifndef BL_STYLE_H
#define BL_STYLE_H

#include "biblint.h"

enum bl_order_mode {
	BL_ORDER_AUTO = 0,   /* check only a list that is already mostly sorted */
	BL_ORDER_SORTED,     /* the list must be in author-year order */
	BL_ORDER_NONE,       /* a database: order does not matter */
};

struct bl_style {
	char *name;
	char *path;              /* file it was loaded from; NULL for built-ins */
	char *locale;            /* collation locale, e.g. "en", "ru" */
	enum bl_order_mode order;
	bool cyrillic_first;     /* Cyrillic entries sort before Latin ones */
	char *range_dash;        /* in text fields: "–" (default) or "-" */
	char *translit_scheme;   /* scheme id; NULL: infer */
};

/* The built-in default style (infers conventions). Never freed. */
const struct bl_style *bl_style_default(void);

/* A style by name from the data directory, loaded once and kept for the
 * process; NULL when there is none. For tests and examples. */
const struct bl_style *bl_style_find_for_tests(const char *name);

#endif
