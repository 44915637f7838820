/* Resource packages: bss-api.md 6.24-6.26. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "sim/routes.h"
#include "util/xalloc.h"

/* A package's status as of now: dates move packages into force and out of it. */
static int
package_status(const struct sim_package *p, time_t now)
{
	if (p->status == ST_PKG_UNSUBSCRIBED)
		return p->status;
	if (now >= p->expire_time)
		return ST_PKG_EXPIRED;
	if (p->status == ST_PKG_PENDING && now >= p->effective_time)
		return ST_PKG_EFFECTIVE;
	return p->status;
}

static const char *
package_name(const struct sim_package *p, enum cat_lang lang)
{
	return cat_pick(lang, p->name_zh, p->name_en);
}

struct package_query {
	const char *region, *order_id, *product_id, *name, *ep;
	long status;
	const char **services;
	size_t nservices;
};

static bool
package_matches(const struct sim_state *st, const struct sim_package *p, time_t now,
    const struct package_query *q)
{
	bool service_ok = q->nservices == 0;

	/* Packages expired for more than 18 months are gone (bss-api.md 6.24). */
	if (p->expire_time < st_add_months(now, -18))
		return false;
	if ((q->region != NULL && *q->region != '\0' && !rt_eq(q->region, cat_regions[p->region].code)) ||
	    (q->order_id != NULL && *q->order_id != '\0' && strcmp(q->order_id, p->order_id) != 0) ||
	    (q->product_id != NULL && *q->product_id != '\0' && strcmp(q->product_id, p->product_id) != 0) ||
	    (q->ep != NULL && *q->ep != '\0' && strcmp(q->ep, st->eps[p->ep].id) != 0) ||
	    (q->status >= 0 && package_status(p, now) != q->status))
		return false;
	if (q->name != NULL && *q->name != '\0' && strcasestr(p->name_zh, q->name) == NULL &&
	    strcasestr(p->name_en, q->name) == NULL)
		return false;
	for (size_t i = 0; i < q->nservices; i++)
		service_ok |= rt_eq(q->services[i], cat_services[p->service].code);
	return service_ok;
}

static const char *
usage_name(const struct sim_free_item *it, enum cat_lang lang)
{
	const struct cat_usage_type *u = &cat_usage_types[it->usage_type];

	return cat_pick(lang, u->name_zh, u->name_en);
}

static cJSON *
package_view(const struct sim_state *st, const struct sim_package *p, time_t now,
    enum cat_lang lang)
{
	cJSON *o = cJSON_CreateObject(), *items;

	rt_str(o, "order_instance_id", p->instance_id);
	rt_str(o, "order_id", p->order_id);
	rt_str(o, "product_id", p->product_id);
	rt_str(o, "product_name", package_name(p, lang));
	rt_str(o, "enterprise_project_id", st->eps[p->ep].id);
	rt_int(o, "enterprise_project_scope", 0);
	rt_time(o, "effective_time", p->effective_time);
	rt_time(o, "expire_time", p->expire_time);
	rt_int(o, "status", package_status(p, now));
	rt_str(o, "service_type_code", cat_services[p->service].code);
	rt_str(o, "service_type_name", rt_service_name(p->service, lang));
	rt_str(o, "region_code", cat_regions[p->region].code);
	rt_int(o, "source_type", p->source_type);
	rt_str(o, "bundle_type", p->bundle ? "BUNDLE_PKG" : "ATOMIC_PKG");
	rt_int(o, "quota_reuse_mode", p->reuse_mode);
	items = cJSON_AddArrayToObject(o, "free_resources");
	for (int32_t k = 0; k < p->nitems; k++) {
		const struct sim_free_item *it = &st->items.v[p->first_item + k];
		cJSON *j = cJSON_CreateObject();
		rt_str(j, "free_resource_id", it->id);
		rt_str(j, "usage_type_name", usage_name(it, lang));
		rt_money_str(j, "amount", it->remaining);
		rt_money_str(j, "original_amount", it->original_amount);
		rt_int(j, "measure_id", it->measure_id);
		cJSON_AddItemToArray(items, j);
	}
	return o;
}

RT_HANDLER(rt_list_packages)
{
	enum cat_lang lang = cat_lang_of(req->x_language);
	cJSON *body = rt_body(req, resp, false);
	struct package_query q = { 0 };
	long offset, limit;
	struct rt_page pg;

	if (body == NULL)
		return;
	if (rt_json_str(body, resp, "region_code", 64, &q.region) != 0 ||
	    rt_json_str(body, resp, "order_id", 64, &q.order_id) != 0 ||
	    rt_json_str(body, resp, "product_id", 64, &q.product_id) != 0 ||
	    rt_json_str(body, resp, "product_name", 256, &q.name) != 0 ||
	    rt_json_str(body, resp, "enterprise_project_id", 64, &q.ep) != 0 ||
	    rt_json_int(body, resp, "status", 0, 4, -1, &q.status) != 0 ||
	    rt_json_page(body, resp, 1000, 999999, &offset, &limit) != 0 ||
	    rt_json_ids(body, resp, "service_type_code_list", false, 0, 10, &q.services,
	    &q.nservices) != 0)
		goto out;
	rt_page_begin(&pg, offset, limit, "free_resource_packages");
	for (size_t i = 0; i < st->packages.n; i++) {
		const struct sim_package *p = &st->packages.v[i];
		if (package_matches(st, p, req->now, &q) && rt_page_take(&pg))
			cJSON_AddItemToArray(pg.items, package_view(st, p, req->now, lang));
	}
	free(q.services);
	rt_page_send(&pg, "total_count", resp);
out:
	cJSON_Delete(body);
}

