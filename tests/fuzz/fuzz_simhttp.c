/*
 * bsssim's HTTP core (sim/server.c): each input is sent, verbatim, as the
 * bytes of one connection to a server running in this process; parsing,
 * routing, the signature check, the admin API and the handlers all see it.
 * tools/mkseeds writes a correctly signed request per route (the clock is
 * pinned so the signatures stay valid) and admin requests.
 *
 * Properties: whatever arrives, the server answers with HTTP or closes the
 * connection, and keeps serving (a crash in its threads aborts the run).
 * Faults and the clock that an admin request may have changed are put
 * back after each input.
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "fuzzlib.h"

#include "sim/server.h"

#define ADMIN_TOKEN "fuzz-admin-token"
/* Read no more of an answer than this (a "huge" fault streams 200 MB). */
#define READ_MAX (256 * 1024)
#define READ_WAIT_MS 2000

static struct sim_server *srv;
static unsigned short port;

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	static const struct sim_cred creds[] = { { FZ_SIGN_AK, FZ_SIGN_SK, NULL } };
	struct sim_server_opts o = {
		.creds = creds, .ncreds = 1, .admin_token = ADMIN_TOKEN, .seed = 1,
	};
	char err[256];

	(void)argc;
	(void)argv;
	/* The seeds' signatures carry FZ_SIGN_DATE: the server's clock says it is then. */
	setenv("BSSDASH_TEST_NOW", "1710490530", 1);
	o.state = sim_state_new(42, SIM_SCALE_DEFAULT, FZ_SIGN_NOW);
	FZ_CHECK(sim_server_start(&o, &srv, err, sizeof(err)) == 0);
	port = sim_server_port(srv);
	return 0;
}

/* Reads the answer until the server closes, READ_MAX, or a quiet READ_WAIT_MS. */
static size_t
read_answer(int fd, char *head, size_t headlen)
{
	struct pollfd p = { .fd = fd, .events = POLLIN };
	char buf[16384];
	size_t total = 0;

	while (total < READ_MAX && poll(&p, 1, READ_WAIT_MS) > 0) {
		ssize_t n = read(fd, buf, sizeof(buf));

		if (n <= 0)
			break;
		if (total < headlen)
			memcpy(head + total, buf, (size_t)n < headlen - total ? (size_t)n : headlen - total);
		total += (size_t)n;
	}
	return total;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct sockaddr_in sa = { .sin_family = AF_INET, .sin_port = htons(port),
		.sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	char head[9] = "", err[256];
	size_t got;

	FZ_CHECK(fd >= 0 && connect(fd, (struct sockaddr *)&sa, sizeof(sa)) == 0);
	for (size_t off = 0; off < size;) {
		ssize_t w = send(fd, data + off, size - off, MSG_NOSIGNAL);

		if (w <= 0)
			break;
		off += (size_t)w;
	}
	shutdown(fd, SHUT_WR);
	got = read_answer(fd, head, sizeof(head) - 1);
	close(fd);
	FZ_CHECK(got == 0 || strncmp(head, "HTTP/1.", 7) == 0);
	FZ_CHECK(sim_server_set_faults(srv, "", err, sizeof(err)) == 0);
	sim_server_set_now(srv, FZ_SIGN_NOW);
	return 0;
}
