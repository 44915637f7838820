/*
 * store_bss: the store's fetcher over the BSS API (api/bss).
 *
 * Maps each store view to its calls: balances; available coupons (every
 * page); orders pending payment and pending approval (two lists joined);
 * primary yearly/monthly resources; resource packages; this month's sum
 * (UTC+8 billing month); daily costs by charging mode over the last
 * STORE_COST_DAYS whole days (UTC+8 dates). Details: order line items, a resource by id, a
 * package's usage by free resource. Results go back through
 * store_deliver(); an error becomes its bss_error message.
 *
 * A store_bss owns its connection (the http and bss clients) to one
 * account at a time: store_bss_connect() replaces it (profile switch).
 * Dropping a connection cancels its calls, whose callbacks deliver
 * "cancelled" errors to the store, so the store must outlive the
 * store_bss. After store_bss_free() run the loop until the clients' handles
 * have closed, then close the loop.
 */
#ifndef BSS_APP_STORE_BSS_H
#define BSS_APP_STORE_BSS_H

#include "api/bss.h"
#include "app/store.h"

struct store_bss;

struct store_bss *store_bss_new(uv_loop_t *loop);
/* Connects to the account cfg describes (copied). 0, or -1 with a message in err. */
int store_bss_connect(struct store_bss *sb, const struct http_config *cfg, char *err,
    size_t errlen);
void store_bss_free(struct store_bss *sb);
/* The connection's client, for app/billing to borrow; NULL when not connected. Replaced
 * by store_bss_connect(). */
struct bss_client *store_bss_client(const struct store_bss *sb);

/* Use with store_set_fetcher(s, &store_bss_fetcher, sb). */
extern const struct store_fetcher store_bss_fetcher;

#endif
