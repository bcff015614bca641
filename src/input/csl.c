/*
 * csl.c - builds CSL items from a stream of structural events (see csl.h).
 *
 * The reader keeps a stack of frames, one per open mapping or sequence,
 * each with the role it plays: the document root, a top-level mapping
 * (looking for `references:`), the list of items, an item, a list of
 * names, a name, a date mapping, date-parts, or a node that is skipped.
 * Scalars are dispatched on the role of the frame they arrive in and, in
 * mappings, on the class of the key before them.
 *
 * Several top-level nodes may arrive (the documents of a YAML stream, or
 * the metadata blocks of a Markdown file); each that is a bibliography
 * adds its items. Mapping-valued fields other than names and dates are
 * kept as BL_FIELD_OTHER with their span.
 *
 * Decisions: an empty file is not a bibliography, an empty list is an
 * empty one; a `dropping-particle` goes into the name's particle only when
 * there is no `non-dropping-particle`; a name written as a plain string is
 * a literal name; a top-level list whose mappings use no CSL variable at
 * all (an Ansible playbook, say) is not a bibliography.
 */
#include "csl.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "../banned.h"

enum role {
	R_DOC,        /* bottom of the stack: the top-level nodes */
	R_TOPMAP,     /* a top-level mapping */
	R_ITEMS,      /* the list of items */
	R_ITEM,       /* one item */
	R_NAMES,      /* a list of names */
	R_NAME,       /* one name */
	R_DATE,       /* a date mapping */
	R_DATELIST,   /* a list of date mappings (older Pandoc form) */
	R_PARTS,      /* date-parts: a list of parts */
	R_PART,       /* one date part: [year, month, day] */
	R_SKIP,       /* anything kept only for its span, or ignored */
};

/* What the key before a value means, per role. */
enum {
	K_NONE = 0,
	/* R_TOPMAP */
	K_REFS,
	/* R_ITEM */
	K_PLAIN, K_NAMES, K_DATE,
	/* R_NAME */
	K_FAMILY, K_GIVEN, K_NDP, K_DP, K_SUFFIX, K_LITERAL,
	/* R_DATE */
	K_PARTS, K_RAW, K_DLITERAL, K_CIRCA, K_YEAR,
	K_IGNORE,
	K_SKIPVAL,    /* the value of a complex key: skipped */
};

struct frame {
	uint8_t role;
	uint8_t is_map;
	uint8_t want_key;     /* maps: the next node is a key */
	uint8_t key;          /* maps: class of the current key (K_*) */
	uint8_t skip_key;     /* maps: a non-scalar key is being skipped */
	uint32_t start;
	uint32_t index;       /* sequences: elements seen so far */
	uint32_t field;       /* R_ITEM: index of the current field */
	uint32_t part;        /* R_DATE, R_PART: 0 start of range, 1 end */
	size_t entries;       /* R_ITEMS: entries before this list */
};

struct bl_csl_reader {
	struct bl_ctx *ctx;
	struct bl_source *src;
	struct bl_builder b;
	size_t max_entries;
	size_t max_depth;
	struct frame *stack;  /* stack[0] is R_DOC */
	size_t depth;         /* frames above stack[0] */
	/* the names of the current names field */
	struct bl_name *names;
	size_t nnames, names_cap;
	struct bl_name name;  /* the name being read, and its */
	struct bl_value particle, suffix, literal;  /* parts few names have */
	struct bl_date *date; /* the date being read (in the arena) */
	size_t known;         /* fields with a known CSL key in this list */
	bool bib;             /* some top-level node was a bibliography */
	bool dropped;         /* a list was dropped as not a bibliography */
	bool stopped;
	bool aborted;         /* cut short: drop the item being read */
};

struct word {
	const char *s;
	size_t len;
};
#define W(x) { x, sizeof(x) - 1 }

