/*
 * order.c - the order rule family: a reference list meant to be in
 * author-year order, and the fewest entries that break it.
 *
 * Each entry gets a key: the first author's family name (else the first
 * editor's, else a literal name, else the title without a leading English
 * article) as an ICU collation key for the style's locale (secondary
 * strength: letters and accents count, case does not; Cyrillic first when
 * the style says so), then the year (none sorts first, as APA's "n.d."
 * does). Conventions differ after the first author: by first author and
 * year; by the whole author list and then year (APA 7, Chicago: "Smith
 * 2001" before "Smith & Jones 1999"); or in groups of one author, two
 * authors (by the second) and three or more, each by year (AGU, APA 6).
 * Names are compared word by word ("De Luca" before "Deal") and letter
 * by letter ("Deal" before "De Luca"), both common. The list is judged
 * against the convention it follows most closely.
 *
 * The entries outside one longest non-decreasing subsequence of the keys
 * are the fewest that explain the disorder; each is reported with the
 * place it belongs. Sort keys are computed once per entry; everything is
 * O(n log n).
 */
#include "order.h"
#include "common.h"

#include <stdlib.h>
#include <string.h>

#include <unicode/ucol.h>
#include <unicode/uchar.h>
#include <unicode/uscript.h>
#include <unicode/ustring.h>

#include "../style.h"

#include "../banned.h"

/* order: auto checks a list of at least BL_ORDER_AUTO_MIN entries whose
 * longest sorted subsequence holds at least BL_ORDER_AUTO_PERCENT of them.
 * A shuffled list of n entries has a longest sorted subsequence of about
 * 2*sqrt(n); of the 40,320 orders of 8 entries only 50 (0.12%) keep 7 in
 * order, and the share falls fast as lists grow. */
#define BL_ORDER_AUTO_MIN 8
#define BL_ORDER_AUTO_PERCENT 80

/* ---- the longest non-decreasing subsequence -------------------------------- */

size_t bl_order_lis(size_t n, bl_order_cmp cmp, void *arg, bool *keep)
{
	uint32_t *tails, *prev;   /* item indexes: a list holds fewer than 2^32 */
	size_t len = 0, i, k;

	if (n == 0)
		return 0;
	if (n >= UINT32_MAX)
		BL_BUG("a list of %zu items to order", n);
	tails = bl_xmalloc(n * sizeof(*tails));
	prev = bl_xmalloc(n * sizeof(*prev));
	for (i = 0; i < n; i++) {
		/* the first tail greater than item i (upper bound: ties extend) */
		size_t lo = 0, hi = len;

		while (lo < hi) {
			size_t mid = lo + (hi - lo) / 2;

			if (cmp(tails[mid], i, arg) <= 0)
				lo = mid + 1;
			else
				hi = mid;
		}
		prev[i] = lo > 0 ? tails[lo - 1] : UINT32_MAX;
		tails[lo] = (uint32_t)i;
		if (lo == len)
			len++;
	}
	memset(keep, 0, n * sizeof(*keep));
	for (k = tails[len - 1];; k = prev[k]) {
		keep[k] = true;
		if (prev[k] == UINT32_MAX)
			break;
	}
	free(tails);
	free(prev);
	return len;
}

/* ---- keys ------------------------------------------------------------------ */

/* The conventions a list may follow after the first author. */
enum conv {
	CONV_FIRST = 0,   /* first author, then year */
	CONV_ALL,         /* every author in turn, then year (APA, Chicago) */
	CONV_GROUPED,     /* first author; one author, two (by the second),
			   * three or more ("et al."); then year (AGU, APA 6) */
	CONV__COUNT
};

/* Each convention is tried in four variants: word by word ("De Luca"
 * before "Deal": a space sorts first, ICU's default) or letter by letter
 * (spaces and punctuation ignored: "Deal" before "De Luca"), each with the
 * name's particle left out of the key (van Gogh under G, CSL's default) or
 * put before the family name (under V, as APA does). Key k is convention
 * k % CONV__COUNT of variant k / CONV__COUNT; variant bit 0 is letter by
 * letter, bit 1 the particle. */
#define VARIANTS 4
#define V_LETTERS 1
#define V_PARTICLE 2
#define NKEYS (VARIANTS * CONV__COUNT)

/* One variant's keys of an entry in the key bytes: FIRST and ALL at
 * start, GROUPED right after ALL. */
struct vkey {
	uint32_t start;
	uint32_t len[CONV__COUNT];
};

#define NO_MORE UINT32_MAX

