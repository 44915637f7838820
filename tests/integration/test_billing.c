/*
 * app/billing against bsssim over loopback: the data of the bills, costs,
 * products, price, package-usage and refund screens, checked against the
 * simulator's own summaries (ShowCustomerMonthlySum), its state
 * (/__sim/state) and its bill records (struct sim_state, read in-process).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "app/billing.h"
#include "app/spend.h"
#include "sim/catalog.h"
#include "sim/server.h"
#include "sim/state.h"
#include "util/timeutil.h"

#define AK "AKBILLINGTESTAK00001"
#define SK "sk-billing-test-secret-0123456789abcdefg"
#define SEED 11

struct rig {
	struct sim_server *srv;
	struct sim_state *st;          /* the server's; read only while no request runs */
	uv_loop_t loop;
	struct http_client *http;
	struct bss_client *bss;
	struct billing *b;
	unsigned changes;
};

static struct rig rig;

static void
on_change(void *ud)
{
	((struct rig *)ud)->changes++;
}

static int
setup(void **state)
{
	static const struct sim_cred cred = { AK, SK, NULL };
	struct sim_server_opts o = { 0 };
	struct http_config cfg = { 0 };
	char err[256];

	(void)state;
	o.creds = &cred;
	o.ncreds = 1;
	o.admin_token = "billing-admin";
	o.seed = SEED;
	o.state = rig.st = sim_state_new(SEED, SIM_SCALE_DEFAULT, time_now());
	if (sim_server_start(&o, &rig.srv, err, sizeof err) != 0) {
		fprintf(stderr, "sim: %s\n", err);
		return -1;
	}
	assert_int_equal(uv_loop_init(&rig.loop), 0);
	cfg.endpoint = sim_server_url(rig.srv);
	cfg.ak = AK;
	cfg.sk = SK;
	/* The documented 10 per second per API, as against the real cloud. */
	rig.http = http_client_new(&rig.loop, &cfg, err, sizeof err);
	if (rig.http == NULL) {
		fprintf(stderr, "http: %s\n", err);
		return -1;
	}
	rig.bss = bss_client_new(&rig.loop, rig.http, BSS_LANG_EN);
	rig.b = billing_new();
	billing_set_listener(rig.b, on_change, &rig);
	billing_set_client(rig.b, rig.bss);
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	bss_client_free(rig.bss);
	http_client_free(rig.http);
	uv_run(&rig.loop, UV_RUN_DEFAULT);
	billing_free(rig.b);
	assert_int_equal(uv_loop_close(&rig.loop), 0);
	sim_server_free(rig.srv);
	return 0;
}

/* Runs the loop until nothing is in flight (http keeps no handle alive when idle). */
static void
settle(void)
{
	uv_run(&rig.loop, UV_RUN_DEFAULT);
	assert_int_equal(billing_in_flight(rig.b), 0);
}

static const struct model *
loaded(enum billing_slot s)
{
	const struct store_view *v = billing_view(rig.b, s);

	if (v->load != STORE_OK)
		fail_msg("slot %d: load %d: %s", (int)s, (int)v->load, v->message);
	return v->model;
}

static cJSON *
sim_state_json(void)
{
	char *text = sim_server_state_json(rig.srv);
	cJSON *j = cJSON_Parse(text);

	free(text);
	assert_non_null(j);
	return j;
}

static money_t
json_money(const cJSON *o, const char *name)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, name);
	money_t m = 0;

	assert_non_null(v);
	if (cJSON_IsString(v))
		assert_int_equal(money_parse(v->valuestring, &m), 0);
	else
		assert_int_equal(money_from_double(v->valuedouble, &m), 0);
	return m;
}

/* What the simulator billed in a month (UTC+8), from its own records. */
static money_t
sim_month_total(int month)
{
	money_t t = 0;

	for (size_t i = 0; i < rig.st->cycles.n; i++)
		if (rig.st->cycles.v[i].month == month)
			for (size_t k = 0; k < rig.st->cycles.v[i].n; k++)
				t += rig.st->cycles.v[i].v[k].amount;
	return t;
}

/* ---- bills ------------------------------------------------------------------------ */

