/*
 * util.c - allocation wrappers, arenas, string buffers and UTF-8 helpers.
 */
#include "util.h"

#include <ctype.h>
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#include "banned.h"

void bl_bug(const char *file, int line, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "biblint: BUG at %s:%d: ", file, line);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	abort();
}

static void die_oom(size_t n)
{
	fprintf(stderr, "biblint: out of memory allocating %zu bytes\n", n);
	abort();
}

void *bl_xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);

	if (!p)
		die_oom(n);
	return p;
}

#ifndef MADV_POPULATE_WRITE
#define MADV_POPULATE_WRITE 23   /* Linux 5.14 */
#endif

void *bl_xmalloc_whole(size_t n)
{
	unsigned char *p = bl_xmalloc(n);
	long size = sysconf(_SC_PAGESIZE);
	uintptr_t page = size > 0 ? (uintptr_t)size : 4096,
		  from = ((uintptr_t)p + page - 1) & ~(page - 1),
		  to = ((uintptr_t)p + n) & ~(page - 1);

	/* a large block is mapped afresh: its pages are all about to be
	 * written, so map them in with one call rather than a fault each
	 * (an older kernel refuses the advice, and nothing changes) */
	if (n >= ((size_t)128 << 10) && to > from)
		(void)madvise((void *)from, to - from, MADV_POPULATE_WRITE);
	return p;
}

void *bl_xcalloc(size_t count, size_t size)
{
	void *p = calloc(count ? count : 1, size ? size : 1);

	if (!p)
		die_oom(count * size);
	return p;
}

void *bl_xrealloc(void *p, size_t n)
{
	void *q = realloc(p, n ? n : 1);

	if (!q)
		die_oom(n);
	return q;
}

char *bl_xstrdup(const char *s)
{
	return bl_xstrndup(s, strlen(s));
}

