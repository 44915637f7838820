/*
 * The price calculator (`$`, `:price`, Enter on a usage type): a form for
 * one product, priced both ways at once: pay-per-use (on-demand ratings)
 * and a new yearly/monthly subscription (period ratings), side by side, the
 * list price against each discount the API offers, with the CloudPond
 * installment figures where the answer has them.
 *
 * Fields start from what the account already runs (a resource of that type:
 * its spec, region and project) and Left/Right step through suggestions:
 * the catalogue's services and resource types, the specs, regions and
 * projects of the account's resources, the resource type's usage types.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "app/rateperiod.h"
#include "tui/draw.h"
#include "tui/scr.h"
#include "tui/ui.h"
#include "util/xalloc.h"

enum field { F_SERVICE, F_RTYPE, F_SPEC, F_REGION, F_ZONE, F_PROJECT, F_SIZE, F_QUANTITY,
	F_FACTOR, F_USAGE, F_PERIOD, F_INSTALLMENT, F_NFIELDS };

static const char *const labels[F_NFIELDS] = {
	[F_SERVICE] = "Service type", [F_RTYPE] = "Resource type", [F_SPEC] = "Spec",
	[F_REGION] = "Region", [F_ZONE] = "Zone (optional)", [F_PROJECT] = "Project ID",
	[F_SIZE] = "Size (linear: 40 GB, 5 Mbps)", [F_QUANTITY] = "Quantity",
	[F_FACTOR] = "Usage type (pay-per-use)", [F_USAGE] = "Usage (1 h, 10 GB)",
	[F_PERIOD] = "Period (1m, 1y, 7d, 5h)", [F_INSTALLMENT] = "Installment (CloudPond)",
};

#define VALUE_MAX 128
#define NSUGGEST 64
/* The row after the fields: Enter there calculates. */
#define CALCULATE F_NFIELDS

struct price {
	char val[F_NFIELDS][VALUE_MAX];
	int cur;                       /* field, or CALCULATE */
	int edit;                      /* the field the line editor is changing */
	char problem[256];             /* why the form could not be sent */
};

/* ---- what a field may hold ----------------------------------------------------------- */

/* Unit words people type, and their measure ids (E-MEASURE). */
static const struct {
	const char *word;
	int32_t id;
} unit_words[] = {
	{ "h", 4 }, { "hour", 4 }, { "hours", 4 }, { "d", 5 }, { "day", 5 }, { "days", 5 },
	{ "min", 21 }, { "s", 22 }, { "GB", 10 }, { "MB", 11 }, { "TB", 12 },
	{ "times", 30 }, { "10k", 31 }, { "Mbps", 15 }, { "pcs", 14 },
};

/* "10 GB", "1.5h", "3": a quantity and its unit (def when none is given). 0 or -1. */
static int
parse_amount(const char *s, int32_t def, money_t *value, int32_t *measure)
{
	char num[64], *unit;
	size_t n = strspn(s, "0123456789.");

	if (n == 0 || n >= sizeof num)
		return -1;
	memcpy(num, s, n);
	num[n] = '\0';
	if (money_parse(num, value) != 0 || *value <= 0)
		return -1;
	unit = (char *)s + n;
	while (*unit == ' ')
		unit++;
	if (*unit == '\0') {
		*measure = def;
		return 0;
	}
	for (size_t i = 0; i < sizeof unit_words / sizeof unit_words[0]; i++)
		if (strcasecmp(unit, unit_words[i].word) == 0) {
			*measure = unit_words[i].id;
			return 0;
		}
	return -1;
}

static bool
is_bandwidth(const char *rtype)
{
	return strstr(rtype, "bandwidth") != NULL;
}

