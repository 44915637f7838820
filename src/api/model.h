/*
 * model: typed results of the 30 BSS operations, parsed from their JSON.
 *
 * Field names follow bss-api.md section 6 (the wire names), except where the
 * wire spelling is a typo: `resource_Type_code` is `resource_type_code` here
 * and `use_limiti_info_id` is `use_limit_info_id`. Arrays are a pointer plus
 * an `n_` count. Conventions for every struct below:
 *   - strings are never NULL: absent or null on the wire gives "";
 *   - integers absent or null are 0; `has_X` says whether X was sent where
 *     "not sent" differs from 0 (a coupon without a balance, a nested object);
 *   - amounts and decimal quantities are money_t (8 decimal places), parsed
 *     from a JSON number or, where the API sends text, from the string, and
 *     either form is accepted for any amount; never a double;
 *   - times stay text as sent (UTC yyyy-MM-ddTHH:mm:ssZ, or the UTC+8 billing
 *     YYYY-MM / YYYY-MM-DD); util/timeutil.h parses them.
 *
 * Ownership: model_parse() returns a struct model that owns every struct and
 * string reachable from it; model_free() releases all of it at once. The
 * typed views (model_orders() ...) are const pointers into it, valid until
 * model_free(). A model is immutable after parsing, so views may be kept and
 * shared freely while the model lives.
 */
#ifndef BSS_API_MODEL_H
#define BSS_API_MODEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "api/errors.h"
#include "util/money.h"

/* The 30 operations of bss-api.md, in the order of its index (section 1). */
enum model_op {
	MODEL_OP_LIST_SERVICE_TYPES,
	MODEL_OP_LIST_RESOURCE_TYPES,
	MODEL_OP_LIST_SERVICE_RESOURCES,
	MODEL_OP_LIST_USAGE_TYPES,
	MODEL_OP_LIST_MEASURE_UNITS,
	MODEL_OP_LIST_CONVERSIONS,
	MODEL_OP_LIST_ON_DEMAND_RESOURCE_RATINGS,
	MODEL_OP_LIST_RATE_ON_PERIOD_DETAIL,
	MODEL_OP_SHOW_CUSTOMER_ACCOUNT_BALANCES,
	MODEL_OP_LIST_SUB_CUSTOMER_COUPONS,
	MODEL_OP_LIST_CUSTOMER_ORDERS,
	MODEL_OP_SHOW_CUSTOMER_ORDER_DETAILS,
	MODEL_OP_LIST_ORDER_COUPONS_BY_ORDER_ID,
	MODEL_OP_LIST_ORDER_DISCOUNTS,
	MODEL_OP_PAY_ORDERS,
	MODEL_OP_CANCEL_CUSTOMER_ORDER,
	MODEL_OP_SHOW_REFUND_ORDER_DETAILS,
	MODEL_OP_LIST_PAY_PER_USE_CUSTOMER_RESOURCES,
	MODEL_OP_RENEWAL_RESOURCES,
	MODEL_OP_CANCEL_RESOURCES_SUBSCRIPTION,
	MODEL_OP_AUTO_RENEWAL_RESOURCES,
	MODEL_OP_CANCEL_AUTO_RENEWAL_RESOURCES,
	MODEL_OP_UPDATE_PERIOD_TO_ON_DEMAND,
	MODEL_OP_LIST_FREE_RESOURCE_INFOS,
	MODEL_OP_LIST_FREE_RESOURCE_USAGES,
	MODEL_OP_LIST_FREE_RESOURCES_USAGE_RECORDS,
	MODEL_OP_SHOW_CUSTOMER_MONTHLY_SUM,
	MODEL_OP_LIST_CUSTOMERSELF_RESOURCE_RECORD_DETAILS,
	MODEL_OP_LIST_CUSTOMERSELF_RESOURCE_RECORDS,
	MODEL_OP_LIST_COSTS,
	MODEL_OP_COUNT
};

/* ---- products and units (6.1 - 6.6) ---------------------------------- */

struct model_service_type {
	const char *service_type_name;
	const char *service_type_code;
	const char *abbreviation;
};

struct model_service_types {           /* ListServiceTypes */
	int32_t total_count;
	const struct model_service_type *service_types;
	size_t n_service_types;
};

