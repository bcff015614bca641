/*
 * value_assert.h - cmocka assertions on the model's values.
 *
 * A value's text is not NUL-terminated when it is EXACT (it is then the
 * source's own bytes): compare it with its length.
 */
#ifndef BL_VALUE_ASSERT_H
#define BL_VALUE_ASSERT_H

#include <stdlib.h>
#include <string.h>

#include "biblint.h"

/* Asserts that v has a text and that it is want. */
#define assert_value_equal(v, want) assert_value_equal_at((v), (want), __FILE__, __LINE__)

static inline void assert_value_equal_at(const struct bl_value *v, const char *want,
					 const char *file, int line)
{
	char buf[512];

	_assert_true(v->text != NULL, "the value has a text", file, line);
	_assert_true(bl_value_len(v) < sizeof(buf), "the value is short", file, line);
	memcpy(buf, v->text, bl_value_len(v));
	buf[bl_value_len(v)] = '\0';
	_assert_string_equal(buf, want, file, line);
}

#endif