static const struct word name_vars[] = {
	W("author"), W("editor"), W("translator"), W("container-author"),
	W("original-author"), W("composer"), W("director"), W("interviewer"),
	W("recipient"), W("reviewed-author"), W("collection-editor"),
	W("editorial-director"), W("illustrator"), W("chair"), W("compiler"),
	W("contributor"), W("curator"), W("executive-producer"), W("guest"),
	W("host"), W("narrator"), W("organizer"), W("performer"), W("producer"),
	W("script-writer"), W("series-creator"), W("editor-translator"),
};

static const struct word date_vars[] = {
	W("issued"), W("accessed"), W("original-date"), W("event-date"),
	W("submitted"), W("available-date"),
};

static bool is_one_of(const char *s, size_t n, const struct word *list,
		      size_t count)
{
	size_t i;

	for (i = 0; i < count; i++)
		if (list[i].len == n && list[i].s[0] == s[0] &&
		    memcmp(list[i].s, s, n) == 0)
			return true;
	return false;
}

/* Compares with a string literal; the length is known at compile time. */
#define text_is(ev, word)                                                    \
	((ev)->len == sizeof(word) - 1 && memcmp((ev)->text, word, (ev)->len) == 0)

struct bl_csl_reader *bl_csl_reader_new(struct bl_ctx *ctx,
					const struct bl_read_opts *opts)
{
	struct bl_csl_reader *r = bl_xcalloc(1, sizeof(*r));

	r->ctx = ctx;
	r->src = ctx->src;
	bl_builder_init(&r->b, ctx->src);
	r->max_entries = opts ? opts->max_entries : 0;
	r->max_depth = opts && opts->max_depth ? opts->max_depth : BL_CSL_MAX_DEPTH;
	r->stack = bl_xcalloc(r->max_depth + 1, sizeof(*r->stack));
	r->stack[0].role = R_DOC;
	return r;
}

bool bl_csl_reader_dropped(const struct bl_csl_reader *r)
{
	return r->dropped;
}

void bl_csl_reader_free(struct bl_csl_reader *r)
{
	if (!r)
		return;
	/* bl_builder_finish() released these unless reading was abandoned */
	bl_builder_release(&r->b);
	free(r->names);
	free(r->stack);
	free(r);
}

static struct bl_value scalar_value(struct bl_csl_reader *r,
				    const struct bl_csl_event *ev)
{
	struct bl_value v;

	if (ev->flags & BL_CSL_EXACT)
		v = bl_value_exact(r->src, ev->start, ev->end);
	else
		v = bl_builder_value(&r->b, ev->text, ev->len, ev->start, ev->end);
	v.flags |= ev->flags & (BL_VAL_NUMBER | BL_VAL_QUOTED | BL_VAL_NULL);
	return v;
}

/* The bytes [off, off+n) of v's text as a value of their own: exact
 * when v is. */
static struct bl_value sub_value(struct bl_csl_reader *r,
				 const struct bl_value *v, size_t off, size_t n)
{
	struct bl_value s;

	if (v->flags & BL_VAL_EXACT)
		s = bl_builder_value(&r->b, v->text + off, n,
				     v->start + (uint32_t)off,
				     v->start + (uint32_t)(off + n));
	else
		s = bl_builder_value(&r->b, v->text + off, n, v->start, bl_value_end(v));
	s.flags |= v->flags & (BL_VAL_NUMBER | BL_VAL_QUOTED);
	return s;
}

static struct bl_field *cur_field(struct bl_csl_reader *r, const struct frame *f)
{
	return &r->b.fields[f->field];
}

/* ---- years ------------------------------------------------------------ */

/* Reads [-]digits at s[0..n); returns the digits used (0 when none) and
 * the value, clamped to +-INT32_MAX when it does not fit. */