struct model_resource_type {
	const char *resource_type_code;
	const char *resource_type_name;
	const char *resource_type_desc;
	const char *service_type_code;
};

struct model_resource_types {          /* ListResourceTypes */
	int32_t total_count;
	const struct model_resource_type *resource_types;
	size_t n_resource_types;
};

struct model_resource_basic_info {
	const char *resource_type_code;
	const char *product_owner_service;
	const char *name;
	const char *description;
};

struct model_service_resource {        /* the wire wraps each item: {"basic_info": {...}} */
	bool has_basic_info;
	struct model_resource_basic_info basic_info;
};

struct model_service_resources {       /* ListServiceResources */
	int32_t total_count;
	const struct model_service_resource *infos;
	size_t n_infos;
};

struct model_usage_type {
	const char *code;
	const char *name;
	const char *resource_type_code;
	const char *service_type_code;
	const char *resource_type_name;
	const char *service_type_name;
};

struct model_usage_types {             /* ListUsageTypes */
	int32_t total_count;
	const struct model_usage_type *usage_types;
	size_t n_usage_types;
};

struct model_measure_unit {
	int32_t measure_id;
	const char *measure_name;
	const char *abbreviation;
	int32_t measure_type;
};

struct model_measure_units {           /* ListMeasureUnits */
	const struct model_measure_unit *measure_units;
	size_t n_measure_units;
};

struct model_conversion {
	int32_t measure_id;
	int32_t ref_measure_id;
	int64_t conversion_ratio;          /* 1 measure_id = ratio x ref_measure_id */
	int32_t measure_type;
};

struct model_conversions {             /* ListConversions */
	const struct model_conversion *conversions;
	size_t n_conversions;
};

/* ---- ratings (6.7, 6.8) ----------------------------------------------- */

struct model_discount_rating {         /* DemandDiscountRatingResult */
	const char *discount_id;
	int32_t discount_type;             /* 605, 606, 607 */
	money_t amount;
	int32_t measure_id;
	const char *discount_name;
};

/*
 * CloudPond installment prices (CN site only), flat on the wire as
 * installment_official_website_amount, installment_official_discount_amount,
 * installment_amount (strings) and installment_period_type.
 */
struct model_installment {
	bool present;                      /* any installment amount was sent */
	money_t official_website_amount;
	money_t official_discount_amount;
	money_t amount;
	int32_t period_type;               /* 2 month, 3 year */
};

/*
 * One product's price: DemandProductRatingResult (on-demand) and the period
 * PeriodProduct(Official)RatingResult share it.
 */
struct model_product_rating {
	const char *id;                    /* echo of the request's product id */
	const char *product_id;
	money_t amount;
	money_t discount_amount;
	money_t official_website_amount;
	int32_t measure_id;
	const struct model_discount_rating *discount_rating_results;
	size_t n_discount_rating_results;
	struct model_installment installment;
};

struct model_on_demand_rating {        /* ListOnDemandResourceRatings */
	money_t amount;
	money_t discount_amount;
	money_t official_website_amount;
	int32_t measure_id;
	const char *currency;              /* "CNY", "USD"; "" means CNY */
	const struct model_product_rating *product_rating_results;
	size_t n_product_rating_results;
};

struct model_official_rating {         /* OfficialWebsiteRatingResult */
	money_t official_website_amount;
	struct model_installment installment;
	int32_t measure_id;
	const struct model_product_rating *product_rating_results;
	size_t n_product_rating_results;
};

struct model_discount_option {         /* OptionalDiscountRatingResult */
	const char *discount_id;
	money_t amount;
	money_t official_website_amount;
	money_t discount_amount;
	int32_t measure_id;
	int32_t discount_type;
	const char *discount_name;
	int32_t best_offer;                /* 1 = the best discount */
	const struct model_product_rating *product_rating_results;
	size_t n_product_rating_results;
	struct model_installment installment;
};

struct model_period_rating {           /* ListRateOnPeriodDetail */
	bool has_official_website_rating_result;
	struct model_official_rating official_website_rating_result;
	const struct model_discount_option *optional_discount_rating_results;
	size_t n_optional_discount_rating_results;
	const char *currency;
};

/* ---- balance and coupons (6.9, 6.10, 6.13) ----------------------------- */

