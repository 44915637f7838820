#include "app/billing.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/timeutil.h"
#include "util/xalloc.h"

/* Pages of one list fetched at once: the rate limit is per API, so more only queue. */
#define PAGES_AT_ONCE 2
#define KEY_MAX 512

/* One usage-records request of a split window: an item over at most 90 days. */
struct piece {
	const char *item;              /* into the slot's item ids */
	struct period window;
};

struct slot {
	struct store_view v;
	struct model *model;
	char *key;                     /* the query held or loading; "" = none */
	char msg[512];
	uint64_t seq;                  /* of the latest request: older answers are dropped */
	uint64_t call;                 /* bss call in flight, 0 = none */
	/* Loads in pieces (package records). */
	char **items;
	size_t nitems;
	struct piece *pieces;
	size_t npieces, next;
	struct model **parts;
};

struct billing {
	struct bss_client *c;
	struct slot slots[BILLING_NSLOTS];
	struct slot months[BILLING_MONTHS];
	int month_of[BILLING_MONTHS];
	struct units *units;
	unsigned units_gen[2];         /* of the measures and conversions it was built from */
	void (*changed)(void *ud);
	void *ud;
	uint64_t seq;
};

/* What a callback needs to find its slot and to know whether it is still wanted. */
struct call {
	struct billing *b;
	struct slot *s;
	uint64_t seq;
};

static void
notify(struct billing *b)
{
	if (b->changed != NULL)
		b->changed(b->ud);
}

static void
slot_init(struct slot *s)
{
	memset(s, 0, sizeof *s);
	s->key = xstrdup("");
	s->v.message = "";
}

struct billing *
billing_new(void)
{
	struct billing *b = xcalloc(1, sizeof *b);

	for (size_t i = 0; i < BILLING_NSLOTS; i++)
		slot_init(&b->slots[i]);
	for (size_t i = 0; i < BILLING_MONTHS; i++)
		slot_init(&b->months[i]);
	return b;
}

static void
drop_pieces(struct slot *s)
{
	for (size_t i = 0; s->parts != NULL && i < s->next; i++)
		model_free(s->parts[i]);
	free(s->parts);
	for (size_t i = 0; i < s->nitems; i++)
		free(s->items[i]);
	free(s->items);
	free(s->pieces);
	s->parts = NULL;
	s->items = NULL;
	s->pieces = NULL;
	s->nitems = s->npieces = s->next = 0;
}

/* Cancels the slot's call; its callback runs now and is dropped (seq moved first). */
static void
cancel_call(struct billing *b, struct slot *s)
{
	uint64_t id = s->call;

	s->call = 0;
	s->seq = ++b->seq;
	if (id != 0 && b->c != NULL)
		bss_cancel(b->c, id);
}

static void
slot_clear(struct billing *b, struct slot *s)
{
	cancel_call(b, s);
	drop_pieces(s);
	model_free(s->model);
	free(s->key);
	slot_init(s);
}

static void
each_slot(struct billing *b, void (*fn)(struct billing *, struct slot *))
{
	for (size_t i = 0; i < BILLING_NSLOTS; i++)
		fn(b, &b->slots[i]);
	for (size_t i = 0; i < BILLING_MONTHS; i++)
		fn(b, &b->months[i]);
}

void
billing_free(struct billing *b)
{
	if (b == NULL)
		return;
	b->changed = NULL;
	each_slot(b, slot_clear);
	for (size_t i = 0; i < BILLING_NSLOTS; i++)
		free(b->slots[i].key);
	for (size_t i = 0; i < BILLING_MONTHS; i++)
		free(b->months[i].key);
	units_free(b->units);
	free(b);
}

void
billing_set_client(struct billing *b, struct bss_client *c)
{
	if (c == b->c)
		return;
	each_slot(b, slot_clear);
	b->c = c;
	units_free(b->units);
	b->units = NULL;
	notify(b);
}

void
billing_set_listener(struct billing *b, void (*changed)(void *ud), void *ud)
{
	b->changed = changed;
	b->ud = ud;
}

const struct store_view *
billing_view(const struct billing *b, enum billing_slot s)
{
	return &b->slots[s].v;
}

const char *
billing_key(const struct billing *b, enum billing_slot s)
{
	return b->slots[s].key;
}

