/*
 * segment.c - printed references split into fields by the style's entry
 * patterns (see segment.h).
 *
 * ICU matches UTF-16, so a reference is converted once per match with a
 * table from UTF-16 index to byte offset; group spans then become exact
 * byte spans of the source. Compiled patterns, their named groups and the
 * cut-down prefixes used to find where a match broke off are cached for
 * the life of the process, keyed by the pattern text.
 */
#include "segment.h"

#include "input.h"

#include <stdlib.h>
#include <string.h>

#include <unicode/uregex.h>
#include <unicode/ustring.h>

#include "../style.h"
#include "../yamltree.h"
#include "../check/common.h"

#include "../banned.h"

/* ---- compiled patterns ------------------------------------------------- */

struct cgroup {
	char *name;
	int num;
};

struct compiled {
	char *regex;               /* the pattern text (copy; cache key) */
	URegularExpression *re;
	struct cgroup *groups;
	size_t ngroups;
	/* prefixes cut before and after each top-level group, built on the
	 * first reference the pattern does not match */
	bool cuts_built;
	URegularExpression **cuts;
	const char **cut_next;     /* the first group after each cut, or NULL */
	size_t *cut_end;           /* where each cut ends in the pattern */
	size_t ncuts;
};

/* ICU match steps (on the order of milliseconds) one match may take. */
#define BL_SEG_TIME_LIMIT 40
/* Longer references are not matched at all: no printed reference is this
 * long, and ICU's backtracking grows with the length. */
#define BL_SEG_MAX_LEN 4000

static struct compiled **cache;
static size_t ncache, cache_cap;

static URegularExpression *compile(const char *text, size_t len)
{
	UErrorCode st = U_ZERO_ERROR;
	UParseError pe;
	UText *ut = utext_openUTF8(NULL, text, (int64_t)len, &st);
	URegularExpression *re = uregex_openUText(ut, 0, &pe, &st);

	utext_close(ut);
	if (U_FAILURE(st)) {
		if (re)
			uregex_close(re);
		return NULL;
	}
	/* a pattern that backtracks badly on some line gives up on it (the
	 * line is then unrecognised) instead of hanging the run */
	uregex_setTimeLimit(re, BL_SEG_TIME_LIMIT, &st);
	return re;
}

/* Named groups: "(?<name>" not preceded by a backslash, and not the
 * look-behinds "(?<=" and "(?<!". */
static void find_groups(struct compiled *c)
{
	const char *s = c->regex;
	size_t i, cap = 0;

	for (i = 0; s[i]; i++) {
		size_t j;

		if (s[i] == '\\' && s[i + 1]) {
			i++;
			continue;
		}
		if (strncmp(s + i, "(?<", 3) != 0 || !bl_is_alpha((unsigned char)s[i + 3]))
			continue;
		for (j = i + 3; bl_is_alpha((unsigned char)s[j]) || bl_is_digit((unsigned char)s[j]); j++)
			;
		if (s[j] != '>')
			continue;
		BL_GROW(c->groups, c->ngroups + 1, cap);
		c->groups[c->ngroups].name = bl_xstrndup(s + i + 3, j - i - 3);
		c->groups[c->ngroups].num = -1;
		c->ngroups++;
	}
	for (i = 0; i < c->ngroups; i++) {
		UErrorCode st = U_ZERO_ERROR;
		int32_t n = uregex_groupNumberFromCName(c->re, c->groups[i].name, -1, &st);

		c->groups[i].num = U_SUCCESS(st) ? n : -1;
	}
}

static struct compiled *compiled_for(const char *regex)
{
	struct compiled *c;
	size_t i;

	for (i = 0; i < ncache; i++)
		if (cache[i]->regex == regex || strcmp(cache[i]->regex, regex) == 0)
			return cache[i];
	c = bl_xcalloc(1, sizeof(*c));
	c->regex = bl_xstrdup(regex);
	c->re = compile(regex, strlen(regex));
	if (c->re)
		find_groups(c);
	BL_GROW(cache, ncache + 1, cache_cap);
	cache[ncache++] = c;
	return c;
}

/* The first named group starting at or after s[from]. */
static const char *group_after(const struct compiled *c, size_t from)
{
	const char *p = c->regex + from;
	size_t i;

	while ((p = strstr(p, "(?<")) != NULL) {
		for (i = 0; i < c->ngroups; i++) {
			size_t n = strlen(c->groups[i].name);

			if (strncmp(p + 3, c->groups[i].name, n) == 0 && p[3 + n] == '>')
				return c->groups[i].name;
		}
		p += 3;
	}
	return NULL;
}

