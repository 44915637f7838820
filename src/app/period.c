#include "app/period.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/timeutil.h"

#define DAY 86400
#define CN_OFFSET (8 * 3600)

/* Days since 1970-01-01 of a civil date (proleptic Gregorian), Howard Hinnant's way. */
static int
days_from_civil(int y, int m, int d)
{
	int era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static void
civil_from_days(int z, int *y, int *m, int *d)
{
	int era, doe, yoe, doy, mp;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = doy - (153 * mp + 2) / 5 + 1;
	*m = mp + (mp < 10 ? 3 : -9);
	*y = yoe + era * 400 + (*m <= 2);
}

int
period_day_of(time_t t)
{
	long long s = (long long)t + CN_OFFSET;

	return (int)(s >= 0 ? s / DAY : (s - DAY + 1) / DAY);
}

int
period_today(void)
{
	return period_day_of(time_now());
}

int
period_month_of_day(int day)
{
	int y, m, d;

	civil_from_days(day, &y, &m, &d);
	return y * 12 + m - 1;
}

int
period_this_month(void)
{
	return period_month_of_day(period_today());
}

int
period_first_day(int month)
{
	return days_from_civil(month / 12, month % 12 + 1, 1);
}

int
period_last_day(int month)
{
	return period_first_day(month + 1) - 1;
}

struct period
period_last(enum period_unit unit, int n)
{
	int end = unit == PERIOD_DAY ? period_today() : period_this_month();

	return (struct period){ unit, end - (n > 0 ? n : 1) + 1, end };
}

int
period_length(const struct period *p)
{
	return p->to - p->from + 1;
}

struct period
period_shift(const struct period *p, int dir)
{
	int len = period_length(p) * (dir < 0 ? -1 : 1);

	return (struct period){ p->unit, p->from + len, p->to + len };
}

struct period
period_convert(const struct period *p, enum period_unit unit)
{
	if (unit == p->unit)
		return *p;
	if (unit == PERIOD_MONTH)
		return (struct period){ unit, period_month_of_day(p->from), period_month_of_day(p->to) };
	return (struct period){ unit, period_first_day(p->from), period_last_day(p->to) };
}

const char *
period_label(enum period_unit unit, int v, char buf[11])
{
	char tmp[40];
	int y, m, d;

	/* Through a roomy buffer: the compiler cannot see that the fields are small. */
	if (unit == PERIOD_MONTH) {
		y = v >= 0 ? v / 12 : (v - 11) / 12;
		snprintf(tmp, sizeof tmp, "%04d-%02d", y, v - y * 12 + 1);
	} else {
		civil_from_days(v, &y, &m, &d);
		snprintf(tmp, sizeof tmp, "%04d-%02d-%02d", y, m, d);
	}
	snprintf(buf, 11, "%.10s", tmp);
	return buf;
}

const char *
period_text(const struct period *p, char *buf, size_t n)
{
	char a[11], b[11];

	if (p->from == p->to)
		snprintf(buf, n, "%s", period_label(p->unit, p->from, a));
	else
		snprintf(buf, n, "%s..%s", period_label(p->unit, p->from, a),
		    period_label(p->unit, p->to, b));
	return buf;
}

/* One end of a range: a day, or a month; 0 or -1. */
static int
parse_end(const char *s, size_t len, enum period_unit *unit, int *v)
{
	char text[16];
	time_t t;

	if (len == 0 || len >= sizeof text)
		return -1;
	memcpy(text, s, len);
	text[len] = '\0';
	if (time_parse_date(text, &t) == 0) {
		*unit = PERIOD_DAY;
		*v = period_day_of(t);
		return 0;
	}
	if (time_parse_month(text, &t) == 0) {
		*unit = PERIOD_MONTH;
		*v = period_month_of_day(period_day_of(t));
		return 0;
	}
	return -1;
}

/* "30d", "6m": the last N of a unit, in unit. */
static int
parse_relative(const char *s, enum period_unit unit, struct period *out)
{
	char *end;
	long n = strtol(s, &end, 10);
	int today = period_today(), month = period_this_month();

	if (end == s || n < 1 || n > 3650 || end[0] == '\0' || end[1] != '\0')
		return -1;
	switch (end[0]) {
	case 'd': *out = (struct period){ PERIOD_DAY, today - (int)n + 1, today }; break;
	case 'w': *out = (struct period){ PERIOD_DAY, today - 7 * (int)n + 1, today }; break;
	case 'm': *out = (struct period){ PERIOD_MONTH, month - (int)n + 1, month }; break;
	case 'y': *out = (struct period){ PERIOD_MONTH, month - 12 * (int)n + 1, month }; break;
	default: return -1;
	}
	/* The last N months in days end today, not at the end of this month. */
	*out = period_convert(out, unit);
	if (unit == PERIOD_DAY && out->to > today)
		out->to = today;
	return 0;
}

int
period_parse(const char *text, enum period_unit unit, struct period *out, char *err,
    size_t errlen)
{
	const char *dots;
	enum period_unit ua, ub;
	int a, b;

	while (*text == ' ')
		text++;
	if (parse_relative(text, unit, out) == 0)
		return 0;
	dots = strstr(text, "..");
	if (dots == NULL) {
		if (parse_end(text, strlen(text), &ua, &a) != 0)
			goto bad;
		*out = period_convert(&(struct period){ ua, a, a }, unit);
		return 0;
	}
	if (parse_end(text, (size_t)(dots - text), &ua, &a) != 0 ||
	    parse_end(dots + 2, strlen(dots + 2), &ub, &b) != 0)
		goto bad;
	if (ua != ub) {
		snprintf(err, errlen, "both ends must be days (YYYY-MM-DD) or both months (YYYY-MM)");
		return -1;
	}
	if (b < a) {
		snprintf(err, errlen, "the window ends before it starts");
		return -1;
	}
	*out = period_convert(&(struct period){ ua, a, b }, unit);
	return 0;
bad:
	snprintf(err, errlen, "not a window: try 30d, 6m, 1y, 2024-01..2024-06 or "
	    "2024-01-01..2024-03-31");
	return -1;
}

size_t
period_split(const struct period *p, int max_days, struct period *out, size_t max)
{
	size_t n = 0;

	if (max_days < 1)
		return 0;
	for (int from = p->from; from <= p->to && n < max; from += max_days) {
		int to = from + max_days - 1;

		out[n++] = (struct period){ p->unit, from, to < p->to ? to : p->to };
	}
	return n;
}
