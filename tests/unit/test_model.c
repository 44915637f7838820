/* api/model and api/errors: every operation's fixture parsed, values checked. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/errors.h"
#include "api/model.h"
#include "lib/testutil.h"
#include "util/money.h"

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
wrong_type_names_the_field(void **state)
{
	struct bss_error *e = parse_fails(MODEL_OP_LIST_SUB_CUSTOMER_COUPONS,
	    "edge_coupons_wrong_type.json");

	(void)state;
	assert_int_equal(e->kind, BSS_ERR_PARSE);
	assert_string_equal(e->detail, "user_coupons[3].face_value: expected number");
	assert_non_null(strstr(e->message, "user_coupons[3].face_value"));
	bss_error_free(e);
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
		cmocka_unit_test(wrong_type_names_the_field),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
