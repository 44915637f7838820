#include "tui/scr.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "tui/draw.h"
#include "tui/export.h"
#include "tui/ui.h"
#include "util/wtext.h"

struct billing *
scr_billing(struct view *v)
{
	return store_billing(v->store);
}

const char *
scr_quantity(const struct store *s, money_t qty, int32_t measure_id, char *buf, size_t n)
{
	struct billing *b = store_billing(s);

	return units_format(b != NULL ? billing_units(b) : NULL, qty, measure_id, buf, n);
}

/* Rows a failed load's message may take below the header. */
#define SCR_MESSAGE_ROWS 4

/* Columns of row 0 the state takes at the right. */
static int
state_width(WINDOW *w, const struct store_view *sv)
{
	return sv != NULL ? (getmaxx(w) > 100 ? 48 : 30) : 0;
}

int
scr_title_width(WINDOW *w, const struct store_view *sv)
{
	return getmaxx(w) - state_width(w, sv) - 3;
}

int
scr_header(WINDOW *w, const char *title, const struct store_view *sv)
{
	int maxx = getmaxx(w), state = state_width(w, sv), y = 1;
	const char *msg;
	char line[512];

	draw_text(w, 0, 1, scr_title_width(w, sv), title, TH_PANE_TITLE, WTEXT_LEFT);
	if (sv == NULL)
		return y;
	draw_view_state_aligned(w, 0, maxx - state - 1, state, sv, WTEXT_RIGHT);
	if (sv->load != STORE_ERROR || sv->message == NULL)
		return y;
	/* Word by word where it can; a word wider than the screen is cut. */
	for (msg = sv->message; *msg != '\0' && y <= SCR_MESSAGE_ROWS; y++) {
		/* The last row takes the rest, cut to the width. */
		size_t n = y < SCR_MESSAGE_ROWS ? wtext_prefix(msg, maxx - 2) : strlen(msg);

		if (msg[n] != '\0')
			for (size_t i = n; i > 0; i--)
				if (msg[i] == ' ') {
					n = i;
					break;
				}
		snprintf(line, sizeof line, "%.*s", (int)n, msg);
		draw_text(w, y, 1, maxx - 2, line, TH_ERROR, WTEXT_LEFT);
		msg += n;
		while (*msg == ' ')
			msg++;
	}
	return y;
}

void
scr_draw_table(WINDOW *w, int top, struct table *t, bool focused)
{
	WINDOW *sub;

	if (getmaxy(w) - top < 2)
		return;
	sub = derwin(w, getmaxy(w) - top, getmaxx(w), top, 0);
	if (sub == NULL)
		return;
	table_draw(t, sub, focused);
	delwin(sub);
}

void
scr_file_name(char *buf, size_t n, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, n, fmt, ap);
	va_end(ap);
	for (char *p = buf; *p != '\0'; p++)
		if (*p == ' ' || *p == '/')
			*p = '-';
}

static void
on_filter_change(void *ud, const char *text)
{
	struct scr_table *st = ud;

	table_set_filter(st->t, text);
	ui_dirty(st->ui);
}

static void
on_filter_done(void *ud, const char *text, bool accepted)
{
	struct scr_table *st = ud;

	/* Esc drops the filter; Enter keeps it (as on the list screens). */
	table_set_filter(st->t, accepted ? text : "");
	ui_dirty(st->ui);
}

void
scr_table_set(struct scr_table *st, struct sheet *sh, const struct sheet_source *src, void *ud,
    const struct sheet_column *cols)
{
	st->t = sheet_table(sh);
	st->src = src;
	st->src_ud = ud;
	st->cols = cols;
}

bool
scr_table_amount(void *ud, size_t row, size_t col, money_t *m)
{
	const struct scr_table *st = ud;
	struct sheet_value v;

	if (st->cols[col].type != SHEET_MONEY)
		return false;
	memset(&v, 0, sizeof v);
	st->src->value(st->src_ud, row, col, &v);
	*m = v.money;
	return !v.empty;
}

bool
scr_table_key(struct scr_table *st, enum cmd c, const char *export_name)
{
	switch (c) {
	case CMD_FILTER:
		ui_edit(st->ui, "/", table_filter(st->t), on_filter_change, on_filter_done, st);
		return true;
	case CMD_EXPORT:
		export_table_exact(st->ui, st->t, export_name,
		    st->src != NULL ? scr_table_amount : NULL, st);
		return true;
	case CMD_BACK:
		if (table_filter(st->t)[0] == '\0')
			return false;
		table_set_filter(st->t, "");
		return true;
	default:
		return table_command(st->t, c);
	}
}

int
scr_create(struct ui *ui, struct store *store, struct view **views, int nviews, int max)
{
	if (store_billing(store) == NULL || nviews + 3 > max)
		return nviews;
	views[nviews++] = bills_view_new(ui, store);
	views[nviews++] = costs_view_new(ui, store);
	views[nviews++] = products_view_new(ui, store);
	return nviews;
}

bool
scr_open(struct ui *ui, struct store *store, enum cmd c)
{
	if (store_billing(store) == NULL)
		return false;
	switch (c) {
	case CMD_PRICE:
		ui_push(ui, price_view_new(ui, store, NULL, NULL, NULL));
		return true;
	case CMD_USAGE:
		ui_push(ui, usage_view_new(ui, store));
		return true;
	default:
		return false;
	}
}
