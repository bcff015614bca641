/*
 * test_latex.c - decoding LaTeX accents, special letters, escapes, dashes
 * and braces into UTF-8, and the map from decoded bytes back to the source.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "input/latex.h"

#define TEXT (BL_LATEX_LIGATURES | BL_LATEX_SPACES)

static char *decode(const char *in, unsigned flags)
{
	struct bl_strbuf sb = BL_STRBUF_INIT;

	bl_latex_decode(&sb, NULL, in, strlen(in), 0, NULL, flags);
	return bl_strbuf_detach(&sb, NULL);
}

static void expect(const char *in, unsigned flags, const char *want)
{
	char *got = decode(in, flags);

	assert_string_equal(got, want);
	free(got);
}

static void test_accents(void **state)
{
	(void)state;
	expect("{\\\"a}", TEXT, "\xc3\xa4");                 /* ä */
	expect("\\'e", TEXT, "\xc3\xa9");                    /* é */
	expect("\\`{e}", TEXT, "\xc3\xa8");                  /* è */
	expect("\\^o", TEXT, "\xc3\xb4");                    /* ô */
	expect("\\~n", TEXT, "\xc3\xb1");                    /* ñ */
	expect("\\v{c}", TEXT, "\xc4\x8d");                  /* č */
	expect("\\v c", TEXT, "\xc4\x8d");                   /* č */
	expect("{\\v{C}}apek", TEXT, "\xc4\x8c" "apek");     /* Čapek */
	expect("\\c{c}", TEXT, "\xc3\xa7");                  /* ç */
	expect("\\H{o}", TEXT, "\xc5\x91");                  /* ő */
	expect("\\k{a}", TEXT, "\xc4\x85");                  /* ą */
	expect("\\r{u}", TEXT, "\xc5\xaf");                  /* ů */
	expect("\\u{g}", TEXT, "\xc4\x9f");                  /* ğ */
	expect("\\={a}", TEXT, "\xc4\x81");                  /* ā */
	expect("\\.{z}", TEXT, "\xc5\xbc");                  /* ż */
	expect("\\'{\\i}", TEXT, "\xc3\xad");                /* í from a dotless i */
	expect("\\\"{\\i}", TEXT, "\xc3\xaf");               /* ï */
	/* no precomposed form: base and combining mark */
	expect("\\v{q}", TEXT, "q\xcc\x8c");
	/* an accent over a non-ASCII letter */
	expect("\\'\xd0\xb0", TEXT, "\xd0\xb0\xcc\x81");
}

static void test_special_letters(void **state)
{
	(void)state;
	expect("Stra{\\ss}e", TEXT, "Stra\xc3\x9f" "e");
	expect("{\\o}re", TEXT, "\xc3\xb8" "re");
	expect("\\O", TEXT, "\xc3\x98");
	expect("{\\aa}", TEXT, "\xc3\xa5");
	expect("\\AA{}ngstr\\\"om", TEXT, "\xc3\x85ngstr\xc3\xb6m");
	expect("{\\l}\\'od\\'z", TEXT, "\xc5\x82\xc3\xb3" "d\xc5\xba");
	expect("\\ae{} \\OE", TEXT, "\xc3\xa6 \xc5\x92");
	/* TeX drops the space after a control word */
	expect("\\ss e", TEXT, "\xc3\x9f" "e");
}

static void test_cyrillic(void **state)
{
	(void)state;
	expect("{\\cyrchar\\CYRA}", TEXT, "\xd0\x90");
	expect("{\\cyrchar\\CYRM\\cyrchar\\cyro\\cyrchar\\cyrs\\cyrchar\\cyrk"
	       "\\cyrchar\\cyrv\\cyrchar\\cyra}", TEXT,
	       "\xd0\x9c\xd0\xbe\xd1\x81\xd0\xba\xd0\xb2\xd0\xb0");   /* Москва */
	expect("\\cyrshch\\cyrsftsn", TEXT, "\xd1\x89\xd1\x8c");       /* щь */
	expect("\\CYRYO", TEXT, "\xd0\x81");                            /* Ё */
	/* an unknown \cyr word is dropped, not guessed */
	expect("\\cyrxyz!", TEXT, "!");
}

