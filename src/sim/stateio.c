/*
 * The world in and out of the state module: GET /__sim/state's JSON
 * (sim_state_dump) and the --state snapshot (sim_state_save / _load).
 *
 * The snapshot is private to a build: a header (magic, version, a hash of
 * the record layouts), the account, then each array as a count and its raw
 * records. Records hold indexes, never pointers, so they load as they were
 * saved; sim_state_load checks every count, index and string before the
 * world is used, so a damaged file is refused, not trusted.
 */
#include <cjson/cJSON.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sim/catalog.h"
#include "sim/state.h"
#include "util/timeutil.h"
#include "util/xalloc.h"

/* ------------------------------------------------------------------ /__sim/state */

static void
add_money(cJSON *o, const char *name, money_t m)
{
	char buf[MONEY_BUFSZ];

	cJSON_AddItemToObject(o, name, cJSON_CreateRaw(money_format_plain(m, buf, sizeof(buf))));
}

static void
add_time(cJSON *o, const char *name, time_t t)
{
	char buf[TIME_ISO_BUFSZ];

	cJSON_AddStringToObject(o, name, time_format_iso(t, buf));
}

char *
sim_state_dump(const struct sim_state *st)
{
	cJSON *root = cJSON_CreateObject();
	cJSON *a, *o, *m;
	char *out;

	a = cJSON_AddArrayToObject(root, "balances");
	for (size_t i = 0; i < ST_NBALANCES; i++) {
		o = cJSON_CreateObject();
		cJSON_AddNumberToObject(o, "account_type", st->balances[i].account_type);
		add_money(o, "amount", st->balances[i].amount);
		cJSON_AddStringToObject(o, "currency", st_currency(st));
		cJSON_AddItemToArray(a, o);
	}
	a = cJSON_AddArrayToObject(root, "orders");
	for (size_t i = 0; i < st->orders.n; i++) {
		const struct sim_order *r = &st->orders.v[i];
		o = cJSON_CreateObject();
		cJSON_AddStringToObject(o, "order_id", r->id);
		cJSON_AddNumberToObject(o, "status", r->status);
		cJSON_AddNumberToObject(o, "order_type", r->order_type);
		add_money(o, "amount_after_discount", r->amount_after_discount);
		cJSON_AddItemToArray(a, o);
	}
	a = cJSON_AddArrayToObject(root, "resources");
	for (size_t i = 0; i < st->resources.n; i++) {
		const struct sim_resource *r = &st->resources.v[i];
		if (r->hidden || r->charge_mode != ST_CHARGE_PREPAID)
			continue;
		o = cJSON_CreateObject();
		cJSON_AddStringToObject(o, "resource_id", r->id);
		cJSON_AddStringToObject(o, "resource_name", r->name);
		cJSON_AddNumberToObject(o, "status", r->status);
		add_time(o, "expire_time", r->expire_time);
		cJSON_AddNumberToObject(o, "expire_policy", r->expire_policy);
		cJSON_AddNumberToObject(o, "is_main_resource", r->parent < 0);
		cJSON_AddItemToArray(a, o);
	}
	a = cJSON_AddArrayToObject(root, "coupons");
	for (size_t i = 0; i < st->coupons.n; i++) {
		const struct sim_coupon *c = &st->coupons.v[i];
		o = cJSON_CreateObject();
		cJSON_AddStringToObject(o, "coupon_id", c->id);
		cJSON_AddNumberToObject(o, "coupon_type", c->type);
		cJSON_AddNumberToObject(o, "status", c->status);
		add_money(o, "face_value", c->face_value);
		add_money(o, "balance", c->balance);
		cJSON_AddItemToArray(a, o);
	}
	a = cJSON_AddArrayToObject(root, "packages");
	for (size_t i = 0; i < st->packages.n; i++) {
		const struct sim_package *p = &st->packages.v[i];
		cJSON *items;
		o = cJSON_CreateObject();
		cJSON_AddStringToObject(o, "order_instance_id", p->instance_id);
		cJSON_AddStringToObject(o, "product_name", p->name_en);
		cJSON_AddNumberToObject(o, "status", p->status);
		items = cJSON_AddArrayToObject(o, "free_resources");
		for (int32_t k = 0; k < p->nitems; k++) {
			const struct sim_free_item *it = &st->items.v[p->first_item + k];
			cJSON *j = cJSON_CreateObject();
			cJSON_AddStringToObject(j, "free_resource_id", it->id);
			add_money(j, "amount", it->remaining);
			add_money(j, "original_amount", it->original_amount);
			cJSON_AddItemToArray(items, j);
		}
		cJSON_AddItemToArray(a, o);
	}
	m = cJSON_AddObjectToObject(root, "mutations");
	for (size_t i = 0; i < st_nmutations; i++)
		cJSON_AddNumberToObject(m, st_mutation_names[i], (double)st->mutations[i]);
	out = cJSON_PrintUnformatted(root);
	cJSON_Delete(root);
	if (out == NULL)
		die("sim_state_dump: out of memory");
	return out;
}

