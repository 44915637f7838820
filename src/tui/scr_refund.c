/*
 * Refunds in the order detail view: an unsubscription order (type 4) or a
 * change order (type 3, a downgrade when it refunds) gets the refund-orders
 * API's records under its line items: what was refunded, what was kept
 * (consumed or fees), from which original order. The detail view stays the
 * one the orders screen has; these are extra lines for it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tui/scr.h"
#include "util/xalloc.h"

/* An upgrade is a change order too; the API says it has no refund, which is not an error here. */
#define NOT_A_REFUND_ORDER "CBC.99005026"

static bool
may_refund(const struct model_order *o)
{
	return o->order_type == 3 || o->order_type == 4;
}

unsigned
refund_state(struct store *store)
{
	struct billing *b = store_billing(store);
	const struct store_view *sv;

	if (b == NULL)
		return 0;
	sv = billing_view(b, BILLING_REFUNDS);
	return sv->generation * 4u + (unsigned)sv->load;
}

static void
push(char ***lines, size_t *n, char *line)
{
	*lines = xreallocarray(*lines, *n + 1, sizeof **lines);
	(*lines)[(*n)++] = line;
}

char **
refund_lines(struct store *store, const struct model_order *o, size_t *n)
{
	struct billing *b = store_billing(store);
	const struct store_view *sv;
	const struct model_refund_details *r;
	char **lines = NULL, m[MONEY_BUFSZ];
	money_t refunded = 0, kept = 0;

	*n = 0;
	if (b == NULL || !may_refund(o))
		return NULL;
	/* Asked once per order: a failure is shown, not retried on every redraw. */
	if (strcmp(billing_key(b, BILLING_REFUNDS), o->order_id) != 0)
		billing_load_refunds(b, o->order_id, false);
	sv = billing_view(b, BILLING_REFUNDS);
	r = model_refund_details(sv->model);
	if (sv->load == STORE_ERROR && strstr(sv->message, NOT_A_REFUND_ORDER) != NULL)
		return NULL;
	push(&lines, n, xstrdup("\t"));
	if (r == NULL) {
		push(&lines, n, sv->load == STORE_ERROR ? xasprintf("Refunds\terror: %s", sv->message) :
		    xstrdup("Refunds\tloading..."));
		return lines;
	}
	for (size_t i = 0; i < r->n_refund_infos; i++) {
		if (r->refund_infos[i].amount < 0)
			refunded -= r->refund_infos[i].amount;
		else
			kept += r->refund_infos[i].amount;
	}
	push(&lines, n, xasprintf("Refunded\t%s %s", money_format_grouped(refunded, 2, m, sizeof m),
	    o->currency[0] ? o->currency : "CNY"));
	push(&lines, n, xasprintf("Kept\t%s (used before the refund, and fees)",
	    money_format_grouped(kept, 2, m, sizeof m)));
	push(&lines, n, xasprintf("Net refund\t%s", money_format_grouped(refunded - kept, 2, m,
	    sizeof m)));
	push(&lines, n, xasprintf("Refund records\t%zu", r->n_refund_infos));
	for (size_t i = 0; i < r->n_refund_infos; i++) {
		const struct model_refund_info *f = &r->refund_infos[i];

		push(&lines, n, xasprintf("  %s\t%s %s, %s, %s, from order %s",
		    f->resource_type_name[0] ? f->resource_type_name : f->resource_type_code,
		    money_format_grouped(f->amount < 0 ? -f->amount : f->amount, 2, m, sizeof m),
		    f->amount < 0 ? "refunded" : "kept",
		    f->service_type_name[0] ? f->service_type_name : f->service_type_code,
		    f->region_code, f->base_order_id[0] ? f->base_order_id : "-"));
	}
	return lines;
}
