/*
 * get: one-shot reads for scripts and SSH sessions.
 *
 *   get WHAT [--output table|json|csv|markdown] [filters]
 *
 * Every list is fetched whole (api/bss's pager: bounded concurrency, the
 * http layer keeps the rate limit). Filters map to the API's own filters.
 * Field names of the JSON/CSV output are the columns below; they are stable
 * and listed in bssdash(1).
 */
#include "cli/cli.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/rateperiod.h"
#include "cli/args.h"
#include "cli/session.h"
#include "util/buf.h"
#include "util/format.h"
#include "util/timeutil.h"
#include "util/xalloc.h"

enum { EXIT_OK = 0, EXIT_FAIL = 1, EXIT_USAGE = 2 };

/* --- names of the API's small integers ----------------------------------------- */

struct code_name {
	int32_t code;
	const char *name;
};

static const struct code_name order_statuses[] = {
	{ 1, "approval" }, { 2, "refund" }, { 3, "processing" }, { 4, "cancelled" },
	{ 5, "completed" }, { 6, "pending" }, { 9, "confirmation" }, { 0, NULL },
};
static const struct code_name order_types[] = {
	{ 1, "new" }, { 2, "renewal" }, { 3, "change" }, { 4, "unsubscribe" },
	{ 10, "to-pay-per-use" }, { 11, "to-yearly-monthly" }, { 13, "trial" },
	{ 14, "trial-to-commercial" }, { 15, "adjustment" }, { 0, NULL },
};
static const struct code_name resource_statuses[] = {
	{ 2, "in-use" }, { 3, "closed" }, { 4, "frozen" }, { 5, "expired" }, { 0, NULL },
};
static const struct code_name coupon_statuses[] = {
	{ 1, "not-activated" }, { 2, "available" }, { 3, "used" }, { 4, "expired" },
	{ 5, "reclaimed" }, { 0, NULL },
};
static const struct code_name coupon_types[] = {
	{ 1, "cash" }, { 2, "discount" }, { 3, "product" }, { 4, "flexi-purchase" }, { 0, NULL },
};
static const struct code_name package_statuses[] = {
	{ 0, "pending" }, { 1, "active" }, { 2, "used-up" }, { 3, "expired" },
	{ 4, "unsubscribed" }, { 0, NULL },
};
static const struct code_name account_types[] = {
	{ 1, "cash" }, { 2, "credit" }, { 5, "bonus" }, { 7, "deposit" }, { 0, NULL },
};
static const struct code_name policies[] = {
	{ 0, "grace-period" }, { 1, "pay-per-use" }, { 2, "delete" }, { 3, "auto-renew" },
	{ 4, "freeze" }, { 5, "delete" }, { 0, NULL },
};
static const struct code_name charging_modes[] = {
	{ 1, "yearly-monthly" }, { 3, "pay-per-use" }, { 10, "reserved-instance" },
	{ 11, "savings-plan" }, { 0, NULL },
};
static const struct code_name bill_types[] = {
	{ 1, "consumption" }, { 2, "refund" }, { 3, "adjustment" }, { 0, NULL },
};

/* The name of code, or its number as text in buf. */
static const char *
name_of(const struct code_name *t, int32_t code, char *buf, size_t n)
{
	for (; t->name != NULL; t++)
		if (t->code == code)
			return t->name;
	snprintf(buf, n, "%d", (int)code);
	return buf;
}

/* A name from the table, or a number: 0 and *code, or -1. */
static int
code_of(const struct code_name *t, const char *s, int32_t *code)
{
	char *end;
	long v = strtol(s, &end, 10);

	if (end != s && *end == '\0') {
		*code = (int32_t)v;
		return 0;
	}
	for (; t->name != NULL; t++) {
		if (strcmp(t->name, s) == 0) {
			*code = t->code;
			return 0;
		}
	}
	return -1;
}

/* --- options ------------------------------------------------------------------- */

enum filter {
	F_STATUS = 1 << 0, F_TYPE = 1 << 1, F_SINCE = 1 << 2, F_UNTIL = 1 << 3,
	F_SERVICE = 1 << 4, F_EXPIRING = 1 << 5, F_MONTH = 1 << 6, F_REGION = 1 << 7,
	F_ATTACHED = 1 << 8, F_PRICE = 1 << 9, F_GROUP = 1 << 10, F_ALLPROF = 1 << 11,
};

struct get_opts {
	enum fmt_output out;
	unsigned given;              /* enum filter bits seen */
	const char *status, *type, *since, *until, *service, *month, *region, *group_by;
	long expiring_days;
	bool attached;
	bool all_profiles;
	/* price */
	const char *resource_type, *spec, *period, *project, *zone;
	long size, size_unit, quantity, hours;
};

/*
 * A date or time for the API: "YYYY-MM-DD" (UTC+8, the start of the day,
 * or its last second when end is set) or a full UTC time. -1 when neither.
 */
static int
when(const char *s, bool end, time_t *out)
{
	if (time_parse_iso(s, out) == 0)
		return 0;
	if (time_parse_date(s, out) != 0)
		return -1;
	if (end)
		*out += 86400 - 1;
	return 0;
}

/* --- the fetch ---------------------------------------------------------------- */

struct fetch {
	struct get *g;
	struct cli_conn *conn;
	struct model *result;
	struct bss_error *err;
};

struct get {
	const struct what *what;
	struct get_opts o;
	const char *id;              /* get order ID */
	union {
		struct bss_list_sub_customer_coupons_params coupons;
		struct bss_list_customer_orders_params orders;
		struct bss_show_customer_order_details_params details;
		struct bss_list_pay_per_use_customer_resources_params resources;
		struct bss_list_free_resource_infos_params packages;
		struct bss_list_free_resources_usage_records_params usage;
		struct bss_show_customer_monthly_sum_params bills;
		struct bss_list_costs_params costs;
		struct bss_list_service_types_params services;
		struct bss_list_service_resources_params service_resources;
		struct bss_list_rate_on_period_detail_params period_rating;
		struct bss_list_on_demand_resource_ratings_params demand_rating;
	} p;
	enum model_op op;
	/* storage the parameters point into */
	char t1[TIME_ISO_BUFSZ], t2[TIME_ISO_BUFSZ], t3[TIME_ISO_BUFSZ];
	int32_t status_list[1];
	const char *service_list[1];
	struct bss_group_by groupby;
	struct bss_period_product period_product;
	struct bss_demand_product demand_product;
	struct fetch *fetches;
	size_t nfetches;
};

struct what {
	const char *name;
	const char *args;            /* for usage */
	unsigned filters;            /* the enum filter bits it takes */
	int (*prepare)(struct get *g);          /* builds g->op and g->p; 0 or an exit status */
	void (*render)(struct get *g, struct buf *out);
};

static void
fetch_done(struct model *result, struct bss_error *err, void *ud)
{
	struct fetch *f = ud;

	f->result = result;
	f->err = err;
}

/* The first failure among the fetches, for the one-line error. */
static const struct fetch *
first_failure(const struct get *g)
{
	for (size_t i = 0; i < g->nfetches; i++)
		if (g->fetches[i].result == NULL)
			return &g->fetches[i];
	return NULL;
}

/* --- balance ------------------------------------------------------------------ */

