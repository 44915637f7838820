/*
 * loadgen: a small HTTP/1.1 load generator for bsssim that signs its requests.
 *
 * wrk and its kind cannot produce SDK-HMAC-SHA256 signatures, whose
 * X-Sdk-Date must be within 15 minutes of the server's clock, so this one
 * keeps its requests pre-signed and signs them again whenever the second
 * changes. N keep-alive connections on one epoll loop, one request in flight
 * per connection (no pipelining, as a real client); bounded by a duration
 * and optionally a request count. Loopback addresses only.
 *
 * usage: loadgen --url http://127.0.0.1:PORT --ak AK --sk SK
 *            [--connections N] [--duration S] [--requests N]
 *            [--method M] --path P [--query NAME=VALUE]... [--body JSON]
 *            [--offsets COUNT:STEP]
 * --offsets makes COUNT distinct requests in which the text {offset} of the
 * body or of a query value is replaced by 0, STEP, 2*STEP...; connections
 * take them in turn (a paginated walk).
 *
 * Output, one "key=value" per line: requests, ok (2xx), status_429, other
 * (any other status), errors (connection failures), seconds, rps, p50_ms,
 * p99_ms, max_ms, body_bytes, cpu_s (this program's CPU time).
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "api/sign.h"
#include "util/buf.h"
#include "util/xalloc.h"

#define MAX_QUERY 32
#define MAX_CONNS 1024
#define MAX_LATENCIES (4u * 1024 * 1024)
#define RESPONSE_MAX (64u * 1024 * 1024)

struct opts {
	const char *host;             /* "127.0.0.1:PORT" as in the URL */
	struct sockaddr_in addr;
	const char *ak, *sk;
	const char *method, *path, *body;
	struct sign_kv query[MAX_QUERY];
	size_t nquery;
	int connections;
	double duration;
	unsigned long max_requests;
	unsigned long offsets, offset_step;
};

/* One distinct request: its template and the bytes on the wire for the current second. */
struct request {
	char *body;
	struct sign_kv query[MAX_QUERY];
	struct buf wire;
};

struct conn {
	int fd;
	struct request *req;
	size_t sent;
	struct buf in;
	double started;
	bool busy;
};

static struct opts o = {
	.method = "GET", .connections = 8, .duration = 5,
};
static struct request *reqs;
static size_t nreqs;
static time_t signed_at = -1;

static double
mono(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void
usage(void)
{
	fputs("usage: loadgen --url http://127.0.0.1:PORT --ak AK --sk SK [--connections N]\n"
	    "               [--duration S] [--requests N] [--method M] --path P\n"
	    "               [--query NAME=VALUE]... [--body JSON] [--offsets COUNT:STEP]\n", stderr);
	exit(2);
}

static void
parse_url(const char *url)
{
	const char *p = url;
	char ip[64];
	unsigned port;
	int n = 0;

	if (strncmp(p, "http://", 7) != 0)
		die("loadgen: only http:// URLs: %s", url);
	p += 7;
	if (sscanf(p, "%63[0-9.]:%u%n", ip, &port, &n) != 2 || port == 0 || port > 65535 ||
	    (p[n] != '\0' && strcmp(p + n, "/") != 0))
		die("loadgen: expected http://IPV4:PORT, got %s", url);
	o.addr.sin_family = AF_INET;
	o.addr.sin_port = htons((unsigned short)port);
	if (inet_pton(AF_INET, ip, &o.addr.sin_addr) != 1 ||
	    (ntohl(o.addr.sin_addr.s_addr) >> 24) != 127)
		die("loadgen: %s is not a loopback address", ip);
	o.host = xstrndup(p, (size_t)n);
}

static void
parse_args(int argc, char **argv)
{
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;

		if (v == NULL)
			usage();
		i++;
		if (strcmp(a, "--url") == 0) {
			parse_url(v);
		} else if (strcmp(a, "--ak") == 0) {
			o.ak = v;
		} else if (strcmp(a, "--sk") == 0) {
			o.sk = v;
		} else if (strcmp(a, "--connections") == 0) {
			o.connections = atoi(v);
		} else if (strcmp(a, "--duration") == 0) {
			o.duration = atof(v);
		} else if (strcmp(a, "--requests") == 0) {
			o.max_requests = strtoul(v, NULL, 10);
		} else if (strcmp(a, "--method") == 0) {
			o.method = v;
		} else if (strcmp(a, "--path") == 0) {
			o.path = v;
		} else if (strcmp(a, "--body") == 0) {
			o.body = v;
		} else if (strcmp(a, "--offsets") == 0) {
			if (sscanf(v, "%lu:%lu", &o.offsets, &o.offset_step) != 2 || o.offsets == 0)
				usage();
		} else if (strcmp(a, "--query") == 0 && o.nquery < MAX_QUERY && strchr(v, '=')) {
			char *eq = strchr(v, '=');

			o.query[o.nquery].name = xstrndup(v, (size_t)(eq - v));
			o.query[o.nquery++].value = eq + 1;
		} else {
			usage();
		}
	}
	if (o.host == NULL || o.ak == NULL || o.sk == NULL || o.path == NULL ||
	    o.connections < 1 || o.connections > MAX_CONNS || o.duration <= 0)
		usage();
}

