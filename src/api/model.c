#include "api/model.h"

#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "util/arena.h"
#include "util/xalloc.h"

/*
 * One generic parser walks a table of field descriptors per struct, so the
 * 30 operations are data, not 30 parsers. A descriptor says where a wire
 * field goes (offsetof) and what JSON it accepts.
 */
enum kind {
	K_STR,        /* string */
	K_I32,        /* integral number within int32 */
	K_I64,        /* integral number, exact in a double (|v| <= 2^53) */
	K_BOOL,
	K_MONEY_NUM,  /* amount documented as a number; a decimal string is accepted */
	K_MONEY_STR,  /* amount documented as a string; a number is accepted */
	K_I32_STR,    /* integer sent as a string: "1", "20" */
	K_OBJ,        /* nested object embedded by value; aux = its has_ flag */
	K_ARR,        /* array of objects; aux = the n_ count */
	K_STR_ARR     /* array of strings; aux = the n_ count */
};

#define NO_AUX SIZE_MAX
#define F_REQUIRED 1u

struct schema;

struct field {
	const char *json;
	unsigned char kind;
	unsigned char flags;
	size_t off;
	size_t aux;   /* K_OBJ/K_ARR/K_STR_ARR as above; scalars: a bool set when sent, or NO_AUX */
	const struct schema *sub;
};

struct schema {
	const char *name;
	size_t size;
	const struct field *fields;
	size_t n;
};

#define FIELD(T, m, k) { #m, k, 0, offsetof(T, m), NO_AUX, NULL }
#define FIELD_AS(T, m, json, k) { json, k, 0, offsetof(T, m), NO_AUX, NULL }
#define REQUIRED(T, m, k) { #m, k, F_REQUIRED, offsetof(T, m), NO_AUX, NULL }
#define OPTIONAL(T, m, k) { #m, k, 0, offsetof(T, m), offsetof(T, has_##m), NULL }
#define OBJECT(T, m, s) { #m, K_OBJ, 0, offsetof(T, m), offsetof(T, has_##m), &s }
#define ARRAY(T, m, s) { #m, K_ARR, 0, offsetof(T, m), offsetof(T, n_##m), &s }
#define REQ_ARRAY(T, m, s) { #m, K_ARR, F_REQUIRED, offsetof(T, m), offsetof(T, n_##m), &s }
#define STRINGS(T, m) { #m, K_STR_ARR, 0, offsetof(T, m), offsetof(T, n_##m), NULL }
/* A field of a struct embedded in T under `in` but flat on the wire. */
#define FLAT(T, in, S, m, json, k) { json, k, 0, offsetof(T, in) + offsetof(S, m), NO_AUX, NULL }
#define SCHEMA(T, tbl) { #T, sizeof(T), tbl, sizeof(tbl) / sizeof(tbl[0]) }

/* ---- tables ------------------------------------------------------------ */

#define T struct model_service_type
static const struct field service_type_f[] = {
	FIELD(T, service_type_name, K_STR),
	FIELD(T, service_type_code, K_STR),
	FIELD(T, abbreviation, K_STR),
};
#undef T
static const struct schema service_type_s = SCHEMA(struct model_service_type, service_type_f);

#define T struct model_service_types
static const struct field service_types_f[] = {
	FIELD(T, total_count, K_I32),
	ARRAY(T, service_types, service_type_s),
};
#undef T

#define T struct model_resource_type
static const struct field resource_type_f[] = {
	FIELD(T, resource_type_code, K_STR),
	FIELD(T, resource_type_name, K_STR),
	FIELD(T, resource_type_desc, K_STR),
	FIELD(T, service_type_code, K_STR),
};
#undef T
static const struct schema resource_type_s = SCHEMA(struct model_resource_type, resource_type_f);

#define T struct model_resource_types
static const struct field resource_types_f[] = {
	FIELD(T, total_count, K_I32),
	ARRAY(T, resource_types, resource_type_s),
};
#undef T

#define T struct model_resource_basic_info
static const struct field basic_info_f[] = {
	FIELD(T, resource_type_code, K_STR),
	FIELD(T, product_owner_service, K_STR),
	FIELD(T, name, K_STR),
	FIELD(T, description, K_STR),
};
#undef T
static const struct schema basic_info_s = SCHEMA(struct model_resource_basic_info, basic_info_f);

static const struct field service_resource_f[] = {
	OBJECT(struct model_service_resource, basic_info, basic_info_s),
};
static const struct schema service_resource_s =
    SCHEMA(struct model_service_resource, service_resource_f);

#define T struct model_service_resources
static const struct field service_resources_f[] = {
	FIELD(T, total_count, K_I32),
	ARRAY(T, infos, service_resource_s),
};
#undef T

#define T struct model_usage_type
static const struct field usage_type_f[] = {
	FIELD(T, code, K_STR),
	FIELD(T, name, K_STR),
	FIELD(T, resource_type_code, K_STR),
	FIELD(T, service_type_code, K_STR),
	FIELD(T, resource_type_name, K_STR),
	FIELD(T, service_type_name, K_STR),
};
#undef T
static const struct schema usage_type_s = SCHEMA(struct model_usage_type, usage_type_f);

#define T struct model_usage_types
static const struct field usage_types_f[] = {
	FIELD(T, total_count, K_I32),
	ARRAY(T, usage_types, usage_type_s),
};
#undef T

#define T struct model_measure_unit
static const struct field measure_unit_f[] = {
	FIELD(T, measure_id, K_I32),
	FIELD(T, measure_name, K_STR),
	FIELD(T, abbreviation, K_STR),
	FIELD(T, measure_type, K_I32),
};
#undef T
static const struct schema measure_unit_s = SCHEMA(struct model_measure_unit, measure_unit_f);

static const struct field measure_units_f[] = {
	ARRAY(struct model_measure_units, measure_units, measure_unit_s),
};

#define T struct model_conversion
static const struct field conversion_f[] = {
	FIELD(T, measure_id, K_I32),
	FIELD(T, ref_measure_id, K_I32),
	FIELD(T, conversion_ratio, K_I64),
	FIELD(T, measure_type, K_I32),
};
#undef T
static const struct schema conversion_s = SCHEMA(struct model_conversion, conversion_f);

static const struct field conversions_f[] = {
	ARRAY(struct model_conversions, conversions, conversion_s),
};

/* ratings */

#define T struct model_discount_rating
static const struct field discount_rating_f[] = {
	FIELD(T, discount_id, K_STR),
	FIELD(T, discount_type, K_I32),
	FIELD(T, amount, K_MONEY_NUM),
	FIELD(T, measure_id, K_I32),
	FIELD(T, discount_name, K_STR),
};
#undef T
static const struct schema discount_rating_s =
    SCHEMA(struct model_discount_rating, discount_rating_f);

/* The CloudPond installment block, flat on the wire, into T's `installment`. */
#define INSTALLMENT_AMOUNT(T, m, json) \
	{ json, K_MONEY_STR, 0, offsetof(T, installment) + offsetof(struct model_installment, m), \
	  offsetof(T, installment) + offsetof(struct model_installment, present), NULL }
