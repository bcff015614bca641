/*
 * model.c - the entry model: field keys, look-ups, and the builder readers
 * use to collect entries into a source's arena.
 */
#include "biblint.h"
#if defined(__SANITIZE_ADDRESS__)
#define BL_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define BL_ASAN 1
#endif
#endif
#if defined(BL_EXACT_AUDIT) && defined(BL_ASAN)
#include <sanitizer/asan_interface.h>
#endif

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "banned.h"

static const char *const key_names[] = {
#define BL_KEY_NAME(sym, name) name,
	BL_FIELD_KEYS(BL_KEY_NAME)
#undef BL_KEY_NAME
};

/* a field holds its key in 6 bits */
_Static_assert(BL_K__COUNT <= 64, "too many field keys for bl_field.key");

const char *bl_key_name(enum bl_key key)
{
	return (unsigned)key < BL_K__COUNT ? key_names[key] : "";
}

/* ---- field names ------------------------------------------------------ */

/* Ids below BL_K__COUNT are the keys' own spellings; the others index
 * chunks of names that never move, filled under the lock. */
#define NAME_CHUNK 1024
#define NAME_CHUNKS 63
#define NAME_OVERFLOW 0xffffu

static struct {
	pthread_mutex_t lock;
	const char **chunks[NAME_CHUNKS];
	uint32_t n;                  /* names in the chunks */
	struct bl_map map;           /* name -> id */
	struct bl_arena texts;
} field_names = { .lock = PTHREAD_MUTEX_INITIALIZER };

static inline const char *field_name(const struct bl_field *f)
{
	uint32_t id = f->name_id;

	if (id < BL_K__COUNT)
		return key_names[id];
	if (id == NAME_OVERFLOW)
		return "(one of too many distinct field names)";
	id -= BL_K__COUNT;
	return field_names.chunks[id / NAME_CHUNK][id % NAME_CHUNK];
}

const char *bl_field_name(const struct bl_field *f)
{
	return field_name(f);
}

uint16_t bl_field_name_id(const char *name, size_t len)
{
	enum bl_key key = bl_key_from_csl(name, len);
	uint32_t id;

	if (strlen(key_names[key]) == len && memcmp(key_names[key], name, len) == 0)
		return (uint16_t)key;
	pthread_mutex_lock(&field_names.lock);
	if (!bl_map_get(&field_names.map, name, len, &id)) {
		uint32_t n = field_names.n;

		if (n >= NAME_CHUNK * NAME_CHUNKS) {
			pthread_mutex_unlock(&field_names.lock);
			return NAME_OVERFLOW;
		}
		if (!field_names.chunks[n / NAME_CHUNK])
			field_names.chunks[n / NAME_CHUNK] =
				bl_xcalloc(NAME_CHUNK, sizeof(*field_names.chunks[0]));
		field_names.chunks[n / NAME_CHUNK][n % NAME_CHUNK] =
			bl_arena_strndup(&field_names.texts, name, len);
		id = BL_K__COUNT + n;
		bl_map_put(&field_names.map, field_names.chunks[n / NAME_CHUNK][n % NAME_CHUNK],
			   len, id, NULL);
		field_names.n++;
	}
	pthread_mutex_unlock(&field_names.lock);
	return (uint16_t)id;
}

static const uint8_t key_lens[] = {
#define BL_KEY_LEN(sym, name) sizeof(name) - 1,
	BL_FIELD_KEYS(BL_KEY_LEN)
#undef BL_KEY_LEN
};

#define KEY_MAXLEN 32

/* The keys of each length, in key order: by_len[len] is the first,
 * next_key[k] the next of the same length (0 ends). Built on first use. */
static uint8_t by_len[KEY_MAXLEN];
static uint8_t next_key[BL_K__COUNT];
static pthread_once_t keys_once = PTHREAD_ONCE_INIT;

static void index_keys(void)
{
	size_t k;

	for (k = BL_K__COUNT - 1; k >= 1; k--) {
		if (key_lens[k] >= KEY_MAXLEN)
			BL_BUG("field key '%s' is too long", key_names[k]);
		next_key[k] = by_len[key_lens[k]];
		by_len[key_lens[k]] = (uint8_t)k;
	}
}

