/*
 * translit.h - transliteration schemes: data files in rules/translit/,
 * compiled into ICU transliterators only when first used.
 *
 * A scheme is a file of ICU transform rules with a header of `# key: value`
 * lines (id, name, language, render, forbid, equivalent; see
 * rules/translit/README.md), or a line of rules/translit/aliases.txt naming
 * one of ICU's built-in transforms. The registry is read once per process
 * from the data directory (BIBLINT_DATADIR, else ../rules beside the binary,
 * else rules/ in the current directory, else the installed BL_DATADIR); a
 * scheme's transliterator is compiled the
 * first time text is transliterated with it, and its results are cached per
 * distinct word. Nothing here is thread-safe.
 *
 * Text is transliterated one word (a run of Cyrillic letters) at a time, in
 * lower case; the word's case is then restored (Щука -> Shchuka, СССР ->
 * SSSR). Everything else in the text is copied unchanged.
 *
 * The schemes and their caches live until bl_translit_shutdown().
 */
#ifndef BL_TRANSLIT_H
#define BL_TRANSLIT_H

#include "biblint.h"

/* Letters whose renderings the consistency checks compare. Each is probed
 * with a fixed word (see bl_tfeat_probes) so that a scheme's declared
 * rendering can be verified against its rules. */
enum bl_tfeat {
	BL_TF_YA,        /* я after a consonant */
	BL_TF_YU,        /* ю after a consonant */
	BL_TF_YO,        /* ё after a consonant */
	BL_TF_E_VOWEL,   /* е after a vowel */
	BL_TF_E_INITIAL, /* е at the start of a word */
	BL_TF_SHORT_I,   /* й before a consonant */
	BL_TF_II,        /* final -ий */
	BL_TF_YI,        /* final -ый */
	BL_TF_KH,        /* х */
	BL_TF_TS,        /* ц before а */
	BL_TF_TS_I,      /* ц before и */
	BL_TF_ZH,        /* ж */
	BL_TF_SHCH,      /* щ */
	BL_TF_SOFT,      /* ь before a consonant */
	BL_TF_HARD,      /* ъ before a consonant */
	BL_TF_E_HARD,    /* э after a consonant */
	BL_TF__COUNT
};

struct bl_tfeat_probe {
	const char *name;     /* as written in a scheme's `render:` line */
	const char *label;    /* for messages: "я after a consonant" */
	const char *word;     /* Cyrillic probe, lower case */
	const char *prefix;   /* the Latin around the rendering */
	const char *suffix;
};
extern const struct bl_tfeat_probe bl_tfeat_probes[BL_TF__COUNT];

struct bl_scheme_state;

struct bl_scheme_forbid {
	char *pattern;        /* ICU regular expression, case-insensitive */
	char *reason;         /* "-ий is -ii, -ый is -yi" */
};

struct bl_scheme {
	char *id;
	char *name;
	char *language;       /* "ru", "uk", "be", "bg" */
	char *source;         /* may be NULL */
	char *path;           /* the file it came from */
	char *icu_id;         /* built-in transform (aliases.txt); else NULL */
	char *render[BL_TF__COUNT];  /* declared renderings; NULL: not declared */
	struct bl_scheme_forbid *forbid;
	size_t nforbid;
	char *equivalent;     /* groups of interchangeable characters,
			       * space-separated; may be NULL */
	struct bl_scheme_state *state;  /* compiled rules, cache (private) */
};

/* Reads the registry if not done yet. Returns BL_OK or BL_ERR (no data
 * directory, an unreadable or malformed scheme file). */
int bl_schemes_load(struct bl_error *err);
/* The registry (sorted by id); empty before a successful load. */
size_t bl_scheme_count(void);
const struct bl_scheme *bl_scheme_at(size_t i);
/* Loads the registry if needed; NULL when there is no such scheme. */
const struct bl_scheme *bl_scheme_find(const char *id);
/* The directory the schemes were read from (NULL before loading). */
const char *bl_translit_dir(void);

/* Appends the transliteration of text[0..len) to out. Compiles the scheme
 * on first use; BL_ERR when its rules do not compile. */
int bl_scheme_translit(const struct bl_scheme *s, const char *text, size_t len,
		       struct bl_strbuf *out, struct bl_error *err);
/* Compiles the scheme now (for tests and --list checks). */
int bl_scheme_compile(const struct bl_scheme *s, struct bl_error *err);

/* When the scheme cannot produce word[0..len), returns the reason and sets
 * [*off, *off + *n) to the offending part; else NULL. */
