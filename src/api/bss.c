#include "api/bss.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "util/arena.h"
#include "util/buf.h"
#include "util/xalloc.h"

/*
 * Requests are data too: a descriptor table per parameter struct says which
 * wire name each member has, where it goes (query, body, path), its JSON
 * type and its documented limits. One generic builder validates and emits.
 */
enum pkind {
	P_STR,       /* const char *: NULL = not sent */
	P_INT,       /* int32_t: required, always sent */
	P_OPT_INT,   /* struct bss_opt_int */
	P_OPT_BOOL,  /* struct bss_opt_bool */
	P_MONEY,     /* money_t: always sent, as an exact decimal number */
	P_STRS,      /* const char *const * + n_: array of strings */
	P_INTS,      /* const int32_t * + n_: array of integers */
	P_OBJS,      /* const T * + n_: array of objects */
	P_OBJ,       /* T by value: a nested object, always sent */
	P_YES_NO     /* "YES"/"NO" from whether the array counted at aux is non-empty */
};

enum where { IN_QUERY, IN_BODY, IN_PATH };

#define F_REQ 1u     /* strings: must be given; arrays: lo is the minimum count */
#define F_OFFSET 2u  /* the record offset a pager overrides */
#define F_LIMIT 4u   /* the page size a pager overrides */

struct pschema;

struct param {
	const char *name;
	unsigned char kind;
	unsigned char where;
	unsigned char flags;
	size_t off;
	size_t aux;                /* arrays: offset of the n_ count */
	int64_t lo, hi;            /* integers: range; arrays: count range (hi 0 = any) */
	const struct pschema *sub;
};

struct pschema {
	const struct param *p;
	size_t n;
	size_t size;
};

#define INT32_TOP 2147483647LL

