#include "tui/ui.h"

#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "app/billing.h"
#include "tui/actui.h"
#include "tui/bg.h"
#include "tui/draw.h"
#include "tui/scr.h"
#include "tui/screen.h"
#include "tui/screens.h"
#include "tui/theme.h"
#include "util/xalloc.h"

#define MIN_ROWS 16
#define MIN_COLS 60
#define MAX_SCREENS 9
#define MAX_STACK 8
#define MAX_DIALOGS 4
#define EDIT_MAX 256
/*
 * How long a refresh of data on show may take before the screen says so.
 * Most answer in milliseconds; drawing "refreshing" and the in-flight count
 * for that moment, then the answer, rewrites the state line and the status
 * bar twice per refresh (~130 bytes over SSH, every balance refresh) for a
 * flicker nobody can read. Under a second needs no feedback.
 */
#define QUIET_MS 1000

struct ui {
	uv_loop_t *loop;
	struct store *store;
	const struct ui_options *opt;
	struct keymap *km;
	struct theme theme;
	char **themes;
	size_t theme_idx;
	struct view *screens[MAX_SCREENS];
	int nscreens, cur;
	struct view *stack[MAX_STACK];
	int depth;
	uv_timer_t *refresh_tick;      /* heap: its close completes after the ui is gone */
	uv_timer_t *quiet;             /* heap, likewise: QUIET_MS after a refresh began */
	enum { QUIET_NONE, QUIET_HOLD, QUIET_SHOWN } quiet_state;
	struct dialog *dialogs[MAX_DIALOGS];   /* over everything; the last gets the keys */
	int ndialogs;
	struct {
		bool on;
		char prompt[8];
		char text[EDIT_MAX];
		void (*on_change)(void *ud, const char *text);
		void (*on_done)(void *ud, const char *text, bool accepted);
		void *ud;
	} edit;
	char message[640];
	bool message_error;
	WINDOW *top, *main, *bottom;
	int rows, cols;
	int tab_x[MAX_SCREENS + 1];   /* tab bar hit-testing, from the last draw */
	size_t profile_idx;
	int status;
	bool quitting, utf8;
	struct timespec loaded_at;	/* bench_loaded: the frame that had it all */
	unsigned load_errors;
};

static struct view *
top_view(struct ui *ui)
{
	return ui->depth > 0 ? ui->stack[ui->depth - 1] : ui->screens[ui->cur];
}

void
ui_dirty(struct ui *ui)
{
	(void)ui;
	screen_dirty();
}

const struct keymap *
ui_keymap(const struct ui *ui)
{
	return ui->km;
}

bool
ui_utf8(const struct ui *ui)
{
	return ui->utf8;
}

void
ui_message(struct ui *ui, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(ui->message, sizeof ui->message, fmt, ap);
	va_end(ap);
	ui->message_error = false;
	screen_dirty();
}

static void
error_message(struct ui *ui, const char *msg)
{
	snprintf(ui->message, sizeof ui->message, "%.600s", msg);
	ui->message_error = true;
	screen_dirty();
}

void
ui_error(struct ui *ui, const char *fmt, ...)
{
	va_list ap;
	char msg[640];

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	error_message(ui, msg);
}

void
ui_dialog_open(struct ui *ui, struct dialog *d)
{
	if (ui->ndialogs == MAX_DIALOGS) {
		/* The oldest goes: the newest is the one just asked for. */
		ui_dialog_close(ui, ui->dialogs[0]);
	}
	ui->dialogs[ui->ndialogs++] = d;
	screen_dirty();
}

void
ui_dialog_close(struct ui *ui, struct dialog *d)
{
	for (int i = 0; i < ui->ndialogs; i++) {
		if (ui->dialogs[i] != d)
			continue;
		memmove(&ui->dialogs[i], &ui->dialogs[i + 1],
		    (size_t)(ui->ndialogs - i - 1) * sizeof ui->dialogs[0]);
		ui->ndialogs--;
		dialog_free(d);
		screen_dirty();
		return;
	}
}