static void add_cut(struct compiled *c, size_t end, size_t *cap, size_t *cap2,
		    size_t *cap3)
{
	const char *s = c->regex;
	URegularExpression *re;
	size_t k;

	/* a cut that ends in a lazy group (`+?)`) matches as little as it
	 * can, which says nothing about where the text broke off */
	if (end >= 3 && s[end - 1] == ')' && s[end - 2] == '?' &&
	    (s[end - 3] == '+' || s[end - 3] == '*' || s[end - 3] == '}'))
		return;
	for (k = 0; k < c->ncuts; k++)
		if (c->cut_end[k] == end)
			return;
	if (!(re = compile(s, end)))
		return;
	BL_GROW(c->cut_end, c->ncuts + 1, *cap);
	BL_GROW(c->cut_next, c->ncuts + 1, *cap3);
	BL_GROW(c->cuts, c->ncuts + 1, *cap2);
	c->cuts[c->ncuts] = re;
	c->cut_next[c->ncuts] = group_after(c, end);
	c->cut_end[c->ncuts] = end;
	c->ncuts++;
}

/* Cuts the pattern before and after each group at the top level, and
 * before its final `$`: every cut is a valid pattern of its own, and the
 * end of the match of the last cut that matches is where the text
 * stopped following the pattern (the next group, or the end, was
 * expected there). */
static void build_cuts(struct compiled *c)
{
	const char *s = c->regex;
	size_t i, end, n = strlen(s), cap = 0, cap2 = 0, cap3 = 0;
	int depth = 0, cls = 0;

	c->cuts_built = true;
	for (i = 0; s[i]; i++) {
		if (s[i] == '\\' && s[i + 1]) {
			i++;
			continue;
		}
		if (cls) {
			if (s[i] == '[')
				cls++;
			else if (s[i] == ']')
				cls--;
			continue;
		}
		if (s[i] == '[') {
			cls = 1;
			if (s[i + 1] == '^')
				i++;
			if (s[i + 1] == ']')
				i++;
			continue;
		}
		if (s[i] == '(') {
			if (depth++ == 0 && i > 0)
				add_cut(c, i, &cap, &cap2, &cap3);
			continue;
		}
		if (s[i] != ')' || --depth != 0)
			continue;
		/* after the group and its quantifier */
		end = i + 1;
		if (s[end] == '{') {
			while (s[end] && s[end] != '}')
				end++;
			if (s[end])
				end++;
		} else if (s[end] == '?' || s[end] == '*' || s[end] == '+') {
			end++;
		}
		if (end > i + 1 && (s[end] == '?' || s[end] == '+'))
			end++;
		add_cut(c, end, &cap, &cap2, &cap3);
		i = end - 1;
	}
	if (n && s[n - 1] == '$' && (n < 2 || s[n - 2] != '\\'))
		n--;
	add_cut(c, n, &cap, &cap2, &cap3);
}

/* ---- UTF-16 with a map back to bytes ----------------------------------- */

struct u16 {
	UChar *u;
	uint32_t *map;             /* map[k]: byte offset of UTF-16 unit k */
	int32_t n;
};

static void u16_init(struct u16 *t, const char *text, size_t len)
{
	size_t i = 0;
	int32_t k = 0;

	t->u = bl_xmalloc((len + 1) * sizeof(*t->u));
	t->map = bl_xmalloc((len + 1) * sizeof(*t->map));
	while (i < len) {
		int32_t cp;
		int l = bl_utf8_decode(text + i, len - i, &cp);

		if (l <= 0) {
			cp = 0xFFFD;
			l = 1;
		}
		if (cp > 0xFFFF) {
			t->u[k] = (UChar)U16_LEAD(cp);
			t->map[k++] = (uint32_t)i;
			t->u[k] = (UChar)U16_TRAIL(cp);
			t->map[k++] = (uint32_t)i;
		} else {
			t->u[k] = (UChar)cp;
			t->map[k++] = (uint32_t)i;
		}
		i += (size_t)l;
	}
	t->map[k] = (uint32_t)len;
	t->u[k] = 0;
	t->n = k;
}

static void u16_release(struct u16 *t)
{
	free(t->u);
	free(t->map);
}

/* ---- matching ---------------------------------------------------------- */

static void take_groups(struct bl_seg_result *out, const struct compiled *c,
			const struct u16 *t)
{
	size_t i;

	out->ngroups = 0;
	for (i = 0; i < c->ngroups && out->ngroups < BL_SEG_MAX_GROUPS; i++) {
		UErrorCode st = U_ZERO_ERROR;
		int32_t a, b;

		if (c->groups[i].num < 0)
			continue;
		a = uregex_start(c->re, c->groups[i].num, &st);
		b = uregex_end(c->re, c->groups[i].num, &st);
		if (U_FAILURE(st) || a < 0 || b < a)
			continue;
		out->groups[out->ngroups].name = c->groups[i].name;
		out->groups[out->ngroups].off = t->map[a];
		out->groups[out->ngroups].len = t->map[b] - t->map[a];
		out->ngroups++;
	}
}