#define INSTALLMENT_FIELDS(T) \
	INSTALLMENT_AMOUNT(T, official_website_amount, "installment_official_website_amount"), \
	INSTALLMENT_AMOUNT(T, official_discount_amount, "installment_official_discount_amount"), \
	INSTALLMENT_AMOUNT(T, amount, "installment_amount"), \
	FLAT(T, installment, struct model_installment, period_type, "installment_period_type", K_I32)

#define T struct model_product_rating
static const struct field product_rating_f[] = {
	FIELD(T, id, K_STR),
	FIELD(T, product_id, K_STR),
	FIELD(T, amount, K_MONEY_NUM),
	FIELD(T, discount_amount, K_MONEY_NUM),
	FIELD(T, official_website_amount, K_MONEY_NUM),
	FIELD(T, measure_id, K_I32),
	ARRAY(T, discount_rating_results, discount_rating_s),
	INSTALLMENT_FIELDS(T),
};
#undef T
static const struct schema product_rating_s = SCHEMA(struct model_product_rating, product_rating_f);

#define T struct model_on_demand_rating
static const struct field on_demand_rating_f[] = {
	FIELD(T, amount, K_MONEY_NUM),
	FIELD(T, discount_amount, K_MONEY_NUM),
	FIELD(T, official_website_amount, K_MONEY_NUM),
	FIELD(T, measure_id, K_I32),
	FIELD(T, currency, K_STR),
	ARRAY(T, product_rating_results, product_rating_s),
};
#undef T

#define T struct model_official_rating
static const struct field official_rating_f[] = {
	FIELD(T, official_website_amount, K_MONEY_NUM),
	INSTALLMENT_AMOUNT(T, official_website_amount, "installment_official_website_amount"),
	FLAT(T, installment, struct model_installment, period_type, "installment_period_type", K_I32),
	FIELD(T, measure_id, K_I32),
	ARRAY(T, product_rating_results, product_rating_s),
};
#undef T
static const struct schema official_rating_s =
    SCHEMA(struct model_official_rating, official_rating_f);

#define T struct model_discount_option
static const struct field discount_option_f[] = {
	FIELD(T, discount_id, K_STR),
	FIELD(T, amount, K_MONEY_NUM),
	FIELD(T, official_website_amount, K_MONEY_NUM),
	FIELD(T, discount_amount, K_MONEY_NUM),
	FIELD(T, measure_id, K_I32),
	FIELD(T, discount_type, K_I32),
	FIELD(T, discount_name, K_STR),
	FIELD(T, best_offer, K_I32),
	ARRAY(T, product_rating_results, product_rating_s),
	INSTALLMENT_FIELDS(T),
};
#undef T
static const struct schema discount_option_s =
    SCHEMA(struct model_discount_option, discount_option_f);

#define T struct model_period_rating
static const struct field period_rating_f[] = {
	OBJECT(T, official_website_rating_result, official_rating_s),
	ARRAY(T, optional_discount_rating_results, discount_option_s),
	FIELD(T, currency, K_STR),
};
#undef T

/* balance and coupons */

#define T struct model_account_balance
static const struct field account_balance_f[] = {
	REQUIRED(T, account_id, K_STR),
	REQUIRED(T, account_type, K_I32),
	REQUIRED(T, amount, K_MONEY_NUM),
	REQUIRED(T, currency, K_STR),
	OPTIONAL(T, designated_amount, K_MONEY_NUM),
	OPTIONAL(T, credit_amount, K_MONEY_NUM),
	REQUIRED(T, measure_id, K_I32),
};
#undef T
static const struct schema account_balance_s =
    SCHEMA(struct model_account_balance, account_balance_f);

#define T struct model_balances
static const struct field balances_f[] = {
	ARRAY(T, account_balances, account_balance_s),
	OPTIONAL(T, debt_amount, K_MONEY_NUM),
	FIELD(T, measure_id, K_I32),
	FIELD(T, currency, K_STR),
};
#undef T

#define T struct model_use_limit
static const struct field use_limit_f[] = {
	FIELD_AS(T, use_limit_info_id, "use_limiti_info_id", K_STR),
	FIELD(T, limit_key, K_STR),
	FIELD(T, value1, K_STR),
	FIELD(T, value2, K_STR),
	FIELD(T, value_unit, K_STR),
	FIELD(T, limit_type, K_STR),
	FIELD(T, promotion_plan_id, K_STR),
};
#undef T
static const struct schema use_limit_s = SCHEMA(struct model_use_limit, use_limit_f);

#define T struct model_coupon
static const struct field coupon_f[] = {
	FIELD(T, coupon_id, K_STR),
	FIELD(T, coupon_code, K_STR),
	FIELD(T, status, K_I32),
	FIELD(T, customer_id, K_STR),
	FIELD(T, coupon_type, K_I32),
	FIELD(T, measure_id, K_I32),
	FIELD(T, face_value, K_MONEY_NUM),
	FIELD(T, valid_time, K_STR),
	FIELD(T, effective_time, K_STR),
	FIELD(T, expire_time, K_STR),
	FIELD(T, order_id, K_STR),
	FIELD(T, promotion_plan_id, K_STR),
	FIELD(T, plan_name, K_STR),
	FIELD(T, plan_desc, K_STR),
	FIELD(T, media_type, K_I32),
	FIELD(T, fetch_method, K_I32),
	ARRAY(T, use_limits, use_limit_s),
	FIELD(T, active_time, K_STR),
	FIELD(T, reserve_time, K_STR),
	FIELD(T, last_used_time, K_STR),
	FIELD(T, promotion_id, K_STR),
	FIELD(T, create_time, K_STR),
	FIELD(T, coupon_version, K_I32),
	OPTIONAL(T, balance, K_MONEY_NUM),
	FIELD(T, lock_order_id, K_STR),
	FIELD(T, used_by_order_id, K_STR),
	FIELD(T, coupon_usage, K_STR),
	FIELD(T, is_frozen, K_I32_STR),
	FIELD(T, currency, K_STR),
	FIELD(T, extend_param1, K_STR),
	FIELD(T, source_id, K_STR),
	FIELD(T, coupon_group, K_I32),
};
#undef T
static const struct schema coupon_s = SCHEMA(struct model_coupon, coupon_f);

#define T struct model_coupons
static const struct field coupons_f[] = {
	FIELD(T, count, K_I32),
	ARRAY(T, user_coupons, coupon_s),
};
#undef T

#define T struct model_coupon_max_use
static const struct field coupon_max_use_f[] = {
	FIELD(T, coupon_type, K_I32),
	FIELD(T, coupon_group, K_I32),
	FIELD(T, use_quantity_value, K_I32),
};
#undef T
static const struct schema coupon_max_use_s = SCHEMA(struct model_coupon_max_use, coupon_max_use_f);

#define T struct model_order_coupons
static const struct field order_coupons_f[] = {
	FIELD(T, count, K_I32),
	ARRAY(T, user_coupons, coupon_s),
	ARRAY(T, coupon_max_use_quantity, coupon_max_use_s),
};
#undef T

/* orders */

#define T struct model_enterprise_project
static const struct field enterprise_project_f[] = {
	FIELD(T, id, K_STR),
	FIELD(T, name, K_STR),
};
#undef T
static const struct schema enterprise_project_s =
    SCHEMA(struct model_enterprise_project, enterprise_project_f);

