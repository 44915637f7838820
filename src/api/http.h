/*
 * http: signed BSS requests on libcurl's multi-socket API, driven by the uv loop.
 *
 * One client per endpoint and credential set. Every request goes through a
 * queue that enforces a global concurrency cap and a per-API rate limit
 * (bss-api.md §2.4: 10 requests per second per API), is signed with
 * sign_request() on every attempt, and ends in exactly one call of its
 * completion callback on the loop thread: on success, on failure, on
 * http_cancel() and on http_client_free().
 *
 * Retries (exponential backoff, full jitter) happen only for requests marked
 * idempotent (GET and the read-only POST .../query calls), on connection
 * errors, timeouts, 5xx and 429 (Retry-After in seconds honoured on 429 and
 * 503), within the request's timeout_ms budget. max_attempts bounds the copies
 * of one request on the wire in total, libcurl's own re-sends on a reused
 * connection that died included, and each copy waits for its API's rate. A
 * mutating request is sent at most once: its callback gets the failure and the
 * caller re-reads the state.
 *
 * TLS certificates are always verified; there is deliberately no switch to
 * turn that off. Proxies come from the usual environment variables
 * (https_proxy, no_proxy, ...) as libcurl reads them.
 *
 * With util/log.h enabled (--log FILE) every attempt is logged: request line,
 * headers (Authorization and X-Security-Token redacted), status, timing, body
 * size and the start of error bodies. The SK is never logged.
 *
 * Not thread-safe: every function must be called on the loop's thread.
 */
#ifndef BSS_API_HTTP_H
#define BSS_API_HTTP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <uv.h>

struct http_client;

/*
 * Client settings. Strings are copied by http_client_new(); the credential
 * copies are wiped when the client is freed. A zero numeric field takes the
 * default named in its comment.
 */
struct http_config {
	const char *endpoint;          /* "https://host[:port]", no path (required) */
	const char *ak;                /* required */
	const char *sk;                /* required */
	const char *security_token;    /* NULL or "" = none (temporary credentials) */
	const char *domain_id;         /* NULL or "" = none; sent as X-Domain-Id */
	const char *ca_file;           /* NULL = system CA store; PEM file for a private CA */
	const char *user_agent;        /* NULL = "bssdash/<version>" */
	/*
	 * Budget of one request from its first attempt to its callback, retries
	 * and backoff included; time spent waiting in the queue (concurrency cap,
	 * rate limit) does not count. Default 30000.
	 */
	long timeout_ms;
	long connect_timeout_ms;       /* per connection attempt; default 10000 */
	/* A body that delivers fewer than low_speed_bytes per second for
	 * low_speed_secs seconds is abandoned as a timeout. Defaults 1 and 15. */
	long low_speed_bytes;
	long low_speed_secs;
	size_t max_body;               /* larger responses fail HTTP_ERR_TOO_LARGE; default 8 MiB */
	unsigned max_concurrent;       /* requests on the wire at once; default 8 */
	unsigned rate_per_sec;         /* attempts started per API key per second; default 10 */
	unsigned max_attempts;         /* for idempotent requests; default 3 (1 = no retry) */
	unsigned backoff_base_ms;      /* first retry waits up to this; doubles; default 200 */
	unsigned backoff_max_ms;       /* cap on one backoff (not on Retry-After); default 5000 */
};

/* A decoded (name, value) pair: query parameters and extra headers. */
struct http_kv {
	const char *name;
	const char *value;
};

/*
 * One request. Everything is copied by http_send(); the caller's memory may
 * be reused as soon as it returns.
 */
struct http_request {
	const char *method;            /* "GET", "POST", "PUT", "DELETE" */
	/* Decoded text starting with '/', e.g. "/v2/orders/customer-orders/details/订单";
	 * each segment is percent-encoded for the wire as signing.md says. */
	const char *path;
	const struct http_kv *query;   /* decoded pairs, sent in this order; names may repeat */
	size_t nquery;
	/* Extra headers (e.g. X-Language). Content-Type: application/json, Host,
	 * X-Sdk-Date, Authorization, X-Security-Token and X-Domain-Id are set by
	 * the client and must not be given here. Values must not contain CR or LF. */
	const struct http_kv *headers;
	size_t nheaders;
	const void *body;              /* exact JSON bytes; NULL with body_len 0 = none */
	size_t body_len;
	/* Rate-limit key: the operation name as in bss-api.md ("ListCustomerOrders").
	 * Required: paths with ids in them are one API to the gateway. */
	const char *api;
	bool idempotent;               /* true only for reads: enables retries */
};

