/*
 * session: what every headless command needs before its first request:
 * the configuration, one loop, and per account an http + bss client.
 *
 * One account normally (the active profile); with --all-profiles one per
 * configured profile, all on the same loop so they are fetched at once. A
 * profile that cannot be used (no credentials, a refused endpoint) gets a
 * connection with `error` set instead of clients, so callers report it on
 * its own row without hiding the others. With --demo the only account is
 * the embedded simulator.
 *
 * The per-request time budget is the configuration's (app/config.h:
 * --timeout, BSSDASH_TIMEOUT, [ui] timeout), as in the dashboard. The
 * configuration's warnings go to stderr once, when the session opens.
 */
#ifndef BSS_CLI_SESSION_H
#define BSS_CLI_SESSION_H

#include <stdbool.h>
#include <stddef.h>
#include <uv.h>

#include "api/bss.h"
#include "api/http.h"
#include "app/config.h"
#include "app/options.h"

struct cli_conn {
	char *profile;
	char *endpoint;
	bool read_only;              /* the profile's read_only = true */
	char *error;                 /* non-NULL: unusable, and why; no clients */
	struct http_client *http;
	struct bss_client *bss;
};

struct cli_session {
	uv_loop_t loop;
	struct config *cfg;          /* also with --demo (its keys are not used then) */
	struct sim_embed *demo;      /* non-NULL with --demo */
	struct cli_conn *conns;
	size_t nconns;
};

/*
 * 0, or -1 with a one-line message in err (bad configuration, no usable
 * profile, the demo simulator would not start). With all_profiles, a
 * profile's own trouble is its connection's error, not a failure here.
 */
int cli_session_open(struct cli_session *s, const struct options *o, bool all_profiles,
    char *err, size_t errlen);
/* Frees the clients, runs the loop until their handles close, closes it. */
void cli_session_close(struct cli_session *s);

/* Runs the loop until nothing is pending. */
void cli_session_run(struct cli_session *s);

#endif
