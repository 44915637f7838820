/*
 * screen: the terminal on the event loop.
 *
 * Owns everything between the program and the tty: newterm on the terminal
 * device (opened separately for input, so the non-blocking flag uv_poll puts
 * on it never reaches stdout or the shell), a uv_poll_t on that fd whose
 * callback drains get_wch until ERR, uv_signal_t for WINCH/INT/TERM/HUP/CONT,
 * a uv_prepare_t that redraws once per loop turn when something marked the
 * screen dirty, Ctrl-Z suspend, the mouse, and the restore: endwin() is
 * called from one function only, and a fatal signal (SEGV, ABRT, ...) gets
 * an async-signal-safe restore (tcsetattr + write of precomputed escape
 * sequences) before the default action.
 *
 * There is one terminal, so there is one screen: the functions act on a
 * static instance. Callbacks run on the loop thread, never in a signal
 * handler. ud is borrowed until screen_stop().
 */
#ifndef BSS_TUI_SCREEN_H
#define BSS_TUI_SCREEN_H

#include <stdbool.h>
#include <stddef.h>
#include <uv.h>

#include "tui/keymap.h"

enum screen_mouse { SCREEN_CLICK, SCREEN_WHEEL_UP, SCREEN_WHEEL_DOWN };

struct screen_callbacks {
	void (*key)(void *ud, keymap_key k);
	void (*mouse)(void *ud, enum screen_mouse what, int y, int x);
	/* Draw everything with wnoutrefresh; screen calls doupdate after. */
	void (*draw)(void *ud, int rows, int cols);
	/*
	 * The program should end: SIGINT, SIGTERM, SIGHUP (signo), or the
	 * terminal went away (signo 0). The owner stops the loop.
	 */
	void (*quit)(void *ud, int signo, const char *why);
};

struct screen_options {
	int escdelay_ms;     /* 0 = 25 */
	bool mouse;
};

/* 0, or -1 with a message (no terminal, terminfo missing) in err. */
int screen_start(uv_loop_t *loop, const struct screen_options *opt,
    const struct screen_callbacks *cb, void *ud, char *err, size_t errlen);
/* Asks for a redraw at the end of this loop turn. */
void screen_dirty(void);
/* Also clears the terminal first (after C-l, a resume, a theme change). */
void screen_dirty_all(void);
/* Ctrl-Z: restores the terminal, stops the process, redraws on resume. */
void screen_suspend(void);
/* Rows and columns now. */
void screen_size(int *rows, int *cols);
/* Closes the handles (loop must run to finish closing) and restores the tty. Idempotent. */
void screen_stop(void);
/* Frames drawn so far (tests). */
unsigned long screen_frames(void);

#endif
