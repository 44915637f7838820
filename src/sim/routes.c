#include "sim/routes.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "util/timeutil.h"
#include "util/xalloc.h"

/* bss-api.md section 1: every operation at its real method and path (typos included). */
const struct sim_route sim_routes[] = {
	{ "GET", "/v2/products/service-types", "ListServiceTypes", false, rt_list_service_types },
	{ "GET", "/v2/products/resource-types", "ListResourceTypes", false, rt_list_resource_types },
	{ "GET", "/v2/products/service-resources", "ListServiceResources", false,
		rt_list_service_resources },
	{ "GET", "/v2/products/usage-types", "ListUsageTypes", false, rt_list_usage_types },
	{ "GET", "/v2/bases/measurements", "ListMeasureUnits", false, rt_list_measure_units },
	{ "GET", "/v2/bases/conversions", "ListConversions", false, rt_list_conversions },
	{ "POST", "/v2/bills/ratings/on-demand-resources", "ListOnDemandResourceRatings", false,
		rt_rate_on_demand },
	{ "POST", "/v2/bills/ratings/period-resources/subscribe-rate", "ListRateOnPeriodDetail", false,
		rt_rate_period },
	{ "GET", "/v2/accounts/customer-accounts/balances", "ShowCustomerAccountBalances", false,
		rt_show_balances },
	{ "GET", "/v2/promotions/benefits/coupons", "ListSubCustomerCoupons", false, rt_list_coupons },
	{ "GET", "/v2/orders/customer-orders", "ListCustomerOrders", false, rt_list_orders },
	{ "GET", "/v2/orders/customer-orders/details/{id}", "ShowCustomerOrderDetails", false,
		rt_show_order },
	{ "GET", "/v2/orders/customer-orders/order-coupons", "ListOrderCouponsByOrderId", false,
		rt_list_order_coupons },
	{ "GET", "/v2/orders/customer-orders/order-discounts", "ListOrderDiscounts", false,
		rt_list_order_discounts },
	{ "POST", "/v3/orders/customer-orders/pay", "PayOrders", true, rt_pay_orders },
	{ "PUT", "/v2/orders/customer-orders/cancel", "CancelCustomerOrder", true, rt_cancel_order },
	{ "GET", "/v2/orders/customer-orders/refund-orders", "ShowRefundOrderDetails", false,
		rt_show_refund_order },
	{ "POST", "/v2/orders/suscriptions/resources/query", "ListPayPerUseCustomerResources", false,
		rt_list_resources },
	{ "POST", "/v2/orders/subscriptions/resources/renew", "RenewalResources", true,
		rt_renew_resources },
	{ "POST", "/v2/orders/subscriptions/resources/unsubscribe", "CancelResourcesSubscription", true,
		rt_unsubscribe_resources },
	{ "POST", "/v2/orders/subscriptions/resources/autorenew/{id}", "AutoRenewalResources", true,
		rt_autorenew_on },
	{ "DELETE", "/v2/orders/subscriptions/resources/autorenew/{id}", "CancelAutoRenewalResources",
		true, rt_autorenew_off },
	{ "POST", "/v2/orders/subscriptions/resources/to-on-demand", "UpdatePeriodToOnDemand", true,
		rt_to_on_demand },
	{ "POST", "/v3/payments/free-resources/query", "ListFreeResourceInfos", false, rt_list_packages },
	{ "POST", "/v2/payments/free-resources/usages/details/query", "ListFreeResourceUsages", false,
		rt_list_package_usages },
	{ "GET", "/v2/bills/customer-bills/free-resources-usage-records", "ListFreeResourcesUsageRecords",
		false, rt_list_usage_records },
	{ "GET", "/v2/bills/customer-bills/monthly-sum", "ShowCustomerMonthlySum", false,
		rt_monthly_sum },
	{ "POST", "/v2/bills/customer-bills/res-records/query", "ListCustomerselfResourceRecordDetails",
		false, rt_res_records },
	{ "GET", "/v2/bills/customer-bills/res-fee-records", "ListCustomerselfResourceRecords", false,
		rt_res_fee_records },
	{ "POST", "/v4/costs/cost-analysed-bills/query", "ListCosts", false, rt_list_costs },
	{ NULL, NULL, NULL, false, NULL },
};

/* ------------------------------------------------------------------ query parameters */

/* Strict decimal integer: digits with an optional sign, nothing else. */
static int
parse_long(const char *s, long *out)
{
	char *end;
	long v;

	if (s == NULL || *s == '\0' || (*s != '-' && *s != '+' && (*s < '0' || *s > '9')))
		return -1;
	errno = 0;
	v = strtol(s, &end, 10);
	if (errno != 0 || *end != '\0')
		return -1;
	*out = v;
	return 0;
}

int
rt_query_int(const struct sim_request *req, struct sim_response *resp, const char *name,
    long min, long max, long def, long *out)
{
	const char *v = sim_query_get(req, name);

	if (v == NULL) {
		*out = def;
		return 0;
	}
	if (parse_long(v, out) != 0 || *out < min || *out > max) {
		sim_error(resp, 400, RT_BAD, "Invalid parameter: %s must be an integer from %ld to %ld",
		    name, min, max);
		return -1;
	}
	return 0;
}