/* Points a pattern away from a buffer about to be freed. */
static void detach(URegularExpression *re)
{
	static const UChar empty[1];
	UErrorCode st = U_ZERO_ERROR;

	uregex_setText(re, empty, 0, &st);
}

/* How far the text follows pattern c: the end of the match of the cut
 * furthest into the pattern that matches at the start of the text. */
static uint32_t breaks_at(struct compiled *c, const struct u16 *t, const char **next)
{
	size_t k;
	uint32_t at = 0;

	if (!c->cuts_built)
		build_cuts(c);
	*next = group_after(c, 0);
	for (k = c->ncuts; k-- > 0;) {
		UErrorCode st = U_ZERO_ERROR;
		int32_t end = -1;
		bool ok;

		uregex_setText(c->cuts[k], t->u, t->n, &st);
		ok = uregex_lookingAt(c->cuts[k], 0, &st) && U_SUCCESS(st);
		if (ok)
			end = uregex_end(c->cuts[k], 0, &st);
		detach(c->cuts[k]);
		if (!ok || U_FAILURE(st) || end < 0)
			continue;
		at = t->map[end];
		*next = c->cut_next[k];
		break;
	}
	return at;
}

int bl_segment_text(struct bl_seg_result *out, const struct bl_style *stl,
		    const char *text, size_t len)
{
	struct u16 t;
	size_t p;
	int rc = BL_OK;

	memset(out, 0, sizeof(*out));
	out->pattern = -1;
	out->nearest = -1;
	if (!stl->npatterns || len > BL_SEG_MAX_LEN)
		return BL_OK;
	u16_init(&t, text, len);
	for (p = 0; p < stl->npatterns; p++) {
		struct compiled *c = compiled_for(stl->patterns[p].regex);
		UErrorCode st = U_ZERO_ERROR;
		UBool ok;

		if (!c->re) {
			rc = BL_ERR;
			continue;
		}
		uregex_setText(c->re, t.u, t.n, &st);
		ok = uregex_matches(c->re, 0, &st);
		if (st == U_REGEX_TIME_OUT || st == U_REGEX_STACK_OVERFLOW)
			ok = false;
		else if (U_FAILURE(st))
			rc = BL_ERR, ok = false;
		if (ok) {
			out->pattern = (int)p;
			take_groups(out, c, &t);
		}
		detach(c->re);
		if (ok)
			goto done;
	}
	for (p = 0; p < stl->npatterns; p++) {
		struct compiled *c = compiled_for(stl->patterns[p].regex);
		const char *next = NULL;
		uint32_t at;

		if (!c->re)
			continue;
		at = breaks_at(c, &t, &next);
		if (out->nearest < 0 || at > out->broke_at) {
			out->nearest = (int)p;
			out->broke_at = at;
			out->expected = next;
		}
	}
done:
	u16_release(&t);
	return rc;
}

/* ---- the label a pattern fixes ----------------------------------------- */

struct label_slot {
	char *regex;               /* the pattern (copies: styles may be freed) */
	char *group;
	char *label;               /* NULL: open */
};
static struct label_slot *labels;
static size_t nlabels, labels_cap;

/* Unescapes s[0..n) into a new string when it is a plain literal. */
static char *literal_of(const char *s, size_t n)
{
	struct bl_strbuf sb = BL_STRBUF_INIT;
	size_t i;

	for (i = 0; i < n; i++) {
		if (s[i] == '\\' && i + 1 < n) {
			if (bl_is_alpha((unsigned char)s[i + 1]) || bl_is_digit((unsigned char)s[i + 1]))
				goto open;
			bl_strbuf_addch(&sb, s[++i]);
			continue;
		}
		if (strchr("()[]{}|?*+.^$", s[i]))
			goto open;
		bl_strbuf_addch(&sb, s[i]);
	}
	while (sb.len && sb.buf[sb.len - 1] == ' ')
		sb.len--;
	if (!sb.len)
		goto open;
	sb.buf[sb.len] = '\0';
	return bl_strbuf_detach(&sb, NULL);
open:
	bl_strbuf_release(&sb);
	return NULL;
}