enum bl_key bl_key_from_csl(const char *name, size_t len)
{
	size_t k;

	if (len >= KEY_MAXLEN)
		return BL_K_OTHER;
	pthread_once(&keys_once, index_keys);
	for (k = by_len[len]; k; k = next_key[k]) {
		const char *kn = key_names[k];

		if (memcmp(kn, name, len) == 0)
			return (enum bl_key)k;
		/* DOI, URL, ISBN, ISSN are written in either case in the wild */
		if (kn[0] >= 'A' && kn[0] <= 'Z' && bl_memeq_ci(name, len, kn))
			return (enum bl_key)k;
	}
	return BL_K_OTHER;
}

const char *bl_severity_name(enum bl_severity sev)
{
	switch (sev) {
	case BL_SEV_ERROR: return "error";
	case BL_SEV_WARNING: return "warning";
	case BL_SEV_INFO: return "info";
	case BL_SEV_OFF: return "off";
	}
	return "?";
}

int bl_severity_parse(const char *s)
{
	if (strcmp(s, "error") == 0)
		return BL_SEV_ERROR;
	if (strcmp(s, "warning") == 0)
		return BL_SEV_WARNING;
	if (strcmp(s, "info") == 0)
		return BL_SEV_INFO;
	if (strcmp(s, "off") == 0)
		return BL_SEV_OFF;
	return -1;
}

static const char *const format_names[] = {
	[BL_FMT_AUTO] = "auto",
	[BL_FMT_CSL_YAML] = "csl-yaml",
	[BL_FMT_MARKDOWN] = "markdown",
	[BL_FMT_CSL_JSON] = "csl-json",
	[BL_FMT_BIBTEX] = "bibtex",
	[BL_FMT_FORMATTED] = "text",
};

const char *bl_format_name(enum bl_format fmt)
{
	return (unsigned)fmt < BL_ARRAY_SIZE(format_names) ? format_names[fmt] : "?";
}

int bl_format_parse(const char *s)
{
	size_t i;

	for (i = 0; i < BL_ARRAY_SIZE(format_names); i++)
		if (strcmp(s, format_names[i]) == 0)
			return (int)i;
	if (strcmp(s, "yaml") == 0)
		return BL_FMT_CSL_YAML;
	if (strcmp(s, "json") == 0)
		return BL_FMT_CSL_JSON;
	if (strcmp(s, "bib") == 0 || strcmp(s, "biblatex") == 0)
		return BL_FMT_BIBTEX;
	if (strcmp(s, "md") == 0)
		return BL_FMT_MARKDOWN;
	if (strcmp(s, "formatted") == 0 || strcmp(s, "txt") == 0)
		return BL_FMT_FORMATTED;
	return -1;
}

/* ---- look-ups --------------------------------------------------------- */

const struct bl_field *bl_entry_field(const struct bl_entry *e, enum bl_key key)
{
	uint32_t i;

	for (i = 0; i < e->nfields; i++)
		if (e->fields[i].key == key)
			return &e->fields[i];
	return NULL;
}

const struct bl_field *bl_entry_field_named(const struct bl_entry *e,
					    const char *name)
{
	uint32_t i;

	for (i = 0; i < e->nfields; i++)
		if (bl_streq_ci(bl_field_name(&e->fields[i]), name))
			return &e->fields[i];
	return NULL;
}

const struct bl_value *bl_entry_text(const struct bl_entry *e, enum bl_key key)
{
	const struct bl_field *f = bl_entry_field(e, key);

	if (!f || f->kind != BL_FIELD_TEXT || !f->value.text)
		return NULL;
	return &f->value;
}

int32_t bl_entry_year(const struct bl_entry *e)
{
	const struct bl_field *f = bl_entry_field(e, BL_K_ISSUED);
	const struct bl_date *d = f ? bl_field_date(e, f) : NULL;

	return d ? d->year : 0;
}

