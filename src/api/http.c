#include "api/http.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include <curl/curl.h>

#include "api/sign.h"
#include "util/buf.h"
#include "util/log.h"
#include "util/timeutil.h"
#include "util/xalloc.h"

/*
 * The gateway counts requests per second as they arrive; ours are counted as
 * they start. Connection set-up delays vary between attempts, so a window of
 * exactly one second could let eleven arrive within one second at the far
 * end. The margin costs a tenth of the throughput and buys no 429 storms.
 */
#define RATE_WINDOW_MS 1100

#define DEFAULT_TIMEOUT_MS 30000L
#define DEFAULT_CONNECT_TIMEOUT_MS 10000L
#define DEFAULT_LOW_SPEED_BYTES 1L
#define DEFAULT_LOW_SPEED_SECS 15L
/*
 * The largest page BSS sends (1000 bill records) is about 2 MB. Every request
 * on the wire may fill its buffer at once, so the bodies alone can hold
 * DEFAULT_MAX_CONCURRENT times this: 64 MiB, under the 100 MB the dashboard
 * promises whatever the server sends (tests/e2e/faults.sh, endless bodies).
 */
#define DEFAULT_MAX_BODY ((size_t)8 << 20)
#define DEFAULT_MAX_CONCURRENT 8u
#define DEFAULT_RATE_PER_SEC 10u
#define DEFAULT_MAX_ATTEMPTS 3u
#define DEFAULT_BACKOFF_BASE_MS 200u
#define DEFAULT_BACKOFF_MAX_MS 5000u
/* How much of an error body the log shows. */
#define LOG_BODY_PREFIX 512

static const struct {
	const char *name;
	const char *text;
} http_errors[] = {
	[HTTP_ERR_NONE] = { "none", "" },
	[HTTP_ERR_STATUS] = { "status", "the server answered with an error status" },
	[HTTP_ERR_RATE_LIMITED] = { "rate_limited", "throttled by the server (HTTP 429)" },
	[HTTP_ERR_DNS] = { "dns", "could not resolve the endpoint's host name" },
	[HTTP_ERR_CONNECT] = { "connect", "could not connect to the endpoint" },
	[HTTP_ERR_TLS] = { "tls", "secure connection (TLS) failed" },
	[HTTP_ERR_TIMEOUT] = { "timeout", "no complete response in time" },
	[HTTP_ERR_NETWORK] = { "network", "the connection broke" },
	[HTTP_ERR_TOO_LARGE] = { "too_large", "response too large" },
	[HTTP_ERR_PROTOCOL] = { "protocol", "HTTP transfer failed" },
	[HTTP_ERR_INVALID] = { "invalid", "invalid request" },
	[HTTP_ERR_CANCELLED] = { "cancelled", "cancelled" },
};

/* Owned copies of (name, value) pairs: the views point into one pool. */
struct kvlist {
	struct sign_kv *v;
	size_t n;
	char *pool;
};

/* Rate-limit state of one API key: start times of its last `rate` attempts. */
struct http_api {
	struct http_api *next;
	char *name;
	uint64_t *starts;   /* ring, oldest at head */
	unsigned head;
	unsigned count;
};

enum req_state { REQ_QUEUED, REQ_RUNNING };

struct http_req {
	struct http_req *prev, *next;   /* in the client's queue or running list */
	struct http_client *c;
	uint64_t id;
	enum req_state state;
	char *method;
	char *path;
	char *url;
	struct kvlist query;
	struct kvlist headers;
	char *body;
	size_t body_len;
	struct http_api *api;
	bool idempotent;
	bool invalid;        /* refused by http_send(): reported without an attempt */
	http_done_cb cb;
	void *ud;

	unsigned attempts;
	uint64_t first_start_ms;
	uint64_t attempt_start_ms;
	uint64_t not_before_ms;

	/* The transfer on the wire, when state is REQ_RUNNING. */
	CURL *easy;
	struct curl_slist *wire_headers;
	char curl_err[CURL_ERROR_SIZE];
	bool body_overflow;
	unsigned sends;       /* copies libcurl put on the wire for this transfer */
	bool resend_refused;  /* on_prereq stopped libcurl's own re-send */
	bool fresh_connect;   /* the last attempt's reused connection died: open a new one */

	/* Outcome of the latest attempt: what the callback gets if it is final. */
	enum http_error error;
	long status;
	struct buf resp;
	char request_id[128];
	long retry_after_s;   /* -1 = no Retry-After */
	bool outcome_unknown;
	char message[384];
};

struct http_reqlist {
	struct http_req *head, *tail;
	unsigned n;
};

struct http_sock {
	uv_poll_t poll;
	struct http_client *c;
	curl_socket_t fd;
	struct http_sock *prev, *next;
};

struct http_client {
	uv_loop_t *loop;
	CURLM *multi;
	CURLSH *share;
	uv_timer_t curl_timer;
	uv_timer_t queue_timer;
	uint64_t queue_due_ms;   /* when queue_timer fires, if active */
	struct http_sock *socks;
	unsigned open_handles;   /* the client is freed when the last one has closed */
	bool refd;
	bool closing;

	char *base;              /* "scheme://authority" */
	bool tls;                /* https */
	char *authority;         /* "host[:port]", host lower-case: what is signed */
	char *ak, *sk, *security_token, *domain_id;
	char *ca_file;
	char *user_agent;
	long timeout_ms, connect_timeout_ms, low_speed_bytes, low_speed_secs;
	size_t max_body;
	unsigned max_concurrent, rate_per_sec, max_attempts, backoff_base_ms, backoff_max_ms;

	struct http_api *apis;
	struct http_reqlist queue;
	struct http_reqlist running;
	unsigned invalid_queued;
	uint64_t next_id;
	uint64_t rng;
	struct http_stats stats;
};

static void schedule(struct http_client *c);

const char *
http_error_name(enum http_error e)
{
	if ((size_t)e >= sizeof(http_errors) / sizeof(http_errors[0]))
		return "unknown";
	return http_errors[e].name;
}

/* --- small helpers -------------------------------------------------------- */

static char *
dup_or_null(const char *s)
{
	return s != NULL && *s != '\0' ? xstrdup(s) : NULL;
}