const char *bl_scheme_forbidden(const struct bl_scheme *s, const char *word,
				size_t len, size_t *off, size_t *n);
/* True when the scheme accepts a for b (its `equivalent:` groups). */
bool bl_scheme_equiv(const struct bl_scheme *s, int32_t a, int32_t b);

/* How many transliterators this process has compiled so far. */
unsigned bl_translit_compiled(void);
/* Frees the registry, the transliterators and their caches. */
void bl_translit_shutdown(void);

/* ---- text helpers shared by the translit, script and names checks
 * (romanised.c) ---- */

/* bl_utf8_decode() with ASCII and two-byte sequences (Latin, Greek,
 * Cyrillic) decoded inline; n must be at least 1. */
static inline int bl_utf8_next(const char *s, size_t n, int32_t *cp)
{
	unsigned char c = (unsigned char)s[0], d;

	if (c < 0x80) {
		*cp = c;
		return 1;
	}
	if (c >= 0xC2 && c <= 0xDF && n >= 2 &&
	    ((d = (unsigned char)s[1]) & 0xC0) == 0x80) {
		*cp = ((int32_t)(c & 0x1F) << 6) | (d & 0x3F);
		return 2;
	}
	return bl_utf8_decode(s, n, cp);
}

/* True when s[0..n) holds a Cyrillic letter. */
bool bl_has_cyrillic(const char *s, size_t n);
/* True when the code point is a letter of the Cyrillic script. */
bool bl_is_cyrillic(int32_t cp);
/* True when the code point is an NFC starter: NFC_Quick_Check=Yes and
 * combining class 0. Text made only of starters is in NFC, whatever their
 * order. Memoised per code point. */
bool bl_is_nfc_starter(int32_t cp);
/* True when the code point is a combining mark (Mn, Me, Mc). */
bool bl_is_mark(int32_t cp);

/* The next word of s[0..n) at or after *pos: a run of letters, digits and
 * combining marks, with the apostrophe-like marks romanisations use (’ ' ʹ
 * ʺ ” " ` ·) inside it and ’ ' ʹ ` at its end. Sets *off and *len and
 * advances *pos; false at the end. */
bool bl_word_next(const char *s, size_t n, size_t *pos, size_t *off, size_t *len);

/* A romanisation skeleton of word[0..n) for comparing spellings of one
 * name: lower case, no diacritics or apostrophes, and the alternatives of
 * the schemes folded (kh/h/x, ts/tc/cz/c, ya/ia/ja, y/j/i, doubled
 * letters...). Appends to out. */
void bl_translit_fold(const char *word, size_t n, struct bl_strbuf *out);

/* True when two words are the same letters ignoring case, after NFC, with
 * the scheme's equivalent characters (s may be NULL). */
bool bl_translit_word_eq(const struct bl_scheme *s, const char *a, size_t an,
			 const char *b, size_t bn);

/* ---- which entries are romanised -------------------------------------- */

/* Why an entry's Latin text is taken for a romanisation of Cyrillic. */
enum bl_romanised {
	BL_ROM_NO = 0,
	BL_ROM_ORIGINAL,     /* an original-* field holds Cyrillic */
	BL_ROM_LANGUAGE,     /* language ru, uk, be, bg (or *-Latn), Latin title */
	BL_ROM_TRANSLATION,  /* translated-title or "Title [Translation]", and the
			      * title reads as romanised Slavic */
};
enum bl_romanised bl_entry_romanised(const struct bl_entry *e);
/* The language of an entry's Cyrillic ("ru", "uk", "be", "bg"): its
 * language field, else the letters of its originals; "ru" by default. */
const char *bl_entry_cyr_language(const struct bl_entry *e);
/* The length of text without a trailing bracketed translation
 * ("Title [Translation]" -> "Title"). */
size_t bl_strip_translation(const char *text, size_t len);
/* True when one word reads as romanised Slavic rather than English: it has
 * a mark of a romanisation (zh, kh, shch, ts before a vowel, ya/yu after a
 * consonant, ’ inside, č š ž, an ending such as -ii, -yi, -aya, -skie,
 * -ikh, -ov, -anie) and none of English (th, w, q, ou, ea, ee, -tion, -ing,
 * -ed...). */
bool bl_word_looks_slavic(const char *w, size_t n);
/* True when some word of text has a mark of romanised Slavic (kh, zh,
 * shch, ts before a vowel, ’ inside a word, -aya, -ykh, -ii...). */
bool bl_looks_romanised(const char *text, size_t len);

#endif
