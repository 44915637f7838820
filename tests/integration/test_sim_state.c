/*
 * sim/state, seed and routes: bsssim's world and its rules, in-process.
 *
 * Requests go straight to the handlers of sim_routes[] (no HTTP: the server
 * core has its own tests), on a world seeded for a fixed clock. Every
 * mutation's effect and refusals, pagination, validation, the seed's
 * promises, determinism, consistency of bills with their summaries,
 * snapshots and the large scale.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cjson/cJSON.h>

#include "sim/catalog.h"
#include "sim/sim.h"
#include "sim/state.h"
#include "util/money.h"
#include "util/moneymul.h"
#include "util/timeutil.h"
#include "util/xalloc.h"

/* 2025-11-17T10:00:00Z: a Monday, mid-month. */
#define NOW ((time_t)1763373600)
#define SEED 42
#define DAY 86400

#define ORDERS "/v2/orders/customer-orders"
#define DETAILS "/v2/orders/customer-orders/details/"
#define PAY "/v3/orders/customer-orders/pay"
#define CANCEL "/v2/orders/customer-orders/cancel"
#define REFUND "/v2/orders/customer-orders/refund-orders"
#define RESOURCES "/v2/orders/suscriptions/resources/query"
#define RENEW "/v2/orders/subscriptions/resources/renew"
#define UNSUBSCRIBE "/v2/orders/subscriptions/resources/unsubscribe"
#define AUTORENEW "/v2/orders/subscriptions/resources/autorenew/"
#define TO_ON_DEMAND "/v2/orders/subscriptions/resources/to-on-demand"
#define BALANCES "/v2/accounts/customer-accounts/balances"
#define COUPONS "/v2/promotions/benefits/coupons"
#define ORDER_COUPONS "/v2/orders/customer-orders/order-coupons"
#define ORDER_DISCOUNTS "/v2/orders/customer-orders/order-discounts"
#define PACKAGES "/v3/payments/free-resources/query"
#define USAGES "/v2/payments/free-resources/usages/details/query"
#define USAGE_RECORDS "/v2/bills/customer-bills/free-resources-usage-records"
#define MONTHLY_SUM "/v2/bills/customer-bills/monthly-sum"
#define RES_RECORDS "/v2/bills/customer-bills/res-records/query"
#define FEE_RECORDS "/v2/bills/customer-bills/res-fee-records"
#define COSTS "/v4/costs/cost-analysed-bills/query"

/* ------------------------------------------------------------------ calling handlers */

struct answer {
	int status;
	char *text;
	cJSON *json;                   /* NULL for an empty body */
};

static void
answer_free(struct answer *a)
{
	free(a->text);
	cJSON_Delete(a->json);
	memset(a, 0, sizeof(*a));
}

/*
 * Calls the route for method and path as the core would: query "a=1&b=2"
 * (no percent-encoding needed here), body JSON text or NULL.
 */
static struct answer
call_at(struct sim_state *st, time_t now, const char *method, const char *path,
    const char *query, const char *body)
{
	struct sim_param params[32];
	struct sim_request req = { 0 };
	struct sim_response resp = { 0 };
	struct answer a = { 0 };
	char *q = xstrdup(query != NULL ? query : ""), *save = NULL;
	const struct sim_route *r;
	size_t n = 0;

	for (char *tok = strtok_r(q, "&", &save); tok != NULL && n < 32; tok = strtok_r(NULL, "&", &save)) {
		char *eq = strchr(tok, '=');
		params[n].name = tok;
		params[n].value = eq != NULL ? eq + 1 : tok + strlen(tok);
		if (eq != NULL)
			*eq = '\0';
		n++;
	}
	req.method = method;
	req.path = path;
	req.query = params;
	req.nquery = n;
	req.body = body;
	req.body_len = body != NULL ? strlen(body) : 0;
	req.content_type = "application/json";
	req.now = now;
	for (r = sim_routes; r->method != NULL; r++) {
		const char *brace = strstr(r->path, "{id}");
		if (strcmp(r->method, method) != 0)
			continue;
		if (brace == NULL && strcmp(r->path, path) == 0)
			break;
		if (brace != NULL && strncmp(r->path, path, (size_t)(brace - r->path)) == 0 &&
		    path[brace - r->path] != '\0' && strchr(path + (brace - r->path), '/') == NULL) {
			req.path_id = path + (brace - r->path);
			break;
		}
	}
	if (r->method == NULL)
		fail_msg("no route for %s %s", method, path);
	r->fn(st, &req, &resp);
	a.status = resp.status;
	a.text = resp.body;
	if (resp.body != NULL) {
		a.json = cJSON_Parse(resp.body);
		if (a.json == NULL)
			fail_msg("%s %s: not JSON: %s", method, path, resp.body);
	}
	free(q);
	return a;
}

static struct answer
call(struct sim_state *st, const char *method, const char *path, const char *query,
    const char *body)
{
	return call_at(st, NOW, method, path, query, body);
}

static void
expect_status(const struct answer *a, int status)
{
	if (a->status != status)
		fail_msg("expected HTTP %d, got %d: %s", status, a->status, a->text ? a->text : "");
}

/* An error answer with that status and code. */
static void
expect_error(struct answer a, int status, const char *code)
{
	const cJSON *c;

	expect_status(&a, status);
	c = cJSON_GetObjectItemCaseSensitive(a.json, "error_code");
	if (!cJSON_IsString(c) || strcmp(c->valuestring, code) != 0)
		fail_msg("expected %s, got %s", code, a.text);
	assert_true(cJSON_IsString(cJSON_GetObjectItemCaseSensitive(a.json, "error_msg")));
	answer_free(&a);
}

static const cJSON *
get(const cJSON *o, const char *name)
{
	const cJSON *f = cJSON_GetObjectItemCaseSensitive(o, name);

	if (f == NULL)
		fail_msg("no field %s", name);
	return f;
}

static long
get_int(const cJSON *o, const char *name)
{
	const cJSON *f = get(o, name);

	assert_true(cJSON_IsNumber(f));
	assert_true(f->valuedouble == (double)(long)f->valuedouble);
	return (long)f->valuedouble;
}

static const char *
get_str(const cJSON *o, const char *name)
{
	const cJSON *f = get(o, name);

	assert_true(cJSON_IsString(f));
	return f->valuestring;
}

/* An amount sent as a JSON number. */
static money_t
get_money(const cJSON *o, const char *name)
{
	const cJSON *f = get(o, name);
	money_t m;

	assert_true(cJSON_IsNumber(f));
	assert_int_equal(money_from_double(f->valuedouble, &m), 0);
	return m;
}

/* An amount sent as a JSON string. */
static money_t
get_money_str(const cJSON *o, const char *name)
{
	money_t m;

	assert_int_equal(money_parse(get_str(o, name), &m), 0);
	return m;
}

static money_t
cash(struct sim_state *st)
{
	return st_balance(st, ST_ACCT_CASH)->amount;
}

static struct sim_state *
world(void)
{
	return sim_state_new(SEED, SIM_SCALE_DEFAULT, NOW);
}

static long
mutations(const struct sim_state *st, const char *op)
{
	for (size_t i = 0; i < st_nmutations; i++)
		if (strcmp(st_mutation_names[i], op) == 0)
			return st->mutations[i];
	fail_msg("no mutation counter %s", op);
	return -1;
}

/* ------------------------------------------------------------------ picking from the seed */

/* A pending, top-level order of that type the cash balance can pay (not combined). */
static int32_t
pending_order(const struct sim_state *st, int type, int nth)
{
	for (size_t i = 0; i < st->orders.n; i++) {
		const struct sim_order *o = &st->orders.v[i];
		bool combined = false;
		for (size_t k = 0; k < st->orders.n; k++)
			combined |= st->orders.v[k].parent == (int32_t)i;
		if (o->status == ST_ORDER_PENDING && o->parent < 0 && !combined &&
		    (type == 0 || o->order_type == type) && o->amount_after_discount > 0 &&
		    o->amount_after_discount <= st->balances[0].amount && nth-- == 0)
			return (int32_t)i;
	}
	fail_msg("no pending order of type %d", type);
	return -1;
}

/* An in-use primary prepaid resource no order holds, with attachments when asked. */
static int32_t
free_primary(const struct sim_state *st, int nth, bool with_attached)
{
	for (size_t i = 0; i < st->resources.n; i++) {
		const struct sim_resource *r = &st->resources.v[i];
		bool attached = false;
		for (size_t k = 0; k < st->resources.n; k++)
			attached |= st->resources.v[k].parent == (int32_t)i;
		if (r->parent < 0 && r->status == ST_RES_IN_USE && r->charge_mode == ST_CHARGE_PREPAID &&
		    !r->hidden && r->busy_order < 0 && r->expire_policy == ST_EXP_GRACE &&
		    attached == with_attached && nth-- == 0)
			return (int32_t)i;
	}
	fail_msg("no free primary");
	return -1;
}

static int32_t
resource_with_status(const struct sim_state *st, int status)
{
	for (size_t i = 0; i < st->resources.n; i++)
		if (st->resources.v[i].status == status && st->resources.v[i].parent < 0 &&
		    st->resources.v[i].charge_mode == ST_CHARGE_PREPAID && !st->resources.v[i].hidden)
			return (int32_t)i;
	fail_msg("no resource in status %d", status);
	return -1;
}

static char *
pay_body(const char *order_id)
{
	return xasprintf("{\"order_id\":\"%s\",\"use_coupon\":\"NO\",\"use_discount\":\"NO\"}", order_id);
}

/* ------------------------------------------------------------------ seed */

static void
seed_has_what_the_account_needs(void **state)
{
	struct sim_state *st = world();
	bool status_seen[14] = { 0 }, service_seen[16] = { 0 }, chinese = false;
	int pending = 0, near_expiry = 0, prepaid = 0, today = 0, week = 0, month = 0, quarter = 0;
	int autorenew = 0, to_on_demand = 0, frozen = 0, expired = 0, free_in_use = 0;
	int ecs_with_disks = 0, max_lines = 0, fresh = 0, used_up = 0;
	int today_day = st_day_of(NOW);

	(void)state;
	assert_true(st_balance(st, ST_ACCT_CASH)->amount > MONEY_UNITS(10000));
	assert_true(st_balance(st, ST_ACCT_CREDIT)->credit_amount > 0);
	assert_true(st->debt_amount > 0);
	assert_true(st->coupons.n >= 6);
	for (size_t i = 0; i < st->coupons.n; i++) {
		const struct sim_coupon *c = &st->coupons.v[i];
		if (st_coupon_usable(c, NOW) && c->expire_time - NOW < 7 * DAY)
			near_expiry++;
	}
	assert_true(near_expiry >= 1);
	for (size_t i = 0; i < st->orders.n; i++) {
		const struct sim_order *o = &st->orders.v[i];
		status_seen[o->status] = true;
		pending += o->status == ST_ORDER_PENDING && o->parent < 0;
		if (o->nlines > max_lines)
			max_lines = o->nlines;
	}
	assert_true(pending >= 8);
	for (int s = 1; s <= 13; s++)
		assert_true(s == 7 || s == 8 || status_seen[s]);
	assert_true(max_lines >= 3);
	for (size_t i = 0; i < st->resources.n; i++) {
		const struct sim_resource *r = &st->resources.v[i];
		int left = st_day_of(r->expire_time) - today_day;
		if (r->charge_mode != ST_CHARGE_PREPAID || r->hidden)
			continue;
		prepaid++;
		service_seen[st_res_service(r)] = true;
		for (const char *p = r->name; *p != '\0'; p++)
			chinese |= (unsigned char)*p >= 0xe4;
		if (r->parent >= 0 || r->status != ST_RES_IN_USE) {
			frozen += r->status == ST_RES_FROZEN;
			expired += r->status == ST_RES_EXPIRED;
			continue;
		}
		today += left == 0;
		week += left > 0 && left <= 7;
		month += left > 7 && left <= 30;
		quarter += left > 30 && left <= 90;
		autorenew += r->expire_policy == ST_EXP_AUTORENEW;
		to_on_demand += r->expire_policy == ST_EXP_TO_ONDEMAND;
		free_in_use += r->busy_order < 0;
		if (strcmp(cat_rtypes[st_res_rtype(r)].code, "hws.resource.type.vm") == 0) {
			for (size_t k = 0; k < st->resources.n; k++)
				if (st->resources.v[k].parent == (int32_t)i &&
				    strcmp(cat_rtypes[st_res_rtype(&st->resources.v[k])].code,
				    "hws.resource.type.volume") == 0) {
					ecs_with_disks++;
					break;
				}
		}
	}
	assert_true(prepaid >= 40);
	for (const char *const *code = (const char *const[]){ "hws.service.type.ec2",
	    "hws.service.type.ebs", "hws.service.type.rds", "hws.service.type.obs",
	    "hws.service.type.cdn", "hws.service.type.dcs", "hws.service.type.elb", NULL }; *code; code++)
		assert_true(service_seen[cat_service_find(*code)]);
	assert_true(chinese);
	assert_true(today >= 2 && week >= 2 && month >= 2 && quarter >= 2);
	assert_true(autorenew >= 2 && to_on_demand >= 2 && frozen >= 1 && expired >= 1);
	assert_true(free_in_use >= 5);
	assert_true(ecs_with_disks >= 3);
	assert_true(st->packages.n >= 6);
	for (size_t i = 0; i < st->packages.n; i++) {
		fresh += st->packages.v[i].effective_time > NOW - 7 * DAY &&
		    st->packages.v[i].effective_time <= NOW;
		used_up += st->packages.v[i].status == ST_PKG_USED_UP;
	}
	assert_true(fresh >= 1 && used_up >= 1);
	assert_true(st->usage.n > 0);
	assert_true(st->usage.v[st->usage.n - 1].deduct_time < NOW);
	assert_true(st->usage.v[st->usage.n - 1].deduct_time > NOW - 3 * DAY);
	/* Thirteen billing cycles: this month and the twelve before. */
	assert_int_equal(st->cycles.n, 13);
	for (size_t c = 0; c < st->cycles.n; c++)
		assert_true(st->cycles.v[c].n > 0);
	sim_state_free(st);
}

