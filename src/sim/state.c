#include "sim/state.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim/catalog.h"
#include "sim/seed.h"
#include "util/xalloc.h"

const char *const st_mutation_names[] = {
	"PayOrders", "CancelCustomerOrder", "RenewalResources", "CancelResourcesSubscription",
	"AutoRenewalResources", "CancelAutoRenewalResources", "UpdatePeriodToOnDemand",
};
const size_t st_nmutations = sizeof(st_mutation_names) / sizeof(st_mutation_names[0]);

/* ------------------------------------------------------------------ storage */

static void *
grow(void *v, size_t n, size_t *cap, size_t elsize)
{
	if (n < *cap)
		return v;
	*cap = *cap ? *cap * 2 : 64;
	return xreallocarray(v, *cap, elsize);
}

/* Appends a zeroed element to an ST_VEC and yields its address. */
#define PUSH(vec) ((vec).v = grow((vec).v, (vec).n, &(vec).cap, sizeof(*(vec).v)),         \
	memset(&(vec).v[(vec).n], 0, sizeof(*(vec).v)), &(vec).v[(vec).n++])

struct sim_state *
st_alloc(void)
{
	return xcalloc(1, sizeof(struct sim_state));
}

/* A resource was added or its hidden / status / charge mode changed: st_listed builds again. */
static void
listed_drop(struct sim_state *st)
{
	for (size_t m = 0; m < 2; m++) {
		for (size_t k = 0; k < ST_NSTATUS_MASKS; k++) {
			free(st->listed[m][k].v);
			st->listed[m][k] = (struct st_res_list){ 0 };
		}
	}
}

struct sim_coupon *
st_coupon_new(struct sim_state *st)
{
	struct sim_coupon *c = PUSH(st->coupons);

	c->used_order = -1;
	return c;
}

struct sim_order *
st_order_new(struct sim_state *st)
{
	struct sim_order *o = PUSH(st->orders);

	o->parent = -1;
	o->first_line = (int32_t)st->lines.n;
	o->first_refund = (int32_t)st->refunds.n;
	return o;
}

struct sim_line *
st_line_new(struct sim_state *st)
{
	struct sim_line *l = PUSH(st->lines);

	l->res = -1;
	return l;
}

struct sim_refund *
st_refund_new(struct sim_state *st)
{
	return PUSH(st->refunds);
}

struct sim_resource *
st_resource_new(struct sim_state *st)
{
	struct sim_resource *r = PUSH(st->resources);

	listed_drop(st);
	r->parent = -1;
	r->order = -1;
	r->busy_order = -1;
	return r;
}

struct sim_package *
st_package_new(struct sim_state *st)
{
	struct sim_package *p = PUSH(st->packages);

	p->first_item = (int32_t)st->items.n;
	return p;
}

struct sim_free_item *
st_item_new(struct sim_state *st)
{
	return PUSH(st->items);
}

struct sim_usage_record *
st_usage_new(struct sim_state *st)
{
	return PUSH(st->usage);
}

struct sim_cycle *
st_cycle_get(struct sim_state *st, int month)
{
	size_t i;

	for (i = 0; i < st->cycles.n; i++) {
		if (st->cycles.v[i].month == month)
			return &st->cycles.v[i];
		if (st->cycles.v[i].month > month)
			break;
	}
	/* Keep month order: insert at i. */
	PUSH(st->cycles);
	memmove(&st->cycles.v[i + 1], &st->cycles.v[i],
	    (st->cycles.n - 1 - i) * sizeof(st->cycles.v[0]));
	memset(&st->cycles.v[i], 0, sizeof(st->cycles.v[0]));
	st->cycles.v[i].month = month;
	return &st->cycles.v[i];
}

struct sim_bill *
st_bill_new(struct sim_state *st, int day)
{
	struct sim_cycle *c = st_cycle_get(st, st_month_of_day(day));
	struct sim_bill *b = PUSH(*c);

	b->day = day;
	b->order = -1;
	return b;
}

void
sim_state_free(struct sim_state *st)
{
	if (st == NULL)
		return;
	for (size_t i = 0; i < st->cycles.n; i++)
		free(st->cycles.v[i].v);
	free(st->cycles.v);
	free(st->coupons.v);
	free(st->orders.v);
	free(st->lines.v);
	free(st->refunds.v);
	free(st->resources.v);
	free(st->packages.v);
	free(st->items.v);
	free(st->usage.v);
	free(st->order_index.slots);
	free(st->resource_index.slots);
	free(st->item_index.slots);
	listed_drop(st);
	free(st);
}

struct sim_state *
sim_state_new(unsigned long seed, long scale, time_t now)
{
	struct sim_state *st = st_alloc();

	seed_build(st, seed, scale, now);
	st_reindex(st);
	return st;
}

void
sim_state_set_site(struct sim_state *st, enum sim_site site)
{
	st->site = site;
}

void
sim_state_count_mutation(struct sim_state *st, const char *operation)
{
	for (size_t i = 0; i < st_nmutations; i++)
		if (strcmp(st_mutation_names[i], operation) == 0)
			st->mutations[i]++;
}

/* ------------------------------------------------------------------ id indexes */

/* Open addressing over FNV-1a hashes; the ids themselves stay in the arrays. */
typedef const char *(*key_fn)(const struct sim_state *st, size_t i);

static const char *
order_key(const struct sim_state *st, size_t i)
{
	return st->orders.v[i].id;
}

static const char *
resource_key(const struct sim_state *st, size_t i)
{
	return st->resources.v[i].id;
}

static const char *
item_key(const struct sim_state *st, size_t i)
{
	return st->items.v[i].id;
}

