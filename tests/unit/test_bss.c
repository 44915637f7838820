/* api/bss request building: all 30 operations' method, path, query, body, headers. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <pthread.h>
#include <sys/socket.h>
#include <unistd.h>

#include <curl/curl.h>
#include <microhttpd.h>
#include <uv.h>

#include "api/bss.h"
#include "lib/testutil.h"
#include "util/buf.h"
#include "util/xalloc.h"

struct expect {
	enum model_op op;
	const void *params;
	enum bss_language lang;
	const char *method;
	const char *path;
	const char *query;       /* decoded pairs joined as a=1&b=2, "" for none */
	const char *body;        /* exact bytes, NULL for none */
	const char *language;    /* X-Language sent, NULL for none */
	bool idempotent;
};

static char *
join_query(const struct http_request *h)
{
	struct buf b = BUF_INIT(0);
	size_t i;

	buf_puts(&b, "");
	for (i = 0; i < h->nquery; i++)
		buf_printf(&b, "%s%s=%s", i ? "&" : "", h->query[i].name, h->query[i].value);
	return buf_steal(&b, NULL);
}

static void
check(const struct expect *x)
{
	struct bss_request *r = NULL;
	struct bss_error *err = NULL;
	char *q;

	if (bss_request_build(x->op, x->params, x->lang, &r, &err) != 0)
		fail_msg("%s: %s", model_op_name(x->op), err->message);
	assert_int_equal(r->op, x->op);
	assert_string_equal(r->http.method, x->method);
	assert_string_equal(r->http.path, x->path);
	q = join_query(&r->http);
	assert_string_equal(q, x->query);
	free(q);
	if (x->body == NULL) {
		assert_null(r->http.body);
		assert_int_equal(r->http.body_len, 0);
	} else {
		assert_non_null(r->http.body);
		assert_int_equal(r->http.body_len, strlen(x->body));
		assert_memory_equal(r->http.body, x->body, r->http.body_len);
	}
	if (x->language == NULL) {
		assert_int_equal(r->http.nheaders, 0);
	} else {
		assert_int_equal(r->http.nheaders, 1);
		assert_string_equal(r->http.headers[0].name, "X-Language");
		assert_string_equal(r->http.headers[0].value, x->language);
	}
	assert_string_equal(r->http.api, model_op_name(x->op));
	assert_int_equal(r->http.idempotent, x->idempotent);
	bss_request_free(r);
}

/* Builds op's request expecting refusal; returns the error's detail. */
static char *
refused(enum model_op op, const void *params)
{
	struct bss_request *r = NULL;
	struct bss_error *err = NULL;
	char *detail;

	if (bss_request_build(op, params, BSS_LANG_DEFAULT, &r, &err) == 0)
		fail_msg("%s: built but should be refused", model_op_name(op));
	assert_null(r);
	assert_int_equal(err->kind, BSS_ERR_INVALID);
	detail = strdup(err->detail);
	bss_error_free(err);
	return detail;
}

static void
products(void **state)
{
	struct bss_list_service_types_params st = {
		.limit = BSS_INT(1000), .offset = BSS_INT(10), .service_type_name = "弹性云",
	};
	struct bss_list_resource_types_params rt = { .limit = BSS_INT(5) };
	struct bss_list_service_resources_params sr = {
		.service_type_code = "hws.service.type.obs", .limit = BSS_INT(100),
	};
	struct bss_list_usage_types_params ut = { .resource_type_code = "", .offset = BSS_INT(0) };
	struct bss_list_conversions_params cv = { .measure_type = BSS_INT(3) };
	const struct expect x[] = {
		{ MODEL_OP_LIST_SERVICE_TYPES, &st, BSS_LANG_EN, "GET", "/v2/products/service-types",
		  "limit=1000&offset=10&service_type_name=弹性云", NULL, "en_US", true },
		{ MODEL_OP_LIST_RESOURCE_TYPES, &rt, BSS_LANG_ZH, "GET", "/v2/products/resource-types",
		  "limit=5", NULL, "zh_CN", true },
		{ MODEL_OP_LIST_SERVICE_RESOURCES, &sr, BSS_LANG_DEFAULT, "GET",
		  "/v2/products/service-resources", "service_type_code=hws.service.type.obs&limit=100",
		  NULL, NULL, true },
		/* "" is a filter for this one (bss-api.md 6.4): it is sent. */
		{ MODEL_OP_LIST_USAGE_TYPES, &ut, BSS_LANG_EN, "GET", "/v2/products/usage-types",
		  "resource_type_code=&offset=0", NULL, "en_US", true },
		{ MODEL_OP_LIST_MEASURE_UNITS, NULL, BSS_LANG_EN, "GET", "/v2/bases/measurements", "",
		  NULL, "en_US", true },
		{ MODEL_OP_LIST_CONVERSIONS, &cv, BSS_LANG_ZH, "GET", "/v2/bases/conversions",
		  "measure_type=3", NULL, "zh_CN", true },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(x) / sizeof(x[0]); i++)
		check(&x[i]);
}

