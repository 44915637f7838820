/* api/model and api/errors: every operation's fixture parsed, values checked. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "api/errors.h"
#include "api/model.h"
#include "lib/testutil.h"
#include "util/buf.h"
#include "util/money.h"
#include "util/timeutil.h"
#include "util/xalloc.h"

/* Parses tests/fixtures/<name> as the answer to op; fails the test on error. */
static struct model *
parse_ok(enum model_op op, const char *name)
{
	struct bss_error *err = NULL;
	struct model *m = NULL;
	size_t len;
	char *body = tu_fixture(name, &len);

	if (model_parse(op, body, len, &m, &err) != 0)
		fail_msg("%s: %s", name, err->message);
	free(body);
	assert_non_null(m);
	assert_int_equal(model_op_of(m), op);
	return m;
}

/* Parses a fixture that must be refused; returns the error. */
static struct bss_error *
parse_fails(enum model_op op, const char *name)
{
	struct bss_error *err = NULL;
	struct model *m = NULL;
	size_t len;
	char *body = tu_fixture(name, &len);

	if (model_parse(op, body, len, &m, &err) == 0)
		fail_msg("%s parsed but should not have", name);
	free(body);
	assert_null(m);
	assert_non_null(err);
	return err;
}

/* money equal to the decimal text, exactly. */
#define assert_money(m, text) assert_money_at((m), (text), __FILE__, __LINE__)

static void
assert_money_at(money_t got, const char *text, const char *file, int line)
{
	money_t want;
	char buf[MONEY_BUFSZ];

	if (money_parse(text, &want) != 0)
		fail_msg("%s:%d: bad expected amount %s", file, line, text);
	if (got != want)
		fail_msg("%s:%d: amount %s, expected %s", file, line,
		    money_format_plain(got, buf, sizeof(buf)), text);
}

static void
balances(void **state)
{
	struct model *m = parse_ok(MODEL_OP_SHOW_CUSTOMER_ACCOUNT_BALANCES,
	    "ShowCustomerAccountBalances.json");
	const struct model_balances *b = model_balances(m);

	(void)state;
	assert_non_null(b);
	assert_null(model_orders(m));
	assert_int_equal(b->n_account_balances, 4);
	assert_string_equal(b->account_balances[0].account_id, "acc-cash-0a1b2c3d");
	assert_int_equal(b->account_balances[0].account_type, 1);
	assert_money(b->account_balances[0].amount, "12345.67");
	assert_true(b->account_balances[0].has_designated_amount);
	assert_false(b->account_balances[0].has_credit_amount);
	assert_int_equal(b->account_balances[1].account_type, 2);
	assert_money(b->account_balances[1].amount, "0.1");
	assert_true(b->account_balances[1].has_credit_amount);
	assert_money(b->account_balances[1].credit_amount, "50000");
	assert_money(b->account_balances[2].amount, "0.29");
	assert_money(b->account_balances[3].amount, "3000");
	assert_string_equal(b->account_balances[3].currency, "CNY");
	assert_true(b->has_debt_amount);
	assert_money(b->debt_amount, "12.3");
	assert_string_equal(b->currency, "CNY");
	assert_int_equal(b->measure_id, 1);
	assert_int_equal(model_total(m), -1);
	model_free(m);
}

static void
coupons(void **state)
{
	struct model *m = parse_ok(MODEL_OP_LIST_SUB_CUSTOMER_COUPONS, "ListSubCustomerCoupons.json");
	const struct model_coupons *c = model_coupons(m);
	const struct model_coupon *c0, *c1;

	(void)state;
	assert_int_equal(c->count, 3);
	assert_int_equal(c->n_user_coupons, 3);
	assert_int_equal(model_total(m), 3);
	assert_int_equal(model_items(m), 3);
	c0 = &c->user_coupons[0];
	assert_string_equal(c0->coupon_id, "CP2401050815A1B2");
	assert_int_equal(c0->status, 2);
	assert_int_equal(c0->coupon_type, 1);
	assert_money(c0->face_value, "500");
	assert_string_equal(c0->plan_name, "新年代金券 500元");
	assert_int_equal(c0->n_use_limits, 2);
	assert_string_equal(c0->use_limits[0].use_limit_info_id, "ULI-0001");
	assert_string_equal(c0->use_limits[1].limit_key, "minConsumeDiscount");
	assert_string_equal(c0->use_limits[1].value1, "0.8");
	assert_string_equal(c0->reserve_time, "");  /* null on the wire */
	assert_true(c0->has_balance);
	assert_money(c0->balance, "321.45");
	assert_int_equal(c0->is_frozen, 0);
	c1 = &c->user_coupons[1];
	assert_money(c1->face_value, "0.88");
	assert_false(c1->has_balance);
	assert_int_equal(c1->is_frozen, 1);
	assert_int_equal(c1->n_use_limits, 0);
	assert_string_equal(c1->lock_order_id, "");
	assert_string_equal(c->user_coupons[2].currency, "USD");
	assert_money(c->user_coupons[2].balance, "1000.1");
	model_free(m);
}

static void
orders(void **state)
{
	struct model *m = parse_ok(MODEL_OP_LIST_CUSTOMER_ORDERS, "ListCustomerOrders.json");
	const struct model_orders *o = model_orders(m);
	const struct model_order *o0, *combo, *unsub;

	(void)state;
	assert_int_equal(o->total_count, 3);
	assert_int_equal(o->n_order_infos, 3);
	o0 = &o->order_infos[0];
	assert_string_equal(o0->order_id, "CS2401050815ABCDE");
	assert_string_equal(o0->service_type_name, "弹性云服务器");
	assert_int_equal(o0->status, 6);
	assert_int_equal(o0->order_type, 1);
	assert_money(o0->amount_after_discount, "1234.56");
	assert_money(o0->official_amount, "1543.2");
	assert_string_equal(o0->payment_time, "");
	assert_true(o0->has_amount_info);
	assert_int_equal(o0->amount_info.n_discounts, 1);
	assert_string_equal(o0->amount_info.discounts[0].discount_type, "605");
	assert_money(o0->amount_info.discounts[0].discount_amount, "308.64");
	assert_int_equal(o0->n_enterprise_projects, 1);
	assert_string_equal(o0->enterprise_projects[0].name, "default");
	assert_int_equal(o0->n_sub_order_infos, 0);
	assert_true(o0->has_agent_pay_info);
	assert_false(o0->agent_pay_info.is_agent_pay);
	combo = &o->order_infos[1];
	assert_int_equal(combo->n_sub_order_infos, 2);
	assert_string_equal(combo->sub_order_infos[0].order_id, "CS2312201200SUB01");
	assert_money(combo->sub_order_infos[0].amount_after_discount, "0.07");
	assert_money(combo->sub_order_infos[0].amount_info.discounts[0].discount_amount, "0.07");
	assert_money(combo->sub_order_infos[1].official_amount, "0.06");
	assert_true(combo->agent_pay_info.is_agent_pay);
	assert_string_equal(combo->agent_pay_info.paying_agent_id, "partner-77");
	unsub = &o->order_infos[2];
	assert_int_equal(unsub->order_type, 4);
	assert_money(unsub->amount_after_discount, "-456.78");
	assert_money(unsub->amount_info.commission_amount, "9.5");
	assert_money(unsub->amount_info.consumed_amount, "120.25");
	assert_false(unsub->has_agent_pay_info);
	assert_string_equal(unsub->customer_id, "");
	model_free(m);
}