void
billing_progress(const struct billing *b, enum billing_slot s, size_t *done, size_t *total)
{
	*done = b->slots[s].next;
	*total = b->slots[s].npieces;
}

/* Slots, months included, whose view is in the state pred says. */
static unsigned
count_slots(const struct billing *b, bool (*pred)(const struct store_view *))
{
	unsigned n = 0;

	for (size_t i = 0; i < BILLING_NSLOTS; i++)
		n += pred(&b->slots[i].v);
	for (size_t i = 0; i < BILLING_MONTHS; i++)
		n += pred(&b->months[i].v);
	return n;
}

static bool
in_flight(const struct store_view *v)
{
	return v->in_flight;
}

unsigned
billing_in_flight(const struct billing *b)
{
	return count_slots(b, in_flight);
}

bool
billing_refreshing(const struct billing *b)
{
	return count_slots(b, store_view_reloading) > 0;
}

/* The answer to the slot's latest request: m (owned from here on) or an error. */
static void
finish(struct billing *b, struct slot *s, struct model *m, const char *error)
{
	s->call = 0;
	s->v.in_flight = false;
	if (m != NULL) {
		model_free(s->model);
		s->model = m;
		s->v.model = m;
		s->v.load = STORE_OK;
		s->v.message = "";
		s->v.fetched_at = time_now();
		s->v.stale = false;
		s->v.generation++;
	} else {
		snprintf(s->msg, sizeof s->msg, "%s", error != NULL ? error : "failed");
		s->v.load = STORE_ERROR;
		s->v.message = s->msg;
		s->v.stale = s->model != NULL;
	}
	notify(b);
}

/*
 * Starts loading key into s unless it holds it (and force is false) or is
 * loading it already. Returns the callback's context, or NULL when there is
 * nothing to send (or no connection: the slot then says so).
 */
static struct call *
begin(struct billing *b, struct slot *s, const char *key, bool force)
{
	struct call *k;

	if (strcmp(s->key, key) == 0 && (s->v.in_flight || (s->v.load == STORE_OK && !force)))
		return NULL;
	cancel_call(b, s);
	drop_pieces(s);
	if (strcmp(s->key, key) != 0) {
		/* Another query: the old answer says nothing about it. */
		model_free(s->model);
		s->model = NULL;
		s->v.model = NULL;
		s->v.fetched_at = 0;
		s->v.stale = false;
		s->v.generation++;
		free(s->key);
		s->key = xstrdup(key);
	}
	if (b->c == NULL) {
		finish(b, s, NULL, "not connected");
		return NULL;
	}
	s->v.load = STORE_LOADING;
	s->v.in_flight = true;
	s->v.message = "";
	k = xcalloc(1, sizeof *k);
	k->b = b;
	k->s = s;
	k->seq = s->seq;
	notify(b);
	return k;
}

static void
on_done(struct model *m, struct bss_error *err, void *ud)
{
	struct call *k = ud;

	if (k->seq == k->s->seq)
		finish(k->b, k->s, m, err != NULL ? err->message : NULL);
	else
		model_free(m);
	bss_error_free(err);
	free(k);
}

/* Every page of a list into slot s. */
static void
fetch_all(struct billing *b, struct slot *s, const char *key, bool force, enum model_op op,
    const void *params)
{
	struct call *k = begin(b, s, key, force);

	if (k != NULL)
		s->call = bss_fetch_all(b->c, op, params, PAGES_AT_ONCE, on_done, k);
}

/* ---- products and units ------------------------------------------------------ */

void
billing_load_units(struct billing *b)
{
	struct call *k = begin(b, &b->slots[BILLING_MEASURES], "all", false);
	struct bss_list_conversions_params p = { 0 };

	if (k != NULL)
		b->slots[BILLING_MEASURES].call = bss_list_measure_units(b->c, on_done, k);
	k = begin(b, &b->slots[BILLING_CONVERSIONS], "all", false);
	if (k != NULL)
		b->slots[BILLING_CONVERSIONS].call = bss_list_conversions(b->c, &p, on_done, k);
}

