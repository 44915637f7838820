#include "util/money.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

int
money_from_double(double d, money_t *out)
{
	char text[400];
	int n;

	if (!isfinite(d) || fabs(d) >= 9.2e10)
		return -1;
	/*
	 * printf rounds the exact binary value correctly; multiplying by 1e8
	 * first would add a second rounding.
	 */
	n = snprintf(text, sizeof(text), "%.8f", d);
	if (n < 0 || (size_t)n >= sizeof(text))
		return -1;
	return money_parse(text, out);
}

int
money_parse(const char *s, money_t *out)
{
	return money_parse_n(s, strlen(s), out);
}

int
money_parse_n(const char *s, size_t n, money_t *out)
{
	const char *p = s, *end = s + n;
	int neg = 0, digits = 0, frac = 0, round_up = 0;
	uint64_t v = 0;

	while (p < end && (*p == ' ' || *p == '\t'))
		p++;
	while (end > p && (end[-1] == ' ' || end[-1] == '\t'))
		end--;
	if (p < end && (*p == '-' || *p == '+'))
		neg = *p++ == '-';
	for (; p < end && *p >= '0' && *p <= '9'; p++, digits++) {
		if (v > (UINT64_MAX - 9) / 10)
			return -1;
		v = v * 10 + (uint64_t)(*p - '0');
	}
	if (p < end && *p == '.') {
		for (p++; p < end && *p >= '0' && *p <= '9'; p++, digits++) {
			if (frac < MONEY_DECIMALS) {
				if (v > (UINT64_MAX - 9) / 10)
					return -1;
				v = v * 10 + (uint64_t)(*p - '0');
				frac++;
			} else if (frac == MONEY_DECIMALS) {
				round_up = *p >= '5';
				frac++;
			}
		}
	}
	if (p != end || digits == 0)
		return -1;
	for (int f = frac > MONEY_DECIMALS ? MONEY_DECIMALS : frac; f < MONEY_DECIMALS; f++) {
		if (v > UINT64_MAX / 10)
			return -1;
		v *= 10;
	}
	v += (uint64_t)round_up;
	if (v > (uint64_t)INT64_MAX)
		return -1;
	*out = neg ? -(money_t)v : (money_t)v;
	return 0;
}

money_t
money_round(money_t m, int decimals)
{
	int64_t unit = 1;
	uint64_t mag;

	if (decimals < 0)
		decimals = 0;
	for (int i = decimals; i < MONEY_DECIMALS; i++)
		unit *= 10;
	if (unit == 1)
		return m;
	mag = m < 0 ? (uint64_t)0 - (uint64_t)m : (uint64_t)m;
	mag = (mag + (uint64_t)unit / 2) / (uint64_t)unit * (uint64_t)unit;
	if (mag > (uint64_t)INT64_MAX)
		mag -= (uint64_t)unit;
	return m < 0 ? -(money_t)mag : (money_t)mag;
}

/* Splits |m| rounded to `decimals` into integer and fraction parts. */
static void
money_split(money_t m, int decimals, uint64_t *ip, uint64_t *fp)
{
	uint64_t unit = 1, mag;

	for (int i = decimals; i < MONEY_DECIMALS; i++)
		unit *= 10;
	m = money_round(m, decimals);
	mag = m < 0 ? (uint64_t)0 - (uint64_t)m : (uint64_t)m;
	*ip = mag / (uint64_t)MONEY_SCALE;
	*fp = (mag % (uint64_t)MONEY_SCALE) / unit;
}

static int
clamp_decimals(int decimals)
{
	return decimals < 0 ? 0 : decimals > MONEY_DECIMALS ? MONEY_DECIMALS : decimals;
}

const char *
money_format(money_t m, int decimals, char *buf, size_t n)
{
	uint64_t ip, fp;
	const char *sign;

	decimals = clamp_decimals(decimals);
	money_split(m, decimals, &ip, &fp);
	sign = (m < 0 && (ip != 0 || fp != 0)) ? "-" : "";
	if (decimals == 0)
		snprintf(buf, n, "%s%llu", sign, (unsigned long long)ip);
	else
		snprintf(buf, n, "%s%llu.%0*llu", sign, (unsigned long long)ip, decimals,
		    (unsigned long long)fp);
	return buf;
}

const char *
money_format_grouped(money_t m, int decimals, char *buf, size_t n)
{
	char plain[MONEY_BUFSZ], out[MONEY_BUFSZ];
	const char *p = plain, *dot;
	size_t o = 0, intlen;

	money_format(m, decimals, plain, sizeof(plain));
	if (*p == '-')
		out[o++] = *p++;
	dot = strchr(p, '.');
	intlen = dot ? (size_t)(dot - p) : strlen(p);
	for (size_t i = 0; i < intlen; i++) {
		if (i > 0 && (intlen - i) % 3 == 0)
			out[o++] = ',';
		out[o++] = p[i];
	}
	out[o] = '\0';
	snprintf(buf, n, "%s%s", out, dot ? dot : "");
	return buf;
}

const char *
money_format_plain(money_t m, char *buf, size_t n)
{
	size_t len;

	money_format(m, MONEY_DECIMALS, buf, n);
	len = strlen(buf);
	while (len > 0 && buf[len - 1] == '0')
		buf[--len] = '\0';
	if (len > 0 && buf[len - 1] == '.')
		buf[--len] = '\0';
	if (strcmp(buf, "-0") == 0)
		snprintf(buf, n, "0");
	return buf;
}

double
money_to_double(money_t m)
{
	return (double)m / (double)MONEY_SCALE;
}

int
money_add(money_t a, money_t b, money_t *out)
{
	money_t r;

	if (__builtin_add_overflow(a, b, &r))
		return -1;
	*out = r;
	return 0;
}

int
money_sub(money_t a, money_t b, money_t *out)
{
	money_t r;

	if (__builtin_sub_overflow(a, b, &r))
		return -1;
	*out = r;
	return 0;
}