#define T struct model_discount_item
static const struct field discount_item_f[] = {
	FIELD(T, discount_type, K_STR),
	FIELD(T, discount_amount, K_MONEY_NUM),
};
#undef T
static const struct schema discount_item_s = SCHEMA(struct model_discount_item, discount_item_f);

#define T struct model_amount_info
static const struct field amount_info_f[] = {
	ARRAY(T, discounts, discount_item_s),
	FIELD(T, flexipurchase_coupon_amount, K_MONEY_NUM),
	FIELD(T, coupon_amount, K_MONEY_NUM),
	FIELD(T, stored_card_amount, K_MONEY_NUM),
	FIELD(T, commission_amount, K_MONEY_NUM),
	FIELD(T, consumed_amount, K_MONEY_NUM),
};
#undef T
static const struct schema amount_info_s = SCHEMA(struct model_amount_info, amount_info_f);

#define T struct model_agent_pay_info
static const struct field agent_pay_info_f[] = {
	FIELD(T, paying_agent_id, K_STR),
	FIELD(T, is_agent_pay, K_BOOL),
};
#undef T
static const struct schema agent_pay_info_s = SCHEMA(struct model_agent_pay_info, agent_pay_info_f);

static const struct schema order_s;

#define T struct model_order
static const struct field order_f[] = {
	FIELD(T, order_id, K_STR),
	FIELD(T, customer_id, K_STR),
	FIELD(T, service_type_code, K_STR),
	FIELD(T, service_type_name, K_STR),
	FIELD(T, source_type, K_I32),
	FIELD(T, status, K_I32),
	FIELD(T, order_type, K_I32),
	FIELD(T, amount_after_discount, K_MONEY_NUM),
	FIELD(T, official_amount, K_MONEY_NUM),
	FIELD(T, measure_id, K_I32),
	FIELD(T, create_time, K_STR),
	FIELD(T, payment_time, K_STR),
	FIELD(T, currency, K_STR),
	FIELD(T, contract_id, K_STR),
	OBJECT(T, amount_info, amount_info_s),
	ARRAY(T, enterprise_projects, enterprise_project_s),
	ARRAY(T, sub_order_infos, order_s),
	OBJECT(T, agent_pay_info, agent_pay_info_s),
	FIELD(T, user_name, K_STR),
	FIELD(T, pending_payment_end_time, K_STR),
};
#undef T
static const struct schema order_s = SCHEMA(struct model_order, order_f);

#define T struct model_orders
static const struct field orders_f[] = {
	FIELD(T, total_count, K_I32),
	ARRAY(T, order_infos, order_s),
};
#undef T

#define T struct model_product_object
static const struct field product_object_f[] = {
	FIELD(T, product_id, K_STR),
	FIELD(T, product_spec_desc, K_STR),
	FIELD(T, category_code, K_STR),
	FIELD(T, product_owner_service, K_STR),
	FIELD(T, commercial_resource, K_STR),
};
#undef T
static const struct schema product_object_s = SCHEMA(struct model_product_object, product_object_f);

#define T struct model_order_line_item
static const struct field line_item_f[] = {
	FIELD(T, order_line_item_id, K_STR),
	FIELD(T, service_type_code, K_STR),
	FIELD(T, service_type_name, K_STR),
	FIELD(T, product_id, K_STR),
	FIELD(T, product_spec_desc, K_STR),
	FIELD(T, period_type, K_I32),
	OPTIONAL(T, period_num, K_I32),
	FIELD(T, effective_time, K_STR),
	FIELD(T, expire_time, K_STR),
	FIELD(T, subscription_num, K_I32),
	FIELD(T, amount_after_discount, K_MONEY_NUM),
	FIELD(T, official_amount, K_MONEY_NUM),
	OBJECT(T, amount_info, amount_info_s),
	FIELD(T, currency, K_STR),
	FIELD(T, category_code, K_STR),
	FIELD(T, product_owner_service, K_STR),
	FIELD(T, commercial_resource, K_STR),
	OBJECT(T, base_product_info, product_object_s),
	FIELD(T, order_id, K_STR),
};
#undef T
static const struct schema line_item_s = SCHEMA(struct model_order_line_item, line_item_f);

#define T struct model_order_details
static const struct field order_details_f[] = {
	FIELD(T, total_count, K_I32),
	OBJECT(T, order_info, order_s),
	ARRAY(T, order_line_items, line_item_s),
};
#undef T

#define T struct model_discount_line
static const struct field discount_line_f[] = {
	{ "order_line_item_ids", K_STR_ARR, F_REQUIRED, offsetof(T, order_line_item_ids),
	  offsetof(T, n_order_line_item_ids), NULL },
	REQUIRED(T, discount_mode, K_I32),
	REQUIRED(T, discount_amount, K_MONEY_NUM),
	REQUIRED(T, discount_ratio, K_MONEY_NUM),
};
#undef T
static const struct schema discount_line_s = SCHEMA(struct model_discount_line, discount_line_f);

#define T struct model_discount_order
static const struct field discount_order_f[] = {
	REQUIRED(T, order_id, K_STR),
	REQ_ARRAY(T, order_line_items, discount_line_s),
};
#undef T
static const struct schema discount_order_s = SCHEMA(struct model_discount_order, discount_order_f);

#define T struct model_discount
static const struct field discount_f[] = {
	REQUIRED(T, discount_id, K_STR),
	{ "discount_value", K_MONEY_STR, F_REQUIRED, offsetof(T, discount_value),
	  offsetof(T, has_discount_value), NULL },
	REQUIRED(T, discount_type, K_I32),
	REQ_ARRAY(T, orders, discount_order_s),
};
#undef T
static const struct schema discount_s = SCHEMA(struct model_discount, discount_f);

static const struct field order_discounts_f[] = {
	ARRAY(struct model_order_discounts, discounts, discount_s),
};

#define T struct model_refund_info
static const struct field refund_info_f[] = {
	REQUIRED(T, id, K_STR),
	REQUIRED(T, amount, K_MONEY_NUM),
	REQUIRED(T, measure_id, K_I32_STR),
	REQUIRED(T, customer_id, K_STR),
	REQUIRED(T, resource_type_code, K_STR),
	REQUIRED(T, service_type_code, K_STR),
	FIELD(T, resource_type_name, K_STR),
	FIELD(T, service_type_name, K_STR),
	REQUIRED(T, region_code, K_STR),
	FIELD(T, base_order_id, K_STR),
};
#undef T
static const struct schema refund_info_s = SCHEMA(struct model_refund_info, refund_info_f);

#define T struct model_refund_details
static const struct field refund_details_f[] = {
	FIELD(T, total_count, K_I32),
	ARRAY(T, refund_infos, refund_info_s),
};
#undef T

/* resources */

#define T struct model_resource
static const struct field resource_f[] = {
	FIELD(T, id, K_STR),
	FIELD(T, resource_id, K_STR),
	FIELD(T, resource_name, K_STR),
	FIELD(T, region_code, K_STR),
	FIELD(T, service_type_code, K_STR),
	FIELD(T, resource_type_code, K_STR),
	FIELD(T, resource_type_name, K_STR),
	FIELD(T, service_type_name, K_STR),
	FIELD(T, resource_spec_code, K_STR),
	FIELD(T, project_id, K_STR),
	FIELD(T, product_id, K_STR),
	FIELD(T, parent_resource_id, K_STR),
	FIELD(T, is_main_resource, K_I32),
	FIELD(T, status, K_I32),
	FIELD(T, effective_time, K_STR),
	FIELD(T, expire_time, K_STR),
	FIELD(T, expire_policy, K_I32),
	FIELD(T, product_spec_desc, K_STR),
	OPTIONAL(T, spec_size, K_MONEY_NUM),
	FIELD(T, spec_size_measure_id, K_I32),
	FIELD(T, update_time, K_STR),
	OBJECT(T, enterprise_project, enterprise_project_s),
};
#undef T
static const struct schema resource_s = SCHEMA(struct model_resource, resource_f);

