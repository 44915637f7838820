/*
 * Bills and costs: bss-api.md 6.27-6.30.
 *
 * Every answer is computed from the same detail bill records (struct
 * sim_bill), grouped as each operation asks, so monthly sums, resource
 * records and cost data always add up to one another.
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim/routes.h"
#include "util/timeutil.h"
#include "util/xalloc.h"

static const struct sim_cycle *
find_cycle(const struct sim_state *st, int month)
{
	for (size_t i = 0; i < st->cycles.n; i++)
		if (st->cycles.v[i].month == month)
			return &st->cycles.v[i];
	return NULL;
}

/* ------------------------------------------------------------------ filtering */

struct bill_filter {
	int day_from, day_to;          /* inclusive */
	/* NULL: no filter; a value (even "") must match. */
	const char *service, *rtype, *region, *res_id, *ep_id, *trade_id;
	int charge_mode;               /* 0: any */
	int bill_type;                 /* -1: any */
	bool skip_zero;                /* leave out records whose amount is 0 */
	bool nobody;                   /* a members-only query: the account has no members */
};

static void
filter_init(struct bill_filter *f)
{
	memset(f, 0, sizeof(*f));
	f->day_from = INT_MIN;
	f->day_to = INT_MAX;
	f->bill_type = -1;
}

/* Transaction id of a record: its order, else an id of its own. */
static const char *
trade_id(const struct sim_state *st, const struct sim_cycle *c, size_t i, char buf[40])
{
	if (c->v[i].order >= 0)
		return st->orders.v[c->v[i].order].id;
	snprintf(buf, 40, "TR%06d%08zu", c->month, i);
	return buf;
}

static bool
bill_matches(const struct sim_state *st, const struct sim_cycle *c, size_t i,
    const struct bill_filter *f)
{
	const struct sim_bill *b = &c->v[i];
	const struct sim_resource *r = &st->resources.v[b->res];
	char buf[40];

	if (f->nobody || b->day < f->day_from || b->day > f->day_to)
		return false;
	if ((f->charge_mode != 0 && b->charge_mode != f->charge_mode) ||
	    (f->bill_type >= 0 && b->bill_type != f->bill_type) || (f->skip_zero && b->amount == 0))
		return false;
	if ((f->service != NULL && !rt_eq(f->service, cat_services[st_res_service(r)].code)) ||
	    (f->rtype != NULL && !rt_eq(f->rtype, cat_rtypes[st_res_rtype(r)].code)) ||
	    (f->region != NULL && !rt_eq(f->region, cat_regions[r->region].code)) ||
	    (f->res_id != NULL && strcmp(f->res_id, r->id) != 0) ||
	    (f->ep_id != NULL && strcmp(f->ep_id, st->eps[r->ep].id) != 0))
		return false;
	return f->trade_id == NULL || strcmp(f->trade_id, trade_id(st, c, i, buf)) == 0;
}

/* member-only methods match nothing; anything else but oneself/all is refused. */
static int
check_method(struct sim_response *resp, const char *method, const char *member,
    struct bill_filter *f)
{
	if (method == NULL || *method == '\0' || rt_eq(method, "oneself") || rt_eq(method, "all"))
		return 0;
	if (!rt_eq(method, "sub_customer")) {
		sim_error(resp, 400, RT_BAD, "Invalid parameter: method must be oneself, sub_customer or "
		    "all");
		return -1;
	}
	if (member == NULL || *member == '\0') {
		sim_error(resp, 400, RT_BAD, "Invalid parameter: sub_customer_id is required with "
		    "method sub_customer");
		return -1;
	}
	f->nobody = true;
	return 0;
}

/* ------------------------------------------------------------------ grouping */

enum stat { STAT_CYCLE = 1, STAT_DAY = 2, STAT_DETAIL = 3 };

struct group {
	size_t first;                  /* a record of the group (index in the cycle) */
	int day;
	money_t official, amount, coupon, credit, usage;
};

static const struct sim_cycle *sort_cycle;
static enum stat sort_stat;

/* Detail keeps date order; grouped views order by (day,) resource, bill type. */
static int
by_group_key(const void *a, const void *b)
{
	const struct sim_bill *x = &sort_cycle->v[*(const size_t *)a];
	const struct sim_bill *y = &sort_cycle->v[*(const size_t *)b];

	if (sort_stat == STAT_DAY && x->day != y->day)
		return x->day < y->day ? -1 : 1;
	if (x->res != y->res)
		return x->res < y->res ? -1 : 1;
	if (x->bill_type != y->bill_type)
		return x->bill_type < y->bill_type ? -1 : 1;
	if (x->charge_mode != y->charge_mode)
		return x->charge_mode < y->charge_mode ? -1 : 1;
	return *(const size_t *)a < *(const size_t *)b ? -1 : *(const size_t *)a > *(const size_t *)b;
}

static bool
same_group(const struct sim_cycle *c, size_t a, size_t b, enum stat stat)
{
	const struct sim_bill *x = &c->v[a], *y = &c->v[b];

	if (stat == STAT_DETAIL)
		return false;
	return x->res == y->res && x->bill_type == y->bill_type && x->charge_mode == y->charge_mode &&
	    (stat == STAT_CYCLE || x->day == y->day);
}

/* The matching records of cycle c grouped per stat; returns the number of groups. */
static size_t
group_bills(const struct sim_state *st, const struct sim_cycle *c, const struct bill_filter *f,
    enum stat stat, struct group **out)
{
	size_t *hits = xcalloc(c->n + 1, sizeof(*hits)), n = 0, ng = 0;
	struct group *g = xcalloc(c->n + 1, sizeof(*g));

