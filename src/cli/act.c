/*
 * act: the money-moving actions without a screen, on app/actions (the same
 * flows as the dashboard's), and `journal` to list what was done.
 *
 *   pay ORDER_ID [--coupon ID]... [--discount ID]
 *   cancel ORDER_ID
 *   renew RESOURCE_ID... --period 1m..11m|1y..3y [--auto-pay]
 *   unsubscribe RESOURCE_ID...
 *   autorenew on|off RESOURCE_ID...
 *   on-expiry pay-per-use|default RESOURCE_ID...
 *   common: [--yes] [--dry-run] [--output table|json]
 *
 * Before anything else each command reconciles the journal's open intents
 * of this profile (a crash last time), then previews with the cloud's own
 * amounts, asks on a terminal (refuses off one unless --yes), journals and
 * sends.
 */
#include "cli/cli.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "app/actions.h"
#include "app/journal.h"
#include "cli/session.h"
#include "util/buf.h"
#include "util/format.h"
#include "util/jsonw.h"
#include "util/timeutil.h"
#include "util/xalloc.h"

/* EXIT_HELP: --help was answered (exit 0, nothing else to do). */
enum act_exit { EXIT_OK = 0, EXIT_FAIL = 1, EXIT_USAGE = 2, EXIT_REFUSED = 3, EXIT_HELP = -1 };

struct act {
	struct cli_session s;
	struct journal *journal;
	struct actions *actions;
	struct action_args args;
	struct action_plan *plan;
	bool yes;
	bool dry_run;
	bool json;
	int rc;
};

static const char *
verb(enum action_kind k)
{
	static const char *const v[ACTION_NKINDS] = {
		[ACTION_PAY] = "Pay", [ACTION_CANCEL] = "Cancel", [ACTION_RENEW] = "Renew",
		[ACTION_UNSUBSCRIBE] = "Unsubscribe",
		[ACTION_AUTORENEW_ON] = "Turn on auto-renew for",
		[ACTION_AUTORENEW_OFF] = "Turn off auto-renew for",
		[ACTION_ON_DEMAND_ON] = "Switch to pay-per-use at expiry:",
		[ACTION_ON_DEMAND_OFF] = "Restore the default expiry policy of",
	};
	return v[k];
}

static void
amount_line(struct buf *b, const char *label, money_t m, const char *currency)
{
	char tmp[MONEY_BUFSZ];

	buf_printf(b, "  %-16s %14s %s\n", label, money_format_grouped(m, 2, tmp, sizeof tmp),
	    currency);
}

