/* Yearly/monthly resources: bss-api.md 6.18-6.23. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim/routes.h"
#include "util/buf.h"
#include "util/jsonw.h"
#include "util/money.h"
#include "util/timeutil.h"
#include "util/xalloc.h"

/* ------------------------------------------------------------------ ListPayPerUseCustomerResources */

enum { MARK_GIVEN = 1, MARK_ATTACHED = 2, MARK_ORDER = 4 };

struct resource_query {
	const char **ids;
	size_t nids;
	long only_main;
	unsigned status_mask;          /* bit per status; 0 = all */
	time_t expire_from, expire_to;
	const char *service, *order_id, *customer;
};

static int
expire_bound(const cJSON *body, struct sim_response *resp, const char *name, time_t *out)
{
	const char *v;

	*out = 0;
	if (rt_json_str(body, resp, name, 20, &v) != 0)
		return -1;
	if (v != NULL && *v != '\0' && time_parse_iso(v, out) != 0) {
		sim_error(resp, 400, RT_BAD, "Invalid parameter: %s must be yyyy-MM-ddTHH:mm:ssZ", name);
		return -1;
	}
	return 0;
}

static int
parse_resource_query(const cJSON *body, struct sim_response *resp, struct resource_query *q)
{
	const cJSON *ids = cJSON_GetObjectItemCaseSensitive(body, "resource_ids");
	const cJSON *statuses = cJSON_GetObjectItemCaseSensitive(body, "status_list"), *e;
	const cJSON *service = cJSON_GetObjectItemCaseSensitive(body, "service_type_code");

	memset(q, 0, sizeof(*q));
	/* An empty list is no filter, but null is refused (bss-api.md 6.18). */
	if (ids != NULL && cJSON_IsNull(ids)) {
		sim_error(resp, 400, RT_BAD, "Invalid parameter: resource_ids must not be null");
		return -1;
	}
	/* So is "" for service_type_code. */
	if (service != NULL && (cJSON_IsNull(service) ||
	    (cJSON_IsString(service) && service->valuestring[0] == '\0'))) {
		sim_error(resp, 400, RT_BAD, "Invalid parameter: service_type_code must not be empty");
		return -1;
	}
	if (rt_json_ids(body, resp, "resource_ids", false, 0, 50, &q->ids, &q->nids) != 0)
		return -1;
	if (rt_json_str(body, resp, "order_id", 64, &q->order_id) != 0 ||
	    rt_json_int(body, resp, "only_main_resource", 0, 1, 0, &q->only_main) != 0 ||
	    expire_bound(body, resp, "expire_time_begin", &q->expire_from) != 0 ||
	    expire_bound(body, resp, "expire_time_end", &q->expire_to) != 0 ||
	    rt_json_str(body, resp, "service_type_code", 64, &q->service) != 0 ||
	    rt_json_str(body, resp, "customer_id", 64, &q->customer) != 0)
		goto bad;
	if (statuses != NULL && !cJSON_IsNull(statuses)) {
		if (!cJSON_IsArray(statuses))
			goto bad_status;
		cJSON_ArrayForEach(e, statuses) {
			if (!cJSON_IsNumber(e) || e->valuedouble < ST_RES_IN_USE ||
			    e->valuedouble > ST_RES_EXPIRED || e->valuedouble != (int)e->valuedouble)
				goto bad_status;
			q->status_mask |= 1u << (int)e->valuedouble;
		}
	}
	return 0;
bad_status:
	sim_error(resp, 400, RT_BAD, "Invalid parameter: status_list holds statuses 2, 3, 4 and 5");
bad:
	free(q->ids);
	q->ids = NULL;
	return -1;
}

static void
mark_order(const struct sim_state *st, int32_t oi, uint8_t *mark)
{
	const struct sim_order *o = &st->orders.v[oi];

	for (int32_t k = 0; k < o->nlines; k++)
		if (st->lines.v[o->first_line + k].res >= 0)
			mark[st->lines.v[o->first_line + k].res] |= MARK_ORDER;
	for (int32_t k = 0; k < o->nrefunds; k++)
		mark[st->refunds.v[o->first_refund + k].res] |= MARK_ORDER;
	for (size_t i = 0; i < st->orders.n; i++)
		if (st->orders.v[i].parent == oi)
			mark_order(st, (int32_t)i, mark);
}

