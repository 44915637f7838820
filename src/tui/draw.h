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
 * The same bar drawn at (y, x), permille (0-1000) full: the full part in
 * element fill, the empty part in TH_BAR_EMPTY.
 */
void draw_bar(WINDOW *w, int y, int x, int width, int permille, enum theme_elem fill);

/*
 * The state of a view in one line: "loading...", the error, or "stale:
 * as of HH:MM" / "updated HH:MM". Returns the element it drew with.
 */
enum theme_elem draw_view_state(WINDOW *w, int y, int x, int width, const struct store_view *sv);
/* The same, aligned in its width (a screen's title line puts it at the right edge). */
enum theme_elem draw_view_state_aligned(WINDOW *w, int y, int x, int width,
    const struct store_view *sv, enum wtext_align align);
/* "12:34:56" local time, or "--:--" for 0. */
const char *draw_clock(time_t t, char buf[16]);
/*
 * An API time (yyyy-MM-ddTHH:mm:ssZ) as every screen shows times: in
 * billing time (UTC+8, as the console shows them), "2024-03-15 16:15", or
 * "03-15 16:15" when short (narrow panes); the text as sent when it is not
 * such a time. Returns buf or iso.
 */
#define DRAW_TIME_BUFSZ 24
const char *draw_time(const char *iso, bool short_form, char buf[DRAW_TIME_BUFSZ]);
/* "1,234.50 CNY". */
const char *draw_money(money_t m, const char *currency, char *buf, size_t n);
/*
 * What a days-left estimate rests on, in the words every screen uses for
 * it: "30-day avg" or "this month", then ", stale" when that data's last
 * refresh failed, which the figure alone would hide. Returns buf.
 */
const char *draw_rate_basis(const struct store_rate *r, char *buf, size_t n);

#endif
