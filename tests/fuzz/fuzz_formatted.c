/*
 * fuzz_formatted.c - fuzzes the formatted-list reader.
 */
#include "harness.h"

#include "banned.h"

BL_FUZZ_READER(bl_read_formatted, BL_FMT_FORMATTED, "fuzz.txt")
