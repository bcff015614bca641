/*
 * romanised.c - the text helpers the translit, script and names checks
 * share: words of romanised text, comparing and folding spellings, and
 * telling romanised Slavic from English (see translit.h).
 */
#include "translit.h"

#include <string.h>

#include <unicode/uchar.h>
#include <unicode/unorm2.h>
#include <unicode/ustring.h>

#include "banned.h"

bool bl_is_mark(int32_t cp)
{
	int8_t t;

	if (cp < 0x300)
		return false;
	t = u_charType(cp);
	return t == U_NON_SPACING_MARK || t == U_ENCLOSING_MARK ||
	       t == U_COMBINING_SPACING_MARK;
}

/* ---- words ------------------------------------------------------------ */

/* ASCII letters and digits: the word characters below 0x80 */
static const uint8_t ascii_word[128] = {
	['0'] = 1, ['1'] = 1, ['2'] = 1, ['3'] = 1, ['4'] = 1, ['5'] = 1, ['6'] = 1,
	['7'] = 1, ['8'] = 1, ['9'] = 1,
	['A'] = 1, ['B'] = 1, ['C'] = 1, ['D'] = 1, ['E'] = 1, ['F'] = 1, ['G'] = 1,
	['H'] = 1, ['I'] = 1, ['J'] = 1, ['K'] = 1, ['L'] = 1, ['M'] = 1, ['N'] = 1,
	['O'] = 1, ['P'] = 1, ['Q'] = 1, ['R'] = 1, ['S'] = 1, ['T'] = 1, ['U'] = 1,
	['V'] = 1, ['W'] = 1, ['X'] = 1, ['Y'] = 1, ['Z'] = 1,
	['a'] = 1, ['b'] = 1, ['c'] = 1, ['d'] = 1, ['e'] = 1, ['f'] = 1, ['g'] = 1,
	['h'] = 1, ['i'] = 1, ['j'] = 1, ['k'] = 1, ['l'] = 1, ['m'] = 1, ['n'] = 1,
	['o'] = 1, ['p'] = 1, ['q'] = 1, ['r'] = 1, ['s'] = 1, ['t'] = 1, ['u'] = 1,
	['v'] = 1, ['w'] = 1, ['x'] = 1, ['y'] = 1, ['z'] = 1,
};

static bool is_word_char(int32_t cp)
{
	if (cp < 0x80)
		return ascii_word[cp];
	if (cp >= 0x400 && cp <= 0x4FF)
		return cp != 0x482;
	return u_isalnum(cp) || bl_is_mark(cp);
}

static bool is_inner_mark(int32_t cp)
{
	switch (cp) {
	case '\'': case '"': case '`': case 0x2019: case 0x201D: case 0x02B9:
	case 0x02BA: case 0x02BC: case 0x00B7:
		return true;
	}
	return false;
}

static bool is_final_mark(int32_t cp)
{
	return cp == '\'' || cp == '`' || cp == 0x2019 || cp == 0x02B9 || cp == 0x02BC;
}

bool bl_word_next(const char *s, size_t n, size_t *pos, size_t *off, size_t *len)
{
	size_t i = *pos, end;
	int32_t cp;
	int k;

	/* skip to a word character */
	while (i < n) {
		unsigned char c = (unsigned char)s[i];

		if (c < 0x80) {
			if (ascii_word[c])
				break;
			i++;
			continue;
		}
		k = bl_utf8_next(s + i, n - i, &cp);
		if (k > 0 && is_word_char(cp) && !bl_is_mark(cp))
			break;
		i += k > 0 ? (size_t)k : 1;
	}
	if (i >= n) {
		*pos = n;
		return false;
	}
	*off = i;
	end = i;
	while (end < n) {
		unsigned char c = (unsigned char)s[end];

		if (c < 0x80) {
			if (ascii_word[c]) {
				end++;
				continue;
			}
			/* a space or punctuation other than an apostrophe ends it */
			if (c != '\'' && c != '"' && c != '`')
				break;
		}
		k = bl_utf8_next(s + end, n - end, &cp);
		if (k <= 0)
			break;
		if (is_word_char(cp)) {
			end += (size_t)k;
			continue;
		}
		if (is_inner_mark(cp)) {
			int32_t nx = 0;
			size_t m = end + (size_t)k;
			int k2 = m < n ? bl_utf8_next(s + m, n - m, &nx) : 0;

			/* runs of marks (GOST B ``) count as one */
			while (k2 > 0 && is_inner_mark(nx) && nx == cp) {
				m += (size_t)k2;
				k2 = m < n ? bl_utf8_next(s + m, n - m, &nx) : 0;
			}
			if (k2 > 0 && is_word_char(nx)) {
				end = m;
				continue;
			}
			if (is_final_mark(cp)) {
				end = m;
			}
			break;
		}
		break;
	}
	*len = end - i;
	*pos = end;
	return true;
}

