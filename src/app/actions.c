#include "app/actions.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/rateperiod.h"
#include "util/arena.h"
#include "util/buf.h"
#include "util/timeutil.h"
#include "util/xalloc.h"

/* Most resource ids one resource query takes (bss-api.md 6.18). */
#define QUERY_IDS 50
/* Most resource ids one to-on-demand call takes (6.23). */
#define ON_DEMAND_BATCH 100
/*
 * A pending renewal order created this long before the intent still counts
 * as its own when re-reading (our clock and the cloud's may differ a
 * little). An older pending order of the resource would have refused the
 * renewal, so only one made by another client within these seconds could
 * be mistaken for ours.
 */
#define CLOCK_SLACK_S 5

static const char *const kind_names[ACTION_NKINDS] = {
	[ACTION_PAY] = "pay",
	[ACTION_CANCEL] = "cancel",
	[ACTION_RENEW] = "renew",
	[ACTION_UNSUBSCRIBE] = "unsubscribe",
	[ACTION_AUTORENEW_ON] = "autorenew-on",
	[ACTION_AUTORENEW_OFF] = "autorenew-off",
	[ACTION_ON_DEMAND_ON] = "on-demand-on",
	[ACTION_ON_DEMAND_OFF] = "on-demand-off",
};

const char *
action_kind_name(enum action_kind k)
{
	return (unsigned)k < ACTION_NKINDS ? kind_names[k] : "?";
}

int
action_kind_parse(const char *name, enum action_kind *out)
{
	for (int k = 0; k < ACTION_NKINDS; k++) {
		if (strcmp(name, kind_names[k]) == 0) {
			*out = (enum action_kind)k;
			return 0;
		}
	}
	return -1;
}

static bool
is_order_kind(enum action_kind k)
{
	return k == ACTION_PAY || k == ACTION_CANCEL;
}

int
action_period_parse(const char *s, int32_t *type, int32_t *num, char *err, size_t errlen)
{
	int32_t t, n;

	/* The price periods narrowed to what renewal takes (no days or hours, no sign). */
	if (s[0] != '+' && rateperiod_parse(s, &t, &n) == 0 &&
	    ((t == 2 && n <= 11) || (t == 3 && n <= 3))) {
		*type = t;
		*num = n;
		return 0;
	}
	snprintf(err, errlen, "bad period '%s': use 1m..11m (months) or 1y..3y (years)", s);
	return -1;
}

const char *
action_coupon_type_name(int32_t t)
{
	switch (t) {
	case 1: return "cash coupon";
	case 2: return "discount coupon";
	case 3: return "product coupon";
	case 4: return "flexi-purchase coupon";
	default: return "coupon";
	}
}

static const char *
order_status_name(int32_t s)
{
	static const char *const names[] = {
		[1] = "pending approval", [2] = "pending refund", [3] = "processing",
		[4] = "cancelled", [5] = "completed", [6] = "pending payment",
		[9] = "pending confirmation", [10] = "pending delivery",
		[11] = "pending receipt", [12] = "pending pickup",
		[13] = "replacement in progress",
	};

	return s > 0 && (size_t)s < sizeof names / sizeof names[0] && names[s] != NULL ?
	    names[s] : "unknown status";
}

static const char *
resource_status_name(int32_t s)
{
	switch (s) {
	case 2: return "in use";
	case 3: return "closed";
	case 4: return "frozen";
	case 5: return "expired";
	default: return "unknown status";
	}
}

static const char *
policy_name(int32_t p)
{
	switch (p) {
	case 0: return "grace period at expiry";
	case 1: return "pay-per-use at expiry";
	case 2: case 5: return "deleted at expiry";
	case 3: return "auto-renew";
	case 4: return "frozen at expiry";
	default: return "unknown expiry policy";
	}
}

/* Coupon type (ListOrderCouponsByOrderId) -> the type PayOrders wants (6.15). */
static int32_t
coupon_pay_type(int32_t coupon_type)
{
	switch (coupon_type) {
	case 2: return 300;
	case 4: return 302;
	default: return 301;
	}
}

/* --- the context and its jobs ---------------------------------------------- */

struct job;

struct call {
	struct job *job;
	uint64_t id;                 /* 0 once answered */
	struct model *result;
	struct bss_error *err;
};

/*
 * A flow in progress. Each step starts some calls and names the step that
 * runs when they have all answered; flows embed a job as their first member.
 */
struct job {
	struct actions *a;
	struct job *prev, *next;
	struct call **calls;
	size_t ncalls, pending;
	void (*then)(struct job *j);
	uv_timer_t *defer;           /* a step run on the next loop turn, or NULL */
};

struct actions {
	uv_loop_t *loop;
	struct bss_client *bss;
	struct journal *journal;
	char *profile;
	char *endpoint;
	bool read_only;
	bool dry_run;
	bool closing;
	struct job *jobs;
};

struct actions *
actions_new(const struct actions_config *cfg)
{
	struct actions *a = xcalloc(1, sizeof *a);

	a->loop = cfg->loop;
	a->bss = cfg->bss;
	a->journal = cfg->journal;
	a->profile = xstrdup(cfg->profile != NULL ? cfg->profile : "");
	a->endpoint = xstrdup(cfg->endpoint != NULL ? cfg->endpoint : "");
	a->read_only = cfg->read_only;
	a->dry_run = cfg->dry_run;
	return a;
}

static void
job_clear_calls(struct job *j)
{
	for (size_t i = 0; i < j->ncalls; i++) {
		model_free(j->calls[i]->result);
		bss_error_free(j->calls[i]->err);
		free(j->calls[i]);
	}
	j->ncalls = 0;
}

static void
job_start(struct actions *a, struct job *j)
{
	j->a = a;
	j->next = a->jobs;
	if (a->jobs != NULL)
		a->jobs->prev = j;
	a->jobs = j;
}

/* Unlinks the job and frees its calls; the flow frees itself. */
static void
job_end(struct job *j)
{
	struct actions *a = j->a;

	if (j->prev != NULL)
		j->prev->next = j->next;
	else
		a->jobs = j->next;
	if (j->next != NULL)
		j->next->prev = j->prev;
	job_clear_calls(j);
	free(j->calls);
}

static void
call_done(struct model *result, struct bss_error *err, void *ud)
{
	struct call *c = ud;
	struct job *j = c->job;

	c->id = 0;
	c->result = result;
	c->err = err;
	if (--j->pending == 0 && j->then != NULL) {
		void (*then)(struct job *) = j->then;
		j->then = NULL;
		then(j);
	}
}

static struct call *
job_new_call(struct job *j)
{
	struct call *c = xcalloc(1, sizeof *c);

	c->job = j;
	j->calls = xreallocarray(j->calls, j->ncalls + 1, sizeof *j->calls);
	j->calls[j->ncalls++] = c;
	j->pending++;
	return c;
}

/* Starts op (one page, or every page when all is set) as part of the step. */
static struct call *
job_call(struct job *j, enum model_op op, const void *params, bool all)
{
	struct call *c = job_new_call(j);

	if (j->a->closing) {
		/* Answered when the step waits, as a cancellation. */
		c->err = bss_error_new(BSS_ERR_CANCELLED, NULL);
		j->pending--;
		return c;
	}
	c->id = all ? bss_fetch_all(j->a->bss, op, params, 4, call_done, c) :
	    bss_call(j->a->bss, op, params, call_done, c);
	return c;
}

static void
free_handle(uv_handle_t *h)
{
	free(h);
}

static void
deferred(uv_timer_t *t)
{
	struct job *j = t->data;

	uv_close((uv_handle_t *)t, free_handle);
	j->defer = NULL;
	call_done(NULL, NULL, j->calls[j->ncalls - 1]);
}

/*
 * Makes the step wait for the next loop turn: answers that need no request
 * still come later, never inside the call that started the flow.
 */
static void
job_defer(struct job *j)
{
	struct call *c = job_new_call(j);

	c->id = 0;
	j->defer = xmalloc(sizeof *j->defer);
	uv_timer_init(j->a->loop, j->defer);
	j->defer->data = j;
	uv_timer_start(j->defer, deferred, 0, 0);
}

/* Runs then once every call of this step has answered (now, if they have). */
static void
job_wait(struct job *j, void (*then)(struct job *))
{
	if (j->pending == 0)
		then(j);
	else
		j->then = then;
}

void
actions_free(struct actions *a)
{
	if (a == NULL)
		return;
	a->closing = true;
	/* Each cancellation runs its callback now; flows end and unlink. */
	while (a->jobs != NULL) {
		struct job *j = a->jobs;
		bool cancelled = false;

		if (j->defer != NULL) {
			uv_timer_stop(j->defer);
			deferred(j->defer);
			continue;
		}
		for (size_t i = 0; i < j->ncalls && !cancelled; i++)
			if (j->calls[i]->id != 0)
				cancelled = bss_cancel(a->bss, j->calls[i]->id) == 0;
		if (!cancelled)
			die("actions: a job waits on no call");
	}
	free(a->profile);
	free(a->endpoint);
	free(a);
}

/* --- plans ----------------------------------------------------------------- */

/* One mutating request of a plan: its parameters, and what it acts on. */
struct planned {
	enum model_op op;
	union {
		struct bss_pay_orders_params pay;
		struct bss_order_id_params order;
		struct bss_renewal_resources_params renew;
		struct bss_cancel_resources_subscription_params unsub;
		struct bss_auto_renewal_resources_params autorenew;
		struct bss_resource_id_params resource;
		struct bss_update_period_to_on_demand_params on_demand;
	} p;
	bool has_amount;
	money_t amount;
	struct journal_kv *before;   /* state before, for re-reading */
	size_t nbefore;
};

struct action_plan {
	struct arena *arena;
	struct action_preview pv;
	struct planned *reqs;        /* pv.nrequests of them, parallel to pv.requests */
	/* pay: what select() needs */
	unsigned *coupon_forbids;    /* per coupon: bit (1 << discount class) it excludes */
	money_t order_amount;
	int32_t order_status;
	size_t base_notes;           /* notes that do not depend on the choice */
};

const struct action_preview *
action_plan_preview(const struct action_plan *p)
{
	return &p->pv;
}