#define T struct model_resources
static const struct field resources_f[] = {
	ARRAY(T, data, resource_s),
	FIELD(T, total_count, K_I32),
};
#undef T

/* Both spellings of the failed item's id land in `id` (errors.h). */
#define T struct bss_item_failure
static const struct field item_failure_f[] = {
	FIELD(T, error_code, K_STR),
	FIELD(T, error_msg, K_STR),
	FIELD(T, id, K_STR),
	FIELD_AS(T, id, "resource_id", K_STR),
};
#undef T
static const struct schema item_failure_s = SCHEMA(struct bss_item_failure, item_failure_f);

#define T struct model_resource_orders
static const struct field resource_orders_f[] = {
	STRINGS(T, order_ids),
	ARRAY(T, fail_resource_infos, item_failure_s),
};
#undef T

static const struct field to_on_demand_f[] = {
	ARRAY(struct model_to_on_demand, error_details, item_failure_s),
};

/* resource packages */

#define T struct model_free_resource
static const struct field free_resource_f[] = {
	FIELD(T, free_resource_id, K_STR),
	FIELD(T, usage_type_name, K_STR),
	FIELD(T, amount, K_MONEY_STR),
	FIELD(T, original_amount, K_MONEY_STR),
	FIELD(T, measure_id, K_I32),
};
#undef T
static const struct schema free_resource_s = SCHEMA(struct model_free_resource, free_resource_f);

#define T struct model_package
static const struct field package_f[] = {
	FIELD(T, order_instance_id, K_STR),
	FIELD(T, order_id, K_STR),
	FIELD(T, product_id, K_STR),
	FIELD(T, product_name, K_STR),
	FIELD(T, enterprise_project_id, K_STR),
	FIELD(T, enterprise_project_scope, K_I32),
	FIELD(T, effective_time, K_STR),
	FIELD(T, expire_time, K_STR),
	FIELD(T, status, K_I32),
	FIELD(T, service_type_code, K_STR),
	FIELD(T, service_type_name, K_STR),
	FIELD(T, region_code, K_STR),
	FIELD(T, source_type, K_I32),
	FIELD(T, bundle_type, K_STR),
	FIELD(T, quota_reuse_mode, K_I32),
	ARRAY(T, free_resources, free_resource_s),
};
#undef T
static const struct schema package_s = SCHEMA(struct model_package, package_f);

#define T struct model_packages
static const struct field packages_f[] = {
	ARRAY(T, free_resource_packages, package_s),
	FIELD(T, total_count, K_I32),
};
#undef T

#define T struct model_package_usage
static const struct field package_usage_f[] = {
	FIELD(T, free_resource_id, K_STR),
	FIELD(T, free_resource_type_name, K_STR),
	FIELD(T, quota_reuse_cycle, K_I32),
	FIELD(T, quota_reuse_cycle_type, K_I32),
	FIELD(T, usage_type_name, K_STR),
	FIELD(T, start_time, K_STR),
	FIELD(T, end_time, K_STR),
	FIELD(T, amount, K_MONEY_NUM),
	FIELD(T, original_amount, K_MONEY_NUM),
	FIELD(T, measure_id, K_I32),
};
#undef T
static const struct schema package_usage_s = SCHEMA(struct model_package_usage, package_usage_f);

static const struct field package_usages_f[] = {
	ARRAY(struct model_package_usages, free_resources, package_usage_s),
};

#define T struct model_usage_record
static const struct field usage_record_f[] = {
	FIELD(T, deduct_time, K_STR),
	FIELD(T, free_resource_id, K_STR),
	FIELD(T, resource_id, K_STR),
	FIELD(T, resource_type_code, K_STR),
	FIELD(T, resource_type_name, K_STR),
	FIELD(T, resource_tag, K_STR),
	FIELD(T, product_id, K_STR),
	FIELD(T, product_name, K_STR),
	FIELD(T, usage_type_code, K_STR),
	FIELD(T, available_amount, K_MONEY_STR),
	FIELD(T, remaining_amount, K_MONEY_STR),
	FIELD(T, used_amount, K_MONEY_STR),
	FIELD(T, measure_id, K_I32),
	FIELD(T, effective_time, K_STR),
	FIELD(T, expire_time, K_STR),
};
#undef T
static const struct schema usage_record_s = SCHEMA(struct model_usage_record, usage_record_f);

#define T struct model_usage_records
static const struct field usage_records_f[] = {
	ARRAY(T, free_resource_records, usage_record_s),
	FIELD(T, total_count, K_I32),
};
#undef T

/* bills and costs */

/* Amounts shared by a monthly-sum row and the monthly-sum totals. */
#define SUM_AMOUNT_FIELDS(T) \
	FIELD(T, consume_amount, K_MONEY_NUM), \
	FIELD(T, coupon_amount, K_MONEY_NUM), \
	FIELD(T, flexipurchase_coupon_amount, K_MONEY_NUM), \
	FIELD(T, stored_value_card_amount, K_MONEY_NUM), \
	FIELD(T, debt_amount, K_MONEY_NUM), \
	FIELD(T, writeoff_amount, K_MONEY_NUM), \
	FIELD(T, cash_amount, K_MONEY_NUM), \
	FIELD(T, credit_amount, K_MONEY_NUM), \
	FIELD(T, measure_id, K_I32)

#define T struct model_bill_sum
static const struct field bill_sum_f[] = {
	FIELD(T, bill_cycle, K_STR),
	FIELD(T, resource_type_code, K_STR),
	FIELD(T, service_type_code, K_STR),
	FIELD(T, service_type_name, K_STR),
	FIELD(T, resource_type_name, K_STR),
	FIELD(T, charging_mode, K_I32),
	FIELD(T, official_amount, K_MONEY_NUM),
	FIELD(T, official_discount_amount, K_MONEY_NUM),
	FIELD(T, truncated_amount, K_MONEY_NUM),
	SUM_AMOUNT_FIELDS(T),
	FIELD(T, bill_type, K_I32),
	FIELD(T, customer_id, K_STR),
	FIELD(T, account_name, K_STR),
};
#undef T
static const struct schema bill_sum_s = SCHEMA(struct model_bill_sum, bill_sum_f);

#define T struct model_monthly_sum
static const struct field monthly_sum_f[] = {
	FIELD(T, total_count, K_I32),
	ARRAY(T, bill_sums, bill_sum_s),
	SUM_AMOUNT_FIELDS(T),
	FIELD(T, currency, K_STR),
};
#undef T

