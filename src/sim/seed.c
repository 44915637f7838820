#include "sim/seed.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim/catalog.h"
#include "sim/state.h"
#include "util/xalloc.h"

#define CENT (MONEY_SCALE / 100)
#define YUAN(y, c) ((money_t)(y) * MONEY_SCALE + (money_t)(c) * CENT)

/* ------------------------------------------------------------------ randomness */

struct rng {
	uint64_t s;
};

/* splitmix64: tiny, fast and the same on every platform. */
static uint64_t
rnd(struct rng *r)
{
	uint64_t z = (r->s += 0x9E3779B97F4A7C15ULL);

	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
	return z ^ (z >> 31);
}

/* Uniform in [lo, hi]. */
static int
rnd_int(struct rng *r, int lo, int hi)
{
	return lo + (int)(rnd(r) % (uint64_t)(hi - lo + 1));
}

static void
rnd_hex(struct rng *r, char *out, size_t n)
{
	static const char hex[] = "0123456789abcdef";

	for (size_t i = 0; i < n; i++)
		out[i] = hex[rnd(r) & 15];
	out[n] = '\0';
}

static void
rnd_uuid(struct rng *r, char out[40])
{
	char h[33];

	rnd_hex(r, h, 32);
	h[12] = '4';
	h[16] = "89ab"[rnd(r) & 3];
	snprintf(out, 40, "%.8s-%.4s-%.4s-%.4s-%.12s", h, h + 8, h + 12, h + 16, h + 20);
}

/* ------------------------------------------------------------------ context */

struct bill_event {
	int day;
	int32_t order, line;
	uint8_t bill_type;
};

struct seed {
	struct sim_state *st;
	struct rng rng;
	time_t now;
	int today;                     /* st_day_of(now) */
	int first_day, last_day;       /* bills cover [first_day, last_day] */
	bool large;
	uint32_t order_seq;
	ST_VEC(struct bill_event) events;
};

static time_t
end_of_day(int day)
{
	return st_day_start(day + 1) - 1;
}

static int
spec(const char *code)
{
	int i = cat_spec_find(code);

	if (i < 0)
		die("seed: no spec %s in the catalog", code);
	return i;
}

static int
months_period_type(int months)
{
	return months % 12 == 0 ? ST_PERIOD_YEAR : ST_PERIOD_MONTH;
}

static int
months_period_num(int months)
{
	return months % 12 == 0 ? months / 12 : months;
}

static money_t
percent_of(money_t m, int pct)
{
	return money_round(m / 100 * pct, 2);
}

/* ------------------------------------------------------------------ orders */

static int32_t
seed_order(struct seed *sd, int type, int status, int service, time_t create, time_t paid)
{
	static const char a36[] = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";
	struct sim_order *o = st_order_new(sd->st);
	/* A multiplicative scramble of a counter: unique, and not visibly sequential. */
	uint32_t v = (uint32_t)(((uint64_t)sd->order_seq++ * 48271u + 7919u) % 60466176u);
	char date[16], tail[6];
	time_t cn = create + ST_CN_OFFSET;
	struct tm tm;

	gmtime_r(&cn, &tm);
	strftime(date, sizeof(date), "%y%m%d%H%M", &tm);
	for (int i = 4; i >= 0; i--) {
		tail[i] = a36[v % 36];
		v /= 36;
	}
	tail[5] = '\0';
	snprintf(o->id, sizeof(o->id), "CS%s%s", date, tail);
	o->order_type = (uint8_t)type;
	o->status = (uint8_t)status;
	o->service = (int16_t)service;
	o->source_type = 1;
	o->create_time = create;
	o->payment_time = paid;
	if (status == ST_ORDER_PENDING)
		o->pay_deadline = create + ST_PAY_WINDOW;
	return (int32_t)(o - sd->st->orders.v);
}

/* A line of order oi; the order's totals follow. */
static int32_t
seed_line(struct seed *sd, int32_t oi, int32_t res, int spec_i, int months, time_t eff,
    money_t official, int discount_pct)
{
	struct sim_line *l = st_line_new(sd->st);
	struct sim_order *o = &sd->st->orders.v[oi];

	l->order = oi;
	l->res = res;
	l->spec = (int16_t)spec_i;
	l->period_type = (uint8_t)(months ? months_period_type(months) : ST_PERIOD_ONCE);
	l->period_num = (uint8_t)(months ? months_period_num(months) : 1);
	l->subscription_num = 1;
	l->effective_time = eff;
	l->expire_time = months ? st_add_months(eff - 1, months) : eff;
	l->official_amount = official;
	l->amount_after_discount = official - percent_of(official, discount_pct);
	o->nlines = (int32_t)(sd->st->lines.n - (size_t)o->first_line);
	o->official_amount += l->official_amount;
	o->amount_after_discount += l->amount_after_discount;
	o->discount_amount = o->official_amount - o->amount_after_discount;
	o->discount_code = o->discount_amount != 0 ? 605 : 0;
	return (int32_t)(l - sd->st->lines.v);
}

/* Remembers the bill records a paid order produces (written in date order later). */
static void
bill_order(struct seed *sd, int32_t oi, int bill_type)
{
	const struct sim_order *o = &sd->st->orders.v[oi];
	int day = st_day_of(o->payment_time);

	if (o->payment_time == 0 || day < sd->first_day || day > sd->last_day)
		return;
	for (int32_t k = 0; k < o->nlines; k++) {
		struct bill_event *e;
		if (sd->events.n == sd->events.cap) {
			sd->events.cap = sd->events.cap ? sd->events.cap * 2 : 256;
			sd->events.v = xreallocarray(sd->events.v, sd->events.cap, sizeof(*e));
		}
		e = &sd->events.v[sd->events.n++];
		e->day = day;
		e->order = oi;
		e->line = o->first_line + k;
		e->bill_type = (uint8_t)bill_type;
	}
}

/* ------------------------------------------------------------------ resources */

enum { ATT_NONE, ATT_SYS, ATT_SYS_DATA, ATT_BANDWIDTH };

struct blueprint {
	const char *spec;
	int size;                      /* linear specs: GB / Mbps */
	const char *name;
	int region;
	int days;                      /* expires at the end of today + days (UTC+8) */
	int status;
	int policy;
	int attach;
	int ep;
	int months;                    /* purchase period */
	int discount;                  /* percent off the list price */
};

/*
 * The default account's yearly/monthly services. Expiry is spread over
 * today, the coming week, month and quarter and beyond; a few have run out.
 */