void
ui_action(struct ui *ui, enum cmd c, enum store_view_id v, const char *cursor_id)
{
	if (ui->opt->actions == NULL) {
		ui_error(ui, "%s: actions are not available here", cmd_info(c)->name);
		return;
	}
	actui_command(ui->opt->actions, c, v, cursor_id);
}

void
ui_push(struct ui *ui, struct view *v)
{
	if (ui->depth == MAX_STACK) {
		v->ops->close(v);
		return;
	}
	ui->stack[ui->depth++] = v;
	v->ops->open(v);
	screen_dirty();
}

void
ui_pop(struct ui *ui)
{
	struct view *v;

	if (ui->depth == 0)
		return;
	v = ui->stack[--ui->depth];
	v->ops->close(v);
	top_view(ui)->ops->open(top_view(ui));
	screen_dirty();
}

void
ui_show_screen(struct ui *ui, int n)
{
	if (n < 0 || n >= ui->nscreens) {
		ui_message(ui, "there is no screen %d", n + 1);
		return;
	}
	while (ui->depth > 0)
		ui_pop(ui);
	ui->cur = n;
	ui->screens[n]->ops->open(ui->screens[n]);
	screen_dirty();
}

void
ui_edit(struct ui *ui, const char *prompt, const char *text,
    void (*on_change)(void *ud, const char *text),
    void (*on_done)(void *ud, const char *text, bool accepted), void *ud)
{
	ui->edit.on = true;
	snprintf(ui->edit.prompt, sizeof ui->edit.prompt, "%s", prompt);
	snprintf(ui->edit.text, sizeof ui->edit.text, "%s", text);
	ui->edit.on_change = on_change;
	ui->edit.on_done = on_done;
	ui->edit.ud = ud;
	screen_dirty();
}

/* ---- themes -------------------------------------------------------------- */

static void
use_theme(struct ui *ui, const char *name)
{
	char err[512];

	if (theme_load(&ui->theme, name, err, sizeof err) != 0)
		error_message(ui, err);	/* theme_load left the fallback in place */
	theme_apply(&ui->theme);
	for (size_t i = 0; ui->themes[i] != NULL; i++)
		if (strcmp(ui->themes[i], name) == 0)
			ui->theme_idx = i;
	screen_dirty_all();
}

static void
next_theme(struct ui *ui)
{
	if (ui->themes[0] == NULL) {
		error_message(ui, "no theme files found");
		return;
	}
	ui->theme_idx = ui->themes[ui->theme_idx + 1] ? ui->theme_idx + 1 : 0;
	use_theme(ui, ui->themes[ui->theme_idx]);
	if (!ui->message_error)
		ui_message(ui, "theme: %s", ui->theme.name);
}

/* ---- the : prompt ---------------------------------------------------------- */

static void dispatch(struct ui *ui, enum cmd c);

/* Completion candidates for text: command names, and "theme NAME". */
static void
complete(struct ui *ui)
{
	char best[EDIT_MAX] = "";
	size_t nmatch = 0, tlen = strlen(ui->edit.text);
	bool theme = strncmp(ui->edit.text, "theme ", 6) == 0;

	for (int i = theme ? 0 : 1; ; i++) {
		char cand[EDIT_MAX];

		if (theme) {
			if (ui->themes[i] == NULL)
				break;
			snprintf(cand, sizeof cand, "theme %s", ui->themes[i]);
		} else if (i < CMD_COUNT) {
			snprintf(cand, sizeof cand, "%s", cmd_info((enum cmd)i)->name);
		} else if (i == CMD_COUNT) {
			snprintf(cand, sizeof cand, "theme ");
		} else {
			break;
		}
		if (strncmp(cand, ui->edit.text, tlen) != 0)
			continue;
		if (nmatch++ == 0) {
			snprintf(best, sizeof best, "%s", cand);
		} else {
			size_t k = 0;

			while (best[k] != '\0' && best[k] == cand[k])
				k++;
			best[k] = '\0';
		}
	}
	if (nmatch > 0)
		snprintf(ui->edit.text, sizeof ui->edit.text, "%s", best);
	if (nmatch > 1)
		ui_message(ui, "%zu matches", nmatch);
}