	for (size_t i = 0; i < c->n; i++)
		if (bill_matches(st, c, i, f))
			hits[n++] = i;
	if (stat != STAT_DETAIL) {
		/* The core serialises handlers, so the comparator's context can be static. */
		sort_cycle = c;
		sort_stat = stat;
		qsort(hits, n, sizeof(*hits), by_group_key);
	}
	for (size_t k = 0; k < n; k++) {
		const struct sim_bill *b = &c->v[hits[k]];
		struct group *cur;
		if (ng == 0 || !same_group(c, g[ng - 1].first, hits[k], stat)) {
			g[ng].first = hits[k];
			g[ng].day = b->day;
			ng++;
		}
		cur = &g[ng - 1];
		cur->official += b->official_amount;
		cur->amount += b->amount;
		cur->coupon += b->coupon_amount;
		cur->credit += b->credit_amount;
		cur->usage += b->usage;
	}
	free(hits);
	*out = g;
	return ng;
}

/* ------------------------------------------------------------------ ShowCustomerMonthlySum */

/* The summary's bill_type: 1 consumption, 2 refund, 3 adjustment. */
static int
summary_type(int bill_type)
{
	switch (bill_type) {
	case 4: case 20: case 24: return 2;
	case 9: case 16: return 3;
	default: return 1;
	}
}

struct sum_key {
	int service, rtype, charge_mode, type;
	money_t official, amount, coupon, credit;
};

static int
by_sum_key(const void *a, const void *b)
{
	const struct sum_key *x = a, *y = b;

	if (x->service != y->service)
		return x->service < y->service ? -1 : 1;
	if (x->rtype != y->rtype)
		return x->rtype < y->rtype ? -1 : 1;
	if (x->charge_mode != y->charge_mode)
		return x->charge_mode < y->charge_mode ? -1 : 1;
	return x->type < y->type ? -1 : x->type > y->type;
}

static void
add_sums(cJSON *o, money_t official, money_t amount, money_t coupon, money_t credit)
{
	rt_money(o, "consume_amount", amount);
	rt_money(o, "coupon_amount", coupon);
	rt_money(o, "flexipurchase_coupon_amount", 0);
	rt_money(o, "stored_value_card_amount", 0);
	rt_money(o, "cash_amount", amount - coupon - credit);
	rt_money(o, "credit_amount", credit);
	rt_money(o, "debt_amount", 0);
	rt_money(o, "writeoff_amount", 0);
	rt_int(o, "measure_id", 1);
	(void)official;
}

RT_HANDLER(rt_monthly_sum)
{
	enum cat_lang lang = cat_lang_of(req->x_language);
	const char *cycle_text, *ep = sim_query_get(req, "enterprise_project_id");
	const char *service = sim_query_get(req, "service_type_code");
	struct bill_filter f;
	const struct sim_cycle *c;
	struct sum_key *keys = NULL, tot = { 0 };
	size_t n = 0, ng = 0;
	long offset, limit;
	int month;
	cJSON *root, *arr;

	filter_init(&f);
	if (rt_query_required(req, resp, "bill_cycle", &cycle_text) != 0 ||
	    rt_query_page(req, resp, 1000, 2147483647L, &offset, &limit) != 0 ||
	    check_method(resp, sim_query_get(req, "method"), sim_query_get(req, "sub_customer_id"),
	    &f) != 0)
		return;
	if ((month = rt_parse_cycle(cycle_text)) < 0) {
		sim_error(resp, 400, RT_BAD, "Invalid parameter: bill_cycle must be YYYY-MM");
		return;
	}
	if (ep != NULL && *ep == '\0') {
		sim_error(resp, 400, RT_BAD, "Invalid parameter: enterprise_project_id must not be empty");
		return;
	}
	f.ep_id = ep;
	f.service = service != NULL && *service != '\0' ? service : NULL;
	c = find_cycle(st, month);
	if (c != NULL) {
		keys = xcalloc(c->n + 1, sizeof(*keys));
		for (size_t i = 0; i < c->n; i++) {
			const struct sim_bill *b = &c->v[i];
			const struct sim_resource *r = &st->resources.v[b->res];
			if (!bill_matches(st, c, i, &f))
				continue;
			keys[n] = (struct sum_key){ st_res_service(r), st_res_rtype(r), b->charge_mode,
				summary_type(b->bill_type), b->official_amount, b->amount, b->coupon_amount,
				b->credit_amount };
			n++;
		}
		qsort(keys, n, sizeof(*keys), by_sum_key);
		/* Fold equal keys into the first of each run. */
		for (size_t i = 0; i < n; i++) {
			if (ng > 0 && by_sum_key(&keys[ng - 1], &keys[i]) == 0) {
				keys[ng - 1].official += keys[i].official;
				keys[ng - 1].amount += keys[i].amount;
				keys[ng - 1].coupon += keys[i].coupon;
				keys[ng - 1].credit += keys[i].credit;
			} else {
				keys[ng++] = keys[i];
			}
			tot.official += keys[i].official;
			tot.amount += keys[i].amount;
			tot.coupon += keys[i].coupon;
			tot.credit += keys[i].credit;
		}
	}
	root = cJSON_CreateObject();
	rt_int(root, "total_count", (long)ng);
	arr = cJSON_AddArrayToObject(root, "bill_sums");
	for (long k = offset; k < (long)ng && k < offset + limit; k++) {
		const struct sum_key *s = &keys[k];
		cJSON *o = cJSON_CreateObject();
		rt_str(o, "bill_cycle", cycle_text);
		rt_str(o, "resource_type_code", cat_rtypes[s->rtype].code);
		rt_str(o, "service_type_code", cat_services[s->service].code);
		rt_str(o, "service_type_name", rt_service_name(s->service, lang));
		rt_str(o, "resource_type_name", rt_rtype_name(s->rtype, lang));
		rt_int(o, "charging_mode", s->charge_mode);
		rt_money(o, "official_amount", s->official);
		rt_money(o, "official_discount_amount", s->official - s->amount);
		rt_money(o, "truncated_amount", 0);
		add_sums(o, s->official, s->amount, s->coupon, s->credit);
		rt_int(o, "bill_type", s->type);
		rt_str(o, "customer_id", st->customer_id);
		rt_str(o, "account_name", st->user_name);
		cJSON_AddItemToArray(arr, o);
	}
	add_sums(root, tot.official, tot.amount, tot.coupon, tot.credit);
	rt_str(root, "currency", st_currency(st));
	free(keys);
	rt_send(resp, 200, root);
}

