#include "sim/server.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netdb.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>

#include <cjson/cJSON.h>
#include <microhttpd.h>

#include "api/sign.h"
#include "sim/admin.h"
#include "sim/faults.h"
#include "sim/ratelimit.h"
#include "util/buf.h"
#include "util/log.h"
#include "util/timeutil.h"
#include "util/xalloc.h"

#define JSON_TYPE "application/json;charset=UTF-8"
#define REQUEST_ID_LEN 32
#define MAX_HEADERS 100
#define MAX_QUERY 200
#define CONNECTION_LIMIT 1000
#define IDLE_TIMEOUT_S 60
#define HUGE_BODY_BYTES (200ull * 1024 * 1024)
#define SLOW_PIECES 10
#define SLOW_PIECE_MS 200
#define HANG_POLL_MS 100

enum stat_id {
	STAT_REQUESTS,       /* BSS requests (admin ones are not counted) */
	STAT_NOT_FOUND,
	STAT_TOO_LARGE,
	STAT_AUTH_FAILURES,
	STAT_THROTTLED,      /* every 429: rate limit and throttle faults */
	STAT_RATE_LIMITED,   /* the 429s of the rate limit alone */
	STAT_N
};

static const char *const stat_names[STAT_N] = {
	"requests", "not_found", "too_large", "auth_failures", "throttled", "rate_limited",
};

struct sim_server {
	struct MHD_Daemon *daemon;
	char *url;
	unsigned short port;
	char *admin_token;
	char *tls_cert;
	char *tls_key;
	struct auth *auth;
	struct faults *faults;
	struct ratelimit *ratelimit;
	uint64_t id_seed;
	atomic_uint_fast64_t id_counter;
	atomic_llong clock_offset;

	pthread_mutex_t state_lock;  /* held around every handler and state read */
	struct sim_state *state;

	/* Delays and hangs wait on stop_cond so that stopping releases them at once. */
	pthread_mutex_t stop_lock;
	pthread_cond_t stop_cond;
	atomic_bool stopping;

	atomic_ulong stats[STAT_N];
	atomic_ulong fault_stats[FAULT_NKINDS];
};

/* One HTTP request, from the URI log callback to the completion callback. */
struct exchange {
	char *uri;           /* as received: path and query still encoded */
	bool started;
	bool too_large;
	struct buf body;
};

/* Everything about the request the handlers and the checks look at. */
struct parsed {
	const char *method;
	char *raw_path;      /* heap: the encoded path (signature input) */
	const char *raw_query;
	char *path;          /* heap: decoded */
	struct sign_kv headers[MAX_HEADERS];
	size_t nheaders;
	char id[REQUEST_ID_LEN + 1];
};

/* --- small helpers --------------------------------------------------------- */

static bool
stopping(struct sim_server *srv)
{
	return atomic_load(&srv->stopping);
}

/* Sleeps ms milliseconds, or less when the server stops. False once stopping. */
static bool
nap(struct sim_server *srv, unsigned ms)
{
	struct timespec until;

	clock_gettime(CLOCK_MONOTONIC, &until);
	until.tv_sec += ms / 1000;
	until.tv_nsec += (long)(ms % 1000) * 1000000L;
	if (until.tv_nsec >= 1000000000L) {
		until.tv_sec++;
		until.tv_nsec -= 1000000000L;
	}
	pthread_mutex_lock(&srv->stop_lock);
	while (!stopping(srv) &&
	    pthread_cond_timedwait(&srv->stop_cond, &srv->stop_lock, &until) != ETIMEDOUT)
		;
	pthread_mutex_unlock(&srv->stop_lock);
	return !stopping(srv);
}

static void
count(struct sim_server *srv, enum stat_id id)
{
	atomic_fetch_add(&srv->stats[id], 1);
}

