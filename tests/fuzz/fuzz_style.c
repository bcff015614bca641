/*
 * fuzz_style.c - the style file loader (rules/styles/NAME.yml or a path):
 * any bytes must load or be refused with a message, never crash.
 */
#include "harness.h"
#include "style.h"

#include <unistd.h>

#include "banned.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char path[] = "/tmp/biblint-fuzz-style-XXXXXX.yml";
	const struct bl_style *style = NULL;
	struct bl_error err;

	bl_fuzz_temp_yml(path, data, size);
	err.msg[0] = '\0';
	if (bl_style_load(&style, path, NULL, &err) == BL_OK) {
		if (!style || !style->name)
			bl_fuzz_fail("a style loaded without a name");
		bl_style_check_patterns(style, &err);
	} else if (!err.msg[0]) {
		bl_fuzz_fail("a style was refused without a message");
	}
	bl_style_cache_clear();
	unlink(path);
	return 0;
}
