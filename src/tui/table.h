/*
 * table: a scrolling, sortable, filterable table over an abstract row source.
 *
 * The table never copies the rows: it asks the source for the row count and
 * for one cell's text at a time, and draws only the rows on screen, so
 * 100,000 rows cost what 30 do. What it keeps is a view: the source row
 * indices that pass the filter, in sort order (table_reload rebuilds it
 * when the data changes), plus the cursor and the scroll window. To keep a
 * keystroke on 100,000 rows within a frame it also caches, until the next
 * reload: each column's order once sorted by it (sorting by it again, either
 * way, is a copy: a radix sort of keys read once per row the first time),
 * every row in the current sort order (a wider filter re-filters that, no
 * re-sort) and, once a filter is set, each row's lower-cased cells joined
 * (a filter keystroke is one sequential substring scan).
 *
 * Column widths are in terminal columns (wcwidth), so Chinese names align.
 *
 * Lifetime: the source struct and ud are borrowed and must outlive the
 * table; column titles are borrowed too (string literals in practice).
 * Text the cell callback returns is used before the next call only.
 */
#ifndef BSS_TUI_TABLE_H
#define BSS_TUI_TABLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "tui/keymap.h"
#include "tui/theme.h"
#include "util/wtext.h"

struct table_column {
	const char *title;
	int width;              /* preferred columns */
	int min;                /* shrinks down to this (0 = width) */
	enum wtext_align align;
};

struct table_source {
	size_t (*count)(void *ud);
	/* The cell's text: buf (n bytes) may be used, or a stable string returned. */
	const char *(*cell)(void *ud, size_t row, size_t col, char *buf, size_t n);
	/*
	 * Optional: the sort key of row's cell in col, read once per row and
	 * sort (a sort is n key reads, then a sort of plain keys): true with
	 * *num set orders the column by that number, false with *text set (buf,
	 * n bytes, may be used) by that text in byte order. A column gives the
	 * same kind for every row. NULL: every column sorts by its cell's text.
	 */
	bool (*key)(void *ud, size_t row, size_t col, int64_t *num, const char **text, char *buf,
	    size_t n);
	/* Optional: the element to draw the cell in (TH_NORMAL for plain). */
	enum theme_elem (*style)(void *ud, size_t row, size_t col);
	/* Optional marks, kept by the source (the store) so actions can read them. */
	bool (*marked)(void *ud, size_t row);
	void (*toggle_mark)(void *ud, size_t row);
};

struct table;

/* cols is copied (titles are borrowed). */
struct table *table_new(const struct table_source *src, void *ud,
    const struct table_column *cols, size_t ncols);
void table_free(struct table *t);

/* Rebuilds the view from the source (filter and sort are kept); the cursor
 * stays at the same position, clamped. */
void table_reload(struct table *t);
/* Rows in the view (after the filter). */
size_t table_rows(const struct table *t);
/* The source row at view position i. */
size_t table_row_at(const struct table *t, size_t i);
/* The cursor's view position; false when the view is empty. */
bool table_cursor(const struct table *t, size_t *pos);
/* The cursor's source row; false when the view is empty. */
bool table_cursor_row(const struct table *t, size_t *row);
void table_set_cursor(struct table *t, size_t pos);

/* Sets the visible height in rows (without the header): scroll math uses it. */
void table_set_height(struct table *t, int rows);
/* First view position on screen. */
size_t table_top(const struct table *t);

/*
 * Handles a navigation or table command (up/down, pages, first/last,
 * left/right scroll columns, sort, sort-reverse, mark). Returns true when it
 * was one of those.
 */
bool table_command(struct table *t, enum cmd c);

/* Sort: column index, or -1 for source order. */
void table_sort(struct table *t, int col, bool reverse);
int table_sort_col(const struct table *t);
bool table_sort_reverse(const struct table *t);

/* Keeps rows where any cell contains text (case-insensitive for ASCII). */
void table_set_filter(struct table *t, const char *text);
const char *table_filter(const struct table *t);

/*
 * Column widths come from the content: each column is as wide as its
 * widest cell or title (need), but no wider than its preferred width; when
 * that is too wide, columns shrink towards their min, from the last, and
 * those that still do not fit get 0; room to spare goes to the columns
 * still cut, up to their need, and what is left stays blank at the right.
 * One column of space between columns. need NULL: every column needs its
 * preferred width. out has ncols entries.
 *
 * A table measures its needs over the first TABLE_MEASURE_ROWS rows of the
 * view at each reload (sort, filter) and over every row it draws.
 */
#define TABLE_MEASURE_ROWS 1000
void table_layout_fit(const struct table_column *cols, const int *need, size_t ncols, int width,
    int *out);
void table_layout(const struct table_column *cols, size_t ncols, int width, int *out);
/* The width the columns take when none is cut (spaces between included). */
int table_natural_width(const struct table *t);

/*
 * Does a bounded piece (TABLE_PREPARE_ROWS rows) of what a first sort by
 * any column or a first filter would do after a reload, so that they find
 * it done: run it on idle loop turns (tui/bg). Returns true while some is
 * left. A source that changed without a table_reload stops it.
 */
#define TABLE_PREPARE_ROWS 4096
bool table_prepare(struct table *t);

/*
 * Optional: where the source keeps row `row` (an address inside its
 * storage). A sort or filter reads every row's cells, in address order
 * when this is set: a store's rows listed in another order (by expiry)
 * than they sit in memory cost a cache and TLB miss per row and cell read
 * in row order, most of the first sort of 100,000 rows. Drops the caches.
 */
void table_set_locality(struct table *t, const void *(*addr)(void *ud, size_t row));

/*
 * Draws some cells as usage bars (tui/draw.h draw_bar): permille (0-1000)
 * says how full the bar of a row's column is, or -1 for a cell drawn as
 * text. The full part takes the cell's style (TH_BAR_FILL without one), the
 * rest TH_BAR_EMPTY, on the cursor and marked rows too. The cell's text is
 * still what sort, filter and table_render_row use.
 */
void table_set_bar(struct table *t, int (*permille)(void *ud, size_t row, size_t col));

/* The columns, and the text of column col at view position pos (export, `x`). */
size_t table_ncols(const struct table *t);
const struct table_column *table_col(const struct table *t, size_t col);
const char *table_cell_at(struct table *t, size_t pos, size_t col, char *buf, size_t n);

/* Row i of the view as fitted cell text separated by one space, for tests. */
void table_render_row(struct table *t, size_t i, int width, char *out, size_t n);

/* Draws into the curses window win (a WINDOW *), header at its top. */
void table_draw(struct table *t, void *win, bool focused);
/* Mouse: the view position at window row y (header is 0); false when none. */
bool table_hit(const struct table *t, int y, size_t *pos);

#endif
