/*
 * monitor: the balance and expiring resources, checked on a schedule.
 *
 *   monitor [--balance-below AMOUNT] [--expiring-within DAYS] [--interval SECONDS]
 *           [--once] [--exec CMD] [--count N] [--all-profiles]
 *
 * Every check prints one timestamped line per account. When the cash balance
 * falls below AMOUNT (default: [alerts] balance_below of the config), or a
 * resource newly comes within DAYS of expiry, an ALERT line says so and
 * --exec runs CMD (through /bin/sh) with the details in BSSDASH_* variables;
 * a RECOVERED line follows when the balance is back.
 *
 * --once is a monitoring plugin: one status line with performance data and
 * the exit status 0 OK, 1 WARNING (resources expiring), 2 CRITICAL (balance
 * below), 3 UNKNOWN (an account could not be read).
 */
#include "cli/cli.h"

#include <getopt.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/args.h"
#include "cli/session.h"
#include "util/buf.h"
#include "util/timeutil.h"
#include "util/xalloc.h"

extern char **environ;

enum nagios { N_OK = 0, N_WARNING = 1, N_CRITICAL = 2, N_UNKNOWN = 3 };

struct acct {
	struct mon *m;
	struct cli_conn *conn;
	/* this check */
	struct model *balances, *resources;
	struct bss_error *err;
	/* carried between checks, to alert on changes only */
	bool checked;
	bool below;
	char **expiring;
	size_t nexpiring;
	/* the verdict of this check */
	enum nagios status;
	char *why;                   /* UNKNOWN: why the account could not be checked */
	bool has_cash;
	money_t cash;
	/* Copied: the balances model is freed when the check ends, before the report. */
	char currency[16];
	size_t nexp_now;
};

struct mon {
	struct cli_session s;
	struct acct *accts;
	size_t naccts;
	unsigned pending;
	bool has_threshold;
	money_t threshold;
	long expiring_days;          /* < 0: not watched */
	long interval_s;
	long count;                  /* checks to run; 0 = until stopped */
	long done;
	bool once;
	const char *exec;
	uv_timer_t timer;
	uv_signal_t sigint, sigterm;
	bool stopping;
	int rc;
};

static void check_start(struct mon *m);

/* --- alerts ------------------------------------------------------------------- */

static void
free_handle(uv_handle_t *h)
{
	free(h);
}

static void
exited(uv_process_t *p, int64_t status, int signal)
{
	(void)status;
	(void)signal;
	uv_close((uv_handle_t *)p, free_handle);
}

/* Runs the --exec command with the alert's details added to the environment. */
static void
run_exec(struct mon *m, const struct acct *a, const char *kind, const char *message)
{
	char threshold[MONEY_BUFSZ] = "", cash[MONEY_BUFSZ] = "", days[24], count[24];
	struct buf ids = BUF_INIT(0);
	size_t n = 0;
	char **env, *args[] = { (char *)"/bin/sh", (char *)"-c", (char *)m->exec, NULL };
	enum { NVARS = 9 };
	uv_process_options_t po = { 0 };
	uv_stdio_container_t io[3];
	uv_process_t *p;
	int err;

	if (m->has_threshold)
		money_format_plain(m->threshold, threshold, sizeof threshold);
	if (a->has_cash)
		money_format_plain(a->cash, cash, sizeof cash);
	snprintf(days, sizeof days, "%ld", m->expiring_days);
	snprintf(count, sizeof count, "%zu", a->nexpiring);
	for (size_t i = 0; i < a->nexpiring; i++) {
		if (i > 0)
			buf_putc(&ids, ' ');
		buf_puts(&ids, a->expiring[i]);
	}
	while (environ[n] != NULL)
		n++;
	/* Ours first: the first of two same-named variables is the one seen. */
	env = xcalloc(n + NVARS + 1, sizeof *env);
	memcpy(env + NVARS, environ, n * sizeof *env);
	n = 0;
	env[n++] = xasprintf("BSSDASH_ALERT=%s", kind);
	env[n++] = xasprintf("BSSDASH_PROFILE=%s", a->conn->profile);
	env[n++] = xasprintf("BSSDASH_MESSAGE=%s", message);
	env[n++] = xasprintf("BSSDASH_BALANCE=%s", cash);
	env[n++] = xasprintf("BSSDASH_THRESHOLD=%s", threshold);
	env[n++] = xasprintf("BSSDASH_CURRENCY=%s", a->currency);
	env[n++] = xasprintf("BSSDASH_EXPIRING_DAYS=%s", m->expiring_days >= 0 ? days : "");
	env[n++] = xasprintf("BSSDASH_EXPIRING_COUNT=%s", count);
	env[n++] = xasprintf("BSSDASH_EXPIRING_IDS=%s", buf_cstr(&ids));
	io[0].flags = UV_IGNORE;
	io[1].flags = UV_INHERIT_FD;
	io[1].data.fd = 1;
	io[2].flags = UV_INHERIT_FD;
	io[2].data.fd = 2;
	po.file = args[0];
	po.args = args;
	po.env = env;
	po.exit_cb = exited;
	po.stdio = io;
	po.stdio_count = 3;
	p = xcalloc(1, sizeof *p);
	err = uv_spawn(&m->s.loop, p, &po);
	if (err != 0) {
		fprintf(stderr, "bssdash: monitor: cannot run --exec: %s\n", uv_strerror(err));
		free(p);
	}
	for (size_t i = 0; i < NVARS; i++)
		free(env[i]);
	free(env);
	buf_free(&ids);
}

