/*
 * harness.c - what every fuzz harness shares: running one reader on bytes,
 * and the invariants of the model and findings it builds (see harness.h).
 */
#include "harness.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "banned.h"

void bl_fuzz_fail(const char *fmt, ...)
{
	va_list ap;

	fputs("fuzz invariant broken: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	abort();
}

void bl_fuzz_temp_yml(char *path, const uint8_t *data, size_t size)
{
	int fd = mkstemps(path, 4);

	if (fd < 0)
		bl_fuzz_fail("cannot create the temporary file %s", path);
	if (write(fd, data, size) != (ssize_t)size)
		bl_fuzz_fail("cannot write the temporary file %s", path);
	close(fd);
}

static const struct {
	enum bl_format fmt;
	const char *path;
} lint_formats[BL_FUZZ_NFORMATS] = {
	{ BL_FMT_AUTO, "fuzz" },             /* detected from the content */
	{ BL_FMT_CSL_YAML, "fuzz.yml" },
	{ BL_FMT_MARKDOWN, "fuzz.md" },
	{ BL_FMT_CSL_JSON, "fuzz.json" },
	{ BL_FMT_BIBTEX, "fuzz.bib" },
	{ BL_FMT_FORMATTED, "fuzz.txt" },
};

void bl_fuzz_lint_opts(struct bl_lint_opts *opts, size_t which, const char **path)
{
	size_t i;

	which %= BL_FUZZ_NFORMATS;
	bl_lint_opts_init(opts);
	for (i = 0; i < BL_R__COUNT; i++)
		if (opts->sev[i] == BL_SEV_OFF)
			opts->sev[i] = BL_SEV_WARNING;
	opts->format = lint_formats[which].fmt;
	opts->named = true;
	*path = lint_formats[which].path;
}

/* Checks v; a text that is not the source's bytes (or whose is_string is
 * set) must be NUL-terminated. */
static void check_value_as(const struct bl_source *src, const struct bl_value *v,
			   bool utf8_ok, const char *what, bool is_string)
{
	if (!BL_VALUE_PRESENT(v))
		return;
	if (v->start > bl_value_end(v) || bl_value_end(v) > src->len)
		bl_fuzz_fail("%s: span %u..%u outside the source (%zu bytes)", what,
			     v->start, bl_value_end(v), src->len);
	if ((is_string || !(v->flags & BL_VAL_SOURCE)) && v->text[bl_value_len(v)] != '\0')
		bl_fuzz_fail("%s: text not NUL-terminated at its length %u", what, bl_value_len(v));
	if ((v->flags & BL_VAL_EXACT) &&
	    (bl_value_end(v) - v->start != bl_value_len(v) ||
	     memcmp(v->text, src->data + v->start, bl_value_len(v)) != 0))
		bl_fuzz_fail("%s: EXACT value differs from its source bytes %u..%u",
			     what, v->start, bl_value_end(v));
	if (utf8_ok && bl_utf8_validate(v->text, bl_value_len(v)) != bl_value_len(v))
		bl_fuzz_fail("%s: invalid UTF-8 in a value read from valid UTF-8 "
			     "(at byte %zu of \"%.*s\")", what,
			     bl_utf8_validate(v->text, bl_value_len(v)), (int)bl_value_len(v), v->text);
}

static void check_value(const struct bl_source *src, const struct bl_value *v,
			bool utf8_ok, const char *what)
{
	check_value_as(src, v, utf8_ok, what, false);
}

static void check_name(const struct bl_source *src, const struct bl_name *n,
		       bool utf8_ok)
{
	if (n->start > n->end || n->end > src->len)
		bl_fuzz_fail("name: span %u..%u outside the source", n->start, n->end);
	check_value(src, &n->family, utf8_ok, "name family");
	check_value(src, &n->given, utf8_ok, "name given");
	check_value(src, bl_name_particle(n), utf8_ok, "name particle");
	check_value(src, bl_name_suffix(n), utf8_ok, "name suffix");
	check_value(src, bl_name_literal(n), utf8_ok, "name literal");
}

void bl_fuzz_check_model(const struct bl_source *src, bool utf8_ok)
{
	const struct bl_list *list = src->list;
	size_t i, k, m;

	if (!list)
		return;
	for (i = 0; i < list->count; i++) {
		const struct bl_entry *e = &list->entries[i];

		if (e->start > e->end || e->end > src->len)
			bl_fuzz_fail("entry %zu: span %u..%u outside the source (%zu bytes)",
				     i, e->start, e->end, src->len);
		check_value(src, &e->id, utf8_ok, "entry id");
		check_value_as(src, &e->type, utf8_ok, "entry type", true);
		for (k = 0; k < e->nfields; k++) {
			const struct bl_field *f = &e->fields[k];

			if (!bl_field_name(f))
				bl_fuzz_fail("entry %zu field %zu: no name", i, k);
			if (f->name_start > src->len)
				bl_fuzz_fail("field '%s': name at %u outside the source",
					     bl_field_name(f), f->name_start);
			if (f->key >= BL_K__COUNT)
				bl_fuzz_fail("field '%s': key %u out of range", bl_field_name(f), f->key);
			check_value(src, &f->value, utf8_ok, bl_field_name(f));
			if (f->kind == BL_FIELD_NAMES)
				for (m = 0; m < bl_field_names(e, f)->count; m++)
					check_name(src, &bl_field_names(e, f)->items[m], utf8_ok);
			if (f->kind == BL_FIELD_DATE && bl_field_date(e, f)) {
				check_value(src, &bl_field_date(e, f)->year_value, utf8_ok, "date year");
				check_value(src, &bl_field_date(e, f)->raw, utf8_ok, "date raw");
			}
		}
	}
}

void bl_fuzz_check_findings(const struct bl_source *src,
			    const struct bl_finding *f, size_t n, bool utf8_ok)
{
	size_t i;

	for (i = 0; i < n; i++) {
		const char *id = f[i].rule >= 0 && f[i].rule < BL_R__COUNT ?
				 bl_rules[f[i].rule]->id : "?";

		if (f[i].rule < 0 || f[i].rule >= BL_R__COUNT)
			bl_fuzz_fail("finding %zu: rule %d out of range", i, f[i].rule);
		if (f[i].start > f[i].end || f[i].end > src->len)
			bl_fuzz_fail("%s: finding span %u..%u outside the source (%zu bytes)",
				     id, f[i].start, f[i].end, src->len);
		if (!f[i].message || !*f[i].message)
			bl_fuzz_fail("%s: finding without a message", id);
		if (utf8_ok && bl_utf8_validate(f[i].message, strlen(f[i].message)) !=
		    strlen(f[i].message))
			bl_fuzz_fail("%s: message is not valid UTF-8: %s", id, f[i].message);
		if (f[i].fix && (f[i].fix->start > f[i].fix->end ||
				 f[i].fix->end > src->len || !f[i].fix->replacement))
			bl_fuzz_fail("%s: fix span %u..%u outside the source", id,
				     f[i].fix->start, f[i].fix->end);
	}
}

int bl_fuzz_read(bl_fuzz_reader_fn reader, enum bl_format fmt, const char *path,
		 const uint8_t *data, size_t size)
{
	static enum bl_severity sev[BL_R__COUNT];
	struct bl_read_opts ropts = { 0 };
	struct bl_source *src;
	struct bl_ctx ctx;
	bool utf8_ok;
	int i, rc;

	for (i = 0; i < BL_R__COUNT; i++)
		sev[i] = bl_rules[i]->severity ? bl_rules[i]->severity : BL_SEV_WARNING;
	src = bl_source_new(path, (const char *)data, size);
	if (!src)
		return 0;
	src->format = fmt;
	utf8_ok = bl_utf8_validate(src->data, src->len) == src->len;
	memset(&ctx, 0, sizeof(ctx));
	ctx.src = src;
	ctx.style = bl_style_default();
	ctx.sev = sev;
	ctx.current_rule = -1;
	rc = reader(&ctx, &ropts);
	if (rc != BL_OK && rc != BL_ENOTBIB)
		bl_fuzz_fail("%s reader returned %d", bl_format_name(fmt), rc);
	bl_fuzz_check_model(src, utf8_ok);
	bl_fuzz_check_findings(src, ctx.findings, ctx.nfindings, utf8_ok);
	free(ctx.findings);
	bl_source_free(src);
	return 0;
}