enum { B_PROFILE, B_TYPE, B_ACCOUNT, B_AMOUNT, B_DESIGNATED, B_CREDIT, B_CURRENCY, B_NCOLS };
static const struct fmt_col balance_cols[B_NCOLS] = {
	[B_PROFILE] = { "profile", "PROFILE", FMT_TEXT },
	[B_TYPE] = { "account_type", "ACCOUNT", FMT_TEXT },
	[B_ACCOUNT] = { "account_id", "ID", FMT_TEXT },
	[B_AMOUNT] = { "amount", "AMOUNT", FMT_MONEY },
	[B_DESIGNATED] = { "designated_amount", "DESIGNATED", FMT_MONEY },
	[B_CREDIT] = { "credit_limit", "CREDIT LIMIT", FMT_MONEY },
	[B_CURRENCY] = { "currency", "CUR", FMT_TEXT },
};

enum { BP_PROFILE, BP_CASH, BP_CREDIT, BP_DEBT, BP_CURRENCY, BP_ERROR, BP_NCOLS };
static const struct fmt_col balance_profile_cols[BP_NCOLS] = {
	[BP_PROFILE] = { "profile", "PROFILE", FMT_TEXT },
	[BP_CASH] = { "cash", "CASH", FMT_MONEY },
	[BP_CREDIT] = { "credit", "CREDIT", FMT_MONEY },
	[BP_DEBT] = { "debt", "DEBT", FMT_MONEY },
	[BP_CURRENCY] = { "currency", "CUR", FMT_TEXT },
	[BP_ERROR] = { "error", "ERROR", FMT_TEXT },
};

static void
balance_profile_row(struct fmt_table *t, const char *profile, const struct model_balances *b,
    const char *error)
{
	fmt_row(t);
	fmt_text(t, BP_PROFILE, profile);
	if (b == NULL) {
		fmt_text(t, BP_ERROR, error);
		return;
	}
	for (size_t i = 0; i < b->n_account_balances; i++) {
		if (b->account_balances[i].account_type == 1)
			fmt_money(t, BP_CASH, b->account_balances[i].amount);
		else if (b->account_balances[i].account_type == 2)
			fmt_money(t, BP_CREDIT, b->account_balances[i].amount);
	}
	if (b->has_debt_amount)
		fmt_money(t, BP_DEBT, b->debt_amount);
	fmt_text(t, BP_CURRENCY, b->currency[0] != '\0' ? b->currency : "CNY");
}

static int
prepare_balance(struct get *g)
{
	g->op = MODEL_OP_SHOW_CUSTOMER_ACCOUNT_BALANCES;
	return 0;
}

static void
render_balance(struct get *g, struct buf *out)
{
	struct fmt_table *t;

	if (g->o.all_profiles) {
		t = fmt_table_new(balance_profile_cols, BP_NCOLS);
		for (size_t i = 0; i < g->nfetches; i++) {
			const struct fetch *f = &g->fetches[i];
			balance_profile_row(t, f->conn->profile, f->result != NULL ?
			    model_balances(f->result) : NULL, f->conn->error != NULL ? f->conn->error :
			    f->err != NULL ? f->err->message : "no answer");
		}
	} else {
		const struct model_balances *b = model_balances(g->fetches[0].result);

		t = fmt_table_new(balance_cols, B_NCOLS);
		fmt_hide(t, B_PROFILE);
		for (size_t i = 0; i < b->n_account_balances; i++) {
			const struct model_account_balance *a = &b->account_balances[i];
			char tmp[16];

			fmt_row(t);
			fmt_text(t, B_TYPE, name_of(account_types, a->account_type, tmp, sizeof tmp));
			fmt_text(t, B_ACCOUNT, a->account_id);
			fmt_money(t, B_AMOUNT, a->amount);
			if (a->has_designated_amount)
				fmt_money(t, B_DESIGNATED, a->designated_amount);
			if (a->has_credit_amount)
				fmt_money(t, B_CREDIT, a->credit_amount);
			fmt_text(t, B_CURRENCY, a->currency[0] != '\0' ? a->currency : b->currency);
		}
		if (b->has_debt_amount && b->debt_amount != 0) {
			fmt_row(t);
			fmt_text(t, B_TYPE, "debt");
			fmt_money(t, B_AMOUNT, b->debt_amount);
			fmt_text(t, B_CURRENCY, b->currency);
		}
	}
	fmt_render(t, g->o.out, out);
	fmt_table_free(t);
}

/* --- coupons ------------------------------------------------------------------ */

enum { C_ID, C_TYPE, C_STATUS, C_FACE, C_BALANCE, C_CURRENCY, C_VALID, C_EXPIRE, C_PLAN,
	C_NCOLS };
static const struct fmt_col coupon_cols[C_NCOLS] = {
	[C_ID] = { "coupon_id", "COUPON", FMT_TEXT },
	[C_TYPE] = { "coupon_type", "TYPE", FMT_TEXT },
	[C_STATUS] = { "status", "STATUS", FMT_TEXT },
	[C_FACE] = { "face_value", "FACE VALUE", FMT_MONEY },
	[C_BALANCE] = { "balance", "BALANCE", FMT_MONEY },
	[C_CURRENCY] = { "currency", "CUR", FMT_TEXT },
	[C_VALID] = { "valid_time", "VALID FROM", FMT_TEXT },
	[C_EXPIRE] = { "expire_time", "EXPIRES", FMT_TEXT },
	[C_PLAN] = { "plan_name", "PLAN", FMT_TEXT },
};

static int
prepare_coupons(struct get *g)
{
	int32_t v;

	g->op = MODEL_OP_LIST_SUB_CUSTOMER_COUPONS;
	if (g->o.status != NULL) {
		if (code_of(coupon_statuses, g->o.status, &v) != 0)
			goto bad;
		g->p.coupons.status = BSS_INT(v);
	}
	if (g->o.type != NULL) {
		if (code_of(coupon_types, g->o.type, &v) != 0)
			goto bad;
		g->p.coupons.coupon_type = BSS_INT(v);
	}
	return 0;
bad:
	fprintf(stderr, "bssdash: coupons: --status is not-activated|available|used|expired|"
	    "reclaimed, --type is cash|discount|product|flexi-purchase\n");
	return EXIT_USAGE;
}

static void
render_coupons(struct get *g, struct buf *out)
{
	const struct model_coupons *cs = model_coupons(g->fetches[0].result);
	struct fmt_table *t = fmt_table_new(coupon_cols, C_NCOLS);

	for (size_t i = 0; i < cs->n_user_coupons; i++) {
		const struct model_coupon *c = &cs->user_coupons[i];
		char a[16], b[16];

		fmt_row(t);
		fmt_text(t, C_ID, c->coupon_id);
		fmt_text(t, C_TYPE, name_of(coupon_types, c->coupon_type, a, sizeof a));
		fmt_text(t, C_STATUS, name_of(coupon_statuses, c->status, b, sizeof b));
		fmt_money(t, C_FACE, c->face_value);
		if (c->has_balance)
			fmt_money(t, C_BALANCE, c->balance);
		fmt_text(t, C_CURRENCY, c->currency[0] != '\0' ? c->currency : "CNY");
		fmt_text(t, C_VALID, c->valid_time);
		fmt_text(t, C_EXPIRE, c->expire_time);
		fmt_text(t, C_PLAN, c->plan_name);
	}
	fmt_render(t, g->o.out, out);
	fmt_table_free(t);
}

/* --- orders -------------------------------------------------------------------- */

