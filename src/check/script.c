/*
 * script.c - script/mixed: a word that mixes Latin and Cyrillic letters,
 * usually a look-alike typed on the wrong keyboard layout ("Мoscow" with a
 * Cyrillic М). uscript tells the letters' scripts; ICU's spoof checker
 * (uspoof skeletons) finds each stray letter's look-alike in the word's own
 * script for the fix.
 */
#include "../rule.h"
#include "../translit.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include <unicode/uchar.h>
#include <unicode/uscript.h>
#include <unicode/uspoof.h>

#include "../banned.h"

/* Skeletons of the letters a stray letter may stand for, built once. */
struct lookalike {
	int32_t cp;
	UChar skel[8];
	int32_t len;
};

static struct {
	USpoofChecker *sc;
	struct lookalike latin[128], cyrillic[128];
	size_t nlatin, ncyrillic;
} la;

static int32_t skeleton(int32_t cp, UChar *out, int32_t cap)
{
	UChar in[2];
	int32_t n = 0, len;
	UErrorCode st = U_ZERO_ERROR;

	U16_APPEND_UNSAFE(in, n, cp);
	len = uspoof_getSkeleton(la.sc, 0, in, n, out, cap, &st);
	return U_SUCCESS(st) ? len : -1;
}

static void add_target(struct lookalike *tab, size_t *n, size_t cap, int32_t cp)
{
	struct lookalike *l;

	if (*n >= cap)
		return;
	l = &tab[*n];
	l->cp = cp;
	l->len = skeleton(cp, l->skel, (int32_t)BL_ARRAY_SIZE(l->skel));
	if (l->len > 0)
		(*n)++;
}

static void lookalikes_build(void)
{
	/* beside A-Z and a-z: ë and ï, the twins of ё (BGN/PCGN writes ë)
	 * and Ukrainian ї; beside the basic Russian alphabet: ё, ї, і, ј,
	 * ѕ, which have Latin twins */
	static const int32_t latin_more[] = { 0xCB, 0xEB, 0xCF, 0xEF };
	static const int32_t cyrillic_more[] = { 0x451, 0x401, 0x457, 0x407, 0x456,
						 0x406, 0x458, 0x408, 0x455, 0x405 };
	UErrorCode st = U_ZERO_ERROR;
	int32_t cp;
	size_t i;

	la.sc = uspoof_open(&st);
	if (U_FAILURE(st)) {
		la.sc = NULL;
		return;
	}
	for (cp = 'A'; cp <= 'Z'; cp++)
		add_target(la.latin, &la.nlatin, BL_ARRAY_SIZE(la.latin), cp);
	for (cp = 'a'; cp <= 'z'; cp++)
		add_target(la.latin, &la.nlatin, BL_ARRAY_SIZE(la.latin), cp);
	for (i = 0; i < BL_ARRAY_SIZE(latin_more); i++)
		add_target(la.latin, &la.nlatin, BL_ARRAY_SIZE(la.latin), latin_more[i]);
	for (cp = 0x410; cp <= 0x44F; cp++)
		add_target(la.cyrillic, &la.ncyrillic, BL_ARRAY_SIZE(la.cyrillic), cp);
	for (i = 0; i < BL_ARRAY_SIZE(cyrillic_more); i++)
		add_target(la.cyrillic, &la.ncyrillic, BL_ARRAY_SIZE(la.cyrillic),
			   cyrillic_more[i]);
}

/* The table, built once per process whichever thread asks first (the
 * checker's skeleton lookups are safe on several threads). */
static bool lookalikes_init(void)
{
	static pthread_once_t once = PTHREAD_ONCE_INIT;

	pthread_once(&once, lookalikes_build);
	return la.sc != NULL;
}

/* The letter of script target that looks like cp, or -1. Case must agree. */
static int32_t lookalike(int32_t cp, UScriptCode target)
{
	const struct lookalike *tab;
	size_t n, i;
	UChar sk[8];
	int32_t len;

	if (!lookalikes_init())
		return -1;
	tab = target == USCRIPT_LATIN ? la.latin : la.cyrillic;
	n = target == USCRIPT_LATIN ? la.nlatin : la.ncyrillic;
	len = skeleton(cp, sk, (int32_t)BL_ARRAY_SIZE(sk));
	if (len <= 0)
		return -1;
	for (i = 0; i < n; i++)
		if (tab[i].len == len && memcmp(tab[i].skel, sk, (size_t)len * sizeof(UChar)) == 0 &&
		    (bool)u_isupper(tab[i].cp) == (bool)u_isupper(cp))
			return tab[i].cp;
	return -1;
}