static void
thirteen_months_match_the_records(void **state)
{
	int last = period_this_month(), month;
	size_t with_data = 0;

	(void)state;
	billing_load_months(rig.b, last, false);
	assert_int_equal(billing_in_flight(rig.b), BILLING_MONTHS);
	settle();
	for (size_t i = 0; i < BILLING_MONTHS; i++) {
		const struct store_view *v = billing_month(rig.b, i, &month);
		const struct model_monthly_sum *ms = model_monthly_sum(v->model);
		struct spend_group *g;
		size_t n;

		assert_int_equal(v->load, STORE_OK);
		assert_int_equal(month, last - (BILLING_MONTHS - 1) + (int)i);
		/* The summary's total is what the simulator billed that month... */
		assert_true(ms->consume_amount == sim_month_total(month));
		/* ...and its rows, grouped either way, add up to it. */
		for (int by = 0; by < SPEND_NGROUPINGS; by++) {
			n = spend_group_month(ms, (enum spend_grouping)by, &g);
			assert_true(spend_groups_total(g, n) == ms->consume_amount);
			free(g);
		}
		with_data += ms->consume_amount != 0;
	}
	assert_true(with_data >= 12);
	/* Asking again for what is held sends nothing. */
	billing_load_months(rig.b, last, false);
	assert_int_equal(billing_in_flight(rig.b), 0);
}

static void
drill_down_totals_match(void **state)
{
	int month;
	const struct store_view *v;
	const struct model_monthly_sum *ms;
	const struct model_fee_records *fees;
	struct spend_group *g;
	size_t n, checked = 0;
	struct billing_fee_query fq = { 0 };

	(void)state;
	billing_load_months(rig.b, period_this_month() - 1, false);
	settle();
	v = billing_month(rig.b, BILLING_MONTHS - 1, &month);
	ms = model_monthly_sum(v->model);
	assert_true(ms->consume_amount != 0);

	/* The whole month: every resource expenditure adds up to the summary. */
	fq.month = month;
	billing_load_fees(rig.b, &fq, false);
	settle();
	fees = model_fee_records(loaded(BILLING_FEES));
	assert_true(fees->n_fee_records > 10);
	assert_true(spend_fee_total(fees) == ms->consume_amount);

	/* Per service and per billing mode, each group's expenditures add up to the group. */
	for (int by = 0; by < SPEND_NGROUPINGS; by++) {
		n = spend_group_month(ms, (enum spend_grouping)by, &g);
		for (size_t i = 0; i < n && i < 4; i++) {
			fq.service = by == SPEND_BY_SERVICE ? g[i].key : NULL;
			fq.charge_mode = by == SPEND_BY_MODE ? g[i].charging_mode : 0;
			billing_load_fees(rig.b, &fq, false);
			settle();
			assert_true(spend_fee_total(model_fee_records(loaded(BILLING_FEES))) == g[i].amount);
			checked++;
		}
		free(g);
	}
	assert_true(checked >= 4);

	/* One expenditure row of each kind: its usage details add up to it. */
	fq.service = NULL;
	fq.charge_mode = 0;
	billing_load_fees(rig.b, &fq, false);
	settle();
	fees = model_fee_records(loaded(BILLING_FEES));
	{
		bool seen_mode[16] = { false };
		size_t details = 0;

		for (size_t i = 0; i < fees->n_fee_records && details < 4; i++) {
			const struct model_fee_record *f = &fees->fee_records[i];
			struct billing_record_query rq = { month, f->resource_id, f->charge_mode,
				f->bill_type };
			const struct model_res_records *rr;

			if (f->charge_mode < 0 || f->charge_mode >= 16 || seen_mode[f->charge_mode])
				continue;
			seen_mode[f->charge_mode] = true;
			billing_load_records(rig.b, &rq, false);
			settle();
			rr = model_res_records(loaded(BILLING_RECORDS));
			assert_true(rr->n_monthly_records >= 1);
			assert_true(spend_record_total(rr) == f->amount);
			for (size_t k = 0; k < rr->n_monthly_records; k++)
				assert_string_equal(rr->monthly_records[k].res_instance_id, f->resource_id);
			details++;
		}
		assert_true(details >= 2);
	}
}

/* ---- costs ------------------------------------------------------------------------ */

