/* app/journal: durable append, read-back, torn lines, secrets, permissions. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "app/journal.h"
#include "lib/testutil.h"
#include "util/xalloc.h"

struct fx {
	char dir[64];
	char *path;
	struct journal *j;
};

static int
setup(void **state)
{
	struct fx *fx = xcalloc(1, sizeof *fx);
	char err[256];

	strcpy(fx->dir, "/tmp/test_journal.XXXXXX");
	if (mkdtemp(fx->dir) == NULL)
		return -1;
	/* Below a directory that does not exist yet: the append creates it. */
	fx->path = xasprintf("%s/state/bssdash/journal.jsonl", fx->dir);
	fx->j = journal_open(fx->path, err, sizeof err);
	*state = fx;
	return fx->j == NULL ? -1 : 0;
}

static int
teardown(void **state)
{
	struct fx *fx = *state;
	char *cmd = xasprintf("rm -rf '%s'", fx->dir);

	journal_close(fx->j);
	if (system(cmd) != 0)
		return -1;
	free(cmd);
	free(fx->path);
	free(fx);
	return 0;
}

static char *targets_one[] = { "CS2403150815ABCDE" };

static void
intent(struct journal_record *r, const char *id, const char *action)
{
	memset(r, 0, sizeof *r);
	r->type = JOURNAL_INTENT;
	snprintf(r->id, sizeof r->id, "%s", id);
	r->time = 1710490530;
	r->profile = "default";
	r->endpoint = "https://bss.myhuaweicloud.com";
	r->action = (char *)action;
	r->targets = targets_one;
	r->ntargets = 1;
	r->has_amount = true;
	r->amount = 1234567890123LL;   /* 12345.67890123 */
	r->currency = "CNY";
	r->method = "POST";
	r->path = "/v3/orders/customer-orders/pay";
	r->body = "{\"order_id\":\"CS2403150815ABCDE\",\"use_coupon\":\"NO\",\"use_discount\":\"NO\"}";
}

static void
outcome(struct journal_record *r, const char *id, enum journal_result res)
{
	memset(r, 0, sizeof *r);
	r->type = JOURNAL_OUTCOME;
	snprintf(r->id, sizeof r->id, "%s", id);
	r->time = 1710490531;
	r->result = res;
	r->how = JOURNAL_HOW_RESPONSE;
	r->request_id = "req-1";
}

static void
append_ok(struct fx *fx, const struct journal_record *r)
{
	char err[256] = "";

	if (journal_append(fx->j, r, err, sizeof err) != 0)
		fail_msg("append: %s", err);
}

static struct journal_log *
read_ok(struct fx *fx)
{
	struct journal_log *log;
	char err[256] = "";

	if (journal_read(fx->j, &log, err, sizeof err) != 0)
		fail_msg("read: %s", err);
	return log;
}

static void
round_trip(void **state)
{
	struct fx *fx = *state;
	struct journal_record r;
	struct journal_log *log;
	const struct journal_record *in, *out;
	char *orders[] = { "CS1", "CS2" };
	struct journal_failure fails[] = { { "res-bad", "CBC.99003012", "Resource ID does not exist" } };
	struct journal_kv before[] = { { "expire_time:res-1", "2024-04-01T00:00:00Z" } };

	intent(&r, "a1", "renew");
	r.before = before;
	r.nbefore = 1;
	append_ok(fx, &r);
	outcome(&r, "a1", JOURNAL_PARTIAL);
	r.order_ids = orders;
	r.norder_ids = 2;
	r.failures = fails;
	r.nfailures = 1;
	r.detail = "renewed 1 of 2";
	append_ok(fx, &r);

	log = read_ok(fx);
	assert_int_equal(log->nrecords, 2);
	assert_int_equal(log->nproblems, 0);
	assert_int_equal(log->nentries, 1);
	in = log->entries[0].intent;
	out = log->entries[0].outcome;
	assert_non_null(in);
	assert_non_null(out);
	assert_string_equal(in->id, "a1");
	assert_int_equal(in->time, 1710490530);
	assert_string_equal(in->action, "renew");
	assert_string_equal(in->profile, "default");
	assert_string_equal(in->targets[0], "CS2403150815ABCDE");
	assert_true(in->has_amount);
	assert_true(in->amount == 1234567890123LL);
	assert_string_equal(in->currency, "CNY");
	assert_string_equal(in->method, "POST");
	assert_string_equal(in->body,
	    "{\"order_id\":\"CS2403150815ABCDE\",\"use_coupon\":\"NO\",\"use_discount\":\"NO\"}");
	assert_int_equal(in->nbefore, 1);
	assert_string_equal(in->before[0].value, "2024-04-01T00:00:00Z");
	assert_int_equal(out->result, JOURNAL_PARTIAL);
	assert_int_equal(out->how, JOURNAL_HOW_RESPONSE);
	assert_string_equal(out->request_id, "req-1");
	assert_int_equal(out->norder_ids, 2);
	assert_string_equal(out->order_ids[1], "CS2");
	assert_int_equal(out->nfailures, 1);
	assert_string_equal(out->failures[0].id, "res-bad");
	assert_string_equal(out->failures[0].error_code, "CBC.99003012");
	assert_string_equal(out->detail, "renewed 1 of 2");
	assert_false(journal_entry_needs_reconcile(&log->entries[0]));
	journal_log_free(log);
}

