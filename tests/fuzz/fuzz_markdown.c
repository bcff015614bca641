/*
 * fuzz_markdown.c - fuzzes the Markdown reader (YAML metadata blocks).
 */
#include "harness.h"

#include "banned.h"

BL_FUZZ_READER(bl_read_markdown, BL_FMT_MARKDOWN, "fuzz.md")