/* The preview for a person: targets, amounts, choices, notes. */
static void
print_preview(const struct action_preview *pv, FILE *fp)
{
	static const struct fmt_col cols[] = {
		{ "id", "ID", FMT_TEXT }, { "name", "NAME", FMT_TEXT },
		{ "detail", "STATE", FMT_TEXT }, { "amount", "AMOUNT", FMT_MONEY },
	};
	struct fmt_table *t = fmt_table_new(cols, sizeof cols / sizeof cols[0]);
	struct buf b = BUF_INIT(0);
	char tmp[MONEY_BUFSZ];

	if (pv->kind == ACTION_RENEW)
		buf_printf(&b, "%s %zu resource%s for %d %s%s%s:\n", verb(pv->kind), pv->ntargets,
		    pv->ntargets == 1 ? "" : "s", (int)pv->period_num,
		    pv->period_type == 3 ? "year" : "month", pv->period_num == 1 ? "" : "s",
		    pv->auto_pay ? ", paid now from the balance" : ", order left pending payment");
	else
		buf_printf(&b, "%s %zu %s%s:\n", verb(pv->kind), pv->ntargets,
		    pv->kind == ACTION_PAY || pv->kind == ACTION_CANCEL ? "order" : "resource",
		    pv->ntargets == 1 ? "" : "s");
	for (size_t i = 0; i < pv->ntargets; i++) {
		fmt_row(t);
		fmt_text(t, 0, pv->targets[i].id);
		fmt_text(t, 1, pv->targets[i].name);
		fmt_text(t, 2, pv->targets[i].detail);
		if (pv->targets[i].has_amount)
			fmt_money(t, 3, pv->targets[i].amount);
	}
	fmt_render(t, FMT_TABLE, &b);
	fmt_table_free(t);
	for (size_t i = 0; i < pv->ndiscounts; i++)
		buf_printf(&b, "  discount %s%s (type %d): -%s%s\n", pv->discounts[i].id,
		    pv->discounts[i].mandatory ? ", mandatory" : "", (int)pv->discounts[i].discount_type,
		    money_format(pv->discounts[i].amount, 2, tmp, sizeof tmp),
		    pv->discounts[i].selected ? "  [used]" : "");
	for (size_t i = 0; i < pv->ncoupons; i++) {
		const struct action_coupon *c = &pv->coupons[i];
		char ded[MONEY_BUFSZ];

		buf_printf(&b, "  coupon %s, %s %s, worth %s, expires %s%s%s", c->id,
		    action_coupon_type_name(c->coupon_type), c->name,
		    money_format(c->value, 2, tmp, sizeof tmp), c->expire_time,
		    c->restriction[0] != '\0' ? "; " : "", c->restriction);
		if (c->selected)
			buf_printf(&b, "  [used: -%s]", money_format(c->deducted, 2, ded, sizeof ded));
		buf_putc(&b, '\n');
	}
	if (pv->has_official_amount && pv->kind != ACTION_RENEW)
		amount_line(&b, "List price:", pv->official_amount, pv->currency);
	if (pv->has_amount)
		amount_line(&b, pv->kind == ACTION_PAY ? "To pay:" : pv->kind == ACTION_CANCEL ?
		    "Order amount:" : "Price:", pv->amount, pv->currency);
	if (pv->has_balance) {
		amount_line(&b, "Balance now:", pv->balance, pv->currency);
		amount_line(&b, "Balance after:", pv->balance_after, pv->currency);
	}
	for (size_t i = 0; i < pv->nnotes; i++)
		buf_printf(&b, "  Note: %s\n", pv->notes[i]);
	fputs(buf_cstr(&b), fp);
	buf_free(&b);
}

static void
print_requests(const struct action_preview *pv, FILE *fp)
{
	fprintf(fp, "Dry run: %zu request%s would be sent, none was:\n", pv->nrequests,
	    pv->nrequests == 1 ? "" : "s");
	for (size_t i = 0; i < pv->nrequests; i++)
		fprintf(fp, "%s %s\n%s%s", pv->requests[i].method, pv->requests[i].path,
		    pv->requests[i].body, pv->requests[i].body[0] != '\0' ? "\n" : "");
}

