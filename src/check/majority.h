/*
 * majority.h - "the list's own convention": counts which form of something
 * (a DOI prefix, a page prefix, a dash...) each entry uses, and names the
 * form most entries share, for styles that leave the choice open.
 *
 * A form is the list's convention only when more than half of the entries
 * that use any form use it; a tie, or a spread where no form has more than
 * half, yields none, and nothing should be reported then.
 *
 * Usage: bl_majority_init(), bl_majority_add() once per entry with the
 * form it uses (forms are compared as strings; the label strings must
 * outlive the tally), then bl_majority_winner() and, for the message,
 * bl_majority_describe().
 */
#ifndef BL_CHECK_MAJORITY_H
#define BL_CHECK_MAJORITY_H

#include "../rule.h"

#define BL_MAJORITY_MAX 16

struct bl_majority {
	const char *forms[BL_MAJORITY_MAX];
	size_t count[BL_MAJORITY_MAX];
	size_t nforms;
	size_t total;
};

void bl_majority_init(struct bl_majority *m);
/* Counts one entry using form; returns the form's index, or -1 when there
 * are already BL_MAJORITY_MAX other forms (then it is counted in the total
 * only, which can only weaken a majority). */
int bl_majority_add(struct bl_majority *m, const char *form);
/* The index of the form held by more than half of the entries counted, or
 * -1 (a tie, no clear majority, or fewer than two entries). */
int bl_majority_winner(const struct bl_majority *m);
/* "14 of 16 entries <verb> <label>", e.g. with verb "write DOIs as" and
 * label "`https://doi.org/…`"; in the source's arena. */
const char *bl_majority_describe(struct bl_ctx *ctx, const struct bl_majority *m,
				 int winner, const char *verb, const char *label);

#endif