static UScriptCode script_of(int32_t cp)
{
	UErrorCode st = U_ZERO_ERROR;
	UScriptCode sc;

	if (cp < 0x80)
		return ((cp | 32) >= 'a' && (cp | 32) <= 'z') ? USCRIPT_LATIN : USCRIPT_COMMON;
	sc = uscript_getScript(cp, &st);
	return U_SUCCESS(st) ? sc : USCRIPT_COMMON;
}

/* True when every letter of script from in w has a look-alike in to. */
static bool all_have_twins(const char *w, size_t len, UScriptCode from, UScriptCode to)
{
	size_t i = 0;

	while (i < len) {
		int32_t cp;
		int k = bl_utf8_next(w + i, len - i, &cp);

		if (k <= 0)
			return false;
		if (script_of(cp) == from && lookalike(cp, to) < 0)
			return false;
		i += (size_t)k;
	}
	return true;
}

/* Latin-1 letters that text read as windows-1251 turns into Cyrillic:
 * the accented letters of Western European languages (not ð, þ, æ...). */
static bool latin1_accented(int32_t cp)
{
	return cp >= 0xC0 && cp <= 0xFF && cp != 0xC6 && cp != 0xD0 && cp != 0xD7 &&
	       cp != 0xDE && cp != 0xE6 && cp != 0xF0 && cp != 0xF7 && cp != 0xFE;
}

static void check_word(struct bl_ctx *ctx, const struct bl_entry *e,
		       const struct bl_value *v, size_t off, size_t len)
{
	const char *w = v->text + off;
	size_t i = 0, nlat = 0, ncyr = 0;
	int32_t first_script = -1, stray = -1;
	UScriptCode word_script, other;
	struct bl_strbuf fix = BL_STRBUF_INIT, moji = BL_STRBUF_INIT;
	bool fixable = true, garbled = true, unsure = false;
	char name[128];
	UErrorCode st = U_ZERO_ERROR;
	struct bl_finding *f;
	uint32_t a, b;

	for (i = 0; i < len;) {
		int32_t cp;
		int k = bl_utf8_next(w + i, len - i, &cp);
		UScriptCode sc;

		if (k <= 0)
			return;
		sc = script_of(cp);
		if (sc == USCRIPT_LATIN)
			nlat++;
		else if (sc == USCRIPT_CYRILLIC)
			ncyr++;
		if (first_script < 0 && (sc == USCRIPT_LATIN || sc == USCRIPT_CYRILLIC))
			first_script = sc;
		i += (size_t)k;
	}
	if (!nlat || !ncyr)
		return;
	if (nlat != ncyr)
		word_script = nlat > ncyr ? USCRIPT_LATIN : USCRIPT_CYRILLIC;
	else if (all_have_twins(w, len, USCRIPT_CYRILLIC, USCRIPT_LATIN))
		word_script = USCRIPT_LATIN;      /* "оf": a Cyrillic о in "of" */
	else if (all_have_twins(w, len, USCRIPT_LATIN, USCRIPT_CYRILLIC))
		word_script = USCRIPT_CYRILLIC;
	else
		word_script = (UScriptCode)first_script;
	other = word_script == USCRIPT_LATIN ? USCRIPT_CYRILLIC : USCRIPT_LATIN;
	for (i = 0; i < len;) {
		int32_t cp, twin;
		int k = bl_utf8_next(w + i, len - i, &cp);
		char enc[4];

		if (script_of(cp) == other) {
			int32_t latin1 = cp - 0x410 + 0xC0;

			if (stray < 0)
				stray = cp;
			twin = lookalike(cp, word_script);
			if (twin < 0) {
				fixable = false;
				twin = cp;
			} else {
				garbled = false;
			}
			/* у is y, or ó read as windows-1251 (Jуnsson, Leуn) */
			if (cp == 0x443 || cp == 0x423)
				unsure = true;
			bl_strbuf_add(&fix, enc, (size_t)bl_utf8_encode(twin, enc));
			/* Latin-1 text read as windows-1251 turns ü into ь, é
			 * into й: the two code pages share 0xC0..0xFF */
			if (word_script != USCRIPT_LATIN || cp < 0x410 || cp > 0x44F ||
			    cp == 0x42F || !latin1_accented(latin1))
				garbled = false;
			else
				bl_strbuf_add(&moji, enc, (size_t)bl_utf8_encode(latin1, enc));
		} else {
			bl_strbuf_add(&fix, w + i, (size_t)k);
			bl_strbuf_add(&moji, w + i, (size_t)k);
		}
		i += (size_t)k;
	}
	u_charName(stray, U_UNICODE_CHAR_NAME, name, sizeof(name), &st);
	if (U_FAILURE(st))
		name[0] = '\0';
	{
		char enc[5] = { 0 };

		bl_utf8_encode(stray, enc);
		bl_value_subspan(v, off, len, &a, &b);
		garbled = garbled && !fixable;
		f = bl_report(ctx, BL_R_script_mixed, e, a, b,
			      "'%.*s' mixes scripts: '%s' is %s (U+%04X) in a %s word%s%s%s",
			      (int)len, w, enc, name, (unsigned)stray,
			      word_script == USCRIPT_LATIN ? "Latin" : "Cyrillic",
			      fixable && unsure ? "; write (unless it is ó read as "
						  "windows-1251) '" :
			      fixable ? "; write '" :
			      garbled ? "; it looks like Latin-1 text read as windows-1251: '" : "",
			      fixable ? fix.buf : garbled ? moji.buf : "",
			      fixable || garbled ? "'" : "");
	}
	if (fixable)
		bl_finding_fix_value(ctx, f, v, off, len, fix.buf, fix.len, !unsure);
	else if (garbled)
		bl_finding_fix_value(ctx, f, v, off, len, moji.buf, moji.len, false);
	bl_strbuf_release(&fix);
	bl_strbuf_release(&moji);
}