static void
order_details(void **state)
{
	struct model *m = parse_ok(MODEL_OP_SHOW_CUSTOMER_ORDER_DETAILS,
	    "ShowCustomerOrderDetails.json");
	const struct model_order_details *d = model_order_details(m);
	const struct model_order_line_item *l0, *l1;

	(void)state;
	assert_int_equal(d->total_count, 2);
	assert_true(d->has_order_info);
	assert_string_equal(d->order_info.order_id, "CS2401050815ABCDE");
	assert_string_equal(d->order_info.user_name, "ops-admin");
	assert_string_equal(d->order_info.pending_payment_end_time, "2024-01-20T08:15:00Z");
	assert_money(d->order_info.amount_after_discount, "1234.56");
	assert_int_equal(d->n_order_line_items, 2);
	l0 = &d->order_line_items[0];
	assert_int_equal(l0->period_type, 2);
	assert_true(l0->has_period_num);
	assert_int_equal(l0->period_num, 1);
	assert_money(l0->amount_after_discount, "1000.01");
	assert_true(l0->has_base_product_info);
	assert_string_equal(l0->base_product_info.product_spec_desc, "s6.small.1 linux");
	assert_string_equal(l0->product_spec_desc, "通用计算型 | s6.small.1 | 1vCPUs | 1GiB | linux");
	l1 = &d->order_line_items[1];
	assert_false(l1->has_period_num);  /* null */
	assert_false(l1->has_amount_info);
	assert_money(l1->official_amount, "293.2");
	model_free(m);
}

static void
resources(void **state)
{
	struct model *m = parse_ok(MODEL_OP_LIST_PAY_PER_USE_CUSTOMER_RESOURCES,
	    "ListPayPerUseCustomerResources.json");
	const struct model_resources *r = model_resources(m);

	(void)state;
	assert_int_equal(r->total_count, 3);
	assert_int_equal(r->n_data, 3);
	assert_string_equal(r->data[0].resource_id, "0c32e5a1-5b1f-4f7d-9a3e-2b7c8d9e0f11");
	assert_string_equal(r->data[0].parent_resource_id, "");
	assert_int_equal(r->data[0].is_main_resource, 1);
	assert_int_equal(r->data[0].expire_policy, 3);
	assert_true(r->data[0].has_enterprise_project);
	assert_false(r->data[0].has_spec_size);
	assert_string_equal(r->data[1].resource_name, "数据盘-01");
	assert_true(r->data[1].has_spec_size);
	assert_money(r->data[1].spec_size, "40");
	assert_int_equal(r->data[1].spec_size_measure_id, 17);
	assert_false(r->data[1].has_enterprise_project);
	assert_int_equal(r->data[2].status, 5);
	assert_int_equal(r->data[2].expire_policy, 1);
	model_free(m);
}

static void
packages(void **state)
{
	struct model *m = parse_ok(MODEL_OP_LIST_FREE_RESOURCE_INFOS, "ListFreeResourceInfos.json");
	const struct model_packages *p = model_packages(m);
	const struct model_package *p1;

	(void)state;
	assert_int_equal(p->total_count, 2);
	assert_int_equal(p->n_free_resource_packages, 2);
	assert_string_equal(p->free_resource_packages[0].product_name, "OBS 标准存储包 100GB");
	assert_money(p->free_resource_packages[0].free_resources[0].amount, "12.5");
	assert_money(p->free_resource_packages[0].free_resources[0].original_amount, "100");
	p1 = &p->free_resource_packages[1];
	assert_string_equal(p1->enterprise_project_id, "");
	assert_string_equal(p1->bundle_type, "BUNDLE_PKG");
	assert_int_equal(p1->n_free_resources, 2);
	assert_money(p1->free_resources[0].amount, "0");
	assert_money(p1->free_resources[1].amount, "999999.99999999");
	assert_int_equal(p1->free_resources[1].measure_id, 14);
	model_free(m);
}

static void
product_catalogue(void **state)
{
	struct model *m = parse_ok(MODEL_OP_LIST_SERVICE_TYPES, "ListServiceTypes.json");
	const struct model_service_types *st = model_service_types(m);
	const struct model_resource_types *rt;
	const struct model_service_resources *sr;
	const struct model_usage_types *ut;

	(void)state;
	assert_int_equal(st->total_count, 4);
	assert_int_equal(st->n_service_types, 4);
	assert_string_equal(st->service_types[0].service_type_name, "弹性云服务器");
	assert_string_equal(st->service_types[2].abbreviation, "OBS");
	assert_string_equal(st->service_types[3].abbreviation, "");
	model_free(m);

	m = parse_ok(MODEL_OP_LIST_RESOURCE_TYPES, "ListResourceTypes.json");
	rt = model_resource_types(m);
	assert_int_equal(rt->n_resource_types, 3);
	assert_string_equal(rt->resource_types[1].resource_type_code, "hws.resource.type.volume");
	assert_string_equal(rt->resource_types[2].resource_type_desc, "");
	assert_string_equal(rt->resource_types[2].service_type_code, "hws.service.type.offline");
	model_free(m);

	m = parse_ok(MODEL_OP_LIST_SERVICE_RESOURCES, "ListServiceResources.json");
	sr = model_service_resources(m);
	assert_int_equal(sr->total_count, 2);
	assert_true(sr->infos[0].has_basic_info);
	assert_string_equal(sr->infos[0].basic_info.name, "对象存储");
	assert_string_equal(sr->infos[1].basic_info.resource_type_code,
	    "hws.resource.type.obs.requests");
	model_free(m);

	m = parse_ok(MODEL_OP_LIST_USAGE_TYPES, "ListUsageTypes.json");
	ut = model_usage_types(m);
	assert_int_equal(ut->n_usage_types, 3);
	assert_string_equal(ut->usage_types[0].code, "Duration");
	assert_string_equal(ut->usage_types[1].service_type_name, "Virtual Private Cloud");
	model_free(m);
}

static void
units(void **state)
{
	struct model *m = parse_ok(MODEL_OP_LIST_MEASURE_UNITS, "ListMeasureUnits.json");
	const struct model_measure_units *mu = model_measure_units(m);
	const struct model_conversions *cv;

	(void)state;
	assert_int_equal(mu->n_measure_units, 6);
	assert_int_equal(mu->measure_units[1].measure_id, 4);
	assert_string_equal(mu->measure_units[1].measure_name, "小时");
	assert_int_equal(mu->measure_units[4].measure_type, 16);
	assert_int_equal(model_total(m), -1);
	model_free(m);

	m = parse_ok(MODEL_OP_LIST_CONVERSIONS, "ListConversions.json");
	cv = model_conversions(m);
	assert_int_equal(cv->n_conversions, 3);
	assert_int_equal(cv->conversions[0].measure_id, 10);
	assert_int_equal(cv->conversions[0].ref_measure_id, 11);
	assert_true(cv->conversions[0].conversion_ratio == 1024);
	assert_true(cv->conversions[2].conversion_ratio == 1099511627776LL);  /* int64 */
	model_free(m);
}

