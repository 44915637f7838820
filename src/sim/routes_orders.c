/* Orders: bss-api.md 6.11-6.17. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim/routes.h"
#include "util/timeutil.h"
#include "util/xalloc.h"

/* ------------------------------------------------------------------ order views */

static cJSON *
amount_info(const struct sim_order *o, money_t discount, int discount_code, money_t coupon,
    money_t flexi)
{
	cJSON *a = cJSON_CreateObject();
	cJSON *d = cJSON_AddArrayToObject(a, "discounts");

	if (discount != 0) {
		cJSON *item = cJSON_CreateObject();
		char code[8];
		snprintf(code, sizeof(code), "%d", discount_code);
		rt_str(item, "discount_type", code);
		rt_money(item, "discount_amount", discount);
		cJSON_AddItemToArray(d, item);
	}
	rt_money(a, "flexipurchase_coupon_amount", flexi);
	rt_money(a, "coupon_amount", coupon);
	rt_money(a, "stored_card_amount", 0);
	if (o != NULL && o->order_type == ST_OT_UNSUBSCRIBE) {
		rt_money(a, "commission_amount", o->commission_amount);
		rt_money(a, "consumed_amount", o->consumed_amount);
	}
	return a;
}

/* CustomerOrderV2 / V3 and their SubCustomerOrder forms; v3 adds the detail fields. */
static cJSON *
order_view(const struct sim_state *st, int32_t oi, enum cat_lang lang, bool v3, bool sub)
{
	const struct sim_order *o = &st->orders.v[oi];
	cJSON *j = cJSON_CreateObject();

	rt_str(j, "order_id", o->id);
	rt_str(j, "customer_id", st->customer_id);
	rt_str(j, "service_type_code", cat_services[o->service].code);
	rt_str(j, "service_type_name", rt_service_name(o->service, lang));
	rt_int(j, "source_type", o->source_type);
	rt_int(j, "status", o->status);
	rt_int(j, "order_type", o->order_type);
	rt_money(j, "amount_after_discount", o->amount_after_discount);
	rt_money(j, "official_amount", o->official_amount);
	rt_int(j, "measure_id", 1);
	rt_time(j, "create_time", o->create_time);
	rt_time(j, "payment_time", o->payment_time);
	rt_str(j, "currency", st_currency(st));
	cJSON_AddItemToObject(j, "amount_info", amount_info(o, o->discount_amount, o->discount_code,
	    o->coupon_amount, o->flexi_amount));
	if (v3) {
		rt_str(j, "user_name", o->source_type == 8 ? "operations system" : st->user_name);
		if (o->status == ST_ORDER_PENDING)
			rt_time(j, "pending_payment_end_time", o->pay_deadline);
	} else {
		cJSON_AddItemToArray(cJSON_AddArrayToObject(j, "enterprise_projects"), rt_ep(st, o->ep));
	}
	if (!sub) {
		cJSON *subs = cJSON_AddArrayToObject(j, "sub_order_infos");
		for (size_t i = 0; i < st->orders.n; i++)
			if (st->orders.v[i].parent == oi)
				cJSON_AddItemToArray(subs, order_view(st, (int32_t)i, lang, v3, true));
	}
	return j;
}

/* ------------------------------------------------------------------ ListCustomerOrders */

struct order_query {
	const char *order_id, *service, *customer;
	long status, type;
	time_t created_from, created_to, paid_from, paid_to;
	bool ascending, members_only;
};

static int
time_window(const struct sim_request *req, struct sim_response *resp, const char *begin,
    const char *end, time_t *from, time_t *to)
{
	const char *b = sim_query_get(req, begin), *e = sim_query_get(req, end);

	*from = *to = 0;
	if ((b != NULL && time_parse_iso(b, from) != 0) || (e != NULL && time_parse_iso(e, to) != 0)) {
		sim_error(resp, 400, RT_BAD, "Invalid parameter: %s and %s must be yyyy-MM-ddTHH:mm:ssZ",
		    begin, end);
		return -1;
	}
	/* A window may span a year at most (bss-api.md 6.11). */
	if (b != NULL && e != NULL && (*to < *from || *to > st_add_months(*from, 12))) {
		sim_error(resp, 400, RT_BAD, "Invalid parameter: %s to %s must span at most one year",
		    begin, end);
		return -1;
	}
	return 0;
}