static void
line(const char *profile, const char *fmt, ...) BSS_PRINTF(2, 3);

static void
line(const char *profile, const char *fmt, ...)
{
	char ts[TIME_ISO_BUFSZ];
	va_list ap;

	printf("%s %s: ", time_format_iso(time_now(), ts), profile);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	fflush(stdout);
}

/* --- one check ------------------------------------------------------------------ */

static bool
known(char *const *v, size_t n, const char *id)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(v[i], id) == 0)
			return true;
	return false;
}

/* Judges one account's answers, prints its lines, alerts on changes. */
static void
judge(struct mon *m, struct acct *a)
{
	const struct model_balances *b = a->balances != NULL ? model_balances(a->balances) : NULL;
	const struct model_resources *rs = a->resources != NULL ?
	    model_resources(a->resources) : NULL;
	char cash[MONEY_BUFSZ], limit[MONEY_BUFSZ], msg[512];
	char **now_ids = NULL;
	size_t fresh = 0;

	a->status = N_OK;
	a->has_cash = false;
	a->nexp_now = 0;
	free(a->why);
	a->why = NULL;
	if (a->conn->error != NULL || a->err != NULL) {
		a->status = N_UNKNOWN;
		a->why = xstrdup(a->conn->error != NULL ? a->conn->error : a->err->message);
		if (!m->once)
			line(a->conn->profile, "UNKNOWN cannot check: %s", a->why);
		return;
	}
	snprintf(a->currency, sizeof a->currency, "%s", b->currency[0] != '\0' ? b->currency : "CNY");
	for (size_t i = 0; i < b->n_account_balances; i++) {
		if (b->account_balances[i].account_type == 1) {
			a->has_cash = true;
			a->cash = b->account_balances[i].amount;
		}
	}
	if (rs != NULL) {
		now_ids = xcalloc(rs->n_data + 1, sizeof *now_ids);
		for (size_t i = 0; i < rs->n_data; i++) {
			now_ids[i] = xstrdup(rs->data[i].resource_id);
			fresh += !known(a->expiring, a->nexpiring, now_ids[i]);
		}
		a->nexp_now = rs->n_data;
	}
	money_format_grouped(a->has_cash ? a->cash : 0, 2, cash, sizeof cash);
	if (m->has_threshold)
		money_format_grouped(m->threshold, 2, limit, sizeof limit);
	if (rs != NULL && a->nexp_now > 0)
		a->status = N_WARNING;
	if (m->has_threshold && a->has_cash && a->cash < m->threshold)
		a->status = N_CRITICAL;
	if (m->once) {
		for (size_t i = 0; now_ids != NULL && i < a->nexp_now; i++)
			free(now_ids[i]);
		free(now_ids);
		return;
	}

	if (rs != NULL)
		line(a->conn->profile, "balance %s %s, %zu resource%s expiring within %ld days",
		    cash, a->currency, a->nexp_now, a->nexp_now == 1 ? "" : "s", m->expiring_days);
	else
		line(a->conn->profile, "balance %s %s", cash, a->currency);
	for (size_t i = 0; i < a->nexpiring; i++)
		free(a->expiring[i]);
	free(a->expiring);
	a->expiring = now_ids;
	a->nexpiring = a->nexp_now;
	if (m->has_threshold && a->has_cash) {
		bool below = a->cash < m->threshold;

		if (below && (!a->checked || !a->below)) {
			snprintf(msg, sizeof msg, "balance %s %s is below %s %s", cash, a->currency,
			    limit, a->currency);
			line(a->conn->profile, "ALERT %s", msg);
			if (m->exec != NULL)
				run_exec(m, a, "balance", msg);
		} else if (!below && a->checked && a->below) {
			line(a->conn->profile, "RECOVERED balance %s %s is back above %s %s", cash,
			    a->currency, limit, a->currency);
		}
		a->below = below;
	}
	if (rs != NULL && fresh > 0) {
		snprintf(msg, sizeof msg, "%zu resource%s newly expiring within %ld days", fresh,
		    fresh == 1 ? "" : "s", m->expiring_days);
		line(a->conn->profile, "ALERT %s", msg);
		if (m->exec != NULL)
			run_exec(m, a, "expiring", msg);
	}
	a->checked = true;
}

