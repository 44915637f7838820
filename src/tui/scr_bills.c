/*
 * Screen 7, bills: the monthly expenditure summaries of the last 13 months
 * as a bar chart, the selected month grouped by service or by billing mode
 * as a table; Enter drills down to the month's resource expenditures
 * (res-fee records), from one of those to its usage details (resource
 * records), and from a detail paid by an order to that order (with its
 * refund when it is an unsubscription). Each level checks that its records
 * add up to the level above.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/spend.h"
#include "tui/chart.h"
#include "tui/draw.h"
#include "tui/scr.h"
#include "tui/screens.h"
#include "tui/sheet.h"
#include "tui/ui.h"
#include "util/timeutil.h"
#include "util/xalloc.h"

static const char *const month_names[12] = {
	"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
};

static const char *
currency_of(const char *c)
{
	return c != NULL && c[0] != '\0' ? c : "CNY";
}

/* "sum 1,234.56 CNY = summary 1,234.56": whether a level adds up to the one above. */
static void
draw_check(WINDOW *w, int y, const char *what, size_t n, money_t sum, const char *above,
    money_t expected, const char *currency)
{
	char line[256], a[MONEY_BUFSZ], b[MONEY_BUFSZ];
	bool ok = sum == expected;

	snprintf(line, sizeof line, "%zu %s, sum %s %s %s %s %s%s", n, what,
	    money_format_grouped(sum, 2, a, sizeof a), currency, ok ? "=" : "differs from", above,
	    money_format_grouped(expected, 2, b, sizeof b), ok ? " (adds up)" : "");
	draw_text(w, y, 1, getmaxx(w) - 2, line, ok ? TH_OK : TH_URGENT, WTEXT_LEFT);
}

/* ---- usage details of one expenditure ------------------------------------------------ */

enum { R_DATE, R_AMOUNT, R_OFFICIAL, R_DISCOUNT, R_TYPE, R_SPEC, R_FROM, R_TO, R_TRADE,
	R_REGION, R_NCOLS };

static const struct sheet_column record_cols[R_NCOLS] = {
	[R_DATE] = { "Date", 10, 10, SHEET_TEXT },
	[R_AMOUNT] = { "Amount", 14, 10, SHEET_MONEY },
	[R_OFFICIAL] = { "List price", 14, 0, SHEET_MONEY },
	[R_DISCOUNT] = { "Discount", 12, 0, SHEET_MONEY },
	[R_TYPE] = { "Bill type", 14, 0, SHEET_TEXT },
	[R_SPEC] = { "Spec", 30, 10, SHEET_TEXT },
	[R_FROM] = { "From", 20, 0, SHEET_TEXT },
	[R_TO] = { "To", 20, 0, SHEET_TEXT },
	[R_TRADE] = { "Order / transaction", 22, 0, SHEET_TEXT },
	[R_REGION] = { "Region", 14, 0, SHEET_TEXT },
};

struct records {
	struct scr_table st;
	struct sheet *sheet;
	struct billing_record_query q;
	char *resource_id, *title;
	money_t expected;              /* the expenditure row's amount */
	unsigned gen;
	char date[16];
};

static const struct model_res_records *
records_model(struct view *v)
{
	return model_res_records(billing_view(scr_billing(v), BILLING_RECORDS)->model);
}

static size_t
records_count(void *ud)
{
	const struct model_res_records *r = records_model(ud);

	return r != NULL ? r->n_monthly_records : 0;
}