static void
seed_is_deterministic(void **state)
{
	struct sim_state *a = world(), *b = world(), *c = sim_state_new(SEED + 1, 0, NOW);
	char *da = sim_state_dump(a), *db = sim_state_dump(b), *dc = sim_state_dump(c);
	struct answer x = call(a, "GET", FEE_RECORDS, "cycle=2025-10&limit=1000", NULL);
	struct answer y = call(b, "GET", FEE_RECORDS, "cycle=2025-10&limit=1000", NULL);

	(void)state;
	assert_string_equal(da, db);
	assert_string_not_equal(da, dc);
	assert_string_equal(x.text, y.text);
	answer_free(&x);
	answer_free(&y);
	free(da);
	free(db);
	free(dc);
	sim_state_free(a);
	sim_state_free(b);
	sim_state_free(c);
}

/* Dates follow the clock: a world built a year later has moved with it. */
static void
seed_follows_the_clock(void **state)
{
	time_t later = NOW + 365 * DAY;
	struct sim_state *st = sim_state_new(SEED, 0, later);
	int expiring_today = 0;

	(void)state;
	for (size_t i = 0; i < st->resources.n; i++)
		expiring_today += st->resources.v[i].parent < 0 && !st->resources.v[i].hidden &&
		    st->resources.v[i].charge_mode == ST_CHARGE_PREPAID &&
		    st_day_of(st->resources.v[i].expire_time) == st_day_of(later);
	assert_true(expiring_today >= 2);
	for (size_t i = 0; i < st->orders.n; i++)
		assert_true(st->orders.v[i].create_time < later);
	sim_state_free(st);
}

/* ------------------------------------------------------------------ pagination and validation */

static void
orders_page_by_record_offset(void **state)
{
	struct sim_state *st = world();
	struct answer all = call(st, "GET", ORDERS, "offset=0&limit=100", NULL);
	struct answer dflt = call(st, "GET", ORDERS, NULL, NULL);
	long total = get_int(all.json, "total_count");
	const cJSON *items = get(all.json, "order_infos");

	(void)state;
	expect_status(&all, 200);
	assert_int_equal(cJSON_GetArraySize(get(dflt.json, "order_infos")), 10);
	assert_int_equal(get_int(dflt.json, "total_count"), total);
	assert_int_equal(cJSON_GetArraySize(items), total);
	for (long off = 0; off < total; off += 7) {
		char q[64];
		struct answer page;
		snprintf(q, sizeof(q), "offset=%ld&limit=7", off);
		page = call(st, "GET", ORDERS, q, NULL);
		assert_int_equal(get_int(page.json, "total_count"), total);
		for (int k = 0; k < cJSON_GetArraySize(get(page.json, "order_infos")); k++)
			assert_string_equal(get_str(cJSON_GetArrayItem(get(page.json, "order_infos"), k), "order_id"),
			    get_str(cJSON_GetArrayItem(items, (int)off + k), "order_id"));
		assert_int_equal(cJSON_GetArraySize(get(page.json, "order_infos")), total - off < 7 ? total - off : 7);
		answer_free(&page);
	}
	/* Newest first by default, oldest first on request. */
	{
		struct answer asc = call(st, "GET", ORDERS, "order_by=createTime&limit=1", NULL);
		assert_string_equal(get_str(cJSON_GetArrayItem(get(asc.json, "order_infos"), 0), "order_id"),
		    get_str(cJSON_GetArrayItem(items, (int)total - 1), "order_id"));
		answer_free(&asc);
	}
	expect_error(call(st, "GET", ORDERS, "limit=101", NULL), 400, "CBC.0100");
	expect_error(call(st, "GET", ORDERS, "limit=0", NULL), 400, "CBC.0100");
	expect_error(call(st, "GET", ORDERS, "offset=-1", NULL), 400, "CBC.0100");
	expect_error(call(st, "GET", ORDERS, "limit=ten", NULL), 400, "CBC.0100");
	expect_error(call(st, "GET", ORDERS, "status=12", NULL), 400, "CBC.0100");
	expect_error(call(st, "GET", ORDERS, "order_type=5", NULL), 400, "CBC.0100");
	expect_error(call(st, "GET", ORDERS, "indirect_partner_id=p1", NULL), 403, "CBC.0151");
	answer_free(&all);
	answer_free(&dflt);
	sim_state_free(st);
}

static void
order_windows_span_a_year_at_most(void **state)
{
	struct sim_state *st = world();
	struct answer a = call(st, "GET", ORDERS,
	    "create_time_begin=2024-11-17T00:00:00Z&create_time_end=2025-11-17T00:00:00Z&limit=100", NULL);

	(void)state;
	expect_status(&a, 200);
	for (int k = 0; k < cJSON_GetArraySize(get(a.json, "order_infos")); k++) {
		time_t t;
		assert_int_equal(time_parse_iso(get_str(cJSON_GetArrayItem(get(a.json, "order_infos"), k),
		    "create_time"), &t), 0);
		assert_true(t >= 1731801600 && t <= 1763337600);
	}
	answer_free(&a);
	expect_error(call(st, "GET", ORDERS,
	    "create_time_begin=2024-11-17T00:00:00Z&create_time_end=2025-11-17T00:00:01Z", NULL),
	    400, "CBC.0100");
	expect_error(call(st, "GET", ORDERS,
	    "payment_time_begin=2025-11-17T00:00:00Z&payment_time_end=2025-11-16T00:00:00Z", NULL),
	    400, "CBC.0100");
	expect_error(call(st, "GET", ORDERS, "create_time_begin=2025-11-17", NULL), 400, "CBC.0100");
	sim_state_free(st);
}

static void
resources_query_limits(void **state)
{
	struct sim_state *st = world();
	char ids[51 * 48 + 64], *p = ids;
	struct answer a;

	(void)state;
	p += sprintf(p, "{\"resource_ids\":[");
	for (int i = 0; i < 51; i++)
		p += sprintf(p, "%s\"%s\"", i ? "," : "", st->resources.v[i].id);
	sprintf(p, "]}");
	expect_error(call(st, "POST", RESOURCES, NULL, ids), 400, "CBC.0100");
	/* 50 are fine: the 51st goes. */
	*strrchr(ids, ',') = '\0';
	strcat(ids, "]}");
	a = call(st, "POST", RESOURCES, NULL, ids);
	expect_status(&a, 200);
	answer_free(&a);
	expect_error(call(st, "POST", RESOURCES, NULL, "{\"limit\":501}"), 400, "CBC.0100");
	expect_error(call(st, "POST", RESOURCES, NULL, "{\"resource_ids\":null}"), 400, "CBC.0100");
	expect_error(call(st, "POST", RESOURCES, NULL, "{\"service_type_code\":\"\"}"), 400, "CBC.0100");
	expect_error(call(st, "POST", RESOURCES, NULL, "{\"status_list\":[1]}"), 400, "CBC.0100");
	expect_error(call(st, "POST", RESOURCES, NULL, "{\"only_main_resource\":2}"), 400, "CBC.0100");
	expect_error(call(st, "POST", RESOURCES, NULL, "{\"limit\":1.5}"), 400, "CBC.0100");
	expect_error(call(st, "POST", RESOURCES, NULL, "[1]"), 400, "CBC.0100");
	expect_error(call(st, "POST", RESOURCES, NULL, "{\"limit\":"), 400, "CBC.0100");
	expect_error(call(st, "POST", RESOURCES, NULL, NULL), 400, "CBC.0100");
	sim_state_free(st);
}

static void
resources_filters(void **state)
{
	struct sim_state *st = world();
	int32_t p = free_primary(st, 0, true);
	char body[256];
	struct answer a;
	long attached = 0;

	(void)state;
	for (size_t i = 0; i < st->resources.n; i++)
		attached += st->resources.v[i].parent == p;
	snprintf(body, sizeof(body), "{\"resource_ids\":[\"%s\"]}", st->resources.v[p].id);
	a = call(st, "POST", RESOURCES, NULL, body);
	assert_int_equal(get_int(a.json, "total_count"), 1 + attached);
	answer_free(&a);
	snprintf(body, sizeof(body), "{\"resource_ids\":[\"%s\"],\"only_main_resource\":1}",
	    st->resources.v[p].id);
	a = call(st, "POST", RESOURCES, NULL, body);
	assert_int_equal(get_int(a.json, "total_count"), 1);
	assert_int_equal(get_int(cJSON_GetArrayItem(get(a.json, "data"), 0), "is_main_resource"), 1);
	answer_free(&a);
	a = call(st, "POST", RESOURCES, NULL, "{\"only_main_resource\":1,\"status_list\":[2],\"limit\":500}");
	for (int k = 0; k < cJSON_GetArraySize(get(a.json, "data")); k++) {
		const cJSON *r = cJSON_GetArrayItem(get(a.json, "data"), k);
		assert_int_equal(get_int(r, "status"), 2);
		assert_int_equal(get_int(r, "is_main_resource"), 1);
	}
	answer_free(&a);
	/* The resources of an order: what its lines bought. */
	snprintf(body, sizeof(body), "{\"order_id\":\"%s\",\"limit\":100}",
	    st->orders.v[st->resources.v[p].order].id);
	a = call(st, "POST", RESOURCES, NULL, body);
	assert_true(get_int(a.json, "total_count") >= 1 + attached);
	answer_free(&a);
	a = call(st, "POST", RESOURCES, NULL, "{\"service_type_code\":\"hws.service.type.rds\",\"limit\":100}");
	for (int k = 0; k < cJSON_GetArraySize(get(a.json, "data")); k++)
		assert_string_equal(get_str(cJSON_GetArrayItem(get(a.json, "data"), k), "service_type_code"),
		    "hws.service.type.rds");
	assert_true(get_int(a.json, "total_count") >= 2);
	answer_free(&a);
	sim_state_free(st);
}

