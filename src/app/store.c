#include "app/store.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/atomicfile.h"
#include "util/buf.h"
#include "util/log.h"
#include "util/timeutil.h"
#include "util/xalloc.h"

#define HISTORY_MAX 4096
#define HISTORY_KEEP_S (7 * 86400)
#define SAMPLE_EVERY_S 60          /* a new sample per minute unless the amount moved */
#define STATE_FILE_MAX (1 << 20)

struct view {
	struct store_view pub;
	struct model *model;
	char *message;
};

struct marks {
	char **ids;
	size_t n, cap;
};

struct store {
	struct store_options opt;
	char *profile, *endpoint;
	struct view v[STORE_NVIEWS];
	const struct store_fetcher *fetcher;
	void *fetch_ud;
	void (*changed)(void *ud, enum store_view_id v);
	void *changed_ud;
	uv_timer_t balance_timer, rest_timer;
	bool timers, paused;
	char *last_error;
	const struct view *last_error_of;   /* the view last_error came from */
	/* Derived rows: indexes into the models' arrays. */
	size_t *coupons, ncoupons;
	size_t *orders, norders;
	size_t *resources, nresources, nexpiring;
	struct store_sample *hist;
	size_t nhist;
	char *state_path;
	char *state_dir;      /* the option; NULL = XDG */
	struct marks marks[STORE_NVIEWS];
	struct view detail;
	enum store_detail detail_kind;
	char *detail_id;
	struct billing *billing;
};

static const char *const view_names[STORE_NVIEWS] = {
	[STORE_BALANCE] = "balance", [STORE_COUPONS] = "coupons", [STORE_ORDERS] = "orders",
	[STORE_RESOURCES] = "subscriptions", [STORE_PACKAGES] = "packages",
	[STORE_MONTHLY] = "monthly sum", [STORE_COSTS] = "costs",
};

const char *
store_view_name(enum store_view_id v)
{
	return (unsigned)v < STORE_NVIEWS ? view_names[v] : "?";
}

/* Sets state_path for the current profile, then reads its samples. */
static void load_history(struct store *s);

struct store *
store_new(const struct store_options *opt)
{
	struct store *s = xcalloc(1, sizeof *s);

	s->opt = *opt;
	s->profile = xstrdup(opt->profile ? opt->profile : "default");
	s->endpoint = xstrdup(opt->endpoint ? opt->endpoint : "");
	s->opt.profile = s->profile;
	s->opt.endpoint = s->endpoint;
	s->opt.state_dir = NULL;
	if (s->opt.expiring_days <= 0)
		s->opt.expiring_days = 30;
	if (s->opt.balance_interval_s == 0)
		s->opt.balance_interval_s = 30;
	if (s->opt.refresh_interval_s == 0)
		s->opt.refresh_interval_s = 300;
	for (int i = 0; i < STORE_NVIEWS; i++) {
		s->v[i].message = xstrdup("");
		s->v[i].pub.message = s->v[i].message;
	}
	s->last_error = xstrdup("");
	s->detail.message = xstrdup("");
	s->detail.pub.message = s->detail.message;
	s->detail_id = xstrdup("");
	s->state_dir = opt->state_dir ? xstrdup(opt->state_dir) : NULL;
	load_history(s);
	return s;
}

static void
free_marks(struct marks *m)
{
	for (size_t i = 0; i < m->n; i++)
		free(m->ids[i]);
	free(m->ids);
	memset(m, 0, sizeof *m);
}

void
store_free(struct store *s)
{
	if (s == NULL)
		return;
	for (int i = 0; i < STORE_NVIEWS; i++) {
		model_free(s->v[i].model);
		free(s->v[i].message);
		free_marks(&s->marks[i]);
	}
	free(s->coupons);
	free(s->orders);
	free(s->resources);
	free(s->hist);
	free(s->state_path);
	free(s->state_dir);
	model_free(s->detail.model);
	free(s->detail.message);
	free(s->detail_id);
	free(s->last_error);
	free(s->profile);
	free(s->endpoint);
	free(s);
}

void
store_set_fetcher(struct store *s, const struct store_fetcher *f, void *ud)
{
	s->fetcher = f;
	s->fetch_ud = ud;
}

