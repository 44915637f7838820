#include "sim/faults.h"

#include <errno.h>
#include <math.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "util/buf.h"
#include "util/xalloc.h"

#define FAULTS_MAX_RULES 64
#define FAULTS_MAX_DELAY_MS (10u * 60u * 1000u)
#define FAULTS_MAX_PREFIX 256

struct fault_rule {
	enum fault_kind kind;
	double prob;            /* outcome kinds */
	unsigned ms;            /* delay kinds */
	char *prefix;           /* NULL: every path */
	long remaining;         /* -1: unlimited */
};

struct faults {
	pthread_mutex_t lock;
	uint64_t rng;
	struct fault_rule *rules;
	size_t nrules;
};

static const char *const kind_names[FAULT_NKINDS] = {
	[FAULT_NONE] = "none",
	[FAULT_LATENCY] = "latency",
	[FAULT_JITTER] = "jitter",
	[FAULT_ERROR5XX] = "error5xx",
	[FAULT_THROTTLE] = "throttle",
	[FAULT_RESET] = "reset",
	[FAULT_HANG] = "hang",
	[FAULT_LOST_RESPONSE] = "lost_response",
	[FAULT_TRUNCATE] = "truncate",
	[FAULT_MALFORMED] = "malformed",
	[FAULT_SLOW] = "slow",
	[FAULT_HUGE] = "huge",
	[FAULT_ENDLESS] = "endless",
};

static bool
is_delay(enum fault_kind k)
{
	return k == FAULT_LATENCY || k == FAULT_JITTER;
}

bool
faults_before_effect(enum fault_kind k)
{
	return k >= FAULT_ERROR5XX && k <= FAULT_HANG;
}

const char *
faults_kind_name(enum fault_kind k)
{
	if ((int)k < 0 || k >= FAULT_NKINDS)
		return "?";
	return kind_names[k];
}

