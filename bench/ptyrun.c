/*
 * ptyrun: runs a terminal program on a pseudo-terminal and measures it from
 * the outside, as a user's terminal would see it.
 *
 * The program's stdin and stdout are the pty; its stderr is a pipe whose
 * text ptyrun passes on to its own stderr (and watches). Every
 * byte it writes to the terminal is read and timed. A script of steps then
 * runs in order:
 *   --settle MS        wait until the program has written nothing for MS ms
 *   --wait-stderr TEXT wait until the program's stderr has shown TEXT
 *   --send KEYS        type KEYS (C escapes: \e \r \n \t \\ \xHH), unmeasured
 *   --key NAME=KEYS    type KEYS and time the screen update: from the write
 *                      to the last byte of the output burst it causes (the
 *                      burst ends after --quiet ms without output); repeat
 *                      with --repeat N (applies to the next --key)
 *   --type NAME=TEXT   one --key NAME per character of TEXT
 *   --shell CMD        run CMD with /bin/sh (e.g. change the server's data)
 *   --idle S           for S seconds type nothing; record the program's CPU
 *                      time, its main thread's context switches (each is the
 *                      loop going to sleep and waking up) and the bytes it
 *                      writes, burst by burst
 * and finally --quit KEYS (default "q") ends the program (SIGTERM after 5 s).
 * Without steps ptyrun just waits for the program to exit.
 *
 * usage: ptyrun [--rows N] [--cols N] [--timeout S] [--quiet MS] [--quit KEYS]
 *               [--record FILE] [STEP...] -- PROGRAM [ARG...]
 * --record writes every piece of output to FILE as it came, each after a
 * line "@ SECONDS BYTES" (seconds since the start), to see what was drawn.
 * Output ("key=value" lines): spawn_ns (CLOCK_MONOTONIC just before the fork),
 * exit_ns, status, out_bytes, vmhwm_kb (peak RSS, read before the quit), cpu_s
 * (the program's CPU time, all threads, from its exit);
 * per --key: "key NAME ms=LATENCY bytes=N" (ms=none when nothing was drawn);
 * per --idle: idle_s, idle_cpu_s, idle_ctxsw, idle_bytes, idle_bursts and one
 * "burst t=S bytes=N" line per burst.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pty.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "util/buf.h"
#include "util/xalloc.h"

/* How long a key may take to draw anything before it counts as drawing nothing. */
#define KEY_FIRST_MS 2000

enum step_kind { STEP_SETTLE, STEP_WAIT, STEP_SEND, STEP_KEY, STEP_SHELL, STEP_IDLE };

struct step {
	enum step_kind kind;
	char *name;                /* STEP_KEY */
	char *keys;                /* decoded bytes; STEP_WAIT, STEP_SHELL: the text */
	size_t nkeys;
	double value;              /* settle ms, idle s */
	int repeat;
};

static int master = -1;
static int errpipe = -1;           /* the program's stderr */
static struct buf errtext = BUF_INIT(1u << 20);
static pid_t child;
static int child_status = -1;
static struct rusage child_usage;  /* filled when it is reaped */
static unsigned long long out_bytes;
static FILE *record;
static long long start_ns;
static double quiet_ms = 30, timeout_s = 120;

static long long
mono_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static void
usage(void)
{
	fputs("usage: ptyrun [--rows N] [--cols N] [--timeout S] [--quiet MS] [--quit KEYS] [--record FILE]\n"
	    "              [--settle MS | --wait-stderr TEXT | --send KEYS | [--repeat N] --key NAME=KEYS |\n"
	    "               --type NAME=TEXT | --shell CMD | --idle S]... -- PROGRAM [ARG...]\n", stderr);
	exit(2);
}

/* C escapes to bytes (\e \r \n \t \\ \xHH). */
static char *
unescape(const char *s, size_t *n)
{
	struct buf b = BUF_INIT(0);

	for (; *s != '\0'; s++) {
		char c = *s;

		if (c == '\\' && s[1] != '\0') {
			s++;
			switch (*s) {
			case 'e': c = 27; break;
			case 'r': c = '\r'; break;
			case 'n': c = '\n'; break;
			case 't': c = '\t'; break;
			case 'x': {
				unsigned v;

				if (sscanf(s + 1, "%2x", &v) != 1)
					usage();
				c = (char)v;
				s += 2;
				break;
			}
			default: c = *s; break;
			}
		}
		buf_putc(&b, c);
	}
	return buf_steal(&b, n);
}

