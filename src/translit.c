/*
 * translit.c - the scheme registry (rules/translit/), lazy compilation of
 * ICU transliterators, caches per word and per text, fingerprints and
 * equivalences. The word helpers are in romanised.c. See translit.h.
 */
#include "translit.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <unicode/uchar.h>
#include <unicode/uregex.h>
#include <unicode/uscript.h>
#include <unicode/ustring.h>
#include <unicode/utext.h>
#include <unicode/utrans.h>

#include "banned.h"

#ifndef BL_DATADIR
#define BL_DATADIR "/usr/local/share/biblint"
#endif

const struct bl_tfeat_probe bl_tfeat_probes[BL_TF__COUNT] = {
	[BL_TF_YA] = { "ya", "я after a consonant", "бяб", "b", "b" },
	[BL_TF_YU] = { "yu", "ю after a consonant", "бюб", "b", "b" },
	[BL_TF_YO] = { "yo", "ё after a consonant", "бёб", "b", "b" },
	[BL_TF_E_VOWEL] = { "e-vowel", "е after a vowel", "баеб", "ba", "b" },
	[BL_TF_E_INITIAL] = { "e-initial", "е at the start of a word", "еб", "", "b" },
	[BL_TF_SHORT_I] = { "short-i", "й before a consonant", "байб", "ba", "b" },
	[BL_TF_II] = { "-ii", "the ending -ий", "бий", "b", "" },
	[BL_TF_YI] = { "-yi", "the ending -ый", "бый", "b", "" },
	[BL_TF_KH] = { "kh", "х", "бхб", "b", "b" },
	[BL_TF_TS] = { "ts", "ц", "бцаб", "b", "ab" },
	[BL_TF_TS_I] = { "ts-i", "ц before и", "бциб", "b", "ib" },
	[BL_TF_ZH] = { "zh", "ж", "бжб", "b", "b" },
	[BL_TF_SHCH] = { "shch", "щ", "бщб", "b", "b" },
	[BL_TF_SOFT] = { "soft", "the soft sign ь", "бьб", "b", "b" },
	[BL_TF_HARD] = { "hard", "the hard sign ъ", "бъб", "b", "b" },
	[BL_TF_E_HARD] = { "e-hard", "э after a consonant", "бэб", "b", "b" },
};

/* ---- per-scheme state: the transliterator and its word cache -------- */

struct cache_slot {
	char *key;            /* lower-case Cyrillic word, or a whole text */
	char *val;            /* its transliteration */
	uint32_t hash;
	uint32_t klen, vlen;
};

/* An open-addressing hash table of strings. */
struct cache {
	struct cache_slot *slots;
	size_t nslots, used;
};

struct bl_scheme_state {
	UTransliterator *trans;
	bool failed;
	char failure[512];
	struct cache words;      /* lower-case word -> lower-case romanisation */
	struct cache texts;      /* whole text -> romanisation (originals repeat:
				  * names, journals), emptied when full */
	struct bl_arena arena;   /* strings of words */
	struct bl_arena text_arena;   /* strings of texts */
	URegularExpression **forbid_re;   /* compiled on first use */
	bool forbid_ready;
};

static struct {
	bool loaded;
	char *dir;
	struct bl_scheme **items;
	size_t n, cap;
	unsigned compiled;
} reg;

/* ---- locating the data directory ------------------------------------- */

