/*
 * The transport against bsssim's faults, in-process over loopback: api/http's
 * client on a uv loop, the simulator on its own threads. What each fault kind
 * ends in (the typed error, how fast, with how much data), and what reaches
 * the server when an answer is lost: a call that moves money goes on the wire
 * once, even on a connection libcurl would silently retry.
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
#include <curl/curl.h>
#include <uv.h>

#include "api/http.h"
#include "sim/server.h"
#include "sim/sim.h"
#include "util/timeutil.h"
#include "util/xalloc.h"

#define AK "FAULTSTESTAK00000001"
#define SK "sk-faults-test-0123456789abcdefghijkl"
#define ADMIN "admin-token-for-fault-tests"
#define BALANCES "/v2/accounts/customer-accounts/balances"
#define CANCEL "/v2/orders/customer-orders/cancel"
#define TIMEOUT_MS 1000L

struct fx {
	uv_loop_t loop;
	struct sim_server *srv;
	struct http_client *c;
	unsigned done;
	/* The last completion, copied. */
	enum http_error error;
	bool outcome_unknown;
	unsigned attempts;
	uint64_t elapsed_ms;
	size_t body_len;
	long status;
	char message[512];
};

static void
on_done(const struct http_response *r, void *ud)
{
	struct fx *f = ud;

	f->done++;
	f->error = r->error;
	f->outcome_unknown = r->outcome_unknown;
	f->attempts = r->attempts;
	f->elapsed_ms = r->elapsed_ms;
	f->body_len = r->body_len;
	f->status = r->status;
	snprintf(f->message, sizeof f->message, "%s", r->message);
}

/* (Re)creates the fixture's client from hc, on the simulator with the test keys. */
static void
connect_client(struct fx *f, struct http_config *hc)
{
	char err[512];

	if (f->c != NULL) {
		http_client_free(f->c);
		uv_run(&f->loop, UV_RUN_DEFAULT);
	}
	hc->endpoint = sim_server_url(f->srv);
	hc->ak = AK;
	hc->sk = SK;
	f->c = http_client_new(&f->loop, hc, err, sizeof err);
	if (f->c == NULL)
		fail_msg("http_client_new: %s", err);
}

static int
setup(void **state)
{
	static const struct sim_cred creds[] = { { AK, SK, NULL } };
	struct fx *f = xcalloc(1, sizeof *f);
	struct sim_server_opts o = { 0 };
	struct http_config hc = { 0 };
	char err[512];

	o.creds = creds;
	o.ncreds = 1;
	o.admin_token = ADMIN;
	o.seed = 3;
	o.state = sim_state_new(3, SIM_SCALE_DEFAULT, time_now());
	if (sim_server_start(&o, &f->srv, err, sizeof err) != 0) {
		fprintf(stderr, "sim_server_start: %s\n", err);
		sim_state_free(o.state);
		free(f);
		return -1;
	}
	uv_loop_init(&f->loop);
	hc.timeout_ms = TIMEOUT_MS;
	connect_client(f, &hc);
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fx *f = *state;

	http_client_free(f->c);
	uv_run(&f->loop, UV_RUN_DEFAULT);
	assert_int_equal(uv_loop_close(&f->loop), 0);
	sim_server_free(f->srv);
	free(f);
	return 0;
}

static void
run_until(struct fx *f, unsigned done)
{
	while (f->done < done)
		uv_run(&f->loop, UV_RUN_ONCE);
}

static void
send_call(struct fx *f, const char *method, const char *path, const char *body, bool idempotent,
    const char *api)
{
	struct http_request rq = { 0 };

	rq.method = method;
	rq.path = path;
	rq.body = body;
	rq.body_len = body != NULL ? strlen(body) : 0;
	rq.api = api;
	rq.idempotent = idempotent;
	http_send(f->c, &rq, on_done, f);
}

/* One read, to completion. */
static void
read_balances(struct fx *f)
{
	unsigned want = f->done + 1;

	send_call(f, "GET", BALANCES, NULL, true, "ShowCustomerAccountBalances");
	run_until(f, want);
}

/* Leaves several idle keep-alive connections in the client's pool. */
static void
warm_pool(struct fx *f)
{
	unsigned want = f->done + 6;

	for (int i = 0; i < 6; i++)
		send_call(f, "GET", BALANCES, NULL, true, "ShowCustomerAccountBalances");
	run_until(f, want);
	assert_int_equal(f->error, HTTP_ERR_NONE);
}

static void
set_faults(struct fx *f, const char *spec)
{
	char err[256];

	assert_int_equal(sim_server_set_faults(f->srv, spec, err, sizeof err), 0);
}

/* A counter of /__sim/stats: top level, or under "faults" for a fault kind. */
static long
sim_count(struct fx *f, const char *name)
{
	char *json = sim_server_stats_json(f->srv);
	cJSON *root = cJSON_Parse(json), *v;
	long n;

	v = cJSON_GetObjectItemCaseSensitive(root, name);
	if (v == NULL)
		v = cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(root, "faults"),
		    name);
	assert_non_null(v);
	n = (long)cJSON_GetNumberValue(v);
	cJSON_Delete(root);
	free(json);
	return n;
}

/*
 * A read under each fault kind that ends it, every attempt hit: the error the
 * views turn into their message, within the time budget, and never more data
 * than the cap. (Delays, slow bodies, throttling and hangs take seconds: the
 * end-to-end fault matrix, tests/e2e/faults.sh, has them.)
 */
