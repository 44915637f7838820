/*
 * admin: bsssim's control endpoints under /__sim/ (never part of the BSS
 * surface). Every one needs "Authorization: Bearer <admin token>".
 *
 *   GET    /__sim/state    the whole state (sim_state_dump)
 *   GET    /__sim/stats    request, throttle, auth-failure and fault counters
 *   GET    /__sim/faults   the active fault rules
 *   POST   /__sim/faults   replace them: {"spec":"..."} or the spec as text
 *   DELETE /__sim/faults   clear them
 *   GET    /__sim/clock    the simulator's clock
 *   POST   /__sim/clock    {"now":<unix seconds> or "yyyy-MM-ddTHH:mm:ssZ"} or {"advance":<seconds>}
 */
#ifndef BSS_SIM_ADMIN_H
#define BSS_SIM_ADMIN_H

#include <stdbool.h>
#include <stddef.h>

#include "sim/server.h"

#define ADMIN_PREFIX "/__sim"

struct admin_request {
	const char *method;
	const char *path;            /* decoded, starts with ADMIN_PREFIX */
	const char *authorization;   /* the header, NULL when absent */
	const char *body;            /* NUL-terminated */
	size_t body_len;
};

/* True for every path the admin API owns. */
bool admin_owns(const char *path);
/* Answers req into resp (resp->body heap, or NULL). admin_token is borrowed. */
void admin_handle(struct sim_server *srv, const char *admin_token,
    const struct admin_request *req, struct sim_response *resp);

#endif