struct okey {
	struct vkey v0;                  /* variant 0's keys */
	uint32_t more;                   /* the other variants' at
					  * keyset.more[more..], or NO_MORE
					  * when they are variant 0's (most
					  * names: no particle, no spaces) */
	int32_t year;
	uint32_t entry;                  /* index in the list */
};

/* Collation keys already made, per collator: names recur across a list
 * (one author's many works), and ICU's key is the costly part. */
struct keymemo {
	UCollator *coll;
	struct bl_map map;               /* text -> index into spans */
	uint32_t *spans;                 /* pairs: offset in bytes, length */
	size_t nspans, capspans;
	struct bl_strbuf bytes;
	struct bl_arena texts;           /* copies of texts made on the fly */
};

struct keyset {
	struct okey *keys;
	size_t n;
	struct vkey *more;               /* variants 1.. of some entries */
	size_t nmore, capmore;
	struct bl_strbuf bytes;          /* all collation keys */
	struct keymemo memo[2];          /* word by word, letter by letter */
	unsigned conv;                   /* the key compared (< NKEYS) */
	const struct bl_entry *entries;  /* the list's */
	bool particles;                  /* some name has a particle */
	bool spaced;                     /* some key has spaces or punctuation */
};

/* Variant v's keys of k. */
static inline const struct vkey *vkey_of(const struct keyset *ks, const struct okey *k,
					 unsigned v)
{
	return v == 0 || k->more == NO_MORE ? &k->v0 : &ks->more[k->more + v - 1];
}

/* The length of key i (see NKEYS) of k. */
static inline uint32_t key_len(const struct keyset *ks, const struct okey *k, unsigned i)
{
	return vkey_of(ks, k, i / CONV__COUNT)->len[i % CONV__COUNT];
}

/* Where key i of k starts in the key bytes. */
static inline uint32_t key_off(const struct keyset *ks, const struct okey *k, unsigned i)
{
	const struct vkey *vk = vkey_of(ks, k, i / CONV__COUNT);

	if (i % CONV__COUNT == CONV_GROUPED)
		return vk->start + vk->len[CONV_ALL];
	return vk->start;
}

/* Appends the collation key of s[0..n) (with its final NUL) to sb. */
static void make_sort_key(struct bl_strbuf *sb, UCollator *coll, const char *s,
			  size_t n)
{
	UChar ubuf[256];
	uint8_t kbuf[1024];
	int32_t ulen = 0, klen;
	UErrorCode status = U_ZERO_ERROR;

	/* a prefix is enough to sort by; cut at a character boundary */
	if (n > 240) {
		n = 240;
		while (n > 0 && ((unsigned char)s[n] & 0xc0) == 0x80)
			n--;
	}
	u_strFromUTF8Lenient(ubuf, (int32_t)BL_ARRAY_SIZE(ubuf), &ulen, s, (int32_t)n,
			     &status);
	if (U_FAILURE(status))
		ulen = 0;
	klen = ucol_getSortKey(coll, ubuf, ulen, kbuf, (int32_t)sizeof(kbuf));
	if (klen <= 0 || klen > (int32_t)sizeof(kbuf)) {
		bl_strbuf_addch(sb, '\0');
		return;
	}
	bl_strbuf_add(sb, kbuf, (size_t)klen);
}

/* The index in m->spans of the collation key of s[0..n), made once per
 * distinct text and collator. s must outlive the memo unless copy is
 * true. */
static uint32_t memo_key(struct keymemo *m, const char *s, size_t n, bool copy)
{
	uint32_t idx = (uint32_t)m->nspans, off;

	if (bl_map_get(&m->map, s, n, &idx))
		return idx;
	off = (uint32_t)m->bytes.len;
	make_sort_key(&m->bytes, m->coll, s, n);
	BL_GROW(m->spans, 2 * m->nspans + 2, m->capspans);
	m->spans[2 * idx] = off;
	m->spans[2 * idx + 1] = (uint32_t)m->bytes.len - off;
	m->nspans++;
	if (copy)
		s = bl_arena_memdup(&m->texts, s, n);
	bl_map_put(&m->map, s, n, idx, NULL);
	return idx;
}

/* Appends the collation key of s[0..n) to sb (see memo_key()). */
static void add_sort_key(struct bl_strbuf *sb, struct keymemo *m, const char *s,
			 size_t n, bool copy)
{
	uint32_t idx = memo_key(m, s, n, copy);

	bl_strbuf_add(sb, m->bytes.buf + m->spans[2 * idx], m->spans[2 * idx + 1]);
}

static void keymemo_release(struct keymemo *m)
{
	bl_map_release(&m->map);
	free(m->spans);
	bl_strbuf_release(&m->bytes);
	bl_arena_release(&m->texts);
}

