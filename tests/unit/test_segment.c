/*
 * test_segment.c - printed references split by the style's entry patterns:
 * every shape of the seed list under quaestio-rossica, byte spans through
 * UTF-16 (a character outside the BMP before a group), where a match
 * breaks off, names split into surname and initials, the label a pattern
 * fixes, and the formatted reader's lines, paragraphs and list markers.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "engine.h"
#include "input/segment.h"
#include "style.h"

static const struct bl_style *qr(void)
{
	const struct bl_style *s = bl_style_find_for_tests("quaestio-rossica");

	assert_non_null(s);
	return s;
}

/* The text of group name in r, or "" when absent. */
static const char *group(const struct bl_seg_result *r, const char *text,
			 const char *name)
{
	static char buf[512];
	size_t i;

	for (i = 0; i < r->ngroups; i++) {
		if (strcmp(r->groups[i].name, name) != 0)
			continue;
		snprintf(buf, sizeof(buf), "%.*s", (int)r->groups[i].len,
			 text + r->groups[i].off);
		return buf;
	}
	return "";
}

static const char *pattern_name(const struct bl_style *s, const struct bl_seg_result *r)
{
	return r->pattern >= 0 ? s->patterns[r->pattern].name : "(none)";
}

static void seg(struct bl_seg_result *r, const char *text)
{
	assert_int_equal(bl_segment_text(r, qr(), text, strlen(text)), BL_OK);
}

static void test_seed_shapes(void **state)
{
	struct bl_seg_result r;
	const char *t;

	(void)state;
	t = "Alexander, M. S. (1992). The Republic in Danger: General Maurice Gamelin "
	    "and the Politics of French Defence, 1933–1940. Cambridge, Cambridge Univ. "
	    "Press. 573 p.";
	seg(&r, t);
	assert_string_equal(pattern_name(qr(), &r), "book");
	assert_string_equal(group(&r, t, "authors"), "Alexander, M. S.");
	assert_string_equal(group(&r, t, "city"), "Cambridge");
	assert_string_equal(group(&r, t, "publisher"), "Cambridge Univ. Press");
	assert_string_equal(group(&r, t, "total"), "573");

	t = "Dullin, S. (2009). Stalin i ego diplomaty. Sovetskii Soyuz i Evropa, "
	    "1930–1939 gg. [Stalin and His Diplomats: The Soviet Union and Europe, "
	    "1930–1939]. Moscow, ROSSPEN. 318 p.";
	seg(&r, t);
	assert_string_equal(pattern_name(qr(), &r), "book");
	assert_string_equal(group(&r, t, "title"),
			    "Stalin i ego diplomaty. Sovetskii Soyuz i Evropa, 1930–1939 gg.");
	assert_string_equal(group(&r, t, "city"), "Moscow");

	t = "Carley, M. J. (2006). A Soviet Eye on France from the rue de Grenelle in "
	    "Paris, 1924–1940. In Diplomacy & Statecraft. Vol. 17. No. 2, pp. 295–346. "
	    "DOI 10.1080/09592290600695292.";
	seg(&r, t);
	assert_string_equal(pattern_name(qr(), &r), "article");
	assert_string_equal(group(&r, t, "container"), "Diplomacy & Statecraft");
	assert_string_equal(group(&r, t, "volume"), "17");
	assert_string_equal(group(&r, t, "issue"), "2");
	assert_string_equal(group(&r, t, "pages"), "295–346");
	assert_string_equal(group(&r, t, "doi"), "10.1080/09592290600695292");

	t = "Crémieux-Brilhac, J.-L. (1990). Les Français de l’an 40. 2 vols. Paris, "
	    "Gallimard. Vol. 1. La guerre, oui ou non? 647 p.";
	seg(&r, t);
	assert_string_equal(pattern_name(qr(), &r), "volumes");
	assert_string_equal(group(&r, t, "vols"), "2");
	assert_string_equal(group(&r, t, "volume"), "1");

	t = "Dokumenty vneshnei politiki SSSR v 24 t. [Documents of the Foreign Policy "
	    "of the USSR. 24 Vols.] (1957–2000). Moscow, Politizdat. Vol. 18. 786 p. "
	    "Vol. 19. 823 p. Vol. 20. 788 p.";
	seg(&r, t);
	assert_string_equal(pattern_name(qr(), &r), "edition");
	assert_string_equal(group(&r, t, "year"), "1957–2000");
	assert_string_equal(group(&r, t, "translation"),
			    "Documents of the Foreign Policy of the USSR. 24 Vols.");

	t = "AVP RF [Archive of the Foreign Policy of the Russian Federation]. Stock 05. "
	    "List 15. File 110. Dos. 94, 95, 97; List 17. File 135. Dos. 109.";
	seg(&r, t);
	assert_string_equal(pattern_name(qr(), &r), "archive");
	assert_string_equal(group(&r, t, "title"), "AVP RF");
	assert_string_equal(group(&r, t, "record"),
			    "Stock 05. List 15. File 110. Dos. 94, 95, 97; List 17. File 135. Dos. 109");

	t = "Le Temps. (1936). 21 août.";
	seg(&r, t);
	assert_string_equal(pattern_name(qr(), &r), "newspaper");
	assert_string_equal(group(&r, t, "container"), "Le Temps");

	t = "Vaïsse, M. (1981). Les militaires français et l’alliance franco-soviétique "
	    "au cours des années 1930. In Forces armées et systèmes d’alliance. Colloque "
	    "international, Montpellier, 2–6 septembre 1981. Paris, Fondation pour les "
	    "études de Défense nationale, pp. 688–703.";
	seg(&r, t);
	assert_string_equal(pattern_name(qr(), &r), "chapter");
	assert_string_equal(group(&r, t, "city"), "Paris");
	assert_string_equal(group(&r, t, "pages"), "688–703");
}