/* ---- comparing and folding ------------------------------------------- */

/* Per BMP code point: 0 not looked up yet; 1 when it is an NFC starter; 2
 * otherwise. */
static uint8_t nfc_starter[0x10000];

bool bl_is_nfc_starter(int32_t cp)
{
	uint8_t *m, v;

	if (cp < 0x300)
		return cp >= 0;
	if (cp > 0xFFFF)
		return false;
	/* checks on two threads may fill the table at once: each slot is
	 * written whole, with the one value it can have */
	m = &nfc_starter[cp];
	v = __atomic_load_n(m, __ATOMIC_RELAXED);
	if (!v) {
		v = u_getIntPropertyValue(cp, UCHAR_NFC_QUICK_CHECK) == UNORM_YES &&
		    u_getCombiningClass(cp) == 0 ? 1 : 2;
		__atomic_store_n(m, v, __ATOMIC_RELAXED);
	}
	return v == 1;
}

/* NFC + case folding of a word into out (UTF-32); returns its length. */
static int32_t fold_word(const char *w, size_t n, int32_t *out, int32_t cap)
{
	UErrorCode st = U_ZERO_ERROR;
	const UNormalizer2 *nfc = unorm2_getNFCInstance(&st);
	UChar in[256], norm[512];
	int32_t ilen = 0, nlen, i = 0, o = 0;

	if (n > 200)
		n = 200;
	u_strFromUTF8(in, 256, &ilen, w, (int32_t)n, &st);
	if (U_FAILURE(st))
		return -1;
	nlen = unorm2_normalize(nfc, in, ilen, norm, 512, &st);
	if (U_FAILURE(st))
		return -1;
	while (i < nlen && o < cap) {
		UChar32 c;

		U16_NEXT(norm, i, nlen, c);
		out[o++] = u_foldCase(c, U_FOLD_CASE_DEFAULT);
	}
	return o;
}

static bool ascii_eq_ci(const char *a, const char *b, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		char x = a[i], y = b[i];

		if (x >= 'A' && x <= 'Z')
			x += 32;
		if (y >= 'A' && y <= 'Z')
			y += 32;
		if (x != y)
			return false;
	}
	return true;
}

bool bl_translit_word_eq(const struct bl_scheme *s, const char *a, size_t an,
			 const char *b, size_t bn)
{
	int32_t fa[256], fb[256], la, lb, i;
	size_t k;
	bool ascii = true;

	if (an == bn && memcmp(a, b, an) == 0)
		return true;
	if (an == bn && ascii_eq_ci(a, b, an))
		return true;   /* equal but for the case of ASCII letters */
	for (k = 0; k < an && ascii; k++)
		ascii = !((unsigned char)a[k] & 0x80);
	for (k = 0; k < bn && ascii; k++)
		ascii = !((unsigned char)b[k] & 0x80);
	if (ascii && !(s && s->equivalent && (memchr(a, '\'', an) || memchr(b, '\'', bn) ||
					      memchr(a, '"', an) || memchr(b, '"', bn))))
		return an == bn && ascii_eq_ci(a, b, an);
	if (an <= 200 && bn <= 200) {
		/* text made of NFC starters is its own NFC: case-fold it code
		 * point by code point, without ICU's normaliser (a later mark
		 * could compose with an earlier letter, so every code point of
		 * both words is looked at before they are called different) */
		size_t p = 0, q = 0;
		bool starters = true, same = true;

		while (starters && (p < an || q < bn)) {
			int32_t ca = -1, cb = -1;
			int ka = p < an ? bl_utf8_next(a + p, an - p, &ca) : 0;
			int kb = q < bn ? bl_utf8_next(b + q, bn - q, &cb) : 0;

			if (ka < 0 || kb < 0 || (ka && !bl_is_nfc_starter(ca)) ||
			    (kb && !bl_is_nfc_starter(cb))) {
				starters = false;
				break;
			}
			p += (size_t)ka;
			q += (size_t)kb;
			if (!same)
				continue;
			if (!ka || !kb) {
				same = false;   /* different lengths */
				continue;
			}
			ca = u_foldCase(ca, U_FOLD_CASE_DEFAULT);
			cb = u_foldCase(cb, U_FOLD_CASE_DEFAULT);
			if (ca != cb && !bl_scheme_equiv(s, ca, cb))
				same = false;
		}
		if (starters)
			return same;
	}
	la = fold_word(a, an, fa, 256);
	lb = fold_word(b, bn, fb, 256);
	if (la < 0 || lb < 0 || la != lb)
		return false;
	for (i = 0; i < la; i++)
		if (fa[i] != fb[i] && !bl_scheme_equiv(s, fa[i], fb[i]))
			return false;
	return true;
}

