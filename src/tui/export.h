/*
 * export: `x` on a table. Takes every row of the table as it stands (the
 * filter applied, in the sort order, all rows, not just those on screen),
 * asks for a file name with the line editor, and writes it as CSV or JSON
 * (app/export). Right-aligned columns whose cells all read as numbers go
 * out as numbers; the rest as text.
 *
 * The rows are copied when `x` is pressed, so the table may change or go
 * away while the name is typed.
 */
#ifndef BSS_TUI_EXPORT_H
#define BSS_TUI_EXPORT_H

#include <stdbool.h>
#include <stddef.h>

#include "tui/table.h"
#include "tui/ui.h"
#include "util/money.h"

/*
 * The exact amount behind the cell of source row `row` in column col, which
 * the table shows rounded (money to the currency's 2 places): true with *m
 * set; false to export the cell as it reads.
 */
typedef bool (*export_amount_fn)(void *ud, size_t row, size_t col, money_t *m);
/*
 * name: the file name offered, e.g. "bills-2024-03.csv" (copied). Where
 * amount (may be NULL) has a cell's exact value, that is written instead of
 * the text (ud borrowed for the call).
 */
void export_table_exact(struct ui *ui, struct table *t, const char *name, export_amount_fn amount,
    void *ud);

/* The copy export_table_exact() writes (exposed for tests): rows of a util/format table. */
struct export_snapshot;
struct fmt_table;
struct export_snapshot *export_snapshot_new(struct table *t, export_amount_fn amount, void *ud);
const struct fmt_table *export_snapshot_table(const struct export_snapshot *s);
void export_snapshot_free(struct export_snapshot *s);

#endif