static const struct blueprint blueprints[] = {
	{ "s6.large.2.linux", 0, "web-prod-01", 0, 0, ST_RES_IN_USE, 0, ATT_SYS_DATA, 1, 1, 0 },
	{ "s6.large.2.linux", 0, "web-prod-02", 0, 0, ST_RES_IN_USE, 3, ATT_SYS_DATA, 1, 12, 10 },
	{ "rds.mysql.x1.large.2.ha", 0, "数据库-主库", 0, 3, ST_RES_IN_USE, 0, ATT_NONE, 1, 1, 0 },
	{ "rds.mysql.n1.large.2", 0, "数据库-从库", 0, 6, ST_RES_IN_USE, 1, ATT_NONE, 1, 1, 0 },
	{ "redis.ha.xu1.large.r2.2", 0, "缓存-会话", 0, 7, ST_RES_IN_USE, 3, ATT_NONE, 1, 1, 0 },
	{ "elbv3.pro.2az", 0, "负载均衡-公网", 0, 12, ST_RES_IN_USE, 0, ATT_NONE, 1, 1, 0 },
	{ "c7.xlarge.4.linux", 0, "api-gateway", 1, 18, ST_RES_IN_USE, 0, ATT_SYS_DATA, 1, 3, 0 },
	{ "5_bgp", 0, "eip-api-gateway", 1, 24, ST_RES_IN_USE, 0, ATT_BANDWIDTH, 1, 1, 0 },
	{ "s6.medium.2.linux", 0, "jenkins-ci", 1, 29, ST_RES_IN_USE, 0, ATT_SYS, 0, 1, 0 },
	{ "s6.xlarge.2.linux", 0, "堡垒机", 0, 45, ST_RES_IN_USE, 3, ATT_SYS, 0, 6, 0 },
	{ "GPSSD", 500, "共享数据盘", 0, 52, ST_RES_IN_USE, 0, ATT_NONE, 2, 3, 0 },
	{ "rds.pg.c6.xlarge.4.ha", 0, "报表库", 2, 68, ST_RES_IN_USE, 1, ATT_NONE, 2, 12, 15 },
	{ "m6.2xlarge.8.linux", 0, "spark-master", 2, 75, ST_RES_IN_USE, 0, ATT_SYS_DATA, 2, 6, 0 },
	{ "dds.mongodb.s6.large.2.repset", 0, "mongo-用户画像", 2, 88, ST_RES_IN_USE, 0, ATT_NONE, 2,
		3, 0 },
	{ "obs.standard.storage", 1024, "对象存储-备份", 0, 120, ST_RES_IN_USE, 0, ATT_NONE, 0, 12, 0 },
	{ "cdn.mainland.traffic", 0, "cdn-static-site", 0, 160, ST_RES_IN_USE, 3, ATT_NONE, 1, 12, 0 },
	{ "elbv3.basic.1az", 0, "内网负载均衡", 1, 200, ST_RES_IN_USE, 0, ATT_NONE, 1, 12, 0 },
	{ "s6.small.1.linux", 0, "k8s-node-01", 1, 240, ST_RES_IN_USE, 0, ATT_SYS, 1, 12, 10 },
	{ "s6.small.1.linux", 0, "k8s-node-02", 1, 300, ST_RES_IN_USE, 3, ATT_SYS, 1, 12, 10 },
	{ "waf.professional", 0, "waf-官网防护", 0, 340, ST_RES_IN_USE, 0, ATT_NONE, 1, 12, 0 },
	{ "cce.s2.small", 0, "cce-生产集群", 0, 700, ST_RES_IN_USE, 3, ATT_NONE, 1, 36, 20 },
	{ "s6.large.2.win", 0, "erp-windows", 3, -3, ST_RES_EXPIRED, 0, ATT_SYS, 0, 1, 0 },
	{ "c7.large.2.linux", 0, "analytics-worker", 3, -20, ST_RES_FROZEN, 0, ATT_SYS, 2, 1, 0 },
	{ "s6.medium.2.linux", 0, "legacy-crm", 0, 140, ST_RES_CLOSED, 0, ATT_SYS, 0, 12, 0 },
	{ "redis.single.xu1.large.1", 0, "缓存-商品", 0, 0, ST_RES_IN_USE, 1, ATT_NONE, 1, 1, 0 },
	{ "sfs.turbo.standard", 500, "共享文件系统", 1, 2, ST_RES_IN_USE, 0, ATT_NONE, 2, 1, 0 },
	{ "s2.small.1.linux", 0, "测试机-北京一", 4, 33, ST_RES_IN_USE, 0, ATT_SYS, 0, 1, 0 },
	{ "des.teleport.30tb", 0, "数据迁移-离线", 0, 15, ST_RES_IN_USE, 0, ATT_NONE, 2, 1, 0 },
};
enum { NBLUEPRINTS = sizeof(blueprints) / sizeof(blueprints[0]) };
/* Blueprints the default account's special orders refer to. */
enum { BP_DB_PRIMARY = 2, BP_ELB = 5, BP_JENKINS = 8, BP_SPARK = 12, BP_OBS = 14,
	BP_ERP = 21, BP_CLOSED = 23 };

static int32_t
seed_resource(struct seed *sd, int spec_i, int size, const char *name, int region, int ep,
    int32_t parent)
{
	struct sim_resource *r = st_resource_new(sd->st);

	rnd_uuid(&sd->rng, r->id);
	snprintf(r->name, sizeof(r->name), "%s", name);
	r->spec = (int16_t)spec_i;
	r->spec_size = cat_specs[spec_i].size_measure_id ? size : 0;
	r->region = (uint8_t)region;
	r->ep = (uint8_t)ep;
	r->parent = parent;
	r->charge_mode = ST_CHARGE_PREPAID;
	r->status = ST_RES_IN_USE;
	return (int32_t)(r - sd->st->resources.v);
}

/* A primary and what is attached to it; returns the primary's index. */
static int32_t
seed_group(struct seed *sd, const struct blueprint *bp, const char *name)
{
	int32_t p = seed_resource(sd, spec(bp->spec), bp->size, name, bp->region, bp->ep, -1);
	char sub[96];

	if (bp->attach == ATT_SYS || bp->attach == ATT_SYS_DATA) {
		snprintf(sub, sizeof(sub), "%s-system-disk", name);
		seed_resource(sd, spec("GPSSD"), 40, sub, bp->region, bp->ep, p);
	}
	if (bp->attach == ATT_SYS_DATA) {
		snprintf(sub, sizeof(sub), "%s-data-disk", name);
		seed_resource(sd, spec("SAS"), rnd_int(&sd->rng, 2, 10) * 50, sub, bp->region, bp->ep, p);
	}
	if (bp->attach == ATT_BANDWIDTH) {
		snprintf(sub, sizeof(sub), "%s-bandwidth", name);
		seed_resource(sd, spec("19_bgp"), rnd_int(&sd->rng, 1, 4) * 5, sub, bp->region, bp->ep, p);
	}
	return p;
}

