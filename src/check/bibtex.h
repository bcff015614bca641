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

#endif