static int
parse_order_query(const struct sim_request *req, struct sim_response *resp,
    struct order_query *q)
{
	static const long types[] = { 1, 2, 3, 4, 10, 11, 13, 14, 15 };
	const char *type = sim_query_get(req, "order_type");
	const char *order_by = sim_query_get(req, "order_by");
	const char *method = sim_query_get(req, "method");

	memset(q, 0, sizeof(*q));
	q->order_id = sim_query_get(req, "order_id");
	q->service = sim_query_get(req, "service_type_code");
	q->customer = sim_query_get(req, "customer_id");
	if (rt_query_int(req, resp, "status", 1, 9, 0, &q->status) != 0 ||
	    time_window(req, resp, "create_time_begin", "create_time_end", &q->created_from,
	    &q->created_to) != 0 ||
	    time_window(req, resp, "payment_time_begin", "payment_time_end", &q->paid_from,
	    &q->paid_to) != 0 ||
	    rt_partner_only(req, resp, "indirect_partner_id") != 0)
		return -1;
	if (type != NULL) {
		char *end;
		q->type = strtol(type, &end, 10);
		size_t i = 0;
		while (i < sizeof(types) / sizeof(types[0]) && types[i] != q->type)
			i++;
		if (*type == '\0' || *end != '\0' || i == sizeof(types) / sizeof(types[0])) {
			sim_error(resp, 400, RT_BAD, "Invalid parameter: order_type");
			return -1;
		}
	}
	if (order_by != NULL && !rt_eq(order_by, "createTime") && !rt_eq(order_by, "-createTime")) {
		sim_error(resp, 400, RT_BAD, "Invalid parameter: order_by must be createTime or "
		    "-createTime");
		return -1;
	}
	q->ascending = order_by != NULL && rt_eq(order_by, "createTime");
	if (method != NULL && !rt_eq(method, "oneself") && !rt_eq(method, "sub_customer")) {
		sim_error(resp, 400, RT_BAD, "Invalid parameter: method must be oneself or sub_customer");
		return -1;
	}
	/* The account pays for no enterprise members. */
	q->members_only = method != NULL && rt_eq(method, "sub_customer");
	return 0;
}

static bool
order_matches(const struct sim_state *st, const struct sim_order *o, const struct order_query *q)
{
	if (o->parent >= 0 || q->members_only)
		return false;
	if (q->order_id != NULL && !rt_eq(q->order_id, o->id))
		return false;
	if (q->customer != NULL && *q->customer != '\0' && strcmp(q->customer, st->customer_id) != 0)
		return false;
	if (q->service != NULL && *q->service != '\0' && !rt_eq(q->service, cat_services[o->service].code))
		return false;
	if ((q->status != 0 && o->status != q->status) || (q->type != 0 && o->order_type != q->type))
		return false;
	if ((q->created_from != 0 && o->create_time < q->created_from) ||
	    (q->created_to != 0 && o->create_time > q->created_to))
		return false;
	if ((q->paid_from != 0 || q->paid_to != 0) && o->payment_time == 0)
		return false;
	if ((q->paid_from != 0 && o->payment_time < q->paid_from) ||
	    (q->paid_to != 0 && o->payment_time > q->paid_to))
		return false;
	return true;
}

static const struct sim_state *sort_st;

static int
by_create_time(const void *a, const void *b)
{
	int32_t x = *(const int32_t *)a, y = *(const int32_t *)b;
	time_t tx = sort_st->orders.v[x].create_time, ty = sort_st->orders.v[y].create_time;

	if (tx != ty)
		return tx < ty ? -1 : 1;
	return x < y ? -1 : x > y;
}

RT_HANDLER(rt_list_orders)
{
	enum cat_lang lang = cat_lang_of(req->x_language);
	struct order_query q;
	long offset, limit;
	int32_t *hits;
	size_t n = 0;
	cJSON *root, *arr;

	if (parse_order_query(req, resp, &q) != 0 ||
	    rt_query_page(req, resp, 100, 2147483647L, &offset, &limit) != 0)
		return;
	hits = xcalloc(st->orders.n + 1, sizeof(*hits));
	for (size_t i = 0; i < st->orders.n; i++)
		if (order_matches(st, &st->orders.v[i], &q))
			hits[n++] = (int32_t)i;
	/* The core serialises handlers, so the comparator's context can be static. */
	sort_st = st;
	qsort(hits, n, sizeof(*hits), by_create_time);
	root = cJSON_CreateObject();
	rt_int(root, "total_count", (long)n);
	arr = cJSON_AddArrayToObject(root, "order_infos");
	for (long k = offset; k < (long)n && k < offset + limit; k++) {
		size_t at = q.ascending ? (size_t)k : n - 1 - (size_t)k;
		cJSON_AddItemToArray(arr, order_view(st, hits[at], lang, false, false));
	}
	free(hits);
	rt_send(resp, 200, root);
}