static void
prompt_done(void *ud, const char *text, bool accepted)
{
	struct ui *ui = ud;
	enum cmd c;

	if (!accepted || text[0] == '\0')
		return;
	if (strncmp(text, "theme ", 6) == 0) {
		use_theme(ui, text + 6);
		return;
	}
	c = cmd_by_name(text);
	if (c == CMD_NONE) {
		char msg[300];

		snprintf(msg, sizeof msg, "unknown command \"%.200s\" (Tab completes)", text);
		error_message(ui, msg);
		return;
	}
	dispatch(ui, c);
}

static bool
edit_key(struct ui *ui, keymap_key k)
{
	size_t len = strlen(ui->edit.text);
	char u[8];

	if (k == '\r' || k == 27) {
		char text[EDIT_MAX];
		void (*done)(void *, const char *, bool) = ui->edit.on_done;

		snprintf(text, sizeof text, "%s", ui->edit.text);
		ui->edit.on = false;
		if (done != NULL)
			done(ui->edit.ud, text, k == '\r');
		return true;
	}
	if (k == '\t' && ui->edit.on_change == NULL) {
		complete(ui);
		return true;
	}
	if (k == 0x7f || k == 8) {
		/* Remove one whole UTF-8 character. */
		while (len > 0 && ((unsigned char)ui->edit.text[len - 1] & 0xc0) == 0x80)
			len--;
		if (len > 0)
			len--;
		ui->edit.text[len] = '\0';
	} else if (k == 21) {	/* C-u */
		ui->edit.text[0] = '\0';
	} else if (!(k & KEYMAP_FN) && k >= 0x20) {
		char name[KEYMAP_NAME_MAX];

		snprintf(u, sizeof u, "%s", k == ' ' ? " " : keymap_key_name(k, name));
		if (len + strlen(u) < sizeof ui->edit.text)
			memcpy(ui->edit.text + len, u, strlen(u) + 1);
	} else {
		return true;	/* other keys do nothing while editing */
	}
	if (ui->edit.on_change != NULL)
		ui->edit.on_change(ui->edit.ud, ui->edit.text);
	return true;
}

/* ---- commands ------------------------------------------------------------ */

static void
quit(struct ui *ui, int status)
{
	ui->status = status;
	ui->quitting = true;
	uv_stop(ui->loop);
}

static bool
quit_key(void *ud, struct dialog *d, keymap_key k, enum cmd c)
{
	(void)d;
	(void)c;
	if (k == 'y' || k == 'Y')
		quit(ud, 0);
	return false;
}

static const struct dialog_ops quit_ops = { quit_key, NULL };

/* q: at once, unless requests of an action are on the wire. */
static void
ask_quit(struct ui *ui)
{
	const char *what = ui->opt->actions != NULL ? actui_sending(ui->opt->actions) : NULL;
	struct dialog *d;

	if (what == NULL) {
		quit(ui, 0);
		return;
	}
	d = dialog_new("Quit?", &quit_ops, ui);
	dialog_text(d, TH_WARN, "An action is in flight: %s.", what);
	dialog_text(d, TH_NORMAL, "Quitting now leaves its outcome unknown until the next start "
	    "checks the journal against the cloud.");
	dialog_hint(d, "y: quit anyway   n/Enter/Esc: stay (default)");
	ui_dialog_open(ui, d);
}

static bool
is_action(enum cmd c)
{
	return c == CMD_PAY || c == CMD_CANCEL_ORDER || c == CMD_RENEW || c == CMD_UNSUBSCRIBE ||
	    c == CMD_AUTORENEW || c == CMD_ON_EXPIRY;
}

