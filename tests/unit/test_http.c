/*
 * api/http: the client against a libmicrohttpd server run by this process on
 * 127.0.0.1 (its own threads), driven by a uv loop per test.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <curl/curl.h>
#include <microhttpd.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509v3.h>
#include <uv.h>

#include "api/http.h"
#include "api/sign.h"
#include "lib/testutil.h"
#include "util/buf.h"
#include "util/log.h"
#include "util/timeutil.h"
#include "util/xalloc.h"

#define AK "HTTPTESTAK0000000001"
#define SK "sk-Never-Log-This-0123456789abcdef"
#define TOKEN "tok-Never-Log-This-Either-98765"
#define MAX_RECS 256
#define BIG_LIMIT ((long)64 << 20)

/* --- the server ------------------------------------------------------------- */

struct rec {
	char path[128];
	char method[8];
	uint64_t t_ms;           /* arrival of the request head */
	char auth[512];
	char date[32];
	char content_type[64];
	char host[64];
	char language[16];
	char query_name[64];     /* the decoded "name" query argument */
	bool has_expect;
	bool has_token;
	int verify;              /* enum sign_verify_result */
	size_t body_len;
};

static struct {
	pthread_mutex_t mu;
	struct MHD_Daemon *d;
	unsigned short port;
	struct rec recs[MAX_RECS];
	int nrec;
	int cur, max_cur;        /* simultaneous /slow requests */
	long big_sent;           /* bytes /big produced */
	volatile int stop;       /* ends every sleeping handler at teardown */
} srv = { .mu = PTHREAD_MUTEX_INITIALIZER };

struct conn {
	char raw_uri[1024];
	uint64_t t_ms;
	bool head_seen;
	struct buf body;
};

static void
nap(int ms)
{
	struct timespec ts = { 0, 10 * 1000 * 1000 };

	for (; ms > 0 && !srv.stop; ms -= 10)
		nanosleep(&ts, NULL);
}

static void *
on_uri(void *cls, const char *uri, struct MHD_Connection *mc)
{
	struct conn *cx = xcalloc(1, sizeof(*cx));

	(void)cls;
	(void)mc;
	snprintf(cx->raw_uri, sizeof(cx->raw_uri), "%s", uri);
	buf_init(&cx->body, 1 << 20);
	return cx;
}

static void
on_completed(void *cls, struct MHD_Connection *mc, void **con_cls,
    enum MHD_RequestTerminationCode toe)
{
	struct conn *cx = *con_cls;

	(void)cls;
	(void)mc;
	(void)toe;
	if (cx != NULL) {
		buf_free(&cx->body);
		free(cx);
	}
	*con_cls = NULL;
}

struct hdrvec {
	struct sign_kv kv[32];
	size_t n;
};

static enum MHD_Result
collect_header(void *cls, enum MHD_ValueKind kind, const char *key, const char *value)
{
	struct hdrvec *h = cls;

	(void)kind;
	if (h->n < 32) {
		h->kv[h->n].name = key;
		h->kv[h->n].value = value ? value : "";
		h->n++;
	}
	return MHD_YES;
}

static const char *
lookup_sk(const char *ak, void *ud)
{
	(void)ud;
	return strcmp(ak, AK) == 0 ? SK : NULL;
}

static void
copy_value(struct MHD_Connection *mc, enum MHD_ValueKind kind, const char *name,
    char *dst, size_t dstlen)
{
	const char *v = MHD_lookup_connection_value(mc, kind, name);

	snprintf(dst, dstlen, "%s", v ? v : "");
}

/* Records the request (verifying its signature); returns how many came to this path. */
static int
record(struct MHD_Connection *mc, struct conn *cx, const char *url, const char *method)
{
	struct sign_received in;
	struct hdrvec h = { .n = 0 };
	struct rec rc;
	char *q, err[256];
	int i, hits = 0;

	memset(&rc, 0, sizeof(rc));
	snprintf(rc.path, sizeof(rc.path), "%s", url);
	snprintf(rc.method, sizeof(rc.method), "%s", method);
	rc.t_ms = cx->t_ms;
	copy_value(mc, MHD_HEADER_KIND, "Authorization", rc.auth, sizeof(rc.auth));
	copy_value(mc, MHD_HEADER_KIND, "X-Sdk-Date", rc.date, sizeof(rc.date));
	copy_value(mc, MHD_HEADER_KIND, "Content-Type", rc.content_type, sizeof(rc.content_type));
	copy_value(mc, MHD_HEADER_KIND, "Host", rc.host, sizeof(rc.host));
	copy_value(mc, MHD_HEADER_KIND, "X-Language", rc.language, sizeof(rc.language));
	copy_value(mc, MHD_GET_ARGUMENT_KIND, "name", rc.query_name, sizeof(rc.query_name));
	rc.has_expect = MHD_lookup_connection_value(mc, MHD_HEADER_KIND, "Expect") != NULL;
	rc.has_token = MHD_lookup_connection_value(mc, MHD_HEADER_KIND, "X-Security-Token") != NULL;
	rc.body_len = cx->body.len;

	MHD_get_connection_values(mc, MHD_HEADER_KIND, collect_header, &h);
	q = strchr(cx->raw_uri, '?');
	if (q != NULL)
		*q++ = '\0';
	memset(&in, 0, sizeof(in));
	in.method = method;
	in.raw_path = cx->raw_uri;
	in.raw_query = q;
	in.headers = h.kv;
	in.nheaders = h.n;
	in.body = cx->body.data;
	in.body_len = cx->body.len;
	rc.verify = sign_verify(&in, (long long)time(NULL), 900, lookup_sk, NULL, err, sizeof(err));