enum { O_ID, O_TYPE, O_STATUS, O_SERVICE, O_AMOUNT, O_OFFICIAL, O_CURRENCY, O_CREATED,
	O_PAID, O_DEADLINE, O_SUBORDERS, O_NCOLS };
static const struct fmt_col order_cols[O_NCOLS] = {
	[O_ID] = { "order_id", "ORDER", FMT_TEXT },
	[O_TYPE] = { "order_type", "TYPE", FMT_TEXT },
	[O_STATUS] = { "status", "STATUS", FMT_TEXT },
	[O_SERVICE] = { "service", "SERVICE", FMT_TEXT },
	[O_AMOUNT] = { "amount", "AMOUNT", FMT_MONEY },
	[O_OFFICIAL] = { "official_amount", "LIST PRICE", FMT_MONEY },
	[O_CURRENCY] = { "currency", "CUR", FMT_TEXT },
	[O_CREATED] = { "create_time", "CREATED", FMT_TEXT },
	[O_PAID] = { "payment_time", "PAID", FMT_TEXT },
	[O_DEADLINE] = { "pay_by", "PAY BY", FMT_TEXT },
	[O_SUBORDERS] = { "sub_orders", "PARTS", FMT_TEXT },
};

static void
order_row(struct fmt_table *t, const struct model_order *o)
{
	char a[16], b[16];

	fmt_row(t);
	fmt_text(t, O_ID, o->order_id);
	fmt_text(t, O_TYPE, name_of(order_types, o->order_type, a, sizeof a));
	fmt_text(t, O_STATUS, name_of(order_statuses, o->status, b, sizeof b));
	fmt_text(t, O_SERVICE, o->service_type_name);
	fmt_money(t, O_AMOUNT, o->amount_after_discount);
	fmt_money(t, O_OFFICIAL, o->official_amount);
	fmt_text(t, O_CURRENCY, o->currency[0] != '\0' ? o->currency : "CNY");
	fmt_text(t, O_CREATED, o->create_time);
	if (o->payment_time[0] != '\0')
		fmt_text(t, O_PAID, o->payment_time);
	if (o->pending_payment_end_time[0] != '\0')
		fmt_text(t, O_DEADLINE, o->pending_payment_end_time);
	/* A combined-transaction order: its parts are listed only inside it. */
	if (o->n_sub_order_infos > 0) {
		struct buf ids = BUF_INIT(0);
		for (size_t i = 0; i < o->n_sub_order_infos; i++)
			buf_printf(&ids, "%s%s", i > 0 ? "," : "", o->sub_order_infos[i].order_id);
		fmt_text(t, O_SUBORDERS, buf_cstr(&ids));
		buf_free(&ids);
	}
}

static int
prepare_orders(struct get *g)
{
	struct bss_list_customer_orders_params *p = &g->p.orders;
	int32_t v;
	time_t t;

	g->op = MODEL_OP_LIST_CUSTOMER_ORDERS;
	if (g->o.status != NULL) {
		if (code_of(order_statuses, g->o.status, &v) != 0) {
			fprintf(stderr, "bssdash: orders: --status is pending|processing|completed|"
			    "cancelled|approval|confirmation or a number\n");
			return EXIT_USAGE;
		}
		p->status = BSS_INT(v);
	}
	if (g->o.type != NULL) {
		if (code_of(order_types, g->o.type, &v) != 0) {
			fprintf(stderr, "bssdash: orders: --type is new|renewal|change|unsubscribe|"
			    "to-pay-per-use|to-yearly-monthly or a number\n");
			return EXIT_USAGE;
		}
		snprintf(g->t1, sizeof g->t1, "%d", (int)v);
		p->order_type = g->t1;
	}
	if (g->o.since != NULL) {
		if (when(g->o.since, false, &t) != 0)
			goto bad_time;
		p->create_time_begin = time_format_iso(t, g->t2);
	}
	if (g->o.until != NULL) {
		if (when(g->o.until, true, &t) != 0)
			goto bad_time;
		p->create_time_end = time_format_iso(t, g->t3);
	}
	p->service_type_code = g->o.service;
	return 0;
bad_time:
	fprintf(stderr, "bssdash: --since and --until take YYYY-MM-DD or yyyy-MM-ddTHH:mm:ssZ\n");
	return EXIT_USAGE;
}

static void
render_orders(struct get *g, struct buf *out)
{
	const struct model_orders *os = model_orders(g->fetches[0].result);
	struct fmt_table *t = fmt_table_new(order_cols, O_NCOLS);

	fmt_hide(t, O_DEADLINE);
	for (size_t i = 0; i < os->n_order_infos; i++)
		order_row(t, &os->order_infos[i]);
	fmt_render(t, g->o.out, out);
	fmt_table_free(t);
}

/* --- order ID ------------------------------------------------------------------ */

enum { L_ID, L_SERVICE, L_PRODUCT, L_PERIOD, L_QUANTITY, L_AMOUNT, L_OFFICIAL, L_START,
	L_END, L_NCOLS };
static const struct fmt_col line_cols[L_NCOLS] = {
	[L_ID] = { "order_line_item_id", "LINE", FMT_TEXT },
	[L_SERVICE] = { "service", "SERVICE", FMT_TEXT },
	[L_PRODUCT] = { "product", "PRODUCT", FMT_TEXT },
	[L_PERIOD] = { "period", "PERIOD", FMT_TEXT },
	[L_QUANTITY] = { "quantity", "QTY", FMT_INT },
	[L_AMOUNT] = { "amount", "AMOUNT", FMT_MONEY },
	[L_OFFICIAL] = { "official_amount", "LIST PRICE", FMT_MONEY },
	[L_START] = { "effective_time", "FROM", FMT_TEXT },
	[L_END] = { "expire_time", "TO", FMT_TEXT },
};

static int
prepare_order(struct get *g)
{
	g->op = MODEL_OP_SHOW_CUSTOMER_ORDER_DETAILS;
	g->p.details.order_id = g->id;
	return 0;
}

static const char *
period_text(int32_t type, bool has_num, int32_t num, char *buf, size_t n)
{
	static const char *const units[] = { "day", "week", "month", "year", "hour", "one-time",
		"on-demand", "usage" };

	if (type < 0 || type > 7)
		snprintf(buf, n, "type %d", (int)type);
	else if (!has_num || type >= 5)
		snprintf(buf, n, "%s", units[type]);
	else
		snprintf(buf, n, "%d %s%s", (int)num, units[type], num == 1 ? "" : "s");
	return buf;
}

static void
render_order(struct get *g, struct buf *out)
{
	const struct model_order_details *d = model_order_details(g->fetches[0].result);
	struct fmt_table *head = fmt_table_new(order_cols, O_NCOLS);
	struct fmt_table *lines = fmt_table_new(line_cols, L_NCOLS);
	struct fmt_section s[2] = { { "order", head, true }, { "line_items", lines, false } };

	if (d->has_order_info)
		order_row(head, &d->order_info);
	for (size_t i = 0; i < d->n_order_line_items; i++) {
		const struct model_order_line_item *l = &d->order_line_items[i];
		char period[32];

		fmt_row(lines);
		fmt_text(lines, L_ID, l->order_line_item_id);
		fmt_text(lines, L_SERVICE, l->service_type_name);
		fmt_text(lines, L_PRODUCT, l->product_spec_desc);
		fmt_text(lines, L_PERIOD, period_text(l->period_type, l->has_period_num, l->period_num,
		    period, sizeof period));
		fmt_int(lines, L_QUANTITY, l->subscription_num);
		fmt_money(lines, L_AMOUNT, l->amount_after_discount);
		fmt_money(lines, L_OFFICIAL, l->official_amount);
		fmt_text(lines, L_START, l->effective_time);
		fmt_text(lines, L_END, l->expire_time);
	}
	fmt_render_sections(s, 2, g->o.out, out);
	fmt_table_free(head);
	fmt_table_free(lines);
}

