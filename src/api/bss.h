/*
 * bss: one asynchronous function per BSS operation of bss-api.md (all 30).
 *
 * Each takes a typed parameter struct, builds the request exactly as the
 * sheet says (method, /v2 /v3 /v4 path with the `suscriptions` typo, query
 * names, body field names and JSON types, X-Language casing), sends it
 * through api/http with the operation name as the rate-limit key, and calls
 * back once with the parsed model (api/model.h) or a typed error
 * (api/errors.h). Reads are marked idempotent (GET, the read-only
 * POST .../query calls and the two ratings) so http may retry them; the seven
 * writes are sent at most once.
 *
 * Parameter conventions:
 *   - a string that is NULL is not sent; "" is sent (some filters treat ""
 *     as a value, bss-api.md 3.1);
 *   - struct bss_opt_int / bss_opt_bool fields are sent only when .set
 *     (BSS_INT(5), BSS_BOOL(true)); plain int32_t fields are required and
 *     always sent;
 *   - an array with n == 0 is not sent;
 *   - amounts are money_t and go out as exact decimal JSON numbers.
 * Documented limits (page sizes, id counts, enumerations' ranges, required
 * fields) are checked before sending: a violation completes the call with
 * BSS_ERR_INVALID and nothing goes on the wire.
 *
 * Parameter structs and everything they point to are only read during the
 * call that receives them; they may be freed as soon as it returns.
 *
 * Not thread-safe: use on the loop's thread, like api/http.
 */
#ifndef BSS_API_BSS_H
#define BSS_API_BSS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <uv.h>

#include "api/errors.h"
#include "api/http.h"
#include "api/model.h"
#include "util/money.h"

struct bss_opt_int {
	bool set;
	int32_t v;
};

struct bss_opt_bool {
	bool set;
	bool v;
};

#define BSS_INT(x) ((struct bss_opt_int){ true, (x) })
#define BSS_BOOL(x) ((struct bss_opt_bool){ true, (x) })

/* ---- parameters, in bss-api.md order ---------------------------------- */

struct bss_list_service_types_params {        /* 6.1 */
	struct bss_opt_int limit;                  /* 1..1000 */
	struct bss_opt_int offset;                 /* record offset */
	const char *service_type_name;             /* fuzzy */
};

struct bss_list_resource_types_params {       /* 6.2 */
	struct bss_opt_int limit;                  /* 1..1000 */
	struct bss_opt_int offset;
};

struct bss_list_service_resources_params {    /* 6.3 */
	const char *service_type_code;             /* required */
	struct bss_opt_int limit;                  /* 1..100 */
	struct bss_opt_int offset;
};

struct bss_list_usage_types_params {          /* 6.4 */
	const char *resource_type_code;
	struct bss_opt_int offset;
	struct bss_opt_int limit;                  /* 1..100 */
};

struct bss_list_conversions_params {          /* 6.6 */
	struct bss_opt_int measure_type;
};

struct bss_demand_product {                   /* 6.7 DemandProductInfo */
	const char *id;                            /* caller's id, echoed in the result */
	const char *cloud_service_type;
	const char *resource_type;
	const char *resource_spec;
	const char *region;
	const char *available_zone;
	struct bss_opt_int resource_size;          /* linear products */
	struct bss_opt_int size_measure_id;
	const char *usage_factor;                  /* "Duration", "upflow" */
	money_t usage_value;
	int32_t usage_measure_id;                  /* 4 = hour */
	int32_t subscription_num;                  /* 1..10000 */
};

struct bss_list_on_demand_resource_ratings_params {  /* 6.7 */
	const char *project_id;                    /* required */
	struct bss_opt_int inquiry_precision;      /* 0..1 */
	const struct bss_demand_product *product_infos;  /* required, >= 1 */
	size_t n_product_infos;
};

struct bss_period_product {                   /* 6.8 PeriodProductInfo */
	const char *id;
	const char *cloud_service_type;
	const char *resource_type;
	const char *resource_spec;
	const char *region;
	const char *available_zone;
	struct bss_opt_int resource_size;
	struct bss_opt_int size_measure_id;
	int32_t period_type;                       /* 0 day, 2 month, 3 year, 4 hour */
	int32_t period_num;
	int32_t subscription_num;
	const char *fee_installment_mode;          /* HALF_PAY, ZERO_PAY, NA (CN CloudPond) */
};

