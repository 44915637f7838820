/* strutil: small string helpers shared by the parsers and error paths. */
#ifndef BSS_UTIL_STRUTIL_H
#define BSS_UTIL_STRUTIL_H

#include <stddef.h>

#include "util/xalloc.h"

/* Trims spaces, tabs (and a trailing CR) in place; returns the new start. */
char *str_trim(char *s);
/*
 * Writes a message into a caller's (err, errlen) buffer, the convention of
 * every "0, or -1 with a message in err" function; NULL or 0 writes nothing.
 */
void str_seterr(char *err, size_t errlen, const char *fmt, ...) BSS_PRINTF(3, 4);

#endif