static char *find_label(const char *re, const char *group)
{
	char key[64];
	const char *g, *e;
	int n = snprintf(key, sizeof(key), "(?<%s>", group);

	if (n <= 0 || (size_t)n >= sizeof(key) || !(g = strstr(re, key)))
		return NULL;
	e = g;
	/* the space between the label and the group */
	for (;;) {
		if (e - re >= 1 && e[-1] == ' ') {
			e--;
		} else if (e - re >= 3 && e[-3] == '\\' && e[-2] == 's' &&
			   (e[-1] == '*' || e[-1] == '+' || e[-1] == '?')) {
			e -= 3;
		} else if (e - re >= 2 && e[-2] == '\\' && e[-1] == 's') {
			e -= 2;
		} else {
			break;
		}
	}
	if (e > re && e[-1] == ')') {
		/* (?:A|B|C): the first alternative */
		const char *o = e - 1;
		int depth = 0;

		while (o > re) {
			o--;
			if (o > re && o[-1] == '\\')
				continue;
			if (*o == ')')
				depth++;
			else if (*o == '(' && depth-- == 0)
				break;
		}
		if (strncmp(o, "(?:", 3) != 0)
			return NULL;
		{
			const char *a = o + 3, *b = a;

			while (b < e - 1 && *b != '|') {
				if (*b == '\\')
					b++;
				b++;
			}
			return literal_of(a, (size_t)(b - a));
		}
	} else {
		/* a plain literal: back to a space, a group or the start */
		const char *b = e;

		while (b > re && b[-1] != ' ' && b[-1] != ')' && b[-1] != '(' &&
		       b[-1] != '^' && b[-1] != ']')
			b--;
		if (b > re && b[-1] == '\\')
			return NULL;
		return literal_of(b, (size_t)(e - b));
	}
}

const char *bl_segment_label_wanted(const struct bl_style_pattern *p,
				    const char *group)
{
	size_t i;

	for (i = 0; i < nlabels; i++)
		if (strcmp(labels[i].regex, p->regex) == 0 && strcmp(labels[i].group, group) == 0)
			return labels[i].label;
	BL_GROW(labels, nlabels + 1, labels_cap);
	labels[nlabels].regex = bl_xstrdup(p->regex);
	labels[nlabels].group = bl_xstrdup(group);
	labels[nlabels].label = find_label(p->regex, group);
	return labels[nlabels++].label;
}

/* ---- fields ------------------------------------------------------------ */

static const struct {
	const char *group;
	const char *field;
	enum bl_key key;
} group_fields[] = {
	{ "authors", "author", BL_K_AUTHOR },
	{ "editors", "editor", BL_K_EDITOR },
	{ "year", "issued", BL_K_ISSUED },
	{ "title", "title", BL_K_TITLE },
	{ "translation", "translated-title", BL_K_TRANSLATED_TITLE },
	{ "container", "container-title", BL_K_CONTAINER_TITLE },
	{ "collection", "collection-title", BL_K_COLLECTION_TITLE },
	{ "volume", "volume", BL_K_VOLUME },
	{ "vols", "number-of-volumes", BL_K_NUMBER_OF_VOLUMES },
	{ "issue", "issue", BL_K_ISSUE },
	{ "number", "number", BL_K_NUMBER },
	{ "edition", "edition", BL_K_EDITION },
	{ "pages", "page", BL_K_PAGE },
	{ "total", "number-of-pages", BL_K_NUMBER_OF_PAGES },
	{ "city", "publisher-place", BL_K_PUBLISHER_PLACE },
	{ "publisher", "publisher", BL_K_PUBLISHER },
	{ "doi", "DOI", BL_K_DOI },
	{ "url", "URL", BL_K_URL },
	{ "archive", "archive", BL_K_OTHER },
	{ "record", "archive_location", BL_K_OTHER },
};

struct fbuf {
	struct bl_field *f;
	size_t n, cap;
	struct bl_slots slots;   /* the fields' names and dates */
};

static struct bl_field *fadd(struct fbuf *fb, struct bl_source *src,
			     const char *name, enum bl_key key, uint32_t a, uint32_t b)
{
	struct bl_field *f;

	BL_GROW(fb->f, fb->n + 1, fb->cap);
	f = &fb->f[fb->n++];
	memset(f, 0, sizeof(*f));
	f->name_id = bl_field_name_id(name, strlen(name));
	f->name_start = a;
	f->key = (uint8_t)key;
	f->kind = BL_FIELD_TEXT;
	f->slot = BL_NO_SLOT;
	f->value = bl_value_exact(src, a, b);
	return f;
}

static int32_t digits_at(const char *s, size_t n, size_t *used)
{
	int32_t v = 0;
	size_t i = 0;

	while (i < n && i < 6 && bl_is_digit((unsigned char)s[i]))
		v = v * 10 + (s[i++] - '0');
	*used = i;
	return v;
}

/* True when the year text (up to a comma) ends in a letter after a digit:
 * 2006a, 1984–1986b. */
static bool year_suffixed(const char *s, size_t n)
{
	size_t k = 0;

	while (k < n && s[k] != ',' && s[k] != ' ')
		k++;
	return k >= 2 && s[k - 1] >= 'a' && s[k - 1] <= 'z' && bl_is_digit((unsigned char)s[k - 2]);
}