void
store_set_listener(struct store *s, void (*changed)(void *ud, enum store_view_id v), void *ud)
{
	s->changed = changed;
	s->changed_ud = ud;
}

static void
notify(struct store *s, enum store_view_id v)
{
	if (s->changed != NULL)
		s->changed(s->changed_ud, v);
}

static void
set_last_error(struct store *s, const struct view *vw, const char *name)
{
	free(s->last_error);
	s->last_error = vw != NULL ? xasprintf("%s: %s", name, vw->message) : xstrdup("");
	s->last_error_of = vw;
}

/*
 * The status bar's error must not outlive its cause: when the view it came
 * from recovers, it gives way to another view's error that still stands, or
 * to none.
 */
static void
error_recovered(struct store *s)
{
	for (int v = 0; v < STORE_NVIEWS; v++)
		if (s->v[v].pub.load == STORE_ERROR) {
			set_last_error(s, &s->v[v], view_names[v]);
			return;
		}
	set_last_error(s, s->detail.pub.load == STORE_ERROR ? &s->detail : NULL, "details");
}

static void
set_message(struct store *s, struct view *vw, const char *name, const char *msg)
{
	free(vw->message);
	vw->message = xstrdup(msg);
	vw->pub.message = vw->message;
	if (msg[0] != '\0')
		set_last_error(s, vw, name);
	else if (vw == s->last_error_of)
		error_recovered(s);
}

static void
fail(struct store *s, struct view *vw, const char *name, const char *msg)
{
	vw->pub.load = STORE_ERROR;
	vw->pub.in_flight = false;
	vw->pub.stale = vw->pub.model != NULL;
	set_message(s, vw, name, msg);
}

/* A success: the view holds m from now on (the old model is freed). */
static void
succeed(struct store *s, struct view *vw, const char *name, struct model *m)
{
	model_free(vw->model);
	vw->model = m;
	vw->pub.model = m;
	vw->pub.load = m != NULL ? STORE_OK : STORE_IDLE;
	vw->pub.in_flight = false;
	vw->pub.stale = false;
	vw->pub.fetched_at = m != NULL ? time_now() : 0;
	vw->pub.generation++;
	set_message(s, vw, name, "");
}

static void
fail_view(struct store *s, enum store_view_id v, const char *msg)
{
	fail(s, &s->v[v], view_names[v], msg);
}

void
store_refresh(struct store *s, enum store_view_id v)
{
	struct store_view *pv = &s->v[v].pub;
	char why[256] = "";

	if (pv->in_flight || s->fetcher == NULL)
		return;
	pv->in_flight = true;
	pv->load = STORE_LOADING;
	if (s->fetcher->fetch(s->fetch_ud, s, v, why, sizeof why) != 0)
		fail_view(s, v, why[0] ? why : "could not start the request");
	notify(s, v);
}

void
store_refresh_all(struct store *s)
{
	for (int v = 0; v < STORE_NVIEWS; v++)
		store_refresh(s, (enum store_view_id)v);
}

static void
on_balance_timer(uv_timer_t *t)
{
	struct store *s = t->data;

	if (!s->paused)
		store_refresh(s, STORE_BALANCE);
}

static void
on_rest_timer(uv_timer_t *t)
{
	struct store *s = t->data;

	if (s->paused)
		return;
	for (int v = 0; v < STORE_NVIEWS; v++)
		if (v != STORE_BALANCE)
			store_refresh(s, (enum store_view_id)v);
}

void
store_start(struct store *s, uv_loop_t *loop)
{
	uint64_t b = (uint64_t)s->opt.balance_interval_s * 1000;
	uint64_t r = (uint64_t)s->opt.refresh_interval_s * 1000;

	uv_timer_init(loop, &s->balance_timer);
	uv_timer_init(loop, &s->rest_timer);
	s->balance_timer.data = s;
	s->rest_timer.data = s;
	uv_timer_start(&s->balance_timer, on_balance_timer, b, b);
	uv_timer_start(&s->rest_timer, on_rest_timer, r, r);
	s->timers = true;
	store_refresh_all(s);
}

void
store_stop(struct store *s)
{
	if (!s->timers)
		return;
	s->timers = false;
	uv_close((uv_handle_t *)&s->balance_timer, NULL);
	uv_close((uv_handle_t *)&s->rest_timer, NULL);
}

