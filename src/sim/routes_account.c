/* Balances and coupons: bss-api.md 6.9 and 6.10. */
#include <stdio.h>
#include <string.h>

#include "sim/routes.h"
#include "util/timeutil.h"

RT_HANDLER(rt_show_balances)
{
	cJSON *root = cJSON_CreateObject();
	cJSON *arr = cJSON_AddArrayToObject(root, "account_balances");

	(void)req;
	for (size_t i = 0; i < ST_NBALANCES; i++) {
		const struct sim_balance *b = &st->balances[i];
		cJSON *o = cJSON_CreateObject();
		rt_str(o, "account_id", b->account_id);
		rt_int(o, "account_type", b->account_type);
		rt_money(o, "amount", b->amount);
		rt_str(o, "currency", st_currency(st));
		rt_money(o, "designated_amount", b->designated_amount);
		if (b->account_type == ST_ACCT_CREDIT)
			rt_money(o, "credit_amount", b->credit_amount);
		rt_int(o, "measure_id", 1);
		cJSON_AddItemToArray(arr, o);
	}
	rt_money(root, "debt_amount", st->debt_amount);
	rt_int(root, "measure_id", 1);
	rt_str(root, "currency", st_currency(st));
	rt_send(resp, 200, root);
}

/* use_limits entries (ICouponUseLimitInfoV2 and LimitInfoV2 have the same fields). */
static cJSON *
coupon_limits(const struct sim_coupon *c)
{
	static const struct { int bit; const char *key; } keys[] = {
		{ ST_LIMIT_NO_PROMOTION, "simultaneousUseWithPromotionDiscount" },
		{ ST_LIMIT_NO_CONTRACT, "simultaneousUseWithContractDiscount" },
	};
	cJSON *arr = cJSON_CreateArray();

	for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
		cJSON *o;
		char id[48];
		if (!(c->limits & keys[i].bit))
			continue;
		o = cJSON_CreateObject();
		snprintf(id, sizeof(id), "%s-L%zu", c->id, i + 1);
		rt_str(o, "use_limiti_info_id", id);
		rt_str(o, "limit_key", keys[i].key);
		rt_str(o, "value1", "0");
		rt_str(o, "value2", "");
		rt_str(o, "value_unit", "");
		rt_str(o, "limit_type", "USE_LIMIT");
		rt_str(o, "promotion_plan_id", c->plan_id);
		cJSON_AddItemToArray(arr, o);
	}
	return arr;
}

/* The fields both coupon records (6.10 and 6.13) carry alike. */
static cJSON *
coupon_common(const struct sim_coupon *c, time_t now)
{
	cJSON *o = cJSON_CreateObject();

	rt_str(o, "coupon_id", c->id);
	rt_str(o, "coupon_code", c->code);
	rt_int(o, "status", st_coupon_status(c, now));
	rt_int(o, "coupon_type", c->type);
	rt_int(o, "measure_id", 1);
	rt_money(o, "face_value", c->face_value);
	rt_str(o, "plan_name", c->plan_name);
	rt_str(o, "plan_desc", c->plan_desc);
	cJSON_AddItemToObject(o, "use_limits", coupon_limits(c));
	rt_time(o, "active_time", c->active_time);
	rt_time(o, "create_time", c->create_time);
	rt_int(o, "coupon_version", c->version);
	rt_money(o, "balance", c->balance);
	rt_str(o, "coupon_usage", c->plan_desc);
	return o;
}

cJSON *
rt_coupon_info(const struct sim_coupon *c, time_t now)
{
	cJSON *o = coupon_common(c, now);

	rt_time(o, "effective_time", c->valid_time);
	rt_time(o, "expire_time", c->expire_time);
	rt_time(o, "last_used_time", c->used_time);
	rt_int(o, "coupon_group", 0);
	return o;
}

static int
time_param(const struct sim_request *req, struct sim_response *resp, const char *name,
    time_t *out)
{
	const char *v = sim_query_get(req, name);

	*out = 0;
	if (v == NULL)
		return 0;
	if (time_parse_iso(v, out) != 0) {
		sim_error(resp, 400, RT_BAD, "Invalid parameter: %s must be yyyy-MM-ddTHH:mm:ssZ", name);
		return -1;
	}
	return 0;
}

RT_HANDLER(rt_list_coupons)
{
	/* Absent: no filter; "" is a filter (bss-api.md 6.10). */
	const char *coupon_id = sim_query_get(req, "coupon_id");
	const char *order_id = sim_query_get(req, "order_id");
	const char *plan_id = sim_query_get(req, "promotion_plan_id");
	const char *source_id = sim_query_get(req, "source_id");
	long type, status, offset, limit;
	time_t active_from, active_to;
	struct rt_page pg;

	if (sim_query_has(req, "offset") && !sim_query_has(req, "limit")) {
		sim_error(resp, 400, RT_BAD, "Invalid parameter: offset must be sent together with limit");
		return;
	}
	if (rt_query_int(req, resp, "coupon_type", 1, 4, 0, &type) != 0 ||
	    rt_query_int(req, resp, "status", 1, 5, 0, &status) != 0 ||
	    time_param(req, resp, "active_start_time", &active_from) != 0 ||
	    time_param(req, resp, "active_end_time", &active_to) != 0 ||
	    rt_query_page(req, resp, 100, 2147483647L, &offset, &limit) != 0 ||
	    rt_partner_only(req, resp, "indirect_partner_id") != 0)
		return;
	rt_page_begin(&pg, offset, limit, "user_coupons");
	for (size_t i = 0; i < st->coupons.n; i++) {
		const struct sim_coupon *c = &st->coupons.v[i];
		int s = st_coupon_status(c, req->now);
		const char *used_by = c->used_order >= 0 ? st->orders.v[c->used_order].id : "";
		cJSON *o;

		/* Used, expired and reclaimed coupons are shown for twelve months. */
		if (s >= ST_CPN_USED && c->expire_time < req->now - 365 * ST_DAY)
			continue;
		if ((coupon_id != NULL && strcmp(coupon_id, c->id) != 0) ||
		    (order_id != NULL && strcmp(order_id, used_by) != 0) ||
		    (plan_id != NULL && strcmp(plan_id, c->plan_id) != 0) ||
		    (source_id != NULL && strcmp(source_id, c->plan_id) != 0) ||
		    (type != 0 && c->type != type) || (status != 0 && s != status) ||
		    (active_from != 0 && (c->active_time == 0 || c->active_time < active_from)) ||
		    (active_to != 0 && (c->active_time == 0 || c->active_time > active_to)))
			continue;
		if (!rt_page_take(&pg))
			continue;
		o = coupon_common(c, req->now);
		rt_str(o, "customer_id", st->customer_id);
		rt_time(o, "valid_time", c->valid_time);
		rt_time(o, "expire_time", c->expire_time);
		if (*used_by != '\0')
			rt_str(o, "order_id", used_by);
		rt_str(o, "promotion_plan_id", c->plan_id);
		rt_int(o, "media_type", 1);
		rt_int(o, "fetch_method", c->fetch_method);
		rt_time(o, "reserve_time", c->used_time);
		rt_str(o, "promotion_id", c->plan_id);
		rt_str(o, "is_frozen", "0");
		rt_str(o, "currency", st_currency(st));
		rt_str(o, "source_id", c->plan_id);
		cJSON_AddItemToArray(pg.items, o);
	}
	rt_page_send(&pg, "count", resp);
}
