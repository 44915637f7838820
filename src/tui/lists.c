/*
 * The list screens (2-6) and the overview's panes: one generic table view
 * over the store's rows, described per store view by a struct list_desc
 * (fields, cell text, sort keys, urgency style, id for marks, detail).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tui/bg.h"
#include "tui/draw.h"
#include "tui/export.h"
#include "tui/scr.h"
#include "tui/screens.h"
#include "tui/ui.h"
#include "util/timeutil.h"
#include "util/xalloc.h"

#define MAX_FIELDS 12
#define DETAIL_LINES 48

struct list_field {
	const char *title;
	int width, min;
	enum wtext_align align;
};

/*
 * A list's fields: the screen shows the first nfields; entries past those
 * are variants for narrow panes only (short titles, short times).
 */
struct list_desc {
	const char *name;
	enum store_view_id view;
	const struct list_field *fields;
	size_t nfields;
	const size_t *pane;          /* field indexes the overview pane shows */
	size_t npane;
	const size_t *compact;       /* the pane's fields when those would be cut */
	size_t ncompact;
	size_t (*count)(const struct store *s);
	const char *(*cell)(const struct store *s, size_t row, size_t field, char *buf, size_t n);
	/* Sort keys (table_source.key): amounts and days by value, the rest by text. */
	bool (*key)(const struct store *s, size_t row, size_t field, int64_t *num, const char **text,
	    char *buf, size_t n);
	enum theme_elem (*style)(const struct store *s, size_t row, size_t field);
	const char *(*id)(const struct store *s, size_t row);
	/*
	 * The detail API for a row (STORE_DETAIL_NONE: the row's fields only),
	 * asked for the row's id, or for the ids detail_ids fills when set.
	 */
	enum store_detail detail;
	size_t (*detail_ids)(const struct store *s, size_t row, const char **ids, size_t max);
	/* Optional: a field drawn as a usage bar: its permille, or -1 for other fields. */
	int (*bar)(const struct store *s, size_t row, size_t field);
	/* Where the row lives, for lists the store keeps in another order (table_set_locality). */
	const void *(*addr)(const struct store *s, size_t row);
	/*
	 * Optional: the exact amount of a money field, which its cell rounds to
	 * 2 places, for export (tui/export.h); false for other fields and blanks.
	 */
	bool (*amount)(const struct store *s, size_t row, size_t field, money_t *m);
};

/* ---- shared cell helpers ----------------------------------------------------- */

/* A numeric sort key. */
static bool
num_key(int64_t v, int64_t *num)
{
	*num = v;
	return true;
}

/* A text sort key. */
static bool
text_key(const char *v, const char **text)
{
	*text = v;
	return false;
}

static const char *
fmt_money(money_t m, char *buf, size_t n)
{
	return money_format_grouped(m, 2, buf, n);
}

/* "2024-03-15" (UTC+8 date) of an ISO time, or the text as sent. */
static const char *
fmt_date(const char *iso, char *buf, size_t n)
{
	time_t t;
	char d[11];

	if (time_parse_iso(iso, &t) != 0)
		return iso;
	snprintf(buf, n, "%s", time_format_date_cn(t, d));
	return buf;
}

static const char *
fmt_days(const struct store *s, const char *iso, char *buf, size_t n)
{
	long d;

	if (!store_days_until(s, iso, &d))
		return "";
	snprintf(buf, n, "%ldd", d);	/* negative: expired that many days ago */
	return buf;
}

static long
days_or_max(const struct store *s, const char *iso)
{
	long d;

	return store_days_until(s, iso, &d) ? d : 1L << 30;
}

/* Urgency: past or within 7 days urgent, within 30 warn. */
static enum theme_elem
urgency(const struct store *s, const char *iso)
{
	long d = days_or_max(s, iso);

	return d <= 7 ? TH_URGENT : d <= 30 ? TH_WARN : TH_NORMAL;
}

/* ---- balance accounts ------------------------------------------------------------- */

static const struct list_field balance_fields[] = {
	{ "Account", 10, 8, WTEXT_LEFT }, { "Available", 16, 12, WTEXT_RIGHT },
	{ "Credit limit", 14, 0, WTEXT_RIGHT }, { "Designated", 12, 0, WTEXT_RIGHT },
	{ "Currency", 8, 0, WTEXT_LEFT }, { "Account ID", 24, 10, WTEXT_LEFT },
};

static const struct model_account_balance *
account(const struct store *s, size_t i)
{
	return &model_balances(store_view(s, STORE_BALANCE)->model)->account_balances[i];
}

