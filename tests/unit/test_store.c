/* app/store: load states, stale data, no overlapping fetches, derived rows,
 * the balance history's state file, days left, alerts, marks; and the
 * pure drawing helpers (sparkline, bars). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "api/model.h"
#include "app/store.h"
#include "lib/testutil.h"
#include "tui/draw.h"

/* 2024-01-20T00:00:00Z */
#define NOW "1705708800"

struct fake {
	unsigned calls[STORE_NVIEWS];
	unsigned details;
	int fail_start;
	unsigned requests;      /* what a counting fetcher says is in flight */
};

static int
fake_fetch(void *ud, struct store *s, enum store_view_id v, char *why, size_t whylen)
{
	struct fake *f = ud;

	(void)s;
	f->calls[v]++;
	if (f->fail_start) {
		snprintf(why, whylen, "no credentials");
		return -1;
	}
	return 0;
}

static int
fake_detail(void *ud, struct store *s, enum store_detail kind, const char *const *ids,
    size_t nids, char *why, size_t whylen)
{
	struct fake *f = ud;

	(void)s;
	(void)kind;
	(void)ids;
	(void)nids;
	(void)why;
	(void)whylen;
	f->details++;
	return 0;
}

static const struct store_fetcher fake_fetcher = {
	.fetch = fake_fetch, .fetch_detail = fake_detail,
};

static unsigned
fake_requests(void *ud)
{
	return ((struct fake *)ud)->requests;
}

static const struct store_fetcher counting_fetcher = {
	.fetch = fake_fetch, .fetch_detail = fake_detail, .requests = fake_requests,
};

static struct model *
fixture_model(enum model_op op, const char *name)
{
	size_t len;
	char *json = tu_fixture(name, &len);
	struct model *m = NULL;
	struct bss_error *err = NULL;

	if (model_parse(op, json, len, &m, &err) != 0)
		fail_msg("fixture %s does not parse", name);
	free(json);
	return m;
}

static struct model *
json_model(enum model_op op, const char *json)
{
	struct model *m = NULL;
	struct bss_error *err = NULL;

	if (model_parse(op, json, strlen(json), &m, &err) != 0)
		fail_msg("json does not parse: %s", json);
	return m;
}

static char tmpdir[64];

static int
setup(void **state)
{
	(void)state;
	setenv("BSSDASH_TEST_NOW", NOW, 1);
	snprintf(tmpdir, sizeof tmpdir, "/tmp/bssdash-store-XXXXXX");
	return mkdtemp(tmpdir) != NULL ? 0 : -1;
}

static int
teardown(void **state)
{
	char cmd[128];

	(void)state;
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
	return system(cmd) == 0 ? 0 : -1;
}

static struct store *
new_store(struct fake *f, const char *profile)
{
	struct store_options o = { 0 };
	struct store *s;

	o.profile = profile;
	o.endpoint = "https://bss.example";
	o.state_dir = tmpdir;
	o.has_threshold = true;
	o.balance_threshold = MONEY_UNITS(20000);
	s = store_new(&o);
	store_set_fetcher(s, &fake_fetcher, f);
	return s;
}