#define STR(T, m, w) { #m, P_STR, w, 0, offsetof(T, m), 0, 0, 0, NULL }
#define REQ_STR(T, m, w) { #m, P_STR, w, F_REQ, offsetof(T, m), 0, 0, 0, NULL }
#define INT(T, m, lo, hi) { #m, P_INT, IN_BODY, 0, offsetof(T, m), 0, lo, hi, NULL }
#define OPT_INT(T, m, w, lo, hi) { #m, P_OPT_INT, w, 0, offsetof(T, m), 0, lo, hi, NULL }
#define OPT_BOOL(T, m, w) { #m, P_OPT_BOOL, w, 0, offsetof(T, m), 0, 0, 0, NULL }
#define OFFSET(T, w, hi) { "offset", P_OPT_INT, w, F_OFFSET, offsetof(T, offset), 0, 0, hi, NULL }
#define LIMIT(T, w, hi) { "limit", P_OPT_INT, w, F_LIMIT, offsetof(T, limit), 0, 1, hi, NULL }
#define STRS(T, m, flags, lo, hi) \
	{ #m, P_STRS, IN_BODY, flags, offsetof(T, m), offsetof(T, n_##m), lo, hi, NULL }
#define OBJS(T, m, flags, lo, hi, s) \
	{ #m, P_OBJS, IN_BODY, flags, offsetof(T, m), offsetof(T, n_##m), lo, hi, &s }
#define PSCHEMA(T, tbl) { tbl, sizeof(tbl) / sizeof(tbl[0]), sizeof(T) }
#define NO_PARAMS { NULL, 0, 0 }

/* ---- parameter tables (bss-api.md section 6, in its order) ------------- */

#define T struct bss_list_service_types_params
static const struct param service_types_p[] = {
	LIMIT(T, IN_QUERY, 1000),
	OFFSET(T, IN_QUERY, INT32_TOP),
	STR(T, service_type_name, IN_QUERY),
};
#undef T

#define T struct bss_list_resource_types_params
static const struct param resource_types_p[] = {
	LIMIT(T, IN_QUERY, 1000),
	OFFSET(T, IN_QUERY, INT32_TOP),
};
#undef T

#define T struct bss_list_service_resources_params
static const struct param service_resources_p[] = {
	REQ_STR(T, service_type_code, IN_QUERY),
	LIMIT(T, IN_QUERY, 100),
	OFFSET(T, IN_QUERY, INT32_TOP),
};
#undef T

#define T struct bss_list_usage_types_params
static const struct param usage_types_p[] = {
	STR(T, resource_type_code, IN_QUERY),
	OFFSET(T, IN_QUERY, INT32_TOP),
	LIMIT(T, IN_QUERY, 100),
};
#undef T

static const struct param conversions_p[] = {
	OPT_INT(struct bss_list_conversions_params, measure_type, IN_QUERY, 1, INT32_TOP),
};

/* The product identification and size shared by both rating requests. */
#define PRODUCT_PARAMS(T) \
	REQ_STR(T, id, IN_BODY), \
	REQ_STR(T, cloud_service_type, IN_BODY), \
	REQ_STR(T, resource_type, IN_BODY), \
	REQ_STR(T, resource_spec, IN_BODY), \
	REQ_STR(T, region, IN_BODY), \
	STR(T, available_zone, IN_BODY), \
	OPT_INT(T, resource_size, IN_BODY, 1, 214783647), \
	OPT_INT(T, size_measure_id, IN_BODY, 0, 214783647)

#define T struct bss_demand_product
static const struct param demand_product_p[] = {
	PRODUCT_PARAMS(T),
	REQ_STR(T, usage_factor, IN_BODY),
	{ "usage_value", P_MONEY, IN_BODY, 0, offsetof(T, usage_value), 0, 0, 0, NULL },
	INT(T, usage_measure_id, 0, 9999),
	INT(T, subscription_num, 1, 10000),
};
#undef T
static const struct pschema demand_product_s = PSCHEMA(struct bss_demand_product, demand_product_p);

#define T struct bss_list_on_demand_resource_ratings_params
static const struct param on_demand_p[] = {
	REQ_STR(T, project_id, IN_BODY),
	OPT_INT(T, inquiry_precision, IN_BODY, 0, 1),
	OBJS(T, product_infos, F_REQ, 1, 0, demand_product_s),
};
#undef T

#define T struct bss_period_product
static const struct param period_product_p[] = {
	PRODUCT_PARAMS(T),
	INT(T, period_type, 0, 4),
	INT(T, period_num, 1, 214783647),
	INT(T, subscription_num, 1, 10000),
	STR(T, fee_installment_mode, IN_BODY),
};
#undef T
static const struct pschema period_product_s = PSCHEMA(struct bss_period_product, period_product_p);

#define T struct bss_list_rate_on_period_detail_params
static const struct param period_rating_p[] = {
	REQ_STR(T, project_id, IN_BODY),
	OBJS(T, product_infos, F_REQ, 1, 0, period_product_s),
};
#undef T

#define T struct bss_list_sub_customer_coupons_params
static const struct param coupons_p[] = {
	STR(T, coupon_id, IN_QUERY),
	STR(T, order_id, IN_QUERY),
	STR(T, promotion_plan_id, IN_QUERY),
	OPT_INT(T, coupon_type, IN_QUERY, 1, 4),
	OPT_INT(T, status, IN_QUERY, 1, 5),
	STR(T, active_start_time, IN_QUERY),
	STR(T, active_end_time, IN_QUERY),
	OFFSET(T, IN_QUERY, INT32_TOP),
	LIMIT(T, IN_QUERY, 100),
	STR(T, source_id, IN_QUERY),
	STR(T, indirect_partner_id, IN_QUERY),
};
#undef T

#define T struct bss_list_customer_orders_params
static const struct param orders_p[] = {
	STR(T, order_id, IN_QUERY),
	STR(T, customer_id, IN_QUERY),
	STR(T, create_time_begin, IN_QUERY),
	STR(T, create_time_end, IN_QUERY),
	STR(T, service_type_code, IN_QUERY),
	OPT_INT(T, status, IN_QUERY, 1, 9),
	STR(T, order_type, IN_QUERY),
	LIMIT(T, IN_QUERY, 100),
	OFFSET(T, IN_QUERY, INT32_TOP),
	STR(T, order_by, IN_QUERY),
	STR(T, payment_time_begin, IN_QUERY),
	STR(T, payment_time_end, IN_QUERY),
	STR(T, indirect_partner_id, IN_QUERY),
	STR(T, method, IN_QUERY),
};
#undef T

#define T struct bss_show_customer_order_details_params
static const struct param order_details_p[] = {
	REQ_STR(T, order_id, IN_PATH),
	LIMIT(T, IN_QUERY, 100),
	OFFSET(T, IN_QUERY, INT32_TOP),
	STR(T, indirect_partner_id, IN_QUERY),
};
#undef T

static const struct param order_id_query_p[] = {
	REQ_STR(struct bss_order_id_params, order_id, IN_QUERY),
};

static const struct param order_id_body_p[] = {
	REQ_STR(struct bss_order_id_params, order_id, IN_BODY),
};

#define T struct bss_coupon_choice
static const struct param coupon_choice_p[] = {
	REQ_STR(T, id, IN_BODY),
	INT(T, type, 300, 303),
};
#undef T
static const struct pschema coupon_choice_s = PSCHEMA(struct bss_coupon_choice, coupon_choice_p);

#define T struct bss_discount_choice
static const struct param discount_choice_p[] = {
	REQ_STR(T, id, IN_BODY),
	INT(T, type, 0, 609),
};
#undef T
static const struct pschema discount_choice_s =
    PSCHEMA(struct bss_discount_choice, discount_choice_p);

#define T struct bss_pay_orders_params
static const struct param pay_orders_p[] = {
	REQ_STR(T, order_id, IN_BODY),
	{ "use_coupon", P_YES_NO, IN_BODY, 0, 0, offsetof(T, n_coupon_infos), 0, 0, NULL },
	{ "use_discount", P_YES_NO, IN_BODY, 0, 0, offsetof(T, n_discount_infos), 0, 0, NULL },
	OBJS(T, coupon_infos, 0, 0, 3, coupon_choice_s),
	OBJS(T, discount_infos, 0, 0, 1, discount_choice_s),
};
#undef T

#define T struct bss_show_refund_order_details_params
static const struct param refund_details_p[] = {
	REQ_STR(T, order_id, IN_QUERY),
	STR(T, customer_id, IN_QUERY),
	STR(T, indirect_partner_id, IN_QUERY),
};
#undef T

#define T struct bss_list_pay_per_use_customer_resources_params
static const struct param resources_p[] = {
	STRS(T, resource_ids, 0, 0, 50),
	STR(T, order_id, IN_BODY),
	OPT_INT(T, only_main_resource, IN_BODY, 0, 1),
	{ "status_list", P_INTS, IN_BODY, 0, offsetof(T, status_list), offsetof(T, n_status_list),
	  2, 5, NULL },
	OFFSET(T, IN_BODY, 2147483646LL),
	LIMIT(T, IN_BODY, 500),
	STR(T, expire_time_begin, IN_BODY),
	STR(T, expire_time_end, IN_BODY),
	STR(T, service_type_code, IN_BODY),
	STR(T, customer_id, IN_BODY),
};
#undef T

#define T struct bss_renewal_resources_params
static const struct param renewal_p[] = {
	STRS(T, resource_ids, F_REQ, 1, 10),
	INT(T, period_type, 2, 3),
	INT(T, period_num, 1, 11),
	OPT_INT(T, is_auto_pay, IN_BODY, 0, 1),
};
#undef T

#define T struct bss_cancel_resources_subscription_params
static const struct param unsubscribe_p[] = {
	STRS(T, resource_ids, F_REQ, 1, 10),
	INT(T, unsubscribe_type, 1, 2),
	OPT_INT(T, unsubscribe_reason_type, IN_BODY, 1, 5),
	STR(T, unsubscribe_reason, IN_BODY),
};
#undef T

#define T struct bss_auto_renewal_resources_params
static const struct param auto_renewal_p[] = {
	REQ_STR(T, resource_id, IN_PATH),
	OPT_INT(T, auto_renew_times, IN_BODY, 0, 99),
};
#undef T

static const struct param resource_id_path_p[] = {
	REQ_STR(struct bss_resource_id_params, resource_id, IN_PATH),
};

#define T struct bss_update_period_to_on_demand_params
static const struct param to_on_demand_p[] = {
	REQ_STR(T, operation, IN_BODY),
	STRS(T, resource_ids, F_REQ, 1, 100),
};
#undef T

#define T struct bss_list_free_resource_infos_params
static const struct param packages_p[] = {
	STR(T, region_code, IN_BODY),
	STR(T, order_id, IN_BODY),
	STR(T, product_id, IN_BODY),
	STR(T, product_name, IN_BODY),
	STR(T, enterprise_project_id, IN_BODY),
	OPT_INT(T, status, IN_BODY, 0, 4),
	OFFSET(T, IN_BODY, 999999),
	LIMIT(T, IN_BODY, 1000),
	STRS(T, service_type_code_list, 0, 0, 10),
};
#undef T

static const struct param package_usages_p[] = {
	STRS(struct bss_list_free_resource_usages_params, free_resource_ids, F_REQ, 1, 100),
};

#define T struct bss_list_free_resources_usage_records_params
static const struct param usage_records_p[] = {
	STR(T, free_resource_id, IN_QUERY),
	STR(T, product_id, IN_QUERY),
	STR(T, resource_type_code, IN_QUERY),
	REQ_STR(T, deduct_time_begin, IN_QUERY),
	REQ_STR(T, deduct_time_end, IN_QUERY),
	OFFSET(T, IN_QUERY, INT32_TOP),
	LIMIT(T, IN_QUERY, 1000),
};
#undef T

#define T struct bss_show_customer_monthly_sum_params
static const struct param monthly_sum_p[] = {
	REQ_STR(T, bill_cycle, IN_QUERY),
	STR(T, service_type_code, IN_QUERY),
	STR(T, enterprise_project_id, IN_QUERY),
	OFFSET(T, IN_QUERY, INT32_TOP),
	LIMIT(T, IN_QUERY, 1000),
	STR(T, method, IN_QUERY),
	STR(T, sub_customer_id, IN_QUERY),
};
#undef T

#define T struct bss_list_customerself_resource_record_details_params
static const struct param res_records_p[] = {
	REQ_STR(T, cycle, IN_BODY),
	STR(T, cloud_service_type, IN_BODY),
	STR(T, resource_type, IN_BODY),
	STR(T, region, IN_BODY),
	STR(T, res_instance_id, IN_BODY),
	OPT_INT(T, charge_mode, IN_BODY, 1, 11),
	OPT_INT(T, bill_type, IN_BODY, 1, 127),
	STR(T, enterprise_project_id, IN_BODY),
	OPT_BOOL(T, include_zero_record, IN_BODY),
	OFFSET(T, IN_BODY, INT32_TOP),
	LIMIT(T, IN_BODY, 1000),
	STR(T, method, IN_BODY),
	STR(T, sub_customer_id, IN_BODY),
	OPT_INT(T, statistic_type, IN_BODY, 1, 3),
	STR(T, query_type, IN_BODY),
	STR(T, bill_cycle_begin, IN_BODY),
	STR(T, bill_cycle_end, IN_BODY),
	STR(T, payer_account_id, IN_BODY),
};
#undef T

#define T struct bss_list_customerself_resource_records_params
static const struct param fee_records_p[] = {
	REQ_STR(T, cycle, IN_QUERY),
	STR(T, cloud_service_type, IN_QUERY),
	STR(T, region, IN_QUERY),
	STR(T, charge_mode, IN_QUERY),
	OPT_INT(T, bill_type, IN_QUERY, 0, 127),
	OFFSET(T, IN_QUERY, INT32_TOP),
	LIMIT(T, IN_QUERY, 1000),
	STR(T, resource_id, IN_QUERY),
	STR(T, enterprise_project_id, IN_QUERY),
	OPT_BOOL(T, include_zero_record, IN_QUERY),
	STR(T, method, IN_QUERY),
	STR(T, sub_customer_id, IN_QUERY),
	STR(T, trade_id, IN_QUERY),
	STR(T, bill_date_begin, IN_QUERY),
	STR(T, bill_date_end, IN_QUERY),
	OPT_INT(T, statistic_type, IN_QUERY, 1, 3),
};
#undef T

#define T struct bss_time_condition
static const struct param time_condition_p[] = {
	INT(T, time_measure_id, 1, 2),
	REQ_STR(T, begin_time, IN_BODY),
	REQ_STR(T, end_time, IN_BODY),
};
#undef T
static const struct pschema time_condition_s = PSCHEMA(struct bss_time_condition, time_condition_p);

#define T struct bss_group_by
static const struct param group_by_p[] = {
	REQ_STR(T, type, IN_BODY),
	REQ_STR(T, key, IN_BODY),
};
#undef T
static const struct pschema group_by_s = PSCHEMA(struct bss_group_by, group_by_p);

#define T struct bss_filter_factor
static const struct param filter_factor_p[] = {
	REQ_STR(T, key, IN_BODY),
	STRS(T, value, F_REQ, 1, 0),
};
#undef T
static const struct pschema filter_factor_s = PSCHEMA(struct bss_filter_factor, filter_factor_p);

#define T struct bss_cost_filter
static const struct param cost_filter_p[] = {
	INT(T, operator, 0, 1),
	{ "filter_factor", P_OBJ, IN_BODY, 0, offsetof(T, filter_factor), 0, 0, 0, &filter_factor_s },
};
#undef T
static const struct pschema cost_filter_s = PSCHEMA(struct bss_cost_filter, cost_filter_p);

#define T struct bss_list_costs_params
static const struct param costs_p[] = {
	{ "time_condition", P_OBJ, IN_BODY, 0, offsetof(T, time_condition), 0, 0, 0,
	  &time_condition_s },
	OBJS(T, groupby, F_REQ, 1, 0, group_by_s),
	REQ_STR(T, cost_type, IN_BODY),
	REQ_STR(T, amount_type, IN_BODY),
	OFFSET(T, IN_BODY, 200000),
	LIMIT(T, IN_BODY, 1000),
	OBJS(T, filters, 0, 0, 0, cost_filter_s),
};
#undef T

/* ---- operations -------------------------------------------------------- */

enum lang_style {
	LANG_NONE,   /* the operation documents no X-Language */
	LANG_STD,    /* zh_CN / en_US */
	LANG_LOWER   /* zh_cn / en_us (res-records, ListCosts) */
};

struct op_req {
	const char *method;
	const char *path;         /* {name} is a path parameter */
	unsigned char lang;
	bool idempotent;          /* reads only: lets http retry */
	struct pschema params;
};

#define READ(m, path, lang, T, tbl) { m, path, lang, true, PSCHEMA(T, tbl) }
#define WRITE(m, path, T, tbl) { m, path, LANG_NONE, false, PSCHEMA(T, tbl) }

static const struct op_req op_reqs[MODEL_OP_COUNT] = {
	[MODEL_OP_LIST_SERVICE_TYPES] = READ("GET", "/v2/products/service-types", LANG_STD,
	    struct bss_list_service_types_params, service_types_p),
	[MODEL_OP_LIST_RESOURCE_TYPES] = READ("GET", "/v2/products/resource-types", LANG_STD,
	    struct bss_list_resource_types_params, resource_types_p),
	[MODEL_OP_LIST_SERVICE_RESOURCES] = READ("GET", "/v2/products/service-resources", LANG_STD,
	    struct bss_list_service_resources_params, service_resources_p),
	[MODEL_OP_LIST_USAGE_TYPES] = READ("GET", "/v2/products/usage-types", LANG_STD,
	    struct bss_list_usage_types_params, usage_types_p),
	[MODEL_OP_LIST_MEASURE_UNITS] = { "GET", "/v2/bases/measurements", LANG_STD, true,
	    NO_PARAMS },
	[MODEL_OP_LIST_CONVERSIONS] = READ("GET", "/v2/bases/conversions", LANG_STD,
	    struct bss_list_conversions_params, conversions_p),
	[MODEL_OP_LIST_ON_DEMAND_RESOURCE_RATINGS] = READ("POST",
	    "/v2/bills/ratings/on-demand-resources", LANG_NONE,
	    struct bss_list_on_demand_resource_ratings_params, on_demand_p),
	[MODEL_OP_LIST_RATE_ON_PERIOD_DETAIL] = READ("POST",
	    "/v2/bills/ratings/period-resources/subscribe-rate", LANG_NONE,
	    struct bss_list_rate_on_period_detail_params, period_rating_p),
	[MODEL_OP_SHOW_CUSTOMER_ACCOUNT_BALANCES] = { "GET",
	    "/v2/accounts/customer-accounts/balances", LANG_NONE, true, NO_PARAMS },
	[MODEL_OP_LIST_SUB_CUSTOMER_COUPONS] = READ("GET", "/v2/promotions/benefits/coupons",
	    LANG_NONE, struct bss_list_sub_customer_coupons_params, coupons_p),
	[MODEL_OP_LIST_CUSTOMER_ORDERS] = READ("GET", "/v2/orders/customer-orders", LANG_NONE,
	    struct bss_list_customer_orders_params, orders_p),
	[MODEL_OP_SHOW_CUSTOMER_ORDER_DETAILS] = READ("GET",
	    "/v2/orders/customer-orders/details/{order_id}", LANG_STD,
	    struct bss_show_customer_order_details_params, order_details_p),
	[MODEL_OP_LIST_ORDER_COUPONS_BY_ORDER_ID] = READ("GET",
	    "/v2/orders/customer-orders/order-coupons", LANG_NONE, struct bss_order_id_params,
	    order_id_query_p),
	[MODEL_OP_LIST_ORDER_DISCOUNTS] = READ("GET", "/v2/orders/customer-orders/order-discounts",
	    LANG_NONE, struct bss_order_id_params, order_id_query_p),
	[MODEL_OP_PAY_ORDERS] = WRITE("POST", "/v3/orders/customer-orders/pay",
	    struct bss_pay_orders_params, pay_orders_p),
	[MODEL_OP_CANCEL_CUSTOMER_ORDER] = WRITE("PUT", "/v2/orders/customer-orders/cancel",
	    struct bss_order_id_params, order_id_body_p),
	[MODEL_OP_SHOW_REFUND_ORDER_DETAILS] = READ("GET", "/v2/orders/customer-orders/refund-orders",
	    LANG_NONE, struct bss_show_refund_order_details_params, refund_details_p),
	/* The "suscriptions" typo is the real path (bss-api.md 6.18). */
	[MODEL_OP_LIST_PAY_PER_USE_CUSTOMER_RESOURCES] = READ("POST",
	    "/v2/orders/suscriptions/resources/query", LANG_NONE,
	    struct bss_list_pay_per_use_customer_resources_params, resources_p),
	[MODEL_OP_RENEWAL_RESOURCES] = WRITE("POST", "/v2/orders/subscriptions/resources/renew",
	    struct bss_renewal_resources_params, renewal_p),
	[MODEL_OP_CANCEL_RESOURCES_SUBSCRIPTION] = WRITE("POST",
	    "/v2/orders/subscriptions/resources/unsubscribe",
	    struct bss_cancel_resources_subscription_params, unsubscribe_p),
	[MODEL_OP_AUTO_RENEWAL_RESOURCES] = WRITE("POST",
	    "/v2/orders/subscriptions/resources/autorenew/{resource_id}",
	    struct bss_auto_renewal_resources_params, auto_renewal_p),
	[MODEL_OP_CANCEL_AUTO_RENEWAL_RESOURCES] = WRITE("DELETE",
	    "/v2/orders/subscriptions/resources/autorenew/{resource_id}",
	    struct bss_resource_id_params, resource_id_path_p),
	[MODEL_OP_UPDATE_PERIOD_TO_ON_DEMAND] = WRITE("POST",
	    "/v2/orders/subscriptions/resources/to-on-demand",
	    struct bss_update_period_to_on_demand_params, to_on_demand_p),
	[MODEL_OP_LIST_FREE_RESOURCE_INFOS] = READ("POST", "/v3/payments/free-resources/query",
	    LANG_STD, struct bss_list_free_resource_infos_params, packages_p),
	[MODEL_OP_LIST_FREE_RESOURCE_USAGES] = READ("POST",
	    "/v2/payments/free-resources/usages/details/query", LANG_STD,
	    struct bss_list_free_resource_usages_params, package_usages_p),
	[MODEL_OP_LIST_FREE_RESOURCES_USAGE_RECORDS] = READ("GET",
	    "/v2/bills/customer-bills/free-resources-usage-records", LANG_NONE,
	    struct bss_list_free_resources_usage_records_params, usage_records_p),
	[MODEL_OP_SHOW_CUSTOMER_MONTHLY_SUM] = READ("GET", "/v2/bills/customer-bills/monthly-sum",
	    LANG_NONE, struct bss_show_customer_monthly_sum_params, monthly_sum_p),
	[MODEL_OP_LIST_CUSTOMERSELF_RESOURCE_RECORD_DETAILS] = READ("POST",
	    "/v2/bills/customer-bills/res-records/query", LANG_LOWER,
	    struct bss_list_customerself_resource_record_details_params, res_records_p),
	[MODEL_OP_LIST_CUSTOMERSELF_RESOURCE_RECORDS] = READ("GET",
	    "/v2/bills/customer-bills/res-fee-records", LANG_STD,
	    struct bss_list_customerself_resource_records_params, fee_records_p),
	[MODEL_OP_LIST_COSTS] = READ("POST", "/v4/costs/cost-analysed-bills/query", LANG_LOWER,
	    struct bss_list_costs_params, costs_p),
};

/* ---- building ---------------------------------------------------------- */

/* A pager's offset/limit, used instead of the caller's when set. */
struct page {
	bool set;
	int32_t offset;
	int32_t limit;
};

struct build {
	struct arena *arena;
	const struct page *page;
	struct http_kv *query;
	size_t nquery, query_cap;
	char *error;              /* "name: what", first one wins */
};

static const void *
at(const void *base, size_t off)
{
	return (const char *)base + off;
}

static int
invalid(struct build *b, const char *prefix, const struct param *p, const char *fmt, ...)
    BSS_PRINTF(4, 5);

static int
invalid(struct build *b, const char *prefix, const struct param *p, const char *fmt, ...)
{
	va_list ap;
	char *what;

	if (b->error == NULL) {
		va_start(ap, fmt);
		what = xvasprintf(fmt, ap);
		va_end(ap);
		b->error = xasprintf("%s%s: %s", prefix, p->name, what);
		free(what);
	}
	return -1;
}

static void
add_query(struct build *b, const char *name, const char *value)
{
	if (b->nquery == b->query_cap) {
		struct http_kv *grown;

		b->query_cap = b->query_cap ? b->query_cap * 2 : 8;
		grown = arena_calloc(b->arena, b->query_cap, sizeof(*grown));
		if (b->nquery > 0)
			memcpy(grown, b->query, b->nquery * sizeof(*grown));
		b->query = grown;
	}
	b->query[b->nquery].name = name;
	b->query[b->nquery].value = arena_strdup(b->arena, value);
	b->nquery++;
}

/*
 * The integer a P_OPT_INT param has, with the pager's override; returns
 * false when it is not to be sent.
 */
static bool
opt_int_value(const struct build *b, const void *base, const struct param *p, int32_t *v)
{
	const struct bss_opt_int *oi = at(base, p->off);

	if (b->page != NULL && b->page->set && (p->flags & (F_OFFSET | F_LIMIT))) {
		*v = (p->flags & F_OFFSET) ? b->page->offset : b->page->limit;
		return true;
	}
	*v = oi->v;
	return oi->set;
}

static int
check_range(struct build *b, const char *prefix, const struct param *p, int64_t v)
{
	if (v < p->lo || v > p->hi)
		return invalid(b, prefix, p, "must be %" PRId64 "..%" PRId64 " (got %" PRId64 ")",
		    p->lo, p->hi, v);
	return 0;
}

static int
check_count(struct build *b, const char *prefix, const struct param *p, size_t n)
{
	if ((p->flags & F_REQ) && n < (size_t)p->lo)
		return invalid(b, prefix, p, "at least %" PRId64 " required (got %zu)", p->lo, n);
	if (p->hi > 0 && n > (size_t)p->hi)
		return invalid(b, prefix, p, "at most %" PRId64 " allowed (got %zu)", p->hi, n);
	return 0;
}

static int emit_object(struct build *b, const char *prefix, const struct pschema *s,
    const void *base, cJSON *body);

/* Adds one array param to the body; n == 0 was filtered out by the caller. */
static int
emit_array(struct build *b, const char *prefix, const struct param *p, const void *base,
    size_t n, cJSON *body)
{
	const void *items = *(const void *const *)at(base, p->off);
	cJSON *arr = cJSON_AddArrayToObject(body, p->name);
	size_t i;

	for (i = 0; i < n; i++) {
		if (p->kind == P_STRS) {
			const char *s = ((const char *const *)items)[i];

			if (s == NULL)
				return invalid(b, prefix, p, "item %zu is NULL", i);
			cJSON_AddItemToArray(arr, cJSON_CreateString(s));
		} else if (p->kind == P_INTS) {
			int32_t v = ((const int32_t *)items)[i];

			if (check_range(b, prefix, p, v) != 0)
				return -1;
			cJSON_AddItemToArray(arr, cJSON_CreateNumber(v));
		} else {
			cJSON *obj = cJSON_CreateObject();
			char *sub = xasprintf("%s%s[%zu].", prefix, p->name, i);
			int rc;

			cJSON_AddItemToArray(arr, obj);
			rc = emit_object(b, sub, p->sub, at(items, i * p->sub->size), obj);
			free(sub);
			if (rc != 0)
				return -1;
		}
	}
	return 0;
}

/* One param into the query or the body (path params are substituted later). */
static int
emit_param(struct build *b, const char *prefix, const struct param *p, const void *base,
    cJSON *body)
{
	char num[24], money[MONEY_BUFSZ];
	const char *s;
	int32_t v;
	size_t n;

	switch (p->kind) {
	case P_STR:
		s = *(const char *const *)at(base, p->off);
		if (s == NULL)
			return (p->flags & F_REQ) ? invalid(b, prefix, p, "required") : 0;
		if (p->where == IN_PATH)
			return (*s == '\0' || strchr(s, '/') != NULL) ?
			    invalid(b, prefix, p, "must be a non-empty id without '/'") : 0;
		if (p->where == IN_QUERY)
			add_query(b, p->name, s);
		else
			cJSON_AddStringToObject(body, p->name, s);
		return 0;
	case P_INT:
	case P_OPT_INT:
		if (p->kind == P_INT)
			v = *(const int32_t *)at(base, p->off);
		else if (!opt_int_value(b, base, p, &v))
			return 0;
		if (check_range(b, prefix, p, v) != 0)
			return -1;
		if (p->where == IN_QUERY) {
			snprintf(num, sizeof(num), "%" PRId32, v);
			add_query(b, p->name, num);
		} else {
			cJSON_AddNumberToObject(body, p->name, v);
		}
		return 0;
	case P_OPT_BOOL: {
		const struct bss_opt_bool *ob = at(base, p->off);

		if (!ob->set)
			return 0;
		if (p->where == IN_QUERY)
			add_query(b, p->name, ob->v ? "true" : "false");
		else
			cJSON_AddBoolToObject(body, p->name, ob->v);
		return 0;
	}
	case P_MONEY:
		/* Raw so the exact decimal goes out, never a double's rounding. */
		money_format_plain(*(const money_t *)at(base, p->off), money, sizeof(money));
		cJSON_AddRawToObject(body, p->name, money);
		return 0;
	case P_YES_NO:
		cJSON_AddStringToObject(body, p->name,
		    *(const size_t *)at(base, p->aux) > 0 ? "YES" : "NO");
		return 0;
	case P_OBJ: {
		char *sub = xasprintf("%s%s.", prefix, p->name);
		int rc = emit_object(b, sub, p->sub, at(base, p->off),
		    cJSON_AddObjectToObject(body, p->name));

		free(sub);
		return rc;
	}
	case P_STRS:
	case P_INTS:
	case P_OBJS:
		n = *(const size_t *)at(base, p->aux);
		if (check_count(b, prefix, p, n) != 0)
			return -1;
		if (n > 0 && *(const void *const *)at(base, p->off) == NULL)
			return invalid(b, prefix, p, "count without items");
		return n > 0 ? emit_array(b, prefix, p, base, n, body) : 0;
	}
	return 0;
}

static int
emit_object(struct build *b, const char *prefix, const struct pschema *s, const void *base,
    cJSON *body)
{
	size_t i;

	for (i = 0; i < s->n; i++)
		if (emit_param(b, prefix, &s->p[i], base, body) != 0)
			return -1;
	return 0;
}

/* The path with each {name} replaced by that path parameter's value. */
static const char *
expand_path(struct build *b, const struct op_req *o, const void *params)
{
	const char *t = o->path, *open, *close;
	struct buf out = BUF_INIT(0);
	const char *path;
	size_t i;

	while ((open = strchr(t, '{')) != NULL && (close = strchr(open, '}')) != NULL) {
		size_t len = (size_t)(close - open - 1);

		buf_append(&out, t, (size_t)(open - t));
		for (i = 0; i < o->params.n; i++) {
			const struct param *p = &o->params.p[i];

			if (p->where == IN_PATH && strlen(p->name) == len &&
			    strncmp(p->name, open + 1, len) == 0)
				buf_puts(&out, *(const char *const *)at(params, p->off));
		}
		t = close + 1;
	}
	buf_puts(&out, t);
	path = arena_strdup(b->arena, buf_cstr(&out));
	buf_free(&out);
	return path;
}

static const char *
language_value(enum lang_style style, enum bss_language lang)
{
	if (style == LANG_NONE || lang == BSS_LANG_DEFAULT)
		return NULL;
	if (style == LANG_LOWER)
		return lang == BSS_LANG_EN ? "en_us" : "zh_cn";
	return lang == BSS_LANG_EN ? "en_US" : "zh_CN";
}

/* Requests with a method that carries a body always send a JSON object, "{}" at least. */
static bool
method_has_body(const char *method)
{
	return strcmp(method, "POST") == 0 || strcmp(method, "PUT") == 0;
}

static int
build_request(enum model_op op, const void *params, enum bss_language lang,
    const struct page *page, struct bss_request **out, struct bss_error **err)
{
	const struct op_req *o;
	struct bss_request *r;
	struct build b;
	cJSON *body;
	const char *hdr;

	*out = NULL;
	*err = NULL;
	if ((unsigned)op >= MODEL_OP_COUNT) {
		*err = bss_error_new(BSS_ERR_INVALID, "unknown operation");
		return -1;
	}
	o = &op_reqs[op];
	if (params == NULL && o->params.n > 0) {
		*err = bss_error_newf(BSS_ERR_INVALID, "%s: parameters required", model_op_name(op));
		return -1;
	}
	memset(&b, 0, sizeof(b));
	b.arena = arena_new();
	b.page = page;
	body = cJSON_CreateObject();
	if (emit_object(&b, "", &o->params, params, body) != 0) {
		*err = bss_error_newf(BSS_ERR_INVALID, "%s: %s", model_op_name(op), b.error);
		free(b.error);
		cJSON_Delete(body);
		arena_free(b.arena);
		return -1;
	}
	r = arena_alloc(b.arena, sizeof(*r));
	r->op = op;
	r->arena = b.arena;
	r->http.method = o->method;
	r->http.path = expand_path(&b, o, params);
	r->http.query = b.query;
	r->http.nquery = b.nquery;
	hdr = language_value(o->lang, lang);
	if (hdr != NULL) {
		struct http_kv *h = arena_alloc(b.arena, sizeof(*h));

		h->name = "X-Language";
		h->value = hdr;
		r->http.headers = h;
		r->http.nheaders = 1;
	}
	if (method_has_body(o->method)) {
		char *text = cJSON_PrintUnformatted(body);

		r->http.body = arena_strdup(b.arena, text);
		r->http.body_len = strlen(text);
		cJSON_free(text);
	}
	cJSON_Delete(body);
	r->http.api = model_op_name(op);
	r->http.idempotent = o->idempotent;
	*out = r;
	return 0;
}

int
bss_request_build(enum model_op op, const void *params, enum bss_language lang,
    struct bss_request **out, struct bss_error **err)
{
	return build_request(op, params, lang, NULL, out, err);
}

void
bss_request_free(struct bss_request *r)
{
	if (r != NULL)
		arena_free(r->arena);  /* r lives in its arena */
}

/* ---- calls ------------------------------------------------------------- */

struct fetch;

struct call {
	struct bss_client *client;
	uint64_t id;
	enum model_op op;
	bss_done_cb cb;
	void *ud;
	struct call *prev, *next;   /* the client's pending list */
	uint64_t http_id;           /* single call on the wire, else 0 */
	size_t n_items_sent;        /* UpdatePeriodToOnDemand: ids sent, to spot "all failed" */
	uv_timer_t *deferred;       /* refused before sending: delivered from this timer */
	struct bss_error *early;    /* ... with this error */
	struct fetch *fetch;        /* bss_fetch_all */
};

struct bss_client {
	uv_loop_t *loop;
	struct http_client *http;
	enum bss_language lang;
	uint64_t next_id;
	struct call *pending;
	unsigned npending;
};

struct bss_client *
bss_client_new(uv_loop_t *loop, struct http_client *http, enum bss_language lang)
{
	struct bss_client *c = xcalloc(1, sizeof(*c));

	c->loop = loop;
	c->http = http;
	c->lang = lang;
	return c;
}

static struct call *
call_new(struct bss_client *c, enum model_op op, bss_done_cb cb, void *ud)
{
	struct call *k = xcalloc(1, sizeof(*k));

	k->client = c;
	k->id = ++c->next_id;
	k->op = op;
	k->cb = cb;
	k->ud = ud;
	k->next = c->pending;
	if (c->pending != NULL)
		c->pending->prev = k;
	c->pending = k;
	c->npending++;
	return k;
}

static void fetch_free(struct fetch *f);

/* Unlinks the call, hands the outcome to its callback, frees the call. */
static void
call_finish(struct call *k, struct model *result, struct bss_error *err)
{
	struct bss_client *c = k->client;

	if (k->prev != NULL)
		k->prev->next = k->next;
	else
		c->pending = k->next;
	if (k->next != NULL)
		k->next->prev = k->prev;
	c->npending--;
	k->cb(result, err, k->ud);
	fetch_free(k->fetch);
	free(k);
}

static enum bss_err_kind
kind_of_http(enum http_error e)
{
	switch (e) {
	case HTTP_ERR_TLS:
		return BSS_ERR_TLS;
	case HTTP_ERR_TIMEOUT:
		return BSS_ERR_TIMEOUT;
	case HTTP_ERR_TOO_LARGE:
		return BSS_ERR_TOO_LARGE;
	case HTTP_ERR_INVALID:
		return BSS_ERR_INVALID;
	case HTTP_ERR_CANCELLED:
		return BSS_ERR_CANCELLED;
	default:
		return BSS_ERR_NETWORK;
	}
}

/*
 * A batch write in which every item failed created nothing: that is an
 * error, carrying the items. Partial failures stay in the result.
 */
static struct bss_error *
all_items_failed(const struct model *m, size_t n_sent, const struct http_response *resp)
{
	const struct model_resource_orders *ro = model_renewal(m);
	const struct model_to_on_demand *od = model_to_on_demand(m);

	if (ro == NULL)
		ro = model_unsubscribe(m);
	if (ro != NULL && ro->n_order_ids == 0 && ro->n_fail_resource_infos > 0)
		return bss_error_from_items(ro->fail_resource_infos, ro->n_fail_resource_infos,
		    (int)resp->status, resp->request_id);
	if (od != NULL && od->n_error_details > 0 && od->n_error_details >= n_sent)
		return bss_error_from_items(od->error_details, od->n_error_details,
		    (int)resp->status, resp->request_id);
	return NULL;
}

/* Turns a finished HTTP exchange into exactly one of a model or an error. */
static struct model *
outcome(enum model_op op, const struct http_response *resp, size_t n_sent,
    struct bss_error **err)
{
	struct model *m = NULL;

	*err = NULL;
	if (resp->error == HTTP_ERR_STATUS || resp->error == HTTP_ERR_RATE_LIMITED) {
		*err = bss_error_from_response((int)resp->status, resp->body, resp->body_len,
		    resp->request_id);
		if (*err == NULL)  /* cannot happen for a non-2xx, but never lose the failure */
			*err = bss_error_new(BSS_ERR_HTTP, resp->message);
	} else if (resp->error != HTTP_ERR_NONE) {
		*err = bss_error_new(kind_of_http(resp->error), resp->message);
	} else if (model_parse(op, resp->body, resp->body_len, &m, err) == 0) {
		*err = all_items_failed(m, n_sent, resp);
		if (*err != NULL) {
			model_free(m);
			m = NULL;
		} else {
			model_set_request_id(m, resp->request_id);
		}
	}
	if (*err != NULL) {
		if ((*err)->http_status == 0)
			(*err)->http_status = (int)resp->status;
		if (*resp->request_id != '\0')
			bss_error_set_request_id(*err, resp->request_id);
		(*err)->outcome_unknown = resp->outcome_unknown || (*err)->outcome_unknown;
	}
	return m;
}

static void
on_single_done(const struct http_response *resp, void *ud)
{
	struct call *k = ud;
	struct bss_error *err;
	struct model *m = outcome(k->op, resp, k->n_items_sent, &err);

	k->http_id = 0;
	call_finish(k, m, err);
}

static void
deferred_closed(uv_handle_t *h)
{
	free(h);
}

static void
on_deferred(uv_timer_t *t)
{
	struct call *k = t->data;
	struct bss_error *err = k->early;

	uv_close((uv_handle_t *)t, deferred_closed);
	k->deferred = NULL;
	k->early = NULL;
	call_finish(k, NULL, err);
}

/* Completes k from the loop with err, never from inside the caller's call. */
static uint64_t
defer_error(struct call *k, struct bss_error *err)
{
	k->early = err;
	k->deferred = xmalloc(sizeof(*k->deferred));
	uv_timer_init(k->client->loop, k->deferred);
	k->deferred->data = k;
	uv_timer_start(k->deferred, on_deferred, 0, 0);
	return k->id;
}

static size_t
to_on_demand_count(enum model_op op, const void *params)
{
	const struct bss_update_period_to_on_demand_params *p = params;

	return op == MODEL_OP_UPDATE_PERIOD_TO_ON_DEMAND ? p->n_resource_ids : 0;
}

uint64_t
bss_call(struct bss_client *c, enum model_op op, const void *params, bss_done_cb cb, void *ud)
{
	struct call *k = call_new(c, op, cb, ud);
	struct bss_request *r;
	struct bss_error *err;

	if (bss_request_build(op, params, c->lang, &r, &err) != 0)
		return defer_error(k, err);
	k->n_items_sent = to_on_demand_count(op, params);
	k->http_id = http_send(c->http, &r->http, on_single_done, k);
	bss_request_free(r);
	return k->id;
}

#define BSS_FN(fn, T, op) \
	uint64_t bss_##fn(struct bss_client *c, const T *p, bss_done_cb cb, void *ud) \
	{ return bss_call(c, op, p, cb, ud); }
#define BSS_FN0(fn, op) \
	uint64_t bss_##fn(struct bss_client *c, bss_done_cb cb, void *ud) \
	{ return bss_call(c, op, NULL, cb, ud); }

BSS_FN(list_service_types, struct bss_list_service_types_params, MODEL_OP_LIST_SERVICE_TYPES)
BSS_FN(list_resource_types, struct bss_list_resource_types_params, MODEL_OP_LIST_RESOURCE_TYPES)
BSS_FN(list_service_resources, struct bss_list_service_resources_params,
    MODEL_OP_LIST_SERVICE_RESOURCES)
BSS_FN(list_usage_types, struct bss_list_usage_types_params, MODEL_OP_LIST_USAGE_TYPES)
BSS_FN0(list_measure_units, MODEL_OP_LIST_MEASURE_UNITS)
BSS_FN(list_conversions, struct bss_list_conversions_params, MODEL_OP_LIST_CONVERSIONS)
BSS_FN(list_on_demand_resource_ratings, struct bss_list_on_demand_resource_ratings_params,
    MODEL_OP_LIST_ON_DEMAND_RESOURCE_RATINGS)
BSS_FN(list_rate_on_period_detail, struct bss_list_rate_on_period_detail_params,
    MODEL_OP_LIST_RATE_ON_PERIOD_DETAIL)
BSS_FN0(show_customer_account_balances, MODEL_OP_SHOW_CUSTOMER_ACCOUNT_BALANCES)
BSS_FN(list_sub_customer_coupons, struct bss_list_sub_customer_coupons_params,
    MODEL_OP_LIST_SUB_CUSTOMER_COUPONS)
BSS_FN(list_customer_orders, struct bss_list_customer_orders_params, MODEL_OP_LIST_CUSTOMER_ORDERS)
BSS_FN(show_customer_order_details, struct bss_show_customer_order_details_params,
    MODEL_OP_SHOW_CUSTOMER_ORDER_DETAILS)
BSS_FN(list_order_coupons_by_order_id, struct bss_order_id_params,
    MODEL_OP_LIST_ORDER_COUPONS_BY_ORDER_ID)
BSS_FN(list_order_discounts, struct bss_order_id_params, MODEL_OP_LIST_ORDER_DISCOUNTS)
BSS_FN(pay_orders, struct bss_pay_orders_params, MODEL_OP_PAY_ORDERS)
BSS_FN(cancel_customer_order, struct bss_order_id_params, MODEL_OP_CANCEL_CUSTOMER_ORDER)
BSS_FN(show_refund_order_details, struct bss_show_refund_order_details_params,
    MODEL_OP_SHOW_REFUND_ORDER_DETAILS)
BSS_FN(list_pay_per_use_customer_resources, struct bss_list_pay_per_use_customer_resources_params,
    MODEL_OP_LIST_PAY_PER_USE_CUSTOMER_RESOURCES)
BSS_FN(renewal_resources, struct bss_renewal_resources_params, MODEL_OP_RENEWAL_RESOURCES)
BSS_FN(cancel_resources_subscription, struct bss_cancel_resources_subscription_params,
    MODEL_OP_CANCEL_RESOURCES_SUBSCRIPTION)
BSS_FN(auto_renewal_resources, struct bss_auto_renewal_resources_params,
    MODEL_OP_AUTO_RENEWAL_RESOURCES)
BSS_FN(cancel_auto_renewal_resources, struct bss_resource_id_params,
    MODEL_OP_CANCEL_AUTO_RENEWAL_RESOURCES)
BSS_FN(update_period_to_on_demand, struct bss_update_period_to_on_demand_params,
    MODEL_OP_UPDATE_PERIOD_TO_ON_DEMAND)
BSS_FN(list_free_resource_infos, struct bss_list_free_resource_infos_params,
    MODEL_OP_LIST_FREE_RESOURCE_INFOS)
BSS_FN(list_free_resource_usages, struct bss_list_free_resource_usages_params,
    MODEL_OP_LIST_FREE_RESOURCE_USAGES)
BSS_FN(list_free_resources_usage_records, struct bss_list_free_resources_usage_records_params,
    MODEL_OP_LIST_FREE_RESOURCES_USAGE_RECORDS)
BSS_FN(show_customer_monthly_sum, struct bss_show_customer_monthly_sum_params,
    MODEL_OP_SHOW_CUSTOMER_MONTHLY_SUM)
BSS_FN(list_customerself_resource_record_details,
    struct bss_list_customerself_resource_record_details_params,
    MODEL_OP_LIST_CUSTOMERSELF_RESOURCE_RECORD_DETAILS)
BSS_FN(list_customerself_resource_records, struct bss_list_customerself_resource_records_params,
    MODEL_OP_LIST_CUSTOMERSELF_RESOURCE_RECORDS)
BSS_FN(list_costs, struct bss_list_costs_params, MODEL_OP_LIST_COSTS)

/* ---- every page of a list ---------------------------------------------- */

/*
 * State of one bss_fetch_all. Later pages are built after the first answer,
 * when the caller's params are gone, so it keeps a deep copy of them.
 */
struct page_slot {
	struct fetch *fetch;
	size_t index;
	uint64_t http_id;          /* 0 when not on the wire */
	struct model *model;
};

struct fetch {
	struct call *call;
	struct arena *arena;       /* the params copy and the slots */
	const void *params;
	int32_t first_offset;
	int32_t limit;
	int64_t offset_max;
	struct page_slot *slots;
	size_t npages;
	size_t next;               /* next page to send */
	size_t received;
	unsigned in_flight;
	unsigned concurrency;
	bool failed;               /* the outcome went out: late pages are dropped */
};

static void *copy_params(struct arena *a, const struct pschema *s, const void *src);

/* Points the copy's pointer members at arena copies of what they point to. */
static void
copy_members(struct arena *a, const struct pschema *s, void *dst)
{
	size_t i, j;

	for (i = 0; i < s->n; i++) {
		const struct param *p = &s->p[i];
		void *slot = (char *)dst + p->off;
		const void *src;
		size_t n;

		memcpy(&src, slot, sizeof(src));
		if (p->kind == P_STR && src != NULL) {
			const char *dup = arena_strdup(a, src);

			memcpy(slot, &dup, sizeof(dup));
		} else if (p->kind == P_OBJ) {
			copy_members(a, p->sub, slot);
		} else if ((p->kind == P_STRS || p->kind == P_INTS || p->kind == P_OBJS) &&
		    src != NULL) {
			void *items;

			n = *(const size_t *)at(dst, p->aux);
			if (p->kind == P_OBJS) {
				items = arena_calloc(a, n, p->sub->size);
				for (j = 0; j < n; j++) {
					void *one = copy_params(a, p->sub, at(src, j * p->sub->size));

					memcpy((char *)items + j * p->sub->size, one, p->sub->size);
				}
			} else if (p->kind == P_INTS) {
				items = arena_calloc(a, n, sizeof(int32_t));
				memcpy(items, src, n * sizeof(int32_t));
			} else {
				const char **strs = arena_calloc(a, n, sizeof(*strs));

				for (j = 0; j < n; j++) {
					const char *one = ((const char *const *)src)[j];

					strs[j] = one ? arena_strdup(a, one) : NULL;
				}
				items = strs;
			}
			memcpy(slot, &items, sizeof(items));
		}
	}
}

static void *
copy_params(struct arena *a, const struct pschema *s, const void *src)
{
	void *dst = arena_alloc(a, s->size);

	memcpy(dst, src, s->size);
	copy_members(a, s, dst);
	return dst;
}

static void
fetch_free(struct fetch *f)
{
	size_t i;

	if (f == NULL)
		return;
	for (i = 0; i < f->npages; i++)
		model_free(f->slots[i].model);
	arena_free(f->arena);
	free(f);
}

static const struct param *
find_param(enum model_op op, unsigned flag)
{
	const struct pschema *s = &op_reqs[op].params;
	size_t i;

	for (i = 0; i < s->n; i++)
		if (s->p[i].flags & flag)
			return &s->p[i];
	return NULL;
}

static void on_page_done(const struct http_response *resp, void *ud);

/* Sends page slot i; returns -1 with *err if it cannot be built. */
static int
send_page(struct fetch *f, size_t i, struct bss_error **err)
{
	struct bss_client *c = f->call->client;
	struct page pg = { true, 0, f->limit };
	struct bss_request *r;

	pg.offset = (int32_t)(f->first_offset + (int64_t)i * f->limit);
	if (build_request(f->call->op, f->params, c->lang, &pg, &r, err) != 0)
		return -1;
	f->in_flight++;
	f->slots[i].http_id = http_send(c->http, &r->http, on_page_done, &f->slots[i]);
	bss_request_free(r);
	return 0;
}

/* Ends the fetch with err: cancels the pages still out, then calls back. */
static void
fetch_fail(struct fetch *f, struct bss_error *err)
{
	size_t i;

	f->failed = true;
	for (i = 0; i < f->npages; i++)
		if (f->slots[i].http_id != 0)
			http_cancel(f->call->client->http, f->slots[i].http_id);
	call_finish(f->call, NULL, err);
}

/* After the first page: how many pages the total needs, and their slots. */
static int
plan_pages(struct fetch *f, struct bss_error **err)
{
	int64_t total = model_total(f->slots[0].model), remaining, last_offset;
	struct model *first = f->slots[0].model;
	size_t npages;

	remaining = total - f->first_offset;
	if (model_items(first) == 0 || remaining <= (int64_t)model_items(first))
		return 0;
	npages = (size_t)((remaining + f->limit - 1) / f->limit);
	last_offset = f->first_offset + (int64_t)(npages - 1) * f->limit;
	if (last_offset > f->offset_max) {
		*err = bss_error_newf(BSS_ERR_INVALID,
		    "%s: %" PRId64 " records are more than the API can page through (offset <= %" PRId64
		    "); narrow the query", model_op_name(f->call->op), total, f->offset_max);
		return -1;
	}
	f->slots = arena_calloc(f->arena, npages, sizeof(*f->slots));
	f->slots[0].model = first;
	f->npages = npages;
	return 0;
}

/* Keeps up to `concurrency` pages on the wire; completes when all are in. */
static void
fetch_advance(struct fetch *f)
{
	struct bss_error *err;
	struct model **pages;
	size_t i;

	while (!f->failed && f->next < f->npages && f->in_flight < f->concurrency) {
		f->slots[f->next].fetch = f;
		f->slots[f->next].index = f->next;
		if (send_page(f, f->next, &err) != 0) {
			fetch_fail(f, err);
			return;
		}
		f->next++;
	}
	if (f->failed || f->received < f->npages)
		return;
	pages = xcalloc(f->npages, sizeof(*pages));
	for (i = 0; i < f->npages; i++) {
		pages[i] = f->slots[i].model;
		f->slots[i].model = NULL;
	}
	call_finish(f->call, model_join(pages, f->npages), NULL);
	free(pages);
}

static void
on_page_done(const struct http_response *resp, void *ud)
{
	struct page_slot *slot = ud;
	struct fetch *f = slot->fetch;
	struct bss_error *err;
	struct model *m;

	slot->http_id = 0;
	f->in_flight--;
	if (f->failed)
		return;  /* cancelled by fetch_fail: the outcome is already out */
	m = outcome(f->call->op, resp, 0, &err);
	if (m == NULL) {
		fetch_fail(f, err);
		return;
	}
	slot->model = m;
	f->received++;
	if (slot->index == 0 && plan_pages(f, &err) != 0) {
		fetch_fail(f, err);
		return;
	}
	fetch_advance(f);
}

uint64_t
bss_fetch_all(struct bss_client *c, enum model_op op, const void *params, unsigned concurrency,
    bss_done_cb cb, void *ud)
{
	struct call *k = call_new(c, op, cb, ud);
	const struct param *off, *lim;
	struct bss_error *err = NULL;
	struct fetch *f;

	off = model_op_is_paged(op) ? find_param(op, F_OFFSET) : NULL;
	lim = model_op_is_paged(op) ? find_param(op, F_LIMIT) : NULL;
	if (off == NULL || lim == NULL || params == NULL)
		return defer_error(k, bss_error_newf(BSS_ERR_INVALID, "%s: not a paged list",
		    model_op_name(op)));
	f = xcalloc(1, sizeof(*f));
	f->call = k;
	f->arena = arena_new();
	f->params = copy_params(f->arena, &op_reqs[op].params, params);
	f->first_offset = ((const struct bss_opt_int *)at(params, off->off))->set ?
	    ((const struct bss_opt_int *)at(params, off->off))->v : 0;
	f->limit = ((const struct bss_opt_int *)at(params, lim->off))->set ?
	    ((const struct bss_opt_int *)at(params, lim->off))->v : (int32_t)lim->hi;
	f->offset_max = off->hi;
	f->concurrency = concurrency ? concurrency : 1;
	f->slots = arena_calloc(f->arena, 1, sizeof(*f->slots));
	f->slots[0].fetch = f;
	f->npages = 1;
	f->next = 1;
	k->fetch = f;
	if (send_page(f, 0, &err) != 0) {
		k->fetch = NULL;
		fetch_free(f);
		return defer_error(k, err);
	}
	return k->id;
}

/* ---- cancel and shutdown ----------------------------------------------- */

static void
cancel_call(struct call *k)
{
	size_t i;

	if (k->deferred != NULL) {
		uv_close((uv_handle_t *)k->deferred, deferred_closed);
		k->deferred = NULL;
		bss_error_free(k->early);
		k->early = NULL;
		call_finish(k, NULL, bss_error_new(BSS_ERR_CANCELLED, NULL));
	} else if (k->fetch != NULL) {
		/* The first page's cancellation fails the fetch and cancels the rest. */
		for (i = 0; i < k->fetch->npages; i++)
			if (k->fetch->slots[i].http_id != 0) {
				http_cancel(k->client->http, k->fetch->slots[i].http_id);
				return;
			}
	} else if (k->http_id != 0) {
		http_cancel(k->client->http, k->http_id);
	}
}

int
bss_cancel(struct bss_client *c, uint64_t id)
{
	struct call *k;

	for (k = c->pending; k != NULL; k = k->next)
		if (k->id == id) {
			cancel_call(k);
			return 0;
		}
	return -1;
}

unsigned
bss_pending(const struct bss_client *c)
{
	return c->npending;
}

void
bss_client_free(struct bss_client *c)
{
	if (c == NULL)
		return;
	while (c->pending != NULL) {
		uint64_t id = c->pending->id;

		cancel_call(c->pending);
		/* Nothing left to cancel below (http already let go): end it here. */
		if (c->pending != NULL && c->pending->id == id)
			call_finish(c->pending, NULL, bss_error_new(BSS_ERR_CANCELLED, NULL));
	}
	free(c);
}
