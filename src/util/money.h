/*
 * money: amounts as int64 fixed point with 8 decimal places.
 *
 * Every amount is converted once, when it is parsed, and from then on summed,
 * compared and sent as money_t. Text from the API ("12.50") is parsed exactly.
 * A JSON number arrives as a double; money_from_double() rounds the double's
 * exact binary value to 8 places, which gives back the decimal the server
 * wrote whenever |amount| < MONEY_EXACT_DOUBLE_BOUND (2^25 = 33,554,432
 * currency units: there the spacing of doubles is below 1e-8). Larger
 * amounts still convert, to the nearest 1e-8 of the double.
 * The representable range is about +/- 92 billion units.
 */
#ifndef BSS_UTIL_MONEY_H
#define BSS_UTIL_MONEY_H

#include <stddef.h>
#include <stdint.h>

typedef int64_t money_t;

#define MONEY_SCALE 100000000LL
#define MONEY_DECIMALS 8
#define MONEY_EXACT_DOUBLE_BOUND 33554432.0
/* Enough for any money_t in any format below, with sign, grouping and NUL. */
#define MONEY_BUFSZ 48

#define MONEY_UNITS(n) ((money_t)(n) * MONEY_SCALE)

/* 0, or -1 for NaN, infinity or out of range. */
int money_from_double(double d, money_t *out);
/*
 * Parses "-12.345", "+3", "0.5", ".5", "7.", with surrounding spaces
 * allowed. More than 8 fractional digits are rounded half away from zero.
 * Returns 0, or -1 for anything else (empty, junk, exponent, overflow).
 */
int money_parse(const char *s, money_t *out);
/* Same, for n bytes that need not be NUL-terminated. */
int money_parse_n(const char *s, size_t n, money_t *out);

/* Rounds half away from zero to `decimals` places (0..8). */
money_t money_round(money_t m, int decimals);
/* "1234.50" with exactly `decimals` places, rounded half away from zero. */
const char *money_format(money_t m, int decimals, char *buf, size_t n);
/* As money_format, with thousands separators: "1,234.50". */
const char *money_format_grouped(money_t m, int decimals, char *buf, size_t n);
/* The shortest exact decimal: "12.5", "3", "0.00000001". For JSON and requests. */
const char *money_format_plain(money_t m, char *buf, size_t n);
/* Nearest double, for charts only: never for sums, comparisons or requests. */
double money_to_double(money_t m);

/* 0, or -1 on overflow (out left unchanged). */
int money_add(money_t a, money_t b, money_t *out);
int money_sub(money_t a, money_t b, money_t *out);

#endif
