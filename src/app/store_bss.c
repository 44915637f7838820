#include "app/store_bss.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/timeutil.h"
#include "util/xalloc.h"

#define PAGES_AT_ONCE 2

struct store_bss {
	uv_loop_t *loop;
	struct http_client *http;
	struct bss_client *c;
};

/* One call in flight: what to deliver it as. */
struct call {
	struct store *s;
	enum store_view_id v;
	enum store_detail kind;       /* STORE_DETAIL_NONE for views */
	char *id;                     /* the detail's id */
	/* Orders: the pending-payment and pending-approval lists, fetched at once. */
	struct model *orders[2];
	struct bss_error *orders_err; /* the first of their failures */
	int orders_pending;           /* lists not answered yet */
	struct bss_client *c;
};

struct store_bss *
store_bss_new(uv_loop_t *loop)
{
	struct store_bss *sb = xcalloc(1, sizeof *sb);

	sb->loop = loop;
	return sb;
}

/* bss first: its cancellations run while http still exists (bss.h's order). */
static void
disconnect(struct store_bss *sb)
{
	struct bss_client *c = sb->c;

	sb->c = NULL;
	bss_client_free(c);
	http_client_free(sb->http);
	sb->http = NULL;
}

int
store_bss_connect(struct store_bss *sb, const struct http_config *cfg, char *err, size_t errlen)
{
	disconnect(sb);
	sb->http = http_client_new(sb->loop, cfg, err, errlen);
	if (sb->http == NULL)
		return -1;
	sb->c = bss_client_new(sb->loop, sb->http, BSS_LANG_DEFAULT);
	return 0;
}

void
store_bss_free(struct store_bss *sb)
{
	if (sb == NULL)
		return;
	disconnect(sb);
	free(sb);
}

struct bss_client *
store_bss_client(const struct store_bss *sb)
{
	return sb->c;
}

static void
call_free(struct call *k)
{
	model_free(k->orders[0]);
	model_free(k->orders[1]);
	bss_error_free(k->orders_err);
	free(k->id);
	free(k);
}

static void
on_view_done(struct model *m, struct bss_error *err, void *ud)
{
	struct call *k = ud;

	store_deliver(k->s, k->v, m, err != NULL ? err->message : NULL);
	bss_error_free(err);
	call_free(k);
}

/*
 * One of the two order lists answered. Both are asked for at once (a cold
 * start waits for the slowest call, not for two in a row); the view gets
 * pending payment then pending approval, joined, or the first failure.
 */
static void
orders_part_done(struct call *k, int part, struct model *m, struct bss_error *err)
{
	k->orders[part] = m;
	if (k->orders_err == NULL)
		k->orders_err = err;
	else
		bss_error_free(err);
	if (--k->orders_pending > 0)
		return;
	if (k->orders_err != NULL) {
		store_deliver(k->s, k->v, NULL, k->orders_err->message);
	} else {
		store_deliver(k->s, k->v, model_join(k->orders, 2), NULL);
		k->orders[0] = k->orders[1] = NULL;
	}
	call_free(k);
}

static void
on_payments_done(struct model *m, struct bss_error *err, void *ud)
{
	orders_part_done(ud, 0, m, err);
}

static void
on_approvals_done(struct model *m, struct bss_error *err, void *ud)
{
	orders_part_done(ud, 1, m, err);
}

