/*
 * ident.h - identifier helpers shared by the identifier and duplicate
 * checks.
 */
#ifndef BL_CHECK_IDENT_H
#define BL_CHECK_IDENT_H

#include "../biblint.h"

/* The valid ISBNs in text[0..n), each as its 13-digit form (ISBN-10 are
 * converted) in out[i] (NUL-terminated). Returns how many were stored
 * (at most max). */
size_t bl_isbn_list(const char *text, size_t n, char (*out)[14], size_t max);

#endif