static void
kvlist_copy(struct kvlist *l, const struct http_kv *kv, size_t n)
{
	size_t i, total = 0;
	char *p;

	memset(l, 0, sizeof(*l));
	if (n == 0)
		return;
	for (i = 0; i < n; i++)
		total += strlen(kv[i].name) + strlen(kv[i].value ? kv[i].value : "") + 2;
	l->v = xcalloc(n, sizeof(*l->v));
	l->pool = p = xmalloc(total);
	l->n = n;
	for (i = 0; i < n; i++) {
		const char *val = kv[i].value ? kv[i].value : "";
		size_t nl = strlen(kv[i].name) + 1, vl = strlen(val) + 1;

		l->v[i].name = memcpy(p, kv[i].name, nl);
		p += nl;
		l->v[i].value = memcpy(p, val, vl);
		p += vl;
	}
}

static void
kvlist_free(struct kvlist *l)
{
	free(l->v);
	free(l->pool);
	memset(l, 0, sizeof(*l));
}

static void
reqlist_push(struct http_reqlist *l, struct http_req *r, bool front)
{
	r->prev = r->next = NULL;
	if (l->head == NULL) {
		l->head = l->tail = r;
	} else if (front) {
		r->next = l->head;
		l->head->prev = r;
		l->head = r;
	} else {
		r->prev = l->tail;
		l->tail->next = r;
		l->tail = r;
	}
	l->n++;
}

static void
reqlist_remove(struct http_reqlist *l, struct http_req *r)
{
	if (r->prev != NULL)
		r->prev->next = r->next;
	else
		l->head = r->next;
	if (r->next != NULL)
		r->next->prev = r->prev;
	else
		l->tail = r->prev;
	r->prev = r->next = NULL;
	l->n--;
}

static struct http_reqlist *
req_list(struct http_req *r)
{
	return r->state == REQ_RUNNING ? &r->c->running : &r->c->queue;
}

/* xorshift64*: jitter needs spread, not secrecy. */
static uint64_t
rng_next(struct http_client *c)
{
	c->rng ^= c->rng >> 12;
	c->rng ^= c->rng << 25;
	c->rng ^= c->rng >> 27;
	return c->rng * 2685821657736338717ULL;
}

/* --- loop liveness -------------------------------------------------------- */

/*
 * The client keeps the loop alive only while it has work, so a headless
 * caller's uv_run() returns once its last answer has arrived.
 */
static void
update_refs(struct http_client *c)
{
	bool want = c->queue.n + c->running.n > 0;
	struct http_sock *s;

	if (want == c->refd || c->closing)
		return;
	c->refd = want;
	if (want) {
		uv_ref((uv_handle_t *)&c->curl_timer);
		uv_ref((uv_handle_t *)&c->queue_timer);
		for (s = c->socks; s != NULL; s = s->next)
			uv_ref((uv_handle_t *)&s->poll);
	} else {
		uv_unref((uv_handle_t *)&c->curl_timer);
		uv_unref((uv_handle_t *)&c->queue_timer);
		for (s = c->socks; s != NULL; s = s->next)
			uv_unref((uv_handle_t *)&s->poll);
	}
}

/* --- per-API rate limit --------------------------------------------------- */

static struct http_api *
api_get(struct http_client *c, const char *name)
{
	struct http_api *a;

	for (a = c->apis; a != NULL; a = a->next)
		if (strcmp(a->name, name) == 0)
			return a;
	a = xcalloc(1, sizeof(*a));
	a->name = xstrdup(name);
	a->starts = xcalloc(c->rate_per_sec, sizeof(*a->starts));
	a->next = c->apis;
	c->apis = a;
	return a;
}

/* The earliest instant another attempt of this API may start. */
static uint64_t
api_next_free(const struct http_client *c, const struct http_api *a, uint64_t now)
{
	if (a->count < c->rate_per_sec)
		return now;
	return a->starts[a->head] + RATE_WINDOW_MS;
}

static void
api_record(const struct http_client *c, struct http_api *a, uint64_t now)
{
	if (a->count < c->rate_per_sec) {
		a->starts[(a->head + a->count) % c->rate_per_sec] = now;
		a->count++;
	} else {
		a->starts[a->head] = now;
		a->head = (a->head + 1) % c->rate_per_sec;
	}
}

/* --- completion ----------------------------------------------------------- */

static void
req_free(struct http_req *r)
{
	free(r->method);
	free(r->path);
	free(r->url);
	kvlist_free(&r->query);
	kvlist_free(&r->headers);
	free(r->body);
	buf_free(&r->resp);
	free(r);
}

/* The wire headers hold the security token: wiped before they are freed. */
static void
slist_free_secret(struct curl_slist *l)
{
	for (struct curl_slist *p = l; p != NULL; p = p->next)
		explicit_bzero(p->data, strlen(p->data));
	curl_slist_free_all(l);
}

/* Takes the transfer off the wire; keeps what it received. */
static void
req_detach(struct http_req *r)
{
	if (r->easy == NULL)
		return;
	if (r->c->multi != NULL)
		curl_multi_remove_handle(r->c->multi, r->easy);
	curl_easy_cleanup(r->easy);
	r->easy = NULL;
	slist_free_secret(r->wire_headers);
	r->wire_headers = NULL;
}

static void
log_outcome(const struct http_req *r, uint64_t now)
{
	if (!log_enabled())
		return;
	if (r->status != 0)
		log_debug("http #%llu < %ld in %llu ms, %zu bytes%s%s", (unsigned long long)r->id,
		    r->status, (unsigned long long)(now - r->attempt_start_ms), r->resp.len,
		    r->request_id[0] ? ", X-Request-Id " : "", r->request_id);
	if (r->error != HTTP_ERR_NONE)
		log_debug("http #%llu ! %s: %s", (unsigned long long)r->id,
		    http_error_name(r->error), r->message);
	if (r->status >= 400 && r->resp.len > 0)
		log_debug("http #%llu < body: %.*s%s", (unsigned long long)r->id,
		    (int)(r->resp.len < LOG_BODY_PREFIX ? r->resp.len : LOG_BODY_PREFIX),
		    buf_cstr(&r->resp), r->resp.len > LOG_BODY_PREFIX ? "..." : "");
}

/*
 * Unlinks r, runs its callback with the latest outcome, frees it. The
 * request is gone from every list before the callback runs, so a
 * http_cancel() of it from there finds nothing.
 */
