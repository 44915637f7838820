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

		if (must && (v == NULL || cJSON_IsNull(v)) && !(top && cJSON_GetObjectItemCaseSensitive(obj, "error_code")))
			fail_msg("%s: %s%s%s is required or expected", file, path, *path ? "." : "",
			    f->string);
	}
}

static void
check_value(const char *file, const char *path, const cJSON *def, const cJSON *v)
{
	const char *type = cJSON_GetObjectItemCaseSensitive(def, "type")->valuestring;
	const cJSON *format = cJSON_GetObjectItemCaseSensitive(def, "format"), *items = cJSON_GetObjectItemCaseSensitive(def, "items");
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
		cmocka_unit_test(wrong_type_names_the_field),
		cmocka_unit_test(tables_match_the_sheet),
		cmocka_unit_test(every_fixture_is_per_the_sheet),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
