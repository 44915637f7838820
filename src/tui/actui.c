#include "tui/actui.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/actions.h"
#include "tui/dialog.h"
#include "tui/ui.h"
#include "util/timeutil.h"
#include "util/xalloc.h"

/* Choice tags of the dialogs. */
enum {
	TAG_PERIOD_TYPE = 0, TAG_PERIOD_NUM = 1, TAG_AUTO_PAY = 2,   /* renew's form */
	TAG_COUPON = 100,            /* + coupon index */
	TAG_NO_DISCOUNT = 199,
	TAG_DISCOUNT = 200,          /* + discount index */
};

/* Re-reads of the subscriptions that may confirm a new policy before giving up. */
#define POLICY_REREADS 2

enum stage {
	STAGE_FORM,        /* renew: choosing the period */
	STAGE_PREPARING,   /* reading what the preview needs */
	STAGE_CONFIRM,     /* the preview, waiting for y (or the typed name) */
	STAGE_SENDING,
	STAGE_DONE,        /* the outcome is shown */
	STAGE_FAILED,      /* the preview could not be made */
};

struct out_line {
	char *text;
	enum theme_elem e;
};

/* One action from its key to its outcome; orders are taken one at a time. */
struct flow {
	struct actui *x;
	enum action_kind kind;
	enum store_view_id view;
	char **ids;                  /* resources, or the orders to take in turn */
	size_t nids;
	size_t order;                /* order kinds: the one in progress */
	int32_t period_type, period_num;
	bool auto_pay;
	enum stage stage;
	bool pending;                /* a prepare or execute callback is still to come */
	struct action_plan *plan;
	struct dialog *dlg;          /* NULL once closed (the flow may go on without it) */
	char *error;                 /* the preview's failure */
	char *note;                  /* feedback inside the dialog ("at most 3 coupons") */
	struct out_line *out;        /* the outcome, kept to redraw */
	size_t nout;
	/* a, e: the policy the targets should now show, until the store's re-read says so */
	int rereads_left;
	unsigned resources_gen;
};

struct actui {
	uv_loop_t *loop;
	struct journal *journal;
	char *journal_error;
	bool dry_run;
	struct actions *actions;
	char *profile;
	bool read_only;
	bool reconciling;
	struct ui *ui;
	struct store *store;
	struct flow *flow;
	struct dialog *report;       /* the reconciliation report */
	char sending[256];
};

static const struct dialog_ops flow_ops;

static bool
is_order_kind(enum action_kind k)
{
	return k == ACTION_PAY || k == ACTION_CANCEL;
}

/* How the dialogs speak of each action. */
static const struct words {
	const char *title;           /* dialog title and heading */
	const char *doing;           /* "paying ORDER": the quit question */
	const char *yes;             /* what y does, in the hint */
	const char *policy;          /* a, e: the policy the targets show once done */
} words[ACTION_NKINDS] = {
	[ACTION_PAY] = { "Pay", "paying", "pay", NULL },
	[ACTION_CANCEL] = { "Cancel", "cancelling", "cancel the order", NULL },
	[ACTION_RENEW] = { "Renew", "renewing", "renew", NULL },
	[ACTION_UNSUBSCRIBE] = { "Unsubscribe", "unsubscribing", "unsubscribe", NULL },
	[ACTION_AUTORENEW_ON] = { "Auto-renew on", "turning on auto-renew for",
	    "turn auto-renew on", "auto-renew on" },
	[ACTION_AUTORENEW_OFF] = { "Auto-renew off", "turning off auto-renew for", "turn it off",
	    "auto-renew off" },
	[ACTION_ON_DEMAND_ON] = { "Pay-per-use at expiry", "switching to pay-per-use at expiry:",
	    "switch at expiry", "pay-per-use at expiry" },
	[ACTION_ON_DEMAND_OFF] = { "Default expiry policy", "restoring the default expiry policy of",
	    "restore it", "the default expiry policy (not pay-per-use)" },
};

/* Whether resource policy p is what kind k asks for. */
static bool
policy_done(enum action_kind k, int32_t p)
{
	switch (k) {
	case ACTION_AUTORENEW_ON: return p == 3;
	case ACTION_AUTORENEW_OFF: return p != 3;
	case ACTION_ON_DEMAND_ON: return p == 1;
	case ACTION_ON_DEMAND_OFF: return p != 1;
	default: return true;
	}
}

static const char *
money_text(money_t m, const char *currency, char *buf, size_t n)
{
	char tmp[MONEY_BUFSZ];

	snprintf(buf, n, "%s %s", money_format_grouped(m, 2, tmp, sizeof tmp), currency);
	return buf;
}

/* The billing day (UTC+8) of an ISO time, as the lists show it; the text when it is not one. */
static const char *
date_of(const char *iso, char buf[16])
{
	time_t t;

	if (time_parse_iso(iso, &t) != 0)
		return iso;
	return time_format_date_cn(t, buf);
}

