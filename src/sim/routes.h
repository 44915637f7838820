/*
 * routes: the 30 BSS operations of bss-api.md (sim_routes[] in routes.c) and
 * the helpers their handlers share.
 *
 * Handlers validate a request as bss-api.md documents it (required fields,
 * limits, enumerations, windows) and answer 400 CBC.0100 when it is not
 * well formed; the world's own refusals come from the state rules. Every
 * validating helper below returns 0, or -1 after it has set the error
 * response: the handler then returns at once. Values handed out (strings,
 * arrays) point into the request or its parsed body and live as long as
 * they do.
 */
#ifndef BSS_SIM_ROUTES_H
#define BSS_SIM_ROUTES_H

#include <cjson/cJSON.h>
#include <stdbool.h>
#include <stddef.h>

#include "sim/catalog.h"
#include "sim/sim.h"
#include "sim/state.h"

#define RT_BAD "CBC.0100"

/* --- query parameters --- */
/* An int32 parameter in [min, max]; def when absent. */
int rt_query_int(const struct sim_request *req, struct sim_response *resp, const char *name,
    long min, long max, long def, long *out);
/* offset (0..offset_max, default 0) and limit (1..limit_max, default 10). */
int rt_query_page(const struct sim_request *req, struct sim_response *resp, long limit_max,
    long offset_max, long *offset, long *limit);
/* A required, non-empty parameter. */
int rt_query_required(const struct sim_request *req, struct sim_response *resp,
    const char *name, const char **out);
/* Refuses parameters only partners may send (403 CBC.0151). */
int rt_partner_only(const struct sim_request *req, struct sim_response *resp, const char *name);

/* --- JSON bodies --- */
/*
 * The request body as a JSON object (caller frees with cJSON_Delete). An
 * empty body is an empty object when optional, else a 400; so is anything
 * that is not a JSON object or not sent as application/json.
 */
cJSON *rt_body(const struct sim_request *req, struct sim_response *resp, bool optional);
/* An int32 field in [min, max]; def when absent or null. */
int rt_json_int(const cJSON *body, struct sim_response *resp, const char *name, long min,
    long max, long def, long *out);
/* A string field of at most maxlen bytes; NULL when absent or null. */
int rt_json_str(const cJSON *body, struct sim_response *resp, const char *name, size_t maxlen,
    const char **out);
/* Same, but absent, null and "" are refused. */
int rt_json_str_req(const cJSON *body, struct sim_response *resp, const char *name,
    size_t maxlen, const char **out);
/*
 * An array of strings (each 1..64 bytes) with min..max entries (max 0: no
 * limit). Absent or null gives n = 0, refused when required. *out is a heap
 * array of pointers into body (free it; NULL when n = 0).
 */
int rt_json_ids(const cJSON *body, struct sim_response *resp, const char *name, bool required,
    size_t min, size_t max, const char ***out, size_t *n);
/* offset and limit in a body. */
int rt_json_page(const cJSON *body, struct sim_response *resp, long limit_max, long offset_max,
    long *offset, long *limit);

/* --- pages of a list answer --- */
/*
 * A list is walked in its order; every matching record is offered to
 * rt_page_take, which counts it and says whether it falls on the page.
 * rt_page_send adds the total under total_field and sends the answer.
 */
struct rt_page {
	long offset, limit, total;
	cJSON *root, *items;
};
void rt_page_begin(struct rt_page *p, long offset, long limit, const char *items_field);
bool rt_page_take(struct rt_page *p);
void rt_page_send(struct rt_page *p, const char *total_field, struct sim_response *resp);

/* --- answers --- */
/* Prints root into resp (status) and frees it. */
void rt_send(struct sim_response *resp, int status, cJSON *root);
void rt_no_content(struct sim_response *resp);
/* Amounts as exact JSON numbers, or as strings where the API sends strings. */
void rt_money(cJSON *o, const char *name, money_t m);
void rt_money_str(cJSON *o, const char *name, money_t m);
void rt_int(cJSON *o, const char *name, long v);
void rt_str(cJSON *o, const char *name, const char *s);
/* yyyy-MM-ddTHH:mm:ssZ; nothing when t is 0. */
void rt_time(cJSON *o, const char *name, time_t t);
/* Answers a rule's refusal. */
void rt_refuse(struct sim_response *resp, const struct st_err *err);