/* ------------------------------------------------------------------ resource records */

/* Both record APIs show these the same way. */
struct record_ctx {
	const struct sim_state *st;
	const struct sim_cycle *c;
	enum cat_lang lang;
	enum stat stat;
};

static void
record_common(const struct record_ctx *x, const struct group *g, cJSON *o, bool detail_names)
{
	const struct sim_bill *b = &x->c->v[g->first];
	const struct sim_resource *r = &x->st->resources.v[b->res];
	int service = st_res_service(r), rtype = st_res_rtype(r);
	char buf[40];

	rt_int(o, "bill_type", b->bill_type);
	rt_str(o, "customer_id", x->st->customer_id);
	rt_str(o, "region", cat_regions[r->region].code);
	rt_str(o, "region_name", cat_pick(x->lang, cat_regions[r->region].name_zh,
	    cat_regions[r->region].name_en));
	rt_str(o, "cloud_service_type", cat_services[service].code);
	/* 6.28 spells it resource_Type_code; 6.29 resource_type. */
	rt_str(o, detail_names ? "resource_Type_code" : "resource_type", cat_rtypes[rtype].code);
	rt_str(o, "cloud_service_type_name", rt_service_name(service, x->lang));
	rt_str(o, "resource_type_name", rt_rtype_name(rtype, x->lang));
	rt_str(o, "resource_name", r->name);
	rt_str(o, "resource_tag", "");
	rt_str(o, "sku_code", cat_specs[r->spec].code);
	rt_str(o, "enterprise_project_id", x->st->eps[r->ep].id);
	rt_str(o, "enterprise_project_name", x->st->eps[r->ep].name);
	rt_money(o, "cash_amount", g->amount - g->coupon - g->credit);
	rt_money(o, "credit_amount", g->credit);
	rt_money(o, "coupon_amount", g->coupon);
	rt_money(o, "flexipurchase_coupon_amount", 0);
	rt_money(o, "stored_card_amount", 0);
	rt_money(o, "bonus_amount", 0);
	rt_money(o, "debt_amount", 0);
	rt_money(o, "adjustment_amount", 0);
	rt_money(o, "official_amount", g->official);
	rt_money(o, "discount_amount", g->official - g->amount);
	rt_int(o, "measure_id", 1);
	rt_str(o, "trade_id", trade_id(x->st, x->c, g->first, buf));
	rt_str(o, "account_name", x->st->user_name);
}

/* The usage span of a detail record: its bill date (UTC+8). */
static void
record_times(const struct group *g, cJSON *o, const char *from, const char *to)
{
	rt_time(o, from, st_day_start(g->day));
	rt_time(o, to, st_day_start(g->day + 1) - 1);
}

static cJSON *
res_record(const struct record_ctx *x, const struct group *g)
{
	const struct sim_bill *b = &x->c->v[g->first];
	const struct sim_resource *r = &x->st->resources.v[b->res];
	cJSON *o = cJSON_CreateObject();
	char buf[192];

	snprintf(buf, sizeof(buf), "%04d-%02d", x->c->month / 12, x->c->month % 12 + 1);
	rt_str(o, "cycle", buf);
	if (x->stat == STAT_DAY) {
		time_t t = st_day_start(g->day);
		rt_str(o, "bill_date", time_format_date_cn(t, buf));
	}
	record_common(x, g, o, true);
	rt_str(o, "res_instance_id", r->id);
	rt_int(o, "charge_mode", b->charge_mode);
	rt_money(o, "consume_amount", g->amount);
	rt_int(o, "period_type", b->period_type);
	rt_str(o, "root_resource_id", x->st->resources.v[st_res_primary(x->st, b->res)].id);
	rt_str(o, "parent_resource_id", r->parent >= 0 ? x->st->resources.v[r->parent].id : "");
	rt_spec_desc(r, r->spec, x->lang, buf, sizeof(buf));
	rt_str(o, "product_spec_desc", buf);
	rt_str(o, "payer_account_id", x->st->customer_id);
	if (x->stat == STAT_DETAIL) {
		snprintf(buf, sizeof(buf), "BL%06d%08zu", x->c->month, g->first);
		rt_str(o, "id", buf);
		record_times(g, o, "effective_time", "expire_time");
		rt_time(o, "consume_time", st_day_start(g->day) + 12 * 3600);
	}
	return o;
}

static cJSON *
fee_record(const struct record_ctx *x, const struct group *g)
{
	const struct sim_bill *b = &x->c->v[g->first];
	const struct sim_resource *r = &x->st->resources.v[b->res];
	const struct cat_spec *s = &cat_specs[r->spec];
	const struct cat_usage_type *u = &cat_usage_types[s->usage_type];
	cJSON *o = cJSON_CreateObject();
	char buf[192];

	if (x->stat != STAT_CYCLE)
		rt_str(o, "bill_date", time_format_date_cn(st_day_start(g->day), buf));
	record_common(x, g, o, false);
	rt_str(o, "resource_id", r->id);
	rt_str(o, "product_id", cat_product_id(r->spec, b->charge_mode == 1 ? 'P' : 'D', buf));
	rt_spec_desc(r, r->spec, x->lang, buf, sizeof(buf));
	rt_str(o, "product_spec_desc", buf);
	if (s->size_measure_id != 0 && r->spec_size > 0) {
		rt_money(o, "spec_size", MONEY_UNITS(r->spec_size));
		rt_int(o, "spec_size_measure_id", s->size_measure_id);
	}
	snprintf(buf, sizeof(buf), "%d", b->charge_mode);
	rt_str(o, "charge_mode", buf);
	snprintf(buf, sizeof(buf), "%d", b->period_type);
	rt_str(o, "period_type", buf);
	if (b->order >= 0)
		rt_str(o, "order_id", x->st->orders.v[b->order].id);
	if (b->charge_mode == ST_CHARGE_ONDEMAND) {
		rt_str(o, "usage_type", u->code);
		rt_money(o, "usage", g->usage);
		rt_int(o, "usage_measure_id", u->measure_id);
		rt_money(o, "unit_price", s->usage_price);
		rt_str(o, "unit", x->lang == CAT_EN ? "CNY per unit" : "元/单位");
	}
	rt_money(o, "amount", g->amount);
	if (x->stat != STAT_CYCLE) {
		char money[MONEY_BUFSZ];
		snprintf(buf, sizeof(buf), "%s", money_format(g->amount, 2, money, sizeof(money)));
		rt_str(o, "formula", buf);
	}
	if (x->stat == STAT_DETAIL) {
		snprintf(buf, sizeof(buf), "BL%06d%08zu", x->c->month, g->first);
		rt_str(o, "id", buf);
		rt_time(o, "trade_time", st_day_start(g->day) + 12 * 3600);
		rt_time(o, "consume_time", st_day_start(g->day) + 12 * 3600);
		if (b->charge_mode == ST_CHARGE_ONDEMAND)
			record_times(g, o, "effective_time", "expire_time");
	}
	return o;
}

