/*
 * Package usage (`U`, `:usage`): the account's resource packages; Enter on
 * one shows its usage by resource item (ListFreeResourceUsages) and its
 * usage records (ListFreeResourcesUsageRecords) over a window of days, which
 * billing asks for in pieces of at most 90 days. Quantities are shown in
 * readable units; each item's use within the window is summed from the
 * records.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tui/draw.h"
#include "tui/scr.h"
#include "tui/sheet.h"
#include "tui/ui.h"
#include "util/timeutil.h"
#include "util/xalloc.h"

/* Longest default window: the package's life up to today, a year at most. */
#define DEFAULT_DAYS 365

static const char *
when(const char *iso, char buf[24])
{
	time_t t;

	if (time_parse_iso(iso, &t) != 0)
		return iso;
	t += 8 * 3600;	/* billing time, like the console */
	strftime(buf, 24, "%Y-%m-%d %H:%M", gmtime(&t));
	return buf;
}

static const struct model_package *
find_package(struct store *s, const char *id)
{
	for (size_t i = 0; i < store_package_count(s); i++)
		if (strcmp(store_package(s, i)->order_instance_id, id) == 0)
			return store_package(s, i);
	return NULL;
}

/* ---- one package --------------------------------------------------------------------- */

enum { I_NAME, I_LEFT, I_TOTAL, I_USED, I_SHARE, I_WINDOW, I_FROM, I_TO, I_ID, I_NCOLS };

static const struct sheet_column item_cols[I_NCOLS] = {
	[I_NAME] = { "Item", 20, 10, SHEET_TEXT },
	[I_LEFT] = { "Remaining", 12, 10, SHEET_QTY },
	[I_TOTAL] = { "Total", 12, 10, SHEET_QTY },
	[I_USED] = { "Used", 12, 10, SHEET_QTY },
	[I_SHARE] = { "Used %", 7, 0, SHEET_PERCENT },
	[I_WINDOW] = { "Used in window", 14, 0, SHEET_QTY },
	[I_FROM] = { "Cycle from", 16, 0, SHEET_TEXT },
	[I_TO] = { "Cycle to", 16, 0, SHEET_TEXT },
	[I_ID] = { "Item ID", 36, 0, SHEET_TEXT },
};

enum { U_TIME, U_USED, U_BEFORE, U_AFTER, U_RTYPE, U_RESOURCE, U_USAGE, U_ITEM, U_NCOLS };

static const struct sheet_column record_cols[U_NCOLS] = {
	[U_TIME] = { "Deducted", 16, 16, SHEET_TEXT },
	[U_USED] = { "Used", 12, 10, SHEET_QTY },
	[U_BEFORE] = { "Before", 12, 10, SHEET_QTY },
	[U_AFTER] = { "After", 12, 10, SHEET_QTY },
	[U_RTYPE] = { "Resource type", 14, 0, SHEET_TEXT },
	[U_RESOURCE] = { "Resource", 36, 0, SHEET_TEXT },
	[U_USAGE] = { "Usage type", 12, 0, SHEET_TEXT },
	[U_ITEM] = { "Item ID", 36, 0, SHEET_TEXT },
};

struct package {
	struct scr_table items, records;
	struct sheet *item_sheet, *record_sheet;
	bool focus_records;
	char *id, *name;
	struct period window;
	unsigned gen[2];
	char buf[2][24];
	int items_top, records_top;
};

static const struct model_package_usages *
items_model(struct view *v)
{
	return model_package_usages(billing_view(scr_billing(v), BILLING_PACKAGE_ITEMS)->model);
}

static const struct model_usage_records *
records_model(struct view *v)
{
	return model_usage_records(billing_view(scr_billing(v), BILLING_PACKAGE_RECORDS)->model);
}

/* An item's use over the window: the sum of its records. */
static money_t
used_in_window(struct view *v, const char *item)
{
	const struct model_usage_records *r = records_model(v);
	money_t t = 0;

	for (size_t i = 0; r != NULL && i < r->n_free_resource_records; i++)
		if (strcmp(r->free_resource_records[i].free_resource_id, item) == 0)
			t += r->free_resource_records[i].used_amount;
	return t;
}

static size_t
items_count(void *ud)
{
	const struct model_package_usages *m = items_model(ud);

	return m != NULL ? m->n_free_resources : 0;
}