static void
costs_match_the_monthly_sums(void **state)
{
	struct billing_cost_query q = { .dimension = "CLOUD_SERVICE_TYPE" };
	struct spend_series *s;
	int month;

	(void)state;
	billing_load_months(rig.b, period_this_month(), false);
	settle();
	/* Monthly, grouped by service: each month's cost is its summary's total. */
	q.period = period_last(PERIOD_MONTH, BILLING_MONTHS);
	billing_load_costs(rig.b, &q, false);
	settle();
	s = spend_costs(model_costs(loaded(BILLING_COSTS)), &q.period);
	assert_int_equal(s->nbuckets, BILLING_MONTHS);
	for (size_t i = 0; i < BILLING_MONTHS; i++) {
		const struct store_view *v = billing_month(rig.b, i, &month);

		assert_int_equal(month, q.period.from + (int)i);
		assert_true(s->buckets[i].amount == model_monthly_sum(v->model)->consume_amount);
	}
	assert_true(s->nlines >= 5);
	spend_series_free(s);

	/* Daily over last month, by region: the days add up to the month. */
	month = period_this_month() - 1;
	q.period = period_convert(&(struct period){ PERIOD_MONTH, month, month }, PERIOD_DAY);
	q.dimension = "REGION_CODE";
	billing_load_costs(rig.b, &q, false);
	settle();
	s = spend_costs(model_costs(loaded(BILLING_COSTS)), &q.period);
	assert_int_equal(s->nbuckets, (size_t)period_length(&q.period));
	assert_true(s->total == sim_month_total(month));
	for (size_t i = 0; i < s->nlines; i++)
		assert_int_equal(cat_region_find(s->lines[i].key) >= 0, 1);
	spend_series_free(s);
}

/*
 * Only a reload of what a slot holds is a refresh (the dashboard holds its
 * redraws meanwhile): not a first load, nor another query.
 */
static void
a_reload_of_held_data_is_refreshing(void **state)
{
	struct billing_cost_query q = { .period = period_last(PERIOD_DAY, 7),
		.dimension = "CLOUD_SERVICE_TYPE" };

	(void)state;
	assert_false(billing_refreshing(rig.b));
	billing_load_costs(rig.b, &q, false);
	assert_int_equal(billing_in_flight(rig.b), 1);
	assert_false(billing_refreshing(rig.b));
	settle();
	billing_load_costs(rig.b, &q, true);
	assert_true(billing_refreshing(rig.b));
	settle();
	assert_false(billing_refreshing(rig.b));
	billing_load_months(rig.b, period_this_month(), true);
	assert_true(billing_refreshing(rig.b));
	settle();
	assert_false(billing_refreshing(rig.b));
}

/* ---- products, units, prices -------------------------------------------------------- */

static void
catalogue_and_units(void **state)
{
	const struct model_service_resources *sr;
	const struct model_usage_types *ut;
	const struct units *u;
	char buf[UNITS_BUFSZ];
	bool vm = false, duration = false;

	(void)state;
	assert_null(billing_units(rig.b));      /* asks for them */
	billing_load_catalogue(rig.b, false);
	settle();
	assert_int_equal(model_service_types(loaded(BILLING_SERVICES))->n_service_types,
	    cat_nservices);
	assert_int_equal(model_resource_types(loaded(BILLING_RESOURCE_TYPES))->n_resource_types,
	    cat_nrtypes);
	assert_string_equal(billing_service_name(rig.b, "hws.service.type.ec2"),
	    "Elastic Cloud Server");
	assert_null(billing_service_name(rig.b, "hws.service.type.nope"));
	billing_load_service_resources(rig.b, "hws.service.type.ec2", false);
	billing_load_usage_types(rig.b, "hws.resource.type.vm", false);
	settle();
	sr = model_service_resources(loaded(BILLING_SERVICE_RESOURCES));
	for (size_t i = 0; i < sr->n_infos; i++)
		vm |= strcmp(sr->infos[i].basic_info.resource_type_code, "hws.resource.type.vm") == 0;
	assert_true(vm);
	ut = model_usage_types(loaded(BILLING_USAGE_TYPES));
	for (size_t i = 0; i < ut->n_usage_types; i++)
		duration |= strcmp(ut->usage_types[i].code, "Duration") == 0;
	assert_true(duration);

	u = billing_units(rig.b);
	assert_non_null(u);
	assert_int_equal(units_type(u, 10), 3);
	assert_string_equal(units_format(u, MONEY_UNITS(1024), 10, buf, sizeof buf), "1 TB");
	assert_string_equal(units_format(u, MONEY_UNITS(5400), 22, buf, sizeof buf), "1.5 Hour");
	assert_string_equal(units_format(u, MONEY_UNITS(730), 4, buf, sizeof buf), "730 Hour");
}

