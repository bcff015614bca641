/*
 * formatted.c - the reader of printed reference lists: plain text with one
 * reference per line (or per paragraph when the references wrap), and the
 * "References" section of a Markdown file that has no CSL metadata.
 *
 * Each reference becomes an entry whose raw_text is the reference as
 * printed, held in one text field named "reference" whose span is the
 * reference's bytes. A leading number or list marker ("1. ", "[12] ",
 * "- ") is not part of it. The engine then splits the text into fields
 * with the style's entry patterns (segment.h).
 *
 * Paragraph mode: when the text has blank lines between references, a
 * reference runs until the next blank line or list marker, and each line
 * break with the white space around it is read as one space. Such a text
 * is not the file byte for byte; the segmenter maps its parts back to the
 * file, so a part on one line is still exact.
 */
#include "input.h"

#include <stdlib.h>
#include <string.h>

#include "../banned.h"

static const char *const section_names[] = {
	"References", "REFERENCES", "Bibliography", "BIBLIOGRAPHY", "Literature",
	"Works Cited", "Sources", "Reference list", "Reference List",
	"\xd0\xa1\xd0\xbf\xd0\xb8\xd1\x81\xd0\xbe\xd0\xba \xd0\xbb\xd0\xb8\xd1\x82"
	"\xd0\xb5\xd1\x80\xd0\xb0\xd1\x82\xd1\x83\xd1\x80\xd1\x8b",  /* Список литературы */
	"\xd0\x9b\xd0\xb8\xd1\x82\xd0\xb5\xd1\x80\xd0\xb0\xd1\x82\xd1\x83\xd1\x80\xd0\xb0",
	/* Литература */
	"\xd0\xa1\xd1\x81\xd1\x8b\xd0\xbb\xd0\xba\xd0\xb8",          /* Ссылки */
	"\xd0\x91\xd0\xb8\xd0\xb1\xd0\xbb\xd0\xb8\xd0\xbe\xd0\xb3\xd1\x80\xd0\xb0"
	"\xd1\x84\xd0\xb8\xd1\x8f",                                  /* Библиография */
};

struct reader {
	struct bl_ctx *ctx;
	struct bl_builder b;
	size_t max_entries;
	bool stopped;
	/* the reference being collected */
	uint32_t start, end;
	bool open;
};

static const char *eol_of(const char *p, const char *end)
{
	const char *q = memchr(p, '\n', (size_t)(end - p));

	return q ? q : end;
}

/* Trims a line [*p, *e) of spaces and a trailing \r. */
static void trim(const char **p, const char **e)
{
	while (*p < *e && (**p == ' ' || **p == '\t'))
		(*p)++;
	while (*e > *p && ((*e)[-1] == ' ' || (*e)[-1] == '\t' || (*e)[-1] == '\r'))
		(*e)--;
}

/* The heading level of a Markdown line (# count), 0 when none. */
static int heading_level(const char *p, const char *e)
{
	int n = 0;

	while (p < e && *p == '#')
		p++, n++;
	return n > 0 && n <= 6 && (p == e || *p == ' ' || *p == '\t') ? n : 0;
}

/* True when the line after eol underlines a setext heading (=== or ---). */
static bool setext(const char *eol, const char *end)
{
	const char *a, *e;
	char c;

	if (eol >= end)
		return false;
	a = eol + 1;
	e = eol_of(a, end);
	trim(&a, &e);
	if (e - a < 3 || (*a != '=' && *a != '-'))
		return false;
	for (c = *a; a < e; a++)
		if (*a != c)
			return false;
	return true;
}

/* A line that is all bold: "**References**". */
static bool bold(const char *a, const char *e)
{
	return e - a > 4 && a[0] == '*' && a[1] == '*' && e[-1] == '*' && e[-2] == '*';
}

/* True when [p, e) names a reference section: "References", "## Список
 * литературы", "**Bibliography**", "References:". */
static bool section_heading(const char *p, const char *e)
{
	size_t i;

	while (p < e && *p == '#')
		p++;
	trim(&p, &e);
	while (e > p && e[-1] == '#')
		e--;
	trim(&p, &e);
	if (e - p > 4 && p[0] == '*' && p[1] == '*' && e[-1] == '*' && e[-2] == '*')
		p += 2, e -= 2;
	if (e > p && e[-1] == ':')
		e--;
	for (i = 0; i < BL_ARRAY_SIZE(section_names); i++)
		if ((size_t)(e - p) == strlen(section_names[i]) &&
		    memcmp(p, section_names[i], (size_t)(e - p)) == 0)
			return true;
	return false;
}

/* The length of a list marker or number at p: "1. ", "12) ", "[3] ",
 * "- ", "* ", "+ ", "• "; 0 when none. A number has at most three digits,
 * so that a reference opening with a year ("1990. ...") keeps it. */
static size_t marker_len(const char *p, const char *e)
{
	const char *q = p;

	if (q < e && (*q == '-' || *q == '*' || *q == '+'))
		q++;
	else if (e - q >= 3 && memcmp(q, "\xe2\x80\xa2", 3) == 0)
		q += 3;
	else if (q < e && *q == '[') {
		q++;
		while (q < e && *q >= '0' && *q <= '9')
			q++;
		if (q == p + 1 || q >= e || *q != ']')
			return 0;
		q++;
	} else {
		while (q < e && *q >= '0' && *q <= '9' && q - p < 3)
			q++;
		if (q == p || q >= e || (*q != '.' && *q != ')'))
			return 0;
		q++;
	}
	if (q >= e || (*q != ' ' && *q != '\t'))
		return 0;
	while (q < e && (*q == ' ' || *q == '\t'))
		q++;
	return (size_t)(q - p);
}

