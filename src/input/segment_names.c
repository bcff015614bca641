/*
 * segment_names.c - an author list as printed ("Carley, M. J., & Smith,
 * A." or "Иванов И. И., Петров П. П. и др.") split into names, each with
 * its surname and initials as exact spans of the source (see segment.h,
 * bl_segment_names()).
 *
 * Names are separated by commas, semicolons, "&", "and" and "и"; a piece
 * of initials alone belongs to the surname before it ("Carley, M. J."),
 * initials may follow the surname ("Иванов И. И.") or come first ("J.-L.
 * Crémieux-Brilhac"), and "et al." / "и др." name no one.
 */
#include "segment.h"

#include <string.h>

#include <unicode/uchar.h>

#include "../check/common.h"

#include "../banned.h"

/* One initial: an upper-case letter, up to two lower-case ones and a
 * period ("M.", "Sh.", "Ya."), joined by hyphens ("J.-L."); several may
 * be written tight ("A.A."). Returns its length in bytes, or 0. */
static size_t initials_len(const char *s, size_t n)
{
	size_t i = 0;
	bool any = false;

	while (i < n) {
		int32_t cp;
		int l = bl_utf8_decode(s + i, n - i, &cp);
		int lower = 0;

		if (l <= 0 || !u_isupper(cp))
			break;
		i += (size_t)l;
		while (i < n && lower < 2) {
			l = bl_utf8_decode(s + i, n - i, &cp);
			if (l <= 0 || !u_islower(cp))
				break;
			i += (size_t)l;
			lower++;
		}
		if (i >= n || s[i] != '.')
			return 0;
		i++;
		any = true;
		if (i < n && s[i] == '-')
			i++;
	}
	return any && i == n ? n : 0;
}

static size_t words_in(const char *s, size_t n)
{
	size_t i, w = 0;

	for (i = 0; i < n; i++)
		if (s[i] != ' ' && (i == 0 || s[i - 1] == ' '))
			w++;
	return w;
}

struct piece {
	uint32_t a, b;
};

static bool is_sep_word(const char *s, size_t n)
{
	return (n == 1 && s[0] == '&') || (n == 3 && memcmp(s, "and", 3) == 0) ||
	       (n == 2 && memcmp(s, "\xd0\xb8", 2) == 0);     /* и */
}

static bool is_etal(const char *s, size_t n)
{
	return (n >= 5 && memcmp(s, "et al", 5) == 0) ||
	       (n >= 6 && memcmp(s, "\xd0\xb8 \xd0\xb4\xd1\x80", 6) == 0) ||   /* и др */
	       (n >= 4 && memcmp(s, "\xd0\xb4\xd1\x80", 4) == 0);          /* др */
}

static void set_part(struct bl_source *src, struct bl_value *v, uint32_t a, uint32_t b)
{
	*v = bl_value_exact(src, a, b);
}

