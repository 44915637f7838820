/*
 * log: the optional debug log (--log FILE).
 *
 * Nothing is written unless log_open() succeeded. Header values go through
 * log_header(), which never writes the value of a secret-bearing header
 * (Authorization, X-Security-Token, X-Auth-Token): the log may be attached
 * to a bug report, so it must be safe to share.
 */
#ifndef BSS_UTIL_LOG_H
#define BSS_UTIL_LOG_H

#include <stdbool.h>

#include "util/xalloc.h"

/* 0, or -1 with errno set. The file is created mode 0600. */
int log_open(const char *path);
void log_close(void);
bool log_enabled(void);
void log_debug(const char *fmt, ...) BSS_PRINTF(1, 2);
/* Logs "  name: value", or "  name: [REDACTED]" for secret-bearing headers. */
void log_header(const char *prefix, const char *name, const char *value);
bool log_is_secret_header(const char *name);

#endif
