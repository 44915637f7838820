/*
 * state: bsssim's world (account, coupons, orders, resources, resource
 * packages, bills) and the rules that change it.
 *
 * The world is plain arrays of compact records that point at each other by
 * index (never by pointer), so that it can be built in bulk (100,000
 * resources, 1,000,000 bill records in seconds), saved as a flat snapshot,
 * and read by the routes without per-record allocations. Amounts are
 * money_t throughout.
 *
 * Who writes: seed.c while building (through the st_*_new appenders), the
 * rules below while serving, sim_state_load when reading a snapshot. The
 * routes read the structs directly (a const view) and change the world only
 * through the rules, which either apply a whole effect or change nothing and
 * fill a struct st_err. The server core serialises every call (sim.h).
 *
 * Pointers returned by the appenders and lookups stay valid only until the
 * next append to the same array.
 */
#ifndef BSS_SIM_STATE_H
#define BSS_SIM_STATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "sim/sim.h"
#include "util/money.h"

#define ST_DAY 86400
/* Billing dates live in UTC+8 (bss-api.md 3.2). */
#define ST_CN_OFFSET (8 * 3600)
/* How long an unpaid order may wait for payment. */
#define ST_PAY_WINDOW (15 * ST_DAY)
/* Unsubscribing within this long of the purchase refunds everything. */
#define ST_FULL_REFUND_WINDOW (5 * ST_DAY)
/* Longest a resource may be paid for ahead (CBC.99003154 beyond it). */
#define ST_MAX_PREPAID_MONTHS 60
/* After expiry: the grace period (status 5), then the retention period (4), then deletion. */
#define ST_GRACE_PERIOD (15 * ST_DAY)
#define ST_RETENTION_PERIOD (15 * ST_DAY)

enum { ST_ACCT_CASH = 1, ST_ACCT_CREDIT = 2, ST_ACCT_BONUS = 5, ST_ACCT_DEPOSIT = 7 };

enum st_order_status {
	ST_ORDER_APPROVAL = 1, ST_ORDER_REFUNDING = 2, ST_ORDER_PROCESSING = 3,
	ST_ORDER_CANCELLED = 4, ST_ORDER_COMPLETED = 5, ST_ORDER_PENDING = 6,
	ST_ORDER_CONFIRMING = 9, ST_ORDER_DELIVERING = 10, ST_ORDER_RECEIVING = 11,
	ST_ORDER_PICKUP = 12, ST_ORDER_REPLACING = 13,
};

enum st_order_type {
	ST_OT_NEW = 1, ST_OT_RENEW = 2, ST_OT_CHANGE = 3, ST_OT_UNSUBSCRIBE = 4,
	ST_OT_TO_ONDEMAND = 10,
};

enum st_res_status { ST_RES_IN_USE = 2, ST_RES_CLOSED = 3, ST_RES_FROZEN = 4, ST_RES_EXPIRED = 5 };

enum st_expire_policy { ST_EXP_GRACE = 0, ST_EXP_TO_ONDEMAND = 1, ST_EXP_AUTORENEW = 3 };

enum st_charge_mode { ST_CHARGE_PREPAID = 1, ST_CHARGE_ONDEMAND = 3 };

/* Order line item period_type (bss-api.md E-PERIOD). */
enum { ST_PERIOD_MONTH = 2, ST_PERIOD_YEAR = 3, ST_PERIOD_ONCE = 5 };

/* Coupon kinds (coupon_type) and states. */
enum { ST_COUPON_CASH = 1, ST_COUPON_DISCOUNT = 2, ST_COUPON_PRODUCT = 3, ST_COUPON_FLEXI = 4 };
enum { ST_CPN_INACTIVE = 1, ST_CPN_AVAILABLE = 2, ST_CPN_USED = 3, ST_CPN_EXPIRED = 4,
	ST_CPN_RECLAIMED = 5 };
/* Coupon restrictions (use_limits): each bit forbids combining with that kind of discount. */
enum { ST_LIMIT_NO_PROMOTION = 1, ST_LIMIT_NO_CONTRACT = 2 };

/* Resource package status (bss-api.md 6.24). */
enum { ST_PKG_PENDING = 0, ST_PKG_EFFECTIVE = 1, ST_PKG_USED_UP = 2, ST_PKG_EXPIRED = 3,
	ST_PKG_UNSUBSCRIBED = 4 };

struct sim_balance {
	char account_id[40];
	int account_type;              /* ST_ACCT_* */
	money_t amount;
	money_t designated_amount;
	money_t credit_amount;         /* credit account: the limit */
};