static bool
resource_matches(const struct sim_state *st, size_t i, const uint8_t *mark,
    const struct resource_query *q)
{
	const struct sim_resource *r = &st->resources.v[i];

	if (r->hidden || r->charge_mode != ST_CHARGE_PREPAID)
		return false;
	if (q->nids > 0) {
		/* Listed ids come back as they are; only_main_resource 0 adds what hangs off them. */
		if (!(mark[i] & MARK_GIVEN) && !(q->only_main == 0 && (mark[i] & MARK_ATTACHED)))
			return false;
	} else if (q->only_main == 1 && r->parent >= 0) {
		return false;
	}
	if (q->order_id != NULL && *q->order_id != '\0' && !(mark[i] & MARK_ORDER))
		return false;
	if (q->status_mask != 0 && !(q->status_mask & (1u << r->status)))
		return false;
	if ((q->expire_from != 0 && r->expire_time < q->expire_from) ||
	    (q->expire_to != 0 && r->expire_time > q->expire_to))
		return false;
	if (q->service != NULL && !rt_eq(q->service, cat_services[st_res_service(r)].code))
		return false;
	return q->customer == NULL || *q->customer == '\0' || strcmp(q->customer, st->customer_id) == 0;
}

static bool
by_order(const struct resource_query *q)
{
	return q->order_id != NULL && *q->order_id != '\0';
}

/* Whether resource_matches keeps every resource of st_listed's list for q. */
static bool
listed_is_all(const struct sim_state *st, const struct resource_query *q)
{
	return q->expire_from == 0 && q->expire_to == 0 && q->service == NULL &&
	    (q->customer == NULL || *q->customer == '\0' || strcmp(q->customer, st->customer_id) == 0);
}

/* The internal id of a resource's order instance: its UUID's hex digits, reversed. */
static void
instance_id(const struct sim_resource *r, char out[40])
{
	size_t n = 0;

	for (size_t i = strlen(r->id); i-- > 0 && n < 39;)
		if (r->id[i] != '-')
			out[n++] = r->id[i];
	out[n] = '\0';
}

/* A time field, left out when unset (as rt_time). */
static void
kv_time(struct jsonw *w, const char *key, time_t t)
{
	char buf[TIME_ISO_BUFSZ];

	if (t != 0)
		jsonw_kv_string(w, key, time_format_iso(t, buf));
}

/*
 * One record, written straight into the answer rather than built as a cJSON
 * tree: pages of 500 are the hot path of big accounts (benchmark 6). The
 * bytes are what rt_str/rt_int/rt_money/rt_time/rt_ep would print.
 */
static void
resource_write(struct jsonw *w, const struct sim_state *st, const struct sim_resource *r,
    enum cat_lang lang)
{
	int rtype = st_res_rtype(r), service = st_res_service(r);
	const struct cat_spec *s = &cat_specs[r->spec];
	char buf[192], money[MONEY_BUFSZ];

	jsonw_object_begin(w);
	instance_id(r, buf);
	jsonw_kv_string(w, "id", buf);
	jsonw_kv_string(w, "resource_id", r->id);
	jsonw_kv_string(w, "resource_name", r->name);
	jsonw_kv_string(w, "region_code", cat_regions[r->region].code);
	jsonw_kv_string(w, "service_type_code", cat_services[service].code);
	jsonw_kv_string(w, "resource_type_code", cat_rtypes[rtype].code);
	jsonw_kv_string(w, "resource_type_name", rt_rtype_name(rtype, lang));
	jsonw_kv_string(w, "service_type_name", rt_service_name(service, lang));
	jsonw_kv_string(w, "resource_spec_code", s->code);
	jsonw_kv_string(w, "project_id", st->project_ids[r->region]);
	jsonw_kv_string(w, "product_id", cat_product_id(r->spec, 'P', buf));
	if (r->parent >= 0)
		jsonw_kv_string(w, "parent_resource_id", st->resources.v[r->parent].id);
	jsonw_kv_int(w, "is_main_resource", r->parent < 0);
	jsonw_kv_int(w, "status", r->status);
	kv_time(w, "effective_time", r->effective_time);
	kv_time(w, "expire_time", r->expire_time);
	jsonw_kv_int(w, "expire_policy", r->expire_policy);
	rt_spec_desc(r, r->spec, lang, buf, sizeof(buf));
	jsonw_kv_string(w, "product_spec_desc", buf);
	if (s->size_measure_id != 0) {
		/* The plain decimal rt_money prints (jsonw_money would shorten it). */
		jsonw_key(w, "spec_size");
		jsonw_raw(w, money_format_plain(MONEY_UNITS(r->spec_size), money, sizeof(money)));
		jsonw_kv_int(w, "spec_size_measure_id", s->size_measure_id);
	}
	kv_time(w, "update_time", r->update_time);
	jsonw_key(w, "enterprise_project");
	jsonw_object_begin(w);
	jsonw_kv_string(w, "id", st->eps[r->ep].id);
	jsonw_kv_string(w, "name", st->eps[r->ep].name);
	jsonw_object_end(w);
	jsonw_object_end(w);
}

