/*
 * test_translit.c - the transliteration schemes of rules/translit/: every
 * letter of each scheme (in a fixed frame between two consonants) and each
 * of its context rules, the renderings and fingerprints each file declares,
 * the registry's error messages, the word helpers, and that a list with
 * nothing to transliterate compiles no transliterator.
 *
 * Run with BIBLINT_DATADIR pointing at rules/ (make unit does).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <unicode/unorm2.h>
#include <unicode/ustring.h>

#include "engine.h"
#include "style.h"
#include "translit.h"

/* NFC of a UTF-8 string into a static buffer (tests compare NFC). */
static const char *nfc(const char *s, char *out, size_t cap)
{
	UErrorCode st = U_ZERO_ERROR;
	const UNormalizer2 *n = unorm2_getNFCInstance(&st);
	UChar in[1024], norm[2048];
	int32_t len = 0, nlen;

	u_strFromUTF8(in, 1024, &len, s, -1, &st);
	nlen = unorm2_normalize(n, in, len, norm, 2048, &st);
	u_strToUTF8(out, (int32_t)cap, NULL, norm, nlen, &st);
	assert_true(U_SUCCESS(st));
	return out;
}

static char *tr(const char *id, const char *text)
{
	const struct bl_scheme *s = bl_scheme_find(id);
	struct bl_strbuf sb = BL_STRBUF_INIT;
	struct bl_error err = { { 0 } };

	if (!s)
		fail_msg("no scheme '%s'", id);
	if (bl_scheme_translit(s, text, strlen(text), &sb, &err) < 0)
		fail_msg("%s: %s", id, err.msg);
	return bl_strbuf_detach(&sb, NULL);
}

static void expect(const char *id, const char *cyr, const char *latin)
{
	char *got = tr(id, cyr);
	char a[1024], b[1024];

	if (strcmp(nfc(got, a, sizeof(a)), nfc(latin, b, sizeof(b))) != 0)
		fail_msg("%s: '%s' gave '%s', expected '%s'", id, cyr, got, latin);
	free(got);
}

/* The Russian alphabet, one letter per frame "б_б". */
static const char *const ru_letters[33] = {
	"а", "б", "в", "г", "д", "е", "ё", "ж", "з", "и", "й", "к", "л", "м", "н", "о",
	"п", "р", "с", "т", "у", "ф", "х", "ц", "ч", "ш", "щ", "ъ", "ы", "ь", "э", "ю",
	"я",
};

static void alphabet(const char *id, const char *const *letters, size_t n,
		     const char *const *want)
{
	size_t i;

	for (i = 0; i < n; i++) {
		char cyr[32], lat[32];

		snprintf(cyr, sizeof(cyr), "б%sб", letters[i]);
		snprintf(lat, sizeof(lat), "b%sb", want[i]);
		expect(id, cyr, lat);
	}
}

static void test_quaestio_rossica(void **state)
{
	static const char *const want[33] = {
		"a", "b", "v", "g", "d", "e", "e", "zh", "z", "i", "i", "k", "l", "m",
		"n", "o", "p", "r", "s", "t", "u", "f", "kh", "ts", "ch", "sh", "shch",
		"”", "y", "’", "e", "yu", "ya",
	};

	(void)state;
	alphabet("quaestio-rossica", ru_letters, 33, want);
	/* no ye rule; -ий -ii, -ый -yi; case restored per word */
	expect("quaestio-rossica", "Ель и поезд", "El’ i poezd");
	expect("quaestio-rossica", "Новый русский словарь", "Novyi russkii slovar’");
	expect("quaestio-rossica", "Щедрая ЮНОСТЬ, Я", "Shchedraya YUNOST’, Ya");
	expect("quaestio-rossica", "Объём «ёлки»", "Ob”em «elki»");
}

