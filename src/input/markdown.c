/*
 * markdown.c - splitting a Pandoc Markdown file into metadata blocks,
 * fenced code and prose lines.
 */
#include "markdown.h"

#include <string.h>

#include "../banned.h"

static bool line_is(const char *p, const char *eol, const char *word)
{
	size_t n = strlen(word);

	if ((size_t)(eol - p) < n || memcmp(p, word, n) != 0)
		return false;
	for (p += n; p < eol; p++)
		if (*p != ' ' && *p != '\t' && *p != '\r')
			return false;
	return true;
}

static bool line_blank(const char *p, const char *eol)
{
	for (; p < eol; p++)
		if (*p != ' ' && *p != '\t' && *p != '\r')
			return false;
	return true;
}

static const char *eol_of(const char *p, const char *end)
{
	const char *nl = memchr(p, '\n', (size_t)(end - p));

	return nl ? nl : end;
}

static const char *next_line(const char *eol, const char *end)
{
	return eol < end ? eol + 1 : end;
}

/* A code fence opener/closer: up to three spaces, then ``` or ~~~. */
static char fence_of(const char *p, const char *eol)
{
	int i;

	for (i = 0; i < 3 && p < eol && *p == ' '; i++)
		p++;
	if (eol - p >= 3 && (p[0] == '`' || p[0] == '~') && p[1] == p[0] && p[2] == p[0])
		return p[0];
	return 0;
}

bool bl_markdown_has_key(const char *p, const char *end, const char *key)
{
	const size_t n = strlen(key);

	while (p < end) {
		const char *eol = eol_of(p, end);

		if ((size_t)(eol - p) > n && memcmp(p, key, n) == 0 && p[n] == ':' &&
		    (eol - p == (ptrdiff_t)n + 1 || p[n + 1] == ' ' || p[n + 1] == '\t' ||
		     p[n + 1] == '\r'))
			return true;
		p = next_line(eol, end);
	}
	return false;
}

void bl_markdown_regions(const struct bl_source *src,
			 void (*fn)(enum bl_md_region kind, uint32_t start,
				    uint32_t end, void *arg),
			 void *arg)
{
	const char *data = src->data;
	const char *p = data + src->bom, *end = data + src->len;
	bool prev_blank = true;
	char fence = 0;

#define OFF(x) ((uint32_t)((x) - data))
	while (p < end) {
		const char *eol = eol_of(p, end);
		const char *body, *q;
		char fc = fence_of(p, eol);

		if (fence || fc) {
			if (fence && fc == fence)
				fence = 0;
			else if (!fence)
				fence = fc;
			fn(BL_MD_CODE, OFF(p), OFF(eol), arg);
			prev_blank = false;
			p = next_line(eol, end);
			continue;
		}
		if (!prev_blank || !line_is(p, eol, "---")) {
			fn(BL_MD_PROSE, OFF(p), OFF(eol), arg);
			prev_blank = line_blank(p, eol);
			p = next_line(eol, end);
			continue;
		}
		body = next_line(eol, end);
		if (body >= end || line_blank(body, eol_of(body, end))) {
			fn(BL_MD_PROSE, OFF(p), OFF(eol), arg);
			prev_blank = false;
			p = body;
			continue;
		}
		for (q = body; q < end; q = next_line(eol_of(q, end), end)) {
			const char *qe = eol_of(q, end);

			if (line_is(q, qe, "---") || line_is(q, qe, "..."))
				break;
		}
		if (q >= end) {
			/* no closing line: a thematic break, not metadata */
			fn(BL_MD_PROSE, OFF(p), OFF(eol), arg);
			prev_blank = false;
			p = body;
			continue;
		}
		fn(BL_MD_METADATA, OFF(body), OFF(q), arg);
		prev_blank = false;
		p = next_line(eol_of(q, end), end);
	}
#undef OFF
}