static uint64_t
mix64(uint64_t z)
{
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

/* 32 hex digits like the gateway's, unique per server. */
static void
new_request_id(struct sim_server *srv, char out[REQUEST_ID_LEN + 1])
{
	uint64_t n = atomic_fetch_add(&srv->id_counter, 1);
	uint64_t hi = mix64(srv->id_seed + n * 0x9e3779b97f4a7c15ULL);
	uint64_t lo = mix64(hi ^ n);

	snprintf(out, REQUEST_ID_LEN + 1, "%016llx%016llx", (unsigned long long)hi,
	    (unsigned long long)lo);
}

static char *
json_print(cJSON *root)
{
	char *s = cJSON_PrintUnformatted(root);

	cJSON_Delete(root);
	if (s == NULL)
		die("out of memory");
	return s;
}

static char *
error_body(const char *code, const char *msg, const char *request_id)
{
	cJSON *root = cJSON_CreateObject();

	cJSON_AddStringToObject(root, "error_code", code);
	cJSON_AddStringToObject(root, "error_msg", msg);
	if (request_id != NULL)
		cJSON_AddStringToObject(root, "request_id", request_id);
	return json_print(root);
}

/* --- the contract with the routes (sim.h) ----------------------------------- */

const char *
sim_query_get(const struct sim_request *req, const char *name)
{
	for (size_t i = 0; i < req->nquery; i++)
		if (strcmp(req->query[i].name, name) == 0)
			return req->query[i].value;
	return NULL;
}

bool
sim_query_has(const struct sim_request *req, const char *name)
{
	return sim_query_get(req, name) != NULL;
}

void
sim_error(struct sim_response *resp, int status, const char *code, const char *fmt, ...)
{
	va_list ap;
	char *msg;

	va_start(ap, fmt);
	msg = xvasprintf(fmt, ap);
	va_end(ap);
	free(resp->body);
	resp->status = status;
	resp->body = error_body(code, msg, NULL);
	free(msg);
}

/* --- sending ---------------------------------------------------------------- */

static enum MHD_Result
queue(struct MHD_Connection *c, int status, struct MHD_Response *r, const char *id,
    bool json)
{
	enum MHD_Result rc;

	if (r == NULL)
		return MHD_NO;
	MHD_add_response_header(r, "X-Request-Id", id);
	if (json)
		MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, JSON_TYPE);
	if (status == MHD_HTTP_TOO_MANY_REQUESTS)
		MHD_add_response_header(r, MHD_HTTP_HEADER_RETRY_AFTER, "1");
	rc = MHD_queue_response(c, (unsigned)status, r);
	MHD_destroy_response(r);
	return rc;
}

/* Sends body (heap, owned; NULL = empty) with its first len bytes. */
static enum MHD_Result
send_n(struct MHD_Connection *c, int status, char *body, size_t len, const char *id)
{
	struct MHD_Response *r;

	if (body == NULL)
		r = MHD_create_response_from_buffer(0, NULL, MHD_RESPMEM_PERSISTENT);
	else
		r = MHD_create_response_from_buffer(len, body, MHD_RESPMEM_MUST_FREE);
	if (r == NULL)
		free(body);
	/* A 204 carries no body, so it has no content type either. */
	return queue(c, status, r, id, !(status == MHD_HTTP_NO_CONTENT && body == NULL));
}

static enum MHD_Result
send_body(struct MHD_Connection *c, int status, char *body, const char *id)
{
	return send_n(c, status, body, body != NULL ? strlen(body) : 0, id);
}

static enum MHD_Result
send_error(struct MHD_Connection *c, int status, const char *code, const char *msg,
    const char *id, bool with_request_id)
{
	return send_body(c, status, error_body(code, msg, with_request_id ? id : NULL), id);
}

/* --- faults that need the socket or a streamed body ------------------------- */

static int
connection_fd(struct MHD_Connection *c)
{
	const union MHD_ConnectionInfo *ci =
	    MHD_get_connection_info(c, MHD_CONNECTION_INFO_CONNECTION_FD);

	return ci != NULL ? ci->connect_fd : -1;
}

/*
 * Aborts the TCP connection with a RST, so the client sees "connection
 * reset by peer" rather than a clean end. MHD shuts the socket down (FIN)
 * before closing it whatever its linger option says, so the reset has to
 * come first: on Linux, connect() to AF_UNSPEC disconnects a TCP socket
 * abortively, and the fd stays valid for MHD to close.
 */
static void
reset_connection(struct MHD_Connection *c)
{
	struct sockaddr sa = { .sa_family = AF_UNSPEC };
	int fd = connection_fd(c);

	if (fd >= 0)
		connect(fd, &sa, sizeof(sa));
}

