/*
 * ratelimit: the gateway's flow control, N requests per sliding second per key.
 *
 * bsssim keys it by API (the route), as bss-api.md 2.4 documents (one client
 * and one account, so source IP and account add nothing). A refused request
 * does not count against the window: it was never processed.
 * Safe to use from several threads at once.
 */
#ifndef BSS_SIM_RATELIMIT_H
#define BSS_SIM_RATELIMIT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define RATELIMIT_WINDOW_MS 1000u

struct ratelimit;

/* nkeys keys, limit requests per window per key; limit 0 = no limit. */
struct ratelimit *ratelimit_new(size_t nkeys, unsigned limit);
void ratelimit_free(struct ratelimit *rl);

/* Counts one request for key at now_ms (monotonic); false = refuse it. */
bool ratelimit_allow(struct ratelimit *rl, size_t key, uint64_t now_ms);
unsigned ratelimit_limit(const struct ratelimit *rl);

#endif
