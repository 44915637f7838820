/*
 * spend: what the bills and costs screens show, derived from the API's
 * answers: a month's summary grouped by service or billing mode, sums of
 * record lists, and a cost series per day or month with its groups and the
 * buckets whose cost jumps well above the recent average.
 *
 * Pure functions over models (api/model.h); every sum is money_t. Results
 * are heap structures the caller frees; text in them points into the
 * models they came from, which must outlive them.
 */
#ifndef BSS_APP_SPEND_H
#define BSS_APP_SPEND_H

#include <stdbool.h>
#include <stddef.h>

#include "api/model.h"
#include "app/period.h"
#include "util/money.h"

/* ---- monthly summaries ---------------------------------------------------- */

enum spend_grouping { SPEND_BY_SERVICE, SPEND_BY_MODE, SPEND_NGROUPINGS };

const char *spend_grouping_name(enum spend_grouping g);   /* "service", "billing mode" */
/* E-CHARGE-MODE in words: "yearly/monthly", "pay-per-use", ... */
const char *spend_mode_name(int32_t charging_mode);
/* E-BILLTYPE of resource bills in words: "new purchase", "refund (unsubscription)", ... */
const char *spend_bill_type_name(int32_t bill_type);
/* Whether a resource bill's trade_id is an order (bill types 1, 2, 3, 4, 8). */
bool spend_bill_type_is_order(int32_t bill_type);

struct spend_group {
	const char *key;          /* service_type_code, or the billing mode as digits */
	const char *name;         /* service name, or the mode in words */
	int32_t charging_mode;    /* SPEND_BY_MODE: the mode */
	money_t amount;           /* consume_amount: payable after discounts */
	money_t official;
	money_t discount;
	money_t coupon;
	money_t cash;
	money_t credit;
	size_t records;           /* bill_sums rows folded in */
	char keybuf[12];          /* key's storage for modes */
};

/*
 * Groups a month's bill_sums; largest amount first. *out is a heap array
 * (free() it), NULL when there are no rows. Returns the count.
 */
size_t spend_group_month(const struct model_monthly_sum *m, enum spend_grouping g,
    struct spend_group **out);

/* Sums of record lists (drill-down totals). */
money_t spend_fee_total(const struct model_fee_records *f);
money_t spend_record_total(const struct model_res_records *r);
money_t spend_groups_total(const struct spend_group *g, size_t n);

/* ---- cost series ---------------------------------------------------------- */

/* A bucket is a jump when it costs more than JUMP_NUM/JUMP_DEN of the average
 * of the buckets before it (up to SPEND_RECENT_DAYS days or SPEND_RECENT_MONTHS
 * months, at least SPEND_MIN_HISTORY of them) and at least one currency unit more. */
#define SPEND_JUMP_NUM 3
#define SPEND_JUMP_DEN 2
#define SPEND_RECENT_DAYS 7
#define SPEND_RECENT_MONTHS 3
#define SPEND_MIN_HISTORY 2

struct spend_bucket {
	char label[11];           /* "2024-03-05" or "2024-03" */
	money_t amount;           /* over every group */
	money_t official;
	bool has_avg;
	money_t recent_avg;       /* of the buckets before (2 places, for show) */
	bool jump;
};

struct spend_line {
	const char *key;          /* the dimension's value ("hws.service.type.ec2") */
	money_t total;
	money_t official;
	money_t *amounts;         /* one per bucket */
	size_t jumps;             /* buckets where this line jumped */
	bool *jump;               /* per bucket */
};

struct spend_series {
	struct period period;
	size_t nbuckets;
	struct spend_bucket *buckets;
	size_t nlines;
	struct spend_line *lines; /* largest total first */
	money_t total, official;
	size_t jumps;             /* buckets flagged */
};

/*
 * The series of c over p (one bucket per day or month of p, zero where the
 * answer has none), grouped by the first dimension of each row. NULL c gives
 * an empty series. Free with spend_series_free().
 */
struct spend_series *spend_costs(const struct model_costs *c, const struct period *p);
void spend_series_free(struct spend_series *s);

/*
 * The jump rule on one series of amounts (exposed for tests): fills jump[]
 * and, when avg is not NULL, avg[] / has_avg[]. history is how many buckets
 * back the average looks. Returns the number of jumps.
 */
size_t spend_jumps(const money_t *v, size_t n, size_t history, bool *jump, money_t *avg,
    bool *has_avg);

#endif
