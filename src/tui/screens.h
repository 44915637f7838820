/*
 * screens: the dashboard's views, each behind struct view_ops.
 *
 *   1 overview        (overview.c)  five panes at once
 *   2 balance         (lists.c)     accounts, history sparkline, days left
 *   3 coupons, 4 orders, 5 subscriptions, 6 packages (lists.c): tables
 *   help              (help.c)      generated from the key table
 *   detail            (detail.c)    a row's fields, then the detail API's answer
 *   journal           (journal_view.c) past actions and their outcomes, newest first
 *
 * Every constructor returns a view the caller (the ui) owns: close() frees it.
 */
#ifndef BSS_TUI_SCREENS_H
#define BSS_TUI_SCREENS_H

#include <stdbool.h>
#include <stddef.h>

#include "app/journal.h"
#include "app/store.h"
#include "tui/table.h"
#include "tui/view.h"

/* Fills views with the top-level screens in tab order; returns how many. */
int screens_create(struct ui *ui, struct store *store, struct view **views, int max);

extern const struct view_ops help_view_ops;
struct view *help_view_new(struct ui *ui, struct store *store);

struct view *overview_view_new(struct ui *ui, struct store *store);

/* The journal screen over j (borrowed: it must outlive the view). */
extern const struct view_ops journal_view_ops;
struct view *journal_view_new(struct ui *ui, struct store *store, const struct journal *j);

/*
 * The list screens, by store view. A list also serves the overview: a pane
 * is the same table over the same rows with fewer columns.
 */
struct list_desc;
extern const struct list_desc list_balance, list_coupons, list_orders, list_subscriptions,
    list_packages;
struct view *list_view_new(struct ui *ui, struct store *store, const struct list_desc *d);
/*
 * A table for the overview pane of d: the pane columns, or the compact ones
 * (short titles and times) for a pane too narrow for those; table_free() it.
 */
struct table *list_pane_table(struct store *store, const struct list_desc *d, bool compact);
/* The store view behind d, and its tab name. */
enum store_view_id list_store_view(const struct list_desc *d);
const char *list_name(const struct list_desc *d);

/*
 * A detail view: title and "key\tvalue" lines (copied), then, when kind is
 * not STORE_DETAIL_NONE, what the detail API answers for ids (asked of the
 * store now; ids are copied by the store).
 */
struct view *detail_view_new(struct ui *ui, struct store *store, const char *title,
    const char *const *lines, size_t n, enum store_detail kind, const char *const *ids,
    size_t nids);

#endif
