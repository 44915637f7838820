#include "app/journal.h"

#include <cJSON.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/file.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/buf.h"
#include "util/jsonw.h"
#include "util/strutil.h"
#include "util/timeutil.h"
#include "util/xalloc.h"

#define JOURNAL_VERSION 1

struct journal {
	char *path;
};

static const char *const result_names[] = {
	[JOURNAL_OK] = "ok",
	[JOURNAL_FAILED] = "failed",
	[JOURNAL_PARTIAL] = "partial",
	[JOURNAL_UNKNOWN] = "unknown",
};

static const char *const how_names[] = {
	[JOURNAL_HOW_RESPONSE] = "response",
	[JOURNAL_HOW_REREAD] = "reread",
	[JOURNAL_HOW_RECONCILE] = "reconcile",
};

const char *
journal_result_name(enum journal_result r)
{
	return (size_t)r < sizeof result_names / sizeof result_names[0] ? result_names[r] : "?";
}

const char *
journal_how_name(enum journal_how h)
{
	return (size_t)h < sizeof how_names / sizeof how_names[0] ? how_names[h] : "?";
}

static int
name_index(const char *const *names, size_t n, const char *s)
{
	for (size_t i = 0; s != NULL && i < n; i++)
		if (strcmp(names[i], s) == 0)
			return (int)i;
	return -1;
}

char *
journal_default_path(void)
{
	const char *state = getenv("XDG_STATE_HOME");
	const char *home = getenv("HOME");

	/* XDG says a relative XDG_STATE_HOME is invalid and must be ignored. */
	if (state != NULL && state[0] == '/')
		return xasprintf("%s/bssdash/journal.jsonl", state);
	if (home != NULL && home[0] != '\0')
		return xasprintf("%s/.local/state/bssdash/journal.jsonl", home);
	return NULL;
}

struct journal *
journal_open(const char *path, char *err, size_t errlen)
{
	struct journal *j;
	char *p = path != NULL ? xstrdup(path) : journal_default_path();

	if (p == NULL) {
		str_seterr(err, errlen, "no place for the action journal: set XDG_STATE_HOME or HOME");
		return NULL;
	}
	j = xcalloc(1, sizeof *j);
	j->path = p;
	return j;
}

void
journal_close(struct journal *j)
{
	if (j == NULL)
		return;
	free(j->path);
	free(j);
}

const char *
journal_path(const struct journal *j)
{
	return j->path;
}

void
journal_new_id(char buf[JOURNAL_ID_BUFSZ])
{
	char ts[TIME_SDK_BUFSZ];
	unsigned char rnd[8];
	size_t got = 0;

	while (got < sizeof rnd) {
		ssize_t n = getrandom(rnd + got, sizeof rnd - got, 0);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			die("getrandom failed: %s", strerror(errno));
		got += (size_t)n;
	}
	snprintf(buf, JOURNAL_ID_BUFSZ, "%s-%02x%02x%02x%02x%02x%02x%02x%02x",
	    time_format_sdk(time_now(), ts), rnd[0], rnd[1], rnd[2], rnd[3],
	    rnd[4], rnd[5], rnd[6], rnd[7]);
}

/* --- writing ------------------------------------------------------------- */

static bool
is_secret_name(const char *name)
{
	static const char *const words[] = {
		"secret", "password", "passwd", "token", "credential", "private",
	};
	static const char *const exact[] = { "sk", "ak", "access_key", "authorization" };

	for (size_t i = 0; i < sizeof exact / sizeof exact[0]; i++)
		if (strcasecmp(name, exact[i]) == 0)
			return true;
	for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
		if (strcasestr(name, words[i]) != NULL)
			return true;
	return false;
}

static void
redact(cJSON *node)
{
	cJSON *child, *next;

	for (child = node->child; child != NULL; child = next) {
		next = child->next;
		if (cJSON_IsObject(node) && child->string != NULL && is_secret_name(child->string)) {
			cJSON *r = cJSON_CreateString("[REDACTED]");
			if (r == NULL)
				die("out of memory");
			/* The key moves to the replacement (same allocator). */
			r->string = child->string;
			child->string = NULL;
			cJSON_ReplaceItemViaPointer(node, child, r);
		} else {
			redact(child);
		}
	}
}

