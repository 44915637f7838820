/*
 * store: the state of every view the dashboard shows.
 *
 * For each view (balance, coupons, orders, subscriptions, packages, and the
 * daily costs and monthly sum behind the days-left estimate) the store keeps the load state
 * of the latest attempt (idle / loading / ok / error with its message), the
 * last good data (a parsed api/model, shown and marked stale while a
 * refresh fails), when that data was fetched, and the rows the screens show
 * (derived once per delivery: valid coupons by expiry, pending orders,
 * subscriptions soonest first). It also keeps the balance history (this
 * session plus 7 days from the state file), the rows marked for batch
 * actions, and the refresh schedule: one uv timer per schedule (balance on
 * its own, faster one), never two fetches of one view at a time.
 *
 * The store does no I/O itself: a fetcher (store_bss.c for the real API,
 * a fake in tests) starts requests and hands results back with
 * store_deliver(). Nothing here includes curses, curl or cJSON.
 *
 * Lifetime: models handed to store_deliver() belong to the store; pointers
 * returned by the accessors stay valid until the next delivery for that
 * view (the listener is told), so screens re-read after each change.
 */
#ifndef BSS_APP_STORE_H
#define BSS_APP_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>
#include <uv.h>

#include "api/model.h"
#include "util/money.h"

enum store_view_id {
	STORE_BALANCE,
	STORE_COUPONS,
	STORE_ORDERS,
	STORE_RESOURCES,
	STORE_PACKAGES,
	STORE_MONTHLY,      /* this month's sum: the spending rate when there are no costs */
	STORE_COSTS,        /* daily costs of the last STORE_COST_DAYS days: the spending rate */
	STORE_NVIEWS
};

enum store_load { STORE_IDLE, STORE_LOADING, STORE_OK, STORE_ERROR };

/* What a detail view asks for, with the row's id. */
enum store_detail {
	STORE_DETAIL_NONE,
	STORE_DETAIL_ORDER,       /* ShowCustomerOrderDetails: line items */
	STORE_DETAIL_RESOURCE,    /* ListPayPerUseCustomerResources by id, attached ones too */
	STORE_DETAIL_PACKAGE,     /* ListFreeResourceUsages of the package's free resources */
};

struct store_view {
	enum store_load load;     /* of the latest attempt */
	const char *message;      /* the latest failure's message; "" when it succeeded */
	const struct model *model;/* last good data; NULL until the first success */
	time_t fetched_at;        /* when model was fetched; 0 = never */
	bool stale;               /* model is older than a refresh that failed */
	bool in_flight;
	unsigned generation;      /* changes whenever model does */
};

/* Reloading data it holds: what is on show meanwhile is that data, not "loading". */
bool store_view_reloading(const struct store_view *v);

struct store;

struct store_fetcher {
	/*
	 * Starts fetching view v. The fetcher calls store_deliver() exactly
	 * once per started fetch, later (never from inside fetch). Returns 0,
	 * or -1 when it could not start (then nothing is delivered and the
	 * store records `why` as the view's error).
	 */
	int (*fetch)(void *ud, struct store *s, enum store_view_id v, char *why, size_t whylen);
	/*
	 * The same for a detail (ids borrowed for the call): answered with
	 * store_deliver_detail(). A newer detail request replaces an older one.
	 */
	int (*fetch_detail)(void *ud, struct store *s, enum store_detail kind,
	    const char *const *ids, size_t nids, char *why, size_t whylen);
	/*
	 * Optional: the requests it has queued or on the wire now, every page
	 * and action included (what "in flight" means to a user); NULL: the
	 * store counts the views being fetched instead.
	 */
	unsigned (*requests)(void *ud);
};

struct store_options {
	const char *profile;          /* shown in the status bar */
	const char *endpoint;
	bool read_only;
	int expiring_days;            /* subscriptions pane: within N days (0 = 30) */
	money_t balance_threshold;    /* alert below this (0 = no alert) */
	bool has_threshold;
	unsigned balance_interval_s;  /* 0 = 30 */
	unsigned refresh_interval_s;  /* 0 = 300 */
	const char *state_dir;        /* balance samples; NULL = $XDG_STATE_HOME/bssdash */
};

/* Copies what it needs from opt. */
struct store *store_new(const struct store_options *opt);
void store_free(struct store *s);

/* Borrowed until store_free. */
void store_set_fetcher(struct store *s, const struct store_fetcher *f, void *ud);
/* Called after every change of view v (load state or data); v is STORE_NVIEWS for the detail slot. */
void store_set_listener(struct store *s, void (*changed)(void *ud, enum store_view_id v), void *ud);

/* Starts the timers on loop and fetches every view. */
void store_start(struct store *s, uv_loop_t *loop);
/* Closes the timers (the loop must run to finish closing). */
void store_stop(struct store *s);
/* Fetches v now unless a fetch of v is already in flight. */
void store_refresh(struct store *s, enum store_view_id v);
void store_refresh_all(struct store *s);
void store_set_paused(struct store *s, bool paused);
bool store_paused(const struct store *s);