static void add_year(struct fbuf *fb, struct bl_source *src, uint32_t a, uint32_t b)
{
	struct bl_field *f = fadd(fb, src, "issued", BL_K_ISSUED, a, b);
	struct bl_date *d = bl_arena_alloc(&src->arena, sizeof(*d));
	const char *s = src->data + a;
	size_t n = b - a, used, dl;

	memset(d, 0, sizeof(*d));
	bl_slots_set(&fb->slots, f, BL_FIELD_DATE, d);
	d->year = digits_at(s, n, &used);
	if (used < 3)
		d->year = 0;
	/* a printed 2006a: the suffix is the list's, not a typing slip in
	 * the year (year/not-a-year reads letters after an exact year), so
	 * the year's value is a copy that is not EXACT */
	if (year_suffixed(s, n))
		d->year_value = bl_value_with_map(src, s, used, a, a + (uint32_t)used, NULL);
	else
		d->year_value = bl_value_exact(src, a, a + (uint32_t)used);
	if (!d->year)
		memset(&d->year_value, 0, sizeof(d->year_value));   /* n.d. */
	d->raw = f->value;
	/* a range: 1957–2000 */
	if (used < n && bl_dash_at(s + used, n - used, &dl) != BL_DASH_NONE) {
		size_t u2;
		int32_t y2 = digits_at(s + used + dl, n - used - dl, &u2);

		if (u2 == 4)
			bl_date_set_end(d, y2);
	}
}

/* The fields a page marker and a DOI give in a reference no pattern
 * matched: "pp. 12-17", "С. 45–91", "P. 3", "DOI 10.1/x", "doi.org/10...". */
static void fallback_fields(struct fbuf *fb, struct bl_source *src, uint32_t start,
			    uint32_t end)
{
	const char *d = src->data;
	uint32_t i;
	bool pages = false, doi = false;

	for (i = start; i < end; i++) {
		if (!pages && i + 1 < end && (d[i] == 'p' || d[i] == 'P' || d[i] == 'S' ||
					      (i + 2 < end && (unsigned char)d[i] == 0xd0 &&
					       ((unsigned char)d[i + 1] == 0xa1)))) {
			uint32_t j = i, k;

			if (i > start && (bl_is_alpha((unsigned char)d[i - 1]) ||
					  (unsigned char)d[i - 1] >= 0x80))
				goto doi;
			j += (unsigned char)d[i] == 0xd0 ? 2 : 1;
			if (j < end && d[j] == 'p')
				j++;
			if (j >= end || d[j] != '.')
				goto doi;
			j++;
			while (j < end && d[j] == ' ')
				j++;
			k = j;
			while (k < end && bl_is_digit((unsigned char)d[k]))
				k++;
			if (k > j) {
				size_t dl;
				uint32_t m = k;

				while (m < end && d[m] == ' ')
					m++;
				if (bl_dash_at(d + m, end - m, &dl) != BL_DASH_NONE) {
					uint32_t q = m + (uint32_t)dl, r;

					while (q < end && d[q] == ' ')
						q++;
					for (r = q; r < end && bl_is_digit((unsigned char)d[r]); r++)
						;
					if (r > q) {
						fadd(fb, src, "page", BL_K_PAGE, j, r);
						pages = true;
					}
				}
			}
		}
doi:
		if (!doi && i + 3 < end && d[i] == '1' && d[i + 1] == '0' && d[i + 2] == '.' &&
		    (i == start || d[i - 1] == ' ' || d[i - 1] == '/' || d[i - 1] == ':') &&
		    bl_is_digit((unsigned char)d[i + 3])) {
			uint32_t k = i;

			while (k < end && d[k] != ' ' && d[k] != '\t')
				k++;
			while (k > i && (d[k - 1] == '.' || d[k - 1] == ',' || d[k - 1] == ';'))
				k--;
			if (memchr(d + i, '/', k - i)) {
				fadd(fb, src, "DOI", BL_K_DOI, i, k);
				doi = true;
			}
		}
	}
}

/* For a reference that wraps over lines, whose text has each run of white
 * space (line breaks, indentation) read as one space: map[i] is the source
 * offset of text byte i, map[len] the end. NULL when the text is not the
 * span read so (a YAML string with escapes). */
static uint32_t *collapse_map(const struct bl_source *src, const struct bl_value *v)
{
	uint32_t *map = bl_xmalloc(((size_t)bl_value_len(v) + 1) * sizeof(*map));
	uint32_t i = 0, o = v->start;

	while (i < bl_value_len(v) && o < bl_value_end(v)) {
		if (v->text[i] == ' ' && bl_is_space((unsigned char)src->data[o])) {
			map[i++] = o;
			while (o < bl_value_end(v) && bl_is_space((unsigned char)src->data[o]))
				o++;
			continue;
		}
		if (v->text[i] != src->data[o])
			break;
		map[i++] = o++;
	}
	if (i != bl_value_len(v) || o != bl_value_end(v)) {
		free(map);
		return NULL;
	}
	map[i] = o;
	return map;
}