const struct bl_name *bl_entry_first_name(const struct bl_entry *e)
{
	const struct bl_field *f = bl_entry_field(e, BL_K_AUTHOR);

	if (!f || f->kind != BL_FIELD_NAMES || bl_field_names(e, f)->count == 0)
		f = bl_entry_field(e, BL_K_EDITOR);
	if (!f || f->kind != BL_FIELD_NAMES || bl_field_names(e, f)->count == 0)
		return NULL;
	return &bl_field_names(e, f)->items[0];
}

void bl_list_each_value(const struct bl_list *list, bl_value_fn fn, void *arg)
{
	size_t i;
	uint32_t j, k;

	for (i = 0; i < list->count; i++) {
		const struct bl_entry *e = &list->entries[i];

		for (j = 0; j < e->nfields; j++) {
			const struct bl_field *f = &e->fields[j];

			if (f->kind == BL_FIELD_TEXT && f->value.text) {
				fn(e, f, NULL, &f->value, arg);
			} else if (f->kind == BL_FIELD_NAMES) {
				const struct bl_names *names = bl_field_names(e, f);

				for (k = 0; k < names->count; k++) {
					const struct bl_name *n = &names->items[k];
					const struct bl_value *parts[] = {
						&n->family, &n->given, bl_name_particle(n),
						bl_name_suffix(n), bl_name_literal(n),
					};
					size_t p;

					for (p = 0; p < BL_ARRAY_SIZE(parts); p++)
						if (parts[p]->text)
							fn(e, f, n, parts[p], arg);
				}
			}
		}
	}
}

/* ---- names ------------------------------------------------------------ */

static const struct bl_value no_value;

const struct bl_value *bl_name_particle(const struct bl_name *n)
{
	return n->more ? &n->more->particle : &no_value;
}

const struct bl_value *bl_name_suffix(const struct bl_name *n)
{
	return n->more ? &n->more->suffix : &no_value;
}

const struct bl_value *bl_name_literal(const struct bl_name *n)
{
	return n->more ? &n->more->literal : &no_value;
}

void bl_name_set_more(struct bl_source *src, struct bl_name *n,
		      const struct bl_value *particle,
		      const struct bl_value *suffix,
		      const struct bl_value *literal)
{
	struct bl_name_more *m;

	if (memcmp(particle, &no_value, sizeof(no_value)) == 0 &&
	    memcmp(suffix, &no_value, sizeof(no_value)) == 0 &&
	    memcmp(literal, &no_value, sizeof(no_value)) == 0) {
		n->more = NULL;
		return;
	}
	m = bl_arena_alloc(&src->arena, sizeof(*m));
	m->particle = *particle;
	m->suffix = *suffix;
	m->literal = *literal;
	n->more = m;
}

/* ---- names ------------------------------------------------------------ */

struct bl_names *bl_names_alloc(struct bl_source *src, size_t n)
{
	size_t size = sizeof(struct bl_names) + n * sizeof(struct bl_name);
	struct bl_names *names = bl_arena_alloc_ptrs(&src->arena, size);

	memset(names, 0, size);
	return names;
}

struct bl_names *bl_names_copy(struct bl_source *src, const struct bl_name *items,
			       size_t n)
{
	struct bl_names *names = bl_names_alloc(src, n);

	if (n)
		memcpy(names->items, items, n * sizeof(*items));
	names->count = (uint32_t)n;
	return names;
}

/* ---- values ----------------------------------------------------------- */

/* Whether [start, end) is longer than a value's span holds: its length is
 * then kept before the value's text (see bl_value_end()). */
static bool long_span(uint32_t start, uint32_t end)
{
	return end > start && end - start >= BL_SPAN_MAX;
}

/* A NUL-terminated copy of text[0..len) in the arena with its length in the
 * four bytes before it, as bl_value_len() reads it, and before those, for a
 * value of a long span [start, end), the span's length. */
static char *value_text_for(struct bl_arena *a, const char *text, size_t len,
			    uint32_t start, uint32_t end)
{
	size_t head = long_span(start, end) ? 2 : 1;
	uint32_t *w = bl_arena_alloc_words(a, head * sizeof(*w) + len + 1);
	char *p = (char *)(w + head);

	if (head == 2)
		w[0] = end - start;
	w[head - 1] = (uint32_t)len;
	if (len)
		memcpy(p, text, len);
	p[len] = '\0';
	return p;
}

