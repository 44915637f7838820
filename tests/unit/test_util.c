/* util/: money, buf, time formats. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "util/buf.h"
#include "util/money.h"
#include "util/timeutil.h"

static void
money_parse_exact(void **state)
{
	money_t m;

	(void)state;
	assert_int_equal(money_parse("12.5", &m), 0);
	assert_true(m == 1250000000LL);
	assert_int_equal(money_parse("-0.00000001", &m), 0);
	assert_true(m == -1);
	assert_int_equal(money_parse(" 7. ", &m), 0);
	assert_true(m == MONEY_UNITS(7));
	assert_int_equal(money_parse(".5", &m), 0);
	assert_true(m == 50000000LL);
	/* A ninth decimal rounds half away from zero. */
	assert_int_equal(money_parse("0.000000015", &m), 0);
	assert_true(m == 2);
	assert_int_equal(money_parse("-0.000000015", &m), 0);
	assert_true(m == -2);
	assert_int_equal(money_parse("92233720368.54775807", &m), 0);
	assert_true(m == INT64_MAX);
}

static void
money_parse_rejects(void **state)
{
	money_t m = 42;

	(void)state;
	assert_int_equal(money_parse("", &m), -1);
	assert_int_equal(money_parse("-", &m), -1);
	assert_int_equal(money_parse(".", &m), -1);
	assert_int_equal(money_parse("1e3", &m), -1);
	assert_int_equal(money_parse("12,5", &m), -1);
	assert_int_equal(money_parse("92233720368.54775808", &m), -1);
	assert_int_equal(money_parse("99999999999999999999999", &m), -1);
	assert_true(m == 42);
}

static void
money_from_double_recovers_decimals(void **state)
{
	money_t m;

	(void)state;
	/* 0.1 + 0.2 style values: the double is not exact, the money is. */
	assert_int_equal(money_from_double(0.30000000000000004, &m), 0);
	assert_true(m == 30000000LL);
	assert_int_equal(money_from_double(33554431.99999999, &m), 0);
	assert_true(m == 3355443199999999LL);
	assert_int_equal(money_from_double(-1234.56, &m), 0);
	assert_true(m == -123456000000LL);
	assert_int_equal(money_from_double(1.0 / 0.0, &m), -1);
	assert_int_equal(money_from_double(1e300, &m), -1);
}

static void
money_formats(void **state)
{
	char b[MONEY_BUFSZ];

	(void)state;
	assert_string_equal(money_format(1250000000LL, 2, b, sizeof(b)), "12.50");
	assert_string_equal(money_format(-1250000000LL, 0, b, sizeof(b)), "-13");
	assert_string_equal(money_format(499999LL, 2, b, sizeof(b)), "0.00");
	assert_string_equal(money_format(-499999LL, 2, b, sizeof(b)), "0.00");
	assert_string_equal(money_format(500000LL, 2, b, sizeof(b)), "0.01");
	assert_string_equal(money_format_grouped(MONEY_UNITS(1234567), 2, b, sizeof(b)),
	    "1,234,567.00");
	assert_string_equal(money_format_grouped(-MONEY_UNITS(123), 2, b, sizeof(b)), "-123.00");
	assert_string_equal(money_format_plain(1250000000LL, b, sizeof(b)), "12.5");
	assert_string_equal(money_format_plain(MONEY_UNITS(3), b, sizeof(b)), "3");
	assert_string_equal(money_format_plain(1, b, sizeof(b)), "0.00000001");
	assert_string_equal(money_format_plain(0, b, sizeof(b)), "0");
	assert_string_equal(money_format(INT64_MAX, 2, b, sizeof(b)), "92233720368.54");
}

static void
money_overflow(void **state)
{
	money_t m = 0;

	(void)state;
	assert_int_equal(money_add(INT64_MAX, 1, &m), -1);
	assert_int_equal(money_sub(INT64_MIN, 1, &m), -1);
	assert_int_equal(money_add(MONEY_UNITS(2), MONEY_UNITS(3), &m), 0);
	assert_true(m == MONEY_UNITS(5));
}

static void
buf_caps(void **state)
{
	struct buf b = BUF_INIT(8);

	(void)state;
	assert_string_equal(buf_cstr(&b), "");
	assert_int_equal(buf_puts(&b, "12345678"), 0);
	assert_int_equal(buf_putc(&b, '9'), -1);
	assert_int_equal((int)b.len, 8);
	assert_string_equal(buf_cstr(&b), "12345678");
	buf_reset(&b);
	assert_int_equal(buf_printf(&b, "%d-%s", 42, "x"), 0);
	assert_string_equal(buf_cstr(&b), "42-x");
	assert_int_equal(buf_printf(&b, "%s", "too long"), -1);
	buf_free(&b);
}

static void
time_formats(void **state)
{
	char iso[TIME_ISO_BUFSZ], sdk[TIME_SDK_BUFSZ], d[11], mo[8];
	time_t t;

	(void)state;
	assert_int_equal(time_parse_iso("2024-03-15T08:15:30Z", &t), 0);
	assert_int_equal((long long)t, 1710490530LL);
	assert_string_equal(time_format_sdk(t, sdk), "20240315T081530Z");
	assert_string_equal(time_format_iso(t, iso), "2024-03-15T08:15:30Z");
	assert_int_equal(time_parse_sdk("20240315T081530Z", &t), 0);
	assert_int_equal((long long)t, 1710490530LL);
	assert_int_equal(time_parse_iso("2024-3-15T08:15:30Z", &t), -1);
	assert_int_equal(time_parse_iso("2023-02-29T00:00:00Z", &t), -1);
	assert_int_equal(time_parse_iso("2024-02-29T24:00:00Z", &t), -1);
	assert_int_equal(time_parse_sdk("20240315T081530", &t), -1);
	/* Billing dates are UTC+8: 2024-03-15 starts at 2024-03-14T16:00Z. */
	assert_int_equal(time_parse_date("2024-03-15", &t), 0);
	assert_string_equal(time_format_iso(t, iso), "2024-03-14T16:00:00Z");
	assert_string_equal(time_format_date_cn(t, d), "2024-03-15");
	assert_int_equal(time_parse_month("2024-03", &t), 0);
	assert_string_equal(time_format_month_cn(t, mo), "2024-03");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(money_parse_exact),
		cmocka_unit_test(money_parse_rejects),
		cmocka_unit_test(money_from_double_recovers_decimals),
		cmocka_unit_test(money_formats),
		cmocka_unit_test(money_overflow),
		cmocka_unit_test(buf_caps),
		cmocka_unit_test(time_formats),
	};
	return cmocka_run_group_tests_name("util", tests, NULL, NULL);
}