struct model_account_balance {         /* AccountBalanceV3 */
	const char *account_id;
	int32_t account_type;              /* 1 cash, 2 credit, 5 bonus, 7 deposit */
	money_t amount;
	const char *currency;
	bool has_designated_amount;
	money_t designated_amount;
	bool has_credit_amount;
	money_t credit_amount;             /* credit limit, credit account only */
	int32_t measure_id;
};

struct model_balances {                /* ShowCustomerAccountBalances */
	const struct model_account_balance *account_balances;
	size_t n_account_balances;
	bool has_debt_amount;
	money_t debt_amount;
	int32_t measure_id;
	const char *currency;
};

struct model_use_limit {               /* ICouponUseLimitInfoV2 / LimitInfoV2 */
	const char *use_limit_info_id;     /* wire: use_limiti_info_id */
	const char *limit_key;
	const char *value1;
	const char *value2;
	const char *value_unit;
	const char *limit_type;
	const char *promotion_plan_id;
};

/*
 * A coupon: IQueryUserCouponsResultV2 (ListSubCustomerCoupons) and
 * CouponInfoV2 (ListOrderCouponsByOrderId) in one struct; each operation
 * fills its own subset and leaves the rest "" / 0.
 */
struct model_coupon {
	const char *coupon_id;
	const char *coupon_code;
	/* 1 not activated, 2 available, 3 used, 4 expired, 5 reclaimed */
	int32_t status;
	const char *customer_id;
	int32_t coupon_type;               /* 1 cash, 2 discount, 3 product, 4 flexi-purchase */
	int32_t measure_id;
	money_t face_value;
	const char *valid_time;
	const char *effective_time;        /* order coupons */
	const char *expire_time;
	const char *order_id;
	const char *promotion_plan_id;
	const char *plan_name;
	const char *plan_desc;
	int32_t media_type;
	int32_t fetch_method;
	const struct model_use_limit *use_limits;
	size_t n_use_limits;
	const char *active_time;
	const char *reserve_time;
	const char *last_used_time;        /* order coupons */
	const char *promotion_id;
	const char *create_time;
	int32_t coupon_version;            /* 1 old (single use), 2 new (reusable) */
	bool has_balance;                  /* old-version coupons have none */
	money_t balance;
	const char *lock_order_id;
	const char *used_by_order_id;      /* order coupons */
	const char *coupon_usage;
	int32_t is_frozen;                 /* wire: the string "0" / "1" */
	const char *currency;
	const char *extend_param1;
	const char *source_id;
	int32_t coupon_group;              /* order coupons */
};

struct model_coupons {                 /* ListSubCustomerCoupons */
	int32_t count;
	const struct model_coupon *user_coupons;
	size_t n_user_coupons;
};

struct model_coupon_max_use {          /* CouponMaxUseQuantity */
	int32_t coupon_type;
	int32_t coupon_group;
	int32_t use_quantity_value;
};

struct model_order_coupons {           /* ListOrderCouponsByOrderId */
	int32_t count;
	const struct model_coupon *user_coupons;
	size_t n_user_coupons;
	const struct model_coupon_max_use *coupon_max_use_quantity;
	size_t n_coupon_max_use_quantity;
};

/* ---- orders (6.11, 6.12, 6.14, 6.17) ----------------------------------- */

struct model_enterprise_project {
	const char *id;
	const char *name;
};

struct model_discount_item {           /* DiscountItemV2 */
	const char *discount_type;         /* string code: "200", "605", ... */
	money_t discount_amount;
};

struct model_amount_info {             /* AmountInfomationV2 */
	const struct model_discount_item *discounts;
	size_t n_discounts;
	money_t flexipurchase_coupon_amount;
	money_t coupon_amount;
	money_t stored_card_amount;
	money_t commission_amount;
	money_t consumed_amount;
};

struct model_agent_pay_info {
	const char *paying_agent_id;
	bool is_agent_pay;
};

/*
 * An order: CustomerOrderV2 (list), CustomerOrderV3 (details) and their
 * sub-orders share this struct; a list row has no user_name or
 * pending_payment_end_time, a detail header no agent_pay_info.
 */
