/*
 * doiparse.c - reading DOIs: splitting a DOI field into white space, a URL
 * or label prefix, the DOI and trailing punctuation; the shape of a DOI;
 * DOIs in free text (see doi.h). The doi rule family (doi.c) reports what
 * this finds.
 *
 * A DOI is "10." + a registrant code of 4 to 9 digits, optionally followed
 * by ".NNNN" subdivisions, then "/" and a non-empty suffix (ANSI/NISO
 * Z39.84, the DOI Handbook). Suffixes may hold almost any printable
 * character (10.1002/(SICI)1097-4636(199706)35:4<411::AID-JBM2>3.0.CO;2-M
 * is one), so only characters that cannot be meant are reported.
 */
#include "doi.h"

#include <string.h>

#include "../banned.h"

/* ---- reading ---------------------------------------------------------------- */

size_t bl_doi_space_at(const char *s, size_t n)
{
	const unsigned char *u = (const unsigned char *)s;

	if (n == 0)
		return 0;
	if (bl_is_space(u[0]))
		return 1;
	if (n >= 2 && u[0] == 0xc2 && u[1] == 0xa0)
		return 2;
	if (n >= 3 && u[0] == 0xe2 && u[1] == 0x80 &&
	    ((u[2] >= 0x80 && u[2] <= 0x8a) || u[2] == 0xaf))
		return 3;
	return 0;
}

#define PREFIX(t, k) { t, sizeof(t) - 1, k }
static const struct {
	const char *text;      /* lower case */
	size_t len;
	enum bl_doi_prefix kind;
} prefixes[] = {
	PREFIX("https://dx.doi.org/", BL_DOIP_URL),
	PREFIX("http://dx.doi.org/", BL_DOIP_URL),
	PREFIX("https://www.doi.org/", BL_DOIP_URL),
	PREFIX("http://www.doi.org/", BL_DOIP_URL),
	PREFIX("https://doi.org/", BL_DOIP_URL),
	PREFIX("http://doi.org/", BL_DOIP_URL),
	PREFIX("dx.doi.org/", BL_DOIP_URL),
	PREFIX("www.doi.org/", BL_DOIP_URL),
	PREFIX("doi.org/", BL_DOIP_URL),
	PREFIX("info:doi/", BL_DOIP_LABEL),
	PREFIX("urn:doi:", BL_DOIP_LABEL),
	PREFIX("doi:", BL_DOIP_LABEL),
	PREFIX("doi ", BL_DOIP_LABEL),
};
#define PREFIX_MIN 4           /* the shortest prefix's length */

static inline int ascii_lower(unsigned char c)
{
	return c >= 'A' && c <= 'Z' ? c + 32 : c;
}

/* s[0..n) equals the lower-case p ignoring ASCII case. */
static bool eq_lower(const char *s, const char *p, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (ascii_lower((unsigned char)s[i]) != (unsigned char)p[i])
			return false;
	return true;
}

static size_t prefix_at(const char *s, size_t n, enum bl_doi_prefix *kind)
{
	size_t k;
	int c;

	if (n < PREFIX_MIN)
		return 0;
	/* called at every position of a note: most letters start none */
	c = ascii_lower((unsigned char)s[0]);
	if (c != 'h' && c != 'd' && c != 'w' && c != 'i' && c != 'u')
		return 0;
	for (k = 0; k < BL_ARRAY_SIZE(prefixes); k++) {
		size_t pl = prefixes[k].len;

		if (pl <= n && prefixes[k].text[0] == c && eq_lower(s, prefixes[k].text, pl)) {
			*kind = prefixes[k].kind;
			return pl;
		}
	}
	return 0;
}

static bool is_punct(char c)
{
	return c == '.' || c == ',' || c == ';' || c == ':';
}