/* ------------------------------------------------------------------ snapshot */

static const char magic[8] = { 'B', 'S', 'S', 'S', 'I', 'M', 'S', 'T' };
#define SNAPSHOT_VERSION 1u
/* Refuses more records than this in any array (a damaged count). */
#define SNAPSHOT_MAX_RECORDS 100000000ULL

/* Changes whenever a record's layout does, so another build's file is refused. */
static uint64_t
layout_hash(void)
{
	const size_t sizes[] = {
		sizeof(struct sim_balance), sizeof(struct sim_coupon), sizeof(struct sim_order),
		sizeof(struct sim_line), sizeof(struct sim_refund), sizeof(struct sim_resource),
		sizeof(struct sim_package), sizeof(struct sim_free_item),
		sizeof(struct sim_usage_record), sizeof(struct sim_bill), sizeof(struct sim_ep),
		offsetof(struct sim_resource, term_paid), offsetof(struct sim_order, create_time),
		offsetof(struct sim_bill, usage), cat_nspecs, cat_nregions, cat_nusage_types,
	};
	uint64_t h = 1469598103934665603ULL;

	for (size_t i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++)
		h = (h ^ sizes[i]) * 1099511628211ULL;
	return h;
}

struct writer {
	FILE *f;
	int failed;
};

static void
put(struct writer *w, const void *p, size_t n)
{
	if (n != 0 && !w->failed && fwrite(p, 1, n, w->f) != n)
		w->failed = 1;
}

static void
put_u64(struct writer *w, uint64_t v)
{
	put(w, &v, sizeof(v));
}

#define PUT_VEC(w, vec) (put_u64((w), (vec).n), put((w), (vec).v, (vec).n * sizeof(*(vec).v)))

static void
write_world(struct writer *w, const struct sim_state *st)
{
	uint64_t h = layout_hash();
	uint32_t version = SNAPSHOT_VERSION;

	put(w, magic, sizeof(magic));
	put(w, &version, sizeof(version));
	put(w, &h, sizeof(h));
	put_u64(w, st->seed);
	put_u64(w, (uint64_t)st->scale);
	put_u64(w, (uint64_t)st->seed_now);
	put(w, st->customer_id, sizeof(st->customer_id));
	put(w, st->user_name, sizeof(st->user_name));
	put(w, &st->debt_amount, sizeof(st->debt_amount));
	put(w, st->balances, sizeof(st->balances));
	put(w, st->project_ids, sizeof(st->project_ids));
	put(w, st->eps, sizeof(st->eps));
	put(w, st->mutations, sizeof(st->mutations));
	put(w, &st->next_seq, sizeof(st->next_seq));
	PUT_VEC(w, st->coupons);
	PUT_VEC(w, st->orders);
	PUT_VEC(w, st->lines);
	PUT_VEC(w, st->refunds);
	PUT_VEC(w, st->resources);
	PUT_VEC(w, st->packages);
	PUT_VEC(w, st->items);
	PUT_VEC(w, st->usage);
	put_u64(w, st->cycles.n);
	for (size_t i = 0; i < st->cycles.n; i++) {
		int32_t month = st->cycles.v[i].month;
		put(w, &month, sizeof(month));
		PUT_VEC(w, st->cycles.v[i]);
	}
}