const struct units *
billing_units(struct billing *b)
{
	const struct slot *mu = &b->slots[BILLING_MEASURES], *cv = &b->slots[BILLING_CONVERSIONS];

	if (mu->model == NULL || cv->model == NULL) {
		if (!mu->v.in_flight && !cv->v.in_flight && b->c != NULL)
			billing_load_units(b);
		return NULL;
	}
	if (b->units == NULL || b->units_gen[0] != mu->v.generation ||
	    b->units_gen[1] != cv->v.generation) {
		units_free(b->units);
		b->units = units_new(model_measure_units(mu->model), model_conversions(cv->model));
		b->units_gen[0] = mu->v.generation;
		b->units_gen[1] = cv->v.generation;
	}
	return b->units;
}

void
billing_load_catalogue(struct billing *b, bool force)
{
	struct bss_list_service_types_params st = { 0 };
	struct bss_list_resource_types_params rt = { 0 };

	fetch_all(b, &b->slots[BILLING_SERVICES], "all", force, MODEL_OP_LIST_SERVICE_TYPES, &st);
	fetch_all(b, &b->slots[BILLING_RESOURCE_TYPES], "all", force, MODEL_OP_LIST_RESOURCE_TYPES,
	    &rt);
}

void
billing_load_service_resources(struct billing *b, const char *service_type_code, bool force)
{
	struct bss_list_service_resources_params p = { 0 };

	p.service_type_code = service_type_code;
	fetch_all(b, &b->slots[BILLING_SERVICE_RESOURCES], service_type_code, force,
	    MODEL_OP_LIST_SERVICE_RESOURCES, &p);
}

void
billing_load_usage_types(struct billing *b, const char *resource_type_code, bool force)
{
	struct bss_list_usage_types_params p = { 0 };

	p.resource_type_code = resource_type_code;
	fetch_all(b, &b->slots[BILLING_USAGE_TYPES], resource_type_code, force,
	    MODEL_OP_LIST_USAGE_TYPES, &p);
}

const char *
billing_service_name(const struct billing *b, const char *service_type_code)
{
	const struct model_service_types *st = model_service_types(b->slots[BILLING_SERVICES].model);

	for (size_t i = 0; st != NULL && i < st->n_service_types; i++)
		if (strcmp(st->service_types[i].service_type_code, service_type_code) == 0)
			return st->service_types[i].service_type_name;
	return NULL;
}

/* ---- prices ------------------------------------------------------------------ */

static const char *
or_empty(const char *s)
{
	return s != NULL ? s : "";
}

void
billing_rate(struct billing *b, const struct billing_quote *q)
{
	char key[KEY_MAX], usage[MONEY_BUFSZ];
	struct bss_demand_product dp = { 0 };
	struct bss_period_product pp = { 0 };
	struct call *k;
	bool zone = q->zone != NULL && q->zone[0] != '\0';

	/* Every field: a quote asked again after an edit is a new query. */
	snprintf(key, sizeof key, "%s|%s|%s|%s|%s|%s|%d|%d|%d|%s|%s|%d|%d|%d|%s", or_empty(q->service),
	    or_empty(q->resource_type), or_empty(q->spec), or_empty(q->region), or_empty(q->zone),
	    or_empty(q->project_id), (int)q->size, (int)q->size_measure_id, (int)q->quantity,
	    or_empty(q->usage_factor), money_format_plain(q->usage_value, usage, sizeof usage),
	    (int)q->usage_measure_id, (int)q->period_type, (int)q->period_num,
	    or_empty(q->installment));
	dp.id = pp.id = "1";
	dp.cloud_service_type = pp.cloud_service_type = q->service;
	dp.resource_type = pp.resource_type = q->resource_type;
	dp.resource_spec = pp.resource_spec = q->spec;
	dp.region = pp.region = q->region;
	dp.available_zone = pp.available_zone = zone ? q->zone : NULL;
	if (q->size > 0) {
		dp.resource_size = pp.resource_size = BSS_INT(q->size);
		dp.size_measure_id = pp.size_measure_id = BSS_INT(q->size_measure_id);
	}
	dp.subscription_num = pp.subscription_num = q->quantity;
	dp.usage_factor = q->usage_factor;
	dp.usage_value = q->usage_value;
	dp.usage_measure_id = q->usage_measure_id;
	pp.period_type = q->period_type;
	pp.period_num = q->period_num;
	pp.fee_installment_mode = q->installment != NULL && q->installment[0] ? q->installment : NULL;
	k = begin(b, &b->slots[BILLING_RATE_ON_DEMAND], key, true);
	if (k != NULL) {
		struct bss_list_on_demand_resource_ratings_params p = { 0 };

		p.project_id = q->project_id;
		p.product_infos = &dp;
		p.n_product_infos = 1;
		b->slots[BILLING_RATE_ON_DEMAND].call = bss_list_on_demand_resource_ratings(b->c, &p,
		    on_done, k);
	}
	k = begin(b, &b->slots[BILLING_RATE_PERIOD], key, true);
	if (k != NULL) {
		struct bss_list_rate_on_period_detail_params p = { 0 };

		p.project_id = q->project_id;
		p.product_infos = &pp;
		p.n_product_infos = 1;
		b->slots[BILLING_RATE_PERIOD].call = bss_list_rate_on_period_detail(b->c, &p, on_done, k);
	}
}