/*
 * The body as it goes into the line: parsed, stripped of secrets and
 * printed on one line. Text that is not JSON is kept as a string.
 */
static void
write_body(struct jsonw *w, const char *body)
{
	cJSON *doc = cJSON_Parse(body);
	char *text;

	if (doc == NULL) {
		jsonw_string(w, body);
		return;
	}
	redact(doc);
	text = cJSON_PrintUnformatted(doc);
	cJSON_Delete(doc);
	if (text == NULL)
		die("out of memory");
	jsonw_raw(w, text);
	cJSON_free(text);
}

/* The endpoint without a user:password@ part. */
static void
write_endpoint(struct jsonw *w, const char *url)
{
	const char *scheme = strstr(url, "://");
	const char *host = scheme != NULL ? scheme + 3 : url;
	size_t hostlen = strcspn(host, "/?#");
	const char *at = memchr(host, '@', hostlen);
	struct buf b = BUF_INIT(0);

	if (at == NULL) {
		jsonw_string(w, url);
		return;
	}
	buf_append(&b, url, (size_t)(host - url));
	buf_puts(&b, at + 1);
	jsonw_string(w, buf_cstr(&b));
	buf_free(&b);
}

static void
write_strings(struct jsonw *w, const char *key, char *const *v, size_t n)
{
	if (n == 0)
		return;
	jsonw_key(w, key);
	jsonw_array_begin(w);
	for (size_t i = 0; i < n; i++)
		jsonw_string(w, v[i]);
	jsonw_array_end(w);
}

static void
write_opt(struct jsonw *w, const char *key, const char *v)
{
	if (v != NULL)
		jsonw_kv_string(w, key, v);
}

static void
write_intent(struct jsonw *w, const struct journal_record *r)
{
	write_opt(w, "profile", r->profile);
	if (r->endpoint != NULL) {
		jsonw_key(w, "endpoint");
		write_endpoint(w, r->endpoint);
	}
	jsonw_kv_string(w, "action", r->action);
	write_strings(w, "targets", r->targets, r->ntargets);
	if (r->has_amount)
		jsonw_kv_money(w, "amount", r->amount);
	write_opt(w, "currency", r->currency);
	if (r->method != NULL || r->path != NULL) {
		jsonw_key(w, "request");
		jsonw_object_begin(w);
		write_opt(w, "method", r->method);
		write_opt(w, "path", r->path);
		if (r->body != NULL) {
			jsonw_key(w, "body");
			write_body(w, r->body);
		}
		jsonw_object_end(w);
	}
	if (r->nbefore > 0) {
		jsonw_key(w, "before");
		jsonw_object_begin(w);
		for (size_t i = 0; i < r->nbefore; i++)
			jsonw_kv_string(w, r->before[i].key, r->before[i].value);
		jsonw_object_end(w);
	}
}

static void
write_outcome(struct jsonw *w, const struct journal_record *r)
{
	jsonw_kv_string(w, "result", journal_result_name(r->result));
	jsonw_kv_string(w, "how", journal_how_name(r->how));
	write_opt(w, "request_id", r->request_id);
	write_opt(w, "error_code", r->error_code);
	write_opt(w, "error", r->error_msg);
	write_opt(w, "detail", r->detail);
	write_strings(w, "order_ids", r->order_ids, r->norder_ids);
	if (r->nfailures > 0) {
		jsonw_key(w, "failures");
		jsonw_array_begin(w);
		for (size_t i = 0; i < r->nfailures; i++) {
			jsonw_object_begin(w);
			write_opt(w, "id", r->failures[i].id);
			write_opt(w, "error_code", r->failures[i].error_code);
			write_opt(w, "error", r->failures[i].error_msg);
			jsonw_object_end(w);
		}
		jsonw_array_end(w);
	}
}

