/*
 * suppress.h - inline suppression comments, in the source's own comment
 * syntax:
 *
 *   # biblint: disable=pages/range-dash,doi -- the publisher prints it so
 *   - id: carley2006
 *
 * `#` in CSL-YAML and in a Markdown file's metadata block, `%` in BibTeX;
 * CSL-JSON has no comments. A comment before the first entry applies to
 * the whole file; one inside an entry applies to that entry; any other
 * applies to the next entry. Rules are named by id or by family ("doi",
 * "doi/" + "*"); a reason may follow "--".
 *
 * The engine calls bl_suppress_apply() once the rules have run: it drops
 * the findings the comments silence and reports the comments' own problems
 * (meta/unused-suppression, meta/unknown-rule, meta/bad-suppression).
 */
#ifndef BL_SUPPRESS_H
#define BL_SUPPRESS_H

#include "rule.h"

void bl_suppress_apply(struct bl_ctx *ctx);

#endif