/* In pass 1 of bl_translit_fold: when a[p..] starts with `from`, writes
 * `to` and moves on to the next letter. */
#define FOLD(from, to)                                                        \
	if (p + sizeof(from) - 1 <= alen &&                                   \
	    memcmp(a + p, from, sizeof(from) - 1) == 0) {                     \
		memcpy(b + blen, to, sizeof(to) - 1);                         \
		blen += sizeof(to) - 1;                                       \
		p += sizeof(from) - 1;                                        \
		continue;                                                     \
	}

void bl_translit_fold(const char *word, size_t n, struct bl_strbuf *out)
{
	char a[840], b[1700];   /* b: "x" becomes "ks" */
	size_t alen = 0, blen = 0, p, i;
	bool ascii = true;

	if (n > 200)
		n = 200;
	for (i = 0; i < n && ascii; i++)
		ascii = !((unsigned char)word[i] & 0x80);
	/* lower case, without marks, apostrophes or punctuation */
	if (ascii) {
		for (i = 0; i < n; i++) {
			char c = word[i];

			if (c >= 'A' && c <= 'Z')
				a[alen++] = (char)(c + 32);
			else if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))
				a[alen++] = c;
		}
	} else {
		UErrorCode st = U_ZERO_ERROR;
		const UNormalizer2 *nfd = unorm2_getNFDInstance(&st);
		UChar in[256], norm[768];
		int32_t ilen = 0, nlen, k = 0;

		u_strFromUTF8(in, 256, &ilen, word, (int32_t)n, &st);
		nlen = U_SUCCESS(st) ? unorm2_normalize(nfd, in, ilen, norm, 768, &st) : 0;
		if (U_FAILURE(st))
			nlen = 0;
		while (k < nlen && alen + 8 < sizeof(a)) {
			UChar32 c;

			U16_NEXT(norm, k, nlen, c);
			/* ISO 9's ŝ is щ: s + circumflex */
			if (c == 0x302 && alen && a[alen - 1] == 's') {
				memcpy(a + alen, "hch", 3);
				alen += 3;
				continue;
			}
			if (!u_isalnum(c))
				continue;
			alen += (size_t)bl_utf8_encode(u_tolower(c), a + alen);
		}
	}
	/* pass 1: the schemes' alternatives for one letter; of those for one
	 * letter, the first that matches */
	for (p = 0; p < alen;) {
		switch (a[p]) {
		case 's':
			FOLD("shch", "sc") FOLD("shh", "sc") FOLD("sch", "sc") FOLD("sh", "s")
			break;
		case 'z': FOLD("zh", "z") break;
		case 'k': FOLD("kh", "h") break;
		case 'x': FOLD("x", "ks") break;
		case 'c': FOLD("ck", "k") FOLD("cz", "c") FOLD("ch", "c") break;
		case 't': FOLD("tz", "c") FOLD("ts", "c") FOLD("tc", "c") break;
		case 'p': FOLD("ph", "f") break;
		case 'w': FOLD("w", "v") break;
		case 'y': FOLD("y", "i") break;
		case 'j': FOLD("j", "i") break;
		}
		b[blen++] = a[p++];
	}
	/* pass 2: doubled letters */
	alen = 0;
	for (p = 0; p < blen; p++)
		if (p == 0 || b[p] != b[p - 1] || ((unsigned char)b[p] & 0x80))
			a[alen++] = b[p];
	/* pass 3: iotated vowels (ia, iu, ie, io are a, u, e, o) */
	blen = 0;
	for (p = 0; p < alen;) {
		if (a[p] == 'i' && p + 1 < alen &&
		    (a[p + 1] == 'a' || a[p + 1] == 'u' || a[p + 1] == 'e' || a[p + 1] == 'o')) {
			b[blen++] = a[p + 1];
			p += 2;
		} else {
			b[blen++] = a[p++];
		}
	}
	bl_strbuf_add(out, b, blen);
}