/* Start and end of the month (UTC+8) holding now: a resettable package's current cycle. */
static void
current_cycle(time_t now, time_t *start, time_t *end)
{
	int month = st_month_of_day(st_day_of(now));

	*start = st_day_start(st_first_day_of_month(month));
	*end = st_day_start(st_first_day_of_month(month + 1)) - 1;
}

RT_HANDLER(rt_list_package_usages)
{
	enum cat_lang lang = cat_lang_of(req->x_language);
	cJSON *body = rt_body(req, resp, false), *root, *arr;
	const char **ids = NULL;
	size_t n;

	if (body == NULL)
		return;
	if (rt_json_ids(body, resp, "free_resource_ids", true, 1, 100, &ids, &n) != 0)
		goto out;
	root = cJSON_CreateObject();
	arr = cJSON_AddArrayToObject(root, "free_resources");
	for (size_t k = 0; k < n; k++) {
		int32_t i = st_find_item(st, ids[k]);
		const struct sim_free_item *it;
		const struct sim_package *p;
		cJSON *o;
		time_t start, end;

		if (i < 0)
			continue;
		it = &st->items.v[i];
		p = &st->packages.v[it->package];
		o = cJSON_CreateObject();
		rt_str(o, "free_resource_id", it->id);
		rt_str(o, "free_resource_type_name",
		    rt_rtype_name(cat_usage_types[it->usage_type].rtype, lang));
		if (p->reuse_mode == 1) {
			rt_int(o, "quota_reuse_cycle", 4);
			rt_int(o, "quota_reuse_cycle_type", 1);
			current_cycle(req->now, &start, &end);
		} else {
			start = p->effective_time;
			end = p->expire_time;
		}
		rt_str(o, "usage_type_name", usage_name(it, lang));
		rt_time(o, "start_time", start);
		rt_time(o, "end_time", end);
		rt_money(o, "amount", it->remaining);
		rt_money(o, "original_amount", it->original_amount);
		rt_int(o, "measure_id", it->measure_id);
		cJSON_AddItemToArray(arr, o);
	}
	rt_send(resp, 200, root);
out:
	free(ids);
	cJSON_Delete(body);
}

/* First usage record deducted at or after t (records are in deduct_time order). */
static size_t
first_record_from(const struct sim_state *st, time_t t)
{
	size_t lo = 0, hi = st->usage.n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (st->usage.v[mid].deduct_time < t)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* An optional filter parameter: "" filters nothing here. */
static const char *
filter_param(const struct sim_request *req, const char *name)
{
	const char *v = sim_query_get(req, name);

	return v != NULL && *v != '\0' ? v : NULL;
}

RT_HANDLER(rt_list_usage_records)
{
	enum cat_lang lang = cat_lang_of(req->x_language);
	const char *item_id = filter_param(req, "free_resource_id");
	const char *product_id = filter_param(req, "product_id");
	const char *rtype = filter_param(req, "resource_type_code");
	const char *begin, *end;
	int from, to;
	long offset, limit;
	struct rt_page pg;

	if (rt_query_required(req, resp, "deduct_time_begin", &begin) != 0 ||
	    rt_query_required(req, resp, "deduct_time_end", &end) != 0 ||
	    rt_query_page(req, resp, 1000, 2147483647L, &offset, &limit) != 0)
		return;
	from = rt_parse_day(begin);
	to = rt_parse_day(end);
	if (from < 0 || to < 0) {
		sim_error(resp, 400, RT_BAD, "Invalid parameter: deduct_time_begin and deduct_time_end "
		    "must be YYYY-MM-DD");
		return;
	}
	/* At most 90 days (bss-api.md 6.26). */
	if (to < from || to - from > 90) {
		sim_error(resp, 400, RT_BAD, "Invalid parameter: deduct_time_end must be 0 to 90 days "
		    "after deduct_time_begin");
		return;
	}
	rt_page_begin(&pg, offset, limit, "free_resource_records");
	for (size_t i = first_record_from(st, st_day_start(from));
	    i < st->usage.n && st->usage.v[i].deduct_time < st_day_start(to + 1); i++) {
		const struct sim_usage_record *u = &st->usage.v[i];
		const struct sim_free_item *it = &st->items.v[u->item];
		const struct sim_package *p = &st->packages.v[it->package];
		const struct sim_resource *r = u->res >= 0 ? &st->resources.v[u->res] : NULL;
		int rt = cat_usage_types[it->usage_type].rtype;
		cJSON *o;

		if ((item_id != NULL && strcmp(item_id, it->id) != 0) ||
		    (product_id != NULL && strcmp(product_id, p->product_id) != 0) ||
		    (rtype != NULL && !rt_eq(rtype, cat_rtypes[rt].code)) || !rt_page_take(&pg))
			continue;
		o = cJSON_CreateObject();
		rt_time(o, "deduct_time", u->deduct_time);
		rt_str(o, "free_resource_id", it->id);
		rt_str(o, "resource_id", r != NULL ? r->id : "");
		rt_str(o, "resource_type_code", cat_rtypes[rt].code);
		rt_str(o, "resource_type_name", rt_rtype_name(rt, lang));
		rt_str(o, "resource_tag", "");
		rt_str(o, "product_id", p->product_id);
		rt_str(o, "product_name", package_name(p, lang));
		rt_str(o, "usage_type_code", cat_usage_types[it->usage_type].code);
		rt_money_str(o, "available_amount", u->available);
		rt_money_str(o, "remaining_amount", u->remaining);
		rt_money_str(o, "used_amount", u->used);
		rt_int(o, "measure_id", it->measure_id);
		rt_time(o, "effective_time", u->start_time);
		rt_time(o, "expire_time", u->end_time);
		cJSON_AddItemToArray(pg.items, o);
	}
	rt_page_send(&pg, "total_count", resp);
}