static void
json_preview(struct jsonw *w, const struct action_preview *pv)
{
	jsonw_kv_string(w, "action", action_kind_name(pv->kind));
	jsonw_kv_string(w, "currency", pv->currency);
	jsonw_key(w, "targets");
	jsonw_array_begin(w);
	for (size_t i = 0; i < pv->ntargets; i++) {
		jsonw_object_begin(w);
		jsonw_kv_string(w, "id", pv->targets[i].id);
		jsonw_kv_string(w, "name", pv->targets[i].name);
		jsonw_kv_string(w, "detail", pv->targets[i].detail);
		if (pv->targets[i].has_amount)
			jsonw_kv_money(w, "amount", pv->targets[i].amount);
		jsonw_object_end(w);
	}
	jsonw_array_end(w);
	if (pv->has_amount)
		jsonw_kv_money(w, "amount", pv->amount);
	if (pv->has_official_amount)
		jsonw_kv_money(w, "official_amount", pv->official_amount);
	if (pv->has_balance) {
		jsonw_kv_money(w, "balance", pv->balance);
		jsonw_kv_money(w, "balance_after", pv->balance_after);
	}
	if (pv->kind == ACTION_PAY) {
		jsonw_key(w, "coupons");
		jsonw_array_begin(w);
		for (size_t i = 0; i < pv->ncoupons; i++) {
			jsonw_object_begin(w);
			jsonw_kv_string(w, "id", pv->coupons[i].id);
			jsonw_kv_int(w, "coupon_type", pv->coupons[i].coupon_type);
			jsonw_kv_money(w, "value", pv->coupons[i].value);
			jsonw_kv_string(w, "restriction", pv->coupons[i].restriction);
			jsonw_kv_bool(w, "selected", pv->coupons[i].selected);
			jsonw_kv_money(w, "deducted", pv->coupons[i].deducted);
			jsonw_object_end(w);
		}
		jsonw_array_end(w);
		jsonw_key(w, "discounts");
		jsonw_array_begin(w);
		for (size_t i = 0; i < pv->ndiscounts; i++) {
			jsonw_object_begin(w);
			jsonw_kv_string(w, "id", pv->discounts[i].id);
			jsonw_kv_int(w, "discount_type", pv->discounts[i].discount_type);
			jsonw_kv_money(w, "amount", pv->discounts[i].amount);
			jsonw_kv_bool(w, "selected", pv->discounts[i].selected);
			jsonw_kv_bool(w, "mandatory", pv->discounts[i].mandatory);
			jsonw_object_end(w);
		}
		jsonw_array_end(w);
	}
	jsonw_key(w, "notes");
	jsonw_array_begin(w);
	for (size_t i = 0; i < pv->nnotes; i++)
		jsonw_string(w, pv->notes[i]);
	jsonw_array_end(w);
	jsonw_key(w, "requests");
	jsonw_array_begin(w);
	for (size_t i = 0; i < pv->nrequests; i++) {
		jsonw_object_begin(w);
		jsonw_kv_string(w, "method", pv->requests[i].method);
		jsonw_kv_string(w, "path", pv->requests[i].path);
		jsonw_key(w, "body");
		if (pv->requests[i].body[0] != '\0')
			jsonw_raw(w, pv->requests[i].body);   /* built by api/bss: valid JSON */
		else
			jsonw_null(w);
		jsonw_object_end(w);
	}
	jsonw_array_end(w);
}

static void
json_result(struct jsonw *w, const struct action_result *r)
{
	jsonw_key(w, "result");
	jsonw_object_begin(w);
	jsonw_kv_string(w, "outcome", r->dry_run ? "dry-run" : journal_result_name(r->result));
	jsonw_kv_string(w, "message", r->message);
	jsonw_kv_bool(w, "reread", r->reread);
	jsonw_key(w, "items");
	jsonw_array_begin(w);
	for (size_t i = 0; i < r->nitems; i++) {
		jsonw_object_begin(w);
		jsonw_kv_string(w, "id", r->items[i].id);
		jsonw_kv_string(w, "outcome", journal_result_name(r->items[i].result));
		jsonw_kv_string(w, "message", r->items[i].message);
		jsonw_object_end(w);
	}
	jsonw_array_end(w);
	jsonw_key(w, "order_ids");
	jsonw_array_begin(w);
	for (size_t i = 0; i < r->norder_ids; i++)
		jsonw_string(w, r->order_ids[i]);
	jsonw_array_end(w);
	if (r->has_refund)
		jsonw_kv_money(w, "refund", r->refund);
	jsonw_object_end(w);
}

/* With --output json: the one object printed at the end. */
static void
print_json(const struct action_preview *pv, const struct action_result *r)
{
	struct buf b = BUF_INIT(0);
	struct jsonw w;

	jsonw_init(&w, &b, true);
	jsonw_object_begin(&w);
	jsonw_kv_bool(&w, "dry_run", pv != NULL && r == NULL);
	if (pv != NULL)
		json_preview(&w, pv);
	if (r != NULL)
		json_result(&w, r);
	jsonw_object_end(&w);
	jsonw_finish(&w);
	fputs(buf_cstr(&b), stdout);
	buf_free(&b);
}

static char *
read_line(void)
{
	char line[512];
	size_t n;

	if (fgets(line, sizeof line, stdin) == NULL)
		return NULL;
	n = strcspn(line, "\r\n");
	line[n] = '\0';
	return xstrdup(line);
}

