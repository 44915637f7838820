/*
 * actions: the money-moving flows, one implementation for the dashboard and
 * the command line: pay, cancel, renew, unsubscribe, auto-renew on/off and
 * change to pay-per-use at expiry on/off.
 *
 * Every action goes the same way:
 *
 *   actions_prepare()   reads what the action needs from the cloud (the
 *                       order, usable coupons and discounts, the balance, the
 *                       resources, the rating API's price) and builds a plan:
 *                       targets, amounts in the cloud's currency, notes, and
 *                       the exact requests that would be sent
 *   (the caller)        shows the preview and asks the user; a pay plan's
 *                       coupons and discount may be re-chosen with
 *                       action_plan_select() without another round trip
 *   actions_execute()   per request: journal intent (fsync) -> request ->
 *                       journal outcome. A request is never sent twice: when
 *                       its answer is lost (timeout, reset, 5xx, unreadable
 *                       2xx) the order or resources are re-read, and what
 *                       actually happened is reported and journalled
 *                       ("how":"reread"), or "unknown" when even that fails.
 *
 * actions_reconcile() does the re-read for journal intents of this profile
 * that have no outcome (a crash between request and outcome), at start-up.
 *
 * --read-only refuses every action in prepare and execute. --dry-run
 * prepares normally and then sends nothing: execute reports the plan's
 * requests as what would have been sent, and writes no journal record.
 *
 * Per-item failures inside a 200 answer (fail_resource_infos,
 * error_details) come back per target, and make the outcome "partial".
 *
 * Lifetime: struct actions borrows the bss client and the journal, which
 * must outlive it. Callbacks run on the loop, never inside the call that
 * started them; what they receive is valid only during the callback unless
 * said otherwise. actions_free() cancels what is pending: those callbacks
 * run first, with "cancelled".
 */
#ifndef BSS_APP_ACTIONS_H
#define BSS_APP_ACTIONS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "api/bss.h"
#include "app/journal.h"
#include "util/money.h"

enum action_kind {
	ACTION_PAY,
	ACTION_CANCEL,
	ACTION_RENEW,
	ACTION_UNSUBSCRIBE,
	ACTION_AUTORENEW_ON,
	ACTION_AUTORENEW_OFF,
	ACTION_ON_DEMAND_ON,     /* change to pay-per-use at expiry (SET_UP) */
	ACTION_ON_DEMAND_OFF,    /* back to the default expiry policy (CANCEL) */
	ACTION_NKINDS
};

/* Most coupons one payment may use (bss-api.md 6.15). */
#define ACTIONS_MAX_COUPONS 3
/* Most resources per renew or unsubscribe call; larger sets are split. */
#define ACTIONS_BATCH 10

/* The journal's action names: "pay", "cancel", "renew", "unsubscribe",
 * "autorenew-on", "autorenew-off", "on-demand-on", "on-demand-off". */
const char *action_kind_name(enum action_kind k);
/* -1 for an unknown name. */
int action_kind_parse(const char *name, enum action_kind *out);

/*
 * "1m".."11m" and "1y".."3y" (the renewal limits of bss-api.md 6.19) to
 * period_type 2 (month) / 3 (year) and period_num. -1 with a message in err.
 */
int action_period_parse(const char *s, int32_t *type, int32_t *num, char *err, size_t errlen);
/* A coupon_type in words ("cash coupon"); "coupon" for one not known. Static. */
const char *action_coupon_type_name(int32_t t);

struct actions_config {
	uv_loop_t *loop;             /* borrowed: for answers that need no request */
	struct bss_client *bss;      /* borrowed */
	struct journal *journal;     /* borrowed */
	const char *profile;         /* copied; goes into the journal */
	const char *endpoint;        /* copied; goes into the journal */
	bool read_only;
	bool dry_run;
};

/* What to do. Only read during actions_prepare(). */
struct action_args {
	enum action_kind kind;
	const char *const *ids;      /* pay, cancel: one order id; else resource ids */
	size_t nids;
	/* pay */
	const char *const *coupon_ids;   /* at most ACTIONS_MAX_COUPONS */
	size_t ncoupons;
	const char *discount_id;         /* NULL: none (a mandatory 609 discount is always used) */
	/* renew */
	int32_t period_type;             /* 2 month, 3 year */
	int32_t period_num;
	bool auto_pay;
};

/* A coupon the cloud says this order can use. */
struct action_coupon {
	const char *id;
	int32_t coupon_type;         /* 1 cash, 2 discount, 3 product, 4 flexi-purchase */
	money_t value;               /* remaining balance, or face value */
	const char *name;            /* plan name */
	const char *expire_time;
	const char *restriction;     /* "cannot be combined with a commercial discount", or "" */
	bool selected;
	money_t deducted;            /* what it takes off this order when selected */
};

/* A discount the cloud says this order can use. */
struct action_discount {
	const char *id;
	int32_t discount_type;       /* 0 promotion, 1 contract, 2 commercial, 3 partner, 609 adjustment */
	money_t amount;              /* what it takes off this order */
	bool selected;
	bool mandatory;              /* 609: must be used, cannot be swapped */
};