static void test_bgn_pcgn(void **state)
{
	static const char *const want[33] = {
		"a", "b", "v", "g", "d", "e", "ë", "zh", "z", "i", "y", "k", "l", "m",
		"n", "o", "p", "r", "s", "t", "u", "f", "kh", "ts", "ch", "sh", "shch",
		"”", "y", "’", "e", "yu", "ya",
	};

	(void)state;
	alphabet("bgn-pcgn", ru_letters, 33, want);
	/* ye and yë at the start, after a vowel, й, ъ, ь; not after a consonant */
	expect("bgn-pcgn", "ель поезд майер подъезд полье", "yel’ poyezd mayyer pod”yezd pol’ye");
	expect("bgn-pcgn", "ёж её объём лёд", "yëzh yeyë ob”yëm lëd");
	expect("bgn-pcgn", "Советский новый", "Sovetskiy novyy");
	/* no dots */
	expect("bgn-pcgn", "веснушчатый мэр Тыайа", "vesnushchatyy mer Tyaya");
}

static void test_bgn_pcgn_dots(void **state)
{
	static const char *const want[33] = {
		"a", "b", "v", "g", "d", "e", "ë", "zh", "z", "i", "y", "k", "l", "m",
		"n", "o", "p", "r", "s", "t", "u", "f", "kh", "ts", "ch", "sh", "shch",
		"”", "y", "’", "·e", "yu", "ya",
	};

	(void)state;
	alphabet("bgn-pcgn-dots", ru_letters, 33, want);
	expect("bgn-pcgn-dots", "советский веснушчатый", "sovet·skiy vesnush·chatyy");
	expect("bgn-pcgn-dots", "майа тыэ йу", "may·a ty·e y·u");
	expect("bgn-pcgn-dots", "аы мэр поэт", "a·y m·er poet");
	expect("bgn-pcgn-dots", "ель поезд", "yel’ poyezd");
}

static void test_ala_lc(void **state)
{
	static const char *const want[33] = {
		"a", "b", "v", "g", "d", "e", "ë", "zh", "z", "i", "ĭ", "k", "l", "m",
		"n", "o", "p", "r", "s", "t", "u", "f", "kh", "t\xcd\xa1s", "ch", "sh",
		"shch", "ʺ", "y", "ʹ", "ė", "i\xcd\xa1u", "i\u0361a",
	};

	(void)state;
	alphabet("ala-lc", ru_letters, 33, want);
	/* тс has no tie; a final ъ (older spelling) is dropped */
	expect("ala-lc", "советский миръ", "sovetskiĭ mir");
	expect("ala-lc", "Царь Юрий", "T\xcd\xa1sarʹ I\xcd\xa1uriĭ");
}

static void test_lc_simplified(void **state)
{
	static const char *const want[33] = {
		"a", "b", "v", "g", "d", "e", "e", "zh", "z", "i", "i", "k", "l", "m",
		"n", "o", "p", "r", "s", "t", "u", "f", "kh", "ts", "ch", "sh", "shch",
		"\"", "y", "'", "e", "iu", "ia",
	};

	(void)state;
	alphabet("lc-simplified", ru_letters, 33, want);
	expect("lc-simplified", "Россия миръ бельё", "Rossiia mir bel'e");
	expect("lc-simplified", "литературная энциклопедия", "literaturnaia entsiklopediia");
}

static void test_iso9(void **state)
{
	static const char *const want[33] = {
		"a", "b", "v", "g", "d", "e", "ë", "ž", "z", "i", "j", "k", "l", "m",
		"n", "o", "p", "r", "s", "t", "u", "f", "h", "c", "č", "š", "ŝ", "ʺ",
		"y", "ʹ", "è", "û", "â",
	};
	static const char *const extra[] = { "ґ", "є", "і", "ї", "ў", "ѣ", "ѳ", "ѵ" };
	static const char *const extra_want[] = { "g\xcc\x80", "ê", "ì", "ï", "ŭ", "ě",
						  "f\xcc\x80", "ỳ" };

	(void)state;
	alphabet("iso9", ru_letters, 33, want);
	alphabet("iso9", extra, 8, extra_want);
	expect("iso9", "Щука и объём", "Ŝuka i obʺëm");
}

static void test_gost_b(void **state)
{
	static const char *const want[33] = {
		"a", "b", "v", "g", "d", "e", "yo", "zh", "z", "i", "j", "k", "l", "m",
		"n", "o", "p", "r", "s", "t", "u", "f", "x", "cz", "ch", "sh", "shh",
		"``", "y`", "`", "e`", "yu", "ya",
	};

	(void)state;
	alphabet("gost-b", ru_letters, 33, want);
	/* ц is c before е и й ы, cz elsewhere */
	expect("gost-b", "цех цирк цйа цыган", "cex cirk cja cy`gan");
	expect("gost-b", "царь лицо", "czar` liczo");
	expect("gost-b", "объём эра", "ob``yom e`ra");
	expect("gost-b", "ѣ ѳ ѵ і", "ye` fh yh i'");
}