void
action_plan_free(struct action_plan *p)
{
	if (p == NULL)
		return;
	arena_free(p->arena);
	free(p);
}

static struct action_plan *
plan_new(enum action_kind kind)
{
	struct action_plan *p = xcalloc(1, sizeof *p);

	p->arena = arena_new();
	p->pv.kind = kind;
	p->pv.currency = "CNY";
	return p;
}

static char *
plan_strdup(struct action_plan *p, const char *s)
{
	return arena_strdup(p->arena, s != NULL ? s : "");
}

static char *
plan_printf(struct action_plan *p, const char *fmt, ...) BSS_PRINTF(2, 3);

static char *
plan_printf(struct action_plan *p, const char *fmt, ...)
{
	va_list ap;
	char *tmp, *s;

	va_start(ap, fmt);
	tmp = xvasprintf(fmt, ap);
	va_end(ap);
	s = arena_strdup(p->arena, tmp);
	free(tmp);
	return s;
}

static void
plan_note(struct action_plan *p, const char *fmt, ...) BSS_PRINTF(2, 3);

static void
plan_note(struct action_plan *p, const char *fmt, ...)
{
	const char **notes = arena_calloc(p->arena, p->pv.nnotes + 1, sizeof *notes);
	va_list ap;
	char *tmp;

	va_start(ap, fmt);
	tmp = xvasprintf(fmt, ap);
	va_end(ap);
	if (p->pv.nnotes > 0)
		memcpy(notes, p->pv.notes, p->pv.nnotes * sizeof *notes);
	notes[p->pv.nnotes++] = arena_strdup(p->arena, tmp);
	p->pv.notes = notes;
	free(tmp);
}

/* An array of n string copies in the plan's arena. */
static const char *const *
plan_strv(struct action_plan *p, const char *const *v, size_t n)
{
	const char **out = arena_calloc(p->arena, n > 0 ? n : 1, sizeof *out);

	for (size_t i = 0; i < n; i++)
		out[i] = plan_strdup(p, v[i]);
	return out;
}

static struct journal_kv *
plan_kv(struct action_plan *p, size_t n)
{
	return arena_calloc(p->arena, n > 0 ? n : 1, sizeof(struct journal_kv));
}

/*
 * Adds a request: its parameters are copied in by the caller through the
 * returned struct; plan_seal() then renders every request's text.
 */
static struct planned *
plan_request(struct action_plan *p, enum model_op op)
{
	struct planned *r = arena_calloc(p->arena, p->pv.nrequests + 1, sizeof *r);

	if (p->pv.nrequests > 0)
		memcpy(r, p->reqs, p->pv.nrequests * sizeof *r);
	p->reqs = r;
	r = &p->reqs[p->pv.nrequests++];
	r->op = op;
	return r;
}

/* The ids a request acts on. */
static const char *const *
planned_targets(const struct planned *r, size_t *n)
{
	switch (r->op) {
	case MODEL_OP_PAY_ORDERS:
		*n = 1;
		return &r->p.pay.order_id;
	case MODEL_OP_CANCEL_CUSTOMER_ORDER:
		*n = 1;
		return &r->p.order.order_id;
	case MODEL_OP_RENEWAL_RESOURCES:
		*n = r->p.renew.n_resource_ids;
		return r->p.renew.resource_ids;
	case MODEL_OP_CANCEL_RESOURCES_SUBSCRIPTION:
		*n = r->p.unsub.n_resource_ids;
		return r->p.unsub.resource_ids;
	case MODEL_OP_AUTO_RENEWAL_RESOURCES:
		*n = 1;
		return &r->p.autorenew.resource_id;
	case MODEL_OP_CANCEL_AUTO_RENEWAL_RESOURCES:
		*n = 1;
		return &r->p.resource.resource_id;
	case MODEL_OP_UPDATE_PERIOD_TO_ON_DEMAND:
		*n = r->p.on_demand.n_resource_ids;
		return r->p.on_demand.resource_ids;
	default:
		*n = 0;
		return NULL;
	}
}

/*
 * Renders each request exactly as api/bss would send it. -1 with err when
 * bss refuses the parameters (a documented limit), which is then the
 * plan's error: better refused in the preview than after confirming.
 */
static int
plan_seal(struct action_plan *p, char *err, size_t errlen)
{
	struct action_request *text = arena_calloc(p->arena,
	    p->pv.nrequests > 0 ? p->pv.nrequests : 1, sizeof *text);

	for (size_t i = 0; i < p->pv.nrequests; i++) {
		struct planned *r = &p->reqs[i];
		struct bss_request *built;
		struct bss_error *e;

		if (bss_request_build(r->op, &r->p, BSS_LANG_DEFAULT, &built, &e) != 0) {
			snprintf(err, errlen, "%s", e->message);
			bss_error_free(e);
			return -1;
		}
		text[i].method = plan_strdup(p, built->http.method);
		text[i].path = plan_strdup(p, built->http.path);
		text[i].body = arena_strndup(p->arena, built->http.body != NULL ?
		    (const char *)built->http.body : "", built->http.body_len);
		text[i].targets = planned_targets(r, &text[i].ntargets);
		bss_request_free(built);
	}
	p->pv.requests = text;
	return 0;
}

/* --- prepare ----------------------------------------------------------------- */

struct prepare {
	struct job job;              /* first: the flow is its job */
	struct action_args args;     /* strings below point into plan's arena */
	struct action_plan *plan;
	actions_plan_cb cb;
	void *ud;
	const char *refusal;         /* refused before any request: why */
	struct call *balance;        /* NULL when not asked */
	struct call *details, *coupons, *discounts;
	/* resource kinds: every resource the query returned, by call */
	const struct model_resource **found;   /* per target (primary) */
	const struct model_resource **attached;
	size_t nattached;
};

static void
prepare_finish(struct prepare *f, const char *error)
{
	struct action_plan *plan = error == NULL ? f->plan : NULL;

	if (error != NULL)
		action_plan_free(f->plan);
	job_end(&f->job);
	f->cb(plan, error, f->ud);
	free(f->found);
	free(f->attached);
	free(f);
}

static void
prepare_failf(struct prepare *f, const char *fmt, ...) BSS_PRINTF(2, 3);

static void
prepare_failf(struct prepare *f, const char *fmt, ...)
{
	va_list ap;
	char *msg;

	va_start(ap, fmt);
	msg = xvasprintf(fmt, ap);
	va_end(ap);
	prepare_finish(f, msg);
	free(msg);
}

/* Sets the plan's balance from a balances answer; a failure is only a note. */
static void
take_balance(struct action_plan *p, const struct call *c)
{
	const struct model_balances *b = c->result != NULL ? model_balances(c->result) : NULL;

	if (b == NULL) {
		plan_note(p, "The balance could not be read: %s", c->err != NULL ?
		    c->err->message : "no data");
		return;
	}
	for (size_t i = 0; i < b->n_account_balances; i++) {
		if (b->account_balances[i].account_type == 1) {
			p->pv.has_balance = true;
			p->pv.balance = b->account_balances[i].amount;
			return;
		}
	}
	plan_note(p, "The account has no cash balance.");
}

static void
set_balance_after(struct action_plan *p, money_t due)
{
	char need[MONEY_BUFSZ], have[MONEY_BUFSZ];

	if (!p->pv.has_balance)
		return;
	if (money_sub(p->pv.balance, due, &p->pv.balance_after) != 0)
		p->pv.balance_after = 0;
	if (p->pv.balance_after < 0)
		plan_note(p, "The cash balance (%s %s) does not cover %s %s; the cloud may refuse "
		    "the payment unless credit covers it.",
		    money_format(p->pv.balance, 2, have, sizeof have), p->pv.currency,
		    money_format(due, 2, need, sizeof need), p->pv.currency);
}

/* --- pay and cancel -- */

/*
 * Coupon use limits (bss-api.md 6.15): a limit key with value1 "0" keeps the
 * coupon from being combined with that class of discount. Commercial
 * discounts count as promotions, as the simulator and the console treat them.
 */
enum { DC_PROMOTION = 1, DC_CONTRACT = 2, DC_PARTNER = 4 };

static unsigned
discount_class(int32_t discount_type)
{
	switch (discount_type) {
	case 0: case 2: return DC_PROMOTION;
	case 1: return DC_CONTRACT;
	case 3: return DC_PARTNER;
	default: return 0;
	}
}

static unsigned
coupon_forbids(const struct model_coupon *c)
{
	static const struct { const char *key; unsigned cls; } keys[] = {
		{ "simultaneousUseWithPromotionDiscount", DC_PROMOTION },
		{ "simultaneousUseWithContractDiscount", DC_CONTRACT },
		{ "simultaneousUseWithEmpowerDiscount", DC_PARTNER },
	};
	unsigned mask = 0;

	for (size_t i = 0; i < c->n_use_limits; i++)
		for (size_t k = 0; k < sizeof keys / sizeof keys[0]; k++)
			if (strcmp(c->use_limits[i].limit_key, keys[k].key) == 0 &&
			    strcmp(c->use_limits[i].value1, "0") == 0)
				mask |= keys[k].cls;
	return mask;
}

static const char *
restriction_text(unsigned mask)
{
	switch (mask) {
	case 0: return "";
	case DC_PROMOTION: return "cannot be combined with a promotion or commercial discount";
	case DC_CONTRACT: return "cannot be combined with a contract discount";
	case DC_PARTNER: return "cannot be combined with a partner discount";
	default: return "cannot be combined with some discounts";
	}
}

