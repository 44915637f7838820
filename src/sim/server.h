/*
 * server: bsssim's HTTP core on libmicrohttpd.
 *
 * One thread per connection (keep-alive friendly, and a delayed, slow or
 * hung answer blocks only its own connection). Per request: parse, route by
 * method and decoded path through sim_routes[], check the AK/SK signature,
 * apply the per-API rate limit and the fault plan, then call the route's
 * handler with the state lock held. /__sim/... is the admin API (admin.h).
 */
#ifndef BSS_SIM_SERVER_H
#define BSS_SIM_SERVER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "sim/auth.h"
#include "sim/sim.h"

#define SIM_BODY_MAX (1024u * 1024u)     /* larger request bodies get 413 */
#define SIM_DEFAULT_RATE_LIMIT 10u       /* per API per second (bss-api.md 2.4) */

struct sim_server_opts {
	const char *host;            /* address to bind; NULL = "127.0.0.1" */
	unsigned short port;         /* 0 = any free port */
	bool allow_remote;           /* else only loopback addresses are accepted */
	const struct sim_cred *creds;
	size_t ncreds;
	const char *admin_token;     /* Bearer token for /__sim/...; required */
	uint64_t seed;               /* fault PRNG and request ids */
	unsigned rate_limit;         /* requests per second per API; 0 = off */
	const char *faults;          /* fault spec (faults.h), NULL = none */
	const char *tls_cert_pem;    /* PEM text, both or neither: HTTPS */
	const char *tls_key_pem;
	/* Ownership moves to the server on success (sim_server_free frees it). */
	struct sim_state *state;
};

struct sim_server;

/*
 * Binds and starts serving. 0 with *out set, or -1 with a message in err
 * (and opts->state still the caller's). Everything in opts is copied.
 */
int sim_server_start(const struct sim_server_opts *opts, struct sim_server **out,
    char *err, size_t errlen);
/* Stops answering: open connections are closed, hung answers released. Idempotent. */
void sim_server_stop(struct sim_server *srv);
/* Stops if needed, then frees everything, the state included. */
void sim_server_free(struct sim_server *srv);

/* "http://127.0.0.1:40123" (https with TLS), no trailing slash; lives as srv. */
const char *sim_server_url(const struct sim_server *srv);
unsigned short sim_server_port(const struct sim_server *srv);

/* Runtime control, shared by the admin endpoints and in-process users. */
int sim_server_set_faults(struct sim_server *srv, const char *spec, char *err, size_t errlen);
char *sim_server_faults_json(struct sim_server *srv);      /* heap JSON */
char *sim_server_stats_json(struct sim_server *srv);       /* heap JSON */
char *sim_server_state_json(struct sim_server *srv);       /* heap JSON, sim_state_dump */
/* The simulator's business clock: the real clock plus an offset. */
time_t sim_server_now(const struct sim_server *srv);
void sim_server_set_now(struct sim_server *srv, time_t now);
/* Saves the state atomically (under the state lock). 0, or -1 with err. */
int sim_server_save_state(struct sim_server *srv, const char *path, char *err, size_t errlen);

#endif
