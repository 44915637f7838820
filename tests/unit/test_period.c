/* app/period: billing days and months (UTC+8), windows typed by people, 90-day pieces. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "app/period.h"

/* 2024-03-15T20:00:00Z: already 2024-03-16 in UTC+8. */
#define NOW "1710532800"

static int
pin_clock(void **state)
{
	(void)state;
	setenv("BSSDASH_TEST_NOW", NOW, 1);
	return 0;
}

static const char *
text(const struct period *p)
{
	static char buf[PERIOD_TEXT_BUFSZ];

	return period_text(p, buf, sizeof buf);
}

static void
days_and_months(void **state)
{
	char b[11];
	int today = period_today();

	(void)state;
	assert_string_equal(period_label(PERIOD_DAY, today, b), "2024-03-16");
	assert_string_equal(period_label(PERIOD_MONTH, period_this_month(), b), "2024-03");
	assert_string_equal(period_label(PERIOD_DAY, period_first_day(2024 * 12 + 1), b),
	    "2024-02-01");
	/* 2024 is a leap year. */
	assert_string_equal(period_label(PERIOD_DAY, period_last_day(2024 * 12 + 1), b),
	    "2024-02-29");
	assert_string_equal(period_label(PERIOD_DAY, period_last_day(2023 * 12 + 11), b),
	    "2023-12-31");
	assert_int_equal(period_month_of_day(period_first_day(2023 * 12)), 2023 * 12);
	/* 16:00Z is midnight in UTC+8. */
	assert_int_equal(period_day_of(1710518400 - 1), today - 1);
	assert_int_equal(period_day_of(1710518400), today);
}

static void
last_shift_convert(void **state)
{
	struct period p = period_last(PERIOD_DAY, 30), q;

	(void)state;
	assert_string_equal(text(&p), "2024-02-16..2024-03-16");
	assert_int_equal(period_length(&p), 30);
	q = period_shift(&p, -1);
	assert_string_equal(text(&q), "2024-01-17..2024-02-15");
	q = period_shift(&q, 1);
	assert_true(q.from == p.from && q.to == p.to);
	q = period_convert(&p, PERIOD_MONTH);
	assert_string_equal(text(&q), "2024-02..2024-03");
	p = period_last(PERIOD_MONTH, 13);
	assert_string_equal(text(&p), "2023-03..2024-03");
	q = period_convert(&p, PERIOD_DAY);
	assert_string_equal(text(&q), "2023-03-01..2024-03-31");
}

static void
typed_windows(void **state)
{
	struct period p;
	char err[160];

	(void)state;
	assert_int_equal(period_parse("30d", PERIOD_DAY, &p, err, sizeof err), 0);
	assert_string_equal(text(&p), "2024-02-16..2024-03-16");
	assert_int_equal(period_parse("2w", PERIOD_DAY, &p, err, sizeof err), 0);
	assert_int_equal(period_length(&p), 14);
	assert_int_equal(period_parse("6m", PERIOD_MONTH, &p, err, sizeof err), 0);
	assert_string_equal(text(&p), "2023-10..2024-03");
	/* Months in days stop today. */
	assert_int_equal(period_parse("2m", PERIOD_DAY, &p, err, sizeof err), 0);
	assert_string_equal(text(&p), "2024-02-01..2024-03-16");
	assert_int_equal(period_parse("1y", PERIOD_MONTH, &p, err, sizeof err), 0);
	assert_string_equal(text(&p), "2023-04..2024-03");
	assert_int_equal(period_parse("2024-01-05..2024-02-10", PERIOD_DAY, &p, err, sizeof err), 0);
	assert_string_equal(text(&p), "2024-01-05..2024-02-10");
	assert_int_equal(period_parse("2024-01-05..2024-02-10", PERIOD_MONTH, &p, err, sizeof err), 0);
	assert_string_equal(text(&p), "2024-01..2024-02");
	assert_int_equal(period_parse("2023-11..2024-01", PERIOD_DAY, &p, err, sizeof err), 0);
	assert_string_equal(text(&p), "2023-11-01..2024-01-31");
	assert_int_equal(period_parse(" 2024-02", PERIOD_MONTH, &p, err, sizeof err), 0);
	assert_string_equal(text(&p), "2024-02");
	assert_int_equal(period_parse("2024-02-29", PERIOD_DAY, &p, err, sizeof err), 0);
	assert_string_equal(text(&p), "2024-02-29");

	assert_int_equal(period_parse("2024-03..2024-01", PERIOD_MONTH, &p, err, sizeof err), -1);
	assert_non_null(strstr(err, "ends before"));
	assert_int_equal(period_parse("2024-01..2024-03-01", PERIOD_DAY, &p, err, sizeof err), -1);
	assert_non_null(strstr(err, "both"));
	assert_int_equal(period_parse("2023-02-29", PERIOD_DAY, &p, err, sizeof err), -1);
	assert_int_equal(period_parse("soon", PERIOD_DAY, &p, err, sizeof err), -1);
	assert_non_null(strstr(err, "30d"));
	assert_int_equal(period_parse("0d", PERIOD_DAY, &p, err, sizeof err), -1);
	assert_int_equal(period_parse("5x", PERIOD_DAY, &p, err, sizeof err), -1);
}

static void
ninety_day_pieces(void **state)
{
	struct period p, out[8];
	char err[160];
	size_t n;

	(void)state;
	/* 400 days: 90 + 90 + 90 + 90 + 40, consecutive, none longer than 90. */
	p = period_last(PERIOD_DAY, 400);
	n = period_split(&p, PERIOD_USAGE_MAX_DAYS, out, 8);
	assert_int_equal(n, 5);
	assert_int_equal(out[0].from, p.from);
	assert_int_equal(out[4].to, p.to);
	for (size_t i = 0; i < n; i++) {
		assert_true(period_length(&out[i]) <= PERIOD_USAGE_MAX_DAYS);
		if (i > 0)
			assert_int_equal(out[i].from, out[i - 1].to + 1);
	}
	assert_int_equal(period_length(&out[4]), 40);
	/* Exactly 90 days is one request. */
	assert_int_equal(period_parse("90d", PERIOD_DAY, &p, err, sizeof err), 0);
	assert_int_equal(period_split(&p, PERIOD_USAGE_MAX_DAYS, out, 8), 1);
	/* The output array bounds the pieces. */
	p = period_last(PERIOD_DAY, 1000);
	assert_int_equal(period_split(&p, PERIOD_USAGE_MAX_DAYS, out, 8), 8);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(days_and_months),
		cmocka_unit_test(last_shift_convert),
		cmocka_unit_test(typed_windows),
		cmocka_unit_test(ninety_day_pieces),
	};

	return cmocka_run_group_tests(tests, pin_clock, NULL);
}