void
store_set_paused(struct store *s, bool paused)
{
	s->paused = paused;
	notify(s, STORE_BALANCE);
}

bool
store_paused(const struct store *s)
{
	return s->paused;
}

/* ---- derived rows ------------------------------------------------------- */

/* What cmp_time_field compares: a time field at off in an array of structs. */
struct sort_ctx {
	const void *base;
	size_t size;
	size_t off;   /* offset of the `const char *` time field */
};

static int
cmp_time_field(const void *a, const void *b, void *arg)
{
	const struct sort_ctx *c = arg;
	size_t x = *(const size_t *)a, y = *(const size_t *)b;
	const char *tx = *(const char *const *)((const char *)c->base + x * c->size + c->off);
	const char *ty = *(const char *const *)((const char *)c->base + y * c->size + c->off);
	int r;

	/* ISO times compare as text; empty (unknown) goes last. */
	if (tx[0] == '\0' || ty[0] == '\0')
		r = (tx[0] == '\0') - (ty[0] == '\0');
	else
		r = strcmp(tx, ty);
	return r != 0 ? r : (x > y) - (x < y);
}

static void
sort_by_time(size_t *idx, size_t n, const void *base, size_t size, size_t off, bool desc)
{
	struct sort_ctx c = { base, size, off };

	qsort_r(idx, n, sizeof *idx, cmp_time_field, &c);
	if (desc)
		for (size_t i = 0; i < n / 2; i++) {
			size_t t = idx[i];

			idx[i] = idx[n - 1 - i];
			idx[n - 1 - i] = t;
		}
}

static size_t *
alloc_idx(size_t n)
{
	return xreallocarray(NULL, n ? n : 1, sizeof(size_t));
}

static void
derive_coupons(struct store *s)
{
	const struct model_coupons *c = model_coupons(s->v[STORE_COUPONS].model);

	free(s->coupons);
	s->coupons = NULL;
	s->ncoupons = 0;
	if (c == NULL)
		return;
	s->coupons = alloc_idx(c->n_user_coupons);
	for (size_t i = 0; i < c->n_user_coupons; i++)
		if (c->user_coupons[i].status == 2)
			s->coupons[s->ncoupons++] = i;
	sort_by_time(s->coupons, s->ncoupons, c->user_coupons, sizeof c->user_coupons[0],
	    offsetof(struct model_coupon, expire_time), false);
}

static void
derive_orders(struct store *s)
{
	const struct model_orders *o = model_orders(s->v[STORE_ORDERS].model);

	free(s->orders);
	s->orders = NULL;
	s->norders = 0;
	if (o == NULL)
		return;
	s->orders = alloc_idx(o->n_order_infos);
	for (size_t i = 0; i < o->n_order_infos; i++)
		if (o->order_infos[i].status == 6 || o->order_infos[i].status == 1)
			s->orders[s->norders++] = i;
	sort_by_time(s->orders, s->norders, o->order_infos, sizeof o->order_infos[0],
	    offsetof(struct model_order, create_time), true);
}

static void
derive_resources(struct store *s)
{
	const struct model_resources *r = model_resources(s->v[STORE_RESOURCES].model);
	time_t limit = time_now() + (time_t)s->opt.expiring_days * 86400;

	free(s->resources);
	s->resources = NULL;
	s->nresources = s->nexpiring = 0;
	if (r == NULL)
		return;
	s->resources = alloc_idx(r->n_data);
	for (size_t i = 0; i < r->n_data; i++)
		s->resources[s->nresources++] = i;
	sort_by_time(s->resources, s->nresources, r->data, sizeof r->data[0],
	    offsetof(struct model_resource, expire_time), false);
	for (size_t i = 0; i < s->nresources; i++) {
		time_t t;

		if (time_parse_iso(r->data[s->resources[i]].expire_time, &t) != 0 || t > limit)
			break;
		s->nexpiring++;
	}
}

size_t
store_coupon_count(const struct store *s)
{
	return s->ncoupons;
}

const struct model_coupon *
store_coupon(const struct store *s, size_t i)
{
	return &model_coupons(s->v[STORE_COUPONS].model)->user_coupons[s->coupons[i]];
}

size_t
store_order_count(const struct store *s)
{
	return s->norders;
}