static int
pay_compute(struct action_plan *p, const char *const *coupon_ids, size_t ncoupons,
    const char *discount_id, char *err, size_t errlen)
{
	struct action_coupon *cs = (struct action_coupon *)p->pv.coupons;
	struct action_discount *ds = (struct action_discount *)p->pv.discounts;
	const struct action_discount *chosen = NULL;
	struct bss_coupon_choice *cc;
	struct bss_discount_choice *dc;
	struct planned *r;
	money_t due = p->order_amount;
	bool cash = false, disc_coupon = false;

	if (ncoupons > ACTIONS_MAX_COUPONS) {
		snprintf(err, errlen, "at most %d coupons can pay one order", ACTIONS_MAX_COUPONS);
		return -1;
	}
	for (size_t i = 0; i < p->pv.ndiscounts; i++) {
		if (discount_id != NULL && strcmp(ds[i].id, discount_id) == 0)
			chosen = &ds[i];
		else if (ds[i].mandatory && discount_id != NULL) {
			snprintf(err, errlen, "the order carries a price adjustment (%s) that must be "
			    "used and cannot be swapped for another discount", ds[i].id);
			return -1;
		}
		if (ds[i].mandatory && discount_id == NULL)
			chosen = &ds[i];
	}
	if (discount_id != NULL && chosen == NULL) {
		snprintf(err, errlen, "discount %s is not one the cloud offers for this order",
		    discount_id);
		return -1;
	}
	for (size_t i = 0; i < ncoupons; i++) {
		bool found = false;
		for (size_t k = 0; k < i; k++) {
			if (strcmp(coupon_ids[k], coupon_ids[i]) == 0) {
				snprintf(err, errlen, "coupon %s is given twice", coupon_ids[i]);
				return -1;
			}
		}
		for (size_t k = 0; k < p->pv.ncoupons; k++) {
			if (strcmp(cs[k].id, coupon_ids[i]) == 0) {
				found = true;
				cash |= cs[k].coupon_type == 1;
				disc_coupon |= cs[k].coupon_type == 2;
			}
		}
		if (!found) {
			snprintf(err, errlen, "coupon %s is not usable for this order", coupon_ids[i]);
			return -1;
		}
	}
	if (cash && disc_coupon) {
		snprintf(err, errlen, "cash coupons and discount coupons cannot pay one order together");
		return -1;
	}
	for (size_t k = 0; chosen != NULL && k < p->pv.ncoupons; k++) {
		for (size_t i = 0; i < ncoupons; i++) {
			if (strcmp(cs[k].id, coupon_ids[i]) == 0 &&
			    (p->coupon_forbids[k] & discount_class(chosen->discount_type))) {
				snprintf(err, errlen, "coupon %s %s", cs[k].id, cs[k].restriction);
				return -1;
			}
		}
	}

	/* Valid: apply in the order given, as the cloud does. */
	for (size_t k = 0; k < p->pv.ndiscounts; k++)
		ds[k].selected = &ds[k] == chosen;
	for (size_t k = 0; k < p->pv.ncoupons; k++) {
		cs[k].selected = false;
		cs[k].deducted = 0;
	}
	if (chosen != NULL)
		due -= chosen->amount < due ? chosen->amount : due;
	cc = arena_calloc(p->arena, ncoupons > 0 ? ncoupons : 1, sizeof *cc);
	for (size_t i = 0; i < ncoupons; i++) {
		for (size_t k = 0; k < p->pv.ncoupons; k++) {
			if (strcmp(cs[k].id, coupon_ids[i]) != 0)
				continue;
			cs[k].selected = true;
			cs[k].deducted = cs[k].value < due ? cs[k].value : due;
			due -= cs[k].deducted;
			cc[i].id = cs[k].id;
			cc[i].type = coupon_pay_type(cs[k].coupon_type);
		}
	}
	p->pv.has_amount = true;
	p->pv.amount = due;
	p->pv.nnotes = p->base_notes;
	set_balance_after(p, due);

	p->pv.nrequests = 0;
	r = plan_request(p, MODEL_OP_PAY_ORDERS);
	r->p.pay.order_id = p->pv.targets[0].id;
	r->p.pay.coupon_infos = cc;
	r->p.pay.n_coupon_infos = ncoupons;
	if (chosen != NULL) {
		dc = arena_calloc(p->arena, 1, sizeof *dc);
		dc->id = chosen->id;
		dc->type = chosen->discount_type;
		r->p.pay.discount_infos = dc;
		r->p.pay.n_discount_infos = 1;
	}
	r->has_amount = true;
	r->amount = due;
	r->before = plan_kv(p, 1);
	r->before[0].key = plan_printf(p, "status:%s", r->p.pay.order_id);
	r->before[0].value = plan_printf(p, "%d", (int)p->order_status);
	r->nbefore = 1;
	return plan_seal(p, err, errlen);
}

int
action_plan_select(struct action_plan *p, const char *const *coupon_ids, size_t ncoupons,
    const char *discount_id, char *err, size_t errlen)
{
	struct action_coupon *cs = (struct action_coupon *)p->pv.coupons;
	struct action_discount *ds = (struct action_discount *)p->pv.discounts;
	struct action_coupon *saved_c;
	struct action_discount *saved_d;
	struct action_preview saved_pv = p->pv;
	struct planned *saved_reqs = p->reqs;
	int rc;

	if (p->pv.kind != ACTION_PAY) {
		snprintf(err, errlen, "only a payment has coupons and discounts to choose");
		return -1;
	}
	/* Keep the old choice to restore when the new one is refused. */
	saved_c = arena_calloc(p->arena, p->pv.ncoupons + 1, sizeof *saved_c);
	saved_d = arena_calloc(p->arena, p->pv.ndiscounts + 1, sizeof *saved_d);
	memcpy(saved_c, cs, p->pv.ncoupons * sizeof *cs);
	memcpy(saved_d, ds, p->pv.ndiscounts * sizeof *ds);
	rc = pay_compute(p, coupon_ids, ncoupons, discount_id, err, errlen);
	if (rc != 0) {
		p->pv = saved_pv;
		p->reqs = saved_reqs;
		memcpy(cs, saved_c, p->pv.ncoupons * sizeof *cs);
		memcpy(ds, saved_d, p->pv.ndiscounts * sizeof *ds);
	}
	return rc;
}

/* The discount's reduction of this order: its line items for order_id. */
static money_t
discount_amount_for(const struct model_discount *d, const char *order_id)
{
	money_t sum = 0;

	for (size_t i = 0; i < d->n_orders; i++) {
		if (strcmp(d->orders[i].order_id, order_id) != 0)
			continue;
		for (size_t k = 0; k < d->orders[i].n_order_line_items; k++)
			money_add(sum, d->orders[i].order_line_items[k].discount_amount, &sum);
	}
	return sum;
}

static void
pay_collect(struct prepare *f, const struct model_order_coupons *oc,
    const struct model_order_discounts *od)
{
	struct action_plan *p = f->plan;
	const char *order_id = p->pv.targets[0].id;
	struct action_coupon *cs = arena_calloc(p->arena, oc->n_user_coupons + 1, sizeof *cs);
	struct action_discount *ds = arena_calloc(p->arena, od->n_discounts + 1, sizeof *ds);

	p->coupon_forbids = arena_calloc(p->arena, oc->n_user_coupons + 1, sizeof *p->coupon_forbids);
	for (size_t i = 0; i < oc->n_user_coupons; i++) {
		const struct model_coupon *c = &oc->user_coupons[i];

		/* Product coupons cannot pay through this API. */
		if (c->coupon_type == 3 || (c->status != 0 && c->status != 2))
			continue;
		cs[p->pv.ncoupons].id = plan_strdup(p, c->coupon_id);
		cs[p->pv.ncoupons].coupon_type = c->coupon_type;
		cs[p->pv.ncoupons].value = c->has_balance ? c->balance : c->face_value;
		cs[p->pv.ncoupons].name = plan_strdup(p, c->plan_name);
		cs[p->pv.ncoupons].expire_time = plan_strdup(p, c->expire_time);
		p->coupon_forbids[p->pv.ncoupons] = coupon_forbids(c);
		cs[p->pv.ncoupons].restriction = restriction_text(p->coupon_forbids[p->pv.ncoupons]);
		p->pv.ncoupons++;
	}
	for (size_t i = 0; i < od->n_discounts; i++) {
		const struct model_discount *d = &od->discounts[i];

		ds[i].id = plan_strdup(p, d->discount_id);
		ds[i].discount_type = d->discount_type;
		ds[i].amount = discount_amount_for(d, order_id);
		ds[i].mandatory = d->discount_type == 609;
	}
	p->pv.coupons = cs;
	p->pv.discounts = ds;
	p->pv.ndiscounts = od->n_discounts;
}

static void
order_steps_done(struct job *j)
{
	struct prepare *f = (struct prepare *)j;
	struct action_plan *p = f->plan;
	const struct model_order_details *d = f->details->result != NULL ?
	    model_order_details(f->details->result) : NULL;
	const struct model_order *o = d != NULL && d->has_order_info ? &d->order_info : NULL;
	struct action_target *t;
	char err[512];

	if (o == NULL || o->order_id[0] == '\0') {
		prepare_failf(f, "order %s: %s", f->args.ids[0], f->details->err != NULL ?
		    f->details->err->message : "the cloud returned no order");
		return;
	}
	if (o->status != 6) {
		prepare_failf(f, "order %s is %s, not pending payment: nothing to %s", o->order_id,
		    order_status_name(o->status), action_kind_name(f->args.kind));
		return;
	}
	t = arena_calloc(p->arena, 1, sizeof *t);
	t->id = plan_strdup(p, o->order_id);
	t->name = plan_strdup(p, o->service_type_name);
	t->service = plan_strdup(p, o->service_type_name);
	t->detail = o->pending_payment_end_time[0] != '\0' ?
	    plan_printf(p, "pending payment, created %s, pay by %s", o->create_time,
		o->pending_payment_end_time) :
	    plan_printf(p, "pending payment, created %s", o->create_time);
	t->has_amount = true;
	t->amount = o->amount_after_discount;
	p->pv.targets = t;
	p->pv.ntargets = 1;
	if (o->currency[0] != '\0')
		p->pv.currency = plan_strdup(p, o->currency);
	p->pv.has_official_amount = true;
	p->pv.official_amount = o->official_amount;
	p->order_amount = o->amount_after_discount;
	p->order_status = o->status;

	if (f->args.kind == ACTION_CANCEL) {
		struct planned *r = plan_request(p, MODEL_OP_CANCEL_CUSTOMER_ORDER);

		r->p.order.order_id = t->id;
		r->has_amount = true;
		r->amount = o->amount_after_discount;
		p->pv.has_amount = true;
		p->pv.amount = o->amount_after_discount;
		plan_note(p, "Cancelling moves no money; the order can no longer be paid.");
		if (plan_seal(p, err, sizeof err) != 0)
			prepare_failf(f, "%s", err);
		else
			prepare_finish(f, NULL);
		return;
	}
	if (f->coupons->result == NULL || f->discounts->result == NULL) {
		const struct call *c = f->coupons->result == NULL ? f->coupons : f->discounts;
		prepare_failf(f, "order %s: %s", o->order_id, c->err != NULL ? c->err->message :
		    "no answer");
		return;
	}
	take_balance(p, f->balance);
	pay_collect(f, model_order_coupons(f->coupons->result),
	    model_order_discounts(f->discounts->result));
	p->base_notes = p->pv.nnotes;
	if (pay_compute(p, f->args.coupon_ids, f->args.ncoupons, f->args.discount_id, err,
	    sizeof err) != 0)
		prepare_failf(f, "%s", err);
	else
		prepare_finish(f, NULL);
}

