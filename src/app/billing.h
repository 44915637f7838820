/*
 * billing: the data behind the screens beyond the overview: the product
 * catalogue and measurement units, prices, 13 months of bills with their
 * drill-down, cost data, a package's usage, and refunds of an order.
 *
 * Like the store, it keeps per thing a screen shows (a slot) the load state
 * of the latest attempt, the last good answer (kept, marked stale, while a
 * refresh of the same query fails), when it was fetched and a generation
 * that changes with the data (struct store_view, so the screens draw its
 * state the way the overview does). Unlike the store it is asked, not
 * scheduled: a screen says what it wants (a month, a window, a grouping)
 * and the slot loads it unless it already holds or is loading exactly that.
 * Asking for something else replaces the slot's query; a late answer to an
 * older query is dropped. Lists come whole (every page, bss_fetch_all).
 *
 * Calls go through a bss client that billing borrows (store_bss owns it);
 * billing_set_client() points it at another one and forgets every answer,
 * because they belonged to another account. The client's callbacks must be
 * able to reach billing: free the client (store_bss_free) before
 * billing_free(). Nothing here includes curses, curl or cJSON.
 *
 * Lifetime: models behind the views belong to billing; pointers from the
 * accessors stay valid until that slot's next change (the listener is told,
 * after it happened), so screens re-read when a generation moves.
 */
#ifndef BSS_APP_BILLING_H
#define BSS_APP_BILLING_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "api/bss.h"
#include "app/period.h"
#include "app/store.h"
#include "app/units.h"

enum billing_slot {
	BILLING_MEASURES,          /* ListMeasureUnits */
	BILLING_CONVERSIONS,       /* ListConversions */
	BILLING_SERVICES,          /* ListServiceTypes */
	BILLING_RESOURCE_TYPES,    /* ListResourceTypes */
	BILLING_SERVICE_RESOURCES, /* ListServiceResources of one service */
	BILLING_USAGE_TYPES,       /* ListUsageTypes of one resource type */
	BILLING_RATE_ON_DEMAND,    /* ListOnDemandResourceRatings of the quote */
	BILLING_RATE_PERIOD,       /* ListRateOnPeriodDetail of the quote */
	BILLING_FEES,              /* ListCustomerselfResourceRecords: a month's resource expenditures */
	BILLING_RECORDS,           /* ListCustomerselfResourceRecordDetails: one expenditure's details */
	BILLING_COSTS,             /* ListCosts */
	BILLING_PACKAGE_ITEMS,     /* ListFreeResourceUsages of one package's items */
	BILLING_PACKAGE_RECORDS,   /* ListFreeResourcesUsageRecords of them over a window */
	BILLING_REFUNDS,           /* ShowRefundOrderDetails of one order */
	BILLING_NSLOTS
};

/* The bills screen's months: this one and the twelve before. */
#define BILLING_MONTHS 13

struct billing;

struct billing *billing_new(void);
/* Cancels what is in flight (through the client, if it is still set) and frees. */
void billing_free(struct billing *b);
/* Borrowed; NULL = not connected. A different client drops every answer. */
void billing_set_client(struct billing *b, struct bss_client *c);
/*
 * Called after every change of any slot, also from inside the load calls
 * (a slot that starts loading changed): it should only mark the screen dirty.
 */
void billing_set_listener(struct billing *b, void (*changed)(void *ud), void *ud);

const struct store_view *billing_view(const struct billing *b, enum billing_slot s);
/* The query the slot holds or is loading, as text ("" for none): for screens to compare. */
const char *billing_key(const struct billing *b, enum billing_slot s);
/* A slot loading in pieces (package records): pieces answered and in all. */
void billing_progress(const struct billing *b, enum billing_slot s, size_t *done, size_t *total);
/* Requests in flight, over every slot. */
unsigned billing_in_flight(const struct billing *b);
/*
 * Whether a slot that has data is loading it again (a refresh, not a first
 * load nor another query): the screens still show the old data meanwhile.
 */