/* Holds the connection without answering until the peer closes or we stop. */
static void
hang(struct sim_server *srv, struct MHD_Connection *c)
{
	int fd = connection_fd(c);

	while (!stopping(srv)) {
		struct pollfd p = { fd, POLLRDHUP, 0 };

		if (fd < 0) {
			nap(srv, HANG_POLL_MS);
			continue;
		}
		if (poll(&p, 1, HANG_POLL_MS) > 0 &&
		    (p.revents & (POLLRDHUP | POLLHUP | POLLERR | POLLNVAL)) != 0)
			return;
	}
}

/* A body produced piece by piece: slow, huge and endless. */
struct stream {
	struct sim_server *srv;
	enum fault_kind kind;
	char *body;          /* slow: the real body (owned) */
	size_t len;
	size_t piece;
};

static const char pad_head[] = "{\"padding\":\"";
static const char pad_tail[] = "\"}";

/* Bytes [pos, pos+max) of {"padding":"xxx..."} that is total bytes long. */
static size_t
padding_bytes(uint64_t pos, char *out, size_t max, uint64_t total)
{
	size_t n = 0;

	while (n < max && pos + n < total) {
		uint64_t at = pos + n;

		if (at < sizeof(pad_head) - 1)
			out[n] = pad_head[at];
		else if (total != UINT64_MAX && at >= total - (sizeof(pad_tail) - 1))
			out[n] = pad_tail[at - (total - (sizeof(pad_tail) - 1))];
		else
			out[n] = 'x';
		n++;
	}
	return n;
}

static ssize_t
stream_read(void *cls, uint64_t pos, char *out, size_t max)
{
	struct stream *s = cls;
	size_t n;

	if (stopping(s->srv))
		return MHD_CONTENT_READER_END_WITH_ERROR;
	switch (s->kind) {
	case FAULT_SLOW:
		if (pos >= s->len)
			return MHD_CONTENT_READER_END_OF_STREAM;
		if (pos > 0 && !nap(s->srv, SLOW_PIECE_MS))
			return MHD_CONTENT_READER_END_WITH_ERROR;
		n = s->len - (size_t)pos;
		if (n > s->piece)
			n = s->piece;
		if (n > max)
			n = max;
		memcpy(out, s->body + pos, n);
		return (ssize_t)n;
	case FAULT_HUGE:
		if (pos >= HUGE_BODY_BYTES)
			return MHD_CONTENT_READER_END_OF_STREAM;
		return (ssize_t)padding_bytes(pos, out, max, HUGE_BODY_BYTES);
	default:
		return (ssize_t)padding_bytes(pos, out, max, UINT64_MAX);
	}
}

static void
stream_free(void *cls)
{
	struct stream *s = cls;

	free(s->body);
	free(s);
}

static enum MHD_Result
send_stream(struct sim_server *srv, struct MHD_Connection *c, int status,
    enum fault_kind kind, char *body, const char *id)
{
	struct stream *s = xcalloc(1, sizeof(*s));
	uint64_t size;
	struct MHD_Response *r;

	s->srv = srv;
	s->kind = kind;
	s->body = body;
	s->len = body != NULL ? strlen(body) : 0;
	s->piece = s->len / SLOW_PIECES + 1;
	if (kind == FAULT_SLOW)
		size = s->len;
	else if (kind == FAULT_HUGE)
		size = HUGE_BODY_BYTES;
	else
		size = MHD_SIZE_UNKNOWN;
	r = MHD_create_response_from_callback(size, 64 * 1024, stream_read, s, stream_free);
	if (r == NULL)
		stream_free(s);
	return queue(c, status == MHD_HTTP_NO_CONTENT ? MHD_HTTP_OK : status, r, id, true);
}

static const char malformed_page[] =
    "<html><head><title>502 Bad Gateway</title></head>\r\n"
    "<body><center><h1>502 Bad Gateway</h1></center></body></html>\r\n";

static enum MHD_Result
send_faulty(struct sim_server *srv, struct MHD_Connection *c, enum fault_kind kind,
    struct sim_response *resp, const char *id)
{
	size_t len = resp->body != NULL ? strlen(resp->body) : 0;

	switch (kind) {
	case FAULT_LOST_RESPONSE:
		free(resp->body);
		return MHD_NO;
	case FAULT_TRUNCATE:
		return send_n(c, resp->status, resp->body, len / 2, id);
	case FAULT_MALFORMED:
		free(resp->body);
		return send_body(c, resp->status, xstrdup(malformed_page), id);
	default:
		return send_stream(srv, c, resp->status, kind, resp->body, id);
	}
}

/* --- parsing ----------------------------------------------------------------- */

