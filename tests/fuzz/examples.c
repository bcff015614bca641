/*
 * examples.c - writes every rule's bad and good example into fuzz seed
 * directories: OUTDIR/lint/ and OUTDIR/lint_threads/ (with the lint
 * harnesses' format byte in front) and OUTDIR/<reader>/ for the reader of
 * the example's format.
 *
 *	examples OUTDIR
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "rule.h"

#include "banned.h"

static const struct {
	enum bl_format fmt;
	const char *harness;
	int lint_byte;          /* the index in harness.c's table of lint formats */
} formats[] = {
	{ BL_FMT_AUTO, "csl_yaml", 1 },     /* examples default to CSL-YAML */
	{ BL_FMT_CSL_YAML, "csl_yaml", 1 },
	{ BL_FMT_MARKDOWN, "markdown", 2 },
	{ BL_FMT_CSL_JSON, "csl_json", 3 },
	{ BL_FMT_BIBTEX, "bibtex", 4 },
	{ BL_FMT_FORMATTED, "formatted", 5 },
};

static int write_seed(const char *dir, const char *name, int prefix,
		      const char *text)
{
	char path[4096];
	FILE *f;

	if (mkdir(dir, 0777) < 0 && errno != EEXIST)
		return -1;
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "wb");
	if (!f)
		return -1;
	if (prefix >= 0)
		fputc(prefix, f);
	fputs(text, f);
	return fclose(f);
}

int main(int argc, char **argv)
{
	char dir[4096], name[256];
	int i, k, t, n = 0;

	if (argc != 2) {
		fprintf(stderr, "usage: examples OUTDIR\n");
		return 2;
	}
	snprintf(dir, sizeof(dir), "%s", argv[1]);
	if (mkdir(dir, 0777) < 0 && errno != EEXIST)
		goto fail;
	for (i = 0; i < BL_R__COUNT; i++) {
		const struct bl_rule *r = bl_rules[i];
		const char *texts[2] = { r->bad, r->good };

		for (k = 0; k < (int)BL_ARRAY_SIZE(formats); k++)
			if (formats[k].fmt == r->example_format)
				break;
		if (k == (int)BL_ARRAY_SIZE(formats))
			k = 0;
		for (t = 0; t < 2; t++) {
			if (!texts[t])
				continue;
			snprintf(name, sizeof(name), "example-%d-%s", i, t ? "good" : "bad");
			snprintf(dir, sizeof(dir), "%s/lint", argv[1]);
			if (write_seed(dir, name, formats[k].lint_byte, texts[t]) < 0)
				goto fail;
			snprintf(dir, sizeof(dir), "%s/lint_threads", argv[1]);
			if (write_seed(dir, name, formats[k].lint_byte, texts[t]) < 0)
				goto fail;
			snprintf(dir, sizeof(dir), "%s/%s", argv[1], formats[k].harness);
			if (write_seed(dir, name, -1, texts[t]) < 0)
				goto fail;
			n++;
		}
	}
	printf("examples: %d rule examples in %s\n", n, argv[1]);
	return 0;
fail:
	fprintf(stderr, "examples: cannot write into '%s': %s\n", dir, strerror(errno));
	return 1;
}
