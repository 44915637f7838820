/*
 * sheet: a table (tui/table) whose cells are typed values, for the screens
 * beyond the overview. A screen says what each cell holds (text, money, a
 * count, a quantity with its unit); the sheet formats it (money with the
 * currency's 2 places, quantities in readable units through app/units),
 * sorts by value, right-aligns numbers and picks the default style.
 *
 * Lifetime: src, ud and the column titles are borrowed and must outlive the
 * sheet; store too (its billing gives the units).
 */
#ifndef BSS_TUI_SHEET_H
#define BSS_TUI_SHEET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "app/store.h"
#include "tui/table.h"
#include "tui/theme.h"
#include "util/money.h"

enum sheet_type {
	SHEET_TEXT,
	SHEET_MONEY,     /* money: 2 places, grouped */
	SHEET_INT,
	SHEET_QTY,       /* money holds the quantity, measure_id its unit (0: none, blank) */
	SHEET_PERCENT,   /* num in tenths of a percent: "12.5%" */
};

struct sheet_value {
	const char *text;            /* SHEET_TEXT (NULL = "") */
	money_t money;
	long long num;
	int32_t measure_id;
	enum theme_elem style;       /* TH_NORMAL: the type's own (money in TH_MONEY) */
	bool empty;                  /* no value: shown blank, sorted first */
};

struct sheet_column {
	const char *title;
	int width, min;
	enum sheet_type type;
};

struct sheet_source {
	size_t (*count)(void *ud);
	/* Fills v (zeroed before the call) for the cell. Text must live until the next call. */
	void (*value)(void *ud, size_t row, size_t col, struct sheet_value *v);
};

struct sheet;

/* cols is copied (titles are borrowed). */
struct sheet *sheet_new(const struct sheet_source *src, void *ud, const struct sheet_column *cols,
    size_t ncols, struct store *store);
void sheet_free(struct sheet *s);
/* The table to draw, move, filter, sort and export; owned by the sheet. */
struct table *sheet_table(struct sheet *s);

/* A value as the sheet shows it (for headers and summary lines). */
const char *sheet_format(struct sheet *s, enum sheet_type type, const struct sheet_value *v,
    char *buf, size_t n);

#endif