static const struct bl_field *names_field(const struct bl_entry *e)
{
	const struct bl_field *f = bl_entry_field(e, BL_K_AUTHOR);

	if (!f || f->kind != BL_FIELD_NAMES || bl_field_names(e, f)->count == 0)
		f = bl_entry_field(e, BL_K_EDITOR);
	if (!f || f->kind != BL_FIELD_NAMES || bl_field_names(e, f)->count == 0)
		return NULL;
	return f;
}

/* The title without a leading "The ", "A ", "An " (English lists). */
static const char *title_sort_text(const struct bl_value *t, size_t *n,
				   const char *locale)
{
	static const char *const articles[] = { "the ", "a ", "an " };
	size_t k;

	*n = bl_value_len(t);
	if (locale && strncmp(locale, "en", 2) != 0)
		return t->text;
	for (k = 0; k < BL_ARRAY_SIZE(articles); k++) {
		size_t al = strlen(articles[k]);

		if (bl_value_len(t) > al && bl_memeq_ci(t->text, al, articles[k])) {
			*n = bl_value_len(t) - al;
			return t->text + al;
		}
	}
	return t->text;
}

/* Appends the grouped key of an entry whose name keys are at
 * bytes[first..] (first name: first_len bytes; second: at second, when
 * nnames >= 2): first name, the group, and the second name in group 2. */
static void add_grouped_key(struct bl_strbuf *sb, uint32_t first, uint32_t first_len,
			    uint32_t second, uint32_t second_len, size_t nnames)
{
	char *out;

	/* room first: the copies come from the buffer itself */
	BL_GROW(sb->buf, sb->len + first_len + 1 + second_len + 1, sb->cap);
	out = sb->buf + sb->len;
	memcpy(out, sb->buf + first, first_len);
	out[first_len] = (char)(nnames >= 3 ? 3 : nnames);
	sb->len += first_len + 1;
	if (nnames == 2) {
		memcpy(sb->buf + sb->len, sb->buf + second, second_len);
		sb->len += second_len;
	}
	sb->buf[sb->len] = '\0';
}

/* Whether name n, sorted by nv (bl_name_key()), files under a particle. */
static bool has_particle(const struct bl_name *n, const struct bl_value *nv)
{
	return nv == &n->family && bl_name_particle(n)->text && bl_value_len(bl_name_particle(n));
}

/* The text name n sorts by (nv, its bl_name_key()): with the particle
 * before the family name when particle is true and it has one (then in
 * buf, and *copy is set). */
static const char *name_sort_text(const struct bl_name *n, const struct bl_value *nv,
				  bool particle, char *buf, size_t cap, size_t *len, bool *copy)
{
	*copy = false;
	if (particle && has_particle(n, nv)) {
		int k = snprintf(buf, cap, "%.*s %.*s", BL_VALUE_FMT(bl_name_particle(n)),
				 BL_VALUE_FMT(nv));

		if (k > 0 && (size_t)k < cap) {
			*len = (size_t)k;
			*copy = true;
			return buf;
		}
	}
	*len = bl_value_len(nv);
	return nv->text;
}

/* Appends the key of name n: its family name (else literal), with the
 * particle before it when particle is true. Returns the name's value, or
 * NULL when it has none. */
static const struct bl_value *add_name_key(struct keyset *ks, struct keymemo *m,
					   const struct bl_name *n, bool particle)
{
	const struct bl_value *nv = bl_name_key(n);
	char buf[256];
	const char *s;
	size_t len;
	bool copy;

	if (!nv)
		return NULL;
	if (has_particle(n, nv))
		ks->particles = true;
	s = name_sort_text(n, nv, particle, buf, sizeof(buf), &len, &copy);
	add_sort_key(&ks->bytes, m, s, len, copy);
	return nv;
}

/* Appends one variant's keys of entry e (its names, else its title) and
 * sets vk to them. Returns the value sorted by, or NULL. */
static const struct bl_value *add_keys(struct keyset *ks, struct vkey *vk,
				       unsigned variant, const struct bl_entry *e,
				       struct keymemo *m, const char *locale)
{
	const struct bl_field *nf = names_field(e);
	const struct bl_value *v = NULL, *title;
	uint32_t start = (uint32_t)ks->bytes.len, second = 0, second_len = 0;
	uint32_t first_len = 0, j;
	size_t nnames = 0, len;
	const char *text;