const struct model_order *
store_order(const struct store *s, size_t i)
{
	return &model_orders(s->v[STORE_ORDERS].model)->order_infos[s->orders[i]];
}

size_t
store_resource_count(const struct store *s)
{
	return s->nresources;
}

const struct model_resource *
store_resource(const struct store *s, size_t i)
{
	return &model_resources(s->v[STORE_RESOURCES].model)->data[s->resources[i]];
}

size_t
store_expiring_count(const struct store *s)
{
	return s->nexpiring;
}

size_t
store_package_count(const struct store *s)
{
	const struct model_packages *p = model_packages(s->v[STORE_PACKAGES].model);

	return p != NULL ? p->n_free_resource_packages : 0;
}

const struct model_package *
store_package(const struct store *s, size_t i)
{
	return &model_packages(s->v[STORE_PACKAGES].model)->free_resource_packages[i];
}

bool
store_days_until(const struct store *s, const char *iso, long *days)
{
	time_t t, now = time_now();

	(void)s;
	if (time_parse_iso(iso, &t) != 0)
		return false;
	/* Floor division: an hour past the expiry is day -1, not 0. */
	*days = t >= now ? (long)((t - now) / 86400) : -(long)((now - t + 86399) / 86400);
	return true;
}

int
store_permille(money_t used, money_t total)
{
	money_t pm;

	if (total <= 0 || used <= 0)
		return 0;
	if (used >= total)
		return 1000;
	/* used * 1000 overflows past ~92 million units: divide first there. */
	pm = used <= INT64_MAX / 1000 ? used * 1000 / total : used / (total / 1000);
	return pm > 1000 ? 1000 : (int)pm;
}

const struct model_free_resource *
store_package_item(const struct model_package *p)
{
	const struct model_free_resource *best = NULL;
	int best_pm = -1;

	for (size_t i = 0; i < p->n_free_resources; i++) {
		const struct model_free_resource *f = &p->free_resources[i];
		money_t u;
		int pm;

		if (money_sub(f->original_amount, f->amount, &u) != 0 || u < 0)
			u = 0;
		pm = store_permille(u, f->original_amount);
		if (pm > best_pm) {
			best_pm = pm;
			best = f;
		}
	}
	return best;
}

int
store_package_usage(const struct model_package *p, money_t *used, money_t *total)
{
	const struct model_free_resource *f = store_package_item(p);

	*used = *total = 0;
	if (f == NULL)
		return 0;
	if (money_sub(f->original_amount, f->amount, used) != 0 || *used < 0)
		*used = 0;
	*total = f->original_amount;
	return store_permille(*used, *total);
}

/* ---- balance and its history --------------------------------------------- */

bool
store_cash(const struct store *s, money_t *cash, const char **currency)
{
	const struct model_balances *b = model_balances(s->v[STORE_BALANCE].model);
	money_t sum = 0;

	if (b == NULL)
		return false;
	*currency = b->currency[0] ? b->currency : "CNY";
	for (size_t i = 0; i < b->n_account_balances; i++)
		if (b->account_balances[i].account_type == 1) {
			money_add(sum, b->account_balances[i].amount, &sum);
			if (b->account_balances[i].currency[0] != '\0')
				*currency = b->account_balances[i].currency;
		}
	*cash = sum;
	return true;
}

const struct store_sample *
store_history(const struct store *s, size_t *n)
{
	*n = s->nhist;
	return s->hist;
}

bool
store_balance_alert(const struct store *s)
{
	money_t cash;
	const char *cur;

	return s->opt.has_threshold && store_cash(s, &cash, &cur) && cash < s->opt.balance_threshold;
}

/* The average over the cost data's days, from the first day with a cost on. */
static bool
rate_from_costs(const struct model_costs *c, struct store_rate *r)
{
	time_t first = 0, last = 0, t;
	money_t total = 0;

	for (size_t i = 0; i < c->n_cost_data; i++)
		for (size_t k = 0; k < c->cost_data[i].n_costs; k++) {
			const struct model_cost *e = &c->cost_data[i].costs[k];

			if (e->time_measure_id != 1 || time_parse_date(e->time_dimension_value, &t) != 0)
				continue;
			if (t > last)
				last = t;
			if (e->amount > 0 && (first == 0 || t < first))
				first = t;
			if (money_add(total, e->amount, &total) != 0)
				return false;
		}
	if (first == 0 || total <= 0)
		return false;
	r->days = (int)((last - first) / 86400) + 1;
	r->per_day = total / r->days;
	r->basis = STORE_RATE_COSTS;
	return r->per_day > 0;
}

