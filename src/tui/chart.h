/*
 * chart: vertical bar charts (bills by month, costs by day or month), with
 * one bar selected and some bars flagged (cost jumps).
 *
 * Bars are scaled to the largest value and drawn in eighths of a row with
 * the block characters, '#' in ASCII. Negative values (a month of refunds)
 * draw as empty bars. chart_levels is pure (tested); chart_draw talks to
 * curses.
 */
#ifndef BSS_TUI_CHART_H
#define BSS_TUI_CHART_H

#include <curses.h>
#include <stdbool.h>
#include <stddef.h>

#include "util/money.h"

/* Height of each bar in eighths of a row (0 .. rows * 8), scaled to the largest value. */
void chart_levels(const money_t *v, size_t n, int rows, int *eighths);

struct chart {
	const money_t *values;
	const char *const *labels;    /* under the bars; every bar's, shown where they fit */
	const bool *flagged;          /* drawn urgent, marked with '!'; NULL = none */
	size_t n;
	size_t selected;              /* drawn in the focus colour, its label selected; n = none */
	size_t first;                 /* set by chart_draw: the first bar shown (the last ones fit) */
};

/*
 * Draws c in the box at (y, x) of h rows (bars, then one row of labels) by
 * w columns; when there are more bars than columns, the last w. Returns the
 * width one bar took with its gap (for hit-testing).
 */
int chart_draw(WINDOW *win, int y, int x, int h, int w, struct chart *c);
/* The bar at column cx of a chart drawn at x with that step; false when none. */
bool chart_hit(const struct chart *c, int x, int step, int cx, size_t *bar);

#endif