static void
req_finish(struct http_req *r)
{
	struct http_client *c = r->c;
	struct http_response resp;

	req_detach(r);
	reqlist_remove(req_list(r), r);
	if (r->invalid)
		c->invalid_queued--;
	if (r->error != HTTP_ERR_NONE)
		c->stats.failed++;
	memset(&resp, 0, sizeof(resp));
	resp.id = r->id;
	resp.error = r->error;
	resp.message = r->error == HTTP_ERR_NONE ? "" : r->message;
	resp.status = r->status;
	resp.body = buf_cstr(&r->resp);
	resp.body_len = r->resp.len;
	resp.request_id = r->request_id;
	resp.attempts = r->attempts;
	resp.elapsed_ms = r->attempts > 0 ? time_mono_ms() - r->first_start_ms : 0;
	resp.outcome_unknown = r->outcome_unknown;
	resp.api = r->api->name;
	r->cb(&resp, r->ud);
	req_free(r);
	update_refs(c);
}

/* The message is the table's text, then ": " and the detail. */
static void
req_fail(struct http_req *r, enum http_error e, const char *fmt, ...) BSS_PRINTF(3, 4);

static void
req_fail(struct http_req *r, enum http_error e, const char *fmt, ...)
{
	va_list ap;
	int n;

	r->error = e;
	n = snprintf(r->message, sizeof(r->message), "%s: ", http_errors[e].text);
	va_start(ap, fmt);
	vsnprintf(r->message + n, sizeof(r->message) - (size_t)n, fmt, ap);
	va_end(ap);
}

/* Drops an earlier attempt's answer: a cancelled request reports no status. */
static void
req_cancelled(struct http_req *r, const char *why)
{
	r->outcome_unknown = r->state == REQ_RUNNING;
	r->status = 0;
	r->request_id[0] = '\0';
	buf_reset(&r->resp);
	req_fail(r, HTTP_ERR_CANCELLED, "%s", why);
	req_finish(r);
}

/* --- curl callbacks --------------------------------------------------------- */

static size_t
on_body(char *p, size_t size, size_t n, void *ud)
{
	struct http_req *r = ud;

	if (buf_append(&r->resp, p, size * n) != 0) {
		r->body_overflow = true;
		return 0;   /* makes curl stop with CURLE_WRITE_ERROR */
	}
	return size * n;
}

static void
copy_trimmed(char *dst, size_t dstlen, const char *s, size_t n)
{
	while (n > 0 && isspace((unsigned char)*s)) {
		s++;
		n--;
	}
	while (n > 0 && isspace((unsigned char)s[n - 1]))
		n--;
	if (n >= dstlen)
		n = dstlen - 1;
	memcpy(dst, s, n);
	dst[n] = '\0';
}

static size_t
on_header(char *p, size_t size, size_t n, void *ud)
{
	struct http_req *r = ud;
	size_t len = size * n;
	const char *colon = memchr(p, ':', len);
	char name[64], value[256];

	if (len >= 5 && memcmp(p, "HTTP/", 5) == 0) {
		/* A new response (after 100 Continue, say): forget the last one's headers. */
		r->request_id[0] = '\0';
		r->retry_after_s = -1;
		return len;
	}
	if (colon == NULL)
		return len;
	copy_trimmed(name, sizeof(name), p, (size_t)(colon - p));
	copy_trimmed(value, sizeof(value), colon + 1, len - (size_t)(colon + 1 - p));
	if (strcasecmp(name, "x-request-id") == 0) {
		copy_trimmed(r->request_id, sizeof(r->request_id), value, strlen(value));
	} else if (strcasecmp(name, "retry-after") == 0) {
		char *end;
		long v = strtol(value, &end, 10);

		/* Only delta-seconds: BSS never sends the HTTP-date form. */
		r->retry_after_s = end != value && *end == '\0' && v >= 0 ? v : -1;
	}
	if (log_enabled()) {
		char prefix[48];

		snprintf(prefix, sizeof(prefix), "http #%llu < ", (unsigned long long)r->id);
		log_header(prefix, name, value);
	}
	return len;
}

static void
sock_on_close(uv_handle_t *h)
{
	struct http_sock *s = h->data;
	struct http_client *c = s->c;

	free(s);
	if (--c->open_handles == 0 && c->closing)
		free(c);
}

static void
sock_close(struct http_sock *s)
{
	struct http_client *c = s->c;

	if (s->prev != NULL)
		s->prev->next = s->next;
	else
		c->socks = s->next;
	if (s->next != NULL)
		s->next->prev = s->prev;
	uv_close((uv_handle_t *)&s->poll, sock_on_close);
}

static void
check_multi_info(struct http_client *c);

static void
on_poll(uv_poll_t *h, int status, int events)
{
	struct http_sock *s = h->data;
	struct http_client *c = s->c;
	int flags = 0, running;

	if (status < 0)
		flags = CURL_CSELECT_ERR;
	if (events & UV_READABLE)
		flags |= CURL_CSELECT_IN;
	if (events & UV_WRITABLE)
		flags |= CURL_CSELECT_OUT;
	/* s may be closed by the socket callback from inside this call. */
	curl_multi_socket_action(c->multi, s->fd, flags, &running);
	check_multi_info(c);
}

static int
on_socket(CURL *easy, curl_socket_t fd, int what, void *userp, void *socketp)
{
	struct http_client *c = userp;
	struct http_sock *s = socketp;
	int events = 0;

	(void)easy;
	if (what == CURL_POLL_REMOVE) {
		/* Stop watching before curl closes the fd: the number will be reused. */
		if (s != NULL) {
			if (!c->closing)
				curl_multi_assign(c->multi, fd, NULL);
			sock_close(s);
		}
		return 0;
	}
	if (s == NULL) {
		s = xcalloc(1, sizeof(*s));
		if (uv_poll_init_socket(c->loop, &s->poll, fd) != 0) {
			free(s);
			return -1;
		}
		s->c = c;
		s->fd = fd;
		s->poll.data = s;
		s->next = c->socks;
		if (c->socks != NULL)
			c->socks->prev = s;
		c->socks = s;
		c->open_handles++;
		if (!c->refd)
			uv_unref((uv_handle_t *)&s->poll);
		curl_multi_assign(c->multi, fd, s);
	}
	if (what & CURL_POLL_IN)
		events |= UV_READABLE;
	if (what & CURL_POLL_OUT)
		events |= UV_WRITABLE;
	uv_poll_start(&s->poll, events, on_poll);
	return 0;
}