/* ------------------------------------------------------------------ ShowCustomerOrderDetails */

/* One order line item as shown: a stored line, or the refund of one resource. */
struct line_view {
	int32_t order;                 /* the order (or child order) it belongs to */
	int32_t line;                  /* stored line, or -1 */
	int32_t res;
	money_t refund;                /* unsubscription: what this resource refunded */
};

static size_t
collect_lines(const struct sim_state *st, int32_t oi, struct line_view **out)
{
	const struct sim_order *o = &st->orders.v[oi];
	size_t n = 0, cap = 16;
	struct line_view *v = xcalloc(cap, sizeof(*v));

#define ADD_VIEW(o_, l_, r_, f_) do {                                         \
		if (n == cap)                                                 \
			v = xreallocarray(v, cap *= 2, sizeof(*v));           \
		v[n++] = (struct line_view){ (o_), (l_), (r_), (f_) };        \
	} while (0)
	for (int32_t k = 0; k < o->nlines; k++)
		ADD_VIEW(oi, o->first_line + k, st->lines.v[o->first_line + k].res, 0);
	for (size_t i = 0; i < st->orders.n; i++) {
		const struct sim_order *c = &st->orders.v[i];
		if (c->parent != oi)
			continue;
		for (int32_t k = 0; k < c->nlines; k++)
			ADD_VIEW((int32_t)i, c->first_line + k, st->lines.v[c->first_line + k].res, 0);
	}
	/* Unsubscription orders show one line per resource with what it refunded. */
	for (int32_t k = 0; o->order_type == ST_OT_UNSUBSCRIBE && k < o->nrefunds; k++) {
		const struct sim_refund *f = &st->refunds.v[o->first_refund + k];
		if (n > 0 && v[n - 1].res == f->res)
			v[n - 1].refund -= f->amount;
		else
			ADD_VIEW(oi, -1, f->res, -f->amount);
	}
#undef ADD_VIEW
	*out = v;
	return n;
}

static cJSON *
line_item(const struct sim_state *st, const struct line_view *lv, size_t index,
    enum cat_lang lang)
{
	const struct sim_line *l = lv->line >= 0 ? &st->lines.v[lv->line] : NULL;
	const struct sim_resource *r = lv->res >= 0 ? &st->resources.v[lv->res] : NULL;
	const struct sim_order *o = &st->orders.v[lv->order];
	int spec = l != NULL ? l->spec : r->spec;
	int service = cat_spec_service(spec);
	const char *owner = cat_services[service].code;
	const char *rtype = cat_rtypes[cat_specs[spec].rtype].code;
	money_t official = l != NULL ? l->official_amount : lv->refund;
	money_t amount = l != NULL ? l->amount_after_discount : lv->refund;
	cJSON *j = cJSON_CreateObject(), *base;
	char id[48], product[32], desc[192];

	snprintf(id, sizeof(id), "%s-%03zu", o->id, index + 1);
	cat_product_id(spec, 'P', product);
	rt_spec_desc(r, spec, lang, desc, sizeof(desc));
	rt_str(j, "order_line_item_id", id);
	rt_str(j, "service_type_code", owner);
	rt_str(j, "service_type_name", rt_service_name(service, lang));
	rt_str(j, "product_id", product);
	rt_str(j, "product_spec_desc", desc);
	rt_int(j, "period_type", l != NULL ? l->period_type : r->period_type);
	if (l != NULL)
		rt_int(j, "period_num", l->period_num);
	rt_time(j, "effective_time", l != NULL ? l->effective_time : r->effective_time);
	rt_time(j, "expire_time", l != NULL ? l->expire_time : o->payment_time);
	rt_int(j, "subscription_num", l != NULL ? l->subscription_num : 1);
	rt_money(j, "amount_after_discount", amount);
	rt_money(j, "official_amount", official);
	cJSON_AddItemToObject(j, "amount_info", amount_info(NULL, official - amount,
	    o->discount_code ? o->discount_code : 605, 0, 0));
	rt_str(j, "currency", st_currency(st));
	rt_str(j, "category_code", owner);
	rt_str(j, "product_owner_service", owner);
	rt_str(j, "commercial_resource", rtype);
	base = cJSON_AddObjectToObject(j, "base_product_info");
	rt_str(base, "product_id", product);
	rt_str(base, "product_spec_desc", desc);
	rt_str(base, "category_code", owner);
	rt_str(base, "product_owner_service", owner);
	rt_str(base, "commercial_resource", rtype);
	rt_str(j, "order_id", o->id);
	return j;
}

