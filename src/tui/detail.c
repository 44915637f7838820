/*
 * A row's details: its fields, then what the detail API says (order line
 * items, the resource with its dates, a package's usage per free resource),
 * scrollable; Esc goes back.
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

struct detail {
	char *title;
	char **lines;     /* "key\tvalue": the row's own fields, then the API's */
	size_t n, nfixed;
	size_t top;
	bool fetched;     /* a detail was asked for */
	bool built;       /* the API part reflects generation and load below */
	unsigned generation;
	enum store_load load;
	unsigned refunds;  /* refund_state() the lines were built with */
};

static void
add_line(struct detail *d, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void
add_line(struct detail *d, const char *fmt, ...)
{
	va_list ap;

	d->lines = xreallocarray(d->lines, d->n + 1, sizeof *d->lines);
	va_start(ap, fmt);
	d->lines[d->n++] = xvasprintf(fmt, ap);
	va_end(ap);
}

static void
add_order_lines(struct view *v, struct detail *d, const struct model_order_details *od)
{
	char m[MONEY_BUFSZ];

	add_line(d, "Line items\t%zu", od->n_order_line_items);
	for (size_t i = 0; i < od->n_order_line_items; i++) {
		const struct model_order_line_item *li = &od->order_line_items[i];

		add_line(d, "  %s\t%s  %s  %s %s", li->service_type_name, li->product_spec_desc,
		    money_format_grouped(li->amount_after_discount, 2, m, sizeof m),
		    li->currency[0] ? li->currency : "CNY", li->expire_time);
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
	for (size_t i = 0; i < r->n_data; i++) {
		const struct model_resource *x = &r->data[i];

		add_line(d, "%s\t%s", x->is_main_resource ? "Resource" : "  attached",
		    x->resource_name[0] ? x->resource_name : x->resource_id);
		add_line(d, "  Spec\t%s", x->product_spec_desc);
		add_line(d, "  Period\t%s .. %s", x->effective_time, x->expire_time);
		if (x->has_enterprise_project)
			add_line(d, "  Project\t%s", x->enterprise_project.name);
	}
}

static void
add_package_lines(struct view *v, struct detail *d, const struct model_package_usages *u)
{
	for (size_t i = 0; i < u->n_free_resources; i++) {
		const struct model_package_usage *f = &u->free_resources[i];
		char a[UNITS_BUFSZ], b[UNITS_BUFSZ];

		/* In readable units (tui/scr.h). */
		add_line(d, "%s\t%s left of %s (%s .. %s)", f->usage_type_name,
		    scr_quantity(v->store, f->amount, f->measure_id, a, sizeof a),
		    scr_quantity(v->store, f->original_amount, f->measure_id, b, sizeof b),
		    f->start_time, f->end_time);
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
		free(d->lines[--d->n]);
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

static void
detail_draw(struct view *v, WINDOW *w)
{
	struct detail *d = v->priv;
	int maxy = getmaxy(w), maxx = getmaxx(w);

	sync_detail(v);
	draw_box(w, 0, 0, maxy, maxx, d->title, true);
	for (size_t i = d->top; i < d->n && (int)(i - d->top) < maxy - 2; i++) {
		int y = 1 + (int)(i - d->top);
		const char *tab = strchr(d->lines[i], '\t');
		char key[64];
		size_t klen = tab ? (size_t)(tab - d->lines[i]) : 0;

		if (klen >= sizeof key)
			klen = sizeof key - 1;
		memcpy(key, d->lines[i], klen);
		key[klen] = '\0';
		draw_text(w, y, 2, 18, key, TH_DIM, WTEXT_LEFT);
		draw_text(w, y, 21, maxx - 23, tab ? tab + 1 : d->lines[i], TH_NORMAL, WTEXT_LEFT);
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
		free(d->lines[i]);
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
		d->lines[i] = xstrdup(lines[i]);
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
