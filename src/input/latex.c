/*
 * latex.c - decode LaTeX accents, special letters, escapes and ligatures
 * into UTF-8 (see latex.h).
 *
 * The decoder is one forward pass with no recursion: braces are dropped where
 * they stand, an accent takes the next letter (inside a brace group or not)
 * and composes it with ICU's canonical composition, and math ($...$) is
 * copied as written. Anything it does not know is copied or, for unknown
 * control words, dropped while their arguments are kept.
 */
#include "latex.h"

#include <stdlib.h>
#include <string.h>
#include <unicode/unorm2.h>

#include "../banned.h"

void bl_offsets_add(struct bl_offsets *o, uint32_t off)
{
	BL_GROW(o->v, o->len + 1, o->cap);
	o->v[o->len++] = off;
}

void bl_offsets_release(struct bl_offsets *o)
{
	free(o->v);
	o->v = NULL;
	o->len = o->cap = 0;
}

/* Accents written as a control symbol (\'e) or a one-letter word (\v{c}). */
static const struct {
	char name;
	bool letter;
	int32_t mark;      /* combining character */
	int32_t alone;     /* spacing form, for an accent with no base */
} accents[] = {
	{ '\'', false, 0x0301, 0x00B4 }, { '`', false, 0x0300, '`' },
	{ '^', false, 0x0302, '^' },     { '"', false, 0x0308, 0x00A8 },
	{ '~', false, 0x0303, '~' },     { '=', false, 0x0304, 0x00AF },
	{ '.', false, 0x0307, 0x02D9 },  { 'u', true, 0x0306, 0x02D8 },
	{ 'v', true, 0x030C, 0x02C7 },   { 'H', true, 0x030B, 0x02DD },
	{ 'c', true, 0x0327, 0x00B8 },   { 'k', true, 0x0328, 0x02DB },
	{ 'd', true, 0x0323, 0x0323 },   { 'b', true, 0x0331, 0x0331 },
	{ 'r', true, 0x030A, 0x02DA },   { 't', true, 0x0361, 0x0361 },
};

/* Control words that stand for a character or a string. */
static const struct {
	const char *name;
	const char *text;
} words[] = {
	{ "i", "\xc4\xb1" },  { "j", "\xc8\xb7" },  { "o", "\xc3\xb8" },
	{ "O", "\xc3\x98" },  { "aa", "\xc3\xa5" }, { "AA", "\xc3\x85" },
	{ "ae", "\xc3\xa6" }, { "AE", "\xc3\x86" }, { "oe", "\xc5\x93" },
	{ "OE", "\xc5\x92" }, { "ss", "\xc3\x9f" }, { "SS", "SS" },
	{ "l", "\xc5\x82" },  { "L", "\xc5\x81" },  { "dh", "\xc3\xb0" },
	{ "DH", "\xc3\x90" }, { "th", "\xc3\xbe" }, { "TH", "\xc3\x9e" },
	{ "ng", "\xc5\x8b" }, { "NG", "\xc5\x8a" }, { "dj", "\xc4\x91" },
	{ "DJ", "\xc4\x90" },
	{ "textendash", "\xe2\x80\x93" }, { "textemdash", "\xe2\x80\x94" },
	{ "textquoteleft", "\xe2\x80\x98" }, { "textquoteright", "\xe2\x80\x99" },
	{ "textquotedblleft", "\xe2\x80\x9c" }, { "textquotedblright", "\xe2\x80\x9d" },
	{ "guillemotleft", "\xc2\xab" }, { "guillemotright", "\xc2\xbb" },
	{ "guillemetleft", "\xc2\xab" }, { "guillemetright", "\xc2\xbb" },
	{ "og", "\xc2\xab" }, { "fg", "\xc2\xbb" },
	{ "ldots", "\xe2\x80\xa6" }, { "dots", "\xe2\x80\xa6" },
	{ "textellipsis", "\xe2\x80\xa6" },
	{ "S", "\xc2\xa7" }, { "P", "\xc2\xb6" }, { "copyright", "\xc2\xa9" },
	{ "textcopyright", "\xc2\xa9" }, { "pounds", "\xc2\xa3" },
	{ "textsterling", "\xc2\xa3" }, { "euro", "\xe2\x82\xac" },
	{ "texteuro", "\xe2\x82\xac" }, { "textdegree", "\xc2\xb0" },
	{ "textregistered", "\xc2\xae" }, { "texttrademark", "\xe2\x84\xa2" },
	{ "textbackslash", "\\" }, { "textasciitilde", "~" },
	{ "textasciicircum", "^" }, { "textunderscore", "_" },
	{ "textbar", "|" }, { "textless", "<" }, { "textgreater", ">" },
	{ "textperiodcentered", "\xc2\xb7" }, { "textnumero", "\xe2\x84\x96" },
	{ "textbullet", "\xe2\x80\xa2" }, { "textdagger", "\xe2\x80\xa0" },
	{ "nobreakspace", "\xc2\xa0" }, { "slash", "/" }, { "textslash", "/" },
	{ "quad", " " }, { "qquad", " " }, { "space", " " },
	{ "LaTeX", "LaTeX" }, { "TeX", "TeX" }, { "BibTeX", "BibTeX" },
};