static void
stale_while_failing_and_no_overlap(void **state)
{
	struct fake f = { 0 };
	struct store *s = new_store(&f, "t1");
	const struct store_view *v = store_view(s, STORE_BALANCE);
	money_t cash;
	const char *cur;

	(void)state;
	assert_int_equal(v->load, STORE_IDLE);
	store_refresh(s, STORE_BALANCE);
	store_refresh(s, STORE_BALANCE);	/* in flight: not fetched again */
	assert_int_equal(f.calls[STORE_BALANCE], 1);
	assert_int_equal(v->load, STORE_LOADING);
	assert_int_equal(store_in_flight(s), 1);
	store_deliver(s, STORE_BALANCE,
	    fixture_model(MODEL_OP_SHOW_CUSTOMER_ACCOUNT_BALANCES, "ShowCustomerAccountBalances.json"),
	    NULL);
	assert_int_equal(v->load, STORE_OK);
	assert_int_equal(store_in_flight(s), 0);
	assert_int_equal(v->fetched_at, 1705708800);
	assert_false(v->stale);
	assert_true(store_cash(s, &cash, &cur));
	assert_true(cash == 1234567000000LL);
	assert_string_equal(cur, "CNY");
	assert_true(store_balance_alert(s));	/* 12,345.67 < 20,000 */

	/* A failed refresh keeps the data, marked stale, with the message. */
	store_refresh(s, STORE_BALANCE);
	assert_int_equal(f.calls[STORE_BALANCE], 2);
	store_deliver(s, STORE_BALANCE, NULL, "timed out after 10 s");
	assert_int_equal(v->load, STORE_ERROR);
	assert_true(v->stale);
	assert_non_null(v->model);
	assert_string_equal(v->message, "timed out after 10 s");
	assert_string_equal(store_last_error(s), "balance: timed out after 10 s");
	assert_true(store_cash(s, &cash, &cur));
	/* Another view failing never touches this one. */
	store_refresh(s, STORE_COUPONS);
	store_deliver(s, STORE_COUPONS, NULL, "CBC.0999 internal error");
	assert_int_equal(store_view(s, STORE_COUPONS)->load, STORE_ERROR);
	assert_false(store_view(s, STORE_COUPONS)->stale);	/* nothing to be stale */
	assert_true(v->model != NULL && v->stale);
	/* And the next success clears the error. */
	store_refresh(s, STORE_BALANCE);
	store_deliver(s, STORE_BALANCE,
	    fixture_model(MODEL_OP_SHOW_CUSTOMER_ACCOUNT_BALANCES, "ShowCustomerAccountBalances.json"),
	    NULL);
	assert_int_equal(v->load, STORE_OK);
	assert_false(v->stale);
	assert_string_equal(v->message, "");
	/* The status bar's error gives way to one that still stands, then to none. */
	store_refresh(s, STORE_BALANCE);
	store_deliver(s, STORE_BALANCE, NULL, "timed out after 10 s");
	store_refresh(s, STORE_BALANCE);
	store_deliver(s, STORE_BALANCE,
	    fixture_model(MODEL_OP_SHOW_CUSTOMER_ACCOUNT_BALANCES, "ShowCustomerAccountBalances.json"),
	    NULL);
	assert_string_equal(store_last_error(s), "coupons: CBC.0999 internal error");
	store_refresh(s, STORE_COUPONS);
	store_deliver(s, STORE_COUPONS,
	    fixture_model(MODEL_OP_LIST_SUB_CUSTOMER_COUPONS, "ListSubCustomerCoupons.json"), NULL);
	assert_string_equal(store_last_error(s), "");
	store_free(s);
}

static void
fetch_that_cannot_start_is_an_error(void **state)
{
	struct fake f = { .fail_start = 1 };
	struct store *s = new_store(&f, "t2");

	(void)state;
	store_refresh_all(s);
	for (int v = 0; v < STORE_NVIEWS; v++) {
		assert_int_equal(store_view(s, (enum store_view_id)v)->load, STORE_ERROR);
		assert_false(store_view(s, (enum store_view_id)v)->in_flight);
	}
	assert_string_equal(store_view(s, STORE_ORDERS)->message, "no credentials");
	store_free(s);
}