/* Writes next to path, syncs, then renames over it: a crash leaves the old file or the new. */
int
sim_state_save(const struct sim_state *st, const char *path, char *err, size_t errlen)
{
	char *tmp = xasprintf("%s.tmpXXXXXX", path);
	char *dir = xstrdup(path), *slash;
	struct writer w = { NULL, 0 };
	int fd = mkstemp(tmp), dfd, rc = -1;

	if (fd < 0) {
		snprintf(err, errlen, "cannot create %s: %s", tmp, strerror(errno));
		goto out;
	}
	w.f = fdopen(fd, "wb");
	if (w.f == NULL) {
		snprintf(err, errlen, "cannot write %s: %s", tmp, strerror(errno));
		close(fd);
		unlink(tmp);
		goto out;
	}
	write_world(&w, st);
	if (w.failed || fflush(w.f) != 0 || fsync(fd) != 0) {
		snprintf(err, errlen, "cannot write %s: %s", tmp, strerror(errno));
		fclose(w.f);
		unlink(tmp);
		goto out;
	}
	if (fclose(w.f) != 0 || rename(tmp, path) != 0) {
		snprintf(err, errlen, "cannot replace %s: %s", path, strerror(errno));
		unlink(tmp);
		goto out;
	}
	/* Make the rename itself durable. */
	slash = strrchr(dir, '/');
	if (slash != NULL)
		*(slash == dir ? slash + 1 : slash) = '\0';
	dfd = open(slash != NULL ? dir : ".", O_RDONLY | O_DIRECTORY);
	if (dfd >= 0) {
		fsync(dfd);
		close(dfd);
	}
	rc = 0;
out:
	free(tmp);
	free(dir);
	return rc;
}

struct reader {
	FILE *f;
	uint64_t left;                 /* bytes not read yet */
	const char *problem;           /* first thing wrong, or NULL */
};

static void
get(struct reader *r, void *p, size_t n)
{
	if (r->problem != NULL || n == 0)
		return;
	if (n > r->left || fread(p, 1, n, r->f) != n)
		r->problem = "the file is truncated";
	else
		r->left -= n;
}

static uint64_t
get_u64(struct reader *r)
{
	uint64_t v = 0;

	get(r, &v, sizeof(v));
	return v;
}

static void *
get_array(struct reader *r, size_t *n, size_t *cap, size_t elsize)
{
	uint64_t count = get_u64(r);
	void *v;

	if (r->problem != NULL)
		return NULL;
	/* Checked against the bytes left before allocating: a damaged count can't exhaust memory. */
	if (count > SNAPSHOT_MAX_RECORDS || count * elsize > r->left) {
		r->problem = "a record count is out of range";
		return NULL;
	}
	*n = *cap = (size_t)count;
	if (count == 0)
		return NULL;
	v = xcalloc((size_t)count, elsize);
	get(r, v, (size_t)count * elsize);
	return v;
}

#define GET_VEC(r, vec) ((vec).v = get_array((r), &(vec).n, &(vec).cap, sizeof(*(vec).v)))

static bool
terminated(const char *s, size_t size)
{
	return memchr(s, '\0', size) != NULL;
}

#define TERMINATED(field) terminated((field), sizeof(field))

static bool
in_range(int64_t i, size_t n)
{
	return i >= 0 && (uint64_t)i < n;
}

static bool
in_range_or_none(int64_t i, size_t n)
{
	return i == -1 || in_range(i, n);
}