/* Pages of groups of one cycle as records_field, with total_count and currency. */
static void
send_records(const struct record_ctx *x, const struct bill_filter *f, long offset, long limit,
    const char *records_field, cJSON *(*view)(const struct record_ctx *, const struct group *),
    struct sim_response *resp)
{
	struct group *g = NULL;
	size_t ng = x->c != NULL ? group_bills(x->st, x->c, f, x->stat, &g) : 0;
	cJSON *root = cJSON_CreateObject();
	cJSON *arr = cJSON_AddArrayToObject(root, records_field);

	for (long k = offset; k < (long)ng && k < offset + limit; k++)
		cJSON_AddItemToArray(arr, view(x, &g[k]));
	rt_int(root, "total_count", (long)ng);
	rt_str(root, "currency", st_currency(x->st));
	free(g);
	rt_send(resp, 200, root);
}

/* An optional YYYY-MM-DD inside the billing cycle; -1 when absent. */
static int
day_in_cycle(struct sim_response *resp, const char *name, const char *v, int month, int *out)
{
	*out = -1;
	if (v == NULL)
		return 0;
	*out = rt_parse_day(v);
	if (*out < 0 || st_month_of_day(*out) != month) {
		sim_error(resp, 400, RT_BAD, "Invalid parameter: %s must be a YYYY-MM-DD date in the "
		    "billing cycle", name);
		return -1;
	}
	return 0;
}

static const char *
or_null(const char *s)
{
	return s != NULL && *s != '\0' ? s : NULL;
}

RT_HANDLER(rt_res_records)
{
	cJSON *body = rt_body(req, resp, false);
	const cJSON *zero;
	const char *cycle, *method, *member, *query_type, *begin, *end, *payer, *ep;
	struct record_ctx x = { st, NULL, cat_lang_of(req->x_language), STAT_CYCLE };
	struct bill_filter f;
	long charge, bill_type, stat, offset, limit;
	int month, from, to;

	if (body == NULL)
		return;
	filter_init(&f);
	if (rt_json_str_req(body, resp, "cycle", 8, &cycle) != 0 ||
	    rt_json_str(body, resp, "cloud_service_type", 64, &f.service) != 0 ||
	    rt_json_str(body, resp, "resource_type", 64, &f.rtype) != 0 ||
	    rt_json_str(body, resp, "region", 64, &f.region) != 0 ||
	    rt_json_str(body, resp, "res_instance_id", 64, &f.res_id) != 0 ||
	    rt_json_int(body, resp, "charge_mode", 1, 11, 0, &charge) != 0 ||
	    rt_json_int(body, resp, "bill_type", 1, 127, -1, &bill_type) != 0 ||
	    rt_json_str(body, resp, "enterprise_project_id", 64, &ep) != 0 ||
	    rt_json_page(body, resp, 1000, 2147483647L, &offset, &limit) != 0 ||
	    rt_json_str(body, resp, "method", 64, &method) != 0 ||
	    rt_json_str(body, resp, "sub_customer_id", 64, &member) != 0 ||
	    rt_json_int(body, resp, "statistic_type", 1, 3, 1, &stat) != 0 ||
	    rt_json_str(body, resp, "query_type", 9, &query_type) != 0 ||
	    rt_json_str(body, resp, "bill_cycle_begin", 10, &begin) != 0 ||
	    rt_json_str(body, resp, "bill_cycle_end", 10, &end) != 0 ||
	    rt_json_str(body, resp, "payer_account_id", 64, &payer) != 0 ||
	    check_method(resp, method, member, &f) != 0)
		goto out;
	/* Omitted, "" and null filter nothing here (bss-api.md 6.28). */
	f.service = or_null(f.service);
	f.rtype = or_null(f.rtype);
	f.region = or_null(f.region);
	f.res_id = or_null(f.res_id);
	f.ep_id = or_null(ep);
	zero = cJSON_GetObjectItemCaseSensitive(body, "include_zero_record");
	if (zero != NULL && !cJSON_IsNull(zero) && !cJSON_IsBool(zero)) {
		sim_error(resp, 400, RT_BAD, "Invalid parameter: include_zero_record must be a boolean");
		goto out;
	}
	f.skip_zero = cJSON_IsFalse(zero);
	if ((month = rt_parse_cycle(cycle)) < 0 || month < 2019 * 12) {
		sim_error(resp, 400, RT_BAD, "Invalid parameter: cycle must be YYYY-MM, 2019-01 or later");
		goto out;
	}
	if (query_type != NULL && !rt_eq(query_type, "BILLCYCLE") && !rt_eq(query_type, "DAILY")) {
		sim_error(resp, 400, RT_BAD, "Invalid parameter: query_type must be BILLCYCLE or DAILY");
		goto out;
	}
	if (query_type != NULL && rt_eq(query_type, "DAILY")) {
		if (stat == STAT_CYCLE || begin == NULL || end == NULL) {
			sim_error(resp, 400, RT_BAD, "Invalid parameter: DAILY needs statistic_type 2 or 3 "
			    "and bill_cycle_begin and bill_cycle_end");
			goto out;
		}
		if (day_in_cycle(resp, "bill_cycle_begin", begin, month, &from) != 0 ||
		    day_in_cycle(resp, "bill_cycle_end", end, month, &to) != 0)
			goto out;
		f.day_from = from;
		f.day_to = to;
	}
	f.charge_mode = (int)charge;
	f.bill_type = (int)bill_type;
	f.nobody |= payer != NULL && strcmp(payer, st->customer_id) != 0;
	x.c = find_cycle(st, month);
	x.stat = (enum stat)stat;
	send_records(&x, &f, offset, limit, "monthly_records", res_record, resp);
out:
	cJSON_Delete(body);
}