	pthread_mutex_lock(&srv.mu);
	if (srv.nrec < MAX_RECS)
		srv.recs[srv.nrec++] = rc;
	for (i = 0; i < srv.nrec; i++)
		hits += strcmp(srv.recs[i].path, url) == 0;
	pthread_mutex_unlock(&srv.mu);
	return hits;
}

static enum MHD_Result
reply(struct MHD_Connection *mc, unsigned status, const char *body, const char *retry_after)
{
	struct MHD_Response *resp = MHD_create_response_from_buffer(strlen(body), (void *)body,
	    MHD_RESPMEM_MUST_COPY);
	static unsigned long seq;
	char rid[48];
	enum MHD_Result ret;

	snprintf(rid, sizeof(rid), "req-%lu", __atomic_add_fetch(&seq, 1, __ATOMIC_RELAXED));
	MHD_add_response_header(resp, "Content-Type", "application/json;charset=UTF-8");
	MHD_add_response_header(resp, "X-Request-Id", rid);
	if (retry_after != NULL)
		MHD_add_response_header(resp, "Retry-After", retry_after);
	ret = MHD_queue_response(mc, status, resp);
	MHD_destroy_response(resp);
	return ret;
}

static ssize_t
big_reader(void *cls, uint64_t pos, char *buf, size_t max)
{
	(void)cls;
	if ((long)pos >= BIG_LIMIT)
		return MHD_CONTENT_READER_END_OF_STREAM;
	memset(buf, 'x', max);
	__atomic_add_fetch(&srv.big_sent, (long)max, __ATOMIC_RELAXED);
	return (ssize_t)max;
}

/* Sends the start of a body, then nothing for three seconds. */
static ssize_t
stall_reader(void *cls, uint64_t pos, char *buf, size_t max)
{
	(void)cls;
	if (pos == 0 && max >= 2) {
		memcpy(buf, "[1", 2);
		return 2;
	}
	nap(3000);
	return MHD_CONTENT_READER_END_OF_STREAM;
}

static enum MHD_Result
reply_stream(struct MHD_Connection *mc, MHD_ContentReaderCallback reader)
{
	struct MHD_Response *resp = MHD_create_response_from_callback(MHD_SIZE_UNKNOWN,
	    64 * 1024, reader, NULL, NULL);
	enum MHD_Result ret = MHD_queue_response(mc, 200, resp);

	MHD_destroy_response(resp);
	return ret;
}

static enum MHD_Result
handler(void *cls, struct MHD_Connection *mc, const char *url, const char *method,
    const char *version, const char *upload, size_t *upload_size, void **con_cls)
{
	static const char ok[] = "{\"ok\":true}";
	static const char err500[] = "{\"error_code\":\"CBC.5000\",\"error_msg\":\"boom\"}";
	struct conn *cx = *con_cls;
	int hits;

	(void)cls;
	(void)version;
	if (!cx->head_seen) {
		cx->head_seen = true;
		cx->t_ms = time_mono_ms();
		return MHD_YES;
	}
	if (*upload_size > 0) {
		buf_append(&cx->body, upload, *upload_size);
		*upload_size = 0;
		return MHD_YES;
	}
	hits = record(mc, cx, url, method);
	if (strcmp(url, "/sleep") == 0) {
		nap(2000);
	} else if (strcmp(url, "/slow") == 0) {
		pthread_mutex_lock(&srv.mu);
		if (++srv.cur > srv.max_cur)
			srv.max_cur = srv.cur;
		pthread_mutex_unlock(&srv.mu);
		nap(150);
		pthread_mutex_lock(&srv.mu);
		srv.cur--;
		pthread_mutex_unlock(&srv.mu);
	} else if (strcmp(url, "/big") == 0) {
		return reply_stream(mc, big_reader);
	} else if (strcmp(url, "/stall") == 0) {
		return reply_stream(mc, stall_reader);
	} else if (strcmp(url, "/bigfixed") == 0) {
		static char payload[1 << 20];

		memset(payload, 'y', sizeof(payload) - 1);
		return reply(mc, 200, payload, NULL);
	} else if (strcmp(url, "/flaky") == 0 && hits % 2 == 1) {
		return reply(mc, 500, err500, NULL);
	} else if (strcmp(url, "/fail500") == 0) {
		return reply(mc, 500, err500, NULL);
	} else if (strcmp(url, "/throttle") == 0 && hits % 2 == 1) {
		return reply(mc, 429, "{\"error_code\":\"CBC.0250\",\"error_msg\":\"flow control\"}", "1");
	}
	return reply(mc, 200, ok, NULL);
}

/* A daemon on 127.0.0.1 and an ephemeral port; TLS when key and cert are given. */
static struct MHD_Daemon *
daemon_start(const char *key_pem, const char *cert_pem, unsigned short *port)
{
	struct sockaddr_in sa;
	struct MHD_Daemon *d;
	unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_THREAD_PER_CONNECTION;

	memset(&sa, 0, sizeof(sa));
	sa.sin_family = AF_INET;
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (key_pem != NULL)
		d = MHD_start_daemon(flags | MHD_USE_TLS, 0, NULL, NULL, handler, NULL,
		    MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&sa,
		    MHD_OPTION_URI_LOG_CALLBACK, on_uri, NULL,
		    MHD_OPTION_NOTIFY_COMPLETED, on_completed, NULL,
		    MHD_OPTION_HTTPS_MEM_KEY, key_pem,
		    MHD_OPTION_HTTPS_MEM_CERT, cert_pem,
		    MHD_OPTION_END);
	else
		d = MHD_start_daemon(flags, 0, NULL, NULL, handler, NULL,
		    MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&sa,
		    MHD_OPTION_URI_LOG_CALLBACK, on_uri, NULL,
		    MHD_OPTION_NOTIFY_COMPLETED, on_completed, NULL,
		    MHD_OPTION_END);
	if (d != NULL)
		*port = MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT)->port;
	return d;
}

