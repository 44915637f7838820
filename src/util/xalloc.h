/*
 * xalloc: allocation wrappers that never return NULL.
 *
 * On exhaustion (or a zero/overflowing size, which is always a bug here) they
 * call die(), which runs the registered fatal hook first so the terminal is
 * restored before the message is printed.
 */
#ifndef BSS_UTIL_XALLOC_H
#define BSS_UTIL_XALLOC_H

#include <stdarg.h>
#include <stddef.h>

#if defined(__GNUC__)
#define BSS_PRINTF(f, a) __attribute__((format(printf, f, a)))
#define BSS_NORETURN __attribute__((noreturn))
#else
#define BSS_PRINTF(f, a)
#define BSS_NORETURN
#endif

void *xmalloc(size_t size);
void *xcalloc(size_t nmemb, size_t size);
void *xrealloc(void *ptr, size_t size);
void *xreallocarray(void *ptr, size_t nmemb, size_t size);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
char *xasprintf(const char *fmt, ...) BSS_PRINTF(1, 2);
char *xvasprintf(const char *fmt, va_list ap) BSS_PRINTF(1, 0);

/* Runs before die() prints (e.g. endwin). Must be safe to call more than once. */
void xalloc_set_fatal_hook(void (*hook)(void));
BSS_NORETURN void die(const char *fmt, ...) BSS_PRINTF(1, 2);

/* Overwrites then frees a secret string; NULL is fine. */
void xfree_secret(char *s);

#endif
