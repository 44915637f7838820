/*
 * A row's details: its fields, then what the detail API says (order line
 * items, the resource with its dates, a package's usage per free resource),
 * scrollable; Esc goes back. Lists (line items, usage) are tables whose
 * columns fit their content, like the screens' tables.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tui/draw.h"
#include "tui/scr.h"
#include "tui/screens.h"
#include "tui/ui.h"
#include "util/xalloc.h"

/*
 * A line: "key\tvalue", or a row of a table: its cells separated by '\t'.
 * Consecutive lines with the same columns are one table; its first line is
 * the header (the columns' titles, text unused).
 */
struct line {
	char *text;
	const struct table_column *cols;   /* NULL for key\tvalue */
	size_t ncols;
};

struct detail {
	char *title;
	struct line *lines;   /* the row's own fields, then the API's */
	size_t n, nfixed;
	size_t top;
	bool fetched;     /* a detail was asked for */
	bool built;       /* the API part reflects generation and load below */
	unsigned generation;
	enum store_load load;
	unsigned refunds;  /* refund_state() the lines were built with */
};

static void
add_vline(struct detail *d, const struct table_column *cols, size_t ncols, const char *fmt,
    va_list ap)
{
	d->lines = xreallocarray(d->lines, d->n + 1, sizeof *d->lines);
	d->lines[d->n++] = (struct line){ xvasprintf(fmt, ap), cols, ncols };
}