bool
store_spend_rate(const struct store *s, struct store_rate *r)
{
	const struct model_costs *c = model_costs(s->v[STORE_COSTS].model);
	const struct model_monthly_sum *m = model_monthly_sum(s->v[STORE_MONTHLY].model);
	time_t now = time_now() + 8 * 3600;	/* billing months are UTC+8 */
	struct tm tm;

	if (c != NULL && rate_from_costs(c, r)) {
		r->stale = s->v[STORE_COSTS].pub.stale;
		return true;
	}
	if (m == NULL || m->consume_amount <= 0)
		return false;
	gmtime_r(&now, &tm);
	r->days = tm.tm_mday;
	r->per_day = m->consume_amount / tm.tm_mday;
	r->basis = STORE_RATE_MONTH;
	r->stale = s->v[STORE_MONTHLY].pub.stale;
	return r->per_day > 0;
}

bool
store_days_left(const struct store *s, long *days)
{
	struct store_rate r;
	money_t cash;
	const char *cur;

	if (!store_cash(s, &cash, &cur) || !store_spend_rate(s, &r))
		return false;
	*days = cash > 0 ? (long)(cash / r.per_day) : 0;
	return true;
}

const char *
store_state_path(const struct store *s)
{
	return s->state_path;
}

static void
drop_old(struct store *s, time_t now)
{
	size_t skip = 0;

	while (skip < s->nhist && s->hist[skip].t < now - HISTORY_KEEP_S)
		skip++;
	if (s->nhist - skip >= HISTORY_MAX)
		skip = s->nhist - HISTORY_MAX + 1;
	if (skip > 0) {
		memmove(s->hist, s->hist + skip, (s->nhist - skip) * sizeof s->hist[0]);
		s->nhist -= skip;
	}
}

static void
push_sample(struct store *s, time_t t, money_t amount)
{
	if (s->hist == NULL)
		s->hist = xreallocarray(NULL, HISTORY_MAX, sizeof s->hist[0]);
	drop_old(s, t);
	s->hist[s->nhist].t = t;
	s->hist[s->nhist].amount = amount;
	s->nhist++;
}

/* Replaces the status bar's latest error with a note on the state file. */
static void
history_note(struct store *s, const char *what)
{
	free(s->last_error);
	s->last_error = xasprintf("balance history: %s (%s)", what, s->state_path);
}

/*
 * A line that does not parse is skipped: the history is a nicety, not a
 * record. The file is written atomically, so one that is empty, torn or
 * damaged was changed behind our back: say so, and keep what parses.
 * Times before 1970 are damage too (and would overflow the week's cutoff).
 */
static void
parse_history(struct store *s, char *text, size_t len)
{
	size_t bad = 0;
	char *line = text, *nl;

	for (; line < text + len; line = nl + 1) {
		char *tab, *end;
		long long t;
		money_t m;

		nl = memchr(line, '\n', (size_t)(text + len - line));
		/* The last line must end with a newline: one that does not was cut short. */
		if (nl == NULL) {
			bad++;
			break;
		}
		*nl = '\0';
		if (line == nl)
			continue;
		tab = strchr(line, '\t');
		/* A NUL inside the line ends it early: strlen() falls short of nl. */
		if (tab == NULL || line + strlen(line) != nl) {
			bad++;
			continue;
		}
		*tab = '\0';
		errno = 0;
		t = strtoll(line, &end, 10);
		if (errno != 0 || *end != '\0' || end == line || t < 0 ||
		    money_parse(tab + 1, &m) != 0 ||
		    (s->nhist > 0 && (time_t)t < s->hist[s->nhist - 1].t)) {
			bad++;
			continue;
		}
		push_sample(s, (time_t)t, m);
	}
	if (bad > 0) {
		char what[64];

		snprintf(what, sizeof what, "%zu damaged line%s skipped", bad, bad == 1 ? "" : "s");
		history_note(s, what);
	}
}