static size_t parse_year(const char *s, size_t n, int32_t *year)
{
	size_t i = 0, d0;
	bool neg = false;
	int64_t v = 0;

	if (i < n && (s[i] == '-' || s[i] == '+')) {
		neg = s[i] == '-';
		i++;
	}
	d0 = i;
	while (i < n && s[i] >= '0' && s[i] <= '9') {
		if (v <= INT32_MAX)
			v = v * 10 + (s[i] - '0');
		i++;
	}
	if (i == d0)
		return 0;
	if (v > INT32_MAX)
		v = INT32_MAX;
	*year = (int32_t)(neg ? -v : v);
	return i;
}

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static void set_year(struct bl_csl_reader *r, unsigned part,
		     const struct bl_value *v, size_t off, size_t n, int32_t year)
{
	struct bl_date *d = r->date;

	if (!d)
		return;
	if (part == 0 && !d->year_value.text) {
		d->year = year;
		d->year_value = sub_value(r, v, off, n);
	} else if (part == 1 && d->year_end == 0) {
		bl_date_set_end(d, year);
	}
}

/* One end of an EDTF-like date at s[*i..n): [-]YYYY[-MM[-DD]][~?%].
 * Returns the length of the year's digits (0 when there is no year). */
static size_t edtf_part(const char *s, size_t n, size_t *i, int32_t *year,
			bool *circa)
{
	size_t k = parse_year(s + *i, n - *i, year);

	if (k == 0)
		return 0;
	*i += k;
	/* -MM, -DD (two digits, not the start of a year) */
	while (n - *i >= 3 && s[*i] == '-' && is_digit(s[*i + 1]) &&
	       is_digit(s[*i + 2]) && (n - *i == 3 || !is_digit(s[*i + 3])))
		*i += 3;
	while (*i < n && (s[*i] == '~' || s[*i] == '?' || s[*i] == '%')) {
		if (s[*i] != '?')
			*circa = true;
		(*i)++;
	}
	return k;
}

/* A whole value in EDTF-like form: a date, or an interval of two with `/`
 * (the end may be open, `..`), or two years joined by a hyphen or an en
 * dash (2006-2007, 2006–2007). Sets the year(s) and returns true when the
 * whole text matches; otherwise sets nothing. */
static bool parse_edtf(struct bl_csl_reader *r, const struct bl_value *v)
{
	const char *s = v->text;
	size_t n = bl_value_len(v), i = 0, y0_at, k0, k1 = 0;
	int32_t y0, y1 = 0;
	bool circa = false;

	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	while (i < n && s[i] == ' ')
		i++;
	y0_at = i;
	k0 = edtf_part(s, n, &i, &y0, &circa);
	if (k0 == 0)
		return false;
	if (i < n && s[i] == '/') {
		i++;
		if (n - i == 2 && s[i] == '.' && s[i + 1] == '.')
			i = n;
		else if (i < n && (k1 = edtf_part(s, n, &i, &y1, &circa)) == 0)
			return false;
	} else if (i < n && k0 >= 4 &&
		   (s[i] == '-' || (n - i >= 3 && memcmp(s + i, "\xe2\x80\x93", 3) == 0))) {
		i += s[i] == '-' ? 1 : 3;
		if (n - i < 4 || !is_digit(s[i]))
			return false;
		k1 = edtf_part(s, n, &i, &y1, &circa);
	}
	if (i != n)
		return false;
	if (s[y0_at] == '+')
		y0_at++, k0--;
	set_year(r, 0, v, y0_at, k0, bl_year_from_astronomical(y0, k0 - (s[y0_at] == '-')));
	if (k1)
		set_year(r, 1, v, 0, 0, bl_year_from_astronomical(y1, k1 - (y1 < 0)));
	if (circa && r->date)
		r->date->circa = true;
	return true;
}

/* Free text (`raw:`, or a date no parser understood): the first
 * standalone run of four digits is the year; "ca."/"circa" mark circa. */
