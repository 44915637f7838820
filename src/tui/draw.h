/*
 * draw: small drawing helpers shared by the views: boxes with titles,
 * fitted text, sparklines, usage bars and a view's load state line.
 *
 * Borders and bars are UTF-8 line drawing when the locale is UTF-8 and
 * ASCII otherwise. sparkline_render and bar_render are pure (tested).
 */
#ifndef BSS_TUI_DRAW_H
#define BSS_TUI_DRAW_H

#include <curses.h>
#include <stdbool.h>
#include <stddef.h>

#include "app/store.h"
#include "tui/theme.h"
#include "util/money.h"
#include "util/wtext.h"

/* A box at (y, x) of h x w with title in its top border. */
void draw_box(WINDOW *w, int y, int x, int h, int wd, const char *title, bool focused);
/* text fitted into width columns at (y, x) in element e. */
void draw_text(WINDOW *w, int y, int x, int width, const char *text, enum theme_elem e,
    enum wtext_align align);

/*
 * width columns of the values as a sparkline (the last `width` values when
 * there are more). out needs 3 * width + 1 bytes. Returns out.
 */
const char *sparkline_render(const money_t *v, size_t n, int width, bool utf8, char *out,
    size_t outsz);
/* A bar of width columns, used/total full. Returns how many columns are full. */
int bar_render(money_t used, money_t total, int width, bool utf8, char *out, size_t outsz);

/*
 * The state of a view in one line: "loading...", the error, or "stale:
 * as of HH:MM" / "updated HH:MM". Returns the element it drew with.
 */
enum theme_elem draw_view_state(WINDOW *w, int y, int x, int width, const struct store_view *sv);
/* "12:34:56" local time, or "--:--" for 0. */
const char *draw_clock(time_t t, char buf[16]);
/* "1,234.50 CNY". */
const char *draw_money(money_t m, const char *currency, char *buf, size_t n);

#endif