static void
on_curl_timeout(uv_timer_t *t)
{
	struct http_client *c = t->data;
	int running;

	curl_multi_socket_action(c->multi, CURL_SOCKET_TIMEOUT, 0, &running);
	check_multi_info(c);
}

/* Never calls curl back from here: a 0 timeout fires on the next loop turn. */
static int
on_timer(CURLM *multi, long timeout_ms, void *userp)
{
	struct http_client *c = userp;

	(void)multi;
	if (timeout_ms < 0)
		uv_timer_stop(&c->curl_timer);
	else
		uv_timer_start(&c->curl_timer, on_curl_timeout, (uint64_t)timeout_ms, 0);
	return 0;
}

/* --- attempts --------------------------------------------------------------- */

static void
classify_curl_error(struct http_req *r, CURLcode rc)
{
	struct http_client *c = r->c;
	const char *detail = r->curl_err[0] ? r->curl_err : curl_easy_strerror(rc);

	switch (rc) {
	case CURLE_COULDNT_RESOLVE_HOST:
	case CURLE_COULDNT_RESOLVE_PROXY:
		req_fail(r, HTTP_ERR_DNS, "%s: %s", c->authority, detail);
		break;
	case CURLE_COULDNT_CONNECT:
		req_fail(r, HTTP_ERR_CONNECT, "%s: %s", c->authority, detail);
		break;
	case CURLE_PEER_FAILED_VERIFICATION:
	case CURLE_SSL_CACERT_BADFILE:
	case CURLE_SSL_ISSUER_ERROR:
		req_fail(r, HTTP_ERR_TLS, "certificate verify failed for %s: %s "
		    "(if the endpoint uses a private CA, set ca_file in the profile or pass --cacert FILE)",
		    c->authority, detail);
		break;
	case CURLE_SSL_CONNECT_ERROR:
	case CURLE_SSL_CERTPROBLEM:
	case CURLE_SSL_CIPHER:
	case CURLE_SSL_ENGINE_NOTFOUND:
	case CURLE_SSL_ENGINE_SETFAILED:
	case CURLE_USE_SSL_FAILED:
		req_fail(r, HTTP_ERR_TLS, "handshake with %s: %s", c->authority, detail);
		break;
	case CURLE_OPERATION_TIMEDOUT:
		req_fail(r, HTTP_ERR_TIMEOUT, "%s: %s", c->authority, detail);
		break;
	case CURLE_WRITE_ERROR:
	case CURLE_FILESIZE_EXCEEDED:
		if (rc == CURLE_FILESIZE_EXCEEDED || r->body_overflow) {
			buf_reset(&r->resp);
			req_fail(r, HTTP_ERR_TOO_LARGE, "over %zu bytes", c->max_body);
		} else {
			req_fail(r, HTTP_ERR_PROTOCOL, "%s", detail);
		}
		break;
	case CURLE_ABORTED_BY_CALLBACK:
		if (!r->resend_refused) {
			req_fail(r, HTTP_ERR_PROTOCOL, "%s", detail);
			break;
		}
		r->fresh_connect = true;
		req_fail(r, HTTP_ERR_NETWORK, "%s: connection closed before an answer", c->authority);
		break;
	case CURLE_SEND_ERROR:
	case CURLE_RECV_ERROR:
	case CURLE_GOT_NOTHING:
	case CURLE_PARTIAL_FILE:
		req_fail(r, HTTP_ERR_NETWORK, "%s: %s", c->authority, detail);
		break;
	default:
		req_fail(r, HTTP_ERR_PROTOCOL, "%s", detail);
		break;
	}
}

static bool
retryable(const struct http_req *r)
{
	switch (r->error) {
	case HTTP_ERR_DNS:
	case HTTP_ERR_CONNECT:
	case HTTP_ERR_NETWORK:
	case HTTP_ERR_TIMEOUT:
	case HTTP_ERR_RATE_LIMITED:
		return true;
	case HTTP_ERR_STATUS:
		return r->status >= 500;
	default:
		return false;
	}
}

/* Milliseconds to wait before the next attempt: Retry-After, else full jitter. */
static uint64_t
retry_delay(struct http_req *r)
{
	struct http_client *c = r->c;
	uint64_t cap = c->backoff_base_ms;
	unsigned i;

	if (r->retry_after_s >= 0 && (r->status == 429 || r->status == 503))
		return (uint64_t)r->retry_after_s * 1000;
	for (i = 1; i < r->attempts && cap < c->backoff_max_ms; i++)
		cap *= 2;
	if (cap > c->backoff_max_ms)
		cap = c->backoff_max_ms;
	return rng_next(c) % (cap + 1);
}

/* An attempt ended (curl reported it done): retry it or finish the request. */
static void
attempt_done(struct http_req *r, CURLcode rc)
{
	struct http_client *c = r->c;
	uint64_t now = time_mono_ms(), delay;
	long sent = 0;

	r->status = 0;
	curl_easy_getinfo(r->easy, CURLINFO_RESPONSE_CODE, &r->status);
	curl_easy_getinfo(r->easy, CURLINFO_REQUEST_SIZE, &sent);
	req_detach(r);
	if (rc != CURLE_OK) {
		classify_curl_error(r, rc);
		/* A response that broke off is no answer: report the transport failure. */
		r->status = 0;
		r->outcome_unknown = sent > 0;
	} else if (r->status == 429) {
		c->stats.status_429++;
		req_fail(r, HTTP_ERR_RATE_LIMITED, "gave up after %u attempt%s",
		    r->attempts, r->attempts == 1 ? "" : "s");
	} else if (r->status < 200 || r->status > 299) {
		req_fail(r, HTTP_ERR_STATUS, "HTTP %ld", r->status);
	} else {
		r->error = HTTP_ERR_NONE;
		r->message[0] = '\0';
	}
	log_outcome(r, now);
	if (r->idempotent && !c->closing && r->attempts < c->max_attempts && retryable(r)) {
		delay = retry_delay(r);
		if (now + delay < r->first_start_ms + (uint64_t)c->timeout_ms) {
			log_debug("http #%llu retry in %llu ms", (unsigned long long)r->id,
			    (unsigned long long)delay);
			reqlist_remove(&c->running, r);
			r->state = REQ_QUEUED;
			r->not_before_ms = now + delay;
			/* Retries go first: they are the oldest work. */
			reqlist_push(&c->queue, r, true);
			return;
		}
	}
	req_finish(r);
}