static void
missing_and_malformed_parameters(void **state)
{
	struct sim_state *st = world();
	static const char *const gets[][2] = {
		{ "/v2/products/service-resources", "limit=10" },
		{ ORDER_COUPONS, NULL },
		{ ORDER_DISCOUNTS, NULL },
		{ REFUND, NULL },
		{ USAGE_RECORDS, "deduct_time_begin=2025-11-01" },
		{ USAGE_RECORDS, "deduct_time_begin=2025-11-01&deduct_time_end=2025/11/02" },
		{ MONTHLY_SUM, "limit=10" },
		{ MONTHLY_SUM, "bill_cycle=2025-13" },
		{ MONTHLY_SUM, "bill_cycle=2025-10&enterprise_project_id=" },
		{ FEE_RECORDS, "limit=10" },
		{ FEE_RECORDS, "cycle=2025-10&charge_mode=" },
		{ FEE_RECORDS, "cycle=2025-10&charge_mode=2" },
		{ FEE_RECORDS, "cycle=2025-10&bill_date_begin=2025-10-01" },
		{ FEE_RECORDS, "cycle=2025-10&bill_date_begin=2025-10-01&bill_date_end=2025-11-01" },
		{ FEE_RECORDS, "cycle=2025-10&include_zero_record=yes" },
		{ FEE_RECORDS, "cycle=2025-10&method=sub_customer" },
		{ COUPONS, "offset=10" },
		{ COUPONS, "coupon_type=5" },
		{ COUPONS, "active_start_time=" },
		{ "/v2/bases/conversions", "measure_type=" },
		{ "/v2/products/service-types", "service_type_name=" },
	};
	static const char *const posts[][2] = {
		{ "/v2/bills/ratings/on-demand-resources", "{\"product_infos\":[]}" },
		{ "/v2/bills/ratings/period-resources/subscribe-rate", "{\"project_id\":\"p\"}" },
		{ USAGES, "{}" },
		{ USAGES, "{\"free_resource_ids\":[]}" },
		{ RES_RECORDS, "{\"offset\":0}" },
		{ RES_RECORDS, "{\"cycle\":\"2018-12\"}" },
		{ RES_RECORDS, "{\"cycle\":\"2025-10\",\"query_type\":\"DAILY\"}" },
		{ RES_RECORDS, "{\"cycle\":\"2025-10\",\"include_zero_record\":\"no\"}" },
		{ COSTS, "{\"groupby\":[{\"type\":\"dimension\",\"key\":\"REGION_CODE\"}],"
		    "\"cost_type\":\"ORIGINAL_COST\",\"amount_type\":\"NET_AMOUNT\"}" },
		{ COSTS, "{\"time_condition\":{\"time_measure_id\":2,\"begin_time\":\"2025-01\","
		    "\"end_time\":\"2025-02\"},\"groupby\":[{\"type\":\"dimension\",\"key\":\"NOPE\"}],"
		    "\"cost_type\":\"ORIGINAL_COST\",\"amount_type\":\"NET_AMOUNT\"}" },
		{ COSTS, "{\"time_condition\":{\"time_measure_id\":2,\"begin_time\":\"2025-03\","
		    "\"end_time\":\"2025-02\"},\"groupby\":[{\"type\":\"dimension\",\"key\":\"REGION_CODE\"}],"
		    "\"cost_type\":\"ORIGINAL_COST\",\"amount_type\":\"NET_AMOUNT\"}" },
		{ COSTS, "{\"time_condition\":{\"time_measure_id\":1,\"begin_time\":\"2025-03\","
		    "\"end_time\":\"2025-04\"},\"groupby\":[{\"type\":\"dimension\",\"key\":\"REGION_CODE\"}],"
		    "\"cost_type\":\"ORIGINAL_COST\",\"amount_type\":\"NET_AMOUNT\"}" },
		{ COSTS, "{\"time_condition\":{\"time_measure_id\":2,\"begin_time\":\"2025-01\","
		    "\"end_time\":\"2025-02\"},\"groupby\":[{\"type\":\"dimension\",\"key\":\"REGION_CODE\"}],"
		    "\"cost_type\":\"ORIGINAL\",\"amount_type\":\"NET_AMOUNT\"}" },
		{ PACKAGES, "{\"status\":5}" },
		{ PACKAGES, "{\"offset\":1000000}" },
		{ PACKAGES, "{\"service_type_code_list\":[\"a\",\"b\",\"c\",\"d\",\"e\",\"f\",\"g\",\"h\","
		    "\"i\",\"j\",\"k\"]}" },
		{ PAY, "{\"use_coupon\":\"NO\",\"use_discount\":\"NO\"}" },
		{ PAY, "{\"order_id\":\"x\",\"use_coupon\":\"no\",\"use_discount\":\"NO\"}" },
		{ TO_ON_DEMAND, "{\"operation\":\"ENABLE\",\"resource_ids\":[\"x\"]}" },
		{ TO_ON_DEMAND, "{\"operation\":\"SET_UP\",\"resource_ids\":[]}" },
		{ UNSUBSCRIBE, "{\"resource_ids\":[\"x\"]}" },
		{ UNSUBSCRIBE, "{\"resource_ids\":[\"x\"],\"unsubscribe_type\":3}" },
		{ RENEW, "{\"period_type\":2,\"period_num\":1}" },
		{ RENEW, "{\"resource_ids\":[\"x\"],\"period_type\":1,\"period_num\":1}" },
		{ RENEW, "{\"resource_ids\":[\"x\"],\"period_type\":2,\"period_num\":12}" },
		{ RENEW, "{\"resource_ids\":[\"x\"],\"period_type\":2,\"period_num\":0}" },
		{ RENEW, "{\"resource_ids\":[\"x\"],\"period_type\":2,\"period_num\":1,\"is_auto_pay\":2}" },
		{ RENEW, "{\"resource_ids\":[\"x\",\"x\"],\"period_type\":2,\"period_num\":1}" },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(gets) / sizeof(gets[0]); i++) {
		struct answer a = call(st, "GET", gets[i][0], gets[i][1], NULL);
		if (a.status != 400 && a.status != 403)
			fail_msg("GET %s?%s: %d %s", gets[i][0], gets[i][1] ? gets[i][1] : "", a.status, a.text);
		assert_true(strncmp(get_str(a.json, "error_code"), "CBC.", 4) == 0);
		answer_free(&a);
	}
	for (size_t i = 0; i < sizeof(posts) / sizeof(posts[0]); i++) {
		struct answer a = call(st, "POST", posts[i][0], NULL, posts[i][1]);
		if (a.status != 400)
			fail_msg("POST %s %s: %d %s", posts[i][0], posts[i][1], a.status, a.text);
		assert_string_equal(get_str(a.json, "error_code"), "CBC.0100");
		answer_free(&a);
	}
	/* Years run 1..3 (bss-api.md 6.19). */
	{
		char body[160];
		snprintf(body, sizeof(body), "{\"resource_ids\":[\"%s\"],\"period_type\":3,\"period_num\":4}",
		    st->resources.v[free_primary(st, 0, false)].id);
		expect_error(call(st, "POST", RENEW, NULL, body), 400, "CBC.99000092");
	}
	for (size_t i = 0; i < st_nmutations; i++)
		assert_int_equal(st->mutations[i], 0);
	sim_state_free(st);
}

static void
id_count_limits(void **state)
{
	struct sim_state *st = world();
	char body[8192], *p;

	(void)state;
	/* 11 renewals, 11 unsubscriptions, 101 switches and 101 package items are too many. */
	p = body + sprintf(body, "{\"period_type\":2,\"period_num\":1,\"resource_ids\":[");
	for (int i = 0; i < 11; i++)
		p += sprintf(p, "%s\"r%d\"", i ? "," : "", i);
	strcpy(p, "]}");
	expect_error(call(st, "POST", RENEW, NULL, body), 400, "CBC.0100");
	p = body + sprintf(body, "{\"unsubscribe_type\":1,\"resource_ids\":[");
	for (int i = 0; i < 11; i++)
		p += sprintf(p, "%s\"r%d\"", i ? "," : "", i);
	strcpy(p, "]}");
	expect_error(call(st, "POST", UNSUBSCRIBE, NULL, body), 400, "CBC.0100");
	p = body + sprintf(body, "{\"operation\":\"SET_UP\",\"resource_ids\":[");
	for (int i = 0; i < 101; i++)
		p += sprintf(p, "%s\"r%d\"", i ? "," : "", i);
	strcpy(p, "]}");
	expect_error(call(st, "POST", TO_ON_DEMAND, NULL, body), 400, "CBC.0100");
	p = body + sprintf(body, "{\"free_resource_ids\":[");
	for (int i = 0; i < 101; i++)
		p += sprintf(p, "%s\"f%d\"", i ? "," : "", i);
	strcpy(p, "]}");
	expect_error(call(st, "POST", USAGES, NULL, body), 400, "CBC.0100");
	sim_state_free(st);
}

/* ------------------------------------------------------------------ pay and cancel */

static void
pay_moves_money_and_completes_the_order(void **state)
{
	struct sim_state *st = world();
	int32_t oi = pending_order(st, ST_OT_RENEW, 0);
	char *body = pay_body(st->orders.v[oi].id), *before, *after;
	money_t cash0 = cash(st), due = st->orders.v[oi].amount_after_discount;
	time_t expire0[8];
	int nres = 0;
	struct answer a;

	(void)state;
	for (int32_t k = 0; k < st->orders.v[oi].nlines && k < 8; k++)
		expire0[nres++] = st->resources.v[st->lines.v[st->orders.v[oi].first_line + k].res].expire_time;
	a = call(st, "POST", PAY, NULL, body);
	expect_status(&a, 204);
	assert_null(a.text);
	answer_free(&a);
	assert_true(cash(st) == cash0 - due);
	assert_int_equal(st->orders.v[oi].status, ST_ORDER_COMPLETED);
	assert_int_equal(st->orders.v[oi].payment_time, NOW);
	assert_int_equal(mutations(st, "PayOrders"), 1);
	/* A paid renewal moves every renewed resource's expiry by its period. */
	for (int k = 0; k < nres; k++) {
		const struct sim_line *l = &st->lines.v[st->orders.v[oi].first_line + k];
		const struct sim_resource *r = &st->resources.v[l->res];
		assert_true(r->expire_time == st_add_months(expire0[k], l->period_num));
		assert_int_equal(r->busy_order, -1);
	}
	/* Paying again is refused and changes nothing. */
	before = sim_state_dump(st);
	expect_error(call(st, "POST", PAY, NULL, body), 400, "CBC.99003106");
	after = sim_state_dump(st);
	assert_string_equal(before, after);
	free(before);
	free(after);
	/* The list and the details agree. */
	a = call(st, "GET", ORDERS, NULL, NULL);
	answer_free(&a);
	{
		char q[64];
		snprintf(q, sizeof(q), "order_id=%s", st->orders.v[oi].id);
		a = call(st, "GET", ORDERS, q, NULL);
		assert_int_equal(get_int(cJSON_GetArrayItem(get(a.json, "order_infos"), 0), "status"), 5);
		answer_free(&a);
	}
	free(body);
	sim_state_free(st);
}

static void
paying_a_purchase_provisions_it(void **state)
{
	struct sim_state *st = world();
	int32_t oi = pending_order(st, ST_OT_NEW, 0);
	char *body = pay_body(st->orders.v[oi].id), q[80];
	struct answer a;
	int32_t res = st->lines.v[st->orders.v[oi].first_line].res;

	(void)state;
	assert_true(res >= 0 && st->resources.v[res].hidden);
	snprintf(q, sizeof(q), "{\"order_id\":\"%s\"}", st->orders.v[oi].id);
	a = call(st, "POST", RESOURCES, NULL, q);
	assert_int_equal(get_int(a.json, "total_count"), 0);
	answer_free(&a);
	a = call(st, "POST", PAY, NULL, body);
	expect_status(&a, 204);
	answer_free(&a);
	a = call(st, "POST", RESOURCES, NULL, q);
	assert_int_equal(get_int(a.json, "total_count"), st->orders.v[oi].nlines);
	answer_free(&a);
	assert_int_equal(st->resources.v[res].status, ST_RES_IN_USE);
	assert_int_equal(st->resources.v[res].effective_time, NOW);
	assert_true(st->resources.v[res].expire_time > st_add_months(NOW, 1) - DAY);
	assert_true(st->resources.v[res].expire_time <= st_add_months(NOW, 1) + DAY);
	free(body);
	sim_state_free(st);
}

static int32_t
largest_pending(const struct sim_state *st)
{
	int32_t best = -1;

	for (size_t i = 0; i < st->orders.n; i++)
		if (st->orders.v[i].status == ST_ORDER_PENDING && st->orders.v[i].parent < 0 &&
		    (best < 0 || st->orders.v[i].amount_after_discount > st->orders.v[best].amount_after_discount))
			best = (int32_t)i;
	return best;
}

static void
pay_without_the_money_changes_nothing(void **state)
{
	struct sim_state *st = world();
	int32_t oi = largest_pending(st);
	char *body = pay_body(st->orders.v[oi].id), *before = sim_state_dump(st), *after;

	(void)state;
	assert_true(st->orders.v[oi].amount_after_discount >
	    st_balance(st, ST_ACCT_CASH)->amount + st_balance(st, ST_ACCT_CREDIT)->amount);
	expect_error(call(st, "POST", PAY, NULL, body), 400, "CBC.99005003");
	after = sim_state_dump(st);
	assert_string_equal(before, after);
	expect_error(call(st, "POST", PAY, NULL,
	    "{\"order_id\":\"CS0000NOSUCH\",\"use_coupon\":\"NO\",\"use_discount\":\"NO\"}"), 400,
	    "CBC.30000010");
	free(before);
	free(after);
	free(body);
	sim_state_free(st);
}

