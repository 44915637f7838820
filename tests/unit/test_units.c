/* app/units: readable quantities from ListMeasureUnits + ListConversions. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "app/units.h"

/* Units and conversions as the simulator's catalogue has them (English names). */
static const char measures_json[] = "{\"measure_units\":["
    "{\"measure_id\":1,\"measure_name\":\"Yuan\",\"abbreviation\":\"CNY\",\"measure_type\":1},"
    "{\"measure_id\":2,\"measure_name\":\"Jiao\",\"abbreviation\":\"Jiao\",\"measure_type\":1},"
    "{\"measure_id\":4,\"measure_name\":\"h\",\"abbreviation\":\"h\",\"measure_type\":2},"
    "{\"measure_id\":5,\"measure_name\":\"d\",\"abbreviation\":\"d\",\"measure_type\":2},"
    "{\"measure_id\":21,\"measure_name\":\"min\",\"abbreviation\":\"min\",\"measure_type\":2},"
    "{\"measure_id\":22,\"measure_name\":\"s\",\"abbreviation\":\"s\",\"measure_type\":2},"
    "{\"measure_id\":10,\"measure_name\":\"GB\",\"abbreviation\":\"G\",\"measure_type\":3},"
    "{\"measure_id\":11,\"measure_name\":\"MB\",\"abbreviation\":\"M\",\"measure_type\":3},"
    "{\"measure_id\":12,\"measure_name\":\"TB\",\"abbreviation\":\"T\",\"measure_type\":3},"
    "{\"measure_id\":30,\"measure_name\":\"\",\"abbreviation\":\"times\",\"measure_type\":12},"
    "{\"measure_id\":31,\"measure_name\":\"10k times\",\"abbreviation\":\"\",\"measure_type\":12},"
    "{\"measure_id\":15,\"measure_name\":\"Mbps\",\"abbreviation\":\"Mbps\",\"measure_type\":16}"
    "]}";
static const char conversions_json[] = "{\"conversions\":["
    "{\"measure_id\":1,\"ref_measure_id\":2,\"conversion_ratio\":10,\"measure_type\":1},"
    "{\"measure_id\":5,\"ref_measure_id\":4,\"conversion_ratio\":24,\"measure_type\":2},"
    "{\"measure_id\":4,\"ref_measure_id\":21,\"conversion_ratio\":60,\"measure_type\":2},"
    "{\"measure_id\":21,\"ref_measure_id\":22,\"conversion_ratio\":60,\"measure_type\":2},"
    "{\"measure_id\":12,\"ref_measure_id\":10,\"conversion_ratio\":1024,\"measure_type\":3},"
    "{\"measure_id\":10,\"ref_measure_id\":11,\"conversion_ratio\":1024,\"measure_type\":3},"
    "{\"measure_id\":31,\"ref_measure_id\":30,\"conversion_ratio\":10000,\"measure_type\":12},"
    "{\"measure_id\":15,\"ref_measure_id\":15,\"conversion_ratio\":1,\"measure_type\":16},"
    "{\"measure_id\":11,\"ref_measure_id\":99,\"conversion_ratio\":0,\"measure_type\":3}"
    "]}";

struct fixture {
	struct model *mu, *cv;
	struct units *u;
};

static int
setup(void **state)
{
	struct fixture *f = calloc(1, sizeof *f);
	struct bss_error *err = NULL;

	assert_int_equal(model_parse(MODEL_OP_LIST_MEASURE_UNITS, measures_json,
	    strlen(measures_json), &f->mu, &err), 0);
	assert_int_equal(model_parse(MODEL_OP_LIST_CONVERSIONS, conversions_json,
	    strlen(conversions_json), &f->cv, &err), 0);
	f->u = units_new(model_measure_units(f->mu), model_conversions(f->cv));
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture *f = *state;

	units_free(f->u);
	model_free(f->mu);
	model_free(f->cv);
	free(f);
	return 0;
}