static int
fetch(void *ud, struct store *s, enum store_view_id v, char *why, size_t whylen)
{
	struct store_bss *sb = ud;
	struct call *k;
	char month[8], from[11], to[11];

	if (sb->c == NULL) {
		snprintf(why, whylen, "not connected");
		return -1;
	}
	k = xcalloc(1, sizeof *k);
	k->s = s;
	k->v = v;
	k->c = sb->c;
	switch (v) {
	case STORE_BALANCE:
		bss_show_customer_account_balances(sb->c, on_view_done, k);
		break;
	case STORE_COUPONS: {
		struct bss_list_sub_customer_coupons_params p = { 0 };

		p.status = BSS_INT(2);
		bss_fetch_all(sb->c, MODEL_OP_LIST_SUB_CUSTOMER_COUPONS, &p, PAGES_AT_ONCE,
		    on_view_done, k);
		break;
	}
	case STORE_ORDERS: {
		struct bss_list_customer_orders_params p = { 0 };

		k->orders_pending = 2;
		p.status = BSS_INT(6);
		bss_fetch_all(sb->c, MODEL_OP_LIST_CUSTOMER_ORDERS, &p, PAGES_AT_ONCE,
		    on_payments_done, k);
		p.status = BSS_INT(1);
		bss_fetch_all(sb->c, MODEL_OP_LIST_CUSTOMER_ORDERS, &p, PAGES_AT_ONCE,
		    on_approvals_done, k);
		break;
	}
	case STORE_RESOURCES: {
		struct bss_list_pay_per_use_customer_resources_params p = { 0 };

		p.only_main_resource = BSS_INT(1);
		bss_fetch_all(sb->c, MODEL_OP_LIST_PAY_PER_USE_CUSTOMER_RESOURCES, &p, PAGES_AT_ONCE,
		    on_view_done, k);
		break;
	}
	case STORE_PACKAGES: {
		struct bss_list_free_resource_infos_params p = { 0 };

		bss_fetch_all(sb->c, MODEL_OP_LIST_FREE_RESOURCE_INFOS, &p, PAGES_AT_ONCE,
		    on_view_done, k);
		break;
	}
	case STORE_MONTHLY: {
		struct bss_show_customer_monthly_sum_params p = { 0 };

		/* The month's totals come with any page: one record is enough. */
		p.bill_cycle = time_format_month_cn(time_now(), month);
		p.limit = BSS_INT(1);
		bss_show_customer_monthly_sum(sb->c, &p, on_view_done, k);
		break;
	}
	case STORE_COSTS: {
		struct bss_list_costs_params p = { 0 };
		static const struct bss_group_by by_mode = { "dimension", "CHARGING_MODE" };

		/* Whole days only, up to yesterday: today's costs are still coming in. */
		p.time_condition.time_measure_id = 1;
		p.time_condition.begin_time = time_format_date_cn(time_now() - STORE_COST_DAYS * 86400,
		    from);
		p.time_condition.end_time = time_format_date_cn(time_now() - 86400, to);
		p.groupby = &by_mode;
		p.n_groupby = 1;
		p.cost_type = "ORIGINAL_COST";
		p.amount_type = "PAYMENT_AMOUNT";
		bss_fetch_all(sb->c, MODEL_OP_LIST_COSTS, &p, PAGES_AT_ONCE, on_view_done, k);
		break;
	}
	default:
		free(k);
		snprintf(why, whylen, "unknown view");
		return -1;
	}
	return 0;
}

static void
on_detail_done(struct model *m, struct bss_error *err, void *ud)
{
	struct call *k = ud;

	store_deliver_detail(k->s, k->kind, k->id, m, err != NULL ? err->message : NULL);
	bss_error_free(err);
	call_free(k);
}

static int
fetch_detail(void *ud, struct store *s, enum store_detail kind, const char *const *ids, size_t nids,
    char *why, size_t whylen)
{
	struct store_bss *sb = ud;
	struct call *k;

	if (sb->c == NULL || nids == 0) {
		snprintf(why, whylen, sb->c == NULL ? "not connected" : "nothing to show");
		return -1;
	}
	k = xcalloc(1, sizeof *k);
	k->s = s;
	k->kind = kind;
	k->id = xstrdup(ids[0]);
	switch (kind) {
	case STORE_DETAIL_ORDER: {
		struct bss_show_customer_order_details_params p = { 0 };

		p.order_id = ids[0];
		bss_show_customer_order_details(sb->c, &p, on_detail_done, k);
		break;
	}
	case STORE_DETAIL_RESOURCE: {
		struct bss_list_pay_per_use_customer_resources_params p = { 0 };

		p.resource_ids = ids;
		p.n_resource_ids = nids;
		bss_list_pay_per_use_customer_resources(sb->c, &p, on_detail_done, k);
		break;
	}
	case STORE_DETAIL_PACKAGE: {
		struct bss_list_free_resource_usages_params p = { 0 };

		p.free_resource_ids = ids;
		p.n_free_resource_ids = nids;
		bss_list_free_resource_usages(sb->c, &p, on_detail_done, k);
		break;
	}
	default:
		call_free(k);
		snprintf(why, whylen, "no details for this row");
		return -1;
	}
	return 0;
}

/* Every request of the connection: views, details, their pages and the actions' calls. */
static unsigned
requests(void *ud)
{
	struct store_bss *sb = ud;

	return sb->http != NULL ? http_pending(sb->http) : 0;
}

const struct store_fetcher store_bss_fetcher = {
	.fetch = fetch, .fetch_detail = fetch_detail, .requests = requests,
};
