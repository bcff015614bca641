/*
 * order.h - the longest non-decreasing subsequence, the core of the order
 * rule family (order.c): the entries outside it are the fewest that must
 * move for the list to be sorted. Exposed for tests.
 */
#ifndef BL_CHECK_ORDER_H
#define BL_CHECK_ORDER_H

#include <stddef.h>
#include <stdbool.h>

/* Compares items a and b of arg: <0, 0, >0. */
typedef int (*bl_order_cmp)(size_t a, size_t b, void *arg);

/* Marks in keep[0..n) one longest non-decreasing subsequence of the items
 * 0..n-1 under cmp and returns its length. O(n log n) comparisons; keep is
 * the caller's. */
size_t bl_order_lis(size_t n, bl_order_cmp cmp, void *arg, bool *keep);

#endif