static int
format_line(const struct journal_record *r, struct buf *line, char *err, size_t errlen)
{
	struct jsonw w;
	char ts[TIME_ISO_BUFSZ];

	if (r->id[0] == '\0' || memchr(r->id, '\0', JOURNAL_ID_BUFSZ) == NULL) {
		str_seterr(err, errlen, "journal record without an id");
		return -1;
	}
	if (r->type == JOURNAL_INTENT && (r->action == NULL || r->ntargets == 0)) {
		str_seterr(err, errlen, "journal intent without an action or a target");
		return -1;
	}
	jsonw_init(&w, line, false);
	jsonw_object_begin(&w);
	jsonw_kv_int(&w, "v", JOURNAL_VERSION);
	jsonw_kv_string(&w, "type", r->type == JOURNAL_INTENT ? "intent" : "outcome");
	jsonw_kv_string(&w, "id", r->id);
	jsonw_kv_string(&w, "time", time_format_iso(r->time, ts));
	if (r->type == JOURNAL_INTENT)
		write_intent(&w, r);
	else
		write_outcome(&w, r);
	jsonw_object_end(&w);
	if (jsonw_finish(&w) != 0 || buf_putc(line, '\n') != 0) {
		str_seterr(err, errlen, "journal record too large (over %d bytes)", JOURNAL_MAX_LINE);
		return -1;
	}
	return 0;
}

/* mkdir -p with mode 0700 for every directory it creates. */
static int
make_dirs(const char *file, char *err, size_t errlen)
{
	char *dir = xstrdup(file);
	char *slash = strrchr(dir, '/');
	int rc = 0;

	if (slash == NULL || slash == dir) {
		free(dir);
		return 0;
	}
	*slash = '\0';
	for (char *p = dir + 1; rc == 0; p++) {
		if (*p != '/' && *p != '\0')
			continue;
		char saved = *p;
		*p = '\0';
		if (mkdir(dir, 0700) != 0 && errno != EEXIST) {
			str_seterr(err, errlen, "cannot create %s: %s", dir, strerror(errno));
			rc = -1;
		}
		*p = saved;
		if (saved == '\0')
			break;
	}
	free(dir);
	return rc;
}

static int
fsync_parent(const char *file)
{
	char *dir = xstrdup(file);
	char *slash = strrchr(dir, '/');
	int fd, rc;

	if (slash == NULL)
		strcpy(dir, ".");
	else if (slash == dir)
		slash[1] = '\0';
	else
		*slash = '\0';
	fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	free(dir);
	if (fd < 0)
		return -1;
	rc = fsync(fd);
	close(fd);
	return rc;
}