static void
derived_rows(void **state)
{
	struct fake f = { 0 };
	struct store *s = new_store(&f, "t3");
	money_t used, total;

	(void)state;
	store_deliver(s, STORE_COUPONS,
	    fixture_model(MODEL_OP_LIST_SUB_CUSTOMER_COUPONS, "ListSubCustomerCoupons.json"), NULL);
	/* Only the available coupon (status 2) of the three. */
	assert_int_equal(store_coupon_count(s), 1);
	assert_string_equal(store_coupon(s, 0)->coupon_id, "CP2401050815A1B2");

	store_deliver(s, STORE_ORDERS,
	    fixture_model(MODEL_OP_LIST_CUSTOMER_ORDERS, "ListCustomerOrders.json"), NULL);
	assert_int_equal(store_order_count(s), 1);
	assert_string_equal(store_order(s, 0)->order_id, "CS2401050815ABCDE");

	store_deliver(s, STORE_RESOURCES, fixture_model(MODEL_OP_LIST_PAY_PER_USE_CUSTOMER_RESOURCES,
	    "ListPayPerUseCustomerResources.json"), NULL);
	assert_int_equal(store_resource_count(s), 3);
	/* Soonest first: the expired one (2024-01-01), then the two of 2024-02-05. */
	assert_string_equal(store_resource(s, 0)->resource_name, "rds-prod");
	assert_string_equal(store_resource(s, 1)->resource_name, "ecs-demo");
	/* Within 30 days of 2024-01-20: all three (2024-02-05 is 16 days away). */
	assert_int_equal(store_expiring_count(s), 3);
	long d;
	assert_true(store_days_until(s, store_resource(s, 1)->expire_time, &d));
	assert_int_equal(d, 16);
	assert_true(store_days_until(s, store_resource(s, 0)->expire_time, &d));
	assert_int_equal(d, -19);

	store_deliver(s, STORE_PACKAGES,
	    fixture_model(MODEL_OP_LIST_FREE_RESOURCE_INFOS, "ListFreeResourceInfos.json"), NULL);
	assert_int_equal(store_package_count(s), 2);
	assert_int_equal(store_package_usage(store_package(s, 0), &used, &total), 875);
	assert_true(used == MONEY_UNITS(875) / 10 && total == MONEY_UNITS(100));
	/* Mixed units: the exhausted traffic counts, not the barely used requests. */
	assert_int_equal(store_package_usage(store_package(s, 1), &used, &total), 1000);
	assert_true(total == MONEY_UNITS(1024));
	assert_int_equal(store_permille(1, 3), 333);
	assert_int_equal(store_permille(MONEY_UNITS(90000000), MONEY_UNITS(100000000)), 900);
	assert_int_equal(store_permille(5, 0), 0);
	store_free(s);
}

static void
expiring_window_is_configurable(void **state)
{
	struct store_options o = { 0 };
	struct store *s;

	(void)state;
	o.state_dir = tmpdir;
	o.expiring_days = 10;
	s = store_new(&o);
	store_deliver(s, STORE_RESOURCES, fixture_model(MODEL_OP_LIST_PAY_PER_USE_CUSTOMER_RESOURCES,
	    "ListPayPerUseCustomerResources.json"), NULL);
	assert_int_equal(store_expiring_count(s), 1);	/* only the expired one */
	store_free(s);
}


/* Entries of dir whose name starts with prefix (a temp file would be one more). */
static int
files_named(const char *dir, const char *prefix)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int n = 0;

	assert_non_null(d);
	while ((e = readdir(d)) != NULL)
		n += strncmp(e->d_name, prefix, strlen(prefix)) == 0;
	closedir(d);
	return n;
}

static void
history_persists_atomically(void **state)
{
	struct fake f = { 0 };
	struct store *s = new_store(&f, "hist");
	const struct store_sample *h;
	size_t n;
	char path[256], *text;
	struct stat st;

	(void)state;
	store_deliver(s, STORE_BALANCE, json_model(MODEL_OP_SHOW_CUSTOMER_ACCOUNT_BALANCES,
	    "{\"account_balances\":[{\"account_id\":\"a\",\"account_type\":1,\"amount\":100.5,"
	    "\"currency\":\"CNY\",\"measure_id\":1}],\"measure_id\":1,\"currency\":\"CNY\"}"), NULL);
	setenv("BSSDASH_TEST_NOW", "1705708900", 1);
	store_deliver(s, STORE_BALANCE, json_model(MODEL_OP_SHOW_CUSTOMER_ACCOUNT_BALANCES,
	    "{\"account_balances\":[{\"account_id\":\"a\",\"account_type\":1,\"amount\":99.25,"
	    "\"currency\":\"CNY\",\"measure_id\":1}],\"measure_id\":1,\"currency\":\"CNY\"}"), NULL);
	h = store_history(s, &n);
	assert_int_equal(n, 2);
	assert_true(h[1].amount == 9925000000LL);
	snprintf(path, sizeof path, "%s/balance-hist.tsv", tmpdir);
	assert_string_equal(store_state_path(s), path);
	text = tu_read_file(path, NULL);
	assert_string_equal(text, "1705708800\t100.5\n1705708900\t99.25\n");
	free(text);
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 077, 0);	/* private */
	assert_int_equal(files_named(tmpdir, "balance-hist.tsv"), 1);	/* no temp left behind */
	store_free(s);

	/* A new session starts with the old samples; a week later they are gone. */
	s = new_store(&f, "hist");
	store_history(s, &n);
	assert_int_equal(n, 2);
	store_free(s);
	setenv("BSSDASH_TEST_NOW", "1706400000", 1);	/* 8 days on */
	s = new_store(&f, "hist");
	store_history(s, &n);
	assert_int_equal(n, 0);
	store_free(s);
	/* Another profile has its own history. */
	setenv("BSSDASH_TEST_NOW", NOW, 1);
	s = new_store(&f, "other");
	store_history(s, &n);
	assert_int_equal(n, 0);
	store_free(s);
}