/* When cash runs short, the credit account pays the rest and the debt grows. */
static void
pay_takes_cash_then_credit(void **state)
{
	struct sim_state *st = world();
	int32_t oi = pending_order(st, 0, 0);
	char *body = pay_body(st->orders.v[oi].id);
	money_t due = st->orders.v[oi].amount_after_discount, credit0, debt0 = st->debt_amount;
	struct answer a;

	(void)state;
	st_balance(st, ST_ACCT_CASH)->amount = due / 2;
	credit0 = st_balance(st, ST_ACCT_CREDIT)->amount;
	a = call(st, "POST", PAY, NULL, body);
	expect_status(&a, 204);
	answer_free(&a);
	assert_true(cash(st) == 0);
	assert_true(st_balance(st, ST_ACCT_CREDIT)->amount == credit0 - (due - due / 2));
	assert_true(st->debt_amount == debt0 + (due - due / 2));
	free(body);
	sim_state_free(st);
}

static int32_t
coupon_of(const struct sim_state *st, int type, int version)
{
	for (size_t i = 0; i < st->coupons.n; i++)
		if (st->coupons.v[i].type == type && st_coupon_usable(&st->coupons.v[i], NOW) &&
		    (version == 0 || st->coupons.v[i].version == version))
			return (int32_t)i;
	fail_msg("no usable coupon of type %d", type);
	return -1;
}

static void
coupons_are_consumed(void **state)
{
	struct sim_state *st = world();
	int32_t oi = pending_order(st, 0, 0), ci = coupon_of(st, ST_COUPON_CASH, 2);
	money_t due = st->orders.v[oi].amount_after_discount, bal = st->coupons.v[ci].balance;
	money_t take = bal < due ? bal : due, cash0 = cash(st);
	char body[256], q[64];
	struct answer a;
	bool listed = false;

	(void)state;
	snprintf(q, sizeof(q), "order_id=%s", st->orders.v[oi].id);
	a = call(st, "GET", ORDER_COUPONS, q, NULL);
	expect_status(&a, 200);
	for (int k = 0; k < cJSON_GetArraySize(get(a.json, "user_coupons")); k++)
		listed |= strcmp(get_str(cJSON_GetArrayItem(get(a.json, "user_coupons"), k), "coupon_id"),
		    st->coupons.v[ci].id) == 0;
	assert_true(listed);
	assert_int_equal(get_int(a.json, "count"), cJSON_GetArraySize(get(a.json, "user_coupons")));
	answer_free(&a);
	/* More than three coupons, or a coupon twice, is a malformed request. */
	snprintf(body, sizeof(body), "{\"order_id\":\"%s\",\"use_coupon\":\"YES\",\"use_discount\":\"NO\","
	    "\"coupon_infos\":[{\"id\":\"a\",\"type\":301},{\"id\":\"b\",\"type\":301},{\"id\":\"c\","
	    "\"type\":301},{\"id\":\"d\",\"type\":301}]}", st->orders.v[oi].id);
	expect_error(call(st, "POST", PAY, NULL, body), 400, "CBC.0100");
	snprintf(body, sizeof(body), "{\"order_id\":\"%s\",\"use_coupon\":\"YES\",\"use_discount\":\"NO\","
	    "\"coupon_infos\":[{\"id\":\"%s\",\"type\":301},{\"id\":\"%s\",\"type\":301}]}",
	    st->orders.v[oi].id, st->coupons.v[ci].id, st->coupons.v[ci].id);
	expect_error(call(st, "POST", PAY, NULL, body), 400, "CBC.0100");
	snprintf(body, sizeof(body), "{\"order_id\":\"%s\",\"use_coupon\":\"NO\",\"use_discount\":\"NO\","
	    "\"coupon_infos\":[{\"id\":\"%s\",\"type\":301}]}", st->orders.v[oi].id, st->coupons.v[ci].id);
	expect_error(call(st, "POST", PAY, NULL, body), 400, "CBC.0100");
	snprintf(body, sizeof(body), "{\"order_id\":\"%s\",\"use_coupon\":\"YES\",\"use_discount\":\"NO\","
	    "\"coupon_infos\":[{\"id\":\"%s\",\"type\":301}]}", st->orders.v[oi].id, st->coupons.v[ci].id);
	a = call(st, "POST", PAY, NULL, body);
	expect_status(&a, 204);
	answer_free(&a);
	assert_true(cash(st) == cash0 - (due - take));
	assert_true(st->coupons.v[ci].balance == bal - take);
	assert_int_equal(st->coupons.v[ci].used_order, oi);
	assert_true(st->orders.v[oi].coupon_amount == take);
	assert_true(st->orders.v[oi].amount_after_discount == due);
	/* The coupon now names the order it paid. */
	snprintf(q, sizeof(q), "order_id=%s", st->orders.v[oi].id);
	a = call(st, "GET", COUPONS, q, NULL);
	assert_int_equal(get_int(a.json, "count"), 1);
	answer_free(&a);
	sim_state_free(st);
}

static void
coupon_rules(void **state)
{
	struct sim_state *st = world();
	int32_t oi = pending_order(st, 0, 0);
	int32_t cash_c = coupon_of(st, ST_COUPON_CASH, 0), disc_c = coupon_of(st, ST_COUPON_DISCOUNT, 0);
	int32_t product = -1, used = -1, limited = -1;
	char body[512], *before = sim_state_dump(st), *after;

	(void)state;
	for (size_t i = 0; i < st->coupons.n; i++) {
		if (st->coupons.v[i].type == ST_COUPON_PRODUCT)
			product = (int32_t)i;
		if (st->coupons.v[i].status == ST_CPN_USED)
			used = (int32_t)i;
		if (st->coupons.v[i].limits & ST_LIMIT_NO_PROMOTION)
			limited = (int32_t)i;
	}
	assert_true(product >= 0 && used >= 0 && limited >= 0);
	snprintf(body, sizeof(body), "{\"order_id\":\"%s\",\"use_coupon\":\"YES\",\"use_discount\":\"NO\","
	    "\"coupon_infos\":[{\"id\":\"%s\",\"type\":301},{\"id\":\"%s\",\"type\":300}]}",
	    st->orders.v[oi].id, st->coupons.v[cash_c].id, st->coupons.v[disc_c].id);
	expect_error(call(st, "POST", PAY, NULL, body), 400, "CBC.99003147");
	snprintf(body, sizeof(body), "{\"order_id\":\"%s\",\"use_coupon\":\"YES\",\"use_discount\":\"NO\","
	    "\"coupon_infos\":[{\"id\":\"%s\",\"type\":301}]}", st->orders.v[oi].id, st->coupons.v[used].id);
	expect_error(call(st, "POST", PAY, NULL, body), 400, "CBC.99003112");
	snprintf(body, sizeof(body), "{\"order_id\":\"%s\",\"use_coupon\":\"YES\",\"use_discount\":\"NO\","
	    "\"coupon_infos\":[{\"id\":\"%s\",\"type\":301}]}", st->orders.v[oi].id,
	    st->coupons.v[product].id);
	expect_error(call(st, "POST", PAY, NULL, body), 400, "CBC.99003112");
	after = sim_state_dump(st);
	assert_string_equal(before, after);
	free(before);
	free(after);
	sim_state_free(st);
}

static int32_t
order_with_offer(const struct sim_state *st)
{
	for (size_t i = 0; i < st->orders.n; i++)
		if (st->orders.v[i].status == ST_ORDER_PENDING && st->orders.v[i].offer_type != 0 &&
		    st->orders.v[i].amount_after_discount <= st->balances[0].amount)
			return (int32_t)i;
	fail_msg("no order with a discount offer");
	return -1;
}

static void
discounts_apply_once(void **state)
{
	struct sim_state *st = world();
	int32_t oi = order_with_offer(st);
	const struct sim_order *o = &st->orders.v[oi];
	money_t cash0 = cash(st), base = o->amount_after_discount, off, ratio;
	char body[512], q[64], id[40];
	const cJSON *d, *item;
	struct answer a;
	long type;

	(void)state;
	snprintf(q, sizeof(q), "order_id=%s", o->id);
	a = call(st, "GET", ORDER_DISCOUNTS, q, NULL);
	expect_status(&a, 200);
	assert_int_equal(cJSON_GetArraySize(get(a.json, "discounts")), 1);
	d = cJSON_GetArrayItem(get(a.json, "discounts"), 0);
	snprintf(id, sizeof(id), "%s", get_str(d, "discount_id"));
	type = get_int(d, "discount_type");
	assert_int_equal(money_parse(get_str(d, "discount_value"), &ratio), 0);
	item = cJSON_GetArrayItem(get(cJSON_GetArrayItem(get(d, "orders"), 0), "order_line_items"), 0);
	off = get_money(item, "discount_amount");
	assert_true(ratio == get_money(item, "discount_ratio"));
	{
		/* base x (1 - ratio), to the cent. */
		money_t want;
		assert_int_equal(money_mul(base, MONEY_SCALE - ratio, &want), 0);
		assert_true(off == money_round(want, 2));
		assert_true(off > 0 && off < base);
	}
	answer_free(&a);
	/* One discount only, and it must be the order's. */
	snprintf(body, sizeof(body), "{\"order_id\":\"%s\",\"use_coupon\":\"NO\",\"use_discount\":\"YES\","
	    "\"discount_infos\":[{\"id\":\"%s\",\"type\":%ld},{\"id\":\"%s\",\"type\":%ld}]}", o->id, id,
	    type, id, type);
	expect_error(call(st, "POST", PAY, NULL, body), 400, "CBC.0100");
	snprintf(body, sizeof(body), "{\"order_id\":\"%s\",\"use_coupon\":\"NO\",\"use_discount\":\"YES\","
	    "\"discount_infos\":[{\"id\":\"DSC-other\",\"type\":%ld}]}", o->id, type);
	expect_error(call(st, "POST", PAY, NULL, body), 400, "CBC.99003108");
	snprintf(body, sizeof(body), "{\"order_id\":\"%s\",\"use_coupon\":\"NO\",\"use_discount\":\"YES\","
	    "\"discount_infos\":[{\"id\":\"%s\",\"type\":%ld}]}", o->id, id, type);
	a = call(st, "POST", PAY, NULL, body);
	expect_status(&a, 204);
	answer_free(&a);
	o = &st->orders.v[oi];
	assert_true(cash(st) == cash0 - (base - off));
	assert_true(o->amount_after_discount == base - off);
	assert_true(o->discount_amount == off);
	/* Line amounts still add up to the order. */
	{
		money_t sum = 0;
		for (int32_t k = 0; k < o->nlines; k++)
			sum += st->lines.v[o->first_line + k].amount_after_discount;
		assert_true(sum == o->amount_after_discount);
	}
	sim_state_free(st);
}

static int32_t
combined_order(const struct sim_state *st, int32_t *child)
{
	for (size_t i = 0; i < st->orders.n; i++) {
		if (st->orders.v[i].parent >= 0) {
			*child = (int32_t)i;
			return st->orders.v[i].parent;
		}
	}
	fail_msg("no combined order");
	return -1;
}

static void
combined_orders_move_as_a_whole(void **state)
{
	struct sim_state *st = world();
	int32_t child = -1, parent = combined_order(st, &child);
	char *body = pay_body(st->orders.v[child].id), cancel[96];
	struct answer a;

	(void)state;
	expect_error(call(st, "POST", PAY, NULL, body), 400, "CBC.99000089");
	snprintf(cancel, sizeof(cancel), "{\"order_id\":\"%s\"}", st->orders.v[child].id);
	expect_error(call(st, "PUT", CANCEL, NULL, cancel), 400, "CBC.99000089");
	free(body);
	body = pay_body(st->orders.v[parent].id);
	a = call(st, "POST", PAY, NULL, body);
	expect_status(&a, 204);
	answer_free(&a);
	for (size_t i = 0; i < st->orders.n; i++)
		if (st->orders.v[i].parent == parent)
			assert_int_equal(st->orders.v[i].status, ST_ORDER_COMPLETED);
	/* Only the combined order is listed; its children ride along. */
	{
		char q[64];
		snprintf(q, sizeof(q), "order_id=%s", st->orders.v[child].id);
		a = call(st, "GET", ORDERS, q, NULL);
		assert_int_equal(get_int(a.json, "total_count"), 0);
		answer_free(&a);
		snprintf(q, sizeof(q), "order_id=%s", st->orders.v[parent].id);
		a = call(st, "GET", ORDERS, q, NULL);
		assert_int_equal(cJSON_GetArraySize(get(cJSON_GetArrayItem(get(a.json, "order_infos"), 0),
		    "sub_order_infos")), 2);
		answer_free(&a);
	}
	free(body);
	sim_state_free(st);
}