/* ---- bills ------------------------------------------------------------------- */

void
billing_load_months(struct billing *b, int last_month, size_t reload)
{
	for (size_t i = 0; i < BILLING_MONTHS; i++) {
		struct bss_show_customer_monthly_sum_params p = { 0 };
		char cycle[11];

		b->month_of[i] = last_month - (BILLING_MONTHS - 1) + (int)i;
		p.bill_cycle = period_label(PERIOD_MONTH, b->month_of[i], cycle);
		fetch_all(b, &b->months[i], cycle, i + reload >= BILLING_MONTHS,
		    MODEL_OP_SHOW_CUSTOMER_MONTHLY_SUM, &p);
	}
}

const struct store_view *
billing_month(const struct billing *b, size_t i, int *month)
{
	*month = b->month_of[i];
	return &b->months[i].v;
}

void
billing_load_fees(struct billing *b, const struct billing_fee_query *q, bool force)
{
	struct bss_list_customerself_resource_records_params p = { 0 };
	char key[KEY_MAX], cycle[11], mode[12];

	p.cycle = period_label(PERIOD_MONTH, q->month, cycle);
	p.cloud_service_type = q->service;
	if (q->charge_mode != 0) {
		snprintf(mode, sizeof mode, "%d", (int)q->charge_mode);
		p.charge_mode = mode;
	}
	p.statistic_type = BSS_INT(1);
	snprintf(key, sizeof key, "%s|%s|%d", cycle, or_empty(q->service), (int)q->charge_mode);
	fetch_all(b, &b->slots[BILLING_FEES], key, force, MODEL_OP_LIST_CUSTOMERSELF_RESOURCE_RECORDS,
	    &p);
}

void
billing_load_records(struct billing *b, const struct billing_record_query *q, bool force)
{
	struct bss_list_customerself_resource_record_details_params p = { 0 };
	char key[KEY_MAX], cycle[11];

	p.cycle = period_label(PERIOD_MONTH, q->month, cycle);
	p.res_instance_id = q->resource_id;
	if (q->charge_mode != 0)
		p.charge_mode = BSS_INT(q->charge_mode);
	if (q->bill_type != 0)
		p.bill_type = BSS_INT(q->bill_type);
	p.statistic_type = BSS_INT(3);
	snprintf(key, sizeof key, "%s|%s|%d|%d", cycle, or_empty(q->resource_id),
	    (int)q->charge_mode, (int)q->bill_type);
	fetch_all(b, &b->slots[BILLING_RECORDS], key, force,
	    MODEL_OP_LIST_CUSTOMERSELF_RESOURCE_RECORD_DETAILS, &p);
}

/* ---- costs ------------------------------------------------------------------- */

void
billing_load_costs(struct billing *b, const struct billing_cost_query *q, bool force)
{
	struct bss_list_costs_params p = { 0 };
	struct bss_group_by g = { "dimension", q->dimension };
	char key[KEY_MAX], from[11], to[11];

	p.time_condition.time_measure_id = q->period.unit;
	p.time_condition.begin_time = period_label(q->period.unit, q->period.from, from);
	p.time_condition.end_time = period_label(q->period.unit, q->period.to, to);
	p.groupby = &g;
	p.n_groupby = 1;
	p.cost_type = "ORIGINAL_COST";
	p.amount_type = "PAYMENT_AMOUNT";
	snprintf(key, sizeof key, "%d|%s|%s|%s", (int)q->period.unit, from, to, q->dimension);
	fetch_all(b, &b->slots[BILLING_COSTS], key, force, MODEL_OP_LIST_COSTS, &p);
}

/* ---- packages and refunds ---------------------------------------------------- */