static const struct model_resource *
find_resource(const struct store *s, const char *id)
{
	for (size_t i = 0; i < store_resource_count(s); i++)
		if (strcmp(store_resource(s, i)->resource_id, id) == 0)
			return store_resource(s, i);
	return NULL;
}

/* ---- the flow's life -------------------------------------------------------- */

static void
flow_clear_outcome(struct flow *f)
{
	for (size_t i = 0; i < f->nout; i++)
		free(f->out[i].text);
	free(f->out);
	f->out = NULL;
	f->nout = 0;
	free(f->error);
	f->error = NULL;
	free(f->note);
	f->note = NULL;
}

/* Frees the flow once nothing refers to it: no dialog, no callback to come. */
static void
flow_maybe_free(struct flow *f)
{
	if (f->pending || f->dlg != NULL)
		return;
	if (f->x->flow == f)
		f->x->flow = NULL;
	action_plan_free(f->plan);
	flow_clear_outcome(f);
	for (size_t i = 0; i < f->nids; i++)
		free(f->ids[i]);
	free(f->ids);
	free(f);
}

static void
out_line(struct flow *f, enum theme_elem e, const char *fmt, ...) BSS_PRINTF(3, 4);

static void
out_line(struct flow *f, enum theme_elem e, const char *fmt, ...)
{
	va_list ap;

	f->out = xreallocarray(f->out, f->nout + 1, sizeof *f->out);
	va_start(ap, fmt);
	f->out[f->nout].text = xvasprintf(fmt, ap);
	va_end(ap);
	f->out[f->nout++].e = e;
}

static void
set_note(struct flow *f, const char *fmt, ...) BSS_PRINTF(2, 3);

static void
set_note(struct flow *f, const char *fmt, ...)
{
	va_list ap;

	free(f->note);
	va_start(ap, fmt);
	f->note = xvasprintf(fmt, ap);
	va_end(ap);
}

/* ---- what the dialog shows -------------------------------------------------- */

static void
show_targets(struct dialog *d, const struct action_preview *pv)
{
	char m[96];

	for (size_t i = 0; i < pv->ntargets; i++) {
		const struct action_target *t = &pv->targets[i];

		dialog_text(d, TH_NORMAL, "  %s  %s%s%s", t->id, t->name,
		    t->has_amount ? "  " : "", t->has_amount ?
		    money_text(t->amount, pv->currency, m, sizeof m) : "");
		if (t->detail[0] != '\0')
			dialog_text(d, TH_DIM, "      %s", t->detail);
	}
}

static void
show_pay_choices(struct dialog *d, const struct action_preview *pv)
{
	char m[96], ded[96];

	dialog_text(d, TH_HEADER, "Coupons usable for this order (Space picks, at most %d):",
	    ACTIONS_MAX_COUPONS);
	if (pv->ncoupons == 0)
		dialog_text(d, TH_DIM, "  none");
	for (size_t i = 0; i < pv->ncoupons; i++) {
		const struct action_coupon *c = &pv->coupons[i];
		char day[16];

		dialog_choice(d, TAG_COUPON + (int)i, c->selected ? TH_MARKED : TH_NORMAL,
		    "  [%s] %s  %s, %s, expires %s  %s%s%s", c->selected ? "x" : " ", c->name,
		    action_coupon_type_name(c->coupon_type),
		    money_text(c->value, pv->currency, m, sizeof m), date_of(c->expire_time, day),
		    c->id, c->selected ? "  takes off " : "",
		    c->selected ? money_text(c->deducted, pv->currency, ded, sizeof ded) : "");
		if (c->restriction[0] != '\0')
			dialog_text(d, TH_DIM, "        %s", c->restriction);
	}
	dialog_text(d, TH_HEADER, "Discounts (one):");
	if (pv->ndiscounts == 0) {
		dialog_text(d, TH_DIM, "  none");
		return;
	}
	{
		bool any = false;

		for (size_t i = 0; i < pv->ndiscounts; i++)
			any |= pv->discounts[i].selected;
		dialog_choice(d, TAG_NO_DISCOUNT, TH_NORMAL, "  (%s) no discount", any ? " " : "*");
	}
	for (size_t i = 0; i < pv->ndiscounts; i++) {
		const struct action_discount *x = &pv->discounts[i];

		dialog_choice(d, TAG_DISCOUNT + (int)i, x->selected ? TH_MARKED : TH_NORMAL,
		    "  (%s) %s  type %d%s, takes off %s", x->selected ? "*" : " ", x->id,
		    (int)x->discount_type, x->mandatory ? " (mandatory)" : "",
		    money_text(x->amount, pv->currency, m, sizeof m));
	}
}