static void
check_multi_info(struct http_client *c)
{
	CURLMsg *msg;
	int left;
	bool done = false;

	while (c->multi != NULL && (msg = curl_multi_info_read(c->multi, &left)) != NULL) {
		char *priv = NULL;

		if (msg->msg != CURLMSG_DONE)
			continue;
		curl_easy_getinfo(msg->easy_handle, CURLINFO_PRIVATE, &priv);
		attempt_done((struct http_req *)priv, msg->data.result);
		done = true;
	}
	/* A finished transfer frees a slot under the cap. */
	if (done)
		schedule(c);
}

static void
log_request(const struct http_req *r, const struct sign_output *so)
{
	char prefix[48];
	size_t i;

	if (!log_enabled())
		return;
	log_debug("http #%llu attempt %u: %s %s (api %s)", (unsigned long long)r->id, r->attempts,
	    r->method, r->url, r->api->name);
	snprintf(prefix, sizeof(prefix), "http #%llu > ", (unsigned long long)r->id);
	for (i = 0; i < so->nheaders; i++)
		log_header(prefix, so->headers[i].name, so->headers[i].value);
	if (r->body_len > 0)
		log_debug("http #%llu > body %zu bytes", (unsigned long long)r->id, r->body_len);
}

/* One more attempt goes on the wire now: it counts against the retries and the API's rate. */
static void
count_attempt(struct http_req *r, uint64_t now)
{
	struct http_client *c = r->c;

	api_record(c, r->api, now);
	r->attempts++;
	r->attempt_start_ms = now;
	c->stats.attempts++;
	if (r->attempts > 1)
		c->stats.retries++;
}

/*
 * libcurl calls this each time it is about to put the request on the wire,
 * again too when it re-sends by itself because the reused connection the
 * request went out on died before any answer. Under connection faults those
 * re-sends (up to five per transfer) multiplied every attempt of ours, past
 * the retry bound and the server's rate limit. So a re-send is one more
 * attempt, allowed only within the bound and the API's rate, and never for a
 * call that moves money; refused, the transfer ends and the retry loop takes
 * over with its backoff, on a new connection.
 */
static int
on_prereq(void *ud, char *primary_ip, char *local_ip, int primary_port, int local_port)
{
	struct http_req *r = ud;
	struct http_client *c = r->c;
	uint64_t now = time_mono_ms();

	(void)primary_ip;
	(void)local_ip;
	(void)primary_port;
	(void)local_port;
	if (r->sends++ == 0)
		return CURL_PREREQFUNC_OK;
	if (!r->idempotent || r->attempts >= c->max_attempts ||
	    api_next_free(c, r->api, now) > now) {
		r->resend_refused = true;
		return CURL_PREREQFUNC_ABORT;
	}
	count_attempt(r, now);
	log_debug("http #%llu attempt %u: the reused connection died, sent again on a new one",
	    (unsigned long long)r->id, r->attempts);
	return CURL_PREREQFUNC_OK;
}

/* Builds the headers for the wire from a fresh signature. */
static int
sign_attempt(struct http_req *r, struct curl_slist **out)
{
	struct http_client *c = r->c;
	struct sign_input in;
	struct sign_output so;
	struct sign_kv *hdrs;
	struct curl_slist *list = NULL;
	char err[256];
	size_t i;
	int rc;

	hdrs = xcalloc(r->headers.n + 1, sizeof(*hdrs));
	/* As the official clients do, on every call, GET included. */
	hdrs[0].name = "Content-Type";
	hdrs[0].value = "application/json";
	for (i = 0; i < r->headers.n; i++)
		hdrs[i + 1] = r->headers.v[i];
	memset(&in, 0, sizeof(in));
	in.method = r->method;
	in.host = c->authority;
	in.path = r->path;
	in.query = r->query.v;
	in.nquery = r->query.n;
	in.headers = hdrs;
	in.nheaders = r->headers.n + 1;
	in.body = r->body;
	in.body_len = r->body_len;
	in.ak = c->ak;
	in.sk = c->sk;
	in.security_token = c->security_token;
	in.domain_id = c->domain_id;
	memset(&so, 0, sizeof(so));
	rc = sign_request(&in, &so, err, sizeof(err));
	free(hdrs);
	if (rc != 0) {
		req_fail(r, HTTP_ERR_INVALID, "cannot sign it: %s", err);
		sign_output_free(&so);
		return -1;
	}
	log_request(r, &so);
	for (i = 0; i < so.nheaders; i++) {
		char *line = xasprintf("%s: %s", so.headers[i].name, so.headers[i].value);

		list = curl_slist_append(list, line);
		xfree_secret(line);
		if (list == NULL)
			die("out of memory");
	}
	/* No 100-continue round trip: BSS bodies are small and the gateway answers at once. */
	list = curl_slist_append(list, "Expect:");
	if (list == NULL)
		die("out of memory");
	sign_output_free(&so);
	*out = list;
	return 0;
}