static size_t
group_members(const struct sim_state *st, int32_t p, int32_t *out, size_t cap)
{
	size_t n = 0;

	out[n++] = p;
	for (size_t i = (size_t)p + 1; i < st->resources.n && n < cap; i++) {
		if (st->resources.v[i].parent != p)
			break;
		out[n++] = (int32_t)i;
	}
	return n;
}

/*
 * Gives a group its history: the purchase order and the renewal orders of
 * each term up to the one in force, and any renewal already paid for a term
 * that has not begun (when expiry is more than a period away).
 */
static void
seed_history(struct seed *sd, int32_t p, const struct blueprint *bp, time_t expire,
    int older_terms)
{
	struct sim_state *st = sd->st;
	int32_t members[8];
	size_t nm = group_members(st, p, members, 8);
	int m = bp->months, current = 0, nterms;
	time_t starts[8], ends[8];

	/* Terms counted back from expiry: ends[0] = expire. */
	for (int i = 0; i < 8; i++) {
		ends[i] = st_add_months(expire, -m * i);
		starts[i] = st_add_months(expire, -m * (i + 1)) + 1;
	}
	while (current < 6 && starts[current] > sd->now)
		current++;
	nterms = current + 1 + older_terms;
	if (nterms > 8)
		nterms = 8;
	for (int t = nterms - 1; t >= 0; t--) {
		bool first = t == nterms - 1;
		time_t paid;
		int32_t oi;

		/*
		 * starts[] are midnights (UTC+8). A purchase is paid during the day
		 * before its term; auto-renewal deducts at 03:00 seven days ahead;
		 * people renew by hand on some working hour in the days before.
		 */
		if (first)
			paid = starts[t] - rnd_int(&sd->rng, 600, 14 * 3600);
		else if (bp->policy == ST_EXP_AUTORENEW)
			paid = starts[t] - 7 * ST_DAY + 3 * 3600 + rnd_int(&sd->rng, 0, 900);
		else
			paid = starts[t] - rnd_int(&sd->rng, 1, 10) * ST_DAY + rnd_int(&sd->rng, 9, 20) * 3600 +
			    rnd_int(&sd->rng, 0, 3599);

		if (paid > sd->now - 3600)
			paid = sd->now - 3600 - rnd_int(&sd->rng, 0, 86400);
		oi = seed_order(sd, first ? ST_OT_NEW : ST_OT_RENEW, ST_ORDER_COMPLETED,
		    cat_spec_service(st->resources.v[p].spec), paid - rnd_int(&sd->rng, 60, 3600), paid);
		st->orders.v[oi].ep = (uint8_t)bp->ep;
		if (!first && bp->policy == ST_EXP_AUTORENEW)
			st->orders.v[oi].source_type = 8;
		for (size_t k = 0; k < nm; k++) {
			struct sim_resource *r = &st->resources.v[members[k]];
			money_t price = st_period_price(r, months_period_type(m), months_period_num(m));
			int32_t li = seed_line(sd, oi, members[k], r->spec, m, starts[t], price,
			    first ? bp->discount : 0);
			money_t amount = st->lines.v[li].amount_after_discount;

			if (first) {
				r->order = oi;
				r->effective_time = starts[t];
			}
			if (t == current) {
				r->term_start = starts[t];
				r->term_end = ends[t];
				r->term_paid = amount;
			} else if (t < current) {
				r->renew_paid += amount;
			}
			r->period_type = (uint8_t)months_period_type(m);
			r->period_num = (uint8_t)months_period_num(m);
			r->expire_time = expire;
			r->update_time = paid;
		}
		bill_order(sd, oi, first ? 1 : st->orders.v[oi].source_type == 8 ? 8 : 2);
	}
}

static void
apply_blueprint(struct seed *sd, int32_t p, const struct blueprint *bp)
{
	int32_t members[8];
	size_t nm = group_members(sd->st, p, members, 8);

	for (size_t k = 0; k < nm; k++) {
		struct sim_resource *r = &sd->st->resources.v[members[k]];
		r->status = (uint8_t)bp->status;
		r->expire_policy = (uint8_t)bp->policy;
	}
}

/* ------------------------------------------------------------------ the default account */

static void
seed_account(struct seed *sd)
{
	struct sim_state *st = sd->st;
	static const int types[ST_NBALANCES] = { ST_ACCT_CASH, ST_ACCT_CREDIT, ST_ACCT_BONUS,
		ST_ACCT_DEPOSIT };
	money_t used = YUAN(1250, 40) + YUAN(rnd_int(&sd->rng, 0, 300), 0);

	rnd_hex(&sd->rng, st->customer_id, 32);
	snprintf(st->user_name, sizeof(st->user_name), "bss-demo-%c%c%c", st->customer_id[0],
	    st->customer_id[1], st->customer_id[2]);
	for (int i = 0; i < ST_NBALANCES; i++) {
		struct sim_balance *b = &st->balances[i];
		char hex[33];
		rnd_hex(&sd->rng, hex, 24);
		snprintf(b->account_id, sizeof(b->account_id), "acct-%s", hex);
		b->account_type = types[i];
	}
	st->balances[0].amount = YUAN(rnd_int(&sd->rng, 24000, 29000), rnd_int(&sd->rng, 0, 99));
	st->balances[0].designated_amount = YUAN(500, 0);
	st->balances[1].credit_amount = YUAN(5000, 0);
	st->balances[1].amount = YUAN(5000, 0) - used;
	st->balances[2].amount = YUAN(88, 80);
	st->balances[3].amount = YUAN(1000, 0);
	st->debt_amount = used;
	for (size_t r = 0; r < cat_nregions && r < 8; r++)
		rnd_hex(&sd->rng, st->project_ids[r], 32);
	snprintf(st->eps[0].id, sizeof(st->eps[0].id), "0");
	snprintf(st->eps[0].name, sizeof(st->eps[0].name), "default");
	rnd_uuid(&sd->rng, st->eps[1].id);
	snprintf(st->eps[1].name, sizeof(st->eps[1].name), "生产环境");
	rnd_uuid(&sd->rng, st->eps[2].id);
	snprintf(st->eps[2].name, sizeof(st->eps[2].name), "数据平台");
}

struct coupon_bp {
	int type, status, version, limits;
	money_t face, balance;
	int valid_from, expires;       /* days from today */
	const char *plan_name, *plan_desc;
};

