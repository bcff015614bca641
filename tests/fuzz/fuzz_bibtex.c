/*
 * fuzz_bibtex.c - fuzzes the BibTeX reader.
 */
#include "harness.h"

#include "banned.h"

BL_FUZZ_READER(bl_read_bibtex, BL_FMT_BIBTEX, "fuzz.bib")