/* s with every "{offset}" replaced by the decimal value. */
static char *
with_offset(const char *s, unsigned long value)
{
	struct buf b = BUF_INIT(0);
	const char *p;

	while ((p = strstr(s, "{offset}")) != NULL) {
		buf_append(&b, s, (size_t)(p - s));
		buf_printf(&b, "%lu", value);
		s = p + strlen("{offset}");
	}
	buf_puts(&b, s);
	return buf_steal(&b, NULL);
}

static void
make_requests(void)
{
	nreqs = o.offsets > 0 ? o.offsets : 1;
	reqs = xcalloc(nreqs, sizeof(*reqs));
	for (size_t i = 0; i < nreqs; i++) {
		unsigned long off = i * o.offset_step;

		reqs[i].body = o.body != NULL ? with_offset(o.body, off) : NULL;
		for (size_t q = 0; q < o.nquery; q++) {
			reqs[i].query[q].name = o.query[q].name;
			reqs[i].query[q].value = with_offset(o.query[q].value, off);
		}
		buf_init(&reqs[i].wire, 0);
	}
}

/* Signs request r at the current second and lays out its bytes. */
static void
sign_one(struct request *r)
{
	static const struct sign_kv ctype = { "Content-Type", "application/json" };
	struct sign_input in = {
		.method = o.method, .host = o.host, .path = o.path,
		.query = r->query, .nquery = o.nquery, .headers = &ctype, .nheaders = 1,
		.body = r->body, .body_len = r->body != NULL ? strlen(r->body) : 0,
		.ak = o.ak, .sk = o.sk,
	};
	struct sign_output out;
	char err[256];

	if (sign_request(&in, &out, err, sizeof(err)) != 0)
		die("loadgen: %s", err);
	buf_reset(&r->wire);
	buf_printf(&r->wire, "%s ", o.method);
	buf_puts(&r->wire, o.path);
	for (size_t q = 0; q < o.nquery; q++) {
		char *n = sign_encode(r->query[q].name, strlen(r->query[q].name));
		char *v = sign_encode(r->query[q].value, strlen(r->query[q].value));

		buf_printf(&r->wire, "%c%s=%s", q == 0 ? '?' : '&', n, v);
		free(n);
		free(v);
	}
	buf_puts(&r->wire, " HTTP/1.1\r\n");
	for (size_t h = 0; h < out.nheaders; h++)
		buf_printf(&r->wire, "%s: %s\r\n", out.headers[h].name, out.headers[h].value);
	buf_printf(&r->wire, "Content-Length: %zu\r\n\r\n", in.body_len);
	if (in.body_len > 0)
		buf_append(&r->wire, r->body, in.body_len);
	sign_output_free(&out);
}

