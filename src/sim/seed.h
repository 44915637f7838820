/*
 * seed: builds bsssim's world, deterministically from (seed, scale, now).
 *
 * scale SIM_SCALE_DEFAULT (0) is the default believable account (the
 * conformance suite and the demo run on it); scale N > 0 fills the same
 * account with N yearly/monthly resources and about 10 x N bill records
 * (SIM_SCALE_LARGE: 100,000 and 1,000,000), for benchmarks. Dates are
 * relative to now.
 */
#ifndef BSS_SIM_SEED_H
#define BSS_SIM_SEED_H

#include <time.h>

struct sim_state;

/* Fills an empty world (st_alloc). The id indexes are the caller's (st_reindex). */
void seed_build(struct sim_state *st, unsigned long seed, long scale, time_t now);

#endif
