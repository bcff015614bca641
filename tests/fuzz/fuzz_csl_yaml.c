/*
 * fuzz_csl_yaml.c - fuzzes the CSL-YAML reader.
 */
#include "harness.h"

#include "banned.h"

BL_FUZZ_READER(bl_read_csl_yaml, BL_FMT_CSL_YAML, "fuzz.yml")
