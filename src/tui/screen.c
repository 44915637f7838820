#include "tui/screen.h"

#include <curses.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <term.h>
#include <termios.h>
#include <unistd.h>

#include "util/xalloc.h"

#define RESTORE_MAX 256

static const int loop_signals[] = { SIGWINCH, SIGINT, SIGTERM, SIGHUP, SIGCONT };
#define NSIGNALS (sizeof loop_signals / sizeof loop_signals[0])

/* SIGQUIT (Ctrl-\) too: it dumps core like a crash, and must not leave the tty raw. */
static const int fatal_signals[] = { SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT, SIGQUIT };
#define NFATAL (sizeof fatal_signals / sizeof fatal_signals[0])

static struct {
	bool started, in_curses, closing;
	const struct screen_callbacks *cb;
	void *ud;
	uv_loop_t *loop;
	SCREEN *term;
	FILE *in;                  /* the tty, opened for input only */
	int infd, outfd;
	WINDOW *inpad;             /* input is read from a pad: wgetch never refreshes it */
	uv_poll_t poll;
	uv_signal_t sig[NSIGNALS];
	uv_prepare_t prepare;
	bool dirty, clear, have_prepare, have_poll;
	unsigned long frames;
	/* For the fatal-signal path: only these, written before anything can fail. */
	struct termios saved;
	bool have_saved;
	char restore[RESTORE_MAX];
	size_t restore_len;
	struct sigaction old_fatal[NFATAL];  /* what was there (a sanitizer's report) */
} S;

/* Async-signal-safe: tcsetattr and write only. */
static void
restore_raw(void)
{
	ssize_t r;

	if (S.restore_len > 0)
		r = write(S.outfd, S.restore, S.restore_len);
	(void)r;
	if (S.have_saved)
		tcsetattr(S.outfd, TCSANOW, &S.saved);
}

static void
on_fatal(int sig)
{
	if (S.in_curses)
		restore_raw();
	/*
	 * Back to what was installed before us (the default action, or a
	 * sanitizer's reporter), and let it happen: core, exit status, report.
	 */
	for (size_t i = 0; i < NFATAL; i++)
		if (fatal_signals[i] == sig)
			sigaction(sig, &S.old_fatal[i], NULL);
	raise(sig);
}

/* The one place endwin() is called: leaving curses for a suspend or for good. */
static void
leave_curses(void)
{
	if (!S.in_curses)
		return;
	S.in_curses = false;
	mousemask(0, NULL);
	endwin();
	fflush(stdout);
}

/* xalloc's die() and atexit(): a normal context, so curses may be used. */
static void
restore_hook(void)
{
	leave_curses();
}

static void
add_restore(const char *cap)
{
	const char *s = tigetstr(cap);
	size_t n;

	if (s == NULL || s == (char *)-1)
		return;
	n = strlen(s);
	if (S.restore_len + n < RESTORE_MAX) {
		memcpy(S.restore + S.restore_len, s, n);
		S.restore_len += n;
	}
}

static void
build_restore(void)
{
	static const char mouse_off[] = "\033[?1000l\033[?1002l\033[?1006l";

	S.restore_len = 0;
	add_restore("sgr0");
	add_restore("cnorm");
	add_restore("rmkx");
	add_restore("rmcup");
	memcpy(S.restore + S.restore_len, mouse_off, sizeof mouse_off - 1);
	S.restore_len += sizeof mouse_off - 1;
}

static void
read_size(void)
{
	struct winsize ws;

	if (ioctl(S.outfd, TIOCGWINSZ, &ws) == 0 && ws.ws_row > 0 && ws.ws_col > 0 &&
	    (ws.ws_row != LINES || ws.ws_col != COLS))
		resize_term(ws.ws_row, ws.ws_col);
}

void
screen_dirty(void)
{
	S.dirty = true;
}

void
screen_dirty_all(void)
{
	S.dirty = true;
	S.clear = true;
}

void
screen_size(int *rows, int *cols)
{
	*rows = LINES;
	*cols = COLS;
}

unsigned long
screen_frames(void)
{
	return S.frames;
}