/* Appends the collected fields to e (in the arena); with hide_ref, the
 * printed reference's own field becomes BL_FIELD_OTHER. */
static void append_fields(struct bl_source *src, struct bl_entry *e,
			  struct fbuf *fb, bool hide_ref)
{
	uint32_t i, before = e->nfields;

	if (!fb->n)
		return;
	bl_entry_add_fields(src, e, fb->f, fb->n, fb->slots.p, fb->slots.n);
	for (i = 0; i < before; i++)
		if (e->fields[i].value.text == e->raw_text && hide_ref)
			e->fields[i].kind = BL_FIELD_OTHER;
	free(fb->f);
	free(fb->slots.p);
	fb->f = NULL;
	fb->n = fb->cap = 0;
	memset(&fb->slots, 0, sizeof(fb->slots));
}

static void segment_entry(struct bl_ctx *ctx, const struct bl_style *st, bool guess,
			  struct bl_entry *e, const struct bl_value *ref)
{
	struct bl_source *src = ctx->src;
	struct bl_seg_result r;
	struct fbuf fb = { 0 };
	size_t i, k;
	uint32_t base = ref->start;
	uint32_t *map = NULL;

	if (!(ref->flags & BL_VAL_EXACT) && !(map = collapse_map(src, ref)))
		return;
	if (bl_segment_text(&r, st, ref->text, bl_value_len(ref)) < 0)
		r.pattern = -1;
	if (r.pattern < 0) {
		if (!guess && r.nearest >= 0) {
			const struct bl_style_pattern *p = &st->patterns[r.nearest];
			uint32_t at = map ? map[r.broke_at] : base + r.broke_at;
			uint32_t to = at;

			while (to < bl_value_end(ref) && src->data[to] != ' ')
				to++;
			if (to == at && at < bl_value_end(ref))
				to = at + 1;
			bl_report(ctx, BL_R_format_unrecognised, e, at, to,
				  "no entry pattern of the style matches this reference; the "
				  "nearest, '%s', stops matching here (expected %s)",
				  p->name, r.expected ? r.expected : "the end of the reference");
		}
		fallback_fields(&fb, src, ref->start, bl_value_end(ref));
	} else {
		for (i = 0; i < r.ngroups; i++) {
			const struct bl_seg_group *g = &r.groups[i];
			uint32_t a = map ? map[g->off] : base + g->off;
			uint32_t b = map ? map[g->off + g->len] : a + g->len;
			struct bl_field *f;

			for (k = 0; k < BL_ARRAY_SIZE(group_fields); k++)
				if (strcmp(group_fields[k].group, g->name) == 0)
					break;
			if (k == BL_ARRAY_SIZE(group_fields) || b <= a)
				continue;
			if (group_fields[k].key == BL_K_ISSUED) {
				add_year(&fb, src, a, b);
			} else if (group_fields[k].key == BL_K_AUTHOR ||
				   group_fields[k].key == BL_K_EDITOR) {
				f = fadd(&fb, src, group_fields[k].field, group_fields[k].key, a, b);
				bl_slots_set(&fb.slots, f, BL_FIELD_NAMES, bl_segment_names(src, a, b));
			} else {
				f = fadd(&fb, src, group_fields[k].field, group_fields[k].key, a, b);
				/* a part that wraps over lines: its text as read, its
				 * findings over the whole part */
				if (map && memchr(src->data + a, '\n', b - a))
					f->value = bl_value_decoded(src, ref->text + g->off, g->len,
								    a, b);
			}
		}
	}
	/* the printed reference stays for the rules that read the whole text;
	 * once its parts are fields, text rules read the parts instead */
	append_fields(src, e, &fb, r.pattern >= 0);
	free(map);
}

/* The style whose patterns split the list: the style's own, else those of
 * the data directory's default style (rules/styles/default.yml), which
 * guess at common shapes; *guess is then true. */
static const struct bl_style *pattern_style(const struct bl_style *st, bool *guess)
{
	const struct bl_style *def = NULL;
	struct bl_error err;

	*guess = !st->npatterns || (st->name && strcmp(st->name, "default") == 0);
	if (st->npatterns)
		return st;
	if (bl_style_load(&def, "default", NULL, &err) < 0 || !def->npatterns)
		return st;
	return def;
}

/* ---- paired lists ------------------------------------------------------ */