static void
prepare_order(struct prepare *f)
{
	struct bss_show_customer_order_details_params dp = { .order_id = f->args.ids[0] };
	struct bss_order_id_params op = { .order_id = f->args.ids[0] };

	f->details = job_call(&f->job, MODEL_OP_SHOW_CUSTOMER_ORDER_DETAILS, &dp, false);
	if (f->args.kind == ACTION_PAY) {
		f->coupons = job_call(&f->job, MODEL_OP_LIST_ORDER_COUPONS_BY_ORDER_ID, &op, false);
		f->discounts = job_call(&f->job, MODEL_OP_LIST_ORDER_DISCOUNTS, &op, false);
		f->balance = job_call(&f->job, MODEL_OP_SHOW_CUSTOMER_ACCOUNT_BALANCES, NULL, false);
	}
	job_wait(&f->job, order_steps_done);
}

/* --- resources -- */

static const char *
resource_detail(struct action_plan *p, const struct model_resource *r)
{
	return plan_printf(p, "%s, expires %s, %s", resource_status_name(r->status),
	    r->expire_time[0] != '\0' ? r->expire_time : "(unknown)", policy_name(r->expire_policy));
}

static const char *
resource_label(const struct model_resource *r)
{
	return r->resource_name[0] != '\0' ? r->resource_name : r->resource_id;
}

/* Starts the queries for ids (in chunks the API accepts): primaries and attached. */
static void
query_resources(struct job *j, const char *const *ids, size_t n)
{
	for (size_t i = 0; i < n; i += QUERY_IDS) {
		struct bss_list_pay_per_use_customer_resources_params q = {
			.resource_ids = ids + i,
			.n_resource_ids = n - i < QUERY_IDS ? n - i : QUERY_IDS,
			.only_main_resource = BSS_INT(0),
		};
		job_call(j, MODEL_OP_LIST_PAY_PER_USE_CUSTOMER_RESOURCES, &q, true);
	}
}

/* The resource with this id among the answers of the job's resource queries. */
static const struct model_resource *
find_resource(const struct job *j, const char *id, const struct bss_error **err)
{
	*err = NULL;
	for (size_t i = 0; i < j->ncalls; i++) {
		const struct model_resources *rs = j->calls[i]->result != NULL ?
		    model_resources(j->calls[i]->result) : NULL;

		if (rs == NULL) {
			if (j->calls[i]->err != NULL && *err == NULL)
				*err = j->calls[i]->err;
			continue;
		}
		for (size_t k = 0; k < rs->n_data; k++)
			if (strcmp(rs->data[k].resource_id, id) == 0)
				return &rs->data[k];
	}
	return NULL;
}

static void
add_batches(struct action_plan *p, enum model_op op, size_t per_call)
{
	for (size_t i = 0; i < p->pv.ntargets; i += per_call) {
		size_t n = p->pv.ntargets - i < per_call ? p->pv.ntargets - i : per_call;
		const char **ids = arena_calloc(p->arena, n, sizeof *ids);
		struct planned *r = plan_request(p, op);
		money_t sum = 0;

		for (size_t k = 0; k < n; k++) {
			const struct action_target *t = &p->pv.targets[i + k];
			ids[k] = t->id;
			if (t->has_amount)
				money_add(sum, t->amount, &sum);
		}
		switch (op) {
		case MODEL_OP_RENEWAL_RESOURCES:
			r->p.renew.resource_ids = ids;
			r->p.renew.n_resource_ids = n;
			r->p.renew.period_type = p->pv.period_type;
			r->p.renew.period_num = p->pv.period_num;
			r->p.renew.is_auto_pay = BSS_INT(p->pv.auto_pay ? 1 : 0);
			r->has_amount = p->pv.has_amount;
			r->amount = sum;
			break;
		case MODEL_OP_CANCEL_RESOURCES_SUBSCRIPTION:
			r->p.unsub.resource_ids = ids;
			r->p.unsub.n_resource_ids = n;
			r->p.unsub.unsubscribe_type = 1;
			break;
		default:
			r->p.on_demand.operation = p->pv.kind == ACTION_ON_DEMAND_ON ? "SET_UP" : "CANCEL";
			r->p.on_demand.resource_ids = ids;
			r->p.on_demand.n_resource_ids = n;
			break;
		}
	}
}

/* Records the state re-reading compares against: expiry and policy per target. */
static void
add_before(struct action_plan *p, const struct model_resource *const *found)
{
	size_t t = 0;

	for (size_t i = 0; i < p->pv.nrequests; i++) {
		struct planned *r = &p->reqs[i];
		size_t n;
		const char *const *ids = planned_targets(r, &n);

		r->before = plan_kv(p, 3 * n);
		for (size_t k = 0; k < n; k++) {
			while (strcmp(p->pv.targets[t].id, ids[k]) != 0)
				t++;
			r->before[r->nbefore].key = plan_printf(p, "expire_time:%s", ids[k]);
			r->before[r->nbefore++].value = plan_strdup(p, found[t]->expire_time);
			r->before[r->nbefore].key = plan_printf(p, "expire_policy:%s", ids[k]);
			r->before[r->nbefore++].value = plan_printf(p, "%d", (int)found[t]->expire_policy);
			if (r->op != MODEL_OP_RENEWAL_RESOURCES)
				continue;
			r->before[r->nbefore].key = plan_printf(p, "auto_pay:%s", ids[k]);
			r->before[r->nbefore++].value = plan_strdup(p, p->pv.auto_pay ? "1" : "0");
		}
	}
}

static void
prepare_seal_finish(struct prepare *f)
{
	char err[512];

	add_before(f->plan, f->found);
	if (plan_seal(f->plan, err, sizeof err) != 0)
		prepare_failf(f, "%s", err);
	else
		prepare_finish(f, NULL);
}

/* Auto-renew and pay-per-use at expiry: skip the targets already so. */
static void
prepare_policy(struct prepare *f)
{
	struct action_plan *p = f->plan;
	struct action_target *kept = arena_calloc(p->arena, p->pv.ntargets, sizeof *kept);
	const struct model_resource **kf = xcalloc(p->pv.ntargets, sizeof *kf);
	size_t n = 0;

	for (size_t i = 0; i < p->pv.ntargets; i++) {
		int32_t pol = f->found[i]->expire_policy;
		bool already = (p->pv.kind == ACTION_AUTORENEW_ON && pol == 3) ||
		    (p->pv.kind == ACTION_AUTORENEW_OFF && pol != 3) ||
		    (p->pv.kind == ACTION_ON_DEMAND_ON && pol == 1) ||
		    (p->pv.kind == ACTION_ON_DEMAND_OFF && pol != 1);

		if (already) {
			plan_note(p, "%s (%s) already has %s: skipped", p->pv.targets[i].name,
			    p->pv.targets[i].id, policy_name(pol));
			continue;
		}
		kf[n] = f->found[i];
		kept[n++] = p->pv.targets[i];
	}
	free(f->found);
	f->found = kf;
	p->pv.targets = kept;
	p->pv.ntargets = n;
	if (p->pv.kind == ACTION_ON_DEMAND_ON || p->pv.kind == ACTION_ON_DEMAND_OFF) {
		add_batches(p, MODEL_OP_UPDATE_PERIOD_TO_ON_DEMAND, ON_DEMAND_BATCH);
	} else {
		/* One resource per call: the id is in the path. */
		for (size_t i = 0; i < n; i++) {
			struct planned *r = plan_request(p, p->pv.kind == ACTION_AUTORENEW_ON ?
			    MODEL_OP_AUTO_RENEWAL_RESOURCES : MODEL_OP_CANCEL_AUTO_RENEWAL_RESOURCES);
			if (r->op == MODEL_OP_AUTO_RENEWAL_RESOURCES)
				r->p.autorenew.resource_id = kept[i].id;
			else
				r->p.resource.resource_id = kept[i].id;
		}
	}
	if (n == 0)
		plan_note(p, "Nothing to change.");
	prepare_seal_finish(f);
}

static void
prepare_unsubscribe(struct prepare *f)
{
	struct action_plan *p = f->plan;

	for (size_t i = 0; i < p->pv.ntargets; i++)
		plan_note(p, "%s (%s) stops working now; its data may be deleted.",
		    p->pv.targets[i].name, p->pv.targets[i].id);
	for (size_t i = 0; i < f->nattached; i++)
		plan_note(p, "Attached %s %s (%s) is unsubscribed with it.",
		    f->attached[i]->resource_type_name, resource_label(f->attached[i]),
		    f->attached[i]->resource_id);
	plan_note(p, "The cloud works out the refund on the unsubscription order; "
	    "it is shown once the order exists.");
	p->pv.confirm_text = p->pv.ntargets == 1 ? p->pv.targets[0].name :
	    plan_printf(p, "%zu", p->pv.ntargets);
	add_batches(p, MODEL_OP_CANCEL_RESOURCES_SUBSCRIPTION, ACTIONS_BATCH);
	prepare_seal_finish(f);
}

/*
 * The rated list price of resource id, which is what a renewal order is
 * priced at; *best is the best optional discount's price when the rating
 * offers one (it may apply at payment), else the list price.
 */
