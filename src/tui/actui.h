/*
 * actui: the dashboard's side of the money-moving actions (app/actions):
 * the action keys' dialogs, their outcomes, and start-up reconciliation.
 *
 *   p pay          one dialog per order (marked orders one after another):
 *                  usable coupons (at most 3) and discounts (one) to pick,
 *                  the amount to pay and the balance after; y pays
 *   c cancel-order one dialog per order; y cancels
 *   r renew        period type and count within the limits, auto-pay or
 *                  leave the order pending; Enter asks the rating API for the
 *                  price; y renews (actions splits batches of 10)
 *   u unsubscribe  what stops working and the refund; the resource's name
 *                  (or, for several, their number) typed, then Enter
 *   a auto-renew, e on-expiry: on, or off when every target already has it;
 *                  y changes it; the view is re-read and the dialog says
 *                  whether the cloud now shows the new policy
 *
 * Every confirmation lists the exact targets, period, amounts and currency;
 * No is the default (n, Esc and Enter all say no) and only y (or the typed
 * name) says yes. Under --read-only or a read_only profile the keys refuse
 * with a status-bar message and nothing is read or sent. Under --dry-run the
 * dialogs run as usual and y shows the exact requests instead of sending
 * them. After a request the dialog shows the outcome per target, and, when
 * the answer was lost, what re-reading the cloud found. At start-up (and
 * after a profile switch) the journal's open intents are reconciled and the
 * result shown in a dialog.
 *
 * One action at a time. Lifetime: the journal and the bss client given to
 * actui_connect() are borrowed and must outlive the connection (until
 * actui_disconnect() or actui_free()); actui_free() cancels what is
 * pending, whose callbacks then only clean up.
 */
#ifndef BSS_TUI_ACTUI_H
#define BSS_TUI_ACTUI_H

#include <stdbool.h>
#include <stddef.h>
#include <uv.h>

#include "api/bss.h"
#include "app/journal.h"
#include "app/store.h"
#include "tui/keymap.h"

struct ui;
struct actui;

struct actui_config {
	uv_loop_t *loop;             /* borrowed */
	struct journal *journal;     /* borrowed; NULL: no journal, so no actions */
	const char *journal_error;   /* why there is none (copied) */
	bool dry_run;
};

struct actui *actui_new(const struct actui_config *cfg);
void actui_free(struct actui *x);

/*
 * Acts on this account from now on (strings copied, bss borrowed), and
 * reconciles its open journal intents once a ui is attached.
 */
void actui_connect(struct actui *x, struct bss_client *bss, const char *profile,
    const char *endpoint, bool read_only);
/* Drops the account (before its bss client goes). Cancels what is pending. */
void actui_disconnect(struct actui *x);

/* Called by ui_run: the ui and store are borrowed until actui_detach(). */
void actui_attach(struct actui *x, struct ui *ui, struct store *store);
void actui_detach(struct actui *x);

/* An action key: see ui_action(). */
void actui_command(struct actui *x, enum cmd c, enum store_view_id v, const char *cursor_id);
/* The store changed view v (the re-read that confirms a new policy). */
void actui_store_changed(struct actui *x, enum store_view_id v);

/* Requests are on the wire: one line saying what, for the quit question; NULL when none. */
const char *actui_sending(const struct actui *x);
/* Nothing is being read, shown or sent (a profile may be switched). */
bool actui_idle(const struct actui *x);
bool actui_dry_run(const struct actui *x);
/* The journal (borrowed), or NULL with the reason in *why. */
const struct journal *actui_journal(const struct actui *x, const char **why);

#endif