static void on_piece(struct model *m, struct bss_error *err, void *ud);

static void
start_piece(struct call *k)
{
	struct slot *s = k->s;
	const struct piece *pc = &s->pieces[s->next];
	struct bss_list_free_resources_usage_records_params p = { 0 };
	char from[11], to[11];

	p.free_resource_id = pc->item;
	p.deduct_time_begin = period_label(PERIOD_DAY, pc->window.from, from);
	p.deduct_time_end = period_label(PERIOD_DAY, pc->window.to, to);
	s->call = bss_fetch_all(k->b->c, MODEL_OP_LIST_FREE_RESOURCES_USAGE_RECORDS, &p,
	    PAGES_AT_ONCE, on_piece, k);
}

/* One piece answered: keep it and ask the next, or join them all. */
static void
on_piece(struct model *m, struct bss_error *err, void *ud)
{
	struct call *k = ud;
	struct slot *s = k->s;

	if (k->seq != s->seq) {
		model_free(m);
		bss_error_free(err);
		free(k);
		return;
	}
	if (m == NULL) {
		drop_pieces(s);
		finish(k->b, s, NULL, err->message);
		bss_error_free(err);
		free(k);
		return;
	}
	s->parts[s->next++] = m;
	if (s->next < s->npieces) {
		notify(k->b);
		start_piece(k);
		return;
	}
	m = model_join(s->parts, s->npieces);
	/* model_join took every part. */
	free(s->parts);
	s->parts = NULL;
	s->next = 0;
	finish(k->b, s, m, NULL);
	free(k);
}

void
billing_load_package(struct billing *b, const struct model_package *pkg,
    const struct period *window, bool force)
{
	struct slot *s = &b->slots[BILLING_PACKAGE_RECORDS];
	const char *ids[100];
	size_t nids = 0, per;
	char key[KEY_MAX], wtext[PERIOD_TEXT_BUFSZ];
	struct period days = period_convert(window, PERIOD_DAY);
	struct call *k;

	for (size_t i = 0; i < pkg->n_free_resources && nids < 100; i++)
		ids[nids++] = pkg->free_resources[i].free_resource_id;
	k = begin(b, &b->slots[BILLING_PACKAGE_ITEMS], pkg->order_instance_id, force);
	if (k != NULL) {
		struct bss_list_free_resource_usages_params p = { 0 };

		if (nids == 0) {
			free(k);
			finish(b, &b->slots[BILLING_PACKAGE_ITEMS], NULL, "the package has no resource items");
		} else {
			p.free_resource_ids = ids;
			p.n_free_resource_ids = nids;
			b->slots[BILLING_PACKAGE_ITEMS].call = bss_list_free_resource_usages(b->c, &p, on_done,
			    k);
		}
	}
	snprintf(key, sizeof key, "%s|%s", pkg->order_instance_id,
	    period_text(&days, wtext, sizeof wtext));
	k = begin(b, s, key, force);
	if (k == NULL)
		return;
	if (nids == 0) {
		free(k);
		finish(b, s, NULL, "the package has no resource items");
		return;
	}
	per = (size_t)(period_length(&days) + PERIOD_USAGE_MAX_DAYS - 1) / PERIOD_USAGE_MAX_DAYS;
	s->items = xcalloc(nids, sizeof *s->items);
	s->pieces = xcalloc(nids * per, sizeof *s->pieces);
	s->parts = xcalloc(nids * per, sizeof *s->parts);
	for (size_t i = 0; i < nids; i++) {
		struct period *w = xcalloc(per, sizeof *w);
		size_t n;

		s->items[s->nitems++] = xstrdup(ids[i]);
		n = period_split(&days, PERIOD_USAGE_MAX_DAYS, w, per);
		for (size_t j = 0; j < n; j++)
			s->pieces[s->npieces++] = (struct piece){ s->items[i], w[j] };
		free(w);
	}
	start_piece(k);
}

void
billing_load_refunds(struct billing *b, const char *order_id, bool force)
{
	struct call *k = begin(b, &b->slots[BILLING_REFUNDS], order_id, force);
	struct bss_show_refund_order_details_params p = { 0 };

	if (k == NULL)
		return;
	p.order_id = order_id;
	b->slots[BILLING_REFUNDS].call = bss_show_refund_order_details(b->c, &p, on_done, k);
}