static size_t
hash_id(const char *s)
{
	uint64_t h = 1469598103934665603ULL;

	for (; *s != '\0'; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ULL;
	return (size_t)(h ^ (h >> 29));
}

static void
index_insert(struct st_index *ix, const char *key, size_t i)
{
	size_t s = hash_id(key) & ix->mask;

	while (ix->slots[s] != 0)
		s = (s + 1) & ix->mask;
	ix->slots[s] = (uint32_t)i + 1;
}

static void
index_build(const struct sim_state *st, struct st_index *ix, size_t n, key_fn key)
{
	size_t size = 64;

	while (size < n * 2 + 16)
		size *= 2;
	free(ix->slots);
	ix->slots = xcalloc(size, sizeof(*ix->slots));
	ix->mask = size - 1;
	for (size_t i = 0; i < n; i++)
		index_insert(ix, key(st, i), i);
}

/* Adds element i (just appended, so n = i + 1) to an index, growing it when half full. */
static void
index_add(const struct sim_state *st, struct st_index *ix, size_t i, key_fn key)
{
	if (ix->slots == NULL || (i + 1) * 2 > ix->mask)
		index_build(st, ix, i + 1, key);
	else
		index_insert(ix, key(st, i), i);
}

static int32_t
index_find(const struct sim_state *st, const struct st_index *ix, size_t n, key_fn key,
    const char *id)
{
	size_t s;

	if (ix->slots == NULL || id == NULL)
		return -1;
	for (s = hash_id(id) & ix->mask; ix->slots[s] != 0; s = (s + 1) & ix->mask) {
		size_t i = ix->slots[s] - 1;
		if (i < n && strcmp(key(st, i), id) == 0)
			return (int32_t)i;
	}
	return -1;
}

void
st_reindex(struct sim_state *st)
{
	index_build(st, &st->order_index, st->orders.n, order_key);
	index_build(st, &st->resource_index, st->resources.n, resource_key);
	index_build(st, &st->item_index, st->items.n, item_key);
	/* Seeding and loading write resources directly. */
	listed_drop(st);
}

const struct st_res_list *
st_listed(struct sim_state *st, bool only_main, unsigned status_mask)
{
	struct st_res_list *l = &st->listed[only_main][(status_mask >> ST_RES_IN_USE) %
	    ST_NSTATUS_MASKS];

	if (l->built)
		return l;
	l->v = xmalloc((st->resources.n + 1) * sizeof(*l->v));
	for (size_t i = 0; i < st->resources.n; i++) {
		const struct sim_resource *r = &st->resources.v[i];
		if (!r->hidden && r->charge_mode == ST_CHARGE_PREPAID && !(only_main && r->parent >= 0) &&
		    (status_mask == 0 || (status_mask & (1u << r->status))))
			l->v[l->n++] = (int32_t)i;
	}
	l->built = true;
	return l;
}

int32_t
st_find_order(const struct sim_state *st, const char *id)
{
	return index_find(st, &st->order_index, st->orders.n, order_key, id);
}

int32_t
st_find_resource(const struct sim_state *st, const char *id)
{
	return index_find(st, &st->resource_index, st->resources.n, resource_key, id);
}

int32_t
st_find_item(const struct sim_state *st, const char *id)
{
	return index_find(st, &st->item_index, st->items.n, item_key, id);
}

int32_t
st_find_coupon(const struct sim_state *st, const char *id)
{
	for (size_t i = 0; id != NULL && i < st->coupons.n; i++)
		if (strcmp(st->coupons.v[i].id, id) == 0)
			return (int32_t)i;
	return -1;
}

struct sim_balance *
st_balance(struct sim_state *st, int account_type)
{
	for (size_t i = 0; i < ST_NBALANCES; i++)
		if (st->balances[i].account_type == account_type)
			return &st->balances[i];
	return NULL;
}

int
st_res_rtype(const struct sim_resource *r)
{
	return cat_specs[r->spec].rtype;
}

int
st_res_service(const struct sim_resource *r)
{
	return cat_spec_service(r->spec);
}

int32_t
st_res_primary(const struct sim_state *st, int32_t res)
{
	int32_t p = st->resources.v[res].parent;

	return p >= 0 ? p : res;
}

/* ------------------------------------------------------------------ calendar and prices */

int
st_day_of(time_t t)
{
	long long s = (long long)t + ST_CN_OFFSET;

	return (int)(s >= 0 ? s / ST_DAY : -((-s + ST_DAY - 1) / ST_DAY));
}

time_t
st_day_start(int day)
{
	return (time_t)day * ST_DAY - ST_CN_OFFSET;
}

int
st_month_of_day(int day)
{
	time_t t = (time_t)day * ST_DAY;
	struct tm tm;

	gmtime_r(&t, &tm);
	return (tm.tm_year + 1900) * 12 + tm.tm_mon;
}

int
st_first_day_of_month(int month)
{
	struct tm tm;

	memset(&tm, 0, sizeof(tm));
	tm.tm_year = month / 12 - 1900;
	tm.tm_mon = month % 12;
	tm.tm_mday = 1;
	return (int)(timegm(&tm) / ST_DAY);
}

time_t
st_add_months(time_t t, int n)
{
	static const int mdays[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	time_t shifted = t + ST_CN_OFFSET;
	struct tm tm;
	int y, m, dim;

	gmtime_r(&shifted, &tm);
	m = tm.tm_mon + n;
	y = tm.tm_year + 1900 + (m >= 0 ? m / 12 : -((11 - m) / 12));
	m = ((m % 12) + 12) % 12;
	dim = mdays[m] + (m == 1 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0));
	if (tm.tm_mday > dim)
		tm.tm_mday = dim;
	tm.tm_year = y - 1900;
	tm.tm_mon = m;
	return timegm(&tm) - ST_CN_OFFSET;
}

money_t
st_monthly_price(const struct sim_resource *r)
{
	const struct cat_spec *s = &cat_specs[r->spec];

	return money_round(s->monthly * (s->size_measure_id ? r->spec_size : 1), 2);
}

money_t
st_period_price(const struct sim_resource *r, int period_type, int period_num)
{
	int months = period_type == ST_PERIOD_YEAR ? period_num * 10 : period_num;

	return st_monthly_price(r) * months;
}

/* ------------------------------------------------------------------ money helpers */

#define CENT (MONEY_SCALE / 100)

static money_t
min_money(money_t a, money_t b)
{
	return a < b ? a : b;
}

/*
 * part/whole of x, in whole cents (rounded down). Amounts here are prices
 * with two decimals, so cents keep the products far inside int64.
 */
static money_t
prorate(money_t x, money_t part, money_t whole)
{
	if (whole == 0)
		return 0;
	return (x / CENT) * (part / CENT) / (whole / CENT) * CENT;
}

static void
set_err(struct st_err *err, int status, const char *code, const char *fmt, ...)
    BSS_PRINTF(4, 5);

static void
set_err(struct st_err *err, int status, const char *code, const char *fmt, ...)
{
	va_list ap;

	err->status = status;
	err->code = code;
	va_start(ap, fmt);
	vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
	va_end(ap);
}

/* ------------------------------------------------------------------ ids made while serving */

static void
new_order_id(struct sim_state *st, time_t now, char out[24])
{
	static const char a36[] = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";
	char date[16];
	time_t cn = now + ST_CN_OFFSET;
	struct tm tm;

	gmtime_r(&cn, &tm);
	strftime(date, sizeof(date), "%y%m%d%H%M", &tm);
	do {
		/* Scrambled, so consecutive orders don't look like a counter. */
		uint32_t v = (st->next_seq++ * 2654435761u) % 60466176u;   /* 36^5 */
		char tail[6];
		for (int i = 4; i >= 0; i--) {
			tail[i] = a36[v % 36];
			v /= 36;
		}
		tail[5] = '\0';
		snprintf(out, 24, "CS%s%s", date, tail);
	} while (st_find_order(st, out) >= 0);
}

static int32_t
order_create(struct sim_state *st, int type, int status, int service, time_t now)
{
	struct sim_order *o = st_order_new(st);
	int32_t oi = (int32_t)(o - st->orders.v);
	/* Zeroed: the id's bytes after its NUL go into --state snapshots as they are. */
	char id[24] = { 0 };

	new_order_id(st, now, id);
	o = &st->orders.v[oi];
	memcpy(o->id, id, sizeof(o->id));
	o->order_type = (uint8_t)type;
	o->status = (uint8_t)status;
	o->service = (int16_t)service;
	o->source_type = 1;
	o->create_time = now;
	index_add(st, &st->order_index, (size_t)oi, order_key);
	return oi;
}

/* ------------------------------------------------------------------ pay */

struct pay_plan {
	money_t base;                  /* amount_after_discount before the chosen discount */
	money_t discount;
	money_t coupon, flexi;         /* taken by coupons */
	money_t take[3];
	int32_t coupon_idx[3];
	size_t ncoupons;
	money_t from_cash, from_credit;
};

const char *
st_offer_id(const struct sim_order *o, char buf[40])
{
	snprintf(buf, 40, "DSC-%s", o->id);
	return buf;
}

int
st_discount_item_code(int discount_type)
{
	switch (discount_type) {
	case 0: return 700;   /* promotional discount */
	case 1: return 600;   /* discount/rebate contract */
	case 3: return 607;   /* partner-authorised discount */
	default: return 605;  /* commercial contract discount */
	}
}

money_t
st_offer_amount(const struct sim_order *o)
{
	money_t base = o->amount_after_discount / CENT;

	if (o->offer_type == 0)
		return 0;
	return (base * (MONEY_SCALE - o->offer_ratio) + MONEY_SCALE / 2) / MONEY_SCALE * CENT;
}

int
st_coupon_status(const struct sim_coupon *c, time_t now)
{
	if (c->status == ST_CPN_AVAILABLE && now >= c->expire_time)
		return ST_CPN_EXPIRED;
	if (c->status == ST_CPN_INACTIVE && now >= c->valid_time && now < c->expire_time)
		return ST_CPN_AVAILABLE;
	return c->status;
}

bool
st_coupon_usable(const struct sim_coupon *c, time_t now)
{
	return st_coupon_status(c, now) == ST_CPN_AVAILABLE && c->balance > 0 &&
	    (c->type == ST_COUPON_CASH || c->type == ST_COUPON_DISCOUNT || c->type == ST_COUPON_FLEXI);
}

static int
coupon_kind_of_pay_type(int type)
{
	switch (type) {
	case 300: return ST_COUPON_DISCOUNT;
	case 301: return ST_COUPON_CASH;
	case 302: return ST_COUPON_FLEXI;
	default: return 0;   /* 303 stored-value cards: the account holds none */
	}
}

/* Funds: cash first, then credit (bss-api.md 6.15). */
static int
plan_funds(struct sim_state *st, struct pay_plan *p, money_t due, struct st_err *err,
    const char *code)
{
	struct sim_balance *cash = st_balance(st, ST_ACCT_CASH);
	struct sim_balance *credit = st_balance(st, ST_ACCT_CREDIT);
	money_t c = cash != NULL && cash->amount > 0 ? cash->amount : 0;
	money_t k = credit != NULL && credit->amount > 0 ? credit->amount : 0;
	char need[MONEY_BUFSZ], have[MONEY_BUFSZ];

	p->from_cash = min_money(c, due);
	p->from_credit = due - p->from_cash;
	if (p->from_credit > k) {
		set_err(err, 400, code, "Insufficient balance: %s due, %s available",
		    money_format(due, 2, need, sizeof(need)), money_format(c + k, 2, have, sizeof(have)));
		return -1;
	}
	return 0;
}

static int
plan_payment(struct sim_state *st, const struct sim_order *o, const struct st_pay_opts *opts,
    time_t now, struct pay_plan *p, struct st_err *err)
{
	money_t due;
	int kinds = 0;
	char offer[40];

	memset(p, 0, sizeof(*p));
	p->base = o->amount_after_discount;
	if (opts->discount_id != NULL) {
		if (o->offer_type == 0 || strcmp(opts->discount_id, st_offer_id(o, offer)) != 0 ||
		    opts->discount_type != o->offer_type) {
			set_err(err, 400, "CBC.99003108",
			    "The selected discount %s is not applicable to order %s",
			    opts->discount_id, o->id);
			return -1;
		}
		p->discount = st_offer_amount(o);
	}
	due = p->base - p->discount;
	for (size_t i = 0; i < opts->ncoupons && i < 3; i++) {
		int32_t ci = st_find_coupon(st, opts->coupons[i].id);
		const struct sim_coupon *c;
		int kind = coupon_kind_of_pay_type(opts->coupons[i].type);

		if (ci < 0 || st->coupons.v[ci].type != kind) {
			set_err(err, 400, "CBC.99003112",
			    "Coupon %s does not exist as that type or has been used", opts->coupons[i].id);
			return -1;
		}
		c = &st->coupons.v[ci];
		if (!st_coupon_usable(c, now)) {
			set_err(err, 400, "CBC.99003112", "Coupon %s has been used or is not valid now",
			    c->id);
			return -1;
		}
		if (opts->discount_id != NULL && (c->limits & ST_LIMIT_NO_PROMOTION)) {
			set_err(err, 400, "CBC.99003116",
			    "Coupon %s cannot be combined with the discount", c->id);
			return -1;
		}
		kinds |= 1 << kind;
		p->coupon_idx[i] = ci;
		p->take[i] = min_money(c->balance, due);
		due -= p->take[i];
		if (kind == ST_COUPON_FLEXI)
			p->flexi += p->take[i];
		else
			p->coupon += p->take[i];
	}
	p->ncoupons = opts->ncoupons < 3 ? opts->ncoupons : 3;
	if ((kinds & (1 << ST_COUPON_CASH)) && (kinds & (1 << ST_COUPON_DISCOUNT))) {
		set_err(err, 400, "CBC.99003147",
		    "Cash coupons and discount coupons cannot be used together");
		return -1;
	}
	return plan_funds(st, p, due, err, "CBC.99005003");
}

static uint8_t
bill_period(int period_type)
{
	return period_type == ST_PERIOD_YEAR ? 19 : period_type == ST_PERIOD_ONCE ? 5 : 20;
}

/* Rolls renewed periods that have begun into the term in force. */
static void
roll_term(struct sim_resource *r, time_t now)
{
	if (now >= r->term_end && r->expire_time > r->term_end) {
		r->term_start = r->term_end;
		r->term_end = r->expire_time;
		r->term_paid = r->renew_paid;
		r->renew_paid = 0;
	}
}

static time_t
end_of_day(time_t t)
{
	return st_day_start(st_day_of(t) + 1) - 1;
}

/* What a paid line does to its resource. */
static void
apply_line(struct sim_state *st, const struct sim_order *o, const struct sim_line *l,
    money_t paid, time_t now)
{
	struct sim_resource *r;
	int months = l->period_type == ST_PERIOD_YEAR ? l->period_num * 12 : l->period_num;

	if (l->res < 0)
		return;
	r = &st->resources.v[l->res];
	r->update_time = now;
	if (r->busy_order >= 0 && &st->orders.v[r->busy_order] == o)
		r->busy_order = -1;
	switch (o->order_type) {
	case ST_OT_NEW:
		listed_drop(st);
		r->hidden = 0;
		r->status = ST_RES_IN_USE;
		r->effective_time = r->term_start = now;
		r->expire_time = r->term_end = end_of_day(st_add_months(now, months));
		r->term_paid = paid;
		r->renew_paid = 0;
		break;
	case ST_OT_RENEW:
		roll_term(r, now);
		if (now >= r->term_end) {
			/* Renewing an expired resource: the renewal is the new term. */
			r->term_start = r->expire_time;
			r->term_paid = paid;
			r->expire_time = r->term_end = st_add_months(r->expire_time, months);
		} else {
			r->renew_paid += paid;
			r->expire_time = st_add_months(r->expire_time, months);
		}
		if (r->expire_time > now && (r->status == ST_RES_EXPIRED || r->status == ST_RES_FROZEN)) {
			listed_drop(st);
			r->status = ST_RES_IN_USE;
		}
		break;
	case ST_OT_CHANGE:
		r->spec = l->spec;
		r->term_paid += paid;
		break;
	default:
		break;
	}
}

static void
add_bill(struct sim_state *st, int32_t order, const struct sim_line *l, int bill_type,
    money_t amount, money_t coupon, money_t credit, time_t now)
{
	struct sim_bill *b = st_bill_new(st, st_day_of(now));

	b->res = l->res;
	b->order = order;
	b->bill_type = (uint8_t)bill_type;
	b->charge_mode = ST_CHARGE_PREPAID;
	b->period_type = bill_period(l->period_type);
	b->official_amount = l->official_amount;
	b->amount = amount;
	b->coupon_amount = coupon;
	b->credit_amount = credit;
}

/*
 * Applies a paid order's lines, spreading the discount, coupons and credit
 * over them in proportion to their amounts (the last line takes the rest,
 * so the parts add up to the order exactly). Returns the next running totals.
 */
struct spread {
	money_t whole, discount, coupon, credit;   /* order totals */
	money_t done, done_discount, done_coupon, done_credit;
	size_t left;                               /* lines still to apply */
};

static void
apply_lines(struct sim_state *st, int32_t oi, struct spread *sp, time_t now)
{
	static const int bill_types[] = { [ST_OT_NEW] = 1, [ST_OT_RENEW] = 2, [ST_OT_CHANGE] = 3 };
	const struct sim_order *o = &st->orders.v[oi];
	/* Renewals the system made are billed as automatic renewals. */
	int auto_renewal = o->order_type == ST_OT_RENEW && o->source_type == 8;

	for (int32_t k = 0; k < o->nlines; k++) {
		struct sim_line *l = &st->lines.v[o->first_line + k];
		bool last = --sp->left == 0;
		money_t d = last ? sp->discount - sp->done_discount :
		    prorate(sp->discount, l->amount_after_discount, sp->whole);
		money_t c = last ? sp->coupon - sp->done_coupon :
		    prorate(sp->coupon, l->amount_after_discount, sp->whole);
		money_t k2 = last ? sp->credit - sp->done_credit :
		    prorate(sp->credit, l->amount_after_discount, sp->whole);
		money_t paid = l->amount_after_discount - d;

		sp->done_discount += d;
		sp->done_coupon += c;
		sp->done_credit += k2;
		l->amount_after_discount = paid;
		apply_line(st, &st->orders.v[oi], l, paid, now);
		if (l->res >= 0 && o->order_type < sizeof(bill_types) / sizeof(bill_types[0]) &&
		    bill_types[o->order_type] != 0 && (paid != 0 || l->official_amount != 0))
			add_bill(st, oi, l, auto_renewal ? 8 : bill_types[o->order_type], paid, c, k2, now);
	}
}

static size_t
count_lines(const struct sim_state *st, int32_t oi)
{
	size_t n = (size_t)st->orders.v[oi].nlines;

	for (size_t i = 0; i < st->orders.n; i++)
		if (st->orders.v[i].parent == oi)
			n += (size_t)st->orders.v[i].nlines;
	return n;
}

static void
complete_order(struct sim_order *o, time_t now)
{
	o->status = ST_ORDER_COMPLETED;
	o->payment_time = now;
}

static void
pay_apply(struct sim_state *st, int32_t oi, const struct pay_plan *p, time_t now)
{
	struct sim_order *o = &st->orders.v[oi];
	struct sim_balance *cash = st_balance(st, ST_ACCT_CASH);
	struct sim_balance *credit = st_balance(st, ST_ACCT_CREDIT);
	struct spread sp = { .whole = p->base, .discount = p->discount,
		.coupon = p->coupon + p->flexi, .credit = p->from_credit,
		.left = count_lines(st, oi) };

	if (cash != NULL)
		cash->amount -= p->from_cash;
	if (credit != NULL && p->from_credit != 0) {
		credit->amount -= p->from_credit;
		st->debt_amount += p->from_credit;
	}
	for (size_t i = 0; i < p->ncoupons; i++) {
		struct sim_coupon *c = &st->coupons.v[p->coupon_idx[i]];
		/* Version 1 coupons are single use; version 2 keep what is left. */
		c->balance = c->version == 1 ? 0 : c->balance - p->take[i];
		c->status = c->balance == 0 ? ST_CPN_USED : ST_CPN_AVAILABLE;
		c->used_order = oi;
		c->used_time = now;
	}
	o->discount_amount = p->discount;
	o->discount_code = p->discount != 0 ? st_discount_item_code(o->offer_type) : 0;
	o->amount_after_discount = p->base - p->discount;
	o->coupon_amount = p->coupon;
	o->flexi_amount = p->flexi;
	/* Expiry dates change: let sim_state_advance look at the world again. */
	st->next_event = 0;
	complete_order(o, now);
	apply_lines(st, oi, &sp, now);
	for (size_t i = 0; i < st->orders.n; i++) {
		if (st->orders.v[i].parent != oi)
			continue;
		/* Children keep their own amounts; only the parent records the payment split. */
		complete_order(&st->orders.v[i], now);
		apply_lines(st, (int32_t)i, &sp, now);
	}
}

static int
check_payable(const struct sim_state *st, const struct sim_order *o, time_t now, bool cancel,
    struct st_err *err)
{
	if (o->parent >= 0) {
		set_err(err, 400, "CBC.99000089",
		    "Order %s is part of combined order %s; use the combined order ID", o->id,
		    st->orders.v[o->parent].id);
		return -1;
	}
	if (o->status != ST_ORDER_PENDING) {
		if (cancel)
			set_err(err, 400, "CBC.99005010",
			    "The status of order %s (%d) does not allow cancellation", o->id, o->status);
		else
			set_err(err, 400, "CBC.99003106",
			    "The status of order %s has changed (%d); it cannot be paid", o->id, o->status);
		return -1;
	}
	if (!cancel && o->pay_deadline != 0 && now > o->pay_deadline) {
		set_err(err, 400, "CBC.99003110",
		    "The payment deadline of order %s has passed; submit the order again", o->id);
		return -1;
	}
	return 0;
}

int
st_pay(struct sim_state *st, int32_t oi, const struct st_pay_opts *opts, time_t now,
    struct st_err *err)
{
	struct pay_plan plan;

	if (check_payable(st, &st->orders.v[oi], now, false, err) != 0 ||
	    plan_payment(st, &st->orders.v[oi], opts, now, &plan, err) != 0)
		return -1;
	pay_apply(st, oi, &plan, now);
	sim_state_count_mutation(st, "PayOrders");
	return 0;
}

static void
release_order(struct sim_state *st, int32_t oi)
{
	for (size_t i = 0; i < st->resources.n; i++)
		if (st->resources.v[i].busy_order == oi)
			st->resources.v[i].busy_order = -1;
}

int
st_cancel(struct sim_state *st, int32_t oi, time_t now, struct st_err *err)
{
	if (check_payable(st, &st->orders.v[oi], now, true, err) != 0)
		return -1;
	st->orders.v[oi].status = ST_ORDER_CANCELLED;
	for (size_t i = 0; i < st->orders.n; i++)
		if (st->orders.v[i].parent == oi)
			st->orders.v[i].status = ST_ORDER_CANCELLED;
	release_order(st, oi);
	sim_state_count_mutation(st, "CancelCustomerOrder");
	return 0;
}

/* ------------------------------------------------------------------ resource batch rules */

/* A yearly/monthly resource the API can see, or -1. */
static int32_t
find_prepaid(const struct sim_state *st, const char *id)
{
	int32_t i = st_find_resource(st, id);

	if (i < 0 || st->resources.v[i].hidden || st->resources.v[i].charge_mode != ST_CHARGE_PREPAID)
		return -1;
	return i;
}

static void
add_fail(struct st_item_err *fails, size_t *nfails, const char *id, const char *code,
    const char *msg)
{
	fails[*nfails].id = id;
	fails[*nfails].code = code;
	fails[*nfails].msg = msg;
	(*nfails)++;
}

/* The batch refused every resource: answer with the first refusal. */
static int
all_failed(const struct st_item_err *fails, struct st_err *err)
{
	set_err(err, 400, fails[0].code, "%s: %s", fails[0].msg, fails[0].id);
	return -1;
}

static bool
busy_refusal(const struct sim_state *st, const struct sim_resource *r, const char **code,
    const char **msg, const char *pending_code, const char *processing_code)
{
	if (r->busy_order < 0)
		return false;
	if (st->orders.v[r->busy_order].status == ST_ORDER_PENDING) {
		*code = pending_code;
		*msg = "Resource is contained in a pending-payment order";
	} else {
		*code = processing_code;
		*msg = "Resource has an order in progress";
	}
	return true;
}

/* Calls fn for a primary and each resource attached to it. */
static void
for_group(struct sim_state *st, int32_t primary,
    void (*fn)(struct sim_state *st, int32_t res, void *arg), void *arg)
{
	fn(st, primary, arg);
	for (size_t i = 0; i < st->resources.n; i++)
		if (st->resources.v[i].parent == primary)
			fn(st, (int32_t)i, arg);
}

struct renew_ctx {
	int32_t order;
	int period_type, period_num;
	money_t total;
	bool mark_busy;
};

static void
renew_line(struct sim_state *st, int32_t res, void *arg)
{
	struct renew_ctx *c = arg;
	struct sim_line *l = st_line_new(st);
	struct sim_resource *r = &st->resources.v[res];
	int months = c->period_type == ST_PERIOD_YEAR ? c->period_num * 12 : c->period_num;

	l->order = c->order;
	l->res = res;
	l->spec = r->spec;
	l->period_type = (uint8_t)c->period_type;
	l->period_num = (uint8_t)c->period_num;
	l->subscription_num = 1;
	l->effective_time = r->expire_time;
	l->expire_time = st_add_months(r->expire_time, months);
	l->official_amount = l->amount_after_discount =
	    st_period_price(r, c->period_type, c->period_num);
	c->total += l->official_amount;
	if (c->mark_busy)
		r->busy_order = c->order;
}

static void
sum_renewal(struct sim_state *st, int32_t res, void *arg)
{
	struct renew_ctx *c = arg;

	c->total += st_period_price(&st->resources.v[res], c->period_type, c->period_num);
}

/*
 * The renewal order of primaries ok[] (and what is attached to them): paid
 * with plan, or left pending (and holding them) without one.
 */
static int32_t
renewal_order(struct sim_state *st, const int32_t *ok, size_t nok, struct renew_ctx *ctx,
    const struct pay_plan *plan, int source_type, time_t now)
{
	struct sim_order *o;

	ctx->order = order_create(st, ST_OT_RENEW, ST_ORDER_PENDING,
	    st_res_service(&st->resources.v[ok[0]]), now);
	ctx->mark_busy = plan == NULL;
	ctx->total = 0;
	for (size_t i = 0; i < nok; i++)
		for_group(st, ok[i], renew_line, ctx);
	o = &st->orders.v[ctx->order];
	o->nlines = (int32_t)st->lines.n - o->first_line;
	o->official_amount = o->amount_after_discount = ctx->total;
	o->pay_deadline = now + ST_PAY_WINDOW;
	o->ep = st->resources.v[ok[0]].ep;
	o->source_type = (uint8_t)source_type;
	if (plan != NULL)
		pay_apply(st, ctx->order, plan, now);
	return ctx->order;
}

int
st_renew(struct sim_state *st, const char *const *ids, size_t n, int period_type,
    int period_num, bool auto_pay, time_t now, int32_t *order_out,
    struct st_item_err *fails, size_t *nfails, struct st_err *err)
{
	int32_t ok[16];
	size_t nok = 0;
	int months = period_type == ST_PERIOD_YEAR ? period_num * 12 : period_num;
	struct renew_ctx ctx = { .order = -1, .period_type = period_type, .period_num = period_num };
	struct pay_plan plan;

	*nfails = 0;
	*order_out = -1;
	for (size_t i = 0; i < n && i < 16; i++) {
		int32_t ri = find_prepaid(st, ids[i]);
		const struct sim_resource *r = ri >= 0 ? &st->resources.v[ri] : NULL;
		const char *code, *msg;

		if (r == NULL || r->status == ST_RES_CLOSED)
			add_fail(fails, nfails, ids[i], "CBC.99003016",
			    "The resource has been deleted after expiry or does not exist");
		else if (r->parent >= 0)
			add_fail(fails, nfails, ids[i], "CBC.30010036",
			    "The renewed resource is not a primary resource");
		else if (busy_refusal(st, r, &code, &msg, "CBC.99003100", "CBC.99003144"))
			add_fail(fails, nfails, ids[i], code, msg);
		else if (st_add_months(r->expire_time, months) >
		    st_add_months(now, ST_MAX_PREPAID_MONTHS))
			add_fail(fails, nfails, ids[i], "CBC.99003154",
			    "The purchased plus renewed duration exceeds the maximum");
		else
			ok[nok++] = ri;
	}
	if (nok == 0)
		return all_failed(fails, err);
	for (size_t i = 0; i < nok; i++)
		for_group(st, ok[i], sum_renewal, &ctx);
	memset(&plan, 0, sizeof(plan));
	plan.base = ctx.total;
	if (auto_pay && plan_funds(st, &plan, ctx.total, err, "CBC.30050006") != 0) {
		snprintf(err->msg, sizeof(err->msg),
		    "Automatic payment of the renewal order failed: insufficient balance");
		return -1;
	}
	*order_out = renewal_order(st, ok, nok, &ctx, auto_pay ? &plan : NULL, 1, now);
	sim_state_count_mutation(st, "RenewalResources");
	return 0;
}

struct unsub_ctx {
	int32_t order;
	int type;
	time_t now;
	money_t refund, consumed;
};

static money_t
unused_part(const struct sim_resource *r, time_t now)
{
	long long total, left;

	if (now < r->effective_time + ST_FULL_REFUND_WINDOW)
		return r->term_paid;
	if (now >= r->term_end || r->term_end <= r->term_start)
		return 0;
	total = (r->term_end - r->term_start + ST_DAY - 1) / ST_DAY;
	left = (r->term_end - now) / ST_DAY;
	/* Whole cents, rounded down: the refund never exceeds what is unused. */
	return r->term_paid / total * left / CENT * CENT;
}

static void
refund_record(struct sim_state *st, struct unsub_ctx *c, int32_t res, money_t amount)
{
	struct sim_refund *f = st_refund_new(st);

	f->order = c->order;
	f->res = res;
	f->base_order = st->resources.v[res].order;
	f->amount = amount;
}

static void
unsubscribe_one(struct sim_state *st, int32_t res, void *arg)
{
	struct unsub_ctx *c = arg;
	struct sim_resource *r = &st->resources.v[res];
	money_t back, kept = 0;
	struct sim_bill *b;

	roll_term(r, c->now);
	if (c->type == 2) {
		back = r->renew_paid;
		if (back != 0)
			refund_record(st, c, res, -back);
		r->expire_time = r->term_end;
	} else {
		money_t unused = unused_part(r, c->now);
		money_t paid = r->term_paid + r->renew_paid;
		if (unused < 0)
			unused = 0;
		back = unused + r->renew_paid;
		kept = r->term_paid - unused;
		if (paid != 0)
			refund_record(st, c, res, -paid);
		if (kept != 0)
			refund_record(st, c, res, kept);
		listed_drop(st);
		r->status = ST_RES_CLOSED;
		r->expire_time = r->term_end = c->now;
		r->term_paid = 0;
	}
	r->renew_paid = 0;
	r->update_time = c->now;
	c->refund += back;
	c->consumed += kept;
	if (back != 0) {
		b = st_bill_new(st, st_day_of(c->now));
		b->res = res;
		b->order = c->order;
		b->bill_type = 4;
		b->charge_mode = ST_CHARGE_PREPAID;
		b->period_type = bill_period(r->period_type);
		b->official_amount = b->amount = -back;
	}
}

int
st_unsubscribe(struct sim_state *st, const char *const *ids, size_t n, int type, time_t now,
    int32_t *order_out, struct st_item_err *fails, size_t *nfails, struct st_err *err)
{
	int32_t ok[16];
	size_t nok = 0;
	struct unsub_ctx ctx = { .type = type, .now = now };
	struct sim_balance *cash = st_balance(st, ST_ACCT_CASH);
	struct sim_order *o;

	*nfails = 0;
	*order_out = -1;
	for (size_t i = 0; i < n && i < 16; i++) {
		int32_t ri = find_prepaid(st, ids[i]);
		struct sim_resource *r = ri >= 0 ? &st->resources.v[ri] : NULL;
		const char *code, *msg;

		if (r != NULL)
			roll_term(r, now);
		if (r == NULL)
			add_fail(fails, nfails, ids[i], "CBC.99003012", "The resource ID does not exist");
		else if (r->status == ST_RES_CLOSED)
			add_fail(fails, nfails, ids[i], "CBC.30000067",
			    "The resource has been deleted or is not managed; it cannot be unsubscribed");
		else if (r->parent >= 0)
			add_fail(fails, nfails, ids[i], "CBC.99003185",
			    "The cloud service must be unsubscribed as a whole (use the primary resource)");
		else if (r->status == ST_RES_FROZEN)
			add_fail(fails, nfails, ids[i], "CBC.30000052", "The resource is frozen");
		else if (busy_refusal(st, r, &code, &msg, "CBC.99003100", "CBC.99003651"))
			add_fail(fails, nfails, ids[i], code, msg);
		else if (type == 2 && r->renew_paid == 0)
			add_fail(fails, nfails, ids[i], "CBC.99003128",
			    "The resource has no renewed periods that have not started");
		else
			ok[nok++] = ri;
	}
	if (nok == 0)
		return all_failed(fails, err);
	ctx.order = order_create(st, ST_OT_UNSUBSCRIBE, ST_ORDER_COMPLETED,
	    st_res_service(&st->resources.v[ok[0]]), now);
	for (size_t i = 0; i < nok; i++)
		for_group(st, ok[i], unsubscribe_one, &ctx);
	o = &st->orders.v[ctx.order];
	o->nrefunds = (int32_t)st->refunds.n - o->first_refund;
	o->official_amount = o->amount_after_discount = ctx.refund;
	o->consumed_amount = ctx.consumed;
	o->payment_time = now;
	o->ep = st->resources.v[ok[0]].ep;
	if (cash != NULL)
		cash->amount += ctx.refund;
	st->next_event = 0;
	*order_out = ctx.order;
	sim_state_count_mutation(st, "CancelResourcesSubscription");
	return 0;
}

/* ------------------------------------------------------------------ expiry policies */

struct policy_ctx {
	int policy;
	int times;                     /* < 0: leave auto_renew_times alone */
	time_t now;
};

static void
set_policy(struct sim_state *st, int32_t res, void *arg)
{
	const struct policy_ctx *c = arg;
	struct sim_resource *r = &st->resources.v[res];

	r->expire_policy = (uint8_t)c->policy;
	if (c->times >= 0)
		r->auto_renew_times = (uint8_t)c->times;
	r->update_time = c->now;
}

static int32_t
find_policy_target(struct sim_state *st, const char *id, struct st_err *err)
{
	int32_t ri = find_prepaid(st, id);

	if (ri < 0 || st->resources.v[ri].status == ST_RES_CLOSED) {
		set_err(err, 400, "CBC.99003012", "The resource ID does not exist: %s", id);
		return -1;
	}
	/* An attached resource carries its primary (and so the whole group) along. */
	return st_res_primary(st, ri);
}

int
st_autorenew_on(struct sim_state *st, const char *id, int times, time_t now, struct st_err *err)
{
	int32_t p = find_policy_target(st, id, err);
	struct policy_ctx c = { .policy = ST_EXP_AUTORENEW, .times = times, .now = now };
	const struct sim_resource *r;

	if (p < 0)
		return -1;
	r = &st->resources.v[p];
	if (r->status == ST_RES_EXPIRED || r->status == ST_RES_FROZEN) {
		set_err(err, 400, "CBC.99003602",
		    "The resource has expired or is frozen; auto-renewal cannot be enabled: %s", id);
		return -1;
	}
	if (times < 0 && r->expire_policy != ST_EXP_AUTORENEW)
		c.times = 0;
	for_group(st, p, set_policy, &c);
	sim_state_count_mutation(st, "AutoRenewalResources");
	return 0;
}

int
st_autorenew_off(struct sim_state *st, const char *id, time_t now, struct st_err *err)
{
	int32_t p = find_policy_target(st, id, err);
	struct policy_ctx c = { .policy = ST_EXP_GRACE, .times = 0, .now = now };

	if (p < 0)
		return -1;
	if (st->resources.v[p].expire_policy != ST_EXP_AUTORENEW) {
		set_err(err, 400, "CBC.99003605", "Auto-renewal has already been cancelled: %s", id);
		return -1;
	}
	for_group(st, p, set_policy, &c);
	sim_state_count_mutation(st, "CancelAutoRenewalResources");
	return 0;
}

size_t
st_to_on_demand(struct sim_state *st, const char *const *ids, size_t n, bool set_up, time_t now,
    struct st_item_err *fails, size_t *nfails)
{
	size_t changed = 0;
	struct st_err err;

	*nfails = 0;
	for (size_t i = 0; i < n; i++) {
		int32_t p = find_policy_target(st, ids[i], &err);
		struct policy_ctx c = { .times = -1, .now = now };

		if (p < 0) {
			add_fail(fails, nfails, ids[i], "CBC.99003012", "The resource ID does not exist");
			continue;
		}
		if (st->resources.v[p].status == ST_RES_EXPIRED ||
		    st->resources.v[p].status == ST_RES_FROZEN) {
			add_fail(fails, nfails, ids[i], "CBC.99003610",
			    "The resource is in its grace or retention period");
			continue;
		}
		if (set_up)
			c.policy = ST_EXP_TO_ONDEMAND;
		else if (st->resources.v[p].expire_policy == ST_EXP_TO_ONDEMAND)
			c.policy = ST_EXP_GRACE;
		else
			c.policy = st->resources.v[p].expire_policy;
		for_group(st, p, set_policy, &c);
		changed++;
	}
	if (changed > 0)
		sim_state_count_mutation(st, "UpdatePeriodToOnDemand");
	return changed;
}

/* ------------------------------------------------------------------ the clock */

struct status_ctx {
	int status;
	time_t now;
};

static void
set_status(struct sim_state *st, int32_t res, void *arg)
{
	const struct status_ctx *c = arg;
	struct sim_resource *r = &st->resources.v[res];

	listed_drop(st);
	r->status = (uint8_t)c->status;
	r->update_time = c->now;
}

static void
set_on_demand(struct sim_state *st, int32_t res, void *arg)
{
	struct sim_resource *r = &st->resources.v[res];

	listed_drop(st);
	r->charge_mode = ST_CHARGE_ONDEMAND;
	r->update_time = *(const time_t *)arg;
}

/* Auto-renewal at the end of a term, by the system, as the balance allows. */
static bool
auto_renew(struct sim_state *st, int32_t p, time_t when)
{
	struct sim_resource *r = &st->resources.v[p];
	struct renew_ctx ctx = { .order = -1, .period_type = r->period_type ? r->period_type :
		ST_PERIOD_MONTH, .period_num = r->period_num ? r->period_num : 1 };
	struct pay_plan plan;
	struct st_err err;

	for_group(st, p, sum_renewal, &ctx);
	memset(&plan, 0, sizeof(plan));
	plan.base = ctx.total;
	if (plan_funds(st, &plan, ctx.total, &err, "CBC.30050006") != 0)
		return false;
	renewal_order(st, &p, 1, &ctx, &plan, 8, when);
	r = &st->resources.v[p];
	/* A limited number of renewals counts down; 0 means unlimited. */
	if (r->auto_renew_times > 0 && --r->auto_renew_times == 0) {
		struct policy_ctx c = { .policy = ST_EXP_GRACE, .times = 0, .now = when };
		for_group(st, p, set_policy, &c);
	}
	return true;
}

/* What happens to primary p when its term has ended; the next time to look at it. */
static time_t
advance_one(struct sim_state *st, int32_t p, time_t now)
{
	struct sim_resource *r = &st->resources.v[p];
	struct status_ctx c = { .now = now };
	int renewals = 0;

	if (r->status == ST_RES_IN_USE) {
		while (now > r->expire_time && r->expire_policy == ST_EXP_AUTORENEW && renewals++ < 120 &&
		    auto_renew(st, p, r->expire_time + 1))
			r = &st->resources.v[p];
		if (now <= r->expire_time)
			return r->expire_time + 1;
		if (r->expire_policy == ST_EXP_TO_ONDEMAND) {
			for_group(st, p, set_on_demand, &now);
			return 0;
		}
		c.status = ST_RES_EXPIRED;
		for_group(st, p, set_status, &c);
	}
	if (r->status == ST_RES_EXPIRED && now > r->expire_time + ST_GRACE_PERIOD) {
		c.status = ST_RES_FROZEN;
		for_group(st, p, set_status, &c);
	}
	if (r->status == ST_RES_FROZEN && now > r->expire_time + ST_GRACE_PERIOD + ST_RETENTION_PERIOD) {
		c.status = ST_RES_CLOSED;
		for_group(st, p, set_status, &c);
	}
	switch (st->resources.v[p].status) {
	case ST_RES_EXPIRED: return r->expire_time + ST_GRACE_PERIOD + 1;
	case ST_RES_FROZEN: return r->expire_time + ST_GRACE_PERIOD + ST_RETENTION_PERIOD + 1;
	default: return 0;
	}
}

/*
 * A primary whose term has ended takes its expiry policy with everything
 * attached, then retention, then deletion (see advance_one). Cheap when
 * nothing is due. Not a client's operation: nothing is counted.
 */
void
sim_state_advance(struct sim_state *st, time_t now)
{
	time_t next = 0;

	if (st->next_event != 0 && now < st->next_event)
		return;
	for (size_t i = 0; i < st->resources.n; i++) {
		const struct sim_resource *r = &st->resources.v[i];
		time_t t;
		if (r->parent >= 0 || r->hidden || r->charge_mode != ST_CHARGE_PREPAID ||
		    r->status == ST_RES_CLOSED)
			continue;
		t = advance_one(st, (int32_t)i, now);
		if (t != 0 && (next == 0 || t < next))
			next = t;
	}
	/* Nothing pending: look again in a day (a write may set a new expiry before then). */
	st->next_event = next != 0 ? next : now + ST_DAY;
}
