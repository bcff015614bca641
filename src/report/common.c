/*
 * common.c - positions and entry names shared by the output formats.
 */
#include "report.h"

#include "../banned.h"

void bl_finding_position(const struct bl_source *src, const struct bl_finding *f,
			 struct bl_position *pos)
{
	bl_source_locate(src, f->start, &pos->line, &pos->col);
	bl_source_locate(src, f->end, &pos->end_line, &pos->end_col);
}

const struct bl_value *bl_finding_entry_id(const struct bl_finding *f)
{
	if (!f->entry || !f->entry->id.text)
		return NULL;
	return &f->entry->id;
}
