/*
 * wtext: display width of UTF-8 text in terminal columns.
 *
 * Names arrive in Chinese as often as in English, so every column of a
 * table is measured with wcwidth(), never with strlen(). Text from the
 * network may carry control characters and escape sequences: everything
 * that is not printable comes out as '?', so nothing we did not write can
 * reach the terminal.
 *
 * Widths follow LC_CTYPE (setlocale(LC_CTYPE, "") first). In a locale
 * that is not UTF-8 every non-ASCII byte is one '?' column, and the
 * ellipsis is "~" instead of "…".
 *
 * Why this and util/utf8 both exist: both decode with utf8_decode(), but
 * they answer different questions. wtext must agree cell for cell with what
 * ncurses will draw in this locale, so it takes wcwidth() as it is and shows
 * whatever the locale cannot as '?'. utf8 measures text for the cli's plain
 * tables, which must align the same in any locale (cron runs in "C"), so it
 * falls back to its own table of wide ranges and passes characters through.
 */
#ifndef BSS_UTIL_WTEXT_H
#define BSS_UTIL_WTEXT_H

#include <stdbool.h>
#include <stddef.h>

enum wtext_align { WTEXT_LEFT, WTEXT_RIGHT, WTEXT_CENTER };

/* True when LC_CTYPE's codeset is UTF-8 (read on every call: cheap). */
bool wtext_utf8(void);
/* Columns that s takes when drawn through wtext_fit (no truncation). */
int wtext_width(const char *s);
/*
 * Writes s into out as exactly `width` columns: padded with spaces per
 * align, or truncated with an ellipsis in the last column. A double-width
 * character never straddles the edge: a space takes its place. out is
 * always NUL-terminated; outsz of 4 * width + 4 bytes is always enough
 * (shorter buffers truncate earlier, never split a character).
 * Returns the columns written (== width unless outsz ran out).
 */
int wtext_fit(const char *s, int width, enum wtext_align align, char *out, size_t outsz);
/* As wtext_fit without padding: at most width columns. */
int wtext_trunc(const char *s, int width, char *out, size_t outsz);
/*
 * The byte length of the longest prefix of s that takes at most width
 * columns, for wrapping. At least one character when s is not empty, so a
 * loop that consumes prefixes always advances.
 */
size_t wtext_prefix(const char *s, int width);

#endif