static enum MHD_Result
collect_header(void *cls, enum MHD_ValueKind kind, const char *name, const char *value)
{
	struct parsed *p = cls;

	(void)kind;
	if (p->nheaders == MAX_HEADERS)
		return MHD_NO;
	p->headers[p->nheaders].name = name;
	p->headers[p->nheaders].value = value != NULL ? value : "";
	p->nheaders++;
	return MHD_YES;
}

static const char *
header(const struct parsed *p, const char *name)
{
	return auth_header(p->headers, p->nheaders, name);
}

/* Splits the raw URI and decodes the path. -1 on a bad escape or a NUL. */
static int
parse_target(const struct exchange *ex, struct parsed *p)
{
	const char *q = strchr(ex->uri, '?');
	size_t rawlen = q != NULL ? (size_t)(q - ex->uri) : strlen(ex->uri);
	size_t len;

	p->raw_path = xstrndup(ex->uri, rawlen);
	p->raw_query = q != NULL ? q + 1 : "";
	p->path = sign_decode(p->raw_path, rawlen, &len);
	if (p->path == NULL || strlen(p->path) != len)
		return -1;
	return 0;
}

static void
params_free(struct sim_param *params, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(params[i].name);
		free(params[i].value);
	}
	free(params);
}

/* Decodes "a=1&b=%E4" into pairs ('+' stays '+', as the signer sees it). */
static int
parse_query(const char *raw, struct sim_param **out, size_t *nout)
{
	struct sim_param *params = xcalloc(MAX_QUERY, sizeof(*params));
	size_t n = 0;

	while (*raw != '\0') {
		size_t plen = strcspn(raw, "&");
		const char *eq = memchr(raw, '=', plen);
		size_t nlen = eq != NULL ? (size_t)(eq - raw) : plen;
		size_t dn, dv;

		if (plen > 0) {
			if (n == MAX_QUERY)
				goto bad;
			params[n].name = sign_decode(raw, nlen, &dn);
			params[n].value = eq != NULL ? sign_decode(eq + 1, plen - nlen - 1, &dv)
			    : xstrdup("");
			n++;
			if (params[n - 1].name == NULL || params[n - 1].value == NULL)
				goto bad;
		}
		raw += plen;
		if (*raw == '&')
			raw++;
	}
	*out = params;
	*nout = n;
	return 0;
bad:
	params_free(params, n);
	return -1;
}

/* The route for method + path, its {id} segment in *id (pointing into path). */
static const struct sim_route *
route_find(const char *method, const char *path, const char **id, size_t *index)
{
	static const char id_tail[] = "{id}";

	*id = NULL;
	for (size_t i = 0; sim_routes[i].path != NULL; i++) {
		const struct sim_route *r = &sim_routes[i];
		size_t plen = strlen(r->path);
		size_t fixed = plen;
		bool has_id = plen >= 4 && strcmp(r->path + plen - 4, id_tail) == 0;

		if (strcmp(r->method, method) != 0)
			continue;
		if (has_id)
			fixed -= 4;
		if (strncmp(path, r->path, fixed) != 0)
			continue;
		if (!has_id ? path[fixed] != '\0'
		    : path[fixed] == '\0' || strchr(path + fixed, '/') != NULL)
			continue;
		*id = has_id ? path + fixed : NULL;
		*index = i;
		return r;
	}
	return NULL;
}

static size_t
route_count(void)
{
	size_t n = 0;

	while (sim_routes[n].path != NULL)
		n++;
	return n;
}

/* --- the request pipeline ---------------------------------------------------- */

static enum MHD_Result
answer_admin(struct sim_server *srv, struct MHD_Connection *c, struct exchange *ex,
    struct parsed *p)
{
	struct admin_request req = {
		p->method, p->path, header(p, "Authorization"), buf_cstr(&ex->body), ex->body.len,
	};
	struct sim_response resp = { 500, NULL };

	admin_handle(srv, srv->admin_token, &req, &resp);
	return send_body(c, resp.status, resp.body, p->id);
}

/* The gateway's flow-control answer, for the rate limit and the throttle fault alike. */
static enum MHD_Result
send_throttled(struct sim_server *srv, struct MHD_Connection *c, const char *id)
{
	count(srv, STAT_THROTTLED);
	return send_error(c, MHD_HTTP_TOO_MANY_REQUESTS, "CBC.0250",
	    "Message flow control. Try again later.", id, false);
}