struct sim_coupon {
	char id[32];
	char code[24];
	char plan_id[32];
	char plan_name[64];
	char plan_desc[96];
	int type;                      /* ST_COUPON_* */
	int status;                    /* ST_CPN_* */
	int version;                   /* 1 single use, 2 reusable until the balance is spent */
	int limits;                    /* ST_LIMIT_* bits */
	int fetch_method;
	money_t face_value;
	money_t balance;               /* what is left (version 2); face value for version 1 */
	time_t create_time, valid_time, expire_time, active_time;
	time_t used_time;              /* 0 = never used */
	int32_t used_order;            /* order that used it last, or -1 */
};

/*
 * An order. Combined-transaction orders carry no lines of their own: their
 * children (parent = its index) do, and only the combined order is listed.
 * Unsubscription orders carry refund records instead of priced lines.
 */
struct sim_order {
	char id[24];
	int32_t parent;                /* combined order, or -1 */
	int32_t first_line, nlines;    /* into lines[] */
	int32_t first_refund, nrefunds;/* into refunds[] */
	int16_t service;               /* catalog service index */
	uint8_t status;                /* st_order_status */
	uint8_t order_type;            /* st_order_type */
	uint8_t source_type;
	uint8_t ep;                    /* enterprise project index */
	money_t official_amount;
	money_t amount_after_discount; /* before coupons */
	money_t discount_amount;       /* discounts applied at payment */
	int discount_code;             /* E-DISCOUNT-ITEM of that discount, 0 = none */
	money_t coupon_amount;         /* paid with cash and discount coupons */
	money_t flexi_amount;          /* paid with flexi-purchase coupons */
	money_t commission_amount, consumed_amount;   /* unsubscription orders */
	/* The optional discount ListOrderDiscounts offers, if any. */
	int offer_type;                /* 0 none, 2 commercial, ... (DiscountInfoV3.discount_type) */
	money_t offer_ratio;           /* e.g. 0.9 as money_t */
	time_t create_time, payment_time, pay_deadline;   /* 0 = none */
};

struct sim_line {
	int32_t order;
	int32_t res;                   /* resource this line buys or renews, or -1 */
	int16_t spec;
	uint8_t period_type;
	uint8_t period_num;
	int32_t subscription_num;
	time_t effective_time, expire_time;
	money_t official_amount, amount_after_discount;
};

/* One ShowRefundOrderDetails record: negative = refunded, positive = kept. */
struct sim_refund {
	int32_t order, res, base_order;
	money_t amount;
};

struct sim_resource {
	char id[40];                   /* resource_id (UUID form) */
	char name[72];
	int32_t parent;                /* primary of an attached resource, or -1 */
	int32_t order;                 /* order that bought it */
	int32_t busy_order;            /* unpaid or processing order holding it, or -1 */
	int16_t spec;
	uint8_t region, ep;
	uint8_t status;                /* st_res_status */
	uint8_t expire_policy;
	uint8_t charge_mode;           /* ST_CHARGE_*: only prepaid ones are listed */
	uint8_t hidden;                /* bought by an unpaid order: not provisioned yet */
	uint8_t auto_renew_times;
	uint8_t period_type, period_num;   /* the purchase period (renewals default to it) */
	int32_t spec_size;             /* GB / Mbps of linear specs, else 0 */
	time_t effective_time, expire_time, update_time;
	time_t term_start, term_end;   /* the paid period in force (renewals start at term_end) */
	money_t term_paid;             /* paid for [term_start, term_end) */
	money_t renew_paid;            /* paid for renewed periods after term_end */
	money_t usage_per_day;         /* pay-per-use resources: typical daily usage */
};

/* A resource package (ListFreeResourceInfos) and its items. */
struct sim_package {
	char instance_id[40];
	char order_id[24];
	char product_id[32];
	char name_zh[80], name_en[80];
	int16_t service, spec;
	uint8_t region, ep, status, source_type, bundle, reuse_mode;
	time_t effective_time, expire_time;
	int32_t first_item, nitems;
};

struct sim_free_item {
	char id[40];
	int32_t package;
	int16_t usage_type;            /* catalog usage type */
	int16_t measure_id;
	money_t original_amount;       /* per reset cycle for resettable packages */
	money_t remaining;             /* now (current cycle) */
};

/* One deduction from a package item (ListFreeResourcesUsageRecords). */
struct sim_usage_record {
	int32_t item, res;
	time_t deduct_time, start_time, end_time;
	money_t available, used, remaining;
};