struct model_order {
	const char *order_id;
	const char *customer_id;
	const char *service_type_code;
	const char *service_type_name;
	int32_t source_type;
	int32_t status;                    /* 6 pending payment, 5 completed, 4 cancelled ... */
	int32_t order_type;                /* 1 new, 2 renewal, 3 change, 4 unsubscription ... */
	money_t amount_after_discount;
	money_t official_amount;
	int32_t measure_id;
	const char *create_time;
	const char *payment_time;
	const char *currency;
	const char *contract_id;
	bool has_amount_info;
	struct model_amount_info amount_info;
	const struct model_enterprise_project *enterprise_projects;
	size_t n_enterprise_projects;
	const struct model_order *sub_order_infos;  /* combined-transaction orders only */
	size_t n_sub_order_infos;
	bool has_agent_pay_info;
	struct model_agent_pay_info agent_pay_info;
	const char *user_name;
	const char *pending_payment_end_time;
};

struct model_orders {                  /* ListCustomerOrders */
	int32_t total_count;
	const struct model_order *order_infos;
	size_t n_order_infos;
};

struct model_product_object {          /* ProductObject */
	const char *product_id;
	const char *product_spec_desc;
	const char *category_code;
	const char *product_owner_service;
	const char *commercial_resource;
};

struct model_order_line_item {         /* OrderLineItemEntityV2 */
	const char *order_line_item_id;
	const char *service_type_code;
	const char *service_type_name;
	const char *product_id;
	const char *product_spec_desc;
	int32_t period_type;               /* 0 day, 1 week, 2 month, 3 year, 4 hour, 5 one-time */
	bool has_period_num;               /* null for unsubscription orders */
	int32_t period_num;
	const char *effective_time;
	const char *expire_time;
	int32_t subscription_num;
	money_t amount_after_discount;
	money_t official_amount;
	bool has_amount_info;
	struct model_amount_info amount_info;
	const char *currency;
	const char *category_code;
	const char *product_owner_service;
	const char *commercial_resource;
	bool has_base_product_info;
	struct model_product_object base_product_info;
	const char *order_id;
};

struct model_order_details {           /* ShowCustomerOrderDetails */
	int32_t total_count;               /* number of line items */
	bool has_order_info;
	struct model_order order_info;
	const struct model_order_line_item *order_line_items;
	size_t n_order_line_items;
};

struct model_discount_line {           /* OrderLineItemV3 */
	const char *const *order_line_item_ids;
	size_t n_order_line_item_ids;
	int32_t discount_mode;             /* 0 rate, 1 fixed price, 2 amount off */
	money_t discount_amount;
	money_t discount_ratio;            /* e.g. 0.8 */
};

struct model_discount_order {          /* OrderV3 */
	const char *order_id;
	const struct model_discount_line *order_line_items;
	size_t n_order_line_items;
};

struct model_discount {                /* DiscountInfoV3 */
	const char *discount_id;
	bool has_discount_value;           /* "" in fixed-price mode */
	money_t discount_value;            /* wire: a string */
	/* 0 promotion, 1 contract, 2 commercial, 3 partner, 609 price adjustment */
	int32_t discount_type;
	const struct model_discount_order *orders;
	size_t n_orders;
};

struct model_order_discounts {         /* ListOrderDiscounts */
	const struct model_discount *discounts;
	size_t n_discounts;
};

struct model_refund_info {             /* OrderRefundInfoV2 */
	const char *id;
	money_t amount;                    /* negative: refunded; positive: consumed or fee */
	int32_t measure_id;                /* wire: the string "1" */
	const char *customer_id;
	const char *resource_type_code;
	const char *service_type_code;
	const char *resource_type_name;
	const char *service_type_name;
	const char *region_code;
	const char *base_order_id;
};

struct model_refund_details {          /* ShowRefundOrderDetails */
	int32_t total_count;
	const struct model_refund_info *refund_infos;
	size_t n_refund_infos;
};

/* ---- yearly/monthly resources (6.18 - 6.23) ---------------------------- */