/* The fault outcomes decided before the handler: the request has no effect. */
static enum MHD_Result
answer_early_fault(struct sim_server *srv, struct MHD_Connection *c, enum fault_kind kind,
    const char *id)
{
	static const int statuses[] = { 500, 502, 503 };
	int status;

	atomic_fetch_add(&srv->fault_stats[kind], 1);
	switch (kind) {
	case FAULT_RESET:
		reset_connection(c);
		return MHD_NO;
	case FAULT_HANG:
		hang(srv, c);
		return MHD_NO;
	case FAULT_THROTTLE:
		return send_throttled(srv, c, id);
	default:
		status = statuses[faults_random(srv->faults, 3)];
		return send_error(c, status, "CBC.0999", "Other errors.", id, false);
	}
}

static enum MHD_Result
answer_bss(struct sim_server *srv, struct MHD_Connection *c, struct exchange *ex,
    struct parsed *p, const struct sim_route *route, size_t route_index, const char *path_id)
{
	struct sign_received sr = {
		p->method, p->raw_path, p->raw_query, p->headers, p->nheaders,
		buf_cstr(&ex->body), ex->body.len,
	};
	struct sim_request req = { 0 };
	struct sim_response resp = { 500, NULL };
	struct sim_param *params = NULL;
	struct fault_plan plan;
	size_t nparams = 0;
	char msg[512];

	if (auth_check(srv->auth, &sr, (long long)time_now(), msg, sizeof(msg)) != 0) {
		count(srv, STAT_AUTH_FAILURES);
		return send_error(c, 401, AUTH_ERROR_CODE, msg, p->id, true);
	}
	if (!ratelimit_allow(srv->ratelimit, route_index, time_mono_ms())) {
		count(srv, STAT_RATE_LIMITED);
		return send_throttled(srv, c, p->id);
	}
	faults_draw(srv->faults, p->path, &plan);
	if (plan.delay_ms > 0 && !nap(srv, plan.delay_ms))
		return MHD_NO;
	if (faults_before_effect(plan.outcome))
		return answer_early_fault(srv, c, plan.outcome, p->id);
	if (parse_query(p->raw_query, &params, &nparams) != 0)
		return send_error(c, 400, "CBC.0100", "Invalid parameter: malformed query string",
		    p->id, false);

	req.method = p->method;
	req.path = p->path;
	req.path_id = path_id;
	req.query = params;
	req.nquery = nparams;
	req.body = buf_cstr(&ex->body);
	req.body_len = ex->body.len;
	req.content_type = header(p, "Content-Type");
	req.x_language = header(p, "X-Language");
	req.now = sim_server_now(srv);
	pthread_mutex_lock(&srv->state_lock);
	route->fn(srv->state, &req, &resp);
	pthread_mutex_unlock(&srv->state_lock);
	params_free(params, nparams);

	/* The body faults need a body; a bodiless answer goes out intact. */
	if (plan.outcome == FAULT_LOST_RESPONSE || plan.outcome == FAULT_HUGE ||
	    plan.outcome == FAULT_ENDLESS || (plan.outcome != FAULT_NONE && resp.body != NULL)) {
		atomic_fetch_add(&srv->fault_stats[plan.outcome], 1);
		return send_faulty(srv, c, plan.outcome, &resp, p->id);
	}
	return send_body(c, resp.status, resp.body, p->id);
}

/* A request for the BSS surface: everything but the admin API. */
static enum MHD_Result
answer_routed(struct sim_server *srv, struct MHD_Connection *c, struct exchange *ex,
    struct parsed *p)
{
	const struct sim_route *route;
	const char *path_id;
	size_t route_index = 0;

	count(srv, STAT_REQUESTS);
	route = route_find(p->method, p->path, &path_id, &route_index);
	if (route == NULL) {
		count(srv, STAT_NOT_FOUND);
		return send_error(c, 404, "APIGW.0101", "The API does not exist or has not been "
		    "published in the environment", p->id, true);
	}
	if (ex->too_large) {
		count(srv, STAT_TOO_LARGE);
		return send_error(c, 413, "CBC.0100", "Request body too large", p->id, false);
	}
	return answer_bss(srv, c, ex, p, route, route_index, path_id);
}

static enum MHD_Result
answer(struct sim_server *srv, struct MHD_Connection *c, const char *method,
    struct exchange *ex)
{
	struct parsed p = { 0 };
	enum MHD_Result rc;