#undef FOLD

/* ---- which entries are romanised -------------------------------------- */

static bool value_has_cyrillic(const struct bl_value *v)
{
	return v->text && bl_has_cyrillic(v->text, bl_value_len(v));
}

static bool field_has_cyrillic(const struct bl_entry *e, const struct bl_field *f)
{
	uint32_t i;

	if (f->kind == BL_FIELD_NAMES) {
		const struct bl_names *names = bl_field_names(e, f);

		for (i = 0; i < names->count; i++) {
			const struct bl_name *n = &names->items[i];

			if (value_has_cyrillic(&n->family) || value_has_cyrillic(&n->given) ||
			    value_has_cyrillic(bl_name_literal(n)))
				return true;
		}
		return false;
	}
	return value_has_cyrillic(&f->value);
}

static bool is_original_key(unsigned key)
{
	return key == BL_K_ORIGINAL_TITLE || key == BL_K_ORIGINAL_AUTHOR ||
	       key == BL_K_ORIGINAL_CONTAINER_TITLE || key == BL_K_ORIGINAL_PUBLISHER ||
	       key == BL_K_ORIGINAL_PUBLISHER_PLACE;
}

static bool slavic_language(const char *s, size_t n, bool *latn)
{
	static const char *const langs[] = { "ru", "uk", "be", "bg", "sr", "mk" };
	size_t i, p = 0;

	while (p < n && s[p] != '-' && s[p] != '_')
		p++;
	*latn = false;
	for (i = p; i + 4 < n + 1; i++)
		if (bl_memeq_ci(s + i, 4, "Latn") || bl_memeq_ci(s + i, 4, "latn"))
			*latn = true;
	for (i = 0; i < BL_ARRAY_SIZE(langs); i++)
		if (p == 2 && bl_memeq_ci(s, 2, langs[i]))
			return true;
	return false;
}

size_t bl_strip_translation(const char *text, size_t len)
{
	size_t n = len, depth = 0;

	while (n && (text[n - 1] == ' ' || text[n - 1] == '.'))
		n--;
	if (!n || text[n - 1] != ']')
		return len;
	while (n) {
		n--;
		if (text[n] == ']')
			depth++;
		else if (text[n] == '[' && --depth == 0)
			break;
	}
	if (depth || n == 0)
		return len;
	while (n && (text[n - 1] == ' '))
		n--;
	return n;
}

static bool is_cons(char c)
{
	return c && strchr("bvgdzklmnprstfh", c) != NULL;
}

bool bl_looks_romanised(const char *text, size_t len)
{
	size_t pos = 0, off, wl;

	while (bl_word_next(text, len, &pos, &off, &wl)) {
		char w[64];
		size_t i, n = wl < sizeof(w) - 1 ? wl : sizeof(w) - 1;

		for (i = 0; i < n; i++)
			w[i] = (char)((text[off + i] >= 'A' && text[off + i] <= 'Z') ?
				      text[off + i] + 32 : text[off + i]);
		w[n] = '\0';
		if (strstr(w, "kh") || strstr(w, "zh") || strstr(w, "shch") ||
		    strstr(w, "\xe2\x80\x99") || strstr(w, "\xca\xb9"))
			return true;
		for (i = 0; i + 2 < n; i++)
			if (w[i] == 't' && w[i + 1] == 's' && strchr("aeiou", w[i + 2]))
				return true;
		for (i = 1; i + 1 < n; i++)
			if (w[i] == 'y' && is_cons(w[i - 1]) && strchr("aue", w[i + 1]))
				return true;
		if (n >= 5 && (bl_has_suffix_ci(w, "aya") || bl_has_suffix_ci(w, "ykh") ||
			       bl_has_suffix_ci(w, "ikh") || bl_has_suffix_ci(w, "skii") ||
			       bl_has_suffix_ci(w, "skiy") || bl_has_suffix_ci(w, "skoi") ||
			       bl_has_suffix_ci(w, "yi") || bl_has_suffix_ci(w, "iia")))
			return true;
	}
	return false;
}