/* The form as a quote; -1 with the reason in p->problem. */
static int
make_quote(struct price *p, struct billing_quote *q)
{
	char *end;
	long qty;

	memset(q, 0, sizeof *q);
	for (int f = F_SERVICE; f <= F_REGION; f++)
		if (p->val[f][0] == '\0') {
			snprintf(p->problem, sizeof p->problem, "%s is needed", labels[f]);
			return -1;
		}
	if (p->val[F_PROJECT][0] == '\0') {
		snprintf(p->problem, sizeof p->problem, "Project ID is needed: the project of the "
		    "region (Left/Right shows the account's)");
		return -1;
	}
	q->service = p->val[F_SERVICE];
	q->resource_type = p->val[F_RTYPE];
	q->spec = p->val[F_SPEC];
	q->region = p->val[F_REGION];
	q->zone = p->val[F_ZONE];
	q->project_id = p->val[F_PROJECT];
	if (p->val[F_SIZE][0] != '\0') {
		money_t size;

		if (parse_amount(p->val[F_SIZE], is_bandwidth(q->resource_type) ? 15 : 17, &size,
		    &q->size_measure_id) != 0 || size % MONEY_SCALE != 0) {
			snprintf(p->problem, sizeof p->problem, "Size: a whole number with GB or Mbps");
			return -1;
		}
		/* The API's GB for disks is 17 (capacity), not 10 (traffic). */
		if (q->size_measure_id == 10)
			q->size_measure_id = 17;
		q->size = (int32_t)(size / MONEY_SCALE);
	}
	qty = strtol(p->val[F_QUANTITY], &end, 10);
	if (end == p->val[F_QUANTITY] || *end != '\0' || qty < 1 || qty > 10000) {
		snprintf(p->problem, sizeof p->problem, "Quantity: 1 to 10000");
		return -1;
	}
	q->quantity = (int32_t)qty;
	q->usage_factor = p->val[F_FACTOR];
	if (parse_amount(p->val[F_USAGE], 4, &q->usage_value, &q->usage_measure_id) != 0) {
		snprintf(p->problem, sizeof p->problem, "Usage: a number and a unit (h, d, GB, times)");
		return -1;
	}
	if (rateperiod_parse(p->val[F_PERIOD], &q->period_type, &q->period_num) != 0) {
		snprintf(p->problem, sizeof p->problem, "Period: 1m, 3m, 1y, 7d or 5h");
		return -1;
	}
	q->installment = p->val[F_INSTALLMENT][0] ? p->val[F_INSTALLMENT] : NULL;
	p->problem[0] = '\0';
	return 0;
}

/* ---- suggestions ---------------------------------------------------------------------- */

static void
add_unique(const char **out, size_t *n, const char *s)
{
	if (s == NULL || s[0] == '\0' || *n == NSUGGEST)
		return;
	for (size_t i = 0; i < *n; i++)
		if (strcmp(out[i], s) == 0)
			return;
	out[(*n)++] = s;
}

/* What Left/Right step through for field f (borrowed strings). */
static size_t
suggestions(struct view *v, enum field f, const char **out)
{
	struct price *p = v->priv;
	struct billing *b = scr_billing(v);
	const struct model_service_types *st =
	    model_service_types(billing_view(b, BILLING_SERVICES)->model);
	const struct model_resource_types *rt =
	    model_resource_types(billing_view(b, BILLING_RESOURCE_TYPES)->model);
	const struct model_usage_types *ut =
	    model_usage_types(billing_view(b, BILLING_USAGE_TYPES)->model);
	size_t n = 0;

	switch (f) {
	case F_SERVICE:
		for (size_t i = 0; st != NULL && i < st->n_service_types; i++)
			add_unique(out, &n, st->service_types[i].service_type_code);
		break;
	case F_RTYPE:
		for (size_t i = 0; rt != NULL && i < rt->n_resource_types; i++)
			if (strcmp(rt->resource_types[i].service_type_code, p->val[F_SERVICE]) == 0)
				add_unique(out, &n, rt->resource_types[i].resource_type_code);
		break;
	case F_FACTOR:
		if (strcmp(billing_key(b, BILLING_USAGE_TYPES), p->val[F_RTYPE]) == 0)
			for (size_t i = 0; ut != NULL && i < ut->n_usage_types; i++)
				add_unique(out, &n, ut->usage_types[i].code);
		add_unique(out, &n, "Duration");
		break;
	case F_INSTALLMENT:
		add_unique(out, &n, "NA");
		add_unique(out, &n, "HALF_PAY");
		add_unique(out, &n, "ZERO_PAY");
		break;
	case F_SPEC:
	case F_REGION:
	case F_PROJECT:
		/* What the account runs. */
		for (size_t i = 0; i < store_resource_count(v->store); i++) {
			const struct model_resource *r = store_resource(v->store, i);

			if (f == F_SPEC && strcmp(r->resource_type_code, p->val[F_RTYPE]) == 0)
				add_unique(out, &n, r->resource_spec_code);
			else if (f == F_REGION)
				add_unique(out, &n, r->region_code);
			else if (f == F_PROJECT && strcmp(r->region_code, p->val[F_REGION]) == 0)
				add_unique(out, &n, r->project_id);
		}
		break;
	default:
		break;
	}
	return n;
}