	p.method = method;
	new_request_id(srv, p.id);
	MHD_get_connection_values(c, MHD_HEADER_KIND, collect_header, &p);
	log_debug("bsssim: %s %s (%zu body bytes) request %s", method, ex->uri, ex->body.len,
	    p.id);
	if (parse_target(ex, &p) != 0)
		rc = send_error(c, 400, "APIGW.0201", "Request is not valid: bad escape in path",
		    p.id, true);
	else if (admin_owns(p.path))
		rc = answer_admin(srv, c, ex, &p);
	else
		rc = answer_routed(srv, c, ex, &p);
	free(p.raw_path);
	free(p.path);
	return rc;
}

/* --- libmicrohttpd callbacks ------------------------------------------------- */

static void *
on_uri(void *cls, const char *uri, struct MHD_Connection *c)
{
	struct exchange *ex = xcalloc(1, sizeof(*ex));

	(void)cls;
	(void)c;
	ex->uri = xstrdup(uri);
	buf_init(&ex->body, SIM_BODY_MAX);
	return ex;
}

static void
on_completed(void *cls, struct MHD_Connection *c, void **con_cls,
    enum MHD_RequestTerminationCode toe)
{
	struct exchange *ex = *con_cls;

	(void)cls;
	(void)c;
	(void)toe;
	if (ex == NULL)
		return;
	free(ex->uri);
	buf_free(&ex->body);
	free(ex);
	*con_cls = NULL;
}

static bool
declared_too_large(struct MHD_Connection *c)
{
	const char *cl = MHD_lookup_connection_value(c, MHD_HEADER_KIND,
	    MHD_HTTP_HEADER_CONTENT_LENGTH);

	return cl != NULL && strtoull(cl, NULL, 10) > SIM_BODY_MAX;
}

static enum MHD_Result
on_request(void *cls, struct MHD_Connection *c, const char *url, const char *method,
    const char *version, const char *upload, size_t *upload_size, void **con_cls)
{
	struct sim_server *srv = cls;
	struct exchange *ex = *con_cls;

	(void)url;
	(void)version;
	if (ex == NULL)
		return MHD_NO;
	if (!ex->started) {
		ex->started = true;
		/* Refuse a declared oversize body before reading it (no 100-continue). */
		if (declared_too_large(c)) {
			char id[REQUEST_ID_LEN + 1];

			new_request_id(srv, id);
			count(srv, STAT_TOO_LARGE);
			return send_error(c, 413, "CBC.0100", "Request body too large", id, false);
		}
		return MHD_YES;
	}
	if (*upload_size > 0) {
		if (!ex->too_large && buf_append(&ex->body, upload, *upload_size) != 0) {
			ex->too_large = true;
			buf_free(&ex->body);
		}
		*upload_size = 0;
		return MHD_YES;
	}
	return answer(srv, c, method, ex);
}

static void
on_mhd_log(void *cls, const char *fmt, va_list ap)
{
	char line[512];

	(void)cls;
	vsnprintf(line, sizeof(line), fmt, ap);
	log_debug("bsssim: %s", line);
}

/* --- start and stop ---------------------------------------------------------- */

