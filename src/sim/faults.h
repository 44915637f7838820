/*
 * faults: bsssim's misbehaviour on request (--faults, /__sim/faults).
 *
 * A spec is a comma-separated list of rules:
 *
 *     kind[=value][@/path/prefix][#count]
 *
 *   latency=50ms   jitter=10ms            delays (ms when no unit; "us", "ms", "s")
 *   error5xx=0.1   throttle=5%   reset    outcomes: a probability (0..1 or N%),
 *                                         a bare kind means 1
 *   @/v2/orders    the rule applies only to paths starting with this prefix
 *   #3             the rule fires at most 3 times, then is spent
 *
 * Each request gets a delay of its first matching latency rule plus a uniform
 * draw in [-jitter, +jitter] from its first matching jitter rule (never below
 * zero), and at most one outcome: one draw in [0,1) per request, walked
 * through the matching outcome rules in spec order, their probabilities
 * adding up (so "reset=0.5,error5xx=0.5" splits requests in two). Draws come
 * from a PRNG seeded by --seed, so a serial client sees the same faults on
 * every run.
 *
 * A struct faults is safe to use from several threads at once.
 */
#ifndef BSS_SIM_FAULTS_H
#define BSS_SIM_FAULTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum fault_kind {
	FAULT_NONE = 0,
	/* Delays. */
	FAULT_LATENCY,
	FAULT_JITTER,
	/* Outcomes decided before the handler runs: the request has no effect. */
	FAULT_ERROR5XX,      /* 500, 502 or 503 with an error body */
	FAULT_THROTTLE,      /* 429 CBC.0250, Retry-After: 1 */
	FAULT_RESET,         /* the connection is reset (RST) without an answer */
	FAULT_HANG,          /* no answer until the client gives up */
	/* Outcomes after the handler ran: the effect is applied. */
	FAULT_LOST_RESPONSE, /* the connection is closed without an answer */
	FAULT_TRUNCATE,      /* the body is cut in half (Content-Length matches) */
	FAULT_MALFORMED,     /* the body is an HTML error page, not JSON */
	FAULT_SLOW,          /* the body is dribbled out over about two seconds */
	FAULT_HUGE,          /* a 200 MB JSON body */
	FAULT_ENDLESS,       /* a chunked body that never ends */
	FAULT_NKINDS
};

struct faults;

struct fault_plan {
	enum fault_kind outcome;     /* FAULT_NONE: answer normally */
	unsigned delay_ms;           /* sleep this long before doing anything */
};

struct faults *faults_new(uint64_t seed);
void faults_free(struct faults *f);

/*
 * Parses spec and, when it is valid, replaces the active rules (and leaves
 * them alone otherwise). An empty spec or "none" clears them.
 * 0, or -1 with a message naming the bad rule in err.
 */
int faults_set(struct faults *f, const char *spec, char *err, size_t errlen);
void faults_clear(struct faults *f);

/* The plan for one request to path; spends counted rules that fire. */
void faults_draw(struct faults *f, const char *path, struct fault_plan *plan);
/* A uniform integer in [0, n) from the same PRNG (n > 0). */
uint64_t faults_random(struct faults *f, uint64_t n);

/*
 * The active rules as JSON (heap; free()):
 * {"spec":"latency=50ms,error5xx=0.5@/v2/orders#2","rules":[{"kind":...,
 * "value":...,"prefix":...,"remaining":...}]}, "remaining" being what is
 * left of a #count.
 */
char *faults_json(struct faults *f);
/* The active rules in spec syntax (heap; free()); "" when none. */
char *faults_spec(struct faults *f);

const char *faults_kind_name(enum fault_kind k);
/* True for the outcomes that replace the handler (error5xx ... hang). */
bool faults_before_effect(enum fault_kind k);

#endif