/* Writes the state file of profile "dmg" with TEXT (LEN bytes) and opens a store on it. */
static struct store *
store_on_file(struct fake *f, const char *text, size_t len)
{
	char path[256];
	FILE *fp;

	snprintf(path, sizeof path, "%s/balance-dmg.tsv", tmpdir);
	fp = fopen(path, "w");
	assert_non_null(fp);
	assert_int_equal(fwrite(text, 1, len, fp), len);
	assert_int_equal(fclose(fp), 0);
	return new_store(f, "dmg");
}

/* The file is written atomically: one that is empty, cut short or damaged was
 * changed behind our back. The store says so, keeps what parses, never crashes. */
static void
damaged_history_is_reported(void **state)
{
	static const char torn[] = "1705708700\t12.5\n1705708750\t12.";
	static const char bad[] = "garbage\n-9223372036854775808\t1\n1705708700\t1\0x\n"
	    "1705708760\t7.25\n";
	struct fake f = { 0 };
	struct store *s;
	const struct store_sample *h;
	size_t n;

	(void)state;
	s = store_on_file(&f, "", 0);
	store_history(s, &n);
	assert_int_equal(n, 0);
	assert_non_null(strstr(store_last_error(s), "balance history: empty; a new history starts ("));
	store_free(s);

	s = store_on_file(&f, torn, sizeof torn - 1);
	h = store_history(s, &n);
	assert_int_equal(n, 1);
	assert_int_equal(h[0].t, 1705708700);
	assert_non_null(strstr(store_last_error(s), "balance history: 1 damaged line skipped ("));
	store_free(s);

	s = store_on_file(&f, bad, sizeof bad - 1);
	h = store_history(s, &n);
	assert_int_equal(n, 1);
	assert_true(h[0].amount == 725000000LL);
	assert_non_null(strstr(store_last_error(s), "3 damaged lines skipped"));
	store_free(s);

	/* A sound file, or none: nothing to say. */
	s = store_on_file(&f, "1705708700\t1\n", 13);
	store_history(s, &n);
	assert_int_equal(n, 1);
	assert_string_equal(store_last_error(s), "");
	store_free(s);
}

static void
days_left_from_this_months_rate(void **state)
{
	struct fake f = { 0 };
	struct store *s = new_store(&f, "t4");
	long days;

	(void)state;
	assert_false(store_days_left(s, &days));
	store_deliver(s, STORE_BALANCE, json_model(MODEL_OP_SHOW_CUSTOMER_ACCOUNT_BALANCES,
	    "{\"account_balances\":[{\"account_id\":\"a\",\"account_type\":1,\"amount\":1000,"
	    "\"currency\":\"CNY\",\"measure_id\":1}],\"measure_id\":1,\"currency\":\"CNY\"}"), NULL);
	assert_false(store_days_left(s, &days));	/* no spending data yet */
	/* 400 spent by the 20th (UTC+8): 20 a day, so 1000 lasts 50 days. */
	store_deliver(s, STORE_MONTHLY, json_model(MODEL_OP_SHOW_CUSTOMER_MONTHLY_SUM,
	    "{\"total_count\":0,\"bill_sums\":[],\"consume_amount\":400,\"debt_amount\":0,"
	    "\"coupon_amount\":0,\"flexipurchase_coupon_amount\":0,\"stored_value_card_amount\":0,"
	    "\"cash_amount\":400,\"credit_amount\":0,\"writeoff_amount\":0,\"measure_id\":1,"
	    "\"currency\":\"CNY\"}"), NULL);
	assert_true(store_days_left(s, &days));
	assert_int_equal(days, 50);
	store_free(s);
}