static void test_escapes_dashes_spaces(void **state)
{
	(void)state;
	expect("Smith \\& Sons", TEXT, "Smith & Sons");
	expect("50\\% off \\$5 \\#1 a\\_b", TEXT, "50% off $5 #1 a_b");
	expect("1--2", TEXT, "1\xe2\x80\x93" "2");
	expect("yes---no", TEXT, "yes\xe2\x80\x94no");
	expect("``quoted''", TEXT, "\xe2\x80\x9cquoted\xe2\x80\x9d");
	expect("D.~E. Knuth", TEXT, "D.\xc2\xa0" "E. Knuth");
	expect("D.~E. Knuth", TEXT | BL_LATEX_TIE_SPACE, "D. E. Knuth");
	expect("  a\n\t  long   title  ", TEXT, "a long title");
	expect("one two  three \nfour ", TEXT, "one two three four");
	expect("a ~b", TEXT | BL_LATEX_TIE_SPACE, "a b");
	expect("a -- b", TEXT, "a \xe2\x80\x93 b");
	expect("a  b", BL_LATEX_ESCAPES_ONLY, "a  b");
	expect("The {DNA} of {{nested}} braces", TEXT, "The DNA of nested braces");
	expect("\\emph{Homo} \\textit{sapiens}", TEXT, "Homo sapiens");
	expect("$\\alpha$-helix", TEXT, "$\\alpha$-helix");
	/* sort keys and link targets are not text */
	expect("{\\noopsort{b}}Zeta", TEXT, "Zeta");
	expect("see \\href{https://e.org}{the site}", TEXT, "see the site");
	expect("\\noopsort{unclosed", TEXT, "");
	expect("x\\textendash{}y", TEXT, "x\xe2\x80\x93y");
	/* without the ligature flag dashes stay as written */
	expect("10--20", BL_LATEX_SPACES, "10--20");
	/* escapes only: braces and \\x go, the rest stays */
	expect("{10}--{20}\\_x~y", BL_LATEX_ESCAPES_ONLY, "10--20_x~y");
	expect("\\'e", BL_LATEX_ESCAPES_ONLY, "\\'e");
	/* a lone backslash at the end is kept */
	expect("a\\", TEXT, "a\\");
	expect("", TEXT, "");
}

static void test_map(void **state)
{
	/* "{\"U}ber x": Ü comes from offset 0, "ber" from 5.., the space 8 */
	const char in[] = "{\\\"U}ber  x";
	struct bl_strbuf sb = BL_STRBUF_INIT;
	struct bl_offsets map = { NULL, 0, 0 };

	(void)state;
	bl_latex_decode(&sb, &map, in, strlen(in), 100, NULL, TEXT);
	assert_string_equal(sb.buf, "\xc3\x9c" "ber x");
	assert_int_equal(map.len, sb.len);
	assert_int_equal(map.v[0], 101);    /* the backslash */
	assert_int_equal(map.v[1], 101);
	assert_int_equal(map.v[2], 105);    /* b */
	assert_int_equal(map.v[5], 108);    /* the first of the two spaces */
	assert_int_equal(map.v[6], 110);    /* x */
	bl_strbuf_release(&sb);
	bl_offsets_release(&map);
}

static void test_map_with_offsets(void **state)
{
	/* input bytes that came from scattered source offsets */
	const char in[] = "a--b";
	const uint32_t offs[] = { 10, 20, 21, 30 };
	struct bl_strbuf sb = BL_STRBUF_INIT;
	struct bl_offsets map = { NULL, 0, 0 };

	(void)state;
	bl_latex_decode(&sb, &map, in, 4, 0, offs, TEXT);
	assert_string_equal(sb.buf, "a\xe2\x80\x93" "b");
	assert_int_equal(map.len, 5);
	assert_int_equal(map.v[0], 10);
	assert_int_equal(map.v[1], 20);
	assert_int_equal(map.v[3], 20);
	assert_int_equal(map.v[4], 30);
	bl_strbuf_release(&sb);
	bl_offsets_release(&map);
}

static void test_is_plain(void **state)
{
	(void)state;
	assert_true(bl_latex_is_plain("Plain title", 11, TEXT));
	assert_false(bl_latex_is_plain("{DNA}", 5, TEXT));
	assert_false(bl_latex_is_plain("a--b", 4, TEXT));
	assert_true(bl_latex_is_plain("a--b", 4, BL_LATEX_SPACES | BL_LATEX_ESCAPES_ONLY));
	assert_false(bl_latex_is_plain("a  b", 4, TEXT));
	assert_false(bl_latex_is_plain(" a", 2, TEXT));
	assert_false(bl_latex_is_plain("a\nb", 3, TEXT));
	assert_true(bl_latex_is_plain("a~b", 3, BL_LATEX_ESCAPES_ONLY));
	assert_false(bl_latex_is_plain("a~b", 3, TEXT));
}

/* Hostile input: deep braces and accents at the very end never read past
 * the input (the sanitizer build checks the bounds). */
static void test_hostile(void **state)
{
	size_t n = 100000, i;
	char *in = malloc(n + 1);
	char *got;

	(void)state;
	for (i = 0; i < n; i++)
		in[i] = i < n / 2 ? '{' : '}';
	in[n] = '\0';
	got = decode(in, TEXT);
	assert_string_equal(got, "");
	free(got);
	free(in);
	expect("\\", TEXT, "\\");
	expect("\\'", TEXT, "\xc2\xb4");
	expect("\\v", TEXT, "\xcb\x87");
	expect("\\'{", TEXT, "\xc2\xb4");
	expect("$", TEXT, "$");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_accents),
		cmocka_unit_test(test_special_letters),
		cmocka_unit_test(test_cyrillic),
		cmocka_unit_test(test_escapes_dashes_spaces),
		cmocka_unit_test(test_map),
		cmocka_unit_test(test_map_with_offsets),
		cmocka_unit_test(test_is_plain),
		cmocka_unit_test(test_hostile),
	};

	return cmocka_run_group_tests_name("latex", tests, NULL, NULL);
}