static void scan_year(struct bl_csl_reader *r, const struct bl_value *v)
{
	const char *s = v->text;
	size_t n = bl_value_len(v), i, j;
	int32_t y;

	if (!r->date)
		return;
	if ((n >= 3 && bl_memeq_ci(s, 3, "ca.")) ||
	    (n >= 2 && bl_memeq_ci(s, 2, "c.")) ||
	    (n >= 5 && bl_memeq_ci(s, 5, "circa")))
		r->date->circa = true;
	for (i = 0; i < n; i = j) {
		if (!is_digit(s[i])) {
			j = i + 1;
			continue;
		}
		for (j = i; j < n && is_digit(s[j]); j++)
			;
		if (j - i == 4 && (i == 0 || !is_digit(s[i - 1]))) {
			parse_year(s + i, 4, &y);
			set_year(r, 0, v, i, 4, y);
			return;
		}
	}
}

static void date_from_text(struct bl_csl_reader *r, const struct bl_value *v)
{
	if (v->flags & BL_VAL_NULL)
		return;
	if (!parse_edtf(r, v))
		scan_year(r, v);
}

static void begin_date(struct bl_csl_reader *r, struct bl_field *f)
{
	f->kind = BL_FIELD_DATE;
	r->date = bl_arena_alloc(&r->src->arena, sizeof(*r->date));
	bl_builder_set_date(&r->b, f, r->date);
}

/* ---- names ------------------------------------------------------------ */

static void begin_names(struct bl_csl_reader *r, struct bl_field *f)
{
	f->kind = BL_FIELD_NAMES;
	r->nnames = 0;
}

static void end_names(struct bl_csl_reader *r, struct bl_field *f)
{
	if (f->kind != BL_FIELD_NAMES)
		return;
	bl_builder_set_names(&r->b, f, bl_names_copy(r->src, r->names, r->nnames));
	r->nnames = 0;
}

/* A name mapping starts at byte start. */
static void begin_name(struct bl_csl_reader *r, uint32_t start)
{
	memset(&r->name, 0, sizeof(r->name));
	memset(&r->particle, 0, sizeof(r->particle));
	memset(&r->suffix, 0, sizeof(r->suffix));
	memset(&r->literal, 0, sizeof(r->literal));
	r->name.start = start;
}

static void push_name(struct bl_csl_reader *r, const struct bl_name *n)
{
	BL_GROW(r->names, r->nnames + 1, r->names_cap);
	r->names[r->nnames++] = *n;
}

/* An absent part of a name. */
static const struct bl_value none;

/* ---- frames ----------------------------------------------------------- */

static int push(struct bl_csl_reader *r, enum role role,
		const struct bl_csl_event *ev)
{
	struct frame *f;

	if (r->depth >= r->max_depth) {
		bl_report(r->ctx, BL_R_input_syntax, NULL, ev->start, ev->start,
			  "nesting deeper than %zu levels; a bibliography is not "
			  "nested this deeply",
			  r->max_depth);
		r->stopped = true;
		r->aborted = true;
		return BL_ERR;
	}
	f = &r->stack[++r->depth];
	memset(f, 0, sizeof(*f));
	f->role = (uint8_t)role;
	f->is_map = ev->type == BL_CSL_MAP_START;
	f->want_key = 1;
	f->start = ev->start;
	return BL_OK;
}

static int begin_entry(struct bl_csl_reader *r, uint32_t start)
{
	if (r->max_entries && r->b.nentries >= r->max_entries) {
		bl_report(r->ctx, BL_R_input_syntax, NULL, start, start,
			  "more than %zu entries; biblint stops reading here "
			  "(raise --max-entries to read them all)",
			  r->max_entries);
		r->stopped = true;
		return BL_ERR;
	}
	bl_builder_begin_entry(&r->b, start);
	return BL_OK;
}