static void
prices_both_ways(void **state)
{
	struct billing_quote q = { 0 };
	const struct model_on_demand_rating *od;
	const struct model_period_rating *pr;
	int region = cat_region_find("cn-north-4");

	(void)state;
	q.service = "hws.service.type.ec2";
	q.resource_type = "hws.resource.type.vm";
	q.spec = "s6.small.1.linux";
	q.region = "cn-north-4";
	q.project_id = rig.st->project_ids[region];
	q.quantity = 2;
	q.usage_factor = "Duration";
	q.usage_value = MONEY_UNITS(10);
	q.usage_measure_id = 4;
	q.period_type = 2;
	q.period_num = 3;
	billing_rate(rig.b, &q);
	settle();
	/* 0.12 per hour, 10 hours, 2 servers. */
	od = model_on_demand_rating(loaded(BILLING_RATE_ON_DEMAND));
	assert_true(od->amount == MONEY_UNITS(24) / 10);
	/* 31 a month, 3 months, 2 servers; the 5% commercial discount is the best offer. */
	pr = model_period_rating(loaded(BILLING_RATE_PERIOD));
	assert_true(pr->official_website_rating_result.official_website_amount == MONEY_UNITS(186));
	assert_int_equal(pr->n_optional_discount_rating_results, 1);
	assert_true(pr->optional_discount_rating_results[0].amount == MONEY_UNITS(17670) / 100);
	assert_int_equal(pr->optional_discount_rating_results[0].best_offer, 1);

	/* A product that does not exist: each side says so. */
	q.spec = "no.such.spec";
	billing_rate(rig.b, &q);
	settle();
	assert_int_equal(billing_view(rig.b, BILLING_RATE_ON_DEMAND)->load, STORE_ERROR);
	assert_non_null(strstr(billing_view(rig.b, BILLING_RATE_PERIOD)->message, "CBC.99006006"));
	assert_null(billing_view(rig.b, BILLING_RATE_PERIOD)->model);
}

/* ---- packages and refunds ------------------------------------------------------------ */

static void
got_model(struct model *m, struct bss_error *err, void *ud)
{
	if (err != NULL)
		fail_msg("%s", err->message);
	*(struct model **)ud = m;
}

/* The simulator's item, by id, from /__sim/state's packages. */
static const cJSON *
sim_item(const cJSON *sj, const char *id)
{
	const cJSON *p, *it;

	cJSON_ArrayForEach(p, cJSON_GetObjectItemCaseSensitive(sj, "packages"))
		cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(p, "free_resources"))
			if (strcmp(cJSON_GetObjectItemCaseSensitive(it, "free_resource_id")->valuestring,
			    id) == 0)
				return it;
	fail_msg("item %s is not in /__sim/state", id);
	return NULL;
}

static void
package_usage_over_split_windows(void **state)
{
	struct bss_list_free_resource_infos_params p = { 0 };
	const struct model_packages *pk;
	struct model *pkgs = NULL;
	cJSON *sj = sim_state_json();
	size_t checked = 0, most = 0;

	(void)state;
	/* The packages as the screen has them (the store's list). */
	bss_fetch_all(rig.bss, MODEL_OP_LIST_FREE_RESOURCE_INFOS, &p, 2, got_model, &pkgs);
	settle();
	pk = model_packages(pkgs);
	assert_non_null(pk);
	for (size_t i = 0; i < pk->n_free_resource_packages; i++) {
		const struct model_package *pkg = &pk->free_resource_packages[i];
		const struct model_usage_records *rec;
		const struct model_package_usages *items;
		struct period window;
		size_t done, total;
		time_t since;

		/* Quotas that never reset: what was used is what is gone. */
		if (pkg->quota_reuse_mode != 2 || time_parse_iso(pkg->effective_time, &since) != 0)
			continue;
		window = (struct period){ PERIOD_DAY, period_day_of(since), period_today() };
		if (period_length(&window) <= PERIOD_USAGE_MAX_DAYS)
			continue;
		billing_load_package(rig.b, pkg, &window, false);
		billing_progress(rig.b, BILLING_PACKAGE_RECORDS, &done, &total);
		/* More than 90 days: more than one request per item. */
		assert_int_equal(total, pkg->n_free_resources *
		    (size_t)((period_length(&window) + PERIOD_USAGE_MAX_DAYS - 1) / PERIOD_USAGE_MAX_DAYS));
		assert_true(total > pkg->n_free_resources);
		assert_int_equal(done, 0);
		settle();
		items = model_package_usages(loaded(BILLING_PACKAGE_ITEMS));
		rec = model_usage_records(loaded(BILLING_PACKAGE_RECORDS));
		assert_int_equal(items->n_free_resources, pkg->n_free_resources);
		for (size_t k = 0; k < items->n_free_resources; k++) {
			const struct model_package_usage *u = &items->free_resources[k];
			const cJSON *it = sim_item(sj, u->free_resource_id);
			money_t used = 0;
			size_t nrec = 0;

			assert_true(u->amount == json_money(it, "amount"));
			assert_true(u->original_amount == json_money(it, "original_amount"));
			for (size_t r = 0; r < rec->n_free_resource_records; r++) {
				if (strcmp(rec->free_resource_records[r].free_resource_id,
				    u->free_resource_id) != 0)
					continue;
				used += rec->free_resource_records[r].used_amount;
				nrec++;
			}
			most = nrec > most ? nrec : most;
			assert_true(used == u->original_amount - u->amount);
			checked++;
		}
	}
	assert_true(checked >= 2);
	/* Daily deductions over more than 90 days came from several requests, joined. */
	assert_true(most > PERIOD_USAGE_MAX_DAYS);
	cJSON_Delete(sj);
	model_free(pkgs);
}