#define PAID(T, m) FLAT(T, paid, struct model_payment_split, m, #m, K_MONEY_NUM)
#define SUB(T, m) FLAT(T, sub, struct model_sub_resource, m, #m, K_STR)
/* The fields res-records and res-fee-records share, with the same wire types. */
#define BILL_RECORD_FIELDS(T) \
	FIELD(T, bill_date, K_STR), \
	FIELD(T, bill_type, K_I32), \
	FIELD(T, customer_id, K_STR), \
	FIELD(T, region, K_STR), \
	FIELD(T, region_name, K_STR), \
	FIELD(T, cloud_service_type, K_STR), \
	FIELD(T, cloud_service_type_name, K_STR), \
	FIELD(T, resource_type_name, K_STR), \
	FIELD(T, resource_name, K_STR), \
	FIELD(T, resource_tag, K_STR), \
	FIELD(T, sku_code, K_STR), \
	FIELD(T, enterprise_project_id, K_STR), \
	FIELD(T, enterprise_project_name, K_STR), \
	PAID(T, cash_amount), PAID(T, credit_amount), PAID(T, coupon_amount), \
	PAID(T, flexipurchase_coupon_amount), PAID(T, stored_card_amount), \
	PAID(T, bonus_amount), PAID(T, debt_amount), PAID(T, adjustment_amount), \
	FIELD(T, official_amount, K_MONEY_NUM), \
	FIELD(T, discount_amount, K_MONEY_NUM), \
	FIELD(T, measure_id, K_I32), \
	FIELD(T, trade_id, K_STR), \
	FIELD(T, id, K_STR), \
	FIELD(T, product_spec_desc, K_STR), \
	SUB(T, sub_service_type_code), SUB(T, sub_service_type_name), \
	SUB(T, sub_resource_type_code), SUB(T, sub_resource_type_name), \
	SUB(T, sub_resource_id), SUB(T, sub_resource_name), \
	FIELD(T, effective_time, K_STR), \
	FIELD(T, expire_time, K_STR), \
	FIELD(T, consume_time, K_STR), \
	FIELD(T, account_name, K_STR), \
	FIELD(T, period_num, K_MONEY_NUM)

#define T struct model_az_code
static const struct field az_code_f[] = {
	FIELD(T, az_code, K_STR),
};
#undef T
static const struct schema az_code_s = SCHEMA(struct model_az_code, az_code_f);

#define T struct model_relation_info
static const struct field relation_info_f[] = {
	FIELD(T, relative_resource_id, K_STR),
	FIELD(T, relative_type, K_STR),
};
#undef T
static const struct schema relation_info_s = SCHEMA(struct model_relation_info, relation_info_f);

#define T struct model_res_relation
static const struct field res_relation_f[] = {
	FIELD(T, self_resource_id, K_STR),
	ARRAY(T, relation_infos, relation_info_s),
};
#undef T
static const struct schema res_relation_s = SCHEMA(struct model_res_relation, res_relation_f);

#define T struct model_res_record
static const struct field res_record_f[] = {
	FIELD(T, cycle, K_STR),
	BILL_RECORD_FIELDS(T),
	FIELD_AS(T, resource_type_code, "resource_Type_code", K_STR),
	FIELD(T, res_instance_id, K_STR),
	FIELD(T, charge_mode, K_I32),
	FIELD(T, consume_amount, K_MONEY_NUM),
	FIELD(T, period_type, K_I32),
	FIELD(T, root_resource_id, K_STR),
	FIELD(T, parent_resource_id, K_STR),
	FIELD(T, pre_order_id, K_STR),
	ARRAY(T, az_code_infos, az_code_s),
	FIELD(T, payer_account_id, K_STR),
	FIELD(T, be_id, K_STR),
	OBJECT(T, extend_params, res_relation_s),
};
#undef T
static const struct schema res_record_s = SCHEMA(struct model_res_record, res_record_f);

#define T struct model_res_records
static const struct field res_records_f[] = {
	ARRAY(T, monthly_records, res_record_s),
	FIELD(T, total_count, K_I32),
	FIELD(T, currency, K_STR),
};
#undef T

#define T struct model_fee_record
static const struct field fee_record_f[] = {
	BILL_RECORD_FIELDS(T),
	FIELD(T, resource_type, K_STR),
	FIELD(T, resource_id, K_STR),
	FIELD(T, product_id, K_STR),
	FIELD(T, product_name, K_STR),
	OPTIONAL(T, spec_size, K_MONEY_NUM),
	FIELD(T, spec_size_measure_id, K_I32),
	FIELD(T, trade_time, K_STR),
	FIELD(T, charge_mode, K_I32_STR),
	FIELD(T, order_id, K_STR),
	FIELD(T, period_type, K_I32_STR),
	FIELD(T, usage_type, K_STR),
	OPTIONAL(T, usage, K_MONEY_NUM),
	FIELD(T, usage_measure_id, K_I32),
	FIELD(T, free_resource_usage, K_MONEY_NUM),
	FIELD(T, free_resource_measure_id, K_I32),
	FIELD(T, ri_usage, K_MONEY_NUM),
	FIELD(T, ri_usage_measure_id, K_I32),
	OPTIONAL(T, unit_price, K_MONEY_NUM),
	FIELD(T, unit, K_STR),
	FIELD(T, amount, K_MONEY_NUM),
	FIELD(T, formula, K_STR),
	FIELD(T, relative_order_id, K_STR),
};
#undef T
static const struct schema fee_record_s = SCHEMA(struct model_fee_record, fee_record_f);

#define T struct model_fee_records
static const struct field fee_records_f[] = {
	ARRAY(T, fee_records, fee_record_s),
	FIELD(T, total_count, K_I32),
	FIELD(T, currency, K_STR),
};
#undef T

#define T struct model_cost_dimension
static const struct field cost_dimension_f[] = {
	FIELD(T, key, K_STR),
	FIELD(T, value, K_STR),
};
#undef T
static const struct schema cost_dimension_s = SCHEMA(struct model_cost_dimension, cost_dimension_f);

#define T struct model_cost
static const struct field cost_f[] = {
	FIELD(T, time_dimension_value, K_STR),
	FIELD(T, time_measure_id, K_I32),
	FIELD(T, amount, K_MONEY_STR),
	FIELD(T, official_amount, K_MONEY_STR),
};
#undef T
static const struct schema cost_s = SCHEMA(struct model_cost, cost_f);

#define T struct model_cost_row
static const struct field cost_row_f[] = {
	ARRAY(T, dimensions, cost_dimension_s),
	ARRAY(T, costs, cost_s),
	FIELD(T, amount_by_costs, K_MONEY_STR),
	FIELD(T, official_amount_by_costs, K_MONEY_STR),
};
#undef T
static const struct schema cost_row_s = SCHEMA(struct model_cost_row, cost_row_f);

#define T struct model_costs
static const struct field costs_f[] = {
	FIELD(T, currency, K_STR),
	FIELD(T, total_count, K_I32),
	ARRAY(T, cost_data, cost_row_s),
};
#undef T

/* ---- operations -------------------------------------------------------- */

struct op_info {
	const char *name;
	struct schema root;     /* size 0: a 204 operation without a body */
	const char *items;      /* paged lists: the array of records */
	const char *total;      /* paged lists: the count of all matching records */
};

#define OP(name, T, tbl, items, total) { name, SCHEMA(T, tbl), items, total }
#define OP_NO_BODY(name) { name, { name, 0, NULL, 0 }, NULL, NULL }

