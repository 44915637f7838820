/*
 * jsonw: a small streaming JSON writer into a struct buf.
 *
 * Exists so that code above api/ (cli/, app/journal) can emit JSON without
 * touching cJSON, and so that money goes out as the exact decimal it is
 * (cJSON would print a double). Strings are escaped for JSON and checked as
 * UTF-8: invalid bytes become U+FFFD, so the output always parses.
 *
 * Usage: jsonw_init(), then calls that mirror the document's structure;
 * inside an object every value is preceded by jsonw_key() (or use the
 * jsonw_kv_* shorthands). Misuse (a value without a key in an object, an
 * unbalanced end, nesting deeper than JSONW_MAX_DEPTH) and a full buffer are
 * remembered, not fatal: jsonw_finish() reports them once at the end.
 * The writer does not own the buffer, and appends to what it holds.
 */
#ifndef BSS_UTIL_JSONW_H
#define BSS_UTIL_JSONW_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/buf.h"
#include "util/money.h"

#define JSONW_MAX_DEPTH 32

struct jsonw {
	struct buf *out;
	bool pretty;              /* two-space indentation and newlines */
	bool failed;              /* misuse or buffer cap reached */
	bool want_value;          /* a key was written and awaits its value */
	bool top_written;         /* the one top-level value has begun */
	int depth;
	bool in_object[JSONW_MAX_DEPTH];
	bool has_items[JSONW_MAX_DEPTH];
};

void jsonw_init(struct jsonw *w, struct buf *out, bool pretty);
/* 0 when the document is complete and was written whole, else -1. */
int jsonw_finish(struct jsonw *w);

void jsonw_object_begin(struct jsonw *w);
void jsonw_object_end(struct jsonw *w);
void jsonw_array_begin(struct jsonw *w);
void jsonw_array_end(struct jsonw *w);
void jsonw_key(struct jsonw *w, const char *key);

/* A NULL string is written as null. */
void jsonw_string(struct jsonw *w, const char *s);
void jsonw_string_n(struct jsonw *w, const char *s, size_t n);
void jsonw_int(struct jsonw *w, int64_t v);
void jsonw_bool(struct jsonw *w, bool v);
void jsonw_null(struct jsonw *w);
/* The shortest exact decimal as a JSON number: 12.5, 3, -0.00000001. */
void jsonw_money(struct jsonw *w, money_t m);
/*
 * Inserts text that is already one valid JSON value (the caller vouches for
 * it). Used to embed a request body that was checked elsewhere.
 */
void jsonw_raw(struct jsonw *w, const char *json);

void jsonw_kv_string(struct jsonw *w, const char *key, const char *s);
void jsonw_kv_int(struct jsonw *w, const char *key, int64_t v);
void jsonw_kv_bool(struct jsonw *w, const char *key, bool v);
void jsonw_kv_money(struct jsonw *w, const char *key, money_t m);

/* Appends s (n bytes) as a quoted, escaped JSON string to b. 0 or -1 (cap). */
int jsonw_quote(struct buf *b, const char *s, size_t n);

#endif
