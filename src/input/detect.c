/*
 * detect.c - choose a reader: by the path's extension, then by content.
 */
#include "input.h"

#include <string.h>

#include "../banned.h"

static const struct {
	const char *ext;
	enum bl_format fmt;
} extensions[] = {
	{ ".yml", BL_FMT_CSL_YAML },   { ".yaml", BL_FMT_CSL_YAML },
	{ ".json", BL_FMT_CSL_JSON },  { ".bib", BL_FMT_BIBTEX },
	{ ".bibtex", BL_FMT_BIBTEX },  { ".md", BL_FMT_MARKDOWN },
	{ ".markdown", BL_FMT_MARKDOWN }, { ".txt", BL_FMT_FORMATTED },
};

static bool line_starts_with(const char *p, const char *end, const char *word)
{
	size_t n = strlen(word);

	return (size_t)(end - p) >= n && memcmp(p, word, n) == 0;
}

static enum bl_format detect_content(const struct bl_source *src)
{
	const char *p = src->data + src->bom, *end = src->data + src->len;
	const char *q;

	while (p < end && (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r'))
		p++;
	if (p == end)
		return BL_FMT_CSL_YAML;
	if (*p == '[' || *p == '{')
		return BL_FMT_CSL_JSON;
	if (*p == '@' || *p == '%')
		return BL_FMT_BIBTEX;
	if (line_starts_with(p, end, "---")) {
		/* YAML document, or Markdown whose metadata block is followed by
		 * prose: look for the closing fence and text after it */
		q = p + 3;
		while (q < end) {
			const char *nl = memchr(q, '\n', (size_t)(end - q));

			if (!nl)
				break;
			q = nl + 1;
			if (line_starts_with(q, end, "---") || line_starts_with(q, end, "...")) {
				const char *r = q + 3;

				while (r < end && (*r == ' ' || *r == '\t' || *r == '\r' || *r == '\n'))
					r++;
				if (r < end && !line_starts_with(r, end, "---"))
					return BL_FMT_MARKDOWN;
				break;
			}
		}
		return BL_FMT_CSL_YAML;
	}
	if (*p == '#') {
		/* a YAML comment or a Markdown heading */
		if (p + 1 < end && (p[1] == ' ' || p[1] == '#')) {
			q = memchr(p, '\n', (size_t)(end - p));
			if (q && memchr(q, ':', (size_t)(end - q)) == NULL)
				return BL_FMT_MARKDOWN;
		}
		return BL_FMT_CSL_YAML;
	}
	if (line_starts_with(p, end, "- ") || line_starts_with(p, end, "references:"))
		return BL_FMT_CSL_YAML;
	return BL_FMT_FORMATTED;
}

enum bl_format bl_detect_format(const struct bl_source *src)
{
	size_t i;

	for (i = 0; i < BL_ARRAY_SIZE(extensions); i++)
		if (bl_has_suffix_ci(src->path, extensions[i].ext))
			return extensions[i].fmt;
	return detect_content(src);
}