/* Whether the child has exited (reaps it). */
static bool
child_gone(void)
{
	if (child_status >= 0)
		return true;
	if (wait4(child, &child_status, WNOHANG, &child_usage) == child)
		return true;
	child_status = -1;
	return false;
}

/* Passes the program's stderr on and keeps it for --wait-stderr. */
static void
read_stderr(void)
{
	char chunk[4096];
	ssize_t n = read(errpipe, chunk, sizeof(chunk));

	if (n <= 0) {
		close(errpipe);
		errpipe = -1;
		return;
	}
	buf_append(&errtext, chunk, (size_t)n);
	fwrite(chunk, 1, (size_t)n, stderr);
}

/*
 * Reads the program's output for up to wait_ms (or until it exits; with
 * first, until the first output); returns the bytes read and sets *last_ns
 * to the time of the last read (untouched when nothing came). Each read is
 * one burst piece; on_chunk (if set) sees it.
 */
static size_t
drain(double wait_ms, bool first, long long *last_ns, void (*on_chunk)(long long t, size_t n))
{
	char chunk[65536];
	size_t total = 0;
	long long end = mono_ns() + (long long)(wait_ms * 1e6);

	for (;;) {
		struct pollfd p[2] = { { master, POLLIN, 0 }, { errpipe, POLLIN, 0 } };
		long long left = end - mono_ns();
		int r;
		ssize_t n;

		if (left <= 0)
			return total;
		r = poll(p, errpipe >= 0 ? 2 : 1, (int)((left + 999999) / 1000000));
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			return total;
		if (errpipe >= 0 && (p[1].revents & (POLLIN | POLLHUP)))
			read_stderr();
		if (!(p[0].revents & (POLLIN | POLLHUP | POLLERR)))
			continue;
		n = read(master, chunk, sizeof(chunk));
		if (n <= 0) {
			/* EIO: every slave fd closed, the program is gone. */
			return total;
		}
		total += (size_t)n;
		out_bytes += (unsigned long long)n;
		*last_ns = mono_ns();
		if (record != NULL) {
			fprintf(record, "\n@ %.6f %zd\n", (double)(*last_ns - start_ns) / 1e9, n);
			fwrite(chunk, 1, (size_t)n, record);
		}
		if (on_chunk != NULL)
			on_chunk(*last_ns, (size_t)n);
		if (first)
			return total;
	}
}

/*
 * Waits up to first_ms for output, then reads until quiet ms pass without
 * any (or max_ms in all); returns the time of the last byte (0: none came).
 */
static long long
until_quiet(double first_ms, double quiet, double max_ms, size_t *bytes)
{
	long long last = 0, start = mono_ns();

	*bytes = drain(first_ms, true, &last, NULL);
	while (*bytes > 0 && (double)(mono_ns() - start) / 1e6 <= max_ms && !child_gone()) {
		size_t n = drain(quiet, false, &last, NULL);

		if (n == 0)
			break;
		*bytes += n;
	}
	return last;
}

static void
type_keys(const char *k, size_t n)
{
	while (n > 0) {
		ssize_t w = write(master, k, n);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			die("ptyrun: write to the terminal: %s", strerror(errno));
		k += w;
		n -= (size_t)w;
	}
}

/* /proc/PID/status field (kB or a count), or -1. */
static long
proc_status(const char *path, const char *field)
{
	char line[256];
	long v = -1;
	size_t fl = strlen(field);
	FILE *f = fopen(path, "r");

	if (f == NULL)
		return -1;
	while (fgets(line, sizeof(line), f) != NULL)
		if (strncmp(line, field, fl) == 0 && line[fl] == ':')
			v = strtol(line + fl + 1, NULL, 10);
	fclose(f);
	return v;
}

/* utime + stime of the child, all threads, in seconds. */
static double
child_cpu(void)
{
	char path[64], buf[1024], *p;
	unsigned long ut = 0, st = 0;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/stat", (int)child);
	f = fopen(path, "r");
	if (f == NULL)
		return -1;
	if (fgets(buf, sizeof(buf), f) == NULL || (p = strrchr(buf, ')')) == NULL ||
	    sscanf(p + 2, "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %lu %lu", &ut, &st) != 2)
		ut = st = 0;
	fclose(f);
	return (double)(ut + st) / (double)sysconf(_SC_CLK_TCK);
}

static long
main_thread_ctxsw(void)
{
	char path[64];

	snprintf(path, sizeof(path), "/proc/%d/task/%d/status", (int)child, (int)child);
	return proc_status(path, "voluntary_ctxt_switches") +
	    proc_status(path, "nonvoluntary_ctxt_switches");
}