static void
add_line(struct detail *d, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void
add_line(struct detail *d, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	add_vline(d, NULL, 0, fmt, ap);
	va_end(ap);
}

/* A table row: cells separated by '\t'; the first row of a table is its header. */
static void
add_row(struct detail *d, const struct table_column *cols, size_t ncols, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static void
add_row(struct detail *d, const struct table_column *cols, size_t ncols, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	add_vline(d, cols, ncols, fmt, ap);
	va_end(ap);
}

/* "1 month", "3 years", "one-time": a line item's period. */
static const char *
period(const struct model_order_line_item *li, char *buf, size_t n)
{
	static const char *const units[] = { "day", "week", "month", "year", "hour" };

	if (li->period_type == 5)
		return "one-time";
	if (!li->has_period_num || li->period_type < 0 || li->period_type > 4)
		return "";
	snprintf(buf, n, "%d %s%s", (int)li->period_num, units[li->period_type],
	    li->period_num == 1 ? "" : "s");
	return buf;
}

static const struct table_column item_cols[] = {
	{ "Service", 18, 8, WTEXT_LEFT }, { "Product", 48, 12, WTEXT_LEFT },
	{ "Period", 10, 0, WTEXT_LEFT }, { "Amount", 16, 10, WTEXT_RIGHT },
	{ "Expires", 16, 0, WTEXT_LEFT },
};
#define ITEM_COLS (sizeof item_cols / sizeof item_cols[0])

static void
add_order_lines(struct view *v, struct detail *d, const struct model_order_details *od)
{
	char m[MONEY_BUFSZ], p[32], t[DRAW_TIME_BUFSZ];

	add_line(d, "Line items\t%zu", od->n_order_line_items);
	if (od->n_order_line_items == 0)
		return;
	add_row(d, item_cols, ITEM_COLS, "%s", "");
	for (size_t i = 0; i < od->n_order_line_items; i++) {
		const struct model_order_line_item *li = &od->order_line_items[i];

		add_row(d, item_cols, ITEM_COLS, "%s\t%s\t%s\t%s %s\t%s",
		    li->service_type_name[0] ? li->service_type_name : li->service_type_code,
		    li->product_spec_desc, period(li, p, sizeof p),
		    money_format_grouped(li->amount_after_discount, 2, m, sizeof m),
		    li->currency[0] ? li->currency : "CNY", draw_time(li->expire_time, false, t));
	}
	/* An unsubscription or downgrade: where its refund comes from (tui/scr_refund.c). */
	if (od->has_order_info) {
		size_t n;
		char **lines = refund_lines(v->store, &od->order_info, &n);

		for (size_t i = 0; i < n; i++) {
			add_line(d, "%s", lines[i]);
			free(lines[i]);
		}
		free(lines);
	}
	d->refunds = refund_state(v->store);
}

static void
add_resource_lines(struct detail *d, const struct model_resources *r)
{
	char a[DRAW_TIME_BUFSZ], b[DRAW_TIME_BUFSZ];

	for (size_t i = 0; i < r->n_data; i++) {
		const struct model_resource *x = &r->data[i];

		add_line(d, "%s\t%s", x->is_main_resource ? "Resource" : "  attached",
		    x->resource_name[0] ? x->resource_name : x->resource_id);
		add_line(d, "  Spec\t%s", x->product_spec_desc);
		add_line(d, "  Period\t%s .. %s", draw_time(x->effective_time, false, a),
		    draw_time(x->expire_time, false, b));
		if (x->has_enterprise_project)
			add_line(d, "  Project\t%s", x->enterprise_project.name);
	}
}

static const struct table_column usage_cols[] = {
	{ "Usage", 24, 8, WTEXT_LEFT }, { "Left", 14, 8, WTEXT_RIGHT },
	{ "Total", 14, 8, WTEXT_RIGHT }, { "From", 16, 0, WTEXT_LEFT },
	{ "Until", 16, 0, WTEXT_LEFT },
};
#define USAGE_COLS (sizeof usage_cols / sizeof usage_cols[0])

static void
add_package_lines(struct view *v, struct detail *d, const struct model_package_usages *u)
{
	add_line(d, "Usage\t%zu item%s", u->n_free_resources, u->n_free_resources == 1 ? "" : "s");
	if (u->n_free_resources == 0)
		return;
	add_row(d, usage_cols, USAGE_COLS, "%s", "");
	for (size_t i = 0; i < u->n_free_resources; i++) {
		const struct model_package_usage *f = &u->free_resources[i];
		char a[UNITS_BUFSZ], b[UNITS_BUFSZ], from[DRAW_TIME_BUFSZ], until[DRAW_TIME_BUFSZ];

		/* In readable units (tui/scr.h). */
		add_row(d, usage_cols, USAGE_COLS, "%s\t%s\t%s\t%s\t%s",
		    f->usage_type_name[0] ? f->usage_type_name : f->free_resource_type_name,
		    scr_quantity(v->store, f->amount, f->measure_id, a, sizeof a),
		    scr_quantity(v->store, f->original_amount, f->measure_id, b, sizeof b),
		    draw_time(f->start_time, false, from), draw_time(f->end_time, false, until));
	}
}

/* Rebuilds the API part of the lines when the store's detail changed. */
static void
sync_detail(struct view *v)
{
	struct detail *d = v->priv;
	enum store_detail kind;
	const char *id;
	const struct store_view *sv = store_detail(v->store, &kind, &id);
	const struct model *m = sv->model;

	if (!d->fetched || (d->built && sv->generation == d->generation && sv->load == d->load &&
	    refund_state(v->store) == d->refunds))
		return;
	d->built = true;
	d->generation = sv->generation;
	d->load = sv->load;
	while (d->n > d->nfixed)
		free(d->lines[--d->n].text);
	add_line(d, "\t");
	if (sv->load == STORE_LOADING)
		add_line(d, "Details\tloading...");
	else if (sv->load == STORE_ERROR)
		add_line(d, "Details\terror: %s", sv->message);
	else if (model_order_details(m) != NULL)
		add_order_lines(v, d, model_order_details(m));
	else if (model_resources(m) != NULL)
		add_resource_lines(d, model_resources(m));
	else if (model_package_usages(m) != NULL)
		add_package_lines(v, d, model_package_usages(m));
}

static void
detail_open(struct view *v)
{
	(void)v;
}

/* The '\t'-separated cells of a table row (at most max): starts and lengths. */
static size_t
split_cells(const char *text, const char **cells, size_t *lens, size_t max)
{
	size_t n = 0;

	while (n < max) {
		const char *tab = strchr(text, '\t');

		cells[n] = text;
		lens[n++] = tab != NULL ? (size_t)(tab - text) : strlen(text);
		if (tab == NULL)
			break;
		text = tab + 1;
	}
	return n;
}

#define DETAIL_COLS 8

/*
 * The widths of the table that line i belongs to, in width columns: what
 * its cells need over all its rows (not only those on screen, so scrolling
 * does not move the columns).
 */
static void
table_widths(const struct detail *d, size_t i, int width, int *w)
{
	const struct table_column *cols = d->lines[i].cols;
	size_t nc = d->lines[i].ncols < DETAIL_COLS ? d->lines[i].ncols : DETAIL_COLS;
	size_t first = i, last = i;
	int need[DETAIL_COLS];

	while (first > 0 && d->lines[first - 1].cols == cols)
		first--;
	while (last + 1 < d->n && d->lines[last + 1].cols == cols)
		last++;
	for (size_t c = 0; c < nc; c++)
		need[c] = wtext_width(cols[c].title);
	for (size_t k = first + 1; k <= last; k++) {
		const char *cells[DETAIL_COLS];
		size_t lens[DETAIL_COLS], n = split_cells(d->lines[k].text, cells, lens, nc);

		for (size_t c = 0; c < n; c++) {
			char *cell = xstrndup(cells[c], lens[c]);
			int cw = wtext_width(cell);

			if (cw > need[c])
				need[c] = cw;
			free(cell);
		}
	}
	table_layout_fit(cols, need, nc, width, w);
}

/* A table row at y: the header (its first line) in the header style. */
static void
draw_row(const struct detail *d, WINDOW *w, int y, size_t i)
{
	const struct line *l = &d->lines[i];
	bool head = i == 0 || d->lines[i - 1].cols != l->cols;
	size_t nc = l->ncols < DETAIL_COLS ? l->ncols : DETAIL_COLS, n;
	const char *cells[DETAIL_COLS];
	size_t lens[DETAIL_COLS];
	int widths[DETAIL_COLS], x = 2;

	table_widths(d, i, getmaxx(w) - 4, widths);
	/* The header's style runs across, as in the screens' tables. */
	if (head)
		draw_text(w, y, x, getmaxx(w) - 4, "", TH_HEADER, WTEXT_LEFT);
	n = head ? nc : split_cells(l->text, cells, lens, nc);
	for (size_t c = 0; c < n; c++) {
		char *cell = head ? xstrdup(l->cols[c].title) : xstrndup(cells[c], lens[c]);

		if (widths[c] > 0) {
			draw_text(w, y, x, widths[c], cell, head ? TH_HEADER : TH_NORMAL,
			    head ? WTEXT_LEFT : l->cols[c].align);
			x += widths[c] + 1;
		}
		free(cell);
	}
}

static void
detail_draw(struct view *v, WINDOW *w)
{
	struct detail *d = v->priv;
	int maxy = getmaxy(w), maxx = getmaxx(w);

	sync_detail(v);
	draw_box(w, 0, 0, maxy, maxx, d->title, true);
	for (size_t i = d->top; i < d->n && (int)(i - d->top) < maxy - 2; i++) {
		int y = 1 + (int)(i - d->top);
		const char *text = d->lines[i].text, *tab = strchr(text, '\t');
		char key[64];
		size_t klen = tab ? (size_t)(tab - text) : 0;

		if (d->lines[i].cols != NULL) {
			draw_row(d, w, y, i);
			continue;
		}
		if (klen >= sizeof key)
			klen = sizeof key - 1;
		memcpy(key, text, klen);
		key[klen] = '\0';
		draw_text(w, y, 2, 18, key, TH_DIM, WTEXT_LEFT);
		draw_text(w, y, 21, maxx - 23, tab ? tab + 1 : text, TH_NORMAL, WTEXT_LEFT);
	}
}

static bool
detail_key(struct view *v, enum cmd c)
{
	struct detail *d = v->priv;

	switch (c) {
	case CMD_UP:
		if (d->top > 0)
			d->top--;
		return true;
	case CMD_DOWN:
		if (d->top + 1 < d->n)
			d->top++;
		return true;
	case CMD_FIRST:
		d->top = 0;
		return true;
	default:
		return false;
	}
}

static void
detail_select(struct view *v, int y, int x)
{
	(void)v;
	(void)y;
	(void)x;
}

static void
detail_close(struct view *v)
{
	struct detail *d = v->priv;

	for (size_t i = 0; i < d->n; i++)
		free(d->lines[i].text);
	free(d->lines);
	free(d->title);
	free(d);
	free(v);
}

static const struct view_ops detail_ops = {
	"Detail", detail_open, detail_draw, detail_key, detail_select, detail_close,
};

struct view *
detail_view_new(struct ui *ui, struct store *store, const char *title, const char *const *lines,
    size_t n, enum store_detail kind, const char *const *ids, size_t nids)
{
	struct view *v = xcalloc(1, sizeof *v);
	struct detail *d = xcalloc(1, sizeof *d);

	d->title = xstrdup(title);
	d->lines = xreallocarray(NULL, n ? n : 1, sizeof *d->lines);
	for (size_t i = 0; i < n; i++)
		d->lines[i] = (struct line){ xstrdup(lines[i]), NULL, 0 };
	d->n = d->nfixed = n;
	if (kind != STORE_DETAIL_NONE && nids > 0) {
		d->fetched = true;
		store_fetch_detail(store, kind, ids, nids);
	}
	v->ops = &detail_ops;
	v->ui = ui;
	v->store = store;
	v->priv = d;
	return v;
}
