/*
 * ctcmp: comparisons of secrets (tokens, keys) whose running time does not
 * depend on where the first difference is, so a network peer cannot learn a
 * secret one byte at a time by timing failed attempts.
 */
#ifndef BSS_UTIL_CTCMP_H
#define BSS_UTIL_CTCMP_H

#include <stdbool.h>

/* True when a and b are the same string. Only their lengths may leak. */
bool ctcmp_str_equal(const char *a, const char *b);

#endif
