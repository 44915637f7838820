#include "app/spend.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/timeutil.h"
#include "util/xalloc.h"

/* GCC and Clang have a 128-bit integer; __extension__ keeps -Wpedantic quiet about it. */
__extension__ typedef __int128 i128;

const char *
spend_grouping_name(enum spend_grouping g)
{
	return g == SPEND_BY_MODE ? "billing mode" : "service";
}

const char *
spend_mode_name(int32_t charging_mode)
{
	switch (charging_mode) {
	case 1: return "yearly/monthly";
	case 3: return "pay-per-use";
	case 10: return "reserved instance";
	case 11: return "savings plan";
	default: return "other";
	}
}

const char *
spend_bill_type_name(int32_t bill_type)
{
	switch (bill_type) {
	case 1: return "new purchase";
	case 2: return "renewal";
	case 3: return "change";
	case 4: return "refund (unsubscription)";
	case 5: return "usage";
	case 8: return "auto-renewal";
	case 9: return "compensation";
	case 14: return "support plan";
	case 16: return "deduction";
	case 18: return "monthly payment";
	case 20: return "refund (change)";
	case 23: return "savings plan";
	case 24: return "refund (to pay-per-use)";
	case 25: return "rounding";
	case 103: return "yearly payment";
	default: return "other";
	}
}

bool
spend_bill_type_is_order(int32_t bill_type)
{
	return bill_type == 1 || bill_type == 2 || bill_type == 3 || bill_type == 4 || bill_type == 8;
}

/* ---- monthly summaries ---------------------------------------------------- */

static struct spend_group *
group_for(struct spend_group *g, size_t *n, const struct model_bill_sum *b, enum spend_grouping by)
{
	char key[12];

	if (by == SPEND_BY_MODE)
		snprintf(key, sizeof key, "%d", (int)b->charging_mode);
	for (size_t i = 0; i < *n; i++) {
		if (by == SPEND_BY_MODE ? g[i].charging_mode == b->charging_mode :
		    strcmp(g[i].key, b->service_type_code) == 0)
			return &g[i];
	}
	g[*n] = (struct spend_group){ 0 };
	if (by == SPEND_BY_MODE) {
		memcpy(g[*n].keybuf, key, sizeof key);
		g[*n].key = g[*n].keybuf;
		g[*n].name = spend_mode_name(b->charging_mode);
		g[*n].charging_mode = b->charging_mode;
	} else {
		g[*n].key = b->service_type_code;
		g[*n].name = b->service_type_name[0] ? b->service_type_name : b->service_type_code;
	}
	return &g[(*n)++];
}

static int
by_amount_desc(const void *a, const void *b)
{
	const struct spend_group *x = a, *y = b;

	if (x->amount != y->amount)
		return x->amount > y->amount ? -1 : 1;
	return strcmp(x->key, y->key);
}

size_t
spend_group_month(const struct model_monthly_sum *m, enum spend_grouping by,
    struct spend_group **out)
{
	struct spend_group *g;
	size_t n = 0;

	*out = NULL;
	if (m == NULL || m->n_bill_sums == 0)
		return 0;
	g = xcalloc(m->n_bill_sums, sizeof *g);
	for (size_t i = 0; i < m->n_bill_sums; i++) {
		const struct model_bill_sum *b = &m->bill_sums[i];
		struct spend_group *x = group_for(g, &n, b, by);

		x->amount += b->consume_amount;
		x->official += b->official_amount;
		x->discount += b->official_discount_amount;
		x->coupon += b->coupon_amount;
		x->cash += b->cash_amount;
		x->credit += b->credit_amount;
		x->records++;
	}
	qsort(g, n, sizeof *g, by_amount_desc);
	/* qsort moved the groups: mode keys point into their own struct again. */
	for (size_t i = 0; i < n; i++)
		if (by == SPEND_BY_MODE)
			g[i].key = g[i].keybuf;
	*out = g;
	return n;
}

money_t
spend_fee_total(const struct model_fee_records *f)
{
	money_t t = 0;

	for (size_t i = 0; f != NULL && i < f->n_fee_records; i++)
		t += f->fee_records[i].amount;
	return t;
}

money_t
spend_record_total(const struct model_res_records *r)
{
	money_t t = 0;

	for (size_t i = 0; r != NULL && i < r->n_monthly_records; i++)
		t += r->monthly_records[i].consume_amount;
	return t;
}

money_t
spend_groups_total(const struct spend_group *g, size_t n)
{
	money_t t = 0;

	for (size_t i = 0; i < n; i++)
		t += g[i].amount;
	return t;
}

/* ---- cost series ---------------------------------------------------------- */

