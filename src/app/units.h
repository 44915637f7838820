/*
 * units: measurement units (ListMeasureUnits) and their conversions
 * (ListConversions), used to show every quantity in a readable unit.
 *
 * The API states quantities as a number and a measure_id (a package of
 * 1024 in unit 10, a usage of 5400 in unit 22). units_format() names the
 * unit and, when the number is large (1,000 or more) or below 1, moves it to
 * the unit of the same family (linked by conversions) that reads best:
 * 1024 GB becomes "1 TB", 5400 s "1.5 h", 0.5 GB "512 MB"; 730 h and 960 h
 * stay hours, so a column does not mix units row by row. Money units
 * (measure type 1) are never converted: amounts have their currency.
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
/* A measure type in words ("duration", "traffic"); "type N" beyond the known ones (buf). */
const char *units_type_name(int32_t measure_type, char *buf, size_t n);

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