char *bl_xstrndup(const char *s, size_t n)
{
	char *p = bl_xmalloc(n + 1);

	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *bl_xvasprintf(const char *fmt, va_list ap)
{
	struct bl_strbuf sb = BL_STRBUF_INIT;

	bl_strbuf_vaddf(&sb, fmt, ap);
	return bl_strbuf_detach(&sb, NULL);
}

char *bl_xasprintf(const char *fmt, ...)
{
	va_list ap;
	char *s;

	va_start(ap, fmt);
	s = bl_xvasprintf(fmt, ap);
	va_end(ap);
	return s;
}

/* Arena: a list of chunks, bump allocation inside the newest one. */
struct bl_arena_chunk {
	struct bl_arena_chunk *next;
	size_t used;
	size_t size;
	max_align_t data[];
};

#define ARENA_CHUNK_MIN (64 * 1024)
#define ARENA_ALIGN (sizeof(max_align_t) < 16 ? sizeof(max_align_t) : 16)

/* A heap block the arena frees (bl_arena_keep); the node lives in a chunk. */
struct bl_arena_kept {
	struct bl_arena_kept *next;
	void *p;
};

void bl_arena_init(struct bl_arena *a)
{
	a->head = NULL;
	a->total = 0;
	a->kept = NULL;
}

void bl_arena_release(struct bl_arena *a)
{
	struct bl_arena_chunk *c = a->head;
	struct bl_arena_kept *k;

	for (k = a->kept; k; k = k->next)
		free(k->p);
	a->kept = NULL;
	while (c) {
		struct bl_arena_chunk *next = c->next;
		free(c);
		c = next;
	}
	a->head = NULL;
	a->total = 0;
}

/* n bytes from the newest chunk, aligned to align (a power of two up to
 * ARENA_ALIGN). Strings are packed without alignment: a large file holds
 * millions of short ones, and rounding each up to 16 bytes would cost a
 * third more. */
static void *arena_take(struct bl_arena *a, size_t n, size_t align)
{
	struct bl_arena_chunk *c = a->head;
	size_t off = 0;
	void *p;

	if (n > SIZE_MAX - sizeof(*c) - ARENA_ALIGN)
		die_oom(n);
	if (c)
		off = (c->used + align - 1) & ~(align - 1);
	if (!c || off > c->size || c->size - off < n) {
		size_t size = n > ARENA_CHUNK_MIN / 4 ? n : ARENA_CHUNK_MIN;

		c = bl_xmalloc(sizeof(*c) + size);
		c->used = 0;
		c->size = size;
		if (a->head && n > ARENA_CHUNK_MIN / 4) {
			/* a big block: keep the current chunk for small ones */
			c->next = a->head->next;
			a->head->next = c;
		} else {
			c->next = a->head;
			a->head = c;
		}
		off = 0;
	}
	p = (char *)c->data + off;
	c->used = off + n;
	a->total += n;
	return p;
}

void *bl_arena_alloc(struct bl_arena *a, size_t n)
{
	void *p = arena_take(a, n, ARENA_ALIGN);

	memset(p, 0, n);
	return p;
}

void *bl_arena_alloc_words(struct bl_arena *a, size_t n)
{
	return arena_take(a, n, sizeof(uint32_t));
}

void *bl_arena_alloc_ptrs(struct bl_arena *a, size_t n)
{
	return arena_take(a, n, sizeof(void *) > sizeof(uint64_t) ? sizeof(void *)
								  : sizeof(uint64_t));
}

void *bl_arena_memdup(struct bl_arena *a, const void *p, size_t n)
{
	void *q = arena_take(a, n, ARENA_ALIGN);

	if (n)
		memcpy(q, p, n);
	return q;
}

void bl_arena_keep(struct bl_arena *a, void *p)
{
	struct bl_arena_kept *k;

	if (!p)
		return;
	k = arena_take(a, sizeof(*k), ARENA_ALIGN);
	k->p = p;
	k->next = a->kept;
	a->kept = k;
}

bool bl_arena_unkeep(struct bl_arena *a, void *p)
{
	struct bl_arena_kept **k;

	for (k = &a->kept; *k; k = &(*k)->next)
		if ((*k)->p == p) {
			*k = (*k)->next;
			return true;
		}
	return false;
}

void bl_arena_adopt(struct bl_arena *a, struct bl_arena *from)
{
	struct bl_arena_chunk *c;
	struct bl_arena_kept *k;

	if (from->head) {
		/* behind a's newest chunk, which stays the one allocated from */
		for (c = from->head; c->next; c = c->next)
			;
		if (a->head) {
			c->next = a->head->next;
			a->head->next = from->head;
		} else {
			a->head = from->head;
		}
	}
	if (from->kept) {
		for (k = from->kept; k->next; k = k->next)
			;
		k->next = a->kept;
		a->kept = from->kept;
	}
	a->total += from->total;
	bl_arena_init(from);
}

char *bl_arena_strndup(struct bl_arena *a, const char *s, size_t n)
{
	char *p = arena_take(a, n + 1, 1);

	if (n)
		memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *bl_arena_strdup(struct bl_arena *a, const char *s)
{
	return bl_arena_strndup(a, s, strlen(s));
}

char *bl_arena_vprintf(struct bl_arena *a, const char *fmt, va_list ap)
{
	char small[256];
	va_list cp;
	int n;
	char *p;

	va_copy(cp, ap);
	n = vsnprintf(small, sizeof(small), fmt, cp);
	va_end(cp);
	if (n < 0)
		BL_BUG("vsnprintf failed for format '%s'", fmt);
	p = bl_arena_alloc(a, (size_t)n + 1);
	if ((size_t)n < sizeof(small))
		memcpy(p, small, (size_t)n + 1);
	else
		vsnprintf(p, (size_t)n + 1, fmt, ap);
	return p;
}

char *bl_arena_printf(struct bl_arena *a, const char *fmt, ...)
{
	va_list ap;
	char *p;

	va_start(ap, fmt);
	p = bl_arena_vprintf(a, fmt, ap);
	va_end(ap);
	return p;
}

/* String buffers. */
static void strbuf_grow(struct bl_strbuf *sb, size_t extra)
{
	size_t need = sb->len + extra + 1;

	if (need < sb->len)
		die_oom(extra);
	BL_GROW(sb->buf, need, sb->cap);
}

void bl_strbuf_release(struct bl_strbuf *sb)
{
	free(sb->buf);
	sb->buf = NULL;
	sb->len = sb->cap = 0;
}

void bl_strbuf_reset(struct bl_strbuf *sb)
{
	sb->len = 0;
	if (sb->buf)
		sb->buf[0] = '\0';
}

void bl_strbuf_add(struct bl_strbuf *sb, const void *data, size_t n)
{
	strbuf_grow(sb, n);
	if (n)
		memcpy(sb->buf + sb->len, data, n);
	sb->len += n;
	sb->buf[sb->len] = '\0';
}

void bl_strbuf_addstr(struct bl_strbuf *sb, const char *s)
{
	bl_strbuf_add(sb, s, strlen(s));
}

void bl_strbuf_addch(struct bl_strbuf *sb, int c)
{
	char ch = (char)c;

	bl_strbuf_add(sb, &ch, 1);
}

void bl_strbuf_vaddf(struct bl_strbuf *sb, const char *fmt, va_list ap)
{
	va_list cp;
	int n;

	strbuf_grow(sb, 64);
	va_copy(cp, ap);
	n = vsnprintf(sb->buf + sb->len, sb->cap - sb->len, fmt, cp);
	va_end(cp);
	if (n < 0)
		BL_BUG("vsnprintf failed for format '%s'", fmt);
	if ((size_t)n >= sb->cap - sb->len) {
		strbuf_grow(sb, (size_t)n);
		vsnprintf(sb->buf + sb->len, sb->cap - sb->len, fmt, ap);
	}
	sb->len += (size_t)n;
}

void bl_strbuf_addf(struct bl_strbuf *sb, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	bl_strbuf_vaddf(sb, fmt, ap);
	va_end(ap);
}

char *bl_strbuf_detach(struct bl_strbuf *sb, size_t *len)
{
	char *p;

	if (!sb->buf)
		strbuf_grow(sb, 0), sb->buf[0] = '\0';
	p = sb->buf;
	if (len)
		*len = sb->len;
	sb->buf = NULL;
	sb->len = sb->cap = 0;
	return p;
}

/* UTF-8. */
int bl_utf8_decode(const char *str, size_t n, int32_t *cp)
{
	const unsigned char *s = (const unsigned char *)str;
	int32_t c;
	int len, i;

	if (n == 0)
		return *cp = -1, -1;
	if (s[0] < 0x80)
		return *cp = s[0], 1;
	if (s[0] >= 0xC2 && s[0] <= 0xDF)
		len = 2, c = s[0] & 0x1F;
	else if (s[0] >= 0xE0 && s[0] <= 0xEF)
		len = 3, c = s[0] & 0x0F;
	else if (s[0] >= 0xF0 && s[0] <= 0xF4)
		len = 4, c = s[0] & 0x07;
	else
		return *cp = -1, -1;
	if ((size_t)len > n)
		return *cp = -1, -1;
	for (i = 1; i < len; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return *cp = -1, -1;
		c = (c << 6) | (s[i] & 0x3F);
	}
	if ((len == 3 && c < 0x800) || (len == 4 && (c < 0x10000 || c > 0x10FFFF)) ||
	    (c >= 0xD800 && c <= 0xDFFF))
		return *cp = -1, -1;
	*cp = c;
	return len;
}

int bl_utf8_encode(int32_t cp, char *out)
{
	unsigned char *o = (unsigned char *)out;

	if (cp < 0x80) {
		o[0] = (unsigned char)cp;
		return 1;
	}
	if (cp < 0x800) {
		o[0] = (unsigned char)(0xC0 | (cp >> 6));
		o[1] = (unsigned char)(0x80 | (cp & 0x3F));
		return 2;
	}
	if (cp < 0x10000) {
		o[0] = (unsigned char)(0xE0 | (cp >> 12));
		o[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
		o[2] = (unsigned char)(0x80 | (cp & 0x3F));
		return 3;
	}
	o[0] = (unsigned char)(0xF0 | (cp >> 18));
	o[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3F));
	o[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
	o[3] = (unsigned char)(0x80 | (cp & 0x3F));
	return 4;
}

size_t bl_utf8_validate(const char *s, size_t n)
{
	size_t i = 0;

	while (i < n) {
		int32_t cp;
		int len;

		if ((unsigned char)s[i] < 0x80) {
			i += bl_ascii_span(s + i, n - i);
			continue;
		}
		len = bl_utf8_decode(s + i, n - i, &cp);
		if (len < 0)
			return i;
		i += (size_t)len;
	}
	return n;
}

size_t bl_utf8_count(const char *s, size_t n)
{
	size_t i, count = 0;

	for (i = 0; i < n; i++)
		if (((unsigned char)s[i] & 0xC0) != 0x80)
			count++;
	return count;
}

/* tolower() of the C locale, inline */
static inline int ascii_lower(unsigned char c)
{
	return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c;
}

bool bl_streq_ci(const char *a, const char *b)
{
	while (*a && *b) {
		if (ascii_lower((unsigned char)*a) != ascii_lower((unsigned char)*b))
			return false;
		a++, b++;
	}
	return *a == *b;
}

bool bl_memeq_ci(const char *a, size_t an, const char *b)
{
	size_t i;

	for (i = 0; i < an; i++) {
		if (!b[i] || tolower((unsigned char)a[i]) != tolower((unsigned char)b[i]))
			return false;
	}
	return b[an] == '\0';
}

const char *bl_memfind(const char *s, size_t n, const char *needle)
{
	size_t k = strlen(needle), i;

	if (k == 0)
		return s;
	for (i = 0; i + k <= n; i++) {
		const char *p = memchr(s + i, needle[0], n - k + 1 - i);

		if (!p)
			return NULL;
		i = (size_t)(p - s);
		if (memcmp(p, needle, k) == 0)
			return p;
	}
	return NULL;
}

bool bl_has_suffix_ci(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);

	return n >= m && bl_streq_ci(s + n - m, suffix);
}

void bl_json_escape(struct bl_strbuf *sb, const char *s, size_t n)
{
	size_t i = 0;

	while (i < n) {
		unsigned char c = (unsigned char)s[i];
		int32_t cp;
		int len;

		if (c >= 0x80) {
			len = bl_utf8_decode(s + i, n - i, &cp);
			if (len < 0) {
				bl_strbuf_addstr(sb, "\\ufffd");
				i++;
			} else {
				bl_strbuf_add(sb, s + i, (size_t)len);
				i += (size_t)len;
			}
			continue;
		}
		switch (c) {
		case '"': bl_strbuf_addstr(sb, "\\\""); break;
		case '\\': bl_strbuf_addstr(sb, "\\\\"); break;
		case '\n': bl_strbuf_addstr(sb, "\\n"); break;
		case '\r': bl_strbuf_addstr(sb, "\\r"); break;
		case '\t': bl_strbuf_addstr(sb, "\\t"); break;
		default:
			if (c < 0x20 || c == 0x7f)
				bl_strbuf_addf(sb, "\\u%04x", c);
			else
				bl_strbuf_addch(sb, c);
		}
		i++;
	}
}

size_t bl_edit_distance(const char *a, const char *b, size_t limit)
{
	size_t n = strlen(a), m = strlen(b), i, j;
	size_t *row, result;

	if ((n > m ? n - m : m - n) > limit)
		return limit + 1;
	row = bl_xmalloc((m + 1) * sizeof(*row));
	for (j = 0; j <= m; j++)
		row[j] = j;
	for (i = 1; i <= n; i++) {
		size_t diag = row[0];

		row[0] = i;
		for (j = 1; j <= m; j++) {
			size_t up = row[j];
			size_t cost = tolower((unsigned char)a[i - 1]) ==
						      tolower((unsigned char)b[j - 1])
					      ? 0
					      : 1;
			size_t best = diag + cost;

			if (up + 1 < best)
				best = up + 1;
			if (row[j - 1] + 1 < best)
				best = row[j - 1] + 1;
			row[j] = best;
			diag = up;
		}
	}
	result = row[m];
	free(row);
	return result > limit ? limit + 1 : result;
}

const char *bl_suggest(const char *word, const char *const *candidates, size_t n)
{
	size_t i, best = (size_t)-1, limit = strlen(word) / 3 + 1;
	const char *pick = NULL;

	if (limit > 4)
		limit = 4;
	for (i = 0; i < n; i++) {
		size_t d = bl_edit_distance(word, candidates[i], limit);

		if (d <= limit && d < best) {
			best = d;
			pick = candidates[i];
		}
	}
	return pick;
}

uint64_t bl_hash(const void *data, size_t n)
{
	const unsigned char *p = data;
	uint64_t h = 1469598103934665603ULL;
	size_t i;

	for (i = 0; i < n; i++) {
		h ^= p[i];
		h *= 1099511628211ULL;
	}
	return h;
}

uint32_t bl_hash_ci(const char *s, size_t n)
{
	uint32_t h = 2166136261u;
	size_t i;

	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c >= 'A' && c <= 'Z')
			c = (unsigned char)(c - 'A' + 'a');
		h = (h ^ c) * 16777619u;
	}
	return h;
}

