/*
 * The client's whole answer path: raw HTTP bytes from the server, through
 * libcurl, api/http (status, headers, Retry-After, size cap, body) and
 * api/bss into the model parser or the error parser. A thread serves each
 * input, verbatim, as the answer to whatever request arrives on loopback,
 * then closes the connection.
 *
 * The first byte picks the operation (a few that take no parameters);
 * the rest is the answer. Properties: the callback runs exactly once, with
 * a model of the operation asked or an error that has a message, and
 * nothing leaks (LeakSanitizer checks every input).
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "fuzzlib.h"

#include "api/bss.h"
#include "api/http.h"

static uv_loop_t loop;
static struct http_client *http;
static struct bss_client *bss;

/* The answer being served, guarded by mu. */
static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static uint8_t *answer;
static size_t answer_len;

struct outcome {
	int calls;
	enum model_op op;
};

/* Reads the request head (and whatever follows within a short wait); the content is not used. */
static void
read_request(int fd)
{
	char buf[8192];
	struct pollfd p = { .fd = fd, .events = POLLIN };

	while (poll(&p, 1, 200) > 0) {
		ssize_t n = read(fd, buf, sizeof(buf));

		if (n <= 0 || memmem(buf, (size_t)n, "\r\n\r\n", 4) != NULL)
			break;
	}
}

static void *
serve(void *arg)
{
	int lfd = *(int *)arg;

	for (;;) {
		int fd = accept(lfd, NULL, NULL);
		uint8_t *copy;
		size_t len;

		if (fd < 0)
			continue;
		read_request(fd);
		pthread_mutex_lock(&mu);
		len = answer_len;
		copy = malloc(len > 0 ? len : 1);
		if (len > 0)
			memcpy(copy, answer, len);
		pthread_mutex_unlock(&mu);
		for (size_t off = 0; off < len;) {
			ssize_t w = send(fd, copy + off, len - off, MSG_NOSIGNAL);

			if (w <= 0)
				break;
			off += (size_t)w;
		}
		free(copy);
		shutdown(fd, SHUT_WR);
		read_request(fd);
		close(fd);
	}
	return NULL;
}

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	static int lfd;
	struct sockaddr_in sa = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	socklen_t salen = sizeof(sa);
	char endpoint[64], err[256];
	pthread_t t;
	struct http_config cfg = {
		.ak = FZ_SIGN_AK, .sk = FZ_SIGN_SK, .timeout_ms = 5000, .connect_timeout_ms = 2000,
		.max_body = 1 << 20, .max_attempts = 1, .rate_per_sec = 1000000,
	};

	(void)argc;
	(void)argv;
	lfd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	FZ_CHECK(lfd >= 0 && bind(lfd, (struct sockaddr *)&sa, sizeof(sa)) == 0 &&
	    listen(lfd, 16) == 0 && getsockname(lfd, (struct sockaddr *)&sa, &salen) == 0);
	snprintf(endpoint, sizeof(endpoint), "http://127.0.0.1:%u", ntohs(sa.sin_port));
	cfg.endpoint = endpoint;
	FZ_CHECK(pthread_create(&t, NULL, serve, &lfd) == 0);
	FZ_CHECK(uv_loop_init(&loop) == 0);
	http = http_client_new(&loop, &cfg, err, sizeof(err));
	FZ_CHECK(http != NULL);
	bss = bss_client_new(&loop, http, BSS_LANG_EN);
	return 0;
}

static void
done(struct model *result, struct bss_error *err, void *ud)
{
	struct outcome *o = ud;

	o->calls++;
	FZ_CHECK((result == NULL) != (err == NULL));
	if (result != NULL) {
		FZ_CHECK(model_op_of(result) == o->op);
		model_free(result);
	} else {
		FZ_CHECK(err->kind >= 0 && err->kind < BSS_ERR_KIND_COUNT);
		FZ_CHECK(fz_touch(err->message) > 0);
		fz_touch(err->code);
		fz_touch(err->server_message);
		fz_touch(err->request_id);
		fz_touch(err->detail);
		bss_error_free(err);
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const enum model_op ops[] = {
		MODEL_OP_SHOW_CUSTOMER_ACCOUNT_BALANCES,
		MODEL_OP_LIST_MEASURE_UNITS,
	};
	struct outcome o = { 0 };

	if (size == 0)
		return 0;
	o.op = ops[data[0] % 2];
	pthread_mutex_lock(&mu);
	free(answer);
	answer_len = size - 1;
	answer = malloc(answer_len > 0 ? answer_len : 1);
	if (answer_len > 0)
		memcpy(answer, data + 1, answer_len);
	pthread_mutex_unlock(&mu);
	bss_call(bss, o.op, NULL, done, &o);
	while (o.calls == 0)
		uv_run(&loop, UV_RUN_ONCE);
	/* Exactly once: nothing more may arrive for it. */
	uv_run(&loop, UV_RUN_NOWAIT);
	FZ_CHECK(o.calls == 1 && bss_pending(bss) == 0);
	return 0;
}
