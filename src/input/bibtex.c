/*
 * bibtex.c - the BibTeX / BibLaTeX reader.
 *
 * A hand-written reader rather than btparse (libbtparse-dev): btparse keeps
 * its lexer state and macro table in process-wide globals, its AST records a
 * line and column per node rather than the byte span of every value part, and
 * biber's tracker has reports of it crashing on malformed files. This reader
 * is one forward pass over the bytes, without recursion, in time linear in
 * the input: a value stops at a line that starts a new entry, so a missing
 * brace costs one entry, not the rest of the file.
 *
 * What it reads: entries of every type with {} or () delimiters, @string
 * macros (the month names predefined) and # concatenation, @preamble,
 * @comment, text outside entries (ignored; comment lines are left to the
 * suppression code) and whole % lines between fields (biber reads them).
 * @string expansion is bounded by the file's size. Every field value keeps
 * its span: the inside of its braces or quotes, or from its first to its
 * last part when concatenated.
 * Values are decoded from LaTeX (latex.h) by field class: text fields fully,
 * names split in the three BibTeX forms, identifiers such as pages and
 * years with their dashes as written (the pages rules judge `--`), URLs and
 * DOIs verbatim. Errors are input/syntax findings at their position; the
 * reader then resumes at the next line that starts with `@`.
 */
#include "input.h"

#include <stdlib.h>
#include <string.h>

#include "latex.h"

#include "../banned.h"

/* ---- field classes ---------------------------------------------------- */

enum fclass {
	C_TEXT,       /* decoded LaTeX text */
	C_NAMES,      /* a list of names */
	C_DATE,       /* year or date */
	C_LITERAL,    /* pages, numbers, identifiers: escapes only, dashes kept */
	C_VERBATIM,   /* URLs, DOIs, files: as written */
};

/* Sorted by name (lowercase) for binary search. */
static const struct fdef {
	const char *name;
	uint16_t key;
	uint8_t cls;
} fdefs[] = {
	{ "address", BL_K_PUBLISHER_PLACE, C_TEXT },
	{ "afterword", BL_K_OTHER, C_NAMES },
	{ "annotator", BL_K_OTHER, C_NAMES },
	{ "author", BL_K_AUTHOR, C_NAMES },
	{ "bookauthor", BL_K_CONTAINER_AUTHOR, C_NAMES },
	{ "booktitle", BL_K_CONTAINER_TITLE, C_TEXT },
	{ "commentator", BL_K_OTHER, C_NAMES },
	{ "crossref", BL_K_CROSSREF, C_VERBATIM },
	{ "date", BL_K_ISSUED, C_DATE },
	{ "doi", BL_K_DOI, C_VERBATIM },
	{ "edition", BL_K_EDITION, C_TEXT },
	{ "editor", BL_K_EDITOR, C_NAMES },
	{ "editora", BL_K_OTHER, C_NAMES },
	{ "editorb", BL_K_OTHER, C_NAMES },
	{ "editorc", BL_K_OTHER, C_NAMES },
	{ "eid", BL_K_OTHER, C_LITERAL },
	{ "eprint", BL_K_OTHER, C_VERBATIM },
	{ "eventdate", BL_K_OTHER, C_LITERAL },
	{ "file", BL_K_OTHER, C_VERBATIM },
	{ "foreword", BL_K_OTHER, C_NAMES },
	{ "holder", BL_K_OTHER, C_NAMES },
	{ "ids", BL_K_OTHER, C_VERBATIM },
	{ "institution", BL_K_PUBLISHER, C_TEXT },
	{ "introduction", BL_K_OTHER, C_NAMES },
	{ "isbn", BL_K_ISBN, C_LITERAL },
	{ "issn", BL_K_ISSN, C_LITERAL },
	{ "issue", BL_K_ISSUE, C_TEXT },
	{ "journal", BL_K_CONTAINER_TITLE, C_TEXT },
	{ "journaltitle", BL_K_CONTAINER_TITLE, C_TEXT },
	{ "key", BL_K_OTHER, C_VERBATIM },
	{ "langid", BL_K_LANGUAGE, C_TEXT },
	{ "language", BL_K_LANGUAGE, C_TEXT },
	{ "location", BL_K_PUBLISHER_PLACE, C_TEXT },
	{ "note", BL_K_NOTE, C_TEXT },
	{ "number", BL_K_NUMBER, C_LITERAL },
	{ "origdate", BL_K_ORIGINAL_DATE, C_DATE },
	{ "origlocation", BL_K_ORIGINAL_PUBLISHER_PLACE, C_TEXT },
	{ "origpublisher", BL_K_ORIGINAL_PUBLISHER, C_TEXT },
	{ "origtitle", BL_K_ORIGINAL_TITLE, C_TEXT },
	{ "pages", BL_K_PAGE, C_LITERAL },
	{ "pagetotal", BL_K_NUMBER_OF_PAGES, C_LITERAL },
	{ "pdf", BL_K_OTHER, C_VERBATIM },
	{ "publisher", BL_K_PUBLISHER, C_TEXT },
	{ "school", BL_K_PUBLISHER, C_TEXT },
	{ "series", BL_K_COLLECTION_TITLE, C_TEXT },
	{ "shortauthor", BL_K_OTHER, C_NAMES },
	{ "shorteditor", BL_K_OTHER, C_NAMES },
	{ "title", BL_K_TITLE, C_TEXT },
	{ "translator", BL_K_TRANSLATOR, C_NAMES },
	{ "url", BL_K_URL, C_VERBATIM },
	{ "urldate", BL_K_ACCESSED, C_DATE },
	{ "urlraw", BL_K_OTHER, C_VERBATIM },
	{ "verba", BL_K_OTHER, C_VERBATIM },
	{ "verbb", BL_K_OTHER, C_VERBATIM },
	{ "verbc", BL_K_OTHER, C_VERBATIM },
	{ "volume", BL_K_VOLUME, C_LITERAL },
	{ "volumes", BL_K_NUMBER_OF_VOLUMES, C_LITERAL },
	{ "xdata", BL_K_OTHER, C_VERBATIM },
	{ "year", BL_K_ISSUED, C_DATE },
};

static const struct fdef other_text = { "", BL_K_OTHER, C_TEXT };

