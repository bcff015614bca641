/*
 * gen_csl_yaml.c - writes a deterministic CSL-YAML file of N varied,
 * realistic entries for the benchmark: journal articles, books and
 * chapters with one to five authors, titles (some quoted, some with a
 * Cyrillic original-title and original-author), container titles, issued
 * date-parts, page ranges (mostly with an en dash), volume and issue, DOIs,
 * publishers and URLs. A few entries carry typical mistakes (a hyphen in a
 * page range, a DOI written as a URL) so that the rules have work to do.
 *
 * Usage: gen_csl_yaml N OUTFILE
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

static uint64_t state = 0x9e3779b97f4a7c15ull;

static uint32_t rnd(uint32_t n)
{
	/* xorshift64*: the same sequence on every machine */
	state ^= state >> 12;
	state ^= state << 25;
	state ^= state >> 27;
	return (uint32_t)((state * 0x2545f4914f6cdd1dull) >> 33) % n;
}

#define PICK(a) ((a)[rnd(sizeof(a) / sizeof((a)[0]))])

static const char *const families[] = {
	"Smith", "Johnson", "Ivanov", "Petrova", "Kuznetsov", "M\xc3\xbcller",
	"Garc\xc3\xad" "a", "O'Brien", "Nowak", "Kowalski", "Horvat", "Novak",
	"Sokolov", "Popova", "Lebedev", "Kozlova", "Morozov", "Volkova",
	"Dubois", "Rossi", "Tanaka", "Nguyen", "Andersson", "Jensen", "Weber",
	"Schneider", "Fischer", "Hoffmann", "Zaitsev", "Pavlova", "Semenov",
	"Golubeva", "Vinogradov", "Bogdanova", "Vorobyov", "Fedorova",
	"Mikhailov", "Belyaeva", "Tarasov", "Carley",
};
static const char *const givens[] = {
	"John", "Maria", "Aleksandr", "Elena", "Dmitrii", "Olga", "Sergei",
	"Anna", "Pierre", "Giulia", "Hiroshi", "Linh", "Erik", "Karin",
	"J. R.", "A. V.", "M.", "N. S.", "Thomas", "Ekaterina", "Ivan",
	"Natalia", "Yurii", "Tatiana",
};
static const char *const words[] = {
	"history", "of", "the", "and", "in", "soviet", "culture", "memory",
	"empire", "peasant", "reform", "literature", "identity", "revolution",
	"religion", "state", "society", "language", "border", "nation",
	"eastern", "european", "politics", "economy", "migration", "urban",
	"rural", "war", "peace", "archive", "press", "censorship", "theatre",
	"school", "science", "network", "irony", "modern", "early", "late",
	"century", "region", "frontier", "trade", "family", "women", "labour",
};
static const char *const ru_words[] = {
	"\xd0\xb8\xd1\x81\xd1\x82\xd0\xbe\xd1\x80\xd0\xb8\xd1\x8f",
	"\xd0\xba\xd1\x83\xd0\xbb\xd1\x8c\xd1\x82\xd1\x83\xd1\x80\xd0\xb0",
	"\xd0\xbf\xd0\xb0\xd0\xbc\xd1\x8f\xd1\x82\xd1\x8c",
	"\xd0\xb8\xd0\xbc\xd0\xbf\xd0\xb5\xd1\x80\xd0\xb8\xd1\x8f",
	"\xd0\xb8",
	"\xd0\xb2",
	"\xd1\x81\xd0\xbe\xd0\xb2\xd0\xb5\xd1\x82\xd1\x81\xd0\xba\xd0\xb8\xd0\xb5",
	"\xd0\xb3\xd0\xbe\xd1\x81\xd1\x83\xd0\xb4\xd0\xb0\xd1\x80\xd1\x81\xd1\x82\xd0\xb2\xd0\xbe",
	"\xd0\xbe\xd0\xb1\xd1\x89\xd0\xb5\xd1\x81\xd1\x82\xd0\xb2\xd0\xbe",
	"\xd1\x8f\xd0\xb7\xd1\x8b\xd0\xba",
	"\xd1\x80\xd0\xb5\xd0\xb2\xd0\xbe\xd0\xbb\xd1\x8e\xd1\x86\xd0\xb8\xd1\x8f",
	"\xd0\xb8\xd1\x80\xd0\xbe\xd0\xbd\xd0\xb8\xd1\x8f",
	"\xd0\xb2\xd0\xbe\xd1\x81\xd1\x82\xd0\xbe\xd1\x87\xd0\xbd\xd0\xbe\xd0\xb5\xd0\xb2\xd1\x80\xd0\xbe\xd0\xbf\xd0\xb5\xd0\xb9\xd1\x81\xd0\xba\xd0\xb8\xd1\x85",
	"\xd0\xb3\xd1\x80\xd0\xb0\xd0\xbd\xd0\xb8\xd1\x86\xd0\xb0",
};
static const char *const ru_families[] = {
	"\xd0\x98\xd0\xb2\xd0\xb0\xd0\xbd\xd0\xbe\xd0\xb2",
	"\xd0\x9f\xd0\xb5\xd1\x82\xd1\x80\xd0\xbe\xd0\xb2\xd0\xb0",
	"\xd0\x9a\xd1\x83\xd0\xb7\xd0\xbd\xd0\xb5\xd1\x86\xd0\xbe\xd0\xb2",
	"\xd0\xa1\xd0\xbe\xd0\xba\xd0\xbe\xd0\xbb\xd0\xbe\xd0\xb2",
	"\xd0\x9b\xd0\xb5\xd0\xb1\xd0\xb5\xd0\xb4\xd0\xb5\xd0\xb2",
};
static const char *const journals[] = {
	"Quaestio Rossica", "Slavic Review", "Kritika", "Russian Review",
	"Journal of Modern History", "Past & Present", "Europe-Asia Studies",
	"Ab Imperio", "Cahiers du monde russe", "Russian Literature",
	"Voprosy istorii", "Novoe literaturnoe obozrenie",
};
static const char *const publishers[] = {
	"Cambridge University Press", "Oxford University Press", "Routledge",
	"Nauka", "Brill", "Palgrave Macmillan", "NLO", "Ural University Press",
	"Harvard University Press", "Indiana University Press",
};
static const char *const places[] = {
	"Cambridge", "Oxford", "London", "Moscow", "Leiden", "New York",
	"Ekaterinburg", "Bloomington", "Saint Petersburg",
};