/* An order of the query parameter order_id; answers the error itself. */
static int32_t
order_param(const struct sim_state *st, struct sim_response *resp, const char *id)
{
	int32_t oi = st_find_order(st, id);

	if (oi < 0)
		sim_error(resp, 400, "CBC.0101", "Invalid parameter: order %s does not exist", id);
	return oi;
}

RT_HANDLER(rt_show_order)
{
	enum cat_lang lang = cat_lang_of(req->x_language);
	long offset, limit;
	int32_t oi;
	struct line_view *lines;
	size_t n;
	cJSON *root, *arr;

	if (rt_query_page(req, resp, 100, 2147483647L, &offset, &limit) != 0 ||
	    rt_partner_only(req, resp, "indirect_partner_id") != 0)
		return;
	if (req->path_id == NULL || *req->path_id == '\0') {
		sim_error(resp, 400, RT_BAD, "Invalid parameter: order_id is required");
		return;
	}
	if ((oi = order_param(st, resp, req->path_id)) < 0)
		return;
	n = collect_lines(st, oi, &lines);
	root = cJSON_CreateObject();
	rt_int(root, "total_count", (long)n);
	cJSON_AddItemToObject(root, "order_info", order_view(st, oi, lang, true, false));
	arr = cJSON_AddArrayToObject(root, "order_line_items");
	for (long k = offset; k < (long)n && k < offset + limit; k++)
		cJSON_AddItemToArray(arr, line_item(st, &lines[k], (size_t)k, lang));
	free(lines);
	rt_send(resp, 200, root);
}

/* ------------------------------------------------------------------ coupons and discounts */

RT_HANDLER(rt_list_order_coupons)
{
	static const int max_use[][2] = { { ST_COUPON_CASH, 3 }, { ST_COUPON_DISCOUNT, 1 },
		{ ST_COUPON_FLEXI, 3 } };
	const char *id;
	int32_t oi;
	long count = 0;
	cJSON *root, *arr, *q;

	if (rt_query_required(req, resp, "order_id", &id) != 0 ||
	    (oi = order_param(st, resp, id)) < 0)
		return;
	root = cJSON_CreateObject();
	arr = cJSON_CreateArray();
	/* Only an order waiting for payment (as a whole) can take coupons. */
	for (size_t i = 0; st->orders.v[oi].status == ST_ORDER_PENDING && st->orders.v[oi].parent < 0 &&
	    i < st->coupons.n; i++) {
		if (!st_coupon_usable(&st->coupons.v[i], req->now))
			continue;
		cJSON_AddItemToArray(arr, rt_coupon_info(&st->coupons.v[i], req->now));
		count++;
	}
	rt_int(root, "count", count);
	cJSON_AddItemToObject(root, "user_coupons", arr);
	q = cJSON_AddArrayToObject(root, "coupon_max_use_quantity");
	for (size_t i = 0; i < sizeof(max_use) / sizeof(max_use[0]); i++) {
		cJSON *o = cJSON_CreateObject();
		rt_int(o, "coupon_type", max_use[i][0]);
		rt_int(o, "coupon_group", 0);
		rt_int(o, "use_quantity_value", max_use[i][1]);
		cJSON_AddItemToArray(q, o);
	}
	rt_send(resp, 200, root);
}