RT_HANDLER(rt_list_resources)
{
	enum cat_lang lang = cat_lang_of(req->x_language);
	cJSON *body = rt_body(req, resp, false);
	struct resource_query q;
	long offset, limit;
	uint8_t *mark;
	struct rt_page pg = { 0 };
	struct buf out = BUF_INIT(0);
	struct jsonw w;

	if (body == NULL)
		return;
	if (parse_resource_query(body, resp, &q) != 0)
		goto out;
	if (rt_json_page(body, resp, 500, 2147483646L, &offset, &limit) != 0) {
		free(q.ids);
		goto out;
	}
	pg.offset = offset;
	pg.limit = limit;
	jsonw_init(&w, &out, false);
	jsonw_object_begin(&w);
	jsonw_key(&w, "data");
	jsonw_array_begin(&w);
	if (q.nids == 0 && !by_order(&q)) {
		/* The common queries: their list is kept; without further filters a page is a slice. */
		const struct st_res_list *l = st_listed(st, q.only_main == 1, q.status_mask);
		if (listed_is_all(st, &q)) {
			for (size_t k = (size_t)offset; k < l->n && k < (size_t)(offset + limit); k++)
				resource_write(&w, st, &st->resources.v[l->v[k]], lang);
			pg.total = (long)l->n;
		} else {
			for (size_t k = 0; k < l->n; k++)
				if (resource_matches(st, (size_t)l->v[k], NULL, &q) && rt_page_take(&pg))
					resource_write(&w, st, &st->resources.v[l->v[k]], lang);
		}
	} else {
		mark = xcalloc(st->resources.n + 1, 1);
		for (size_t k = 0; k < q.nids; k++) {
			int32_t i = st_find_resource(st, q.ids[k]);
			if (i >= 0)
				mark[i] |= MARK_GIVEN;
		}
		for (size_t i = 0; q.nids > 0 && i < st->resources.n; i++) {
			int32_t p = st->resources.v[i].parent;
			if (p >= 0 && (mark[p] & MARK_GIVEN))
				mark[i] |= MARK_ATTACHED;
		}
		if (by_order(&q)) {
			int32_t oi = st_find_order(st, q.order_id);
			if (oi >= 0)
				mark_order(st, oi, mark);
		}
		for (size_t i = 0; i < st->resources.n; i++)
			if (resource_matches(st, i, mark, &q) && rt_page_take(&pg))
				resource_write(&w, st, &st->resources.v[i], lang);
		free(mark);
	}
	free(q.ids);
	jsonw_array_end(&w);
	jsonw_kv_int(&w, "total_count", pg.total);
	jsonw_object_end(&w);
	if (jsonw_finish(&w) != 0)
		die("bsssim: could not write a resources page");
	resp->status = 200;
	resp->body = buf_steal(&out, NULL);
out:
	cJSON_Delete(body);
}

/* ------------------------------------------------------------------ batch writes */

/* resource_ids of a renewal or unsubscription: 1 to 10 primaries, each once. */
static int
batch_ids(const cJSON *body, struct sim_response *resp, const char ***ids, size_t *n)
{
	if (rt_json_ids(body, resp, "resource_ids", true, 1, 10, ids, n) != 0)
		return -1;
	for (size_t i = 0; i < *n; i++) {
		for (size_t j = 0; j < i; j++) {
			if (strcmp((*ids)[i], (*ids)[j]) == 0) {
				sim_error(resp, 400, RT_BAD, "Invalid parameter: resource %s is listed twice",
				    (*ids)[i]);
				return -1;
			}
		}
	}
	return 0;
}

/* {"order_ids":[...], "fail_resource_infos":[...] (only when something failed)}. */
static void
send_batch(const struct sim_state *st, struct sim_response *resp, int32_t order,
    const struct st_item_err *fails, size_t nfails)
{
	cJSON *root = cJSON_CreateObject();
	cJSON *ids = cJSON_AddArrayToObject(root, "order_ids");

	if (order >= 0)
		cJSON_AddItemToArray(ids, cJSON_CreateString(st->orders.v[order].id));
	if (nfails > 0) {
		cJSON *arr = cJSON_AddArrayToObject(root, "fail_resource_infos");
		for (size_t i = 0; i < nfails; i++) {
			cJSON *o = cJSON_CreateObject();
			rt_str(o, "error_code", fails[i].code);
			rt_str(o, "error_msg", fails[i].msg);
			rt_str(o, "resource_id", fails[i].id);
			cJSON_AddItemToArray(arr, o);
		}
	}
	rt_send(resp, 200, root);
}