/* The class of an item's key whose bl_key is key. */
static uint8_t item_key_class(const char *s, size_t n, enum bl_key key)
{
	switch (key) {
	case BL_K_AUTHOR:
	case BL_K_EDITOR:
	case BL_K_TRANSLATOR:
	case BL_K_CONTAINER_AUTHOR:
	case BL_K_ORIGINAL_AUTHOR:
		return K_NAMES;   /* these keys match only as spelled */
	case BL_K_ISSUED:
	case BL_K_ACCESSED:
	case BL_K_ORIGINAL_DATE:
		return K_DATE;
	case BL_K_OTHER:
		if (is_one_of(s, n, name_vars, BL_ARRAY_SIZE(name_vars)))
			return K_NAMES;
		if (is_one_of(s, n, date_vars, BL_ARRAY_SIZE(date_vars)))
			return K_DATE;
		return K_PLAIN;
	default:
		return K_PLAIN;
	}
}

/* The class of a key in a frame of this role. */
static uint8_t key_class(const struct frame *f, const struct bl_csl_event *ev)
{
	const char *s = ev->text;
	size_t n = ev->len;

	switch (f->role) {
	case R_TOPMAP:
		return text_is(ev, "references") ? K_REFS : K_IGNORE;
	case R_ITEM:
		return item_key_class(s, n, bl_key_from_csl(s, n));
	case R_NAME:
		if (text_is(ev, "family"))
			return K_FAMILY;
		if (text_is(ev, "given"))
			return K_GIVEN;
		if (text_is(ev, "non-dropping-particle"))
			return K_NDP;
		if (text_is(ev, "dropping-particle"))
			return K_DP;
		if (text_is(ev, "suffix"))
			return K_SUFFIX;
		if (text_is(ev, "literal"))
			return K_LITERAL;
		return K_IGNORE;
	case R_DATE:
		if (text_is(ev, "date-parts"))
			return K_PARTS;
		if (text_is(ev, "raw"))
			return K_RAW;
		if (text_is(ev, "literal"))
			return K_DLITERAL;
		if (text_is(ev, "circa"))
			return K_CIRCA;
		if (text_is(ev, "year"))
			return K_YEAR;
		return K_IGNORE;
	default:
		return K_IGNORE;
	}
}

/* A key the entry already has (the builder flags names repeated without
 * regard to case; YAML and JSON keys differ by case): YAML forbids it,
 * JSON leaves it to the reader, and readers keep one or the other. */
static void check_repeated_key(struct bl_csl_reader *r, const struct bl_field *fld,
			       const struct bl_csl_event *ev)
{
	size_t i, n = r->b.nfields - 1;
	unsigned line, col;

	for (i = 0; i < n; i++)
		if (strcmp(bl_field_name(&r->b.fields[i]), bl_field_name(fld)) == 0)
			break;
	if (i == n)
		return;
	bl_source_locate(r->src, r->b.fields[i].name_start, &line, &col);
	bl_report(r->ctx, BL_R_input_syntax, NULL, ev->start, ev->end,
		  "key '%s' appears twice in this entry (first on line %u); "
		  "readers keep one or the other: remove one", bl_field_name(fld), line);
}

/* A key scalar in mapping frame f. */
static void on_key(struct bl_csl_reader *r, struct frame *f,
		   const struct bl_csl_event *ev)
{
	f->want_key = 0;
	if (f->role == R_ITEM) {
		struct bl_field *fld;

		/* the builder sets the key from the name */
		fld = bl_builder_add_field(&r->b, ev->text, ev->len, ev->start);
		f->key = item_key_class(ev->text, ev->len, fld->key);
		fld->kind = BL_FIELD_TEXT;
		bl_value_set_span(&fld->value, ev->end, ev->end);
		if (fld->dup)
			check_repeated_key(r, fld, ev);
		if (fld->key != BL_K_OTHER)
			r->known++;
		f->field = (uint32_t)(r->b.nfields - 1);
	} else {
		f->key = key_class(f, ev);
	}
}