static void
load_history(struct store *s)
{
	const char *xdg = getenv("XDG_STATE_HOME"), *home = getenv("HOME");
	struct buf b = BUF_INIT(STATE_FILE_MAX);
	char chunk[4096], *base = NULL;
	ssize_t r;
	int fd, read_errno;
	bool too_big = false;

	if (s->state_dir != NULL)
		base = xstrdup(s->state_dir);
	else if (xdg != NULL && xdg[0] == '/')
		base = xasprintf("%s/bssdash", xdg);
	else if (home != NULL && home[0] != '\0')
		base = xasprintf("%s/.local/state/bssdash", home);
	free(s->state_path);
	/* One file per profile: accounts must not share a history. */
	s->state_path = base ? xasprintf("%s/balance-%s.tsv", base, s->profile) : xstrdup("");
	free(base);
	s->nhist = 0;
	if (s->state_path[0] == '\0')
		return;
	fd = open(s->state_path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		if (errno != ENOENT)
			history_note(s, strerror(errno));
		return;
	}
	while ((r = read(fd, chunk, sizeof chunk)) > 0)
		if (buf_append(&b, chunk, (size_t)r) != 0) {
			too_big = true;
			break;
		}
	read_errno = errno;
	close(fd);
	if (r < 0)
		history_note(s, strerror(read_errno));
	else if (too_big)
		history_note(s, "larger than 1 MiB, not read; a new history starts");
	else if (b.len == 0)
		history_note(s, "empty; a new history starts");
	else
		parse_history(s, b.data, b.len);
	drop_old(s, time_now());
	buf_free(&b);
}

static int
mkdirs(const char *path)
{
	char *p = xstrdup(path), *slash;
	int rc = 0;

	for (slash = strchr(p + 1, '/'); slash != NULL; slash = strchr(slash + 1, '/')) {
		*slash = '\0';
		if (mkdir(p, 0700) != 0 && errno != EEXIST)
			rc = -1;
		*slash = '/';
	}
	free(p);
	return rc;
}

/* Written atomically: a crash leaves the old history or the new, never half. */
static void
save_history(struct store *s)
{
	struct buf b = BUF_INIT(STATE_FILE_MAX);
	char err[256];

	if (s->state_path[0] == '\0' || mkdirs(s->state_path) != 0)
		return;
	for (size_t i = 0; i < s->nhist; i++) {
		char m[MONEY_BUFSZ];

		buf_printf(&b, "%lld\t%s\n", (long long)s->hist[i].t,
		    money_format_plain(s->hist[i].amount, m, sizeof m));
	}
	/* The history is a convenience: a failed save costs this session's samples only. */
	if (atomicfile_write(s->state_path, buf_cstr(&b), b.len, 0600, err, sizeof err) != 0)
		log_debug("balance history not saved: %s", err);
	buf_free(&b);
}

static void
record_balance(struct store *s)
{
	money_t cash;
	const char *cur;
	time_t now = time_now();

	if (!store_cash(s, &cash, &cur))
		return;
	if (s->nhist > 0 && s->hist[s->nhist - 1].amount == cash &&
	    now - s->hist[s->nhist - 1].t < SAMPLE_EVERY_S)
		return;
	push_sample(s, now, cash);
	save_history(s);
}

static void derive(struct store *s, enum store_view_id v);

void
store_deliver(struct store *s, enum store_view_id v, struct model *m, const char *error)
{
	struct view *vw = &s->v[v];

	if (m == NULL) {
		fail_view(s, v, error != NULL && error[0] ? error : "the request failed");
		notify(s, v);
		return;
	}
	succeed(s, vw, view_names[v], m);
	derive(s, v);
	notify(s, v);
}

/* The rows a view's screens show, recomputed when its data changes. */
static void
derive(struct store *s, enum store_view_id v)
{
	switch (v) {
	case STORE_BALANCE:
		record_balance(s);
		break;
	case STORE_COUPONS:
		derive_coupons(s);
		break;
	case STORE_ORDERS:
		derive_orders(s);
		break;
	case STORE_RESOURCES:
		derive_resources(s);
		break;
	default:
		break;
	}
}

const struct store_view *
store_view(const struct store *s, enum store_view_id v)
{
	return &s->v[v].pub;
}