/* T2A Cyrillic letters: \CYRA, \cyra, ... (upper and lower code points). */
static const struct {
	const char *name;
	int32_t upper, lower;
} cyrillic[] = {
	{ "A", 0x410, 0x430 },     { "B", 0x411, 0x431 },
	{ "V", 0x412, 0x432 },     { "G", 0x413, 0x433 },
	{ "D", 0x414, 0x434 },     { "E", 0x415, 0x435 },
	{ "ZH", 0x416, 0x436 },    { "Z", 0x417, 0x437 },
	{ "I", 0x418, 0x438 },     { "ISHRT", 0x419, 0x439 },
	{ "K", 0x41A, 0x43A },     { "L", 0x41B, 0x43B },
	{ "M", 0x41C, 0x43C },     { "N", 0x41D, 0x43D },
	{ "O", 0x41E, 0x43E },     { "P", 0x41F, 0x43F },
	{ "R", 0x420, 0x440 },     { "S", 0x421, 0x441 },
	{ "T", 0x422, 0x442 },     { "U", 0x423, 0x443 },
	{ "F", 0x424, 0x444 },     { "H", 0x425, 0x445 },
	{ "C", 0x426, 0x446 },     { "CH", 0x427, 0x447 },
	{ "SH", 0x428, 0x448 },    { "SHCH", 0x429, 0x449 },
	{ "HRDSN", 0x42A, 0x44A }, { "ERY", 0x42B, 0x44B },
	{ "SFTSN", 0x42C, 0x44C }, { "EREV", 0x42D, 0x44D },
	{ "YU", 0x42E, 0x44E },    { "YA", 0x42F, 0x44F },
	{ "YO", 0x401, 0x451 },    { "DJE", 0x402, 0x452 },
	{ "GJE", 0x403, 0x453 },   { "IE", 0x404, 0x454 },
	{ "DZE", 0x405, 0x455 },   { "II", 0x406, 0x456 },
	{ "YI", 0x407, 0x457 },    { "JE", 0x408, 0x458 },
	{ "LJE", 0x409, 0x459 },   { "NJE", 0x40A, 0x45A },
	{ "TSHE", 0x40B, 0x45B },  { "KJE", 0x40C, 0x45C },
	{ "USHRT", 0x40E, 0x45E }, { "DZHE", 0x40F, 0x45F },
	{ "GUP", 0x490, 0x491 },   { "YAT", 0x462, 0x463 },
	{ "FITA", 0x472, 0x473 },  { "IZH", 0x474, 0x475 },
	{ "SCHWA", 0x4D8, 0x4D9 },
};

struct dec {
	struct bl_strbuf *out;
	struct bl_offsets *map;
	const char *s;
	size_t n;
	uint32_t base;
	const uint32_t *offs;
	unsigned flags;
	bool pending;            /* a collapsed run of white space is waiting */
	uint32_t pending_off;
	bool started;            /* something was written */
};

