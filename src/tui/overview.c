/*
 * The overview (screen 1): the five panes at once. Wide terminals get two
 * rows (balance, coupons, orders / subscriptions, packages); 80 columns get
 * three rows of two (packages alone at the bottom). Each pane shows its
 * own state (loading, error, stale) so one failing never hides another.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tui/draw.h"
#include "tui/screens.h"
#include "tui/ui.h"
#include "util/xalloc.h"

#define NPANES 5
#define WIDE_COLS 120

struct pane {
	const struct list_desc *d;   /* NULL for the balance pane */
	struct table *t;             /* NULL for the balance pane */
	struct table *compact;       /* t's compact form, drawn when t's columns would be cut */
	unsigned generation;
	int y, x, h, w;              /* where it was last drawn, for the mouse */
};

struct overview {
	struct pane p[NPANES];
	int focus;
};

static void
ov_open(struct view *v)
{
	(void)v;
}

/*
 * "Lasts ~N days", with the rate and where it comes from (the last days'
 * costs or this month's sum) in as many words as width has room for.
 */
static void
days_left_line(const struct store *s, int width, char *line, size_t n)
{
	struct store_rate r;
	long days;
	char m[64], basis[32];
	const char *cur;
	money_t cash;

	if (!store_days_left(s, &days) || !store_spend_rate(s, &r) || !store_cash(s, &cash, &cur)) {
		snprintf(line, n, "Lasts   (not known yet)");
		return;
	}
	draw_rate_basis(&r, basis, sizeof basis);
	snprintf(line, n, "Lasts   ~%ld days at %s/day (%s)", days,
	    draw_money(r.per_day, cur, m, sizeof m), basis);
	if (wtext_width(line) > width)
		snprintf(line, n, "Lasts   ~%ld days (%s)", days, basis);
}

/* Cash, credit, debt, sparkline, days left and the low-balance alert. */
static void
draw_balance_pane(struct view *v, WINDOW *w, const struct pane *p)
{
	struct store *s = v->store;
	const struct store_view *sv = store_view(s, STORE_BALANCE);
	const struct model_balances *b = model_balances(sv->model);
	int y = p->y + 1, x = p->x + 2, wd = p->w - 4, last = p->y + p->h - 2;
	char line[256], m[64], spark[3 * 256 + 1];
	money_t cash, vals[256];
	const char *cur;
	size_t n, k = 0;
	const struct store_sample *h;

	/*
	 * Without data the state is all there is; with data it takes the
	 * "updated" line's place at the bottom, so a refresh rewrites that one
	 * line instead of shifting the whole pane down and back.
	 */
	if (b == NULL || !store_cash(s, &cash, &cur)) {
		if (sv->load != STORE_OK)
			draw_view_state(w, y, x, wd, sv);
		return;
	}
	snprintf(line, sizeof line, "Cash    %s", draw_money(cash, cur, m, sizeof m));
	draw_text(w, y++, x, wd, line, store_balance_alert(s) ? TH_URGENT : TH_MONEY, WTEXT_LEFT);
	if (store_balance_alert(s) && y <= last) {
		snprintf(line, sizeof line, "LOW BALANCE: below %s",
		    draw_money(store_options(s)->balance_threshold, cur, m, sizeof m));
		draw_text(w, y++, x, wd, line, TH_URGENT, WTEXT_LEFT);
	}
	if (y <= last) {
		days_left_line(s, wd, line, sizeof line);
		draw_text(w, y++, x, wd, line, TH_NORMAL, WTEXT_LEFT);
	}
	h = store_history(s, &n);
	for (size_t i = n > 256 ? n - 256 : 0; i < n; i++)
		vals[k++] = h[i].amount;
	if (y <= last && k > 0) {
		sparkline_render(vals, k, wd - 8 < 256 ? wd - 8 : 256, ui_utf8(v->ui), spark,
		    sizeof spark);
		draw_text(w, y, x, 8, "Trend", TH_DIM, WTEXT_LEFT);
		draw_text(w, y++, x + 8, wd - 8, spark, TH_SPARK, WTEXT_LEFT);
	}
	for (size_t i = 0; i < b->n_account_balances && y <= last; i++) {
		const struct model_account_balance *a = &b->account_balances[i];

		if (a->account_type != 2)
			continue;
		snprintf(line, sizeof line, "Credit  %s", draw_money(a->amount, cur, m, sizeof m));
		draw_text(w, y++, x, wd, line, TH_NORMAL, WTEXT_LEFT);
	}
	if (b->has_debt_amount && b->debt_amount != 0 && y <= last) {
		snprintf(line, sizeof line, "Debt    %s", draw_money(b->debt_amount, cur, m, sizeof m));
		draw_text(w, y++, x, wd, line, TH_URGENT, WTEXT_LEFT);
	}
	/* A full pane still shows a refresh's trouble, over its last line. */
	if (y <= last || sv->load != STORE_OK)
		draw_view_state(w, y <= last ? y : last, x, wd, sv);
}