static int
server_start(void **state)
{
	(void)state;
	curl_global_init(CURL_GLOBAL_DEFAULT);
	srv.d = daemon_start(NULL, NULL, &srv.port);
	return srv.d != NULL ? 0 : -1;
}

static int
server_stop(void **state)
{
	(void)state;
	srv.stop = 1;
	MHD_stop_daemon(srv.d);
	curl_global_cleanup();
	return 0;
}

static int
srv_hits(const char *path)
{
	int i, n = 0;

	pthread_mutex_lock(&srv.mu);
	for (i = 0; i < srv.nrec; i++)
		n += strcmp(srv.recs[i].path, path) == 0;
	pthread_mutex_unlock(&srv.mu);
	return n;
}

/* The k-th (0-based) record of path, copied out. */
static struct rec
srv_rec(const char *path, int k)
{
	struct rec r;
	int i;

	memset(&r, 0, sizeof(r));
	pthread_mutex_lock(&srv.mu);
	for (i = 0; i < srv.nrec; i++)
		if (strcmp(srv.recs[i].path, path) == 0 && k-- == 0) {
			r = srv.recs[i];
			break;
		}
	pthread_mutex_unlock(&srv.mu);
	return r;
}

/* --- the client side -------------------------------------------------------- */

struct result {
	int calls;
	uint64_t id;
	enum http_error error;
	long status;
	char body[256];
	size_t body_len;
	char request_id[64];
	char message[512];
	unsigned attempts;
	uint64_t elapsed_ms;
	bool outcome_unknown;
};

struct fixture {
	uv_loop_t loop;
	struct http_client *c;
	char url[64];
	bool timed_out;
};

/*
 * Set by teardown: a request still pending then belongs to a test that
 * failed, and its result lives in that test's finished stack frame.
 */
static bool tearing_down;

static void
on_done(const struct http_response *resp, void *ud)
{
	struct result *r = ud;

	if (tearing_down)
		return;
	r->calls++;
	r->id = resp->id;
	r->error = resp->error;
	r->status = resp->status;
	snprintf(r->body, sizeof(r->body), "%s", resp->body);
	r->body_len = resp->body_len;
	snprintf(r->request_id, sizeof(r->request_id), "%s", resp->request_id);
	snprintf(r->message, sizeof(r->message), "%s", resp->message);
	r->attempts = resp->attempts;
	r->elapsed_ms = resp->elapsed_ms;
	r->outcome_unknown = resp->outcome_unknown;
}

static int
setup(void **state)
{
	struct fixture *f = xcalloc(1, sizeof(*f));

	pthread_mutex_lock(&srv.mu);
	srv.nrec = 0;
	srv.cur = srv.max_cur = 0;
	srv.big_sent = 0;
	pthread_mutex_unlock(&srv.mu);
	tearing_down = false;
	uv_loop_init(&f->loop);
	snprintf(f->url, sizeof(f->url), "http://127.0.0.1:%u", srv.port);
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture *f = *state;

	tearing_down = true;
	http_client_free(f->c);
	uv_run(&f->loop, UV_RUN_DEFAULT);
	assert_int_equal(uv_loop_close(&f->loop), 0);
	free(f);
	return 0;
}

static struct http_config
test_config(const struct fixture *f)
{
	struct http_config cfg;

	memset(&cfg, 0, sizeof(cfg));
	cfg.endpoint = f->url;
	cfg.ak = AK;
	cfg.sk = SK;
	cfg.backoff_base_ms = 20;
	return cfg;
}

static void
new_client(struct fixture *f, const struct http_config *cfg)
{
	char err[256];

	f->c = http_client_new(&f->loop, cfg, err, sizeof(err));
	if (f->c == NULL)
		fail_msg("http_client_new: %s", err);
}

static void
on_watchdog(uv_timer_t *t)
{
	struct fixture *f = t->data;

	f->timed_out = true;
	uv_stop(t->loop);
}

/*
 * Runs until the client is idle (it then holds no reference on the loop).
 * max_ms is multiplied by $BSSDASH_TEST_SLOWDOWN: under valgrind (which sets
 * it) a TLS handshake alone takes seconds.
 */
static void
run(struct fixture *f, uint64_t max_ms)
{
	const char *slow = getenv("BSSDASH_TEST_SLOWDOWN");
	long k = slow != NULL ? strtol(slow, NULL, 10) : 1;
	uv_timer_t dog;

	uv_timer_init(&f->loop, &dog);
	dog.data = f;
	uv_timer_start(&dog, on_watchdog, max_ms * (uint64_t)(k > 1 ? k : 1), 0);
	uv_unref((uv_handle_t *)&dog);
	uv_run(&f->loop, UV_RUN_DEFAULT);
	uv_close((uv_handle_t *)&dog, NULL);
	uv_run(&f->loop, UV_RUN_NOWAIT);
	assert_false(f->timed_out);
}

static uint64_t
get(struct http_client *c, const char *path, const char *api, struct result *res)
{
	struct http_request req = { .method = "GET", .path = path, .api = api, .idempotent = true };

	return http_send(c, &req, on_done, res);
}