static const struct coupon_bp coupon_bps[] = {
	{ ST_COUPON_CASH, ST_CPN_AVAILABLE, 2, 0, YUAN(200, 0), YUAN(200, 0), -28, 2,
		"新用户代金券", "Any yearly/monthly order; expires soon" },
	{ ST_COUPON_CASH, ST_CPN_AVAILABLE, 2, ST_LIMIT_NO_PROMOTION, YUAN(500, 0), YUAN(320, 50),
		-60, 90, "云服务器专享代金券", "Cannot be combined with promotional discounts" },
	{ ST_COUPON_DISCOUNT, ST_CPN_AVAILABLE, 1, 0, YUAN(100, 0), YUAN(100, 0), -10, 30,
		"续费折扣券", "Up to 100 off one renewal" },
	{ ST_COUPON_FLEXI, ST_CPN_AVAILABLE, 2, 0, YUAN(1000, 0), YUAN(1000, 0), -5, 180,
		"现金券-企业扶持", "Flexi-purchase coupon for any product" },
	{ ST_COUPON_PRODUCT, ST_CPN_AVAILABLE, 1, 0, YUAN(50, 0), YUAN(50, 0), -15, 60,
		"OBS 产品券", "OBS only" },
	{ ST_COUPON_CASH, ST_CPN_USED, 1, 0, YUAN(50, 0), 0, -120, 60, "618 代金券",
		"Used on a purchase" },
	{ ST_COUPON_CASH, ST_CPN_EXPIRED, 2, 0, YUAN(300, 0), YUAN(120, 0), -200, -20,
		"季度返利券", "Expired with a balance left" },
	{ ST_COUPON_CASH, ST_CPN_INACTIVE, 2, 0, YUAN(100, 0), YUAN(100, 0), 5, 95,
		"续约礼包代金券", "Becomes valid in five days" },
	{ ST_COUPON_DISCOUNT, ST_CPN_RECLAIMED, 1, 0, YUAN(80, 0), 0, -90, 30, "活动折扣券",
		"Reclaimed by the issuer" },
};

static void
seed_coupons(struct seed *sd, int32_t used_on)
{
	for (size_t i = 0; i < sizeof(coupon_bps) / sizeof(coupon_bps[0]); i++) {
		const struct coupon_bp *b = &coupon_bps[i];
		struct sim_coupon *c = st_coupon_new(sd->st);
		char hex[33];

		rnd_hex(&sd->rng, hex, 20);
		snprintf(c->id, sizeof(c->id), "CP%.20s", hex);
		rnd_hex(&sd->rng, hex, 16);
		snprintf(c->code, sizeof(c->code), "%.16s", hex);
		rnd_hex(&sd->rng, hex, 16);
		snprintf(c->plan_id, sizeof(c->plan_id), "PL%.16s", hex);
		snprintf(c->plan_name, sizeof(c->plan_name), "%s", b->plan_name);
		snprintf(c->plan_desc, sizeof(c->plan_desc), "%s", b->plan_desc);
		c->type = b->type;
		c->status = b->status;
		c->version = b->version;
		c->limits = b->limits;
		c->fetch_method = 3;
		c->face_value = b->face;
		c->balance = b->balance;
		c->valid_time = st_day_start(sd->today + b->valid_from);
		c->expire_time = end_of_day(sd->today + b->expires);
		c->create_time = c->valid_time - 3 * ST_DAY;
		c->active_time = b->status == ST_CPN_INACTIVE ? 0 : c->valid_time;
		if (b->status == ST_CPN_USED && used_on >= 0) {
			c->used_order = used_on;
			c->used_time = sd->st->orders.v[used_on].payment_time;
			sd->st->orders.v[used_on].coupon_amount = b->face;
		}
	}
}

/* Hidden resources an unpaid purchase will provision, and the order's lines. */
static int32_t
seed_purchase(struct seed *sd, int32_t oi, const struct blueprint *bp, const char *name)
{
	int32_t p = seed_group(sd, bp, name);
	int32_t members[8];
	size_t nm = group_members(sd->st, p, members, 8);
	time_t eff = sd->st->orders.v[oi].create_time;

	for (size_t k = 0; k < nm; k++) {
		struct sim_resource *r = &sd->st->resources.v[members[k]];
		r->hidden = 1;
		r->order = oi;
		r->period_type = (uint8_t)months_period_type(bp->months);
		r->period_num = (uint8_t)months_period_num(bp->months);
		seed_line(sd, oi, members[k], r->spec, bp->months, eff,
		    st_period_price(r, months_period_type(bp->months), months_period_num(bp->months)),
		    0);
	}
	return p;
}

static void
set_busy(struct sim_state *st, int32_t p, int32_t oi)
{
	int32_t members[8];
	size_t nm = group_members(st, p, members, 8);

	for (size_t k = 0; k < nm; k++)
		st->resources.v[members[k]].busy_order = oi;
}

/* A renewal order of a group: pending (unpaid) or processing. */
static int32_t
seed_renewal(struct seed *sd, int32_t p, int months, int status, int ago_days)
{
	struct sim_state *st = sd->st;
	time_t create = sd->now - ago_days * ST_DAY - rnd_int(&sd->rng, 600, 20000);
	int32_t oi = seed_order(sd, ST_OT_RENEW, status, st_res_service(&st->resources.v[p]), create,
	    status == ST_ORDER_PENDING ? 0 : create + 120);
	int32_t members[8];
	size_t nm = group_members(st, p, members, 8);

	st->orders.v[oi].ep = st->resources.v[p].ep;
	for (size_t k = 0; k < nm; k++) {
		const struct sim_resource *r = &st->resources.v[members[k]];
		seed_line(sd, oi, members[k], r->spec, months, r->expire_time + 1,
		    st_period_price(r, months_period_type(months), months_period_num(months)), 0);
	}
	set_busy(st, p, oi);
	return oi;
}

/* An order that provisions nothing here (approval, delivery, cancelled...). */
static int32_t
seed_plain_order(struct seed *sd, int type, int status, const char *spec_code, int months,
    int ago_days, bool paid)
{
	int si = spec(spec_code);
	time_t create = sd->now - ago_days * ST_DAY - rnd_int(&sd->rng, 600, 30000);
	int32_t oi = seed_order(sd, type, status, cat_spec_service(si), create,
	    paid ? create + 300 : 0);
	struct sim_resource tmp = { .spec = (int16_t)si };

	seed_line(sd, oi, -1, si, months, create, months ? st_period_price(&tmp,
	    months_period_type(months), months_period_num(months)) : cat_specs[si].monthly, 0);
	return oi;
}

static void
set_offer(struct sim_state *st, int32_t oi, int type, int pct)
{
	st->orders.v[oi].offer_type = type;
	st->orders.v[oi].offer_ratio = MONEY_SCALE / 100 * pct;
}

