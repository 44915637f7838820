#include "sim/embed.h"

#include <stdio.h>
#include <string.h>
#include <sys/random.h>

#include "sim/server.h"
#include "sim/sim.h"
#include "util/timeutil.h"

/* Random characters from alphabet; -1 when the kernel gives no randomness. */
static int
random_text(char *out, size_t n, const char *alphabet)
{
	unsigned char raw[64];
	size_t alen = strlen(alphabet);

	if (n > sizeof(raw) || getrandom(raw, n, 0) != (ssize_t)n)
		return -1;
	for (size_t i = 0; i < n; i++)
		out[i] = alphabet[raw[i] % alen];
	out[n] = '\0';
	explicit_bzero(raw, sizeof(raw));
	return 0;
}

int
sim_embed_start(struct sim_embed *e, const struct sim_embed_opts *opts, char *err,
    size_t errlen)
{
	static const char upper[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
	static const char mixed[] =
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
	struct sim_cred cred;
	struct sim_server_opts so = { 0 };

	memset(e, 0, sizeof(*e));
	if (random_text(e->ak, SIM_EMBED_AK_LEN, upper) != 0 ||
	    random_text(e->sk, SIM_EMBED_SK_LEN, mixed) != 0 ||
	    random_text(e->admin_token, SIM_EMBED_TOKEN_LEN, mixed) != 0) {
		sim_embed_stop(e);
		snprintf(err, errlen, "no randomness for the demo keys");
		return -1;
	}
	cred.ak = e->ak;
	cred.sk = e->sk;
	cred.token = NULL;
	so.creds = &cred;
	so.ncreds = 1;
	so.admin_token = e->admin_token;
	so.seed = opts->seed;
	so.rate_limit = opts->rate_limit;
	so.faults = opts->faults;
	so.state = sim_state_new(opts->seed, SIM_SCALE_DEFAULT, time_now());
	sim_state_set_site(so.state, opts->intl ? SIM_SITE_INTL : SIM_SITE_CN);
	if (sim_server_start(&so, &e->server, err, errlen) != 0) {
		sim_state_free(so.state);
		sim_embed_stop(e);
		return -1;
	}
	e->base_url = sim_server_url(e->server);
	return 0;
}

void
sim_embed_stop(struct sim_embed *e)
{
	sim_server_free(e->server);
	explicit_bzero(e, sizeof(*e));
}