/* --- shared views of the world --- */
const char *rt_service_name(int service, enum cat_lang lang);
const char *rt_rtype_name(int rtype, enum cat_lang lang);
/* "General computing s6.large.2 ... | 200GB" for a resource. */
void rt_spec_desc(const struct sim_resource *r, int spec, enum cat_lang lang, char *buf,
    size_t n);
/* The enterprise_project object of a resource or order. */
cJSON *rt_ep(const struct sim_state *st, int ep);
/* Strict YYYY-MM (billing cycle) parsing into a month number; -1 when malformed. */
int rt_parse_cycle(const char *s);
/* Strict YYYY-MM-DD into a day number (UTC+8); -1 when malformed. */
int rt_parse_day(const char *s);
/* CouponInfoV2 of ListOrderCouponsByOrderId (routes_account.c). */
cJSON *rt_coupon_info(const struct sim_coupon *c, time_t now);
/* Case-insensitive equality, NULL-safe. */
bool rt_eq(const char *a, const char *b);

/* --- handlers, one per operation --- */
#define RT_DECLARE(name) void name(struct sim_state *st, const struct sim_request *req,        \
    struct sim_response *resp)
/*
 * Defines a handler. Every handler first brings the world to the request's
 * clock (sim_state_advance), so RT_HANDLER(name) { body } defines name as that
 * step followed by the body.
 */
#define RT_HANDLER(name)                                                                  \
	static void name##_body(struct sim_state *st, const struct sim_request *req,       \
	    struct sim_response *resp);                                                    \
	RT_DECLARE(name)                                                                   \
	{                                                                                  \
		sim_state_advance(st, req->now);                                           \
		name##_body(st, req, resp);                                                \
	}                                                                                  \
	static void name##_body(struct sim_state *st, const struct sim_request *req,       \
	    struct sim_response *resp)

/* routes_catalog.c: bss-api.md 6.1-6.8 */
RT_DECLARE(rt_list_service_types);
RT_DECLARE(rt_list_resource_types);
RT_DECLARE(rt_list_service_resources);
RT_DECLARE(rt_list_usage_types);
RT_DECLARE(rt_list_measure_units);
RT_DECLARE(rt_list_conversions);
RT_DECLARE(rt_rate_on_demand);
RT_DECLARE(rt_rate_period);
/* routes_account.c: 6.9, 6.10 */
RT_DECLARE(rt_show_balances);
RT_DECLARE(rt_list_coupons);
/* routes_orders.c: 6.11-6.17 */
RT_DECLARE(rt_list_orders);
RT_DECLARE(rt_show_order);
RT_DECLARE(rt_list_order_coupons);
RT_DECLARE(rt_list_order_discounts);
RT_DECLARE(rt_pay_orders);
RT_DECLARE(rt_cancel_order);
RT_DECLARE(rt_show_refund_order);
/* routes_resources.c: 6.18-6.23 */
RT_DECLARE(rt_list_resources);
RT_DECLARE(rt_renew_resources);
RT_DECLARE(rt_unsubscribe_resources);
RT_DECLARE(rt_autorenew_on);
RT_DECLARE(rt_autorenew_off);
RT_DECLARE(rt_to_on_demand);
/* routes_packages.c: 6.24-6.26 */
RT_DECLARE(rt_list_packages);
RT_DECLARE(rt_list_package_usages);
RT_DECLARE(rt_list_usage_records);
/* routes_bills.c: 6.27-6.30 */
RT_DECLARE(rt_monthly_sum);
RT_DECLARE(rt_res_records);
RT_DECLARE(rt_res_fee_records);
RT_DECLARE(rt_list_costs);

#endif