static const struct fdef *field_def(const char *name, size_t len)
{
	char low[32];
	size_t lo = 0, hi = BL_ARRAY_SIZE(fdefs), i;

	if (len >= sizeof(low))
		return &other_text;
	for (i = 0; i < len; i++) {
		char c = name[i];

		low[i] = (char)(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
	}
	low[len] = '\0';
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int cmp = strcmp(low, fdefs[mid].name);

		if (cmp == 0)
			return &fdefs[mid];
		if (cmp < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return &other_text;
}

/* ---- macros ----------------------------------------------------------- */

struct macro {
	char *name;        /* lowercase; NULL for an empty slot */
	char *text;        /* raw value (before LaTeX decoding) */
	size_t len;
};

struct macros {
	struct macro *slots;
	size_t cap, count;  /* cap is a power of two */
};

static struct macro *macro_slot(struct macros *m, const char *name, size_t n)
{
	size_t i = bl_hash_ci(name, n) & (m->cap - 1);

	while (m->slots[i].name) {
		if (strlen(m->slots[i].name) == n && bl_memeq_ci(name, n, m->slots[i].name))
			return &m->slots[i];
		i = (i + 1) & (m->cap - 1);
	}
	return &m->slots[i];
}

static void macro_set(struct macros *m, const char *name, size_t n,
		      const char *text, size_t len)
{
	struct macro *slot;
	size_t i;

	if ((m->count + 1) * 2 > m->cap) {
		struct macros bigger = { NULL, m->cap ? m->cap * 2 : 64, 0 };

		bigger.slots = bl_xcalloc(bigger.cap, sizeof(*bigger.slots));
		for (i = 0; i < m->cap; i++) {
			struct macro *old = &m->slots[i];

			if (old->name) {
				*macro_slot(&bigger, old->name, strlen(old->name)) = *old;
				bigger.count++;
			}
		}
		free(m->slots);
		*m = bigger;
	}
	slot = macro_slot(m, name, n);
	if (slot->name) {
		free(slot->text);
	} else {
		slot->name = bl_xstrndup(name, n);
		for (i = 0; i < n; i++)
			if (slot->name[i] >= 'A' && slot->name[i] <= 'Z')
				slot->name[i] = (char)(slot->name[i] - 'A' + 'a');
		m->count++;
	}
	slot->text = bl_xstrndup(text, len);
	slot->len = len;
}

static const struct macro *macro_get(struct macros *m, const char *name, size_t n)
{
	struct macro *slot;

	if (!m->cap)
		return NULL;
	slot = macro_slot(m, name, n);
	return slot->name ? slot : NULL;
}

static void macros_release(struct macros *m)
{
	size_t i;

	for (i = 0; i < m->cap; i++) {
		free(m->slots[i].name);
		free(m->slots[i].text);
	}
	free(m->slots);
}

/* ---- the reader ------------------------------------------------------- */

struct rd {
	struct bl_ctx *ctx;
	struct bl_source *src;
	const char *s;
	size_t n, p;
	struct bl_builder b;
	size_t max_entries;
	bool stopped;
	struct macros macros;
	/* the value being read: raw bytes of all its parts, with the source
	 * offset of each byte */
	struct bl_strbuf raw;
	struct bl_offsets offs;
	uint32_t vstart, vend;    /* span for the value */
	unsigned nparts;
	bool delimited;           /* one part, in braces or quotes */
	bool number;              /* one part, a bare number */
	bool undefined;           /* it used an undefined macro */
	bool direct;              /* the value so far is source[dstart, +dlen) */
	size_t dstart, dlen;
	const char *rv;           /* the value read: rv[0, rvlen) */
	size_t rvlen;
	const uint32_t *rvoffs;   /* source offset of each byte, or NULL: */
	uint32_t rvbase;          /* rvbase + i */
	size_t first_delim;       /* the brace or quote opening the value */
	/* scratch for decoding */
	struct bl_strbuf dec;
	struct bl_offsets map;
	struct bl_offsets pairs;  /* a map being compressed */
	struct bl_name *names;
	size_t names_cap;
	/* macro text copied into values so far, and the limit that keeps a
	 * file of macros doubling one another from filling memory */
	size_t expanded, expand_limit;
	bool expand_stopped;
};

static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

/* BibTeX identifiers: printable, not white space, not one of "#%'(),={} */
static bool is_ident(char c)
{
	switch (c) {
	case '"': case '#': case '%': case '\'': case '(': case ')': case ',':
	case '=': case '{': case '}':
		return false;
	default:
		return (unsigned char)c > ' ' && c != 0x7f;
	}
}

static void skip_ws(struct rd *r)
{
	while (r->p < r->n && is_space(r->s[r->p]))
		r->p++;
}

static bool at_line_start(const struct rd *r, size_t i);

/* Where the line holding s[i] ends (its LF, CR or CRLF), and where the
 * next one starts. */
static size_t line_end(const struct rd *r, size_t i)
{
	const char *nl = memchr(r->s + i, '\n', r->n - i);
	size_t e = nl ? (size_t)(nl - r->s) : r->n;
	const char *cr = memchr(r->s + i, '\r', e - i);

	return cr ? (size_t)(cr - r->s) : e;
}

static size_t next_line(const struct rd *r, size_t i)
{
	size_t e = line_end(r, i);

	if (e >= r->n)
		return r->n;
	return r->s[e] == '\r' && e + 1 < r->n && r->s[e + 1] == '\n' ? e + 2 : e + 1;
}

/* White space, and whole lines that are % comments: BibTeX has no comments
 * inside entries, but biber reads them and people write them between
 * fields. */
static void skip_ws_comments(struct rd *r)
{
	for (;;) {
		skip_ws(r);
		if (r->p < r->n && r->s[r->p] == '%' && at_line_start(r, r->p)) {
			r->p = next_line(r, r->p);
			continue;
		}
		return;
	}
}

static bool at_line_start(const struct rd *r, size_t i)
{
	while (i > 0 && (r->s[i - 1] == ' ' || r->s[i - 1] == '\t'))
		i--;
	return i == 0 || r->s[i - 1] == '\n' || r->s[i - 1] == '\r' ||
	       (i == r->src->bom);
}

/* An `@` at line start followed by an identifier and `{` or `(`: the start
 * of an entry, so a value that reaches it has run away. */
static bool entry_starts_at(const struct rd *r, size_t i)
{
	size_t j = i + 1;

	if (r->s[i] != '@' || !at_line_start(r, i))
		return false;
	while (j < r->n && (r->s[j] == ' ' || r->s[j] == '\t'))
		j++;
	if (j >= r->n || !is_ident(r->s[j]))
		return false;
	while (j < r->n && is_ident(r->s[j]))
		j++;
	while (j < r->n && is_space(r->s[j]))
		j++;
	return j < r->n && (r->s[j] == '{' || r->s[j] == '(');
}

static void syntax(struct rd *r, size_t at, size_t len, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static void syntax(struct rd *r, size_t at, size_t len, const char *fmt, ...)
{
	va_list ap;
	char *msg;

	va_start(ap, fmt);
	msg = bl_xvasprintf(fmt, ap);
	va_end(ap);
	bl_report(r->ctx, BL_R_input_syntax, NULL, (uint32_t)at, (uint32_t)(at + len),
		  "%s", msg);
	free(msg);
}

/* Moves to the next `@` that starts a line after position at (or to the end). */
static void recover(struct rd *r, size_t at)
{
	size_t i = at + 1;

	while (i < r->n) {
		i = next_line(r, i);
		while (i < r->n && (r->s[i] == ' ' || r->s[i] == '\t'))
			i++;
		if (i < r->n && r->s[i] == '@')
			break;
	}
	r->p = i < r->n ? i : r->n;
}

static void raw_copy(struct rd *r, const char *p, size_t len, uint32_t off, bool same_off)
{
	size_t k;

	bl_strbuf_add(&r->raw, p, len);
	BL_GROW(r->offs.v, r->offs.len + len, r->offs.cap);
	for (k = 0; k < len; k++)
		r->offs.v[r->offs.len + k] = same_off ? off : off + (uint32_t)k;
	r->offs.len += len;
}

/* Appends a part to the value. The first part is only noted (a value of
 * one part is read in place, without a copy) until a second one comes. */
static void raw_add(struct rd *r, const char *p, size_t len, uint32_t off, bool same_off)
{
	if (r->nparts == 0 && !same_off && r->raw.len == 0 && !r->direct) {
		r->direct = true;
		r->dstart = off;
		r->dlen = len;
		return;
	}
	if (r->direct) {
		r->direct = false;
		raw_copy(r, r->s + r->dstart, r->dlen, r->dstart, false);
	}
	raw_copy(r, p, len, off, same_off);
}

/* The value read, in place or from the buffer. */
static void raw_done(struct rd *r)
{
	if (r->direct) {
		r->rv = r->s + r->dstart;
		r->rvlen = r->dlen;
		r->rvoffs = NULL;
		r->rvbase = (uint32_t)r->dstart;
	} else {
		r->rv = r->raw.buf ? r->raw.buf : "";
		r->rvlen = r->raw.len;
		r->rvoffs = r->offs.v;
		r->rvbase = 0;
	}
}

static uint32_t raw_off(const struct rd *r, size_t i)
{
	return r->rvoffs ? r->rvoffs[i] : r->rvbase + (uint32_t)i;
}


static unsigned line_of(const struct rd *r, size_t off)
{
	unsigned line, col;

	bl_source_locate(r->src, off, &line, &col);
	return line;
}

static const char *stop_name(const struct rd *r, size_t i)
{
	return i >= r->n ? "the end of the file" : "the next entry";
}

/*
 * A braced or quoted part starting at r->p (its delimiter). Its inside is
 * appended to raw. Returns false, after reporting and recovering, when it is
 * not closed before the next entry or the end of the file.
 */
static bool read_delimited(struct rd *r, uint32_t *inner_start, uint32_t *inner_end)
{
	size_t open = r->p, i = r->p + 1, inner_quote = SIZE_MAX;
	char q = r->s[open];
	long depth = q == '{' ? 1 : 0;

	for (; i < r->n; i++) {
		char c = r->s[i];

		if (c == '{') {
			depth++;
		} else if (c == '}') {
			if (depth == 0) {
				bl_report(r->ctx, BL_R_bibtex_unbalanced_braces, NULL,
					  (uint32_t)i, (uint32_t)i + 1,
					  "'}' inside a quoted value has no matching '{'; "
					  "braces in a value must balance");
				recover(r, i);
				return false;
			}
			if (--depth == 0 && q == '{')
				break;
		} else if (c == '"' && q == '"') {
			if (depth == 0)
				break;
			if (inner_quote == SIZE_MAX)
				inner_quote = i;
		} else if (c == '@' && entry_starts_at(r, i)) {
			break;   /* ran into the next entry */
		}
	}
	if (i >= r->n || r->s[i] == '@') {
		if (q == '{')
			bl_report(r->ctx, BL_R_bibtex_unbalanced_braces, NULL,
				  (uint32_t)open, (uint32_t)open + 1,
				  "this '{' is not closed before %s (%ld '}' missing); "
				  "braces in a value must balance",
				  stop_name(r, i), depth);
		else if (inner_quote != SIZE_MAX)
			bl_report(r->ctx, BL_R_bibtex_unbalanced_braces, NULL,
				  (uint32_t)open, (uint32_t)open + 1,
				  "this quoted value is not closed before %s: the '\"' "
				  "on line %u is inside an unclosed '{'; braces in a "
				  "value must balance", stop_name(r, i),
				  line_of(r, inner_quote));
		else if (depth)
			bl_report(r->ctx, BL_R_bibtex_unbalanced_braces, NULL,
				  (uint32_t)open, (uint32_t)open + 1,
				  "this quoted value is not closed before %s (%ld '}' "
				  "missing); braces in a value must balance",
				  stop_name(r, i), depth);
		else
			syntax(r, open, 1,
			       "this quoted value is not closed before %s; add the "
			       "closing '\"'", stop_name(r, i));
		r->p = i;   /* resume at the entry it ran into, or the end */
		return false;
	}
	*inner_start = (uint32_t)open + 1;
	*inner_end = (uint32_t)i;
	raw_add(r, r->s + open + 1, i - open - 1, (uint32_t)open + 1, false);
	r->p = i + 1;
	return true;
}

enum vres { V_OK, V_EMPTY, V_FAIL };

/*
 * A field value at r->p: parts (braced, quoted, a number, a macro name)
 * joined by `#`. Fills raw/offs and the span. V_EMPTY: there was no value
 * (reported; the entry goes on). V_FAIL: reported, and r->p has moved on.
 */
static enum vres read_value(struct rd *r, char close, const char *field, size_t flen)
{
	uint32_t first = 0, is = 0, ie = 0;

	bl_strbuf_reset(&r->raw);
	r->offs.len = 0;
	r->nparts = 0;
	r->direct = false;
	r->rv = "";
	r->rvlen = 0;
	r->rvoffs = NULL;
	r->delimited = r->number = r->undefined = false;
	r->first_delim = SIZE_MAX;
	for (;;) {
		size_t start;
		char c;

		skip_ws(r);
		start = r->p;
		if (start >= r->n) {
			syntax(r, start, 0, "end of file where the value of '%.*s' was "
			       "expected", (int)flen, field);
			return V_FAIL;
		}
		c = r->s[start];
		if (c == '{' || c == '"') {
			if (!read_delimited(r, &is, &ie))
				return V_FAIL;
			r->delimited = r->nparts == 0;
			if (r->nparts == 0)
				r->first_delim = start;
		} else if (c >= '0' && c <= '9') {
			while (r->p < r->n && r->s[r->p] >= '0' && r->s[r->p] <= '9')
				r->p++;
			raw_add(r, r->s + start, r->p - start, (uint32_t)start, false);
			r->number = r->nparts == 0;
			is = (uint32_t)start;
			ie = (uint32_t)r->p;
		} else if (is_ident(c)) {
			const struct macro *m;

			while (r->p < r->n && is_ident(r->s[r->p]))
				r->p++;
			m = macro_get(&r->macros, r->s + start, r->p - start);
			if (m && r->expanded + m->len > r->expand_limit) {
				if (!r->expand_stopped)
					syntax(r, start, r->p - start, "@string macros expand to "
					       "more than %zu bytes in all; biblint stops "
					       "expanding them here", r->expand_limit);
				r->expand_stopped = true;
			} else if (m) {
				r->expanded += m->len;
				raw_add(r, m->text, m->len, (uint32_t)start, true);
			} else {
				r->undefined = true;
			}
			if (!m)
				bl_report(r->ctx, BL_R_bibtex_undefined_string, NULL,
					  (uint32_t)start, (uint32_t)r->p,
					  "'%.*s' is not a defined @string macro; define "
					  "it with @string or put the value in braces",
					  (int)(r->p - start), r->s + start);
			r->delimited = r->number = false;
			is = (uint32_t)start;
			ie = (uint32_t)r->p;
		} else {
			syntax(r, start, 1, "expected a value for '%.*s' (in braces, in "
			       "quotes, a number or a @string name)", (int)flen, field);
			if (r->nparts == 0 && (c == ',' || c == close))
				return V_EMPTY;
			recover(r, start);
			return V_FAIL;
		}
		if (r->nparts++ == 0)
			first = (uint32_t)start;
		skip_ws(r);
		if (r->p < r->n && r->s[r->p] == '#') {
			r->p++;
			r->delimited = r->number = false;
			continue;
		}
		break;
	}
	if (r->nparts == 1 && (r->delimited || r->number)) {
		r->vstart = is;
		r->vend = ie;
	} else {
		r->vstart = first;
		r->vend = r->nparts == 1 ? ie : (uint32_t)(r->p);
		/* the end of the last part, before white space */
		while (r->vend > r->vstart && is_space(r->s[r->vend - 1]))
			r->vend--;
	}
	raw_done(r);
	return V_OK;
}

/* ---- values ----------------------------------------------------------- */

/* The compact form of a map with one source offset per text byte (see
 * bl_value_map()): a pair where the offsets stop running in step. It lives
 * in r->pairs until the next call. */
static const uint32_t *compress_map(struct rd *r, const char *text,
				    const uint32_t *map, size_t len)
{
	struct bl_offsets *pairs = &r->pairs;
	bool verb = false;
	size_t i, j, k;

	pairs->len = 0;
	bl_offsets_add(pairs, 0);
	for (i = 0; i < len; i = j) {
		/* a run of offsets in step starts a pair; when all of it is
		 * the source as written (the common case) it is the only one */
		for (j = i + 1; j < len && map[j] == map[j - 1] + 1; j++)
			;
		if (map[i] < r->n && r->n - map[i] >= j - i &&
		    memcmp(r->s + map[i], text + i, j - i) == 0) {
			bl_offsets_add(pairs, (uint32_t)i | BL_MAP_VERBATIM);
			bl_offsets_add(pairs, map[i]);
			verb = true;
			continue;
		}
		for (k = i; k < j; k++) {
			bool v = map[k] < r->n && r->s[map[k]] == text[k];

			if (k == i || v != verb) {
				bl_offsets_add(pairs, (uint32_t)k | (v ? BL_MAP_VERBATIM : 0));
				bl_offsets_add(pairs, map[k]);
			}
			verb = v;
		}
	}
	pairs->v[0] = (uint32_t)((pairs->len - 1) / 2);
	return pairs->v;   /* bl_value_with_map() copies it */
}

/* A value for raw[a, b) read from the source span [start, end). */
static struct bl_value make_value(struct rd *r, size_t a, size_t b,
				  uint32_t start, uint32_t end, int cls, unsigned flags)
{
	const char *text = r->rv + a;
	const uint32_t *map = r->rvoffs ? r->rvoffs + a : NULL;
	size_t len = b - a;

	if (cls != C_VERBATIM && !bl_latex_is_plain(text, len, flags)) {
		bl_strbuf_reset(&r->dec);
		r->map.len = 0;
		bl_latex_decode(&r->dec, &r->map, text, len, r->rvbase + (uint32_t)a,
				map, flags);
		text = r->dec.buf ? r->dec.buf : "";
		len = r->dec.len;
		map = r->map.v;
	}
	if (len && map && !(end - start == len &&
			    memcmp(r->src->data + start, text, len) == 0))
		return bl_value_with_map(r->src, text, len, start, end,
					 compress_map(r, text, map, len));
	return bl_builder_value(&r->b, text, len, start, end);
}

static unsigned class_flags(int cls)
{
	switch (cls) {
	case C_TEXT:
		return BL_LATEX_LIGATURES | BL_LATEX_SPACES;
	case C_NAMES:
		return BL_LATEX_LIGATURES | BL_LATEX_SPACES | BL_LATEX_TIE_SPACE;
	case C_DATE:
	case C_LITERAL:
		return BL_LATEX_ESCAPES_ONLY | BL_LATEX_SPACES;
	default:
		return 0;
	}
}

/* ---- names ------------------------------------------------------------ */

struct tok {
	size_t a, b;        /* raw[a, b) */
	unsigned group;     /* comma-separated part it belongs to */
};

/* BibTeX's test for a "von" word: its first letter at brace level 0 is
 * lowercase; a brace group starting with a control sequence counts by that
 * letter ({\"u}ber is lowercase), other brace groups are skipped. */
static bool tok_lower(const char *s, size_t a, size_t b)
{
	size_t i = a;

	while (i < b) {
		unsigned char c = (unsigned char)s[i];

		if (c == '{') {
			size_t j = i + 1;
			int depth = 1;

			if (j < b && s[j] == '\\') {
				/* a special character: the first letter after
				 * the command, or the command (\o, \OE) itself */
				j++;
				if (j < b && ((s[j] >= 'a' && s[j] <= 'z') ||
					      (s[j] >= 'A' && s[j] <= 'Z'))) {
					size_t k = j;

					while (k < b && ((s[k] >= 'a' && s[k] <= 'z') ||
							 (s[k] >= 'A' && s[k] <= 'Z')))
						k++;
					if (k - j > 1 || strchr("oOlLij", s[j]))
						return s[j] >= 'a' && s[j] <= 'z';
					j = k;
				} else {
					j++;
				}
				for (; j < b && s[j] != '}'; j++)
					if ((s[j] >= 'a' && s[j] <= 'z') || (s[j] >= 'A' && s[j] <= 'Z'))
						return s[j] >= 'a' && s[j] <= 'z';
				return false;
			}
			while (j < b && depth > 0) {
				if (s[j] == '{')
					depth++;
				else if (s[j] == '}')
					depth--;
				j++;
			}
			i = j;
			continue;
		}
		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))
			return c >= 'a' && c <= 'z';
		if (c >= 0x80) {
			int32_t cp;
			int k = bl_utf8_decode(s + i, b - i, &cp);

			if (k > 0 && cp >= 0) {
				/* Latin, Greek and Cyrillic letters have simple case */
				int32_t lower = -1;

				if ((cp >= 0x430 && cp <= 0x45F) || (cp >= 0xDF && cp <= 0xFF && cp != 0xF7) ||
				    (cp >= 0x3B1 && cp <= 0x3C9))
					lower = 1;
				else if ((cp >= 0x400 && cp <= 0x42F) || (cp >= 0xC0 && cp <= 0xDE && cp != 0xD7) ||
					 (cp >= 0x391 && cp <= 0x3A9))
					lower = 0;
				else if (cp >= 0x100 && cp <= 0x17F)
					lower = cp & 1;   /* Latin Extended-A alternates */
				if (lower >= 0)
					return lower == 1;
			}
			i += (size_t)(k > 0 ? k : 1);
			continue;
		}
		i++;
	}
	return false;
}

static struct bl_value name_part(struct rd *r, const struct tok *t, size_t i0, size_t i1)
{
	size_t a = t[i0].a, b = t[i1 - 1].b;

	return make_value(r, a, b, raw_off(r, a), raw_off(r, b - 1) + 1, C_NAMES,
			  class_flags(C_NAMES));
}

static bool whole_group(const char *s, size_t a, size_t b)
{
	size_t i;
	int depth = 0;

	if (b - a < 2 || s[a] != '{' || s[b - 1] != '}')
		return false;
	for (i = a; i < b; i++) {
		if (s[i] == '{')
			depth++;
		else if (s[i] == '}' && --depth == 0 && i != b - 1)
			return false;
	}
	return true;
}

/* One name in raw[a, b); appends it to r->names[*count]. */
static void one_name(struct rd *r, size_t a, size_t b, struct tok **toks,
		     size_t *tcap, size_t *count)
{
	const char *s = r->rv;
	struct tok *t;
	struct bl_name *nm;
	struct bl_value particle, suffix, literal;
	size_t ntok = 0, i, k, ng[3] = { 0, 0, 0 }, g0, vs, ve;
	unsigned group = 0;
	int depth = 0;

	i = a;
	while (i < b) {
		size_t st;

		while (i < b && (is_space(s[i]) || s[i] == '~' || (s[i] == ',' && depth == 0))) {
			if (s[i] == ',')
				group++;
			i++;
		}
		if (i >= b)
			break;
		st = i;
		while (i < b) {
			char c = s[i];

			if (c == '{')
				depth++;
			else if (c == '}' && depth > 0)
				depth--;
			else if (depth == 0 && (is_space(c) || c == '~' || c == ','))
				break;
			i++;
		}
		BL_GROW(*toks, ntok + 1, *tcap);
		(*toks)[ntok].a = st;
		(*toks)[ntok].b = i;
		(*toks)[ntok].group = group > 2 ? 2 : group;
		ntok++;
	}
	t = *toks;
	if (ntok == 0)
		return;
	if (ntok == 1 && t[0].b - t[0].a == 6 && memcmp(s + t[0].a, "others", 6) == 0)
		return;
	BL_GROW(r->names, *count + 1, r->names_cap);
	nm = &r->names[(*count)++];
	memset(nm, 0, sizeof(*nm));
	memset(&particle, 0, sizeof(particle));
	memset(&suffix, 0, sizeof(suffix));
	memset(&literal, 0, sizeof(literal));
	nm->start = raw_off(r, t[0].a);
	nm->end = raw_off(r, t[ntok - 1].b - 1) + 1;
	if (ntok == 1 && whole_group(s, t[0].a, t[0].b)) {
		literal = name_part(r, t, 0, 1);
		goto done;
	}
	for (i = 0; i < ntok; i++)
		ng[t[i].group]++;
	g0 = ng[0];
	if (group == 0) {
		/* First von Last */
		vs = ve = ntok;
		for (k = 0; k + 1 < ntok; k++) {
			if (tok_lower(s, t[k].a, t[k].b)) {
				if (vs == ntok)
					vs = k;
				ve = k + 1;
			}
		}
		if (vs == ntok) {
			if (ntok > 1)
				nm->given = name_part(r, t, 0, ntok - 1);
			nm->family = name_part(r, t, ntok - 1, ntok);
			goto done;
		}
		if (vs > 0)
			nm->given = name_part(r, t, 0, vs);
		particle = name_part(r, t, vs, ve);
		nm->family = name_part(r, t, ve, ntok);
		goto done;
	}
	/* von Last, [Jr,] First */
	if (g0 > 0) {
		ve = 0;
		for (k = 0; k + 1 < g0; k++)
			if (tok_lower(s, t[k].a, t[k].b))
				ve = k + 1;
		if (ve > 0)
			particle = name_part(r, t, 0, ve);
		nm->family = name_part(r, t, ve, g0);
	}
	if (group >= 2) {
		if (ng[1])
			suffix = name_part(r, t, g0, g0 + ng[1]);
		if (ng[2])
			nm->given = name_part(r, t, g0 + ng[1], ntok);
	} else if (ng[1]) {
		nm->given = name_part(r, t, g0, ntok);
	}
done:
	bl_name_set_more(r->src, nm, &particle, &suffix, &literal);
}

/* Splits raw into names at " and " (brace level 0). */
static void read_names(struct rd *r, struct bl_field *f)
{
	const char *s = r->rv;
	size_t n = r->rvlen, i, start = 0, count = 0, tcap = 0;
	struct tok *toks = NULL;
	int depth = 0;

	for (i = 0; i < n; i++) {
		char c = s[i];

		if (c == '{') {
			depth++;
		} else if (c == '}') {
			if (depth > 0)
				depth--;
		} else if (depth == 0 && is_space(c) && i + 4 < n &&
			   bl_memeq_ci(s + i + 1, 3, "and") && is_space(s[i + 4])) {
			one_name(r, start, i, &toks, &tcap, &count);
			start = i + 4;
			i += 3;
		}
	}
	if (n)
		one_name(r, start, n, &toks, &tcap, &count);
	free(toks);
	bl_builder_set_names(&r->b, f, bl_names_copy(r->src, r->names, count));
}

/* ---- dates ------------------------------------------------------------ */

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* Reads digits at text[*i], saturating far beyond any real year. */
static int32_t read_year(const char *text, size_t len, size_t *i)
{
	int64_t y = 0;

	while (*i < len && is_digit(text[*i])) {
		if (y < 1000000000)
			y = y * 10 + (text[*i] - '0');
		(*i)++;
	}
	return y > 999999999 ? 999999999 : (int32_t)y;
}

/* Reads [-]digits at text[*i] (saturating as read_year()): the minus sign
 * says BCE, and with iso the year counts as ISO 8601 does, from a year 0
 * (BibLaTeX's dates: -0379 is 380 BCE). *digits is where the digits start. */
static int32_t read_signed_year(const char *text, size_t len, size_t *i, bool iso,
				size_t *digits)
{
	bool neg = *i < len && text[*i] == '-';
	int32_t y;

	if (neg)
		(*i)++;
	*digits = *i;
	y = read_year(text, len, i);
	if (neg)
		y = -y;
	return iso ? bl_year_from_astronomical(y, *i - *digits) : y;
}

static void read_date(struct rd *r, struct bl_field *f, bool iso)
{
	const struct bl_value *v = &f->value;
	const char *t = v->text;
	size_t len = bl_value_len(v), i = 0, ys, y0;
	struct bl_date *d = bl_arena_alloc(&r->src->arena, sizeof(*d));
	uint32_t s0, s1;

	d->raw = *v;
	bl_builder_set_date(&r->b, f, d);
	while (i < len && !is_digit(t[i]) && !(t[i] == '-' && i + 1 < len &&
					       is_digit(t[i + 1]))) {
		if (t[i] == '~' || t[i] == '?' || (t[i] == 'c' && i + 1 < len && t[i + 1] == 'a') ||
		    (t[i] == 'c' && i + 1 < len && t[i + 1] == '.'))
			d->circa = true;
		if (t[i] == '/' || (t[i] == '.' && i + 1 < len && t[i + 1] == '.'))
			break;   /* an open start: ../2004 */
		i++;
	}
	y0 = i;
	d->year = read_signed_year(t, len, &i, iso, &ys);
	if (i > ys) {
		/* the year as written, with its sign */
		bl_value_subspan(v, y0, i - y0, &s0, &s1);
		d->year_value = bl_builder_value(&r->b, t + y0, i - y0, s0, s1);
	}
	if (iso) {
		while (i < len && (is_digit(t[i]) || t[i] == '-' || t[i] == 'T' || t[i] == ':'))
			i++;
		while (i < len && (t[i] == '~' || t[i] == '?' || t[i] == '%')) {
			d->circa = true;
			i++;
		}
		if (i < len && t[i] == '/') {
			size_t e0;

			i++;
			bl_date_set_end(d, read_signed_year(t, len, &i, true, &e0));
		}
		return;
	}
	/* year ranges: 1990--1995, 1990-95, 1990/91, 1990–1995 */
	while (i < len && (t[i] == ' ' || t[i] == '-' || t[i] == '/'))
		i++;
	if (i + 3 <= len && (memcmp(t + i, "\xe2\x80\x93", 3) == 0 ||
			     memcmp(t + i, "\xe2\x80\x94", 3) == 0))
		i += 3;
	while (i < len && t[i] == ' ')
		i++;
	if (i < len && is_digit(t[i]) && i > ys)
		bl_date_set_end(d, read_year(t, len, &i));
	if (i < len && t[i] == '?')
		d->circa = true;
}

/* ---- entries ---------------------------------------------------------- */

static void add_field(struct rd *r, const char *name, size_t nlen,
		      uint32_t name_start, bool article)
{
	const struct fdef *def = field_def(name, nlen);
	struct bl_field *f = bl_builder_add_field(&r->b, name, nlen, name_start);
	int cls = def->cls;

	f->key = def->key;
	if (f->key == BL_K_NUMBER && article)
		f->key = BL_K_ISSUE;
	f->value = make_value(r, 0, r->rvlen, r->vstart, r->vend, cls, class_flags(cls));
	if (r->number)
		f->value.flags |= BL_VAL_NUMBER;
	if (r->nparts == 1 && r->delimited && r->s[r->vstart - 1] == '"')
		f->value.flags |= BL_VAL_QUOTED;
	if (r->rvlen == 0 && !r->undefined)
		f->value.flags |= BL_VAL_NULL;
	switch (cls) {
	case C_NAMES:
		f->kind = BL_FIELD_NAMES;
		if (r->rvlen)
			read_names(r, f);
		break;
	case C_DATE:
		f->kind = BL_FIELD_DATE;
		read_date(r, f, !bl_memeq_ci(name, nlen, "year"));
		break;
	default:
		f->kind = BL_FIELD_TEXT;
		break;
	}
}

static void finish_entry(struct rd *r, size_t end)
{
	struct bl_field *year = NULL;
	bool date = false;
	size_t i;

	/* BibLaTeX reads `date` and ignores `year` when both are given */
	for (i = 0; i < r->b.nfields; i++) {
		struct bl_field *f = &r->b.fields[i];

		if (f->key != BL_K_ISSUED)
			continue;
		if (bl_streq_ci(bl_field_name(f), "date"))
			date = true;
		else if (!year)
			year = f;
	}
	if (date && year)
		year->key = BL_K_OTHER;
	bl_builder_end_entry(&r->b, (uint32_t)end);
}

static bool key_char(char c, char close)
{
	return !is_space(c) && c != ',' && c != close && c != '{' && c != '}' &&
	       c != '=' && c != '"' && c != '#' && c != '\0';
}

/* After an entry closes: fields after it mean that a '}' inside it closed
 * it early. */
static void check_after_close(struct rd *r, size_t close_at, const struct bl_value *id)
{
	size_t q = r->p;

	while (q < r->n && is_space(r->s[q]))
		q++;
	if (q >= r->n)
		return;
	if (r->s[q] == '}' || r->s[q] == ')') {
		bl_report(r->ctx, BL_R_bibtex_unbalanced_braces, NULL, (uint32_t)q,
			  (uint32_t)q + 1, "this '%c' closes nothing: entry '%s' is "
			  "already closed; remove it", r->s[q], id->text ? id->text : "");
		return;
	} else if (r->s[q] == ',') {
		/* fields follow: the close came early */
	} else if (is_ident(r->s[q]) && r->s[q] != '@' && r->s[q] != '%') {
		while (q < r->n && is_ident(r->s[q]))
			q++;
		while (q < r->n && is_space(r->s[q]))
			q++;
		if (q >= r->n || r->s[q] != '=')
			return;
	} else {
		return;
	}
	bl_report(r->ctx, BL_R_bibtex_unbalanced_braces, NULL, (uint32_t)close_at,
		  (uint32_t)close_at + 1,
		  "this '%c' ends entry '%s' early: the text after it is ignored; "
		  "remove the extra '%c' or balance the braces before it",
		  r->s[close_at], id->text ? id->text : "", r->s[close_at]);
}

/* True when the last value read holds a line that looks like a field
 * (`  year = 2000`): its opening brace was closed only by the entry's. */
static bool swallowed_field(const struct rd *r)
{
	const char *s = r->rv;
	size_t n = r->rvlen, i = 0;

	while (s && i < n) {
		const char *nl = memchr(s + i, '\n', n - i);
		size_t j;

		if (!nl)
			return false;
		j = (size_t)(nl - s) + 1;
		while (j < n && is_space(s[j]))
			j++;
		i = j;
		if (j >= n || !is_ident(s[j]))
			continue;
		while (j < n && is_ident(s[j]))
			j++;
		while (j < n && is_space(s[j]))
			j++;
		if (j < n && s[j] == '=')
			return true;
	}
	return false;
}

/* An entry not closed before the next entry or the end of the file. */
static void not_closed(struct rd *r, size_t open, char close, const struct bl_value *id,
		       bool at_eof)
{
	if (r->first_delim != SIZE_MAX && r->s[r->first_delim] == '{' && swallowed_field(r)) {
		bl_report(r->ctx, BL_R_bibtex_unbalanced_braces, NULL,
			  (uint32_t)r->first_delim, (uint32_t)r->first_delim + 1,
			  "this '{' is closed only by the '}' that should end entry "
			  "'%s', so the fields after it are read as its text; "
			  "braces in a value must balance", id->text ? id->text : "");
		return;
	}
	if (at_eof)
		syntax(r, open, 1, "entry '%s' is not closed: the file ends before "
		       "its '%c'", id->text ? id->text : "", close);
	else
		syntax(r, open, 1, "entry '%s' is not closed before the next entry; "
		       "add its '%c'", id->text ? id->text : "", close);
}

static void read_regular(struct rd *r, size_t at, size_t ts, size_t tlen,
			 size_t open, char close)
{
	struct bl_entry *e;
	size_t ks, ke, i;
	bool article;
	char *low;

	r->first_delim = SIZE_MAX;
	r->rv = "";
	r->rvlen = 0;

	if (r->max_entries && r->b.nentries >= r->max_entries) {
		syntax(r, at, 1, "more than %zu entries; biblint stops reading here "
		       "(raise --max-entries to read them all)", r->max_entries);
		r->stopped = true;
		return;
	}
	bl_builder_begin_entry(&r->b, (uint32_t)at);
	e = &r->b.entries[r->b.nentries];
	low = bl_arena_strndup(&r->src->arena, r->s + ts, tlen);
	for (i = 0; i < tlen; i++)
		if (low[i] >= 'A' && low[i] <= 'Z')
			low[i] = (char)(low[i] - 'A' + 'a');
	e->type = bl_builder_value(&r->b, low, tlen, (uint32_t)ts, (uint32_t)(ts + tlen));
	article = strcmp(low, "article") == 0 || strcmp(low, "periodical") == 0;

	skip_ws(r);
	ks = r->p;
	while (r->p < r->n && key_char(r->s[r->p], close))
		r->p++;
	ke = r->p;
	if (ke > ks)
		e->id = bl_value_string(r->src, r->s + ks, ke - ks, (uint32_t)ks,
					(uint32_t)ke);
	skip_ws(r);
	if (r->p < r->n && r->s[r->p] == '=' && ke > ks) {
		syntax(r, ks, ke - ks, "the entry has no citation key ('%.*s' is a "
		       "field); write @%.*s{key, ...}", (int)(ke - ks), r->s + ks,
		       (int)tlen, r->s + ts);
		memset(&e->id, 0, sizeof(e->id));
		r->p = ks;
	} else if (r->p < r->n && r->s[r->p] == ',') {
		r->p++;
	} else if (r->p < r->n && r->s[r->p] == close) {
		/* no fields */
	} else if (ke > ks && r->p < r->n && is_ident(r->s[r->p])) {
		syntax(r, ke, 1, "missing ',' after the key '%.*s'",
		       (int)(ke - ks), r->s + ks);
	} else if (r->p < r->n) {
		syntax(r, r->p, 1, "expected a citation key and ',' after '@%.*s%c'",
		       (int)tlen, r->s + ts, r->s[open]);
		finish_entry(r, r->p);
		recover(r, r->p);
		return;
	}
	for (;;) {
		size_t ns, ne;
		enum vres vr;
		char c;

		skip_ws_comments(r);
		if (r->p >= r->n) {
			not_closed(r, open, close, &e->id, true);
			finish_entry(r, r->n);
			return;
		}
		c = r->s[r->p];
		if (c == close) {
			size_t close_at = r->p++;

			finish_entry(r, r->p);
			e = &r->b.entries[r->b.nentries - 1];
			check_after_close(r, close_at, &e->id);
			return;
		}
		if (c == ',') {
			r->p++;
			continue;
		}
		if (c == '@' && entry_starts_at(r, r->p)) {
			not_closed(r, open, close, &e->id, false);
			finish_entry(r, r->p);
			return;
		}
		if (!is_ident(c)) {
			syntax(r, r->p, 1, "expected a field name or the '%c' that "
			       "closes the entry", close);
			finish_entry(r, r->p);
			recover(r, r->p);
			return;
		}
		ns = r->p;
		while (r->p < r->n && is_ident(r->s[r->p]))
			r->p++;
		ne = r->p;
		skip_ws(r);
		if (r->p >= r->n || r->s[r->p] != '=') {
			syntax(r, ns, ne - ns, "expected '=' after the field name '%.*s'",
			       (int)(ne - ns), r->s + ns);
			finish_entry(r, ns);
			recover(r, ns);
			return;
		}
		r->p++;
		vr = read_value(r, close, r->s + ns, ne - ns);
		if (vr == V_FAIL) {
			finish_entry(r, r->p > at ? r->p : at + 1);
			return;
		}
		if (vr == V_OK)
			add_field(r, r->s + ns, ne - ns, (uint32_t)ns, article);
		skip_ws_comments(r);
		if (r->p >= r->n || r->s[r->p] == close)
			continue;
		if (r->s[r->p] == ',') {
			r->p++;
			continue;
		}
		if (is_ident(r->s[r->p]) && r->s[r->p] != '@') {
			size_t q = r->p, qe;

			while (q < r->n && is_ident(r->s[q]))
				q++;
			qe = q;
			while (q < r->n && is_space(r->s[q]))
				q++;
			if (q < r->n && r->s[q] == '=') {
				syntax(r, r->p, qe - r->p, "missing ',' before the field '%.*s'",
				       (int)(qe - r->p), r->s + r->p);
				continue;
			}
		}
		if (r->s[r->p] == '@' && entry_starts_at(r, r->p))
			continue;   /* reported as an entry not closed */
		syntax(r, r->p, 1, "expected ',' or '%c' after the value of '%.*s'",
		       close, (int)(ne - ns), r->s + ns);
		finish_entry(r, r->p);
		recover(r, r->p);
		return;
	}
}

static void read_string(struct rd *r, char close)
{
	for (;;) {
		size_t ns, ne;
		enum vres vr;

		skip_ws(r);
		ns = r->p;
		while (r->p < r->n && is_ident(r->s[r->p]))
			r->p++;
		ne = r->p;
		if (ne == ns) {
			syntax(r, ns, 1, "expected a macro name in @string");
			recover(r, ns);
			return;
		}
		skip_ws(r);
		if (r->p >= r->n || r->s[r->p] != '=') {
			syntax(r, r->p, 1, "expected '=' after the @string name '%.*s'",
			       (int)(ne - ns), r->s + ns);
			recover(r, ns);
			return;
		}
		r->p++;
		vr = read_value(r, close, r->s + ns, ne - ns);
		if (vr == V_FAIL)
			return;
		macro_set(&r->macros, r->s + ns, ne - ns, r->rv, r->rvlen);
		skip_ws(r);
		if (r->p < r->n && r->s[r->p] == ',') {
			r->p++;
			continue;
		}
		if (r->p < r->n && r->s[r->p] == close) {
			r->p++;
			return;
		}
		syntax(r, r->p, 1, "expected '%c' to close @string", close);
		recover(r, r->p);
		return;
	}
}

/* @comment{...}: skipped with its balanced delimiters, or to the end of its
 * line when they do not balance. */
static void skip_comment(struct rd *r, size_t open, char close)
{
	char o = r->s[open];
	size_t i;
	long depth = 0;

	for (i = open; i < r->n; i++) {
		if (r->s[i] == o) {
			depth++;
		} else if (r->s[i] == close) {
			if (--depth == 0) {
				r->p = i + 1;
				return;
			}
		} else if (r->s[i] == '@' && entry_starts_at(r, i)) {
			break;
		}
	}
	recover(r, open);
}

static void read_entry(struct rd *r, size_t at)
{
	size_t ts, tlen, open;
	char close;

	r->p = at + 1;
	skip_ws(r);
	ts = r->p;
	while (r->p < r->n && is_ident(r->s[r->p]))
		r->p++;
	tlen = r->p - ts;
	skip_ws(r);
	if (tlen == 0 || r->p >= r->n || (r->s[r->p] != '{' && r->s[r->p] != '(')) {
		if (tlen == 7 && bl_memeq_ci(r->s + ts, 7, "comment")) {
			recover(r, at);
			return;
		}
		if (!at_line_start(r, at)) {
			/* an @ inside free text, such as an e-mail address */
			r->p = at + 1;
			return;
		}
		if (tlen == 0)
			syntax(r, at, 1, "'@' at the start of a line must begin an "
			       "entry such as @article{key, ...}");
		else
			syntax(r, r->p < r->n ? r->p : at, 1, "expected '{' or '(' after "
			       "'@%.*s'", (int)tlen, r->s + ts);
		recover(r, at);
		return;
	}
	open = r->p++;
	close = r->s[open] == '{' ? '}' : ')';
	if (tlen == 7 && bl_memeq_ci(r->s + ts, 7, "comment")) {
		skip_comment(r, open, close);
	} else if (tlen == 8 && bl_memeq_ci(r->s + ts, 8, "preamble")) {
		if (read_value(r, close, "@preamble", 9) == V_FAIL)
			return;
		skip_ws(r);
		if (r->p < r->n && r->s[r->p] == close) {
			r->p++;
			return;
		}
		syntax(r, r->p, 1, "expected '%c' to close @preamble", close);
		recover(r, r->p);
	} else if (tlen == 6 && bl_memeq_ci(r->s + ts, 6, "string")) {
		read_string(r, close);
	} else {
		read_regular(r, at, ts, tlen, open, close);
	}
}

static void define_months(struct macros *m)
{
	static const char *const months[] = {
		"jan", "January", "feb", "February", "mar", "March",
		"apr", "April", "may", "May", "jun", "June",
		"jul", "July", "aug", "August", "sep", "September",
		"oct", "October", "nov", "November", "dec", "December",
	};
	size_t i;

	for (i = 0; i < BL_ARRAY_SIZE(months); i += 2)
		macro_set(m, months[i], 3, months[i + 1], strlen(months[i + 1]));
}

/* Findings the reader made while entries were still being built name no
 * entry; give them the entry whose span holds them. */
static void attach_entries(struct bl_ctx *ctx, size_t first)
{
	const struct bl_list *list = ctx->src->list;
	size_t i;

	for (i = first; i < ctx->nfindings; i++) {
		struct bl_finding *f = &ctx->findings[i];
		size_t lo = 0, hi = list->count;

		if (f->entry)
			continue;
		/* the last entry starting at or before the finding */
		while (lo < hi) {
			size_t mid = lo + (hi - lo) / 2;

			if (list->entries[mid].start <= f->start)
				lo = mid + 1;
			else
				hi = mid;
		}
		if (lo > 0 && f->start < list->entries[lo - 1].end)
			f->entry = &list->entries[lo - 1];
	}
}

int bl_read_bibtex(struct bl_ctx *ctx, const struct bl_read_opts *opts)
{
	size_t first_finding = ctx->nfindings;
	struct rd r;

	memset(&r, 0, sizeof(r));
	r.ctx = ctx;
	r.src = ctx->src;
	r.s = ctx->src->data;
	r.n = ctx->src->len;
	r.p = ctx->src->bom;
	r.max_entries = opts ? opts->max_entries : 0;
	r.expand_limit = 4 * r.n + ((size_t)16 << 20);
	bl_builder_init(&r.b, ctx->src);
	define_months(&r.macros);

	while (r.p < r.n && !r.stopped) {
		const char *atp;
		size_t le;

		if (at_line_start(&r, r.p)) {
			while (r.p < r.n && (r.s[r.p] == ' ' || r.s[r.p] == '\t'))
				r.p++;
			if (r.p < r.n && r.s[r.p] == '%') {
				r.p = next_line(&r, r.p);
				continue;
			}
		}
		le = line_end(&r, r.p);
		atp = memchr(r.s + r.p, '@', le - r.p);
		if (!atp) {
			r.p = next_line(&r, r.p);
			continue;
		}
		read_entry(&r, (size_t)(atp - r.s));
	}
	bl_builder_finish(&r.b);
	attach_entries(ctx, first_finding);
	macros_release(&r.macros);
	bl_strbuf_release(&r.raw);
	bl_strbuf_release(&r.dec);
	bl_offsets_release(&r.offs);
	bl_offsets_release(&r.map);
	bl_offsets_release(&r.pairs);
	free(r.names);
	return BL_OK;
}