/* splitmix64: tiny, seedable with any value (0 included), good enough for dice. */
static uint64_t
rng_next(uint64_t *s)
{
	uint64_t z = (*s += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static double
rng_unit(uint64_t *s)
{
	return (double)(rng_next(s) >> 11) * 0x1.0p-53;
}

struct faults *
faults_new(uint64_t seed)
{
	struct faults *f = xcalloc(1, sizeof(*f));

	pthread_mutex_init(&f->lock, NULL);
	f->rng = seed ^ 0x6673696d66617574ULL;
	return f;
}

static void
rules_free(struct fault_rule *rules, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(rules[i].prefix);
	free(rules);
}

void
faults_free(struct faults *f)
{
	if (f == NULL)
		return;
	rules_free(f->rules, f->nrules);
	pthread_mutex_destroy(&f->lock);
	free(f);
}

static enum fault_kind
kind_lookup(const char *s, size_t n)
{
	for (int k = FAULT_LATENCY; k < FAULT_NKINDS; k++)
		if (strlen(kind_names[k]) == n && memcmp(kind_names[k], s, n) == 0)
			return (enum fault_kind)k;
	return FAULT_NONE;
}

/* "50", "50ms", "1.5s", "200us": milliseconds, rounded up from microseconds. */
static int
parse_duration(const char *s, unsigned *ms)
{
	char *end;
	double v, scale = 1.0;

	errno = 0;
	v = strtod(s, &end);
	if (end == s || errno != 0 || !isfinite(v) || v < 0)
		return -1;
	if (strcmp(end, "") == 0 || strcmp(end, "ms") == 0)
		scale = 1.0;
	else if (strcmp(end, "s") == 0)
		scale = 1000.0;
	else if (strcmp(end, "us") == 0)
		scale = 0.001;
	else
		return -1;
	v = ceil(v * scale);
	if (v > FAULTS_MAX_DELAY_MS)
		return -1;
	*ms = (unsigned)v;
	return 0;
}

/* "0.25", "1", "25%". */
static int
parse_probability(const char *s, double *p)
{
	char *end;
	double v;

	errno = 0;
	v = strtod(s, &end);
	if (end == s || errno != 0 || !isfinite(v))
		return -1;
	if (strcmp(end, "%") == 0)
		v /= 100.0;
	else if (*end != '\0')
		return -1;
	if (v < 0.0 || v > 1.0)
		return -1;
	*p = v;
	return 0;
}

static int
parse_count(const char *s, long *count)
{
	char *end;
	long v;

	if (*s < '0' || *s > '9')
		return -1;
	errno = 0;
	v = strtol(s, &end, 10);
	if (*end != '\0' || errno != 0 || v <= 0)
		return -1;
	*count = v;
	return 0;
}

static void
kind_list(char *out, size_t n)
{
	struct buf b = BUF_INIT(0);

	for (int k = FAULT_LATENCY; k < FAULT_NKINDS; k++)
		buf_printf(&b, "%s%s", k == FAULT_LATENCY ? "" : ", ", kind_names[k]);
	snprintf(out, n, "%s", buf_cstr(&b));
	buf_free(&b);
}

/* One rule, "kind[=value][@prefix][#count]", already trimmed and non-empty. */
static int
parse_rule(char *item, struct fault_rule *r, char *err, size_t errlen)
{
	char *value = NULL, *prefix = NULL, *count = NULL, *p;
	size_t klen = strcspn(item, "=@#");
	char kinds[256];

	memset(r, 0, sizeof(*r));
	r->remaining = -1;
	r->kind = kind_lookup(item, klen);
	if (r->kind == FAULT_NONE) {
		kind_list(kinds, sizeof(kinds));
		snprintf(err, errlen, "faults: unknown kind '%.*s' in '%s' (kinds: %s)",
		    (int)klen, item, item, kinds);
		return -1;
	}
	p = item + klen;
	if (*p == '=') {
		*p++ = '\0';
		value = p;
		p += strcspn(p, "@#");
	}
	if (*p == '@') {
		*p++ = '\0';
		prefix = p;
		p += strcspn(p, "#");
	}
	if (*p == '#') {
		*p++ = '\0';
		count = p;
	}
	item[klen] = '\0';

	if (is_delay(r->kind)) {
		if (value == NULL || parse_duration(value, &r->ms) != 0) {
			snprintf(err, errlen, "faults: %s needs a duration like 50ms or 1.5s "
			    "(at most 600s), got '%s'", item, value ? value : "");
			return -1;
		}
	} else if (value == NULL) {
		r->prob = 1.0;
	} else if (parse_probability(value, &r->prob) != 0) {
		snprintf(err, errlen, "faults: %s needs a probability between 0 and 1 "
		    "(or 0%%..100%%), got '%s'", item, value);
		return -1;
	}
	if (prefix != NULL) {
		if (prefix[0] != '/' || strlen(prefix) > FAULTS_MAX_PREFIX ||
		    strpbrk(prefix, " \t?") != NULL) {
			snprintf(err, errlen, "faults: %s: the path prefix after '@' must start "
			    "with '/' (e.g. @/v2/orders), got '%.64s'", item, prefix);
			return -1;
		}
		r->prefix = xstrdup(prefix);
	}
	if (count != NULL && parse_count(count, &r->remaining) != 0) {
		snprintf(err, errlen, "faults: %s: the count after '#' must be a positive "
		    "integer, got '%s'", item, count);
		free(r->prefix);
		r->prefix = NULL;
		return -1;
	}
	return 0;
}

static int
parse_spec(const char *spec, struct fault_rule **out, size_t *nout, char *err, size_t errlen)
{
	char *copy = xstrdup(spec), *save = NULL, *item;
	struct fault_rule *rules = xcalloc(FAULTS_MAX_RULES, sizeof(*rules));
	size_t n = 0;
	int rc = 0;

	for (item = strtok_r(copy, ",", &save); item != NULL; item = strtok_r(NULL, ",", &save)) {
		char *end;

		item += strspn(item, " \t\n");
		end = item + strlen(item);
		while (end > item && strchr(" \t\n", end[-1]) != NULL)
			*--end = '\0';
		if (*item == '\0')
			continue;
		if (n == FAULTS_MAX_RULES) {
			snprintf(err, errlen, "faults: more than %d rules", FAULTS_MAX_RULES);
			rc = -1;
			break;
		}
		if (parse_rule(item, &rules[n], err, errlen) != 0) {
			rc = -1;
			break;
		}
		n++;
	}
	free(copy);
	if (rc != 0) {
		rules_free(rules, n);
		return -1;
	}
	*out = rules;
	*nout = n;
	return 0;
}

int
faults_set(struct faults *f, const char *spec, char *err, size_t errlen)
{
	struct fault_rule *rules, *old;
	size_t n, nold, skip;

	if (spec == NULL)
		spec = "";
	/* "none" and "off" read better than an empty string on a command line. */
	skip = strspn(spec, " \t\n");
	if (strcmp(spec + skip, "none") == 0 || strcmp(spec + skip, "off") == 0)
		spec = "";
	if (parse_spec(spec, &rules, &n, err, errlen) != 0)
		return -1;
	pthread_mutex_lock(&f->lock);
	old = f->rules;
	nold = f->nrules;
	f->rules = rules;
	f->nrules = n;
	pthread_mutex_unlock(&f->lock);
	rules_free(old, nold);
	return 0;
}

void
faults_clear(struct faults *f)
{
	char err[8];

	faults_set(f, "", err, sizeof(err));
}

static bool
rule_matches(const struct fault_rule *r, const char *path)
{
	if (r->remaining == 0)
		return false;
	return r->prefix == NULL || strncmp(path, r->prefix, strlen(r->prefix)) == 0;
}

static void
spend(struct fault_rule *r)
{
	if (r->remaining > 0)
		r->remaining--;
}

void
faults_draw(struct faults *f, const char *path, struct fault_plan *plan)
{
	struct fault_rule *latency = NULL, *jitter = NULL;
	bool drawn = false;
	double u = 0.0, acc = 0.0;
	long delay;

	memset(plan, 0, sizeof(*plan));
	pthread_mutex_lock(&f->lock);
	for (size_t i = 0; i < f->nrules; i++) {
		struct fault_rule *r = &f->rules[i];

		if (!rule_matches(r, path))
			continue;
		if (r->kind == FAULT_LATENCY) {
			if (latency == NULL)
				latency = r;
			continue;
		}
		if (r->kind == FAULT_JITTER) {
			if (jitter == NULL)
				jitter = r;
			continue;
		}
		if (plan->outcome != FAULT_NONE)
			continue;
		if (!drawn) {
			u = rng_unit(&f->rng);
			drawn = true;
		}
		acc += r->prob;
		if (u < acc) {
			plan->outcome = r->kind;
			spend(r);
		}
	}
	delay = latency != NULL ? (long)latency->ms : 0;
	if (jitter != NULL && jitter->ms > 0)
		delay += (long)(rng_next(&f->rng) % (2u * jitter->ms + 1u)) - (long)jitter->ms;
	plan->delay_ms = delay > 0 ? (unsigned)delay : 0;
	if (latency != NULL)
		spend(latency);
	if (jitter != NULL)
		spend(jitter);
	pthread_mutex_unlock(&f->lock);
}

uint64_t
faults_random(struct faults *f, uint64_t n)
{
	uint64_t v;

	pthread_mutex_lock(&f->lock);
	v = rng_next(&f->rng) % n;
	pthread_mutex_unlock(&f->lock);
	return v;
}

static void
rule_spec(struct buf *b, const struct fault_rule *r)
{
	buf_puts(b, kind_names[r->kind]);
	if (is_delay(r->kind))
		buf_printf(b, "=%ums", r->ms);
	else
		buf_printf(b, "=%g", r->prob);
	if (r->prefix != NULL)
		buf_printf(b, "@%s", r->prefix);
	if (r->remaining >= 0)
		buf_printf(b, "#%ld", r->remaining);
}

/* Caller holds f->lock. */
static char *
spec_locked(const struct faults *f)
{
	struct buf b = BUF_INIT(0);

	for (size_t i = 0; i < f->nrules; i++) {
		if (i > 0)
			buf_putc(&b, ',');
		rule_spec(&b, &f->rules[i]);
	}
	return buf_steal(&b, NULL);
}

char *
faults_spec(struct faults *f)
{
	char *s;

	pthread_mutex_lock(&f->lock);
	s = spec_locked(f);
	pthread_mutex_unlock(&f->lock);
	return s;
}

char *
faults_json(struct faults *f)
{
	cJSON *root = cJSON_CreateObject(), *arr = cJSON_CreateArray();
	char *spec, *out;

	pthread_mutex_lock(&f->lock);
	spec = spec_locked(f);
	for (size_t i = 0; i < f->nrules; i++) {
		const struct fault_rule *r = &f->rules[i];
		cJSON *o = cJSON_CreateObject();

		cJSON_AddStringToObject(o, "kind", kind_names[r->kind]);
		if (is_delay(r->kind))
			cJSON_AddNumberToObject(o, "ms", r->ms);
		else
			cJSON_AddNumberToObject(o, "probability", r->prob);
		if (r->prefix != NULL)
			cJSON_AddStringToObject(o, "prefix", r->prefix);
		if (r->remaining >= 0)
			cJSON_AddNumberToObject(o, "remaining", (double)r->remaining);
		cJSON_AddItemToArray(arr, o);
	}
	pthread_mutex_unlock(&f->lock);
	cJSON_AddStringToObject(root, "spec", spec);
	cJSON_AddItemToObject(root, "rules", arr);
	free(spec);
	out = cJSON_PrintUnformatted(root);
	cJSON_Delete(root);
	if (out == NULL)
		die("out of memory");
	return out;
}
