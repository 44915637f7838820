#include "util/arena.h"

#include <stdalign.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util/xalloc.h"

#define ARENA_ALIGN alignof(max_align_t)
#define ARENA_FIRST_CHUNK 4096u
#define ARENA_MAX_CHUNK (1u << 20)

struct chunk {
	struct chunk *next;
	size_t size;  /* usable bytes after the header */
	size_t used;
	alignas(max_align_t) unsigned char data[];
};

struct arena {
	struct chunk *head;  /* the chunk being filled; older ones follow */
	size_t next_size;
	size_t used;
};

struct arena *
arena_new(void)
{
	struct arena *a = xcalloc(1, sizeof(*a));

	a->next_size = ARENA_FIRST_CHUNK;
	return a;
}

static void
free_chunks(struct chunk *c)
{
	while (c != NULL) {
		struct chunk *next = c->next;

		free(c);
		c = next;
	}
}

void
arena_free(struct arena *a)
{
	if (a == NULL)
		return;
	free_chunks(a->head);
	free(a);
}

static struct chunk *
chunk_new(size_t size)
{
	struct chunk *c;

	if (size > SIZE_MAX - sizeof(*c))
		die("arena: allocation too large");
	c = xmalloc(sizeof(*c) + size);
	c->next = NULL;
	c->size = size;
	c->used = 0;
	return c;
}

void *
arena_alloc(struct arena *a, size_t size)
{
	struct chunk *c = a->head;
	size_t need = (size + ARENA_ALIGN - 1) & ~(size_t)(ARENA_ALIGN - 1);
	void *p;

	if (need < size)
		die("arena: allocation too large");
	if (need == 0)
		need = ARENA_ALIGN;
	if (c == NULL || c->size - c->used < need) {
		if (need > a->next_size / 2) {
			/* A big array gets a chunk of its own, behind the current one,
			 * so the space left in the current chunk is not wasted. */
			struct chunk *big = chunk_new(need);

			if (c == NULL) {
				a->head = big;
			} else {
				big->next = c->next;
				c->next = big;
			}
			c = big;
		} else {
			c = chunk_new(a->next_size);
			c->next = a->head;
			a->head = c;
			if (a->next_size < ARENA_MAX_CHUNK)
				a->next_size *= 2;
		}
	}
	p = c->data + c->used;
	c->used += need;
	a->used += need;
	memset(p, 0, need);
	return p;
}

void *
arena_calloc(struct arena *a, size_t nmemb, size_t size)
{
	if (size != 0 && nmemb > SIZE_MAX / size)
		die("arena: allocation too large");
	return arena_alloc(a, nmemb * size);
}

char *
arena_strndup(struct arena *a, const char *s, size_t n)
{
	char *p = arena_alloc(a, n + 1);

	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *
arena_strdup(struct arena *a, const char *s)
{
	return arena_strndup(a, s, strlen(s));
}

void
arena_adopt(struct arena *dst, struct arena *src)
{
	struct chunk *last;

	if (src->head != NULL) {
		/* src's chunks go behind dst's head so dst keeps filling its own. */
		for (last = src->head; last->next != NULL; last = last->next)
			;
		if (dst->head == NULL) {
			dst->head = src->head;
		} else {
			last->next = dst->head->next;
			dst->head->next = src->head;
		}
	}
	dst->used += src->used;
	src->head = NULL;
	arena_free(src);
}

size_t
arena_used(const struct arena *a)
{
	return a->used;
}
