/*
 * period: ranges of billing days or months (UTC+8, bss-api.md 3.2), as the
 * bills, costs and package-usage screens choose them.
 *
 * A day is a number of days since 1970-01-01 in UTC+8, a month is
 * year * 12 + (month - 1); ranges include both ends. "Today" comes from
 * time_now(), so tests pin it with BSSDASH_TEST_NOW. Pure otherwise.
 */
#ifndef BSS_APP_PERIOD_H
#define BSS_APP_PERIOD_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

/* The values are ListCosts' time_measure_id. */
enum period_unit { PERIOD_DAY = 1, PERIOD_MONTH = 2 };

struct period {
	enum period_unit unit;
	int from, to;
};

/* Longest window of one package usage-records request (bss-api.md 6.26). */
#define PERIOD_USAGE_MAX_DAYS 90
/* "2024-03-01..2024-03-31" and the like, with the NUL. */
#define PERIOD_TEXT_BUFSZ 32

int period_day_of(time_t t);
int period_today(void);
int period_this_month(void);
int period_month_of_day(int day);
int period_first_day(int month);
int period_last_day(int month);

/* The n days (or months) that end today (this month). */
struct period period_last(enum period_unit unit, int n);
/* Number of days or months in p. */
int period_length(const struct period *p);
/* p moved by its own length: dir < 0 earlier, > 0 later. */
struct period period_shift(const struct period *p, int dir);
/* The same stretch of time in the other unit: whole months covering the days, or every day. */
struct period period_convert(const struct period *p, enum period_unit unit);

/*
 * Reads what a person types for a window, in unit:
 *   "30d", "12w", "6m", "1y"          the last N days/weeks/months/years, up to today
 *   "2024-01-01..2024-03-31"          days (months covering them when unit is months)
 *   "2024-01..2024-06", "2024-03"     months (all their days when unit is days)
 *   "2024-03-05"                      one day
 * 0, or -1 with a message in err.
 */
int period_parse(const char *text, enum period_unit unit, struct period *out, char *err,
    size_t errlen);

/* "2024-03-05" or "2024-03" of one day or month. */
const char *period_label(enum period_unit unit, int v, char buf[11]);
/* "2024-03-01..2024-03-31" (one label when from == to). */
const char *period_text(const struct period *p, char *buf, size_t n);

/*
 * Cuts a range of days into consecutive pieces of at most max_days days
 * each, in order; returns how many (at most max are written).
 */
size_t period_split(const struct period *p, int max_days, struct period *out, size_t max);

#endif