static void
step(struct view *v, int dir)
{
	struct price *p = v->priv;
	const char *s[NSUGGEST];
	size_t n, at = 0;

	if (p->cur == CALCULATE)
		return;
	n = suggestions(v, (enum field)p->cur, s);
	if (n == 0) {
		ui_message(v->ui, "no suggestions for %s: Enter types it", labels[p->cur]);
		return;
	}
	while (at < n && strcmp(s[at], p->val[p->cur]) != 0)
		at++;
	at = at == n ? (dir > 0 ? 0 : n - 1) : (at + n + (size_t)(dir > 0 ? 1 : n - 1)) % n;
	snprintf(p->val[p->cur], VALUE_MAX, "%s", s[at]);
	if (p->cur == F_RTYPE)
		billing_load_usage_types(scr_billing(v), p->val[F_RTYPE], false);
}

/* Spec, region and project from the first resource of the type (or any, for region). */
static void
fill_from_account(struct view *v)
{
	struct price *p = v->priv;
	const struct model_resource *pick = NULL;

	for (size_t i = 0; i < store_resource_count(v->store) && pick == NULL; i++) {
		const struct model_resource *r = store_resource(v->store, i);

		if (p->val[F_RTYPE][0] == '\0' || strcmp(r->resource_type_code, p->val[F_RTYPE]) == 0)
			pick = r;
	}
	if (pick == NULL && store_resource_count(v->store) > 0) {
		/* Nothing of that type: the region and project still help. */
		snprintf(p->val[F_REGION], VALUE_MAX, "%s", store_resource(v->store, 0)->region_code);
		snprintf(p->val[F_PROJECT], VALUE_MAX, "%s", store_resource(v->store, 0)->project_id);
		return;
	}
	if (pick == NULL)
		return;
	if (p->val[F_SERVICE][0] == '\0')
		snprintf(p->val[F_SERVICE], VALUE_MAX, "%s", pick->service_type_code);
	if (p->val[F_RTYPE][0] == '\0')
		snprintf(p->val[F_RTYPE], VALUE_MAX, "%s", pick->resource_type_code);
	snprintf(p->val[F_SPEC], VALUE_MAX, "%s", pick->resource_spec_code);
	snprintf(p->val[F_REGION], VALUE_MAX, "%s", pick->region_code);
	snprintf(p->val[F_PROJECT], VALUE_MAX, "%s", pick->project_id);
	if (pick->has_spec_size && pick->spec_size > 0)
		snprintf(p->val[F_SIZE], VALUE_MAX, "%lld %s", (long long)(pick->spec_size / MONEY_SCALE),
		    is_bandwidth(pick->resource_type_code) ? "Mbps" : "GB");
}

/* ---- drawing ------------------------------------------------------------------------- */

static int
line(WINDOW *w, int y, int x, int width, enum theme_elem e, const char *fmt, ...)
    __attribute__((format(printf, 6, 7)));