static void test_scientific(void **state)
{
	static const char *const want[33] = {
		"a", "b", "v", "g", "d", "e", "ë", "ž", "z", "i", "j", "k", "l", "m",
		"n", "o", "p", "r", "s", "t", "u", "f", "x", "c", "č", "š", "šč", "ʺ",
		"y", "ʹ", "è", "ju", "ja",
	};

	(void)state;
	alphabet("scientific", ru_letters, 33, want);
	expect("scientific", "Щи и хлеб", "Šči i xleb");
}

static void test_gost_52535(void **state)
{
	static const char *const want[33] = {
		"a", "b", "v", "g", "d", "e", "e", "zh", "z", "i", "i", "k", "l", "m",
		"n", "o", "p", "r", "s", "t", "u", "f", "kh", "tc", "ch", "sh", "shch",
		"", "y", "", "e", "iu", "ia",
	};

	(void)state;
	alphabet("gost-52535", ru_letters, 33, want);
	expect("gost-52535", "Цель объёма", "Tcel obema");
}

static void test_icao(void **state)
{
	static const char *const want[33] = {
		"a", "b", "v", "g", "d", "e", "e", "zh", "z", "i", "i", "k", "l", "m",
		"n", "o", "p", "r", "s", "t", "u", "f", "kh", "ts", "ch", "sh", "shch",
		"ie", "y", "", "e", "iu", "ia",
	};

	(void)state;
	alphabet("icao", ru_letters, 33, want);
	/* the differences from GOST R 52535.1: ц ts, ъ ie */
	expect("icao", "Цель объёма Разъездной", "Tsel obieema Razieezdnoi");
}

static void test_wikipedia(void **state)
{
	static const char *const want[33] = {
		"a", "b", "v", "g", "d", "e", "yo", "zh", "z", "i", "y", "k", "l", "m",
		"n", "o", "p", "r", "s", "t", "u", "f", "kh", "ts", "ch", "sh", "shch",
		"", "y", "", "e", "yu", "ya",
	};

	(void)state;
	alphabet("wikipedia", ru_letters, 33, want);
	/* -ий/-ый are -y at the end only */
	expect("wikipedia", "Красный Великий Бийск", "Krasny Veliky Biysk");
	/* ye at the start, after vowels, ъ and ь; not after й or ы */
	expect("wikipedia", "Ельцин Алексеев Майер новые", "Yeltsin Alekseyev Mayer novye");
	expect("wikipedia", "Юрьев подъезд", "Yuryev podyezd");
	/* ъ, ь are y before а и о у ы э and are dropped elsewhere */
	expect("wikipedia", "Ильинский объявление соль", "Ilyinsky obyavleniye sol");
}

static const char *const uk_letters[33] = {
	"а", "б", "в", "г", "ґ", "д", "е", "є", "ж", "з", "и", "і", "ї", "й", "к", "л",
	"м", "н", "о", "п", "р", "с", "т", "у", "ф", "х", "ц", "ч", "ш", "щ", "ь", "ю",
	"я",
};

static void test_uk_national(void **state)
{
	static const char *const want[33] = {
		"a", "b", "v", "h", "g", "d", "e", "ie", "zh", "z", "y", "i", "i", "i",
		"k", "l", "m", "n", "o", "p", "r", "s", "t", "u", "f", "kh", "ts", "ch",
		"sh", "shch", "", "iu", "ia",
	};

	(void)state;
	alphabet("uk-national", uk_letters, 33, want);
	/* word-initial forms, зг, the apostrophe */
	expect("uk-national", "Євген Їжак Йосип Юрій Яготин", "Yevhen Yizhak Yosyp Yurii Yahotyn");
	expect("uk-national", "Згурський Знам'янка Феодосія", "Zghurskyi Znamianka Feodosiia");
	expect("uk-national", "Кадіївка Костянтин", "Kadiivka Kostiantyn");
}