static long long idle_start_ns;
static unsigned long idle_bursts;
static long long idle_last_ns;

/* Pieces closer than --quiet ms to the previous one belong to the same burst. */
static void
idle_chunk(long long t, size_t n)
{
	if (idle_bursts == 0 || (double)(t - idle_last_ns) / 1e6 > quiet_ms) {
		idle_bursts++;
		printf("burst t=%.3f bytes=%zu\n", (double)(t - idle_start_ns) / 1e9, n);
	} else {
		printf("burst+ t=%.3f bytes=%zu\n", (double)(t - idle_start_ns) / 1e9, n);
	}
	idle_last_ns = t;
}

static void
run_idle(double seconds)
{
	long long last = 0;
	unsigned long long b0 = out_bytes;
	double cpu0 = child_cpu();
	long sw0 = main_thread_ctxsw();

	idle_start_ns = mono_ns();
	idle_bursts = 0;
	drain(seconds * 1e3, false, &last, idle_chunk);
	printf("idle_s=%.3f\nidle_cpu_s=%.3f\nidle_ctxsw=%ld\nidle_bytes=%llu\nidle_bursts=%lu\n",
	    (double)(mono_ns() - idle_start_ns) / 1e9, child_cpu() - cpu0,
	    main_thread_ctxsw() - sw0, out_bytes - b0, idle_bursts);
}

static void
run_key(const struct step *s)
{
	for (int i = 0; i < s->repeat && !child_gone(); i++) {
		size_t bytes;
		long long t0 = mono_ns(), last;

		type_keys(s->keys, s->nkeys);
		last = until_quiet(KEY_FIRST_MS, quiet_ms, 5000, &bytes);
		if (last == 0)
			printf("key %s ms=none bytes=0\n", s->name);
		else
			printf("key %s ms=%.3f bytes=%zu\n", s->name, (double)(last - t0) / 1e6, bytes);
	}
}