static void
sign_all_if_stale(void)
{
	time_t now = time(NULL);

	if (now == signed_at)
		return;
	for (size_t i = 0; i < nreqs; i++)
		sign_one(&reqs[i]);
	signed_at = now;
}

/* --- results ---------------------------------------------------------------------- */

static unsigned long n_done, n_ok, n_429, n_other, n_errors, n_issued;
static unsigned long long body_bytes;
static double *lat;
static size_t nlat;

static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static double
percentile(double p)
{
	size_t i;

	if (nlat == 0)
		return 0;
	i = (size_t)(p * (double)(nlat - 1) + 0.5);
	return lat[i] * 1e3;
}

/* --- connections --------------------------------------------------------------------- */

static int ep;

static void
conn_open(struct conn *c)
{
	int one = 1;
	struct epoll_event ev = { .events = EPOLLIN | EPOLLOUT, .data.ptr = c };

	c->fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (c->fd < 0)
		die("loadgen: socket: %s", strerror(errno));
	setsockopt(c->fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
	if (connect(c->fd, (struct sockaddr *)&o.addr, sizeof(o.addr)) != 0 && errno != EINPROGRESS)
		die("loadgen: connect: %s", strerror(errno));
	if (epoll_ctl(ep, EPOLL_CTL_ADD, c->fd, &ev) != 0)
		die("loadgen: epoll_ctl: %s", strerror(errno));
	c->busy = false;
	buf_reset(&c->in);
}

static void
conn_close(struct conn *c)
{
	epoll_ctl(ep, EPOLL_CTL_DEL, c->fd, NULL);
	close(c->fd);
	c->fd = -1;
}

static bool
may_issue(double deadline)
{
	return mono() < deadline && (o.max_requests == 0 || n_issued < o.max_requests);
}

static void
conn_issue(struct conn *c)
{
	struct epoll_event ev = { .events = EPOLLIN | EPOLLOUT, .data.ptr = c };

	sign_all_if_stale();
	c->req = &reqs[n_issued % nreqs];
	n_issued++;
	c->sent = 0;
	c->busy = true;
	c->started = mono();
	buf_reset(&c->in);
	epoll_ctl(ep, EPOLL_CTL_MOD, c->fd, &ev);
}

/*
 * Whether c->in holds a whole response; sets *status. Only what bsssim sends
 * is understood: Content-Length or no body. -1 on anything else.
 */
static int
response_complete(struct conn *c, int *status)
{
	const char *d = buf_cstr(&c->in), *end = strstr(d, "\r\n\r\n"), *cl;
	size_t head, len = 0;

	if (end == NULL)
		return 0;
	head = (size_t)(end - d) + 4;
	if (sscanf(d, "HTTP/1.%*d %d", status) != 1)
		return -1;
	cl = strcasestr(d, "\r\ncontent-length:");
	if (cl != NULL && cl < end)
		len = strtoul(cl + 17, NULL, 10);
	else if (strcasestr(d, "\r\ntransfer-encoding:") != NULL)
		return -1;
	if (c->in.len < head + len)
		return 0;
	body_bytes += len;
	return 1;
}

static void
conn_event(struct conn *c, unsigned events, double deadline)
{
	char chunk[65536];
	int status = 0, done;
	ssize_t n;

	if (c->busy && (events & EPOLLOUT) && c->sent < c->req->wire.len) {
		n = send(c->fd, c->req->wire.data + c->sent, c->req->wire.len - c->sent, MSG_NOSIGNAL);
		if (n > 0)
			c->sent += (size_t)n;
		if (c->sent == c->req->wire.len) {
			struct epoll_event ev = { .events = EPOLLIN, .data.ptr = c };

			epoll_ctl(ep, EPOLL_CTL_MOD, c->fd, &ev);
		}
	}
	if (!(events & (EPOLLIN | EPOLLHUP | EPOLLERR)))
		return;
	while ((n = recv(c->fd, chunk, sizeof(chunk), 0)) > 0)
		if (buf_append(&c->in, chunk, (size_t)n) != 0)
			break;
	if (c->busy) {
		done = response_complete(c, &status);
		if (done == 1) {
			double t = mono() - c->started;

			n_done++;
			if (status >= 200 && status < 300)
				n_ok++;
			else if (status == 429)
				n_429++;
			else
				n_other++;
			if (nlat < MAX_LATENCIES)
				lat[nlat++] = t;
			c->busy = false;
			buf_reset(&c->in);
		} else if (done < 0 || n == 0 || (n < 0 && errno != EAGAIN)) {
			n_errors++;
			c->busy = false;
			conn_close(c);
		}
	} else if (n == 0 || (n < 0 && errno != EAGAIN)) {
		conn_close(c);	/* the server closed an idle keep-alive connection */
	}
	if (c->fd < 0 && may_issue(deadline))
		conn_open(c);
	if (c->fd >= 0 && !c->busy && may_issue(deadline))
		conn_issue(c);
}

int
main(int argc, char **argv)
{
	struct conn *conns;
	struct epoll_event evs[64];
	struct rusage ru;
	double start, deadline, end;
	int busy;

	parse_args(argc, argv);
	make_requests();
	lat = xcalloc(MAX_LATENCIES, sizeof(*lat));
	ep = epoll_create1(EPOLL_CLOEXEC);
	conns = xcalloc((size_t)o.connections, sizeof(*conns));
	start = mono();
	deadline = start + o.duration;
	for (int i = 0; i < o.connections; i++) {
		buf_init(&conns[i].in, RESPONSE_MAX);
		conn_open(&conns[i]);
		if (may_issue(deadline))
			conn_issue(&conns[i]);
	}
	do {
		int n = epoll_wait(ep, evs, 64, 100);

		for (int i = 0; i < n; i++)
			conn_event(evs[i].data.ptr, evs[i].events, deadline);
		busy = 0;
		for (int i = 0; i < o.connections; i++)
			busy += conns[i].busy;
	} while (busy > 0 || may_issue(deadline));
	end = mono();
	qsort(lat, nlat, sizeof(*lat), cmp_double);
	getrusage(RUSAGE_SELF, &ru);
	printf("requests=%lu\nok=%lu\nstatus_429=%lu\nother=%lu\nerrors=%lu\n", n_done, n_ok,
	    n_429, n_other, n_errors);
	printf("seconds=%.3f\nrps=%.0f\np50_ms=%.3f\np99_ms=%.3f\nmax_ms=%.3f\n", end - start,
	    (double)n_done / (end - start), percentile(0.5), percentile(0.99), percentile(1));
	printf("body_bytes=%llu\ncpu_s=%.3f\n", body_bytes,
	    (double)ru.ru_utime.tv_sec + (double)ru.ru_utime.tv_usec / 1e6 +
	    (double)ru.ru_stime.tv_sec + (double)ru.ru_stime.tv_usec / 1e6);
	for (int i = 0; i < o.connections; i++) {
		if (conns[i].fd >= 0)
			close(conns[i].fd);
		buf_free(&conns[i].in);
	}
	for (size_t i = 0; i < nreqs; i++) {
		free(reqs[i].body);
		for (size_t q = 0; q < o.nquery; q++)
			free((char *)reqs[i].query[q].value);
		buf_free(&reqs[i].wire);
	}
	for (size_t q = 0; q < o.nquery; q++)
		free((char *)o.query[q].name);
	free(reqs);
	free(conns);
	free(lat);
	close(ep);
	return n_errors > 0 || n_done == 0;
}