static void test_uk_bgn(void **state)
{
	static const char *const want[33] = {
		"a", "b", "v", "h", "g", "d", "e", "ye", "zh", "z", "y", "i", "yi", "y",
		"k", "l", "m", "n", "o", "p", "r", "s", "t", "u", "f", "kh", "ts", "ch",
		"sh", "shch", "’", "yu", "ya",
	};

	(void)state;
	alphabet("uk-bgn", uk_letters, 33, want);
	expect("uk-bgn", "Знам'янка Юрій", "Znam”yanka Yuriy");
}

static void test_icu_aliases(void **state)
{
	(void)state;
	expect("bgn-pcgn-icu", "Советской", "Sovet·skoy");
	expect("bgn-pcgn-icu", "объезд", "obʺyezd");
	expect("be-bgn", "Мінск", "Minsk");
	expect("bg-bgn", "България", "Bŭlgariya");
	expect("uk-bgn-icu", "Київ", "Kyyiv");
	expect("cyrillic-latin", "Щука", "Ŝuka");
}

/* Every declared rendering is what the rules produce for the probe word. */
static void test_render_declarations(void **state)
{
	size_t i, checked = 0;
	int f;

	(void)state;
	for (i = 0; i < bl_scheme_count(); i++) {
		const struct bl_scheme *s = bl_scheme_at(i);

		for (f = 0; f < BL_TF__COUNT; f++) {
			const struct bl_tfeat_probe *p = &bl_tfeat_probes[f];
			char want[128];

			if (!s->render[f])
				continue;
			snprintf(want, sizeof(want), "%s%s%s", p->prefix, s->render[f], p->suffix);
			expect(s->id, p->word, want);
			checked++;
		}
	}
	assert_true(checked > 100);
}

/* No fingerprint of a scheme matches a word the scheme itself writes. */
static const char *const sample_ru[] = {
	"Российская история советской эпохи и новые исследования",
	"Объединённые вооружённые силы, щедрый подъезд, лицей и царь",
	"Мэр Иркутска, Чайковский, Ильич, пьеса о вьюге, Маяковский",
	"Юность Алексеева: воспоминания, дневники, письма (1920-е годы)",
	"Экономическая политика Советского Союза накануне Второй мировой войны",
	"Журнал российских и восточноевропейских исторических исследований",
	"Иллюстрированная энциклопедия: съезды, объявления, Хрущёв и Щусев",
	"Поэт и поэзия; аэропорт; майор Кузьмин; бойцы; ночь; вечер",
	"Франция и европейская безопасность; Комедия иронией; Социальная",
};

static const char *const sample_uk[] = {
	"Український історичний журнал: Київ, Львів, Житомир",
	"Щоденник Євгена Чикаленка; сім'я і м'ясо; Згурівка; Їжакевич",
};

static void test_fingerprints_hold(void **state)
{
	size_t i, k, matched = 0;

	(void)state;
	for (i = 0; i < bl_scheme_count(); i++) {
		const struct bl_scheme *s = bl_scheme_at(i);
		const char *const *sample = strcmp(s->language, "uk") == 0 ? sample_uk : sample_ru;
		size_t n = strcmp(s->language, "uk") == 0 ? BL_ARRAY_SIZE(sample_uk) :
			   BL_ARRAY_SIZE(sample_ru);

		if (s->nforbid == 0 || (strcmp(s->language, "ru") != 0 && strcmp(s->language, "uk") != 0))
			continue;
		for (k = 0; k < n; k++) {
			char *out = tr(s->id, sample[k]);
			size_t pos = 0, off, len, fo, fn;

			while (bl_word_next(out, strlen(out), &pos, &off, &len)) {
				const char *why = bl_scheme_forbidden(s, out + off, len, &fo, &fn);

				if (why)
					fail_msg("%s writes '%.*s', which its fingerprint '%s' forbids",
						 s->id, (int)len, out + off, why);
			}
			free(out);
		}
	}
	/* and the fingerprints do catch other schemes' spellings */
	{
		const struct bl_scheme *q = bl_scheme_find("quaestio-rossica");
		const struct bl_scheme *lc = bl_scheme_find("lc-simplified");
		const char *const bad_q[] = { "Sotsial’naja", "Rossiia", "Sovetskiy", "ironiyei",
					      "Sovet·skiy", "istorija", "Khrushchëv" };
		const char *const bad_lc[] = { "Rossiya", "Sovetskiy", "istoriya" };
		size_t fo, fn;

		for (k = 0; k < BL_ARRAY_SIZE(bad_q); k++)
			matched += bl_scheme_forbidden(q, bad_q[k], strlen(bad_q[k]), &fo, &fn) != NULL;
		for (k = 0; k < BL_ARRAY_SIZE(bad_lc); k++)
			matched += bl_scheme_forbidden(lc, bad_lc[k], strlen(bad_lc[k]), &fo, &fn) != NULL;
		assert_int_equal(matched, BL_ARRAY_SIZE(bad_q) + BL_ARRAY_SIZE(bad_lc));
		assert_null(bl_scheme_forbidden(q, "Frantsiya", 9, &fo, &fn));
		assert_non_null(bl_scheme_forbidden(q, "istorija", 8, &fo, &fn));
		assert_int_equal(fo, 6);
		assert_int_equal(fn, 1);
	}
}