static CURLcode
setup_easy(struct http_req *r, long budget_ms)
{
	struct http_client *c = r->c;
	CURL *e = r->easy;
	CURLcode rc = CURLE_OK;

#define SETOPT(opt, val) \
	do { \
		if (rc == CURLE_OK) \
			rc = curl_easy_setopt(e, opt, val); \
	} while (0)
	SETOPT(CURLOPT_URL, r->url);
	SETOPT(CURLOPT_PROTOCOLS_STR, "http,https");
	SETOPT(CURLOPT_PRIVATE, (char *)r);
	SETOPT(CURLOPT_HTTPHEADER, r->wire_headers);
	SETOPT(CURLOPT_WRITEFUNCTION, on_body);
	SETOPT(CURLOPT_WRITEDATA, r);
	SETOPT(CURLOPT_HEADERFUNCTION, on_header);
	SETOPT(CURLOPT_HEADERDATA, r);
	SETOPT(CURLOPT_ERRORBUFFER, r->curl_err);
	SETOPT(CURLOPT_NOSIGNAL, 1L);
	SETOPT(CURLOPT_TIMEOUT_MS, budget_ms);
	SETOPT(CURLOPT_CONNECTTIMEOUT_MS,
	    c->connect_timeout_ms < budget_ms ? c->connect_timeout_ms : budget_ms);
	SETOPT(CURLOPT_LOW_SPEED_LIMIT, c->low_speed_bytes);
	SETOPT(CURLOPT_LOW_SPEED_TIME, c->low_speed_secs);
	SETOPT(CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)c->max_body);
	SETOPT(CURLOPT_HTTP_VERSION, (long)CURL_HTTP_VERSION_2TLS);
	/*
	 * Over TLS, wait for a multiplexed HTTP/2 connection rather than open
	 * another. Cleartext is HTTP/1.1 here, and waiting would only queue each
	 * request behind the first one's answer.
	 */
	SETOPT(CURLOPT_PIPEWAIT, c->tls ? 1L : 0L);
	SETOPT(CURLOPT_ACCEPT_ENCODING, "");
	SETOPT(CURLOPT_SSL_VERIFYPEER, 1L);
	SETOPT(CURLOPT_SSL_VERIFYHOST, 2L);
	if (c->ca_file != NULL)
		SETOPT(CURLOPT_CAINFO, c->ca_file);
	SETOPT(CURLOPT_USERAGENT, c->user_agent);
	SETOPT(CURLOPT_SHARE, c->share);
	SETOPT(CURLOPT_PREREQFUNCTION, on_prereq);
	SETOPT(CURLOPT_PREREQDATA, r);
	/*
	 * libcurl by itself sends a request again when the reused connection
	 * it went out on dies before any answer; the server may have acted on
	 * the first copy (the answer alone was lost), so a payment would go
	 * twice. A fresh connection is never retried that way.
	 */
	if (!r->idempotent || r->fresh_connect)
		SETOPT(CURLOPT_FRESH_CONNECT, 1L);
	if (strcmp(r->method, "GET") == 0) {
		SETOPT(CURLOPT_HTTPGET, 1L);
	} else {
		if (strcmp(r->method, "POST") != 0)
			SETOPT(CURLOPT_CUSTOMREQUEST, r->method);
		if (strcmp(r->method, "POST") == 0 || r->body_len > 0) {
			SETOPT(CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)r->body_len);
			SETOPT(CURLOPT_POSTFIELDS, r->body != NULL ? r->body : "");
		}
	}
#undef SETOPT
	return rc;
}

/*
 * Puts r on the wire and returns true; or finishes r (its callback has run,
 * r is freed) and returns false.
 */
static bool
start_attempt(struct http_req *r, uint64_t now)
{
	struct http_client *c = r->c;
	long budget;
	CURLcode crc;

	if (r->attempts == 0)
		r->first_start_ms = now;
	budget = (long)(r->first_start_ms + (uint64_t)c->timeout_ms - now);
	if (r->attempts > 0 && budget <= 0) {
		/* Queued behind the cap or the rate limit past the budget: keep the last answer. */
		req_finish(r);
		return false;
	}
	count_attempt(r, now);
	r->status = 0;
	r->request_id[0] = '\0';
	r->retry_after_s = -1;
	r->curl_err[0] = '\0';
	r->body_overflow = false;
	r->sends = 0;
	r->resend_refused = false;
	r->outcome_unknown = false;
	buf_reset(&r->resp);
	if (sign_attempt(r, &r->wire_headers) != 0) {
		req_finish(r);
		return false;
	}
	r->easy = curl_easy_init();
	if (r->easy == NULL)
		die("out of memory");
	crc = setup_easy(r, budget);
	if (crc != CURLE_OK) {
		req_fail(r, HTTP_ERR_PROTOCOL, "cannot set up the transfer: %s", curl_easy_strerror(crc));
		req_finish(r);
		return false;
	}
	reqlist_remove(&c->queue, r);
	r->state = REQ_RUNNING;
	reqlist_push(&c->running, r, false);
	if (curl_multi_add_handle(c->multi, r->easy) != CURLM_OK) {
		req_fail(r, HTTP_ERR_PROTOCOL, "%s", "cannot start the transfer");
		req_finish(r);
		return false;
	}
	return true;
}

/* --- the queue -------------------------------------------------------------- */

static void
on_queue_timer(uv_timer_t *t)
{
	schedule(t->data);
}

static void
arm_queue_timer(struct http_client *c, uint64_t due, uint64_t now)
{
	if (uv_is_active((uv_handle_t *)&c->queue_timer) && c->queue_due_ms <= due)
		return;
	c->queue_due_ms = due;
	uv_timer_start(&c->queue_timer, on_queue_timer, due > now ? due - now : 0, 0);
}

/*
 * Starts every queued request that the cap, its backoff and its API's rate
 * allow, oldest first; a request held by its API's rate does not hold back
 * the others. Then sleeps on one timer until the next one could start.
 */
static void
schedule(struct http_client *c)
{
	struct http_req *r, *next;
	uint64_t now, wake;

	if (c->closing)
		return;
again:
	now = time_mono_ms();
	wake = UINT64_MAX;
	for (r = c->queue.head; r != NULL; r = next) {
		uint64_t free_at;

		next = r->next;
		if (r->invalid) {
			req_finish(r);
			goto again;   /* the callback may have changed the queue */
		}
		if (c->running.n >= c->max_concurrent) {
			if (c->invalid_queued == 0)
				break;
			continue;
		}
		if (r->not_before_ms > now) {
			if (r->not_before_ms < wake)
				wake = r->not_before_ms;
			continue;
		}
		free_at = api_next_free(c, r->api, now);
		if (free_at > now) {
			if (free_at < wake)
				wake = free_at;
			continue;
		}
		if (!start_attempt(r, now))
			goto again;   /* r finished: its callback may have changed the queue */
	}
	if (wake != UINT64_MAX)
		arm_queue_timer(c, wake, now);
}

/* --- public API ------------------------------------------------------------- */

static bool
valid_method(const char *m)
{
	static const char *const methods[] = { "GET", "POST", "PUT", "DELETE", "PATCH" };
	size_t i;

	for (i = 0; m != NULL && i < sizeof(methods) / sizeof(methods[0]); i++)
		if (strcmp(m, methods[i]) == 0)
			return true;
	return false;
}

/* Headers the client owns: a caller's copy would be signed or sent twice. */
static bool
reserved_header(const char *name)
{
	static const char *const reserved[] = { "host", "content-type", "content-length",
		"authorization", "x-sdk-date", "x-security-token", "x-domain-id", "expect" };
	size_t i;

	for (i = 0; i < sizeof(reserved) / sizeof(reserved[0]); i++)
		if (strcasecmp(name, reserved[i]) == 0)
			return true;
	return false;
}