static char *value_text(struct bl_arena *a, const char *text, size_t len)
{
	return value_text_for(a, text, len, 0, 0);
}

/* A value of text (made by value_text_for() when the span is long) read
 * from [start, end). */
static struct bl_value make_value(const char *text, uint32_t start, uint32_t end,
				  uint32_t flags)
{
	struct bl_value v;

	v.text = text;
	v.start = start;
	if (long_span(start, end) && text)
		v.span = BL_SPAN_MAX;      /* the length is before the text */
	else
		bl_value_set_span(&v, start, end);
	v.flags = flags & 0x3f;
	return v;
}

/* The text of an EXACT value: the source's bytes [start, end). */
static const char *source_text(const struct bl_source *src, uint32_t start, uint32_t end)
{
#ifdef BL_EXACT_AUDIT
	/* a copy of exactly these bytes on the heap, so that AddressSanitizer
	 * reports a read past the text's length */
	char *p = bl_xmalloc(end - start ? end - start : 1);

	memcpy(p, src->data + start, end - start);
	bl_arena_keep(&((struct bl_source *)src)->arena, p);
#ifdef BL_ASAN
	if (end == start)
		__asan_poison_memory_region(p, 1);
#endif
	return p;
#else
	(void)end;
	return src->data + start;
#endif
}

struct bl_value bl_value_exact(const struct bl_source *src, uint32_t start,
			       uint32_t end)
{
	/* a long span's text is a copy, which holds the span's length */
	if (long_span(start, end))
		return make_value(value_text_for(&((struct bl_source *)src)->arena,
						 src->data + start, end - start, start, end),
				  start, end, BL_VAL_EXACT);
	return make_value(source_text(src, start, end), start, end,
			  BL_VAL_EXACT | BL_VAL_SOURCE);
}

struct bl_value bl_value_decoded(struct bl_source *src, const char *text,
				 size_t len, uint32_t start, uint32_t end)
{
	if (end - start == len && memcmp(src->data + start, text, len) == 0)
		return bl_value_exact(src, start, end);
	return make_value(value_text_for(&src->arena, text, len, start, end), start, end, 0);
}

struct bl_value bl_value_string(struct bl_source *src, const char *text,
				size_t len, uint32_t start, uint32_t end)
{
	uint32_t flags = 0;

	if (end - start == len && memcmp(src->data + start, text, len) == 0)
		flags |= BL_VAL_EXACT;
	return make_value(value_text_for(&src->arena, text, len, start, end), start, end,
			  flags);
}

struct bl_value bl_value_with_map(struct bl_source *src, const char *text,
				  size_t len, uint32_t start, uint32_t end,
				  const uint32_t *map)
{
	size_t words = map ? 2 + 2 * (size_t)map[0] : 0;
	uint32_t *w;
	char *p;

	/* a long span's length takes the place of the map, which only serves
	 * to point inside a value (a long one is reported whole) */
	if (long_span(start, end))
		return make_value(value_text_for(&src->arena, text, len, start, end), start,
				  end, 0);
	w = bl_arena_alloc_words(&src->arena, (words + 1) * sizeof(*w) + len + 1);
	p = (char *)(w + words + 1);
	/* the map, its count again, the text's length, then the text: the
	 * count tells bl_value_map() where the map starts */
	if (map) {
		memcpy(w, map, (words - 1) * sizeof(*w));
		w[words - 1] = map[0];
	}
	w[words] = (uint32_t)len;
	if (len)
		memcpy(p, text, len);
	p[len] = '\0';
	return make_value(p, start, end, map ? BL_VAL_MAP : 0);
}

/* ---- builder ---------------------------------------------------------- */

void bl_builder_init(struct bl_builder *b, struct bl_source *src)
{
	memset(b, 0, sizeof(*b));
	b->src = src;
}

/* ---- the duplicate-name check of wide entries ------------------------ */

#define DUP_SCAN 16     /* up to this many fields, a linear scan is cheaper */

static inline unsigned char lower(char c)
{
	return c >= 'A' && c <= 'Z' ? (unsigned char)(c - 'A' + 'a') : (unsigned char)c;
}