/* --- resources ---------------------------------------------------------------- */

enum { R_PROFILE, R_ID, R_NAME, R_SERVICE, R_TYPE, R_REGION, R_STATUS, R_EXPIRE, R_DAYS,
	R_POLICY, R_AUTORENEW, R_SPEC, R_PRIMARY, R_PROJECT, R_ERROR, R_NCOLS };
static const struct fmt_col resource_cols[R_NCOLS] = {
	[R_PROFILE] = { "profile", "PROFILE", FMT_TEXT },
	[R_ID] = { "resource_id", "RESOURCE", FMT_TEXT },
	[R_NAME] = { "name", "NAME", FMT_TEXT },
	[R_SERVICE] = { "service", "SERVICE", FMT_TEXT },
	[R_TYPE] = { "resource_type", "TYPE", FMT_TEXT },
	[R_REGION] = { "region", "REGION", FMT_TEXT },
	[R_STATUS] = { "status", "STATUS", FMT_TEXT },
	[R_EXPIRE] = { "expire_time", "EXPIRES", FMT_TEXT },
	[R_DAYS] = { "days_left", "DAYS", FMT_INT },
	[R_POLICY] = { "expire_policy", "AT EXPIRY", FMT_TEXT },
	[R_AUTORENEW] = { "auto_renew", "AUTO", FMT_BOOL },
	[R_SPEC] = { "spec", "SPEC", FMT_TEXT },
	[R_PRIMARY] = { "primary", "PRIMARY", FMT_BOOL },
	[R_PROJECT] = { "project_id", "PROJECT", FMT_TEXT },
	[R_ERROR] = { "error", "ERROR", FMT_TEXT },
};

static int
prepare_resources(struct get *g)
{
	struct bss_list_pay_per_use_customer_resources_params *p = &g->p.resources;
	int32_t v;

	g->op = MODEL_OP_LIST_PAY_PER_USE_CUSTOMER_RESOURCES;
	p->only_main_resource = BSS_INT(g->o.attached ? 0 : 1);
	if (g->o.status != NULL) {
		if (code_of(resource_statuses, g->o.status, &v) != 0) {
			fprintf(stderr, "bssdash: resources: --status is in-use|closed|frozen|expired\n");
			return EXIT_USAGE;
		}
		g->status_list[0] = v;
		p->status_list = g->status_list;
		p->n_status_list = 1;
	}
	if (g->o.given & F_EXPIRING) {
		time_t now = time_now();
		p->expire_time_begin = time_format_iso(now, g->t1);
		p->expire_time_end = time_format_iso(now + g->o.expiring_days * 86400, g->t2);
	}
	p->service_type_code = g->o.service;
	return 0;
}

static void
resource_row(struct fmt_table *t, const char *profile, const struct model_resource *r)
{
	char a[16], b[16];
	time_t exp;

	fmt_row(t);
	fmt_text(t, R_PROFILE, profile);
	fmt_text(t, R_ID, r->resource_id);
	fmt_text(t, R_NAME, r->resource_name);
	fmt_text(t, R_SERVICE, r->service_type_name);
	fmt_text(t, R_TYPE, r->resource_type_name);
	fmt_text(t, R_REGION, r->region_code);
	fmt_text(t, R_STATUS, name_of(resource_statuses, r->status, a, sizeof a));
	fmt_text(t, R_EXPIRE, r->expire_time);
	if (time_parse_iso(r->expire_time, &exp) == 0) {
		/* Whole days, rounded down; negative once expired. */
		long long left = (long long)(exp - time_now());
		fmt_int(t, R_DAYS, left >= 0 ? left / 86400 : -((-left + 86399) / 86400));
	}
	fmt_text(t, R_POLICY, name_of(policies, r->expire_policy, b, sizeof b));
	fmt_bool(t, R_AUTORENEW, r->expire_policy == 3);
	fmt_text(t, R_SPEC, r->product_spec_desc[0] != '\0' ? r->product_spec_desc :
	    r->resource_spec_code);
	fmt_bool(t, R_PRIMARY, r->is_main_resource == 1);
	fmt_text(t, R_PROJECT, r->project_id);
}

static void
render_resources(struct get *g, struct buf *out)
{
	struct fmt_table *t = fmt_table_new(resource_cols, R_NCOLS);

	if (!g->o.all_profiles) {
		fmt_hide(t, R_PROFILE);
		fmt_hide(t, R_ERROR);
	}
	if (!g->o.attached)
		fmt_hide(t, R_PRIMARY);
	/* For `get price --project`; too wide for people. */
	if (g->o.out == FMT_TABLE || g->o.out == FMT_MARKDOWN)
		fmt_hide(t, R_PROJECT);
	for (size_t i = 0; i < g->nfetches; i++) {
		const struct fetch *f = &g->fetches[i];
		const struct model_resources *rs = f->result != NULL ? model_resources(f->result) : NULL;

		if (rs == NULL) {
			fmt_row(t);
			fmt_text(t, R_PROFILE, f->conn->profile);
			fmt_text(t, R_ERROR, f->conn->error != NULL ? f->conn->error :
			    f->err != NULL ? f->err->message : "no answer");
			continue;
		}
		for (size_t k = 0; k < rs->n_data; k++)
			resource_row(t, f->conn->profile, &rs->data[k]);
	}
	fmt_render(t, g->o.out, out);
	fmt_table_free(t);
}

/* --- packages ------------------------------------------------------------------ */

enum { P_ID, P_NAME, P_SERVICE, P_REGION, P_STATUS, P_ITEM, P_USAGE, P_REMAINING, P_TOTAL,
	P_START, P_END, P_NCOLS };
static const struct fmt_col package_cols[P_NCOLS] = {
	[P_ID] = { "order_instance_id", "PACKAGE", FMT_TEXT },
	[P_NAME] = { "product_name", "NAME", FMT_TEXT },
	[P_SERVICE] = { "service", "SERVICE", FMT_TEXT },
	[P_REGION] = { "region", "REGION", FMT_TEXT },
	[P_STATUS] = { "status", "STATUS", FMT_TEXT },
	[P_ITEM] = { "free_resource_id", "ITEM", FMT_TEXT },
	[P_USAGE] = { "usage_type", "USAGE TYPE", FMT_TEXT },
	[P_REMAINING] = { "remaining", "REMAINING", FMT_MONEY },
	[P_TOTAL] = { "original", "TOTAL", FMT_MONEY },
	[P_START] = { "effective_time", "FROM", FMT_TEXT },
	[P_END] = { "expire_time", "TO", FMT_TEXT },
};

static int
prepare_packages(struct get *g)
{
	struct bss_list_free_resource_infos_params *p = &g->p.packages;
	int32_t v;

	g->op = MODEL_OP_LIST_FREE_RESOURCE_INFOS;
	if (g->o.status != NULL) {
		if (code_of(package_statuses, g->o.status, &v) != 0) {
			fprintf(stderr, "bssdash: packages: --status is pending|active|used-up|expired|"
			    "unsubscribed\n");
			return EXIT_USAGE;
		}
		p->status = BSS_INT(v);
	}
	if (g->o.service != NULL) {
		g->service_list[0] = g->o.service;
		p->service_type_code_list = g->service_list;
		p->n_service_type_code_list = 1;
	}
	p->region_code = g->o.region;
	return 0;
}