static bool bl_is_alpha_ascii(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

struct suffix {
	const char *s;
	size_t n;
};
#define SUF(x) { x, sizeof(x) - 1 }

static bool has_suffix(const char *w, size_t n, const struct suffix *sf)
{
	return n > sf->n + 1 && w[n - 1] == sf->s[sf->n - 1] &&
	       memcmp(w + n - sf->n, sf->s, sf->n) == 0;
}

bool bl_word_looks_slavic(const char *word, size_t len)
{
	static const struct suffix english_end[] = {
		SUF("tion"), SUF("sion"), SUF("ing"), SUF("ed"), SUF("ly"), SUF("ness"),
		SUF("ment"), SUF("able"), SUF("ible"), SUF("ous"), SUF("ics"), SUF("ical"),
		SUF("ance"), SUF("ence"), SUF("ity"), SUF("ism"), SUF("er"), SUF("ers"),
		SUF("'s"), SUF("\xe2\x80\x99s"),
	};
	static const struct suffix ends[] = {
		SUF("ii"), SUF("yi"), SUF("iy"), SUF("yy"), SUF("ij"), SUF("yj"), SUF("oj"),
		SUF("ej"), SUF("aja"), SUF("aya"), SUF("skie"), SUF("ikh"), SUF("ykh"),
		SUF("ih"), SUF("yh"), SUF("ogo"), SUF("ego"), SUF("ov"), SUF("ev"),
		SUF("ova"), SUF("eva"), SUF("nie"), SUF("nii"), SUF("niya"), SUF("nija"),
		SUF("niia"), SUF("noe"), SUF("nye"), SUF("nyi"), SUF("oi"), SUF("ei"),
		SUF("nyh"), SUF("ami"), SUF("akh"), SUF("iia"), SUF("iya"), SUF("ija"),
		SUF("iiu"), SUF("iyu"),
	};
	char w[64];
	size_t n = 0, i;
	bool mark = false;

	for (i = 0; i < len && n + 1 < sizeof(w); i++)
		w[n++] = (char)((word[i] >= 'A' && word[i] <= 'Z') ? word[i] + 32 : word[i]);
	w[n] = '\0';
	if (n < 3)
		return false;
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)w[i], d = (unsigned char)w[i + 1];

		switch (c) {
		case 'w': case 'q':
			return false;
		case 't': case 'p': case 'g':
			if (d == 'h')
				return false;       /* th, ph, gh */
			if (c == 't' && d == 's' && i + 2 < n && strchr("aeiouy", w[i + 2]))
				mark = true;
			break;
		case 'o':
			if (d == 'u' || d == 'o')
				return false;
			break;
		case 'e':
			if (d == 'a' || d == 'e')
				return false;
			break;
		case 'c':
			if (d == 'k')
				return false;
			break;
		case 'z': case 'k':
			mark |= d == 'h';
			break;
		case 's':
			mark |= d == 'h' && w[i + 2] == 'c' && w[i + 3] == 'h';   /* shch */
			break;
		case 'y':
			/* ya, yu, yo, ye after a consonant; ye after a vowel */
			if (i > 0 && d && strchr("aueo", d) && is_cons(w[i - 1]))
				mark = true;
			if (i > 0 && d == 'e' && strchr("aiou", w[i - 1]) && w[i - 1])
				mark = true;
			break;
		case '\'':
			/* an ASCII apostrophe for ь (bor'ba), not a contraction */
			if (i > 0 && bl_is_alpha_ascii(w[i - 1]) && bl_is_alpha_ascii((char)d) &&
			    !strchr("tlrvdms", d))
				mark = true;
			break;
		case 0xE2:      /* ’ */
			mark |= d == 0x80 && (unsigned char)w[i + 2] == 0x99;
			break;
		case 0xCA:      /* ʹ */
			mark |= d == 0xB9;
			break;
		case 0xC5:      /* ž š ŝ */
			mark |= d == 0xBE || d == 0xA1 || d == 0x9D;
			break;
		case 0xC4:      /* č ĭ */
			mark |= d == 0x8D || d == 0xAD;
			break;
		case 0xC3:      /* â û */
			mark |= d == 0xA2 || d == 0xBB;
			break;
		case 0xCD:      /* the tie */
			mark |= d == 0xA1;
			break;
		}
	}
	/* the last letter first: most words end in none of the suffixes */
	for (i = 0; i < BL_ARRAY_SIZE(english_end); i++)
		if (n >= english_end[i].n &&
		    w[n - 1] == english_end[i].s[english_end[i].n - 1] &&
		    memcmp(w + n - english_end[i].n, english_end[i].s, english_end[i].n) == 0)
			return false;
	if (mark)
		return true;
	for (i = 0; i < BL_ARRAY_SIZE(ends); i++)
		if (has_suffix(w, n, &ends[i]))
			return true;
	return false;
}