static int
rated_price(const struct job *j, const char *id, money_t *official, money_t *best,
    const char **currency)
{
	for (size_t i = 0; i < j->ncalls; i++) {
		const struct model_period_rating *pr = j->calls[i]->result != NULL ?
		    model_period_rating(j->calls[i]->result) : NULL;
		const struct model_official_rating *o;
		bool found = false;

		if (pr == NULL)
			continue;
		o = &pr->official_website_rating_result;
		for (size_t k = 0; k < o->n_product_rating_results; k++) {
			if (strcmp(o->product_rating_results[k].id, id) == 0) {
				*official = *best = o->product_rating_results[k].official_website_amount;
				found = true;
			}
		}
		for (size_t d = 0; found && d < pr->n_optional_discount_rating_results; d++) {
			const struct model_discount_option *opt = &pr->optional_discount_rating_results[d];
			if (opt->best_offer != 1)
				continue;
			for (size_t k = 0; k < opt->n_product_rating_results; k++)
				if (strcmp(opt->product_rating_results[k].id, id) == 0)
					*best = opt->product_rating_results[k].amount;
		}
		if (found) {
			*currency = pr->currency;
			return 0;
		}
	}
	return -1;
}

static void
renew_rated(struct job *j)
{
	struct prepare *f = (struct prepare *)j;
	struct action_plan *p = f->plan;
	struct action_target *ts = (struct action_target *)p->pv.targets;
	money_t total = 0, best_total = 0;
	const char *currency = "";
	char a1[MONEY_BUFSZ], a2[MONEY_BUFSZ];

	for (size_t i = 0; i < p->pv.ntargets; i++) {
		money_t amount, best;

		if (rated_price(j, ts[i].id, &amount, &best, &currency) != 0) {
			const struct bss_error *e = NULL;
			for (size_t k = 0; k < j->ncalls && e == NULL; k++)
				e = j->calls[k]->err;
			prepare_failf(f, "no renewal price for %s: %s", ts[i].id,
			    e != NULL ? e->message : "the rating API did not price it");
			return;
		}
		/* Attached resources renew with their primary and are charged too. */
		for (size_t k = 0; k < f->nattached; k++) {
			money_t aa, ab;
			if (strcmp(f->attached[k]->parent_resource_id, ts[i].id) != 0)
				continue;
			if (rated_price(j, f->attached[k]->resource_id, &aa, &ab, &currency) == 0) {
				money_add(amount, aa, &amount);
				money_add(best, ab, &best);
			}
		}
		ts[i].has_amount = true;
		ts[i].amount = amount;
		money_add(total, amount, &total);
		money_add(best_total, best, &best_total);
	}
	if (currency[0] != '\0')
		p->pv.currency = plan_strdup(p, currency);
	p->pv.has_amount = true;
	p->pv.amount = total;
	p->pv.has_official_amount = true;
	p->pv.official_amount = total;
	for (size_t k = 0; k < f->nattached; k++)
		plan_note(p, "Attached %s %s (%s) is renewed with %s.",
		    f->attached[k]->resource_type_name, resource_label(f->attached[k]),
		    f->attached[k]->resource_id, f->attached[k]->parent_resource_id);
	if (best_total < total)
		plan_note(p, "The rating API lists a discount (%s %s instead of %s); the renewal "
		    "order is priced by the cloud when it is created.",
		    money_format(best_total, 2, a1, sizeof a1), p->pv.currency,
		    money_format(total, 2, a2, sizeof a2));
	if (p->pv.auto_pay) {
		take_balance(p, f->balance);
		set_balance_after(p, total);
	} else {
		plan_note(p, "The renewal order stays pending payment until it is paid.");
	}
	if (p->pv.ntargets > ACTIONS_BATCH)
		plan_note(p, "%zu resources: sent as %zu renewals of at most %d.", p->pv.ntargets,
		    (p->pv.ntargets + ACTIONS_BATCH - 1) / ACTIONS_BATCH, ACTIONS_BATCH);
	add_batches(p, MODEL_OP_RENEWAL_RESOURCES, ACTIONS_BATCH);
	prepare_seal_finish(f);
}

static void
prepare_renew(struct prepare *f)
{
	struct action_plan *p = f->plan;
	size_t n = p->pv.ntargets + f->nattached;
	struct bss_period_product *pp = xcalloc(n, sizeof *pp);
	const struct model_resource **all = xcalloc(n, sizeof *all);
	bool *sent = xcalloc(n, sizeof *sent);

	memcpy(all, f->found, p->pv.ntargets * sizeof *all);
	if (f->nattached > 0)
		memcpy(all + p->pv.ntargets, f->attached, f->nattached * sizeof *all);
	for (size_t i = 0; i < n; i++) {
		const struct model_resource *r = all[i];

		pp[i].id = r->resource_id;
		pp[i].cloud_service_type = r->service_type_code;
		pp[i].resource_type = r->resource_type_code;
		pp[i].resource_spec = r->resource_spec_code;
		pp[i].region = r->region_code;
		if (r->has_spec_size && r->spec_size > 0) {
			pp[i].resource_size = BSS_INT((int32_t)(r->spec_size / MONEY_SCALE));
			pp[i].size_measure_id = BSS_INT(r->spec_size_measure_id);
		}
		pp[i].period_type = p->pv.period_type;
		pp[i].period_num = p->pv.period_num;
		pp[i].subscription_num = 1;
	}
	/* One rating call per project: the API prices within one project. */
	for (size_t i = 0; i < n; i++) {
		struct bss_period_product *group = xcalloc(n, sizeof *group);
		struct bss_list_rate_on_period_detail_params q = { all[i]->project_id, group, 0 };

		if (sent[i]) {
			free(group);
			continue;
		}
		for (size_t k = i; k < n; k++) {
			if (!sent[k] && strcmp(all[k]->project_id, all[i]->project_id) == 0) {
				group[q.n_product_infos++] = pp[k];
				sent[k] = true;
			}
		}
		job_call(&f->job, MODEL_OP_LIST_RATE_ON_PERIOD_DETAIL, &q, false);
		free(group);
	}
	if (p->pv.auto_pay)
		f->balance = job_call(&f->job, MODEL_OP_SHOW_CUSTOMER_ACCOUNT_BALANCES, NULL, false);
	free(pp);
	free(all);
	free(sent);
	job_wait(&f->job, renew_rated);
}

static bool
is_target(const struct action_args *args, const char *id)
{
	for (size_t i = 0; i < args->nids; i++)
		if (strcmp(args->ids[i], id) == 0)
			return true;
	return false;
}

static void
resources_found(struct job *j)
{
	struct prepare *f = (struct prepare *)j;
	struct action_plan *p = f->plan;
	struct action_target *ts = arena_calloc(p->arena, f->args.nids, sizeof *ts);
	const struct bss_error *err;

	f->found = xcalloc(f->args.nids, sizeof *f->found);
	for (size_t i = 0; i < f->args.nids; i++) {
		const struct model_resource *r = find_resource(j, f->args.ids[i], &err);

		if (r == NULL) {
			if (err != NULL)
				prepare_failf(f, "cannot read the resources: %s", err->message);
			else
				prepare_failf(f, "resource %s is not a yearly/monthly resource of this "
				    "account", f->args.ids[i]);
			return;
		}
		if (r->is_main_resource != 1 && r->parent_resource_id[0] != '\0') {
			prepare_failf(f, "%s is attached to %s: %s the primary resource instead",
			    f->args.ids[i], r->parent_resource_id, action_kind_name(f->args.kind));
			return;
		}
		if (r->status == 3 && (f->args.kind == ACTION_RENEW ||
		    f->args.kind == ACTION_UNSUBSCRIBE)) {
			prepare_failf(f, "%s is closed: nothing to %s", f->args.ids[i],
			    action_kind_name(f->args.kind));
			return;
		}
		f->found[i] = r;
		ts[i].id = plan_strdup(p, r->resource_id);
		ts[i].name = plan_strdup(p, resource_label(r));
		ts[i].service = plan_strdup(p, r->service_type_name);
		ts[i].detail = resource_detail(p, r);
	}
	p->pv.targets = ts;
	p->pv.ntargets = f->args.nids;
	/* What is carried along: attached resources of the targets. */
	for (size_t i = 0; i < j->ncalls; i++) {
		const struct model_resources *rs = j->calls[i]->result != NULL ?
		    model_resources(j->calls[i]->result) : NULL;

		for (size_t k = 0; rs != NULL && k < rs->n_data; k++) {
			const struct model_resource *r = &rs->data[k];
			if (r->is_main_resource == 1 || !is_target(&f->args, r->parent_resource_id) ||
			    is_target(&f->args, r->resource_id))
				continue;
			f->attached = xreallocarray(f->attached, f->nattached + 1, sizeof *f->attached);
			f->attached[f->nattached++] = r;
		}
	}
	switch (f->args.kind) {
	case ACTION_RENEW:
		prepare_renew(f);
		break;
	case ACTION_UNSUBSCRIBE:
		prepare_unsubscribe(f);
		break;
	default:
		prepare_policy(f);
		break;
	}
}

static void
refused_step(struct job *j)
{
	struct prepare *f = (struct prepare *)j;

	prepare_failf(f, "%s", f->refusal);
}

static void
prepare_refuse_later(struct prepare *f, const char *why)
{
	f->refusal = why;
	job_defer(&f->job);
	job_wait(&f->job, refused_step);
}

