/*
 * Screen 8, costs: cost data (ListCosts, v4) over a window of days or
 * months, grouped by one dimension: a trend chart of the total, days or
 * months that jump well above the recent average flagged in it, and a table
 * of the buckets with the largest groups as columns. Enter on a bucket
 * lists every group in it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/spend.h"
#include "tui/chart.h"
#include "tui/draw.h"
#include "tui/scr.h"
#include "tui/sheet.h"
#include "tui/ui.h"
#include "util/moneymul.h"
#include "util/xalloc.h"

/* The dimensions offered, in the order v walks them (bss-api.md 6.30 GroupBy keys). */
static const struct {
	const char *key, *name;
} dims[] = {
	{ "CLOUD_SERVICE_TYPE", "service" },
	{ "RESOURCE_TYPE", "resource type" },
	{ "RESOURCE_ID", "resource" },
	{ "REGION_CODE", "region" },
	{ "ENTERPRISE_PROJECT_ID", "enterprise project" },
	{ "CHARGING_MODE", "billing mode" },
};
#define NDIMS (sizeof dims / sizeof dims[0])
/* Groups that get a column of their own; the rest add up in "Other". */
#define TOP 3
/* The longest daily window asked for: a year of days. */
#define DAILY_MAX 366

/* A group's value as people read it: service names, billing modes in words. */
static const char *
group_name(struct billing *b, size_t dim, const char *value)
{
	const char *name;

	if (strcmp(dims[dim].key, "CLOUD_SERVICE_TYPE") == 0 &&
	    (name = billing_service_name(b, value)) != NULL && name[0] != '\0')
		return name;
	if (strcmp(dims[dim].key, "CHARGING_MODE") == 0)
		return spend_mode_name(atoi(value));
	return value[0] != '\0' ? value : "(none)";
}

/* ---- one bucket, every group ---------------------------------------------------------- */

enum { G_NAME, G_AMOUNT, G_SHARE, G_WINDOW, G_JUMP, G_NCOLS };

static const struct sheet_column group_cols[G_NCOLS] = {
	[G_NAME] = { "Group", 36, 12, SHEET_TEXT },
	[G_AMOUNT] = { "Cost", 14, 10, SHEET_MONEY },
	[G_SHARE] = { "Share", 7, 0, SHEET_PERCENT },
	[G_WINDOW] = { "Whole window", 14, 0, SHEET_MONEY },
	[G_JUMP] = { "Jump", 6, 0, SHEET_TEXT },
};

struct bucket {
	struct scr_table st;
	struct sheet *sheet;
	struct spend_series *s;        /* the costs view's: it outlives this pushed view */
	size_t b, dim;
	char title[160];
};

static size_t
bucket_count(void *ud)
{
	return ((struct bucket *)((struct view *)ud)->priv)->s->nlines;
}

static void
bucket_value(void *ud, size_t row, size_t col, struct sheet_value *v)
{
	struct view *view = ud;
	struct bucket *bk = view->priv;
	const struct spend_line *l = &bk->s->lines[row];

	switch (col) {
	case G_NAME: v->text = group_name(scr_billing(view), bk->dim, l->key); break;
	case G_AMOUNT: v->money = l->amounts[bk->b]; break;
	case G_SHARE: v->num = store_permille(l->amounts[bk->b], bk->s->buckets[bk->b].amount); break;
	case G_WINDOW: v->money = l->total; break;
	default:
		v->text = l->jump[bk->b] ? "jump" : "";
		v->style = TH_URGENT;
		break;
	}
}

static const struct sheet_source bucket_source = { bucket_count, bucket_value };

static void
bucket_open(struct view *v)
{
	(void)v;
}

static void
bucket_draw(struct view *v, WINDOW *w)
{
	struct bucket *bk = v->priv;

	scr_header(w, bk->title, NULL);
	scr_draw_table(w, 1, bk->st.t, true);
}