static void
records_value(void *ud, size_t row, size_t col, struct sheet_value *v)
{
	struct view *view = ud;
	struct records *rv = view->priv;
	const struct model_res_record *r = &records_model(view)->monthly_records[row];

	switch (col) {
	case R_DATE:
		/* Usage details carry a consumption time; daily ones a bill date. */
		if (r->bill_date[0] != '\0') {
			v->text = r->bill_date;
		} else {
			time_t t;

			v->text = time_parse_iso(r->consume_time, &t) == 0 ?
			    time_format_date_cn(t, rv->date) : r->cycle;
		}
		break;
	case R_AMOUNT: v->money = r->consume_amount; break;
	case R_OFFICIAL: v->money = r->official_amount; break;
	case R_DISCOUNT: v->money = r->discount_amount; break;
	case R_TYPE: v->text = spend_bill_type_name(r->bill_type); break;
	case R_SPEC: v->text = r->product_spec_desc; break;
	case R_FROM: v->text = r->effective_time; break;
	case R_TO: v->text = r->expire_time; break;
	case R_TRADE: v->text = r->trade_id; break;
	default: v->text = r->region_name[0] ? r->region_name : r->region; break;
	}
}

static const struct sheet_source records_source = { records_count, records_value };

static void
records_open(struct view *v)
{
	struct records *rv = v->priv;

	billing_load_records(scr_billing(v), &rv->q, false);
}

static void
records_sync(struct view *v)
{
	struct records *rv = v->priv;
	const struct store_view *sv = billing_view(scr_billing(v), BILLING_RECORDS);

	if (sv->generation != rv->gen) {
		rv->gen = sv->generation;
		table_reload(rv->st.t);
	}
}

static void
records_draw(struct view *v, WINDOW *w)
{
	struct records *rv = v->priv;
	const struct store_view *sv = billing_view(scr_billing(v), BILLING_RECORDS);
	const struct model_res_records *r = records_model(v);

	int top;

	records_sync(v);
	top = scr_header(w, rv->title, sv);
	if (r != NULL)
		draw_check(w, top, "usage details", r->n_monthly_records, spend_record_total(r),
		    "the expenditure", rv->expected, currency_of(r->currency));
	rv->st.top = top + 1;
	scr_draw_table(w, rv->st.top, rv->st.t, true);
}

/* Enter on a detail paid by an order: the order, and its refund when it has one. */
static void
records_enter(struct view *v)
{
	struct records *rv = v->priv;
	const struct model_res_record *r;
	char *lines[4], title[160];
	const char *id;
	size_t row;

	if (!table_cursor_row(rv->st.t, &row))
		return;
	r = &records_model(v)->monthly_records[row];
	if (!spend_bill_type_is_order(r->bill_type) || r->trade_id[0] == '\0') {
		ui_message(v->ui, "this record is not paid by an order (%s)",
		    spend_bill_type_name(r->bill_type));
		return;
	}
	id = r->trade_id;
	lines[0] = xasprintf("Bill type\t%s", spend_bill_type_name(r->bill_type));
	lines[1] = xasprintf("Resource\t%s", r->resource_name[0] ? r->resource_name :
	    r->res_instance_id);
	lines[2] = xasprintf("Cycle\t%s", r->cycle);
	lines[3] = xasprintf("Service\t%s", r->cloud_service_type_name);
	snprintf(title, sizeof title, "Order: %s", id);
	ui_push(v->ui, detail_view_new(v->ui, v->store, title, (const char *const *)lines, 4,
	    STORE_DETAIL_ORDER, &id, 1));
	for (size_t i = 0; i < 4; i++)
		free(lines[i]);
}

static bool
records_key(struct view *v, enum cmd c)
{
	struct records *rv = v->priv;
	char name[64], cycle[11];

	switch (c) {
	case CMD_ENTER:
		records_enter(v);
		return true;
	case CMD_REFRESH:
		billing_load_records(scr_billing(v), &rv->q, true);
		return true;
	default:
		snprintf(name, sizeof name, "usage-details-%s.csv",
		    period_label(PERIOD_MONTH, rv->q.month, cycle));
		return scr_table_key(&rv->st, c, name);
	}
}

static void
records_select(struct view *v, int y, int x)
{
	struct records *rv = v->priv;
	size_t pos;

	(void)x;
	if (table_hit(rv->st.t, y - rv->st.top, &pos))
		table_set_cursor(rv->st.t, pos);
}