static bool has_non_ascii(const char *s, size_t n)
{
	return bl_ascii_span(s, n) < n;
}

/* What a byte of UTF-8 says of the scripts of the text it is in: an ASCII
 * letter or the lead byte of Latin-1 to IPA (0xC3..0xCA) a Latin letter; the
 * lead bytes of U+0400..U+053F (0xD0..0xD4) a Cyrillic one; those of
 * Latin Extended Additional, -C, -D and Cyrillic Extended-B, -C (0xE1,
 * 0xEA) either; other three- and four-byte characters may be letters of
 * any script (ICU decides), except U+2000..U+203F (0xE2 0x80: punctuation
 * such as ’ – “), which are none. Continuation bytes and the other
 * two-byte leads say nothing. */
enum { MIX_LAT = 1, MIX_CYR = 2, MIX_E2 = 4 };

static const uint8_t mix_class[256] = {
#define L4(x) [x] = MIX_LAT, [x + 1] = MIX_LAT, [x + 2] = MIX_LAT, [x + 3] = MIX_LAT
	L4('A'), L4('E'), L4('I'), L4('M'), L4('Q'), L4('U'), ['Y'] = MIX_LAT, ['Z'] = MIX_LAT,
	L4('a'), L4('e'), L4('i'), L4('m'), L4('q'), L4('u'), ['y'] = MIX_LAT, ['z'] = MIX_LAT,
	L4(0xC3), L4(0xC7),
#undef L4
	[0xD0] = MIX_CYR, [0xD1] = MIX_CYR, [0xD2] = MIX_CYR, [0xD3] = MIX_CYR,
	[0xD4] = MIX_CYR,
	[0xE0] = MIX_CYR, [0xE1] = MIX_LAT | MIX_CYR, [0xE2] = MIX_E2,
	[0xE3] = MIX_CYR, [0xE4] = MIX_CYR, [0xE5] = MIX_CYR, [0xE6] = MIX_CYR,
	[0xE7] = MIX_CYR, [0xE8] = MIX_CYR, [0xE9] = MIX_CYR,
	[0xEA] = MIX_LAT | MIX_CYR, [0xEB] = MIX_CYR, [0xEC] = MIX_CYR,
	[0xED] = MIX_CYR, [0xEE] = MIX_CYR, [0xEF] = MIX_CYR,
	[0xF0] = MIX_CYR, [0xF1] = MIX_CYR, [0xF2] = MIX_CYR, [0xF3] = MIX_CYR,
	[0xF4] = MIX_CYR, [0xF5] = MIX_CYR, [0xF6] = MIX_CYR, [0xF7] = MIX_CYR,
	[0xF8] = MIX_CYR, [0xF9] = MIX_CYR, [0xFA] = MIX_CYR, [0xFB] = MIX_CYR,
	[0xFC] = MIX_CYR, [0xFD] = MIX_CYR, [0xFE] = MIX_CYR, [0xFF] = MIX_CYR,
};