static bool
bucket_key(struct view *v, enum cmd c)
{
	struct bucket *bk = v->priv;
	char name[64];

	scr_file_name(name, sizeof name, "costs-%s-by-%s.csv", bk->s->buckets[bk->b].label,
	    dims[bk->dim].name);
	return scr_table_key(&bk->st, c, name);
}

static void
bucket_select(struct view *v, int y, int x)
{
	struct bucket *bk = v->priv;
	size_t pos;

	(void)x;
	if (table_hit(bk->st.t, y - 1, &pos))
		table_set_cursor(bk->st.t, pos);
}

static void
bucket_close(struct view *v)
{
	struct bucket *bk = v->priv;

	sheet_free(bk->sheet);
	free(bk);
	free(v);
}

static const struct view_ops bucket_ops = {
	"Cost groups", bucket_open, bucket_draw, bucket_key, bucket_select, bucket_close,
};

/* ---- the series ------------------------------------------------------------------------ */

enum { C_PERIOD, C_COST, C_OFFICIAL, C_AVG, C_CHANGE, C_JUMP, C_TOP };

struct costs {
	struct scr_table st;
	struct sheet *sheet;
	struct period period;
	size_t dim;
	/* The series, rebuilt when the answer (or the window it was asked for) changes. */
	struct spend_series *s;
	unsigned gen, names;           /* of the costs, and of the service names in the titles */
	bool built;
	struct sheet_column cols[C_TOP + TOP + 1];
	char titles[TOP][48];
	size_t ntop;
	/* The chart's data and where it was drawn, for the mouse. */
	money_t *values;
	bool *flags;
	char (*labels)[4];
	struct chart chart;
	int chart_y, chart_h, chart_step, table_top;
};

static const struct sheet_column fixed_cols[C_TOP] = {
	[C_PERIOD] = { "Period", 10, 10, SHEET_TEXT },
	[C_COST] = { "Cost", 14, 10, SHEET_MONEY },
	[C_OFFICIAL] = { "List price", 14, 0, SHEET_MONEY },
	[C_AVG] = { "Recent avg", 12, 0, SHEET_MONEY },
	[C_CHANGE] = { "vs avg", 8, 0, SHEET_PERCENT },
	[C_JUMP] = { "Jump", 5, 0, SHEET_TEXT },
};

static size_t
costs_count(void *ud)
{
	struct costs *cv = ((struct view *)ud)->priv;

	return cv->s != NULL ? cv->s->nbuckets : 0;
}

static void
costs_value(void *ud, size_t row, size_t col, struct sheet_value *v)
{
	struct costs *cv = ((struct view *)ud)->priv;
	const struct spend_bucket *b = &cv->s->buckets[row];

	switch (col) {
	case C_PERIOD:
		v->text = b->label;
		v->style = b->jump ? TH_URGENT : TH_NORMAL;
		return;
	case C_COST:
		v->money = b->amount;
		v->style = b->jump ? TH_URGENT : TH_NORMAL;
		return;
	case C_OFFICIAL: v->money = b->official; return;
	case C_AVG:
		v->money = b->recent_avg;
		v->empty = !b->has_avg;
		return;
	case C_CHANGE:
		/* In tenths of a percent, above (or below) the average. */
		{
			money_t over;

			v->empty = !b->has_avg || b->recent_avg <= 0 ||
			    money_mul_int(b->amount - b->recent_avg, 1000, &over) != 0;
			if (!v->empty)
				v->num = over / b->recent_avg;
		}
		v->style = b->jump ? TH_URGENT : TH_NORMAL;
		return;
	case C_JUMP:
		v->text = b->jump ? "jump" : "";
		v->style = TH_URGENT;
		return;
	default:
		break;
	}
	/* The largest groups, then the rest together. */
	if (col - C_TOP < cv->ntop) {
		const struct spend_line *l = &cv->s->lines[col - C_TOP];

		v->money = l->amounts[row];
		v->style = l->jump[row] ? TH_URGENT : TH_NORMAL;
	} else {
		v->money = b->amount;
		for (size_t i = 0; i < cv->ntop; i++)
			v->money -= cv->s->lines[i].amounts[row];
	}
}

