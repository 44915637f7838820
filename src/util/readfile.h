/*
 * readfile: read a whole file into a capped buffer.
 *
 * For files the user hands us (config, vectors, request bodies): the cap
 * keeps a wrong path such as /dev/zero from eating memory.
 */
#ifndef BSS_UTIL_READFILE_H
#define BSS_UTIL_READFILE_H

#include <stddef.h>

#include "util/buf.h"

/*
 * Reads the file into out, whose previous content is freed and whose cap
 * becomes limit. 0, or -1 with errno set (EFBIG when the file is larger
 * than limit); on error out is left empty.
 */
int readfile_all(const char *path, size_t limit, struct buf *out);

#endif