uint64_t bl_hash_fast(const char *s, size_t n)
{
	uint64_t h = 0x9e3779b97f4a7c15ull ^ n, w;

	while (n >= 8) {
		memcpy(&w, s, 8);
		h = (h ^ w) * 0xff51afd7ed558ccdull;
		h ^= h >> 32;
		s += 8;
		n -= 8;
	}
	if (n) {
		w = 0;
		memcpy(&w, s, n);
		h = (h ^ w) * 0xc4ceb9fe1a85ec53ull;
	}
	h ^= h >> 29;
	h *= 0x9e3779b97f4a7c15ull;
	return h ^ (h >> 32);
}

static void map_grow(struct bl_map *m)
{
	struct bl_map_slot *old = m->slots;
	size_t oldcap = m->cap, i;

	m->cap = oldcap ? oldcap * 2 : 64;
	m->slots = bl_xcalloc(m->cap, sizeof(*m->slots));
	for (i = 0; i < oldcap; i++) {
		size_t j;

		if (!old[i].key)
			continue;
		j = (size_t)old[i].hash & (m->cap - 1);
		while (m->slots[j].key)
			j = (j + 1) & (m->cap - 1);
		m->slots[j] = old[i];
	}
	free(old);
}

void bl_map_reserve(struct bl_map *m, size_t n)
{
	if (m->cap)
		return;
	m->cap = 64;
	while (m->cap < n * 2)
		m->cap *= 2;
	m->slots = bl_xcalloc(m->cap, sizeof(*m->slots));
}