int
rt_query_page(const struct sim_request *req, struct sim_response *resp, long limit_max,
    long offset_max, long *offset, long *limit)
{
	if (rt_query_int(req, resp, "offset", 0, offset_max, 0, offset) != 0 ||
	    rt_query_int(req, resp, "limit", 1, limit_max, 10, limit) != 0)
		return -1;
	return 0;
}

int
rt_query_required(const struct sim_request *req, struct sim_response *resp, const char *name,
    const char **out)
{
	*out = sim_query_get(req, name);
	if (*out == NULL || **out == '\0') {
		sim_error(resp, 400, RT_BAD, "Invalid parameter: %s is required", name);
		return -1;
	}
	return 0;
}

int
rt_partner_only(const struct sim_request *req, struct sim_response *resp, const char *name)
{
	const char *v = sim_query_get(req, name);

	if (v != NULL && *v != '\0') {
		sim_error(resp, 403, "CBC.0151",
		    "Access denied: %s is for partners; a customer account cannot send it", name);
		return -1;
	}
	return 0;
}

/* ------------------------------------------------------------------ JSON bodies */

cJSON *
rt_body(const struct sim_request *req, struct sim_response *resp, bool optional)
{
	cJSON *body;

	if (req->body == NULL || req->body_len == 0) {
		if (optional)
			return cJSON_CreateObject();
		sim_error(resp, 400, RT_BAD, "The request body is missing; send a JSON object ({} when "
		    "every field is optional)");
		return NULL;
	}
	if (req->content_type == NULL || strncasecmp(req->content_type, "application/json", 16) != 0) {
		sim_error(resp, 400, RT_BAD, "Content-Type must be application/json");
		return NULL;
	}
	body = cJSON_ParseWithLength(req->body, req->body_len);
	if (body == NULL || !cJSON_IsObject(body)) {
		cJSON_Delete(body);
		sim_error(resp, 400, RT_BAD, "The request body is not a JSON object");
		return NULL;
	}
	return body;
}

/* A field, or NULL when absent or JSON null. */
static const cJSON *
field(const cJSON *body, const char *name)
{
	const cJSON *f = cJSON_GetObjectItemCaseSensitive(body, name);

	return f == NULL || cJSON_IsNull(f) ? NULL : f;
}

static bool
integral(const cJSON *f, long *out)
{
	double d;

	if (!cJSON_IsNumber(f))
		return false;
	d = f->valuedouble;
	/* (double)LONG_MAX rounds up to 2^63, which is already out of range. */
	if (d != d || d < (double)LONG_MIN || d >= -(double)LONG_MIN || d != (double)(long)d)
		return false;
	*out = (long)d;
	return true;
}

int
rt_json_int(const cJSON *body, struct sim_response *resp, const char *name, long min, long max,
    long def, long *out)
{
	const cJSON *f = field(body, name);

	if (f == NULL) {
		*out = def;
		return 0;
	}
	if (!integral(f, out) || *out < min || *out > max) {
		sim_error(resp, 400, RT_BAD, "Invalid parameter: %s must be an integer from %ld to %ld",
		    name, min, max);
		return -1;
	}
	return 0;
}

int
rt_json_str(const cJSON *body, struct sim_response *resp, const char *name, size_t maxlen,
    const char **out)
{
	const cJSON *f = field(body, name);

	*out = NULL;
	if (f == NULL)
		return 0;
	if (!cJSON_IsString(f) || strlen(f->valuestring) > maxlen) {
		sim_error(resp, 400, RT_BAD, "Invalid parameter: %s must be a string of at most %zu "
		    "characters", name, maxlen);
		return -1;
	}
	*out = f->valuestring;
	return 0;
}

int
rt_json_str_req(const cJSON *body, struct sim_response *resp, const char *name, size_t maxlen,
    const char **out)
{
	if (rt_json_str(body, resp, name, maxlen, out) != 0)
		return -1;
	if (*out == NULL || **out == '\0') {
		sim_error(resp, 400, RT_BAD, "Invalid parameter: %s is required", name);
		return -1;
	}
	return 0;
}

int
rt_json_ids(const cJSON *body, struct sim_response *resp, const char *name, bool required,
    size_t min, size_t max, const char ***out, size_t *n)
{
	const cJSON *f = field(body, name), *e;
	size_t count, i = 0;

	*out = NULL;
	*n = 0;
	if (f == NULL) {
		if (!required)
			return 0;
		sim_error(resp, 400, RT_BAD, "Invalid parameter: %s is required", name);
		return -1;
	}
	count = cJSON_IsArray(f) ? (size_t)cJSON_GetArraySize(f) : 0;
	if (!cJSON_IsArray(f) || count < min || (max != 0 && count > max)) {
		if (max != 0)
			sim_error(resp, 400, RT_BAD, "Invalid parameter: %s must list %zu to %zu IDs", name,
			    min, max);
		else
			sim_error(resp, 400, RT_BAD, "Invalid parameter: %s must be an array", name);
		return -1;
	}
	if (count == 0)
		return 0;
	*out = xcalloc(count, sizeof(**out));
	cJSON_ArrayForEach(e, f) {
		if (!cJSON_IsString(e) || e->valuestring[0] == '\0' || strlen(e->valuestring) > 64) {
			free(*out);
			*out = NULL;
			sim_error(resp, 400, RT_BAD, "Invalid parameter: %s[%zu] must be an ID of 1 to 64 "
			    "characters", name, i);
			return -1;
		}
		(*out)[i++] = e->valuestring;
	}
	*n = count;
	return 0;
}