	if (nf) {
		const struct bl_names *names = bl_field_names(e, nf);

		for (j = 0; j < names->count; j++) {
			uint32_t before = (uint32_t)ks->bytes.len;
			const struct bl_value *nv = add_name_key(ks, m, &names->items[j],
								 variant & V_PARTICLE);

			if (!nv)
				continue;
			if (!v)
				v = nv;
			nnames++;
			if (nnames == 1) {
				first_len = (uint32_t)ks->bytes.len - before;
			} else if (nnames == 2) {
				second = before;
				second_len = (uint32_t)ks->bytes.len - before;
			}
		}
	}
	if (!v) {
		title = bl_entry_text(e, BL_K_TITLE);
		if (!title || !bl_value_len(title))
			return NULL;
		v = title;
		text = title_sort_text(title, &len, locale);
		add_sort_key(&ks->bytes, m, text, len, false);
		first_len = (uint32_t)ks->bytes.len - start;
	}
	vk->start = start;
	vk->len[CONV_FIRST] = first_len;
	vk->len[CONV_ALL] = (uint32_t)ks->bytes.len - start;
	add_grouped_key(&ks->bytes, start, first_len, second, second_len, nnames);
	vk->len[CONV_GROUPED] = (uint32_t)ks->bytes.len - start - vk->len[CONV_ALL];
	return v;
}

/* The value an entry is sorted by (and findings point at): its first
 * name that has a key, else its title; add_keys() returns it. *name (when
 * name is not NULL) is that name, or NULL for the title. */
static const struct bl_value *sort_value(const struct bl_entry *e,
					 const struct bl_name **name)
{
	const struct bl_field *nf = names_field(e);
	const struct bl_names *names = nf ? bl_field_names(e, nf) : NULL;
	const struct bl_value *t;
	uint32_t j;

	for (j = 0; names && j < names->count; j++) {
		const struct bl_value *nv = bl_name_key(&names->items[j]);

		if (nv) {
			if (name)
				*name = &names->items[j];
			return nv;
		}
	}
	if (name)
		*name = NULL;
	t = bl_entry_text(e, BL_K_TITLE);
	return t && bl_value_len(t) ? t : NULL;
}

/* Whether an entry's names have particles, and whether the text it sorts
 * by is only letters and digits (then letter-by-letter filing cannot
 * differ from word-by-word). */
static void entry_traits(const struct bl_entry *e, bool *particle, bool *plain)
{
	const struct bl_field *nf = names_field(e);
	const struct bl_names *names;
	uint32_t j;

	*particle = false;
	*plain = true;
	if (!nf) {
		*plain = false;     /* a title */
		return;
	}
	names = bl_field_names(e, nf);
	for (j = 0; j < names->count; j++) {
		const struct bl_name *n = &names->items[j];
		const struct bl_value *nv = bl_name_key(n);
		size_t i = 0, len;

		if (!nv)
			continue;
		if (has_particle(n, nv))
			*particle = true;
		len = bl_value_len(nv);
		while (*plain && i < len) {
			int32_t cp;
			int k;
			unsigned char c = (unsigned char)nv->text[i];

			if (c < 0x80) {     /* u_isalnum() of ASCII */
				*plain = bl_is_alpha(c) || bl_is_digit(c);
				i++;
				continue;
			}
			k = bl_utf8_decode(nv->text + i, len - i, &cp);

			if (k < 0 || !u_isalnum(cp))
				*plain = false;
			i += k > 0 ? (size_t)k : 1;
		}
	}
}

static bool build_keys(struct keyset *ks, struct bl_ctx *ctx)
{
	const char *locale = ctx->style ? ctx->style->locale : NULL;
	size_t i;

	ks->keys = bl_xcalloc(ctx->list->count ? ctx->list->count : 1,
			      sizeof(*ks->keys));
	for (i = 0; i < ctx->list->count; i++) {
		const struct bl_entry *e = &ctx->list->entries[i];
		struct okey *k = &ks->keys[ks->n];
		size_t mark = ks->bytes.len;
		struct vkey vk[VARIANTS];
		bool particle, plain, differ = false;
		unsigned v;

		if (!add_keys(ks, &vk[0], 0, e, &ks->memo[0], locale)) {
			ks->bytes.len = mark;
			continue;     /* nothing to sort by */
		}
		entry_traits(e, &particle, &plain);
		if (!plain)
			ks->spaced = true;
		for (v = 1; v < VARIANTS; v++) {
			/* a variant that cannot differ shares the keys of one that
			 * is already made (most names: no particle, no spaces) */
			unsigned same = VARIANTS;

			if ((v & V_PARTICLE) && !particle)
				same = v & ~V_PARTICLE;
			else if (v == V_LETTERS && plain)
				same = 0;
			if (same < VARIANTS) {
				vk[v] = vk[same];
				continue;
			}
			add_keys(ks, &vk[v], v, e, &ks->memo[v & V_LETTERS], locale);
			differ = true;
		}
		k->v0 = vk[0];
		k->more = NO_MORE;
		if (differ) {
			BL_GROW(ks->more, ks->nmore + VARIANTS - 1, ks->capmore);
			memcpy(ks->more + ks->nmore, vk + 1, (VARIANTS - 1) * sizeof(*vk));
			k->more = (uint32_t)ks->nmore;
			ks->nmore += VARIANTS - 1;
		}
		k->year = bl_entry_year(e);
		k->entry = (uint32_t)i;
		ks->n++;
	}
	return ks->n > 0;
}