static void
show_amounts(struct dialog *d, const struct action_preview *pv)
{
	char m[96];

	if (pv->kind == ACTION_RENEW)
		dialog_text(d, TH_NORMAL, "Period: %d %s%s, %s", (int)pv->period_num,
		    pv->period_type == 3 ? "year" : "month", pv->period_num == 1 ? "" : "s",
		    pv->auto_pay ? "paid now from the balance (auto-pay)" :
		    "the renewal order is left pending payment");
	if (pv->has_official_amount && pv->kind != ACTION_RENEW)
		dialog_text(d, TH_NORMAL, "List price:     %s",
		    money_text(pv->official_amount, pv->currency, m, sizeof m));
	if (pv->has_amount)
		dialog_text(d, TH_MONEY, "%-15s %s", pv->kind == ACTION_PAY ? "Amount to pay:" :
		    pv->kind == ACTION_CANCEL ? "Order amount:" : pv->kind == ACTION_RENEW ?
		    "Price:" : "Amount:", money_text(pv->amount, pv->currency, m, sizeof m));
	if (pv->has_balance) {
		dialog_text(d, TH_NORMAL, "Balance now:    %s",
		    money_text(pv->balance, pv->currency, m, sizeof m));
		dialog_text(d, pv->balance_after < 0 ? TH_URGENT : TH_NORMAL, "Balance after:  %s",
		    money_text(pv->balance_after, pv->currency, m, sizeof m));
	}
}

static void
show_preview(struct flow *f, struct dialog *d)
{
	const struct action_preview *pv = action_plan_preview(f->plan);

	if (f->x->dry_run)
		dialog_text(d, TH_WARN, "DRY RUN: nothing will be sent; y shows the exact request%s.",
		    pv->nrequests == 1 ? "" : "s");
	dialog_text(d, TH_PANE_TITLE, "%s %zu %s%s:", words[pv->kind].title, pv->ntargets,
	    is_order_kind(pv->kind) ? "order" : "resource", pv->ntargets == 1 ? "" : "s");
	show_targets(d, pv);
	if (words[pv->kind].policy != NULL)
		dialog_text(d, TH_OK, "New policy: %s", words[pv->kind].policy);
	/* The amounts before the choices: on a small terminal they stay in sight. */
	show_amounts(d, pv);
	if (pv->kind == ACTION_PAY)
		show_pay_choices(d, pv);
	for (size_t i = 0; i < pv->nnotes; i++)
		dialog_text(d, TH_WARN, "Note: %s", pv->notes[i]);
}

static void
show_form(struct flow *f, struct dialog *d)
{
	struct store *s = f->x->store;

	dialog_text(d, TH_PANE_TITLE, "Renew %zu resource%s:", f->nids, f->nids == 1 ? "" : "s");
	for (size_t i = 0; i < f->nids; i++) {
		const struct model_resource *r = find_resource(s, f->ids[i]);
		char day[16];

		dialog_text(d, TH_NORMAL, "  %s  %s%s%s", f->ids[i], r != NULL ? r->resource_name : "",
		    r != NULL ? "  expires " : "", r != NULL ? date_of(r->expire_time, day) : "");
	}
	dialog_choice(d, TAG_PERIOD_TYPE, TH_NORMAL, "Period type   < %s >",
	    f->period_type == 3 ? "years" : "months");
	dialog_choice(d, TAG_PERIOD_NUM, TH_NORMAL, "Count         < %d >   (1-%d %s)",
	    (int)f->period_num, f->period_type == 3 ? 3 : 11, f->period_type == 3 ? "years" : "months");
	dialog_choice(d, TAG_AUTO_PAY, TH_NORMAL, "[%s] Pay now from the balance (auto-pay); "
	    "otherwise the renewal order waits for payment", f->auto_pay ? "x" : " ");
}