static int
write_all(int fd, const char *p, size_t n)
{
	while (n > 0) {
		ssize_t w = write(fd, p, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

/* True when the file is non-empty and its last byte is not a newline. */
static int
ends_torn(int fd, bool *torn)
{
	struct stat st;
	char last;

	*torn = false;
	if (fstat(fd, &st) != 0)
		return -1;
	if (st.st_size == 0)
		return 0;
	if (pread(fd, &last, 1, st.st_size - 1) != 1)
		return -1;
	*torn = last != '\n';
	return 0;
}

int
journal_append(struct journal *j, const struct journal_record *r, char *err, size_t errlen)
{
	struct buf line = BUF_INIT(JOURNAL_MAX_LINE);
	bool created = false, torn;
	int fd, rc = -1;

	if (format_line(r, &line, err, errlen) != 0)
		goto out;
	if (make_dirs(j->path, err, errlen) != 0)
		goto out;
	fd = open(j->path, O_RDWR | O_APPEND | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd >= 0)
		created = true;
	else if (errno == EEXIST)
		fd = open(j->path, O_RDWR | O_APPEND | O_CLOEXEC);
	if (fd < 0) {
		str_seterr(err, errlen, "cannot open the journal %s: %s", j->path, strerror(errno));
		goto out;
	}
	/* Another bssdash may be appending too: one writer at a time. */
	while (flock(fd, LOCK_EX) != 0) {
		if (errno != EINTR) {
			str_seterr(err, errlen, "cannot lock the journal %s: %s", j->path, strerror(errno));
			goto close;
		}
	}
	if (ends_torn(fd, &torn) != 0) {
		str_seterr(err, errlen, "cannot read the journal %s: %s", j->path, strerror(errno));
		goto close;
	}
	/* End a torn line first so this record starts a line of its own. */
	if ((torn && write_all(fd, "\n", 1) != 0) ||
	    write_all(fd, buf_cstr(&line), line.len) != 0 || fsync(fd) != 0) {
		str_seterr(err, errlen, "cannot write the journal %s: %s", j->path, strerror(errno));
		goto close;
	}
	if (created && fsync_parent(j->path) != 0) {
		str_seterr(err, errlen, "cannot sync the journal's directory: %s", strerror(errno));
		goto close;
	}
	rc = 0;
close:
	close(fd);
out:
	buf_free(&line);
	return rc;
}

/* --- reading ------------------------------------------------------------- */

static char *
get_str(const cJSON *obj, const char *key)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);

	return cJSON_IsString(v) ? xstrdup(v->valuestring) : NULL;
}

static char **
get_str_array(const cJSON *obj, const char *key, size_t *n)
{
	const cJSON *arr = cJSON_GetObjectItemCaseSensitive(obj, key), *it;
	char **v;
	size_t i = 0;

	*n = 0;
	if (!cJSON_IsArray(arr) || cJSON_GetArraySize(arr) == 0)
		return NULL;
	v = xcalloc((size_t)cJSON_GetArraySize(arr), sizeof *v);
	cJSON_ArrayForEach(it, arr)
		if (cJSON_IsString(it))
			v[i++] = xstrdup(it->valuestring);
	*n = i;
	return v;
}

static void
record_clear(struct journal_record *r)
{
	free(r->profile);
	free(r->endpoint);
	free(r->action);
	for (size_t i = 0; i < r->ntargets; i++)
		free(r->targets[i]);
	free(r->targets);
	free(r->currency);
	free(r->method);
	free(r->path);
	free(r->body);
	for (size_t i = 0; i < r->nbefore; i++) {
		free(r->before[i].key);
		free(r->before[i].value);
	}
	free(r->before);
	free(r->request_id);
	free(r->error_code);
	free(r->error_msg);
	free(r->detail);
	for (size_t i = 0; i < r->norder_ids; i++)
		free(r->order_ids[i]);
	free(r->order_ids);
	for (size_t i = 0; i < r->nfailures; i++) {
		free(r->failures[i].id);
		free(r->failures[i].error_code);
		free(r->failures[i].error_msg);
	}
	free(r->failures);
	memset(r, 0, sizeof *r);
}

static const char *
parse_intent(const cJSON *o, struct journal_record *r)
{
	const cJSON *amount = cJSON_GetObjectItemCaseSensitive(o, "amount");
	const cJSON *req = cJSON_GetObjectItemCaseSensitive(o, "request");
	const cJSON *before = cJSON_GetObjectItemCaseSensitive(o, "before"), *it;

	r->profile = get_str(o, "profile");
	r->endpoint = get_str(o, "endpoint");
	r->action = get_str(o, "action");
	r->targets = get_str_array(o, "targets", &r->ntargets);
	r->currency = get_str(o, "currency");
	if (r->action == NULL || r->ntargets == 0)
		return "intent without an action or a target";
	if (amount != NULL) {
		/* Exact below MONEY_EXACT_DOUBLE_BOUND (util/money.h). */
		if (!cJSON_IsNumber(amount) || money_from_double(amount->valuedouble, &r->amount) != 0)
			return "intent with an unreadable amount";
		r->has_amount = true;
	}
	if (cJSON_IsObject(req)) {
		const cJSON *body = cJSON_GetObjectItemCaseSensitive(req, "body");
		r->method = get_str(req, "method");
		r->path = get_str(req, "path");
		if (cJSON_IsString(body)) {
			r->body = xstrdup(body->valuestring);
		} else if (body != NULL) {
			char *text = cJSON_PrintUnformatted(body);
			if (text == NULL)
				die("out of memory");
			r->body = xstrdup(text);
			cJSON_free(text);
		}
	}
	if (cJSON_IsObject(before) && cJSON_GetArraySize(before) > 0) {
		r->before = xcalloc((size_t)cJSON_GetArraySize(before), sizeof *r->before);
		cJSON_ArrayForEach(it, before) {
			if (!cJSON_IsString(it))
				continue;
			r->before[r->nbefore].key = xstrdup(it->string);
			r->before[r->nbefore].value = xstrdup(it->valuestring);
			r->nbefore++;
		}
	}
	return NULL;
}

static const char *
parse_outcome(const cJSON *o, struct journal_record *r)
{
	const cJSON *fails = cJSON_GetObjectItemCaseSensitive(o, "failures"), *it;
	const cJSON *result = cJSON_GetObjectItemCaseSensitive(o, "result");
	const cJSON *how = cJSON_GetObjectItemCaseSensitive(o, "how");
	int ri = name_index(result_names, sizeof result_names / sizeof result_names[0],
	    cJSON_GetStringValue(result));
	int hi = name_index(how_names, sizeof how_names / sizeof how_names[0],
	    cJSON_GetStringValue(how));

	if (ri < 0)
		return "outcome without a known result";
	r->result = (enum journal_result)ri;
	r->how = hi < 0 ? JOURNAL_HOW_RESPONSE : (enum journal_how)hi;
	r->request_id = get_str(o, "request_id");
	r->error_code = get_str(o, "error_code");
	r->error_msg = get_str(o, "error");
	r->detail = get_str(o, "detail");
	r->order_ids = get_str_array(o, "order_ids", &r->norder_ids);
	if (cJSON_IsArray(fails) && cJSON_GetArraySize(fails) > 0) {
		r->failures = xcalloc((size_t)cJSON_GetArraySize(fails), sizeof *r->failures);
		cJSON_ArrayForEach(it, fails) {
			struct journal_failure *f = &r->failures[r->nfailures++];
			f->id = get_str(it, "id");
			f->error_code = get_str(it, "error_code");
			f->error_msg = get_str(it, "error");
		}
	}
	return NULL;
}

/* NULL when the line is a record, else why not. */
static const char *
parse_line(const char *text, struct journal_record *r)
{
	cJSON *o = cJSON_Parse(text);
	const cJSON *v, *type, *id, *t;
	const char *why = NULL;

	memset(r, 0, sizeof *r);
	if (!cJSON_IsObject(o)) {
		cJSON_Delete(o);
		return "not a JSON object";
	}
	v = cJSON_GetObjectItemCaseSensitive(o, "v");
	type = cJSON_GetObjectItemCaseSensitive(o, "type");
	id = cJSON_GetObjectItemCaseSensitive(o, "id");
	t = cJSON_GetObjectItemCaseSensitive(o, "time");
	if (!cJSON_IsNumber(v) || v->valueint != JOURNAL_VERSION)
		why = "unknown record version";
	else if (!cJSON_IsString(id) || id->valuestring[0] == '\0' ||
	    strlen(id->valuestring) >= JOURNAL_ID_BUFSZ)
		why = "record without a valid id";
	else if (!cJSON_IsString(t) || time_parse_iso(t->valuestring, &r->time) != 0)
		why = "record without a valid time";
	else if (cJSON_IsString(type) && strcmp(type->valuestring, "intent") == 0) {
		r->type = JOURNAL_INTENT;
		why = parse_intent(o, r);
	} else if (cJSON_IsString(type) && strcmp(type->valuestring, "outcome") == 0) {
		r->type = JOURNAL_OUTCOME;
		why = parse_outcome(o, r);
	} else {
		why = "record of unknown type";
	}
	if (why == NULL)
		snprintf(r->id, sizeof r->id, "%s", id->valuestring);
	else
		record_clear(r);
	cJSON_Delete(o);
	return why;
}

static void
add_problem(struct journal_log *log, size_t *cap, size_t line, bool torn, const char *msg)
{
	if (log->nproblems == *cap) {
		*cap = *cap ? *cap * 2 : 4;
		log->problems = xreallocarray(log->problems, *cap, sizeof *log->problems);
	}
	log->problems[log->nproblems++] = (struct journal_problem){ line, torn, xstrdup(msg) };
}

/* Open-addressing index from action id to entry, for grouping records. */
struct id_index {
	size_t *slots;   /* entry number + 1; 0 = empty */
	size_t cap;      /* power of two */
};

static uint64_t
hash_id(const char *s)
{
	uint64_t h = 1469598103934665603ULL;

	while (*s != '\0')
		h = (h ^ (unsigned char)*s++) * 1099511628211ULL;
	return h;
}

static void
group_entries(struct journal_log *log)
{
	struct id_index ix;

	ix.cap = 16;
	while (ix.cap < log->nrecords * 2)
		ix.cap *= 2;
	ix.slots = xcalloc(ix.cap, sizeof *ix.slots);
	log->entries = log->nrecords > 0 ? xcalloc(log->nrecords, sizeof *log->entries) : NULL;
	for (size_t i = 0; i < log->nrecords; i++) {
		const struct journal_record *r = &log->records[i];
		size_t s = (size_t)hash_id(r->id) & (ix.cap - 1);
		struct journal_entry *e;

		while (ix.slots[s] != 0) {
			const struct journal_entry *x = &log->entries[ix.slots[s] - 1];
			const struct journal_record *any = x->intent ? x->intent : x->outcome;
			if (strcmp(any->id, r->id) == 0)
				break;
			s = (s + 1) & (ix.cap - 1);
		}
		if (ix.slots[s] == 0)
			ix.slots[s] = ++log->nentries;
		e = &log->entries[ix.slots[s] - 1];
		if (r->type == JOURNAL_INTENT) {
			if (e->intent == NULL)
				e->intent = r;
		} else {
			e->outcome = r;
		}
	}
	free(ix.slots);
}

int
journal_read(const struct journal *j, struct journal_log **out, char *err, size_t errlen)
{
	struct journal_log *log = xcalloc(1, sizeof *log);
	size_t rcap = 0, pcap = 0, lineno = 0, linecap = 0;
	char *line = NULL;
	ssize_t n;
	FILE *fp;

	*out = NULL;
	fp = fopen(j->path, "re");
	if (fp == NULL) {
		if (errno == ENOENT) {
			*out = log;
			return 0;
		}
		str_seterr(err, errlen, "cannot read the journal %s: %s", j->path, strerror(errno));
		free(log);
		return -1;
	}
	while ((n = getline(&line, &linecap, fp)) >= 0) {
		bool torn = n == 0 || line[n - 1] != '\n';
		struct journal_record r;
		const char *why;
		char msg[160];

		lineno++;
		if (!torn)
			line[--n] = '\0';
		if (n == 0 && !torn)
			continue;
		if ((size_t)n > JOURNAL_MAX_LINE)
			why = "line too long";
		else if (memchr(line, '\0', (size_t)n) != NULL)
			why = "line holds NUL bytes";
		else
			why = parse_line(line, &r);
		if (why != NULL) {
			snprintf(msg, sizeof msg, "%s%s", torn ?
			    "last line cut short (a write was interrupted): " : "unreadable record: ", why);
			add_problem(log, &pcap, lineno, torn, msg);
			continue;
		}
		if (log->nrecords == rcap) {
			rcap = rcap ? rcap * 2 : 16;
			log->records = xreallocarray(log->records, rcap, sizeof *log->records);
		}
		log->records[log->nrecords++] = r;
	}
	free(line);
	if (ferror(fp)) {
		str_seterr(err, errlen, "cannot read the journal %s: %s", j->path, strerror(errno));
		fclose(fp);
		journal_log_free(log);
		return -1;
	}
	fclose(fp);
	group_entries(log);
	*out = log;
	return 0;
}

void
journal_log_free(struct journal_log *log)
{
	if (log == NULL)
		return;
	for (size_t i = 0; i < log->nrecords; i++)
		record_clear(&log->records[i]);
	free(log->records);
	free(log->entries);
	for (size_t i = 0; i < log->nproblems; i++)
		free(log->problems[i].message);
	free(log->problems);
	free(log);
}

bool
journal_entry_needs_reconcile(const struct journal_entry *e)
{
	return e->intent != NULL && (e->outcome == NULL || e->outcome->result == JOURNAL_UNKNOWN);
}