/* J: the journal over the current view, or back from it. */
static void
toggle_journal(struct ui *ui)
{
	const struct journal *j = NULL;
	const char *why = "actions are not available here";

	if (top_view(ui)->ops == &journal_view_ops) {
		ui_pop(ui);
		return;
	}
	if (ui->opt->actions != NULL)
		j = actui_journal(ui->opt->actions, &why);
	if (j == NULL) {
		ui_error(ui, "journal: %s", why);
		return;
	}
	ui_push(ui, journal_view_new(ui, ui->store, j));
}

static void
dispatch(struct ui *ui, enum cmd c)
{
	struct view *v = top_view(ui);

	switch (c) {
	case CMD_QUIT:
		ask_quit(ui);
		return;
	case CMD_JOURNAL:
		toggle_journal(ui);
		return;
	case CMD_SUSPEND:
		screen_suspend();
		return;
	case CMD_REDRAW:
		screen_dirty_all();
		return;
	case CMD_HELP:
		if (v->ops == &help_view_ops)
			ui_pop(ui);
		else
			ui_push(ui, help_view_new(ui, ui->store));
		return;
	case CMD_NEXT_THEME:
		next_theme(ui);
		return;
	case CMD_PROMPT:
		ui_edit(ui, ":", "", NULL, prompt_done, ui);
		return;
	case CMD_PAUSE:
		store_set_paused(ui->store, !store_paused(ui->store));
		ui_message(ui, store_paused(ui->store) ? "automatic refresh paused (z resumes)" :
		    "automatic refresh resumed");
		return;
	case CMD_PROFILE:
		if (ui->opt->nprofiles < 2 || ui->opt->profile_switch == NULL) {
			ui_message(ui, "only one profile is configured");
			return;
		}
	{
		size_t next = (ui->profile_idx + 1) % ui->opt->nprofiles;
		char err[512];

		if (ui->opt->profile_switch(ui->opt->profile_ud, ui->opt->profiles[next], err,
		    sizeof err) != 0) {
			error_message(ui, err);
			return;
		}
		ui->profile_idx = next;
		ui_message(ui, "profile: %s", ui->opt->profiles[next]);
		return;
	}
	default:
		break;
	}
	if (c >= CMD_SCREEN_1 && c <= CMD_SCREEN_9) {
		ui_show_screen(ui, (int)(c - CMD_SCREEN_1));
		return;
	}
	if (v->ops->key(v, c)) {
		screen_dirty();
		return;
	}
	switch (c) {
	case CMD_BACK:
		if (ui->depth > 0)
			ui_pop(ui);
		else if (ui->cur != 0)
			ui_show_screen(ui, 0);
		break;
	case CMD_NEXT_PANE:
		if (ui->depth == 0)
			ui_show_screen(ui, (ui->cur + 1) % ui->nscreens);
		break;
	case CMD_PREV_PANE:
		if (ui->depth == 0)
			ui_show_screen(ui, (ui->cur + ui->nscreens - 1) % ui->nscreens);
		break;
	case CMD_REFRESH:
		/* The panes say "refreshing"; the status bar keeps the last error until its view loads. */
		store_refresh_all(ui->store);
		break;
	default:
		/* Commands that open a screen of their own (price, usage: tui/scr.h). */
		if (is_action(c))
			ui_action(ui, c, STORE_NVIEWS, NULL);
		else
			scr_open(ui, ui->store, c);
		break;
	}
}

static void
on_key(void *ud, keymap_key k)
{
	struct ui *ui = ud;
	enum cmd c;

	screen_dirty();
	c = keymap_lookup(ui->km, k);
	if (ui->ndialogs > 0) {
		struct dialog *d = ui->dialogs[ui->ndialogs - 1];

		ui->message[0] = '\0';
		if (!dialog_key(d, k, c))
			ui_dialog_close(ui, d);
		return;
	}
	if (ui->edit.on) {
		edit_key(ui, k);
		return;
	}
	ui->message[0] = '\0';
	if (c != CMD_NONE)
		dispatch(ui, c);
}