bool bl_map_put(struct bl_map *m, const char *key, size_t len, uint32_t value,
		uint32_t *existing)
{
	uint64_t h = bl_hash_fast(key, len);
	size_t j;

	if ((m->count + 1) * 4 >= m->cap * 3)
		map_grow(m);
	j = (size_t)h & (m->cap - 1);
	while (m->slots[j].key) {
		struct bl_map_slot *s = &m->slots[j];

		if (s->hash == h && s->len == len && memcmp(s->key, key, len) == 0) {
			if (existing)
				*existing = s->value;
			return false;
		}
		j = (j + 1) & (m->cap - 1);
	}
	m->slots[j].key = key;
	m->slots[j].len = (uint32_t)len;
	m->slots[j].value = value;
	m->slots[j].hash = h;
	m->count++;
	return true;
}

bool bl_map_get(const struct bl_map *m, const char *key, size_t len,
		uint32_t *value)
{
	uint64_t h;
	size_t j;

	if (!m->cap)
		return false;
	h = bl_hash_fast(key, len);
	j = (size_t)h & (m->cap - 1);
	while (m->slots[j].key) {
		const struct bl_map_slot *s = &m->slots[j];

		if (s->hash == h && s->len == len && memcmp(s->key, key, len) == 0) {
			*value = s->value;
			return true;
		}
		j = (j + 1) & (m->cap - 1);
	}
	return false;
}