struct bss_list_rate_on_period_detail_params {      /* 6.8 */
	const char *project_id;
	const struct bss_period_product *product_infos;
	size_t n_product_infos;
};

struct bss_list_sub_customer_coupons_params {        /* 6.10 */
	const char *coupon_id;
	const char *order_id;
	const char *promotion_plan_id;
	struct bss_opt_int coupon_type;            /* 1..4 */
	struct bss_opt_int status;                 /* 1..5 */
	const char *active_start_time;
	const char *active_end_time;
	struct bss_opt_int offset;
	struct bss_opt_int limit;                  /* 1..100 */
	const char *source_id;
	const char *indirect_partner_id;           /* partners only */
};

struct bss_list_customer_orders_params {      /* 6.11 */
	const char *order_id;
	const char *customer_id;
	const char *create_time_begin;
	const char *create_time_end;
	const char *service_type_code;
	struct bss_opt_int status;                 /* 1..9 */
	const char *order_type;                    /* a string on the wire: "1", "2", ... */
	struct bss_opt_int limit;                  /* 1..100 */
	struct bss_opt_int offset;
	const char *order_by;                      /* "createTime", "-createTime" */
	const char *payment_time_begin;
	const char *payment_time_end;
	const char *indirect_partner_id;
	const char *method;                        /* "oneself", "sub_customer" */
};

struct bss_show_customer_order_details_params {      /* 6.12 */
	const char *order_id;                      /* required; in the path */
	struct bss_opt_int limit;                  /* 1..100, pages the line items */
	struct bss_opt_int offset;
	const char *indirect_partner_id;
};

struct bss_order_id_params {                  /* 6.13, 6.14, 6.16 */
	const char *order_id;                      /* required */
};

struct bss_coupon_choice {                    /* 6.15 CouponSimpleInfoOrderPayV3 */
	const char *id;
	/* 300 discount coupon, 301 cash coupon, 302 flexi-purchase coupon, 303 stored-value card */
	int32_t type;
};

struct bss_discount_choice {                  /* 6.15 DiscountSimpleInfoV3 */
	const char *id;
	int32_t type;                              /* 0 promotion, 2 commercial, 3 partner, 609 */
};

/*
 * 6.15. use_coupon / use_discount are derived: "YES" exactly when coupons /
 * a discount are given, so they can never disagree with the lists.
 */
struct bss_pay_orders_params {
	const char *order_id;
	const struct bss_coupon_choice *coupon_infos;     /* at most 3 */
	size_t n_coupon_infos;
	const struct bss_discount_choice *discount_infos; /* at most 1 */
	size_t n_discount_infos;
};

struct bss_show_refund_order_details_params {        /* 6.17 */
	const char *order_id;                      /* required */
	const char *customer_id;
	const char *indirect_partner_id;
};

struct bss_list_pay_per_use_customer_resources_params {  /* 6.18 */
	const char *const *resource_ids;           /* at most 50 */
	size_t n_resource_ids;
	const char *order_id;
	struct bss_opt_int only_main_resource;     /* 0..1 */
	const int32_t *status_list;                /* 2 in use, 3 closed, 4 frozen, 5 expired */
	size_t n_status_list;
	struct bss_opt_int offset;
	struct bss_opt_int limit;                  /* 1..500 */
	const char *expire_time_begin;
	const char *expire_time_end;
	const char *service_type_code;
	const char *customer_id;
};

struct bss_renewal_resources_params {         /* 6.19 */
	const char *const *resource_ids;           /* primary resources, 1..10 */
	size_t n_resource_ids;
	int32_t period_type;                       /* 2 month, 3 year */
	int32_t period_num;                        /* months 1..11, years 1..3 */
	struct bss_opt_int is_auto_pay;            /* 0 leave the order unpaid (default), 1 pay */
};

struct bss_cancel_resources_subscription_params {    /* 6.20 */
	const char *const *resource_ids;           /* primary resources, 1..10 */
	size_t n_resource_ids;
	int32_t unsubscribe_type;                  /* 1 resource and renewals, 2 renewals only */
	struct bss_opt_int unsubscribe_reason_type;  /* 1..5 */
	const char *unsubscribe_reason;
};

struct bss_auto_renewal_resources_params {    /* 6.21 */
	const char *resource_id;                   /* required; in the path */
	struct bss_opt_int auto_renew_times;       /* 0..99, 0 = unlimited */
};