static void
draw_list_pane(struct view *v, WINDOW *w, struct pane *p)
{
	const struct store_view *sv = store_view(v->store, list_store_view(p->d));
	int y = p->y + 1, inner = p->h - 2;
	WINDOW *sub;

	/*
	 * Loading, an error or stale data: one line says so, at the top when
	 * there is no data, else over the table's last line, so a refresh
	 * rewrites that line instead of shifting every row down and back.
	 */
	if (sv->model == NULL || inner < 2) {
		if (sv->load != STORE_OK)
			draw_view_state(w, y, p->x + 2, p->w - 4, sv);
		return;
	}
	sub = derwin(w, inner, p->w - 2, y, p->x + 1);
	if (sub == NULL)
		return;
	table_draw(table_natural_width(p->t) > p->w - 2 ? p->compact : p->t, sub, false);
	delwin(sub);
	if (sv->load != STORE_OK)
		draw_view_state(w, y + inner - 1, p->x + 2, p->w - 4, sv);
}

static void
place(struct pane *p, int y, int x, int h, int w)
{
	p->y = y;
	p->x = x;
	p->h = h;
	p->w = w;
}

static void
ov_draw(struct view *v, WINDOW *w)
{
	struct overview *o = v->priv;
	int rows = getmaxy(w), cols = getmaxx(w);

	if (cols >= WIDE_COLS) {
		int h1 = rows / 2, h2 = rows - h1, w3 = cols / 3, w2 = cols / 2;

		place(&o->p[0], 0, 0, h1, w3);
		place(&o->p[1], 0, w3, h1, w3);
		place(&o->p[2], 0, 2 * w3, h1, cols - 2 * w3);
		place(&o->p[3], h1, 0, h2, w2);
		place(&o->p[4], h1, w2, h2, cols - w2);
	} else {
		int h1 = rows / 3, h2 = rows / 3, h3 = rows - h1 - h2, w2 = cols / 2;

		place(&o->p[0], 0, 0, h1, w2);
		place(&o->p[1], 0, w2, h1, cols - w2);
		place(&o->p[2], h1, 0, h2, w2);
		place(&o->p[3], h1, w2, h2, cols - w2);
		place(&o->p[4], h1 + h2, 0, h3, cols);
	}
	for (int i = 0; i < NPANES; i++) {
		struct pane *p = &o->p[i];
		char title[96];

		/* New data: the table re-reads its rows before anything counts them. */
		if (p->d != NULL && store_view(v->store, list_store_view(p->d))->generation !=
		    p->generation) {
			p->generation = store_view(v->store, list_store_view(p->d))->generation;
			table_reload(p->t);
			table_reload(p->compact);
		}
		if (p->d == &list_subscriptions)
			snprintf(title, sizeof title, "%d Expiring within %d days (%zu)", i + 2,
			    store_options(v->store)->expiring_days, store_expiring_count(v->store));
		else if (p->d != NULL)
			snprintf(title, sizeof title, "%d %s (%zu)", i + 2, list_name(p->d),
			    table_rows(p->t));
		else
			snprintf(title, sizeof title, "%d Balance", i + 2);
		draw_box(w, p->y, p->x, p->h, p->w, title, i == o->focus);
		if (p->d == NULL)
			draw_balance_pane(v, w, p);
		else
			draw_list_pane(v, w, p);
	}
}

static bool
ov_key(struct view *v, enum cmd c)
{
	struct overview *o = v->priv;

	switch (c) {
	case CMD_NEXT_PANE:
	case CMD_RIGHT:
	case CMD_DOWN:
		o->focus = (o->focus + 1) % NPANES;
		return true;
	case CMD_PREV_PANE:
	case CMD_LEFT:
	case CMD_UP:
		o->focus = (o->focus + NPANES - 1) % NPANES;
		return true;
	case CMD_ENTER:
		ui_show_screen(v->ui, o->focus + 1);
		return true;
	default:
		return false;
	}
}

static void
ov_select(struct view *v, int y, int x)
{
	struct overview *o = v->priv;

	for (int i = 0; i < NPANES; i++) {
		const struct pane *p = &o->p[i];

		if (y >= p->y && y < p->y + p->h && x >= p->x && x < p->x + p->w) {
			/* A second click on the focused pane opens its screen. */
			if (o->focus == i)
				ui_show_screen(v->ui, i + 1);
			o->focus = i;
		}
	}
}

static void
ov_close(struct view *v)
{
	struct overview *o = v->priv;

	for (int i = 0; i < NPANES; i++) {
		table_free(o->p[i].t);
		table_free(o->p[i].compact);
	}
	free(o);
	free(v);
}

static const struct view_ops overview_ops = {
	"Overview", ov_open, ov_draw, ov_key, ov_select, ov_close,
};

struct view *
overview_view_new(struct ui *ui, struct store *store)
{
	const struct list_desc *const lists[NPANES] = {
		NULL, &list_coupons, &list_orders, &list_subscriptions, &list_packages,
	};
	struct view *v = xcalloc(1, sizeof *v);
	struct overview *o = xcalloc(1, sizeof *o);

	for (int i = 0; i < NPANES; i++) {
		o->p[i].d = lists[i];
		if (lists[i] == NULL)
			continue;
		o->p[i].t = list_pane_table(store, lists[i], false);
		o->p[i].compact = list_pane_table(store, lists[i], true);
	}
	v->ops = &overview_ops;
	v->ui = ui;
	v->store = store;
	v->priv = o;
	return v;
}