static int key_cmp(const struct keyset *ks, const struct okey *a, const struct okey *b)
{
	const unsigned char *base = (const unsigned char *)ks->bytes.buf;
	uint32_t al = key_len(ks, a, ks->conv), bl = key_len(ks, b, ks->conv);
	int c = memcmp(base + key_off(ks, a, ks->conv), base + key_off(ks, b, ks->conv),
		       al < bl ? al : bl);

	if (c)
		return c;
	if (al != bl)
		return al < bl ? -1 : 1;
	if (a->year != b->year)
		return a->year < b->year ? -1 : 1;
	return 0;
}

static int lis_cmp(size_t a, size_t b, void *arg)
{
	const struct keyset *ks = arg;

	return key_cmp(ks, &ks->keys[a], &ks->keys[b]);
}

/* The text entry e sorts by first in variant v, as add_keys() makes its
 * FIRST key: its first name that has a key (after its particle in the
 * particle variants, then in buf), else its title; NULL when it has
 * neither. *copy says whether the text is buf's. */
static const char *first_sort_text(const struct bl_entry *e, unsigned v, const char *locale,
				   char *buf, size_t cap, size_t *n, bool *copy)
{
	const struct bl_name *name;
	const struct bl_value *sv = sort_value(e, &name);

	*copy = false;
	if (!sv)
		return NULL;
	if (name)
		return name_sort_text(name, sv, (v & V_PARTICLE) != 0, buf, cap, n, copy);
	return title_sort_text(sv, n, locale);
}

/* An entry's first key in the memo's bytes, and its first 8 bytes. */
struct first_key {
	uint64_t prefix;        /* big-endian, padded with zeros */
	uint32_t off, len;      /* in the bytes of memo[memo] */
	uint8_t memo;
};

struct first_keys {
	const struct first_key *keys;
	const unsigned char *bytes[2];   /* the memos' */
};

/* First keys alone, without the year: every convention of a variant
 * orders entries with different first keys as these do, since each key
 * ends in the only zero byte it has. */
static int first_cmp(size_t a, size_t b, void *arg)
{
	const struct first_keys *fk = arg;
	const struct first_key *x = &fk->keys[a], *y = &fk->keys[b];
	int c;

	/* most pairs differ in their first 8 bytes: compared without
	 * reaching into the key bytes (keys padded with zeros compare as
	 * their bytes do, since a key's only zero byte ends it) */
	if (x->prefix != y->prefix)
		return x->prefix < y->prefix ? -1 : 1;
	c = memcmp(fk->bytes[x->memo] + x->off, fk->bytes[y->memo] + y->off,
		   x->len < y->len ? x->len : y->len);
	if (c)
		return c;
	return x->len < y->len ? -1 : x->len > y->len;
}

/* Auto mode: whether the list is too short or too disordered to be
 * checked, found before the keys of every convention are made (a library
 * in no order, the usual case, then costs only its first keys, which stay
 * in the memo). Too disordered: in no variant does the longest run sorted
 * by first keys alone, which bounds the longest sorted run of every
 * convention of the variant, hold BL_ORDER_AUTO_PERCENT of the entries
 * that have a key. */
