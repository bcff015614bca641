/*
 * util.h - allocation, arenas, growable buffers and small text helpers.
 *
 * Allocation failure is not recoverable in biblint: bl_xmalloc() and friends
 * print a message and abort, so callers never check for NULL.
 *
 * An arena (struct bl_arena) owns every entry, field and string read from one
 * source. Everything allocated from it is released together by
 * bl_arena_release(); rules never free anything.
 */
#ifndef BL_UTIL_H
#define BL_UTIL_H

#include <pthread.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#define BL_ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

#define BL_BUG(...) bl_bug(__FILE__, __LINE__, __VA_ARGS__)
void bl_bug(const char *file, int line, const char *fmt, ...)
	__attribute__((noreturn, format(printf, 3, 4)));

void *bl_xmalloc(size_t n);
/* bl_xmalloc() of a block the caller is about to write whole. */
void *bl_xmalloc_whole(size_t n);
void *bl_xcalloc(size_t count, size_t size);
void *bl_xrealloc(void *p, size_t n);
char *bl_xstrdup(const char *s);
char *bl_xstrndup(const char *s, size_t n);
/* Returns a heap string the caller frees. */
char *bl_xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
char *bl_xvasprintf(const char *fmt, va_list ap);

/* Grow *p (an array of elem-sized items with capacity *cap) to hold need items. */
#define BL_GROW(p, need, cap)                                                  \
	do {                                                                   \
		if ((size_t)(need) > (cap)) {                                  \
			size_t bl_n_ = (cap) ? (cap) * 2 : 8;                  \
			while (bl_n_ < (size_t)(need))                         \
				bl_n_ *= 2;                                    \
			(p) = bl_xrealloc((p), bl_n_ * sizeof(*(p)));          \
			(cap) = bl_n_;                                         \
		}                                                              \
	} while (0)

struct bl_arena_chunk;
struct bl_arena_kept;
struct bl_arena {
	struct bl_arena_chunk *head;
	size_t total;                   /* bytes handed out, for statistics */
	struct bl_arena_kept *kept;     /* heap blocks handed over */
};

