/*
 * fuzz_csl_yaml_parts.c - the CSL-YAML reader on several threads must read
 * every input exactly as on one: the same entries, fields, values, names,
 * dates and findings. Parts are allowed down to one byte, so that short
 * inputs are cut too.
 */
#include "harness.h"

#include <stdlib.h>
#include <string.h>

#include "banned.h"

static void same_value(const struct bl_value *a, const struct bl_value *b,
		       const char *what, size_t entry)
{
	if (BL_VALUE_PRESENT(a) != BL_VALUE_PRESENT(b))
		bl_fuzz_fail("entry %zu %s: present on one thread, not on several",
			     entry, what);
	if (!BL_VALUE_PRESENT(a))
		return;
	if (bl_value_len(a) != bl_value_len(b) || memcmp(a->text, b->text, bl_value_len(a)) != 0 ||
	    a->start != b->start || bl_value_end(a) != bl_value_end(b) || a->flags != b->flags)
		bl_fuzz_fail("entry %zu %s: \"%.*s\" %u..%u (flags %u) on one thread, "
			     "\"%.*s\" %u..%u (flags %u) on several", entry, what,
			     (int)bl_value_len(a), a->text, a->start, bl_value_end(a), a->flags,
			     (int)bl_value_len(b), b->text, b->start, bl_value_end(b), b->flags);
}

static void same_name(const struct bl_name *a, const struct bl_name *b, size_t entry)
{
	if (a->start != b->start || a->end != b->end)
		bl_fuzz_fail("entry %zu: a name's span differs", entry);
	same_value(&a->family, &b->family, "family", entry);
	same_value(&a->given, &b->given, "given", entry);
	same_value(bl_name_particle(a), bl_name_particle(b), "particle", entry);
	same_value(bl_name_suffix(a), bl_name_suffix(b), "suffix", entry);
	same_value(bl_name_literal(a), bl_name_literal(b), "literal", entry);
}

static void same_field(const struct bl_entry *ea, const struct bl_field *a,
		       const struct bl_entry *eb, const struct bl_field *b, size_t i)
{
	size_t m;

	if (strcmp(bl_field_name(a), bl_field_name(b)) != 0 || a->name_start != b->name_start ||
	    a->key != b->key || a->kind != b->kind || a->dup != b->dup)
		bl_fuzz_fail("entry %zu: field '%s' on one thread, '%s' on several",
			     i, bl_field_name(a), bl_field_name(b));
	same_value(&a->value, &b->value, bl_field_name(a), i);
	if (a->kind == BL_FIELD_NAMES) {
		if (bl_field_names(ea, a)->count != bl_field_names(eb, b)->count)
			bl_fuzz_fail("entry %zu: %u names on one thread, %u on several",
				     i, bl_field_names(ea, a)->count, bl_field_names(eb, b)->count);
		for (m = 0; m < bl_field_names(ea, a)->count; m++)
			same_name(&bl_field_names(ea, a)->items[m], &bl_field_names(eb, b)->items[m], i);
	} else if (a->kind == BL_FIELD_DATE) {
		const struct bl_date *x = bl_field_date(ea, a), *y = bl_field_date(eb, b);

		if (!x != !y)
			bl_fuzz_fail("entry %zu: a date on one side only", i);
		if (x && (x->year != y->year || x->year_end != y->year_end ||
			  x->circa != y->circa))
			bl_fuzz_fail("entry %zu: date %d-%d on one thread, %d-%d on several",
				     i, x->year, x->year_end, y->year, y->year_end);
		if (x) {
			same_value(&x->year_value, &y->year_value, "year", i);
			same_value(&x->raw, &y->raw, "raw date", i);
		}
	}
}

struct reading {
	struct bl_source *src;
	struct bl_ctx ctx;
	int rc;
};

static void read_with(struct reading *r, const uint8_t *data, size_t size,
		      const enum bl_severity *sev, unsigned threads)
{
	struct bl_read_opts opts = { .threads = threads, .part_min = 1,
				     .max_entries = 100000 };

	r->src = bl_source_new("fuzz.yml", (const char *)data, size);
	r->src->format = BL_FMT_CSL_YAML;
	memset(&r->ctx, 0, sizeof(r->ctx));
	r->ctx.src = r->src;
	r->ctx.style = bl_style_default();
	r->ctx.sev = sev;
	r->ctx.current_rule = -1;
	r->rc = bl_read_csl_yaml(&r->ctx, &opts);
	if (r->ctx.nfindings)
		qsort(r->ctx.findings, r->ctx.nfindings, sizeof(*r->ctx.findings),
		      bl_finding_cmp);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static enum bl_severity sev[BL_R__COUNT];
	struct reading one, many;
	size_t i, k;
	int r;

	if (size > (1u << 20) || bl_utf8_validate((const char *)data, size) != size)
		return 0;   /* the engine reads only valid UTF-8 */
	for (r = 0; r < BL_R__COUNT; r++)
		sev[r] = BL_SEV_WARNING;
	read_with(&one, data, size, sev, 1);
	read_with(&many, data, size, sev, 3);
	if (one.rc != many.rc)
		bl_fuzz_fail("returned %d on one thread, %d on several", one.rc, many.rc);
	if (!one.src->list != !many.src->list)
		bl_fuzz_fail("a list on one side only");
	if (one.src->list) {
		const struct bl_list *a = one.src->list, *b = many.src->list;

		if (a->count != b->count)
			bl_fuzz_fail("%zu entries on one thread, %zu on several",
				     a->count, b->count);
		for (i = 0; i < a->count; i++) {
			const struct bl_entry *x = &a->entries[i], *y = &b->entries[i];

			if (x->start != y->start || x->end != y->end ||
			    x->index != y->index || x->nfields != y->nfields)
				bl_fuzz_fail("entry %zu: span %u..%u, %u fields on one thread; "
					     "%u..%u, %u fields on several", i, x->start,
					     x->end, x->nfields, y->start, y->end, y->nfields);
			same_value(&x->id, &y->id, "id", i);
			same_value(&x->type, &y->type, "type", i);
			for (k = 0; k < x->nfields; k++)
				same_field(x, &x->fields[k], y, &y->fields[k], i);
		}
		bl_fuzz_check_model(many.src, true);
	}
	if (one.ctx.nfindings != many.ctx.nfindings)
		bl_fuzz_fail("%zu findings on one thread, %zu on several",
			     one.ctx.nfindings, many.ctx.nfindings);
	for (i = 0; i < one.ctx.nfindings; i++)
		if (bl_finding_cmp(&one.ctx.findings[i], &many.ctx.findings[i]) != 0)
			bl_fuzz_fail("finding %zu: '%s' on one thread, '%s' on several", i,
				     one.ctx.findings[i].message,
				     many.ctx.findings[i].message);
	free(one.ctx.findings);
	free(many.ctx.findings);
	bl_source_free(one.src);
	bl_source_free(many.src);
	return 0;
}