struct bss_resource_id_params {               /* 6.22 */
	const char *resource_id;                   /* required; in the path */
};

struct bss_update_period_to_on_demand_params {       /* 6.23 */
	const char *operation;                     /* "SET_UP" or "CANCEL" */
	const char *const *resource_ids;           /* 1..100 */
	size_t n_resource_ids;
};

struct bss_list_free_resource_infos_params {  /* 6.24 */
	const char *region_code;
	const char *order_id;
	const char *product_id;
	const char *product_name;
	const char *enterprise_project_id;
	struct bss_opt_int status;                 /* 0..4 */
	struct bss_opt_int offset;                 /* 0..999999 */
	struct bss_opt_int limit;                  /* 1..1000 */
	const char *const *service_type_code_list; /* at most 10 */
	size_t n_service_type_code_list;
};

struct bss_list_free_resource_usages_params { /* 6.25 */
	const char *const *free_resource_ids;      /* 1..100 */
	size_t n_free_resource_ids;
};

struct bss_list_free_resources_usage_records_params {  /* 6.26 */
	const char *free_resource_id;
	const char *product_id;
	const char *resource_type_code;
	const char *deduct_time_begin;             /* required, YYYY-MM-DD */
	const char *deduct_time_end;               /* required; window <= 90 days */
	struct bss_opt_int offset;
	struct bss_opt_int limit;                  /* 1..1000 */
};

struct bss_show_customer_monthly_sum_params { /* 6.27 */
	const char *bill_cycle;                    /* required, YYYY-MM */
	const char *service_type_code;
	const char *enterprise_project_id;
	struct bss_opt_int offset;
	struct bss_opt_int limit;                  /* 1..1000 */
	const char *method;                        /* "oneself", "sub_customer", "all" */
	const char *sub_customer_id;
};

struct bss_list_customerself_resource_record_details_params {  /* 6.28 */
	const char *cycle;                         /* required, YYYY-MM */
	const char *cloud_service_type;
	const char *resource_type;
	const char *region;
	const char *res_instance_id;
	struct bss_opt_int charge_mode;            /* an integer here: 1, 3, 10, 11 */
	struct bss_opt_int bill_type;              /* 1..127 */
	const char *enterprise_project_id;
	struct bss_opt_bool include_zero_record;
	struct bss_opt_int offset;
	struct bss_opt_int limit;                  /* 1..1000 */
	const char *method;
	const char *sub_customer_id;
	struct bss_opt_int statistic_type;         /* 1 cycle, 2 day, 3 detail */
	const char *query_type;                    /* "BILLCYCLE", "DAILY" */
	const char *bill_cycle_begin;
	const char *bill_cycle_end;
	const char *payer_account_id;
};

struct bss_list_customerself_resource_records_params {  /* 6.29 */
	const char *cycle;                         /* required, YYYY-MM */
	const char *cloud_service_type;
	const char *region;
	const char *charge_mode;                   /* a string here: "1", "3", "10", "11" */
	struct bss_opt_int bill_type;              /* 0..127 */
	struct bss_opt_int offset;
	struct bss_opt_int limit;                  /* 1..1000 */
	const char *resource_id;
	const char *enterprise_project_id;
	struct bss_opt_bool include_zero_record;
	const char *method;
	const char *sub_customer_id;
	const char *trade_id;
	const char *bill_date_begin;
	const char *bill_date_end;
	struct bss_opt_int statistic_type;         /* 1 cycle, 3 detail */
};

struct bss_time_condition {                   /* 6.30 TimeCondition */
	int32_t time_measure_id;                   /* 1 day, 2 month */
	const char *begin_time;                    /* YYYY-MM-DD or YYYY-MM */
	const char *end_time;
};

struct bss_group_by {                         /* 6.30 GroupBy */
	const char *type;                          /* "dimension", "tag", "cost_unit" */
	const char *key;                           /* CLOUD_SERVICE_TYPE, ... */
};

struct bss_filter_factor {
	const char *key;
	const char *const *value;
	size_t n_value;
};

struct bss_cost_filter {                      /* 6.30 FilterV2 */
	int32_t operator;                          /* 0 include, 1 exclude */
	struct bss_filter_factor filter_factor;
};