void bl_map_release(struct bl_map *m)
{
	free(m->slots);
	m->slots = NULL;
	m->cap = m->count = 0;
}

/* ---- helper threads ---------------------------------------------------- */

/* Linux places a new thread on its creator's processor and runs it there
 * first, even when another processor is idle: the creator then waits until
 * the load balancer moves one of the two, 0.6 to 3 ms on a two-processor
 * virtual machine (a pre-commit hook takes some 8). So a thread is created
 * with an affinity that leaves out the creator's processor, which makes
 * the kernel run it on another, and it takes back the creator's whole set
 * as soon as it runs. */
struct thread_start {
	void *(*fn)(void *);
	void *arg;
#ifdef CPU_SET
	cpu_set_t cpus;           /* the creator's set */
#endif
	bool restore;
};

static void *thread_start(void *p)
{
	struct thread_start ts = *(struct thread_start *)p;

	free(p);
#ifdef CPU_SET
	if (ts.restore)
		(void)sched_setaffinity(0, sizeof(ts.cpus), &ts.cpus);
#endif
	return ts.fn(ts.arg);
}

int bl_thread_create(pthread_t *t, void *(*fn)(void *), void *arg)
{
	struct thread_start *ts = bl_xcalloc(1, sizeof(*ts));
	pthread_attr_t attr, *ap = NULL;
	int rc;

	ts->fn = fn;
	ts->arg = arg;
#ifdef CPU_SET
	{
		int cpu = sched_getcpu();
		cpu_set_t others;

		if (cpu >= 0 && cpu < CPU_SETSIZE &&
		    sched_getaffinity(0, sizeof(ts->cpus), &ts->cpus) == 0 &&
		    CPU_ISSET(cpu, &ts->cpus) && CPU_COUNT(&ts->cpus) > 1 &&
		    pthread_attr_init(&attr) == 0) {
			others = ts->cpus;
			CPU_CLR(cpu, &others);
			if (pthread_attr_setaffinity_np(&attr, sizeof(others), &others) == 0) {
				ap = &attr;
				ts->restore = true;
			} else {
				pthread_attr_destroy(&attr);
			}
		}
	}
#endif
	rc = pthread_create(t, ap, thread_start, ts);
	if (ap) {
		pthread_attr_destroy(ap);
		if (rc != 0) {
			/* the affinity refused (a container's policy): as before */
			ts->restore = false;
			rc = pthread_create(t, NULL, thread_start, ts);
		}
	}
	if (rc != 0)
		free(ts);
	return rc;
}