void
actions_prepare(struct actions *a, const struct action_args *args, actions_plan_cb cb, void *ud)
{
	struct prepare *f = xcalloc(1, sizeof *f);
	struct action_plan *p = plan_new(args->kind);
	const char *why = NULL;

	job_start(a, &f->job);
	f->cb = cb;
	f->ud = ud;
	f->plan = p;
	f->args = *args;
	f->args.ids = plan_strv(p, args->ids, args->nids);
	f->args.coupon_ids = plan_strv(p, args->coupon_ids, args->ncoupons);
	f->args.discount_id = args->discount_id != NULL ? plan_strdup(p, args->discount_id) : NULL;
	p->pv.period_type = args->period_type;
	p->pv.period_num = args->period_num;
	p->pv.auto_pay = args->auto_pay;

	if ((unsigned)args->kind >= ACTION_NKINDS)
		why = "unknown action";
	else if (a->read_only)
		why = "read-only mode: actions that move money or change resources are disabled";
	else if (args->nids == 0)
		why = is_order_kind(args->kind) ? "no order given" : "no resource given";
	else if (is_order_kind(args->kind) && args->nids != 1)
		why = "one order at a time";
	else if (args->kind == ACTION_RENEW && !((args->period_type == 2 && args->period_num >= 1 &&
	    args->period_num <= 11) || (args->period_type == 3 && args->period_num >= 1 &&
	    args->period_num <= 3)))
		why = "renewal period must be 1 to 11 months or 1 to 3 years";
	for (size_t i = 0; why == NULL && i < args->nids; i++) {
		if (args->ids[i][0] == '\0')
			why = "an empty id";
		for (size_t k = 0; why == NULL && k < i; k++)
			if (strcmp(args->ids[k], args->ids[i]) == 0)
				why = "an id is given twice";
	}
	if (why != NULL) {
		/* Through the loop like every answer: a refused call still calls back later. */
		prepare_refuse_later(f, why);
		return;
	}
	if (is_order_kind(args->kind)) {
		prepare_order(f);
	} else {
		query_resources(&f->job, f->args.ids, f->args.nids);
		job_wait(&f->job, resources_found);
	}
}

/* --- re-reading what happened ------------------------------------------------- */

/* What the cloud's state says a request did. Heap strings; verdict_clear(). */
struct verdict {
	enum journal_result result;
	struct action_item *items;   /* per target; id and message are heap */
	size_t nitems;
	char *detail;
	char **order_ids;
	size_t norder_ids;
};

static void
verdict_clear(struct verdict *v)
{
	for (size_t i = 0; i < v->nitems; i++) {
		free((char *)v->items[i].id);
		free((char *)v->items[i].message);
	}
	free(v->items);
	free(v->detail);
	for (size_t i = 0; i < v->norder_ids; i++)
		free(v->order_ids[i]);
	free(v->order_ids);
	memset(v, 0, sizeof *v);
}

static void
verdict_item(struct verdict *v, const char *id, enum journal_result r, const char *fmt, ...)
    BSS_PRINTF(4, 5);

static void
verdict_item(struct verdict *v, const char *id, enum journal_result r, const char *fmt, ...)
{
	va_list ap;
	struct action_item *it;

	v->items = xreallocarray(v->items, v->nitems + 1, sizeof *v->items);
	it = &v->items[v->nitems++];
	it->id = xstrdup(id);
	it->result = r;
	va_start(ap, fmt);
	it->message = xvasprintf(fmt, ap);
	va_end(ap);
}

static void
add_order_id(char ***v, size_t *n, const char *id)
{
	for (size_t i = 0; i < *n; i++)
		if (strcmp((*v)[i], id) == 0)
			return;
	*v = xreallocarray(*v, *n + 1, sizeof **v);
	(*v)[(*n)++] = xstrdup(id);
}

/* OK when every item is, FAILED when every item is, UNKNOWN if any is, else PARTIAL. */
static enum journal_result
overall(const struct action_item *items, size_t n)
{
	size_t ok = 0, failed = 0;

	for (size_t i = 0; i < n; i++) {
		if (items[i].result == JOURNAL_UNKNOWN)
			return JOURNAL_UNKNOWN;
		ok += items[i].result == JOURNAL_OK;
		failed += items[i].result == JOURNAL_FAILED;
	}
	if (failed == 0)
		return JOURNAL_OK;
	return ok == 0 ? JOURNAL_FAILED : JOURNAL_PARTIAL;
}

/* The verdict's detail: each item's message, joined. */
static void
verdict_seal(struct verdict *v)
{
	struct buf b = BUF_INIT(0);

	v->result = overall(v->items, v->nitems);
	for (size_t i = 0; i < v->nitems; i++)
		buf_printf(&b, "%s%s: %s", i > 0 ? "; " : "", v->items[i].id, v->items[i].message);
	free(v->detail);
	v->detail = xstrdup(buf_cstr(&b));
	buf_free(&b);
}

typedef void (*verify_cb)(void *ud, const struct verdict *v);

struct verify {
	struct job job;
	enum action_kind kind;
	const char *const *targets;  /* borrowed until the callback */
	size_t ntargets;
	const struct journal_kv *before;
	size_t nbefore;
	time_t since;
	verify_cb cb;
	void *ud;
	struct verdict v;
	bool *pending;               /* renew: targets not yet accounted for */
	size_t order_calls;          /* renew: index of the first per-order resource query */
};

static void
verify_finish(struct verify *f)
{
	verdict_seal(&f->v);
	job_end(&f->job);
	f->cb(f->ud, &f->v);
	verdict_clear(&f->v);
	free(f->pending);
	free(f);
}

static const char *
before_value(const struct verify *f, const char *what, const char *id)
{
	size_t wl = strlen(what);

	for (size_t i = 0; i < f->nbefore; i++) {
		const char *k = f->before[i].key;
		if (strncmp(k, what, wl) == 0 && k[wl] == ':' && strcmp(k + wl + 1, id) == 0)
			return f->before[i].value;
	}
	return NULL;
}

static void
verify_all_unknown(struct verify *f, const struct bss_error *e)
{
	for (size_t i = 0; i < f->ntargets; i++)
		verdict_item(&f->v, f->targets[i], JOURNAL_UNKNOWN, "could not re-read: %s",
		    e != NULL ? e->message : "no answer");
}

static void
verify_order_read(struct job *j)
{
	struct verify *f = (struct verify *)j;
	const struct call *c = j->calls[0];
	const struct model_order_details *d = c->result != NULL ?
	    model_order_details(c->result) : NULL;
	const char *id = f->targets[0];
	int32_t st;

	if (d == NULL || !d->has_order_info) {
		verify_all_unknown(f, c->err);
		verify_finish(f);
		return;
	}
	st = d->order_info.status;
	if (f->kind == ACTION_PAY && (st == 3 || st == 5))
		verdict_item(&f->v, id, JOURNAL_OK, "paid (%s)", order_status_name(st));
	else if (f->kind == ACTION_CANCEL && st == 4)
		verdict_item(&f->v, id, JOURNAL_OK, "%s", "cancelled");
	else
		verdict_item(&f->v, id, JOURNAL_FAILED, "%s: not %s",
		    order_status_name(st), f->kind == ACTION_PAY ? "paid" : "cancelled");
	verify_finish(f);
}

/* Renew, last step: which pending targets appear in the renewal orders found. */
static void
verify_renew_orders_read(struct job *j)
{
	struct verify *f = (struct verify *)j;
	const struct model_orders *os = j->calls[f->order_calls - 1]->result != NULL ?
	    model_orders(j->calls[f->order_calls - 1]->result) : NULL;

	for (size_t i = f->order_calls; i < j->ncalls; i++) {
		const struct call *c = j->calls[i];
		const struct model_resources *rs = c->result != NULL ? model_resources(c->result) : NULL;
		const char *order_id = os->order_infos[i - f->order_calls].order_id;

		if (rs == NULL) {
			verify_all_unknown(f, c->err);
			verify_finish(f);
			return;
		}
		for (size_t t = 0; t < f->ntargets; t++) {
			if (!f->pending[t])
				continue;
			for (size_t k = 0; k < rs->n_data; k++) {
				const char *auto_pay = before_value(f, "auto_pay", f->targets[t]);

				if (strcmp(rs->data[k].resource_id, f->targets[t]) != 0)
					continue;
				f->pending[t] = false;
				add_order_id(&f->v.order_ids, &f->v.norder_ids, order_id);
				/* Asked to pay it: an unpaid order means the payment failed. */
				if (auto_pay != NULL && strcmp(auto_pay, "1") == 0)
					verdict_item(&f->v, f->targets[t], JOURNAL_FAILED,
					    "renewal order %s was created but not paid", order_id);
				else
					verdict_item(&f->v, f->targets[t], JOURNAL_OK,
					    "renewal order %s was created, pending payment", order_id);
				break;
			}
		}
	}
	for (size_t t = 0; t < f->ntargets; t++)
		if (f->pending[t])
			verdict_item(&f->v, f->targets[t], JOURNAL_FAILED,
			    "expiry unchanged and no renewal order since the request: not renewed");
	verify_finish(f);
}

/*
 * Renew, when the expiry did not move: the renewal orders made since the
 * intent that wait for payment, then their resources. (A paid renewal
 * moves the expiry; a completed order found here would be an earlier one.)
 */
static void
verify_renew_orders(struct job *j)
{
	struct verify *f = (struct verify *)j;
	const struct call *c = j->calls[j->ncalls - 1];
	const struct model_orders *os = c->result != NULL ? model_orders(c->result) : NULL;

	if (os == NULL) {
		verify_all_unknown(f, c->err);
		verify_finish(f);
		return;
	}
	f->order_calls = j->ncalls;
	for (size_t i = 0; i < os->n_order_infos; i++) {
		struct bss_list_pay_per_use_customer_resources_params q = {
			.order_id = os->order_infos[i].order_id,
			.only_main_resource = BSS_INT(1),
		};
		job_call(j, MODEL_OP_LIST_PAY_PER_USE_CUSTOMER_RESOURCES, &q, true);
	}
	job_wait(j, verify_renew_orders_read);
}

static bool
expiry_moved(const char *before, const char *now)
{
	time_t b, n;

	return before != NULL && time_parse_iso(before, &b) == 0 &&
	    time_parse_iso(now, &n) == 0 && n > b;
}