static void
ratings(void **state)
{
	struct bss_demand_product dp[] = { {
		.id = "p1", .cloud_service_type = "hws.service.type.ec2",
		.resource_type = "hws.resource.type.vm", .resource_spec = "s6.small.1.linux",
		.region = "cn-north-4", .usage_factor = "Duration",
		.usage_value = MONEY_UNITS(1), .usage_measure_id = 4, .subscription_num = 1,
	}, {
		.id = "p2", .cloud_service_type = "hws.service.type.ebs",
		.resource_type = "hws.resource.type.volume", .resource_spec = "SSD",
		.region = "cn-north-4", .available_zone = "cn-north-4a",
		.resource_size = BSS_INT(40), .size_measure_id = BSS_INT(17),
		.usage_factor = "Duration", .usage_value = 250000000LL /* 2.5 */,
		.usage_measure_id = 4, .subscription_num = 2,
	} };
	struct bss_list_on_demand_resource_ratings_params od = {
		.project_id = "0560a3c4", .inquiry_precision = BSS_INT(1),
		.product_infos = dp, .n_product_infos = 2,
	};
	struct bss_period_product pp[] = { {
		.id = "1", .cloud_service_type = "hws.service.type.ec2",
		.resource_type = "hws.resource.type.vm", .resource_spec = "s6.small.1.linux",
		.region = "cn-north-4", .period_type = 2, .period_num = 3, .subscription_num = 1,
	} };
	struct bss_list_rate_on_period_detail_params pr = {
		.project_id = "0560a3c4", .product_infos = pp, .n_product_infos = 1,
	};
	const struct expect x[] = {
		{ MODEL_OP_LIST_ON_DEMAND_RESOURCE_RATINGS, &od, BSS_LANG_EN, "POST",
		  "/v2/bills/ratings/on-demand-resources", "",
		  "{\"project_id\":\"0560a3c4\",\"inquiry_precision\":1,\"product_infos\":["
		  "{\"id\":\"p1\",\"cloud_service_type\":\"hws.service.type.ec2\","
		  "\"resource_type\":\"hws.resource.type.vm\",\"resource_spec\":\"s6.small.1.linux\","
		  "\"region\":\"cn-north-4\",\"usage_factor\":\"Duration\",\"usage_value\":1,"
		  "\"usage_measure_id\":4,\"subscription_num\":1},"
		  "{\"id\":\"p2\",\"cloud_service_type\":\"hws.service.type.ebs\","
		  "\"resource_type\":\"hws.resource.type.volume\",\"resource_spec\":\"SSD\","
		  "\"region\":\"cn-north-4\",\"available_zone\":\"cn-north-4a\",\"resource_size\":40,"
		  "\"size_measure_id\":17,\"usage_factor\":\"Duration\",\"usage_value\":2.5,"
		  "\"usage_measure_id\":4,\"subscription_num\":2}]}", NULL, true },
		{ MODEL_OP_LIST_RATE_ON_PERIOD_DETAIL, &pr, BSS_LANG_EN, "POST",
		  "/v2/bills/ratings/period-resources/subscribe-rate", "",
		  "{\"project_id\":\"0560a3c4\",\"product_infos\":[{\"id\":\"1\","
		  "\"cloud_service_type\":\"hws.service.type.ec2\",\"resource_type\":\"hws.resource.type.vm\","
		  "\"resource_spec\":\"s6.small.1.linux\",\"region\":\"cn-north-4\",\"period_type\":2,"
		  "\"period_num\":3,\"subscription_num\":1}]}", NULL, true },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(x) / sizeof(x[0]); i++)
		check(&x[i]);
}

static void
accounts_and_orders(void **state)
{
	struct bss_list_sub_customer_coupons_params cp = {
		.status = BSS_INT(2), .coupon_type = BSS_INT(1), .offset = BSS_INT(0),
		.limit = BSS_INT(100), .order_id = "",
	};
	struct bss_list_customer_orders_params lo = {
		.status = BSS_INT(6), .order_type = "2", .limit = BSS_INT(100), .offset = BSS_INT(200),
		.order_by = "-createTime", .create_time_begin = "2024-01-01T00:00:00Z",
		.create_time_end = "2024-06-30T23:59:59Z", .order_id = "CS%24",
	};
	struct bss_show_customer_order_details_params od = {
		.order_id = "CS2401050815ABCDE", .limit = BSS_INT(100), .offset = BSS_INT(0),
	};
	struct bss_order_id_params oid = { .order_id = "CS2401050815ABCDE" };
	struct bss_show_refund_order_details_params rf = { .order_id = "CS2311111111UNSUB" };
	const struct expect x[] = {
		{ MODEL_OP_SHOW_CUSTOMER_ACCOUNT_BALANCES, NULL, BSS_LANG_EN, "GET",
		  "/v2/accounts/customer-accounts/balances", "", NULL, NULL, true },
		{ MODEL_OP_LIST_SUB_CUSTOMER_COUPONS, &cp, BSS_LANG_EN, "GET",
		  "/v2/promotions/benefits/coupons",
		  "order_id=&coupon_type=1&status=2&offset=0&limit=100", NULL, NULL, true },
		/* Query values go out decoded; http encodes them (so % becomes %25). */
		{ MODEL_OP_LIST_CUSTOMER_ORDERS, &lo, BSS_LANG_EN, "GET", "/v2/orders/customer-orders",
		  "order_id=CS%24&create_time_begin=2024-01-01T00:00:00Z&"
		  "create_time_end=2024-06-30T23:59:59Z&status=6&order_type=2&limit=100&offset=200&"
		  "order_by=-createTime", NULL, NULL, true },
		{ MODEL_OP_SHOW_CUSTOMER_ORDER_DETAILS, &od, BSS_LANG_ZH, "GET",
		  "/v2/orders/customer-orders/details/CS2401050815ABCDE", "limit=100&offset=0", NULL,
		  "zh_CN", true },
		{ MODEL_OP_LIST_ORDER_COUPONS_BY_ORDER_ID, &oid, BSS_LANG_EN, "GET",
		  "/v2/orders/customer-orders/order-coupons", "order_id=CS2401050815ABCDE", NULL, NULL,
		  true },
		{ MODEL_OP_LIST_ORDER_DISCOUNTS, &oid, BSS_LANG_EN, "GET",
		  "/v2/orders/customer-orders/order-discounts", "order_id=CS2401050815ABCDE", NULL, NULL,
		  true },
		{ MODEL_OP_CANCEL_CUSTOMER_ORDER, &oid, BSS_LANG_EN, "PUT",
		  "/v2/orders/customer-orders/cancel", "", "{\"order_id\":\"CS2401050815ABCDE\"}", NULL,
		  false },
		{ MODEL_OP_SHOW_REFUND_ORDER_DETAILS, &rf, BSS_LANG_EN, "GET",
		  "/v2/orders/customer-orders/refund-orders", "order_id=CS2311111111UNSUB", NULL, NULL,
		  true },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(x) / sizeof(x[0]); i++)
		check(&x[i]);
}

