#include "app/units.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/xalloc.h"

/* GCC and Clang have a 128-bit integer; __extension__ keeps -Wpedantic quiet about it. */
__extension__ typedef __int128 i128;

#define MONEY_TYPE 1
/* Below this many whole units a number stays in its unit. */
#define SMALL_ENOUGH 1000
/* Past this many whole units a reading with decimals beats staying. */
#define TOO_MANY_DIGITS 10000

struct unit {
	int32_t id;
	char *name;
	int32_t type;
};

struct edge {
	int32_t from, to;
	int64_t ratio;                 /* 1 from = ratio to */
};

struct units {
	struct unit *u;
	size_t n;
	struct edge *e;
	size_t ne;
};

struct units *
units_new(const struct model_measure_units *mu, const struct model_conversions *cv)
{
	struct units *u = xcalloc(1, sizeof *u);
	size_t nu = mu != NULL ? mu->n_measure_units : 0, nc = cv != NULL ? cv->n_conversions : 0;

	u->u = xcalloc(nu + 1, sizeof *u->u);
	for (size_t i = 0; i < nu; i++) {
		const struct model_measure_unit *m = &mu->measure_units[i];

		u->u[u->n++] = (struct unit){ m->measure_id,
			xstrdup(m->measure_name[0] ? m->measure_name : m->abbreviation), m->measure_type };
	}
	u->e = xcalloc(nc + 1, sizeof *u->e);
	for (size_t i = 0; i < nc; i++) {
		const struct model_conversion *c = &cv->conversions[i];

		/* A zero or negative ratio would make every reading nonsense: leave it out. */
		if (c->conversion_ratio > 0 && c->measure_id != c->ref_measure_id)
			u->e[u->ne++] = (struct edge){ c->measure_id, c->ref_measure_id,
				c->conversion_ratio };
	}
	return u;
}

void
units_free(struct units *u)
{
	if (u == NULL)
		return;
	for (size_t i = 0; i < u->n; i++)
		free(u->u[i].name);
	free(u->u);
	free(u->e);
	free(u);
}

static const struct unit *
find(const struct units *u, int32_t id)
{
	for (size_t i = 0; u != NULL && i < u->n; i++)
		if (u->u[i].id == id)
			return &u->u[i];
	return NULL;
}

const char *
units_name(const struct units *u, int32_t measure_id)
{
	const struct unit *x = find(u, measure_id);

	return x != NULL ? x->name : "";
}

int32_t
units_type(const struct units *u, int32_t measure_id)
{
	const struct unit *x = find(u, measure_id);

	return x != NULL ? x->type : 0;
}

const char *
units_type_name(int32_t measure_type, char *buf, size_t n)
{
	/* E-MEASURETYPE, bss-api.md section 5. */
	static const char *const names[] = {
		[1] = "currency", [2] = "duration", [3] = "traffic", [4] = "quantity", [5] = "weight",
		[6] = "length", [7] = "capacity", [8] = "volume", [9] = "rows", [10] = "period",
		[11] = "frequency", [12] = "count", [13] = "stock", [14] = "traffic x duration",
		[15] = "capacity x duration", [16] = "bandwidth rate", [17] = "capacity-duration",
		[18] = "query rate", [19] = "bandwidth rate (base 1000)",
		[20] = "performance-test usage", [21] = "area", [22] = "video", [23] = "throughput",
		[24] = "resolution", [26] = "package deduction unit", [27] = "cores x duration",
		[28] = "memory x duration", [29] = "IOPS x duration", [30] = "throughput x duration",
		[31] = "count per duration", [40] = "traffic (base 1000)", [41] = "1K tokens",
	};

	if (measure_type > 0 && (size_t)measure_type < sizeof names / sizeof names[0] &&
	    names[measure_type] != NULL)
		return names[measure_type];
	snprintf(buf, n, "type %d", (int)measure_type);
	return buf;
}

static int64_t
gcd64(int64_t a, int64_t b)
{
	while (b != 0) {
		int64_t t = a % b;

		a = b;
		b = t;
	}
	return a;
}

/* num/den times r/s, reduced; -1 on overflow. */
static int
mul_ratio(int64_t *num, int64_t *den, int64_t r, int64_t s)
{
	i128 n = (i128)*num * r, d = (i128)*den * s;
	int64_t g;

	while (d != 0 && n % 2 == 0 && d % 2 == 0) {
		n /= 2;
		d /= 2;
	}
	if (n > INT64_MAX || d > INT64_MAX)
		return -1;
	g = gcd64((int64_t)n, (int64_t)d);
	*num = (int64_t)n / g;
	*den = (int64_t)d / g;
	return 0;
}

/* A unit linked to another, with the factor: 1 of the other = num/den of this one. */
struct reach {
	int32_t id;
	int64_t num, den;
};

/*
 * Every unit linked to `from`: a breadth-first walk over the conversions in
 * both directions. Returns how many were found (from itself first).
 */

