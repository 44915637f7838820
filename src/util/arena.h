/*
 * arena: a bump allocator whose allocations all die together.
 *
 * A parsed API response is thousands of small strings and arrays with one
 * lifetime, so it lives in one arena: parsing does few mallocs and freeing a
 * response is one call. Allocations never fail (xalloc) and are zeroed.
 */
#ifndef BSS_UTIL_ARENA_H
#define BSS_UTIL_ARENA_H

#include <stddef.h>

struct arena;

struct arena *arena_new(void);
/* Frees every allocation made from a; NULL is fine. */
void arena_free(struct arena *a);

/* size bytes, zeroed, aligned for any type. size 0 gives a valid unique pointer. */
void *arena_alloc(struct arena *a, size_t size);
/* nmemb * size bytes, zeroed; dies on overflow like xcalloc. */
void *arena_calloc(struct arena *a, size_t nmemb, size_t size);
char *arena_strdup(struct arena *a, const char *s);
char *arena_strndup(struct arena *a, const char *s, size_t n);

/*
 * Moves every allocation of src into dst and frees src: pointers into src
 * stay valid and now live as long as dst.
 */
void arena_adopt(struct arena *dst, struct arena *src);

/* Bytes handed out so far (for benchmarks and tests). */
size_t arena_used(const struct arena *a);

#endif
