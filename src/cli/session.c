#include "cli/session.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim/embed.h"
#include "util/xalloc.h"

static long
timeout_ms(const struct cli_session *s)
{
	return (long)config_ui(s->cfg)->timeout_s * 1000;
}

/* Makes the clients of conn, or sets its error. */
static void
make_clients(struct cli_session *s, struct cli_conn *c, const struct http_config *h)
{
	char err[512];

	c->endpoint = xstrdup(h->endpoint);
	c->http = http_client_new(&s->loop, h, err, sizeof err);
	if (c->http == NULL) {
		c->error = xstrdup(err);
		return;
	}
	c->bss = bss_client_new(&s->loop, c->http, BSS_LANG_DEFAULT);
}

static struct cli_conn *
add_conn(struct cli_session *s, const char *profile)
{
	struct cli_conn *c;

	s->conns = xreallocarray(s->conns, s->nconns + 1, sizeof *s->conns);
	c = &s->conns[s->nconns++];
	memset(c, 0, sizeof *c);
	c->profile = xstrdup(profile);
	return c;
}

static void
open_profile(struct cli_session *s, const char *name, const char *cacert)
{
	char err[512];
	const struct config_profile *p = config_use_profile(s->cfg, name, err, sizeof err);
	struct cli_conn *c = add_conn(s, p != NULL ? p->name : name != NULL ? name : "default");
	struct http_config h = { 0 };

	if (p == NULL || config_need_credentials(s->cfg, p, err, sizeof err) != 0) {
		c->error = xstrdup(err);
		return;
	}
	c->read_only = p->read_only;
	h.endpoint = p->endpoint;
	h.ak = p->ak;
	h.sk = p->sk;
	h.security_token = p->security_token;
	h.domain_id = p->domain_id;
	h.ca_file = cacert != NULL ? cacert : p->ca_file[0] != '\0' ? p->ca_file : NULL;
	h.timeout_ms = timeout_ms(s);
	/* The http client copies the credentials; the next profile wipes these. */
	make_clients(s, c, &h);
}

static int
open_demo(struct cli_session *s, bool intl, char *err, size_t errlen)
{
	struct sim_embed_opts eo = { .intl = intl };
	struct http_config h = { 0 };

	s->demo = xcalloc(1, sizeof *s->demo);
	if (sim_embed_start(s->demo, &eo, err, errlen) != 0)
		return -1;
	h.endpoint = s->demo->base_url;
	h.ak = s->demo->ak;
	h.sk = s->demo->sk;
	h.timeout_ms = timeout_ms(s);
	make_clients(s, add_conn(s, "demo"), &h);
	return 0;
}

int
cli_session_open(struct cli_session *s, const struct options *o, bool all_profiles,
    char *err, size_t errlen)
{
	memset(s, 0, sizeof *s);
	uv_loop_init(&s->loop);
	/* Also with --demo, as the dashboard: the settings ([ui] timeout, alerts) apply. */
	s->cfg = config_load(o, err, errlen);
	if (s->cfg == NULL)
		return -1;
	for (size_t i = 0; i < config_warning_count(s->cfg); i++)
		fprintf(stderr, "bssdash: warning: %s\n", config_warning(s->cfg, i));
	if (o->demo)
		return open_demo(s, o->site == OPTIONS_SITE_INTL, err, errlen);
	if (all_profiles && config_profile_count(s->cfg) > 0) {
		for (size_t i = 0; i < config_profile_count(s->cfg); i++)
			open_profile(s, config_profile_name(s->cfg, i), o->cacert);
		return 0;
	}
	open_profile(s, NULL, o->cacert);
	if (s->conns[0].error != NULL) {
		snprintf(err, errlen, "%s", s->conns[0].error);
		return -1;
	}
	return 0;
}

void
cli_session_run(struct cli_session *s)
{
	uv_run(&s->loop, UV_RUN_DEFAULT);
}

void
cli_session_close(struct cli_session *s)
{
	for (size_t i = 0; i < s->nconns; i++) {
		bss_client_free(s->conns[i].bss);
		http_client_free(s->conns[i].http);
	}
	uv_run(&s->loop, UV_RUN_DEFAULT);
	if (uv_loop_close(&s->loop) != 0)
		fprintf(stderr, "bssdash: warning: handles left open at exit\n");
	for (size_t i = 0; i < s->nconns; i++) {
		free(s->conns[i].profile);
		free(s->conns[i].endpoint);
		free(s->conns[i].error);
	}
	free(s->conns);
	if (s->demo != NULL) {
		sim_embed_stop(s->demo);
		free(s->demo);
	}
	config_free(s->cfg);
	memset(s, 0, sizeof *s);
}