static void flush(struct reader *r)
{
	struct bl_source *src = r->ctx->src;
	struct bl_field *f;
	struct bl_value v;
	uint32_t i;
	bool wrapped = false;

	if (!r->open || r->stopped)
		goto out;
	if (r->max_entries && r->b.nentries >= r->max_entries) {
		bl_report(r->ctx, BL_R_input_syntax, NULL, r->start, r->start,
			  "more than %zu entries; biblint stops reading here "
			  "(raise --max-entries to read them all)", r->max_entries);
		r->stopped = true;
		goto out;
	}
	for (i = r->start; i < r->end; i++)
		if (src->data[i] == '\n' || src->data[i] == '\r')
			wrapped = true;
	if (wrapped) {
		/* each line break with the white space around it reads as one
		 * space; the value then is not the source byte for byte */
		const char *s = src->data + r->start;
		char *t = bl_xmalloc(r->end - r->start + 1);
		uint32_t k = 0;

		for (i = 0; i < r->end - r->start; i++) {
			bool sp = s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r';

			if (sp && k && t[k - 1] == ' ')
				continue;
			t[k++] = sp ? ' ' : s[i];
		}
		v = bl_value_with_map(src, t, k, r->start, r->end, NULL);
		free(t);
	} else {
		v = bl_value_string(src, src->data + r->start, r->end - r->start, r->start,
				    r->end);
	}
	bl_builder_begin_entry(&r->b, r->start);
	r->b.entries[r->b.nentries].raw_text = v.text;
	f = bl_builder_add_field(&r->b, "reference", 9, r->start);
	f->key = BL_K_OTHER;
	f->kind = BL_FIELD_TEXT;
	f->value = v;
	bl_builder_end_entry(&r->b, r->end);
out:
	r->open = false;
}

/* Reads the lines [p, end) as references. */
static void read_lines(struct reader *r, const char *p, const char *end, bool paragraphs)
{
	const char *data = r->ctx->src->data;

	while (p < end && !r->stopped) {
		const char *eol = eol_of(p, end), *a = p, *e = eol;
		size_t m;

		trim(&a, &e);
		if (a == e) {
			flush(r);
		} else if (section_heading(a, e) || heading_level(a, e)) {
			flush(r);
		} else {
			m = marker_len(a, e);
			if (!paragraphs || m || !r->open) {
				flush(r);
				a += m;
				r->start = (uint32_t)(a - data);
				r->open = true;
			}
			r->end = (uint32_t)(e - data);
		}
		p = eol < end ? eol + 1 : end;
	}
	flush(r);
}

/* True when the references are paragraphs: there are at least two
 * paragraphs of text (blank lines between them; a heading line alone is
 * not one) and one of them runs over several lines. */
static bool has_paragraphs(const char *p, const char *end)
{
	size_t paras = 0, lines = 0;
	bool multi = false, heading = false;

	for (;;) {
		const char *eol = p < end ? eol_of(p, end) : end;
		const char *a = p, *e = eol;

		trim(&a, &e);
		if (p >= end || a == e) {
			if (lines && !(lines == 1 && heading))
				paras++;
			if (lines > 1)
				multi = true;
			lines = 0;
			if (p >= end)
				break;
		} else {
			if (!lines)
				heading = section_heading(a, e) || heading_level(a, e);
			lines++;
		}
		p = eol < end ? eol + 1 : end;
	}
	return paras >= 2 && multi;
}

/* True when some line starts with a list marker or a number. */
static bool has_markers(const char *p, const char *end)
{
	while (p < end) {
		const char *eol = eol_of(p, end), *a = p, *e = eol;

		trim(&a, &e);
		if (marker_len(a, e))
			return true;
		p = eol < end ? eol + 1 : end;
	}
	return false;
}

int bl_read_formatted(struct bl_ctx *ctx, const struct bl_read_opts *opts)
{
	struct bl_source *src = ctx->src;
	const char *data = src->data, *p = data + src->bom, *end = data + src->len;
	struct reader r;
	int rc = BL_OK;

	memset(&r, 0, sizeof(r));
	r.ctx = ctx;
	r.max_entries = opts ? opts->max_entries : 0;
	bl_builder_init(&r.b, src);
	if (src->format == BL_FMT_MARKDOWN) {
		/* the section under a "References" heading, to the next heading */
		const char *sec = NULL, *sec_end = end, *q = p;
		char fence = 0;

		while (q < end) {
			const char *eol = eol_of(q, end), *a = q, *e = eol;

			trim(&a, &e);
			if (e - a >= 3 && (a[0] == '`' || a[0] == '~') && a[1] == a[0] && a[2] == a[0]) {
				fence = fence == a[0] ? 0 : fence ? fence : a[0];
			} else if (!fence && sec && (heading_level(a, e) || setext(eol, end))) {
				sec_end = q;
				break;
			} else if (!fence && !sec && section_heading(a, e) &&
				   (heading_level(a, e) || bold(a, e))) {
				sec = eol < end ? eol + 1 : end;
			} else if (!fence && !sec && section_heading(a, e) && setext(eol, end)) {
				/* References\n========== */
				sec = eol < end ? eol_of(eol + 1, end) : end;
				sec = sec < end ? sec + 1 : end;
			}
			q = eol < end ? eol + 1 : end;
		}
		if (!sec) {
			bl_builder_finish(&r.b);
			return BL_ENOTBIB;
		}
		read_lines(&r, sec, sec_end, has_markers(sec, sec_end) ||
			   has_paragraphs(sec, sec_end));
	} else {
		read_lines(&r, p, end, has_paragraphs(p, end));
	}
	bl_builder_finish(&r.b);
	return rc;
}