static uint32_t src_off(const struct dec *d, size_t i)
{
	if (i >= d->n)
		i = d->n ? d->n - 1 : 0;
	return d->offs ? d->offs[i] : d->base + (uint32_t)i;
}

static void emit(struct dec *d, const char *p, size_t len, uint32_t off)
{
	size_t k;

	if (d->pending && d->started) {
		bl_strbuf_addch(d->out, ' ');
		if (d->map)
			bl_offsets_add(d->map, d->pending_off);
	}
	d->pending = false;
	d->started = true;
	bl_strbuf_add(d->out, p, len);
	if (d->map)
		for (k = 0; k < len; k++)
			bl_offsets_add(d->map, off);
}

/* Copies the ordinary bytes s[i, i+len), each mapped to its own offset. */
static void emit_run(struct dec *d, size_t i, size_t len)
{
	size_t k;

	if (d->pending && d->started) {
		bl_strbuf_addch(d->out, ' ');
		if (d->map)
			bl_offsets_add(d->map, d->pending_off);
	}
	d->pending = false;
	d->started = true;
	bl_strbuf_add(d->out, d->s + i, len);
	if (!d->map)
		return;
	BL_GROW(d->map->v, d->map->len + len, d->map->cap);
	for (k = 0; k < len; k++)
		d->map->v[d->map->len + k] = d->offs ? d->offs[i + k] : d->base + (uint32_t)(i + k);
	d->map->len += len;
}

static void emit_cp(struct dec *d, int32_t cp, uint32_t off)
{
	char buf[4];

	emit(d, buf, (size_t)bl_utf8_encode(cp, buf), off);
}

