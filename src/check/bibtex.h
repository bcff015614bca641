/*
 * bibtex.h - what other rule families may ask about a BibTeX source.
 */
#ifndef BL_CHECK_BIBTEX_H
#define BL_CHECK_BIBTEX_H

#include "../biblint.h"

/* True when the list uses an entry type or a field that only BibLaTeX has
 * (@online, date, journaltitle, langid...), so that it is meant for
 * BibLaTeX and biber: biber, for instance, normalises the dash of a page
 * range itself. Linear in the number of fields. */
bool bl_bibtex_uses_biblatex(const struct bl_list *list);

struct bl_ctx;
/* The same for the source of a check, worked out once per source with the
 * model fields of each entry (ctx->bibtex_dialect, ctx->bibtex_masks):
 * true for BibLaTeX. */
bool bl_bibtex_ctx_biblatex(struct bl_ctx *ctx);

#endif
