#include "util/moneymul.h"

#include <stdint.h>

/* GCC and Clang have a 128-bit integer; __extension__ keeps -Wpedantic quiet about it. */
__extension__ typedef __int128 i128;

int
money_mul(money_t a, money_t b, money_t *out)
{
	i128 p = (i128)a * (i128)b;
	i128 half = MONEY_SCALE / 2;
	i128 q = p >= 0 ? (p + half) / MONEY_SCALE : -((-p + half) / MONEY_SCALE);

	if (q > INT64_MAX || q < INT64_MIN)
		return -1;
	*out = (money_t)q;
	return 0;
}

int
money_mul_int(money_t a, long long n, money_t *out)
{
	i128 p = (i128)a * n;

	if (p > INT64_MAX || p < INT64_MIN)
		return -1;
	*out = (money_t)p;
	return 0;
}
