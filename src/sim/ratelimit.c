#include "sim/ratelimit.h"

#include <pthread.h>
#include <stdlib.h>

#include "util/xalloc.h"

/*
 * Each key keeps the times of its last `limit` accepted requests in a ring:
 * a new request is refused while the oldest of them is less than a window
 * old, which is exactly "at most limit in any sliding window".
 */
struct ratelimit {
	pthread_mutex_t lock;
	size_t nkeys;
	unsigned limit;
	uint64_t *times;     /* nkeys rings of limit entries */
	unsigned *head;      /* per key: index of the oldest entry */
	unsigned *used;      /* per key: entries filled so far */
};

struct ratelimit *
ratelimit_new(size_t nkeys, unsigned limit)
{
	struct ratelimit *rl = xcalloc(1, sizeof(*rl));

	pthread_mutex_init(&rl->lock, NULL);
	rl->nkeys = nkeys;
	rl->limit = limit;
	if (limit > 0 && nkeys > 0) {
		rl->times = xcalloc(nkeys, (size_t)limit * sizeof(*rl->times));
		rl->head = xcalloc(nkeys, sizeof(*rl->head));
		rl->used = xcalloc(nkeys, sizeof(*rl->used));
	}
	return rl;
}

void
ratelimit_free(struct ratelimit *rl)
{
	if (rl == NULL)
		return;
	pthread_mutex_destroy(&rl->lock);
	free(rl->times);
	free(rl->head);
	free(rl->used);
	free(rl);
}

unsigned
ratelimit_limit(const struct ratelimit *rl)
{
	return rl->limit;
}

bool
ratelimit_allow(struct ratelimit *rl, size_t key, uint64_t now_ms)
{
	uint64_t *ring;
	bool ok = true;

	if (rl->limit == 0 || key >= rl->nkeys)
		return true;
	pthread_mutex_lock(&rl->lock);
	ring = rl->times + key * rl->limit;
	if (rl->used[key] < rl->limit) {
		ring[(rl->head[key] + rl->used[key]) % rl->limit] = now_ms;
		rl->used[key]++;
	} else if (now_ms >= ring[rl->head[key]] + RATELIMIT_WINDOW_MS) {
		/* The oldest left the window: its slot takes the newest. */
		ring[rl->head[key]] = now_ms;
		rl->head[key] = (rl->head[key] + 1) % rl->limit;
	} else {
		ok = false;
	}
	pthread_mutex_unlock(&rl->lock);
	return ok;
}