static const struct sheet_source costs_source = { costs_count, costs_value };

static void
costs_load(struct view *v, bool force)
{
	struct costs *cv = v->priv;
	struct billing_cost_query q = { cv->period, dims[cv->dim].key };

	billing_load_costs(scr_billing(v), &q, force);
}

/* A new sheet for the series' columns, keeping the filter and the sort. */
static void
costs_rebuild(struct view *v)
{
	struct costs *cv = v->priv;
	struct table *old = cv->sheet != NULL ? sheet_table(cv->sheet) : NULL;
	int sort = old != NULL ? table_sort_col(old) : -1;
	bool rev = old != NULL && table_sort_reverse(old);
	char *filter = xstrdup(old != NULL ? table_filter(old) : "");
	size_t ncols;

	memcpy(cv->cols, fixed_cols, sizeof fixed_cols);
	cv->ntop = cv->s->nlines < TOP ? cv->s->nlines : TOP;
	for (size_t i = 0; i < cv->ntop; i++) {
		snprintf(cv->titles[i], sizeof cv->titles[i], "%s",
		    group_name(scr_billing(v), cv->dim, cv->s->lines[i].key));
		cv->cols[C_TOP + i] = (struct sheet_column){ cv->titles[i], 14, 0, SHEET_MONEY };
	}
	ncols = C_TOP + cv->ntop;
	if (cv->s->nlines > TOP)
		cv->cols[ncols++] = (struct sheet_column){ "Other", 14, 0, SHEET_MONEY };
	sheet_free(cv->sheet);
	cv->sheet = sheet_new(&costs_source, v, cv->cols, ncols, v->store);
	scr_table_set(&cv->st, cv->sheet, &costs_source, v, cv->cols);
	if (sort >= 0 && (size_t)sort < ncols)
		table_sort(cv->st.t, sort, rev);
	table_set_filter(cv->st.t, filter);
	free(filter);
}

static void
costs_sync(struct view *v)
{
	struct costs *cv = v->priv;
	const struct store_view *sv = billing_view(scr_billing(v), BILLING_COSTS);
	unsigned names = billing_view(scr_billing(v), BILLING_SERVICES)->generation;

	if (cv->built && sv->generation == cv->gen && names == cv->names)
		return;
	cv->built = true;
	cv->gen = sv->generation;
	cv->names = names;
	spend_series_free(cv->s);
	cv->s = spend_costs(model_costs(sv->model), &cv->period);
	free(cv->values);
	free(cv->flags);
	free(cv->labels);
	cv->values = xcalloc(cv->s->nbuckets, sizeof *cv->values);
	cv->flags = xcalloc(cv->s->nbuckets, sizeof *cv->flags);
	cv->labels = xcalloc(cv->s->nbuckets, sizeof *cv->labels);
	for (size_t i = 0; i < cv->s->nbuckets; i++) {
		static const char *const mon[12] = { "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul",
			"Aug", "Sep", "Oct", "Nov", "Dec" };
		const char *l = cv->s->buckets[i].label;

		cv->values[i] = cv->s->buckets[i].amount;
		cv->flags[i] = cv->s->buckets[i].jump;
		/* Days by their number, months by their name. */
		if (cv->period.unit == PERIOD_DAY)
			snprintf(cv->labels[i], sizeof cv->labels[i], "%.2s", l + 8);
		else
			snprintf(cv->labels[i], sizeof cv->labels[i], "%s", mon[(atoi(l + 5) + 11) % 12]);
	}
	costs_rebuild(v);
}

static void
costs_open(struct view *v)
{
	billing_load_catalogue(scr_billing(v), false);
	costs_load(v, false);
}