static bool is_dir(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

static char *find_translit_dir(void)
{
	const char *env = getenv("BIBLINT_DATADIR");
	char exe[PATH_MAX], *slash, *cand;
	ssize_t n;

	if (env && *env)
		return bl_xasprintf("%s/translit", env);
	n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	if (n > 0) {
		exe[n] = '\0';
		slash = strrchr(exe, '/');
		if (slash) {
			*slash = '\0';
			cand = bl_xasprintf("%s/../rules/translit", exe);
			if (is_dir(cand))
				return cand;
			free(cand);
			/* test binaries live one level deeper (build/tests/) */
			cand = bl_xasprintf("%s/../../rules/translit", exe);
			if (is_dir(cand))
				return cand;
			free(cand);
		}
	}
	if (is_dir("rules/translit"))
		return bl_xstrdup("rules/translit");
	return bl_xasprintf("%s/translit", BL_DATADIR);
}

/* ---- reading scheme files ------------------------------------------- */

static char *trim_dup(const char *s, size_t n)
{
	while (n && (*s == ' ' || *s == '\t')) {
		s++;
		n--;
	}
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r'))
		n--;
	return bl_xstrndup(s, n);
}

static void scheme_free(struct bl_scheme *s)
{
	size_t i;

	if (!s)
		return;
	if (s->state) {
		struct bl_scheme_state *st = s->state;

		if (st->trans)
			utrans_close(st->trans);
		if (st->forbid_re) {
			for (i = 0; i < s->nforbid; i++)
				if (st->forbid_re[i])
					uregex_close(st->forbid_re[i]);
			free(st->forbid_re);
		}
		free(st->words.slots);
		free(st->texts.slots);
		bl_arena_release(&st->arena);
		bl_arena_release(&st->text_arena);
		free(st);
	}
	free(s->id);
	free(s->name);
	free(s->language);
	free(s->source);
	free(s->path);
	free(s->icu_id);
	for (i = 0; i < BL_TF__COUNT; i++)
		free(s->render[i]);
	for (i = 0; i < s->nforbid; i++) {
		free(s->forbid[i].pattern);
		free(s->forbid[i].reason);
	}
	free(s->forbid);
	free(s->equivalent);
	free(s);
}

static struct bl_scheme *scheme_new(const char *path)
{
	struct bl_scheme *s = bl_xcalloc(1, sizeof(*s));

	s->path = bl_xstrdup(path);
	s->state = bl_xcalloc(1, sizeof(*s->state));
	bl_arena_init(&s->state->arena);
	bl_arena_init(&s->state->text_arena);
	return s;
}

static int parse_render(struct bl_scheme *s, const char *v, struct bl_error *err)
{
	const char *p = v;

	while (*p) {
		const char *end, *eq;
		int f;

		while (*p == ' ')
			p++;
		if (!*p)
			break;
		end = strchr(p, ' ');
		if (!end)
			end = p + strlen(p);
		eq = memchr(p, '=', (size_t)(end - p));
		if (!eq)
			return bl_error_set(err, "malformed render item '%.*s' in '%s'; "
					    "write feature=latin", (int)(end - p), p, s->path);
		for (f = 0; f < BL_TF__COUNT; f++)
			if (strlen(bl_tfeat_probes[f].name) == (size_t)(eq - p) &&
			    memcmp(bl_tfeat_probes[f].name, p, (size_t)(eq - p)) == 0)
				break;
		if (f == BL_TF__COUNT)
			return bl_error_set(err, "unknown render feature '%.*s' in '%s'; "
					    "see rules/translit/README.md", (int)(eq - p), p,
					    s->path);
		free(s->render[f]);
		s->render[f] = bl_xstrndup(eq + 1, (size_t)(end - eq - 1));
		p = end;
	}
	return BL_OK;
}

static int parse_forbid(struct bl_scheme *s, const char *v, struct bl_error *err)
{
	const char *close;

	if (v[0] != '/' || !(close = strchr(v + 1, '/')))
		return bl_error_set(err, "malformed forbid line '%s' in '%s'; write "
				    "/REGEX/ reason", v, s->path);
	s->forbid = bl_xrealloc(s->forbid, (s->nforbid + 1) * sizeof(*s->forbid));
	s->forbid[s->nforbid].pattern = bl_xstrndup(v + 1, (size_t)(close - v - 1));
	s->forbid[s->nforbid].reason = trim_dup(close + 1, strlen(close + 1));
	s->nforbid++;
	return BL_OK;
}

/* Reads the `# key: value` header of a rule file. */
static int parse_header(struct bl_scheme *s, const char *data, struct bl_error *err)
{
	const char *p = data;

	while (*p == '#') {
		const char *nl = strchr(p, '\n');
		size_t n = nl ? (size_t)(nl - p) : strlen(p);
		const char *colon = memchr(p, ':', n);
		char *key, *val;
		int rc = BL_OK;

		if (colon) {
			key = trim_dup(p + 1, (size_t)(colon - p - 1));
			val = trim_dup(colon + 1, n - (size_t)(colon - p) - 1);
			if (strcmp(key, "id") == 0) {
				free(s->id);
				s->id = val;
				val = NULL;
			} else if (strcmp(key, "name") == 0) {
				free(s->name);
				s->name = val;
				val = NULL;
			} else if (strcmp(key, "language") == 0) {
				free(s->language);
				s->language = val;
				val = NULL;
			} else if (strcmp(key, "source") == 0) {
				free(s->source);
				s->source = val;
				val = NULL;
			} else if (strcmp(key, "equivalent") == 0) {
				free(s->equivalent);
				s->equivalent = *val ? val : NULL;
				if (s->equivalent)
					val = NULL;
			} else if (strcmp(key, "render") == 0) {
				rc = parse_render(s, val, err);
			} else if (strcmp(key, "forbid") == 0) {
				rc = parse_forbid(s, val, err);
			}
			free(key);
			free(val);
			if (rc < 0)
				return rc;
		}
		if (!nl)
			break;
		p = nl + 1;
	}
	if (!s->id || !*s->id)
		return bl_error_set(err, "scheme file '%s' has no '# id:' line; add one "
				    "at the top", s->path);
	if (!s->language)
		s->language = bl_xstrdup("ru");
	if (!s->name)
		s->name = bl_xstrdup(s->id);
	return BL_OK;
}

static char *read_all(const char *path, struct bl_error *err)
{
	FILE *f = fopen(path, "rb");
	struct bl_strbuf sb = BL_STRBUF_INIT;
	char buf[4096];
	size_t n;

	if (!f) {
		bl_error_set(err, "cannot read '%s': %s", path, strerror(errno));
		return NULL;
	}
	while ((n = fread(buf, 1, sizeof(buf), f)) > 0)
		bl_strbuf_add(&sb, buf, n);
	fclose(f);
	return bl_strbuf_detach(&sb, NULL);
}

static void reg_add(struct bl_scheme *s)
{
	size_t i;

	for (i = 0; i < reg.n; i++) {
		if (strcmp(reg.items[i]->id, s->id) == 0) {
			/* the first file (in name order) wins */
			scheme_free(s);
			return;
		}
	}
	BL_GROW(reg.items, reg.n + 1, reg.cap);
	reg.items[reg.n++] = s;
}

static int load_aliases(const char *path, struct bl_error *err)
{
	char *data = read_all(path, err);
	char *p, *line;

	if (!data)
		return BL_ERR;
	for (p = data; p && *p; p = line) {
		char *nl = strchr(p, '\n');
		char *f[3];
		int k;
		struct bl_scheme *s;

		line = nl ? nl + 1 : NULL;
		if (nl)
			*nl = '\0';
		while (*p == ' ' || *p == '\t')
			p++;
		if (*p == '#' || *p == '\0')
			continue;
		for (k = 0; k < 3; k++) {
			f[k] = p;
			while (*p && *p != ' ' && *p != '\t')
				p++;
			if (*p)
				*p++ = '\0';
			while (*p == ' ' || *p == '\t')
				p++;
		}
		if (!*f[1] || !*f[2]) {
			bl_error_set(err, "malformed line for '%s' in '%s'; write: id "
				     "ICU-transform-id language name", f[0], path);
			free(data);
			return BL_ERR;
		}
		s = scheme_new(path);
		s->id = bl_xstrdup(f[0]);
		s->icu_id = bl_xstrdup(f[1]);
		s->language = bl_xstrdup(f[2]);
		s->name = bl_xstrdup(*p ? p : f[1]);
		reg_add(s);
	}
	free(data);
	return BL_OK;
}

static int cmp_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int cmp_scheme(const void *a, const void *b)
{
	return strcmp((*(struct bl_scheme *const *)a)->id,
		      (*(struct bl_scheme *const *)b)->id);
}

int bl_schemes_load(struct bl_error *err)
{
	DIR *d;
	struct dirent *de;
	char **names = NULL;
	size_t n = 0, cap = 0, i;
	int rc = BL_OK;

	if (reg.loaded)
		return BL_OK;
	free(reg.dir);
	reg.dir = find_translit_dir();
	d = opendir(reg.dir);
	if (!d)
		return bl_error_set(err, "cannot read the transliteration schemes in '%s': "
				    "%s; set BIBLINT_DATADIR to biblint's rules directory",
				    reg.dir, strerror(errno));
	while ((de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.' || !bl_has_suffix_ci(de->d_name, ".txt"))
			continue;
		BL_GROW(names, n + 1, cap);
		names[n++] = bl_xstrdup(de->d_name);
	}
	closedir(d);
	if (n > 1)
		qsort(names, n, sizeof(*names), cmp_name);
	for (i = 0; i < n; i++) {
		char *path = bl_xasprintf("%s/%s", reg.dir, names[i]);

		if (rc == BL_OK) {
			if (strcmp(names[i], "aliases.txt") == 0) {
				rc = load_aliases(path, err);
			} else {
				char *data = read_all(path, err);
				struct bl_scheme *s;

				if (!data) {
					rc = BL_ERR;
				} else {
					s = scheme_new(path);
					rc = parse_header(s, data, err);
					if (rc < 0)
						scheme_free(s);
					else
						reg_add(s);
					free(data);
				}
			}
		}
		free(path);
		free(names[i]);
	}
	free(names);
	if (rc < 0) {
		for (i = 0; i < reg.n; i++)
			scheme_free(reg.items[i]);
		reg.n = 0;
		return rc;
	}
	if (reg.n > 1)
		qsort(reg.items, reg.n, sizeof(*reg.items), cmp_scheme);
	reg.loaded = true;
	return BL_OK;
}

size_t bl_scheme_count(void)
{
	return reg.n;
}

const struct bl_scheme *bl_scheme_at(size_t i)
{
	return i < reg.n ? reg.items[i] : NULL;
}

const struct bl_scheme *bl_scheme_find(const char *id)
{
	struct bl_error err;
	size_t i;

	if (!id || bl_schemes_load(&err) < 0)
		return NULL;
	for (i = 0; i < reg.n; i++)
		if (strcmp(reg.items[i]->id, id) == 0)
			return reg.items[i];
	return NULL;
}

const char *bl_translit_dir(void)
{
	return reg.dir;
}

unsigned bl_translit_compiled(void)
{
	return reg.compiled;
}

void bl_translit_shutdown(void)
{
	size_t i;

	for (i = 0; i < reg.n; i++)
		scheme_free(reg.items[i]);
	free(reg.items);
	free(reg.dir);
	memset(&reg, 0, sizeof(reg));
}

/* ---- compiling ------------------------------------------------------- */

static UChar *to_uchars(const char *s, size_t n, int32_t *len)
{
	UErrorCode st = U_ZERO_ERROR;
	int32_t need = 0;
	UChar *u;

	u_strFromUTF8(NULL, 0, &need, s, (int32_t)n, &st);
	u = bl_xmalloc(((size_t)need + 1) * sizeof(UChar));
	st = U_ZERO_ERROR;
	u_strFromUTF8(u, need + 1, len, s, (int32_t)n, &st);
	if (U_FAILURE(st))
		*len = 0;
	return u;
}

int bl_scheme_compile(const struct bl_scheme *s, struct bl_error *err)
{
	struct bl_scheme_state *st = s->state;
	UErrorCode status = U_ZERO_ERROR;
	UParseError pe;
	UChar *rules = NULL, *id;
	int32_t rlen = 0, idlen;
	char *text = NULL;

	if (st->trans)
		return BL_OK;
	if (st->failed)
		return bl_error_set(err, "%s", st->failure);
	memset(&pe, 0, sizeof(pe));
	if (s->icu_id) {
		id = to_uchars(s->icu_id, strlen(s->icu_id), &idlen);
		st->trans = utrans_openU(id, idlen, UTRANS_FORWARD, NULL, 0, &pe, &status);
		free(id);
	} else {
		char *bid = bl_xasprintf("biblint-%s", s->id);

		text = read_all(s->path, err);
		if (!text) {
			free(bid);
			goto fail;
		}
		rules = to_uchars(text, strlen(text), &rlen);
		id = to_uchars(bid, strlen(bid), &idlen);
		st->trans = utrans_openU(id, idlen, UTRANS_FORWARD, rules, rlen, &pe,
					 &status);
		free(id);
		free(bid);
	}
	if (U_FAILURE(status) || !st->trans) {
		if (s->icu_id)
			bl_error_set(err, "ICU has no transform '%s' (scheme '%s' in '%s'): %s; "
				     "check the id with the ICU documentation", s->icu_id,
				     s->id, s->path, u_errorName(status));
		else
			bl_error_set(err, "cannot compile the rules of scheme '%s' in '%s': %s "
				     "at rule line %d, offset %d; fix the rule", s->id,
				     s->path, u_errorName(status), (int)pe.line,
				     (int)pe.offset);
		goto fail;
	}
	reg.compiled++;
	free(rules);
	free(text);
	return BL_OK;
fail:
	st->trans = NULL;
	st->failed = true;
	snprintf(st->failure, sizeof(st->failure), "%s", err ? err->msg : "");
	free(rules);
	free(text);
	return BL_ERR;
}

/* ---- the word cache --------------------------------------------------- */

/* never 0 */
static uint32_t hash_bytes(const char *s, size_t n)
{
	uint32_t h = (uint32_t)bl_hash_fast(s, n);

	return h ? h : 1;
}

static struct cache_slot *cache_find(struct cache *t, const char *key, size_t n,
				     uint32_t h)
{
	size_t i;

	if (!t->nslots)
		return NULL;
	for (i = h & (t->nslots - 1);; i = (i + 1) & (t->nslots - 1)) {
		struct cache_slot *c = &t->slots[i];

		if (!c->key)
			return c;
		if (c->hash == h && c->klen == n && memcmp(c->key, key, n) == 0)
			return c;
	}
}

/* Adds key -> val (both copied into arena); returns the stored value. */
static struct cache_slot *cache_put(struct cache *t, struct bl_arena *arena,
				    const char *key, size_t klen, uint32_t h,
				    const char *val, size_t vlen)
{
	struct cache_slot *c;

	if (t->used * 2 >= t->nslots) {
		struct cache_slot *old = t->slots;
		size_t oldn = t->nslots, i;

		/* small at first: a list's candidate schemes each get a
		 * pair of tables, and most are soon no longer used */
		t->nslots = oldn ? oldn * 2 : 32;
		t->slots = bl_xcalloc(t->nslots, sizeof(*t->slots));
		for (i = 0; i < oldn; i++)
			if (old[i].key)
				*cache_find(t, old[i].key, old[i].klen, old[i].hash) = old[i];
		free(old);
	}
	c = cache_find(t, key, klen, h);
	c->key = bl_arena_strndup(arena, key, klen);
	c->val = bl_arena_strndup(arena, val, vlen);
	c->klen = (uint32_t)klen;
	c->vlen = (uint32_t)vlen;
	c->hash = h;
	t->used++;
	return c;
}

/* ---- transliterating ------------------------------------------------- */

bool bl_is_cyrillic(int32_t cp)
{
	UErrorCode st = U_ZERO_ERROR;

	if (cp < 0x400)
		return false;
	/* the Cyrillic block's letters, without a property lookup */
	if (cp <= 0x4FF)
		return cp <= 0x481 || cp >= 0x48A;
	return u_isalpha(cp) && uscript_getScript(cp, &st) == USCRIPT_CYRILLIC;
}

bool bl_has_cyrillic(const char *s, size_t n)
{
	size_t i = 0;

	while (i < n) {
		int32_t cp;
		int k;
		unsigned char c;

		i += bl_ascii_span(s + i, n - i);
		if (i >= n)
			break;
		c = (unsigned char)s[i];
		/* U+0400..U+047F: lead bytes 0xD0 and 0xD1 */
		if ((c == 0xD0 || c == 0xD1) && i + 1 < n &&
		    ((unsigned char)s[i + 1] & 0xC0) == 0x80)
			return true;
		k = bl_utf8_next(s + i, n - i, &cp);
		if (k > 0 && bl_is_cyrillic(cp))
			return true;
		i += k > 0 ? (size_t)k : 1;
	}
	return false;
}

static bool is_word_apostrophe(int32_t cp)
{
	return cp == '\'' || cp == 0x2019 || cp == 0x02BC;
}

/* Transliterates one lower-case word (UTF-8) and returns the UTF-8 result
 * from the cache. */
static const char *translit_word(const struct bl_scheme *s, const char *key,
				 size_t klen, struct bl_error *err)
{
	struct bl_scheme_state *st = s->state;
	int32_t cap, len, limit, wlen = 0;
	UErrorCode status = U_ZERO_ERROR;
	struct cache_slot *c;
	UChar *buf, *w;
	uint32_t h;
	char *val;
	int32_t vlen = 0;

	h = hash_bytes(key, klen);
	c = cache_find(&st->words, key, klen, h);
	if (c && c->key)
		return c->val;
	if (!st->trans && bl_scheme_compile(s, err) < 0)
		return NULL;
	w = to_uchars(key, klen, &wlen);
	cap = wlen * 8 + 16;
	for (;;) {
		buf = bl_xmalloc((size_t)cap * sizeof(UChar));
		memcpy(buf, w, (size_t)wlen * sizeof(UChar));
		len = limit = wlen;
		status = U_ZERO_ERROR;
		utrans_transUChars(st->trans, buf, &len, cap, 0, &limit, &status);
		if (status != U_BUFFER_OVERFLOW_ERROR)
			break;
		free(buf);
		cap *= 4;
	}
	free(w);
	status = U_ZERO_ERROR;
	u_strToUTF8(NULL, 0, &vlen, buf, len, &status);
	val = bl_xmalloc((size_t)vlen + 1);
	status = U_ZERO_ERROR;
	u_strToUTF8(val, vlen + 1, NULL, buf, len, &status);
	free(buf);
	c = cache_put(&st->words, &st->arena, key, klen, h, val, (size_t)vlen);
	free(val);
	return c->val;
}

static int32_t cyr_lower(int32_t cp)
{
	if (cp >= 0x410 && cp <= 0x42F)
		return cp + 0x20;
	if (cp >= 0x400 && cp <= 0x40F)
		return cp + 0x50;
	if (cp >= 0x430 && cp <= 0x45F)
		return cp;
	return u_tolower(cp);
}

enum word_case { CASE_LOWER, CASE_TITLE, CASE_UPPER };

/* Appends latin[0..n) with the case pattern of the Cyrillic word. */
static void add_recased(struct bl_strbuf *out, const char *latin, size_t n,
			enum word_case wc)
{
	size_t i = 0;

	if (wc == CASE_LOWER) {
		bl_strbuf_add(out, latin, n);
		return;
	}
	while (i < n) {
		int32_t cp;
		int k = bl_utf8_next(latin + i, n - i, &cp);
		char enc[4];

		if (k < 0) {
			bl_strbuf_add(out, latin + i, 1);
			i++;
			continue;
		}
		i += (size_t)k;
		if (wc == CASE_UPPER) {
			cp = u_toupper(cp);
		} else if (u_isalpha(cp)) {
			/* title case: the first letter up, the rest as they are */
			cp = u_toupper(cp);
			bl_strbuf_add(out, enc, (size_t)bl_utf8_encode(cp, enc));
			bl_strbuf_add(out, latin + i, n - i);
			return;
		}
		bl_strbuf_add(out, enc, (size_t)bl_utf8_encode(cp, enc));
	}
}

static int translit_text(const struct bl_scheme *s, const char *text, size_t len,
			 struct bl_strbuf *out, struct bl_error *err);

#define TEXT_CACHE_MAX 512   /* longer texts are not cached whole */
/* Texts kept at most: the texts that repeat (names, journals) are met again
 * long before so many others, and a long list of distinct titles does not
 * hold a copy of each for nothing. */
#define TEXT_CACHE_ENTRIES 2048

int bl_scheme_translit(const struct bl_scheme *s, const char *text, size_t len,
		       struct bl_strbuf *out, struct bl_error *err)
{
	struct bl_scheme_state *st = s->state;
	struct cache_slot *c;
	size_t before = out->len;
	uint32_t h;
	int rc;

	if (len > TEXT_CACHE_MAX)
		return translit_text(s, text, len, out, err);
	h = hash_bytes(text, len);
	c = cache_find(&st->texts, text, len, h);
	if (c && c->key) {
		bl_strbuf_add(out, c->val, c->vlen);
		return BL_OK;
	}
	rc = translit_text(s, text, len, out, err);
	if (rc == BL_OK && st->texts.used >= TEXT_CACHE_ENTRIES) {
		memset(st->texts.slots, 0, st->texts.nslots * sizeof(*st->texts.slots));
		st->texts.used = 0;
		bl_arena_release(&st->text_arena);
		bl_arena_init(&st->text_arena);
	}
	if (rc == BL_OK)
		cache_put(&st->texts, &st->text_arena, text, len, h, out->buf + before,
			  out->len - before);
	return rc;
}

/* A Cyrillic letter: bl_is_cyrillic() with the basic block inline. */
static inline bool is_cyr(int32_t cp)
{
	if (cp >= 0x400 && cp <= 0x4FF)
		return cp <= 0x481 || cp >= 0x48A;
	return bl_is_cyrillic(cp);
}

static int translit_text(const struct bl_scheme *s, const char *text, size_t len,
			 struct bl_strbuf *out, struct bl_error *err)
{
	struct bl_strbuf long_key = BL_STRBUF_INIT;
	char kbuf[256];
	size_t i = 0;
	int rc = BL_OK;

	while (i < len) {
		size_t start = i, j, klen = 0;
		size_t nupper = 0, nlower = 0;
		bool first_upper = false, spilled = false;
		enum word_case wc;
		const char *lat, *key;

		/* copy everything up to the next Cyrillic letter */
		while (i < len) {
			int32_t cp;
			int k;

			if ((unsigned char)text[i] < 0x80) {
				i++;
				continue;
			}
			k = bl_utf8_next(text + i, len - i, &cp);
			if (k > 0 && is_cyr(cp))
				break;
			i += k > 0 ? (size_t)k : 1;
		}
		bl_strbuf_add(out, text + start, i - start);
		if (i >= len)
			break;
		/* the word: Cyrillic letters, marks, and apostrophes between
		 * letters (Ukrainian м'ясо), lower-cased into kbuf (and, for a
		 * long word, long_key) */
		j = i;
		while (j < len) {
			int32_t cp, cp2;
			int k = bl_utf8_next(text + j, len - j, &cp);
			bool empty = klen == 0 && !spilled;

			if (k <= 0)
				break;
			if (is_cyr(cp)) {
				int32_t lo = cyr_lower(cp);

				if (lo != cp) {
					if (empty)
						first_upper = true;
					nupper++;
				} else {
					nlower++;
				}
				cp = lo;
			} else if (bl_is_mark(cp) && !empty) {
				/* part of the letter before it */
			} else if (is_word_apostrophe(cp) && !empty &&
				   j + (size_t)k < len &&
				   bl_utf8_next(text + j + k, len - j - (size_t)k, &cp2) > 0 &&
				   is_cyr(cp2)) {
				/* inside the word */
			} else {
				break;
			}
			if (klen + 4 > sizeof(kbuf)) {
				if (!spilled)
					bl_strbuf_reset(&long_key);
				bl_strbuf_add(&long_key, kbuf, klen);
				klen = 0;
				spilled = true;
			}
			if (cp >= 0x80 && cp < 0x800) {
				kbuf[klen++] = (char)(0xC0 | (cp >> 6));
				kbuf[klen++] = (char)(0x80 | (cp & 0x3F));
			} else {
				klen += (size_t)bl_utf8_encode(cp, kbuf + klen);
			}
			j += (size_t)k;
		}
		key = kbuf;
		if (spilled) {
			bl_strbuf_add(&long_key, kbuf, klen);
			key = long_key.buf;
			klen = long_key.len;
		}
		if (nupper == 0)
			wc = CASE_LOWER;
		else if (nlower == 0 && nupper > 1)
			wc = CASE_UPPER;
		else if (first_upper)
			wc = CASE_TITLE;
		else
			wc = CASE_LOWER;
		lat = translit_word(s, key, klen, err);
		if (!lat) {
			rc = BL_ERR;
			break;
		}
		add_recased(out, lat, strlen(lat), wc);
		i = j;
	}
	bl_strbuf_release(&long_key);
	return rc;
}

/* ---- fingerprints and equivalences ------------------------------------ */

const char *bl_scheme_forbidden(const struct bl_scheme *s, const char *word,
				size_t len, size_t *off, size_t *n)
{
	struct bl_scheme_state *st = s->state;
	UErrorCode status = U_ZERO_ERROR;
	UText *ut;
	const char *why = NULL;
	size_t i;

	if (!s->nforbid)
		return NULL;
	if (!st->forbid_ready) {
		st->forbid_re = bl_xcalloc(s->nforbid, sizeof(*st->forbid_re));
		for (i = 0; i < s->nforbid; i++) {
			int32_t plen;
			UChar *pat = to_uchars(s->forbid[i].pattern,
					       strlen(s->forbid[i].pattern), &plen);
			UParseError pe;

			status = U_ZERO_ERROR;
			st->forbid_re[i] = uregex_open(pat, plen, UREGEX_CASE_INSENSITIVE,
						       &pe, &status);
			if (U_FAILURE(status))
				st->forbid_re[i] = NULL;   /* a bad pattern never matches */
			free(pat);
		}
		st->forbid_ready = true;
	}
	status = U_ZERO_ERROR;
	ut = utext_openUTF8(NULL, word, (int64_t)len, &status);
	if (U_FAILURE(status))
		return NULL;
	for (i = 0; i < s->nforbid && !why; i++) {
		URegularExpression *re = st->forbid_re[i];

		if (!re)
			continue;
		status = U_ZERO_ERROR;
		uregex_setUText(re, ut, &status);
		if (U_SUCCESS(status) && uregex_find(re, 0, &status) && U_SUCCESS(status)) {
			int64_t a = uregex_start64(re, 0, &status);
			int64_t b = uregex_end64(re, 0, &status);

			*off = (size_t)a;
			*n = (size_t)(b - a);
			why = s->forbid[i].reason;
		}
		status = U_ZERO_ERROR;
		uregex_setText(re, (const UChar *)u"", 0, &status);
	}
	utext_close(ut);
	return why;
}

bool bl_scheme_equiv(const struct bl_scheme *s, int32_t a, int32_t b)
{
	const char *p;
	bool has_a = false, has_b = false;

	if (a == b)
		return true;
	if (!s || !s->equivalent)
		return false;
	/* space-separated groups of characters that stand for one another */
	for (p = s->equivalent;;) {
		int32_t cp = ' ';
		int k = *p ? bl_utf8_decode(p, strlen(p), &cp) : 0;

		if (k <= 0 || cp == ' ') {
			if (has_a && has_b)
				return true;
			if (k <= 0)
				return false;
			has_a = has_b = false;
		} else {
			has_a |= cp == a;
			has_b |= cp == b;
		}
		p += k;
	}
}