static void
cancel_ends_a_pending_order(void **state)
{
	struct sim_state *st = world();
	int32_t oi = pending_order(st, ST_OT_RENEW, 0);
	int32_t res = st->lines.v[st->orders.v[oi].first_line].res;
	char body[96], renew[160];
	money_t cash0 = cash(st);
	struct answer a;

	(void)state;
	snprintf(body, sizeof(body), "{\"order_id\":\"%s\"}", st->orders.v[oi].id);
	snprintf(renew, sizeof(renew), "{\"resource_ids\":[\"%s\"],\"period_type\":2,\"period_num\":1}",
	    st->resources.v[res].id);
	/* While the renewal waits for payment, the resource can't be renewed again. */
	expect_error(call(st, "POST", RENEW, NULL, renew), 400, "CBC.99003100");
	a = call(st, "PUT", CANCEL, NULL, body);
	expect_status(&a, 204);
	answer_free(&a);
	assert_int_equal(st->orders.v[oi].status, ST_ORDER_CANCELLED);
	assert_true(cash(st) == cash0);
	assert_int_equal(mutations(st, "CancelCustomerOrder"), 1);
	expect_error(call(st, "PUT", CANCEL, NULL, body), 400, "CBC.99005010");
	{
		char *pay = pay_body(st->orders.v[oi].id);
		expect_error(call(st, "POST", PAY, NULL, pay), 400, "CBC.99003106");
		free(pay);
	}
	expect_error(call(st, "PUT", CANCEL, NULL, "{\"order_id\":\"CS0000NOSUCH\"}"), 400, "CBC.30000010");
	/* Released: now it renews. */
	a = call(st, "POST", RENEW, NULL, renew);
	expect_status(&a, 200);
	answer_free(&a);
	assert_int_equal(mutations(st, "CancelCustomerOrder"), 1);
	sim_state_free(st);
}

/* The payment deadline of an unpaid order. */
static void
late_payment_is_refused(void **state)
{
	struct sim_state *st = world();
	int32_t oi = pending_order(st, 0, 0);
	char *body = pay_body(st->orders.v[oi].id);

	(void)state;
	expect_error(call_at(st, st->orders.v[oi].pay_deadline + 1, "POST", PAY, NULL, body), 400,
	    "CBC.99003110");
	assert_int_equal(st->orders.v[oi].status, ST_ORDER_PENDING);
	free(body);
	sim_state_free(st);
}

/* ------------------------------------------------------------------ resources */

static struct answer
renew(struct sim_state *st, int32_t res, int type, int num, int auto_pay)
{
	char body[200];

	snprintf(body, sizeof(body), "{\"resource_ids\":[\"%s\"],\"period_type\":%d,\"period_num\":%d,"
	    "\"is_auto_pay\":%d}", st->resources.v[res].id, type, num, auto_pay);
	return call(st, "POST", RENEW, NULL, body);
}

static int32_t
order_of_answer(const struct sim_state *st, const struct answer *a)
{
	const cJSON *ids = get(a->json, "order_ids");

	assert_int_equal(cJSON_GetArraySize(ids), 1);
	return st_find_order(st, cJSON_GetArrayItem(ids, 0)->valuestring);
}

static void
renew_without_pay_leaves_a_pending_order(void **state)
{
	struct sim_state *st = world();
	int32_t res = free_primary(st, 0, true);
	time_t expire0 = st->resources.v[res].expire_time;
	money_t cash0 = cash(st);
	struct answer a = renew(st, res, ST_PERIOD_MONTH, 2, 0);
	int32_t oi = order_of_answer(st, &a);
	const struct sim_order *o = &st->orders.v[oi];

	(void)state;
	expect_status(&a, 200);
	assert_null(cJSON_GetObjectItemCaseSensitive(a.json, "fail_resource_infos"));
	answer_free(&a);
	assert_int_equal(o->order_type, ST_OT_RENEW);
	assert_int_equal(o->status, ST_ORDER_PENDING);
	assert_true(o->nlines >= 2);      /* the primary and what is attached */
	{
		money_t want = 0;
		for (size_t i = 0; i < st->resources.n; i++)
			if ((int32_t)i == res || st->resources.v[i].parent == res)
				want += st_period_price(&st->resources.v[i], ST_PERIOD_MONTH, 2);
		assert_true(o->amount_after_discount == want && o->official_amount == want);
	}
	assert_true(st->resources.v[res].expire_time == expire0);
	assert_true(cash(st) == cash0);
	assert_int_equal(st->resources.v[res].busy_order, oi);
	assert_int_equal(mutations(st, "RenewalResources"), 1);
	expect_error(renew(st, res, ST_PERIOD_MONTH, 1, 0), 400, "CBC.99003100");
	/* Unsubscribing is refused too while the renewal waits. */
	{
		char body[160];
		snprintf(body, sizeof(body), "{\"resource_ids\":[\"%s\"],\"unsubscribe_type\":1}",
		    st->resources.v[res].id);
		expect_error(call(st, "POST", UNSUBSCRIBE, NULL, body), 400, "CBC.99003100");
	}
	sim_state_free(st);
}

static void
renew_with_auto_pay_moves_expiry(void **state)
{
	struct sim_state *st = world();
	int32_t res = free_primary(st, 1, true), child = -1;
	time_t expire0 = st->resources.v[res].expire_time;
	money_t cash0 = cash(st);
	struct answer a;
	int32_t oi;

	(void)state;
	for (size_t i = 0; i < st->resources.n; i++)
		if (st->resources.v[i].parent == res)
			child = (int32_t)i;
	a = renew(st, res, ST_PERIOD_YEAR, 1, 1);
	expect_status(&a, 200);
	oi = order_of_answer(st, &a);
	answer_free(&a);
	assert_int_equal(st->orders.v[oi].status, ST_ORDER_COMPLETED);
	assert_int_equal(st->orders.v[oi].order_type, ST_OT_RENEW);
	assert_true(st->resources.v[res].expire_time == st_add_months(expire0, 12));
	assert_true(st->resources.v[child].expire_time == st->resources.v[res].expire_time);
	assert_true(cash(st) == cash0 - st->orders.v[oi].amount_after_discount);
	assert_true(st->resources.v[res].renew_paid > 0);
	assert_int_equal(st->resources.v[res].busy_order, -1);
	assert_int_equal(mutations(st, "PayOrders"), 0);
	/* Attached resources are renewed with their primary, not alone. */
	expect_error(renew(st, child, ST_PERIOD_MONTH, 1, 0), 400, "CBC.30010036");
	expect_error(call(st, "POST", RENEW, NULL, "{\"resource_ids\":[\"nope\"],\"period_type\":2,"
	    "\"period_num\":1}"), 400, "CBC.99003016");
	sim_state_free(st);
}

static void
renew_reports_per_resource_failures(void **state)
{
	struct sim_state *st = world();
	int32_t res = free_primary(st, 0, false);
	char body[256];
	struct answer a;
	const cJSON *fails;

	(void)state;
	snprintf(body, sizeof(body), "{\"resource_ids\":[\"%s\",\"no-such-resource\"],\"period_type\":2,"
	    "\"period_num\":1}", st->resources.v[res].id);
	a = call(st, "POST", RENEW, NULL, body);
	expect_status(&a, 200);
	assert_true(order_of_answer(st, &a) >= 0);
	fails = get(a.json, "fail_resource_infos");
	assert_int_equal(cJSON_GetArraySize(fails), 1);
	assert_string_equal(get_str(cJSON_GetArrayItem(fails, 0), "resource_id"), "no-such-resource");
	assert_string_equal(get_str(cJSON_GetArrayItem(fails, 0), "error_code"), "CBC.99003016");
	answer_free(&a);
	sim_state_free(st);
}

static void
renew_auto_pay_without_money_changes_nothing(void **state)
{
	struct sim_state *st = world();
	int32_t res = free_primary(st, 0, true);
	char *before, *after;

	(void)state;
	st_balance(st, ST_ACCT_CASH)->amount = 0;
	st_balance(st, ST_ACCT_CREDIT)->amount = 0;
	before = sim_state_dump(st);
	expect_error(renew(st, res, ST_PERIOD_YEAR, 3, 1), 400, "CBC.30050006");
	after = sim_state_dump(st);
	assert_string_equal(before, after);
	free(before);
	free(after);
	sim_state_free(st);
}

/* Sum over refund_infos: negative amounts are refunds (bss-api.md 6.17). */
static money_t
refund_of(struct sim_state *st, const char *order_id)
{
	char q[64];
	struct answer a;
	money_t net = 0;
	const cJSON *infos;

	snprintf(q, sizeof(q), "order_id=%s", order_id);
	a = call(st, "GET", REFUND, q, NULL);
	expect_status(&a, 200);
	infos = get(a.json, "refund_infos");
	assert_int_equal(get_int(a.json, "total_count"), cJSON_GetArraySize(infos));
	for (int k = 0; k < cJSON_GetArraySize(infos); k++) {
		assert_string_equal(get_str(cJSON_GetArrayItem(infos, k), "measure_id"), "1");
		net -= get_money(cJSON_GetArrayItem(infos, k), "amount");
	}
	answer_free(&a);
	return net;
}

static void
unsubscribe_refunds_what_the_refund_says(void **state)
{
	struct sim_state *st = world();
	int32_t res, oi;
	int nth = 0;
	money_t cash0 = cash(st), net;
	char body[200];
	struct answer a;

	(void)state;
	/* One with weeks left, so that something comes back. */
	while (st->resources.v[res = free_primary(st, nth, true)].expire_time < NOW + 20 * DAY)
		nth++;
	snprintf(body, sizeof(body), "{\"resource_ids\":[\"%s\"],\"unsubscribe_type\":1,"
	    "\"unsubscribe_reason_type\":5,\"unsubscribe_reason\":\"moving\"}", st->resources.v[res].id);
	a = call(st, "POST", UNSUBSCRIBE, NULL, body);
	expect_status(&a, 200);
	oi = order_of_answer(st, &a);
	answer_free(&a);
	assert_int_equal(st->orders.v[oi].order_type, ST_OT_UNSUBSCRIBE);
	net = refund_of(st, st->orders.v[oi].id);
	assert_true(net > 0);
	assert_true(cash(st) == cash0 + net);
	assert_true(st->orders.v[oi].amount_after_discount == net);
	for (size_t i = 0; i < st->resources.n; i++)
		if ((int32_t)i == res || st->resources.v[i].parent == res)
			assert_int_equal(st->resources.v[i].status, ST_RES_CLOSED);
	assert_int_equal(mutations(st, "CancelResourcesSubscription"), 1);
	/* Not listed as in use any more. */
	snprintf(body, sizeof(body), "{\"resource_ids\":[\"%s\"],\"status_list\":[2]}", st->resources.v[res].id);
	a = call(st, "POST", RESOURCES, NULL, body);
	assert_int_equal(get_int(a.json, "total_count"), 0);
	answer_free(&a);
	snprintf(body, sizeof(body), "{\"resource_ids\":[\"%s\"],\"unsubscribe_type\":1}", st->resources.v[res].id);
	expect_error(call(st, "POST", UNSUBSCRIBE, NULL, body), 400, "CBC.30000067");
	/* A refund of an order that refunds nothing is refused. */
	{
		char q[64];
		snprintf(q, sizeof(q), "order_id=%s", st->orders.v[pending_order(st, 0, 0)].id);
		expect_error(call(st, "GET", REFUND, q, NULL), 400, "CBC.99005026");
	}
	sim_state_free(st);
}

static void
unsubscribe_renewed_periods_only(void **state)
{
	struct sim_state *st = world();
	int32_t res = free_primary(st, 0, false), oi;
	time_t expire0 = st->resources.v[res].expire_time;
	char body[200];
	money_t cash0, paid;
	struct answer a;

	(void)state;
	snprintf(body, sizeof(body), "{\"resource_ids\":[\"%s\"],\"unsubscribe_type\":2}", st->resources.v[res].id);
	expect_error(call(st, "POST", UNSUBSCRIBE, NULL, body), 400, "CBC.99003128");
	a = renew(st, res, ST_PERIOD_MONTH, 3, 1);
	expect_status(&a, 200);
	paid = st->orders.v[order_of_answer(st, &a)].amount_after_discount;
	answer_free(&a);
	cash0 = cash(st);
	a = call(st, "POST", UNSUBSCRIBE, NULL, body);
	expect_status(&a, 200);
	oi = order_of_answer(st, &a);
	answer_free(&a);
	assert_true(refund_of(st, st->orders.v[oi].id) == paid);
	assert_true(cash(st) == cash0 + paid);
	assert_true(st->resources.v[res].expire_time == expire0);
	assert_int_equal(st->resources.v[res].status, ST_RES_IN_USE);
	sim_state_free(st);
}