static void
on_mouse(void *ud, enum screen_mouse what, int y, int x)
{
	struct ui *ui = ud;
	struct view *v = top_view(ui);

	screen_dirty();
	if (ui->ndialogs > 0) {
		/* The wheel scrolls the dialog; a click is no answer. */
		if (what != SCREEN_CLICK)
			dialog_key(ui->dialogs[ui->ndialogs - 1], 0,
			    what == SCREEN_WHEEL_UP ? CMD_UP : CMD_DOWN);
		return;
	}
	if (what != SCREEN_CLICK) {
		for (int i = 0; i < 3; i++)
			v->ops->key(v, what == SCREEN_WHEEL_UP ? CMD_UP : CMD_DOWN);
		return;
	}
	if (y == 0) {
		for (int i = 0; i < ui->nscreens; i++)
			if (x >= ui->tab_x[i] && x < ui->tab_x[i + 1])
				ui_show_screen(ui, i);
		return;
	}
	if (y < ui->rows - 1)
		v->ops->select(v, y - 1, x);
}

static void
on_quit(void *ud, int signo, const char *why)
{
	struct ui *ui = ud;

	(void)why;
	quit(ui, signo ? 128 + signo : 1);
}

/* ---- drawing ------------------------------------------------------------------ */

static void
layout(struct ui *ui, int rows, int cols)
{
	if (ui->top != NULL && rows == ui->rows && cols == ui->cols)
		return;
	if (ui->top != NULL) {
		delwin(ui->top);
		delwin(ui->main);
		delwin(ui->bottom);
	}
	ui->rows = rows;
	ui->cols = cols;
	ui->top = newwin(1, cols, 0, 0);
	ui->main = newwin(rows - 2, cols, 1, 0);
	ui->bottom = newwin(1, cols, rows - 1, 0);
}

/* Tab i's label with its name cut to cap columns (the current tab's never is). */
static int
tab_label(const struct ui *ui, int i, int cap, char *out, size_t n)
{
	char name[64];

	if (i == ui->cur || cap < 0)
		snprintf(name, sizeof name, "%s", ui->screens[i]->ops->name);
	else
		wtext_trunc(ui->screens[i]->ops->name, cap, name, sizeof name);
	snprintf(out, n, name[0] != '\0' ? " %d %s " : " %d ", i + 1, name);
	return wtext_width(out);
}

static int
tabs_width(const struct ui *ui, int cap)
{
	char tab[80];
	int wd = 0;

	for (int i = 0; i < ui->nscreens; i++)
		wd += tab_label(ui, i, cap, tab, sizeof tab);
	return wd;
}

/*
 * Every tab stays on the bar, however narrow: names are cut, longest
 * first, as far as needed (the current tab's name stays whole), down to the
 * numbers alone. The program's name comes first only when there is room
 * for it beside the full names.
 */
static void
draw_tabs(struct ui *ui)
{
	WINDOW *w = ui->top;
	int x = 0, cap = -1;

	/* The bar is one strip of tab colour, past the last tab too. */
	wattrset(w, (int)theme_attr(TH_TAB));
	mvwhline(w, 0, 0, ' ', ui->cols);
	if (9 + tabs_width(ui, -1) <= ui->cols) {
		draw_text(w, 0, 0, 9, " bssdash ", TH_TITLE, WTEXT_LEFT);
		x = 9;
	} else if (tabs_width(ui, -1) > ui->cols) {
		for (cap = 16; cap > 0 && tabs_width(ui, cap) > ui->cols; cap--)
			;
	}
	for (int i = 0; i < ui->nscreens; i++) {
		char tab[80];
		int wd = tab_label(ui, i, cap, tab, sizeof tab);

		ui->tab_x[i] = x;
		wd = wd < ui->cols - x ? wd : ui->cols - x;
		draw_text(w, 0, x, wd, tab, i == ui->cur && ui->depth == 0 ? TH_TAB_ACTIVE : TH_TAB,
		    WTEXT_LEFT);
		x += wd;
	}
	ui->tab_x[ui->nscreens] = x;
	wnoutrefresh(w);
}