#define THREADS_MAX 64

struct thread_call {
	bl_thread_fn fn;
	void *arg;
	unsigned k;
};

static void *thread_main(void *p)
{
	const struct thread_call *c = p;

	c->fn(c->arg, c->k);
	return NULL;
}

unsigned bl_run_threads(unsigned helpers, bl_thread_fn fn, void *arg)
{
	pthread_t thread[THREADS_MAX];
	struct thread_call call[THREADS_MAX];
	unsigned n = 0, k;

	if (helpers > THREADS_MAX)
		helpers = THREADS_MAX;
	while (n < helpers) {
		call[n] = (struct thread_call){ fn, arg, n + 1 };
		if (bl_thread_create(&thread[n], thread_main, &call[n]) != 0)
			break;
		n++;
	}
	fn(arg, 0);
	for (k = 0; k < n; k++)
		pthread_join(thread[k], NULL);
	return n;
}

/* ---- timing ------------------------------------------------------------ */

static double monotonic_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static int timing_state = -1;   /* -1 not looked at yet */
static double timing_start;

bool bl_timing_on(void)
{
	if (timing_state < 0) {
		const char *v = getenv("BIBLINT_TIMING");

		timing_start = monotonic_ms();
		timing_state = v && *v && strcmp(v, "0") != 0;
	}
	return timing_state;
}

double bl_timing_ms(void)
{
	return bl_timing_on() ? monotonic_ms() - timing_start : 0;
}

void bl_timing_mark(const char *fmt, ...)
{
	va_list ap;
	double t;

	if (!bl_timing_on())
		return;
	t = bl_timing_ms();
	va_start(ap, fmt);
	flockfile(stderr);
	fprintf(stderr, "timing: +%.2f ms: ", t);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	funlockfile(stderr);
	va_end(ap);
}
