/*
 * bg: work done ahead, in slices, on loop turns that have nothing else to do.
 *
 * A view with a long computation it can do before the user asks for it (a
 * table's sort orders and search text over 100,000 rows) adds a slice
 * function; the loop runs one slice per turn, between its polls for input,
 * while any is pending, so a key waits at most one slice. The uv_idle_t is
 * active only while there is work: an idle dashboard does not spin.
 *
 * Lifetime: bg_start and bg_stop bracket the loop's run (tui/ui); bg_stop
 * closes the handle (the loop must run to finish closing) and drops what is
 * pending. ud is borrowed until its slice returns false or bg_cancel(ud).
 * Without bg_start (unit tests) work is kept but never run.
 */
#ifndef BSS_TUI_BG_H
#define BSS_TUI_BG_H

#include <stdbool.h>
#include <uv.h>

void bg_start(uv_loop_t *loop);
void bg_stop(void);
/* Runs slice(ud) on later idle turns until it returns false; adding a pending ud again does nothing. */
void bg_add(bool (*slice)(void *ud), void *ud);
/* Drops ud's pending work (before ud is freed). */
void bg_cancel(void *ud);

#endif