static bool truthy(const struct bl_csl_event *ev)
{
	return text_is(ev, "true") || text_is(ev, "True") || text_is(ev, "TRUE") ||
	       text_is(ev, "yes") || text_is(ev, "1");
}

static void name_part(struct bl_csl_reader *r, uint8_t key,
		      const struct bl_csl_event *ev)
{
	struct bl_name *nm = &r->name;
	struct bl_value v = scalar_value(r, ev);

	switch (key) {
	case K_FAMILY: nm->family = v; break;
	case K_GIVEN: nm->given = v; break;
	case K_NDP: r->particle = v; break;
	case K_DP:
		if (!r->particle.text)
			r->particle = v;
		break;
	case K_SUFFIX: r->suffix = v; break;
	case K_LITERAL: r->literal = v; break;
	default: break;
	}
}

/* A scalar in value position (or a sequence element) of the top frame. */
static int on_scalar_value(struct bl_csl_reader *r, struct frame *f,
			   const struct bl_csl_event *ev)
{
	struct bl_value v;
	struct bl_field *fld;

	switch (f->role) {
	case R_DOC:
		/* a scalar, or an empty document: no bibliography */
		break;
	case R_TOPMAP:
		if (f->key != K_REFS)
			break;
		r->bib = true;
		if (!(ev->flags & BL_VAL_NULL))
			bl_report(r->ctx, BL_R_input_syntax, NULL, ev->start, ev->end,
				  "'references' holds a single value; a list of CSL "
				  "items was expected");
		break;
	case R_ITEMS:
		if (ev->flags & BL_CSL_ALIAS)
			break;
		/* a formatted reference given as a string (its own copy: rules
		 * find the field holding raw_text by its address) */
		if (begin_entry(r, ev->start) < 0)
			return BL_ERR;
		v = bl_value_string(r->src, ev->text, ev->len, ev->start, ev->end);
		v.flags |= ev->flags & (BL_VAL_NUMBER | BL_VAL_QUOTED | BL_VAL_NULL);
		r->b.entries[r->b.nentries].raw_text = v.text;
		fld = bl_builder_add_field(&r->b, "reference", 9, ev->start);
		fld->key = BL_K_OTHER;
		fld->kind = BL_FIELD_TEXT;
		fld->value = v;
		r->known++;
		bl_builder_end_entry(&r->b, ev->end);
		break;
	case R_ITEM:
		fld = cur_field(r, f);
		if (ev->flags & BL_CSL_ALIAS) {
			fld->kind = BL_FIELD_OTHER;
			bl_value_set_span(&fld->value, ev->start, ev->end);
			break;
		}
		v = scalar_value(r, ev);
		fld->value = v;
		if (f->key == K_NAMES) {
			begin_names(r, fld);
			if (!(ev->flags & BL_VAL_NULL)) {
				struct bl_name nm;

				memset(&nm, 0, sizeof(nm));
				bl_name_set_more(r->src, &nm, &none, &none, &v);
				nm.start = ev->start;
				nm.end = ev->end;
				push_name(r, &nm);
			}
			end_names(r, fld);
		} else if (f->key == K_DATE) {
			begin_date(r, fld);
			if (!(ev->flags & BL_VAL_NULL)) {
				r->date->raw = v;
				date_from_text(r, &v);
			}
			r->date = NULL;
		}
		break;
	case R_NAMES:
		if (ev->flags & (BL_CSL_ALIAS | BL_VAL_NULL))
			break;
		memset(&r->name, 0, sizeof(r->name));
		v = scalar_value(r, ev);
		bl_name_set_more(r->src, &r->name, &none, &none, &v);
		r->name.start = ev->start;
		r->name.end = ev->end;
		push_name(r, &r->name);
		break;
	case R_NAME:
		if (!(ev->flags & BL_CSL_ALIAS))
			name_part(r, f->key, ev);
		break;
	case R_DATE:
		if (ev->flags & (BL_CSL_ALIAS | BL_VAL_NULL))
			break;
		v = scalar_value(r, ev);
		switch (f->key) {
		case K_RAW:
			r->date->raw = v;
			if (!r->date->year_value.text)
				date_from_text(r, &v);
			break;
		case K_DLITERAL:
			if (!r->date->raw.text)
				r->date->raw = v;
			break;
		case K_CIRCA:
			r->date->circa = truthy(ev);
			break;
		case K_YEAR: {
			int32_t y;
			size_t k = parse_year(v.text, bl_value_len(&v), &y);

			if (k)
				set_year(r, f->part, &v, 0, k, y);
			break;
		}
		case K_PARTS:
			/* date-parts: "2006" (not a list) */
			date_from_text(r, &v);
			break;
		default:
			break;
		}
		break;
	case R_DATELIST:
	case R_PARTS:
	case R_PART: {
		/* [2006, 2007] (a list of years), date-parts written flat as
		 * [2006, 3, 1], or one part [2006, 3, 1] */
		unsigned part;
		int32_t y;
		size_t k;

		if (ev->flags & (BL_CSL_ALIAS | BL_VAL_NULL))
			break;
		if (f->role == R_DATELIST) {
			part = f->index;
		} else {
			if (f->index > 0)
				break;   /* month, day */
			part = f->role == R_PART ? f->part : 0;
		}
		if (part > 1)
			break;
		v = scalar_value(r, ev);
		k = parse_year(v.text, bl_value_len(&v), &y);
		if (k > 0)
			set_year(r, part, &v, 0, k, y);
		break;
	}
	case R_SKIP:
		break;
	}
	return BL_OK;
}