static bool
span_ok(int32_t first, int32_t count, size_t n)
{
	return first >= 0 && count >= 0 && (uint64_t)first + (uint64_t)count <= n;
}

/* Every index and string of a loaded world, checked before anything reads it. */
static const char *
check_world(const struct sim_state *st)
{
	size_t no = st->orders.n, nr = st->resources.n, nl = st->lines.n;

	if (!TERMINATED(st->customer_id) || !TERMINATED(st->user_name))
		return "the account is damaged";
	for (size_t i = 0; i < ST_NBALANCES; i++)
		if (!TERMINATED(st->balances[i].account_id))
			return "a balance is damaged";
	for (size_t i = 0; i < 8; i++)
		if (!TERMINATED(st->project_ids[i]))
			return "a project id is damaged";
	for (size_t i = 0; i < ST_NEPS; i++)
		if (!TERMINATED(st->eps[i].id) || !TERMINATED(st->eps[i].name))
			return "an enterprise project is damaged";
	for (size_t i = 0; i < st->coupons.n; i++) {
		const struct sim_coupon *c = &st->coupons.v[i];
		if (!TERMINATED(c->id) || !TERMINATED(c->code) || !TERMINATED(c->plan_id) ||
		    !TERMINATED(c->plan_name) || !TERMINATED(c->plan_desc) ||
		    !in_range_or_none(c->used_order, no))
			return "a coupon is damaged";
	}
	for (size_t i = 0; i < no; i++) {
		const struct sim_order *o = &st->orders.v[i];
		if (!TERMINATED(o->id) || !in_range_or_none(o->parent, no) ||
		    !span_ok(o->first_line, o->nlines, nl) ||
		    !span_ok(o->first_refund, o->nrefunds, st->refunds.n) ||
		    !in_range(o->service, cat_nservices) || o->ep >= ST_NEPS)
			return "an order is damaged";
	}
	for (size_t i = 0; i < nl; i++) {
		const struct sim_line *l = &st->lines.v[i];
		if (!in_range(l->order, no) || !in_range_or_none(l->res, nr) ||
		    !in_range(l->spec, cat_nspecs))
			return "an order line is damaged";
	}
	for (size_t i = 0; i < st->refunds.n; i++) {
		const struct sim_refund *f = &st->refunds.v[i];
		if (!in_range(f->order, no) || !in_range(f->res, nr) ||
		    !in_range_or_none(f->base_order, no))
			return "a refund record is damaged";
	}
	for (size_t i = 0; i < nr; i++) {
		const struct sim_resource *r = &st->resources.v[i];
		if (!TERMINATED(r->id) || !TERMINATED(r->name) || !in_range_or_none(r->parent, nr) ||
		    !in_range_or_none(r->order, no) || !in_range_or_none(r->busy_order, no) ||
		    !in_range(r->spec, cat_nspecs) || r->region >= cat_nregions || r->ep >= ST_NEPS)
			return "a resource is damaged";
	}
	for (size_t i = 0; i < st->packages.n; i++) {
		const struct sim_package *p = &st->packages.v[i];
		if (!TERMINATED(p->instance_id) || !TERMINATED(p->order_id) ||
		    !TERMINATED(p->product_id) || !TERMINATED(p->name_zh) || !TERMINATED(p->name_en) ||
		    !span_ok(p->first_item, p->nitems, st->items.n) ||
		    !in_range(p->service, cat_nservices) || !in_range(p->spec, cat_nspecs) ||
		    p->region >= cat_nregions || p->ep >= ST_NEPS)
			return "a resource package is damaged";
	}
	for (size_t i = 0; i < st->items.n; i++) {
		const struct sim_free_item *it = &st->items.v[i];
		if (!TERMINATED(it->id) || !in_range(it->package, st->packages.n) ||
		    !in_range(it->usage_type, cat_nusage_types))
			return "a package item is damaged";
	}
	for (size_t i = 0; i < st->usage.n; i++)
		if (!in_range(st->usage.v[i].item, st->items.n) ||
		    !in_range_or_none(st->usage.v[i].res, nr))
			return "a usage record is damaged";
	for (size_t c = 0; c < st->cycles.n; c++) {
		const struct sim_cycle *cy = &st->cycles.v[c];
		if (c > 0 && cy->month <= st->cycles.v[c - 1].month)
			return "the billing cycles are out of order";
		for (size_t i = 0; i < cy->n; i++)
			if (!in_range(cy->v[i].res, nr) || !in_range_or_none(cy->v[i].order, no) ||
			    st_month_of_day(cy->v[i].day) != cy->month)
				return "a bill record is damaged";
	}
	return NULL;
}