/* A ListCosts answer: two charging modes, daily amounts from 2024-01-16 on. */
static struct model *
costs_model(const char *const a[4], const char *const b[4])
{
	char json[2048];
	size_t pos = 0;

	pos += (size_t)snprintf(json + pos, sizeof json - pos, "{\"currency\":\"CNY\","
	    "\"total_count\":2,\"cost_data\":[");
	for (int row = 0; row < 2; row++) {
		const char *const *v = row == 0 ? a : b;

		pos += (size_t)snprintf(json + pos, sizeof json - pos, "%s{\"dimensions\":[{\"key\":"
		    "\"CHARGING_MODE\",\"value\":\"%d\"}],\"costs\":[", row ? "," : "", row + 1);
		for (int d = 0; d < 4; d++)
			pos += (size_t)snprintf(json + pos, sizeof json - pos, "%s{\"time_dimension_value\":"
			    "\"2024-01-%d\",\"time_measure_id\":1,\"amount\":\"%s\","
			    "\"official_amount\":\"%s\"}", d ? "," : "", 16 + d, v[d], v[d]);
		pos += (size_t)snprintf(json + pos, sizeof json - pos, "]}");
	}
	snprintf(json + pos, sizeof json - pos, "]}");
	return json_model(MODEL_OP_LIST_COSTS, json);
}

static void
days_left_from_the_cost_data(void **state)
{
	static const char *const mode1[4] = { "0", "30", "20", "10" };
	static const char *const mode2[4] = { "0", "0", "15.5", "4.5" };
	static const char *const none[4] = { "0", "0", "0", "0" };
	struct fake f = { 0 };
	struct store *s = new_store(&f, "t6");
	struct store_rate r;
	long days;

	(void)state;
	store_deliver(s, STORE_BALANCE, json_model(MODEL_OP_SHOW_CUSTOMER_ACCOUNT_BALANCES,
	    "{\"account_balances\":[{\"account_id\":\"a\",\"account_type\":1,\"amount\":1000,"
	    "\"currency\":\"CNY\",\"measure_id\":1}],\"measure_id\":1,\"currency\":\"CNY\"}"), NULL);
	store_deliver(s, STORE_MONTHLY, json_model(MODEL_OP_SHOW_CUSTOMER_MONTHLY_SUM,
	    "{\"total_count\":0,\"bill_sums\":[],\"consume_amount\":400,\"debt_amount\":0,"
	    "\"coupon_amount\":0,\"flexipurchase_coupon_amount\":0,\"stored_value_card_amount\":0,"
	    "\"cash_amount\":400,\"credit_amount\":0,\"writeoff_amount\":0,\"measure_id\":1,"
	    "\"currency\":\"CNY\"}"), NULL);
	/* 80 spent from the 17th (the first day with a cost) to the 19th: 3 days. */
	store_deliver(s, STORE_COSTS, costs_model(mode1, mode2), NULL);
	assert_true(store_spend_rate(s, &r));
	assert_int_equal(r.basis, STORE_RATE_COSTS);
	assert_int_equal(r.days, 3);
	assert_true(r.per_day == MONEY_UNITS(80) / 3);
	assert_true(store_days_left(s, &days));
	assert_int_equal(days, 37);	/* 1000 / 26.67 */
	assert_false(r.stale);
	/* The next ListCosts fails: the same estimate from the old cost data, marked stale. */
	store_refresh(s, STORE_COSTS);
	store_deliver(s, STORE_COSTS, NULL, "timed out after 10 s");
	assert_true(store_spend_rate(s, &r));
	assert_int_equal(r.basis, STORE_RATE_COSTS);
	assert_true(r.stale);
	/* No cost at all in the window: this month's sum says 20 a day over 20 days. */
	store_deliver(s, STORE_COSTS, costs_model(none, none), NULL);
	assert_true(store_spend_rate(s, &r));
	assert_int_equal(r.basis, STORE_RATE_MONTH);
	assert_false(r.stale);
	assert_int_equal(r.days, 20);
	assert_true(r.per_day == MONEY_UNITS(20));
	assert_true(store_days_left(s, &days));
	assert_int_equal(days, 50);
	store_free(s);
	/* ListCosts refused (no cost centre): the month's rate, the error in the view. */
	s = new_store(&f, "t7");
	store_refresh(s, STORE_COSTS);
	store_deliver(s, STORE_COSTS, NULL, "Access denied");
	store_deliver(s, STORE_MONTHLY, json_model(MODEL_OP_SHOW_CUSTOMER_MONTHLY_SUM,
	    "{\"total_count\":0,\"bill_sums\":[],\"consume_amount\":100,\"debt_amount\":0,"
	    "\"coupon_amount\":0,\"flexipurchase_coupon_amount\":0,\"stored_value_card_amount\":0,"
	    "\"cash_amount\":100,\"credit_amount\":0,\"writeoff_amount\":0,\"measure_id\":1,"
	    "\"currency\":\"CNY\"}"), NULL);
	assert_int_equal(store_view(s, STORE_COSTS)->load, STORE_ERROR);
	assert_true(store_spend_rate(s, &r));
	assert_int_equal(r.basis, STORE_RATE_MONTH);
	assert_true(r.per_day == MONEY_UNITS(5));
	store_free(s);
}