/* The byte offset of a 1-based line and code-point column. */
static uint32_t offset_of(const struct bl_source *src, unsigned line, unsigned col)
{
	uint32_t off;

	if (line == 0 || line > src->nlines)
		return (uint32_t)src->len;
	off = (uint32_t)bl_source_line_start(src, line - 1);
	while (col > 1 && off < src->len) {
		int32_t cp;
		int l = bl_utf8_decode(src->data + off, src->len - off, &cp);

		off += l > 0 ? (uint32_t)l : 1;
		col--;
	}
	return off;
}

static const struct {
	const char *group;
	const char *field;
	enum bl_key key;
} original_fields[] = {
	{ "authors", "original-author", BL_K_ORIGINAL_AUTHOR },
	{ "title", "original-title", BL_K_ORIGINAL_TITLE },
	{ "container", "original-container-title", BL_K_ORIGINAL_CONTAINER_TITLE },
};

/* One YAML file with both lists: `original:` holds the references in the
 * original language, `references:` their romanised forms, in the same
 * order. Each romanised entry gets its original's title, authors and
 * container as original-* fields, which the translit rules compare. */
static void pair_originals(struct bl_ctx *ctx, const struct bl_style *pst)
{
	struct bl_source *src = ctx->src;
	struct bl_list *list = src->list;
	struct bl_ydoc *doc = NULL;
	struct bl_error err;
	const struct bl_ynode *orig;
	size_t i, k, g;

	if (!(src->len >= src->bom + 9 &&
	      (memcmp(src->data + src->bom, "original:", 9) == 0 ||
	       memmem(src->data, src->len, "\noriginal:", 10))))
		return;
	if (bl_ydoc_parse(&doc, src->path, src->data, src->len, &err) < 0)
		return;
	orig = doc->root && doc->root->type == BL_YMAP ? bl_ynode_get(doc->root, "original")
						       : NULL;
	if (!orig || orig->type != BL_YSEQ || orig->count != list->count)
		goto out;
	for (i = 0; i < orig->count; i++) {
		const struct bl_ynode *n = orig->items[i];
		struct bl_entry *e = &list->entries[i];
		struct bl_seg_result r;
		struct fbuf fb = { 0 };
		uint32_t start;

		if (n->type != BL_YSCALAR || !e->raw_text)
			continue;
		start = offset_of(src, n->line, n->col) + (n->quoted ? 1 : 0);
		if (start + n->len > src->len || memcmp(src->data + start, n->text, n->len) != 0)
			continue;       /* escapes or folding: no exact span */
		if (bl_segment_text(&r, pst, n->text, n->len) < 0 || r.pattern < 0)
			continue;
		for (g = 0; g < r.ngroups; g++) {
			uint32_t a = start + r.groups[g].off, b = a + r.groups[g].len;

			for (k = 0; k < BL_ARRAY_SIZE(original_fields); k++) {
				struct bl_field *f;

				if (strcmp(original_fields[k].group, r.groups[g].name) != 0 || b <= a)
					continue;
				f = fadd(&fb, src, original_fields[k].field, original_fields[k].key,
					 a, b);
				if (original_fields[k].key == BL_K_ORIGINAL_AUTHOR) {
					bl_slots_set(&fb.slots, f, BL_FIELD_NAMES,
					       bl_segment_names(src, a, b));
				}
			}
		}
		append_fields(src, e, &fb, false);
	}
out:
	bl_ydoc_free(doc);
}

void bl_segment_list(struct bl_ctx *ctx)
{
	struct bl_list *list = ctx->src->list;
	const struct bl_style *st;
	bool guess;
	size_t i;
	uint32_t j;

	if (!list)
		return;
	st = pattern_style(ctx->style, &guess);
	for (i = 0; i < list->count; i++) {
		struct bl_entry *e = &list->entries[i];
		const struct bl_value *ref = NULL;

		if (!e->raw_text)
			continue;
		for (j = 0; j < e->nfields; j++) {
			if (e->fields[j].value.text == e->raw_text)
				ref = &e->fields[j].value;
			else
				break;
		}
		/* only a reference not segmented yet */
		if (j != e->nfields || !ref)
			continue;
		segment_entry(ctx, st, guess, e, ref);
	}
	if (ctx->src->format == BL_FMT_CSL_YAML) {
		bool g2;
		const struct bl_style *def = pattern_style(bl_style_default(), &g2);

		pair_originals(ctx, def);
	}
}

/* ---- paired lists in two files ------------------------------------------ */

/* A copy of v's text (from the original's file) as a value of src that
 * points at the whole span of at (the romanised part it is the original
 * of). */
static struct bl_value moved(struct bl_source *src, const struct bl_value *v,
			     const struct bl_value *at)
{
	return bl_value_decoded(src, v->text, bl_value_len(v), at->start, bl_value_end(at));
}