static uint64_t
post(struct http_client *c, const char *path, const char *body, bool idempotent,
    struct result *res)
{
	struct http_request req = { .method = "POST", .path = path, .body = body,
		.body_len = strlen(body), .api = "PostApi", .idempotent = idempotent };

	return http_send(c, &req, on_done, res);
}

/* Calls fn once the server has seen `hits` requests to path. */
struct waiter {
	uv_timer_t t;
	const char *path;
	int hits;
	void (*fn)(struct waiter *w);
	struct fixture *f;
	void *ud;
};

static void
on_wait_tick(uv_timer_t *t)
{
	struct waiter *w = t->data;

	if (srv_hits(w->path) < w->hits)
		return;
	uv_close((uv_handle_t *)&w->t, NULL);
	w->fn(w);
}

static void
wait_then(struct fixture *f, struct waiter *w, const char *path, int hits,
    void (*fn)(struct waiter *w), void *ud)
{
	w->path = path;
	w->hits = hits;
	w->fn = fn;
	w->f = f;
	w->ud = ud;
	uv_timer_init(&f->loop, &w->t);
	w->t.data = w;
	uv_timer_start(&w->t, on_wait_tick, 5, 5);
}

/* --- tests ------------------------------------------------------------------ */

static void
signed_get_succeeds(void **state)
{
	struct fixture *f = *state;
	struct http_config cfg = test_config(f);
	static const struct http_kv q[] = { { "limit", "10" }, { "name", "中 文+&/x" } };
	static const struct http_kv h[] = { { "X-Language", "en_us" } };
	struct http_request req = { .method = "GET", .path = "/v2/资源/a b", .query = q, .nquery = 2,
		.headers = h, .nheaders = 1, .api = "ShowThing", .idempotent = true };
	struct result res = { 0 };
	struct http_stats st;
	struct rec r;
	char host[64];

	new_client(f, &cfg);
	assert_true(http_send(f->c, &req, on_done, &res) != 0);
	assert_int_equal(http_pending(f->c), 1);
	assert_int_equal(res.calls, 0);
	run(f, 5000);
	assert_int_equal(res.calls, 1);
	assert_int_equal(res.error, HTTP_ERR_NONE);
	assert_string_equal(res.message, "");
	assert_int_equal(res.status, 200);
	assert_string_equal(res.body, "{\"ok\":true}");
	assert_int_equal(res.body_len, 11);
	assert_true(strncmp(res.request_id, "req-", 4) == 0);
	assert_int_equal(res.attempts, 1);
	assert_false(res.outcome_unknown);
	assert_int_equal(http_pending(f->c), 0);

	assert_int_equal(srv_hits("/v2/资源/a b"), 1);
	r = srv_rec("/v2/资源/a b", 0);
	assert_int_equal(r.verify, SIGN_OK);
	assert_string_equal(r.content_type, "application/json");
	assert_string_equal(r.language, "en_us");
	assert_string_equal(r.query_name, "中 文+&/x");
	snprintf(host, sizeof(host), "127.0.0.1:%u", srv.port);
	assert_string_equal(r.host, host);
	assert_false(r.has_token);
	assert_non_null(strstr(r.auth, "SDK-HMAC-SHA256 Access=" AK ", SignedHeaders=content-type;host;"));
	http_get_stats(f->c, &st);
	assert_int_equal(st.requests, 1);
	assert_int_equal(st.attempts, 1);
	assert_int_equal(st.retries, 0);
	assert_int_equal(st.failed, 0);
}

static void
timeout_on_sleeping_server(void **state)
{
	struct fixture *f = *state;
	struct http_config cfg = test_config(f);
	struct result res = { 0 };

	cfg.timeout_ms = 300;
	new_client(f, &cfg);
	get(f->c, "/sleep", "Sleep", &res);
	run(f, 5000);
	assert_int_equal(res.calls, 1);
	assert_int_equal(res.error, HTTP_ERR_TIMEOUT);
	assert_int_equal(res.status, 0);
	/* The budget covers retries: nothing is left for a second attempt. */
	assert_int_equal(res.attempts, 1);
	assert_true(res.elapsed_ms >= 250 && res.elapsed_ms < 1500);
	assert_true(res.outcome_unknown);
	assert_non_null(strstr(res.message, "no complete response in time"));
}

static void
timeout_on_silent_listener(void **state)
{
	struct fixture *f = *state;
	struct http_config cfg = test_config(f);
	struct sockaddr_in sa;
	socklen_t len = sizeof(sa);
	struct result res = { 0 };
	int fd = socket(AF_INET, SOCK_STREAM, 0);

	/* The kernel accepts the connection; nobody ever reads or answers. */
	memset(&sa, 0, sizeof(sa));
	sa.sin_family = AF_INET;
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	assert_int_equal(bind(fd, (struct sockaddr *)&sa, sizeof(sa)), 0);
	assert_int_equal(listen(fd, 8), 0);
	assert_int_equal(getsockname(fd, (struct sockaddr *)&sa, &len), 0);
	snprintf(f->url, sizeof(f->url), "http://127.0.0.1:%u", ntohs(sa.sin_port));
	cfg.endpoint = f->url;
	cfg.timeout_ms = 300;
	new_client(f, &cfg);
	get(f->c, "/x", "Silent", &res);
	run(f, 5000);
	close(fd);
	assert_int_equal(res.calls, 1);
	assert_int_equal(res.error, HTTP_ERR_TIMEOUT);
	assert_true(res.elapsed_ms < 1500);
}