static void
ratings(void **state)
{
	struct model *m = parse_ok(MODEL_OP_LIST_ON_DEMAND_RESOURCE_RATINGS,
	    "ListOnDemandResourceRatings.json");
	const struct model_on_demand_rating *od = model_on_demand_rating(m);
	const struct model_period_rating *pr;
	const struct model_discount_option *best;

	(void)state;
	assert_money(od->amount, "0.54");
	assert_money(od->discount_amount, "0.06");
	assert_money(od->official_website_amount, "0.6");
	assert_string_equal(od->currency, "CNY");
	assert_int_equal(od->n_product_rating_results, 2);
	assert_string_equal(od->product_rating_results[0].id, "p1");
	assert_money(od->product_rating_results[0].amount, "0.36");
	assert_int_equal(od->product_rating_results[0].n_discount_rating_results, 1);
	assert_int_equal(od->product_rating_results[0].discount_rating_results[0].discount_type, 605);
	assert_string_equal(od->product_rating_results[0].discount_rating_results[0].discount_name,
	    "商务折扣 9折");
	assert_false(od->product_rating_results[0].installment.present);
	assert_money(od->product_rating_results[1].official_website_amount, "0.2");
	model_free(m);

	m = parse_ok(MODEL_OP_LIST_RATE_ON_PERIOD_DETAIL, "ListRateOnPeriodDetail.json");
	pr = model_period_rating(m);
	assert_true(pr->has_official_website_rating_result);
	assert_money(pr->official_website_rating_result.official_website_amount, "1543.2");
	assert_true(pr->official_website_rating_result.installment.present);
	assert_money(pr->official_website_rating_result.installment.official_website_amount,
	    "128.60");
	assert_int_equal(pr->official_website_rating_result.installment.period_type, 2);
	assert_int_equal(pr->official_website_rating_result.n_product_rating_results, 2);
	assert_money(pr->official_website_rating_result.product_rating_results[1]
	    .official_website_amount, "293.2");
	assert_int_equal(pr->n_optional_discount_rating_results, 2);
	best = &pr->optional_discount_rating_results[0];
	assert_int_equal(best->best_offer, 1);
	assert_int_equal(best->discount_type, 605);
	assert_money(best->amount, "1234.56");
	assert_money(best->discount_amount, "308.64");
	assert_money(best->installment.amount, "102.88");
	assert_money(best->installment.official_discount_amount, "25.72");
	assert_money(best->product_rating_results[1].installment.amount, "19.55");
	assert_false(best->product_rating_results[0].installment.present);
	assert_false(pr->optional_discount_rating_results[1].installment.present);
	assert_int_equal(pr->optional_discount_rating_results[1].n_product_rating_results, 0);
	model_free(m);
}

static void
order_coupons_and_discounts(void **state)
{
	struct model *m = parse_ok(MODEL_OP_LIST_ORDER_COUPONS_BY_ORDER_ID,
	    "ListOrderCouponsByOrderId.json");
	const struct model_order_coupons *oc = model_order_coupons(m);
	const struct model_order_discounts *od;
	const struct model_discount *d;

	(void)state;
	assert_int_equal(oc->count, 2);
	assert_string_equal(oc->user_coupons[0].used_by_order_id, "CS2401050815ABCDE");
	assert_string_equal(oc->user_coupons[0].effective_time, "2024-01-05T00:00:00Z");
	assert_string_equal(oc->user_coupons[0].last_used_time, "2024-02-01T10:00:00Z");
	assert_money(oc->user_coupons[1].face_value, "50");
	assert_int_equal(oc->user_coupons[1].coupon_group, 1);
	assert_int_equal(oc->n_coupon_max_use_quantity, 2);
	assert_int_equal(oc->coupon_max_use_quantity[0].use_quantity_value, 3);
	assert_int_equal(oc->coupon_max_use_quantity[1].coupon_group, 1);
	model_free(m);

	m = parse_ok(MODEL_OP_LIST_ORDER_DISCOUNTS, "ListOrderDiscounts.json");
	od = model_order_discounts(m);
	assert_int_equal(od->n_discounts, 2);
	d = &od->discounts[0];
	assert_string_equal(d->discount_id, "CONTRACT-605-0001");
	assert_true(d->has_discount_value);
	assert_money(d->discount_value, "0.8");
	assert_int_equal(d->discount_type, 2);
	assert_int_equal(d->n_orders, 1);
	assert_int_equal(d->orders[0].order_line_items[0].n_order_line_item_ids, 2);
	assert_string_equal(d->orders[0].order_line_items[0].order_line_item_ids[1],
	    "CS2401050815ABCDE-000002");
	assert_money(d->orders[0].order_line_items[0].discount_amount, "308.64");
	assert_money(d->orders[0].order_line_items[0].discount_ratio, "0.8");
	/* A 609 price adjustment in fixed-price mode: discount_value is "". */
	assert_false(od->discounts[1].has_discount_value);
	assert_int_equal(od->discounts[1].discount_type, 609);
	assert_money(od->discounts[1].orders[0].order_line_items[0].discount_ratio, "0.79999");
	model_free(m);
}

static void
refund_details(void **state)
{
	struct model *m = parse_ok(MODEL_OP_SHOW_REFUND_ORDER_DETAILS, "ShowRefundOrderDetails.json");
	const struct model_refund_details *r = model_refund_details(m);
	money_t sum = 0;
	size_t i;

	(void)state;
	assert_int_equal(r->total_count, 3);
	assert_int_equal(r->n_refund_infos, 3);
	assert_money(r->refund_infos[0].amount, "-456.78");
	assert_int_equal(r->refund_infos[0].measure_id, 1);  /* "1" on the wire */
	assert_string_equal(r->refund_infos[0].base_order_id, "CS2401050815ABCDE");
	assert_string_equal(r->refund_infos[2].base_order_id, "");
	for (i = 0; i < r->n_refund_infos; i++)
		assert_int_equal(money_add(sum, r->refund_infos[i].amount, &sum), 0);
	assert_money(sum, "-327.03");  /* exact: no double drift */
	model_free(m);
}

/* The 204 operations: an empty body is success, with no view. */
static void
no_content_operations(void **state)
{
	static const struct {
		enum model_op op;
		const char *file;
	} ops[] = {
		{ MODEL_OP_PAY_ORDERS, "PayOrders.json" },
		{ MODEL_OP_CANCEL_CUSTOMER_ORDER, "CancelCustomerOrder.json" },
		{ MODEL_OP_AUTO_RENEWAL_RESOURCES, "AutoRenewalResources.json" },
		{ MODEL_OP_CANCEL_AUTO_RENEWAL_RESOURCES, "CancelAutoRenewalResources.json" },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(ops) / sizeof(ops[0]); i++) {
		struct model *m = parse_ok(ops[i].op, ops[i].file);

		assert_false(model_op_has_body(ops[i].op));
		assert_null(model_view(m, ops[i].op));
		model_free(m);
	}
}

static void
batch_writes(void **state)
{
	struct model *m = parse_ok(MODEL_OP_RENEWAL_RESOURCES, "RenewalResources.json");
	const struct model_resource_orders *ro = model_renewal(m);
	const struct model_to_on_demand *tod;

	(void)state;
	assert_int_equal(ro->n_order_ids, 1);
	assert_string_equal(ro->order_ids[0], "CS2402010900RENW1");
	assert_int_equal(ro->n_fail_resource_infos, 0);
	assert_null(model_unsubscribe(m));
	model_free(m);

	m = parse_ok(MODEL_OP_CANCEL_RESOURCES_SUBSCRIPTION, "CancelResourcesSubscription.json");
	ro = model_unsubscribe(m);
	assert_int_equal(ro->n_order_ids, 2);
	assert_string_equal(ro->order_ids[1], "CS2402011000UNSB2");
	model_free(m);

	m = parse_ok(MODEL_OP_UPDATE_PERIOD_TO_ON_DEMAND, "UpdatePeriodToOnDemand.json");
	tod = model_to_on_demand(m);
	assert_non_null(tod);
	assert_int_equal(tod->n_error_details, 0);
	model_free(m);
}