/* Puts index k (stored as k + 1) into the table, or finds an earlier field
 * of the same name: then returns true. */
static bool dup_probe(struct bl_builder *b, size_t k)
{
	const char *name = field_name(&b->fields[k]);
	size_t mask = b->dup_cap - 1, j = bl_hash_ci(name, strlen(name)) & mask;

	while (b->dup_tab[j]) {
		if (bl_streq_ci(field_name(&b->fields[b->dup_tab[j] - 1]), name))
			return true;
		j = (j + 1) & mask;
	}
	b->dup_tab[j] = (uint32_t)k + 1;
	b->dup_count++;
	return false;
}

/* Whether fields[i] repeats the name of one of fields[0..i). */
static bool dup_hashed(struct bl_builder *b, size_t i)
{
	size_t k;

	if (b->dup_n != i || (b->dup_count + 1) * 2 > b->dup_cap) {
		/* (re)build for fields[0..i) of this entry */
		size_t cap = b->dup_cap ? b->dup_cap : 64;

		while (cap < (i + 1) * 4)
			cap *= 2;
		if (cap != b->dup_cap) {
			free(b->dup_tab);
			b->dup_tab = bl_xmalloc(cap * sizeof(*b->dup_tab));
			b->dup_cap = cap;
		}
		memset(b->dup_tab, 0, cap * sizeof(*b->dup_tab));
		b->dup_count = 0;
		for (k = 0; k < i; k++)
			dup_probe(b, k);
	}
	b->dup_n = i + 1;
	return dup_probe(b, i);
}

void bl_builder_begin_entry(struct bl_builder *b, uint32_t start)
{
	struct bl_entry *e;

	if (b->open)
		bl_builder_abort_entry(b);
	BL_GROW(b->entries, b->nentries + 1, b->entries_cap);
	e = &b->entries[b->nentries];
	memset(e, 0, sizeof(*e));
	e->start = start;
	e->end = start;
	e->index = (uint32_t)b->nentries;
	b->nfields = 0;
	b->slots.n = 0;
	b->dup_n = 0;
	b->open = true;
}

static const char *shared_text(struct bl_builder *b, const char *text, size_t len);

/* A slot of the builder's direct-mapped caches of recent texts (shared
 * copies) and field names (their ids). */
struct bl_builder_text {
	const char *s;
	uint32_t len;
	uint32_t hash;    /* compared first: s is rarely in the cache */
	uint16_t id;      /* a field name's */
	uint8_t key;      /* and its key */
};

/* The slot of text[0..len) in the cache *tab of nslots (made on first
 * use); *hit says whether it holds text. The caller fills a missed slot. */
static struct bl_builder_text *cache_slot(struct bl_builder_text **tab, size_t nslots,
					  const char *text, size_t len, bool *hit)
{
	uint32_t h = (uint32_t)bl_hash_fast(text, len);
	struct bl_builder_text *t;

	if (!*tab)
		*tab = bl_xcalloc(nslots, sizeof(**tab));
	t = &(*tab)[h & (nslots - 1)];
	*hit = t->s && t->hash == h && t->len == len && memcmp(t->s, text, len) == 0;
	t->hash = h;
	return t;
}

#define NAME_SLOTS 256     /* a direct-mapped cache of recent names */

/* bl_field_name_id() (without the lock) and bl_key_from_csl() of a field
 * name, through the builder's cache. */
static void builder_name(struct bl_builder *b, struct bl_field *f, const char *name,
			 size_t len)
{
	bool hit;
	struct bl_builder_text *c = cache_slot(&b->names, NAME_SLOTS, name, len, &hit);

	if (hit) {
		f->name_id = c->id;
		f->key = c->key;
		return;
	}
	f->name_id = bl_field_name_id(name, len);
	f->key = (uint8_t)bl_key_from_csl(name, len);
	c->s = bl_field_name(f);
	c->len = (uint32_t)len;
	c->id = f->name_id;
	c->key = f->key;
	if (f->name_id == NAME_OVERFLOW || strlen(c->s) != len)
		c->s = NULL;     /* an embedded NUL: not kept */
}