struct bss_list_costs_params {                /* 6.30 */
	struct bss_time_condition time_condition;
	const struct bss_group_by *groupby;        /* required, >= 1 */
	size_t n_groupby;
	const char *cost_type;                     /* "ORIGINAL_COST", "AMORTIZED_COST" */
	const char *amount_type;                   /* "PAYMENT_AMOUNT", "NET_AMOUNT" */
	struct bss_opt_int offset;                 /* 0..200000 */
	struct bss_opt_int limit;                  /* 1..1000 */
	const struct bss_cost_filter *filters;
	size_t n_filters;
};

/* ---- requests (pure: no network) --------------------------------------- */

/* X-Language for the operations that document it. */
enum bss_language {
	BSS_LANG_DEFAULT,   /* not sent: the server's default (Chinese on the CN site) */
	BSS_LANG_ZH,        /* zh_CN (zh_cn where the sheet says lower case) */
	BSS_LANG_EN,        /* en_US (en_us) */
};

/*
 * A built request: `http` is ready for http_send(). Owns every string it
 * points to; free with bss_request_free().
 */
struct bss_request {
	struct http_request http;
	enum model_op op;
	struct arena *arena;     /* private */
};

/*
 * Builds op's request from params, which must point to op's parameter struct
 * (NULL for ShowCustomerAccountBalances and ListMeasureUnits, which take
 * none). Returns 0 and *out, or -1 and *err (BSS_ERR_INVALID naming the
 * parameter and the broken limit). The ids of 6.13/6.14/6.16 use
 * bss_order_id_params, 6.22 bss_resource_id_params.
 */
int bss_request_build(enum model_op op, const void *params, enum bss_language lang,
    struct bss_request **out, struct bss_error **err);
void bss_request_free(struct bss_request *r);

/* ---- calls ------------------------------------------------------------- */

struct bss_client;

/*
 * The outcome of one call: exactly one of result and err is non-NULL, and
 * the callback owns it (model_free() / bss_error_free()). For the 204
 * operations the result is a model without a view. Batch writes whose every
 * item failed (no order created) come back as an error carrying the items;
 * partial failures come back as the result, whose fail_resource_infos /
 * error_details list them. Runs on the loop, never inside the call that
 * started it; it may start or cancel other calls.
 */
typedef void (*bss_done_cb)(struct model *result, struct bss_error *err, void *ud);

/*
 * A client on loop, sending through http (both must outlive it). lang picks
 * X-Language for the operations that document it.
 */
struct bss_client *bss_client_new(uv_loop_t *loop, struct http_client *http,
    enum bss_language lang);
/*
 * Cancels every pending call (their callbacks run with BSS_ERR_CANCELLED
 * before this returns) and frees the client. Call it before
 * http_client_free(), and run the loop afterwards as http requires: a call
 * refused before sending may leave a closing timer to release. NULL is fine.
 */
void bss_client_free(struct bss_client *c);

/*
 * Every function returns the call's id (never 0) for bss_cancel(). The
 * callback always runs later, even when the parameters are refused.
 */
uint64_t bss_list_service_types(struct bss_client *c,
    const struct bss_list_service_types_params *p, bss_done_cb cb, void *ud);
uint64_t bss_list_resource_types(struct bss_client *c,
    const struct bss_list_resource_types_params *p, bss_done_cb cb, void *ud);
uint64_t bss_list_service_resources(struct bss_client *c,
    const struct bss_list_service_resources_params *p, bss_done_cb cb, void *ud);
uint64_t bss_list_usage_types(struct bss_client *c,
    const struct bss_list_usage_types_params *p, bss_done_cb cb, void *ud);
uint64_t bss_list_measure_units(struct bss_client *c, bss_done_cb cb, void *ud);
uint64_t bss_list_conversions(struct bss_client *c,
    const struct bss_list_conversions_params *p, bss_done_cb cb, void *ud);
uint64_t bss_list_on_demand_resource_ratings(struct bss_client *c,
    const struct bss_list_on_demand_resource_ratings_params *p, bss_done_cb cb, void *ud);
uint64_t bss_list_rate_on_period_detail(struct bss_client *c,
    const struct bss_list_rate_on_period_detail_params *p, bss_done_cb cb, void *ud);
uint64_t bss_show_customer_account_balances(struct bss_client *c, bss_done_cb cb, void *ud);
uint64_t bss_list_sub_customer_coupons(struct bss_client *c,
    const struct bss_list_sub_customer_coupons_params *p, bss_done_cb cb, void *ud);