static void
quit(int signo, const char *why)
{
	if (S.cb != NULL && !S.closing)
		S.cb->quit(S.ud, signo, why);
}

static void
on_mouse(void)
{
	MEVENT ev;

	if (getmouse(&ev) != OK || S.cb->mouse == NULL)
		return;
	if (ev.bstate & BUTTON4_PRESSED)
		S.cb->mouse(S.ud, SCREEN_WHEEL_UP, ev.y, ev.x);
	else if (ev.bstate & BUTTON5_PRESSED)
		S.cb->mouse(S.ud, SCREEN_WHEEL_DOWN, ev.y, ev.x);
	else if (ev.bstate & (BUTTON1_PRESSED | BUTTON1_CLICKED | BUTTON1_RELEASED))
		S.cb->mouse(S.ud, SCREEN_CLICK, ev.y, ev.x);
}

static void
on_input(uv_poll_t *h, int status, int events)
{
	int avail = 0;

	(void)h;
	(void)events;
	/*
	 * Readable with nothing to read is a hangup (SSH dropped, terminal
	 * closed): exit instead of spinning on a descriptor that is always ready.
	 */
	if (status < 0 || ioctl(S.infd, FIONREAD, &avail) != 0 || avail == 0) {
		uv_poll_stop(&S.poll);
		quit(0, status < 0 ? uv_strerror(status) : "the terminal went away");
		return;
	}
	/* ncurses buffers what it read: drain it all, or keys wait for the next byte. */
	while (S.in_curses && !S.closing) {
		wint_t ch;
		int r = wget_wch(S.inpad, &ch);

		if (r == ERR)
			break;
		if (r == KEY_CODE_YES && ch == KEY_MOUSE)
			on_mouse();
		else if (r == KEY_CODE_YES && ch == KEY_RESIZE)
			screen_dirty_all();
		else
			S.cb->key(S.ud, keymap_key_from_input(r, (uint32_t)ch));
	}
}

static void
on_signal(uv_signal_t *h, int signo)
{
	(void)h;
	switch (signo) {
	case SIGWINCH:
		read_size();
		screen_dirty_all();
		break;
	case SIGCONT:
		/* Stopped from outside (kill -STOP, a job control shell): take the tty back. */
		if (S.in_curses) {
			reset_prog_mode();
			read_size();
			screen_dirty_all();
		}
		break;
	default:
		quit(signo, strsignal(signo));
		break;
	}
}

static void
on_prepare(uv_prepare_t *h)
{
	(void)h;
	if (!S.dirty || !S.in_curses)
		return;
	S.dirty = false;
	if (S.clear) {
		S.clear = false;
		clearok(curscr, TRUE);
	}
	S.cb->draw(S.ud, LINES, COLS);
	doupdate();
	S.frames++;
}

void
screen_suspend(void)
{
	if (!S.in_curses)
		return;
	leave_curses();
	/*
	 * SIGTSTP has its default action (see screen_start). The whole process
	 * group stops, as with a Ctrl-Z the kernel turned into a signal, so a
	 * wrapper script stops with us and the shell sees the job stopped.
	 */
	kill(0, SIGTSTP);
	/* Resumed by fg. */
	S.in_curses = true;
	reset_prog_mode();
	read_size();
	screen_dirty_all();
}

static void
on_closed(uv_handle_t *h)
{
	(void)h;
}

static int
fail(char *err, size_t errlen, const char *fmt, const char *arg)
{
	snprintf(err, errlen, fmt, arg);
	return -1;
}