static bool
is_loopback(const struct sockaddr *sa)
{
	if (sa->sa_family == AF_INET)
		return (ntohl(((const struct sockaddr_in *)(const void *)sa)->sin_addr.s_addr) >> 24)
		    == 127;
	if (sa->sa_family == AF_INET6) {
		const struct in6_addr *a = &((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr;

		return IN6_IS_ADDR_LOOPBACK(a) ||
		    (IN6_IS_ADDR_V4MAPPED(a) && a->s6_addr[12] == 127);
	}
	return false;
}

static int
resolve(const struct sim_server_opts *o, struct sockaddr_storage *ss, char *err, size_t errlen)
{
	const char *host = o->host != NULL ? o->host : "127.0.0.1";
	struct addrinfo hints = { 0 }, *ai = NULL;
	int rc;

	hints.ai_family = AF_UNSPEC;
	hints.ai_socktype = SOCK_STREAM;
	rc = getaddrinfo(host, NULL, &hints, &ai);
	if (rc != 0) {
		snprintf(err, errlen, "cannot resolve listen address '%s': %s", host,
		    gai_strerror(rc));
		return -1;
	}
	memcpy(ss, ai->ai_addr, ai->ai_addrlen);
	freeaddrinfo(ai);
	if (!o->allow_remote && !is_loopback((struct sockaddr *)ss)) {
		snprintf(err, errlen, "refusing to listen on '%s': not a loopback address "
		    "(the simulator accepts demo keys; allow it explicitly)", host);
		return -1;
	}
	if (ss->ss_family == AF_INET)
		((struct sockaddr_in *)ss)->sin_port = htons(o->port);
	else
		((struct sockaddr_in6 *)ss)->sin6_port = htons(o->port);
	return 0;
}

static void
server_free_parts(struct sim_server *srv)
{
	free(srv->url);
	free(srv->admin_token);
	xfree_secret(srv->tls_key);
	free(srv->tls_cert);
	auth_free(srv->auth);
	faults_free(srv->faults);
	ratelimit_free(srv->ratelimit);
	pthread_mutex_destroy(&srv->state_lock);
	pthread_mutex_destroy(&srv->stop_lock);
	pthread_cond_destroy(&srv->stop_cond);
	free(srv);
}

static struct sim_server *
server_new(const struct sim_server_opts *o)
{
	struct sim_server *srv = xcalloc(1, sizeof(*srv));
	pthread_condattr_t ca;

	srv->admin_token = xstrdup(o->admin_token);
	srv->auth = auth_new(o->creds, o->ncreds);
	srv->faults = faults_new(o->seed);
	srv->ratelimit = ratelimit_new(route_count(), o->rate_limit);
	srv->id_seed = mix64(o->seed ^ (uint64_t)time_mono_ms());
	if (o->tls_cert_pem != NULL) {
		srv->tls_cert = xstrdup(o->tls_cert_pem);
		srv->tls_key = xstrdup(o->tls_key_pem);
	}
	pthread_mutex_init(&srv->state_lock, NULL);
	pthread_mutex_init(&srv->stop_lock, NULL);
	pthread_condattr_init(&ca);
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	pthread_cond_init(&srv->stop_cond, &ca);
	pthread_condattr_destroy(&ca);
	return srv;
}

static int
check_opts(const struct sim_server_opts *o, char *err, size_t errlen)
{
	if (o->admin_token == NULL || *o->admin_token == '\0') {
		snprintf(err, errlen, "an admin token is required");
		return -1;
	}
	if ((o->tls_cert_pem == NULL) != (o->tls_key_pem == NULL)) {
		snprintf(err, errlen, "TLS needs both a certificate and a key");
		return -1;
	}
	if (o->tls_cert_pem != NULL && MHD_is_feature_supported(MHD_FEATURE_TLS) != MHD_YES) {
		snprintf(err, errlen, "this libmicrohttpd was built without TLS support");
		return -1;
	}
	if (o->state == NULL) {
		snprintf(err, errlen, "no simulator state to serve");
		return -1;
	}
	return 0;
}

static void
set_url(struct sim_server *srv, const struct sim_server_opts *o, int family)
{
	const char *host = o->host != NULL ? o->host : "127.0.0.1";
	const char *scheme = srv->tls_cert != NULL ? "https" : "http";
	bool v6_literal = family == AF_INET6 && strchr(host, ':') != NULL;

	srv->url = xasprintf("%s://%s%s%s:%u", scheme, v6_literal ? "[" : "", host,
	    v6_literal ? "]" : "", (unsigned)srv->port);
}

int
sim_server_start(const struct sim_server_opts *o, struct sim_server **out, char *err,
    size_t errlen)
{
	struct sockaddr_storage ss = { 0 };
	struct sim_server *srv;
	unsigned flags = MHD_USE_THREAD_PER_CONNECTION | MHD_USE_INTERNAL_POLLING_THREAD |
	    MHD_USE_AUTO | MHD_USE_ERROR_LOG;
	const union MHD_DaemonInfo *di;

	*out = NULL;
	if (check_opts(o, err, errlen) != 0 || resolve(o, &ss, err, errlen) != 0)
		return -1;
	srv = server_new(o);
	if (o->faults != NULL && faults_set(srv->faults, o->faults, err, errlen) != 0) {
		server_free_parts(srv);
		return -1;
	}
	if (ss.ss_family == AF_INET6)
		flags |= MHD_USE_IPv6;
	{
		struct MHD_OptionItem tls[] = {
			{ MHD_OPTION_HTTPS_MEM_KEY, 0, srv->tls_key },
			{ MHD_OPTION_HTTPS_MEM_CERT, 0, srv->tls_cert },
			{ MHD_OPTION_END, 0, NULL },
		};

		if (srv->tls_cert != NULL)
			flags |= MHD_USE_TLS;
		else
			tls[0].option = MHD_OPTION_END;
		srv->daemon = MHD_start_daemon(flags, o->port, NULL, NULL, on_request, srv,
		    MHD_OPTION_EXTERNAL_LOGGER, on_mhd_log, srv,
		    MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&ss,
		    MHD_OPTION_URI_LOG_CALLBACK, on_uri, srv,
		    MHD_OPTION_NOTIFY_COMPLETED, on_completed, srv,
		    MHD_OPTION_CONNECTION_LIMIT, (unsigned)CONNECTION_LIMIT,
		    MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)IDLE_TIMEOUT_S,
		    MHD_OPTION_ARRAY, tls,
		    MHD_OPTION_END);
	}
	if (srv->daemon == NULL) {
		snprintf(err, errlen, "cannot listen on %s port %u (in use, or a bad TLS "
		    "certificate or key)", o->host != NULL ? o->host : "127.0.0.1",
		    (unsigned)o->port);
		server_free_parts(srv);
		return -1;
	}
	di = MHD_get_daemon_info(srv->daemon, MHD_DAEMON_INFO_BIND_PORT);
	srv->port = di != NULL ? di->port : o->port;
	set_url(srv, o, ss.ss_family);
	srv->state = o->state;
	*out = srv;
	return 0;
}

void
sim_server_stop(struct sim_server *srv)
{
	if (srv == NULL || srv->daemon == NULL)
		return;
	pthread_mutex_lock(&srv->stop_lock);
	atomic_store(&srv->stopping, true);
	pthread_cond_broadcast(&srv->stop_cond);
	pthread_mutex_unlock(&srv->stop_lock);
	MHD_stop_daemon(srv->daemon);
	srv->daemon = NULL;
}

void
sim_server_free(struct sim_server *srv)
{
	if (srv == NULL)
		return;
	sim_server_stop(srv);
	sim_state_free(srv->state);
	server_free_parts(srv);
}

const char *
sim_server_url(const struct sim_server *srv)
{
	return srv->url;
}

unsigned short
sim_server_port(const struct sim_server *srv)
{
	return srv->port;
}

/* --- runtime control ----------------------------------------------------------- */

int
sim_server_set_faults(struct sim_server *srv, const char *spec, char *err, size_t errlen)
{
	return faults_set(srv->faults, spec, err, errlen);
}

char *
sim_server_faults_json(struct sim_server *srv)
{
	return faults_json(srv->faults);
}

char *
sim_server_stats_json(struct sim_server *srv)
{
	cJSON *root = cJSON_CreateObject(), *faults = cJSON_CreateObject();

	for (int i = 0; i < STAT_N; i++)
		cJSON_AddNumberToObject(root, stat_names[i], (double)atomic_load(&srv->stats[i]));
	cJSON_AddNumberToObject(root, "rate_limit", ratelimit_limit(srv->ratelimit));
	for (int k = FAULT_ERROR5XX; k < FAULT_NKINDS; k++)
		cJSON_AddNumberToObject(faults, faults_kind_name((enum fault_kind)k),
		    (double)atomic_load(&srv->fault_stats[k]));
	cJSON_AddItemToObject(root, "faults", faults);
	return json_print(root);
}

char *
sim_server_state_json(struct sim_server *srv)
{
	char *s;

	pthread_mutex_lock(&srv->state_lock);
	sim_state_advance(srv->state, sim_server_now(srv));
	s = sim_state_dump(srv->state);
	pthread_mutex_unlock(&srv->state_lock);
	return s;
}

time_t
sim_server_now(const struct sim_server *srv)
{
	return time_now() + (time_t)atomic_load(&srv->clock_offset);
}

void
sim_server_set_now(struct sim_server *srv, time_t now)
{
	atomic_store(&srv->clock_offset, (long long)(now - time_now()));
}

int
sim_server_save_state(struct sim_server *srv, const char *path, char *err, size_t errlen)
{
	int rc;

	pthread_mutex_lock(&srv->state_lock);
	rc = sim_state_save(srv->state, path, err, errlen);
	pthread_mutex_unlock(&srv->state_lock);
	return rc;
}