uint64_t bss_list_customer_orders(struct bss_client *c,
    const struct bss_list_customer_orders_params *p, bss_done_cb cb, void *ud);
uint64_t bss_show_customer_order_details(struct bss_client *c,
    const struct bss_show_customer_order_details_params *p, bss_done_cb cb, void *ud);
uint64_t bss_list_order_coupons_by_order_id(struct bss_client *c,
    const struct bss_order_id_params *p, bss_done_cb cb, void *ud);
uint64_t bss_list_order_discounts(struct bss_client *c,
    const struct bss_order_id_params *p, bss_done_cb cb, void *ud);
uint64_t bss_pay_orders(struct bss_client *c,
    const struct bss_pay_orders_params *p, bss_done_cb cb, void *ud);
uint64_t bss_cancel_customer_order(struct bss_client *c,
    const struct bss_order_id_params *p, bss_done_cb cb, void *ud);
uint64_t bss_show_refund_order_details(struct bss_client *c,
    const struct bss_show_refund_order_details_params *p, bss_done_cb cb, void *ud);
uint64_t bss_list_pay_per_use_customer_resources(struct bss_client *c,
    const struct bss_list_pay_per_use_customer_resources_params *p, bss_done_cb cb, void *ud);
uint64_t bss_renewal_resources(struct bss_client *c,
    const struct bss_renewal_resources_params *p, bss_done_cb cb, void *ud);
uint64_t bss_cancel_resources_subscription(struct bss_client *c,
    const struct bss_cancel_resources_subscription_params *p, bss_done_cb cb, void *ud);
uint64_t bss_auto_renewal_resources(struct bss_client *c,
    const struct bss_auto_renewal_resources_params *p, bss_done_cb cb, void *ud);
uint64_t bss_cancel_auto_renewal_resources(struct bss_client *c,
    const struct bss_resource_id_params *p, bss_done_cb cb, void *ud);
uint64_t bss_update_period_to_on_demand(struct bss_client *c,
    const struct bss_update_period_to_on_demand_params *p, bss_done_cb cb, void *ud);
uint64_t bss_list_free_resource_infos(struct bss_client *c,
    const struct bss_list_free_resource_infos_params *p, bss_done_cb cb, void *ud);
uint64_t bss_list_free_resource_usages(struct bss_client *c,
    const struct bss_list_free_resource_usages_params *p, bss_done_cb cb, void *ud);
uint64_t bss_list_free_resources_usage_records(struct bss_client *c,
    const struct bss_list_free_resources_usage_records_params *p, bss_done_cb cb, void *ud);
uint64_t bss_show_customer_monthly_sum(struct bss_client *c,
    const struct bss_show_customer_monthly_sum_params *p, bss_done_cb cb, void *ud);
uint64_t bss_list_customerself_resource_record_details(struct bss_client *c,
    const struct bss_list_customerself_resource_record_details_params *p, bss_done_cb cb,
    void *ud);
uint64_t bss_list_customerself_resource_records(struct bss_client *c,
    const struct bss_list_customerself_resource_records_params *p, bss_done_cb cb, void *ud);
uint64_t bss_list_costs(struct bss_client *c,
    const struct bss_list_costs_params *p, bss_done_cb cb, void *ud);

/* Any operation by its enum, params as for bss_request_build(). */
uint64_t bss_call(struct bss_client *c, enum model_op op, const void *params,
    bss_done_cb cb, void *ud);

/*
 * Every record of a paged list (model_op_is_paged()): fetches the first page
 * at params' offset (default 0) with params' limit (default: the largest the
 * operation allows), then, knowing the total, the remaining pages with at most
 * `concurrency` (>= 1) in flight, and calls back once with one model holding
 * all records in server order. Any failure fails the whole fetch with the
 * first error; the other pages are cancelled.
 */
uint64_t bss_fetch_all(struct bss_client *c, enum model_op op, const void *params,
    unsigned concurrency, bss_done_cb cb, void *ud);

/*
 * Cancels a pending call (single or fetch-all): its callback runs with
 * BSS_ERR_CANCELLED before this returns. Returns 0, or -1 when the id is
 * unknown or already completed.
 */
int bss_cancel(struct bss_client *c, uint64_t id);

/* Calls not yet called back. */
unsigned bss_pending(const struct bss_client *c);

#endif