static void
package_usage(void **state)
{
	struct model *m = parse_ok(MODEL_OP_LIST_FREE_RESOURCE_USAGES, "ListFreeResourceUsages.json");
	const struct model_package_usages *pu = model_package_usages(m);
	const struct model_usage_records *ur;

	(void)state;
	assert_int_equal(pu->n_free_resources, 2);
	/* The same names as in ListFreeResourceInfos, but numbers here. */
	assert_money(pu->free_resources[0].amount, "12.5");
	assert_money(pu->free_resources[0].original_amount, "100");
	assert_int_equal(pu->free_resources[0].quota_reuse_cycle, 4);
	assert_money(pu->free_resources[1].amount, "999999.99999999");
	model_free(m);

	m = parse_ok(MODEL_OP_LIST_FREE_RESOURCES_USAGE_RECORDS, "ListFreeResourcesUsageRecords.json");
	ur = model_usage_records(m);
	assert_int_equal(ur->total_count, 2);
	assert_money(ur->free_resource_records[0].available_amount, "100");
	assert_money(ur->free_resource_records[0].remaining_amount, "87.5");
	assert_money(ur->free_resource_records[0].used_amount, "12.5");
	assert_money(ur->free_resource_records[1].used_amount, "0.00000001");
	assert_money(ur->free_resource_records[1].remaining_amount, "87.49999999");
	assert_string_equal(ur->free_resource_records[0].product_name, "OBS 标准存储包 100GB");
	model_free(m);
}

static void
monthly_sum(void **state)
{
	struct model *m = parse_ok(MODEL_OP_SHOW_CUSTOMER_MONTHLY_SUM, "ShowCustomerMonthlySum.json");
	const struct model_monthly_sum *ms = model_monthly_sum(m);
	money_t sum = 0;
	size_t i;

	(void)state;
	assert_int_equal(ms->total_count, 3);
	assert_int_equal(ms->n_bill_sums, 3);
	assert_money(ms->consume_amount, "835.39");
	assert_money(ms->cash_amount, "723.39");
	assert_string_equal(ms->currency, "CNY");
	assert_money(ms->bill_sums[1].official_amount, "57.6123");
	assert_money(ms->bill_sums[1].truncated_amount, "0.0023");
	assert_int_equal(ms->bill_sums[1].charging_mode, 3);
	assert_int_equal(ms->bill_sums[2].bill_type, 2);
	for (i = 0; i < ms->n_bill_sums; i++)
		assert_int_equal(money_add(sum, ms->bill_sums[i].consume_amount, &sum), 0);
	assert_true(sum == ms->consume_amount);  /* the rows add up exactly */
	model_free(m);
}

static void
resource_records(void **state)
{
	struct model *m = parse_ok(MODEL_OP_LIST_CUSTOMERSELF_RESOURCE_RECORD_DETAILS,
	    "ListCustomerselfResourceRecordDetails.json");
	const struct model_res_records *rr = model_res_records(m);
	const struct model_res_record *r0, *r1;

	(void)state;
	assert_int_equal(rr->total_count, 2);
	assert_string_equal(rr->currency, "CNY");
	r0 = &rr->monthly_records[0];
	assert_string_equal(r0->resource_type_code, "hws.resource.type.vm");  /* resource_Type_code */
	assert_string_equal(r0->region_name, "华北-北京四");
	assert_int_equal(r0->charge_mode, 3);      /* an integer here */
	assert_int_equal(r0->period_type, 25);
	assert_money(r0->consume_amount, "1.23456789");
	assert_money(r0->paid.credit_amount, "0.23456789");
	assert_money(r0->official_amount, "1.3717421");
	assert_int_equal(r0->n_az_code_infos, 1);
	assert_string_equal(r0->az_code_infos[0].az_code, "cn-north-4a");
	assert_true(r0->has_extend_params);
	assert_string_equal(r0->extend_params.relation_infos[0].relative_type, "ROOT");
	assert_string_equal(r0->consume_time, "");
	assert_money(r0->period_num, "0");
	r1 = &rr->monthly_records[1];
	assert_string_equal(r1->bill_date, "");
	assert_money(r1->paid.coupon_amount, "100");
	assert_string_equal(r1->sub.sub_resource_name, "数据盘-01");
	assert_false(r1->has_extend_params);
	model_free(m);
}

static void
fee_records(void **state)
{
	struct model *m = parse_ok(MODEL_OP_LIST_CUSTOMERSELF_RESOURCE_RECORDS,
	    "ListCustomerselfResourceRecords.json");
	const struct model_fee_records *fr = model_fee_records(m);
	const struct model_fee_record *f0, *f1;

	(void)state;
	assert_int_equal(fr->total_count, 2);
	f0 = &fr->fee_records[0];
	assert_int_equal(f0->charge_mode, 3);      /* "3" on the wire */
	assert_int_equal(f0->period_type, 25);     /* "25" on the wire */
	assert_true(f0->has_usage);
	assert_money(f0->usage, "12.345");
	assert_money(f0->free_resource_usage, "2.345");
	assert_true(f0->has_unit_price);
	assert_money(f0->unit_price, "0.8");
	assert_string_equal(f0->unit, "元/GB");
	assert_true(f0->has_spec_size);
	assert_money(f0->spec_size, "5");
	assert_money(f0->amount, "8");
	assert_money(f0->paid.cash_amount, "8");
	assert_string_equal(f0->formula, "实付金额 = 官网价 - 优惠金额");
	f1 = &fr->fee_records[1];
	assert_int_equal(f1->charge_mode, 1);
	assert_int_equal(f1->period_type, 20);
	assert_false(f1->has_usage);
	assert_false(f1->has_unit_price);
	assert_money(f1->paid.coupon_amount, "100");
	assert_money(f1->period_num, "1.5");
	model_free(m);
}

static void
costs(void **state)
{
	struct model *m = parse_ok(MODEL_OP_LIST_COSTS, "ListCosts.json");
	const struct model_costs *c = model_costs(m);
	const struct model_cost_row *obs;

	(void)state;
	assert_int_equal(c->total_count, 2);
	assert_string_equal(c->currency, "CNY");
	assert_string_equal(c->cost_data[0].dimensions[0].value, "hws.service.type.ec2");
	assert_int_equal(c->cost_data[0].n_costs, 2);
	assert_string_equal(c->cost_data[0].costs[1].time_dimension_value, "2024-02");
	assert_money(c->cost_data[0].costs[0].amount, "1234.56");
	assert_money(c->cost_data[0].amount_by_costs, "2234.57");
	obs = &c->cost_data[1];
	assert_money(obs->costs[0].amount, "0.00000001");
	assert_money(obs->costs[1].amount, "-0.5");
	assert_money(obs->amount_by_costs, "-0.49999999");
	model_free(m);
}

/* ---- edge cases --------------------------------------------------------- */