static void
pay_orders(void **state)
{
	struct bss_coupon_choice coupons[] = { { "CP1", 301 }, { "CP2", 300 } };
	struct bss_discount_choice discount[] = { { "d-123", 2 } };
	struct bss_pay_orders_params plain = { .order_id = "CS2401050815ABCDE" };
	struct bss_pay_orders_params disc = {
		.order_id = "CS2401050815ABCDE", .discount_infos = discount, .n_discount_infos = 1,
	};
	struct bss_pay_orders_params both = {
		.order_id = "CS1", .coupon_infos = coupons, .n_coupon_infos = 2,
		.discount_infos = discount, .n_discount_infos = 1,
	};
	const struct expect x[] = {
		{ MODEL_OP_PAY_ORDERS, &plain, BSS_LANG_EN, "POST", "/v3/orders/customer-orders/pay", "",
		  "{\"order_id\":\"CS2401050815ABCDE\",\"use_coupon\":\"NO\",\"use_discount\":\"NO\"}",
		  NULL, false },
		/* bss-api.md 8b, byte for byte. */
		{ MODEL_OP_PAY_ORDERS, &disc, BSS_LANG_EN, "POST", "/v3/orders/customer-orders/pay", "",
		  "{\"order_id\":\"CS2401050815ABCDE\",\"use_coupon\":\"NO\",\"use_discount\":\"YES\","
		  "\"discount_infos\":[{\"id\":\"d-123\",\"type\":2}]}", NULL, false },
		{ MODEL_OP_PAY_ORDERS, &both, BSS_LANG_EN, "POST", "/v3/orders/customer-orders/pay", "",
		  "{\"order_id\":\"CS1\",\"use_coupon\":\"YES\",\"use_discount\":\"YES\","
		  "\"coupon_infos\":[{\"id\":\"CP1\",\"type\":301},{\"id\":\"CP2\",\"type\":300}],"
		  "\"discount_infos\":[{\"id\":\"d-123\",\"type\":2}]}", NULL, false },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(x) / sizeof(x[0]); i++)
		check(&x[i]);
}

static void
subscriptions(void **state)
{
	const char *ids[] = { "0c32e5a1", "bad-id" };
	const int32_t statuses[] = { 2, 5 };
	struct bss_list_pay_per_use_customer_resources_params lr = {
		.order_id = "CS2401050815ABCDE", .only_main_resource = BSS_INT(1),
		.status_list = statuses, .n_status_list = 1, .offset = BSS_INT(0), .limit = BSS_INT(10),
	};
	struct bss_list_pay_per_use_customer_resources_params lr2 = {
		.resource_ids = ids, .n_resource_ids = 2, .status_list = statuses, .n_status_list = 2,
		.expire_time_begin = "2024-01-01T00:00:00Z", .service_type_code = "hws.service.type.ec2",
	};
	struct bss_list_pay_per_use_customer_resources_params all = { .limit = BSS_INT(500) };
	struct bss_renewal_resources_params rn = {
		.resource_ids = ids, .n_resource_ids = 1, .period_type = 2, .period_num = 1,
		.is_auto_pay = BSS_INT(1),
	};
	struct bss_cancel_resources_subscription_params us = {
		.resource_ids = ids, .n_resource_ids = 1, .unsubscribe_type = 1,
		.unsubscribe_reason_type = BSS_INT(5), .unsubscribe_reason = "不再需要",
	};
	struct bss_auto_renewal_resources_params ar = {
		.resource_id = "0c32e5a1", .auto_renew_times = BSS_INT(0),
	};
	struct bss_auto_renewal_resources_params ar_plain = { .resource_id = "0c32e5a1" };
	struct bss_resource_id_params car = { .resource_id = "0c32e5a1" };
	struct bss_update_period_to_on_demand_params tod = {
		.operation = "CANCEL", .resource_ids = ids, .n_resource_ids = 2,
	};
	const struct expect x[] = {
		/* bss-api.md 8b: the "suscriptions" typo and the body pagination. */
		{ MODEL_OP_LIST_PAY_PER_USE_CUSTOMER_RESOURCES, &lr, BSS_LANG_EN, "POST",
		  "/v2/orders/suscriptions/resources/query", "",
		  "{\"order_id\":\"CS2401050815ABCDE\",\"only_main_resource\":1,\"status_list\":[2],"
		  "\"offset\":0,\"limit\":10}", NULL, true },
		{ MODEL_OP_LIST_PAY_PER_USE_CUSTOMER_RESOURCES, &lr2, BSS_LANG_EN, "POST",
		  "/v2/orders/suscriptions/resources/query", "",
		  "{\"resource_ids\":[\"0c32e5a1\",\"bad-id\"],\"status_list\":[2,5],"
		  "\"expire_time_begin\":\"2024-01-01T00:00:00Z\","
		  "\"service_type_code\":\"hws.service.type.ec2\"}", NULL, true },
		{ MODEL_OP_LIST_PAY_PER_USE_CUSTOMER_RESOURCES, &all, BSS_LANG_EN, "POST",
		  "/v2/orders/suscriptions/resources/query", "", "{\"limit\":500}", NULL, true },
		{ MODEL_OP_RENEWAL_RESOURCES, &rn, BSS_LANG_EN, "POST",
		  "/v2/orders/subscriptions/resources/renew", "",
		  "{\"resource_ids\":[\"0c32e5a1\"],\"period_type\":2,\"period_num\":1,\"is_auto_pay\":1}",
		  NULL, false },
		{ MODEL_OP_CANCEL_RESOURCES_SUBSCRIPTION, &us, BSS_LANG_EN, "POST",
		  "/v2/orders/subscriptions/resources/unsubscribe", "",
		  "{\"resource_ids\":[\"0c32e5a1\"],\"unsubscribe_type\":1,\"unsubscribe_reason_type\":5,"
		  "\"unsubscribe_reason\":\"不再需要\"}", NULL, false },
		{ MODEL_OP_AUTO_RENEWAL_RESOURCES, &ar, BSS_LANG_EN, "POST",
		  "/v2/orders/subscriptions/resources/autorenew/0c32e5a1", "",
		  "{\"auto_renew_times\":0}", NULL, false },
		{ MODEL_OP_AUTO_RENEWAL_RESOURCES, &ar_plain, BSS_LANG_EN, "POST",
		  "/v2/orders/subscriptions/resources/autorenew/0c32e5a1", "", "{}", NULL, false },
		{ MODEL_OP_CANCEL_AUTO_RENEWAL_RESOURCES, &car, BSS_LANG_EN, "DELETE",
		  "/v2/orders/subscriptions/resources/autorenew/0c32e5a1", "", NULL, NULL, false },
		{ MODEL_OP_UPDATE_PERIOD_TO_ON_DEMAND, &tod, BSS_LANG_EN, "POST",
		  "/v2/orders/subscriptions/resources/to-on-demand", "",
		  "{\"operation\":\"CANCEL\",\"resource_ids\":[\"0c32e5a1\",\"bad-id\"]}", NULL, false },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(x) / sizeof(x[0]); i++)
		check(&x[i]);
}