/* One row of the preview: an order, or a resource. */
struct action_target {
	const char *id;
	const char *name;            /* resource name or order's service; "" if unknown */
	const char *service;         /* service type name */
	const char *detail;          /* status, expiry, policy: one line */
	bool has_amount;
	money_t amount;              /* order amount, or this resource's rated price */
};

/* A request exactly as it would go on the wire (for --dry-run). */
struct action_request {
	const char *method;
	const char *path;            /* decoded path, as given to api/http */
	const char *body;            /* JSON text; "" when none */
	const char *const *targets;  /* the ids this request acts on */
	size_t ntargets;
};

struct action_preview {
	enum action_kind kind;
	const struct action_target *targets;
	size_t ntargets;
	const char *currency;        /* "CNY", "USD" */
	/* What the action costs or moves, in the cloud's own figures:
	 * pay: the amount to pay after discount and coupons; cancel: the order's
	 * amount (not charged); renew: the rated price (best discount applied);
	 * the others: none. */
	bool has_amount;
	money_t amount;
	bool has_official_amount;    /* list price before discounts */
	money_t official_amount;
	bool has_balance;            /* pay, and renew with auto-pay */
	money_t balance;             /* cash balance now */
	money_t balance_after;
	/* pay */
	const struct action_coupon *coupons;
	size_t ncoupons;
	const struct action_discount *discounts;
	size_t ndiscounts;
	/* renew */
	int32_t period_type;
	int32_t period_num;
	bool auto_pay;
	/* Lines for the confirmation: what stops working, what is skipped, warnings. */
	const char *const *notes;
	size_t nnotes;
	/* Every request execute would send, in order. Zero when nothing needs doing. */
	const struct action_request *requests;
	size_t nrequests;
	/* Unsubscribe: the text the dashboard makes the user type (the resource
	 * name, or its id when it has none). NULL for the other actions. */
	const char *confirm_text;
};

struct actions;
struct action_plan;

struct actions *actions_new(const struct actions_config *cfg);
void actions_free(struct actions *a);

/* The plan's preview; valid until the plan is re-selected or freed. */
const struct action_preview *action_plan_preview(const struct action_plan *p);

/*
 * Pay plans only: chooses coupons (at most ACTIONS_MAX_COUPONS, from the
 * usable ones) and a discount (NULL: none; a mandatory one stays), and
 * recomputes the amounts and the request. 0, or -1 with a message in err
 * (and the plan unchanged).
 */
int action_plan_select(struct action_plan *p, const char *const *coupon_ids, size_t ncoupons,
    const char *discount_id, char *err, size_t errlen);
void action_plan_free(struct action_plan *p);

/*
 * Gets the plan. The callback receives the plan (now the caller's: free
 * it with action_plan_free()) or NULL and a one-line error (valid during the
 * callback). Refused at once (still through the callback) under read-only.
 */
typedef void (*actions_plan_cb)(struct action_plan *plan, const char *error, void *ud);
void actions_prepare(struct actions *a, const struct action_args *args, actions_plan_cb cb,
    void *ud);

struct action_item {
	const char *id;              /* target */
	enum journal_result result;  /* OK, FAILED or UNKNOWN */
	const char *message;         /* "" when OK */
};

struct action_result {
	enum journal_result result;  /* OK, FAILED, PARTIAL or UNKNOWN, over every request */
	bool dry_run;                /* nothing sent: the plan's requests are what would have been */
	bool refused;                /* nothing sent: read-only, or the journal could not be written */
	bool reread;                 /* some outcome came from re-reading, not from the answer */
	const char *message;         /* one line for the status bar or stderr */
	const struct action_item *items;   /* per target */
	size_t nitems;
	const char *const *order_ids;      /* orders created (renew, unsubscribe) */
	size_t norder_ids;
	bool has_refund;             /* unsubscribe: what the cloud refunds */
	money_t refund;
	const char *request_id;      /* of the last answer, "" when none */
};

/*
 * Runs the plan (which must stay alive until the callback; the caller frees
 * it afterwards). The result is valid during the callback.
 */
typedef void (*actions_done_cb)(const struct action_result *r, void *ud);
void actions_execute(struct actions *a, const struct action_plan *plan, actions_done_cb cb,
    void *ud);

/* One journal intent looked at by reconciliation. */
struct action_reconciled {
	const char *journal_id;
	const char *action;
	const char *targets;         /* comma-separated */
	enum journal_result result;  /* what the re-read found; UNKNOWN: still open */
	const char *detail;
};

/*
 * Re-reads the cloud for every intent of this profile and endpoint that has
 * no outcome (or only "unknown"), and journals what it finds
 * ("how":"reconcile"). Torn or unreadable journal lines come back as
 * problems (one line each) so they can be shown. error is set only when
 * the journal cannot be read at all. Everything is valid during the callback.
 */
typedef void (*actions_reconcile_cb)(const struct action_reconciled *items, size_t n,
    const char *const *problems, size_t nproblems, const char *error, void *ud);
void actions_reconcile(struct actions *a, actions_reconcile_cb cb, void *ud);

#endif