static void title(FILE *out, const char *const *w, size_t nw, unsigned n)
{
	unsigned i;

	for (i = 0; i < n; i++) {
		const char *s = w[rnd((uint32_t)nw)];

		if (i == 0 && s[0] >= 'a' && s[0] <= 'z')
			fprintf(out, "%c%s", s[0] - 'a' + 'A', s + 1);
		else
			fprintf(out, "%s%s", i ? " " : "", s);
	}
}

static void names(FILE *out, const char *var, unsigned n)
{
	unsigned i;

	fprintf(out, "  %s:\n", var);
	for (i = 0; i < n; i++)
		fprintf(out, "    - family: %s\n      given: %s\n", PICK(families),
			PICK(givens));
}

int main(int argc, char **argv)
{
	FILE *out;
	long n, i;

	if (argc != 3 || (n = atol(argv[1])) <= 0) {
		fprintf(stderr, "usage: gen_csl_yaml N OUTFILE\n");
		return 2;
	}
	out = fopen(argv[2], "w");
	if (!out) {
		perror(argv[2]);
		return 2;
	}
	fputs("# generated by tests/bench/gen_csl_yaml.c\n", out);
	for (i = 0; i < n; i++) {
		unsigned kind = rnd(100);
		unsigned year = 1950 + rnd(75);
		unsigned first = 1 + rnd(400);

		fprintf(out, "- id: %s%u-%ld\n", PICK(families), year, i);
		fprintf(out, "  type: %s\n",
			kind < 70 ? "article-journal" : kind < 85 ? "book" : "chapter");
		names(out, "author", 1 + rnd(rnd(5) + 1));
		if (rnd(100) < 20) {
			fprintf(out, "  original-author:\n    - family: %s\n",
				PICK(ru_families));
			fputs("  original-title: ", out);
			title(out, ru_words, sizeof(ru_words) / sizeof(ru_words[0]),
			      3 + rnd(6));
			fputc('\n', out);
		}
		if (rnd(100) < 25) {
			fputs("  title: \"", out);
			title(out, words, sizeof(words) / sizeof(words[0]), 2 + rnd(4));
			fputs(": ", out);
			title(out, words, sizeof(words) / sizeof(words[0]), 3 + rnd(6));
			fputs("\"\n", out);
		} else {
			fputs("  title: ", out);
			title(out, words, sizeof(words) / sizeof(words[0]), 4 + rnd(9));
			fputc('\n', out);
		}
		if (kind < 70) {
			fprintf(out, "  container-title: %s\n", PICK(journals));
			fprintf(out, "  volume: %u\n", 1 + rnd(80));
			if (rnd(100) < 70)
				fprintf(out, "  issue: %u\n", 1 + rnd(6));
		} else if (kind >= 85) {
			fputs("  container-title: ", out);
			title(out, words, sizeof(words) / sizeof(words[0]), 3 + rnd(5));
			fputc('\n', out);
			names(out, "editor", 1 + rnd(2));
		}
		if (kind >= 70) {
			fprintf(out, "  publisher: %s\n", PICK(publishers));
			fprintf(out, "  publisher-place: %s\n", PICK(places));
		}
		if (rnd(100) < 85)
			fprintf(out, "  issued:\n    date-parts:\n      - [%u]\n", year);
		else
			fprintf(out, "  issued:\n    date-parts:\n      - [%u, %u]\n", year,
				1 + rnd(12));
		if (kind < 70 || kind >= 85) {
			unsigned last = first + 1 + rnd(40);

			if (rnd(100) < 3)
				fprintf(out, "  page: %u-%u\n", first, last);
			else
				fprintf(out, "  page: %u\xe2\x80\x93%u\n", first, last);
		} else {
			fprintf(out, "  number-of-pages: %u\n", 100 + rnd(500));
		}
		if (rnd(100) < 60) {
			if (rnd(100) < 2)
				fprintf(out, "  DOI: https://doi.org/10.%u/qr.%u.%ld\n",
					1000 + rnd(9000), year, i);
			else
				fprintf(out, "  DOI: 10.%u/qr.%u.%ld\n", 1000 + rnd(9000),
					year, i);
		}
		if (rnd(100) < 15)
			fprintf(out, "  URL: https://example.org/articles/%ld\n", i);
		if (rnd(100) < 30)
			fprintf(out, "  language: %s\n", rnd(2) ? "ru" : "en");
	}
	if (fclose(out) != 0) {
		perror(argv[2]);
		return 2;
	}
	return 0;
}