/* The status bar: profile, endpoint, requests in flight, last error, READ-ONLY. */
static void
draw_status(struct ui *ui)
{
	WINDOW *w = ui->bottom;
	const struct store_options *so = store_options(ui->store);
	const char *last = store_last_error(ui->store), *sep = ui->utf8 ? " \xe2\x94\x82 " : " | ";
	char left[768], right[160];
	int rw;
	bool dry_run = ui->opt->actions != NULL && actui_dry_run(ui->opt->actions);

	wattrset(w, (int)theme_attr(TH_STATUS));
	mvwhline(w, 0, 0, ' ', ui->cols);
	if (ui->edit.on) {
		char line[EDIT_MAX + 16];

		snprintf(line, sizeof line, "%s%s", ui->edit.prompt, ui->edit.text);
		draw_text(w, 0, 0, ui->cols, line, TH_PROMPT, WTEXT_LEFT);
		wmove(w, 0, wtext_width(line) < ui->cols ? wtext_width(line) : ui->cols - 1);
		curs_set(1);
		wnoutrefresh(w);
		return;
	}
	curs_set(0);
	snprintf(right, sizeof right, "%s%s? help ", store_paused(ui->store) ? "PAUSED" : "",
	    store_paused(ui->store) ? sep : "");
	if (ui->message[0] != '\0')
		snprintf(left, sizeof left, " %s", ui->message);
	else
		snprintf(left, sizeof left, " %s%s%s%s%u in flight%s%s", so->profile, sep, so->endpoint,
		    sep, store_in_flight(ui->store), last[0] ? sep : "", last);
	rw = wtext_width(right);
	if (so->read_only)
		rw += 11;
	if (dry_run)
		rw += 9;
	draw_text(w, 0, 0, ui->cols - rw, left,
	    ui->message[0] ? (ui->message_error ? TH_STATUS_ERROR : TH_STATUS) :
	    last[0] ? TH_STATUS_ERROR : TH_STATUS, WTEXT_LEFT);
	if (so->read_only)
		draw_text(w, 0, ui->cols - rw, 11, " READ-ONLY ", TH_READONLY, WTEXT_LEFT);
	if (dry_run)
		draw_text(w, 0, ui->cols - rw + (so->read_only ? 11 : 0), 9, " DRY-RUN ", TH_READONLY,
		    WTEXT_LEFT);
	draw_text(w, 0, ui->cols - wtext_width(right), wtext_width(right), right, TH_STATUS,
	    WTEXT_LEFT);
	wnoutrefresh(w);
}

/* Whether every view has its answer (data or error); counts the errors. */
static bool
all_loaded(struct ui *ui)
{
	ui->load_errors = 0;
	for (int v = 0; v < STORE_NVIEWS; v++) {
		const struct store_view *sv = store_view(ui->store, (enum store_view_id)v);

		if (sv->in_flight || sv->load == STORE_IDLE || sv->load == STORE_LOADING)
			return false;
		ui->load_errors += sv->load == STORE_ERROR;
	}
	return true;
}

static void
report_loaded(const struct ui *ui)
{
	fprintf(stderr, "bssdash: bench: every view loaded at monotonic %lld.%09ld s; %u failed; "
	    "items", (long long)ui->loaded_at.tv_sec, ui->loaded_at.tv_nsec, ui->load_errors);
	for (int v = 0; v < STORE_NVIEWS; v++) {
		const struct model *m = store_view(ui->store, (enum store_view_id)v)->model;

		fprintf(stderr, " %zu", m != NULL ? model_items(m) : 0);
	}
	fputc('\n', stderr);
}