/* Why a request did not succeed. The table in http.c carries the default text. */
enum http_error {
	HTTP_ERR_NONE = 0,      /* a 2xx response arrived in full */
	HTTP_ERR_STATUS,        /* a non-2xx response other than 429 arrived: see status, body */
	HTTP_ERR_RATE_LIMITED,  /* 429 (after the retries an idempotent request is allowed) */
	HTTP_ERR_DNS,           /* host name could not be resolved */
	HTTP_ERR_CONNECT,       /* no connection could be made; nothing was sent */
	HTTP_ERR_TLS,           /* handshake or certificate verification failed */
	HTTP_ERR_TIMEOUT,       /* timeout_ms budget spent, or the body stalled */
	HTTP_ERR_NETWORK,       /* the connection broke mid-exchange (reset, closed, empty reply) */
	HTTP_ERR_TOO_LARGE,     /* the body passed max_body; the data was dropped */
	HTTP_ERR_PROTOCOL,      /* malformed HTTP, or another transport failure */
	HTTP_ERR_INVALID,       /* the request could not be built (bad method, path, header) */
	HTTP_ERR_CANCELLED,     /* http_cancel() or http_client_free() */
};

/*
 * What a completion callback sees. Every pointer in it is owned by the client
 * and valid only during the callback: copy what you keep.
 */
struct http_response {
	uint64_t id;                   /* as returned by http_send() */
	enum http_error error;
	/* Human text, one line, never containing credentials: "" on success;
	 * e.g. "TLS certificate verify failed for bss.example.com: ... (set ca_file
	 * or --cacert if the endpoint uses a private CA)". */
	const char *message;
	long status;                   /* final HTTP status; 0 when no response arrived */
	const char *body;              /* NUL-terminated, never NULL ("" when none) */
	size_t body_len;               /* without the NUL */
	const char *request_id;        /* X-Request-Id of the final response, "" when none */
	unsigned attempts;             /* attempts started; 0 when never sent */
	uint64_t elapsed_ms;           /* from the first attempt to completion */
	/* The request may have been acted on although no complete response says
	 * so (timeout, broken connection, cancelled on the wire). For a mutating
	 * call: re-read the state, never re-send blindly. */
	bool outcome_unknown;
	const char *api;               /* the request's api key */
};

/*
 * Called exactly once per request, on the loop thread, never from inside
 * http_send(). It may call http_send() and http_cancel(); it must not call
 * http_client_free().
 */
typedef void (*http_done_cb)(const struct http_response *resp, void *ud);

struct http_stats {
	uint64_t requests;             /* http_send() calls */
	uint64_t attempts;             /* attempts put on the wire */
	uint64_t retries;              /* attempts after the first */
	uint64_t status_429;           /* 429 responses received */
	uint64_t failed;               /* completions with error != HTTP_ERR_NONE */
	unsigned queued;               /* waiting: cap, rate limit or backoff */
	unsigned running;              /* on the wire now */
};

/*
 * Creates a client on loop. Returns NULL with a one-line message in err on a
 * bad config (missing endpoint/ak/sk, endpoint not scheme://host[:port],
 * unreadable ca_file) or when libcurl lacks asynchronous DNS (a blocking
 * resolver would freeze the whole UI). curl_global_init() is the caller's
 * job, once, before any client is made.
 *
 * The client's handles keep the loop alive only while requests are pending.
 */
struct http_client *http_client_new(uv_loop_t *loop, const struct http_config *cfg,
    char *err, size_t errlen);

/*
 * Shuts down in DESIGN.md's order: every pending request's callback runs with
 * HTTP_ERR_CANCELLED (requests sent from those callbacks are cancelled too),
 * transfers are removed, curl_multi_cleanup() runs, then the uv handles are
 * closed. The remaining memory is released by the close callbacks, so the
 * caller must run the loop (uv_run) after this returns and before
 * uv_loop_close(). NULL is fine. Must not be called from an http callback.
 */
void http_client_free(struct http_client *c);

/*
 * Queues a request; returns its id (never 0). The callback always comes later
 * from the loop, even for an invalid request (HTTP_ERR_INVALID).
 */
uint64_t http_send(struct http_client *c, const struct http_request *req,
    http_done_cb cb, void *ud);

/*
 * Cancels a pending request: its callback runs with HTTP_ERR_CANCELLED before
 * this returns (outcome_unknown set if an attempt was on the wire). Returns 0,
 * or -1 when the id is unknown or already completed (the callback has run or
 * is running).
 */
int http_cancel(struct http_client *c, uint64_t id);

/* Requests queued or on the wire: the status bar's "in flight" figure. */
unsigned http_pending(const struct http_client *c);
void http_get_stats(const struct http_client *c, struct http_stats *out);

/* "timeout", "tls", ...: a short stable name for logs and tests. */
const char *http_error_name(enum http_error e);

#endif