static void
records_close(struct view *v)
{
	struct records *rv = v->priv;

	sheet_free(rv->sheet);
	free(rv->resource_id);
	free(rv->title);
	free(rv);
	free(v);
}

static const struct view_ops records_ops = {
	"Usage details", records_open, records_draw, records_key, records_select, records_close,
};

static struct view *
records_view_new(struct ui *ui, struct store *store, const struct model_fee_record *f, int month)
{
	struct view *v = xcalloc(1, sizeof *v);
	struct records *rv = xcalloc(1, sizeof *rv);
	char cycle[11];

	v->ops = &records_ops;
	v->ui = ui;
	v->store = store;
	v->priv = rv;
	v->auto_refresh_s = store_options(store)->refresh_interval_s;
	rv->resource_id = xstrdup(f->resource_id);
	rv->q = (struct billing_record_query){ month, rv->resource_id, f->charge_mode, f->bill_type };
	rv->expected = f->amount;
	rv->title = xasprintf("Usage details %s: %s, %s", period_label(PERIOD_MONTH, month, cycle),
	    f->resource_name[0] ? f->resource_name : f->resource_id,
	    spend_bill_type_name(f->bill_type));
	rv->sheet = sheet_new(&records_source, v, record_cols, R_NCOLS, store);
	rv->st.ui = ui;
	scr_table_set(&rv->st, rv->sheet, &records_source, v, record_cols);
	rv->gen = billing_view(store_billing(store), BILLING_RECORDS)->generation;
	return v;
}

/* ---- a month's resource expenditures ------------------------------------------------- */

enum { F_NAME, F_SERVICE, F_RTYPE, F_TYPE, F_MODE, F_AMOUNT, F_OFFICIAL, F_DISCOUNT, F_USAGE,
	F_REGION, F_ID, F_NCOLS };

static const struct sheet_column fee_cols[F_NCOLS] = {
	[F_NAME] = { "Resource", 24, 10, SHEET_TEXT },
	[F_SERVICE] = { "Service", 18, 0, SHEET_TEXT },
	[F_RTYPE] = { "Resource type", 14, 0, SHEET_TEXT },
	[F_TYPE] = { "Bill type", 14, 0, SHEET_TEXT },
	[F_MODE] = { "Billing mode", 14, 0, SHEET_TEXT },
	[F_AMOUNT] = { "Amount", 14, 10, SHEET_MONEY },
	[F_OFFICIAL] = { "List price", 14, 0, SHEET_MONEY },
	[F_DISCOUNT] = { "Discount", 12, 0, SHEET_MONEY },
	[F_USAGE] = { "Usage", 14, 0, SHEET_QTY },
	[F_REGION] = { "Region", 14, 0, SHEET_TEXT },
	[F_ID] = { "Resource ID", 36, 0, SHEET_TEXT },
};

struct fees {
	struct scr_table st;
	struct sheet *sheet;
	struct billing_fee_query q;
	char *service, *title;
	money_t expected;              /* the summary row's amount */
	unsigned gen;
};

static const struct model_fee_records *
fees_model(struct view *v)
{
	return model_fee_records(billing_view(scr_billing(v), BILLING_FEES)->model);
}

static size_t
fees_count(void *ud)
{
	const struct model_fee_records *f = fees_model(ud);

	return f != NULL ? f->n_fee_records : 0;
}