static const struct op_info ops[MODEL_OP_COUNT] = {
	[MODEL_OP_LIST_SERVICE_TYPES] = OP("ListServiceTypes", struct model_service_types,
	    service_types_f, "service_types", "total_count"),
	[MODEL_OP_LIST_RESOURCE_TYPES] = OP("ListResourceTypes", struct model_resource_types,
	    resource_types_f, "resource_types", "total_count"),
	[MODEL_OP_LIST_SERVICE_RESOURCES] = OP("ListServiceResources",
	    struct model_service_resources, service_resources_f, "infos", "total_count"),
	[MODEL_OP_LIST_USAGE_TYPES] = OP("ListUsageTypes", struct model_usage_types,
	    usage_types_f, "usage_types", "total_count"),
	[MODEL_OP_LIST_MEASURE_UNITS] = OP("ListMeasureUnits", struct model_measure_units,
	    measure_units_f, NULL, NULL),
	[MODEL_OP_LIST_CONVERSIONS] = OP("ListConversions", struct model_conversions,
	    conversions_f, NULL, NULL),
	[MODEL_OP_LIST_ON_DEMAND_RESOURCE_RATINGS] = OP("ListOnDemandResourceRatings",
	    struct model_on_demand_rating, on_demand_rating_f, NULL, NULL),
	[MODEL_OP_LIST_RATE_ON_PERIOD_DETAIL] = OP("ListRateOnPeriodDetail",
	    struct model_period_rating, period_rating_f, NULL, NULL),
	[MODEL_OP_SHOW_CUSTOMER_ACCOUNT_BALANCES] = OP("ShowCustomerAccountBalances",
	    struct model_balances, balances_f, NULL, NULL),
	[MODEL_OP_LIST_SUB_CUSTOMER_COUPONS] = OP("ListSubCustomerCoupons", struct model_coupons,
	    coupons_f, "user_coupons", "count"),
	[MODEL_OP_LIST_CUSTOMER_ORDERS] = OP("ListCustomerOrders", struct model_orders, orders_f,
	    "order_infos", "total_count"),
	[MODEL_OP_SHOW_CUSTOMER_ORDER_DETAILS] = OP("ShowCustomerOrderDetails",
	    struct model_order_details, order_details_f, "order_line_items", "total_count"),
	[MODEL_OP_LIST_ORDER_COUPONS_BY_ORDER_ID] = OP("ListOrderCouponsByOrderId",
	    struct model_order_coupons, order_coupons_f, NULL, NULL),
	[MODEL_OP_LIST_ORDER_DISCOUNTS] = OP("ListOrderDiscounts", struct model_order_discounts,
	    order_discounts_f, NULL, NULL),
	[MODEL_OP_PAY_ORDERS] = OP_NO_BODY("PayOrders"),
	[MODEL_OP_CANCEL_CUSTOMER_ORDER] = OP_NO_BODY("CancelCustomerOrder"),
	[MODEL_OP_SHOW_REFUND_ORDER_DETAILS] = OP("ShowRefundOrderDetails",
	    struct model_refund_details, refund_details_f, NULL, NULL),
	[MODEL_OP_LIST_PAY_PER_USE_CUSTOMER_RESOURCES] = OP("ListPayPerUseCustomerResources",
	    struct model_resources, resources_f, "data", "total_count"),
	[MODEL_OP_RENEWAL_RESOURCES] = OP("RenewalResources", struct model_resource_orders,
	    resource_orders_f, NULL, NULL),
	[MODEL_OP_CANCEL_RESOURCES_SUBSCRIPTION] = OP("CancelResourcesSubscription",
	    struct model_resource_orders, resource_orders_f, NULL, NULL),
	[MODEL_OP_AUTO_RENEWAL_RESOURCES] = OP_NO_BODY("AutoRenewalResources"),
	[MODEL_OP_CANCEL_AUTO_RENEWAL_RESOURCES] = OP_NO_BODY("CancelAutoRenewalResources"),
	[MODEL_OP_UPDATE_PERIOD_TO_ON_DEMAND] = OP("UpdatePeriodToOnDemand",
	    struct model_to_on_demand, to_on_demand_f, NULL, NULL),
	[MODEL_OP_LIST_FREE_RESOURCE_INFOS] = OP("ListFreeResourceInfos", struct model_packages,
	    packages_f, "free_resource_packages", "total_count"),
	[MODEL_OP_LIST_FREE_RESOURCE_USAGES] = OP("ListFreeResourceUsages",
	    struct model_package_usages, package_usages_f, NULL, NULL),
	[MODEL_OP_LIST_FREE_RESOURCES_USAGE_RECORDS] = OP("ListFreeResourcesUsageRecords",
	    struct model_usage_records, usage_records_f, "free_resource_records", "total_count"),
	[MODEL_OP_SHOW_CUSTOMER_MONTHLY_SUM] = OP("ShowCustomerMonthlySum",
	    struct model_monthly_sum, monthly_sum_f, "bill_sums", "total_count"),
	[MODEL_OP_LIST_CUSTOMERSELF_RESOURCE_RECORD_DETAILS] = OP(
	    "ListCustomerselfResourceRecordDetails", struct model_res_records, res_records_f,
	    "monthly_records", "total_count"),
	[MODEL_OP_LIST_CUSTOMERSELF_RESOURCE_RECORDS] = OP("ListCustomerselfResourceRecords",
	    struct model_fee_records, fee_records_f, "fee_records", "total_count"),
	[MODEL_OP_LIST_COSTS] = OP("ListCosts", struct model_costs, costs_f, "cost_data",
	    "total_count"),
};

/* ---- the generic parser ------------------------------------------------ */

struct model {
	enum model_op op;
	struct arena *arena;  /* owns this struct and everything it points to */
	void *root;           /* NULL for the 204 operations */
	char request_id[64];
};

/* Deep enough for every path in bss-api.md with room for large indexes. */
#define PATH_MAX_LEN 256

struct parse {
	struct arena *arena;
	char path[PATH_MAX_LEN];
	size_t path_len;
	char *error;          /* "path: what", set once */
};

/* 2^53: beyond it a JSON number held in a double no longer has every integer. */
#define EXACT_INT_BOUND 9007199254740992.0

static const char empty_string[] = "";

static size_t
path_push(struct parse *p, const char *fmt, ...) BSS_PRINTF(2, 3);

static size_t
path_push(struct parse *p, const char *fmt, ...)
{
	size_t saved = p->path_len;
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(p->path + saved, sizeof(p->path) - saved, fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= sizeof(p->path) - saved)
		p->path_len = sizeof(p->path) - 1;  /* truncated: still names the start */
	else
		p->path_len = saved + (size_t)n;
	return saved;
}

static size_t
path_push_field(struct parse *p, const char *name)
{
	return path_push(p, p->path_len ? ".%s" : "%s", name);
}

static void
path_pop(struct parse *p, size_t saved)
{
	p->path_len = saved;
	p->path[saved] = '\0';
}

static int
fail(struct parse *p, const char *what)
{
	if (p->error == NULL)
		p->error = xasprintf("%s: %s", p->path_len ? p->path : "(body)", what);
	return -1;
}

static void *
at(void *base, size_t off)
{
	return (char *)base + off;
}

