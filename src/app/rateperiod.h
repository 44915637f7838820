/*
 * rateperiod: the subscription period people type for the period rating API
 * ("1m", "1y", "7d", "5h"), as its period_type and period_num (bss-api.md
 * 6.8: 0 day, 2 month, 3 year, 4 hour). Shared by `bssdash get price` and
 * the price calculator so both accept the same words. Pure.
 */
#ifndef BSS_APP_RATEPERIOD_H
#define BSS_APP_RATEPERIOD_H

#include <stdint.h>

/* A count of 1..1000 and one of d, m, y, h, nothing else. 0, or -1 (outputs untouched). */
int rateperiod_parse(const char *s, int32_t *type, int32_t *num);

#endif