struct model_resource {                /* OrderInstanceV2 */
	const char *id;
	const char *resource_id;
	const char *resource_name;
	const char *region_code;
	const char *service_type_code;
	const char *resource_type_code;
	const char *resource_type_name;
	const char *service_type_name;
	const char *resource_spec_code;
	const char *project_id;
	const char *product_id;
	const char *parent_resource_id;
	int32_t is_main_resource;          /* 1 primary, 0 attached */
	int32_t status;                    /* 2 in use, 3 closed, 4 frozen, 5 expired */
	const char *effective_time;
	const char *expire_time;
	int32_t expire_policy;             /* 3 = auto-renew on, 1 = to pay-per-use at expiry */
	const char *product_spec_desc;
	bool has_spec_size;
	money_t spec_size;
	int32_t spec_size_measure_id;
	const char *update_time;
	bool has_enterprise_project;
	struct model_enterprise_project enterprise_project;
};

struct model_resources {               /* ListPayPerUseCustomerResources */
	const struct model_resource *data;
	size_t n_data;
	int32_t total_count;
};

/*
 * RenewalResources and CancelResourcesSubscription: the orders created and
 * the resources that failed (id = the wire's resource_id).
 */
struct model_resource_orders {
	const char *const *order_ids;
	size_t n_order_ids;
	const struct bss_item_failure *fail_resource_infos;
	size_t n_fail_resource_infos;
};

struct model_to_on_demand {            /* UpdatePeriodToOnDemand: failed items only */
	const struct bss_item_failure *error_details;
	size_t n_error_details;
};

/* ---- resource packages (6.24 - 6.26) ----------------------------------- */

struct model_free_resource {           /* FreeResourceV3 */
	const char *free_resource_id;
	const char *usage_type_name;
	money_t amount;                    /* remaining quota; wire: a string */
	money_t original_amount;           /* wire: a string */
	int32_t measure_id;
};

struct model_package {                 /* FreeResourcePackageV3 */
	const char *order_instance_id;
	const char *order_id;
	const char *product_id;
	const char *product_name;
	const char *enterprise_project_id;
	int32_t enterprise_project_scope;
	const char *effective_time;
	const char *expire_time;
	/* 0 not effective, 1 effective, 2 used up, 3 expired, 4 unsubscribed */
	int32_t status;
	const char *service_type_code;
	const char *service_type_name;
	const char *region_code;
	int32_t source_type;
	const char *bundle_type;           /* ATOMIC_PKG, BUNDLE_PKG */
	int32_t quota_reuse_mode;          /* 1 resettable, 2 not */
	const struct model_free_resource *free_resources;
	size_t n_free_resources;
};

struct model_packages {                /* ListFreeResourceInfos */
	const struct model_package *free_resource_packages;
	size_t n_free_resource_packages;
	int32_t total_count;
};

struct model_package_usage {           /* FreeResourceDetail */
	const char *free_resource_id;
	const char *free_resource_type_name;
	int32_t quota_reuse_cycle;
	int32_t quota_reuse_cycle_type;
	const char *usage_type_name;
	const char *start_time;
	const char *end_time;
	money_t amount;                    /* wire: a number here */
	money_t original_amount;
	int32_t measure_id;
};

struct model_package_usages {          /* ListFreeResourceUsages */
	const struct model_package_usage *free_resources;
	size_t n_free_resources;
};

struct model_usage_record {            /* FreeResourceRecord */
	const char *deduct_time;
	const char *free_resource_id;
	const char *resource_id;
	const char *resource_type_code;
	const char *resource_type_name;
	const char *resource_tag;
	const char *product_id;
	const char *product_name;
	const char *usage_type_code;
	money_t available_amount;          /* wire: strings */
	money_t remaining_amount;
	money_t used_amount;
	int32_t measure_id;
	const char *effective_time;
	const char *expire_time;
};

struct model_usage_records {           /* ListFreeResourcesUsageRecords */
	const struct model_usage_record *free_resource_records;
	size_t n_free_resource_records;
	int32_t total_count;
};

/* ---- bills and costs (6.27 - 6.30) ------------------------------------- */

struct model_bill_sum {                /* BillSumRecordInfoV2 */
	const char *bill_cycle;
	const char *resource_type_code;
	const char *service_type_code;
	const char *service_type_name;
	const char *resource_type_name;
	int32_t charging_mode;             /* 1 yearly/monthly, 3 pay-per-use, 10 RI */
	money_t official_amount;
	money_t official_discount_amount;
	money_t truncated_amount;
	money_t consume_amount;
	money_t coupon_amount;
	money_t flexipurchase_coupon_amount;
	money_t stored_value_card_amount;
	money_t debt_amount;
	money_t writeoff_amount;
	money_t cash_amount;
	money_t credit_amount;
	int32_t measure_id;
	int32_t bill_type;                 /* 1 consumption, 2 refund, 3 adjustment */
	const char *customer_id;
	const char *account_name;
};

