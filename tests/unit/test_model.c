/*
 * test_model.c - the model's compact storage: field keys, the builder
 * (entries handed to the arena, shared short texts), value maps and the
 * rarely present parts of names.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "biblint.h"
#include "value_assert.h"

static void test_key_from_csl(void **state)
{
	(void)state;
	assert_int_equal(bl_key_from_csl("title", 5), BL_K_TITLE);
	assert_int_equal(bl_key_from_csl("container-title", 15), BL_K_CONTAINER_TITLE);
	assert_int_equal(bl_key_from_csl("original-publisher-place", 24),
			 BL_K_ORIGINAL_PUBLISHER_PLACE);
	/* the upper-case keys match in either case, the others only as spelled */
	assert_int_equal(bl_key_from_csl("DOI", 3), BL_K_DOI);
	assert_int_equal(bl_key_from_csl("doi", 3), BL_K_DOI);
	assert_int_equal(bl_key_from_csl("Title", 5), BL_K_OTHER);
	assert_int_equal(bl_key_from_csl("titles", 6), BL_K_OTHER);
	assert_int_equal(bl_key_from_csl("", 0), BL_K_OTHER);
	assert_int_equal(bl_key_from_csl("a-key-longer-than-any-known-key-name", 36),
			 BL_K_OTHER);
}

static void test_builder(void **state)
{
	const char text[] = "title: A\ntitle: B\nnote: x";
	struct bl_source *src = bl_source_new("b.yml", text, sizeof(text) - 1);
	struct bl_builder b;
	struct bl_field *f;
	size_t i;

	(void)state;
	bl_builder_init(&b, src);
	/* enough entries to grow the vector several times */
	for (i = 0; i < 1000; i++) {
		bl_builder_begin_entry(&b, (uint32_t)i);
		f = bl_builder_add_field(&b, "title", 5, 0);
		assert_int_equal(f->key, BL_K_TITLE);
		assert_int_equal(f->dup, 0);
		f = bl_builder_add_field(&b, "TITLE", 5, 9);
		assert_int_equal(f->key, BL_K_OTHER);
		assert_int_equal(f->dup, 1);
		bl_builder_add_field(&b, "note", 4, 18);
		bl_builder_end_entry(&b, (uint32_t)i + 1);
	}
	bl_builder_finish(&b);
	assert_non_null(src->list);
	assert_int_equal(src->list->count, 1000);
	assert_int_equal(src->list->entries[999].index, 999);
	assert_int_equal(src->list->entries[999].nfields, 3);
	assert_string_equal(bl_field_name(&src->list->entries[999].fields[1]), "TITLE");
	assert_int_equal(src->list->entries[999].fields[2].key, BL_K_NOTE);
	/* the entry vector now belongs to the arena: released with the source
	 * (under make check SAN=1, LeakSanitizer reports it otherwise) */
	bl_source_free(src);
}

static void test_empty_list(void **state)
{
	struct bl_source *src = bl_source_new("e.yml", "", 0);
	struct bl_builder b;

	(void)state;
	bl_builder_init(&b, src);
	bl_builder_finish(&b);
	assert_non_null(src->list);
	assert_int_equal(src->list->count, 0);
	assert_non_null(src->list->entries);
	bl_source_free(src);
}

/* An EXACT value's text is the source's own bytes (in the audit build, a
 * copy of exactly them, for AddressSanitizer to guard). */
static void assert_source_bytes(const struct bl_value *v, const struct bl_source *src)
{
	assert_true(v->flags & BL_VAL_EXACT);
	assert_true(v->flags & BL_VAL_SOURCE);
	assert_memory_equal(v->text, src->data + v->start, bl_value_len(v));
#ifndef BL_EXACT_AUDIT
	assert_ptr_equal(v->text, src->data + v->start);
#endif
}

