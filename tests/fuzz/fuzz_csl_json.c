/*
 * fuzz_csl_json.c - fuzzes the CSL-JSON reader.
 */
#include "harness.h"

#include "banned.h"

BL_FUZZ_READER(bl_read_csl_json, BL_FMT_CSL_JSON, "fuzz.json")
