/*
 * markdown.h - the parts of a Pandoc Markdown file: YAML metadata blocks,
 * fenced code, and prose.
 *
 * A metadata block is a line `---` at the start of the file or after a
 * blank line, whose next line is not blank, closed by `---` or `...`.
 * Code fences are ``` or ~~~ (up to three spaces of indent). Everything
 * else is prose.
 */
#ifndef BL_INPUT_MARKDOWN_H
#define BL_INPUT_MARKDOWN_H

#include "../biblint.h"

enum bl_md_region {
	BL_MD_PROSE,      /* one line of text */
	BL_MD_METADATA,   /* the body of a metadata block, without its fences */
	BL_MD_CODE,       /* one line inside a fenced code block (or a fence) */
};

/* Calls fn for each region of src in order, with its byte span. */
void bl_markdown_regions(const struct bl_source *src,
			 void (*fn)(enum bl_md_region kind, uint32_t start,
				    uint32_t end, void *arg),
			 void *arg);

/* True when the metadata block body [p, end) has the top-level key
 * (written "key:"). */
bool bl_markdown_has_key(const char *p, const char *end, const char *key);

#endif
