/* app/spend: a month grouped by service and billing mode, cost series, jumps. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "app/spend.h"

#define U(x) MONEY_UNITS(x)
#define C(units, cents) (MONEY_UNITS(units) + (money_t)(cents) * 1000000)

static struct model *
parse(enum model_op op, const char *json)
{
	struct model *m = NULL;
	struct bss_error *err = NULL;

	if (model_parse(op, json, strlen(json), &m, &err) != 0)
		fail_msg("parse: %s", err->message);
	return m;
}

static const char month_json[] = "{\"total_count\":4,\"consume_amount\":120.50,\"currency\":\"CNY\","
    "\"bill_sums\":["
    "{\"service_type_code\":\"hws.service.type.ec2\",\"service_type_name\":\"ECS\","
    "\"charging_mode\":1,\"consume_amount\":100,\"official_amount\":120,"
    "\"official_discount_amount\":20,\"coupon_amount\":10,\"cash_amount\":90,\"credit_amount\":0},"
    "{\"service_type_code\":\"hws.service.type.ec2\",\"service_type_name\":\"ECS\","
    "\"charging_mode\":3,\"consume_amount\":12.25,\"official_amount\":12.25,\"cash_amount\":12.25},"
    "{\"service_type_code\":\"hws.service.type.obs\",\"service_type_name\":\"\","
    "\"charging_mode\":3,\"consume_amount\":13.25,\"official_amount\":13.25,\"cash_amount\":13.25},"
    "{\"service_type_code\":\"hws.service.type.ec2\",\"service_type_name\":\"ECS\","
    "\"charging_mode\":1,\"bill_type\":2,\"consume_amount\":-5,\"official_amount\":-5,"
    "\"cash_amount\":-5}"
    "]}";

static void
month_by_service_and_mode(void **state)
{
	struct model *m = parse(MODEL_OP_SHOW_CUSTOMER_MONTHLY_SUM, month_json);
	const struct model_monthly_sum *ms = model_monthly_sum(m);
	struct spend_group *g;
	size_t n;

	(void)state;
	n = spend_group_month(ms, SPEND_BY_SERVICE, &g);
	assert_int_equal(n, 2);
	assert_string_equal(g[0].key, "hws.service.type.ec2");
	assert_string_equal(g[0].name, "ECS");
	/* The refund row is folded in: 100 + 12.25 - 5. */
	assert_true(g[0].amount == C(107, 25));
	assert_true(g[0].official == C(127, 25));
	assert_true(g[0].discount == U(20));
	assert_true(g[0].coupon == U(10));
	assert_int_equal(g[0].records, 3);
	/* No name: the code stands in. */
	assert_string_equal(g[1].name, "hws.service.type.obs");
	assert_true(spend_groups_total(g, n) == ms->consume_amount);
	free(g);

	n = spend_group_month(ms, SPEND_BY_MODE, &g);
	assert_int_equal(n, 2);
	assert_string_equal(g[0].key, "1");
	assert_string_equal(g[0].name, "yearly/monthly");
	assert_true(g[0].amount == U(95));
	assert_string_equal(g[1].key, "3");
	assert_int_equal(g[1].charging_mode, 3);
	assert_true(g[1].amount == C(25, 50));
	assert_true(spend_groups_total(g, n) == ms->consume_amount);
	free(g);

	assert_int_equal(spend_group_month(NULL, SPEND_BY_MODE, &g), 0);
	assert_null(g);
	model_free(m);
}

static void
record_totals(void **state)
{
	struct model *f = parse(MODEL_OP_LIST_CUSTOMERSELF_RESOURCE_RECORDS,
	    "{\"total_count\":3,\"fee_records\":[{\"amount\":1.5},{\"amount\":2.25},{\"amount\":-0.75}]}");
	struct model *r = parse(MODEL_OP_LIST_CUSTOMERSELF_RESOURCE_RECORD_DETAILS,
	    "{\"total_count\":2,\"monthly_records\":[{\"consume_amount\":0.12345678},"
	    "{\"consume_amount\":0.00000002}]}");

	(void)state;
	assert_true(spend_fee_total(model_fee_records(f)) == U(3));
	assert_true(spend_record_total(model_res_records(r)) == 12345680);
	assert_true(spend_fee_total(NULL) == 0);
	model_free(f);
	model_free(r);
}