static void
read_faults_end_in_their_typed_error(void **state)
{
	static const struct {
		const char *spec;
		enum http_error error;
		uint64_t max_ms;
	} cases[] = {
		{ "error5xx", HTTP_ERR_STATUS, TIMEOUT_MS },
		{ "reset", HTTP_ERR_NETWORK, TIMEOUT_MS },
		{ "lost_response", HTTP_ERR_NETWORK, TIMEOUT_MS },
		/* The 200 MB body is refused on its Content-Length: nothing is read. */
		{ "huge", HTTP_ERR_TOO_LARGE, 300 },
		{ "endless", HTTP_ERR_TOO_LARGE, TIMEOUT_MS },
		/* The body faults are the parser's business: the transport delivers. */
		{ "truncate", HTTP_ERR_NONE, 300 },
		{ "malformed", HTTP_ERR_NONE, 300 },
	};
	struct fx *f = *state;
	/* Under valgrind (make valgrind) everything is 20-50 times slower: no timing. */
	const char *preload = getenv("LD_PRELOAD");
	bool slowed = preload != NULL && strstr(preload, "vgpreload") != NULL;

	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		set_faults(f, cases[i].spec);
		read_balances(f);
		if (f->error != cases[i].error || (f->elapsed_ms > cases[i].max_ms && !slowed))
			fail_msg("%s: %s (status %ld) after %llu ms: %s", cases[i].spec,
			    http_error_name(f->error), f->status, (unsigned long long)f->elapsed_ms,
			    f->message);
		if (f->error == HTTP_ERR_TOO_LARGE)
			assert_int_equal(f->body_len, 0);
		set_faults(f, "none");
		read_balances(f);
		assert_int_equal(f->error, HTTP_ERR_NONE);
	}
}

/*
 * A cancellation under fault KIND (every copy hit), sent once the pool holds
 * idle keep-alive connections: it ends in error, the caller hears that the
 * outcome is unknown, and the server saw exactly one request.
 */
static void
write_once_under(struct fx *f, const char *kind, enum http_error error)
{
	char spec[128];
	unsigned want;

	warm_pool(f);
	snprintf(spec, sizeof spec, "%s@%s", kind, CANCEL);
	set_faults(f, spec);
	want = f->done + 1;
	send_call(f, "PUT", CANCEL, "{\"order_id\":\"CS2611250000000XX\"}", false,
	    "CancelCustomerOrder");
	run_until(f, want);
	assert_int_equal(f->error, error);
	assert_true(f->outcome_unknown);
	assert_int_equal(f->attempts, 1);
	assert_int_equal(sim_count(f, kind), 1);
}

/*
 * The answer to a cancellation is lost after the server acted on it. The
 * request had gone out on a reused keep-alive connection, which libcurl
 * retries by itself when it closes with nothing received: for a call that
 * moves money that would be a second order of business.
 */
static void
lost_answer_to_a_write_is_not_resent(void **state)
{
	write_once_under(*state, "lost_response", HTTP_ERR_NETWORK);
}

/* The same for a write whose answer never comes: one request, then a timeout. */
static void
hung_write_is_sent_once(void **state)
{
	write_once_under(*state, "hang", HTTP_ERR_TIMEOUT);
}

/*
 * One read under connection resets, sent once the pool holds idle keep-alive
 * connections (libcurl re-sends a request whose reused connection dies before
 * any answer): the server sees no more copies than the configured attempts,
 * each counted in the response, and none beyond the API's rate.
 */
static void
read_under_resets_is_sent_max_attempts_times(void **state)
{
	struct fx *f = *state;
	struct http_config hc = { 0 };

	hc.timeout_ms = 3000;
	hc.max_attempts = 3;
	hc.backoff_base_ms = 20;
	connect_client(f, &hc);
	warm_pool(f);
	set_faults(f, "reset");
	read_balances(f);
	assert_int_equal(f->error, HTTP_ERR_NETWORK);
	assert_int_equal(f->attempts, 3);
	assert_int_equal(sim_count(f, "reset"), 3);
	set_faults(f, "none");
	read_balances(f);
	assert_int_equal(f->error, HTTP_ERR_NONE);
}

/*
 * A retry that its API's rate limit holds in the queue past the request's
 * budget ends with the answer it had, when the queue reaches it. (The client
 * used to read the request after finishing it there: check-asan and make
 * valgrind catch that.)
 */
static void
retry_held_past_the_budget_ends_with_the_last_answer(void **state)
{
	struct fx *f = *state;
	struct http_config hc = { 0 };

	hc.timeout_ms = 300;
	hc.rate_per_sec = 1;
	hc.backoff_base_ms = 20;
	connect_client(f, &hc);
	set_faults(f, "error5xx");
	read_balances(f);
	assert_int_equal(f->error, HTTP_ERR_STATUS);
	assert_int_equal(f->attempts, 1);
	/* It waited for the rate limit's next slot (1.1 s) before ending. */
	assert_true(f->elapsed_ms >= 1000);
	assert_int_equal(sim_count(f, "error5xx"), 1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(read_faults_end_in_their_typed_error, setup, teardown),
		cmocka_unit_test_setup_teardown(lost_answer_to_a_write_is_not_resent, setup, teardown),
		cmocka_unit_test_setup_teardown(hung_write_is_sent_once, setup, teardown),
		cmocka_unit_test_setup_teardown(read_under_resets_is_sent_max_attempts_times, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(retry_held_past_the_budget_ends_with_the_last_answer,
		    setup, teardown),
	};
	int rc;

	curl_global_init(CURL_GLOBAL_DEFAULT);
	rc = cmocka_run_group_tests(tests, NULL, NULL);
	curl_global_cleanup();
	return rc;
}