static void
seed_unsubscribed(struct seed *sd, int32_t p, int ago_days)
{
	struct sim_state *st = sd->st;
	time_t when = sd->now - ago_days * ST_DAY;
	int32_t oi = seed_order(sd, ST_OT_UNSUBSCRIBE, ST_ORDER_COMPLETED,
	    st_res_service(&st->resources.v[p]), when - 30, when);
	int32_t members[8];
	size_t nm = group_members(st, p, members, 8);
	money_t net = 0, kept_all = 0;

	st->orders.v[oi].ep = st->resources.v[p].ep;
	for (size_t k = 0; k < nm; k++) {
		struct sim_resource *r = &st->resources.v[members[k]];
		long long total = (r->term_end - r->term_start + ST_DAY - 1) / ST_DAY;
		long long left = (r->term_end - when) / ST_DAY;
		money_t back = r->term_paid / total * left / CENT * CENT;
		money_t kept = r->term_paid - back;
		struct sim_refund *f = st_refund_new(st);

		f->order = oi;
		f->res = members[k];
		f->base_order = r->order;
		f->amount = -r->term_paid;
		if (kept != 0) {
			f = st_refund_new(st);
			f->order = oi;
			f->res = members[k];
			f->base_order = r->order;
			f->amount = kept;
		}
		net += back;
		kept_all += kept;
		r->status = ST_RES_CLOSED;
		r->expire_time = r->term_end = r->update_time = when;
		r->term_paid = 0;
		if (st_day_of(when) >= sd->first_day) {
			struct sim_bill *b = st_bill_new(st, st_day_of(when));
			b->res = members[k];
			b->order = oi;
			b->bill_type = 4;
			b->charge_mode = ST_CHARGE_PREPAID;
			b->period_type = r->period_type == ST_PERIOD_YEAR ? 19 : 20;
			b->official_amount = b->amount = -back;
		}
	}
	st->orders.v[oi].nrefunds = (int32_t)st->refunds.n - st->orders.v[oi].first_refund;
	st->orders.v[oi].official_amount = st->orders.v[oi].amount_after_discount = net;
	st->orders.v[oi].consumed_amount = kept_all;
}

/* Unpaid, cancelled, processing and other orders of the default account. */
static void
seed_special_orders(struct seed *sd, const int32_t *primaries)
{
	struct sim_state *st = sd->st;
	static const struct blueprint web3 = { "s6.large.2.linux", 0, "web-prod-03", 0, 0,
		ST_RES_IN_USE, 0, ATT_SYS_DATA, 1, 1, 0 };
	static const struct blueprint dr = { "rds.mysql.x1.large.2.ha", 0, "数据库-灾备", 1, 0,
		ST_RES_IN_USE, 0, ATT_NONE, 1, 12, 0 };
	static const struct blueprint cache = { "redis.single.xu1.large.1", 0, "缓存-排行榜", 0, 0,
		ST_RES_IN_USE, 0, ATT_NONE, 1, 1, 0 };
	static const struct blueprint eip = { "5_sbgp", 0, "eip-官网", 0, 0, ST_RES_IN_USE, 0,
		ATT_BANDWIDTH, 1, 1, 0 };
	static const struct blueprint batch = { "c7.large.2.linux", 0, "batch-node-01", 2, 0,
		ST_RES_IN_USE, 0, ATT_SYS, 2, 1, 0 };
	static const struct blueprint bucket = { "obs.standard.storage", 2048, "日志归档桶", 2, 0,
		ST_RES_IN_USE, 0, ATT_NONE, 2, 1, 0 };
	static const struct blueprint big = { "rds.pg.c6.xlarge.4.ha", 0, "数仓-三年包", 2, 0,
		ST_RES_IN_USE, 0, ATT_NONE, 2, 36, 0 };
	struct { const struct blueprint *bp; int ago; int offer_type, offer_pct; } buys[] = {
		{ &web3, 1, 2, 90 }, { &dr, 2, 0, 0 }, { &cache, 3, 3, 95 }, { &eip, 4, 0, 0 },
		{ &big, 6, 0, 0 },
	};
	int32_t oi, parent;
	time_t create;

	/* Unpaid new purchases: paying provisions their (hidden) resources. */
	for (size_t i = 0; i < sizeof(buys) / sizeof(buys[0]); i++) {
		create = sd->now - buys[i].ago * ST_DAY - rnd_int(&sd->rng, 600, 20000);
		oi = seed_order(sd, ST_OT_NEW, ST_ORDER_PENDING, cat_spec_service(spec(buys[i].bp->spec)),
		    create, 0);
		st->orders.v[oi].ep = (uint8_t)buys[i].bp->ep;
		seed_purchase(sd, oi, buys[i].bp, buys[i].bp->name);
		if (buys[i].offer_type != 0)
			set_offer(st, oi, buys[i].offer_type, buys[i].offer_pct);
	}
	/* Unpaid renewals hold their resources. */
	oi = seed_renewal(sd, primaries[BP_DB_PRIMARY], 1, ST_ORDER_PENDING, 2);
	set_offer(st, oi, 2, 90);
	seed_renewal(sd, primaries[BP_ELB], 3, ST_ORDER_PENDING, 5);
	seed_renewal(sd, primaries[BP_ERP], 1, ST_ORDER_PENDING, 1);
	/* An unpaid upgrade of jenkins-ci. */
	create = sd->now - 3 * ST_DAY - rnd_int(&sd->rng, 600, 20000);
	oi = seed_order(sd, ST_OT_CHANGE, ST_ORDER_PENDING, cat_spec_service(spec("s6.large.2.linux")),
	    create, 0);
	seed_line(sd, oi, primaries[BP_JENKINS], spec("s6.large.2.linux"), 1, create, YUAN(77, 0), 0);
	set_busy(st, primaries[BP_JENKINS], oi);
	/* A combined-transaction order: pay or cancel it only as a whole. */
	create = sd->now - 5 * ST_DAY - rnd_int(&sd->rng, 600, 20000);
	parent = seed_order(sd, ST_OT_NEW, ST_ORDER_PENDING, cat_spec_service(spec("c7.large.2.linux")),
	    create, 0);
	for (int k = 0; k < 2; k++) {
		const struct blueprint *bp = k == 0 ? &batch : &bucket;
		oi = seed_order(sd, ST_OT_NEW, ST_ORDER_PENDING, cat_spec_service(spec(bp->spec)), create,
		    0);
		st->orders.v[oi].parent = parent;
		seed_purchase(sd, oi, bp, bp->name);
		st->orders.v[parent].official_amount += st->orders.v[oi].official_amount;
		st->orders.v[parent].amount_after_discount += st->orders.v[oi].amount_after_discount;
	}
	/* Paid, still being provisioned: holds the OBS bucket. */
	seed_renewal(sd, primaries[BP_OBS], 12, ST_ORDER_PROCESSING, 0);
	/* Every other status. */
	seed_plain_order(sd, ST_OT_NEW, ST_ORDER_APPROVAL, "waf.professional", 12, 2, false);
	seed_plain_order(sd, ST_OT_NEW, ST_ORDER_CONFIRMING, "s6.xlarge.2.linux", 1, 8, false);
	seed_plain_order(sd, ST_OT_NEW, ST_ORDER_CANCELLED, "m6.2xlarge.8.linux", 1, 30, false);
	seed_plain_order(sd, ST_OT_RENEW, ST_ORDER_CANCELLED, "rds.mysql.n1.large.2", 3, 61, false);
	seed_plain_order(sd, ST_OT_NEW, ST_ORDER_DELIVERING, "des.teleport.30tb", 0, 9, true);
	seed_plain_order(sd, ST_OT_NEW, ST_ORDER_RECEIVING, "des.teleport.30tb", 0, 14, true);
	seed_plain_order(sd, ST_OT_NEW, ST_ORDER_PICKUP, "des.teleport.30tb", 0, 21, true);
	seed_plain_order(sd, ST_OT_NEW, ST_ORDER_REPLACING, "des.teleport.30tb", 0, 35, true);
	/* A downgrade of spark-master waiting for its refund. */
	create = sd->now - 1 * ST_DAY - rnd_int(&sd->rng, 600, 20000);
	oi = seed_order(sd, ST_OT_CHANGE, ST_ORDER_REFUNDING, cat_spec_service(spec("s6.xlarge.2.linux")),
	    create, create + 60);
	seed_line(sd, oi, primaries[BP_SPARK], spec("s6.xlarge.2.linux"), 1, create, YUAN(627, 0), 0);
	{
		struct sim_refund *f = st_refund_new(st);
		st->orders.v[oi].nrefunds = 1;
		f->order = oi;
		f->res = primaries[BP_SPARK];
		f->base_order = st->resources.v[primaries[BP_SPARK]].order;
		f->amount = -YUAN(627, 0);
	}
	seed_unsubscribed(sd, primaries[BP_CLOSED], 40);
}