static void test_spans_beyond_bmp(void **state)
{
	/* U+1D4D0 (4 bytes, two UTF-16 units) in the title */
	const char *t = "Smith, A. (2001). On \xf0\x9d\x93\x90 and Cyrillic "
			"\xd0\xb6. Paris, Fayard. 12 p.";
	struct bl_seg_result r;

	(void)state;
	seg(&r, t);
	assert_string_equal(pattern_name(qr(), &r), "book");
	assert_string_equal(group(&r, t, "title"),
			    "On \xf0\x9d\x93\x90 and Cyrillic \xd0\xb6");
	assert_string_equal(group(&r, t, "city"), "Paris");
	assert_string_equal(group(&r, t, "total"), "12");
}

static void test_break_off(void **state)
{
	const char *t = "Carley, M. J. (2006). A Soviet Eye. In Diplomacy. Vol. 17. "
			"No. 2, pp. 295–346, 400.";
	struct bl_seg_result r;

	(void)state;
	seg(&r, t);
	assert_int_equal(r.pattern, -1);
	assert_true(r.nearest >= 0);
	assert_string_equal(qr()->patterns[r.nearest].name, "article");
	/* everything up to the pages matched; the end did not */
	assert_int_equal(r.broke_at, strstr(t, ", 400") - t);

	t = "no pattern fits this text at all";
	seg(&r, t);
	assert_int_equal(r.pattern, -1);
	assert_true(r.nearest >= 0);
}

/* A line that makes the patterns backtrack: it is given up on (each match
 * has a step limit), not matched for minutes. */
static void test_backtracking_bounded(void **state)
{
	const struct bl_style *g = bl_style_find_for_tests("gost-r-7.0.100-2018");
	char text[4000];
	struct bl_seg_result r;
	size_t n = 0;

	(void)state;
	assert_non_null(g);
	n += (size_t)snprintf(text, sizeof(text), "Smith, A. (2001). ");
	while (n + 4 < sizeof(text) - 8)
		n += (size_t)snprintf(text + n, sizeof(text) - n, "Ab. ");
	snprintf(text + n, sizeof(text) - n, "x");
	assert_int_equal(bl_segment_text(&r, g, text, strlen(text)), BL_OK);
	assert_int_equal(r.pattern, -1);
	assert_int_equal(bl_segment_text(&r, qr(), text, strlen(text)), BL_OK);
	assert_int_equal(r.pattern, -1);
}

static struct bl_source *names_of(const char *text, struct bl_name **out, uint32_t *n)
{
	struct bl_source *src = bl_source_new("x.txt", text, strlen(text));
	struct bl_names *names = bl_segment_names(src, 0, (uint32_t)src->len);

	*out = names->items;
	*n = names->count;
	return src;
}

static void assert_part(const struct bl_value *v, const char *want)
{
	char buf[128];

	if (!*want) {
		assert_null(v->text);
		return;
	}
	assert_non_null(v->text);
	snprintf(buf, sizeof(buf), "%.*s", (int)bl_value_len(v), v->text);
	assert_string_equal(buf, want);
}

static void test_names(void **state)
{
	struct bl_source *src;
	struct bl_name *nm;
	uint32_t n;

	(void)state;
	src = names_of("Carley, M. J.", &nm, &n);
	assert_int_equal(n, 1);
	assert_part(&nm[0].family, "Carley");
	assert_part(&nm[0].given, "M. J.");
	assert_int_equal(nm[0].start, 0);
	assert_int_equal(nm[0].end, 13);
	bl_source_free(src);

	src = names_of("Aks\xc4\xb1n, \xc3\x96., T\xc3\xbcrkmen, H., & Nozal, F.", &nm, &n);
	assert_int_equal(n, 3);
	assert_part(&nm[0].family, "Aks\xc4\xb1n");
	assert_part(&nm[0].given, "\xc3\x96.");
	assert_part(&nm[2].family, "Nozal");
	assert_part(&nm[2].given, "F.");
	bl_source_free(src);

	/* Иванов И. И., Петров П. П. и др. */
	src = names_of("\xd0\x98\xd0\xb2\xd0\xb0\xd0\xbd\xd0\xbe\xd0\xb2 \xd0\x98. \xd0\x98., "
		       "\xd0\x9f\xd0\xb5\xd1\x82\xd1\x80\xd0\xbe\xd0\xb2 \xd0\x9f.\xd0\x9f. "
		       "\xd0\xb8 \xd0\xb4\xd1\x80.", &nm, &n);
	assert_int_equal(n, 2);
	assert_part(&nm[0].family, "\xd0\x98\xd0\xb2\xd0\xb0\xd0\xbd\xd0\xbe\xd0\xb2");
	assert_part(&nm[0].given, "\xd0\x98. \xd0\x98.");
	assert_part(&nm[1].given, "\xd0\x9f.\xd0\x9f.");
	bl_source_free(src);

	/* a given name written out among "Surname, I." pairs */
	src = names_of("Awodey, Steve, Butz, C., & Simpson, A.", &nm, &n);
	assert_int_equal(n, 3);
	assert_part(&nm[0].family, "Awodey");
	assert_part(&nm[0].given, "Steve");
	assert_part(&nm[1].given, "C.");
	bl_source_free(src);

	src = names_of("Sipols, V. Ya. and J.-L. Cr\xc3\xa9mieux-Brilhac", &nm, &n);
	assert_int_equal(n, 2);
	assert_part(&nm[0].given, "V. Ya.");
	assert_part(&nm[1].given, "J.-L.");
	assert_part(&nm[1].family, "Cr\xc3\xa9mieux-Brilhac");
	bl_source_free(src);
}