RT_HANDLER(rt_list_order_discounts)
{
	const char *id;
	int32_t oi;
	const struct sim_order *o;
	cJSON *root, *arr;

	if (rt_query_required(req, resp, "order_id", &id) != 0 ||
	    (oi = order_param(st, resp, id)) < 0)
		return;
	o = &st->orders.v[oi];
	root = cJSON_CreateObject();
	arr = cJSON_AddArrayToObject(root, "discounts");
	if (o->status == ST_ORDER_PENDING && o->offer_type != 0) {
		cJSON *d = cJSON_CreateObject(), *ord, *items, *item, *ids;
		char buf[40], ratio[MONEY_BUFSZ];
		rt_str(d, "discount_id", st_offer_id(o, buf));
		rt_str(d, "discount_value", money_format_plain(o->offer_ratio, ratio, sizeof(ratio)));
		rt_int(d, "discount_type", o->offer_type);
		ord = cJSON_CreateObject();
		rt_str(ord, "order_id", o->id);
		items = cJSON_AddArrayToObject(ord, "order_line_items");
		/* Lines of the same product and price are merged: here, all of them at once. */
		item = cJSON_CreateObject();
		ids = cJSON_AddArrayToObject(item, "order_line_item_ids");
		for (int32_t k = 0; k < o->nlines; k++) {
			char lid[48];
			snprintf(lid, sizeof(lid), "%s-%03d", o->id, (int)k + 1);
			cJSON_AddItemToArray(ids, cJSON_CreateString(lid));
		}
		rt_int(item, "discount_mode", 0);
		rt_money(item, "discount_amount", st_offer_amount(o));
		rt_money(item, "discount_ratio", o->offer_ratio);
		cJSON_AddItemToArray(items, item);
		cJSON_AddItemToArray(cJSON_AddArrayToObject(d, "orders"), ord);
		cJSON_AddItemToArray(arr, d);
	}
	rt_send(resp, 200, root);
}

/* ------------------------------------------------------------------ pay and cancel */

/* "YES" or "NO" (bss-api.md 6.15: len 1..3, pattern YES|NO). */
static int
yes_no(const cJSON *body, struct sim_response *resp, const char *name, bool *out)
{
	const char *v;

	if (rt_json_str_req(body, resp, name, 3, &v) != 0)
		return -1;
	if (strcmp(v, "YES") != 0 && strcmp(v, "NO") != 0) {
		sim_error(resp, 400, RT_BAD, "Invalid parameter: %s must be YES or NO", name);
		return -1;
	}
	*out = v[0] == 'Y';
	return 0;
}

/* The list `name`, which must be there (1..max entries) when used and absent otherwise. */
static const cJSON *
choice_list(const cJSON *body, struct sim_response *resp, const char *name, bool used,
    int min, int max)
{
	const cJSON *f = cJSON_GetObjectItemCaseSensitive(body, name);
	int n;

	if (f != NULL && cJSON_IsNull(f))
		f = NULL;
	if (!used) {
		if (f != NULL)
			sim_error(resp, 400, RT_BAD, "Invalid parameter: %s must be absent when not used",
			    name);
		return f != NULL ? NULL : body;
	}
	if (!cJSON_IsArray(f) || (n = cJSON_GetArraySize(f)) < min || n > max) {
		sim_error(resp, 400, RT_BAD, "Invalid parameter: %s must list %d to %d entries", name, min,
		    max);
		return NULL;
	}
	return f;
}

RT_HANDLER(rt_pay_orders)
{
	cJSON *body = rt_body(req, resp, false);
	const cJSON *coupons, *discounts, *e;
	struct st_pay_coupon picked[3];
	struct st_pay_opts opts = { picked, 0, NULL, 0 };
	bool use_coupon, use_discount;
	const char *id;
	struct st_err err;
	int32_t oi;

	if (body == NULL)
		return;
	if (rt_json_str_req(body, resp, "order_id", 64, &id) != 0 ||
	    yes_no(body, resp, "use_coupon", &use_coupon) != 0 ||
	    yes_no(body, resp, "use_discount", &use_discount) != 0 ||
	    (coupons = choice_list(body, resp, "coupon_infos", use_coupon, 1, 3)) == NULL ||
	    (discounts = choice_list(body, resp, "discount_infos", use_discount, 1, 1)) == NULL)
		goto out;
	if (use_coupon) {
		cJSON_ArrayForEach(e, coupons) {
			long type;
			if (rt_json_str_req(e, resp, "id", 64, &picked[opts.ncoupons].id) != 0 ||
			    rt_json_int(e, resp, "type", 300, 303, 0, &type) != 0)
				goto out;
			if (type == 0) {
				sim_error(resp, 400, RT_BAD, "Invalid parameter: coupon_infos[].type is required");
				goto out;
			}
			for (size_t k = 0; k < opts.ncoupons; k++) {
				if (strcmp(picked[k].id, picked[opts.ncoupons].id) == 0) {
					sim_error(resp, 400, RT_BAD, "Invalid parameter: coupon %s is listed twice",
					    picked[k].id);
					goto out;
				}
			}
			picked[opts.ncoupons++].type = (int)type;
		}
	}
	if (use_discount) {
		long type;
		e = cJSON_GetArrayItem(discounts, 0);
		if (rt_json_str_req(e, resp, "id", 64, &opts.discount_id) != 0 ||
		    rt_json_int(e, resp, "type", 0, 609, -1, &type) != 0)
			goto out;
		if (type < 0) {
			sim_error(resp, 400, RT_BAD, "Invalid parameter: discount_infos[].type is required");
			goto out;
		}
		opts.discount_type = (int)type;
	}
	if ((oi = st_find_order(st, id)) < 0) {
		sim_error(resp, 400, "CBC.30000010", "Invalid order: %s does not exist", id);
		goto out;
	}
	if (st_pay(st, oi, &opts, req->now, &err) != 0)
		rt_refuse(resp, &err);
	else
		rt_no_content(resp);
out:
	cJSON_Delete(body);
}