static void
in_flight_counts_the_fetchers_requests(void **state)
{
	struct fake f = { 0 };
	struct store *s = new_store(&f, "t8");

	(void)state;
	store_set_fetcher(s, &counting_fetcher, &f);
	/* One view, three requests (pages, the two order lists): the requests count. */
	store_refresh(s, STORE_ORDERS);
	f.requests = 3;
	assert_int_equal(store_in_flight(s), 3);
	store_deliver(s, STORE_ORDERS, NULL, "cancelled");
	assert_int_equal(store_in_flight(s), 3);	/* an action's request still out */
	f.requests = 0;
	assert_int_equal(store_in_flight(s), 0);
	store_free(s);
}

static void
marks_by_id(void **state)
{
	struct fake f = { 0 };
	struct store *s = new_store(&f, "t5");
	const char *const *ids;
	size_t n;

	(void)state;
	store_toggle_mark(s, STORE_RESOURCES, "r1");
	store_toggle_mark(s, STORE_RESOURCES, "r2");
	store_toggle_mark(s, STORE_ORDERS, "o1");
	assert_true(store_marked(s, STORE_RESOURCES, "r1"));
	assert_false(store_marked(s, STORE_ORDERS, "r1"));
	store_toggle_mark(s, STORE_RESOURCES, "r1");
	ids = store_marks(s, STORE_RESOURCES, &n);
	assert_int_equal(n, 1);
	assert_string_equal(ids[0], "r2");
	store_free(s);
}

static void
details_keep_only_the_latest(void **state)
{
	struct fake f = { 0 };
	struct store *s = new_store(&f, "t6");
	const char *ids1[] = { "CS1" }, *ids2[] = { "CS2" }, *id;
	enum store_detail kind;
	const struct store_view *d;

	(void)state;
	store_fetch_detail(s, STORE_DETAIL_ORDER, ids1, 1);
	store_fetch_detail(s, STORE_DETAIL_ORDER, ids2, 1);
	assert_int_equal(f.details, 2);
	d = store_detail(s, &kind, &id);
	assert_int_equal(d->load, STORE_LOADING);
	assert_string_equal(id, "CS2");
	/* The answer for the first, late, is dropped (and freed: ASan would say). */
	store_deliver_detail(s, STORE_DETAIL_ORDER, "CS1", fixture_model(
	    MODEL_OP_SHOW_CUSTOMER_ORDER_DETAILS, "ShowCustomerOrderDetails.json"), NULL);
	assert_int_equal(d->load, STORE_LOADING);
	assert_null(d->model);
	store_deliver_detail(s, STORE_DETAIL_ORDER, "CS2", NULL, "CBC.30000010 unknown order");
	assert_int_equal(d->load, STORE_ERROR);
	assert_string_equal(d->message, "CBC.30000010 unknown order");
	store_fetch_detail(s, STORE_DETAIL_ORDER, ids1, 1);
	store_deliver_detail(s, STORE_DETAIL_ORDER, "CS1", fixture_model(
	    MODEL_OP_SHOW_CUSTOMER_ORDER_DETAILS, "ShowCustomerOrderDetails.json"), NULL);
	assert_int_equal(d->load, STORE_OK);
	assert_non_null(model_order_details(d->model));
	store_free(s);
}