static size_t
balance_count(const struct store *s)
{
	const struct model_balances *b = model_balances(store_view(s, STORE_BALANCE)->model);

	return b != NULL ? b->n_account_balances : 0;
}

static const char *
account_type(int32_t t)
{
	switch (t) {
	case 1: return "Cash";
	case 2: return "Credit";
	case 5: return "Bonus";
	case 7: return "Deposit";
	default: return "Other";
	}
}

static const char *
balance_cell(const struct store *s, size_t row, size_t f, char *buf, size_t n)
{
	const struct model_account_balance *a = account(s, row);

	switch (f) {
	case 0: return account_type(a->account_type);
	case 1: return fmt_money(a->amount, buf, n);
	case 2: return a->has_credit_amount ? fmt_money(a->credit_amount, buf, n) : "";
	case 3: return a->has_designated_amount ? fmt_money(a->designated_amount, buf, n) : "";
	case 4: return a->currency;
	default: return a->account_id;
	}
}

static bool
balance_key(const struct store *s, size_t row, size_t f, int64_t *num, const char **text,
    char *buf, size_t n)
{
	const struct model_account_balance *a = account(s, row);

	switch (f) {
	case 1: return num_key(a->amount, num);
	case 2: return num_key(a->credit_amount, num);
	case 3: return num_key(a->designated_amount, num);
	default: return text_key(balance_cell(s, row, f, buf, n), text);
	}
}

static bool
balance_amount(const struct store *s, size_t row, size_t f, money_t *m)
{
	const struct model_account_balance *a = account(s, row);

	switch (f) {
	case 1: *m = a->amount; return true;
	case 2: *m = a->credit_amount; return a->has_credit_amount;
	case 3: *m = a->designated_amount; return a->has_designated_amount;
	default: return false;
	}
}

static enum theme_elem
balance_style(const struct store *s, size_t row, size_t f)
{
	if (f != 1)
		return TH_NORMAL;
	return account(s, row)->account_type == 1 && store_balance_alert(s) ? TH_URGENT : TH_MONEY;
}

static const char *
balance_id(const struct store *s, size_t row)
{
	return account(s, row)->account_id;
}

static const size_t balance_pane[] = { 0, 1 };

const struct list_desc list_balance = {
	"Balance", STORE_BALANCE, balance_fields, 6, balance_pane, 2, balance_pane, 2, balance_count,
	balance_cell, balance_key, balance_style, balance_id, STORE_DETAIL_NONE, NULL, NULL, NULL,
	balance_amount,
};

/* ---- coupons ----------------------------------------------------------------------- */

static const struct list_field coupon_fields[] = {
	{ "Value left", 12, 10, WTEXT_RIGHT }, { "Expires", 10, 0, WTEXT_LEFT },
	{ "Days", 7, 0, WTEXT_RIGHT }, { "Type", 8, 0, WTEXT_LEFT },
	{ "Plan", 24, 10, WTEXT_LEFT }, { "Applies to", 24, 8, WTEXT_LEFT },
	{ "Face value", 12, 0, WTEXT_RIGHT }, { "Coupon ID", 20, 8, WTEXT_LEFT },
	{ "Left", 10, 8, WTEXT_RIGHT },
};

static money_t
coupon_left(const struct model_coupon *c)
{
	return c->has_balance ? c->balance : c->face_value;
}

static const char *
coupon_type(int32_t t)
{
	switch (t) {
	case 1: return "cash";
	case 2: return "discount";
	case 3: return "product";
	case 4: return "flexi";
	default: return "other";
	}
}

/*
 * Where a coupon applies: its description, else the values of its use limits
 * that name something (numeric flags such as "0" say nothing to a reader).
 */
static const char *
coupon_scope(const struct model_coupon *c, char *buf, size_t n)
{
	size_t pos = 0;

	if (c->plan_desc[0] != '\0')
		return c->plan_desc;
	buf[0] = '\0';
	for (size_t i = 0; i < c->n_use_limits && pos + 1 < n; i++) {
		const char *v = c->use_limits[i].value1;
		int w;

		if (v[0] == '\0' || strspn(v, "0123456789.") == strlen(v))
			continue;
		w = snprintf(buf + pos, n - pos, "%s%s", pos ? ", " : "", v);
		if (w < 0)
			break;
		pos += (size_t)w < n - pos ? (size_t)w : n - pos - 1;
	}
	return pos > 0 ? buf : "all services";
}

