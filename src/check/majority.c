/*
 * majority.c - tallies of the forms a list uses, and the form that is the
 * list's own convention (see majority.h).
 */
#include "majority.h"

#include <string.h>

#include "../banned.h"

void bl_majority_init(struct bl_majority *m)
{
	memset(m, 0, sizeof(*m));
}

int bl_majority_add(struct bl_majority *m, const char *form)
{
	size_t i;

	m->total++;
	for (i = 0; i < m->nforms; i++) {
		if (strcmp(m->forms[i], form) == 0) {
			m->count[i]++;
			return (int)i;
		}
	}
	if (m->nforms == BL_MAJORITY_MAX)
		return -1;
	m->forms[m->nforms] = form;
	m->count[m->nforms] = 1;
	return (int)m->nforms++;
}

int bl_majority_winner(const struct bl_majority *m)
{
	size_t i;

	if (m->total < 2)
		return -1;
	for (i = 0; i < m->nforms; i++)
		if (m->count[i] * 2 > m->total)
			return (int)i;
	return -1;
}

const char *bl_majority_describe(struct bl_ctx *ctx, const struct bl_majority *m,
				 int winner, const char *verb, const char *label)
{
	if (winner < 0 || (size_t)winner >= m->nforms)
		BL_BUG("no majority to describe");
	return bl_arena_printf(&ctx->src->arena, "%zu of %zu entries %s %s",
			       m->count[winner], m->total, verb, label);
}
