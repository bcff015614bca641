/*
 * biblint.h - the shared model: sources, entries, fields, values, findings.
 *
 * Every reader (src/input/) turns the bytes of one source into a list of
 * entries. Each entry has fields; each field value remembers the byte span it
 * came from, so that a finding points at the exact text and a fix edits only
 * that text. Rules (src/check/) read this model and report findings through
 * bl_report(); they never allocate outside the source's arena and never free.
 *
 * Ownership: a struct bl_source owns its bytes, its line table and an arena.
 * Entries, fields, decoded strings and findings of that source live in the
 * arena and are released with the source (bl_source_free()).
 */
#ifndef BIBLINT_H
#define BIBLINT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "util.h"

#define BL_VERSION "0.1.0"

/* Return codes of operational functions (findings are never errors). */
enum {
	BL_OK = 0,
	BL_ERR = -1,       /* generic failure; message in the bl_error */
	BL_ENOTBIB = -2,   /* the input is not a bibliography */
	BL_EUSAGE = -3,    /* bad option or configuration */
};

/* An operational error message kept for the caller (libgit2's git_error). */
struct bl_error {
	char msg[512];
};
/* Sets err->msg (when err is not NULL) and returns BL_ERR. */
int bl_error_set(struct bl_error *err, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

enum bl_severity {
	BL_SEV_OFF = 0,
	BL_SEV_INFO,
	BL_SEV_WARNING,
	BL_SEV_ERROR,
};
const char *bl_severity_name(enum bl_severity sev);
/* Parses "error", "warning", "info", "off"; returns -1 when unknown. */
int bl_severity_parse(const char *s);

enum bl_format {
	BL_FMT_AUTO = 0,
	BL_FMT_CSL_YAML,
	BL_FMT_MARKDOWN,   /* Pandoc Markdown with a YAML metadata block */
	BL_FMT_CSL_JSON,
	BL_FMT_BIBTEX,
	BL_FMT_FORMATTED,  /* a printed reference list (plain text) */
};
const char *bl_format_name(enum bl_format fmt);
int bl_format_parse(const char *s);   /* -1 when unknown */

/* ---- sources ---------------------------------------------------------- */

struct bl_line_mark {       /* private (source.c): line index starts at off */
	uint32_t line, off;
};

struct bl_source {
	char *path;            /* as given or repository-relative; owned */
	char *data;            /* the bytes, then BL_SOURCE_PAD zero bytes; owned */
	size_t len;
	size_t bom;            /* 3 when the file starts with a UTF-8 BOM */
	struct bl_line_mark *lines;  /* private (source.c): where some lines
				      * start; use bl_source_line_start() */
	size_t nmarks;         /* private */
	size_t nlines;         /* number of lines */
	bool has_cr;           /* private: some line break is CR or CRLF */
	uint32_t *cols;        /* private (source.c): code points before each
				* 4 KiB block, when a line is longer; or NULL */
	enum bl_format format;
	struct bl_arena arena; /* entries, fields, strings and findings */
	struct bl_list *list;  /* set by the reader; NULL before */
};

/* Zero bytes after a source's text: its NUL, and room for readers that look
 * a few bytes ahead (the YAML scanner reads it where it lies). */
#define BL_SOURCE_PAD 16

/* Takes a copy of data[0..len). Returns NULL only if len is over 4 GiB. */
struct bl_source *bl_source_new(const char *path, const char *data, size_t len);
/* Takes data[0..len) itself: a heap block of at least len + BL_SOURCE_PAD
 * bytes, which the source frees (len must be under 4 GiB). */
struct bl_source *bl_source_adopt(const char *path, char *data, size_t len);
/* Reads a file ("-" is standard input). On failure returns BL_ERR with a
 * message that names the path and says what to do. */
int bl_source_read_file(struct bl_source **out, const char *path,
			size_t max_size, struct bl_error *err);
void bl_source_free(struct bl_source *src);
/* 1-based line and column (in Unicode code points) of a byte offset. */
void bl_source_locate(const struct bl_source *src, size_t offset,
		      unsigned *line, unsigned *col);
/* The byte offset where the 0-based line index starts (src->len when
 * index >= src->nlines). */
size_t bl_source_line_start(const struct bl_source *src, size_t index);
/* The bytes of the line holding offset, without its line break. */
const char *bl_source_line(const struct bl_source *src, size_t offset,
			   size_t *len);

/* ---- values, fields, entries ----------------------------------------- */

/* A value: its text (decoded) and the byte span [start, end) of the source
 * text it was read from. When BL_VAL_EXACT is set, text is byte for byte the
 * source span, so an offset inside text is an offset inside the span; rules
 * may then report and fix sub-spans. Otherwise report the whole span.
 *
 * The text has bl_value_len() bytes. It is not NUL-terminated when it is
 * the source's own bytes (an EXACT value's text, as a rule, is not a copy):
 * read it with its length (%.*s, memchr, bl_memeq...), never as a C
 * string. */
enum bl_value_flags {
	BL_VAL_EXACT = 1 << 0,
	BL_VAL_NUMBER = 1 << 1,   /* written as a number (YAML/JSON scalar) */
	BL_VAL_QUOTED = 1 << 2,   /* written quoted in the source */
	BL_VAL_NULL = 1 << 3,     /* null / ~ / empty */
	BL_VAL_MAP = 1 << 4,      /* private: the text has a map (bl_value_map) */
	BL_VAL_SOURCE = 1 << 5,   /* private: the text is the source's own bytes */
};
struct bl_value {
	const char *text;      /* NULL when absent; see bl_value_len() */
	uint32_t start;
	uint32_t span : 26;    /* end - start; see bl_value_end() */
	uint32_t flags : 6;
};
#define BL_VALUE_PRESENT(v) ((v)->text != NULL)
/* A span of BL_SPAN_MAX bytes or more is a long one: its length is kept
 * before the value's text (or, for a value without text, cut). */
#define BL_SPAN_MAX ((1u << 26) - 1)

/* The length of a value's text (0 when absent): its span when the text is
 * the source's bytes; otherwise the text is a NUL-terminated copy made by
 * the value constructors below, which put its length in the four bytes
 * before it. */
static inline uint32_t bl_value_len(const struct bl_value *v)
{
	uint32_t n;

	if (v->flags & BL_VAL_SOURCE)
		return v->span;
	if (!v->text)
		return 0;
	__builtin_memcpy(&n, v->text - sizeof(n), sizeof(n));
	return n;
}
/* The printf arguments of a value's text, for "%.*s". */
#define BL_VALUE_FMT(v) (int)bl_value_len(v), (v)->text
/* The end of the value's source span. */
static inline uint32_t bl_value_end(const struct bl_value *v)
{
	uint32_t n;

	if (v->span != BL_SPAN_MAX || !v->text || (v->flags & BL_VAL_SOURCE))
		return v->start + v->span;
	__builtin_memcpy(&n, v->text - 2 * sizeof(n), sizeof(n));
	return v->start + n;
}
/* Sets the span of a value without text to [start, end) (end before
 * start: empty; cut short of BL_SPAN_MAX bytes). */
static inline void bl_value_set_span(struct bl_value *v, uint32_t start,
				     uint32_t end)
{
	v->start = start;
	v->span = end < start ? 0 : end - start >= BL_SPAN_MAX ? BL_SPAN_MAX - 1 : end - start;
}
/* Moves the end of v's span, its start staying. */
static inline void bl_value_set_end(struct bl_value *v, uint32_t end)
{
	bl_value_set_span(v, v->start, end);
}
#define BL_MAP_VERBATIM 0x80000000u

/* Decoded values (BibTeX) that are not EXACT may carry a map from text
 * offsets to source offsets, so that bl_value_subspan() can point inside
 * them: map[0] is a count K, then K pairs (text offset, source offset),
 * the text offsets ascending from 0; text byte i comes from source offset
 * s + (i - t) for the last pair (t, s) with t <= i. A text offset with
 * BL_MAP_VERBATIM set starts a run whose text is the source as written;
 * other runs are decoded markup. Few values have one, so a value does not
 * hold a pointer: bl_value_with_map() stores the map in the arena before
 * the text, then K again, then the text's length, and sets BL_VAL_MAP.
 * Returns the map or NULL when none. */
static inline const uint32_t *bl_value_map(const struct bl_value *v)
{
	uint32_t k;

	if (!(v->flags & BL_VAL_MAP))
		return NULL;
	__builtin_memcpy(&k, v->text - 2 * sizeof(k), sizeof(k));
	return (const uint32_t *)(const void *)(v->text - 2 * sizeof(k)) -
	       (1 + 2 * (size_t)k);
}

/* Canonical field keys, shared by all formats (CSL names in comments).
 * Readers map their own field names to these; anything else is BL_K_OTHER
 * with the name kept. */
#define BL_FIELD_KEYS(X)                                                     \
	X(OTHER, "")                                                         \
	X(ID, "id")                                                          \
	X(TYPE, "type")                                                      \
	X(TITLE, "title")                                                    \
	X(CONTAINER_TITLE, "container-title")                                \
	X(COLLECTION_TITLE, "collection-title")                              \
	X(AUTHOR, "author")                                                  \
	X(EDITOR, "editor")                                                  \
	X(TRANSLATOR, "translator")                                          \
	X(CONTAINER_AUTHOR, "container-author")                              \
	X(ISSUED, "issued")                                                  \
	X(ACCESSED, "accessed")                                              \
	X(PAGE, "page")                                                      \
	X(NUMBER_OF_PAGES, "number-of-pages")                                \
	X(VOLUME, "volume")                                                  \
	X(NUMBER_OF_VOLUMES, "number-of-volumes")                            \
	X(ISSUE, "issue")                                                    \
	X(NUMBER, "number")                                                  \
	X(EDITION, "edition")                                                \
	X(PUBLISHER, "publisher")                                            \
	X(PUBLISHER_PLACE, "publisher-place")                                \
	X(DOI, "DOI")                                                        \
	X(URL, "URL")                                                        \
	X(ISBN, "ISBN")                                                      \
	X(ISSN, "ISSN")                                                      \
	X(NOTE, "note")                                                      \
	X(LANGUAGE, "language")                                              \
	X(ORIGINAL_TITLE, "original-title")                                  \
	X(ORIGINAL_AUTHOR, "original-author")                                \
	X(ORIGINAL_CONTAINER_TITLE, "original-container-title")              \
	X(ORIGINAL_PUBLISHER, "original-publisher")                          \
	X(ORIGINAL_PUBLISHER_PLACE, "original-publisher-place")              \
	X(ORIGINAL_DATE, "original-date")                                    \
	X(TRANSLATED_TITLE, "translated-title")                              \
	X(CROSSREF, "crossref")

enum bl_key {
#define BL_KEY_ENUM(sym, name) BL_K_##sym,
	BL_FIELD_KEYS(BL_KEY_ENUM)
#undef BL_KEY_ENUM
	BL_K__COUNT
};
const char *bl_key_name(enum bl_key key);
/* The key of a CSL variable name (case-sensitive as CSL is, except DOI,
 * URL, ISBN, ISSN which match either case); BL_K_OTHER when unknown. */
enum bl_key bl_key_from_csl(const char *name, size_t len);

enum bl_field_kind {
	BL_FIELD_TEXT = 0,     /* value is the text */
	BL_FIELD_NAMES,        /* names/nnames hold the people */
	BL_FIELD_DATE,         /* date holds the parsed date; value the raw text if any */
	BL_FIELD_OTHER,        /* a list or mapping kept only for its span */
};

/* The parts few names have, kept apart so that a name without them (most
 * are) does not carry them. */
struct bl_name_more {
	struct bl_value particle;  /* "non-dropping-particle"/"von" */
	struct bl_value suffix;
	struct bl_value literal;   /* a name given whole ("ACME Corporation") */
};

struct bl_name {
	struct bl_value family;
	struct bl_value given;
	uint32_t start, end;       /* span of the whole name item */
	const struct bl_name_more *more;  /* NULL when none is present */
};
/* A name's particle, suffix and literal: a value without text when absent. */
const struct bl_value *bl_name_particle(const struct bl_name *n);
const struct bl_value *bl_name_suffix(const struct bl_name *n);
const struct bl_value *bl_name_literal(const struct bl_name *n);
/* Sets a name's particle, suffix and literal (any may be absent, all
 * zero): stored in the arena of src only when one is present. */
void bl_name_set_more(struct bl_source *src, struct bl_name *n,
		      const struct bl_value *particle,
		      const struct bl_value *suffix,
		      const struct bl_value *literal);

/* The names of a NAMES field. */
struct bl_names {
	uint32_t count;
	struct bl_name items[];
};
/* Room for n names in the arena of src, zero-filled, count 0. */
struct bl_names *bl_names_alloc(struct bl_source *src, size_t n);
/* A copy of items[0..n) in the arena of src. */
struct bl_names *bl_names_copy(struct bl_source *src, const struct bl_name *items,
			       size_t n);

/* A year written in the astronomical numbering of ISO 8601 and EDTF (year 0
 * is 1 BCE, -1 is 2 BCE), as the model holds years (CSL's: -1 is 1 BCE,
 * there is no year 0), when it has the four digits or more those standards
 * write; a shorter year's minus sign only says BCE. */
static inline int32_t bl_year_from_astronomical(int32_t year, size_t digits)
{
	return digits >= 4 && year <= 0 && year > INT32_MIN ? year - 1 : year;
}

struct bl_date {
	int32_t year;              /* 0 when unknown */
	int32_t year_end : 31;     /* end of a range; 0 when none (set it with
				    * bl_date_set_end()) */
	uint32_t circa : 1;
	struct bl_value year_value;/* the text the year was read from */
	struct bl_value raw;       /* raw/literal form when given */
};

/* Sets the end of d's range, kept within +-999,999,999 as years are. */
static inline void bl_date_set_end(struct bl_date *d, int64_t year)
{
	d->year_end = (int32_t)(year > 999999999 ? 999999999 : year < -999999999 ? -999999999
										  : year);
}

struct bl_field {
	struct bl_value value;     /* TEXT: the text; others: span of the value */
	uint32_t name_start;       /* byte offset of the name in the source */
	uint16_t name_id;          /* the name as written: bl_field_name() */
	uint8_t key : 6;           /* enum bl_key */
	uint8_t kind : 2;          /* enum bl_field_kind */
	uint8_t dup : 1;           /* 1 when a field of this name came earlier */
	uint8_t slot : 7;          /* private: the names or date of a NAMES or
				    * DATE field (bl_field_names(),
				    * bl_field_date()); BL_NO_SLOT when none */
};
/* An entry holds up to BL_NO_SLOT name lists and dates; a NAMES or DATE
 * field past them is kept as OTHER (its span only). */
#define BL_NO_SLOT 127

/* A field's name as written in the source (NUL-terminated). Names are
 * kept once per process: a field holds a 16-bit id (bl_field_name_id()). */
const char *bl_field_name(const struct bl_field *f);
/* The id of the field name name[0..len), made on first use; thread-safe.
 * Past 65,000 distinct names, new ones share one id whose name says so. */
uint16_t bl_field_name_id(const char *name, size_t len);

struct bl_entry {
	/* the type (and the field it comes from) has a NUL-terminated text;
	 * the id, like other values, may not */
	struct bl_value id;        /* citation key; text NULL when none */
	struct bl_value type;      /* CSL type / BibTeX entry type */
	uint32_t start, end;       /* span of the whole entry */
	uint32_t index;            /* position in the list, 0-based */
	uint32_t nfields;
	struct bl_field *fields;
	const char *raw_text;      /* formatted lists: the reference as printed
				    * (NUL-terminated: bl_value_string()) */
};

/* The names of a NAMES field f of e (none for another kind). The slots
 * follow the entry's fields in the same block. */
static inline const struct bl_names *bl_field_names(const struct bl_entry *e,
						    const struct bl_field *f)
{
	static const struct bl_names none;

	if (f->kind != BL_FIELD_NAMES || f->slot == BL_NO_SLOT)
		return &none;
	return ((const struct bl_names *const *)(const void *)(e->fields + e->nfields))[f->slot];
}
/* The date of a DATE field f of e, or NULL. */
static inline const struct bl_date *bl_field_date(const struct bl_entry *e,
						  const struct bl_field *f)
{
	if (f->kind != BL_FIELD_DATE || f->slot == BL_NO_SLOT)
		return NULL;
	return ((const struct bl_date *const *)(const void *)(e->fields + e->nfields))[f->slot];
}

struct bl_list {
	struct bl_entry *entries;
	size_t count;
};

/* First field with this key, or NULL. */
const struct bl_field *bl_entry_field(const struct bl_entry *e, enum bl_key key);
/* First field with this name (exact, case-insensitive), or NULL. */
const struct bl_field *bl_entry_field_named(const struct bl_entry *e,
					    const char *name);
/* The text of a TEXT field with this key, or NULL. */
const struct bl_value *bl_entry_text(const struct bl_entry *e, enum bl_key key);
/* The issued year (0 when none). */
int32_t bl_entry_year(const struct bl_entry *e);
/* The first author (else editor) name, or NULL. */
const struct bl_name *bl_entry_first_name(const struct bl_entry *e);

/* Calls fn for every text value of the list, in order: the text of TEXT
 * fields (name NULL) and each present part of each name (family, given,
 * particle, suffix, literal; name is the name it belongs to). Values
 * without text are skipped. */
typedef void (*bl_value_fn)(const struct bl_entry *e, const struct bl_field *f,
			    const struct bl_name *name, const struct bl_value *v,
			    void *arg);
void bl_list_each_value(const struct bl_list *list, bl_value_fn fn, void *arg);

/* ---- building lists (for readers) ------------------------------------ */

/* Collects entries and fields on the heap while a reader runs, then moves
 * them into the source's arena with bl_builder_finish(). */
/* The names and dates of fields being collected: bl_field.slot indexes
 * p. */
struct bl_slots {
	void **p;
	size_t n, cap;
};
/* Gives field f the names or date p, of kind NAMES or DATE, in a slot of
 * s (f's own when it has one already); past BL_NO_SLOT of them, f becomes
 * OTHER. */
void bl_slots_set(struct bl_slots *s, struct bl_field *f, enum bl_field_kind kind,
		  void *p);

struct bl_builder {
	struct bl_source *src;
	struct bl_entry *entries;
	size_t nentries, entries_cap;
	struct bl_field *fields;    /* fields of the open entry */
	size_t nfields, fields_cap;
	bool open;
	size_t max_entries;         /* 0: unlimited */
	/* private: field names of a wide entry, hashed for the duplicate
	 * check (which would otherwise cost the square of the field count) */
	uint32_t *dup_tab;
	size_t dup_cap, dup_count, dup_n;
	/* private: recent short texts, shared by equal values */
	struct bl_builder_text *texts;
	size_t text_misses;
	/* private: recent field names' ids */
	struct bl_builder_text *names;
	/* private: the open entry's names and dates */
	struct bl_slots slots;
};
void bl_builder_init(struct bl_builder *b, struct bl_source *src);
void bl_builder_begin_entry(struct bl_builder *b, uint32_t start);
/* Appends a field to the open entry and returns it (valid until the next
 * add), its key set by bl_key_from_csl() (readers of other formats set
 * their own). The name is copied into the arena (a key's own spelling and
 * names seen recently share one copy). */
struct bl_field *bl_builder_add_field(struct bl_builder *b, const char *name,
				      size_t name_len, uint32_t name_start);
void bl_builder_end_entry(struct bl_builder *b, uint32_t end);
/* Gives field f of the open entry its names (it becomes NAMES) or its date
 * (DATE): past BL_NO_SLOT of them, f becomes OTHER. */
void bl_builder_set_names(struct bl_builder *b, struct bl_field *f,
			  struct bl_names *names);
void bl_builder_set_date(struct bl_builder *b, struct bl_field *f, struct bl_date *date);
/* The date bl_builder_set_date() gave f of the open entry, or NULL. */
struct bl_date *bl_builder_date(const struct bl_builder *b, const struct bl_field *f);
/* Appends fields[0..n) to e in one new block of the arena of src, with the
 * names and dates slots[0..nslots) their slots index (a field past the
 * entry's last slot becomes OTHER). */
void bl_entry_add_fields(struct bl_source *src, struct bl_entry *e,
			 const struct bl_field *fields, size_t n, void *const *slots,
			 size_t nslots);
/* Drops the open entry, if any. */
void bl_builder_abort_entry(struct bl_builder *b);
/* Sets src->list and releases the heap vectors. */
void bl_builder_finish(struct bl_builder *b);
/* Releases what the builder holds when reading is abandoned before
 * bl_builder_finish() (which releases it otherwise). */
void bl_builder_release(struct bl_builder *b);
/* bl_value_decoded() for field values: a short decoded text equal to a
 * recent one (a type, a language, a year) shares its copy. Never use it for
 * a text compared by address (an entry's raw_text). */
struct bl_value bl_builder_value(struct bl_builder *b, const char *text,
				 size_t len, uint32_t start, uint32_t end);

/* A value whose text is exactly the source bytes [start, end) (the
 * source's own bytes). */
struct bl_value bl_value_exact(const struct bl_source *src, uint32_t start,
			       uint32_t end);
/* A value with decoded text read from [start, end): EXACT and the source's
 * own bytes when the text is the span's bytes, else a copy in the arena. */
struct bl_value bl_value_decoded(struct bl_source *src, const char *text,
				 size_t len, uint32_t start, uint32_t end);
/* The same, with the text always a NUL-terminated copy in the arena, for a
 * text read as a C string (an entry's raw_text). */
struct bl_value bl_value_string(struct bl_source *src, const char *text,
				size_t len, uint32_t start, uint32_t end);
/* The same, for a value that is not EXACT, with a map (see bl_value_map();
 * map is copied; NULL for none). */
struct bl_value bl_value_with_map(struct bl_source *src, const char *text,
				  size_t len, uint32_t start, uint32_t end,
				  const uint32_t *map);

/* ---- findings -------------------------------------------------------- */

struct bl_fix {
	uint32_t start, end;       /* the bytes to replace */
	const char *replacement;   /* NUL-terminated, in the arena */
	bool safe;                 /* may be applied by --fix */
};

struct bl_finding {
	int rule;                  /* enum bl_rule_id */
	enum bl_severity severity;
	uint32_t start, end;       /* byte span in the source */
	const char *message;       /* in the arena */
	const struct bl_entry *entry;  /* may be NULL */
	const struct bl_fix *fix;  /* NULL when none */
	/* A second place the finding refers to (the other duplicate, ...). */
	const struct bl_source *related_src;
	uint32_t related_start;
	bool has_related;
};

#endif