static void
on_draw(void *ud, int rows, int cols)
{
	struct ui *ui = ud;
	struct view *v;

	if (rows < MIN_ROWS || cols < MIN_COLS) {
		char msg[128];

		werase(stdscr);
		wattrset(stdscr, (int)theme_attr(TH_NORMAL));
		snprintf(msg, sizeof msg, "Terminal too small: %dx%d", cols, rows);
		mvwaddstr(stdscr, rows / 2 - 1 > 0 ? rows / 2 - 1 : 0, 0, msg);
		snprintf(msg, sizeof msg, "needs at least %dx%d (q quits)", MIN_COLS, MIN_ROWS);
		mvwaddstr(stdscr, rows / 2 > 0 ? rows / 2 : 0, 0, msg);
		wnoutrefresh(stdscr);
		return;
	}
	layout(ui, rows, cols);
	draw_tabs(ui);
	v = top_view(ui);
	wattrset(ui->main, (int)theme_attr(TH_NORMAL));
	wbkgdset(ui->main, ' ' | (chtype)theme_attr(TH_NORMAL));
	werase(ui->main);
	v->ops->draw(v, ui->main);
	for (int i = 0; i < ui->ndialogs; i++)
		dialog_draw(ui->dialogs[i], ui->main);
	wnoutrefresh(ui->main);
	draw_status(ui);
	if (ui->opt->max_frames > 0 && screen_frames() + 1 >= ui->opt->max_frames)
		quit(ui, 0);
	if (ui->opt->bench_loaded != UI_LOADED_IGNORE && ui->loaded_at.tv_sec == 0 &&
	    all_loaded(ui)) {
		clock_gettime(CLOCK_MONOTONIC, &ui->loaded_at);
		if (ui->opt->bench_loaded == UI_LOADED_EXIT)
			quit(ui, 0);
		else
			report_loaded(ui);
	}
}

/*
 * Whether data on show is being reloaded, the store's or billing's (screens
 * 7-9): a first load has nothing to keep showing, and a detail loads on a
 * key, whose frame shows it anyway.
 */
static bool
refreshing(const struct ui *ui)
{
	const struct billing *b = store_billing(ui->store);

	for (int v = 0; v < STORE_NVIEWS; v++) {
		const struct store_view *sv = store_view(ui->store, (enum store_view_id)v);

		if (store_view_reloading(sv))
			return true;
	}
	return b != NULL && billing_refreshing(b);
}

static void
on_quiet_over(uv_timer_t *t)
{
	struct ui *ui = t->data;

	ui->quiet_state = QUIET_SHOWN;
	screen_dirty();
}

/*
 * Changes of data while a refresh is young are held back: the frame after
 * it shows the answer alone, or "refreshing" once it is QUIET_MS old. One
 * hold for the store and billing, so a refresh of either ends it only when
 * neither is reloading. Keys and everything else still draw at once, with
 * the state as it is.
 */
static void
data_changed(struct ui *ui)
{
	if (!refreshing(ui)) {
		uv_timer_stop(ui->quiet);
		ui->quiet_state = QUIET_NONE;
	} else if (ui->quiet_state == QUIET_NONE) {
		ui->quiet_state = QUIET_HOLD;
		uv_timer_start(ui->quiet, on_quiet_over, QUIET_MS, 0);
	}
	if (ui->quiet_state != QUIET_HOLD)
		screen_dirty();
}

static void
on_store_change(void *ud, enum store_view_id v)
{
	struct ui *ui = ud;

	if (ui->opt->actions != NULL)
		actui_store_changed(ui->opt->actions, v);
	data_changed(ui);
}

/* Screens 7-9's answers: they arrive between keys, like the store's. */
static void
on_billing_change(void *ud)
{
	data_changed(ud);
}

/*
 * The store's schedule reloads its own views; the screens beyond them load
 * what they show on demand. This tick reloads the one on view once its
 * auto_refresh_s has passed: a screen nobody looks at costs no requests.
 */
