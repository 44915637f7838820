#include "tui/dash.h"

#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/http.h"
#include "app/billing.h"
#include "app/config.h"
#include "app/journal.h"
#include "app/store.h"
#include "app/store_bss.h"
#include "sim/embed.h"
#include "tui/actui.h"
#include "tui/keymap.h"
#include "tui/ui.h"
#include "util/xalloc.h"

struct dash {
	struct config *cfg;
	struct store *store;
	struct store_bss *sb;
	struct actui *act;
	bool read_only;          /* --read-only, over every profile */
	struct billing *billing;
};

static void
http_from_profile(const struct config *cfg, const struct config_profile *p, struct http_config *h)
{
	memset(h, 0, sizeof *h);
	h->timeout_ms = (long)config_ui(cfg)->timeout_s * 1000;
	h->endpoint = p->endpoint;
	h->ak = p->ak;
	h->sk = p->sk;
	h->security_token = p->security_token;
	h->domain_id = p->domain_id;
	h->ca_file = p->ca_file[0] ? p->ca_file : NULL;
}

/* P: the store forgets the old account, the connection moves, data reloads. */
static int
switch_profile(void *ud, const char *name, char *err, size_t errlen)
{
	struct dash *d = ud;
	const struct config_profile *p = config_use_profile(d->cfg, name, err, errlen);
	struct http_config h;

	if (!actui_idle(d->act)) {
		snprintf(err, errlen, "an action is open or in flight: finish it first");
		return -1;
	}
	if (p == NULL || config_need_credentials(d->cfg, p, err, errlen) != 0)
		return -1;
	http_from_profile(d->cfg, p, &h);
	/* The actions borrow the old client: they go before it does. */
	actui_disconnect(d->act);
	if (store_bss_connect(d->sb, &h, err, errlen) != 0)
		return -1;
	store_switch_profile(d->store, p->name, p->endpoint, d->read_only || p->read_only);
	billing_set_client(d->billing, store_bss_client(d->sb));
	actui_connect(d->act, store_bss_client(d->sb), p->name, p->endpoint,
	    d->read_only || p->read_only);
	store_refresh_all(d->store);
	return 0;
}

/* The config's [keys] over the defaults; the first bad line becomes a notice. */
static struct keymap *
load_keys(const struct config *cfg, char *notice, size_t n)
{
	struct keymap *km = keymap_new();

	notice[0] = '\0';
	for (size_t i = 0; i < config_binding_count(cfg); i++) {
		const struct config_binding *b = config_binding(cfg, i);
		char err[256];

		if (keymap_bind(km, b->key, b->command, err, sizeof err) != 0 && notice[0] == '\0')
			snprintf(notice, n, "%s:%u: [keys] %s", config_path(cfg), b->line, err);
	}
	return km;
}

/*
 * The config's warnings (unknown keys, a bad BSSDASH_TIMEOUT) join the
 * notice: the screen hides stderr, so the status line is where they show.
 */
static void
add_config_warnings(const struct config *cfg, char *notice, size_t n)
{
	size_t count = config_warning_count(cfg), used = strlen(notice);
	char more[48] = "";

	if (count == 0)
		return;
	if (count > 1)
		snprintf(more, sizeof more, " (and %zu more warnings)", count - 1);
	snprintf(notice + used, n - used, "%swarning: %s%s", used ? "; " : "",
	    config_warning(cfg, 0), more);
}