static void
jump_rule(void **state)
{
	money_t v[] = { U(10), U(10), U(16), U(10), U(10), C(10, 50), U(100), U(0) };
	bool jump[8], has[8];
	money_t avg[8];
	size_t n;

	(void)state;
	n = spend_jumps(v, 8, 3, jump, avg, has);
	/* Two buckets of history needed: bucket 1 has one. */
	assert_false(has[1]);
	assert_true(has[2]);
	/* 16 > 1.5 x 10 and 6 above: a jump. */
	assert_true(jump[2]);
	assert_true(avg[2] == U(10));
	/* 10.50 is not 1.5 x the average of 16, 10, 10 (12). */
	assert_false(jump[5]);
	assert_true(avg[5] == U(12));
	/* 100 against (10 + 10 + 10.50) / 3 = 10.1666...: a jump; the average shows rounded. */
	assert_true(jump[6]);
	assert_true(avg[6] == C(10, 17));
	assert_false(jump[7]);
	assert_int_equal(n, 2);

	/* Small amounts: 0.20 after 0.10s is double, but less than one unit more. */
	{
		money_t w[] = { C(0, 10), C(0, 10), C(0, 10), C(0, 20) };
		bool j[4];

		assert_int_equal(spend_jumps(w, 4, 7, j, NULL, NULL), 0);
	}
}

/* Three days, grouped by service; one row has a day outside the window. */
static const char costs_json[] = "{\"currency\":\"CNY\",\"total_count\":2,\"cost_data\":["
    "{\"dimensions\":[{\"key\":\"CLOUD_SERVICE_TYPE\",\"value\":\"hws.service.type.obs\"}],"
    "\"amount_by_costs\":\"2.2\",\"costs\":["
    "{\"time_dimension_value\":\"2024-03-01\",\"time_measure_id\":1,\"amount\":\"1\","
    "\"official_amount\":\"1\"},"
    "{\"time_dimension_value\":\"2024-03-03\",\"time_measure_id\":1,\"amount\":\"1.2\","
    "\"official_amount\":\"1.5\"}]},"
    "{\"dimensions\":[{\"key\":\"CLOUD_SERVICE_TYPE\",\"value\":\"hws.service.type.ec2\"}],"
    "\"amount_by_costs\":\"40\",\"costs\":["
    "{\"time_dimension_value\":\"2024-03-01\",\"amount\":\"10\",\"official_amount\":\"11\"},"
    "{\"time_dimension_value\":\"2024-03-02\",\"amount\":\"10\",\"official_amount\":\"11\"},"
    "{\"time_dimension_value\":\"2024-03-03\",\"amount\":\"20\",\"official_amount\":\"22\"},"
    "{\"time_dimension_value\":\"2024-04-01\",\"amount\":\"99\",\"official_amount\":\"99\"}]}"
    "]}";

static void
cost_series(void **state)
{
	struct model *m = parse(MODEL_OP_LIST_COSTS, costs_json);
	struct period p;
	struct spend_series *s;
	char err[128];

	(void)state;
	assert_int_equal(period_parse("2024-03-01..2024-03-03", PERIOD_DAY, &p, err, sizeof err), 0);
	s = spend_costs(model_costs(m), &p);
	assert_int_equal(s->nbuckets, 3);
	assert_string_equal(s->buckets[1].label, "2024-03-02");
	assert_true(s->buckets[0].amount == U(11));
	assert_true(s->buckets[1].amount == U(10));
	assert_true(s->buckets[2].amount == C(21, 20));
	assert_true(s->buckets[2].official == C(23, 50));
	/* The April entry is outside the window. */
	assert_true(s->total == C(42, 20));
	assert_int_equal(s->nlines, 2);
	assert_string_equal(s->lines[0].key, "hws.service.type.ec2");
	assert_true(s->lines[0].total == U(40));
	assert_true(s->lines[1].amounts[1] == 0);
	/*
	 * 21.20 after 11 and 10: a jump of the total and of the ECS line; OBS's 1.20 after
	 * 1 and 0 is more than 1.5 times the average but not a whole unit above it.
	 */
	assert_true(s->buckets[2].jump);
	assert_true(s->buckets[2].has_avg);
	assert_true(s->buckets[2].recent_avg == C(10, 50));
	assert_int_equal(s->jumps, 1);
	assert_int_equal(s->lines[0].jumps, 1);
	assert_int_equal(s->lines[1].jumps, 0);
	spend_series_free(s);

	s = spend_costs(NULL, &p);
	assert_int_equal(s->nlines, 0);
	assert_true(s->total == 0);
	spend_series_free(s);
	model_free(m);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(month_by_service_and_mode),
		cmocka_unit_test(record_totals),
		cmocka_unit_test(jump_rule),
		cmocka_unit_test(cost_series),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