static bool is_alpha(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static size_t skip_spaces(const struct dec *d, size_t i)
{
	while (i < d->n && is_space(d->s[i]))
		i++;
	return i;
}

/* An accent whose argument starts at s[i]; returns the index after the
 * base letter (a closing brace is left for the main loop to drop). */
static size_t accent(struct dec *d, size_t i, size_t at, int which)
{
	const struct dec *cd = d;
	int32_t base = -1, cp;
	size_t p = i;

	if (accents[which].letter)
		p = skip_spaces(cd, p);
	if (p < d->n && d->s[p] == '{')
		p = skip_spaces(cd, p + 1);
	if (p + 1 < d->n && d->s[p] == '\\' && (d->s[p + 1] == 'i' || d->s[p + 1] == 'j') &&
	    (p + 2 >= d->n || !is_alpha(d->s[p + 2]))) {
		base = d->s[p + 1];
		p += 2;
	} else if (p < d->n && d->s[p] != '{' && d->s[p] != '}' && d->s[p] != '\\' &&
		   !is_space(d->s[p])) {
		int k = bl_utf8_decode(d->s + p, d->n - p, &cp);

		base = k > 0 && cp >= 0 ? cp : (unsigned char)d->s[p];
		p += (size_t)(k > 0 ? k : 1);
	}
	if (base < 0) {
		emit_cp(d, accents[which].alone, src_off(d, at));
		return p;
	}
	{
		UErrorCode err = U_ZERO_ERROR;
		const UNormalizer2 *nfc = unorm2_getNFCInstance(&err);
		int32_t c = U_SUCCESS(err) ? unorm2_composePair(nfc, base, accents[which].mark) : -1;

		if (c >= 0) {
			emit_cp(d, c, src_off(d, at));
		} else {
			emit_cp(d, base, src_off(d, at));
			emit_cp(d, accents[which].mark, src_off(d, at));
		}
	}
	return p;
}

static int find_accent(char c, bool letter)
{
	size_t k;

	for (k = 0; k < BL_ARRAY_SIZE(accents); k++)
		if (accents[k].name == c && accents[k].letter == letter)
			return (int)k;
	return -1;
}

/* A control word s[i..j) (without the backslash at `at`). Returns true when
 * it produced text. */
static bool control_word(struct dec *d, size_t i, size_t j, size_t at)
{
	const char *w = d->s + i;
	size_t len = j - i, k;
	uint32_t off = src_off(d, at);

	for (k = 0; k < BL_ARRAY_SIZE(words); k++) {
		if (strlen(words[k].name) == len && memcmp(words[k].name, w, len) == 0) {
			emit(d, words[k].text, strlen(words[k].text), off);
			return true;
		}
	}
	if (len > 3 && (memcmp(w, "CYR", 3) == 0 || memcmp(w, "cyr", 3) == 0)) {
		bool upper = w[0] == 'C';

		for (k = 0; k < BL_ARRAY_SIZE(cyrillic); k++) {
			const char *name = cyrillic[k].name;
			size_t m;

			if (strlen(name) != len - 3)
				continue;
			for (m = 0; m < len - 3; m++) {
				char c = w[3 + m];

				if (!upper && c >= 'a' && c <= 'z')
					c = (char)(c - 'a' + 'A');
				else if (!upper)
					break;
				if (c != name[m])
					break;
			}
			if (m == len - 3) {
				emit_cp(d, upper ? cyrillic[k].upper : cyrillic[k].lower, off);
				return true;
			}
		}
	}
	return false;
}

/* Commands whose (first) argument is not text: a sort key, a link's
 * target, a label. */
static bool drops_argument(const char *w, size_t len)
{
	static const char *const names[] = {
		"noopsort", "SortNoop", "sortnoop", "href", "label", "index",
	};
	size_t k;

	for (k = 0; k < BL_ARRAY_SIZE(names); k++)
		if (strlen(names[k]) == len && memcmp(names[k], w, len) == 0)
			return true;
	return false;
}

/* Skips the brace group at s[i], if there is one (braces balanced; an
 * unclosed group runs to the end). */
static size_t skip_group(const struct dec *d, size_t i)
{
	long depth = 0;

	if (i >= d->n || d->s[i] != '{')
		return i;
	for (; i < d->n; i++) {
		if (d->s[i] == '{')
			depth++;
		else if (d->s[i] == '}' && --depth == 0)
			return i + 1;
	}
	return i;
}

static size_t backslash(struct dec *d, size_t i)
{
	size_t j = i + 1, k;
	char c;
	int a;

	if (j >= d->n) {
		emit(d, "\\", 1, src_off(d, i));
		return j;
	}
	c = d->s[j];
	if (d->flags & BL_LATEX_ESCAPES_ONLY) {
		if (strchr("&%$#_{}", c)) {
			emit(d, &d->s[j], 1, src_off(d, i));
			return j + 1;
		}
		emit(d, "\\", 1, src_off(d, i));
		return j;
	}
	if (is_alpha(c)) {
		k = j;
		while (k < d->n && is_alpha(d->s[k]))
			k++;
		if (k == j + 1 && (a = find_accent(c, true)) >= 0)
			return accent(d, k, i, a);
		if (drops_argument(d->s + j, k - j))
			return skip_group(d, skip_spaces(d, k));
		control_word(d, j, k, i);
		/* TeX drops the spaces after a control word */
		return skip_spaces(d, k);
	}
	if ((a = find_accent(c, false)) >= 0)
		return accent(d, j + 1, i, a);
	switch (c) {
	case '&': case '%': case '$': case '#': case '_': case '{': case '}':
		emit(d, &d->s[j], 1, src_off(d, i));
		break;
	case ' ': case '\n': case '\r': case '\t': case '\\': case ',': case ';':
	case ':':
		emit(d, " ", 1, src_off(d, i));
		break;
	case '-': case '/': case '@': case '!':
		break;
	default:
		emit(d, &d->s[j], 1, src_off(d, j));
		break;
	}
	return j + 1;
}

/* Bytes that may start markup and so end a run of ordinary text. */
static const bool stops[256] = {
	['{'] = true, ['}'] = true, ['\\'] = true, ['~'] = true, ['-'] = true,
	['`'] = true, ['\''] = true, ['$'] = true, [' '] = true, ['\t'] = true,
	['\n'] = true, ['\r'] = true,
};

static bool ordinary_stop(char c)
{
	return stops[(unsigned char)c];
}

void bl_latex_decode(struct bl_strbuf *out, struct bl_offsets *map,
		     const char *s, size_t n, uint32_t base,
		     const uint32_t *offs, unsigned flags)
{
	struct dec d = { out, map, s, n, base, offs, flags, false, 0, false };
	bool full = !(flags & BL_LATEX_ESCAPES_ONLY);
	size_t i = 0;

	while (i < n) {
		char c = s[i];

		if (c == '{' || c == '}') {
			i++;
		} else if (is_space(c) && (flags & BL_LATEX_SPACES)) {
			if (!d.pending) {
				d.pending = true;
				d.pending_off = src_off(&d, i);
			}
			i++;
		} else if (c == '\\') {
			i = backslash(&d, i);
		} else if (c == '~' && full && (flags & BL_LATEX_TIE_SPACE)) {
			if (flags & BL_LATEX_SPACES) {
				if (!d.pending) {
					d.pending = true;
					d.pending_off = src_off(&d, i);
				}
			} else {
				emit(&d, " ", 1, src_off(&d, i));
			}
			i++;
		} else if (c == '~' && full) {
			emit(&d, "\xc2\xa0", 2, src_off(&d, i));
			i++;
		} else if (c == '-' && (flags & BL_LATEX_LIGATURES) && i + 1 < n && s[i + 1] == '-') {
			if (i + 2 < n && s[i + 2] == '-') {
				emit(&d, "\xe2\x80\x94", 3, src_off(&d, i));
				i += 3;
			} else {
				emit(&d, "\xe2\x80\x93", 3, src_off(&d, i));
				i += 2;
			}
		} else if ((c == '`' || c == '\'') && (flags & BL_LATEX_LIGATURES) &&
			   i + 1 < n && s[i + 1] == c) {
			emit(&d, c == '`' ? "\xe2\x80\x9c" : "\xe2\x80\x9d", 3, src_off(&d, i));
			i += 2;
		} else if (c == '$' && full) {
			const char *close = memchr(s + i + 1, '$', n - i - 1);
			size_t stop = close ? (size_t)(close - s) + 1 : i + 1, k;

			for (k = i; k < stop; k++)
				emit(&d, &s[k], 1, src_off(&d, k));
			i = stop;
		} else {
			size_t j = i + 1;

			/* a single space between words is copied with them */
			while (j < n && (!ordinary_stop(s[j]) ||
					 (s[j] == ' ' && j + 1 < n && !is_space(s[j + 1]) &&
					  !ordinary_stop(s[j + 1]))))
				j++;
			emit_run(&d, i, j - i);
			i = j;
		}
	}
	if (!(flags & BL_LATEX_SPACES) && d.pending)
		BL_BUG("pending space without BL_LATEX_SPACES");
}

bool bl_latex_is_plain(const char *s, size_t n, unsigned flags)
{
	bool full = !(flags & BL_LATEX_ESCAPES_ONLY);
	size_t i;

	if ((flags & BL_LATEX_SPACES) && n && (is_space(s[0]) || is_space(s[n - 1])))
		return false;
	for (i = 0; i < n; i++) {
		char c = s[i];

		switch (c) {
		case '{': case '}': case '\\':
			return false;
		case '~': case '$':
			if (full)
				return false;
			break;
		case '-': case '`': case '\'':
			if ((flags & BL_LATEX_LIGATURES) && i + 1 < n && s[i + 1] == c)
				return false;
			break;
		case ' ':
			if ((flags & BL_LATEX_SPACES) && i + 1 < n && is_space(s[i + 1]))
				return false;
			break;
		case '\t': case '\n': case '\r':
			if (flags & BL_LATEX_SPACES)
				return false;
			break;
		default:
			break;
		}
	}
	return true;
}