bool billing_refreshing(const struct billing *b);

/* ---- products and units ------------------------------------------------------ */

/* Measurement units and conversions; once loaded they are kept. */
void billing_load_units(struct billing *b);
/* The unit table, built once both answers are in; NULL before (and then asks for them). */
const struct units *billing_units(struct billing *b);
/* Service types and resource types (all of them). */
void billing_load_catalogue(struct billing *b, bool force);
void billing_load_service_resources(struct billing *b, const char *service_type_code,
    bool force);
void billing_load_usage_types(struct billing *b, const char *resource_type_code, bool force);
/* A service's name from the catalogue, or NULL when it is not (yet) known. */
const char *billing_service_name(const struct billing *b, const char *service_type_code);

/* ---- prices ------------------------------------------------------------------ */

/* One product to price both ways (bss-api.md 6.7 and 6.8). Strings borrowed for the call. */
struct billing_quote {
	const char *service;          /* cloud_service_type */
	const char *resource_type;
	const char *spec;             /* resource_spec */
	const char *region;
	const char *zone;             /* NULL or "": any */
	const char *project_id;       /* of the region */
	int32_t size;                 /* linear products (disk GB, Mbps); 0: not linear */
	int32_t size_measure_id;
	int32_t quantity;             /* subscription_num */
	const char *usage_factor;     /* pay-per-use: "Duration", "upflow", ... */
	money_t usage_value;
	int32_t usage_measure_id;
	int32_t period_type;          /* yearly/monthly: 0 day, 2 month, 3 year, 4 hour */
	int32_t period_num;
	const char *installment;      /* NULL, "NA", "HALF_PAY", "ZERO_PAY" (CN CloudPond) */
};

/* Both ratings of q at once: BILLING_RATE_ON_DEMAND and BILLING_RATE_PERIOD. */
void billing_rate(struct billing *b, const struct billing_quote *q);

/* ---- bills ------------------------------------------------------------------- */

/* ShowCustomerMonthlySum (every page) of the 13 months ending with last_month. */
void billing_load_months(struct billing *b, int last_month, bool force);
/* Month i, 0 the oldest .. BILLING_MONTHS - 1 the last; *month its index (period.h). */
const struct store_view *billing_month(const struct billing *b, size_t i, int *month);

struct billing_fee_query {
	int month;                    /* billing cycle */
	const char *service;          /* cloud_service_type, NULL = any */
	int32_t charge_mode;          /* 0 = any */
};
/* The month's resource expenditures (statistic_type 1: one row per resource and bill type). */
void billing_load_fees(struct billing *b, const struct billing_fee_query *q, bool force);

struct billing_record_query {
	int month;
	const char *resource_id;      /* res_instance_id */
	int32_t charge_mode;          /* 0 = any */
	int32_t bill_type;            /* 0 = any */
};
/* Usage details (statistic_type 3) behind one expenditure row. */
void billing_load_records(struct billing *b, const struct billing_record_query *q, bool force);

/* ---- costs ------------------------------------------------------------------- */

struct billing_cost_query {
	struct period period;         /* days or months */
	const char *dimension;        /* groupby key: CLOUD_SERVICE_TYPE, REGION_CODE, ... */
};
void billing_load_costs(struct billing *b, const struct billing_cost_query *q, bool force);

/* ---- packages and refunds ---------------------------------------------------- */

/*
 * A package's items (ListFreeResourceUsages) and their usage records over
 * window (days), asked item by item in pieces of at most 90 days, one
 * request at a time, joined in order.
 */
void billing_load_package(struct billing *b, const struct model_package *p,
    const struct period *window, bool force);
/* ShowRefundOrderDetails of an unsubscription or downgrade order. */
void billing_load_refunds(struct billing *b, const char *order_id, bool force);

#endif