static void
read_world(struct reader *r, struct sim_state *st)
{
	char m[sizeof(magic)];
	uint32_t version = 0;
	uint64_t h = 0, ncycles;

	get(r, m, sizeof(m));
	get(r, &version, sizeof(version));
	get(r, &h, sizeof(h));
	if (r->problem != NULL)
		return;
	if (memcmp(m, magic, sizeof(magic)) != 0) {
		r->problem = "not a bsssim state file";
		return;
	}
	if (version != SNAPSHOT_VERSION || h != layout_hash()) {
		r->problem = "written by a different build of bsssim";
		return;
	}
	st->seed = (unsigned long)get_u64(r);
	st->scale = (long)get_u64(r);
	st->seed_now = (time_t)get_u64(r);
	get(r, st->customer_id, sizeof(st->customer_id));
	get(r, st->user_name, sizeof(st->user_name));
	get(r, &st->debt_amount, sizeof(st->debt_amount));
	get(r, st->balances, sizeof(st->balances));
	get(r, st->project_ids, sizeof(st->project_ids));
	get(r, st->eps, sizeof(st->eps));
	get(r, st->mutations, sizeof(st->mutations));
	get(r, &st->next_seq, sizeof(st->next_seq));
	GET_VEC(r, st->coupons);
	GET_VEC(r, st->orders);
	GET_VEC(r, st->lines);
	GET_VEC(r, st->refunds);
	GET_VEC(r, st->resources);
	GET_VEC(r, st->packages);
	GET_VEC(r, st->items);
	GET_VEC(r, st->usage);
	ncycles = get_u64(r);
	if (r->problem == NULL && ncycles > 10000)
		r->problem = "the billing cycle count is out of range";
	for (uint64_t i = 0; r->problem == NULL && i < ncycles; i++) {
		int32_t month = 0;
		struct sim_cycle *c;
		get(r, &month, sizeof(month));
		st->cycles.v = xreallocarray(st->cycles.v, (size_t)i + 1, sizeof(*st->cycles.v));
		st->cycles.n = st->cycles.cap = (size_t)i + 1;
		c = &st->cycles.v[i];
		memset(c, 0, sizeof(*c));
		c->month = month;
		GET_VEC(r, *c);
	}
	if (r->problem == NULL && r->left != 0)
		r->problem = "the file has trailing data";
}

struct sim_state *
sim_state_load(const char *path, char *err, size_t errlen)
{
	struct reader r = { fopen(path, "rb"), 0, NULL };
	struct sim_state *st;
	struct stat sb;

	if (r.f == NULL || fstat(fileno(r.f), &sb) != 0) {
		snprintf(err, errlen, "cannot open %s: %s", path, strerror(errno));
		if (r.f != NULL)
			fclose(r.f);
		return NULL;
	}
	r.left = (uint64_t)sb.st_size;
	st = st_alloc();
	read_world(&r, st);
	fclose(r.f);
	if (r.problem == NULL)
		r.problem = check_world(st);
	if (r.problem != NULL) {
		snprintf(err, errlen, "cannot load %s: %s", path, r.problem);
		sim_state_free(st);
		return NULL;
	}
	st_reindex(st);
	return st;
}