static void
items_value(void *ud, size_t row, size_t col, struct sheet_value *v)
{
	struct view *view = ud;
	struct package *pk = view->priv;
	const struct model_package_usage *u = &items_model(view)->free_resources[row];

	v->measure_id = u->measure_id;
	switch (col) {
	case I_NAME: v->text = u->usage_type_name[0] ? u->usage_type_name :
	    u->free_resource_type_name; break;
	case I_LEFT:
		v->money = u->amount;
		v->style = u->amount <= 0 ? TH_URGENT : TH_NORMAL;
		break;
	case I_TOTAL: v->money = u->original_amount; break;
	case I_USED: v->money = u->original_amount - u->amount; break;
	case I_SHARE: v->num = store_permille(u->original_amount - u->amount, u->original_amount); break;
	case I_WINDOW:
		v->money = used_in_window(view, u->free_resource_id);
		v->empty = records_model(view) == NULL;
		break;
	case I_FROM: v->text = when(u->start_time, pk->buf[0]); break;
	case I_TO: v->text = when(u->end_time, pk->buf[1]); break;
	default: v->text = u->free_resource_id; break;
	}
}

static size_t
records_count(void *ud)
{
	const struct model_usage_records *m = records_model(ud);

	return m != NULL ? m->n_free_resource_records : 0;
}

static void
records_value(void *ud, size_t row, size_t col, struct sheet_value *v)
{
	struct view *view = ud;
	struct package *pk = view->priv;
	const struct model_usage_record *r = &records_model(view)->free_resource_records[row];

	v->measure_id = r->measure_id;
	switch (col) {
	case U_TIME: v->text = when(r->deduct_time, pk->buf[0]); break;
	case U_USED: v->money = r->used_amount; break;
	case U_BEFORE: v->money = r->available_amount; break;
	case U_AFTER: v->money = r->remaining_amount; break;
	case U_RTYPE: v->text = r->resource_type_name[0] ? r->resource_type_name :
	    r->resource_type_code; break;
	case U_RESOURCE: v->text = r->resource_id; break;
	case U_USAGE: v->text = r->usage_type_code; break;
	default: v->text = r->free_resource_id; break;
	}
}

static const struct sheet_source items_source = { items_count, items_value };
static const struct sheet_source records_source = { records_count, records_value };

static void
package_load(struct view *v, bool force)
{
	struct package *pk = v->priv;
	const struct model_package *p = find_package(v->store, pk->id);

	if (p == NULL) {
		ui_message(v->ui, "package %s is no longer listed", pk->id);
		return;
	}
	billing_load_package(scr_billing(v), p, &pk->window, force);
}

static void
package_open(struct view *v)
{
	package_load(v, false);
}

static void
package_draw(struct view *v, WINDOW *w)
{
	struct package *pk = v->priv;
	struct billing *b = scr_billing(v);
	const struct store_view *sv = billing_view(b, BILLING_PACKAGE_RECORDS);
	const struct store_view *iv = billing_view(b, BILLING_PACKAGE_ITEMS);
	const struct model_usage_records *r = records_model(v);
	char title[256], range[PERIOD_TEXT_BUFSZ], line[160];
	size_t done, total;
	int maxy = getmaxy(w), split;

	if (iv->generation != pk->gen[0] || sv->generation != pk->gen[1]) {
		pk->gen[0] = iv->generation;
		pk->gen[1] = sv->generation;
		table_reload(pk->items.t);
		table_reload(pk->records.t);
	}
	snprintf(title, sizeof title, "Package usage: %s, %s (w window, [ ] move, Tab switches)",
	    pk->name, period_text(&pk->window, range, sizeof range));
	pk->items_top = scr_header(w, title, iv->load != STORE_OK ? iv : sv);
	billing_progress(b, BILLING_PACKAGE_RECORDS, &done, &total);
	if (sv->in_flight)
		snprintf(line, sizeof line, "Usage records: request %zu of %zu (at most %d days each)",
		    done + 1, total, PERIOD_USAGE_MAX_DAYS);
	else if (r != NULL)
		snprintf(line, sizeof line, "Usage records: %zu in %d days", r->n_free_resource_records,
		    period_length(&pk->window));
	else
		line[0] = '\0';
	/* Items take what they need (a few rows); the records the rest. */
	split = pk->items_top + 3 + (int)table_rows(pk->items.t);
	if (split > maxy / 2)
		split = maxy / 2;
	if (split - pk->items_top >= 2) {
		WINDOW *sub = derwin(w, split - pk->items_top, getmaxx(w), pk->items_top, 0);

		if (sub != NULL) {
			table_draw(pk->items.t, sub, !pk->focus_records);
			delwin(sub);
		}
	}
	draw_text(w, split, 1, getmaxx(w) - 2, line, TH_DIM, WTEXT_LEFT);
	pk->records_top = split + 1;
	scr_draw_table(w, pk->records_top, pk->records.t, pk->focus_records);
}