/* ------------------------------------------------------------------ pay-per-use and bills */

struct ondemand_bp {
	const char *spec;
	const char *name;
	int region, ep;
	int usage;                     /* per day, in the usage type's unit */
	int jitter;                    /* percent up or down */
	int age;                       /* days since it was created */
};

static const struct ondemand_bp ondemand_bps[] = {
	{ "s6.xlarge.2.linux", "batch-runner", 0, 2, 24, 0, 500 },
	{ "obs.standard.storage", "backup-bucket", 0, 0, 1024 * 24, 10, 500 },
	{ "obs.standard.request", "backup-bucket", 0, 0, 35, 40, 500 },
	{ "cdn.mainland.traffic", "static.example.com", 0, 1, 120, 35, 450 },
	{ "12_bgp", "eip-traffic-01", 1, 1, 18, 50, 420 },
	{ "s6.small.1.linux", "临时测试机", 1, 0, 16, 50, 100 },
	{ "redis.single.xu1.large.1", "cache-dev", 2, 2, 24, 0, 300 },
	{ "rds.mysql.n1.large.2", "db-dev", 2, 2, 24, 0, 380 },
};
enum { NONDEMAND = sizeof(ondemand_bps) / sizeof(ondemand_bps[0]),
	OD_ECS_SMALL = 5, OD_CDN = 3, OD_OBS_REQ = 2, OD_ECS = 0 };

static int32_t
seed_ondemand(struct seed *sd, const struct ondemand_bp *b, const char *name)
{
	int32_t i = seed_resource(sd, spec(b->spec), 0, name, b->region, b->ep, -1);
	struct sim_resource *r = &sd->st->resources.v[i];

	r->charge_mode = ST_CHARGE_ONDEMAND;
	r->effective_time = st_day_start(sd->today - b->age) + 3600 * rnd_int(&sd->rng, 1, 12);
	r->update_time = r->effective_time;
	r->usage_per_day = (money_t)b->usage * MONEY_SCALE;
	return i;
}

static int
cmp_event(const void *a, const void *b)
{
	const struct bill_event *x = a, *y = b;

	if (x->day != y->day)
		return x->day < y->day ? -1 : 1;
	return x->line < y->line ? -1 : x->line > y->line;
}

static void
write_event(struct seed *sd, const struct bill_event *e)
{
	const struct sim_line *l = &sd->st->lines.v[e->line];
	const struct sim_order *o = &sd->st->orders.v[e->order];
	/* Coupons paid the order's first line. */
	money_t coupon = e->line == o->first_line ? o->coupon_amount : 0;
	struct sim_bill *b = st_bill_new(sd->st, e->day);

	b->res = l->res;
	b->order = e->order;
	b->bill_type = e->bill_type;
	b->charge_mode = ST_CHARGE_PREPAID;
	b->period_type = l->period_type == ST_PERIOD_YEAR ? 19 : l->period_type == ST_PERIOD_ONCE ? 5 : 20;
	b->official_amount = l->official_amount;
	b->amount = l->amount_after_discount;
	b->coupon_amount = coupon < b->amount ? coupon : b->amount;
}

static void
write_usage_bill(struct seed *sd, int32_t res, int jitter, int day)
{
	const struct sim_resource *r = &sd->st->resources.v[res];
	const struct cat_spec *s = &cat_specs[r->spec];
	long long base = r->usage_per_day / MONEY_SCALE;
	long long qty = base;
	struct sim_bill *b;

	if (jitter != 0)
		qty = base * rnd_int(&sd->rng, 100 - jitter, 100 + jitter) / 100;
	if (qty <= 0)
		qty = 1;
	b = st_bill_new(sd->st, day);
	b->res = res;
	b->bill_type = 5;
	b->charge_mode = ST_CHARGE_ONDEMAND;
	b->period_type = 25;
	b->usage = (money_t)qty * MONEY_SCALE;
	b->official_amount = money_round(s->usage_price * qty, 2);
	/* Commercial discount on long-running services. */
	b->amount = r->ep == 2 ? b->official_amount - percent_of(b->official_amount, 5) :
	    b->official_amount;
}

/*
 * Writes every bill record in date order: each day the prepaid fees paid
 * that day, then the pay-per-use usage. `per_resource` usage records per
 * pay-per-use resource are spread over its days (all of them when larger).
 */