/* "Total ... over 30 days; 2 jumps: 2024-03-05, 2024-03-09". */
static void
draw_summary(struct view *v, WINDOW *w, int y)
{
	struct costs *cv = v->priv;
	const struct model_costs *mc = model_costs(billing_view(scr_billing(v), BILLING_COSTS)->model);
	char line[512], a[MONEY_BUFSZ], b[MONEY_BUFSZ];
	size_t pos;

	pos = (size_t)snprintf(line, sizeof line, "Total %s %s over %zu %s (list %s)",
	    money_format_grouped(cv->s->total, 2, a, sizeof a),
	    mc != NULL && mc->currency[0] ? mc->currency : "CNY", cv->s->nbuckets,
	    cv->period.unit == PERIOD_DAY ? "days" : "months",
	    money_format_grouped(cv->s->official, 2, b, sizeof b));
	if (cv->s->jumps > 0) {
		pos += (size_t)snprintf(line + pos, sizeof line - pos, "; %zu jump%s above the recent "
		    "average:", cv->s->jumps, cv->s->jumps == 1 ? "" : "s");
		for (size_t i = 0; i < cv->s->nbuckets && pos + 12 < sizeof line; i++)
			if (cv->s->buckets[i].jump)
				pos += (size_t)snprintf(line + pos, sizeof line - pos, " %s",
				    cv->s->buckets[i].label);
	}
	draw_text(w, y, 1, getmaxx(w) - 2, line, cv->s->jumps > 0 ? TH_WARN : TH_MONEY, WTEXT_LEFT);
}

static void
costs_draw(struct view *v, WINDOW *w)
{
	struct costs *cv = v->priv;
	const struct store_view *sv = billing_view(scr_billing(v), BILLING_COSTS);
	const char **labels;
	char title[192], range[PERIOD_TEXT_BUFSZ];
	int maxy = getmaxy(w), maxx = getmaxx(w);

	costs_sync(v);
	snprintf(title, sizeof title, "Costs: %s %s, by %s (d days/months, w window, v group)",
	    cv->period.unit == PERIOD_DAY ? "daily" : "monthly",
	    period_text(&cv->period, range, sizeof range), dims[cv->dim].name);
	cv->chart_y = scr_header(w, title, sv);
	labels = xcalloc(cv->s->nbuckets, sizeof *labels);
	for (size_t i = 0; i < cv->s->nbuckets; i++)
		labels[i] = cv->labels[i];
	cv->chart = (struct chart){ .values = cv->values, .labels = labels, .flagged = cv->flags,
		.n = cv->s->nbuckets, .selected = cv->s->nbuckets };
	if (table_cursor_row(cv->st.t, &cv->chart.selected) == false)
		cv->chart.selected = cv->s->nbuckets;
	cv->chart_h = maxy >= 30 ? 9 : 6;
	cv->chart_step = chart_draw(w, cv->chart_y, 1, cv->chart_h, maxx - 2, &cv->chart);
	cv->chart.labels = NULL;
	free(labels);
	draw_summary(v, w, cv->chart_y + cv->chart_h);
	cv->table_top = cv->chart_y + cv->chart_h + 1;
	scr_draw_table(w, cv->table_top, cv->st.t, true);
}

static void
set_period(struct view *v, struct period p)
{
	struct costs *cv = v->priv;

	/* Keep the window's end. */
	if (p.unit == PERIOD_DAY && period_length(&p) > DAILY_MAX)
		p.from = p.to - DAILY_MAX + 1;
	cv->period = p;
	costs_load(v, false);
}

static void
on_range(void *ud, const char *text, bool accepted)
{
	struct view *v = ud;
	struct costs *cv = v->priv;
	struct period p;
	char err[160];

	if (!accepted)
		return;
	if (period_parse(text, cv->period.unit, &p, err, sizeof err) != 0) {
		ui_message(v->ui, "%s", err);
		return;
	}
	set_period(v, p);
}

