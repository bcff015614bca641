/*
 * fuzz_config.c - the .biblint.yml loader: any bytes must load or be
 * refused with a message, never crash.
 */
#include "harness.h"
#include "config.h"

#include <unistd.h>

#include "banned.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char path[] = "/tmp/biblint-fuzz-config-XXXXXX.yml";
	struct bl_config *cfg = NULL;
	struct bl_error err;

	bl_fuzz_temp_yml(path, data, size);
	err.msg[0] = '\0';
	if (bl_config_load(&cfg, path, &err) == BL_OK)
		bl_config_free(cfg);
	else if (!err.msg[0])
		bl_fuzz_fail("a configuration was refused without a message");
	unlink(path);
	return 0;
}