static void
render(struct flow *f)
{
	struct dialog *d = f->dlg;
	const struct action_preview *pv = f->plan != NULL ? action_plan_preview(f->plan) : NULL;
	char title[160];
	bool more = is_order_kind(f->kind) && f->order + 1 < f->nids;

	if (d == NULL)
		return;
	ui_dirty(f->x->ui);
	if (is_order_kind(f->kind) && f->nids > 1)
		snprintf(title, sizeof title, "%s%s order %zu of %zu", f->x->dry_run ? "DRY RUN: " : "",
		    words[f->kind].title, f->order + 1, f->nids);
	else
		snprintf(title, sizeof title, "%s%s", f->x->dry_run ? "DRY RUN: " : "",
		    words[f->kind].title);
	dialog_set_title(d, title);
	dialog_clear(d);
	switch (f->stage) {
	case STAGE_FORM:
		show_form(f, d);
		dialog_hint(d, "Enter: see the price   Left/Right: change   Space: auto-pay   "
		    "Esc: cancel");
		break;
	case STAGE_PREPARING:
		dialog_text(d, TH_LOADING, "Reading %s from the cloud...",
		    is_order_kind(f->kind) ? "the order" : "the resources");
		if (f->kind == ACTION_PAY)
			dialog_text(d, TH_DIM, "(the order, its usable coupons and discounts, the balance)");
		if (f->kind == ACTION_RENEW)
			dialog_text(d, TH_DIM, "(and the rating API's price for the period)");
		dialog_hint(d, "Esc: cancel (nothing has been sent)");
		break;
	case STAGE_FAILED:
		dialog_text(d, TH_ERROR, "%s", f->error);
		dialog_text(d, TH_DIM, "Nothing was sent.");
		dialog_hint(d, more ? "Enter: next order   Esc: stop" : "Any key closes");
		break;
	case STAGE_CONFIRM:
		show_preview(f, d);
		if (f->note != NULL)
			dialog_text(d, TH_ERROR, "%s", f->note);
		if (pv->nrequests == 0)
			dialog_hint(d, more ? "Nothing to do.   Enter: next order   Esc: stop" :
			    "Nothing to do.   Any key closes");
		else if (pv->confirm_text != NULL)
			dialog_hint(d, "Enter: %s%s   Esc: cancel", f->x->dry_run ? "show the requests" :
			    "unsubscribe", f->x->dry_run ? " (dry run)" : "");
		else
			dialog_hint(d, "y: %s%s   %s%s%s",
			    f->x->dry_run ? "show the requests" : words[f->kind].yes,
			    f->x->dry_run ? " (dry run)" : "",
			    more ? "n/Enter: no, next order (default)   Esc: stop" :
			    "n/Enter/Esc: no (default)",
			    f->kind == ACTION_PAY ? "   Space: pick" : "",
			    f->kind == ACTION_RENEW ? "   b: change the period" : "");
		break;
	case STAGE_SENDING:
		show_targets(d, pv);
		dialog_text(d, TH_LOADING, "Sending %zu request%s...", pv->nrequests,
		    pv->nrequests == 1 ? "" : "s");
		dialog_hint(d, "Esc: hide this (the action goes on; its outcome shows when it arrives)");
		break;
	case STAGE_DONE:
		for (size_t i = 0; i < f->nout; i++)
			dialog_text(d, f->out[i].e, "%s", f->out[i].text);
		dialog_hint(d, more ? "Enter: next order   Esc: stop" : "Any key closes");
		break;
	}
}

/* ---- prepare ------------------------------------------------------------------ */

static void
on_plan(struct action_plan *plan, const char *error, void *ud)
{
	struct flow *f = ud;
	const struct action_preview *pv;

	f->pending = false;
	if (f->dlg == NULL) {
		/* Closed while it was being read: nothing more to show. */
		action_plan_free(plan);
		flow_maybe_free(f);
		return;
	}
	if (plan == NULL) {
		f->stage = STAGE_FAILED;
		f->error = xstrdup(error);
		render(f);
		return;
	}
	f->plan = plan;
	f->stage = STAGE_CONFIRM;
	pv = action_plan_preview(plan);
	if (pv->confirm_text != NULL && pv->nrequests > 0) {
		char label[300];

		snprintf(label, sizeof label, "Type %.200s to confirm:", pv->confirm_text);
		dialog_field(f->dlg, label);
	}
	render(f);
}

static void
prepare(struct flow *f)
{
	struct action_args args = { .kind = f->kind };

	if (is_order_kind(f->kind)) {
		args.ids = (const char *const *)&f->ids[f->order];
		args.nids = 1;
	} else {
		args.ids = (const char *const *)f->ids;
		args.nids = f->nids;
	}
	args.period_type = f->period_type;
	args.period_num = f->period_num;
	args.auto_pay = f->auto_pay;
	action_plan_free(f->plan);
	f->plan = NULL;
	flow_clear_outcome(f);
	f->stage = STAGE_PREPARING;
	f->pending = true;
	render(f);
	actions_prepare(f->x->actions, &args, on_plan, f);
}

/* ---- execute ------------------------------------------------------------------ */

static const char *
target_name(const struct action_preview *pv, const char *id)
{
	for (size_t i = 0; i < pv->ntargets; i++)
		if (strcmp(pv->targets[i].id, id) == 0 && pv->targets[i].name[0] != '\0')
			return pv->targets[i].name;
	return id;
}

static enum theme_elem
result_elem(enum journal_result r)
{
	switch (r) {
	case JOURNAL_OK: return TH_OK;
	case JOURNAL_PARTIAL:
	case JOURNAL_UNKNOWN: return TH_WARN;
	default: return TH_ERROR;
	}
}

/* After a lost answer, what re-reading found, in words. */
static const char *
reread_words(enum action_kind k, enum journal_result r)
{
	if (r == JOURNAL_UNKNOWN)
		return "still unknown: it is checked again at the next start";
	switch (k) {
	case ACTION_PAY:
		return r == JOURNAL_OK ? "the order was paid after all" : "the order was not paid";
	case ACTION_CANCEL:
		return r == JOURNAL_OK ? "the order was cancelled after all" :
		    "the order was not cancelled";
	default:
		return r == JOURNAL_OK ? "it was done after all" : "it was not done";
	}
}