static void
verify_resources_read(struct job *j)
{
	struct verify *f = (struct verify *)j;
	const struct bss_error *err;
	bool any_pending = false;

	f->pending = xcalloc(f->ntargets, sizeof *f->pending);
	for (size_t i = 0; i < f->ntargets; i++) {
		const char *id = f->targets[i];
		const struct model_resource *r = find_resource(j, id, &err);
		int32_t pol;

		if (err != NULL) {
			verify_all_unknown(f, err);
			verify_finish(f);
			return;
		}
		pol = r != NULL ? r->expire_policy : -1;
		switch (f->kind) {
		case ACTION_RENEW:
			if (r != NULL && expiry_moved(before_value(f, "expire_time", id), r->expire_time))
				verdict_item(&f->v, id, JOURNAL_OK, "expiry moved from %s to %s",
				    before_value(f, "expire_time", id), r->expire_time);
			else
				any_pending = f->pending[i] = true;
			break;
		case ACTION_UNSUBSCRIBE:
			if (r == NULL || r->status == 3)
				verdict_item(&f->v, id, JOURNAL_OK, "%s", "unsubscribed (closed)");
			else
				verdict_item(&f->v, id, JOURNAL_FAILED, "still %s: not unsubscribed",
				    resource_status_name(r->status));
			break;
		default: {
			bool want_on = f->kind == ACTION_AUTORENEW_ON || f->kind == ACTION_ON_DEMAND_ON;
			int32_t target = f->kind == ACTION_AUTORENEW_ON ||
			    f->kind == ACTION_AUTORENEW_OFF ? 3 : 1;
			if (r == NULL)
				verdict_item(&f->v, id, JOURNAL_FAILED, "%s", "no longer exists");
			else if ((pol == target) == want_on)
				verdict_item(&f->v, id, JOURNAL_OK, "now %s", policy_name(pol));
			else
				verdict_item(&f->v, id, JOURNAL_FAILED, "still %s", policy_name(pol));
			break;
		}
		}
	}
	if (any_pending) {
		char begin[TIME_ISO_BUFSZ], end[TIME_ISO_BUFSZ];
		struct bss_list_customer_orders_params q = {
			.create_time_begin = time_format_iso(f->since - CLOCK_SLACK_S, begin),
			.create_time_end = time_format_iso(time_now() + CLOCK_SLACK_S, end),
			.order_type = "2",
			.status = BSS_INT(6),
		};
		job_call(j, MODEL_OP_LIST_CUSTOMER_ORDERS, &q, true);
		job_wait(j, verify_renew_orders);
		return;
	}
	verify_finish(f);
}

/* Finds out from the cloud what a request whose answer was lost did. */
static void
verify_start(struct actions *a, enum action_kind kind, const char *const *targets, size_t n,
    const struct journal_kv *before, size_t nbefore, time_t since, verify_cb cb, void *ud)
{
	struct verify *f = xcalloc(1, sizeof *f);

	job_start(a, &f->job);
	f->kind = kind;
	f->targets = targets;
	f->ntargets = n;
	f->before = before;
	f->nbefore = nbefore;
	f->since = since;
	f->cb = cb;
	f->ud = ud;
	if (is_order_kind(kind)) {
		struct bss_show_customer_order_details_params q = { .order_id = targets[0] };
		job_call(&f->job, MODEL_OP_SHOW_CUSTOMER_ORDER_DETAILS, &q, false);
		job_wait(&f->job, verify_order_read);
	} else {
		query_resources(&f->job, targets, n);
		job_wait(&f->job, verify_resources_read);
	}
}

/* --- execute ------------------------------------------------------------------- */

struct exec {
	struct job job;
	const struct action_plan *plan;
	actions_done_cb cb;
	void *ud;
	size_t next;                 /* the request being sent */
	struct journal_record intent;
	struct verdict v;            /* items and orders over every request */
	bool reread;
	bool refused;
	char *message;               /* set when something stopped the run */
	char *request_id;
	char *journal_error;         /* the first outcome that could not be written */
	bool has_refund;
	money_t refund;
	size_t refund_calls;         /* index of the first refund query */
};

static void exec_next(struct exec *f);

static void
exec_finish(struct exec *f)
{
	struct action_result r = { 0 };
	const struct action_preview *pv = &f->plan->pv;
	char amount[MONEY_BUFSZ];
	size_t ok = 0;

	r.items = f->v.items;
	r.nitems = f->v.nitems;
	r.result = f->v.nitems > 0 ? overall(f->v.items, f->v.nitems) : JOURNAL_OK;
	r.dry_run = f->job.a->dry_run;
	r.refused = f->refused;
	r.reread = f->reread;
	r.order_ids = (const char *const *)f->v.order_ids;
	r.norder_ids = f->v.norder_ids;
	r.has_refund = f->has_refund;
	r.refund = f->refund;
	r.request_id = f->request_id != NULL ? f->request_id : "";
	for (size_t i = 0; i < f->v.nitems; i++)
		ok += f->v.items[i].result == JOURNAL_OK;
	if (f->message == NULL) {
		if (r.dry_run)
			f->message = xasprintf("dry run: %zu request%s not sent", pv->nrequests,
			    pv->nrequests == 1 ? "" : "s");
		else if (pv->nrequests == 0)
			f->message = xstrdup("nothing to do");
		else if (r.result == JOURNAL_OK && r.has_refund)
			f->message = xasprintf("%s: done; refund %s %s", action_kind_name(pv->kind),
			    money_format(f->refund, 2, amount, sizeof amount), pv->currency);
		else if (r.result == JOURNAL_OK)
			f->message = xasprintf("%s: done for %zu of %zu", action_kind_name(pv->kind),
			    ok, f->v.nitems);
		else
			f->message = xasprintf("%s: %s, done for %zu of %zu%s", action_kind_name(pv->kind),
			    journal_result_name(r.result), ok, f->v.nitems,
			    r.result == JOURNAL_UNKNOWN ? " (checked again at next start)" : "");
	}
	if (f->journal_error != NULL) {
		char *m = xasprintf("%s; the journal could not record an outcome: %s", f->message,
		    f->journal_error);
		free(f->message);
		f->message = m;
	}
	r.message = f->message;
	job_end(&f->job);
	f->cb(&r, f->ud);
	verdict_clear(&f->v);
	free(f->message);
	free(f->request_id);
	free(f->journal_error);
	free(f);
}

/* Every target of requests from..end as not done, with one reason. */
static void
exec_not_sent(struct exec *f, size_t from, const char *why)
{
	for (size_t i = from; i < f->plan->pv.nrequests; i++) {
		size_t n;
		const char *const *ids = planned_targets(&f->plan->reqs[i], &n);
		for (size_t k = 0; k < n; k++)
			verdict_item(&f->v, ids[k], JOURNAL_FAILED, "not sent: %s", why);
	}
}

static void
exec_journal_outcome(struct exec *f, enum journal_result res, enum journal_how how,
    const struct bss_error *e, const char *detail, char *const *orders, size_t norders,
    const struct journal_failure *fails, size_t nfails)
{
	struct journal_record o = { 0 };
	char err[512];

	o.type = JOURNAL_OUTCOME;
	memcpy(o.id, f->intent.id, sizeof o.id);
	o.time = time_now();
	o.result = res;
	o.how = how;
	o.request_id = f->request_id;
	if (e != NULL) {
		o.error_code = e->code[0] != '\0' ? e->code : NULL;
		o.error_msg = e->message;
	}
	o.detail = (char *)detail;
	o.order_ids = (char **)orders;
	o.norder_ids = norders;
	o.failures = (struct journal_failure *)fails;
	o.nfailures = nfails;
	if (journal_append(f->job.a->journal, &o, err, sizeof err) != 0 && f->journal_error == NULL)
		f->journal_error = xstrdup(err);
}

static void
exec_reread(void *ud, const struct verdict *v)
{
	struct exec *f = ud;

	f->reread = true;
	for (size_t i = 0; i < v->nitems; i++)
		verdict_item(&f->v, v->items[i].id, v->items[i].result, "%s", v->items[i].message);
	for (size_t i = 0; i < v->norder_ids; i++)
		add_order_id(&f->v.order_ids, &f->v.norder_ids, v->order_ids[i]);
	exec_journal_outcome(f, v->result, JOURNAL_HOW_REREAD, NULL, v->detail, v->order_ids,
	    v->norder_ids, NULL, 0);
	f->next++;
	exec_next(f);
}

/* The per-item failures of a 200 answer (or of an error whose every item failed). */
static const struct bss_item_failure *
item_failures(const struct model *m, const struct bss_error *e, size_t *n)
{
	const struct model_resource_orders *ro = m != NULL ? model_renewal(m) : NULL;
	const struct model_to_on_demand *od = m != NULL ? model_to_on_demand(m) : NULL;

	if (ro == NULL && m != NULL)
		ro = model_unsubscribe(m);
	if (ro != NULL) {
		*n = ro->n_fail_resource_infos;
		return ro->fail_resource_infos;
	}
	if (od != NULL) {
		*n = od->n_error_details;
		return od->error_details;
	}
	*n = e != NULL ? e->n_items : 0;
	return e != NULL ? e->items : NULL;
}

