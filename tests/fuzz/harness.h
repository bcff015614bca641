/*
 * harness.h - fuzz harnesses for the readers and the lint pipeline.
 *
 * A reader's harness is one file of a few lines, tests/fuzz/fuzz_NAME.c:
 *
 *	#include "harness.h"
 *	BL_FUZZ_READER(bl_read_csl_json, BL_FMT_CSL_JSON, "fuzz.json")
 *
 * and any other harness defines LLVMFuzzerTestOneInput() itself with the
 * helpers below. Linked with -fsanitize=fuzzer a harness is a libFuzzer
 * binary (make fuzz); linked with replay.c it runs saved inputs, which is
 * how make check replays tests/fuzz/regressions/ in ordinary builds.
 *
 * A harness returns 0; a broken invariant (a span outside the source, an
 * EXACT value that differs from its bytes, invalid UTF-8 made from valid
 * input, an operational error) prints what broke and aborts, so that the
 * fuzzer saves the input.
 */
#ifndef BL_FUZZ_HARNESS_H
#define BL_FUZZ_HARNESS_H

#include <stddef.h>
#include <stdint.h>

#include "engine.h"
#include "input/input.h"

typedef int (*bl_fuzz_reader_fn)(struct bl_ctx *ctx, const struct bl_read_opts *opts);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Runs reader alone on data as a file named path; checks the model. */
int bl_fuzz_read(bl_fuzz_reader_fn reader, enum bl_format fmt, const char *path,
		 const uint8_t *data, size_t size);

/* Check the list and the findings of a source whose bytes were valid
 * UTF-8 or not (utf8_ok: then texts and messages must be valid UTF-8);
 * abort with a message when an invariant is broken. */
void bl_fuzz_check_model(const struct bl_source *src, bool utf8_ok);
void bl_fuzz_check_findings(const struct bl_source *src,
			    const struct bl_finding *f, size_t n, bool utf8_ok);

/* Writes data to a new temporary file named from path, a mkstemps(3)
 * template ending in "XXXXXX.yml", which it fills in; the caller unlinks
 * it. Aborts when the file cannot be written. */
void bl_fuzz_temp_yml(char *path, const uint8_t *data, size_t size);

/* The lint harnesses: the first input byte chooses the format (modulo
 * BL_FUZZ_NFORMATS) and bl_fuzz_lint_opts() sets opts for it: every rule
 * on, the format (detected, or chosen) and its file name in *path. */
#define BL_FUZZ_NFORMATS 6
void bl_fuzz_lint_opts(struct bl_lint_opts *opts, size_t which, const char **path);

/* Prints the broken invariant and aborts. */
void bl_fuzz_fail(const char *fmt, ...) __attribute__((noreturn, format(printf, 1, 2)));

#define BL_FUZZ_READER(fn, fmt, path)                                          \
	int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)            \
	{                                                                      \
		return bl_fuzz_read(fn, fmt, path, data, size);                \
	}

#endif
