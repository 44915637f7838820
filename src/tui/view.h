/*
 * view: one screen of the dashboard behind a small ops table (tig's
 * view_ops, htop's Panel): a new screen is a new file, not edits all over.
 *
 * A view draws from the store only and turns commands into store calls;
 * it never sees a raw key except through the ui's line editor. The ui owns
 * every view it holds: it calls close() exactly once, which frees the view.
 */
#ifndef BSS_TUI_VIEW_H
#define BSS_TUI_VIEW_H

#include <curses.h>
#include <stdbool.h>
#include <stdint.h>

#include "app/store.h"
#include "tui/keymap.h"

struct ui;
struct view;

struct view_ops {
	const char *name;                 /* tab and title */
	/* Became the visible view (first time, or back from another). */
	void (*open)(struct view *v);
	/* Draws into w (the whole area between the tab bar and the status bar). */
	void (*draw)(struct view *v, WINDOW *w);
	/* A command; true when handled (the ui handles the rest). */
	bool (*key)(struct view *v, enum cmd c);
	/* Mouse click at window row y, column x: focus and select what is there. */
	void (*select)(struct view *v, int y, int x);
	/* Frees the view and everything it owns. */
	void (*close)(struct view *v);
};

struct view {
	const struct view_ops *ops;
	struct ui *ui;          /* borrowed */
	struct store *store;    /* borrowed */
	void *priv;             /* the implementation's */
	/*
	 * Views whose data the store's schedule does not load (bills, costs,
	 * products) set this: while on view, the ui sends them CMD_REFRESH about
	 * this often, checked every store refresh interval. 0 = never.
	 */
	unsigned auto_refresh_s;
	uint64_t auto_refreshed_ms;   /* the ui's: uv_now() of the last one */
	/*
	 * What such a refresh reloads when it is less than CMD_REFRESH (which
	 * reloads all the user sees): NULL = the same.
	 */
	void (*auto_refresh)(struct view *v);
};

#endif