/* Asks on the terminal; off a terminal only --yes confirms. */
static bool
confirm(const struct act *x, const struct action_preview *pv)
{
	char *answer;
	bool ok;

	if (x->yes)
		return true;
	if (!isatty(STDIN_FILENO)) {
		fprintf(stderr, "bssdash: not confirmed: standard input is not a terminal; add --yes "
		    "to %s without a question. Nothing was sent.\n", action_kind_name(pv->kind));
		return false;
	}
	if (pv->confirm_text != NULL)
		fprintf(stderr, "Type %s to confirm: ", pv->confirm_text);
	else
		fprintf(stderr, "Proceed? [y/N] ");
	fflush(stderr);
	answer = read_line();
	ok = answer != NULL && (pv->confirm_text != NULL ? strcmp(answer, pv->confirm_text) == 0 :
	    strcasecmp(answer, "y") == 0 || strcasecmp(answer, "yes") == 0);
	free(answer);
	if (!ok)
		fprintf(stderr, "bssdash: not confirmed. Nothing was sent.\n");
	return ok;
}

static void
on_done(const struct action_result *r, void *ud)
{
	struct act *x = ud;

	if (x->json) {
		print_json(action_plan_preview(x->plan), r);
	} else {
		for (size_t i = 0; i < r->nitems; i++)
			printf("%-8s %s%s%s\n", journal_result_name(r->items[i].result), r->items[i].id,
			    r->items[i].message[0] != '\0' ? ": " : "", r->items[i].message);
		for (size_t i = 0; i < r->norder_ids; i++)
			printf("order    %s\n", r->order_ids[i]);
	}
	fprintf(stderr, "bssdash: %s%s\n", r->message, r->reread ?
	    " (the answer was lost; this is what re-reading the cloud shows)" : "");
	x->rc = r->refused ? EXIT_REFUSED : r->result == JOURNAL_OK ? EXIT_OK : EXIT_FAIL;
}

static void
on_plan(struct action_plan *plan, const char *error, void *ud)
{
	struct act *x = ud;
	const struct action_preview *pv;

	if (plan == NULL) {
		fprintf(stderr, "bssdash: %s\n", error);
		x->rc = EXIT_FAIL;
		return;
	}
	x->plan = plan;
	pv = action_plan_preview(plan);
	if (!x->json)
		print_preview(pv, stdout);
	if (x->dry_run || pv->nrequests == 0) {
		if (x->json)
			print_json(pv, NULL);
		else if (pv->nrequests > 0)
			print_requests(pv, stdout);
		else
			fprintf(stderr, "bssdash: nothing to do\n");
		x->rc = EXIT_OK;
		return;
	}
	fflush(stdout);
	if (!confirm(x, pv)) {
		x->rc = EXIT_REFUSED;
		return;
	}
	actions_execute(x->actions, plan, on_done, x);
}

static void
print_reconciled(const struct action_reconciled *items, size_t n,
    const char *const *problems, size_t nproblems, const char *error)
{
	for (size_t i = 0; i < nproblems; i++)
		fprintf(stderr, "bssdash: journal: %s\n", problems[i]);
	for (size_t i = 0; i < n; i++)
		fprintf(stderr, "bssdash: earlier %s of %s (journal %s) had no outcome; the cloud "
		    "shows: %s: %s\n", items[i].action, items[i].targets, items[i].journal_id,
		    journal_result_name(items[i].result), items[i].detail);
	if (error != NULL)
		fprintf(stderr, "bssdash: journal: %s\n", error);
}

static void
on_reconciled(const struct action_reconciled *items, size_t n, const char *const *problems,
    size_t nproblems, const char *error, void *ud)
{
	struct act *x = ud;

	print_reconciled(items, n, problems, nproblems, error);
	actions_prepare(x->actions, &x->args, on_plan, x);
}

static int
usage_to(FILE *fp, const char *cmd)
{
	fprintf(fp, "usage: bssdash %s\n", cmd);
	return fp == stdout ? EXIT_HELP : EXIT_USAGE;
}

static int
usage(const char *cmd)
{
	return usage_to(stderr, cmd);
}

static const struct {
	const char *name;
	const char *usage;
} act_usage[] = {
	{ "pay", "pay ORDER_ID [--coupon ID]... [--discount ID] [--yes] [--dry-run] [--output table|json]" },
	{ "cancel", "cancel ORDER_ID [--yes] [--dry-run] [--output table|json]" },
	{ "renew", "renew RESOURCE_ID... --period 1m..11m|1y..3y [--auto-pay] [--yes] [--dry-run] [--output table|json]" },
	{ "unsubscribe", "unsubscribe RESOURCE_ID... [--yes] [--dry-run] [--output table|json]" },
	{ "autorenew", "autorenew on|off RESOURCE_ID... [--yes] [--dry-run] [--output table|json]" },
	{ "on-expiry", "on-expiry pay-per-use|default RESOURCE_ID... [--yes] [--dry-run] [--output table|json]" },
};