static void
stalled_body_times_out(void **state)
{
	struct fixture *f = *state;
	struct http_config cfg = test_config(f);
	struct result res = { 0 };

	cfg.low_speed_bytes = 100;
	cfg.low_speed_secs = 1;
	cfg.max_attempts = 1;
	new_client(f, &cfg);
	get(f->c, "/stall", "Stall", &res);
	run(f, 5000);
	assert_int_equal(res.error, HTTP_ERR_TIMEOUT);
	assert_true(res.elapsed_ms >= 900 && res.elapsed_ms < 2900);
}

static void
body_over_cap_is_too_large(void **state)
{
	struct fixture *f = *state;
	struct http_config cfg = test_config(f);
	struct result chunked = { 0 }, fixed = { 0 };
	long sent;

	cfg.max_body = 64 * 1024;
	new_client(f, &cfg);
	get(f->c, "/big", "Big", &chunked);
	get(f->c, "/bigfixed", "Big", &fixed);
	run(f, 5000);
	assert_int_equal(chunked.error, HTTP_ERR_TOO_LARGE);
	assert_string_equal(chunked.message, "response too large: over 65536 bytes");
	assert_int_equal(chunked.body_len, 0);
	assert_int_equal(chunked.attempts, 1);
	assert_int_equal(fixed.error, HTTP_ERR_TOO_LARGE);
	assert_int_equal(fixed.body_len, 0);
	/* The client stopped reading early: the server never got to write 64 MiB. */
	sent = __atomic_load_n(&srv.big_sent, __ATOMIC_RELAXED);
	assert_true(sent < BIG_LIMIT / 2);
}

static void
get_retried_after_500(void **state)
{
	struct fixture *f = *state;
	struct http_config cfg = test_config(f);
	struct result res = { 0 };
	struct http_stats st;

	new_client(f, &cfg);
	get(f->c, "/flaky", "Flaky", &res);
	run(f, 5000);
	assert_int_equal(res.error, HTTP_ERR_NONE);
	assert_int_equal(res.status, 200);
	assert_int_equal(res.attempts, 2);
	assert_int_equal(srv_hits("/flaky"), 2);
	/* Each attempt carries its own valid signature. */
	assert_int_equal(srv_rec("/flaky", 0).verify, SIGN_OK);
	assert_int_equal(srv_rec("/flaky", 1).verify, SIGN_OK);
	http_get_stats(f->c, &st);
	assert_int_equal(st.attempts, 2);
	assert_int_equal(st.retries, 1);
}

static void
mutating_post_never_retried(void **state)
{
	struct fixture *f = *state;
	struct http_config cfg = test_config(f);
	struct result pay = { 0 }, query = { 0 };
	char body[2048];
	struct rec r;

	/* Big enough that curl would ask for 100-continue if let. */
	memset(body, ' ', sizeof(body) - 1);
	body[0] = '{';
	body[sizeof(body) - 2] = '}';
	body[sizeof(body) - 1] = '\0';
	new_client(f, &cfg);
	post(f->c, "/fail500", body, false, &pay);
	run(f, 5000);
	assert_int_equal(pay.error, HTTP_ERR_STATUS);
	assert_int_equal(pay.status, 500);
	assert_string_equal(pay.message, "the server answered with an error status: HTTP 500");
	assert_string_equal(pay.body, "{\"error_code\":\"CBC.5000\",\"error_msg\":\"boom\"}");
	assert_int_equal(pay.attempts, 1);
	assert_false(pay.outcome_unknown);
	assert_int_equal(srv_hits("/fail500"), 1);
	r = srv_rec("/fail500", 0);
	assert_int_equal(r.verify, SIGN_OK);
	assert_int_equal(r.body_len, sizeof(body) - 1);
	assert_false(r.has_expect);
	assert_string_equal(r.content_type, "application/json");

	/* A read-only POST .../query is retried up to max_attempts. */
	post(f->c, "/fail500", "{}", true, &query);
	run(f, 5000);
	assert_int_equal(query.error, HTTP_ERR_STATUS);
	assert_int_equal(query.attempts, 3);
	assert_int_equal(srv_hits("/fail500"), 4);
}

static void
retry_after_honoured_and_resigned(void **state)
{
	struct fixture *f = *state;
	struct http_config cfg = test_config(f);
	struct result res = { 0 }, pay = { 0 };
	struct http_stats st;
	struct rec r0, r1;

	new_client(f, &cfg);
	get(f->c, "/throttle", "Throttle", &res);
	run(f, 5000);
	assert_int_equal(res.error, HTTP_ERR_NONE);
	assert_int_equal(res.attempts, 2);
	assert_true(res.elapsed_ms >= 1000);
	r0 = srv_rec("/throttle", 0);
	r1 = srv_rec("/throttle", 1);
	assert_true(r1.t_ms - r0.t_ms >= 1000);
	assert_int_equal(r0.verify, SIGN_OK);
	assert_int_equal(r1.verify, SIGN_OK);
	/* Signed anew one second later: new date, new signature. */
	assert_string_not_equal(r0.date, r1.date);
	assert_string_not_equal(r0.auth, r1.auth);

	/* A mutating call gets the 429 as it is. */
	post(f->c, "/throttle", "{}", false, &pay);
	run(f, 5000);
	assert_int_equal(pay.error, HTTP_ERR_RATE_LIMITED);
	assert_int_equal(pay.status, 429);
	assert_int_equal(pay.attempts, 1);
	assert_non_null(strstr(pay.body, "CBC.0250"));
	http_get_stats(f->c, &st);
	assert_int_equal(st.status_429, 2);
}

