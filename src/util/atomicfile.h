/*
 * atomicfile: replace a file's contents all at once.
 *
 * The data goes to a temporary file in the same directory, is synced, and
 * is renamed over the target, then the directory is synced: a crash or a
 * full disk leaves the old file or the new one, never half of either.
 */
#ifndef BSS_UTIL_ATOMICFILE_H
#define BSS_UTIL_ATOMICFILE_H

#include <stddef.h>
#include <sys/types.h>

/* 0, or -1 with "PATH: reason" in err. The file gets mode (before the umask). */
int atomicfile_write(const char *path, const void *data, size_t len, mode_t mode, char *err,
    size_t errlen);

#endif