RT_HANDLER(rt_res_fee_records)
{
	const char *cycle, *charge = sim_query_get(req, "charge_mode");
	const char *zero = sim_query_get(req, "include_zero_record");
	const char *begin = sim_query_get(req, "bill_date_begin");
	const char *end = sim_query_get(req, "bill_date_end");
	struct record_ctx x = { st, NULL, cat_lang_of(req->x_language), STAT_DETAIL };
	struct bill_filter f;
	long bill_type, stat, offset, limit;
	int month, from, to;

	filter_init(&f);
	if (rt_query_required(req, resp, "cycle", &cycle) != 0 ||
	    rt_query_int(req, resp, "bill_type", 0, 127, -1, &bill_type) != 0 ||
	    rt_query_int(req, resp, "statistic_type", 1, 3, 3, &stat) != 0 ||
	    rt_query_page(req, resp, 1000, 2147483647L, &offset, &limit) != 0 ||
	    check_method(resp, sim_query_get(req, "method"), sim_query_get(req, "sub_customer_id"),
	    &f) != 0)
		return;
	if ((month = rt_parse_cycle(cycle)) < 0) {
		sim_error(resp, 400, RT_BAD, "Invalid parameter: cycle must be YYYY-MM");
		return;
	}
	/* A string-typed enumeration here; "" is refused (bss-api.md 6.29). */
	if (charge != NULL && strcmp(charge, "1") != 0 && strcmp(charge, "3") != 0 &&
	    strcmp(charge, "10") != 0 && strcmp(charge, "11") != 0) {
		sim_error(resp, 400, RT_BAD, "Invalid parameter: charge_mode must be \"1\", \"3\", \"10\" "
		    "or \"11\"");
		return;
	}
	if (zero != NULL && strcmp(zero, "true") != 0 && strcmp(zero, "false") != 0) {
		sim_error(resp, 400, RT_BAD, "Invalid parameter: include_zero_record must be true or "
		    "false");
		return;
	}
	if ((begin == NULL) != (end == NULL)) {
		sim_error(resp, 400, RT_BAD, "Invalid parameter: bill_date_begin and bill_date_end go "
		    "together");
		return;
	}
	if (day_in_cycle(resp, "bill_date_begin", begin, month, &from) != 0 ||
	    day_in_cycle(resp, "bill_date_end", end, month, &to) != 0)
		return;
	if (begin != NULL && to < from) {
		sim_error(resp, 400, RT_BAD, "Invalid parameter: bill_date_end is before bill_date_begin");
		return;
	}
	/* The date range narrows detail views only. */
	if (begin != NULL && stat != STAT_CYCLE) {
		f.day_from = from;
		f.day_to = to;
	}
	/* Omitted: no filter; "" is a filter too (bss-api.md 6.29). */
	f.service = sim_query_get(req, "cloud_service_type");
	f.region = sim_query_get(req, "region");
	f.res_id = sim_query_get(req, "resource_id");
	f.ep_id = sim_query_get(req, "enterprise_project_id");
	f.trade_id = or_null(sim_query_get(req, "trade_id"));
	f.charge_mode = charge != NULL ? atoi(charge) : 0;
	f.bill_type = bill_type > 0 ? (int)bill_type : -1;
	f.skip_zero = zero != NULL && strcmp(zero, "false") == 0;
	x.c = find_cycle(st, month);
	x.stat = (enum stat)stat;
	send_records(&x, &f, offset, limit, "fee_records", fee_record, resp);
}

/* ------------------------------------------------------------------ ListCosts */

enum dim { D_SERVICE, D_RTYPE, D_ACCOUNT, D_REGION, D_AZ, D_EP, D_SPEC, D_CHARGE, D_USAGE,
	D_BILLTYPE, D_BE, D_PAYER, D_RESOURCE, D_TAG, D_COST_UNIT, D_NONE };

static const char *const dim_keys[] = {
	[D_SERVICE] = "CLOUD_SERVICE_TYPE", [D_RTYPE] = "RESOURCE_TYPE",
	[D_ACCOUNT] = "ASSOCIATED_ACCOUNT", [D_REGION] = "REGION_CODE", [D_AZ] = "AZ_CODE",
	[D_EP] = "ENTERPRISE_PROJECT_ID", [D_SPEC] = "RES_SPEC_CODE", [D_CHARGE] = "CHARGING_MODE",
	[D_USAGE] = "USAGE_TYPE", [D_BILLTYPE] = "BILL_TYPE", [D_BE] = "BE_ID",
	[D_PAYER] = "PAYER_ACCOUNT_ID", [D_RESOURCE] = "RESOURCE_ID", [D_TAG] = "RESOURCE_TAG",
	[D_COST_UNIT] = "COST_UNIT",
};

/* A dimension by its key; groupby dimensions stop before the tag-like ones. */
static int
dim_find(const char *key, int last)
{
	for (int d = 0; d <= last; d++)
		if (strcmp(key, dim_keys[d]) == 0)
			return d;
	return -1;
}

