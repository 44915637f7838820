/*
 * scr: what the screens beyond the overview (bills, costs, products, price,
 * usage and their drill-downs) share: the header line with the data's
 * state, a table's keys (filter, export, navigation) and its drawing, and
 * the hook that registers them with the ui.
 *
 *   7 bills    (scr_bills.c)     13 months; month -> expenditures -> usage details -> order
 *   8 costs    (scr_costs.c)     cost data by day or month, grouped, jumps flagged
 *   9 products (scr_products.c)  services -> resource types -> usage types; units
 *   price, `$` (scr_price.c)     the price calculator
 *   usage, `U` (scr_usage.c)     packages -> items and usage records over a window
 *   refunds    (scr_refund.c)    lines for the order detail of a refund order
 */
#ifndef BSS_TUI_SCR_H
#define BSS_TUI_SCR_H

#include <stdbool.h>
#include <stddef.h>

#include "app/billing.h"
#include "app/store.h"
#include "tui/keymap.h"
#include "tui/sheet.h"
#include "tui/table.h"
#include "tui/view.h"

/* The billing data of the store (never NULL on these screens). */
struct billing *scr_billing(struct view *v);

/*
 * A quantity in its readable unit (app/units over the API's unit table),
 * for every screen that shows one: "1 TB", "730 h".
 */
const char *scr_quantity(const struct store *s, money_t qty, int32_t measure_id, char *buf,
    size_t n);

/*
 * Title on the left of row 0, the state of sv (when not NULL) on the right.
 * A failed load's message seldom fits there: it follows in full, wrapped, on
 * rows of its own. Returns the first row below what it drew.
 */
int scr_header(WINDOW *w, const char *title, const struct store_view *sv);
/* The columns scr_header() gives the title, from column 1: what the state leaves. */
int scr_title_width(WINDOW *w, const struct store_view *sv);
/* t in the rows of w from top down; focused draws the cursor row highlighted. */
void scr_draw_table(WINDOW *w, int top, struct table *t, bool focused);

/* A file name offered by export: formatted, spaces made dashes. */
void scr_file_name(char *buf, size_t n, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* A table of a screen, with the keys every table has there. */
struct scr_table {
	struct ui *ui;
	struct table *t;
	int top;    /* the row of the window it was last drawn from: for mouse clicks */
	/* The sheet's source, when set: export writes its money cells' exact amounts. */
	const struct sheet_source *src;
	void *src_ud;
	const struct sheet_column *cols;
};

/* Points st at sh's table; src, ud and cols are sh's own (borrowed alike). */
void scr_table_set(struct scr_table *st, struct sheet *sh, const struct sheet_source *src,
    void *ud, const struct sheet_column *cols);
/*
 * The export_amount_fn of a scr_table set from a sheet (ud): the sheet shows
 * money to 2 places, an export keeps every place money_t has.
 */
bool scr_table_amount(void *ud, size_t row, size_t col, money_t *m);

/*
 * `/` filter, `x` export (as export_name), Esc clearing a filter, and the
 * table's own keys. True when c was one of them.
 */
bool scr_table_key(struct scr_table *st, enum cmd c, const char *export_name);

/* ---- the screens -------------------------------------------------------------- */

struct view *bills_view_new(struct ui *ui, struct store *store);
struct view *costs_view_new(struct ui *ui, struct store *store);
struct view *products_view_new(struct ui *ui, struct store *store);
struct view *usage_view_new(struct ui *ui, struct store *store);

/* The price calculator, blank or for one product (any of the codes may be NULL). */
struct view *price_view_new(struct ui *ui, struct store *store, const char *service,
    const char *resource_type, const char *usage_factor);

/*
 * Registration (called by the ui): the tab screens 7-9 after the first
 * `nviews`, and the views that commands open (price, usage). Returns the new
 * count; scr_open returns true when c opened a view.
 */
int scr_create(struct ui *ui, struct store *store, struct view **views, int nviews, int max);
bool scr_open(struct ui *ui, struct store *store, enum cmd c);

/*
 * Refunds in the order detail view: for an unsubscription (4) or change (3)
 * order, the refund records as "key\tvalue" lines (heap strings; the caller
 * frees them and the array; NULL and 0 when there are none), asked of the
 * API the first time an order is shown. refund_state() changes whenever
 * those lines would, so the detail view knows when to rebuild.
 */
char **refund_lines(struct store *store, const struct model_order *o, size_t *n);
unsigned refund_state(struct store *store);

#endif