static void test_shared_texts(void **state)
{
	const char text[] = "en en \"en\" \"en\" a-title-much-longer-than-the-limit-of-shared-texts "
			    "\"a-title-much-longer-than-the-limit-of-shared-texts\"";
	struct bl_source *src = bl_source_new("t.yml", text, sizeof(text) - 1);
	struct bl_builder b;
	struct bl_value v1, v2, v3, v4, l1, l2, l3;
	struct bl_field *f;
	const char *title = "a-title-much-longer-than-the-limit-of-shared-texts";
	uint32_t n = (uint32_t)strlen(title);
	uint32_t t1 = (uint32_t)(strstr(text, title) - text);
	uint32_t t2 = (uint32_t)(strstr(text + t1 + 1, title) - text);

	(void)state;
	bl_builder_init(&b, src);
	/* a text that is its span's bytes: the source's own, no copy */
	v1 = bl_builder_value(&b, "en", 2, 0, 2);
	v2 = bl_builder_value(&b, "en", 2, 3, 5);
	assert_source_bytes(&v1, src);
	assert_source_bytes(&v2, src);
	assert_true(v1.flags & BL_VAL_EXACT);
	assert_true(v2.flags & BL_VAL_EXACT);
	assert_value_equal(&v1, "en");
	assert_null(bl_value_map(&v1));
	/* decoded texts (the quoted ones): one NUL-terminated copy, each value
	 * with its own span */
	v3 = bl_builder_value(&b, "en", 2, 6, 10);
	v4 = bl_builder_value(&b, "en", 2, 11, 15);
	assert_false(v3.flags & BL_VAL_EXACT);
	assert_ptr_equal(v3.text, v4.text);
	assert_string_equal(v3.text, "en");
	assert_int_equal(bl_value_len(&v3), 2);
	assert_int_equal(v4.start, 11);
	assert_int_equal(bl_value_end(&v4), 15);
	/* a span known to be exact: its bytes */
	v3 = bl_value_exact(src, 3, 5);
	assert_source_bytes(&v3, src);
	assert_int_equal(bl_value_len(&v3), 2);
	assert_int_equal(v3.start, 3);
	assert_int_equal(bl_value_end(&v3), 5);
	assert_int_equal(v3.flags, BL_VAL_EXACT | BL_VAL_SOURCE);
	/* long decoded texts are not shared */
	l1 = bl_builder_value(&b, text + t1, n, t1, t1 + n);
	assert_source_bytes(&l1, src);
	l2 = bl_builder_value(&b, text + t2, n, t2 - 1, t2 + n + 1);
	l3 = bl_builder_value(&b, text + t2, n, t2 - 1, t2 + n + 1);
	assert_false(l2.flags & BL_VAL_EXACT);
	assert_ptr_not_equal(l2.text, l3.text);
	assert_string_equal(l2.text, title);
	/* equal bytes but a different length (an embedded NUL) do not match */
	v1 = bl_builder_value(&b, "e\0", 2, 6, 10);
	v2 = bl_builder_value(&b, "e", 1, 6, 10);
	assert_int_equal(bl_value_len(&v1), 2);
	assert_int_equal(bl_value_len(&v2), 1);
	assert_ptr_not_equal(v1.text, v2.text);
	/* an entry's type is a NUL-terminated copy, its id the source's bytes */
	bl_builder_begin_entry(&b, 0);
	f = bl_builder_add_field(&b, "type", 4, 0);
	f->kind = BL_FIELD_TEXT;
	f->value = bl_value_exact(src, 0, 2);
	f = bl_builder_add_field(&b, "id", 2, 0);
	f->kind = BL_FIELD_TEXT;
	f->value = bl_value_exact(src, 3, 5);
	bl_builder_end_entry(&b, 5);
	assert_ptr_not_equal(b.entries[0].type.text, src->data);
	assert_string_equal(b.entries[0].type.text, "en");
	assert_true(b.entries[0].type.flags & BL_VAL_EXACT);
	assert_false(b.entries[0].type.flags & BL_VAL_SOURCE);
	assert_source_bytes(&b.entries[0].id, src);
	/* clearing EXACT (a reader that knows better) keeps the length */
	v1 = bl_value_exact(src, 3, 5);
	v1.flags &= ~(uint32_t)BL_VAL_EXACT;
	assert_int_equal(bl_value_len(&v1), 2);
	bl_builder_finish(&b);
	bl_source_free(src);
}

static void test_value_map(void **state)
{
	const char text[] = "{\\\"U}ber";
	struct bl_source *src = bl_source_new("m.bib", text, sizeof(text) - 1);
	uint32_t *map = bl_arena_alloc(&src->arena, 5 * sizeof(*map));
	struct bl_value v, d;
	const uint32_t *got;

	(void)state;
	map[0] = 2;
	map[1] = 0;
	map[2] = 0;
	map[3] = 2 | BL_MAP_VERBATIM;
	map[4] = 5;
	v = bl_value_with_map(src, "\xc3\x9c" "ber", 5, 0, 8, map);
	assert_value_equal(&v, "\xc3\x9c" "ber");
	assert_int_equal(bl_value_len(&v), 5);
	assert_false(v.flags & BL_VAL_EXACT);
	got = bl_value_map(&v);
	assert_non_null(got);
	assert_ptr_not_equal(got, map);   /* a copy, just before the text */
	assert_memory_equal(got, map, 5 * sizeof(*map));
	d = bl_value_decoded(src, "\xc3\x9c" "ber", 5, 0, 8);
	assert_null(bl_value_map(&d));
	v = bl_value_with_map(src, "x", 1, 0, 1, NULL);
	assert_null(bl_value_map(&v));
	bl_source_free(src);
}

static void test_name_parts(void **state)
{
	const char text[] = "van Gogh Jr.";
	struct bl_source *src = bl_source_new("n.bib", text, sizeof(text) - 1);
	struct bl_value none = { 0 }, particle, suffix;
	struct bl_name n;

	(void)state;
	memset(&n, 0, sizeof(n));
	bl_name_set_more(src, &n, &none, &none, &none);
	assert_null(n.more);
	assert_null(bl_name_particle(&n)->text);
	assert_null(bl_name_suffix(&n)->text);
	assert_null(bl_name_literal(&n)->text);
	assert_int_equal(bl_name_literal(&n)->start, 0);
	particle = bl_value_exact(src, 0, 3);
	suffix = bl_value_exact(src, 9, 12);
	bl_name_set_more(src, &n, &particle, &suffix, &none);
	assert_non_null(n.more);
	assert_value_equal(bl_name_particle(&n), "van");
	assert_value_equal(bl_name_suffix(&n), "Jr.");
	assert_int_equal(bl_name_suffix(&n)->start, 9);
	assert_null(bl_name_literal(&n)->text);
	bl_source_free(src);
}