static void
packages_and_bills(void **state)
{
	const char *codes[] = { "hws.service.type.obs", "hws.service.type.cdn" };
	const char *items[] = { "FR-OBS-0001" };
	struct bss_list_free_resource_infos_params pk = {
		.status = BSS_INT(0), .offset = BSS_INT(0), .limit = BSS_INT(1000),
		.service_type_code_list = codes, .n_service_type_code_list = 2,
	};
	struct bss_list_free_resource_usages_params pu = {
		.free_resource_ids = items, .n_free_resource_ids = 1,
	};
	struct bss_list_free_resources_usage_records_params ur = {
		.free_resource_id = "FR-OBS-0001", .deduct_time_begin = "2024-01-01",
		.deduct_time_end = "2024-03-31", .limit = BSS_INT(1000),
	};
	struct bss_show_customer_monthly_sum_params ms = {
		.bill_cycle = "2024-01", .offset = BSS_INT(0), .limit = BSS_INT(1000), .method = "all",
	};
	struct bss_list_customerself_resource_record_details_params rr = {
		.cycle = "2024-01", .charge_mode = BSS_INT(3), .bill_type = BSS_INT(5),
		.include_zero_record = BSS_BOOL(false), .offset = BSS_INT(0), .limit = BSS_INT(1000),
		.statistic_type = BSS_INT(2), .query_type = "DAILY", .bill_cycle_begin = "2024-01-01",
		.bill_cycle_end = "2024-01-31",
	};
	struct bss_list_customerself_resource_records_params fr = {
		.cycle = "2024-01", .charge_mode = "1", .bill_type = BSS_INT(0),
		.include_zero_record = BSS_BOOL(true), .limit = BSS_INT(1000),
		.statistic_type = BSS_INT(3), .region = "",
	};
	const char *values[] = { "hws.service.type.ec2" };
	struct bss_group_by gb[] = { { "dimension", "CLOUD_SERVICE_TYPE" } };
	struct bss_cost_filter fl[] = { { 1, { "CLOUD_SERVICE_TYPE", values, 1 } } };
	struct bss_list_costs_params co = {
		.time_condition = { 2, "2024-01", "2024-06" }, .groupby = gb, .n_groupby = 1,
		.cost_type = "ORIGINAL_COST", .amount_type = "PAYMENT_AMOUNT", .offset = BSS_INT(0),
		.limit = BSS_INT(1000), .filters = fl, .n_filters = 1,
	};
	const struct expect x[] = {
		{ MODEL_OP_LIST_FREE_RESOURCE_INFOS, &pk, BSS_LANG_EN, "POST",
		  "/v3/payments/free-resources/query", "",
		  "{\"status\":0,\"offset\":0,\"limit\":1000,\"service_type_code_list\":"
		  "[\"hws.service.type.obs\",\"hws.service.type.cdn\"]}", "en_US", true },
		{ MODEL_OP_LIST_FREE_RESOURCE_USAGES, &pu, BSS_LANG_ZH, "POST",
		  "/v2/payments/free-resources/usages/details/query", "",
		  "{\"free_resource_ids\":[\"FR-OBS-0001\"]}", "zh_CN", true },
		{ MODEL_OP_LIST_FREE_RESOURCES_USAGE_RECORDS, &ur, BSS_LANG_EN, "GET",
		  "/v2/bills/customer-bills/free-resources-usage-records",
		  "free_resource_id=FR-OBS-0001&deduct_time_begin=2024-01-01&deduct_time_end=2024-03-31&"
		  "limit=1000", NULL, NULL, true },
		{ MODEL_OP_SHOW_CUSTOMER_MONTHLY_SUM, &ms, BSS_LANG_EN, "GET",
		  "/v2/bills/customer-bills/monthly-sum",
		  "bill_cycle=2024-01&offset=0&limit=1000&method=all", NULL, NULL, true },
		/* Lower-case X-Language here, and charge_mode is an integer. */
		{ MODEL_OP_LIST_CUSTOMERSELF_RESOURCE_RECORD_DETAILS, &rr, BSS_LANG_ZH, "POST",
		  "/v2/bills/customer-bills/res-records/query", "",
		  "{\"cycle\":\"2024-01\",\"charge_mode\":3,\"bill_type\":5,\"include_zero_record\":false,"
		  "\"offset\":0,\"limit\":1000,\"statistic_type\":2,\"query_type\":\"DAILY\","
		  "\"bill_cycle_begin\":\"2024-01-01\",\"bill_cycle_end\":\"2024-01-31\"}", "zh_cn", true },
		/* ... while here charge_mode is a string, and "" for region is a filter. */
		{ MODEL_OP_LIST_CUSTOMERSELF_RESOURCE_RECORDS, &fr, BSS_LANG_EN, "GET",
		  "/v2/bills/customer-bills/res-fee-records",
		  "cycle=2024-01&region=&charge_mode=1&bill_type=0&limit=1000&include_zero_record=true&"
		  "statistic_type=3", NULL, "en_US", true },
		{ MODEL_OP_LIST_COSTS, &co, BSS_LANG_EN, "POST", "/v4/costs/cost-analysed-bills/query", "",
		  "{\"time_condition\":{\"time_measure_id\":2,\"begin_time\":\"2024-01\","
		  "\"end_time\":\"2024-06\"},\"groupby\":[{\"type\":\"dimension\","
		  "\"key\":\"CLOUD_SERVICE_TYPE\"}],\"cost_type\":\"ORIGINAL_COST\","
		  "\"amount_type\":\"PAYMENT_AMOUNT\",\"offset\":0,\"limit\":1000,\"filters\":"
		  "[{\"operator\":1,\"filter_factor\":{\"key\":\"CLOUD_SERVICE_TYPE\","
		  "\"value\":[\"hws.service.type.ec2\"]}}]}", "en_us", true },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(x) / sizeof(x[0]); i++)
		check(&x[i]);
}