static void
record_dry_run(struct flow *f, const struct action_preview *pv)
{
	out_line(f, TH_WARN, "DRY RUN: nothing was sent. The request%s it would send:",
	    pv->nrequests == 1 ? "" : "s");
	for (size_t i = 0; i < pv->nrequests; i++) {
		out_line(f, TH_NORMAL, "%s %s", pv->requests[i].method, pv->requests[i].path);
		if (pv->requests[i].body[0] != '\0')
			out_line(f, TH_DIM, "  %s", pv->requests[i].body);
	}
}

static void
record_result(struct flow *f, const struct action_result *r)
{
	const struct action_preview *pv = action_plan_preview(f->plan);
	char m[96];

	out_line(f, result_elem(r->result), "%s", r->message);
	if (r->reread)
		out_line(f, TH_WARN, "The answer was lost. Re-reading the cloud shows: %s.",
		    reread_words(pv->kind, r->result));
	for (size_t i = 0; i < r->nitems; i++) {
		const struct action_item *it = &r->items[i];

		out_line(f, result_elem(it->result), "  %-8s %s (%s)%s%s",
		    journal_result_name(it->result), target_name(pv, it->id), it->id,
		    it->message[0] ? ": " : "", it->message);
	}
	if (pv->kind == ACTION_PAY && r->result == JOURNAL_OK && pv->has_amount)
		out_line(f, TH_MONEY, "Paid: %s", money_text(pv->amount, pv->currency, m, sizeof m));
	for (size_t i = 0; i < r->norder_ids; i++)
		out_line(f, TH_NORMAL, "  order %s", r->order_ids[i]);
	if (r->has_refund)
		out_line(f, TH_MONEY, "Refund: %s", money_text(r->refund, pv->currency, m, sizeof m));
	if (r->request_id[0] != '\0')
		out_line(f, TH_DIM, "Request id %s", r->request_id);
}

/* The targets done, unmarked: the next batch starts from a clean slate. */
static void
unmark_done(struct flow *f, const struct action_result *r)
{
	struct store *s = f->x->store;

	for (size_t i = 0; i < r->nitems; i++)
		if (r->items[i].result == JOURNAL_OK && store_marked(s, f->view, r->items[i].id))
			store_toggle_mark(s, f->view, r->items[i].id);
}

static void
on_done(const struct action_result *r, void *ud)
{
	struct flow *f = ud;
	struct actui *x = f->x;

	f->pending = false;
	x->sending[0] = '\0';
	if (x->ui == NULL) {
		flow_maybe_free(f);
		return;
	}
	flow_clear_outcome(f);
	if (r->dry_run)
		record_dry_run(f, action_plan_preview(f->plan));
	else
		record_result(f, r);
	f->stage = STAGE_DONE;
	if (!r->dry_run && !r->refused) {
		unmark_done(f, r);
		if (words[f->kind].policy != NULL && r->result != JOURNAL_FAILED) {
			out_line(f, TH_LOADING, "Re-reading the subscriptions to confirm...");
			f->rereads_left = POLICY_REREADS;
			f->resources_gen = store_view(x->store, STORE_RESOURCES)->generation;
		}
		store_refresh_all(x->store);
	}
	if (r->result == JOURNAL_OK || r->dry_run)
		ui_message(x->ui, "%s", r->message);
	else
		ui_error(x->ui, "%s", r->message);
	if (f->dlg == NULL) {
		f->dlg = dialog_new("", &flow_ops, f);
		ui_dialog_open(x->ui, f->dlg);
	}
	render(f);
}

static void
execute(struct flow *f)
{
	const struct action_preview *pv = action_plan_preview(f->plan);

	if (is_order_kind(f->kind))
		snprintf(f->x->sending, sizeof f->x->sending, "%s order %s", words[f->kind].doing,
		    pv->targets[0].id);
	else if (pv->ntargets == 1)
		snprintf(f->x->sending, sizeof f->x->sending, "%s %s", words[f->kind].doing,
		    target_name(pv, pv->targets[0].id));
	else
		snprintf(f->x->sending, sizeof f->x->sending, "%s %zu resources", words[f->kind].doing,
		    pv->ntargets);
	f->stage = STAGE_SENDING;
	f->pending = true;
	dialog_field(f->dlg, NULL);	/* from here on keys only hide or close */
	render(f);
	actions_execute(f->x->actions, f->plan, on_done, f);
}

/* ---- keys ------------------------------------------------------------------------ */

