/*
 * bsssim: a stateful local simulator of Huawei Cloud's BSS API.
 *
 * Prints its base URL (with the port actually bound) as the first line of
 * stdout, serves until SIGINT or SIGTERM, then saves --state if given.
 */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "sim/server.h"
#include "sim/sim.h"
#include "util/buf.h"
#include "util/log.h"
#include "util/readfile.h"
#include "util/timeutil.h"
#include "util/uintparse.h"
#include "util/xalloc.h"

/* Documented in README.md ("The simulator"): never valid anywhere else. */
#define DEMO_AK "BSSSIMDEMOACCESSKEY1"
#define DEMO_SK "bsssim-demo-secret-key-not-for-real-use"
#define DEMO_ADMIN_TOKEN "bsssim-admin-demo-token"
#define PEM_MAX (256u * 1024u)

struct cli {
	char *host;
	unsigned short port;
	bool allow_remote;
	const char *ak, *sk, *token;
	const char *admin_token;
	unsigned long seed;
	long scale;
	enum sim_site site;
	const char *faults;
	unsigned rate_limit;
	const char *tls_cert, *tls_key;
	const char *state_path;
	const char *log_path;
};

static void
usage(FILE *fp)
{
	fputs("usage: bsssim [OPTIONS]\n"
	    "\n"
	    "A stateful local simulator of Huawei Cloud's BSS (billing) API.\n"
	    "The first line of output is the base URL, e.g. http://127.0.0.1:40123.\n"
	    "\n"
	    "  --listen HOST:PORT     address to serve on (default 127.0.0.1:0, any free port)\n"
	    "  --allow-remote         allow a --listen address that is not loopback\n"
	    "  --ak AK --sk SK        the accepted access key pair (default: the demo keys)\n"
	    "  --token TOKEN          the AK is temporary: requests need X-Security-Token TOKEN\n"
	    "  --admin-token T        Bearer token of the /__sim/ admin API (default: demo token)\n"
	    "  --seed N               seed of the data and of the fault dice (default 1)\n"
	    "  --scale small|large|N  data volume: default account, 100,000 resources, or N\n"
	    "  --site cn|intl         answer as the Chinese-mainland site (CNY, the default)\n"
	    "                         or the international one (USD)\n"
	    "  --faults SPEC          inject faults, e.g. latency=50ms,error5xx=0.1@/v2/orders\n"
	    "  --rate-limit N         requests per second per API (default 10, 0 = off)\n"
	    "  --tls-cert F --tls-key F  serve HTTPS with this PEM certificate and key\n"
	    "  --state FILE           load the state from FILE if it exists; save it there on exit\n"
	    "  --log FILE             debug log\n"
	    "  -h, --help             show this help\n"
	    "  -V, --version          show the version\n", fp);
}

/* "HOST:PORT", "[V6]:PORT", or just "PORT". */
static int
parse_listen(const char *s, struct cli *c)
{
	const char *colon = strrchr(s, ':');
	unsigned long port;

	if (s[0] == '[') {
		const char *close = strchr(s, ']');

		if (close == NULL || close[1] != ':')
			return -1;
		c->host = xstrndup(s + 1, (size_t)(close - s - 1));
		colon = close + 1;
	} else if (colon == NULL) {
		colon = s - 1;
	} else {
		c->host = xstrndup(s, (size_t)(colon - s));
	}
	if (ulong_parse(colon + 1, 0, 65535, &port) != 0)
		return -1;
	c->port = (unsigned short)port;
	return 0;
}

static int
parse_scale(const char *s, long *out)
{
	unsigned long n;

	if (strcmp(s, "small") == 0)
		*out = SIM_SCALE_DEFAULT;
	else if (strcmp(s, "large") == 0)
		*out = SIM_SCALE_LARGE;
	else if (ulong_parse(s, 0, 10000000, &n) == 0)
		*out = (long)n;
	else
		return -1;
	return 0;
}