static const char *
coupon_cell(const struct store *s, size_t row, size_t f, char *buf, size_t n)
{
	const struct model_coupon *c = store_coupon(s, row);

	switch (f) {
	case 1: return fmt_date(c->expire_time, buf, n);
	case 2: return fmt_days(s, c->expire_time, buf, n);
	case 3: return coupon_type(c->coupon_type);
	case 4: return c->plan_name;
	case 5: return coupon_scope(c, buf, n);
	case 6: return fmt_money(c->face_value, buf, n);
	case 7: return c->coupon_id;
	default: return fmt_money(coupon_left(c), buf, n);	/* 0 and its short title */
	}
}

static bool
coupon_key(const struct store *s, size_t row, size_t f, int64_t *num, const char **text,
    char *buf, size_t n)
{
	const struct model_coupon *c = store_coupon(s, row);

	switch (f) {
	case 0:
	case 8: return num_key(coupon_left(c), num);
	case 6: return num_key(c->face_value, num);
	case 1:
	case 2: return text_key(c->expire_time, text);
	default: return text_key(coupon_cell(s, row, f, buf, n), text);
	}
}

static bool
coupon_amount(const struct store *s, size_t row, size_t f, money_t *m)
{
	const struct model_coupon *c = store_coupon(s, row);

	switch (f) {
	case 0:
	case 8: *m = coupon_left(c); return true;
	case 6: *m = c->face_value; return true;
	default: return false;
	}
}

static enum theme_elem
coupon_style(const struct store *s, size_t row, size_t f)
{
	const struct model_coupon *c = store_coupon(s, row);

	if (f == 0 || f == 8)
		return TH_MONEY;
	if (f == 1 || f == 2)
		return urgency(s, c->expire_time) == TH_URGENT ? TH_URGENT : TH_NORMAL;
	return TH_NORMAL;
}

static const char *
coupon_id(const struct store *s, size_t row)
{
	return store_coupon(s, row)->coupon_id;
}

static const size_t coupon_pane[] = { 0, 1, 4 }, coupon_compact[] = { 8, 1, 4 };

const struct list_desc list_coupons = {
	"Coupons", STORE_COUPONS, coupon_fields, 8, coupon_pane, 3, coupon_compact, 3,
	store_coupon_count, coupon_cell, coupon_key, coupon_style, coupon_id, STORE_DETAIL_NONE,
	NULL, NULL, NULL, coupon_amount,
};

/* ---- pending orders ------------------------------------------------------------------- */

static const struct list_field order_fields[] = {
	{ "Amount", 12, 10, WTEXT_RIGHT }, { "Service", 18, 8, WTEXT_LEFT },
	{ "Created", 16, 10, WTEXT_LEFT }, { "Status", 16, 0, WTEXT_LEFT },
	{ "Type", 10, 0, WTEXT_LEFT }, { "Order ID", 20, 8, WTEXT_LEFT },
	{ "Created", 11, 0, WTEXT_LEFT },
};

static const char *
order_status(int32_t st)
{
	switch (st) {
	case 1: return "pending approval";
	case 6: return "pending payment";
	default: return "other";
	}
}

static const char *
order_type(int32_t t)
{
	switch (t) {
	case 1: return "new";
	case 2: return "renewal";
	case 3: return "change";
	case 4: return "unsubscribe";
	case 10: return "to on-demand";
	case 11: return "to yearly";
	default: return "other";
	}
}

static const char *
order_cell(const struct store *s, size_t row, size_t f, char *buf, size_t n)
{
	const struct model_order *o = store_order(s, row);
	char t[DRAW_TIME_BUFSZ];

	switch (f) {
	case 0: return fmt_money(o->amount_after_discount, buf, n);
	case 1: return o->service_type_name[0] ? o->service_type_name : o->service_type_code;
	case 2:
	case 6:
		snprintf(buf, n, "%s", draw_time(o->create_time, f == 6, t));
		return buf;
	case 3: return order_status(o->status);
	case 4: return order_type(o->order_type);
	default: return o->order_id;
	}
}

static bool
order_key(const struct store *s, size_t row, size_t f, int64_t *num, const char **text,
    char *buf, size_t n)
{
	const struct model_order *o = store_order(s, row);

	if (f == 0)
		return num_key(o->amount_after_discount, num);
	if (f == 2 || f == 6)
		return text_key(o->create_time, text);
	return text_key(order_cell(s, row, f, buf, n), text);
}