/* Space on a coupon or discount: the new choice, recomputed by actions. */
static void
pay_pick(struct flow *f, int tag)
{
	const struct action_preview *pv = action_plan_preview(f->plan);
	char *coupons[ACTIONS_MAX_COUPONS + 1], *discount = NULL, err[256];
	size_t n = 0;
	bool over = false;

	for (size_t i = 0; i < pv->ncoupons; i++) {
		bool on = pv->coupons[i].selected != (tag == TAG_COUPON + (int)i);

		if (!on)
			continue;
		if (n == ACTIONS_MAX_COUPONS) {
			over = true;
			break;
		}
		coupons[n++] = xstrdup(pv->coupons[i].id);
	}
	/*
	 * One discount: Space on another picks it, on the picked one drops it,
	 * on "no discount" drops any; a mandatory one stays whatever is sent.
	 */
	for (size_t i = 0; i < pv->ndiscounts; i++) {
		const struct action_discount *d = &pv->discounts[i];
		bool here = tag == TAG_DISCOUNT + (int)i;

		if (d->mandatory)
			continue;
		if (here ? !d->selected : d->selected && tag < TAG_NO_DISCOUNT)
			discount = xstrdup(d->id);
	}
	free(f->note);
	f->note = NULL;
	if (over)
		set_note(f, "At most %d coupons per payment.", ACTIONS_MAX_COUPONS);
	else if (action_plan_select(f->plan, (const char *const *)coupons, n, discount, err,
	    sizeof err) != 0)
		set_note(f, "%s", err);
	for (size_t i = 0; i < n; i++)
		free(coupons[i]);
	free(discount);
}

static void
form_key(struct flow *f, int tag, int dir)
{
	switch (tag) {
	case TAG_PERIOD_TYPE:
		f->period_type = f->period_type == 3 ? 2 : 3;
		if (f->period_type == 3 && f->period_num > 3)
			f->period_num = 3;
		break;
	case TAG_PERIOD_NUM: {
		int max = f->period_type == 3 ? 3 : 11;

		f->period_num += dir;
		if (f->period_num < 1)
			f->period_num = 1;
		if (f->period_num > max)
			f->period_num = max;
		break;
	}
	case TAG_AUTO_PAY:
		f->auto_pay = !f->auto_pay;
		break;
	default:
		break;
	}
}

static bool
is_no(keymap_key k)
{
	return k == 'n' || k == 'N' || k == 27 || k == '\r' || k == 'q';
}

static bool
flow_key(void *ud, struct dialog *d, keymap_key k, enum cmd c)
{
	struct flow *f = ud;
	const struct action_preview *pv = f->plan != NULL ? action_plan_preview(f->plan) : NULL;
	bool more = is_order_kind(f->kind) && f->order + 1 < f->nids;

	switch (f->stage) {
	case STAGE_FORM:
		if (k == '\r') {
			prepare(f);
			return true;
		}
		if (k == 27 || k == 'q' || k == 'n') {
			ui_message(f->x->ui, "renew: cancelled, nothing was sent");
			return false;
		}
		if (c == CMD_LEFT || c == CMD_RIGHT || k == '-' || k == '+' || k == ' ')
			form_key(f, dialog_cursor(d), c == CMD_LEFT || k == '-' ? -1 : 1);
		render(f);
		return true;
	case STAGE_PREPARING:
		return !(k == 27 || k == 'q' || k == 'n');
	case STAGE_CONFIRM:
		if (pv->nrequests == 0)
			break;
		if (pv->confirm_text != NULL) {
			if (k == 27) {
				ui_message(f->x->ui, "%s: not confirmed, nothing was sent",
				    action_kind_name(f->kind));
				return false;
			}
			if (k != '\r')
				return true;
			if (strcmp(dialog_field_text(d), pv->confirm_text) != 0) {
				set_note(f, "That is not \"%s\": type it exactly, or Esc to cancel.",
				    pv->confirm_text);
				render(f);
				return true;
			}
			execute(f);
			return true;
		}
		if (k == 'y' || k == 'Y') {
			execute(f);
			return true;
		}
		if (f->kind == ACTION_PAY && (k == ' ' || c == CMD_MARK)) {
			pay_pick(f, dialog_cursor(d));
			render(f);
			return true;
		}
		if (f->kind == ACTION_RENEW && k == 'b') {
			action_plan_free(f->plan);
			f->plan = NULL;
			f->stage = STAGE_FORM;
			render(f);
			return true;
		}
		if (is_no(k)) {
			ui_message(f->x->ui, "%s: not confirmed, nothing was sent for %s",
			    action_kind_name(f->kind), pv->targets[0].id);
			/* Of several marked orders, no skips this one; Esc stops. */
			if (!more || k == 27)
				return false;
			f->order++;
			prepare(f);
		}
		return true;
	case STAGE_SENDING:
		return k != 27;
	case STAGE_FAILED:
	case STAGE_DONE:
		break;
	}
	/* An outcome, or nothing to do: Enter goes on to the next order, the rest close. */
	if (more && k == '\r') {
		f->order++;
		prepare(f);
		return true;
	}
	return false;
}

static void
flow_closed(void *ud, struct dialog *d)
{
	struct flow *f = ud;

	(void)d;
	f->dlg = NULL;
	flow_maybe_free(f);
}

static const struct dialog_ops flow_ops = { flow_key, flow_closed };

/* ---- reconciliation ---------------------------------------------------------------- */