size_t
spend_jumps(const money_t *v, size_t n, size_t history, bool *jump, money_t *avg, bool *has_avg)
{
	size_t jumps = 0;

	for (size_t i = 0; i < n; i++) {
		size_t k = i < history ? i : history;
		i128 sum = 0;

		jump[i] = false;
		if (has_avg != NULL)
			has_avg[i] = false;
		if (k < SPEND_MIN_HISTORY)
			continue;
		for (size_t j = i - k; j < i; j++)
			sum += v[j];
		if (avg != NULL && has_avg != NULL) {
			i128 q = sum / (i128)k;

			avg[i] = money_round((money_t)q, 2);
			has_avg[i] = true;
		}
		/* v > avg * NUM/DEN and v - avg >= 1 unit, without dividing. */
		if ((i128)v[i] * (i128)k * SPEND_JUMP_DEN > sum * SPEND_JUMP_NUM &&
		    (i128)v[i] * (i128)k - sum >= (i128)k * MONEY_SCALE) {
			jump[i] = true;
			jumps++;
		}
	}
	return jumps;
}

static size_t
history_of(enum period_unit unit)
{
	return unit == PERIOD_DAY ? SPEND_RECENT_DAYS : SPEND_RECENT_MONTHS;
}

static int
by_total_desc(const void *a, const void *b)
{
	const struct spend_line *x = a, *y = b;

	if (x->total != y->total)
		return x->total > y->total ? -1 : 1;
	return strcmp(x->key, y->key);
}

/* The bucket of a cost entry's label, or -1 when it is not a day (month) of the period. */
static long
bucket_of(const struct spend_series *s, const char *label)
{
	time_t t;
	int v;

	if (s->period.unit == PERIOD_DAY) {
		if (time_parse_date(label, &t) != 0)
			return -1;
		v = period_day_of(t);
	} else {
		if (time_parse_month(label, &t) != 0)
			return -1;
		v = period_month_of_day(period_day_of(t));
	}
	return v >= s->period.from && v <= s->period.to ? (long)(v - s->period.from) : -1;
}

static struct spend_line *
line_for(struct spend_series *s, const char *key)
{
	for (size_t i = 0; i < s->nlines; i++)
		if (strcmp(s->lines[i].key, key) == 0)
			return &s->lines[i];
	s->lines[s->nlines] = (struct spend_line){ .key = key };
	s->lines[s->nlines].amounts = xcalloc(s->nbuckets, sizeof(money_t));
	s->lines[s->nlines].jump = xcalloc(s->nbuckets, sizeof(bool));
	return &s->lines[s->nlines++];
}

struct spend_series *
spend_costs(const struct model_costs *c, const struct period *p)
{
	struct spend_series *s = xcalloc(1, sizeof *s);
	size_t nrows = c != NULL ? c->n_cost_data : 0;
	money_t *v;
	bool *flags;

	s->period = *p;
	s->nbuckets = (size_t)period_length(p);
	s->buckets = xcalloc(s->nbuckets, sizeof *s->buckets);
	for (size_t i = 0; i < s->nbuckets; i++)
		period_label(p->unit, p->from + (int)i, s->buckets[i].label);
	s->lines = xcalloc(nrows + 1, sizeof *s->lines);
	for (size_t r = 0; r < nrows; r++) {
		const struct model_cost_row *row = &c->cost_data[r];
		struct spend_line *l = line_for(s, row->n_dimensions > 0 ? row->dimensions[0].value : "");

		for (size_t k = 0; k < row->n_costs; k++) {
			long b = bucket_of(s, row->costs[k].time_dimension_value);

			if (b < 0)
				continue;
			l->amounts[b] += row->costs[k].amount;
			l->total += row->costs[k].amount;
			l->official += row->costs[k].official_amount;
			s->buckets[b].amount += row->costs[k].amount;
			s->buckets[b].official += row->costs[k].official_amount;
		}
	}
	qsort(s->lines, s->nlines, sizeof *s->lines, by_total_desc);
	v = xcalloc(s->nbuckets, sizeof *v);
	flags = xcalloc(s->nbuckets, sizeof *flags);
	for (size_t i = 0; i < s->nbuckets; i++) {
		v[i] = s->buckets[i].amount;
		s->total += s->buckets[i].amount;
		s->official += s->buckets[i].official;
	}
	{
		money_t *avg = xcalloc(s->nbuckets, sizeof *avg);
		bool *has = xcalloc(s->nbuckets, sizeof *has);

		s->jumps = spend_jumps(v, s->nbuckets, history_of(p->unit), flags, avg, has);
		for (size_t i = 0; i < s->nbuckets; i++) {
			s->buckets[i].jump = flags[i];
			s->buckets[i].recent_avg = avg[i];
			s->buckets[i].has_avg = has[i];
		}
		free(avg);
		free(has);
	}
	for (size_t i = 0; i < s->nlines; i++)
		s->lines[i].jumps = spend_jumps(s->lines[i].amounts, s->nbuckets, history_of(p->unit),
		    s->lines[i].jump, NULL, NULL);
	free(v);
	free(flags);
	return s;
}

void
spend_series_free(struct spend_series *s)
{
	if (s == NULL)
		return;
	for (size_t i = 0; i < s->nlines; i++) {
		free(s->lines[i].amounts);
		free(s->lines[i].jump);
	}
	free(s->lines);
	free(s->buckets);
	free(s);
}