int
screen_start(uv_loop_t *loop, const struct screen_options *opt,
    const struct screen_callbacks *cb, void *ud, char *err, size_t errlen)
{
	const char *tty;
	struct sigaction sa;
	int r;

	if (S.started)
		return fail(err, errlen, "%s", "the screen is already running");
	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO))
		return fail(err, errlen, "%s",
		    "the dashboard needs a terminal (for scripts use `bssdash get` or `monitor`)");
	/* A terminal that cannot move the cursor would get a screenful of escape codes. */
	if (getenv("TERM") == NULL || *getenv("TERM") == '\0' || strcmp(getenv("TERM"), "dumb") == 0)
		return fail(err, errlen, "%s", "the dashboard needs a terminal that can move the "
		    "cursor (TERM is dumb or unset); for scripts use `bssdash get` or `monitor`");
	tty = ttyname(STDIN_FILENO);
	if (tty == NULL)
		return fail(err, errlen, "cannot name the terminal: %s", strerror(errno));
	S.infd = open(tty, O_RDONLY | O_NOCTTY | O_CLOEXEC);
	if (S.infd < 0)
		return fail(err, errlen, "cannot open the terminal: %s", strerror(errno));
	S.in = fdopen(S.infd, "r");
	S.outfd = STDOUT_FILENO;
	S.have_saved = tcgetattr(S.outfd, &S.saved) == 0;
	S.loop = loop;
	S.cb = cb;
	S.ud = ud;

	/*
	 * Our uv_signal handlers go in before newterm: ncurses installs its own
	 * SIGINT/SIGTERM/SIGWINCH handlers (curses in a signal handler) only
	 * where it finds SIG_DFL. SIGTSTP is ignored across newterm for the same
	 * reason, then given back its default so Ctrl-Z can stop us.
	 */
	for (size_t i = 0; i < NSIGNALS; i++) {
		uv_signal_init(loop, &S.sig[i]);
		uv_signal_start(&S.sig[i], on_signal, loop_signals[i]);
	}
	signal(SIGTSTP, SIG_IGN);
	S.term = newterm(NULL, stdout, S.in);
	signal(SIGTSTP, SIG_DFL);
	if (S.term == NULL) {
		for (size_t i = 0; i < NSIGNALS; i++)
			uv_close((uv_handle_t *)&S.sig[i], NULL);
		fclose(S.in);
		return fail(err, errlen, "cannot set up the terminal (TERM=%s): is its terminfo installed?",
		    getenv("TERM") ? getenv("TERM") : "");
	}
	S.in_curses = true;
	S.started = true;
	build_restore();
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_fatal;
	sa.sa_flags = SA_NODEFER;
	sigemptyset(&sa.sa_mask);
	for (size_t i = 0; i < NFATAL; i++)
		sigaction(fatal_signals[i], &sa, &S.old_fatal[i]);
	xalloc_set_fatal_hook(restore_hook);
	atexit(restore_hook);

	set_escdelay(opt->escdelay_ms > 0 ? opt->escdelay_ms : 25);
	raw();
	noecho();
	nonl();
	curs_set(0);
	S.inpad = newpad(1, 1);
	keypad(S.inpad, TRUE);
	nodelay(S.inpad, TRUE);
	if (opt->mouse) {
		mousemask(BUTTON1_PRESSED | BUTTON1_CLICKED | BUTTON4_PRESSED | BUTTON5_PRESSED, NULL);
		mouseinterval(0);
	}
	read_size();

	r = uv_poll_init(loop, &S.poll, S.infd);
	S.have_poll = r == 0;
	if (r == 0)
		r = uv_poll_start(&S.poll, UV_READABLE, on_input);
	if (r != 0) {
		screen_stop();
		return fail(err, errlen, "cannot watch the terminal: %s", uv_strerror(r));
	}
	uv_prepare_init(loop, &S.prepare);
	uv_prepare_start(&S.prepare, on_prepare);
	S.have_prepare = true;
	S.dirty = true;
	return 0;
}

void
screen_stop(void)
{
	if (!S.started)
		return;
	S.started = false;
	S.closing = true;
	leave_curses();
	if (S.have_prepare)
		uv_close((uv_handle_t *)&S.prepare, on_closed);
	S.have_prepare = false;
	if (S.have_poll)
		uv_close((uv_handle_t *)&S.poll, on_closed);
	S.have_poll = false;
	for (size_t i = 0; i < NSIGNALS; i++)
		uv_close((uv_handle_t *)&S.sig[i], on_closed);
	if (S.inpad != NULL)
		delwin(S.inpad);
	S.inpad = NULL;
	delscreen(S.term);
	S.term = NULL;
	/* The poll handle is closed; the fd can go now (uv never closes it). */
	fclose(S.in);
	S.in = NULL;
	S.cb = NULL;
}