static void
rate_limit_per_api(void **state)
{
	struct fixture *f = *state;
	struct http_config cfg = test_config(f);
	struct result a[25], b[3];
	uint64_t ta[25];
	int i;

	memset(a, 0, sizeof(a));
	memset(b, 0, sizeof(b));
	new_client(f, &cfg);
	for (i = 0; i < 25; i++)
		get(f->c, "/ratea", "ListA", &a[i]);
	for (i = 0; i < 3; i++)
		get(f->c, "/rateb", "ListB", &b[i]);
	assert_int_equal(http_pending(f->c), 28);
	run(f, 10000);
	for (i = 0; i < 25; i++) {
		assert_int_equal(a[i].calls, 1);
		assert_int_equal(a[i].error, HTTP_ERR_NONE);
		ta[i] = srv_rec("/ratea", i).t_ms;
	}
	for (i = 0; i < 3; i++)
		assert_int_equal(b[i].error, HTTP_ERR_NONE);
	assert_int_equal(srv_hits("/ratea"), 25);
	/* Records are in arrival order: any 11 consecutive span at least a second. */
	for (i = 0; i + 10 < 25; i++)
		assert_true(ta[i + 10] - ta[i] >= 1000);
	/* ListB went by while ListA waited for its window. */
	for (i = 0; i < 3; i++)
		assert_true(srv_rec("/rateb", i).t_ms < ta[10]);
}

static void
concurrency_cap_respected(void **state)
{
	struct fixture *f = *state;
	struct http_config cfg = test_config(f);
	struct result res[9];
	int i;

	memset(res, 0, sizeof(res));
	cfg.max_concurrent = 3;
	cfg.rate_per_sec = 100;
	new_client(f, &cfg);
	for (i = 0; i < 9; i++)
		get(f->c, "/slow", "Slow", &res[i]);
	run(f, 5000);
	for (i = 0; i < 9; i++)
		assert_int_equal(res[i].error, HTTP_ERR_NONE);
	assert_int_equal(srv.max_cur, 3);
}

struct cancel_ctx {
	uint64_t running_id, queued_id;
	struct result *running, *queued;
};

static void
cancel_both(struct waiter *w)
{
	struct cancel_ctx *cc = w->ud;

	assert_int_equal(http_cancel(w->f->c, cc->queued_id), 0);
	assert_int_equal(cc->queued->calls, 1);
	assert_int_equal(http_cancel(w->f->c, cc->running_id), 0);
	assert_int_equal(cc->running->calls, 1);
	assert_int_equal(http_cancel(w->f->c, cc->running_id), -1);
	assert_int_equal(http_pending(w->f->c), 0);
}

static void
cancel_delivers_once(void **state)
{
	struct fixture *f = *state;
	struct http_config cfg = test_config(f);
	struct result running = { 0 }, queued = { 0 };
	struct cancel_ctx cc = { 0, 0, &running, &queued };
	struct waiter w;

	cfg.max_concurrent = 1;
	new_client(f, &cfg);
	cc.running_id = get(f->c, "/sleep", "Sleep", &running);
	cc.queued_id = get(f->c, "/ok", "Ok", &queued);
	wait_then(f, &w, "/sleep", 1, cancel_both, &cc);
	run(f, 5000);
	assert_int_equal(running.calls, 1);
	assert_int_equal(running.error, HTTP_ERR_CANCELLED);
	assert_true(running.outcome_unknown);
	assert_int_equal(queued.calls, 1);
	assert_int_equal(queued.error, HTTP_ERR_CANCELLED);
	assert_false(queued.outcome_unknown);
	assert_int_equal(queued.attempts, 0);
	assert_int_equal(srv_hits("/ok"), 0);
}

struct free_ctx {
	struct result res[6];
	struct result late;
	struct http_client *c;
};

/* A callback that sends again while the client shuts down: that one is cancelled too. */
static void
on_done_resend(const struct http_response *resp, void *ud)
{
	struct free_ctx *fc = ud;

	on_done(resp, &fc->res[5]);
	get(fc->c, "/sleep", "Sleep", &fc->late);
}

static void
free_now(struct waiter *w)
{
	http_client_free(w->f->c);
	w->f->c = NULL;
}

static void
free_with_requests_in_flight(void **state)
{
	struct fixture *f = *state;
	struct http_config cfg = test_config(f);
	struct free_ctx fc;
	struct http_request req = { .method = "GET", .path = "/sleep", .api = "Sleep" };
	struct waiter w;
	int i;

	memset(&fc, 0, sizeof(fc));
	cfg.max_concurrent = 3;
	new_client(f, &cfg);
	fc.c = f->c;
	for (i = 0; i < 5; i++)
		get(f->c, "/sleep", "Sleep", &fc.res[i]);
	http_send(f->c, &req, on_done_resend, &fc);
	wait_then(f, &w, "/sleep", 3, free_now, NULL);
	run(f, 5000);
	assert_null(f->c);
	for (i = 0; i < 6; i++) {
		assert_int_equal(fc.res[i].calls, 1);
		assert_int_equal(fc.res[i].error, HTTP_ERR_CANCELLED);
		assert_non_null(strstr(fc.res[i].message, "shutting down"));
	}
	for (i = 0; i < 3; i++)
		assert_true(fc.res[i].outcome_unknown);
	assert_false(fc.res[4].outcome_unknown);
	assert_int_equal(fc.late.calls, 1);
	assert_int_equal(fc.late.error, HTTP_ERR_CANCELLED);
}