static void
exec_answered(struct job *j)
{
	struct exec *f = (struct exec *)j;
	const struct planned *req = &f->plan->reqs[f->next];
	const struct call *c = j->calls[j->ncalls - 1];
	const struct model_resource_orders *ro = NULL;
	const struct bss_item_failure *fails;
	struct journal_failure *jf;
	size_t nfails, n, before = f->v.nitems;
	const char *const *ids = planned_targets(req, &n);
	const char *rid;
	enum journal_result res;

	/* This request's id, answered or failed, for the journal's outcome. */
	free(f->request_id);
	rid = c->err != NULL ? c->err->request_id : model_request_id(c->result);
	f->request_id = rid[0] != '\0' ? xstrdup(rid) : NULL;
	if (c->err != NULL && c->err->outcome_unknown &&
	    c->err->kind != BSS_ERR_CANCELLED) {
		/* Never again: find out what the lost request did. */
		verify_start(j->a, f->plan->pv.kind, ids, n, req->before, req->nbefore,
		    f->intent.time, exec_reread, f);
		return;
	}
	fails = item_failures(c->result, c->err, &nfails);
	for (size_t k = 0; k < n; k++) {
		const struct bss_item_failure *bad = NULL;
		for (size_t x = 0; x < nfails; x++)
			if (strcmp(fails[x].id, ids[k]) == 0)
				bad = &fails[x];
		if (bad != NULL) {
			char *m = bss_error_item_message(bad);
			size_t idlen = strlen(ids[k]);
			/* The item's sentence starts with its id; the item already says it. */
			bool prefixed = strncmp(m, ids[k], idlen) == 0 && strncmp(m + idlen, ": ", 2) == 0;
			verdict_item(&f->v, ids[k], JOURNAL_FAILED, "%s", prefixed ? m + idlen + 2 : m);
			free(m);
		} else if (c->err != NULL) {
			verdict_item(&f->v, ids[k], c->err->kind == BSS_ERR_CANCELLED ?
			    JOURNAL_UNKNOWN : JOURNAL_FAILED, "%s", c->err->message);
		} else {
			verdict_item(&f->v, ids[k], JOURNAL_OK, "%s", "");
		}
	}
	if (c->result != NULL) {
		ro = model_renewal(c->result);
		if (ro == NULL)
			ro = model_unsubscribe(c->result);
	}
	for (size_t k = 0; ro != NULL && k < ro->n_order_ids; k++)
		add_order_id(&f->v.order_ids, &f->v.norder_ids, ro->order_ids[k]);
	res = overall(f->v.items + before, f->v.nitems - before);
	jf = xcalloc(nfails + 1, sizeof *jf);
	for (size_t x = 0; x < nfails; x++) {
		jf[x].id = (char *)fails[x].id;
		jf[x].error_code = (char *)fails[x].error_code;
		jf[x].error_msg = (char *)fails[x].error_msg;
	}
	/* A cancelled request (we are shutting down) may have gone out: leave it open. */
	if (c->err == NULL || c->err->kind != BSS_ERR_CANCELLED)
		exec_journal_outcome(f, res, JOURNAL_HOW_RESPONSE, c->err, NULL,
		    ro != NULL ? (char *const *)ro->order_ids : NULL, ro != NULL ? ro->n_order_ids : 0,
		    jf, nfails);
	free(jf);
	f->next++;
	exec_next(f);
}

static void
exec_refunds_read(struct job *j)
{
	struct exec *f = (struct exec *)j;

	f->has_refund = true;
	f->refund = 0;
	for (size_t i = f->refund_calls; i < j->ncalls; i++) {
		const struct model_refund_details *rd = j->calls[i]->result != NULL ?
		    model_refund_details(j->calls[i]->result) : NULL;
		if (rd == NULL) {
			f->has_refund = false;
			break;
		}
		/* Negative records are refunds, positive ones what was consumed or kept. */
		for (size_t k = 0; k < rd->n_refund_infos; k++)
			money_sub(f->refund, rd->refund_infos[k].amount, &f->refund);
	}
	exec_finish(f);
}

static void
exec_next(struct exec *f)
{
	struct actions *a = f->job.a;
	const struct action_plan *p = f->plan;
	const struct planned *req;
	const struct action_request *text;
	char err[512];

	if (f->next == p->pv.nrequests) {
		if (p->pv.kind == ACTION_UNSUBSCRIBE && f->v.norder_ids > 0 && !a->closing) {
			f->refund_calls = f->job.ncalls;
			for (size_t i = 0; i < f->v.norder_ids; i++) {
				struct bss_show_refund_order_details_params q = {
					.order_id = f->v.order_ids[i],
				};
				job_call(&f->job, MODEL_OP_SHOW_REFUND_ORDER_DETAILS, &q, false);
			}
			job_wait(&f->job, exec_refunds_read);
			return;
		}
		exec_finish(f);
		return;
	}
	if (a->closing) {
		exec_not_sent(f, f->next, "cancelled");
		exec_finish(f);
		return;
	}
	req = &p->reqs[f->next];
	text = &p->pv.requests[f->next];
	memset(&f->intent, 0, sizeof f->intent);
	f->intent.type = JOURNAL_INTENT;
	journal_new_id(f->intent.id);
	f->intent.time = time_now();
	f->intent.profile = a->profile;
	f->intent.endpoint = a->endpoint;
	f->intent.action = (char *)action_kind_name(p->pv.kind);
	f->intent.targets = (char **)text->targets;
	f->intent.ntargets = text->ntargets;
	f->intent.has_amount = req->has_amount;
	f->intent.amount = req->amount;
	f->intent.currency = (char *)p->pv.currency;
	f->intent.method = (char *)text->method;
	f->intent.path = (char *)text->path;
	f->intent.body = text->body[0] != '\0' ? (char *)text->body : NULL;
	f->intent.before = req->before;
	f->intent.nbefore = req->nbefore;
	if (journal_append(a->journal, &f->intent, err, sizeof err) != 0) {
		/* No record, no request: an action must never go unrecorded. */
		f->refused = f->next == 0;
		f->message = xasprintf("the action journal cannot be written, so nothing%s was "
		    "sent: %s", f->next == 0 ? "" : " more", err);
		exec_not_sent(f, f->next, "the journal cannot be written");
		exec_finish(f);
		return;
	}
	job_call(&f->job, req->op, &req->p, false);
	job_wait(&f->job, exec_answered);
}

static void
exec_start(struct job *j)
{
	struct exec *f = (struct exec *)j;

	if (j->a->read_only) {
		f->refused = true;
		f->message = xstrdup("read-only mode: nothing was sent");
		exec_not_sent(f, 0, "read-only mode");
		exec_finish(f);
	} else if (j->a->dry_run) {
		exec_finish(f);
	} else {
		exec_next(f);
	}
}

void
actions_execute(struct actions *a, const struct action_plan *plan, actions_done_cb cb, void *ud)
{
	struct exec *f = xcalloc(1, sizeof *f);

	job_start(a, &f->job);
	f->plan = plan;
	f->cb = cb;
	f->ud = ud;
	/* Even the first journal write waits a turn: answers never come inside the call. */
	job_defer(&f->job);
	job_wait(&f->job, exec_start);
}

/* --- reconcile ------------------------------------------------------------------- */

struct reconcile {
	struct job job;
	actions_reconcile_cb cb;
	void *ud;
	struct journal_log *log;
	size_t next;                 /* entry being looked at */
	struct action_reconciled *items;
	size_t nitems;
	char **strings;              /* what items point to */
	size_t nstrings;
	char *error;
};

static char *
rec_keep(struct reconcile *f, char *s)
{
	f->strings = xreallocarray(f->strings, f->nstrings + 1, sizeof *f->strings);
	f->strings[f->nstrings++] = s;
	return s;
}

static void
reconcile_finish(struct reconcile *f)
{
	const char **problems = NULL;
	size_t np = f->log != NULL ? f->log->nproblems : 0;

	if (np > 0)
		problems = xcalloc(np, sizeof *problems);
	for (size_t i = 0; i < np; i++)
		problems[i] = rec_keep(f, xasprintf("%s:%zu: %s", journal_path(f->job.a->journal),
		    f->log->problems[i].line, f->log->problems[i].message));
	job_end(&f->job);
	f->cb(f->items, f->nitems, problems, np, f->error, f->ud);
	free(problems);
	for (size_t i = 0; i < f->nstrings; i++)
		free(f->strings[i]);
	free(f->strings);
	free(f->items);
	free(f->error);
	journal_log_free(f->log);
	free(f);
}

static void reconcile_next(struct reconcile *f);

static bool
mine(const struct actions *a, const struct journal_record *in)
{
	return in->profile != NULL && strcmp(in->profile, a->profile) == 0 &&
	    (in->endpoint == NULL || strcmp(in->endpoint, a->endpoint) == 0);
}

static void
reconciled(void *ud, const struct verdict *v)
{
	struct reconcile *f = ud;
	const struct journal_record *in = f->log->entries[f->next].intent;
	struct action_reconciled *it;
	struct buf targets = BUF_INIT(0);

	for (size_t i = 0; i < in->ntargets; i++) {
		if (i > 0)
			buf_putc(&targets, ',');
		buf_puts(&targets, in->targets[i]);
	}
	f->items = xreallocarray(f->items, f->nitems + 1, sizeof *f->items);
	it = &f->items[f->nitems++];
	it->journal_id = in->id;
	it->action = in->action;
	it->targets = rec_keep(f, xstrdup(buf_cstr(&targets)));
	it->result = v->result;
	it->detail = rec_keep(f, xstrdup(v->detail));
	buf_free(&targets);
	/* Still unknown (the re-read failed): leave the intent open for next time. */
	if (v->result != JOURNAL_UNKNOWN) {
		struct journal_record o = { 0 };
		char err[512];

		o.type = JOURNAL_OUTCOME;
		memcpy(o.id, in->id, sizeof o.id);
		o.time = time_now();
		o.result = v->result;
		o.how = JOURNAL_HOW_RECONCILE;
		o.detail = v->detail;
		o.order_ids = v->order_ids;
		o.norder_ids = v->norder_ids;
		if (journal_append(f->job.a->journal, &o, err, sizeof err) != 0 && f->error == NULL)
			f->error = xstrdup(err);
	}
	f->next++;
	reconcile_next(f);
}

static void
reconcile_next(struct reconcile *f)
{
	struct actions *a = f->job.a;

	for (; f->next < f->log->nentries && !a->closing; f->next++) {
		const struct journal_entry *e = &f->log->entries[f->next];
		enum action_kind kind;

		if (!journal_entry_needs_reconcile(e) || !mine(a, e->intent))
			continue;
		if (action_kind_parse(e->intent->action, &kind) != 0)
			continue;
		/* One at a time: reconciling is rare and must not flood the API. */
		verify_start(a, kind, (const char *const *)e->intent->targets, e->intent->ntargets,
		    e->intent->before, e->intent->nbefore, e->intent->time, reconciled, f);
		return;
	}
	reconcile_finish(f);
}

static void
reconcile_start(struct job *j)
{
	struct reconcile *f = (struct reconcile *)j;
	char err[512];

	if (journal_read(j->a->journal, &f->log, err, sizeof err) != 0) {
		f->error = xstrdup(err);
		reconcile_finish(f);
		return;
	}
	reconcile_next(f);
}

void
actions_reconcile(struct actions *a, actions_reconcile_cb cb, void *ud)
{
	struct reconcile *f = xcalloc(1, sizeof *f);

	job_start(a, &f->job);
	f->cb = cb;
	f->ud = ud;
	job_defer(&f->job);
	job_wait(&f->job, reconcile_start);
}
