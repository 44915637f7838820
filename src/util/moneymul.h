/*
 * moneymul: products of two money_t values (price x quantity), exactly.
 *
 * money.h adds and subtracts; a product of two fixed-point values needs a
 * 128-bit intermediate to stay exact for the magnitudes prices and usage
 * quantities reach, so it lives here, on its own.
 */
#ifndef BSS_UTIL_MONEYMUL_H
#define BSS_UTIL_MONEYMUL_H

#include "util/money.h"

/* a x b, rounded half away from zero to 8 places. 0, or -1 on overflow (out unchanged). */
int money_mul(money_t a, money_t b, money_t *out);
/* a x n. 0, or -1 on overflow (out unchanged). */
int money_mul_int(money_t a, long long n, money_t *out);

#endif