static bool
order_amount(const struct store *s, size_t row, size_t f, money_t *m)
{
	if (f != 0)
		return false;
	*m = store_order(s, row)->amount_after_discount;
	return true;
}

static enum theme_elem
order_style(const struct store *s, size_t row, size_t f)
{
	if (f == 0)
		return TH_MONEY;
	if (f == 3)
		return store_order(s, row)->status == 6 ? TH_WARN : TH_NORMAL;
	return TH_NORMAL;
}

static const char *
order_id(const struct store *s, size_t row)
{
	return store_order(s, row)->order_id;
}

/* The store lists orders newest first. */
static const void *
order_addr(const struct store *s, size_t row)
{
	return store_order(s, row);
}

static const size_t order_pane[] = { 0, 1, 2 }, order_compact[] = { 0, 1, 6 };

const struct list_desc list_orders = {
	"Orders", STORE_ORDERS, order_fields, 6, order_pane, 3, order_compact, 3, store_order_count,
	order_cell, order_key, order_style, order_id, STORE_DETAIL_ORDER, NULL, NULL, order_addr,
	order_amount,
};

/* ---- subscriptions ------------------------------------------------------------------- */

static const struct list_field sub_fields[] = {
	{ "Days", 8, 5, WTEXT_RIGHT }, { "Name", 24, 10, WTEXT_LEFT },
	{ "Auto-renew", 10, 4, WTEXT_LEFT }, { "On expiry", 14, 0, WTEXT_LEFT },
	{ "Expires", 10, 0, WTEXT_LEFT }, { "Service", 14, 0, WTEXT_LEFT },
	{ "Region", 14, 0, WTEXT_LEFT }, { "Status", 8, 0, WTEXT_LEFT },
	{ "Resource ID", 24, 8, WTEXT_LEFT },
	{ "Auto", 4, 0, WTEXT_LEFT }, { "On expiry", 11, 0, WTEXT_LEFT },
};

/* What happens on expiry; short: in the words a narrow pane has room for. */
static const char *
expire_policy(int32_t p, bool short_form)
{
	switch (p) {
	case 0: return short_form ? "grace" : "grace period";
	case 1: return short_form ? "pay-per-use" : "to pay-per-use";
	case 2: return "delete";
	case 3: return "renew";
	case 4: return "freeze";
	case 5: return "delete";
	default: return "?";
	}
}

static const char *
resource_status(int32_t st)
{
	switch (st) {
	case 2: return "in use";
	case 3: return "closed";
	case 4: return "frozen";
	case 5: return "expired";
	default: return "?";
	}
}

static const char *
sub_cell(const struct store *s, size_t row, size_t f, char *buf, size_t n)
{
	const struct model_resource *r = store_resource(s, row);

	switch (f) {
	case 0: return fmt_days(s, r->expire_time, buf, n);
	case 1: return r->resource_name[0] ? r->resource_name : r->resource_id;
	case 2:
	case 9: return r->expire_policy == 3 ? "on" : "off";
	case 3:
	case 10: return expire_policy(r->expire_policy, f == 10);
	case 4: return fmt_date(r->expire_time, buf, n);
	case 5: return r->service_type_name[0] ? r->service_type_name : r->service_type_code;
	case 6: return r->region_code;
	case 7: return resource_status(r->status);
	default: return r->resource_id;
	}
}

static bool
sub_key(const struct store *s, size_t row, size_t f, int64_t *num, const char **text,
    char *buf, size_t n)
{
	/*
	 * Days left and the expiry sort by the expiry: the order the store
	 * lists resources in (soonest first, unknown last), so the row is the
	 * key. No row is read: on 100,000 rows reading each one's expiry was
	 * 15-20 ms of cache misses per first sort.
	 */
	if (f == 0 || f == 4)
		return num_key((int64_t)row, num);
	return text_key(sub_cell(s, row, f, buf, n), text);
}

static enum theme_elem
sub_style(const struct store *s, size_t row, size_t f)
{
	const struct model_resource *r = store_resource(s, row);

	if (f == 0 || f == 4)
		return urgency(s, r->expire_time);
	if (f == 2 || f == 9)
		return r->expire_policy == 3 ? TH_OK : TH_DIM;
	return TH_NORMAL;
}

static const char *
sub_id(const struct store *s, size_t row)
{
	return store_resource(s, row)->resource_id;
}

/* The store lists resources by expiry. */
static const void *
sub_addr(const struct store *s, size_t row)
{
	return store_resource(s, row);
}