/* Within five days of purchase everything comes back; later, what is unused. */
static void
unsubscribe_refund_is_pro_rata(void **state)
{
	struct sim_state *st = world();
	int32_t oi = pending_order(st, ST_OT_NEW, 0), res, un;
	char *body = pay_body(st->orders.v[oi].id), un_body[160];
	money_t paid;
	struct answer a;

	(void)state;
	res = st->lines.v[st->orders.v[oi].first_line].res;
	a = call(st, "POST", PAY, NULL, body);
	expect_status(&a, 204);
	answer_free(&a);
	paid = st->resources.v[res].term_paid;
	snprintf(un_body, sizeof(un_body), "{\"resource_ids\":[\"%s\"],\"unsubscribe_type\":1}",
	    st->resources.v[st_res_primary(st, res)].id);
	a = call_at(st, NOW + 2 * DAY, "POST", UNSUBSCRIBE, NULL, un_body);
	expect_status(&a, 200);
	un = order_of_answer(st, &a);
	answer_free(&a);
	{
		/* The first line's resource refunded in full. */
		money_t first = 0;
		for (int32_t k = 0; k < st->orders.v[un].nrefunds; k++)
			if (st->refunds.v[st->orders.v[un].first_refund + k].res == res)
				first -= st->refunds.v[st->orders.v[un].first_refund + k].amount;
		assert_true(first == paid);
	}
	free(body);
	sim_state_free(st);

	st = world();
	res = free_primary(st, 0, false);
	snprintf(un_body, sizeof(un_body), "{\"resource_ids\":[\"%s\"],\"unsubscribe_type\":1}",
	    st->resources.v[res].id);
	paid = st->resources.v[res].term_paid;
	a = call(st, "POST", UNSUBSCRIBE, NULL, un_body);
	expect_status(&a, 200);
	un = order_of_answer(st, &a);
	answer_free(&a);
	assert_true(refund_of(st, st->orders.v[un].id) < paid);
	assert_true(refund_of(st, st->orders.v[un].id) >= 0);
	sim_state_free(st);
}

static void
auto_renew_on_and_off(void **state)
{
	struct sim_state *st = world();
	int32_t res = free_primary(st, 0, true), child = -1;
	char path[128];
	struct answer a;

	(void)state;
	for (size_t i = 0; i < st->resources.n; i++)
		if (st->resources.v[i].parent == res)
			child = (int32_t)i;
	/* Through the attached resource: the whole group follows. */
	snprintf(path, sizeof(path), AUTORENEW "%s", st->resources.v[child].id);
	a = call(st, "POST", path, NULL, "{\"auto_renew_times\":6}");
	expect_status(&a, 204);
	assert_null(a.text);
	answer_free(&a);
	assert_int_equal(st->resources.v[res].expire_policy, ST_EXP_AUTORENEW);
	assert_int_equal(st->resources.v[child].expire_policy, ST_EXP_AUTORENEW);
	assert_int_equal(st->resources.v[res].auto_renew_times, 6);
	expect_error(call(st, "POST", path, NULL, "{\"auto_renew_times\":100}"), 400, "CBC.0100");
	/* Without a body it stays on; the count is unchanged. */
	a = call(st, "POST", path, NULL, NULL);
	expect_status(&a, 204);
	answer_free(&a);
	assert_int_equal(st->resources.v[res].auto_renew_times, 6);
	snprintf(path, sizeof(path), AUTORENEW "%s", st->resources.v[res].id);
	a = call(st, "DELETE", path, NULL, NULL);
	expect_status(&a, 204);
	answer_free(&a);
	assert_int_equal(st->resources.v[res].expire_policy, ST_EXP_GRACE);
	assert_int_equal(st->resources.v[child].expire_policy, ST_EXP_GRACE);
	expect_error(call(st, "DELETE", path, NULL, NULL), 400, "CBC.99003605");
	expect_error(call(st, "POST", AUTORENEW "no-such-resource", NULL, "{}"), 400, "CBC.99003012");
	expect_error(call(st, "DELETE", AUTORENEW "no-such-resource", NULL, NULL), 400, "CBC.99003012");
	snprintf(path, sizeof(path), AUTORENEW "%s", st->resources.v[resource_with_status(st, ST_RES_FROZEN)].id);
	expect_error(call(st, "POST", path, NULL, "{}"), 400, "CBC.99003602");
	assert_int_equal(mutations(st, "AutoRenewalResources"), 2);
	assert_int_equal(mutations(st, "CancelAutoRenewalResources"), 1);
	sim_state_free(st);
}

static void
to_on_demand_set_up_and_cancel(void **state)
{
	struct sim_state *st = world();
	int32_t a1 = free_primary(st, 0, false), a2 = free_primary(st, 1, false);
	int32_t expired = resource_with_status(st, ST_RES_EXPIRED);
	char body[400];
	struct answer a;
	const cJSON *errs;

	(void)state;
	snprintf(body, sizeof(body), "{\"operation\":\"SET_UP\",\"resource_ids\":[\"%s\",\"%s\",\"gone\",\"%s\"]}",
	    st->resources.v[a1].id, st->resources.v[a2].id, st->resources.v[expired].id);
	a = call(st, "POST", TO_ON_DEMAND, NULL, body);
	expect_status(&a, 200);
	errs = get(a.json, "error_details");
	assert_int_equal(cJSON_GetArraySize(errs), 2);
	assert_string_equal(get_str(cJSON_GetArrayItem(errs, 0), "id"), "gone");
	assert_string_equal(get_str(cJSON_GetArrayItem(errs, 0), "error_code"), "CBC.99003012");
	assert_string_equal(get_str(cJSON_GetArrayItem(errs, 1), "error_code"), "CBC.99003610");
	answer_free(&a);
	assert_int_equal(st->resources.v[a1].expire_policy, ST_EXP_TO_ONDEMAND);
	assert_int_equal(st->resources.v[a2].expire_policy, ST_EXP_TO_ONDEMAND);
	assert_int_equal(st->resources.v[expired].expire_policy, ST_EXP_GRACE);
	snprintf(body, sizeof(body), "{\"operation\":\"CANCEL\",\"resource_ids\":[\"%s\"]}", st->resources.v[a1].id);
	a = call(st, "POST", TO_ON_DEMAND, NULL, body);
	expect_status(&a, 200);
	assert_int_equal(cJSON_GetArraySize(get(a.json, "error_details")), 0);
	answer_free(&a);
	assert_int_equal(st->resources.v[a1].expire_policy, ST_EXP_GRACE);
	assert_int_equal(mutations(st, "UpdatePeriodToOnDemand"), 2);
	/* Nothing applied, nothing counted. */
	a = call(st, "POST", TO_ON_DEMAND, NULL, "{\"operation\":\"CANCEL\",\"resource_ids\":[\"gone\"]}");
	expect_status(&a, 200);
	answer_free(&a);
	assert_int_equal(mutations(st, "UpdatePeriodToOnDemand"), 2);
	sim_state_free(st);
}

/* ------------------------------------------------------------------ the clock */

/* A free in-use primary with that policy whose term ends within `days`. */
static int32_t
ending_within(const struct sim_state *st, int policy, int days)
{
	for (size_t i = 0; i < st->resources.n; i++) {
		const struct sim_resource *r = &st->resources.v[i];
		if (r->parent < 0 && r->status == ST_RES_IN_USE && r->charge_mode == ST_CHARGE_PREPAID &&
		    !r->hidden && r->busy_order < 0 && r->expire_policy == policy &&
		    r->expire_time < NOW + days * DAY)
			return (int32_t)i;
	}
	fail_msg("no resource with policy %d ending within %d days", policy, days);
	return -1;
}

static void
reads_at(struct sim_state *st, time_t when)
{
	struct answer a = call_at(st, when, "GET", BALANCES, NULL, NULL);

	expect_status(&a, 200);
	answer_free(&a);
}

static void
ended_terms_take_their_policy(void **state)
{
	struct sim_state *st = world();
	int32_t grace = ending_within(st, ST_EXP_GRACE, 2), renews = ending_within(st, ST_EXP_AUTORENEW, 2);
	int32_t demand = ending_within(st, ST_EXP_TO_ONDEMAND, 2);
	time_t renew_expire = st->resources.v[renews].expire_time;
	int months = st->resources.v[renews].period_type == ST_PERIOD_YEAR ?
	    12 * st->resources.v[renews].period_num : st->resources.v[renews].period_num;
	money_t cash0 = cash(st);
	size_t norders = st->orders.n;
	char body[160];
	struct answer a;

	(void)state;
	reads_at(st, NOW + 2 * DAY);
	assert_int_equal(st->resources.v[grace].status, ST_RES_EXPIRED);
	/* Auto-renewal: the system renewed and paid for it. */
	assert_int_equal(st->resources.v[renews].status, ST_RES_IN_USE);
	assert_true(st->resources.v[renews].expire_time == st_add_months(renew_expire, months));
	assert_int_equal(st->orders.n, norders + 1);
	assert_int_equal(st->orders.v[norders].order_type, ST_OT_RENEW);
	assert_int_equal(st->orders.v[norders].source_type, 8);
	assert_int_equal(st->orders.v[norders].status, ST_ORDER_COMPLETED);
	assert_true(cash(st) == cash0 - st->orders.v[norders].amount_after_discount);
	{
		/* Billed as an automatic renewal (bill type 8). */
		money_t billed = 0;
		for (size_t c = 0; c < st->cycles.n; c++)
			for (size_t i = 0; i < st->cycles.v[c].n; i++)
				if (st->cycles.v[c].v[i].order == (int32_t)norders) {
					assert_int_equal(st->cycles.v[c].v[i].bill_type, 8);
					billed += st->cycles.v[c].v[i].amount;
				}
		assert_true(billed == st->orders.v[norders].amount_after_discount);
	}
	/* To-on-demand: no longer a yearly/monthly resource. */
	snprintf(body, sizeof(body), "{\"resource_ids\":[\"%s\"]}", st->resources.v[demand].id);
	a = call_at(st, NOW + 2 * DAY, "POST", RESOURCES, NULL, body);
	assert_int_equal(get_int(a.json, "total_count"), 0);
	answer_free(&a);
	/* Grace, then retention, then gone. */
	reads_at(st, NOW + 17 * DAY);
	assert_int_equal(st->resources.v[grace].status, ST_RES_FROZEN);
	reads_at(st, NOW + 33 * DAY);
	assert_int_equal(st->resources.v[grace].status, ST_RES_CLOSED);
	for (size_t i = 0; i < st->resources.n; i++)
		if (st->resources.v[i].parent == grace)
			assert_int_equal(st->resources.v[i].status, ST_RES_CLOSED);
	/* The system is not a client: nothing counted. */
	for (size_t i = 0; i < st_nmutations; i++)
		assert_int_equal(st->mutations[i], 0);
	sim_state_free(st);
}

/* A limited auto-renewal runs out; an empty balance sends the resource into grace. */
static void
auto_renewal_counts_down_and_needs_money(void **state)
{
	struct sim_state *st = world();
	int32_t res = ending_within(st, ST_EXP_GRACE, 2);
	char path[128];
	struct answer a;

	(void)state;
	snprintf(path, sizeof(path), AUTORENEW "%s", st->resources.v[res].id);
	a = call(st, "POST", path, NULL, "{\"auto_renew_times\":1}");
	expect_status(&a, 204);
	answer_free(&a);
	reads_at(st, NOW + 2 * DAY);
	assert_int_equal(st->resources.v[res].status, ST_RES_IN_USE);
	assert_int_equal(st->resources.v[res].expire_policy, ST_EXP_GRACE);
	sim_state_free(st);

	st = world();
	res = ending_within(st, ST_EXP_AUTORENEW, 2);
	st_balance(st, ST_ACCT_CASH)->amount = 0;
	st_balance(st, ST_ACCT_CREDIT)->amount = 0;
	reads_at(st, NOW + 2 * DAY);
	assert_int_equal(st->resources.v[res].status, ST_RES_EXPIRED);
	sim_state_free(st);
}

/* ------------------------------------------------------------------ consistency of bills */

/* Sum of `field` over every record of a paginated list (all pages). */
static money_t
sum_pages(struct sim_state *st, const char *method, const char *path, const char *base,
    const char *items, const char *field, bool as_string, long *records)
{
	money_t sum = 0;
	long total = -1;

	*records = 0;
	for (long off = 0; total < 0 || off < total; off += 1000) {
		char q[512], body[512];
		struct answer a;
		const cJSON *arr;
		if (strcmp(method, "GET") == 0) {
			snprintf(q, sizeof(q), "%s&offset=%ld&limit=1000", base, off);
			a = call(st, method, path, q, NULL);
		} else {
			snprintf(body, sizeof(body), "{%s,\"offset\":%ld,\"limit\":1000}", base, off);
			a = call(st, method, path, NULL, body);
		}
		expect_status(&a, 200);
		total = get_int(a.json, "total_count");
		arr = get(a.json, items);
		for (int k = 0; k < cJSON_GetArraySize(arr); k++)
			sum += as_string ? get_money_str(cJSON_GetArrayItem(arr, k), field) :
			    get_money(cJSON_GetArrayItem(arr, k), field);
		*records += cJSON_GetArraySize(arr);
		answer_free(&a);
	}
	return sum;
}