/*
 * The fetcher's answer: m (owned by the store from here on) on success,
 * or NULL and error (copied) on failure.
 */
void store_deliver(struct store *s, enum store_view_id v, struct model *m, const char *error);

const struct store_view *store_view(const struct store *s, enum store_view_id v);

/*
 * The detail slot: one at a time (the detail view on screen). Asking again
 * replaces it; store_deliver_detail() for an older kind/id is dropped.
 */
void store_fetch_detail(struct store *s, enum store_detail kind, const char *const *ids,
    size_t nids);
void store_deliver_detail(struct store *s, enum store_detail kind, const char *id,
    struct model *m, const char *error);
/* The detail's state; kind and id say which one it holds. */
const struct store_view *store_detail(const struct store *s, enum store_detail *kind,
    const char **id);

/*
 * Switches to another account: drops every view's data, marks and detail,
 * and loads that profile's balance history. The caller points the fetcher
 * at the new account first, then calls store_refresh_all().
 */
void store_switch_profile(struct store *s, const char *profile, const char *endpoint,
    bool read_only);
const char *store_view_name(enum store_view_id v);
/* Requests in flight: the fetcher's count (struct store_fetcher.requests). */
unsigned store_in_flight(const struct store *s);
/*
 * The latest error of a view that has not recovered since, with its view's
 * name; "" once every view that failed has loaded again.
 */
const char *store_last_error(const struct store *s);
const struct store_options *store_options(const struct store *s);
/*
 * The data of the screens beyond the overview (app/billing.h), kept beside
 * the store so every screen reaches it the same way. Borrowed; NULL = none.
 */
struct billing;
void store_set_billing(struct store *s, struct billing *b);
struct billing *store_billing(const struct store *s);

/* ---- rows, derived at delivery --------------------------------------- */
/* Valid (status 2 available) coupons, soonest expiry first. */
size_t store_coupon_count(const struct store *s);
const struct model_coupon *store_coupon(const struct store *s, size_t i);
/* Orders pending payment (6) or approval (1), newest first. */
size_t store_order_count(const struct store *s);
const struct model_order *store_order(const struct store *s, size_t i);
/* Every yearly/monthly resource, soonest expiry first. */
size_t store_resource_count(const struct store *s);
const struct model_resource *store_resource(const struct store *s, size_t i);
/* How many of those (a prefix) expire within expiring_days. */
size_t store_expiring_count(const struct store *s);
size_t store_package_count(const struct store *s);
const struct model_package *store_package(const struct store *s, size_t i);

/* Days until t (rounded down, negative when past); false when t is not a time. */
bool store_days_until(const struct store *s, const char *iso, long *days);
/*
 * A package's usage: its free resources are in different units (GB, counts),
 * so it is the one closest to exhaustion that counts: its used and total,
 * and the used share in permille (0-1000; exact integer math).
 */
int store_package_usage(const struct model_package *p, money_t *used, money_t *total);
/* That item (its unit is the package's figures' unit); NULL when the package has none. */
const struct model_free_resource *store_package_item(const struct model_package *p);
/* used / total in permille, clamped to 0-1000. */
int store_permille(money_t used, money_t total);

/* ---- balance ---------------------------------------------------------- */
struct store_sample {
	time_t t;
	money_t amount;
};

/* Available cash (account type 1), in the balances' currency; false before data. */
bool store_cash(const struct store *s, money_t *cash, const char **currency);
/* Samples, oldest first (at most 7 days back). */
const struct store_sample *store_history(const struct store *s, size_t *n);
/* True when a threshold is set and cash is below it. */
bool store_balance_alert(const struct store *s);
/*
 * The spending rate behind days-left: the average daily cost over the days
 * of STORE_COSTS that have costs (from the first day with any to the last
 * day asked for, yesterday: today's costs are still coming in), or, without
 * cost data (ListCosts refused or empty), this month's sum so far divided
 * by the days elapsed. false when neither is known or nothing was spent.
 */
#define STORE_COST_DAYS 30
enum store_rate_basis { STORE_RATE_COSTS, STORE_RATE_MONTH };
struct store_rate {
	money_t per_day;
	enum store_rate_basis basis;
	int days;             /* the days it averages */
	bool stale;           /* its basis failed its last refresh: the figure is older than it looks */
};
bool store_spend_rate(const struct store *s, struct store_rate *r);
/* Days the cash lasts at store_spend_rate(); false when unknown. */
bool store_days_left(const struct store *s, long *days);

/* ---- marks (for batch actions) ----------------------------------------- */
bool store_marked(const struct store *s, enum store_view_id v, const char *id);
void store_toggle_mark(struct store *s, enum store_view_id v, const char *id);
/* The marked ids of v: borrowed, valid until the next mark change. */
const char *const *store_marks(const struct store *s, enum store_view_id v, size_t *n);

/* ---- state file -------------------------------------------------------- */
/* The file the samples go to (for messages); "" when there is no place. */
const char *store_state_path(const struct store *s);

#endif
