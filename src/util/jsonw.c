#include "util/jsonw.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "util/utf8.h"

void
jsonw_init(struct jsonw *w, struct buf *out, bool pretty)
{
	memset(w, 0, sizeof *w);
	w->out = out;
	w->pretty = pretty;
}

int
jsonw_finish(struct jsonw *w)
{
	if (w->failed || w->depth != 0 || w->want_value)
		return -1;
	if (w->pretty && buf_putc(w->out, '\n') != 0)
		return -1;
	return 0;
}

static void
put(struct jsonw *w, const char *s, size_t n)
{
	if (!w->failed && buf_append(w->out, s, n) != 0)
		w->failed = true;
}

static void
newline(struct jsonw *w)
{
	if (!w->pretty)
		return;
	put(w, "\n", 1);
	for (int i = 0; i < w->depth; i++)
		put(w, "  ", 2);
}

/*
 * Called before every value and key: writes the separator the position
 * needs and checks that the value is allowed here.
 */
static void
begin_item(struct jsonw *w, bool is_key)
{
	if (w->want_value) {
		if (is_key)
			w->failed = true;
		w->want_value = false;
		return;
	}
	if (w->depth > 0) {
		if (w->in_object[w->depth - 1] != is_key) {
			w->failed = true;
			return;
		}
		if (w->has_items[w->depth - 1])
			put(w, ",", 1);
		w->has_items[w->depth - 1] = true;
		newline(w);
	} else if (is_key || w->top_written) {
		/* Only one top-level value per document. */
		w->failed = true;
	}
	w->top_written = true;
}

static void
open_container(struct jsonw *w, bool object)
{
	begin_item(w, false);
	if (w->depth >= JSONW_MAX_DEPTH) {
		w->failed = true;
		return;
	}
	put(w, object ? "{" : "[", 1);
	w->in_object[w->depth] = object;
	w->has_items[w->depth] = false;
	w->depth++;
}

static void
close_container(struct jsonw *w, bool object)
{
	bool had;

	if (w->depth == 0 || w->in_object[w->depth - 1] != object || w->want_value) {
		w->failed = true;
		return;
	}
	had = w->has_items[w->depth - 1];
	w->depth--;
	if (had)
		newline(w);
	put(w, object ? "}" : "]", 1);
}

void
jsonw_object_begin(struct jsonw *w)
{
	open_container(w, true);
}

void
jsonw_object_end(struct jsonw *w)
{
	close_container(w, true);
}

void
jsonw_array_begin(struct jsonw *w)
{
	open_container(w, false);
}

void
jsonw_array_end(struct jsonw *w)
{
	close_container(w, false);
}

int
jsonw_quote(struct buf *b, const char *s, size_t n)
{
	static const char hex[] = "0123456789abcdef";
	size_t start = b->len;
	int rc = buf_putc(b, '"');

	for (size_t i = 0; i < n && rc == 0; ) {
		unsigned char c = (unsigned char)s[i];
		uint32_t cp;
		size_t len;

		if (c >= 0x20 && c < 0x80 && c != '"' && c != '\\') {
			/* A run at a time: byte by byte, the buffer bookkeeping dominated big answers. */
			size_t run = 1;
			while (i + run < n && (unsigned char)s[i + run] >= 0x20 &&
			    (unsigned char)s[i + run] < 0x80 && s[i + run] != '"' && s[i + run] != '\\')
				run++;
			rc = buf_append(b, s + i, run);
			i += run;
			continue;
		}
		if (c < 0x80) {
			char esc[7] = { '\\', 0 };
			switch (c) {
			case '"': esc[1] = '"'; break;
			case '\\': esc[1] = '\\'; break;
			case '\n': esc[1] = 'n'; break;
			case '\r': esc[1] = 'r'; break;
			case '\t': esc[1] = 't'; break;
			case '\b': esc[1] = 'b'; break;
			case '\f': esc[1] = 'f'; break;
			default:
				memcpy(esc + 1, "u00", 3);
				esc[4] = hex[c >> 4];
				esc[5] = hex[c & 15];
			}
			rc = buf_puts(b, esc);
			i++;
			continue;
		}
		len = utf8_decode(s + i, n - i, &cp);
		if (cp == UTF8_INVALID)
			rc = buf_puts(b, "\xEF\xBF\xBD");
		else
			rc = buf_append(b, s + i, len);
		i += len;
	}
	if (rc == 0)
		rc = buf_putc(b, '"');
	if (rc != 0) {
		/* Leave no half-written string behind. */
		b->len = start;
		if (b->data != NULL)
			b->data[start] = '\0';
	}
	return rc;
}

void
jsonw_key(struct jsonw *w, const char *key)
{
	begin_item(w, true);
	if (!w->failed && jsonw_quote(w->out, key, strlen(key)) != 0)
		w->failed = true;
	put(w, w->pretty ? ": " : ":", w->pretty ? 2 : 1);
	w->want_value = true;
}

void
jsonw_string_n(struct jsonw *w, const char *s, size_t n)
{
	begin_item(w, false);
	if (!w->failed && jsonw_quote(w->out, s, n) != 0)
		w->failed = true;
}

void
jsonw_string(struct jsonw *w, const char *s)
{
	if (s == NULL)
		jsonw_null(w);
	else
		jsonw_string_n(w, s, strlen(s));
}

static void
scalar(struct jsonw *w, const char *text)
{
	begin_item(w, false);
	put(w, text, strlen(text));
}

void
jsonw_int(struct jsonw *w, int64_t v)
{
	char tmp[24];

	snprintf(tmp, sizeof tmp, "%" PRId64, v);
	scalar(w, tmp);
}

void
jsonw_bool(struct jsonw *w, bool v)
{
	scalar(w, v ? "true" : "false");
}

void
jsonw_null(struct jsonw *w)
{
	scalar(w, "null");
}

void
jsonw_money(struct jsonw *w, money_t m)
{
	char tmp[MONEY_BUFSZ];

	scalar(w, money_format_plain(m, tmp, sizeof tmp));
}

void
jsonw_raw(struct jsonw *w, const char *json)
{
	scalar(w, json);
}

void
jsonw_kv_string(struct jsonw *w, const char *key, const char *s)
{
	jsonw_key(w, key);
	jsonw_string(w, s);
}

void
jsonw_kv_int(struct jsonw *w, const char *key, int64_t v)
{
	jsonw_key(w, key);
	jsonw_int(w, v);
}

void
jsonw_kv_bool(struct jsonw *w, const char *key, bool v)
{
	jsonw_key(w, key);
	jsonw_bool(w, v);
}

void
jsonw_kv_money(struct jsonw *w, const char *key, money_t m)
{
	jsonw_key(w, key);
	jsonw_money(w, m);
}