static void
mark_present(void *base, const struct field *f)
{
	if (f->aux != NO_AUX)
		*(bool *)at(base, f->aux) = true;
}

static bool
is_blank(const char *s)
{
	while (*s == ' ' || *s == '\t')
		s++;
	return *s == '\0';
}

static int
parse_int(struct parse *p, const cJSON *v, double lo, double hi, int64_t *out)
{
	double d;

	if (!cJSON_IsNumber(v))
		return fail(p, "expected integer");
	d = v->valuedouble;
	if (!isfinite(d) || d != floor(d))
		return fail(p, "expected integer");
	if (d < lo || d > hi)
		return fail(p, "integer out of range");
	*out = (int64_t)d;
	return 0;
}

/* A decimal integer in a string: optional sign, digits, nothing else. */
static int
parse_int_text(struct parse *p, const char *s, int32_t *out)
{
	char *end;
	long long v;

	errno = 0;
	if (!(*s == '-' || *s == '+' || (*s >= '0' && *s <= '9')))
		return fail(p, "expected an integer in a string");
	v = strtoll(s, &end, 10);
	if (end == s || *end != '\0')
		return fail(p, "expected an integer in a string");
	if (errno == ERANGE || v < INT32_MIN || v > INT32_MAX)
		return fail(p, "integer out of range");
	*out = (int32_t)v;
	return 0;
}

/*
 * Any amount: a JSON number (rounded once to 8 places, util/money.h) or a
 * decimal string. An empty string means "not given" (returns 1).
 */
static int
parse_money(struct parse *p, const cJSON *v, unsigned kind, money_t *out)
{
	if (cJSON_IsNumber(v)) {
		if (money_from_double(v->valuedouble, out) != 0)
			return fail(p, "amount out of range");
		return 0;
	}
	if (cJSON_IsString(v)) {
		if (is_blank(v->valuestring))
			return 1;
		if (money_parse(v->valuestring, out) != 0)
			return fail(p, "expected a decimal amount");
		return 0;
	}
	return fail(p, kind == K_MONEY_STR ? "expected string" : "expected number");
}

static int parse_object(struct parse *p, const cJSON *obj, const struct schema *s, void *out);

static int
parse_array(struct parse *p, const cJSON *arr, const struct field *f, void *base)
{
	size_t n = (size_t)cJSON_GetArraySize(arr), i = 0, elem;
	const cJSON *it;
	char *items;

	elem = f->kind == K_STR_ARR ? sizeof(const char *) : f->sub->size;
	items = arena_calloc(p->arena, n, elem);
	cJSON_ArrayForEach(it, arr) {
		size_t saved = path_push(p, "[%zu]", i);

		if (f->kind == K_STR_ARR) {
			if (!cJSON_IsString(it))
				return fail(p, "expected string");
			*(const char **)(items + i * elem) = arena_strdup(p->arena, it->valuestring);
		} else {
			if (!cJSON_IsObject(it))
				return fail(p, "expected object");
			if (parse_object(p, it, f->sub, items + i * elem) != 0)
				return -1;
		}
		path_pop(p, saved);
		i++;
	}
	memcpy(at(base, f->off), &items, sizeof(items));
	*(size_t *)at(base, f->aux) = n;
	return 0;
}

/* One present, non-null wire value into its slot. */
static int
parse_value(struct parse *p, const cJSON *v, const struct field *f, void *base)
{
	void *slot = at(base, f->off);
	int64_t i64;
	int32_t i32;
	int rc;

	switch (f->kind) {
	case K_STR:
		if (!cJSON_IsString(v))
			return fail(p, "expected string");
		*(const char **)slot = arena_strdup(p->arena, v->valuestring);
		break;
	case K_I32:
		if (parse_int(p, v, INT32_MIN, INT32_MAX, &i64) != 0)
			return -1;
		*(int32_t *)slot = (int32_t)i64;
		break;
	case K_I64:
		if (parse_int(p, v, -EXACT_INT_BOUND, EXACT_INT_BOUND, &i64) != 0)
			return -1;
		*(int64_t *)slot = i64;
		break;
	case K_BOOL:
		if (!cJSON_IsBool(v))
			return fail(p, "expected boolean");
		*(bool *)slot = cJSON_IsTrue(v);
		break;
	case K_MONEY_NUM:
	case K_MONEY_STR:
		rc = parse_money(p, v, f->kind, slot);
		if (rc != 0)
			return rc < 0 ? -1 : 0;
		break;
	case K_I32_STR:
		if (!cJSON_IsString(v))
			return fail(p, "expected string");
		if (is_blank(v->valuestring))
			return 0;
		if (parse_int_text(p, v->valuestring, &i32) != 0)
			return -1;
		*(int32_t *)slot = i32;
		break;
	case K_OBJ:
		if (!cJSON_IsObject(v))
			return fail(p, "expected object");
		if (parse_object(p, v, f->sub, slot) != 0)
			return -1;
		break;
	case K_ARR:
	case K_STR_ARR:
		if (!cJSON_IsArray(v))
			return fail(p, "expected array");
		return parse_array(p, v, f, base);
	}
	mark_present(base, f);
	return 0;
}

/*
 * The field for `key`. Servers send fields in a stable order, usually the
 * table's, so the search starts after the previous match: parsing a record
 * costs about one comparison per field instead of one per field pair.
 */
static const struct field *
find_field(const struct schema *s, const char *key, size_t *hint)
{
	size_t i, k;

	for (k = 0; k < s->n; k++) {
		i = (*hint + k) % s->n;
		if (strcmp(s->fields[i].json, key) == 0) {
			*hint = i + 1;
			return &s->fields[i];
		}
	}
	return NULL;
}

static int
parse_object(struct parse *p, const cJSON *obj, const struct schema *s, void *out)
{
	const cJSON *child;
	size_t hint = 0, i;

	cJSON_ArrayForEach(child, obj) {
		const struct field *f;
		size_t saved;

		if (child->string == NULL || cJSON_IsNull(child))
			continue;
		f = find_field(s, child->string, &hint);
		if (f == NULL)
			continue;  /* fields the sheet does not list are ignored */
		saved = path_push_field(p, f->json);
		if (parse_value(p, child, f, out) != 0)
			return -1;
		path_pop(p, saved);
	}
	for (i = 0; i < s->n; i++) {
		const struct field *f = &s->fields[i];
		const char **str = at(out, f->off);

		if (f->kind == K_STR && *str == NULL)
			*str = empty_string;
		if (f->flags & F_REQUIRED) {
			const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, f->json);

			if (v == NULL || cJSON_IsNull(v)) {
				path_push_field(p, f->json);
				return fail(p, v ? "required field is null" : "required field is missing");
			}
		}
	}
	return 0;
}

/*
 * True when the text ends inside a string or with brackets still open: the
 * answer was cut short (a dropped connection, a size cap), not malformed.
 */
static bool
looks_truncated(const char *s, size_t len)
{
	bool in_string = false, escaped = false;
	size_t i, depth = 0;

	for (i = 0; i < len; i++) {
		char c = s[i];

		if (in_string) {
			if (escaped)
				escaped = false;
			else if (c == '\\')
				escaped = true;
			else if (c == '"')
				in_string = false;
		} else if (c == '"') {
			in_string = true;
		} else if (c == '{' || c == '[') {
			depth++;
		} else if ((c == '}' || c == ']') && depth > 0) {
			depth--;
		}
	}
	return in_string || depth > 0;
}

