/*
 * embed: a simulator inside the calling process, for `bssdash --demo`.
 *
 * Listens on an ephemeral loopback port with throwaway random keys and a
 * random admin token (so nothing else on the machine can use it by knowing
 * the documented demo keys), serving the default seed data. The server runs
 * on its own threads; the caller just talks HTTP to base_url.
 */
#ifndef BSS_SIM_EMBED_H
#define BSS_SIM_EMBED_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define SIM_EMBED_AK_LEN 20
#define SIM_EMBED_SK_LEN 40
#define SIM_EMBED_TOKEN_LEN 32

struct sim_server;

struct sim_embed {
	struct sim_server *server;
	const char *base_url;        /* "http://127.0.0.1:PORT"; owned by server */
	char ak[SIM_EMBED_AK_LEN + 1];
	char sk[SIM_EMBED_SK_LEN + 1];
	char admin_token[SIM_EMBED_TOKEN_LEN + 1];
};

struct sim_embed_opts {
	uint64_t seed;               /* seed data; 0 is a fine default */
	unsigned rate_limit;         /* 0 = off */
	const char *faults;          /* fault spec, NULL = none */
	bool intl;                   /* answer as the international site (USD), not CN */
};

/* 0, or -1 with a message in err (e and its keys are zeroed then). */
int sim_embed_start(struct sim_embed *e, const struct sim_embed_opts *opts, char *err,
    size_t errlen);
/* Stops the server, frees it and wipes the keys. Safe on a zeroed struct. */
void sim_embed_stop(struct sim_embed *e);

#endif