static const size_t sub_pane[] = { 0, 1, 2, 3 }, sub_compact[] = { 0, 1, 9, 10 };

/* The pane shows only what expires within N days: the sorted prefix. */
const struct list_desc list_subscriptions = {
	"Subscriptions", STORE_RESOURCES, sub_fields, 9, sub_pane, 4, sub_compact, 4,
	store_resource_count, sub_cell, sub_key, sub_style, sub_id, STORE_DETAIL_RESOURCE, NULL,
	NULL, sub_addr, NULL,
};

/* ---- resource packages --------------------------------------------------------------- */

static const struct list_field pkg_fields[] = {
	{ "Package", 24, 10, WTEXT_LEFT }, { "Used", 12, 6, WTEXT_LEFT },
	{ "%", 5, 0, WTEXT_RIGHT }, { "Remaining", 14, 0, WTEXT_RIGHT },
	{ "Total", 14, 0, WTEXT_RIGHT }, { "Expires", 10, 0, WTEXT_LEFT },
	{ "Status", 12, 0, WTEXT_LEFT }, { "Service", 12, 0, WTEXT_LEFT },
	{ "Instance ID", 24, 8, WTEXT_LEFT },
};

static long
pkg_permille(const struct model_package *p)
{
	money_t used, total;

	return store_package_usage(p, &used, &total);
}

static const char *
pkg_status(int32_t st)
{
	switch (st) {
	case 0: return "not effective";
	case 1: return "effective";
	case 2: return "used up";
	case 3: return "expired";
	case 4: return "unsubscribed";
	default: return "?";
	}
}

/* In the unit of the item the figures come from, readable (tui/scr.h). */
static const char *
pkg_quantity(const struct store *s, const struct model_package *p, money_t q, char *buf, size_t n)
{
	const struct model_free_resource *item = store_package_item(p);

	return item != NULL ? scr_quantity(s, q, item->measure_id, buf, n) : fmt_money(q, buf, n);
}

static const char *
pkg_cell(const struct store *s, size_t row, size_t f, char *buf, size_t n)
{
	const struct model_package *p = store_package(s, row);
	money_t used, total, left;

	store_package_usage(p, &used, &total);
	switch (f) {
	case 0: return p->product_name;
	case 1: bar_render(used, total, 10, wtext_utf8(), buf, n); return buf;
	case 2: snprintf(buf, n, "%ld%%", pkg_permille(p) / 10); return buf;
	case 3:
		if (money_sub(total, used, &left) != 0)
			left = 0;
		return pkg_quantity(s, p, left, buf, n);
	case 4: return pkg_quantity(s, p, total, buf, n);
	case 5: return fmt_date(p->expire_time, buf, n);
	case 6: return pkg_status(p->status);
	case 7: return p->service_type_name[0] ? p->service_type_name : p->service_type_code;
	default: return p->order_instance_id;
	}
}

static bool
pkg_key(const struct store *s, size_t row, size_t f, int64_t *num, const char **text,
    char *buf, size_t n)
{
	const struct model_package *p = store_package(s, row);

	if (f == 1 || f == 2)
		return num_key(pkg_permille(p), num);
	if (f == 5)
		return text_key(p->expire_time, text);
	return text_key(pkg_cell(s, row, f, buf, n), text);
}

static enum theme_elem
pkg_style(const struct store *s, size_t row, size_t f)
{
	const struct model_package *p = store_package(s, row);
	long pm = pkg_permille(p);

	if (f == 1)
		return pm >= 1000 || p->status == 2 ? TH_URGENT : pm >= 800 ? TH_WARN : TH_BAR_FILL;
	if (f == 2)
		return pm >= 1000 || p->status == 2 ? TH_URGENT : pm >= 800 ? TH_WARN : TH_NORMAL;
	if (f == 5)
		return urgency(s, p->expire_time);
	return TH_NORMAL;
}

static const char *
pkg_id(const struct store *s, size_t row)
{
	return store_package(s, row)->order_instance_id;
}

/* A package's usage is asked per free resource. */
static size_t
pkg_detail_ids(const struct store *s, size_t row, const char **ids, size_t max)
{
	const struct model_package *p = store_package(s, row);
	size_t n = 0;

	for (size_t i = 0; i < p->n_free_resources && n < max; i++)
		ids[n++] = p->free_resources[i].free_resource_id;
	return n;
}

static int
pkg_bar(const struct store *s, size_t row, size_t f)
{
	return f == 1 ? (int)pkg_permille(store_package(s, row)) : -1;
}