/* The action argv[0] names, and how many leading arguments pick its variant. */
static int
pick_kind(int argc, char **argv, enum action_kind *kind, int *skip)
{
	const char *cmd = argv[0], *sub = argc > 1 ? argv[1] : "";

	static const struct {
		const char *cmd, *sub;
		enum action_kind kind;
	} names[] = {
		{ "pay", NULL, ACTION_PAY },
		{ "cancel", NULL, ACTION_CANCEL },
		{ "renew", NULL, ACTION_RENEW },
		{ "unsubscribe", NULL, ACTION_UNSUBSCRIBE },
		{ "autorenew", "on", ACTION_AUTORENEW_ON },
		{ "autorenew", "off", ACTION_AUTORENEW_OFF },
		{ "on-expiry", "pay-per-use", ACTION_ON_DEMAND_ON },
		{ "on-expiry", "default", ACTION_ON_DEMAND_OFF },
	};

	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
		if (strcmp(cmd, names[i].cmd) != 0 ||
		    (names[i].sub != NULL && strcmp(sub, names[i].sub) != 0))
			continue;
		*kind = names[i].kind;
		*skip = names[i].sub != NULL ? 2 : 1;
		return 0;
	}
	return -1;
}

static const char *
usage_of(const char *cmd)
{
	for (size_t i = 0; i < sizeof act_usage / sizeof act_usage[0]; i++)
		if (strcmp(act_usage[i].name, cmd) == 0)
			return act_usage[i].usage;
	return cmd;
}

/* Parses the command's own options into x; 0, or an exit status. */
static int
parse_args(struct act *x, const struct options *o, int argc, char **argv,
    const char ***coupons, const char ***ids)
{
	static const struct option longopts[] = {
		{ "coupon", required_argument, NULL, 'c' },
		{ "discount", required_argument, NULL, 'd' },
		{ "period", required_argument, NULL, 'p' },
		{ "auto-pay", no_argument, NULL, 'a' },
		{ "yes", no_argument, NULL, 'y' },
		{ "dry-run", no_argument, NULL, 'n' },
		{ "output", required_argument, NULL, 'o' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *cmd = usage_of(argv[0]), *period = NULL;
	enum fmt_output out;
	char err[256];
	int skip, c;

	if (argc > 1 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0))
		return usage_to(stdout, cmd);
	if (pick_kind(argc, argv, &x->args.kind, &skip) != 0)
		return usage(cmd);
	x->dry_run = o->dry_run;
	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc - skip + 1, argv + skip - 1, "yo:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'h':
			return usage_to(stdout, cmd);
		case 'c':
			*coupons = xreallocarray(*coupons, x->args.ncoupons + 1, sizeof **coupons);
			(*coupons)[x->args.ncoupons++] = optarg;
			break;
		case 'd':
			x->args.discount_id = optarg;
			break;
		case 'p':
			period = optarg;
			break;
		case 'a':
			x->args.auto_pay = true;
			break;
		case 'y':
			x->yes = true;
			break;
		case 'n':
			x->dry_run = true;
			break;
		case 'o':
			if (fmt_output_parse(optarg, &out) != 0 || (out != FMT_TABLE && out != FMT_JSON)) {
				fprintf(stderr, "bssdash: --output takes table or json here\n");
				return EXIT_USAGE;
			}
			x->json = out == FMT_JSON;
			break;
		default:
			return usage(cmd);
		}
	}
	for (int i = optind + skip - 1; i < argc; i++) {
		*ids = xreallocarray(*ids, x->args.nids + 1, sizeof **ids);
		(*ids)[x->args.nids++] = argv[i];
	}
	if (x->args.nids == 0 || ((x->args.ncoupons > 0 || x->args.discount_id != NULL) &&
	    x->args.kind != ACTION_PAY) || ((period != NULL || x->args.auto_pay) &&
	    x->args.kind != ACTION_RENEW))
		return usage(cmd);
	if (x->args.kind == ACTION_RENEW) {
		if (period == NULL)
			return usage(cmd);
		if (action_period_parse(period, &x->args.period_type, &x->args.period_num, err,
		    sizeof err) != 0) {
			fprintf(stderr, "bssdash: %s\n", err);
			return EXIT_USAGE;
		}
	}
	x->args.ids = *ids;
	x->args.coupon_ids = *coupons;
	return 0;
}