static const char *
fmt(const struct units *u, money_t q, int32_t id)
{
	static char buf[UNITS_BUFSZ];

	return units_format(u, q, id, buf, sizeof buf);
}

#define Q(units, hundredths) ((money_t)(units) * MONEY_SCALE + (money_t)(hundredths) * 1000000)

static void
names_and_types(void **state)
{
	struct fixture *f = *state;

	assert_string_equal(units_name(f->u, 10), "GB");
	/* An empty name falls back to the abbreviation. */
	assert_string_equal(units_name(f->u, 30), "times");
	assert_string_equal(units_name(f->u, 777), "");
	assert_int_equal(units_type(f->u, 4), 2);
	assert_int_equal(units_type(f->u, 777), 0);
	assert_string_equal(units_name(NULL, 10), "");
}

static void
factors_follow_chains_both_ways(void **state)
{
	struct fixture *f = *state;
	int64_t num, den;

	assert_int_equal(units_factor(f->u, 12, 11, &num, &den), 0);
	assert_true(num == 1048576 && den == 1);
	assert_int_equal(units_factor(f->u, 11, 12, &num, &den), 0);
	assert_true(num == 1 && den == 1048576);
	assert_int_equal(units_factor(f->u, 22, 5, &num, &den), 0);
	assert_true(num == 1 && den == 86400);
	/* Different families are not linked. */
	assert_int_equal(units_factor(f->u, 10, 4, &num, &den), -1);
	assert_int_equal(units_factor(NULL, 10, 11, &num, &den), -1);
}

static void
readable_quantities(void **state)
{
	struct fixture *f = *state;

	/* From 1,000 up, to the largest unit that keeps the number exact. */
	assert_string_equal(fmt(f->u, Q(1024, 0), 10), "1 TB");
	assert_string_equal(fmt(f->u, Q(2048, 0), 11), "2 GB");
	assert_string_equal(fmt(f->u, Q(5400, 0), 22), "1.5 h");
	assert_string_equal(fmt(f->u, Q(1440, 0), 21), "1 d");
	assert_string_equal(fmt(f->u, Q(20000000, 0), 30), "2,000 10k times");
	/* Below 1,000 a number stays: 90 min, 48 h, 730 h, and 960 h beside 961 h. */
	assert_string_equal(fmt(f->u, Q(90, 0), 21), "90 min");
	assert_string_equal(fmt(f->u, Q(48, 0), 4), "48 h");
	assert_string_equal(fmt(f->u, Q(730, 0), 4), "730 h");
	assert_string_equal(fmt(f->u, Q(960, 0), 4), "960 h");
	/* 1500 GB is 1.46484375 TB: it stays in GB. */
	assert_string_equal(fmt(f->u, Q(1500, 0), 10), "1,500 GB");
	/* Too many digits for an exact reading: the largest unit, rounded. */
	assert_string_equal(fmt(f->u, Q(1500000, 0), 11), "1.43 TB");
	/* Below one: down to a smaller unit. */
	assert_string_equal(fmt(f->u, Q(0, 50), 10), "512 MB");
	assert_string_equal(fmt(f->u, Q(0, 25), 4), "15 min");
	/* Negative quantities convert too. */
	assert_string_equal(fmt(f->u, -Q(2048, 0), 10), "-2 TB");
	/* Zero and money stay in their own unit. */
	assert_string_equal(fmt(f->u, 0, 10), "0 GB");
	assert_string_equal(fmt(f->u, Q(10, 0), 1), "10 Yuan");
	assert_string_equal(fmt(f->u, Q(12, 30), 15), "12.3 Mbps");
	/* Unknown units and no table at all still show the number. */
	assert_string_equal(fmt(f->u, Q(3, 0), 777), "3 (unit 777)");
	assert_string_equal(fmt(NULL, Q(1234, 0), 10), "1,234 (unit 10)");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(names_and_types, setup, teardown),
		cmocka_unit_test_setup_teardown(factors_follow_chains_both_ways, setup, teardown),
		cmocka_unit_test_setup_teardown(readable_quantities, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