static money_t
monthly_total(struct sim_state *st, const char *cycle)
{
	char q[64];
	struct answer a;
	money_t m;

	snprintf(q, sizeof(q), "bill_cycle=%s&limit=1000", cycle);
	a = call(st, "GET", MONTHLY_SUM, q, NULL);
	expect_status(&a, 200);
	m = get_money(a.json, "consume_amount");
	answer_free(&a);
	return m;
}

static void
check_cycle_adds_up(struct sim_state *st, const char *cycle)
{
	char q[64], body[512];
	long n1, n2, n3, n4, nm;
	money_t monthly = monthly_total(st, cycle);
	money_t sums, fees, details, daily, costs;

	snprintf(q, sizeof(q), "bill_cycle=%s", cycle);
	sums = sum_pages(st, "GET", MONTHLY_SUM, q, "bill_sums", "consume_amount", false, &nm);
	snprintf(q, sizeof(q), "cycle=%s", cycle);
	fees = sum_pages(st, "GET", FEE_RECORDS, q, "fee_records", "amount", false, &n1);
	snprintf(body, sizeof(body), "\"cycle\":\"%s\"", cycle);
	details = sum_pages(st, "POST", RES_RECORDS, body, "monthly_records", "consume_amount", false, &n2);
	snprintf(body, sizeof(body), "\"cycle\":\"%s\",\"statistic_type\":2", cycle);
	daily = sum_pages(st, "POST", RES_RECORDS, body, "monthly_records", "consume_amount", false, &n3);
	snprintf(body, sizeof(body), "\"time_condition\":{\"time_measure_id\":2,\"begin_time\":\"%s\","
	    "\"end_time\":\"%s\"},\"groupby\":[{\"type\":\"dimension\",\"key\":\"RESOURCE_ID\"}],"
	    "\"cost_type\":\"ORIGINAL_COST\",\"amount_type\":\"PAYMENT_AMOUNT\"", cycle, cycle);
	costs = sum_pages(st, "POST", COSTS, body, "cost_data", "amount_by_costs", true, &n4);
	assert_true(sums == monthly);
	assert_true(fees == monthly);
	assert_true(details == monthly);
	assert_true(daily == monthly);
	assert_true(costs == monthly);
	/* Detail rows are many; grouped ones fewer; summaries fewest. */
	assert_true(n1 >= n3 && n3 >= n2 && n2 >= nm && nm > 0);
}

static void
bills_add_up_to_their_summaries(void **state)
{
	struct sim_state *st = world();
	char *body;
	struct answer a;
	money_t before;
	char month[8];

	(void)state;
	check_cycle_adds_up(st, "2025-10");
	check_cycle_adds_up(st, "2025-01");
	/* A payment is billed today, in this month's cycle. */
	time_format_month_cn(NOW, month);
	before = monthly_total(st, month);
	body = pay_body(st->orders.v[pending_order(st, ST_OT_RENEW, 0)].id);
	{
		money_t due = st->orders.v[pending_order(st, ST_OT_RENEW, 0)].amount_after_discount;
		a = call(st, "POST", PAY, NULL, body);
		expect_status(&a, 204);
		answer_free(&a);
		assert_true(monthly_total(st, month) == before + due);
	}
	check_cycle_adds_up(st, month);
	free(body);
	sim_state_free(st);
}

static void
costs_group_and_filter(void **state)
{
	struct sim_state *st = world();
	struct answer a;
	const cJSON *rows;
	money_t total = 0, ecs = 0;

	(void)state;
	a = call(st, "POST", COSTS, NULL, "{\"time_condition\":{\"time_measure_id\":1,\"begin_time\":"
	    "\"2025-10-01\",\"end_time\":\"2025-10-31\"},\"groupby\":[{\"type\":\"dimension\",\"key\":"
	    "\"CLOUD_SERVICE_TYPE\"},{\"type\":\"dimension\",\"key\":\"CHARGING_MODE\"}],"
	    "\"cost_type\":\"ORIGINAL_COST\",\"amount_type\":\"PAYMENT_AMOUNT\",\"limit\":1000}");
	expect_status(&a, 200);
	rows = get(a.json, "cost_data");
	assert_int_equal(get_int(a.json, "total_count"), cJSON_GetArraySize(rows));
	for (int k = 0; k < cJSON_GetArraySize(rows); k++) {
		const cJSON *row = cJSON_GetArrayItem(rows, k), *costs = get(row, "costs");
		money_t s = 0;
		assert_int_equal(cJSON_GetArraySize(get(row, "dimensions")), 2);
		assert_int_equal(cJSON_GetArraySize(costs), 31);
		for (int d = 0; d < 31; d++)
			s += get_money_str(cJSON_GetArrayItem(costs, d), "amount");
		assert_true(s == get_money_str(row, "amount_by_costs"));
		assert_string_equal(get_str(cJSON_GetArrayItem(costs, 0), "time_dimension_value"), "2025-10-01");
		total += s;
		if (strcmp(get_str(cJSON_GetArrayItem(get(row, "dimensions"), 0), "value"),
		    "hws.service.type.ec2") == 0)
			ecs += s;
	}
	assert_true(total == monthly_total(st, "2025-10"));
	answer_free(&a);
	a = call(st, "POST", COSTS, NULL, "{\"time_condition\":{\"time_measure_id\":2,\"begin_time\":"
	    "\"2025-10\",\"end_time\":\"2025-10\"},\"groupby\":[{\"type\":\"dimension\",\"key\":"
	    "\"REGION_CODE\"}],\"filters\":[{\"operator\":0,\"filter_factor\":{\"key\":"
	    "\"CLOUD_SERVICE_TYPE\",\"value\":[\"hws.service.type.ec2\"]}}],\"cost_type\":"
	    "\"AMORTIZED_COST\",\"amount_type\":\"PAYMENT_AMOUNT\",\"limit\":1000}");
	expect_status(&a, 200);
	total = 0;
	rows = get(a.json, "cost_data");
	for (int k = 0; k < cJSON_GetArraySize(rows); k++)
		total += get_money_str(cJSON_GetArrayItem(rows, k), "amount_by_costs");
	assert_true(total == ecs);
	answer_free(&a);
	sim_state_free(st);
}

static void
package_usage_is_consistent(void **state)
{
	struct sim_state *st = world();
	struct answer a;
	const cJSON *pkgs;
	char body[8192], *p = body + sprintf(body, "{\"free_resource_ids\":[");
	int n = 0;

	(void)state;
	a = call(st, "POST", PACKAGES, NULL, "{\"limit\":1000}");
	expect_status(&a, 200);
	pkgs = get(a.json, "free_resource_packages");
	assert_true(cJSON_GetArraySize(pkgs) >= 6);
	for (int k = 0; k < cJSON_GetArraySize(pkgs); k++) {
		const cJSON *items = get(cJSON_GetArrayItem(pkgs, k), "free_resources");
		for (int j = 0; j < cJSON_GetArraySize(items); j++) {
			const cJSON *it = cJSON_GetArrayItem(items, j);
			int32_t ii = st_find_item(st, get_str(it, "free_resource_id"));
			assert_true(ii >= 0);
			assert_true(get_money_str(it, "amount") == st->items.v[ii].remaining);
			p += sprintf(p, "%s\"%s\"", n++ ? "," : "", get_str(it, "free_resource_id"));
		}
	}
	answer_free(&a);
	strcpy(p, "]}");
	a = call(st, "POST", USAGES, NULL, body);
	expect_status(&a, 200);
	assert_int_equal(cJSON_GetArraySize(get(a.json, "free_resources")), n);
	for (int k = 0; k < n; k++) {
		const cJSON *it = cJSON_GetArrayItem(get(a.json, "free_resources"), k);
		int32_t ii = st_find_item(st, get_str(it, "free_resource_id"));
		assert_true(get_money(it, "amount") == st->items.v[ii].remaining);
		assert_true(get_money(it, "original_amount") == st->items.v[ii].original_amount);
	}
	answer_free(&a);
	/* Each record chains: available - used = remaining; a non-resetting item's records sum up. */
	for (size_t i = 0; i < st->items.n; i++) {
		const struct sim_package *pk = &st->packages.v[st->items.v[i].package];
		money_t used = 0;
		for (size_t k = 0; k < st->usage.n; k++) {
			const struct sim_usage_record *u = &st->usage.v[k];
			if (u->item != (int32_t)i)
				continue;
			assert_true(u->available - u->used == u->remaining);
			used += u->used;
		}
		if (pk->reuse_mode == 2)
			assert_true(st->items.v[i].original_amount - used == st->items.v[i].remaining);
	}
	/* The records API: a 90-day window at most, every record inside it. */
	a = call(st, "GET", USAGE_RECORDS, "deduct_time_begin=2025-08-19&deduct_time_end=2025-11-17&limit=1000", NULL);
	expect_status(&a, 200);
	assert_true(get_int(a.json, "total_count") > 0);
	for (int k = 0; k < cJSON_GetArraySize(get(a.json, "free_resource_records")); k++) {
		const cJSON *r = cJSON_GetArrayItem(get(a.json, "free_resource_records"), k);
		assert_true(get_money_str(r, "available_amount") - get_money_str(r, "used_amount") ==
		    get_money_str(r, "remaining_amount"));
	}
	answer_free(&a);
	expect_error(call(st, "GET", USAGE_RECORDS, "deduct_time_begin=2025-08-18&deduct_time_end=2025-11-17", NULL),
	    400, "CBC.0100");
	expect_error(call(st, "GET", USAGE_RECORDS, "deduct_time_begin=2025-11-18&deduct_time_end=2025-11-17", NULL),
	    400, "CBC.0100");
	sim_state_free(st);
}

/* ------------------------------------------------------------------ wire details */

static void
json_types_follow_the_sheet(void **state)
{
	struct sim_state *st = world();
	struct answer a;
	const cJSON *rec;

	(void)state;
	/* Package quotas: strings in 6.24, numbers in 6.25. */
	a = call(st, "POST", PACKAGES, NULL, "{}");
	rec = cJSON_GetArrayItem(get(cJSON_GetArrayItem(get(a.json, "free_resource_packages"), 0),
	    "free_resources"), 0);
	assert_true(cJSON_IsString(get(rec, "amount")));
	assert_true(cJSON_IsString(get(rec, "original_amount")));
	answer_free(&a);
	/* res-fee-records: charge_mode and period_type are strings; res-records: integers. */
	a = call(st, "GET", FEE_RECORDS, "cycle=2025-10&limit=1", NULL);
	rec = cJSON_GetArrayItem(get(a.json, "fee_records"), 0);
	assert_true(cJSON_IsString(get(rec, "charge_mode")));
	assert_true(cJSON_IsString(get(rec, "period_type")));
	assert_true(cJSON_IsNumber(get(rec, "amount")));
	answer_free(&a);
	a = call(st, "POST", RES_RECORDS, NULL, "{\"cycle\":\"2025-10\",\"limit\":1}");
	rec = cJSON_GetArrayItem(get(a.json, "monthly_records"), 0);
	assert_true(cJSON_IsNumber(get(rec, "charge_mode")));
	assert_true(cJSON_IsNumber(get(rec, "period_type")));
	assert_true(cJSON_IsString(get(rec, "resource_Type_code")));
	assert_null(cJSON_GetObjectItemCaseSensitive(rec, "resource_type_code"));
	answer_free(&a);
	/* Coupons: is_frozen as a string, limits spelt use_limiti_info_id. */
	a = call(st, "GET", COUPONS, "limit=100", NULL);
	for (int k = 0; k < cJSON_GetArraySize(get(a.json, "user_coupons")); k++) {
		const cJSON *c = cJSON_GetArrayItem(get(a.json, "user_coupons"), k), *l;
		assert_string_equal(get_str(c, "is_frozen"), "0");
		cJSON_ArrayForEach(l, get(c, "use_limits"))
			assert_true(cJSON_IsString(get(l, "use_limiti_info_id")));
	}
	answer_free(&a);
	/* Amounts are written exactly: no binary-double digits. */
	a = call(st, "GET", BALANCES, NULL, NULL);
	{
		char want[MONEY_BUFSZ + 16];
		snprintf(want, sizeof(want), "\"amount\":%s",
		    money_format_plain(cash(st), want + 16, MONEY_BUFSZ));
		assert_non_null(strstr(a.text, want));
	}
	answer_free(&a);
	sim_state_free(st);
}