static void
on_window(void *ud, const char *text, bool accepted)
{
	struct view *v = ud;
	struct package *pk = v->priv;
	char err[160];
	struct period p;

	if (!accepted)
		return;
	if (period_parse(text, PERIOD_DAY, &p, err, sizeof err) != 0) {
		ui_message(v->ui, "%s", err);
		return;
	}
	pk->window = p;
	package_load(v, false);
}

static bool
package_key(struct view *v, enum cmd c)
{
	struct package *pk = v->priv;
	struct scr_table *st = pk->focus_records ? &pk->records : &pk->items;
	char range[PERIOD_TEXT_BUFSZ], name[96], from[11], to[11];

	switch (c) {
	case CMD_NEXT_PANE:
	case CMD_PREV_PANE:
		pk->focus_records = !pk->focus_records;
		return true;
	case CMD_RANGE:
		ui_edit(v->ui, "range: ", period_text(&pk->window, range, sizeof range), NULL,
		    on_window, v);
		return true;
	case CMD_EARLIER:
	case CMD_LATER:
		pk->window = period_shift(&pk->window, c == CMD_EARLIER ? -1 : 1);
		package_load(v, false);
		return true;
	case CMD_REFRESH:
		package_load(v, true);
		return true;
	default:
		scr_file_name(name, sizeof name, "package-%s-%s-%s-%s.csv",
		    pk->focus_records ? "records" : "items", pk->id,
		    period_label(PERIOD_DAY, pk->window.from, from),
		    period_label(PERIOD_DAY, pk->window.to, to));
		return scr_table_key(st, c, name);
	}
}

static void
package_select(struct view *v, int y, int x)
{
	struct package *pk = v->priv;
	size_t pos;

	(void)x;
	if (y >= pk->records_top) {
		pk->focus_records = true;
		if (table_hit(pk->records.t, y - pk->records_top, &pos))
			table_set_cursor(pk->records.t, pos);
	} else if (y >= pk->items_top) {
		pk->focus_records = false;
		if (table_hit(pk->items.t, y - pk->items_top, &pos))
			table_set_cursor(pk->items.t, pos);
	}
}

static void
package_close(struct view *v)
{
	struct package *pk = v->priv;

	sheet_free(pk->item_sheet);
	sheet_free(pk->record_sheet);
	free(pk->id);
	free(pk->name);
	free(pk);
	free(v);
}

static const struct view_ops package_ops = {
	"Package usage", package_open, package_draw, package_key, package_select, package_close,
};

/* The package's life up to today, a year at most; the last 30 days when that is empty. */
static struct period
default_window(const struct model_package *p)
{
	time_t from, to;
	struct period w = period_last(PERIOD_DAY, DEFAULT_DAYS);

	if (time_parse_iso(p->effective_time, &from) == 0 && period_day_of(from) > w.from)
		w.from = period_day_of(from);
	if (time_parse_iso(p->expire_time, &to) == 0 && period_day_of(to) < w.to)
		w.to = period_day_of(to);
	return w.from <= w.to ? w : period_last(PERIOD_DAY, 30);
}

static struct view *
package_view_new(struct ui *ui, struct store *store, const struct model_package *p)
{
	struct view *v = xcalloc(1, sizeof *v);
	struct package *pk = xcalloc(1, sizeof *pk);

	v->ops = &package_ops;
	v->ui = ui;
	v->store = store;
	v->priv = pk;
	pk->id = xstrdup(p->order_instance_id);
	pk->name = xstrdup(p->product_name[0] ? p->product_name : p->order_instance_id);
	pk->window = default_window(p);
	pk->item_sheet = sheet_new(&items_source, v, item_cols, I_NCOLS, store);
	pk->record_sheet = sheet_new(&records_source, v, record_cols, U_NCOLS, store);
	pk->items = (struct scr_table){ .ui = ui, .t = sheet_table(pk->item_sheet) };
	pk->records = (struct scr_table){ .ui = ui, .t = sheet_table(pk->record_sheet) };
	return v;
}

/* ---- the packages --------------------------------------------------------------------- */