static void
fees_value(void *ud, size_t row, size_t col, struct sheet_value *v)
{
	const struct model_fee_record *f = &fees_model(ud)->fee_records[row];

	switch (col) {
	case F_NAME: v->text = f->resource_name[0] ? f->resource_name : f->resource_id; break;
	case F_SERVICE: v->text = f->cloud_service_type_name; break;
	case F_RTYPE: v->text = f->resource_type_name; break;
	case F_TYPE:
		v->text = spend_bill_type_name(f->bill_type);
		v->style = f->amount < 0 ? TH_OK : TH_NORMAL;
		break;
	case F_MODE: v->text = spend_mode_name(f->charge_mode); break;
	case F_AMOUNT: v->money = f->amount; break;
	case F_OFFICIAL: v->money = f->official_amount; break;
	case F_DISCOUNT: v->money = f->discount_amount; break;
	case F_USAGE:
		/* Only pay-per-use records meter usage. */
		if (f->has_usage) {
			v->money = f->usage;
			v->measure_id = f->usage_measure_id;
		} else {
			v->measure_id = f->spec_size_measure_id;
			v->money = f->has_spec_size ? f->spec_size : 0;
		}
		break;
	case F_REGION: v->text = f->region_name[0] ? f->region_name : f->region; break;
	default: v->text = f->resource_id; break;
	}
}

static const struct sheet_source fees_source = { fees_count, fees_value };

static void
fees_open(struct view *v)
{
	struct fees *fv = v->priv;

	billing_load_fees(scr_billing(v), &fv->q, false);
}

static void
fees_draw(struct view *v, WINDOW *w)
{
	struct fees *fv = v->priv;
	const struct store_view *sv = billing_view(scr_billing(v), BILLING_FEES);
	const struct model_fee_records *f = fees_model(v);
	int top;

	if (sv->generation != fv->gen) {
		fv->gen = sv->generation;
		table_reload(fv->st.t);
	}
	top = scr_header(w, fv->title, sv);
	if (f != NULL)
		draw_check(w, top, "expenditures", f->n_fee_records, spend_fee_total(f), "the summary",
		    fv->expected, currency_of(f->currency));
	fv->st.top = top + 1;
	scr_draw_table(w, fv->st.top, fv->st.t, true);
}

static bool
fees_key(struct view *v, enum cmd c)
{
	struct fees *fv = v->priv;
	char name[64], cycle[11];
	size_t row;

	switch (c) {
	case CMD_ENTER:
		if (table_cursor_row(fv->st.t, &row))
			ui_push(v->ui, records_view_new(v->ui, v->store, &fees_model(v)->fee_records[row],
			    fv->q.month));
		return true;
	case CMD_REFRESH:
		billing_load_fees(scr_billing(v), &fv->q, true);
		return true;
	default:
		snprintf(name, sizeof name, "expenditures-%s.csv",
		    period_label(PERIOD_MONTH, fv->q.month, cycle));
		return scr_table_key(&fv->st, c, name);
	}
}

static void
fees_select(struct view *v, int y, int x)
{
	struct fees *fv = v->priv;
	size_t pos;

	(void)x;
	if (table_hit(fv->st.t, y - fv->st.top, &pos))
		table_set_cursor(fv->st.t, pos);
}

static void
fees_close(struct view *v)
{
	struct fees *fv = v->priv;

	sheet_free(fv->sheet);
	free(fv->service);
	free(fv->title);
	free(fv);
	free(v);
}

static const struct view_ops fees_ops = {
	"Expenditures", fees_open, fees_draw, fees_key, fees_select, fees_close,
};

/* One month's expenditures of a group (NULL: all of them), which should add up to expected. */
static struct view *
fees_view_new(struct ui *ui, struct store *store, int month, enum spend_grouping by,
    const struct spend_group *g, money_t expected)
{
	struct view *v = xcalloc(1, sizeof *v);
	struct fees *fv = xcalloc(1, sizeof *fv);
	char cycle[11];

	v->ops = &fees_ops;
	v->ui = ui;
	v->store = store;
	v->priv = fv;
	v->auto_refresh_s = store_options(store)->refresh_interval_s;
	fv->q.month = month;
	if (g != NULL && by == SPEND_BY_SERVICE) {
		fv->service = xstrdup(g->key);
		fv->q.service = fv->service;
	} else if (g != NULL) {
		fv->q.charge_mode = g->charging_mode;
	}
	fv->expected = expected;
	fv->title = xasprintf("Expenditures %s: %s", period_label(PERIOD_MONTH, month, cycle),
	    g != NULL ? g->name : "all");
	fv->sheet = sheet_new(&fees_source, v, fee_cols, F_NCOLS, store);
	fv->st.ui = ui;
	scr_table_set(&fv->st, fv->sheet, &fees_source, v, fee_cols);
	fv->gen = billing_view(store_billing(store), BILLING_FEES)->generation;
	return v;
}