static int
rank(enum nagios s)
{
	static const int r[] = { [N_OK] = 0, [N_UNKNOWN] = 1, [N_WARNING] = 2, [N_CRITICAL] = 3 };
	return r[s];
}

/* --once: the plugin's one line, with performance data, and its status. */
static enum nagios
plugin_report(struct mon *m)
{
	static const char *const names[] = { "OK", "WARNING", "CRITICAL", "UNKNOWN" };
	enum nagios worst = N_OK;
	struct buf text = BUF_INIT(0), perf = BUF_INIT(0);

	for (size_t i = 0; i < m->naccts; i++) {
		struct acct *a = &m->accts[i];
		const char *prefix = m->naccts > 1 ? a->conn->profile : "";
		const char *sep = m->naccts > 1 ? "_" : "";
		char cash[MONEY_BUFSZ], limit[MONEY_BUFSZ];

		if (rank(a->status) > rank(worst))
			worst = a->status;
		if (i > 0)
			buf_puts(&text, "; ");
		if (m->naccts > 1)
			buf_printf(&text, "%s: ", a->conn->profile);
		if (a->status == N_UNKNOWN) {
			buf_printf(&text, "cannot check: %s", a->why);
			continue;
		}
		money_format(a->has_cash ? a->cash : 0, 2, cash, sizeof cash);
		buf_printf(&text, "balance %s %s", cash, a->currency);
		if (m->has_threshold) {
			money_format(m->threshold, 2, limit, sizeof limit);
			buf_printf(&text, " (%s %s)", a->status == N_CRITICAL ? "below" : "threshold",
			    limit);
		}
		if (m->expiring_days >= 0)
			buf_printf(&text, ", %zu expiring within %ld days", a->nexp_now,
			    m->expiring_days);
		/* label=value;warn;crit;min;max: critical below the threshold ("N:"). */
		buf_printf(&perf, "%s'%s%sbalance'=%s;;%s%s;;", perf.len > 0 ? " " : "", prefix,
		    sep, cash, m->has_threshold ? limit : "", m->has_threshold ? ":" : "");
		if (m->expiring_days >= 0)
			buf_printf(&perf, " '%s%sexpiring'=%zu;0;;0;", prefix, sep, a->nexp_now);
	}
	printf("BSSDASH %s - %s%s%s\n", names[worst], buf_cstr(&text), perf.len > 0 ? " | " : "",
	    buf_cstr(&perf));
	fflush(stdout);
	buf_free(&text);
	buf_free(&perf);
	return worst;
}

static void
stop(struct mon *m)
{
	if (m->stopping)
		return;
	m->stopping = true;
	uv_close((uv_handle_t *)&m->timer, NULL);
	uv_close((uv_handle_t *)&m->sigint, NULL);
	uv_close((uv_handle_t *)&m->sigterm, NULL);
}

static void
on_timer(uv_timer_t *t)
{
	check_start(t->data);
}

static void
check_done(struct mon *m)
{
	bool failed = false;

	for (size_t i = 0; i < m->naccts; i++) {
		/* Interrupted: the answers are cancellations, not news. */
		if (!m->stopping)
			judge(m, &m->accts[i]);
		failed |= m->accts[i].status == N_UNKNOWN;
		model_free(m->accts[i].balances);
		model_free(m->accts[i].resources);
		bss_error_free(m->accts[i].err);
		m->accts[i].balances = m->accts[i].resources = NULL;
		m->accts[i].err = NULL;
	}
	m->done++;
	if (m->once) {
		m->rc = plugin_report(m);
		stop(m);
		return;
	}
	m->rc = failed ? 1 : 0;
	if (m->stopping || (m->count > 0 && m->done >= m->count))
		stop(m);
	else
		uv_timer_start(&m->timer, on_timer, (uint64_t)m->interval_s * 1000, 0);
}

static void
answered(struct acct *a, struct model *result, struct bss_error *err)
{
	struct mon *m = a->m;

	if (err != NULL && a->err == NULL)
		a->err = err;
	else
		bss_error_free(err);
	if (result != NULL && model_balances(result) != NULL)
		a->balances = result;
	else if (result != NULL)
		a->resources = result;
	if (--m->pending == 0)
		check_done(m);
}

static void
balance_done(struct model *result, struct bss_error *err, void *ud)
{
	answered(ud, result, err);
}