struct model_monthly_sum {             /* ShowCustomerMonthlySum */
	int32_t total_count;
	const struct model_bill_sum *bill_sums;
	size_t n_bill_sums;
	money_t consume_amount;
	money_t debt_amount;
	money_t coupon_amount;
	money_t flexipurchase_coupon_amount;
	money_t stored_value_card_amount;
	money_t cash_amount;
	money_t credit_amount;
	money_t writeoff_amount;
	int32_t measure_id;
	const char *currency;
};

/* How a bill record was paid: the same fields in res-records and res-fee-records. */
struct model_payment_split {
	money_t cash_amount;
	money_t credit_amount;
	money_t coupon_amount;
	money_t flexipurchase_coupon_amount;
	money_t stored_card_amount;
	money_t bonus_amount;
	money_t debt_amount;
	money_t adjustment_amount;
};

/* Bundled (whole-machine) products: the sub-product a bill record is for. */
struct model_sub_resource {
	const char *sub_service_type_code;
	const char *sub_service_type_name;
	const char *sub_resource_type_code;
	const char *sub_resource_type_name;
	const char *sub_resource_id;
	const char *sub_resource_name;
};

struct model_az_code {
	const char *az_code;
};

struct model_relation_info {
	const char *relative_resource_id;
	const char *relative_type;         /* PARENT, ROOT */
};

struct model_res_relation {            /* ResRelation */
	const char *self_resource_id;
	const struct model_relation_info *relation_infos;
	size_t n_relation_infos;
};

struct model_res_record {              /* MonthlyBillRes */
	const char *cycle;
	const char *bill_date;
	int32_t bill_type;
	const char *customer_id;
	const char *region;
	const char *region_name;
	const char *cloud_service_type;
	const char *resource_type_code;    /* wire: resource_Type_code */
	const char *cloud_service_type_name;
	const char *resource_type_name;
	const char *res_instance_id;
	const char *resource_name;
	const char *resource_tag;
	const char *sku_code;
	const char *enterprise_project_id;
	const char *enterprise_project_name;
	int32_t charge_mode;               /* an integer here */
	money_t consume_amount;
	struct model_payment_split paid;   /* flat on the wire */
	money_t official_amount;
	money_t discount_amount;
	int32_t measure_id;
	/* An integer here: 19 year, 20 month, 24 day, 25 hour, 5 one-time. */
	int32_t period_type;
	const char *root_resource_id;
	const char *parent_resource_id;
	const char *trade_id;
	const char *id;
	const char *product_spec_desc;
	struct model_sub_resource sub;     /* flat on the wire */
	const char *pre_order_id;
	const struct model_az_code *az_code_infos;
	size_t n_az_code_infos;
	const char *payer_account_id;
	const char *effective_time;
	const char *expire_time;
	const char *consume_time;
	const char *be_id;
	bool has_extend_params;
	struct model_res_relation extend_params;
	const char *account_name;
	money_t period_num;                /* a decimal */
};

struct model_res_records {             /* ListCustomerselfResourceRecordDetails */
	const struct model_res_record *monthly_records;
	size_t n_monthly_records;
	int32_t total_count;
	const char *currency;
};