static void
log_redacts_secrets(void **state)
{
	struct fixture *f = *state;
	struct http_config cfg = test_config(f);
	char path[] = "/tmp/test_http_log_XXXXXX";
	struct result res = { 0 }, bad = { 0 };
	const char *sig;
	char *text;
	struct rec r;
	int fd = mkstemp(path);

	assert_true(fd >= 0);
	close(fd);
	assert_int_equal(log_open(path), 0);
	cfg.security_token = TOKEN;
	cfg.domain_id = "domain-42";
	new_client(f, &cfg);
	get(f->c, "/ok", "Ok", &res);
	post(f->c, "/fail500", "{\"x\":1}", false, &bad);
	run(f, 5000);
	log_close();
	text = tu_read_file(path, NULL);
	unlink(path);
	assert_int_equal(res.error, HTTP_ERR_NONE);
	r = srv_rec("/ok", 0);
	assert_true(r.has_token);
	assert_int_equal(r.verify, SIGN_OK);
	sig = strstr(r.auth, "Signature=");
	assert_non_null(sig);
	assert_non_null(strstr(text, "GET http://127.0.0.1"));
	assert_non_null(strstr(text, "/ok"));
	assert_non_null(strstr(text, "Authorization: [REDACTED]"));
	assert_non_null(strstr(text, "X-Security-Token: [REDACTED]"));
	assert_non_null(strstr(text, "< 200"));
	assert_non_null(strstr(text, "CBC.5000"));   /* the start of the error body */
	assert_null(strstr(text, SK));
	assert_null(strstr(text, TOKEN));
	assert_null(strstr(text, sig + strlen("Signature=")));
	free(text);
}

static char *
pem_of(int (*write)(BIO *, void *), void *obj)
{
	BIO *b = BIO_new(BIO_s_mem());
	char *data, *out;
	long n;

	assert_int_equal(write(b, obj), 1);
	n = BIO_get_mem_data(b, &data);
	out = xstrndup(data, (size_t)n);
	BIO_free(b);
	return out;
}

static int
write_key(BIO *b, void *k)
{
	return PEM_write_bio_PrivateKey(b, k, NULL, NULL, 0, NULL, NULL);
}

static int
write_cert(BIO *b, void *x)
{
	return PEM_write_bio_X509(b, x);
}

/* A self-signed certificate for 127.0.0.1: its own CA. */
static void
make_cert(char **key_pem, char **cert_pem)
{
	EVP_PKEY *key = EVP_EC_gen("P-256");
	X509 *x = X509_new();
	X509_NAME *name;
	X509_EXTENSION *ext;

	assert_non_null(key);
	X509_set_version(x, 2);
	ASN1_INTEGER_set(X509_get_serialNumber(x), 1);
	X509_gmtime_adj(X509_getm_notBefore(x), -3600);
	X509_gmtime_adj(X509_getm_notAfter(x), 3600);
	X509_set_pubkey(x, key);
	name = X509_get_subject_name(x);
	X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC, (const unsigned char *)"127.0.0.1",
	    -1, -1, 0);
	X509_set_issuer_name(x, name);
	ext = X509V3_EXT_conf_nid(NULL, NULL, NID_subject_alt_name, "IP:127.0.0.1");
	X509_add_ext(x, ext, -1);
	X509_EXTENSION_free(ext);
	ext = X509V3_EXT_conf_nid(NULL, NULL, NID_basic_constraints, "critical,CA:TRUE");
	X509_add_ext(x, ext, -1);
	X509_EXTENSION_free(ext);
	assert_true(X509_sign(x, key, EVP_sha256()) > 0);
	*key_pem = pem_of(write_key, key);
	*cert_pem = pem_of(write_cert, x);
	X509_free(x);
	EVP_PKEY_free(key);
}

static void
tls_verified_always(void **state)
{
	struct fixture *f = *state;
	struct http_config cfg = test_config(f);
	char *key, *cert, ca[] = "/tmp/test_http_ca_XXXXXX";
	struct result untrusted = { 0 }, trusted = { 0 };
	struct http_client *c2;
	struct MHD_Daemon *d;
	unsigned short port;
	char err[256];
	int fd;

	make_cert(&key, &cert);
	d = daemon_start(key, cert, &port);
	assert_non_null(d);
	fd = mkstemp(ca);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, cert, strlen(cert)), (ssize_t)strlen(cert));
	close(fd);
	snprintf(f->url, sizeof(f->url), "https://127.0.0.1:%u", port);
	cfg.endpoint = f->url;
	new_client(f, &cfg);
	cfg.ca_file = ca;
	c2 = http_client_new(&f->loop, &cfg, err, sizeof(err));
	assert_non_null(c2);
	get(f->c, "/tls", "Tls", &untrusted);
	get(c2, "/tls", "Tls", &trusted);
	run(f, 5000);
	http_client_free(c2);
	uv_run(&f->loop, UV_RUN_DEFAULT);
	MHD_stop_daemon(d);
	unlink(ca);
	free(key);
	free(cert);

	/* The system store does not know our CA: refused, with what to do about it. */
	assert_int_equal(untrusted.error, HTTP_ERR_TLS);
	assert_int_equal(untrusted.attempts, 1);
	assert_non_null(strstr(untrusted.message, "certificate verify failed for 127.0.0.1:"));
	assert_non_null(strstr(untrusted.message, "ca_file"));
	/* The private CA given as ca_file is trusted. */
	assert_int_equal(trusted.error, HTTP_ERR_NONE);
	assert_int_equal(trusted.status, 200);
	assert_int_equal(srv_hits("/tls"), 1);
	assert_int_equal(srv_rec("/tls", 0).verify, SIGN_OK);
}

