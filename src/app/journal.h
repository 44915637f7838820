/*
 * journal: the append-only record of every money-moving action.
 *
 * One JSON object per line in $XDG_STATE_HOME/bssdash/journal.jsonl
 * (~/.local/state/bssdash/ when XDG_STATE_HOME is unset; directory 0700,
 * file 0600). An action writes an "intent" record before its request goes
 * out and an "outcome" record, with the same id, once it knows what happened.
 * Every record is written with one write() under an exclusive lock and
 * fsync()ed before journal_append() returns, so an intent is on disk before
 * any money can move.
 *
 * The journal never holds secrets: the endpoint loses any user:password@
 * part, and request-body members with secret-looking names (sk, secret,
 * password, token, ...) are replaced by "[REDACTED]" before writing.
 *
 * A crash in the middle of a write leaves a torn last line. The reader
 * reports it (and any other line it cannot read) as a problem with its line
 * number; the next append first ends the torn line, so the journal stays
 * readable and nothing already written is lost. An intent without an
 * outcome (or whose last outcome is "unknown") needs reconciling against the
 * cloud: app/actions does that at start-up.
 *
 * Line format (field names are stable; "v" is the format version):
 *   {"v":1,"type":"intent","id":ID,"time":ISO,"profile":P,"endpoint":URL,
 *    "action":A,"targets":[...],"amount":N,"currency":C,
 *    "request":{"method":M,"path":P,"body":{...}},"before":{K:V,...}}
 *   {"v":1,"type":"outcome","id":ID,"time":ISO,"result":"ok|failed|partial|unknown",
 *    "how":"response|reread|reconcile","request_id":R,"error_code":E,
 *    "error":MSG,"detail":TEXT,"order_ids":[...],
 *    "failures":[{"id":T,"error_code":E,"error":MSG}]}
 * Absent optional fields are left out of the line.
 */
#ifndef BSS_APP_JOURNAL_H
#define BSS_APP_JOURNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "util/money.h"

#define JOURNAL_ID_BUFSZ 40
/* A line longer than this is refused on write and reported on read. */
#define JOURNAL_MAX_LINE (1024 * 1024)

enum journal_type {
	JOURNAL_INTENT,
	JOURNAL_OUTCOME,
};

enum journal_result {
	JOURNAL_OK,        /* the cloud did it, for every target */
	JOURNAL_FAILED,    /* the cloud did not do it */
	JOURNAL_PARTIAL,   /* done for some targets; see failures */
	JOURNAL_UNKNOWN,   /* could not be determined yet: reconcile later */
};

enum journal_how {
	JOURNAL_HOW_RESPONSE,  /* read from the answer to the request */
	JOURNAL_HOW_REREAD,    /* no usable answer: found by re-reading state */
	JOURNAL_HOW_RECONCILE, /* found later, by start-up reconciliation */
};

struct journal_failure {
	char *id;           /* target (resource or order) id */
	char *error_code;
	char *error_msg;
};

struct journal_kv {
	char *key;
	char *value;
};

/*
 * One line. Which fields are used depends on type; unused pointers are
 * NULL and unused counts 0. For journal_append() the caller keeps ownership
 * of everything; records returned by journal_read() are owned by the log.
 */
struct journal_record {
	enum journal_type type;
	char id[JOURNAL_ID_BUFSZ];
	time_t time;

	/* intent */
	char *profile;
	char *endpoint;
	char *action;           /* "pay", "cancel", "renew", ... */
	char **targets;
	size_t ntargets;
	bool has_amount;
	money_t amount;         /* what the preview said it would cost */
	char *currency;
	char *method;           /* the request about to be sent */
	char *path;
	char *body;             /* JSON text, or NULL for no body */
	struct journal_kv *before;  /* state before the request, for reconciling */
	size_t nbefore;

	/* outcome */
	enum journal_result result;
	enum journal_how how;
	char *request_id;
	char *error_code;
	char *error_msg;
	char *detail;           /* human-readable account of what happened */
	char **order_ids;
	size_t norder_ids;
	struct journal_failure *failures;
	size_t nfailures;
};

/* An action as read back: its intent and the last outcome written for it. */
struct journal_entry {
	const struct journal_record *intent;   /* NULL: outcome of an unknown intent */
	const struct journal_record *outcome;  /* NULL: no outcome yet */
};

struct journal_problem {
	size_t line;        /* 1-based */
	bool torn;          /* the last line, cut short without a newline */
	char *message;
};

struct journal_log {
	struct journal_record *records;   /* every readable line, file order */
	size_t nrecords;
	struct journal_entry *entries;    /* one per action id, first-seen order */
	size_t nentries;
	struct journal_problem *problems; /* unreadable lines, file order */
	size_t nproblems;
};

struct journal;

/*
 * The default path, from XDG_STATE_HOME or HOME. NULL when neither is set.
 * Heap string: free() it.
 */
char *journal_default_path(void);

/*
 * A journal at path (NULL: the default). Creates nothing yet: the directory
 * (0700) and file (0600) are created by the first append. NULL with a
 * message in err when no path can be found.
 */
struct journal *journal_open(const char *path, char *err, size_t errlen);
void journal_close(struct journal *j);
const char *journal_path(const struct journal *j);

/* Fills buf with a fresh action id (time plus 64 random bits). */
void journal_new_id(char buf[JOURNAL_ID_BUFSZ]);

/*
 * Writes one record durably (write + fsync; the directory too on creation).
 * A record of type INTENT must have id, action and at least one target.
 * 0, or -1 with a message in err: then nothing may be sent.
 */
int journal_append(struct journal *j, const struct journal_record *r, char *err, size_t errlen);

/*
 * Reads the whole journal. A missing file is an empty log, not an error.
 * Unreadable lines become problems, never silently dropped. 0, or -1 with
 * a message in err when the file cannot be read at all.
 * The log is owned by the caller: journal_log_free().
 */
int journal_read(const struct journal *j, struct journal_log **out, char *err, size_t errlen);
void journal_log_free(struct journal_log *log);

/* True when the entry's intent has no outcome, or only an "unknown" one. */
bool journal_entry_needs_reconcile(const struct journal_entry *e);

const char *journal_result_name(enum journal_result r);
const char *journal_how_name(enum journal_how h);

#endif