static void test_label_wanted(void **state)
{
	const struct bl_style *s = qr();
	const struct bl_style *g = bl_style_find_for_tests("gost-r-7.0.100-2018");

	(void)state;
	assert_string_equal(bl_segment_label_wanted(bl_style_pattern(s, "article"), "volume"),
			    "Vol.");
	assert_string_equal(bl_segment_label_wanted(bl_style_pattern(s, "article"), "issue"),
			    "No.");
	assert_string_equal(bl_segment_label_wanted(bl_style_pattern(s, "article"), "container"),
			    "In");
	assert_string_equal(bl_segment_label_wanted(bl_style_pattern(s, "book"), "publisher"),
			    ",");
	assert_non_null(g);
	/* a first alternative that is itself a group leaves the form open */
	assert_null(bl_segment_label_wanted(bl_style_pattern(g, "article"), "issue"));
}

/* Reads text as a formatted list and returns the entries' printed texts
 * joined with '|'. */
static void read_list(const char *path, const char *text, char *out, size_t outlen)
{
	struct bl_source *src = bl_source_new(path, text, strlen(text));
	struct bl_lint_opts opts;
	struct bl_result res;
	struct bl_error err;
	size_t i, k = 0;

	bl_lint_opts_init(&opts);
	assert_int_equal(bl_lint(&res, src, &opts, &err), BL_OK);
	out[0] = '\0';
	for (i = 0; src->list && i < src->list->count; i++) {
		const struct bl_entry *e = &src->list->entries[i];

		k += (size_t)snprintf(out + k, outlen - k, "%s%s", i ? "|" : "", e->raw_text);
	}
	bl_result_release(&res);
	bl_source_free(src);
}

static void test_reader(void **state)
{
	char got[1024];

	(void)state;
	/* one per line, numbers and bullets dropped */
	read_list("a.txt", "1. First ref.\n2) Second ref.\n[3] Third.\n- Fourth.\n", got,
		  sizeof(got));
	assert_string_equal(got, "First ref.|Second ref.|Third.|Fourth.");
	/* paragraphs: wrapped references, line breaks read as spaces */
	read_list("b.txt", "First ref\ncontinued.\n\nSecond ref.\n\nThird\nref.\n", got,
		  sizeof(got));
	assert_string_equal(got, "First ref continued.|Second ref.|Third ref.");
	/* a Markdown References section, to the next heading */
	read_list("c.md", "# Title\n\nText.\n\n## References\n\n- One ref\n  wrapped.\n"
		  "- Two.\n\n## Appendix\n\n- Not a ref.\n", got, sizeof(got));
	assert_string_equal(got, "One ref wrapped.|Two.");
	/* a setext heading, and the next one ends the section */
	read_list("d.md", "Text\n\nReferences\n==========\n\nOne.\n\nTwo.\n\nNotes\n-----\n\n"
		  "Three.\n", got, sizeof(got));
	assert_string_equal(got, "One.|Two.");
	/* a section of one reference per line, no markers, no blank lines */
	read_list("f.md", "## References\nSmith, A. (2001). One.\nJones, B. (2002). Two.\n",
		  got, sizeof(got));
	assert_string_equal(got, "Smith, A. (2001). One.|Jones, B. (2002). Two.");
	/* a bold line as the heading */
	read_list("e.md", "Text.\n\n**Bibliography**\n\n1. One.\n2. Two.\n", got, sizeof(got));
	assert_string_equal(got, "One.|Two.");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_seed_shapes),
		cmocka_unit_test(test_spans_beyond_bmp),
		cmocka_unit_test(test_break_off),
		cmocka_unit_test(test_backtracking_bounded),
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_label_wanted),
		cmocka_unit_test(test_reader),
	};
	int rc = cmocka_run_group_tests(tests, NULL, NULL);

	bl_style_cache_clear();
	return rc;
}