static bool too_disordered(struct keyset *ks, const struct bl_ctx *ctx)
{
	const char *locale = ctx->style ? ctx->style->locale : NULL;
	size_t count = ctx->list->count, n = 0, i, j;
	struct first_key *keys = bl_xmalloc(count * sizeof(*keys));
	bool *scratch = bl_xmalloc(count * sizeof(*scratch));
	/* per entry: bit 0 it has a key, bit 1 a particle, bit 2 plain */
	uint8_t *traits = bl_xmalloc(count * sizeof(*traits));
	bool particles = false, spaced = false, too = true, copy;
	char buf[256];
	unsigned v;

	for (i = 0; i < count; i++) {
		const struct bl_entry *e = &ctx->list->entries[i];
		bool particle, plain;

		traits[i] = 0;
		if (!first_sort_text(e, 0, locale, buf, sizeof(buf), &j, &copy))
			continue;
		entry_traits(e, &particle, &plain);
		traits[i] = (uint8_t)(1 | (particle ? 2 : 0) | (plain ? 4 : 0));
		particles = particles || particle;
		spaced = spaced || !plain;
		n++;
	}
	for (v = 0; v < VARIANTS && too && n >= BL_ORDER_AUTO_MIN; v++) {
		struct first_keys fk = { keys, { NULL, NULL } };

		if ((!particles && (v & V_PARTICLE)) || (!spaced && (v & V_LETTERS)))
			continue;
		n = 0;
		for (i = 0; i < count; i++) {
			/* the variant whose keys the entry shares (build_keys()) */
			unsigned kv = v;
			struct keymemo *m;
			const char *s;
			size_t len;
			uint32_t idx;

			if (!(traits[i] & 1))
				continue;
			if ((kv & V_PARTICLE) && !(traits[i] & 2))
				kv &= ~(unsigned)V_PARTICLE;
			if (kv == V_LETTERS && (traits[i] & 4))
				kv = 0;
			m = &ks->memo[kv & V_LETTERS];
			s = first_sort_text(&ctx->list->entries[i], kv, locale, buf, sizeof(buf),
					    &len, &copy);
			idx = memo_key(m, s, len, copy);
			keys[n].off = m->spans[2 * idx];
			keys[n].len = m->spans[2 * idx + 1];
			keys[n].memo = (uint8_t)(kv & V_LETTERS);
			n++;
		}
		fk.bytes[0] = (const unsigned char *)ks->memo[0].bytes.buf;
		fk.bytes[1] = (const unsigned char *)ks->memo[1].bytes.buf;
		for (i = 0; i < n; i++) {
			uint64_t p = 0;

			for (j = 0; j < 8; j++)
				p = p << 8 | (j < keys[i].len ? fk.bytes[keys[i].memo][keys[i].off + j]
							      : 0);
			keys[i].prefix = p;
		}
		if (bl_order_lis(n, first_cmp, &fk, scratch) * 100 >= n * BL_ORDER_AUTO_PERCENT)
			too = false;
	}
	free(keys);
	free(scratch);
	free(traits);
	return too;
}

/* Citation keys compared byte by byte, ignoring ASCII case. */
static int id_cmp(size_t a, size_t b, void *arg)
{
	const struct keyset *ks = arg;
	const struct bl_entry *entries = ks->entries;
	const struct bl_value *x = &entries[ks->keys[a].entry].id;
	const struct bl_value *y = &entries[ks->keys[b].entry].id;
	size_t i, n;

	if (!x->text || !y->text)
		return !!x->text - !!y->text;
	n = bl_value_len(x) < bl_value_len(y) ? bl_value_len(x) : bl_value_len(y);
	for (i = 0; i < n; i++) {
		int c = (unsigned char)x->text[i], d = (unsigned char)y->text[i];

		if (c >= 'A' && c <= 'Z')
			c += 32;
		if (d >= 'A' && d <= 'Z')
			d += 32;
		if (c != d)
			return c - d;
	}
	return (bl_value_len(x) > n) - (bl_value_len(y) > n);
}

/* Whether the list is a database sorted by citation keys made from the
 * authors' names (smith2001, bak-misiuk_1999): keys that mostly start with
 * the first three letters of the name sorted by, and that put the list in
 * order better than the names do. Numbered keys (item1, item2...) in list
 * order say nothing about how the list was sorted. */
static bool sorted_by_key(const struct keyset *ks, bool *scratch, size_t lis)
{
	size_t i, derived = 0;

	for (i = 0; i < ks->n; i++) {
		const struct bl_entry *e = &ks->entries[ks->keys[i].entry];
		const struct bl_value *id = &e->id, *at = sort_value(e, NULL);

		if (id->text && bl_value_len(id) >= 3 && bl_value_len(at) >= 3 &&
		    bl_is_alpha(at->text[0]) && bl_is_alpha(at->text[1]) && bl_is_alpha(at->text[2]) &&
		    (id->text[0] | 0x20) == (at->text[0] | 0x20) &&
		    (id->text[1] | 0x20) == (at->text[1] | 0x20) &&
		    (id->text[2] | 0x20) == (at->text[2] | 0x20))
			derived++;
	}
	if (derived * 2 < ks->n)
		return false;
	return bl_order_lis(ks->n, id_cmp, (void *)ks, scratch) > lis;
}