static bool
report_key(void *ud, struct dialog *d, keymap_key k, enum cmd c)
{
	(void)ud;
	(void)d;
	(void)k;
	(void)c;
	return false;
}

static void
report_closed(void *ud, struct dialog *d)
{
	struct actui *x = ud;

	(void)d;
	x->report = NULL;
}

static const struct dialog_ops report_ops = { report_key, report_closed };

static void
on_reconciled(const struct action_reconciled *items, size_t n, const char *const *problems,
    size_t nproblems, const char *error, void *ud)
{
	struct actui *x = ud;
	struct dialog *d;

	x->reconciling = false;
	if (x->ui == NULL || (n == 0 && nproblems == 0 && error == NULL))
		return;
	if (x->report != NULL)
		ui_dialog_close(x->ui, x->report);
	d = x->report = dialog_new("Earlier actions", &report_ops, x);
	if (n > 0)
		dialog_text(d, TH_PANE_TITLE, "%zu earlier action%s had no outcome in the journal; "
		    "the cloud shows:", n, n == 1 ? "" : "s");
	for (size_t i = 0; i < n; i++)
		dialog_text(d, result_elem(items[i].result), "  %s of %s: %s%s%s (journal %s)",
		    items[i].action, items[i].targets, journal_result_name(items[i].result),
		    items[i].detail[0] ? ": " : "", items[i].detail, items[i].journal_id);
	for (size_t i = 0; i < nproblems; i++)
		dialog_text(d, TH_WARN, "Journal: %s", problems[i]);
	if (error != NULL)
		dialog_text(d, TH_ERROR, "Journal: %s", error);
	dialog_hint(d, "Any key closes   (J shows the journal)");
	ui_dirty(x->ui);
	ui_dialog_open(x->ui, d);
	ui_message(x->ui, "reconciled %zu earlier action%s with the cloud", n, n == 1 ? "" : "s");
}

static void
reconcile(struct actui *x)
{
	if (x->ui == NULL || x->actions == NULL || x->read_only || x->reconciling)
		return;
	x->reconciling = true;
	actions_reconcile(x->actions, on_reconciled, x);
}

/* ---- the module -------------------------------------------------------------------- */

struct actui *
actui_new(const struct actui_config *cfg)
{
	struct actui *x = xcalloc(1, sizeof *x);

	x->loop = cfg->loop;
	x->journal = cfg->journal;
	x->journal_error = xstrdup(cfg->journal_error != NULL ? cfg->journal_error :
	    "no journal");
	x->dry_run = cfg->dry_run;
	return x;
}

void
actui_disconnect(struct actui *x)
{
	struct actions *a = x->actions;

	/* Pending callbacks run inside actions_free, with "cancelled". */
	x->actions = NULL;
	actions_free(a);
	x->reconciling = false;
	free(x->profile);
	x->profile = NULL;
}

void
actui_connect(struct actui *x, struct bss_client *bss, const char *profile,
    const char *endpoint, bool read_only)
{
	struct actions_config ac = { 0 };

	actui_disconnect(x);
	x->profile = xstrdup(profile);
	x->read_only = read_only;
	if (x->journal == NULL)
		return;
	ac.loop = x->loop;
	ac.bss = bss;
	ac.journal = x->journal;
	ac.profile = profile;
	ac.endpoint = endpoint;
	ac.read_only = read_only;
	ac.dry_run = x->dry_run;
	x->actions = actions_new(&ac);
	reconcile(x);
}

void
actui_free(struct actui *x)
{
	if (x == NULL)
		return;
	actui_disconnect(x);
	free(x->journal_error);
	free(x);
}

void
actui_attach(struct actui *x, struct ui *ui, struct store *store)
{
	x->ui = ui;
	x->store = store;
	reconcile(x);
}

void
actui_detach(struct actui *x)
{
	x->ui = NULL;
	x->store = NULL;
}

/* The ids an action key acts on: the marked rows of v, or the cursor's. */
static size_t
targets(struct actui *x, enum store_view_id v, const char *cursor_id, char ***out)
{
	size_t n;
	const char *const *marks = store_marks(x->store, v, &n);

	if (n == 0 && cursor_id == NULL)
		return 0;
	if (n == 0) {
		marks = &cursor_id;
		n = 1;
	}
	*out = xcalloc(n, sizeof **out);
	for (size_t i = 0; i < n; i++)
		(*out)[i] = xstrdup(marks[i]);
	return n;
}

/* a and e: on, unless every target already has it (then off). */
static enum action_kind
toggle_kind(const struct actui *x, enum cmd c, char *const *ids, size_t n)
{
	int32_t want = c == CMD_AUTORENEW ? 3 : 1;
	bool all = true;

	for (size_t i = 0; i < n; i++) {
		const struct model_resource *r = find_resource(x->store, ids[i]);

		all &= r != NULL && r->expire_policy == want;
	}
	if (c == CMD_AUTORENEW)
		return all ? ACTION_AUTORENEW_OFF : ACTION_AUTORENEW_ON;
	return all ? ACTION_ON_DEMAND_OFF : ACTION_ON_DEMAND_ON;
}