static void test_equivalent_and_word_eq(void **state)
{
	const struct bl_scheme *q = bl_scheme_find("quaestio-rossica");
	const struct bl_scheme *iso = bl_scheme_find("iso9");

	(void)state;
	assert_true(bl_scheme_equiv(q, 0x2019, '\''));
	assert_false(bl_scheme_equiv(q, 0x2019, 0x2B9));
	assert_false(bl_scheme_equiv(iso, 0x2B9, '\''));
	assert_true(bl_translit_word_eq(q, "Bor'ba", 6, "bor’ba", strlen("bor’ba")));
	assert_false(bl_translit_word_eq(iso, "borʹba", strlen("borʹba"), "bor'ba", 6));
	assert_true(bl_translit_word_eq(NULL, "SSSR", 4, "sssr", 4));
	/* NFC: ĭ written as i + combining breve */
	assert_true(bl_translit_word_eq(NULL, "novyi\xcc\x86", 7, "novy\xc4\xad", 6));
}

static void test_words_and_fold(void **state)
{
	const char *t = "“Komediya, ironiyei”: bezopasnost’ 30-e ob”ezd y`";
	const char *want[] = { "Komediya", "ironiyei", "bezopasnost’", "30", "e", "ob”ezd",
			       "y`" };
	size_t pos = 0, off, len, i = 0;
	struct bl_strbuf a = BL_STRBUF_INIT, b = BL_STRBUF_INIT;
	static const char *const same[][2] = {
		{ "Bezymenskii", "Bezymensky" }, { "Fitzpatrick", "Fitspatrik" },
		{ "Dmitriev", "Dmitriyev" }, { "Khrushchev", "Hruščev" }, { "Khrushchev", "Hruŝev" },
		{ "Iurii", "Yuri" }, { "Tsvetaeva", "Cvetaeva" }, { "Isserson", "Iserson" },
	};
	static const char *const differ[][2] = {
		{ "Ivanov", "Ivanova" }, { "Petrov", "Popov" }, { "Orlov", "Orlova" },
	};

	(void)state;
	while (bl_word_next(t, strlen(t), &pos, &off, &len)) {
		assert_true(i < BL_ARRAY_SIZE(want));
		assert_int_equal(len, strlen(want[i]));
		assert_memory_equal(t + off, want[i], len);
		i++;
	}
	assert_int_equal(i, BL_ARRAY_SIZE(want));
	for (i = 0; i < BL_ARRAY_SIZE(same); i++) {
		bl_strbuf_reset(&a), bl_strbuf_reset(&b);
		bl_translit_fold(same[i][0], strlen(same[i][0]), &a);
		bl_translit_fold(same[i][1], strlen(same[i][1]), &b);
		if (strcmp(a.buf, b.buf) != 0)
			fail_msg("'%s' folds to '%s' but '%s' to '%s'", same[i][0], a.buf,
				 same[i][1], b.buf);
	}
	for (i = 0; i < BL_ARRAY_SIZE(differ); i++) {
		bl_strbuf_reset(&a), bl_strbuf_reset(&b);
		bl_translit_fold(differ[i][0], strlen(differ[i][0]), &a);
		bl_translit_fold(differ[i][1], strlen(differ[i][1]), &b);
		assert_string_not_equal(a.buf, b.buf);
	}
	bl_strbuf_release(&a);
	bl_strbuf_release(&b);
	{
		static const char *const slavic[] = { "sovetskie", "ironiyei", "planirovanie",
						      "Frantsiya", "bor'by", "istorii", "Istoriia",
						      "Zhurnal", "Povsednevnyi", "vneshnei" };
		static const char *const english[] = { "the", "methods", "Analytical", "chemical",
							"Efficiency", "complex", "nuclear", "research",
							"don't", "Russia's", "study" };

		for (i = 0; i < BL_ARRAY_SIZE(slavic); i++)
			if (!bl_word_looks_slavic(slavic[i], strlen(slavic[i])))
				fail_msg("'%s' should read as romanised Slavic", slavic[i]);
		for (i = 0; i < BL_ARRAY_SIZE(english); i++)
			if (bl_word_looks_slavic(english[i], strlen(english[i])))
				fail_msg("'%s' should read as English", english[i]);
	}
	assert_int_equal(bl_strip_translation("Ocherki [Essays]", 16), 7);
	assert_int_equal(bl_strip_translation("Ocherki [Essays].", 17), 7);
	assert_int_equal(bl_strip_translation("Ocherki", 7), 7);
}