/* Bodies that must be refused, and the parse error's detail (the field path). */
static void
refused_bodies(void **state)
{
	static const struct {
		enum model_op op;
		const char *file;
		const char *detail;
	} cases[] = {
		{ MODEL_OP_LIST_CUSTOMER_ORDERS, "edge_truncated.json", "truncated JSON (700 bytes)" },
		{ MODEL_OP_LIST_CUSTOMER_ORDERS, "edge_malformed.json", "malformed JSON at byte 19" },
		{ MODEL_OP_LIST_CUSTOMER_ORDERS, "edge_not_object.json", "expected a JSON object" },
		{ MODEL_OP_LIST_CUSTOMER_ORDERS, "edge_int_overflow.json",
		  "total_count: integer out of range" },
		{ MODEL_OP_LIST_CUSTOMER_ORDERS, "edge_int_fraction.json",
		  "order_infos[0].status: expected integer" },
		{ MODEL_OP_LIST_CUSTOMER_ORDERS, "edge_int_as_string.json",
		  "order_infos[0].status: expected integer" },
		{ MODEL_OP_SHOW_CUSTOMER_ACCOUNT_BALANCES, "edge_huge_amount.json",
		  "account_balances[0].amount: amount out of range" },
		{ MODEL_OP_LIST_CONVERSIONS, "edge_int64_overflow.json",
		  "conversions[1].conversion_ratio: integer out of range" },
		{ MODEL_OP_LIST_CUSTOMERSELF_RESOURCE_RECORDS, "edge_string_int_bad.json",
		  "fee_records[0].charge_mode: expected an integer in a string" },
		{ MODEL_OP_LIST_CUSTOMERSELF_RESOURCE_RECORDS, "edge_string_int_as_number.json",
		  "fee_records[0].period_type: expected string" },
		{ MODEL_OP_SHOW_CUSTOMER_ACCOUNT_BALANCES, "edge_required_missing.json",
		  "account_balances[0].amount: required field is missing" },
		{ MODEL_OP_SHOW_REFUND_ORDER_DETAILS, "edge_required_null.json",
		  "refund_infos[0].amount: required field is null" },
		{ MODEL_OP_LIST_CUSTOMER_ORDERS, "edge_array_is_object.json",
		  "order_infos: expected array" },
		{ MODEL_OP_LIST_CUSTOMER_ORDERS, "edge_object_is_array.json",
		  "order_infos[0].amount_info: expected object" },
		{ MODEL_OP_LIST_CUSTOMER_ORDERS, "edge_item_not_object.json",
		  "order_infos[1]: expected object" },
		{ MODEL_OP_LIST_CUSTOMER_ORDERS, "edge_bool_as_string.json",
		  "order_infos[0].agent_pay_info.is_agent_pay: expected boolean" },
		{ MODEL_OP_LIST_CUSTOMER_ORDERS, "edge_deep_path.json",
		  "order_infos[0].sub_order_infos[1].amount_info.discounts[0].discount_amount: "
		  "expected number" },
		{ MODEL_OP_LIST_CUSTOMER_ORDERS, "edge_amount_not_decimal.json",
		  "order_infos[0].amount_after_discount: expected a decimal amount" },
		{ MODEL_OP_LIST_SUB_CUSTOMER_COUPONS, "edge_coupons_wrong_type.json",
		  "user_coupons[3].face_value: expected number" },
		/* A success body must be JSON even where a 204 is documented. */
		{ MODEL_OP_PAY_ORDERS, "error_502.html", "malformed JSON at byte 0" },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct bss_error *e = parse_fails(cases[i].op, cases[i].file);

		if (e->kind != BSS_ERR_PARSE || strcmp(e->detail, cases[i].detail) != 0)
			fail_msg("%s: got %s \"%s\", expected parse \"%s\"", cases[i].file,
			    bss_error_kind_name(e->kind), e->detail, cases[i].detail);
		assert_non_null(strstr(e->message, cases[i].detail));
		assert_true(e->outcome_unknown);  /* an unreadable answer may still mean "done" */
		bss_error_free(e);
	}
}

static void
missing_and_null_fields_default(void **state)
{
	struct model *m = parse_ok(MODEL_OP_LIST_CUSTOMER_ORDERS, "edge_missing_fields.json");
	const struct model_orders *o = model_orders(m);

	(void)state;
	assert_int_equal(o->total_count, 0);
	assert_int_equal(o->n_order_infos, 2);
	assert_string_equal(o->order_infos[0].order_id, "");
	assert_string_equal(o->order_infos[0].currency, "");
	assert_int_equal(o->order_infos[0].status, 0);
	assert_false(o->order_infos[0].has_amount_info);
	assert_int_equal(o->order_infos[0].n_sub_order_infos, 0);
	assert_string_equal(o->order_infos[1].order_id, "CS-MIN");
	model_free(m);

	m = parse_ok(MODEL_OP_LIST_CUSTOMER_ORDERS, "edge_nulls.json");
	o = model_orders(m);
	assert_int_equal(o->n_order_infos, 1);
	assert_string_equal(o->order_infos[0].order_id, "");
	assert_true(o->order_infos[0].amount_after_discount == 0);
	assert_false(o->order_infos[0].has_amount_info);
	assert_false(o->order_infos[0].has_agent_pay_info);
	assert_int_equal(o->order_infos[0].n_enterprise_projects, 0);
	model_free(m);

	m = parse_ok(MODEL_OP_LIST_CUSTOMER_ORDERS, "edge_unknown_fields.json");
	o = model_orders(m);
	assert_string_equal(o->order_infos[0].order_id, "CS1");
	assert_money(o->order_infos[0].amount_after_discount, "1");
	model_free(m);

	m = parse_ok(MODEL_OP_LIST_FREE_RESOURCE_INFOS, "edge_empty_amount_string.json");
	assert_money(model_packages(m)->free_resource_packages[0].free_resources[0].amount, "0");
	model_free(m);
}

/* An amount may come as a number where a string is documented, and the reverse. */
static void
amounts_either_way(void **state)
{
	struct model *m = parse_ok(MODEL_OP_LIST_CUSTOMER_ORDERS, "edge_amounts_as_strings.json");
	const struct model_order *o = &model_orders(m)->order_infos[0];
	const struct model_cost_row *row;

	(void)state;
	assert_money(o->amount_after_discount, "1234.56");
	assert_money(o->official_amount, "1543.2");
	assert_money(o->amount_info.coupon_amount, "0.1");
	assert_money(o->amount_info.discounts[0].discount_amount, "308.64");
	model_free(m);

	m = parse_ok(MODEL_OP_LIST_COSTS, "edge_costs_numbers.json");
	row = &model_costs(m)->cost_data[0];
	assert_money(row->costs[0].amount, "1234.56");
	assert_money(row->costs[0].official_amount, "0.1");
	assert_money(row->amount_by_costs, "91999999999.5");
	assert_money(row->official_amount_by_costs, "92233720368.54775807");  /* money_t's maximum */
	model_free(m);
}

static void
large_numbers_kept(void **state)
{
	struct model *m = parse_ok(MODEL_OP_SHOW_CUSTOMER_ACCOUNT_BALANCES, "edge_large_amounts.json");
	const struct model_balances *b = model_balances(m);
	const struct model_conversions *cv;
	struct bss_error *e;

	(void)state;
	assert_money(b->account_balances[0].amount, "33554431.99999999");
	assert_money(b->account_balances[1].amount, "91999999999");
	assert_money(b->account_balances[2].amount, "-0.01");
	assert_true(b->has_debt_amount);
	model_free(m);

	/* The first conversion (2^53) is fine; the error is about the second. */
	e = parse_fails(MODEL_OP_LIST_CONVERSIONS, "edge_int64_overflow.json");
	assert_string_equal(e->detail, "conversions[1].conversion_ratio: integer out of range");
	bss_error_free(e);
	m = parse_ok(MODEL_OP_LIST_CONVERSIONS, "ListConversions.json");
	cv = model_conversions(m);
	assert_true(cv->conversions[2].conversion_ratio == 1099511627776LL);
	model_free(m);
}

static void
unicode_text_kept(void **state)
{
	struct model *m = parse_ok(MODEL_OP_LIST_SERVICE_TYPES, "edge_unicode.json");
	const struct model_service_types *st = model_service_types(m);

	(void)state;
	assert_string_equal(st->service_types[0].service_type_name, "弹性云服务器");
	assert_string_equal(st->service_types[1].service_type_name, "火箭 🚀 服务 — «test»");
	model_free(m);
}