static const char *
invalid_request(const struct http_request *req)
{
	size_t i;

	if (!valid_method(req->method))
		return "unsupported HTTP method";
	if (req->path == NULL || req->path[0] != '/')
		return "the path must start with '/'";
	if (req->api == NULL || req->api[0] == '\0')
		return "no api key for the rate limiter";
	if (req->nquery > 0 && req->query == NULL)
		return "query pairs missing";
	for (i = 0; i < req->nquery; i++)
		if (req->query[i].name == NULL || req->query[i].name[0] == '\0')
			return "a query parameter has no name";
	if (req->nheaders > 0 && req->headers == NULL)
		return "headers missing";
	for (i = 0; i < req->nheaders; i++) {
		const char *n = req->headers[i].name, *v = req->headers[i].value;

		if (n == NULL || n[0] == '\0' || strpbrk(n, " \t\r\n:") != NULL)
			return "bad header name";
		if (reserved_header(n))
			return "a header the client sets itself was given";
		if (v == NULL || strpbrk(v, "\r\n") != NULL)
			return "bad header value";
	}
	if (req->body_len > 0 && req->body == NULL)
		return "body missing";
	return NULL;
}

/* endpoint + each path segment encoded + the query encoded, in caller order. */
static char *
build_url(const struct http_client *c, const char *path, const struct kvlist *q)
{
	struct buf b = BUF_INIT(0);
	const char *seg = path + 1, *slash;
	size_t i;

	buf_puts(&b, c->base);
	for (;;) {
		char *enc;

		slash = strchr(seg, '/');
		enc = sign_encode(seg, slash ? (size_t)(slash - seg) : strlen(seg));
		buf_putc(&b, '/');
		buf_puts(&b, enc);
		free(enc);
		if (slash == NULL)
			break;
		seg = slash + 1;
	}
	for (i = 0; i < q->n; i++) {
		char *n = sign_encode(q->v[i].name, strlen(q->v[i].name));
		char *v = sign_encode(q->v[i].value, strlen(q->v[i].value));

		buf_printf(&b, "%c%s=%s", i == 0 ? '?' : '&', n, v);
		free(n);
		free(v);
	}
	return buf_steal(&b, NULL);
}

uint64_t
http_send(struct http_client *c, const struct http_request *req, http_done_cb cb, void *ud)
{
	struct http_req *r = xcalloc(1, sizeof(*r));
	const char *bad = invalid_request(req);

	r->c = c;
	r->id = ++c->next_id;
	r->cb = cb;
	r->ud = ud;
	r->state = REQ_QUEUED;
	r->retry_after_s = -1;
	buf_init(&r->resp, c->max_body);
	r->api = api_get(c, req->api != NULL && req->api[0] ? req->api : "(none)");
	r->method = xstrdup(valid_method(req->method) ? req->method : "GET");
	r->path = xstrdup(req->path != NULL && req->path[0] == '/' ? req->path : "/");
	r->idempotent = req->idempotent;
	c->stats.requests++;
	if (bad != NULL) {
		/* Reported from the loop like every other outcome. */
		req_fail(r, HTTP_ERR_INVALID, "%s", bad);
		r->invalid = true;
		c->invalid_queued++;
	} else {
		kvlist_copy(&r->query, req->query, req->nquery);
		kvlist_copy(&r->headers, req->headers, req->nheaders);
		if (req->body_len > 0) {
			r->body = xmalloc(req->body_len);
			memcpy(r->body, req->body, req->body_len);
			r->body_len = req->body_len;
		}
		r->url = build_url(c, r->path, &r->query);
	}
	reqlist_push(&c->queue, r, false);
	update_refs(c);
	/* Started from the loop, so a callback never runs inside http_send(). */
	if (!c->closing)
		arm_queue_timer(c, 0, 0);
	return r->id;
}

static struct http_req *
find_req(const struct http_client *c, uint64_t id)
{
	struct http_req *r;

	for (r = c->running.head; r != NULL; r = r->next)
		if (r->id == id)
			return r;
	for (r = c->queue.head; r != NULL; r = r->next)
		if (r->id == id)
			return r;
	return NULL;
}

int
http_cancel(struct http_client *c, uint64_t id)
{
	struct http_req *r = find_req(c, id);

	if (r == NULL)
		return -1;
	log_debug("http #%llu cancelled", (unsigned long long)id);
	req_cancelled(r, "by the caller");
	schedule(c);
	return 0;
}

unsigned
http_pending(const struct http_client *c)
{
	return c->queue.n + c->running.n;
}

void
http_get_stats(const struct http_client *c, struct http_stats *out)
{
	*out = c->stats;
	out->queued = c->queue.n;
	out->running = c->running.n;
}

/* --- creation and shutdown ------------------------------------------------ */

/* Splits "scheme://authority[/]" into the base URL and the signed authority. */
static int
parse_endpoint(struct http_client *c, const char *ep, char *err, size_t errlen)
{
	const char *sep = ep != NULL ? strstr(ep, "://") : NULL;
	const char *auth;
	size_t alen, i;

	if (sep == NULL) {
		snprintf(err, errlen, "endpoint must look like https://host[:port]");
		return -1;
	}
	if (!((size_t)(sep - ep) == 5 && strncasecmp(ep, "https", 5) == 0) &&
	    !((size_t)(sep - ep) == 4 && strncasecmp(ep, "http", 4) == 0)) {
		snprintf(err, errlen, "endpoint scheme must be https or http: %s", ep);
		return -1;
	}
	c->tls = (size_t)(sep - ep) == 5;
	auth = sep + 3;
	alen = strlen(auth);
	if (alen > 0 && auth[alen - 1] == '/')
		alen--;
	if (alen == 0 || strcspn(auth, "/?#@ \t") < alen) {
		snprintf(err, errlen, "endpoint must be scheme://host[:port] without a path: %s", ep);
		return -1;
	}
	c->authority = xstrndup(auth, alen);
	for (i = 0; i < alen; i++)
		c->authority[i] = (char)tolower((unsigned char)c->authority[i]);
	c->base = xasprintf("%.*s://%s", (int)(sep - ep), ep, c->authority);
	for (i = 0; c->base[i] != ':'; i++)
		c->base[i] = (char)tolower((unsigned char)c->base[i]);
	return 0;
}