/* A small integer standing for the record's value of d (grouping key). */
static int
dim_id(const struct sim_state *st, const struct sim_bill *b, int d)
{
	const struct sim_resource *r = &st->resources.v[b->res];

	switch (d) {
	case D_SERVICE: return st_res_service(r);
	case D_RTYPE: return st_res_rtype(r);
	case D_REGION: case D_AZ: return r->region;
	case D_EP: return r->ep;
	case D_SPEC: return r->spec;
	case D_CHARGE: return b->charge_mode;
	case D_USAGE: return b->charge_mode == ST_CHARGE_ONDEMAND ? cat_specs[r->spec].usage_type : -1;
	case D_BILLTYPE: return b->bill_type;
	case D_RESOURCE: return b->res;
	default: return 0;
	}
}

static const char *
dim_value(const struct sim_state *st, const struct sim_bill *b, int d, char buf[64])
{
	const struct sim_resource *r = &st->resources.v[b->res];

	switch (d) {
	case D_SERVICE: return cat_services[st_res_service(r)].code;
	case D_RTYPE: return cat_rtypes[st_res_rtype(r)].code;
	case D_ACCOUNT: case D_PAYER: return st->customer_id;
	case D_REGION: return cat_regions[r->region].code;
	case D_AZ: snprintf(buf, 64, "%sa", cat_regions[r->region].code); return buf;
	case D_EP: return st->eps[r->ep].id;
	case D_SPEC: return cat_specs[r->spec].code;
	case D_CHARGE: snprintf(buf, 64, "%d", b->charge_mode); return buf;
	case D_USAGE: return b->charge_mode == ST_CHARGE_ONDEMAND ?
	    cat_usage_types[cat_specs[r->spec].usage_type].code : "";
	case D_BILLTYPE: snprintf(buf, 64, "%d", b->bill_type); return buf;
	case D_BE: return "10";
	case D_RESOURCE: return r->id;
	default: return "";    /* no resource carries a tag or a cost unit */
	}
}

/*
 * Bounds of our own (bss-api.md gives none): every filter value is compared
 * with every record, so the lists stay short enough to answer in time.
 */
#define MAX_GROUPBY 8
#define MAX_FILTERS 16
#define MAX_FILTER_VALUES 1000

struct cost_filter {
	int dim;
	bool exclude;
	const cJSON *values;
};

struct cost_query {
	int measure;                   /* 1 day, 2 month */
	int from, to;                  /* days or months, inclusive */
	int dims[MAX_GROUPBY];
	const char *keys[MAX_GROUPBY];
	size_t ndims;
	struct cost_filter filters[MAX_FILTERS];
	size_t nfilters;
	bool net;
	long offset, limit;
};

static int
parse_time_condition(const cJSON *body, struct sim_response *resp, struct cost_query *q)
{
	const cJSON *tc = cJSON_GetObjectItemCaseSensitive(body, "time_condition");
	const char *begin, *end;
	long measure;

	if (!cJSON_IsObject(tc)) {
		sim_error(resp, 400, RT_BAD, "Invalid parameter: time_condition is required");
		return -1;
	}
	if (rt_json_int(tc, resp, "time_measure_id", 1, 2, 0, &measure) != 0 ||
	    rt_json_str_req(tc, resp, "begin_time", 32, &begin) != 0 ||
	    rt_json_str_req(tc, resp, "end_time", 32, &end) != 0)
		return -1;
	if (measure == 0) {
		sim_error(resp, 400, RT_BAD, "Invalid parameter: time_measure_id is required");
		return -1;
	}
	q->measure = (int)measure;
	q->from = measure == 1 ? rt_parse_day(begin) : rt_parse_cycle(begin);
	q->to = measure == 1 ? rt_parse_day(end) : rt_parse_cycle(end);
	if (q->from < 0 || q->to < 0 || q->to < q->from) {
		sim_error(resp, 400, RT_BAD, "Invalid parameter: begin_time and end_time must be %s, in "
		    "order", measure == 1 ? "YYYY-MM-DD" : "YYYY-MM");
		return -1;
	}
	/* A bound of our own: one entry per day or month is built for every row. */
	if ((measure == 1 && q->to - q->from > 366) || (measure == 2 && q->to - q->from > 36)) {
		sim_error(resp, 400, RT_BAD, "Invalid parameter: the time window is too long (at most "
		    "367 days or 37 months)");
		return -1;
	}
	return 0;
}