int
main(int argc, char **argv)
{
	struct winsize ws = { .ws_row = 50, .ws_col = 160 };
	struct step *steps = NULL;
	size_t nsteps = 0;
	char *quit_keys = NULL;
	size_t nquit = 0;
	int repeat = 1, pipefd[2], i;
	long long spawn_ns, exit_ns = 0, deadline;
	size_t ignored;
	long vmhwm;
	char path[64];

	for (i = 1; i < argc && strcmp(argv[i], "--") != 0; i++) {
		const char *a = argv[i], *v = i + 1 < argc ? argv[++i] : NULL;
		struct step s = { 0 };

		if (v == NULL)
			usage();
		if (strcmp(a, "--rows") == 0) {
			ws.ws_row = (unsigned short)atoi(v);
			continue;
		} else if (strcmp(a, "--cols") == 0) {
			ws.ws_col = (unsigned short)atoi(v);
			continue;
		} else if (strcmp(a, "--timeout") == 0) {
			timeout_s = atof(v);
			continue;
		} else if (strcmp(a, "--quiet") == 0) {
			quiet_ms = atof(v);
			continue;
		} else if (strcmp(a, "--quit") == 0) {
			free(quit_keys);
			quit_keys = unescape(v, &nquit);
			continue;
		} else if (strcmp(a, "--record") == 0) {
			record = fopen(v, "w");
			if (record == NULL)
				die("ptyrun: %s: %s", v, strerror(errno));
			continue;
		} else if (strcmp(a, "--repeat") == 0) {
			repeat = atoi(v);
			continue;
		} else if (strcmp(a, "--settle") == 0) {
			s.kind = STEP_SETTLE;
			s.value = atof(v);
		} else if (strcmp(a, "--wait-stderr") == 0) {
			s.kind = STEP_WAIT;
			s.keys = xstrdup(v);
		} else if (strcmp(a, "--send") == 0) {
			s.kind = STEP_SEND;
			s.keys = unescape(v, &s.nkeys);
		} else if (strcmp(a, "--key") == 0 && strchr(v, '=') != NULL) {
			s.kind = STEP_KEY;
			s.name = xstrndup(v, (size_t)(strchr(v, '=') - v));
			s.keys = unescape(strchr(v, '=') + 1, &s.nkeys);
			s.repeat = repeat;
			repeat = 1;
		} else if (strcmp(a, "--type") == 0 && strchr(v, '=') != NULL) {
			/* Characters, not bytes: a UTF-8 sequence is one key. */
			for (const char *c = strchr(v, '=') + 1; *c != '\0';) {
				size_t len = 1;

				while (((unsigned char)c[len] & 0xc0) == 0x80)
					len++;
				s.kind = STEP_KEY;
				s.name = xstrndup(v, (size_t)(strchr(v, '=') - v));
				s.keys = xstrndup(c, len);
				s.nkeys = len;
				s.repeat = 1;
				steps = xreallocarray(steps, nsteps + 1, sizeof(*steps));
				steps[nsteps++] = s;
				c += len;
			}
			continue;
		} else if (strcmp(a, "--shell") == 0) {
			s.kind = STEP_SHELL;
			s.keys = xstrdup(v);
		} else if (strcmp(a, "--idle") == 0) {
			s.kind = STEP_IDLE;
			s.value = atof(v);
		} else {
			usage();
		}
		steps = xreallocarray(steps, nsteps + 1, sizeof(*steps));
		steps[nsteps++] = s;
	}
	if (i + 1 >= argc)
		usage();
	if (quit_keys == NULL)
		quit_keys = unescape("q", &nquit);

	if (pipe2(pipefd, O_CLOEXEC) != 0)
		die("ptyrun: pipe: %s", strerror(errno));
	fflush(stdout);
	spawn_ns = start_ns = mono_ns();
	child = forkpty(&master, NULL, NULL, &ws);
	if (child < 0)
		die("ptyrun: forkpty: %s", strerror(errno));
	if (child == 0) {
		dup2(pipefd[1], STDERR_FILENO);
		execvp(argv[i + 1], argv + i + 1);
		fprintf(stderr, "ptyrun: %s: %s\n", argv[i + 1], strerror(errno));
		_exit(127);
	}
	close(pipefd[1]);
	errpipe = pipefd[0];
	deadline = spawn_ns + (long long)(timeout_s * 1e9);

	for (size_t s = 0; s < nsteps && !child_gone(); s++) {
		switch (steps[s].kind) {
		case STEP_SETTLE:
			until_quiet(steps[s].value, steps[s].value, timeout_s * 1e3, &ignored);
			break;
		case STEP_WAIT:
			while (strstr(buf_cstr(&errtext), steps[s].keys) == NULL && !child_gone() &&
			    mono_ns() < deadline) {
				long long last = 0;

				drain(50, false, &last, NULL);
			}
			break;
		case STEP_SEND:
			type_keys(steps[s].keys, steps[s].nkeys);
			until_quiet(KEY_FIRST_MS, quiet_ms, 5000, &ignored);
			break;
		case STEP_KEY:
			run_key(&steps[s]);
			break;
		case STEP_SHELL:
			if (system(steps[s].keys) != 0)
				fprintf(stderr, "ptyrun: --shell %s failed\n", steps[s].keys);
			break;
		case STEP_IDLE:
			run_idle(steps[s].value);
			break;
		}
	}
	snprintf(path, sizeof(path), "/proc/%d/status", (int)child);
	vmhwm = proc_status(path, "VmHWM");
	if (nsteps > 0 && !child_gone()) {
		type_keys(quit_keys, nquit);
		deadline = mono_ns() + 5000000000LL;
	}
	/* Keep reading (the program blocks on a full terminal otherwise) until it exits. */
	while (!child_gone()) {
		long long last = 0;

		drain(10, false, &last, NULL);
		if (mono_ns() > deadline) {
			fprintf(stderr, "ptyrun: %s still running after the timeout: SIGTERM\n", argv[i + 1]);
			kill(child, SIGTERM);
			deadline = mono_ns() + 5000000000LL;
		}
	}
	exit_ns = mono_ns();
	while (errpipe >= 0)
		read_stderr();
	printf("spawn_ns=%lld\nexit_ns=%lld\nstatus=%d\nout_bytes=%llu\nvmhwm_kb=%ld\ncpu_s=%.4f\n",
	    spawn_ns, exit_ns, WIFEXITED(child_status) ? WEXITSTATUS(child_status) :
	    128 + WTERMSIG(child_status), out_bytes, vmhwm,
	    (double)child_usage.ru_utime.tv_sec + (double)child_usage.ru_utime.tv_usec / 1e6 +
	    (double)child_usage.ru_stime.tv_sec + (double)child_usage.ru_stime.tv_usec / 1e6);
	for (size_t s = 0; s < nsteps; s++) {
		free(steps[s].name);
		free(steps[s].keys);
	}
	free(steps);
	free(quit_keys);
	close(master);
	if (errpipe >= 0)
		close(errpipe);
	buf_free(&errtext);
	if (record != NULL)
		fclose(record);
	return 0;
}