static void
render_packages(struct get *g, struct buf *out)
{
	const struct model_packages *ps = model_packages(g->fetches[0].result);
	struct fmt_table *t = fmt_table_new(package_cols, P_NCOLS);

	for (size_t i = 0; i < ps->n_free_resource_packages; i++) {
		const struct model_package *p = &ps->free_resource_packages[i];

		/* One row per quota item: a package may hold several. */
		for (size_t k = 0; k < (p->n_free_resources > 0 ? p->n_free_resources : 1); k++) {
			char a[16];

			fmt_row(t);
			fmt_text(t, P_ID, p->order_instance_id);
			fmt_text(t, P_NAME, p->product_name);
			fmt_text(t, P_SERVICE, p->service_type_name);
			fmt_text(t, P_REGION, p->region_code);
			fmt_text(t, P_STATUS, name_of(package_statuses, p->status, a, sizeof a));
			fmt_text(t, P_START, p->effective_time);
			fmt_text(t, P_END, p->expire_time);
			if (p->n_free_resources == 0)
				continue;
			fmt_text(t, P_ITEM, p->free_resources[k].free_resource_id);
			fmt_text(t, P_USAGE, p->free_resources[k].usage_type_name);
			fmt_money(t, P_REMAINING, p->free_resources[k].amount);
			fmt_money(t, P_TOTAL, p->free_resources[k].original_amount);
		}
	}
	fmt_render(t, g->o.out, out);
	fmt_table_free(t);
}

/* --- usage (package usage records) ---------------------------------------------- */

enum { U_TIME, U_ITEM, U_RESOURCE, U_TYPE, U_PRODUCT, U_USAGE, U_USED, U_REMAINING, U_NCOLS };
static const struct fmt_col usage_cols[U_NCOLS] = {
	[U_TIME] = { "deduct_time", "DEDUCTED", FMT_TEXT },
	[U_ITEM] = { "free_resource_id", "ITEM", FMT_TEXT },
	[U_RESOURCE] = { "resource_id", "RESOURCE", FMT_TEXT },
	[U_TYPE] = { "resource_type", "TYPE", FMT_TEXT },
	[U_PRODUCT] = { "product_name", "PACKAGE", FMT_TEXT },
	[U_USAGE] = { "usage_type", "USAGE TYPE", FMT_TEXT },
	[U_USED] = { "used", "USED", FMT_MONEY },
	[U_REMAINING] = { "remaining", "REMAINING", FMT_MONEY },
};

static int
prepare_usage(struct get *g)
{
	struct bss_list_free_resources_usage_records_params *p = &g->p.usage;
	time_t now = time_now(), from = now - 29 * 86400, to = now;

	g->op = MODEL_OP_LIST_FREE_RESOURCES_USAGE_RECORDS;
	if ((g->o.since != NULL && time_parse_date(g->o.since, &from) != 0) ||
	    (g->o.until != NULL && time_parse_date(g->o.until, &to) != 0)) {
		fprintf(stderr, "bssdash: usage: --since and --until take YYYY-MM-DD (at most 90 "
		    "days apart; default the last 30 days)\n");
		return EXIT_USAGE;
	}
	p->deduct_time_begin = time_format_date_cn(from, g->t1);
	p->deduct_time_end = time_format_date_cn(to, g->t2);
	return 0;
}

static void
render_usage(struct get *g, struct buf *out)
{
	const struct model_usage_records *us = model_usage_records(g->fetches[0].result);
	struct fmt_table *t = fmt_table_new(usage_cols, U_NCOLS);

	for (size_t i = 0; i < us->n_free_resource_records; i++) {
		const struct model_usage_record *u = &us->free_resource_records[i];

		fmt_row(t);
		fmt_text(t, U_TIME, u->deduct_time);
		fmt_text(t, U_ITEM, u->free_resource_id);
		fmt_text(t, U_RESOURCE, u->resource_id);
		fmt_text(t, U_TYPE, u->resource_type_name);
		fmt_text(t, U_PRODUCT, u->product_name);
		fmt_text(t, U_USAGE, u->usage_type_code);
		fmt_money(t, U_USED, u->used_amount);
		fmt_money(t, U_REMAINING, u->remaining_amount);
	}
	fmt_render(t, g->o.out, out);
	fmt_table_free(t);
}

/* --- bills (monthly summary) ---------------------------------------------------- */

enum { S_CYCLE, S_SERVICE, S_TYPE, S_MODE, S_BILLTYPE, S_CONSUME, S_OFFICIAL, S_DISCOUNT,
	S_CASH, S_CREDIT, S_COUPON, S_DEBT, S_NCOLS };
static const struct fmt_col bill_cols[S_NCOLS] = {
	[S_CYCLE] = { "bill_cycle", "MONTH", FMT_TEXT },
	[S_SERVICE] = { "service", "SERVICE", FMT_TEXT },
	[S_TYPE] = { "resource_type", "TYPE", FMT_TEXT },
	[S_MODE] = { "charging_mode", "BILLING", FMT_TEXT },
	[S_BILLTYPE] = { "bill_type", "KIND", FMT_TEXT },
	[S_CONSUME] = { "amount", "AMOUNT", FMT_MONEY },
	[S_OFFICIAL] = { "official_amount", "LIST PRICE", FMT_MONEY },
	[S_DISCOUNT] = { "discount_amount", "DISCOUNT", FMT_MONEY },
	[S_CASH] = { "cash_amount", "CASH", FMT_MONEY },
	[S_CREDIT] = { "credit_amount", "CREDIT", FMT_MONEY },
	[S_COUPON] = { "coupon_amount", "COUPONS", FMT_MONEY },
	[S_DEBT] = { "debt_amount", "DEBT", FMT_MONEY },
};

static int
prepare_bills(struct get *g)
{
	time_t m;

	g->op = MODEL_OP_SHOW_CUSTOMER_MONTHLY_SUM;
	if (g->o.month != NULL) {
		if (time_parse_month(g->o.month, &m) != 0) {
			fprintf(stderr, "bssdash: bills: --month takes YYYY-MM\n");
			return EXIT_USAGE;
		}
		g->p.bills.bill_cycle = g->o.month;
	} else {
		g->p.bills.bill_cycle = time_format_month_cn(time_now(), g->t1);
	}
	g->p.bills.service_type_code = g->o.service;
	return 0;
}