static UCollator *open_collator(const struct bl_style *style, bool letters_only)
{
	const char *locale = style && style->locale && style->locale[0] ? style->locale
									 : "en";
	UErrorCode status = U_ZERO_ERROR;
	UCollator *coll = ucol_open(locale, &status);

	if (U_FAILURE(status)) {
		status = U_ZERO_ERROR;
		coll = ucol_open("", &status);
		if (U_FAILURE(status))
			return NULL;
	}
	ucol_setStrength(coll, UCOL_SECONDARY);
	/* "Paper 2" before "Paper 10" */
	ucol_setAttribute(coll, UCOL_NUMERIC_COLLATION, UCOL_ON, &status);
	status = U_ZERO_ERROR;
	if (letters_only) {
		ucol_setAttribute(coll, UCOL_ALTERNATE_HANDLING, UCOL_SHIFTED, &status);
		status = U_ZERO_ERROR;
	}
	if (style && style->cyrillic_first) {
		const int32_t codes[] = { USCRIPT_CYRILLIC };

		status = U_ZERO_ERROR;
		ucol_setReorderCodes(coll, codes, 1, &status);
	}
	return coll;
}

/* The index (into keys) of the first kept entry whose key is greater than
 * the key of item x, or n when there is none. kept[] lists the kept items
 * in order. */