int
rt_json_page(const cJSON *body, struct sim_response *resp, long limit_max, long offset_max,
    long *offset, long *limit)
{
	if (rt_json_int(body, resp, "offset", 0, offset_max, 0, offset) != 0 ||
	    rt_json_int(body, resp, "limit", 1, limit_max, 10, limit) != 0)
		return -1;
	return 0;
}

/* ------------------------------------------------------------------ pages */

void
rt_page_begin(struct rt_page *p, long offset, long limit, const char *items_field)
{
	p->offset = offset;
	p->limit = limit;
	p->total = 0;
	p->root = cJSON_CreateObject();
	p->items = cJSON_AddArrayToObject(p->root, items_field);
}

bool
rt_page_take(struct rt_page *p)
{
	long at = p->total++;

	return at >= p->offset && at < p->offset + p->limit;
}

void
rt_page_send(struct rt_page *p, const char *total_field, struct sim_response *resp)
{
	rt_int(p->root, total_field, p->total);
	rt_send(resp, 200, p->root);
	p->root = p->items = NULL;
}

/* ------------------------------------------------------------------ answers */

void
rt_send(struct sim_response *resp, int status, cJSON *root)
{
	char *text = cJSON_PrintUnformatted(root);

	cJSON_Delete(root);
	if (text == NULL)
		die("bsssim: out of memory printing a response");
	resp->status = status;
	resp->body = text;
}

void
rt_no_content(struct sim_response *resp)
{
	resp->status = 204;
	resp->body = NULL;
}

void
rt_money(cJSON *o, const char *name, money_t m)
{
	char buf[MONEY_BUFSZ];

	cJSON_AddItemToObject(o, name, cJSON_CreateRaw(money_format_plain(m, buf, sizeof(buf))));
}

void
rt_money_str(cJSON *o, const char *name, money_t m)
{
	char buf[MONEY_BUFSZ];

	cJSON_AddStringToObject(o, name, money_format_plain(m, buf, sizeof(buf)));
}

void
rt_int(cJSON *o, const char *name, long v)
{
	cJSON_AddNumberToObject(o, name, (double)v);
}

void
rt_str(cJSON *o, const char *name, const char *s)
{
	cJSON_AddStringToObject(o, name, s != NULL ? s : "");
}

void
rt_time(cJSON *o, const char *name, time_t t)
{
	char buf[TIME_ISO_BUFSZ];

	if (t != 0)
		cJSON_AddStringToObject(o, name, time_format_iso(t, buf));
}

void
rt_refuse(struct sim_response *resp, const struct st_err *err)
{
	sim_error(resp, err->status, err->code, "%s", err->msg);
}

/* ------------------------------------------------------------------ shared views */

const char *
rt_service_name(int service, enum cat_lang lang)
{
	return cat_pick(lang, cat_services[service].name_zh, cat_services[service].name_en);
}

const char *
rt_rtype_name(int rtype, enum cat_lang lang)
{
	return cat_pick(lang, cat_rtypes[rtype].name_zh, cat_rtypes[rtype].name_en);
}

void
rt_spec_desc(const struct sim_resource *r, int spec, enum cat_lang lang, char *buf, size_t n)
{
	const struct cat_spec *s = &cat_specs[spec];
	const char *d = cat_pick(lang, s->desc_zh, s->desc_en);

	if (s->size_measure_id != 0 && r != NULL && r->spec_size > 0)
		snprintf(buf, n, "%s | %d%s", d, (int)r->spec_size, s->size_measure_id == 15 ? "Mbps" : "GB");
	else
		snprintf(buf, n, "%s", d);
}

cJSON *
rt_ep(const struct sim_state *st, int ep)
{
	cJSON *o = cJSON_CreateObject();

	rt_str(o, "id", st->eps[ep].id);
	rt_str(o, "name", st->eps[ep].name);
	return o;
}

int
rt_parse_cycle(const char *s)
{
	time_t t;

	if (s == NULL || time_parse_month(s, &t) != 0)
		return -1;
	return st_month_of_day(st_day_of(t));
}

int
rt_parse_day(const char *s)
{
	time_t t;

	if (s == NULL || time_parse_date(s, &t) != 0)
		return -1;
	return st_day_of(t);
}

bool
rt_eq(const char *a, const char *b)
{
	return a != NULL && b != NULL && strcasecmp(a, b) == 0;
}