static bool
all_space(const char *s, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r' && s[i] != '\n')
			return false;
	return true;
}

static struct model *
model_alloc(enum model_op op)
{
	struct arena *a = arena_new();
	struct model *m = arena_alloc(a, sizeof(*m));

	m->op = op;
	m->arena = a;
	return m;
}

int
model_parse(enum model_op op, const char *json, size_t len, struct model **out,
    struct bss_error **err)
{
	const struct op_info *info;
	const char *end = NULL;
	const cJSON *code;
	struct parse p;
	struct model *m;
	cJSON *root;

	*out = NULL;
	*err = NULL;
	if ((unsigned)op >= MODEL_OP_COUNT) {
		*err = bss_error_new(BSS_ERR_INVALID, "unknown operation");
		return -1;
	}
	info = &ops[op];
	if (info->root.size == 0 && all_space(json, len)) {
		*out = model_alloc(op);
		return 0;
	}
	root = cJSON_ParseWithLengthOpts(json, len, &end, false);
	if (root == NULL) {
		size_t at_byte = end ? (size_t)(end - json) : 0;

		if (at_byte >= len || looks_truncated(json, len))
			*err = bss_error_newf(BSS_ERR_PARSE, "truncated JSON (%zu bytes)", len);
		else
			*err = bss_error_newf(BSS_ERR_PARSE, "malformed JSON at byte %zu", at_byte);
		return -1;
	}
	code = cJSON_GetObjectItemCaseSensitive(root, "error_code");
	if (cJSON_IsString(code) && *code->valuestring != '\0' &&
	    strcmp(code->valuestring, "CBC.0000") != 0) {
		*err = bss_error_from_response(200, json, len, NULL);
		cJSON_Delete(root);
		return -1;
	}
	if (!cJSON_IsObject(root)) {
		cJSON_Delete(root);
		*err = bss_error_newf(BSS_ERR_PARSE, "expected a JSON object");
		return -1;
	}
	m = model_alloc(op);
	if (info->root.size != 0) {
		memset(&p, 0, sizeof(p));
		p.arena = m->arena;
		m->root = arena_alloc(m->arena, info->root.size);
		if (parse_object(&p, root, &info->root, m->root) != 0) {
			*err = bss_error_newf(BSS_ERR_PARSE, "%s", p.error);
			free(p.error);
			model_free(m);
			cJSON_Delete(root);
			return -1;
		}
	}
	cJSON_Delete(root);
	*out = m;
	return 0;
}

void
model_free(struct model *m)
{
	if (m != NULL)
		arena_free(m->arena);  /* m itself lives in its arena */
}

const char *
model_request_id(const struct model *m)
{
	return m != NULL ? m->request_id : "";
}

void
model_set_request_id(struct model *m, const char *id)
{
	snprintf(m->request_id, sizeof m->request_id, "%s", id != NULL ? id : "");
}

enum model_op
model_op_of(const struct model *m)
{
	return m->op;
}

const char *
model_op_name(enum model_op op)
{
	return (unsigned)op < MODEL_OP_COUNT ? ops[op].name : "unknown";
}

int
model_op_by_name(const char *name)
{
	int i;

	for (i = 0; i < MODEL_OP_COUNT; i++)
		if (strcmp(ops[i].name, name) == 0)
			return i;
	return -1;
}

bool
model_op_has_body(enum model_op op)
{
	return (unsigned)op < MODEL_OP_COUNT && ops[op].root.size != 0;
}

bool
model_op_is_paged(enum model_op op)
{
	return (unsigned)op < MODEL_OP_COUNT && ops[op].items != NULL;
}

const void *
model_view(const struct model *m, enum model_op op)
{
	return m != NULL && m->op == op ? m->root : NULL;
}

static const struct field *
root_field(enum model_op op, const char *json)
{
	const struct schema *s = &ops[op].root;
	size_t i;

	for (i = 0; json != NULL && i < s->n; i++)
		if (strcmp(s->fields[i].json, json) == 0)
			return &s->fields[i];
	return NULL;
}

int64_t
model_total(const struct model *m)
{
	const struct field *f = root_field(m->op, ops[m->op].total);

	return f ? *(const int32_t *)at(m->root, f->off) : -1;
}

size_t
model_items(const struct model *m)
{
	const struct field *f = root_field(m->op, ops[m->op].items);

	return f ? *(const size_t *)at(m->root, f->aux) : 0;
}

struct model *
model_join(struct model **pages, size_t n)
{
	struct model *m = pages[0];
	const struct field *f = root_field(m->op, ops[m->op].items);
	size_t total = 0, i, elem, done = 0;
	char *items;

	if (f == NULL || n < 2)
		return m;
	elem = f->sub->size;
	for (i = 0; i < n; i++)
		total += *(const size_t *)at(pages[i]->root, f->aux);
	items = arena_calloc(m->arena, total, elem);
	for (i = 0; i < n; i++) {
		size_t count = *(const size_t *)at(pages[i]->root, f->aux);
		const char *src;

		memcpy(&src, at(pages[i]->root, f->off), sizeof(src));
		if (count > 0)
			memcpy(items + done * elem, src, count * elem);
		done += count;
	}
	memcpy(at(m->root, f->off), &items, sizeof(items));
	*(size_t *)at(m->root, f->aux) = total;
	for (i = 1; i < n; i++)
		arena_adopt(m->arena, pages[i]->arena);
	return m;
}

/* ---- introspection ----------------------------------------------------- */

static const char *const wire_type[] = {
	[K_STR] = "string", [K_I32] = "integer", [K_I64] = "integer", [K_BOOL] = "boolean",
	[K_MONEY_NUM] = "number", [K_MONEY_STR] = "string", [K_I32_STR] = "string",
	[K_OBJ] = "object", [K_ARR] = "array", [K_STR_ARR] = "array",
};

struct walk {
	void (*fn)(const char *path, const char *type, void *arg);
	void *arg;
	const struct schema *stack[16];
	size_t depth;
	struct parse path;
};

static void
walk_schema(struct walk *w, const struct schema *s)
{
	size_t i, d, seen = 0;

	/* A struct inside itself (sub-orders) is walked one level deep. */
	for (d = 0; d < w->depth; d++)
		if (w->stack[d] == s && ++seen == 2)
			return;
	if (w->depth == sizeof(w->stack) / sizeof(w->stack[0]))
		return;
	w->stack[w->depth++] = s;
	for (i = 0; i < s->n; i++) {
		const struct field *f = &s->fields[i];
		size_t saved = path_push_field(&w->path, f->json);

		w->fn(w->path.path, wire_type[f->kind], w->arg);
		if (f->sub != NULL)
			walk_schema(w, f->sub);
		path_pop(&w->path, saved);
	}
	w->depth--;
}

void
model_wire_walk(enum model_op op, void (*fn)(const char *path, const char *type, void *arg),
    void *arg)
{
	struct walk w;

	if ((unsigned)op >= MODEL_OP_COUNT)
		return;
	memset(&w, 0, sizeof(w));
	w.fn = fn;
	w.arg = arg;
	walk_schema(&w, &ops[op].root);
}