/* error_code inside a 200 body is an API error; CBC.0000 is success. */
static void
error_code_in_a_200(void **state)
{
	struct bss_error *e = parse_fails(MODEL_OP_UPDATE_PERIOD_TO_ON_DEMAND,
	    "error_200_error_code.json");
	struct model *m;

	(void)state;
	assert_int_equal(e->kind, BSS_ERR_API);
	assert_int_equal(e->http_status, 200);
	assert_string_equal(e->code, "CBC.99003610");
	assert_string_equal(e->server_message, "资源处于宽限期或保留期，不允许转按需");
	assert_string_equal(e->message,
	    "Resources in the grace or retention period cannot change to pay-per-use (CBC.99003610)");
	assert_false(e->outcome_unknown);
	bss_error_free(e);

	m = parse_ok(MODEL_OP_UPDATE_PERIOD_TO_ON_DEMAND, "edge_success_code.json");
	assert_int_equal(model_to_on_demand(m)->n_error_details, 0);
	model_free(m);
	m = parse_ok(MODEL_OP_PAY_ORDERS, "edge_success_code.json");
	model_free(m);
}

static void
per_item_failures_in_results(void **state)
{
	struct model *m = parse_ok(MODEL_OP_UPDATE_PERIOD_TO_ON_DEMAND,
	    "UpdatePeriodToOnDemand_partial.json");
	const struct model_to_on_demand *tod = model_to_on_demand(m);
	const struct model_resource_orders *ro;
	char *msg;

	(void)state;
	assert_int_equal(tod->n_error_details, 1);
	assert_string_equal(tod->error_details[0].id, "bad-id");
	assert_string_equal(tod->error_details[0].error_code, "CBC.99003012");
	msg = bss_error_item_message(&tod->error_details[0]);
	assert_string_equal(msg, "bad-id: The resource does not exist (CBC.99003012)");
	free(msg);
	model_free(m);

	m = parse_ok(MODEL_OP_RENEWAL_RESOURCES, "RenewalResources_partial.json");
	ro = model_renewal(m);
	assert_int_equal(ro->n_order_ids, 1);
	assert_int_equal(ro->n_fail_resource_infos, 1);
	assert_string_equal(ro->fail_resource_infos[0].id, "7d1c4b2a-1e2f-4a5b-8c9d-0e1f2a3b4c5d");
	assert_string_equal(ro->fail_resource_infos[0].error_msg, "资源存在待支付订单");
	model_free(m);

	m = parse_ok(MODEL_OP_CANCEL_RESOURCES_SUBSCRIPTION,
	    "CancelResourcesSubscription_all_failed.json");
	ro = model_unsubscribe(m);
	assert_int_equal(ro->n_order_ids, 0);
	assert_int_equal(ro->n_fail_resource_infos, 2);
	assert_string_equal(ro->fail_resource_infos[1].id, "res-2");
	model_free(m);
}

/* ---- error bodies ------------------------------------------------------- */

static struct bss_error *
error_from_fixture(int status, const char *name, const char *request_id)
{
	size_t len;
	char *body = tu_fixture(name, &len);
	struct bss_error *e = bss_error_from_response(status, body, len, request_id);

	free(body);
	assert_non_null(e);
	return e;
}

static void
error_bodies(void **state)
{
	static const struct {
		int status;
		const char *file;
		enum bss_err_kind kind;
		const char *code;
		const char *request_id;
		const char *message;
	} cases[] = {
		{ 400, "error_CBC.0100.json", BSS_ERR_API, "CBC.0100", "req-1",
		  "The request has an invalid parameter: Invalid parameter: limit (CBC.0100)" },
		{ 400, "error_code_message_shape.json", BSS_ERR_API, "CBC.99005003", "req-1",
		  "Insufficient balance: top up the account or use a coupon (CBC.99005003)" },
		{ 401, "error_APIGW.0301.json", BSS_ERR_AUTH, "APIGW.0301", "req-1",
		  "Signature rejected: check the AK/SK and that this machine's clock is right "
		  "(APIGW.0301)" },
		{ 401, "error_APIG.0301_expired.json", BSS_ERR_AUTH, "APIG.0301", "req-1",
		  "Signature expired: check that this machine's clock is right (within 15 minutes "
		  "of real time) (APIG.0301)" },
		{ 429, "error_CBC.0250.json", BSS_ERR_RATE_LIMITED, "CBC.0250", "req-1",
		  "Rate limited by BSS (10 requests per second per operation); try again shortly "
		  "(CBC.0250)" },
		{ 429, "error_nested_shape.json", BSS_ERR_RATE_LIMITED, "APIGW.0308", "req-1",
		  "Too many requests (gateway throttling); try again shortly (APIGW.0308)" },
		{ 500, "error_CBC.0999.json", BSS_ERR_API, "CBC.0999", "req-1",
		  "BSS reported an internal error; try again later (CBC.0999)" },
		{ 502, "error_502.html", BSS_ERR_HTTP, "", "req-1",
		  "The BSS endpoint answered with an HTTP error (HTTP 502): 502 Bad Gateway" },
		/* No X-Request-Id header: the body's request_id is kept. */
		{ 401, "error_APIGW.0301.json", BSS_ERR_AUTH, "APIGW.0301", NULL, NULL },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct bss_error *e = error_from_fixture(cases[i].status, cases[i].file,
		    cases[i].request_id);

		assert_int_equal(e->kind, cases[i].kind);
		assert_int_equal(e->http_status, cases[i].status);
		assert_string_equal(e->code, cases[i].code);
		if (cases[i].message != NULL)
			assert_string_equal(e->message, cases[i].message);
		if (cases[i].request_id != NULL)
			assert_string_equal(e->request_id, cases[i].request_id);
		else
			assert_string_equal(e->request_id, "4b6c1a7e9d2f4e8a");
		assert_int_equal(e->outcome_unknown, cases[i].status >= 500);
		bss_error_free(e);
	}
}

static void
error_body_oddities(void **state)
{
	struct bss_error *e;
	struct bss_item_failure items[] = {
		{ "res-1", "CBC.99003651", "Transaction in progress" },
		{ "res-2", "CBC.30000067", "gone" },
	};

	(void)state;
	/* A 2xx without an error code is not an error. */
	assert_null(bss_error_from_response(200, "{\"order_ids\":[]}", 15, NULL));
	assert_null(bss_error_from_response(204, "", 0, NULL));
	/* An error status with no body at all. */
	e = bss_error_from_response(503, "", 0, "rid");
	assert_int_equal(e->kind, BSS_ERR_HTTP);
	assert_string_equal(e->message, "The BSS endpoint answered with an HTTP error (HTTP 503)");
	assert_true(e->outcome_unknown);
	bss_error_free(e);
	/* A 400 body with per-item failures keeps them. */
	e = error_from_fixture(400, "error_400_with_items.json", NULL);
	assert_int_equal(e->n_items, 1);
	assert_string_equal(e->items[0].id, "res-x");
	assert_string_equal(e->items[0].error_code, "CBC.99003012");
	bss_error_free(e);
	/* Every item of a batch failed: an API error carrying them all. */
	e = bss_error_from_items(items, 2, 200, "rid-7");
	assert_int_equal(e->kind, BSS_ERR_API);
	assert_int_equal(e->n_items, 2);
	assert_string_equal(e->code, "CBC.99003651");
	assert_string_equal(e->items[1].id, "res-2");
	assert_string_equal(e->request_id, "rid-7");
	assert_string_equal(e->message, "A transaction is in progress: the resource cannot be "
	    "unsubscribed now (CBC.99003651); 2 items failed");
	bss_error_free(e);
	/* Unknown codes keep the server's words. */
	e = bss_error_from_response(400, "{\"error_code\":\"CBC.12345\",\"error_msg\":\"odd\"}", 45,
	    NULL);
	assert_string_equal(e->message, "The BSS API refused the request: odd (CBC.12345)");
	bss_error_free(e);
	e = bss_error_newf(BSS_ERR_TIMEOUT, "after %d ms", 30000);
	assert_string_equal(e->message, "The BSS endpoint did not answer in time: after 30000 ms");
	assert_string_equal(bss_error_kind_name(e->kind), "timeout");
	assert_true(e->outcome_unknown);
	bss_error_free(e);
	e = bss_error_new(BSS_ERR_CANCELLED, NULL);
	assert_string_equal(e->message, "The request was cancelled");
	assert_false(e->outcome_unknown);
	bss_error_free(e);
}