/* The bundled example (the seed list): the translit, script and names
 * rules report "ironiyei" and nothing else, with and without the style. */
static void seed_run(const char *style)
{
	static const char *const mine[] = { "translit/mismatch", "translit/scheme",
					    "translit/inconsistent", "translit/cyrillic",
					    "script/mixed", "names/variant" };
	struct bl_source *src;
	struct bl_lint_opts opts;
	struct bl_result res;
	struct bl_error err;
	size_t i, k;
	int found[2] = { 0, 0 };

	if (bl_source_read_file(&src, "examples/quaestio-rossica.yml", 1 << 20, &err) < 0)
		fail_msg("%s", err.msg);
	bl_lint_opts_init(&opts);
	for (i = 0; i < BL_R__COUNT; i++) {
		bool keep = false;

		for (k = 0; k < BL_ARRAY_SIZE(mine); k++)
			keep |= strcmp(bl_rules[i]->id, mine[k]) == 0;
		if (!keep)
			opts.sev[i] = BL_SEV_OFF;
	}
	if (style) {
		opts.style = bl_style_find_for_tests(style);
		assert_non_null(opts.style);
	}
	assert_int_equal(bl_lint(&res, src, &opts, &err), BL_OK);
	for (i = 0; i < res.count; i++) {
		const struct bl_finding *f = &res.findings[i];
		const char *id = bl_rules[f->rule]->id;

		if (f->end - f->start != 8 || memcmp(src->data + f->start, "ironiyei", 8) != 0)
			fail_msg("unexpected finding on the example: %s: %s", id, f->message);
		if (strcmp(id, "translit/inconsistent") == 0)
			found[0]++;
		else if (strcmp(id, "translit/mismatch") == 0)
			found[1]++;
		else
			fail_msg("unexpected rule on the example: %s: %s", id, f->message);
	}
	assert_int_equal(found[0], 1);
	assert_int_equal(found[1], 1);
	bl_result_release(&res);
	bl_source_free(src);
}

static void test_seed_example(void **state)
{
	(void)state;
	seed_run(NULL);
	seed_run("quaestio-rossica");
}

/* Linting runs every rule; count transliterators compiled. */
static unsigned lint_compiles(const char *text)
{
	struct bl_source *src = bl_source_new("refs.yml", text, strlen(text));
	struct bl_lint_opts opts;
	struct bl_result res;
	struct bl_error err;
	unsigned before;

	bl_translit_shutdown();
	before = bl_translit_compiled();
	bl_lint_opts_init(&opts);
	assert_int_equal(bl_lint(&res, src, &opts, &err), BL_OK);
	bl_result_release(&res);
	bl_source_free(src);
	return bl_translit_compiled() - before;
}