/* A mapping or sequence starts in value position of the top frame f. */
static int on_start(struct bl_csl_reader *r, struct frame *f,
		    const struct bl_csl_event *ev)
{
	bool map = ev->type == BL_CSL_MAP_START;
	struct bl_field *fld;
	enum role role = R_SKIP;
	uint32_t part = 0;

	switch (f->role) {
	case R_DOC:
		if (map) {
			role = R_TOPMAP;
		} else {
			role = R_ITEMS;
		}
		break;
	case R_TOPMAP:
		if (f->key != K_REFS)
			break;
		r->bib = true;
		if (!map) {
			role = R_ITEMS;
		} else {
			bl_report(r->ctx, BL_R_input_syntax, NULL, ev->start, ev->start,
				  "'references' holds a mapping; a list of CSL items "
				  "was expected");
		}
		break;
	case R_ITEMS:
		if (map) {
			if (begin_entry(r, ev->start) < 0)
				return BL_ERR;
			role = R_ITEM;
		}
		break;
	case R_ITEM:
		fld = cur_field(r, f);
		bl_value_set_span(&fld->value, ev->start, ev->start);
		if (f->key == K_NAMES) {
			begin_names(r, fld);
			if (map) {
				role = R_NAME;
				begin_name(r, ev->start);
			} else {
				role = R_NAMES;
			}
		} else if (f->key == K_DATE) {
			begin_date(r, fld);
			role = map ? R_DATE : R_DATELIST;
		} else {
			fld->kind = BL_FIELD_OTHER;
		}
		break;
	case R_NAMES:
		if (map) {
			role = R_NAME;
			begin_name(r, ev->start);
		}
		break;
	case R_DATE:
		if (f->key == K_PARTS && !map)
			role = R_PARTS;
		break;
	case R_DATELIST:
		/* [{year: 2006}, {year: 2007}] (older Pandoc), or the
		 * date-parts without their key: [[2006, 3], [2007]] */
		if (f->index <= 1) {
			role = map ? R_DATE : R_PART;
			part = f->index;
		}
		break;
	case R_PARTS:
		if (!map && f->index <= 1) {
			role = R_PART;
			part = f->index;
		}
		break;
	default:
		break;
	}
	if (push(r, role, ev) < 0)
		return BL_ERR;
	r->stack[r->depth].part = part;
	if (role == R_ITEMS) {
		r->stack[r->depth].entries = r->b.nentries;
		r->known = 0;
	}
	return BL_OK;
}