static int
parse_cost_query(const cJSON *body, struct sim_response *resp, struct cost_query *q)
{
	const cJSON *groupby = cJSON_GetObjectItemCaseSensitive(body, "groupby");
	const cJSON *filters = cJSON_GetObjectItemCaseSensitive(body, "filters"), *e;
	const char *cost_type, *amount_type;

	memset(q, 0, sizeof(*q));
	if (parse_time_condition(body, resp, q) != 0 ||
	    rt_json_str_req(body, resp, "cost_type", 256, &cost_type) != 0 ||
	    rt_json_str_req(body, resp, "amount_type", 256, &amount_type) != 0 ||
	    rt_json_int(body, resp, "offset", 0, 200000, 0, &q->offset) != 0 ||
	    rt_json_int(body, resp, "limit", 0, 1000, 10, &q->limit) != 0)
		return -1;
	if (strcmp(cost_type, "ORIGINAL_COST") != 0 && strcmp(cost_type, "AMORTIZED_COST") != 0) {
		sim_error(resp, 400, RT_BAD, "Invalid parameter: cost_type must be ORIGINAL_COST or "
		    "AMORTIZED_COST");
		return -1;
	}
	if (strcmp(amount_type, "PAYMENT_AMOUNT") != 0 && strcmp(amount_type, "NET_AMOUNT") != 0) {
		sim_error(resp, 400, RT_BAD, "Invalid parameter: amount_type must be PAYMENT_AMOUNT or "
		    "NET_AMOUNT");
		return -1;
	}
	q->net = amount_type[0] == 'N';
	if (!cJSON_IsArray(groupby) || cJSON_GetArraySize(groupby) < 1 ||
	    cJSON_GetArraySize(groupby) > MAX_GROUPBY) {
		sim_error(resp, 400, RT_BAD, "Invalid parameter: groupby must list 1 to %d groupings",
		    MAX_GROUPBY);
		return -1;
	}
	cJSON_ArrayForEach(e, groupby) {
		const char *type, *key;
		if (!cJSON_IsObject(e) || rt_json_str_req(e, resp, "type", 64, &type) != 0 ||
		    rt_json_str_req(e, resp, "key", 64, &key) != 0) {
			if (!cJSON_IsObject(e))
				sim_error(resp, 400, RT_BAD, "Invalid parameter: groupby holds objects");
			return -1;
		}
		if (strcmp(type, "dimension") == 0)
			q->dims[q->ndims] = dim_find(key, D_RESOURCE);
		else if (strcmp(type, "tag") == 0)
			q->dims[q->ndims] = D_TAG;
		else if (strcmp(type, "cost_unit") == 0)
			q->dims[q->ndims] = D_COST_UNIT;
		else
			q->dims[q->ndims] = -2;
		if (q->dims[q->ndims] < 0) {
			sim_error(resp, 400, RT_BAD, "Invalid parameter: groupby %s %s is not known", type,
			    key);
			return -1;
		}
		q->keys[q->ndims++] = key;
	}
	if (filters != NULL && !cJSON_IsNull(filters)) {
		if (!cJSON_IsArray(filters) || cJSON_GetArraySize(filters) > MAX_FILTERS) {
			sim_error(resp, 400, RT_BAD, "Invalid parameter: filters must list up to %d filters",
			    MAX_FILTERS);
			return -1;
		}
		cJSON_ArrayForEach(e, filters) {
			const cJSON *factor = cJSON_GetObjectItemCaseSensitive(e, "filter_factor"), *v;
			struct cost_filter *cf = &q->filters[q->nfilters];
			const char *key;
			long op;
			if (rt_json_int(e, resp, "operator", 0, 1, -1, &op) != 0)
				return -1;
			if (op < 0 || !cJSON_IsObject(factor) ||
			    rt_json_str_req(factor, resp, "key", 256, &key) != 0 ||
			    !cJSON_IsArray(cf->values = cJSON_GetObjectItemCaseSensitive(factor, "value")) ||
			    cJSON_GetArraySize(cf->values) > MAX_FILTER_VALUES ||
			    (cf->dim = dim_find(key, D_COST_UNIT)) < 0) {
				sim_error(resp, 400, RT_BAD, "Invalid parameter: each filter needs operator and "
				    "filter_factor {key, value[]} with a known key and at most %d values",
				    MAX_FILTER_VALUES);
				return -1;
			}
			cJSON_ArrayForEach(v, cf->values) {
				if (!cJSON_IsString(v)) {
					sim_error(resp, 400, RT_BAD, "Invalid parameter: filter values are strings");
					return -1;
				}
			}
			cf->exclude = op == 1;
			q->nfilters++;
		}
	}
	return 0;
}

static bool
cost_filters_pass(const struct sim_state *st, const struct sim_bill *b, const struct cost_query *q)
{
	for (size_t i = 0; i < q->nfilters; i++) {
		char buf[64];
		const char *value = dim_value(st, b, q->filters[i].dim, buf);
		const cJSON *v;
		bool hit = false;
		cJSON_ArrayForEach(v, q->filters[i].values)
			hit |= rt_eq(v->valuestring, value);
		if (hit == q->filters[i].exclude)
			return false;
	}
	return true;
}

/* Groups of records sharing their groupby values, found through an open-addressing table. */
struct cost_groups {
	int *keys;                     /* ndims per group */
	size_t n, cap, ndims;
	int32_t *table;                /* group index + 1; 0 = empty */
	size_t mask;
};

static size_t
key_hash(const int *k, size_t nd)
{
	uint64_t h = 1469598103934665603ULL;

	for (size_t i = 0; i < nd; i++)
		h = (h ^ (uint32_t)k[i]) * 1099511628211ULL;
	return (size_t)(h ^ (h >> 31));
}

static void
groups_rehash(struct cost_groups *g, size_t size)
{
	free(g->table);
	g->table = xcalloc(size, sizeof(*g->table));
	g->mask = size - 1;
	for (size_t i = 0; i < g->n; i++) {
		size_t s = key_hash(&g->keys[i * g->ndims], g->ndims) & g->mask;
		while (g->table[s] != 0)
			s = (s + 1) & g->mask;
		g->table[s] = (int32_t)i + 1;
	}
}

static int32_t
groups_find_or_add(struct cost_groups *g, const int *k)
{
	size_t s;

	if ((g->n + 1) * 2 > g->mask + 1)
		groups_rehash(g, (g->mask + 1) * 2);
	for (s = key_hash(k, g->ndims) & g->mask; g->table[s] != 0; s = (s + 1) & g->mask)
		if (memcmp(&g->keys[(size_t)(g->table[s] - 1) * g->ndims], k, g->ndims * sizeof(int)) == 0)
			return g->table[s] - 1;
	if (g->n == g->cap) {
		g->cap = g->cap ? g->cap * 2 : 64;
		g->keys = xreallocarray(g->keys, g->cap * g->ndims, sizeof(int));
	}
	memcpy(&g->keys[g->n * g->ndims], k, g->ndims * sizeof(int));
	g->table[s] = (int32_t)g->n + 1;
	return (int32_t)g->n++;
}

static const struct cost_groups *sort_groups;

static int
by_cost_key(const void *a, const void *b)
{
	const int *x = &sort_groups->keys[(size_t)*(const int32_t *)a * sort_groups->ndims];
	const int *y = &sort_groups->keys[(size_t)*(const int32_t *)b * sort_groups->ndims];

	for (size_t i = 0; i < sort_groups->ndims; i++)
		if (x[i] != y[i])
			return x[i] < y[i] ? -1 : 1;
	return 0;
}