RT_HANDLER(rt_renew_resources)
{
	cJSON *body = rt_body(req, resp, false);
	const char **ids = NULL;
	size_t n, nfails;
	long type, num, auto_pay;
	struct st_item_err fails[10];
	struct st_err err;
	int32_t order;

	if (body == NULL)
		return;
	if (batch_ids(body, resp, &ids, &n) != 0 ||
	    rt_json_int(body, resp, "period_type", ST_PERIOD_MONTH, ST_PERIOD_YEAR, 0, &type) != 0 ||
	    rt_json_int(body, resp, "period_num", 1, 11, 0, &num) != 0 ||
	    rt_json_int(body, resp, "is_auto_pay", 0, 1, 0, &auto_pay) != 0)
		goto out;
	if (type == 0 || num == 0) {
		sim_error(resp, 400, RT_BAD, "Invalid parameter: period_type and period_num are required");
		goto out;
	}
	/* Months 1-11, years 1-3 (bss-api.md 6.19). */
	if (type == ST_PERIOD_YEAR && num > 3) {
		sim_error(resp, 400, "CBC.99000092", "Subscription period validation failed: at most 3 "
		    "years");
		goto out;
	}
	if (st_renew(st, ids, n, (int)type, (int)num, auto_pay == 1, req->now, &order, fails, &nfails,
	    &err) != 0)
		rt_refuse(resp, &err);
	else
		send_batch(st, resp, order, fails, nfails);
out:
	free(ids);
	cJSON_Delete(body);
}

RT_HANDLER(rt_unsubscribe_resources)
{
	cJSON *body = rt_body(req, resp, false);
	const char **ids = NULL, *reason;
	size_t n, nfails;
	long type, reason_type;
	struct st_item_err fails[10];
	struct st_err err;
	int32_t order;

	if (body == NULL)
		return;
	if (batch_ids(body, resp, &ids, &n) != 0 ||
	    rt_json_int(body, resp, "unsubscribe_type", 1, 2, 0, &type) != 0 ||
	    rt_json_int(body, resp, "unsubscribe_reason_type", 1, 5, 5, &reason_type) != 0 ||
	    rt_json_str(body, resp, "unsubscribe_reason", 512, &reason) != 0)
		goto out;
	if (type == 0) {
		sim_error(resp, 400, RT_BAD, "Invalid parameter: unsubscribe_type is required");
		goto out;
	}
	if (st_unsubscribe(st, ids, n, (int)type, req->now, &order, fails, &nfails, &err) != 0)
		rt_refuse(resp, &err);
	else
		send_batch(st, resp, order, fails, nfails);
out:
	free(ids);
	cJSON_Delete(body);
}

static int
path_resource(const struct sim_request *req, struct sim_response *resp)
{
	if (req->path_id == NULL || *req->path_id == '\0' || strlen(req->path_id) > 64) {
		sim_error(resp, 400, RT_BAD, "Invalid parameter: resource_id must have 1 to 64 characters");
		return -1;
	}
	return 0;
}

RT_HANDLER(rt_autorenew_on)
{
	cJSON *body;
	long times;
	struct st_err err;

	if (path_resource(req, resp) != 0 || (body = rt_body(req, resp, true)) == NULL)
		return;
	if (rt_json_int(body, resp, "auto_renew_times", 0, 99, -1, &times) == 0) {
		if (st_autorenew_on(st, req->path_id, (int)times, req->now, &err) != 0)
			rt_refuse(resp, &err);
		else
			rt_no_content(resp);
	}
	cJSON_Delete(body);
}

RT_HANDLER(rt_autorenew_off)
{
	struct st_err err;

	if (path_resource(req, resp) != 0)
		return;
	if (st_autorenew_off(st, req->path_id, req->now, &err) != 0)
		rt_refuse(resp, &err);
	else
		rt_no_content(resp);
}

RT_HANDLER(rt_to_on_demand)
{
	cJSON *body = rt_body(req, resp, false), *root, *arr;
	const char **ids = NULL, *op;
	size_t n, nfails;
	struct st_item_err *fails;

	if (body == NULL)
		return;
	if (rt_json_str_req(body, resp, "operation", 64, &op) != 0 ||
	    rt_json_ids(body, resp, "resource_ids", true, 1, 100, &ids, &n) != 0)
		goto out;
	if (strcmp(op, "SET_UP") != 0 && strcmp(op, "CANCEL") != 0) {
		sim_error(resp, 400, RT_BAD, "Invalid parameter: operation must be SET_UP or CANCEL");
		goto out;
	}
	fails = xcalloc(n, sizeof(*fails));
	st_to_on_demand(st, ids, n, op[0] == 'S', req->now, fails, &nfails);
	root = cJSON_CreateObject();
	arr = cJSON_AddArrayToObject(root, "error_details");
	for (size_t i = 0; i < nfails; i++) {
		cJSON *o = cJSON_CreateObject();
		rt_str(o, "error_code", fails[i].code);
		rt_str(o, "error_msg", fails[i].msg);
		rt_str(o, "id", fails[i].id);
		cJSON_AddItemToArray(arr, o);
	}
	free(fails);
	rt_send(resp, 200, root);
out:
	free(ids);
	cJSON_Delete(body);
}
