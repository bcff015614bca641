/*
 * style.c - styles: the built-in default.
 */
#include "style.h"

#include "banned.h"

static struct bl_style default_style = {
	.name = "default",
	.locale = "en",
	.order = BL_ORDER_AUTO,
	.range_dash = "\xe2\x80\x93",
};

const struct bl_style *bl_style_default(void)
{
	return &default_style;
}

const struct bl_style *bl_style_find_for_tests(const char *name)
{
	if (name == NULL || bl_streq_ci(name, "default"))
		return &default_style;
	return NULL;
}