struct cost_hit {
	const struct sim_bill *bill;
	int32_t group;
	int bucket;
};

static void
cost_bucket_label(const struct cost_query *q, int bucket, char buf[16])
{
	int unit = q->from + bucket;

	if (q->measure == 1)
		time_format_date_cn(st_day_start(unit), buf);
	else
		snprintf(buf, 16, "%04d-%02d", unit / 12, unit % 12 + 1);
}

RT_HANDLER(rt_list_costs)
{
	cJSON *body = rt_body(req, resp, false), *root, *arr;
	struct cost_query q;
	struct cost_groups g = { 0 };
	struct cost_hit *hits = NULL;
	const struct sim_bill **samples = NULL;   /* a record of each group */
	size_t nhits = 0, caphits = 0, nsamples = 0;
	int32_t *order = NULL, *slot = NULL;
	size_t nbuckets;
	money_t *amount = NULL, *official = NULL;
	int key[MAX_GROUPBY];
	long shown;

	if (body == NULL)
		return;
	if (parse_cost_query(body, resp, &q) != 0)
		goto out;
	nbuckets = (size_t)(q.to - q.from + 1);
	g.ndims = q.ndims;
	groups_rehash(&g, 64);
	/* Pass 1: the matching records and their groups. */
	for (size_t c = 0; c < st->cycles.n; c++) {
		const struct sim_cycle *cy = &st->cycles.v[c];
		if (q.measure == 2 ? (cy->month < q.from || cy->month > q.to) :
		    (st_first_day_of_month(cy->month + 1) <= q.from ||
		    st_first_day_of_month(cy->month) > q.to))
			continue;
		for (size_t i = 0; i < cy->n; i++) {
			const struct sim_bill *b = &cy->v[i];
			int unit = q.measure == 1 ? b->day : cy->month;
			if (unit < q.from || unit > q.to || !cost_filters_pass(st, b, &q))
				continue;
			for (size_t d = 0; d < q.ndims; d++)
				key[d] = dim_id(st, b, q.dims[d]);
			if (nhits == caphits) {
				caphits = caphits ? caphits * 2 : 1024;
				hits = xreallocarray(hits, caphits, sizeof(*hits));
			}
			hits[nhits] = (struct cost_hit){ b, groups_find_or_add(&g, key), unit - q.from };
			if ((size_t)hits[nhits].group == nsamples) {
				/* A new group: keep its first record for the dimension values. */
				samples = xreallocarray(samples, g.cap, sizeof(*samples));
				samples[nsamples++] = b;
			}
			nhits++;
		}
	}
	order = xcalloc(g.n + 1, sizeof(*order));
	slot = xcalloc(g.n + 1, sizeof(*slot));
	for (size_t i = 0; i < g.n; i++)
		order[i] = (int32_t)i;
	sort_groups = &g;
	qsort(order, g.n, sizeof(*order), by_cost_key);
	/* Pass 2: per-bucket sums for the rows on this page only. */
	shown = q.offset < (long)g.n ? ((long)g.n - q.offset < q.limit ? (long)g.n - q.offset : q.limit) : 0;
	for (size_t i = 0; i < g.n; i++)
		slot[i] = -1;
	for (long k = 0; k < shown; k++)
		slot[order[q.offset + k]] = (int32_t)k;
	amount = xcalloc((size_t)shown * nbuckets + 1, sizeof(*amount));
	official = xcalloc((size_t)shown * nbuckets + 1, sizeof(*official));
	for (size_t i = 0; i < nhits; i++) {
		int32_t s = slot[hits[i].group];
		if (s < 0)
			continue;
		amount[(size_t)s * nbuckets + (size_t)hits[i].bucket] += hits[i].bill->amount -
		    (q.net ? hits[i].bill->coupon_amount : 0);
		official[(size_t)s * nbuckets + (size_t)hits[i].bucket] += hits[i].bill->official_amount;
	}
	root = cJSON_CreateObject();
	rt_str(root, "currency", st_currency(st));
	rt_int(root, "total_count", (long)g.n);
	arr = cJSON_AddArrayToObject(root, "cost_data");
	for (long k = 0; k < shown; k++) {
		int32_t grp = order[q.offset + k];
		cJSON *row = cJSON_CreateObject(), *dims, *costs;
		const struct sim_bill *sample = samples[grp];
		money_t sum = 0, sum_official = 0;

		dims = cJSON_AddArrayToObject(row, "dimensions");
		for (size_t d = 0; d < q.ndims; d++) {
			cJSON *o = cJSON_CreateObject();
			char buf[64];
			rt_str(o, "key", q.keys[d]);
			rt_str(o, "value", dim_value(st, sample, q.dims[d], buf));
			cJSON_AddItemToArray(dims, o);
		}
		costs = cJSON_AddArrayToObject(row, "costs");
		for (size_t b = 0; b < nbuckets; b++) {
			cJSON *o = cJSON_CreateObject();
			char label[16];
			money_t a = amount[(size_t)k * nbuckets + b], of = official[(size_t)k * nbuckets + b];
			cost_bucket_label(&q, (int)b, label);
			rt_str(o, "time_dimension_value", label);
			rt_int(o, "time_measure_id", q.measure);
			rt_money_str(o, "amount", a);
			rt_money_str(o, "official_amount", of);
			cJSON_AddItemToArray(costs, o);
			sum += a;
			sum_official += of;
		}
		rt_money_str(row, "amount_by_costs", sum);
		rt_money_str(row, "official_amount_by_costs", sum_official);
		cJSON_AddItemToArray(arr, row);
	}
	rt_send(resp, 200, root);
out:
	free(hits);
	free(samples);
	free(order);
	free(slot);
	free(amount);
	free(official);
	free(g.keys);
	free(g.table);
	cJSON_Delete(body);
}