struct model_fee_record {              /* ResFeeRecordV2 */
	const char *bill_date;
	int32_t bill_type;
	const char *customer_id;
	const char *region;
	const char *region_name;
	const char *cloud_service_type;
	const char *resource_type;
	const char *cloud_service_type_name;
	const char *resource_type_name;
	const char *effective_time;
	const char *expire_time;
	const char *resource_id;
	const char *resource_name;
	const char *resource_tag;
	const char *product_id;
	const char *product_name;
	const char *product_spec_desc;
	const char *sku_code;
	bool has_spec_size;
	money_t spec_size;
	int32_t spec_size_measure_id;
	const char *trade_id;
	const char *id;
	const char *trade_time;
	const char *enterprise_project_id;
	const char *enterprise_project_name;
	int32_t charge_mode;               /* wire: a string ("1", "3", "10", "11") */
	const char *order_id;
	int32_t period_type;               /* wire: a string ("19", "20", ...) */
	const char *usage_type;
	bool has_usage;
	money_t usage;
	int32_t usage_measure_id;
	money_t free_resource_usage;
	int32_t free_resource_measure_id;
	money_t ri_usage;
	int32_t ri_usage_measure_id;
	bool has_unit_price;
	money_t unit_price;
	const char *unit;
	money_t official_amount;
	money_t discount_amount;
	money_t amount;
	struct model_payment_split paid;   /* flat on the wire */
	int32_t measure_id;
	const char *formula;
	struct model_sub_resource sub;     /* flat on the wire */
	const char *consume_time;
	const char *relative_order_id;
	const char *account_name;
	money_t period_num;
};

struct model_fee_records {             /* ListCustomerselfResourceRecords */
	const struct model_fee_record *fee_records;
	size_t n_fee_records;
	int32_t total_count;
	const char *currency;
};

struct model_cost_dimension {          /* DimensionGroup */
	const char *key;
	const char *value;
};

struct model_cost {                    /* Cost: one day or month */
	const char *time_dimension_value;
	int32_t time_measure_id;           /* 1 day, 2 month */
	money_t amount;                    /* wire: strings */
	money_t official_amount;
};

struct model_cost_row {                /* CostDataByDimension */
	const struct model_cost_dimension *dimensions;
	size_t n_dimensions;
	const struct model_cost *costs;
	size_t n_costs;
	money_t amount_by_costs;           /* wire: strings */
	money_t official_amount_by_costs;
};

struct model_costs {                   /* ListCosts */
	const char *currency;
	int32_t total_count;
	const struct model_cost_row *cost_data;
	size_t n_cost_data;
};

/* ---- parsing and ownership --------------------------------------------- */

struct model;

/*
 * Parses the body of a successful answer to `op` (len bytes; need not be
 * NUL-terminated). Returns 0 and *out, or -1 and *err (owned by the caller):
 *   - BSS_ERR_PARSE for malformed or truncated JSON, a non-object, a field of
 *     the wrong JSON type or out of range (detail names the field path, e.g.
 *     "user_coupons[3].face_value: expected number"), or a missing required field;
 *   - BSS_ERR_API when the body carries an error_code other than CBC.0000.
 * Operations answered with 204 (PayOrders, CancelCustomerOrder,
 * AutoRenewalResources, CancelAutoRenewalResources) accept an empty body (or
 * any JSON object) and give a model with no view.
 */
int model_parse(enum model_op op, const char *json, size_t len, struct model **out,
    struct bss_error **err);
void model_free(struct model *m);

enum model_op model_op_of(const struct model *m);
/*
 * The X-Request-Id of the answer the model was parsed from ("" when unknown),
 * so that a successful write can be journalled with it as failures are.
 */
const char *model_request_id(const struct model *m);
void model_set_request_id(struct model *m, const char *id);
/* The operation's name in bss-api.md ("ListCustomerOrders"): also the rate-limit key. */
const char *model_op_name(enum model_op op);
/* The operation whose name is `name`, or -1. */
int model_op_by_name(const char *name);
/* True when the operation's success answer has a JSON body to parse. */
bool model_op_has_body(enum model_op op);

/*
 * Paged lists (bss-api.md 3.4): the total the server reported (total_count,
 * or count for coupons) and the number of items in this model; -1 / 0 for an
 * operation that does not page.
 */
int64_t model_total(const struct model *m);
size_t model_items(const struct model *m);
bool model_op_is_paged(enum model_op op);

/*
 * Joins the pages of one paged list, in order, into pages[0] and returns it;
 * takes ownership of all n (>= 1) models, which must answer the same
 * operation. The total stays the one of pages[0].
 */
struct model *model_join(struct model **pages, size_t n);

/* The root struct of the model's op, or NULL if m is NULL or of another op. */
const void *model_view(const struct model *m, enum model_op op);

/* Typed views: NULL when m answers a different operation. */
#define MODEL_VIEW(fn, type, op) \
	static inline const type *model_##fn(const struct model *m) \
	{ return (const type *)model_view(m, op); }