struct bl_field *bl_builder_add_field(struct bl_builder *b, const char *name,
				      size_t name_len, uint32_t name_start)
{
	struct bl_field *f;
	const char *fname;
	size_t i;

	if (!b->open)
		BL_BUG("field added outside an entry");
	BL_GROW(b->fields, b->nfields + 1, b->fields_cap);
	f = &b->fields[b->nfields];
	memset(f, 0, sizeof(*f));
	builder_name(b, f, name, name_len);
	f->slot = BL_NO_SLOT;
	f->name_start = name_start;
	if (b->nfields >= DUP_SCAN) {
		f->dup = dup_hashed(b, b->nfields);
	} else {
		fname = field_name(f);
		for (i = 0; i < b->nfields; i++) {
			const struct bl_field *o = &b->fields[i];
			const char *other;

			if (o->name_id == f->name_id) {
				f->dup = 1;
				break;
			}
			other = field_name(o);
			if (lower(other[0]) == lower(fname[0]) && bl_streq_ci(other, fname)) {
				f->dup = 1;
				break;
			}
		}
	}
	b->nfields++;
	return f;
}

/* Gives a value whose text is the source's bytes a NUL-terminated copy
 * (the value stays EXACT). */
static void own_string(struct bl_builder *b, struct bl_value *v)
{
	if (v->text && (v->flags & BL_VAL_SOURCE)) {
		v->text = shared_text(b, v->text, v->span);
		v->flags &= ~(uint32_t)BL_VAL_SOURCE;
	}
}

void bl_builder_end_entry(struct bl_builder *b, uint32_t end)
{
	struct bl_entry *e;
	size_t i;

	if (!b->open)
		return;
	e = &b->entries[b->nentries];
	e->end = end;
	e->nfields = 0;
	e->fields = NULL;
	bl_entry_add_fields(b->src, e, b->fields, b->nfields, b->slots.p, b->slots.n);
	for (i = 0; i < b->nfields; i++) {
		struct bl_field *f = &e->fields[i];

		if (f->key == BL_K_TYPE && f->kind == BL_FIELD_TEXT)
			own_string(b, &f->value);
		if (f->key == BL_K_ID && f->kind == BL_FIELD_TEXT && !e->id.text)
			e->id = f->value;
		else if (f->key == BL_K_TYPE && f->kind == BL_FIELD_TEXT && !e->type.text)
			e->type = f->value;
	}
	own_string(b, &e->type);
	b->nentries++;
	b->nfields = 0;
	b->slots.n = 0;
	b->open = false;
}

void bl_builder_abort_entry(struct bl_builder *b)
{
	b->nfields = 0;
	b->slots.n = 0;
	b->open = false;
}

void bl_slots_set(struct bl_slots *s, struct bl_field *f, enum bl_field_kind kind,
		  void *p)
{
	if (f->slot == BL_NO_SLOT) {
		if (s->n >= BL_NO_SLOT) {
			f->kind = BL_FIELD_OTHER;
			return;
		}
		BL_GROW(s->p, s->n + 1, s->cap);
		f->slot = (uint8_t)s->n++;
	}
	s->p[f->slot] = p;
	f->kind = kind;
}

void bl_builder_set_names(struct bl_builder *b, struct bl_field *f,
			  struct bl_names *names)
{
	bl_slots_set(&b->slots, f, BL_FIELD_NAMES, names);
}

void bl_builder_set_date(struct bl_builder *b, struct bl_field *f, struct bl_date *date)
{
	bl_slots_set(&b->slots, f, BL_FIELD_DATE, date);
}

struct bl_date *bl_builder_date(const struct bl_builder *b, const struct bl_field *f)
{
	return f->kind == BL_FIELD_DATE && f->slot != BL_NO_SLOT ? b->slots.p[f->slot] : NULL;
}