static const size_t pkg_pane[] = { 0, 1, 2, 5 };

const struct list_desc list_packages = {
	"Packages", STORE_PACKAGES, pkg_fields, 9, pkg_pane, 4, pkg_pane, 4, store_package_count,
	pkg_cell, pkg_key, pkg_style, pkg_id, STORE_DETAIL_PACKAGE, pkg_detail_ids, pkg_bar, NULL,
	NULL,
};

/* ---- the table source over a desc ------------------------------------------------------ */

/* Tab order of the list screens (2-6); indexes also pick the view ops. */
static const struct list_desc *const all_lists[5] = {
	&list_balance, &list_coupons, &list_orders, &list_subscriptions, &list_packages,
};

static size_t
list_index(const struct list_desc *d)
{
	size_t i = 0;

	while (i < 4 && all_lists[i] != d)
		i++;
	return i;
}

struct list_src {
	const struct list_desc *d;
	struct store *store;
	size_t map[MAX_FIELDS];    /* table column -> field */
	bool pane;
};

static size_t
src_count(void *ud)
{
	struct list_src *ls = ud;
	size_t n = ls->d->count(ls->store);

	/* The subscriptions pane lists only what expires within N days. */
	if (ls->pane && ls->d == &list_subscriptions)
		n = store_expiring_count(ls->store);
	return n;
}

static const char *
src_cell(void *ud, size_t row, size_t col, char *buf, size_t n)
{
	struct list_src *ls = ud;

	return ls->d->cell(ls->store, row, ls->map[col], buf, n);
}

static bool
src_key(void *ud, size_t row, size_t col, int64_t *num, const char **text, char *buf, size_t n)
{
	struct list_src *ls = ud;

	return ls->d->key(ls->store, row, ls->map[col], num, text, buf, n);
}

static enum theme_elem
src_style(void *ud, size_t row, size_t col)
{
	struct list_src *ls = ud;

	return ls->d->style(ls->store, row, ls->map[col]);
}

static bool
src_marked(void *ud, size_t row)
{
	struct list_src *ls = ud;

	return store_marked(ls->store, ls->d->view, ls->d->id(ls->store, row));
}

static void
src_toggle(void *ud, size_t row)
{
	struct list_src *ls = ud;

	store_toggle_mark(ls->store, ls->d->view, ls->d->id(ls->store, row));
}

static int
src_bar(void *ud, size_t row, size_t col)
{
	struct list_src *ls = ud;

	return ls->d->bar(ls->store, row, ls->map[col]);
}

static const void *
src_addr(void *ud, size_t row)
{
	struct list_src *ls = ud;

	return ls->d->addr(ls->store, row);
}

static bool
src_amount(void *ud, size_t row, size_t col, money_t *m)
{
	struct list_src *ls = ud;

	return ls->d->amount(ls->store, row, ls->map[col], m);
}

static const struct table_source list_source = {
	src_count, src_cell, src_key, src_style, src_marked, src_toggle,
};
static const struct table_source pane_source = {
	src_count, src_cell, src_key, src_style, NULL, NULL,
};

static struct table *
make_table(struct list_src *ls, const size_t *fields, size_t n, const struct table_source *src)
{
	struct table_column cols[MAX_FIELDS];
	struct table *t;

	for (size_t i = 0; i < n; i++) {
		const struct list_field *f = &ls->d->fields[fields[i]];

		cols[i] = (struct table_column){ f->title, f->width, f->min, f->align };
		ls->map[i] = fields[i];
	}
	t = table_new(src, ls, cols, n);
	if (ls->d->bar != NULL)
		table_set_bar(t, src_bar);
	if (ls->d->addr != NULL)
		table_set_locality(t, src_addr);
	return t;
}

/*
 * Panes have no view to own their source: the table's ud lives in a static
 * per desc and form, valid as long as the program (one store at a time).
 */
struct table *
list_pane_table(struct store *store, const struct list_desc *d, bool compact)
{
	static struct list_src srcs[2][5];
	struct list_src *ls = &srcs[compact][list_index(d)];

	*ls = (struct list_src){ .d = d, .store = store, .pane = true };
	return compact ? make_table(ls, d->compact, d->ncompact, &pane_source) :
	    make_table(ls, d->pane, d->npane, &pane_source);
}

enum store_view_id
list_store_view(const struct list_desc *d)
{
	return d->view;
}

const char *
list_name(const struct list_desc *d)
{
	return d->name;
}