enum { P_NAME, P_SERVICE, P_ITEMS, P_STATUS, P_FROM, P_TO, P_REGION, P_ID, P_NCOLS };

static const struct sheet_column package_cols[P_NCOLS] = {
	[P_NAME] = { "Package", 32, 12, SHEET_TEXT },
	[P_SERVICE] = { "Service", 18, 0, SHEET_TEXT },
	[P_ITEMS] = { "Items", 5, 0, SHEET_INT },
	[P_STATUS] = { "Status", 12, 0, SHEET_TEXT },
	[P_FROM] = { "Effective", 16, 0, SHEET_TEXT },
	[P_TO] = { "Expires", 16, 0, SHEET_TEXT },
	[P_REGION] = { "Region", 12, 0, SHEET_TEXT },
	[P_ID] = { "Instance ID", 36, 0, SHEET_TEXT },
};

struct packages {
	struct scr_table st;
	struct sheet *sheet;
	unsigned gen;
	char buf[24];
};

static size_t
packages_count(void *ud)
{
	return store_package_count(((struct view *)ud)->store);
}

static const char *
package_status(int32_t st)
{
	static const char *const names[] = { "not effective", "effective", "used up", "expired",
		"unsubscribed" };

	return st >= 0 && st <= 4 ? names[st] : "?";
}

static void
packages_value(void *ud, size_t row, size_t col, struct sheet_value *v)
{
	struct view *view = ud;
	struct packages *pv = view->priv;
	const struct model_package *p = store_package(view->store, row);

	switch (col) {
	case P_NAME: v->text = p->product_name; break;
	case P_SERVICE: v->text = p->service_type_name[0] ? p->service_type_name :
	    p->service_type_code; break;
	case P_ITEMS: v->num = (long long)p->n_free_resources; break;
	case P_STATUS: v->text = package_status(p->status); break;
	case P_FROM: v->text = when(p->effective_time, pv->buf); break;
	case P_TO: v->text = when(p->expire_time, pv->buf); break;
	case P_REGION: v->text = p->region_code; break;
	default: v->text = p->order_instance_id; break;
	}
}

static const struct sheet_source packages_source = { packages_count, packages_value };

static void
packages_open(struct view *v)
{
	(void)v;
}

static void
packages_draw(struct view *v, WINDOW *w)
{
	struct packages *pv = v->priv;
	const struct store_view *sv = store_view(v->store, STORE_PACKAGES);

	if (sv->generation != pv->gen) {
		pv->gen = sv->generation;
		table_reload(pv->st.t);
	}
	pv->st.top = scr_header(w, "Package usage: choose a package (Enter)", sv);
	scr_draw_table(w, pv->st.top, pv->st.t, true);
}

static bool
packages_key(struct view *v, enum cmd c)
{
	struct packages *pv = v->priv;
	size_t row;

	switch (c) {
	case CMD_ENTER:
		if (table_cursor_row(pv->st.t, &row))
			ui_push(v->ui, package_view_new(v->ui, v->store, store_package(v->store, row)));
		return true;
	case CMD_USAGE:
		return true;	/* already here */
	case CMD_REFRESH:
		store_refresh(v->store, STORE_PACKAGES);
		return true;
	default:
		return scr_table_key(&pv->st, c, "packages.csv");
	}
}

static void
packages_select(struct view *v, int y, int x)
{
	struct packages *pv = v->priv;
	size_t pos;

	(void)x;
	if (table_hit(pv->st.t, y - pv->st.top, &pos))
		table_set_cursor(pv->st.t, pos);
}

static void
packages_close(struct view *v)
{
	struct packages *pv = v->priv;

	sheet_free(pv->sheet);
	free(pv);
	free(v);
}

static const struct view_ops packages_ops = {
	"Package usage", packages_open, packages_draw, packages_key, packages_select,
	packages_close,
};

struct view *
usage_view_new(struct ui *ui, struct store *store)
{
	struct view *v = xcalloc(1, sizeof *v);
	struct packages *pv = xcalloc(1, sizeof *pv);

	v->ops = &packages_ops;
	v->ui = ui;
	v->store = store;
	v->priv = pv;
	pv->sheet = sheet_new(&packages_source, v, package_cols, P_NCOLS, store);
	pv->st = (struct scr_table){ .ui = ui, .t = sheet_table(pv->sheet) };
	pv->gen = store_view(store, STORE_PACKAGES)->generation;
	return v;
}
