/*
 * fuzz_config.c - the .biblint.yml loader: any bytes must load or be
 * refused with a message, never crash.
 */
#include "harness.h"
#include "config.h"

#include <stdlib.h>
#include <unistd.h>

#include "banned.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char path[] = "/tmp/biblint-fuzz-config-XXXXXX.yml";
	struct bl_config *cfg = NULL;
	struct bl_error err;
	int fd = mkstemps(path, 4);

	if (fd < 0)
		bl_fuzz_fail("cannot create a temporary configuration file");
	if (write(fd, data, size) != (ssize_t)size)
		bl_fuzz_fail("cannot write the temporary configuration file");
	close(fd);
	err.msg[0] = '\0';
	if (bl_config_load(&cfg, path, &err) == BL_OK)
		bl_config_free(cfg);
	else if (!err.msg[0])
		bl_fuzz_fail("a configuration was refused without a message");
	unlink(path);
	return 0;
}