int
dash_main(const struct options *o, int argc, char **argv)
{
	struct dash d = { 0 };
	const struct config_profile *p;
	struct config_profile demo;
	struct sim_embed sim = { 0 };
	const struct config_ui *cu;
	const struct config_alerts *ca;
	struct store_options so = { 0 };
	struct ui_options uo = { 0 };
	struct http_config h;
	struct journal *journal;
	const char **profiles = NULL;
	char err[512], notice[512], jerr[512];
	const char *frames = getenv("BSSDASH_FRAMES");
	uv_loop_t loop;
	int rc = 1;

	if (argc > 1) {
		fprintf(stderr, "bssdash: the dashboard takes no arguments (see bssdash --help)\n");
		return 2;
	}
	(void)argv;
	setlocale(LC_CTYPE, "");
	d.cfg = config_load(o, err, sizeof err);
	if (d.cfg == NULL) {
		fprintf(stderr, "bssdash: %s\n", err);
		return 1;
	}
	if (o->demo) {
		/* The simulator in this process, with throwaway keys: the config's keys are not used. */
		if (sim_embed_start(&sim, &(struct sim_embed_opts){ .intl = o->site == OPTIONS_SITE_INTL },
		    err, sizeof err) != 0) {
			fprintf(stderr, "bssdash: --demo: %s\n", err);
			config_free(d.cfg);
			return 1;
		}
		demo = (struct config_profile){ .name = "demo", .ak = sim.ak, .sk = sim.sk,
			.security_token = "", .domain_id = "", .endpoint = sim.base_url, .ca_file = "" };
		p = &demo;
	} else {
		p = config_use_profile(d.cfg, NULL, err, sizeof err);
		if (p == NULL || config_need_credentials(d.cfg, p, err, sizeof err) != 0) {
			fprintf(stderr, "bssdash: %s\n", err);
			config_free(d.cfg);
			return 1;
		}
	}
	uv_loop_init(&loop);
	/* Without a journal nothing may be sent: the action keys then say why. */
	journal = journal_open(NULL, jerr, sizeof jerr);
	d.read_only = o->read_only;
	d.act = actui_new(&(struct actui_config){ .loop = &loop, .journal = journal,
	    .journal_error = journal == NULL ? jerr : NULL, .dry_run = o->dry_run });
	d.sb = store_bss_new(&loop);
	http_from_profile(d.cfg, p, &h);
	if (store_bss_connect(d.sb, &h, err, sizeof err) != 0) {
		fprintf(stderr, "bssdash: %s\n", err);
		goto out;
	}
	cu = config_ui(d.cfg);
	ca = config_alerts(d.cfg);
	so.profile = p->name;
	so.endpoint = p->endpoint;
	so.read_only = o->read_only || p->read_only;
	so.expiring_days = (int)cu->expiring_days;
	so.has_threshold = ca->has_balance_below;
	so.balance_threshold = ca->balance_below;
	so.balance_interval_s = cu->refresh_balance_s;
	so.refresh_interval_s = cu->refresh_s;
	d.store = store_new(&so);
	store_set_fetcher(d.store, &store_bss_fetcher, d.sb);
	d.billing = billing_new();
	billing_set_client(d.billing, store_bss_client(d.sb));
	store_set_billing(d.store, d.billing);
	actui_connect(d.act, store_bss_client(d.sb), p->name, p->endpoint, so.read_only);

	profiles = xcalloc(config_profile_count(d.cfg) + 1, sizeof *profiles);
	for (size_t i = 0; i < config_profile_count(d.cfg); i++)
		profiles[i] = config_profile_name(d.cfg, i);
	uo.theme = cu->theme;
	uo.keymap = load_keys(d.cfg, notice, sizeof notice);
	add_config_warnings(d.cfg, notice, sizeof notice);
	uo.notice = notice[0] ? notice : NULL;
	uo.escdelay_ms = (int)cu->escdelay_ms;
	uo.mouse = true;
	uo.profiles = profiles;
	uo.nprofiles = o->demo ? 0 : config_profile_count(d.cfg);
	uo.profile_switch = switch_profile;
	uo.profile_ud = &d;
	uo.actions = d.act;
	uo.max_frames = frames != NULL ? strtoul(frames, NULL, 10) : 0;
	uo.bench_loaded = getenv("BSSDASH_BENCH_EXIT_WHEN_LOADED") ? UI_LOADED_EXIT :
	    getenv("BSSDASH_BENCH_REPORT_LOADED") ? UI_LOADED_REPORT : UI_LOADED_IGNORE;
	rc = ui_run(&loop, d.store, &uo, err, sizeof err);
	if (rc < 0) {
		fprintf(stderr, "bssdash: %s\n", err);
		rc = 1;
	}
out:
	/* Cancel calls (the store and billing hear of it), close the clients, drain the loop. */
	actui_free(d.act);
	store_bss_free(d.sb);
	uv_run(&loop, UV_RUN_DEFAULT);
	billing_free(d.billing);
	if (uv_loop_close(&loop) != 0)
		fprintf(stderr, "bssdash: warning: handles left open at exit\n");
	store_free(d.store);
	journal_close(journal);
	free(profiles);
	config_free(d.cfg);
	sim_embed_stop(&sim);
	return rc;
}