/* Amounts go out as the exact decimal text of the money_t, never via double. */
static void
amounts_are_exact(void **state)
{
	struct bss_demand_product dp = {
		.id = "x", .cloud_service_type = "a", .resource_type = "b", .resource_spec = "c",
		.region = "r", .usage_factor = "Duration", .usage_value = 1234567890123456789LL,
		.usage_measure_id = 4, .subscription_num = 1,
	};
	struct bss_list_on_demand_resource_ratings_params od = {
		.project_id = "p", .product_infos = &dp, .n_product_infos = 1,
	};
	struct bss_request *r;
	struct bss_error *err;

	(void)state;
	assert_int_equal(bss_request_build(MODEL_OP_LIST_ON_DEMAND_RESOURCE_RATINGS, &od,
	    BSS_LANG_DEFAULT, &r, &err), 0);
	assert_non_null(strstr(r->http.body, "\"usage_value\":12345678901.23456789,"));
	bss_request_free(r);
	dp.usage_value = -1;  /* -0.00000001 */
	assert_int_equal(bss_request_build(MODEL_OP_LIST_ON_DEMAND_RESOURCE_RATINGS, &od,
	    BSS_LANG_DEFAULT, &r, &err), 0);
	assert_non_null(strstr(r->http.body, "\"usage_value\":-0.00000001,"));
	bss_request_free(r);
}

static void
documented_limits_are_enforced(void **state)
{
	const char *eleven[11] = { "1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11" };
	struct bss_list_customer_orders_params big = { .limit = BSS_INT(500) };
	struct bss_renewal_resources_params rn = {
		.resource_ids = eleven, .n_resource_ids = 11, .period_type = 2, .period_num = 1,
	};
	struct bss_renewal_resources_params rn_none = { .period_type = 2, .period_num = 1 };
	struct bss_renewal_resources_params rn_period = {
		.resource_ids = eleven, .n_resource_ids = 1, .period_type = 1, .period_num = 1,
	};
	struct bss_coupon_choice four[4] = { { "a", 301 }, { "b", 301 }, { "c", 301 }, { "d", 301 } };
	struct bss_pay_orders_params pay = {
		.order_id = "CS1", .coupon_infos = four, .n_coupon_infos = 4,
	};
	struct bss_show_customer_order_details_params slash = { .order_id = "../x" };
	struct bss_show_customer_order_details_params none = { .limit = BSS_INT(10) };
	struct bss_list_free_resources_usage_records_params ur = { .deduct_time_begin = "2024-01-01" };
	struct bss_demand_product dp = { .id = "x" };
	struct bss_list_on_demand_resource_ratings_params od = {
		.project_id = "p", .product_infos = &dp, .n_product_infos = 1,
	};
	const struct {
		enum model_op op;
		const void *params;
		const char *detail;
	} cases[] = {
		{ MODEL_OP_LIST_CUSTOMER_ORDERS, &big,
		  "ListCustomerOrders: limit: must be 1..100 (got 500)" },
		{ MODEL_OP_RENEWAL_RESOURCES, &rn,
		  "RenewalResources: resource_ids: at most 10 allowed (got 11)" },
		{ MODEL_OP_RENEWAL_RESOURCES, &rn_none,
		  "RenewalResources: resource_ids: at least 1 required (got 0)" },
		{ MODEL_OP_RENEWAL_RESOURCES, &rn_period,
		  "RenewalResources: period_type: must be 2..3 (got 1)" },
		{ MODEL_OP_PAY_ORDERS, &pay, "PayOrders: coupon_infos: at most 3 allowed (got 4)" },
		{ MODEL_OP_SHOW_CUSTOMER_ORDER_DETAILS, &slash,
		  "ShowCustomerOrderDetails: order_id: must be a non-empty id without '/'" },
		{ MODEL_OP_SHOW_CUSTOMER_ORDER_DETAILS, &none,
		  "ShowCustomerOrderDetails: order_id: required" },
		{ MODEL_OP_LIST_FREE_RESOURCES_USAGE_RECORDS, &ur,
		  "ListFreeResourcesUsageRecords: deduct_time_end: required" },
		{ MODEL_OP_LIST_ON_DEMAND_RESOURCE_RATINGS, &od,
		  "ListOnDemandResourceRatings: product_infos[0].cloud_service_type: required" },
		{ MODEL_OP_LIST_CUSTOMER_ORDERS, NULL, "ListCustomerOrders: parameters required" },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *d = refused(cases[i].op, cases[i].params);

		assert_string_equal(d, cases[i].detail);
		free(d);
	}
}

/* ---- calls against a loopback server ------------------------------------ */

/*
 * A libmicrohttpd server on 127.0.0.1 answering by path with the fixtures,
 * a paged order list, error bodies and a slow route. It records the offsets
 * the pager asks for.
 */
#define ORDERS_TOTAL 25

static struct {
	pthread_mutex_t mu;
	struct MHD_Daemon *d;
	unsigned short port;
	int offsets[64];
	int limits[64];
	int noffsets;
	int fail_offset;          /* the order page at this offset answers 500; -1 none */
	volatile int stop;
} srv = { .mu = PTHREAD_MUTEX_INITIALIZER, .fail_offset = -1 };