/* ---- the 13 months -------------------------------------------------------------------- */

enum { B_GROUP, B_AMOUNT, B_OFFICIAL, B_DISCOUNT, B_COUPON, B_CASH, B_CREDIT, B_SHARE,
	B_NCOLS };

static const struct sheet_column bill_cols[B_NCOLS] = {
	[B_GROUP] = { "Group", 28, 12, SHEET_TEXT },
	[B_AMOUNT] = { "Amount", 14, 10, SHEET_MONEY },
	[B_OFFICIAL] = { "List price", 14, 0, SHEET_MONEY },
	[B_DISCOUNT] = { "Discount", 12, 0, SHEET_MONEY },
	[B_COUPON] = { "Coupons", 12, 0, SHEET_MONEY },
	[B_CASH] = { "Cash", 14, 0, SHEET_MONEY },
	[B_CREDIT] = { "Credit", 12, 0, SHEET_MONEY },
	[B_SHARE] = { "Share", 7, 0, SHEET_PERCENT },
};

struct bills {
	struct scr_table st;
	struct sheet *sheet;
	enum spend_grouping by;
	size_t sel;                    /* the month shown in the table */
	/* Groups of the selected month, rebuilt when it, the grouping or its data change. */
	struct spend_group *g;
	size_t ng;
	struct spend_group all;        /* row 0: the month as a whole */
	bool built;
	size_t built_sel;
	enum spend_grouping built_by;
	unsigned built_gen;
	money_t totals[BILLING_MONTHS];
	char labels[BILLING_MONTHS][4];
	/* Where the chart was drawn, for the mouse. */
	struct chart chart;
	int chart_y, chart_h, chart_step, table_top;
};

static const struct model_monthly_sum *
month_model(struct view *v, size_t i, int *month)
{
	return model_monthly_sum(billing_month(scr_billing(v), i, month)->model);
}

static const struct spend_group *
bill_row(struct bills *bv, size_t row)
{
	return row == 0 ? &bv->all : &bv->g[row - 1];
}

static size_t
bills_count(void *ud)
{
	struct bills *bv = ((struct view *)ud)->priv;

	return bv->built && bv->all.records > 0 ? bv->ng + 1 : 0;
}

static void
bills_value(void *ud, size_t row, size_t col, struct sheet_value *v)
{
	struct bills *bv = ((struct view *)ud)->priv;
	const struct spend_group *g = bill_row(bv, row);

	switch (col) {
	case B_GROUP:
		v->text = g->name;
		v->style = row == 0 ? TH_HEADER : TH_NORMAL;
		break;
	case B_AMOUNT: v->money = g->amount; break;
	case B_OFFICIAL: v->money = g->official; break;
	case B_DISCOUNT: v->money = g->discount; break;
	case B_COUPON: v->money = g->coupon; break;
	case B_CASH: v->money = g->cash; break;
	case B_CREDIT: v->money = g->credit; break;
	default:
		v->num = store_permille(g->amount, bv->all.amount);
		break;
	}
}

static const struct sheet_source bills_source = { bills_count, bills_value };

