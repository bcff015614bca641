/*
 * replay.c - runs saved inputs through one fuzz harness without libFuzzer:
 * each argument is a file, or a directory whose files (recursively) are
 * run, except a subdirectory named "open" (crashes not fixed yet: name it
 * or its files directly to run them). Linked with a harness in ordinary
 * builds, it replays the regression corpus in make check. Exit status 0
 * when every input ran; a broken invariant aborts (the harness names it).
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "harness.h"

#include "banned.h"

static int run_file(const char *path, size_t *count)
{
	struct bl_source *src;
	struct bl_error err;

	if (bl_source_read_file(&src, path, 0, &err) < 0) {
		fprintf(stderr, "replay: %s\n", err.msg);
		return -1;
	}
	LLVMFuzzerTestOneInput((const uint8_t *)src->data, src->len);
	bl_source_free(src);
	(*count)++;
	return 0;
}

static int run_path(const char *path, size_t *count)
{
	struct dirent **names;
	struct stat st;
	int i, n, rc = 0;

	if (stat(path, &st) < 0) {
		fprintf(stderr, "replay: cannot read '%s': %s\n", path, strerror(errno));
		return -1;
	}
	if (!S_ISDIR(st.st_mode))
		return run_file(path, count);
	n = scandir(path, &names, NULL, alphasort);
	if (n < 0) {
		fprintf(stderr, "replay: cannot list '%s': %s\n", path, strerror(errno));
		return -1;
	}
	for (i = 0; i < n; i++) {
		const char *name = names[i]->d_name;

		if (name[0] != '.' && strcmp(name, "open") != 0 && rc == 0) {
			char *sub = bl_xasprintf("%s/%s", path, name);

			rc = run_path(sub, count);
			free(sub);
		}
		free(names[i]);
	}
	free(names);
	return rc;
}

int main(int argc, char **argv)
{
	size_t count = 0;
	int i;

	for (i = 1; i < argc; i++)
		if (run_path(argv[i], &count) < 0)
			return 2;
	printf("replay: %zu inputs ran\n", count);
	return 0;
}