/* ---- the list view ------------------------------------------------------------------------ */

struct list_view {
	struct list_src src;
	struct table *t;
	unsigned generation;
	int top;    /* the row of the window the table was last drawn from: for mouse clicks */
};

static bool list_prepare(void *ud);

static void
list_sync(struct view *v)
{
	struct list_view *lv = v->priv;
	const struct store_view *sv = store_view(v->store, lv->src.d->view);

	if (sv->generation != lv->generation) {
		lv->generation = sv->generation;
		table_reload(lv->t);
		bg_add(list_prepare, v);
	}
}

/*
 * Idle loop turns after new data reached a list on screen: its sort orders
 * and search text, a slice at a time, so that the first sort by a column or
 * the first filter keystroke on 100,000 rows finds them done.
 */
static bool
list_prepare(void *ud)
{
	struct view *v = ud;
	struct list_view *lv = v->priv;

	list_sync(v);
	return table_prepare(lv->t);
}

static void
list_open(struct view *v)
{
	list_sync(v);
}

/*
 * The balance screen's head from row y: cash, alert, days left and the
 * history sparkline. Returns the first row below it.
 */
static int
draw_balance_head(struct view *v, WINDOW *w, int y)
{
	struct store *s = v->store;
	int maxx = getmaxx(w);
	money_t cash, vals[512];
	const char *cur;
	char line[256], m[64], basis[32], spark[3 * 512 + 1];
	size_t n, k = 0;
	const struct store_sample *h = store_history(s, &n);
	struct store_rate r;
	long days;

	if (store_cash(s, &cash, &cur)) {
		snprintf(line, sizeof line, "Available cash  %s", draw_money(cash, cur, m, sizeof m));
		draw_text(w, y, 1, maxx - 2, line, store_balance_alert(s) ? TH_URGENT : TH_MONEY,
		    WTEXT_LEFT);
	}
	if (!store_days_left(s, &days) || !store_spend_rate(s, &r))
		snprintf(line, sizeof line, "Days left: not known yet (needs the cost data or this "
		    "month's sum)");
	else
		snprintf(line, sizeof line, "At %s a day (%s), the cash lasts about %ld days",
		    draw_money(r.per_day, cur, m, sizeof m), draw_rate_basis(&r, basis, sizeof basis),
		    days);
	draw_text(w, y + 1, 1, maxx - 2, line, TH_NORMAL, WTEXT_LEFT);
	for (size_t i = n > 512 ? n - 512 : 0; i < n; i++)
		vals[k++] = h[i].amount;
	sparkline_render(vals, k, maxx - 14 < 512 ? maxx - 14 : 512, ui_utf8(v->ui), spark,
	    sizeof spark);
	draw_text(w, y + 2, 1, 12, "History (7d)", TH_DIM, WTEXT_LEFT);
	draw_text(w, y + 2, 14, maxx - 15, spark, TH_SPARK, WTEXT_LEFT);
	return y + 4;
}

static void
list_draw(struct view *v, WINDOW *w)
{
	struct list_view *lv = v->priv;
	const struct store_view *sv = store_view(v->store, lv->src.d->view);
	char title[128], filter[160];

	list_sync(v);
	/* Title, then the filter between it and the load state on the right. */
	snprintf(title, sizeof title, "%s (%zu)", lv->src.d->name, table_rows(lv->t));
	lv->top = scr_header(w, title, sv);
	if (table_filter(lv->t)[0] != '\0') {
		snprintf(filter, sizeof filter, "/%s", table_filter(lv->t));
		draw_text(w, 0, 24, scr_title_width(w, sv) - 23, filter, TH_WARN, WTEXT_LEFT);
	}
	if (lv->src.d == &list_balance)
		lv->top = draw_balance_head(v, w, lv->top);
	scr_draw_table(w, lv->top, lv->t, true);
}

static void
on_filter_change(void *ud, const char *text)
{
	struct view *v = ud;
	struct list_view *lv = v->priv;

	table_set_filter(lv->t, text);
	ui_dirty(v->ui);
}

static void
on_filter_done(void *ud, const char *text, bool accepted)
{
	struct view *v = ud;
	struct list_view *lv = v->priv;

	/* Esc drops the filter; Enter keeps it. */
	table_set_filter(lv->t, accepted ? text : "");
	ui_dirty(v->ui);
}