unsigned
store_in_flight(const struct store *s)
{
	unsigned n = 0;

	if (s->fetcher != NULL && s->fetcher->requests != NULL)
		return s->fetcher->requests(s->fetch_ud);
	for (int v = 0; v < STORE_NVIEWS; v++)
		n += s->v[v].pub.in_flight;
	return n;
}

bool
store_view_reloading(const struct store_view *v)
{
	return v->load == STORE_LOADING && v->model != NULL;
}

const char *
store_last_error(const struct store *s)
{
	return s->last_error;
}

const struct store_options *
store_options(const struct store *s)
{
	return &s->opt;
}

void
store_set_billing(struct store *s, struct billing *b)
{
	s->billing = b;
}

struct billing *
store_billing(const struct store *s)
{
	return s->billing;
}

/* ---- marks ------------------------------------------------------------------ */

static ssize_t
mark_index(const struct marks *m, const char *id)
{
	for (size_t i = 0; i < m->n; i++)
		if (strcmp(m->ids[i], id) == 0)
			return (ssize_t)i;
	return -1;
}

bool
store_marked(const struct store *s, enum store_view_id v, const char *id)
{
	return mark_index(&s->marks[v], id) >= 0;
}

void
store_toggle_mark(struct store *s, enum store_view_id v, const char *id)
{
	struct marks *m = &s->marks[v];
	ssize_t i = mark_index(m, id);

	if (i >= 0) {
		free(m->ids[i]);
		m->ids[i] = m->ids[--m->n];
		return;
	}
	if (m->n == m->cap) {
		m->cap = m->cap ? m->cap * 2 : 16;
		m->ids = xreallocarray(m->ids, m->cap, sizeof *m->ids);
	}
	m->ids[m->n++] = xstrdup(id);
}

const char *const *
store_marks(const struct store *s, enum store_view_id v, size_t *n)
{
	*n = s->marks[v].n;
	return (const char *const *)s->marks[v].ids;
}

/* ---- details ------------------------------------------------------------------ */

void
store_fetch_detail(struct store *s, enum store_detail kind, const char *const *ids, size_t nids)
{
	char why[256] = "";

	succeed(s, &s->detail, "details", NULL);
	s->detail_kind = kind;
	free(s->detail_id);
	s->detail_id = xstrdup(nids > 0 ? ids[0] : "");
	if (s->fetcher == NULL || s->fetcher->fetch_detail == NULL || nids == 0)
		return;
	s->detail.pub.load = STORE_LOADING;
	s->detail.pub.in_flight = true;
	if (s->fetcher->fetch_detail(s->fetch_ud, s, kind, ids, nids, why, sizeof why) != 0)
		fail(s, &s->detail, "details", why[0] ? why : "could not start the request");
	notify(s, STORE_NVIEWS);
}

void
store_deliver_detail(struct store *s, enum store_detail kind, const char *id, struct model *m,
    const char *error)
{
	/* An answer for a detail no longer on screen. */
	if (kind != s->detail_kind || strcmp(id, s->detail_id) != 0) {
		model_free(m);
		return;
	}
	if (m == NULL)
		fail(s, &s->detail, "details", error != NULL && error[0] ? error : "the request failed");
	else
		succeed(s, &s->detail, "details", m);
	notify(s, STORE_NVIEWS);
}

const struct store_view *
store_detail(const struct store *s, enum store_detail *kind, const char **id)
{
	*kind = s->detail_kind;
	*id = s->detail_id;
	return &s->detail.pub;
}

void
store_switch_profile(struct store *s, const char *profile, const char *endpoint, bool read_only)
{
	free(s->profile);
	free(s->endpoint);
	s->profile = xstrdup(profile);
	s->endpoint = xstrdup(endpoint);
	s->opt.profile = s->profile;
	s->opt.endpoint = s->endpoint;
	s->opt.read_only = read_only;
	for (int v = 0; v < STORE_NVIEWS; v++) {
		succeed(s, &s->v[v], view_names[v], NULL);
		derive(s, (enum store_view_id)v);
		free_marks(&s->marks[v]);
		notify(s, (enum store_view_id)v);
	}
	succeed(s, &s->detail, "details", NULL);
	s->detail_kind = STORE_DETAIL_NONE;
	set_last_error(s, NULL, "");
	load_history(s);
}