/* Why the key cannot start an action now; NULL when it can. */
static const char *
refusal(const struct actui *x, enum cmd c, enum store_view_id v, char *buf, size_t n)
{
	bool orders = c == CMD_PAY || c == CMD_CANCEL_ORDER;
	const char *name = cmd_info(c)->name;

	if (x->read_only) {
		snprintf(buf, n, "READ-ONLY: %s refused (--read-only or read_only = true); "
		    "nothing was sent", name);
		return buf;
	}
	if (v != (orders ? STORE_ORDERS : STORE_RESOURCES)) {
		snprintf(buf, n, "%s works on the %s screen (%s)", name,
		    orders ? "Orders" : "Subscriptions", orders ? "4" : "5");
		return buf;
	}
	if (x->actions == NULL) {
		snprintf(buf, n, "%s: actions are not available: %s", name, x->journal_error);
		return buf;
	}
	if (x->reconciling) {
		snprintf(buf, n, "%s: still checking earlier actions in the journal; "
		    "try again in a moment", name);
		return buf;
	}
	if (x->flow != NULL) {
		snprintf(buf, n, "%s: %s", name, x->sending[0] ? "an action is in flight" :
		    "another action is open");
		return buf;
	}
	return NULL;
}

void
actui_command(struct actui *x, enum cmd c, enum store_view_id v, const char *cursor_id)
{
	struct flow *f;
	char why[256];

	if (x->ui == NULL)
		return;
	if (refusal(x, c, v, why, sizeof why) != NULL) {
		ui_error(x->ui, "%s", why);
		return;
	}
	f = xcalloc(1, sizeof *f);
	f->x = x;
	f->view = v;
	f->nids = targets(x, v, cursor_id, &f->ids);
	if (f->nids == 0) {
		free(f);
		ui_error(x->ui, "%s: no row to act on", cmd_info(c)->name);
		return;
	}
	switch (c) {
	case CMD_PAY: f->kind = ACTION_PAY; break;
	case CMD_CANCEL_ORDER: f->kind = ACTION_CANCEL; break;
	case CMD_RENEW: f->kind = ACTION_RENEW; break;
	case CMD_UNSUBSCRIBE: f->kind = ACTION_UNSUBSCRIBE; break;
	default: f->kind = toggle_kind(x, c, f->ids, f->nids); break;
	}
	f->period_type = 2;
	f->period_num = 1;
	x->flow = f;
	f->dlg = dialog_new("", &flow_ops, f);
	ui_dialog_open(x->ui, f->dlg);
	if (f->kind == ACTION_RENEW) {
		f->stage = STAGE_FORM;
		render(f);
	} else {
		prepare(f);
	}
}

/* The subscriptions were re-read: does the cloud show the new policy? */
void
actui_store_changed(struct actui *x, enum store_view_id v)
{
	struct flow *f = x->flow;
	const struct store_view *sv;
	size_t done = 0;

	if (f == NULL || f->rereads_left == 0 || v != STORE_RESOURCES || x->store == NULL)
		return;
	sv = store_view(x->store, STORE_RESOURCES);
	if (sv->in_flight || (sv->generation == f->resources_gen && sv->load != STORE_ERROR))
		return;
	f->resources_gen = sv->generation;
	f->nout--;	/* the "re-reading" line */
	free(f->out[f->nout].text);
	if (sv->load == STORE_ERROR) {
		f->rereads_left = 0;
		out_line(f, TH_WARN, "Could not re-read the subscriptions: %s", sv->message);
		render(f);
		return;
	}
	for (size_t i = 0; i < f->nids; i++) {
		const struct model_resource *r = find_resource(x->store, f->ids[i]);

		done += r != NULL && policy_done(f->kind, r->expire_policy);
	}
	if (done < f->nids && --f->rereads_left > 0) {
		/* The fetch may have started before the change: once more. */
		out_line(f, TH_LOADING, "Re-reading the subscriptions to confirm...");
		store_refresh(x->store, STORE_RESOURCES);
		return;
	}
	f->rereads_left = 0;
	out_line(f, done == f->nids ? TH_OK : TH_WARN, "Re-read: %zu of %zu now show%s %s.", done,
	    f->nids, done == 1 ? "s" : "", words[f->kind].policy);
	render(f);
}

const char *
actui_sending(const struct actui *x)
{
	return x->sending[0] != '\0' ? x->sending : NULL;
}

bool
actui_idle(const struct actui *x)
{
	return x->flow == NULL && !x->reconciling;
}

bool
actui_dry_run(const struct actui *x)
{
	return x->dry_run;
}

const struct journal *
actui_journal(const struct actui *x, const char **why)
{
	*why = x->journal_error;
	return x->journal;
}