static void test_lazy(void **state)
{
	(void)state;
	/* English, French, a bracketed translation of a non-Slavic title */
	assert_int_equal(lint_compiles("- id: a\n  title: The Republic in Danger\n"
				       "  author: [{family: Alexander, given: M. S.}]\n"
				       "- id: b\n  title: Le triangle impossible [The Impossible "
				       "Triangle]\n  language: fr\n"), 0);
	/* a Russian-language list in Cyrillic, no originals, no style */
	assert_int_equal(lint_compiles("- id: a\n  title: История России\n  language: ru\n"),
			 0);
	/* an original: the list's scheme is inferred, so the rule files compile */
	assert_true(lint_compiles("- id: a\n  title: Istoriya Rossii\n"
				  "  original-title: История России\n") > 0);
}

static void write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

static void test_registry_errors(void **state)
{
	char dir[] = "/tmp/biblint-translit-XXXXXX", sub[256], path[300];
	const char *old = getenv("BIBLINT_DATADIR");
	char *saved = old ? strdup(old) : NULL;
	struct bl_error err = { { 0 } };
	struct bl_strbuf sb = BL_STRBUF_INIT;
	const struct bl_scheme *s;

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(sub, sizeof(sub), "%s/translit", dir);
	assert_int_equal(mkdir(sub, 0700), 0);
	setenv("BIBLINT_DATADIR", dir, 1);

	/* a scheme added by adding a file; bad rules fail when first used */
	snprintf(path, sizeof(path), "%s/mine.txt", sub);
	write_file(path, "# id: mine\n# language: ru\nа > a ;\nб > ;; oops [\n");
	bl_translit_shutdown();
	assert_int_equal(bl_schemes_load(&err), BL_OK);
	assert_int_equal(bl_scheme_count(), 1);
	s = bl_scheme_find("mine");
	assert_non_null(s);
	assert_int_equal(bl_scheme_translit(s, "аб", strlen("аб"), &sb, &err), BL_ERR);
	assert_non_null(strstr(err.msg, "cannot compile the rules of scheme 'mine'"));
	/* a file without an id */
	write_file(path, "# name: nameless\nа > a ;\n");
	bl_translit_shutdown();
	assert_int_equal(bl_schemes_load(&err), BL_ERR);
	assert_non_null(strstr(err.msg, "has no '# id:' line"));
	/* an unknown render feature */
	write_file(path, "# id: mine\n# render: bogus=x\nа > a ;\n");
	bl_translit_shutdown();
	assert_int_equal(bl_schemes_load(&err), BL_ERR);
	assert_non_null(strstr(err.msg, "unknown render feature 'bogus'"));
	unlink(path);
	rmdir(sub);
	/* no directory at all */
	bl_translit_shutdown();
	assert_int_equal(bl_schemes_load(&err), BL_ERR);
	assert_non_null(strstr(err.msg, "set BIBLINT_DATADIR"));
	rmdir(dir);

	bl_strbuf_release(&sb);
	if (saved)
		setenv("BIBLINT_DATADIR", saved, 1);
	else
		unsetenv("BIBLINT_DATADIR");
	free(saved);
	bl_translit_shutdown();
}

static int setup(void **state)
{
	struct bl_error err;

	(void)state;
	if (bl_schemes_load(&err) < 0) {
		fprintf(stderr, "%s\n", err.msg);
		return -1;
	}
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	bl_translit_shutdown();
	return 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_quaestio_rossica),
		cmocka_unit_test(test_bgn_pcgn),
		cmocka_unit_test(test_bgn_pcgn_dots),
		cmocka_unit_test(test_ala_lc),
		cmocka_unit_test(test_lc_simplified),
		cmocka_unit_test(test_iso9),
		cmocka_unit_test(test_gost_b),
		cmocka_unit_test(test_scientific),
		cmocka_unit_test(test_gost_52535),
		cmocka_unit_test(test_icao),
		cmocka_unit_test(test_wikipedia),
		cmocka_unit_test(test_uk_national),
		cmocka_unit_test(test_uk_bgn),
		cmocka_unit_test(test_icu_aliases),
		cmocka_unit_test(test_render_declarations),
		cmocka_unit_test(test_fingerprints_hold),
		cmocka_unit_test(test_equivalent_and_word_eq),
		cmocka_unit_test(test_words_and_fold),
		cmocka_unit_test(test_seed_example),
		cmocka_unit_test(test_lazy),
		cmocka_unit_test(test_registry_errors),
	};

	return cmocka_run_group_tests_name("translit", tests, setup, teardown);
}