static void
render_bills(struct get *g, struct buf *out)
{
	const struct model_monthly_sum *ms = model_monthly_sum(g->fetches[0].result);
	struct fmt_table *t = fmt_table_new(bill_cols, S_NCOLS);

	for (size_t i = 0; i < ms->n_bill_sums; i++) {
		const struct model_bill_sum *b = &ms->bill_sums[i];
		money_t coupons;
		char a[24], c[16];

		fmt_row(t);
		fmt_text(t, S_CYCLE, b->bill_cycle);
		fmt_text(t, S_SERVICE, b->service_type_name);
		fmt_text(t, S_TYPE, b->resource_type_name);
		fmt_text(t, S_MODE, name_of(charging_modes, b->charging_mode, a, sizeof a));
		fmt_text(t, S_BILLTYPE, name_of(bill_types, b->bill_type, c, sizeof c));
		fmt_money(t, S_CONSUME, b->consume_amount);
		fmt_money(t, S_OFFICIAL, b->official_amount);
		fmt_money(t, S_DISCOUNT, b->official_discount_amount);
		fmt_money(t, S_CASH, b->cash_amount);
		fmt_money(t, S_CREDIT, b->credit_amount);
		if (money_add(b->coupon_amount, b->flexipurchase_coupon_amount, &coupons) != 0 ||
		    money_add(coupons, b->stored_value_card_amount, &coupons) != 0)
			coupons = b->coupon_amount;
		fmt_money(t, S_COUPON, coupons);
		fmt_money(t, S_DEBT, b->debt_amount);
	}
	fmt_render(t, g->o.out, out);
	fmt_table_free(t);
}

/* --- costs ----------------------------------------------------------------------- */

enum { K_GROUP, K_PERIOD, K_AMOUNT, K_OFFICIAL, K_CURRENCY, K_NCOLS };
static const struct fmt_col cost_cols[K_NCOLS] = {
	[K_GROUP] = { "group", "GROUP", FMT_TEXT },
	[K_PERIOD] = { "period", "PERIOD", FMT_TEXT },
	[K_AMOUNT] = { "amount", "AMOUNT", FMT_MONEY },
	[K_OFFICIAL] = { "official_amount", "LIST PRICE", FMT_MONEY },
	[K_CURRENCY] = { "currency", "CUR", FMT_TEXT },
};

static const struct {
	const char *name, *key;
} cost_groups[] = {
	{ "service", "CLOUD_SERVICE_TYPE" }, { "resource-type", "RESOURCE_TYPE" },
	{ "region", "REGION_CODE" }, { "charging-mode", "CHARGING_MODE" },
	{ "enterprise-project", "ENTERPRISE_PROJECT_ID" }, { "resource", "RESOURCE_ID" },
};

/* YYYY-MM (monthly) or YYYY-MM-DD (daily): 2 or 1, or 0 when neither. */
static int
cost_measure(const char *s)
{
	time_t t;

	if (time_parse_month(s, &t) == 0)
		return 2;
	return time_parse_date(s, &t) == 0 ? 1 : 0;
}

static int
prepare_costs(struct get *g)
{
	struct bss_list_costs_params *p = &g->p.costs;
	const char *group = g->o.group_by != NULL ? g->o.group_by : "service";
	const char *since = g->o.since, *until = g->o.until;

	g->op = MODEL_OP_LIST_COSTS;
	if (since == NULL)
		since = time_format_month_cn(time_now(), g->t1);
	if (until == NULL)
		until = since;
	p->time_condition.time_measure_id = cost_measure(since);
	if (p->time_condition.time_measure_id == 0 ||
	    cost_measure(until) != p->time_condition.time_measure_id) {
		fprintf(stderr, "bssdash: costs: --since and --until take YYYY-MM (by month) or "
		    "YYYY-MM-DD (by day), both the same way\n");
		return EXIT_USAGE;
	}
	p->time_condition.begin_time = since;
	p->time_condition.end_time = until;
	for (size_t i = 0; i < sizeof cost_groups / sizeof cost_groups[0]; i++)
		if (strcmp(cost_groups[i].name, group) == 0)
			g->groupby.key = cost_groups[i].key;
	if (g->groupby.key == NULL) {
		fprintf(stderr, "bssdash: costs: --group-by is service|resource-type|region|"
		    "charging-mode|enterprise-project|resource\n");
		return EXIT_USAGE;
	}
	g->groupby.type = "dimension";
	p->groupby = &g->groupby;
	p->n_groupby = 1;
	/* What the console's cost centre shows by default: payable, not amortised. */
	p->cost_type = "ORIGINAL_COST";
	p->amount_type = "PAYMENT_AMOUNT";
	return 0;
}

static void
render_costs(struct get *g, struct buf *out)
{
	const struct model_costs *cs = model_costs(g->fetches[0].result);
	struct fmt_table *t = fmt_table_new(cost_cols, K_NCOLS);

	for (size_t i = 0; i < cs->n_cost_data; i++) {
		const struct model_cost_row *r = &cs->cost_data[i];
		const char *group = r->n_dimensions > 0 ? r->dimensions[0].value : "";

		for (size_t k = 0; k < r->n_costs; k++) {
			fmt_row(t);
			fmt_text(t, K_GROUP, group);
			fmt_text(t, K_PERIOD, r->costs[k].time_dimension_value);
			fmt_money(t, K_AMOUNT, r->costs[k].amount);
			fmt_money(t, K_OFFICIAL, r->costs[k].official_amount);
			fmt_text(t, K_CURRENCY, cs->currency[0] != '\0' ? cs->currency : "CNY");
		}
	}
	fmt_render(t, g->o.out, out);
	fmt_table_free(t);
}

/* --- products -------------------------------------------------------------------- */

enum { PR_CODE, PR_NAME, PR_ABBR, PR_NCOLS };
static const struct fmt_col product_cols[PR_NCOLS] = {
	[PR_CODE] = { "code", "CODE", FMT_TEXT },
	[PR_NAME] = { "name", "NAME", FMT_TEXT },
	[PR_ABBR] = { "abbreviation", "ABBR", FMT_TEXT },
};

static int
prepare_products(struct get *g)
{
	if (g->o.service != NULL) {
		g->op = MODEL_OP_LIST_SERVICE_RESOURCES;
		g->p.service_resources.service_type_code = g->o.service;
	} else {
		g->op = MODEL_OP_LIST_SERVICE_TYPES;
	}
	return 0;
}

static void
render_products(struct get *g, struct buf *out)
{
	const struct model *m = g->fetches[0].result;
	const struct model_service_types *st = model_service_types(m);
	const struct model_service_resources *sr = model_service_resources(m);
	struct fmt_table *t = fmt_table_new(product_cols, PR_NCOLS);

	for (size_t i = 0; st != NULL && i < st->n_service_types; i++) {
		fmt_row(t);
		fmt_text(t, PR_CODE, st->service_types[i].service_type_code);
		fmt_text(t, PR_NAME, st->service_types[i].service_type_name);
		fmt_text(t, PR_ABBR, st->service_types[i].abbreviation);
	}
	for (size_t i = 0; sr != NULL && i < sr->n_infos; i++) {
		fmt_row(t);
		fmt_text(t, PR_CODE, sr->infos[i].basic_info.resource_type_code);
		fmt_text(t, PR_NAME, sr->infos[i].basic_info.name);
		fmt_text(t, PR_ABBR, sr->infos[i].basic_info.description);
	}
	fmt_render(t, g->o.out, out);
	fmt_table_free(t);
}

/* --- price ------------------------------------------------------------------------ */

enum { PC_PRODUCT, PC_PERIOD, PC_AMOUNT, PC_OFFICIAL, PC_DISCOUNT, PC_CURRENCY, PC_NCOLS };
static const struct fmt_col price_cols[PC_NCOLS] = {
	[PC_PRODUCT] = { "product_id", "PRODUCT", FMT_TEXT },
	[PC_PERIOD] = { "period", "PERIOD", FMT_TEXT },
	[PC_AMOUNT] = { "amount", "PRICE", FMT_MONEY },
	[PC_OFFICIAL] = { "official_amount", "LIST PRICE", FMT_MONEY },
	[PC_DISCOUNT] = { "discount_amount", "DISCOUNT", FMT_MONEY },
	[PC_CURRENCY] = { "currency", "CUR", FMT_TEXT },
};

