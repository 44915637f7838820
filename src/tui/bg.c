#include "tui/bg.h"

#include <stddef.h>

#include "util/log.h"

#define BG_MAX 16             /* pending jobs: one per list view in practice */

struct job {
	bool (*slice)(void *ud);
	void *ud;
};

static struct {
	uv_idle_t idle;
	bool started;
	struct job jobs[BG_MAX];
	size_t n, next;       /* jobs take turns, one slice each */
} bg;

static void
on_idle(uv_idle_t *h)
{
	struct job *j;

	if (bg.n == 0) {
		uv_idle_stop(h);
		return;
	}
	if (bg.next >= bg.n)
		bg.next = 0;
	j = &bg.jobs[bg.next];
	if (j->slice(j->ud)) {
		bg.next++;
		return;
	}
	bg.jobs[bg.next] = bg.jobs[--bg.n];	/* done */
	if (bg.n == 0)
		uv_idle_stop(h);
}

void
bg_start(uv_loop_t *loop)
{
	uv_idle_init(loop, &bg.idle);
	bg.started = true;
	if (bg.n > 0)
		uv_idle_start(&bg.idle, on_idle);
}

void
bg_stop(void)
{
	bg.n = 0;
	if (!bg.started)
		return;
	bg.started = false;
	uv_close((uv_handle_t *)&bg.idle, NULL);
}

void
bg_add(bool (*slice)(void *ud), void *ud)
{
	for (size_t i = 0; i < bg.n; i++)
		if (bg.jobs[i].ud == ud)
			return;
	if (bg.n == BG_MAX) {
		log_debug("bg: %d jobs pending, one more not done ahead", BG_MAX);
		return;	/* it will be done when asked for instead */
	}
	bg.jobs[bg.n++] = (struct job){ slice, ud };
	if (bg.started)
		uv_idle_start(&bg.idle, on_idle);
}

void
bg_cancel(void *ud)
{
	for (size_t i = 0; i < bg.n; i++)
		if (bg.jobs[i].ud == ud) {
			bg.jobs[i] = bg.jobs[--bg.n];
			return;
		}
}