static void
refunds_of_unsubscriptions_and_downgrades(void **state)
{
	cJSON *sj = sim_state_json();
	const cJSON *o;
	size_t checked = 0;

	(void)state;
	cJSON_ArrayForEach(o, cJSON_GetObjectItemCaseSensitive(sj, "orders")) {
		int type = cJSON_GetObjectItemCaseSensitive(o, "order_type")->valueint;
		int status = cJSON_GetObjectItemCaseSensitive(o, "status")->valueint;
		const char *id = cJSON_GetObjectItemCaseSensitive(o, "order_id")->valuestring;
		const struct model_refund_details *r;
		money_t sum = 0;

		/* Completed unsubscriptions, and downgrades waiting for their refund. */
		if (!(type == 4 && status == 5) && !(type == 3 && status == 2))
			continue;
		billing_load_refunds(rig.b, id, false);
		settle();
		r = model_refund_details(loaded(BILLING_REFUNDS));
		assert_true(r->n_refund_infos >= 1);
		for (size_t i = 0; i < r->n_refund_infos; i++)
			sum += r->refund_infos[i].amount;
		/* Negative records are refunds, positive ones what was kept: the net is the order. */
		if (type == 4)
			assert_true(sum == -json_money(o, "amount_after_discount"));
		else
			assert_true(sum < 0);
		checked++;
	}
	assert_true(checked >= 2);
	/* A new-purchase order has no refund: the API's error, as a message. */
	cJSON_ArrayForEach(o, cJSON_GetObjectItemCaseSensitive(sj, "orders"))
		if (cJSON_GetObjectItemCaseSensitive(o, "order_type")->valueint == 1)
			break;
	billing_load_refunds(rig.b, cJSON_GetObjectItemCaseSensitive(o, "order_id")->valuestring,
	    false);
	settle();
	assert_int_equal(billing_view(rig.b, BILLING_REFUNDS)->load, STORE_ERROR);
	assert_non_null(strstr(billing_view(rig.b, BILLING_REFUNDS)->message, "CBC.99005026"));
	cJSON_Delete(sj);
}

/* A new client is another account: every answer goes; no client, no calls. */
static void
switching_clients_forgets(void **state)
{
	unsigned before = rig.changes;

	(void)state;
	assert_non_null(billing_view(rig.b, BILLING_COSTS)->model);
	billing_set_client(rig.b, NULL);
	assert_null(billing_view(rig.b, BILLING_COSTS)->model);
	assert_string_equal(billing_key(rig.b, BILLING_COSTS), "");
	billing_load_refunds(rig.b, "CS0000", false);
	assert_int_equal(billing_view(rig.b, BILLING_REFUNDS)->load, STORE_ERROR);
	assert_string_equal(billing_view(rig.b, BILLING_REFUNDS)->message, "not connected");
	assert_true(rig.changes > before);
	billing_set_client(rig.b, rig.bss);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(thirteen_months_match_the_records),
		cmocka_unit_test(drill_down_totals_match),
		cmocka_unit_test(costs_match_the_monthly_sums),
		cmocka_unit_test(a_reload_of_held_data_is_refreshing),
		cmocka_unit_test(catalogue_and_units),
		cmocka_unit_test(prices_both_ways),
		cmocka_unit_test(package_usage_over_split_windows),
		cmocka_unit_test(refunds_of_unsubscriptions_and_downgrades),
		cmocka_unit_test(switching_clients_forgets),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
