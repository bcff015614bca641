/*
 * main.c - biblint's entry point.
 */
#include "cli.h"
#include "util.h"

#include <stdlib.h>   /* defines __GLIBC__ with glibc */
#ifdef __GLIBC__
#include <malloc.h>
#endif

int main(int argc, char **argv)
{
	bl_timing_on();   /* starts the clock BIBLINT_TIMING reads */
#if defined(__GLIBC__) && defined(M_MMAP_THRESHOLD)
	/* Blocks of 128 KiB and more are mapped, and unmapped when freed.
	 * glibc would otherwise raise that threshold once the first such
	 * block is freed, and the large vectors of a long list (which grow
	 * and are freed while reading) would then come from the heap, where
	 * the space they free stays resident: some 6 MB at the peak of a
	 * 100,000-entry list. */
	mallopt(M_MMAP_THRESHOLD, 128 * 1024);
#endif
	return bl_cli_main(argc, argv);
}