static void test_arena_keep(void **state)
{
	struct bl_arena a;
	char *p = bl_xmalloc(100);

	(void)state;
	bl_arena_init(&a);
	memset(p, 'x', 100);
	bl_arena_keep(&a, p);
	bl_arena_keep(&a, NULL);
	bl_arena_keep(&a, bl_xstrdup("another"));
	assert_int_equal(p[99], 'x');
	bl_arena_release(&a);     /* frees both (LeakSanitizer checks, SAN=1) */
	assert_null(a.kept);
}

/* The names and dates of an entry sit in slots after its fields: up to
 * BL_NO_SLOT of them; a NAMES or DATE field past them is kept as OTHER. */
static void test_slots(void **state)
{
	const char text[] = "Doe 1999";
	struct bl_source *src = bl_source_new("s.yml", text, sizeof(text) - 1);
	struct bl_builder b;
	struct bl_name one = { .family = { 0 } };
	struct bl_date *d = bl_arena_alloc(&src->arena, sizeof(*d));
	struct bl_field add[3];
	struct bl_names *more = bl_names_copy(src, &one, 1);
	void *add_slots[2] = { more, d };
	const struct bl_entry *e;
	size_t i;

	(void)state;
	one.family = bl_value_exact(src, 0, 3);
	d->year = 1999;
	bl_builder_init(&b, src);
	bl_builder_begin_entry(&b, 0);
	for (i = 0; i < BL_NO_SLOT + 3; i++) {
		struct bl_field *f = bl_builder_add_field(&b, "author", 6, 0);

		if (i == 1) {
			bl_builder_set_date(&b, f, d);
			assert_ptr_equal(bl_builder_date(&b, f), d);
		} else {
			bl_builder_set_names(&b, f, bl_names_copy(src, &one, 1));
		}
	}
	bl_builder_end_entry(&b, 8);
	bl_builder_finish(&b);
	e = &src->list->entries[0];
	assert_int_equal(e->nfields, BL_NO_SLOT + 3);
	assert_int_equal(e->fields[0].kind, BL_FIELD_NAMES);
	assert_int_equal(bl_field_names(e, &e->fields[0])->count, 1);
	assert_value_equal(&bl_field_names(e, &e->fields[0])->items[0].family, "Doe");
	assert_int_equal(e->fields[1].kind, BL_FIELD_DATE);
	assert_int_equal(bl_field_date(e, &e->fields[1])->year, 1999);
	assert_null(bl_field_date(e, &e->fields[0]));
	assert_int_equal(bl_field_names(e, &e->fields[1])->count, 0);
	assert_int_equal(e->fields[BL_NO_SLOT - 1].kind, BL_FIELD_NAMES);
	assert_int_equal(bl_field_names(e, &e->fields[BL_NO_SLOT - 1])->count, 1);
	for (i = BL_NO_SLOT; i < e->nfields; i++) {
		assert_int_equal(e->fields[i].kind, BL_FIELD_OTHER);
		assert_int_equal(bl_field_names(e, &e->fields[i])->count, 0);
	}
	/* fields added later: their slots follow, past the last one OTHER */
	memset(add, 0, sizeof(add));
	for (i = 0; i < 3; i++)
		add[i].slot = BL_NO_SLOT;
	add[0].kind = BL_FIELD_NAMES;
	add[0].slot = 0;
	add[1].kind = BL_FIELD_DATE;
	add[1].slot = 1;
	add[2].kind = BL_FIELD_TEXT;
	add[2].value = bl_value_exact(src, 4, 8);
	{
		struct bl_entry e2 = { .nfields = 0 };

		bl_entry_add_fields(src, &e2, e->fields, 2, NULL, 0);
		bl_entry_add_fields(src, &e2, add, 3, add_slots, 2);
		assert_int_equal(e2.nfields, 5);
		/* the copied fields lost their slots (none were given) */
		assert_int_equal(bl_field_names(&e2, &e2.fields[0])->count, 0);
		assert_null(bl_field_date(&e2, &e2.fields[1]));
		assert_int_equal(e2.fields[2].kind, BL_FIELD_NAMES);
		assert_ptr_equal(bl_field_names(&e2, &e2.fields[2]), more);
		assert_ptr_equal(bl_field_date(&e2, &e2.fields[3]), d);
		assert_value_equal(&e2.fields[4].value, "1999");
	}
	bl_source_free(src);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_key_from_csl),
		cmocka_unit_test(test_builder),
		cmocka_unit_test(test_empty_list),
		cmocka_unit_test(test_shared_texts),
		cmocka_unit_test(test_value_map),
		cmocka_unit_test(test_name_parts),
		cmocka_unit_test(test_arena_keep),
		cmocka_unit_test(test_slots),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