static void
one_line_per_record(void **state)
{
	struct fx *fx = *state;
	struct journal_record r;
	char *text;
	size_t len, lines = 0;

	intent(&r, "a1", "pay");
	r.body = "{\n  \"order_id\": \"x\",\n  \"note\": \"two\\nlines\"\n}";
	append_ok(fx, &r);
	outcome(&r, "a1", JOURNAL_OK);
	r.error_msg = "line\nbreak";
	append_ok(fx, &r);
	text = tu_read_file(fx->path, &len);
	for (size_t i = 0; i < len; i++)
		lines += text[i] == '\n';
	assert_int_equal(lines, 2);
	assert_int_equal(text[len - 1], '\n');
	free(text);
}

static void
permissions(void **state)
{
	struct fx *fx = *state;
	struct journal_record r;
	struct stat st;
	char *dir = xstrdup(fx->path);
	mode_t old = umask(0);

	intent(&r, "a1", "pay");
	append_ok(fx, &r);
	umask(old);
	assert_int_equal(stat(fx->path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	*strrchr(dir, '/') = '\0';
	assert_int_equal(stat(dir, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0700);
	free(dir);
}

static void
no_secrets(void **state)
{
	struct fx *fx = *state;
	struct journal_record r;
	struct journal_log *log;
	char *text;
	size_t len;

	intent(&r, "a1", "pay");
	r.endpoint = "https://AKID:SKVALUE1@bss.example.com:8443/x";
	r.body = "{\"order_id\":\"o\",\"sk\":\"SKVALUE2\",\"nested\":{\"security_token\":\"TOKVALUE3\","
	    "\"list\":[{\"Password\":\"PWVALUE4\"}]},\"keep\":\"visible\"}";
	append_ok(fx, &r);
	text = tu_read_file(fx->path, &len);
	assert_null(strstr(text, "SKVALUE"));
	assert_null(strstr(text, "AKID"));
	assert_null(strstr(text, "TOKVALUE3"));
	assert_null(strstr(text, "PWVALUE4"));
	assert_non_null(strstr(text, "visible"));
	assert_non_null(strstr(text, "\"endpoint\":\"https://bss.example.com:8443/x\""));
	free(text);
	log = read_ok(fx);
	assert_int_equal(log->nrecords, 1);
	assert_non_null(strstr(log->records[0].body, "\"sk\":\"[REDACTED]\""));
	journal_log_free(log);
}

static void
pending_detection(void **state)
{
	struct fx *fx = *state;
	struct journal_record r;
	struct journal_log *log;

	intent(&r, "done", "pay");
	append_ok(fx, &r);
	intent(&r, "open", "cancel");
	append_ok(fx, &r);
	intent(&r, "unknown", "renew");
	append_ok(fx, &r);
	intent(&r, "resolved", "renew");
	append_ok(fx, &r);
	outcome(&r, "done", JOURNAL_OK);
	append_ok(fx, &r);
	outcome(&r, "unknown", JOURNAL_UNKNOWN);
	append_ok(fx, &r);
	outcome(&r, "resolved", JOURNAL_UNKNOWN);
	append_ok(fx, &r);
	outcome(&r, "resolved", JOURNAL_FAILED);
	r.how = JOURNAL_HOW_RECONCILE;
	append_ok(fx, &r);
	/* An outcome whose intent is not in the journal. */
	outcome(&r, "orphan", JOURNAL_OK);
	append_ok(fx, &r);

	log = read_ok(fx);
	assert_int_equal(log->nentries, 5);
	assert_string_equal(log->entries[0].intent->id, "done");
	assert_false(journal_entry_needs_reconcile(&log->entries[0]));
	assert_string_equal(log->entries[1].intent->id, "open");
	assert_null(log->entries[1].outcome);
	assert_true(journal_entry_needs_reconcile(&log->entries[1]));
	assert_true(journal_entry_needs_reconcile(&log->entries[2]));
	assert_int_equal(log->entries[3].outcome->result, JOURNAL_FAILED);
	assert_int_equal(log->entries[3].outcome->how, JOURNAL_HOW_RECONCILE);
	assert_false(journal_entry_needs_reconcile(&log->entries[3]));
	assert_null(log->entries[4].intent);
	assert_false(journal_entry_needs_reconcile(&log->entries[4]));
	journal_log_free(log);
}

static void
truncate_last_bytes(const char *path, off_t n)
{
	struct stat st;

	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(truncate(path, st.st_size - n), 0);
}

static void
torn_line_reported_and_appends_continue(void **state)
{
	struct fx *fx = *state;
	struct journal_record r;
	struct journal_log *log;

	intent(&r, "a1", "pay");
	append_ok(fx, &r);
	intent(&r, "a2", "pay");
	append_ok(fx, &r);
	outcome(&r, "a2", JOURNAL_OK);
	append_ok(fx, &r);
	/* The outcome of a2 was cut short, as by a crash mid-write. */
	truncate_last_bytes(fx->path, 20);

	log = read_ok(fx);
	assert_int_equal(log->nrecords, 2);
	assert_int_equal(log->nproblems, 1);
	assert_int_equal(log->problems[0].line, 3);
	assert_true(log->problems[0].torn);
	assert_non_null(strstr(log->problems[0].message, "cut short"));
	/* So a2 has no outcome and must be reconciled. */
	assert_int_equal(log->nentries, 2);
	assert_true(journal_entry_needs_reconcile(&log->entries[1]));
	journal_log_free(log);

	/* The next append still works and starts on a line of its own. */
	outcome(&r, "a2", JOURNAL_OK);
	r.how = JOURNAL_HOW_RECONCILE;
	append_ok(fx, &r);
	log = read_ok(fx);
	assert_int_equal(log->nrecords, 3);
	assert_int_equal(log->nproblems, 1);
	assert_int_equal(log->problems[0].line, 3);
	assert_false(log->problems[0].torn);
	assert_int_equal(log->entries[1].outcome->how, JOURNAL_HOW_RECONCILE);
	assert_false(journal_entry_needs_reconcile(&log->entries[1]));
	journal_log_free(log);
}

/* A writer killed with SIGKILL at a random point leaves a readable journal. */
static void
killed_writer(void **state)
{
	struct fx *fx = *state;
	struct journal_record r;
	struct journal_log *log;
	size_t before;
	pid_t pid;
	int status;

	intent(&r, "first", "pay");
	append_ok(fx, &r);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		for (int i = 0; i < 100000; i++) {
			char id[32];
			snprintf(id, sizeof id, "child-%d", i);
			intent(&r, id, "pay");
			journal_append(fx->j, &r, NULL, 0);
		}
		_exit(0);
	}
	usleep(30000);
	kill(pid, SIGKILL);
	assert_int_equal(waitpid(pid, &status, 0), pid);
	log = read_ok(fx);
	assert_true(log->nproblems == 0 || (log->nproblems == 1 && log->problems[0].torn));
	assert_string_equal(log->records[0].id, "first");
	before = log->nrecords;
	journal_log_free(log);
	intent(&r, "after", "pay");
	append_ok(fx, &r);
	log = read_ok(fx);
	assert_int_equal(log->nrecords, before + 1);
	assert_string_equal(log->records[log->nrecords - 1].id, "after");
	journal_log_free(log);
}

static void
garbage_lines_reported(void **state)
{
	struct fx *fx = *state;
	struct journal_record r;
	struct journal_log *log;
	FILE *fp;

	intent(&r, "a1", "pay");
	append_ok(fx, &r);
	fp = fopen(fx->path, "a");
	assert_non_null(fp);
	fputs("not json\n{\"v\":99,\"type\":\"intent\"}\n{\"v\":1,\"type\":\"outcome\",\"id\":\"x\","
	    "\"time\":\"2024-03-15T08:15:30Z\",\"result\":\"maybe\"}\n\n", fp);
	fclose(fp);
	append_ok(fx, &r);
	log = read_ok(fx);
	assert_int_equal(log->nrecords, 2);
	assert_int_equal(log->nproblems, 3);
	assert_int_equal(log->problems[0].line, 2);
	assert_int_equal(log->problems[1].line, 3);
	assert_int_equal(log->problems[2].line, 4);
	assert_non_null(strstr(log->problems[2].message, "result"));
	journal_log_free(log);
}

static void
missing_file_is_empty(void **state)
{
	struct fx *fx = *state;
	struct journal_log *log = read_ok(fx);

	assert_int_equal(log->nrecords, 0);
	assert_int_equal(log->nentries, 0);
	assert_int_equal(log->nproblems, 0);
	journal_log_free(log);
}

static void
refuses_incomplete_intent(void **state)
{
	struct fx *fx = *state;
	struct journal_record r;
	char err[256] = "";

	intent(&r, "a1", "pay");
	r.ntargets = 0;
	assert_int_equal(journal_append(fx->j, &r, err, sizeof err), -1);
	assert_non_null(strstr(err, "target"));
	intent(&r, "", "pay");
	assert_int_equal(journal_append(fx->j, &r, err, sizeof err), -1);
	assert_int_equal(access(fx->path, F_OK), -1);
}

static void
default_path(void **state)
{
	char *p;

	(void)state;
	setenv("XDG_STATE_HOME", "/srv/state", 1);
	p = journal_default_path();
	assert_string_equal(p, "/srv/state/bssdash/journal.jsonl");
	free(p);
	setenv("XDG_STATE_HOME", "relative/ignored", 1);
	setenv("HOME", "/home/u", 1);
	p = journal_default_path();
	assert_string_equal(p, "/home/u/.local/state/bssdash/journal.jsonl");
	free(p);
	unsetenv("XDG_STATE_HOME");
	unsetenv("HOME");
	assert_null(journal_default_path());
}

static void
ids_unique(void **state)
{
	char a[JOURNAL_ID_BUFSZ], b[JOURNAL_ID_BUFSZ];

	(void)state;
	setenv("BSSDASH_TEST_NOW", "1710490530", 1);
	journal_new_id(a);
	journal_new_id(b);
	unsetenv("BSSDASH_TEST_NOW");
	assert_string_not_equal(a, b);
	assert_int_equal(strncmp(a, "20240315T081530Z-", 17), 0);
	assert_int_equal(strlen(a), 17 + 16);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(round_trip, setup, teardown),
		cmocka_unit_test_setup_teardown(one_line_per_record, setup, teardown),
		cmocka_unit_test_setup_teardown(permissions, setup, teardown),
		cmocka_unit_test_setup_teardown(no_secrets, setup, teardown),
		cmocka_unit_test_setup_teardown(pending_detection, setup, teardown),
		cmocka_unit_test_setup_teardown(torn_line_reported_and_appends_continue, setup, teardown),
		cmocka_unit_test_setup_teardown(killed_writer, setup, teardown),
		cmocka_unit_test_setup_teardown(garbage_lines_reported, setup, teardown),
		cmocka_unit_test_setup_teardown(missing_file_is_empty, setup, teardown),
		cmocka_unit_test_setup_teardown(refuses_incomplete_intent, setup, teardown),
		cmocka_unit_test(default_path),
		cmocka_unit_test(ids_unique),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