static void
open_detail(struct view *v)
{
	struct list_view *lv = v->priv;
	const struct list_desc *d = lv->src.d;
	char *lines[MAX_FIELDS], buf[512], title[160];
	const char *ids[100];
	size_t row, n = 0, nids = 0;

	if (!table_cursor_row(lv->t, &row))
		return;
	for (size_t f = 0; f < d->nfields && n < MAX_FIELDS; f++) {
		const char *txt = d->cell(v->store, row, f, buf, sizeof buf);

		lines[n++] = xasprintf("%s\t%s", d->fields[f].title, txt);
	}
	snprintf(title, sizeof title, "%s: %s", d->name, d->id(v->store, row));
	if (d->detail_ids != NULL) {
		nids = d->detail_ids(v->store, row, ids, 100);
	} else {
		ids[0] = d->id(v->store, row);
		nids = 1;
	}
	ui_push(v->ui, detail_view_new(v->ui, v->store, title, (const char *const *)lines, n,
	    d->detail, ids, nids));
	for (size_t i = 0; i < n; i++)
		free(lines[i]);
}

static bool
list_key(struct view *v, enum cmd c)
{
	struct list_view *lv = v->priv;
	char name[64];

	switch (c) {
	case CMD_FILTER:
		ui_edit(v->ui, "/", table_filter(lv->t), on_filter_change, on_filter_done, v);
		return true;
	case CMD_ENTER:
		open_detail(v);
		return true;
	case CMD_EXPORT:
		scr_file_name(name, sizeof name, "%s.csv", lv->src.d->name);
		export_table_exact(v->ui, lv->t, name, lv->src.d->amount != NULL ? src_amount : NULL,
		    &lv->src);
		return true;
	case CMD_REFRESH:
		store_refresh(v->store, lv->src.d->view);
		if (lv->src.d->view == STORE_BALANCE) {
			store_refresh(v->store, STORE_MONTHLY);
			store_refresh(v->store, STORE_COSTS);
		}
		return true;
	case CMD_BACK:
		if (table_filter(lv->t)[0] != '\0') {
			table_set_filter(lv->t, "");
			return true;
		}
		return false;
	case CMD_PAY:
	case CMD_CANCEL_ORDER:
	case CMD_RENEW:
	case CMD_UNSUBSCRIBE:
	case CMD_AUTORENEW:
	case CMD_ON_EXPIRY: {
		size_t row;

		ui_action(v->ui, c, lv->src.d->view, table_cursor_row(lv->t, &row) ?
		    lv->src.d->id(v->store, row) : NULL);
		return true;
	}
	default:
		return table_command(lv->t, c);
	}
}

static void
list_select(struct view *v, int y, int x)
{
	struct list_view *lv = v->priv;
	size_t pos;

	(void)x;
	if (table_hit(lv->t, y - lv->top, &pos))
		table_set_cursor(lv->t, pos);
}

static void
list_close(struct view *v)
{
	struct list_view *lv = v->priv;

	bg_cancel(v);
	table_free(lv->t);
	free(lv);
	free(v);
}

static const struct view_ops list_ops[5] = {
	{ "Balance", list_open, list_draw, list_key, list_select, list_close },
	{ "Coupons", list_open, list_draw, list_key, list_select, list_close },
	{ "Orders", list_open, list_draw, list_key, list_select, list_close },
	{ "Subscriptions", list_open, list_draw, list_key, list_select, list_close },
	{ "Packages", list_open, list_draw, list_key, list_select, list_close },
};

struct view *
list_view_new(struct ui *ui, struct store *store, const struct list_desc *d)
{
	struct view *v = xcalloc(1, sizeof *v);
	struct list_view *lv = xcalloc(1, sizeof *lv);
	size_t fields[MAX_FIELDS];

	v->ops = &list_ops[list_index(d)];
	for (size_t i = 0; i < d->nfields; i++)
		fields[i] = i;
	lv->src = (struct list_src){ .d = d, .store = store };
	lv->t = make_table(&lv->src, fields, d->nfields, &list_source);
	lv->generation = store_view(store, d->view)->generation;
	v->ui = ui;
	v->store = store;
	v->priv = lv;
	return v;
}

int
screens_create(struct ui *ui, struct store *store, struct view **views, int max)
{
	int n = 0;

	if (max < 6)
		return 0;
	views[n++] = overview_view_new(ui, store);
	for (size_t i = 0; i < 5; i++)
		views[n++] = list_view_new(ui, store, all_lists[i]);
	/* 7-9: bills, costs, products (tui/scr.h). */
	return scr_create(ui, store, views, n, max);
}