static enum MHD_Result
reply(struct MHD_Connection *mc, unsigned status, const char *body, size_t len)
{
	struct MHD_Response *resp = MHD_create_response_from_buffer(len, (void *)body,
	    MHD_RESPMEM_MUST_COPY);
	enum MHD_Result ret;

	MHD_add_response_header(resp, "Content-Type", "application/json;charset=UTF-8");
	MHD_add_response_header(resp, "X-Request-Id", "rid-test");
	ret = MHD_queue_response(mc, status, resp);
	MHD_destroy_response(resp);
	return ret;
}

static enum MHD_Result
reply_fixture(struct MHD_Connection *mc, unsigned status, const char *name)
{
	size_t len;
	char *body = tu_fixture(name, &len);
	enum MHD_Result ret = reply(mc, status, body, len);

	free(body);
	return ret;
}

/* ListCustomerOrders with ORDERS_TOTAL orders "CS-000".."CS-024". */
static enum MHD_Result
reply_orders(struct MHD_Connection *mc)
{
	const char *o = MHD_lookup_connection_value(mc, MHD_GET_ARGUMENT_KIND, "offset");
	const char *l = MHD_lookup_connection_value(mc, MHD_GET_ARGUMENT_KIND, "limit");
	int offset = o ? atoi(o) : 0, limit = l ? atoi(l) : 10, i, fail;
	struct buf b = BUF_INIT(0);
	enum MHD_Result ret;

	pthread_mutex_lock(&srv.mu);
	srv.offsets[srv.noffsets] = offset;
	srv.limits[srv.noffsets++] = limit;
	fail = srv.fail_offset;
	pthread_mutex_unlock(&srv.mu);
	if (offset == fail)
		return reply_fixture(mc, 500, "error_CBC.0999.json");
	usleep((useconds_t)(ORDERS_TOTAL - offset) * 2000);  /* later pages answer first */
	buf_printf(&b, "{\"total_count\":%d,\"order_infos\":[", ORDERS_TOTAL);
	for (i = offset; i < offset + limit && i < ORDERS_TOTAL; i++)
		buf_printf(&b, "%s{\"order_id\":\"CS-%03d\",\"amount_after_discount\":%d.01}",
		    i > offset ? "," : "", i, i);
	buf_puts(&b, "]}");
	ret = reply(mc, 200, buf_cstr(&b), b.len);
	buf_free(&b);
	return ret;
}

static enum MHD_Result
handler(void *cls, struct MHD_Connection *mc, const char *url, const char *method,
    const char *version, const char *upload, size_t *upload_size, void **con_cls)
{
	static const struct {
		const char *path;
		unsigned status;
		const char *fixture;
	} routes[] = {
		{ "/v2/accounts/customer-accounts/balances", 200, "ShowCustomerAccountBalances.json" },
		{ "/v3/orders/customer-orders/pay", 204, "PayOrders.json" },
		{ "/v2/orders/subscriptions/resources/renew", 200, "RenewalResources_partial.json" },
		{ "/v2/orders/subscriptions/resources/unsubscribe", 200,
		  "CancelResourcesSubscription_all_failed.json" },
		{ "/v2/orders/subscriptions/resources/to-on-demand", 200,
		  "UpdatePeriodToOnDemand_partial.json" },
		{ "/v2/orders/customer-orders/order-discounts", 400, "error_CBC.0100.json" },
		{ "/v2/orders/customer-orders/order-coupons", 502, "error_502.html" },
		{ "/v2/promotions/benefits/coupons", 200, "error_200_error_code.json" },
		{ "/v2/orders/suscriptions/resources/query", 200, "ListPayPerUseCustomerResources.json" },
	};
	static int marker;
	size_t i;
	int waited;

	(void)cls;
	(void)method;
	(void)version;
	(void)upload;  /* bodies are not checked here: the building tests above do that */
	if (*con_cls == NULL) {  /* the head: the body (if any) follows */
		*con_cls = &marker;
		return MHD_YES;
	}
	if (*upload_size > 0) {
		*upload_size = 0;
		return MHD_YES;
	}
	if (strcmp(url, "/v2/orders/customer-orders") == 0)
		return reply_orders(mc);
	if (strcmp(url, "/v2/bases/measurements") == 0) {
		for (waited = 0; waited < 3000 && !srv.stop; waited += 10)
			usleep(10000);
		return reply_fixture(mc, 200, "ListMeasureUnits.json");
	}
	for (i = 0; i < sizeof(routes) / sizeof(routes[0]); i++)
		if (strcmp(url, routes[i].path) == 0)
			return reply_fixture(mc, routes[i].status, routes[i].fixture);
	return reply(mc, 404, "{\"error_code\":\"APIGW.0101\",\"error_msg\":\"API not exist\"}", 53);
}

static int
server_start(void **state)
{
	struct sockaddr_in sa;

	(void)state;
	curl_global_init(CURL_GLOBAL_DEFAULT);
	memset(&sa, 0, sizeof(sa));
	sa.sin_family = AF_INET;
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	srv.d = MHD_start_daemon(MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_THREAD_PER_CONNECTION, 0,
	    NULL, NULL, handler, NULL, MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&sa, MHD_OPTION_END);
	if (srv.d == NULL)
		return -1;
	srv.port = MHD_get_daemon_info(srv.d, MHD_DAEMON_INFO_BIND_PORT)->port;
	return 0;
}

static int
server_stop(void **state)
{
	(void)state;
	srv.stop = 1;
	MHD_stop_daemon(srv.d);
	curl_global_cleanup();
	return 0;
}

/* A loop, an http client on the test server (no retries) and a bss client. */
struct rig {
	uv_loop_t loop;
	struct http_client *http;
	struct bss_client *bss;
};

/* What a callback delivered, and how often. */
struct got {
	int calls;
	struct model *m;
	struct bss_error *e;
};