/* The journal, the session and the actions of one command. 0, or an exit status. */
static int
act_open(struct act *x, const struct options *o, bool dry_run)
{
	struct actions_config ac = { 0 };
	char err[512];

	if (cli_session_open(&x->s, o, false, err, sizeof err) != 0) {
		fprintf(stderr, "bssdash: %s\n", err);
		return EXIT_FAIL;
	}
	x->journal = journal_open(NULL, err, sizeof err);
	if (x->journal == NULL) {
		fprintf(stderr, "bssdash: %s\n", err);
		return EXIT_FAIL;
	}
	ac.loop = &x->s.loop;
	ac.bss = x->s.conns[0].bss;
	ac.journal = x->journal;
	ac.profile = x->s.conns[0].profile;
	ac.endpoint = x->s.conns[0].endpoint;
	ac.read_only = o->read_only || x->s.conns[0].read_only;
	ac.dry_run = dry_run;
	x->actions = actions_new(&ac);
	return 0;
}

static void
act_close(struct act *x)
{
	actions_free(x->actions);
	cli_session_close(&x->s);
	journal_close(x->journal);
	action_plan_free(x->plan);
}

int
act_main(const struct options *o, int argc, char **argv)
{
	struct act x = { .rc = EXIT_FAIL };
	const char **coupons = NULL, **ids = NULL;
	int rc = parse_args(&x, o, argc, argv, &coupons, &ids);

	if (rc != 0) {
		if (rc == EXIT_HELP)
			rc = EXIT_OK;
		goto out;
	}
	if (o->read_only) {
		fprintf(stderr, "bssdash: read-only mode (--read-only): %s refused, nothing was sent\n",
		    action_kind_name(x.args.kind));
		rc = EXIT_REFUSED;
		goto out;
	}
	rc = act_open(&x, o, x.dry_run);
	if (rc == 0 && x.s.conns[0].read_only) {
		fprintf(stderr, "bssdash: read-only profile '%s' (read_only = true): %s refused, "
		    "nothing was sent\n", x.s.conns[0].profile, action_kind_name(x.args.kind));
		rc = EXIT_REFUSED;
	} else if (rc == 0) {
		actions_reconcile(x.actions, on_reconciled, &x);
		cli_session_run(&x.s);
		rc = x.rc;
	}
	act_close(&x);
out:
	free(coupons);
	free(ids);
	return rc;
}

/* --- journal ------------------------------------------------------------------ */

enum { J_TIME, J_ID, J_PROFILE, J_ACTION, J_TARGETS, J_AMOUNT, J_CURRENCY, J_RESULT, J_HOW,
	J_DETAIL, J_NCOLS };

static const struct fmt_col journal_cols[J_NCOLS] = {
	[J_TIME] = { "time", "TIME", FMT_TEXT },
	[J_ID] = { "id", "ID", FMT_TEXT },
	[J_PROFILE] = { "profile", "PROFILE", FMT_TEXT },
	[J_ACTION] = { "action", "ACTION", FMT_TEXT },
	[J_TARGETS] = { "targets", "TARGETS", FMT_TEXT },
	[J_AMOUNT] = { "amount", "AMOUNT", FMT_MONEY },
	[J_CURRENCY] = { "currency", "CUR", FMT_TEXT },
	[J_RESULT] = { "result", "RESULT", FMT_TEXT },
	[J_HOW] = { "how", "HOW", FMT_TEXT },
	[J_DETAIL] = { "detail", "DETAIL", FMT_TEXT },
};