static void
on_refresh_tick(uv_timer_t *t)
{
	struct ui *ui = t->data;
	struct view *v = top_view(ui);
	uint64_t now = uv_now(t->loop);

	/* Ticks come a hair early or late: a second's slack keeps them from skipping one. */
	if (store_paused(ui->store) || v->auto_refresh_s == 0 ||
	    (v->auto_refreshed_ms != 0 &&
	    now + 1000 - v->auto_refreshed_ms < (uint64_t)v->auto_refresh_s * 1000))
		return;
	v->auto_refreshed_ms = now;
	if (v->auto_refresh != NULL)
		v->auto_refresh(v);
	else
		v->ops->key(v, CMD_REFRESH);
}

static uv_timer_t *
new_timer(struct ui *ui)
{
	uv_timer_t *t = xmalloc(sizeof *t);

	uv_timer_init(ui->loop, t);
	t->data = ui;
	return t;
}

static void
start_refresh_tick(struct ui *ui)
{
	uint64_t every = (uint64_t)store_options(ui->store)->refresh_interval_s * 1000;

	ui->refresh_tick = new_timer(ui);
	uv_timer_start(ui->refresh_tick, on_refresh_tick, every, every);
}

static void
free_handle(uv_handle_t *h)
{
	free(h);
}

int
ui_run(uv_loop_t *loop, struct store *store, const struct ui_options *opt, char *err,
    size_t errlen)
{
	static const struct screen_callbacks cb = { on_key, on_mouse, on_draw, on_quit };
	struct screen_options so = { opt->escdelay_ms, opt->mouse };
	struct ui *ui = xcalloc(1, sizeof *ui);
	int status;

	ui->loop = loop;
	ui->store = store;
	ui->opt = opt;
	ui->km = opt->keymap != NULL ? opt->keymap : keymap_new();
	ui->utf8 = wtext_utf8();
	ui->themes = theme_list();
	for (size_t i = 0; i < opt->nprofiles; i++)
		if (strcmp(opt->profiles[i], store_options(store)->profile) == 0)
			ui->profile_idx = i;
	if (screen_start(loop, &so, &cb, ui, err, errlen) != 0) {
		keymap_free(ui->km);
		theme_list_free(ui->themes);
		free(ui);
		return -1;
	}
	use_theme(ui, opt->theme != NULL ? opt->theme : "default");
	if (opt->notice != NULL && !ui->message_error)
		error_message(ui, opt->notice);
	ui->nscreens = screens_create(ui, store, ui->screens, MAX_SCREENS);
	ui->screens[0]->ops->open(ui->screens[0]);
	ui->quiet = new_timer(ui);
	store_set_listener(store, on_store_change, ui);
	if (store_billing(store) != NULL)
		billing_set_listener(store_billing(store), on_billing_change, ui);
	if (opt->actions != NULL)
		actui_attach(opt->actions, ui, store);
	store_start(store, loop);
	start_refresh_tick(ui);
	bg_start(loop);

	uv_run(loop, UV_RUN_DEFAULT);

	uv_close((uv_handle_t *)ui->refresh_tick, free_handle);
	uv_close((uv_handle_t *)ui->quiet, free_handle);
	store_set_listener(store, NULL, NULL);
	if (store_billing(store) != NULL)
		billing_set_listener(store_billing(store), NULL, NULL);
	store_stop(store);
	while (ui->ndialogs > 0)
		ui_dialog_close(ui, ui->dialogs[ui->ndialogs - 1]);
	if (opt->actions != NULL)
		actui_detach(opt->actions);
	while (ui->depth > 0) {
		struct view *v = ui->stack[--ui->depth];

		v->ops->close(v);
	}
	for (int i = 0; i < ui->nscreens; i++)
		ui->screens[i]->ops->close(ui->screens[i]);
	if (ui->top != NULL) {
		delwin(ui->top);
		delwin(ui->main);
		delwin(ui->bottom);
	}
	bg_stop();
	screen_stop();
	if (ui->opt->bench_loaded == UI_LOADED_EXIT && ui->loaded_at.tv_sec != 0)
		report_loaded(ui);
	status = ui->status;
	keymap_free(ui->km);
	theme_list_free(ui->themes);
	free(ui);
	return status;
}