void bl_entry_add_fields(struct bl_source *src, struct bl_entry *e,
			 const struct bl_field *fields, size_t n, void *const *slots,
			 size_t nslots)
{
	size_t old = 0, i;
	struct bl_field *all;
	void **to;

	for (i = 0; i < e->nfields; i++)
		if (e->fields[i].slot != BL_NO_SLOT && e->fields[i].slot + 1u > old)
			old = e->fields[i].slot + 1u;
	all = bl_arena_alloc_ptrs(&src->arena, (e->nfields + n) * sizeof(*all) +
						(old + nslots) * sizeof(*to));
	if (e->nfields)
		memcpy(all, e->fields, e->nfields * sizeof(*all));
	if (n)
		memcpy(all + e->nfields, fields, n * sizeof(*all));
	to = (void **)(void *)(all + e->nfields + n);
	if (old)
		memcpy(to, e->fields + e->nfields, old * sizeof(*to));
	for (i = 0; i < n; i++) {
		struct bl_field *f = &all[e->nfields + i];

		if (f->slot == BL_NO_SLOT)
			continue;
		if (f->slot >= nslots) {
			f->slot = BL_NO_SLOT;     /* no names or date given */
			continue;
		}
		if (old + f->slot >= BL_NO_SLOT) {
			f->kind = BL_FIELD_OTHER;
			f->slot = BL_NO_SLOT;
			continue;
		}
		to[old + f->slot] = slots[f->slot];
		f->slot = (uint8_t)(old + f->slot);
	}
	e->fields = all;
	e->nfields += (uint32_t)n;
}

/* ---- shared short texts ------------------------------------------------ */

#define TEXT_MAX 32         /* longer texts are rarely repeated */
#define TEXT_SLOTS 4096     /* a direct-mapped cache of the last ones seen */
#define TEXT_SLOTS_FIRST 512   /* until as many texts have missed (a short
				* list, or a part of one, fills no more) */

/* value_text() of text[0..len), shared with an equal text seen recently. */
static const char *shared_text(struct bl_builder *b, const char *text, size_t len)
{
	struct bl_builder_text *t;
	bool hit;

	if (len > TEXT_MAX)
		return value_text(&b->src->arena, text, len);
	if (b->text_misses == TEXT_SLOTS_FIRST) {
		/* the full size from now on, empty (the next text misses, so
		 * this happens once): the texts already kept stay where they
		 * are */
		free(b->texts);
		b->texts = NULL;
	}
	t = cache_slot(&b->texts, b->text_misses < TEXT_SLOTS_FIRST ? TEXT_SLOTS_FIRST : TEXT_SLOTS,
		       text, len, &hit);
	if (!hit) {
		t->s = value_text(&b->src->arena, text, len);
		t->len = (uint32_t)len;
		b->text_misses++;
	}
	return t->s;
}

struct bl_value bl_builder_value(struct bl_builder *b, const char *text,
				 size_t len, uint32_t start, uint32_t end)
{
	if (end - start == len && memcmp(b->src->data + start, text, len) == 0)
		return bl_value_exact(b->src, start, end);
	if (long_span(start, end))
		return bl_value_decoded(b->src, text, len, start, end);
	return make_value(shared_text(b, text, len), start, end, 0);
}

void bl_builder_release(struct bl_builder *b)
{
	free(b->entries);
	free(b->fields);
	free(b->dup_tab);
	free(b->texts);
	free(b->names);
	free(b->slots.p);
	b->names = NULL;
	memset(&b->slots, 0, sizeof(b->slots));
	b->entries = NULL;
	b->fields = NULL;
	b->dup_tab = NULL;
	b->texts = NULL;
	b->text_misses = 0;
}

void bl_builder_finish(struct bl_builder *b)
{
	struct bl_list *list;

	if (b->open)
		bl_builder_end_entry(b, b->entries[b->nentries].start);
	list = bl_arena_alloc(&b->src->arena, sizeof(*list));
	list->count = b->nentries;
	/* the vector joins the arena as it is (a copy would hold two at the
	 * peak), trimmed to its length */
	if (b->nentries) {
		list->entries = bl_xrealloc(b->entries,
					    b->nentries * sizeof(*b->entries));
		bl_arena_keep(&b->src->arena, list->entries);
	} else {
		list->entries = bl_arena_alloc(&b->src->arena, 0);
		free(b->entries);
	}
	b->src->list = list;
	b->entries = NULL;
	bl_builder_release(b);
	b->dup_cap = b->dup_count = b->dup_n = 0;
	b->nentries = b->nfields = 0;
	b->entries_cap = b->fields_cap = 0;
}