void bl_doi_split(struct bl_doi_parts *d, const char *s, size_t n)
{
	size_t i = 0, k, end, block;
	enum bl_doi_prefix kind;
	bool punct = false;

	memset(d, 0, sizeof(*d));
	while (i < n && (k = bl_doi_space_at(s + i, n - i)) > 0)
		i += k;
	d->lead = (uint32_t)i;
	d->prefix_off = (uint32_t)i;
	while ((k = prefix_at(s + i, n - i, &kind)) > 0) {
		if (d->prefix == BL_DOIP_NONE)
			d->prefix = (uint8_t)kind;
		i += k;
		while (i < n && (k = bl_doi_space_at(s + i, n - i)) > 0)
			i += k;
	}
	d->prefix_len = (uint32_t)i - d->prefix_off;
	/* the trailing block of white space and punctuation */
	end = n;
	while (end > i) {
		if (bl_is_space(s[end - 1])) {
			end--;
		} else if (is_punct(s[end - 1])) {
			end--;
			punct = true;
		} else if (end - i >= 2 && (unsigned char)s[end - 2] == 0xc2 &&
			   (unsigned char)s[end - 1] == 0xa0) {
			end -= 2;
		} else {
			break;
		}
	}
	block = n - end;
	d->core_off = (uint32_t)i;
	d->core_len = (uint32_t)(end - i);
	/* white space at the very end */
	k = n;
	while (k > end && (bl_is_space(s[k - 1]) ||
			   (k - end >= 2 && (unsigned char)s[k - 1] == 0xa0 &&
			    (unsigned char)s[k - 2] == 0xc2)))
		k -= (bl_is_space(s[k - 1]) ? 1 : 2);
	d->trail_off = (uint32_t)k;
	d->trail_len = (uint32_t)(n - k);
	if (punct) {
		d->punct_off = (uint32_t)end;
		d->punct_len = (uint32_t)(k - end);
	} else {
		/* no punctuation: the whole block is trailing white space */
		d->trail_off = (uint32_t)end;
		d->trail_len = (uint32_t)block;
	}
}

/* A character no DOI is meant to hold: control characters, quotes and TeX
 * markup, invisible characters and dashes other than the hyphen. Returns
 * its length, or 0 when the character is fine. */
static size_t bad_char(const char *s, size_t n)
{
	unsigned char c = (unsigned char)s[0];
	int32_t cp;
	int k;

	if (c < 0x20 || c == 0x7f || c == '"' || c == '\\' || c == '{' || c == '}')
		return 1;
	if (c < 0x80)
		return 0;
	k = bl_utf8_decode(s, n, &cp);
	if (k < 0)
		return 1;
	if (cp == 0xad || (cp >= 0x2010 && cp <= 0x2015) || cp == 0x2212 ||
	    (cp >= 0x200b && cp <= 0x200f) || cp == 0x2060 || cp == 0xfeff ||
	    cp == 0x201c || cp == 0x201d || cp == 0x2018 || cp == 0x2019)
		return (size_t)k;
	return 0;
}

enum bl_doi_shape bl_doi_shape(const char *s, size_t n, size_t *at, size_t *len)
{
	size_t i = 0, k = 0, digits = 0, start;