static void
check_start(struct mon *m)
{
	char begin[TIME_ISO_BUFSZ], end[TIME_ISO_BUFSZ];
	time_t now = time_now();
	struct bss_list_pay_per_use_customer_resources_params q = {
		.only_main_resource = BSS_INT(1),
		.expire_time_begin = time_format_iso(now, begin),
		.expire_time_end = time_format_iso(now + m->expiring_days * 86400, end),
	};

	/* Counted before any call starts: answers never come inside the calls. */
	for (size_t i = 0; i < m->naccts; i++)
		if (m->accts[i].conn->bss != NULL)
			m->pending += m->expiring_days >= 0 ? 2 : 1;
	if (m->pending == 0) {
		check_done(m);
		return;
	}
	for (size_t i = 0; i < m->naccts; i++) {
		struct acct *a = &m->accts[i];

		if (a->conn->bss == NULL)
			continue;
		bss_show_customer_account_balances(a->conn->bss, balance_done, a);
		if (m->expiring_days >= 0)
			bss_fetch_all(a->conn->bss, MODEL_OP_LIST_PAY_PER_USE_CUSTOMER_RESOURCES, &q, 4,
			    balance_done, a);
	}
}

static void
on_signal(uv_signal_t *s, int signum)
{
	struct mon *m = s->data;

	(void)signum;
	stop(m);
	/* Pending calls are cancelled when the session closes. */
	uv_stop(&m->s.loop);
}

static int
usage(FILE *fp)
{
	fprintf(fp, "usage: bssdash monitor [--balance-below AMOUNT] [--expiring-within DAYS] "
	    "[--interval SECONDS] [--once] [--exec CMD] [--count N] [--all-profiles]\n");
	return fp == stdout ? 0 : 2;
}

int
monitor_main(const struct options *o, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "balance-below", required_argument, NULL, 'b' },
		{ "expiring-within", required_argument, NULL, 'e' },
		{ "interval", required_argument, NULL, 'i' },
		{ "once", no_argument, NULL, '1' },
		{ "exec", required_argument, NULL, 'x' },
		{ "count", required_argument, NULL, 'n' },
		{ "all-profiles", no_argument, NULL, 'A' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct mon m = { .expiring_days = -1, .interval_s = 300, .rc = N_UNKNOWN };
	bool all = o->all_profiles, given_threshold = false;
	char err[512];
	int c;

	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		switch (c) {
		case 'h':
			return usage(stdout);
		case 'b':
			if (money_parse(optarg, &m.threshold) != 0) {
				fprintf(stderr, "bssdash: --balance-below takes an amount, e.g. 100.50\n");
				return 2;
			}
			m.has_threshold = given_threshold = true;
			break;
		case 'e':
			if (cli_number("--expiring-within", optarg, 0, 3650, &m.expiring_days) != 0)
				return 2;
			break;
		case 'i':
			if (cli_number("--interval", optarg, 1, 86400, &m.interval_s) != 0)
				return 2;
			break;
		case 'n':
			if (cli_number("--count", optarg, 1, 1000000, &m.count) != 0)
				return 2;
			break;
		case '1':
			m.once = true;
			break;
		case 'x':
			m.exec = optarg;
			break;
		case 'A':
			all = true;
			break;
		default:
			return usage(stderr);
		}
	}
	if (optind != argc)
		return usage(stderr);
	if (cli_session_open(&m.s, o, all, err, sizeof err) != 0) {
		if (m.once)
			printf("BSSDASH UNKNOWN - %s\n", err);
		else
			fprintf(stderr, "bssdash: %s\n", err);
		cli_session_close(&m.s);
		return m.once ? N_UNKNOWN : 1;
	}
	if (!given_threshold && m.s.cfg != NULL && config_alerts(m.s.cfg)->has_balance_below) {
		m.has_threshold = true;
		m.threshold = config_alerts(m.s.cfg)->balance_below;
	}
	m.naccts = m.s.nconns;
	m.accts = xcalloc(m.naccts, sizeof *m.accts);
	for (size_t i = 0; i < m.naccts; i++) {
		m.accts[i].m = &m;
		m.accts[i].conn = &m.s.conns[i];
	}
	uv_timer_init(&m.s.loop, &m.timer);
	m.timer.data = &m;
	uv_signal_init(&m.s.loop, &m.sigint);
	uv_signal_init(&m.s.loop, &m.sigterm);
	m.sigint.data = m.sigterm.data = &m;
	uv_signal_start(&m.sigint, on_signal, SIGINT);
	uv_signal_start(&m.sigterm, on_signal, SIGTERM);
	check_start(&m);
	cli_session_run(&m.s);
	stop(&m);
	cli_session_close(&m.s);
	for (size_t i = 0; i < m.naccts; i++) {
		for (size_t k = 0; k < m.accts[i].nexpiring; k++)
			free(m.accts[i].expiring[k]);
		free(m.accts[i].expiring);
		free(m.accts[i].why);
	}
	free(m.accts);
	return m.rc;
}