/* False when the text cannot hold a word of both scripts: it has no
 * Cyrillic, or no Latin letter. */
static bool may_mix(const char *s, size_t n)
{
	unsigned seen = 0;
	size_t i;

	for (i = 0; i < n; i++) {
		unsigned k = mix_class[(unsigned char)s[i]];

		if (!k)
			continue;
		if (k == MIX_E2) {
			if (i + 1 < n && (unsigned char)s[i + 1] == 0x80) {
				i++;
				continue;
			}
			k = MIX_CYR;
		}
		seen |= k;
		if (seen == (MIX_LAT | MIX_CYR))
			return true;
	}
	return false;
}

static void check_value(struct bl_ctx *ctx, const struct bl_entry *e,
			const struct bl_value *v)
{
	size_t i = 0, n;

	if (!v->text || !has_non_ascii(v->text, bl_value_len(v)) || !may_mix(v->text, bl_value_len(v)))
		return;
	n = bl_value_len(v);
	/* words here are runs of letters and marks only */
	while (i < n) {
		size_t start;
		int32_t cp;
		int k;

		while (i < n) {
			unsigned char c = (unsigned char)v->text[i];

			if (c < 0x80) {
				if ((c | 32) >= 'a' && (c | 32) <= 'z')
					break;
				i++;
				continue;
			}
			k = bl_utf8_next(v->text + i, n - i, &cp);
			if (k > 0 && u_isalpha(cp))
				break;
			i += k > 0 ? (size_t)k : 1;
		}
		start = i;
		while (i < n) {
			unsigned char c = (unsigned char)v->text[i];
			int8_t t;

			if (c < 0x80) {
				if ((c | 32) < 'a' || (c | 32) > 'z')
					break;
				i++;
				continue;
			}
			k = bl_utf8_next(v->text + i, n - i, &cp);
			if (k <= 0)
				break;
			t = u_charType(cp);
			if (!u_isalpha(cp) && t != U_NON_SPACING_MARK && t != U_COMBINING_SPACING_MARK)
				break;
			i += (size_t)k;
		}
		if (i > start && has_non_ascii(v->text + start, i - start))
			check_word(ctx, e, v, start, i - start);
		if (i == start)
			i++;
	}
}

static bool skipped_key(unsigned key)
{
	return key == BL_K_ID || key == BL_K_TYPE || key == BL_K_URL || key == BL_K_DOI ||
	       key == BL_K_ISBN || key == BL_K_ISSN || key == BL_K_LANGUAGE;
}

static void mixed_value(const struct bl_entry *e, const struct bl_field *f,
			const struct bl_name *name, const struct bl_value *v, void *arg)
{
	struct bl_ctx *ctx = arg;

	/* the suffix of a name (Jr., III) is not checked */
	if (skipped_key(f->key) || (name && v == bl_name_suffix(name)))
		return;
	check_value(ctx, e, v);
}

static void check_mixed(struct bl_ctx *ctx)
{
	bl_list_each_value(ctx->list, mixed_value, ctx);
}

const struct bl_rule bl_rule_script_mixed = {
	.id = "script/mixed",
	.severity = BL_SEV_ERROR,
	.summary = "a word mixes Latin and Cyrillic letters",
	.doc = "A word (a run of letters) holds both Latin and Cyrillic letters: "
	       "almost always a look-alike typed on the other keyboard layout, such as "
	       "a Cyrillic о, а, с, е or р inside a Latin word, or a Latin one inside a "
	       "Cyrillic word. Such a word looks right but sorts, searches and links "
	       "wrongly. The word's script is the one most of its letters are in (the "
	       "first letter's on a tie); the message names the first stray letter and "
	       "its code point. When every stray letter has a look-alike in the word's "
	       "script (ICU's spoof-checker skeletons), the fix writes them in the "
	       "word's script, which is safe (except for у, which may also be a garbled "
	       "ó). A Cyrillic letter with no look-alike in a "
	       "Latin word is often Latin-1 text read as windows-1251 (ü shown as ь, é as "
	       "й); the message then gives the repaired word, offered as a fix that is not "
	       "applied by default. Every text field and name is checked, "
	       "except id, type, URL, DOI, ISBN, ISSN and language.",
	.bad = "- id: a\n  title: Notes from \xd0\x9coscow\n",
	.good = "- id: a\n  title: Notes from Moscow\n",
	.fixable = true,
	.check = check_mixed,
};