	*at = 0;
	*len = n;
	if (n < 3 || memcmp(s, "10.", 3) != 0) {
		const char *slash = memchr(s, '/', n);

		*len = slash ? (size_t)(slash - s) : n;
		if (*len == 0)
			*len = n;
		return BL_DOI_NOT_10;
	}
	i = 3;
	start = i;
	while (i < n && (bl_is_digit(s[i]) || (k = bl_doi_space_at(s + i, n - i)) > 0)) {
		if (bl_is_digit(s[i])) {
			digits++;
			i++;
		} else {
			i += k;
		}
	}
	if (i < n && s[i] != '.' && s[i] != '/') {
		/* 10.1OO2/...: a letter among the digits */
		*at = i;
		*len = (size_t)(bad_char(s + i, n - i) ? bad_char(s + i, n - i) : 1);
		if ((unsigned char)s[i] >= 0x80) {
			int32_t cp;
			int cl = bl_utf8_decode(s + i, n - i, &cp);

			*len = cl > 0 ? (size_t)cl : 1;
		}
		return BL_DOI_REGISTRANT;
	}
	if (digits < 4 || digits > 9) {
		*at = start;
		*len = i - start;
		return BL_DOI_REGISTRANT;
	}
	while (i < n && s[i] == '.') {
		size_t sub = ++i;

		while (i < n && bl_is_digit(s[i]))
			i++;
		if (i == sub || (i < n && s[i] != '.' && s[i] != '/')) {
			*at = sub - 1;
			*len = (i < n ? i + 1 : i) - *at;
			return BL_DOI_REGISTRANT;
		}
	}
	if (i >= n || s[i] != '/') {
		*at = i;
		*len = 0;
		return BL_DOI_NO_SLASH;
	}
	i++;
	k = i;
	while (k < n && bl_doi_space_at(s + k, n - k))
		k += bl_doi_space_at(s + k, n - k);
	if (k >= n) {
		*at = i - 1;
		*len = 1;
		return BL_DOI_EMPTY_SUFFIX;
	}
	while (i < n) {
		size_t b;

		if ((k = bl_doi_space_at(s + i, n - i)) > 0) {
			i += k;
			continue;
		}
		if ((b = bad_char(s + i, n - i)) > 0) {
			*at = i;
			*len = b;
			return BL_DOI_BAD_CHAR;
		}
		if ((unsigned char)s[i] >= 0x80) {
			int32_t cp;
			int cl = bl_utf8_decode(s + i, n - i, &cp);

			i += cl > 0 ? (size_t)cl : 1;
			continue;
		}
		i++;
	}
	*at = 0;
	*len = 0;
	return BL_DOI_OK;
}

/* The end of a DOI starting at s[i]: up to white space, quotes or angle
 * brackets, without trailing punctuation or an unmatched closing bracket. */
static size_t doi_extent(const char *s, size_t n, size_t i)
{
	size_t j = i;
	int depth = 0;

	while (j < n && !bl_is_space(s[j]) && s[j] != '"' && s[j] != '}' &&
	       s[j] != '{' && !bl_doi_space_at(s + j, n - j))
		j++;
	while (j > i && (is_punct(s[j - 1]) || s[j - 1] == ')' || s[j - 1] == ']' ||
			 s[j - 1] == '>')) {
		size_t k;

		if (is_punct(s[j - 1])) {
			j--;
			continue;
		}
		/* keep a bracket that closes one inside the DOI (SICI DOIs
		 * hold "(...)" and "<...>") */
		for (k = i, depth = 0; k < j - 1; k++) {
			if (s[k] == '(' || s[k] == '[' || s[k] == '<')
				depth++;
			else if ((s[k] == ')' || s[k] == ']' || s[k] == '>') && depth > 0)
				depth--;
		}
		if (depth > 0)
			break;
		j--;
	}
	return j;
}

/* "10." + 4-9 digits (+ .NNNN) + "/" + something at s[i]. */
static bool doi_start(const char *s, size_t n, size_t i)
{
	size_t at, len, end;

	if (i + 3 > n || memcmp(s + i, "10.", 3) != 0)
		return false;
	end = doi_extent(s, n, i);
	if (end <= i)
		return false;
	return bl_doi_shape(s + i, end - i, &at, &len) == BL_DOI_OK;
}

bool bl_doi_find(const char *s, size_t n, bool bare, size_t *off, size_t *len)
{
	size_t i;

	for (i = 0; i + 3 <= n; i++) {
		size_t j = i, k;
		enum bl_doi_prefix kind;
		bool labelled = false;

		if ((k = prefix_at(s + i, n - i, &kind)) > 0) {
			/* "doi " only as a word: not the end of "pseudoi " */
			if (i > 0 && (bl_is_alpha(s[i - 1]) || bl_is_digit(s[i - 1])))
				continue;
			j = i + k;
			while (j < n && bl_is_space(s[j]))
				j++;
			labelled = true;
		} else if (!bare || (i > 0 && (bl_is_alpha(s[i - 1]) ||
					       bl_is_digit(s[i - 1]) ||
					       s[i - 1] == '.' || s[i - 1] == '/'))) {
			continue;
		}
		if (!doi_start(s, n, j)) {
			if (labelled)
				i = j > i ? j - 1 : i;
			continue;
		}
		*off = j;
		*len = doi_extent(s, n, j) - j;
		return true;
	}
	return false;
}