static void
profile_switch_forgets_the_old_account(void **state)
{
	struct fake f = { 0 };
	struct store *s = new_store(&f, "first");
	const struct store_view *b = store_view(s, STORE_BALANCE);
	money_t cash;
	const char *cur;
	char path[256];

	(void)state;
	store_deliver(s, STORE_BALANCE,
	    fixture_model(MODEL_OP_SHOW_CUSTOMER_ACCOUNT_BALANCES, "ShowCustomerAccountBalances.json"),
	    NULL);
	store_deliver(s, STORE_ORDERS,
	    fixture_model(MODEL_OP_LIST_CUSTOMER_ORDERS, "ListCustomerOrders.json"), NULL);
	store_toggle_mark(s, STORE_ORDERS, "CS2401050815ABCDE");
	store_switch_profile(s, "second", "https://other.example", true);
	assert_null(b->model);
	assert_int_equal(b->load, STORE_IDLE);
	assert_false(store_cash(s, &cash, &cur));
	assert_int_equal(store_order_count(s), 0);
	assert_false(store_marked(s, STORE_ORDERS, "CS2401050815ABCDE"));
	assert_string_equal(store_options(s)->profile, "second");
	assert_true(store_options(s)->read_only);
	snprintf(path, sizeof path, "%s/balance-second.tsv", tmpdir);
	assert_string_equal(store_state_path(s), path);
	store_free(s);
}

static void
sparkline_and_bar(void **state)
{
	money_t v[] = { MONEY_UNITS(10), MONEY_UNITS(20), MONEY_UNITS(30), MONEY_UNITS(10) };
	char out[64];

	(void)state;
	assert_ptr_equal(sparkline_render(v, 4, 10, false, out, sizeof out), out);
	assert_string_equal(out, "_=#_");
	/* Only the last `width` values. */
	sparkline_render(v, 4, 2, false, out, sizeof out);
	assert_string_equal(out, "#_");
	sparkline_render(v, 4, 4, true, out, sizeof out);
	assert_string_equal(out, "\xe2\x96\x81\xe2\x96\x85\xe2\x96\x88\xe2\x96\x81");
	sparkline_render(v, 1, 4, false, out, sizeof out);	/* flat */
	assert_string_equal(out, "~");
	assert_int_equal(bar_render(MONEY_UNITS(875) / 10, MONEY_UNITS(100), 10, false, out,
	    sizeof out), 8);
	assert_string_equal(out, "########--");
	assert_int_equal(bar_render(5, 0, 4, false, out, sizeof out), 0);
	assert_string_equal(out, "----");
	assert_int_equal(bar_render(MONEY_UNITS(2), MONEY_UNITS(1), 3, true, out, sizeof out), 3);
}

static void
times_in_one_format(void **state)
{
	char buf[DRAW_TIME_BUFSZ];

	(void)state;
	/* Billing time (UTC+8), to the minute; short for narrow panes. */
	assert_string_equal(draw_time("2026-12-25T10:09:11Z", false, buf), "2026-12-25 18:09");
	assert_string_equal(draw_time("2026-12-25T16:30:00Z", true, buf), "12-26 00:30");
	/* Not such a time: shown as sent. */
	assert_string_equal(draw_time("soon", false, buf), "soon");
	assert_string_equal(draw_time("", true, buf), "");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(stale_while_failing_and_no_overlap),
		cmocka_unit_test(fetch_that_cannot_start_is_an_error),
		cmocka_unit_test(derived_rows),
		cmocka_unit_test(expiring_window_is_configurable),
		cmocka_unit_test(history_persists_atomically),
		cmocka_unit_test(damaged_history_is_reported),
		cmocka_unit_test(days_left_from_this_months_rate),
		cmocka_unit_test(days_left_from_the_cost_data),
		cmocka_unit_test(in_flight_counts_the_fetchers_requests),
		cmocka_unit_test(marks_by_id),
		cmocka_unit_test(details_keep_only_the_latest),
		cmocka_unit_test(profile_switch_forgets_the_old_account),
		cmocka_unit_test(sparkline_and_bar),
		cmocka_unit_test(times_in_one_format),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