static int
bad(const char *opt, const char *value)
{
	fprintf(stderr, "bsssim: bad value for %s: '%s' (see bsssim --help)\n", opt, value);
	return -1;
}

/* 0 = run, 1 = done (help, version), -1 = usage error (message printed). */
static int
parse_args(int argc, char **argv, struct cli *c)
{
	enum { O_LISTEN = 256, O_REMOTE, O_AK, O_SK, O_TOKEN, O_ADMIN, O_SEED, O_SCALE,
	    O_SITE, O_FAULTS, O_RATE, O_CERT, O_KEY, O_STATE, O_LOG };
	static const struct option opts[] = {
		{ "listen", required_argument, NULL, O_LISTEN },
		{ "allow-remote", no_argument, NULL, O_REMOTE },
		{ "ak", required_argument, NULL, O_AK },
		{ "sk", required_argument, NULL, O_SK },
		{ "token", required_argument, NULL, O_TOKEN },
		{ "admin-token", required_argument, NULL, O_ADMIN },
		{ "seed", required_argument, NULL, O_SEED },
		{ "scale", required_argument, NULL, O_SCALE },
		{ "site", required_argument, NULL, O_SITE },
		{ "faults", required_argument, NULL, O_FAULTS },
		{ "rate-limit", required_argument, NULL, O_RATE },
		{ "tls-cert", required_argument, NULL, O_CERT },
		{ "tls-key", required_argument, NULL, O_KEY },
		{ "state", required_argument, NULL, O_STATE },
		{ "log", required_argument, NULL, O_LOG },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	unsigned long n;
	int o;

	while ((o = getopt_long(argc, argv, "hV", opts, NULL)) != -1) {
		switch (o) {
		case O_LISTEN:
			free(c->host);
			c->host = NULL;
			if (parse_listen(optarg, c) != 0)
				return bad("--listen", optarg);
			break;
		case O_REMOTE: c->allow_remote = true; break;
		case O_AK: c->ak = optarg; break;
		case O_SK: c->sk = optarg; break;
		case O_TOKEN: c->token = optarg; break;
		case O_ADMIN:
			if (*optarg == '\0')
				return bad("--admin-token", optarg);
			c->admin_token = optarg;
			break;
		case O_SEED:
			if (ulong_parse(optarg, 0, ULONG_MAX, &c->seed) != 0)
				return bad("--seed", optarg);
			break;
		case O_SCALE:
			if (parse_scale(optarg, &c->scale) != 0)
				return bad("--scale", optarg);
			break;
		case O_SITE:
			if (strcmp(optarg, "cn") != 0 && strcmp(optarg, "intl") != 0)
				return bad("--site", optarg);
			c->site = strcmp(optarg, "intl") == 0 ? SIM_SITE_INTL : SIM_SITE_CN;
			break;
		case O_FAULTS: c->faults = optarg; break;
		case O_RATE:
			if (ulong_parse(optarg, 0, 1000000, &n) != 0)
				return bad("--rate-limit", optarg);
			c->rate_limit = (unsigned)n;
			break;
		case O_CERT: c->tls_cert = optarg; break;
		case O_KEY: c->tls_key = optarg; break;
		case O_STATE: c->state_path = optarg; break;
		case O_LOG: c->log_path = optarg; break;
		case 'h': usage(stdout); return 1;
		case 'V': printf("bsssim %s\n", BSSDASH_VERSION); return 1;
		default: usage(stderr); return -1;
		}
	}
	if (optind < argc) {
		fprintf(stderr, "bsssim: unexpected argument '%s'\n", argv[optind]);
		return -1;
	}
	if ((c->ak == NULL) != (c->sk == NULL) || (c->token != NULL && c->ak == NULL)) {
		fputs("bsssim: --ak and --sk go together (and --token needs them)\n", stderr);
		return -1;
	}
	if ((c->tls_cert == NULL) != (c->tls_key == NULL)) {
		fputs("bsssim: --tls-cert and --tls-key go together\n", stderr);
		return -1;
	}
	return 0;
}

static char *
read_pem(const char *path)
{
	struct buf b = BUF_INIT(PEM_MAX);

	if (readfile_all(path, PEM_MAX, &b) != 0) {
		fprintf(stderr, "bsssim: cannot read %s: %s\n", path, strerror(errno));
		buf_free(&b);
		return NULL;
	}
	return buf_steal(&b, NULL);
}

static struct sim_state *
load_state(const struct cli *c)
{
	struct stat st;
	char err[256];
	struct sim_state *s;

	if (c->state_path == NULL || stat(c->state_path, &st) != 0) {
		s = sim_state_new(c->seed, c->scale, time_now());
	} else {
		s = sim_state_load(c->state_path, err, sizeof(err));
		if (s == NULL) {
			fprintf(stderr, "bsssim: cannot load state from %s: %s\n", c->state_path, err);
			return NULL;
		}
	}
	sim_state_set_site(s, c->site);
	return s;
}

static int
serve(const struct cli *c, struct sim_server_opts *so)
{
	struct sim_server *srv;
	sigset_t stop;
	char err[512];
	int sig, rc = 0;

	/* Blocked before any thread starts, so every thread inherits the mask and
	 * only sigwait() below ever sees the stop signals. */
	sigemptyset(&stop);
	sigaddset(&stop, SIGINT);
	sigaddset(&stop, SIGTERM);
	pthread_sigmask(SIG_BLOCK, &stop, NULL);
	signal(SIGPIPE, SIG_IGN);

	so->state = load_state(c);
	if (so->state == NULL)
		return 1;
	if (sim_server_start(so, &srv, err, sizeof(err)) != 0) {
		fprintf(stderr, "bsssim: %s\n", err);
		sim_state_free(so->state);
		return 1;
	}
	printf("%s\n", sim_server_url(srv));
	fflush(stdout);
	sigwait(&stop, &sig);
	sim_server_stop(srv);
	if (c->state_path != NULL &&
	    sim_server_save_state(srv, c->state_path, err, sizeof(err)) != 0) {
		fprintf(stderr, "bsssim: cannot save state to %s: %s\n", c->state_path, err);
		rc = 1;
	}
	sim_server_free(srv);
	return rc;
}

int
main(int argc, char **argv)
{
	struct cli c = { 0 };
	struct sim_server_opts so = { 0 };
	struct sim_cred cred;
	char *cert = NULL, *key = NULL;
	int rc;

	c.seed = 1;
	c.rate_limit = SIM_DEFAULT_RATE_LIMIT;
	c.admin_token = DEMO_ADMIN_TOKEN;
	rc = parse_args(argc, argv, &c);
	if (rc != 0) {
		free(c.host);
		return rc > 0 ? 0 : 2;
	}
	if (c.log_path != NULL && log_open(c.log_path) != 0)
		fprintf(stderr, "bsssim: cannot open log %s: %s\n", c.log_path, strerror(errno));
	if (c.tls_cert != NULL) {
		cert = read_pem(c.tls_cert);
		key = cert != NULL ? read_pem(c.tls_key) : NULL;
		if (key == NULL) {
			free(cert);
			free(c.host);
			return 1;
		}
	}
	cred.ak = c.ak != NULL ? c.ak : DEMO_AK;
	cred.sk = c.sk != NULL ? c.sk : DEMO_SK;
	cred.token = c.token;
	so.host = c.host;
	so.port = c.port;
	so.allow_remote = c.allow_remote;
	so.creds = &cred;
	so.ncreds = 1;
	so.admin_token = c.admin_token;
	so.seed = c.seed;
	so.rate_limit = c.rate_limit;
	so.faults = c.faults;
	so.tls_cert_pem = cert;
	so.tls_key_pem = key;
	rc = serve(&c, &so);
	free(cert);
	xfree_secret(key);
	free(c.host);
	log_close();
	return rc;
}