static int
line(WINDOW *w, int y, int x, int width, enum theme_elem e, const char *fmt, ...)
{
	char buf[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	draw_text(w, y, x, width, buf, e, WTEXT_LEFT);
	return y + 1;
}

static const char *
cur_of(const char *c)
{
	return c != NULL && c[0] != '\0' ? c : "CNY";
}

static const char *
fm(money_t m, char *buf)
{
	return money_format_grouped(m, 2, buf, MONEY_BUFSZ);
}

/*
 * A result's box; moves y, x and width inside it. False when there is no
 * answer to show yet (its state is drawn instead).
 */
static bool
panel(WINDOW *w, int *y, int *x, int h, int *width, const char *title, const struct store_view *sv)
{
	draw_box(w, *y, *x, h, *width, title, false);
	(*y)++;
	*x += 2;
	*width -= 4;
	/* A refresh keeps showing the last answer. */
	if (sv->model == NULL || (sv->load != STORE_OK && sv->load != STORE_LOADING)) {
		draw_view_state(w, *y, *x, *width, sv);
		return false;
	}
	return true;
}

static void
draw_on_demand(struct view *v, WINDOW *w, int y, int x, int h, int width)
{
	const struct store_view *sv = billing_view(scr_billing(v), BILLING_RATE_ON_DEMAND);
	const struct model_on_demand_rating *r = model_on_demand_rating(sv->model);
	struct price *p = v->priv;
	char a[MONEY_BUFSZ];

	if (!panel(w, &y, &x, h, &width, "Pay-per-use", sv))
		return;
	y = line(w, y, x, width, TH_DIM, "%s of %s, %s x %s", p->val[F_USAGE], p->val[F_FACTOR],
	    p->val[F_QUANTITY], p->val[F_SPEC]);
	y = line(w, y, x, width, TH_NORMAL, "List price  %s %s", fm(r->official_website_amount, a),
	    cur_of(r->currency));
	y = line(w, y, x, width, TH_NORMAL, "Discount    %s", fm(r->discount_amount, a));
	y = line(w, y, x, width, TH_MONEY, "You pay     %s %s", fm(r->amount, a),
	    cur_of(r->currency));
	for (size_t i = 0; i < r->n_product_rating_results; i++)
		for (size_t k = 0; k < r->product_rating_results[i].n_discount_rating_results; k++) {
			const struct model_discount_rating *d =
			    &r->product_rating_results[i].discount_rating_results[k];

			y = line(w, y, x, width, TH_DIM, "  %s (%d): -%s", d->discount_name,
			    (int)d->discount_type, fm(d->amount, a));
		}
}

static int
draw_installment(WINDOW *w, int y, int x, int width, const struct model_installment *in)
{
	char a[MONEY_BUFSZ], b[MONEY_BUFSZ], c[MONEY_BUFSZ];

	if (!in->present)
		return y;
	return line(w, y, x, width, TH_DIM, "  installment per %s: list %s, discount %s, pay %s",
	    in->period_type == 3 ? "year" : "month", fm(in->official_website_amount, a),
	    fm(in->official_discount_amount, b), fm(in->amount, c));
}

static void
draw_period(struct view *v, WINDOW *w, int y, int x, int h, int width)
{
	const struct store_view *sv = billing_view(scr_billing(v), BILLING_RATE_PERIOD);
	const struct model_period_rating *r = model_period_rating(sv->model);
	struct price *p = v->priv;
	char a[MONEY_BUFSZ], b[MONEY_BUFSZ];

	if (!panel(w, &y, &x, h, &width, "Yearly/monthly (new subscription)", sv))
		return;
	y = line(w, y, x, width, TH_DIM, "%s for %s x %s", p->val[F_PERIOD], p->val[F_QUANTITY],
	    p->val[F_SPEC]);
	if (r->has_official_website_rating_result) {
		y = line(w, y, x, width, TH_NORMAL, "List price  %s %s",
		    fm(r->official_website_rating_result.official_website_amount, a), cur_of(r->currency));
		y = draw_installment(w, y, x, width, &r->official_website_rating_result.installment);
	}
	if (r->n_optional_discount_rating_results == 0)
		y = line(w, y, x, width, TH_DIM, "No discount offered");
	for (size_t i = 0; i < r->n_optional_discount_rating_results && y < getmaxy(w) - 1; i++) {
		const struct model_discount_option *d = &r->optional_discount_rating_results[i];

		y = line(w, y, x, width, d->best_offer == 1 ? TH_MONEY : TH_NORMAL,
		    "%s %s (%d): you pay %s, -%s%s", d->best_offer == 1 ? "*" : " ",
		    d->discount_name[0] ? d->discount_name : d->discount_id, (int)d->discount_type,
		    fm(d->amount, a), fm(d->discount_amount, b), d->best_offer == 1 ? ", best offer" :
		    "");
		y = draw_installment(w, y, x, width, &d->installment);
	}
}

static void
price_draw(struct view *v, WINDOW *w)
{
	struct price *p = v->priv;
	int maxy = getmaxy(w), maxx = getmaxx(w), y = 1, top, half;

	scr_header(w, "Price calculator (Enter edits, Left/Right suggests, R calculates)", NULL);
	for (int f = 0; f < F_NFIELDS && y < maxy; f++, y++) {
		draw_text(w, y, 1, 30, labels[f], f == p->cur ? TH_SELECTED : TH_DIM, WTEXT_LEFT);
		draw_text(w, y, 32, maxx - 33, p->val[f], f == p->cur ? TH_SELECTED : TH_NORMAL,
		    WTEXT_LEFT);
	}
	draw_text(w, y, 1, 30, "[ Calculate ]", p->cur == CALCULATE ? TH_SELECTED : TH_HEADER,
	    WTEXT_LEFT);
	if (p->problem[0] != '\0')
		draw_text(w, y, 32, maxx - 33, p->problem, TH_ERROR, WTEXT_LEFT);
	top = y + 1;
	if (maxy - top < 4)
		return;
	/* Side by side when there is room, else one above the other. */
	if (maxx >= 100) {
		half = maxx / 2;
		draw_on_demand(v, w, top, 0, maxy - top, half);
		draw_period(v, w, top, half, maxy - top, maxx - half);
	} else {
		half = (maxy - top) / 2;
		draw_on_demand(v, w, top, 0, half, maxx);
		draw_period(v, w, top + half, 0, maxy - top - half, maxx);
	}
}

/* ---- keys ------------------------------------------------------------------------------ */

static void
calculate(struct view *v)
{
	struct price *p = v->priv;
	struct billing_quote q;

	if (make_quote(p, &q) == 0)
		billing_rate(scr_billing(v), &q);
}

static void
on_value(void *ud, const char *text, bool accepted)
{
	struct view *v = ud;
	struct price *p = v->priv;

	if (!accepted)
		return;
	snprintf(p->val[p->edit], VALUE_MAX, "%s", text);
	if (p->edit == F_RTYPE)
		billing_load_usage_types(scr_billing(v), p->val[F_RTYPE], false);
}

static bool
price_key(struct view *v, enum cmd c)
{
	struct price *p = v->priv;

	switch (c) {
	case CMD_UP:
		p->cur = p->cur > 0 ? p->cur - 1 : CALCULATE;
		return true;
	case CMD_DOWN:
		p->cur = p->cur < CALCULATE ? p->cur + 1 : 0;
		return true;
	case CMD_FIRST:
		p->cur = 0;
		return true;
	case CMD_LAST:
		p->cur = CALCULATE;
		return true;
	case CMD_LEFT:
	case CMD_RIGHT:
		step(v, c == CMD_RIGHT ? 1 : -1);
		return true;
	case CMD_ENTER:
		if (p->cur == CALCULATE) {
			calculate(v);
		} else {
			p->edit = p->cur;
			ui_edit(v->ui, "value: ", p->val[p->cur], NULL, on_value, v);
		}
		return true;
	case CMD_REFRESH:
		calculate(v);
		return true;
	case CMD_PRICE:
		return true;	/* already here */
	case CMD_EXPORT:
		ui_message(v->ui, "the calculator has no table to export");
		return true;
	default:
		return false;
	}
}

static void
price_open(struct view *v)
{
	billing_load_catalogue(scr_billing(v), false);
}

static void
price_select(struct view *v, int y, int x)
{
	struct price *p = v->priv;

	(void)x;
	if (y >= 1 && y <= 1 + F_NFIELDS)
		p->cur = y - 1;
}

static void
price_close(struct view *v)
{
	free(v->priv);
	free(v);
}

static const struct view_ops price_ops = {
	"Price", price_open, price_draw, price_key, price_select, price_close,
};

struct view *
price_view_new(struct ui *ui, struct store *store, const char *service, const char *resource_type,
    const char *usage_factor)
{
	struct view *v = xcalloc(1, sizeof *v);
	struct price *p = xcalloc(1, sizeof *p);

	v->ops = &price_ops;
	v->ui = ui;
	v->store = store;
	v->priv = p;
	snprintf(p->val[F_SERVICE], VALUE_MAX, "%s", service != NULL ? service : "");
	snprintf(p->val[F_RTYPE], VALUE_MAX, "%s", resource_type != NULL ? resource_type : "");
	fill_from_account(v);
	snprintf(p->val[F_QUANTITY], VALUE_MAX, "1");
	snprintf(p->val[F_FACTOR], VALUE_MAX, "%s", usage_factor != NULL ? usage_factor : "Duration");
	snprintf(p->val[F_USAGE], VALUE_MAX, "1 h");
	snprintf(p->val[F_PERIOD], VALUE_MAX, "1m");
	if (p->val[F_RTYPE][0] != '\0')
		billing_load_usage_types(store_billing(store), p->val[F_RTYPE], false);
	p->cur = CALCULATE;
	return v;
}