static void
client_free_config(struct http_client *c)
{
	struct http_api *a, *an;

	free(c->base);
	free(c->authority);
	free(c->ak);
	xfree_secret(c->sk);
	xfree_secret(c->security_token);
	free(c->domain_id);
	free(c->ca_file);
	free(c->user_agent);
	for (a = c->apis; a != NULL; a = an) {
		an = a->next;
		free(a->name);
		free(a->starts);
		free(a);
	}
	c->apis = NULL;
	c->sk = c->security_token = NULL;
}

struct http_client *
http_client_new(uv_loop_t *loop, const struct http_config *cfg, char *err, size_t errlen)
{
	const curl_version_info_data *vi = curl_version_info(CURLVERSION_NOW);
	struct http_client *c;

	if (!(vi->features & CURL_VERSION_ASYNCHDNS)) {
		snprintf(err, errlen, "libcurl %s was built without asynchronous DNS; "
		    "install a libcurl with the threaded resolver or c-ares", vi->version);
		return NULL;
	}
	if (cfg->ak == NULL || cfg->ak[0] == '\0' || cfg->sk == NULL || cfg->sk[0] == '\0') {
		snprintf(err, errlen, "no access key: set ak and sk in the profile "
		    "or HUAWEICLOUD_SDK_AK and HUAWEICLOUD_SDK_SK");
		return NULL;
	}
	if (cfg->ca_file != NULL && cfg->ca_file[0] != '\0' && access(cfg->ca_file, R_OK) != 0) {
		snprintf(err, errlen, "cannot read the CA file %s", cfg->ca_file);
		return NULL;
	}
	c = xcalloc(1, sizeof(*c));
	if (parse_endpoint(c, cfg->endpoint, err, errlen) != 0) {
		client_free_config(c);
		free(c);
		return NULL;
	}
	c->loop = loop;
	c->ak = xstrdup(cfg->ak);
	c->sk = xstrdup(cfg->sk);
	c->security_token = dup_or_null(cfg->security_token);
	c->domain_id = dup_or_null(cfg->domain_id);
	c->ca_file = dup_or_null(cfg->ca_file);
	c->user_agent = xstrdup(cfg->user_agent != NULL ? cfg->user_agent : "bssdash/" BSSDASH_VERSION);
	c->timeout_ms = cfg->timeout_ms > 0 ? cfg->timeout_ms : DEFAULT_TIMEOUT_MS;
	c->connect_timeout_ms = cfg->connect_timeout_ms > 0 ? cfg->connect_timeout_ms :
	    DEFAULT_CONNECT_TIMEOUT_MS;
	c->low_speed_bytes = cfg->low_speed_bytes > 0 ? cfg->low_speed_bytes : DEFAULT_LOW_SPEED_BYTES;
	c->low_speed_secs = cfg->low_speed_secs > 0 ? cfg->low_speed_secs : DEFAULT_LOW_SPEED_SECS;
	c->max_body = cfg->max_body > 0 ? cfg->max_body : DEFAULT_MAX_BODY;
	c->max_concurrent = cfg->max_concurrent > 0 ? cfg->max_concurrent : DEFAULT_MAX_CONCURRENT;
	c->rate_per_sec = cfg->rate_per_sec > 0 ? cfg->rate_per_sec : DEFAULT_RATE_PER_SEC;
	c->max_attempts = cfg->max_attempts > 0 ? cfg->max_attempts : DEFAULT_MAX_ATTEMPTS;
	c->backoff_base_ms = cfg->backoff_base_ms > 0 ? cfg->backoff_base_ms : DEFAULT_BACKOFF_BASE_MS;
	c->backoff_max_ms = cfg->backoff_max_ms > 0 ? cfg->backoff_max_ms : DEFAULT_BACKOFF_MAX_MS;
	c->rng = uv_hrtime() ^ (uint64_t)(uintptr_t)c ^ 0x9e3779b97f4a7c15ULL;

	c->multi = curl_multi_init();
	c->share = curl_share_init();
	if (c->multi == NULL || c->share == NULL)
		die("out of memory");
	/* One loop thread: the share needs no locks. */
	curl_share_setopt(c->share, CURLSHOPT_SHARE, CURL_LOCK_DATA_DNS);
	curl_share_setopt(c->share, CURLSHOPT_SHARE, CURL_LOCK_DATA_SSL_SESSION);
	curl_multi_setopt(c->multi, CURLMOPT_SOCKETFUNCTION, on_socket);
	curl_multi_setopt(c->multi, CURLMOPT_SOCKETDATA, c);
	curl_multi_setopt(c->multi, CURLMOPT_TIMERFUNCTION, on_timer);
	curl_multi_setopt(c->multi, CURLMOPT_TIMERDATA, c);
	curl_multi_setopt(c->multi, CURLMOPT_MAXCONNECTS, (long)c->max_concurrent);

	uv_timer_init(loop, &c->curl_timer);
	uv_timer_init(loop, &c->queue_timer);
	c->curl_timer.data = c;
	c->queue_timer.data = c;
	c->open_handles = 2;
	uv_unref((uv_handle_t *)&c->curl_timer);
	uv_unref((uv_handle_t *)&c->queue_timer);
	return c;
}

static void
timer_on_close(uv_handle_t *h)
{
	struct http_client *c = h->data;

	if (--c->open_handles == 0)
		free(c);
}

void
http_client_free(struct http_client *c)
{
	struct http_req *r;
	struct http_sock *s;

	if (c == NULL)
		return;
	/* Refs stay as they are from here: the closing handles need no loop liveness. */
	c->closing = true;
	/* 1. Every request ends, with a callback; ones sent from those callbacks too. */
	while ((r = c->running.head != NULL ? c->running.head : c->queue.head) != NULL)
		req_cancelled(r, "the client is shutting down");
	/* 2. curl closes its cached connections while our handles can still hear of it. */
	for (s = c->socks; s != NULL; s = s->next)
		uv_poll_stop(&s->poll);
	curl_multi_cleanup(c->multi);
	c->multi = NULL;
	curl_share_cleanup(c->share);
	c->share = NULL;
	client_free_config(c);
	/* 3. The handles; the last close callback frees c. */
	while (c->socks != NULL)
		sock_close(c->socks);
	uv_close((uv_handle_t *)&c->curl_timer, timer_on_close);
	uv_close((uv_handle_t *)&c->queue_timer, timer_on_close);
}