MODEL_VIEW(service_types, struct model_service_types, MODEL_OP_LIST_SERVICE_TYPES)
MODEL_VIEW(resource_types, struct model_resource_types, MODEL_OP_LIST_RESOURCE_TYPES)
MODEL_VIEW(service_resources, struct model_service_resources, MODEL_OP_LIST_SERVICE_RESOURCES)
MODEL_VIEW(usage_types, struct model_usage_types, MODEL_OP_LIST_USAGE_TYPES)
MODEL_VIEW(measure_units, struct model_measure_units, MODEL_OP_LIST_MEASURE_UNITS)
MODEL_VIEW(conversions, struct model_conversions, MODEL_OP_LIST_CONVERSIONS)
MODEL_VIEW(on_demand_rating, struct model_on_demand_rating,
    MODEL_OP_LIST_ON_DEMAND_RESOURCE_RATINGS)
MODEL_VIEW(period_rating, struct model_period_rating, MODEL_OP_LIST_RATE_ON_PERIOD_DETAIL)
MODEL_VIEW(balances, struct model_balances, MODEL_OP_SHOW_CUSTOMER_ACCOUNT_BALANCES)
MODEL_VIEW(coupons, struct model_coupons, MODEL_OP_LIST_SUB_CUSTOMER_COUPONS)
MODEL_VIEW(orders, struct model_orders, MODEL_OP_LIST_CUSTOMER_ORDERS)
MODEL_VIEW(order_details, struct model_order_details, MODEL_OP_SHOW_CUSTOMER_ORDER_DETAILS)
MODEL_VIEW(order_coupons, struct model_order_coupons, MODEL_OP_LIST_ORDER_COUPONS_BY_ORDER_ID)
MODEL_VIEW(order_discounts, struct model_order_discounts, MODEL_OP_LIST_ORDER_DISCOUNTS)
MODEL_VIEW(refund_details, struct model_refund_details, MODEL_OP_SHOW_REFUND_ORDER_DETAILS)
MODEL_VIEW(resources, struct model_resources, MODEL_OP_LIST_PAY_PER_USE_CUSTOMER_RESOURCES)
MODEL_VIEW(renewal, struct model_resource_orders, MODEL_OP_RENEWAL_RESOURCES)
MODEL_VIEW(unsubscribe, struct model_resource_orders, MODEL_OP_CANCEL_RESOURCES_SUBSCRIPTION)
MODEL_VIEW(to_on_demand, struct model_to_on_demand, MODEL_OP_UPDATE_PERIOD_TO_ON_DEMAND)
MODEL_VIEW(packages, struct model_packages, MODEL_OP_LIST_FREE_RESOURCE_INFOS)
MODEL_VIEW(package_usages, struct model_package_usages, MODEL_OP_LIST_FREE_RESOURCE_USAGES)
MODEL_VIEW(usage_records, struct model_usage_records, MODEL_OP_LIST_FREE_RESOURCES_USAGE_RECORDS)
MODEL_VIEW(monthly_sum, struct model_monthly_sum, MODEL_OP_SHOW_CUSTOMER_MONTHLY_SUM)
MODEL_VIEW(res_records, struct model_res_records,
    MODEL_OP_LIST_CUSTOMERSELF_RESOURCE_RECORD_DETAILS)
MODEL_VIEW(fee_records, struct model_fee_records, MODEL_OP_LIST_CUSTOMERSELF_RESOURCE_RECORDS)
MODEL_VIEW(costs, struct model_costs, MODEL_OP_LIST_COSTS)
#undef MODEL_VIEW

/*
 * Introspection, for tests that hold the tables against bss-api.md's schema:
 * calls fn for every wire field the parser knows below the op's root, with
 * its dotted path ("order_infos.amount_info.discounts.discount_type"; array
 * elements are entered without an index) and the JSON type documented for
 * it: "string", "integer", "number", "boolean", "object" or "array".
 * Amounts accept a number or a string alike and report the documented one.
 * A struct that contains itself (an order's sub-orders) is entered once more.
 */
void model_wire_walk(enum model_op op, void (*fn)(const char *path, const char *type, void *arg),
    void *arg);

#endif