static void
on_done(struct model *m, struct bss_error *e, void *ud)
{
	struct got *g = ud;

	g->calls++;
	g->m = m;
	g->e = e;
	assert_true((m == NULL) != (e == NULL));
}

static void
rig_up(struct rig *r)
{
	struct http_config cfg;
	char endpoint[64], err[256];

	memset(&cfg, 0, sizeof(cfg));
	snprintf(endpoint, sizeof(endpoint), "http://127.0.0.1:%u", srv.port);
	cfg.endpoint = endpoint;
	cfg.ak = "BSSTESTAK00000000001";
	cfg.sk = "bss-test-secret";
	cfg.max_attempts = 1;
	cfg.timeout_ms = 10000;
	assert_int_equal(uv_loop_init(&r->loop), 0);
	r->http = http_client_new(&r->loop, &cfg, err, sizeof(err));
	if (r->http == NULL)
		fail_msg("http client: %s", err);
	r->bss = bss_client_new(&r->loop, r->http, BSS_LANG_EN);
	pthread_mutex_lock(&srv.mu);
	srv.noffsets = 0;
	srv.fail_offset = -1;
	pthread_mutex_unlock(&srv.mu);
}

static void
rig_down(struct rig *r)
{
	bss_client_free(r->bss);
	http_client_free(r->http);
	uv_run(&r->loop, UV_RUN_DEFAULT);
	assert_int_equal(uv_loop_close(&r->loop), 0);
}

static void
got_clear(struct got *g)
{
	model_free(g->m);
	bss_error_free(g->e);
	memset(g, 0, sizeof(*g));
}

/* Runs the loop until every call has called back. */
static void
run(struct rig *r)
{
	uv_run(&r->loop, UV_RUN_DEFAULT);
	assert_int_equal(bss_pending(r->bss), 0);
}

static void
call_returns_a_model(void **state)
{
	struct rig r;
	struct got g = { 0 };
	struct bss_pay_orders_params pay = { .order_id = "CS2401050815ABCDE" };
	const struct model_balances *b;

	(void)state;
	rig_up(&r);
	assert_true(bss_show_customer_account_balances(r.bss, on_done, &g) != 0);
	assert_int_equal(g.calls, 0);  /* never from inside the call */
	assert_int_equal(bss_pending(r.bss), 1);
	run(&r);
	assert_int_equal(g.calls, 1);
	b = model_balances(g.m);
	assert_non_null(b);
	assert_int_equal(b->n_account_balances, 4);
	got_clear(&g);

	bss_pay_orders(r.bss, &pay, on_done, &g);
	run(&r);
	assert_int_equal(g.calls, 1);
	assert_non_null(g.m);  /* 204: a model without a view */
	assert_int_equal(model_op_of(g.m), MODEL_OP_PAY_ORDERS);
	got_clear(&g);
	rig_down(&r);
}

static void
call_errors_are_typed(void **state)
{
	struct rig r;
	struct got g = { 0 };
	struct bss_order_id_params oid = { .order_id = "CS1" };
	struct bss_list_sub_customer_coupons_params cp = { .status = BSS_INT(2) };

	(void)state;
	rig_up(&r);
	bss_list_order_discounts(r.bss, &oid, on_done, &g);
	run(&r);
	assert_int_equal(g.e->kind, BSS_ERR_API);
	assert_int_equal(g.e->http_status, 400);
	assert_string_equal(g.e->code, "CBC.0100");
	assert_string_equal(g.e->request_id, "rid-test");
	assert_false(g.e->outcome_unknown);
	got_clear(&g);

	bss_list_order_coupons_by_order_id(r.bss, &oid, on_done, &g);
	run(&r);
	assert_int_equal(g.e->kind, BSS_ERR_HTTP);
	assert_int_equal(g.e->http_status, 502);
	assert_string_equal(g.e->detail, "502 Bad Gateway");
	got_clear(&g);

	/* An error_code inside a 200. */
	bss_list_sub_customer_coupons(r.bss, &cp, on_done, &g);
	run(&r);
	assert_int_equal(g.e->kind, BSS_ERR_API);
	assert_int_equal(g.e->http_status, 200);
	assert_string_equal(g.e->code, "CBC.99003610");
	assert_string_equal(g.e->request_id, "rid-test");
	got_clear(&g);
	rig_down(&r);
}

static void
batch_writes_report_items(void **state)
{
	struct rig r;
	struct got g = { 0 };
	const char *ids[] = { "0c32e5a1", "bad-id" };
	struct bss_renewal_resources_params rn = {
		.resource_ids = ids, .n_resource_ids = 2, .period_type = 2, .period_num = 1,
	};
	struct bss_cancel_resources_subscription_params us = {
		.resource_ids = ids, .n_resource_ids = 2, .unsubscribe_type = 1,
	};
	struct bss_update_period_to_on_demand_params tod = {
		.operation = "SET_UP", .resource_ids = ids, .n_resource_ids = 2,
	};

	(void)state;
	rig_up(&r);
	/* Some renewed: the result, with the failure in it. */
	bss_renewal_resources(r.bss, &rn, on_done, &g);
	run(&r);
	assert_int_equal(model_renewal(g.m)->n_order_ids, 1);
	assert_int_equal(model_renewal(g.m)->n_fail_resource_infos, 1);
	got_clear(&g);
	/* Nothing unsubscribed: an error carrying both items. */
	bss_cancel_resources_subscription(r.bss, &us, on_done, &g);
	run(&r);
	assert_int_equal(g.e->kind, BSS_ERR_API);
	assert_int_equal(g.e->n_items, 2);
	assert_string_equal(g.e->items[0].id, "res-1");
	assert_string_equal(g.e->code, "CBC.99003651");
	got_clear(&g);
	/* One of two failed: a result. */
	bss_update_period_to_on_demand(r.bss, &tod, on_done, &g);
	run(&r);
	assert_int_equal(model_to_on_demand(g.m)->n_error_details, 1);
	got_clear(&g);
	/* The only one failed: an error. */
	tod.n_resource_ids = 1;
	bss_update_period_to_on_demand(r.bss, &tod, on_done, &g);
	run(&r);
	assert_int_equal(g.e->kind, BSS_ERR_API);
	assert_string_equal(g.e->items[0].id, "bad-id");
	got_clear(&g);
	rig_down(&r);
}