static void
journal_row(struct fmt_table *t, const struct journal_entry *e)
{
	const struct journal_record *in = e->intent, *out = e->outcome;
	char ts[TIME_ISO_BUFSZ];
	struct buf targets = BUF_INIT(0);

	fmt_row(t);
	fmt_text(t, J_ID, in != NULL ? in->id : out->id);
	fmt_text(t, J_RESULT, out == NULL ? "pending" : journal_result_name(out->result));
	if (out != NULL) {
		fmt_text(t, J_HOW, journal_how_name(out->how));
		fmt_text(t, J_DETAIL, out->detail != NULL ? out->detail : out->error_msg);
	}
	if (in == NULL) {
		fmt_text(t, J_TIME, time_format_iso(out->time, ts));
		return;
	}
	fmt_text(t, J_TIME, time_format_iso(in->time, ts));
	fmt_text(t, J_PROFILE, in->profile);
	fmt_text(t, J_ACTION, in->action);
	for (size_t i = 0; i < in->ntargets; i++) {
		if (i > 0)
			buf_putc(&targets, ',');
		buf_puts(&targets, in->targets[i]);
	}
	fmt_text(t, J_TARGETS, buf_cstr(&targets));
	buf_free(&targets);
	if (in->has_amount)
		fmt_money(t, J_AMOUNT, in->amount);
	fmt_text(t, J_CURRENCY, in->currency);
}

static void
on_journal_reconciled(const struct action_reconciled *items, size_t n,
    const char *const *problems, size_t nproblems, const char *error, void *ud)
{
	int *rc = ud;

	print_reconciled(items, n, problems, nproblems, error);
	for (size_t i = 0; i < n; i++)
		if (items[i].result == JOURNAL_UNKNOWN)
			*rc = EXIT_FAIL;
	if (error != NULL)
		*rc = EXIT_FAIL;
}

int
journal_main(const struct options *o, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "pending", no_argument, NULL, 'p' },
		{ "reconcile", no_argument, NULL, 'r' },
		{ "output", required_argument, NULL, 'o' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	enum fmt_output out = FMT_TABLE;
	bool pending = false, reconcile = false;
	struct journal_log *log = NULL;
	struct fmt_table *t;
	struct buf b = BUF_INIT(0);
	char err[512];
	int c, rc = EXIT_OK;

	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "o:h", longopts, NULL)) != -1) {
		if (c == 'h') {
			usage_to(stdout, "journal [--pending] [--reconcile] [--output table|json|csv|markdown]");
			return EXIT_OK;
		}
		if (c == 'p')
			pending = true;
		else if (c == 'r')
			reconcile = true;
		else if (c == 'o' && fmt_output_parse(optarg, &out) == 0)
			continue;
		else
			return usage("journal [--pending] [--reconcile] [--output table|json|csv|markdown]");
	}
	if (optind != argc)
		return usage("journal [--pending] [--reconcile] [--output table|json|csv|markdown]");
	if (reconcile) {
		struct act x = { .rc = EXIT_OK };

		rc = act_open(&x, o, false);
		if (rc == 0) {
			actions_reconcile(x.actions, on_journal_reconciled, &rc);
			cli_session_run(&x.s);
		}
		act_close(&x);
		if (rc != EXIT_OK)
			return rc;
	}
	{
		struct journal *j = journal_open(NULL, err, sizeof err);

		if (j == NULL || journal_read(j, &log, err, sizeof err) != 0) {
			fprintf(stderr, "bssdash: %s\n", err);
			journal_close(j);
			return EXIT_FAIL;
		}
		for (size_t i = 0; i < log->nproblems; i++)
			fprintf(stderr, "bssdash: journal: %s:%zu: %s\n", journal_path(j),
			    log->problems[i].line, log->problems[i].message);
		journal_close(j);
	}
	t = fmt_table_new(journal_cols, J_NCOLS);
	for (size_t i = 0; i < log->nentries; i++)
		if (!pending || journal_entry_needs_reconcile(&log->entries[i]))
			journal_row(t, &log->entries[i]);
	fmt_render(t, out, &b);
	fputs(buf_cstr(&b), stdout);
	buf_free(&b);
	fmt_table_free(t);
	if (log->nproblems > 0)
		rc = EXIT_FAIL;
	journal_log_free(log);
	return rc;
}