/* Every code of bss-api.md 4.2 has its own sentence. */
static void
every_documented_code_has_a_message(void **state)
{
	static const char *const codes[] = {
		"CBC.0100", "CBC.0101", "CBC.0151", "CBC.0154", "CBC.0155", "CBC.0156", "CBC.0250",
		"CBC.0999", "CBC.18000016", "CBC.18000048", "CBC.3002", "CBC.3006", "CBC.3016",
		"CBC.3106", "CBC.3112", "CBC.3124", "CBC.3144", "CBC.30050007", "CBC.30050008",
		"CBC.30050009", "CBC.30050010", "CBC.30050011", "CBC.30050012", "CBC.30050013",
		"CBC.30000010", "CBC.30000052", "CBC.30000053", "CBC.30000067", "CBC.30010036",
		"CBC.30010069", "CBC.30050006", "CBC.99000089", "CBC.99000092", "CBC.99003012",
		"CBC.99003016", "CBC.99003100", "CBC.99003106", "CBC.99003108", "CBC.99003110",
		"CBC.99003112", "CBC.99003116", "CBC.99003117", "CBC.99003128", "CBC.99003141",
		"CBC.99003144", "CBC.99003147", "CBC.99003154", "CBC.99003155", "CBC.99003156",
		"CBC.99003162", "CBC.99003185", "CBC.3185", "CBC.99003198", "CBC.99003602",
		"CBC.99003605", "CBC.99003608", "CBC.99003609", "CBC.99003610", "CBC.99003611",
		"CBC.99003622", "CBC.99003623", "CBC.99003624", "CBC.99003625", "CBC.99003626",
		"CBC.99003634", "CBC.99003643", "CBC.99003647", "CBC.99003649", "CBC.99003650",
		"CBC.99003651", "CBC.99003652", "CBC.99003654", "CBC.99003656", "CBC.99005003",
		"CBC.99005010", "CBC.99005026", "CBC.99006006", "CBC.99006016", "CBC.99006017",
		"CBC.99006024", "CBC.99006066", "CBC.99006050", "CBC.99006055", "CBC.99006073",
		"CBC.99006093", "CBC.99008040", "CBC.99008056", "CBC.99000049", "APIGW.0301",
		"APIG.0301", "APIGW.0308", "APIG.0308",
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(codes) / sizeof(codes[0]); i++)
		if (bss_error_code_message(codes[i], NULL) == NULL)
			fail_msg("no message for %s", codes[i]);
	assert_null(bss_error_code_message("CBC.42", NULL));
	assert_null(bss_error_code_message("", NULL));
	assert_string_equal(bss_error_code_message("APIGW.0301", "x signature EXPIRED y"),
	    "Signature expired: check that this machine's clock is right (within 15 minutes of "
	    "real time)");
}

/* ---- the tables and the fixtures against bss-api.md's schema ------------ */

static cJSON *
load_schemas(void)
{
	char *text = tu_read_file(tu_shared_path("conformance/schemas.json"), NULL);
	cJSON *root = cJSON_Parse(text);

	free(text);
	assert_non_null(root);
	return root;
}

struct walked {
	struct buf paths;   /* "path type\n" per field the parser knows */
};

static void
collect(const char *path, const char *type, void *arg)
{
	struct walked *w = arg;

	buf_printf(&w->paths, "%s %s\n", path, type);
}

static bool
has_line(const char *lines, const char *line)
{
	size_t n = strlen(line);
	const char *p = lines;

	while ((p = strstr(p, line)) != NULL) {
		if ((p == lines || p[-1] == '\n') && p[n] == '\n')
			return true;
		p += n;
	}
	return false;
}

/* Adds "path type" for every field of a schema object, recursively. */
static void
schema_paths(const cJSON *obj, const char *prefix, struct buf *out, struct buf *leaves)
{
	const cJSON *f;

	cJSON_ArrayForEach(f, cJSON_GetObjectItemCaseSensitive(obj, "fields")) {
		const char *type = cJSON_GetObjectItemCaseSensitive(f, "type")->valuestring;
		const cJSON *items = cJSON_GetObjectItemCaseSensitive(f, "items");
		char *path = *prefix ? xasprintf("%s.%s", prefix, f->string) : xstrdup(f->string);

		buf_printf(out, "%s %s\n", path, type);
		buf_printf(leaves, "%s %s\n", f->string, type);
		if (strcmp(type, "object") == 0)
			schema_paths(f, path, out, leaves);
		else if (items != NULL && cJSON_GetObjectItemCaseSensitive(items, "fields") != NULL)
			schema_paths(items, path, out, leaves);
		free(path);
	}
}

/*
 * Both directions: every field the sheet documents is parsed with the
 * documented JSON type, and every field the parser knows is in the sheet
 * (at this path, or, for the structs two operations share, by that name and
 * type in another operation).
 */
static void
tables_match_the_sheet(void **state)
{
	cJSON *root = load_schemas();
	struct buf all_leaves = BUF_INIT(0);
	const cJSON *op;
	int checked = 0;

	(void)state;
	cJSON_ArrayForEach(op, cJSON_GetObjectItemCaseSensitive(root, "operations")) {
		struct buf ignored = BUF_INIT(0);

		if (cJSON_GetObjectItemCaseSensitive(op, "response") != NULL)
			schema_paths(cJSON_GetObjectItemCaseSensitive(op, "response"), "", &ignored, &all_leaves);
		buf_free(&ignored);
	}
	cJSON_ArrayForEach(op, cJSON_GetObjectItemCaseSensitive(root, "operations")) {
		int id = model_op_by_name(op->string);
		struct buf doc = BUF_INIT(0), leaves = BUF_INIT(0);
		struct walked mine = { BUF_INIT(0) };
		const char *line, *nl;

		if (id < 0)
			fail_msg("operation %s is not in model_op", op->string);
		assert_int_equal(model_op_has_body(id), cJSON_GetObjectItemCaseSensitive(op, "response") != NULL);
		assert_int_equal(model_op_is_paged(id),
		    cJSON_IsObject(cJSON_GetObjectItemCaseSensitive(op, "paging")));
		if (cJSON_GetObjectItemCaseSensitive(op, "response") != NULL)
			schema_paths(cJSON_GetObjectItemCaseSensitive(op, "response"), "", &doc, &leaves);
		model_wire_walk(id, collect, &mine);
		for (line = buf_cstr(&doc); (nl = strchr(line, '\n')) != NULL; line = nl + 1) {
			char *one = xstrndup(line, (size_t)(nl - line));

			if (!has_line(buf_cstr(&mine.paths), one))
				fail_msg("%s: documented field not parsed as documented: %s", op->string, one);
			free(one);
		}
		for (line = buf_cstr(&mine.paths); (nl = strchr(line, '\n')) != NULL; line = nl + 1) {
			char *one = xstrndup(line, (size_t)(nl - line));
			const char *leaf = strrchr(one, '.');

			leaf = leaf ? leaf + 1 : one;
			if (!has_line(buf_cstr(&doc), one) && !has_line(buf_cstr(&all_leaves), leaf))
				fail_msg("%s: parser knows a field the sheet does not: %s", op->string, one);
			free(one);
		}
		buf_free(&doc);
		buf_free(&leaves);
		buf_free(&mine.paths);
		checked++;
	}
	assert_int_equal(checked, MODEL_OP_COUNT);
	buf_free(&all_leaves);
	cJSON_Delete(root);
}

