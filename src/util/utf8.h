/*
 * utf8: decoding and terminal display width of UTF-8 text.
 *
 * Names from the API mix English and Chinese, so column alignment counts
 * display cells, not bytes: a CJK ideograph takes two cells. The width comes
 * from wcwidth() when the locale knows the character, and otherwise from a
 * built-in table of East Asian wide ranges, so a program running in the "C"
 * locale (cron, tests) still aligns Chinese text. (The TUI measures with
 * util/wtext instead, which must follow the locale as ncurses does; it
 * shares utf8_decode().)
 */
#ifndef BSS_UTIL_UTF8_H
#define BSS_UTIL_UTF8_H

#include <stddef.h>
#include <stdint.h>

#define UTF8_INVALID 0xFFFFFFFFu
#define UTF8_REPLACEMENT 0xFFFDu

/*
 * Decodes the code point at s (n >= 1 bytes readable). Returns the number of
 * bytes it takes; an invalid, overlong, surrogate or truncated sequence
 * takes 1 byte and yields UTF8_INVALID.
 */
size_t utf8_decode(const char *s, size_t n, uint32_t *cp);
/* Writes cp as UTF-8 into out (4 bytes room); returns the length. */
size_t utf8_encode(uint32_t cp, char out[4]);
/* Display cells of one code point: 0 (combining), 1 or 2; controls count 1. */
int utf8_cp_width(uint32_t cp);
/* Display cells of the first n bytes of s; invalid bytes count 1 each. */
size_t utf8_width_n(const char *s, size_t n);
size_t utf8_width(const char *s);

#endif