static size_t place_of(const struct keyset *ks, const size_t *kept, size_t nkept,
		       size_t x)
{
	size_t lo = 0, hi = nkept;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (key_cmp(ks, &ks->keys[kept[mid]], &ks->keys[x]) <= 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* Whether items a and b have the same first author (or title). */
static bool same_first(const struct keyset *ks, size_t a, size_t b)
{
	const struct okey *x = &ks->keys[a], *y = &ks->keys[b];

	unsigned f = ks->conv - ks->conv % CONV__COUNT + CONV_FIRST;

	return key_len(ks, x, f) == key_len(ks, y, f) &&
	       memcmp(ks->bytes.buf + key_off(ks, x, f), ks->bytes.buf + key_off(ks, y, f),
		      key_len(ks, x, f)) == 0;
}

static void check_order(struct bl_ctx *ctx)
{
	enum bl_order_mode mode = ctx->style ? ctx->style->order : BL_ORDER_AUTO;
	struct keyset ks;
	UCollator *coll[2];
	bool *keep, *keep2;
	size_t lis, lis2, i, *kept, nkept = 0;
	unsigned conv;

	/* a numbered printed list is in citation order */
	if (mode == BL_ORDER_NONE || ctx->list->count < 2 ||
	    bl_list_numbered(ctx->src, ctx->list))
		return;
	/* in auto mode a BibTeX file or a short list is never checked (see
	 * below): decide that before any key is made */
	if (mode == BL_ORDER_AUTO && (ctx->src->format == BL_FMT_BIBTEX ||
				      ctx->list->count < BL_ORDER_AUTO_MIN))
		return;
	coll[0] = open_collator(ctx->style, false);
	coll[1] = open_collator(ctx->style, true);
	memset(&ks, 0, sizeof(ks));
	ks.entries = ctx->list->entries;
	ks.memo[0].coll = coll[0];
	ks.memo[1].coll = coll[1];
	bl_arena_init(&ks.memo[0].texts);
	bl_arena_init(&ks.memo[1].texts);
	if (!coll[0] || !coll[1] || (mode == BL_ORDER_AUTO && too_disordered(&ks, ctx)) ||
	    !build_keys(&ks, ctx) || ks.n < 2)
		goto out;
	keep = bl_xmalloc(ks.n * sizeof(*keep));
	keep2 = bl_xmalloc(ks.n * sizeof(*keep2));
	/* judge the list by the convention it follows most closely */
	ks.conv = CONV_FIRST;
	lis = bl_order_lis(ks.n, lis_cmp, &ks, keep);
	for (conv = 1; conv < NKEYS; conv++) {
		unsigned best = ks.conv;

		if ((!ks.particles && (conv / CONV__COUNT) & V_PARTICLE) ||
		    (!ks.spaced && (conv / CONV__COUNT) & V_LETTERS))
			continue;     /* the same keys as another variant's */

		ks.conv = conv;
		lis2 = bl_order_lis(ks.n, lis_cmp, &ks, keep2);
		if (lis2 > lis) {
			bool *t = keep;

			keep = keep2;
			keep2 = t;
			lis = lis2;
		} else {
			ks.conv = best;
		}
	}
	/* AUTO: only a list that is already mostly sorted is meant to be,
	 * and not one that its citation keys put in order better */
	if (lis == ks.n ||
	    (mode == BL_ORDER_AUTO && (ks.n < BL_ORDER_AUTO_MIN ||
				       lis * 100 < ks.n * BL_ORDER_AUTO_PERCENT ||
				       ctx->src->format == BL_FMT_BIBTEX ||
				       sorted_by_key(&ks, keep2, lis))))
		goto done;
	kept = bl_xmalloc(lis * sizeof(*kept));
	for (i = 0; i < ks.n; i++)
		if (keep[i])
			kept[nkept++] = i;
	for (i = 0; i < ks.n; i++) {
		const struct okey *k = &ks.keys[i];
		const struct bl_entry *e = &ctx->list->entries[k->entry];
		const struct bl_entry *near;
		const struct bl_value *at;
		struct bl_finding *f;
		size_t p;
		bool after;

		if (keep[i])
			continue;
		p = place_of(&ks, kept, nkept, i);
		/* name the neighbour that says most: the same author's work
		 * before it, else the entry it should precede; the finding
		 * points at it too */
		after = p > 0 && (p == nkept || same_first(&ks, kept[p - 1], i));
		near = &ctx->list->entries[ks.keys[kept[after ? p - 1 : p]].entry];
		at = sort_value(e, NULL);
		f = bl_report(ctx, BL_R_order_author_year, e, at->start, bl_value_end(at),
			      "entry out of author%syear order: '%s' should come "
			      "%s '%s'", "\xe2\x80\x93", bl_entry_label(ctx, e),
			      after ? "after" : "before", bl_entry_label(ctx, near));
		if (f) {
			f->related_src = ctx->src;
			f->related_start = near->start;
			f->has_related = true;
		}
	}
	free(kept);
done:
	free(keep);
	free(keep2);
out:
	free(ks.keys);
	free(ks.more);
	bl_strbuf_release(&ks.bytes);
	keymemo_release(&ks.memo[0]);
	keymemo_release(&ks.memo[1]);
	if (coll[0])
		ucol_close(coll[0]);
	if (coll[1])
		ucol_close(coll[1]);
}

const struct bl_rule bl_rule_order_author_year = {
	.id = "order/author-year",
	.severity = BL_SEV_WARNING,
	.summary = "an entry out of place in a list sorted by author and year",
	.doc = "A reference list in author-year order is sorted by the first "
	       "author's family name (else the first editor's, else the title "
	       "without a leading The/A/An), compared with ICU collation for the "
	       "style's locale (`en` by default; accents count, case does not; "
	       "Cyrillic before Latin when the style says so), then by year, a "
	       "missing year first; numbers in names and titles sort by value "
	       "(Paper 2 before Paper 10). Lists sorted by the whole author list "
	       "before the year (APA 7, Chicago), or in groups of one author, two "
	       "authors and three or more (AGU, APA 6), lists alphabetised letter "
	       "by letter (`Deal` before `De Luca`) rather than word by word, and "
	       "lists that file a particle with the name (`van Gogh` under V, as "
	       "APA does) rather than after it, are judged by the convention they "
	       "follow most closely. The fewest "
	       "entries that explain the "
	       "disorder (those outside a longest sorted subsequence) are "
	       "reported, each with the entry it should come before or after. "
	       "A style with `order: sorted` always checks; `order: none` never "
	       "does; with `order: auto` (the default) only a list that is already "
	       "mostly sorted is checked: at least 8 entries, of which at least 80% "
	       "form a sorted subsequence. A shuffled list almost never passes that "
	       "test (of the 40,320 orders of 8 entries, 50 do). Also left alone in "
	       "auto mode: a list whose citation keys are made from the authors' "
	       "names (`smith2001`) and put it in order better than the names do "
	       "(a library sorted by key), and BibTeX files, whose order BibTeX and "
	       "Biber ignore. So an unsorted database, such as a typical BibTeX or "
	       "CSL library, gets no findings. No fix.",
	.bad = "- id: b\n  author: [{family: Belousova}]\n  issued: 1976\n"
	       "- id: c\n  author: [{family: Carley}]\n  issued: 2006\n"
	       "- id: a\n  author: [{family: Abramov}]\n  issued: 1999\n",
	.good = "- id: a\n  author: [{family: Abramov}]\n  issued: 1999\n"
		"- id: b\n  author: [{family: Belousova}]\n  issued: 1976\n"
		"- id: c\n  author: [{family: Carley}]\n  issued: 2006\n",
	.example_style = "apa-7",
	.check = check_order,
};
