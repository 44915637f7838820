#include "util/timeutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CN_OFFSET (8 * 3600)

time_t
time_now(void)
{
	const char *pin = getenv("BSSDASH_TEST_NOW");

	if (pin != NULL && *pin != '\0')
		return (time_t)strtoll(pin, NULL, 10);
	return time(NULL);
}

uint64_t
time_mono_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u;
}

const char *
time_format_iso(time_t t, char buf[TIME_ISO_BUFSZ])
{
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(buf, TIME_ISO_BUFSZ, "%Y-%m-%dT%H:%M:%SZ", &tm);
	return buf;
}

const char *
time_format_sdk(time_t t, char buf[TIME_SDK_BUFSZ])
{
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(buf, TIME_SDK_BUFSZ, "%Y%m%dT%H%M%SZ", &tm);
	return buf;
}

/* Reads exactly n digits. */
static int
digits(const char **p, int n, int *out)
{
	int v = 0;

	for (int i = 0; i < n; i++) {
		char c = (*p)[i];
		if (c < '0' || c > '9')
			return -1;
		v = v * 10 + (c - '0');
	}
	*p += n;
	*out = v;
	return 0;
}

static int
lit(const char **p, char c)
{
	if (**p != c)
		return -1;
	(*p)++;
	return 0;
}

static int
make_time(int y, int mo, int d, int h, int mi, int s, time_t *out)
{
	static const int mdays[] = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	int yy, era, yoe, doy, doe;
	long long days;

	if (y < 1970 || mo < 1 || mo > 12 || d < 1 || d > mdays[mo - 1] ||
	    (mo == 2 && d == 29 && !leap) || h > 23 || mi > 59 || s > 59)
		return -1;
	/*
	 * Days since 1970 by arithmetic (H. Hinnant's days_from_civil), not
	 * timegm(): lists parse every row's expiry per sort, and timegm costs
	 * ten times more.
	 */
	yy = mo <= 2 ? y - 1 : y;
	era = yy / 400;
	yoe = yy - era * 400;
	doy = (153 * (mo > 2 ? mo - 3 : mo + 9) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	days = (long long)era * 146097 + doe - 719468;
	*out = (time_t)(days * 86400 + h * 3600 + mi * 60 + s);
	return 0;
}

int
time_parse_iso(const char *s, time_t *out)
{
	int y, mo, d, h, mi, sec;

	if (digits(&s, 4, &y) || lit(&s, '-') || digits(&s, 2, &mo) || lit(&s, '-') ||
	    digits(&s, 2, &d) || lit(&s, 'T') || digits(&s, 2, &h) || lit(&s, ':') ||
	    digits(&s, 2, &mi) || lit(&s, ':') || digits(&s, 2, &sec) || lit(&s, 'Z') ||
	    *s != '\0')
		return -1;
	return make_time(y, mo, d, h, mi, sec, out);
}

int
time_parse_sdk(const char *s, time_t *out)
{
	int y, mo, d, h, mi, sec;

	if (digits(&s, 4, &y) || digits(&s, 2, &mo) || digits(&s, 2, &d) || lit(&s, 'T') ||
	    digits(&s, 2, &h) || digits(&s, 2, &mi) || digits(&s, 2, &sec) || lit(&s, 'Z') ||
	    *s != '\0')
		return -1;
	return make_time(y, mo, d, h, mi, sec, out);
}

int
time_parse_date(const char *s, time_t *out)
{
	int y, mo, d;

	if (digits(&s, 4, &y) || lit(&s, '-') || digits(&s, 2, &mo) || lit(&s, '-') ||
	    digits(&s, 2, &d) || *s != '\0' || make_time(y, mo, d, 0, 0, 0, out))
		return -1;
	*out -= CN_OFFSET;
	return 0;
}

int
time_parse_month(const char *s, time_t *out)
{
	int y, mo;

	if (digits(&s, 4, &y) || lit(&s, '-') || digits(&s, 2, &mo) || *s != '\0' ||
	    make_time(y, mo, 1, 0, 0, 0, out))
		return -1;
	*out -= CN_OFFSET;
	return 0;
}

/* t in UTC+8 (bss-api.md 3.2) through strftime's fmt into buf (n bytes). */
static const char *
format_cn(time_t t, const char *fmt, char *buf, size_t n)
{
	struct tm tm;
	time_t shifted = t + CN_OFFSET;

	gmtime_r(&shifted, &tm);
	strftime(buf, n, fmt, &tm);
	return buf;
}

const char *
time_format_date_cn(time_t t, char buf[11])
{
	return format_cn(t, "%Y-%m-%d", buf, 11);
}

const char *
time_format_month_cn(time_t t, char buf[8])
{
	return format_cn(t, "%Y-%m", buf, 8);
}