enum bl_romanised bl_entry_romanised(const struct bl_entry *e)
{
	const struct bl_value *title = bl_entry_text(e, BL_K_TITLE);
	const struct bl_value *lang = bl_entry_text(e, BL_K_LANGUAGE);
	bool latn = false, latin_title;
	uint32_t i;

	for (i = 0; i < e->nfields; i++)
		if (is_original_key(e->fields[i].key) && field_has_cyrillic(e, &e->fields[i]))
			return BL_ROM_ORIGINAL;
	latin_title = title && title->text && !bl_has_cyrillic(title->text, bl_value_len(title));
	/* a printed list's marker of a romanised reference */
	if (e->raw_text && (strstr(e->raw_text, "(in Russian)") ||
			    strstr(e->raw_text, "(In Russ") || strstr(e->raw_text, "(in Ukrainian)")))
		return BL_ROM_LANGUAGE;
	if (lang && lang->text && slavic_language(lang->text, bl_value_len(lang), &latn) &&
	    (latn || latin_title))
		return BL_ROM_LANGUAGE;
	if (latin_title) {
		size_t n = bl_strip_translation(title->text, bl_value_len(title));

		if ((n < bl_value_len(title) || bl_entry_text(e, BL_K_TRANSLATED_TITLE)) &&
		    bl_looks_romanised(title->text, n))
			return BL_ROM_TRANSLATION;
	}
	return BL_ROM_NO;
}

const char *bl_entry_cyr_language(const struct bl_entry *e)
{
	static const char *const langs[] = { "ru", "uk", "be", "bg" };
	const struct bl_value *lang = bl_entry_text(e, BL_K_LANGUAGE);
	bool latn, uk = false, be = false;
	uint32_t i;
	size_t k;

	if (lang && lang->text && slavic_language(lang->text, bl_value_len(lang), &latn))
		for (k = 0; k < BL_ARRAY_SIZE(langs); k++)
			if (bl_memeq_ci(lang->text, 2, langs[k]))
				return langs[k];
	for (i = 0; i < e->nfields; i++) {
		const struct bl_field *f = &e->fields[i];
		const char *t = f->value.text;
		size_t n = bl_value_len(&f->value), p = 0;

		if (!is_original_key(f->key) || f->kind != BL_FIELD_TEXT || !t)
			continue;
		while (p < n) {
			int32_t cp;
			int l = bl_utf8_next(t + p, n - p, &cp);

			if (l <= 0) {
				p++;
				continue;
			}
			/* ї є ґ are Ukrainian; ў Belarusian; і either */
			if (cp == 0x457 || cp == 0x454 || cp == 0x491 || cp == 0x407 ||
			    cp == 0x404 || cp == 0x490)
				uk = true;
			if (cp == 0x45E || cp == 0x40E)
				be = true;
			p += (size_t)l;
		}
	}
	return be ? "be" : uk ? "uk" : "ru";
}