static void pair_entry(struct bl_source *src, struct bl_entry *e, struct bl_source *osrc,
		       const struct bl_entry *oe, const struct bl_style *pst)
{
	const struct bl_field *of = NULL;
	struct bl_seg_result r;
	struct fbuf fb = { 0 };
	uint32_t j;
	size_t g, k;

	for (j = 0; j < oe->nfields; j++)
		if (oe->fields[j].value.text == oe->raw_text)
			of = &oe->fields[j];
	if (!of || !(of->value.flags & BL_VAL_EXACT) ||
	    bl_segment_text(&r, pst, of->value.text, bl_value_len(&of->value)) < 0 || r.pattern < 0)
		return;
	for (g = 0; g < r.ngroups; g++) {
		uint32_t a = of->value.start + r.groups[g].off, b = a + r.groups[g].len;
		struct bl_value ov = bl_value_exact(osrc, a, b);
		const struct bl_field *rf;
		struct bl_field *f;
		struct bl_value at;
		enum bl_key rkey;

		for (k = 0; k < BL_ARRAY_SIZE(original_fields); k++)
			if (strcmp(original_fields[k].group, r.groups[g].name) == 0)
				break;
		if (k == BL_ARRAY_SIZE(original_fields) || b <= a)
			continue;
		rkey = original_fields[k].key == BL_K_ORIGINAL_AUTHOR ? BL_K_AUTHOR
		     : original_fields[k].key == BL_K_ORIGINAL_TITLE ? BL_K_TITLE
		     : BL_K_CONTAINER_TITLE;
		rf = bl_entry_field(e, rkey);
		if (rf) {
			at = rf->value;
		} else {
			memset(&at, 0, sizeof(at));
			bl_value_set_span(&at, e->start, e->end);
		}
		f = fadd(&fb, src, original_fields[k].field, original_fields[k].key, at.start,
			 bl_value_end(&at));
		f->value = moved(src, &ov, &at);
		if (original_fields[k].key == BL_K_ORIGINAL_AUTHOR) {
			const struct bl_names *onames = bl_segment_names(osrc, a, b);
			const struct bl_name *on = onames->items;
			uint32_t cnt = onames->count, q;
			struct bl_names *names = bl_names_alloc(src, cnt);
			struct bl_name *nn = names->items;

			names->count = cnt;
			for (q = 0; q < cnt; q++) {
				const struct bl_value *parts[] = {
					&on[q].family, &on[q].given, bl_name_particle(&on[q]),
					bl_name_suffix(&on[q]), bl_name_literal(&on[q]),
				};
				struct bl_value more[3] = { { 0 }, { 0 }, { 0 } };
				struct bl_value *dst[] = { &nn[q].family, &nn[q].given,
							   &more[0], &more[1], &more[2] };
				size_t p;

				for (p = 0; p < BL_ARRAY_SIZE(parts); p++)
					if (parts[p]->text)
						*dst[p] = moved(src, parts[p], &at);
				bl_name_set_more(src, &nn[q], &more[0], &more[1], &more[2]);
				nn[q].start = at.start;
				nn[q].end = bl_value_end(&at);
			}
			bl_slots_set(&fb.slots, f, BL_FIELD_NAMES, names);
		}
	}
	append_fields(src, e, &fb, false);
}

int bl_segment_pair_file(struct bl_ctx *ctx, const char *path, struct bl_error *err)
{
	struct bl_source *src = ctx->src, *osrc = NULL;
	struct bl_list *list = src->list;
	struct bl_ctx octx;
	const struct bl_style *pst;
	bool guess;
	size_t i;
	int rc;

	if (!list || !list->count)
		return BL_OK;
	if (bl_source_read_file(&osrc, path, (size_t)256 << 20, err) < 0)
		return BL_ERR;
	memset(&octx, 0, sizeof(octx));
	octx.src = osrc;
	octx.style = ctx->style;
	octx.sev = ctx->sev;
	octx.current_rule = -1;
	osrc->format = bl_has_suffix_ci(path, ".md") ? BL_FMT_MARKDOWN : BL_FMT_FORMATTED;
	rc = bl_read_formatted(&octx, NULL);
	free(octx.findings);
	if (rc != BL_OK || !osrc->list || osrc->list->count != list->count) {
		rc = bl_error_set(err, "the original list '%s' holds %zu references and '%s' %zu; "
				  "--original pairs two printed lists entry by entry, so give "
				  "lists of the same length", path,
				  osrc->list ? osrc->list->count : (size_t)0, src->path,
				  list->count);
		bl_source_free(osrc);
		return rc;
	}
	pst = pattern_style(bl_style_default(), &guess);
	for (i = 0; i < list->count; i++)
		if (list->entries[i].raw_text)
			pair_entry(src, &list->entries[i], osrc, &osrc->list->entries[i], pst);
	/* the values were copied into src's arena */
	bl_source_free(osrc);
	return BL_OK;
}
