/*
 * gen_bibtex.c - writes a deterministic .bib file of N varied, realistic
 * entries for the benchmark: articles, books, chapters, conference papers,
 * theses, reports and web pages; one to six authors in both name forms,
 * with von particles and LaTeX accents ({\"u}, \'e, \v{c}); titles with
 * protected {Capitals}, \emph and math; journals as @string macros (some
 * concatenated with #), braced and quoted values, bare numbers, month
 * macros, page ranges (mostly `--`), DOIs, ISBNs, URLs, abstracts and
 * keywords. A few entries carry the usual mistakes (a single hyphen in a
 * page range, a DOI written as a URL, a missing journal) so that the rules
 * have work to do.
 *
 * Usage: gen_bibtex N OUTFILE
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

static uint64_t state = 0x2545f4914f6cdd1dull;

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
	"Smith", "Johnson", "Ivanov", "Petrova", "Kuznetsov", "M{\\\"u}ller",
	"Garc{\\'\\i}a", "O'Brien", "Nowak", "Kowalski", "Horvat", "{\\v{C}}apek",
	"Sokolov", "Popova", "Lebedev", "Kozlova", "Morozov", "Volkova",
	"Dubois", "Rossi", "Tanaka", "Nguyen", "{\\AA}ngstr{\\\"o}m", "Jensen",
	"Weber", "Schneider", "Fischer", "Hoffmann", "Zaitsev", "Pavlova",
	"Semenov", "Golubeva", "Vinogradov", "Bogdanova", "Vorobyov", "Fedorova",
	"Mikhailov", "Belyaeva", "Tarasov", "Carley", "Gon{\\c{c}}alves",
	"{\\O}rsted", "Wa{\\l}{\\k{e}}sa", "Erd{\\H{o}}s", "Stra{\\ss}mann",
};
static const char *const givens[] = {
	"John", "Maria", "Aleksandr", "Elena", "Dmitrii", "Olga", "Sergei",
	"Anna", "Pierre", "Giulia", "Hiroshi", "Linh", "Erik", "Karin", "J.",
	"A. B.", "M.~S.", "Ren{\\'e}", "Fran{\\c{c}}ois", "J{\\\"o}rg", "Zo{\\\"e}",
	"Kathleen M.", "D. E.", "Jean-Paul", "Nikolai", "Tatiana",
};
static const char *const particles[] = { "van", "de", "von", "van der", "de la", "di" };
static const char *const words[] = {
	"analysis", "of", "the", "structure", "dynamics", "in", "a", "model",
	"evidence", "from", "historical", "sources", "memory", "and", "identity",
	"late", "Soviet", "culture", "transliteration", "networks", "urban",
	"space", "theory", "practice", "archives", "revisited", "approach",
	"comparative", "study", "literary", "reception", "political", "economy",
	"migration", "language", "contact", "frontier", "empire", "revolution",
	"method", "for", "estimating", "rates", "under", "uncertainty",
};
static const char *const protected[] = {
	"{DNA}", "{Russia}", "{Europe}", "{Bayesian}", "{Markov}", "{Tolstoy}",
	"{USSR}", "{Siberia}", "{\\TeX}", "{Monte Carlo}", "{Dostoevsky}",
};
static const char *const journals[] = {
	"jhist", "slavrev", "rusrev", "jcomp", "physrev",
};
static const char *const journal_texts[] = {
	"Journal of Modern History", "Slavic Review", "The Russian Review",
	"Journal of Computational Physics", "Physical Review",
};
static const char *const braced_journals[] = {
	"Quaestio Rossica", "Kritika: Explorations in Russian and Eurasian History",
	"Europe-Asia Studies", "Nature", "Science", "Annals of Statistics",
	"Voprosy istorii", "{IEEE} Transactions on Software Engineering",
	"Journal of the American Statistical Association",
};
static const char *const publishers[] = {
	"Cambridge University Press", "Oxford University Press", "Springer",
	"Routledge", "Nauka", "Brill", "{MIT} Press", "Princeton University Press",
	"Wiley", "Elsevier", "De Gruyter", "Palgrave Macmillan",
};
static const char *const places[] = {
	"Cambridge", "Oxford", "Berlin", "London", "Moscow", "Leiden",
	"Princeton, NJ", "New York", "St. Petersburg", "Ekaterinburg",
};
static const char *const months[] = {
	"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct",
	"nov", "dec",
};
static const char *const keywords[] = {
	"history", "statistics", "Russia", "memory studies", "methodology",
	"computation", "literature", "archives", "networks", "linguistics",
};

static void name(FILE *f)
{
	const char *fam = PICK(families), *giv = PICK(givens);
	uint32_t form = rnd(10);

	if (form < 6)
		fprintf(f, "%s, %s", fam, giv);
	else if (form < 9)
		fprintf(f, "%s %s", giv, fam);
	else
		fprintf(f, "%s %s %s", giv, PICK(particles), fam);
}

static void authors(FILE *f, const char *field)
{
	uint32_t n = 1 + rnd(4) + (rnd(8) == 0 ? 2 : 0), i;

	fprintf(f, "  %s = {", field);
	for (i = 0; i < n; i++) {
		if (i)
			fputs(" and ", f);
		name(f);
	}
	if (rnd(25) == 0)
		fputs(" and others", f);
	fputs("},\n", f);
}

static void title(FILE *f, const char *field)
{
	uint32_t n = 4 + rnd(10), i;

	fprintf(f, "  %s = {", field);
	for (i = 0; i < n; i++) {
		const char *w = rnd(7) == 0 ? PICK(protected) : PICK(words);

		if (i)
			fputc(' ', f);
		if (i == 0)
			fprintf(f, "%c%s", w[0] >= 'a' && w[0] <= 'z' ? w[0] - 32 : w[0], w + 1);
		else
			fputs(w, f);
		if (i == n / 2 && rnd(6) == 0)
			fputs(": \\emph{a} case study", f);
		if (i == n / 3 && rnd(20) == 0)
			fputs(" in $O(n\\log n)$ time", f);
	}
	fputs("},\n", f);
}

static void pages(FILE *f)
{
	uint32_t a = 1 + rnd(900), b = a + 1 + rnd(40);

	if (rnd(40) == 0)
		fprintf(f, "  pages = {%u-%u},\n", a, b);
	else if (rnd(30) == 0)
		fprintf(f, "  pages = \"%u\",\n", a);
	else
		fprintf(f, "  pages = {%u--%u},\n", a, b);
}

static void doi(FILE *f)
{
	uint32_t r = rnd(10);

	if (r < 6)
		fprintf(f, "  doi = {10.%u/%c%u.%u},\n", 1000 + rnd(9000), 'a' + (char)rnd(26),
			rnd(100000), rnd(1000));
	else if (r == 6)
		fprintf(f, "  doi = {https://doi.org/10.%u/j.%u.%u},\n", 1000 + rnd(9000),
			rnd(100000), rnd(1000));
}

static void abstract(FILE *f)
{
	uint32_t n = 20 + rnd(60), i;

	if (rnd(3))
		return;
	fputs("  abstract = {", f);
	for (i = 0; i < n; i++) {
		fputs(i ? " " : "", f);
		fputs(PICK(words), f);
		if (i % 12 == 11)
			fputs(".\n    ", f);
	}
	fputs(".},\n", f);
}

static void common_tail(FILE *f, uint32_t year)
{
	if (rnd(4) == 0)
		fprintf(f, "  month = %s,\n", PICK(months));
	if (rnd(3) == 0)
		fprintf(f, "  keywords = {%s, %s},\n", PICK(keywords), PICK(keywords));
	abstract(f);
	if (rnd(5) == 0)
		fprintf(f, "  url = {https://example.org/papers/%u/%u},\n", year, rnd(100000));
	fprintf(f, "  year = %u\n}\n\n", year);
}

int main(int argc, char **argv)
{
	unsigned long n, i;
	FILE *f;
	size_t k;

	if (argc != 3) {
		fputs("usage: gen_bibtex N OUTFILE\n", stderr);
		return 2;
	}
	n = strtoul(argv[1], NULL, 10);
	f = fopen(argv[2], "w");
	if (!f) {
		perror(argv[2]);
		return 1;
	}
	fputs("% Generated for the biblint benchmark.\n\n", f);
	fputs("@preamble{\"\\providecommand{\\noopsort}[1]{}\"}\n\n", f);
	for (k = 0; k < sizeof(journals) / sizeof(journals[0]); k++)
		fprintf(f, "@string{%s = {%s}}\n", journals[k], journal_texts[k]);
	fputs("@string{proc = \"Proceedings of the \"}\n\n", f);
	fputs("@comment{jabref-meta: databaseType:bibtex;}\n\n", f);
	for (i = 0; i < n; i++) {
		uint32_t t = rnd(100), year = 1950 + rnd(75);

		if (t < 50) {
			fprintf(f, "@article{a%lu,\n", i);
			authors(f, "author");
			title(f, "title");
			if (rnd(3) == 0)
				fprintf(f, "  journal = %s,\n", PICK(journals));
			else if (rnd(60))
				fprintf(f, "  journal = {%s},\n", PICK(braced_journals));
			fprintf(f, "  volume = %u,\n", 1 + rnd(120));
			if (rnd(2))
				fprintf(f, "  number = {%u},\n", 1 + rnd(12));
			pages(f);
			doi(f);
			if (rnd(10) == 0)
				fprintf(f, "  issn = {%04u-%04u},\n", rnd(10000), rnd(10000));
		} else if (t < 62) {
			fprintf(f, "@Book{b%lu,\n", i);
			authors(f, rnd(5) ? "author" : "editor");
			title(f, "title");
			fprintf(f, "  publisher = {%s},\n", PICK(publishers));
			fprintf(f, "  address = {%s},\n", PICK(places));
			if (rnd(3) == 0)
				fprintf(f, "  edition = {%u},\n", 2 + rnd(5));
			if (rnd(2))
				fprintf(f, "  isbn = {978-%u-%03u-%05u-%u},\n", rnd(10), rnd(1000),
					rnd(100000), rnd(10));
		} else if (t < 72) {
			fprintf(f, "@incollection{c%lu,\n", i);
			authors(f, "author");
			title(f, "title");
			title(f, "booktitle");
			authors(f, "editor");
			fprintf(f, "  publisher = {%s},\n", PICK(publishers));
			pages(f);
		} else if (t < 87) {
			fprintf(f, "@InProceedings{p%lu,\n", i);
			authors(f, "author");
			title(f, "title");
			fprintf(f, "  booktitle = proc # {%u International Conference on %s},\n",
				year, PICK(words));
			pages(f);
			doi(f);
		} else if (t < 91) {
			fprintf(f, "@phdthesis{t%lu,\n", i);
			authors(f, "author");
			title(f, "title");
			fprintf(f, "  school = {University of %s},\n", PICK(places));
		} else if (t < 95) {
			fprintf(f, "@techreport(r%lu,\n", i);
			authors(f, "author");
			title(f, "title");
			fprintf(f, "  institution = \"Institute of %s\",\n", PICK(words));
			fprintf(f, "  number = {TR-%u},\n", rnd(1000));
			common_tail(f, year);
			/* close the parenthesised entry */
			fseek(f, -3, SEEK_CUR);
			fputs(")\n\n", f);
			continue;
		} else {
			fprintf(f, "@misc{m%lu,\n", i);
			authors(f, "author");
			title(f, "title");
			fprintf(f, "  howpublished = {\\url{https://example.org/%u}},\n", rnd(100000));
			fputs("  note = {Accessed 2024-05-01},\n", f);
		}
		common_tail(f, year);
	}
	if (fclose(f) != 0) {
		perror(argv[2]);
		return 1;
	}
	return 0;
}