static void
catalog_and_ratings(void **state)
{
	struct sim_state *st = world();
	char body[1024];
	struct answer a;
	const cJSON *r;

	(void)state;
	a = call(st, "GET", "/v2/products/service-types", "service_type_name=Cloud", NULL);
	expect_status(&a, 200);
	assert_int_equal(get_int(a.json, "total_count"), 0);    /* names are Chinese by default */
	answer_free(&a);
	a = call(st, "GET", "/v2/products/service-resources", "service_type_code=hws.service.type.vpc", NULL);
	assert_int_equal(get_int(a.json, "total_count"), 2);
	answer_free(&a);
	a = call(st, "GET", "/v2/products/usage-types", "resource_type_code=", NULL);
	assert_int_equal(get_int(a.json, "total_count"), 0);    /* "" is a filter */
	answer_free(&a);
	/* An hour of s6.large.2 in Beijing4 at the catalog price. */
	snprintf(body, sizeof(body), "{\"project_id\":\"%s\",\"product_infos\":[{\"id\":\"1\","
	    "\"cloud_service_type\":\"hws.service.type.ec2\",\"resource_type\":\"hws.resource.type.vm\","
	    "\"resource_spec\":\"s6.large.2.linux\",\"region\":\"cn-north-4\",\"usage_factor\":\"Duration\","
	    "\"usage_value\":10,\"usage_measure_id\":4,\"subscription_num\":2}]}", st->project_ids[0]);
	a = call(st, "POST", "/v2/bills/ratings/on-demand-resources", NULL, body);
	expect_status(&a, 200);
	assert_true(get_money(a.json, "amount") == cat_specs[cat_spec_find("s6.large.2.linux")].hourly * 20);
	r = cJSON_GetArrayItem(get(a.json, "product_rating_results"), 0);
	assert_string_equal(get_str(r, "id"), "1");
	answer_free(&a);
	/* Three years of it: 10 months a year, less the commercial discount option. */
	snprintf(body, sizeof(body), "{\"project_id\":\"%s\",\"product_infos\":[{\"id\":\"a\","
	    "\"cloud_service_type\":\"hws.service.type.ec2\",\"resource_type\":\"hws.resource.type.vm\","
	    "\"resource_spec\":\"s6.large.2.linux\",\"region\":\"cn-north-4\",\"period_type\":3,"
	    "\"period_num\":3,\"subscription_num\":1}]}", st->project_ids[0]);
	a = call(st, "POST", "/v2/bills/ratings/period-resources/subscribe-rate", NULL, body);
	expect_status(&a, 200);
	assert_true(get_money(get(a.json, "official_website_rating_result"), "official_website_amount") ==
	    cat_specs[cat_spec_find("s6.large.2.linux")].monthly * 30);
	assert_string_equal(get_str(a.json, "currency"), "CNY");
	answer_free(&a);
	/* CloudPond installments exist on the Chinese-mainland site only (bss-api.md 7). */
	snprintf(body, sizeof(body), "{\"project_id\":\"%s\",\"product_infos\":[{\"id\":\"a\","
	    "\"cloud_service_type\":\"hws.service.type.ec2\",\"resource_type\":\"hws.resource.type.vm\","
	    "\"resource_spec\":\"s6.large.2.linux\",\"region\":\"cn-north-4\",\"period_type\":3,"
	    "\"period_num\":3,\"subscription_num\":1,\"fee_installment_mode\":\"MONTHLY\"}]}",
	    st->project_ids[0]);
	expect_error(call(st, "POST", "/v2/bills/ratings/period-resources/subscribe-rate", NULL, body),
	    400, "CBC.0100");
	sim_state_set_site(st, SIM_SITE_INTL);
	a = call(st, "POST", "/v2/bills/ratings/period-resources/subscribe-rate", NULL, body);
	expect_status(&a, 200);
	assert_string_equal(get_str(a.json, "currency"), "USD");
	answer_free(&a);
	sim_state_set_site(st, SIM_SITE_CN);
	/* Unknown product, project; linear product without a size; wrong usage unit. */
	snprintf(body, sizeof(body), "{\"project_id\":\"%s\",\"product_infos\":[{\"id\":\"1\","
	    "\"cloud_service_type\":\"hws.service.type.ec2\",\"resource_type\":\"hws.resource.type.vm\","
	    "\"resource_spec\":\"x9.huge\",\"region\":\"cn-north-4\",\"usage_factor\":\"Duration\","
	    "\"usage_value\":1,\"usage_measure_id\":4,\"subscription_num\":1}]}", st->project_ids[0]);
	expect_error(call(st, "POST", "/v2/bills/ratings/on-demand-resources", NULL, body), 400, "CBC.99006006");
	expect_error(call(st, "POST", "/v2/bills/ratings/on-demand-resources", NULL,
	    "{\"project_id\":\"nope\",\"product_infos\":[{\"id\":\"1\"}]}"), 400, "CBC.99006073");
	snprintf(body, sizeof(body), "{\"project_id\":\"%s\",\"product_infos\":[{\"id\":\"1\","
	    "\"cloud_service_type\":\"hws.service.type.ebs\",\"resource_type\":\"hws.resource.type.volume\","
	    "\"resource_spec\":\"SAS\",\"region\":\"cn-north-4\",\"usage_factor\":\"Duration\","
	    "\"usage_value\":1,\"usage_measure_id\":4,\"subscription_num\":1}]}", st->project_ids[0]);
	expect_error(call(st, "POST", "/v2/bills/ratings/on-demand-resources", NULL, body), 400, "CBC.0100");
	snprintf(body, sizeof(body), "{\"project_id\":\"%s\",\"product_infos\":[{\"id\":\"1\","
	    "\"cloud_service_type\":\"hws.service.type.ec2\",\"resource_type\":\"hws.resource.type.vm\","
	    "\"resource_spec\":\"s6.large.2.linux\",\"region\":\"cn-north-4\",\"usage_factor\":\"Duration\","
	    "\"usage_value\":1,\"usage_measure_id\":10,\"subscription_num\":1}]}", st->project_ids[0]);
	expect_error(call(st, "POST", "/v2/bills/ratings/on-demand-resources", NULL, body), 400, "CBC.99006050");
	sim_state_free(st);
}

/* ------------------------------------------------------------------ snapshots and scale */

static void
snapshot_round_trip(void **state)
{
	struct sim_state *st = world(), *back;
	char path[] = "/tmp/bsssim-state-test-XXXXXX", err[256];
	int fd = mkstemp(path);
	char *a, *b, *body;
	struct answer x;

	(void)state;
	assert_true(fd >= 0);
	close(fd);
	/* Change the world first, so the snapshot holds more than the seed. */
	body = pay_body(st->orders.v[pending_order(st, 0, 0)].id);
	x = call(st, "POST", PAY, NULL, body);
	expect_status(&x, 204);
	answer_free(&x);
	x = renew(st, free_primary(st, 0, true), 2, 1, 1);
	expect_status(&x, 200);
	answer_free(&x);
	assert_int_equal(sim_state_save(st, path, err, sizeof(err)), 0);
	back = sim_state_load(path, err, sizeof(err));
	assert_non_null(back);
	a = sim_state_dump(st);
	b = sim_state_dump(back);
	assert_string_equal(a, b);
	free(a);
	free(b);
	/* The loaded world keeps working and agrees with the original. */
	{
		struct answer p = call(st, "GET", FEE_RECORDS, "cycle=2025-11&limit=1000", NULL);
		struct answer q = call(back, "GET", FEE_RECORDS, "cycle=2025-11&limit=1000", NULL);
		assert_string_equal(p.text, q.text);
		answer_free(&p);
		answer_free(&q);
	}
	free(body);
	body = pay_body(back->orders.v[pending_order(back, 0, 0)].id);
	x = call(back, "POST", PAY, NULL, body);
	expect_status(&x, 204);
	answer_free(&x);
	/* Damaged files are refused with a reason, never trusted. */
	{
		FILE *f = fopen(path, "r+b");
		assert_non_null(f);
		assert_int_equal(ftruncate(fileno(f), 1000), 0);
		fclose(f);
		assert_null(sim_state_load(path, err, sizeof(err)));
		assert_non_null(strstr(err, "truncated"));
		f = fopen(path, "wb");
		fputs("not a state file at all, just text", f);
		fclose(f);
		assert_null(sim_state_load(path, err, sizeof(err)));
		assert_non_null(strstr(err, "not a bsssim state file"));
	}
	assert_null(sim_state_load("/nonexistent/dir/state", err, sizeof(err)));
	assert_int_equal(sim_state_save(st, "/nonexistent/dir/state", err, sizeof(err)), -1);
	unlink(path);
	free(body);
	sim_state_free(st);
	sim_state_free(back);
}

static void
large_scale_builds_fast(void **state)
{
	uint64_t t0 = time_mono_ms(), took;
	struct sim_state *st = sim_state_new(SEED, SIM_SCALE_LARGE, NOW);
	size_t bills = 0, prepaid = 0;
	struct answer a;

	(void)state;
	took = time_mono_ms() - t0;
	for (size_t c = 0; c < st->cycles.n; c++)
		bills += st->cycles.v[c].n;
	for (size_t i = 0; i < st->resources.n; i++)
		prepaid += st->resources.v[i].charge_mode == ST_CHARGE_PREPAID && !st->resources.v[i].hidden;
	assert_true(prepaid >= 100000 && prepaid < 100100);
	assert_int_equal(bills, 1000000);
	a = call(st, "POST", RESOURCES, NULL, "{\"offset\":99000,\"limit\":500}");
	expect_status(&a, 200);
	assert_true(get_int(a.json, "total_count") >= 100000);
	assert_int_equal(cJSON_GetArraySize(get(a.json, "data")), 500);
	answer_free(&a);
	a = call(st, "GET", MONTHLY_SUM, "bill_cycle=2025-10", NULL);
	expect_status(&a, 200);
	answer_free(&a);
	sim_state_free(st);
	/* Seconds, not minutes (generous: sanitizer builds run several times slower).
	 * Checked last, so that a slow run (valgrind) frees the world first. */
	if (took > 20000)
		fail_msg("the large world took %llu ms to build", (unsigned long long)took);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(seed_has_what_the_account_needs),
		cmocka_unit_test(seed_is_deterministic),
		cmocka_unit_test(seed_follows_the_clock),
		cmocka_unit_test(orders_page_by_record_offset),
		cmocka_unit_test(order_windows_span_a_year_at_most),
		cmocka_unit_test(resources_query_limits),
		cmocka_unit_test(resources_filters),
		cmocka_unit_test(missing_and_malformed_parameters),
		cmocka_unit_test(id_count_limits),
		cmocka_unit_test(pay_moves_money_and_completes_the_order),
		cmocka_unit_test(paying_a_purchase_provisions_it),
		cmocka_unit_test(pay_without_the_money_changes_nothing),
		cmocka_unit_test(pay_takes_cash_then_credit),
		cmocka_unit_test(coupons_are_consumed),
		cmocka_unit_test(coupon_rules),
		cmocka_unit_test(discounts_apply_once),
		cmocka_unit_test(combined_orders_move_as_a_whole),
		cmocka_unit_test(cancel_ends_a_pending_order),
		cmocka_unit_test(late_payment_is_refused),
		cmocka_unit_test(renew_without_pay_leaves_a_pending_order),
		cmocka_unit_test(renew_with_auto_pay_moves_expiry),
		cmocka_unit_test(renew_reports_per_resource_failures),
		cmocka_unit_test(renew_auto_pay_without_money_changes_nothing),
		cmocka_unit_test(unsubscribe_refunds_what_the_refund_says),
		cmocka_unit_test(unsubscribe_renewed_periods_only),
		cmocka_unit_test(unsubscribe_refund_is_pro_rata),
		cmocka_unit_test(auto_renew_on_and_off),
		cmocka_unit_test(to_on_demand_set_up_and_cancel),
		cmocka_unit_test(ended_terms_take_their_policy),
		cmocka_unit_test(auto_renewal_counts_down_and_needs_money),
		cmocka_unit_test(bills_add_up_to_their_summaries),
		cmocka_unit_test(costs_group_and_filter),
		cmocka_unit_test(package_usage_is_consistent),
		cmocka_unit_test(json_types_follow_the_sheet),
		cmocka_unit_test(catalog_and_ratings),
		cmocka_unit_test(snapshot_round_trip),
		cmocka_unit_test(large_scale_builds_fast),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