/* The top frame ends at byte end: finish what it built. */
static void pop(struct bl_csl_reader *r, uint32_t end)
{
	struct frame *f = &r->stack[r->depth];
	struct frame *parent = &r->stack[r->depth - 1];

	switch (f->role) {
	case R_ITEMS:
		/* mappings that use no CSL variable at all: not a bibliography */
		if (r->b.nentries > f->entries && r->known == 0) {
			r->b.nentries = f->entries;
			r->dropped = true;
		} else {
			r->bib = true;
		}
		break;
	case R_ITEM:
		if (r->aborted)
			bl_builder_abort_entry(&r->b);
		else
			bl_builder_end_entry(&r->b, end);
		break;
	case R_NAME:
		r->name.end = end;
		bl_name_set_more(r->src, &r->name, &r->particle, &r->suffix,
				 &r->literal);
		push_name(r, &r->name);
		begin_name(r, 0);
		break;
	default:
		break;
	}
	r->depth--;
	/* the parent's value is complete */
	if (parent->role == R_ITEM && !parent->skip_key &&
	    parent->key != K_SKIPVAL) {
		struct bl_field *fld = cur_field(r, parent);

		bl_value_set_end(&fld->value, end);
		if (fld->kind == BL_FIELD_NAMES)
			end_names(r, fld);
		else if (fld->kind == BL_FIELD_DATE)
			r->date = NULL;
	}
	if (parent->is_map) {
		if (parent->skip_key) {
			/* a complex key ended: skip its value too */
			parent->skip_key = 0;
			parent->key = K_SKIPVAL;
			parent->want_key = 0;
		} else {
			parent->want_key = 1;
		}
	} else {
		parent->index++;
	}
}

int bl_csl_reader_event(struct bl_csl_reader *r, const struct bl_csl_event *ev)
{
	struct frame *f;

	if (r->stopped)
		return BL_ERR;
	f = &r->stack[r->depth];
	switch (ev->type) {
	case BL_CSL_SCALAR:
		if (f->is_map && f->want_key) {
			on_key(r, f, ev);
			return BL_OK;
		}
		if (!(f->is_map && f->key == K_SKIPVAL) &&
		    on_scalar_value(r, f, ev) < 0)
			return BL_ERR;
		if (f->is_map)
			f->want_key = 1;
		else
			f->index++;
		return BL_OK;
	case BL_CSL_MAP_START:
	case BL_CSL_SEQ_START:
		if (f->is_map && f->want_key) {
			/* a complex key (YAML `? [a, b]`): skipped with its value */
			if (push(r, R_SKIP, ev) < 0)
				return BL_ERR;
			f->skip_key = 1;
			return BL_OK;
		}
		if (f->is_map && f->key == K_SKIPVAL)
			return push(r, R_SKIP, ev);
		return on_start(r, f, ev);
	case BL_CSL_MAP_END:
	case BL_CSL_SEQ_END:
		if (r->depth == 0)
			BL_BUG("end event at the top level");
		pop(r, ev->end);
		return BL_OK;
	}
	return BL_OK;
}

void bl_csl_reader_abort(struct bl_csl_reader *r)
{
	r->stopped = true;
	r->aborted = true;
}

int bl_csl_reader_finish(struct bl_csl_reader *r, uint32_t end)
{
	while (r->depth > 0)
		pop(r, end);
	if (r->b.open && r->aborted)
		bl_builder_abort_entry(&r->b);
	bl_builder_finish(&r->b);
	/* an empty file, or only empty documents, holds no bibliography
	 * either (an empty list `[]` is an empty one) */
	if (!r->bib)
		return BL_ENOTBIB;
	return BL_OK;
}