void bl_arena_init(struct bl_arena *a);
void bl_arena_release(struct bl_arena *a);
/* Memory aligned for any object; zero-filled. Lives until bl_arena_release(). */
void *bl_arena_alloc(struct bl_arena *a, size_t n);
char *bl_arena_strndup(struct bl_arena *a, const char *s, size_t n);
char *bl_arena_strdup(struct bl_arena *a, const char *s);
char *bl_arena_printf(struct bl_arena *a, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
char *bl_arena_vprintf(struct bl_arena *a, const char *fmt, va_list ap);
void *bl_arena_memdup(struct bl_arena *a, const void *p, size_t n);
/* n bytes aligned only for uint32_t (packed tighter than bl_arena_alloc);
 * not zero-filled. */
void *bl_arena_alloc_words(struct bl_arena *a, size_t n);
/* n bytes not filled, aligned for pointers (8 bytes), not for any object. */
void *bl_arena_alloc_ptrs(struct bl_arena *a, size_t n);
/* Hands the heap block p (from bl_xmalloc/bl_xrealloc) to the arena, which
 * frees it in bl_arena_release(): a large vector built on the heap joins
 * the arena without a second copy. p may be NULL. */
void bl_arena_keep(struct bl_arena *a, void *p);
/* Takes the heap block p back from the arena (it was handed over with
 * bl_arena_keep()); the caller frees it. Returns false when the arena does
 * not hold p. */
bool bl_arena_unkeep(struct bl_arena *a, void *p);
/* Moves everything the arena from holds into a (whose release frees it);
 * from is left empty. */
void bl_arena_adopt(struct bl_arena *a, struct bl_arena *from);

/* A growable NUL-terminated byte buffer on the heap. */
struct bl_strbuf {
	char *buf;
	size_t len;
	size_t cap;
};
#define BL_STRBUF_INIT { NULL, 0, 0 }
void bl_strbuf_release(struct bl_strbuf *sb);
void bl_strbuf_add(struct bl_strbuf *sb, const void *data, size_t n);
void bl_strbuf_addstr(struct bl_strbuf *sb, const char *s);
void bl_strbuf_addch(struct bl_strbuf *sb, int c);
void bl_strbuf_addf(struct bl_strbuf *sb, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void bl_strbuf_vaddf(struct bl_strbuf *sb, const char *fmt, va_list ap);
void bl_strbuf_reset(struct bl_strbuf *sb);
/* Takes the buffer out of sb (never NULL); the caller frees it. */
char *bl_strbuf_detach(struct bl_strbuf *sb, size_t *len);

/*
 * UTF-8. bl_utf8_decode() reads one code point at s[0..n); it returns the
 * number of bytes used (>= 1) and stores the code point, or -1 for an invalid
 * or overlong sequence or a surrogate (then one byte is consumed).
 */
int bl_utf8_decode(const char *s, size_t n, int32_t *cp);
/* Writes cp as UTF-8 into out (at least 4 bytes); returns the length. */
int bl_utf8_encode(int32_t cp, char *out);
/* Offset of the first invalid byte in s[0..n), or n when it is all valid. */
size_t bl_utf8_validate(const char *s, size_t n);
/* Number of code points in s[0..n) (invalid bytes count one each). */
size_t bl_utf8_count(const char *s, size_t n);

/* Length of the run of ASCII bytes that starts s[0..n): the offset of the
 * first byte >= 0x80, or n. Reads eight bytes at a time. */
static inline size_t bl_ascii_span(const char *s, size_t n)
{
	size_t i = 0;
	uint64_t w;

	for (; n - i >= 8; i += 8) {
		memcpy(&w, s + i, 8);
		if (w & 0x8080808080808080ull)
			break;
	}
	while (i < n && (unsigned char)s[i] < 0x80)
		i++;
	return i;
}

bool bl_streq_ci(const char *a, const char *b);
bool bl_memeq_ci(const char *a, size_t an, const char *b);
/* The first occurrence of the C string needle in s[0..n), or NULL. */
const char *bl_memfind(const char *s, size_t n, const char *needle);
bool bl_has_suffix_ci(const char *s, const char *suffix);



/* Appends s[0..n) to sb as the body of a JSON string (no quotes). Invalid
 * UTF-8 bytes become U+FFFD. */
void bl_json_escape(struct bl_strbuf *sb, const char *s, size_t n);

/* Levenshtein distance between a and b (bytes), capped at limit+1. */
size_t bl_edit_distance(const char *a, const char *b, size_t limit);
/* The candidate closest to word within a small distance, or NULL. */
const char *bl_suggest(const char *word, const char *const *candidates, size_t n);

/* FNV-1a hash of n bytes. */
uint64_t bl_hash(const void *data, size_t n);
/* A faster hash of n bytes for in-memory tables (eight bytes at a time;
 * every bit of the result depends on the whole key, so a table may use
 * the low ones); not stable across versions, unlike bl_hash. */
uint64_t bl_hash_fast(const char *s, size_t n);
/* A hash of n bytes with ASCII letters folded to lower case (FNV-1a), for
 * tables of names compared case-insensitively. */
uint32_t bl_hash_ci(const char *s, size_t n);

/*
 * A hash map from byte-string keys to an index (uint32_t), for finding
 * duplicates in linear time. Keys are not copied: they must outlive the
 * map (arena strings do).
 */
struct bl_map_slot {
	const char *key;
	uint32_t len;
	uint32_t value;
	uint64_t hash;
};
struct bl_map {
	struct bl_map_slot *slots;
	size_t cap, count;
};
#define BL_MAP_INIT { NULL, 0, 0 }
/* Inserts key -> value unless the key is present. Returns true when it
 * was inserted; otherwise stores the existing value in *existing. */
bool bl_map_put(struct bl_map *m, const char *key, size_t len, uint32_t value,
		uint32_t *existing);
/* Sizes an empty map for n keys, so that putting them never grows it. */
void bl_map_reserve(struct bl_map *m, size_t n);
/* Looks a key up; true and *value when present. */
bool bl_map_get(const struct bl_map *m, const char *key, size_t len,
		uint32_t *value);
void bl_map_release(struct bl_map *m);

/* pthread_create() with default attributes, except that the thread starts
 * on another processor than the caller's when there is one (see util.c);
 * 0 or an error number. */
int bl_thread_create(pthread_t *t, void *(*fn)(void *), void *arg);

/* Runs fn(arg, 0) on the calling thread and fn(arg, k) on up to helpers
 * new threads (k = 1, 2, ...), and returns when every call has returned:
 * the number of helpers that started (fewer when a thread cannot be
 * created). fn is meant to take its work from a queue in arg until the
 * queue is empty, so that fewer threads only take longer. */
typedef void (*bl_thread_fn)(void *arg, unsigned k);
unsigned bl_run_threads(unsigned helpers, bl_thread_fn fn, void *arg);

/* ---- timing (BIBLINT_TIMING=1) --------------------------------------- */

/* True when BIBLINT_TIMING is set (and not 0): biblint then prints to
 * stderr where its time went. The first call starts the clock. */
bool bl_timing_on(void);
/* Milliseconds since the first bl_timing_on(). */
double bl_timing_ms(void);
/* With timing on, prints "timing: +T ms: <what>" (T from the clock's
 * start) to stderr. */
void bl_timing_mark(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