struct bl_names *bl_segment_names(struct bl_source *src, uint32_t start,
				  uint32_t end)
{
	const char *d = src->data;
	struct piece pc[64];
	size_t np = 0, i;
	uint32_t a = start, nn = 0;
	struct bl_names *list;
	struct bl_name *names;
	bool paired = false;

	/* pieces between commas, semicolons, "&", "and", "и" */
	while (a < end && np < BL_ARRAY_SIZE(pc)) {
		uint32_t b = a, w;

		while (a < end && d[a] == ' ')
			a++;
		/* a leading "&" / "and" / "и" */
		for (w = a; w < end && d[w] != ' ' && d[w] != ','; w++)
			;
		if (w < end && is_sep_word(d + a, w - a)) {
			a = w;
			continue;
		}
		for (b = a; b < end; b++) {
			if (d[b] == ',' || d[b] == ';')
				break;
			if (d[b] == ' ') {
				for (w = b + 1; w < end && d[w] != ' ' && d[w] != ','; w++)
					;
				if (w < end && d[w] == ' ' && is_sep_word(d + b + 1, w - b - 1))
					break;
			}
		}
		{
			uint32_t e2 = b;

			while (e2 > a && d[e2 - 1] == ' ')
				e2--;
			if (e2 > a) {
				pc[np].a = a;
				pc[np].b = e2;
				np++;
			}
		}
		a = b < end && (d[b] == ',' || d[b] == ';') ? b + 1 : b;
		if (a == b && a < end)
			a++;
	}
	list = bl_names_alloc(src, np);
	names = list->items;
	/* "Surname, I." pairs: a piece of initials alone */
	for (i = 0; i < np && !paired; i++)
		paired = initials_len(d + pc[i].a, pc[i].b - pc[i].a) != 0;
	if (np == 2 && words_in(d + pc[0].a, pc[0].b - pc[0].a) == 1)
		paired = true;      /* "Awodey, Steve." */
	for (i = 0; i < np; i++) {
		uint32_t pa = pc[i].a, pb = pc[i].b, sp;
		const char *s = d + pa;
		size_t n = pb - pa;

		if (is_etal(s, n))
			continue;
		/* "Awodey, Steve, Butz, C.": in a list of "Surname, I." pairs, a
		 * single word after a lone surname is that person's given name */
		if (paired && nn && names[nn - 1].family.text && !names[nn - 1].given.text &&
		    words_in(s, n) <= 3) {
			set_part(src, &names[nn - 1].given, pa, pb);
			names[nn - 1].end = pb;
			continue;
		}
		/* "M. S." alone: the given names of the name before it */
		{
			bool all = true;
			uint32_t x = pa;

			while (x < pb) {
				uint32_t y = x;

				while (y < pb && d[y] != ' ')
					y++;
				if (!initials_len(d + x, y - x))
					all = false;
				x = y;
				while (x < pb && d[x] == ' ')
					x++;
			}
			if (all) {
				if (nn && !names[nn - 1].given.text && names[nn - 1].family.text) {
					set_part(src, &names[nn - 1].given, pa, pb);
					names[nn - 1].end = pb;
				} else {
					struct bl_value none = { 0 };
					struct bl_value lit = bl_value_exact(src, pa, pb);

					bl_name_set_more(src, &names[nn], &none, &none, &lit);
					names[nn].start = pa;
					names[nn].end = pb;
					nn++;
				}
				continue;
			}
		}
		names[nn].start = pa;
		names[nn].end = pb;
		/* "Иванов И. И.": initials after the surname */
		for (sp = pb; sp > pa && d[sp - 1] != ' '; sp--)
			;
		if (sp > pa && initials_len(d + sp, pb - sp)) {
			uint32_t fe = sp;

			/* take every trailing initial */
			while (fe > pa) {
				uint32_t q = fe;

				while (q > pa && d[q - 1] == ' ')
					q--;
				{
					uint32_t r = q;

					while (r > pa && d[r - 1] != ' ')
						r--;
					if (r == q || r == pa || !initials_len(d + r, q - r))
						break;
					fe = r;
				}
			}
			{
				uint32_t fam_end = fe;

				while (fam_end > pa && d[fam_end - 1] == ' ')
					fam_end--;
				set_part(src, &names[nn].family, pa, fam_end);
				set_part(src, &names[nn].given, fe, pb);
			}
			nn++;
			continue;
		}
		/* "И. И. Иванов": initials first */
		for (sp = pa; sp < pb && d[sp] != ' '; sp++)
			;
		if (sp < pb && initials_len(d + pa, sp - pa)) {
			uint32_t ge = sp, fs;

			for (;;) {
				uint32_t q = ge, r;

				while (q < pb && d[q] == ' ')
					q++;
				for (r = q; r < pb && d[r] != ' '; r++)
					;
				if (r == pb || !initials_len(d + q, r - q))
					break;
				ge = r;
			}
			for (fs = ge; fs < pb && d[fs] == ' '; fs++)
				;
			set_part(src, &names[nn].given, pa, ge);
			set_part(src, &names[nn].family, fs, pb);
			nn++;
			continue;
		}
		set_part(src, &names[nn].family, pa, pb);
		nn++;
	}
	list->count = nn;
	return list;
}