static int
prepare_price(struct get *g)
{
	const struct get_opts *o = &g->o;

	if (o->service == NULL || o->resource_type == NULL || o->spec == NULL ||
	    o->region == NULL || o->project == NULL) {
		fprintf(stderr, "bssdash: price needs --service, --resource-type, --spec, --region "
		    "and --project\n");
		return EXIT_USAGE;
	}
	if (o->hours > 0) {
		struct bss_demand_product *d = &g->demand_product;

		g->op = MODEL_OP_LIST_ON_DEMAND_RESOURCE_RATINGS;
		d->id = "1";
		d->cloud_service_type = o->service;
		d->resource_type = o->resource_type;
		d->resource_spec = o->spec;
		d->region = o->region;
		d->available_zone = o->zone;
		if (o->size > 0) {
			d->resource_size = BSS_INT((int32_t)o->size);
			d->size_measure_id = BSS_INT((int32_t)o->size_unit);
		}
		d->usage_factor = "Duration";
		d->usage_value = MONEY_UNITS(o->hours);
		d->usage_measure_id = 4;
		d->subscription_num = (int32_t)(o->quantity > 0 ? o->quantity : 1);
		g->p.demand_rating.project_id = o->project;
		g->p.demand_rating.product_infos = d;
		g->p.demand_rating.n_product_infos = 1;
		return 0;
	}
	g->op = MODEL_OP_LIST_RATE_ON_PERIOD_DETAIL;
	g->period_product.id = "1";
	g->period_product.cloud_service_type = o->service;
	g->period_product.resource_type = o->resource_type;
	g->period_product.resource_spec = o->spec;
	g->period_product.region = o->region;
	g->period_product.available_zone = o->zone;
	if (o->size > 0) {
		g->period_product.resource_size = BSS_INT((int32_t)o->size);
		g->period_product.size_measure_id = BSS_INT((int32_t)o->size_unit);
	}
	if (rateperiod_parse(o->period != NULL ? o->period : "1m", &g->period_product.period_type,
	    &g->period_product.period_num) != 0) {
		fprintf(stderr, "bssdash: price: --period takes N followed by d, m, y or h (1m, 1y)\n");
		return EXIT_USAGE;
	}
	g->period_product.subscription_num = (int32_t)(o->quantity > 0 ? o->quantity : 1);
	g->p.period_rating.project_id = o->project;
	g->p.period_rating.product_infos = &g->period_product;
	g->p.period_rating.n_product_infos = 1;
	return 0;
}

static void
price_row(struct fmt_table *t, const struct model_product_rating *r, const char *period,
    const char *currency)
{
	fmt_row(t);
	fmt_text(t, PC_PRODUCT, r->product_id);
	fmt_text(t, PC_PERIOD, period);
	fmt_money(t, PC_AMOUNT, r->amount);
	fmt_money(t, PC_OFFICIAL, r->official_website_amount);
	fmt_money(t, PC_DISCOUNT, r->discount_amount);
	fmt_text(t, PC_CURRENCY, currency[0] != '\0' ? currency : "CNY");
}

static void
render_price(struct get *g, struct buf *out)
{
	const struct model *m = g->fetches[0].result;
	const struct model_on_demand_rating *od = model_on_demand_rating(m);
	const struct model_period_rating *pr = model_period_rating(m);
	struct fmt_table *t = fmt_table_new(price_cols, PC_NCOLS);
	char period[32];

	if (od != NULL) {
		snprintf(period, sizeof period, "%ldh", g->o.hours);
		for (size_t i = 0; i < od->n_product_rating_results; i++)
			price_row(t, &od->product_rating_results[i], period, od->currency);
	} else {
		const struct model_official_rating *o = &pr->official_website_rating_result;
		const struct model_discount_option *best = NULL;

		for (size_t d = 0; d < pr->n_optional_discount_rating_results; d++)
			if (pr->optional_discount_rating_results[d].best_offer == 1)
				best = &pr->optional_discount_rating_results[d];
		snprintf(period, sizeof period, "%s", g->o.period != NULL ? g->o.period : "1m");
		for (size_t i = 0; i < o->n_product_rating_results; i++) {
			struct model_product_rating r = o->product_rating_results[i];

			/* The list price, and the best discount the cloud offers on it. */
			r.amount = r.official_website_amount;
			r.discount_amount = 0;
			for (size_t k = 0; best != NULL && k < best->n_product_rating_results; k++) {
				if (strcmp(best->product_rating_results[k].id, r.id) == 0) {
					r.amount = best->product_rating_results[k].amount;
					r.discount_amount = best->product_rating_results[k].discount_amount;
				}
			}
			price_row(t, &r, period, pr->currency);
		}
	}
	fmt_render(t, g->o.out, out);
	fmt_table_free(t);
}

/* --- the table of WHATs --------------------------------------------------------- */

static const struct what whats[] = {
	{ "balance", "", F_ALLPROF, prepare_balance, render_balance },
	{ "coupons", "[--status S] [--type T]", F_STATUS | F_TYPE, prepare_coupons,
	    render_coupons },
	{ "orders", "[--status S] [--type T] [--since D] [--until D] [--service CODE]",
	    F_STATUS | F_TYPE | F_SINCE | F_UNTIL | F_SERVICE, prepare_orders, render_orders },
	{ "order", "ORDER_ID", 0, prepare_order, render_order },
	{ "resources", "[--status S] [--service CODE] [--expiring-within DAYS] [--attached]",
	    F_STATUS | F_SERVICE | F_EXPIRING | F_ATTACHED | F_ALLPROF, prepare_resources,
	    render_resources },
	{ "packages", "[--status S] [--service CODE] [--region R]",
	    F_STATUS | F_SERVICE | F_REGION, prepare_packages, render_packages },
	{ "usage", "[--since YYYY-MM-DD] [--until YYYY-MM-DD]", F_SINCE | F_UNTIL,
	    prepare_usage, render_usage },
	{ "bills", "[--month YYYY-MM] [--service CODE]", F_MONTH | F_SERVICE, prepare_bills,
	    render_bills },
	{ "costs", "[--since YYYY-MM[-DD]] [--until ...] [--group-by G]",
	    F_SINCE | F_UNTIL | F_GROUP, prepare_costs, render_costs },
	{ "products", "[--service CODE]", F_SERVICE, prepare_products, render_products },
	{ "price", "--service C --resource-type T --spec S --region R --project ID "
	    "[--period 1m] [--size N --size-unit ID] [--quantity N] [--hours N]",
	    F_SERVICE | F_REGION | F_PRICE, prepare_price, render_price },
};

/* The WHATs and their filters, from the table (bash completion reads this). */
static int
get_usage(FILE *fp)
{
	fprintf(fp, "usage: bssdash get WHAT [--output table|json|csv|markdown] [filters]\n");
	for (size_t i = 0; i < sizeof whats / sizeof whats[0]; i++)
		fprintf(fp, "  get %s%*s%s\n", whats[i].name,
		    whats[i].args[0] != '\0' ? 11 - (int)strlen(whats[i].name) : 0, "", whats[i].args);
	fprintf(fp, "  --all-profiles: balance, resources --expiring-within N\n");
	return fp == stdout ? EXIT_OK : EXIT_USAGE;
}

