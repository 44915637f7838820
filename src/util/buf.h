/*
 * buf: a growable byte buffer with a hard cap.
 *
 * Everything that arrives from the network or a file lands in one of these,
 * so a hostile or broken peer can make us refuse data but never make us
 * allocate without bound. The data is always NUL-terminated (the NUL is not
 * counted in len), so text can be handed to parsers directly.
 */
#ifndef BSS_UTIL_BUF_H
#define BSS_UTIL_BUF_H

#include <stddef.h>

#include "util/xalloc.h"

struct buf {
	char *data;   /* NULL until the first append; buf_cstr() never returns NULL */
	size_t len;
	size_t cap;
	size_t limit; /* 0 = no cap */
};

#define BUF_INIT(lim) { NULL, 0, 0, (lim) }

void buf_init(struct buf *b, size_t limit);
/* Both return 0, or -1 (and leave b unchanged) when the cap would be passed. */
int buf_append(struct buf *b, const void *p, size_t n);
int buf_puts(struct buf *b, const char *s);
int buf_putc(struct buf *b, char c);
int buf_printf(struct buf *b, const char *fmt, ...) BSS_PRINTF(2, 3);
const char *buf_cstr(const struct buf *b);
void buf_reset(struct buf *b);
/* Hands the data over to the caller (free() it); b is left empty. */
char *buf_steal(struct buf *b, size_t *len);
void buf_free(struct buf *b);

#endif
