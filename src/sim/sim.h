/*
 * sim: the contract between bsssim's server core (server.c, auth, faults,
 * rate limit, admin, main) and its BSS routes (routes*.c, state.c, seed.c).
 *
 * The core parses and authenticates each request, then calls the route's
 * handler with the state lock held, so handlers never lock. A handler fills
 * a sim_response; the core sends it (applying faults) and frees the body.
 */
#ifndef BSS_SIM_SIM_H
#define BSS_SIM_SIM_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

struct sim_state;   /* owned by state.c */

struct sim_param {
	char *name;         /* percent-decoded */
	char *value;        /* percent-decoded */
};

struct sim_request {
	const char *method;
	const char *path;            /* percent-decoded path, no query */
	const char *path_id;         /* the {id} segment for routes with one, else NULL */
	const struct sim_param *query;
	size_t nquery;
	const char *body;            /* NUL-terminated copy of the body bytes */
	size_t body_len;
	const char *content_type;    /* NULL when absent */
	const char *x_language;      /* NULL when absent */
	time_t now;                  /* the simulator's clock (honours BSSDASH_TEST_NOW) */
};

struct sim_response {
	int status;                  /* 200, 204, 400, ... */
	char *body;                  /* heap JSON text, or NULL for an empty body */
};

typedef void (*sim_handler_fn)(struct sim_state *st, const struct sim_request *req,
    struct sim_response *resp);

struct sim_route {
	const char *method;
	const char *path;            /* exact path, or a prefix ending in "/{id}" */
	const char *operation;       /* bss-api.md index name, e.g. "PayOrders" */
	bool mutating;               /* counts in /__sim/state "mutations" when applied */
	sim_handler_fn fn;
};

/* routes.c: the 30 operations, terminated by a zeroed entry. */
extern const struct sim_route sim_routes[];

/* Query helpers (core): the first value of name, or NULL when absent. */
const char *sim_query_get(const struct sim_request *req, const char *name);
bool sim_query_has(const struct sim_request *req, const char *name);

/* Sets an error response {"error_code":code,"error_msg":msg} (core). */
void sim_error(struct sim_response *resp, int status, const char *code, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* state.c (the world and its rules), stateio.c (dump, save, load), seed.c */
/*
 * scale: SIM_SCALE_DEFAULT is the believable default account (issue 3 item
 * 4); a positive N asks for about N resources (SIM_SCALE_LARGE: 100,000
 * resources and 1,000,000 bill records). bsssim --scale small|large|N.
 */
#define SIM_SCALE_DEFAULT 0L
#define SIM_SCALE_LARGE 100000L
struct sim_state *sim_state_new(unsigned long seed, long scale, time_t now);
/*
 * Which Huawei Cloud site the world answers as (bss-api.md 7): the same data,
 * in CNY on the Chinese-mainland site and in USD on the international one.
 */
enum sim_site { SIM_SITE_CN, SIM_SITE_INTL };
void sim_state_set_site(struct sim_state *st, enum sim_site site);
void sim_state_free(struct sim_state *st);
/*
 * Records an applied effect of a mutating operation (for "mutations"). The
 * handler calls it, once per request whose effect it applied: the core
 * cannot tell from the status (batch writes answer 200 with per-item
 * failures).
 */
void sim_state_count_mutation(struct sim_state *st, const char *operation);
/*
 * Brings the world to the business clock: an ended term takes its expiry
 * policy (auto-renew pays a renewal by the system if the balance allows,
 * to-on-demand turns the resource pay-per-use, anything else enters 15 days
 * of grace), then retention (frozen, 15 days), then deletion. Every handler
 * does it first; call it before dumping or saving the world.
 */
void sim_state_advance(struct sim_state *st, time_t now);
/* GET /__sim/state body (heap JSON). */
char *sim_state_dump(const struct sim_state *st);
/* --state FILE: save atomically (temp + rename) and load. 0 or -1 with err. */
int sim_state_save(const struct sim_state *st, const char *path, char *err, size_t errlen);
struct sim_state *sim_state_load(const char *path, char *err, size_t errlen);

#endif