static void
seed_bills(struct seed *sd, const int32_t *ondemand, size_t nod, long per_resource, long extra)
{
	size_t ev = 0;
	long *want = xcalloc(nod ? nod : 1, sizeof(long));

	qsort(sd->events.v, sd->events.n, sizeof(sd->events.v[0]), cmp_event);
	for (size_t i = 0; i < nod; i++)
		want[i] = per_resource + ((long)i < extra ? 1 : 0);
	for (int day = sd->first_day; day <= sd->last_day; day++) {
		for (; ev < sd->events.n && sd->events.v[ev].day == day; ev++)
			write_event(sd, &sd->events.v[ev]);
		for (size_t i = 0; i < nod; i++) {
			long days_left = sd->last_day - day + 1;
			if (day < st_day_of(sd->st->resources.v[ondemand[i]].effective_time) || want[i] <= 0)
				continue;
			/* Selection sampling: want[i] of the days left, all of them when fewer. */
			if ((long)(rnd(&sd->rng) % (uint64_t)days_left) < want[i]) {
				write_usage_bill(sd, ondemand[i], ondemand_bps[i % NONDEMAND].jitter, day);
				want[i]--;
			}
		}
	}
	free(want);
}

/* ------------------------------------------------------------------ resource packages */

struct item_bp {
	int usage_type;                /* catalog index */
	long original;
	int used_pct;                  /* used so far (per reset cycle when resettable) */
	int consumer;                  /* index into ondemand_bps */
};

struct package_bp {
	const char *name_zh, *name_en, *spec;
	int region;
	int start, end;                /* days from today */
	int status;                    /* -1: from the dates and quotas */
	int bundle, reuse_mode;
	struct item_bp items[2];
	int nitems;
};

/* Daily deductions from one item, from its start to yesterday or exhaustion. */
static void
seed_item_usage(struct seed *sd, int32_t item, const struct package_bp *pb,
    const struct item_bp *ib, int32_t consumer)
{
	int from = sd->today + pb->start, to = sd->today + pb->end - 1;
	long span, daily, left = ib->original;
	int month = -1;

	if (to > sd->today - 1)
		to = sd->today - 1;
	/* Spread the used share over the days used (over a month when it resets monthly). */
	span = pb->reuse_mode == 1 ? 30 : to - from + 1;
	daily = span > 0 ? ib->original * ib->used_pct / 100 / span : 0;
	for (int day = from; day <= to && daily > 0; day++) {
		struct sim_usage_record *u;
		long use = daily * rnd_int(&sd->rng, 80, 120) / 100;
		if (pb->reuse_mode == 1 && st_month_of_day(day) != month) {
			month = st_month_of_day(day);
			left = ib->original;
		}
		if (left <= 0)
			continue;
		if (use > left)
			use = left;
		if (use <= 0)
			use = 1;
		u = st_usage_new(sd->st);
		u->item = item;
		u->res = consumer;
		u->start_time = st_day_start(day);
		u->end_time = end_of_day(day);
		u->deduct_time = st_day_start(day) + 23 * 3600;
		u->available = (money_t)left * MONEY_SCALE;
		u->used = (money_t)use * MONEY_SCALE;
		left -= use;
		u->remaining = (money_t)left * MONEY_SCALE;
	}
	if (pb->reuse_mode == 1 && month != st_month_of_day(sd->today))
		left = ib->original;
	sd->st->items.v[item].remaining = (money_t)left * MONEY_SCALE;
}

static const struct package_bp package_bps[] = {
	{ "ECS 通用计算包 730小时/月", "ECS general computing package, 730 h per month",
		"s6.small.1.linux", 1, -100, 265, -1, 0, 1,
		{ { 0, 730, 90, OD_ECS_SMALL } }, 1 },
	{ "CDN 流量包 1TB", "CDN traffic package 1 TB", "cdn.mainland.traffic", 0, -200, 165, -1, 0, 2,
		{ { 0, 1024, 60, OD_CDN } }, 1 },
	{ "CDN 流量包 100GB", "CDN traffic package 100 GB", "cdn.mainland.traffic", 0, -250, 115, -1,
		0, 2, { { 0, 100, 400, OD_CDN } }, 1 },
	{ "OBS 请求包 1000万次", "OBS request package, 10 million requests", "obs.standard.request", 0,
		-180, 185, -1, 0, 2, { { 0, 1000, 99, OD_OBS_REQ } }, 1 },
	{ "ECS 按需时长包 1000小时", "ECS on-demand hours package, 1000 h", "s6.xlarge.2.linux", 0, -400,
		-35, -1, 0, 2, { { 0, 1000, 70, OD_ECS } }, 1 },
	{ "OBS 标准存储包 500GB", "OBS standard storage package 500 GB", "obs.standard.storage", 0,
		10, 375, -1, 0, 2,
		{ { 0, 500, 0, -1 } }, 1 },
	{ "ECS 通用计算包 730小时", "ECS general computing package, 730 h", "s6.small.1.linux", 1, -2,
		363, -1, 0, 2, { { 0, 730, 5, OD_ECS_SMALL } }, 1 },
	{ "CDN+OBS 组合包", "CDN + OBS bundle", "cdn.mainland.traffic", 0, -60, 305, -1, 1, 2,
		{ { 0, 200, 50, OD_CDN }, { 1, 1000, 30, OD_OBS_REQ } }, 2 },
	{ "DCS 时长包 720小时", "DCS hours package, 720 h", "redis.single.xu1.large.1", 2, -30, 335,
		ST_PKG_UNSUBSCRIBED, 0, 2, { { 0, 720, 0, -1 } }, 1 },
};

