#include "tui/export.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/export.h"
#include "util/format.h"
#include "util/xalloc.h"

#define CELL_MAX 1024

struct export_snapshot {
	struct fmt_col *cols;          /* names and titles owned here */
	size_t ncols;
	struct fmt_table *t;
	struct ui *ui;
};

/* A cell as a number: "1,234.50" and "-3" are; "12d", "45%" and "" are not. */
static bool
as_number(const char *text, money_t *out)
{
	char plain[64];
	size_t n = 0;

	while (*text == ' ')
		text++;
	for (; *text != '\0' && n + 1 < sizeof plain; text++)
		if (*text != ',')
			plain[n++] = *text;
	plain[n] = '\0';
	return n > 0 && *text == '\0' && money_parse(plain, out) == 0;
}

/* Right-aligned columns whose every non-empty cell is a number go out as numbers. */
static bool
numeric_column(struct table *t, size_t col)
{
	char buf[CELL_MAX];
	money_t m;

	if (table_col(t, col)->align != WTEXT_RIGHT)
		return false;
	for (size_t i = 0; i < table_rows(t); i++) {
		const char *s = table_cell_at(t, i, col, buf, sizeof buf);

		if (s[0] != '\0' && !as_number(s, &m))
			return false;
	}
	return true;
}

struct export_snapshot *
export_snapshot_new(struct table *t, export_amount_fn amount, void *ud)
{
	struct export_snapshot *s = xcalloc(1, sizeof *s);
	char buf[CELL_MAX];

	s->ncols = table_ncols(t);
	s->cols = xcalloc(s->ncols + 1, sizeof *s->cols);
	for (size_t c = 0; c < s->ncols; c++) {
		s->cols[c].name = export_column_name(table_col(t, c)->title);
		s->cols[c].title = xstrdup(table_col(t, c)->title);
		s->cols[c].type = numeric_column(t, c) ? FMT_MONEY : FMT_TEXT;
	}
	s->t = fmt_table_new(s->cols, s->ncols);
	for (size_t i = 0; i < table_rows(t); i++) {
		fmt_row(s->t);
		for (size_t c = 0; c < s->ncols; c++) {
			const char *text = table_cell_at(t, i, c, buf, sizeof buf);
			money_t m;

			if (s->cols[c].type == FMT_TEXT)
				fmt_text(s->t, c, text);
			else if ((amount != NULL && amount(ud, table_row_at(t, i), c, &m)) ||
			    as_number(text, &m))
				fmt_money(s->t, c, m);
		}
	}
	return s;
}

const struct fmt_table *
export_snapshot_table(const struct export_snapshot *s)
{
	return s->t;
}

void
export_snapshot_free(struct export_snapshot *s)
{
	if (s == NULL)
		return;
	fmt_table_free(s->t);
	for (size_t c = 0; c < s->ncols; c++) {
		free((char *)s->cols[c].name);
		free((char *)s->cols[c].title);
	}
	free(s->cols);
	free(s);
}

static void
on_name(void *ud, const char *text, bool accepted)
{
	struct export_snapshot *s = ud;
	char err[512], path[1024];

	if (accepted) {
		if (export_write(s->t, text, path, sizeof path, err, sizeof err) == 0)
			ui_message(s->ui, "wrote %zu rows to %s", fmt_table_rows(s->t), path);
		else
			ui_message(s->ui, "export failed: %s", err);
	}
	export_snapshot_free(s);
}

void
export_table_exact(struct ui *ui, struct table *t, const char *name, export_amount_fn amount,
    void *ud)
{
	struct export_snapshot *s;

	if (table_rows(t) == 0) {
		ui_message(ui, "nothing to export: the table is empty");
		return;
	}
	s = export_snapshot_new(t, amount, ud);
	s->ui = ui;
	ui_edit(ui, "file: ", name, NULL, on_name, s);
}
