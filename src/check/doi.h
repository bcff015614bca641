/*
 * doi.h - reading DOIs: the parts of a DOI field (a URL or "doi:" prefix,
 * white space, trailing punctuation, the DOI itself), the shape of a DOI,
 * and DOIs found in free text (URL and note fields); in doiparse.c. Used
 * by the doi rule family (doi.c) and its tests. Offsets are byte offsets
 * into the text given; nothing allocates.
 */
#ifndef BL_CHECK_DOI_H
#define BL_CHECK_DOI_H

#include "common.h"

/* The length of the white space character at s[0..n) (ASCII white space,
 * no-break, thin and other Unicode spaces), or 0. */
size_t bl_doi_space_at(const char *s, size_t n);

enum bl_doi_prefix {
	BL_DOIP_NONE = 0,
	BL_DOIP_URL,           /* https://doi.org/, http://dx.doi.org/, doi.org/ */
	BL_DOIP_LABEL,         /* doi:, DOI , info:doi/, urn:doi: */
};

/* A DOI field split into its parts: lead white space, prefix, the DOI
 * (core), trailing punctuation and white space. */
struct bl_doi_parts {
	uint32_t lead;             /* bytes of white space before the prefix */
	uint32_t prefix_off, prefix_len;
	uint8_t prefix;            /* enum bl_doi_prefix (of the first prefix) */
	uint32_t core_off, core_len;
	uint32_t punct_off, punct_len;  /* trailing . , ; : (with spaces among them) */
	uint32_t trail_off, trail_len;  /* white space at the very end */
};
void bl_doi_split(struct bl_doi_parts *d, const char *s, size_t n);

enum bl_doi_shape {
	BL_DOI_OK = 0,
	BL_DOI_NOT_10,         /* does not start with "10." */
	BL_DOI_REGISTRANT,     /* registrant code not 4-9 digits (with .NNNN parts) */
	BL_DOI_NO_SLASH,       /* no '/' after the registrant */
	BL_DOI_EMPTY_SUFFIX,   /* nothing after the '/' */
	BL_DOI_BAD_CHAR,       /* a character DOIs do not hold */
};
/* The shape of the DOI s[0..n) (white space inside is skipped: it is the
 * doi/whitespace rule's). *at and *len point at the problem. */
enum bl_doi_shape bl_doi_shape(const char *s, size_t n, size_t *at, size_t *len);

/* Finds a DOI in free text: after a doi.org URL, after a "doi:" label, or
 * (when bare is true) standing alone as a word. Trailing punctuation is
 * not part of it. Returns false when there is none. */
bool bl_doi_find(const char *s, size_t n, bool bare, size_t *off, size_t *len);

#endif