static size_t
reachable(const struct units *u, int32_t from, struct reach *out, size_t max)
{
	size_t n = 0;

	if (max == 0)
		return 0;
	out[n++] = (struct reach){ from, 1, 1 };
	for (size_t k = 0; k < n; k++) {
		for (size_t i = 0; i < u->ne; i++) {
			const struct edge *e = &u->e[i];
			int32_t next;
			struct reach r = out[k];
			bool seen = false;

			if (e->from == out[k].id) {
				next = e->to;
				if (mul_ratio(&r.num, &r.den, e->ratio, 1) != 0)
					continue;
			} else if (e->to == out[k].id) {
				next = e->from;
				if (mul_ratio(&r.num, &r.den, 1, e->ratio) != 0)
					continue;
			} else {
				continue;
			}
			for (size_t j = 0; j < n; j++)
				seen |= out[j].id == next;
			if (!seen && n < max) {
				r.id = next;
				out[n++] = r;
			}
		}
	}
	return n;
}

int
units_factor(const struct units *u, int32_t from, int32_t to, int64_t *num, int64_t *den)
{
	struct reach *r;
	size_t n;
	int rc = -1;

	if (u == NULL)
		return -1;
	r = xcalloc(u->n + u->ne + 1, sizeof *r);
	n = reachable(u, from, r, u->n + u->ne + 1);
	for (size_t i = 0; i < n; i++)
		if (r[i].id == to) {
			*num = r[i].num;
			*den = r[i].den;
			rc = 0;
			break;
		}
	free(r);
	return rc;
}

/* qty x num / den in the fixed point, rounded half away from zero; -1 when out of range. */
static int
scale(money_t qty, int64_t num, int64_t den, money_t *out, bool *exact)
{
	i128 p = (i128)qty * num, q, cent = MONEY_SCALE / 100;

	q = p >= 0 ? (p + den / 2) / den : -((-p + den / 2) / den);
	if (q > INT64_MAX || q < INT64_MIN)
		return -1;
	*exact = p % den == 0 && q % cent == 0;
	*out = (money_t)q;
	return 0;
}

static money_t
abs_money(money_t m)
{
	return m < 0 ? -m : m;
}

/* "1,234.5": two places at most, no trailing zeros. */
static const char *
number_text(money_t v, char *buf, size_t n)
{
	size_t len;

	money_format_grouped(v, 2, buf, n);
	len = strlen(buf);
	if (strchr(buf, '.') != NULL) {
		while (len > 0 && buf[len - 1] == '0')
			buf[--len] = '\0';
		if (len > 0 && buf[len - 1] == '.')
			buf[--len] = '\0';
	}
	return buf;
}

/*
 * The unit to show qty in (v[0] is qty in its own unit). Up to 999 of a unit
 * reads fine and stays, so a column of hours does not turn into days row by
 * row. From 1,000 up, the largest unit in which the number is at least 1 and
 * exact to two places (1,024 GB -> 1 TB); from 10,000 up the largest unit in
 * which it is at least 1 even if rounded. Below 1, the largest smaller unit
 * in which it reaches 1 (0.5 GB -> 512 MB).
 */
static size_t
best_unit(const money_t *v, const bool *exact, size_t n)
{
	money_t own = abs_money(v[0]);
	size_t best = 0, any = 0;

	if (own >= MONEY_UNITS(1) && own < MONEY_UNITS(SMALL_ENOUGH))
		return 0;
	for (size_t i = 1; i < n; i++) {
		money_t x = abs_money(v[i]);

		/* Larger units for large numbers, smaller ones for numbers below 1. */
		if (x < MONEY_UNITS(1) || (own >= MONEY_UNITS(1) ? x >= own : x <= own))
			continue;
		if (any == 0 || x < abs_money(v[any]))
			any = i;
		if (exact[i] && (best == 0 || x < abs_money(v[best])))
			best = i;
	}
	if (best != 0)
		return best;
	return own < MONEY_UNITS(1) || own >= MONEY_UNITS(TOO_MANY_DIGITS) ? any : 0;
}

const char *
units_format(const struct units *u, money_t qty, int32_t measure_id, char *buf, size_t n)
{
	const struct unit *unit = find(u, measure_id);
	struct reach *r;
	money_t *v;
	bool *exact;
	size_t nr, pick;
	char num[MONEY_BUFSZ];

	if (unit == NULL) {
		snprintf(buf, n, "%s (unit %d)", number_text(qty, num, sizeof num), (int)measure_id);
		return buf;
	}
	if (unit->type == MONEY_TYPE || qty == 0) {
		snprintf(buf, n, "%s %s", number_text(qty, num, sizeof num), unit->name);
		return buf;
	}
	r = xcalloc(u->n + u->ne + 1, sizeof *r);
	v = xcalloc(u->n + u->ne + 1, sizeof *v);
	exact = xcalloc(u->n + u->ne + 1, sizeof *exact);
	nr = reachable(u, measure_id, r, u->n + u->ne + 1);
	for (size_t i = 0; i < nr; i++) {
		/* Only units the list names can be shown; a unit too small to hold qty is skipped. */
		if (find(u, r[i].id) == NULL || scale(qty, r[i].num, r[i].den, &v[i], &exact[i]) != 0) {
			v[i] = 0;
			exact[i] = false;
		}
	}
	v[0] = qty;
	exact[0] = qty % (MONEY_SCALE / 100) == 0;
	pick = best_unit(v, exact, nr);
	snprintf(buf, n, "%s %s", number_text(v[pick], num, sizeof num), find(u, r[pick].id)->name);
	free(r);
	free(v);
	free(exact);
	return buf;
}