static void
open_bucket(struct view *v)
{
	struct costs *cv = v->priv;
	struct view *nv;
	struct bucket *bk;
	size_t row;

	if (!table_cursor_row(cv->st.t, &row) || cv->s->nlines == 0)
		return;
	nv = xcalloc(1, sizeof *nv);
	bk = xcalloc(1, sizeof *bk);
	nv->ops = &bucket_ops;
	nv->ui = v->ui;
	nv->store = v->store;
	nv->priv = bk;
	bk->s = cv->s;
	bk->b = row;
	bk->dim = cv->dim;
	snprintf(bk->title, sizeof bk->title, "Costs of %s by %s", cv->s->buckets[row].label,
	    dims[cv->dim].name);
	bk->sheet = sheet_new(&bucket_source, nv, group_cols, G_NCOLS, v->store);
	bk->st.ui = v->ui;
	scr_table_set(&bk->st, bk->sheet, &bucket_source, nv, group_cols);
	table_sort(bk->st.t, G_AMOUNT, true);
	ui_push(v->ui, nv);
}

static bool
costs_key(struct view *v, enum cmd c)
{
	struct costs *cv = v->priv;
	char name[96], range[PERIOD_TEXT_BUFSZ], from[11], to[11];

	/* As on the bills: a key read before the redraw sees the window asked for. */
	costs_sync(v);
	switch (c) {
	case CMD_GRANULARITY:
		set_period(v, period_convert(&cv->period, cv->period.unit == PERIOD_DAY ? PERIOD_MONTH :
		    PERIOD_DAY));
		return true;
	case CMD_RANGE:
		ui_edit(v->ui, "range: ", period_text(&cv->period, range, sizeof range), NULL, on_range,
		    v);
		return true;
	case CMD_EARLIER:
	case CMD_LATER:
		set_period(v, period_shift(&cv->period, c == CMD_EARLIER ? -1 : 1));
		return true;
	case CMD_GROUP:
		cv->dim = (cv->dim + 1) % NDIMS;
		costs_load(v, false);
		return true;
	case CMD_ENTER:
		open_bucket(v);
		return true;
	case CMD_REFRESH:
		costs_load(v, true);
		return true;
	default:
		scr_file_name(name, sizeof name, "costs-%s-%s-by-%s.csv",
		    period_label(cv->period.unit, cv->period.from, from),
		    period_label(cv->period.unit, cv->period.to, to), dims[cv->dim].name);
		return scr_table_key(&cv->st, c, name);
	}
}

static void
costs_select(struct view *v, int y, int x)
{
	struct costs *cv = v->priv;
	size_t pos;

	if (y >= cv->chart_y && y < cv->chart_y + cv->chart_h) {
		/* A bar: the cursor goes to its row. */
		if (chart_hit(&cv->chart, 1, cv->chart_step, x, &pos)) {
			for (size_t i = 0; i < table_rows(cv->st.t); i++)
				if (table_row_at(cv->st.t, i) == pos)
					table_set_cursor(cv->st.t, i);
		}
		return;
	}
	if (table_hit(cv->st.t, y - cv->table_top, &pos))
		table_set_cursor(cv->st.t, pos);
}

static void
costs_close(struct view *v)
{
	struct costs *cv = v->priv;

	sheet_free(cv->sheet);
	spend_series_free(cv->s);
	free(cv->values);
	free(cv->flags);
	free(cv->labels);
	free(cv);
	free(v);
}

static const struct view_ops costs_ops = {
	"Costs", costs_open, costs_draw, costs_key, costs_select, costs_close,
};

struct view *
costs_view_new(struct ui *ui, struct store *store)
{
	struct view *v = xcalloc(1, sizeof *v);
	struct costs *cv = xcalloc(1, sizeof *cv);

	v->ops = &costs_ops;
	v->ui = ui;
	v->store = store;
	v->priv = cv;
	v->auto_refresh_s = store_options(store)->refresh_interval_s;
	cv->st.ui = ui;
	cv->period = period_last(PERIOD_DAY, 30);
	costs_sync(v);
	return v;
}