/* Rebuilds the selected month's groups when needed; the chart's totals every time. */
static void
bills_sync(struct view *v)
{
	struct bills *bv = v->priv;
	const struct store_view *sv;
	const struct model_monthly_sum *ms;
	int month;

	for (size_t i = 0; i < BILLING_MONTHS; i++) {
		ms = month_model(v, i, &month);
		bv->totals[i] = ms != NULL ? ms->consume_amount : 0;
		snprintf(bv->labels[i], sizeof bv->labels[i], "%s", month_names[month % 12]);
	}
	sv = billing_month(scr_billing(v), bv->sel, &month);
	if (bv->built && bv->built_sel == bv->sel && bv->built_by == bv->by &&
	    bv->built_gen == sv->generation)
		return;
	free(bv->g);
	bv->g = NULL;
	ms = model_monthly_sum(sv->model);
	bv->ng = spend_group_month(ms, bv->by, &bv->g);
	bv->all = (struct spend_group){ .key = "", .name = bv->by == SPEND_BY_SERVICE ?
	    "All services" : "All billing modes" };
	for (size_t i = 0; i < bv->ng; i++) {
		bv->all.amount += bv->g[i].amount;
		bv->all.official += bv->g[i].official;
		bv->all.discount += bv->g[i].discount;
		bv->all.coupon += bv->g[i].coupon;
		bv->all.cash += bv->g[i].cash;
		bv->all.credit += bv->g[i].credit;
		bv->all.records += bv->g[i].records;
	}
	bv->built = true;
	bv->built_sel = bv->sel;
	bv->built_by = bv->by;
	bv->built_gen = sv->generation;
	table_reload(bv->st.t);
}

static void
bills_open(struct view *v)
{
	billing_load_months(scr_billing(v), period_this_month(), 0);
}

/*
 * A closed month's bill stays as it is: asking for all 13 on each tick would
 * spend the API's 10 requests a second, and make every refresh slow enough to
 * show "refreshing", for 11 answers that cannot differ. R still asks for all.
 */
static void
bills_auto_refresh(struct view *v)
{
	billing_load_months(scr_billing(v), period_this_month(), BILLING_OPEN_MONTHS);
}

static void
draw_month_line(struct view *v, WINDOW *w, int y)
{
	struct bills *bv = v->priv;
	int month;
	const struct model_monthly_sum *ms = month_model(v, bv->sel, &month);
	char line[320], cycle[11], a[MONEY_BUFSZ], b[MONEY_BUFSZ], c[MONEY_BUFSZ], d[MONEY_BUFSZ];

	period_label(PERIOD_MONTH, month, cycle);
	if (ms == NULL) {
		snprintf(line, sizeof line, "%s  no bills yet", cycle);
	} else {
		snprintf(line, sizeof line, "%s  %s %s  (list %s, discount %s, coupons %s)  %zu %s",
		    cycle, money_format_grouped(ms->consume_amount, 2, a, sizeof a),
		    currency_of(ms->currency), money_format_grouped(bv->all.official, 2, b, sizeof b),
		    money_format_grouped(bv->all.discount, 2, c, sizeof c),
		    money_format_grouped(ms->coupon_amount, 2, d, sizeof d), bv->ng,
		    bv->by == SPEND_BY_SERVICE ? "services" : "billing modes");
	}
	draw_text(w, y, 1, getmaxx(w) - 2, line, TH_MONEY, WTEXT_LEFT);
}