static void
connection_refused_retried(void **state)
{
	struct fixture *f = *state;
	struct http_config cfg = test_config(f);
	struct sockaddr_in sa;
	socklen_t len = sizeof(sa);
	struct result res = { 0 };
	int fd = socket(AF_INET, SOCK_STREAM, 0);

	/* A port that was free a moment ago: nothing listens there. */
	memset(&sa, 0, sizeof(sa));
	sa.sin_family = AF_INET;
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	assert_int_equal(bind(fd, (struct sockaddr *)&sa, sizeof(sa)), 0);
	assert_int_equal(getsockname(fd, (struct sockaddr *)&sa, &len), 0);
	close(fd);
	snprintf(f->url, sizeof(f->url), "http://127.0.0.1:%u", ntohs(sa.sin_port));
	cfg.endpoint = f->url;
	cfg.max_attempts = 2;
	new_client(f, &cfg);
	get(f->c, "/x", "X", &res);
	run(f, 5000);
	assert_int_equal(res.error, HTTP_ERR_CONNECT);
	assert_int_equal(res.attempts, 2);
	assert_false(res.outcome_unknown);
	assert_non_null(strstr(res.message, "could not connect"));
}

static void
invalid_request_reported_from_loop(void **state)
{
	struct fixture *f = *state;
	struct http_config cfg = test_config(f);
	static const struct http_kv h[] = { { "Authorization", "mine" } };
	struct http_request nopath = { .method = "GET", .path = "v2/x", .api = "X" };
	struct http_request hdr = { .method = "GET", .path = "/ok", .api = "X", .headers = h,
		.nheaders = 1 };
	struct http_request noapi = { .method = "GET", .path = "/ok" };
	struct result r1 = { 0 }, r2 = { 0 }, r3 = { 0 };

	new_client(f, &cfg);
	http_send(f->c, &nopath, on_done, &r1);
	http_send(f->c, &hdr, on_done, &r2);
	http_send(f->c, &noapi, on_done, &r3);
	assert_int_equal(r1.calls + r2.calls + r3.calls, 0);
	run(f, 5000);
	assert_int_equal(r1.calls, 1);
	assert_int_equal(r1.error, HTTP_ERR_INVALID);
	assert_int_equal(r1.attempts, 0);
	assert_int_equal(r2.error, HTTP_ERR_INVALID);
	assert_int_equal(r3.error, HTTP_ERR_INVALID);
	assert_int_equal(srv_hits("/ok"), 0);
}

static void
bad_config_refused(void **state)
{
	struct fixture *f = *state;
	struct http_config cfg = test_config(f);
	char err[256];

	cfg.endpoint = "bss.example.com";
	assert_null(http_client_new(&f->loop, &cfg, err, sizeof(err)));
	assert_non_null(strstr(err, "endpoint"));
	cfg.endpoint = "https://bss.example.com/v2";
	assert_null(http_client_new(&f->loop, &cfg, err, sizeof(err)));
	cfg.endpoint = "ftp://bss.example.com";
	assert_null(http_client_new(&f->loop, &cfg, err, sizeof(err)));
	cfg.endpoint = f->url;
	cfg.ca_file = "/nonexistent/ca.pem";
	assert_null(http_client_new(&f->loop, &cfg, err, sizeof(err)));
	assert_non_null(strstr(err, "/nonexistent/ca.pem"));
	cfg.ca_file = NULL;
	cfg.sk = "";
	assert_null(http_client_new(&f->loop, &cfg, err, sizeof(err)));
	assert_non_null(strstr(err, "HUAWEICLOUD_SDK_SK"));
	assert_string_equal(http_error_name(HTTP_ERR_TOO_LARGE), "too_large");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(signed_get_succeeds, setup, teardown),
		cmocka_unit_test_setup_teardown(timeout_on_sleeping_server, setup, teardown),
		cmocka_unit_test_setup_teardown(timeout_on_silent_listener, setup, teardown),
		cmocka_unit_test_setup_teardown(stalled_body_times_out, setup, teardown),
		cmocka_unit_test_setup_teardown(body_over_cap_is_too_large, setup, teardown),
		cmocka_unit_test_setup_teardown(get_retried_after_500, setup, teardown),
		cmocka_unit_test_setup_teardown(mutating_post_never_retried, setup, teardown),
		cmocka_unit_test_setup_teardown(retry_after_honoured_and_resigned, setup, teardown),
		cmocka_unit_test_setup_teardown(rate_limit_per_api, setup, teardown),
		cmocka_unit_test_setup_teardown(concurrency_cap_respected, setup, teardown),
		cmocka_unit_test_setup_teardown(cancel_delivers_once, setup, teardown),
		cmocka_unit_test_setup_teardown(free_with_requests_in_flight, setup, teardown),
		cmocka_unit_test_setup_teardown(log_redacts_secrets, setup, teardown),
		cmocka_unit_test_setup_teardown(connection_refused_retried, setup, teardown),
		cmocka_unit_test_setup_teardown(tls_verified_always, setup, teardown),
		cmocka_unit_test_setup_teardown(invalid_request_reported_from_loop, setup, teardown),
		cmocka_unit_test_setup_teardown(bad_config_refused, setup, teardown),
	};

	return cmocka_run_group_tests(tests, server_start, server_stop);
}