/* One bill record (detail level: ListCustomerselfResourceRecords, statistic_type 3). */
struct sim_bill {
	int32_t res;
	int32_t order;                 /* prepaid fees: the order, else -1 */
	int32_t day;                   /* bill date: days since 1970-01-01 in UTC+8 */
	uint8_t bill_type;             /* E-BILLTYPE */
	uint8_t charge_mode;
	uint8_t period_type;           /* bills encoding: 19 year, 20 month, 25 hour, 5 once */
	uint8_t pad;
	money_t official_amount;
	money_t amount;                /* payable: cash + credit + coupon */
	money_t coupon_amount;
	money_t credit_amount;
	money_t usage;                 /* pay-per-use quantity in the usage type's unit */
};

/* The bill records of one billing cycle (UTC+8 month), in bill-date order. */
struct sim_cycle {
	int month;                     /* year * 12 + month - 1 */
	struct sim_bill *v;
	size_t n, cap;
};

struct sim_ep {
	char id[40];
	char name[48];
};

#define ST_NBALANCES 4
#define ST_NEPS 3

/* Growable array of T. */
#define ST_VEC(T) struct { T *v; size_t n, cap; }

struct st_index {
	uint32_t *slots;               /* index + 1; 0 = empty */
	size_t mask;
};

/* The resources one common ListPayPerUseCustomerResources filter lists, in world order. */
struct st_res_list {
	int32_t *v;                    /* owned by the state */
	size_t n;
	bool built;
};

/* status_list masks: a bit per status ST_RES_IN_USE..ST_RES_EXPIRED. */
#define ST_NSTATUS_MASKS (1u << (ST_RES_EXPIRED - ST_RES_IN_USE + 1))

struct sim_state {
	unsigned long seed;
	long scale;
	enum sim_site site;             /* a serving choice: not part of snapshots */
	time_t seed_now;               /* the clock the seed was built for */
	char customer_id[40];
	char user_name[32];
	money_t debt_amount;
	struct sim_balance balances[ST_NBALANCES];
	char project_ids[8][40];       /* one per catalog region */
	struct sim_ep eps[ST_NEPS];
	ST_VEC(struct sim_coupon) coupons;
	ST_VEC(struct sim_order) orders;
	ST_VEC(struct sim_line) lines;
	ST_VEC(struct sim_refund) refunds;
	ST_VEC(struct sim_resource) resources;
	ST_VEC(struct sim_package) packages;
	ST_VEC(struct sim_free_item) items;
	ST_VEC(struct sim_usage_record) usage;   /* in deduct_time order */
	ST_VEC(struct sim_cycle) cycles;         /* in month order */
	long mutations[8];
	uint32_t next_seq;                       /* for ids made while serving */
	struct st_index order_index, resource_index, item_index;
	time_t next_event;             /* sim_state_advance has nothing to do before this; 0 = look */
	/*
	 * st_listed's lists, [only_main][status mask >> ST_RES_IN_USE]: built on first use and
	 * dropped whenever a resource is added or its hidden/status/charge mode changes, so a
	 * page of a big world starts at its offset instead of scanning every resource.
	 */
	struct st_res_list listed[2][ST_NSTATUS_MASKS];
};

/* The currency of every amount (bss-api.md 7: USD everywhere on the international site). */
static inline const char *
st_currency(const struct sim_state *st)
{
	return st->site == SIM_SITE_INTL ? "USD" : "CNY";
}

/* What a rule refused: the HTTP status and CBC code to answer with. */
struct st_err {
	int status;
	const char *code;
	char msg[192];
};

/* One failed item of a batch write (fail_resource_infos / error_details). */
struct st_item_err {
	const char *id;                /* points into the request */
	const char *code;
	const char *msg;
};

/* --- building (seed.c, load) --- */
struct sim_state *st_alloc(void);
struct sim_coupon *st_coupon_new(struct sim_state *st);
struct sim_order *st_order_new(struct sim_state *st);
struct sim_line *st_line_new(struct sim_state *st);
struct sim_refund *st_refund_new(struct sim_state *st);
struct sim_resource *st_resource_new(struct sim_state *st);
struct sim_package *st_package_new(struct sim_state *st);
struct sim_free_item *st_item_new(struct sim_state *st);
struct sim_usage_record *st_usage_new(struct sim_state *st);
/* The cycle of a month, created (in order) when missing. */
struct sim_cycle *st_cycle_get(struct sim_state *st, int month);
struct sim_bill *st_bill_new(struct sim_state *st, int day);
/* Makes the id lookups answer for everything appended so far. */
void st_reindex(struct sim_state *st);