static const char *const filter_names[] = {
	"--status", "--type", "--since", "--until", "--service", "--expiring-within", "--month",
	"--region", "--attached", "--resource-type/--spec/--project/--period/--size/--quantity/"
	"--hours", "--group-by", "--all-profiles",
};

static int
parse(int argc, char **argv, struct get *g)
{
	enum { O_RTYPE = 256, O_SPEC, O_PROJECT, O_ZONE, O_PERIOD, O_SIZE, O_UNIT, O_QTY, O_HOURS };
	static const struct option longopts[] = {
		{ "output", required_argument, NULL, 'o' },
		{ "status", required_argument, NULL, 's' },
		{ "type", required_argument, NULL, 't' },
		{ "since", required_argument, NULL, 'S' },
		{ "until", required_argument, NULL, 'U' },
		{ "service", required_argument, NULL, 'v' },
		{ "expiring-within", required_argument, NULL, 'e' },
		{ "month", required_argument, NULL, 'm' },
		{ "region", required_argument, NULL, 'r' },
		{ "attached", no_argument, NULL, 'a' },
		{ "group-by", required_argument, NULL, 'g' },
		{ "all-profiles", no_argument, NULL, 'A' },
		{ "resource-type", required_argument, NULL, O_RTYPE },
		{ "spec", required_argument, NULL, O_SPEC },
		{ "project", required_argument, NULL, O_PROJECT },
		{ "zone", required_argument, NULL, O_ZONE },
		{ "period", required_argument, NULL, O_PERIOD },
		{ "size", required_argument, NULL, O_SIZE },
		{ "size-unit", required_argument, NULL, O_UNIT },
		{ "quantity", required_argument, NULL, O_QTY },
		{ "hours", required_argument, NULL, O_HOURS },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct get_opts *o = &g->o;
	int c, npos;

	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "o:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'h':
			get_usage(stdout);
			return -1;
		case 'o':
			if (fmt_output_parse(optarg, &o->out) != 0) {
				fprintf(stderr, "bssdash: --output takes table, json, csv or markdown\n");
				return EXIT_USAGE;
			}
			break;
		case 's': o->status = optarg; o->given |= F_STATUS; break;
		case 't': o->type = optarg; o->given |= F_TYPE; break;
		case 'S': o->since = optarg; o->given |= F_SINCE; break;
		case 'U': o->until = optarg; o->given |= F_UNTIL; break;
		case 'v': o->service = optarg; o->given |= F_SERVICE; break;
		case 'm': o->month = optarg; o->given |= F_MONTH; break;
		case 'r': o->region = optarg; o->given |= F_REGION; break;
		case 'a': o->attached = true; o->given |= F_ATTACHED; break;
		case 'g': o->group_by = optarg; o->given |= F_GROUP; break;
		case 'A': o->all_profiles = true; o->given |= F_ALLPROF; break;
		case 'e':
			if (cli_number("--expiring-within", optarg, 0, 3650, &o->expiring_days) != 0)
				return EXIT_USAGE;
			o->given |= F_EXPIRING;
			break;
		case O_RTYPE: o->resource_type = optarg; o->given |= F_PRICE; break;
		case O_SPEC: o->spec = optarg; o->given |= F_PRICE; break;
		case O_PROJECT: o->project = optarg; o->given |= F_PRICE; break;
		case O_ZONE: o->zone = optarg; o->given |= F_PRICE; break;
		case O_PERIOD: o->period = optarg; o->given |= F_PRICE; break;
		case O_SIZE:
		case O_UNIT:
		case O_QTY:
		case O_HOURS: {
			long *v = c == O_SIZE ? &o->size : c == O_UNIT ? &o->size_unit :
			    c == O_QTY ? &o->quantity : &o->hours;
			if (cli_number("--size, --size-unit, --quantity and --hours", optarg, 1,
			    1000000, v) != 0)
				return EXIT_USAGE;
			o->given |= F_PRICE;
			break;
		}
		default:
			return get_usage(stderr);
		}
	}
	npos = argc - optind;
	if (npos < 1)
		return get_usage(stderr);
	for (size_t i = 0; i < sizeof whats / sizeof whats[0]; i++)
		if (strcmp(whats[i].name, argv[optind]) == 0)
			g->what = &whats[i];
	if (g->what == NULL) {
		fprintf(stderr, "bssdash: get: unknown '%s'\n", argv[optind]);
		return get_usage(stderr);
	}
	if (npos != (strcmp(g->what->name, "order") == 0 ? 2 : 1))
		return get_usage(stderr);
	g->id = npos == 2 ? argv[optind + 1] : NULL;
	for (size_t b = 0; b < sizeof filter_names / sizeof filter_names[0]; b++) {
		if ((o->given & (1u << b)) && !(g->what->filters & (1u << b))) {
			fprintf(stderr, "bssdash: get %s does not take %s\n", g->what->name,
			    filter_names[b]);
			return EXIT_USAGE;
		}
	}
	if (o->all_profiles && strcmp(g->what->name, "resources") == 0 &&
	    !(o->given & F_EXPIRING)) {
		fprintf(stderr, "bssdash: get resources --all-profiles needs --expiring-within DAYS\n");
		return EXIT_USAGE;
	}
	return 0;
}

int
get_main(const struct options *opts, int argc, char **argv)
{
	struct get g;
	struct cli_session s;
	struct buf out = BUF_INIT(0);
	const struct fetch *bad;
	char err[512];
	int rc;

	memset(&g, 0, sizeof g);
	rc = parse(argc, argv, &g);
	if (rc != 0)
		return rc < 0 ? EXIT_OK : rc;   /* -1: --help was answered */
	g.o.all_profiles = g.o.all_profiles || (opts->all_profiles && (g.what->filters & F_ALLPROF));
	rc = g.what->prepare(&g);
	if (rc != 0)
		return rc;
	if (cli_session_open(&s, opts, g.o.all_profiles, err, sizeof err) != 0) {
		fprintf(stderr, "bssdash: %s\n", err);
		cli_session_close(&s);
		return EXIT_FAIL;
	}
	g.nfetches = s.nconns;
	g.fetches = xcalloc(s.nconns, sizeof *g.fetches);
	for (size_t i = 0; i < s.nconns; i++) {
		struct fetch *f = &g.fetches[i];

		f->g = &g;
		f->conn = &s.conns[i];
		if (f->conn->bss == NULL)
			continue;
		if (model_op_is_paged(g.op))
			bss_fetch_all(f->conn->bss, g.op, &g.p, 4, fetch_done, f);
		else
			bss_call(f->conn->bss, g.op, &g.p, fetch_done, f);
	}
	cli_session_run(&s);
	bad = first_failure(&g);
	if (bad != NULL && !g.o.all_profiles) {
		fprintf(stderr, "bssdash: get %s: %s\n", g.what->name, bad->err != NULL ?
		    bad->err->message : "no answer");
		rc = EXIT_FAIL;
	} else {
		g.what->render(&g, &out);
		fputs(buf_cstr(&out), stdout);
		/* With several accounts, one failing still fails the command. */
		rc = bad != NULL ? EXIT_FAIL : EXIT_OK;
	}
	for (size_t i = 0; i < g.nfetches; i++) {
		model_free(g.fetches[i].result);
		bss_error_free(g.fetches[i].err);
	}
	free(g.fetches);
	buf_free(&out);
	cli_session_close(&s);
	return rc;
}