static void
seed_packages(struct seed *sd, const int32_t *ondemand)
{
	for (size_t i = 0; i < sizeof(package_bps) / sizeof(package_bps[0]); i++) {
		const struct package_bp *pb = &package_bps[i];
		struct sim_package *p = st_package_new(sd->st);
		int32_t pi = (int32_t)(p - sd->st->packages.v);
		int si = spec(pb->spec);
		bool any_left = false;
		char hex[33];

		rnd_uuid(&sd->rng, p->instance_id);
		rnd_hex(&sd->rng, hex, 5);
		snprintf(p->order_id, sizeof(p->order_id), "CS%.5s", hex);
		snprintf(p->product_id, sizeof(p->product_id), "OFFIPKG%02zu%.5s", i, hex);
		for (char *c = p->order_id + 2; *c; c++)
			*c = (char)(*c >= 'a' ? *c - 32 : *c);
		snprintf(p->name_zh, sizeof(p->name_zh), "%s", pb->name_zh);
		snprintf(p->name_en, sizeof(p->name_en), "%s", pb->name_en);
		p->spec = (int16_t)si;
		p->service = (int16_t)cat_spec_service(si);
		p->region = (uint8_t)pb->region;
		p->bundle = (uint8_t)pb->bundle;
		p->reuse_mode = (uint8_t)pb->reuse_mode;
		p->effective_time = st_day_start(sd->today + pb->start);
		p->expire_time = end_of_day(sd->today + pb->end);
		p->nitems = pb->nitems;
		for (int k = 0; k < pb->nitems; k++) {
			const struct item_bp *ib = &pb->items[k];
			int ispec = k == 0 ? si : spec(ondemand_bps[ib->consumer].spec);
			struct sim_free_item *it = st_item_new(sd->st);
			int32_t ii = (int32_t)(it - sd->st->items.v);

			it->package = pi;
			it->usage_type = (int16_t)cat_specs[ispec].usage_type;
			it->measure_id = (int16_t)cat_usage_types[it->usage_type].measure_id;
			it->original_amount = (money_t)ib->original * MONEY_SCALE;
			it->remaining = it->original_amount;
			rnd_uuid(&sd->rng, it->id);
			if (pb->start <= 0 && ib->consumer >= 0)
				seed_item_usage(sd, ii, pb, ib, ondemand[ib->consumer]);
			any_left |= sd->st->items.v[ii].remaining > 0;
		}
		p = &sd->st->packages.v[pi];
		if (pb->status >= 0)
			p->status = (uint8_t)pb->status;
		else if (pb->start > 0)
			p->status = ST_PKG_PENDING;
		else if (pb->end < 0)
			p->status = ST_PKG_EXPIRED;
		else
			p->status = any_left ? ST_PKG_EFFECTIVE : ST_PKG_USED_UP;
	}
}

static int
cmp_usage(const void *a, const void *b)
{
	const struct sim_usage_record *x = a, *y = b;

	if (x->deduct_time != y->deduct_time)
		return x->deduct_time < y->deduct_time ? -1 : 1;
	return x->item < y->item ? -1 : x->item > y->item;
}

/* ------------------------------------------------------------------ scale */

/* Blueprint i of the large account: the default ones with spread-out dates. */
static void
large_blueprint(struct seed *sd, size_t i, struct blueprint *bp, char *name, size_t namelen)
{
	const struct blueprint *base = &blueprints[i % NBLUEPRINTS];
	int roll = rnd_int(&sd->rng, 0, 99);

	*bp = *base;
	bp->region = rnd_int(&sd->rng, 0, (int)cat_nregions - 1);
	bp->ep = rnd_int(&sd->rng, 0, ST_NEPS - 1);
	/* Expiry within the term in force: nothing renewed ahead. */
	bp->days = rnd_int(&sd->rng, -30, base->months * 30);
	bp->status = bp->days < -15 ? ST_RES_FROZEN : bp->days < 0 ? ST_RES_EXPIRED : ST_RES_IN_USE;
	if (roll < 2)
		bp->status = ST_RES_CLOSED;
	bp->policy = roll < 60 ? 0 : roll < 85 ? 3 : 1;
	snprintf(name, namelen, "%s-%06zu", base->name, i);
}

void
seed_build(struct sim_state *st, unsigned long seed, long scale, time_t now)
{
	struct seed sd = { .st = st, .now = now, .large = scale > 0 };
	int32_t primaries[NBLUEPRINTS];
	int32_t *ondemand;
	size_t nod;
	long bills_target = scale * 10;
	size_t prepaid_bills;

	sd.rng.s = (uint64_t)seed * 0x2545F4914F6CDD1DULL + 0x1234567ULL;
	sd.today = st_day_of(now);
	sd.last_day = sd.today - 1;
	sd.first_day = st_first_day_of_month(st_month_of_day(sd.today) - 12);
	st->seed = seed;
	st->scale = scale;
	st->seed_now = now;
	seed_account(&sd);

	for (size_t i = 0; i < NBLUEPRINTS; i++) {
		const struct blueprint *bp = &blueprints[i];
		int32_t p = seed_group(&sd, bp, bp->name);
		int older = bp->months == 1 ? 2 : bp->months <= 6 ? 1 : 0;
		primaries[i] = p;
		seed_history(&sd, p, bp, end_of_day(sd.today + bp->days), older);
		apply_blueprint(&sd, p, bp);
	}
	if (sd.large) {
		char name[96];
		struct blueprint bp;
		for (size_t i = NBLUEPRINTS; st->resources.n < (size_t)scale; i++) {
			int32_t p;
			large_blueprint(&sd, i, &bp, name, sizeof(name));
			p = seed_group(&sd, &bp, name);
			seed_history(&sd, p, &bp, end_of_day(sd.today + bp.days), 0);
			apply_blueprint(&sd, p, &bp);
		}
	}
	seed_coupons(&sd, st->resources.v[primaries[BP_JENKINS]].order);
	seed_special_orders(&sd, primaries);

	nod = sd.large ? (size_t)(scale / 10 > (long)NONDEMAND ? scale / 10 : NONDEMAND) : NONDEMAND;
	ondemand = xcalloc(nod, sizeof(*ondemand));
	for (size_t i = 0; i < nod; i++) {
		char name[96];
		const struct ondemand_bp *b = &ondemand_bps[i % NONDEMAND];
		if (i < NONDEMAND)
			snprintf(name, sizeof(name), "%s", b->name);
		else
			snprintf(name, sizeof(name), "%s-%06zu", b->name, i);
		ondemand[i] = seed_ondemand(&sd, b, name);
	}
	seed_packages(&sd, ondemand);
	qsort(st->usage.v, st->usage.n, sizeof(st->usage.v[0]), cmp_usage);

	prepaid_bills = sd.events.n;
	for (size_t c = 0; c < st->cycles.n; c++)
		prepaid_bills += st->cycles.v[c].n;
	if (sd.large && bills_target > (long)prepaid_bills) {
		long rest = bills_target - (long)prepaid_bills;
		seed_bills(&sd, ondemand, nod, rest / (long)nod, rest % (long)nod);
	} else {
		seed_bills(&sd, ondemand, nod, sd.last_day - sd.first_day + 1, 0);
	}
	free(ondemand);
	free(sd.events.v);
	/* Bill arrays are final until something is paid: give back the doubling slack. */
	for (size_t c = 0; c < st->cycles.n; c++) {
		struct sim_cycle *cy = &st->cycles.v[c];
		if (cy->n > 0 && cy->n < cy->cap) {
			cy->v = xreallocarray(cy->v, cy->n, sizeof(*cy->v));
			cy->cap = cy->n;
		}
	}
}