/* --- lookups: index or -1 --- */
int32_t st_find_order(const struct sim_state *st, const char *id);
int32_t st_find_resource(const struct sim_state *st, const char *id);
int32_t st_find_item(const struct sim_state *st, const char *id);
int32_t st_find_coupon(const struct sim_state *st, const char *id);
struct sim_balance *st_balance(struct sim_state *st, int account_type);
/*
 * The prepaid, provisioned (not hidden) resources, only primaries when
 * only_main, only those whose status has its bit in status_mask (0 = any):
 * what ListPayPerUseCustomerResources lists without ids or an order. The
 * list belongs to st and stays valid until st changes.
 */
const struct st_res_list *st_listed(struct sim_state *st, bool only_main, unsigned status_mask);
/* A resource's catalog rtype / service. */
int st_res_rtype(const struct sim_resource *r);
int st_res_service(const struct sim_resource *r);
/* The primary of a resource (itself when primary). */
int32_t st_res_primary(const struct sim_state *st, int32_t res);

/* --- time helpers (UTC+8 billing calendar) --- */
int st_day_of(time_t t);                     /* days since epoch in UTC+8 */
time_t st_day_start(int day);                /* 00:00 UTC+8 of that day, as UTC */
int st_month_of_day(int day);                /* year * 12 + month - 1 */
int st_first_day_of_month(int month);
/* t moved by n calendar months (in UTC+8; the day is clamped to the month's end). */
time_t st_add_months(time_t t, int n);
/* Renewal price of a resource for n periods: monthly price x months (a year = 10 months). */
money_t st_period_price(const struct sim_resource *r, int period_type, int period_num);
/* Monthly list price of a resource (linear specs times their size). */
money_t st_monthly_price(const struct sim_resource *r);

/* --- rules (each applies a whole effect or changes nothing) --- */
struct st_pay_coupon {
	const char *id;
	int type;                      /* 300 discount, 301 cash, 302 flexi, 303 stored-value card */
};
struct st_pay_opts {
	const struct st_pay_coupon *coupons;
	size_t ncoupons;               /* 0..3 */
	const char *discount_id;       /* NULL = no discount */
	int discount_type;
};
/* ListOrderDiscounts id of an order's offer (into buf). */
const char *st_offer_id(const struct sim_order *o, char buf[40]);
/*
 * A coupon's status as of now: an available coupon past its expiry has
 * expired, a not-yet-active one inside its validity is available.
 */
int st_coupon_status(const struct sim_coupon *c, time_t now);
/* Whether a coupon can pay an order now (ListOrderCouponsByOrderId, PayOrders). */
bool st_coupon_usable(const struct sim_coupon *c, time_t now);
/* E-DISCOUNT-ITEM code (amount_info.discounts) of a DiscountInfoV3.discount_type. */
int st_discount_item_code(int discount_type);
/* What choosing an offer takes off the order (two decimals). */
money_t st_offer_amount(const struct sim_order *o);

int st_pay(struct sim_state *st, int32_t order, const struct st_pay_opts *opts, time_t now,
    struct st_err *err);
int st_cancel(struct sim_state *st, int32_t order, time_t now, struct st_err *err);

/*
 * Batch rules: ids[] from the request. Per-resource refusals go to fails[]
 * (capacity n; *nfails set); the rest form one new order (*order_out, -1
 * when every resource failed). They return -1 (err set) only when the whole
 * request is refused and nothing changed.
 */
int st_renew(struct sim_state *st, const char *const *ids, size_t n, int period_type,
    int period_num, bool auto_pay, time_t now, int32_t *order_out,
    struct st_item_err *fails, size_t *nfails, struct st_err *err);
int st_unsubscribe(struct sim_state *st, const char *const *ids, size_t n, int unsubscribe_type,
    time_t now, int32_t *order_out, struct st_item_err *fails, size_t *nfails,
    struct st_err *err);
/* auto_renew_times < 0: not given (unlimited on first enable, else unchanged). */
int st_autorenew_on(struct sim_state *st, const char *id, int auto_renew_times, time_t now,
    struct st_err *err);
int st_autorenew_off(struct sim_state *st, const char *id, time_t now, struct st_err *err);
/* set_up: SET_UP (true) or CANCEL. Returns the number of resources changed. */
size_t st_to_on_demand(struct sim_state *st, const char *const *ids, size_t n, bool set_up,
    time_t now, struct st_item_err *fails, size_t *nfails);

/* Mutation counters: the names of sim_state_count_mutation, in "mutations" order. */
extern const char *const st_mutation_names[];
extern const size_t st_nmutations;

#endif
