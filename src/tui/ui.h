/*
 * ui: the dashboard's shell around the views.
 *
 * Owns the screen runtime (tui/screen), the keymap, the theme, the tab bar
 * of top-level views (1-9), a stack of pushed views (details, help) over
 * the current one, the line editor (`/` filter, `:` prompt) and the status
 * bar. Keys become commands here; views get the commands they handle, the
 * rest (quit, help, themes, screens, refresh, pause) are the ui's. Store
 * changes only mark the screen dirty; drawing happens once per loop turn.
 */
#ifndef BSS_TUI_UI_H
#define BSS_TUI_UI_H

#include <stdbool.h>
#include <stddef.h>
#include <uv.h>

#include "app/store.h"
#include "tui/dialog.h"
#include "tui/keymap.h"
#include "tui/view.h"

struct actui;

struct ui_options {
	const char *theme;          /* NULL = "default" */
	struct keymap *keymap;      /* owned by the ui from here on; NULL = defaults */
	int escdelay_ms;
	bool mouse;
	/*
	 * Profiles P cycles through (borrowed); switching calls profile_switch,
	 * which returns 0, or -1 with a message in err (shown in the status bar).
	 */
	const char *const *profiles;
	size_t nprofiles;
	int (*profile_switch)(void *ud, const char *profile, char *err, size_t errlen);
	void *profile_ud;
	/*
	 * The action keys' flows (borrowed; NULL: the action keys say actions
	 * are not available). ui_run attaches it to the ui and detaches it
	 * before returning.
	 */
	struct actui *actions;
	/* Shown in the status bar at start (e.g. a bad [keys] line); NULL = none. */
	const char *notice;
	/* Tests: quit by itself after this many frames (0 = never). */
	unsigned long max_frames;
	/*
	 * Benchmarks: the first frame that shows every view loaded is reported
	 * on stderr with its CLOCK_MONOTONIC time and the number of views that
	 * failed. UI_LOADED_EXIT (BSSDASH_BENCH_EXIT_WHEN_LOADED) then quits and
	 * prints it once the terminal is restored; UI_LOADED_REPORT
	 * (BSSDASH_BENCH_REPORT_LOADED) prints it at once and carries on, so
	 * stderr must not be the terminal.
	 */
	enum { UI_LOADED_IGNORE, UI_LOADED_REPORT, UI_LOADED_EXIT } bench_loaded;
};

struct ui;

/*
 * Runs the dashboard on loop until the user quits or a signal ends it:
 * starts the screen, the store's schedule, runs the loop, then restores the
 * terminal and stops the store's timers. Returns the exit status (0, or
 * 128 + signal); on a start failure -1 with a message in err.
 */
int ui_run(uv_loop_t *loop, struct store *store, const struct ui_options *opt,
    char *err, size_t errlen);

/* ---- for views ---------------------------------------------------------- */
/* Pushes v over the current view (Esc pops it); the ui owns v. */
void ui_push(struct ui *ui, struct view *v);
/* Pops the top pushed view, if any. */
void ui_pop(struct ui *ui);
/* Shows top-level screen n (0-based). */
void ui_show_screen(struct ui *ui, int n);
void ui_dirty(struct ui *ui);
/* A one-line message in the status bar until the next key. */
void ui_message(struct ui *ui, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* The same, in the error colour. */
void ui_error(struct ui *ui, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/*
 * Opens d over everything (the ui owns it from here on: see tui/dialog.h).
 * Keys go to the newest open dialog first.
 */
void ui_dialog_open(struct ui *ui, struct dialog *d);
/* Closes and frees d if it is open; nothing otherwise. */
void ui_dialog_close(struct ui *ui, struct dialog *d);

/*
 * An action key (pay, cancel-order, renew, ...) on store view v with the
 * row id under the cursor (NULL when none); v is STORE_NVIEWS from views
 * without rows to act on. Marked rows of v, when there are any, are the
 * targets instead of the cursor's.
 */
void ui_action(struct ui *ui, enum cmd c, enum store_view_id v, const char *cursor_id);

/*
 * Opens the line editor under the view with prompt (e.g. "/"): on_change
 * runs after every edit, on_done with accepted = true on Enter, false on
 * Esc. text is the starting text. Callbacks' text is borrowed for the call.
 */
void ui_edit(struct ui *ui, const char *prompt, const char *text,
    void (*on_change)(void *ud, const char *text),
    void (*on_done)(void *ud, const char *text, bool accepted), void *ud);

const struct keymap *ui_keymap(const struct ui *ui);
/* Whether the terminal can draw UTF-8 (borders, bars, sparklines). */
bool ui_utf8(const struct ui *ui);

#endif