static void
bills_draw(struct view *v, WINDOW *w)
{
	struct bills *bv = v->priv;
	int month, maxy = getmaxy(w), maxx = getmaxx(w);
	const struct store_view *sv = billing_month(scr_billing(v), bv->sel, &month);
	const char *labels[BILLING_MONTHS];
	char title[128];

	bills_sync(v);
	snprintf(title, sizeof title, "Bills: the last 13 months, by %s (v changes, [ ] months)",
	    spend_grouping_name(bv->by));
	bv->chart_y = scr_header(w, title, sv);
	for (size_t i = 0; i < BILLING_MONTHS; i++)
		labels[i] = bv->labels[i];
	bv->chart = (struct chart){ .values = bv->totals, .labels = labels, .n = BILLING_MONTHS,
		.selected = bv->sel };
	bv->chart_h = maxy >= 30 ? 9 : 6;
	bv->chart_step = chart_draw(w, bv->chart_y, 1, bv->chart_h,
	    maxx - 2 < BILLING_MONTHS * 7 ? maxx - 2 : BILLING_MONTHS * 7, &bv->chart);
	bv->chart.labels = NULL;	/* the array lives on this stack frame only */
	draw_month_line(v, w, bv->chart_y + bv->chart_h);
	bv->table_top = bv->chart_y + bv->chart_h + 1;
	scr_draw_table(w, bv->table_top, bv->st.t, true);
}

static void
bills_enter(struct view *v)
{
	struct bills *bv = v->priv;
	size_t row;
	int month;

	if (!table_cursor_row(bv->st.t, &row))
		return;
	billing_month(scr_billing(v), bv->sel, &month);
	ui_push(v->ui, fees_view_new(v->ui, v->store, month, bv->by, row == 0 ? NULL :
	    bill_row(bv, row), bill_row(bv, row)->amount));
}

static bool
bills_key(struct view *v, enum cmd c)
{
	struct bills *bv = v->priv;
	char name[64], cycle[11];
	int month;

	/*
	 * Keys typed faster than the screen redraws ("[" then Enter) would
	 * otherwise act on the groups of the month drawn last.
	 */
	bills_sync(v);
	switch (c) {
	case CMD_EARLIER:
		if (bv->sel > 0)
			bv->sel--;
		return true;
	case CMD_LATER:
		if (bv->sel + 1 < BILLING_MONTHS)
			bv->sel++;
		return true;
	case CMD_GROUP:
		bv->by = (enum spend_grouping)((bv->by + 1) % SPEND_NGROUPINGS);
		return true;
	case CMD_ENTER:
		bills_enter(v);
		return true;
	case CMD_REFRESH:
		billing_load_months(scr_billing(v), period_this_month(), BILLING_MONTHS);
		return true;
	default:
		billing_month(scr_billing(v), bv->sel, &month);
		snprintf(name, sizeof name, "bills-%s-by-%s.csv",
		    period_label(PERIOD_MONTH, month, cycle), bv->by == SPEND_BY_SERVICE ? "service" :
		    "mode");
		return scr_table_key(&bv->st, c, name);
	}
}

static void
bills_select(struct view *v, int y, int x)
{
	struct bills *bv = v->priv;
	size_t pos;

	if (y >= bv->chart_y && y < bv->chart_y + bv->chart_h) {
		if (chart_hit(&bv->chart, 1, bv->chart_step, x, &pos))
			bv->sel = pos;
		return;
	}
	if (table_hit(bv->st.t, y - bv->table_top, &pos))
		table_set_cursor(bv->st.t, pos);
}

static void
bills_close(struct view *v)
{
	struct bills *bv = v->priv;

	sheet_free(bv->sheet);
	free(bv->g);
	free(bv);
	free(v);
}

static const struct view_ops bills_ops = {
	"Bills", bills_open, bills_draw, bills_key, bills_select, bills_close,
};

struct view *
bills_view_new(struct ui *ui, struct store *store)
{
	struct view *v = xcalloc(1, sizeof *v);
	struct bills *bv = xcalloc(1, sizeof *bv);

	v->ops = &bills_ops;
	v->ui = ui;
	v->store = store;
	v->priv = bv;
	v->auto_refresh_s = store_options(store)->refresh_interval_s;
	v->auto_refresh = bills_auto_refresh;
	bv->sel = BILLING_MONTHS - 1;
	bv->sheet = sheet_new(&bills_source, v, bill_cols, B_NCOLS, store);
	bv->st.ui = ui;
	scr_table_set(&bv->st, bv->sheet, &bills_source, v, bill_cols);
	return v;
}