static bool
format_ok(const char *format, const char *s)
{
	time_t t;
	money_t m;

	if (*s == '\0')
		return true;  /* the sheet accepts "" for optional fields */
	if (strcmp(format, "utc-datetime") == 0)
		return time_parse_iso(s, &t) == 0;
	if (strcmp(format, "month") == 0)
		return time_parse_month(s, &t) == 0;
	if (strcmp(format, "date") == 0)
		return time_parse_date(s, &t) == 0;
	if (strcmp(format, "date-or-month") == 0)
		return time_parse_date(s, &t) == 0 || time_parse_month(s, &t) == 0;
	if (strcmp(format, "decimal") == 0)
		return money_parse(s, &m) == 0;
	return true;
}

static bool
type_ok(const char *type, const cJSON *v)
{
	if (strcmp(type, "string") == 0)
		return cJSON_IsString(v);
	if (strcmp(type, "integer") == 0)
		return cJSON_IsNumber(v) && v->valuedouble == (double)(int64_t)v->valuedouble;
	if (strcmp(type, "number") == 0)
		return cJSON_IsNumber(v);
	if (strcmp(type, "boolean") == 0)
		return cJSON_IsBool(v);
	if (strcmp(type, "array") == 0)
		return cJSON_IsArray(v);
	return cJSON_IsObject(v);
}

static bool
enum_ok(const cJSON *def, const cJSON *v)
{
	const cJSON *e;

	if (cJSON_GetObjectItemCaseSensitive(def, "enum") == NULL)
		return true;
	cJSON_ArrayForEach(e, cJSON_GetObjectItemCaseSensitive(def, "enum")) {
		if (cJSON_IsString(e) && cJSON_IsString(v) && strcmp(e->valuestring, v->valuestring) == 0)
			return true;
		if (cJSON_IsNumber(e) && cJSON_IsNumber(v) && e->valuedouble == v->valuedouble)
			return true;
	}
	return false;
}

static void check_value(const char *file, const char *path, const cJSON *def, const cJSON *v);

/* One JSON object of a fixture against its schema object, as the conformance suite would. */
static void
check_object(const char *file, const char *path, const cJSON *schema, const cJSON *obj, bool top)
{
	const cJSON *fields = cJSON_GetObjectItemCaseSensitive(schema, "fields"), *f, *kv;

	cJSON_ArrayForEach(kv, obj) {
		char *sub = xasprintf("%s%s%s", path, *path ? "." : "", kv->string);

		f = cJSON_GetObjectItemCaseSensitive(fields, kv->string);
		if (f == NULL && !(top && (strcmp(kv->string, "error_code") == 0 ||
		    strcmp(kv->string, "error_msg") == 0)))
			fail_msg("%s: %s is not in the sheet", file, sub);
		if (f != NULL && !cJSON_IsNull(kv))
			check_value(file, sub, f, kv);
		free(sub);
	}
	cJSON_ArrayForEach(f, fields) {
		const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, f->string);
		bool must = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(f, "required")) ||
		    cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(f, "expected"));

		if (must && (v == NULL || cJSON_IsNull(v)) &&
		    !(top && cJSON_GetObjectItemCaseSensitive(obj, "error_code")))
			fail_msg("%s: %s%s%s is required or expected", file, path, *path ? "." : "",
			    f->string);
	}
}

static void
check_value(const char *file, const char *path, const cJSON *def, const cJSON *v)
{
	const char *type = cJSON_GetObjectItemCaseSensitive(def, "type")->valuestring;
	const cJSON *format = cJSON_GetObjectItemCaseSensitive(def, "format");
	const cJSON *items = cJSON_GetObjectItemCaseSensitive(def, "items");
	const cJSON *it;
	int i = 0;

	if (!type_ok(type, v))
		fail_msg("%s: %s should be %s", file, path, type);
	if (!enum_ok(def, v))
		fail_msg("%s: %s has a value outside the documented set", file, path);
	if (format != NULL && cJSON_IsString(v) && !format_ok(format->valuestring, v->valuestring))
		fail_msg("%s: %s is not %s: %s", file, path, format->valuestring, v->valuestring);
	if (strcmp(type, "object") == 0)
		check_object(file, path, def, v, false);
	if (strcmp(type, "array") != 0)
		return;
	cJSON_ArrayForEach(it, v) {
		char *sub = xasprintf("%s[%d]", path, i++);

		check_value(file, sub, items, it);
		free(sub);
	}
}

/* Every operation's success fixture: exactly per the sheet, and parsed. */
static void
every_fixture_is_per_the_sheet(void **state)
{
	cJSON *root = load_schemas();
	const cJSON *op;

	(void)state;
	cJSON_ArrayForEach(op, cJSON_GetObjectItemCaseSensitive(root, "operations")) {
		char *file = xasprintf("%s.json", op->string);
		const cJSON *resp = cJSON_GetObjectItemCaseSensitive(op, "response");
		size_t len;
		char *text = tu_fixture(file, &len);
		struct model *m = parse_ok(model_op_by_name(op->string), file);

		if (resp == NULL) {
			assert_int_equal(len, 0);  /* 204 No Content */
			assert_null(model_view(m, model_op_of(m)));
		} else {
			cJSON *body = cJSON_Parse(text);

			assert_non_null(body);
			check_object(file, "", resp, body, true);
			assert_non_null(model_view(m, model_op_of(m)));
			cJSON_Delete(body);
		}
		model_free(m);
		free(text);
		free(file);
	}
	cJSON_Delete(root);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(balances),
		cmocka_unit_test(coupons),
		cmocka_unit_test(orders),
		cmocka_unit_test(order_details),
		cmocka_unit_test(resources),
		cmocka_unit_test(packages),
		cmocka_unit_test(product_catalogue),
		cmocka_unit_test(units),
		cmocka_unit_test(ratings),
		cmocka_unit_test(order_coupons_and_discounts),
		cmocka_unit_test(refund_details),
		cmocka_unit_test(no_content_operations),
		cmocka_unit_test(batch_writes),
		cmocka_unit_test(package_usage),
		cmocka_unit_test(monthly_sum),
		cmocka_unit_test(resource_records),
		cmocka_unit_test(fee_records),
		cmocka_unit_test(costs),
		cmocka_unit_test(refused_bodies),
		cmocka_unit_test(missing_and_null_fields_default),
		cmocka_unit_test(amounts_either_way),
		cmocka_unit_test(large_numbers_kept),
		cmocka_unit_test(unicode_text_kept),
		cmocka_unit_test(error_code_in_a_200),
		cmocka_unit_test(per_item_failures_in_results),
		cmocka_unit_test(error_bodies),
		cmocka_unit_test(error_body_oddities),
		cmocka_unit_test(every_documented_code_has_a_message),
		cmocka_unit_test(tables_match_the_sheet),
		cmocka_unit_test(every_fixture_is_per_the_sheet),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