RT_HANDLER(rt_cancel_order)
{
	cJSON *body = rt_body(req, resp, false);
	const char *id;
	struct st_err err;
	int32_t oi;

	if (body == NULL)
		return;
	if (rt_json_str_req(body, resp, "order_id", 64, &id) != 0)
		goto out;
	if ((oi = st_find_order(st, id)) < 0)
		sim_error(resp, 400, "CBC.30000010", "Invalid order: %s does not exist", id);
	else if (st_cancel(st, oi, req->now, &err) != 0)
		rt_refuse(resp, &err);
	else
		rt_no_content(resp);
out:
	cJSON_Delete(body);
}

/* ------------------------------------------------------------------ refund details */

RT_HANDLER(rt_show_refund_order)
{
	enum cat_lang lang = cat_lang_of(req->x_language);
	const char *id, *customer = sim_query_get(req, "customer_id");
	const struct sim_order *o;
	int32_t oi;
	cJSON *root, *arr;

	if (rt_query_required(req, resp, "order_id", &id) != 0 ||
	    rt_partner_only(req, resp, "indirect_partner_id") != 0)
		return;
	if (customer != NULL && *customer != '\0' && strcmp(customer, st->customer_id) != 0) {
		sim_error(resp, 403, "CBC.0151", "Access denied: customer_id is not this account");
		return;
	}
	if ((oi = order_param(st, resp, id)) < 0)
		return;
	o = &st->orders.v[oi];
	if (o->order_type != ST_OT_UNSUBSCRIBE && !(o->order_type == ST_OT_CHANGE && o->nrefunds > 0)) {
		sim_error(resp, 400, "CBC.99005026", "Order %s is not a downgrade or unsubscription order",
		    id);
		return;
	}
	root = cJSON_CreateObject();
	rt_int(root, "total_count", o->nrefunds);
	arr = cJSON_AddArrayToObject(root, "refund_infos");
	for (int32_t k = 0; k < o->nrefunds; k++) {
		const struct sim_refund *f = &st->refunds.v[o->first_refund + k];
		const struct sim_resource *r = &st->resources.v[f->res];
		int rtype = st_res_rtype(r), service = st_res_service(r);
		cJSON *j = cJSON_CreateObject();
		char rid[48];

		snprintf(rid, sizeof(rid), "RF%s%02d", o->id + 2, (int)k + 1);
		rt_str(j, "id", rid);
		rt_money(j, "amount", f->amount);
		rt_str(j, "measure_id", "1");
		rt_str(j, "customer_id", st->customer_id);
		rt_str(j, "resource_type_code", cat_rtypes[rtype].code);
		rt_str(j, "service_type_code", cat_services[service].code);
		rt_str(j, "resource_type_name", rt_rtype_name(rtype, lang));
		rt_str(j, "service_type_name", rt_service_name(service, lang));
		rt_str(j, "region_code", cat_regions[r->region].code);
		if (f->base_order >= 0)
			rt_str(j, "base_order_id", st->orders.v[f->base_order].id);
		cJSON_AddItemToArray(arr, j);
	}
	rt_send(resp, 200, root);
}