static void
fetch_all_joins_pages_in_order(void **state)
{
	struct rig r;
	struct got g = { 0 };
	struct bss_list_customer_orders_params p = { .limit = BSS_INT(10), .status = BSS_INT(5) };
	const struct model_orders *o;
	int i, seen = 0;

	(void)state;
	rig_up(&r);
	bss_fetch_all(r.bss, MODEL_OP_LIST_CUSTOMER_ORDERS, &p, 2, on_done, &g);
	p.status = BSS_INT(9);  /* the pager copied the params: this has no effect */
	run(&r);
	assert_int_equal(g.calls, 1);
	o = model_orders(g.m);
	assert_int_equal(o->total_count, ORDERS_TOTAL);
	assert_int_equal(o->n_order_infos, ORDERS_TOTAL);
	for (i = 0; i < ORDERS_TOTAL; i++) {
		char want[16];

		snprintf(want, sizeof(want), "CS-%03d", i);
		assert_string_equal(o->order_infos[i].order_id, want);
	}
	assert_true(o->order_infos[24].amount_after_discount == 2401000000LL);
	pthread_mutex_lock(&srv.mu);
	assert_int_equal(srv.noffsets, 3);
	for (i = 0; i < srv.noffsets; i++) {
		seen |= 1 << (srv.offsets[i] / 10);
		assert_int_equal(srv.limits[i], 10);
	}
	pthread_mutex_unlock(&srv.mu);
	assert_int_equal(seen, 7);  /* offsets 0, 10 and 20 */
	got_clear(&g);

	/* Without a limit the pager asks for the largest page the API allows. */
	p.limit.set = false;
	bss_fetch_all(r.bss, MODEL_OP_LIST_CUSTOMER_ORDERS, &p, 4, on_done, &g);
	run(&r);
	assert_int_equal(model_items(g.m), ORDERS_TOTAL);
	pthread_mutex_lock(&srv.mu);
	assert_int_equal(srv.limits[srv.noffsets - 1], 100);
	pthread_mutex_unlock(&srv.mu);
	got_clear(&g);
	rig_down(&r);
}

static void
fetch_all_fails_as_a_whole(void **state)
{
	struct rig r;
	struct got g = { 0 };
	struct bss_list_customer_orders_params p = { .limit = BSS_INT(5) };

	(void)state;
	rig_up(&r);
	srv.fail_offset = 10;
	bss_fetch_all(r.bss, MODEL_OP_LIST_CUSTOMER_ORDERS, &p, 3, on_done, &g);
	run(&r);
	assert_int_equal(g.calls, 1);
	assert_null(g.m);
	assert_int_equal(g.e->kind, BSS_ERR_API);
	assert_string_equal(g.e->code, "CBC.0999");
	got_clear(&g);
	/* Not a paged operation. */
	bss_fetch_all(r.bss, MODEL_OP_SHOW_CUSTOMER_ACCOUNT_BALANCES, &p, 3, on_done, &g);
	assert_int_equal(g.calls, 0);
	run(&r);
	assert_int_equal(g.e->kind, BSS_ERR_INVALID);
	got_clear(&g);
	rig_down(&r);
}

static void
refused_and_cancelled_calls(void **state)
{
	struct rig r;
	struct got g = { 0 }, g2 = { 0 };
	struct bss_list_customer_orders_params big = { .limit = BSS_INT(500) };
	uint64_t id;

	(void)state;
	rig_up(&r);
	/* Refused parameters: nothing is sent, the callback still comes later. */
	bss_list_customer_orders(r.bss, &big, on_done, &g);
	assert_int_equal(g.calls, 0);
	run(&r);
	assert_int_equal(g.e->kind, BSS_ERR_INVALID);
	assert_false(g.e->outcome_unknown);
	pthread_mutex_lock(&srv.mu);
	assert_int_equal(srv.noffsets, 0);
	pthread_mutex_unlock(&srv.mu);
	got_clear(&g);

	/* Cancel: the callback runs inside bss_cancel, once. */
	id = bss_list_measure_units(r.bss, on_done, &g);
	assert_int_equal(bss_cancel(r.bss, id), 0);
	assert_int_equal(g.calls, 1);
	assert_int_equal(g.e->kind, BSS_ERR_CANCELLED);
	assert_int_equal(bss_cancel(r.bss, id), -1);
	got_clear(&g);

	/* Freeing the client cancels what is pending, a refused call included. */
	bss_list_measure_units(r.bss, on_done, &g);
	bss_list_customer_orders(r.bss, &big, on_done, &g2);
	bss_client_free(r.bss);
	r.bss = NULL;
	assert_int_equal(g.calls, 1);
	assert_int_equal(g.e->kind, BSS_ERR_CANCELLED);
	assert_int_equal(g2.calls, 1);
	assert_int_equal(g2.e->kind, BSS_ERR_CANCELLED);
	got_clear(&g);
	got_clear(&g2);
	rig_down(&r);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(products),
		cmocka_unit_test(ratings),
		cmocka_unit_test(accounts_and_orders),
		cmocka_unit_test(pay_orders),
		cmocka_unit_test(subscriptions),
		cmocka_unit_test(packages_and_bills),
		cmocka_unit_test(amounts_are_exact),
		cmocka_unit_test(documented_limits_are_enforced),
		cmocka_unit_test(call_returns_a_model),
		cmocka_unit_test(call_errors_are_typed),
		cmocka_unit_test(batch_writes_report_items),
		cmocka_unit_test(fetch_all_joins_pages_in_order),
		cmocka_unit_test(fetch_all_fails_as_a_whole),
		cmocka_unit_test(refused_and_cancelled_calls),
	};

	return cmocka_run_group_tests(tests, server_start, server_stop);
}
