/*
 * units: measurement units (ListMeasureUnits) and their conversions
 * (ListConversions), used to show every quantity in a readable unit.
 *
 * The API states quantities as a number and a measure_id (a package of
 * 1024 in unit 10, a usage of 5400 in unit 22). units_format() names the
 * unit and moves the number to the unit of the same family (same
 * measure_type, linked by conversions) that reads best: 1024 GB becomes
 * "1 TB", 5400 s "1.5 h"; 730 hours stay "730 h" because 30.416... days
 * would lose what the package says. Money units (measure type 1) are never
 * converted: amounts are shown in their currency elsewhere.
 *
 * A struct units is built from the two answers and copies what it needs,
 * so the models may be freed afterwards. Pure: no I/O, no clock.
 */
#ifndef BSS_APP_UNITS_H
#define BSS_APP_UNITS_H

#include <stddef.h>
#include <stdint.h>

#include "api/model.h"
#include "util/money.h"

/* Enough for any units_format() result. */
#define UNITS_BUFSZ 96

struct units;

/* Either model may be NULL (that list is then empty). */
struct units *units_new(const struct model_measure_units *mu, const struct model_conversions *cv);
void units_free(struct units *u);

/* The unit's name as the API gives it ("GB", "小时"); "" when unknown or u is NULL. */
const char *units_name(const struct units *u, int32_t measure_id);
/* Its measure type (E-MEASURETYPE), 0 when unknown. */
int32_t units_type(const struct units *u, int32_t measure_id);

/*
 * qty (in unit measure_id) in the unit that reads best, as "1.5 TB": at most
 * two decimals, grouped thousands. With u NULL or the unit unknown, the
 * number and "(unit N)". Returns buf.
 */
const char *units_format(const struct units *u, money_t qty, int32_t measure_id, char *buf,
    size_t n);

/*
 * The exact factor between two units of one family: 1 `from` = num/den `to`.
 * 0, or -1 when no chain of conversions links them (or it overflows).
 */
int units_factor(const struct units *u, int32_t from, int32_t to, int64_t *num, int64_t *den);

#endif
